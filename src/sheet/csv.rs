//! CSV files into a grid: the encoding found, the text decoded, the fields parsed with the
//! `csv` crate, and every field's line and column kept.
//!
//! Excel saves a worksheet as CSV in the system's code page, which in China is GBK, so the
//! encoding is found, not assumed: a byte-order mark (UTF-8, UTF-16), else valid UTF-8, else
//! GB18030 (a superset of GBK). Bytes GB18030 cannot decode are replaced and noted as a warning
//! naming their line. Excel's "Unicode text" is UTF-16 with tabs, so the delimiter is a tab when
//! the first lines hold more tabs than commas.
//!
//! Positions are text positions (line, character column, byte offset) into the decoded text,
//! which becomes the finding's source, so a finding shows the CSV line itself: a CSV file has
//! no cell references of its own, and sheet-format.md promises CSV the line and column. A
//! quoted field with doubled quotes is not its value verbatim; the file's source map says where
//! each part of it was read from, for findings about part of a cell.

use std::sync::Arc;

use encoding_rs::{Encoding, GB18030, UTF_8};

use super::grid::{Cell, Grid, TextAt};
use super::read::{ReadError, file_finding};
use crate::diagnostic::{Finding, Pos, Severity, SourceFile};
use crate::lang::Text;
use crate::limits::{MAX_CELL_CHARS, MAX_CELLS, MAX_COLUMNS, MAX_CSV_FIELDS, MAX_ROWS};
use crate::source_map::{SourceMap, ValueMap};

/// A CSV file read: its decoded text as the source, its grid, and notes about decoding.
pub(super) struct CsvText {
    pub file: Arc<SourceFile>,
    pub grid: Grid,
    pub notes: Vec<Finding>,
}

/// Decode and parse a CSV file.
pub(super) fn read(path: &str, bytes: Vec<u8>) -> Result<CsvText, ReadError> {
    let (text, encoding, bad_lines) = decode(bytes);
    let name = std::path::Path::new(path)
        .file_stem()
        .map_or_else(|| path.to_owned(), |s| s.to_string_lossy().into_owned());
    let (grid, map) = parse(path, &name, &text)?;
    let file = SourceFile::mapped(path, text, map);
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
fn decode(bytes: Vec<u8>) -> (String, &'static Encoding, Vec<(usize, usize)>) {
    if let Some((encoding, bom)) = Encoding::for_bom(&bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        let text = text.into_owned();
        // UTF-8 and UTF-16 mark undecodable sequences with U+FFFD, never a GBK byte's worth.
        let bad = lines_with(&text, '\u{FFFD}');
        return (text, encoding, bad);
    }
    // Valid UTF-8 becomes the text without a copy.
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => return (text, UTF_8, Vec::new()),
        Err(e) => e.into_bytes(),
    };
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

/// The grid of a CSV text, and where its quoted fields with doubled quotes were read from.
fn parse(path: &str, name: &str, text: &str) -> Result<(Grid, SourceMap), ReadError> {
    let file = || SourceFile::new(path, text);
    let delimiter = delimiter(text);
    // Every field costs its position while the file is parsed, an empty one too: a file of
    // nothing but commas is refused before the parser holds a field for each.
    let delimiters = memchr::memchr_iter(delimiter, text.as_bytes()).count();
    if delimiters >= MAX_CSV_FIELDS {
        return Err(too_many_fields(path));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows: Vec<(Vec<String>, usize, usize)> = Vec::new();
    let (mut cells, mut fields) = (0usize, 0usize);
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let start = record
                    .position()
                    .cloned()
                    .unwrap_or_else(csv::Position::new);
                cells += record.iter().filter(|f| !f.is_empty()).count();
                fields += record.len();
                if cells > MAX_CELLS {
                    return Err(too_many_cells(&file()));
                }
                if fields > MAX_CSV_FIELDS || rows.len() >= MAX_ROWS as usize {
                    return Err(too_many_fields(path));
                }
                let offset = usize::try_from(start.byte()).unwrap_or(usize::MAX);
                let line = usize::try_from(start.line()).unwrap_or(usize::MAX);
                if record.len() > MAX_COLUMNS as usize {
                    return Err(too_wide(&file(), offset));
                }
                if let Some(long) = record
                    .iter()
                    .position(|f| f.chars().count() > MAX_CELL_CHARS)
                {
                    let at = field_positions(text, offset, line, delimiter, long + 1)[long];
                    return Err(too_long(&file(), at.offset));
                }
                rows.push((record.iter().map(str::to_owned).collect(), offset, line));
            }
            Err(e) => return Err(malformed(&file(), &e)),
        }
    }
    let fields: Vec<Vec<TextAt>> = rows
        .iter()
        .map(|(values, offset, line)| {
            field_positions(text, *offset, *line, delimiter, values.len())
        })
        .collect();
    let mut map = SourceMap::default();
    for ((values, _, _), positions) in rows.iter().zip(&fields) {
        for (value, at) in values.iter().zip(positions) {
            let quoted = text.get(..at.offset).is_some_and(|t| t.ends_with('"'));
            if quoted && let Some(written) = quoted_field(&map, text, at.offset, value) {
                map.insert(at.offset, written);
            }
        }
    }
    let mut grid = Grid::from_text(name, fields);
    for (row, (values, _, _)) in rows.into_iter().enumerate() {
        let row = u32::try_from(row).map_err(|_| too_many_cells(&file()))?;
        for (col, value) in values.into_iter().enumerate() {
            let col = u32::try_from(col).map_err(|_| too_many_cells(&file()))?;
            grid.set(row, col, Cell::text(value));
        }
    }
    grid.finish();
    Ok((grid, map))
}

