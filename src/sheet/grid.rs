//! A worksheet as a person sees it: cells by (row, column) holding the text each cell shows,
//! the merged ranges, and where each cell is in its file.
//!
//! Workbooks (`workbook.rs`), CSV files (`csv.rs`) and the tables of documents are all read
//! into a [`Grid`], so that the layout recognition (`layout/`) knows one shape only. Numbers become the shortest decimal text
//! that names them, without binary-float noise; a percent-formatted number shows as a percentage;
//! a typed date as `YYYY-MM-DD`. What a cell was typed as is kept beside its text, so that a
//! reader can warn where a date or a formula took the place of text. Rows and columns are
//! 0-based here and 1-based in A1 references.

use std::str::FromStr;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::diagnostic::Pos;

/// What a cell held, beside the text it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    /// Text, as typed (also a number stored as text).
    Text,
    /// A number, shown as its shortest exact decimal.
    Number,
    /// A number with a percent format: 0.95 shows as `95%`.
    Percent,
    /// A number whose number format could not be read: shown as a plain number, as which a
    /// percentage (`1` for 100%) or a date would be wrong.
    UnknownFormat,
    /// TRUE or FALSE.
    Bool,
    /// A date or time typed as one, shown as `YYYY-MM-DD` (with `HH:MM:SS` when it has a time).
    Date,
    /// An error value such as `#DIV/0!`, usually a formula's.
    Error,
    /// A formula whose result was never saved in the file: the cell shows nothing.
    UncachedFormula,
}

/// One non-empty cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    pub kind: CellKind,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            kind: CellKind::Text,
        }
    }
}

/// A merged range, first and last cells included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub first: (u32, u32),
    pub last: (u32, u32),
}

impl Merge {
    pub fn contains(&self, row: u32, col: u32) -> bool {
        (self.first.0..=self.last.0).contains(&row) && (self.first.1..=self.last.1).contains(&col)
    }
}

/// One worksheet: its name, non-empty cells row by row, and merged ranges.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    name: Arc<str>,
    /// Non-empty rows sorted by row number; each holds its cells sorted by column.
    rows: Vec<(u32, Vec<(u32, Cell)>)>,
    /// Cells set out of order, until [`Grid::finish`] puts them in `rows`.
    late: Vec<(u32, u32, Cell)>,
    merges: Vec<Merge>,
    cells: usize,
    /// In a document's table, the paragraphs put in the rows above it: each one's number
    /// among the paragraphs of the document's body, which is where it is shown.
    paragraphs: Vec<u32>,
}

/// The worksheet name under which a document's paragraphs outside its tables are shown:
/// `正文!A3` is the body's third paragraph.
pub const BODY: &str = "正文";

impl Grid {
    /// An empty worksheet whose cells are named by A1 references.
    pub fn new(name: impl Into<Arc<str>>) -> Self {
        Self {
            name: name.into(),
            rows: Vec::new(),
            late: Vec::new(),
            merges: Vec::new(),
            cells: 0,
            paragraphs: Vec::new(),
        }
    }

    /// An empty grid for a document's table named `name`, whose first rows will hold the
    /// paragraphs numbered `paragraphs` (1-based, among the body's paragraphs) and the rest the
    /// table: a table cell is named from the table's first row, a paragraph as on [`BODY`].
    pub fn below_paragraphs(name: impl Into<Arc<str>>, paragraphs: Vec<u32>) -> Self {
        Self {
            paragraphs,
            ..Self::new(name)
        }
    }

    /// The worksheet's name (for CSV, the file's name).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Put a cell; an empty text of a plain kind is left out, as the cell shows nothing. A cell
    /// set again keeps its later text. Readers go top to bottom and left to right, so a cell
    /// usually comes after the last one; any other is kept aside until [`Grid::finish`], which
    /// a reader calls before the grid is looked at, so that no order of cells in a file costs
    /// more than sorting them.
    pub fn set(&mut self, row: u32, col: u32, cell: Cell) {
        if cell.text.is_empty() && cell.kind != CellKind::UncachedFormula {
            return;
        }
        match self.rows.last_mut() {
            Some((last, cells)) if *last == row && cells.last().is_none_or(|(c, _)| *c < col) => {
                cells.push((col, cell));
            }
            Some((last, _)) if *last >= row => {
                self.late.push((row, col, cell));
                return;
            }
            _ => self.rows.push((row, vec![(col, cell)])),
        }
        self.cells += 1;
    }

