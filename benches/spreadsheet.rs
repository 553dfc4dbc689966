//! Spreadsheet reading on the seed sheet: calamine alone (opening the workbook and reading the
//! worksheet's values, the yardstick for reading an xlsx), `sheet::grids` (values with number
//! formats, formulas and merges in one pass), `sheet::load` (the grids, then the layout found
//! by labels), `sheet::load` and `engine::evaluate` as `jixiao check` would do per file, and
//! the GBK CSV export.

use std::hint::black_box;
use std::path::Path;

use calamine::{Reader, open_workbook_auto};
use criterion::{Criterion, criterion_group, criterion_main};
use jixiao::sheet::{self, Overrides};
use jixiao::{engine, scheme};

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

criterion_group!(benches, read_seed);
criterion_main!(benches);
