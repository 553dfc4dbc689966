//! How a scalar's value is written in the text: yaml-rust2's reading of a scalar, done again
//! over the raw text, so that a finding about part of a cell points at the bytes that part was
//! read from.
//!
//! Most scalars are their value verbatim, and need nothing. The others: escapes and folded
//! lines in double quotes (`"\u2265 90%"`, JSON's `"\""`), doubled quotes and folded lines in
//! single quotes, plain scalars over several lines, and block scalars (`|`, `>`), whose lines
//! lose their indentation and are joined. Each step is checked against the value the parser
//! gave ([`ValueMapBuilder`]); where this reading and the parser's part ways, the value is left
//! unplaced and findings in it point at the whole scalar, never at other characters. So are a
//! block scalar's leading blank lines and final line breaks the text does not hold.

use yaml_rust2::scanner::TScalarStyle;

use crate::source_map::{SourceMap, ValueMap, ValueMapBuilder};

/// How the scalar `value`, of style `style` and positioned at byte `at` of `src` (after an
/// opening quote; at a block scalar's first content character), is written there: `None` when
/// verbatim.
pub(super) fn map(
    maps: &SourceMap,
    src: &str,
    at: usize,
    style: TScalarStyle,
    value: &str,
) -> Option<ValueMap> {
    // The usual case, settled without a walk: a value the text holds as it is from `at` on,
    // on one line, with nothing its quotes would have rewritten (in a plain scalar, anything
    // rewritten would be a line break folded, and the text would differ there).
    let held = || src.get(at..).is_some_and(|s| s.starts_with(value));
    let verbatim = match style {
        TScalarStyle::Plain => held(),
        TScalarStyle::DoubleQuoted => !value.contains(['\\', '\n', '\r']) && held(),
        TScalarStyle::SingleQuoted => !value.contains(['\'', '\n', '\r']) && held(),
        TScalarStyle::Literal | TScalarStyle::Folded => false,
    };
    if verbatim {
        return None;
    }
    // A block scalar's position is its first content line: leading blank lines come before.
    let leading = match style {
        TScalarStyle::Literal | TScalarStyle::Folded => {
            value.len() - value.trim_start_matches('\n').len()
        }
        _ => 0,
    };
    maps.trace(value, leading, at, |b| match style {
        TScalarStyle::Plain => plain(b, src, at),
        TScalarStyle::SingleQuoted => quoted(b, src, at, '\''),
        TScalarStyle::DoubleQuoted => quoted(b, src, at, '"'),
        TScalarStyle::Literal => block(b, src, at, false),
        TScalarStyle::Folded => block(b, src, at, true),
    })
}

/// A plain scalar: copied, but for line breaks, which fold with the white space around them.
/// It ends where its value does.
fn plain(b: &mut ValueMapBuilder<'_>, src: &str, mut at: usize) -> Option<()> {
    while !b.rest().is_empty() {
        at = step(b, src, at)?;
    }
    Some(())
}

/// A quoted scalar from after its opening quote to the closing one: copied, but for white
/// space holding line breaks (folded), doubled single quotes, and escapes in double quotes.
fn quoted(b: &mut ValueMapBuilder<'_>, src: &str, mut at: usize, quote: char) -> Option<()> {
    if !src.get(..at)?.ends_with(quote) {
        return None;
    }
    loop {
        let rest = src.get(at..)?;
        if quote == '\'' && rest.starts_with("''") {
            b.rewrite(at..at + 2, '\'', 1)?;
            at += 2;
        } else if rest.starts_with(quote) {
            return b.rest().is_empty().then_some(());
        } else if quote == '"' && rest.starts_with('\\') {
            at = escape(b, src, at)?;
        } else {
            at = step(b, src, at)?;
        }
    }
}

/// One character copied, or a run of white space: copied when on one line, else folded
/// (one line break reads as a space, n > 1 as n − 1 line breaks).
fn step(b: &mut ValueMapBuilder<'_>, src: &str, at: usize) -> Option<usize> {
    let c = src.get(at..)?.chars().next()?;
    if !matches!(c, ' ' | '\t' | '\n' | '\r') {
        let end = at + c.len_utf8();
        b.copy(src, at..end)?;
        return Some(end);
    }
    let (end, breaks) = white(src, at);
    match breaks {
        0 => b.copy(src, at..end)?,
        1 => b.rewrite(at..end, ' ', 1)?,
        n => b.rewrite(at..end, '\n', n - 1)?,
    }
    Some(end)
}