    /// Put the cells set out of order in their places.
    pub fn finish(&mut self) {
        if self.late.is_empty() {
            return;
        }
        let mut all: Vec<(u32, u32, Cell)> = std::mem::take(&mut self.rows)
            .into_iter()
            .flat_map(|(r, cells)| cells.into_iter().map(move |(c, cell)| (r, c, cell)))
            .collect();
        all.append(&mut self.late);
        // Stable: of two cells at one place, the one set later stays after, and wins.
        all.sort_by_key(|(r, c, _)| (*r, *c));
        for (r, c, cell) in all {
            match self.rows.last_mut() {
                Some((last, cells)) if *last == r => match cells.last_mut() {
                    Some((at, kept)) if *at == c => *kept = cell,
                    _ => cells.push((c, cell)),
                },
                _ => self.rows.push((r, vec![(c, cell)])),
            }
        }
        self.cells = self.rows.iter().map(|(_, cells)| cells.len()).sum();
    }

    pub fn add_merge(&mut self, merge: Merge) {
        self.merges.push(merge);
    }

    /// How many non-empty cells the grid holds.
    pub fn len(&self) -> usize {
        self.cells
    }

    pub fn is_empty(&self) -> bool {
        self.cells == 0
    }

    pub fn get(&self, row: u32, col: u32) -> Option<&Cell> {
        let cells = self.row(row);
        cells
            .binary_search_by_key(&col, |(c, _)| *c)
            .ok()
            .map(|i| &cells[i].1)
    }

    /// The text a cell shows ("" when empty).
    pub fn text(&self, row: u32, col: u32) -> &str {
        self.get(row, col).map_or("", |c| c.text.as_str())
    }

    /// The non-empty rows in order, each with its cells in column order.
    pub fn rows(&self) -> impl Iterator<Item = (u32, &[(u32, Cell)])> {
        debug_assert!(
            self.late.is_empty(),
            "a grid is looked at before it is finished"
        );
        self.rows.iter().map(|(r, cells)| (*r, cells.as_slice()))
    }

    /// The cells of one row in column order (empty when the row is).
    pub fn row(&self, row: u32) -> &[(u32, Cell)] {
        debug_assert!(
            self.late.is_empty(),
            "a grid is looked at before it is finished"
        );
        match self.rows.binary_search_by_key(&row, |(r, _)| *r) {
            Ok(i) => &self.rows[i].1,
            Err(_) => &[],
        }
    }

    /// The last row and column holding anything, or `None` when the grid is empty.
    pub fn extent(&self) -> Option<(u32, u32)> {
        let last_row = self.rows.last()?.0;
        let last_col = self
            .rows
            .iter()
            .filter_map(|(_, cells)| cells.last().map(|(c, _)| *c))
            .max()?;
        Some((last_row, last_col))
    }

    pub fn merges(&self) -> &[Merge] {
        &self.merges
    }

    /// The merged range covering a cell, if any.
    pub fn merge_at(&self, row: u32, col: u32) -> Option<&Merge> {
        self.merges.iter().find(|m| m.contains(row, col))
    }

    /// The text a cell shows, looking through a merge to its top-left cell, where a merged
    /// range keeps its value; with the cell the text is in.
    pub fn shown(&self, row: u32, col: u32) -> (&str, (u32, u32)) {
        match self.get(row, col) {
            Some(cell) => (&cell.text, (row, col)),
            None => match self.merge_at(row, col) {
                Some(m) => (self.text(m.first.0, m.first.1), m.first),
                None => ("", (row, col)),
            },
        }
    }

    /// Where a cell is, for findings.
    pub fn pos(&self, row: u32, col: u32) -> Pos {
        let above = usize::try_from(row)
            .ok()
            .and_then(|r| self.paragraphs.get(r));
        match above {
            Some(&number) => Pos::Cell {
                sheet: Arc::from(BODY),
                row: number.saturating_sub(1),
                col: 0,
            },
            None => Pos::Cell {
                sheet: Arc::clone(&self.name),
                row: row.saturating_sub(u32::try_from(self.paragraphs.len()).unwrap_or(0)),
                col,
            },
        }
    }
}

/// Excel keeps 15 significant digits; a stored double's further digits are binary noise
/// (`0.1 + 0.2` saved as `0.30000000000000004`).
const SIGNIFICANT_DIGITS: u32 = 15;

