//! Comparing two schemes (`jixiao scheme diff A B`): what changed, in words a finance officer
//! reads, rule by rule. How the change moves real sheets is the caller's (evaluate both).
//!
//! Every part of a compiled scheme that changes a score, a grade, or which findings a sheet
//! gets and how severe they are is compared. Left out, as they change none of these: the id
//! and name (the caller prints the ids), the year the scheme was written for (its `years`
//! are compared), `sources`, where each item was written, and a custom check's wording
//! (title, message, help, docs) and the field its findings point at.

use rust_decimal::Decimal;

use crate::lang::Text;
use crate::numfmt::{percent, plain};
use crate::scheme::{
    Band, BudgetScore, DeviationRules, Lower, OverAction, RuleScope, Scheme, TotalCap,
};
use crate::sheet::SheetKind;
use crate::value::Unit;

fn budget_score(s: &BudgetScore) -> String {
    match s {
        BudgetScore::Proportional => "执行率 × 分值（封顶）".to_string(),
        BudgetScore::ThresholdRatio(t) => format!("min(1, 执行率 ÷ {}) × 分值", percent(*t)),
        BudgetScore::PerPoint { line, points, per } => {
            format!(
                "低于 {} 每 {} 扣 {} 分",
                percent(*line),
                percent(*per),
                plain(*points)
            )
        }
        BudgetScore::Bands(bands) => bands
            .iter()
            .map(|(min, share)| format!("≥{} 得 {}", percent(*min), percent(*share)))
            .collect::<Vec<_>>()
            .join("；"),
        BudgetScore::Formula(f) => format!("公式 {f}"),
    }
}

fn lower(l: Lower) -> String {
    match l {
        Lower::Inverse => "指标值 ÷ 实际值 × 分值".to_string(),
        Lower::Decay(m) => format!("线性递减，{} 倍指标值时为 0", plain(m)),
    }
}

fn over(o: Option<(Decimal, OverAction)>) -> String {
    match o {
        None => "无".to_string(),
        Some((t, OverAction::Warn)) => format!("达到 {} 时提示", percent(t)),
        Some((t, OverAction::Reason)) => format!("达到 {} 时须说明原因", percent(t)),
        Some((t, OverAction::Deduct(p))) => format!("达到 {} 时扣 {} 分", percent(t), plain(p)),
    }
}

fn kind(k: SheetKind) -> String {
    match k {
        SheetKind::Department => "部门整体自评表",
        SheetKind::Project => "项目支出绩效自评表",
    }
    .to_string()
}

/// A total cap as the ledger names its band: `执行率70%-80%（70.00%–80.00%）封顶 89`.
fn cap(c: &TotalCap) -> String {
    let range = match c.max {
        Some(max) => format!("{}–{}", percent(c.min), percent(max)),
        None => format!("≥{}", percent(c.min)),
    };
    if c.name.is_empty() {
        format!("{range} 封顶 {}", plain(c.cap))
    } else {
        format!("{}（{range}）封顶 {}", c.name, plain(c.cap))
    }
}

/// A qualitative band's share of 分值, `（含）` when its upper end belongs to it.
fn band(b: &Band) -> String {
    let inclusive = if b.max_inclusive { "（含）" } else { "" };
    format!("{}–{}{inclusive}", percent(b.min), percent(b.max))
}

fn deviation_definition(d: &DeviationRules) -> String {
    if d.shortfall_only {
        "只计未完成的差距（完成即为 0）"
    } else {
        "实际值与指标值的相对差"
    }
    .to_string()
}

/// When the engine asks for 偏差原因分析: always for an unmet target, and beyond the threshold.
fn reason_required(d: &DeviationRules) -> String {
    if d.reason_threshold.is_zero() {
        "未完成时".to_string()
    } else {
        format!("未完成或偏差度超过 {} 时", percent(d.reason_threshold))
    }
}

fn rounding_mode(truncate: bool) -> String {
    if truncate { "截尾" } else { "四舍五入" }.to_string()
}

fn derived_mode(replace: bool) -> String {
    if replace {
        "以计算值代替填报的实际完成值"
    } else {
        "只核对填报的实际完成值"
    }
    .to_string()
}

