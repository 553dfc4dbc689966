//! The sheet model: one filled-in 绩效自评表, as format sheet/1 describes it
//! (docs/sheet-format.md), with every field remembering where it came from.
//!
//! Readers produce a [`Sheet`]: YAML and JSON in `read`; workbooks (`workbook.rs`: xlsx and
//! ods directly, xls with calamine and its number formats read beside it) and CSV (`csv.rs`) into a [`grid::Grid`], whose form
//! `layout/` finds by its printed labels. [`load`] reads any of them by the file's kind. `write.rs` writes sheets back as
//! workbooks in the standard layouts. Nothing here scores or judges. Cell texts stay text: the
//! value grammar reads them later.

mod csv;
mod document;
mod emit;
pub mod grid;
mod layout;
mod read;
mod workbook;
mod write;

use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::diagnostic::{Finding, Pos, Severity, SourceFile};
use crate::lang::Text;
pub use emit::{to_json, to_yaml};
pub use read::{MAX_FILE_BYTES, ReadError, read_bytes, read_json, read_path, read_yaml};
pub use write::{EXCEL_CELL_UNITS, WriteError, excel_text, workbook, write_xlsx};

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Field<T> {
    pub value: T,
    pub pos: Pos,
}

impl<T> Field<T> {
    pub fn new(value: T, pos: Pos) -> Self {
        Self { value, pos }
    }
}

/// 部门整体支出 or 项目支出.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SheetKind {
    Department,
    Project,
}

impl SheetKind {
    pub fn name(self) -> &'static str {
        match self {
            Self::Department => "department",
            Self::Project => "project",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "department" => Some(Self::Department),
            "project" => Some(Self::Project),
            _ => None,
        }
    }
}

/// One filled-in sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub source: Arc<SourceFile>,
    pub title: Option<Field<String>>,
    pub kind: Field<SheetKind>,
    /// The budget year; `None` for a spreadsheet whose title, cells and file name name none
    /// (format sheet/1 requires it).
    pub year: Option<Field<i32>>,
    pub entity: Option<Field<String>>,
    pub project: Option<Field<String>>,
    pub authority: Option<Field<String>>,
    pub budget: Option<Budget>,
    pub goals: Vec<Goal>,
    pub tasks: Vec<Task>,
    pub indicators: Vec<Indicator>,
    pub total: Option<Total>,
    /// What the reader noticed about this sheet without refusing it: formulas without a saved
    /// result, typed dates, undecodable bytes, overridden values. Empty for YAML and JSON.
    pub notes: Vec<Finding>,
    /// Where a spreadsheet form prints its columns. Empty for YAML and JSON.
    pub columns: Columns,
}

