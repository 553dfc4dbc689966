//! Numbers as a reviewer reads them, the same in every message, ledger line and report.
//!
//! Below everything that prints a number (the scheme linter, the engine, the checks, the
//! renderers), so that none of them borrows its formatting from another.

use rust_decimal::{Decimal, RoundingStrategy};

/// A share as a percentage with two decimals, half away from zero: 0.81899 → `81.90%`.
pub fn percent(share: Decimal) -> String {
    match share.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) => format!(
            "{:.2}%",
            p.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
        ),
        None => "—".to_string(),
    }
}

/// A decimal as written, trailing zeros removed: `2.50` → `2.5`.
pub fn plain(value: Decimal) -> String {
    value.normalize().to_string()
}

/// A figure for a ledger line: as written, or to two places when computed with more.
pub fn figure(value: Decimal) -> String {
    if value.scale() > 2 {
        format!(
            "{:.2}",
            value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
        )
    } else {
        plain(value)
    }
}

/// A score with a scheme's decimal places: 0.91, 9.10.
pub fn points(value: Decimal, places: u32) -> String {
    format!("{:.*}", places as usize, value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_read() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(percent(d("0.81899")), "81.90%");
        assert_eq!(percent(d("-0.00005")), "-0.01%");
        assert_eq!(plain(d("2.50")), "2.5");
        assert_eq!(figure(d("3.14159")), "3.14");
        assert_eq!(figure(d("12.5")), "12.5");
        assert_eq!(points(d("9.1"), 2), "9.10");
    }
}
