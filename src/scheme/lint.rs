//! `jixiao scheme check`: what a scheme can get wrong and still load. Loading already
//! rejects unknown keys, bad values, unparsable formulas, unknown figures, unknown checks and
//! extends cycles; these lints look at the rules as a whole: weights that do not make the
//! total, qualitative bands that overlap or leave gaps, thresholds out of order.

use rust_decimal::Decimal;

use super::{Band, Origin, OverAction, Scheme};
use crate::diagnostic::{Finding, Severity};
use crate::lang::Text;
use crate::numfmt::{percent, plain};

fn finding(
    rule: &'static str,
    severity: Severity,
    at: &Origin,
    message: Text,
    help: Text,
) -> Finding {
    Finding::new(rule, severity, message, help).at(&at.file, at.pos.clone())
}

fn line(at: &Origin) -> usize {
    match at.pos {
        crate::diagnostic::Pos::Text { line, .. } => line,
        _ => 0,
    }
}

/// Every lint finding for `scheme`, in file order.
pub fn lint(scheme: &Scheme) -> Vec<Finding> {
    let mut out = Vec::new();
    weights(scheme, &mut out);
    bands(&scheme.qualitative.bands, &mut out);
    caps(scheme, &mut out);
    grades(scheme, &mut out);
    thresholds(scheme, &mut out);
    divisors(scheme, &mut out);
    out
}

/// A budget formula that divides by 年初预算数 cannot be computed for a unit funded wholly
/// during the year (年初预算数 0, as the seed's 财政专户 row shows); warn unless the formula
/// guards with `if`. 全年预算数 and 全年执行数 are 0 only on a sheet without a budget, which the
/// formula-error check reports anyway.
fn divisors(scheme: &Scheme, out: &mut Vec<Finding>) {
    let formulas = std::iter::once((
        &scheme.budget.rate,
        &scheme.budget.rate_origin,
        "执行率".to_string(),
    ))
    .chain(
        scheme
            .derived
            .iter()
            .map(|d| (&d.formula, &d.formula_origin, d.name.clone())),
    );
    for (formula, at, what) in formulas {
        let (divisors, guarded) = formula.divisors();
        if guarded {
            continue;
        }
        for (name, span) in divisors {
            if super::budget_figure(name) != Some("initial") {
                continue;
            }
            out.push(
                finding(
                    "scheme-zero-divisor",
                    Severity::Warning,
                    at,
                    Text::new(
                        format!("“{what}”的公式除以“{name}”，该数为 0 的表将无法计算（报 formula-error）"),
                        format!("the formula of \"{what}\" divides by \"{name}\": a sheet where it is 0 cannot be computed (formula-error)"),
                    ),
                    Text::new(
                        format!("如需为 0 时另行处理，写成 if({name} = 0, 0, …)"),
                        format!("to handle a zero, write if({name} = 0, 0, …)"),
                    ),
                )
                .span(span),
            );
        }
    }
}

/// Fixed category weights and the budget weight must make the total, when every required
/// category has a weight (an optional category without one, such as a 成本指标 block some
/// provinces print on its own, takes its points from the others).
fn weights(scheme: &Scheme, out: &mut Vec<Finding>) {
    let required_weighed = scheme
        .categories
        .iter()
        .all(|c| !c.required || c.weight.is_some());
    let fixed: Vec<Decimal> = scheme.categories.iter().filter_map(|c| c.weight).collect();
    let Some(first) = scheme.categories.first() else {
        return;
    };
    if !required_weighed || fixed.is_empty() {
        return;
    }
    let sum = fixed
        .iter()
        .fold(scheme.budget.weight, |a, w| a.saturating_add(*w));
    if sum != scheme.total {
        out.push(finding(
            "scheme-weights-sum",
            Severity::Error,
            &first.origin,
            Text::new(
                format!(
                    "一级指标分值与预算执行分值合计 {}，不等于总分 {}",
                    plain(sum),
                    plain(scheme.total)
                ),
                format!(
                    "the category weights and the budget weight add up to {}, not the total {}",
                    plain(sum),
                    plain(scheme.total)
                ),
            ),
            Text::new(
                "调整各一级指标的 weight，使合计等于 total",
                "adjust the categories' weights so that they make the total",
            ),
        ));
    }
}

