//! The number formats of an xls (and of WPS's `.et`, the same format): which cells show a
//! percentage, which calamine does not say (it gives a percent-formatted 0.819 as 0.819).
//!
//! An xls is an OLE compound file whose `Workbook` stream (`Book` before Excel 97) is a list
//! of BIFF records. The workbook's globals hold the number formats (FORMAT, 0x041E) and the
//! cell styles (XF, 0x00E0) naming them; each worksheet's records name a cell style for every
//! number (NUMBER 0x0203, RK 0x027E, MULRK 0x00BD, FORMULA 0x0006). This walks the compound
//! file to that stream and the records to those, and nothing else: values, texts, dates and
//! merges are calamine's. A style or format that cannot be read marks its cells as unknown,
//! never as plain numbers; a file this cannot walk at all marks every number of it unknown.

use std::collections::HashMap;

use super::grid;

/// What a number's format makes of it, where that is more than a plain number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shown {
    /// A percentage with this many decimals.
    Percent(u32),
    /// The format could not be read.
    Unknown,
}

/// The cells of each worksheet, in the order of the workbook's sheet list, whose numbers are
/// not shown plainly.
#[derive(Debug, Default)]
pub(super) struct Formats {
    sheets: Vec<HashMap<(u32, u32), Shown>>,
}

impl Formats {
    /// How the number in a cell of the `sheet`th sheet shows; `None` for a plain number. A
    /// sheet the walk did not find has numbers of unknown format.
    pub(super) fn get(&self, sheet: usize, row: u32, col: u32) -> Option<Shown> {
        match self.sheets.get(sheet) {
            Some(cells) => cells.get(&(row, col)).copied(),
            None => Some(Shown::Unknown),
        }
    }
}

/// The number formats of an xls, or why they cannot be read.
pub(super) fn read(bytes: &[u8]) -> Result<Formats, String> {
    let cfb = Cfb::new(bytes)?;
    let stream = cfb
        .stream("Workbook")
        .or_else(|_| cfb.stream("Book"))
        .map_err(|e| format!("Workbook stream: {e}"))?;
    walk(&stream)
}

// ---------------------------------------------------------------------------------------------
// The compound file (MS-CFB): sectors chained by a FAT, a directory of streams, small streams
// kept in a mini stream.

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const FREE: u32 = 0xFFFF_FFFF;
const DIRECTORY_ENTRY: usize = 128;
const MINI_SECTOR: usize = 64;

struct Cfb<'a> {
    bytes: &'a [u8],
    sector: usize,
    fat: Vec<u32>,
    mini_fat: Vec<u32>,
    mini_cutoff: u64,
    directory: Vec<u8>,
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}

impl<'a> Cfb<'a> {
    fn new(bytes: &'a [u8]) -> Result<Self, String> {
        let header = |at| u32_at(bytes, at).ok_or_else(|| "a short header".to_owned());
        let shift = u16_at(bytes, 0x1E).ok_or("a short header")?;
        if !(7..=16).contains(&shift) {
            return Err(format!("sector size 2^{shift}"));
        }
        let sector = 1usize << shift;
        let mut cfb = Self {
            bytes,
            sector,
            fat: Vec::new(),
            mini_fat: Vec::new(),
            mini_cutoff: u64::from(header(0x38)?),
            directory: Vec::new(),
        };
        // The FAT's sectors: 109 listed in the header, the rest in a chain of DIFAT sectors,
        // each listing a sector's worth less the link to the next.
        let fat_sectors = header(0x2C)? as usize;
        let mut listed: Vec<u32> = (0..109)
            .filter_map(|i| u32_at(bytes, 0x4C + 4 * i))
            .collect();
        let mut difat = header(0x44)?;
        let per_sector = sector / 4 - 1;
        let mut seen = 0usize;
        while difat != END_OF_CHAIN && difat != FREE && listed.len() < fat_sectors {
            let data = cfb.sector_bytes(difat)?;
            listed.extend((0..per_sector).filter_map(|i| u32_at(data, 4 * i)));
            difat = u32_at(data, 4 * per_sector).unwrap_or(END_OF_CHAIN);
            seen += 1;
            if seen > bytes.len() / sector {
                return Err("a DIFAT chain that loops".to_owned());
            }
        }
        listed.truncate(fat_sectors);
        for &n in &listed {
            let data = cfb.sector_bytes(n)?;
            cfb.fat
                .extend((0..sector / 4).filter_map(|i| u32_at(data, 4 * i)));
        }
        cfb.directory = cfb.chain(header(0x30)?, None)?;
        let mini_fat = cfb.chain(header(0x3C)?, None)?;
        cfb.mini_fat = (0..mini_fat.len() / 4)
            .filter_map(|i| u32_at(&mini_fat, 4 * i))
            .collect();
        Ok(cfb)
    }

