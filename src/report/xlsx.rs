//! The annotated workbook (`jixiao check --annotate OUT.xlsx`): the indicator table as read,
//! with the computed score, the computed deviation and the findings beside each row; flagged
//! cells coloured by severity (Excel's Stop / Warning / Information colours) with a note
//! saying what is wrong and what to do; and a second worksheet, 复核明细, with the ledger and
//! the claimed-versus-computed totals. Text from the sheet is always written as text, so a
//! cell beginning with `=`, `+`, `-` or `@` can never become a formula. The input is never
//! touched: the workbook is written to a temporary file beside the output, then renamed.

use std::path::Path;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Color, Format, FormatBorder, Note, Workbook, Worksheet, XlsxError};

use crate::diagnostic::{Finding, Severity};
use crate::engine::{LedgerPlace, Report};
use crate::lang::{Lang, Text};
use crate::numfmt::{percent, plain};
use crate::sheet::{EXCEL_CELL_UNITS, Sheet, excel_text};

/// Why the annotated workbook could not be written.
#[derive(Debug)]
pub struct AnnotateError(pub Text);

impl std::fmt::Display for AnnotateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.zh)
    }
}

impl std::error::Error for AnnotateError {}

impl From<crate::fsutil::IoFailure> for AnnotateError {
    fn from(e: crate::fsutil::IoFailure) -> Self {
        Self(e.0)
    }
}

impl From<XlsxError> for AnnotateError {
    fn from(e: XlsxError) -> Self {
        let reason = match &e {
            XlsxError::IoError(e) => crate::fsutil::io_reason(e),
            _ => Text::new(
                "内容超出 Excel 工作簿的限制",
                "the content is beyond what an Excel workbook holds",
            ),
        };
        Self(Text::new(
            format!("无法生成复核工作簿：{}", reason.zh),
            format!("cannot build the annotated workbook: {}", reason.en),
        ))
    }
}

/// The columns of the annotated table: heading (zh, en) and the finding field they show.
const COLUMNS: &[(&str, &str, &str)] = &[
    ("序号", "No.", ""),
    ("一级指标", "Level 1", "level1"),
    ("二级指标", "Level 2", "level2"),
    ("三级指标", "Indicator", "name"),
    ("年度指标值", "Target", "target"),
    ("实际完成值", "Actual", "actual"),
    ("分值", "Weight", "weight"),
    ("得分（自评）", "Score (claimed)", "score"),
    ("偏差度（自评）", "Deviation (claimed)", "deviation"),
    ("偏差原因分析及改进措施", "Reason", "reason"),
    ("复核得分", "Score (recomputed)", ""),
    ("复核偏差度", "Deviation (recomputed)", ""),
    ("复核意见", "Findings", ""),
];

fn fill(severity: Severity) -> Color {
    match severity {
        Severity::Error => Color::RGB(0xFFC7CE),
        Severity::Warning => Color::RGB(0xFFEB9C),
        Severity::Info => Color::RGB(0xBDD7EE),
    }
}

fn cell_format(severity: Option<Severity>) -> Format {
    let base = Format::new().set_text_wrap().set_border(FormatBorder::Thin);
    match severity {
        Some(s) => base.set_background_color(fill(s)),
        None => base,
    }
}

/// Write the annotated workbook for the checked sheets to `path`: a 复核表 and a 复核明细
/// worksheet per sheet (numbered when there are several).
pub fn annotate(
    checked: &[(&Sheet, &Report)],
    lang: Lang,
    path: &Path,
) -> Result<(), AnnotateError> {
    let mut book = Workbook::new();
    book.set_properties(&super::mark::properties("annotated"));
    for (n, (sheet, report)) in checked.iter().enumerate() {
        let suffix = if checked.len() > 1 {
            (n + 1).to_string()
        } else {
            String::new()
        };
        let table = book.add_worksheet();
        table.set_name(format!("复核表{suffix}"))?;
        write_table(table, sheet, report, lang)?;
        let ledger = book.add_worksheet();
        ledger.set_name(format!("复核明细{suffix}"))?;
        write_ledger(ledger, report, lang)?;
    }
    let bytes = book.save_to_buffer()?;
    crate::fsutil::write_bytes(path, &bytes).map_err(AnnotateError::from)
}

