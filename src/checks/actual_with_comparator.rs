//! `actual-with-comparator`: an actual written with a comparator (`≥300人`) restates the target.

use super::{Check, Context, Rule};
use crate::diagnostic::{Finding, Severity};
use crate::lang::Text;
use crate::value::Value;

pub struct ActualWithComparator;

pub static RULE: Rule = Rule {
    name: "actual-with-comparator",
    severity: Severity::Info,
    summary_zh: "实际完成值写有比较符（如 ≥300人），按其中的数字复核",
    summary_en: "an actual written with a comparator (≥300人) is read as its number",
    docs: "## 作用\n实际完成值写成“≥300人”“不低于95%”时，按其中的数字（300人、95%）复核，并提示：完成值应写实际达到的数，而不是照抄指标值。\n\n## 原因\n带比较符的完成值多半是照抄了指标值，实际完成多少并不清楚。\n\n## 示例\n指标值“≥300人”，实际完成值“≥300人”。\n\n## 依据\n实际完成值应如实填写（财预〔2020〕10号附件1）。",
    docs_en: "## What it checks\nAn actual written as “≥300人” or “不低于95%” is scored on its number (300人, 95%), with a note: an actual states what was achieved, not the target again.\n\n## Why\nAn actual with a comparator is most often the target copied over; what was really achieved stays unknown.\n\n## Example\nTarget “≥300人”, actual “≥300人”.\n\n## Basis\nThe actual must state what was achieved (annex 1 to 财预〔2020〕10号).",
    check: &ActualWithComparator,
};

impl Check for ActualWithComparator {
    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (i, row, r) in super::indicators(cx) {
            let Value::Comparison { quantity, .. } = &r.actual else {
                continue;
            };
            if r.derived.as_ref().is_some_and(|d| d.replaced) {
                continue;
            }
            let actual = row.actual.value.trim();
            out.push(RULE.at_row(
                cx,
                i,
                "actual",
                Text::new(
                    format!("“{}”的实际完成值“{actual}”写有比较符，按 {quantity} 复核", row.name.value.trim()),
                    format!("\"{}\": the actual \"{actual}\" has a comparator; it is read as {quantity}", row.name.value.trim()),
                ),
                Text::new(
                    "实际完成值填写实际达到的数值，不带比较符",
                    "write the figure achieved as the actual, without a comparator",
                ),
            ));
        }
    }
}
