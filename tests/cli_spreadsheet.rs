//! Spreadsheets from the command line: the seed as .xlsx and as GBK .csv checks exactly like
//! its YAML, located by cell; convert, template and the annotated workbook.

use std::collections::BTreeSet;

use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx, open_workbook};
use serde_json::Value;

fn jixiao() -> Command {
    Command::cargo_bin("jixiao").unwrap()
}

fn check_json(path: &str) -> Value {
    let out = jixiao()
        .args(["check", "--format", "json", path])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{path}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn rules_by_row(v: &Value) -> BTreeSet<(String, Option<u64>)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["indicator"].as_u64(),
            )
        })
        .collect()
}

#[test]
fn the_seed_checks_the_same_from_yaml_xlsx_and_gbk_csv() {
    let yaml = check_json("tests/sheets/shangjie-2022-department.yaml");
    let xlsx = check_json("tests/sheets/shangjie-2022-department.xlsx");
    let csv = check_json("tests/sheets/shangjie-2022-department.csv");
    for other in [&xlsx, &csv] {
        assert_eq!(other["total"], yaml["total"]);
        assert_eq!(other["budget"]["score"], yaml["budget"]["score"]);
        assert_eq!(rules_by_row(other), rules_by_row(&yaml));
    }
    assert_eq!(xlsx["total"]["computed"], "99.01");
    // Each finding points at its cell: worksheet and A1 reference, for CSV the file's name.
    let conflict = |v: &Value| {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == "budget-indicator-conflict" && f["indicator"] == 5)
            .unwrap()["location"]
            .clone()
    };
    let at = conflict(&xlsx);
    assert_eq!(at["sheet"], "自评表");
    assert!(at["cell"].as_str().unwrap().starts_with('F'), "{at}");
    let mut at_csv = conflict(&csv);
    assert_eq!(at_csv["sheet"], "shangjie-2022-department.csv");
    at_csv["sheet"] = at["sheet"].clone();
    at_csv["file"] = at["file"].clone();
    assert_eq!(at_csv, at);
}

/// The seed saved in every other format a reviewer receives checks exactly as the xlsx: the
/// same JSON report but for the file's name.
#[test]
fn the_seed_checks_the_same_from_every_format() {
    let xlsx = check_json("tests/sheets/shangjie-2022-department.xlsx");
    for extension in ["xls", "et", "ods"] {
        let path = format!("tests/sheets/shangjie-2022-department.{extension}");
        let mut other = check_json(&path);
        assert_eq!(other["total"], xlsx["total"], "{path}");
        assert_eq!(rules_by_row(&other), rules_by_row(&xlsx), "{path}");
        let text = serde_json::to_string(&other).unwrap().replace(&path, "X");
        other = serde_json::from_str(&text).unwrap();
        let expected = serde_json::to_string(&xlsx)
            .unwrap()
            .replace("tests/sheets/shangjie-2022-department.xlsx", "X");
        assert_eq!(
            other,
            serde_json::from_str::<Value>(&expected).unwrap(),
            "{path}"
        );
    }
    // As a document, the same report; cells are named by table (`表1!F23`).
    for extension in ["docx", "html"] {
        let path = format!("tests/sheets/shangjie-2022-department.{extension}");
        let other = check_json(&path);
        assert_eq!(other["total"], xlsx["total"], "{path}");
        assert_eq!(other["budget"], xlsx["budget"], "{path}");
        assert_eq!(other["indicators"], xlsx["indicators"], "{path}");
        assert_eq!(rules_by_row(&other), rules_by_row(&xlsx), "{path}");
        assert!(
            other["findings"]
                .as_array()
                .unwrap()
                .iter()
                .all(|f| f["location"]["sheet"] == "表1"),
            "{path}"
        );
    }
}

