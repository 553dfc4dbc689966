//! From the pest parse tree of a cell to a [`Value`]: numbers, units, dates, and the line
//! between a malformed number (an error) and prose (qualitative).

use pest::Parser;
use pest::iterators::Pair;
use rust_decimal::Decimal;

use super::number;
use super::units::UnitTable;
use super::{Date, Op, Precision, Quantity, Span, Subject, Value, ValueError};
use crate::lang::Text;
use crate::text;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/target.pest"]
struct TargetParser;

/// Read one cell text with the standard unit table.
pub fn parse(text: &str) -> Value {
    parse_with(text, None, None, UnitTable::standard())
}

/// Read one cell text. `op` and `unit` come from separate 指标性质 and 度量单位 columns (the
/// Sichuan form) and apply when the text itself has no comparator or unit.
pub fn parse_with(text: &str, op: Option<Op>, unit: Option<&str>, table: &UnitTable) -> Value {
    qualify(parse_text(text, table), text, op, unit, table)
}

/// Apply the 指标性质 and 度量单位 columns to `value`, read from `text` by [`parse_text`]: the
/// second half of [`parse_with`], for a caller that keeps texts already read.
pub fn qualify(
    value: Value,
    text: &str,
    op: Option<Op>,
    unit: Option<&str>,
    table: &UnitTable,
) -> Value {
    let Some(unit_text) = unit.map(str::trim).filter(|u| !u.is_empty()) else {
        return apply_op(value, op);
    };
    let Some(column_unit) = column_unit(unit_text, table) else {
        return Value::Error(ValueError {
            message: Text::new(
                format!("度量单位「{unit_text}」无法识别"),
                format!("the unit column \"{unit_text}\" is not a known unit"),
            ),
            help: unit_help(),
            span: 0..text.len(),
        });
    };
    let value = match value {
        Value::Quantity {
            subject,
            mut quantity,
        } => {
            quantity.unit.get_or_insert(column_unit);
            Value::Quantity { subject, quantity }
        }
        Value::Comparison {
            subject,
            op,
            mut quantity,
        } => {
            quantity.unit.get_or_insert(column_unit);
            Value::Comparison {
                subject,
                op,
                quantity,
            }
        }
        Value::Range {
            mut low,
            mut high,
            low_inclusive,
            high_inclusive,
        } => {
            low.unit.get_or_insert_with(|| column_unit.clone());
            high.unit.get_or_insert(column_unit);
            Value::Range {
                low,
                high,
                low_inclusive,
                high_inclusive,
            }
        }
        other => other,
    };
    apply_op(value, op)
}

/// Whether a 度量单位 cell names a unit `table` knows (blank names none, and is fine).
pub fn unit_cell_known(written: &str, table: &UnitTable) -> bool {
    written.trim().is_empty() || column_unit(written.trim(), table).is_some()
}

/// A 度量单位 cell's unit: as written, or without the gloss a system prints after it
/// (`%(百分比)`, `人(个)`).
fn column_unit(written: &str, table: &UnitTable) -> Option<std::sync::Arc<super::Unit>> {
    let folded = text::fold(written);
    table.lookup(&folded).or_else(|| {
        let bare = folded.trim_end_matches(')');
        let open = bare.rfind('(')?;
        (bare.len() < folded.len()).then(|| table.lookup(bare[..open].trim()))?
    })
}

fn apply_op(value: Value, op: Option<Op>) -> Value {
    match (value, op) {
        (Value::Quantity { subject, quantity }, Some(op)) => Value::Comparison {
            subject,
            op,
            quantity,
        },
        (value, _) => value,
    }
}

/// Read a comparator written on its own, as in a 指标性质 column: `≥`, `＞＝`, `不低于`, `以上`.
pub fn parse_op(text: &str) -> Option<Op> {
    let trimmed = text.trim_matches(|c: char| c.is_whitespace());
    for rule in [Rule::op_prefix, Rule::op_suffix] {
        if let Ok(mut pairs) = TargetParser::parse(rule, trimmed)
            && let Some(pair) = pairs.next()
            && pair.as_str().len() == trimmed.len()
        {
            return op_of(pair);
        }
    }
    None
}