    fn sector_bytes(&self, n: u32) -> Result<&'a [u8], String> {
        let start = (n as usize + 1)
            .checked_mul(self.sector)
            .ok_or("a sector beyond the file")?;
        self.bytes
            .get(start..start + self.sector)
            .ok_or_else(|| format!("sector {n} beyond the end of the file"))
    }

    /// The bytes of the chain of sectors from `start`, cut to `size` when given.
    fn chain(&self, start: u32, size: Option<u64>) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        let mut n = start;
        while n != END_OF_CHAIN && n != FREE {
            if out.len() > self.bytes.len() {
                return Err("a sector chain that loops".to_owned());
            }
            out.extend_from_slice(self.sector_bytes(n)?);
            n = *self
                .fat
                .get(n as usize)
                .ok_or_else(|| format!("sector {n} outside the FAT"))?;
            if size.is_some_and(|size| out.len() as u64 >= size) {
                break;
            }
        }
        if let Some(size) = size {
            out.truncate(usize::try_from(size).unwrap_or(usize::MAX));
        }
        Ok(out)
    }

    /// The bytes of a mini stream chain, out of the root entry's stream `mini`.
    fn mini_chain(&self, mini: &[u8], start: u32, size: u64) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        let mut n = start;
        while n != END_OF_CHAIN && n != FREE && (out.len() as u64) < size {
            if out.len() > mini.len() {
                return Err("a mini sector chain that loops".to_owned());
            }
            let at = n as usize * MINI_SECTOR;
            let data = mini
                .get(at..at + MINI_SECTOR)
                .ok_or_else(|| format!("mini sector {n} beyond the mini stream"))?;
            out.extend_from_slice(data);
            n = *self
                .mini_fat
                .get(n as usize)
                .ok_or_else(|| format!("mini sector {n} outside the mini FAT"))?;
        }
        out.truncate(usize::try_from(size).unwrap_or(usize::MAX));
        Ok(out)
    }

    /// The stream of this name, found in the directory.
    fn stream(&self, name: &str) -> Result<Vec<u8>, String> {
        let wanted: Vec<u16> = name.encode_utf16().collect();
        let entries = self.directory.chunks_exact(DIRECTORY_ENTRY);
        let entry = |e: &[u8]| -> Option<(Vec<u16>, u8, u32, u64)> {
            let len = usize::from(u16_at(e, 0x40)?).min(64) / 2;
            let chars = (0..len.saturating_sub(1)).filter_map(|i| u16_at(e, 2 * i));
            Some((chars.collect(), e[0x42], u32_at(e, 0x74)?, u64_at(e, 0x78)?))
        };
        let root = self
            .directory
            .get(..DIRECTORY_ENTRY)
            .and_then(entry)
            .ok_or("no root entry")?;
        for e in entries {
            let Some((chars, kind, start, size)) = entry(e) else {
                continue;
            };
            // 2: a stream. Names compare without regard to case, as the format has them.
            let same = String::from_utf16_lossy(&chars).eq_ignore_ascii_case(name);
            if kind != 2 || !(same || chars == wanted) {
                continue;
            }
            // Version 3 files keep only the low 32 bits of a size.
            let size = if self.sector == 512 {
                size & 0xFFFF_FFFF
            } else {
                size
            };
            if size >= self.mini_cutoff {
                return self.chain(start, Some(size));
            }
            let mini = self.chain(root.2, Some(root.3))?;
            return self.mini_chain(&mini, start, size);
        }
        Err("not found".to_owned())
    }
}

// ---------------------------------------------------------------------------------------------
// The BIFF records.

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const BOUNDSHEET: u16 = 0x0085;
const FORMAT: u16 = 0x041E;
const XF: u16 = 0x00E0;
const CODEPAGE: u16 = 0x0042;
const NUMBER: u16 = 0x0203;
const RK: u16 = 0x027E;
const MULRK: u16 = 0x00BD;
const FORMULA: u16 = 0x0006;

/// The records of a stream from `at`: type and data.
fn records(stream: &[u8], mut at: usize) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let typ = u16_at(stream, at)?;
        let len = usize::from(u16_at(stream, at + 2)?);
        let data = stream.get(at + 4..at + 4 + len)?;
        at += 4 + len;
        Some((typ, data))
    })
}

