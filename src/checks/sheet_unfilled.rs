//! `sheet-unfilled`: no indicator's 完成值 and no 得分 is filled in: nothing can be scored.

use super::{AtRow, Check, Context};
use crate::codes::{Code, SHEET_UNFILLED as CODE};
use crate::diagnostic::Finding;
use crate::lang::Text;

pub struct SheetUnfilled;

impl Check for SheetUnfilled {
    fn code(&self) -> &'static Code {
        &CODE
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        if !cx.report.form.unfilled {
            return;
        }
        let message = Text::new(
            "各指标的实际完成值和得分均未填写，无法评分：请退回补填",
            "no indicator has an actual or a score: the sheet cannot be scored; return it",
        );
        let help = Text::new(
            "填写每个指标的实际完成值和得分后再报送",
            "fill in every indicator's actual and score before filing",
        );
        // At the first indicator; a blank form with none at all, at its table.
        let finding = match super::indicators(cx).next() {
            Some((first, _, _)) => CODE.at_row(cx, first, "actual", message, help),
            None => CODE
                .finding(message, help)
                .at(
                    &cx.sheet.source,
                    cx.sheet
                        .indicators
                        .first()
                        .map_or_else(|| cx.anchor(), |r| r.pos.clone()),
                )
                .field("indicators"),
        };
        out.push(finding);
    }
}