/// Where a spreadsheet form prints its columns, so that a finding about a cell left blank points
/// at that cell rather than at the start of its row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Columns {
    /// The indicator table's columns, by field (`score`, `reason` …); the 总分 row shares them.
    pub indicators: Vec<(&'static str, u32)>,
    /// The budget block's columns, by field (`score`, `rate` …).
    pub budget: Vec<(&'static str, u32)>,
}

impl Columns {
    /// The cell of `field` in the row starting at `row`, when the form prints that column.
    pub fn cell(columns: &[(&'static str, u32)], row: &Pos, field: &str) -> Option<Pos> {
        let Pos::Cell { sheet, row, .. } = row else {
            return None;
        };
        let (_, col) = columns.iter().find(|(f, _)| *f == field)?;
        Some(Pos::Cell {
            sheet: Arc::clone(sheet),
            row: *row,
            col: *col,
        })
    }
}

impl Sheet {
    /// Where the budget block's `field` of its total row is, a blank cell included: the cell
    /// where the form prints it, else the row.
    pub fn budget_cell(&self, field: &str) -> Option<Pos> {
        let budget = self.budget.as_ref()?;
        Some(
            Columns::cell(&self.columns.budget, &budget.total.pos, field)
                .unwrap_or_else(|| budget.total.pos.clone()),
        )
    }

    /// Where the 总分 row's `field` (`score`, `weight`) is, a blank cell included.
    pub fn total_cell(&self, field: &str) -> Option<Pos> {
        let total = self.total.as_ref()?;
        Some(
            Columns::cell(&self.columns.indicators, &total.pos, field)
                .unwrap_or_else(|| total.pos.clone()),
        )
    }

    /// A sheet with nothing filled in: written as a workbook, the blank form of its kind.
    pub fn blank(kind: SheetKind, year: i32) -> Self {
        Self {
            source: SourceFile::new("<template>", ""),
            title: None,
            kind: Field::new(kind, Pos::File),
            year: Some(Field::new(year, Pos::File)),
            entity: None,
            project: None,
            authority: None,
            budget: None,
            goals: Vec::new(),
            tasks: Vec::new(),
            indicators: Vec::new(),
            total: None,
            notes: Vec::new(),
            columns: Columns::default(),
        }
    }
}

/// The budget block (部门预算总额 / 项目资金).
#[derive(Debug, Clone, PartialEq)]
pub struct Budget {
    /// 元 | 万元 | 亿元 (default 万元).
    pub unit: Field<String>,
    pub total: BudgetRow,
    pub sources: Vec<BudgetRow>,
    pub pos: Pos,
}

/// A row of the budget block. Figures are optional: a blank cell is data, not an error.
#[derive(Debug, Clone, PartialEq)]
pub struct BudgetRow {
    pub name: Option<Field<String>>,
    /// 年初预算数
    pub initial: Option<Field<Decimal>>,
    /// 全年预算数 (调整后预算数)
    pub full_year: Option<Field<Decimal>>,
    /// 全年执行数
    pub executed: Option<Field<Decimal>>,
    /// 分值
    pub weight: Option<Field<Decimal>>,
    /// 执行率 as printed ("81.9", "81.9%").
    pub rate: Option<Field<String>>,
    /// 得分 (claimed)
    pub score: Option<Field<Decimal>>,
    /// Where the row starts.
    pub pos: Pos,
}

impl BudgetRow {
    /// A row with every figure blank, at `pos` (a budget block without a total row).
    pub fn blank(pos: &Pos) -> Self {
        Self {
            name: None,
            initial: None,
            full_year: None,
            executed: None,
            weight: None,
            rate: None,
            score: None,
            pos: pos.clone(),
        }
    }
}

/// 年度履职目标 / 年度总体目标.
#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    pub expected: Option<Field<String>>,
    pub actual: Option<Field<String>>,
    pub pos: Pos,
}

/// 年度主要任务.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    pub name: Option<Field<String>>,
    pub content: Option<Field<String>>,
    pub actual: Option<Field<String>>,
    pub pos: Pos,
}

/// One row of the indicator table.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// 一级指标
    pub level1: Field<String>,
    /// 二级指标
    pub level2: Option<Field<String>>,
    /// 三级指标
    pub name: Field<String>,
    /// 年度指标值, exactly as written ("" when blank).
    pub target: Field<String>,
    /// 实际完成值, exactly as written ("" when blank).
    pub actual: Field<String>,
    /// 指标性质, on forms with a comparator column.
    pub op: Option<Field<String>>,
    /// 计量单位, on forms with a unit column.
    pub unit: Option<Field<String>>,
    /// 分值
    pub weight: Option<Field<Decimal>>,
    /// 得分 (claimed); None when left blank.
    pub score: Option<Field<Decimal>>,
    /// 偏差度, as written.
    pub deviation: Option<Field<String>>,
    /// 偏差原因分析及改进措施
    pub reason: Option<Field<String>>,
    /// Where the row starts.
    pub pos: Pos,
}

/// The 总分 row.
#[derive(Debug, Clone, PartialEq)]
pub struct Total {
    pub weight: Option<Field<Decimal>>,
    pub score: Option<Field<Decimal>>,
    pub grade: Option<Field<String>>,
    pub pos: Pos,
}

/// What the caller knows better than the file: the sheet's kind and year (`--kind`, `--year`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Overrides {
    pub kind: Option<SheetKind>,
    pub year: Option<i32>,
}

impl Overrides {
    /// Put the caller's kind and year in place of the file's, saying so where they differ.
    fn apply(&self, sheet: &mut Sheet) {
        if let Some(kind) = self.kind {
            if sheet.kind.value != kind && sheet.kind.pos != Pos::File {
                sheet.notes.push(overridden(
                    &sheet.source,
                    &sheet.kind.pos,
                    "kind",
                    Text::new(
                        format!(
                            "表类型按指定的 {} 处理（表中为 {}）",
                            kind.name(),
                            sheet.kind.value.name()
                        ),
                        format!(
                            "sheet kind taken as {} as asked (the file says {})",
                            kind.name(),
                            sheet.kind.value.name()
                        ),
                    ),
                ));
            }
            sheet.kind = Field::new(kind, Pos::File);
        }
        if let Some(year) = self.year {
            if let Some(written) = &sheet.year
                && written.value != year
                && written.pos != Pos::File
            {
                sheet.notes.push(overridden(
                    &sheet.source,
                    &written.pos,
                    "year",
                    Text::new(
                        format!("年度按指定的 {year} 处理（表中为 {}）", written.value),
                        format!(
                            "year taken as {year} as asked (the file says {})",
                            written.value
                        ),
                    ),
                ));
            }
            sheet.year = Some(Field::new(year, Pos::File));
        }
    }
}

