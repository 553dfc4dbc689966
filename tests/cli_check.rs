//! `jixiao check`, `explain`, `rules` and `schemes` from the outside: output, JSON shape and
//! exit codes, on the seed sheet and on input that must be refused cleanly.

use assert_cmd::Command;
use serde_json::Value;

const SEED: &str = "tests/sheets/shangjie-2022-department.yaml";

fn jixiao() -> Command {
    Command::cargo_bin("jixiao").unwrap()
}

#[test]
fn check_the_seed_in_chinese() {
    let out = jixiao().args(["check", SEED]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.ends_with(
        "tests/sheets/shangjie-2022-department.yaml：自评 99.1 → 复核 99.01，优，6 个错误，5 个警告（评分方案 henan-2022-department，按表的类型、年度与一级指标选择）\n"
    ), "{text}");
    // A finding names its check, points at the line and character column, and says what to do.
    assert!(text.contains("budget-indicator-conflict"));
    assert!(
        text.contains("[tests/sheets/shangjie-2022-department.yaml:87:77]"),
        "{text}"
    );
    assert!(text.contains("整改建议：将实际完成值改为 81.90%"));
}

#[test]
fn check_the_seed_in_english() {
    let out = jixiao()
        .args(["--lang", "en", "check", SEED])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("claimed 99.1 → recomputed 99.01, 优"),
        "{text}"
    );
    assert!(text.contains("correct the actual to 81.90%"));
}

#[test]
fn json_has_the_documented_shape() {
    let out = jixiao()
        .args(["check", "--format", "json", SEED])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 1);
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["sheet"], SEED);
    assert_eq!(v["scheme"]["id"], "henan-2022-department");
    assert_eq!(v["scheme"]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(v["total"]["claimed"], "99.1");
    assert_eq!(v["total"]["computed"], "99.01");
    assert_eq!(v["total"]["weight"], "100");
    assert_eq!(v["total"]["grade"], "优");
    assert_eq!(v["budget"]["rate"]["claimed"], "0.819");
    assert_eq!(v["budget"]["rate"]["computed"], "0.819");
    assert_eq!(v["budget"]["score"]["claimed"], "9.1");
    assert_eq!(v["budget"]["score"]["computed"], "9.1");
    let row = &v["indicators"][5];
    assert_eq!(row["index"], 5);
    assert_eq!(row["name"], "预算执行率");
    assert_eq!(row["level1"], "投入管理指标");
    assert_eq!(row["level2"], "预算和财务管理");
    assert_eq!(row["weight"], "1");
    assert_eq!(row["claimed"], "1");
    assert_eq!(row["computed"], "0.91");
    assert_eq!(row["deviation"], "-0.09");
    assert_eq!(v["indicators"].as_array().unwrap().len(), 52);
    let conflict = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "budget-indicator-conflict" && f["indicator"] == 5)
        .unwrap();
    assert_eq!(conflict["severity"], "error");
    assert_eq!(conflict["field"], "actual");
    assert_eq!(conflict["location"]["file"], SEED);
    assert_eq!(conflict["location"]["line"], 87);
    assert_eq!(conflict["location"]["column"], 77);
    assert_eq!(conflict["location"]["span"]["start"], 0);
    assert_eq!(conflict["location"]["span"]["end"], 4);
    assert!(conflict["help"].as_str().unwrap().contains("81.90%"));
}

#[test]
fn the_national_scheme_by_id() {
    let out = jixiao()
        .args([
            "check",
            "--scheme",
            "mof-2020-project",
            "--format",
            "json",
            SEED,
        ])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["scheme"]["id"], "mof-2020-project");
    assert_eq!(v["budget"]["score"]["computed"], "8.19");
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "budget-score")
    );
}

#[test]
fn a_scheme_by_path() {
    let out = jixiao()
        .args([
            "check",
            "--scheme",
            "schemes/mof-2020-project.yaml",
            "--format",
            "json",
            SEED,
        ])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["scheme"]["id"], "mof-2020-project");
}

#[test]
fn explain_reconciles() {
    let out = jixiao().args(["explain", SEED]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("  6. 预算执行率  分值 1.00  自评 1.00  复核 0.91\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "对账：分值合计 100.00 − 扣分合计 0.99 = 复核总分 99.01（优）；自评总分 99.10"
        )
    );
}

