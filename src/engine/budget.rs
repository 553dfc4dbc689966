//! The budget block: 执行率 recomputed from the figures, and its score by the scheme's method.

use rust_decimal::Decimal;

use super::clamp::clamp;
use super::{FormulaFailure, LedgerLine};
use crate::formula::{Formula, Value as FValue};
use crate::lang::Text;
use crate::numfmt::{percent, plain};
use crate::scheme::{BudgetScore, Scheme, budget_figure};
use crate::sheet::{BudgetRow, Field, Sheet};

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
    /// The budget 分值 counted in the total: the sheet's, else the scheme's; 0 when the form
    /// scores no budget block.
    pub weight: Decimal,
    /// The form scores budget execution (its budget block prints a 分值 or a 得分).
    pub scored: bool,
    /// The total row was blank or zero while its 其中 rows were filled: the figures are the
    /// sum of those rows.
    pub from_sources: bool,
    /// The figures to recompute 执行率 are blank: `rate` is the printed one.
    pub rate_printed: bool,
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
    /// A figure left blank on the sheet gives no value and no failure: that is the sheet's gap,
    /// not the formula's.
    fn eval(&mut self, formula: &Formula, what: Text) -> Option<Decimal> {
        match formula.eval_number(&|n| self.lookup(n)) {
            Ok(v) => Some(v),
            Err(e) if e.kind == crate::formula::EvalErrorKind::UnknownName => None,
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
                out.push_str(&plain(v));
            }
            at = span.end;
        }
        out.push_str(&source[at..]);
        out
    }
}

