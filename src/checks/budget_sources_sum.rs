//! `budget-sources-sum`: the source rows must add up to the total row.

use rust_decimal::Decimal;

use super::{Check, Context};
use crate::codes::{BUDGET_SOURCES_SUM as CODE, Code};
use crate::diagnostic::Finding;
use crate::lang::Text;
use crate::numfmt::plain;
use crate::sheet::{BudgetRow, Field};

pub struct BudgetSourcesSum;

type Pick = fn(&BudgetRow) -> &Option<Field<Decimal>>;

impl Check for BudgetSourcesSum {
    fn code(&self) -> &'static Code {
        &CODE
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(budget) = &cx.sheet.budget else {
            return;
        };
        // A blank or zero total row under filled 其中 rows is budget-total-blank's.
        if cx.report.budget.from_sources {
            return;
        }
        if budget.sources.is_empty() {
            return;
        }
        // A subtotal row and its parts are summed once.
        let top = crate::engine::top_level_sources(&budget.sources, &budget.total);
        let columns: [(&str, &str, &'static str, Pick); 3] = [
            (
                "年初预算数",
                "initial budget",
                "budget.total.initial",
                |r| &r.initial,
            ),
            (
                "全年预算数",
                "full-year budget",
                "budget.total.full_year",
                |r| &r.full_year,
            ),
            (
                "全年执行数",
                "executed",
                "budget.total.executed",
                |r| &r.executed,
            ),
        ];
        for (zh, en, field, pick) in columns {
            let Some(total) = pick(&budget.total) else {
                continue;
            };
            let mut parts = top
                .iter()
                .filter_map(|s| pick(s).as_ref().map(|f| f.value))
                .peekable();
            if parts.peek().is_none() {
                continue;
            }
            let sum = parts.fold(Decimal::ZERO, |a, v| a.saturating_add(v));
            if sum != total.value {
                out.push(
                    CODE.finding(
                        Text::new(
                            format!(
                                "资金来源的{zh}合计 {}，与总额 {} 不符（相差 {}）",
                                plain(sum),
                                plain(total.value),
                                plain((total.value - sum).abs())
                            ),
                            format!(
                                "the sources' {en} add up to {}, the total says {} (off by {})",
                                plain(sum),
                                plain(total.value),
                                plain((total.value - sum).abs())
                            ),
                        ),
                        Text::new(
                            "核对各资金来源与总额，按决算数据更正",
                            "check the sources and the total against the final accounts",
                        ),
                    )
                    .at(&cx.sheet.source, total.pos.clone())
                    .field(field),
                );
            }
        }
    }
}
