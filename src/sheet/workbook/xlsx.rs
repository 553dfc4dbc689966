//! xlsx and xlsm workbooks, read straight from their zip: each part is unpacked once and
//! parsed once, a worksheet in a single pass that yields every cell's value with its number
//! format, the formulas whose result was never saved, and the merged ranges.
//!
//! Only the parts a form needs are read: the package and workbook relationships (where the
//! workbook and its worksheets are), `workbook.xml` (sheet names, visibility, `date1904`), the
//! shared strings, and of `styles.xml` only each cell style's number format. Cell texts follow
//! what calamine makes of the same XML, so that a workbook reads the same as it did through it:
//! a shared string joins its rich-text runs, skips its phonetic guide, trims a run not marked
//! `xml:space="preserve"` and decodes Excel's `_xHHHH_` escapes. Each part is unpacked into
//! memory, at most [`MAX_PART_BYTES`] of it, so that a small file cannot unpack without end.
//! Nothing is computed: a formula shows its saved result, and fonts, colours, comments and
//! defined names are never looked at.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use zip::ZipArchive;

use super::xml::{self, Attributes, Event, Tag, Tokenizer, attribute};
use super::{Book, Budget, SheetError, keep, refused, uncached};
use crate::sheet::grid::{self, Cell, CellKind, Grid, Merge, Serial};
use crate::sheet::read::ReadError;

/// The zip of an xlsx, over the file's bytes.
pub(in crate::sheet) type Zip<'a> = ZipArchive<Cursor<&'a [u8]>>;

pub use crate::limits::MAX_PART_BYTES;

/// Read every visible worksheet of an xlsx into `book`.
pub(super) fn read(
    zip: &mut Zip<'_>,
    book: &mut Book,
    budget: &mut Budget,
) -> Result<(), ReadError> {
    let file = std::sync::Arc::clone(&book.file);
    let zip = &mut Parts::new(zip);
    let workbook = Workbook::read(zip).map_err(|e| refused(&file, None, e))?;
    let wanted: Vec<&SheetEntry> = workbook
        .sheets
        .iter()
        .filter(|sheet| keep(book, &sheet.name, sheet.worksheet, sheet.visible))
        .collect();
    if wanted.is_empty() {
        return Ok(());
    }
    let strings =
        Strings::read(zip, &workbook.shared_strings).map_err(|e| refused(&file, None, e))?;
    let styles = Styles::read(zip, &workbook.styles).map_err(|e| refused(&file, None, e))?;
    let context = Context {
        strings: &strings,
        styles: &styles,
        is_1904: workbook.is_1904,
    };
    for sheet in wanted {
        let grid = worksheet(zip, sheet, &context, budget)
            .map_err(|e| refused(&file, Some(&sheet.name), e))?;
        book.grids.push(grid);
    }
    Ok(())
}

/// One sheet listed in `workbook.xml`.
struct SheetEntry {
    name: String,
    /// The zip entry holding it.
    path: String,
    /// A worksheet, rather than a chart, dialog or macro sheet.
    worksheet: bool,
    visible: bool,
}

/// What `workbook.xml` and the relationships say: the sheets in order, the date system, and
/// where the shared strings and styles are.
struct Workbook {
    sheets: Vec<SheetEntry>,
    is_1904: bool,
    shared_strings: String,
    styles: String,
}

