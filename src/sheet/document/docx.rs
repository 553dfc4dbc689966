//! Word documents (`.docx`): the tables and paragraphs of `word/document.xml`, read in one
//! pass with the XML tokenizer of the workbook reader.
//!
//! A paragraph's text is its runs' texts (`w:t`), with `w:tab` as a tab and `w:br`/`w:cr` as a
//! line break; deleted text, field codes, drawings, text boxes and the properties of
//! paragraphs and runs are not text. A table's rows are its `w:tr`, a cell's place follows the
//! cells before it (`w:gridBefore`, each cell's `w:gridSpan`); a cell whose `w:vMerge` continues
//! the one above it adds a row to that cell's span. A cell's paragraphs are its lines, and so
//! are the paragraphs of a table nested in it.

use std::collections::HashMap;
use std::io::Cursor;
use std::sync::Arc;

use super::{Limit, Paragraphs, Placer, Table, damaged, too_large};
use crate::diagnostic::SourceFile;
use crate::lang::Text;
use crate::sheet::read::ReadError;
use crate::sheet::workbook::xml::{self, Event, Tag, attribute};
use crate::sheet::workbook::{Parts, SheetError, Xml, Zip};

const DOCUMENT: &str = "word/document.xml";

/// Whether the bytes are a zip holding a Word document.
pub(in crate::sheet) fn is_docx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
        && zip::ZipArchive::new(Cursor::new(bytes))
            .is_ok_and(|zip| zip.index_for_name(DOCUMENT).is_some())
}

fn word() -> Text {
    Text::new("Word 文档", "the Word document")
}

/// The tables of a Word document.
pub(super) fn read(file: &Arc<SourceFile>, bytes: &[u8]) -> Result<Vec<Table>, ReadError> {
    let mut zip: Zip<'_> = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| damaged(file, word(), &e.to_string()))?;
    let mut parts = Parts::new(&mut zip);
    let part = parts.get(DOCUMENT).map_err(|e| sheet_error(file, e))?;
    let Some(part) = part else {
        return Err(ReadError::one(crate::sheet::read::file_finding(
            "sheet-syntax",
            file,
            crate::diagnostic::Pos::File,
            Text::new(
                "不是 Word 文档：zip 中没有 word/document.xml",
                "not a Word document: the zip holds no word/document.xml",
            ),
            Text::new(
                "请选择 .docx 格式的自评表，或 Excel 表格",
                "choose the form as a .docx, or as a workbook",
            ),
        )));
    };
    let mut xml = Xml::new(part, DOCUMENT).map_err(|e| sheet_error(file, e))?;
    let mut reader = Reader::default();
    reader.read(&mut xml).map_err(|e| match e {
        Stop::Xml(e) => sheet_error(file, e),
        Stop::Limit(limit) => too_large(file, reader.tables.len() + 1, limit),
    })?;
    Ok(reader.tables)
}

fn sheet_error(file: &Arc<SourceFile>, e: SheetError) -> ReadError {
    match e {
        SheetError::Damaged(detail) => damaged(file, word(), &detail),
        SheetError::PartTooLarge(_)
        | SheetError::TooManyCells
        | SheetError::TooMuchText
        | SheetError::CellTooLong(..)
        | SheetError::CellOutside(..) => too_large(file, 0, Limit::Cells),
    }
}

/// Why reading stopped.
enum Stop {
    Xml(SheetError),
    Limit(Limit),
}

impl From<SheetError> for Stop {
    fn from(e: SheetError) -> Self {
        Self::Xml(e)
    }
}

impl From<Limit> for Stop {
    fn from(limit: Limit) -> Self {
        Self::Limit(limit)
    }
}

/// A cell of a row as read, before vertical merges are resolved.
struct RawCell {
    col: u32,
    span: u32,
    /// `w:vMerge` without `restart`: the cell continues the one above.
    continues: bool,
    text: String,
}

/// The document being read.
#[derive(Default)]
struct Reader {
    tables: Vec<Table>,
    paragraphs: Paragraphs,
    /// How many tables the reading is inside: 0 in the body, 1 in a form's table.
    depth: usize,
    /// The rows of the outermost table being read.
    rows: Vec<Vec<RawCell>>,
    /// The cell being read: its text, span and merge, and the grid columns its row skips.
    cell: Option<RawCell>,
    before: u32,
    /// The text of the paragraph being read, in the body or in a cell.
    text: String,
    budget: super::Budget,
}

/// Elements whose content is never text: properties, deleted text, field codes, drawings.
const NOT_TEXT: &[&str] = &[
    "pPr",
    "rPr",
    "sectPr",
    "tblPr",
    "tblGrid",
    "tblPrEx",
    "delText",
    "instrText",
    "delInstrText",
    "drawing",
    "pict",
    "object",
    "Fallback",
    "footnoteReference",
    "endnoteReference",
    "commentReference",
];