/// How the quoted field `value`, from byte `at` of `text` (after its opening quote), is
/// written there: `None` when verbatim. A doubled quote reads as one, the closing quote as
/// nothing (the `csv` crate keeps what follows it, up to the delimiter).
fn quoted_field(map: &SourceMap, text: &str, at: usize, value: &str) -> Option<ValueMap> {
    map.trace(value, 0, at, |b| {
        let mut i = at;
        while !b.rest().is_empty() {
            let rest = text.get(i..)?;
            if rest.starts_with("\"\"") {
                b.rewrite(i..i + 2, '"', 1)?;
                i += 2;
            } else if rest.starts_with('"') {
                b.rewrite(i..i + 1, '"', 0)?;
                i += 1;
            } else {
                let len = rest.chars().next()?.len_utf8();
                b.copy(text, i..i + len)?;
                i += len;
            }
        }
        Some(())
    })
}

/// Where each of a record's `count` fields starts (after an opening quote), then where the
/// record ends, by walking its raw text from `offset`, which starts line `line`: the `csv`
/// crate reports where a record starts, not its fields.
fn field_positions(
    text: &str,
    offset: usize,
    line: usize,
    delimiter: u8,
    count: usize,
) -> Vec<TextAt> {
    let bytes = text.as_bytes();
    let mut at = TextAt {
        line,
        column: 1,
        offset,
    };
    // Moves past one character, keeping line and column.
    let step = |at: &mut TextAt| {
        let Some(c) = text.get(at.offset..).and_then(|rest| rest.chars().next()) else {
            return;
        };
        at.offset += c.len_utf8();
        if c == '\n' {
            at.line += 1;
            at.column = 1;
        } else {
            at.column += 1;
        }
    };
    // The crate reports a record as starting after the previous one's `\r`: the `\n` that
    // ends that line, and any blank lines, come first.
    while matches!(bytes.get(at.offset), Some(b'\r' | b'\n')) {
        step(&mut at);
    }
    let mut positions = Vec::with_capacity(count + 1);
    for _ in 0..count {
        let quoted = bytes.get(at.offset) == Some(&b'"');
        if quoted {
            step(&mut at);
        }
        positions.push(at);
        if quoted {
            while let Some(&b) = bytes.get(at.offset) {
                step(&mut at);
                if b == b'"' {
                    if bytes.get(at.offset) == Some(&b'"') {
                        step(&mut at);
                    } else {
                        break;
                    }
                }
            }
        }
        while let Some(&b) = bytes.get(at.offset) {
            if b == delimiter || b == b'\r' || b == b'\n' {
                break;
            }
            step(&mut at);
        }
        if bytes.get(at.offset) == Some(&delimiter) {
            step(&mut at);
        }
    }
    positions.push(at);
    positions
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

fn too_long(file: &Arc<SourceFile>, offset: usize) -> ReadError {
    ReadError::one(file_finding(
        "sheet-syntax",
        file,
        Pos::at_offset(&file.text, offset),
        Text::new(
            format!("这个单元格超过 {MAX_CELL_CHARS} 个字符的上限（Excel 一个单元格的容量）"),
            format!(
                "this cell holds more than {MAX_CELL_CHARS} characters (what an Excel cell holds)"
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

    fn positions(text: &str) -> Vec<(usize, usize)> {
        field_positions(text, 0, 1, b',', 3)
            .iter()
            .map(|at| (at.line, at.column))
            .collect()
    }

    #[test]
    fn fields_are_found_in_the_raw_text() {
        assert_eq!(positions("a,bc,d\n"), [(1, 1), (1, 3), (1, 6), (1, 7)]);
        assert_eq!(
            positions("\"a,\"\"b\",,中文\r\n"),
            [(1, 2), (1, 9), (1, 10), (1, 12)]
        );
        assert_eq!(
            positions("\"多\n行\",x,y\n"),
            [(1, 2), (2, 4), (2, 6), (2, 7)]
        );
        assert_eq!(positions("\na,b,c\r\n"), [(2, 1), (2, 3), (2, 5), (2, 6)]);
    }

    #[test]
    fn encodings() {
        let (text, encoding, bad) = decode("一级指标,分值\n".as_bytes().to_vec());
        assert_eq!(
            (text.as_str(), encoding, bad.len()),
            ("一级指标,分值\n", UTF_8, 0)
        );
        let (gbk, _, _) = GB18030.encode("一级指标,分值\n三级指标\n");
        let (text, encoding, bad) = decode(gbk.to_vec());
        assert_eq!(
            (text.as_str(), encoding, bad.len()),
            ("一级指标,分值\n三级指标\n", GB18030, 0)
        );
        let mut broken = gbk.into_owned();
        broken.insert(broken.len() - 3, 0xFF);
        let (_, _, bad) = decode(broken);
        assert_eq!(bad, [(2, 20)]);
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("分值\t得分\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let (text, encoding, _) = decode(utf16);
        assert_eq!(
            (text.as_str(), encoding),
            ("分值\t得分\n", encoding_rs::UTF_16LE)
        );
        assert_eq!(delimiter(&text), b'\t');
    }
}