impl Workbook {
    fn read(zip: &mut Parts<'_, '_>) -> Result<Self, SheetError> {
        let main = match zip.get("_rels/.rels")? {
            Some(bytes) => office_document(bytes)?,
            None => None,
        }
        .unwrap_or_else(|| "xl/workbook.xml".to_owned());
        let (dir, name) = main.split_at(main.rfind('/').map_or(0, |i| i + 1));
        let rels_path = format!("{dir}_rels/{name}.rels");
        let Some(rels) = zip.get(&rels_path)? else {
            return Err(SheetError::Damaged(format!("{rels_path} is missing")));
        };
        let relationships = relationships(rels, &rels_path)?;
        let Some(bytes) = zip.get(&main)? else {
            return Err(SheetError::Damaged(format!("{main} is missing")));
        };
        let mut xml = Xml::new(bytes, &main)?;
        let mut workbook = Self {
            sheets: Vec::new(),
            is_1904: false,
            shared_strings: format!("{dir}sharedStrings.xml"),
            styles: format!("{dir}styles.xml"),
        };
        loop {
            let e = match xml.next()? {
                Event::Start(e) | Event::Empty(e) => e,
                Event::Eof => return Ok(workbook),
                _ => continue,
            };
            match e.local_name() {
                "sheet" => {
                    let mut name = String::new();
                    let mut id = String::new();
                    let mut visible = true;
                    for (key, value) in Attributes::of(&e) {
                        match key {
                            "name" => name = unescape_attr(value, &xml)?,
                            "state" => visible = !matches!(value, "hidden" | "veryHidden"),
                            key if key == "id" || key.ends_with(":id") => id = value.to_owned(),
                            _ => {}
                        }
                    }
                    let Some((target, kind)) = relationships.get(&id) else {
                        return Err(SheetError::Damaged(format!(
                            "{main}: sheet \"{name}\" names relationship \"{id}\", which {rels_path} does not hold"
                        )));
                    };
                    let path = match target.strip_prefix('/') {
                        Some(absolute) => absolute.to_owned(),
                        None => format!("{dir}{target}"),
                    };
                    workbook.sheets.push(SheetEntry {
                        name,
                        path,
                        worksheet: kind.rsplit('/').next() == Some("worksheet"),
                        visible,
                    });
                }
                "workbookPr" => {
                    if let Some(value) = attribute(&e, "date1904") {
                        workbook.is_1904 = value == "1" || value == "true";
                    }
                }
                _ => {}
            }
        }
    }
}

/// The target of the package's officeDocument relationship: the workbook part.
fn office_document(bytes: &[u8]) -> Result<Option<String>, SheetError> {
    let mut xml = Xml::new(bytes, "_rels/.rels")?;
    loop {
        match xml.next()? {
            Event::Start(e) | Event::Empty(e) if e.local_name() == "Relationship" => {
                let kind = attribute(&e, "Type");
                if kind.is_some_and(|k| k.ends_with("/relationships/officeDocument"))
                    && let Some(target) = attribute(&e, "Target")
                {
                    let target = unescape_attr(target, &xml)?;
                    return Ok(Some(target.trim_start_matches('/').to_owned()));
                }
            }
            Event::Eof => return Ok(None),
            _ => {}
        }
    }
}

/// A relationships part: each id's target and type.
fn relationships(
    bytes: &[u8],
    path: &str,
) -> Result<HashMap<String, (String, String)>, SheetError> {
    let mut xml = Xml::new(bytes, path)?;
    let mut found = HashMap::new();
    loop {
        match xml.next()? {
            Event::Start(e) | Event::Empty(e) if e.local_name() == "Relationship" => {
                let (mut id, mut target, mut kind) = (None, String::new(), String::new());
                for (key, value) in Attributes::of(&e) {
                    match key {
                        "Id" => id = Some(value.to_owned()),
                        "Target" => target = unescape_attr(value, &xml)?,
                        "Type" => kind = value.to_owned(),
                        _ => {}
                    }
                }
                if let Some(id) = id {
                    found.insert(id, (target, kind));
                }
            }
            Event::Eof => return Ok(found),
            _ => {}
        }
    }
}

/// The shared strings, one after another in one text.
#[derive(Default)]
struct Strings {
    text: String,
    /// Where each string ends in `text`.
    ends: Vec<usize>,
}