/// What a 指标性质 cell says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpCell {
    /// A comparator (`≥`, `＞＝`, `﹦`, `不低于`) or a direction (正向 is ≥, 反向 is ≤).
    Stated(Op),
    /// Blank, or a kind that states no comparator (定量, 定性).
    Silent,
    /// Anything else: the target cannot be read.
    Unknown,
}

/// Read a 指标性质 cell.
pub fn op_cell(text: &str) -> OpCell {
    let folded = text::normalize(text);
    let word = folded.trim_end_matches("指标");
    if word.is_empty() || matches!(word, "定量" | "定性" | "/" | "-" | "—") {
        return OpCell::Silent;
    }
    match word {
        "正向" | "正" => OpCell::Stated(Op::Ge),
        "反向" | "逆向" | "负向" | "反" => OpCell::Stated(Op::Le),
        _ => parse_op(&folded).map_or(OpCell::Unknown, OpCell::Stated),
    }
}

/// Whether `text` holds a character that a comparator (`≥`, 不低于, 以上 …) can start with.
/// Without one, the comparison alternatives cannot match and `plain_cell` is enough.
fn may_compare(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(
            c,
            '<' | '='
                | '>'
                | '≤'
                | '≥'
                | '≦'
                | '≧'
                | '⩽'
                | '⩾'
                | '＜'
                | '＝'
                | '＞'
                | '﹤'
                | '﹦'
                | '﹥'
                | '═'
                | '不'
                | '大'
                | '小'
                | '至'
                | '达'
                | '控'
                | '高'
                | '多'
                | '超'
                | '低'
                | '少'
                | '等'
                | '以'
                | '及'
                | '之'
                | '内'
        )
    })
}

/// Whether `text` holds a digit or a Chinese numeral: without one, no number, date or range
/// can match, and most prose (有效促进, 明显提升) is settled without trying them.
fn may_count(text: &str) -> bool {
    text.chars().any(|c| {
        c.is_ascii_digit()
            || ('０'..='９').contains(&c)
            || matches!(
                c,
                '零' | '〇'
                    | '一'
                    | '二'
                    | '两'
                    | '三'
                    | '四'
                    | '五'
                    | '六'
                    | '七'
                    | '八'
                    | '九'
                    | '十'
                    | '百'
                    | '千'
            )
    })
}

/// Whether the whole text is a placeholder (blank, `/`, `无`, `指标1` …). The grammar's
/// placeholders are at most three characters, or 指标 and a number; any other text (the name of
/// every real indicator) is refused before the parser, whose refusal costs an error message.
pub fn is_placeholder(text: &str) -> bool {
    let text = text.trim();
    text.is_empty()
        || ((text.chars().nth(3).is_none() || text.starts_with("指标"))
            && text.starts_with(PLACEHOLDER_STARTS)
            && TargetParser::parse(Rule::placeholder_cell, text).is_ok())
}

/// A name without the template's line number before it: `工程质量合格` for
/// `指标1:工程质量合格`, `/` for `指标1:/`; the name itself when it has none.
pub fn strip_template_number(name: &str) -> &str {
    let Some(rest) = name.trim().strip_prefix("指标") else {
        return name;
    };
    let digits = rest
        .char_indices()
        .find(|(_, c)| !c.is_ascii_digit())
        .map_or(rest.len(), |(i, _)| i);
    if digits == 0 {
        return name;
    }
    match rest[digits..].strip_prefix([':', '：', '.', '、']) {
        Some(after) => after.trim(),
        None => name,
    }
}

/// The first characters of the grammar's placeholders (`placeholder` in grammar/target.pest;
/// `placeholders_by_the_grammar` tries one of each).
const PLACEHOLDER_STARTS: &[char] = &[
    '…', '.', '—', '-', '–', '－', '/', '／', '\\', '*', '＊', '一', '无', '暂', '空', '略', 'N',
    'n', '指',
];

/// Read one cell text by itself, without the 指标性质 and 度量单位 columns.
pub fn parse_text(text: &str, table: &UnitTable) -> Value {
    if let Some(value) = plain(text, table) {
        return value;
    }
    by_grammar(text, table)
}

/// The units a [`plain`] cell may end in: a time unit may start a date (`2022年`), which the
/// grammar tries first.
fn plain_unit(unit: &super::Unit) -> bool {
    unit.dimension != super::Dimension::Time
}

