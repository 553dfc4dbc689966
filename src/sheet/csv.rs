//! CSV files into a grid: the encoding found, the text decoded, the fields parsed with the
//! `csv` crate, each record a row as a spreadsheet program opens the file.
//!
//! Excel saves a worksheet as CSV in the system's code page, which in China is GBK, so the
//! encoding is found, not assumed: a byte-order mark (UTF-8, UTF-16), else valid UTF-8, else
//! GB18030 (a superset of GBK). Bytes GB18030 cannot decode are replaced and noted as a warning
//! naming their line. Excel's "Unicode text" is UTF-16 with tabs, so the delimiter is a tab when
//! the first lines hold more tabs than commas.
//!
//! Positions are cells, as the reviewer sees them on opening the file in Excel or WPS: the
//! worksheet is named by the file's name, so a finding reads `自评表.csv!F12`. The decoded text
//! stays the file's source, where a note about undecodable bytes shows its line.

use std::sync::Arc;

use encoding_rs::{Encoding, GB18030, UTF_8};

use super::grid::{Cell, Grid};
use super::read::{ReadError, file_finding};
use crate::diagnostic::{Finding, Pos, Severity, SourceFile, a1};
use crate::lang::Text;
use crate::limits::{MAX_CELL_CHARS, MAX_CELLS, MAX_COLUMNS, MAX_CSV_FIELDS, MAX_ROWS};

/// A CSV file read: its decoded text as the source, its grid, and notes about decoding.
pub(super) struct CsvText {
    pub file: Arc<SourceFile>,
    pub grid: Grid,
    pub notes: Vec<Finding>,
}

/// Decode and parse a CSV file.
pub(super) fn read(path: &str, bytes: Vec<u8>) -> Result<CsvText, ReadError> {
    let (text, encoding, bad_lines) = decode(&bytes);
    let name = std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_owned(), |s| s.to_string_lossy().into_owned());
    let grid = parse(path, &name, &text)?;
    let file = SourceFile::new(path, text);
    let notes = bad_lines
        .iter()
        .map(|&(line, offset)| undecodable(&file, encoding, line, offset))
        .collect();
    if grid.is_empty() {
        return Err(ReadError::one(file_finding(
            "sheet-syntax",
            &file,
            Pos::File,
            Text::new("CSV 文件为空", "the CSV file is empty"),
            Text::new(
                "请确认选对了文件，并已在 Excel 或 WPS 中把自评表另存为 CSV",
                "check that this is the right file, saved as CSV from the filled-in form",
            ),
        )));
    }
    Ok(CsvText { file, grid, notes })
}

/// The text, the encoding it was decoded from, and the (line, byte offset) of each line that
/// held undecodable bytes.
fn decode(bytes: &[u8]) -> (String, &'static Encoding, Vec<(usize, usize)>) {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        let text = text.into_owned();
        // UTF-8 and UTF-16 mark undecodable sequences with U+FFFD, never a GBK byte's worth.
        let bad = lines_with(&text, '\u{FFFD}');
        return (text, encoding, bad);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_owned(), UTF_8, Vec::new());
    }
    // No GB18030 sequence contains the byte 0x0A, so the file splits into lines before
    // decoding, and each line's errors are its own.
    let mut text = String::with_capacity(bytes.len() * 3 / 2);
    let mut bad = Vec::new();
    for (i, line) in bytes.split_inclusive(|&b| b == b'\n').enumerate() {
        let (decoded, had_errors) = GB18030.decode_without_bom_handling(line);
        if had_errors {
            bad.push((i + 1, text.len()));
        }
        text.push_str(&decoded);
    }
    (text, GB18030, bad)
}

fn lines_with(text: &str, needle: char) -> Vec<(usize, usize)> {
    let mut offset = 0;
    let mut lines = Vec::new();
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if line.contains(needle) {
            lines.push((i + 1, offset));
        }
        offset += line.len();
    }
    lines
}