fn scope(s: RuleScope) -> String {
    match s {
        RuleScope::Indicator => "逐个指标",
        RuleScope::Sheet => "整表",
    }
    .to_string()
}

/// How a unit text reads under a scheme's unit table: `面积，即“公顷”，1 公顷 = 15 亩`.
fn unit(spelling: &str, u: Option<&Unit>) -> String {
    let Some(u) = u else {
        return "未定义".to_string();
    };
    let mut parts = vec![u.dimension.zh().to_string()];
    if u.symbol != spelling {
        parts.push(format!("即“{}”", u.symbol));
    }
    if u.base != u.symbol || u.factor != Decimal::ONE {
        parts.push(format!("1 {} = {} {}", u.symbol, plain(u.factor), u.base));
    }
    parts.join("，")
}

fn or_none(s: String) -> String {
    if s.is_empty() { "无".to_string() } else { s }
}

/// One line `what：old → new` when the values differ.
fn change(out: &mut Vec<Text>, what_zh: &str, what_en: &str, old: String, new: String) {
    if old != new {
        out.push(Text::new(
            format!("{what_zh}：{old} → {new}"),
            format!("{what_en}: {old} → {new}"),
        ));
    }
}

/// The items of `new` missing from `old` and those of `old` missing from `new`, each in the
/// order of its own list.
fn added_removed<'a>(old: &[&'a str], new: &[&'a str]) -> (Vec<&'a str>, Vec<&'a str>) {
    let added = new.iter().filter(|x| !old.contains(x)).copied().collect();
    let removed = old.iter().filter(|x| !new.contains(x)).copied().collect();
    (added, removed)
}

/// Up to two lines for a set-like list: what was added, what was removed.
fn set_change(out: &mut Vec<Text>, what_zh: &str, what_en: &str, old: &[&str], new: &[&str]) {
    let (added, removed) = added_removed(old, new);
    if !added.is_empty() {
        out.push(Text::new(
            format!("{what_zh}新增：{}", added.join("、")),
            format!("{what_en} added: {}", added.join(", ")),
        ));
    }
    if !removed.is_empty() {
        out.push(Text::new(
            format!("{what_zh}删除：{}", removed.join("、")),
            format!("{what_en} removed: {}", removed.join(", ")),
        ));
    }
}

/// One line for each item of `old`, by name, that `new` no longer has.
fn removed<T>(
    out: &mut Vec<Text>,
    old: &[T],
    new: &[T],
    name: impl Fn(&T) -> &str,
    line: impl Fn(&str) -> Text,
) {
    for item in old
        .iter()
        .filter(|o| !new.iter().any(|n| name(n) == name(o)))
    {
        out.push(line(name(item)));
    }
}

fn strs(list: &[String]) -> Vec<&str> {
    list.iter().map(String::as_str).collect()
}

