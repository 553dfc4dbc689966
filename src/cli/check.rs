//! `jixiao check` and `jixiao explain`: read sheets, pick a scheme, evaluate, report.

use std::io::Write;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use jixiao::diagnostic::{Finding, Severity};
use jixiao::engine::{self, Report};
use jixiao::lang::Lang;
use jixiao::report::escape::{visible, visible_lines};
use jixiao::report::{
    self,
    summary::{self, SummaryRow},
};
use jixiao::scheme::{self, Choice, Scheme};
use jixiao::sheet::{self, Sheet};

use super::Format;
use super::batch::{Batch, Outcome};
use super::files::Files;
use super::outputs::{self, Inputs};

#[derive(clap::Args)]
pub struct Args {
    /// 评分方案：内置编号或 YAML 文件路径（默认按表的类型选择）/ scheme id or path
    #[arg(long)]
    scheme: Option<String>,
    /// 另外的评分方案目录，按表的类型与年度参与选择 / more schemes to choose from by kind and year
    #[arg(long, value_name = "DIR")]
    scheme_dir: Option<PathBuf>,
    /// 输出格式 / output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// 另存一份标注了问题的复核工作簿 / write an annotated copy as an .xlsx workbook
    #[arg(long, value_name = "OUT.xlsx")]
    annotate: Option<PathBuf>,
    /// 另存一张汇总表，每个表一行 / write a triage table, one row per sheet (.xlsx or .csv)
    #[arg(long, value_name = "OUT.xlsx|OUT.csv")]
    summary: Option<PathBuf>,
    /// 统计各检查项的发现次数 / count findings per check across the batch
    #[arg(long)]
    statistics: bool,
    #[command(flatten)]
    overrides: Overrides,
    /// 自评表文件或文件夹（xlsx、xls、et、ods、csv、docx、html、yaml、json）/ sheet files or folders
    #[arg(required = true)]
    sheets: Vec<PathBuf>,
}

/// What the reviewer knows better than the file.
#[derive(clap::Args, Clone, Copy)]
pub struct Overrides {
    /// 表的类型，覆盖从标题或标签推断的结果 / the sheet kind, overriding what the file implies
    #[arg(long, value_enum)]
    kind: Option<Kind>,
    /// 预算年度，覆盖从标题读出的年度 / the budget year, overriding the title's
    #[arg(long)]
    year: Option<i32>,
}

/// 部门整体 or 项目支出, as typed on the command line.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Kind {
    Department,
    Project,
}

impl Overrides {
    pub fn get(self) -> sheet::Overrides {
        sheet::Overrides {
            kind: self.kind.map(|k| match k {
                Kind::Department => jixiao::sheet::SheetKind::Department,
                Kind::Project => jixiao::sheet::SheetKind::Project,
            }),
            year: self.year,
        }
    }
}

#[derive(clap::Args)]
pub struct ExplainArgs {
    /// 评分方案：内置编号或 YAML 文件路径 / scheme id or path
    #[arg(long)]
    scheme: Option<String>,
    /// 另外的评分方案目录，按表的类型与年度参与选择 / more schemes to choose from by kind and year
    #[arg(long, value_name = "DIR")]
    scheme_dir: Option<PathBuf>,
    #[command(flatten)]
    overrides: Overrides,
    /// 自评表文件 / sheet file
    sheet: PathBuf,
}

/// The file `--scheme` names, unless it names a bundled scheme.
fn scheme_path(choice: Option<&str>) -> Option<PathBuf> {
    choice
        .filter(|c| scheme::bundled_source(c).is_none())
        .map(PathBuf::from)
}

/// Load a scheme by bundled id or path.
fn load_scheme(choice: &str) -> Result<Scheme, Vec<Finding>> {
    match scheme::bundled(choice) {
        Some(loaded) => loaded.map_err(|e| e.findings),
        None => scheme::load_path(Path::new(choice)).map_err(|e| e.findings),
    }
}

