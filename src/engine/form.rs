//! What the form itself holds or lacks, found once per sheet before any row is scored: whether
//! it prints a 分值 per row and a scored budget block, whether its table ends in a 总分 row,
//! whether anything was filled in at all, and its blocks (the runs of rows under one 一级 or
//! 二级 label, with the weight a label declares). Checks say once what the form lacks, instead
//! of once per row.

use std::ops::Range;

use rust_decimal::Decimal;

use super::Understood;
use crate::sheet::Sheet;

/// The form's facts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Form {
    /// Some indicator prints a 分值: the form has a weight column. Without one, no row can be
    /// scored against its weight, and the weights cannot be verified.
    pub row_weights: bool,
    /// Some indicator prints a 得分. A form with neither weights nor scores scores nothing: it
    /// has no total and no grade.
    pub row_scores: bool,
    /// The budget block prints a 分值 or a 得分: the form scores budget execution.
    pub budget_scored: bool,
    /// A 总分 row with its 分值 is printed: the table is known to end there, so sums over it
    /// and the blocks it should hold can be checked.
    pub total_row: bool,
    /// No indicator's 完成值 and no 得分 is filled in (or a whole table without any indicator, a
    /// blank form): there is nothing to score.
    pub unfilled: bool,
    /// The runs of rows under one 一级 label, in order.
    pub blocks: Vec<Block>,
    /// The runs of rows under one 二级 label, in order.
    pub sub_blocks: Vec<Block>,
}

/// A run of rows under one label.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// The label's name (`产出指标` for `产出指标(50分)`).
    pub name: String,
    /// The weight the label declares.
    pub declared: Option<Decimal>,
    /// The rows, by index.
    pub rows: Range<usize>,
    /// Another block follows it (or the 总分 row does): its rows are all there. The last block
    /// of a table without a 总分 row may be cut short.
    pub closed: bool,
}

impl Form {
    /// Whether the sheet has a total to recompute: something was filled in, and the form
    /// scores its indicators.
    pub fn scorable(&self) -> bool {
        !self.unfilled && (self.row_weights || self.row_scores)
    }

    pub fn of(sheet: &Sheet, cells: &Understood) -> Self {
        let indicators = sheet.indicators.iter().zip(&cells.rows);
        let total_row = sheet.total.as_ref().is_some_and(|t| t.weight.is_some());
        let filled = |row: &crate::sheet::Indicator| {
            row.score.is_some() || !crate::value::is_placeholder(&row.actual.value)
        };
        let live: Vec<_> = indicators.clone().filter(|(_, c)| !c.spare).collect();
        let blocks = runs(cells.rows.iter().map(|c| &c.level1), total_row);
        // 二级 runs restart where the 一级 block changes.
        let sub_blocks = runs_within(cells, &blocks, total_row);
        Self {
            row_weights: live.iter().any(|(r, _)| r.weight.is_some()),
            row_scores: live.iter().any(|(r, _)| r.score.is_some()),
            budget_scored: sheet
                .budget
                .as_ref()
                .is_some_and(|b| b.total.weight.is_some() || b.total.score.is_some()),
            total_row,
            // No indicator at all is a blank form when it prints its spare lines or its 总分 row;
            // a copy cut before its first row is just cut.
            unfilled: if live.is_empty() {
                sheet.total.is_some() || !sheet.indicators.is_empty()
            } else {
                !live.iter().any(|(r, _)| filled(r))
            },
            blocks,
            sub_blocks,
        }
    }
}

/// Runs of equal labels over `labels`, each closed when another follows or `total_row` ends
/// the table.
fn runs<'a>(
    labels: impl Iterator<Item = &'a crate::value::label::Label>,
    total_row: bool,
) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    for (i, label) in labels.enumerate() {
        match blocks.last_mut() {
            // A label that names nothing but its weight, "(50分)", is told apart by the weight.
            Some(b) if b.name == label.name && b.declared == label.weight && b.rows.end == i => {
                b.rows.end = i + 1;
            }
            _ => {
                if let Some(b) = blocks.last_mut() {
                    b.closed = true;
                }
                blocks.push(Block {
                    name: label.name.clone(),
                    declared: label.weight,
                    rows: i..i + 1,
                    closed: false,
                });
            }
        }
    }
    if let Some(b) = blocks.last_mut() {
        b.closed = total_row;
    }
    blocks
}

/// The 二级 runs inside each 一级 block: a 二级 run ends where its 一级 block does.
fn runs_within(cells: &Understood, blocks: &[Block], total_row: bool) -> Vec<Block> {
    let mut out = Vec::new();
    for block in blocks {
        let rows = &cells.rows[block.rows.clone()];
        let labelled: Vec<(usize, &crate::value::label::Label)> = rows
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.level2.as_ref().map(|l| (block.rows.start + i, l)))
            .collect();
        let mut inner: Vec<Block> = Vec::new();
        for (i, label) in labelled {
            match inner.last_mut() {
                Some(b)
                    if b.name == label.name && b.declared == label.weight && b.rows.end == i =>
                {
                    b.rows.end = i + 1;
                }
                _ => {
                    if let Some(b) = inner.last_mut() {
                        b.closed = true;
                    }
                    inner.push(Block {
                        name: label.name.clone(),
                        declared: label.weight,
                        rows: i..i + 1,
                        closed: false,
                    });
                }
            }
        }
        if let Some(b) = inner.last_mut() {
            b.closed = block.closed || total_row;
        }
        out.extend(inner);
    }
    out
}
