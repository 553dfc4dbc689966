//! `jixiao parse` from the outside: both formats, the column options and the exit codes.

use assert_cmd::Command;
use serde_json::{Value, json};

fn jixiao() -> Command {
    Command::cargo_bin("jixiao").unwrap()
}

#[test]
fn json_array_in_order_with_exact_values() {
    let out = jixiao()
        .args([
            "parse",
            "--format",
            "json",
            "≥90%",
            "2022年底",
            "有效促进",
            "/",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["kind"], "comparison");
    assert_eq!(v[0]["op"], ">=");
    assert_eq!(v[0]["value"], "90");
    assert_eq!(v[0]["unit"], "%");
    assert_eq!(v[1]["date"], "2022-12-31");
    assert_eq!(v[1]["precision"], "year");
    assert_eq!(v[1]["op"], "<=");
    assert_eq!(v[2]["kind"], "qualitative");
    assert_eq!(v[3]["kind"], "placeholder");
    assert_eq!(v.as_array().unwrap().len(), 4);
}

#[test]
fn an_unreadable_cell_exits_1_with_its_span() {
    let out = jixiao()
        .args(["parse", "--format", "json", "≥9O%", "100%"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["kind"], "error");
    assert_eq!(v[0]["span"], json!({"start": 2, "end": 4}));
    assert_eq!(v[1]["kind"], "quantity");
}

#[test]
fn human_lines_in_chinese_and_english() {
    let out = jixiao()
        .args(["parse", "≥500亩", "-9.00%"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text,
        "「≥500亩」 → 比较：≥ 500亩（面积）\n「-9.00%」 → 数量：-9%（百分比）\n"
    );
    let out = jixiao()
        .args(["--lang", "en", "parse", "预计2022年6月30日完成"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "「预计2022年6月30日完成」 → deadline: no later than 2022-06-30 (day)\n"
    );
}

#[test]
fn separate_op_and_unit_columns() {
    let out = jixiao()
        .args([
            "parse", "--format", "json", "--op", "≤", "--unit", "%", "100",
        ])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["kind"], "comparison");
    assert_eq!(v[0]["op"], "<=");
    assert_eq!(v[0]["unit"], "%");
}

#[test]
fn bad_usage_exits_2() {
    assert_eq!(
        jixiao().args(["parse"]).output().unwrap().status.code(),
        Some(2)
    );
    assert_eq!(
        jixiao()
            .args(["parse", "--op", "大约", "5"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        jixiao()
            .args(["parse", "--format", "xml", "5"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
}
