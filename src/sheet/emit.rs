//! Writing a [`Sheet`] back as format sheet/1 text (`jixiao convert`): YAML in the canonical
//! key order, or the same document as JSON. Figures are written exactly as the decimals they
//! are; cell texts are always quoted, so `100` stays the text "100" and a leading `=` or `@`
//! is never read as anything else.

use rust_decimal::Decimal;
use serde_json::{Map, Value as Json, json};

use super::{BudgetRow, Field, Indicator, Sheet};

/// The sheet as a JSON document (figures as exact decimal strings).
pub fn to_json(sheet: &Sheet) -> String {
    let mut o = Map::new();
    o.insert("format".into(), json!("sheet/1"));
    if let Some(t) = &sheet.title {
        o.insert("title".into(), json!(t.value));
    }
    o.insert("kind".into(), json!(sheet.kind.value.name()));
    o.insert("year".into(), json!(sheet.year.as_ref().map(|y| y.value)));
    for (key, field) in [
        ("entity", &sheet.entity),
        ("project", &sheet.project),
        ("authority", &sheet.authority),
    ] {
        if let Some(f) = field {
            o.insert(key.into(), json!(f.value));
        }
    }
    if let Some(b) = &sheet.budget {
        o.insert(
            "budget".into(),
            json!({
                "unit": b.unit.value,
                "total": budget_row_json(&b.total),
                "sources": b.sources.iter().map(budget_row_json).collect::<Vec<_>>(),
            }),
        );
    }
    if !sheet.goals.is_empty() {
        let goals: Vec<Json> = sheet
            .goals
            .iter()
            .map(|g| object(&[("expected", text(&g.expected)), ("actual", text(&g.actual))]))
            .collect();
        o.insert("goals".into(), Json::Array(goals));
    }
    if !sheet.tasks.is_empty() {
        let tasks: Vec<Json> = sheet
            .tasks
            .iter()
            .map(|t| {
                object(&[
                    ("name", text(&t.name)),
                    ("content", text(&t.content)),
                    ("actual", text(&t.actual)),
                ])
            })
            .collect();
        o.insert("tasks".into(), Json::Array(tasks));
    }
    o.insert(
        "indicators".into(),
        Json::Array(sheet.indicators.iter().map(indicator_json).collect()),
    );
    if let Some(t) = &sheet.total {
        o.insert(
            "total".into(),
            object(&[
                ("weight", number(&t.weight)),
                ("score", number(&t.score)),
                ("grade", text(&t.grade)),
            ]),
        );
    }
    let mut out = serde_json::to_string_pretty(&Json::Object(o)).unwrap_or_default();
    out.push('\n');
    out
}

fn text(f: &Option<Field<String>>) -> Option<Json> {
    f.as_ref().map(|f| json!(f.value))
}

fn number(f: &Option<Field<Decimal>>) -> Option<Json> {
    f.as_ref().map(|f| json!(f.value.to_string()))
}

/// An object of the present fields, in the given order.
fn object(fields: &[(&str, Option<Json>)]) -> Json {
    Json::Object(
        fields
            .iter()
            .filter_map(|(k, v)| v.clone().map(|v| ((*k).to_string(), v)))
            .collect(),
    )
}

fn budget_row_json(r: &BudgetRow) -> Json {
    object(&[
        ("name", text(&r.name)),
        ("initial", number(&r.initial)),
        ("full_year", number(&r.full_year)),
        ("executed", number(&r.executed)),
        ("weight", number(&r.weight)),
        ("rate", text(&r.rate)),
        ("score", number(&r.score)),
    ])
}

fn indicator_json(i: &Indicator) -> Json {
    object(&[
        ("level1", Some(json!(i.level1.value))),
        ("level2", text(&i.level2)),
        ("name", Some(json!(i.name.value))),
        ("target", Some(json!(i.target.value))),
        ("actual", Some(json!(i.actual.value))),
        ("op", text(&i.op)),
        ("unit", text(&i.unit)),
        ("weight", number(&i.weight)),
        ("score", number(&i.score)),
        ("deviation", text(&i.deviation)),
        ("reason", text(&i.reason)),
    ])
}

/// The sheet as YAML: the JSON document written in block style, texts double-quoted (JSON
/// string syntax is valid YAML), figures bare.
pub fn to_yaml(sheet: &Sheet) -> String {
    let doc: Json = serde_json::from_str(&to_json(sheet)).unwrap_or(Json::Null);
    let mut out = String::new();
    yaml_value(&doc, 0, &mut out);
    out
}

/// Keys whose values are figures, written bare so they read back as numbers.
const FIGURES: &[&str] = &[
    "initial",
    "full_year",
    "executed",
    "weight",
    "score",
    "year",
];

fn scalar(key: &str, v: &Json) -> String {
    match v {
        Json::String(s) if FIGURES.contains(&key) => s.clone(),
        other => other.to_string(),
    }
}

fn yaml_value(v: &Json, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match v {
        Json::Object(map) => {
            for (k, val) in map {
                out.push_str(&pad);
                match val {
                    Json::Object(inner) if !inner.is_empty() => {
                        out.push_str(&format!("{k}:\n"));
                        yaml_value(val, indent + 2, out);
                    }
                    Json::Array(items) if !items.is_empty() => {
                        out.push_str(&format!("{k}:\n"));
                        for item in items {
                            out.push_str(&format!("{pad}  - "));
                            let mut item_out = String::new();
                            yaml_value(item, indent + 4, &mut item_out);
                            out.push_str(item_out.trim_start());
                        }
                    }
                    Json::Array(_) => out.push_str(&format!("{k}: []\n")),
                    Json::Object(_) => out.push_str(&format!("{k}: {{}}\n")),
                    _ => out.push_str(&format!("{k}: {}\n", scalar(k, val))),
                }
            }
        }
        other => {
            out.push_str(&pad);
            out.push_str(&other.to_string());
            out.push('\n');
        }
    }
}
