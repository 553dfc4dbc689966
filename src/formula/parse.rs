//! From source text to [`Expr`], with errors worded for the person who wrote the formula.

use pest::Parser;
use pest::error::{ErrorVariant, InputLocation};
use pest::iterators::Pair;
use rust_decimal::Decimal;

use super::ast::{ArithOp, CmpOp, Expr, Func, LogicOp};
use super::{FormulaError, MAX_DEPTH, Span, keyword_hint};
use crate::lang::Text;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/formula.pest"]
struct FormulaParser;

pub(super) fn parse(source: &str) -> Result<Expr, FormulaError> {
    // pest, the tree builder and the evaluator all recurse once per bracket level, so deep
    // nesting is refused before any of them sees it. Brackets can only be brackets in this
    // language, so counting them is exact.
    check_depth(source)?;
    let mut pairs = FormulaParser::parse(Rule::formula, source)
        .map_err(|error| syntax_error(source, &error))?;
    // `formula = SOI ~ or_expr ~ EOI` succeeded, so its first inner pair is the expression.
    let formula = pairs.next().expect("a successful parse yields `formula`");
    let expr = formula
        .into_inner()
        .next()
        .expect("`formula` holds an `or_expr`");
    build(expr)
}

fn check_depth(source: &str) -> Result<(), FormulaError> {
    let mut depth = 0usize;
    for (at, c) in source.char_indices() {
        match c {
            '(' | '（' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(FormulaError {
                        message: Text::new(
                            format!("括号嵌套超过 {MAX_DEPTH} 层，公式过于复杂"),
                            format!("brackets are nested more than {MAX_DEPTH} levels deep"),
                        ),
                        help: Text::new(
                            "请去掉多余的括号，或把公式拆成几步",
                            "remove redundant brackets or split the formula into steps",
                        ),
                        span: at..at + c.len_utf8(),
                    });
                }
            }
            ')' | '）' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

fn span_of(pair: &Pair<'_, Rule>) -> Span {
    let span = pair.as_span();
    span.start()..span.end()
}

fn build(pair: Pair<'_, Rule>) -> Result<Expr, FormulaError> {
    let pair = innermost(pair);
    match pair.as_rule() {
        Rule::or_expr => build_logic(pair, LogicOp::Or),
        Rule::and_expr => build_logic(pair, LogicOp::And),
        Rule::not_expr | Rule::unary => build_prefixed(pair),
        Rule::comparison => build_comparison(pair),
        Rule::sum | Rule::product => build_arith(pair),
        Rule::number => build_number(pair),
        Rule::true_kw => Ok(Expr::Bool(true, span_of(&pair))),
        Rule::false_kw => Ok(Expr::Bool(false, span_of(&pair))),
        Rule::name => Ok(Expr::Name(pair.as_str().to_owned(), span_of(&pair))),
        Rule::group => {
            let span = span_of(&pair);
            let inner = operands(pair).next().expect("`group` holds an `or_expr`");
            Ok(Expr::Group(Box::new(build(inner)?), span))
        }
        Rule::call => build_call(pair),
        rule => unreachable!("the grammar has no expression rule {rule:?}"),
    }
}

/// Skips the precedence layers that hold a single operand, which is most of them, in a loop
/// rather than a stack frame each: the tree is built recursively, and pest nests eight of
/// these layers inside every pair of brackets.
fn innermost(mut pair: Pair<'_, Rule>) -> Pair<'_, Rule> {
    while matches!(
        pair.as_rule(),
        Rule::or_expr
            | Rule::and_expr
            | Rule::not_expr
            | Rule::comparison
            | Rule::sum
            | Rule::product
            | Rule::unary
    ) {
        let mut inner = pair.clone().into_inner();
        match (inner.next(), inner.next()) {
            (Some(only), None) => pair = only,
            _ => break,
        }
    }
    pair
}

/// The sub-expressions of `pair`, leaving out operators and punctuation.
fn operands<'i>(pair: Pair<'i, Rule>) -> impl Iterator<Item = Pair<'i, Rule>> {
    pair.into_inner().filter(|p| {
        !matches!(
            p.as_rule(),
            Rule::or_op
                | Rule::and_op
                | Rule::not_op
                | Rule::neg_op
                | Rule::open
                | Rule::close
                | Rule::comma
        )
    })
}

fn build_logic(pair: Pair<'_, Rule>, op: LogicOp) -> Result<Expr, FormulaError> {
    let span = span_of(&pair);
    let mut built = Vec::new();
    for operand in operands(pair) {
        built.push(build(operand)?);
    }
    Ok(Expr::Logic {
        op,
        operands: built,
        span,
    })
}

