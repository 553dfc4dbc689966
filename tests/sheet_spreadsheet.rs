//! Spreadsheets and CSV read into the sheet model: the seed sheet as a workbook and as a GBK CSV
//! equals its YAML transcription; the writer's blank form reads back and can be filled in; and
//! every way a workbook or CSV file can be wrong or hostile is refused or noted, never a panic.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use jixiao::diagnostic::{Finding, Pos, Severity};
use jixiao::engine::{self, Report};
use jixiao::scheme;
use jixiao::sheet::grid::{Cell, CellKind};
use jixiao::sheet::{
    self, Field, Loaded, Overrides, ReadError, Sheet, SheetKind, load, read_path, workbook,
    write_xlsx,
};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Workbook, Worksheet};

const SEED_YAML: &str = "tests/sheets/shangjie-2022-department.yaml";
const SEED_XLSX: &str = "tests/sheets/shangjie-2022-department.xlsx";
const SEED_CSV: &str = "tests/sheets/shangjie-2022-department.csv";
const PROJECT_YAML: &str = "tests/sheets/zhongmu-2023-farmland-project.yaml";
const PROJECT_XLSX: &str = "tests/sheets/zhongmu-2023-farmland-project.xlsx";

fn d(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

/// The position of `cell` (an A1 reference such as `F12`) on worksheet `sheet`.
fn cell(sheet: &str, cell: &str) -> Pos {
    let digits = cell.find(|c: char| c.is_ascii_digit()).unwrap();
    let col = cell[..digits]
        .bytes()
        .fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1));
    let row: u32 = cell[digits..].parse().unwrap();
    let pos = Pos::Cell {
        sheet: sheet.into(),
        row: row - 1,
        col: col - 1,
    };
    assert_eq!(jixiao::diagnostic::a1(row - 1, col - 1), cell);
    pos
}

/// Where each indicator's cells are.
fn positions(sheet: &Sheet) -> Vec<[Pos; 4]> {
    sheet
        .indicators
        .iter()
        .map(|i| {
            [
                i.level1.pos.clone(),
                i.name.pos.clone(),
                i.target.pos.clone(),
                i.actual.pos.clone(),
            ]
        })
        .collect()
}

/// [`positions`] with the worksheet named `name`.
fn positions_renamed(sheet: &Sheet, name: &str) -> Vec<[Pos; 4]> {
    let rename = |pos: Pos| match pos {
        Pos::Cell { row, col, .. } => Pos::Cell {
            sheet: name.into(),
            row,
            col,
        },
        other => other,
    };
    positions(sheet)
        .into_iter()
        .map(|cells| cells.map(rename))
        .collect()
}

fn one(path: impl AsRef<Path>) -> Sheet {
    let loaded = load(path.as_ref(), &Overrides::default()).unwrap();
    assert_eq!(loaded.sheets.len(), 1, "{:?}", loaded.notes);
    loaded.sheets.into_iter().next().unwrap()
}

fn refused(path: impl AsRef<Path>) -> Vec<Finding> {
    match load(path.as_ref(), &Overrides::default()) {
        Err(ReadError { findings }) => findings,
        Ok(loaded) => panic!("read: {} sheets", loaded.sheets.len()),
    }
}

fn value<T: Clone>(field: &Option<Field<T>>) -> Option<T> {
    field.as_ref().map(|f| f.value.clone())
}

/// 执行率 as a share, as the engine reads it ("81.9", "81.9%" and "81.90%" are all 0.819).
fn share(rate: &Option<Field<String>>) -> Option<Decimal> {
    let text = rate.as_ref()?.value.as_str();
    match jixiao::value::parse(text) {
        jixiao::value::Value::Quantity { quantity, .. } => {
            Some(quantity.value / Decimal::ONE_HUNDRED)
        }
        _ => None,
    }
}

/// What a spreadsheet must carry over from the YAML: every value, not where it was written.
fn assert_same_values(read: &Sheet, yaml: &Sheet) {
    assert_eq!(read.kind.value, yaml.kind.value);
    assert_eq!(
        read.year.as_ref().unwrap().value,
        yaml.year.as_ref().unwrap().value
    );
    assert_eq!(value(&read.entity), value(&yaml.entity));
    assert_eq!(value(&read.project), value(&yaml.project));
    assert_eq!(value(&read.authority), value(&yaml.authority));
    assert_eq!(value(&read.title), value(&yaml.title));
    assert_eq!(read.indicators.len(), yaml.indicators.len());
    for (i, (r, y)) in read.indicators.iter().zip(&yaml.indicators).enumerate() {
        assert_eq!(r.level1.value, y.level1.value, "row {i}");
        assert_eq!(value(&r.level2), value(&y.level2), "row {i}");
        assert_eq!(r.name.value, y.name.value, "row {i}");
        assert_eq!(r.target.value, y.target.value, "row {i}");
        assert_eq!(r.actual.value, y.actual.value, "row {i}");
        assert_eq!(value(&r.weight), value(&y.weight), "row {i}");
        assert_eq!(value(&r.score), value(&y.score), "row {i}");
        assert_eq!(value(&r.deviation), value(&y.deviation), "row {i}");
        assert_eq!(value(&r.reason), value(&y.reason), "row {i}");
    }
    let (rb, yb) = (read.budget.as_ref().unwrap(), yaml.budget.as_ref().unwrap());
    assert_eq!(rb.unit.value, yb.unit.value);
    assert_eq!(rb.sources.len(), yb.sources.len());
    for (r, y) in std::iter::once((&rb.total, &yb.total)).chain(rb.sources.iter().zip(&yb.sources))
    {
        assert_eq!(value(&r.initial), value(&y.initial));
        assert_eq!(value(&r.full_year), value(&y.full_year));
        assert_eq!(value(&r.executed), value(&y.executed));
        assert_eq!(value(&r.weight), value(&y.weight));
        assert_eq!(value(&r.score), value(&y.score));
        if y.rate
            .as_ref()
            .is_some_and(|t| share(&Some(t.clone())).is_some())
        {
            assert_eq!(share(&r.rate), share(&y.rate));
        } else {
            assert_eq!(value(&r.rate), value(&y.rate));
        }
    }
    for (r, y) in rb.sources.iter().zip(&yb.sources) {
        assert_eq!(value(&r.name), value(&y.name));
    }
    let (rt, yt) = (read.total.as_ref().unwrap(), yaml.total.as_ref().unwrap());
    assert_eq!(value(&rt.weight), value(&yt.weight));
    assert_eq!(value(&rt.score), value(&yt.score));
    assert_eq!(read.goals.len(), yaml.goals.len());
    for (r, y) in read.goals.iter().zip(&yaml.goals) {
        assert_eq!(value(&r.expected), value(&y.expected));
        assert_eq!(value(&r.actual), value(&y.actual));
    }
    assert_eq!(read.tasks.len(), yaml.tasks.len());
    for (r, y) in read.tasks.iter().zip(&yaml.tasks) {
        assert_eq!(value(&r.name), value(&y.name));
        assert_eq!(value(&r.content), value(&y.content));
        assert_eq!(value(&r.actual), value(&y.actual));
    }
}

fn evaluate(sheet: &Sheet, scheme_id: &str) -> Report {
    let scheme = scheme::bundled(scheme_id).unwrap().unwrap();
    engine::evaluate(&scheme, sheet)
}

