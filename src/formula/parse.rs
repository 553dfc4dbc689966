//! From source text to [`Expr`], with errors worded for the person who wrote the formula.

use std::sync::Arc;

use pest::Parser;
use pest::error::{ErrorVariant, InputLocation};
use pest::iterators::Pair;
use rust_decimal::Decimal;

use super::ast::{ArithOp, CmpOp, Expr, Func, LogicOp};
use super::{FormulaError, HostFunction, MAX_DEPTH, Span, keyword_hint};
use crate::lang::Text;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/formula.pest"]
struct FormulaParser;

/// Each opening quote with its closing partner. Mirrors `text` in `grammar/formula.pest`.
const QUOTES: &[(char, char)] = &[
    ('"', '"'),
    ('“', '”'),
    ('\'', '\''),
    ('‘', '’'),
    ('「', '」'),
];

pub(super) fn parse(source: &str, host: &[HostFunction]) -> Result<Expr, FormulaError> {
    scan(source)?;
    let mut pairs = FormulaParser::parse(Rule::formula, source)
        .map_err(|error| syntax_error(source, &error))?;
    // `formula = SOI ~ or_expr ~ EOI` succeeded, so its first inner pair is the expression.
    let formula = pairs.next().expect("a successful parse yields `formula`");
    let expr = formula
        .into_inner()
        .next()
        .expect("`formula` holds an `or_expr`");
    Builder {
        host,
        aggregate: None,
    }
    .build(expr)
}

