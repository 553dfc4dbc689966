//! Forms published as Word documents and web pages: each table reads into the same grid as a
//! worksheet, so the seed saved as .docx or .html reads and scores exactly as the .xlsx; cells
//! are named `表1!F12`; broken documents are refused with a diagnostic naming the file.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use jixiao::diagnostic::{Finding, Pos};
use jixiao::engine::{self, Report};
use jixiao::sheet::{self, Overrides, Sheet};

const SEED: &str = "tests/sheets/shangjie-2022-department";

fn load(path: impl AsRef<Path>) -> Vec<Sheet> {
    sheet::load(path.as_ref(), &Overrides::default())
        .unwrap()
        .sheets
}

fn one(path: impl AsRef<Path>) -> Sheet {
    let mut sheets = load(path);
    assert_eq!(sheets.len(), 1);
    sheets.remove(0)
}

fn refused(path: impl AsRef<Path>) -> Vec<Finding> {
    sheet::load(path.as_ref(), &Overrides::default())
        .unwrap_err()
        .findings
}

fn evaluate(sheet: &Sheet) -> Report {
    let scheme = jixiao::scheme::bundled("henan-2022-department")
        .unwrap()
        .unwrap();
    engine::evaluate(&scheme, sheet)
}

fn rules_by_row(report: &Report) -> BTreeSet<(String, Option<usize>)> {
    report
        .findings
        .iter()
        .map(|f| (f.rule.to_string(), f.indicator))
        .collect()
}

fn cell(sheet: &str, row: u32, col: u32) -> Pos {
    Pos::Cell {
        sheet: sheet.into(),
        row,
        col,
    }
}

