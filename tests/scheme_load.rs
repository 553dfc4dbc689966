//! Scheme loading: the bundled schemes compile, and a broken scheme is reported where it breaks.

use jixiao::diagnostic::Pos;
use jixiao::scheme::{self, BudgetScore, Lower, OverAction};
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn bundled_schemes_compile_with_their_rules() {
    let henan = scheme::bundled("henan-2022-department").unwrap().unwrap();
    assert_eq!(henan.total, d("100"));
    assert_eq!(henan.budget.weight, d("10"));
    assert!(matches!(henan.budget.score, BudgetScore::ThresholdRatio(t) if t == d("0.9")));
    assert_eq!(henan.categories.len(), 4);
    assert!(henan.category("满意度指标").is_some());
    assert_eq!(henan.derived.len(), 3);
    assert!(henan.derived[0].replace && !henan.derived[1].replace);
    assert!(henan.deviation.shortfall_only);
    assert_eq!(henan.rounding.places, 2);
    assert_eq!(henan.grade(d("99.01")), Some("优"));
    assert_eq!(henan.grade(d("89.99")), Some("良"));
    assert_eq!(henan.grade(d("59.99")), Some("差"));
    assert_eq!(henan.sha256.len(), 64);

    let mof = scheme::bundled("mof-2020-project").unwrap().unwrap();
    assert!(matches!(mof.budget.score, BudgetScore::Proportional));
    assert_eq!(mof.quantitative.lower, Lower::Inverse);
    assert_eq!(
        mof.quantitative.over_threshold,
        Some((d("1.3"), OverAction::Reason))
    );
    // 10/50/30/10 are the national defaults; 成本指标 may stand on its own, without a default.
    let weights: Vec<_> = mof.categories.iter().map(|c| c.weight).collect();
    assert_eq!(weights, [Some(d("50")), Some(d("30")), Some(d("10")), None]);
    // "如有特殊情况，一级指标权重可做适当调整": weights that differ are not reported.
    assert_eq!(
        mof.severity("category-weight", jixiao::diagnostic::Severity::Error),
        None
    );
    assert!(mof.is_share("家长满意度") && mof.lower_is_better("结转结余率"));
    let evaluation = scheme::bundled("mof-2020-project-evaluation")
        .unwrap()
        .unwrap();
    let decision = evaluation.category("项目决策(10分)").unwrap();
    assert!(!decision.target_required);
}

fn broken(yaml_edit: (&str, &str)) -> Vec<jixiao::diagnostic::Finding> {
    let text = scheme::bundled_source("henan-2022-department")
        .unwrap()
        .replacen(yaml_edit.0, yaml_edit.1, 1);
    assert_ne!(
        text,
        scheme::bundled_source("henan-2022-department").unwrap()
    );
    scheme::load_str("broken.yaml", &text).unwrap_err().findings
}

fn line_col(f: &jixiao::diagnostic::Finding) -> (usize, usize) {
    match f.pos {
        Pos::Text { line, column, .. } => (line, column),
        _ => panic!("no text position: {f:?}"),
    }
}

#[test]
fn an_unknown_key_is_located_with_a_suggestion() {
    let f = broken(("score_tolerance: 0.01", "score_tolerence: 0.01"));
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].rule, "scheme-invalid");
    assert!(f[0].message.zh.contains("score_tolerence"));
    assert!(f[0].help.zh.contains("score_tolerance"), "{}", f[0].help.zh);
    let text = scheme::bundled_source("henan-2022-department").unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("score_tolerance"))
        .unwrap()
        + 1;
    assert_eq!(line_col(&f[0]), (line, 1));
}

#[test]
fn a_formula_error_points_into_the_formula() {
    let f = broken((
        "  rate: 全年执行数 ÷ 全年预算数",
        "  rate: 全年执行数 ÷ 全年预算",
    ));
    assert_eq!(f.len(), 1);
    assert!(f[0].message.zh.contains("全年预算"), "{}", f[0].message.zh);
    assert!(f[0].help.zh.contains("全年预算数"), "{}", f[0].help.zh);
    // The span covers the unknown name inside the formula text: after 全年执行数 ÷ .
    let span = f[0].span.clone().unwrap();
    assert_eq!(&"全年执行数 ÷ 全年预算"[span], "全年预算");
    let (_, column) = line_col(&f[0]);
    assert_eq!(column, 9);

    let f = broken((
        "  rate: 全年执行数 ÷ 全年预算数",
        "  rate: 全年执行数 ÷ ÷ 全年预算数",
    ));
    assert_eq!(f.len(), 1);
    assert!(f[0].span.is_some());
}

#[test]
fn bad_values_are_each_reported() {
    let text = scheme::bundled_source("henan-2022-department")
        .unwrap()
        .replacen("method: threshold_ratio", "method: threshold_ration", 1)
        .replacen("  places: 2", "  places: 两", 1)
        + "checks:\n  score-mismatc: warning\n";
    let f = scheme::load_str("broken.yaml", &text).unwrap_err().findings;
    let messages: Vec<&str> = f.iter().map(|f| f.message.zh.as_str()).collect();
    assert!(
        messages.iter().any(|m| m.contains("threshold_ration")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("“两”不是数字")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("score-mismatc")),
        "{messages:?}"
    );
    let suggestion = f
        .iter()
        .find(|f| f.message.zh.contains("score-mismatc"))
        .unwrap();
    assert!(suggestion.help.zh.contains("score-mismatch"));
}

#[test]
fn hostile_scheme_files_are_diagnostics() {
    for text in ["", "[1, 2", "a: &a [*a]", "id: 1\n", "\u{0}\u{1}binary"] {
        let err = scheme::load_str("x.yaml", text).unwrap_err();
        assert!(!err.findings.is_empty(), "{text:?}");
        assert!(err.findings.iter().all(|f| f.rule == "scheme-invalid"));
    }
}