impl Reader {
    fn read(&mut self, xml: &mut Xml<'_>) -> Result<(), Stop> {
        loop {
            let (tag, empty) = match xml.next()? {
                Event::Start(tag) => (tag, false),
                Event::Empty(tag) => (tag, true),
                Event::End(name) => {
                    self.end(xml::local(name))?;
                    continue;
                }
                Event::Eof => return Ok(()),
                _ => continue,
            };
            let local = tag.local_name();
            if NOT_TEXT.contains(&local) {
                if !empty {
                    xml.skip()?;
                }
                continue;
            }
            match local {
                "t" if !empty => {
                    xml.text(&mut self.text)?;
                    if self.text.len() > super::MAX_CELL_BYTES {
                        let row = u32::try_from(self.rows.len().saturating_sub(1)).unwrap_or(0);
                        let col = self.cell.as_ref().map_or(0, |c| c.col);
                        return Err(Limit::CellText(row, col).into());
                    }
                }
                "tab" | "ptab" => self.text.push('\t'),
                "br" | "cr" => self.text.push('\n'),
                "noBreakHyphen" => self.text.push('-'),
                "tbl" if !empty => {
                    self.depth += 1;
                    if self.depth == 1 {
                        self.flush_paragraph();
                        if self.tables.len() >= super::MAX_TABLES {
                            return Err(Limit::Tables.into());
                        }
                    }
                }
                "tr" if self.depth == 1 && !empty => {
                    if self.rows.len() >= super::MAX_ROWS as usize {
                        return Err(Limit::Rows.into());
                    }
                    self.rows.push(Vec::new());
                    self.before = 0;
                }
                "gridBefore" if self.depth == 1 && self.cell.is_none() => {
                    self.before = number(&tag, 0);
                }
                "tc" if self.depth == 1 && !empty => {
                    let col = self
                        .rows
                        .last()
                        .and_then(|r| r.last())
                        .map_or(self.before, |c| c.col.saturating_add(c.span));
                    self.cell = Some(RawCell {
                        col,
                        span: 1,
                        continues: false,
                        text: String::new(),
                    });
                }
                "gridSpan" if self.depth == 1 => {
                    if let Some(cell) = &mut self.cell {
                        cell.span = number(&tag, 1).clamp(1, super::MAX_COLUMNS);
                    }
                }
                "vMerge" if self.depth == 1 => {
                    if let Some(cell) = &mut self.cell {
                        cell.continues = attribute(&tag, "w:val").is_none_or(|v| v == "continue");
                    }
                }
                _ => {}
            }
        }
    }

    fn end(&mut self, local: &str) -> Result<(), Stop> {
        match local {
            "p" => {
                if self.depth == 0 {
                    self.flush_paragraph();
                } else if let Some(cell) = &mut self.cell {
                    // A cell's paragraphs, and those of tables nested in it, are its lines.
                    let line = self.text.trim();
                    if !line.is_empty() {
                        if !cell.text.is_empty() {
                            cell.text.push('\n');
                        }
                        cell.text.push_str(line);
                    }
                    self.text.clear();
                    if cell.text.len() > super::MAX_CELL_BYTES {
                        let row = u32::try_from(self.rows.len().saturating_sub(1)).unwrap_or(0);
                        return Err(Limit::CellText(row, cell.col).into());
                    }
                }
            }
            "tc" if self.depth == 1 => {
                if let (Some(cell), Some(row)) = (self.cell.take(), self.rows.last_mut()) {
                    row.push(cell);
                }
            }
            "tbl" if self.depth > 0 => {
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

    /// A paragraph of the body ends.
    fn flush_paragraph(&mut self) {
        self.paragraphs.push(&self.text);
        self.text.clear();
    }

    /// The table of these rows: a cell continuing the one above adds a row to its span.
    fn table(&mut self, rows: Vec<Vec<RawCell>>) -> Result<Table, Limit> {
        // The cells that do not continue another, each with its row and row span, and the
        // last of them starting at each column.
        let mut kept: Vec<(usize, RawCell, u32)> = Vec::new();
        let mut starts: HashMap<u32, usize> = HashMap::new();
        for (r, row) in rows.into_iter().enumerate() {
            for cell in row {
                if cell.continues
                    && let Some(&i) = starts.get(&cell.col)
                    && let Some((at, _, rows)) = kept.get_mut(i)
                    && *at + *rows as usize == r
                {
                    *rows += 1;
                    continue;
                }
                starts.insert(cell.col, kept.len());
                kept.push((r, cell, 1));
            }
        }
        let mut placer = Placer::default();
        let mut current = None;
        for (r, cell, rows) in kept {
            if current != Some(r) {
                placer.row(r)?;
                current = Some(r);
            }
            placer.place(Some(cell.col), rows, cell.span, cell.text, &mut self.budget)?;
        }
        Ok(placer.finish(self.paragraphs.above()))
    }
}

/// A `w:val` count.
fn number(tag: &Tag<'_>, default: u32) -> u32 {
    attribute(tag, "w:val")
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}
