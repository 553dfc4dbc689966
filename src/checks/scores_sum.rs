//! `scores-sum`: the claimed total must equal the claimed row scores plus the budget score.

use rust_decimal::Decimal;

use super::{Check, Context, Rule};
use crate::diagnostic::{Finding, Severity};
use crate::engine::num;
use crate::lang::Text;

pub struct ScoresSum;

pub static RULE: Rule = Rule {
    name: "scores-sum",
    severity: Severity::Error,
    summary_zh: "自评总分应等于各指标自评得分与预算执行得分之和",
    summary_en: "the claimed total must equal the claimed scores plus the budget score",
    docs: "## 作用\n把各三级指标的自评得分与预算执行率得分相加，与表上填写的总分比较。表中没有总分行（表格可能不完整）时，只在总分比各项得分之和加上表中未列出的分值还高、无法达到时报告。\n\n## 原因\n总分与分项之和不符，说明抄录或计算有误，等级也可能随之错误。\n\n## 示例\n指标得分合计 88.1、预算执行 9.1，总分却填 99.1：应为 97.2。\n\n## 依据\n自评表总分为各项得分之和（财预〔2020〕10号附件）。",
    docs_en: "## What it checks\nAdds the claimed scores of all 三级指标 to the 预算执行率 score and compares the sum with the 总分 (total) written on the sheet. Without a 总分 row (the table may be cut short), only a claimed total above the scores shown plus the weight the table does not show is reported.\n\n## Why\nA total that differs from the sum of its parts means a copying or arithmetic mistake, and the grade may be wrong with it.\n\n## Example\nIndicator scores add up to 88.1, budget execution 9.1, but the 总分 says 99.1: it should be 97.2.\n\n## Basis\nThe 总分 on the self-evaluation sheet is the sum of the scores (annex to 财预〔2020〕10号).",
    check: &ScoresSum,
};

impl Check for ScoresSum {
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
                    RULE.finding(
                        Text::new(
                            format!("自评总分 {} 不等于各项得分之和 {}（指标 {} + 预算执行 {}）", num(total.value), num(sum), num(rows), num(budget)),
                            format!("the claimed total {} is not the sum of the scores {} (rows {} + budget {})", num(total.value), num(sum), num(rows), num(budget)),
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
                RULE.finding(
                    Text::new(
                        format!(
                            "自评总分 {} 高于表中各项得分之和 {} 加上表中未列出的 {} 分，无法达到",
                            num(total.value),
                            num(sum),
                            num(unlisted)
                        ),
                        format!(
                            "the claimed total {} is more than the scores shown, {}, and the {} points the table does not show could add",
                            num(total.value),
                            num(sum),
                            num(unlisted)
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
