//! `task-amount-mismatch`: a money target that the sheet's own 年度主要任务 text states ten,
//! a hundred, a thousand or ten thousand times larger or smaller: 元 written for 万元.

use std::str::FromStr;

use rust_decimal::Decimal;

use super::{AtRow, Check, Context};
use crate::codes::{Code, TASK_AMOUNT_MISMATCH as CODE};
use crate::diagnostic::Finding;
use crate::lang::Text;
use crate::sheet::Task;
use crate::text::normalize;
use crate::value::{Dimension, UnitTable};

pub struct TaskAmountMismatch;

/// The ratios reported: a unit slip between 元, 千元, 万元, 百万元 and 亿元 within a step or two.
const SLIPS: [u32; 4] = [10, 100, 1000, 10_000];

/// Names shorter than this (in characters) are too common to tie an indicator to a task.
const MIN_NAME_CHARS: usize = 4;

impl Check for TaskAmountMismatch {
    fn code(&self) -> &'static Code {
        &CODE
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        if cx.sheet.tasks.is_empty() {
            return;
        }
        // Most sheets hold few money targets: the tasks are read only when there is one.
        let targets: Vec<(usize, Decimal, String)> = super::rows(cx)
            .enumerate()
            .filter_map(|(i, (row, r))| {
                let target = r.target.quantity()?;
                let money = target.unit.as_ref()?.dimension == Dimension::Money;
                let amount = target.in_base().filter(|a| money && !a.is_zero())?;
                Some((i, amount, normalize(&row.name.value)))
            })
            .collect();
        if targets.is_empty() {
            return;
        }
        let named: Vec<(&Task, String)> = cx
            .sheet
            .tasks
            .iter()
            .filter_map(|task| {
                let name = normalize(&task.name.as_ref()?.value);
                targets
                    .iter()
                    .any(|(_, _, target)| same_subject(target, &name))
                    .then_some((task, name))
            })
            .collect();
        if named.is_empty() {
            return;
        }
        let money = MoneyUnits::of(&cx.scheme.units);
        let tasks: Vec<(String, Vec<Amount>)> = named
            .into_iter()
            .filter_map(|(task, name)| task_amounts(task, name, &money))
            .collect();
        for (i, amount, name) in targets {
            let row = &cx.sheet.indicators[i];
            let Some((task, written, times)) = tasks
                .iter()
                .filter(|(task, _)| same_subject(&name, task))
                .find_map(|(task, amounts)| {
                    if amounts.iter().any(|a| a.base == amount) {
                        return None;
                    }
                    amounts
                        .iter()
                        .find_map(|a| slip(amount, a.base).map(|times| (task, a, times)))
                })
            else {
                continue;
            };
            let (larger_zh, larger_en) = if written.base > amount {
                ("大", "larger")
            } else {
                ("小", "smaller")
            };
            let (task_zh, task_en) = if *task == name {
                (
                    "同名的年度主要任务".to_owned(),
                    "the 年度主要任务 of the same name".to_owned(),
                )
            } else {
                (
                    format!("年度主要任务“{task}”"),
                    format!("the 年度主要任务 \"{task}\""),
                )
            };
            out.push(CODE.at_row(
                cx,
                i,
                "target",
                Text::new(
                    format!(
                        "指标值“{}”与{task_zh}中写的“{}”相差 {times} 倍（任务中的金额{larger_zh}）",
                        row.target.value.trim(),
                        written.text
                    ),
                    format!(
                        "the target \"{}\" and \"{}\" in {task_en} differ by a factor of {times} (the task's amount is {larger_en})",
                        row.target.value.trim(),
                        written.text
                    ),
                ),
                Text::new(
                    "核对金额单位（元、万元）：改正指标值，或改正任务中的金额",
                    "check the unit of money (元 or 万元): correct the target, or the amount in the task",
                ),
            ));
        }
    }
}

/// An amount of money written in a task, as written and in the base unit (元).
struct Amount {
    text: String,
    base: Decimal,
}

