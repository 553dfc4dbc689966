//! The document as a tree of positioned nodes, built straight from yaml-rust2's events.
//!
//! Sheets skip serde: their shape is checked by `schema` on this tree, and building the tree
//! from parser events costs a fraction of serde-saphyr's positioned values (schemes, read once,
//! keep serde-saphyr), which matters when a bureau checks ten thousand files. yaml-rust2 is the
//! fastest maintained YAML parser measured on generated sheets (0.20 ms per 12 KB sheet, against
//! 0.25 ms for granit-parser under serde-saphyr); it reads JSON as YAML 1.2 as well. Scalars keep
//! their text exactly as written: a plain scalar's text is what the clerk typed, so `14988.39`
//! and `81.9` never pass through binary floating point. Limits stop hostile input: nesting
//! depth, the number of nodes, and the nodes replayed by aliases.
//!
//! yaml-rust2's markers give the line from 1 and the column from 0 in characters (their
//! character index is not used: it advances by bytes in places); positions here are 1-based
//! character columns with byte offsets. A byte-order mark is removed before parsing (the parser
//! would keep it in the first key) and is not a column. Scalars whose value the text does not
//! hold verbatim (escapes, folded lines, block scalars) are mapped as they are read
//! (`written`), so that a span inside a cell finds its bytes in the file.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, ScanError, TScalarStyle};

use super::written;
use crate::diagnostic::Pos;
use crate::limits::MAX_CELL_CHARS;
use crate::source_map::SourceMap;

/// A sheet needs a few thousand nodes; this many is not a sheet.
pub(super) const MAX_NODES: usize = 1_000_000;
/// Nodes that aliases may copy in all: more is a "billion laughs" bomb.
pub(super) const MAX_REPLAYED_NODES: usize = 100_000;
/// A sheet nests four deep.
pub(super) const MAX_NESTING: usize = 64;

/// A node with where it starts: for a quoted scalar, after the opening quote.
#[derive(Debug, Clone)]
pub(super) struct Node {
    pub kind: Kind,
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub(super) enum Kind {
    /// `~`, `null` or nothing at all.
    Null,
    /// Any other scalar, as text.
    Scalar(String),
    Map(Vec<Entry>),
    Seq(Vec<Node>),
}

#[derive(Debug, Clone)]
pub(super) struct Entry {
    pub key: Node,
    pub value: Node,
}

/// A parsed text: its root node, `None` when the text holds no document (only comments), and
/// where the scalars it does not hold verbatim were read from.
#[derive(Debug)]
pub(super) struct Document {
    pub root: Option<Node>,
    pub map: SourceMap,
}

/// Why the text gave no tree.
#[derive(Debug)]
pub(super) enum TreeError {
    /// The parser refused the text: its English description, and where.
    Syntax {
        pos: Pos,
        detail: String,
        kind: SyntaxKind,
    },
    /// A second document (after `---`) where one sheet is expected.
    MultipleDocuments { pos: Pos },
    /// More nodes than any sheet has.
    TooManyNodes { pos: Pos },
    /// Aliases copying more than [`MAX_REPLAYED_NODES`].
    AliasBomb { pos: Pos },
    /// Collections nested deeper than [`MAX_NESTING`].
    TooDeep { pos: Pos },
    /// A scalar longer than [`crate::limits::MAX_CELL_CHARS`].
    TooLong { pos: Pos },
}

/// The syntax errors that get their own wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SyntaxKind {
    UnknownAnchor,
    Other,
}

/// A collection whose end has not been read yet.
struct Open {
    items: Items,
    pos: Pos,
    anchor: usize,
}

enum Items {
    Map {
        entries: Vec<Entry>,
        key: Option<Node>,
    },
    Seq(Vec<Node>),
}

