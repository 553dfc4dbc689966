//! Scoring schemes (评分方案): the rules a finance bureau scores sheets by, loaded from YAML
//! and compiled once (formulas parsed, bands ordered, vocabulary indexed) so that evaluating
//! many sheets costs no re-reading. The engine reads a [`Scheme`]; nothing here scores.

mod bundled;
pub mod figures;
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
pub use figures::{BUDGET_FIGURES, budget_figure};
pub use lint::lint;
pub use load::{SchemeError, load_path, load_str, resolved_yaml};

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
    /// Its kind and years match the sheet, and it knows every block of the form.
    Matched,
    /// It knows every block of the form, but no such scheme's years cover the sheet's year: the
    /// closest is used.
    Closest,
    /// No scheme of the sheet's kind knows every block of the form: the one that knows most is
    /// used (form-mismatch names the blocks it does not know).
    Partial,
    /// The sheet names no year: chosen by kind and blocks alone.
    NoYear,
}

/// A form's first-level blocks as the scheme choice sees them: each 一级 label's name, with
/// the 二级 names found under it.
pub fn form_blocks(sheet: &crate::sheet::Sheet) -> Vec<(String, Vec<String>)> {
    let mut blocks: Vec<(String, Vec<String>)> = Vec::new();
    for row in &sheet.indicators {
        let level1 = crate::value::label::label(&row.level1.value).name;
        let level2 = row
            .level2
            .as_ref()
            .map(|l| crate::value::label::label(&l.value).name);
        let at = match blocks.iter().position(|(n, _)| *n == level1) {
            Some(at) => at,
            None => {
                blocks.push((level1, Vec::new()));
                blocks.len() - 1
            }
        };
        if let Some(level2) = level2
            && !blocks[at].1.contains(&level2)
        {
            blocks[at].1.push(level2);
        }
    }
    blocks
}

/// How well a scheme fits a form's blocks: how many it cannot place, how many of its required
/// categories the form lacks, and how many of its categories the form does not use.
fn fit(scheme: &Scheme, blocks: &[(String, Vec<String>)]) -> (usize, usize, usize) {
    let mut present = vec![false; scheme.categories.len()];
    let mut unknown = 0;
    for (level1, level2s) in blocks {
        let placed = std::iter::once(None)
            .chain(level2s.iter().map(|l| Some(l.as_str())))
            .find_map(|l2| scheme.place(level1, l2));
        match placed {
            Some((i, _)) => present[i] = true,
            None if crate::value::label::is_section(level1) => {}
            None => unknown += 1,
        }
    }
    let missing = scheme
        .categories
        .iter()
        .zip(&present)
        .filter(|(c, here)| c.required && !**here)
        .count();
    let unused = present.iter().filter(|here| !**here).count();
    (unknown, missing, unused)
}

/// The scheme for a sheet of `kind` and budget `year` whose form has `blocks`, among
/// `candidates`: of those of its kind, first the ones that know every block, then those whose
/// required categories the form holds, then those whose categories the form uses most (the
/// scheme of the form's own system rather than a broader one), then those whose years cover
/// the sheet (the latest starting, the most recent rules), then the closest in years.
pub fn choose<'a>(
    candidates: &'a [Scheme],
    kind: SheetKind,
    year: Option<i32>,
    blocks: &[(String, Vec<String>)],
) -> Option<(&'a Scheme, Choice)> {
    let distance = |s: &Scheme| match (s.years, year) {
        ((Some(from), _), Some(year)) if year < from => from - year,
        ((_, Some(to)), Some(year)) if year > to => year - to,
        _ => 0,
    };
    let (best, (unknown, ..)) = candidates
        .iter()
        .filter(|s| s.kind == kind)
        .map(|s| (s, fit(s, blocks)))
        .max_by_key(|(s, (unknown, missing, unused))| {
            (
                std::cmp::Reverse(*unknown),
                std::cmp::Reverse(*missing),
                std::cmp::Reverse(*unused),
                std::cmp::Reverse(distance(s)),
                s.years.0.unwrap_or(i32::MIN),
                std::cmp::Reverse(s.years.1.unwrap_or(i32::MAX)),
            )
        })?;
    let choice = match year {
        _ if unknown > 0 => Choice::Partial,
        None => Choice::NoYear,
        Some(year) if best.applies_to(year) => Choice::Matched,
        Some(_) => Choice::Closest,
    };
    Some((best, choice))
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
    /// 二级指标 names that place a row in this category when its 一级 label is lost.
    pub subcategories: Vec<String>,
    /// Rows of this category need a 年度指标值 (决策 and 过程 rows are judged by criteria).
    pub target_required: bool,
    pub origin: Origin,
}

