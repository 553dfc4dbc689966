//! One indicator row: read target and actual, judge attainment, compute score and deviation,
//! and write the ledger line that explains any lost point.

use rust_decimal::Decimal;

use super::budget::BudgetResult;
use super::clamp::clamp;
use super::{Attainment, Basis, Cells, DerivedActual, Form, FormulaFailure, LedgerLine, RowResult};
use crate::lang::Text;
use crate::numfmt::{figure, percent, points};
use crate::scheme::{Lower, OverAction, Scheme};
use crate::sheet::Indicator;
use crate::value::{Date, Op, Quantity, UnitTable, Value, ValueError};

/// A score with the scheme's decimal places: 0.91, 9.10.
fn pts(scheme: &Scheme, v: Decimal) -> String {
    points(v, scheme.rounding.places)
}

/// A quantity as a person reads it: 500亩, 81.90% (computed values shown to two places).
fn show(q: &Quantity) -> String {
    format!("{}{}", figure(q.value), q.unit_symbol())
}

pub fn evaluate(
    scheme: &Scheme,
    budget: &BudgetResult,
    form: &Form,
    index: usize,
    row: &Indicator,
    cells: &Cells,
) -> RowResult {
    let table = UnitTable::standard();
    let (target, actual) = (cells.target.clone(), cells.actual.clone());
    let weight = row.weight.as_ref().map_or(Decimal::ZERO, |w| w.value);
    let claimed = row.score.as_ref().map(|s| s.value);
    let category = scheme.place(
        &cells.level1.name,
        cells.level2.as_ref().map(|l| l.name.as_str()),
    );
    let mut r = RowResult {
        index,
        target,
        actual,
        claimed_deviation: cells.deviation,
        name_is_placeholder: cells.name_is_placeholder,
        category,
        lower_by_name: false,
        unverified: false,
        derived: None,
        formula_error: None,
        attainment: Attainment::Unknown,
        basis: Basis::Kept,
        weight,
        claimed,
        computed: clamp(claimed.unwrap_or(Decimal::ZERO), Decimal::ZERO, weight),
        band_range: None,
        deviation: None,
        over: None,
        needs_reason: false,
        ledger: Vec::new(),
    };
    if cells.spare {
        r.basis = Basis::Spare;
        r.computed = Decimal::ZERO;
        return r;
    }
    if let Some(error) = impossible_share(scheme, row, &r.target) {
        r.target = Value::Error(error);
    }
    (r.derived, r.formula_error) = match derive(scheme, budget, row, &r.actual) {
        Ok(derived) => (derived, None),
        Err(failure) => (None, Some(failure)),
    };
    let name = row.name.value.trim();
    // The actual the score is computed from: the derived one when the scheme replaces it.
    let actual_used = match &r.derived {
        Some(d) if d.replaced => {
            d.value
                .checked_mul(Decimal::ONE_HUNDRED)
                .map(|v| Value::Quantity {
                    subject: None,
                    quantity: Quantity {
                        value: v,
                        unit: table.lookup("%"),
                        span: 0..0,
                    },
                })
        }
        _ => None,
    }
    .unwrap_or_else(|| r.actual.clone());
    let needs_target = r
        .category
        .is_none_or(|(c, _)| scheme.categories[c].target_required);
    match r.target.clone() {
        Value::Comparison { op, quantity, .. } => {
            quantitative(scheme, &mut r, name, (op, true), &quantity, &actual_used);
        }
        Value::Quantity { quantity, .. } => {
            let op = if scheme.lower_is_better(name) {
                r.lower_by_name = true;
                Op::Le
            } else {
                Op::Ge
            };
            quantitative(scheme, &mut r, name, (op, false), &quantity, &actual_used);
        }
        Value::Range { low, high, .. } => range(scheme, &mut r, name, &low, &high, &actual_used),
        Value::Date { date, .. } => deadline(scheme, &mut r, name, date, &actual_used),
        Value::Qualitative(_) => qualitative(scheme, &mut r, name, &actual_used),
        // 预算执行率 with no target of its own (a form that scores it as a row): scored from
        // the budget block by the scheme's budget method, on the row's weight.
        Value::Placeholder if r.derived.as_ref().is_some_and(|d| d.replaced) => {
            budget_row(scheme, &mut r, name);
        }
        Value::Placeholder if matches!(r.actual, Value::Placeholder) => {
            r.unverified = claimed.is_some();
        }
        Value::Placeholder | Value::Error(_) => {}
    }
    // A form without a 分值 column: whether the target was met is known, but there is no
    // weight to score against; the claimed score counts.
    if !form.row_weights {
        r.computed = claimed.unwrap_or(Decimal::ZERO).max(Decimal::ZERO);
        r.basis = Basis::Kept;
        r.band_range = None;
        r.ledger.clear();
        return r;
    }
    if r.basis == Basis::Kept && needs_target {
        if let Some(c) = claimed {
            r.ledger.extend(lost(scheme, weight, r.computed, || {
                Text::new(
                    format!("{name}：无法复核，沿用自评得分 {}", pts(scheme, c)),
                    format!(
                        "{name}: cannot be recomputed; the claimed {} is kept",
                        pts(scheme, c)
                    ),
                )
            }));
        } else {
            r.ledger.extend(lost(scheme, weight, r.computed, || {
                Text::new(
                    format!("{name}：无法复核且未填得分，计 0 分"),
                    format!("{name}: cannot be recomputed and no score was claimed; 0 counted"),
                )
            }));
        }
    } else if r.basis == Basis::Kept {
        r.ledger.extend(lost(scheme, weight, r.computed, || {
            Text::new(
                format!("{name}：按评价标准评分，沿用自评得分"),
                format!("{name}: judged against criteria; the claimed score is kept"),
            )
        }));
    }
    r
}

