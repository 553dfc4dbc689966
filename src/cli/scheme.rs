//! `jixiao scheme check FILE...`: a linter for scheme authors. Loading reports what makes a
//! scheme unusable (exit 2); the lints report what makes it wrong (exit 1 on an error).

use std::process::ExitCode;

use jixiao::diagnostic::Severity;
use jixiao::lang::Lang;
use jixiao::scheme;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// 检查评分方案文件 / lint scheme files
    Check {
        /// 评分方案文件或内置方案编号 / scheme files or bundled ids
        #[arg(required = true)]
        schemes: Vec<String>,
    },
}

pub fn run(args: &Args, lang: Lang) -> ExitCode {
    let Command::Check { schemes } = &args.command;
    let mut worst = 0u8;
    let plain = !std::io::IsTerminal::is_terminal(&std::io::stdout());
    for choice in schemes {
        let loaded = match scheme::bundled(choice) {
            Some(loaded) => loaded,
            None => scheme::load_path(std::path::Path::new(choice)),
        };
        let findings = match loaded {
            Ok(s) => scheme::lint(&s),
            Err(e) => {
                worst = 2;
                e.findings
            }
        };
        if findings.iter().any(|f| f.severity == Severity::Error) {
            worst = worst.max(1);
        }
        print!(
            "{}",
            jixiao::report::human::render(&findings, lang, plain, None)
        );
        let (errors, warnings) = (
            findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .count(),
            findings
                .iter()
                .filter(|f| f.severity == Severity::Warning)
                .count(),
        );
        match lang {
            Lang::Zh => println!("{choice}：{errors} 个错误，{warnings} 个警告"),
            Lang::En => println!("{choice}: {errors} errors, {warnings} warnings"),
        }
    }
    ExitCode::from(worst)
}