/// `not_expr` and `unary` with at least one prefix operator, the operand last.
fn build_prefixed(pair: Pair<'_, Rule>) -> Result<Expr, FormulaError> {
    let span = span_of(&pair);
    let is_not = pair.as_rule() == Rule::not_expr;
    let mut inner: Vec<Pair<'_, Rule>> = pair.into_inner().collect();
    let operand = Box::new(build(
        inner
            .pop()
            .expect("a prefixed expression ends with its operand"),
    )?);
    let odd = inner.len() % 2 == 1;
    Ok(if is_not {
        Expr::Not {
            operand,
            invert: odd,
            span,
        }
    } else {
        Expr::Neg {
            operand,
            negate: odd,
            span,
        }
    })
}

fn build_comparison(pair: Pair<'_, Rule>) -> Result<Expr, FormulaError> {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let lhs = build(inner.next().expect("a comparison starts with a `sum`"))?;
    let op = inner
        .next()
        .expect("a comparison with more than one child has an operator");
    let rhs = build(
        inner
            .next()
            .expect("a comparison operator is followed by a `sum`"),
    )?;
    if let Some(second) = inner.next() {
        return Err(FormulaError {
            message: Text::new(
                format!(
                    "比较不能连写：这里的“{}”接在另一个比较之后",
                    second.as_str()
                ),
                format!(
                    "comparisons cannot be chained: '{}' follows another comparison",
                    second.as_str()
                ),
            ),
            help: Text::new(
                "请分成两个比较，用“且”连接，例如“60% <= 执行率 且 执行率 < 90%”",
                "split it into two comparisons joined by 'and', e.g. '60% <= rate and rate < 90%'",
            ),
            span: span_of(&second),
        });
    }
    let op = match op.as_rule() {
        Rule::lt => CmpOp::Lt,
        Rule::le => CmpOp::Le,
        Rule::gt => CmpOp::Gt,
        Rule::ge => CmpOp::Ge,
        Rule::eq => CmpOp::Eq,
        Rule::ne => CmpOp::Ne,
        rule => unreachable!("the grammar has no comparison operator {rule:?}"),
    };
    Ok(Expr::Compare {
        op,
        lhs: Box::new(lhs),
        rhs: Box::new(rhs),
        span,
    })
}

fn build_arith(pair: Pair<'_, Rule>) -> Result<Expr, FormulaError> {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let first = build(
        inner
            .next()
            .expect("an arithmetic chain starts with an operand"),
    )?;
    let mut rest = Vec::new();
    while let Some(op) = inner.next() {
        let op = match op.as_rule() {
            Rule::add => ArithOp::Add,
            Rule::sub => ArithOp::Sub,
            Rule::mul => ArithOp::Mul,
            Rule::div => ArithOp::Div,
            rule => unreachable!("the grammar has no arithmetic operator {rule:?}"),
        };
        let operand = build(inner.next().expect("an operator is followed by an operand"))?;
        rest.push((op, operand));
    }
    Ok(Expr::Arith {
        first: Box::new(first),
        rest,
        span,
    })
}

fn build_number(pair: Pair<'_, Rule>) -> Result<Expr, FormulaError> {
    let span = span_of(&pair);
    let literal = pair.as_str();
    let mut inner = pair.into_inner();
    let digits: String = inner
        .next()
        .expect("a number starts with its digits")
        .as_str()
        .chars()
        .map(half_width)
        .collect();
    let is_percent = inner.next().is_some();
    let too_precise = || FormulaError {
        message: Text::new(
            format!("数字“{literal}”的位数太多，无法精确表示"),
            format!("number '{literal}' has more digits than can be represented exactly"),
        ),
        help: Text::new(
            "数字最多可有 28 位小数，有效数字合计约 28 位",
            "numbers may have at most 28 decimal places and about 28 significant digits",
        ),
        span: span.clone(),
    };
    let mut value = Decimal::from_str_exact(&digits).map_err(|error| match error {
        rust_decimal::Error::Underflow | rust_decimal::Error::ScaleExceedsMaximumPrecision(_) => {
            too_precise()
        }
        _ => FormulaError {
            message: Text::new(
                format!("数字“{literal}”太大，超出了可计算的范围"),
                format!("number '{literal}' is too large to calculate with"),
            ),
            help: Text::new(
                "可计算的数字最大约为 7.9×10²⁸，请检查是否多输了位数",
                "the largest number is about 7.9×10²⁸; check for extra digits",
            ),
            span: span.clone(),
        },
    })?;
    if is_percent {
        // Moving the decimal point two places is exact, where dividing by 100 could round.
        value
            .set_scale(value.scale() + 2)
            .map_err(|_| too_precise())?;
    }
    Ok(Expr::Number(value, span))
}