impl Strings {
    fn read(zip: &mut Parts<'_, '_>, path: &str) -> Result<Self, SheetError> {
        let mut strings = Self::default();
        let Some(bytes) = zip.get(path)? else {
            return Ok(strings);
        };
        let mut xml = Xml::new(bytes, path)?;
        let mut scratch = String::new();
        loop {
            match xml.next()? {
                Event::Start(e) if e.local_name() == "si" => {
                    xml.rich_text(&mut strings.text, &mut scratch)?;
                    strings.ends.push(strings.text.len());
                    if strings.text.len() > super::MAX_TEXT_BYTES {
                        return Err(SheetError::TooMuchText);
                    }
                }
                Event::Empty(e) if e.local_name() == "si" => {
                    strings.ends.push(strings.text.len());
                }
                Event::Eof => return Ok(strings),
                _ => {}
            }
        }
    }

    fn get(&self, index: usize) -> Option<&str> {
        let end = *self.ends.get(index)?;
        let start = index.checked_sub(1).map_or(0, |i| self.ends[i]);
        self.text.get(start..end)
    }
}

/// What a cell style's number format does to a number.
#[derive(Debug, Clone, Copy, Default)]
struct Style {
    /// The decimals of a percent format.
    percent: Option<u32>,
    /// A date or an elapsed time.
    serial: Option<Serial>,
}

/// The cell styles (`cellXfs`), by style id.
struct Styles(Vec<Style>);

impl Styles {
    fn read(zip: &mut Parts<'_, '_>, path: &str) -> Result<Self, SheetError> {
        let mut styles = Vec::new();
        let Some(bytes) = zip.get(path)? else {
            return Ok(Self(styles));
        };
        let mut xml = Xml::new(bytes, path)?;
        let mut formats: HashMap<String, String> = HashMap::new();
        let mut in_cell_xfs = false;
        loop {
            let (e, empty) = match xml.next()? {
                Event::Start(e) => (e, false),
                Event::Empty(e) => (e, true),
                Event::End(name) if xml::local(name) == "cellXfs" => {
                    in_cell_xfs = false;
                    continue;
                }
                Event::Eof => return Ok(Self(styles)),
                _ => continue,
            };
            match e.local_name() {
                "numFmt" => {
                    let id = attribute(&e, "numFmtId");
                    let code = attribute(&e, "formatCode");
                    if let (Some(id), Some(code)) = (id, code) {
                        formats.insert(id.to_owned(), unescape_attr(code, &xml)?);
                    }
                }
                "cellXfs" => in_cell_xfs = !empty,
                "xf" if in_cell_xfs => {
                    let style = match attribute(&e, "numFmtId") {
                        Some(id) => style(id, &formats),
                        None => Style::default(),
                    };
                    styles.push(style);
                }
                _ => {}
            }
        }
    }
}

/// The number format of a cell style: a custom format by its id, else a built-in one.
fn style(id: &str, custom: &HashMap<String, String>) -> Style {
    let code = custom.get(id).map(String::as_str);
    let serial = match code {
        Some(code) => grid::serial_format(code),
        None => builtin_serial(id),
    };
    let percent = id.parse::<u32>().ok().and_then(|n| {
        let code = code.or(match n {
            9 => Some("0%"),
            10 => Some("0.00%"),
            _ => None,
        })?;
        grid::percent_decimals(code)
    });
    Style { percent, serial }
}

/// The built-in number formats showing a date or time (ECMA-376 §18.8.30, with the East Asian
/// date formats), and `[h]:mm:ss`, an elapsed time.
fn builtin_serial(id: &str) -> Option<Serial> {
    match id.parse::<u32>().ok()? {
        14..=22 | 27..=36 | 45 | 47 | 50..=58 => Some(Serial::Date),
        46 => Some(Serial::Duration),
        _ => None,
    }
}

/// What every worksheet is read with.
struct Context<'a> {
    strings: &'a Strings,
    styles: &'a Styles,
    is_1904: bool,
}

