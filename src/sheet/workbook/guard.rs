//! What an `.xls` or `.ods` file would cost calamine, measured before calamine sees it.
//!
//! calamine holds each worksheet as a dense rectangle from its first used cell to its last
//! (values and formulas both), expands `table:number-rows-repeated` and
//! `number-columns-repeated`, copies a repeated cell's text for every repeat, and trusts an
//! `.xls` DIMENSIONS record to reserve memory: a 600-byte ods or a two-cell xls asked it for
//! gigabytes, and an allocation that large aborts the process, which no `catch_unwind`
//! catches. So the file is measured here with our own bounded readers (the zip's parts with
//! their size limit and our XML tokenizer; the OLE compound file's sectors and the BIFF
//! records with every length checked against the bytes there are), and handed to calamine
//! only when the rectangles, repeats and texts it would build are within
//! [`crate::limits`]. A file that cannot be measured is damaged.

use std::io::{Cursor, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use super::SheetError;
use super::xml::{Event, Tokenizer, attribute};
use crate::diagnostic::SourceFile;
use crate::limits::{
    MAX_CELL_CHARS, MAX_CELLS, MAX_COLUMNS, MAX_DENSE_CELLS, MAX_PART_BYTES, MAX_ROWS,
    MAX_TEXT_BYTES,
};
use crate::sheet::read::ReadError;

/// Run calamine on a measured file, and take a panic inside it (a case the measuring does
/// not foresee) for what it is: a file calamine cannot read. The workbook half read is
/// dropped with the error.
pub(super) fn contained(
    file: &Arc<SourceFile>,
    read: impl FnOnce() -> Result<(), ReadError>,
) -> Result<(), ReadError> {
    catch_unwind(AssertUnwindSafe(read))
        .unwrap_or_else(|_| Err(super::unreadable(file, "calamine failed on this file")))
}

fn damaged(what: &str) -> SheetError {
    SheetError::Damaged(what.to_owned())
}

/// Check an ods file's parts and the tables of its `content.xml`.
pub(super) fn ods(bytes: &[u8]) -> Result<(), SheetError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| damaged("zip"))?;
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(|_| damaged("zip"))?;
        if entry.size() > MAX_PART_BYTES {
            let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
            return Err(SheetError::PartTooLarge(name));
        }
    }
    let entry = zip
        .by_name("content.xml")
        .map_err(|_| damaged("content.xml"))?;
    let mut content = Vec::new();
    entry
        .take(MAX_PART_BYTES + 1)
        .read_to_end(&mut content)
        .map_err(|_| damaged("content.xml"))?;
    if content.len() as u64 > MAX_PART_BYTES {
        return Err(SheetError::PartTooLarge("content.xml".to_owned()));
    }
    ods_content(&content)
}

/// The repeat count of a row or cell attribute: 1 when absent, damage when not a number.
fn repeats(value: Option<&str>) -> Result<u64, SheetError> {
    match value {
        None => Ok(1),
        Some(v) => v
            .trim()
            .parse::<u64>()
            .map_err(|_| damaged("number-repeated")),
    }
}

/// One table as calamine would build it, counted.
#[derive(Default)]
struct Table {
    /// Rows so far, repeats expanded (calamine stops at [`MAX_ROWS`]).
    rows: u64,
    /// The first and last expanded row holding a cell, and the widest row.
    first: Option<u64>,
    last: u64,
    width: u64,
    /// Cells calamine pushes, over all rows.
    pushed: u64,
}

impl Table {
    fn check(&self) -> Result<(), SheetError> {
        let Some(first) = self.first else {
            return Ok(());
        };
        let dense = (self.last - first + 1).saturating_mul(self.width);
        if dense > MAX_DENSE_CELLS || self.pushed > MAX_DENSE_CELLS {
            return Err(SheetError::TooManyCells);
        }
        Ok(())
    }
}

