//! Web pages (`.html`, `.htm`): decoded, parsed as a browser parses them (html5ever, through
//! `scraper`), and their tables and paragraphs read from the tree.
//!
//! The encoding is the byte-order mark's, else the page's own (`<meta charset>` or the
//! `http-equiv` content type, as government pages in GBK or GB2312 declare it), else UTF-8 when
//! the bytes are UTF-8, else GB18030; bytes the encoding cannot decode are replaced and noted.
//! A cell shows its text as a browser lays it out: white space collapsed, a line per `<br>`,
//! paragraph or other block, entities decoded. What a browser does not show is not text: the
//! page's head, scripts, styles, templates, frames and form lists. A script is never run, and its
//! code is no cell's text; an escaped one (`&lt;script&gt;`) is text like any other. Rows are
//! the table's own `<tr>`, cells placed as a browser places them (`colspan`, `rowspan`: a
//! `rowspan` of 0 spans one row); a table nested in a cell is part of that cell's text. A page
//! whose last table has no end, as a page cut short has, is refused.

use std::sync::Arc;

use encoding_rs::{Encoding, GB18030, UTF_8};
use scraper::{Html, Node};

use super::{Limit, MAX_COLUMNS, Paragraphs, Placer, Table, damaged, too_large};
use crate::diagnostic::{Finding, Pos, Severity, SourceFile};
use crate::lang::Text;
use crate::sheet::read::ReadError;

/// How far into a page its encoding is looked for, as browsers do (they look at 1024 bytes;
/// pages saved by Word put a longer head first).
const PRESCAN_BYTES: usize = 4096;
/// The longest `rowspan` a browser honours.
const MAX_ROWSPAN: u32 = 65_534;

/// Whether text that no extension names is a web page: it opens with a doctype or an `<html>`,
/// `<head>`, `<body>`, `<meta>` or `<table>` tag.
pub(in crate::sheet) fn looks_like_html(bytes: &[u8]) -> bool {
    let start = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = start.trim_ascii_start();
    let head: Vec<u8> = start.iter().take(16).map(u8::to_ascii_lowercase).collect();
    [
        "<!doctype html",
        "<html",
        "<head",
        "<body",
        "<meta",
        "<table",
    ]
    .iter()
    .any(|tag| head.starts_with(tag.as_bytes()))
}

fn page() -> Text {
    Text::new("网页", "the web page")
}

/// The tables of a web page, and a note if some of its bytes could not be decoded.
pub(super) fn read(
    file: &Arc<SourceFile>,
    bytes: &[u8],
) -> Result<(Vec<Table>, Vec<Finding>), ReadError> {
    let (text, encoding, had_errors) = decode(bytes);
    if is_cut_short(&text) {
        return Err(damaged(
            file,
            page(),
            "最后一个表格没有结束标记 </table>，文件可能被截断 (the last table has no </table>: the file may be cut short)",
        ));
    }
    let mut notes = Vec::new();
    if had_errors {
        let name = encoding.name();
        notes.push(
            Finding::new(
                "sheet-encoding",
                Severity::Warning,
                Text::new(
                    format!("网页含有无法按 {name} 解码的字节，已替换为 �"),
                    format!("the page holds bytes that are not valid {name}; they were replaced by �"),
                ),
                Text::new(
                    "请核对表中的文字；可在浏览器中打开网页，确认显示正常后另存",
                    "check the texts of the form; open the page in a browser and save it again if it shows right",
                ),
            )
            .at(file, Pos::File),
        );
    }
    let html = Html::parse_document(&text);
    let mut walker = Walker::default();
    walker
        .walk(&html)
        .map_err(|limit| too_large(file, walker.tables.len() + 1, limit))?;
    Ok((walker.tables, notes))
}