/// One worksheet, in one pass: cells with their number formats, formulas without a saved
/// result, merged ranges.
fn worksheet(
    zip: &mut Parts<'_, '_>,
    sheet: &SheetEntry,
    context: &Context<'_>,
    budget: &mut Budget,
) -> Result<Grid, SheetError> {
    let Some(bytes) = zip.get(&sheet.path)? else {
        return Err(SheetError::Damaged(format!("{} is missing", sheet.path)));
    };
    let mut xml = Xml::new(bytes, &sheet.path)?;
    let mut grid = Grid::new(sheet.name.as_str());
    let mut cells = Cells {
        context,
        value: String::new(),
        scratch: String::new(),
    };
    // Where a cell or row without its own reference is: after the one before.
    let (mut row, mut col) = (0u32, 0u32);
    loop {
        let (event, empty) = match xml.next()? {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(name) if xml::local(name) == "row" => {
                (row, col) = (row.saturating_add(1), 0);
                continue;
            }
            Event::Eof => {
                grid.finish();
                return Ok(grid);
            }
            _ => continue,
        };
        match event.local_name() {
            "row" => {
                if let Some(r) = attribute(&event, "r") {
                    row = reference(r)
                        .map(|(r, _)| r)
                        .ok_or_else(|| xml.damaged(format!("row number \"{r}\"")))?;
                }
                if empty {
                    (row, col) = (row.saturating_add(1), 0);
                }
            }
            "c" => {
                let at = cells.read(&mut xml, &event, empty, (row, col), budget, &mut grid)?;
                col = at.1.saturating_add(1);
            }
            "mergeCell" => {
                if let Some(range) = attribute(&event, "ref") {
                    let merge = merge_range(range)
                        .ok_or_else(|| xml.damaged(format!("merged range \"{range}\"")))?;
                    grid.add_merge(merge);
                }
            }
            _ => {}
        }
    }
}

/// Reads cells, with buffers kept from one cell to the next.
struct Cells<'a> {
    context: &'a Context<'a>,
    value: String,
    scratch: String,
}

/// What a `<c>` element holds, before it is shown.
enum Value {
    Empty,
    /// In `Cells::value`, of the cell's type (`t`).
    Raw,
    /// An inline string, in `Cells::value`.
    Inline,
}

