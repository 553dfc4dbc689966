//! `declared-weight`: a block label declares a weight (`产出指标(50分)`) its rows do not add
//! up to.

use rust_decimal::Decimal;

use super::{Check, Context, Rule};
use crate::diagnostic::{Finding, Severity};
use crate::engine::num;
use crate::lang::Text;

pub struct DeclaredWeight;

pub static RULE: Rule = Rule {
    name: "declared-weight",
    severity: Severity::Error,
    summary_zh: "一级或二级指标标注的分值与其下各指标分值合计不符",
    summary_en: "a block label's declared weight differs from its rows' weights",
    docs: "## 作用\n一级或二级指标单元格写明分值的（“产出指标(50分)”“数量指标(10分)”），核对其下各三级指标分值之和是否等于该分值。表的最后一块只在表有总分行时核对（表格可能被截断）。\n\n## 原因\n标注的分值与各行分值不一致，说明分值填错或漏填了指标。\n\n## 示例\n“产出指标(50分)”下各指标分值合计 48。\n\n## 依据\n自评表的一级、二级指标分值是其下各指标分值之和（财预〔2020〕10号附件1）。",
    docs_en: "## What it checks\nWhere a 一级 or 二级指标 cell states a weight (“产出指标(50分)”, “数量指标(10分)”), checks that the weights of the rows under it add up to that weight. The table's last block is checked only when the table has a 总分 row (the table may be cut short).\n\n## Why\nA declared weight that its rows do not add up to means a weight was mistyped or an indicator left out.\n\n## Example\nThe rows under “产出指标(50分)” weigh 48 in all.\n\n## Basis\nA block's weight is the sum of its indicators' weights (annex 1 to 财预〔2020〕10号).",
    check: &DeclaredWeight,
};

impl Check for DeclaredWeight {
    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let form = &cx.report.form;
        if !form.row_weights {
            return;
        }
        let levels = [("level1", &form.blocks), ("level2", &form.sub_blocks)];
        for (field, blocks) in levels {
            for block in blocks.iter().filter(|b| b.closed) {
                let Some(declared) = block.declared else {
                    continue;
                };
                let sum = block
                    .rows
                    .clone()
                    .filter_map(|i| cx.sheet.indicators[i].weight.as_ref())
                    .fold(Decimal::ZERO, |a, w| a.saturating_add(w.value));
                if sum == declared {
                    continue;
                }
                let first = block.rows.start;
                let written = match field {
                    "level1" => cx.sheet.indicators[first].level1.value.trim(),
                    _ => cx.sheet.indicators[first]
                        .level2
                        .as_ref()
                        .map_or("", |l| l.value.trim()),
                };
                out.push(RULE.at_row(
                    cx,
                    first,
                    field,
                    Text::new(
                        format!(
                            "“{written}”标注 {} 分，其下各指标分值合计 {}",
                            num(declared),
                            num(sum)
                        ),
                        format!(
                            "\"{written}\" declares {}, its rows weigh {} in all",
                            num(declared),
                            num(sum)
                        ),
                    ),
                    Text::new(
                        "核对该块各指标的分值，或改正标注的分值",
                        "check the weights of the block's rows, or correct the declared weight",
                    ),
                ));
            }
        }
    }
}
