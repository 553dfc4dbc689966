//! `actual-kind-mismatch`: the actual answers a different kind of target.

use super::{Check, Context, Rule};
use crate::diagnostic::{Finding, Severity};
use crate::lang::Text;
use crate::value::Value;

pub struct ActualKindMismatch;

pub static RULE: Rule = Rule {
    name: "actual-kind-mismatch",
    severity: Severity::Warning,
    summary_zh: "实际完成值与指标值类型不符（时间指标填百分比、数量指标填文字）",
    summary_en: "the actual answers a different kind of target (a date with 100%, a number with prose)",
    docs: "## 作用\n时间（期限）指标应填写完成日期，数量指标应填写数值；类型不符时报告。\n\n## 原因\n“预计2022年6月30日完成”答以“100%”，看不出是否按期完成，得分无法复核，只能沿用自评。\n\n## 示例\n上街区国土空间规划项目完成时间：指标值“预计2022年6月30日完成”，完成值“100%”。\n\n## 依据\n实际完成值应与指标值口径一致（财预〔2020〕10号附件）。",
    docs_en: "## What it checks\nA time (deadline) indicator should be answered with a completion date, a quantity indicator with a number; reports a mismatch of kind.\n\n## Why\n“预计2022年6月30日完成” answered with “100%” does not show whether the work was done on time: the score cannot be verified and the claimed one has to stand.\n\n## Example\nThe 上街区国土空间规划项目完成时间 row: 指标值 “预计2022年6月30日完成”, 完成值 “100%”.\n\n## Basis\nThe 实际完成值 (actual) must be stated on the same basis as the 指标值 (target) (annex to 财预〔2020〕10号).",
    check: &ActualKindMismatch,
};

impl Check for ActualKindMismatch {
    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (i, row, r) in super::indicators(cx) {
            if matches!(r.actual, Value::Placeholder | Value::Error(_))
                || r.derived.as_ref().is_some_and(|d| d.replaced)
            {
                continue;
            }
            let (zh, en, help_zh, help_en) = match (&r.target, &r.actual) {
                (Value::Date { .. }, Value::Date { .. }) => continue,
                // A month answering a month deadline (7月 for 9月前) was judged as a date.
                (Value::Date { .. }, _) if r.basis == crate::engine::Basis::Exact => continue,
                (Value::Date { .. }, _) => (
                    "时间指标",
                    "a deadline",
                    "填写实际完成日期，如 2022年6月20日",
                    "write the completion date, e.g. 2022年6月20日",
                ),
                (
                    Value::Comparison { .. } | Value::Quantity { .. } | Value::Range { .. },
                    Value::Qualitative(_) | Value::Date { .. },
                ) => (
                    "数量指标",
                    "a quantity",
                    "填写实际完成的数值和单位",
                    "write the achieved number and unit",
                ),
                _ => continue,
            };
            out.push(RULE.at_row(
                cx,
                i,
                "actual",
                Text::new(
                    format!(
                        "“{}”是{zh}（{}），实际完成值却为“{}”",
                        row.name.value.trim(),
                        row.target.value.trim(),
                        row.actual.value.trim()
                    ),
                    format!(
                        "\"{}\" is {en} ({}), but the actual is \"{}\"",
                        row.name.value.trim(),
                        row.target.value.trim(),
                        row.actual.value.trim()
                    ),
                ),
                Text::new(help_zh, help_en),
            ));
        }
    }
}
