//! The unit table: which unit texts jixiao knows, their dimension and how they convert.
//!
//! The table is data. The default rows below are the units seen on real sheets
//! (docs/domain.md §4); a scheme can add rows of its own with [`UnitTable::add`].
//! Two units compare only when they share a `base`: 15000元 and 1.5万元 are the same amount,
//! 亩 and 公顷 convert exactly (1 公顷 = 15 亩), but 人 and 件 are both counts of different things.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use rust_decimal::Decimal;

/// What a unit measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    Money,
    Area,
    Length,
    Weight,
    Volume,
    Time,
    Percent,
    Count,
    /// A compound unit: an amount per something (元/户, 人次/年, 万元/公里).
    Rate,
}

impl Dimension {
    /// The stable English name used in JSON and scheme files.
    pub fn name(self) -> &'static str {
        match self {
            Self::Money => "money",
            Self::Area => "area",
            Self::Length => "length",
            Self::Weight => "weight",
            Self::Volume => "volume",
            Self::Time => "time",
            Self::Percent => "percent",
            Self::Count => "count",
            Self::Rate => "rate",
        }
    }

    /// Parse a dimension name as written in a scheme.
    pub fn from_name(name: &str) -> Option<Self> {
        [
            Self::Money,
            Self::Area,
            Self::Length,
            Self::Weight,
            Self::Volume,
            Self::Time,
            Self::Percent,
            Self::Count,
            Self::Rate,
        ]
        .into_iter()
        .find(|d| d.name() == name)
    }

    /// The Chinese name a person reads.
    pub fn zh(self) -> &'static str {
        match self {
            Self::Money => "金额",
            Self::Area => "面积",
            Self::Length => "长度",
            Self::Weight => "重量",
            Self::Volume => "体积",
            Self::Time => "时间",
            Self::Percent => "百分比",
            Self::Count => "数量",
            Self::Rate => "复合单位",
        }
    }
}

/// One known unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The canonical symbol printed for it (`%` for `％` and 百分比).
    pub symbol: String,
    pub dimension: Dimension,
    /// Units with the same base convert into each other.
    pub base: String,
    /// How many base units one of this unit is.
    pub factor: Decimal,
}

impl Unit {
    /// Whether a quantity in `self` can be compared with one in `other`.
    pub fn convertible(&self, other: &Unit) -> bool {
        self.base == other.base
    }
}

/// A row of the default table: symbol, other spellings, dimension, base, factor as text.
type Row = (
    &'static str,
    &'static [&'static str],
    Dimension,
    &'static str,
    &'static str,
);

use Dimension::*;

const DEFAULT_UNITS: &[Row] = &[
    ("元", &[], Money, "元", "1"),
    ("千元", &[], Money, "元", "1000"),
    ("万元", &[], Money, "元", "10000"),
    ("百万元", &[], Money, "元", "1000000"),
    ("亿元", &[], Money, "元", "100000000"),
    ("亩", &[], Area, "亩", "1"),
    ("万亩", &[], Area, "亩", "10000"),
    ("公顷", &["ha"], Area, "亩", "15"),
    ("平方米", &["㎡", "m²", "平米"], Area, "亩", "0.0015"),
    ("平方公里", &["k㎡", "km²", "平方千米"], Area, "亩", "1500"),
    ("米", &["m"], Length, "米", "1"),
    ("公里", &["千米", "km"], Length, "米", "1000"),
    ("厘米", &["cm"], Length, "米", "0.01"),
    ("千克", &["公斤", "kg"], Weight, "千克", "1"),
    ("吨", &["t"], Weight, "千克", "1000"),
    ("克", &["g"], Weight, "千克", "0.001"),
    ("立方米", &["方", "m³"], Volume, "立方米", "1"),
    ("天", &["日", "自然日"], Time, "天", "1"),
    ("周", &["星期"], Time, "天", "7"),
    ("工作日", &[], Time, "工作日", "1"),
    ("小时", &["h"], Time, "分钟", "60"),
    ("分钟", &[], Time, "分钟", "1"),
    ("月", &[], Time, "月", "1"),
    ("季度", &["季"], Time, "月", "3"),
    ("半年", &[], Time, "月", "6"),
    ("年", &[], Time, "月", "12"),
    ("%", &["％", "百分比"], Percent, "%", "1"),
    ("‰", &[], Percent, "%", "0.1"),
    ("百分点", &["个百分点"], Percent, "百分点", "1"),
    ("个", &[], Count, "个", "1"),
    ("件", &[], Count, "件", "1"),
    ("次", &[], Count, "次", "1"),
    ("人", &["名", "位"], Count, "人", "1"),
    ("人次", &[], Count, "人次", "1"),
    ("户", &[], Count, "户", "1"),
    ("户次", &[], Count, "户次", "1"),
    ("家", &[], Count, "家", "1"),
    ("篇", &[], Count, "篇", "1"),
    ("份", &[], Count, "份", "1"),
    ("台", &[], Count, "台", "1"),
    ("套", &[], Count, "套", "1"),
    ("项", &[], Count, "项", "1"),
    ("所", &[], Count, "所", "1"),
    ("批次", &[], Count, "批次", "1"),
    ("批", &[], Count, "批", "1"),
    ("场", &[], Count, "场", "1"),
    ("场次", &[], Count, "场次", "1"),
    ("期", &[], Count, "期", "1"),
    ("条", &[], Count, "条", "1"),
    ("本", &[], Count, "本", "1"),
    ("册", &[], Count, "册", "1"),
    ("张", &[], Count, "张", "1"),
    ("块", &[], Count, "块", "1"),
    ("处", &[], Count, "处", "1"),
    ("座", &[], Count, "座", "1"),
    ("辆", &[], Count, "辆", "1"),
    ("株", &[], Count, "株", "1"),
    ("棵", &[], Count, "棵", "1"),
    ("头", &[], Count, "头", "1"),
    ("只", &[], Count, "只", "1"),
    ("间", &[], Count, "间", "1"),
    ("栋", &["幢"], Count, "栋", "1"),
    ("宗", &[], Count, "宗", "1"),
    ("起", &[], Count, "起", "1"),
    ("例", &[], Count, "例", "1"),
    ("笔", &[], Count, "笔", "1"),
    ("部", &[], Count, "部", "1"),
    ("类", &[], Count, "类", "1"),
    ("种", &[], Count, "种", "1"),
    ("轮", &[], Count, "轮", "1"),
    ("支", &[], Count, "支", "1"),
    ("组", &[], Count, "组", "1"),
    ("村", &[], Count, "村", "1"),
    ("课时", &["学时"], Count, "课时", "1"),
    ("班", &[], Count, "班", "1"),
    ("单", &[], Count, "单", "1"),
];

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// Multipliers a clerk writes before a count unit: 万人次, 千户.
const MULTIPLIERS: &[(char, u32)] = &[('万', 10_000), ('亿', 100_000_000), ('千', 1_000)];