/// Qualitative bands must cover 0–100% once: no overlap, no gap.
fn bands(bands: &[Band], out: &mut Vec<Finding>) {
    let mut sorted: Vec<&Band> = bands.iter().collect();
    sorted.sort_by_key(|b| b.min);
    for pair in sorted.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let a_range = range_text(a);
        let b_range = range_text(b);
        if b.min < a.max || (b.min == a.max && a.max_inclusive) {
            out.push(finding(
                "scheme-band-overlap",
                Severity::Error,
                &b.origin,
                Text::new(
                    format!(
                        "档次“{}” {b_range}（第 {} 行）与“{}” {a_range}（第 {} 行）重叠",
                        b.name,
                        line(&b.origin),
                        a.name,
                        line(&a.origin)
                    ),
                    format!(
                        "the band \"{}\" {b_range} (line {}) overlaps \"{}\" {a_range} (line {})",
                        b.name,
                        line(&b.origin),
                        a.name,
                        line(&a.origin)
                    ),
                ),
                Text::new(
                    format!(
                        "将“{}”的 max 改为 {}（不含），或将“{}”的 min 改为 {}",
                        a.name,
                        percent(b.min),
                        b.name,
                        percent(a.max)
                    ),
                    format!(
                        "set \"{}\" max to {} (exclusive), or \"{}\" min to {}",
                        a.name,
                        percent(b.min),
                        b.name,
                        percent(a.max)
                    ),
                ),
            ));
        } else if b.min > a.max {
            out.push(finding(
                "scheme-band-gap",
                Severity::Error,
                &b.origin,
                Text::new(
                    format!(
                        "档次“{}” {a_range}（第 {} 行）与“{}” {b_range}（第 {} 行）之间有空档：{}–{} 不属于任何档",
                        a.name,
                        line(&a.origin),
                        b.name,
                        line(&b.origin),
                        percent(a.max),
                        percent(b.min)
                    ),
                    format!(
                        "between \"{}\" {a_range} (line {}) and \"{}\" {b_range} (line {}) lies a gap: {}–{} is in no band",
                        a.name,
                        line(&a.origin),
                        b.name,
                        line(&b.origin),
                        percent(a.max),
                        percent(b.min)
                    ),
                ),
                Text::new(
                    format!("将“{}”的 min 改为 {}", b.name, percent(a.max)),
                    format!("set \"{}\" min to {}", b.name, percent(a.max)),
                ),
            ));
        }
    }
    if let Some(low) = sorted.first().filter(|b| b.min > Decimal::ZERO) {
        out.push(finding(
            "scheme-band-gap",
            Severity::Error,
            &low.origin,
            Text::new(
                format!(
                    "0–{} 不属于任何档次（最低档“{}”从 {} 起）",
                    percent(low.min),
                    low.name,
                    percent(low.min)
                ),
                format!(
                    "0–{} is in no band (the lowest, \"{}\", starts at {})",
                    percent(low.min),
                    low.name,
                    percent(low.min)
                ),
            ),
            Text::new(
                format!("将“{}”的 min 改为 0%", low.name),
                format!("set \"{}\" min to 0%", low.name),
            ),
        ));
    }
    if let Some(high) = sorted
        .iter()
        .max_by_key(|b| b.max)
        .filter(|b| b.max < Decimal::ONE || !b.max_inclusive)
    {
        out.push(finding(
            "scheme-band-gap",
            Severity::Error,
            &high.origin,
            Text::new(
                format!(
                    "满分（100%）不属于任何档次（最高档“{}”为 {}）",
                    high.name,
                    range_text(high)
                ),
                format!(
                    "full marks (100%) are in no band (the highest, \"{}\", is {})",
                    high.name,
                    range_text(high)
                ),
            ),
            Text::new(
                format!("将“{}”设为 max: 100%、max_inclusive: true", high.name),
                format!("give \"{}\" max: 100% and max_inclusive: true", high.name),
            ),
        ));
    }
}

fn range_text(b: &Band) -> String {
    let close = if b.max_inclusive { ']' } else { ')' };
    format!("[{}, {}{close}", percent(b.min), percent(b.max))
}