/// A target above 100% for a share that cannot exceed it (满意度 290%): no reading of it is
/// safe, so it is unreadable, with the likely reading when scanning took `≥` for a `2`.
fn impossible_share(scheme: &Scheme, row: &Indicator, target: &Value) -> Option<ValueError> {
    let q = target.quantity().filter(|q| q.is_percent())?;
    if q.value <= Decimal::ONE_HUNDRED || !scheme.is_share(&row.name.value) {
        return None;
    }
    let written = row.target.value.trim();
    let reading = written
        .strip_prefix('2')
        .filter(|rest| {
            crate::value::parse(rest)
                .quantity()
                .is_some_and(|q| q.is_percent() && q.value <= Decimal::ONE_HUNDRED)
        })
        .map(|rest| format!("≥{rest}"));
    Some(ValueError {
        message: Text::new(
            format!("“{}”是比率，不会超过 100%", row.name.value.trim()),
            format!(
                "\"{}\" is a share and cannot exceed 100%",
                row.name.value.trim()
            ),
        ),
        help: match reading {
            Some(r) => Text::new(
                format!("疑为扫描识别错误（“≥”识别成了“2”），可能应为「{r}」；按原表核对"),
                format!(
                    "probably misread by OCR (≥ read as 2); it may be \"{r}\": check the printed form"
                ),
            ),
            None => Text::new(
                "按原表核对指标值",
                "check the target against the printed form",
            ),
        },
        span: 0..row.target.value.len(),
    })
}

/// A row derived from the budget block that states no target of its own, scored like the
/// budget block on the row's weight.
fn budget_row(scheme: &Scheme, r: &mut RowResult, name: &str) {
    let Some(d) = &r.derived else {
        return;
    };
    let (raw, how) = super::budget::method(scheme, d.value, r.weight);
    let Some(raw) = raw else {
        return;
    };
    let explanation = d.explanation.clone();
    r.basis = Basis::Exact;
    r.computed = scheme.rounding.apply(clamp(raw, Decimal::ZERO, r.weight));
    let met = r.computed == r.weight;
    r.attainment = if met {
        Attainment::Met
    } else {
        Attainment::Unmet
    };
    let computed = r.computed;
    r.ledger.extend(lost(scheme, r.weight, computed, || {
        Text::new(
            format!(
                "{name}：执行率 {}（{explanation}），得分 {} = {}",
                percent(d.value),
                how.zh,
                pts(scheme, computed)
            ),
            format!(
                "{name}: rate {} ({explanation}), score {} = {}",
                percent(d.value),
                how.en,
                pts(scheme, computed)
            ),
        )
    }));
}