/// The text of a page, the encoding it was decoded from, and whether some bytes could not be.
fn decode(bytes: &[u8]) -> (String, &'static Encoding, bool) {
    let (encoding, body) = match Encoding::for_bom(bytes) {
        Some((encoding, bom)) => (encoding, &bytes[bom..]),
        None => {
            let declared = declared(&bytes[..bytes.len().min(PRESCAN_BYTES)]);
            let encoding = match declared {
                Some(encoding) => encoding,
                None if std::str::from_utf8(bytes).is_ok() => UTF_8,
                None => GB18030,
            };
            (encoding, bytes)
        }
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    (text.into_owned(), encoding, had_errors)
}

/// The encoding a page declares in a `<meta>` tag: `charset=…` in the tag, whether as its own
/// attribute or inside a content type. A page cannot declare UTF-16 in itself (browsers read
/// that as UTF-8).
fn declared(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut rest = &lower[..];
    while let Some(at) = memchr::memmem::find(rest, b"<meta") {
        let tag = &rest[at..];
        let end = memchr::memchr(b'>', tag).unwrap_or(tag.len());
        let tag = &tag[..end];
        if let Some(i) = memchr::memmem::find(tag, b"charset") {
            let value = tag[i + "charset".len()..]
                .iter()
                .skip_while(|b| b.is_ascii_whitespace() || matches!(b, b'=' | b'"' | b'\''));
            let label: Vec<u8> = value
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
                .copied()
                .collect();
            if let Some(encoding) = Encoding::for_label(&label) {
                return Some(
                    if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
                        UTF_8
                    } else {
                        encoding
                    },
                );
            }
        }
        rest = &rest[at + end.max(1)..];
    }
    None
}

/// Whether a page was cut short in a table: it has more `<table` tags than `</table>`, and
/// does not end as a page does.
fn is_cut_short(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let opens = memchr::memmem::find_iter(lower.as_bytes(), b"<table")
        .filter(|&at| {
            lower
                .as_bytes()
                .get(at + "<table".len())
                .is_none_or(|b| b.is_ascii_whitespace() || *b == b'>')
        })
        .count();
    let closes = memchr::memmem::find_iter(lower.as_bytes(), b"</table").count();
    opens > closes && !lower.trim_end().ends_with("</html>")
}

/// Elements a browser does not show, whose content is never text.
const HIDDEN: &[&str] = &[
    "head", "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math",
    "select", "datalist", "title",
];

/// Elements that start and end a line of text.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "caption",
    "center",
    "dd",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// A cell of a row as read.
struct RawCell {
    rows: u32,
    cols: u32,
    text: String,
}

/// The page's tree being walked.
#[derive(Default)]
struct Walker {
    tables: Vec<Table>,
    paragraphs: Paragraphs,
    /// The line of body text being read.
    line: String,
    /// How many tables the walk is inside: 0 in the body, 1 in a form's table.
    depth: usize,
    rows: Vec<Vec<RawCell>>,
    /// The cell being read, and the line of its text being read.
    cell: Option<RawCell>,
    cell_line: String,
    /// The caption of the table being read.
    caption: Option<String>,
    budget: super::Budget,
}

impl Walker {
    /// Walk the tree in document order without recursion, so that no nesting can exhaust the
    /// stack.
    fn walk(&mut self, html: &Html) -> Result<(), Limit> {
        let root = html.tree.root();
        let mut node = root;
        loop {
            let descend = match node.value() {
                Node::Element(e) if HIDDEN.contains(&e.name()) => false,
                Node::Element(e) => {
                    self.open(e.name(), e)?;
                    true
                }
                Node::Text(t) => {
                    self.text(t);
                    false
                }
                _ => true,
            };
            if descend && let Some(child) = node.first_child() {
                node = child;
                continue;
            }
            loop {
                if let Node::Element(e) = node.value()
                    && !HIDDEN.contains(&e.name())
                {
                    self.close(e.name())?;
                }
                if node == root {
                    self.end_line();
                    return Ok(());
                }
                if let Some(next) = node.next_sibling() {
                    node = next;
                    break;
                }
                match node.parent() {
                    Some(parent) => node = parent,
                    None => return Ok(()),
                }
            }
        }
    }

    fn open(&mut self, name: &str, e: &scraper::node::Element) -> Result<(), Limit> {
        if BLOCKS.contains(&name) {
            self.end_line();
        }
        match name {
            "table" => {
                self.depth += 1;
                if self.depth == 1 && self.tables.len() >= super::MAX_TABLES {
                    return Err(Limit::Tables);
                }
            }
            "tr" if self.depth == 1 => {
                if self.rows.len() >= super::MAX_ROWS as usize {
                    return Err(Limit::Rows);
                }
                self.rows.push(Vec::new());
            }
            "td" | "th" if self.depth == 1 => {
                if self.rows.is_empty() {
                    self.rows.push(Vec::new());
                }
                let span = |name: &str, max: u32| {
                    e.attr(name).map_or(1, |v| leading_number(v).clamp(1, max))
                };
                self.cell = Some(RawCell {
                    rows: span("rowspan", MAX_ROWSPAN),
                    cols: span("colspan", MAX_COLUMNS),
                    text: String::new(),
                });
            }
            "caption" if self.depth == 1 => self.caption = Some(String::new()),
            _ => {}
        }
        Ok(())
    }

