//! `weights-sum`: the weights of all rows plus the budget weight must make the total.

use rust_decimal::Decimal;

use super::{Check, Context};
use crate::codes::{Code, WEIGHTS_SUM as CODE};
use crate::diagnostic::Finding;
use crate::lang::Text;
use crate::numfmt::plain;

pub struct WeightsSum;

impl Check for WeightsSum {
    fn code(&self) -> &'static Code {
        &CODE
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        // The sum is held against the 总分 row's printed 分值: without that row the table may
        // be cut short, and without row weights weights-missing says so once.
        if !cx.report.form.row_weights || !cx.report.form.total_row {
            return;
        }
        let rows = cx
            .sheet
            .indicators
            .iter()
            .filter_map(|i| i.weight.as_ref())
            .fold(Decimal::ZERO, |a, w| a.saturating_add(w.value));
        let sum = rows.saturating_add(cx.report.budget.weight);
        let total = cx.report.total.weight;
        if sum != total {
            let pos = cx
                .sheet
                .total
                .as_ref()
                .map(|t| t.pos.clone())
                .unwrap_or_else(|| cx.anchor());
            out.push(
                CODE.finding(
                    Text::new(
                        format!(
                            "分值合计 {}（指标 {} + 预算执行 {}）不等于总分 {}",
                            plain(sum),
                            plain(rows),
                            plain(cx.report.budget.weight),
                            plain(total)
                        ),
                        format!(
                            "weights add up to {} (rows {} + budget {}), not the total {}",
                            plain(sum),
                            plain(rows),
                            plain(cx.report.budget.weight),
                            plain(total)
                        ),
                    ),
                    Text::new(
                        "调整各指标分值，使合计等于总分",
                        "adjust the weights so that they add up to the total",
                    ),
                )
                .at(&cx.sheet.source, pos)
                .field("total.weight"),
            );
        }
    }
}
