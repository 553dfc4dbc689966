//! `score-over-weight`: a claimed score above its weight, or below zero.

use rust_decimal::Decimal;

use super::{AtRow, Check, Context};
use crate::codes::{Code, SCORE_OVER_WEIGHT as CODE};
use crate::diagnostic::Finding;
use crate::lang::Text;
use crate::numfmt::plain;

pub struct ScoreOverWeight;

impl Check for ScoreOverWeight {
    fn code(&self) -> &'static Code {
        &CODE
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (i, row, _) in super::indicators(cx) {
            let (Some(score), Some(weight)) = (&row.score, &row.weight) else {
                continue;
            };
            if score.value > weight.value || score.value < Decimal::ZERO {
                out.push(CODE.at_row(
                    cx,
                    i,
                    "score",
                    Text::new(
                        format!("“{}”得分 {} 超出 0–{} 的范围", row.name.value.trim(), plain(score.value), plain(weight.value)),
                        format!("\"{}\" scores {}, outside 0–{}", row.name.value.trim(), plain(score.value), plain(weight.value)),
                    ),
                    Text::new("得分应在 0 与分值之间，超额完成不加分", "a score lies between 0 and the weight; over-achievement earns nothing extra"),
                ));
            }
        }
    }
}
