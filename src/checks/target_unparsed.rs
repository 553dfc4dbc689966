//! `target-unparsed`: a 年度指标值 that starts like a number but cannot be read.

use super::{AtRow, Check, Context};
use crate::codes::{Code, TARGET_UNPARSED as CODE};
use crate::diagnostic::Finding;
use crate::lang::Text;
use crate::value::Value;

pub struct TargetUnparsed;

/// Whether the row's 度量单位 cell names no unit the scheme knows.
pub(super) fn unit_cell_unknown(cx: &Context<'_>, row: &crate::sheet::Indicator) -> bool {
    row.unit
        .as_ref()
        .is_some_and(|u| !crate::value::unit_cell_known(&u.value, &cx.scheme.units))
}

impl Check for TargetUnparsed {
    fn code(&self) -> &'static Code {
        &CODE
    }

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
                CODE.at_row(
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
                CODE.at_row(
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
                CODE.at_row(
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
