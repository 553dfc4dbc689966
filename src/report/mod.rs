//! Renderers: a [`Report`] to JSON (here) and to miette diagnostics for people (`human`).
//! A renderer never recomputes: every figure comes from the engine.

pub mod escape;
#[cfg(feature = "cli")]
pub mod human;
pub mod mark;
pub mod summary;
#[cfg(feature = "cli")]
mod window;
pub mod xlsx;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::diagnostic::{Finding, Pos};
use crate::engine::Report;
use crate::lang::Lang;
use crate::sheet::Sheet;

// The JSON report is written by serde straight from borrowed fields: a batch of thousands of
// sheets builds no intermediate value tree. Decimals are strings, trailing zeros removed.

/// A decimal as a JSON string.
struct Dec(Decimal);

impl Serialize for Dec {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0.normalize())
    }
}

fn dec(d: Decimal) -> Dec {
    Dec(d)
}

fn opt(d: Option<Decimal>) -> Option<Dec> {
    d.map(Dec)
}

/// A computed share (执行率, 偏差度) to four places, i.e. hundredths of a percent, as printed on
/// the forms; 0.8189999… becomes "0.819".
fn share(d: Option<Decimal>) -> Option<Dec> {
    d.map(
        |d| Dec(d.round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero)),
    )
}

#[derive(Serialize)]
struct Span {
    start: usize,
    end: usize,
}

/// Where a finding points: file, and line/column or worksheet/cell, and the part of the cell it
/// is about (characters of the file from line/column).
#[derive(Serialize)]
pub struct Location<'a> {
    file: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sheet: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cell: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    span: Option<Span>,
}

pub fn location(f: &Finding) -> Location<'_> {
    let mut at = Location {
        file: f.file.as_ref().map(|s| &*s.path),
        line: None,
        column: None,
        sheet: None,
        cell: None,
        span: None,
    };
    match &f.pos {
        Pos::Text {
            line,
            column,
            offset,
        } => {
            at.line = Some(*line);
            at.column = Some(*column);
            // The part of the cell the finding is about, in characters of the file counted
            // from the value's line and column.
            if let (Some(found), Some(file)) = (f.span_in_file(), &f.file)
                && let Some(before) = file.text.get(*offset..found.start)
            {
                let start = before.chars().count();
                let len = file.text[found].chars().count();
                at.span = Some(Span {
                    start,
                    end: start + len,
                });
            }
        }
        Pos::Cell { sheet, row, col } => {
            at.sheet = Some(sheet);
            at.cell = Some(crate::diagnostic::a1(*row, *col));
        }
        Pos::File => {}
    }
    at
}

/// One finding, as JSON.
#[derive(Serialize)]
pub struct FindingJson<'a> {
    rule: &'a str,
    severity: &'static str,
    message: &'a str,
    help: &'a str,
    indicator: Option<usize>,
    field: Option<&'a str>,
    location: Location<'a>,
}

pub fn finding_json(f: &Finding, lang: Lang) -> FindingJson<'_> {
    FindingJson {
        rule: &f.rule,
        severity: f.severity.name(),
        message: f.message.get(lang),
        help: f.help.get(lang),
        indicator: f.indicator,
        field: f.field.as_deref(),
        location: location(f),
    }
}

#[derive(Serialize)]
struct SchemeJson<'a> {
    id: &'a str,
    sha256: &'a str,
}

#[derive(Serialize)]
struct TotalJson<'a> {
    weight: Dec,
    claimed: Option<Dec>,
    /// `null` when the sheet cannot be scored (nothing filled in).
    computed: Option<Dec>,
    grade: Option<&'a str>,
    claimed_grade: Option<&'a str>,
    /// Points counted as claimed that the sheet gives no means to verify.
    #[serde(skip_serializing_if = "Option::is_none")]
    unverified: Option<Dec>,
}

#[derive(Serialize)]
struct Pair {
    claimed: Option<Dec>,
    computed: Option<Dec>,
}

#[derive(Serialize)]
struct BudgetJson<'a> {
    rate: Pair,
    score: Pair,
    ledger: Vec<&'a str>,
}

#[derive(Serialize)]
struct IndicatorJson<'a> {
    index: usize,
    level1: &'a str,
    level2: Option<&'a str>,
    name: &'a str,
    target: &'a str,
    actual: &'a str,
    weight: Dec,
    claimed: Option<Dec>,
    computed: Dec,
    deviation: Option<Dec>,
    ledger: Vec<&'a str>,
}

/// One checked sheet, as JSON.
#[derive(Serialize)]
pub struct ReportJson<'a> {
    sheet: &'a str,
    entity: Option<&'a str>,
    /// `null` when the sheet names no year.
    year: Option<i32>,
    kind: &'static str,
    scheme: SchemeJson<'a>,
    total: TotalJson<'a>,
    budget: BudgetJson<'a>,
    indicators: Vec<IndicatorJson<'a>>,
    findings: Vec<FindingJson<'a>>,
}