/// The sheet with every position left out, to compare what was read.
fn values(sheet: &Sheet) -> String {
    let text = format!(
        "{:?}",
        Sheet {
            source: jixiao::diagnostic::SourceFile::new("", ""),
            ..sheet.clone()
        }
    );
    // Positions print as `pos: Cell { … }` or `pos: File`.
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("pos: ") {
        out.push_str(&rest[..at]);
        rest = &rest[at + "pos: ".len()..];
        let end = if rest.starts_with("Cell") {
            rest.find('}').map_or(rest.len(), |i| i + 1)
        } else {
            rest.find([',', ' ', '}']).unwrap_or(rest.len())
        };
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn assert_reads_as_the_xlsx(read: &Sheet, what: &str) {
    let xlsx = one(format!("{SEED}.xlsx"));
    assert_eq!(values(read), values(&xlsx), "{what}");
    assert!(read.notes.is_empty(), "{what}: {:?}", read.notes);
    let (report, expected) = (evaluate(read), evaluate(&xlsx));
    assert_eq!(report.total.computed.to_string(), "99.01", "{what}");
    assert_eq!(report.total.claimed, expected.total.claimed, "{what}");
    assert_eq!(rules_by_row(&report), rules_by_row(&expected), "{what}");
}

#[test]
fn the_seed_as_a_web_page_reads_and_scores_as_the_xlsx() {
    let html = one(format!("{SEED}.html"));
    assert_reads_as_the_xlsx(&html, "html");
    // Calc's page keeps the title rows in its table: cells are where the workbook has them.
    assert_eq!(html.indicators[5].actual.pos, cell("表1", 24, 5));
    assert_eq!(html.year.as_ref().unwrap().pos, cell("表1", 1, 0));
}

#[test]
fn the_seed_as_a_word_document_reads_and_scores_as_the_xlsx() {
    let docx = one(format!("{SEED}.docx"));
    assert_reads_as_the_xlsx(&docx, "docx");
    // The title and year are paragraphs above the table, named as the body's paragraphs; the
    // table's cells are counted from its own first row.
    assert_eq!(docx.year.as_ref().unwrap().pos, cell("正文", 1, 0));
    assert_eq!(docx.title.as_ref().unwrap().pos, cell("正文", 0, 0));
    assert_eq!(docx.indicators[5].actual.pos, cell("表1", 22, 5));
    let location = Finding::new(
        "x",
        jixiao::diagnostic::Severity::Info,
        jixiao::lang::Text::new("", ""),
        jixiao::lang::Text::new("", ""),
    )
    .at(&docx.source, docx.indicators[5].actual.pos.clone())
    .location_text();
    assert_eq!(location, format!("{SEED}.docx 表1!F23"));
}

/// The seed's page with its two title rows moved above the table as a heading and a
/// paragraph, encoded as `encoding` and declaring `charset` (none when empty).
fn page_with_title_above(encoding: &'static encoding_rs::Encoding, charset: &str) -> Vec<u8> {
    let page = std::fs::read_to_string(format!("{SEED}.html")).unwrap();
    let first = page.find("<tr>").unwrap();
    let third = first + 1 + page[first + 1..].find("<tr>").unwrap();
    let third = third + 1 + page[third + 1..].find("<tr>").unwrap();
    let mut page = format!("{}{}", &page[..first], &page[third..]);
    page = page.replacen(
        "<table",
        "<h1 style=\"text-align:center\">部门整体自评表</h1>\n<p>（2022年度）</p>\n<table",
        1,
    );
    page = page.replace(
        "<meta http-equiv=\"content-type\" content=\"text/html; charset=utf-8\"/>",
        &if charset.is_empty() {
            String::new()
        } else {
            format!("<meta http-equiv=\"Content-Type\" content=\"text/html; charset={charset}\">")
        },
    );
    encoding.encode(&page).0.into_owned()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn a_gbk_page_with_its_title_above_the_table() {
    let dir = tempfile::tempdir().unwrap();
    for (name, charset) in [("gb2312.html", "gb2312"), ("undeclared.htm", "")] {
        let bytes = page_with_title_above(encoding_rs::GBK, charset);
        assert!(std::str::from_utf8(&bytes).is_err());
        let sheet = one(write(dir.path(), name, &bytes));
        assert_reads_as_the_xlsx(&sheet, name);
        assert_eq!(
            sheet.year.as_ref().unwrap().pos,
            cell("正文", 1, 0),
            "{name}"
        );
    }
}

#[test]
fn a_document_holding_several_forms_gives_one_sheet_per_form() {
    let dir = tempfile::tempdir().unwrap();
    let page = String::from_utf8(page_with_title_above(encoding_rs::UTF_8, "utf-8")).unwrap();
    let (head, body) = page.split_at(page.find("<h1").unwrap());
    let body = &body[..body.find("</body>").unwrap()];
    let notes = "<p>填表说明：</p><table><tr><td>序号</td><td>说明</td></tr><tr><td>1</td><td>金额单位为万元</td></tr></table>";
    let two = format!("{head}{body}{notes}{body}</body></html>");
    let loaded = sheet::load(
        &write(dir.path(), "two.html", two.as_bytes()),
        &Overrides::default(),
    )
    .unwrap();
    assert_eq!(loaded.sheets.len(), 2);
    for (sheet, table) in loaded.sheets.iter().zip(["表1", "表3"]) {
        assert_reads_as_the_xlsx(sheet, table);
        assert!(
            matches!(&sheet.indicators[0].name.pos, Pos::Cell { sheet, .. } if &**sheet == table)
        );
    }
    // The second form's title is the body's fourth paragraph: the notes' title and the first
    // form's two come before it.
    assert_eq!(
        loaded.sheets[1].year.as_ref().unwrap().pos,
        cell("正文", 4, 0)
    );
    assert!(
        loaded
            .notes
            .iter()
            .any(|n| n.rule == "sheet-skipped" && n.message.zh.contains("表2")),
        "{:?}",
        loaded.notes
    );
}

#[test]
fn entities_scripts_and_nested_tables_in_cells() {
    let dir = tempfile::tempdir().unwrap();
    let page = String::from_utf8(page_with_title_above(encoding_rs::UTF_8, "")).unwrap();
    // The seed's 预算执行率 row: its 偏差原因 cell is the row's last, written empty.
    let row = page.find("预算执行率").unwrap();
    let end = row + page[row..].find("</tr>").unwrap();
    let last = page[..end].rfind("<td").unwrap();
    let reason = "&lt;script&gt;alert(1)&lt;/script&gt; 执行率&ge;90%<script>document.title='x'</script><table><tr><td>嵌套</td><td>表格</td></tr></table>";
    let cell_end = last + page[last..].find("</td>").unwrap();
    let open_end = last + page[last..].find('>').unwrap() + 1;
    let page = format!("{}{reason}{}", &page[..open_end], &page[cell_end..]);
    let sheet = one(write(dir.path(), "x.html", page.as_bytes()));
    let reason = sheet.indicators[5].reason.as_ref().unwrap();
    assert_eq!(
        reason.value,
        "<script>alert(1)</script> 执行率≥90%\n嵌套\n表格"
    );
    let xlsx = one(format!("{SEED}.xlsx"));
    assert_eq!(sheet.indicators.len(), xlsx.indicators.len());
}

/// A minimal Word document whose body is `body`.
fn docx(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    let options = zip::write::SimpleFileOptions::default();
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    for (part, text) in [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#,
        ),
        ("word/document.xml", document.as_str()),
    ] {
        zip.start_file(part, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    path
}

fn paragraph(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

fn row(cells: &[&str]) -> String {
    let cells: String = cells
        .iter()
        .map(|c| format!("<w:tc>{}</w:tc>", paragraph(c)))
        .collect();
    format!("<w:tr>{cells}</w:tr>")
}

#[test]
fn word_merges_paragraphs_and_properties() {
    let dir = tempfile::tempdir().unwrap();
    let body = format!(
        "{}{}<w:tbl><w:tblPr><w:tblW w:w=\"0\"/></w:tblPr>{}<w:tr><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>{}</w:tc><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr><w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr><w:r><w:t xml:space=\"preserve\">a </w:t></w:r><w:r><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t></w:r><w:del><w:r><w:delText>删去</w:delText></w:r></w:del></w:p></w:tc></w:tr><w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr><w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr><w:tc>{}</w:tc></w:tr></w:tbl>",
        paragraph("很长的正文".repeat(30).as_str()),
        paragraph("2022年度项目支出绩效自评表"),
        row(&["一", "二", "三"]),
        paragraph("合并"),
        paragraph("x"),
        paragraph("y"),
        paragraph("z"),
    );
    let path = docx(dir.path(), "x.docx", &body);
    let grids = sheet::grids(&path).unwrap();
    assert_eq!(grids.len(), 1);
    let grid = &grids[0];
    assert_eq!(grid.name(), "表1");
    // Only the short paragraph just above the table is put above it, as the body's second.
    assert_eq!(grid.text(0, 0), "2022年度项目支出绩效自评表");
    assert_eq!(grid.pos(0, 0), cell("正文", 1, 0));
    assert_eq!(grid.text(1, 2), "三");
    assert_eq!(grid.pos(1, 2), cell("表1", 0, 2));
    assert_eq!(grid.text(2, 0), "合并");
    assert_eq!(grid.shown(3, 0).0, "合并");
    assert_eq!(grid.text(2, 1), "a \tb\nc");
    assert_eq!(grid.shown(2, 2).0, "a \tb\nc");
    assert_eq!((grid.text(3, 1), grid.text(3, 2)), ("x", "y"));
    assert_eq!(grid.text(4, 1), "z");
}

#[test]
fn a_word_table_nested_in_a_cell_is_that_cells_text() {
    let dir = tempfile::tempdir().unwrap();
    let nested = format!(
        "<w:tbl>{}{}</w:tbl>",
        row(&["内1", "内2"]),
        row(&["内3", ""])
    );
    let body = format!(
        "<w:tbl>{}<w:tr><w:tc>{}{nested}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>{}<w:tbl>{}</w:tbl>",
        row(&["a", "b"]),
        paragraph("外"),
        paragraph("右"),
        paragraph("表二"),
        row(&["c"]),
    );
    let grids = sheet::grids(&docx(dir.path(), "nested.docx", &body)).unwrap();
    assert_eq!(grids.len(), 2);
    assert_eq!(grids[0].text(1, 0), "外\n内1\n内2\n内3");
    assert_eq!(grids[0].text(1, 1), "右");
    assert_eq!((grids[1].name(), grids[1].text(0, 0)), ("表2", "表二"));
    assert_eq!(grids[1].pos(1, 0), cell("表2", 0, 0));
}

fn assert_refused(findings: &[Finding], words: &[&str]) {
    let f = &findings[0];
    assert_eq!(f.rule, "sheet-syntax", "{}", f.message.zh);
    for word in words {
        assert!(f.message.zh.contains(word), "{}", f.message.zh);
    }
    assert!(f.file.is_some());
}

#[test]
fn broken_documents_are_refused_naming_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    // Cut short.
    let page = std::fs::read(format!("{SEED}.html")).unwrap();
    let cut = write(dir.path(), "cut.html", &page[..page.len() / 2]);
    assert_refused(&refused(cut), &["网页", "不完整", "</table>"]);
    let word = std::fs::read(format!("{SEED}.docx")).unwrap();
    let cut = write(dir.path(), "cut.docx", &word[..word.len() / 2]);
    assert_refused(&refused(cut), &["Word 文档", "已损坏"]);
    // No table; a web page is never read as YAML.
    let none = write(
        dir.path(),
        "none.html",
        "<html><body><p>2022年度自评报告</p></body></html>".as_bytes(),
    );
    assert_refused(&refused(none), &["网页中没有表格"]);
    let none = docx(dir.path(), "none.docx", &paragraph("正文"));
    assert_refused(&refused(none), &["Word 文档中没有表格"]);
    // A table of 100,000 rows.
    let rows = "<tr><td>1</td><td>2</td></tr>".repeat(100_000);
    let long = write(
        dir.path(),
        "long.html",
        format!("<table>{rows}</table>").as_bytes(),
    );
    assert_refused(&refused(long), &["表1", "10000 行"]);
    let rows = row(&["1", "2"]).repeat(100_000);
    let long = docx(dir.path(), "long.docx", &format!("<w:tbl>{rows}</w:tbl>"));
    assert_refused(&refused(long), &["表1", "10000 行"]);
    // A cell of 10 MB.
    let text = "很".repeat(10 * 1024 * 1024 / 3);
    let big = write(
        dir.path(),
        "big.html",
        format!("<table><tr><td>a</td><td>{text}</td></tr></table>").as_bytes(),
    );
    assert_refused(&refused(big), &["表1!B1", "KiB"]);
    let big = docx(
        dir.path(),
        "big.docx",
        &format!("<w:tbl>{}</w:tbl>", row(&["a", &text])),
    );
    assert_refused(&refused(big), &["表1!B1", "KiB"]);
    // Deeply nested tables cost no stack.
    let nested = format!(
        "<table><tr><td>{}x{}</td></tr></table>",
        "<table><tr><td>".repeat(20_000),
        "</td></tr></table>".repeat(20_000)
    );
    let nested = write(dir.path(), "nested.html", nested.as_bytes());
    let findings = refused(nested);
    assert_eq!(findings[0].rule, "sheet-schema");
    assert!(findings[0].message.zh.contains("没有找到自评表"));
}

/// Every new reader, on its fixture cut short or with a byte changed at many places, reads or
/// refuses: it never panics. (An xls goes through calamine, which can panic on a damaged
/// file; the walk of its formats is tried alone in `xls_formats.rs`.)
#[test]
fn damaged_files_of_every_new_format_are_read_or_refused() {
    let dir = tempfile::tempdir().unwrap();
    for extension in ["ods", "docx", "html"] {
        let bytes = std::fs::read(format!("{SEED}.{extension}")).unwrap();
        let path = dir.path().join(format!("x.{extension}"));
        let step = bytes.len() / 60;
        for at in (1..bytes.len()).step_by(step) {
            std::fs::write(&path, &bytes[..at]).unwrap();
            let _ = sheet::load(&path, &Overrides::default());
            let mut flipped = bytes.clone();
            flipped[at] ^= 0x5A;
            std::fs::write(&path, &flipped).unwrap();
            let _ = sheet::load(&path, &Overrides::default());
        }
    }
}
