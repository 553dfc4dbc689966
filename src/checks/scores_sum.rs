//! `scores-sum`: the claimed total must equal the claimed row scores plus the budget score.

use rust_decimal::Decimal;

use super::{Check, Context};
use crate::codes::{Code, SCORES_SUM as CODE};
use crate::diagnostic::Finding;
use crate::lang::Text;
use crate::numfmt::plain;

pub struct ScoresSum;

impl Check for ScoresSum {
    fn code(&self) -> &'static Code {
        &CODE
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(total) = cx.sheet.total.as_ref().and_then(|t| t.score.as_ref()) else {
            return;
        };
        let rows = cx
            .sheet
            .indicators
            .iter()
            .filter_map(|i| i.score.as_ref())
            .fold(Decimal::ZERO, |a, s| a.saturating_add(s.value));
        let budget = cx.report.budget.claimed.unwrap_or(Decimal::ZERO);
        let sum = rows.saturating_add(budget);
        if cx.report.form.total_row {
            if (sum - total.value).abs() > cx.scheme.score_tolerance {
                out.push(
                    CODE.finding(
                        Text::new(
                            format!("自评总分 {} 不等于各项得分之和 {}（指标 {} + 预算执行 {}）", plain(total.value), plain(sum), plain(rows), plain(budget)),
                            format!("the claimed total {} is not the sum of the scores {} (rows {} + budget {})", plain(total.value), plain(sum), plain(rows), plain(budget)),
                        ),
                        Text::new("重新合计各项得分后填写总分", "add up the scores again and correct the total"),
                    )
                    .at(&cx.sheet.source, total.pos.clone())
                    .field("total.score"),
                );
            }
            return;
        }
        // Without the 总分 row the table may be cut short: the rows not shown can add at most
        // the weight the shown ones leave of the total, and only a total beyond that is wrong.
        let weights = cx
            .sheet
            .indicators
            .iter()
            .filter_map(|i| i.weight.as_ref())
            .fold(cx.report.budget.weight, |a, w| a.saturating_add(w.value));
        let unlisted = cx
            .report
            .total
            .weight
            .saturating_sub(weights)
            .max(Decimal::ZERO);
        let reachable = sum.saturating_add(unlisted);
        if total.value.saturating_sub(reachable) > cx.scheme.score_tolerance {
            out.push(
                CODE.finding(
                    Text::new(
                        format!(
                            "自评总分 {} 高于表中各项得分之和 {} 加上表中未列出的 {} 分，无法达到",
                            plain(total.value),
                            plain(sum),
                            plain(unlisted)
                        ),
                        format!(
                            "the claimed total {} is more than the scores shown, {}, and the {} points the table does not show could add",
                            plain(total.value),
                            plain(sum),
                            plain(unlisted)
                        ),
                    ),
                    Text::new("重新合计各项得分后填写总分", "add up the scores again and correct the total"),
                )
                .at(&cx.sheet.source, total.pos.clone())
                .field("total.score"),
            );
        }
    }
}