/// The ledger line for points lost, if any.
fn lost(
    scheme: &Scheme,
    weight: Decimal,
    score: Decimal,
    why: impl FnOnce() -> Text,
) -> Option<LedgerLine> {
    let points = weight.saturating_sub(score);
    (points > Decimal::ZERO).then(|| {
        let why = why();
        LedgerLine {
            text: Text::new(
                format!("{}，扣 {} 分", why.zh, pts(scheme, points)),
                format!("{}, {} lost", why.en, pts(scheme, points)),
            ),
            points,
        }
    })
}

fn derive(
    scheme: &Scheme,
    budget: &BudgetResult,
    row: &Indicator,
    actual: &Value,
) -> Result<Option<DerivedActual>, Box<FormulaFailure>> {
    let Some(rule) = scheme
        .derived
        .iter()
        .find(|d| d.matches(row.name.value.trim()))
    else {
        return Ok(None);
    };
    let value = match rule.formula.eval_number(&|n| budget.lookup(n)) {
        Ok(value) => value,
        // A budget figure left blank: nothing to derive from, and no failure of the formula.
        Err(error) if error.kind == crate::formula::EvalErrorKind::UnknownName => return Ok(None),
        Err(error) => {
            return Err(Box::new(FormulaFailure {
                what: Text::new(rule.name.clone(), rule.name.clone()),
                formula: rule.formula.clone(),
                error,
            }));
        }
    };
    let claimed = actual.quantity().and_then(|q| q.as_share());
    let conflicts = match claimed {
        Some(c) => c.saturating_sub(value).abs() > rule.tolerance,
        None => !matches!(actual, Value::Placeholder),
    };
    Ok(Some(DerivedActual {
        value,
        explanation: budget.explain(&rule.formula),
        replaced: rule.replace,
        claimed,
        conflicts,
    }))
}

/// Target and actual as comparable numbers: same base unit, a missing unit taken from the other.
/// The last value is the target unit's factor, to show base figures in the target's unit again.
fn comparable(target: &Quantity, actual: &Value) -> Option<(Decimal, Decimal, Quantity, Decimal)> {
    let a = actual.quantity()?;
    match (&target.unit, &a.unit) {
        (Some(t), Some(u)) if !t.convertible(u) => None,
        (Some(t), Some(_)) => Some((target.in_base()?, a.in_base()?, a.clone(), t.factor)),
        _ => Some((target.value, a.value, a.clone(), Decimal::ONE)),
    }
}

/// A base figure shown in the target's unit (12500元 as 1.25 when the target is in 万元).
fn in_unit(v: Decimal, factor: Decimal) -> String {
    figure(v.checked_div(factor).unwrap_or(v))
}

