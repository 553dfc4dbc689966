//! Workbooks (xlsx, xlsm, xls, ods, and WPS's et and ett) into grids.
//!
//! The file's first bytes say what it is, whatever its name: a zip holding `xl/workbook.xml`
//! (xlsx, xlsm, and an et saved as xlsx) or `content.xml` (ods), or an OLE compound file (xls
//! and et, the same format; or an xlsx encrypted with a password). xlsx and xlsm are read by
//! `xlsx.rs` and ods by `ods.rs` straight from the zip, each worksheet in one pass giving every
//! cell's value with its number format (a percent-formatted number shows as a percentage, a
//! far-away cell costs nothing), the formulas whose result was never saved, and the merged
//! ranges. xls goes through calamine's whole-sheet ranges, which carry values, dates and merges
//! but no percent formats: `xls_formats.rs` reads those from the file's records beside it, and
//! a cell whose format it cannot read is marked, for a warning where the form uses it.
//! Reading is bounded by the file's size (checked by the caller), the bytes each zip part
//! unpacks to, the number of non-empty cells and the bytes of cell text; calamine holds an xls
//! sheet's whole rectangle.

mod guard;
mod ods;
mod xls_formats;
mod xlsx;
pub(super) mod xml;

pub(super) use xlsx::{Parts, Xml, Zip};

use std::io::Cursor;
use std::sync::Arc;

use calamine::{Data, DataRef, Dimensions, Reader, SheetType, SheetVisible, Xls};

use super::grid::{self, Cell, CellKind, Grid, Merge};
use super::read::{ReadError, file_finding};
use crate::diagnostic::{Finding, Pos, Severity, SourceFile};
use crate::lang::Text;

use crate::limits::{MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS};
pub use crate::limits::{MAX_CELLS, MAX_TEXT_BYTES};

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const EMPTY_ZIP_MAGIC: &[u8] = b"PK\x05\x06";
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Whether the bytes open like a workbook (zip or OLE container).
pub(super) fn is_container(bytes: &[u8]) -> bool {
    [ZIP_MAGIC, EMPTY_ZIP_MAGIC, OLE_MAGIC]
        .iter()
        .any(|magic| bytes.starts_with(magic))
}

/// A workbook's worksheets, and notes about the worksheets that were not read.
pub(super) struct Book {
    pub file: Arc<SourceFile>,
    pub grids: Vec<Grid>,
    pub notes: Vec<Finding>,
}

