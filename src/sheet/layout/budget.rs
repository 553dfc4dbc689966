//! The budget block: a row of column titles (年初预算数 … 得分), the total row below it, then
//! the source rows.
//!
//! A row's label is the rightmost non-empty cell left of the first figure column: a section
//! label such as 部门整体支出情况 merged down the leftmost column then keeps its text in its
//! top cell only, and is not mistaken for a row's label. The amount unit comes from a
//! decoration such as 部门预算总额（万元） or 单位：万元, else the format's default 万元.

use super::labels::{self, Money};
use super::{Context, Part, Scan};
use crate::sheet::{Budget, BudgetRow, Field};

pub(super) fn read(cx: &mut Context<'_>, scan: &Scan) -> Option<Budget> {
    let (titles, columns) = scan.budget.as_ref()?;
    cx.columns.budget = columns
        .iter()
        .map(|&(col, money)| (money.field(), col))
        .collect();
    let first = columns.iter().map(|(c, _)| *c).min()?;
    let end = scan.end_of(*titles, Part::Budget);
    let grid = cx.grid;
    let pos = grid.pos(*titles, first);
    let mut unit = unit_in(label(cx, *titles, first).map(|(_, text)| text))
        .map(|u| Field::new(u, grid.pos(*titles, first)));
    let rows: Vec<u32> = grid
        .rows()
        .map(|(r, _)| r)
        .skip_while(|r| r <= titles)
        .take_while(|r| *r < end)
        .collect();
    let mut total = None;
    let mut sources = Vec::new();
    for row in rows {
        let Some((col, text)) = label(cx, row, first) else {
            // A form that prints its one row of figures without a label (the 重庆 部门整体 form):
            // that row is the total.
            let figures_shown = columns
                .iter()
                .any(|(c, _)| !grid.text(row, *c).trim().is_empty());
            if total.is_none() && sources.is_empty() && figures_shown {
                let in_unit = unit
                    .as_ref()
                    .map_or("万元", |u| u.value.as_str())
                    .to_owned();
                total = Some(figures(cx, row, columns, None, "budget.total", &in_unit));
            }
            continue;
        };
        if total.is_none() && sources.is_empty() && labels::is_budget_total(&text) {
            if let Some(u) = unit_in(Some(text.clone())) {
                unit = Some(Field::new(u, grid.pos(row, col)));
            }
            let name = cx.text(row, col, "budget.total.name");
            let in_unit = unit
                .as_ref()
                .map_or("万元", |u| u.value.as_str())
                .to_owned();
            total = Some(figures(cx, row, columns, name, "budget.total", &in_unit));
        } else if let Some(name) = labels::source(&text) {
            let field = format!("budget.sources[{}]", sources.len());
            let name = Some(Field::new(name, grid.pos(row, col)));
            let in_unit = unit
                .as_ref()
                .map_or("万元", |u| u.value.as_str())
                .to_owned();
            sources.push(figures(cx, row, columns, name, &field, &in_unit));
        } else if total.is_some() || !sources.is_empty() {
            break;
        }
    }
    let mut total = total.unwrap_or_else(|| BudgetRow::blank(&pos));
    // A form without a 分值 column states the block's weight in its title:
    // 预算执行情况（万元）（20分）.
    if total.weight.is_none() && !columns.iter().any(|(_, m)| *m == Money::Weight) {
        total.weight = declared_weight(cx, *titles, first);
    }
    Some(Budget {
        unit: unit.unwrap_or_else(|| Field::new("万元".to_owned(), pos.clone())),
        total,
        sources,
        pos,
    })
}

/// The weight a title left of the block's column titles declares (`预算执行情况(20分)`), on the
/// titles' row or the row above.
fn declared_weight(
    cx: &Context<'_>,
    titles: u32,
    first: u32,
) -> Option<Field<rust_decimal::Decimal>> {
    [Some(titles), titles.checked_sub(1)]
        .into_iter()
        .flatten()
        .find_map(|row| {
            cx.grid
                .row(row)
                .iter()
                .take_while(|(c, _)| *c < first)
                .find_map(|(c, cell)| {
                    let weight = crate::value::label::label(&cell.text).weight?;
                    Some(Field::new(weight, cx.grid.pos(row, *c)))
                })
        })
}

/// The label of a row of the block, and the column it is in.
fn label(cx: &Context<'_>, row: u32, first: u32) -> Option<(u32, String)> {
    cx.grid
        .row(row)
        .iter()
        .take_while(|(c, _)| *c < first)
        .filter(|(_, cell)| !cell.text.trim().is_empty())
        .last()
        .map(|(c, cell)| (*c, cell.text.clone()))
}

/// The unit a label names: （万元）, (元), 单位：亿元.
fn unit_in(label: Option<String>) -> Option<String> {
    let folded = crate::text::fold(&label?);
    ["万元", "亿元", "元"]
        .into_iter()
        .find(|u| {
            folded.contains(&format!("({u})"))
                || folded.contains(&format!("单位:{u}"))
                || folded.contains(&format!("单位: {u}"))
        })
        .map(str::to_owned)
}

fn figures(
    cx: &mut Context<'_>,
    row: u32,
    columns: &[(u32, Money)],
    name: Option<Field<String>>,
    field: &str,
    unit: &str,
) -> BudgetRow {
    let pos = name
        .as_ref()
        .map_or_else(|| cx.grid.pos(row, columns[0].0), |n| n.pos.clone());
    let mut out = BudgetRow::blank(&pos);
    out.name = name;
    for &(col, money) in columns {
        let (what, key) = match money {
            Money::Initial => ("年初预算数", "initial"),
            Money::FullYear => ("全年预算数", "full_year"),
            Money::Executed => ("全年执行数", "executed"),
            Money::Weight => ("分值", "weight"),
            Money::Rate => ("执行率", "rate"),
            Money::Score => ("得分", "score"),
        };
        let path = format!("{field}.{key}");
        let slot = match money {
            Money::Initial => &mut out.initial,
            Money::FullYear => &mut out.full_year,
            Money::Executed => &mut out.executed,
            Money::Weight => &mut out.weight,
            Money::Score => &mut out.score,
            Money::Rate => {
                // 执行率 is a text as printed ("81.9", "81.9%"): the value grammar reads it.
                out.rate = cx.text(row, col, &path);
                continue;
            }
        };
        let money = matches!(money, Money::Initial | Money::FullYear | Money::Executed);
        *slot = cx.figure(row, col, what, path, None, money.then_some(unit));
    }
    out
}
