//! `jixiao parse`: how each cell text is understood.

use std::io::Write;
use std::process::ExitCode;

use jixiao::lang::Lang;
use jixiao::value::{self, UnitTable, Value};

use super::Format;

#[derive(clap::Args)]
pub struct Args {
    /// 输出格式 / output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// 指标性质列的比较符（如 ≥）/ comparator from a separate column
    #[arg(long)]
    op: Option<String>,
    /// 度量单位列的单位（如 %）/ unit from a separate column
    #[arg(long)]
    unit: Option<String>,
    /// 单元格文本 / cell texts
    #[arg(required = true, allow_hyphen_values = true)]
    texts: Vec<String>,
}

pub fn run(args: &Args, lang: Lang) -> ExitCode {
    let op = match args.op.as_deref() {
        None => None,
        Some(text) => match value::parse_op(text) {
            Some(op) => Some(op),
            None => {
                let msg = match lang {
                    Lang::Zh => format!("错误：--op「{text}」不是比较符（应为 ≥ ≤ > < = 之一）"),
                    Lang::En => {
                        format!("error: --op \"{text}\" is not a comparator (one of ≥ ≤ > < =)")
                    }
                };
                eprintln!("{msg}");
                return ExitCode::from(2);
            }
        },
    };
    let values: Vec<Value> = args
        .texts
        .iter()
        .map(|t| value::parse_with(t, op, args.unit.as_deref(), UnitTable::standard()))
        .collect();
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        Format::Json => {
            let array: Vec<_> = args
                .texts
                .iter()
                .zip(&values)
                .map(|(t, v)| value::to_json(t, v))
                .collect();
            let json = jixiao::report::escape::json_line(&serde_json::Value::Array(array));
            writeln!(out, "{json}")
        }
        Format::Human => args.texts.iter().zip(&values).try_for_each(|(t, v)| {
            let line = format!("「{t}」 → {}", v.describe(lang));
            writeln!(out, "{}", jixiao::report::escape::visible(&line))
        }),
    };
    let code = if values.iter().any(|v| matches!(v, Value::Error(_))) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    match written {
        Ok(()) => code,
        Err(e) => super::stdout_failed(&e, code, lang),
    }
}
