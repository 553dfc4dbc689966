//! Understanding: every cell text of a sheet read by the value grammar, once, before any
//! scoring. Kept apart from evaluation so that a sheet can be re-scored under several schemes
//! (or many times, in a benchmark) without re-reading its cells.

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

/// Read every target, actual and deviation cell of `sheet`.
pub fn understand(sheet: &Sheet) -> Understood {
    let table = UnitTable::standard();
    let rows = sheet
        .indicators
        .iter()
        .map(|row| {
            let op = row.op.as_ref().and_then(|o| value::parse_op(&o.value));
            let unit = row.unit.as_ref().map(|u| u.value.as_str());
            let deviation = row.deviation.as_ref().and_then(|d| {
                let v = value::parse(&d.value);
                let q = v
                    .quantity()
                    .filter(|q| q.is_percent() || q.unit.is_none())?;
                q.value.checked_div(Decimal::ONE_HUNDRED)
            });
            Cells {
                target: value::parse_with(&row.target.value, op, unit, table),
                actual: value::parse_with(&row.actual.value, None, unit, table),
                deviation,
                name_is_placeholder: value::is_placeholder(&row.name.value),
            }
        })
        .collect();
    Understood { rows }
}
