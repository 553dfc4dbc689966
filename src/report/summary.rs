//! The triage table (`jixiao check --summary OUT.xlsx|OUT.csv`): one row per checked sheet,
//! sorted so that the sheets that claimed most beyond their recomputed score come first.

use std::borrow::Cow;
use std::io::Write;
use std::path::Path;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, Workbook};

use crate::diagnostic::{Pos, Severity};
use crate::engine::Report;
use crate::fsutil::{IoFailure, write_bytes, write_file};
use crate::lang::Text;
use crate::sheet::{EXCEL_CELL_UNITS, Sheet, excel_text};

/// One sheet's line in the triage table.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryRow {
    pub file: String,
    pub worksheet: String,
    pub entity: String,
    pub project: String,
    /// `None` when the sheet names no year.
    pub year: Option<i32>,
    pub scheme: String,
    pub claimed: Option<Decimal>,
    /// `None` when the sheet cannot be scored.
    pub computed: Option<Decimal>,
    /// computed − claimed: negative when the sheet claimed more than it earns.
    pub difference: Option<Decimal>,
    pub grade: String,
    pub errors: usize,
    pub warnings: usize,
    /// The three most frequent checks, as "rule×count".
    pub top_checks: String,
}

impl SummaryRow {
    pub fn new(sheet: &Sheet, report: &Report) -> Self {
        let worksheet = match &sheet.kind.pos {
            Pos::Cell { sheet, .. } => sheet.to_string(),
            _ => String::new(),
        };
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for f in &report.findings {
            match counts.iter_mut().find(|(r, _)| *r == f.rule) {
                Some((_, n)) => *n += 1,
                None => counts.push((&f.rule, 1)),
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let top_checks = counts
            .iter()
            .take(3)
            .map(|(r, n)| format!("{r}×{n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let text = |f: &Option<crate::sheet::Field<String>>| {
            f.as_ref().map(|f| f.value.clone()).unwrap_or_default()
        };
        Self {
            file: report.sheet.path.to_string(),
            worksheet,
            entity: text(&sheet.entity),
            project: text(&sheet.project),
            year: sheet.year.as_ref().map(|y| y.value),
            scheme: report.scheme_id.clone(),
            claimed: report.total.claimed,
            computed: report.total.counted(),
            difference: report
                .total
                .claimed
                .zip(report.total.counted())
                .and_then(|(c, t)| t.checked_sub(c)),
            grade: report.total.grade.clone().unwrap_or_default(),
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            top_checks,
        }
    }
}

/// The heading row, which also marks a CSV triage table as jixiao's (`mark.rs`).
pub(super) const HEADINGS: [&str; 13] = [
    "文件",
    "工作表",
    "单位",
    "项目",
    "年度",
    "评分方案",
    "自评总分",
    "复核总分",
    "差额",
    "等级",
    "错误",
    "警告",
    "主要问题",
];

/// Most negative difference first (claimed far above what the sheet earns), then by file.
pub fn sort(rows: &mut [SummaryRow]) {
    rows.sort_by(|a, b| {
        a.difference
            .unwrap_or(Decimal::MAX)
            .cmp(&b.difference.unwrap_or(Decimal::MAX))
            .then_with(|| a.file.cmp(&b.file))
            .then_with(|| a.worksheet.cmp(&b.worksheet))
    });
}

/// Why the table could not be written.
#[derive(Debug)]
pub struct SummaryError(pub Text);

impl From<IoFailure> for SummaryError {
    fn from(e: IoFailure) -> Self {
        Self(e.0)
    }
}

/// The table could not be made (not written): a text past Excel's limits.
fn failed(error: &rust_xlsxwriter::XlsxError) -> SummaryError {
    let reason = match error {
        rust_xlsxwriter::XlsxError::IoError(e) => crate::fsutil::io_reason(e),
        _ => Text::new(
            "内容超出 Excel 工作簿的限制",
            "the content is beyond what an Excel workbook holds",
        ),
    };
    SummaryError(Text::new(
        format!("无法生成汇总表：{}", reason.zh),
        format!("cannot build the summary: {}", reason.en),
    ))
}

fn dec(d: Option<Decimal>) -> String {
    d.map(crate::numfmt::plain).unwrap_or_default()
}

/// Write the table as .xlsx (autofilter, frozen header) or .csv (UTF-8 with a BOM, so that
/// Excel opens it as UTF-8), by the extension of `path`, through [`crate::fsutil::write_file`].
pub fn write(rows: &[SummaryRow], path: &Path) -> Result<(), SummaryError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "csv" => Ok(write_file(path, |out| write_csv(rows, out))?),
        "xlsx" => Ok(write_bytes(path, &xlsx(rows)?)?),
        _ => Err(SummaryError(Text::new(
            "汇总表应以 .xlsx 或 .csv 结尾",
            "the summary must end in .xlsx or .csv",
        ))),
    }
}

/// A CSV field that a spreadsheet cannot take for a formula: one starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return gets a leading `'` (OWASP's rule for CSV injection),
/// except a plain number such as `-8.5`.
pub fn neutralised(field: &str) -> Cow<'_, str> {
    let risky = field.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_plain_number(field) {
        Cow::Owned(format!("'{field}"))
    } else {
        Cow::Borrowed(field)
    }
}

