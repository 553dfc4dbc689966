//! Evaluation with checked decimal arithmetic: every failure is an [`EvalError`] pointing at
//! the sub-expression at fault, never a panic.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

use super::ast::{ArithOp, CmpOp, Expr, Func, LogicOp};
use super::{EvalError, EvalErrorKind, Span, Value, keyword_hint};
use crate::lang::Text;

/// The most decimal places `round` and `trunc` accept; more has no use in a budget sheet.
const MAX_PLACES: u32 = 10;

pub(super) struct Evaluator<'a> {
    pub(super) source: &'a str,
    pub(super) lookup: &'a dyn Fn(&str) -> Option<Value>,
}

impl Evaluator<'_> {
    /// The source text of `span`, for quoting in messages.
    fn text(&self, span: &Span) -> &str {
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
            Expr::Name(name, span) => (self.lookup)(name).ok_or_else(|| {
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
            Expr::Call { func, args, .. } => self.call(*func, args),
        }
    }

    fn number(&self, expr: &Expr) -> Result<Decimal, EvalError> {
        match self.eval(expr)? {
            Value::Number(value) => Ok(value),
            Value::Bool(_) => {
                let span = expr.span();
                Err(self.error(
                    EvalErrorKind::TypeMismatch,
                    Text::new(
                        format!("“{}”是“是/否”的判断，这里需要数字", self.text(&span)),
                        format!(
                            "'{}' is a yes/no value, but a number is needed here",
                            self.text(&span)
                        ),
                    ),
                    span,
                ))
            }
        }
    }

    fn boolean(&self, expr: &Expr) -> Result<bool, EvalError> {
        match self.eval(expr)? {
            Value::Bool(value) => Ok(value),
            Value::Number(_) => {
                let span = expr.span();
                Err(self.error(
                    EvalErrorKind::TypeMismatch,
                    Text::new(
                        format!(
                            "“{}”是数字，这里需要“是/否”的判断（例如“执行率 < 60%”）",
                            self.text(&span)
                        ),
                        format!(
                            "'{}' is a number, but a yes/no condition is needed here (e.g. 'rate < 60%')",
                            self.text(&span)
                        ),
                    ),
                    span,
                ))
            }
        }
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
                        format!("“{}”的除数为 0，无法计算", self.text(&span)),
                        format!("division by zero in '{}'", self.text(&span)),
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
                format!("“{}”的结果太大，超出了可计算的范围", self.text(&span)),
                format!("'{}' is too large to calculate with", self.text(&span)),
            ),
            span,
        )
    }

    fn compare(&self, op: CmpOp, lhs: &Expr, rhs: &Expr, span: &Span) -> Result<Value, EvalError> {
        let result = match (self.eval(lhs)?, self.eval(rhs)?) {
            (Value::Number(a), Value::Number(b)) => match op {
                CmpOp::Lt => a < b,
                CmpOp::Le => a <= b,
                CmpOp::Gt => a > b,
                CmpOp::Ge => a >= b,
                CmpOp::Eq => a == b,
                CmpOp::Ne => a != b,
            },
            (Value::Bool(a), Value::Bool(b)) => match op {
                CmpOp::Eq => a == b,
                CmpOp::Ne => a != b,
                CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge => {
                    return Err(self.error(
                        EvalErrorKind::TypeMismatch,
                        Text::new(
                            format!("“{}”比较的是“是/否”的判断，只能用“=”或“≠”", self.text(span)),
                            format!(
                                "'{}' compares yes/no values, which allows only '=' and '≠'",
                                self.text(span)
                            ),
                        ),
                        span.clone(),
                    ));
                }
            },
            _ => {
                return Err(self.error(
                    EvalErrorKind::TypeMismatch,
                    Text::new(
                        format!(
                            "“{}”两边一个是数字、一个是“是/否”的判断，无法比较",
                            self.text(span)
                        ),
                        format!(
                            "'{}' compares a number with a yes/no value",
                            self.text(span)
                        ),
                    ),
                    span.clone(),
                ));
            }
        };
        Ok(Value::Bool(result))
    }

    fn call(&self, func: Func, args: &[Expr]) -> Result<Value, EvalError> {
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