/// The commonest cells, `≥90%`, `100%`, `15000元`, read without the grammar: an optional
/// ASCII or `≥`/`≤` comparator, a plain decimal (digits, at most one point, no leading zero,
/// at most 15 digits) and nothing or a unit of the table. Anything else, and anything this is
/// unsure of, is left to the grammar (`None`); a property test holds the two to the same value
/// wherever this answers.
fn plain(text: &str, table: &UnitTable) -> Option<Value> {
    let (op, start) = match text.as_bytes().first()? {
        b'0'..=b'9' => (None, 0),
        b'>' => (Some(Op::Gt), 1),
        b'<' => (Some(Op::Lt), 1),
        b'=' => (Some(Op::Eq), 1),
        _ if text.starts_with('≥') => (Some(Op::Ge), '≥'.len_utf8()),
        _ if text.starts_with('≤') => (Some(Op::Le), '≤'.len_utf8()),
        _ => return None,
    };
    let rest = &text[start..];
    let end = rest
        .bytes()
        .position(|b| !(b.is_ascii_digit() || b == b'.'))
        .unwrap_or(rest.len());
    let number = &rest[..end];
    let (whole, fraction) = match number.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (number, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole)
        || fraction.is_some_and(|f| !digits(f))
        || (whole.len() > 1 && whole.starts_with('0'))
        || whole.len() + fraction.map_or(0, str::len) > 15
    {
        return None;
    }
    let unit = match &rest[end..] {
        "" => None,
        written => Some(table.lookup(written).filter(|u| plain_unit(u))?),
    };
    let quantity = Quantity {
        value: number.parse().ok()?,
        unit,
        span: start..text.len(),
    };
    Some(match op {
        Some(op) => Value::Comparison {
            subject: None,
            op,
            quantity,
        },
        None => Value::Quantity {
            subject: None,
            quantity,
        },
    })
}

/// [`parse_text`] by the grammar alone. An unreadable text whose letters scanning may have
/// taken for digits (`1O0%`, `l5个`) says in its help what it would read as.
fn by_grammar(text: &str, table: &UnitTable) -> Value {
    match read_by_grammar(text, table) {
        Value::Error(mut error) => {
            if let Some(reading) = ocr_reading(text, table) {
                error.help = Text::new(
                    format!("疑为扫描识别（OCR）错误，按原表核对；可能应为「{reading}」"),
                    format!(
                        "probably misread by OCR: check the printed form; it may be \"{reading}\""
                    ),
                );
            }
            Value::Error(error)
        }
        value => value,
    }
}

/// Letters that scanning reads for digits.
const OCR_DIGITS: &[(char, char)] = &[('O', '0'), ('o', '0'), ('l', '1'), ('I', '1'), ('|', '1')];

/// `text` with each letter that stands next to a digit (or a decimal point) read as the digit
/// it resembles, when that reading is a number: `1O0%` → `100%`, `l5个` → `15个`.
fn ocr_reading(text: &str, table: &UnitTable) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let numeric = |c: Option<&char>| c.is_some_and(|c| c.is_ascii_digit() || *c == '.');
    let mut changed = false;
    let reading: String = chars
        .iter()
        .enumerate()
        .map(
            |(i, c)| match OCR_DIGITS.iter().find(|(letter, _)| letter == c) {
                Some((_, digit))
                    if numeric(chars.get(i + 1)) || (i > 0 && numeric(chars.get(i - 1))) =>
                {
                    changed = true;
                    *digit
                }
                _ => *c,
            },
        )
        .collect();
    let readable = matches!(
        read_by_grammar(&reading, table),
        Value::Comparison { .. } | Value::Quantity { subject: None, .. } | Value::Range { .. }
    );
    (changed && readable).then_some(reading)
}