/// Read a file's sheets and the scheme for each, or the findings that stop it.
fn prepare(
    path: &Path,
    choice: Option<&str>,
    dir: Option<&Path>,
    overrides: &sheet::Overrides,
) -> Result<Vec<(Sheet, Scheme)>, Vec<Finding>> {
    let loaded = sheet::load(path, overrides).map_err(|e| e.findings)?;
    let schemes = Schemes::new(choice, dir)?;
    Ok(loaded
        .sheets
        .into_iter()
        .filter_map(|sheet| {
            let scheme = schemes.for_sheet(&sheet).map(|(s, _)| s.clone())?;
            Some((sheet, scheme))
        })
        .collect())
}

fn summary(
    report: &Report,
    scheme: &Scheme,
    choice: Choice,
    year: Option<i32>,
    lang: Lang,
) -> String {
    let year = year.map_or_else(String::new, |y| y.to_string());
    let claimed = report
        .total
        .claimed
        .map_or_else(|| "—".to_string(), |c| c.normalize().to_string());
    let places = scheme.rounding.places as usize;
    let unfilled = report.form.unfilled;
    let computed = match (report.total.counted(), lang) {
        (None, Lang::Zh) if unfilled => "无法评分".to_string(),
        (None, Lang::En) if unfilled => "not scorable".to_string(),
        (None, Lang::Zh) => "不评分（表中没有分值和得分）".to_string(),
        (None, Lang::En) => "none (the form has no weights and no scores)".to_string(),
        (Some(total), _) if report.total.unverified.is_zero() => format!("{total:.places$}"),
        (Some(total), Lang::Zh) => format!(
            "{total:.places$}（其中 {:.places$} 分无法核对）",
            report.total.unverified
        ),
        (Some(total), Lang::En) => format!(
            "{total:.places$} ({:.places$} of it unverifiable)",
            report.total.unverified
        ),
    };
    let grade = report.total.grade.as_deref().unwrap_or("—");
    let (errors, warnings) = (
        report.count(Severity::Error),
        report.count(Severity::Warning),
    );
    // Say how the scheme was picked when it was not named.
    let how = match (choice, lang) {
        (Choice::Given, _) => String::new(),
        (Choice::Matched, Lang::Zh) => "，按表的类型、年度与一级指标选择".to_string(),
        (Choice::Matched, Lang::En) => ", chosen by kind, year and blocks".to_string(),
        (Choice::Closest, Lang::Zh) => {
            format!("；没有适用于 {year} 年的方案，使用一级指标相符、年度最接近的")
        }
        (Choice::Closest, Lang::En) => {
            format!("; no scheme covers {year}, the closest one fitting the blocks is used")
        }
        (Choice::NoYear, Lang::Zh) => "；表中没有年度，按表的类型与一级指标选择".to_string(),
        (Choice::NoYear, Lang::En) => {
            "; the sheet names no year, chosen by kind and blocks".to_string()
        }
        (Choice::Partial, Lang::Zh) => "；没有与本表一级指标相符的方案，使用最接近的".to_string(),
        (Choice::Partial, Lang::En) => {
            "; no scheme fits the form's blocks, the closest is used".to_string()
        }
    };
    match lang {
        Lang::Zh => format!(
            "{}：自评 {claimed} → 复核 {computed}，{grade}，{errors} 个错误，{warnings} 个警告（评分方案 {}{how}）",
            visible(&report.sheet.path),
            scheme.id
        ),
        Lang::En => format!(
            "{}: claimed {claimed} → recomputed {computed}, {grade}, {}, {} (scheme {}{how})",
            visible(&report.sheet.path),
            super::count_en(errors, "error"),
            super::count_en(warnings, "warning"),
            scheme.id
        ),
    }
}

/// The schemes a batch uses, compiled once: the one given, or every bundled scheme and
/// those in `--scheme-dir`, chosen per sheet by kind and year.
struct Schemes {
    given: Option<Scheme>,
    candidates: Vec<Scheme>,
}

