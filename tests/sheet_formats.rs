//! Old spreadsheet formats read as the xlsx they were saved from: the seed workbook saved by
//! LibreOffice as .xls and .ods (and the .xls under WPS's name, .et) gives the same sheet and the
//! same report, and every number shows as its format makes it show, percentages and dates
//! included. A format that cannot be read is a warning at the cell, never a silent plain number.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use jixiao::diagnostic::{Pos, Severity};
use jixiao::engine::{self, Report};
use jixiao::sheet::grid::CellKind;
use jixiao::sheet::{self, Overrides, Sheet};

const SEED: &str = "tests/sheets/shangjie-2022-department";

fn one(path: impl AsRef<Path>) -> Sheet {
    let loaded = sheet::load(path.as_ref(), &Overrides::default()).unwrap();
    assert_eq!(loaded.sheets.len(), 1, "{:?}", loaded.notes);
    loaded.sheets.into_iter().next().unwrap()
}

fn evaluate(sheet: &Sheet) -> Report {
    let scheme = jixiao::scheme::bundled("henan-2022-department")
        .unwrap()
        .unwrap();
    engine::evaluate(&scheme, sheet)
}

/// Each finding as (rule, indicator row, cell).
fn findings(report: &Report) -> BTreeSet<(String, Option<usize>, String)> {
    report
        .findings
        .iter()
        .map(|f| {
            let cell = match &f.pos {
                Pos::Cell { row, col, .. } => jixiao::diagnostic::a1(*row, *col),
                other => format!("{other:?}"),
            };
            (f.rule.to_string(), f.indicator, cell)
        })
        .collect()
}

#[test]
fn the_seed_as_xls_et_and_ods_reads_and_scores_as_the_xlsx() {
    let xlsx = one(format!("{SEED}.xlsx"));
    let expected = evaluate(&xlsx);
    assert_eq!(expected.total.computed.to_string(), "99.01");
    for extension in ["xls", "et", "ods"] {
        let path = format!("{SEED}.{extension}");
        let read = one(&path);
        assert!(read.notes.is_empty(), "{path}: {:?}", read.notes);
        // The same sheet, field by field, but for the file it came from.
        let same_file = Sheet {
            source: xlsx.source.clone(),
            ..read.clone()
        };
        assert!(same_file == xlsx, "{path}");
        let report = evaluate(&read);
        assert_eq!(report.total.computed, expected.total.computed, "{path}");
        assert_eq!(report.total.claimed, expected.total.claimed, "{path}");
        assert_eq!(report.budget.rate_claimed, expected.budget.rate_claimed);
        assert_eq!(findings(&report), findings(&expected), "{path}");
    }
}

#[test]
fn an_et_is_read_by_its_content_whichever_format_wps_saved() {
    // WPS saves .et and .ett as the xls format, or as xlsx inside.
    let dir = tempfile::tempdir().unwrap();
    let xlsx = one(format!("{SEED}.xlsx"));
    for (from, to) in [("xlsx", "inside.et"), ("xls", "template.ett")] {
        let path = dir.path().join(to);
        std::fs::copy(format!("{SEED}.{from}"), &path).unwrap();
        let read = one(&path);
        assert!(
            Sheet {
                source: xlsx.source.clone(),
                ..read
            } == xlsx,
            "{to}"
        );
    }
}

#[test]
fn numbers_show_as_their_formats_make_them_in_every_format() {
    for extension in ["xlsx", "xls", "ods"] {
        let path = PathBuf::from(format!("tests/formats/number-formats.{extension}"));
        let grids = sheet::grids(&path).unwrap();
        let grid = &grids[0];
        assert_eq!(grid.name(), "格式");
        for row in 0..10 {
            let cell = grid.get(row, 0).unwrap();
            assert_eq!(cell.text, grid.text(row, 1), "{extension} row {}", row + 1);
            let kind = if cell.text.ends_with('%') {
                CellKind::Percent
            } else if cell.text.contains('-') {
                CellKind::Date
            } else {
                CellKind::Number
            };
            assert_eq!(cell.kind, kind, "{extension} row {}", row + 1);
        }
    }
}

/// The seed .xls with the FORMAT record of its `0.0%` format cut short.
fn xls_with_an_unreadable_format(dir: &Path) -> PathBuf {
    let mut bytes = std::fs::read(format!("{SEED}.xls")).unwrap();
    // FORMAT (0x041E), its length, its id, then the format code: 4 characters, Latin-1.
    let code = b"\x04\x00\x000.0%";
    let at = bytes
        .windows(code.len())
        .position(|w| w == code)
        .expect("the fixture holds the format 0.0%");
    assert_eq!(&bytes[at - 6..at - 4], b"\x1E\x04");
    bytes[at] = 0x09;
    let path = dir.join("cut.xls");
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn a_format_that_cannot_be_read_is_a_warning_at_the_cell() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = one(xls_with_an_unreadable_format(dir.path()));
    let rate = sheet.budget.as_ref().unwrap().total.rate.as_ref().unwrap();
    assert_eq!(rate.value, "0.819");
    let notes: Vec<_> = sheet
        .notes
        .iter()
        .filter(|n| n.rule == "sheet-cell")
        .collect();
    assert!(!notes.is_empty());
    for note in &notes {
        assert_eq!(note.severity, Severity::Warning);
        assert!(note.message.zh.contains("数字格式"), "{}", note.message.zh);
    }
    assert!(notes.iter().any(|n| n.pos == rate.pos), "{notes:?}");
}

