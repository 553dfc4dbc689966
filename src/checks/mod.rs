//! The checks: one file each, run in the order of [`CHECKS`].
//!
//! A check reads the sheet, the scheme and the engine's evaluation, and reports findings of
//! its code; it computes nothing the engine already has. Its code (name, default severity,
//! summary and docs) is in [`crate::codes`]; a scheme may turn it off or change its severity.

mod actual_kind_mismatch;
mod actual_unparsed;
mod actual_with_comparator;
mod budget_indicator_conflict;
mod budget_overspent;
mod budget_rate;
mod budget_score;
mod budget_sources_sum;
mod budget_total_blank;
mod category_missing;
mod category_unknown;
mod category_weight;
pub mod custom;
mod declared_weight;
mod deviation_mismatch;
pub mod deviation_reason_missing;
mod duplicate_indicator;
mod form_mismatch;
mod formula_error;
mod goal_text;
mod grade_mismatch;
pub mod over_achievement;
mod placeholder_value;
mod qualitative_band;
mod score_mismatch;
mod score_missing;
mod score_over_weight;
mod scores_sum;
mod sheet_unfilled;
pub(crate) mod target_unparsed;
mod task_amount_mismatch;
mod task_copied;
mod unit_mismatch;
mod weight_invalid;
mod weights_missing;
mod weights_sum;

use rust_decimal::{Decimal, RoundingStrategy};

use crate::codes::Code;
use crate::diagnostic::{Finding, Pos};
use crate::engine::{Report, RowResult};
use crate::lang::Text;
use crate::scheme::Scheme;
use crate::sheet::{Field, Indicator, Sheet};

/// What a check sees.
pub struct Context<'a> {
    pub scheme: &'a Scheme,
    pub sheet: &'a Sheet,
    pub report: &'a Report,
}

impl Context<'_> {
    /// Where a finding about the whole sheet points when the part it is about is absent (no
    /// 总分 row, no budget block): the sheet's `kind`, which every sheet has.
    pub fn anchor(&self) -> Pos {
        self.sheet.kind.pos.clone()
    }
}

/// A check: reads the context, pushes findings of its code.
pub trait Check: Sync {
    /// The code this check reports, from [`crate::codes`].
    fn code(&self) -> &'static Code;
    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>);
}

/// Findings about a field of an indicator row, for any code.
pub trait AtRow {
    /// A finding about field `field` of indicator row `index`.
    fn at_row(
        &self,
        cx: &Context<'_>,
        index: usize,
        field: &'static str,
        message: Text,
        help: Text,
    ) -> Finding;
}

impl AtRow for Code {
    fn at_row(
        &self,
        cx: &Context<'_>,
        index: usize,
        field: &'static str,
        message: Text,
        help: Text,
    ) -> Finding {
        let row = &cx.sheet.indicators[index];
        self.finding(message, help)
            .at(&cx.sheet.source, field_pos(cx.sheet, row, field))
            .indicator(index)
            .field(field)
    }
}

/// Where a field of a row was written; for a blank field, its cell when the form prints the
/// column, else the row.
pub fn field_pos(sheet: &Sheet, row: &Indicator, field: &str) -> Pos {
    let opt = |f: &Option<Field<_>>| f.as_ref().map(|f: &Field<_>| f.pos.clone());
    let pos = match field {
        "level1" => Some(row.level1.pos.clone()),
        "level2" => row.level2.as_ref().map(|f| f.pos.clone()),
        "name" => Some(row.name.pos.clone()),
        "target" => Some(row.target.pos.clone()),
        "actual" => Some(row.actual.pos.clone()),
        "weight" => opt(&row.weight),
        "score" => opt(&row.score),
        "deviation" => row.deviation.as_ref().map(|f| f.pos.clone()),
        "op" => row.op.as_ref().map(|f| f.pos.clone()),
        "unit" => row.unit.as_ref().map(|f| f.pos.clone()),
        "reason" => row.reason.as_ref().map(|f| f.pos.clone()),
        _ => None,
    };
    pos.or_else(|| crate::sheet::Columns::cell(&sheet.columns.indicators, &row.pos, field))
        .unwrap_or_else(|| row.pos.clone())
}

