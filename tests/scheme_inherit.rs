//! Schemes a bureau maintains year after year: `extends`, merge rules, effective years and
//! the choice of scheme by kind and year; the total capped by 执行率 band.

use std::path::Path;

use jixiao::diagnostic::Pos;
use jixiao::scheme::{self, Choice, OverAction};
use jixiao::sheet::SheetKind;
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn a_child_changes_two_weights_and_one_threshold_in_under_15_lines() {
    let text = std::fs::read_to_string("tests/schemes/tighter-2025.yaml").unwrap();
    assert!(text.lines().count() < 15);
    let s = scheme::load_path(Path::new("tests/schemes/tighter-2025.yaml")).unwrap();
    assert_eq!(s.id, "tighter-2025");
    let weights: Vec<(&str, Decimal)> = s
        .categories
        .iter()
        .filter_map(|c| Some((c.name.as_str(), c.weight?)))
        .collect();
    assert_eq!(
        weights,
        [
            ("产出指标", d("40")),
            ("效益指标", d("40")),
            ("满意度指标", d("10"))
        ]
    );
    // 成本指标, which the parent knows without a weight, is inherited as it is.
    assert!(s.category("成本指标").is_some_and(|c| c.weight.is_none()));
    // The threshold changes; the action (a required reason) is inherited.
    assert_eq!(
        s.quantitative.over_threshold,
        Some((d("1.2"), OverAction::Reason))
    );
    // Everything else is the parent's.
    assert!(s.category("满意度").is_some(), "aliases are inherited");
    assert_eq!(s.budget.weight, d("10"));
    assert_eq!(s.grades.len(), 4);
    assert_eq!(s.years, (Some(2025), None));
    assert_eq!(
        s.severity("category-weight", jixiao::diagnostic::Severity::Error),
        Some(jixiao::diagnostic::Severity::Warning)
    );
}

#[test]
fn the_bundled_province_scheme_tightens_the_national_one() {
    let s = scheme::bundled("province-2024-project").unwrap().unwrap();
    assert_eq!(
        s.quantitative.over_threshold,
        Some((d("1.3"), OverAction::Deduct(d("2"))))
    );
    let caps: Vec<(Decimal, Option<Decimal>, Decimal)> = s
        .budget
        .caps
        .iter()
        .map(|c| (c.min, c.max, c.cap))
        .collect();
    assert_eq!(
        caps,
        [
            (d("0.7"), Some(d("0.8")), d("89")),
            (d("0.6"), Some(d("0.7")), d("79")),
            (d("0"), Some(d("0.6")), d("69"))
        ]
    );
    // 产出, 效益, 满意度 and 成本 (a first-level block since 财预〔2021〕101号), as the parent.
    assert_eq!(s.categories.len(), 4);
    // Unlike the national scheme, the province fixes its first-level weights.
    assert_eq!(
        s.severity("category-weight", jixiao::diagnostic::Severity::Error),
        Some(jixiao::diagnostic::Severity::Warning)
    );
}

#[test]
fn the_resolved_scheme_reads_back_the_same() {
    let text = scheme::resolved_yaml("province-2024-project").unwrap();
    assert!(!text.contains("extends"));
    let again = scheme::load_str("resolved.yaml", &text).unwrap();
    let original = scheme::bundled("province-2024-project").unwrap().unwrap();
    assert_eq!(again.id, original.id);
    assert_eq!(again.budget.caps.len(), 3);
    assert_eq!(
        again.quantitative.over_threshold,
        original.quantitative.over_threshold
    );
    assert_eq!(again.qualitative.bands.len(), 3);
    assert_eq!(
        again.qualitative.vocabulary,
        original.qualitative.vocabulary
    );
}

