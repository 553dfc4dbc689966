//! Writes a corpus of realistic sheets for batch tests and whole-process benchmarks:
//!
//! ```sh
//! cargo run --release --example make_corpus -- OUT_DIR N [--xlsx PERCENT] [--mistakes PERCENT] [--seed S] [--bad]
//! ```
//!
//! Half the sheets are 部门整体 (scored by henan-2022-department), half 项目支出 (by
//! mof-2020-project), 40–80 indicator rows each, written in the notations of
//! docs/domain.md §4 (comparators in symbols and words, full-width digits, units that
//! convert, deadlines, qualitative texts). Every sheet is clean under its scheme except that a
//! known share carries one injected mistake, each of which draws a known set of findings; the
//! counts go to `OUT_DIR.injected.json` (beside the folder), so a batch's `--statistics` can be
//! compared with them.
//! `--bad` adds a corrupt workbook and a file that is no sheet.

use std::path::{Path, PathBuf};

#[path = "../tests/support/corpus.rs"]
mod corpus;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut positional = Vec::new();
    let (mut xlsx_share, mut mistake_share, mut seed, mut bad) = (20u64, 30u64, 42u64, false);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--xlsx" => xlsx_share = it.next().ok_or("--xlsx PERCENT")?.parse()?,
            "--mistakes" => mistake_share = it.next().ok_or("--mistakes PERCENT")?.parse()?,
            "--seed" => seed = it.next().ok_or("--seed S")?.parse()?,
            "--bad" => bad = true,
            other => positional.push(other.to_string()),
        }
    }
    let [dir, n] = positional.as_slice() else {
        return Err(
            "usage: make_corpus OUT_DIR N [--xlsx PERCENT] [--mistakes PERCENT] [--seed S] [--bad]"
                .into(),
        );
    };
    let (dir, n): (PathBuf, usize) = (PathBuf::from(dir), n.parse()?);
    let injected = corpus::generate(&dir, n, xlsx_share, mistake_share, seed, bad)?;
    // Beside the corpus, not in it: a .json inside would be read as a sheet.
    std::fs::write(
        manifest(&dir),
        serde_json::to_string_pretty(&injected)? + "\n",
    )?;
    Ok(())
}

/// OUT_DIR.injected.json
fn manifest(dir: &Path) -> PathBuf {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    dir.with_file_name(format!("{name}.injected.json"))
}
