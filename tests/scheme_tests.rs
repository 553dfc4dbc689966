//! Scheme test cases: the bundled schemes' own tests pass under `cargo test`; a failing case
//! says what was expected and what came out; coverage names what no case exercised; and
//! `scheme diff` shows rule changes and how a sheet's total moves. The diff tests build changed
//! copies of real schemes by editing their YAML text or extending them.

use std::path::Path;

use assert_cmd::Command;
use jixiao::authoring::diff::diff;
use jixiao::authoring::test::run_file;
use jixiao::scheme::{self, Scheme};

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
        "mof-2020-project → province-2024-project：4 处变化\n  适用年度：2020 起 → 2024 起\n  总分封顶：无 → 执行率70%-80%（70.00%–80.00%）封顶 89；执行率60%-70%（60.00%–70.00%）封顶 79；执行率低于60%（0.00%–60.00%）封顶 69\n  超额规则：达到 130.00% 时须说明原因 → 达到 130.00% 时扣 2 分\n  检查 category-weight 级别：关闭 → 警告\ntests/sheets/low-rate-2024-project.yaml：复核总分 97.50（优）→ 89.00（良），变化 -8.50\n"
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

fn bundled(id: &str) -> Scheme {
    scheme::bundled(id).unwrap().unwrap()
}

/// A bundled scheme with each `(from, to)` replaced once in its YAML text.
fn edited(id: &str, edits: &[(&str, &str)]) -> Scheme {
    let mut text = scheme::bundled_source(id).unwrap().to_string();
    for (from, to) in edits {
        assert!(text.contains(from), "{id} has no {from:?}");
        text = text.replacen(from, to, 1);
    }
    scheme::load_str(&format!("{id}-edited.yaml"), &text)
        .unwrap_or_else(|e| panic!("{:?}", e.findings))
}

/// The diff's lines in Chinese and in English.
fn lines(a: &Scheme, b: &Scheme) -> (Vec<String>, Vec<String>) {
    diff(a, b).into_iter().map(|t| (t.zh, t.en)).unzip()
}

#[test]
fn diff_of_a_scheme_with_a_fresh_copy_of_itself_is_empty() {
    for id in scheme::bundled_ids() {
        assert_eq!(lines(&bundled(id), &bundled(id)), (vec![], vec![]), "{id}");
    }
    for path in [
        "tests/schemes/tighter-2025.yaml",
        "tests/schemes/custom-rules.yaml",
    ] {
        let load = || scheme::load_path(Path::new(path)).unwrap();
        assert_eq!(lines(&load(), &load()), (vec![], vec![]), "{path}");
    }
}

#[test]
fn diff_lists_vocabulary_words_added_removed_and_moved() {
    let henan = bundled("henan-2022-department");
    let changed = edited(
        "henan-2022-department",
        &[
            ("保障, 正常]", "保障, 正常, 较好, 圆满完成]"),
            ("较好, 一般, 良]", "一般, 良]"),
            ("较差, 否, 差]", "较差, 否]"),
        ],
    );
    assert_eq!(
        lines(&henan, &changed),
        (
            vec![
                "定性词表“达成”新增：圆满完成".to_string(),
                "定性词表“未达成”删除：差".to_string(),
                "定性词“较好”：部分达成 → 达成".to_string(),
            ],
            vec![
                "vocabulary of band \"达成\" added: 圆满完成".to_string(),
                "vocabulary of band \"未达成\" removed: 差".to_string(),
                "qualitative word \"较好\": 部分达成 → 达成".to_string(),
            ]
        )
    );
    assert_eq!(
        lines(&changed, &henan).0,
        [
            "定性词表“达成”删除：圆满完成",
            "定性词表“未达成”新增：差",
            "定性词“较好”：达成 → 部分达成",
        ]
    );
}

#[test]
fn diff_names_the_deviation_rules() {
    let henan = bundled("henan-2022-department");
    let over = |share: &str| {
        edited(
            "henan-2022-department",
            &[(
                "reason_required: unmet",
                &format!("reason_required: threshold\n  reason_threshold: {share}"),
            )],
        )
    };
    assert_eq!(
        lines(&henan, &over("20%")),
        (
            vec!["须填偏差原因：未完成时 → 未完成或偏差度超过 20.00% 时".to_string()],
            vec!["reason required: 未完成时 → 未完成或偏差度超过 20.00% 时".to_string()]
        )
    );
    assert_eq!(
        lines(&over("20%"), &over("30%")).0,
        ["须填偏差原因：未完成或偏差度超过 20.00% 时 → 未完成或偏差度超过 30.00% 时"]
    );
    let relative = edited(
        "henan-2022-department",
        &[
            ("definition: shortfall", "definition: relative"),
            ("tolerance: 0.01%", "tolerance: 0.1%"),
        ],
    );
    assert_eq!(
        lines(&henan, &relative),
        (
            vec![
                "偏差度计算：只计未完成的差距（完成即为 0） → 实际值与指标值的相对差".to_string(),
                "偏差度容差：0.01% → 0.10%".to_string(),
            ],
            vec![
                "deviation definition: 只计未完成的差距（完成即为 0） → 实际值与指标值的相对差"
                    .to_string(),
                "deviation tolerance: 0.01% → 0.10%".to_string(),
            ]
        )
    );
}