#[test]
fn rules_list_and_docs() {
    let out = jixiao().args(["rules"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    // A line per code, and a heading and a blank line before each of the three later groups.
    assert_eq!(text.lines().count(), jixiao::codes::CODES.len() + 6);
    assert!(text.lines().any(|l| l.starts_with("sheet-syntax")));
    assert!(
        text.lines()
            .any(|l| l.starts_with("score-mismatch") && l.contains("error"))
    );
    let out = jixiao().args(["rules", "score-mismatch"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for section in ["## 作用", "## 原因", "## 示例", "## 依据"] {
        assert!(text.contains(section), "{section}");
    }
    let out = jixiao().args(["rules", "score-mismach"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("score-mismatch")
    );
}

#[test]
fn rule_docs_follow_the_language() {
    let out = jixiao()
        .args(["rules", "budget-rate", "--lang", "en"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    for section in ["## What it checks", "## Why", "## Example", "## Basis"] {
        assert!(text.contains(section), "{section}\n{text}");
    }
    assert!(!text.contains("## 作用"), "{text}");
    // The summary line too is in English only.
    assert!(
        !text.contains(jixiao::codes::BUDGET_RATE.summary(jixiao::lang::Lang::Zh)),
        "{text}"
    );
    // Form labels and document numbers stay as the form writes them.
    assert!(
        text.contains("预算执行率 = 全年执行数 ÷ 全年预算数"),
        "{text}"
    );
    let out = jixiao().args(["rules", "budget-rate"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("## 作用"), "{text}");
    assert!(!text.contains("## What it checks"), "{text}");
    let out = jixiao()
        .args(["rules", "budget-rat", "--lang", "en"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: no check named budget-rat (did you mean budget-rate?); jixiao rules lists them all\n"
    );
}

#[test]
fn schemes_list_and_show() {
    let out = jixiao().args(["schemes"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("henan-2022-department") && text.contains("mof-2020-project"));
    let out = jixiao()
        .args(["schemes", "show", "mof-2020-project"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        std::fs::read_to_string("schemes/mof-2020-project.yaml").unwrap()
    );
    let out = jixiao().args(["schemes", "show", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn unreadable_input_exits_2_with_a_located_diagnostic() {
    let dir = std::env::temp_dir().join(format!("jixiao-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cases: [(&str, &[u8]); 6] = [
        ("empty.yaml", b""),
        ("broken.yaml", b"format: sheet/1\nkind: [department\n"),
        ("binary.yaml", b"\x00\x01\x02\x03PK\x03\x04"),
        ("gbk.yaml", b"format: sheet/1\ntitle: \xb2\xbf\xc3\xc5\n"),
        ("type.yaml", "format: sheet/1\nkind: department\nyear: 2022\nindicators:\n  - {level1: 产出指标, name: x, weight: 五十}\n".as_bytes()),
        ("bomb.yaml", b"a: &a [1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"),
    ];
    for (name, bytes) in cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = jixiao().args(["check"]).arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("sheet-"), "{name}: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert!(err.contains("整改建议"), "{name}: {err}");
    }
    let out = jixiao()
        .args(["check", "no/such/file.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let bad_scheme = dir.join("scheme.yaml");
    std::fs::write(&bad_scheme, "id: x\n").unwrap();
    let out = jixiao()
        .args(["check", "--scheme"])
        .arg(&bad_scheme)
        .arg(SEED)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("scheme-invalid")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_bad_file_does_not_stop_the_others() {
    let out = jixiao()
        .args(["check", "--format", "json", "no/such/file.yaml", SEED])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["total"]["computed"], "99.01");
}

#[test]
fn convert_to_json_and_yaml_and_back() {
    let dir = std::env::temp_dir().join(format!("jixiao-convert-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for ext in ["json", "yaml"] {
        let out = dir.join(format!("seed.{ext}"));
        let status = jixiao()
            .args(["convert", SEED, "-o"])
            .arg(&out)
            .output()
            .unwrap()
            .status;
        assert_eq!(status.code(), Some(0));
        let checked = jixiao()
            .args(["check", "--format", "json"])
            .arg(&out)
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&checked.stdout).unwrap();
        assert_eq!(v["total"]["computed"], "99.01");
        // 6 errors, 5 warnings and the note that six of seven tasks copy their content.
        assert_eq!(v["findings"].as_array().unwrap().len(), 12);
    }
    let bad = jixiao()
        .args(["convert", SEED, "-o"])
        .arg(dir.join("seed.txt"))
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(!dir.join("seed.txt").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}
