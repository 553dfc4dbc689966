//! The triage table (`jixiao check --summary OUT.xlsx|OUT.csv`): one row per checked sheet,
//! sorted so that the sheets that claimed most beyond their recomputed score come first.

use std::path::Path;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, Workbook};

use crate::diagnostic::{Pos, Severity};
use crate::engine::Report;
use crate::fsutil::{IoFailure, write_atomically};
use crate::lang::Text;
use crate::sheet::Sheet;

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

fn failed(e: impl std::fmt::Display) -> SummaryError {
    SummaryError(Text::new(
        format!("无法写出汇总表：{e}"),
        format!("cannot write the summary: {e}"),
    ))
}

fn dec(d: Option<Decimal>) -> String {
    d.map(|d| d.normalize().to_string()).unwrap_or_default()
}

/// Write the table as .xlsx (autofilter, frozen header) or .csv (UTF-8 with a BOM, so that
/// Excel opens it as UTF-8), by the extension of `path`.
pub fn write(rows: &[SummaryRow], path: &Path) -> Result<(), SummaryError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "csv" => write_atomically(path, |tmp| write_csv(rows, tmp)),
        "xlsx" => write_atomically(path, |tmp| write_xlsx(rows, tmp)),
        _ => Err(SummaryError(Text::new(
            "汇总表应以 .xlsx 或 .csv 结尾",
            "the summary must end in .xlsx or .csv",
        ))),
    }
}

fn cells(r: &SummaryRow) -> [String; 13] {
    [
        r.file.clone(),
        r.worksheet.clone(),
        r.entity.clone(),
        r.project.clone(),
        r.year.map_or_else(String::new, |y| y.to_string()),
        r.scheme.clone(),
        dec(r.claimed),
        dec(r.computed),
        dec(r.difference),
        r.grade.clone(),
        r.errors.to_string(),
        r.warnings.to_string(),
        r.top_checks.clone(),
    ]
}

fn write_csv(rows: &[SummaryRow], path: &Path) -> Result<(), SummaryError> {
    let mut file = std::fs::File::create(path).map_err(failed)?;
    std::io::Write::write_all(&mut file, "\u{FEFF}".as_bytes()).map_err(failed)?;
    let mut w = csv::Writer::from_writer(file);
    w.write_record(HEADINGS).map_err(failed)?;
    for r in rows {
        w.write_record(cells(r)).map_err(failed)?;
    }
    w.flush().map_err(failed)
}

fn write_xlsx(rows: &[SummaryRow], path: &Path) -> Result<(), SummaryError> {
    let mut book = Workbook::new();
    book.set_properties(&super::mark::properties("summary"));
    let ws = book.add_worksheet();
    ws.set_name("汇总").map_err(failed)?;
    let bold = Format::new().set_bold();
    for (c, h) in HEADINGS.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)
            .map_err(failed)?;
    }
    // Scores and counts are numbers, so that the reviewer can sort and filter them.
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
                None => ws.write_string(at, c as u16, text).map(|_| ()),
            }
            .map_err(failed)?;
        }
    }
    let last = u32::try_from(rows.len()).unwrap_or(u32::MAX);
    ws.autofilter(0, 0, last, (HEADINGS.len() - 1) as u16)
        .map_err(failed)?;
    ws.set_freeze_panes(1, 0).map_err(failed)?;
    for (c, width) in [36, 12, 28, 28, 6, 22, 9, 9, 9, 6, 6, 6, 48]
        .iter()
        .enumerate()
    {
        ws.set_column_width(c as u16, *width).map_err(failed)?;
    }
    book.save(path).map_err(failed)
}
