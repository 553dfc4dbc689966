//! `actual-with-comparator`: an actual written with a comparator (`≥300人`) restates the target.

use super::{AtRow, Check, Context};
use crate::codes::{ACTUAL_WITH_COMPARATOR as CODE, Code};
use crate::diagnostic::Finding;
use crate::lang::Text;
use crate::value::Value;

pub struct ActualWithComparator;

impl Check for ActualWithComparator {
    fn code(&self) -> &'static Code {
        &CODE
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (i, row, r) in super::indicators(cx) {
            let Value::Comparison { quantity, .. } = &r.actual else {
                continue;
            };
            if r.derived.as_ref().is_some_and(|d| d.replaced) {
                continue;
            }
            let actual = row.actual.value.trim();
            out.push(CODE.at_row(
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
