//! `budget-indicator-conflict`: a budget-derived indicator's actual contradicts the figures.

use super::{AtRow, Check, Context};
use crate::codes::{BUDGET_INDICATOR_CONFLICT as CODE, Code};
use crate::diagnostic::Finding;
use crate::lang::Text;
use crate::numfmt::percent;

pub struct BudgetIndicatorConflict;

impl Check for BudgetIndicatorConflict {
    fn code(&self) -> &'static Code {
        &CODE
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (i, row, r) in super::indicators(cx) {
            let Some(d) = &r.derived else {
                continue;
            };
            if !d.conflicts {
                continue;
            }
            let action = if d.replaced {
                Text::new("复核按计算值评分", "the review scores the computed value")
            } else {
                Text::new("请核实", "please verify")
            };
            let finding = CODE.at_row(
                cx,
                i,
                "actual",
                Text::new(
                    format!(
                        "“{}”填报 {}，按预算数据 {} = {}；{}",
                        row.name.value.trim(),
                        row.actual.value.trim(),
                        d.explanation,
                        percent(d.value),
                        action.zh
                    ),
                    format!(
                        "\"{}\" reports {}, the budget figures give {} = {}; {}",
                        row.name.value.trim(),
                        row.actual.value.trim(),
                        d.explanation,
                        percent(d.value),
                        action.en
                    ),
                ),
                Text::new(
                    format!("将实际完成值改为 {}", percent(d.value)),
                    format!("correct the actual to {}", percent(d.value)),
                ),
            );
            let len = row.actual.value.len();
            out.push(if len > 0 {
                finding.span(0..len)
            } else {
                finding
            });
        }
    }
}
