//! `category-missing`: a required category with no row.

use super::{Check, Context, Rule};
use crate::diagnostic::{Finding, Severity};
use crate::lang::Text;

pub struct CategoryMissing;

pub static RULE: Rule = Rule {
    name: "category-missing",
    severity: Severity::Error,
    summary_zh: "缺少评分方案要求的一级指标",
    summary_en: "a required first-level category has no indicator",
    docs: "## 作用\n检查评分方案中标为必有（required）的一级指标是否至少有一个三级指标。表中没有总分行（表格可能不完整）或整张表属于另一套指标体系时不检查。\n\n## 原因\n缺少整类指标（如满意度）时，该类分值无处评价。\n\n## 示例\n项目自评表没有任何“满意度指标”行。\n\n## 依据\n财预〔2020〕10号附件：产出、效益、满意度指标均应设置。",
    docs_en: "## What it checks\nChecks that every 一级指标 (first-level category) the scheme marks as required has at least one 三级指标. Not checked when the table has no 总分 row (it may be incomplete) or the form belongs to another system.\n\n## Why\nWhen a whole category (such as satisfaction) is missing, its weight has nothing to be assessed on.\n\n## Example\nA project self-evaluation sheet without a single “满意度指标” row.\n\n## Basis\nAnnex to 财预〔2020〕10号: 产出 (output), 效益 (benefit) and 满意度 (satisfaction) indicators must all be set.",
    check: &CategoryMissing,
};

impl Check for CategoryMissing {
    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        // Without a 总分 row the table may be cut short; on a form of another system the
        // blocks are reported once by form-mismatch.
        // A form without 一级 columns (one section label over the table) has no blocks to miss.
        let has_blocks = cx
            .report
            .form
            .blocks
            .iter()
            .any(|b| !crate::value::label::is_section(&b.name));
        if !cx.report.form.total_row || !has_blocks || super::category_unknown::mismatched(cx) {
            return;
        }
        for (index, category) in cx.scheme.categories.iter().enumerate() {
            if !category.required
                || super::indicators(cx)
                    .any(|(_, _, r)| r.category.is_some_and(|(c, _)| c == index))
            {
                continue;
            }
            let pos = cx
                .sheet
                .indicators
                .first()
                .map_or_else(|| cx.anchor(), |r| r.pos.clone());
            out.push(
                RULE.finding(
                    Text::new(
                        format!("缺少一级指标“{}”", category.name),
                        format!("no indicator of the category \"{}\"", category.name),
                    ),
                    Text::new(
                        format!("补充“{}”下的绩效指标", category.name),
                        format!("add indicators under \"{}\"", category.name),
                    ),
                )
                .at(&cx.sheet.source, pos)
                .field("indicators"),
            );
        }
    }
}
