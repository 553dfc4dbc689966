//! `goal-text`: the goals and tasks still hold the template's instructions, or only a number
//! where a goal is to be described.

use super::{Check, Context};
use crate::codes::{Code, GOAL_TEXT as CODE};
use crate::diagnostic::Finding;
use crate::lang::Text;
use crate::sheet::Field;
use crate::value::Value;

pub struct GoalText;

/// Words that only a template's instructions use, each with the form it was seen on.
const INSTRUCTIONS: &[&str] = &[
    // 四川省部门预算项目支出绩效自评表 (2023): "对照年度目标,说明相关任务目标的完成情况(100字以内)".
    "对照年度目标",
    "字以内",
    // Blank national and provincial templates: "（请填写…）", "此处填写…".
    "请填写",
    "此处填写",
    "填写说明",
];

/// Whether a cell text is the template's instructions.
pub fn is_instructions(text: &str) -> bool {
    let folded = crate::text::normalize(text);
    INSTRUCTIONS.iter().any(|w| folded.contains(w))
}

impl Check for GoalText {
    fn code(&self) -> &'static Code {
        &CODE
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let project = cx
            .sheet
            .project
            .as_ref()
            .map(|p| crate::text::normalize(&p.value))
            .unwrap_or_default();
        for (i, goal) in cx.sheet.goals.iter().enumerate() {
            let cells = [
                (format!("goals[{i}].expected"), &goal.expected),
                (format!("goals[{i}].actual"), &goal.actual),
            ];
            let found: Vec<(String, &Field<String>, Problem)> = cells
                .into_iter()
                .filter_map(|(field, cell)| {
                    let cell = cell.as_ref()?;
                    Some((field, cell, problem(&cell.value, Some(&project))?))
                })
                .collect();
            // The same problem in both cells of a goal row is said once, at the first.
            let once = found.len() == 2 && found[0].2 == found[1].2;
            for (field, cell, problem) in found.into_iter().take(if once { 1 } else { 2 }) {
                out.push(
                    problem
                        .finding(&cell.value)
                        .at(&cx.sheet.source, cell.pos.clone())
                        .field(field),
                );
            }
        }
        for (i, task) in cx.sheet.tasks.iter().enumerate() {
            for (field, cell) in [
                (format!("tasks[{i}].content"), &task.content),
                (format!("tasks[{i}].actual"), &task.actual),
            ] {
                let Some(cell) = cell else {
                    continue;
                };
                if problem(&cell.value, None) == Some(Problem::Instructions) {
                    out.push(
                        Problem::Instructions
                            .finding(&cell.value)
                            .at(&cx.sheet.source, cell.pos.clone())
                            .field(field),
                    );
                }
            }
        }
    }
}

/// What is wrong with a goal or task cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Problem {
    /// The template's instructions were left in place.
    Instructions,
    /// Only a number, no words.
    Number,
    /// Only the project's name (or part of it).
    ProjectName,
}

impl Problem {
    fn finding(self, written: &str) -> Finding {
        let text = written.trim();
        let (message, help) = match self {
            Self::Instructions => (
                Text::new(
                    format!("“{text}”是模板的填写说明，没有填写内容"),
                    format!("\"{text}\" is the template's instructions, not an answer"),
                ),
                Text::new(
                    "删去填写说明，写明实际内容",
                    "replace the instructions with what they ask for",
                ),
            ),
            Self::Number => (
                Text::new(
                    format!("年度目标只填了“{text}”，没有写明目标及完成情况"),
                    format!("the goal holds only \"{text}\", not a description of the goal"),
                ),
                Text::new(
                    "用文字写明年度总体目标和实际完成情况（可附主要数量）",
                    "describe the annual goal and what was achieved in words (figures may follow)",
                ),
            ),
            Self::ProjectName => (
                Text::new(
                    format!("年度目标只写了项目名称“{text}”，没有写明目标及完成情况"),
                    format!("the goal only repeats the project's name \"{text}\""),
                ),
                Text::new(
                    "用文字写明年度总体目标和实际完成情况",
                    "describe the annual goal and what was achieved in words",
                ),
            ),
        };
        CODE.finding(message, help)
    }
}

/// Whether a text is only a number (`43.2`, `100%`, `≥95%`), no words.
fn bare_number(text: &str) -> bool {
    matches!(
        crate::value::parse(text),
        Value::Quantity { subject: None, .. } | Value::Comparison { subject: None, .. }
    )
}

/// What is wrong with a cell; `project` is the project's name, for a goal cell.
fn problem(written: &str, project: Option<&str>) -> Option<Problem> {
    let text = crate::text::normalize(written);
    if is_instructions(&text) {
        return Some(Problem::Instructions);
    }
    let project = project?;
    if bare_number(&text) {
        Some(Problem::Number)
    } else if text.chars().count() >= 4 && project.contains(text.as_str()) {
        Some(Problem::ProjectName)
    } else {
        None
    }
}