fn quantitative(
    scheme: &Scheme,
    r: &mut RowResult,
    name: &str,
    (op, stated): (Op, bool),
    target: &Quantity,
    actual: &Value,
) {
    let Some((t, a, aq, factor)) = comparable(target, actual) else {
        return;
    };
    let w = r.weight;
    let higher = matches!(op, Op::Ge | Op::Gt | Op::Eq);
    let met = match op {
        Op::Ge | Op::Eq => a >= t,
        Op::Gt => a > t,
        Op::Le => a <= t,
        Op::Lt => a < t,
    };
    // Ledger texts are built only for rows that lose points: most rows do not.
    let actual_text = |r: &RowResult| match &r.derived {
        Some(d) if d.replaced => format!("{}（{}）", percent(d.value), d.explanation),
        _ => show(&aq),
    };
    // The target as written: a comparator only where the clerk wrote one; a lower-is-better
    // name says so.
    let target_text = || match (stated, r.lower_by_name) {
        (true, _) => Text::new(
            format!("{}{}", op.display(), show(target)),
            format!("{}{}", op.display(), show(target)),
        ),
        (false, true) => Text::new(
            format!("{}（按指标名称为反向指标）", show(target)),
            format!("{} (lower is better, by its name)", show(target)),
        ),
        (false, false) => Text::new(show(target), show(target)),
    };
    r.basis = Basis::Exact;
    let (score, formula_zh, formula_en) = if met {
        (w, String::new(), String::new())
    } else if higher {
        let ratio = if t.is_zero() {
            Decimal::ZERO
        } else {
            a.checked_div(t).unwrap_or_default()
        };
        let s = ratio.max(Decimal::ZERO).checked_mul(w).unwrap_or_default();
        let f = format!(
            "{} ÷ {} × {}",
            in_unit(a, factor),
            in_unit(t, factor),
            figure(w)
        );
        (s, f.clone(), f.replace('÷', "/"))
    } else {
        match scheme.quantitative.lower {
            Lower::Inverse => {
                let s = if a.is_zero() {
                    Decimal::ZERO
                } else {
                    t.checked_div(a)
                        .unwrap_or_default()
                        .checked_mul(w)
                        .unwrap_or_default()
                };
                let f = format!(
                    "{} ÷ {} × {}",
                    in_unit(t, factor),
                    in_unit(a, factor),
                    figure(w)
                );
                (s, f.clone(), f.replace('÷', "/"))
            }
            Lower::Decay(m) => {
                let span = m
                    .saturating_sub(Decimal::ONE)
                    .checked_mul(t)
                    .unwrap_or_default();
                let s = if span.is_zero() {
                    Decimal::ZERO
                } else {
                    (m.checked_mul(t).unwrap_or_default().saturating_sub(a))
                        .checked_div(span)
                        .unwrap_or_default()
                        .max(Decimal::ZERO)
                        .checked_mul(w)
                        .unwrap_or_default()
                };
                let f = format!(
                    "({} × {} − {}) ÷ ({} × {}) × {}",
                    figure(m),
                    in_unit(t, factor),
                    in_unit(a, factor),
                    figure(m.saturating_sub(Decimal::ONE)),
                    in_unit(t, factor),
                    figure(w)
                );
                (s, f.clone(), f.replace('÷', "/"))
            }
        }
    };
    r.computed = scheme.rounding.apply(clamp(score, Decimal::ZERO, w));
    r.attainment = if met {
        Attainment::Met
    } else {
        Attainment::Unmet
    };
    // 偏差度: relative to the target; a shortfall-only scheme counts a met target as 0.
    let relative = if t.is_zero() {
        None
    } else {
        a.saturating_sub(t).checked_div(t)
    };
    r.deviation = match (met, scheme.deviation.shortfall_only) {
        (true, true) => Some(Decimal::ZERO),
        (false, true) if !higher => relative.map(|d| -d),
        _ => relative,
    };
    if !met {
        r.needs_reason = true;
        let (actual_text, target_text) = (actual_text(r), target_text());
        let verb = if higher { "未达到" } else { "超出" };
        // No space after a closing full-width bracket: "…14988.39）未达到 ≥90%".
        let gap = if actual_text.ends_with('）') {
            ""
        } else {
            " "
        };
        r.ledger.extend(lost(scheme, w, r.computed, || {
            Text::new(
                format!(
                    "{name}：实际 {actual_text}{gap}{verb} {}，得分 {formula_zh} = {}",
                    target_text.zh,
                    pts(scheme, r.computed)
                ),
                format!(
                    "{name}: actual {actual_text} misses {}, score {formula_en} = {}",
                    target_text.en,
                    pts(scheme, r.computed)
                ),
            )
        }));
    } else if let Some(d) = r.deviation
        && scheme.deviation.reason_threshold > Decimal::ZERO
        && d.abs() > scheme.deviation.reason_threshold
    {
        r.needs_reason = true;
    }
    if higher
        && met
        && t > Decimal::ZERO
        && let Some((threshold, action)) = scheme.quantitative.over_threshold
        && let Some(ratio) = a.checked_div(t)
        && ratio >= threshold
    {
        r.over = Some(ratio);
        match action {
            OverAction::Warn => {}
            OverAction::Reason => r.needs_reason = true,
            OverAction::Deduct(points) => {
                let (actual_text, target_text) = (actual_text(r), target_text());
                let before = r.computed;
                r.computed = before.saturating_sub(points).max(Decimal::ZERO);
                r.ledger.extend(lost(scheme, before, r.computed, || {
                    Text::new(
                        format!(
                            "{name}：实际 {actual_text} 达到指标值 {} 的 {}，属指标偏离",
                            target_text.zh,
                            percent(ratio)
                        ),
                        format!(
                            "{name}: actual {actual_text} is {} of the target {} (指标偏离)",
                            percent(ratio),
                            target_text.en
                        ),
                    )
                }));
            }
        }
    }
}

