//! `jixiao schemes [show ID]`: the bundled schemes, or one scheme's YAML to start from.

use std::process::ExitCode;

use jixiao::lang::Lang;
use jixiao::scheme;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(clap::Subcommand)]
enum Command {
    /// 输出内置方案的 YAML / print a bundled scheme's YAML
    Show {
        /// 内置方案编号，或方案文件路径（配合 --resolved）/ bundled id, or a path with --resolved
        id: String,
        /// 展开继承（extends）后输出 / print it with its inheritance applied
        #[arg(long)]
        resolved: bool,
    },
}

pub fn run(args: &Args, lang: Lang) -> ExitCode {
    match &args.command {
        None => {
            for id in scheme::bundled_ids() {
                match scheme::bundled(id) {
                    Some(Ok(s)) => {
                        let years = match s.years {
                            (Some(f), Some(t)) => format!("{f}–{t}"),
                            (Some(f), None) => format!("{f}–"),
                            (None, Some(t)) => format!("–{t}"),
                            (None, None) => String::new(),
                        };
                        outln!("{:<24} {:<11} {years:<10} {}", s.id, s.kind.name(), s.name);
                    }
                    _ => outln!("{id}"),
                }
            }
            ExitCode::SUCCESS
        }
        Some(Command::Show { id, resolved: true }) => match scheme::resolved_yaml(id) {
            Ok(text) => {
                out!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                super::print_findings(&e.findings, lang);
                ExitCode::from(2)
            }
        },
        Some(Command::Show {
            id,
            resolved: false,
        }) => match scheme::bundled_source(id) {
            Some(text) => {
                out!("{text}");
                ExitCode::SUCCESS
            }
            None => {
                let ids: Vec<&str> = scheme::bundled_ids().collect();
                match lang {
                    Lang::Zh => eprintln!("错误：没有内置方案 {id}；可用：{}", ids.join("、")),
                    Lang::En => eprintln!(
                        "error: no bundled scheme {id}; available: {}",
                        ids.join(", ")
                    ),
                }
                ExitCode::from(2)
            }
        },
    }
}
