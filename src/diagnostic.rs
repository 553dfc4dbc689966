//! Findings: the one owned type every stage reports problems with.
//!
//! A [`Finding`] names its check, severity, message and help (both languages), and where it
//! points: a file position (line and column in characters) or a spreadsheet cell, and
//! optionally a byte span inside the cell text, which [`SourceFile::locate`] finds in the file.
//! Nothing here depends on miette; the renderer in `report/` adapts findings to it.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use crate::lang::Text;
use crate::source_map::SourceMap;

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Info => "info",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Self::Error => "错误",
            Self::Warning => "警告",
            Self::Info => "提示",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "error" | "错误" => Some(Self::Error),
            "warning" | "警告" => Some(Self::Warning),
            "info" | "提示" => Some(Self::Info),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A place inside one input file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Pos {
    /// The file as a whole.
    #[default]
    File,
    /// A position in a text file: 1-based line and column (characters), and the byte offset
    /// where the value is written (after any opening quote; a YAML block scalar's first
    /// content character).
    Text {
        line: usize,
        column: usize,
        offset: usize,
    },
    /// A spreadsheet cell: worksheet name, and 0-based row and column (shown as `F12`).
    Cell { sheet: Arc<str>, row: u32, col: u32 },
}

impl Pos {
    /// A text position computed from a byte offset into `source`.
    pub fn at_offset(source: &str, offset: usize) -> Self {
        let (line, column) = crate::text::line_col(source, offset);
        Self::Text {
            line,
            column,
            offset,
        }
    }
}

/// The A1 reference of a 0-based cell: (11, 5) → `F12`.
pub fn a1(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = u64::from(col) + 1;
    while n > 0 {
        letters.push(char::from(b'A' + ((n - 1) % 26) as u8));
        n = (n - 1) / 26;
    }
    let column: String = letters.iter().rev().collect();
    format!("{column}{}", u64::from(row) + 1)
}

/// An input file and its text, shared by every finding that points into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The path as the user gave it (or a bundled name such as `<bundled>/x.yaml`).
    pub path: Arc<str>,
    /// The text, for YAML, JSON and CSV (decoded, as positions count in it); empty for
    /// workbooks, whose positions are cells.
    pub text: Arc<str>,
    /// Where the values that the text does not hold verbatim were read from.
    pub map: SourceMap,
}

impl SourceFile {
    pub fn new(path: impl Into<Arc<str>>, text: impl Into<Arc<str>>) -> Arc<Self> {
        Self::mapped(path, text, SourceMap::default())
    }

    /// A file whose reader recorded values it does not hold verbatim.
    pub fn mapped(
        path: impl Into<Arc<str>>,
        text: impl Into<Arc<str>>,
        map: SourceMap,
    ) -> Arc<Self> {
        Arc::new(Self {
            path: path.into(),
            text: text.into(),
            map,
        })
    }

    /// The bytes of the text holding bytes `span` of the value whose position is byte offset
    /// `at`: `None` when they cannot be told exactly, and the finding points at the whole value.
    pub fn locate(&self, at: usize, span: Range<usize>) -> Option<Range<usize>> {
        let found = self.map.locate(at, span)?;
        let inside = found.end <= self.text.len()
            && self.text.is_char_boundary(found.start)
            && self.text.is_char_boundary(found.end);
        inside.then_some(found)
    }
}

/// One problem found, with where it is and what to do.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The check's stable kebab-case name (`score-mismatch`, `sheet-syntax`, a custom rule).
    pub rule: Cow<'static, str>,
    pub severity: Severity,
    pub message: Text,
    /// 整改建议: what to do about it.
    pub help: Text,
    /// 0-based position in the sheet's `indicators`, when the finding is about one row.
    pub indicator: Option<usize>,
    /// The field it is about: `actual`, `score`, `budget.total.rate`, …
    pub field: Option<Cow<'static, str>>,
    pub file: Option<Arc<SourceFile>>,
    pub pos: Pos,
    /// A byte span inside the field's text, when the finding is about part of it; the file
    /// bytes holding it are [`Finding::span_in_file`].
    pub span: Option<std::ops::Range<usize>>,
}

impl Finding {
    pub fn new(
        rule: impl Into<Cow<'static, str>>,
        severity: Severity,
        message: Text,
        help: Text,
    ) -> Self {
        Self {
            rule: rule.into(),
            severity,
            message,
            help,
            indicator: None,
            field: None,
            file: None,
            pos: Pos::File,
            span: None,
        }
    }

    pub fn at(mut self, file: &Arc<SourceFile>, pos: Pos) -> Self {
        self.file = Some(Arc::clone(file));
        self.pos = pos;
        self
    }

    pub fn indicator(mut self, index: usize) -> Self {
        self.indicator = Some(index);
        self
    }

    pub fn field(mut self, field: impl Into<Cow<'static, str>>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn span(mut self, span: std::ops::Range<usize>) -> Self {
        self.span = Some(span);
        self
    }

    /// The bytes of the file holding [`span`](Self::span): `None` without a span, outside a
    /// text file, or where they cannot be told exactly (then the finding is about the whole
    /// value at its position).
    pub fn span_in_file(&self) -> Option<Range<usize>> {
        let (Some(file), Pos::Text { offset, .. }, Some(span)) =
            (&self.file, &self.pos, &self.span)
        else {
            return None;
        };
        file.locate(*offset, span.clone())
    }

    /// `path:line:column` or `path 工作表!F12`, for a person; `path!F12` where the worksheet is
    /// named by the file, as a CSV file's one worksheet is.
    pub fn location_text(&self) -> String {
        let path = self.file.as_ref().map_or("", |f| &f.path);
        match &self.pos {
            Pos::File => path.to_string(),
            Pos::Text { line, column, .. } => format!("{path}:{line}:{column}"),
            Pos::Cell { sheet, row, col } => {
                let named_by_file = std::path::Path::new(path)
                    .file_name()
                    .is_some_and(|name| name.to_str() == Some(&**sheet));
                let cell = a1(*row, *col);
                if named_by_file {
                    format!("{path}!{cell}")
                } else {
                    format!("{path} {sheet}!{cell}")
                }
            }
        }
    }
}

/// Write findings one per line as `location: message`, for the `Display` of the error types
/// that carry them (a sheet that cannot be read, a scheme that cannot be loaded …).
pub fn write_findings(f: &mut fmt::Formatter<'_>, findings: &[Finding]) -> fmt::Result {
    for (i, finding) in findings.iter().enumerate() {
        if i > 0 {
            f.write_str("\n")?;
        }
        write!(f, "{}: {}", finding.location_text(), finding.message)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::a1;

    #[test]
    fn a1_references() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(11, 5), "F12");
        assert_eq!(a1(0, 25), "Z1");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(1_048_575, 16_383), "XFD1048576");
        assert_eq!(a1(u32::MAX, u32::MAX), "MWLQKWV4294967296");
    }
}
