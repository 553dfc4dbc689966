//! Block labels: a 一级 or 二级指标 cell as clerks print it, read into the name it gives and the
//! weight it declares.
//!
//! Forms decorate block names: `产出指标(50分)`, `产出指标（50分）`, `一、产出指标`,
//! `(二)效益指标`, `满意度指标(10分)`, `经济效益 指标` (a line break in the printed cell). The
//! name is what a scheme's categories are matched against; the declared weight is what the
//! rows under the block must add up to. Reading judges nothing: whether the name is a category
//! and whether the rows add up are the engine's and the checks' questions.

use rust_decimal::Decimal;

use crate::text;

/// A block label, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    /// The name without numbering, declared weight or white space, full-width folded:
    /// `产出指标` for `一、产出指标（50分）`.
    pub name: String,
    /// The weight printed with the name: 50 for `产出指标(50分)`.
    pub weight: Option<Decimal>,
}

/// A label's name in simplified characters, when it differs: `产出指标` for `產出指標`. Forms are
/// printed in simplified characters; some document sites republish them in traditional ones.
pub fn simplified(name: &str) -> Option<String> {
    if name.is_ascii() {
        return None;
    }
    let converted = fast2s::convert(name);
    (converted != name).then_some(converted)
}

/// Read a block label. Pinyin that a document site put after each character
/// (`產(chǎn)出指標(biāo)`) is dropped; [`simplified`] reads the traditional characters left.
pub fn label(written: &str) -> Label {
    // Most labels are a bare name (产出指标): nothing to fold, strip or number.
    let plain = |c: char| {
        !c.is_whitespace()
            && text::fold_char(c) == c
            && !matches!(c, '(' | '[' | '【' | '〔' | '、' | '.')
    };
    if written.chars().all(plain) && !written.ends_with('分') {
        return Label {
            name: written.to_string(),
            weight: None,
        };
    }
    let folded: String = text::fold(written)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let unglossed = strip_pinyin(&folded);
    let (rest, weight) = declared_weight(&unglossed);
    Label {
        name: strip_numbering(rest).to_string(),
        weight,
    }
}

/// The text without pinyin glosses in brackets: `產(chǎn)出` → `產出`.
fn strip_pinyin(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('(') {
        let after = &rest[open + 1..];
        let gloss = after.find(')').filter(|&close| {
            let inner = &after[..close];
            !inner.is_empty()
                && inner
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü".contains(c))
        });
        match gloss {
            Some(close) => {
                out.push_str(&rest[..open]);
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Labels that title the whole indicator table rather than a block of it: a form without 一级
/// columns prints one over all its rows. Seen on the 重庆 部门整体绩效自评表 (绩效指标) and the 湖北
/// 襄阳 project form (年度绩效目标); an empty label (a lost cell, or "(50分)" alone) names none.
const SECTIONS: &[&str] = &[
    "",
    "绩效指标",
    "年度绩效指标",
    "绩效目标",
    "年度绩效目标",
    "指标",
    "年度指标",
];

/// Whether a label's name titles the whole table, not a block of it.
pub fn is_section(name: &str) -> bool {
    SECTIONS.contains(&name)
}

/// A trailing `(50分)`, `(50)`, `50分` or `[50分]`: the weight a label declares, and the text
/// before it.
fn declared_weight(s: &str) -> (&str, Option<Decimal>) {
    let inner = s.strip_suffix([')', ']', '】', '〕']).and_then(|body| {
        let open = body.rfind(['(', '[', '【', '〔'])?;
        Some((&body[..open], &body[open + 1..]))
    });
    if let Some((before, inside)) = inner
        && let Some(weight) = points(inside)
    {
        return (before, Some(weight));
    }
    // 产出指标50分: a number written straight after the name, with 分.
    if let Some(body) = s.strip_suffix('分') {
        let digits = body
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_ascii_digit() || *c == '.')
            .last()
            .map(|(i, _)| i);
        if let Some(start) = digits
            && start > 0
            && let Ok(weight) = body[start..].parse::<Decimal>()
        {
            return (&body[..start], Some(weight));
        }
    }
    (s, None)
}

/// `50分`, `50`, `权重50分`, `分值:50`: a number of points, alone or with those words.
fn points(inside: &str) -> Option<Decimal> {
    let trimmed = inside
        .trim_start_matches("权重")
        .trim_start_matches("分值")
        .trim_start_matches([':', '：'])
        .trim_end_matches('分');
    if trimmed.is_empty() || !trimmed.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    trimmed.parse().ok()
}

/// Leading numbering: `一、`, `(一)`, `1.`, `1、`, `（1）`.
fn strip_numbering(s: &str) -> &str {
    let numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
    if let Some(rest) = s.strip_prefix(['(', '[']) {
        let end = rest.find(|c: char| !numeral(c)).unwrap_or(rest.len());
        if end > 0
            && let Some(after) = rest[end..].strip_prefix([')', ']'])
            && !after.is_empty()
        {
            return after.trim_start_matches(['、', '.']);
        }
        return s;
    }
    let end = s.find(|c: char| !numeral(c)).unwrap_or(s.len());
    if end > 0
        && let Some(after) = s[end..].strip_prefix(['、', '.'])
        && !after.is_empty()
    {
        return after;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> (String, Option<String>) {
        let l = label(s);
        (l.name, l.weight.map(|w| w.to_string()))
    }

    #[test]
    fn weights_and_numbering_as_forms_print_them() {
        for (written, name, weight) in [
            ("产出指标", "产出指标", None),
            ("产出指标(50分)", "产出指标", Some("50")),
            ("产出指标（70分）", "产出指标", Some("70")),
            ("满意度指标(10分)", "满意度指标", Some("10")),
            ("数量指标(10分)", "数量指标", Some("10")),
            ("一、产出指标", "产出指标", None),
            ("（二）效益指标（30分）", "效益指标", Some("30")),
            ("1.产出指标", "产出指标", None),
            ("产出指标 (30)", "产出指标", Some("30")),
            ("产出指标50分", "产出指标", Some("50")),
            ("产出指标（权重50分）", "产出指标", Some("50")),
            ("经济效益 指标", "经济效益指标", None),
            ("项目决策(10分)", "项目决策", Some("10")),
            ("顼目产出(30分)", "顼目产出", Some("30")),
            (
                "服务对象满意度指标(10.5分)",
                "服务对象满意度指标",
                Some("10.5"),
            ),
        ] {
            assert_eq!(
                read(written),
                (name.to_string(), weight.map(str::to_string)),
                "{written}"
            );
        }
    }

    #[test]
    fn republished_traditional_labels_read_simplified() {
        assert_eq!(read("產(chǎn)出指標(biāo)").0, "產出指標");
        assert_eq!(simplified("產出指標").as_deref(), Some("产出指标"));
        assert_eq!(simplified("产出指标"), None);
        assert_eq!(
            read("滿意度指標(biāo)(10分)"),
            ("滿意度指標".to_string(), Some("10".to_string()))
        );
        assert_eq!(read("效益指标(social)").0, "效益指标");
    }

    #[test]
    fn brackets_that_hold_no_weight_stay() {
        assert_eq!(read("效益指标(社会)").0, "效益指标(社会)");
        assert_eq!(read("(一)").0, "(一)");
        assert_eq!(read("一、").0, "一、");
        assert_eq!(read("分").0, "分");
        assert_eq!(read("50分").0, "50分");
    }
}