fn ods_content(content: &[u8]) -> Result<(), SheetError> {
    let mut xml = Tokenizer::new(content).map_err(|_| damaged("content.xml"))?;
    let mut table = Table::default();
    let mut text_total: u64 = 0;
    // The row being read: its repeats, cells pushed, pending empty cells, whether it holds
    // a value.
    let mut row: Option<(u64, u64, u64, bool)> = None;
    // The cell being read: its repeats and the characters of its text (as written, entities
    // unresolved: never fewer than calamine keeps).
    let mut cell: Option<(u64, u64)> = None;
    let cap = u64::from(MAX_COLUMNS);
    // Every element must end, and end in order: calamine reads a table until its end tag and
    // loops without end when the part stops before it.
    let mut open: Vec<&str> = Vec::new();
    loop {
        let event = xml.next().map_err(|_| damaged("content.xml"))?;
        match event {
            Event::Start(tag) => open.push(tag.name()),
            Event::End(name) if open.pop() != Some(name) => {
                return Err(damaged("content.xml: an element ends out of order"));
            }
            Event::Eof if !open.is_empty() => {
                return Err(damaged("content.xml: an element never ends"));
            }
            _ => {}
        }
        let (tag, empty) = match event {
            Event::Eof => return table.check(),
            Event::Text(t) | Event::CData(t) => {
                if let Some((_, chars)) = &mut cell {
                    *chars += t.chars().count() as u64;
                    if *chars > MAX_CELL_CHARS as u64 {
                        return Err(SheetError::CellTooLong(
                            u32::try_from(table.rows).unwrap_or(u32::MAX),
                            0,
                        ));
                    }
                }
                continue;
            }
            Event::End(name) => {
                match super::xml::local(name) {
                    "table" => {
                        table.check()?;
                        table = Table::default();
                    }
                    "table-row" => end_row(&mut table, row.take()),
                    "table-cell" | "covered-table-cell" => {
                        if let (Some((n, bytes)), Some(r)) = (cell.take(), row.as_mut()) {
                            text_total = text_total.saturating_add(bytes.saturating_mul(n));
                            push_cell(r, n, true, cap);
                        }
                    }
                    _ => {}
                }
                if text_total > MAX_TEXT_BYTES as u64 {
                    return Err(SheetError::TooMuchText);
                }
                continue;
            }
            Event::Start(tag) => (tag, false),
            Event::Empty(tag) => (tag, true),
        };
        match tag.local_name() {
            "table-row" => {
                let n = repeats(attribute(&tag, "table:number-rows-repeated"))?;
                let n = n.min(u64::from(MAX_ROWS).saturating_sub(table.rows));
                row = Some((n, 0, 0, false));
                if empty {
                    end_row(&mut table, row.take());
                }
            }
            "table-cell" | "covered-table-cell" => {
                let n = repeats(attribute(&tag, "table:number-columns-repeated"))?;
                let valued = [
                    "office:value",
                    "office:string-value",
                    "office:date-value",
                    "office:time-value",
                    "office:boolean-value",
                    "table:formula",
                ]
                .iter()
                .any(|a| attribute(&tag, a).is_some());
                if empty {
                    if let Some(r) = row.as_mut() {
                        push_cell(r, n, valued, cap);
                    }
                } else {
                    cell = Some((n, 0));
                }
            }
            _ => {}
        }
    }
}

/// A cell of `n` repeats in row `r`, as calamine pushes it: pending empty cells first, then
/// the cell for every repeat when it holds anything, each capped at [`MAX_COLUMNS`].
fn push_cell(r: &mut (u64, u64, u64, bool), n: u64, valued: bool, cap: u64) {
    let (_, pushed, pending, holds) = r;
    if valued {
        *pushed = (*pushed + (*pending).min(cap.saturating_sub(*pushed))).min(cap);
        *pending = 0;
        *pushed = (*pushed + n.min(cap.saturating_sub(*pushed))).min(cap);
        *holds = true;
    } else {
        *pending = n.min(cap.saturating_sub(*pushed));
    }
}

fn end_row(table: &mut Table, row: Option<(u64, u64, u64, bool)>) {
    let Some((n, pushed, _, holds)) = row else {
        return;
    };
    if holds {
        table.first.get_or_insert(table.rows);
        table.last = table.rows + n.max(1) - 1;
        table.width = table.width.max(pushed);
    }
    table.pushed = table.pushed.saturating_add(pushed);
    table.rows += n;
}