/// Parse `src`.
pub(super) fn parse(src: &str) -> Result<Document, TreeError> {
    let bom = if src.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let mut at = Cursor::new(src, bom);
    let mut parser = Parser::new_from_str(&src[bom..]);
    let mut stack: Vec<Open> = Vec::new();
    let mut anchors: HashMap<usize, Node> = HashMap::new();
    let mut root = None;
    let mut map = SourceMap::default();
    let mut documents = 0;
    let mut nodes = 0;
    let mut replayed = 0;
    loop {
        let (event, marker) = parser.next_token().map_err(|e| syntax(&mut at, &e))?;
        let pos = at.pos(&marker);
        nodes += 1;
        if nodes > MAX_NODES {
            return Err(TreeError::TooManyNodes { pos });
        }
        let (node, anchor) = match event {
            Event::StreamEnd => break,
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    return Err(TreeError::MultipleDocuments { pos });
                }
                continue;
            }
            Event::Scalar(value, ..)
                if value.len() > MAX_CELL_CHARS && value.chars().count() > MAX_CELL_CHARS =>
            {
                return Err(TreeError::TooLong { pos });
            }
            Event::Scalar(value, style, anchor, tag) => (
                scalar(at.src, &mut map, value, style, tag.is_some(), pos),
                anchor,
            ),
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_NESTING {
                    return Err(TreeError::TooDeep { pos });
                }
                let items = if matches!(event, Event::SequenceStart(..)) {
                    Items::Seq(Vec::new())
                } else {
                    Items::Map {
                        // A sheet's mappings have up to a dozen keys.
                        entries: Vec::with_capacity(8),
                        key: None,
                    }
                };
                stack.push(Open { items, pos, anchor });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(open) = stack.pop() else { continue };
                let kind = match open.items {
                    Items::Seq(items) => Kind::Seq(items),
                    Items::Map { entries, .. } => Kind::Map(merge_keys(entries)),
                };
                let node = Node {
                    kind,
                    pos: open.pos,
                };
                (node, open.anchor)
            }
            Event::Alias(id) => {
                let Some(target) = anchors.get(&id) else {
                    return Err(TreeError::Syntax {
                        pos,
                        detail: "unknown anchor".to_owned(),
                        kind: SyntaxKind::UnknownAnchor,
                    });
                };
                replayed += target.count();
                if replayed > MAX_REPLAYED_NODES {
                    return Err(TreeError::AliasBomb { pos });
                }
                (target.clone(), 0)
            }
            _ => continue,
        };
        if anchor != 0 {
            anchors.insert(anchor, node.clone());
        }
        match stack.last_mut() {
            None => root = Some(node),
            Some(open) => open.push(node),
        }
    }
    Ok(Document { root, map })
}

/// Turns the parser's lines and character columns into byte offsets. (Its character index is
/// not used: yaml-rust2 advances it by bytes in places.) Events arrive in reading order, so the
/// cursor mostly steps forward from where it was.
struct Cursor<'s> {
    src: &'s str,
    /// The byte offset of line 1, column 0 (after a byte-order mark).
    base: usize,
    line: usize,
    line_start: usize,
    col: usize,
    byte: usize,
}

impl<'s> Cursor<'s> {
    fn new(src: &'s str, base: usize) -> Self {
        Self {
            src,
            base,
            line: 1,
            line_start: base,
            col: 0,
            byte: base,
        }
    }

    /// The byte offset of 1-based `line` and 0-based character `col`; past the end of a line
    /// or of the text, where it ends.
    fn offset(&mut self, line: usize, col: usize) -> usize {
        if line < self.line {
            *self = Self::new(self.src, self.base);
        }
        if line == self.line && col < self.col {
            self.col = 0;
            self.byte = self.line_start;
        }
        while self.line < line {
            let Some(end) = self.src[self.line_start..].find('\n') else {
                return self.src.len();
            };
            self.line += 1;
            self.line_start += end + 1;
            self.col = 0;
            self.byte = self.line_start;
        }
        for c in self.src[self.byte..].chars().take(col - self.col) {
            if c == '\n' {
                break;
            }
            self.byte += c.len_utf8();
        }
        self.col = col;
        self.byte
    }

    fn pos(&mut self, marker: &Marker) -> Pos {
        Pos::Text {
            line: marker.line(),
            column: marker.col() + 1,
            offset: self.offset(marker.line(), marker.col()),
        }
    }
}

impl Open {
    /// A finished child: a mapping takes a key, then its value. A block mapping starts where
    /// its first key does (the parser marks it at the colon after that key).
    fn push(&mut self, node: Node) {
        match &mut self.items {
            Items::Seq(items) => items.push(node),
            Items::Map { entries, key } => match key.take() {
                None => {
                    if entries.is_empty() && offset(&node.pos) < offset(&self.pos) {
                        self.pos = node.pos.clone();
                    }
                    *key = Some(node);
                }
                Some(key) => entries.push(Entry { key, value: node }),
            },
        }
    }
}

impl Node {
    /// The number of nodes in this subtree, itself included.
    fn count(&self) -> usize {
        match &self.kind {
            Kind::Null | Kind::Scalar(_) => 1,
            Kind::Seq(items) => 1 + items.iter().map(Node::count).sum::<usize>(),
            Kind::Map(entries) => {
                1 + entries
                    .iter()
                    .map(|e| e.key.count() + e.value.count())
                    .sum::<usize>()
            }
        }
    }
}

