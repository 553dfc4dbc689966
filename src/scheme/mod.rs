//! Scoring schemes (评分方案): the rules a finance bureau scores sheets by, loaded from YAML
//! and compiled once (formulas parsed, bands ordered, vocabulary indexed) so that evaluating
//! many sheets costs no re-reading. The engine reads a [`Scheme`]; nothing here scores.

mod bundled;
mod lint;
mod load;
mod raw;

use std::collections::HashMap;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::diagnostic::{Pos, Severity, SourceFile};
use crate::formula::Formula;
use crate::lang::Text;
use crate::sheet::SheetKind;
pub use bundled::{bundled, bundled_ids, bundled_source};
pub use lint::lint;
pub use load::{BUDGET_FIGURES, SchemeError, budget_figure, load_path, load_str, resolved_yaml};

/// Where a part of a scheme was written: its file (a scheme may extend others) and position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: Arc<SourceFile>,
    pub pos: Pos,
}

/// How a scheme came to be used for a sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Named with `--scheme`.
    Given,
    /// Its kind and years match the sheet.
    Matched,
    /// Its kind matches but no scheme's years cover the sheet's year: the closest is used.
    Closest,
}

/// The scheme for a sheet of `kind` and budget `year` among `candidates`: of those whose kind
/// and years match, the one starting latest (the most recent rules); if none covers the
/// year, the one of that kind whose years come closest.
pub fn choose(candidates: &[Scheme], kind: SheetKind, year: i32) -> Option<(&Scheme, Choice)> {
    let of_kind = candidates.iter().filter(|s| s.kind == kind);
    if let Some(s) = of_kind
        .clone()
        .filter(|s| s.applies_to(year))
        .max_by_key(|s| {
            (
                s.years.0.unwrap_or(i32::MIN),
                std::cmp::Reverse(s.years.1.unwrap_or(i32::MAX)),
            )
        })
    {
        return Some((s, Choice::Matched));
    }
    let distance = |s: &&Scheme| match s.years {
        (Some(from), _) if year < from => from - year,
        (_, Some(to)) if year > to => year - to,
        _ => 0,
    };
    of_kind.min_by_key(distance).map(|s| (s, Choice::Closest))
}

/// A compiled scheme.
#[derive(Debug, Clone)]
pub struct Scheme {
    pub source: Arc<SourceFile>,
    /// Hex SHA-256 of the scheme text, so a report names exactly the rules it used.
    pub sha256: String,
    pub id: String,
    pub name: String,
    pub kind: SheetKind,
    /// The year the scheme was written for.
    pub year: Option<i32>,
    /// The budget years it applies to, inclusive; `None` leaves that end open.
    pub years: (Option<i32>, Option<i32>),
    pub sources: Vec<String>,
    pub total: Decimal,
    pub categories: Vec<Category>,
    pub budget: BudgetRules,
    pub derived: Vec<Derived>,
    pub quantitative: Quantitative,
    /// Share of the weight a missed deadline keeps (0 = nothing).
    pub deadline_missed: Decimal,
    pub qualitative: Qualitative,
    pub deviation: DeviationRules,
    pub rounding: Rounding,
    /// Claimed and computed scores closer than this agree.
    pub score_tolerance: Decimal,
    /// Grade bands, highest `min` first.
    pub grades: Vec<Grade>,
    /// Severity overrides by check name; `None` turns the check off.
    pub severities: HashMap<String, Option<Severity>>,
    /// The bureau's own checks.
    pub rules: Vec<CustomRule>,
    /// The standard unit table with the scheme's own units added.
    pub units: crate::value::UnitTable,
}

/// What a custom rule is evaluated over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleScope {
    /// Once per indicator row, with the row's figures.
    Indicator,
    /// Once per sheet, with the sheet's figures and aggregates over its rows.
    Sheet,
}

/// A check written in the scheme: where `when` holds, `require` must hold too.
#[derive(Debug, Clone)]
pub struct CustomRule {
    /// Kebab-case, distinct from every built-in check.
    pub name: String,
    pub title: Text,
    pub scope: RuleScope,
    pub when: Option<Formula>,
    pub require: Formula,
    pub severity: Severity,
    pub message: Text,
    pub help: Text,
    /// The indicator field the finding points at.
    pub field: &'static str,
    /// 作用 / 原因 / 示例 / 依据, as the author wrote them.
    pub docs: String,
    pub origin: Origin,
}

/// A first-level category (一级指标).
#[derive(Debug, Clone)]
pub struct Category {
    pub name: String,
    pub aliases: Vec<String>,
    pub weight: Option<Decimal>,
    pub required: bool,
    pub origin: Origin,
}

impl Category {
    pub fn matches(&self, level1: &str) -> bool {
        self.name == level1 || self.aliases.iter().any(|a| a == level1)
    }
}

/// How the budget block scores.
#[derive(Debug, Clone)]
pub struct BudgetRules {
    pub weight: Decimal,
    /// 执行率 as a fraction, over the budget figures.
    pub rate: Formula,
    /// Where the rate formula was written.
    pub rate_origin: Origin,
    pub score: BudgetScore,
    /// 执行率分档封顶总分, checked in order; the first band the rate falls in caps the total.
    pub caps: Vec<TotalCap>,
}

