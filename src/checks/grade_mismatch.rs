//! `grade-mismatch`: the claimed 等级 is not the grade of the recomputed total.

use super::{Check, Context, pts};
use crate::codes::{Code, GRADE_MISMATCH as CODE};
use crate::diagnostic::Finding;
use crate::lang::Text;

pub struct GradeMismatch;

impl Check for GradeMismatch {
    fn code(&self) -> &'static Code {
        &CODE
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let t = &cx.report.total;
        let (Some(claimed), Some(grade)) = (&t.claimed_grade, &t.grade) else {
            return;
        };
        if claimed == grade {
            return;
        }
        let pos = cx
            .sheet
            .total
            .as_ref()
            .and_then(|x| x.grade.as_ref())
            .map(|g| g.pos.clone())
            .unwrap_or_else(|| cx.anchor());
        out.push(
            CODE.finding(
                Text::new(
                    format!(
                        "等级填报“{claimed}”，复核总分 {} 对应“{grade}”",
                        pts(cx, t.computed)
                    ),
                    format!(
                        "the grade says \"{claimed}\", the recomputed total {} earns \"{grade}\"",
                        pts(cx, t.computed)
                    ),
                ),
                Text::new(
                    format!("将等级改为“{grade}”"),
                    format!("correct the grade to \"{grade}\""),
                ),
            )
            .at(&cx.sheet.source, pos)
            .field("total.grade"),
        );
    }
}