/// The units jixiao understands, by every spelling.
#[derive(Debug, Clone)]
pub struct UnitTable {
    by_name: HashMap<String, Arc<Unit>>,
    /// Which contents these are: new for every table built or changed, kept by a clone, so
    /// that texts read with one table are never taken for texts read with another.
    id: u64,
}

/// A new [`UnitTable::id`].
fn next_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

impl UnitTable {
    /// The default table, built once.
    pub fn standard() -> &'static UnitTable {
        static TABLE: OnceLock<UnitTable> = OnceLock::new();
        TABLE.get_or_init(|| {
            let mut table = UnitTable {
                by_name: HashMap::new(),
                id: next_id(),
            };
            for (symbol, aliases, dimension, base, factor) in DEFAULT_UNITS {
                // The factors above are literals checked by `standard_table_factors_parse`.
                let factor = factor.parse().unwrap_or(Decimal::ONE);
                table.add(symbol, aliases, *dimension, base, factor);
            }
            table
        })
    }

    /// Add a unit (or replace a spelling), as a scheme's `units:` section does.
    pub fn add(
        &mut self,
        symbol: &str,
        aliases: &[&str],
        dimension: Dimension,
        base: &str,
        factor: Decimal,
    ) {
        let unit = Arc::new(Unit {
            symbol: symbol.to_string(),
            dimension,
            base: base.to_string(),
            factor,
        });
        self.by_name.insert(symbol.to_string(), Arc::clone(&unit));
        for alias in aliases {
            self.by_name.insert((*alias).to_string(), Arc::clone(&unit));
        }
        self.id = next_id();
    }

    /// Which contents this table has: equal ids, equal tables.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// Resolve a unit text as written (already full-width folded): an exact spelling, a count
    /// unit after the measure word 个 (四个季度), a multiplier before a known unit (万人次), or a
    /// compound unit (元/户, 元/人·月, 万元/公里).
    pub fn lookup(&self, text: &str) -> Option<Arc<Unit>> {
        match text.split_once('/') {
            Some((per, of)) => self.compound(text, per, of),
            None => self.simple(text),
        }
    }

    /// A unit `per` each `of`: 元/户, 人次/年, 元/人·月. The numerator is a unit of the table;
    /// each part of the denominator is one too, or a single Han character naming what is
    /// counted (元/生, a cost per pupil). Two compound units compare when their parts do.
    fn compound(&self, text: &str, per: &str, of: &str) -> Option<Arc<Unit>> {
        let numerator = self.simple(per)?;
        let mut factor = numerator.factor;
        let mut base = format!("{}/", numerator.base);
        for (i, part) in of.split(['·', '*', '.']).enumerate() {
            if i > 0 {
                base.push('·');
            }
            match self.simple(part) {
                Some(unit) => {
                    factor = factor.checked_div(unit.factor)?;
                    base.push_str(&unit.base);
                }
                None if part.chars().count() == 1 && part.chars().all(is_han) => {
                    base.push_str(part);
                }
                None => return None,
            }
        }
        Some(Arc::new(Unit {
            symbol: text.to_string(),
            dimension: Dimension::Rate,
            base,
            factor,
        }))
    }

    /// [`UnitTable::lookup`] of a unit that is not compound. `余` or `多` before a unit (200余人,
    /// 30多次) marks the number as approximate, at least that much: the unit is the one after it.
    fn simple(&self, text: &str) -> Option<Arc<Unit>> {
        if let Some(rest) = text.strip_prefix(['余', '多']).filter(|r| !r.is_empty())
            && let Some(unit) = self.exact(rest)
        {
            return Some(unit);
        }
        self.exact(text)
    }

    /// A unit by its spelling, with a measure word or multiplier before it.
    fn exact(&self, text: &str) -> Option<Arc<Unit>> {
        if let Some(unit) = self.by_name.get(text) {
            return Some(Arc::clone(unit));
        }
        if let Some(rest) = text.strip_prefix('个')
            && let Some(unit) = self.by_name.get(rest)
        {
            return Some(Arc::clone(unit));
        }
        let mut chars = text.chars();
        let first = chars.next()?;
        let rest = chars.as_str();
        let (_, multiplier) = MULTIPLIERS.iter().find(|(c, _)| *c == first)?;
        let inner = self.by_name.get(rest)?;
        let factor = inner.factor.checked_mul(Decimal::from(*multiplier))?;
        Some(Arc::new(Unit {
            symbol: text.to_string(),
            dimension: inner.dimension,
            base: inner.base.clone(),
            factor,
        }))
    }

    /// Every spelling the table knows, for did-you-mean suggestions.
    pub fn spellings(&self) -> impl Iterator<Item = &str> {
        self.by_name.keys().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_table_factors_parse() {
        for (symbol, _, _, _, factor) in DEFAULT_UNITS {
            assert!(factor.parse::<Decimal>().is_ok(), "{symbol}: {factor}");
        }
    }

    #[test]
    fn money_converts_within_its_dimension() {
        let t = UnitTable::standard();
        let yuan = t.lookup("元").unwrap();
        let wan = t.lookup("万元").unwrap();
        assert!(yuan.convertible(&wan));
        assert_eq!(
            Decimal::from(15000) * yuan.factor,
            "1.5".parse::<Decimal>().unwrap() * wan.factor
        );
    }

    #[test]
    fn area_converts_exactly() {
        let t = UnitTable::standard();
        let ha = t.lookup("公顷").unwrap();
        let m2 = t.lookup("㎡").unwrap();
        assert_eq!(ha.factor, Decimal::from(15));
        assert_eq!(Decimal::from(10000) * m2.factor, ha.factor);
    }

    #[test]
    fn measure_word_and_multipliers() {
        let t = UnitTable::standard();
        assert_eq!(t.lookup("个季度").unwrap().symbol, "季度");
        let wan_renci = t.lookup("万人次").unwrap();
        assert_eq!(wan_renci.base, "人次");
        assert_eq!(wan_renci.factor, Decimal::from(10000));
        assert!(t.lookup("亩地").is_none());
        assert!(
            !t.lookup("人")
                .unwrap()
                .convertible(&t.lookup("件").unwrap())
        );
    }

    #[test]
    fn compound_units() {
        let t = UnitTable::standard();
        for text in [
            "元/户",
            "元/人·月",
            "人次/年",
            "万元/公里",
            "元/生",
            "元/平方米",
            "吨/日",
        ] {
            let unit = t.lookup(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(unit.dimension, Dimension::Rate, "{text}");
            assert_eq!(unit.symbol, text);
        }
        let per_km = t.lookup("万元/公里").unwrap();
        let per_m = t.lookup("元/米").unwrap();
        assert!(per_km.convertible(&per_m));
        assert_eq!(per_km.factor, Decimal::from(10));
        assert!(
            !t.lookup("元/户")
                .unwrap()
                .convertible(&t.lookup("元/人").unwrap())
        );
        for text in ["元/", "/户", "元/户口本", "xx/户", "元/户/月"] {
            assert!(t.lookup(text).is_none(), "{text}");
        }
    }

    #[test]
    fn a_scheme_can_add_units() {
        let mut t = UnitTable::standard().clone();
        assert!(t.lookup("羽").is_none());
        t.add("羽", &[], Dimension::Count, "羽", Decimal::ONE);
        assert_eq!(t.lookup("羽").unwrap().dimension, Dimension::Count);
    }
}