/// The budget block scored; when its score cannot be recomputed (no figures, a zero budget),
/// the claimed score is counted and the ledger says so, as for an indicator row. A form whose
/// budget block prints neither 分值 nor 得分 scores no budget points: its 执行率 is still
/// computed, for the indicators derived from it.
pub fn evaluate(scheme: &Scheme, sheet: &Sheet, form: &super::Form) -> BudgetResult {
    let mut result = figures(scheme, sheet);
    if !form.budget_scored {
        return result;
    }
    result.scored = true;
    result.weight = sheet
        .budget
        .as_ref()
        .and_then(|b| b.total.weight.as_ref())
        .map_or(scheme.budget.weight, |w| w.value);
    score(scheme, &mut result);
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

/// The budget figures and the 执行率 computed from them. A total row left blank or zero under
/// filled 其中 rows is read from those rows.
fn figures(scheme: &Scheme, sheet: &Sheet) -> BudgetResult {
    let Some(budget) = &sheet.budget else {
        return BudgetResult::default();
    };
    let row = &budget.total;
    type Pick = fn(&BudgetRow) -> &Option<Field<Decimal>>;
    let figure = |f: &Option<Field<Decimal>>| f.as_ref().map(|f| f.value);
    let blank = |f: &Option<Field<Decimal>>| figure(f).is_none_or(|v| v.is_zero());
    let top = top_level_sources(&budget.sources, row);
    let sum = |pick: Pick| {
        top.iter()
            .filter_map(|s| figure(pick(s)))
            .try_fold(Decimal::ZERO, |a, v| a.checked_add(v))
    };
    // Each of the three figures left blank or zero on the total row is taken from its 其中
    // rows when they hold it.
    let mut from_sources = false;
    let mut take = |pick: Pick| {
        let filled = budget.sources.iter().any(|s| !blank(pick(s)));
        if blank(pick(row)) && filled {
            from_sources = true;
            sum(pick)
        } else {
            figure(pick(row))
        }
    };
    let (initial, full_year, executed) = (
        take(|r| &r.initial),
        take(|r| &r.full_year),
        take(|r| &r.executed),
    );
    let mut result = BudgetResult {
        initial,
        full_year,
        executed,
        rate_claimed: row.rate.as_ref().and_then(|r| printed_rate(&r.value)),
        claimed: figure(&row.score),
        from_sources,
        ..BudgetResult::default()
    };
    let rules = &scheme.budget;
    result.rate = result.eval(&rules.rate, Text::new("执行率", "the execution rate"));
    result.rate_explanation = result.explain(&rules.rate);
    // Without the figures to recompute it, the rate is the one printed: the budget is still
    // scored, as a reviewer would, on what the sheet says.
    if result.rate.is_none() && !result.formula_errors.iter().any(|f| f.what.zh == "执行率") {
        result.rate = result.rate_claimed;
        result.rate_printed = result.rate.is_some();
        if result.rate_printed {
            result.rate_explanation = "填报的执行率".to_string();
        }
    }
    result
}

/// The budget score by the scheme's method, with its ledger line.
fn score(scheme: &Scheme, result: &mut BudgetResult) {
    let Some(rate) = result.rate else {
        return;
    };
    let weight = result.weight;
    let (raw, how) = match &scheme.budget.score {
        BudgetScore::Formula(f) => (
            result.eval(f, Text::new("执行率得分", "the budget score")),
            Text::new(format!("按公式 {f}"), format!("by the formula {f}")),
        ),
        _ => method(scheme, rate, weight),
    };
    let Some(raw) = raw else {
        return;
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
}

/// The score `rate` earns on `weight` by the scheme's budget method, unrounded, and how it is
/// computed. A formula method needs the whole budget block and is evaluated by [`score`].
pub(super) fn method(scheme: &Scheme, rate: Decimal, weight: Decimal) -> (Option<Decimal>, Text) {
    match &scheme.budget.score {
        BudgetScore::Proportional => (
            rate.min(Decimal::ONE).checked_mul(weight),
            Text::new(
                format!(
                    "执行率 {} × 分值 {}（不超过分值）",
                    percent(rate),
                    plain(weight)
                ),
                format!(
                    "rate {} × weight {} (at most the weight)",
                    percent(rate),
                    plain(weight)
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
                    plain(weight)
                ),
                format!(
                    "min(1, {} / {}) × {}",
                    percent(rate),
                    percent(*threshold),
                    plain(weight)
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
                        plain(*points)
                    ),
                    format!(
                        "{} points per {} below {} (rate {})",
                        plain(*points),
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
            None,
            Text::new(format!("按公式 {f}"), format!("by the formula {f}")),
        ),
    }
}

/// 执行率 as printed ("81.9", "81.9%", "81.90%") read as a share (0.819). A bare number no
/// larger than 1 with two decimals or more is a share already, as some forms print it (0.958 for
/// 95.8%).
pub fn printed_rate(text: &str) -> Option<Decimal> {
    let quantity = crate::value::parse(text);
    let q = quantity.quantity()?;
    if q.unit.is_none() && q.value.scale() >= 2 && q.value <= Decimal::ONE {
        return Some(q.value);
    }
    q.as_share()
}

/// The 其中 rows that are not parts of another: a row whose figures are the sum of the two or
/// more rows right after it is their subtotal (财政资金小计 over ① 项目支出 and ② 基本支出, as the
/// Fujian form prints them), and those rows are counted within it, not again. A block that
/// breaks the total down twice, one run of rows after the other (by source: 财政拨款, 其他资金;
/// then by use: 基本支出, 项目支出), each run of two rows or more adding up to the total row, is
/// read once: its first run.
pub fn top_level_sources<'a>(sources: &'a [BudgetRow], total: &BudgetRow) -> Vec<&'a BudgetRow> {
    let top = collapse_subtotals(sources);
    let figure = |r: &BudgetRow| r.full_year.as_ref().map(|f| f.value);
    match figure(total).filter(|t| !t.is_zero()) {
        Some(sum) => first_of_runs(top, sum, figure),
        None => top,
    }
}

/// The first of two or more consecutive runs of at least two rows, each adding up to `sum`, or
/// all the rows.
fn first_of_runs(
    rows: Vec<&BudgetRow>,
    sum: Decimal,
    figure: impl Fn(&BudgetRow) -> Option<Decimal>,
) -> Vec<&BudgetRow> {
    let values: Vec<Decimal> = rows
        .iter()
        .map(|r| figure(r).unwrap_or(Decimal::ZERO))
        .collect();
    for first in 2..values.len() {
        if values[..first]
            .iter()
            .try_fold(Decimal::ZERO, |a, v| a.checked_add(*v))
            != Some(sum)
        {
            continue;
        }
        // The rest must close runs of exactly `sum`, each of two rows or more.
        let (mut run, mut len, mut runs) = (Decimal::ZERO, 0, 1);
        let mut fits = true;
        for v in &values[first..] {
            len += 1;
            match run.checked_add(*v) {
                Some(next) if next < sum => run = next,
                Some(next) if next == sum && len >= 2 => {
                    (run, len) = (Decimal::ZERO, 0);
                    runs += 1;
                }
                _ => {
                    fits = false;
                    break;
                }
            }
        }
        if fits && len == 0 && runs >= 2 {
            return rows.into_iter().take(first).collect();
        }
    }
    rows
}

/// The rows with each subtotal's parts folded into it.
fn collapse_subtotals(sources: &[BudgetRow]) -> Vec<&BudgetRow> {
    type Pick = fn(&BudgetRow) -> &Option<Field<Decimal>>;
    const PICKS: [Pick; 3] = [|r| &r.initial, |r| &r.full_year, |r| &r.executed];
    let value = |row: &BudgetRow, pick: Pick| pick(row).as_ref().map(|f| f.value);
    let subtotal_of = |i: usize, k: usize| {
        let parts = &sources[i + 1..i + 1 + k];
        let mut any = false;
        let all = PICKS.iter().all(|&pick| match value(&sources[i], pick) {
            None => true,
            Some(total) => {
                any |= !total.is_zero();
                parts
                    .iter()
                    .filter_map(|p| value(p, pick))
                    .try_fold(Decimal::ZERO, |a, v| a.checked_add(v))
                    == Some(total)
            }
        });
        any && all
    };
    let mut out = Vec::with_capacity(sources.len());
    let mut i = 0;
    while i < sources.len() {
        out.push(&sources[i]);
        let parts = (2..sources.len() - i).find(|&k| subtotal_of(i, k));
        i += 1 + parts.unwrap_or(0);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Pos;

    fn row(name: &str, full_year: &str) -> BudgetRow {
        let mut r = BudgetRow::blank(&Pos::File);
        r.name = Some(Field::new(name.to_string(), Pos::File));
        r.full_year = Some(Field::new(full_year.parse().unwrap(), Pos::File));
        r
    }

    fn names<'a>(rows: &[&'a BudgetRow]) -> Vec<&'a str> {
        rows.iter()
            .map(|r| r.name.as_ref().unwrap().value.as_str())
            .collect()
    }

    #[test]
    fn a_subtotal_and_its_parts_count_once() {
        let sources = [
            row("财政资金小计", "188.61"),
            row("① 项目支出", "30"),
            row("② 基本支出", "158.61"),
            row("单位其它收入", "0"),
        ];
        let total = row("合计", "188.61");
        assert_eq!(
            names(&top_level_sources(&sources, &total)),
            ["财政资金小计", "单位其它收入"]
        );
    }

    #[test]
    fn a_total_broken_down_twice_is_read_once() {
        let sources = [
            row("财政拨款", "80"),
            row("其他资金", "20"),
            row("基本支出", "70"),
            row("项目支出", "30"),
        ];
        let total = row("部门预算总额", "100");
        assert_eq!(
            names(&top_level_sources(&sources, &total)),
            ["财政拨款", "其他资金"]
        );
        // Two sources of equal size are two sources, not a breakdown repeated.
        let halves = [row("中央资金", "50"), row("地方资金", "50")];
        assert_eq!(names(&top_level_sources(&halves, &total)).len(), 2);
    }
}
