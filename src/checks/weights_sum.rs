//! `weights-sum`: the weights of all rows plus the budget weight must make the total.

use rust_decimal::Decimal;

use super::{Check, Context, Rule};
use crate::diagnostic::{Finding, Severity};
use crate::engine::num;
use crate::lang::Text;

pub struct WeightsSum;

pub static RULE: Rule = Rule {
    name: "weights-sum",
    severity: Severity::Error,
    summary_zh: "各指标分值与预算执行分值之和应等于总分",
    summary_en: "row weights plus the budget weight must add up to the total",
    docs: "## 作用\n核对全部三级指标的分值加上预算执行率的分值是否等于总分行的分值（通常为 100）。表中没有总分行（表格可能不完整）或没有分值列时不核对。\n\n## 原因\n分值之和不等于总分时，得分无法与等级对应，复核总分也失去意义。\n\n## 示例\n指标分值合计 88、预算执行 10、总分 100：少了 2 分。\n\n## 依据\n财预〔2020〕10号：自评总分 100 分，一级指标权重统一设置。",
    docs_en: "## What it checks\nChecks that the 分值 (weights) of all 三级指标 plus the 预算执行率 weight add up to the 分值 of the 总分 row (usually 100). Not checked when the table has no 总分 row (it may be incomplete) or no weight column.\n\n## Why\nWhen the weights do not add up to the total, scores cannot be matched to grades, and the recomputed total loses its meaning.\n\n## Example\nIndicator weights add up to 88, budget execution 10, 总分 100: 2 points short.\n\n## Basis\n财预〔2020〕10号: the self-evaluation total is 100 points, with first-level weights set uniformly.",
    check: &WeightsSum,
};

impl Check for WeightsSum {
    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        // The sum is held against the 总分 row's printed 分值: without that row the table may
        // be cut short, and without row weights weights-missing says so once.
        if !cx.report.form.row_weights || !cx.report.form.total_row {
            return;
        }
        let rows = cx
            .sheet
            .indicators
            .iter()
            .filter_map(|i| i.weight.as_ref())
            .fold(Decimal::ZERO, |a, w| a.saturating_add(w.value));
        let sum = rows.saturating_add(cx.report.budget.weight);
        let total = cx.report.total.weight;
        if sum != total {
            let pos = cx
                .sheet
                .total
                .as_ref()
                .map(|t| t.pos.clone())
                .unwrap_or_else(|| cx.anchor());
            out.push(
                RULE.finding(
                    Text::new(
                        format!(
                            "分值合计 {}（指标 {} + 预算执行 {}）不等于总分 {}",
                            num(sum),
                            num(rows),
                            num(cx.report.budget.weight),
                            num(total)
                        ),
                        format!(
                            "weights add up to {} (rows {} + budget {}), not the total {}",
                            num(sum),
                            num(rows),
                            num(cx.report.budget.weight),
                            num(total)
                        ),
                    ),
                    Text::new(
                        "调整各指标分值，使合计等于总分",
                        "adjust the weights so that they add up to the total",
                    ),
                )
                .at(&cx.sheet.source, pos)
                .field("total.weight"),
            );
        }
    }
}
