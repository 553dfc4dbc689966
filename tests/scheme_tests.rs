//! Scheme test cases: the bundled schemes' own tests pass under `cargo test`; a failing case
//! says what was expected and what came out; coverage names what no case exercised; and
//! `scheme diff` shows rule changes and how a sheet's total moves.

use std::path::Path;

use assert_cmd::Command;
use jixiao::authoring::test::run_file;

#[test]
fn the_bundled_schemes_pass_their_own_tests() {
    let mut files: Vec<_> = std::fs::read_dir("schemes/tests")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let ids: Vec<String> = jixiao::scheme::bundled_ids().map(String::from).collect();
    assert_eq!(files.len(), ids.len(), "every bundled scheme ships tests");
    for path in files {
        let result = run_file(&path).unwrap_or_else(|e| panic!("{path:?}: {:?}", e.findings));
        assert!(ids.contains(&result.scheme));
        assert!(!result.cases.is_empty());
        for case in &result.cases {
            assert!(
                case.failures.is_empty(),
                "{}: {}: {:?}",
                result.path,
                case.name,
                case.failures
            );
        }
    }
}

#[test]
fn coverage_names_what_no_case_exercised() {
    let result = run_file(Path::new("schemes/tests/province-2024-project.test.yaml")).unwrap();
    let uncovered: Vec<&str> = result.uncovered.iter().map(|t| t.zh.as_str()).collect();
    assert!(uncovered.contains(&"定性档次“部分达成”"), "{uncovered:?}");
    assert!(
        !uncovered.iter().any(|u| u.contains("总分封顶档")),
        "every cap is exercised: {uncovered:?}"
    );
    let henan = run_file(Path::new("schemes/tests/henan-2022-department.test.yaml")).unwrap();
    assert_eq!(
        henan.uncovered,
        vec![],
        "the henan tests cover every band and method"
    );
}

fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("jixiao-schemetest-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.test.yaml"));
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_failing_case_shows_expected_and_actual() {
    let seed = std::fs::canonicalize("tests/sheets/shangjie-2022-department.yaml").unwrap();
    let path = temp_file(
        "failing",
        &format!(
            "scheme: henan-2022-department\ncases:\n  - name: 错误的期望\n    sheet: {}\n    expect:\n      total: 99.1\n      grade: 良\n      rows: [{{name: 预算执行率, score: 1}}]\n      findings: [weights-sum]\n      absent: [duplicate-indicator]\n",
            seed.display()
        ),
    );
    let result = run_file(&path).unwrap();
    let lines: Vec<&str> = result.cases[0]
        .failures
        .iter()
        .map(|t| t.zh.as_str())
        .collect();
    assert_eq!(lines[0], "复核总分：期望 99.1，实际 99.01");
    assert_eq!(lines[1], "等级：期望 良，实际 优");
    assert_eq!(lines[2], "指标 预算执行率 复核得分：期望 1，实际 0.91");
    assert!(
        lines[3].starts_with("发现：期望有 weights-sum，实际没有（实际："),
        "{}",
        lines[3]
    );
    assert_eq!(lines[4], "发现：期望没有 duplicate-indicator，实际有 2 条");
    let out = Command::cargo_bin("jixiao")
        .unwrap()
        .args(["scheme", "test"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("  ✗ 错误的期望\n      复核总分：期望 99.1，实际 99.01\n"),
        "{text}"
    );
    assert!(
        text.ends_with("0 个通过，1 个失败\n0 passed, 1 failed\n"),
        "{text}"
    );
    std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
}

#[test]
fn a_case_naming_a_missing_file_is_located() {
    let path = temp_file(
        "missing",
        "scheme: mof-2020-project\ncases:\n  - name: 缺表\n    sheet: no-such-sheet.yaml\n",
    );
    let err = run_file(&path).unwrap_err();
    let f = &err.findings[0];
    assert!(
        f.message.zh.contains("找不到案例“缺表”的自评表"),
        "{}",
        f.message.zh
    );
    assert!(
        matches!(
            f.pos,
            jixiao::diagnostic::Pos::Text {
                line: 4,
                column: 12,
                ..
            }
        ),
        "{:?}",
        f.pos
    );
    let out = Command::cargo_bin("jixiao")
        .unwrap()
        .args(["scheme", "test"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
}

#[test]
fn diff_shows_rule_changes_and_the_sample_score_change() {
    let out = Command::cargo_bin("jixiao")
        .unwrap()
        .args([
            "scheme",
            "diff",
            "mof-2020-project",
            "province-2024-project",
            "--sheet",
            "tests/sheets/low-rate-2024-project.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text,
        "mof-2020-project → province-2024-project：3 处变化\n  适用年度：2020 起 → 2024 起\n  总分封顶：无 → 执行率70%-80%→89；执行率60%-70%→79；执行率低于60%→69\n  超额规则：达到 130.00% 时须说明原因 → 达到 130.00% 时扣 2 分\ntests/sheets/low-rate-2024-project.yaml：复核总分 97.50（优）→ 89.00（良），变化 -8.50\n"
    );
    let tighter = jixiao::scheme::load_path(Path::new("tests/schemes/tighter-2025.yaml")).unwrap();
    let national = jixiao::scheme::bundled("mof-2020-project")
        .unwrap()
        .unwrap();
    let changes: Vec<String> = jixiao::authoring::diff::diff(&national, &tighter)
        .into_iter()
        .map(|t| t.zh)
        .collect();
    assert!(
        changes.contains(&"一级指标“产出指标”分值：50 → 40".to_string()),
        "{changes:?}"
    );
    assert!(
        changes.contains(&"一级指标“效益指标”分值：30 → 40".to_string()),
        "{changes:?}"
    );
    assert!(
        changes.contains(
            &"超额规则：达到 130.00% 时须说明原因 → 达到 120.00% 时须说明原因".to_string()
        ),
        "{changes:?}"
    );
}
