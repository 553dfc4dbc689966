//! The scheme file as written: every field optional, every value remembering its file and
//! position, so that a scheme can `extends:` another and override only what changes.
//!
//! Merge rules (documented for authors in docs/scheme-guide): a map merges by key; a list of
//! named items (categories, derived, bands, grades, rules, caps) merges by name, a child item
//! overriding its parent's field by field and new names appended; anything else (a number, a
//! text, a plain list) replaces. Identity (id, name, year, years) is never inherited.

use std::cell::Cell;
use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_saphyr::{Location, Spanned};

thread_local! {
    /// The index of the file being deserialized, stamped on every value read from it.
    static FILE: Cell<usize> = const { Cell::new(0) };
}

/// Deserialize `text` (file number `file` in the chain) as `T`.
pub fn parse<T: for<'de> Deserialize<'de>>(
    text: &str,
    file: usize,
    options: serde_saphyr::Options,
) -> Result<T, serde_saphyr::Error> {
    FILE.with(|f| f.set(file));
    serde_saphyr::from_str_with_options(text, options)
}

/// A scalar value as written, where it was written, and in which file of the chain.
#[derive(Debug, Clone)]
pub struct L {
    pub value: String,
    pub referenced: Location,
    pub file: usize,
}

impl<'de> Deserialize<'de> for L {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Spanned::<String>::deserialize(d)?;
        Ok(L {
            value: s.value,
            referenced: s.referenced,
            file: FILE.with(Cell::get),
        })
    }
}

impl Serialize for L {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.value)
    }
}

/// A list with the position of the list itself (to point at an empty one).
#[derive(Debug, Clone)]
pub struct Located<T> {
    pub value: T,
    pub referenced: Location,
    pub file: usize,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Located<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Spanned::<T>::deserialize(d)?;
        Ok(Located {
            value: s.value,
            referenced: s.referenced,
            file: FILE.with(Cell::get),
        })
    }
}

impl<T: Serialize> Serialize for Located<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

/// A value read from the child replaces the parent's.
fn replace<T>(parent: Option<T>, child: Option<T>) -> Option<T> {
    child.or(parent)
}

/// Both present: merge field by field.
fn deep<T: Merge>(parent: Option<T>, child: Option<T>) -> Option<T> {
    match (parent, child) {
        (Some(p), Some(c)) => Some(p.merge(c)),
        (p, c) => c.or(p),
    }
}

/// Maps merge by key, the child's entry replacing the parent's.
fn keyed<V>(
    parent: Option<BTreeMap<String, V>>,
    child: Option<BTreeMap<String, V>>,
) -> Option<BTreeMap<String, V>> {
    match (parent, child) {
        (Some(mut p), Some(c)) => {
            p.extend(c);
            Some(p)
        }
        (p, c) => c.or(p),
    }
}

/// Lists of named items merge by name: same name merged, new names appended in order.
fn named<T: Merge + Named>(parent: Option<Vec<T>>, child: Option<Vec<T>>) -> Option<Vec<T>> {
    match (parent, child) {
        (Some(mut p), Some(c)) => {
            for item in c {
                match p.iter().position(|x| x.key() == item.key()) {
                    Some(i) => {
                        let old = p.remove(i);
                        p.insert(i, old.merge(item));
                    }
                    None => p.push(item),
                }
            }
            Some(p)
        }
        (p, c) => c.or(p),
    }
}

pub trait Merge {
    /// `self` is the parent, `child` the scheme that extends it.
    fn merge(self, child: Self) -> Self;
}

pub trait Named {
    fn key(&self) -> &str;
}

/// Implement `Merge` field by field: each field listed with how it merges.
macro_rules! merge_struct {
    ($ty:ident { $($field:ident: $how:ident),* $(,)? }) => {
        impl Merge for $ty {
            fn merge(self, child: Self) -> Self {
                Self { $($field: $how(self.$field, child.$field)),* }
            }
        }
    };
}

