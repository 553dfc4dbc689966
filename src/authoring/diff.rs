//! Comparing two schemes (`jixiao scheme diff A B`): what changed, in words a finance officer
//! reads, rule by rule. How the change moves real sheets is the caller's (evaluate both).

use rust_decimal::Decimal;

use crate::engine::{num, percent};
use crate::lang::Text;
use crate::scheme::{BudgetScore, Lower, OverAction, Scheme};

fn budget_score(s: &BudgetScore) -> String {
    match s {
        BudgetScore::Proportional => "执行率 × 分值（封顶）".to_string(),
        BudgetScore::ThresholdRatio(t) => format!("min(1, 执行率 ÷ {}) × 分值", percent(*t)),
        BudgetScore::PerPoint { line, points, per } => {
            format!(
                "低于 {} 每 {} 扣 {} 分",
                percent(*line),
                percent(*per),
                num(*points)
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
        Lower::Decay(m) => format!("线性递减，{} 倍指标值时为 0", num(m)),
    }
}

fn over(o: Option<(Decimal, OverAction)>) -> String {
    match o {
        None => "无".to_string(),
        Some((t, OverAction::Warn)) => format!("达到 {} 时提示", percent(t)),
        Some((t, OverAction::Reason)) => format!("达到 {} 时须说明原因", percent(t)),
        Some((t, OverAction::Deduct(p))) => format!("达到 {} 时扣 {} 分", percent(t), num(p)),
    }
}

/// Every difference from `a` to `b`, one line each (Chinese and English).
pub fn diff(a: &Scheme, b: &Scheme) -> Vec<Text> {
    let mut out = Vec::new();
    let mut line = |what_zh: &str, what_en: &str, x: String, y: String| {
        if x != y {
            out.push(Text::new(
                format!("{what_zh}：{x} → {y}"),
                format!("{what_en}: {x} → {y}"),
            ));
        }
    };
    let years = |s: &Scheme| match s.years {
        (Some(f), Some(t)) => format!("{f}–{t}"),
        (Some(f), None) => format!("{f} 起"),
        (None, Some(t)) => format!("至 {t}"),
        (None, None) => "不限".to_string(),
    };
    line("适用年度", "years", years(a), years(b));
    line("总分", "total", num(a.total), num(b.total));
    line(
        "预算执行分值",
        "budget weight",
        num(a.budget.weight),
        num(b.budget.weight),
    );
    line(
        "执行率公式",
        "rate formula",
        a.budget.rate.to_string(),
        b.budget.rate.to_string(),
    );
    line(
        "执行率得分方式",
        "budget score",
        budget_score(&a.budget.score),
        budget_score(&b.budget.score),
    );
    let caps = |s: &Scheme| {
        s.budget
            .caps
            .iter()
            .map(|c| format!("{}→{}", c.name, num(c.cap)))
            .collect::<Vec<_>>()
            .join("；")
    };
    line("总分封顶", "total caps", or_none(caps(a)), or_none(caps(b)));
    line(
        "反向指标未完成",
        "unmet ≤ targets",
        lower(a.quantitative.lower),
        lower(b.quantitative.lower),
    );
    line(
        "超额规则",
        "over-achievement",
        over(a.quantitative.over_threshold),
        over(b.quantitative.over_threshold),
    );
    line(
        "逾期得分比例",
        "missed deadline keeps",
        percent(a.deadline_missed),
        percent(b.deadline_missed),
    );
    line(
        "保留小数位",
        "decimal places",
        a.rounding.places.to_string(),
        b.rounding.places.to_string(),
    );
    line(
        "得分容差",
        "score tolerance",
        num(a.score_tolerance),
        num(b.score_tolerance),
    );
    for c in &b.categories {
        match a.categories.iter().find(|x| x.name == c.name) {
            None => out.push(Text::new(
                format!("新增一级指标“{}”", c.name),
                format!("category \"{}\" added", c.name),
            )),
            Some(old) => {
                let w = |x: Option<Decimal>| x.map_or_else(|| "不固定".to_string(), num);
                if old.weight != c.weight {
                    out.push(Text::new(
                        format!(
                            "一级指标“{}”分值：{} → {}",
                            c.name,
                            w(old.weight),
                            w(c.weight)
                        ),
                        format!(
                            "category \"{}\" weight: {} → {}",
                            c.name,
                            w(old.weight),
                            w(c.weight)
                        ),
                    ));
                }
            }
        }
    }
    for c in a
        .categories
        .iter()
        .filter(|c| !b.categories.iter().any(|x| x.name == c.name))
    {
        out.push(Text::new(
            format!("删除一级指标“{}”", c.name),
            format!("category \"{}\" removed", c.name),
        ));
    }
    for band in &b.qualitative.bands {
        if let Some(old) = a.qualitative.bands.iter().find(|x| x.name == band.name)
            && (old.min, old.max, old.max_inclusive) != (band.min, band.max, band.max_inclusive)
        {
            out.push(Text::new(
                format!(
                    "定性档次“{}”：{}–{} → {}–{}",
                    band.name,
                    percent(old.min),
                    percent(old.max),
                    percent(band.min),
                    percent(band.max)
                ),
                format!(
                    "band \"{}\": {}–{} → {}–{}",
                    band.name,
                    percent(old.min),
                    percent(old.max),
                    percent(band.min),
                    percent(band.max)
                ),
            ));
        }
    }
    for g in &b.grades {
        if let Some(old) = a.grades.iter().find(|x| x.name == g.name)
            && old.min != g.min
        {
            out.push(Text::new(
                format!("等级“{}”下限：{} → {}", g.name, num(old.min), num(g.min)),
                format!(
                    "grade \"{}\" from {} → {}",
                    g.name,
                    num(old.min),
                    num(g.min)
                ),
            ));
        }
    }
    for d in &b.derived {
        match a.derived.iter().find(|x| x.name == d.name) {
            None => out.push(Text::new(
                format!("新增派生指标“{}”", d.name),
                format!("derived indicator \"{}\" added", d.name),
            )),
            Some(old) if old.formula != d.formula || old.replace != d.replace => {
                out.push(Text::new(
                    format!("派生指标“{}”：{} → {}", d.name, old.formula, d.formula),
                    format!(
                        "derived indicator \"{}\": {} → {}",
                        d.name, old.formula, d.formula
                    ),
                ))
            }
            Some(_) => {}
        }
    }
    for r in &b.rules {
        match a.rules.iter().find(|x| x.name == r.name) {
            None => out.push(Text::new(
                format!("新增自定义检查 {}：{}", r.name, r.title.zh),
                format!("custom check {} added: {}", r.name, r.title.en),
            )),
            Some(old)
                if old.require != r.require || old.when != r.when || old.severity != r.severity =>
            {
                out.push(Text::new(
                    format!("自定义检查 {} 已修改", r.name),
                    format!("custom check {} changed", r.name),
                ))
            }
            Some(_) => {}
        }
    }
    for r in a
        .rules
        .iter()
        .filter(|r| !b.rules.iter().any(|x| x.name == r.name))
    {
        out.push(Text::new(
            format!("删除自定义检查 {}", r.name),
            format!("custom check {} removed", r.name),
        ));
    }
    let mut names: Vec<&String> = a.severities.keys().chain(b.severities.keys()).collect();
    names.sort();
    names.dedup();
    let level = |s: &Scheme, n: &str| match s.severities.get(n) {
        None => "默认".to_string(),
        Some(None) => "关闭".to_string(),
        Some(Some(v)) => v.zh().to_string(),
    };
    for n in names {
        let (x, y) = (level(a, n), level(b, n));
        if x != y {
            out.push(Text::new(
                format!("检查 {n} 级别：{x} → {y}"),
                format!("check {n} severity: {x} → {y}"),
            ));
        }
    }
    out
}

fn or_none(s: String) -> String {
    if s.is_empty() { "无".to_string() } else { s }
}
