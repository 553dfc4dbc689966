//! `qualitative-band`: a qualitative score outside the band its actual earns.

use super::{AtRow, Check, Context, pts};
use crate::codes::{Code, QUALITATIVE_BAND as CODE};
use crate::diagnostic::Finding;
use crate::engine::Attainment;
use crate::lang::Text;
use crate::value::Value;

pub struct QualitativeBand;

impl Check for QualitativeBand {
    fn code(&self) -> &'static Code {
        &CODE
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (i, row, r) in super::indicators(cx) {
            if matches!(r.target, Value::Qualitative(_))
                && r.attainment == Attainment::Unknown
                && !matches!(r.actual, Value::Placeholder | Value::Error(_))
            {
                out.push(CODE.at_row(
                    cx,
                    i,
                    "actual",
                    Text::new(
                        format!("“{}”无法从实际完成值“{}”判断达成档次，复核沿用自评得分", row.name.value.trim(), row.actual.value.trim()),
                        format!("\"{}\": the actual \"{}\" does not tell the band; the claimed score is kept", row.name.value.trim(), row.actual.value.trim()),
                    ),
                    Text::new(
                        "写明完成情况（如“已完成”“部分完成”“未完成”），或在评分方案的词表中加入该说法",
                        "state the achievement (已完成, 部分完成, 未完成), or add the wording to the scheme's vocabulary",
                    ),
                ));
                continue;
            }
            let (Attainment::Band(b), Some((min, max)), Some(claimed)) =
                (r.attainment, r.band_range, r.claimed)
            else {
                continue;
            };
            if claimed >= min && claimed <= max {
                continue;
            }
            let band = &cx.scheme.qualitative.bands[b].name;
            out.push(CODE.at_row(
                cx,
                i,
                "score",
                Text::new(
                    format!("“{}”完成值“{}”属“{band}”档，得分应在 {}–{} 之间，自评 {}", row.name.value.trim(), row.actual.value.trim(), pts(cx, min), pts(cx, max), pts(cx, claimed)),
                    format!("\"{}\": the actual \"{}\" is in the \"{band}\" band, scoring {}–{}; {} was claimed", row.name.value.trim(), row.actual.value.trim(), pts(cx, min), pts(cx, max), pts(cx, claimed)),
                ),
                Text::new(format!("在 {}–{} 之间给分", pts(cx, min), pts(cx, max)), format!("score between {} and {}", pts(cx, min), pts(cx, max))),
            ));
        }
    }
}
