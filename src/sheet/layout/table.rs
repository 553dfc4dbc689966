//! The indicator table and its 总分 row.
//!
//! The header is the first row holding 一级指标, 二级指标 or 三级指标, with the row above and the
//! row below when they hold column titles too: a title may span two rows (merged, or written in
//! the upper row only), or stand above its sub-titles. Each column's role is the first title
//! found in it from the top, looking through merges. Below, a blank 一级指标 or 二级指标 cell
//! continues the one above: that is how a vertically merged cell reads, with or without merge
//! information (CSV has none), and a new 一级指标 starts with no 二级指标. A row without 三级指标
//! and without values is blank or decorative and skipped; the header repeated after a page
//! break is skipped; the 总分 (or 合计) row ends the table.

use super::labels::{self, Column};
use super::{Context, Scan};
use crate::diagnostic::Pos;
use crate::lang::Text;
use crate::sheet::{Field, Indicator, Total};

/// Columns holding a value of a row, besides its levels.
const VALUES: [Column; 9] = [
    Column::Target,
    Column::AdjustedTarget,
    Column::Actual,
    Column::Weight,
    Column::Score,
    Column::Deviation,
    Column::Reason,
    Column::Op,
    Column::Unit,
];

pub(super) fn read(cx: &mut Context<'_>, scan: &Scan) -> (Vec<Indicator>, Option<Total>) {
    let grid = cx.grid;
    let Some(anchor) = scan.table else {
        cx.error(
            Pos::File,
            Text::new(
                format!(
                    "工作表“{}”中没有找到绩效指标表：查找的是含“一级指标”“二级指标”“三级指标”的表头行",
                    grid.name()
                ),
                format!(
                    "no indicator table on worksheet \"{}\": looked for a header row with 一级指标, 二级指标 and 三级指标",
                    grid.name()
                ),
            ),
            Text::new(
                "请保留绩效指标表印好的表头（一级指标、二级指标、三级指标、年度指标值、实际完成值、分值、得分）",
                "keep the indicator table's printed header (一级指标, 二级指标, 三级指标, 年度指标值, 实际完成值, 分值, 得分)",
            ),
            "indicators",
        );
        return (Vec::new(), None);
    };
    let (top, bottom) = header_rows(cx, anchor);
    let columns = roles(cx, top, bottom);
    let find = |which: Column| columns.iter().find(|(_, c)| *c == which).map(|(i, _)| *i);
    let Some(name_col) = find(Column::Name) else {
        missing_columns(cx, top, bottom, &columns);
        return (Vec::new(), None);
    };
    // A form without a 一级指标 column (a 部门整体 form of 指标名称 / 年初指标值 / 全年完成值 …)
    // gives its rows the block of the section row above them (一、产出指标), else the title
    // the table prints over its rows (绩效指标).
    let level1_col = find(Column::Level1);
    let section = (level1_col.is_none())
        .then(|| table_title(cx, top, name_col))
        .flatten();
    let level2 = find(Column::Level2);
    cx.columns.indicators = columns
        .iter()
        .map(|&(col, role)| (role.field(), col))
        .collect();
    let mut indicators: Vec<Indicator> = Vec::new();
    let mut current1: Option<Field<String>> = None;
    let mut current2: Option<Field<String>> = None;
    let mut total = None;
    let rows: Vec<u32> = grid
        .rows()
        .map(|(r, _)| r)
        .skip_while(|r| *r <= bottom)
        .collect();
    let end = scan.totals.iter().find(|(r, _)| *r > bottom).copied();
    for row in rows {
        if let Some((total_row_index, col)) = end
            && row == total_row_index
        {
            total = Some(total_row(
                cx,
                row,
                col,
                find(Column::Weight),
                find(Column::Score),
            ));
            break;
        }
        if scan.level_rows.binary_search(&row).is_ok() {
            continue;
        }
        let index = indicators.len();
        let at = |col: u32| grid.pos(row, col);
        let shows = |col: Option<u32>| col.is_some_and(|c| !grid.text(row, c).trim().is_empty());
        if shows(level1_col) {
            current1 = level1_col.and_then(|c| cx.text(row, c, "level1"));
            current2 = None;
        }
        if level1_col.is_none() && !VALUES.iter().any(|&v| shows(find(v))) {
            // A row holding only a block's name, without values: a section row.
            let name = grid.text(row, name_col);
            if labels::is_section_row(name) {
                current1 = cx.text(row, name_col, "level1");
                current2 = None;
                continue;
            }
        }
        if current1.is_none() && level1_col.is_none() {
            current1 = section
                .clone()
                .or_else(|| Some(Field::new("绩效指标".to_owned(), at(name_col))));
        }
        if shows(level2) {
            current2 = level2.and_then(|c| cx.text(row, c, "level2"));
        }
        if !shows(Some(name_col)) {
            if VALUES.iter().any(|&v| shows(find(v))) {
                cx.row_error(
                    index,
                    at(name_col),
                    Text::new(
                        format!("表格第 {} 行填了指标的数值，但三级指标为空", row + 1),
                        format!(
                            "row {} holds an indicator's values but no 三级指标",
                            row + 1
                        ),
                    ),
                    "name",
                );
            }
            continue;
        }
        let Some(level1) = current1.clone() else {
            cx.row_error(
                index,
                at(level1_col.unwrap_or(name_col)),
                Text::new(
                    format!("表格第 {} 行的一级指标为空", row + 1),
                    format!("row {} has no 一级指标", row + 1),
                ),
                "level1",
            );
            continue;
        };
        let first = columns.iter().map(|(c, _)| *c).min().unwrap_or(name_col);
        let row_pos = at(first);
        let name = cx.cell(row, Some(name_col), &row_pos, "name");
        // The adjusted target counts where the form prints one.
        let target = match find(Column::AdjustedTarget) {
            Some(c) if shows(Some(c)) => cx.cell(row, Some(c), &row_pos, "target"),
            _ => cx.cell(row, find(Column::Target), &row_pos, "target"),
        };
        let actual = cx.cell(row, find(Column::Actual), &row_pos, "actual");
        let op = find(Column::Op).and_then(|c| cx.text(row, c, "op"));
        let unit = find(Column::Unit).and_then(|c| cx.text(row, c, "unit"));
        let weight =
            find(Column::Weight).and_then(|c| cx.decimal(row, c, "分值", "weight", Some(index)));
        let score =
            find(Column::Score).and_then(|c| cx.decimal(row, c, "得分", "score", Some(index)));
        let deviation = find(Column::Deviation).and_then(|c| cx.text(row, c, "deviation"));
        let reason = find(Column::Reason).and_then(|c| cx.text(row, c, "reason"));
        indicators.push(Indicator {
            level1,
            level2: current2.clone(),
            name,
            target,
            actual,
            op,
            unit,
            weight,
            score,
            deviation,
            reason,
            pos: row_pos,
        });
    }
    (indicators, total)
}

