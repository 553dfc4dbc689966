//! `jixiao scheme check | test | diff`: tools for scheme authors. `check` lints (loading
//! errors exit 2, lint errors 1); `test` runs test cases (a failure exits 1); `diff` says what
//! changed between two schemes and how sheets' totals move.

use std::process::ExitCode;

use std::path::PathBuf;

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
    /// 运行评分方案的测试案例 / run scheme test cases (*.test.yaml, or folders of them)
    Test {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// 比较两个评分方案，及其对自评表得分的影响 / what changed between two schemes
    Diff {
        a: String,
        b: String,
        /// 用这些自评表比较复核总分与等级 / compare these sheets' totals and grades
        #[arg(long = "sheet")]
        sheets: Vec<PathBuf>,
    },
}

fn load(choice: &str) -> Result<scheme::Scheme, Vec<jixiao::diagnostic::Finding>> {
    scheme::bundled(choice)
        .unwrap_or_else(|| scheme::load_path(std::path::Path::new(choice)))
        .map_err(|e| e.findings)
}

pub fn run(args: &Args, lang: Lang) -> ExitCode {
    match &args.command {
        Command::Check { schemes } => check(schemes, lang),
        Command::Test { paths } => test(paths, lang),
        Command::Diff { a, b, sheets } => diff(a, b, sheets, lang),
    }
}

fn test(paths: &[PathBuf], lang: Lang) -> ExitCode {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .into_iter()
                .flatten()
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.to_string_lossy().ends_with(".test.yaml"))
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(p.clone());
        }
    }
    let (mut passed, mut failed, mut broken) = (0usize, 0usize, false);
    for path in files {
        match jixiao::authoring::test::run_file(&path) {
            Err(e) => {
                super::print_findings(&e.findings, lang);
                broken = true;
            }
            Ok(result) => {
                outln!("{}（{}）", result.path, result.scheme);
                for case in &result.cases {
                    if case.failures.is_empty() {
                        passed += 1;
                        outln!("  ✓ {}", case.name);
                    } else {
                        failed += 1;
                        outln!("  ✗ {}", case.name);
                        for f in &case.failures {
                            outln!("      {}", f.get(lang));
                        }
                    }
                }
                if !result.uncovered.is_empty() {
                    let parts: Vec<&str> = result.uncovered.iter().map(|t| t.get(lang)).collect();
                    match lang {
                        Lang::Zh => outln!("  未被测试覆盖：{}", parts.join("、")),
                        Lang::En => outln!("  not exercised by any case: {}", parts.join(", ")),
                    }
                }
            }
        }
    }
    if lang == Lang::Zh {
        outln!("{passed} 个通过，{failed} 个失败");
    }
    outln!("{passed} passed, {failed} failed");
    ExitCode::from(if broken { 2 } else { u8::from(failed > 0) })
}

fn diff(a: &str, b: &str, sheets: &[PathBuf], lang: Lang) -> ExitCode {
    let (sa, sb) = match (load(a), load(b)) {
        (Ok(x), Ok(y)) => (x, y),
        (x, y) => {
            for findings in [x.err(), y.err()].into_iter().flatten() {
                super::print_findings(&findings, lang);
            }
            return ExitCode::from(2);
        }
    };
    let changes = jixiao::authoring::diff::diff(&sa, &sb);
    match lang {
        Lang::Zh => outln!("{} → {}：{} 处变化", sa.id, sb.id, changes.len()),
        Lang::En => outln!("{} → {}: {} changes", sa.id, sb.id, changes.len()),
    }
    for c in &changes {
        outln!("  {}", c.get(lang));
    }
    let mut status = 0u8;
    let all: Vec<(PathBuf, jixiao::sheet::Sheet)> = sheets
        .iter()
        .flat_map(
            |path| match jixiao::sheet::load(path, &jixiao::sheet::Overrides::default()) {
                Ok(loaded) => loaded
                    .sheets
                    .into_iter()
                    .map(|s| (path.clone(), s))
                    .collect(),
                Err(e) => {
                    super::print_findings(&e.findings, lang);
                    status = 2;
                    Vec::new()
                }
            },
        )
        .collect();
    for (path, sheet) in &all {
        let (ra, rb) = (
            jixiao::engine::evaluate(&sa, sheet),
            jixiao::engine::evaluate(&sb, sheet),
        );
        let grade =
            |r: &jixiao::engine::Report| r.total.grade.clone().unwrap_or_else(|| "—".to_string());
        let places = sb.rounding.places as usize;
        let delta = rb.total.computed - ra.total.computed;
        let sign = if delta > rust_decimal::Decimal::ZERO {
            "+"
        } else {
            ""
        };
        match lang {
            Lang::Zh => outln!(
                "{}：复核总分 {:.places$}（{}）→ {:.places$}（{}），变化 {sign}{:.places$}",
                path.display(),
                ra.total.computed,
                grade(&ra),
                rb.total.computed,
                grade(&rb),
                delta
            ),
            Lang::En => outln!(
                "{}: recomputed total {:.places$} ({}) → {:.places$} ({}), change {sign}{:.places$}",
                path.display(),
                ra.total.computed,
                grade(&ra),
                rb.total.computed,
                grade(&rb),
                delta
            ),
        }
    }
    ExitCode::from(status)
}

fn check(schemes: &[String], lang: Lang) -> ExitCode {
    let mut worst = 0u8;
    let plain = !std::io::IsTerminal::is_terminal(&std::io::stdout());
    for choice in schemes {
        let findings = match load(choice) {
            Ok(s) => scheme::lint(&s),
            Err(findings) => {
                worst = 2;
                findings
            }
        };
        if findings.iter().any(|f| f.severity == Severity::Error) {
            worst = worst.max(1);
        }
        out!(
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
            Lang::Zh => outln!("{choice}：{errors} 个错误，{warnings} 个警告"),
            Lang::En => outln!(
                "{choice}: {}, {}",
                super::count_en(errors, "error"),
                super::count_en(warnings, "warning")
            ),
        }
    }
    ExitCode::from(worst)
}
