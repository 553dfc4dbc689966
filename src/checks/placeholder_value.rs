//! `placeholder-value`: a name, target or actual left as a placeholder.

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
    docs: "## 作用\n找出三级指标名称、年度指标值、实际完成值为空白或占位符的行。\n\n## 原因\n未设置的指标无法评价，得分无从核对。\n\n## 示例\n年度指标值填“/”，或三级指标名称仍为模板中的“指标1”。\n\n## 依据\n绩效目标应清晰、可衡量（财预〔2020〕10号）。",
    docs_en: "## What it checks\nFinds rows whose 三级指标 name, 年度指标值 or 实际完成值 is blank or a placeholder.\n\n## Why\nAn indicator that was never set cannot be evaluated, and its score cannot be checked.\n\n## Example\n年度指标值 written as “/”, or the 三级指标 name still the template's “指标1”.\n\n## Basis\nPerformance targets must be clear and measurable (财预〔2020〕10号).",
    check: &PlaceholderValue,
};

impl Check for PlaceholderValue {
    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (i, (row, r)) in super::rows(cx).enumerate() {
            if r.name_is_placeholder {
                out.push(RULE.at_row(
                    cx,
                    i,
                    "name",
                    Text::new(
                        format!(
                            "第 {} 行三级指标名称未填写（“{}”）",
                            i + 1,
                            row.name.value.trim()
                        ),
                        format!(
                            "row {} has no indicator name (\"{}\")",
                            i + 1,
                            row.name.value
                        ),
                    ),
                    Text::new("填写具体的三级指标名称", "name the indicator"),
                ));
            }
            for (field, value, zh, en) in [
                ("target", &r.target, "年度指标值", "target"),
                ("actual", &r.actual, "实际完成值", "actual"),
            ] {
                if matches!(value, Value::Placeholder)
                    && r.derived
                        .as_ref()
                        .is_none_or(|d| !d.replaced || field == "target")
                {
                    out.push(RULE.at_row(
                        cx,
                        i,
                        field,
                        Text::new(
                            format!("“{}”的{zh}未填写", row.name.value.trim()),
                            format!("\"{}\" has no {en}", row.name.value.trim()),
                        ),
                        Text::new(
                            format!("填写{zh}，如 ≥90%、500亩、2022年底"),
                            format!("fill in the {en}, e.g. ≥90%, 500亩, 2022年底"),
                        ),
                    ));
                }
            }
        }
    }
}
