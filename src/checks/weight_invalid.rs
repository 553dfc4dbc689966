//! `weight-invalid`: a 分值 below zero or above the whole sheet's total.

use rust_decimal::Decimal;

use super::{AtRow, Check, Context};
use crate::codes::{Code, WEIGHT_INVALID as CODE};
use crate::diagnostic::Finding;
use crate::lang::Text;
use crate::numfmt::plain;

pub struct WeightInvalid;

impl Check for WeightInvalid {
    fn code(&self) -> &'static Code {
        &CODE
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let total = cx.scheme.total;
        let wrong = |w: Decimal| w < Decimal::ZERO || w > total;
        for (i, row) in cx.sheet.indicators.iter().enumerate() {
            let Some(weight) = row.weight.as_ref().filter(|w| wrong(w.value)) else {
                continue;
            };
            let name = row.name.value.trim();
            out.push(CODE.at_row(
                cx,
                i,
                "weight",
                message(
                    &format!("“{name}”"),
                    &format!("\"{name}\""),
                    weight.value,
                    total,
                ),
                help(),
            ));
        }
        if let Some(weight) = cx
            .sheet
            .budget
            .as_ref()
            .and_then(|b| b.total.weight.as_ref())
            .filter(|w| wrong(w.value))
        {
            out.push(
                CODE.finding(
                    message("预算执行", "the budget block", weight.value, total),
                    help(),
                )
                .at(&cx.sheet.source, weight.pos.clone())
                .field("budget.total.weight"),
            );
        }
    }
}

fn message(what_zh: &str, what_en: &str, weight: Decimal, total: Decimal) -> Text {
    if weight < Decimal::ZERO {
        Text::new(
            format!("{what_zh}的分值 {} 为负数", plain(weight)),
            format!("{what_en} has a negative weight, {}", plain(weight)),
        )
    } else {
        Text::new(
            format!(
                "{what_zh}的分值 {} 超过总分 {}",
                plain(weight),
                plain(total)
            ),
            format!(
                "{what_en} weighs {}, more than the total {}",
                plain(weight),
                plain(total)
            ),
        )
    }
}

fn help() -> Text {
    Text::new(
        "分值应为 0 到总分之间的正数；扣分请填在得分栏，不要填进分值",
        "a weight lies between 0 and the total; put deductions in the score, not the weight",
    )
}