fn rules_by_row(report: &Report) -> BTreeSet<(String, Option<usize>)> {
    report
        .findings
        .iter()
        .map(|f| (f.rule.to_string(), f.indicator))
        .collect()
}

#[test]
fn the_seed_workbook_equals_its_yaml() {
    let yaml = read_path(Path::new(SEED_YAML)).unwrap();
    let xlsx = one(SEED_XLSX);
    assert_same_values(&xlsx, &yaml);
    assert!(xlsx.notes.is_empty(), "{:?}", xlsx.notes);
    // Positions are worksheet cells; a merged value is at the merge's top-left cell.
    assert_eq!(xlsx.indicators[0].name.pos, cell("自评表", "D20"));
    assert_eq!(xlsx.indicators[0].level1.pos, cell("自评表", "B20"));
    assert_eq!(xlsx.indicators[19].level1.pos, cell("自评表", "B20"));
    assert_eq!(xlsx.indicators[5].actual.pos, cell("自评表", "F25"));
    assert_eq!(xlsx.entity.as_ref().unwrap().pos, cell("自评表", "C3"));
    assert_eq!(xlsx.year.as_ref().unwrap().pos, cell("自评表", "A2"));
    let budget = xlsx.budget.as_ref().unwrap();
    // The writer stores 执行率 as 0.819 with the format 0.0%; it reads back as shown.
    assert_eq!(value(&budget.total.rate).as_deref(), Some("81.9%"));
    assert_eq!(share(&budget.total.rate), Some(d("0.819")));
    assert_eq!(
        budget.total.rate.as_ref().unwrap().pos,
        cell("自评表", "I5")
    );
    let total = xlsx.total.as_ref().unwrap();
    assert_eq!(total.score.as_ref().unwrap().pos, cell("自评表", "H72"));
}

#[test]
fn the_seed_workbook_scores_as_its_yaml() {
    let yaml = read_path(Path::new(SEED_YAML)).unwrap();
    let xlsx = one(SEED_XLSX);
    let (from_yaml, from_xlsx) = (
        evaluate(&yaml, "henan-2022-department"),
        evaluate(&xlsx, "henan-2022-department"),
    );
    assert_eq!(from_xlsx.total.computed, d("99.01"));
    assert_eq!(from_xlsx.total.claimed, Some(d("99.1")));
    assert_eq!(from_xlsx.budget.rate_claimed, Some(d("0.819")));
    assert_eq!(rules_by_row(&from_xlsx), rules_by_row(&from_yaml));
    // Findings point at worksheet cells.
    let conflict = from_xlsx
        .findings
        .iter()
        .find(|f| f.rule == "budget-indicator-conflict" && f.indicator == Some(5))
        .unwrap();
    assert!(
        matches!(conflict.pos, Pos::Cell { .. }),
        "{:?}",
        conflict.pos
    );
}

#[test]
fn the_seed_csv_in_gbk_equals_its_yaml() {
    let bytes = std::fs::read(SEED_CSV).unwrap();
    assert!(std::str::from_utf8(&bytes).is_err(), "the fixture is GBK");
    let yaml = read_path(Path::new(SEED_YAML)).unwrap();
    let csv = one(SEED_CSV);
    assert_same_values(&csv, &yaml);
    assert!(csv.notes.is_empty(), "{:?}", csv.notes);
    // Positions are cells, as Excel opens the file: the worksheet is named by the file.
    assert_eq!(
        csv.indicators[0].name.pos,
        cell("shangjie-2022-department.csv", "D20")
    );
    assert_eq!(
        positions(&csv),
        positions_renamed(&one(SEED_XLSX), "shangjie-2022-department.csv")
    );
    assert_eq!(
        evaluate(&csv, "henan-2022-department").total.computed,
        d("99.01")
    );
}

#[test]
fn the_project_workbook_equals_its_yaml_and_its_mistakes_are_found() {
    let yaml = read_path(Path::new(PROJECT_YAML)).unwrap();
    let xlsx = one(PROJECT_XLSX);
    assert_same_values(&xlsx, &yaml);
    assert_eq!(xlsx.indicators.len(), 12);
    // 偏差原因分析及改进措施 spans two merged columns on the national form.
    assert_eq!(
        xlsx.indicators[10].reason.as_ref().unwrap().pos,
        cell("自评表", "I23")
    );
    let report = evaluate(&xlsx, "mof-2020-project");
    assert_eq!(
        rules_by_row(&report),
        rules_by_row(&evaluate(&yaml, "mof-2020-project"))
    );
    let area = 0;
    let deadline = 5;
    for (rule, row) in [
        ("score-mismatch", Some(area)),
        ("deviation-reason-missing", Some(area)),
        ("score-mismatch", Some(deadline)),
    ] {
        assert!(
            report
                .findings
                .iter()
                .any(|f| f.rule == rule && f.indicator == row),
            "{rule} {row:?}: {:?}",
            rules_by_row(&report)
        );
    }
    assert!(report.findings.iter().any(|f| f.rule == "scores-sum"));
}

