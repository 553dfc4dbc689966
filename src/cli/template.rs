//! `jixiao template --kind department|project -o OUT.xlsx`: a blank form in the standard
//! layout, which `check` reads back once it is filled in.

use std::path::PathBuf;
use std::process::ExitCode;

use jixiao::lang::Lang;
use jixiao::sheet::{self, Sheet};

use super::check::Kind;

#[derive(clap::Args)]
pub struct Args {
    /// 表的类型 / the kind of form
    #[arg(long, value_enum)]
    kind: Kind,
    /// 预算年度（写入标题）/ the budget year, printed in the title
    #[arg(long, default_value_t = 2025)]
    year: i32,
    /// 输出文件（.xlsx）/ output workbook
    #[arg(short, long, value_name = "OUT.xlsx")]
    output: PathBuf,
}

pub fn run(args: &Args, lang: Lang) -> ExitCode {
    let kind = match args.kind {
        Kind::Department => sheet::SheetKind::Department,
        Kind::Project => sheet::SheetKind::Project,
    };
    match sheet::write_xlsx(&[Sheet::blank(kind, args.year)], &args.output) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            super::print_findings(&e.findings, lang);
            ExitCode::from(2)
        }
    }
}
