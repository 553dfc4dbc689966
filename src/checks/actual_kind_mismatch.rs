//! `actual-kind-mismatch`: the actual answers a different kind of target.

use super::{AtRow, Check, Context};
use crate::codes::{ACTUAL_KIND_MISMATCH as CODE, Code};
use crate::diagnostic::Finding;
use crate::lang::Text;
use crate::value::Value;

pub struct ActualKindMismatch;

impl Check for ActualKindMismatch {
    fn code(&self) -> &'static Code {
        &CODE
    }

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
            out.push(CODE.at_row(
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
