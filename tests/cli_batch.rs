//! `jixiao check` over folders: every file checked in path order, bad files reported and
//! counted without stopping the batch, the triage table and per-check statistics.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

const SEED: &str = "tests/sheets/shangjie-2022-department.yaml";

fn jixiao() -> Command {
    Command::cargo_bin("jixiao").unwrap()
}

/// A folder with three copies of the seed, two fixture sheets in a subfolder, a note and a
/// corrupt "sheet".
fn corpus(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jixiao-batch-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("乡镇")).unwrap();
    for n in ["b", "a", "c"] {
        std::fs::copy(SEED, dir.join(format!("{n}.yaml"))).unwrap();
    }
    for f in ["invalid_unmet_full_marks", "invalid_lower_is_better"] {
        std::fs::copy(
            format!("tests/fixtures/score-mismatch/{f}.yaml"),
            dir.join("乡镇").join(format!("{f}.yaml")),
        )
        .unwrap();
    }
    std::fs::write(dir.join("说明.txt"), "不是自评表").unwrap();
    std::fs::write(dir.join("坏.json"), b"PK\x03\x04\x00\x00garbage").unwrap();
    dir
}

fn sheet_names(stdout: &[u8]) -> Vec<String> {
    String::from_utf8(stdout.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter_map(|v| {
            v["sheet"].as_str().map(|s| {
                Path::new(s)
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
        })
        .collect()
}

#[test]
fn a_folder_in_path_order_with_bad_files_counted() {
    let dir = corpus("order");
    for threads in ["1", "2"] {
        let out = jixiao()
            .env("RAYON_NUM_THREADS", threads)
            .args(["check", "--format", "json"])
            .arg(&dir)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(2),
            "an unreadable file makes the batch exit 2"
        );
        assert_eq!(
            sheet_names(&out.stdout),
            [
                "a.yaml",
                "b.yaml",
                "c.yaml",
                "invalid_lower_is_better.yaml",
                "invalid_unmet_full_marks.yaml"
            ]
        );
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.contains("坏.json") && err.contains("sheet-syntax"),
            "{err}"
        );
        assert!(
            err.contains("共 7 个文件：5 个表已检查，1 个文件无法读取，1 个非自评表文件已跳过"),
            "{err}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn exit_1_without_bad_files_when_a_sheet_has_errors() {
    let out = jixiao()
        .args(["check", "--format", "json", SEED, SEED])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(sheet_names(&out.stdout).len(), 2);
}

#[test]
fn summary_csv_and_xlsx_with_statistics() {
    let dir = corpus("summary");
    std::fs::remove_file(dir.join("坏.json")).unwrap();
    // Outputs beside the corpus, not in it: a summary .csv is itself a readable file type.
    let csv = dir.with_extension("summary.csv");
    let xlsx = dir.with_extension("summary.xlsx");
    for out_file in [&csv, &xlsx] {
        let out = jixiao()
            .args(["check", "--format", "json", "--statistics", "--summary"])
            .arg(out_file)
            .arg(&dir)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let text = String::from_utf8(out.stdout).unwrap();
        let last: Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
        // Three seeds × 3 conflicts each; the two fixtures add one score-mismatch each to the
        // seeds' one each.
        assert_eq!(last["statistics"]["budget-indicator-conflict"], 9);
        assert_eq!(last["statistics"]["score-mismatch"], 5);
        assert_eq!(last["statistics"]["duplicate-indicator"], 6);
    }
    let bytes = std::fs::read(&csv).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "UTF-8 with a BOM for Excel"
    );
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1 + 5);
    assert!(lines[0].starts_with(
        "文件,工作表,单位,项目,年度,评分方案,自评总分,复核总分,差额,等级,错误,警告,主要问题"
    ));
    // Most over-claimed first: the fixture that claims 3 points too many comes before the seeds.
    assert!(
        lines[1].contains("invalid_unmet_full_marks.yaml"),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains(",-3,"), "{}", lines[1]);
    assert!(
        lines[5].contains(",99.1,99.01,-0.09,优,6,5,"),
        "{}",
        lines[5]
    );
    assert!(xlsx.exists() && std::fs::metadata(&xlsx).unwrap().len() > 1000);
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_file(&csv).unwrap();
    std::fs::remove_file(&xlsx).unwrap();
}

#[test]
fn statistics_as_a_table() {
    let out = jixiao()
        .args(["check", "--statistics", SEED])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("各检查项发现次数：\n  budget-indicator-conflict    3\n"),
        "{text}"
    );
}

