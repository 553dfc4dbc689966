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
    Show { id: String },
}

pub fn run(args: &Args, lang: Lang) -> ExitCode {
    match &args.command {
        None => {
            for id in scheme::bundled_ids() {
                match scheme::bundled(id) {
                    Some(Ok(s)) => {
                        let year = s.year.map(|y| y.to_string()).unwrap_or_default();
                        println!("{:<24} {:<11} {year:<5} {}", s.id, s.kind.name(), s.name);
                    }
                    _ => println!("{id}"),
                }
            }
            ExitCode::SUCCESS
        }
        Some(Command::Show { id }) => match scheme::bundled_source(id) {
            Some(text) => {
                print!("{text}");
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
