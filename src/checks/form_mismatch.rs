//! `form-mismatch`: the form's blocks belong to another system of indicators than the scheme's.

use super::category_unknown::unknown_blocks;
use super::{Check, Context, Rule};
use crate::diagnostic::{Finding, Severity};
use crate::lang::Text;

pub struct FormMismatch;

pub static RULE: Rule = Rule {
    name: "form-mismatch",
    severity: Severity::Warning,
    summary_zh: "表的一级指标属于另一套指标体系，与评分方案不符",
    summary_en: "the form's first-level blocks belong to another system than the scheme's",
    docs: "## 作用\n表中有两个以上一级指标块不是评分方案的类别（如市级表的“项目决策”“项目管理”，或另一省份的部门整体表）时，整张表报告一次，列出这些块。此时不再逐块报告 category-unknown，也不报告 category-missing；各行仍按指标值与完成值复核。\n\n## 原因\n用一套方案去套另一套体系的表，逐行逐块报错只会淹没真正的问题。应换用相应的评分方案（--scheme），或在方案中为这些块写上别名。\n\n## 示例\n评分方案为财政部项目支出自评（产出、效益、满意度），表的一级指标却是“项目决策(10分)”“项目管理(25分)”。\n\n## 依据\n各地自评表的一级指标体系不同（财预〔2020〕10号附件1 与附件2 即有两套）。",
    docs_en: "## What it checks\nWhen two or more 一级指标 blocks of the form are not categories of the scheme (a municipal form's “项目决策” and “项目管理”, another province's department form), reports once for the sheet, naming the blocks. category-unknown and category-missing are then not reported; the rows are still scored on their targets and actuals.\n\n## Why\nScoring one system's form under another system's scheme would report every row and block, burying the real problems. Use the matching scheme (--scheme), or give the scheme aliases for these blocks.\n\n## Example\nThe scheme is the national project scheme (产出, 效益, 满意度), and the form's blocks are “项目决策(10分)” and “项目管理(25分)”.\n\n## Basis\nForms differ in their first-level system from place to place (annexes 1 and 2 of 财预〔2020〕10号 already give two).",
    check: &FormMismatch,
};

impl Check for FormMismatch {
    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let unknown = unknown_blocks(cx);
        if unknown.len() < 2 {
            return;
        }
        let names: Vec<String> = unknown.iter().map(|(_, n)| format!("“{n}”")).collect();
        let categories: Vec<&str> = cx
            .scheme
            .categories
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        let (known_zh, known_en) = if categories.is_empty() {
            ("无".to_string(), "none".to_string())
        } else {
            (categories.join("、"), categories.join(", "))
        };
        out.push(RULE.at_row(
            cx,
            unknown[0].0,
            "level1",
            Text::new(
                format!(
                    "表的一级指标{}不属于评分方案 {} 的指标体系（{}）；各行仍按指标值复核，类别分值不核对",
                    names.join(""),
                    cx.scheme.id,
                    known_zh
                ),
                format!(
                    "the form's blocks {} are not in the system of the scheme {} ({}); rows are still scored on their targets, category weights are not checked",
                    names.join(", "),
                    cx.scheme.id,
                    known_en
                ),
            ),
            Text::new(
                "用 --scheme 指定与本表体系相符的评分方案，或在评分方案的 categories 中为这些块加上别名",
                "choose the scheme of this form's system with --scheme, or give the scheme's categories aliases for these blocks",
            ),
        ));
    }
}
