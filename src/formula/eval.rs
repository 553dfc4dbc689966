//! Evaluation with checked decimal arithmetic: every failure is an [`EvalError`] pointing at
//! the sub-expression at fault, never a panic.

use std::sync::Arc;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

use super::ast::{Aggregate, ArithOp, CmpOp, Expr, Func, LogicOp};
use super::{EvalError, EvalErrorKind, Host, Span, Value, keyword_hint};
use crate::lang::Text;

/// The most decimal places `round` and `trunc` accept; more has no use in a budget sheet.
const MAX_PLACES: u32 = 10;

/// What a value is, as a message names it: (Chinese, English).
pub(super) fn kind(value: &Value) -> (&'static str, &'static str) {
    match value {
        Value::Number(_) => ("数字", "a number"),
        Value::Bool(_) => ("“是/否”的判断", "a yes/no value"),
        Value::Text(_) => ("文字", "a text"),
    }
}

/// A value from the host with any whitespace at either end of a text dropped, copying the
/// text only when there is some, so that `=`, 长度 and 包含 all see the text a person sees.
fn trimmed(value: Value) -> Value {
    match value {
        Value::Text(text) if text.trim().len() != text.len() => Value::Text(Arc::from(text.trim())),
        other => other,
    }
}

pub(super) struct Evaluator<'a> {
    pub(super) source: &'a str,
    pub(super) host: &'a dyn Host,
}

