//! `deviation-mismatch`: the claimed 偏差度 differs from the computed one.

use super::{Check, Context, Rule};
use crate::diagnostic::{Finding, Severity};
use crate::engine::percent;
use crate::lang::Text;

pub struct DeviationMismatch;

pub static RULE: Rule = Rule {
    name: "deviation-mismatch",
    severity: Severity::Error,
    summary_zh: "填报的偏差度与计算的不符",
    summary_en: "the claimed 偏差度 differs from the computed one",
    docs: "## 作用\n按评分方案的定义重算偏差度（只计未完成的差距时，完成指标为 0.00%；未完成为 (实际值 − 指标值) ÷ 指标值），与填报值比较。\n\n## 原因\n偏差度一律填 0.00% 会掩盖未完成的指标。\n\n## 示例\n预算执行率：实际 81.90%，指标 ≥90%，偏差度应为 −9.00%，填报 0.00%。\n\n## 依据\n河南省部门整体支出绩效自评表“偏差度”栏；财预〔2020〕10号：偏离绩效目标的应分析原因。",
    docs_en: "## What it checks\nRecomputes the 偏差度 (deviation) by the scheme's definition (when only the shortfall of unmet indicators counts, a met indicator is 0.00%; an unmet one is (实际值 − 指标值) ÷ 指标值) and compares it with the value written.\n\n## Why\nA 偏差度 of 0.00% written everywhere hides the unmet indicators.\n\n## Example\n预算执行率: actual 81.90%, target ≥90%; the 偏差度 should be −9.00%, 0.00% is written.\n\n## Basis\nThe “偏差度” column of the Henan 部门整体支出绩效自评表; 财预〔2020〕10号: deviations from performance targets must have their reasons analysed.",
    check: &DeviationMismatch,
};

impl Check for DeviationMismatch {
    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (i, row, r) in super::indicators(cx) {
            let (Some(text), Some(claimed), Some(computed)) =
                (&row.deviation, r.claimed_deviation, r.deviation)
            else {
                continue;
            };
            if (claimed - computed).abs() <= cx.scheme.deviation.tolerance {
                continue;
            }
            out.push(RULE.at_row(
                cx,
                i,
                "deviation",
                Text::new(
                    format!(
                        "“{}”偏差度填报 {}，计算为 {}",
                        row.name.value.trim(),
                        text.value.trim(),
                        percent(computed)
                    ),
                    format!(
                        "\"{}\" reports a deviation of {}, the computed one is {}",
                        row.name.value.trim(),
                        text.value.trim(),
                        percent(computed)
                    ),
                ),
                Text::new(
                    format!("将偏差度改为 {}", percent(computed)),
                    format!("correct the deviation to {}", percent(computed)),
                ),
            ));
        }
    }
}
