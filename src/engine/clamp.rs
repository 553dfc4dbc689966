//! Limiting a score to its bounds when the bounds come from the sheet: a negative 分值 (a
//! typo for a deduction) puts the top of a band below its floor, where `Ord::clamp` panics.

use rust_decimal::Decimal;

/// `value` limited to `low..=high`; when the bounds cross, `low` wins, so that a score never
/// climbs above its floor's 0 because a weight was negative. The `weight-invalid` check
/// reports such a weight; the engine only has to get through it.
pub(super) fn clamp(value: Decimal, low: Decimal, high: Decimal) -> Decimal {
    value.min(high).max(low)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crossed_bounds_give_the_floor() {
        let d = |n: i64| Decimal::from(n);
        assert_eq!(clamp(d(5), d(0), d(10)), d(5));
        assert_eq!(clamp(d(-5), d(0), d(10)), d(0));
        assert_eq!(clamp(d(15), d(0), d(10)), d(10));
        assert_eq!(clamp(d(5), d(0), d(-10)), d(0));
        assert_eq!(clamp(d(-20), d(-6), d(-9)), d(-6));
    }
}