/// Check an xls file: its compound file's structure, then each worksheet's records.
pub(super) fn xls(bytes: &[u8]) -> Result<(), SheetError> {
    let stream = workbook_stream(bytes)?;
    biff(&stream)
}

const FREE: u32 = 0xFFFF_FFFF;
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The sectors of an OLE compound file, with its allocation table.
struct Compound<'a> {
    bytes: &'a [u8],
    shift: u32,
    fat: Vec<u32>,
}

impl Compound<'_> {
    fn sector(&self, id: u32) -> Option<&[u8]> {
        let size = 1usize << self.shift;
        let start = (id as usize).checked_add(1)?.checked_mul(size)?;
        self.bytes
            .get(start..start.checked_add(size)?.min(self.bytes.len()))
    }

    /// The chain of sectors from `start`: every sector once at most, so a loop ends.
    fn chain(&self, start: u32, table: &[u32]) -> Result<Vec<u32>, SheetError> {
        let mut chain = Vec::new();
        let mut id = start;
        while id != END_OF_CHAIN && id != FREE {
            if chain.len() > table.len() {
                return Err(damaged("compound file: a sector chain loops"));
            }
            chain.push(id);
            id = *table
                .get(id as usize)
                .ok_or_else(|| damaged("compound file: a sector beyond the table"))?;
        }
        Ok(chain)
    }

    fn read(&self, start: u32, size: usize) -> Result<Vec<u8>, SheetError> {
        let mut out = Vec::new();
        for id in self.chain(start, &self.fat)? {
            let sector = self
                .sector(id)
                .ok_or_else(|| damaged("compound file: a sector beyond the file"))?;
            out.extend_from_slice(sector);
            if out.len() >= size {
                break;
            }
        }
        out.truncate(size);
        Ok(out)
    }
}

/// The `Workbook` (BIFF8) or `Book` (BIFF5) stream of a compound file.
fn workbook_stream(bytes: &[u8]) -> Result<Vec<u8>, SheetError> {
    let header = bytes
        .get(..512)
        .ok_or_else(|| damaged("compound file: no header"))?;
    let shift = u32::from(u16_at(header, 0x1E).unwrap_or(0));
    let mini_shift = u32::from(u16_at(header, 0x20).unwrap_or(0));
    if !(shift == 9 || shift == 12) || mini_shift != 6 {
        return Err(damaged("compound file: sector size"));
    }
    let per_sector = (1usize << shift) / 4;
    // The allocation table's sectors: 109 in the header, the rest in the DIFAT chain.
    let mut fat_sectors: Vec<u32> = (0..109)
        .filter_map(|i| u32_at(header, 0x4C + 4 * i))
        .filter(|&id| id != FREE)
        .collect();
    let mut difat = u32_at(header, 0x44).unwrap_or(END_OF_CHAIN);
    let sectors = bytes.len() >> shift;
    let mut compound = Compound {
        bytes,
        shift,
        fat: Vec::new(),
    };
    let mut seen = 0;
    while difat != END_OF_CHAIN && difat != FREE {
        seen += 1;
        if seen > sectors {
            return Err(damaged("compound file: the DIFAT loops"));
        }
        let sector = compound
            .sector(difat)
            .ok_or_else(|| damaged("compound file: DIFAT"))?;
        fat_sectors.extend(
            (0..per_sector - 1)
                .filter_map(|i| u32_at(sector, 4 * i))
                .filter(|&id| id != FREE),
        );
        difat = u32_at(sector, 4 * (per_sector - 1)).unwrap_or(END_OF_CHAIN);
    }
    if fat_sectors.len() > sectors {
        return Err(damaged("compound file: allocation table"));
    }
    let mut fat = Vec::with_capacity(fat_sectors.len() * per_sector);
    for id in fat_sectors {
        let sector = compound
            .sector(id)
            .ok_or_else(|| damaged("compound file: allocation table"))?;
        fat.extend((0..sector.len() / 4).filter_map(|i| u32_at(sector, 4 * i)));
    }
    compound.fat = fat;
    let directory = compound.read(u32_at(header, 0x30).unwrap_or(END_OF_CHAIN), bytes.len())?;
    let entries: Vec<&[u8]> = directory.chunks_exact(128).collect();
    let root = entries
        .first()
        .ok_or_else(|| damaged("compound file: no root"))?;
    let name_of = |entry: &[u8]| -> String {
        let len = usize::from(u16_at(entry, 64).unwrap_or(0)).min(64);
        let units: Vec<u16> = (0..len / 2)
            .filter_map(|i| u16_at(entry, 2 * i))
            .take_while(|&u| u != 0)
            .collect();
        String::from_utf16_lossy(&units)
    };
    let stream = entries
        .iter()
        .find(|e| e.get(66) == Some(&2) && matches!(name_of(e).as_str(), "Workbook" | "Book"))
        .ok_or_else(|| damaged("compound file: no Workbook stream"))?;
    let start = u32_at(stream, 116).unwrap_or(END_OF_CHAIN);
    let size = u32_at(stream, 120).unwrap_or(0) as usize;
    if size > bytes.len() {
        return Err(damaged("compound file: a stream longer than the file"));
    }
    let cutoff = u32_at(header, 0x38).unwrap_or(4096) as usize;
    if size >= cutoff {
        return compound.read(start, size);
    }
    // A small stream lives in the mini stream, in 64-byte sectors of the root's stream.
    let mini_fat = compound.read(u32_at(header, 0x3C).unwrap_or(END_OF_CHAIN), bytes.len())?;
    let mini_fat: Vec<u32> = (0..mini_fat.len() / 4)
        .filter_map(|i| u32_at(&mini_fat, 4 * i))
        .collect();
    let mini = compound.read(u32_at(root, 116).unwrap_or(END_OF_CHAIN), bytes.len())?;
    let mut out = Vec::new();
    for id in compound.chain(start, &mini_fat)? {
        let at = (id as usize) << 6;
        let sector = mini
            .get(at..(at + 64).min(mini.len()))
            .ok_or_else(|| damaged("compound file: a mini sector beyond the mini stream"))?;
        out.extend_from_slice(sector);
        if out.len() >= size {
            break;
        }
    }
    out.truncate(size);
    Ok(out)
}

