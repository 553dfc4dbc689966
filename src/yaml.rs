//! Shared helpers for reading YAML/JSON with serde-saphyr: value positions, and its errors
//! as located findings.

use std::sync::Arc;

use crate::diagnostic::{Finding, Pos, Severity, SourceFile};
use crate::lang::Text;

/// The position of a serde-saphyr location in `text`, pointing after an opening quote.
pub fn pos_of(text: &str, location: &serde_saphyr::Location) -> Pos {
    match location.span().byte_offset() {
        Some(offset) => {
            let offset = usize::try_from(offset)
                .unwrap_or(usize::MAX)
                .min(text.len());
            let offset = crate::text::floor_char_boundary(text, offset);
            let skip = usize::from(matches!(text[offset..].chars().next(), Some('"' | '\'')));
            Pos::at_offset(text, offset + skip)
        }
        None if location.line() > 0 => Pos::Text {
            line: usize::try_from(location.line()).unwrap_or(0),
            column: usize::try_from(location.column()).unwrap_or(0),
            offset: line_start(text, location.line()),
        },
        None => Pos::File,
    }
}

fn line_start(text: &str, line: u64) -> usize {
    let skip = usize::try_from(line.saturating_sub(1)).unwrap_or(usize::MAX);
    if skip == 0 {
        return 0;
    }
    text.match_indices('\n')
        .nth(skip - 1)
        .map_or(text.len(), |(i, _)| i + 1)
}

/// A serde-saphyr error as a finding of rule `rule`, located, with a help line.
pub fn error_finding(
    rule: &'static str,
    file: &Arc<SourceFile>,
    err: &serde_saphyr::Error,
) -> Finding {
    let pos = err.location().map_or(Pos::File, |l| pos_of(&file.text, &l));
    // serde-saphyr wraps the cause in snippet and alias layers; look through them.
    let mut cause = err;
    while let serde_saphyr::Error::WithSnippet { error, .. }
    | serde_saphyr::Error::AliasError { error, .. } = cause
    {
        cause = error;
    }
    let (message, help) = match cause {
        serde_saphyr::Error::SerdeUnknownField {
            field, expected, ..
        } => {
            let suggestion = crate::text::did_you_mean(field, expected.iter().copied());
            let help = match suggestion {
                Some(s) => Text::new(format!("是否应为“{s}”？"), format!("did you mean \"{s}\"?")),
                None => Text::new(
                    format!("可用的字段：{}", expected.join("、")),
                    format!("known fields: {}", expected.join(", ")),
                ),
            };
            (
                Text::new(
                    format!("未知字段“{field}”"),
                    format!("unknown field \"{field}\""),
                ),
                help,
            )
        }
        serde_saphyr::Error::SerdeMissingField { field, .. } => (
            Text::new(
                format!("缺少必填字段“{field}”"),
                format!("missing required field \"{field}\""),
            ),
            Text::new(format!("补上“{field}”"), format!("add \"{field}\"")),
        ),
        other => {
            let raw = other.to_string();
            // serde-saphyr prefixes the location and appends a snippet; keep the sentence.
            let sentence = raw
                .lines()
                .next()
                .unwrap_or_default()
                .trim_start_matches("error: ")
                .to_string();
            let sentence = match sentence.split_once(": ") {
                Some((head, rest)) if head.starts_with("line ") => rest.to_string(),
                _ => sentence,
            };
            (
                Text::new(
                    format!("无法读取：{sentence}"),
                    format!("cannot read: {sentence}"),
                ),
                Text::new(
                    "检查此处的 YAML 语法（缩进、冒号、引号）",
                    "check the YAML syntax here (indentation, colons, quotes)",
                ),
            )
        }
    };
    Finding::new(rule, Severity::Error, message, help).at(file, pos)
}