/// The globals, then each worksheet's cells whose number is not shown plainly.
fn walk(stream: &[u8]) -> Result<Formats, String> {
    let mut codes: HashMap<u16, Option<String>> = HashMap::new();
    let mut styles: Vec<u16> = Vec::new();
    let mut sheets: Vec<usize> = Vec::new();
    let mut biff8 = true;
    let mut codepage = 1252u16;
    for (typ, data) in records(stream, 0) {
        match typ {
            BOF => biff8 = u16_at(data, 0) == Some(0x0600),
            CODEPAGE => codepage = u16_at(data, 0).unwrap_or(1252),
            FORMAT => {
                let id = u16_at(data, 0).ok_or("a short FORMAT record")?;
                codes.insert(id, format_code(&data[2..], biff8, codepage));
            }
            XF => styles.push(u16_at(data, 2).ok_or("a short XF record")?),
            BOUNDSHEET => sheets.push(u32_at(data, 0).ok_or("a short BOUNDSHEET record")? as usize),
            EOF => break,
            _ => {}
        }
    }
    let shown: Vec<Option<Shown>> = styles
        .iter()
        .map(|&id| match codes.get(&id) {
            Some(Some(code)) => grid::percent_decimals(code).map(Shown::Percent),
            Some(None) => Some(Shown::Unknown),
            None => builtin(id),
        })
        .collect();
    let style = |ixfe: u16| -> Option<Shown> {
        match shown.get(usize::from(ixfe)) {
            Some(found) => *found,
            None => Some(Shown::Unknown),
        }
    };
    let mut formats = Formats::default();
    for start in sheets {
        let mut cells = HashMap::new();
        let mut put = |row: u16, col: u16, ixfe: u16| {
            if let Some(found) = style(ixfe) {
                cells.insert((u32::from(row), u32::from(col)), found);
            }
        };
        for (typ, data) in records(stream, start).skip(1) {
            let head = || Some((u16_at(data, 0)?, u16_at(data, 2)?, u16_at(data, 4)?));
            match typ {
                NUMBER | RK => {
                    let (row, col, ixfe) = head().ok_or("a short cell record")?;
                    put(row, col, ixfe);
                }
                // Only a formula whose saved result is a number: other results mark the
                // last two bytes of the value 0xFFFF.
                FORMULA => {
                    let (row, col, ixfe) = head().ok_or("a short FORMULA record")?;
                    if u16_at(data, 12) != Some(0xFFFF) {
                        put(row, col, ixfe);
                    }
                }
                MULRK => {
                    let row = u16_at(data, 0).ok_or("a short MULRK record")?;
                    let first = u16_at(data, 2).ok_or("a short MULRK record")?;
                    let count = data.len().saturating_sub(6) / 6;
                    for i in 0..count {
                        let ixfe = u16_at(data, 4 + 6 * i).ok_or("a short MULRK record")?;
                        put(row, first.saturating_add(i as u16), ixfe);
                    }
                }
                BOF => break,
                EOF => break,
                _ => {}
            }
        }
        formats.sheets.push(cells);
    }
    Ok(formats)
}

/// The built-in formats that show a percentage: 9 (`0%`) and 10 (`0.00%`).
fn builtin(id: u16) -> Option<Shown> {
    match id {
        9 => Some(Shown::Percent(0)),
        10 => Some(Shown::Percent(2)),
        _ => None,
    }
}

/// A FORMAT record's format code: a Unicode string in BIFF8 (a 16-bit length, a flag byte,
/// then Latin-1 or UTF-16 characters), a byte string in the code page before it. `None` when
/// the record is cut short.
fn format_code(data: &[u8], biff8: bool, codepage: u16) -> Option<String> {
    if biff8 {
        let len = usize::from(u16_at(data, 0)?);
        let flags = *data.get(2)?;
        let chars = data.get(3..)?;
        if flags & 1 == 0 {
            Some(chars.get(..len)?.iter().map(|&b| char::from(b)).collect())
        } else {
            let units: Vec<u16> = (0..len)
                .map(|i| u16_at(chars, 2 * i))
                .collect::<Option<_>>()?;
            Some(String::from_utf16_lossy(&units))
        }
    } else {
        let len = usize::from(*data.first()?);
        let bytes = data.get(1..1 + len)?;
        let encoding = match codepage {
            936 => encoding_rs::GBK,
            _ => encoding_rs::WINDOWS_1252,
        };
        Some(encoding.decode_without_bom_handling(bytes).0.into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_codes_as_written() {
        assert_eq!(
            format_code(b"\x04\x00\x000.0%", true, 1252).as_deref(),
            Some("0.0%")
        );
        let utf16: Vec<u8> = [3u8, 0, 1]
            .into_iter()
            .chain("0%年".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(format_code(&utf16, true, 1252).as_deref(), Some("0%年"));
        assert_eq!(format_code(b"\x09\x00\x000.0%", true, 1252), None);
        assert_eq!(
            format_code(b"\x040.0%", false, 1252).as_deref(),
            Some("0.0%")
        );
    }

    #[test]
    fn not_a_compound_file() {
        assert!(read(b"").is_err());
        assert!(read(&[0u8; 600]).is_err());
    }

    #[test]
    fn a_damaged_file_is_walked_or_refused_without_a_panic() {
        let bytes = include_bytes!("../../../tests/sheets/shangjie-2022-department.xls");
        assert!(read(bytes).is_ok());
        for at in (1..bytes.len()).step_by(7) {
            let _ = read(&bytes[..at]);
            let mut flipped = bytes.to_vec();
            flipped[at] ^= 0x5A;
            let _ = read(&flipped);
            flipped[at] = 0xFF;
            let _ = read(&flipped);
        }
    }
}
