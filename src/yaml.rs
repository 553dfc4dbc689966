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
                    format!("无法读取：{}", sentence_zh(&sentence)),
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

/// The YAML library's English sentence, said in Chinese: the common mistakes by name, any
/// other in general words (the English message keeps the sentence).
fn sentence_zh(sentence: &str) -> String {
    const KNOWN: &[(&str, &str)] = &[
        ("did not find expected ',' or '}'", "缺少逗号或右花括号 }"),
        ("did not find expected ',' or ']'", "缺少逗号或右方括号 ]"),
        (
            "did not find expected key",
            "缩进没有对齐，或此处缺少“字段:”",
        ),
        (
            "did not find expected '-' indicator",
            "列表项的缩进没有对齐",
        ),
        (
            "mapping values are not allowed",
            "此处不能出现“字段: 值”（文字中的冒号请加引号，或检查缩进）",
        ),
        (
            "found unexpected end of stream",
            "文件意外结束（引号或括号没有闭合）",
        ),
        (
            "found character that cannot start any token",
            "出现了不能用在这里的字符，请给这段文字加引号",
        ),
        ("unknown anchor", "引用了不存在的锚点"),
        ("duplicate", "同一字段写了两次"),
        ("expected mapping", "此处应为“字段: 值”的映射"),
        ("expected sequence", "此处应为列表（以 - 开头的各项）"),
        ("invalid type", "类型不对（如应为数字却写了文字）"),
        ("unknown variant", "取值不在允许的选项之中"),
        ("invalid value", "取值无效"),
        ("tab", "缩进中含制表符（Tab），请改用空格"),
        ("budget", "文件结构超出安全上限（节点、别名或嵌套过多）"),
        ("limit", "文件结构超出安全上限"),
    ];
    KNOWN
        .iter()
        .find(|(english, _)| sentence.contains(english))
        .map_or_else(
            || "YAML 格式不合规定（请对照上下文检查这一处）".to_owned(),
            |(_, zh)| (*zh).to_owned(),
        )
}
