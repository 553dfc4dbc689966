//! `duplicate-indicator`: the same indicator (name and target) counted twice.

use super::{AtRow, Check, Context};
use crate::codes::{Code, DUPLICATE_INDICATOR as CODE};
use crate::diagnostic::Finding;
use crate::lang::Text;
use crate::text::normalize_cow;

pub struct DuplicateIndicator;

impl Check for DuplicateIndicator {
    fn code(&self) -> &'static Code {
        &CODE
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let mut seen = std::collections::HashMap::with_capacity(cx.sheet.indicators.len());
        for (i, row, r) in super::indicators(cx) {
            // A template name (指标2) on two rows is two unfilled rows, not one row twice.
            if r.name_is_placeholder {
                continue;
            }
            // Folded, so that a full-width copy of a row is the same row.
            let key = (
                normalize_cow(&row.name.value),
                normalize_cow(&row.target.value),
            );
            match seen.get(&key) {
                Some(&first) => out.push(CODE.at_row(
                    cx,
                    i,
                    "name",
                    Text::new(
                        format!(
                            "“{}”与第 {} 行重复（名称与指标值相同），重复计分",
                            row.name.value.trim(),
                            first + 1
                        ),
                        format!(
                            "\"{}\" repeats row {} (same name and target) and is scored twice",
                            row.name.value.trim(),
                            first + 1
                        ),
                    ),
                    Text::new(
                        "删除重复的指标，或改为不同的指标",
                        "remove the repeated row, or make it a different indicator",
                    ),
                )),
                None => {
                    seen.insert(key, i);
                }
            }
        }
    }
}