/// Resolve YAML merge keys (`<<: *row`, `<<: [*a, *b]`): the merged mappings' entries are added
/// where the mapping does not have the key itself, the earlier of several merged mappings
/// winning. A `<<` whose value is not a mapping stays as it is, for the schema to refuse.
fn merge_keys(entries: Vec<Entry>) -> Vec<Entry> {
    let is_merge = |entry: &Entry| matches!(&entry.key.kind, Kind::Scalar(key) if key == "<<");
    if !entries.iter().any(is_merge) {
        return entries;
    }
    let (merges, mut own): (Vec<Entry>, Vec<Entry>) = entries.into_iter().partition(is_merge);
    for merge in merges {
        let sources = match merge.value.kind {
            Kind::Map(source) => vec![source],
            Kind::Seq(items) if items.iter().all(|i| matches!(i.kind, Kind::Map(_))) => items
                .into_iter()
                .filter_map(|item| match item.kind {
                    Kind::Map(source) => Some(source),
                    _ => None,
                })
                .collect(),
            kind => {
                own.push(Entry {
                    key: merge.key,
                    value: Node {
                        kind,
                        pos: merge.value.pos,
                    },
                });
                continue;
            }
        };
        for entry in sources.into_iter().flatten() {
            if !own.iter().any(|e| same_key(&e.key, &entry.key)) {
                own.push(entry);
            }
        }
    }
    own
}

fn same_key(a: &Node, b: &Node) -> bool {
    matches!((&a.kind, &b.kind), (Kind::Scalar(a), Kind::Scalar(b)) if a == b)
}

/// The byte offset of a position made here (always a text position).
fn offset(pos: &Pos) -> usize {
    match pos {
        Pos::Text { offset, .. } => *offset,
        _ => usize::MAX,
    }
}

/// A scalar event as a node. Plain `~`, `null` and the empty scalar are null, as in YAML's core
/// schema; everything else, numbers and booleans included, is text as written. Where the text
/// does not hold the value verbatim, `map` learns where it was read from.
fn scalar(
    src: &str,
    map: &mut SourceMap,
    value: String,
    style: TScalarStyle,
    tagged: bool,
    pos: Pos,
) -> Node {
    // A span inside the cell text maps to file bytes from the value's first byte, so a quoted
    // scalar's position starts after its quote.
    let quoted = matches!(
        style,
        TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted
    );
    let pos = match pos {
        Pos::Text {
            line,
            column,
            offset,
        } if quoted && src[offset..].starts_with(['"', '\'']) => Pos::Text {
            line,
            column: column + 1,
            offset: offset + 1,
        },
        pos => pos,
    };
    let kind = match style {
        TScalarStyle::Plain
            if !tagged && matches!(value.as_str(), "" | "~" | "null" | "Null" | "NULL") =>
        {
            Kind::Null
        }
        _ => {
            if let Pos::Text { offset, .. } = pos
                && let Some(written) = written::map(map, src, offset, style, &value)
            {
                map.insert(offset, written);
            }
            Kind::Scalar(value)
        }
    };
    Node { kind, pos }
}

