//! `formula-error`: a scheme formula could not be evaluated on this sheet.

use super::{Check, Context, Rule};
use crate::diagnostic::{Finding, Severity};
use crate::engine::FormulaFailure;
use crate::lang::Text;

pub struct FormulaError;

pub static RULE: Rule = Rule {
    name: "formula-error",
    severity: Severity::Error,
    summary_zh: "评分方案的公式无法在本表上计算（如预算数为 0）",
    summary_en: "a scheme formula cannot be evaluated on this sheet (a zero budget, say)",
    docs: "## 作用\n评分方案的公式（执行率、派生指标、执行率得分）遇到除以零、数据缺失或溢出时报告，而不是中断。\n\n## 原因\n预算数据缺失或为 0 时无法计算执行率，相应得分无法复核。\n\n## 示例\n全年预算数为 0：执行率 = 全年执行数 ÷ 全年预算数 无法计算。\n\n## 依据\n评分方案中的公式（见方案文件）。",
    docs_en: "## What it checks\nReports, instead of stopping, when a formula of the scheme (执行率, derived indicators, 执行率 score) divides by zero, lacks data or overflows.\n\n## Why\nWhen budget figures are missing or 0, the 执行率 cannot be computed and the score based on it cannot be verified.\n\n## Example\n全年预算数 is 0: 执行率 = 全年执行数 ÷ 全年预算数 cannot be computed.\n\n## Basis\nThe formulas in the scheme (see the scheme file).",
    check: &FormulaError,
};

impl Check for FormulaError {
    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let pos = cx
            .sheet
            .budget
            .as_ref()
            .map(|b| b.total.pos.clone())
            .unwrap_or_else(|| cx.anchor());
        for failure in &cx.report.budget.formula_errors {
            out.push(
                finding(failure)
                    .at(&cx.sheet.source, pos.clone())
                    .field("budget.total"),
            );
        }
        for (i, r) in cx.report.rows.iter().enumerate() {
            if let Some(failure) = &r.formula_error {
                let f = finding(failure);
                out.push(RULE.at_row(cx, i, "actual", f.message, f.help));
            }
        }
    }
}

fn finding(failure: &FormulaFailure) -> Finding {
    let FormulaFailure {
        what,
        formula,
        error,
    } = failure;
    RULE.finding(
        Text::new(
            format!(
                "无法计算{}（公式 {formula}）：{}",
                what.zh, error.message.zh
            ),
            format!(
                "cannot compute {} (formula {formula}): {}",
                what.en, error.message.en
            ),
        ),
        Text::new(
            "检查预算数据是否填写完整（预算数为 0 时无法计算比率）",
            "check that the budget figures are complete (a zero budget gives no rate)",
        ),
    )
}