/// A band of 执行率 [min, max) that caps the whole total: 70%–80% → at most 89.
#[derive(Debug, Clone)]
pub struct TotalCap {
    pub name: String,
    pub min: Decimal,
    /// Exclusive; `None` for no upper end.
    pub max: Option<Decimal>,
    pub cap: Decimal,
    pub origin: Origin,
}

impl TotalCap {
    pub fn contains(&self, rate: Decimal) -> bool {
        rate >= self.min && self.max.is_none_or(|m| rate < m)
    }
}

/// The 执行率 scoring methods seen across provinces (../shared/domain.md §3).
#[derive(Debug, Clone)]
pub enum BudgetScore {
    /// rate × 分值, at most 分值.
    Proportional,
    /// min(1, rate ÷ threshold) × 分值.
    ThresholdRatio(Decimal),
    /// Full marks at or above `line`; below it, `points` lost per `per` (a fraction) short.
    PerPoint {
        line: Decimal,
        points: Decimal,
        per: Decimal,
    },
    /// The first band whose `min` the rate reaches gives that share of 分值.
    Bands(Vec<(Decimal, Decimal)>),
    /// Any formula over the budget figures and 分值.
    Formula(Formula),
}

/// An indicator whose actual value follows from the budget figures.
#[derive(Debug, Clone)]
pub struct Derived {
    pub name: String,
    pub aliases: Vec<String>,
    pub formula: Formula,
    /// Where the formula was written.
    pub formula_origin: Origin,
    /// Replace the clerk's actual with the computed one, or only check it.
    pub replace: bool,
    /// Allowed difference between claimed and computed, as a fraction (0.005 = 0.5 个百分点).
    pub tolerance: Decimal,
    pub origin: Origin,
}

impl Derived {
    pub fn matches(&self, name: &str) -> bool {
        self.name == name || self.aliases.iter().any(|a| a == name)
    }
}

/// Scoring of ≤ targets that were not met.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lower {
    /// 指标值 ÷ 实际值 × 分值.
    Inverse,
    /// Linear from full at the target to 0 at `multiple` × target.
    Decay(Decimal),
}

/// What exceeding a ≥ target by far triggers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverAction {
    Warn,
    Reason,
    Deduct(Decimal),
}

#[derive(Debug, Clone)]
pub struct Quantitative {
    pub lower: Lower,
    /// Actual ÷ target at or above which a ≥ target counts as far exceeded.
    pub over_threshold: Option<(Decimal, OverAction)>,
    /// Where the threshold was written.
    pub over_origin: Option<Origin>,
}

/// A qualitative band: a share of 分值 a score must fall in.
#[derive(Debug, Clone)]
pub struct Band {
    pub name: String,
    pub min: Decimal,
    pub max: Decimal,
    pub max_inclusive: bool,
    pub origin: Origin,
}

impl Band {
    pub fn contains(&self, share: Decimal) -> bool {
        share >= self.min && (share < self.max || (self.max_inclusive && share == self.max))
    }
}

#[derive(Debug, Clone)]
pub struct Qualitative {
    pub bands: Vec<Band>,
    /// Normalised actual text → band index.
    pub vocabulary: HashMap<String, usize>,
}

impl Qualitative {
    /// The band that counts as achieved (达成): the one reaching highest, whatever the order
    /// the author listed the bands in.
    pub fn achieved(&self) -> Option<usize> {
        (0..self.bands.len()).max_by_key(|&i| (self.bands[i].max, self.bands[i].max_inclusive))
    }
}

/// How 偏差度 is defined and when a reason is owed.
#[derive(Debug, Clone)]
pub struct DeviationRules {
    /// Only a shortfall counts (a met target has deviation 0), or any relative difference.
    pub shortfall_only: bool,
    /// A reason is owed when |deviation| exceeds this (0 with `unmet`: whenever unmet).
    pub reason_threshold: Decimal,
    pub tolerance: Decimal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rounding {
    pub places: u32,
    pub truncate: bool,
}

impl Rounding {
    /// Round a score: 四舍五入 (half away from zero) or truncation.
    pub fn apply(self, value: Decimal) -> Decimal {
        let strategy = if self.truncate {
            rust_decimal::RoundingStrategy::ToZero
        } else {
            rust_decimal::RoundingStrategy::MidpointAwayFromZero
        };
        value.round_dp_with_strategy(self.places, strategy)
    }
}

#[derive(Debug, Clone)]
pub struct Grade {
    pub name: String,
    pub min: Decimal,
    pub origin: Origin,
}

impl Scheme {
    /// Whether the scheme applies to sheets of budget year `year`.
    pub fn applies_to(&self, year: i32) -> bool {
        self.years.0.is_none_or(|from| year >= from) && self.years.1.is_none_or(|to| year <= to)
    }

    /// The grade a total earns.
    pub fn grade(&self, total: Decimal) -> Option<&str> {
        self.grades
            .iter()
            .find(|g| total >= g.min)
            .map(|g| g.name.as_str())
    }

    /// The category a 一级指标 text belongs to.
    pub fn category(&self, level1: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.matches(level1))
    }

    /// The severity of a check under this scheme: its override or its default.
    pub fn severity(&self, check: &str, default: Severity) -> Option<Severity> {
        self.severities.get(check).copied().unwrap_or(Some(default))
    }
}