fn half_width(c: char) -> char {
    match c {
        '０'..='９' => {
            char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')).unwrap_or(c)
        }
        '．' => '.',
        _ => c,
    }
}

fn build_call(pair: Pair<'_, Rule>) -> Result<Expr, FormulaError> {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let name = inner.next().expect("a call starts with the function name");
    let Some(func) = Func::lookup(name.as_str()) else {
        return Err(unknown_function(name.as_str(), span_of(&name)));
    };
    let args: Vec<Pair<'_, Rule>> = inner.filter(|p| p.as_rule() == Rule::or_expr).collect();
    let (least, most) = func.arity();
    if !(least..=most).contains(&args.len()) {
        let (zh, en) = match (least, most) {
            (n, usize::MAX) => (format!("至少 {n} 个"), format!("at least {n}")),
            (n, m) if n == m => (format!(" {n} 个"), format!("{n}")),
            (n, m) => (format!(" {n} 到 {m} 个"), format!("{n} to {m}")),
        };
        let got = args.len();
        return Err(FormulaError {
            message: Text::new(
                format!("函数“{}”需要{zh}参数，这里给了 {got} 个", name.as_str()),
                format!(
                    "function '{}' takes {en} arguments, {got} given",
                    name.as_str()
                ),
            ),
            help: func.usage(),
            span,
        });
    }
    let mut built = Vec::with_capacity(args.len());
    for arg in args {
        built.push(build(arg)?);
    }
    Ok(Expr::Call {
        func,
        args: built,
        span,
    })
}

fn unknown_function(name: &str, span: Span) -> FormulaError {
    let help = match Func::suggest(name) {
        Some(suggestion) => Text::new(
            format!("是不是想写“{suggestion}”？"),
            format!("did you mean '{suggestion}'?"),
        ),
        None => {
            let catalogue = Func::catalogue();
            Text::new(
                format!(
                    "{}。名称后面紧跟括号会被当作函数；如果是相乘，请写成“{name} × (…)”",
                    catalogue.zh
                ),
                format!(
                    "{}. A name followed by a bracket is read as a function; to multiply, write '{name} × (…)'",
                    catalogue.en
                ),
            )
        }
    };
    FormulaError {
        message: Text::new(
            format!("没有名为“{name}”的函数"),
            format!("there is no function named '{name}'"),
        ),
        help,
        span,
    }
}

/// What the parser wanted, in the order it is listed to the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Expected {
    Number,
    Name,
    Open,
    Operator,
    Comma,
    Close,
    End,
}

impl Expected {
    fn of(rule: Rule) -> &'static [Expected] {
        use Expected::*;
        match rule {
            Rule::formula
            | Rule::or_expr
            | Rule::and_expr
            | Rule::not_expr
            | Rule::comparison
            | Rule::sum
            | Rule::product
            | Rule::unary
            | Rule::primary => &[Number, Name, Open],
            Rule::number | Rule::decimal | Rule::digit | Rule::point => &[Number],
            Rule::name | Rule::call | Rule::name_start | Rule::han => &[Name],
            Rule::group | Rule::open => &[Open],
            Rule::or_op
            | Rule::and_op
            | Rule::le
            | Rule::ge
            | Rule::ne
            | Rule::eq
            | Rule::lt
            | Rule::gt
            | Rule::add
            | Rule::sub
            | Rule::mul
            | Rule::div
            | Rule::cmp_op
            | Rule::add_op
            | Rule::mul_op => &[Operator],
            Rule::comma => &[Comma],
            Rule::close => &[Close],
            Rule::EOI => &[End],
            // Prefixes, 是/否 and `%` are optional extras at a position that always also
            // admits something more telling; listing them would only lengthen the message.
            Rule::percent
            | Rule::true_kw
            | Rule::false_kw
            | Rule::boolean
            | Rule::keyword
            | Rule::name_char
            | Rule::not_op
            | Rule::neg_op
            | Rule::WHITESPACE => &[],
        }
    }

    fn words(self) -> (&'static str, &'static str) {
        match self {
            Expected::Number => ("数字", "a number"),
            Expected::Name => ("名称", "a name"),
            Expected::Open => ("左括号", "'('"),
            Expected::Operator => ("运算符", "an operator"),
            Expected::Comma => ("逗号", "','"),
            Expected::Close => ("右括号", "')'"),
            Expected::End => ("公式结束", "the end of the formula"),
        }
    }
}

