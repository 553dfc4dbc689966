//! The document as a tree of positioned nodes, built from serde-saphyr's event stream.
//!
//! serde-saphyr parses (YAML, and JSON as YAML 1.2) and enforces its budget and alias limits;
//! a generic visitor wrapped in `Spanned` keeps every node's location. Scalars keep their
//! text exactly as written: a string keeps its value, and a scalar YAML would resolve to a
//! number or boolean is sliced from the source, so `14988.39` and `81.9` never pass through
//! binary floating point. Nothing here knows the sheet's shape; `schema` does.
//!
//! serde-saphyr's `Location` counts lines and columns in characters (1-based) and, for string
//! input, also carries byte offsets; positions here take the line and column as given and the
//! byte offset from the span.

use std::fmt;
use std::ops::Range;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned};

use crate::diagnostic::Pos;

/// A node with where it starts: for a quoted scalar, after the opening quote.
#[derive(Debug)]
pub(super) struct Node {
    pub kind: Kind,
    pub pos: Pos,
}

#[derive(Debug)]
pub(super) enum Kind {
    /// `~`, `null` or nothing at all.
    Null,
    /// Any other scalar, as text.
    Scalar(String),
    Map(Vec<Entry>),
    Seq(Vec<Node>),
}

#[derive(Debug)]
pub(super) struct Entry {
    pub key: Node,
    pub value: Node,
}

/// What the serde visitor receives, before positions are resolved against the source.
enum Raw {
    Null,
    Str(String),
    /// A number or boolean: its text is the source slice, not the parsed value.
    Typed,
    Map(Vec<(Spanned<Raw>, Spanned<Raw>)>),
    Seq(Vec<Spanned<Raw>>),
}

/// The serde-saphyr entry point's result type: the root with its location.
pub(super) struct Root(Spanned<Raw>);

impl<'de> Deserialize<'de> for Root {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Spanned::deserialize(deserializer).map(Root)
    }
}

impl Root {
    /// Resolve every location against `src`, the text that was parsed.
    pub fn resolve(self, src: &str) -> Node {
        resolve(src, self.0)
    }
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML value")
    }

    fn visit_str<E>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw::Str(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Raw, E> {
        Ok(Raw::Str(v))
    }

    fn visit_bool<E>(self, _: bool) -> Result<Raw, E> {
        Ok(Raw::Typed)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Raw, E> {
        Ok(Raw::Typed)
    }

    fn visit_i128<E>(self, _: i128) -> Result<Raw, E> {
        Ok(Raw::Typed)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Raw, E> {
        Ok(Raw::Typed)
    }

    fn visit_u128<E>(self, _: u128) -> Result<Raw, E> {
        Ok(Raw::Typed)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Raw, E> {
        Ok(Raw::Typed)
    }

    fn visit_bytes<E>(self, _: &[u8]) -> Result<Raw, E> {
        // A `!!binary` scalar: keep what the clerk wrote, as for numbers.
        Ok(Raw::Typed)
    }

    fn visit_unit<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }

    fn visit_none<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key()? {
            entries.push((key, map.next_value()?));
        }
        Ok(Raw::Map(entries))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Raw::Seq(items))
    }
}

fn resolve(src: &str, raw: Spanned<Raw>) -> Node {
    // `defined` is where the text is: for an alias it is the anchored node, whose text a
    // number must be sliced from (the alias token `*a` is not the number).
    let loc = raw.defined;
    let range = byte_range(src, &loc).unwrap_or(0..0);
    let mut pos = text_pos(&loc, range.start);
    let kind = match raw.value {
        Raw::Null => Kind::Null,
        Raw::Str(text) => {
            // A span inside the cell text must map to file bytes by `offset + span`, so a
            // quoted scalar's position starts after its quote.
            if src
                .get(range.start..)
                .is_some_and(|rest| rest.starts_with(['"', '\'']))
            {
                pos = shift_one(pos, src);
            }
            Kind::Scalar(text)
        }
        Raw::Typed => Kind::Scalar(src.get(range).unwrap_or_default().to_owned()),
        Raw::Map(entries) => Kind::Map(
            entries
                .into_iter()
                .map(|(key, value)| Entry {
                    key: resolve(src, key),
                    value: resolve(src, value),
                })
                .collect(),
        ),
        Raw::Seq(items) => Kind::Seq(items.into_iter().map(|item| resolve(src, item)).collect()),
    };
    Node { kind, pos }
}

