//! `category-unknown`: a 一级指标 block the scheme does not know, on a form that otherwise
//! fits the scheme (a typo); a form of another system altogether is `form-mismatch`.

use super::{Check, Context, Rule};
use crate::diagnostic::{Finding, Severity};
use crate::lang::Text;

pub struct CategoryUnknown;

pub static RULE: Rule = Rule {
    name: "category-unknown",
    severity: Severity::Error,
    summary_zh: "一级指标不在评分方案之列",
    summary_en: "a first-level category the scheme does not define",
    docs: "## 作用\n检查每个一级指标块是否为评分方案规定的类别（含别名；“产出指标(50分)”“一、产出指标”按“产出指标”认；一级指标缺失或错字时按二级指标归类，错字仍报告并给出应为的类别）。每块报告一次。整张表属于另一套指标体系（两个以上的块都不认识）时，改由 form-mismatch 报告一次。\n\n## 原因\n类别写错时，分值核对与必填类别检查都会出错。\n\n## 示例\n一级指标写作“产出指数”：应为“产出指标”。\n\n## 依据\n财预〔2020〕10号附件：一级指标为产出、效益、满意度等。",
    docs_en: "## What it checks\nChecks that each 一级指标 block is a category the scheme defines (aliases included; “产出指标(50分)” and “一、产出指标” count as “产出指标”; a lost or garbled 一级 label is placed by its 二级 label, and a garbled one is still reported with the category meant). Reported once per block. When the whole form belongs to another system (two or more unknown blocks), form-mismatch says so once instead.\n\n## Why\nWith a wrong category, both the weight checks and the required-category check go wrong.\n\n## Example\n一级指标 written as “产出指数”: it should be “产出指标”.\n\n## Basis\nAnnex to 财预〔2020〕10号: the 一级指标 are 产出, 效益, 满意度 and so on.",
    check: &CategoryUnknown,
};

/// The 一级 blocks none of whose rows the scheme could place, by the index of their first
/// indicator row (spare lines aside), in order; each label once.
pub fn unknown_blocks<'a>(cx: &'a Context<'_>) -> Vec<(usize, &'a str)> {
    let mut out: Vec<(usize, &str)> = Vec::new();
    for block in &cx.report.form.blocks {
        if crate::value::label::is_section(&block.name) {
            continue;
        }
        let mut live = block
            .rows
            .clone()
            .filter(|&i| cx.report.rows[i].basis != crate::engine::Basis::Spare)
            .peekable();
        let Some(&first) = live.peek() else {
            continue;
        };
        if live.any(|i| cx.report.rows[i].category.is_some()) {
            continue;
        }
        if !out.iter().any(|(_, name)| *name == block.name) {
            out.push((first, block.name.as_str()));
        }
    }
    out
}

/// The 一级 blocks whose label names no category but which were placed all the same, by their
/// 二级 labels or by likeness, with a label one character from the category's name (a typo, or
/// scanning debris such as 顼目产出 for 项目产出): the first row, the label and the name.
fn garbled_blocks<'a>(cx: &'a Context<'_>) -> Vec<(usize, &'a str, &'a str)> {
    let mut out: Vec<(usize, &str, &str)> = Vec::new();
    for block in &cx.report.form.blocks {
        let Some((first, (category, how))) = block.rows.clone().find_map(|i| {
            let r = &cx.report.rows[i];
            (r.basis != crate::engine::Basis::Spare)
                .then_some(r.category)
                .flatten()
                .map(|c| (i, c))
        }) else {
            continue;
        };
        if how == crate::scheme::Placed::ByName || out.iter().any(|(_, l, _)| *l == block.name) {
            continue;
        }
        let c = &cx.scheme.categories[category];
        let chars = block.name.chars().count();
        let like = std::iter::once(&c.name).chain(&c.aliases).find(|n| {
            n.chars().count() == chars && crate::text::edit_distance(&block.name, n) == 1
        });
        if let Some(name) = like {
            out.push((first, block.name.as_str(), name.as_str()));
        }
    }
    out
}

/// Whether the form belongs to another system than the scheme: more than one unknown block.
pub fn mismatched(cx: &Context<'_>) -> bool {
    unknown_blocks(cx).len() > 1
}

impl Check for CategoryUnknown {
    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (first, label, name) in garbled_blocks(cx) {
            let level1 = cx.sheet.indicators[first].level1.value.trim();
            out.push(RULE.at_row(
                cx,
                first,
                "level1",
                Text::new(
                    format!("一级指标“{level1}”不在评分方案之列，疑为“{name}”的笔误或识别错误；复核按“{name}”计"),
                    format!("\"{level1}\" is not a category of the scheme; \"{name}\" is probably meant (a typo or misread), and is counted"),
                ),
                Text::new(
                    format!("将“{label}”改为“{name}”"),
                    format!("correct \"{label}\" to \"{name}\""),
                ),
            ));
        }
        let unknown = unknown_blocks(cx);
        let [(first, name)] = unknown[..] else {
            return;
        };
        let known: Vec<&str> = cx
            .scheme
            .categories
            .iter()
            .flat_map(|c| {
                std::iter::once(c.name.as_str()).chain(c.aliases.iter().map(String::as_str))
            })
            .collect();
        let help = match crate::text::did_you_mean(name, known.iter().copied()) {
            Some(s) => Text::new(format!("是否应为“{s}”？"), format!("did you mean \"{s}\"?")),
            None => Text::new(
                format!("评分方案的一级指标：{}", known.join("、")),
                format!("the scheme's categories: {}", known.join(", ")),
            ),
        };
        let level1 = cx.sheet.indicators[first].level1.value.trim();
        out.push(RULE.at_row(
            cx,
            first,
            "level1",
            Text::new(
                format!("一级指标“{level1}”不在评分方案之列"),
                format!("\"{level1}\" is not a category of the scheme"),
            ),
            help,
        ));
    }
}
