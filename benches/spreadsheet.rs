//! Spreadsheet reading on the seed sheet: calamine alone (opening the workbook and reading the
//! worksheet's values, the yardstick for reading an xlsx), `sheet::grids` (values with number
//! formats, formulas and merges in one pass), `sheet::load` (the grids, then the layout found
//! by labels), `sheet::load` and `engine::evaluate` as `jixiao check` would do per file, the
//! GBK CSV export, and a generated worksheet of 100,000 rows.

use std::hint::black_box;
use std::path::Path;

use calamine::{Reader, open_workbook_auto};
use criterion::{Criterion, criterion_group, criterion_main};
use jixiao::sheet::{self, Overrides};
use jixiao::{engine, scheme};
use rust_xlsxwriter::Workbook;

const SEED_XLSX: &str = "tests/sheets/shangjie-2022-department.xlsx";
const SEED_CSV: &str = "tests/sheets/shangjie-2022-department.csv";

fn read_seed(c: &mut Criterion) {
    let scheme = scheme::bundled("henan-2022-department")
        .and_then(Result::ok)
        .expect("the bundled scheme compiles");
    let overrides = Overrides::default();
    c.bench_function("spreadsheet/calamine_range_seed_xlsx", |b| {
        b.iter(|| {
            let mut book = open_workbook_auto(black_box(SEED_XLSX)).expect("opens");
            black_box(book.worksheet_range("自评表").expect("reads"))
        })
    });
    c.bench_function("spreadsheet/grids_seed_xlsx", |b| {
        b.iter(|| black_box(sheet::grids(Path::new(black_box(SEED_XLSX)))))
    });
    c.bench_function("spreadsheet/load_seed_xlsx", |b| {
        b.iter(|| black_box(sheet::load(Path::new(black_box(SEED_XLSX)), &overrides)))
    });
    c.bench_function("spreadsheet/load_and_evaluate_seed_xlsx", |b| {
        b.iter(|| {
            let loaded = sheet::load(Path::new(black_box(SEED_XLSX)), &overrides).expect("reads");
            black_box(engine::evaluate(&scheme, &loaded.sheets[0]))
        })
    });
    c.bench_function("spreadsheet/load_seed_csv", |b| {
        b.iter(|| black_box(sheet::load(Path::new(black_box(SEED_CSV)), &overrides)))
    });
}

/// A generated form of 100,000 indicator rows (500,000 cells), read and laid out: a worksheet
/// far past any real form, to show that reading grows with the cells and no faster.
fn read_100000_rows(c: &mut Criterion) {
    let overrides = Overrides::default();
    let mut group = c.benchmark_group("spreadsheet");
    group.sample_size(10);
    group.bench_function("load_100000_rows_xlsx", |b| {
        // Written here, not before: criterion calls this only when the benchmark is selected.
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("big.xlsx");
        write_100000_rows(&path).expect("the workbook is written");
        b.iter(|| {
            let loaded = sheet::load(black_box(&path), &overrides).expect("reads");
            assert_eq!(loaded.sheets[0].indicators.len(), 100_000);
            loaded
        })
    });
    group.finish();
}

fn write_100000_rows(path: &Path) -> Result<(), rust_xlsxwriter::XlsxError> {
    let header = [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
    ];
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("表")?;
    sheet.write_string(0, 0, "2024年度项目支出绩效自评表")?;
    sheet.write_string(1, 0, "项目名称")?;
    sheet.write_string(1, 2, "村级道路养护")?;
    sheet.write_row(2, 0, header)?;
    for r in 3..100_003u32 {
        sheet.write_row(r, 0, ["产出指标", "数量指标", &format!("指标{r}"), "≥1次"])?;
        sheet.write_row(r, 4, [1, 1, 1])?;
    }
    workbook.save(path)
}

criterion_group!(benches, read_seed, read_100000_rows);
criterion_main!(benches);