fn range(
    scheme: &Scheme,
    r: &mut RowResult,
    name: &str,
    low: &Quantity,
    high: &Quantity,
    actual: &Value,
) {
    let (Some((l, a, aq, _)), Some((h, _, _, _))) =
        (comparable(low, actual), comparable(high, actual))
    else {
        return;
    };
    let w = r.weight;
    r.basis = Basis::Exact;
    let (share, bound) = if a < l {
        (
            if l.is_zero() {
                Decimal::ZERO
            } else {
                a.checked_div(l).unwrap_or_default()
            },
            l,
        )
    } else if a > h {
        (
            if a.is_zero() {
                Decimal::ZERO
            } else {
                h.checked_div(a).unwrap_or_default()
            },
            h,
        )
    } else {
        (Decimal::ONE, a)
    };
    r.computed = scheme.rounding.apply(clamp(
        share.checked_mul(w).unwrap_or_default(),
        Decimal::ZERO,
        w,
    ));
    let met = share == Decimal::ONE;
    r.attainment = if met {
        Attainment::Met
    } else {
        Attainment::Unmet
    };
    r.deviation = if met || bound.is_zero() {
        Some(Decimal::ZERO)
    } else {
        a.saturating_sub(bound).checked_div(bound)
    };
    if !met {
        r.needs_reason = true;
        r.ledger.extend(lost(scheme, w, r.computed, || {
            Text::new(
                format!(
                    "{name}：实际 {} 不在 {}-{} 之内，得分 {}",
                    show(&aq),
                    show(low),
                    show(high),
                    pts(scheme, r.computed)
                ),
                format!(
                    "{name}: actual {} is outside {}-{}, score {}",
                    show(&aq),
                    show(low),
                    show(high),
                    pts(scheme, r.computed)
                ),
            )
        }));
    }
}

/// The month an actual names when it answers a deadline with a month alone (`7月` for `9月前`):
/// the last day of that month, in the deadline's year.
fn month_named(actual: &Value, due: Date) -> Option<Date> {
    let q = actual.quantity()?;
    let month = u32::try_from(q.value.normalize().mantissa()).ok()?;
    (q.value.scale() == 0 && q.unit_symbol() == "月" && (1..=12).contains(&month)).then(|| Date {
        year: due.year,
        month,
        day: days_in(month),
    })
}

