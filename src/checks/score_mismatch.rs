//! `score-mismatch`: a claimed score differs from the recomputed one.

use super::{AtRow, Check, Context, pts};
use crate::codes::{Code, SCORE_MISMATCH as CODE};
use crate::diagnostic::Finding;
use crate::engine::Basis;
use crate::lang::Text;

pub struct ScoreMismatch;

impl Check for ScoreMismatch {
    fn code(&self) -> &'static Code {
        &CODE
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (i, row, r) in super::indicators(cx) {
            let Some(claimed) = r.claimed else {
                continue;
            };
            if r.basis != Basis::Exact || super::agrees(cx, claimed, r.computed) {
                continue;
            }
            let why = r.ledger.first().map_or_else(
                || Text::new("已完成指标值，应得满分", "the target was met: full marks"),
                |l| l.text.clone(),
            );
            out.push(CODE.at_row(
                cx,
                i,
                "score",
                Text::new(
                    format!(
                        "“{}”自评 {} 分，复核应为 {} 分：{}",
                        row.name.value.trim(),
                        pts(cx, claimed),
                        pts(cx, r.computed),
                        why.zh
                    ),
                    format!(
                        "\"{}\" claims {}, the review gives {}: {}",
                        row.name.value.trim(),
                        pts(cx, claimed),
                        pts(cx, r.computed),
                        why.en
                    ),
                ),
                Text::new(
                    format!("将得分改为 {}", pts(cx, r.computed)),
                    format!("correct the score to {}", pts(cx, r.computed)),
                ),
            ));
        }
    }
}
