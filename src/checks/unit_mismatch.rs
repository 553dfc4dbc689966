//! `unit-mismatch`: target and actual in units that do not convert (亩 vs 元).

use super::{Check, Context, Rule};
use crate::diagnostic::{Finding, Severity};
use crate::lang::Text;
use crate::value::Value;

pub struct UnitMismatch;

pub static RULE: Rule = Rule {
    name: "unit-mismatch",
    severity: Severity::Error,
    summary_zh: "年度指标值与实际完成值的单位不能换算",
    summary_en: "target and actual are in units that do not convert",
    docs: "## 作用\n比较指标值与完成值的单位：同类单位自动换算（15000元 = 1.5万元，1公顷 = 15亩），不同类（亩与元、人与件）则报告。\n\n## 原因\n单位不同就无法比较完成情况，得分无法复核。\n\n## 示例\n指标值“≥500亩”，完成值“500万元”。\n\n## 依据\n绩效指标的计量单位应一致（财预〔2020〕10号附件：指标值与实际值）。",
    docs_en: "## What it checks\nCompares the units of the 指标值 (target) and the 完成值 (actual): units of one kind convert automatically (15000元 = 1.5万元, 1公顷 = 15亩); units of different kinds (亩 and 元, 人 and 件) are reported.\n\n## Why\nWith different units, completion cannot be compared and the score cannot be verified.\n\n## Example\n指标值 “≥500亩”, 完成值 “500万元”.\n\n## Basis\nThe units of measure of a performance indicator must agree (annex to 财预〔2020〕10号: 指标值 and 实际值).",
    check: &UnitMismatch,
};

impl Check for UnitMismatch {
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
            out.push(RULE.at_row(
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
