use std::fmt;

use super::Span;
use crate::lang::Text;

/// A formula that could not be parsed. `span` is a byte range of the source; it is empty
/// when the problem is that the formula ended too early.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormulaError {
    pub message: Text,
    pub help: Text,
    pub span: Span,
}

impl fmt::Display for FormulaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.message.fmt(f)
    }
}

impl std::error::Error for FormulaError {}

/// What went wrong while evaluating, so callers can react to a kind without reading text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EvalErrorKind {
    DivisionByZero,
    Overflow,
    UnknownName,
    TypeMismatch,
    /// A value a function cannot take, or a host function's own complaint about its arguments.
    InvalidArgument,
    /// An aggregate such as `count(…)` where there are no rows to range over, as in a check
    /// evaluated per indicator.
    NoRows,
}

/// A formula that parsed but could not be evaluated with the given figures. `span` is the
/// byte range of the sub-expression at fault: the whole `a ÷ b` for a division by zero, the
/// name for an unknown name, the operand for a type mismatch, the call for an aggregate
/// without rows or a host function's complaint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalError {
    pub kind: EvalErrorKind,
    pub message: Text,
    pub span: Span,
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.message.fmt(f)
    }
}

impl std::error::Error for EvalError {}
