//! Documents that carry forms as tables: Word (`.docx`, `docx.rs`) and web pages (`.html`,
//! `.htm`, `html.rs`), each table read into a [`Grid`] as a workbook's worksheet is, so that the
//! same layout recognition finds the form in it.
//!
//! Table `n` of the document (counting the tables of the body, not those nested in a cell)
//! is the grid `表n`, and a cell is named from the table's first row and column as a reviewer
//! counts them: `表1!F12`. A merged cell (Word's `gridSpan` and `vMerge`, HTML's `colspan` and
//! `rowspan`) is a merged range with its text in the top-left cell. A table nested in a cell is
//! part of that cell's text, a line per paragraph. The title and year of a form are often
//! printed above its table rather than in it: the short paragraphs just above a table (at most
//! [`MAX_PARAGRAPHS_ABOVE`] of at most [`MAX_PARAGRAPH_CHARS`] characters, up to the previous
//! table or a longer paragraph) are put in the rows above the table's, one a row in column A,
//! and are named where they are in the document, `正文!A3` for the body's third paragraph.
//! A document holding several forms, one table each, gives one sheet per form; a table without
//! a form is skipped with a note.
//!
//! Reading is bounded: at most [`MAX_TABLES`] tables, [`MAX_ROWS`] rows and [`MAX_COLUMNS`]
//! columns a table, [`MAX_CELL_BYTES`] of text a cell and the workbook reader's limits on
//! cells and text in all; a document past one is refused, naming the table.

mod docx;
mod html;

use std::sync::Arc;

use super::grid::{Cell, Grid, Merge};
use super::read::{ReadError, file_finding};
use super::workbook::{MAX_CELLS, MAX_TEXT_BYTES};
use crate::diagnostic::{Finding, Pos, SourceFile};
use crate::lang::Text;

pub(super) use docx::is_docx;
pub(super) use html::looks_like_html;

/// Tables in one document: a form is one or a few.
pub const MAX_TABLES: usize = 1_000;
/// Rows in one table: a form has one or two hundred.
pub const MAX_ROWS: u32 = 10_000;
/// Columns in one table, spans included: a form has about ten.
pub const MAX_COLUMNS: u32 = 1_000;
/// Bytes of text in one cell: the longest 偏差原因 runs to a few kilobytes.
pub const MAX_CELL_BYTES: usize = 1024 * 1024;
/// Paragraphs above a table read as its title rows.
pub const MAX_PARAGRAPHS_ABOVE: usize = 5;
/// Characters of a paragraph read as a title row: a longer one is body text, whose years and
/// words say nothing about the form.
pub const MAX_PARAGRAPH_CHARS: usize = 100;

/// The document formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    Docx,
    Html,
}

/// A document read: its tables as grids, and notes about reading it.
pub(super) struct Document {
    pub file: Arc<SourceFile>,
    pub grids: Vec<Grid>,
    pub notes: Vec<Finding>,
}

/// Read the tables of a document.
pub(super) fn read(path: &str, bytes: &[u8], format: Format) -> Result<Document, ReadError> {
    let file = SourceFile::new(path, "");
    let (tables, notes) = match format {
        Format::Docx => (docx::read(&file, bytes)?, Vec::new()),
        Format::Html => html::read(&file, bytes)?,
    };
    if tables.is_empty() {
        let what = match format {
            Format::Docx => Text::new("Word 文档", "the Word document"),
            Format::Html => Text::new("网页", "the web page"),
        };
        return Err(ReadError::one(file_finding(
            "sheet-syntax",
            &file,
            Pos::File,
            Text::new(
                format!("{}中没有表格：自评表应是文档中的一个表格", what.zh),
                format!(
                    "{} holds no table: a form is a table in the document",
                    what.en
                ),
            ),
            Text::new(
                "请确认选对了文件；如自评表是图片或 PDF，请向填报单位索取 Excel 或 Word 原件",
                "check the file; if the form is a picture or a PDF, ask for the Excel or Word original",
            ),
        )));
    }
    let grids = tables
        .into_iter()
        .enumerate()
        .map(|(i, table)| table.grid(&format!("表{}", i + 1)))
        .collect();
    Ok(Document { file, grids, notes })
}