/// The byte range of a located node or error in `src`, or `None` when the location is unknown.
pub(super) fn byte_range(src: &str, loc: &Location) -> Option<Range<usize>> {
    if loc.line() == 0 {
        return None;
    }
    let span = loc.span();
    if let (Some(start), Some(len)) = (span.byte_offset(), span.byte_len()) {
        let start = usize::try_from(start).ok()?;
        let end = start.checked_add(usize::try_from(len).ok()?)?;
        if src.get(start..end).is_some() {
            return Some(start..end);
        }
    }
    // Parser errors carry no byte offsets: walk to the line, then count characters.
    let start = offset_of_line_col(src, loc.line(), loc.column());
    Some(start..start)
}

/// A text position from serde-saphyr's line and character column and a byte offset.
pub(super) fn text_pos(loc: &Location, offset: usize) -> Pos {
    Pos::Text {
        line: usize::try_from(loc.line()).unwrap_or(usize::MAX),
        column: usize::try_from(loc.column()).unwrap_or(usize::MAX),
        offset,
    }
}

/// The same position one character further on (past an opening quote).
fn shift_one(pos: Pos, src: &str) -> Pos {
    match pos {
        Pos::Text {
            line,
            column,
            offset,
        } => Pos::Text {
            line,
            column: column + 1,
            offset: src
                .get(offset..)
                .and_then(|rest| rest.chars().next())
                .map_or(offset, |c| offset + c.len_utf8()),
        },
        other => other,
    }
}

/// The byte offset of 1-based `line` and character `column`. serde-saphyr does not count a
/// byte-order mark as a column, so one at the start of the file is stepped over.
fn offset_of_line_col(src: &str, line: u64, column: u64) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match src[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return src.len(),
        }
    }
    if start == 0 && src.starts_with('\u{feff}') {
        start = '\u{feff}'.len_utf8();
    }
    let skip = usize::try_from(column.saturating_sub(1)).unwrap_or(usize::MAX);
    src[start..]
        .char_indices()
        .nth(skip)
        .map_or(src.len(), |(i, _)| start + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> Node {
        let root: Root = serde_saphyr::from_str_with_options(src, super::super::options()).unwrap();
        root.resolve(src)
    }

    fn map(node: &Node) -> &[Entry] {
        match &node.kind {
            Kind::Map(entries) => entries,
            other => panic!("not a map: {other:?}"),
        }
    }

    fn scalar(node: &Node) -> &str {
        match &node.kind {
            Kind::Scalar(text) => text,
            other => panic!("not a scalar: {other:?}"),
        }
    }

    #[test]
    fn numbers_keep_their_source_text() {
        let src = "a: 14988.39\nb: 81.90\nc: 1234567890123456789012345678901234567890\nd: 1e999\ne: yes\n";
        let root = parse(src);
        let values: Vec<&str> = map(&root).iter().map(|e| scalar(&e.value)).collect();
        assert_eq!(
            values,
            [
                "14988.39",
                "81.90",
                "1234567890123456789012345678901234567890",
                "1e999",
                "yes"
            ]
        );
    }

    #[test]
    fn columns_count_characters_and_skip_quotes() {
        let src = "名称: \"≥9O%\"\n";
        let root = parse(src);
        let value = &map(&root)[0].value;
        let Pos::Text {
            line,
            column,
            offset,
        } = value.pos
        else {
            panic!("no text position");
        };
        assert_eq!((line, column), (1, 6));
        assert!(src[offset..].starts_with("≥9O%"));
        assert_eq!((line, column), crate::text::line_col(src, offset));
    }

    #[test]
    fn aliased_numbers_are_read_from_the_anchor() {
        let src = "x: &a 1.50\ny: *a\n";
        let root = parse(src);
        assert_eq!(scalar(&map(&root)[1].value), "1.50");
    }

    #[test]
    fn line_and_column_to_offset() {
        let src = "\u{feff}a: 1\n名称: 值\n";
        assert_eq!(offset_of_line_col(src, 1, 1), 3);
        assert_eq!(&src[offset_of_line_col(src, 2, 5)..], "值\n");
        assert_eq!(offset_of_line_col(src, 9, 1), src.len());
    }
}