/// The records of a worksheet substream that place a cell, with where the row and column
/// are: (record type, minimum length).
const CELLS: &[(u16, usize)] = &[
    (0x0203, 6),  // Number
    (0x0204, 6),  // Label
    (0x00D6, 6),  // RString
    (0x0205, 6),  // BoolErr
    (0x027E, 6),  // Rk
    (0x00FD, 6),  // LabelSst
    (0x0006, 20), // Formula
];

/// Records calamine reads a field of without checking the length first, with the length it
/// needs: (record type, minimum length).
const FIELDS: &[(u16, usize)] = &[
    (0x002F, 2), // FilePass
    (0x0042, 2), // CodePage
    (0x0022, 2), // DateMode
    (0x0085, 8), // BoundSheet8
    (0x0809, 4), // BOF
    (0x00E0, 4), // XF
];

/// The records from `at` on, as calamine's record iterator splits them (CONTINUE records
/// folded into the one before): (type, data). A record running past the end is damage.
fn records(stream: &[u8], mut at: usize) -> impl Iterator<Item = Result<(u16, &[u8]), SheetError>> {
    std::iter::from_fn(move || {
        let rest = stream.get(at..)?;
        if rest.is_empty() {
            return None;
        }
        let (Some(kind), Some(len)) = (u16_at(rest, 0), u16_at(rest, 2)) else {
            at = stream.len();
            return Some(Err(damaged("a record header past the end of the stream")));
        };
        let len = usize::from(len);
        let Some(data) = rest.get(4..4 + len) else {
            at = stream.len();
            return Some(Err(damaged("a record runs past the end of the stream")));
        };
        at += 4 + len;
        while stream.len() > at + 4 && u16_at(stream, at) == Some(0x003C) {
            let more = usize::from(u16_at(stream, at + 2).unwrap_or(0));
            if stream.len() < at + 4 + more {
                at = stream.len();
                return Some(Err(damaged("a CONTINUE record runs past the end")));
            }
            at += 4 + more;
        }
        Some(Ok((kind, data)))
    })
}

