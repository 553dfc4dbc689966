//! `budget-score`: the claimed budget score differs from the scheme's.

use super::{Check, Context, Rule, pts};
use crate::diagnostic::{Finding, Severity};
use crate::lang::Text;

pub struct BudgetScore;

pub static RULE: Rule = Rule {
    name: "budget-score",
    severity: Severity::Error,
    summary_zh: "预算执行得分与评分方案计算的不符",
    summary_en: "the claimed budget score differs from the scheme's",
    docs: "## 作用\n按评分方案的执行率得分方式（比例、以满分线折算、每低一个百分点扣分、分档）重算预算执行得分并与自评比较。\n\n## 原因\n各地执行率计分方式不同，按错误方式自评会多得或少得分。\n\n## 示例\n执行率 81.90%：河南方案 min(1, 81.90% ÷ 90%) × 10 = 9.10；财政部方案 81.90% × 10 = 8.19。\n\n## 依据\n财预〔2020〕10号及各省评分细则（见评分方案 sources）。",
    docs_en: "## What it checks\nRecomputes the budget execution score by the scheme's way of scoring the 执行率 (proportional, scaled to a full-marks line, points deducted per percentage point below a line, or bands) and compares it with the claimed score.\n\n## Why\nRegions score the 执行率 differently; self-evaluating by the wrong method gains or loses points.\n\n## Example\n执行率 81.90%: the Henan scheme gives min(1, 81.90% ÷ 90%) × 10 = 9.10; the 财政部 (Ministry of Finance) scheme 81.90% × 10 = 8.19.\n\n## Basis\n财预〔2020〕10号 and each province's scoring rules (see the scheme's sources).",
    check: &BudgetScore,
};

impl Check for BudgetScore {
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
            RULE.finding(
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
