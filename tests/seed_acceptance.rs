//! The seed sheet (郑州市上街区自然资源和规划局, 2022), checked by hand in docs/domain.md §5,
//! scored and linted end to end.

use std::path::Path;

use jixiao::diagnostic::{Finding, Severity};
use jixiao::engine::{self, Basis, Report};
use jixiao::scheme;
use jixiao::sheet::{self, Sheet};
use rust_decimal::Decimal;

const SEED: &str = "tests/sheets/shangjie-2022-department.yaml";

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn seed(scheme_id: &str) -> (Sheet, Report) {
    let sheet = sheet::read_path(Path::new(SEED)).unwrap();
    let scheme = scheme::bundled(scheme_id).unwrap().unwrap();
    let report = engine::evaluate(&scheme, &sheet);
    (sheet, report)
}

fn row_of(sheet: &Sheet, name: &str, nth: usize) -> usize {
    sheet
        .indicators
        .iter()
        .enumerate()
        .filter(|(_, r)| r.name.value.contains(name))
        .nth(nth)
        .map(|(i, _)| i)
        .unwrap()
}

fn has(report: &Report, rule: &str, row: Option<usize>) -> Option<Finding> {
    report
        .findings
        .iter()
        .find(|f| f.rule == rule && f.indicator == row)
        .cloned()
}

#[test]
fn totals_budget_and_grade() {
    let (_, r) = seed("henan-2022-department");
    assert_eq!(r.total.claimed, Some(d("99.1")));
    assert_eq!(r.total.computed, d("99.01"));
    assert_eq!(r.total.grade.as_deref(), Some("优"));
    assert_eq!(r.budget.computed, Some(d("9.10")));
    assert_eq!(r.budget.rate.map(|x| x.round_dp(4)), Some(d("0.8190")));
    // The ledger reconciles exactly: 100 − 0.90 (budget) − 0.09 (预算执行率) = 99.01.
    let lost: Decimal = r.ledger().map(|(_, l)| l.points).sum();
    assert_eq!(lost, d("0.99"));
    let weights: Decimal = r.rows.iter().map(|x| x.weight).sum::<Decimal>() + r.budget.weight;
    assert_eq!(weights - lost, r.total.computed);
}

#[test]
fn the_budget_execution_row_is_rescored_from_the_header() {
    let (sheet, r) = seed("henan-2022-department");
    let i = row_of(&sheet, "预算执行率", 0);
    let row = &r.rows[i];
    assert_eq!(row.basis, Basis::Exact);
    assert_eq!(row.computed, d("0.91"));
    assert_eq!(row.deviation.map(|x| x.round_dp(4)), Some(d("-0.0900")));
    assert!(row.needs_reason);
    assert_eq!(
        row.ledger[0].text.zh,
        "预算执行率：实际 81.90%（全年执行数 12275.49 ÷ 全年预算数 14988.39）未达到 ≥90%，得分 81.90 ÷ 90 × 1 = 0.91，扣 0.09 分"
    );
    let conflict = has(&r, "budget-indicator-conflict", Some(i)).unwrap();
    assert_eq!(conflict.severity, Severity::Error);
    for rule in [
        "score-mismatch",
        "deviation-mismatch",
        "deviation-reason-missing",
    ] {
        assert!(has(&r, rule, Some(i)).is_some(), "{rule}");
    }
}

#[test]
fn the_reviewers_findings() {
    let (sheet, r) = seed("henan-2022-department");
    for name in ["预算调整率", "结转结余率"] {
        let i = row_of(&sheet, name, 0);
        assert!(
            has(&r, "budget-indicator-conflict", Some(i)).is_some(),
            "{name}"
        );
    }
    let land = row_of(&sheet, "年度收储土地亩数", 1);
    assert!(has(&r, "duplicate-indicator", Some(land)).is_some());
    assert!(
        has(
            &r,
            "duplicate-indicator",
            Some(row_of(&sheet, "年度收储土地亩数", 0))
        )
        .is_none()
    );
    let farmland = row_of(&sheet, "永久基本农田核实整改补足成果", 1);
    assert!(has(&r, "duplicate-indicator", Some(farmland)).is_some());
    for name in ["上街区国土空间规划项目完成时间", "预计完成时间"] {
        let i = row_of(&sheet, name, 0);
        assert!(has(&r, "actual-kind-mismatch", Some(i)).is_some(), "{name}");
    }
    // The 双随机 fee: 15000元 in the indicator, 约15万元 in the task of the same name.
    let fee = row_of(&sheet, "指标复核服务费", 0);
    let slip = has(&r, "task-amount-mismatch", Some(fee)).expect("the fee's 10× slip");
    assert_eq!(
        slip.message.zh,
        "指标值“15000元”与同名的年度主要任务中写的“15万元”相差 10 倍（任务中的金额大）"
    );
    assert_eq!(
        r.findings
            .iter()
            .filter(|f| f.rule == "task-amount-mismatch")
            .count(),
        1
    );
    for rule in [
        "weights-sum",
        "scores-sum",
        "budget-sources-sum",
        "budget-rate",
        "budget-score",
        "score-over-weight",
        "category-unknown",
    ] {
        assert!(
            r.findings.iter().all(|f| f.rule != rule),
            "{rule} fired: {:?}",
            r.findings.iter().find(|f| f.rule == rule)
        );
    }
    assert!(r.count(Severity::Error) > 0);
}

#[test]
fn every_finding_points_somewhere_with_help() {
    let (_, r) = seed("henan-2022-department");
    for f in &r.findings {
        assert!(f.file.is_some(), "{f:?}");
        assert!(
            matches!(f.pos, jixiao::diagnostic::Pos::Text { .. }),
            "{f:?}"
        );
        assert!(!f.help.zh.is_empty() && !f.help.en.is_empty(), "{f:?}");
    }
}

#[test]
fn under_the_national_scheme_the_budget_scores_8_19() {
    let (_, r) = seed("mof-2020-project");
    assert_eq!(r.budget.computed, Some(d("8.19")));
    let f = r
        .findings
        .iter()
        .find(|f| f.rule == "budget-score")
        .unwrap();
    assert!(f.message.zh.contains("8.19"), "{}", f.message.zh);
}

/// A batch keeps the cell texts it has read across sheets and schemes (`engine::Memo`): every
/// sheet of the test set under every bundled scheme, evaluated in turn with one memo, gives
/// exactly the report a fresh evaluation gives.
#[test]
fn a_memo_shared_across_sheets_and_schemes_changes_no_report() {
    let schemes: Vec<_> = scheme::bundled_ids()
        .map(|id| scheme::bundled(id).unwrap().unwrap())
        .collect();
    let mut sheets = Vec::new();
    for entry in std::fs::read_dir("tests/sheets").unwrap() {
        let path = entry.unwrap().path();
        sheets.extend(
            sheet::load(&path, &sheet::Overrides::default())
                .unwrap()
                .sheets,
        );
    }
    assert!(sheets.len() >= 7, "{}", sheets.len());
    let json = |sheet: &Sheet, report: &Report| {
        serde_json::to_string(&jixiao::report::report_json(
            sheet,
            report,
            jixiao::lang::Lang::Zh,
        ))
        .unwrap()
    };
    let mut memo = engine::Memo::default();
    for _ in 0..2 {
        for scheme in &schemes {
            for sheet in &sheets {
                let shared = engine::evaluate_with(scheme, sheet, &mut memo);
                let fresh = engine::evaluate(scheme, sheet);
                assert_eq!(json(sheet, &shared), json(sheet, &fresh), "{}", scheme.id);
            }
        }
    }
}