impl Cells<'_> {
    /// Read one `<c>` element into the grid; `next` is where it is when it has no reference.
    /// Returns where it was.
    fn read(
        &mut self,
        xml: &mut Xml<'_>,
        c: &Tag<'_>,
        empty: bool,
        next: (u32, u32),
        budget: &mut Budget,
        grid: &mut Grid,
    ) -> Result<(u32, u32), SheetError> {
        let (mut at, mut style, mut styled, mut kind) = (next, 0, false, None);
        for (key, value) in Attributes::of(c) {
            match key {
                "r" => {
                    at = match reference(value) {
                        Some((row, Some(col))) => (row, col),
                        _ => return Err(xml.damaged(format!("cell reference \"{value}\""))),
                    };
                }
                "s" => {
                    styled = true;
                    style = value.parse().unwrap_or(0);
                }
                "t" => kind = Some(value),
                _ => {}
            }
        }
        if empty {
            return Ok(at);
        }
        let mut value = Value::Empty;
        let mut formula = false;
        loop {
            match xml.next()? {
                Event::Start(e) => match e.local_name() {
                    "v" => {
                        self.value.clear();
                        xml.text(&mut self.value)?;
                        value = if matches!(kind, Some("inlineStr" | "is")) {
                            Value::Empty
                        } else {
                            Value::Raw
                        };
                    }
                    "is" => {
                        self.value.clear();
                        xml.rich_text(&mut self.value, &mut self.scratch)?;
                        value = Value::Inline;
                    }
                    "f" => {
                        self.scratch.clear();
                        xml.text(&mut self.scratch)?;
                        formula |= !self.scratch.is_empty() || is_shared(&e);
                        value = Value::Empty;
                    }
                    _ => xml.skip()?,
                },
                Event::Empty(e) => match e.local_name() {
                    "f" => {
                        formula |= is_shared(&e);
                        value = Value::Empty;
                    }
                    "v" | "is" => value = Value::Empty,
                    _ => {}
                },
                Event::End(_) => break,
                Event::Eof => return Err(xml.damaged("a cell without its end".to_owned())),
                _ => {}
            }
        }
        let shown = match value {
            Value::Empty => None,
            Value::Inline => Some(Cell::text(std::mem::take(&mut self.value))),
            Value::Raw => self.shown(kind, style, styled, xml)?,
        };
        let blank = shown.as_ref().is_none_or(|cell| cell.text.is_empty());
        if let Some(cell) = shown {
            budget.take(&cell, at.0, at.1)?;
            grid.set(at.0, at.1, cell);
        }
        if formula && blank {
            grid.set(at.0, at.1, uncached());
        }
        Ok(at)
    }

    /// What a `<v>` shows, by the cell's type and style; `None` when it shows nothing.
    fn shown(
        &mut self,
        kind: Option<&str>,
        style: usize,
        styled: bool,
        xml: &Xml<'_>,
    ) -> Result<Option<Cell>, SheetError> {
        let v = self.value.as_str();
        let (text, kind) = match kind {
            None | Some("n") => {
                if v.is_empty() {
                    return Ok(None);
                }
                match v.parse::<f64>() {
                    Ok(number) => return Ok(Some(self.number(v, number, style, styled))),
                    Err(_) if kind.is_none() => (v.to_owned(), CellKind::Text),
                    Err(_) => return Err(xml.damaged(format!("number \"{v}\""))),
                }
            }
            Some("s") => {
                if v.is_empty() {
                    return Ok(None);
                }
                // An index that is not a plain number is damage, never string 0.
                let Ok(index) = v.trim().parse::<usize>() else {
                    return Err(xml.damaged(format!("shared string index \"{v}\"")));
                };
                let Some(text) = self.context.strings.get(index) else {
                    return Err(
                        xml.damaged(format!("shared string {index}, which is not in the table"))
                    );
                };
                (text.to_owned(), CellKind::Text)
            }
            Some("str") => {
                let mut text = String::with_capacity(v.len());
                unescape_excel(v, &mut text);
                (text, CellKind::Text)
            }
            Some("b") => match v.trim() {
                "" => return Ok(None),
                "1" => ("TRUE".to_owned(), CellKind::Bool),
                "0" => ("FALSE".to_owned(), CellKind::Bool),
                b if b.eq_ignore_ascii_case("true") => ("TRUE".to_owned(), CellKind::Bool),
                b if b.eq_ignore_ascii_case("false") => ("FALSE".to_owned(), CellKind::Bool),
                _ => return Err(xml.damaged(format!("boolean \"{v}\""))),
            },
            Some("e") => (v.to_owned(), CellKind::Error),
            Some("d") => {
                let text = match v.strip_suffix("T00:00:00") {
                    Some(date) => date.to_owned(),
                    None => v.replacen('T', " ", 1),
                };
                (text, CellKind::Date)
            }
            Some(other) => return Err(xml.damaged(format!("cell type \"{other}\""))),
        };
        Ok(Some(Cell { text, kind }))
    }

    /// A number as its style shows it. A date format applies only to a cell naming its style;
    /// a percent format also to a cell without one, which has the first style.
    /// `written` is the number as the file writes it: most cells show it as it is.
    fn number(&self, written: &str, number: f64, style: usize, styled: bool) -> Cell {
        let found = self.context.styles.0.get(style).copied();
        let serial = if styled {
            found.and_then(|s| s.serial)
        } else {
            None
        };
        let (text, kind) = match (serial, found.and_then(|s| s.percent)) {
            (Some(Serial::Date), _) => (
                grid::date_text(number, self.context.is_1904),
                CellKind::Date,
            ),
            (Some(Serial::Duration), _) => (grid::number_text(number), CellKind::Date),
            (None, Some(decimals)) => (grid::percent_text(number, decimals), CellKind::Percent),
            (None, None) if grid::is_number_text(written) => (written.to_owned(), CellKind::Number),
            (None, None) => (grid::number_text(number), CellKind::Number),
        };
        Cell { text, kind }
    }
}