fn temp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("jixiao-inherit-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn an_extends_cycle_is_located() {
    let dir = temp("cycle");
    std::fs::write(dir.join("a.yaml"), "id: a\nextends: b.yaml\n").unwrap();
    std::fs::write(dir.join("b.yaml"), "id: b\nextends: a.yaml\n").unwrap();
    let err = scheme::load_path(&dir.join("a.yaml")).unwrap_err();
    assert_eq!(err.findings.len(), 1);
    let f = &err.findings[0];
    assert!(f.message.zh.contains("继承关系成环"), "{}", f.message.zh);
    assert!(f.file.as_ref().unwrap().path.ends_with("b.yaml"));
    assert!(
        matches!(
            f.pos,
            Pos::Text {
                line: 2,
                column: 10,
                ..
            }
        ),
        "{:?}",
        f.pos
    );

    std::fs::write(dir.join("self.yaml"), "id: s\nextends: self.yaml\n").unwrap();
    let err = scheme::load_path(&dir.join("self.yaml")).unwrap_err();
    assert!(err.findings[0].message.zh.contains("成环"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_missing_parent_is_located_with_a_suggestion() {
    let err = scheme::load_str("child.yaml", "id: c\nextends: mof-2020-projcet\n").unwrap_err();
    let f = &err.findings[0];
    assert!(
        f.message
            .zh
            .contains("找不到要继承的评分方案“mof-2020-projcet”"),
        "{}",
        f.message.zh
    );
    assert!(f.help.zh.contains("mof-2020-project"), "{}", f.help.zh);
    assert!(
        matches!(
            f.pos,
            Pos::Text {
                line: 2,
                column: 10,
                ..
            }
        ),
        "{:?}",
        f.pos
    );
}

#[test]
fn a_field_missing_from_the_whole_chain_is_reported() {
    let err = scheme::load_str("bare.yaml", "id: x\nname: y\nkind: project\n").unwrap_err();
    let messages: Vec<&str> = err.findings.iter().map(|f| f.message.zh.as_str()).collect();
    assert!(messages.contains(&"缺少必填字段“budget”"), "{messages:?}");
    assert!(messages.contains(&"缺少必填字段“grades”"), "{messages:?}");
}

#[test]
fn schemes_are_chosen_by_kind_and_year() {
    let all: Vec<_> = scheme::bundled_ids()
        .map(|id| scheme::bundled(id).unwrap().unwrap())
        .collect();
    // The national form's blocks, and the Henan department form's.
    let project: Vec<(String, Vec<String>)> = ["产出指标", "效益指标", "满意度指标"]
        .into_iter()
        .map(|b| (b.to_string(), Vec::new()))
        .collect();
    let henan: Vec<(String, Vec<String>)> = ["投入管理指标", "产出指标", "效益指标", "满意度"]
        .into_iter()
        .map(|b| (b.to_string(), Vec::new()))
        .collect();
    let pick = |kind, year| {
        let blocks = if kind == SheetKind::Project {
            &project
        } else {
            &henan
        };
        let (s, how) = scheme::choose(&all, kind, Some(year), blocks).unwrap();
        (s.id.as_str(), how)
    };
    assert_eq!(
        pick(SheetKind::Project, 2022),
        ("mof-2020-project", Choice::Matched)
    );
    assert_eq!(
        pick(SheetKind::Project, 2024),
        ("province-2024-project", Choice::Matched)
    );
    assert_eq!(
        pick(SheetKind::Project, 2019),
        ("mof-2020-project", Choice::Closest)
    );
    assert_eq!(
        pick(SheetKind::Department, 2022),
        ("henan-2022-department", Choice::Matched)
    );
    assert_eq!(
        pick(SheetKind::Department, 2021),
        ("henan-2022-department", Choice::Closest)
    );
}

#[test]
fn schemes_are_chosen_by_the_form_s_blocks() {
    let all: Vec<_> = scheme::bundled_ids()
        .map(|id| scheme::bundled(id).unwrap().unwrap())
        .collect();
    let blocks = |names: &[(&str, &[&str])]| -> Vec<(String, Vec<String>)> {
        names
            .iter()
            .map(|(b, subs)| (b.to_string(), subs.iter().map(|s| s.to_string()).collect()))
            .collect()
    };
    let pick = |kind, year, b: &[(String, Vec<String>)]| {
        let (s, how) = scheme::choose(&all, kind, Some(year), b).unwrap();
        (s.id.as_str(), how)
    };
    // Another province's department form: the national baseline, not Henan's scheme.
    let guangdong = blocks(&[("产出指标", &[]), ("效益指标", &[]), ("满意度指标", &[])]);
    assert_eq!(
        pick(SheetKind::Department, 2023, &guangdong),
        ("mof-2020-department", Choice::Matched)
    );
    // A municipal project form of 决策 / 管理 / 产出 / 效益 blocks, one of them garbled by
    // scanning and placed by its 二级 labels.
    let yinchuan = blocks(&[
        ("项目决策", &[]),
        ("项目管理", &["投入管理"]),
        ("顼目产出", &["数量指标", "质量指标"]),
        ("项目效益", &["社会效益指标"]),
    ]);
    assert_eq!(
        pick(SheetKind::Project, 2021, &yinchuan),
        ("mof-2020-project-evaluation", Choice::Matched)
    );
    // A block no scheme knows: the closest, and the summary says so.
    let odd = blocks(&[
        ("产出指标", &[]),
        ("效益指标", &[]),
        ("履职能力", &[]),
        ("社会评价", &[]),
    ]);
    assert_eq!(
        pick(SheetKind::Project, 2022, &odd),
        ("mof-2020-project", Choice::Partial)
    );
}

const LOW_RATE: &str = "format: sheet/1
kind: project
year: 2024
entity: 某某县农业农村局
project: 高标准农田建设项目
budget:
  unit: 万元
  total: {initial: 1000, full_year: 1000, executed: 750, weight: 10, rate: \"75%\", score: 7.5}
indicators:
  - {level1: 产出指标, level2: 数量指标, name: 新建高标准农田面积, target: \"≥500亩\", actual: 700亩, weight: 50, score: 50}
  - {level1: 效益指标, level2: 社会效益指标, name: 粮食产能提升, target: 有效提升, actual: 达成预期指标, weight: 30, score: 30}
  - {level1: 满意度指标, level2: 服务对象满意度指标, name: 农户满意度, target: \"≥90%\", actual: \"95%\", weight: 10, score: 10}
total: {weight: 100, score: 97.5}
";

#[test]
fn a_low_rate_caps_the_total_and_far_exceeding_loses_2_points() {
    let sheet = jixiao::sheet::read_yaml("low.yaml", LOW_RATE).unwrap();
    let province = scheme::bundled("province-2024-project").unwrap().unwrap();
    let r = jixiao::engine::evaluate(&province, &sheet);
    // 700 of ≥500亩 is 140%: 指标偏离, 50 − 2 = 48. Rows 48 + 30 + 10 + budget 7.5 = 95.5,
    // capped at 89 for a rate of 75%.
    assert_eq!(r.rows[0].computed, d("48"));
    assert_eq!(r.total.computed, d("89"));
    assert_eq!(r.total.ledger.len(), 1);
    assert_eq!(
        r.total.ledger[0].text.zh,
        "总分封顶：执行率 75.00% 在 70.00%–80.00% 档，总分最高 89，95.50 扣 6.50 分"
    );
    let lost: Decimal = r.ledger().map(|(_, l)| l.points).sum();
    assert_eq!(d("100") - lost, r.total.computed);
    // The national scheme neither caps nor deducts.
    let national = scheme::bundled("mof-2020-project").unwrap().unwrap();
    let r = jixiao::engine::evaluate(&national, &sheet);
    assert_eq!(r.total.computed, d("97.5"));
}

#[test]
fn a_child_names_itself() {
    let err = scheme::load_str("child.yaml", "extends: mof-2020-project\n").unwrap_err();
    let messages: Vec<&str> = err.findings.iter().map(|f| f.message.zh.as_str()).collect();
    assert!(messages.contains(&"缺少必填字段“id”"), "{messages:?}");
    assert!(messages.contains(&"缺少必填字段“name”"), "{messages:?}");
    let child = scheme::load_str(
        "child.yaml",
        "id: c\nname: 子方案\nextends: mof-2020-project\n",
    )
    .unwrap();
    assert_eq!(
        (child.year, child.years),
        (None, (None, None)),
        "year and years are not inherited"
    );
}

#[test]
fn a_share_without_its_percent_sign_is_refused() {
    let text = scheme::bundled_source("henan-2022-department")
        .unwrap()
        .replacen("threshold: 90%", "threshold: 90", 1);
    let err = scheme::load_str("s.yaml", &text).unwrap_err();
    assert!(
        err.findings[0].message.zh.contains("将被读作 9000%"),
        "{}",
        err.findings[0].message.zh
    );
    assert_eq!(err.findings[0].help.zh, "写成 90%");
}

#[test]
fn the_achieved_band_is_the_highest_whatever_the_order() {
    let text = scheme::bundled_source("henan-2022-department").unwrap();
    let a = text.find("    - {name: 达成").unwrap();
    let b = text.find("  vocabulary:").unwrap();
    let reversed = format!(
        "{}    - {{name: 未达成, min: 0%, max: 60%}}\n    - {{name: 部分达成, min: 60%, max: 80%}}\n    - {{name: 达成, min: 80%, max: 100%, max_inclusive: true}}\n{}",
        &text[..a],
        &text[b..]
    );
    let listed = scheme::load_str("r.yaml", &reversed).unwrap();
    assert_eq!(listed.qualitative.achieved(), Some(2));
    let sheet =
        jixiao::sheet::read_path(Path::new("tests/sheets/shangjie-2022-department.yaml")).unwrap();
    let r = jixiao::engine::evaluate(&listed, &sheet);
    assert_eq!(r.total.computed, d("99.01"));
    assert_eq!(
        r.findings
            .iter()
            .filter(|f| f.rule == "deviation-reason-missing")
            .count(),
        1
    );
}

#[test]
fn a_unit_based_on_a_converted_unit_takes_its_factor_along() {
    // 平方米 is itself measured in 亩 (1 平方米 = 0.0015 亩), so 1 万平方米 = 15 亩, not 10000.
    let child = "id: land\nname: 土地整治\nextends: mof-2020-project\nunits:\n  - {symbol: 万平方米, dimension: area, base: 平方米, factor: 10000}\n";
    let s = scheme::load_str("land.yaml", child).unwrap();
    let unit = s.units.lookup("万平方米").unwrap();
    assert_eq!((unit.base.as_str(), unit.factor), ("亩", d("15")));
    let sheet_text = "format: sheet/1\nkind: project\nyear: 2023\nindicators:\n  - {level1: 产出指标, name: 整治面积, target: \"≥1公顷\", actual: 1万平方米, weight: 50, score: 50}\n";
    let sheet = jixiao::sheet::read_yaml("p.yaml", sheet_text).unwrap();
    let r = jixiao::engine::evaluate(&s, &sheet);
    assert_eq!(r.rows[0].computed, d("50"), "1万平方米 is 1 公顷");

    // 9×10²⁷ 平方公里 is more 亩 than a decimal holds.
    let huge = child.replace(
        "base: 平方米, factor: 10000",
        "base: 平方公里, factor: 9000000000000000000000000000",
    );
    let Err(err) = scheme::load_str("land.yaml", &huge) else {
        panic!("a factor past a decimal's range was accepted");
    };
    assert!(
        err.findings[0].message.zh.starts_with("换算系数过大"),
        "{:?}",
        err.findings[0].message
    );
}

#[test]
fn a_scheme_adds_units_and_they_are_checked() {
    let child = "id: poultry\nname: 家禽防疫\nextends: mof-2020-project\nunits:\n  - {symbol: 羽, dimension: count}\n  - {symbol: 万羽, dimension: count, base: 羽, factor: 10000}\n";
    let s = scheme::load_str("poultry.yaml", child).unwrap();
    let ten_thousand = s.units.lookup("万羽").unwrap();
    assert_eq!(
        (ten_thousand.base.as_str(), ten_thousand.factor),
        ("羽", d("10000"))
    );
    let sheet_text = "format: sheet/1\nkind: project\nyear: 2023\nindicators:\n  - {level1: 产出指标, name: 免疫家禽数量, target: \"≥100000羽\", actual: 12万羽, weight: 50, score: 50}\n";
    let sheet = jixiao::sheet::read_yaml("p.yaml", sheet_text).unwrap();
    let r = jixiao::engine::evaluate(&s, &sheet);
    assert_eq!(r.rows[0].computed, d("50"), "12万羽 meets ≥100000羽");
    assert!(
        r.findings
            .iter()
            .all(|f| f.rule != "target-unparsed" && f.rule != "unit-mismatch")
    );

    let bad = child.replace("base: 羽", "base: 鸭").replace(
        "dimension: count}\n  - {symbol: 万羽",
        "dimension: cout}\n  - {symbol: 万羽",
    );
    let err = scheme::load_str("poultry.yaml", &bad).unwrap_err();
    let messages: Vec<&str> = err.findings.iter().map(|f| f.message.zh.as_str()).collect();
    assert!(messages.contains(&"“cout”不是计量维度"), "{messages:?}");
    assert!(
        messages.contains(&"基准单位“鸭”不在单位表中"),
        "{messages:?}"
    );
    assert!(
        err.findings
            .iter()
            .all(|f| matches!(f.pos, Pos::Text { .. }))
    );
}