/// The days of `month` (February as 29: a month named alone has no year to tell).
fn days_in(month: u32) -> u32 {
    match month {
        2 => 29,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn deadline(scheme: &Scheme, r: &mut RowResult, name: &str, due: Date, actual: &Value) {
    let date = match actual {
        Value::Date { date, .. } => *date,
        _ => match month_named(actual, due) {
            Some(date) => date,
            None => return,
        },
    };
    let date = &date;
    r.basis = Basis::Exact;
    let w = r.weight;
    if date.no_later_than(due) {
        r.attainment = Attainment::Met;
        r.computed = w;
        r.deviation = Some(Decimal::ZERO);
    } else {
        r.attainment = Attainment::Unmet;
        r.needs_reason = true;
        r.computed = scheme
            .rounding
            .apply(scheme.deadline_missed.checked_mul(w).unwrap_or_default());
        r.ledger.extend(lost(scheme, w, r.computed, || {
            Text::new(
                format!(
                    "{name}：{date} 完成，晚于期限 {due}，得分 {}",
                    pts(scheme, r.computed)
                ),
                format!(
                    "{name}: done {date}, after the deadline {due}, score {}",
                    pts(scheme, r.computed)
                ),
            )
        }));
    }
}

/// Text without the punctuation a clerk ends a cell with, for comparing two texts.
fn bare_text(text: &str) -> &str {
    text.trim_end_matches(['.', '。', ';', '；', ',', '，', '!', '！'])
        .trim()
}

/// Words that deny what follows: an actual holding one (未完成, 没有达到) is no affirmation.
const NEGATIONS: &[&str] = &["未", "没有", "不到", "不足", "尚未", "无法"];

/// The band an actual's words place a qualitative row in, beyond an exact vocabulary word: an
/// actual that restates its target (符合相关文件要求 for 符合相关文件要求) or contains it (资金
/// 专款专用 for 专款专用) is achieved, unless it denies it; otherwise the longest vocabulary word
/// it contains decides (已全部完成 holds 全部完成; 部分完成 holds 完成 but is longer).
fn band_by_words(q: &crate::scheme::Qualitative, target: &str, actual: &str) -> Option<usize> {
    let (target, actual) = (bare_text(target), bare_text(actual));
    let denies = |t: &str| NEGATIONS.iter().any(|n| t.contains(n));
    if actual == target
        || (target.chars().count() >= 2
            && actual.contains(target)
            && (denies(target) || !denies(actual)))
    {
        return q.achieved();
    }
    // A word right after a negating character is denied (不满意 is no 满意).
    let affirmed = |word: &str| {
        actual
            .match_indices(word)
            .any(|(at, _)| !actual[..at].ends_with(['不', '未', '没', '无', '非']))
    };
    q.vocabulary
        .iter()
        .filter(|(word, _)| word.chars().count() >= 2 && affirmed(word))
        .max_by_key(|(word, _)| word.len())
        .map(|(_, band)| *band)
}

fn qualitative(scheme: &Scheme, r: &mut RowResult, name: &str, actual: &Value) {
    let q = &scheme.qualitative;
    let by_word = match (actual, &r.target) {
        (Value::Qualitative(t), Value::Qualitative(target)) => q
            .vocabulary
            .get(t)
            .copied()
            .or_else(|| band_by_words(q, target, t)),
        (Value::Qualitative(t), _) => q.vocabulary.get(t).copied(),
        (
            Value::Quantity {
                quantity,
                subject: None,
            },
            _,
        ) => q
            .vocabulary
            .get(&format!(
                "{}{}",
                quantity.value.normalize(),
                quantity.unit_symbol()
            ))
            .copied(),
        _ => None,
    };
    // A percentage that is no vocabulary word still tells the band: 85% → 达成.
    let band = by_word.or_else(|| {
        let pq = actual.quantity().filter(|q| q.is_percent())?;
        let share = pq
            .value
            .checked_div(Decimal::ONE_HUNDRED)?
            .min(Decimal::ONE);
        q.bands.iter().position(|b| b.contains(share))
    });
    let Some(band_index) = band else {
        return;
    };
    let b = &q.bands[band_index];
    // A negative weight (reported by `weight-invalid`) gives a band of nothing, not of minus.
    let w = r.weight.max(Decimal::ZERO);
    let min = b.min.checked_mul(w).unwrap_or_default();
    let max = b.max.checked_mul(w).unwrap_or_default();
    // An exclusive upper bound is the largest score below it at the scheme's precision.
    let step = Decimal::new(1, scheme.rounding.places);
    let top = if b.max_inclusive {
        max
    } else {
        max.saturating_sub(step).max(min)
    };
    r.band_range = Some((min, top));
    r.attainment = Attainment::Band(band_index);
    r.basis = Basis::Band;
    r.computed = scheme
        .rounding
        .apply(clamp(r.claimed.unwrap_or(min), min, top));
    let achieved = q.achieved() == Some(band_index);
    r.deviation = achieved.then_some(Decimal::ZERO);
    r.needs_reason = !achieved;
    let (claimed, computed) = (r.claimed, r.computed);
    let why = || match claimed {
        Some(c) if c > top || c < min => Text::new(
            format!(
                "{name}：定性指标“{}”档应得 {}–{} 分，自评 {} 分，按 {} 分计",
                b.name,
                pts(scheme, min),
                pts(scheme, top),
                pts(scheme, c),
                pts(scheme, computed)
            ),
            format!(
                "{name}: the \"{}\" band allows {}–{}, {} was claimed, {} counted",
                b.name,
                pts(scheme, min),
                pts(scheme, top),
                pts(scheme, c),
                pts(scheme, computed)
            ),
        ),
        Some(c) => Text::new(
            format!("{name}：定性指标“{}”档，自评 {} 分", b.name, pts(scheme, c)),
            format!(
                "{name}: qualitative, band \"{}\", {} claimed",
                b.name,
                pts(scheme, c)
            ),
        ),
        None => Text::new(
            format!(
                "{name}：定性指标“{}”档，未填得分，按该档下限 {} 分计",
                b.name,
                pts(scheme, min)
            ),
            format!(
                "{name}: qualitative, band \"{}\", no score claimed, its floor {} counted",
                b.name,
                pts(scheme, min)
            ),
        ),
    };
    r.ledger.extend(lost(scheme, w, r.computed, why));
}