/// What kind of workbook the bytes hold; an xlsx with its zip opened.
enum Container<'a> {
    Xlsx(xlsx::Zip<'a>),
    Ods(xlsx::Zip<'a>),
    Xls,
}

/// Read every visible worksheet of the workbook in `bytes`.
pub(super) fn read(path: &str, bytes: Vec<u8>) -> Result<Book, ReadError> {
    let file = SourceFile::new(path, "");
    let mut budget = Budget::default();
    let mut book = Book {
        file: Arc::clone(&file),
        grids: Vec::new(),
        notes: Vec::new(),
    };
    match container(&file, &bytes)? {
        Container::Xlsx(mut zip) => xlsx::read(&mut zip, &mut book, &mut budget)?,
        Container::Xls => {
            guard::xls(&bytes).map_err(|e| refused(&file, None, e))?;
            guard::contained(&file, || xls(bytes, &mut book, &mut budget))?;
        }
        Container::Ods(mut zip) => ods::read(&mut zip, &mut book, &mut budget)?,
    }
    if book.grids.iter().all(Grid::is_empty) {
        return Err(ReadError::one(file_finding(
            "sheet-syntax",
            &file,
            Pos::File,
            Text::new(
                "工作簿为空：没有任何工作表含有内容",
                "the workbook is empty: no worksheet holds anything",
            ),
            Text::new(
                "请确认选对了文件，并已在 Excel 或 WPS 中保存填好的自评表",
                "check that this is the right file and that the filled-in form was saved",
            ),
        )));
    }
    Ok(book)
}

/// Tell the container from its bytes, or say what was looked for.
fn container<'a>(file: &Arc<SourceFile>, bytes: &'a [u8]) -> Result<Container<'a>, ReadError> {
    if bytes.starts_with(OLE_MAGIC) {
        // An encrypted xlsx is an OLE file holding a stream of this name (UTF-16 in the
        // directory); an xls with a password is caught by calamine when it is opened.
        let encrypted: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        if bytes.windows(encrypted.len()).any(|w| w == encrypted) {
            return Err(password(file));
        }
        return Ok(Container::Xls);
    }
    if !bytes.starts_with(ZIP_MAGIC) && !bytes.starts_with(EMPTY_ZIP_MAGIC) {
        return Err(ReadError::one(file_finding(
            "sheet-syntax",
            file,
            Pos::File,
            Text::new(
                "不是 Excel 或 WPS 表格文件：开头既不是 xlsx/ods 的 zip 结构，也不是 xls 的文件头",
                "not a workbook: the file starts neither as a zip (xlsx, ods) nor as an OLE file (xls)",
            ),
            Text::new(
                "文件可能已损坏或扩展名不对；请用 Excel 或 WPS 打开后另存为 .xlsx",
                "the file may be damaged or misnamed: open it in Excel or WPS and save it as .xlsx",
            ),
        )));
    }
    let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        ReadError::one(file_finding(
            "sheet-syntax",
            file,
            Pos::File,
            Text::new(
                "文件已损坏：无法按 zip 结构读取".to_owned(),
                format!("the file is damaged: it cannot be read as a zip ({e})"),
            ),
            Text::new(
                "请用 Excel 或 WPS 打开该文件，如能打开，另存为 .xlsx 后再试",
                "open the file in Excel or WPS and, if it opens, save it again as .xlsx",
            ),
        ))
    })?;
    if zip.index_for_name("xl/workbook.xml").is_some() {
        return Ok(Container::Xlsx(zip));
    }
    if zip.index_for_name("content.xml").is_some() {
        return Ok(Container::Ods(zip));
    }
    let found = if zip.index_for_name("xl/workbook.bin").is_some() {
        Text::new(
            "这是 .xlsb（二进制工作簿），暂不支持",
            "this is an .xlsb (binary workbook), which is not supported",
        )
    } else if zip.index_for_name("word/document.xml").is_some() {
        Text::new("这是 Word 文档", "this is a Word document")
    } else {
        Text::new("这是普通的 zip 压缩包", "this is a plain zip archive")
    };
    Err(ReadError::one(file_finding(
        "sheet-syntax",
        file,
        Pos::File,
        Text::new(
            format!(
                "不是工作簿：zip 中没有 xl/workbook.xml（Excel）或 content.xml（OpenDocument）；{}",
                found.zh
            ),
            format!(
                "not a workbook: the zip holds neither xl/workbook.xml (Excel) nor content.xml (OpenDocument); {}",
                found.en
            ),
        ),
        Text::new(
            "请选择 .xlsx、.xls、.ods 或 .csv 格式的自评表；.xlsb 请在 Excel 中另存为 .xlsx",
            "choose the sheet as .xlsx, .xls, .ods or .csv; save an .xlsb again as .xlsx",
        ),
    )))
}

/// Read every visible worksheet of an xls into `book`: values, dates and merges through
/// calamine, number formats from `xls_formats.rs`.
fn xls(bytes: Vec<u8>, book: &mut Book, budget: &mut Budget) -> Result<(), ReadError> {
    let file = Arc::clone(&book.file);
    let formats = xls_formats::read(&bytes);
    let mut xls = Xls::new(Cursor::new(bytes)).map_err(|e| match e {
        calamine::XlsError::Password => password(&file),
        e => unreadable(&file, &e.to_string()),
    })?;
    let is_1904 = xls.has_1904_epoch();
    let sheets: Vec<(usize, String)> = xls
        .sheets_metadata()
        .iter()
        .enumerate()
        .filter(|(_, sheet)| {
            let worksheet = sheet.typ == SheetType::WorkSheet;
            let visible = sheet.visible == SheetVisible::Visible;
            keep(book, &sheet.name, worksheet, visible)
        })
        .map(|(i, sheet)| (i, sheet.name.clone()))
        .collect();
    for (index, name) in sheets {
        let merges = xls.merge_cells_by_sheet_name(&name).unwrap_or_default();
        // A workbook whose formats cannot be read shows every number as of unknown format.
        let format = |row, col| match &formats {
            Ok(formats) => formats.get(index, row, col),
            Err(_) => Some(xls_formats::Shown::Unknown),
        };
        let grid = ranged(&mut xls, &name, &merges, is_1904, &format, budget)
            .map_err(|e| refused(&file, Some(&name), e))?;
        book.grids.push(grid);
    }
    Ok(())
}

