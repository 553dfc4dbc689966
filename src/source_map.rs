//! Where the bytes of a value sit in the text it was read from, when the text does not hold the
//! value verbatim.
//!
//! A finding may point at part of a value: a byte span of the cell text. Where the value is
//! written verbatim at its position, that part is the same bytes of the file, further on by the
//! span. Where it is not (a YAML escape such as `\u2265`, a doubled quote, lines folded or
//! indented), the reader records a [`ValueMap`]: which source bytes each part of the value was
//! read from. A [`SourceMap`] holds a file's maps by the byte offset of each value's position,
//! [`SourceFile`](crate::diagnostic::SourceFile) keeps it beside the text, and renderers ask it
//! where a span is. Nothing here knows a syntax: readers say what they read, and the builder
//! checks that it adds up to the value.

use std::collections::BTreeMap;
use std::ops::Range;

/// Rewritten pieces kept for one file: a sheet holds a few dozen escapes and folded lines; past
/// this many, values are left unplaced (findings point at the whole value), so a hostile file
/// of escapes costs a bounded amount of memory (32 bytes a piece).
pub const MAX_REWRITES: usize = 100_000;

/// The values of one text that it does not hold verbatim, by the byte offset of each value's
/// position. A value not in it is the text's bytes from its position on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMap {
    values: BTreeMap<usize, ValueMap>,
    rewrites: usize,
}

impl SourceMap {
    /// How `value` is written from source byte `origin` on, as `read` goes through the source
    /// telling a builder what it reads: `None` when verbatim, unplaced when `read` fails (the
    /// value is not what it read, or this map has no room left for its rewritten pieces).
    /// Value bytes before `first` are left unplaced: they were read from before `origin`, as a
    /// block scalar's leading blank lines.
    pub fn trace(
        &self,
        value: &str,
        first: usize,
        origin: usize,
        read: impl FnOnce(&mut ValueMapBuilder<'_>) -> Option<()>,
    ) -> Option<ValueMap> {
        let mut b = self.builder(value, first, origin);
        match read(&mut b) {
            Some(()) => b.finish(),
            None => Some(ValueMap::unplaced()),
        }
    }

    fn builder<'v>(&self, value: &'v str, first: usize, origin: usize) -> ValueMapBuilder<'v> {
        ValueMapBuilder {
            value,
            done: first,
            map: ValueMap {
                placed: first..first,
                origin,
                rewritten: Vec::new(),
            },
            room: MAX_REWRITES.saturating_sub(self.rewrites),
        }
    }

    /// Record how the value at byte offset `at` is written.
    pub fn insert(&mut self, at: usize, map: ValueMap) {
        self.rewrites += map.rewritten.len();
        self.values.insert(at, map);
    }

    /// The source bytes holding bytes `span` of the value whose position is byte offset
    /// `at`; `None` when they cannot be told exactly.
    pub fn locate(&self, at: usize, span: Range<usize>) -> Option<Range<usize>> {
        match self.values.get(&at) {
            Some(map) => map.source(span),
            None if span.start <= span.end => {
                Some(at.checked_add(span.start)?..at.checked_add(span.end)?)
            }
            None => None,
        }
    }
}

/// How one value was read from its source: copied bytes, and rewritten pieces (an escape, a
/// doubled quote, a line break with the indentation around it) each read as the characters
/// it stands for. A span maps copied bytes one to one and every rewritten piece it touches
/// whole, so it never points at less than what its characters were read from, and never at
/// anything else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueMap {
    /// The value bytes whose source is known; empty when none is.
    placed: Range<usize>,
    /// The source byte `placed.start` was read from.
    origin: usize,
    /// The rewritten pieces in value order; bytes between them are copied.
    rewritten: Vec<Rewrite>,
}

/// Value bytes, and the source bytes they were read from.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Rewrite {
    value: Range<usize>,
    source: Range<usize>,
}

impl ValueMap {
    /// A value none of whose bytes can be placed: a span in it falls back to the whole value.
    fn unplaced() -> Self {
        Self {
            placed: 0..0,
            origin: 0,
            rewritten: Vec::new(),
        }
    }

    /// The source bytes of value bytes `span`, or `None` when it reaches bytes not placed.
    fn source(&self, span: Range<usize>) -> Option<Range<usize>> {
        if self.placed.is_empty()
            || span.start > span.end
            || span.start < self.placed.start
            || span.end > self.placed.end
        {
            return None;
        }
        let start = self.start_of(span.start);
        let end = if span.is_empty() {
            start
        } else {
            self.end_of(span.end)
        };
        Some(start..end)
    }

    /// Where the value byte at `v` was read from: the start of a rewritten piece holding it.
    fn start_of(&self, v: usize) -> usize {
        let before = self.rewritten.partition_point(|r| r.value.start <= v);
        match before.checked_sub(1).map(|i| &self.rewritten[i]) {
            Some(r) if v < r.value.end => r.source.start,
            Some(r) => r.source.end + (v - r.value.end),
            None => self.origin + (v - self.placed.start),
        }
    }

    /// Where the value bytes before `v` end in the source: the end of a rewritten piece
    /// holding the last of them.
    fn end_of(&self, v: usize) -> usize {
        let before = self.rewritten.partition_point(|r| r.value.start < v);
        match before.checked_sub(1).map(|i| &self.rewritten[i]) {
            Some(r) if v <= r.value.end => r.source.end,
            Some(r) => r.source.end + (v - r.value.end),
            None => self.origin + (v - self.placed.start),
        }
    }

