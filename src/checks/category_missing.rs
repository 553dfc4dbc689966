//! `category-missing`: a required category with no row.

use super::{Check, Context};
use crate::codes::{CATEGORY_MISSING as CODE, Code};
use crate::diagnostic::Finding;
use crate::lang::Text;

pub struct CategoryMissing;

impl Check for CategoryMissing {
    fn code(&self) -> &'static Code {
        &CODE
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        // Without a 总分 row the table may be cut short; on a form of another system the
        // blocks are reported once by form-mismatch.
        // A form without 一级 columns (one section label over the table) has no blocks to miss.
        let has_blocks = cx
            .report
            .form
            .blocks
            .iter()
            .any(|b| !crate::value::label::is_section(&b.name));
        if !cx.report.form.total_row || !has_blocks || super::category_unknown::mismatched(cx) {
            return;
        }
        for (index, category) in cx.scheme.categories.iter().enumerate() {
            if !category.required
                || super::indicators(cx)
                    .any(|(_, _, r)| r.category.is_some_and(|(c, _)| c == index))
            {
                continue;
            }
            let pos = cx
                .sheet
                .indicators
                .first()
                .map_or_else(|| cx.anchor(), |r| r.pos.clone());
            out.push(
                CODE.finding(
                    Text::new(
                        format!("缺少一级指标“{}”", category.name),
                        format!("no indicator of the category \"{}\"", category.name),
                    ),
                    Text::new(
                        format!("补充“{}”下的绩效指标", category.name),
                        format!("add indicators under \"{}\"", category.name),
                    ),
                )
                .at(&cx.sheet.source, pos)
                .field("indicators"),
            );
        }
    }
}