/// Every difference from `a` to `b`, one line each (Chinese and English).
pub fn diff(a: &Scheme, b: &Scheme) -> Vec<Text> {
    let mut out = Vec::new();
    let years = |s: &Scheme| match s.years {
        (Some(f), Some(t)) => format!("{f}–{t}"),
        (Some(f), None) => format!("{f} 起"),
        (None, Some(t)) => format!("至 {t}"),
        (None, None) => "不限".to_string(),
    };
    change(&mut out, "适用年度", "years", years(a), years(b));
    change(
        &mut out,
        "适用表种",
        "sheet kind",
        kind(a.kind),
        kind(b.kind),
    );
    change(&mut out, "总分", "total", plain(a.total), plain(b.total));
    budget(a, b, &mut out);
    change(
        &mut out,
        "反向指标未完成",
        "unmet ≤ targets",
        lower(a.quantitative.lower),
        lower(b.quantitative.lower),
    );
    change(
        &mut out,
        "超额规则",
        "over-achievement",
        over(a.quantitative.over_threshold),
        over(b.quantitative.over_threshold),
    );
    set_change(
        &mut out,
        "按名称视为反向指标的词",
        "lower-is-better names",
        &strs(&a.quantitative.lower_names),
        &strs(&b.quantitative.lower_names),
    );
    set_change(
        &mut out,
        "不超过 100% 的比率名称",
        "share names",
        &strs(&a.quantitative.share_names),
        &strs(&b.quantitative.share_names),
    );
    change(
        &mut out,
        "逾期得分比例",
        "missed deadline keeps",
        percent(a.deadline_missed),
        percent(b.deadline_missed),
    );
    deviation(&a.deviation, &b.deviation, &mut out);
    change(
        &mut out,
        "保留小数位",
        "decimal places",
        a.rounding.places.to_string(),
        b.rounding.places.to_string(),
    );
    change(
        &mut out,
        "舍入方式",
        "rounding mode",
        rounding_mode(a.rounding.truncate),
        rounding_mode(b.rounding.truncate),
    );
    change(
        &mut out,
        "得分容差",
        "score tolerance",
        plain(a.score_tolerance),
        plain(b.score_tolerance),
    );
    categories(a, b, &mut out);
    bands(a, b, &mut out);
    vocabulary(a, b, &mut out);
    grades(a, b, &mut out);
    derived(a, b, &mut out);
    rules(a, b, &mut out);
    severities(a, b, &mut out);
    units(a, b, &mut out);
    out
}

fn budget(a: &Scheme, b: &Scheme, out: &mut Vec<Text>) {
    change(
        out,
        "预算执行分值",
        "budget weight",
        plain(a.budget.weight),
        plain(b.budget.weight),
    );
    change(
        out,
        "执行率公式",
        "rate formula",
        a.budget.rate.to_string(),
        b.budget.rate.to_string(),
    );
    change(
        out,
        "执行率得分方式",
        "budget score",
        budget_score(&a.budget.score),
        budget_score(&b.budget.score),
    );
    // The caps are tried in order, so they are compared as one list.
    let caps = |s: &Scheme| s.budget.caps.iter().map(cap).collect::<Vec<_>>().join("；");
    change(
        out,
        "总分封顶",
        "total caps",
        or_none(caps(a)),
        or_none(caps(b)),
    );
}

fn deviation(a: &DeviationRules, b: &DeviationRules, out: &mut Vec<Text>) {
    change(
        out,
        "偏差度计算",
        "deviation definition",
        deviation_definition(a),
        deviation_definition(b),
    );
    change(
        out,
        "须填偏差原因",
        "reason required",
        reason_required(a),
        reason_required(b),
    );
    change(
        out,
        "偏差度容差",
        "deviation tolerance",
        percent(a.tolerance),
        percent(b.tolerance),
    );
}

fn categories(a: &Scheme, b: &Scheme, out: &mut Vec<Text>) {
    let weight = |x: Option<Decimal>| x.map_or_else(|| "不固定".to_string(), plain);
    let yes = |x: bool| (if x { "是" } else { "否" }, if x { "yes" } else { "no" });
    for c in &b.categories {
        let Some(old) = a.categories.iter().find(|x| x.name == c.name) else {
            out.push(Text::new(
                format!("新增一级指标“{}”", c.name),
                format!("category \"{}\" added", c.name),
            ));
            continue;
        };
        change(
            out,
            &format!("一级指标“{}”分值", c.name),
            &format!("category \"{}\" weight", c.name),
            weight(old.weight),
            weight(c.weight),
        );
        if old.required != c.required {
            let (was, now) = (yes(old.required), yes(c.required));
            out.push(Text::new(
                format!("一级指标“{}”必须出现：{} → {}", c.name, was.0, now.0),
                format!("category \"{}\" required: {} → {}", c.name, was.1, now.1),
            ));
        }
        set_change(
            out,
            &format!("一级指标“{}”别名", c.name),
            &format!("category \"{}\" aliases", c.name),
            &strs(&old.aliases),
            &strs(&c.aliases),
        );
        set_change(
            out,
            &format!("一级指标“{}”的二级指标", c.name),
            &format!("category \"{}\" subcategories", c.name),
            &strs(&old.subcategories),
            &strs(&c.subcategories),
        );
        if old.target_required != c.target_required {
            let (was, now) = (yes(old.target_required), yes(c.target_required));
            out.push(Text::new(
                format!("一级指标“{}”须有指标值：{} → {}", c.name, was.0, now.0),
                format!(
                    "category \"{}\" target required: {} → {}",
                    c.name, was.1, now.1
                ),
            ));
        }
    }
    removed(
        out,
        &a.categories,
        &b.categories,
        |c| &c.name,
        |n| {
            Text::new(
                format!("删除一级指标“{n}”"),
                format!("category \"{n}\" removed"),
            )
        },
    );
}