/// A task's name (`name`, normalized) and the amounts of money its name and 主要内容 state;
/// `None` for a task without amounts.
fn task_amounts(
    task: &Task,
    name: String,
    money: &MoneyUnits<'_>,
) -> Option<(String, Vec<Amount>)> {
    let mut amounts = Vec::new();
    for text in [&task.name, &task.content].into_iter().flatten() {
        amounts.extend(money.amounts_in(&text.value));
    }
    (!amounts.is_empty()).then_some((name, amounts))
}

/// Whether an indicator and a task name the same thing: equal names, or one within the other.
fn same_subject(indicator: &str, task: &str) -> bool {
    let long_enough = |s: &str| s.chars().count() >= MIN_NAME_CHARS;
    long_enough(indicator)
        && long_enough(task)
        && (indicator == task || indicator.contains(task) || task.contains(indicator))
}

/// How many times `a` and `b` differ, when that is one of [`SLIPS`].
fn slip(a: Decimal, b: Decimal) -> Option<u32> {
    let (small, large) = if a < b { (a, b) } else { (b, a) };
    SLIPS
        .into_iter()
        .find(|&times| small.checked_mul(Decimal::from(times)) == Some(large))
}

/// The spellings of a unit table's units of money, the longest first (万元 before 元).
struct MoneyUnits<'t> {
    units: &'t UnitTable,
    spellings: Vec<&'t str>,
}

impl<'t> MoneyUnits<'t> {
    fn of(units: &'t UnitTable) -> Self {
        let mut spellings: Vec<&str> = units
            .spellings()
            .filter(|s| {
                units
                    .lookup(s)
                    .is_some_and(|u| u.dimension == Dimension::Money)
            })
            .collect();
        spellings.sort_by_key(|s| std::cmp::Reverse(s.len()));
        Self { units, spellings }
    }

    /// Every amount of money in a prose text: a number (ASCII or full-width digits, with
    /// thousands separators) directly followed by a unit of money (`15万元`, `1,505.6元`).
    fn amounts_in(&self, text: &str) -> Vec<Amount> {
        let folded = crate::text::fold(text);
        let mut found = Vec::new();
        let mut rest = folded.as_str();
        while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
            let after_number = rest[start..]
                .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
                .map_or(rest.len(), |len| start + len);
            let number = rest[start..after_number].trim_end_matches(['.', ',']);
            let end_of_number = start + number.len();
            let tail = &rest[end_of_number..];
            if let Some(unit) = self.spellings.iter().find(|s| tail.starts_with(**s))
                && let Ok(value) = Decimal::from_str(&number.replace(',', ""))
                && let Some(base) = self
                    .units
                    .lookup(unit)
                    .and_then(|u| value.checked_mul(u.factor))
            {
                found.push(Amount {
                    text: format!("{number}{unit}"),
                    base,
                });
            }
            rest = &rest[end_of_number.max(start + 1)..];
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn amounts_in_prose() {
        let money = MoneyUnits::of(UnitTable::standard());
        let found: Vec<(String, Decimal)> = money
            .amounts_in(
                "2022年需服务费约15万元（合同金额为准），另有１，５０５.６元和3.5亿元；共3次，第2022号。",
            )
            .into_iter()
        .map(|a| (a.text, a.base))
        .collect();
        assert_eq!(
            found,
            [
                ("15万元".to_owned(), d("150000")),
                ("1,505.6元".to_owned(), d("1505.6")),
                ("3.5亿元".to_owned(), d("350000000")),
            ]
        );
        assert!(money.amounts_in(&"9".repeat(100_000)).is_empty());
        assert!(
            money
                .amounts_in("99999999999999999999999999999999元")
                .is_empty()
        );
    }

    #[test]
    fn power_of_ten_slips_only() {
        assert_eq!(slip(d("15000"), d("150000")), Some(10));
        assert_eq!(slip(d("4300000"), d("430")), Some(10_000));
        assert_eq!(slip(d("15000"), d("15000")), None);
        assert_eq!(slip(d("15000"), d("20000")), None);
        assert_eq!(slip(d("1"), d("100000")), None);
        assert!(same_subject("复核服务费", "“双随机、一公开”指标复核服务费"));
        assert!(!same_subject("服务费", "指标复核服务费"));
    }
}
