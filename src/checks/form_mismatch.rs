//! `form-mismatch`: the form's blocks belong to another system of indicators than the scheme's.

use super::category_unknown::unknown_blocks;
use super::{AtRow, Check, Context};
use crate::codes::{Code, FORM_MISMATCH as CODE};
use crate::diagnostic::Finding;
use crate::lang::Text;

pub struct FormMismatch;

impl Check for FormMismatch {
    fn code(&self) -> &'static Code {
        &CODE
    }

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
        out.push(CODE.at_row(
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