macro_rules! named_by {
    ($ty:ident, $field:ident) => {
        impl Named for $ty {
            fn key(&self) -> &str {
                self.$field.as_ref().map_or("", |l| l.value.as_str())
            }
        }
    };
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawScheme {
    #[serde(skip_serializing)]
    pub extends: Option<L>,
    pub id: Option<L>,
    pub name: Option<L>,
    pub kind: Option<L>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<L>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub years: Option<RawYears>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sources: Option<Vec<L>>,
    pub total: Option<L>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub categories: Option<Vec<RawCategory>>,
    pub budget: Option<RawBudget>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub derived: Option<Vec<RawDerived>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantitative: Option<RawQuantitative>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<RawDeadline>,
    pub qualitative: Option<RawQualitative>,
    pub deviation: Option<RawDeviation>,
    pub rounding: Option<RawRounding>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score_tolerance: Option<L>,
    pub grades: Option<Vec<RawGrade>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checks: Option<BTreeMap<String, L>>,
    /// The bureau's own checks, written in the formula language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rules: Option<Vec<RawRule>>,
    /// Units beyond the standard table (羽, 头只 …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub units: Option<Vec<RawUnit>>,
}

impl Merge for RawScheme {
    fn merge(self, child: Self) -> Self {
        Self {
            // The resolved scheme extends nothing: the chain is already applied.
            extends: None,
            // A scheme's identity is its own: the child names itself and its years.
            id: child.id,
            name: child.name,
            kind: replace(self.kind, child.kind),
            year: child.year,
            years: child.years,
            sources: replace(self.sources, child.sources),
            total: replace(self.total, child.total),
            categories: named(self.categories, child.categories),
            budget: deep(self.budget, child.budget),
            derived: named(self.derived, child.derived),
            quantitative: deep(self.quantitative, child.quantitative),
            deadline: deep(self.deadline, child.deadline),
            qualitative: deep(self.qualitative, child.qualitative),
            deviation: deep(self.deviation, child.deviation),
            rounding: deep(self.rounding, child.rounding),
            score_tolerance: replace(self.score_tolerance, child.score_tolerance),
            grades: named(self.grades, child.grades),
            checks: keyed(self.checks, child.checks),
            rules: named(self.rules, child.rules),
            units: named(self.units, child.units),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawYears {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<L>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<L>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawCategory {
    pub name: Option<L>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aliases: Option<Vec<L>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<L>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// 二级指标 names that belong to this category: a row whose 一级 label is lost or garbled
    /// is placed by them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subcategories: Option<Vec<L>>,
    /// Whether a row of this category needs a 年度指标值 (决策 and 过程 indicators are judged
    /// against criteria, not a target value).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_required: Option<bool>,
}
merge_struct!(RawCategory {
    name: replace,
    aliases: replace,
    weight: replace,
    required: replace,
    subcategories: replace,
    target_required: replace
});
named_by!(RawCategory, name);

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawBudget {
    pub weight: Option<L>,
    pub rate: Option<L>,
    pub score: Option<RawBudgetScore>,
    /// 执行率分档封顶总分: the whole total capped by the band the rate falls in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_cap: Option<Vec<RawCap>>,
}
merge_struct!(RawBudget {
    weight: replace,
    rate: replace,
    score: deep,
    total_cap: named
});

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawCap {
    pub name: Option<L>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<L>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<L>,
    pub cap: Option<L>,
}
merge_struct!(RawCap {
    name: replace,
    min: replace,
    max: replace,
    cap: replace
});
named_by!(RawCap, name);

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawBudgetScore {
    pub method: Option<L>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold: Option<L>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<L>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<L>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per: Option<L>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bands: Option<Vec<RawScoreBand>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub formula: Option<L>,
}
merge_struct!(RawBudgetScore {
    method: replace,
    threshold: replace,
    line: replace,
    points: replace,
    per: replace,
    bands: replace,
    formula: replace,
});

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawScoreBand {
    pub min: Option<L>,
    pub score: Option<L>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawDerived {
    pub name: Option<L>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aliases: Option<Vec<L>>,
    pub formula: Option<L>,
    pub mode: Option<L>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<L>,
}
merge_struct!(RawDerived {
    name: replace,
    aliases: replace,
    formula: replace,
    mode: replace,
    tolerance: replace
});
named_by!(RawDerived, name);

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuantitative {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub higher: Option<L>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lower: Option<L>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decay_multiple: Option<L>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub over_achievement: Option<RawOver>,
    /// Indicator names (or endings of names) that are lower-is-better when the target states
    /// no comparator: 控制率, 结转结余率, 投诉率.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lower_names: Option<Vec<L>>,
    /// Indicator names (or parts of names) of shares that cannot exceed 100%: 满意度, 合格率.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share_names: Option<Vec<L>>,
}
merge_struct!(RawQuantitative {
    higher: replace,
    lower: replace,
    decay_multiple: replace,
    over_achievement: deep,
    lower_names: replace,
    share_names: replace
});

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawOver {
    pub threshold: Option<L>,
    pub action: Option<L>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deduction: Option<L>,
}
merge_struct!(RawOver {
    threshold: replace,
    action: replace,
    deduction: replace
});

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawDeadline {
    pub missed: Option<L>,
}
merge_struct!(RawDeadline { missed: replace });

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawQualitative {
    pub bands: Option<Located<Vec<RawBand>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vocabulary: Option<BTreeMap<String, Vec<L>>>,
}

impl Merge for RawQualitative {
    fn merge(self, child: Self) -> Self {
        let bands = match (self.bands, child.bands) {
            (Some(p), Some(c)) => {
                let merged = named(Some(p.value), Some(c.value)).unwrap_or_default();
                Some(Located {
                    value: merged,
                    referenced: c.referenced,
                    file: c.file,
                })
            }
            (p, c) => c.or(p),
        };
        Self {
            bands,
            vocabulary: keyed(self.vocabulary, child.vocabulary),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawBand {
    pub name: Option<L>,
    pub min: Option<L>,
    pub max: Option<L>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_inclusive: Option<bool>,
}
merge_struct!(RawBand {
    name: replace,
    min: replace,
    max: replace,
    max_inclusive: replace
});
named_by!(RawBand, name);

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawDeviation {
    pub definition: Option<L>,
    pub reason_required: Option<L>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_threshold: Option<L>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<L>,
}
merge_struct!(RawDeviation {
    definition: replace,
    reason_required: replace,
    reason_threshold: replace,
    tolerance: replace
});

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawRounding {
    pub places: Option<L>,
    pub mode: Option<L>,
}
merge_struct!(RawRounding {
    places: replace,
    mode: replace
});

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawGrade {
    pub grade: Option<L>,
    pub min: Option<L>,
}
merge_struct!(RawGrade {
    grade: replace,
    min: replace
});
named_by!(RawGrade, grade);

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    pub name: Option<L>,
    pub title: Option<L>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_en: Option<L>,
    pub scope: Option<L>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<L>,
    pub require: Option<L>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<L>,
    pub message: Option<L>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_en: Option<L>,
    pub help: Option<L>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help_en: Option<L>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<L>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docs: Option<L>,
}
merge_struct!(RawRule {
    name: replace,
    title: replace,
    title_en: replace,
    scope: replace,
    when: replace,
    require: replace,
    severity: replace,
    message: replace,
    message_en: replace,
    help: replace,
    help_en: replace,
    field: replace,
    docs: replace,
});
named_by!(RawRule, name);

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawUnit {
    pub symbol: Option<L>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aliases: Option<Vec<L>>,
    pub dimension: Option<L>,
    /// The unit it converts to (itself when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base: Option<L>,
    /// How many base units one of this unit is (1 when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub factor: Option<L>,
}
merge_struct!(RawUnit {
    symbol: replace,
    aliases: replace,
    dimension: replace,
    base: replace,
    factor: replace
});
named_by!(RawUnit, symbol);
