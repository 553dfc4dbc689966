//! `grade-mismatch`: the claimed 等级 is not the grade of the recomputed total.

use super::{Check, Context, Rule, pts};
use crate::diagnostic::{Finding, Severity};
use crate::lang::Text;

pub struct GradeMismatch;

pub static RULE: Rule = Rule {
    name: "grade-mismatch",
    severity: Severity::Error,
    summary_zh: "填报的等级与复核总分对应的等级不符",
    summary_en: "the claimed grade is not the grade of the recomputed total",
    docs: "## 作用\n按评分方案的等级划分（如 优 [90,100]、良 [80,90)、中 [60,80)、差 [0,60)）确定复核总分的等级，与表上填写的等级比较。\n\n## 原因\n等级决定评价结果的应用（预算安排、通报）。\n\n## 示例\n复核总分 88.5，表上填“优”：应为“良”。\n\n## 依据\n财预〔2020〕10号：评价结果分为优、良、中、差四个等级。",
    docs_en: "## What it checks\nDetermines the grade of the recomputed total by the scheme's grade bands (such as 优 [90,100], 良 [80,90), 中 [60,80), 差 [0,60)) and compares it with the grade written on the sheet.\n\n## Why\nThe grade decides how the evaluation result is used (budget allocation, public notices).\n\n## Example\nRecomputed total 88.5, the sheet says “优”: it should be “良”.\n\n## Basis\n财预〔2020〕10号: evaluation results fall into four grades, 优, 良, 中 and 差.",
    check: &GradeMismatch,
};

impl Check for GradeMismatch {
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
            RULE.finding(
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
