//! Renderers: a [`Report`] to JSON (here) and to miette diagnostics for people (`human`).
//! A renderer never recomputes: every figure comes from the engine.

#[cfg(feature = "cli")]
pub mod human;
pub mod summary;
pub mod xlsx;

use rust_decimal::Decimal;
use serde_json::{Map, Value as Json, json};

use crate::diagnostic::{Finding, Pos};
use crate::engine::Report;
use crate::lang::Lang;
use crate::sheet::Sheet;

fn dec(d: Decimal) -> Json {
    json!(d.normalize().to_string())
}

fn opt(d: Option<Decimal>) -> Json {
    d.map_or(Json::Null, dec)
}

/// A computed share (执行率, 偏差度) to four places, i.e. hundredths of a percent, as printed on
/// the forms; 0.8189999… becomes "0.819".
fn share(d: Option<Decimal>) -> Json {
    d.map_or(Json::Null, |d| {
        dec(d.round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero))
    })
}

/// Where a finding points, as JSON: file, and line/column or worksheet/cell.
pub fn location_json(f: &Finding) -> Json {
    let mut o = Map::new();
    o.insert(
        "file".into(),
        f.file.as_ref().map_or(Json::Null, |s| json!(&*s.path)),
    );
    match &f.pos {
        Pos::Text { line, column, .. } => {
            o.insert("line".into(), json!(line));
            o.insert("column".into(), json!(column));
        }
        Pos::Cell { sheet, cell } => {
            o.insert("sheet".into(), json!(sheet));
            o.insert("cell".into(), json!(cell));
        }
        Pos::File => {}
    }
    if let (Some(span), Some(file), Pos::Text { offset, .. }) = (&f.span, &f.file, &f.pos) {
        // The span inside the cell text, in characters of that text.
        let text = &file.text[(*offset).min(file.text.len())..];
        o.insert(
            "span".into(),
            json!({
                "start": crate::text::char_index(text, span.start),
                "end": crate::text::char_index(text, span.end),
            }),
        );
    }
    Json::Object(o)
}

/// One finding as JSON.
pub fn finding_json(f: &Finding, lang: Lang) -> Json {
    json!({
        "rule": f.rule,
        "severity": f.severity.name(),
        "message": f.message.get(lang),
        "help": f.help.get(lang),
        "indicator": f.indicator,
        "field": f.field,
        "location": location_json(f),
    })
}

/// The JSON object for one checked sheet.
pub fn report_json(sheet: &Sheet, report: &Report, lang: Lang) -> Json {
    let indicators: Vec<Json> = sheet
        .indicators
        .iter()
        .zip(&report.rows)
        .map(|(row, r)| {
            json!({
                "index": r.index,
                "level1": row.level1.value,
                "level2": row.level2.as_ref().map(|l| &l.value),
                "name": row.name.value,
                "target": row.target.value,
                "actual": row.actual.value,
                "weight": dec(r.weight),
                "claimed": opt(r.claimed),
                "computed": dec(r.computed),
                "deviation": share(r.deviation),
                "ledger": r.ledger.iter().map(|l| l.text.get(lang)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let b = &report.budget;
    json!({
        "sheet": &*report.sheet.path,
        "entity": sheet.entity.as_ref().map(|e| &e.value),
        "year": sheet.year.value,
        "kind": sheet.kind.value.name(),
        "scheme": {"id": report.scheme_id, "sha256": report.scheme_sha256},
        "total": {
            "weight": dec(report.total.weight),
            "claimed": opt(report.total.claimed),
            "computed": dec(report.total.computed),
            "grade": report.total.grade,
            "claimed_grade": report.total.claimed_grade,
        },
        "budget": {
            "rate": {"claimed": opt(b.rate_claimed), "computed": share(b.rate)},
            "score": {"claimed": opt(b.claimed), "computed": opt(b.computed)},
            "ledger": b.ledger.iter().map(|l| l.text.get(lang)).collect::<Vec<_>>(),
        },
        "indicators": indicators,
        "findings": report.findings.iter().map(|f| finding_json(f, lang)).collect::<Vec<_>>(),
    })
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
    let p = |d: Decimal| format!("{:.*}", scheme.rounding.places as usize, d);
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
    s
}