/// A text as a cell holds it (see [`excel_text`]), control characters and bidi overrides
/// shown visibly (`\u{1b}`, `<U+202E>`), as on the terminal: a review copy must not reorder
/// or hide what the sheet says.
fn cell(text: &str) -> String {
    excel_text(&super::escape::visible_lines(text), EXCEL_CELL_UNITS).into_owned()
}

fn write_table(
    ws: &mut Worksheet,
    sheet: &Sheet,
    report: &Report,
    lang: Lang,
) -> Result<(), AnnotateError> {
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xD9D9D9));
    for (c, (zh, en, _)) in COLUMNS.iter().enumerate() {
        let title = if lang == Lang::Zh { zh } else { en };
        ws.write_string_with_format(0, col(c), *title, &head)?;
    }
    for (c, width) in [6, 12, 14, 28, 16, 14, 6, 10, 10, 24, 10, 12, 48]
        .iter()
        .enumerate()
    {
        ws.set_column_width(col(c), *width)?;
    }
    ws.set_freeze_panes(1, 0)?;
    for (i, (row, r)) in sheet.indicators.iter().zip(&report.rows).enumerate() {
        let at = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let findings: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.indicator == Some(i))
            .collect();
        let texts = [
            (i + 1).to_string(),
            row.level1.value.clone(),
            row.level2
                .as_ref()
                .map(|l| l.value.clone())
                .unwrap_or_default(),
            row.name.value.clone(),
            row.target.value.clone(),
            row.actual.value.clone(),
            row.weight
                .as_ref()
                .map(|w| plain(w.value))
                .unwrap_or_default(),
            row.score
                .as_ref()
                .map(|s| plain(s.value))
                .unwrap_or_default(),
            row.deviation
                .as_ref()
                .map(|d| d.value.clone())
                .unwrap_or_default(),
            row.reason
                .as_ref()
                .map(|d| d.value.clone())
                .unwrap_or_default(),
            plain(r.computed),
            r.deviation.map(percent).unwrap_or_default(),
            findings
                .iter()
                .map(|f| format!("[{}] {}", f.rule, f.message.get(lang)))
                .collect::<Vec<_>>()
                .join("\n"),
        ];
        // 分值, 得分 and 复核得分 go in as numbers so that a reviewer can sort and sum them.
        let numbers = [
            (6, row.weight.as_ref().map(|w| w.value)),
            (7, row.score.as_ref().map(|s| s.value)),
            (10, Some(r.computed)),
        ];
        for (c, text) in texts.iter().enumerate() {
            let field = COLUMNS[c].2;
            let here: Vec<&&Finding> = findings
                .iter()
                .filter(|f| !field.is_empty() && f.field.as_deref() == Some(field))
                .collect();
            let worst = here.iter().map(|f| f.severity).max();
            let worst = if c == COLUMNS.len() - 1 {
                findings.iter().map(|f| f.severity).max()
            } else {
                worst
            };
            let format = cell_format(worst);
            match numbers
                .iter()
                .find(|(n, _)| *n == c)
                .and_then(|(_, v)| v.and_then(|v| v.to_f64()))
            {
                Some(number) => {
                    ws.write_number_with_format(at, col(c), number, &format)?;
                }
                // write_string keeps "=…", "+…", "-…", "@…" as plain text: never a formula.
                None => {
                    ws.write_string_with_format(at, col(c), cell(text), &format)?;
                }
            }
            if !here.is_empty() {
                let body = here
                    .iter()
                    .map(|f| match lang {
                        Lang::Zh => format!("{}\n整改建议：{}", f.message.zh, f.help.zh),
                        Lang::En => format!("{}\nHelp: {}", f.message.en, f.help.en),
                    })
                    .collect::<Vec<_>>()
                    .join("\n\n");
                ws.insert_note(
                    at,
                    col(c),
                    // A note holds 54 units less than a cell.
                    &Note::new(excel_text(
                        &super::escape::visible_lines(&body),
                        EXCEL_CELL_UNITS - 54,
                    ))
                    .set_author("jixiao")
                    .set_width(400)
                    .set_height(160),
                )?;
            }
        }
    }
    Ok(())
}

