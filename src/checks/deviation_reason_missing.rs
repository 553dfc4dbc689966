//! `deviation-reason-missing`: an unmet or far-deviating row without a reason.

use super::{AtRow, Check, Context};
use crate::codes::{Code, DEVIATION_REASON_MISSING as CODE, OVER_ACHIEVEMENT};
use crate::diagnostic::Finding;
use crate::lang::Text;

pub struct DeviationReasonMissing;

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
    fn code(&self) -> &'static Code {
        &CODE
    }

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
                    .severity(OVER_ACHIEVEMENT.name, OVER_ACHIEVEMENT.severity)
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
            out.push(CODE.at_row(
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
