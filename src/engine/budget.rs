//! The budget block: 执行率 recomputed from the figures, and its score by the scheme's method.

use rust_decimal::Decimal;

use super::clamp::clamp;
use super::{FormulaFailure, LedgerLine, num, percent};
use crate::formula::{Formula, Value as FValue};
use crate::lang::Text;
use crate::scheme::{BudgetScore, Scheme, budget_figure};
use crate::sheet::Sheet;

/// The budget block, evaluated.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BudgetResult {
    pub initial: Option<Decimal>,
    pub full_year: Option<Decimal>,
    pub executed: Option<Decimal>,
    /// 执行率 as printed, read as a share.
    pub rate_claimed: Option<Decimal>,
    /// 执行率 recomputed, as a share.
    pub rate: Option<Decimal>,
    pub weight: Decimal,
    pub claimed: Option<Decimal>,
    /// The budget score counted, rounded; the claimed one when it cannot be recomputed.
    pub computed: Option<Decimal>,
    /// The score could not be recomputed: `computed` is the claimed score, kept.
    pub kept: bool,
    /// How 执行率 was computed: "全年执行数 12275.49 ÷ 全年预算数 14988.39".
    pub rate_explanation: String,
    /// Formulas that could not be evaluated: what was computed, and why not.
    pub formula_errors: Vec<FormulaFailure>,
    pub ledger: Vec<LedgerLine>,
}

impl BudgetResult {
    /// Resolve a formula name against the budget figures.
    pub fn lookup(&self, name: &str) -> Option<FValue> {
        let value = match budget_figure(name)? {
            "initial" => self.initial,
            "full_year" => self.full_year,
            "executed" => self.executed,
            "rate" => self.rate,
            _ => Some(self.weight),
        };
        value.map(FValue::Number)
    }

    /// Evaluate a formula over the figures, keeping a failure for the `formula-error` check.
    fn eval(&mut self, formula: &Formula, what: Text) -> Option<Decimal> {
        match formula.eval_number(&|n| self.lookup(n)) {
            Ok(v) => Some(v),
            Err(e) => {
                self.formula_errors.push(FormulaFailure {
                    what,
                    formula: formula.clone(),
                    error: e,
                });
                None
            }
        }
    }

    /// The formula with each figure's value after its name:
    /// "全年执行数 12275.49 ÷ 全年预算数 14988.39".
    pub fn explain(&self, formula: &Formula) -> String {
        let source = formula.source();
        let mut out = String::with_capacity(source.len() + 32);
        let mut at = 0;
        for (name, span) in formula.names() {
            out.push_str(&source[at..span.end]);
            if let Some(FValue::Number(v)) = self.lookup(name) {
                out.push(' ');
                out.push_str(&num(v));
            }
            at = span.end;
        }
        out.push_str(&source[at..]);
        out
    }
}

/// The budget block scored; when its score cannot be recomputed (no figures, a zero budget),
/// the claimed score is counted and the ledger says so, as for an indicator row.
pub fn evaluate(scheme: &Scheme, sheet: &Sheet) -> BudgetResult {
    let mut result = score(scheme, sheet);
    if result.computed.is_none()
        && let Some(claimed) = result.claimed
    {
        let kept = clamp(claimed, Decimal::ZERO, result.weight);
        result.computed = Some(kept);
        result.kept = true;
        let lost = result.weight.saturating_sub(kept);
        if lost > Decimal::ZERO {
            let places = scheme.rounding.places as usize;
            result.ledger.push(LedgerLine {
                text: Text::new(
                    format!("预算执行：无法复核，沿用自评得分 {kept:.places$}，扣 {lost:.places$} 分"),
                    format!("budget execution: cannot be recomputed; the claimed {kept:.places$} is kept, {lost:.places$} lost"),
                ),
                points: lost,
            });
        }
    }
    result
}