#[test]
fn a_cell_naming_a_style_the_workbook_lacks_is_a_warning_at_the_cell() {
    // The NUMBER record of 执行率 (I5, 0.819) names cell style 0x0FFF, which is not there:
    // calamine reads the number as a plain one; its format is unknown, and said so.
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = std::fs::read(format!("{SEED}.xls")).unwrap();
    let value = 0.819f64.to_le_bytes();
    let at = bytes
        .windows(8)
        .position(|w| w == value)
        .expect("the fixture holds 0.819");
    // NUMBER (0x0203), 14 bytes: row 4, column 8, then the style.
    assert_eq!(&bytes[at - 10..at - 2], b"\x03\x02\x0e\x00\x04\x00\x08\x00");
    bytes[at - 2..at].copy_from_slice(&0x0FFFu16.to_le_bytes());
    let path = dir.path().join("odd.xls");
    std::fs::write(&path, &bytes).unwrap();
    let sheet = one(&path);
    let rate = sheet.budget.as_ref().unwrap().total.rate.as_ref().unwrap();
    assert_eq!(rate.value, "0.819");
    let notes: Vec<_> = sheet.notes.iter().filter(|n| n.pos == rate.pos).collect();
    assert_eq!(notes.len(), 1, "{:?}", sheet.notes);
    assert!(notes[0].message.zh.contains("数字格式"));
}

/// An ods whose spreadsheet body is `table`, with `styles` as its automatic styles.
fn ods(dir: &Path, name: &str, styles: &str, table: &str) -> PathBuf {
    use std::io::Write;
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"><office:automatic-styles>{styles}</office:automatic-styles><office:body><office:spreadsheet>{table}</office:spreadsheet></office:body></office:document-content>"#
    );
    let path = dir.join(name);
    let options = zip::write::SimpleFileOptions::default();
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    for (part, text) in [
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("content.xml", content.as_str()),
    ] {
        zip.start_file(part, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    path
}

#[test]
fn ods_cells_merges_repeats_styles_and_hidden_tables() {
    let dir = tempfile::tempdir().unwrap();
    let styles = r#"<number:percentage-style style:name="N1"><number:number number:decimal-places="2"/><number:text>%</number:text></number:percentage-style><style:style style:name="pct" style:family="table-cell" style:data-style-name="N1"/><style:style style:name="child" style:family="table-cell" style:parent-style-name="pct"/><style:style style:name="hid" style:family="table"><style:table-properties table:display="false"/></style:style>"#;
    let table = r#"<table:table table:name="表"><table:table-column table:number-columns-repeated="2"/><table:table-column table:default-cell-style-name="pct"/><table:table-row><table:table-cell office:value-type="string" table:number-columns-spanned="2" table:number-rows-spanned="2"><text:p>合并</text:p><text:p>两段<text:s text:c="2"/>文字<office:annotation><text:p>批注</text:p></office:annotation></text:p></table:table-cell><table:covered-table-cell/><table:table-cell office:value-type="float" office:value="0.5"/></table:table-row><table:table-row table:number-rows-repeated="2"><table:covered-table-cell table:number-columns-repeated="2"/><table:table-cell table:style-name="child" office:value-type="percentage" office:value="0.819"/><table:table-cell office:value-type="float" office:value="3" table:style-name="nowhere"/></table:table-row><table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row><table:table-row><table:table-cell office:value-type="date" office:date-value="2022-06-30T00:00:00"/><table:table-cell table:formula="of:=1/0"/><table:table-cell office:value-type="boolean" office:boolean-value="true"/></table:table-row></table:table><table:table table:name="隐藏" table:style-name="hid"><table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table>"#;
    let path = ods(dir.path(), "x.ods", styles, table);
    let grids = sheet::grids(&path).unwrap();
    assert_eq!(grids.len(), 1);
    let grid = &grids[0];
    assert_eq!(grid.name(), "表");
    assert_eq!(grid.text(0, 0), "合并\n两段  文字");
    assert_eq!(grid.merges().len(), 1);
    assert_eq!(grid.shown(1, 1).0, "合并\n两段  文字");
    // Column C's default style shows percentages; a child style inherits its number style.
    assert_eq!(grid.text(0, 2), "50.00%");
    assert_eq!(grid.text(1, 2), "81.90%");
    assert_eq!(grid.text(2, 2), "81.90%");
    assert_eq!(grid.get(1, 3).unwrap().kind, CellKind::UnknownFormat);
    let last = 1 + 2 + 1_048_570;
    assert_eq!(grid.text(last, 0), "2022-06-30");
    assert_eq!(grid.get(last, 1).unwrap().kind, CellKind::UncachedFormula);
    assert_eq!(grid.text(last, 2), "TRUE");
}

#[test]
fn an_ods_repeating_a_cell_without_end_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let table = r#"<table:table table:name="t"><table:table-row table:number-rows-repeated="4000000000"><table:table-cell office:value-type="string" table:number-columns-repeated="4000000000"><text:p>x</text:p></table:table-cell></table:table-row></table:table>"#;
    let path = ods(dir.path(), "bomb.ods", "", table);
    let error = sheet::load(&path, &Overrides::default()).unwrap_err();
    assert!(
        error.findings[0].message.zh.contains("超出 Excel"),
        "{}",
        error.findings[0].message.zh
    );
}
