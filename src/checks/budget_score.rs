//! `budget-score`: the claimed budget score differs from the scheme's.

use super::{Check, Context, pts};
use crate::codes::{BUDGET_SCORE as CODE, Code};
use crate::diagnostic::Finding;
use crate::lang::Text;

pub struct BudgetScore;

impl Check for BudgetScore {
    fn code(&self) -> &'static Code {
        &CODE
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let b = &cx.report.budget;
        let (Some(claimed), Some(computed), false) = (b.claimed, b.computed, b.kept) else {
            return;
        };
        // Figures read from the 其中 rows are reported once, by budget-total-blank.
        if b.from_sources || super::agrees(cx, claimed, computed) {
            return;
        }
        let pos = cx
            .sheet
            .budget
            .as_ref()
            .and_then(|x| x.total.score.as_ref())
            .map(|s| s.pos.clone())
            .unwrap_or_else(|| cx.anchor());
        let why = b.ledger.first().map_or_else(
            || {
                Text::new(
                    "执行率得分应为满分",
                    "the budget score should be full marks",
                )
            },
            |l| l.text.clone(),
        );
        out.push(
            CODE.finding(
                Text::new(
                    format!(
                        "预算执行自评 {} 分，按评分方案应为 {} 分（{}）",
                        pts(cx, claimed),
                        pts(cx, computed),
                        why.zh
                    ),
                    format!(
                        "the budget score claims {}, the scheme gives {} ({})",
                        pts(cx, claimed),
                        pts(cx, computed),
                        why.en
                    ),
                ),
                Text::new(
                    format!("将预算执行得分改为 {}", pts(cx, computed)),
                    format!("correct the budget score to {}", pts(cx, computed)),
                ),
            )
            .at(&cx.sheet.source, pos)
            .field("budget.total.score"),
        );
    }
}