    fn close(&mut self, name: &str) -> Result<(), Limit> {
        if BLOCKS.contains(&name) {
            self.end_line();
        }
        match name {
            "td" | "th" if self.depth == 1 => {
                if let (Some(cell), Some(row)) = (self.cell.take(), self.rows.last_mut()) {
                    row.push(cell);
                }
            }
            "caption" if self.depth == 1 => {
                if let Some(caption) = self.caption.take() {
                    self.paragraphs.push(&caption);
                }
            }
            "table" if self.depth > 0 => {
                self.depth -= 1;
                if self.depth == 0 {
                    let rows = std::mem::take(&mut self.rows);
                    let table = self.table(rows)?;
                    self.tables.push(table);
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Text as a browser lays it out: each run of white space one space.
    fn text(&mut self, text: &str) {
        let line = if self.depth == 0 {
            &mut self.line
        } else if let Some(caption) = &mut self.caption {
            caption
        } else if self.cell.is_some() {
            &mut self.cell_line
        } else {
            // Text between rows that the parser left in the table shows nowhere.
            return;
        };
        let mut space = line.ends_with(' ');
        for c in text.chars() {
            if c.is_ascii_whitespace() || c == '\u{A0}' {
                if !space {
                    line.push(' ');
                }
                space = true;
            } else {
                line.push(c);
                space = false;
            }
        }
    }

    /// A line of text ends: in the body, a paragraph; in a cell, a line of its text.
    fn end_line(&mut self) {
        if self.depth == 0 {
            self.paragraphs.push(&self.line);
            self.line.clear();
        } else if let Some(cell) = &mut self.cell {
            let line = self.cell_line.trim();
            if !line.is_empty() {
                if !cell.text.is_empty() {
                    cell.text.push('\n');
                }
                cell.text.push_str(line);
            }
            self.cell_line.clear();
        }
    }

    /// The table of these rows, its cells placed as a browser places them.
    fn table(&mut self, rows: Vec<Vec<RawCell>>) -> Result<Table, Limit> {
        let mut placer = Placer::default();
        for (r, row) in rows.into_iter().enumerate() {
            placer.row(r)?;
            for cell in row {
                placer.place(None, cell.rows, cell.cols, cell.text, &mut self.budget)?;
            }
        }
        Ok(placer.finish(self.paragraphs.above()))
    }
}

/// A span attribute as browsers read it: the digits after any white space, 0 when there are
/// none.
fn leading_number(value: &str) -> u32 {
    value
        .trim_start()
        .bytes()
        .take_while(u8::is_ascii_digit)
        .fold(0u32, |n, d| {
            n.saturating_mul(10).saturating_add(u32::from(d - b'0'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_as_pages_declare_them() {
        let gbk = |s: &str| GB18030.encode(s).0.into_owned();
        let mut page = gbk(
            "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body>一级指标</body></html>",
        );
        let (text, encoding, bad) = decode(&page);
        assert_eq!((encoding.name(), bad), ("GBK", false));
        assert!(text.contains("一级指标"));
        page = gbk("<meta charset='GBK'><p>三级指标</p>");
        assert!(decode(&page).0.contains("三级指标"));
        // Undeclared: UTF-8 when it is, else GB18030.
        assert_eq!(decode("<p>分值</p>".as_bytes()).1, UTF_8);
        assert_eq!(decode(&gbk("<p>分值</p>")).1, GB18030);
        assert_eq!(decode(b"<meta charset=\"utf-16\"><p>x</p>").1, UTF_8);
        assert!(decode(b"<meta charset=\"utf-8\"><p>\xFF</p>").2);
    }

    #[test]
    fn pages_are_told_by_their_opening() {
        assert!(looks_like_html(b"\xEF\xBB\xBF  <!DOCTYPE html><html>"));
        assert!(looks_like_html(b"<TABLE border=1>"));
        assert!(!looks_like_html(b"format: sheet/1\n"));
        assert!(!looks_like_html(b"{\"format\": \"sheet/1\"}"));
    }

    #[test]
    fn spans_as_browsers_read_them() {
        assert_eq!(leading_number(" 3"), 3);
        assert_eq!(leading_number("2px"), 2);
        assert_eq!(leading_number("x"), 0);
        assert_eq!(leading_number("99999999999999"), u32::MAX);
    }
}
