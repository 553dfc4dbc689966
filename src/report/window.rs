//! The few lines of a file shown under a finding, cut to a window around the finding.
//!
//! A finding's source lines are shown as the file has them, but a JSON sheet may be one line
//! of 90 KB and a CSV line a 30,000-character cell: the whole line would flood the terminal,
//! and miette's renderer cannot pad to a column past 65,535. So the renderer is handed only
//! a window: the finding's line and the lines around it, each cut to the same columns around
//! the span (marked `…` where cut), with control characters and bidi overrides made visible.
//! The window remembers where it is in the file, so that the line and column shown are the
//! file's.

use crate::report::escape;

/// Characters shown before the span, and after it, on each line.
const AROUND: usize = 60;
/// The most characters of the span itself underlined.
const MOST: usize = 120;
/// Lines shown before and after the span's line.
const CONTEXT: usize = 1;
/// A line of at most this many characters is shown whole.
const WHOLE: usize = 400;

/// Whether `line` is short enough to be shown whole.
fn short(line: &str) -> bool {
    line.len() <= WHOLE || (line.len() <= 4 * WHOLE && line.chars().count() <= WHOLE)
}

/// A cut of a file's text around a span.
pub(super) struct Window {
    /// The lines shown, cut and escaped, joined by `\n`.
    pub text: String,
    /// The span in `text`.
    pub start: usize,
    pub len: usize,
    /// The 0-based line of the file the window's first line is.
    pub first_line: usize,
    /// The 0-based column, in characters, of the span's start in the file.
    pub column: usize,
}

/// The window around bytes `start..start + len` of `text`. `known` is a position in the
/// file at or before `start` whose 0-based line and character column are known (the
/// finding's own), so that the window costs what it shows, not the size of the file.
pub(super) fn window(text: &str, start: usize, len: usize, known: (usize, usize, usize)) -> Window {
    let start = crate::text::floor_char_boundary(text, start.min(text.len()));
    let (known_at, known_line, known_column) = if known.0 <= start { known } else { (0, 0, 0) };
    let known_at = crate::text::floor_char_boundary(text, known_at);
    let between = &text[known_at..start];
    let line_no = known_line + between.matches('\n').count();
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    // Counted in the text where the line is not huge; on a huge line, from the known
    // position, so that each finding costs what it shows.
    let column = if line_start <= known_at && start - line_start > 1024 * 1024 {
        known_column + between.chars().count()
    } else {
        text[line_start..start].chars().count()
    };
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let end = crate::text::floor_char_boundary(text, (start + len).min(line_end));
    let whole = short(&text[line_start..line_end]);
    let span_chars = if whole {
        text[start..end].chars().count()
    } else {
        text[start..end].chars().count().min(MOST)
    };
    // Where the shown part of the span's line starts: at most AROUND characters before it.
    let shown_from = if whole {
        line_start
    } else {
        text[line_start..start]
            .char_indices()
            .rev()
            .nth(AROUND.saturating_sub(1))
            .map_or(line_start, |(i, _)| line_start + i)
    };
    let mut out = String::new();
    // The lines before, each cut to its first characters.
    let mut before = Vec::new();
    let mut at = line_start;
    for _ in 0..CONTEXT {
        if at == 0 {
            break;
        }
        let prev_start = text[..at - 1].rfind('\n').map_or(0, |i| i + 1);
        before.push(&text[prev_start..at - 1]);
        at = prev_start;
    }
    let first_line = line_no - before.len();
    for line in before.iter().rev() {
        push_line(&mut out, line, 2 * AROUND + span_chars);
        out.push('\n');
    }
    if shown_from > line_start {
        out.push('…');
    }
    for c in text[shown_from..start].chars() {
        push_shown(&mut out, c);
    }
    let span_at = out.len();
    let mut rest = text[start..line_end]
        .strip_suffix('\r')
        .unwrap_or(&text[start..line_end])
        .chars();
    for c in rest.by_ref().take(span_chars) {
        push_shown(&mut out, c);
    }
    let span_len = out.len() - span_at;
    for (i, c) in rest.enumerate() {
        if i >= AROUND && !whole {
            out.push('…');
            break;
        }
        push_shown(&mut out, c);
    }
    let mut next = line_end;
    for _ in 0..CONTEXT {
        if next >= text.len() {
            break;
        }
        let from = next + 1;
        let to = text[from..].find('\n').map_or(text.len(), |i| from + i);
        out.push('\n');
        push_line(&mut out, &text[from..to], 2 * AROUND + span_chars);
        next = to;
    }
    Window {
        text: out,
        start: span_at,
        len: span_len,
        first_line,
        column,
    }
}

/// A context line, whole when short, else cut after `most` characters.
fn push_line(out: &mut String, line: &str, most: usize) {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let whole = short(line);
    for (i, c) in line.chars().enumerate() {
        if i >= most && !whole {
            out.push('…');
            return;
        }
        push_shown(out, c);
    }
}

fn push_shown(out: &mut String, c: char) {
    if escape::needs_escape(c) {
        let mut buf = [0u8; 4];
        out.push_str(&escape::visible(c.encode_utf8(&mut buf)));
    } else {
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_are_shown_whole() {
        let text = "a: 1\nb: 中文\nc: 3\nd: 4";
        let at = text.find("中文").unwrap();
        let w = window(text, at, "中文".len(), (0, 0, 0));
        assert_eq!(w.text, "a: 1\nb: 中文\nc: 3");
        assert_eq!(&w.text[w.start..w.start + w.len], "中文");
        assert_eq!((w.first_line, w.column), (0, 3));
    }

    #[test]
    fn a_long_line_is_cut_around_the_span() {
        let text = format!("{}XYZ{}", "甲".repeat(100_000), "乙".repeat(100_000));
        let at = text.find("XYZ").unwrap();
        let w = window(&text, at, 3, (0, 0, 0));
        assert_eq!(&w.text[w.start..w.start + w.len], "XYZ");
        assert_eq!(w.column, 100_000);
        assert!(w.text.chars().count() < 200, "{}", w.text.chars().count());
        assert!(w.text.starts_with('…') && w.text.ends_with('…'));
        let known = window(&text, at, 3, (at - 3, 0, 99_999));
        assert_eq!(known.column, 100_000);
    }

    #[test]
    fn control_characters_are_shown_escaped() {
        let text = "a\u{1b}[2Jb: \u{202e}x\r\n";
        let at = text.find('x').unwrap();
        let w = window(text, at, 1, (0, 0, 0));
        assert_eq!(w.text, "a\\u{1b}[2Jb: <U+202E>x\n");
        assert_eq!(&w.text[w.start..w.start + w.len], "x");
    }
}
