//! `target-unparsed`: a 年度指标值 that starts like a number but cannot be read.

use super::{Check, Context, Rule};
use crate::diagnostic::{Finding, Severity};
use crate::lang::Text;
use crate::value::Value;

pub struct TargetUnparsed;

pub static RULE: Rule = Rule {
    name: "target-unparsed",
    severity: Severity::Error,
    summary_zh: "年度指标值无法识别（如 OCR 把 0 识别成字母 O）",
    summary_en: "a target that starts like a number cannot be read",
    docs: "## 作用\n年度指标值以比较符或数字开头却无法读懂时报告，并指出出错的位置。\n\n## 原因\n指标值读不懂就无法评分；常见于 OCR 错误（≥9O%）、多余符号（≥90%%）、漏写数字（≥%）。\n\n## 示例\n“≥9O%”：字母 O 应为数字 0。\n\n## 依据\n绩效指标应可衡量（财预〔2020〕10号）。",
    docs_en: "## What it checks\nReports a 年度指标值 (target) that starts with a comparator or a digit but cannot be read, and points at where it goes wrong.\n\n## Why\nA target that cannot be read cannot be scored; common causes are OCR errors (≥9O%), stray symbols (≥90%%) and a missing number (≥%).\n\n## Example\n“≥9O%”: the letter O should be the digit 0.\n\n## Basis\nPerformance indicators must be measurable (财预〔2020〕10号).",
    check: &TargetUnparsed,
};

/// Whether the row's 度量单位 cell names no unit the scheme knows.
pub(super) fn unit_cell_unknown(cx: &Context<'_>, row: &crate::sheet::Indicator) -> bool {
    row.unit
        .as_ref()
        .is_some_and(|u| !crate::value::unit_cell_known(&u.value, &cx.scheme.units))
}

impl Check for TargetUnparsed {
    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (i, row, r) in super::indicators(cx) {
            let Value::Error(e) = &r.target else {
                continue;
            };
            // An unknown 指标性质 is the op cell's fault, not the target text's.
            let op_cell = row
                .op
                .as_ref()
                .filter(|o| crate::value::op_cell(&o.value) == crate::value::OpCell::Unknown);
            let finding = if unit_cell_unknown(cx, row) {
                RULE.at_row(
                    cx,
                    i,
                    "unit",
                    Text::new(
                        format!("年度指标值与实际完成值无法识别：{}", e.message.zh),
                        format!("the target and the actual cannot be read: {}", e.message.en),
                    ),
                    e.help.clone(),
                )
            } else if op_cell.is_some() {
                RULE.at_row(
                    cx,
                    i,
                    "op",
                    Text::new(
                        format!("年度指标值无法识别：{}", e.message.zh),
                        format!("the target cannot be read: {}", e.message.en),
                    ),
                    e.help.clone(),
                )
            } else {
                RULE.at_row(
                    cx,
                    i,
                    "target",
                    Text::new(
                        format!("年度指标值“{}”无法识别：{}", row.target.value, e.message.zh),
                        format!(
                            "the target \"{}\" cannot be read: {}",
                            row.target.value, e.message.en
                        ),
                    ),
                    e.help.clone(),
                )
                .span(e.span.clone())
            };
            out.push(finding);
        }
    }
}