#[test]
fn an_output_in_a_folder_being_read_is_refused_before_anything_is_read() {
    let dir = corpus("own-output");
    let csv = dir.join("汇总.csv");
    let out = jixiao()
        .args(["check", "--summary"])
        .arg(&csv)
        .arg(&dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("汇总.csv") && stderr.contains("own-output"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
    assert!(!csv.exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A folder as a reviewer keeps it: the forms, Office's and LibreOffice's lock files, the
/// reports of an earlier run under names of the reviewer's choosing, and other files.
#[test]
fn a_reviewers_folder_checked_again() {
    let dir = corpus("reviewer");
    std::fs::remove_file(dir.join("坏.json")).unwrap();
    std::fs::copy(
        "tests/sheets/shangjie-2022-department.et",
        dir.join("上街区.et"),
    )
    .unwrap();
    std::fs::write(dir.join("~$上街区.xlsx"), b"\x0cAdministrator").unwrap();
    std::fs::write(dir.join(".~lock.上街区.et#"), b"x").unwrap();
    std::fs::write(dir.join("附件.pdf"), b"%PDF-1.4").unwrap();
    // An earlier run's reports, written elsewhere and moved in under other names.
    let earlier = dir.with_extension("earlier");
    std::fs::create_dir_all(&earlier).unwrap();
    let out = jixiao()
        .arg("check")
        .arg("--summary")
        .arg(earlier.join("s.xlsx"))
        .arg("--annotate")
        .arg(earlier.join("a.xlsx"))
        .arg(SEED)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = jixiao()
        .arg("check")
        .arg("--summary")
        .arg(earlier.join("s.csv"))
        .arg(SEED)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    for (from, to) in [
        ("s.xlsx", "复核汇总.xlsx"),
        ("a.xlsx", "复核意见.xlsx"),
        ("s.csv", "汇总表.csv"),
    ] {
        std::fs::rename(earlier.join(from), dir.join(to)).unwrap();
    }
    let out = jixiao().arg("check").arg(&dir).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    // The seeds have errors: exit 1, nothing unreadable.
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("上街区.et：自评 99.1 → 复核 99.01"),
        "{stdout}"
    );
    assert!(stderr.contains("已跳过 2 个非自评表文件：\n"), "{stderr}");
    for name in ["说明.txt", "附件.pdf"] {
        assert!(
            stderr.contains(&format!("  {}\n", dir.join(name).display())),
            "{stderr}"
        );
    }
    for name in ["~$", ".~lock", "复核", "汇总"] {
        assert!(!stderr.contains(name), "{name}: {stderr}");
    }
    assert!(
        stderr.contains("共 8 个文件：6 个表已检查，0 个文件无法读取，2 个非自评表文件已跳过"),
        "{stderr}"
    );
    let out = jixiao()
        .args(["check", "--format", "json"])
        .arg(&dir)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let skipped: Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    assert_eq!(
        skipped,
        serde_json::json!({"skipped": [
            dir.join("说明.txt").display().to_string(),
            dir.join("附件.pdf").display().to_string(),
        ]})
    );
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(&earlier).unwrap();
}

#[test]
fn a_folder_without_a_sheet_is_an_error() {
    let dir = std::env::temp_dir().join(format!("jixiao-batch-none-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("空")).unwrap();
    std::fs::write(dir.join("报告.pdf"), b"%PDF-1.4").unwrap();
    std::fs::write(dir.join("~$表.xlsx"), b"lock").unwrap();
    let out = jixiao().arg("check").arg(&dir).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("文件夹 {} 中没有自评表文件", dir.display())),
        "{stderr}"
    );
    assert!(stderr.contains("报告.pdf"), "{stderr}");
    // Beside a folder that holds sheets, the batch goes on and still says so.
    let out = jixiao().arg("check").arg(&dir).arg(SEED).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stdout).unwrap().contains("99.01"));
    std::fs::remove_dir_all(&dir).unwrap();
}
