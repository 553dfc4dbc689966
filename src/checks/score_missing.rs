//! `score-missing`: a row with a weight but no claimed score.

use super::{Check, Context, Rule};
use crate::diagnostic::{Finding, Severity};
use crate::lang::Text;

pub struct ScoreMissing;

pub static RULE: Rule = Rule {
    name: "score-missing",
    severity: Severity::Warning,
    summary_zh: "有分值的指标、预算执行或总分行未填写得分",
    summary_en: "a weighted row, the budget block or the 总分 row has no claimed score",
    docs: "## 作用\n找出填了分值却没有填写自评得分的指标，以及未填得分的预算执行行和总分行。\n\n## 原因\n得分空白无法核对，复核时定性指标只能按所在档次下限计分。\n\n## 示例\n分值 3、得分空白。\n\n## 依据\n自评表每个指标均须填写得分（财预〔2020〕10号附件）。",
    docs_en: "## What it checks\nFinds indicators with a 分值 (weight) but no claimed 得分 (score), and a budget block or 总分 row whose score is blank.\n\n## Why\nA blank score cannot be checked; in the review a qualitative indicator can only be given the lower bound of its band.\n\n## Example\n分值 3, 得分 blank.\n\n## Basis\nEvery indicator on the self-evaluation sheet must have a score (annex to 财预〔2020〕10号).",
    check: &ScoreMissing,
};

impl Check for ScoreMissing {
    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        // On a sheet with nothing filled in, sheet-unfilled says it once for every row.
        if !cx.report.form.unfilled {
            for (i, row, _) in super::indicators(cx) {
                if row.score.is_none() && row.weight.as_ref().is_some_and(|w| !w.value.is_zero()) {
                    out.push(RULE.at_row(
                        cx,
                        i,
                        "score",
                        Text::new(
                            format!("“{}”未填写得分", row.name.value.trim()),
                            format!("\"{}\" has no score", row.name.value.trim()),
                        ),
                        Text::new(
                            "按评分规则填写该指标得分",
                            "fill in the score under the scoring rules",
                        ),
                    ));
                }
            }
        }
        if let Some(budget) = &cx.sheet.budget
            && budget.total.score.is_none()
            && budget
                .total
                .weight
                .as_ref()
                .is_some_and(|w| !w.value.is_zero())
        {
            out.push(
                RULE.finding(
                    Text::new("预算执行未填写得分", "the budget block has no score"),
                    Text::new(
                        "按执行率和评分规则填写预算执行得分",
                        "fill in the budget score from the rate under the scoring rules",
                    ),
                )
                .at(
                    &cx.sheet.source,
                    cx.sheet
                        .budget_cell("score")
                        .unwrap_or_else(|| budget.total.pos.clone()),
                )
                .field("budget.total.score"),
            );
        }
        if let Some(total) = &cx.sheet.total
            && total.score.is_none()
            && total.weight.is_some()
        {
            out.push(
                RULE.finding(
                    Text::new("总分行未填写自评得分", "the 总分 row has no claimed score"),
                    Text::new(
                        "合计各项得分后填写总分",
                        "add up the scores and fill in the total",
                    ),
                )
                .at(
                    &cx.sheet.source,
                    cx.sheet
                        .total_cell("score")
                        .unwrap_or_else(|| total.pos.clone()),
                )
                .field("total.score"),
            );
        }
    }
}
