//! Custom rules written in a scheme: evaluated per indicator or per sheet, reported exactly
//! like the built-in checks.

use std::path::Path;

use jixiao::diagnostic::{Pos, Severity};
use jixiao::{engine, scheme, sheet};

fn run() -> (jixiao::engine::Report, jixiao::scheme::Scheme) {
    let s = scheme::load_path(Path::new("tests/schemes/custom-rules.yaml")).unwrap();
    let sh = sheet::read_path(Path::new("tests/sheets/custom-rules-project.yaml")).unwrap();
    (engine::evaluate(&s, &sh), s)
}

#[test]
fn each_example_rule_fires_where_it_should() {
    let (r, s) = run();
    assert_eq!(s.rules.len(), 4);
    let of = |rule: &str| {
        r.findings
            .iter()
            .filter(|f| f.rule == rule)
            .collect::<Vec<_>>()
    };

    let floor = of("satisfaction-target-floor");
    assert_eq!(floor.len(), 1);
    assert_eq!(floor[0].indicator, Some(3));
    assert_eq!(floor[0].severity, Severity::Warning);
    assert_eq!(floor[0].message.zh, "“农户满意度”的指标值 ≥80% 低于 85%");
    assert_eq!(floor[0].field.as_deref(), Some("target"));
    assert!(
        matches!(floor[0].pos, Pos::Text { line: 14, .. }),
        "{:?}",
        floor[0].pos
    );

    let cost = of("cost-indicator-required");
    assert_eq!(cost.len(), 1);
    assert_eq!(cost[0].indicator, None);
    assert_eq!(cost[0].severity, Severity::Error);
    assert_eq!(
        cost[0].help.zh,
        "在产出指标下增设成本指标（如 单位成本、总成本）"
    );

    let unit = of("quantitative-unit");
    assert_eq!(
        unit.iter().map(|f| f.indicator).collect::<Vec<_>>(),
        [Some(0)]
    );
    assert_eq!(
        unit[0].message.zh,
        "“维修渠道长度”的指标值 ≥12 没有计量单位"
    );

    let name = of("indicator-name-set");
    assert_eq!(
        name.iter().map(|f| f.indicator).collect::<Vec<_>>(),
        [Some(1)]
    );
}

#[test]
fn a_sheet_that_keeps_the_rules_draws_none() {
    let s = scheme::load_path(Path::new("tests/schemes/custom-rules.yaml")).unwrap();
    let text = std::fs::read_to_string("tests/sheets/custom-rules-project.yaml")
        .unwrap()
        .replace(
            "target: \"≥12\", actual: \"12\"",
            "target: \"≥12公里\", actual: \"12公里\"",
        )
        .replace("name: 指标1", "name: 渠道完好率")
        .replace("target: \"≥80%\"", "target: \"≥90%\"")
        .replace(
            "level2: 质量指标, name: 渠道完好率",
            "level2: 成本指标, name: 渠道完好率",
        );
    let sh = sheet::read_yaml("ok.yaml", &text).unwrap();
    let r = engine::evaluate(&s, &sh);
    let custom: Vec<_> = r
        .findings
        .iter()
        .filter(|f| s.rules.iter().any(|c| c.name == f.rule))
        .collect();
    assert!(custom.is_empty(), "{custom:#?}");
}

#[test]
fn rules_are_checked_when_the_scheme_loads() {
    let base = std::fs::read_to_string("tests/schemes/custom-rules.yaml").unwrap();
    let cases = [
        (
            "require: 指标值 >= 85%",
            "require: 指标 >= 85%",
            "“指标”不是已知的数据项",
        ),
        ("require: 有单位", "require: 有单位 且 (", ""),
        (
            "name: quantitative-unit",
            "name: score-mismatch",
            "已被内置检查使用",
        ),
        (
            "name: quantitative-unit",
            "name: Quantitative Unit",
            "小写英文与连字符",
        ),
        ("scope: sheet", "scope: row", "不是可选的取值"),
        (
            "require: 非 是占位(三级指标)",
            "require: count(是占位(三级指标)) >= 1",
            "不能使用汇总函数",
        ),
    ];
    for (from, to, expected) in cases {
        assert!(base.contains(from), "{from}");
        let text = base.replacen(from, to, 1);
        let err = scheme::load_str("tests/schemes/broken.yaml", &text).unwrap_err();
        assert!(!err.findings.is_empty(), "{to}");
        assert!(
            err.findings
                .iter()
                .all(|f| matches!(f.pos, Pos::Text { .. })),
            "{to}: {:?}",
            err.findings
        );
        if !expected.is_empty() {
            assert!(
                err.findings.iter().any(|f| f.message.zh.contains(expected)),
                "{to}: {:#?}",
                err.findings
            );
        }
    }
}

#[test]
fn a_custom_rule_can_be_turned_off_like_a_built_in_one() {
    let text = std::fs::read_to_string("tests/schemes/custom-rules.yaml").unwrap()
        + "checks:\n  quantitative-unit: off\n";
    let s = scheme::load_str("tests/schemes/off.yaml", &text).unwrap();
    let sh = sheet::read_path(Path::new("tests/sheets/custom-rules-project.yaml")).unwrap();
    let r = engine::evaluate(&s, &sh);
    assert!(r.findings.iter().all(|f| f.rule != "quantitative-unit"));
    assert!(r.findings.iter().any(|f| f.rule == "indicator-name-set"));
}

#[test]
fn a_sheet_rule_names_row_figures_only_inside_aggregates() {
    let text = std::fs::read_to_string("tests/schemes/custom-rules.yaml")
        .unwrap()
        .replacen(
            "require: count(一级指标 = \"成本指标\" 或 二级指标 = \"成本指标\") >= 1",
            "require: 分值 > 0",
            1,
        );
    let err = scheme::load_str("tests/schemes/s.yaml", &text).unwrap_err();
    assert!(
        err.findings[0]
            .message
            .zh
            .contains("“分值”是指标行的数据项"),
        "{:?}",
        err.findings
    );
}