/// One table of a document, its cells placed.
#[derive(Debug, Default)]
struct Table {
    /// The paragraphs put above it: each one's number among the body's paragraphs, and text.
    above: Vec<(u32, String)>,
    cells: Vec<Placed>,
}

/// A cell at its row and column, with the rows and columns it spans.
#[derive(Debug)]
struct Placed {
    row: u32,
    col: u32,
    rows: u32,
    cols: u32,
    text: String,
}

impl Table {
    fn grid(self, name: &str) -> Grid {
        let numbers = self.above.iter().map(|(n, _)| *n).collect();
        let mut grid = Grid::below_paragraphs(name, numbers);
        let top = u32::try_from(self.above.len()).unwrap_or(0);
        for (row, (_, text)) in (0..).zip(self.above) {
            grid.set(row, 0, Cell::text(text));
        }
        for cell in self.cells {
            let row = top + cell.row;
            if cell.rows > 1 || cell.cols > 1 {
                grid.add_merge(Merge {
                    first: (row, cell.col),
                    last: (row + cell.rows - 1, cell.col + cell.cols - 1),
                });
            }
            grid.set(row, cell.col, Cell::text(cell.text));
        }
        grid.finish();
        grid
    }
}

/// The paragraphs of a document's body outside its tables, as they come, for the rows above
/// each table.
#[derive(Debug, Default)]
struct Paragraphs {
    /// Non-empty paragraphs read so far.
    count: u32,
    /// The short ones since the last table, with their numbers.
    recent: Vec<(u32, String)>,
}

impl Paragraphs {
    /// A paragraph of the body: a short one is kept for the next table's title rows, a long
    /// one ends those before it.
    fn push(&mut self, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        self.count = self.count.saturating_add(1);
        if text.chars().count() > MAX_PARAGRAPH_CHARS {
            self.recent.clear();
        } else {
            self.recent.push((self.count, text.to_owned()));
        }
    }

    /// The paragraphs above a table that starts now.
    fn above(&mut self) -> Vec<(u32, String)> {
        let mut recent = std::mem::take(&mut self.recent);
        let keep = recent.len().saturating_sub(MAX_PARAGRAPHS_ABOVE);
        recent.drain(..keep);
        recent
    }
}

/// Places cells in a table's rows and columns, keeping count of what the limits bound.
#[derive(Debug, Default)]
struct Placer {
    table: Table,
    /// For each column, the row up to which (exclusive) a cell from a row above covers it.
    covered: Vec<u32>,
    row: u32,
    col: u32,
}

impl Placer {
    /// The next row starts.
    fn row(&mut self, number: usize) -> Result<(), Limit> {
        self.row = u32::try_from(number).unwrap_or(u32::MAX);
        if self.row >= MAX_ROWS {
            return Err(Limit::Rows);
        }
        self.col = 0;
        Ok(())
    }

    /// Place a cell at the first column from `at` (or from the last cell) not covered from
    /// above, spanning `rows` and `cols`; an empty cell without a span is only passed over.
    fn place(
        &mut self,
        at: Option<u32>,
        rows: u32,
        cols: u32,
        text: String,
        budget: &mut Budget,
    ) -> Result<(), Limit> {
        let mut col = at.unwrap_or(self.col);
        while self
            .covered
            .get(col as usize)
            .is_some_and(|&r| r > self.row)
        {
            col += 1;
        }
        let (rows, cols) = (rows.clamp(1, MAX_ROWS), cols.max(1));
        if col.saturating_add(cols) > MAX_COLUMNS {
            return Err(Limit::Columns);
        }
        if text.len() > MAX_CELL_BYTES {
            return Err(Limit::CellText(self.row, col));
        }
        let end = col + cols;
        if self.covered.len() < end as usize {
            self.covered.resize(end as usize, 0);
        }
        for c in col..end {
            self.covered[c as usize] = self.row.saturating_add(rows);
        }
        self.col = end;
        if text.is_empty() && rows == 1 && cols == 1 {
            return Ok(());
        }
        budget.take(text.len())?;
        self.table.cells.push(Placed {
            row: self.row,
            col,
            rows,
            cols,
            text,
        });
        Ok(())
    }

