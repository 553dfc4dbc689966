//! `unit-mismatch`: target and actual in units that do not convert (亩 vs 元).

use super::{AtRow, Check, Context};
use crate::codes::{Code, UNIT_MISMATCH as CODE};
use crate::diagnostic::Finding;
use crate::lang::Text;
use crate::value::Value;

pub struct UnitMismatch;

impl Check for UnitMismatch {
    fn code(&self) -> &'static Code {
        &CODE
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (i, row, r) in super::indicators(cx) {
            let targets: Vec<_> = match &r.target {
                Value::Range { low, high, .. } => vec![low, high],
                v => v.quantity().into_iter().collect(),
            };
            let (Some(t), Some(a)) = (
                targets.first().and_then(|q| q.unit.as_ref()),
                r.actual.quantity().and_then(|q| q.unit.as_ref()),
            ) else {
                continue;
            };
            if r.derived.as_ref().is_some_and(|d| d.replaced) || t.convertible(a) {
                continue;
            }
            out.push(CODE.at_row(
                cx,
                i,
                "actual",
                Text::new(
                    format!("“{}”的指标值单位为“{}”（{}），完成值单位为“{}”（{}），无法比较", row.name.value.trim(), t.symbol, t.dimension.zh(), a.symbol, a.dimension.zh()),
                    format!("\"{}\": the target is in {} ({}), the actual in {} ({}); they cannot be compared", row.name.value.trim(), t.symbol, t.dimension.name(), a.symbol, a.dimension.name()),
                ),
                Text::new("用与指标值相同的单位填写实际完成值", "write the actual in the target's unit"),
            ));
        }
    }
}
