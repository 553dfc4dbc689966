//! `jixiao convert SHEET -o OUT.yaml|OUT.json`: any readable sheet to format sheet/1 text.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use jixiao::fsutil::{IoFailure, write_atomically};
use jixiao::lang::{Lang, Text};
use jixiao::sheet::{self, Sheet};

#[derive(clap::Args)]
pub struct Args {
    /// 自评表文件 / the sheet to convert
    sheet: PathBuf,
    /// 输出文件（.yaml、.yml 或 .json）/ output file (.yaml, .yml or .json)
    #[arg(short, long, value_name = "OUT")]
    output: PathBuf,
}

struct WriteFailed(Text);

impl From<IoFailure> for WriteFailed {
    fn from(e: IoFailure) -> Self {
        Self(e.0)
    }
}

/// The text of `sheet` in the format the output's extension names.
fn render(sheet: &Sheet, output: &Path) -> Option<String> {
    let ext = output.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "yaml" | "yml" => Some(sheet::to_yaml(sheet)),
        "json" => Some(sheet::to_json(sheet)),
        _ => None,
    }
}

pub fn run(args: &Args, lang: Lang) -> ExitCode {
    let sheet = match sheet::read_path(&args.sheet) {
        Ok(sheet) => sheet,
        Err(e) => {
            super::print_findings(&e.findings, lang);
            return ExitCode::from(2);
        }
    };
    let Some(text) = render(&sheet, &args.output) else {
        let msg = Text::new(
            "错误：输出文件应以 .yaml、.yml 或 .json 结尾",
            "error: the output file must end in .yaml, .yml or .json",
        );
        eprintln!("{}", msg.get(lang));
        return ExitCode::from(2);
    };
    let written = write_atomically(&args.output, |tmp| {
        std::fs::write(tmp, text.as_bytes()).map_err(|e| {
            WriteFailed(Text::new(
                format!("无法写入 {}：{e}", args.output.display()),
                format!("cannot write {}: {e}", args.output.display()),
            ))
        })
    });
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(WriteFailed(msg)) => {
            eprintln!("{}", msg.get(lang));
            ExitCode::from(2)
        }
    }
}
