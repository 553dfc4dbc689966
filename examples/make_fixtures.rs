//! Builds the spreadsheet fixtures in tests/sheets/ (run `cargo run --example make_fixtures`):
//!
//! - `shangjie-2022-department.xlsx`: the seed sheet (its YAML transcription) written by the
//!   library's writer, in the published Henan layout;
//! - `shangjie-2022-department.csv`: that workbook saved as CSV the way Excel does in China: what
//!   each cell shows (a percentage as `81.9%`), a merged range's text in its top-left cell only,
//!   CRLF line ends, GBK (GB18030) encoded, no byte-order mark;
//! - `zhongmu-2023-farmland-project.xlsx`: a made-up 项目支出绩效自评表 in the national layout,
//!   written from its YAML twin, whose header lists its deliberate mistakes;
//! - `tests/formats/number-formats.xlsx`: no form, one column of numbers in the percent, date
//!   and other formats forms use, each with the text it shows beside it.
//!
//! The outputs are committed. The workbooks carry a fixed creation time, so that rerunning this
//! reproduces them byte for byte. The same workbooks in the older formats were saved from these
//! by LibreOffice (`soffice --headless --convert-to xls|ods FILE.xlsx`), and
//! `shangjie-2022-department.et` is the `.xls` under WPS's name, as WPS writes the format. The
//! seed as a web page is LibreOffice Calc's (`--convert-to html`), its title rows in the table;
//! as a Word document, that page with its two title rows moved above the table as a heading
//! and a paragraph, converted by LibreOffice Writer (`--infilter="HTML (StarWriter)"
//! --convert-to docx`), as published documents print the title above the form.

use std::path::Path;

use jixiao::sheet::{self, Sheet};
use rust_xlsxwriter::{DocProperties, ExcelDateTime};

const SEED: &str = "tests/sheets/shangjie-2022-department.yaml";
const PROJECT: &str = "tests/sheets/zhongmu-2023-farmland-project.yaml";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let seed = sheet::read_path(Path::new(SEED))?;
    let xlsx = Path::new("tests/sheets/shangjie-2022-department.xlsx");
    save(&seed, xlsx)?;
    save_as_csv(xlsx, Path::new("tests/sheets/shangjie-2022-department.csv"))?;
    let project = sheet::read_path(Path::new(PROJECT))?;
    save(
        &project,
        Path::new("tests/sheets/zhongmu-2023-farmland-project.xlsx"),
    )?;
    save_number_formats(Path::new("tests/formats/number-formats.xlsx"))?;
    Ok(())
}

/// Numbers in column A, each in a format a form uses, and in column B the text the cell shows.
fn save_number_formats(path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let cells: &[(f64, &str, &str)] = &[
        (0.819, "0.0%", "81.9%"),
        (1.0, "0%", "100%"),
        (0.9, "0.00%", "90.00%"),
        (0.0, "0%", "0%"),
        (0.5, "0.0%;[Red]-0.0%", "50.0%"),
        (44742.0, "yyyy-mm-dd", "2022-06-30"),
        (44742.0, "yyyy\"年\"m\"月\"d\"日\"", "2022-06-30"),
        (1505.6, "#,##0.00", "1505.6"),
        (12.0, "General", "12"),
        (0.25, "0.00", "0.25"),
    ];
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("格式")?;
    for (row, (value, code, shown)) in cells.iter().enumerate() {
        let row = u32::try_from(row)?;
        let format = rust_xlsxwriter::Format::new().set_num_format(*code);
        sheet.write_number_with_format(row, 0, *value, &format)?;
        sheet.write_string(row, 1, *shown)?;
    }
    let created = ExcelDateTime::from_ymd(2024, 1, 1)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    book.save(path)?;
    Ok(())
}

/// The writer's workbook for one sheet, saved with a fixed creation time.
fn save(sheet: &Sheet, path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let mut book = sheet::workbook(std::slice::from_ref(sheet))?;
    let created = ExcelDateTime::from_ymd(2024, 1, 1)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    book.save(path)?;
    Ok(())
}

/// What Excel's "CSV (逗号分隔)" writes for the first worksheet of `xlsx`: every row up to the
/// last used column, the text each cell shows, in the system code page (GBK).
fn save_as_csv(xlsx: &Path, csv_path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let grids = sheet::grids(xlsx)?;
    let grid = grids.first().ok_or("the workbook has no worksheet")?;
    let (last_row, last_col) = grid.extent().ok_or("the worksheet is empty")?;
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in 0..=last_row {
        let fields: Vec<&str> = (0..=last_col).map(|col| grid.text(row, col)).collect();
        out.write_record(&fields)?;
    }
    let text = String::from_utf8(out.into_inner()?)?;
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&text);
    if unmappable {
        return Err("a character has no GB18030 form".into());
    }
    std::fs::write(csv_path, bytes)?;
    Ok(())
}
