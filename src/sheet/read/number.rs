//! Exact decimals and years from a scalar's text as written.
//!
//! Accepts what a clerk or a program writes for a figure: ASCII or full-width digits, a sign,
//! thousands separators in their proper places (`1,505.60`), and, because YAML and JSON allow
//! it, an exponent (`1.5e3`). Every figure is read as a `Decimal` from its text, never through
//! `f64`. Units, percent signs and Chinese numerals are not figures here: a sheet's figures
//! are plain numbers, and the value grammar reads cell texts.

use rust_decimal::Decimal;

use crate::lang::Text;
use crate::value::number;

/// Why a scalar is not an exact decimal.
#[derive(Debug, Clone, PartialEq)]
pub(in crate::sheet) enum NumberError {
    /// Not written as a number at all (`五十`, `yes`, `10分`).
    NotNumber,
    /// Thousands separators out of place (`1,5`, `15,00.5`): probably a decimal comma.
    Grouping,
    /// A number, but beyond what `Decimal` holds exactly; the text names it.
    TooLarge(Text),
}

impl NumberError {
    /// What is wrong with `text` as the figure a person calls `what_zh` (`分值`) or `what_en`,
    /// and how to write it: the message and the help line.
    pub(in crate::sheet) fn explain(
        self,
        what_zh: &str,
        what_en: &str,
        text: &str,
    ) -> (Text, Text) {
        match self {
            Self::NotNumber => (
                Text::new(
                    format!("{what_zh}应为数字，如 10；这里是“{text}”"),
                    format!("{what_en} should be a number such as 10, found \"{text}\""),
                ),
                Text::new(
                    "用阿拉伯数字填写，不带单位或汉字，如 10、1505.6 或 \"1,505.60\"",
                    "write digits without units or words: 10, 1505.6 or \"1,505.60\"",
                ),
            ),
            Self::Grouping => (
                Text::new(
                    format!("{what_zh}“{text}”中的逗号位置不对"),
                    format!("misplaced comma in {what_en} \"{text}\""),
                ),
                Text::new(
                    "逗号只作千分位（每三位一个，如 1,505.60）；小数点请用“.”",
                    "commas only separate thousands (1,505.60); use `.` as the decimal point",
                ),
            ),
            Self::TooLarge(message) => (
                message,
                Text::new(
                    "请检查是否多写了数字，或把金额换算到预算单位（万元）",
                    "check for extra digits, or state the amount in the budget's unit (万元)",
                ),
            ),
        }
    }
}

/// The decimal `text` denotes, or `None` when it is blank.
pub(in crate::sheet) fn decimal(text: &str) -> Result<Option<Decimal>, NumberError> {
    let folded = crate::text::fold(text);
    let trimmed = folded.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    let (negative, unsigned) = match trimmed.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, trimmed.strip_prefix('+').unwrap_or(trimmed)),
    };
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (unsigned, None),
    };
    if !is_mantissa(mantissa) {
        return Err(NumberError::NotNumber);
    }
    if mantissa.contains(',') && !grouped_correctly(mantissa) {
        return Err(NumberError::Grouping);
    }
    let too_large = || NumberError::TooLarge(number::too_large(trimmed));
    let value = number::arabic(mantissa, negative).map_err(|_| too_large())?;
    match exponent {
        None => Ok(Some(value)),
        Some(exp) => {
            let (exp_negative, digits) = match exp.strip_prefix('-') {
                Some(rest) => (true, rest),
                None => (false, exp.strip_prefix('+').unwrap_or(exp)),
            };
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(NumberError::NotNumber);
            }
            let exp: u32 = digits.parse().map_err(|_| too_large())?;
            scale(value, exp, exp_negative)
                .filter(|v| v.abs() <= crate::limits::MAX_FIGURE)
                .map(Some)
                .ok_or_else(too_large)
        }
    }
}

/// `value × 10^±exp`, exactly, or `None` when that does not fit.
fn scale(mut value: Decimal, exp: u32, negative: bool) -> Option<Decimal> {
    if value.is_zero() {
        return Some(Decimal::ZERO);
    }
    let current = value.scale();
    if negative {
        value.set_scale(current.checked_add(exp)?).ok()?;
    } else if exp <= current {
        value.set_scale(current - exp).ok()?;
    } else {
        value.set_scale(0).ok()?;
        // A Decimal holds at most 29 digits, so more than 29 multiplications must overflow.
        for _ in 0..(exp - current).min(30) {
            value = value.checked_mul(Decimal::TEN)?;
        }
    }
    Some(value)
}

/// Digits with at most one point and any commas, and at least one digit.
fn is_mantissa(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_digit())
        && s.bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
        && s.bytes().filter(|&b| b == b'.').count() <= 1
}

/// Commas only between groups of three digits before the point: `1,505.60`, `12,000`.
fn grouped_correctly(mantissa: &str) -> bool {
    let integer = mantissa.split('.').next().unwrap_or_default();
    let mut groups = integer.split(',');
    let first_ok = groups
        .next()
        .is_some_and(|g| (1..=3).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()));
    first_ok
        && groups.all(|g| g.len() == 3)
        && !mantissa
            .split_once('.')
            .is_some_and(|(_, frac)| frac.contains(','))
}

/// A year from its text: ASCII or full-width digits only.
pub(in crate::sheet) fn year(text: &str) -> Option<i32> {
    let folded = crate::text::fold(text);
    let digits = folded.trim();
    if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|y| (1900..=2100).contains(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<Decimal> {
        Some(Decimal::from_str_exact(s).unwrap())
    }

    #[test]
    fn figures_are_exact() {
        assert_eq!(decimal("14988.39"), Ok(d("14988.39")));
        assert_eq!(decimal("1,505.60"), Ok(d("1505.60")));
        assert_eq!(decimal("１，５０５．６０"), Ok(d("1505.60")));
        assert_eq!(decimal(" -0.11 "), Ok(d("-0.11")));
        assert_eq!(decimal("+12,000"), Ok(d("12000")));
        assert_eq!(decimal(".5"), Ok(d("0.5")));
        assert_eq!(decimal("1.5e3"), Ok(d("1500")));
        assert_eq!(decimal("15E-3"), Ok(d("0.015")));
        assert_eq!(decimal("0e99"), Ok(d("0")));
        assert_eq!(decimal(""), Ok(None));
        assert_eq!(decimal("  "), Ok(None));
    }

    #[test]
    fn not_numbers() {
        for text in [
            "五十", "yes", "10分", "1.2.3", ".", "e5", "1e", "1e+", "0x1F", ".inf",
        ] {
            assert_eq!(decimal(text), Err(NumberError::NotNumber), "{text}");
        }
        for text in ["1,5", "15,00.5", ",100", "1,0000", "1.000,5"] {
            assert_eq!(decimal(text), Err(NumberError::Grouping), "{text}");
        }
    }

    #[test]
    fn too_large_names_the_number() {
        for text in [
            "9e99",
            "1e999999999999",
            "1234567890123456789012345678901234567890",
            "0.12345678901234567890123456789012",
            "1e-40",
        ] {
            match decimal(text) {
                Err(NumberError::TooLarge(message)) => {
                    assert!(message.zh.contains(text), "{}", message.zh);
                }
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn years() {
        assert_eq!(year("2022"), Some(2022));
        assert_eq!(year("２０２２"), Some(2022));
        assert_eq!(year("二〇二二"), None);
        assert_eq!(year("1899"), None);
        assert_eq!(year("2022.0"), None);
        assert_eq!(year("-2022"), None);
    }
}
