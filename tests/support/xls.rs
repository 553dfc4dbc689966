//! A minimal `.xls` writer for tests: an OLE compound file (512-byte sectors, one FAT
//! sector) holding a BIFF8 `Workbook` stream with one worksheet of LABEL and NUMBER cells.
//! Enough for calamine to read, and for the bad-input tests to craft what it must not be
//! handed (a far-away cell, a huge DIMENSIONS record).

/// A cell: (row, column, text or number).
pub enum Value<'a> {
    Text(&'a str),
    Number(f64),
}

fn record(kind: u16, data: &[u8]) -> Vec<u8> {
    let mut r = kind.to_le_bytes().to_vec();
    r.extend((data.len() as u16).to_le_bytes());
    r.extend(data);
    r
}

fn bof(kind: u16) -> Vec<u8> {
    let mut d = 0x0600u16.to_le_bytes().to_vec();
    d.extend(kind.to_le_bytes());
    d.extend([0u8; 12]);
    record(0x0809, &d)
}

/// The BIFF8 stream of one worksheet named `name` holding `cells`, with a DIMENSIONS record
/// claiming `dimensions` (first row, last row + 1, first column, last column + 1) if given.
pub fn workbook(
    name: &str,
    cells: &[(u16, u16, Value<'_>)],
    dimensions: Option<(u32, u32, u16, u16)>,
) -> Vec<u8> {
    let mut globals = bof(0x0005);
    globals.extend(record(0x0042, &1200u16.to_le_bytes()));
    let units: Vec<u16> = name.encode_utf16().collect();
    let boundsheet_at = globals.len();
    let mut sheet_entry = vec![0u8; 4];
    sheet_entry.extend([0, 0, units.len() as u8, 1]);
    sheet_entry.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    globals.extend(record(0x0085, &sheet_entry));
    globals.extend(record(0x000A, &[]));
    let mut sheet = bof(0x0010);
    let (r0, r1, c0, c1) = dimensions.unwrap_or_else(|| {
        let rows = cells
            .iter()
            .map(|c| u32::from(c.0))
            .max()
            .map_or(0, |r| r + 1);
        let cols = cells.iter().map(|c| c.1).max().map_or(0, |c| c + 1);
        (0, rows, 0, cols)
    });
    let mut d = r0.to_le_bytes().to_vec();
    d.extend(r1.to_le_bytes());
    d.extend(c0.to_le_bytes());
    d.extend(c1.to_le_bytes());
    d.extend([0, 0]);
    sheet.extend(record(0x0200, &d));
    for (row, col, value) in cells {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend(0u16.to_le_bytes());
        match value {
            Value::Text(text) => {
                let units: Vec<u16> = text.encode_utf16().collect();
                d.extend((units.len() as u16).to_le_bytes());
                d.push(1);
                d.extend(units.iter().flat_map(|u| u.to_le_bytes()));
                sheet.extend(record(0x0204, &d));
            }
            Value::Number(n) => {
                d.extend(n.to_le_bytes());
                sheet.extend(record(0x0203, &d));
            }
        }
    }
    sheet.extend(record(0x000A, &[]));
    // The worksheet's BOF follows the globals: BOUNDSHEET8 says where.
    let at = (globals.len() as u32).to_le_bytes();
    globals[boundsheet_at + 4..boundsheet_at + 8].copy_from_slice(&at);
    globals.extend(sheet);
    globals
}

/// `stream` as the `Workbook` stream of a compound file. The stream is padded with an
/// unknown record to 4096 bytes, so that it lives in ordinary sectors.
pub fn compound(mut stream: Vec<u8>) -> Vec<u8> {
    if stream.len() < 4096 {
        let pad = 4096 - stream.len() - 4;
        stream.extend(record(0x00EF, &vec![0u8; pad]));
    }
    let sectors = stream.len().div_ceil(512);
    assert!(sectors + 2 <= 128, "one FAT sector holds 128 entries");
    let mut header = vec![0u8; 512];
    header[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    header[0x18..0x1A].copy_from_slice(&0x003Eu16.to_le_bytes());
    header[0x1A..0x1C].copy_from_slice(&3u16.to_le_bytes());
    header[0x1C..0x1E].copy_from_slice(&0xFFFEu16.to_le_bytes());
    header[0x1E..0x20].copy_from_slice(&9u16.to_le_bytes());
    header[0x20..0x22].copy_from_slice(&6u16.to_le_bytes());
    header[0x2C..0x30].copy_from_slice(&1u32.to_le_bytes());
    header[0x30..0x34].copy_from_slice(&1u32.to_le_bytes());
    header[0x38..0x3C].copy_from_slice(&4096u32.to_le_bytes());
    header[0x3C..0x40].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
    header[0x44..0x48].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
    for i in 0..109 {
        let id: u32 = if i == 0 { 0 } else { 0xFFFF_FFFF };
        header[0x4C + 4 * i..0x50 + 4 * i].copy_from_slice(&id.to_le_bytes());
    }
    let mut fat = vec![0xFFFF_FFFFu32; 128];
    fat[0] = 0xFFFF_FFFD;
    fat[1] = 0xFFFF_FFFE;
    for i in 0..sectors {
        fat[2 + i] = if i + 1 == sectors {
            0xFFFF_FFFE
        } else {
            (3 + i) as u32
        };
    }
    let entry = |name: &str, kind: u8, child: u32, start: u32, size: u32| {
        let mut e = vec![0u8; 128];
        let units: Vec<u16> = name.encode_utf16().collect();
        for (i, u) in units.iter().enumerate() {
            e[2 * i..2 * i + 2].copy_from_slice(&u.to_le_bytes());
        }
        e[64..66].copy_from_slice(&(((units.len() + 1) * 2) as u16).to_le_bytes());
        e[66] = kind;
        e[67] = 1;
        e[68..72].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
        e[72..76].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
        e[76..80].copy_from_slice(&child.to_le_bytes());
        e[116..120].copy_from_slice(&start.to_le_bytes());
        e[120..124].copy_from_slice(&size.to_le_bytes());
        e
    };
    let mut out = header;
    out.extend(fat.iter().flat_map(|f| f.to_le_bytes()));
    out.extend(entry("Root Entry", 5, 1, 0xFFFF_FFFE, 0));
    out.extend(entry("Workbook", 2, 0xFFFF_FFFF, 2, stream.len() as u32));
    out.extend(vec![0u8; 256]);
    let len = stream.len();
    out.extend(stream);
    out.extend(vec![0u8; sectors * 512 - len]);
    out
}
