//! `score-missing`: a row with a weight but no claimed score.

use super::{AtRow, Check, Context};
use crate::codes::{Code, SCORE_MISSING as CODE};
use crate::diagnostic::Finding;
use crate::lang::Text;

pub struct ScoreMissing;

impl Check for ScoreMissing {
    fn code(&self) -> &'static Code {
        &CODE
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        // On a sheet with nothing filled in, sheet-unfilled says it once for every row.
        if !cx.report.form.unfilled {
            for (i, row, _) in super::indicators(cx) {
                if row.score.is_none() && row.weight.as_ref().is_some_and(|w| !w.value.is_zero()) {
                    out.push(CODE.at_row(
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
                CODE.finding(
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
                CODE.finding(
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
