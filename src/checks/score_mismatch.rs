//! `score-mismatch`: a claimed score differs from the recomputed one.

use super::{Check, Context, Rule, pts};
use crate::diagnostic::{Finding, Severity};
use crate::engine::Basis;
use crate::lang::Text;

pub struct ScoreMismatch;

pub static RULE: Rule = Rule {
    name: "score-mismatch",
    severity: Severity::Error,
    summary_zh: "自评得分与按评分方案重算的得分不符",
    summary_en: "a claimed score differs from the recomputed one",
    docs: "## 作用\n定量、时间指标按评分方案重算得分（完成得满分；未完成按 实际值 ÷ 指标值 × 分值 等），与自评得分比较，超出容差时报告并附扣分明细。\n\n## 原因\n未完成指标却给满分，是自评中最常见的问题。\n\n## 示例\n预算执行率：实际 81.90% 未达到 ≥90%，得分 81.90 ÷ 90 × 1 = 0.91，自评 1 分。\n\n## 依据\n财预〔2020〕10号：未完成的定量指标按完成比例计分。",
    docs_en: "## What it checks\nRecomputes the score of quantitative and time indicators by the scheme (full marks when met; when unmet, 实际值 ÷ 指标值 × 分值 and the like), compares it with the claimed score, and reports a difference beyond the tolerance with the deductions itemised.\n\n## Why\nFull marks for an unmet indicator is the most common problem in self-evaluations.\n\n## Example\n预算执行率: actual 81.90% does not reach ≥90%, score 81.90 ÷ 90 × 1 = 0.91, claimed 1 point.\n\n## Basis\n财预〔2020〕10号: unmet quantitative indicators are scored in proportion to completion.",
    check: &ScoreMismatch,
};

impl Check for ScoreMismatch {
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
            out.push(RULE.at_row(
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
