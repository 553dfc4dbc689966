//! Text from a file, shown to a person without letting it act on the terminal.
//!
//! A cell or a file name may hold control characters (an ESC that starts a terminal
//! sequence, a CR that rewrites the line, a newline that forges a line of output) or
//! bidirectional overrides (U+202E shows `exe.txt` as `txt.exe`). Human output shows them as
//! visible escapes, as ripgrep and git do: `\t`, `\n`, `\r`, `\u{1b}` for control characters
//! and `<U+202E>` for the invisible formatting characters. JSON stays exact: its strings
//! carry the same characters, written as `\uXXXX` escapes a JSON reader turns back into them.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io;

/// Whether `c` is a control character (C0, DEL, C1).
fn is_control(c: char) -> bool {
    matches!(c, '\0'..='\u{1f}' | '\u{7f}'..='\u{9f}')
}

/// Whether `c` is an invisible character that reorders or hides text: bidirectional marks,
/// embeddings, overrides and isolates, zero-width characters, line and paragraph separators.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{061c}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
    )
}

/// Whether `c` is shown escaped.
pub fn needs_escape(c: char) -> bool {
    is_control(c) || is_invisible(c)
}

/// How `c` is shown.
fn push_escaped(out: &mut String, c: char) {
    match c {
        '\t' => out.push_str("\\t"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        c if is_control(c) => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
        c => {
            let _ = write!(out, "<U+{:04X}>", u32::from(c));
        }
    }
}

/// `text` with every control and invisible character escaped, newlines included: for a file
/// name or a cell text inside a line of output.
pub fn visible(text: &str) -> Cow<'_, str> {
    escape(text, needs_escape)
}

/// As [`visible`], keeping line breaks and tabs, which move the cursor but rewrite nothing:
/// for lines of text shown as they are.
pub fn visible_lines(text: &str) -> Cow<'_, str> {
    escape(text, |c| c != '\n' && c != '\t' && needs_escape(c))
}

fn escape(text: &str, escaped: impl Fn(char) -> bool) -> Cow<'_, str> {
    let Some(first) = text.find(|c: char| escaped(c)) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(&text[..first]);
    for c in text[first..].chars() {
        if escaped(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A JSON formatter that writes control and invisible characters as `\uXXXX` escapes, which
/// serde_json leaves raw above U+001F: the value read back is the same, and a terminal
/// showing the JSON shows no raw control character.
struct Safe;

impl serde_json::ser::Formatter for Safe {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut rest = fragment;
        while let Some(at) = rest.find(needs_escape) {
            writer.write_all(&rest.as_bytes()[..at])?;
            let c = rest[at..].chars().next().unwrap_or_default();
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                write!(writer, "\\u{unit:04x}")?;
            }
            rest = &rest[at + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }
}

/// `value` as one line of JSON, with control and invisible characters escaped.
pub fn json_line<T: serde::Serialize + ?Sized>(value: &T) -> String {
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, Safe);
    // Serializing into memory fails only on a map with non-string keys, which no report has.
    if value.serialize(&mut serializer).is_err() {
        return String::new();
    }
    String::from_utf8(out).unwrap_or_default()
}

/// As [`json_line`], indented.
pub fn json_pretty<T: serde::Serialize + ?Sized>(value: &T) -> String {
    let mut out = Vec::new();
    let formatter = Pretty {
        inner: serde_json::ser::PrettyFormatter::new(),
    };
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    if value.serialize(&mut serializer).is_err() {
        return String::new();
    }
    String::from_utf8(out).unwrap_or_default()
}

/// serde_json's pretty formatter with [`Safe`]'s strings.
struct Pretty<'a> {
    inner: serde_json::ser::PrettyFormatter<'a>,
}

macro_rules! forward {
    ($($name:ident),*) => {$(
        fn $name<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
            self.inner.$name(writer)
        }
    )*};
}

macro_rules! forward_first {
    ($($name:ident),*) => {$(
        fn $name<W: ?Sized + io::Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
            self.inner.$name(writer, first)
        }
    )*};
}

impl serde_json::ser::Formatter for Pretty<'_> {
    forward!(
        begin_array,
        end_array,
        end_array_value,
        begin_object,
        end_object,
        begin_object_value,
        end_object_value
    );
    forward_first!(begin_array_value, begin_object_key);

    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        Safe.write_string_fragment(writer, fragment)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_overrides_are_shown_visibly() {
        assert_eq!(visible("预算执行率"), "预算执行率");
        assert_eq!(
            visible("a\u{1b}[31mred\r\nb\u{202e}txt.exe\u{9b}"),
            "a\\u{1b}[31mred\\r\\nb<U+202E>txt.exe\\u{9b}"
        );
        assert_eq!(visible_lines("a\nb\tc\r"), "a\nb\tc\\r");
    }

    #[test]
    fn json_keeps_the_value_and_escapes_the_characters() {
        let text = "x\u{1b}\u{85}\u{202e}y\u{1F4F7}中";
        let line = json_line(&serde_json::json!({ "t": text }));
        assert!(!line.chars().any(needs_escape), "{line}");
        let back: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(back["t"], text);
        let pretty = json_pretty(&serde_json::json!({ "t": text, "n": [1, 2] }));
        assert!(pretty.contains("\n  \"n\""), "{pretty}");
        let back: serde_json::Value = serde_json::from_str(&pretty).unwrap();
        assert_eq!(back["t"], text);
    }
}
