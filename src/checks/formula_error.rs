//! `formula-error`: a scheme formula could not be evaluated on this sheet.

use super::{AtRow, Check, Context};
use crate::codes::{Code, FORMULA_ERROR as CODE};
use crate::diagnostic::Finding;
use crate::engine::FormulaFailure;
use crate::lang::Text;

pub struct FormulaError;

impl Check for FormulaError {
    fn code(&self) -> &'static Code {
        &CODE
    }

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
                out.push(CODE.at_row(cx, i, "actual", f.message, f.help));
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
    CODE.finding(
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
