//! How a [`Value`] is shown: the JSON object of `jixiao parse --format json`, and one line
//! for a person. Decimals leave as strings, trailing zeros removed, so nothing rounds them.

use serde_json::{Map, Value as Json, json};

use super::{Quantity, Value};
use crate::lang::Lang;
use crate::text;

/// The JSON object describing how `text` was understood as `value`.
pub fn to_json(text: &str, value: &Value) -> Json {
    let mut o = Map::new();
    o.insert("text".into(), json!(text));
    o.insert("kind".into(), json!(value.kind()));
    match value {
        Value::Comparison {
            subject,
            op,
            quantity,
        } => {
            o.insert("op".into(), json!(op.symbol()));
            quantity_fields(&mut o, quantity);
            if let Some(s) = subject {
                o.insert("subject".into(), json!(s.text));
            }
        }
        Value::Quantity { subject, quantity } => {
            quantity_fields(&mut o, quantity);
            if let Some(s) = subject {
                o.insert("subject".into(), json!(s.text));
            }
        }
        Value::Range {
            low,
            high,
            low_inclusive,
            high_inclusive,
        } => {
            o.insert("low".into(), quantity_object(low));
            o.insert("high".into(), quantity_object(high));
            o.insert("low_inclusive".into(), json!(low_inclusive));
            o.insert("high_inclusive".into(), json!(high_inclusive));
        }
        Value::Date {
            date,
            precision,
            deadline,
            ..
        } => {
            o.insert("date".into(), json!(date.to_string()));
            o.insert("precision".into(), json!(precision.name()));
            if *deadline {
                o.insert("op".into(), json!("<="));
            }
        }
        Value::Qualitative(normalized) => {
            o.insert("normalized".into(), json!(normalized));
        }
        Value::Placeholder => {}
        Value::Error(e) => {
            o.insert("message".into(), json!(e.message.zh));
            o.insert("message_en".into(), json!(e.message.en));
            o.insert("help".into(), json!(e.help.zh));
            o.insert(
                "span".into(),
                json!({
                    "start": text::char_index(text, e.span.start),
                    "end": text::char_index(text, e.span.end),
                }),
            );
        }
    }
    Json::Object(o)
}

fn quantity_fields(o: &mut Map<String, Json>, q: &Quantity) {
    o.insert("value".into(), json!(q.value.normalize().to_string()));
    o.insert("unit".into(), json!(q.unit_symbol()));
    if let Some(u) = &q.unit {
        o.insert("dimension".into(), json!(u.dimension.name()));
    }
}

fn quantity_object(q: &Quantity) -> Json {
    json!({"value": q.value.normalize().to_string(), "unit": q.unit_symbol()})
}

/// One line saying what the value is, for a person.
pub fn describe(value: &Value, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let subject = |s: &Option<super::Subject>| match s {
        Some(s) if zh => format!("（主语：{}）", s.text),
        Some(s) => format!(" (subject: {})", s.text),
        None => String::new(),
    };
    match value {
        Value::Comparison {
            subject: s,
            op,
            quantity,
        } => {
            let dim = dimension(quantity, lang);
            if zh {
                format!("比较：{op} {quantity}{dim}{}", subject(s))
            } else {
                format!("comparison: {op} {quantity}{dim}{}", subject(s))
            }
        }
        Value::Quantity {
            subject: s,
            quantity,
        } => {
            let dim = dimension(quantity, lang);
            if zh {
                format!("数量：{quantity}{dim}{}", subject(s))
            } else {
                format!("quantity: {quantity}{dim}{}", subject(s))
            }
        }
        Value::Range {
            low,
            high,
            low_inclusive,
            high_inclusive,
        } => {
            let open = if *low_inclusive { '[' } else { '(' };
            let close = if *high_inclusive { ']' } else { ')' };
            let word = if zh { "范围：" } else { "range: " };
            format!("{word}{open}{low}, {high}{close}")
        }
        Value::Date {
            date,
            precision,
            deadline,
            ..
        } => {
            let p = match (precision, zh) {
                (super::Precision::Day, true) => "精确到日",
                (super::Precision::Month, true) => "精确到月",
                (super::Precision::Year, true) => "精确到年",
                (p, false) => p.name(),
            };
            match (zh, deadline) {
                (true, true) => format!("期限：不晚于 {date}（{p}）"),
                (true, false) => format!("日期：{date}（{p}）"),
                (false, true) => format!("deadline: no later than {date} ({p})"),
                (false, false) => format!("date: {date} ({p})"),
            }
        }
        Value::Qualitative(t) if zh => format!("定性：{t}"),
        Value::Qualitative(t) => format!("qualitative: {t}"),
        Value::Placeholder if zh => "占位：未填写".to_string(),
        Value::Placeholder => "placeholder: not set".to_string(),
        Value::Error(e) if zh => format!("错误：{}", e.message.zh),
        Value::Error(e) => format!("error: {}", e.message.en),
    }
}

fn dimension(q: &Quantity, lang: Lang) -> String {
    match (&q.unit, lang) {
        (Some(u), Lang::Zh) => format!("（{}）", u.dimension.zh()),
        (Some(u), Lang::En) => format!(" ({})", u.dimension.name()),
        (None, _) => String::new(),
    }
}
