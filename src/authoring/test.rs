//! Scheme test cases (`jixiao scheme test`): a YAML file names a scheme and lists cases, each
//! a sheet (a file, or inline YAML) and what is expected of it: the computed total and grade,
//! per-row scores, findings present or absent. Like OPA's policy tests or DMN test scenarios,
//! a failure says what was expected and what came out; a summary counts passes and failures
//! and names the parts of the scheme no case exercised.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::diagnostic::{Finding, Pos, Severity, SourceFile};
use crate::engine::{self, Attainment, Report};
use crate::lang::Text;
use crate::scheme::{self, Scheme};
use crate::sheet::{self, Sheet};

const RULE: &str = "scheme-test-invalid";

type S = Spanned<String>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    scheme: S,
    cases: Vec<RawCase>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCase {
    name: S,
    sheet: Option<S>,
    sheet_yaml: Option<S>,
    #[serde(default)]
    expect: RawExpect,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawExpect {
    total: Option<S>,
    grade: Option<S>,
    #[serde(default)]
    rows: Vec<RawRow>,
    #[serde(default)]
    findings: Vec<RawFinding>,
    #[serde(default)]
    absent: Vec<S>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRow {
    index: Option<usize>,
    name: Option<S>,
    score: S,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawFinding {
    Rule(S),
    At {
        rule: S,
        #[serde(default)]
        indicator: Option<usize>,
    },
}

/// One case's outcome.
#[derive(Debug, Clone)]
pub struct CaseResult {
    pub name: String,
    /// Each line says what was expected and what came out; empty when the case passed.
    pub failures: Vec<Text>,
}

/// A test file's outcome.
#[derive(Debug, Clone)]
pub struct FileResult {
    pub path: String,
    pub scheme: String,
    pub cases: Vec<CaseResult>,
    /// Parts of the scheme no case exercised.
    pub uncovered: Vec<Text>,
}

/// Why a test file could not be run: located findings.
#[derive(Debug, Clone)]
pub struct TestError {
    pub findings: Vec<Finding>,
}

fn invalid(file: &Arc<SourceFile>, pos: Pos, message: Text, help: Text) -> TestError {
    TestError {
        findings: vec![Finding::new(RULE, Severity::Error, message, help).at(file, pos)],
    }
}

/// Run one test file.
pub fn run_file(path: &Path) -> Result<FileResult, TestError> {
    let shown = path.display().to_string();
    let cannot = |reason: Text| {
        invalid(
            &SourceFile::new(shown.as_str(), ""),
            Pos::File,
            Text::new(
                format!("无法读取测试文件：{}", reason.zh),
                format!("cannot read the test file: {}", reason.en),
            ),
            Text::new("检查路径", "check the path"),
        )
    };
    // A test file is held to a scheme's limits: a regular file, at most MAX_SCHEME_BYTES.
    let text = match crate::fsutil::read_limited(path, crate::limits::MAX_SCHEME_BYTES) {
        Ok((_, true)) => {
            return Err(cannot(Text::new(
                "文件超过 1 MiB 的上限",
                "the file is larger than 1 MiB",
            )));
        }
        Ok((bytes, false)) => String::from_utf8(bytes)
            .map_err(|_| cannot(Text::new("不是 UTF-8 文本", "it is not UTF-8 text")))?,
        Err(e) => return Err(cannot(e.reason())),
    };
    let file = SourceFile::new(shown.as_str(), text.as_str());
    let raw: RawFile = serde_saphyr::from_str(&text).map_err(|e| TestError {
        findings: vec![crate::yaml::error_finding(RULE, &file, &e)],
    })?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let at = |s: &S| crate::yaml::pos_of(&text, &s.referenced);
    let target = raw.scheme.value.trim();
    let scheme = match scheme::bundled(target) {
        Some(loaded) => loaded,
        None => scheme::load_path(&base.join(target)),
    }
    .map_err(|e| TestError {
        findings: e.findings,
    })?;
    let mut results = Vec::new();
    let mut reports = Vec::new();
    for case in &raw.cases {
        let sheet = load_sheet(case, &base, &file, &at)?;
        let report = engine::evaluate(&scheme, &sheet);
        results.push(CaseResult {
            name: case.name.value.clone(),
            failures: compare(&scheme, &case.expect, &sheet, &report),
        });
        reports.push(report);
    }
    Ok(FileResult {
        path: shown,
        scheme: scheme.id.clone(),
        cases: results,
        uncovered: uncovered(&scheme, &reports),
    })
}

fn load_sheet(
    case: &RawCase,
    base: &Path,
    file: &Arc<SourceFile>,
    at: &dyn Fn(&S) -> Pos,
) -> Result<Sheet, TestError> {
    match (&case.sheet, &case.sheet_yaml) {
        (Some(p), _) => {
            let path: PathBuf = base.join(p.value.trim());
            if !path.exists() {
                return Err(invalid(
                    file,
                    at(p),
                    Text::new(
                        format!("找不到案例“{}”的自评表 {}", case.name.value, path.display()),
                        format!(
                            "the sheet of case \"{}\", {}, does not exist",
                            case.name.value,
                            path.display()
                        ),
                    ),
                    Text::new(
                        "路径相对于测试文件所在目录",
                        "paths are relative to the test file's folder",
                    ),
                ));
            }
            let mut loaded =
                sheet::load(&path, &sheet::Overrides::default()).map_err(|e| TestError {
                    findings: e.findings,
                })?;
            if loaded.sheets.len() != 1 {
                return Err(invalid(
                    file,
                    at(p),
                    Text::new(
                        format!(
                            "案例“{}”的文件含 {} 张自评表，应恰好一张",
                            case.name.value,
                            loaded.sheets.len()
                        ),
                        format!(
                            "the file of case \"{}\" holds {} sheets, not exactly one",
                            case.name.value,
                            loaded.sheets.len()
                        ),
                    ),
                    Text::new("每个案例用一张表", "give each case one sheet"),
                ));
            }
            Ok(loaded.sheets.remove(0))
        }
        (None, Some(inline)) => {
            sheet::read_yaml(&format!("{}#{}", file.path, case.name.value), &inline.value).map_err(
                |e| TestError {
                    findings: e.findings,
                },
            )
        }
        (None, None) => Err(invalid(
            file,
            at(&case.name),
            Text::new(
                format!("案例“{}”没有自评表", case.name.value),
                format!("case \"{}\" has no sheet", case.name.value),
            ),
            Text::new(
                "写 sheet: 路径，或 sheet_yaml: | 内嵌的自评表",
                "give sheet: a path, or sheet_yaml: | an inline sheet",
            ),
        )),
    }
}

fn decimal(s: &S) -> Option<Decimal> {
    Decimal::from_str_exact(crate::text::fold(s.value.trim()).as_str()).ok()
}

fn compare(scheme: &Scheme, expect: &RawExpect, sheet: &Sheet, report: &Report) -> Vec<Text> {
    let mut out = Vec::new();
    // A misspelt check name would make `absent` pass for ever: name it.
    let named = expect.findings.iter().map(|f| match f {
        RawFinding::Rule(r) | RawFinding::At { rule: r, .. } => r.value.trim(),
    });
    for rule in named.chain(expect.absent.iter().map(|r| r.value.trim())) {
        let known =
            crate::codes::lookup(rule).is_some() || scheme.rules.iter().any(|r| r.name == rule);
        if !known {
            out.push(Text::new(
                format!("没有名为 {rule} 的检查项"),
                format!("there is no check named {rule}"),
            ));
        }
    }
    if let Some(total) = &expect.total {
        match decimal(total) {
            Some(want) if want == report.total.computed => {}
            Some(want) => out.push(Text::new(
                format!(
                    "复核总分：期望 {}，实际 {}",
                    want.normalize(),
                    report.total.computed.normalize()
                ),
                format!(
                    "total: expected {}, got {}",
                    want.normalize(),
                    report.total.computed.normalize()
                ),
            )),
            None => out.push(Text::new(
                format!("total “{}”不是数字", total.value),
                format!("total \"{}\" is not a number", total.value),
            )),
        }
    }
    if let Some(grade) = &expect.grade {
        let got = report.total.grade.as_deref().unwrap_or("—");
        if grade.value.trim() != got {
            out.push(Text::new(
                format!("等级：期望 {}，实际 {got}", grade.value.trim()),
                format!("grade: expected {}, got {got}", grade.value.trim()),
            ));
        }
    }
    for row in &expect.rows {
        let index = row.index.or_else(|| {
            let name = row.name.as_ref()?.value.trim();
            sheet
                .indicators
                .iter()
                .position(|i| i.name.value.trim() == name)
        });
        let label = row.name.as_ref().map_or_else(
            || format!("#{}", row.index.unwrap_or(0)),
            |n| n.value.trim().to_string(),
        );
        let Some(r) = index.and_then(|i| report.rows.get(i)) else {
            out.push(Text::new(
                format!("指标 {label}：表中没有这一行"),
                format!("indicator {label}: no such row"),
            ));
            continue;
        };
        match decimal(&row.score) {
            Some(want) if want == r.computed => {}
            Some(want) => out.push(Text::new(
                format!(
                    "指标 {label} 复核得分：期望 {}，实际 {}",
                    want.normalize(),
                    r.computed.normalize()
                ),
                format!(
                    "indicator {label} score: expected {}, got {}",
                    want.normalize(),
                    r.computed.normalize()
                ),
            )),
            None => out.push(Text::new(
                format!("score “{}”不是数字", row.score.value),
                format!("score \"{}\" is not a number", row.score.value),
            )),
        }
    }
    for f in &expect.findings {
        let (rule, indicator) = match f {
            RawFinding::Rule(r) => (r.value.trim(), None),
            RawFinding::At { rule, indicator } => (rule.value.trim(), *indicator),
        };
        let found = report
            .findings
            .iter()
            .any(|x| x.rule == rule && indicator.is_none_or(|i| x.indicator == Some(i)));
        if !found {
            let at = indicator
                .map(|i| format!("（第 {} 行）", i + 1))
                .unwrap_or_default();
            let at_en = indicator
                .map(|i| format!(" (row {})", i + 1))
                .unwrap_or_default();
            let got: BTreeSet<&str> = report.findings.iter().map(|x| x.rule.as_ref()).collect();
            let got = got.into_iter().collect::<Vec<_>>().join(", ");
            out.push(Text::new(
                format!("发现：期望有 {rule}{at}，实际没有（实际：{got}）"),
                format!("findings: expected {rule}{at_en}, none came (got: {got})"),
            ));
        }
    }
    for rule in &expect.absent {
        let n = report
            .findings
            .iter()
            .filter(|x| x.rule == rule.value.trim())
            .count();
        if n > 0 {
            out.push(Text::new(
                format!("发现：期望没有 {}，实际有 {n} 条", rule.value.trim()),
                format!("findings: expected no {}, got {n}", rule.value.trim()),
            ));
        }
    }
    out
}

/// The scheme's methods, bands, caps and rules that no case's evaluation touched.
fn uncovered(scheme: &Scheme, reports: &[Report]) -> Vec<Text> {
    let mut out = Vec::new();
    for (i, band) in scheme.qualitative.bands.iter().enumerate() {
        if !reports
            .iter()
            .any(|r| r.rows.iter().any(|x| x.attainment == Attainment::Band(i)))
        {
            out.push(Text::new(
                format!("定性档次“{}”", band.name),
                format!("qualitative band \"{}\"", band.name),
            ));
        }
    }
    let unmet_lower = reports.iter().any(|r| {
        r.rows.iter().any(|x| {
            x.attainment == Attainment::Unmet
                && matches!(
                    x.target.op(),
                    Some(crate::value::Op::Le | crate::value::Op::Lt)
                )
        })
    });
    if !unmet_lower {
        out.push(Text::new(
            "反向（≤）指标未完成时的计分",
            "scoring of an unmet ≤ target",
        ));
    }
    let unmet_higher = reports.iter().any(|r| {
        r.rows.iter().any(|x| {
            x.attainment == Attainment::Unmet
                && !matches!(
                    x.target.op(),
                    Some(crate::value::Op::Le | crate::value::Op::Lt)
                )
        })
    });
    if !unmet_higher {
        out.push(Text::new(
            "正向（≥、=）指标未完成时的计分",
            "scoring of an unmet ≥ or = target",
        ));
    }
    if scheme.quantitative.over_threshold.is_some()
        && !reports
            .iter()
            .any(|r| r.rows.iter().any(|x| x.over.is_some()))
    {
        out.push(Text::new(
            "超额（指标偏离）规则",
            "the over-achievement rule",
        ));
    }
    if !reports
        .iter()
        .any(|r| r.budget.computed.is_some() && !r.budget.kept)
    {
        out.push(Text::new("预算执行得分方式", "the budget score method"));
    }
    for cap in &scheme.budget.caps {
        if !reports
            .iter()
            .any(|r| r.total.capped_by.as_deref() == Some(cap.name.as_str()))
        {
            out.push(Text::new(
                format!("总分封顶档“{}”", cap.name),
                format!("total cap \"{}\"", cap.name),
            ));
        }
    }
    for rule in &scheme.rules {
        if !reports
            .iter()
            .any(|r| r.findings.iter().any(|f| f.rule == rule.name))
        {
            out.push(Text::new(
                format!("自定义检查 {}（从未触发）", rule.name),
                format!("custom check {} (never fired)", rule.name),
            ));
        }
    }
    out
}