/// Whether an `<f>` is a cell's share of a formula written once for a range.
fn is_shared(f: &Tag<'_>) -> bool {
    attribute(f, "t") == Some("shared")
}

/// `F12` as (11, Some(5)); a row number alone, `12`, as (11, None).
fn reference(text: &str) -> Option<(u32, Option<u32>)> {
    let bytes = text.as_bytes();
    let digits = bytes.iter().position(u8::is_ascii_digit)?;
    let mut col: u32 = 0;
    for &c in &bytes[..digits] {
        if !c.is_ascii_alphabetic() {
            return None;
        }
        let n = u32::from(c.to_ascii_uppercase() - b'A') + 1;
        col = col.checked_mul(26)?.checked_add(n)?;
    }
    let mut row: u32 = 0;
    for &d in &bytes[digits..] {
        if !d.is_ascii_digit() {
            return None;
        }
        row = row.checked_mul(10)?.checked_add(u32::from(d - b'0'))?;
    }
    Some((row.checked_sub(1)?, col.checked_sub(1)))
}

/// `A12:C13` (or a single cell, `D12`) as a merge.
fn merge_range(text: &str) -> Option<Merge> {
    let cell = |t: &str| match reference(t)? {
        (row, Some(col)) => Some((row, col)),
        (_, None) => None,
    };
    let (first, last) = match text.split_once(':') {
        Some((first, last)) => (cell(first)?, cell(last)?),
        None => (cell(text)?, cell(text)?),
    };
    Some(Merge { first, last })
}

/// Excel's escapes of characters XML cannot hold: `_x000D_` is a carriage return, a pair of
/// surrogate escapes one character beyond the BMP, and `_x005F_` a literal underscore (so
/// `_x005F_x000D_` is the text `_x000D_`). A lone surrogate becomes U+FFFD.
fn unescape_excel(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(i) = rest.find("_x") {
        let Some(unit) = escape_at(rest, i) else {
            out.push_str(&rest[..i + 2]);
            rest = &rest[i + 2..];
            continue;
        };
        out.push_str(&rest[..i]);
        let mut next = i + ESCAPE_LEN;
        let c = match unit {
            0xD800..=0xDBFF => match escape_at(rest, next) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    next += ESCAPE_LEN;
                    let code =
                        0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                    char::from_u32(code)
                }
                _ => None,
            },
            unit => char::from_u32(u32::from(unit)),
        };
        out.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
        rest = &rest[next..];
    }
    out.push_str(rest);
}

/// The length of `_xHHHH_`.
const ESCAPE_LEN: usize = 7;

/// The UTF-16 unit of an `_xHHHH_` escape at byte `i` of `text`.
fn escape_at(text: &str, i: usize) -> Option<u16> {
    let bytes = text.as_bytes().get(i..i + ESCAPE_LEN)?;
    let hex = &bytes[2..6];
    if !bytes.starts_with(b"_x") || bytes[6] != b'_' || !hex.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    u16::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()
}

/// The package's parts, unpacked one at a time into one buffer: each part is parsed before
/// the next is unpacked, so the buffer grows to the largest part once rather than a buffer
/// being allocated and freed for every part.
pub(in crate::sheet) struct Parts<'z, 'a> {
    zip: &'z mut Zip<'a>,
    buffer: Vec<u8>,
}

impl<'z, 'a> Parts<'z, 'a> {
    pub(in crate::sheet) fn new(zip: &'z mut Zip<'a>) -> Self {
        Self {
            zip,
            buffer: Vec::new(),
        }
    }

