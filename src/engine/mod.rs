//! The engine: evaluate a sheet against a compiled scheme.
//!
//! [`evaluate`] reads every cell with the value grammar, recomputes the budget score and each
//! row's score and deviation, writes ledger lines that say why points were lost, then runs
//! every registered check over the result. It prints nothing: renderers in `report/` do.
//! All arithmetic is exact and checked; a failing formula becomes a finding, never a panic.

mod budget;
mod clamp;
mod form;
mod row;
mod understand;

use std::sync::Arc;

use rust_decimal::Decimal;

use crate::diagnostic::{Finding, SourceFile};
use crate::lang::Text;
use crate::numfmt::{percent, plain};
use crate::scheme::Scheme;
use crate::sheet::Sheet;
use crate::value::Value;
pub use budget::{BudgetResult, top_level_sources};
pub use form::{Block, Form};
pub use understand::{Cells, Memo, Understood, understand, understand_with};

/// Why points were lost, in words and figures.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerLine {
    pub text: Text,
    /// Points lost (never negative).
    pub points: Decimal,
}

/// Where a ledger line's points were lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LedgerPlace {
    Budget,
    /// An indicator row, by 0-based position.
    Row(usize),
    /// The whole total (a cap).
    Total,
}

/// How a row was judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attainment {
    Met,
    Unmet,
    /// A qualitative band, by index into the scheme's bands.
    Band(usize),
    /// Could not be judged (placeholder, unreadable or mismatched cells).
    Unknown,
}

/// How the computed score was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// Recomputed from target and actual.
    Exact,
    /// A qualitative score set by hand, kept (or moved) inside its band.
    Band,
    /// Could not be recomputed: the claimed score is kept.
    Kept,
    /// A spare line of the form: no indicator, nothing counted.
    Spare,
}

/// A scheme formula that could not be evaluated on this sheet (a zero budget, say).
#[derive(Debug, Clone, PartialEq)]
pub struct FormulaFailure {
    /// What was being computed: 执行率, 预算调整率 …
    pub what: Text,
    pub formula: crate::formula::Formula,
    pub error: crate::formula::EvalError,
}

/// A computed actual from the budget figures (预算执行率 and the like).
#[derive(Debug, Clone, PartialEq)]
pub struct DerivedActual {
    /// The computed share (0.819 for 81.9%).
    pub value: Decimal,
    /// How it was computed, for ledger lines: "全年执行数 12275.49 ÷ 全年预算数 14988.39".
    pub explanation: String,
    pub replaced: bool,
    /// The clerk's actual, as a share, when it could be read.
    pub claimed: Option<Decimal>,
    /// Claimed and computed differ beyond the scheme's tolerance.
    pub conflicts: bool,
}

/// One indicator row, evaluated.
#[derive(Debug, Clone, PartialEq)]
pub struct RowResult {
    pub index: usize,
    pub target: Value,
    /// The clerk's actual as read.
    pub actual: Value,
    /// The claimed 偏差度 as a share, when readable.
    pub claimed_deviation: Option<Decimal>,
    /// The 三级指标 name is a placeholder.
    pub name_is_placeholder: bool,
    /// The scheme category the row belongs to, and how it was placed there.
    pub category: Option<(usize, crate::scheme::Placed)>,
    /// The target states no comparator and the name is lower-is-better in the scheme's
    /// vocabulary (结转结余率, 投诉率): scored as ≤.
    pub lower_by_name: bool,
    /// A score was claimed but neither a target nor an actual was written: it is kept, and
    /// cannot be verified.
    pub unverified: bool,
    pub derived: Option<DerivedActual>,
    /// The derived formula failed on this sheet's figures.
    pub formula_error: Option<Box<FormulaFailure>>,
    pub attainment: Attainment,
    pub basis: Basis,
    pub weight: Decimal,
    pub claimed: Option<Decimal>,
    /// The score counted in the computed total, rounded.
    pub computed: Decimal,
    /// The band a hand-set score must fall in, as scores (min, max).
    pub band_range: Option<(Decimal, Decimal)>,
    /// Computed 偏差度 as a share (−0.09 for −9.00%), when it can be computed.
    pub deviation: Option<Decimal>,
    /// Actual ÷ target when a ≥ target is far exceeded.
    pub over: Option<Decimal>,
    /// Whether 偏差原因 is owed.
    pub needs_reason: bool,
    pub ledger: Vec<LedgerLine>,
}

/// Claimed and computed totals.
#[derive(Debug, Clone, PartialEq)]
pub struct TotalResult {
    pub weight: Decimal,
    pub claimed: Option<Decimal>,
    pub computed: Decimal,
    pub grade: Option<String>,
    pub claimed_grade: Option<String>,
    /// Points lost on the whole total (a cap by 执行率 band).
    pub ledger: Vec<LedgerLine>,
    /// The name of the 执行率 band that capped the total, if one did.
    pub capped_by: Option<String>,
    /// Points counted as claimed that nothing on the sheet lets a reviewer verify (rows
    /// without target and actual).
    pub unverified: Decimal,
    /// Whether the sheet can be scored at all: with every 完成值 and 得分 blank it cannot, and
    /// it has no grade.
    pub scorable: bool,
}

