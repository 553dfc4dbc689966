//! `over-achievement`: a ≥ target exceeded far beyond the scheme's threshold.

use super::{Check, Context, Rule};
use crate::diagnostic::{Finding, Severity};
use crate::engine::percent;
use crate::lang::Text;
use crate::scheme::OverAction;

pub struct OverAchievement;

pub static RULE: Rule = Rule {
    name: "over-achievement",
    severity: Severity::Warning,
    summary_zh: "实际值远超指标值（指标偏离），目标可能定得过低",
    summary_en: "the actual far exceeds the target; the target may have been set too low",
    docs: "## 作用\n正向指标的实际值达到指标值的一定倍数（如 130%）时报告；评分方案可规定须说明原因，或扣分（如“指标偏离”扣 2 分）。\n\n## 原因\n大幅超额通常说明目标定得过低，超额完成不能加分。\n\n## 示例\n指标值“≥100人”，实际“200人”：达到 200%。\n\n## 依据\n财预〔2020〕10号：实际完成值远高于指标值的，应分析原因，目标设定偏低的应扣分；广西等地规定达到 130% 须说明原因。",
    docs_en: "## What it checks\nReports a higher-is-better indicator whose actual reaches a set multiple of the 指标值 (such as 130%); the scheme can require a reason, or deduct points (such as 2 points for “指标偏离”, indicator deviation).\n\n## Why\nLarge over-achievement usually means the target was set too low, and over-achieving earns no extra points.\n\n## Example\n指标值 “≥100人”, actual “200人”: 200% reached.\n\n## Basis\n财预〔2020〕10号: where the 实际完成值 is far above the 指标值, the reasons must be analysed, and a target set too low loses points; Guangxi and other regions require a reason at 130%.",
    check: &OverAchievement,
};

impl Check for OverAchievement {
    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some((threshold, action)) = cx.scheme.quantitative.over_threshold else {
            return;
        };
        for (i, row, r) in super::indicators(cx) {
            let Some(ratio) = r.over else {
                continue;
            };
            // A reason owed and given settles it; deviation-reason-missing reports it missing.
            let explained = row
                .reason
                .as_ref()
                .is_some_and(|t| !super::deviation_reason_missing::is_non_answer(&t.value));
            if action == OverAction::Reason && explained {
                continue;
            }
            let (zh, en) = match action {
                OverAction::Warn => (
                    "请分析是否目标设定偏低".to_string(),
                    "check whether the target was set too low".to_string(),
                ),
                OverAction::Reason => (
                    "须在偏差原因中说明".to_string(),
                    "a reason is required".to_string(),
                ),
                OverAction::Deduct(p) => (
                    format!("按指标偏离扣 {} 分", p.normalize()),
                    format!("{} points deducted for deviation", p.normalize()),
                ),
            };
            out.push(RULE.at_row(
                cx,
                i,
                "actual",
                Text::new(
                    format!(
                        "“{}”实际 {} 达到指标值 {} 的 {}（不低于 {} 即属偏离），{zh}",
                        row.name.value.trim(),
                        row.actual.value.trim(),
                        row.target.value.trim(),
                        percent(ratio),
                        percent(threshold)
                    ),
                    format!(
                        "\"{}\": the actual {} is {} of the target {} ({} or more counts as deviating); {en}",
                        row.name.value.trim(),
                        row.actual.value.trim(),
                        percent(ratio),
                        row.target.value.trim(),
                        percent(threshold)
                    ),
                ),
                Text::new(
                    "说明超额原因；目标定得过低的，下一年度调高指标值",
                    "explain the excess; raise next year's target if it was set too low",
                ),
            ));
        }
    }
}
