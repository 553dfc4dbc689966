//! `jixiao rules [NAME]`: the checks, or one check's docs.

use std::process::ExitCode;

use jixiao::checks;
use jixiao::lang::Lang;

#[derive(clap::Args)]
pub struct Args {
    /// 检查项名称 / check name
    name: Option<String>,
}

pub fn run(args: &Args, lang: Lang) -> ExitCode {
    let Some(name) = &args.name else {
        for rule in checks::REGISTRY {
            let summary = match lang {
                Lang::Zh => rule.summary_zh,
                Lang::En => rule.summary_en,
            };
            println!("{:<28} {:<8} {summary}", rule.name, rule.severity.name());
        }
        return ExitCode::SUCCESS;
    };
    match checks::lookup(name) {
        Some(rule) => {
            println!("# {}（{}）\n", rule.name, rule.severity.zh());
            println!("{}\n", rule.summary_zh);
            if lang == Lang::En {
                println!("{}\n", rule.summary_en);
            }
            println!("{}", rule.docs);
            ExitCode::SUCCESS
        }
        None => {
            let hint = jixiao::text::did_you_mean(name, checks::names())
                .map(|s| format!("（是否应为 {s}？）"))
                .unwrap_or_default();
            eprintln!("错误：没有名为 {name} 的检查项{hint}；用 jixiao rules 查看全部");
            ExitCode::from(2)
        }
    }
}
