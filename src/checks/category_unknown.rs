//! `category-unknown`: a 一级指标 block the scheme does not know, on a form that otherwise
//! fits the scheme (a typo); a form of another system altogether is `form-mismatch`.

use super::{AtRow, Check, Context};
use crate::codes::{CATEGORY_UNKNOWN as CODE, Code};
use crate::diagnostic::Finding;
use crate::lang::Text;

pub struct CategoryUnknown;

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
    fn code(&self) -> &'static Code {
        &CODE
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (first, label, name) in garbled_blocks(cx) {
            let level1 = cx.sheet.indicators[first].level1.value.trim();
            out.push(CODE.at_row(
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
        out.push(CODE.at_row(
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
