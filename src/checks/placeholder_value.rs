//! `placeholder-value`: an indicator row whose name, target or actual was left unfilled.

use super::{AtRow, Check, Context};
use crate::codes::{Code, PLACEHOLDER_VALUE as CODE};
use crate::diagnostic::Finding;
use crate::lang::Text;
use crate::value::Value;

pub struct PlaceholderValue;

impl Check for PlaceholderValue {
    fn code(&self) -> &'static Code {
        &CODE
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        // A sheet with nothing filled in is reported once, by sheet-unfilled.
        if cx.report.form.unfilled {
            return;
        }
        for (i, row, r) in super::indicators(cx) {
            let needs_target = r
                .category
                .is_none_or(|(c, _)| cx.scheme.categories[c].target_required);
            let derived = r.derived.as_ref().is_some_and(|d| d.replaced);
            let missing: Vec<(&'static str, &str, &str)> = [
                (r.name_is_placeholder, "name", "三级指标名称", "name"),
                (
                    needs_target && !derived && matches!(r.target, Value::Placeholder),
                    "target",
                    "年度指标值",
                    "target",
                ),
                (
                    !derived && matches!(r.actual, Value::Placeholder),
                    "actual",
                    "实际完成值",
                    "actual",
                ),
            ]
            .into_iter()
            .filter(|(blank, ..)| *blank)
            .map(|(_, field, zh, en)| (field, zh, en))
            .collect();
            let Some((field, ..)) = missing.first() else {
                continue;
            };
            let zh: Vec<&str> = missing.iter().map(|(_, zh, _)| *zh).collect();
            let en: Vec<&str> = missing.iter().map(|(.., en)| *en).collect();
            let name = row.name.value.trim();
            let (mut message, help) = if r.name_is_placeholder {
                (
                    Text::new(
                        format!(
                            "第 {} 行指标未填写{}（名称为“{name}”）",
                            i + 1,
                            zh.join("、")
                        ),
                        format!(
                            "row {} leaves its {} unfilled (named \"{name}\")",
                            i + 1,
                            en.join(", ")
                        ),
                    ),
                    if missing.len() == 1 {
                        Text::new("填写具体的三级指标名称", "name the indicator")
                    } else {
                        Text::new(
                            "填写具体的三级指标名称、年度指标值和实际完成值；不用的备用行删去分值",
                            "name the indicator and fill in its target and actual; clear the 分值 of a spare line",
                        )
                    },
                )
            } else {
                (
                    Text::new(
                        format!("“{name}”未填写{}", zh.join("、")),
                        format!("\"{name}\" has no {}", en.join(" and no ")),
                    ),
                    Text::new(
                        format!("填写{}，如 ≥90%、500亩、2022年底", zh.join("和")),
                        format!(
                            "fill in the {}, e.g. ≥90%, 500亩, 2022年底",
                            en.join(" and ")
                        ),
                    ),
                )
            };
            if r.unverified {
                let points = super::pts(cx, r.computed);
                message = Text::new(
                    format!("{}，自评得分 {points} 分无法核对", message.zh),
                    format!("{}; its claimed {points} cannot be verified", message.en),
                );
            }
            out.push(CODE.at_row(cx, i, field, message, help));
        }
    }
}