/// A parser error with its position.
fn syntax(at: &mut Cursor<'_>, error: &ScanError) -> TreeError {
    let detail = error.info().to_owned();
    let kind = if detail.contains("unknown anchor") {
        SyntaxKind::UnknownAnchor
    } else {
        SyntaxKind::Other
    };
    TreeError::Syntax {
        pos: at.pos(error.marker()),
        detail,
        kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(src: &str) -> Node {
        parse(src).unwrap().root.unwrap()
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

    fn line_col(node: &Node) -> (usize, usize, usize) {
        let Pos::Text {
            line,
            column,
            offset,
        } = node.pos
        else {
            panic!("no text position");
        };
        (line, column, offset)
    }

    #[test]
    fn numbers_keep_their_source_text() {
        let src = "a: 14988.39\nb: 81.90\nc: 1234567890123456789012345678901234567890\nd: 1e999\ne: yes\n";
        let tree = root(src);
        let values: Vec<&str> = map(&tree).iter().map(|e| scalar(&e.value)).collect();
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
    fn nulls_are_plain_words_or_nothing() {
        let src = "a: ~\nb:\nc: null\nd: 'null'\ne: \"\"\n";
        let tree = root(src);
        let kinds: Vec<&Kind> = map(&tree).iter().map(|e| &e.value.kind).collect();
        assert!(matches!(kinds[..3], [Kind::Null, Kind::Null, Kind::Null]));
        assert!(matches!(kinds[3], Kind::Scalar(s) if s == "null"));
        assert!(matches!(kinds[4], Kind::Scalar(s) if s.is_empty()));
    }

    #[test]
    fn columns_count_characters_and_skip_quotes() {
        let src = "名称: \"≥9O%\"\n";
        let tree = root(src);
        let (line, column, offset) = line_col(&map(&tree)[0].value);
        assert_eq!((line, column), (1, 6));
        assert!(src[offset..].starts_with("≥9O%"));
        assert_eq!((line, column), crate::text::line_col(src, offset));
    }

    #[test]
    fn a_byte_order_mark_is_not_a_column() {
        let src = "\u{feff}名称: 值\n";
        let tree = root(src);
        let entry = &map(&tree)[0];
        assert_eq!(scalar(&entry.key), "名称");
        let (line, column, offset) = line_col(&entry.value);
        assert_eq!((line, column), (1, 5));
        assert_eq!(&src[offset..], "值\n");
    }

    #[test]
    fn aliased_numbers_are_read_from_the_anchor() {
        let src = "x: &a 1.50\ny: *a\nz: &m {k: v}\nw: *m\n";
        let tree = root(src);
        let entries = map(&tree);
        assert_eq!(scalar(&entries[1].value), "1.50");
        assert_eq!(scalar(&map(&entries[3].value)[0].value), "v");
    }

    #[test]
    fn merge_keys_fill_in_what_the_mapping_lacks() {
        let src = "a: &a {x: 1, y: 2}\nb: &b {y: 3, z: 4}\nc: {<<: [*a, *b], x: 0}\nd: {<<: 5}\n";
        let tree = root(src);
        let entries = map(&tree);
        let merged: Vec<(&str, &str)> = map(&entries[2].value)
            .iter()
            .map(|e| (scalar(&e.key), scalar(&e.value)))
            .collect();
        assert_eq!(merged, [("x", "0"), ("y", "2"), ("z", "4")]);
        assert_eq!(scalar(&map(&entries[3].value)[0].key), "<<");
    }

    #[test]
    fn refusals_say_why_and_where() {
        let two = parse("a: 1\n---\nb: 2\n").unwrap_err();
        assert!(
            matches!(
                two,
                TreeError::MultipleDocuments {
                    pos: Pos::Text { line: 2, .. }
                }
            ),
            "{two:?}"
        );
        let unknown = parse("a: *nowhere\n").unwrap_err();
        assert!(
            matches!(
                unknown,
                TreeError::Syntax {
                    kind: SyntaxKind::UnknownAnchor,
                    ..
                }
            ),
            "{unknown:?}"
        );
        let deep = format!("a: {}{}\n", "[".repeat(100), "]".repeat(100));
        let deep = parse(&deep).unwrap_err();
        assert!(
            matches!(
                deep,
                TreeError::TooDeep {
                    pos: Pos::Text {
                        line: 1,
                        column: 67,
                        offset: 66
                    }
                }
            ),
            "{deep:?}"
        );
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (i, name) in ["b", "c", "d", "e", "f", "g"].iter().enumerate() {
            let prev = if i == 0 {
                "a"
            } else {
                ["b", "c", "d", "e", "f"][i - 1]
            };
            bomb.push_str(&format!(
                "{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        assert!(matches!(
            parse(&bomb).unwrap_err(),
            TreeError::AliasBomb { .. }
        ));
        let TreeError::Syntax { pos, detail, .. } = parse("a: [1, 2\n").unwrap_err() else {
            panic!("not a syntax error");
        };
        assert!(detail.contains("expected ',' or ']'"), "{detail}");
        assert_eq!(
            pos,
            Pos::Text {
                line: 2,
                column: 1,
                offset: 9
            }
        );
    }

    #[test]
    fn comments_only_is_no_document() {
        assert!(parse("# 只有注释\n").unwrap().root.is_none());
    }

    #[test]
    fn lines_and_columns_become_byte_offsets_either_way() {
        let src = "\u{feff}名称: 值\nb: 1\n";
        let mut at = Cursor::new(src, 3);
        assert_eq!(&src[at.offset(1, 4)..], "值\nb: 1\n");
        assert_eq!(&src[at.offset(2, 0)..], "b: 1\n");
        assert_eq!(&src[at.offset(1, 1)..], "称: 值\nb: 1\n");
        assert_eq!(&src[at.offset(1, 9)..], "\nb: 1\n");
        assert_eq!(at.offset(9, 0), src.len());
    }
}