/// Total caps by 执行率 band must not overlap, and a higher band must not cap lower.
fn caps(scheme: &Scheme, out: &mut Vec<Finding>) {
    let mut sorted: Vec<_> = scheme.budget.caps.iter().collect();
    sorted.sort_by_key(|c| c.min);
    for pair in sorted.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if a.max.is_none_or(|m| b.min < m) {
            out.push(finding(
                "scheme-band-overlap",
                Severity::Error,
                &b.origin,
                Text::new(
                    format!(
                        "总分封顶档“{}”（第 {} 行）与“{}”（第 {} 行）的执行率范围重叠",
                        b.name,
                        line(&b.origin),
                        a.name,
                        line(&a.origin)
                    ),
                    format!(
                        "the total caps \"{}\" (line {}) and \"{}\" (line {}) overlap",
                        b.name,
                        line(&b.origin),
                        a.name,
                        line(&a.origin)
                    ),
                ),
                Text::new(
                    format!("将“{}”的 max 改为 {}", a.name, percent(b.min)),
                    format!("set \"{}\" max to {}", a.name, percent(b.min)),
                ),
            ));
        } else if b.cap < a.cap {
            out.push(finding(
                "scheme-threshold-order",
                Severity::Warning,
                &b.origin,
                Text::new(
                    format!(
                        "执行率更高的“{}”封顶 {}，反而低于“{}”的 {}",
                        b.name,
                        plain(b.cap),
                        a.name,
                        plain(a.cap)
                    ),
                    format!(
                        "\"{}\" caps at {} for a higher rate than \"{}\" ({})",
                        b.name,
                        plain(b.cap),
                        a.name,
                        plain(a.cap)
                    ),
                ),
                Text::new(
                    "执行率越高，封顶分应越高",
                    "a higher rate should allow a higher cap",
                ),
            ));
        }
    }
}

/// Grades: distinct thresholds, none above the total, the lowest at 0.
fn grades(scheme: &Scheme, out: &mut Vec<Finding>) {
    for pair in scheme.grades.windows(2) {
        if pair[0].min == pair[1].min {
            out.push(finding(
                "scheme-threshold-order",
                Severity::Error,
                &pair[1].origin,
                Text::new(
                    format!(
                        "等级“{}”与“{}”的下限都是 {}",
                        pair[1].name,
                        pair[0].name,
                        plain(pair[0].min)
                    ),
                    format!(
                        "the grades \"{}\" and \"{}\" both start at {}",
                        pair[1].name,
                        pair[0].name,
                        plain(pair[0].min)
                    ),
                ),
                Text::new("各等级的 min 应互不相同", "give each grade its own min"),
            ));
        }
    }
    for g in scheme.grades.iter().filter(|g| g.min > scheme.total) {
        out.push(finding(
            "scheme-threshold-order",
            Severity::Error,
            &g.origin,
            Text::new(
                format!(
                    "等级“{}”的下限 {} 高于总分 {}，永远达不到",
                    g.name,
                    plain(g.min),
                    plain(scheme.total)
                ),
                format!(
                    "the grade \"{}\" starts at {}, above the total {}: it can never be reached",
                    g.name,
                    plain(g.min),
                    plain(scheme.total)
                ),
            ),
            Text::new(
                "下限应不高于总分",
                "a grade must start at or below the total",
            ),
        ));
    }
    if let Some(lowest) = scheme.grades.last().filter(|g| g.min > Decimal::ZERO) {
        out.push(finding(
            "scheme-band-gap",
            Severity::Warning,
            &lowest.origin,
            Text::new(
                format!(
                    "低于 {} 分的总分没有等级（最低等级“{}”）",
                    plain(lowest.min),
                    lowest.name
                ),
                format!(
                    "totals below {} have no grade (the lowest is \"{}\")",
                    plain(lowest.min),
                    lowest.name
                ),
            ),
            Text::new(
                format!("将“{}”的 min 改为 0", lowest.name),
                format!("set \"{}\" min to 0", lowest.name),
            ),
        ));
    }
}

/// Thresholds that only make sense above 100%.
fn thresholds(scheme: &Scheme, out: &mut Vec<Finding>) {
    let q = &scheme.quantitative;
    if let (Some((threshold, action)), Some(at)) = (q.over_threshold, &q.over_origin)
        && threshold <= Decimal::ONE
    {
        let what = match action {
            OverAction::Deduct(_) => "扣分",
            _ => "报告",
        };
        out.push(finding(
            "scheme-threshold-order",
            Severity::Error,
            at,
            Text::new(
                format!("超额阈值 {} 不高于 100%，恰好完成的指标也会被{what}", percent(threshold)),
                format!(
                    "the over-achievement threshold {} is not above 100%: a target just met would count",
                    percent(threshold)
                ),
            ),
            Text::new("阈值应高于 100%，常用 130%", "use a threshold above 100%, commonly 130%"),
        ));
    }
}
