//! `deviation-reason-missing`: an unmet or far-deviating row without a reason.

use super::{Check, Context, Rule};
use crate::diagnostic::{Finding, Severity};
use crate::lang::Text;

pub struct DeviationReasonMissing;

pub static RULE: Rule = Rule {
    name: "deviation-reason-missing",
    severity: Severity::Error,
    summary_zh: "未完成或偏离较大的指标没有说明偏差原因",
    summary_en: "an unmet or far-deviating indicator has no reason",
    docs: "## 作用\n未完成指标值、偏差超过方案规定、或超额须说明的指标，检查“偏差原因分析及改进措施”是否填写；空白或“0”“无”“/”等不算说明。\n\n## 原因\n偏差原因与改进措施是自评结果应用的依据。\n\n## 示例\n预算执行率未达到 ≥90%，偏差原因空白。\n\n## 依据\n财预〔2020〕10号：未完成绩效目标或偏离绩效目标较大的，应分析说明原因，研究提出改进措施。",
    docs_en: "## What it checks\nFor indicators that miss their 指标值, deviate by more than the scheme allows, or exceed the target by enough to need an explanation, checks that “偏差原因分析及改进措施” is filled in; a blank, “0”, “无”, “/” and the like do not count as an explanation.\n\n## Why\nThe deviation reasons and improvement measures are what the self-evaluation results are applied on.\n\n## Example\n预算执行率 did not reach ≥90%, and 偏差原因 is blank.\n\n## Basis\n财预〔2020〕10号: where performance targets are not met or deviate considerably, the reasons must be analysed and explained, and improvement measures proposed.",
    check: &DeviationReasonMissing,
};

/// A reason that says nothing: blank, a placeholder, a zero, "无偏差", with or without a full
/// stop after it.
pub fn is_non_answer(text: &str) -> bool {
    let t = crate::text::normalize(text);
    let t = t
        .trim_end_matches(['。', '.', '；', ';', '！', '!', '，', ','])
        .trim();
    crate::value::is_placeholder(t)
        || matches!(
            t,
            "0" | "0%"
                | "0.00%"
                | "没有"
                | "暂无"
                | "不适用"
                | "无偏差"
                | "没有偏差"
                | "无差异"
                | "无原因"
                | "未发生偏差"
                | "不存在偏差"
                | "无需说明"
        )
}

impl Check for DeviationReasonMissing {
    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (i, row, r) in super::indicators(cx) {
            if !r.needs_reason {
                continue;
            }
            // A met target exceeded far: over-achievement says a reason is owed, with the figures.
            if r.over.is_some()
                && r.attainment == crate::engine::Attainment::Met
                && cx
                    .scheme
                    .severity(
                        super::over_achievement::RULE.name,
                        super::over_achievement::RULE.severity,
                    )
                    .is_some()
            {
                continue;
            }
            if row
                .reason
                .as_ref()
                .is_some_and(|t| !is_non_answer(&t.value))
            {
                continue;
            }
            out.push(RULE.at_row(
                cx,
                i,
                "reason",
                Text::new(
                    format!(
                        "“{}”未完成指标值或偏离较大，未说明偏差原因",
                        row.name.value.trim()
                    ),
                    format!(
                        "\"{}\" missed or far exceeded its target, but gives no reason",
                        row.name.value.trim()
                    ),
                ),
                Text::new(
                    "在“偏差原因分析及改进措施”中写明原因与改进措施",
                    "state the cause and the remedy under 偏差原因分析及改进措施",
                ),
            ));
        }
    }
}