/// The end of the run of spaces, tabs and line breaks at `at`, and the line breaks in it
/// (`\r\n` is one).
fn white(src: &str, mut at: usize) -> (usize, usize) {
    let mut breaks = 0;
    loop {
        let rest = &src[at..];
        let line_break = break_len(rest);
        if line_break > 0 {
            breaks += 1;
            at += line_break;
        } else if rest.starts_with([' ', '\t']) {
            at += 1;
        } else {
            return (at, breaks);
        }
    }
}

/// The length of the line break `s` starts with, 0 when none.
fn break_len(s: &str) -> usize {
    if s.starts_with("\r\n") {
        2
    } else {
        usize::from(s.starts_with(['\n', '\r']))
    }
}

/// The escape at `at` (a backslash) in a double-quoted scalar, as yaml-rust2 reads it; where
/// it ends. An escaped line break stands for nothing, and the blank lines after it for a line
/// break each.
fn escape(b: &mut ValueMapBuilder<'_>, src: &str, at: usize) -> Option<usize> {
    let rest = src.get(at + 1..)?;
    let line_break = break_len(rest);
    if line_break > 0 {
        let (end, breaks) = white(src, at + 1 + line_break);
        b.rewrite(at..end, '\n', breaks)?;
        return Some(end);
    }
    let (c, len) = match rest.chars().next()? {
        '0' => ('\0', 1),
        'a' => ('\x07', 1),
        'b' => ('\x08', 1),
        't' | '\t' => ('\t', 1),
        'n' => ('\n', 1),
        'v' => ('\x0b', 1),
        'f' => ('\x0c', 1),
        'r' => ('\r', 1),
        'e' => ('\x1b', 1),
        ' ' => (' ', 1),
        '"' => ('"', 1),
        '/' => ('/', 1),
        '\\' => ('\\', 1),
        'N' => ('\u{85}', 1),
        '_' => ('\u{a0}', 1),
        'L' => ('\u{2028}', 1),
        'P' => ('\u{2029}', 1),
        'x' => (hex(rest, 2)?, 3),
        'u' => (hex(rest, 4)?, 5),
        'U' => (hex(rest, 8)?, 9),
        _ => return None,
    };
    let end = at + 1 + len;
    b.rewrite(at..end, c, 1)?;
    Some(end)
}

/// The character of the `digits` hexadecimal digits after the escape letter that `rest`
/// starts with.
fn hex(rest: &str, digits: usize) -> Option<char> {
    let code = rest.get(1..1 + digits)?;
    if !code.bytes().all(|d| d.is_ascii_hexdigit()) {
        return None;
    }
    char::from_u32(u32::from_str_radix(code, 16).ok()?)
}

/// A block scalar from its first content character: each content line copied from its
/// indentation on, and the line breaks between two content lines (with the blank lines
/// there) read as yaml-rust2 joins them: kept in a literal scalar; in a folded one, one line
/// break between two lines that do not start with white space reads as a space and n > 1 as
/// n − 1 line breaks. The final line breaks are placed when the text holds them.
fn block(b: &mut ValueMapBuilder<'_>, src: &str, at: usize, folded: bool) -> Option<()> {
    // The indentation is the spaces before the first content character on its line.
    let indent = src
        .get(..at)?
        .bytes()
        .rev()
        .take_while(|&c| c == b' ')
        .count();
    let line_start = at - indent;
    if line_start > 0 && !src[..line_start].ends_with(['\n', '\r']) {
        return None;
    }
    let mut line = at;
    loop {
        let eol = src[line..]
            .find(['\n', '\r'])
            .map_or(src.len(), |i| line + i);
        b.copy(src, line..eol)?;
        let rest = b.rest();
        if !rest.bytes().any(|c| c != b'\n') {
            final_breaks(b, src, eol);
            return Some(());
        }
        let (next, blanks) = next_content_line(src, eol, indent)?;
        let white_edge = |at: usize| src[at..].starts_with([' ', '\t']);
        let (c, times) = if folded && !white_edge(line) && !white_edge(next) {
            if blanks == 0 {
                (' ', 1)
            } else {
                ('\n', blanks)
            }
        } else {
            ('\n', blanks + 1)
        };
        b.rewrite(eol..next, c, times)?;
        line = next;
    }
}

