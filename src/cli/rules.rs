//! `jixiao rules [NAME]`: every finding code (the checks, then what reading, schemes and
//! batches report), or one code's docs.

use std::process::ExitCode;

use std::path::Path;

use jixiao::codes::{self, Stage};
use jixiao::lang::Lang;
use jixiao::scheme;

#[derive(clap::Args)]
pub struct Args {
    /// 检查项名称 / check name
    name: Option<String>,
    /// 同时列出该评分方案的自定义检查 / include a scheme's custom checks
    #[arg(long, value_name = "ID|PATH")]
    scheme: Option<String>,
}

pub fn run(args: &Args, lang: Lang) -> ExitCode {
    let custom = match &args.scheme {
        None => Vec::new(),
        Some(choice) => {
            let loaded =
                scheme::bundled(choice).unwrap_or_else(|| scheme::load_path(Path::new(choice)));
            match loaded {
                Ok(s) => s.rules,
                Err(e) => {
                    super::print_findings(&e.findings, lang);
                    return ExitCode::from(2);
                }
            }
        }
    };
    let Some(name) = &args.name else {
        for code in codes::of(Stage::Check) {
            outln!(
                "{:<28} {:<8} {}",
                code.name,
                code.severity.name(),
                code.summary(lang)
            );
        }
        for rule in &custom {
            outln!(
                "{:<28} {:<8} {}",
                rule.name,
                rule.severity.name(),
                rule.title.get(lang)
            );
        }
        for (stage, zh, en) in [
            (Stage::Read, "读取表格", "reading a sheet"),
            (Stage::Scheme, "评分方案", "schemes"),
            (Stage::Batch, "批量检查", "batches"),
        ] {
            outln!("\n# {}", lang.pick(zh, en));
            for code in codes::of(stage) {
                outln!(
                    "{:<28} {:<8} {}",
                    code.name,
                    code.severity.name(),
                    code.summary(lang)
                );
            }
        }
        return ExitCode::SUCCESS;
    };
    if let Some(rule) = custom.iter().find(|r| &r.name == name) {
        heading(rule.name.as_str(), rule.severity, lang);
        outln!("{}\n", rule.title.get(lang));
        if !rule.docs.is_empty() {
            outln!("{}", rule.docs);
        }
        return ExitCode::SUCCESS;
    }
    match codes::lookup(name) {
        Some(code) => {
            heading(code.name, code.severity, lang);
            outln!("{}\n", code.summary(lang));
            outln!("{}", code.docs(lang));
            ExitCode::SUCCESS
        }
        None => {
            let names = codes::CODES.iter().map(|c| c.name);
            let guess = jixiao::text::did_you_mean(name, names);
            match lang {
                Lang::Zh => {
                    let hint = guess.map(|s| format!("（是否应为 {s}？）"));
                    eprintln!(
                        "错误：没有名为 {name} 的检查项{}；用 jixiao rules 查看全部",
                        hint.unwrap_or_default()
                    );
                }
                Lang::En => {
                    let hint = guess.map(|s| format!(" (did you mean {s}?)"));
                    eprintln!(
                        "error: no check named {name}{}; jixiao rules lists them all",
                        hint.unwrap_or_default()
                    );
                }
            }
            ExitCode::from(2)
        }
    }
}

/// "# score-mismatch（错误）", or "# score-mismatch (error)" in English.
fn heading(name: &str, severity: jixiao::diagnostic::Severity, lang: Lang) {
    match lang {
        Lang::Zh => outln!("# {name}（{}）\n", severity.zh()),
        Lang::En => outln!("# {name} ({})\n", severity.name()),
    }
}
