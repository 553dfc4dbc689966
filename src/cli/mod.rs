//! Commands of the `jixiao` binary. Exit codes: 0 clean, 1 findings (or an unreadable cell
//! in `parse`), 2 bad usage or unreadable input.

/// Print to stdout, ignoring a closed pipe (`jixiao rules | head`): `println!` would panic.
/// Control characters and bidi overrides a scheme's texts may hold are shown escaped.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let text = format!($($arg)*);
        let _ = writeln!(std::io::stdout(), "{}", jixiao::report::escape::visible_lines(&text));
    }};
}

/// As `outln!`, without the line break.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let text = format!($($arg)*);
        let _ = write!(std::io::stdout(), "{}", jixiao::report::escape::visible_lines(&text));
    }};
}

mod batch;
mod check;
mod convert;
mod files;
mod outputs;
mod parse;
mod rules;
mod scheme;
mod schemes;
mod template;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use jixiao::diagnostic::{Finding, Pos, Severity, SourceFile};
use jixiao::lang::{Lang, Text};

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
    /// 按评分方案复核评分并检查自评表 / score and lint sheets against a scheme
    Check(check::Args),
    /// 把自评表转换为 sheet/1 格式的 YAML 或 JSON / convert a sheet to format sheet/1 text
    Convert(convert::Args),
    /// 逐行列出扣分明细与总分对账 / the whole ledger and how the totals reconcile
    Explain(check::ExplainArgs),
    /// 解析单元格文本，显示其含义 / show how cell texts are understood
    Parse(parse::Args),
    /// 列出检查项，或显示某项说明 / list the checks, or one check's docs
    Rules(rules::Args),
    /// 评分方案作者的工具：check、test、diff / tools for scheme authors: check, test, diff
    Scheme(scheme::Args),
    /// 列出内置评分方案，或输出其 YAML / list bundled schemes, or print one
    Schemes(schemes::Args),
    /// 生成空白自评表（标准格式的 Excel）/ write a blank form in the standard layout
    Template(template::Args),
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// "1 error", "2 errors": English counts for summary lines.
pub fn count_en(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Print findings that stop a command (unreadable input) on stderr.
pub fn print_findings(findings: &[jixiao::diagnostic::Finding], lang: Lang) {
    let plain = !std::io::IsTerminal::is_terminal(&std::io::stderr());
    eprint!(
        "{}",
        jixiao::report::human::render(findings, lang, plain, None)
    );
}

/// The finding for a file whose job did not finish: an internal error (a panic) or a time
/// budget run out.
pub fn outcome_finding<R>(path: &std::path::Path, outcome: &batch::Outcome<R>) -> Finding {
    let file = SourceFile::new(path.display().to_string(), "");
    let (rule, message, help) = match outcome {
        batch::Outcome::TimedOut(budget) => (
            "sheet-timeout",
            Text::new(
                format!(
                    "读取和检查此文件超过 {} 秒的时限，已跳过（其他文件照常检查）",
                    budget.as_secs()
                ),
                format!(
                    "reading and checking this file took more than {} s; it was skipped (the other files are checked)",
                    budget.as_secs()
                ),
            ),
            Text::new(
                "自评表只需几毫秒即可检查；请确认选对了文件，或把此文件报告给开发者",
                "a form takes milliseconds to check: check the file, or report it to the developers",
            ),
        ),
        _ => {
            let at = match outcome {
                batch::Outcome::Panicked(Some(at)) => at.as_str(),
                _ => "",
            };
            (
                "internal-error",
                Text::new(
                    "内部错误：读取或检查此文件时程序出错，已跳过此文件（其他文件照常检查）",
                    "internal error: jixiao failed while reading or checking this file; it was skipped (the other files are checked)",
                ),
                Text::new(
                    format!("请把此文件和这条信息报告给开发者（程序位置 {at}）"),
                    format!("please report this file and this message to the developers (at {at})"),
                ),
            )
        }
    };
    Finding::new(rule, Severity::Error, message, help).at(&file, Pos::File)
}

/// End a command whose standard output failed: quietly when the reader went away (`| head`),
/// with the exit code the work so far earned; else with a message and exit code 2.
pub fn stdout_failed(error: &std::io::Error, code: ExitCode, lang: Lang) -> ExitCode {
    if error.kind() == std::io::ErrorKind::BrokenPipe {
        return code;
    }
    let reason = jixiao::fsutil::io_reason(error);
    let message = Text::new(
        format!("无法写出到标准输出：{}", reason.zh),
        format!("cannot write to standard output: {}", reason.en),
    );
    eprintln!("{}", message.get(lang));
    ExitCode::from(2)
}

pub fn run() -> ExitCode {
    batch::install_panic_hook();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Check(args) => check::run(args, cli.lang),
        Command::Convert(args) => convert::run(&args, cli.lang),
        Command::Explain(args) => check::explain(&args, cli.lang),
        Command::Parse(args) => parse::run(&args, cli.lang),
        Command::Rules(args) => rules::run(&args, cli.lang),
        Command::Scheme(args) => scheme::run(&args, cli.lang),
        Command::Schemes(args) => schemes::run(&args, cli.lang),
        Command::Template(args) => template::run(&args, cli.lang),
    }
}
