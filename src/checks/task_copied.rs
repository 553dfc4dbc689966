//! `task-copied`: the main tasks' 实际完成情况 copy their 主要内容 word for word.

use super::{Check, Context};
use crate::codes::{Code, TASK_COPIED as CODE};
use crate::diagnostic::Finding;
use crate::lang::Text;

pub struct TaskCopied;

impl Check for TaskCopied {
    fn code(&self) -> &'static Code {
        &CODE
    }

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
            CODE.finding(
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
