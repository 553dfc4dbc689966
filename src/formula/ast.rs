//! The parsed form of a formula.
//!
//! Chains of the same precedence (`a + b - c`, `p 且 q 且 r`) are kept flat rather than as
//! nested binary nodes, so the tree's depth follows the parenthesis nesting, which the parser
//! bounds, and not the formula's length.

use std::sync::Arc;

use rust_decimal::Decimal;

use super::{HostFunction, Span};
use crate::lang::Text;

#[derive(Debug, Clone)]
pub(super) enum Expr {
    Number(Decimal, Span),
    Bool(bool, Span),
    /// Already trimmed; shared so that evaluating it once per row does not copy it.
    Text(Arc<str>, Span),
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
    /// A function the caller declared; `name` is its canonical name, whatever was written.
    HostCall {
        name: &'static str,
        name_span: Span,
        args: Vec<Expr>,
        span: Span,
    },
}

impl Expr {
    pub(super) fn span(&self) -> Span {
        match self {
            Expr::Number(_, span)
            | Expr::Bool(_, span)
            | Expr::Text(_, span)
            | Expr::Name(_, span)
            | Expr::Group(_, span)
            | Expr::Neg { span, .. }
            | Expr::Not { span, .. }
            | Expr::Arith { span, .. }
            | Expr::Compare { span, .. }
            | Expr::Logic { span, .. }
            | Expr::Call { span, .. }
            | Expr::HostCall { span, .. } => span.clone(),
        }
    }

