//! `score-over-weight`: a claimed score above its weight, or below zero.

use rust_decimal::Decimal;

use super::{Check, Context, Rule};
use crate::diagnostic::{Finding, Severity};
use crate::engine::num;
use crate::lang::Text;

pub struct ScoreOverWeight;

pub static RULE: Rule = Rule {
    name: "score-over-weight",
    severity: Severity::Error,
    summary_zh: "得分不能超过分值，也不能为负",
    summary_en: "a score may not exceed its weight or be negative",
    docs: "## 作用\n检查每个指标的自评得分是否在 0 与分值之间。\n\n## 原因\n超额完成也不能多得分；负分说明填写错误。\n\n## 示例\n分值 2、得分 2.5：超出分值。\n\n## 依据\n财预〔2020〕10号：各指标得分不超过该指标分值。",
    docs_en: "## What it checks\nChecks that each indicator's claimed score lies between 0 and its 分值 (weight).\n\n## Why\nOver-achievement earns no extra points; a negative score is a mistake in filling in.\n\n## Example\n分值 2, 得分 2.5: above the weight.\n\n## Basis\n财预〔2020〕10号: no indicator's score exceeds its 分值.",
    check: &ScoreOverWeight,
};

impl Check for ScoreOverWeight {
    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (i, row, _) in super::indicators(cx) {
            let (Some(score), Some(weight)) = (&row.score, &row.weight) else {
                continue;
            };
            if score.value > weight.value || score.value < Decimal::ZERO {
                out.push(RULE.at_row(
                    cx,
                    i,
                    "score",
                    Text::new(
                        format!("“{}”得分 {} 超出 0–{} 的范围", row.name.value.trim(), num(score.value), num(weight.value)),
                        format!("\"{}\" scores {}, outside 0–{}", row.name.value.trim(), num(score.value), num(weight.value)),
                    ),
                    Text::new("得分应在 0 与分值之间，超额完成不加分", "a score lies between 0 and the weight; over-achievement earns nothing extra"),
                ));
            }
        }
    }
}