    /// The bytes of a zip entry, found by its name as a workbook names it (Excel compares part
    /// names without regard to case, and some writers use backslashes); `None` when there is
    /// none.
    pub(in crate::sheet) fn get(&mut self, name: &str) -> Result<Option<&[u8]>, SheetError> {
        let zip = &mut *self.zip;
        let index = match zip.index_for_name(name) {
            Some(index) => Some(index),
            None => zip
                .file_names()
                .position(|n| n.is_ok_and(|n| n.replace('\\', "/").eq_ignore_ascii_case(name))),
        };
        let Some(index) = index else {
            return Ok(None);
        };
        let damaged = |e: &dyn std::fmt::Display| SheetError::Damaged(format!("{name}: {e}"));
        let entry = zip.by_index(index).map_err(|e| damaged(&e))?;
        if entry.size() > MAX_PART_BYTES {
            return Err(SheetError::PartTooLarge(name.to_owned()));
        }
        self.buffer.clear();
        self.buffer
            .reserve(usize::try_from(entry.size()).unwrap_or(0));
        entry
            .take(MAX_PART_BYTES + 1)
            .read_to_end(&mut self.buffer)
            .map_err(|e| damaged(&e))?;
        if self.buffer.len() as u64 > MAX_PART_BYTES {
            return Err(SheetError::PartTooLarge(name.to_owned()));
        }
        Ok(Some(&self.buffer))
    }
}

/// An XML part being read, with its name for messages.
pub(in crate::sheet) struct Xml<'a> {
    tokenizer: Tokenizer<'a>,
    part: &'a str,
}

impl<'a> Xml<'a> {
    pub(in crate::sheet) fn new(bytes: &'a [u8], part: &'a str) -> Result<Self, SheetError> {
        let tokenizer = Tokenizer::new(bytes).map_err(|e| malformed(part, &e))?;
        Ok(Self { tokenizer, part })
    }

    pub(in crate::sheet) fn next(&mut self) -> Result<Event<'a>, SheetError> {
        self.tokenizer.next().map_err(|e| malformed(self.part, &e))
    }

    pub(in crate::sheet) fn damaged(&self, what: String) -> SheetError {
        let at = self.tokenizer.position();
        SheetError::Damaged(format!("{}: unexpected {what} (at byte {at})", self.part))
    }

    /// Skip the element just opened, to its end.
    pub(in crate::sheet) fn skip(&mut self) -> Result<(), SheetError> {
        let mut depth = 0usize;
        loop {
            match self.next()? {
                Event::Start(_) => depth += 1,
                Event::End(_) if depth == 0 => return Ok(()),
                Event::End(_) => depth -= 1,
                Event::Eof => return Err(self.damaged("end of the part".to_owned())),
                _ => {}
            }
        }
    }

    /// The text of the element just opened, to its end, onto `out`: references resolved,
    /// line ends normalised as XML reads them, nested elements passed over.
    pub(in crate::sheet) fn text(&mut self, out: &mut String) -> Result<(), SheetError> {
        let mut depth = 0usize;
        loop {
            match self.next()? {
                Event::Text(t) => xml::text(t, out).map_err(|what| self.damaged(what))?,
                Event::CData(t) => xml::cdata(t, out),
                Event::Start(_) => depth += 1,
                Event::End(_) if depth == 0 => return Ok(()),
                Event::End(_) => depth -= 1,
                Event::Eof => return Err(self.damaged("end of the part".to_owned())),
                Event::Empty(_) => {}
            }
        }
    }

    /// A string item (`<si>` or `<is>`) just opened, to its end, onto `out`: its `<t>` texts
    /// joined, without the phonetic guide (`<rPh>`); a text not marked `xml:space="preserve"`
    /// trimmed of ASCII white space; Excel's `_xHHHH_` escapes decoded.
    fn rich_text(&mut self, out: &mut String, scratch: &mut String) -> Result<(), SheetError> {
        let mut depth = 0usize;
        let mut phonetic = 0usize;
        loop {
            match self.next()? {
                Event::Start(e) => match e.local_name() {
                    "t" if phonetic == 0 => {
                        let preserve = attribute(&e, "xml:space").is_some_and(|s| s == "preserve");
                        scratch.clear();
                        self.text(scratch)?;
                        let run = if preserve {
                            scratch.as_str()
                        } else {
                            scratch.trim_matches([' ', '\t', '\r', '\n'])
                        };
                        unescape_excel(run, out);
                    }
                    "rPh" => {
                        phonetic += 1;
                        depth += 1;
                    }
                    _ => depth += 1,
                },
                Event::End(_) if depth == 0 => return Ok(()),
                Event::End(name) => {
                    if xml::local(name) == "rPh" {
                        phonetic = phonetic.saturating_sub(1);
                    }
                    depth -= 1;
                }
                Event::Eof => return Err(self.damaged("end of the part".to_owned())),
                _ => {}
            }
        }
    }
}