/// Whether a sheet is read: chart sheets, macro sheets and hidden worksheets are noted as
/// skipped, as a hidden copy of a form is not the form that was filed.
fn keep(book: &mut Book, name: &str, worksheet: bool, visible: bool) -> bool {
    let reason = match (worksheet, visible) {
        (true, true) => return true,
        (true, false) => Text::new("隐藏的工作表", "a hidden worksheet"),
        (false, _) => Text::new(
            "不是普通工作表（图表或宏表）",
            "not a worksheet (a chart or macro sheet)",
        ),
    };
    book.notes.push(skipped(&book.file, name, &reason));
    false
}

/// An info finding: a worksheet was not read, and why.
pub(super) fn skipped(file: &Arc<SourceFile>, name: &str, reason: &Text) -> Finding {
    Finding::new(
        "sheet-skipped",
        Severity::Info,
        Text::new(
            format!("跳过工作表“{name}”：{}", reason.zh),
            format!("worksheet \"{name}\" skipped: {}", reason.en),
        ),
        Text::new(
            "如该表应当参与检查，请把自评表放在可见的工作表中，保留“一级指标”“三级指标”等表头",
            "if it should be checked, keep the form on a visible worksheet with its printed labels (一级指标, 三级指标, …)",
        ),
    )
    .at(file, Pos::File)
}

/// Why a workbook or one of its worksheets could not be read.
pub(super) enum SheetError {
    /// Malformed, with what was found where.
    Damaged(String),
    /// A zip entry (named) unpacking to more than [`xlsx::MAX_PART_BYTES`].
    PartTooLarge(String),
    TooManyCells,
    TooMuchText,
    /// A cell (row, column) past [`MAX_CELL_CHARS`] or outside Excel's grid.
    CellTooLong(u32, u32),
    CellOutside(u32, u32),
}

/// Counts what has been read so far, refusing a workbook past the limits.
#[derive(Default)]
struct Budget {
    cells: usize,
    text: usize,
}

impl Budget {
    fn take(&mut self, cell: &Cell, row: u32, col: u32) -> Result<(), SheetError> {
        if row >= MAX_ROWS || col >= MAX_COLUMNS {
            return Err(SheetError::CellOutside(row, col));
        }
        if cell.text.len() > MAX_CELL_CHARS && cell.text.chars().count() > MAX_CELL_CHARS {
            return Err(SheetError::CellTooLong(row, col));
        }
        self.cells += 1;
        self.text += cell.text.len();
        if self.cells > MAX_CELLS {
            Err(SheetError::TooManyCells)
        } else if self.text > MAX_TEXT_BYTES {
            Err(SheetError::TooMuchText)
        } else {
            Ok(())
        }
    }
}

/// One xls worksheet, through calamine's whole-sheet ranges; `format` says how the number in
/// a cell shows, where it shows as more than a plain number.
fn ranged<R: Reader<Cursor<Vec<u8>>, Error: std::fmt::Display>>(
    reader: &mut R,
    name: &str,
    merges: &[Dimensions],
    is_1904: bool,
    format: &dyn Fn(u32, u32) -> Option<xls_formats::Shown>,
    budget: &mut Budget,
) -> Result<Grid, SheetError> {
    let calamine = |e: R::Error| SheetError::Damaged(e.to_string());
    let values = reader.worksheet_range(name).map_err(calamine)?;
    let formulas = reader.worksheet_formula(name).map_err(calamine)?;
    let mut grid = Grid::new(name);
    let (top, left) = values.start().unwrap_or_default();
    for (r, c, value) in values.used_cells() {
        let (row, col) = (top + r as u32, left + c as u32);
        if let Some(shown) = shown(data_ref(value), format(row, col), is_1904) {
            budget.take(&shown, row, col)?;
            grid.set(row, col, shown);
        }
    }
    grid.finish();
    let (top, left) = formulas.start().unwrap_or_default();
    for (r, c, formula) in formulas.used_cells() {
        let (row, col) = (top + r as u32, left + c as u32);
        if !formula.is_empty() && grid.get(row, col).is_none() {
            grid.set(row, col, uncached());
        }
    }
    for merge in merges {
        grid.add_merge(merge_of(merge));
    }
    grid.finish();
    Ok(grid)
}

