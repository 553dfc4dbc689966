//! Understanding: every cell text of a sheet read by the value grammar, once, before any
//! scoring. Kept apart from evaluation so that a sheet can be re-scored under several schemes
//! (or many times, in a benchmark) without re-reading its cells.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::sheet::Sheet;
use crate::value::{self, Op, UnitTable, Value};

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

/// Values already read in this sheet, by text and the columns that qualify it.
type Seen<'s> = HashMap<(&'s str, Option<Op>, Option<&'s str>), Value>;

fn read_once<'s>(
    seen: &mut Seen<'s>,
    table: &UnitTable,
    text: &'s str,
    op: Option<Op>,
    unit: Option<&'s str>,
) -> Value {
    seen.entry((text, op, unit))
        .or_insert_with(|| value::parse_with(text, op, unit, table))
        .clone()
}

/// Read every target, actual and deviation cell of `sheet`, with the scheme's unit table. A sheet repeats its texts
/// ("100%", "0.00%", "≥90%" on most rows), so each distinct text (with its 指标性质 and
/// 计量单位 columns) is parsed once.
pub fn understand(sheet: &Sheet, table: &UnitTable) -> Understood {
    let mut seen: Seen<'_> = HashMap::new();
    let mut read = |text, op, unit| read_once(&mut seen, table, text, op, unit);
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