fn score(scheme: &Scheme, sheet: &Sheet) -> BudgetResult {
    let rules = &scheme.budget;
    let Some(budget) = &sheet.budget else {
        return BudgetResult {
            weight: rules.weight,
            ..BudgetResult::default()
        };
    };
    let row = &budget.total;
    let figure = |f: &Option<crate::sheet::Field<Decimal>>| f.as_ref().map(|f| f.value);
    let mut result = BudgetResult {
        initial: figure(&row.initial),
        full_year: figure(&row.full_year),
        executed: figure(&row.executed),
        rate_claimed: row.rate.as_ref().and_then(|r| printed_rate(&r.value)),
        weight: figure(&row.weight).unwrap_or(rules.weight),
        claimed: figure(&row.score),
        ..BudgetResult::default()
    };
    result.rate = result.eval(&rules.rate, Text::new("执行率", "the execution rate"));
    result.rate_explanation = result.explain(&rules.rate);
    let Some(rate) = result.rate else {
        return result;
    };
    let weight = result.weight;
    let (raw, how) = match &rules.score {
        BudgetScore::Proportional => (
            rate.min(Decimal::ONE).checked_mul(weight),
            Text::new(
                format!(
                    "执行率 {} × 分值 {}（不超过分值）",
                    percent(rate),
                    num(weight)
                ),
                format!(
                    "rate {} × weight {} (at most the weight)",
                    percent(rate),
                    num(weight)
                ),
            ),
        ),
        BudgetScore::ThresholdRatio(threshold) => (
            rate.checked_div(*threshold)
                .map(|r| r.min(Decimal::ONE))
                .and_then(|r| r.checked_mul(weight)),
            Text::new(
                format!(
                    "min(1, {} ÷ {}) × {}",
                    percent(rate),
                    percent(*threshold),
                    num(weight)
                ),
                format!(
                    "min(1, {} / {}) × {}",
                    percent(rate),
                    percent(*threshold),
                    num(weight)
                ),
            ),
        ),
        BudgetScore::PerPoint { line, points, per } => {
            let short = line.saturating_sub(rate).max(Decimal::ZERO);
            let lost = short.checked_div(*per).and_then(|n| n.checked_mul(*points));
            (
                lost.map(|l| weight.saturating_sub(l).max(Decimal::ZERO)),
                Text::new(
                    format!(
                        "执行率 {} 低于 {} 的部分每 {} 扣 {} 分",
                        percent(rate),
                        percent(*line),
                        percent(*per),
                        num(*points)
                    ),
                    format!(
                        "{} points per {} below {} (rate {})",
                        num(*points),
                        percent(*per),
                        percent(*line),
                        percent(rate)
                    ),
                ),
            )
        }
        BudgetScore::Bands(bands) => {
            let share = bands
                .iter()
                .find(|(min, _)| rate >= *min)
                .map_or(Decimal::ZERO, |(_, s)| *s);
            (
                share.checked_mul(weight),
                Text::new(
                    format!(
                        "执行率 {} 所在档次得分比例 {}",
                        percent(rate),
                        percent(share)
                    ),
                    format!(
                        "rate {} falls in the band scoring {}",
                        percent(rate),
                        percent(share)
                    ),
                ),
            )
        }
        BudgetScore::Formula(f) => (
            result.eval(f, Text::new("执行率得分", "the budget score")),
            Text::new(format!("按公式 {f}"), format!("by the formula {f}")),
        ),
    };
    let Some(raw) = raw else {
        return result;
    };
    let score = scheme.rounding.apply(clamp(raw, Decimal::ZERO, weight));
    result.computed = Some(score);
    let lost = weight.saturating_sub(score);
    let places = scheme.rounding.places as usize;
    if lost > Decimal::ZERO {
        result.ledger.push(LedgerLine {
            text: Text::new(
                format!(
                    "预算执行：执行率 {}（{}），得分 {} = {score:.places$}，扣 {lost:.places$} 分",
                    percent(rate),
                    result.rate_explanation,
                    how.zh,
                ),
                format!(
                    "budget execution: rate {} ({}), score {} = {score:.places$}, {lost:.places$} lost",
                    percent(rate),
                    result.rate_explanation,
                    how.en,
                ),
            ),
            points: lost,
        });
    }
    result
}

/// 执行率 as printed ("81.9", "81.9%", "81.90%") read as a share (0.819).
pub fn printed_rate(text: &str) -> Option<Decimal> {
    crate::value::parse(text).quantity()?.as_share()
}