#[test]
fn files_are_only_read() {
    for path in [SEED_XLSX, SEED_CSV, PROJECT_XLSX] {
        let before = std::fs::read(path).unwrap();
        let modified = std::fs::metadata(path).unwrap().modified().unwrap();
        one(path);
        assert_eq!(std::fs::read(path).unwrap(), before);
        assert_eq!(
            std::fs::metadata(path).unwrap().modified().unwrap(),
            modified
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Workbooks made in the tests.

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// Write rows of texts from A1 (a number where the text parses as one, as a clerk types it).
fn put(ws: &mut Worksheet, rows: &[&[&str]]) {
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if text.is_empty() {
                continue;
            }
            match text.parse::<f64>() {
                Ok(n) => ws.write_number(r as u32, c as u16, n).unwrap(),
                Err(_) => ws.write_string(r as u32, c as u16, *text).unwrap(),
            };
        }
    }
}

/// A small project form: title with the year, header, a two-row indicator table, 总分.
const SMALL: &[&[&str]] = &[
    &["2024年度项目支出绩效自评表"],
    &["项目名称", "", "村级道路养护"],
    &[
        "绩效指标",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ],
    &[
        "",
        "产出指标",
        "数量指标",
        "养护里程",
        "≥30公里",
        "32公里",
        "50",
        "50",
    ],
    &[
        "",
        "效益指标",
        "社会效益指标",
        "群众出行条件",
        "明显改善",
        "改善",
        "40",
        "36",
        "部分路段排水不畅",
    ],
    &["总分", "", "", "", "", "", "100", "86"],
];

fn small_xlsx(dir: &Path, name: &str, edit: impl FnOnce(&mut Workbook)) -> PathBuf {
    let path = dir.join(name);
    let mut book = Workbook::new();
    put(book.add_worksheet().set_name("项目").unwrap(), SMALL);
    edit(&mut book);
    book.save(&path).unwrap();
    path
}

fn notes_of(sheet: &Sheet, rule: &str) -> Vec<Finding> {
    sheet
        .notes
        .iter()
        .filter(|f| f.rule == rule)
        .cloned()
        .collect()
}

#[test]
fn a_small_form_reads_by_its_labels() {
    let dir = temp();
    let sheet = one(small_xlsx(dir.path(), "small.xlsx", |_| {}));
    assert_eq!(sheet.kind.value, SheetKind::Project);
    assert_eq!(sheet.year.as_ref().unwrap().value, 2024);
    assert_eq!(value(&sheet.project).as_deref(), Some("村级道路养护"));
    assert_eq!(sheet.indicators.len(), 2);
    assert_eq!(sheet.indicators[1].name.pos, cell("项目", "D5"));
    assert_eq!(value(&sheet.indicators[1].score), Some(d("36")));
    assert_eq!(
        value(&sheet.indicators[1].reason).as_deref(),
        Some("部分路段排水不畅")
    );
    assert_eq!(value(&sheet.total.unwrap().score), Some(d("86")));
}

#[test]
fn a_two_row_header_with_merged_titles() {
    let dir = temp();
    let path = dir.path().join("two-rows.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let f = Format::new();
    ws.write_string(0, 0, "部门整体支出绩效自评表（2023年度）")
        .unwrap();
    // Row 2: a group title over the levels; value titles merged down into row 3.
    ws.merge_range(1, 0, 1, 2, "绩效指标", &f).unwrap();
    for (col, title) in [
        (3, "指标值"),
        (4, "实际值"),
        (5, "权重"),
        (6, "指标得分"),
        (7, "偏差度"),
    ] {
        ws.merge_range(1, col, 2, col, title, &f).unwrap();
    }
    put_row(ws, 2, &["一级指标", "二级指标", "三级指标"]);
    ws.merge_range(3, 0, 4, 0, "产出指标", &f).unwrap();
    put_row(
        ws,
        3,
        &[
            "",
            "数量指标",
            "培训人次",
            "≥100人次",
            "120人次",
            "60",
            "60",
            "0.00%",
        ],
    );
    put_row(
        ws,
        4,
        &["", "", "培训满意度", "≥90%", "95%", "40", "40", "0.00%"],
    );
    put_row(ws, 5, &["总分", "", "", "", "", "100", "100"]);
    book.save(&path).unwrap();
    let sheet = one(&path);
    assert_eq!(sheet.kind.value, SheetKind::Department);
    assert_eq!(sheet.indicators.len(), 2);
    let second = &sheet.indicators[1];
    assert_eq!(second.level1.value, "产出指标");
    assert_eq!(second.level1.pos, cell("Sheet1", "A4"));
    // A blank 二级指标 under the same 一级指标 continues the one above.
    assert_eq!(value(&second.level2).as_deref(), Some("数量指标"));
    assert_eq!(second.target.value, "≥90%");
    assert_eq!(value(&second.weight), Some(d("40")));
    assert_eq!(value(&second.deviation).as_deref(), Some("0.00%"));
}

fn put_row(ws: &mut Worksheet, row: u32, texts: &[&str]) {
    for (c, text) in texts.iter().enumerate() {
        if !text.is_empty() {
            ws.write_string(row, c as u16, *text).unwrap();
        }
    }
}

#[test]
fn the_blank_form_reads_back_and_can_be_filled_in() {
    let dir = temp();
    for kind in [SheetKind::Department, SheetKind::Project] {
        let blank = Sheet::blank(kind, 2024);
        let path = dir.path().join(format!("{}.xlsx", kind.name()));
        write_xlsx(std::slice::from_ref(&blank), &path).unwrap();
        let read = one(&path);
        assert_eq!(
            (read.kind.value, read.year.as_ref().unwrap().value),
            (kind, 2024)
        );
        assert!(read.indicators.is_empty());
        // Where a clerk fills it in: the row below the 三级指标 title.
        let grid = &sheet::grids(&path).unwrap()[0];
        let (header, name_col) = grid
            .rows()
            .find_map(|(r, cells)| {
                cells
                    .iter()
                    .find(|(_, c)| c.text == "三级指标")
                    .map(|(c, _)| (r, *c))
            })
            .unwrap();
        let mut book = workbook(std::slice::from_ref(&blank)).unwrap();
        let ws = book.worksheet_from_index(0).unwrap();
        let c = u16::try_from(name_col).unwrap();
        ws.write_string(header + 1, c - 2, "产出指标").unwrap();
        ws.write_string(header + 1, c, "培训人次").unwrap();
        ws.write_string(header + 1, c + 1, "≥100人次").unwrap();
        ws.write_string(header + 1, c + 2, "120人次").unwrap();
        ws.write_number(header + 1, c + 3, 50).unwrap();
        ws.write_number(header + 1, c + 4, 50).unwrap();
        ws.write_string(header + 2, c, "=HYPERLINK(\"x\")").unwrap();
        ws.write_number(header + 2, c + 3, 50).unwrap();
        let filled = dir.path().join(format!("{}-filled.xlsx", kind.name()));
        book.save(&filled).unwrap();
        let read = one(&filled);
        assert_eq!(read.indicators.len(), 2, "{kind:?}");
        let first = &read.indicators[0];
        assert_eq!(
            (first.level1.value.as_str(), first.name.value.as_str()),
            ("产出指标", "培训人次")
        );
        assert_eq!(
            (first.target.value.as_str(), first.actual.value.as_str()),
            ("≥100人次", "120人次")
        );
        assert_eq!(value(&first.score), Some(d("50")));
        // A text that looks like a formula is text.
        assert_eq!(read.indicators[1].name.value, "=HYPERLINK(\"x\")");
        assert_eq!(read.indicators[1].level1.value, "产出指标");
    }
}

#[test]
fn written_texts_are_never_formulas() {
    let dir = temp();
    let mut sheet = read_path(Path::new(PROJECT_YAML)).unwrap();
    for (i, text) in ["=1+1", "+86 123", "-5%", "@SUM(A1)"].iter().enumerate() {
        sheet.indicators[i].actual.value = (*text).to_owned();
    }
    let path = dir.path().join("injection.xlsx");
    write_xlsx(std::slice::from_ref(&sheet), &path).unwrap();
    let read = one(&path);
    for (i, text) in ["=1+1", "+86 123", "-5%", "@SUM(A1)"].iter().enumerate() {
        assert_eq!(read.indicators[i].actual.value, *text);
    }
    // No formula anywhere in the workbook.
    let bytes = zip_entry(&path, "xl/worksheets/sheet1.xml");
    assert!(!bytes.contains("<f>"), "a formula was written");
    // The write went through a temporary file that is gone.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["injection.xlsx"]);
}

fn zip_entry(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
    text
}

#[test]
fn a_workbook_with_a_form_and_a_note_sheet() {
    let dir = temp();
    let path = small_xlsx(dir.path(), "two.xlsx", |book| {
        put(
            book.add_worksheet().set_name("填表说明").unwrap(),
            &[&["填表说明"], &["1. 分值保留一位小数。"]],
        );
    });
    let Loaded { sheets, notes } = load(&path, &Overrides::default()).unwrap();
    assert_eq!(sheets.len(), 1);
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].rule, "sheet-skipped");
    assert_eq!(notes[0].severity, Severity::Info);
    assert!(
        notes[0].message.zh.contains("填表说明"),
        "{}",
        notes[0].message.zh
    );
}