/// A number as the shortest exact decimal text that names it, with at most 15 significant
/// digits: Rust prints an `f64` as the shortest text that reads back to the same double (no
/// exponent), which is then read as a `Decimal` and rounded to Excel's precision. A text of at
/// most 15 digits needs no rounding and is already that decimal's shortest form, as the
/// `Decimal` would print it, so it is kept as printed: most cells hold such numbers.
pub fn number_text(value: f64) -> String {
    let shortest = format!("{value}");
    if is_plain_decimal(&shortest) {
        return shortest;
    }
    match exact(value) {
        Some(d) => d.to_string(),
        None => shortest,
    }
}

/// Whether a number as written in a file is already what [`number_text`] makes of the double it
/// reads as, so that it can be kept without reading it: a plain decimal of at most 15
/// significant digits, without a sign other than `-`, leading zeros, trailing zeros after its
/// point or a bare point. Two such decimals never read as the same double (a double holds 15
/// digits), so the shortest text of the double read is the decimal itself.
pub fn is_number_text(text: &str) -> bool {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((_, "")) => return false,
        Some((whole, fraction)) => (whole, fraction),
        None => (unsigned, ""),
    };
    let padded = (whole.len() > 1 && whole.starts_with('0')) || fraction.ends_with('0');
    !padded && is_plain_decimal(text)
}

/// Whether a printed `f64` is a decimal of at most 15 digits after its leading zeros and at
/// most 28 after its point (a `Decimal`'s scale), other than `-0`.
fn is_plain_decimal(text: &str) -> bool {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !(fraction.is_empty() || digits(fraction)) || fraction.len() > 28 {
        return false;
    }
    let significant = unsigned
        .bytes()
        .filter(u8::is_ascii_digit)
        .skip_while(|&b| b == b'0')
        .count();
    significant <= SIGNIFICANT_DIGITS as usize && (significant > 0 || !text.starts_with('-'))
}

/// A percent-formatted number as shown: the value × 100, exactly, then `%`. Trailing zeros are
/// added up to the format's decimals (`0.00%` shows 0.819 as `81.90%`), but digits are never
/// rounded away: the text keeps the value the workbook computes with.
pub fn percent_text(value: f64, decimals: u32) -> String {
    let Some(mut d) = exact(value).and_then(|d| d.checked_mul(Decimal::ONE_HUNDRED)) else {
        return format!("{}%", value * 100.0);
    };
    d = d.normalize();
    if d.scale() < decimals {
        d.rescale(decimals);
    }
    format!("{d}%")
}

fn exact(value: f64) -> Option<Decimal> {
    if !value.is_finite() {
        return None;
    }
    let d = Decimal::from_str(&format!("{value}")).ok()?;
    Some(d.round_sf(SIGNIFICANT_DIGITS).unwrap_or(d).normalize())
}

/// The decimals a number format shows a percentage with, or `None` when it is no percent
/// format. Only the first section counts (the one for positive numbers), and only a `%` that
/// is neither quoted nor escaped scales the value.
pub fn percent_decimals(format: &str) -> Option<u32> {
    let mut in_quotes = false;
    let mut escaped = false;
    let mut after_point = false;
    let mut decimals = 0;
    let mut percent = false;
    for c in format.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '"' => in_quotes = !in_quotes,
            _ if in_quotes => {}
            '\\' | '_' | '*' => escaped = true,
            ';' => break,
            '.' => after_point = true,
            '0' | '#' | '?' if after_point => decimals += 1,
            '%' => percent = true,
            _ => {}
        }
    }
    percent.then_some(decimals)
}

/// What a number format makes of a serial number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Serial {
    /// A date or a time of day (`yyyy-mm-dd`, `h:mm AM/PM`).
    Date,
    /// An elapsed time (`[h]:mm:ss`).
    Duration,
}