/// Everything the engine found about one sheet.
#[derive(Debug, Clone)]
pub struct Report {
    pub sheet: Arc<SourceFile>,
    pub scheme_id: String,
    pub scheme_sha256: String,
    /// What the form holds or lacks.
    pub form: Form,
    pub budget: BudgetResult,
    pub rows: Vec<RowResult>,
    pub total: TotalResult,
    pub findings: Vec<Finding>,
}

impl TotalResult {
    /// The recomputed total, when the sheet can be scored at all.
    pub fn counted(&self) -> Option<Decimal> {
        self.scorable.then_some(self.computed)
    }
}

impl Report {
    /// Every ledger line, budget first, in sheet order.
    /// Every ledger line: budget first, rows in sheet order, the total last.
    pub fn ledger(&self) -> impl Iterator<Item = (LedgerPlace, &LedgerLine)> {
        self.budget
            .ledger
            .iter()
            .map(|l| (LedgerPlace::Budget, l))
            .chain(
                self.rows
                    .iter()
                    .flat_map(|r| r.ledger.iter().map(|l| (LedgerPlace::Row(r.index), l))),
            )
            .chain(self.total.ledger.iter().map(|l| (LedgerPlace::Total, l)))
    }

    pub fn count(&self, severity: crate::diagnostic::Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// Evaluate `sheet` under `scheme`: understand its cells, then score and check them.
pub fn evaluate(scheme: &Scheme, sheet: &Sheet) -> Report {
    evaluate_understood(scheme, sheet, &understand(sheet, &scheme.units))
}

/// [`evaluate`], with cell texts read once across every sheet given the same `memo`: what a
/// batch does.
pub fn evaluate_with(scheme: &Scheme, sheet: &Sheet, memo: &mut Memo) -> Report {
    evaluate_understood(scheme, sheet, &understand_with(sheet, &scheme.units, memo))
}

/// Evaluate a sheet whose cells are already understood: scores, ledger and findings.
pub fn evaluate_understood(scheme: &Scheme, sheet: &Sheet, cells: &Understood) -> Report {
    let form = Form::of(sheet, cells);
    let budget = budget::evaluate(scheme, sheet, &form);
    let rows: Vec<RowResult> = sheet
        .indicators
        .iter()
        .zip(&cells.rows)
        .enumerate()
        .map(|(i, (indicator, cells))| row::evaluate(scheme, &budget, &form, i, indicator, cells))
        .collect();
    let unverified = rows
        .iter()
        .filter(|r| r.unverified)
        .fold(Decimal::ZERO, |acc, r| acc.saturating_add(r.computed));
    let computed = rows
        .iter()
        .map(|r| r.computed)
        .chain(budget.computed)
        .fold(Decimal::ZERO, |acc, s| acc.saturating_add(s));
    let mut computed = scheme.rounding.apply(computed);
    let mut total_ledger = Vec::new();
    let mut capped_by = None;
    if let Some(rate) = budget.rate
        && let Some(cap) = scheme.budget.caps.iter().find(|c| c.contains(rate))
        && computed > cap.cap
    {
        let lost = computed.saturating_sub(cap.cap);
        let band = match cap.max {
            Some(max) => format!("{}–{}", percent(cap.min), percent(max)),
            None => format!("≥{}", percent(cap.min)),
        };
        let places = scheme.rounding.places as usize;
        total_ledger.push(LedgerLine {
            text: Text::new(
                format!("总分封顶：执行率 {} 在 {band} 档，总分最高 {}，{computed:.places$} 扣 {lost:.places$} 分", percent(rate), plain(cap.cap)),
                format!("total cap: the rate {} is in the {band} band, capping the total at {}; {computed:.places$} loses {lost:.places$}", percent(rate), plain(cap.cap)),
            ),
            points: lost,
        });
        computed = cap.cap;
        capped_by = Some(cap.name.clone());
    }
    let total = TotalResult {
        weight: sheet
            .total
            .as_ref()
            .and_then(|t| t.weight.as_ref())
            .map_or(scheme.total, |w| w.value),
        claimed: sheet
            .total
            .as_ref()
            .and_then(|t| t.score.as_ref())
            .map(|s| s.value),
        computed,
        grade: if !form.scorable() {
            None
        } else {
            scheme.grade(computed).map(str::to_string)
        },
        claimed_grade: sheet
            .total
            .as_ref()
            .and_then(|t| t.grade.as_ref())
            .map(|g| g.value.trim().to_string()),
        ledger: total_ledger,
        capped_by,
        unverified,
        scorable: form.scorable(),
    };
    let mut report = Report {
        sheet: Arc::clone(&sheet.source),
        scheme_id: scheme.id.clone(),
        scheme_sha256: scheme.sha256.clone(),
        form,
        budget,
        rows,
        total,
        findings: Vec::new(),
    };
    // What the reader noticed about this sheet (uncached formulas, undecodable bytes) comes
    // first, then the checks.
    let mut findings = sheet.notes.clone();
    findings.extend(crate::checks::run_all(scheme, sheet, &report));
    report.findings = findings;
    report
}