fn bands(a: &Scheme, b: &Scheme, out: &mut Vec<Text>) {
    let (old_bands, new_bands) = (&a.qualitative.bands, &b.qualitative.bands);
    for nb in new_bands {
        match old_bands.iter().find(|x| x.name == nb.name) {
            None => out.push(Text::new(
                format!("新增定性档次“{}”：{}", nb.name, band(nb)),
                format!("band \"{}\" added: {}", nb.name, band(nb)),
            )),
            Some(ob) => change(
                out,
                &format!("定性档次“{}”", nb.name),
                &format!("band \"{}\"", nb.name),
                band(ob),
                band(nb),
            ),
        }
    }
    removed(
        out,
        old_bands,
        new_bands,
        |b| &b.name,
        |n| {
            Text::new(
                format!("删除定性档次“{n}”"),
                format!("band \"{n}\" removed"),
            )
        },
    );
}

/// The words that rate a qualitative actual: per band (by name), words new to the scheme and
/// words gone from it; then words moved from one band to another.
fn vocabulary(a: &Scheme, b: &Scheme, out: &mut Vec<Text>) {
    let mut words: Vec<&str> = a
        .qualitative
        .vocabulary
        .keys()
        .chain(b.qualitative.vocabulary.keys())
        .map(String::as_str)
        .collect();
    words.sort_unstable();
    words.dedup();
    let mut names: Vec<&str> = b
        .qualitative
        .bands
        .iter()
        .map(|x| x.name.as_str())
        .collect();
    for x in &a.qualitative.bands {
        if !names.contains(&x.name.as_str()) {
            names.push(&x.name);
        }
    }
    for name in names {
        // Words of this band that the other scheme has in no band; a word that only moved
        // between bands is reported once, below.
        let only = |s: &Scheme, other: &Scheme| -> Vec<&str> {
            words
                .iter()
                .copied()
                .filter(|w| band_of(s, w) == Some(name) && band_of(other, w).is_none())
                .collect()
        };
        set_change(
            out,
            &format!("定性词表“{name}”"),
            &format!("vocabulary of band \"{name}\""),
            &only(a, b),
            &only(b, a),
        );
    }
    for w in words {
        if let (Some(x), Some(y)) = (band_of(a, w), band_of(b, w)) {
            change(
                out,
                &format!("定性词“{w}”"),
                &format!("qualitative word \"{w}\""),
                x.to_string(),
                y.to_string(),
            );
        }
    }
}

/// The band a vocabulary word rates an actual in, by name.
fn band_of<'a>(s: &'a Scheme, word: &str) -> Option<&'a str> {
    s.qualitative
        .vocabulary
        .get(word)
        .map(|&i| s.qualitative.bands[i].name.as_str())
}

fn grades(a: &Scheme, b: &Scheme, out: &mut Vec<Text>) {
    for g in &b.grades {
        match a.grades.iter().find(|x| x.name == g.name) {
            None => out.push(Text::new(
                format!("新增等级“{}”：下限 {}", g.name, plain(g.min)),
                format!("grade \"{}\" added: minimum {}", g.name, plain(g.min)),
            )),
            Some(old) => change(
                out,
                &format!("等级“{}”下限", g.name),
                &format!("grade \"{}\" minimum", g.name),
                plain(old.min),
                plain(g.min),
            ),
        }
    }
    removed(
        out,
        &a.grades,
        &b.grades,
        |g| &g.name,
        |n| Text::new(format!("删除等级“{n}”"), format!("grade \"{n}\" removed")),
    );
}