fn undecodable(
    file: &Arc<SourceFile>,
    encoding: &'static Encoding,
    line: usize,
    offset: usize,
) -> Finding {
    let name = encoding.name();
    Finding::new(
        "sheet-encoding",
        Severity::Warning,
        Text::new(
            format!("第 {line} 行含有无法按 {name} 解码的字节，已替换为 �"),
            format!("line {line} holds bytes that are not valid {name}; they were replaced by �"),
        ),
        Text::new(
            "请核对这一行的文字；在 Excel 中“另存为”CSV（逗号分隔）或 CSV UTF-8 可避免乱码",
            "check the text of this line; saving again from Excel as CSV or CSV UTF-8 avoids this",
        ),
    )
    .at(file, Pos::at_offset(&file.text, offset))
}

/// Tab when the first lines hold more tabs than commas (Excel's "Unicode text"), else comma.
fn delimiter(text: &str) -> u8 {
    let head = text.lines().take(50);
    let (tabs, commas) = head.fold((0, 0), |(t, c), line| {
        (
            t + line.matches('\t').count(),
            c + line.matches(',').count(),
        )
    });
    if tabs > commas { b'\t' } else { b',' }
}

/// The grid of a CSV text, a record a row as Excel and WPS open it: a blank line is an empty
/// row (the `csv` crate passes over it), a record with line breaks in a quoted field one row.
fn parse(path: &str, name: &str, text: &str) -> Result<Grid, ReadError> {
    let file = || SourceFile::new(path, text);
    let delimiter = delimiter(text);
    // Every field costs memory while the file is parsed, an empty one too: a file of nothing
    // but commas is refused before the parser holds a field for each.
    let delimiters = memchr::memchr_iter(delimiter, text.as_bytes()).count();
    if delimiters >= MAX_CSV_FIELDS {
        return Err(too_many_fields(path));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut grid = Grid::new(name);
    let (mut cells, mut fields) = (0usize, 0usize);
    let mut record = csv::StringRecord::new();
    // The row of the next record if no blank line comes first, and the line it would start on.
    let (mut row, mut line) = (0u64, 1u64);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let start = record.position().map_or(line, csv::Position::line);
                let offset = record
                    .position()
                    .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
                row += start.saturating_sub(line);
                fields += record.len();
                if fields > MAX_CSV_FIELDS || row >= u64::from(MAX_ROWS) {
                    return Err(too_many_fields(path));
                }
                if record.len() > MAX_COLUMNS as usize {
                    return Err(too_wide(&file(), offset));
                }
                let at = u32::try_from(row).map_err(|_| too_many_fields(path))?;
                for (col, value) in record.iter().enumerate() {
                    if value.is_empty() {
                        continue;
                    }
                    cells += 1;
                    if cells > MAX_CELLS {
                        return Err(too_many_cells(&file()));
                    }
                    let col = u32::try_from(col).map_err(|_| too_wide(&file(), offset))?;
                    if value.chars().count() > MAX_CELL_CHARS {
                        return Err(too_long(&file(), offset, &a1(at, col)));
                    }
                    grid.set(at, col, Cell::text(value));
                }
                let breaks = record
                    .iter()
                    .map(|f| f.matches('\n').count())
                    .sum::<usize>();
                line = start + 1 + breaks as u64;
                row += 1;
            }
            Err(e) => return Err(malformed(&file(), &e)),
        }
    }
    grid.finish();
    Ok(grid)
}

fn too_many_cells(file: &Arc<SourceFile>) -> ReadError {
    ReadError::one(file_finding(
        "sheet-syntax",
        file,
        Pos::File,
        Text::new(
            format!("CSV 文件过大：非空单元格超过 {MAX_CELLS} 个的上限"),
            format!("the CSV file is too large: more than {MAX_CELLS} non-empty cells"),
        ),
        Text::new(
            "自评表只有几百个单元格，请确认选对了文件",
            "a form has a few hundred cells: check that this is the right file",
        ),
    ))
}