/// Walk the BIFF records as calamine will: the globals up to their EOF, noting where each
/// BOUNDSHEET8 says its sheet starts, then each sheet from there. Every record calamine
/// reads a field of must hold it, every sheet must start inside the stream, and each
/// sheet's used rectangle (and the DIMENSIONS calamine reserves by) must stay within
/// [`MAX_DENSE_CELLS`], its cells within [`MAX_CELLS`].
fn biff(stream: &[u8]) -> Result<(), SheetError> {
    let mut sheets = Vec::new();
    for record in records(stream, 0) {
        let (kind, data) = record?;
        if let Some((_, min)) = FIELDS.iter().find(|(k, _)| *k == kind)
            && data.len() < *min
        {
            return Err(damaged("a record shorter than its fields"));
        }
        match kind {
            0x0085 => {
                let at = u32_at(data, 0).unwrap_or(u32::MAX) as usize;
                if at >= stream.len() {
                    return Err(damaged("BOUNDSHEET8 points past the end of the stream"));
                }
                sheets.push(at);
            }
            0x000A => break,
            _ => {}
        }
    }
    let mut cells: u64 = 0;
    for start in sheets {
        let mut bounds: Option<(u32, u32, u32, u32)> = None;
        for record in records(stream, start) {
            let (kind, data) = record?;
            if let Some((_, min)) = FIELDS.iter().find(|(k, _)| *k == kind)
                && data.len() < *min
            {
                return Err(damaged("a record shorter than its fields"));
            }
            match kind {
                // Dimensions: calamine reserves its rows × columns.
                0x0200 => {
                    let (r0, r1, c0, c1) = match data.len() {
                        10 => (
                            u32::from(u16_at(data, 0).unwrap_or(0)),
                            u32::from(u16_at(data, 2).unwrap_or(0)),
                            u32::from(u16_at(data, 4).unwrap_or(0)),
                            u32::from(u16_at(data, 6).unwrap_or(0)),
                        ),
                        14 | 16 => (
                            u32_at(data, 0).unwrap_or(0),
                            u32_at(data, 4).unwrap_or(0),
                            u32::from(u16_at(data, 8).unwrap_or(0)),
                            u32::from(u16_at(data, 10).unwrap_or(0)),
                        ),
                        _ => return Err(damaged("DIMENSIONS")),
                    };
                    if r1 < r0 || c1 < c0 {
                        return Err(damaged("DIMENSIONS"));
                    }
                    let dense = u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1);
                    if dense > MAX_DENSE_CELLS || r1 > MAX_ROWS || c1 > MAX_COLUMNS {
                        return Err(SheetError::TooManyCells);
                    }
                }
                // MulRk: one row, columns first..=last.
                0x00BD => {
                    let row = u32::from(u16_at(data, 0).ok_or_else(|| damaged("MULRK"))?);
                    let first = u32::from(u16_at(data, 2).ok_or_else(|| damaged("MULRK"))?);
                    let last = u32::from(u16_at(data, data.len().saturating_sub(2)).unwrap_or(0));
                    if last < first || data.len() < 6 {
                        return Err(damaged("MULRK"));
                    }
                    cells += u64::from(last - first + 1);
                    see(row, first, &mut bounds);
                    see(row, last, &mut bounds);
                }
                0x000A => break,
                kind => {
                    if let Some((_, min)) = CELLS.iter().find(|(k, _)| *k == kind) {
                        if data.len() < *min {
                            return Err(damaged("a cell record"));
                        }
                        let row = u32::from(u16_at(data, 0).unwrap_or(0));
                        let col = u32::from(u16_at(data, 2).unwrap_or(0));
                        cells += 1;
                        see(row, col, &mut bounds);
                    }
                }
            }
            if cells > MAX_CELLS as u64 {
                return Err(SheetError::TooManyCells);
            }
        }
        if let Some((r0, r1, c0, c1)) = bounds {
            let dense = u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1);
            if dense > MAX_DENSE_CELLS {
                return Err(SheetError::TooManyCells);
            }
        }
    }
    Ok(())
}

