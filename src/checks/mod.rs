//! The checks: one file each, one registry table.
//!
//! A check reads the sheet, the scheme and the engine's evaluation, and reports findings; it
//! computes nothing the engine already has. Each has a stable kebab-case name (never reused),
//! a default severity the scheme can override, and docs in four sections (作用 / 原因 / 示例 /
//! 依据, in English What it checks / Why / Example / Basis) that `jixiao rules NAME` prints.

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

use crate::diagnostic::{Finding, Pos, Severity};
use crate::engine::{Report, RowResult};
use crate::lang::{Lang, Text};
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

/// A check: reads the context, pushes findings.
pub trait Check: Sync {
    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>);
}

/// A registered check and its documentation.
pub struct Rule {
    /// Stable kebab-case name.
    pub name: &'static str,
    pub severity: Severity,
    pub summary_zh: &'static str,
    pub summary_en: &'static str,
    /// 作用 / 原因 / 示例 / 依据, in Chinese.
    pub docs: &'static str,
    /// The same sections in English: What it checks / Why / Example / Basis. Form labels and
    /// terms stay Chinese where a reader looks for them on the sheet.
    pub docs_en: &'static str,
    pub check: &'static dyn Check,
}

impl Rule {
    /// The docs in `lang`.
    pub fn docs(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.docs,
            Lang::En => self.docs_en,
        }
    }

    /// A finding of this check, at the default severity, without a location yet.
    pub fn finding(&self, message: Text, help: Text) -> Finding {
        Finding::new(self.name, self.severity, message, help)
    }

    /// A finding about field `field` of indicator row `index`.
    pub fn at_row(
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

/// Every check, in the order `jixiao rules` lists them.
pub static REGISTRY: &[&Rule] = &[
    &weights_sum::RULE,
    &weights_missing::RULE,
    &weight_invalid::RULE,
    &scores_sum::RULE,
    &score_over_weight::RULE,
    &score_missing::RULE,
    &sheet_unfilled::RULE,
    &form_mismatch::RULE,
    &category_unknown::RULE,
    &category_missing::RULE,
    &category_weight::RULE,
    &declared_weight::RULE,
    &duplicate_indicator::RULE,
    &placeholder_value::RULE,
    &goal_text::RULE,
    &task_copied::RULE,
    &budget_total_blank::RULE,
    &budget_sources_sum::RULE,
    &budget_overspent::RULE,
    &budget_rate::RULE,
    &budget_score::RULE,
    &budget_indicator_conflict::RULE,
    &target_unparsed::RULE,
    &actual_unparsed::RULE,
    &unit_mismatch::RULE,
    &task_amount_mismatch::RULE,
    &actual_kind_mismatch::RULE,
    &actual_with_comparator::RULE,
    &score_mismatch::RULE,
    &qualitative_band::RULE,
    &over_achievement::RULE,
    &deviation_mismatch::RULE,
    &deviation_reason_missing::RULE,
    &grade_mismatch::RULE,
    &formula_error::RULE,
];

/// A check by name.
pub fn lookup(name: &str) -> Option<&'static Rule> {
    REGISTRY.iter().copied().find(|r| r.name == name)
}

/// Every check name.
pub fn names() -> Vec<&'static str> {
    REGISTRY.iter().map(|r| r.name).collect()
}

/// Run every check the scheme leaves on, at the severity it sets.
pub fn run_all(scheme: &Scheme, sheet: &Sheet, report: &Report) -> Vec<Finding> {
    let cx = Context {
        scheme,
        sheet,
        report,
    };
    let mut findings = Vec::new();
    for rule in REGISTRY {
        let Some(severity) = scheme.severity(rule.name, rule.severity) else {
            continue;
        };
        let start = findings.len();
        rule.check.run(&cx, &mut findings);
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
    format!("{:.*}", cx.scheme.rounding.places as usize, v)
}

#[cfg(test)]
mod tests {
    use super::REGISTRY;

    fn headings(docs: &str) -> Vec<&str> {
        docs.lines().filter(|l| l.starts_with("## ")).collect()
    }

    #[test]
    fn every_rule_has_english_docs_in_the_same_sections() {
        let han = |c: char| matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}');
        for rule in REGISTRY {
            assert!(!rule.docs_en.trim().is_empty(), "{}: no docs_en", rule.name);
            let (zh, en) = (headings(rule.docs), headings(rule.docs_en));
            assert!(!zh.is_empty(), "{}: no sections", rule.name);
            assert_eq!(zh.len(), en.len(), "{}: {zh:?} vs {en:?}", rule.name);
            for (z, e) in zh.iter().zip(&en) {
                assert!(!e.chars().any(han), "{}: Chinese heading {e}", rule.name);
                let expected = match *z {
                    "## 作用" => "## What it checks",
                    "## 原因" => "## Why",
                    "## 示例" => "## Example",
                    "## 依据" => "## Basis",
                    other => panic!("{}: unexpected section {other}", rule.name),
                };
                assert_eq!(*e, expected, "{}", rule.name);
            }
        }
    }
}