/// The title a form without 一级 columns prints over its table, left of the names in the header
/// or in the rows just above it: 绩效指标, 三、绩效指标.
fn table_title(cx: &Context<'_>, top: u32, name_col: u32) -> Option<Field<String>> {
    let grid = cx.grid;
    (top.saturating_sub(2)..=top).rev().find_map(|row| {
        grid.row(row)
            .iter()
            .filter(|(c, _)| row < top || *c < name_col)
            .find(|(_, cell)| {
                crate::value::label::is_section(&crate::value::label::label(&cell.text).name)
                    && !cell.text.trim().is_empty()
            })
            .map(|(c, cell)| Field::new(cell.text.trim().to_owned(), grid.pos(row, *c)))
    })
}

/// The header's first and last rows around the anchor: the row above when it titles a column
/// left empty at the anchor, the row below when it holds titles.
fn header_rows(cx: &Context<'_>, anchor: u32) -> (u32, u32) {
    let grid = cx.grid;
    let titles = |row: u32| {
        grid.row(row)
            .iter()
            .filter(|(_, cell)| labels::column(&cell.text).is_some())
            .map(|(c, _)| *c)
            .collect::<Vec<u32>>()
    };
    let top = match anchor.checked_sub(1) {
        Some(above) if titles(above).iter().any(|&c| grid.get(anchor, c).is_none()) => above,
        _ => anchor,
    };
    let bottom = match anchor.checked_add(1) {
        Some(below) if !titles(below).is_empty() => below,
        _ => anchor,
    };
    (top, bottom)
}