    /// The table, its spans cut at its last row.
    fn finish(mut self, above: Vec<(u32, String)>) -> Table {
        let rows = self
            .table
            .cells
            .iter()
            .map(|c| c.row + 1)
            .max()
            .unwrap_or(0);
        for cell in &mut self.table.cells {
            cell.rows = cell.rows.min(rows - cell.row);
        }
        self.table.above = above;
        self.table
    }
}

/// Counts the cells and text of a whole document.
#[derive(Debug, Default)]
struct Budget {
    cells: usize,
    text: usize,
}

impl Budget {
    fn take(&mut self, text: usize) -> Result<(), Limit> {
        self.cells += 1;
        self.text += text;
        if self.cells > MAX_CELLS || self.text > MAX_TEXT_BYTES {
            return Err(Limit::Cells);
        }
        Ok(())
    }
}

/// A limit a document went past.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Limit {
    Tables,
    Rows,
    Columns,
    /// A cell's text, at its row and column.
    CellText(u32, u32),
    Cells,
}

/// A document past a limit, refused: `table` is the 1-based number of the table being read.
fn too_large(file: &Arc<SourceFile>, table: usize, limit: Limit) -> ReadError {
    let (zh, en) = match limit {
        Limit::Tables => (
            format!("文档中的表格超过 {MAX_TABLES} 个的上限"),
            format!("the document holds more than {MAX_TABLES} tables"),
        ),
        Limit::Rows => (
            format!("表{table}超过 {MAX_ROWS} 行的上限"),
            format!("table {table} has more than {MAX_ROWS} rows"),
        ),
        Limit::Columns => (
            format!("表{table}超过 {MAX_COLUMNS} 列的上限"),
            format!("table {table} has more than {MAX_COLUMNS} columns"),
        ),
        Limit::CellText(row, col) => {
            let cell = crate::diagnostic::a1(row, col);
            let limit = MAX_CELL_BYTES / 1024;
            (
                format!("表{table}!{cell} 单元格的文字超过 {limit} KiB 的上限"),
                format!("cell {cell} of table {table} holds more than {limit} KiB of text"),
            )
        }
        Limit::Cells => (
            format!("文档过大：表格的非空单元格超过 {MAX_CELLS} 个，或文字超过 256 MiB"),
            format!(
                "the document is too large: more than {MAX_CELLS} non-empty cells or 256 MiB of text in its tables"
            ),
        ),
    };
    ReadError::one(file_finding(
        "sheet-syntax",
        file,
        Pos::File,
        Text::new(format!("{zh}，不予读取"), format!("{en}, and is not read")),
        Text::new(
            "自评表只有一两百行、十来列；请确认选对了文件，或只保留自评表后另存",
            "a form has a hundred or two rows and about ten columns: check the file, or keep only the form and save again",
        ),
    ))
}

/// A document that cannot be read as its format, with what was found.
fn damaged(file: &Arc<SourceFile>, what: Text, detail: &str) -> ReadError {
    ReadError::one(file_finding(
        "sheet-syntax",
        file,
        Pos::File,
        Text::new(
            format!("{}已损坏或不完整，无法读取：{detail}", what.zh),
            format!("{} is damaged or incomplete: {detail}", what.en),
        ),
        Text::new(
            "请重新下载或向填报单位索取原件；能打开的话，请另存后再检查",
            "download it again or ask for the original; if it opens, save it again and check",
        ),
    ))
}