fn derived(a: &Scheme, b: &Scheme, out: &mut Vec<Text>) {
    for d in &b.derived {
        let Some(old) = a.derived.iter().find(|x| x.name == d.name) else {
            out.push(Text::new(
                format!("新增派生指标“{}”", d.name),
                format!("derived indicator \"{}\" added", d.name),
            ));
            continue;
        };
        let (zh, en) = (
            format!("派生指标“{}”", d.name),
            format!("derived indicator \"{}\"", d.name),
        );
        change(
            out,
            &format!("{zh}公式"),
            &format!("{en} formula"),
            old.formula.to_string(),
            d.formula.to_string(),
        );
        change(
            out,
            &format!("{zh}用法"),
            &format!("{en} mode"),
            derived_mode(old.replace),
            derived_mode(d.replace),
        );
        change(
            out,
            &format!("{zh}容差"),
            &format!("{en} tolerance"),
            percent(old.tolerance),
            percent(d.tolerance),
        );
        set_change(
            out,
            &format!("{zh}别名"),
            &format!("{en} aliases"),
            &strs(&old.aliases),
            &strs(&d.aliases),
        );
    }
    removed(
        out,
        &a.derived,
        &b.derived,
        |d| &d.name,
        |n| {
            Text::new(
                format!("删除派生指标“{n}”"),
                format!("derived indicator \"{n}\" removed"),
            )
        },
    );
}

fn rules(a: &Scheme, b: &Scheme, out: &mut Vec<Text>) {
    for r in &b.rules {
        let Some(old) = a.rules.iter().find(|x| x.name == r.name) else {
            out.push(Text::new(
                format!("新增自定义检查 {}：{}", r.name, r.title.zh),
                format!("custom check {} added: {}", r.name, r.title.en),
            ));
            continue;
        };
        let (zh, en) = (
            format!("自定义检查 {}", r.name),
            format!("custom check {}", r.name),
        );
        let when = |w: &Option<crate::formula::Formula>| {
            w.as_ref()
                .map_or_else(|| "无".to_string(), ToString::to_string)
        };
        change(
            out,
            &format!("{zh} 范围"),
            &format!("{en} scope"),
            scope(old.scope),
            scope(r.scope),
        );
        change(
            out,
            &format!("{zh} 条件（when）"),
            &format!("{en} when"),
            when(&old.when),
            when(&r.when),
        );
        change(
            out,
            &format!("{zh} 要求（require）"),
            &format!("{en} require"),
            old.require.to_string(),
            r.require.to_string(),
        );
        change(
            out,
            &format!("{zh} 级别"),
            &format!("{en} severity"),
            old.severity.zh().to_string(),
            r.severity.zh().to_string(),
        );
    }
    removed(
        out,
        &a.rules,
        &b.rules,
        |r| &r.name,
        |n| {
            Text::new(
                format!("删除自定义检查 {n}"),
                format!("custom check {n} removed"),
            )
        },
    );
}

fn severities(a: &Scheme, b: &Scheme, out: &mut Vec<Text>) {
    let mut names: Vec<&String> = a.severities.keys().chain(b.severities.keys()).collect();
    names.sort();
    names.dedup();
    let level = |s: &Scheme, n: &str| match s.severities.get(n) {
        None => "默认".to_string(),
        Some(None) => "关闭".to_string(),
        Some(Some(v)) => v.zh().to_string(),
    };
    for n in names {
        change(
            out,
            &format!("检查 {n} 级别"),
            &format!("check {n} severity"),
            level(a, n),
            level(b, n),
        );
    }
}

/// The scheme's own units: every spelling either table knows, read under both.
fn units(a: &Scheme, b: &Scheme, out: &mut Vec<Text>) {
    let mut spellings: Vec<&str> = a.units.spellings().chain(b.units.spellings()).collect();
    spellings.sort_unstable();
    spellings.dedup();
    for s in spellings {
        change(
            out,
            &format!("计量单位“{s}”"),
            &format!("unit \"{s}\""),
            unit(s, a.units.lookup(s).as_deref()),
            unit(s, b.units.lookup(s).as_deref()),
        );
    }
}
