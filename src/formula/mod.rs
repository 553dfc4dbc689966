//! The scheme formula language: the small expressions scheme authors write in YAML, such as
//! `min(1, 执行率 ÷ 90%) × 分值`, `指标值 ≥ 85% 且 有单位` or
//! `count(一级指标 = "成本指标") >= 1`.
//!
//! This layer parses a formula once into a checked tree, reports syntax errors with byte
//! spans and wording a finance officer can act on, and evaluates the tree with exact,
//! overflow-checked decimal arithmetic. It knows nothing of sheets or schemes: a formula
//! refers to figures only by name, and the caller's [`Host`] resolves each name to a
//! [`Value`], implements the functions it declared with [`HostFunction`], and supplies the
//! rows that aggregates range over. The caller can list names and host-function calls up
//! front with [`Formula::names`] and [`Formula::functions`] to check them against a scheme.
//! Spans are byte offsets into the formula source; converting them to characters or
//! positions inside a YAML file is the caller's job.

mod ast;
mod error;
mod eval;
mod parse;

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use rust_decimal::Decimal;

pub use error::{EvalError, EvalErrorKind, FormulaError};

use crate::lang::Text;
use ast::{ArithOp, Expr, Func};

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
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Number(Decimal),
    /// A yes/no value: a condition, or a figure such as 有单位.
    Bool(bool),
    /// A text such as an indicator's name. Whitespace at either end never counts: the
    /// evaluator trims texts as they come in, from literals, figures and host functions.
    Text(Arc<str>),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Number(value) => value.fmt(f),
            Value::Bool(true) => f.write_str("是"),
            Value::Bool(false) => f.write_str("否"),
            Value::Text(text) => f.write_str(text),
        }
    }
}

/// A function the caller adds to the language for one scheme, such as `是占位(三级指标)`.
/// Declared at parse time, so that a misspelt name or a wrong argument count is a syntax
/// error, and implemented by [`Host::call`] at evaluation time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HostFunction {
    /// The canonical name, which [`Host::call`] receives whatever spelling was written.
    pub name: &'static str,
    /// Other spellings; like `name`, matched ignoring ASCII case.
    pub aliases: &'static [&'static str],
    pub min_args: usize,
    /// Inclusive; `usize::MAX` for no limit.
    pub max_args: usize,
}

/// What a formula is evaluated against: figures, host functions and, for a whole sheet, rows.
pub trait Host {
    /// A figure's value; `None` means the name is unknown, reported as
    /// [`EvalErrorKind::UnknownName`] at the name.
    fn lookup(&self, name: &str) -> Option<Value>;

    /// Calls the host function declared as `name` (its canonical name) with evaluated
    /// arguments, already checked against the declared count. `None` means this host does
    /// not provide it, reported as [`EvalErrorKind::UnknownName`]; `Some(Err(message))` is
    /// reported as [`EvalErrorKind::InvalidArgument`] at the call.
    fn call(&self, _name: &str, _args: &[Value]) -> Option<Result<Value, Text>> {
        None
    }

    /// Calls `each` once per row with that row's host, for aggregates: inside `count(…)`,
    /// names and host functions resolve against the row. Stop at the first error and return
    /// it; a host may add to its message which row failed. The default has no rows, so an
    /// aggregate is an [`EvalErrorKind::NoRows`] error, as in a check run per indicator.
    fn for_each_row(
        &self,
        _each: &mut dyn FnMut(&dyn Host) -> Result<(), EvalError>,
    ) -> Result<(), EvalError> {
        Err(EvalError {
            kind: EvalErrorKind::NoRows,
            message: Text::new(
                "汇总函数（count、sum 等）逐行计算，只能用于整张表的检查，不能用于单个指标",
                "aggregates such as count and sum range over rows and work only in per-sheet \
                 checks, not per indicator",
            ),
            // The evaluator puts the aggregate's span here; the host does not know it.
            span: 0..0,
        })
    }
}

/// The host behind the closure-based methods: figures only, no functions, no rows.
struct Lookup<'a>(&'a dyn Fn(&str) -> Option<Value>);

impl Host for Lookup<'_> {
    fn lookup(&self, name: &str) -> Option<Value> {
        (self.0)(name)
    }
}

impl Formula {
    /// Parses `source`, checking syntax, literals, function names and argument counts; names
    /// of figures are only checked when evaluating.
    pub fn parse(source: &str) -> Result<Formula, FormulaError> {
        Formula::parse_with(source, &[])
    }

