//! `weights-missing`: the form prints no 分值 for its indicators, so no weight can be verified.

use super::{AtRow, Check, Context};
use crate::codes::{Code, WEIGHTS_MISSING as CODE};
use crate::diagnostic::Finding;
use crate::lang::Text;

pub struct WeightsMissing;

impl Check for WeightsMissing {
    fn code(&self) -> &'static Code {
        &CODE
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        if cx.report.form.row_weights {
            return;
        }
        let Some((first, _, _)) = super::indicators(cx).find(|(_, row, _)| row.score.is_some())
        else {
            return;
        };
        out.push(CODE.at_row(
            cx,
            first,
            "score",
            Text::new(
                "表中各指标都没有分值，分值无法核对，也无法判断得分是否应得满分；各指标按自评得分计入总分",
                "no indicator of the form has a weight: the weights cannot be verified, nor whether a score should be full marks; each indicator counts its claimed score",
            ),
            Text::new(
                "在表中为每个指标写明分值（各指标分值之和加预算执行分值应为总分）",
                "give each indicator its weight on the form (the weights and the budget weight add up to the total)",
            ),
        ));
    }
}