fn syntax_error(source: &str, error: &pest::error::Error<Rule>) -> FormulaError {
    let at = match error.location {
        InputLocation::Pos(at) => at,
        InputLocation::Span((start, _)) => start,
    };
    let at = floor_char_boundary(source, at);
    let token = token_at(source, at);
    let span = at..at + token.len();

    let mut expected: Vec<Expected> = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => positives
            .iter()
            .flat_map(|&rule| Expected::of(rule).iter().copied())
            .collect(),
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    expected.sort();
    expected.dedup();
    // Right after an operand, "(" is only possible as a function call and the end is
    // implied; naming the missing operator is what helps.
    if expected.contains(&Expected::Operator) {
        expected.retain(|&e| !matches!(e, Expected::Open | Expected::End));
    }

    let message = match (expected.is_empty(), token.is_empty()) {
        (true, _) => Text::new(
            "公式过于复杂，无法解析",
            "the formula is too complex to parse",
        ),
        (false, false) => {
            let (zh, en) = list(&expected);
            Text::new(
                format!("公式在“{token}”处无法解析：此处应为{zh}"),
                format!("cannot parse the formula at '{token}': expected {en}"),
            )
        }
        (false, true) => {
            let (zh, en) = list(&expected);
            Text::new(
                format!("公式不完整：结尾处缺少{zh}"),
                format!("the formula is incomplete: expected {en} at the end"),
            )
        }
    };
    FormulaError {
        message,
        help: syntax_help(source, at, token, &expected),
        span,
    }
}

fn syntax_help(source: &str, at: usize, token: &str, expected: &[Expected]) -> Text {
    let before = source[..at].trim_end_matches(is_whitespace);
    let previous = &before[before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_name_char(c))
        .last()
        .map_or(before.len(), |(i, _)| i)..];
    if let Some(hint) = keyword_hint(previous).or_else(|| keyword_hint(token)) {
        return hint;
    }
    if matches!(token, ")" | "）") || (token.is_empty() && expected.contains(&Expected::Close)) {
        return Text::new("请检查括号是否成对", "check that every bracket is matched");
    }
    if let Some(c) = token.chars().next().filter(|&c| !is_known_char(c)) {
        return Text::new(
            format!("公式中不能使用“{c}”。可用的运算符有 + − × ÷、< ≤ > ≥ = ≠、且 或 非"),
            format!(
                "'{c}' cannot be used in a formula; the operators are + − × ÷, < ≤ > ≥ = ≠, and, or, not"
            ),
        );
    }
    Text::new(
        "公式由数字、名称、运算符（+ − × ÷，< ≤ > ≥ = ≠，且 或 非）和函数组成，例如“min(1, 执行率 ÷ 90%) × 分值”",
        "a formula combines numbers, names, operators (+ − × ÷, < ≤ > ≥ = ≠, and or not) and functions, e.g. 'min(1, rate ÷ 90%) × score'",
    )
}

/// Joins the expected items the way each language lists alternatives.
fn list(expected: &[Expected]) -> (String, String) {
    let (zh, en): (Vec<&str>, Vec<&str>) = expected.iter().map(|e| e.words()).unzip();
    (join(&zh, "、", "或"), join(&en, ", ", " or "))
}

fn join(items: &[&str], separator: &str, last: &str) -> String {
    match items {
        [] => String::new(),
        [only] => (*only).to_owned(),
        [init @ .., tail] => format!("{}{last}{tail}", init.join(separator)),
    }
}

/// The name at `at`, or the single character there, or "" at the end of the source.
fn token_at(source: &str, at: usize) -> &str {
    let rest = &source[at..];
    let name_len: usize = rest
        .chars()
        .take_while(|&c| is_name_char(c))
        .map(char::len_utf8)
        .sum();
    let len = match (name_len, rest.chars().next()) {
        (0, Some(c)) => c.len_utf8(),
        (n, _) => n,
    };
    &rest[..len]
}

fn floor_char_boundary(source: &str, at: usize) -> usize {
    let mut at = at.min(source.len());
    while !source.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Mirrors `WHITESPACE` in `grammar/formula.pest`.
fn is_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n' | '\u{3000}')
}

/// Mirrors `name_char` in `grammar/formula.pest`.
pub(super) fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || c == '_'
        || c == '〇'
        || matches!(c,
            '\u{4E00}'..='\u{9FFF}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{20000}'..='\u{323AF}')
}

/// Whether `c` can appear anywhere in a formula, to single out stray characters in errors.
fn is_known_char(c: char) -> bool {
    is_name_char(c)
        || is_whitespace(c)
        || ('０'..='９').contains(&c)
        || "+-*/×÷＋－＊／−<>=!≤≥≠≦≧＜＞＝！%％.．&|(),（），".contains(c)
}
