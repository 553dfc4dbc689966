//! Numbers as clerks write them: ASCII or full-width digits, thousands separators, signs,
//! and small Chinese numerals (两次, 四个季度, 五百亩). Always exact decimals.

use rust_decimal::Decimal;

use crate::lang::Text;

/// Read an Arabic number token (digits, point, thousands separators; full-width allowed).
pub fn arabic(token: &str, negative: bool) -> Result<Decimal, Text> {
    let mut ascii = String::with_capacity(token.len() + 1);
    if negative {
        ascii.push('-');
    }
    for c in token.chars().map(crate::text::fold_char) {
        match c {
            ',' => {}
            '0'..='9' | '.' => ascii.push(c),
            _ => return Err(too_large(token)),
        }
    }
    if ascii.starts_with('.') || ascii.starts_with("-.") {
        ascii.insert(ascii.len() - ascii.trim_start_matches(['-']).len(), '0');
    }
    Decimal::from_str_exact(&ascii)
        .ok()
        .filter(|v| v.abs() <= crate::limits::MAX_FIGURE)
        .ok_or_else(|| too_large(token))
}

/// The finding text for a number beyond [`crate::limits::MAX_FIGURE`] or with more digits
/// than `Decimal` holds exactly, naming the number.
pub(crate) fn too_large(token: &str) -> Text {
    let shown: String = token.chars().take(40).collect();
    let ellipsis = if token.chars().count() > 40 {
        "…"
    } else {
        ""
    };
    Text::new(
        format!(
            "数字「{shown}{ellipsis}」超出可处理的范围（绝对值不超过 10^15，最多 28 位有效数字）"
        ),
        format!(
            "the number \"{shown}{ellipsis}\" is out of range (at most 10^15 in magnitude, 28 significant digits)"
        ),
    )
}

/// Read a small Chinese numeral: 两 = 2, 十五 = 15, 五百 = 500, 一千二百 = 1200, 二〇二二 = 2022.
/// Returns `None` for a run of numeral characters that is not a number (十十, 百百).
pub fn chinese(token: &str) -> Option<Decimal> {
    let digit = |c: char| -> Option<u64> {
        Some(match c {
            '零' | '〇' => 0,
            '一' => 1,
            '二' | '两' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    };
    let multiplier = |c: char| -> Option<u64> {
        Some(match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => return None,
        })
    };
    if token.chars().all(|c| digit(c).is_some()) {
        // Positional digits, as in 二〇二二; a lone digit is the same thing.
        let mut value: u64 = 0;
        for c in token.chars() {
            value = value.checked_mul(10)?.checked_add(digit(c)?)?;
        }
        return Some(Decimal::from(value));
    }
    let mut total: u64 = 0;
    let mut pending: Option<u64> = None;
    let mut last_multiplier = u64::MAX;
    for c in token.chars() {
        if let Some(d) = digit(c) {
            if pending.is_some() && d != 0 {
                return None;
            }
            if d != 0 {
                pending = Some(d);
            }
        } else {
            let m = multiplier(c)?;
            // Multipliers must fall: 一千二百, never 二百千.
            if m >= last_multiplier {
                return None;
            }
            last_multiplier = m;
            total += pending.take().unwrap_or(1) * m;
        }
    }
    Some(Decimal::from(total + pending.unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn arabic_numbers() {
        assert_eq!(arabic("1,000", false).unwrap(), d("1000"));
        assert_eq!(arabic("１，０００．５", false).unwrap(), d("1000.5"));
        assert_eq!(arabic("9.00", true).unwrap(), d("-9.00"));
        assert_eq!(arabic(".5", false).unwrap(), d("0.5"));
        assert_eq!(arabic(".5", true).unwrap(), d("-0.5"));
        let err = arabic(&"9".repeat(40), false).unwrap_err();
        assert!(err.zh.contains("9999999999"), "{}", err.zh);
    }

    #[test]
    fn chinese_numerals() {
        for (text, value) in [
            ("两", 2),
            ("四", 4),
            ("十", 10),
            ("十五", 15),
            ("二十", 20),
            ("五百", 500),
            ("一千二百", 1200),
            ("一千零五", 1005),
            ("三百六十五", 365),
            ("二〇二二", 2022),
        ] {
            assert_eq!(chinese(text), Some(Decimal::from(value)), "{text}");
        }
        assert_eq!(chinese("十十"), None);
        assert_eq!(chinese("二百千"), None);
        assert_eq!(chinese("五五百"), None);
    }
}