#[test]
fn several_forms_one_per_worksheet() {
    let dir = temp();
    let seed = read_path(Path::new(SEED_YAML)).unwrap();
    let project = read_path(Path::new(PROJECT_YAML)).unwrap();
    let path = dir.path().join("both.xlsx");
    write_xlsx(&[seed, project], &path).unwrap();
    let loaded = load(&path, &Overrides::default()).unwrap();
    let kinds: Vec<_> = loaded.sheets.iter().map(|s| s.kind.value).collect();
    assert_eq!(kinds, [SheetKind::Department, SheetKind::Project]);
    assert_eq!(
        loaded.sheets[1].indicators[0].name.pos,
        cell("自评表2", "D13")
    );
}

// ---------------------------------------------------------------------------------------------
// Bad and hostile workbooks.

fn assert_refused(findings: &[Finding], rule: &str, words: &[&str]) {
    let f = &findings[0];
    assert_eq!(f.rule, rule, "{f:?}");
    assert_eq!(f.severity, Severity::Error);
    for w in words {
        assert!(f.message.zh.contains(w), "{w}: {}", f.message.zh);
    }
    assert!(!f.help.zh.is_empty());
}

#[test]
fn corrupt_bytes_named_xlsx() {
    let dir = temp();
    let path = dir.path().join("坏.xlsx");
    std::fs::write(&path, b"\x00\x01not a workbook at all\xff\xfe").unwrap();
    assert_refused(&refused(&path), "sheet-syntax", &["不是 Excel"]);
    let mut broken = std::fs::read(SEED_XLSX).unwrap();
    broken.truncate(broken.len() / 2);
    std::fs::write(&path, &broken).unwrap();
    assert_refused(&refused(&path), "sheet-syntax", &["损坏"]);
}

#[test]
fn a_zip_that_is_no_workbook() {
    let dir = temp();
    let path = dir.path().join("压缩包.xlsx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    zip.start_file("readme.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all("自评表见附件".as_bytes()).unwrap();
    zip.finish().unwrap();
    assert_refused(&refused(&path), "sheet-syntax", &["xl/workbook.xml", "zip"]);
}

#[test]
fn an_encrypted_workbook() {
    // The OLE container Excel writes for a password-protected xlsx, reduced to what identifies
    // it: the signature and the name of its EncryptedPackage stream.
    let dir = temp();
    let path = dir.path().join("加密.xlsx");
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.resize(1024, 0);
    bytes.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(&path, &bytes).unwrap();
    assert_refused(&refused(&path), "sheet-syntax", &["密码"]);
}

#[test]
fn an_empty_workbook() {
    let dir = temp();
    let path = dir.path().join("空.xlsx");
    Workbook::new().save(&path).unwrap();
    assert_refused(&refused(&path), "sheet-syntax", &["工作簿为空"]);
}

#[test]
fn a_workbook_without_a_form() {
    let dir = temp();
    let path = dir.path().join("清单.xlsx");
    let mut book = Workbook::new();
    put(
        book.add_worksheet(),
        &[&["序号", "项目名称", "金额"], &["1", "道路养护", "30"]],
    );
    book.save(&path).unwrap();
    let findings = refused(&path);
    assert_refused(&findings, "sheet-schema", &["没有找到自评表", "Sheet1"]);
    assert!(findings.iter().any(|f| f.rule == "sheet-skipped"));
}

#[test]
fn a_header_row_without_the_third_level() {
    let dir = temp();
    let path = dir.path().join("no-name.xlsx");
    let mut book = Workbook::new();
    put(
        book.add_worksheet(),
        &[
            &["2023年度项目支出绩效自评表"],
            &[
                "一级指标",
                "二级指标",
                "指标内容",
                "年度指标值",
                "实际完成值",
                "分值",
                "得分",
            ],
            &[
                "产出指标",
                "数量指标",
                "培训",
                "≥100人次",
                "120人次",
                "50",
                "50",
            ],
        ],
    );
    book.save(&path).unwrap();
    let findings = refused(&path);
    assert_refused(
        &findings,
        "sheet-schema",
        &["第 2 行", "三级指标", "Sheet1"],
    );
    assert_eq!(findings[0].pos, cell("Sheet1", "A2"));
}

#[test]
fn the_year_from_a_cell_the_file_name_or_the_caller() {
    let dir = temp();
    let path = dir.path().join("no-year.xlsx");
    let mut book = Workbook::new();
    let mut rows: Vec<&[&str]> = SMALL.to_vec();
    rows[0] = &["项目支出绩效自评表"];
    put(book.add_worksheet(), &rows);
    book.save(&path).unwrap();
    // No year anywhere: read all the same, the year unknown and said so once.
    let sheet = one(&path);
    assert_eq!(sheet.year, None);
    assert_eq!(notes_of(&sheet, "sheet-year").len(), 1);
    // The file's name gives it.
    let named = dir.path().join("自评表_2021_终稿.xlsx");
    std::fs::copy(&path, &named).unwrap();
    assert_eq!(one(&named).year.map(|y| y.value), Some(2021));
    // So does a 年度 cell above the form.
    let with_cell = dir.path().join("with-cell.xlsx");
    let mut book = Workbook::new();
    let mut rows: Vec<&[&str]> = SMALL.to_vec();
    rows[0] = &["项目支出绩效自评表", "", "年度：", "2022"];
    put(book.add_worksheet(), &rows);
    book.save(&with_cell).unwrap();
    let sheet = one(&with_cell);
    assert_eq!(
        sheet.year.map(|y| (y.value, y.pos)),
        Some((2022, cell("Sheet1", "D1")))
    );
    let overrides = Overrides {
        year: Some(2024),
        kind: Some(SheetKind::Department),
    };
    let sheet = &load(&path, &overrides).unwrap().sheets[0];
    assert_eq!(
        (
            sheet.year.as_ref().unwrap().value,
            sheet.year.as_ref().unwrap().pos.clone()
        ),
        (2024, Pos::File)
    );
    // The title said 项目支出; the caller's word wins, and the difference is noted.
    assert_eq!(sheet.kind.value, SheetKind::Department);
    assert_eq!(notes_of(sheet, "sheet-override").len(), 1);
}

#[test]
fn yaml_takes_overrides_too() {
    let overrides = Overrides {
        year: Some(2023),
        kind: None,
    };
    let loaded = load(Path::new(SEED_YAML), &overrides).unwrap();
    let sheet = &loaded.sheets[0];
    assert_eq!(sheet.year.as_ref().unwrap().value, 2023);
    assert_eq!(
        notes_of(sheet, "sheet-override")[0].severity,
        Severity::Info
    );
    assert!(
        load(Path::new(SEED_YAML), &Overrides::default())
            .unwrap()
            .sheets[0]
            .notes
            .is_empty()
    );
}

#[test]
fn a_date_typed_cell_is_read_as_its_date_with_a_warning() {
    let dir = temp();
    let path = small_xlsx(dir.path(), "date.xlsx", |book| {
        let ws = book.worksheet_from_index(0).unwrap();
        let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 6, 30).unwrap();
        let format = Format::new().set_num_format("yyyy年m月d日");
        ws.write_datetime_with_format(3, 5, &date, &format).unwrap();
    });
    let sheet = one(&path);
    assert_eq!(sheet.indicators[0].actual.value, "2024-06-30");
    let notes = notes_of(&sheet, "sheet-cell");
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].severity, Severity::Warning);
    assert_eq!(notes[0].pos, cell("项目", "F4"));
    assert!(notes[0].message.zh.contains("日期"));
}

