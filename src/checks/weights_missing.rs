//! `weights-missing`: the form prints no 分值 for its indicators, so no weight can be verified.

use super::{Check, Context, Rule};
use crate::diagnostic::{Finding, Severity};
use crate::lang::Text;

pub struct WeightsMissing;

pub static RULE: Rule = Rule {
    name: "weights-missing",
    severity: Severity::Warning,
    summary_zh: "表中没有各指标的分值，分值与得分无法核对",
    summary_en: "the form prints no weight per indicator, so weights cannot be verified",
    docs: "## 作用\n表中所有指标都没有分值（表格没有分值列，只有得分）时，整张表报告一次：分值无法核对，得分是否超出分值、是否应得满分都无法判断，各指标按自评得分计入总分。\n\n## 原因\n没有分值就无法按规则复核得分；逐行报告“应得 0 分”是错的。\n\n## 示例\n某市项目自评表的“年度绩效目标(80分)”部分只有得分列。\n\n## 依据\n自评表各指标应列明分值（财预〔2020〕10号附件1）。",
    docs_en: "## What it checks\nWhen no indicator of the form has a 分值 (the form has no weight column, only a score column), reports once for the sheet: the weights cannot be verified, nor whether a score exceeds its weight or should be full marks; each indicator counts its claimed score.\n\n## Why\nWithout weights a score cannot be recomputed; reporting “should be 0” on every row would be wrong.\n\n## Example\nA municipal project form whose “年度绩效目标(80分)” part has only a score column.\n\n## Basis\nEach indicator's weight belongs on the form (annex 1 to 财预〔2020〕10号).",
    check: &WeightsMissing,
};

impl Check for WeightsMissing {
    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        if cx.report.form.row_weights {
            return;
        }
        let Some((first, _, _)) = super::indicators(cx).find(|(_, row, _)| row.score.is_some())
        else {
            return;
        };
        out.push(RULE.at_row(
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