/// Each column's role: the lowest title in it, looking through merges (a sub-title under a
/// merged title says more: 年度指标值 over 指标性质 / 指标值 / 度量单位); the leftmost column of a
/// role keeps it.
fn roles(cx: &Context<'_>, top: u32, bottom: u32) -> Vec<(u32, Column)> {
    let grid = cx.grid;
    let mut last = 0;
    for row in top..=bottom {
        if let Some((c, _)) = grid.row(row).last() {
            last = last.max(*c);
        }
    }
    for merge in grid.merges() {
        if merge.first.0 <= bottom && merge.last.0 >= top {
            last = last.max(merge.last.1);
        }
    }
    let mut roles: Vec<(u32, Column)> = Vec::new();
    for col in 0..=last {
        let role = (top..=bottom)
            .rev()
            .find_map(|row| labels::column(grid.shown(row, col).0));
        if let Some(role) = role
            && !roles.iter().any(|(_, r)| *r == role)
        {
            roles.push((col, role));
        }
    }
    roles
}

fn missing_columns(cx: &mut Context<'_>, top: u32, bottom: u32, columns: &[(u32, Column)]) {
    let missing: Vec<&str> = [Column::Level1, Column::Name]
        .into_iter()
        .filter(|m| !columns.iter().any(|(_, c)| c == m))
        .map(Column::label)
        .collect();
    let found: Vec<&str> = columns.iter().map(|(_, c)| c.label()).collect();
    let rows = if top == bottom {
        format!("第 {} 行", top + 1)
    } else {
        format!("第 {}–{} 行", top + 1, bottom + 1)
    };
    let rows_en = if top == bottom {
        format!("row {}", top + 1)
    } else {
        format!("rows {}–{}", top + 1, bottom + 1)
    };
    let pos = cx.grid.pos(top, columns.first().map_or(0, |(c, _)| *c));
    cx.error(
        pos,
        Text::new(
            format!(
                "工作表“{}”{rows}被当作绩效指标表头，但其中没有“{}”列（找到的列：{}）",
                cx.grid.name(),
                missing.join("”“"),
                found.join("、")
            ),
            format!(
                "{rows_en} of worksheet \"{}\" was taken as the indicator table's header, but it has no {} column (found: {})",
                cx.grid.name(),
                missing.join(", "),
                found.join(", ")
            ),
        ),
        Text::new(
            "请保留表头中印好的“一级指标”“二级指标”“三级指标”等列名",
            "keep the printed column titles (一级指标, 二级指标, 三级指标, …) in the header",
        ),
        "indicators",
    );
}

fn total_row(
    cx: &mut Context<'_>,
    row: u32,
    label: u32,
    weight: Option<u32>,
    score: Option<u32>,
) -> Total {
    let weight = weight.and_then(|c| cx.decimal(row, c, "总分的分值", "total.weight", None));
    let score = score.and_then(|c| cx.decimal(row, c, "总分的得分", "total.score", None));
    let grade = (row..row.saturating_add(4)).find_map(|r| {
        let (col, _) = cx
            .grid
            .row(r)
            .iter()
            .find(|(_, cell)| labels::is_grade(&cell.text))?;
        let (value, _) = cx
            .grid
            .row(r)
            .iter()
            .find(|(c, cell)| c > col && !cell.text.trim().is_empty())?;
        Some((r, *value))
    });
    // A grade printed in the 总分 row itself, without a label: a cell holding only 优, 良 ….
    let grade = grade.or_else(|| {
        cx.grid
            .row(row)
            .iter()
            .find(|(c, cell)| *c > label && labels::is_grade_word(&cell.text))
            .map(|(c, _)| (row, *c))
    });
    let grade = grade.and_then(|(r, c)| cx.text(r, c, "total.grade"));
    Total {
        weight,
        score,
        grade,
        pos: cx.grid.pos(row, label),
    }
}
