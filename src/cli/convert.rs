//! `jixiao convert SHEET -o OUT.yaml|OUT.json`: any readable sheet to format sheet/1 text.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use jixiao::fsutil::{IoFailure, write_bytes};
use jixiao::lang::{Lang, Text};
use jixiao::sheet::{self, Sheet};

use super::batch::Outcome;
use super::outputs::{Inputs, conflict};

#[derive(clap::Args)]
pub struct Args {
    /// 自评表文件 / the sheet to convert
    sheet: PathBuf,
    /// 输出文件（.yaml、.yml 或 .json）；工作簿含多张表时写为 OUT-1、OUT-2 … / output file
    #[arg(short, long, value_name = "OUT")]
    output: PathBuf,
    #[command(flatten)]
    overrides: super::check::Overrides,
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

/// Where the `n`th of several sheets goes: OUT-1.yaml, OUT-2.yaml …
fn numbered(output: &Path, n: usize) -> PathBuf {
    let stem = output
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = output
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default();
    output.with_file_name(format!("{stem}-{n}.{ext}"))
}

pub fn run(args: &Args, lang: Lang) -> ExitCode {
    let inputs = Inputs {
        sheets: vec![args.sheet.clone()],
        ..Inputs::default()
    };
    if let Some(conflict) = conflict(&[&args.output], &inputs) {
        eprintln!("{}", conflict.get(lang));
        return ExitCode::from(2);
    }
    // Read in isolation, as a batch's file: a panic is an internal error.
    let loaded = match super::batch::isolated(|| sheet::load(&args.sheet, &args.overrides.get())) {
        Outcome::Done(Ok(loaded)) => loaded,
        Outcome::Done(Err(e)) => {
            super::print_findings(&e.findings, lang);
            return ExitCode::from(2);
        }
        failed => {
            super::print_findings(&[super::outcome_finding(&args.sheet, &failed)], lang);
            return ExitCode::from(2);
        }
    };
    super::print_findings(&loaded.notes, lang);
    let count = loaded.sheets.len();
    for (i, sheet) in loaded.sheets.iter().enumerate() {
        let output = if count > 1 {
            numbered(&args.output, i + 1)
        } else {
            args.output.clone()
        };
        // A numbered output is known once the workbook is read: checked before it is written.
        if let Some(conflict) = conflict(&[&output], &inputs) {
            eprintln!("{}", conflict.get(lang));
            return ExitCode::from(2);
        }
        let code = write_one(sheet, &output, lang);
        if code != ExitCode::SUCCESS {
            return code;
        }
        if count > 1 {
            let shown = output.display().to_string();
            eprintln!("{}", jixiao::report::escape::visible(&shown));
        }
    }
    ExitCode::SUCCESS
}

fn write_one(sheet: &Sheet, output: &Path, lang: Lang) -> ExitCode {
    let Some(text) = render(sheet, output) else {
        let msg = Text::new(
            "错误：输出文件应以 .yaml、.yml 或 .json 结尾",
            "error: the output file must end in .yaml, .yml or .json",
        );
        eprintln!("{}", msg.get(lang));
        return ExitCode::from(2);
    };
    match write_bytes(output, text.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(IoFailure(msg)) => {
            eprintln!("{}", msg.get(lang));
            ExitCode::from(2)
        }
    }
}
