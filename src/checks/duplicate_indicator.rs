//! `duplicate-indicator`: the same indicator (name and target) counted twice.

use super::{Check, Context, Rule};
use crate::diagnostic::{Finding, Severity};
use crate::lang::Text;
use crate::text::normalize_cow;

pub struct DuplicateIndicator;

pub static RULE: Rule = Rule {
    name: "duplicate-indicator",
    severity: Severity::Warning,
    summary_zh: "同一指标（名称与指标值相同）出现两次，被重复计分",
    summary_en: "the same indicator (name and target) appears twice and is scored twice",
    docs: "## 作用\n找出三级指标名称与年度指标值都相同的重复行，在后出现的一行报告；表格的备用行（“指标2”“……”）不算。\n\n## 原因\n同一指标重复列示会重复计分，抬高总分。\n\n## 示例\n“年度收储土地亩数 ≥500亩”既在“重点工作任务完成”下，又在“履职目标实现”下。\n\n## 依据\n绩效指标应“细化、量化”，不应重复设置（财预〔2020〕10号）。",
    docs_en: "## What it checks\nFinds repeated rows whose 三级指标 name and 年度指标值 are both the same, and reports the later one; the form's spare lines (“指标2”, “……”) do not count.\n\n## Why\nThe same indicator listed twice is scored twice and inflates the total.\n\n## Example\n“年度收储土地亩数 ≥500亩” appears both under “重点工作任务完成” and under “履职目标实现”.\n\n## Basis\nPerformance indicators must be “细化、量化” (specific and quantified), not set twice (财预〔2020〕10号).",
    check: &DuplicateIndicator,
};

impl Check for DuplicateIndicator {
    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let mut seen = std::collections::HashMap::with_capacity(cx.sheet.indicators.len());
        for (i, row, r) in super::indicators(cx) {
            // A template name (指标2) on two rows is two unfilled rows, not one row twice.
            if r.name_is_placeholder {
                continue;
            }
            // Folded, so that a full-width copy of a row is the same row.
            let key = (
                normalize_cow(&row.name.value),
                normalize_cow(&row.target.value),
            );
            match seen.get(&key) {
                Some(&first) => out.push(RULE.at_row(
                    cx,
                    i,
                    "name",
                    Text::new(
                        format!(
                            "“{}”与第 {} 行重复（名称与指标值相同），重复计分",
                            row.name.value.trim(),
                            first + 1
                        ),
                        format!(
                            "\"{}\" repeats row {} (same name and target) and is scored twice",
                            row.name.value.trim(),
                            first + 1
                        ),
                    ),
                    Text::new(
                        "删除重复的指标，或改为不同的指标",
                        "remove the repeated row, or make it a different indicator",
                    ),
                )),
                None => {
                    seen.insert(key, i);
                }
            }
        }
    }
}
