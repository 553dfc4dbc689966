//! Builds the spreadsheet fixtures in tests/sheets/ (run `cargo run --example make_fixtures`):
//!
//! - `shangjie-2022-department.xlsx`: the seed sheet (its YAML transcription) written by the
//!   library's writer, in the published Henan layout;
//! - `shangjie-2022-department.csv`: that workbook saved as CSV the way Excel does in China: what
//!   each cell shows (a percentage as `81.9%`), a merged range's text in its top-left cell only,
//!   CRLF line ends, GBK (GB18030) encoded, no byte-order mark;
//! - `zhongmu-2023-farmland-project.xlsx`: a made-up 项目支出绩效自评表 in the national layout,
//!   written from its YAML twin, whose header lists its deliberate mistakes.
//!
//! The outputs are committed. The workbooks carry a fixed creation time, so that rerunning this
//! reproduces them byte for byte.

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
