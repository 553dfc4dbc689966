//! The parsed form of a formula.
//!
//! Chains of the same precedence (`a + b - c`, `p 且 q 且 r`) are kept flat rather than as
//! nested binary nodes, so the tree's depth follows the parenthesis nesting, which the parser
//! bounds, and not the formula's length.

use rust_decimal::Decimal;

use super::Span;
use crate::lang::Text;

#[derive(Debug, Clone)]
pub(super) enum Expr {
    Number(Decimal, Span),
    Bool(bool, Span),
    Name(String, Span),
    /// Parentheses keep their own span so errors on `(a + b) ÷ c` underline the brackets too.
    Group(Box<Expr>, Span),
    /// One or more minus signs; an even count still demands a number.
    Neg {
        operand: Box<Expr>,
        negate: bool,
        span: Span,
    },
    /// One or more 非; an even count still demands a yes/no value.
    Not {
        operand: Box<Expr>,
        invert: bool,
        span: Span,
    },
    Arith {
        first: Box<Expr>,
        rest: Vec<(ArithOp, Expr)>,
        span: Span,
    },
    Compare {
        op: CmpOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
        span: Span,
    },
    Logic {
        op: LogicOp,
        operands: Vec<Expr>,
        span: Span,
    },
    Call {
        func: Func,
        args: Vec<Expr>,
        span: Span,
    },
}

impl Expr {
    pub(super) fn span(&self) -> Span {
        match self {
            Expr::Number(_, span)
            | Expr::Bool(_, span)
            | Expr::Name(_, span)
            | Expr::Group(_, span)
            | Expr::Neg { span, .. }
            | Expr::Not { span, .. }
            | Expr::Arith { span, .. }
            | Expr::Compare { span, .. }
            | Expr::Logic { span, .. }
            | Expr::Call { span, .. } => span.clone(),
        }
    }

    /// Appends every name in source order.
    pub(super) fn collect_names<'a>(&'a self, out: &mut Vec<(&'a str, Span)>) {
        match self {
            Expr::Number(..) | Expr::Bool(..) => {}
            Expr::Name(name, span) => out.push((name, span.clone())),
            Expr::Group(inner, _)
            | Expr::Neg { operand: inner, .. }
            | Expr::Not { operand: inner, .. } => inner.collect_names(out),
            Expr::Arith { first, rest, .. } => {
                first.collect_names(out);
                for (_, operand) in rest {
                    operand.collect_names(out);
                }
            }
            Expr::Compare { lhs, rhs, .. } => {
                lhs.collect_names(out);
                rhs.collect_names(out);
            }
            Expr::Logic { operands: args, .. } | Expr::Call { args, .. } => {
                for arg in args {
                    arg.collect_names(out);
                }
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CmpOp {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LogicOp {
    And,
    Or,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Func {
    Min,
    Max,
    Abs,
    Round,
    Trunc,
    If,
}

/// Every spelling a function may be called by; English names match case-insensitively.
const SPELLINGS: &[(&str, Func)] = &[
    ("min", Func::Min),
    ("最小", Func::Min),
    ("最小值", Func::Min),
    ("max", Func::Max),
    ("最大", Func::Max),
    ("最大值", Func::Max),
    ("abs", Func::Abs),
    ("绝对值", Func::Abs),
    ("round", Func::Round),
    ("四舍五入", Func::Round),
    ("trunc", Func::Trunc),
    ("截断", Func::Trunc),
    ("if", Func::If),
    ("如果", Func::If),
];

impl Func {
    pub(super) fn lookup(name: &str) -> Option<Func> {
        SPELLINGS
            .iter()
            .find(|(spelling, _)| spelling.eq_ignore_ascii_case(name))
            .map(|&(_, func)| func)
    }

    /// The known spelling closest to `name`, if it is close enough to be a plausible typo.
    pub(super) fn suggest(name: &str) -> Option<&'static str> {
        let folded = name.to_ascii_lowercase();
        crate::text::did_you_mean(&folded, SPELLINGS.iter().map(|&(spelling, _)| spelling))
    }

    /// Allowed argument counts, inclusive.
    pub(super) fn arity(self) -> (usize, usize) {
        match self {
            Func::Min | Func::Max => (2, usize::MAX),
            Func::Abs => (1, 1),
            Func::Round | Func::Trunc => (1, 2),
            Func::If => (3, 3),
        }
    }

    pub(super) fn usage(self) -> Text {
        match self {
            Func::Min => Text::new(
                "min(数值1, 数值2, …)：取最小的一个",
                "min(a, b, …): the smallest",
            ),
            Func::Max => Text::new(
                "max(数值1, 数值2, …)：取最大的一个",
                "max(a, b, …): the largest",
            ),
            Func::Abs => Text::new("abs(数值)：取绝对值", "abs(x): the absolute value"),
            Func::Round => Text::new(
                "round(数值, 小数位数)：四舍五入，小数位数可省略（默认为 0）",
                "round(x, places): round half away from zero; places defaults to 0",
            ),
            Func::Trunc => Text::new(
                "trunc(数值, 小数位数)：直接舍去多余的小数位，小数位数可省略（默认为 0）",
                "trunc(x, places): cut off extra decimals toward zero; places defaults to 0",
            ),
            Func::If => Text::new(
                "if(条件, 条件成立时的值, 条件不成立时的值)",
                "if(condition, value if true, value if false)",
            ),
        }
    }

    /// The list shown when a name matches no function at all.
    pub(super) fn catalogue() -> Text {
        Text::new(
            "可用的函数：min/最小、max/最大、abs/绝对值、round/四舍五入、trunc/截断、if/如果",
            "available functions: min, max, abs, round, trunc, if",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_ignores_ascii_case_only() {
        assert_eq!(Func::lookup("ROUND"), Some(Func::Round));
        assert_eq!(Func::lookup("如果"), Some(Func::If));
        assert_eq!(Func::lookup("rounds"), None);
    }
}