    /// Where the next copied byte must come from.
    fn next_source(&self) -> usize {
        match self.rewritten.last() {
            Some(r) => r.source.end + (self.placed.end - r.value.end),
            None => self.origin + (self.placed.end - self.placed.start),
        }
    }
}

/// Builds a [`ValueMap`] as a reader goes through a value's source ([`SourceMap::trace`]),
/// checking each step against the value: a step that does not give the value's next bytes, or
/// that does not continue where the last one ended, fails (`None`).
#[derive(Debug)]
pub struct ValueMapBuilder<'v> {
    value: &'v str,
    /// Value bytes accounted for.
    done: usize,
    map: ValueMap,
    /// Rewritten pieces that may still be kept.
    room: usize,
}

impl ValueMapBuilder<'_> {
    /// The value bytes not yet accounted for.
    pub fn rest(&self) -> &str {
        self.value.get(self.done..).unwrap_or_default()
    }

    /// The source bytes `range` of `text`, copied into the value as they are.
    pub fn copy(&mut self, text: &str, range: Range<usize>) -> Option<()> {
        if range.start != self.map.next_source() {
            return None;
        }
        let copied = text.get(range)?;
        if !self.rest().starts_with(copied) {
            return None;
        }
        self.advance(copied.len());
        Some(())
    }

    /// The source bytes `source`, read as `c` written `times` times (none for a piece that
    /// stands for nothing, as an escaped line break).
    pub fn rewrite(&mut self, source: Range<usize>, c: char, times: usize) -> Option<()> {
        if source.start != self.map.next_source() || source.end < source.start || self.room == 0 {
            return None;
        }
        let len = c.len_utf8().checked_mul(times)?;
        let produced = self.rest().get(..len)?;
        if produced.chars().any(|p| p != c) {
            return None;
        }
        self.room -= 1;
        let value = self.done..self.done + len;
        self.map.rewritten.push(Rewrite { value, source });
        self.advance(len);
        Some(())
    }

    fn advance(&mut self, len: usize) {
        self.done += len;
        self.map.placed.end = self.done;
    }

    /// The map, or `None` when it says nothing: the whole value copied from its origin.
    fn finish(self) -> Option<ValueMap> {
        let verbatim = self.map.rewritten.is_empty() && self.map.placed == (0..self.value.len());
        (!verbatim).then_some(self.map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `"≥\t9O%"` written as `"\u2265\t9O%"` at byte 10 of a text.
    fn escaped() -> (String, ValueMap) {
        let text = format!("{}\\u2265\\t9O%\"", " ".repeat(10));
        let value = "≥\t9O%";
        let mut b = SourceMap::default().builder(value, 0, 10);
        b.rewrite(10..16, '≥', 1).unwrap();
        b.rewrite(16..18, '\t', 1).unwrap();
        b.copy(&text, 18..21).unwrap();
        (text, b.finish().unwrap())
    }

    #[test]
    fn copied_bytes_map_one_to_one_and_rewritten_pieces_whole() {
        let (text, map) = escaped();
        let at = |span| &text[map.source(span).unwrap()];
        assert_eq!(at(5..7), "O%");
        assert_eq!(at(0..3), "\\u2265");
        assert_eq!(at(3..4), "\\t");
        assert_eq!(at(0..7), "\\u2265\\t9O%");
        assert_eq!(map.source(7..7), Some(21..21));
        assert_eq!(map.source(8..8), None);
    }

    #[test]
    fn a_value_read_as_written_needs_no_map() {
        let text = "a: 9O%\n";
        let mut b = SourceMap::default().builder("9O%", 0, 3);
        b.copy(text, 3..6).unwrap();
        assert_eq!(b.finish(), None);
        assert_eq!(SourceMap::default().locate(3, 1..3), Some(4..6));
    }

    #[test]
    fn steps_that_do_not_add_up_fail() {
        let text = "abc";
        let mut b = SourceMap::default().builder("abc", 0, 0);
        assert_eq!(b.copy(text, 1..2), None, "not where the last step ended");
        assert_eq!(b.copy(text, 0..2), Some(()));
        assert_eq!(b.rewrite(2..3, 'x', 1), None, "not the value's next byte");
        assert_eq!(b.copy(text, 2..4), None, "outside the text");
    }

    #[test]
    fn unplaced_bytes_have_no_source() {
        let text = "|\n\n  ab\n";
        let mut b = SourceMap::default().builder("\nab\n", 1, 5);
        b.copy(text, 5..7).unwrap();
        let map = b.finish().unwrap();
        assert_eq!(map.source(1..3), Some(5..7));
        assert_eq!(map.source(0..2), None);
        assert_eq!(map.source(2..4), None);
        assert_eq!(ValueMap::unplaced().source(0..0), None);
    }

    #[test]
    fn the_file_budget_bounds_what_is_kept() {
        let maps = SourceMap {
            rewrites: MAX_REWRITES - 1,
            ..SourceMap::default()
        };
        let mut b = maps.builder("\t\t", 0, 0);
        assert_eq!(b.rewrite(0..2, '\t', 1), Some(()));
        assert_eq!(b.rewrite(2..4, '\t', 1), None);
    }
}
