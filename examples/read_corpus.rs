//! The read-only baseline for the batch figures: walks a folder as `jixiao check` does and
//! reads every sheet file with the same readers, in parallel, without scoring or checking.
//! `benches/whole-process.sh` compares `jixiao check` against it.
//!
//! ```sh
//! cargo run --release --example read_corpus -- DIR
//! ```

use std::path::{Path, PathBuf};

use rayon::prelude::*;

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: read_corpus DIR");
        std::process::exit(2);
    };
    let mut files = Vec::new();
    walk(Path::new(&dir), &mut files);
    let overrides = jixiao::sheet::Overrides::default();
    let sheets: usize = files
        .par_chunks(64)
        .map(|chunk| {
            chunk
                .iter()
                .filter_map(|f| jixiao::sheet::load(f, &overrides).ok())
                .map(|loaded| loaded.sheets.len())
                .sum::<usize>()
        })
        .sum();
    println!("{sheets} sheets read from {} files", files.len());
}