fn write_ledger(ws: &mut Worksheet, report: &Report, lang: Lang) -> Result<(), AnnotateError> {
    let zh = lang == Lang::Zh;
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    ws.set_column_width(0, 14)?;
    ws.set_column_width(1, 90)?;
    ws.set_column_width(2, 10)?;
    let t = &report.total;
    let b = &report.budget;
    let opt = |d: Option<Decimal>| d.map(plain).unwrap_or_default();
    let summary: [(&str, &str, String); 7] = [
        ("自评总分", "claimed total", opt(t.claimed)),
        ("复核总分", "recomputed total", opt(t.counted())),
        (
            "差额",
            "difference",
            opt(t
                .claimed
                .zip(t.counted())
                .and_then(|(c, x)| x.checked_sub(c))),
        ),
        ("复核等级", "grade", t.grade.clone().unwrap_or_default()),
        (
            "执行率（填报 / 复核）",
            "rate (claimed / computed)",
            format!(
                "{} / {}",
                b.rate_claimed.map(percent).unwrap_or_default(),
                b.rate.map(percent).unwrap_or_default()
            ),
        ),
        (
            "预算执行得分（自评 / 复核）",
            "budget score (claimed / computed)",
            format!("{} / {}", opt(b.claimed), opt(b.computed)),
        ),
        ("评分方案", "scheme", report.scheme_id.clone()),
    ];
    let mut at = 0u32;
    for (k_zh, k_en, v) in summary {
        ws.write_string_with_format(at, 0, if zh { k_zh } else { k_en }, &bold)?;
        ws.write_string_with_format(at, 1, cell(&v), &wrap)?;
        at += 1;
    }
    at += 1;
    let head = [("行", "Row"), ("扣分明细", "Ledger"), ("扣分", "Lost")];
    for (c, (h_zh, h_en)) in head.iter().enumerate() {
        ws.write_string_with_format(at, col(c), if zh { *h_zh } else { *h_en }, &bold)?;
    }
    at += 1;
    let mut lost = Decimal::ZERO;
    for (place, line) in report.ledger() {
        let where_ = match (place, zh) {
            (LedgerPlace::Budget, true) => "预算执行".to_string(),
            (LedgerPlace::Budget, false) => "budget".to_string(),
            (LedgerPlace::Total, true) => "总分".to_string(),
            (LedgerPlace::Total, false) => "total".to_string(),
            (LedgerPlace::Row(i), _) => (i + 1).to_string(),
        };
        ws.write_string_with_format(at, 0, cell(&where_), &wrap)?;
        ws.write_string_with_format(at, 1, cell(line.text.get(lang)), &wrap)?;
        ws.write_string_with_format(at, 2, plain(line.points), &wrap)?;
        lost += line.points;
        at += 1;
    }
    ws.write_string_with_format(at, 1, if zh { "扣分合计" } else { "points lost" }, &bold)?;
    ws.write_string_with_format(at, 2, plain(lost), &bold)?;
    at += 2;
    let sheet_level: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.indicator.is_none())
        .collect();
    if !sheet_level.is_empty() {
        ws.write_string_with_format(at, 0, if zh { "表级问题" } else { "sheet findings" }, &bold)?;
        at += 1;
        for f in sheet_level {
            let format = cell_format(Some(f.severity));
            ws.write_string_with_format(at, 0, f.rule.as_ref(), &format)?;
            ws.write_string_with_format(
                at,
                1,
                cell(&format!("{}（{}）", f.message.get(lang), f.help.get(lang))),
                &format,
            )?;
            at += 1;
        }
    }
    Ok(())
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}