/// `-8.5`, `+3`, `12`: a sign, digits, at most one point with digits after it.
fn is_plain_number(text: &str) -> bool {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "1"));
    !whole.is_empty()
        && !fraction.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// The row's fields, texts with control characters and bidi overrides shown visibly.
fn cells(r: &SummaryRow) -> [String; 13] {
    let text = |t: &str| super::escape::visible(t).into_owned();
    [
        text(&r.file),
        text(&r.worksheet),
        text(&r.entity),
        text(&r.project),
        r.year.map_or_else(String::new, |y| y.to_string()),
        text(&r.scheme),
        dec(r.claimed),
        dec(r.computed),
        dec(r.difference),
        text(&r.grade),
        r.errors.to_string(),
        r.warnings.to_string(),
        text(&r.top_checks),
    ]
}

fn write_csv(rows: &[SummaryRow], out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all("\u{FEFF}".as_bytes())?;
    let mut w = csv::Writer::from_writer(out);
    w.write_record(HEADINGS)?;
    for r in rows {
        w.write_record(cells(r).iter().map(|c| neutralised(c).into_owned()))?;
    }
    w.flush()
}

fn xlsx(rows: &[SummaryRow]) -> Result<Vec<u8>, SummaryError> {
    let mut book = Workbook::new();
    book.set_properties(&super::mark::properties("summary"));
    let ws = book.add_worksheet();
    ws.set_name("汇总").map_err(|e| failed(&e))?;
    let bold = Format::new().set_bold();
    for (c, h) in HEADINGS.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)
            .map_err(|e| failed(&e))?;
    }
    // Scores and counts are numbers, so that the reviewer can sort and filter them; every
    // other field is a string cell, never a formula.
    let numeric = [4, 6, 7, 8, 10, 11];
    for (i, r) in rows.iter().enumerate() {
        let at = u32::try_from(i + 1).unwrap_or(u32::MAX);
        for (c, text) in cells(r).iter().enumerate() {
            let number = numeric
                .contains(&c)
                .then(|| text.parse::<Decimal>().ok())
                .flatten()
                .and_then(|d| d.to_f64());
            match number {
                Some(n) => ws.write_number(at, c as u16, n).map(|_| ()),
                None => ws
                    .write_string(at, c as u16, excel_text(text, EXCEL_CELL_UNITS))
                    .map(|_| ()),
            }
            .map_err(|e| failed(&e))?;
        }
    }
    let last = u32::try_from(rows.len()).unwrap_or(u32::MAX);
    ws.autofilter(0, 0, last, (HEADINGS.len() - 1) as u16)
        .map_err(|e| failed(&e))?;
    ws.set_freeze_panes(1, 0).map_err(|e| failed(&e))?;
    for (c, width) in [36, 12, 28, 28, 6, 22, 9, 9, 9, 6, 6, 6, 48]
        .iter()
        .enumerate()
    {
        ws.set_column_width(c as u16, *width)
            .map_err(|e| failed(&e))?;
    }
    book.save_to_buffer().map_err(|e| failed(&e))
}

#[cfg(test)]
mod tests {
    use super::neutralised;

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        for (field, shown) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1+1", "'+1+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("-8.5", "-8.5"),
            ("+3", "+3"),
            ("12", "12"),
            ("-", "'-"),
            ("河南省", "河南省"),
        ] {
            assert_eq!(neutralised(field), shown);
        }
    }
}