/// The JSON document for one checked sheet (serialize it with serde_json).
pub fn report_json<'a>(sheet: &'a Sheet, report: &'a Report, lang: Lang) -> ReportJson<'a> {
    let b = &report.budget;
    ReportJson {
        sheet: &report.sheet.path,
        entity: sheet.entity.as_ref().map(|e| e.value.as_str()),
        year: sheet.year.as_ref().map(|y| y.value),
        kind: sheet.kind.value.name(),
        scheme: SchemeJson {
            id: &report.scheme_id,
            sha256: &report.scheme_sha256,
        },
        total: TotalJson {
            weight: dec(report.total.weight),
            claimed: opt(report.total.claimed),
            computed: opt(report.total.counted()),
            grade: report.total.grade.as_deref(),
            claimed_grade: report.total.claimed_grade.as_deref(),
            unverified: (!report.total.unverified.is_zero()).then(|| dec(report.total.unverified)),
        },
        budget: BudgetJson {
            rate: Pair {
                claimed: opt(b.rate_claimed),
                computed: share(b.rate),
            },
            score: Pair {
                claimed: opt(b.claimed),
                computed: opt(b.computed),
            },
            ledger: b.ledger.iter().map(|l| l.text.get(lang)).collect(),
        },
        indicators: sheet
            .indicators
            .iter()
            .zip(&report.rows)
            .map(|(row, r)| IndicatorJson {
                index: r.index,
                level1: &row.level1.value,
                level2: row.level2.as_ref().map(|l| l.value.as_str()),
                name: &row.name.value,
                target: &row.target.value,
                actual: &row.actual.value,
                weight: dec(r.weight),
                claimed: opt(r.claimed),
                computed: dec(r.computed),
                deviation: share(r.deviation),
                ledger: r.ledger.iter().map(|l| l.text.get(lang)).collect(),
            })
            .collect(),
        findings: report
            .findings
            .iter()
            .map(|f| finding_json(f, lang))
            .collect(),
    }
}

/// The whole ledger, row by row, and how the claimed and computed totals reconcile.
pub fn explain(
    sheet: &Sheet,
    scheme: &crate::scheme::Scheme,
    report: &Report,
    lang: Lang,
) -> String {
    use std::fmt::Write;
    let zh = lang == Lang::Zh;
    let p = |d: Decimal| crate::numfmt::points(d, scheme.rounding.places);
    let o = |d: Option<Decimal>| d.map_or_else(|| "—".to_string(), p);
    let mut s = String::new();
    let b = &report.budget;
    let _ = if zh {
        writeln!(
            s,
            "{} 复核明细（评分方案 {}）\n",
            report.sheet.path, scheme.id
        )
    } else {
        writeln!(s, "{} ledger (scheme {})\n", report.sheet.path, scheme.id)
    };
    let _ = if zh {
        writeln!(
            s,
            "预算执行  分值 {}  自评 {}  复核 {}",
            p(b.weight),
            o(b.claimed),
            o(b.computed)
        )
    } else {
        writeln!(
            s,
            "budget  weight {}  claimed {}  recomputed {}",
            p(b.weight),
            o(b.claimed),
            o(b.computed)
        )
    };
    for l in &b.ledger {
        let _ = writeln!(s, "    · {}", l.text.get(lang));
    }
    for (row, r) in sheet.indicators.iter().zip(&report.rows) {
        let _ = if zh {
            writeln!(
                s,
                "{:>3}. {}  分值 {}  自评 {}  复核 {}",
                r.index + 1,
                row.name.value.trim(),
                p(r.weight),
                o(r.claimed),
                p(r.computed)
            )
        } else {
            writeln!(
                s,
                "{:>3}. {}  weight {}  claimed {}  recomputed {}",
                r.index + 1,
                row.name.value.trim(),
                p(r.weight),
                o(r.claimed),
                p(r.computed)
            )
        };
        for l in &r.ledger {
            let _ = writeln!(s, "    · {}", l.text.get(lang));
        }
    }
    for l in &report.total.ledger {
        let _ = writeln!(
            s,
            "{}  · {}",
            if zh { "总分" } else { "total" },
            l.text.get(lang)
        );
    }
    let weights = report
        .rows
        .iter()
        .map(|r| r.weight)
        .fold(b.weight, |a, w| a.saturating_add(w));
    let lost = report
        .ledger()
        .map(|(_, l)| l.points)
        .fold(Decimal::ZERO, |a, x| a.saturating_add(x));
    let grade = report.total.grade.as_deref().unwrap_or("—");
    let _ = if zh {
        writeln!(
            s,
            "\n对账：分值合计 {} − 扣分合计 {} = 复核总分 {}（{grade}）；自评总分 {}",
            p(weights),
            p(lost),
            p(report.total.computed),
            o(report.total.claimed)
        )
    } else {
        writeln!(
            s,
            "\nreconciliation: weights {} − points lost {} = recomputed total {} ({grade}); claimed {}",
            p(weights),
            p(lost),
            p(report.total.computed),
            o(report.total.claimed)
        )
    };
    let t = &report.total;
    let unfilled = report.form.unfilled;
    let _ = match (t.scorable, t.unverified.is_zero(), zh) {
        (false, _, true) if unfilled => {
            writeln!(s, "各指标的完成值与得分均未填写：本表无法评分，不给等级")
        }
        (false, _, false) if unfilled => writeln!(
            s,
            "no actual and no score is filled in: the sheet cannot be scored and has no grade"
        ),
        (false, _, true) => writeln!(s, "本表各指标既无分值也无得分：不计总分，不给等级"),
        (false, _, false) => writeln!(
            s,
            "the form gives its indicators neither weights nor scores: no total, no grade"
        ),
        (true, false, true) => writeln!(
            s,
            "其中 {} 分按自评得分计入，无法核对（指标值与完成值均未填写）",
            p(t.unverified)
        ),
        (true, false, false) => writeln!(
            s,
            "{} of it counts as claimed and cannot be verified (no target and no actual)",
            p(t.unverified)
        ),
        (true, true, _) => Ok(()),
    };
    s
}
