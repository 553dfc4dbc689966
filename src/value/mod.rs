//! Cell values: what a clerk's 年度指标值 or 实际完成值 text means.
//!
//! [`parse`] reads one cell text with `grammar/target.pest` into a typed [`Value`]: a
//! comparison, a quantity, a range, a date, qualitative text, a placeholder, or an error with
//! a span. It understands notation only; whether a value meets its target is the engine's job.
//! Spans are byte ranges into the original text.

mod build;
mod json;
pub mod label;
pub(crate) mod number;
pub mod units;

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::lang::Text;
pub use build::{
    OpCell, is_placeholder, op_cell, parse, parse_op, parse_text, parse_with, qualify,
    strip_template_number, unit_cell_known,
};
pub use json::to_json;
pub use units::{Dimension, Unit, UnitTable};

/// A byte range into the cell text.
pub type Span = Range<usize>;

/// A comparator: 指标性质.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    Ge,
    Gt,
    Le,
    Lt,
    Eq,
}

impl Op {
    /// The ASCII symbol used in JSON and formulas.
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Ge => ">=",
            Self::Gt => ">",
            Self::Le => "<=",
            Self::Lt => "<",
            Self::Eq => "=",
        }
    }

    /// The symbol printed for a person.
    pub fn display(self) -> &'static str {
        match self {
            Self::Ge => "≥",
            Self::Gt => ">",
            Self::Le => "≤",
            Self::Lt => "<",
            Self::Eq => "=",
        }
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.display())
    }
}

/// A number with an optional unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub value: Decimal,
    pub unit: Option<Arc<Unit>>,
    /// The number and its unit, as written.
    pub span: Span,
}

impl Quantity {
    /// The value in the unit's base (15000元 and 1.5万元 both give 15000), checked.
    pub fn in_base(&self) -> Option<Decimal> {
        match &self.unit {
            Some(unit) => self.value.checked_mul(unit.factor),
            None => Some(self.value),
        }
    }

    /// A percentage read as a share (81.9% → 0.819), a bare number taken as a percentage as
    /// forms print 执行率 and 偏差度 ("81.9"); `None` for any other unit.
    pub fn as_share(&self) -> Option<Decimal> {
        if self.unit.is_some() && !self.is_percent() {
            return None;
        }
        self.value.checked_div(Decimal::ONE_HUNDRED)
    }

    /// Whether the unit is a percentage (`%`, `％`, 百分比).
    pub fn is_percent(&self) -> bool {
        self.unit.as_ref().is_some_and(|u| u.base == "%")
    }

    /// The canonical unit symbol, `""` when there is none.
    pub fn unit_symbol(&self) -> &str {
        self.unit.as_ref().map_or("", |u| u.symbol.as_str())
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.value.normalize(), self.unit_symbol())
    }
}

/// How precise a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    Day,
    Month,
    Year,
}

impl Precision {
    pub fn name(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Month => "month",
            Self::Year => "year",
        }
    }
}

/// A calendar date, the last day of its period for month or year precision. A date written
/// without its year (`9月前`, the sheet's own year understood) has year 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Whether the year was written.
    pub fn has_year(self) -> bool {
        self.year != 0
    }

    /// Whether `self` is no later than `other`; a date without its year compares within the
    /// year of the other.
    pub fn no_later_than(self, other: Date) -> bool {
        if self.has_year() && other.has_year() {
            self <= other
        } else {
            (self.month, self.day) <= (other.month, other.day)
        }
    }
}

impl fmt::Display for Date {
    /// `2022-06-30`; without its year, ISO 8601's `--06-30`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.has_year() {
            write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
        } else {
            write!(f, "--{:02}-{:02}", self.month, self.day)
        }
    }
}

/// Text before a comparison or quantity: 足额保障率 in `足额保障率=100%`.
#[derive(Debug, Clone, PartialEq)]
pub struct Subject {
    pub text: String,
    pub span: Span,
}

/// A problem with a cell text, located in it.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueError {
    pub message: Text,
    pub help: Text,
    pub span: Span,
}

/// What a cell text means.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Comparator and quantity: `≥90%`, `不少于500亩`, `30次以内`.
    Comparison {
        subject: Option<Subject>,
        op: Op,
        quantity: Quantity,
    },
    /// A number with an optional unit and no comparator: `500亩`, `-9.00%`.
    Quantity {
        subject: Option<Subject>,
        quantity: Quantity,
    },
    /// `90%-100%`, `80%(含)-90%`.
    Range {
        low: Quantity,
        high: Quantity,
        low_inclusive: bool,
        high_inclusive: bool,
    },
    /// A date; `deadline` when a word such as 前 or 底 makes it "no later than".
    Date {
        date: Date,
        precision: Precision,
        deadline: bool,
        span: Span,
    },
    /// Any other meaningful text, trimmed and full-width folded.
    Qualitative(String),
    /// The cell means "not set": blank, `/`, `-`, `无`, `指标1`.
    Placeholder,
    /// Text that starts like a number but is malformed.
    Error(ValueError),
}

impl Value {
    /// The stable kind name used in JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Comparison { .. } => "comparison",
            Self::Quantity { .. } => "quantity",
            Self::Range { .. } => "range",
            Self::Date { .. } => "date",
            Self::Qualitative(_) => "qualitative",
            Self::Placeholder => "placeholder",
            Self::Error(_) => "error",
        }
    }

    /// The quantity of a comparison or a plain quantity.
    pub fn quantity(&self) -> Option<&Quantity> {
        match self {
            Self::Comparison { quantity, .. } | Self::Quantity { quantity, .. } => Some(quantity),
            _ => None,
        }
    }

    /// The comparator a target states: its own, `<=` for a deadline, none otherwise.
    pub fn op(&self) -> Option<Op> {
        match self {
            Self::Comparison { op, .. } => Some(*op),
            Self::Date { deadline: true, .. } => Some(Op::Le),
            _ => None,
        }
    }

    /// A one-line description for a person, in `lang`.
    pub fn describe(&self, lang: crate::lang::Lang) -> String {
        json::describe(self, lang)
    }
}
