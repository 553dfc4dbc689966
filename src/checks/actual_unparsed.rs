//! `actual-unparsed`: a 实际完成值 that starts like a number but cannot be read.

use super::{Check, Context, Rule};
use crate::diagnostic::{Finding, Severity};
use crate::lang::Text;
use crate::value::Value;

pub struct ActualUnparsed;

pub static RULE: Rule = Rule {
    name: "actual-unparsed",
    severity: Severity::Error,
    summary_zh: "实际完成值无法识别",
    summary_en: "an actual that starts like a number cannot be read",
    docs: "## 作用\n实际完成值以比较符或数字开头却无法读懂时报告，并指出出错的位置。\n\n## 原因\n完成值读不懂就无法核对得分。\n\n## 示例\n“1OO%”：字母 O 应为数字 0。\n\n## 依据\n自评结果应真实、准确（财预〔2020〕10号）。",
    docs_en: "## What it checks\nReports a 实际完成值 (actual) that starts with a comparator or a digit but cannot be read, and points at where it goes wrong.\n\n## Why\nAn actual that cannot be read cannot be checked against the score.\n\n## Example\n“1OO%”: the letter O should be the digit 0.\n\n## Basis\nSelf-evaluation results must be true and accurate (财预〔2020〕10号).",
    check: &ActualUnparsed,
};

impl Check for ActualUnparsed {
    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (i, row, r) in super::indicators(cx) {
            // An unknown 度量单位 spoils target and actual alike: target-unparsed says it once.
            if super::target_unparsed::unit_cell_unknown(cx, row) {
                continue;
            }
            if let Value::Error(e) = &r.actual {
                out.push(
                    RULE.at_row(
                        cx,
                        i,
                        "actual",
                        Text::new(
                            format!("实际完成值“{}”无法识别：{}", row.actual.value, e.message.zh),
                            format!(
                                "the actual \"{}\" cannot be read: {}",
                                row.actual.value, e.message.en
                            ),
                        ),
                        e.help.clone(),
                    )
                    .span(e.span.clone()),
                );
            }
        }
    }
}