impl Schemes {
    fn new(choice: Option<&str>, dir: Option<&Path>) -> Result<Self, Vec<Finding>> {
        if let Some(c) = choice {
            return Ok(Self {
                given: Some(load_scheme(c)?),
                candidates: Vec::new(),
            });
        }
        let mut candidates = Vec::new();
        for id in scheme::bundled_ids() {
            candidates.push(load_scheme(id)?);
        }
        if let Some(dir) = dir {
            let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
                .map_err(|e| {
                    vec![Finding::new(
                        "scheme-invalid",
                        Severity::Error,
                        jixiao::lang::Text::new(
                            format!(
                                "无法读取评分方案目录 {}：{}",
                                visible(&dir.display().to_string()),
                                jixiao::fsutil::io_reason(&e).zh
                            ),
                            format!(
                                "cannot read the scheme folder {}: {}",
                                visible(&dir.display().to_string()),
                                jixiao::fsutil::io_reason(&e).en
                            ),
                        ),
                        jixiao::lang::Text::new(
                            "检查 --scheme-dir 的路径",
                            "check the --scheme-dir path",
                        ),
                    )]
                })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
                .collect();
            paths.sort();
            for path in paths {
                candidates.push(scheme::load_path(&path).map_err(|e| e.findings)?);
            }
        }
        Ok(Self {
            given: None,
            candidates,
        })
    }

    fn for_sheet(&self, sheet: &Sheet) -> Option<(&Scheme, scheme::Choice)> {
        match &self.given {
            Some(s) => Some((s, scheme::Choice::Given)),
            None => scheme::choose(
                &self.candidates,
                sheet.kind.value,
                sheet.year.as_ref().map(|y| y.value),
                &scheme::form_blocks(sheet),
            ),
        }
    }
}

/// What checking one file produced, to be printed in file order.
#[derive(Default)]
struct FileResult {
    stdout: String,
    stderr: String,
    unreadable: bool,
    has_error: bool,
    sheets: usize,
    rows: Vec<SummaryRow>,
    rules: Vec<String>,
    annotated: Vec<(Sheet, Report)>,
}

impl FileResult {
    /// A file whose reading and checking panicked or ran out of time: reported as unreadable.
    fn failed(path: &Path, outcome: &Outcome<Self>, lang: Lang, plain: bool) -> Self {
        let finding = super::outcome_finding(path, outcome);
        Self {
            stderr: report::human::render(&[finding], lang, plain, None),
            unreadable: true,
            ..Self::default()
        }
    }
}

thread_local! {
    /// Each worker thread's cell texts already read: a batch's sheets repeat each other's.
    static MEMO: std::cell::RefCell<engine::Memo> = std::cell::RefCell::default();
}

fn check_file(path: &Path, schemes: &Schemes, args: &Args, lang: Lang, plain: bool) -> FileResult {
    let mut out = FileResult::default();
    let sheets = match sheet::load(path, &args.overrides.get()) {
        Ok(loaded) => {
            // File-level notes (a worksheet skipped for holding no form) go to stderr.
            out.stderr = report::human::render(&loaded.notes, lang, plain, None);
            loaded.sheets
        }
        Err(e) => {
            out.unreadable = true;
            out.stderr = report::human::render(&e.findings, lang, plain, None);
            return out;
        }
    };
    for sheet in sheets {
        let Some((scheme, choice)) = schemes.for_sheet(&sheet) else {
            continue;
        };
        let report = MEMO.with_borrow_mut(|memo| engine::evaluate_with(scheme, &sheet, memo));
        out.sheets += 1;
        out.has_error |= report.count(Severity::Error) > 0;
        match args.format {
            Format::Json => {
                let json = report::report_json(&sheet, &report, lang);
                out.stdout.push_str(&report::escape::json_line(&json));
                out.stdout.push('\n');
            }
            Format::Human => {
                out.stdout.push_str(&report::human::render(
                    &report.findings,
                    lang,
                    plain,
                    Some(&sheet),
                ));
                out.stdout.push_str(&summary(
                    &report,
                    scheme,
                    choice,
                    sheet.year.as_ref().map(|y| y.value),
                    lang,
                ));
                out.stdout.push('\n');
            }
        }
        if args.summary.is_some() {
            out.rows.push(SummaryRow::new(&sheet, &report));
        }
        if args.statistics {
            out.rules
                .extend(report.findings.iter().map(|f| f.rule.to_string()));
        }
        if args.annotate.is_some() {
            out.annotated.push((sheet, report));
        }
    }
    out
}