/// A minimal xlsx written by hand, for what no writer produces: a formula without a saved
/// result, a text longer than Excel allows.
fn raw_xlsx(path: &Path, sheet_data: &str) {
    let options = zip::write::SimpleFileOptions::default();
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_owned(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_owned(),
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="表" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_owned(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_owned(),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData></worksheet>"#
            ),
        ),
    ];
    for (name, text) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

/// SMALL as inline-string rows, with `extra` cells appended to row 4 (the first indicator).
fn small_sheet_data(extra: &str) -> String {
    let mut xml = String::new();
    for (r, row) in SMALL.iter().enumerate() {
        xml.push_str(&format!(r#"<row r="{}">"#, r + 1));
        for (c, text) in row.iter().enumerate() {
            if !text.is_empty() {
                let col = (b'A' + c as u8) as char;
                xml.push_str(&format!(
                    r#"<c r="{col}{}" t="inlineStr"><is><t>{text}</t></is></c>"#,
                    r + 1
                ));
            }
        }
        if r == 3 {
            xml.push_str(extra);
        }
        xml.push_str("</row>");
    }
    xml
}

#[test]
fn a_formula_without_a_saved_result_is_blank_with_a_warning() {
    let dir = temp();
    let path = dir.path().join("formula.xlsx");
    raw_xlsx(
        &path,
        &small_sheet_data(r#"<c r="J4"><f>G4-H4</f></c>"#).replace(
            r#"<c r="H4" t="inlineStr"><is><t>50</t></is></c>"#,
            r#"<c r="H4"><f>G4*1</f></c>"#,
        ),
    );
    let sheet = one(&path);
    assert_eq!(sheet.indicators[0].score, None);
    let notes = notes_of(&sheet, "sheet-cell");
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0].pos, cell("表", "H4"));
    assert!(notes[0].message.zh.contains("公式"));
}

