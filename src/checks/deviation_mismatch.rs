//! `deviation-mismatch`: the claimed 偏差度 differs from the computed one.

use super::{AtRow, Check, Context};
use crate::codes::{Code, DEVIATION_MISMATCH as CODE};
use crate::diagnostic::Finding;
use crate::lang::Text;
use crate::numfmt::percent;

pub struct DeviationMismatch;

impl Check for DeviationMismatch {
    fn code(&self) -> &'static Code {
        &CODE
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (i, row, r) in super::indicators(cx) {
            let (Some(text), Some(claimed), Some(computed)) =
                (&row.deviation, r.claimed_deviation, r.deviation)
            else {
                continue;
            };
            if (claimed - computed).abs() <= cx.scheme.deviation.tolerance {
                continue;
            }
            out.push(CODE.at_row(
                cx,
                i,
                "deviation",
                Text::new(
                    format!(
                        "“{}”偏差度填报 {}，计算为 {}",
                        row.name.value.trim(),
                        text.value.trim(),
                        percent(computed)
                    ),
                    format!(
                        "\"{}\" reports a deviation of {}, the computed one is {}",
                        row.name.value.trim(),
                        text.value.trim(),
                        percent(computed)
                    ),
                ),
                Text::new(
                    format!("将偏差度改为 {}", percent(computed)),
                    format!("correct the deviation to {}", percent(computed)),
                ),
            ));
        }
    }
}
