//! `score-missing`: a row with a weight but no claimed score.

use super::{Check, Context, Rule};
use crate::diagnostic::{Finding, Severity};
use crate::lang::Text;

pub struct ScoreMissing;

pub static RULE: Rule = Rule {
    name: "score-missing",
    severity: Severity::Warning,
    summary_zh: "有分值的指标未填写得分",
    summary_en: "a weighted row has no claimed score",
    docs: "## 作用\n找出填了分值却没有填写自评得分的指标。\n\n## 原因\n得分空白无法核对，复核时定性指标只能按所在档次下限计分。\n\n## 示例\n分值 3、得分空白。\n\n## 依据\n自评表每个指标均须填写得分（财预〔2020〕10号附件）。",
    docs_en: "## What it checks\nFinds indicators with a 分值 (weight) but no claimed 得分 (score).\n\n## Why\nA blank score cannot be checked; in the review a qualitative indicator can only be given the lower bound of its band.\n\n## Example\n分值 3, 得分 blank.\n\n## Basis\nEvery indicator on the self-evaluation sheet must have a score (annex to 财预〔2020〕10号).",
    check: &ScoreMissing,
};

impl Check for ScoreMissing {
    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (i, row) in cx.sheet.indicators.iter().enumerate() {
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
}
