//! `actual-unparsed`: a 实际完成值 that starts like a number but cannot be read.

use super::{AtRow, Check, Context};
use crate::codes::{ACTUAL_UNPARSED as CODE, Code};
use crate::diagnostic::Finding;
use crate::lang::Text;
use crate::value::Value;

pub struct ActualUnparsed;

impl Check for ActualUnparsed {
    fn code(&self) -> &'static Code {
        &CODE
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (i, row, r) in super::indicators(cx) {
            // An unknown 度量单位 spoils target and actual alike: target-unparsed says it once.
            if super::target_unparsed::unit_cell_unknown(cx, row) {
                continue;
            }
            if let Value::Error(e) = &r.actual {
                out.push(
                    CODE.at_row(
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
