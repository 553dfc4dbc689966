//! `budget-total-blank`: the budget block's total row is blank or zero under filled 其中 rows.

use super::{Check, Context, pts};
use crate::codes::{BUDGET_TOTAL_BLANK as CODE, Code};
use crate::diagnostic::Finding;
use crate::lang::Text;
use crate::numfmt::{percent, plain};

pub struct BudgetTotalBlank;

impl Check for BudgetTotalBlank {
    fn code(&self) -> &'static Code {
        &CODE
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let b = &cx.report.budget;
        if b.rate_printed {
            rate_unverifiable(cx, out);
            return;
        }
        let Some(budget) = cx.sheet.budget.as_ref().filter(|_| b.from_sources) else {
            return;
        };
        let blank = |f: &Option<crate::sheet::Field<rust_decimal::Decimal>>| {
            f.as_ref().is_none_or(|f| f.value.is_zero())
        };
        let total = &budget.total;
        let taken: Vec<(&str, &str, rust_decimal::Decimal)> = [
            ("年初预算数", "initial budget", &total.initial, b.initial),
            (
                "全年预算数",
                "full-year budget",
                &total.full_year,
                b.full_year,
            ),
            ("全年执行数", "execution", &total.executed, b.executed),
        ]
        .into_iter()
        .filter_map(|(zh, en, written, used)| blank(written).then_some((zh, en, used?)))
        .collect();
        let Some(first) = taken.first() else {
            return;
        };
        let zh: Vec<String> = taken
            .iter()
            .map(|(zh, _, v)| format!("{zh} {}", plain(*v)))
            .collect();
        let en: Vec<String> = taken
            .iter()
            .map(|(_, en, v)| format!("{en} {}", plain(*v)))
            .collect();
        let rate = b.rate.map_or_else(|| "—".to_string(), percent);
        let score = match b.computed.filter(|_| b.scored && !b.kept) {
            Some(s) => Text::new(
                format!("，预算执行得分 {}", pts(cx, s)),
                format!(", a budget score of {}", pts(cx, s)),
            ),
            None => Text::new("", ""),
        };
        let field = match first.0 {
            "年初预算数" => "budget.total.initial",
            "全年预算数" => "budget.total.full_year",
            _ => "budget.total.executed",
        };
        let pos = match field {
            "budget.total.initial" => total.initial.as_ref(),
            "budget.total.full_year" => total.full_year.as_ref(),
            _ => total.executed.as_ref(),
        }
        .map_or_else(
            || {
                cx.sheet
                    .budget_cell(field.trim_start_matches("budget.total."))
                    .unwrap_or_else(|| total.pos.clone())
            },
            |f| f.pos.clone(),
        );
        out.push(
            CODE.finding(
                Text::new(
                    format!(
                        "预算总额行的{}为 0 或空白，其中各行却已填写；复核按其中各行合计（{}）：执行率 {rate}{}",
                        taken.iter().map(|(zh, ..)| *zh).collect::<Vec<_>>().join("、"),
                        zh.join("，"),
                        score.zh
                    ),
                    format!(
                        "the total row's {} is zero or blank while its sources are filled; the review uses the sources ({}): a rate of {rate}{}",
                        taken.iter().map(|(_, en, _)| *en).collect::<Vec<_>>().join(", "),
                        en.join(", "),
                        score.en
                    ),
                ),
                Text::new(
                    "按其中各行合计填写总额行的预算数、执行数、执行率和得分",
                    "fill in the total row from the sum of its sources: budget, execution, rate and score",
                ),
            )
            .at(&cx.sheet.source, pos)
            .field(field),
        );
    }
}

/// The total row lacks the figures the rate is computed from, and no 其中 row holds them: the
/// printed rate is scored as it is, and cannot be verified.
fn rate_unverifiable(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let (b, Some(budget)) = (&cx.report.budget, cx.sheet.budget.as_ref()) else {
        return;
    };
    let total = &budget.total;
    let blank: Vec<(&str, &str)> = [
        ("全年预算数", "full-year budget", &total.full_year),
        ("全年执行数", "execution", &total.executed),
    ]
    .into_iter()
    .filter(|(.., f)| f.is_none())
    .map(|(zh, en, _)| (zh, en))
    .collect();
    let rate = b.rate.map_or_else(|| "—".to_string(), percent);
    let zh: Vec<&str> = blank.iter().map(|(zh, _)| *zh).collect();
    let en: Vec<&str> = blank.iter().map(|(_, en)| *en).collect();
    out.push(
        CODE.finding(
            Text::new(
                format!("预算总额行的{}未填写，执行率无法核对；按填报的执行率 {rate} 复核", zh.join("、")),
                format!("the total row has no {}: the rate cannot be verified, and the printed {rate} is used", en.join(" and no ")),
            ),
            Text::new(
                "填写预算数和执行数，使执行率可以核对",
                "fill in the budget and the execution, so that the rate can be checked",
            ),
        )
        .at(
            &cx.sheet.source,
            total.rate.as_ref().map_or_else(
                || cx.sheet.budget_cell("rate").unwrap_or_else(|| total.pos.clone()),
                |r| r.pos.clone(),
            ),
        )
        .field("budget.total.rate"),
    );
}
