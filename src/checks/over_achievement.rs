//! `over-achievement`: a ≥ target exceeded far beyond the scheme's threshold.

use super::{AtRow, Check, Context};
use crate::codes::{Code, OVER_ACHIEVEMENT as CODE};
use crate::diagnostic::Finding;
use crate::lang::Text;
use crate::numfmt::percent;
use crate::scheme::OverAction;

pub struct OverAchievement;

impl Check for OverAchievement {
    fn code(&self) -> &'static Code {
        &CODE
    }

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
            out.push(CODE.at_row(
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