#[test]
fn diff_names_grade_and_qualitative_band_changes() {
    let henan = bundled("henan-2022-department");
    let changed = edited(
        "henan-2022-department",
        &[
            ("{grade: 良, min: 80}", "{grade: 良, min: 85}"),
            ("{grade: 中, min: 60}", "{grade: 合格, min: 60}"),
        ],
    );
    assert_eq!(
        lines(&henan, &changed),
        (
            vec![
                "等级“良”下限：80 → 85".to_string(),
                "新增等级“合格”：下限 60".to_string(),
                "删除等级“中”".to_string(),
            ],
            vec![
                "grade \"良\" minimum: 80 → 85".to_string(),
                "grade \"合格\" added: minimum 60".to_string(),
                "grade \"中\" removed".to_string(),
            ]
        )
    );
    let bands = edited(
        "henan-2022-department",
        &[(
            "{name: 达成, min: 80%, max: 100%, max_inclusive: true}",
            "{name: 达成, min: 85%, max: 100%}",
        )],
    );
    assert_eq!(
        lines(&henan, &bands).0,
        ["定性档次“达成”：80.00%–100.00%（含） → 85.00%–100.00%"]
    );
}

#[test]
fn diff_names_a_moved_total_cap_threshold() {
    let province = bundled("province-2024-project");
    let changed = edited(
        "province-2024-project",
        &[("min: 70%, max: 80%", "min: 75%, max: 80%")],
    );
    assert_eq!(
        lines(&province, &changed).0,
        [
            "总分封顶：执行率70%-80%（70.00%–80.00%）封顶 89；执行率60%-70%（60.00%–70.00%）封顶 79；执行率低于60%（0.00%–60.00%）封顶 69 → 执行率70%-80%（75.00%–80.00%）封顶 89；执行率60%-70%（60.00%–70.00%）封顶 79；执行率低于60%（0.00%–60.00%）封顶 69"
        ]
    );
}

#[test]
fn diff_names_custom_check_changes_but_not_their_wording() {
    let path = "tests/schemes/custom-rules.yaml";
    let original = scheme::load_path(Path::new(path)).unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let (kept, _) = text.split_once("  - name: indicator-name-set").unwrap();
    let text = kept
        .replacen("require: 指标值 >= 85%", "require: 指标值 >= 90%", 1)
        .replacen("应不低于 85%", "应不低于 90%", 1)
        .replacen("    when: 是定量\n", "", 1)
        .replacen("severity: error", "severity: warning", 1);
    let changed = scheme::load_str(path, &text).unwrap();
    assert_eq!(
        lines(&original, &changed).0,
        [
            "自定义检查 satisfaction-target-floor 要求（require）：指标值 >= 85% → 指标值 >= 90%",
            "自定义检查 cost-indicator-required 级别：错误 → 警告",
            "自定义检查 quantitative-unit 条件（when）：是定量 → 无",
            "删除自定义检查 indicator-name-set",
        ]
    );
}

/// A bureau's variant of the Henan scheme: categories, derived indicators, rounding, a
/// check's level and units change; `亩` is declared again exactly as the standard table has it.
const HENAN_VARIANT: &str = "id: henan-variant
name: 河南省部门整体支出绩效自评（变体）
extends: henan-2022-department
year: 2022
categories:
  - {name: 满意度, aliases: [满意度指标, 服务对象满意度], required: false}
derived:
  - {name: 结转结余率, mode: replace, tolerance: 1%}
rounding: {mode: truncate}
checks:
  unit-mismatch: off
units:
  - {symbol: 羽, aliases: [只禽], dimension: count}
  - {symbol: 亩, dimension: area}
";

#[test]
fn diff_covers_categories_derived_rounding_checks_and_units() {
    let variant = scheme::load_str("henan-variant.yaml", HENAN_VARIANT).unwrap();
    assert_eq!(
        lines(&bundled("henan-2022-department"), &variant).0,
        [
            "舍入方式：四舍五入 → 截尾",
            "一级指标“满意度”必须出现：是 → 否",
            "一级指标“满意度”别名新增：服务对象满意度",
            "派生指标“结转结余率”用法：只核对填报的实际完成值 → 以计算值代替填报的实际完成值",
            "派生指标“结转结余率”容差：0.50% → 1.00%",
            "检查 unit-mismatch 级别：默认 → 关闭",
            "计量单位“只禽”：未定义 → 数量，即“羽”",
            "计量单位“羽”：未定义 → 数量",
        ]
    );
}

#[test]
fn diff_on_the_command_line_in_english_and_for_identical_schemes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("henan-variant.yaml");
    std::fs::write(&path, HENAN_VARIANT).unwrap();
    let out = Command::cargo_bin("jixiao")
        .unwrap()
        .args(["--lang", "en", "scheme", "diff", "henan-2022-department"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "henan-2022-department → henan-variant: 8 changes
  rounding mode: 四舍五入 → 截尾
  category \"满意度\" required: yes → no
  category \"满意度\" aliases added: 服务对象满意度
  derived indicator \"结转结余率\" mode: 只核对填报的实际完成值 → 以计算值代替填报的实际完成值
  derived indicator \"结转结余率\" tolerance: 0.50% → 1.00%
  check unit-mismatch severity: 默认 → 关闭
  unit \"只禽\": 未定义 → 数量，即“羽”
  unit \"羽\": 未定义 → 数量
"
    );
    let out = Command::cargo_bin("jixiao")
        .unwrap()
        .args([
            "scheme",
            "diff",
            "henan-2022-department",
            "henan-2022-department",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "henan-2022-department → henan-2022-department：0 处变化\n"
    );
}