fn merge_of(d: &Dimensions) -> Merge {
    Merge {
        first: d.start,
        last: d.end,
    }
}

fn uncached() -> Cell {
    Cell {
        text: String::new(),
        kind: CellKind::UncachedFormula,
    }
}

fn data_ref(value: &Data) -> DataRef<'_> {
    match value {
        Data::Int(i) => DataRef::Int(*i),
        Data::Float(f) => DataRef::Float(*f),
        Data::String(s) => DataRef::SharedString(s),
        Data::Bool(b) => DataRef::Bool(*b),
        Data::DateTime(d) => DataRef::DateTime(*d),
        Data::DateTimeIso(s) => DataRef::DateTimeIso(s.clone()),
        Data::DurationIso(s) => DataRef::DurationIso(s.clone()),
        Data::Error(e) => DataRef::Error(e.clone()),
        Data::Empty => DataRef::Empty,
    }
}

/// What a cell shows, or `None` when it is empty; `format` is what its number format makes of
/// a number beyond a plain one.
fn shown(value: DataRef<'_>, format: Option<xls_formats::Shown>, is_1904: bool) -> Option<Cell> {
    use xls_formats::Shown;
    let (text, kind) = match value {
        DataRef::Empty => return None,
        DataRef::String(s) => (s, CellKind::Text),
        DataRef::SharedString(s) => (s.to_owned(), CellKind::Text),
        DataRef::Float(f) => match format {
            Some(Shown::Percent(decimals)) => (grid::percent_text(f, decimals), CellKind::Percent),
            Some(Shown::Unknown) => (grid::number_text(f), CellKind::UnknownFormat),
            None => (grid::number_text(f), CellKind::Number),
        },
        DataRef::Int(i) => match format {
            Some(Shown::Percent(decimals)) => {
                (grid::percent_text(i as f64, decimals), CellKind::Percent)
            }
            Some(Shown::Unknown) => (i.to_string(), CellKind::UnknownFormat),
            None => (i.to_string(), CellKind::Number),
        },
        DataRef::Bool(b) => (if b { "TRUE" } else { "FALSE" }.to_owned(), CellKind::Bool),
        DataRef::DateTime(d) if d.is_duration() => (grid::number_text(d.as_f64()), CellKind::Date),
        DataRef::DateTime(d) => (grid::date_text(d.as_f64(), is_1904), CellKind::Date),
        DataRef::DateTimeIso(s) => {
            let text = match s.strip_suffix("T00:00:00") {
                Some(date) => date.to_owned(),
                None => s.replacen('T', " ", 1),
            };
            (text, CellKind::Date)
        }
        DataRef::DurationIso(s) => (s, CellKind::Date),
        DataRef::Error(e) => (e.to_string(), CellKind::Error),
    };
    Some(Cell { text, kind })
}

fn password(file: &Arc<SourceFile>) -> ReadError {
    ReadError::one(file_finding(
        "sheet-syntax",
        file,
        Pos::File,
        Text::new(
            "工作簿有密码保护（已加密），无法读取",
            "the workbook is protected with a password (encrypted) and cannot be read",
        ),
        Text::new(
            "请在 Excel 或 WPS 中打开，取消“用密码进行加密”后另存，再检查",
            "open it in Excel or WPS, remove the password encryption, save, and check again",
        ),
    ))
}

pub(super) fn unreadable(file: &Arc<SourceFile>, detail: &str) -> ReadError {
    ReadError::one(file_finding(
        "sheet-syntax",
        file,
        Pos::File,
        Text::new(
            format!("工作簿已损坏或格式不对，无法读取{}", place_zh(detail)),
            format!("the workbook is damaged or malformed: {detail}"),
        ),
        Text::new(
            "请用 Excel 或 WPS 打开该文件，如能打开，另存为 .xlsx 后再试",
            "open the file in Excel or WPS and, if it opens, save it again as .xlsx",
        ),
    ))
}