/// A progress bar on stderr, only for a long batch on a terminal.
fn progress(total: usize) -> Option<indicatif::ProgressBar> {
    if total < 20 || !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    let style = indicatif::ProgressStyle::with_template(
        "{bar:40} {pos}/{len} 个文件  {per_sec}  剩余 {eta}",
    )
    .ok()?;
    bar.set_style(style);
    Some(bar)
}

pub fn run(args: Args, lang: Lang) -> ExitCode {
    // Folders are listed, and outputs checked against every input, before anything is read.
    let files = Files::collect(&args.sheets);
    let skipped = files.skipped().len();
    let outputs: Vec<&Path> = [&args.summary, &args.annotate]
        .into_iter()
        .flatten()
        .map(PathBuf::as_path)
        .collect();
    let inputs = Inputs {
        files: Some(&files),
        sheets: args.sheets.clone(),
        scheme: scheme_path(args.scheme.as_deref()),
        scheme_dir: args.scheme_dir.clone(),
    };
    if let Some(conflict) = outputs::conflict(&outputs, &inputs) {
        eprintln!("{}", conflict.get(lang));
        return ExitCode::from(2);
    }
    let schemes = match Schemes::new(args.scheme.as_deref(), args.scheme_dir.as_deref()) {
        Ok(s) => Arc::new(s),
        Err(findings) => {
            super::print_findings(&findings, lang);
            return ExitCode::from(2);
        }
    };
    let files = Arc::new(files);
    let count = files.len();
    let plain = !std::io::IsTerminal::is_terminal(&std::io::stdout());
    let bar = progress(count);
    let mut unreadable = 0usize;
    let mut sheets = 0usize;
    let mut any_error = false;
    let mut rows = Vec::new();
    let mut stats: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    let mut annotated = Vec::new();
    let mut stdout = std::io::stdout().lock();
    let mut stdout_failed = None;
    let args = Arc::new(args);
    let job = {
        let (files, args) = (Arc::clone(&files), Arc::clone(&args));
        move |i: usize| check_file(&files.path(i), &schemes, &args, lang, plain)
    };
    let size = {
        let files = Arc::clone(&files);
        move |i: usize| std::fs::metadata(files.path(i)).ok().map(|m| m.len())
    };
    Batch::default().run(count, size, job, |i, outcome| {
        let r = match outcome {
            Outcome::Done(r) => r,
            failed => FileResult::failed(&files.path(i), &failed, lang, plain),
        };
        // Counted before it is printed: a reader that closes the pipe after this file's
        // report still gets the exit code this file earned.
        unreadable += usize::from(r.unreadable);
        any_error |= r.has_error;
        if let Err(e) = stdout
            .write_all(r.stdout.as_bytes())
            .and_then(|()| stdout.flush())
        {
            stdout_failed = Some(e);
            return ControlFlow::Break(());
        }
        if !r.stderr.is_empty() {
            match &bar {
                Some(bar) => bar.suspend(|| eprint!("{}", r.stderr)),
                None => eprint!("{}", r.stderr),
            }
        }
        sheets += r.sheets;
        rows.extend(r.rows);
        for rule in r.rules {
            *stats.entry(rule).or_default() += 1;
        }
        annotated.extend(r.annotated);
        if let Some(bar) = &bar {
            bar.inc(1);
        }
        ControlFlow::Continue(())
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if !files.skipped().is_empty()
        && let Err(e) = print_skipped(&mut stdout, files.skipped(), args.format, lang)
    {
        return super::stdout_failed(&e, ExitCode::from(2), lang);
    }
    for folder in files.empty() {
        eprintln!(
            "{}",
            match lang {
                Lang::Zh => format!(
                    "错误：文件夹 {} 中没有自评表文件（可读取 xlsx、xlsm、xls、et、ods、csv、docx、html、yaml、json）",
                    visible(&folder.display().to_string())
                ),
                Lang::En => format!(
                    "error: the folder {} holds no sheet file (xlsx, xlsm, xls, et, ods, csv, docx, html, yaml or json)",
                    visible(&folder.display().to_string())
                ),
            }
        );
    }
    let code = ExitCode::from(if unreadable > 0 || !files.empty().is_empty() {
        2
    } else {
        u8::from(any_error)
    });
    if let Some(e) = stdout_failed {
        return super::stdout_failed(&e, code, lang);
    }
    if args.statistics
        && let Err(e) = print_statistics(&mut stdout, &stats, args.format, lang)
    {
        return super::stdout_failed(&e, code, lang);
    }
    if let Some(out) = &args.summary {
        summary::sort(&mut rows);
        if let Err(e) = summary::write(&rows, out) {
            eprintln!("{}", e.0.get(lang));
            return ExitCode::from(2);
        }
    }
    if let Some(out) = &args.annotate {
        let pairs: Vec<_> = annotated.iter().map(|(s, r)| (s, r)).collect();
        if let Err(e) = report::xlsx::annotate(&pairs, lang, out) {
            eprintln!("{}", e.0.get(lang));
            return ExitCode::from(2);
        }
    }
    if count > 1 || skipped > 0 {
        let line = match lang {
            Lang::Zh => format!(
                "共 {} 个文件：{sheets} 个表已检查，{unreadable} 个文件无法读取，{skipped} 个非自评表文件已跳过",
                count + skipped
            ),
            Lang::En => format!(
                "{} files: {sheets} sheets checked, {unreadable} files unreadable, {skipped} other files skipped",
                count + skipped
            ),
        };
        eprintln!("{line}");
    }
    code
}

/// The files of the folders that are no sheets, by name: on stderr beside the batch's count,
/// or one JSON line `{"skipped": [...]}`.
fn print_skipped(
    out: &mut impl Write,
    skipped: &[PathBuf],
    format: Format,
    lang: Lang,
) -> std::io::Result<()> {
    match format {
        Format::Json => {
            let names: Vec<String> = skipped.iter().map(|p| p.display().to_string()).collect();
            writeln!(out, "{}", serde_json::json!({ "skipped": names }))
        }
        Format::Human => {
            let mut text = match lang {
                Lang::Zh => format!("已跳过 {} 个非自评表文件：\n", skipped.len()),
                Lang::En => format!("skipped {} files that are no sheets:\n", skipped.len()),
            };
            for path in skipped {
                text.push_str(&format!("  {}\n", visible(&path.display().to_string())));
            }
            eprint!("{text}");
            Ok(())
        }
    }
}

/// Counts per check across the batch: a table, or one JSON line `{"statistics": {...}}`.
fn print_statistics(
    out: &mut impl Write,
    stats: &std::collections::BTreeMap<String, usize>,
    format: Format,
    lang: Lang,
) -> std::io::Result<()> {
    match format {
        Format::Json => writeln!(out, "{}", serde_json::json!({ "statistics": stats })),
        Format::Human => {
            writeln!(
                out,
                "{}",
                if lang == Lang::Zh {
                    "各检查项发现次数："
                } else {
                    "findings per check:"
                }
            )?;
            let mut sorted: Vec<_> = stats.iter().collect();
            sorted.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            for (rule, n) in sorted {
                writeln!(out, "  {rule:<28} {n}")?;
            }
            Ok(())
        }
    }
}

pub fn explain(args: &ExplainArgs, lang: Lang) -> ExitCode {
    // Read and explained in isolation, as a batch's file: a panic is an internal error.
    let explained = super::batch::isolated(|| -> Result<Vec<String>, Vec<Finding>> {
        let pairs = prepare(
            &args.sheet,
            args.scheme.as_deref(),
            args.scheme_dir.as_deref(),
            &args.overrides.get(),
        )?;
        Ok(pairs
            .iter()
            .map(|(sheet, scheme)| {
                let report = engine::evaluate(scheme, sheet);
                visible_lines(&jixiao::report::explain(sheet, scheme, &report, lang)).into_owned()
            })
            .collect::<Vec<String>>())
    });
    let texts = match explained {
        Outcome::Done(Ok(texts)) => texts,
        Outcome::Done(Err(findings)) => {
            super::print_findings(&findings, lang);
            return ExitCode::from(2);
        }
        failed => {
            super::print_findings(&[super::outcome_finding(&args.sheet, &failed)], lang);
            return ExitCode::from(2);
        }
    };
    let mut out = std::io::stdout().lock();
    for text in texts {
        if let Err(e) = out.write_all(text.as_bytes()) {
            return super::stdout_failed(&e, ExitCode::SUCCESS, lang);
        }
    }
    ExitCode::SUCCESS
}
