//! Understanding: every cell text of a sheet read by the value grammar, once, before any
//! scoring. Kept apart from evaluation so that a sheet can be re-scored under several schemes
//! (or many times, in a benchmark) without re-reading its cells.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::sheet::Sheet;
use crate::value::label::{Label, label};
use crate::value::{self, UnitTable, Value};

/// The cells of one indicator row, understood.
#[derive(Debug, Clone, PartialEq)]
pub struct Cells {
    pub target: Value,
    pub actual: Value,
    /// The claimed 偏差度 as a share, when it reads as a percentage.
    pub deviation: Option<Decimal>,
    /// The 三级指标 name is a placeholder (指标1, /).
    pub name_is_placeholder: bool,
    /// The 一级 label: the block's name and the weight it declares (`产出指标(50分)`).
    pub level1: Label,
    /// The 二级 label, read the same way.
    pub level2: Option<Label>,
    /// The row is one of the form's spare lines, not an indicator: no 分值, no 得分, a
    /// template name (`指标2`, `……`, blank, or its own block's label) and no values.
    pub spare: bool,
}

/// A sheet's cells, understood.
#[derive(Debug, Clone, PartialEq)]
pub struct Understood {
    pub rows: Vec<Cells>,
}

/// Cell texts already read, kept across the sheets of a batch. A sheet repeats its texts
/// ("100%", "0.00%", "≥90%" on most rows) and a year's sheets repeat each other's, and reading
/// a text is most of understanding a sheet. A text reads the same under the same unit table, so
/// entries are kept per table (a scheme's `units:` section makes its own); memory stays bounded,
/// as the texts are dropped when there are too many.
#[derive(Debug, Default)]
pub struct Memo {
    tables: HashMap<u64, HashMap<Box<str>, Value>>,
    len: usize,
}

impl Memo {
    /// Texts kept at most: far more than a year's sheets share.
    pub const LIMIT: usize = 16_384;
    /// The longest text kept: the texts sheets share are short (`≥90%`, `按时完成`); a long
    /// one is read each time, so that the memo stays within a few megabytes.
    pub const LONGEST: usize = 256;

    /// `text` read by the value grammar with `table`, from memory when it was read before.
    fn read(&mut self, text: &str, table: &UnitTable) -> Value {
        if text.len() > Self::LONGEST {
            return value::parse_text(text, table);
        }
        if let Some(value) = self
            .tables
            .get(&table.id())
            .and_then(|texts| texts.get(text))
        {
            return value.clone();
        }
        let value = value::parse_text(text, table);
        if self.len >= Self::LIMIT {
            self.tables.clear();
            self.len = 0;
        }
        self.len += 1;
        self.tables
            .entry(table.id())
            .or_default()
            .insert(text.into(), value.clone());
        value
    }
}

/// Read every target, actual and deviation cell of `sheet`, with the scheme's unit table.
pub fn understand(sheet: &Sheet, table: &UnitTable) -> Understood {
    understand_with(sheet, table, &mut Memo::default())
}

/// [`understand`], reading each distinct text once across every sheet given the same `memo`.
pub fn understand_with(sheet: &Sheet, table: &UnitTable, memo: &mut Memo) -> Understood {
    let mut read = |text: &str, op, unit| {
        let value = memo.read(text, table);
        value::qualify(value, text, op, unit, table)
    };
    let rows = sheet
        .indicators
        .iter()
        .map(|row| {
            let op_cell = row
                .op
                .as_ref()
                .map_or(value::OpCell::Silent, |o| value::op_cell(&o.value));
            let op = match op_cell {
                value::OpCell::Stated(op) => Some(op),
                _ => None,
            };
            let unit = row.unit.as_ref().map(|u| u.value.as_str());
            let deviation = row
                .deviation
                .as_ref()
                .and_then(|d| read(&d.value, None, None).quantity()?.as_share());
            // A 指标性质 that is no comparator leaves the target unreadable: guessing one could
            // turn a ≤ target into a ≥ one.
            let target = match (op_cell, &row.op) {
                (value::OpCell::Unknown, Some(written)) => Value::Error(unknown_op(&written.value)),
                _ => read(&row.target.value, op, unit),
            };
            let actual = read(&row.actual.value, None, unit);
            let name_is_placeholder = value::is_placeholder(&row.name.value);
            let level1 = label(&row.level1.value);
            let level2 = row.level2.as_ref().map(|l| label(&l.value));
            let unset = |f: &Option<crate::sheet::Field<Decimal>>| {
                f.as_ref().is_none_or(|f| f.value.is_zero())
            };
            // The template numbers its lines "指标1:": what follows is the name, and a line
            // marked "指标1:/" names none.
            let template_name = || {
                let name = label(&row.name.value).name;
                let name = value::strip_template_number(&name);
                name_is_placeholder
                    || value::is_placeholder(name)
                    || name == level1.name
                    || level2.as_ref().is_some_and(|l| l.name == name)
            };
            let spare = unset(&row.weight)
                && unset(&row.score)
                && matches!(target, Value::Placeholder)
                && matches!(actual, Value::Placeholder)
                && template_name();
            Cells {
                target,
                actual,
                deviation,
                name_is_placeholder,
                level1,
                level2,
                spare,
            }
        })
        .collect();
    Understood { rows }
}

/// The error of a target whose 指标性质 cell is no comparator.
fn unknown_op(written: &str) -> value::ValueError {
    value::ValueError {
        message: crate::lang::Text::new(
            format!("指标性质「{}」不是比较符", written.trim()),
            format!("the 指标性质 \"{}\" is not a comparator", written.trim()),
        ),
        help: crate::lang::Text::new(
            "指标性质填 ≥、≤、＞、＜、＝ 之一（或“正向”“反向”“定性”）",
            "write one of ≥, ≤, >, <, = in 指标性质 (or 正向, 反向, 定性)",
        ),
        span: 0..0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::{Dimension, Value};

    #[test]
    fn texts_are_kept_per_unit_table() {
        let standard = UnitTable::standard();
        let mut ridges = standard.clone();
        ridges.add("垄", &[], Dimension::Count, "垄", Decimal::ONE);
        let mut memo = Memo::default();
        assert!(!matches!(
            memo.read("12垄", standard),
            Value::Quantity { .. }
        ));
        assert!(matches!(memo.read("12垄", &ridges), Value::Quantity { .. }));
        assert!(!matches!(
            memo.read("12垄", standard),
            Value::Quantity { .. }
        ));
        assert_eq!(memo.len, 2);
        assert_eq!(
            memo.read("12垄", &ridges.clone()),
            memo.read("12垄", &ridges)
        );
        assert_eq!(memo.len, 2);
    }

    #[test]
    fn memory_is_bounded() {
        let mut memo = Memo::default();
        for i in 0..=Memo::LIMIT {
            memo.read(&format!("{i}次"), UnitTable::standard());
        }
        assert_eq!(memo.len, 1);
        let long = "很长的说明".repeat(Memo::LONGEST);
        assert!(matches!(
            memo.read(&long, UnitTable::standard()),
            Value::Qualitative(_)
        ));
        assert_eq!(memo.len, 1);
    }
}
