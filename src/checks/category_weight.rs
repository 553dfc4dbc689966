//! `category-weight`: a category's rows do not add up to its fixed weight, or the budget
//! block's 分值 is not the scheme's budget weight.

use rust_decimal::Decimal;

use super::{Check, Context, Rule};
use crate::diagnostic::{Finding, Severity};
use crate::engine::num;
use crate::lang::Text;

pub struct CategoryWeight;

pub static RULE: Rule = Rule {
    name: "category-weight",
    severity: Severity::Error,
    summary_zh: "一级指标分值合计（或预算执行分值）与评分方案规定不符",
    summary_en: "a category's weights (or the budget weight) differ from the scheme's",
    docs: "## 作用\n评分方案为一级指标规定了分值时（如产出 50、效益 30、满意度 10），核对该类各指标分值之和；预算执行部分填了分值时，核对它与方案规定的预算执行分值（如 10）。表上填的分值照常用于计分，本检查只指出与方案不符之处。\n\n## 原因\n类别分值偏离规定会改变评价重心。\n\n## 示例\n产出指标合计 40 分，方案规定 50 分。\n\n## 依据\n财预〔2020〕10号：预算执行率 10、产出 50、效益 30、满意度 10，“如有特殊情况，一级指标权重可做适当调整”，故该方案中设为警告。",
    docs_en: "## What it checks\nWhere the scheme sets a weight for a 一级指标 (such as 产出 50, 效益 30, 满意度 10), checks the sum of the 分值 (weights) of that category's indicators; where the budget block has a 分值, checks it against the scheme's budget weight (such as 10). The sheet's weights still score; this check only shows where they differ from the scheme.\n\n## Why\nCategory weights off the rule shift the focus of the evaluation.\n\n## Example\n产出指标 add up to 40 points; the scheme sets 50.\n\n## Basis\n财预〔2020〕10号: 预算执行率 10, 产出 50, 效益 30, 满意度 10, “如有特殊情况，一级指标权重可做适当调整” (first-level weights may be adjusted in special cases); hence a warning in this scheme.",
    check: &CategoryWeight,
};

impl Check for CategoryWeight {
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
                out.push(RULE.at_row(
                    cx,
                    first,
                    "level1",
                    Text::new(
                        format!(
                            "“{}”各指标分值合计 {}，评分方案规定 {}",
                            category.name,
                            num(sum),
                            num(expected)
                        ),
                        format!(
                            "\"{}\" weighs {} in all; the scheme sets {}",
                            category.name,
                            num(sum),
                            num(expected)
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
        RULE.finding(
            Text::new(
                format!(
                    "预算执行分值 {}，评分方案规定 {}",
                    num(weight.value),
                    num(expected)
                ),
                format!(
                    "the budget block weighs {}; the scheme sets {}",
                    num(weight.value),
                    num(expected)
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