fn overridden(file: &Arc<SourceFile>, pos: &Pos, field: &'static str, message: Text) -> Finding {
    Finding::new(
        "sheet-override",
        Severity::Info,
        message,
        Text::new(
            "如表中所写有误，请一并改正表格",
            "if the file is wrong, correct it too",
        ),
    )
    .at(file, pos.clone())
    .field(Cow::Borrowed(field))
}

/// The sheets of one file, and what the reader noticed about the file as a whole.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub sheets: Vec<Sheet>,
    /// File-level notes, such as worksheets skipped because they hold no form.
    pub notes: Vec<Finding>,
}

/// How a file is read, from its extension, else from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Text,
    Workbook,
    Csv,
    Document(document::Format),
}

impl FileKind {
    fn of(path: &Path, bytes: &[u8]) -> Self {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("yaml" | "yml" | "json") => Self::Text,
            Some("xlsx" | "xlsm" | "xls" | "ods" | "et" | "ett") => Self::Workbook,
            Some("csv") => Self::Csv,
            Some("docx") => Self::Document(document::Format::Docx),
            Some("html" | "htm") => Self::Document(document::Format::Html),
            _ if document::is_docx(bytes) => Self::Document(document::Format::Docx),
            _ if workbook::is_container(bytes) => Self::Workbook,
            _ if document::looks_like_html(bytes) => Self::Document(document::Format::Html),
            _ => Self::Text,
        }
    }
}

/// Any readable sheet file: .yaml/.yml/.json (one sheet), .xlsx/.xlsm/.xls/.ods and WPS's
/// .et/.ett (one per worksheet with a form), .csv (one), .docx and .html/.htm (one per table
/// with a form). Other names are read by their content. The file is only
/// read, never modified, and at most [`MAX_FILE_BYTES`] of it.
pub fn load(path: &Path, overrides: &Overrides) -> Result<Loaded, ReadError> {
    let (name, bytes) = read::read_file(path)?;
    load_bytes(&name, bytes, overrides)
}

/// [`load`] of a file's bytes already read: `name` names the file in findings and tells its
/// kind by its extension, as a path does. Bytes over [`MAX_FILE_BYTES`] are refused.
pub fn load_bytes(name: &str, bytes: Vec<u8>, overrides: &Overrides) -> Result<Loaded, ReadError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(read::too_large(name, bytes.len() as u64));
    }
    let path = Path::new(name);
    let name = name.to_owned();
    match FileKind::of(path, &bytes) {
        FileKind::Text => {
            let mut sheet = read_bytes(&name, &bytes)?;
            overrides.apply(&mut sheet);
            Ok(Loaded {
                sheets: vec![sheet],
                notes: Vec::new(),
            })
        }
        FileKind::Workbook => {
            let book = workbook::read(&name, bytes)?;
            let mut loaded = layout::forms(&book.file, &book.grids, overrides)
                .map_err(|e| noting(e, &book.notes))?;
            loaded.notes.splice(0..0, book.notes);
            Ok(loaded)
        }
        FileKind::Document(format) => {
            let doc = document::read(&name, &bytes, format)?;
            let mut loaded = layout::forms(&doc.file, &doc.grids, overrides)
                .map_err(|e| noting(e, &doc.notes))?;
            loaded.notes.splice(0..0, doc.notes);
            Ok(loaded)
        }
        FileKind::Csv => {
            let text = csv::read(&name, bytes)?;
            let mut loaded = layout::forms(&text.file, std::slice::from_ref(&text.grid), overrides)
                .map_err(|e| noting(e, &text.notes))?;
            // Undecodable bytes concern the one sheet a CSV file holds.
            for sheet in &mut loaded.sheets {
                sheet.notes.splice(0..0, text.notes.iter().cloned());
            }
            Ok(loaded)
        }
    }
}

/// A refusal with the reader's notes beside it: an undecodable byte or a skipped worksheet
/// may be why no form was found.
fn noting(mut error: ReadError, notes: &[Finding]) -> ReadError {
    error.findings.extend(notes.iter().cloned());
    error
}

/// The worksheets of a workbook or CSV file, or the tables of a document, as grids, before any form is looked for: what a
/// person sees in each cell, and where.
pub fn grids(path: &Path) -> Result<Vec<grid::Grid>, ReadError> {
    let (name, bytes) = read::read_file(path)?;
    match FileKind::of(path, &bytes) {
        FileKind::Csv => Ok(vec![csv::read(&name, bytes)?.grid]),
        FileKind::Document(format) => Ok(document::read(&name, &bytes, format)?.grids),
        _ => Ok(workbook::read(&name, bytes)?.grids),
    }
}