/// Whether a number format shows a date or an elapsed time, as calamine decides it: in the
/// first section, outside quotes, escapes and brackets, a `y`, `m`, `d`, `h` or `s` makes a
/// date (after an `A`, only `AM/PM` or `A/P` does); a bracket holding one of `h`, `m` or `s`,
/// repeated, makes an elapsed time. `[Red]`, `[$-804]` and `[DBNum1]` are neither.
pub fn serial_format(format: &str) -> Option<Serial> {
    let mut escaped = false;
    let mut in_quotes = false;
    let mut brackets = 0u32;
    let mut am_pm = false;
    // Inside a bracket, whether what follows `[` so far is one repeated h, m or s.
    let mut elapsed = false;
    let mut prev = ' ';
    for c in format.chars() {
        if escaped {
            escaped = false;
        } else {
            match c {
                '_' | '\\' | '*' => escaped = true,
                '"' => in_quotes = !in_quotes,
                _ if in_quotes => {}
                ';' => return None,
                '[' => brackets = brackets.saturating_add(1),
                ']' if brackets == 1 && elapsed => return Some(Serial::Duration),
                ']' => brackets = brackets.saturating_sub(1),
                'a' | 'A' if brackets == 0 && !am_pm => am_pm = true,
                'p' | 'P' | 'm' | 'M' | '/' if brackets == 0 && am_pm => return Some(Serial::Date),
                'y' | 'Y' | 'm' | 'M' | 'd' | 'D' | 'h' | 'H' | 's' | 'S'
                    if brackets == 0 && !am_pm =>
                {
                    return Some(Serial::Date);
                }
                _ => {
                    elapsed = (elapsed && c.eq_ignore_ascii_case(&prev))
                        || (prev == '[' && matches!(c, 'h' | 'H' | 'm' | 'M' | 's' | 'S'));
                }
            }
        }
        prev = c;
    }
    None
}

