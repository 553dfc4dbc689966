//! `weight-invalid`: a 分值 below zero or above the whole sheet's total.

use rust_decimal::Decimal;

use super::{Check, Context, Rule};
use crate::diagnostic::{Finding, Severity};
use crate::engine::num;
use crate::lang::Text;

pub struct WeightInvalid;

pub static RULE: Rule = Rule {
    name: "weight-invalid",
    severity: Severity::Error,
    summary_zh: "分值不能为负，也不能超过总分",
    summary_en: "a weight may not be negative or exceed the total",
    docs: "## 作用\n检查每个指标的分值和预算执行分值：不能为负数，也不能超过评分方案的总分（如 100）。这样的分值无法计分：复核时按 0 分至该分值之间计，负分值的指标复核得分为 0。\n\n## 原因\n负的分值多是把扣分填进了分值栏，过大的分值多是多打了数字；两者都会让总分失真。\n\n## 示例\n分值填 -10（本应为 10），或 1000（本应为 10）。\n\n## 依据\n财预〔2020〕10号：各指标分值合计为 100 分，每项分值为正数。",
    docs_en: "## What it checks\nChecks each indicator's 分值 (weight) and the budget block's: none may be negative or exceed the scheme's total (such as 100). Such a weight cannot be scored: the recomputed score stays between 0 and the weight, and an indicator with a negative weight scores 0.\n\n## Why\nA negative weight is usually a deduction typed into the weight column, an oversized one an extra digit; both distort the total.\n\n## Example\n分值 -10 (meant 10), or 1000 (meant 10).\n\n## Basis\n财预〔2020〕10号: the weights add up to 100 points, each a positive number.",
    check: &WeightInvalid,
};

impl Check for WeightInvalid {
    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let total = cx.scheme.total;
        let wrong = |w: Decimal| w < Decimal::ZERO || w > total;
        for (i, row) in cx.sheet.indicators.iter().enumerate() {
            let Some(weight) = row.weight.as_ref().filter(|w| wrong(w.value)) else {
                continue;
            };
            let name = row.name.value.trim();
            out.push(RULE.at_row(
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
                RULE.finding(
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
            format!("{what_zh}的分值 {} 为负数", num(weight)),
            format!("{what_en} has a negative weight, {}", num(weight)),
        )
    } else {
        Text::new(
            format!("{what_zh}的分值 {} 超过总分 {}", num(weight), num(total)),
            format!(
                "{what_en} weighs {}, more than the total {}",
                num(weight),
                num(total)
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
