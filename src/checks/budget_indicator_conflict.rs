//! `budget-indicator-conflict`: a budget-derived indicator's actual contradicts the figures.

use super::{Check, Context, Rule};
use crate::diagnostic::{Finding, Severity};
use crate::engine::percent;
use crate::lang::Text;

pub struct BudgetIndicatorConflict;

pub static RULE: Rule = Rule {
    name: "budget-indicator-conflict",
    severity: Severity::Error,
    summary_zh: "由预算数据计算的指标（预算执行率、结转结余率等）与填报的实际完成值矛盾",
    summary_en: "an indicator computed from the budget figures contradicts its actual",
    docs: "## 作用\n评分方案把预算执行率、结转结余率、预算调整率等指标与预算数据的公式绑定；按公式计算，与该行填报的实际完成值比较（容差见方案）。\n\n## 原因\n表头显示执行率 81.9%，指标行却填 100% 并得满分，这是最常见的自评失实。\n\n## 示例\n预算执行率：填报 100%，全年执行数 12275.49 ÷ 全年预算数 14988.39 = 81.90%。\n\n## 依据\n财预〔2020〕10号：自评结果应真实、准确，与预算执行数据一致。",
    docs_en: "## What it checks\nThe scheme ties indicators such as 预算执行率 (budget execution rate), 结转结余率 (carry-over rate) and 预算调整率 (budget adjustment rate) to formulas over the budget figures; computes them by formula and compares them with the 实际完成值 (actual) written in that row (tolerance as set in the scheme).\n\n## Why\nThe header shows an 执行率 of 81.9% while the indicator row says 100% and takes full marks: the most common misstatement in self-evaluations.\n\n## Example\n预算执行率: 100% written; 全年执行数 12275.49 ÷ 全年预算数 14988.39 = 81.90%.\n\n## Basis\n财预〔2020〕10号: self-evaluation results must be true and accurate, and agree with the budget execution figures.",
    check: &BudgetIndicatorConflict,
};

impl Check for BudgetIndicatorConflict {
    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (i, row, r) in super::indicators(cx) {
            let Some(d) = &r.derived else {
                continue;
            };
            if !d.conflicts {
                continue;
            }
            let action = if d.replaced {
                Text::new("复核按计算值评分", "the review scores the computed value")
            } else {
                Text::new("请核实", "please verify")
            };
            let finding = RULE.at_row(
                cx,
                i,
                "actual",
                Text::new(
                    format!(
                        "“{}”填报 {}，按预算数据 {} = {}；{}",
                        row.name.value.trim(),
                        row.actual.value.trim(),
                        d.explanation,
                        percent(d.value),
                        action.zh
                    ),
                    format!(
                        "\"{}\" reports {}, the budget figures give {} = {}; {}",
                        row.name.value.trim(),
                        row.actual.value.trim(),
                        d.explanation,
                        percent(d.value),
                        action.en
                    ),
                ),
                Text::new(
                    format!("将实际完成值改为 {}", percent(d.value)),
                    format!("correct the actual to {}", percent(d.value)),
                ),
            );
            let len = row.actual.value.len();
            out.push(if len > 0 {
                finding.span(0..len)
            } else {
                finding
            });
        }
    }
}
