//! Understanding: every cell text of a sheet read by the value grammar, once, before any
//! scoring. Kept apart from evaluation so that a sheet can be re-scored under several schemes
//! (or many times, in a benchmark) without re-reading its cells.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::sheet::Sheet;
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
            let op = row.op.as_ref().and_then(|o| value::parse_op(&o.value));
            let unit = row.unit.as_ref().map(|u| u.value.as_str());
            let deviation = row
                .deviation
                .as_ref()
                .and_then(|d| read(&d.value, None, None).quantity()?.as_share());
            Cells {
                target: read(&row.target.value, op, unit),
                actual: read(&row.actual.value, None, unit),
                deviation,
                name_is_placeholder: value::is_placeholder(&row.name.value),
            }
        })
        .collect();
    Understood { rows }
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
