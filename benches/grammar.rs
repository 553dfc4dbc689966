//! Value grammar speed: typical cells (target: ≥ 500,000 cells/s on one core) and a 1 MB cell
//! (target: parse or error in under 100 ms).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use jixiao::value;
use std::hint::black_box;

/// A mix in the proportions of real sheets: mostly percentages and counts, some prose.
const TYPICAL: &[&str] = &[
    "≥90%",
    "100%",
    "≥500亩",
    "500亩",
    "4批次",
    "430万元",
    "15000元",
    "≤30%",
    "20%",
    "相关",
    "有效促进",
    "预计2022年6月30日完成",
    "2022年底",
    "≥30次",
    "30次",
    "≥20000件",
    "2个",
    "足额保障率=100%",
    "不低于95%",
    "90%-100%",
    "0.00%",
    "/",
    "明显提升",
    "≥95%",
];

fn typical_cells(c: &mut Criterion) {
    let mut group = c.benchmark_group("value");
    group.throughput(Throughput::Elements(TYPICAL.len() as u64));
    group.bench_function("typical_cells", |b| {
        b.iter(|| {
            for text in TYPICAL {
                black_box(value::parse(black_box(text)));
            }
        })
    });
    group.finish();
}

fn megabyte_cells(c: &mut Criterion) {
    let prose = "有效促进项目落地".repeat((1 << 20) / 24);
    let prose_ops = "不断提高服务水平以上内容".repeat((1 << 20) / 36);
    let digits = "1".repeat(1 << 20);
    let ocr = format!("≥{}", "9O".repeat(1 << 19));
    let mut group = c.benchmark_group("value_1mb");
    group.sample_size(10);
    for (name, text) in [
        ("prose", &prose),
        ("prose_with_comparator_words", &prose_ops),
        ("digits", &digits),
        ("ocr", &ocr),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| black_box(value::parse(black_box(text))))
        });
    }
    group.finish();
}

criterion_group!(benches, typical_cells, megabyte_cells);
criterion_main!(benches);