/// Widen `bounds` to hold (row, col).
fn see(row: u32, col: u32, bounds: &mut Option<(u32, u32, u32, u32)>) {
    *bounds = Some(match *bounds {
        None => (row, row, col, col),
        Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(col), c1.max(col)),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(rows: &str) -> Vec<u8> {
        format!(
            r#"<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet><table:table table:name="表">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
        )
        .into_bytes()
    }

    #[test]
    fn repeated_rows_and_columns_count_as_calamine_expands_them() {
        let small = content(
            r#"<table:table-row><table:table-cell office:value-type="string"><text:p>分值</text:p></table:table-cell></table:table-row>"#,
        );
        assert!(ods_content(&small).is_ok());
        // A value repeated across every column, in a row repeated a million times.
        let bomb = content(
            r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row>"#,
        );
        assert!(matches!(ods_content(&bomb), Err(SheetError::TooManyCells)));
        // Empty repeats cost nothing until a value follows them.
        let blank = content(
            r#"<table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#,
        );
        assert!(ods_content(&blank).is_ok());
        let far = content(
            r#"<table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row><table:table-row table:number-rows-repeated="900000"><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="100"/><table:table-cell office:value-type="float" office:value="1"/></table:table-row>"#,
        );
        assert!(matches!(ods_content(&far), Err(SheetError::TooManyCells)));
        let long = content(&format!(
            r#"<table:table-row><table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell></table:table-row>"#,
            "长".repeat(40_000)
        ));
        assert!(matches!(
            ods_content(&long),
            Err(SheetError::CellTooLong(..))
        ));
        // A part that stops inside a table, on which calamine loops without end.
        let cut = content(r#"<table:table-row><table:table-cell/></table:table-row>"#);
        let cut = &cut[..cut.len() - 80];
        assert!(matches!(ods_content(cut), Err(SheetError::Damaged(_))));
    }

    #[test]
    fn biff_records_are_measured() {
        let record = |kind: u16, data: &[u8]| {
            let mut r = kind.to_le_bytes().to_vec();
            r.extend((data.len() as u16).to_le_bytes());
            r.extend(data);
            r
        };
        let number = |row: u16, col: u16| {
            let mut d = row.to_le_bytes().to_vec();
            d.extend(col.to_le_bytes());
            d.extend([0u8; 10]);
            record(0x0203, &d)
        };
        // Globals: BOF, a BOUNDSHEET8 pointing after them, EOF; then the sheet's records.
        let book = |sheet: &[Vec<u8>]| {
            let mut globals = record(0x0809, &[0u8; 16]);
            let boundsheet = globals.len();
            globals.extend(record(0x0085, &[0, 0, 0, 0, 0, 0, 1, 0, b'x']));
            globals.extend(record(0x000A, &[]));
            let at = (globals.len() as u32).to_le_bytes();
            globals[boundsheet + 4..boundsheet + 8].copy_from_slice(&at);
            globals.extend(record(0x0809, &[0u8; 16]));
            for r in sheet {
                globals.extend(r);
            }
            globals.extend(record(0x000A, &[]));
            globals
        };
        assert!(matches!(
            biff(&book(&[number(0, 0), number(65_535, 255)])),
            Err(SheetError::TooManyCells)
        ));
        assert!(biff(&book(&[number(0, 0), number(99, 9)])).is_ok());
        let mut d = 0u32.to_le_bytes().to_vec();
        d.extend(4_000_000_000u32.to_le_bytes());
        d.extend([0, 0, 255, 0, 0, 0]);
        assert!(matches!(
            biff(&book(&[record(0x0200, &d)])),
            Err(SheetError::TooManyCells)
        ));
        let truncated = record(0x0203, &[0u8; 14]);
        assert!(biff(&truncated[..10]).is_err());
        // A sheet said to start past the end, as a fuzzed file had it.
        let mut far = book(&[]);
        let at = far.len() as u32 + 50_000_000;
        far[24..28].copy_from_slice(&at.to_le_bytes());
        assert!(biff(&far).is_err());
        let short = record(0x0042, &[1]);
        assert!(biff(&short).is_err());
    }
}
