//! `sheet-unfilled`: no indicator's 完成值 and no 得分 is filled in: nothing can be scored.

use super::{Check, Context, Rule};
use crate::diagnostic::{Finding, Severity};
use crate::lang::Text;

pub struct SheetUnfilled;

pub static RULE: Rule = Rule {
    name: "sheet-unfilled",
    severity: Severity::Error,
    summary_zh: "全表的实际完成值和得分均未填写，无法评分",
    summary_en: "no actual and no score is filled in: the sheet cannot be scored",
    docs: "## 作用\n所有指标的实际完成值和得分都空白时，整张表报告一次：无法评分，应退回补填。此时不给出复核总分和等级，也不逐行报告未填的完成值和得分。\n\n## 原因\n空白的自评表不是一份得分很低的自评表；给出“10 分、差”会误导。\n\n## 示例\n只填了指标名称、指标值和分值，完成值与得分全部空白。\n\n## 依据\n单位自评须如实填写完成情况并评分（财预〔2020〕10号）。",
    docs_en: "## What it checks\nWhen every indicator's actual and score are blank, reports once for the sheet: it cannot be scored and should be returned. No recomputed total or grade is given, and the blank actuals and scores are not reported row by row.\n\n## Why\nA blank sheet is not a sheet that scored badly; “10 points, 差” would mislead.\n\n## Example\nOnly the names, targets and weights are filled in; every actual and score is blank.\n\n## Basis\nA unit's self-evaluation must state what was achieved and score it (财预〔2020〕10号).",
    check: &SheetUnfilled,
};

impl Check for SheetUnfilled {
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
            Some((first, _, _)) => RULE.at_row(cx, first, "actual", message, help),
            None => RULE
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