/// A scanning letter standing where a digit belongs, before a unit and after no other letter
/// (`第O份` for 第0份): the text is no prose but an unreadable number.
fn ocr_letter_before_unit(text: &str, table: &UnitTable) -> Option<ValueError> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    chars.iter().enumerate().find_map(|(i, &(at, c))| {
        OCR_DIGITS.iter().find(|(letter, _)| *letter == c)?;
        let after_letter = i > 0 && chars[i - 1].1.is_ascii_alphabetic();
        let rest = &text[at + c.len_utf8()..];
        // A class or grade after a letter is a Roman numeral or a name: I类水质, A级.
        let class = rest.starts_with(['类', '级', '型', '期', '种', '号']);
        let unit_follows = !class
            && (1..=rest.chars().count().min(4)).any(|n| {
                let end = rest.char_indices().nth(n).map_or(rest.len(), |(b, _)| b);
                table.lookup(&rest[..end]).is_some()
            });
        (!after_letter && unit_follows).then(|| ValueError {
            message: Text::new(
                format!("「{c}」不是数字：疑为扫描识别（OCR）的残留"),
                format!("\"{c}\" is no digit: probably left by OCR"),
            ),
            help: Text::new(
                "按原表核对并改正这个数字",
                "check the number against the printed form and correct it",
            ),
            span: at..at + c.len_utf8(),
        })
    })
}

fn read_by_grammar(text: &str, table: &UnitTable) -> Value {
    if is_placeholder(text) {
        return Value::Placeholder;
    }
    if !may_count(text) {
        return unparsed(text, table);
    }
    let rule = if may_compare(text) {
        Rule::cell
    } else {
        Rule::plain_cell
    };
    let Ok(mut pairs) = TargetParser::parse(rule, text) else {
        return unparsed(text, table);
    };
    let Some(alternative) = pairs.next().and_then(|cell| cell.into_inner().next()) else {
        return Value::Placeholder;
    };
    match build(alternative, table) {
        Ok(value) => value,
        Err(Failure::Error(error)) => Value::Error(error),
        Err(Failure::Prose) => prose(text, table),
    }
}

/// Text that is no value: qualitative, unless scanning left a letter where a digit belongs.
fn prose(text: &str, table: &UnitTable) -> Value {
    match ocr_letter_before_unit(text, table) {
        Some(error) => Value::Error(error),
        None => Value::Qualitative(text::normalize(text)),
    }
}

/// A text that is no value: a malformed number (an error), or prose. Each rule is tried only
/// when the text has what the rule starts with, as a failed parse costs an error message.
fn unparsed(text: &str, table: &UnitTable) -> Value {
    if may_be_scientific(text) && TargetParser::parse(Rule::scientific, text).is_ok() {
        Value::Error(scientific(text))
    } else if may_look_numeric(text) && TargetParser::parse(Rule::looks_numeric, text).is_ok() {
        Value::Error(malformed(text))
    } else {
        prose(text, table)
    }
}

/// Whether `text` could be `scientific`: it needs an arabic digit and an exponent mark.
fn may_be_scientific(text: &str) -> bool {
    text.contains(['e', 'E'])
        && text
            .chars()
            .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
}

/// Whether `text` could be `looks_numeric`: it starts with a comparator (which
/// [`may_compare`] finds anywhere), a sign or a digit.
fn may_look_numeric(text: &str) -> bool {
    may_compare(text)
        || text
            .trim_start_matches([' ', '\t', '\u{3000}', '\u{a0}', '\r', '\n'])
            .starts_with(|c: char| {
                c.is_ascii_digit()
                    || ('０'..='９').contains(&c)
                    || matches!(c, '-' | '－' | '−' | '+' | '＋')
            })
}

/// Why building failed: a located error, or text that turned out to be prose after all
/// (四类用地全部完成 parses as a number and a unit, but 类用地全部完成 is no unit).
enum Failure {
    Error(ValueError),
    Prose,
}

fn build(pair: Pair<'_, Rule>, table: &UnitTable) -> Result<Value, Failure> {
    match pair.as_rule() {
        Rule::date => build_date(pair),
        Rule::range => build_range(pair, table),

        Rule::comparison => build_comparison(pair, table),
        _ => build_quantity(pair, table),
    }
}

fn build_comparison(pair: Pair<'_, Rule>, table: &UnitTable) -> Result<Value, Failure> {
    let mut subject = None;
    let mut op = None;
    let mut parts = Vec::new();
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::subject => subject = Some(make_subject(&p)),
            // A prefix comparator wins over a redundant suffix (≥90%以上).
            Rule::op_prefix | Rule::op_suffix => {
                op = op.or_else(|| op_of(p));
            }
            _ => parts.push(p),
        }
    }
    let quantity = quantity_of(parts, table, true)?;
    Ok(Value::Comparison {
        subject,
        op: op.unwrap_or(Op::Eq),
        quantity,
    })
}

