//! `budget-sources-sum`: the source rows must add up to the total row.

use rust_decimal::Decimal;

use super::{Check, Context, Rule};
use crate::diagnostic::{Finding, Severity};
use crate::engine::num;
use crate::lang::Text;
use crate::sheet::{BudgetRow, Field};

pub struct BudgetSourcesSum;

pub static RULE: Rule = Rule {
    name: "budget-sources-sum",
    severity: Severity::Error,
    summary_zh: "资金来源各行之和应等于预算总额",
    summary_en: "the source rows must add up to the budget total",
    docs: "## 作用\n分别核对年初预算数、全年预算数、全年执行数：各资金来源行之和是否等于总额行。小计行与其下各行（如“财政资金小计”与“① 项目支出”“② 基本支出”）只计一次。\n\n## 原因\n来源与总额不符，说明预算数据抄录有误，执行率也随之不可信。\n\n## 示例\n政府预算资金 14988.28 + 财政专户管理资金 0.11 + 单位资金 0 = 14988.39，与全年预算数一致。\n\n## 依据\n部门预算总额由各资金来源构成（预算法、部门预算编制规定）。",
    docs_en: "## What it checks\nChecks 年初预算数 (initial budget), 全年预算数 (full-year budget) and 全年执行数 (amount executed) one by one: whether the funding-source rows add up to the total row. A subtotal row and the rows under it (财政资金小计 over ① 项目支出 and ② 基本支出) are counted once.\n\n## Why\nSources that do not match the total mean the budget figures were copied wrongly, and the 执行率 can no longer be trusted either.\n\n## Example\n政府预算资金 14988.28 + 财政专户管理资金 0.11 + 单位资金 0 = 14988.39, equal to the 全年预算数.\n\n## Basis\nA department's budget total is made up of its funding sources (预算法 (Budget Law), 部门预算编制规定 (rules for drawing up departmental budgets)).",
    check: &BudgetSourcesSum,
};

type Pick = fn(&BudgetRow) -> &Option<Field<Decimal>>;

impl Check for BudgetSourcesSum {
    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(budget) = &cx.sheet.budget else {
            return;
        };
        // A blank or zero total row under filled 其中 rows is budget-total-blank's.
        if cx.report.budget.from_sources {
            return;
        }
        if budget.sources.is_empty() {
            return;
        }
        // A subtotal row and its parts are summed once.
        let top = crate::engine::top_level_sources(&budget.sources, &budget.total);
        let columns: [(&str, &str, &'static str, Pick); 3] = [
            (
                "年初预算数",
                "initial budget",
                "budget.total.initial",
                |r| &r.initial,
            ),
            (
                "全年预算数",
                "full-year budget",
                "budget.total.full_year",
                |r| &r.full_year,
            ),
            (
                "全年执行数",
                "executed",
                "budget.total.executed",
                |r| &r.executed,
            ),
        ];
        for (zh, en, field, pick) in columns {
            let Some(total) = pick(&budget.total) else {
                continue;
            };
            let mut parts = top
                .iter()
                .filter_map(|s| pick(s).as_ref().map(|f| f.value))
                .peekable();
            if parts.peek().is_none() {
                continue;
            }
            let sum = parts.fold(Decimal::ZERO, |a, v| a.saturating_add(v));
            if sum != total.value {
                out.push(
                    RULE.finding(
                        Text::new(
                            format!(
                                "资金来源的{zh}合计 {}，与总额 {} 不符（相差 {}）",
                                num(sum),
                                num(total.value),
                                num((total.value - sum).abs())
                            ),
                            format!(
                                "the sources' {en} add up to {}, the total says {} (off by {})",
                                num(sum),
                                num(total.value),
                                num((total.value - sum).abs())
                            ),
                        ),
                        Text::new(
                            "核对各资金来源与总额，按决算数据更正",
                            "check the sources and the total against the final accounts",
                        ),
                    )
                    .at(&cx.sheet.source, total.pos.clone())
                    .field(field),
                );
            }
        }
    }
}
