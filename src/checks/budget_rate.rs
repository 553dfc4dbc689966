//! `budget-rate`: the printed 执行率 differs from the one the figures give.

use super::{Check, Context};
use crate::codes::{BUDGET_RATE as CODE, Code};
use crate::diagnostic::Finding;
use crate::lang::Text;
use crate::numfmt::percent;

pub struct BudgetRate;

impl Check for BudgetRate {
    fn code(&self) -> &'static Code {
        &CODE
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let b = &cx.report.budget;
        let Some(rate) = b.rate.filter(|_| !b.from_sources && !b.rate_printed) else {
            return;
        };
        let Some(budget) = cx.sheet.budget.as_ref() else {
            return;
        };
        let Some(printed) = budget.total.rate.as_ref() else {
            // A form that scores budget execution prints its rate.
            if b.scored {
                out.push(
                    CODE.finding(
                        Text::new(
                            format!(
                                "执行率未填写，按 {} 计算为 {}",
                                b.rate_explanation,
                                percent(rate)
                            ),
                            format!(
                                "the rate is blank; {} gives {}",
                                b.rate_explanation,
                                percent(rate)
                            ),
                        ),
                        Text::new(
                            format!("填写执行率 {}", percent(rate)),
                            format!("fill in the rate, {}", percent(rate)),
                        ),
                    )
                    .at(
                        &cx.sheet.source,
                        cx.sheet
                            .budget_cell("rate")
                            .unwrap_or_else(|| budget.total.pos.clone()),
                    )
                    .field("budget.total.rate"),
                );
            }
            return;
        };
        let Some(claimed) = b.rate_claimed else {
            return;
        };
        // Compare at the precision printed: 81.9 agrees with 81.8997…%.
        let places = claimed.scale().saturating_sub(2);
        let Some(as_printed) = rate.checked_mul(rust_decimal::Decimal::ONE_HUNDRED) else {
            return;
        };
        // Rounded, or cut off as some provincial systems print it: 89.97% as 89.9.
        let claimed_percent = claimed.checked_mul(rust_decimal::Decimal::ONE_HUNDRED);
        let agrees = [
            rust_decimal::RoundingStrategy::MidpointAwayFromZero,
            rust_decimal::RoundingStrategy::ToZero,
        ]
        .into_iter()
        .any(|strategy| {
            claimed_percent == Some(as_printed.round_dp_with_strategy(places, strategy))
        });
        if !agrees {
            out.push(
                CODE.finding(
                    Text::new(
                        format!(
                            "执行率填报 {}，按 {} 计算为 {}",
                            printed.value.trim(),
                            b.rate_explanation,
                            percent(rate)
                        ),
                        format!(
                            "执行率 is printed as {}, but {} gives {}",
                            printed.value.trim(),
                            b.rate_explanation,
                            percent(rate)
                        ),
                    ),
                    Text::new(
                        format!("将执行率改为 {}", percent(rate)),
                        format!("correct the rate to {}", percent(rate)),
                    ),
                )
                .at(&cx.sheet.source, printed.pos.clone())
                .field("budget.total.rate"),
            );
        }
    }
}