fn build_quantity(pair: Pair<'_, Rule>, table: &UnitTable) -> Result<Value, Failure> {
    let mut subject = None;
    let mut parts = Vec::new();
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::prefix => subject = Some(make_subject(&p)),
            _ => parts.push(p),
        }
    }
    // An ordinal is no amount: 第一季度 names a quarter.
    if subject.as_ref().is_some_and(|s| s.text.ends_with('第')) {
        return Err(Failure::Prose);
    }
    // Without a comparator, a number followed by unknown Chinese text is prose (4类用地全部完成).
    let quantity = quantity_of(parts, table, false)?;
    // One Latin letter against the number is scanning debris (M.8万元, l5个), never a subject:
    // read as 0.8万元 it would be a wrong figure, so it is unreadable.
    if let Some(s) = &subject
        && s.span.end == quantity.span.start
        && s.text.len() == 1
        && s.text.bytes().all(|b| b.is_ascii_alphabetic())
    {
        return Err(Failure::Error(ValueError {
            message: Text::new(
                format!("「{}」不是数字：疑为扫描识别（OCR）的残留", s.text),
                format!("\"{}\" is no digit: probably left by OCR", s.text),
            ),
            help: Text::new(
                "按原表核对并改正这个数字",
                "check the number against the printed form and correct it",
            ),
            span: s.span.clone(),
        }));
    }
    Ok(Value::Quantity { subject, quantity })
}

fn build_range(pair: Pair<'_, Rule>, table: &UnitTable) -> Result<Value, Failure> {
    let span = span_of(&pair);
    let mut ends = Vec::with_capacity(2);
    for end in pair.into_inner() {
        let mut inclusion = None;
        let mut parts = Vec::new();
        for p in end.into_inner() {
            match p.as_rule() {
                Rule::inclusion => {
                    inclusion = p.into_inner().next().map(|i| i.as_rule() == Rule::included);
                }
                _ => parts.push(p),
            }
        }
        ends.push((quantity_of(parts, table, true)?, inclusion));
    }
    let mut ends = ends.into_iter();
    let (Some((mut low, low_mark)), Some((mut high, high_mark))) = (ends.next(), ends.next())
    else {
        return Err(Failure::Prose);
    };
    // The unit is often written once, on either end: 90-100%.
    match (&low.unit, &high.unit) {
        (None, Some(u)) => low.unit = Some(u.clone()),
        (Some(u), None) => high.unit = Some(u.clone()),
        (Some(a), Some(b)) if !a.convertible(b) => {
            return Err(Failure::Error(ValueError {
                message: Text::new(
                    format!("范围两端的单位不一致：「{}」与「{}」", a.symbol, b.symbol),
                    format!(
                        "the two ends of the range have different units: {} and {}",
                        a.symbol, b.symbol
                    ),
                ),
                help: Text::new(
                    "范围两端使用同一单位，如 90%-100%",
                    "use one unit for both ends, as in 90%-100%",
                ),
                span,
            }));
        }
        _ => {}
    }
    if let (Some(l), Some(h)) = (low.in_base(), high.in_base())
        && l > h
    {
        return Err(Failure::Error(ValueError {
            message: Text::new(
                format!("范围下限 {low} 大于上限 {high}"),
                format!("the range's lower end {low} is above its upper end {high}"),
            ),
            help: Text::new(
                "先写下限，再写上限，如 80%-90%",
                "write the lower end first, as in 80%-90%",
            ),
            span,
        }));
    }
    // Unmarked ends are inclusive, unless the other end is marked: 80%(含)-90% is [80%, 90%).
    let marked = low_mark.is_some() || high_mark.is_some();
    Ok(Value::Range {
        low_inclusive: low_mark.unwrap_or(!marked),
        high_inclusive: high_mark.unwrap_or(!marked),
        low: std::mem::replace(&mut low, placeholder_quantity()),
        high: std::mem::replace(&mut high, placeholder_quantity()),
    })
}

fn placeholder_quantity() -> Quantity {
    Quantity {
        value: Decimal::ZERO,
        unit: None,
        span: 0..0,
    }
}