fn too_many_fields(path: &str) -> ReadError {
    let file = &SourceFile::new(path, "");
    ReadError::one(file_finding(
        "sheet-syntax",
        file,
        Pos::File,
        Text::new(
            format!(
                "CSV 文件过大：字段（含空字段）超过 {MAX_CSV_FIELDS} 个或行数超过 {MAX_ROWS} 行的上限"
            ),
            format!(
                "the CSV file is too large: more than {MAX_CSV_FIELDS} fields (empty ones included) or {MAX_ROWS} rows"
            ),
        ),
        Text::new(
            "自评表只有几百个单元格；如是从 Excel 另存的，请删去表格下方和右侧的空行空列后重新另存",
            "a form has a few hundred cells: if saved from Excel, delete the empty rows and columns past the form and save again",
        ),
    ))
}

fn too_wide(file: &Arc<SourceFile>, offset: usize) -> ReadError {
    ReadError::one(file_finding(
        "sheet-syntax",
        file,
        Pos::at_offset(&file.text, offset),
        Text::new(
            format!("CSV 文件这一行超过 {MAX_COLUMNS} 列的上限（Excel 的列数）"),
            format!("this CSV line has more than {MAX_COLUMNS} fields (Excel's column count)"),
        ),
        Text::new(
            "请确认选对了文件，或删去多余的列后重新另存",
            "check that this is the right file, or delete the extra columns and save again",
        ),
    ))
}

fn too_long(file: &Arc<SourceFile>, offset: usize, cell: &str) -> ReadError {
    ReadError::one(file_finding(
        "sheet-syntax",
        file,
        Pos::at_offset(&file.text, offset),
        Text::new(
            format!("单元格 {cell} 超过 {MAX_CELL_CHARS} 个字符的上限（Excel 一个单元格的容量）"),
            format!(
                "cell {cell} holds more than {MAX_CELL_CHARS} characters (what an Excel cell holds)"
            ),
        ),
        Text::new(
            "请缩短这段文字，或确认选对了文件",
            "shorten the text, or check that this is the right file",
        ),
    ))
}

fn malformed(file: &Arc<SourceFile>, error: &csv::Error) -> ReadError {
    let pos = error.position().map_or(Pos::File, |p| {
        Pos::at_offset(
            &file.text,
            usize::try_from(p.byte()).unwrap_or(file.text.len()),
        )
    });
    ReadError::one(file_finding(
        "sheet-syntax",
        file,
        pos,
        Text::new(
            "CSV 格式错误，无法读取".to_owned(),
            format!("malformed CSV: {error}"),
        ),
        Text::new(
            "请在 Excel 或 WPS 中打开后重新另存为 CSV",
            "open the file in Excel or WPS and save it again as CSV",
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        let (text, encoding, bad) = decode("一级指标,分值\n".as_bytes());
        assert_eq!(
            (text.as_str(), encoding, bad.len()),
            ("一级指标,分值\n", UTF_8, 0)
        );
        let (gbk, _, _) = GB18030.encode("一级指标,分值\n三级指标\n");
        let (text, encoding, bad) = decode(&gbk);
        assert_eq!(
            (text.as_str(), encoding, bad.len()),
            ("一级指标,分值\n三级指标\n", GB18030, 0)
        );
        let mut broken = gbk.into_owned();
        broken.insert(broken.len() - 3, 0xFF);
        let (_, _, bad) = decode(&broken);
        assert_eq!(bad, [(2, 20)]);
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("分值\t得分\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let (text, encoding, _) = decode(&utf16);
        assert_eq!(
            (text.as_str(), encoding),
            ("分值\t得分\n", encoding_rs::UTF_16LE)
        );
        assert_eq!(delimiter(&text), b'\t');
    }
}
