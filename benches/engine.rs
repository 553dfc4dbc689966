//! Engine speed on the seed sheet: evaluating it with its cells understood against a compiled
//! scheme (target ≤ 50 µs), understanding its cells and evaluating, and reading, understanding
//! and evaluating it from text, as `jixiao check` does per file.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use jixiao::{engine, scheme, sheet};

const SEED: &str = include_str!("../tests/sheets/shangjie-2022-department.yaml");

fn evaluate_seed(c: &mut Criterion) {
    let scheme = scheme::bundled("henan-2022-department")
        .and_then(Result::ok)
        .expect("the bundled scheme compiles");
    let sheet = sheet::read_yaml("seed.yaml", SEED).expect("the seed sheet reads");
    let cells = engine::understand(&sheet, &scheme.units);
    c.bench_function("engine/evaluate_understood_seed", |b| {
        b.iter(|| {
            black_box(engine::evaluate_understood(
                &scheme,
                black_box(&sheet),
                &cells,
            ))
        })
    });
    c.bench_function("engine/understand_and_evaluate_seed", |b| {
        b.iter(|| black_box(engine::evaluate(&scheme, black_box(&sheet))))
    });
    c.bench_function("engine/read_and_evaluate_seed", |b| {
        b.iter(|| {
            let sheet = sheet::read_yaml("seed.yaml", black_box(SEED)).expect("reads");
            black_box(engine::evaluate(&scheme, &sheet))
        })
    });
    c.bench_function("scheme/compile_bundled", |b| {
        b.iter(|| black_box(scheme::bundled(black_box("henan-2022-department"))))
    });
}

criterion_group!(benches, evaluate_seed);
criterion_main!(benches);