/// An Excel serial date as `YYYY-MM-DD`, with `HH:MM:SS` when it has a time of day. The 1900
/// system counts from 1899-12-30 and keeps Lotus's phantom 1900-02-29 (serial 60); the 1904
/// system counts from 1904-01-01.
pub fn date_text(serial: f64, is_1904: bool) -> String {
    if !serial.is_finite() || !(0.0..3_000_000.0).contains(&serial) {
        return number_text(serial);
    }
    let mut days = serial.trunc() as i64;
    let seconds = ((serial - serial.trunc()) * 86_400.0).round() as i64;
    let (days_add, seconds) = (seconds / 86_400, seconds % 86_400);
    days += days_add;
    let (y, m, d) = if is_1904 {
        civil(days + days_from_civil(1904, 1, 1))
    } else if days == 60 {
        (1900, 2, 29)
    } else {
        let shift = if days < 60 { 1 } else { 0 };
        civil(days + shift + days_from_civil(1899, 12, 30))
    };
    let date = format!("{y:04}-{m:02}-{d:02}");
    if seconds == 0 {
        date
    } else {
        let (h, rest) = (seconds / 3600, seconds % 3600);
        format!("{date} {h:02}:{:02}:{:02}", rest / 60, rest % 60)
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01.
fn civil(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reading through a `Decimal` that [`number_text`] skips for plain texts.
    fn through_decimal(value: f64) -> String {
        match exact(value) {
            Some(d) => d.to_string(),
            None => format!("{value}"),
        }
    }

    #[test]
    fn plain_numbers_read_as_through_a_decimal() {
        let mut values = vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            10.0,
            0.5,
            14988.39,
            1505.6,
            -0.11,
            0.1 + 0.2,
            1e15,
            1e16,
            123456789012345.0,
            1234567890123456.0,
            0.000001,
            1e-20,
            1e-28,
            1e-29,
            1e-300,
            1e28,
            1e29,
            1e300,
            2022.0,
            81.9,
            0.819,
            99.99,
            f64::MAX,
            f64::MIN_POSITIVE,
        ];
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let value = f64::from_bits(x);
            if value.is_finite() {
                values.push(value);
            }
            values.push((x % 10_000_000) as f64 / 100.0);
            values.push((x % 1000) as f64 / 7.0);
        }
        for value in values {
            assert_eq!(number_text(value), through_decimal(value), "{value:?}");
        }
    }

    #[test]
    fn cells_set_in_any_order_are_sorted_and_the_later_wins() {
        let mut grid = Grid::new("s");
        for (row, col, text) in [
            (2, 1, "c"),
            (0, 5, "b"),
            (2, 0, "a"),
            (0, 5, "B"),
            (2, 3, "d"),
        ] {
            grid.set(row, col, Cell::text(text));
        }
        grid.set(1, 0, Cell::text(""));
        grid.finish();
        let cells: Vec<(u32, u32, &str)> = grid
            .rows()
            .flat_map(|(r, cells)| {
                cells
                    .iter()
                    .map(move |(c, cell)| (r, *c, cell.text.as_str()))
            })
            .collect();
        assert_eq!(cells, [(0, 5, "B"), (2, 0, "a"), (2, 1, "c"), (2, 3, "d")]);
        assert_eq!(grid.len(), 4);
        assert_eq!(grid.text(2, 0), "a");
        assert_eq!(grid.extent(), Some((2, 5)));
    }

    #[test]
    fn cells_in_reverse_order_cost_a_sort() {
        // Inserting each in place would move every cell after it: hours for a hostile file
        // listing two million cells backwards.
        let mut grid = Grid::new("s");
        for i in (0..200_000u32).rev() {
            grid.set(i / 2, 1 - i % 2, Cell::text("x"));
        }
        grid.finish();
        assert_eq!(grid.len(), 200_000);
        assert_eq!(grid.rows().count(), 100_000);
        assert!(
            grid.rows()
                .all(|(_, cells)| cells.len() == 2 && cells[0].0 == 0)
        );
    }

    #[test]
    fn numbers_written_as_they_show_are_kept() {
        for text in [
            "0",
            "10",
            "-0.11",
            "14988.39",
            "0.000001",
            "123456789012345",
            "2022",
        ] {
            assert!(is_number_text(text), "{text}");
        }
        for text in [
            "-0",
            "+1",
            "01",
            "1.50",
            "1.",
            ".5",
            "1e5",
            "1234567890123456",
            "",
            "-",
        ] {
            assert!(!is_number_text(text), "{text}");
        }
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let digits = (x % 1_000_000_000_000_000).to_string();
            let point = usize::try_from(x >> 59).unwrap_or(0) % (digits.len() + 1);
            let sign = if x & 1 == 1 { "-" } else { "" };
            let text = match point {
                0 => format!("{sign}{digits}"),
                p => format!("{sign}{}.{}", &digits[..p], &digits[p..]),
            };
            let Ok(value) = text.parse::<f64>() else {
                continue;
            };
            if is_number_text(&text) {
                assert_eq!(number_text(value), text);
            }
        }
    }

    #[test]
    fn numbers_without_float_noise() {
        assert_eq!(number_text(14988.39), "14988.39");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(1505.6), "1505.6");
        assert_eq!(number_text(10.0), "10");
        assert_eq!(number_text(-0.11), "-0.11");
        assert_eq!(number_text(1e20), "100000000000000000000");
        assert_eq!(number_text(f64::NAN), "NaN");
    }

    #[test]
    fn percentages() {
        assert_eq!(percent_text(0.819, 1), "81.9%");
        assert_eq!(percent_text(0.819, 2), "81.90%");
        assert_eq!(percent_text(0.95, 0), "95%");
        assert_eq!(percent_text(0.8189, 1), "81.89%");
        assert_eq!(percent_text(0.0, 0), "0%");
        assert_eq!(percent_decimals("0.0%"), Some(1));
        assert_eq!(percent_decimals("0.00%"), Some(2));
        assert_eq!(percent_decimals("#,##0%"), Some(0));
        assert_eq!(percent_decimals("0\"%\""), None);
        assert_eq!(percent_decimals("0\\%"), None);
        assert_eq!(percent_decimals("General"), None);
        assert_eq!(percent_decimals("0.00;[Red]-0.00%"), None);
    }

    #[test]
    fn date_formats() {
        let date = Some(Serial::Date);
        assert_eq!(serial_format("yyyy-mm-dd"), date);
        assert_eq!(serial_format("yyyy\"年\"m\"月\"d\"日\""), date);
        assert_eq!(serial_format("[$-804]yyyy年m月d日"), date);
        assert_eq!(serial_format("h:mm AM/PM"), date);
        assert_eq!(serial_format("H:MM:SS;@"), date);
        assert_eq!(serial_format("[h]:mm:ss"), Some(Serial::Duration));
        assert_eq!(serial_format("[mm]:ss"), Some(Serial::Duration));
        assert_eq!(serial_format("General"), None);
        assert_eq!(serial_format("0.00%"), None);
        assert_eq!(serial_format("[Red]0.00"), None);
        assert_eq!(serial_format("#,##0\\ [$\\u20bd-46D]"), None);
        assert_eq!(serial_format("\"Y: \"0.00\"m\";\"Y: \"-0.00\"m\""), None);
        assert_eq!(serial_format("0\\d"), None);
        assert_eq!(serial_format("0_m"), None);
    }

    #[test]
    fn dates() {
        assert_eq!(date_text(44742.0, false), "2022-06-30");
        assert_eq!(date_text(1.0, false), "1900-01-01");
        assert_eq!(date_text(60.0, false), "1900-02-29");
        assert_eq!(date_text(61.0, false), "1900-03-01");
        assert_eq!(date_text(43280.0, true), "2022-06-30");
        assert_eq!(date_text(44742.5, false), "2022-06-30 12:00:00");
    }
}