/// Build a quantity from its `number` and optional `unit` pairs. An unknown unit is an error
/// when the text committed to being a number (`strict`, or the unit holds symbols as in
/// `9O%`); otherwise the cell is prose.
fn quantity_of(
    parts: Vec<Pair<'_, Rule>>,
    table: &UnitTable,
    strict: bool,
) -> Result<Quantity, Failure> {
    let mut value = None;
    let mut unit = None;
    let mut start = usize::MAX;
    let mut end = 0;
    for p in parts {
        let span = span_of(&p);
        start = start.min(span.start);
        end = end.max(span.end);
        match p.as_rule() {
            Rule::number => value = Some(number_of(p)?),
            Rule::unit => {
                let written = p.as_str();
                match table.lookup(&text::fold(written)) {
                    Some(u) => unit = Some(u),
                    None => {
                        let symbolic = written.chars().any(|c| !is_han(c));
                        let chinese = value.is_some_and(|(_, chinese)| chinese);
                        if !symbolic && (!strict || chinese) {
                            return Err(Failure::Prose);
                        }
                        return Err(Failure::Error(unknown_unit(written, span)));
                    }
                }
            }
            _ => {}
        }
    }
    let Some((value, _)) = value else {
        return Err(Failure::Prose);
    };
    Ok(Quantity {
        value,
        unit,
        span: start..end,
    })
}

/// The number's value and whether it was written in Chinese numerals.
fn number_of(pair: Pair<'_, Rule>) -> Result<(Decimal, bool), Failure> {
    let span = span_of(&pair);
    let mut negative = false;
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::sign => negative = matches!(p.as_str(), "-" | "－" | "−"),
            Rule::arabic => {
                return number::arabic(p.as_str(), negative)
                    .map(|v| (v, false))
                    .map_err(|message| {
                        Failure::Error(ValueError {
                            message,
                            help: Text::new(
                                "核对该数字；金额可换用万元或亿元书写",
                                "check the number; write large amounts in 万元 or 亿元",
                            ),
                            span: span.clone(),
                        })
                    });
            }
            Rule::cn_numeral => {
                return match number::chinese(p.as_str()) {
                    Some(v) if negative => Ok((-v, true)),
                    Some(v) => Ok((v, true)),
                    None => Err(Failure::Prose),
                };
            }
            _ => {}
        }
    }
    Err(Failure::Prose)
}

fn build_date(pair: Pair<'_, Rule>) -> Result<Value, Failure> {
    let span = span_of(&pair);
    let mut deadline = false;
    let mut parsed = None;
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::deadline => deadline = true,
            Rule::date_prefix => {}
            rule => {
                let precision = match rule {
                    Rule::ymd_cn | Rule::ymd_sep | Rule::md_cn => Precision::Day,
                    Rule::ym_cn | Rule::month_end | Rule::m_cn => Precision::Month,
                    _ => Precision::Year,
                };
                deadline |= matches!(rule, Rule::year_end | Rule::month_end)
                    || (rule == Rule::m_cn && p.as_str().contains(['底', '末']));
                parsed = Some((date_parts(p)?, precision));
            }
        }
    }
    let Some((date, precision)) = parsed else {
        return Err(Failure::Prose);
    };
    Ok(Value::Date {
        date,
        precision,
        deadline,
        span,
    })
}

/// Year, month and day of a date core, the last day of the period when one is missing.
fn date_parts(pair: Pair<'_, Rule>) -> Result<Date, Failure> {
    let mut year = None;
    let mut month = None;
    let mut day = None;
    for p in pair.into_inner() {
        let n: u32 = text::fold(p.as_str()).parse().unwrap_or(0);
        let slot = match p.as_rule() {
            Rule::year => &mut year,
            Rule::month => &mut month,
            Rule::day => &mut day,
            _ => continue,
        };
        *slot = Some((n, span_of(&p)));
    }
    // A date written without its year (9月30日) keeps year 0: the sheet's year is understood.
    let year = year.map_or(0, |(y, _)| y as i32);
    let month_value = match &month {
        Some((m, span)) if !(1..=12).contains(m) => {
            return Err(bad_date(
                Text::new(format!("月份 {m} 不存在"), format!("there is no month {m}")),
                span.clone(),
            ));
        }
        Some((m, _)) => *m,
        None => 12,
    };
    let last = days_in_month(year, month_value);
    let day_value = match &day {
        Some((d, span)) if *d == 0 || *d > last => {
            return Err(bad_date(
                Text::new(
                    format!("{year}年{month_value}月没有 {d} 日"),
                    format!("{year}-{month_value:02} has no day {d}"),
                ),
                span.clone(),
            ));
        }
        Some((d, _)) => *d,
        None => last,
    };
    Ok(Date {
        year,
        month: month_value,
        day: day_value,
    })
}

