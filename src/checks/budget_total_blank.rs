//! `budget-total-blank`: the budget block's total row is blank or zero under filled 其中 rows.

use super::{Check, Context, Rule, pts};
use crate::diagnostic::{Finding, Severity};
use crate::engine::{num, percent};
use crate::lang::Text;

pub struct BudgetTotalBlank;

pub static RULE: Rule = Rule {
    name: "budget-total-blank",
    severity: Severity::Error,
    summary_zh: "预算总额行的预算数或执行数为 0 或空白（其中各行已填写，或执行率无法核对）",
    summary_en: "the budget total row's budget or execution is zero or blank (its sources filled, or its rate unverifiable)",
    docs: "## 作用\n年度资金总额（部门预算总额）一行的年初预算数、全年预算数或全年执行数为 0 或空白，而“其中”各资金来源行已填写时报告一次，并按其中各行合计重算执行率和预算执行得分。此时不再逐列报告 budget-sources-sum，也不按总额行核对执行率与得分。总额行缺少全年预算数或全年执行数、其中各行也没有时，执行率无法核对，按填报的执行率计分，也在此报告一次。\n\n## 原因\n总额行漏填会让执行率无从计算、得分记为 0，复核应按实际填写的数据计分。\n\n## 示例\n年度资金总额 0 / 0 / 0，其中：本年财政拨款 90 / 89.974 / 89.974。\n\n## 依据\n年度资金总额为其中各项资金之和（财预〔2020〕10号附件1）。",
    docs_en: "## What it checks\nWhen the 年初预算数, 全年预算数 or 全年执行数 of the 年度资金总额 (部门预算总额) row is zero or blank while its 其中 (source) rows are filled, reports once and recomputes the rate and the budget score from the sum of those rows. budget-sources-sum is then not reported column by column, and the total row's rate and score are not checked. When the total row lacks its full-year budget or execution and no source row holds them, the rate cannot be verified: the printed rate is scored, and that is reported here once too.\n\n## Why\nA total row left out leaves no rate to compute and a score of 0; the review scores the figures that were filled in.\n\n## Example\n年度资金总额 0 / 0 / 0, 其中：本年财政拨款 90 / 89.974 / 89.974.\n\n## Basis\nThe total is the sum of its sources (annex 1 to 财预〔2020〕10号).",
    check: &BudgetTotalBlank,
};

impl Check for BudgetTotalBlank {
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
            .map(|(zh, _, v)| format!("{zh} {}", num(*v)))
            .collect();
        let en: Vec<String> = taken
            .iter()
            .map(|(_, en, v)| format!("{en} {}", num(*v)))
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
            RULE.finding(
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
        RULE.finding(
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
