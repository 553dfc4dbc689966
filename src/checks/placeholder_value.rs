//! `placeholder-value`: an indicator row whose name, target or actual was left unfilled.

use super::{Check, Context, Rule};
use crate::diagnostic::{Finding, Severity};
use crate::lang::Text;
use crate::value::Value;

pub struct PlaceholderValue;

pub static RULE: Rule = Rule {
    name: "placeholder-value",
    severity: Severity::Warning,
    summary_zh: "指标名称、指标值或实际完成值未填写（空白、“/”、“无”、“指标1”等）",
    summary_en: "a name, target or actual is left as a placeholder (blank, /, 无, 指标1)",
    docs: "## 作用\n找出三级指标名称、年度指标值、实际完成值为空白或占位符的指标行，每行报告一次，列出未填的各项。表格自带的备用行（“指标2”“……”等，没有分值和得分，也没有填写任何值）不是指标，不报告。按评价标准评分的类别（如决策、过程）不要求年度指标值。\n\n## 原因\n未设置的指标无法评价；有得分而指标值和完成值都未填的，得分无法核对。\n\n## 示例\n年度指标值填“/”，或三级指标名称仍为模板中的“指标1”，却填了分值。\n\n## 依据\n绩效目标应清晰、可衡量（财预〔2020〕10号）。",
    docs_en: "## What it checks\nFinds indicator rows whose 三级指标 name, 年度指标值 or 实际完成值 is blank or a placeholder, once per row, listing what is missing. The form's own spare lines (“指标2”, “……”: no 分值, no 得分 and nothing filled in) are no indicators and are not reported. Categories judged against criteria (such as 决策 and 过程) need no 年度指标值.\n\n## Why\nAn indicator that was never set cannot be evaluated; a score claimed with neither target nor actual cannot be checked.\n\n## Example\n年度指标值 written as “/”, or the 三级指标 name still the template's “指标1”, on a row that carries a 分值.\n\n## Basis\nPerformance targets must be clear and measurable (财预〔2020〕10号).",
    check: &PlaceholderValue,
};

impl Check for PlaceholderValue {
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
            out.push(RULE.at_row(cx, i, field, message, help));
        }
    }
}
