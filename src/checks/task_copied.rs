//! `task-copied`: the main tasks' 实际完成情况 copy their 主要内容 word for word.

use super::{Check, Context, Rule};
use crate::diagnostic::{Finding, Severity};
use crate::lang::Text;

pub struct TaskCopied;

pub static RULE: Rule = Rule {
    name: "task-copied",
    severity: Severity::Info,
    summary_zh: "年度主要任务的实际完成情况照抄主要内容",
    summary_en: "the main tasks' achievements copy their content word for word",
    docs: "## 作用\n年度主要任务的“实际完成情况”与“主要内容”逐字相同时，整张表提示一次，说明有几项。年度目标的完成情况复述预期目标不在此列（目标按计划达成时常这样写）。\n\n## 原因\n照抄任务内容只说明“按计划做了”，说不出完成了多少、效果如何；复核时可要求写明实际完成情况。\n\n## 示例\n七项任务中六项的实际完成情况照抄主要内容。\n\n## 依据\n实际完成情况应对照任务如实填写（部门整体支出绩效自评表的“年度主要任务”一栏）。",
    docs_en: "## What it checks\nNotes once per sheet, with a count, when the main tasks' 实际完成情况 repeat their 主要内容 word for word. A goal whose achievement restates the goal is not included (that is how a goal met as planned is often written).\n\n## Why\nA copied task only says “done as planned”, not how much was done or to what effect; a reviewer may ask for what was really achieved.\n\n## Example\nSix of seven tasks copy their 主要内容 as 实际完成情况.\n\n## Basis\nWhat was achieved must be stated against each task (the 年度主要任务 part of the department form).",
    check: &TaskCopied,
};

impl Check for TaskCopied {
    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let mut copied = Vec::new();
        let mut all = 0;
        for task in &cx.sheet.tasks {
            let (Some(content), Some(actual)) = (&task.content, &task.actual) else {
                continue;
            };
            let content_text = crate::text::normalize(&content.value);
            if content_text.is_empty() || crate::value::is_placeholder(&content_text) {
                continue;
            }
            all += 1;
            if content_text == crate::text::normalize(&actual.value) {
                copied.push(actual);
            }
        }
        let Some(first) = copied.first() else {
            return;
        };
        out.push(
            RULE.finding(
                Text::new(
                    format!(
                        "年度主要任务（{}/{all} 项）的实际完成情况照抄主要内容",
                        copied.len()
                    ),
                    format!(
                        "{} of {all} main tasks copy their content as what was achieved",
                        copied.len()
                    ),
                ),
                Text::new(
                    "写明实际完成了什么、完成多少，不要照抄任务内容",
                    "state what was actually done and how much, not the task again",
                ),
            )
            .at(&cx.sheet.source, first.pos.clone())
            .field("tasks.actual"),
        );
    }
}
