//! `jixiao check` and `jixiao explain`: read sheets, pick a scheme, evaluate, report.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use jixiao::diagnostic::{Finding, Severity};
use jixiao::engine::{self, Report};
use jixiao::lang::Lang;
use jixiao::report;
use jixiao::scheme::{self, Scheme};
use jixiao::sheet::{self, Sheet, SheetKind};

use super::Format;

#[derive(clap::Args)]
pub struct Args {
    /// 评分方案：内置编号或 YAML 文件路径（默认按表的类型选择）/ scheme id or path
    #[arg(long)]
    scheme: Option<String>,
    /// 输出格式 / output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// 另存一份标注了问题的复核工作簿 / write an annotated copy as an .xlsx workbook
    #[arg(long, value_name = "OUT.xlsx")]
    annotate: Option<PathBuf>,
    /// 自评表文件（YAML 或 JSON）/ sheet files
    #[arg(required = true)]
    sheets: Vec<PathBuf>,
}

#[derive(clap::Args)]
pub struct ExplainArgs {
    /// 评分方案：内置编号或 YAML 文件路径 / scheme id or path
    #[arg(long)]
    scheme: Option<String>,
    /// 自评表文件 / sheet file
    sheet: PathBuf,
}

/// The default scheme for a sheet kind.
fn default_scheme(kind: SheetKind) -> &'static str {
    match kind {
        SheetKind::Department => "henan-2022-department",
        SheetKind::Project => "mof-2020-project",
    }
}

/// Load a scheme by bundled id or path.
fn load_scheme(choice: &str) -> Result<Scheme, Vec<Finding>> {
    match scheme::bundled(choice) {
        Some(loaded) => loaded.map_err(|e| e.findings),
        None => scheme::load_path(Path::new(choice)).map_err(|e| e.findings),
    }
}

/// Read a sheet and its scheme, or the findings that stop it.
fn prepare(path: &Path, choice: Option<&str>) -> Result<(Sheet, Scheme), Vec<Finding>> {
    let sheet = sheet::read_path(path).map_err(|e| e.findings)?;
    let scheme = load_scheme(choice.unwrap_or_else(|| default_scheme(sheet.kind.value)))?;
    Ok((sheet, scheme))
}

fn summary(report: &Report, scheme: &Scheme, lang: Lang) -> String {
    let claimed = report
        .total
        .claimed
        .map_or_else(|| "—".to_string(), |c| c.normalize().to_string());
    let computed = format!(
        "{:.*}",
        scheme.rounding.places as usize, report.total.computed
    );
    let grade = report.total.grade.as_deref().unwrap_or("—");
    let (errors, warnings) = (
        report.count(Severity::Error),
        report.count(Severity::Warning),
    );
    match lang {
        Lang::Zh => format!(
            "{}：自评 {claimed} → 复核 {computed}，{grade}，{errors} 个错误，{warnings} 个警告（评分方案 {}）",
            report.sheet.path, scheme.id
        ),
        Lang::En => format!(
            "{}: claimed {claimed} → recomputed {computed}, {grade}, {errors} errors, {warnings} warnings (scheme {})",
            report.sheet.path, scheme.id
        ),
    }
}

pub fn run(args: &Args, lang: Lang) -> ExitCode {
    let mut worst = 0u8;
    let mut checked = Vec::new();
    let stdout = std::io::stdout();
    for path in &args.sheets {
        let (sheet, scheme) = match prepare(path, args.scheme.as_deref()) {
            Ok(pair) => pair,
            Err(findings) => {
                super::print_findings(&findings, lang);
                worst = 2;
                continue;
            }
        };
        let report = engine::evaluate(&scheme, &sheet);
        if report.count(Severity::Error) > 0 {
            worst = worst.max(1);
        }
        let mut out = stdout.lock();
        let written = match args.format {
            Format::Json => writeln!(out, "{}", report::report_json(&sheet, &report, lang)),
            Format::Human => {
                let plain = !std::io::IsTerminal::is_terminal(&std::io::stdout());
                write!(
                    out,
                    "{}",
                    report::human::render(&report.findings, lang, plain, Some(&sheet))
                )
                .and_then(|()| writeln!(out, "{}", summary(&report, &scheme, lang)))
            }
        };
        if written.is_err() {
            return ExitCode::from(2);
        }
        if args.annotate.is_some() {
            checked.push((sheet, report));
        }
    }
    if let Some(out) = &args.annotate {
        let pairs: Vec<_> = checked.iter().map(|(s, r)| (s, r)).collect();
        if let Err(e) = report::xlsx::annotate(&pairs, lang, out) {
            eprintln!("{}", e.0.get(lang));
            return ExitCode::from(2);
        }
    }
    ExitCode::from(worst)
}

pub fn explain(args: &ExplainArgs, lang: Lang) -> ExitCode {
    let (sheet, scheme) = match prepare(&args.sheet, args.scheme.as_deref()) {
        Ok(pair) => pair,
        Err(findings) => {
            super::print_findings(&findings, lang);
            return ExitCode::from(2);
        }
    };
    let report = engine::evaluate(&scheme, &sheet);
    let text = jixiao::report::explain(&sheet, &scheme, &report, lang);
    if std::io::stdout().lock().write_all(text.as_bytes()).is_err() {
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}