#[test]
fn a_cell_longer_than_excel_holds_is_refused_where_it_is() {
    let dir = temp();
    let long = "偏差原因".repeat(90_000);
    let path = dir.path().join("long.xlsx");
    raw_xlsx(
        &path,
        &small_sheet_data(&format!(
            r#"<c r="I4" t="inlineStr"><is><t>{long}</t></is></c>"#
        )),
    );
    let findings = refused(&path);
    assert_refused(&findings, "sheet-syntax", &["I4", "32767"]);
    // The same cell in a CSV file: refused at its line and column.
    let csv = dir.path().join("long.csv");
    let text = SMALL
        .iter()
        .enumerate()
        .map(|(r, row)| {
            let mut fields: Vec<String> = row.iter().map(|s| (*s).to_owned()).collect();
            if r == 3 {
                fields.resize(9, String::new());
                fields[8] = long.clone();
            }
            fields.join(",")
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&csv, text).unwrap();
    let findings = refused(&csv);
    assert_refused(&findings, "sheet-syntax", &["32767"]);
    assert!(
        matches!(findings[0].pos, Pos::Text { line: 4, .. }),
        "{:?}",
        findings[0].pos
    );
    // Text up to the limit reads, and writes back.
    let fits = "偏差原因".repeat(8_000);
    raw_xlsx(
        &path,
        &small_sheet_data(&format!(
            r#"<c r="I4" t="inlineStr"><is><t>{fits}</t></is></c>"#
        )),
    );
    let sheet = one(&path);
    assert_eq!(value(&sheet.indicators[0].reason), Some(fits));
    write_xlsx(&[sheet], &dir.path().join("back.xlsx")).unwrap();
}

#[test]
fn cells_listed_out_of_order_read_as_in_order() {
    let dir = temp();
    let in_order = dir.path().join("in-order.xlsx");
    raw_xlsx(&in_order, &small_sheet_data(""));
    // Rows bottom to top and each row's cells right to left.
    let data = small_sheet_data("");
    let rows: Vec<&str> = data.split("<row ").filter(|row| !row.is_empty()).collect();
    let reversed: String = rows
        .iter()
        .rev()
        .map(|row| {
            let (open, rest) = row.split_once('>').unwrap();
            let cells: Vec<&str> = rest
                .trim_end_matches("</row>")
                .split("<c ")
                .filter(|c| !c.is_empty())
                .collect();
            let cells: String = cells.iter().rev().map(|c| format!("<c {c}")).collect();
            format!("<row {open}>{cells}</row>")
        })
        .collect();
    assert_ne!(reversed, data);
    let out_of_order = dir.path().join("out-of-order.xlsx");
    raw_xlsx(&out_of_order, &reversed);
    let grids = |path: &Path| sheet::grids(path).unwrap();
    assert_eq!(grids(&out_of_order), grids(&in_order));
    assert_eq!(one(&out_of_order).indicators, one(&in_order).indicators);
    // A cell written again, in a row listed twice: the later text counts.
    let again = dir.path().join("again.xlsx");
    raw_xlsx(
        &again,
        &format!(r#"{reversed}<row r="4"><c r="A4" t="inlineStr"><is><t>后写</t></is></c></row>"#),
    );
    let mut expected = grids(&in_order);
    expected[0].set(3, 0, Cell::text("后写"));
    expected[0].finish();
    assert_eq!(grids(&again), expected);
}

#[test]
fn a_worksheet_of_100000_rows() {
    let dir = temp();
    let path = dir.path().join("big.xlsx");
    let rows = 100_000u32;
    let mut xml = String::with_capacity(rows as usize * 120);
    xml.push_str(&small_sheet_data("")[..small_sheet_data("").find(r#"<row r="4">"#).unwrap()]);
    for r in 4..4 + rows {
        xml.push_str(&format!(
            r#"<row r="{r}"><c r="B{r}" t="inlineStr"><is><t>产出指标</t></is></c><c r="D{r}" t="inlineStr"><is><t>指标{r}</t></is></c><c r="E{r}" t="inlineStr"><is><t>≥1次</t></is></c><c r="G{r}"><v>1</v></c><c r="H{r}"><v>1</v></c></row>"#
        ));
    }
    raw_xlsx(&path, &xml);
    let sheet = one(&path);
    assert_eq!(sheet.indicators.len(), rows as usize);
    assert_eq!(sheet.indicators[99_999].name.value, "指标100003");
    assert_eq!(sheet.indicators[99_999].name.pos, cell("表", "D100003"));
}

// ---------------------------------------------------------------------------------------------
// xlsx parts as Excel and other writers write them.

const MAIN_NS: &str = r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

/// An xlsx package of the given parts (name, XML) besides its content types and package
/// relationships, for the XML no writer library produces.
fn package(path: &Path, parts: &[(&str, String)]) {
    let options = zip::write::SimpleFileOptions::default();
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let head = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"#.to_owned(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_owned(),
        ),
    ];
    for (name, text) in head
        .iter()
        .map(|(n, t)| (*n, t))
        .chain(parts.iter().map(|(n, t)| (*n, t)))
    {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

/// `xl/workbook.xml` listing worksheets `sheet1.xml`, `sheet2.xml`, … by (name, state), and
/// its relationships.
fn workbook_parts(pr: &str, sheets: &[(&str, &str)]) -> Vec<(&'static str, String)> {
    let listed: String = sheets
        .iter()
        .enumerate()
        .map(|(i, (name, state))| {
            format!(
                r#"<sheet name="{name}" sheetId="{n}" state="{state}" r:id="rId{n}"/>"#,
                n = i + 1
            )
        })
        .collect();
    let rels: String = (1..=sheets.len())
        .map(|n| {
            format!(r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>"#)
        })
        .collect();
    vec![
        (
            "xl/workbook.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><workbook {MAIN_NS}>{pr}<sheets>{listed}</sheets></workbook>"#
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
            ),
        ),
    ]
}

fn worksheet_xml(sheet_data: &str, after: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet {MAIN_NS}><dimension ref="A1:H9"/><sheetData>{sheet_data}</sheetData>{after}</worksheet>"#
    )
}

/// Styles 0–7: General; custom 0.0%; id 9 (built in as 0%) redefined as 0.000; built-in 10
/// (0.00%); id 9 again; built-in 14 (a date); a custom date; built-in 46 (an elapsed time).
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="3"><numFmt numFmtId="176" formatCode="0.0%"/><numFmt numFmtId="9" formatCode="0.000"/><numFmt numFmtId="177" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts><fonts count="1"><font><sz val="11"/></font></fonts><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="8"><xf numFmtId="0"/><xf numFmtId="176" applyNumberFormat="1"/><xf numFmtId="9"/><xf numFmtId="10"><alignment wrapText="1"/></xf><xf numFmtId="9"/><xf numFmtId="14"/><xf numFmtId="177"/><xf numFmtId="46"/></cellXfs></styleSheet>"#;

/// Shared strings 0–5: plain; rich text whose second run keeps its spaces and holds a
/// carriage return as `_x000D_`; a run trimmed; entities, an escaped `_x000D_` and a phonetic
/// guide; an empty item; CDATA.
const SHARED: &str = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6"><si><t>项目名称</t></si><si><r><rPr><b/></rPr><t>产出</t></r><r><rPr><i/></rPr><t xml:space="preserve"> 指标_x000D_二 </t></r></si><si><t>
  修剪  </t></si><si><t xml:space="preserve">A&amp;B &#x4e2d;&lt;_x005F_x000D_</t><rPh sb="0" eb="1"><t>ふりがな</t></rPh></si><si/><si><t><![CDATA[<原样>]]></t></si></sst>"#;

fn cells_workbook(path: &Path, pr: &str) {
    let data = r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c></row><row r="2"><c r="A2" s="1"><v>0.819</v></c><c r="B2" s="2"><v>0.819</v></c><c r="C2" s="3"><v>0.819</v></c><c r="D2" s="4"><v>0.95</v></c><c r="E2" s="5"><v>44742</v></c><c r="F2" s="6"><v>44742.5</v></c><c r="G2" s="7"><v>1.5</v></c><c r="H2"><v>14988.39</v></c></row><row r="3"><c r="A3" t="b"><v>1</v></c><c r="B3" t="e"><v>#DIV/0!</v></c><c r="C3" t="str"><f>"行"&amp;"一"</f><v>行_x000D_一</v></c><c r="D3" t="inlineStr"><is><r><t>内联</t></r><r><t xml:space="preserve"> 文字</t></r></is></c><c r="E3" t="d"><v>2022-06-30T00:00:00</v></c><c r="F3"><f>SUM(A2:B2)</f></c><c r="G3"><f t="shared" ref="G3:G4" si="0">A2*2</f></c><c r="H3" s="1"/></row><row><c><v>7</v></c><c><v>8</v></c><c r="G4"><f t="shared" si="0"/></c></row><row r="6"><c r="A6" t="s"><v>0</v></c></row>"#;
    let merges =
        r#"<mergeCells count="2"><mergeCell ref="A6:C7"/><mergeCell ref="D6"/></mergeCells>"#;
    let mut parts = workbook_parts(pr, &[("格式", "visible")]);
    parts.push(("xl/styles.xml", STYLES.to_owned()));
    parts.push(("xl/sharedStrings.xml", SHARED.to_owned()));
    parts.push(("xl/worksheets/sheet1.xml", worksheet_xml(data, merges)));
    package(path, &parts);
}

fn shown(grid: &jixiao::sheet::grid::Grid, reference: &str) -> (String, CellKind) {
    let (row, col) = (0..100)
        .flat_map(|r| (0..10).map(move |c| (r, c)))
        .find(|&(r, c)| jixiao::diagnostic::a1(r, c) == reference)
        .unwrap();
    grid.get(row, col)
        .map(|cell| (cell.text.clone(), cell.kind))
        .unwrap_or((String::new(), CellKind::Text))
}

#[test]
fn every_kind_of_xlsx_cell_reads_as_shown() {
    let dir = temp();
    let path = dir.path().join("cells.xlsx");
    cells_workbook(&path, "");
    let grids = sheet::grids(&path).unwrap();
    assert_eq!(grids.len(), 1);
    let grid = &grids[0];
    let text = |r: &str| shown(grid, r).0;
    let kind = |r: &str| shown(grid, r).1;
    // Shared strings.
    assert_eq!(text("A1"), "项目名称");
    assert_eq!(text("B1"), "产出 指标\r二 ");
    assert_eq!(text("C1"), "修剪");
    assert_eq!(text("D1"), "A&B 中<_x000D_");
    assert_eq!(grid.get(0, 4), None, "an empty string shows nothing");
    assert_eq!(text("F1"), "<原样>");
    // Numbers by their styles: custom 0.0%, id 9 redefined (twice), built-in 10, dates.
    assert_eq!(
        (text("A2"), kind("A2")),
        ("81.9%".to_owned(), CellKind::Percent)
    );
    assert_eq!(
        (text("B2"), kind("B2")),
        ("0.819".to_owned(), CellKind::Number)
    );
    assert_eq!(text("C2"), "81.90%");
    assert_eq!(
        (text("D2"), kind("D2")),
        ("0.95".to_owned(), CellKind::Number)
    );
    assert_eq!(
        (text("E2"), kind("E2")),
        ("2022-06-30".to_owned(), CellKind::Date)
    );
    assert_eq!(text("F2"), "2022-06-30 12:00:00");
    assert_eq!((text("G2"), kind("G2")), ("1.5".to_owned(), CellKind::Date));
    assert_eq!(
        (text("H2"), kind("H2")),
        ("14988.39".to_owned(), CellKind::Number)
    );
    // Other types.
    assert_eq!(
        (text("A3"), kind("A3")),
        ("TRUE".to_owned(), CellKind::Bool)
    );
    assert_eq!(
        (text("B3"), kind("B3")),
        ("#DIV/0!".to_owned(), CellKind::Error)
    );
    assert_eq!(
        (text("C3"), kind("C3")),
        ("行\r一".to_owned(), CellKind::Text)
    );
    assert_eq!(text("D3"), "内联 文字");
    assert_eq!(
        (text("E3"), kind("E3")),
        ("2022-06-30".to_owned(), CellKind::Date)
    );
    // Formulas without a saved result, a shared one included; a styled blank is nothing.
    for cell in ["F3", "G3", "G4"] {
        assert_eq!(kind(cell), CellKind::UncachedFormula, "{cell}");
    }
    assert_eq!(grid.get(2, 7), None);
    // A row and cells without references follow the ones before.
    assert_eq!((text("A4"), text("B4")), ("7".to_owned(), "8".to_owned()));
    assert_eq!(text("A6"), "项目名称");
    let merges: Vec<_> = grid.merges().iter().map(|m| (m.first, m.last)).collect();
    assert_eq!(merges, [((5, 0), (6, 2)), ((5, 3), (5, 3))]);
    assert_eq!(grid.shown(6, 2), ("项目名称", (5, 0)));
    assert_eq!(grid.pos(6, 2), cell("格式", "C7"));
}

#[test]
fn dates_in_a_1904_workbook() {
    let dir = temp();
    let path = dir.path().join("1904.xlsx");
    cells_workbook(&path, r#"<workbookPr date1904="1"/>"#);
    let grid = &sheet::grids(&path).unwrap()[0];
    // 44742 counts from 1904-01-01: four years and a day later than in the 1900 system.
    assert_eq!(shown(grid, "E2").0, "2026-07-01");
    assert_eq!(shown(grid, "F2").0, "2026-07-01 12:00:00");
    assert_eq!(shown(grid, "A2").0, "81.9%");
}

#[test]
fn percent_formats_as_writers_save_them() {
    let dir = temp();
    let path = dir.path().join("percent.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let formats = [
        Format::new().set_num_format("0.0%"),
        Format::new().set_num_format_index(9),
        Format::new().set_num_format_index(10),
        Format::new().set_num_format("#,##0.00"),
    ];
    for (col, format) in formats.iter().enumerate() {
        ws.write_number_with_format(0, col as u16, 0.8189, format)
            .unwrap();
    }
    book.save(&path).unwrap();
    let grid = &sheet::grids(&path).unwrap()[0];
    let texts: Vec<&str> = (0..4).map(|c| grid.text(0, c)).collect();
    assert_eq!(texts, ["81.89%", "81.89%", "81.89%", "0.8189"]);
}

#[test]
fn hidden_and_chart_sheets_are_noted_not_read() {
    let dir = temp();
    let path = small_xlsx(dir.path(), "hidden.xlsx", |book| {
        let copy = book.add_worksheet().set_name("旧版").unwrap();
        put(copy, SMALL);
        copy.set_hidden(true);
        let mut chart = rust_xlsxwriter::Chart::new(rust_xlsxwriter::ChartType::Column);
        chart.add_series().set_values("项目!$G$4:$G$5");
        book.add_chartsheet().insert_chart(0, 0, &chart).unwrap();
    });
    let Loaded { sheets, notes } = load(&path, &Overrides::default()).unwrap();
    assert_eq!(sheets.len(), 1);
    let messages: Vec<&str> = notes.iter().map(|n| n.message.zh.as_str()).collect();
    assert_eq!(notes.len(), 2, "{messages:?}");
    assert!(notes.iter().all(|n| n.rule == "sheet-skipped"));
    assert!(
        messages[0].contains("旧版") && messages[0].contains("隐藏"),
        "{}",
        messages[0]
    );
    assert!(
        messages[1].contains("Chart1") && messages[1].contains("图表"),
        "{}",
        messages[1]
    );
    // Only the visible worksheet is read.
    assert_eq!(sheet::grids(&path).unwrap().len(), 1);
}

#[test]
fn a_very_hidden_worksheet_in_hand_written_xml() {
    let dir = temp();
    let path = dir.path().join("very-hidden.xlsx");
    let mut parts = workbook_parts("", &[("表", "visible"), ("底稿", "veryHidden")]);
    parts.push((
        "xl/worksheets/sheet1.xml",
        worksheet_xml(&small_sheet_data(""), ""),
    ));
    parts.push((
        "xl/worksheets/sheet2.xml",
        worksheet_xml(&small_sheet_data(""), ""),
    ));
    package(&path, &parts);
    let Loaded { sheets, notes } = load(&path, &Overrides::default()).unwrap();
    assert_eq!(sheets.len(), 1);
    assert_eq!(notes.len(), 1);
    assert!(notes[0].message.zh.contains("底稿"));
}

#[test]
fn merged_ranges_over_the_header_and_over_each_other() {
    // Excel never writes these, but a file can hold them: a merge from the header row down
    // into the indicators with another crossing it, one the size of the sheet, a reversed and
    // a repeated range. A merge only lends its text to blank cells, and every cell here holds
    // its own, so each reads exactly as the form without merges.
    let dir = temp();
    let worksheet = |merges: &str| {
        let path = dir.path().join("merged.xlsx");
        let mut parts = workbook_parts("", &[("表", "visible")]);
        parts.push((
            "xl/worksheets/sheet1.xml",
            worksheet_xml(&small_sheet_data(""), merges),
        ));
        package(&path, &parts);
        one(&path)
    };
    let plain = worksheet("");
    assert_eq!(plain.indicators.len(), 2);
    for merges in [
        r#"<mergeCell ref="A3:D5"/><mergeCell ref="C2:E4"/>"#,
        r#"<mergeCell ref="A1:XFD1048576"/>"#,
        r#"<mergeCell ref="B3:B3"/><mergeCell ref="B3:C3"/><mergeCell ref="D4:B3"/>"#,
    ] {
        let merged = worksheet(&format!("<mergeCells>{merges}</mergeCells>"));
        assert_eq!(merged.indicators, plain.indicators, "{merges}");
        assert_eq!(merged.total, plain.total, "{merges}");
    }
}

#[test]
fn prefixed_names_comments_and_crlf_read_as_plain_xml() {
    // Some writers (the Open XML SDK) prefix every element (`x:c`), others add comments and
    // CRLF line ends between tags; the cells are the same.
    let dir = temp();
    let plain = dir.path().join("plain.xlsx");
    let mut parts = workbook_parts("", &[("表", "visible")]);
    parts.push((
        "xl/worksheets/sheet1.xml",
        worksheet_xml(&small_sheet_data(""), ""),
    ));
    package(&plain, &parts);
    let mut data = small_sheet_data("");
    for (from, to) in [
        ("<row ", "<!-- 行 -->\r\n<x:row "),
        ("</row>", "</x:row>"),
        ("<c ", "<x:c "),
        ("</c>", "</x:c>"),
        ("<is>", "<x:is>"),
        ("</is>", "</x:is>"),
        ("<t>", "<x:t>"),
        ("</t>", "</x:t>"),
    ] {
        data = data.replace(from, to);
    }
    let prefixed = dir.path().join("prefixed.xlsx");
    let mut parts = workbook_parts("", &[("表", "visible")]);
    parts.push((
        "xl/worksheets/sheet1.xml",
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><x:sheetData>{data}</x:sheetData></x:worksheet>"
        ),
    ));
    package(&prefixed, &parts);
    assert_ne!(data, small_sheet_data(""));
    assert_eq!(
        sheet::grids(&prefixed).unwrap(),
        sheet::grids(&plain).unwrap()
    );
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_unpacked() {
    let dir = temp();
    let path = dir.path().join("bomb.xlsx");
    let mut parts = workbook_parts("", &[("表", "visible")]);
    parts.push((
        "xl/worksheets/sheet1.xml",
        worksheet_xml(&small_sheet_data(""), ""),
    ));
    package(&path, &parts);
    // Make the central directory claim the worksheet unpacks to 4 GiB, as a crafted file does.
    let mut bytes = std::fs::read(&path).unwrap();
    let name = b"xl/worksheets/sheet1.xml";
    let record = (0..bytes.len() - name.len())
        .find(|&i| bytes[i..].starts_with(b"PK\x01\x02") && bytes[i + 46..].starts_with(name))
        .unwrap();
    bytes[record + 24..record + 28].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
    std::fs::write(&path, &bytes).unwrap();
    let findings = refused(&path);
    assert_refused(
        &findings,
        "sheet-syntax",
        &["xl/worksheets/sheet1.xml", "64 MiB"],
    );
    assert!(findings[0].message.en.contains("zip bomb"));
}

#[test]
fn a_damaged_worksheet_is_named() {
    let dir = temp();
    let path = dir.path().join("damaged.xlsx");
    // The Chinese message names the worksheet and the part; the English one says what is wrong.
    let damaged = |data: &str, detail: &str| {
        raw_xlsx(&path, data);
        let findings = refused(&path);
        assert_refused(
            &findings,
            "sheet-syntax",
            &["工作表“表”已损坏", "xl/worksheets/sheet1.xml"],
        );
        assert!(
            findings[0].message.en.contains(detail),
            "{}",
            findings[0].message.en
        );
        assert!(
            !findings[0].message.zh.contains(detail),
            "{}",
            findings[0].message.zh
        );
    };
    damaged(
        r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#,
        "shared string 0",
    );
    damaged(r#"<row r="1"><c r="1A"><v>1</v></c></row>"#, "1A");
    damaged(
        r#"<row r="1"><c r="A1" t="str"><v>&bogus;</v></c></row>"#,
        "&bogus;",
    );
}

// ---------------------------------------------------------------------------------------------
// CSV encodings.

fn small_csv() -> String {
    SMALL
        .iter()
        .map(|row| row.join(","))
        .collect::<Vec<_>>()
        .join("\r\n")
}

fn csv_file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn csv_in_every_encoding_excel_writes() {
    let dir = temp();
    let text = small_csv();
    let utf8 = text.as_bytes().to_vec();
    let bom: Vec<u8> = b"\xEF\xBB\xBF"
        .iter()
        .copied()
        .chain(utf8.clone())
        .collect();
    let gbk = encoding_rs::GB18030.encode(&text).0.into_owned();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            text.replace(',', "\t")
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    for (name, bytes) in [
        ("utf8.csv", utf8),
        ("bom.csv", bom),
        ("gbk.csv", gbk),
        ("utf16.csv", utf16),
    ] {
        let sheet = one(csv_file(dir.path(), name, &bytes));
        assert_eq!(sheet.indicators.len(), 2, "{name}");
        assert_eq!(sheet.indicators[1].name.value, "群众出行条件", "{name}");
        assert_eq!(
            value(&sheet.project).as_deref(),
            Some("村级道路养护"),
            "{name}"
        );
        assert!(sheet.notes.is_empty(), "{name}: {:?}", sheet.notes);
        assert_eq!(sheet.indicators[1].name.pos, cell(name, "D5"), "{name}");
    }
}

#[test]
fn csv_rows_are_numbered_as_a_spreadsheet_program_opens_them() {
    // A blank line is an empty row; a quoted field with line breaks stays in its row.
    let dir = temp();
    let mut text = small_csv();
    text = text.replacen("\r\n", "\r\n\r\n", 1);
    text = text.replace("部分路段排水不畅", "\"部分路段\r\n排水不畅\"");
    let sheet = one(csv_file(dir.path(), "x.csv", text.as_bytes()));
    assert_eq!(sheet.indicators[1].name.pos, cell("x.csv", "D6"));
    let total = sheet.total.as_ref().unwrap();
    assert_eq!(total.score.as_ref().unwrap().pos, cell("x.csv", "H7"));
    assert_eq!(
        value(&sheet.indicators[1].reason).as_deref(),
        Some("部分路段\r\n排水不畅")
    );
}

#[test]
fn an_undecodable_byte_is_a_warning_naming_its_line() {
    let dir = temp();
    let mut gbk = encoding_rs::GB18030.encode(&small_csv()).0.into_owned();
    // A lone lead byte in the middle of line 5's reason.
    let at = gbk.len()
        - encoding_rs::GB18030
            .encode("36,部分路段排水不畅\r\n总分,,,,,,100,86")
            .0
            .len()
        + 5;
    gbk.insert(at, 0x81);
    let sheet = one(csv_file(dir.path(), "bad.csv", &gbk));
    let notes = notes_of(&sheet, "sheet-encoding");
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].severity, Severity::Warning);
    assert!(
        notes[0].message.zh.contains("第 5 行"),
        "{}",
        notes[0].message.zh
    );
    assert!(matches!(notes[0].pos, Pos::Text { line: 5, .. }));
    assert_eq!(sheet.indicators.len(), 2);
}

#[test]
fn an_empty_or_malformed_csv() {
    let dir = temp();
    assert_refused(
        &refused(csv_file(dir.path(), "empty.csv", b"")),
        "sheet-syntax",
        &["为空"],
    );
    assert_refused(
        &refused(csv_file(
            dir.path(),
            "list.csv",
            "序号,名称\n1,道路\n".as_bytes(),
        )),
        "sheet-schema",
        &["没有找到自评表"],
    );
}

/// After the 襄阳 municipal form (tests/real/hubei_xiangyang_hospital_2021_dongjin.yaml) and the
/// national form as clerks fill it: the budget block's weight only in its title, amounts written
/// with their unit, weights written with 分, and the claimed grade printed in the 总分 row
/// without a label.
#[test]
fn weights_units_and_grades_where_forms_print_them() {
    let dir = temp();
    let text = "2021年度财政项目绩效自评表,,,,,,\n\
项目名称,东津院区建设补助,,,,,\n\
预算执行情况（万元）（20分）,,预算数(A),执行数(B),执行率(B/A),得分,\n\
,年度财政资金总额,1000万元,10000000元,100%,20,\n\
绩效指标,一级指标,二级指标,三级指标,年度指标值,实际完成值,分值,得分\n\
,产出指标,数量指标,院区建成,1个,1个,40分,40\n\
,效益指标,经济效益,医疗收入,5亿元,6.47亿元,40分,40\n\
,总分,,,,,100,100,优\n";
    let path = csv_file(dir.path(), "xiangyang.csv", text.as_bytes());
    let sheet = one(&path);
    let budget = sheet.budget.as_ref().unwrap();
    assert_eq!(value(&budget.total.weight), Some(Decimal::from(20)));
    assert_eq!(value(&budget.total.full_year), Some(Decimal::from(1000)));
    assert_eq!(value(&budget.total.executed), Some(Decimal::from(1000)));
    assert_eq!(value(&sheet.indicators[0].weight), Some(Decimal::from(40)));
    let total = sheet.total.as_ref().unwrap();
    assert_eq!(value(&total.grade).as_deref(), Some("优"));
    assert_eq!(
        total.grade.as_ref().unwrap().pos,
        cell("xiangyang.csv", "I8")
    );
}