/// A refused workbook: `sheet` names the worksheet being read, `None` for a part of the
/// workbook as a whole (its sheet list, shared strings or styles).
fn refused(file: &Arc<SourceFile>, sheet: Option<&str>, error: SheetError) -> ReadError {
    let (zh, en) = match (error, sheet) {
        (SheetError::Damaged(detail), None) => return unreadable(file, &detail),
        (SheetError::Damaged(detail), Some(name)) => (
            format!("工作表“{name}”已损坏，无法读取{}", place_zh(&detail)),
            format!("worksheet \"{name}\" is damaged: {detail}"),
        ),
        (SheetError::PartTooLarge(part), _) => {
            let limit = xlsx::MAX_PART_BYTES / (1024 * 1024);
            (
                format!(
                    "工作簿中的 {part} 解压后超过 {limit} MiB 的上限，不予读取（可能是恶意构造的压缩文件）"
                ),
                format!(
                    "{part} in the workbook unpacks to more than {limit} MiB and is not read (it may be a zip bomb)"
                ),
            )
        }
        (SheetError::TooManyCells, name) => (
            format!(
                "{}过大：工作簿的非空单元格超过 {MAX_CELLS} 个的上限",
                worksheet_zh(name)
            ),
            format!(
                "{} is too large: the workbook has more than {MAX_CELLS} non-empty cells",
                worksheet_en(name)
            ),
        ),
        (SheetError::CellTooLong(row, col), name) => (
            format!(
                "{}的单元格 {} 超过 {MAX_CELL_CHARS} 个字符的上限（Excel 一个单元格的容量）",
                worksheet_zh(name),
                crate::diagnostic::a1(row, col)
            ),
            format!(
                "cell {} of {} holds more than {MAX_CELL_CHARS} characters (what an Excel cell holds)",
                crate::diagnostic::a1(row, col),
                worksheet_en(name)
            ),
        ),
        (SheetError::CellOutside(row, col), name) => (
            format!(
                "{}的单元格 {} 超出 Excel 的 {MAX_ROWS} 行、{MAX_COLUMNS} 列",
                worksheet_zh(name),
                crate::diagnostic::a1(row, col)
            ),
            format!(
                "cell {} of {} lies beyond Excel's {MAX_ROWS} rows and {MAX_COLUMNS} columns",
                crate::diagnostic::a1(row, col),
                worksheet_en(name)
            ),
        ),
        (SheetError::TooMuchText, name) => (
            format!(
                "{}过大：工作簿的文字超过 {} MiB 的上限",
                worksheet_zh(name),
                MAX_TEXT_BYTES / (1024 * 1024)
            ),
            format!(
                "{} is too large: the workbook holds more than {} MiB of text",
                worksheet_en(name),
                MAX_TEXT_BYTES / (1024 * 1024)
            ),
        ),
    };
    ReadError::one(file_finding(
        "sheet-syntax",
        file,
        Pos::File,
        Text::new(zh, en),
        Text::new(
            "自评表只有几百个单元格；请确认选对了文件，或删去与自评表无关的工作表后另存",
            "a form has a few hundred cells: check the file, or delete unrelated worksheets and save again",
        ),
    ))
}

/// Where the damage is, in a Chinese sentence: the part named at the start of the English
/// detail (`xl/worksheets/sheet1.xml: unexpected …`); the detail itself stays in English only.
fn place_zh(detail: &str) -> String {
    match detail.split_once(": ") {
        Some((part, _)) if part.ends_with(".xml") || part.ends_with(".rels") => {
            format!("（损坏处在 {part}）")
        }
        _ => String::new(),
    }
}

fn worksheet_zh(name: Option<&str>) -> String {
    name.map_or_else(|| "工作簿".to_owned(), |name| format!("工作表“{name}”"))
}

fn worksheet_en(name: Option<&str>) -> String {
    name.map_or_else(
        || "the workbook".to_owned(),
        |name| format!("worksheet \"{name}\""),
    )
}
