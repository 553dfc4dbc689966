//! Commands of the `jixiao` binary. Exit codes: 0 clean, 1 findings (or an unreadable cell
//! in `parse`), 2 bad usage or unreadable input.

mod parse;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use jixiao::lang::Lang;

#[derive(Parser)]
#[command(
    name = "jixiao",
    version,
    about = "绩效自评表评分与检查 · score and lint budget-performance self-evaluation sheets"
)]
struct Cli {
    /// 输出语言 / language of messages
    #[arg(long, value_enum, default_value_t = Lang::Zh, global = true)]
    lang: Lang,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 解析单元格文本，显示其含义 / show how cell texts are understood
    Parse(parse::Args),
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Parse(args) => parse::run(&args, cli.lang),
    }
}