impl Category {
    /// Whether a 一级 label's name (read by [`crate::value::label`]) names this category: its
    /// name or an alias, with or without the word 指标 (产出 is 产出指标).
    pub fn matches(&self, name: &str) -> bool {
        let name = bare_name(name.trim());
        std::iter::once(&self.name)
            .chain(&self.aliases)
            .any(|n| bare_name(n) == name)
    }

    /// Whether a 二级指标 name belongs to this category.
    pub fn holds(&self, level2: &str) -> bool {
        let level2 = bare_name(level2);
        self.subcategories.iter().any(|s| bare_name(s) == level2)
    }
}

/// A block's name without the word forms end it with: 产出指标, 产出目标 (the Fujian form) and 产出
/// are one block.
fn bare_name(name: &str) -> &str {
    name.strip_suffix("指标")
        .or_else(|| name.strip_suffix("目标"))
        .unwrap_or(name)
}

/// How a row's category was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placed {
    /// Its 一级 label names the category.
    ByName,
    /// Its 一级 label names none; its 二级 label belongs to the category.
    BySubcategory,
    /// Its 一级 label is one edit or so from the category's name (a typo or scanning debris).
    ByLikeness,
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

/// The 执行率 scoring methods seen across provinces (docs/domain.md §3).
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
    /// Names (or endings of names) that make a target without a comparator lower-is-better.
    pub lower_names: Vec<String>,
    /// Names (or parts of names) of shares that cannot exceed 100%.
    pub share_names: Vec<String>,
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
        self.categories
            .iter()
            .find(|c| c.matches(&crate::value::label::label(level1).name))
    }

    /// The category of a row with 一级 label name `level1` and 二级 label name `level2`, and
    /// how it was found: by name, by the 二级 label when the 一级 one names no category, or by
    /// likeness when the 一级 one is garbled (`顼目产出` for 项目产出).
    pub fn place(&self, level1: &str, level2: Option<&str>) -> Option<(usize, Placed)> {
        if let Some(i) = self.categories.iter().position(|c| c.matches(level1)) {
            return Some((i, Placed::ByName));
        }
        // A label republished in traditional characters (產出指標) names its category too; the
        // conversion runs only for a label that names none as written.
        let simplified = crate::value::label::simplified(level1);
        if let Some(i) = simplified
            .as_deref()
            .and_then(|s| self.categories.iter().position(|c| c.matches(s)))
        {
            return Some((i, Placed::ByName));
        }
        let level2 =
            level2.map(|l| crate::value::label::simplified(l).unwrap_or_else(|| l.to_string()));
        let level2 = level2.as_deref();
        if let Some(level2) = level2
            && let Some(i) = self.categories.iter().position(|c| c.holds(level2))
        {
            return Some((i, Placed::BySubcategory));
        }
        let names = self.categories.iter().enumerate().flat_map(|(i, c)| {
            std::iter::once(&c.name)
                .chain(&c.aliases)
                .map(move |n| (i, n))
        });
        // One edit in a label of four or more characters: a garbled character, not another word.
        let chars = level1.chars().count();
        (chars >= 4)
            .then(|| {
                names
                    .filter(|(_, n)| n.chars().count() == chars)
                    .find(|(_, n)| crate::text::edit_distance(level1, n) == 1)
            })
            .flatten()
            .map(|(i, _)| (i, Placed::ByLikeness))
    }

    /// Whether a name is a share that cannot exceed 100% (满意度, 合格率) by the scheme's
    /// vocabulary.
    pub fn is_share(&self, name: &str) -> bool {
        let name = crate::text::normalize(name);
        self.quantitative
            .share_names
            .iter()
            .any(|n| name.contains(n.as_str()))
    }

    /// Whether a name is lower-is-better by the scheme's vocabulary (when its target states no
    /// comparator).
    pub fn lower_is_better(&self, name: &str) -> bool {
        let name = crate::text::normalize(name);
        self.quantitative
            .lower_names
            .iter()
            .any(|n| name.ends_with(n.as_str()))
    }

    /// The severity of a check under this scheme: its override or its default.
    pub fn severity(&self, check: &str, default: Severity) -> Option<Severity> {
        self.severities.get(check).copied().unwrap_or(Some(default))
    }
}