#[test]
fn human_output_names_the_cell_and_shows_the_row() {
    let out = jixiao()
        .args(["check", "tests/sheets/shangjie-2022-department.xlsx"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("  位置：tests/sheets/shangjie-2022-department.xlsx 自评表!F"),
        "{text}"
    );
    assert!(text.contains("    │ 三级指标 预算执行率 │ 年度指标值 ≥90% │ 实际完成值 100% │ 分值 1 │ 得分 1 │ 偏差度 0.00%\n"), "{text}");
}

fn temp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("jixiao-clixlsx-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn convert_a_workbook_to_yaml_and_check_it_the_same() {
    let dir = temp("convert");
    let out = dir.join("seed.yaml");
    let status = jixiao()
        .args([
            "convert",
            "tests/sheets/shangjie-2022-department.xlsx",
            "-o",
        ])
        .arg(&out)
        .output()
        .unwrap()
        .status;
    assert!(status.success());
    let converted = check_json(out.to_str().unwrap());
    let xlsx = check_json("tests/sheets/shangjie-2022-department.xlsx");
    assert_eq!(converted["total"], xlsx["total"]);
    assert_eq!(rules_by_row(&converted), rules_by_row(&xlsx));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_template_is_a_form_check_reads() {
    let dir = temp("template");
    for kind in ["department", "project"] {
        let out = dir.join(format!("{kind}.xlsx"));
        let status = jixiao()
            .args(["template", "--kind", kind, "--year", "2024", "-o"])
            .arg(&out)
            .output()
            .unwrap()
            .status;
        assert!(status.success());
        let checked = jixiao()
            .args(["check", "--format", "json"])
            .arg(&out)
            .output()
            .unwrap();
        // An empty form reads (exit 1: nothing is filled in, sheet-unfilled), it is not refused
        // (exit 2).
        assert_eq!(
            checked.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&checked.stderr)
        );
        let v: Value = serde_json::from_slice(&checked.stdout).unwrap();
        assert_eq!(v["kind"], kind);
        assert_eq!(v["year"], 2024);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_annotated_workbook_holds_the_review() {
    let dir = temp("annotate");
    let sheet = dir.join("sheet.yaml");
    // A name beginning with "=" must stay text in the annotated copy.
    let text = std::fs::read_to_string("tests/sheets/shangjie-2022-department.yaml")
        .unwrap()
        .replacen(
            "name: 年度履职目标相关性",
            "name: \"=HYPERLINK(\\\"http://example.invalid\\\")\"",
            1,
        );
    std::fs::write(&sheet, text).unwrap();
    let out = dir.join("复核.xlsx");
    let status = jixiao()
        .args(["check", "--annotate"])
        .arg(&out)
        .arg(&sheet)
        .output()
        .unwrap()
        .status;
    assert_eq!(status.code(), Some(1));
    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(book.sheet_names(), ["复核表", "复核明细"]);
    let table = book.worksheet_range("复核表").unwrap();
    assert_eq!(table.get((0, 10)), Some(&Data::String("复核得分".into())));
    assert_eq!(table.get((6, 3)), Some(&Data::String("预算执行率".into())));
    assert_eq!(table.get((6, 10)), Some(&Data::Float(0.91)));
    assert_eq!(table.get((6, 11)), Some(&Data::String("-9.00%".into())));
    let findings = match table.get((6, 12)) {
        Some(Data::String(s)) => s.clone(),
        other => panic!("{other:?}"),
    };
    assert!(
        findings.contains("[budget-indicator-conflict]") && findings.contains("[score-mismatch]"),
        "{findings}"
    );
    assert_eq!(
        table.get((1, 3)),
        Some(&Data::String(
            "=HYPERLINK(\"http://example.invalid\")".into()
        ))
    );
    let formulas = book.worksheet_formula("复核表").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no cell is a formula"
    );
    let ledger = book.worksheet_range("复核明细").unwrap();
    assert_eq!(ledger.get((0, 1)), Some(&Data::String("99.1".into())));
    assert_eq!(ledger.get((1, 1)), Some(&Data::String("99.01".into())));
    assert_eq!(ledger.get((2, 1)), Some(&Data::String("-0.09".into())));
    std::fs::remove_dir_all(&dir).unwrap();
}