    /// Calls `visit` on this expression and every sub-expression, in source order.
    pub(super) fn walk<'a>(&'a self, visit: &mut dyn FnMut(&'a Expr)) {
        visit(self);
        match self {
            Expr::Number(..) | Expr::Bool(..) | Expr::Text(..) | Expr::Name(..) => {}
            Expr::Group(inner, _)
            | Expr::Neg { operand: inner, .. }
            | Expr::Not { operand: inner, .. } => inner.walk(visit),
            Expr::Arith { first, rest, .. } => {
                first.walk(visit);
                for (_, operand) in rest {
                    operand.walk(visit);
                }
            }
            Expr::Compare { lhs, rhs, .. } => {
                lhs.walk(visit);
                rhs.walk(visit);
            }
            Expr::Logic { operands: args, .. }
            | Expr::Call { args, .. }
            | Expr::HostCall { args, .. } => {
                for arg in args {
                    arg.walk(visit);
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
    Contains,
    StartsWith,
    EndsWith,
    Len,
    Aggregate(Aggregate),
}

/// A function whose argument is evaluated once per row of the sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Aggregate {
    Count,
    Sum,
    Any,
    All,
    MinOf,
    MaxOf,
}

/// Every spelling a function may be called by; English names match case-insensitively.
/// The per-row minimum and maximum cannot be called 最小值/最大值, which already name min/max.
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
    ("contains", Func::Contains),
    ("包含", Func::Contains),
    ("starts_with", Func::StartsWith),
    ("开头是", Func::StartsWith),
    ("ends_with", Func::EndsWith),
    ("结尾是", Func::EndsWith),
    ("len", Func::Len),
    ("长度", Func::Len),
    ("count", Func::Aggregate(Aggregate::Count)),
    ("计数", Func::Aggregate(Aggregate::Count)),
    ("sum", Func::Aggregate(Aggregate::Sum)),
    ("求和", Func::Aggregate(Aggregate::Sum)),
    ("any", Func::Aggregate(Aggregate::Any)),
    ("任一", Func::Aggregate(Aggregate::Any)),
    ("all", Func::Aggregate(Aggregate::All)),
    ("全部", Func::Aggregate(Aggregate::All)),
    ("min_of", Func::Aggregate(Aggregate::MinOf)),
    ("各行最小", Func::Aggregate(Aggregate::MinOf)),
    ("max_of", Func::Aggregate(Aggregate::MaxOf)),
    ("各行最大", Func::Aggregate(Aggregate::MaxOf)),
];

impl Func {
    pub(super) fn lookup(name: &str) -> Option<Func> {
        SPELLINGS
            .iter()
            .find(|(spelling, _)| spelling.eq_ignore_ascii_case(name))
            .map(|&(_, func)| func)
    }

    /// The known spelling closest to `name`, built-in or declared by the caller, if it is
    /// close enough to be a plausible typo.
    pub(super) fn suggest(name: &str, host: &[HostFunction]) -> Option<&'static str> {
        let folded = name.to_ascii_lowercase();
        let hosted = host
            .iter()
            .flat_map(|h| std::iter::once(h.name).chain(h.aliases.iter().copied()));
        crate::text::did_you_mean(
            &folded,
            SPELLINGS
                .iter()
                .map(|&(spelling, _)| spelling)
                .chain(hosted),
        )
    }

    /// Allowed argument counts, inclusive.
    pub(super) fn arity(self) -> (usize, usize) {
        match self {
            Func::Min | Func::Max => (2, usize::MAX),
            Func::Abs | Func::Len | Func::Aggregate(_) => (1, 1),
            Func::Round | Func::Trunc => (1, 2),
            Func::If => (3, 3),
            Func::Contains | Func::StartsWith | Func::EndsWith => (2, 2),
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
            Func::Contains => Text::new(
                "包含(文字, 要找的部分)：文字中含有这一部分时为“是”，例如“包含(三级指标, \"满意度\")”",
                "contains(text, part): whether the text contains the part, e.g. 'contains(name, \"满意度\")'",
            ),
            Func::StartsWith => Text::new(
                "开头是(文字, 开头部分)：文字以这一部分开头时为“是”",
                "starts_with(text, prefix): whether the text begins with the prefix",
            ),
            Func::EndsWith => Text::new(
                "结尾是(文字, 结尾部分)：文字以这一部分结尾时为“是”",
                "ends_with(text, suffix): whether the text ends with the suffix",
            ),
            Func::Len => Text::new(
                "长度(文字)：文字的字数（不计两端的空白）",
                "len(text): the number of characters, not counting whitespace at either end",
            ),
            Func::Aggregate(aggregate) => aggregate.usage(),
        }
    }

    /// The list shown when a name matches no function at all.
    pub(super) fn catalogue(host: &[HostFunction]) -> Text {
        let mut catalogue = Text::new(
            "可用的函数：min/最小、max/最大、abs/绝对值、round/四舍五入、trunc/截断、if/如果；\
             文字：contains/包含、starts_with/开头是、ends_with/结尾是、len/长度；\
             逐行汇总：count/计数、sum/求和、any/任一、all/全部、min_of/各行最小、max_of/各行最大",
            "available functions: min, max, abs, round, trunc, if; for texts: contains, \
             starts_with, ends_with, len; over rows: count, sum, any, all, min_of, max_of",
        );
        if !host.is_empty() {
            let names: Vec<&str> = host.iter().map(|h| h.name).collect();
            catalogue.zh = format!("{}；本方案另有：{}", catalogue.zh, names.join("、"));
            catalogue.en = format!("{}; also: {}", catalogue.en, names.join(", "));
        }
        catalogue
    }
}

impl Aggregate {
    fn usage(self) -> Text {
        let (zh, en) = match self {
            Aggregate::Count => (
                "count(条件)：条件成立的行数，例如“count(一级指标 = \"成本指标\") >= 1”",
                "count(condition): the number of rows where the condition holds",
            ),
            Aggregate::Sum => ("sum(数值)：各行数值之和", "sum(x): the total over all rows"),
            Aggregate::Any => (
                "any(条件)：至少一行条件成立时为“是”",
                "any(condition): whether the condition holds in at least one row",
            ),
            Aggregate::All => (
                "all(条件)：每一行条件都成立时为“是”",
                "all(condition): whether the condition holds in every row",
            ),
            Aggregate::MinOf => (
                "min_of(数值)：各行中最小的数值",
                "min_of(x): the smallest over all rows",
            ),
            Aggregate::MaxOf => (
                "max_of(数值)：各行中最大的数值",
                "max_of(x): the largest over all rows",
            ),
        };
        Text::new(
            format!("{zh}。汇总函数逐行计算括号里的内容，只能用于整张表的检查"),
            format!(
                "{en}. Aggregates evaluate their argument row by row and work only in per-sheet checks"
            ),
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
        assert_eq!(
            Func::lookup("COUNT"),
            Some(Func::Aggregate(Aggregate::Count))
        );
    }
}
