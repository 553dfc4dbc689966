//! `budget-overspent`: more was spent than the full-year budget allowed.

use super::{Check, Context};
use crate::codes::{BUDGET_OVERSPENT as CODE, Code};
use crate::diagnostic::Finding;
use crate::lang::Text;
use crate::numfmt::{percent, plain};

pub struct BudgetOverspent;

impl Check for BudgetOverspent {
    fn code(&self) -> &'static Code {
        &CODE
    }

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
            CODE.finding(
                Text::new(
                    format!("全年执行数 {} 大于全年预算数 {}（执行率 {rate}）", plain(executed), plain(full_year)),
                    format!("the execution {} exceeds the full-year budget {} (a rate of {rate})", plain(executed), plain(full_year)),
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