/// From the line break at `eol`, where the next content line of a block scalar indented
/// `indent` spaces starts (after its indentation), and how many blank lines (at most `indent`
/// spaces) come before it; `None` when the scalar ends first.
fn next_content_line(src: &str, eol: usize, indent: usize) -> Option<(usize, usize)> {
    let first = break_len(&src[eol..]);
    if first == 0 {
        return None;
    }
    let mut line = eol + first;
    let mut blanks = 0;
    loop {
        let spaces = src[line..]
            .bytes()
            .take(indent)
            .take_while(|&c| c == b' ')
            .count();
        let line_break = break_len(&src[line + spaces..]);
        if line_break > 0 {
            blanks += 1;
            line += spaces + line_break;
        } else if spaces == indent && line + spaces < src.len() {
            return Some((line + spaces, blanks));
        } else {
            return None;
        }
    }
}

/// The line breaks that end a block scalar's value (one when clipped, every trailing one when
/// kept), placed at the line breaks and blank lines after its last content line, which ends at
/// `eol`; left unplaced when the text does not hold that many (a last line without a line
/// break).
fn final_breaks(b: &mut ValueMapBuilder<'_>, src: &str, eol: usize) {
    let wanted = b.rest().len();
    if wanted == 0 {
        return;
    }
    let mut end = eol;
    for _ in 0..wanted {
        let spaces = src[end..].bytes().take_while(|&c| c == b' ').count();
        let line_break = break_len(&src[end + spaces..]);
        if line_break == 0 {
            return;
        }
        end += spaces + line_break;
    }
    // Out of room for it, the tail stays unplaced as well.
    let _ = b.rewrite(eol..end, '\n', wanted);
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::tree::{Kind, Node, parse};
    use crate::diagnostic::Pos;
    use crate::source_map::SourceMap;

    /// The value of the first key of `src`, its position's byte offset, and the text's map.
    fn first_value(src: &str) -> (String, usize, SourceMap) {
        let document = parse(src).unwrap();
        let Some(Node {
            kind: Kind::Map(entries),
            ..
        }) = document.root
        else {
            panic!("not a mapping: {src}");
        };
        let Node {
            kind: Kind::Scalar(value),
            pos: Pos::Text { offset, .. },
        } = &entries[0].value
        else {
            panic!("not a scalar: {src}");
        };
        (value.clone(), *offset, document.map)
    }

    /// The source text holding the first `part` of the first value of `src`.
    fn placed<'s>(src: &'s str, part: &str) -> Option<&'s str> {
        let (value, at, map) = first_value(src);
        let start = value
            .find(part)
            .unwrap_or_else(|| panic!("{part:?} not in {value:?}"));
        let found = map.locate(at, start..start + part.len())?;
        Some(&src[found])
    }

    #[test]
    fn values_written_verbatim_need_no_map() {
        for src in [
            "a: 9O%\n",
            "a: \"≥9O%\"\n",
            "a: '≥9O%'\n",
            "{\"a\": \"≥9O%\"}",
            "a: [x y, 'z', \"w\"]\n",
        ] {
            assert_eq!(parse(src).unwrap().map, SourceMap::default(), "{src}");
        }
    }

    #[test]
    fn double_quoted_escapes_are_placed_whole() {
        let src = "a: \"\\u2265 9O%\"\n";
        assert_eq!(placed(src, "O%"), Some("O%"));
        assert_eq!(placed(src, "≥"), Some("\\u2265"));
        assert_eq!(placed(src, "≥ 9"), Some("\\u2265 9"));
        let src = "a: \"a\\\"b\\t\\\\c\\x25 \\U0001F600\\/\"\n";
        assert_eq!(placed(src, "\""), Some("\\\""));
        assert_eq!(placed(src, "b\t\\c"), Some("b\\t\\\\c"));
        assert_eq!(placed(src, "% 😀"), Some("\\x25 \\U0001F600"));
        assert_eq!(placed(src, "/"), Some("\\/"));
        let json = "{\"a\": \"\\u0031O\\u004f%\"}";
        assert_eq!(placed(json, "OO%"), Some("O\\u004f%"));
    }

    #[test]
    fn quoted_lines_fold() {
        let src = "a: \"one  \n   two\n\n  three\\\n   four\"\n";
        assert_eq!(first_value(src).0, "one two\nthreefour");
        assert_eq!(placed(src, "two"), Some("two"));
        assert_eq!(placed(src, " "), Some("  \n   "));
        assert_eq!(placed(src, "\n"), Some("\n\n  "));
        assert_eq!(placed(src, "four"), Some("four"));
        assert_eq!(placed(src, "efo"), Some("e\\\n   fo"));
        let src = "a: 'it''s\n  9O%'\n";
        assert_eq!(first_value(src).0, "it's 9O%");
        assert_eq!(placed(src, "'"), Some("''"));
        assert_eq!(placed(src, "s 9O"), Some("s\n  9O"));
    }

    #[test]
    fn plain_lines_fold() {
        let src = "a: ≥\n  9O%\n\n  done # note\nb: 1\n";
        assert_eq!(first_value(src).0, "≥ 9O%\ndone");
        assert_eq!(placed(src, "O%"), Some("O%"));
        assert_eq!(placed(src, "%\nd"), Some("%\n\n  d"));
        let crlf = "a: one\r\n  two\r\nb: 1\r\n";
        assert_eq!(placed(crlf, " two"), Some("\r\n  two"));
    }

    #[test]
    fn block_lines_lose_their_indentation() {
        let src = "a: |\n    one\n     two\n\n    three\nb: 1\n";
        assert_eq!(first_value(src).0, "one\n two\n\nthree\n");
        assert_eq!(placed(src, "two"), Some("two"));
        assert_eq!(placed(src, " two"), Some(" two"));
        assert_eq!(placed(src, "one\n"), Some("one\n    "));
        assert_eq!(placed(src, "\n\nthree\n"), Some("\n\n    three\n"));
        let src = "a: >-\n  ≥\n  9O%\n\n  more\n   kept\n  end\n";
        assert_eq!(first_value(src).0, "≥ 9O%\nmore\n kept\nend");
        assert_eq!(placed(src, "O%"), Some("O%"));
        assert_eq!(placed(src, "≥ 9"), Some("≥\n  9"));
        assert_eq!(placed(src, "\nmore"), Some("\n\n  more"));
        assert_eq!(placed(src, "kept\ne"), Some("kept\n  e"));
        let crlf = "a: |+\r\n  one\r\n  two\r\n\r\nb: 1\r\n";
        assert_eq!(first_value(crlf).0, "one\ntwo\n\n");
        assert_eq!(placed(crlf, "\ntwo"), Some("\r\n  two"));
        assert_eq!(placed(crlf, "two\n\n"), Some("two\r\n\r\n"));
    }

    #[test]
    fn what_the_text_does_not_hold_is_left_unplaced() {
        // Leading blank lines come before the position; a last line without its line break.
        let src = "a: |\n\n  one\n  two";
        assert_eq!(first_value(src).0, "\none\ntwo\n");
        assert_eq!(placed(src, "one"), Some("one"));
        assert_eq!(placed(src, "\none"), None);
        assert_eq!(placed(src, "two"), Some("two"));
        assert_eq!(placed(src, "two\n"), None);
        // The file's budget of rewritten pieces is tested in source_map.rs: a value holds at
        // most MAX_CELL_CHARS characters, fewer than the budget.
    }

    #[test]
    fn long_values_are_read_in_linear_time() {
        let lines = "  9O%\n".repeat(8_000);
        let src = format!("a: |\n{lines}b: 1\n");
        let (value, at, map) = first_value(&src);
        let last = value.len() - 4;
        assert_eq!(map.locate(at, last..last + 3).map(|r| &src[r]), Some("9O%"));
        let plain = format!("a: \"{}\"\n", "9O%\\t".repeat(8_000));
        assert_eq!(placed(&plain, "O%\t"), Some("O%\\t"));
    }

    /// Characters and ways to write them between double quotes, and between single quotes.
    const DOUBLE: &[(char, &str)] = &[
        ('a', "a"),
        ('O', "O"),
        ('≥', "≥"),
        ('≥', "\\u2265"),
        ('%', "\\x25"),
        ('"', "\\\""),
        ('\\', "\\\\"),
        ('\t', "\\t"),
        ('\n', "\\n"),
        (' ', " "),
        (' ', "\\ "),
        ('😀', "\\U0001F600"),
        ('/', "\\/"),
        ('\u{a0}', "\\_"),
    ];
    const SINGLE: &[(char, &str)] = &[
        ('a', "a"),
        ('O', "O"),
        ('≥', "≥"),
        ('\'', "''"),
        ('"', "\""),
        ('\\', "\\"),
        (' ', " "),
    ];

    /// Each character of a quoted scalar spelled from `table` is placed at its spelling.
    fn spelled(quote: char, table: &[(char, &str)], picks: &[usize]) {
        let pieces: Vec<(char, &str)> = picks.iter().map(|&i| table[i % table.len()]).collect();
        let spelling: String = pieces.iter().map(|p| p.1).collect();
        let src = format!("a: {quote}{spelling}{quote}\n");
        let (value, at, map) = first_value(&src);
        assert_eq!(value, pieces.iter().map(|p| p.0).collect::<String>());
        let (mut v, mut s) = (0, at);
        for (c, written) in pieces {
            let found = map.locate(at, v..v + c.len_utf8());
            assert_eq!(found, Some(s..s + written.len()), "{c:?} in {src}");
            v += c.len_utf8();
            s += written.len();
        }
    }

    /// Whether `written` may be how `c` was written: itself, an escape, a doubled quote, or
    /// white space and line breaks folded into white space.
    fn reads_as(written: &str, c: char) -> bool {
        let white = |s: &str| s.chars().all(|w| matches!(w, ' ' | '\t' | '\n' | '\r'));
        written.chars().eq([c])
            || written.starts_with('\\')
            || (c == '\'' && written == "''")
            || (matches!(c, ' ' | '\n') && white(written))
    }

    proptest! {
        #[test]
        fn double_quoted_characters_are_placed_at_their_spelling(
            picks in proptest::collection::vec(0usize..64, 0..40)
        ) {
            spelled('"', DOUBLE, &picks);
        }

        #[test]
        fn single_quoted_characters_are_placed_at_their_spelling(
            picks in proptest::collection::vec(0usize..64, 0..40)
        ) {
            spelled('\'', SINGLE, &picks);
        }

        #[test]
        fn any_text_maps_inside_itself(text in "(a|b|9|O|%|≥|:|-|,|'|\"|\\\\|u|x|2|\\||>|\\+|#|\\[|\\]|\\{|\\}| |  |\t|\n|\r\n)*") {
            let Ok(document) = parse(&text) else { return Ok(()) };
            let mut nodes: Vec<Node> = document.root.into_iter().collect();
            while let Some(node) = nodes.pop() {
                match node.kind {
                    Kind::Map(entries) => nodes.extend(entries.into_iter().flat_map(|e| [e.key, e.value])),
                    Kind::Seq(items) => nodes.extend(items),
                    Kind::Null => {}
                    Kind::Scalar(value) => {
                        let Pos::Text { offset, .. } = node.pos else { continue };
                        // Characters are placed inside the text, in order, from the position on.
                        let mut from = offset;
                        for (i, c) in value.char_indices() {
                            if let Some(found) = document.map.locate(offset, i..i + c.len_utf8()) {
                                prop_assert!(text.get(found.clone()).is_some(), "{found:?} in {text:?}");
                                prop_assert!(found.start >= from, "{found:?} in {text:?}");
                                prop_assert!(reads_as(&text[found.clone()], c), "{c:?} at {found:?} in {text:?}");
                                from = found.start;
                            }
                        }
                    }
                }
            }
        }
    }
}