    /// Parses `source` with the caller's functions added to the built-in ones, which win
    /// should a name be both. A misspelt function is refused with a suggestion from either.
    pub fn parse_with(source: &str, host: &[HostFunction]) -> Result<Formula, FormulaError> {
        Ok(Formula {
            source: source.to_owned(),
            expr: parse::parse(source, host)?,
        })
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// Every figure name referenced, with its span, in order of appearance (duplicates kept),
    /// those inside aggregates included; [`Formula::aggregates`] tells which those are.
    pub fn names(&self) -> Vec<(&str, Span)> {
        let mut names = Vec::new();
        self.expr.walk(&mut |expr| {
            if let Expr::Name(name, span) = expr {
                names.push((name.as_str(), span.clone()));
            }
        });
        names
    }

    /// Every figure name inside a divisor (the right of ÷ or /), with its span; and whether the
    /// formula guards anything with `if` (then the author may have handled a zero).
    pub fn divisors(&self) -> (Vec<(&str, Span)>, bool) {
        let mut found = Vec::new();
        let mut guarded = false;
        self.expr.walk(&mut |expr| match expr {
            Expr::Arith { rest, .. } => {
                for (op, operand) in rest {
                    if *op == ArithOp::Div {
                        operand.walk(&mut |inner| {
                            if let Expr::Name(name, span) = inner {
                                found.push((name.as_str(), span.clone()));
                            }
                        });
                    }
                }
            }
            Expr::Call { func: Func::If, .. } => guarded = true,
            _ => {}
        });
        (found, guarded)
    }

    /// Every host function called, by canonical name, with the span of the name as written,
    /// in order of appearance.
    pub fn functions(&self) -> Vec<(&'static str, Span)> {
        let mut functions = Vec::new();
        self.expr.walk(&mut |expr| {
            if let Expr::HostCall {
                name, name_span, ..
            } = expr
            {
                functions.push((*name, name_span.clone()));
            }
        });
        functions
    }

    /// The span of every aggregate call, in order of appearance, so that a caller can refuse
    /// them where there are no rows, and can tell that a name within one of these spans is
    /// a row's figure rather than the sheet's.
    pub fn aggregates(&self) -> Vec<Span> {
        let mut spans = Vec::new();
        self.expr.walk(&mut |expr| {
            if let Expr::Call {
                func: Func::Aggregate(_),
                span,
                ..
            } = expr
            {
                spans.push(span.clone());
            }
        });
        spans
    }

    /// Evaluates the formula against `host`.
    ///
    /// Only what is needed is evaluated: the untaken branch of `if` and the operands after a
    /// decisive `且`/`或` are skipped, names in them included. An aggregate evaluates its
    /// argument in every row, even when an earlier row already decided `any` or `all`.
    pub fn eval_in(&self, host: &dyn Host) -> Result<Value, EvalError> {
        eval::Evaluator {
            source: &self.source,
            host,
        }
        .eval(&self.expr)
    }

    /// Evaluates with figures only; `lookup` resolves a figure name to its value, and `None`
    /// means the name is unknown, reported as [`EvalErrorKind::UnknownName`].
    pub fn eval(&self, lookup: &dyn Fn(&str) -> Option<Value>) -> Result<Value, EvalError> {
        self.eval_in(&Lookup(lookup))
    }

    /// Evaluates and requires a number, as for a score or a rate.
    pub fn eval_number_in(&self, host: &dyn Host) -> Result<Decimal, EvalError> {
        match self.eval_in(host)? {
            Value::Number(value) if value.abs() <= crate::limits::MAX_FORMULA_RESULT => Ok(value),
            // A result this large (a budget of 0.0001 dividing a real one) is no score or
            // rate, and arithmetic on it could overflow.
            Value::Number(value) => Err(self.whole_formula_error(Text::new(
                format!(
                    "公式“{}”的结果 {} 超出可处理的范围（绝对值不超过 10^20）",
                    self.source,
                    value.normalize()
                ),
                format!(
                    "'{}' gives {}, beyond what can be scored (at most 10^20 in magnitude)",
                    self.source,
                    value.normalize()
                ),
            ))),
            other => {
                let (zh, en) = eval::kind(&other);
                Err(self.whole_formula_error(Text::new(
                    format!("公式“{}”的结果是{zh}，这里需要数字", self.source),
                    format!("'{}' gives {en}, but a number is needed here", self.source),
                )))
            }
        }
    }

    /// [`Formula::eval_number_in`] with figures only, as [`Formula::eval`].
    pub fn eval_number(
        &self,
        lookup: &dyn Fn(&str) -> Option<Value>,
    ) -> Result<Decimal, EvalError> {
        self.eval_number_in(&Lookup(lookup))
    }

    /// Evaluates and requires a yes/no value, as for a deduction condition or a check.
    pub fn eval_bool_in(&self, host: &dyn Host) -> Result<bool, EvalError> {
        match self.eval_in(host)? {
            Value::Bool(value) => Ok(value),
            other => {
                let (zh, en) = eval::kind(&other);
                Err(self.whole_formula_error(Text::new(
                    format!(
                        "公式“{}”的结果是{zh}，这里需要“是/否”的判断（例如“执行率 < 60%”）",
                        self.source
                    ),
                    format!(
                        "'{}' gives {en}, but a yes/no condition is needed here (e.g. 'rate < 60%')",
                        self.source
                    ),
                )))
            }
        }
    }

    /// [`Formula::eval_bool_in`] with figures only, as [`Formula::eval`].
    pub fn eval_bool(&self, lookup: &dyn Fn(&str) -> Option<Value>) -> Result<bool, EvalError> {
        self.eval_bool_in(&Lookup(lookup))
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