impl Evaluator<'_> {
    /// The source text of `span`, for quoting in messages.
    fn snippet(&self, span: &Span) -> &str {
        self.source.get(span.clone()).unwrap_or_default()
    }

    fn error(&self, kind: EvalErrorKind, message: Text, span: Span) -> EvalError {
        EvalError {
            kind,
            message,
            span,
        }
    }

    pub(super) fn eval(&self, expr: &Expr) -> Result<Value, EvalError> {
        match expr {
            Expr::Number(value, _) => Ok(Value::Number(*value)),
            Expr::Bool(value, _) => Ok(Value::Bool(*value)),
            Expr::Text(text, _) => Ok(Value::Text(Arc::clone(text))),
            Expr::Name(name, span) => self.host.lookup(name).map(trimmed).ok_or_else(|| {
                let mut message = Text::new(
                    format!("找不到“{name}”的数值"),
                    format!("no value for '{name}'"),
                );
                if let Some(hint) = keyword_hint(name) {
                    message.zh = format!("{}。{}", message.zh, hint.zh);
                    message.en = format!("{}; {}", message.en, hint.en);
                }
                self.error(EvalErrorKind::UnknownName, message, span.clone())
            }),
            Expr::Group(inner, _) => self.eval(inner),
            Expr::Neg {
                operand, negate, ..
            } => {
                let value = self.number(operand)?;
                Ok(Value::Number(if *negate { -value } else { value }))
            }
            Expr::Not {
                operand, invert, ..
            } => {
                let value = self.boolean(operand)?;
                Ok(Value::Bool(value != *invert))
            }
            Expr::Arith { first, rest, .. } => self.arith(first, rest),
            Expr::Compare { op, lhs, rhs, span } => self.compare(*op, lhs, rhs, span),
            Expr::Logic { op, operands, .. } => {
                // Short-circuits like `if`, so `预算数 ≠ 0 且 执行数 ÷ 预算数 > 90%` is safe.
                let decisive = *op == LogicOp::Or;
                for operand in operands {
                    if self.boolean(operand)? == decisive {
                        return Ok(Value::Bool(decisive));
                    }
                }
                Ok(Value::Bool(!decisive))
            }
            Expr::Call { func, args, span } => self.call(*func, args, span),
            Expr::HostCall {
                name,
                name_span,
                args,
                span,
            } => self.host_call(name, name_span, args, span),
        }
    }

    fn number(&self, expr: &Expr) -> Result<Decimal, EvalError> {
        match self.eval(expr)? {
            Value::Number(value) => Ok(value),
            other => Err(self.mismatch(expr, &other, ("数字", "a number"))),
        }
    }

    fn boolean(&self, expr: &Expr) -> Result<bool, EvalError> {
        match self.eval(expr)? {
            Value::Bool(value) => Ok(value),
            other => Err(self.mismatch(
                expr,
                &other,
                (
                    "“是/否”的判断（例如“执行率 < 60%”）",
                    "a yes/no condition (e.g. 'rate < 60%')",
                ),
            )),
        }
    }

    fn text(&self, expr: &Expr) -> Result<Arc<str>, EvalError> {
        match self.eval(expr)? {
            Value::Text(text) => Ok(text),
            other => Err(self.mismatch(
                expr,
                &other,
                (
                    "文字（用引号括起，例如“\"满意度\"”）",
                    "a text (in quotes, e.g. \"满意度\")",
                ),
            )),
        }
    }

    /// `expr` gave `got` where `wanted`, (Chinese, English), is needed.
    fn mismatch(&self, expr: &Expr, got: &Value, wanted: (&str, &str)) -> EvalError {
        let span = expr.span();
        let (zh, en) = kind(got);
        let quoted = self.snippet(&span);
        self.error(
            EvalErrorKind::TypeMismatch,
            Text::new(
                format!("“{quoted}”是{zh}，这里需要{}", wanted.0),
                format!("'{quoted}' is {en}, but {} is needed here", wanted.1),
            ),
            span,
        )
    }

    fn arith(&self, first: &Expr, rest: &[(ArithOp, Expr)]) -> Result<Value, EvalError> {
        let start = first.span().start;
        let mut acc = self.number(first)?;
        for (op, operand) in rest {
            let rhs = self.number(operand)?;
            // The left operand of this step is everything before it in the chain.
            let span = start..operand.span().end;
            if *op == ArithOp::Div && rhs.is_zero() {
                return Err(self.error(
                    EvalErrorKind::DivisionByZero,
                    Text::new(
                        format!("“{}”的除数为 0，无法计算", self.snippet(&span)),
                        format!("division by zero in '{}'", self.snippet(&span)),
                    ),
                    span,
                ));
            }
            let result = match op {
                ArithOp::Add => acc.checked_add(rhs),
                ArithOp::Sub => acc.checked_sub(rhs),
                ArithOp::Mul => acc.checked_mul(rhs),
                ArithOp::Div => acc.checked_div(rhs),
            };
            acc = result.ok_or_else(|| self.overflow(span))?;
        }
        Ok(Value::Number(acc))
    }

    fn overflow(&self, span: Span) -> EvalError {
        self.error(
            EvalErrorKind::Overflow,
            Text::new(
                format!("“{}”的结果太大，超出了可计算的范围", self.snippet(&span)),
                format!("'{}' is too large to calculate with", self.snippet(&span)),
            ),
            span,
        )
    }

    fn compare(&self, op: CmpOp, lhs: &Expr, rhs: &Expr, span: &Span) -> Result<Value, EvalError> {
        let (a, b) = (self.eval(lhs)?, self.eval(rhs)?);
        let equality = matches!(op, CmpOp::Eq | CmpOp::Ne);
        let result = match (&a, &b) {
            (Value::Number(a), Value::Number(b)) => match op {
                CmpOp::Lt => a < b,
                CmpOp::Le => a <= b,
                CmpOp::Gt => a > b,
                CmpOp::Ge => a >= b,
                CmpOp::Eq => a == b,
                CmpOp::Ne => a != b,
            },
            (Value::Bool(x), Value::Bool(y)) if equality => (x == y) == (op == CmpOp::Eq),
            (Value::Text(x), Value::Text(y)) if equality => (x == y) == (op == CmpOp::Eq),
            (Value::Bool(_), Value::Bool(_)) | (Value::Text(_), Value::Text(_)) => {
                let (zh, en) = kind(&a);
                return Err(self.error(
                    EvalErrorKind::TypeMismatch,
                    Text::new(
                        format!("“{}”比较的是{zh}，只能用“=”或“≠”", self.snippet(span)),
                        format!(
                            "'{}' compares {en} with another, which allows only '=' and '≠'",
                            self.snippet(span)
                        ),
                    ),
                    span.clone(),
                ));
            }
            _ => {
                let ((a_zh, a_en), (b_zh, b_en)) = (kind(&a), kind(&b));
                return Err(self.error(
                    EvalErrorKind::TypeMismatch,
                    Text::new(
                        format!(
                            "“{}”两边一个是{a_zh}、一个是{b_zh}，无法比较",
                            self.snippet(span)
                        ),
                        format!("'{}' compares {a_en} with {b_en}", self.snippet(span)),
                    ),
                    span.clone(),
                ));
            }
        };
        Ok(Value::Bool(result))
    }

    fn call(&self, func: Func, args: &[Expr], span: &Span) -> Result<Value, EvalError> {
        // The parser checked arity, so the argument slices below are in range.
        match func {
            Func::Min | Func::Max => {
                let mut best = self.number(&args[0])?;
                for arg in &args[1..] {
                    let value = self.number(arg)?;
                    best = if func == Func::Min {
                        best.min(value)
                    } else {
                        best.max(value)
                    };
                }
                Ok(Value::Number(best))
            }
            Func::Abs => Ok(Value::Number(self.number(&args[0])?.abs())),
            Func::Round | Func::Trunc => {
                let value = self.number(&args[0])?;
                let places = match args.get(1) {
                    Some(arg) => self.places(arg)?,
                    None => 0,
                };
                let strategy = if func == Func::Round {
                    RoundingStrategy::MidpointAwayFromZero
                } else {
                    RoundingStrategy::ToZero
                };
                let mut result = value.round_dp_with_strategy(places, strategy);
                // `round(9.1, 2)` shows as 9.10, as a person rounding to cents would write it;
                // raising the scale never changes the value.
                if result.scale() < places {
                    result.rescale(places);
                }
                Ok(Value::Number(result))
            }
            Func::If => {
                let branch = if self.boolean(&args[0])? { 1 } else { 2 };
                self.eval(&args[branch])
            }
            Func::Contains => {
                let (text, part) = (self.text(&args[0])?, self.text(&args[1])?);
                Ok(Value::Bool(text.contains(&*part)))
            }
            Func::StartsWith => {
                let (text, part) = (self.text(&args[0])?, self.text(&args[1])?);
                Ok(Value::Bool(text.starts_with(&*part)))
            }
            Func::EndsWith => {
                let (text, part) = (self.text(&args[0])?, self.text(&args[1])?);
                Ok(Value::Bool(text.ends_with(&*part)))
            }
            Func::Len => Ok(Value::Number(Decimal::from(
                self.text(&args[0])?.chars().count(),
            ))),
            Func::Aggregate(aggregate) => self.aggregate(aggregate, &args[0], span),
        }
    }

    /// Evaluates `arg` in each of the host's rows, with the row as host.
    fn aggregate(&self, aggregate: Aggregate, arg: &Expr, span: &Span) -> Result<Value, EvalError> {
        let mut rows = 0usize;
        let mut held = 0usize;
        let mut total = Decimal::ZERO;
        let mut extreme: Option<Decimal> = None;
        self.host
            .for_each_row(&mut |row| {
                let each = Evaluator {
                    source: self.source,
                    host: row,
                };
                rows += 1;
                match aggregate {
                    Aggregate::Count | Aggregate::Any | Aggregate::All => {
                        if each.boolean(arg)? {
                            held += 1;
                        }
                    }
                    Aggregate::Sum => {
                        total = total
                            .checked_add(each.number(arg)?)
                            .ok_or_else(|| self.overflow(span.clone()))?;
                    }
                    Aggregate::MinOf | Aggregate::MaxOf => {
                        let value = each.number(arg)?;
                        extreme = Some(match extreme {
                            Some(best) if aggregate == Aggregate::MinOf => best.min(value),
                            Some(best) => best.max(value),
                            None => value,
                        });
                    }
                }
                Ok(())
            })
            .map_err(|mut error| {
                // Aggregates do not nest, so a row never asks for rows itself: a NoRows error
                // is about this aggregate, which the host cannot point at.
                if error.kind == EvalErrorKind::NoRows {
                    error.span = span.clone();
                }
                error
            })?;
        match aggregate {
            Aggregate::Count => Ok(Value::Number(Decimal::from(held))),
            Aggregate::Any => Ok(Value::Bool(held > 0)),
            Aggregate::All => Ok(Value::Bool(held == rows)),
            Aggregate::Sum => Ok(Value::Number(total)),
            Aggregate::MinOf | Aggregate::MaxOf => extreme.map(Value::Number).ok_or_else(|| {
                self.error(
                    EvalErrorKind::InvalidArgument,
                    Text::new(
                        format!("表中没有任何行，“{}”无从取值", self.snippet(span)),
                        format!("'{}' has no rows to take a value from", self.snippet(span)),
                    ),
                    span.clone(),
                )
            }),
        }
    }

    /// Evaluates every argument, then asks the host; the parser checked the count.
    fn host_call(
        &self,
        name: &str,
        name_span: &Span,
        args: &[Expr],
        span: &Span,
    ) -> Result<Value, EvalError> {
        let mut values = Vec::with_capacity(args.len());
        for arg in args {
            values.push(self.eval(arg)?);
        }
        match self.host.call(name, &values) {
            Some(Ok(value)) => Ok(trimmed(value)),
            Some(Err(message)) => {
                Err(self.error(EvalErrorKind::InvalidArgument, message, span.clone()))
            }
            None => {
                let written = self.snippet(name_span);
                Err(self.error(
                    EvalErrorKind::UnknownName,
                    Text::new(
                        format!("这里无法使用函数“{written}”"),
                        format!("function '{written}' is not available here"),
                    ),
                    name_span.clone(),
                ))
            }
        }
    }

    fn places(&self, arg: &Expr) -> Result<u32, EvalError> {
        let value = self.number(arg)?;
        value
            .fract()
            .is_zero()
            .then(|| value.to_u32())
            .flatten()
            .filter(|&places| places <= MAX_PLACES)
            .ok_or_else(|| {
                self.error(
                    EvalErrorKind::InvalidArgument,
                    Text::new(
                        format!("小数位数应为 0 到 {MAX_PLACES} 之间的整数，这里是 {value}"),
                        format!(
                            "decimal places must be a whole number from 0 to {MAX_PLACES}, not {value}"
                        ),
                    ),
                    arg.span(),
                )
            })
    }
}