/// Every check, in the order it runs and `jixiao rules` lists it.
pub static CHECKS: &[&dyn Check] = &[
    &weights_sum::WeightsSum,
    &weights_missing::WeightsMissing,
    &weight_invalid::WeightInvalid,
    &scores_sum::ScoresSum,
    &score_over_weight::ScoreOverWeight,
    &score_missing::ScoreMissing,
    &sheet_unfilled::SheetUnfilled,
    &form_mismatch::FormMismatch,
    &category_unknown::CategoryUnknown,
    &category_missing::CategoryMissing,
    &category_weight::CategoryWeight,
    &declared_weight::DeclaredWeight,
    &duplicate_indicator::DuplicateIndicator,
    &placeholder_value::PlaceholderValue,
    &goal_text::GoalText,
    &task_copied::TaskCopied,
    &budget_total_blank::BudgetTotalBlank,
    &budget_sources_sum::BudgetSourcesSum,
    &budget_overspent::BudgetOverspent,
    &budget_rate::BudgetRate,
    &budget_score::BudgetScore,
    &budget_indicator_conflict::BudgetIndicatorConflict,
    &target_unparsed::TargetUnparsed,
    &actual_unparsed::ActualUnparsed,
    &unit_mismatch::UnitMismatch,
    &task_amount_mismatch::TaskAmountMismatch,
    &actual_kind_mismatch::ActualKindMismatch,
    &actual_with_comparator::ActualWithComparator,
    &score_mismatch::ScoreMismatch,
    &qualitative_band::QualitativeBand,
    &over_achievement::OverAchievement,
    &deviation_mismatch::DeviationMismatch,
    &deviation_reason_missing::DeviationReasonMissing,
    &grade_mismatch::GradeMismatch,
    &formula_error::FormulaError,
];

/// Run every check the scheme leaves on, at the severity it sets.
pub fn run_all(scheme: &Scheme, sheet: &Sheet, report: &Report) -> Vec<Finding> {
    let cx = Context {
        scheme,
        sheet,
        report,
    };
    let mut findings = Vec::new();
    for check in CHECKS {
        let code = check.code();
        let Some(severity) = scheme.severity(code.name, code.severity) else {
            continue;
        };
        let start = findings.len();
        check.run(&cx, &mut findings);
        for f in &mut findings[start..] {
            f.severity = severity;
        }
    }
    custom::run(&cx, &mut findings);
    // In reading order, as a person goes through the sheet; ties keep the registry order.
    findings.sort_by_key(|f| match &f.pos {
        Pos::File => (0, 0, 0),
        Pos::Text { offset, .. } => (1, *offset, 0),
        Pos::Cell { row, col, .. } => (2, *row as usize, *col as usize),
    });
    findings
}

/// The evaluated rows with their sheet rows.
pub fn rows<'a>(cx: &'a Context<'_>) -> impl Iterator<Item = (&'a Indicator, &'a RowResult)> {
    cx.sheet.indicators.iter().zip(&cx.report.rows)
}

/// The indicator rows, by index, without the form's spare lines (`指标2`, `……` left blank).
pub fn indicators<'a>(
    cx: &'a Context<'_>,
) -> impl Iterator<Item = (usize, &'a Indicator, &'a RowResult)> {
    rows(cx)
        .enumerate()
        .filter(|(_, (_, r))| r.basis != crate::engine::Basis::Spare)
        .map(|(i, (row, r))| (i, row, r))
}

/// Whether a claimed score agrees with the computed one: within the scheme's tolerance, or,
/// written to one decimal as some forms print scores, equal to the computed score rounded
/// half up to one decimal (2.7 for 2.66). A whole number is compared as it is: rounding to
/// whole points would hide up to half a point.
pub fn agrees(cx: &Context<'_>, claimed: Decimal, computed: Decimal) -> bool {
    claimed
        .checked_sub(computed)
        .is_some_and(|d| d.abs() <= cx.scheme.score_tolerance)
        || (claimed.scale() == 1
            && computed.round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero)
                == claimed)
}

/// A score with the scheme's places.
pub fn pts(cx: &Context<'_>, v: rust_decimal::Decimal) -> String {
    crate::numfmt::points(v, cx.scheme.rounding.places)
}

#[cfg(test)]
mod tests {
    use super::CHECKS;
    use crate::codes::{self, Stage};

    #[test]
    fn every_check_code_has_its_check_in_table_order() {
        let checks: Vec<&str> = CHECKS.iter().map(|c| c.code().name).collect();
        let codes: Vec<&str> = codes::of(Stage::Check).map(|c| c.name).collect();
        assert_eq!(checks, codes);
    }
}
