//! The batch acceptance on a generated corpus: one command checks a mixed folder of YAML and
//! xlsx sheets with a corrupt workbook and a stray file among them, reports both, writes a
//! summary workbook with one row per sheet, and counts per check exactly the findings the
//! injected mistakes draw. (The 2,000-sheet run of the issue is the same with a larger N:
//! `cargo run --release --example make_corpus -- DIR 2000 --bad`.)

#[path = "support/corpus.rs"]
mod corpus;

use assert_cmd::Command;
use calamine::{Reader, Xlsx, open_workbook};
use serde_json::Value;

#[test]
fn a_mixed_corpus_with_bad_files() {
    let root = std::env::temp_dir().join(format!("jixiao-corpus-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let dir = root.join("sheets");
    let injected = corpus::generate(&dir, 120, 25, 40, 7, true).unwrap();
    assert!(
        injected.values().sum::<usize>() > 20,
        "mistakes were injected: {injected:?}"
    );
    let summary = root.join("汇总.xlsx");
    let out = Command::cargo_bin("jixiao")
        .unwrap()
        .args(["check", "--format", "json", "--statistics", "--summary"])
        .arg(&summary)
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "the corrupt workbook makes the batch exit 2"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("99998-corrupt.xlsx"), "{stderr}");
    assert!(
        stderr.contains("共 122 个文件：120 个表已检查，1 个文件无法读取，1 个非自评表文件已跳过"),
        "{stderr}"
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines.len(),
        122,
        "one JSON line per sheet, then the files skipped, then the statistics"
    );
    let skipped: Value = serde_json::from_str(lines[120]).unwrap();
    assert_eq!(
        skipped["skipped"],
        serde_json::json!([dir.join("99999-readme.txt").display().to_string()])
    );
    let statistics: Value = serde_json::from_str(lines[121]).unwrap();
    let expected: serde_json::Map<String, Value> = injected
        .iter()
        .map(|(k, v)| ((*k).to_string(), Value::from(*v)))
        .collect();
    assert_eq!(statistics["statistics"], Value::Object(expected));
    let mut book: Xlsx<_> = open_workbook(&summary).unwrap();
    let table = book.worksheet_range("汇总").unwrap();
    assert_eq!(table.height(), 1 + 120);
    std::fs::remove_dir_all(&root).unwrap();
}
