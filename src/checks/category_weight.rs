//! `category-weight`: a category's rows do not add up to its fixed weight, or the budget
//! block's 分值 is not the scheme's budget weight.

use rust_decimal::Decimal;

use super::{AtRow, Check, Context};
use crate::codes::{CATEGORY_WEIGHT as CODE, Code};
use crate::diagnostic::Finding;
use crate::lang::Text;
use crate::numfmt::plain;

pub struct CategoryWeight;

impl Check for CategoryWeight {
    fn code(&self) -> &'static Code {
        &CODE
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        budget_weight(cx, out);
        // Rows are weighed only on a form that prints their weights, in a table that ends in
        // its 总分 row (a table cut short would be short of weight), of the scheme's system.
        let form = &cx.report.form;
        if !form.row_weights || !form.total_row || super::category_unknown::mismatched(cx) {
            return;
        }
        for (index, category) in cx.scheme.categories.iter().enumerate() {
            let Some(expected) = category.weight else {
                continue;
            };
            let mut first = None;
            let mut sum = Decimal::ZERO;
            for (i, row, r) in super::indicators(cx) {
                if r.category.is_some_and(|(c, _)| c == index) {
                    first.get_or_insert(i);
                    sum =
                        sum.saturating_add(row.weight.as_ref().map_or(Decimal::ZERO, |w| w.value));
                }
            }
            let Some(first) = first else {
                continue;
            };
            if sum != expected {
                out.push(CODE.at_row(
                    cx,
                    first,
                    "level1",
                    Text::new(
                        format!(
                            "“{}”各指标分值合计 {}，评分方案规定 {}",
                            category.name,
                            plain(sum),
                            plain(expected)
                        ),
                        format!(
                            "\"{}\" weighs {} in all; the scheme sets {}",
                            category.name,
                            plain(sum),
                            plain(expected)
                        ),
                    ),
                    Text::new(
                        "按评分方案调整该类指标分值，或在说明中写明调整理由",
                        "adjust the weights to the scheme, or state why they differ",
                    ),
                ));
            }
        }
    }
}

/// The budget block's 分值 against the scheme's budget weight: the first 一级指标 of the form.
fn budget_weight(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let expected = cx.scheme.budget.weight;
    if !cx.report.budget.scored {
        return;
    }
    let Some(weight) = cx
        .sheet
        .budget
        .as_ref()
        .and_then(|b| b.total.weight.as_ref())
    else {
        return;
    };
    if weight.value == expected {
        return;
    }
    out.push(
        CODE.finding(
            Text::new(
                format!(
                    "预算执行分值 {}，评分方案规定 {}",
                    plain(weight.value),
                    plain(expected)
                ),
                format!(
                    "the budget block weighs {}; the scheme sets {}",
                    plain(weight.value),
                    plain(expected)
                ),
            ),
            Text::new(
                "按评分方案填写预算执行分值，或在说明中写明调整理由",
                "use the scheme's budget weight, or state why it differs",
            ),
        )
        .at(&cx.sheet.source, weight.pos.clone())
        .field("budget.total.weight"),
    );
}
