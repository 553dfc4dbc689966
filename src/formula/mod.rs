//! The scheme formula language: the small expressions scheme authors write in YAML, such as
//! `min(1, 执行率 ÷ 90%) × 分值` or `指标值 ≥ 85% 且 有单位`.
//!
//! This layer parses a formula once into a checked tree, reports syntax errors with byte
//! spans and wording a finance officer can act on, and evaluates the tree with exact,
//! overflow-checked decimal arithmetic. It knows nothing of sheets or schemes: a formula
//! refers to figures only by name, and the caller resolves each name to a [`Value`] (and
//! can list the names up front with [`Formula::names`] to check them against a scheme).
//! Spans are byte offsets into the formula source; converting them to characters or
//! positions inside a YAML file is the caller's job.

mod ast;
mod error;
mod eval;
mod parse;

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

pub use error::{EvalError, EvalErrorKind, FormulaError};

use crate::lang::Text;
use ast::Expr;

/// A byte range in a formula's source.
pub type Span = std::ops::Range<usize>;

/// The deepest bracket nesting accepted (function calls count, their brackets being brackets).
/// Far beyond any real formula, and within the stack: parsing and evaluating at this depth
/// takes about 0.75 MB in a debug build, less than a test thread's 2 MB.
pub const MAX_DEPTH: usize = 64;

/// A parsed formula, ready to be evaluated any number of times.
#[derive(Clone)]
pub struct Formula {
    source: String,
    expr: Expr,
}

/// What a formula or a figure evaluates to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    Number(Decimal),
    /// A yes/no value: a condition, or a figure such as 有单位.
    Bool(bool),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Number(value) => value.fmt(f),
            Value::Bool(true) => f.write_str("是"),
            Value::Bool(false) => f.write_str("否"),
        }
    }
}

impl Formula {
    /// Parses `source`, checking syntax, literals, function names and argument counts; names
    /// of figures are only checked when evaluating.
    pub fn parse(source: &str) -> Result<Formula, FormulaError> {
        Ok(Formula {
            source: source.to_owned(),
            expr: parse::parse(source)?,
        })
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// Every figure name referenced, with its span, in order of appearance (duplicates kept).
    pub fn names(&self) -> Vec<(&str, Span)> {
        let mut names = Vec::new();
        self.expr.collect_names(&mut names);
        names
    }

    /// Evaluates the formula; `lookup` resolves a figure name to its value, and `None` means
    /// the name is unknown, reported as [`EvalErrorKind::UnknownName`].
    ///
    /// Only what is needed is evaluated: the untaken branch of `if` and the operands after a
    /// decisive `且`/`或` are skipped, names in them included.
    pub fn eval(&self, lookup: &dyn Fn(&str) -> Option<Value>) -> Result<Value, EvalError> {
        self.evaluator(lookup).eval(&self.expr)
    }

    /// Evaluates and requires a number, as for a score or a rate.
    pub fn eval_number(
        &self,
        lookup: &dyn Fn(&str) -> Option<Value>,
    ) -> Result<Decimal, EvalError> {
        match self.eval(lookup)? {
            Value::Number(value) => Ok(value),
            Value::Bool(_) => Err(self.whole_formula_error(Text::new(
                format!("公式“{}”的结果是“是/否”的判断，这里需要数字", self.source),
                format!(
                    "'{}' gives a yes/no value, but a number is needed here",
                    self.source
                ),
            ))),
        }
    }

    /// Evaluates and requires a yes/no value, as for a deduction condition.
    pub fn eval_bool(&self, lookup: &dyn Fn(&str) -> Option<Value>) -> Result<bool, EvalError> {
        match self.eval(lookup)? {
            Value::Bool(value) => Ok(value),
            Value::Number(_) => Err(self.whole_formula_error(Text::new(
                format!(
                    "公式“{}”的结果是数字，这里需要“是/否”的判断（例如“执行率 < 60%”）",
                    self.source
                ),
                format!(
                    "'{}' gives a number, but a yes/no condition is needed here (e.g. 'rate < 60%')",
                    self.source
                ),
            ))),
        }
    }

    fn evaluator<'a>(&'a self, lookup: &'a dyn Fn(&str) -> Option<Value>) -> eval::Evaluator<'a> {
        eval::Evaluator {
            source: &self.source,
            lookup,
        }
    }

    fn whole_formula_error(&self, message: Text) -> EvalError {
        EvalError {
            kind: EvalErrorKind::TypeMismatch,
            message,
            span: self.expr.span(),
        }
    }
}

impl FromStr for Formula {
    type Err = FormulaError;

    fn from_str(source: &str) -> Result<Formula, FormulaError> {
        Formula::parse(source)
    }
}

impl fmt::Display for Formula {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

impl fmt::Debug for Formula {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Formula").field(&self.source).finish()
    }
}

/// Two formulas are equal when written identically; the tree follows from the text.
impl PartialEq for Formula {
    fn eq(&self, other: &Formula) -> bool {
        self.source == other.source
    }
}

impl Eq for Formula {}

/// A hint for a name that swallowed 且, 或 or 非 because nothing separated them, e.g.
/// `执行率且有单位`. Callers that check [`Formula::names`] against a scheme can append it to
/// their own "unknown name" message. The hint is worded as a possibility, since real figure
/// names such as 非税收入 contain these characters too.
pub fn keyword_hint(name: &str) -> Option<Text> {
    let keyword = name.chars().find(|c| matches!(c, '且' | '或' | '非'))?;
    if name.chars().count() < 2 {
        return None;
    }
    let (zh, en, example) = match keyword {
        '且' => ("并且", "and", "执行率 < 60% 且 有单位"),
        '或' => ("或者", "or", "执行率 < 60% 或 有单位"),
        _ => ("不是", "not", "非 有单位"),
    };
    Some(Text::new(
        format!("如果其中的“{keyword}”是想表示“{zh}”，请在它两侧加空格，例如“{example}”"),
        format!("if '{keyword}' is meant as '{en}', put spaces around it, e.g. '{example}'"),
    ))
}

#[cfg(test)]
mod tests;
