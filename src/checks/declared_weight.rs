//! `declared-weight`: a block label declares a weight (`产出指标(50分)`) its rows do not add
//! up to.

use rust_decimal::Decimal;

use super::{AtRow, Check, Context};
use crate::codes::{Code, DECLARED_WEIGHT as CODE};
use crate::diagnostic::Finding;
use crate::lang::Text;
use crate::numfmt::plain;

pub struct DeclaredWeight;

impl Check for DeclaredWeight {
    fn code(&self) -> &'static Code {
        &CODE
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let form = &cx.report.form;
        if !form.row_weights {
            return;
        }
        let levels = [("level1", &form.blocks), ("level2", &form.sub_blocks)];
        for (field, blocks) in levels {
            for block in blocks.iter().filter(|b| b.closed) {
                let Some(declared) = block.declared else {
                    continue;
                };
                let sum = block
                    .rows
                    .clone()
                    .filter_map(|i| cx.sheet.indicators[i].weight.as_ref())
                    .fold(Decimal::ZERO, |a, w| a.saturating_add(w.value));
                if sum == declared {
                    continue;
                }
                let first = block.rows.start;
                let written = match field {
                    "level1" => cx.sheet.indicators[first].level1.value.trim(),
                    _ => cx.sheet.indicators[first]
                        .level2
                        .as_ref()
                        .map_or("", |l| l.value.trim()),
                };
                out.push(CODE.at_row(
                    cx,
                    first,
                    field,
                    Text::new(
                        format!(
                            "“{written}”标注 {} 分，其下各指标分值合计 {}",
                            plain(declared),
                            plain(sum)
                        ),
                        format!(
                            "\"{written}\" declares {}, its rows weigh {} in all",
                            plain(declared),
                            plain(sum)
                        ),
                    ),
                    Text::new(
                        "核对该块各指标的分值，或改正标注的分值",
                        "check the weights of the block's rows, or correct the declared weight",
                    ),
                ));
            }
        }
    }
}