fn bad_date(message: Text, span: Span) -> Failure {
    Failure::Error(ValueError {
        message,
        help: Text::new(
            "核对日期，如 2022年6月30日",
            "check the date, as in 2022年6月30日",
        ),
        span,
    })
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn op_of(pair: Pair<'_, Rule>) -> Option<Op> {
    let written = pair.as_str();
    let folded = text::fold(written);
    Some(match folded.as_str() {
        ">=" | "≥" | "≧" | "⩾" | "不低于" | "不少于" | "不小于" | "大于等于" | "大于或等于"
        | "至少" | "达到" | "不得低于" | "不得少于" | "及以上" | "以上" => Op::Ge,
        "<=" | "≤" | "≦" | "⩽" | "不高于" | "不超过" | "不多于" | "不大于" | "小于等于"
        | "小于或等于" | "不得高于" | "不得超过" | "控制在" | "及以下" | "以下" | "以内"
        | "之内" | "内" => Op::Le,
        ">" | "﹥" | "大于" | "高于" | "多于" | "超过" => Op::Gt,
        "<" | "﹤" | "小于" | "低于" | "少于" => Op::Lt,
        "=" | "==" | "﹦" | "═" | "等于" => Op::Eq,
        _ => {
            // op_prefix and op_suffix wrap exactly one of the spellings above.
            return pair.into_inner().next().and_then(op_of);
        }
    })
}

fn make_subject(pair: &Pair<'_, Rule>) -> Subject {
    Subject {
        text: text::normalize(pair.as_str()),
        span: span_of(pair),
    }
}

fn span_of(pair: &Pair<'_, Rule>) -> Span {
    let s = pair.as_span();
    s.start()..s.end()
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

fn unknown_unit(written: &str, span: Span) -> ValueError {
    ValueError {
        message: Text::new(
            format!("无法识别的单位「{written}」"),
            format!("\"{written}\" is not a known unit"),
        ),
        help: unit_help(),
        span,
    }
}

fn unit_help() -> Text {
    Text::new(
        "单位应为 %、元、万元、亩、个、次、人 等；若为 OCR 误识（字母 O 当作 0），请改正数字",
        "use a unit such as %, 元, 万元, 亩, 个, 次, 人; if OCR misread a digit (letter O for 0), correct it",
    )
}

/// Scientific notation (9e99) is never a clerk's figure: spreadsheets export huge numbers so.
fn scientific(text: &str) -> ValueError {
    let trimmed = text.trim();
    let start = text.len() - text.trim_start().len();
    ValueError {
        message: Text::new(
            format!("「{trimmed}」是科学计数法，无法精确读取"),
            format!("\"{trimmed}\" is in scientific notation and cannot be read exactly"),
        ),
        help: Text::new(
            "写出完整数字（如 0.00012 或 120000），或换用更大的单位（万元、亿元）",
            "write the number in full (0.00012 or 120000), or use a larger unit (万元, 亿元)",
        ),
        span: start..start + trimmed.len(),
    }
}

/// Locate the error in a text that starts like a number but does not parse.
fn malformed(text: &str) -> ValueError {
    let at = match TargetParser::parse(Rule::strict, text) {
        Err(e) => match e.location {
            pest::error::InputLocation::Pos(p) => p,
            pest::error::InputLocation::Span((s, _)) => s,
        },
        Ok(_) => 0,
    };
    let at = text::floor_char_boundary(text, at);
    match text[at..].chars().next() {
        None => ValueError {
            message: Text::new(
                "数值不完整：缺少数字",
                "incomplete value: a number is missing",
            ),
            help: Text::new(
                "写出完整的指标值，如 ≥90%",
                "write the whole value, as in ≥90%",
            ),
            span: at..at,
        },
        Some(c) => ValueError {
            message: Text::new(
                format!("无法识别「{c}」：此处应为数字、单位或比较符"),
                format!("unexpected \"{c}\": a number, unit or comparator was expected here"),
            ),
            help: Text::new(
                "按「比较符 + 数字 + 单位」书写，如 ≥90%、≥500亩；若为 OCR 误识（字母 O 当作 0），请改正",
                "write comparator, number and unit, as in ≥90% or ≥500亩; if OCR misread a digit (letter O for 0), correct it",
            ),
            span: at..at + c.len_utf8(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_by_the_grammar() {
        for text in [
            "",
            "　",
            "/",
            " 无 ",
            "N/A",
            "n/a",
            "NA",
            "暂无",
            "……",
            "…",
            "...",
            "——",
            "—",
            "--",
            "–",
            "-",
            "－",
            "／",
            "\\",
            "*",
            "＊",
            "一",
            "空",
            "略",
            "指标1",
            "指标12",
            "指标十二",
        ] {
            assert!(is_placeholder(text), "{text:?}");
        }
        for text in ["资金到位率", "无效指标", "指标", "指标1项", "1", "////"] {
            assert!(!is_placeholder(text), "{text:?}");
        }
    }

    #[test]
    fn op_cells() {
        for (text, cell) in [
            ("≥", OpCell::Stated(Op::Ge)),
            ("﹦", OpCell::Stated(Op::Eq)),
            ("═", OpCell::Stated(Op::Eq)),
            ("﹥", OpCell::Stated(Op::Gt)),
            ("正向指标", OpCell::Stated(Op::Ge)),
            ("反向", OpCell::Stated(Op::Le)),
            ("定性", OpCell::Silent),
            ("", OpCell::Silent),
            ("XYZ", OpCell::Unknown),
            ("大约", OpCell::Unknown),
        ] {
            assert_eq!(op_cell(text), cell, "{text}");
        }
    }

    #[test]
    fn ops_on_their_own() {
        assert_eq!(parse_op("≥"), Some(Op::Ge));
        assert_eq!(parse_op(" ＞＝ "), Some(Op::Ge));
        assert_eq!(parse_op("不超过"), Some(Op::Le));
        assert_eq!(parse_op("以上"), Some(Op::Ge));
        assert_eq!(parse_op("＜"), Some(Op::Lt));
        assert_eq!(parse_op("定性"), None);
        assert_eq!(parse_op("≥≥"), None);
    }

    #[test]
    fn dates_keep_precision() {
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(2100, 2), 28);
        assert_eq!(days_in_month(2000, 2), 29);
    }

    #[test]
    fn plain_cells_read_as_the_grammar_reads_them() {
        let table = UnitTable::standard();
        let mut units: Vec<&str> = table.spellings().collect();
        units.sort_unstable();
        units.extend(["", "％", "个", "亿", "元/人", "%以上", "年底", "x", " "]);
        let ops = ["", "≥", "≤", ">", "<", "=", "＞", "≥ ", "-", "+", "约"];
        let numbers = [
            "0",
            "7",
            "90",
            "100",
            "0.00",
            "0.5",
            "12.50",
            "15000",
            "007",
            "1.",
            ".5",
            "1.2.3",
            "2022",
            "99999999999999999",
            "123456789012345",
            "0.000000001",
        ];
        let mut plain_read = 0;
        for op in ops {
            for number in numbers {
                for unit in &units {
                    let text = format!("{op}{number}{unit}");
                    if let Some(value) = plain(&text, table) {
                        plain_read += 1;
                        assert_eq!(value, by_grammar(&text, table), "{text}");
                    }
                }
            }
        }
        // Most shapes are read without the grammar: the test compares, it is not vacuous.
        assert!(plain_read > 5_000, "{plain_read}");
        for text in ["2022年", "4季度", "≥5天", "-9.00%", "1.5", "１００%"] {
            assert_eq!(plain(text, table).is_some(), text == "1.5", "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_plain_cell_reads_as_the_grammar_reads_it(
            op in "(|≥|≤|>|<|=)",
            number in "[0-9]{1,17}(\\.[0-9]{0,12})?",
            unit in "(|%|元|万元|亩|次|件|个|人|公里|km|吨|天|年|月|批次|户|項|[a-z%]{1,2})",
        ) {
            let table = UnitTable::standard();
            let text = format!("{op}{number}{unit}");
            if let Some(value) = plain(&text, table) {
                proptest::prop_assert_eq!(value, by_grammar(&text, table), "{}", text);
            }
        }
    }
}
