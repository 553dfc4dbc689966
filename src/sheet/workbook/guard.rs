//! What an `.xls` file would cost calamine, measured before calamine sees it.
//!
//! calamine holds each worksheet as a dense rectangle from its first used cell to its last
//! (values and formulas both) and trusts an `.xls` DIMENSIONS record to reserve memory: a
//! two-cell xls asked it for gigabytes, and an allocation that large aborts the process,
//! which no `catch_unwind` catches. So the file is measured here with our own bounded reader
//! (the OLE compound file's sectors and the BIFF records, with every length checked against
//! the bytes there are), and handed to calamine only when the rectangles and texts it would
//! build are within [`crate::limits`]. A file that cannot be measured is damaged.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use super::SheetError;
use crate::diagnostic::SourceFile;
use crate::limits::{MAX_CELLS, MAX_COLUMNS, MAX_DENSE_CELLS, MAX_ROWS};
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