/// Checks what pest would report badly, in source order: texts left open, which pest would
/// report past the text if at all, and nesting too deep for the recursive parser, tree
/// builder and evaluator. Quotes and brackets have no other use in this language, so a quote
/// outside a text always opens one, and a bracket outside a text is always a bracket.
fn scan(source: &str) -> Result<(), FormulaError> {
    let mut depth = 0usize;
    let mut at = 0;
    while let Some(c) = source[at..].chars().next() {
        let span = at..at + c.len_utf8();
        at = span.end;
        if let Some(&(open, close)) = QUOTES.iter().find(|&&(open, _)| open == c) {
            let Some(length) = source[at..].find(close) else {
                return Err(FormulaError {
                    message: Text::new(
                        format!("文字缺少结尾的引号：这里的 {open} 没有配对的 {close}"),
                        format!("unterminated text: the opening {open} has no closing {close}"),
                    ),
                    help: Text::new(
                        format!("请在文字末尾补上 {close}，例如 {open}满意度指标{close}"),
                        format!("close the text with {close}, as in {open}满意度指标{close}"),
                    ),
                    span,
                });
            };
            at += length + close.len_utf8();
            continue;
        }
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
                        span,
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

/// What a call's name refers to; built-in functions win over the host's of the same name.
#[derive(Clone, Copy)]
enum Callee<'h> {
    Builtin(Func),
    Host(&'h HostFunction),
}

/// Builds the tree from pest's pairs, checking what the grammar leaves open: function names,
/// argument counts, comparison chains, literals and aggregates inside aggregates.
struct Builder<'h, 'i> {
    host: &'h [HostFunction],
    /// The aggregate whose argument is being built, as written, to refuse another inside it.
    aggregate: Option<&'i str>,
}

impl<'i> Builder<'_, 'i> {
    fn build(&mut self, pair: Pair<'i, Rule>) -> Result<Expr, FormulaError> {
        let pair = innermost(pair);
        match pair.as_rule() {
            Rule::or_expr => self.build_logic(pair, LogicOp::Or),
            Rule::and_expr => self.build_logic(pair, LogicOp::And),
            Rule::not_expr | Rule::unary => self.build_prefixed(pair),
            Rule::comparison => self.build_comparison(pair),
            Rule::sum | Rule::product => self.build_arith(pair),
            Rule::number => build_number(pair),
            Rule::text => Ok(build_text(&pair)),
            Rule::true_kw => Ok(Expr::Bool(true, span_of(&pair))),
            Rule::false_kw => Ok(Expr::Bool(false, span_of(&pair))),
            Rule::name => Ok(Expr::Name(pair.as_str().to_owned(), span_of(&pair))),
            Rule::group => {
                let span = span_of(&pair);
                let inner = operands(pair).next().expect("`group` holds an `or_expr`");
                Ok(Expr::Group(Box::new(self.build(inner)?), span))
            }
            Rule::call => self.build_call(pair),
            rule => unreachable!("the grammar has no expression rule {rule:?}"),
        }
    }

    fn build_logic(&mut self, pair: Pair<'i, Rule>, op: LogicOp) -> Result<Expr, FormulaError> {
        let span = span_of(&pair);
        let mut built = Vec::new();
        for operand in operands(pair) {
            built.push(self.build(operand)?);
        }
        Ok(Expr::Logic {
            op,
            operands: built,
            span,
        })
    }

    /// `not_expr` and `unary` with at least one prefix operator, the operand last.
    fn build_prefixed(&mut self, pair: Pair<'i, Rule>) -> Result<Expr, FormulaError> {
        let span = span_of(&pair);
        let is_not = pair.as_rule() == Rule::not_expr;
        let mut inner: Vec<Pair<'_, Rule>> = pair.into_inner().collect();
        let operand = Box::new(
            self.build(
                inner
                    .pop()
                    .expect("a prefixed expression ends with its operand"),
            )?,
        );
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

    fn build_comparison(&mut self, pair: Pair<'i, Rule>) -> Result<Expr, FormulaError> {
        let span = span_of(&pair);
        let mut inner = pair.into_inner();
        let lhs = self.build(inner.next().expect("a comparison starts with a `sum`"))?;
        let op = inner
            .next()
            .expect("a comparison with more than one child has an operator");
        let rhs = self.build(
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

    fn build_arith(&mut self, pair: Pair<'i, Rule>) -> Result<Expr, FormulaError> {
        let span = span_of(&pair);
        let mut inner = pair.into_inner();
        let first = self.build(
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
            let operand =
                self.build(inner.next().expect("an operator is followed by an operand"))?;
            rest.push((op, operand));
        }
        Ok(Expr::Arith {
            first: Box::new(first),
            rest,
            span,
        })
    }

    fn build_call(&mut self, pair: Pair<'i, Rule>) -> Result<Expr, FormulaError> {
        let span = span_of(&pair);
        let mut inner = pair.into_inner();
        let name = inner.next().expect("a call starts with the function name");
        let written = name.as_str();
        let name_span = span_of(&name);
        let callee = match Func::lookup(written) {
            Some(func) => Callee::Builtin(func),
            None => match self.host.iter().find(|h| {
                std::iter::once(h.name)
                    .chain(h.aliases.iter().copied())
                    .any(|spelling| spelling.eq_ignore_ascii_case(written))
            }) {
                Some(host) => Callee::Host(host),
                None => return Err(unknown_function(written, name_span, self.host)),
            },
        };
        let (least, most) = match callee {
            Callee::Builtin(func) => func.arity(),
            Callee::Host(host) => (host.min_args, host.max_args),
        };
        let args: Vec<Pair<'i, Rule>> = inner.filter(|p| p.as_rule() == Rule::or_expr).collect();
        if !(least..=most).contains(&args.len()) {
            let (zh, en) = match (least, most) {
                (n, usize::MAX) => (format!("至少 {n} 个"), format!("at least {n}")),
                (n, m) if n == m => (format!(" {n} 个"), format!("{n}")),
                (n, m) => (format!(" {n} 到 {m} 个"), format!("{n} to {m}")),
            };
            let got = args.len();
            return Err(FormulaError {
                message: Text::new(
                    format!("函数“{written}”需要{zh}参数，这里给了 {got} 个"),
                    format!("function '{written}' takes {en} arguments, {got} given"),
                ),
                help: match callee {
                    Callee::Builtin(func) => func.usage(),
                    Callee::Host(_) => Text::new(
                        format!("请检查“{written}(…)”括号里的参数，参数之间用逗号分隔"),
                        format!("check the arguments in '{written}(…)', separated by commas"),
                    ),
                },
                span,
            });
        }
        let outer = self.aggregate;
        if let Callee::Builtin(Func::Aggregate(_)) = callee {
            if let Some(outer) = outer {
                return Err(FormulaError {
                    message: Text::new(
                        format!("汇总函数“{outer}”里不能再用汇总函数“{written}”"),
                        format!(
                            "the aggregate '{outer}' cannot contain another aggregate, '{written}'"
                        ),
                    ),
                    help: Text::new(
                        "汇总函数逐行计算括号里的内容，每一行里没有可再汇总的行；请把两个汇总分开写，例如“count(…) >= 1 且 sum(…) > 0”",
                        "an aggregate evaluates its argument in each row, where there are no rows to aggregate again; write the two aggregates side by side, e.g. 'count(…) >= 1 and sum(…) > 0'",
                    ),
                    span,
                });
            }
            self.aggregate = Some(written);
        }
        // On an error the whole parse fails and the builder goes with it, so `aggregate` needs
        // restoring only on success.
        let mut built = Vec::with_capacity(args.len());
        for arg in args {
            built.push(self.build(arg)?);
        }
        self.aggregate = outer;
        Ok(match callee {
            Callee::Builtin(func) => Expr::Call {
                func,
                args: built,
                span,
            },
            Callee::Host(host) => Expr::HostCall {
                name: host.name,
                name_span,
                args: built,
                span,
            },
        })
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

/// A text literal without its quotes, trimmed as every text is.
fn build_text(pair: &Pair<'_, Rule>) -> Expr {
    let mut body = pair.as_str().chars();
    body.next();
    body.next_back();
    Expr::Text(Arc::from(body.as_str().trim()), span_of(pair))
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

fn unknown_function(name: &str, span: Span, host: &[HostFunction]) -> FormulaError {
    let help = match Func::suggest(name, host) {
        Some(suggestion) => Text::new(
            format!("是不是想写“{suggestion}”？"),
            format!("did you mean '{suggestion}'?"),
        ),
        None => {
            let catalogue = Func::catalogue(host);
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
            // Prefixes, 是/否, texts and `%` are optional extras at a position that always
            // also admits something more telling; listing them would only lengthen the message.
            Rule::percent
            | Rule::text
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
        || QUOTES.iter().any(|&(open, close)| c == open || c == close)
}