/// Malformed XML in a part, as a damaged workbook.
fn malformed(part: &str, e: &xml::XmlError) -> SheetError {
    SheetError::Damaged(format!("{part}: {} (at byte {})", e.what, e.at))
}

/// An attribute value with its references resolved.
fn unescape_attr(value: &str, xml: &Xml<'_>) -> Result<String, SheetError> {
    xml::attribute_value(value)
        .map_err(|e| xml.damaged(format!("attribute value \"{value}\" ({e})")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        assert_eq!(reference("A1"), Some((0, Some(0))));
        assert_eq!(reference("F12"), Some((11, Some(5))));
        assert_eq!(reference("XFD1048576"), Some((1_048_575, Some(16_383))));
        assert_eq!(reference("12"), Some((11, None)));
        assert_eq!(reference("A0"), None);
        assert_eq!(reference("A"), None);
        assert_eq!(reference("1A"), None);
        assert_eq!(reference("ZZZZZZZZ1"), None);
        assert_eq!(reference("A99999999999"), None);
        assert_eq!(
            merge_range("A12:C13"),
            Some(Merge {
                first: (11, 0),
                last: (12, 2)
            })
        );
        assert_eq!(merge_range("D12").map(|m| m.first == m.last), Some(true));
        assert_eq!(merge_range("A1:"), None);
    }

    #[test]
    fn excel_escapes() {
        let unescaped = |text: &str| {
            let mut out = String::new();
            unescape_excel(text, &mut out);
            out
        };
        assert_eq!(unescaped("a_x000D_b"), "a\rb");
        assert_eq!(unescaped("_x005F_x000D_"), "_x000D_");
        assert_eq!(unescaped("_xD83D__xDCF7_"), "📷");
        assert_eq!(unescaped("_xD83D_x"), "\u{FFFD}x");
        assert_eq!(unescaped("_x00_ _xZZZZ_ _x"), "_x00_ _xZZZZ_ _x");
        assert_eq!(unescaped("中_x4E2D_文"), "中中文");
    }

    #[test]
    fn number_formats_of_styles() {
        let custom: HashMap<String, String> = [
            ("176", "0.0%"),
            ("177", "yyyy\"年\"m\"月\""),
            ("9", "0.000"),
        ]
        .into_iter()
        .map(|(id, code)| (id.to_owned(), code.to_owned()))
        .collect();
        let of = |id: &str| {
            let s = style(id, &custom);
            (s.percent, s.serial)
        };
        assert_eq!(of("176"), (Some(1), None));
        assert_eq!(of("177"), (None, Some(Serial::Date)));
        assert_eq!(of("9"), (None, None));
        assert_eq!(of("10"), (Some(2), None));
        assert_eq!(of("14"), (None, Some(Serial::Date)));
        assert_eq!(of("46"), (None, Some(Serial::Duration)));
        assert_eq!(of("0"), (None, None));
        assert_eq!(of("x"), (None, None));
    }
}
