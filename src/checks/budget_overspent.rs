//! `budget-overspent`: more was spent than the full-year budget allowed.

use super::{Check, Context, Rule};
use crate::diagnostic::{Finding, Severity};
use crate::engine::{num, percent};
use crate::lang::Text;

pub struct BudgetOverspent;

pub static RULE: Rule = Rule {
    name: "budget-overspent",
    severity: Severity::Warning,
    summary_zh: "全年执行数大于全年预算数",
    summary_en: "more was spent than the full-year budget",
    docs: "## 作用\n全年执行数大于全年预算数（调整后预算数）时报告：支出不能超过调整后的预算。\n\n## 原因\n执行数超过预算，要么全年预算数没有按年中追加调整，要么执行数含有预算以外的资金；执行率超过 100% 也会抬高得分。\n\n## 示例\n全年预算数 329.77、全年执行数 338.31（执行率 102.59%）。\n\n## 依据\n预算执行率 = 执行数 ÷ 调整后预算数（四川省部门预算项目支出绩效自评表表注）；支出以预算为限（《中华人民共和国预算法》）。",
    docs_en: "## What it checks\nReports a 全年执行数 (execution) above the 全年预算数 (full-year, adjusted budget): spending cannot exceed the adjusted budget.\n\n## Why\nEither the full-year budget was not updated for mid-year additions, or the execution counts money from outside the budget; a rate above 100% also inflates the score.\n\n## Example\nFull-year budget 329.77, execution 338.31 (a rate of 102.59%).\n\n## Basis\n执行率 = 执行数 ÷ 调整后预算数 (the note printed under the Sichuan project form); spending is bounded by the budget (the Budget Law).",
    check: &BudgetOverspent,
};

impl Check for BudgetOverspent {
    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let b = &cx.report.budget;
        let (Some(full_year), Some(executed), Some(budget)) =
            (b.full_year, b.executed, cx.sheet.budget.as_ref())
        else {
            return;
        };
        if executed <= full_year || full_year.is_zero() {
            return;
        }
        let rate = executed
            .checked_div(full_year)
            .map_or_else(|| "—".to_string(), percent);
        let pos = budget
            .total
            .executed
            .as_ref()
            .map_or_else(|| budget.total.pos.clone(), |f| f.pos.clone());
        out.push(
            RULE.finding(
                Text::new(
                    format!("全年执行数 {} 大于全年预算数 {}（执行率 {rate}）", num(executed), num(full_year)),
                    format!("the execution {} exceeds the full-year budget {} (a rate of {rate})", num(executed), num(full_year)),
                ),
                Text::new(
                    "核对全年预算数是否包含年中追加，或执行数是否含有预算以外的资金",
                    "check whether the full-year budget includes mid-year additions, or the execution money from outside the budget",
                ),
            )
            .at(&cx.sheet.source, pos)
            .field("budget.total.executed"),
        );
    }
}
