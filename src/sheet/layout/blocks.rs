//! The goals (年度履职目标 / 年度总体目标: 预期目标, 实际完成情况) and the tasks (年度主要任务:
//! 任务名称, 主要内容, 实际完成情况): a header row, then one row per item up to the next part.
//! Each column is read at its header's column, where a merged cell keeps its text.

use super::labels::Block;
use super::{Context, Part, Scan};
use crate::sheet::{Goal, Task};

pub(super) fn goals(cx: &mut Context<'_>, scan: &Scan) -> Vec<Goal> {
    let Some((header, columns)) = &scan.goals else {
        return Vec::new();
    };
    let expected = column(columns, Block::Expected);
    let actual = column(columns, Block::Achieved);
    let mut goals = Vec::new();
    for row in rows(cx, scan, *header, Part::Goals) {
        let i = goals.len();
        let expected = expected.and_then(|c| cx.text(row, c, &format!("goals[{i}].expected")));
        let actual = actual.and_then(|c| cx.text(row, c, &format!("goals[{i}].actual")));
        if expected.is_none() && actual.is_none() {
            continue;
        }
        let pos = cx.grid.pos(row, columns[0].0);
        goals.push(Goal {
            expected,
            actual,
            pos,
        });
    }
    goals
}

pub(super) fn tasks(cx: &mut Context<'_>, scan: &Scan) -> Vec<Task> {
    let Some((header, columns)) = &scan.tasks else {
        return Vec::new();
    };
    let name = column(columns, Block::TaskName);
    let content = column(columns, Block::TaskContent);
    let actual = column(columns, Block::Achieved);
    let mut tasks = Vec::new();
    for row in rows(cx, scan, *header, Part::Tasks) {
        let i = tasks.len();
        let name = name.and_then(|c| cx.text(row, c, &format!("tasks[{i}].name")));
        let content = content.and_then(|c| cx.text(row, c, &format!("tasks[{i}].content")));
        let actual = actual.and_then(|c| cx.text(row, c, &format!("tasks[{i}].actual")));
        if name.is_none() && content.is_none() && actual.is_none() {
            continue;
        }
        let pos = cx.grid.pos(row, columns[0].0);
        tasks.push(Task {
            name,
            content,
            actual,
            pos,
        });
    }
    tasks
}

fn column(columns: &[(u32, Block)], which: Block) -> Option<u32> {
    columns.iter().find(|(_, b)| *b == which).map(|(c, _)| *c)
}

/// The rows of a part after its header, skipping the header repeated after a page break.
fn rows(cx: &Context<'_>, scan: &Scan, header: u32, part: Part) -> Vec<u32> {
    let end = scan.end_of(header, part);
    cx.grid
        .rows()
        .map(|(r, _)| r)
        .filter(|r| *r > header && *r < end)
        .filter(|r| !scan.anchors.contains(&(*r, part)))
        .collect()
}
