//! Reading a scheme file: YAML into raw structs (with value positions), then compiling and
//! validating it. Every problem becomes a located `scheme-invalid` finding; all problems of a
//! file are reported together where they can be.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rust_decimal::Decimal;
use sha2::{Digest, Sha256};

use super::figures::{BUDGET_FIGURES, budget_figure};
use super::raw::{
    self, L, Merge, RawBudget, RawDeviation, RawQualitative, RawQuantitative, RawRounding,
    RawScheme,
};
use super::{
    Band, BudgetRules, BudgetScore, Category, CustomRule, Derived, DeviationRules, Grade, Lower,
    Origin, OverAction, Qualitative, Quantitative, Rounding, RuleScope, Scheme, TotalCap,
};
use crate::codes::Stage;
use crate::diagnostic::{Finding, Pos, Severity, SourceFile};
use crate::formula::Formula;
use crate::lang::Text;
use crate::sheet::SheetKind;
use crate::yaml;

/// Why a scheme could not be loaded: located findings (rule `scheme-invalid`).
#[derive(Debug, Clone)]
pub struct SchemeError {
    pub findings: Vec<Finding>,
}

impl std::fmt::Display for SchemeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        crate::diagnostic::write_findings(f, &self.findings)
    }
}

impl std::error::Error for SchemeError {}

const RULE: &str = "scheme-invalid";

type S = L;

/// Load a scheme from a file on disk (and the schemes it extends).
pub fn load_path(path: &Path) -> Result<Scheme, SchemeError> {
    let mut loader = Loader::default();
    let raw = loader.chain_from_path(path, &mut Vec::new());
    loader.finish(raw).map_err(|e| unnamed(path, e))
}

/// A file not named as a scheme (`.yaml`, `.yml`) that does not load as one is some other
/// file given by mistake (`--scheme /etc/passwd`): it is refused in one sentence that shows
/// none of its lines. A file that could not be opened is said so as it is.
fn unnamed(path: &Path, error: SchemeError) -> SchemeError {
    let named = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
    let unopened = error.findings.iter().all(|f| f.pos == Pos::File);
    if named || unopened {
        return error;
    }
    let file = SourceFile::new(path.display().to_string(), "");
    SchemeError {
        findings: vec![
            Finding::new(
                RULE,
                Severity::Error,
                Text::new(
                    "不是评分方案：不是评分方案格式的 YAML 文件",
                    "not a scheme: not a scheme written in YAML",
                ),
                Text::new(
                    "写内置方案的编号，或评分方案文件的路径；评分方案文件请以 .yaml 结尾，以便指出错在哪一行",
                    "name a bundled scheme or a scheme file; name a scheme file .yaml to see where it is wrong",
                ),
            )
            .at(&file, Pos::File),
        ],
    }
}

/// Load a scheme from its YAML text; `path` names it in findings, and a relative `extends:`
/// path is resolved against its folder.
pub fn load_str(path: &str, text: &str) -> Result<Scheme, SchemeError> {
    let mut loader = Loader::default();
    let raw = loader.chain_from_text(path, text, &mut Vec::new());
    loader.finish(raw)
}

/// The scheme with its inheritance applied, as YAML (`jixiao schemes show ID --resolved`).
pub fn resolved_yaml(choice: &str) -> Result<String, SchemeError> {
    let mut loader = Loader::default();
    let raw = match super::bundled_source(choice) {
        Some(text) => loader.chain_from_text(&bundled_name(choice), text, &mut Vec::new()),
        None => loader.chain_from_path(Path::new(choice), &mut Vec::new()),
    };
    match raw {
        Some(raw) if loader.findings.is_empty() => {
            serde_saphyr::to_string(&raw).map_err(|e| SchemeError {
                findings: vec![Finding::new(
                    RULE,
                    Severity::Error,
                    Text::new(
                        "无法输出评分方案（内部错误）".to_owned(),
                        format!("cannot print the scheme: {e}"),
                    ),
                    Text::new("请报告此问题", "please report this"),
                )],
            })
        }
        _ => Err(SchemeError {
            findings: loader.findings,
        }),
    }
}

fn bundled_name(id: &str) -> String {
    format!("<bundled>/{id}.yaml")
}

/// Reads a scheme and the chain of schemes it extends, parent first, and merges them.
#[derive(Default)]
struct Loader {
    files: Vec<Arc<SourceFile>>,
    findings: Vec<Finding>,
}

impl Loader {
    fn fail(&mut self, file: &Arc<SourceFile>, pos: Pos, message: Text, help: Text) {
        self.findings
            .push(Finding::new(RULE, Severity::Error, message, help).at(file, pos));
    }

    fn chain_from_path(&mut self, path: &Path, chain: &mut Vec<String>) -> Option<RawScheme> {
        let shown = path.display().to_string();
        let nowhere = SourceFile::new(shown.as_str(), "");
        if chain.len() >= crate::limits::MAX_SCHEME_CHAIN {
            self.fail(
                &nowhere,
                Pos::File,
                Text::new(
                    format!(
                        "继承层级过深：超过 {} 个评分方案文件",
                        crate::limits::MAX_SCHEME_CHAIN
                    ),
                    format!(
                        "the extends chain is too deep: more than {} scheme files",
                        crate::limits::MAX_SCHEME_CHAIN
                    ),
                ),
                Text::new("减少 extends 的层级", "extend fewer levels deep"),
            );
            return None;
        }
        let limit = crate::limits::MAX_SCHEME_BYTES;
        let bytes = match crate::fsutil::read_limited(path, limit) {
            Ok((_, true)) => {
                self.fail(
                    &nowhere,
                    Pos::File,
                    Text::new(
                        format!("评分方案文件超过 {} KiB 的上限，不予读取", limit / 1024),
                        format!(
                            "the scheme file is larger than {} KiB and is not read",
                            limit / 1024
                        ),
                    ),
                    Text::new(
                        "评分方案只有几千字节；请确认选对了文件",
                        "a scheme is a few kilobytes: check that this is the right file",
                    ),
                );
                return None;
            }
            Ok((bytes, false)) => bytes,
            Err(e) => {
                let reason = e.reason();
                self.fail(
                    &nowhere,
                    Pos::File,
                    Text::new(
                        format!("无法打开评分方案文件：{}", reason.zh),
                        format!("cannot open the scheme file: {}", reason.en),
                    ),
                    Text::new(
                        "检查路径，或用 jixiao schemes 查看内置方案的编号",
                        "check the path, or list bundled scheme ids with jixiao schemes",
                    ),
                );
                return None;
            }
        };
        match String::from_utf8(bytes) {
            Ok(text) => self.chain_from_text(&shown, &text, chain),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                self.fail(
                    &nowhere,
                    Pos::File,
                    Text::new(
                        format!("评分方案不是 UTF-8 文本（第 {at} 字节起）"),
                        format!("the scheme is not UTF-8 text (from byte {at})"),
                    ),
                    Text::new("以 UTF-8 编码保存评分方案", "save the scheme as UTF-8"),
                );
                None
            }
        }
    }

    /// Parse one file, then resolve what it extends (bundled id, or a path next to it).
    fn chain_from_text(
        &mut self,
        path: &str,
        text: &str,
        chain: &mut Vec<String>,
    ) -> Option<RawScheme> {
        let file = SourceFile::new(path, text);
        let index = self.files.len();
        self.files.push(Arc::clone(&file));
        if text.trim().is_empty() {
            self.fail(
                &file,
                Pos::File,
                Text::new("评分方案文件为空", "the scheme file is empty"),
                Text::new(
                    "从内置方案开始：jixiao schemes show henan-2022-department",
                    "start from a bundled scheme: jixiao schemes show henan-2022-department",
                ),
            );
            return None;
        }
        let raw: RawScheme = match raw::parse(text, index, options()) {
            Ok(raw) => raw,
            Err(e) => {
                self.findings.push(yaml::error_finding(RULE, &file, &e));
                return None;
            }
        };
        chain.push(path.to_string());
        let Some(extends) = raw.extends.clone() else {
            return Some(raw);
        };
        let target = extends.value.trim().to_string();
        let at = yaml::pos_of(text, &extends.referenced);
        let (key, parent) = match super::bundled_source(&target) {
            Some(parent_text) => {
                let name = bundled_name(&target);
                if chain.contains(&name) {
                    self.cycle(&file, at, chain, &name);
                    return None;
                }
                (
                    name.clone(),
                    self.chain_from_text(&name, parent_text, chain),
                )
            }
            None => {
                let base = Path::new(path)
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_default();
                let candidate: PathBuf = base.join(&target);
                let name = candidate.display().to_string();
                if chain.contains(&name) || name == path {
                    self.cycle(&file, at, chain, &name);
                    return None;
                }
                if !candidate.exists() {
                    let ids: Vec<&str> = super::bundled_ids().collect();
                    let help = match crate::text::did_you_mean(&target, ids.iter().copied()) {
                        Some(s) => Text::new(
                            format!("是否应为内置方案“{s}”？"),
                            format!("did you mean the bundled scheme \"{s}\"?"),
                        ),
                        None => Text::new(
                            format!("写内置方案编号（{}）或相对于本文件的路径", ids.join("、")),
                            format!(
                                "name a bundled scheme ({}) or a path relative to this file",
                                ids.join(", ")
                            ),
                        ),
                    };
                    self.fail(
                        &file,
                        at,
                        Text::new(
                            format!("找不到要继承的评分方案“{target}”"),
                            format!("the scheme to extend, \"{target}\", is not found"),
                        ),
                        help,
                    );
                    return None;
                }
                (name, self.chain_from_path(&candidate, chain))
            }
        };
        let _ = key;
        Some(parent?.merge(raw))
    }

    fn cycle(&mut self, file: &Arc<SourceFile>, at: Pos, chain: &[String], again: &str) {
        let path = chain
            .iter()
            .map(String::as_str)
            .chain(std::iter::once(again))
            .collect::<Vec<_>>()
            .join(" → ");
        self.fail(
            file,
            at,
            Text::new(
                format!("继承关系成环：{path}"),
                format!("the extends chain loops: {path}"),
            ),
            Text::new("去掉其中一处 extends", "remove one of the extends"),
        );
    }

    fn finish(mut self, raw: Option<RawScheme>) -> Result<Scheme, SchemeError> {
        let Some(raw) = raw.filter(|_| self.findings.is_empty()) else {
            return Err(SchemeError {
                findings: std::mem::take(&mut self.findings),
            });
        };
        // The scheme's identity covers every file of its chain, root last.
        let mut hasher = Sha256::new();
        for f in &self.files {
            hasher.update(f.text.as_bytes());
        }
        let sha256 = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let mut c = Compiler {
            files: self.files,
            findings: Vec::new(),
        };
        let scheme = c.compile(raw, sha256);
        // In the order of the files, whatever order the maps were read in.
        c.findings.sort_by_key(|f| match f.pos {
            Pos::Text { offset, .. } => offset,
            _ => 0,
        });
        match scheme {
            Some(scheme) if c.findings.is_empty() => Ok(scheme),
            _ => Err(SchemeError {
                findings: c.findings,
            }),
        }
    }
}

/// Limits that stop alias bombs and huge documents before they cost memory.
fn options() -> serde_saphyr::Options {
    serde_saphyr::Options::default()
}

struct Compiler {
    /// Every file of the chain, parent first; values know their file's index.
    files: Vec<Arc<SourceFile>>,
    findings: Vec<Finding>,
}

impl Compiler {
    fn file(&self, s: &S) -> Arc<SourceFile> {
        Arc::clone(&self.files[s.file.min(self.files.len() - 1)])
    }

    fn pos(&self, s: &S) -> Pos {
        yaml::pos_of(&self.file(s).text, &s.referenced)
    }

    fn origin(&self, s: &S) -> Origin {
        Origin {
            file: self.file(s),
            pos: self.pos(s),
        }
    }

    fn error(&mut self, s: &S, message: Text, help: Text) {
        let (pos, file) = (self.pos(s), self.file(s));
        self.findings
            .push(Finding::new(RULE, Severity::Error, message, help).at(&file, pos));
    }

    /// The scheme being loaded (read first; the schemes it extends follow).
    fn root(&self) -> Arc<SourceFile> {
        Arc::clone(&self.files[0])
    }

    /// A required field; its absence is reported at the top of the scheme being loaded.
    fn need<'a, T>(&mut self, value: &'a Option<T>, key: &str) -> Option<&'a T> {
        if value.is_none() {
            let root = self.root();
            // Identity is never inherited, so only the scheme itself can supply it.
            let own = matches!(key, "id" | "name");
            let pos = Pos::at_offset(&root.text, 0);
            self.findings.push(
                Finding::new(
                    RULE,
                    Severity::Error,
                    Text::new(
                        format!("缺少必填字段“{key}”"),
                        format!("missing required field \"{key}\""),
                    ),
                    if own {
                        Text::new(
                            format!("补上 {key}（不会从上级方案继承）"),
                            format!("add {key} (it is never inherited)"),
                        )
                    } else {
                        Text::new(
                            format!("补上 {key}，或用 extends 继承一个写有它的方案"),
                            format!("add {key}, or extend a scheme that has it"),
                        )
                    },
                )
                .at(&root, pos),
            );
        }
        value.as_ref()
    }

    /// A plain number: `10`, `0.01`.
    fn number(&mut self, s: &S) -> Option<Decimal> {
        let text = crate::text::fold(s.value.trim());
        match Decimal::from_str_exact(&text) {
            Ok(v) => Some(v),
            Err(_) => {
                self.error(
                    s,
                    Text::new(
                        format!("“{}”不是数字", s.value),
                        format!("\"{}\" is not a number", s.value),
                    ),
                    Text::new("写成数字，如 10 或 0.5", "write a number, as in 10 or 0.5"),
                );
                None
            }
        }
    }

    /// A share: `90%` or `0.9`, returned as a fraction. A bare number of 10 or more is taken
    /// for a forgotten percent sign (`90` would mean 9000%) and refused.
    fn ratio(&mut self, s: &S) -> Option<Decimal> {
        let text = crate::text::fold(s.value.trim());
        let (parsed, bare) = match text.strip_suffix('%') {
            Some(percent) => (
                Decimal::from_str_exact(percent.trim())
                    .ok()
                    .and_then(|v| v.checked_div(Decimal::ONE_HUNDRED)),
                false,
            ),
            None => (Decimal::from_str_exact(&text).ok(), true),
        };
        if let Some(v) = parsed
            && bare
            && v >= Decimal::TEN
        {
            self.error(
                s,
                Text::new(
                    format!(
                        "比例“{}”将被读作 {}%，似乎漏写了百分号",
                        s.value,
                        v * Decimal::ONE_HUNDRED
                    ),
                    format!(
                        "the share \"{}\" would read as {}%; the percent sign seems missing",
                        s.value,
                        v * Decimal::ONE_HUNDRED
                    ),
                ),
                Text::new(
                    format!("写成 {}%", s.value.trim()),
                    format!("write {}%", s.value.trim()),
                ),
            );
            return None;
        }
        if parsed.is_none() {
            self.error(
                s,
                Text::new(
                    format!("“{}”不是比例", s.value),
                    format!("\"{}\" is not a share", s.value),
                ),
                Text::new(
                    "写成百分比或小数，如 90% 或 0.9",
                    "write a percentage or fraction, as in 90% or 0.9",
                ),
            );
        }
        parsed
    }

    fn formula(&mut self, s: &S, allowed: &dyn Fn(&str) -> bool) -> Option<Formula> {
        let pos = self.pos(s);
        match Formula::parse(&s.value) {
            Ok(formula) => {
                let mut ok = true;
                for (name, span) in formula.names() {
                    if !allowed(name) {
                        ok = false;
                        let known: Vec<&str> = BUDGET_FIGURES
                            .iter()
                            .map(|(n, _)| *n)
                            .filter(|n| allowed(n))
                            .collect();
                        let help = match crate::text::did_you_mean(name, known.iter().copied()) {
                            Some(s) => Text::new(
                                format!("是否应为“{s}”？"),
                                format!("did you mean \"{s}\"?"),
                            ),
                            None => Text::new(
                                format!("可用的名称：{}", known.join("、")),
                                format!("known names: {}", known.join(", ")),
                            ),
                        };
                        self.findings.push(
                            Finding::new(
                                RULE,
                                Severity::Error,
                                Text::new(
                                    format!("公式中的“{name}”不是已知的数据项"),
                                    format!("\"{name}\" in the formula is not a known figure"),
                                ),
                                help,
                            )
                            .at(&self.file(s), pos.clone())
                            .span(span),
                        );
                    }
                }
                ok.then_some(formula)
            }
            Err(e) => {
                self.findings.push(
                    Finding::new(RULE, Severity::Error, e.message.clone(), e.help.clone())
                        .at(&self.file(s), pos)
                        .span(e.span.clone()),
                );
                None
            }
        }
    }

    fn choice<'a>(&mut self, s: &S, options: &[&'a str]) -> Option<&'a str> {
        let found = options.iter().find(|o| **o == s.value.trim()).copied();
        if found.is_none() {
            let help = match crate::text::did_you_mean(&s.value, options.iter().copied()) {
                Some(o) => Text::new(format!("是否应为“{o}”？"), format!("did you mean \"{o}\"?")),
                None => Text::new(
                    format!("可选：{}", options.join("、")),
                    format!("one of: {}", options.join(", ")),
                ),
            };
            self.error(
                s,
                Text::new(
                    format!("“{}”不是可选的取值", s.value),
                    format!("\"{}\" is not one of the allowed values", s.value),
                ),
                help,
            );
        }
        found
    }

    fn year(&mut self, s: &S) -> Option<i32> {
        let n = self.number(s)?;
        match i32::try_from(n.trunc().mantissa()) {
            Ok(y) if (1900..=2100).contains(&y) && n.fract().is_zero() => Some(y),
            _ => {
                self.error(
                    s,
                    Text::new(
                        format!("“{}”不是年份", s.value),
                        format!("\"{}\" is not a year", s.value),
                    ),
                    Text::new("写四位年份，如 2022", "write a four-digit year, as in 2022"),
                );
                None
            }
        }
    }

    fn compile(&mut self, raw: RawScheme, sha256: String) -> Option<Scheme> {
        let id = self.need(&raw.id, "id").map(|l| l.value.trim().to_string());
        let name = self
            .need(&raw.name, "name")
            .map(|l| l.value.trim().to_string());
        let kind = match self.need(&raw.kind, "kind") {
            Some(k) => self
                .choice(k, &["department", "project"])
                .and_then(SheetKind::from_name),
            None => None,
        };
        let year = raw.year.as_ref().and_then(|y| self.year(y));
        let years = match &raw.years {
            Some(y) => {
                let from = y.from.as_ref().and_then(|f| self.year(f));
                let to = y.to.as_ref().and_then(|t| self.year(t));
                if let (Some(f), Some(t), Some(at)) = (from, to, y.to.as_ref())
                    && t < f
                {
                    self.error(
                        at,
                        Text::new(
                            format!("适用年度的终止年 {t} 早于起始年 {f}"),
                            format!("the last year {t} is before the first year {f}"),
                        ),
                        Text::new("调换 from 与 to", "swap from and to"),
                    );
                }
                (from, to)
            }
            // A scheme without `years` applies to its own year onwards.
            None => (year, None),
        };
        let total = match self.need(&raw.total, "total") {
            Some(t) => self.number(t),
            None => None,
        };
        let categories: Vec<Category> = raw
            .categories
            .iter()
            .flatten()
            .filter_map(|c| {
                let at = self.need(&c.name, "categories[].name")?;
                let (name, origin) = (at.value.trim().to_string(), self.origin(at));
                Some(Category {
                    name,
                    origin,
                    aliases: c
                        .aliases
                        .iter()
                        .flatten()
                        .map(|a| a.value.trim().to_string())
                        .collect(),
                    weight: c.weight.as_ref().and_then(|w| self.number(w)),
                    required: c.required.unwrap_or(false),
                    subcategories: c
                        .subcategories
                        .iter()
                        .flatten()
                        .map(|a| crate::value::label::label(&a.value).name)
                        .collect(),
                    target_required: c.target_required.unwrap_or(true),
                })
            })
            .collect();
        let budget = match self.need(&raw.budget, "budget") {
            Some(b) => self.budget(b),
            None => None,
        };
        let derived: Vec<Derived> = raw
            .derived
            .iter()
            .flatten()
            .filter_map(|d| {
                let name = self.need(&d.name, "derived[].name")?;
                let formula_text = self.need(&d.formula, "derived[].formula")?;
                let mode_text = self.need(&d.mode, "derived[].mode")?;
                let formula = self.formula(formula_text, &|n| {
                    budget_figure(n).is_some_and(|k| k != "weight" && k != "rate")
                });
                let mode = self.choice(mode_text, &["replace", "check"]);
                let tolerance = match &d.tolerance {
                    Some(t) => self.ratio(t)?,
                    None => Decimal::new(5, 3),
                };
                Some(Derived {
                    name: name.value.trim().to_string(),
                    aliases: d
                        .aliases
                        .iter()
                        .flatten()
                        .map(|a| a.value.trim().to_string())
                        .collect(),
                    formula: formula?,
                    formula_origin: self.origin(formula_text),
                    replace: mode? == "replace",
                    tolerance,
                    origin: self.origin(name),
                })
            })
            .collect();
        let quantitative = self.quantitative(&raw.quantitative.clone().unwrap_or_default());
        let deadline_missed = match raw.deadline.as_ref().and_then(|d| d.missed.as_ref()) {
            Some(m) => self.ratio(m),
            None => Some(Decimal::ZERO),
        };
        let qualitative = match self.need(&raw.qualitative, "qualitative") {
            Some(q) => self.qualitative(q),
            None => None,
        };
        let deviation = match self.need(&raw.deviation, "deviation") {
            Some(d) => self.deviation(d),
            None => None,
        };
        let rounding = match self.need(&raw.rounding, "rounding") {
            Some(r) => self.rounding(r),
            None => None,
        };
        let score_tolerance = match &raw.score_tolerance {
            Some(t) => self.number(t),
            None => Some(Decimal::new(1, 2)),
        };
        let mut grades: Vec<Grade> = raw
            .grades
            .iter()
            .flatten()
            .filter_map(|g| {
                let at = self.need(&g.grade, "grades[].grade")?;
                let (name, origin) = (at.value.trim().to_string(), self.origin(at));
                let min = self.need(&g.min, "grades[].min")?;
                Some(Grade {
                    name,
                    origin,
                    min: self.number(min)?,
                })
            })
            .collect();
        self.need(&raw.grades, "grades");
        grades.sort_by_key(|g| std::cmp::Reverse(g.min));
        let units = self.units(raw.units.as_deref().unwrap_or_default());
        let rules: Vec<CustomRule> = raw
            .rules
            .iter()
            .flatten()
            .filter_map(|r| self.rule(r))
            .collect();
        let severities = self.severities(raw.checks.as_ref(), &rules);
        let root = self.root();
        Some(Scheme {
            source: root,
            sha256,
            id: id?,
            name: name?,
            kind: kind?,
            year,
            years,
            sources: raw
                .sources
                .iter()
                .flatten()
                .map(|l| l.value.clone())
                .collect(),
            total: total?,
            categories,
            budget: budget?,
            derived,
            quantitative: quantitative?,
            deadline_missed: deadline_missed?,
            qualitative: qualitative?,
            deviation: deviation?,
            rounding: rounding?,
            score_tolerance: score_tolerance?,
            grades,
            severities,
            rules,
            units,
        })
    }

    /// The scheme's units: each needs a known dimension, and a base that is a known unit (or
    /// itself), so that conversions stay within a dimension.
    fn units(&mut self, raw: &[super::raw::RawUnit]) -> crate::value::UnitTable {
        use crate::value::{Dimension, UnitTable};
        let mut table = UnitTable::standard().clone();
        for u in raw {
            let Some(symbol) = self.need(&u.symbol, "units[].symbol") else {
                continue;
            };
            let Some(dimension_at) = self.need(&u.dimension, "units[].dimension") else {
                continue;
            };
            let names = [
                "money", "area", "length", "weight", "volume", "time", "percent", "count",
            ];
            let Some(dimension) = Dimension::from_name(dimension_at.value.trim()) else {
                let help = match crate::text::did_you_mean(dimension_at.value.trim(), names) {
                    Some(s) => {
                        Text::new(format!("是否应为“{s}”？"), format!("did you mean \"{s}\"?"))
                    }
                    None => Text::new(
                        format!("可选：{}", names.join("、")),
                        format!("one of: {}", names.join(", ")),
                    ),
                };
                self.error(
                    dimension_at,
                    Text::new(
                        format!("“{}”不是计量维度", dimension_at.value),
                        format!("\"{}\" is not a dimension", dimension_at.value),
                    ),
                    help,
                );
                continue;
            };
            let own = symbol.value.trim().to_string();
            // A base that is itself measured in another unit (平方米 in 亩) passes on that
            // unit and its factor: 1 公顷 = 10000 平方米 = 15 亩.
            let (base, base_factor) = match &u.base {
                None => (own.clone(), Decimal::ONE),
                Some(b) => match table.lookup(b.value.trim()) {
                    Some(unit) if unit.dimension == dimension => (unit.base.clone(), unit.factor),
                    Some(unit) => {
                        self.error(
                            b,
                            Text::new(
                                format!(
                                    "单位“{own}”是{}，而基准单位“{}”是{}",
                                    dimension.zh(),
                                    b.value.trim(),
                                    unit.dimension.zh()
                                ),
                                format!(
                                    "\"{own}\" is {}, but its base \"{}\" is {}",
                                    dimension.name(),
                                    b.value.trim(),
                                    unit.dimension.name()
                                ),
                            ),
                            Text::new(
                                "基准单位应与本单位同一维度",
                                "the base must measure the same thing",
                            ),
                        );
                        continue;
                    }
                    None => {
                        let known: Vec<&str> = table.spellings().collect();
                        let help = match crate::text::did_you_mean(
                            b.value.trim(),
                            known.iter().copied(),
                        ) {
                            Some(s) => Text::new(
                                format!("是否应为“{s}”？"),
                                format!("did you mean \"{s}\"?"),
                            ),
                            None => Text::new(
                                "基准单位应为单位表中已有的单位，或在前面先定义它",
                                "the base must be a known unit, or defined above",
                            ),
                        };
                        self.error(
                            b,
                            Text::new(
                                format!("基准单位“{}”不在单位表中", b.value.trim()),
                                format!(
                                    "the base unit \"{}\" is not in the unit table",
                                    b.value.trim()
                                ),
                            ),
                            help,
                        );
                        continue;
                    }
                },
            };
            let factor = match &u.factor {
                Some(f) => match self.number(f) {
                    Some(v) if v > Decimal::ZERO => v,
                    Some(_) => {
                        self.error(
                            f,
                            Text::new("换算系数应大于 0", "the factor must be above 0"),
                            Text::new(
                                "如 1 公顷 = 15 亩：factor: 15",
                                "e.g. 1 公顷 = 15 亩: factor: 15",
                            ),
                        );
                        continue;
                    }
                    None => continue,
                },
                None => Decimal::ONE,
            };
            let Some(factor) = factor.checked_mul(base_factor) else {
                if let Some(f) = &u.factor {
                    self.error(
                        f,
                        Text::new(
                            format!("换算系数过大：1 {own} 折合的 {base} 超出可计算的范围"),
                            format!("the factor is too large: 1 {own} in {base} is out of range"),
                        ),
                        Text::new(
                            "请检查换算系数的数量级",
                            "check the factor's order of magnitude",
                        ),
                    );
                }
                continue;
            };
            let aliases: Vec<String> = u
                .aliases
                .iter()
                .flatten()
                .map(|a| a.value.trim().to_string())
                .collect();
            let alias_refs: Vec<&str> = aliases.iter().map(String::as_str).collect();
            table.add(&own, &alias_refs, dimension, &base, factor);
        }
        table
    }

    /// A custom rule: kebab-case name of its own, formulas over the figures of its scope.
    fn rule(&mut self, raw: &super::raw::RawRule) -> Option<CustomRule> {
        use super::figures::{HOST_FUNCTIONS, ROW_FIGURES, SHEET_FIGURES, canonical};
        let name_at = self.need(&raw.name, "rules[].name")?;
        let name = name_at.value.trim().to_string();
        let kebab = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !name.starts_with('-');
        if !kebab {
            self.error(
                name_at,
                Text::new(
                    format!("检查项名称“{name}”应为小写英文与连字符"),
                    format!("the check name \"{name}\" must be lower-case kebab-case"),
                ),
                Text::new(
                    "如 satisfaction-target-floor",
                    "e.g. satisfaction-target-floor",
                ),
            );
            return None;
        }
        if crate::codes::lookup(&name).is_some()
            || name.starts_with("sheet-")
            || name.starts_with("scheme-")
        {
            self.error(
                name_at,
                Text::new(
                    format!("检查项名称“{name}”已被内置检查使用"),
                    format!("the check name \"{name}\" is taken by a built-in check"),
                ),
                Text::new(
                    "换一个名称；内置检查的级别可在 checks 下调整",
                    "choose another name; built-in checks are tuned under checks",
                ),
            );
            return None;
        }
        let scope = match self.need(&raw.scope, "rules[].scope") {
            Some(s) => match self.choice(s, &["indicator", "sheet"])? {
                "indicator" => RuleScope::Indicator,
                _ => RuleScope::Sheet,
            },
            None => return None,
        };
        // Inside an aggregate a sheet rule names row figures; outside, sheet figures.
        let known = |n: &str| match scope {
            RuleScope::Indicator => canonical(ROW_FIGURES, n).is_some(),
            RuleScope::Sheet => {
                canonical(SHEET_FIGURES, n).is_some() || canonical(ROW_FIGURES, n).is_some()
            }
        };
        let names: Vec<&str> = match scope {
            RuleScope::Indicator => ROW_FIGURES.iter().map(|(n, _)| *n).collect(),
            RuleScope::Sheet => SHEET_FIGURES
                .iter()
                .chain(ROW_FIGURES)
                .map(|(n, _)| *n)
                .collect(),
        };
        let parse = |c: &mut Self, at: &S| -> Option<Formula> {
            let pos = c.pos(at);
            let file = c.file(at);
            match Formula::parse_with(&at.value, HOST_FUNCTIONS) {
                Ok(f) => {
                    let mut ok = true;
                    let aggregates = f.aggregates();
                    for (n, span) in f.names() {
                        // Outside an aggregate a sheet rule has only the sheet's figures.
                        let in_aggregate = aggregates
                            .iter()
                            .any(|a| a.start <= span.start && span.end <= a.end);
                        if known(n)
                            && (scope == RuleScope::Indicator
                                || in_aggregate
                                || canonical(SHEET_FIGURES, n).is_some())
                        {
                            continue;
                        }
                        ok = false;
                        let (message, help) = if known(n) {
                            (
                                Text::new(
                                    format!(
                                        "“{n}”是指标行的数据项，整表检查只能在汇总函数（count、sum 等）中使用它"
                                    ),
                                    format!(
                                        "\"{n}\" is a row figure: a per-sheet rule can use it only inside an aggregate (count, sum …)"
                                    ),
                                ),
                                Text::new(
                                    format!("写成 count({n} …) 之类，或把 scope 改为 indicator"),
                                    format!(
                                        "wrap it in an aggregate such as count({n} …), or set scope: indicator"
                                    ),
                                ),
                            )
                        } else {
                            let help = match crate::text::did_you_mean(n, names.iter().copied()) {
                                Some(s) => Text::new(
                                    format!("是否应为“{s}”？"),
                                    format!("did you mean \"{s}\"?"),
                                ),
                                None => Text::new(
                                    format!("可用的名称：{}", names.join("、")),
                                    format!("known names: {}", names.join(", ")),
                                ),
                            };
                            (
                                Text::new(
                                    format!("规则中的“{n}”不是已知的数据项"),
                                    format!("\"{n}\" in the rule is not a known figure"),
                                ),
                                help,
                            )
                        };
                        c.findings.push(
                            Finding::new(RULE, Severity::Error, message, help)
                                .at(&file, pos.clone())
                                .span(span),
                        );
                    }
                    if scope == RuleScope::Indicator
                        && let Some(span) = f.aggregates().first()
                    {
                        ok = false;
                        c.findings.push(
                            Finding::new(
                                RULE,
                                Severity::Error,
                                Text::new(
                                    "逐个指标的规则不能使用汇总函数（count、sum 等）",
                                    "a per-indicator rule cannot use aggregates (count, sum …)",
                                ),
                                Text::new("把 scope 改为 sheet", "set scope: sheet"),
                            )
                            .at(&file, pos.clone())
                            .span(span.clone()),
                        );
                    }
                    ok.then_some(f)
                }
                Err(e) => {
                    c.findings.push(
                        Finding::new(RULE, Severity::Error, e.message.clone(), e.help.clone())
                            .at(&file, pos)
                            .span(e.span.clone()),
                    );
                    None
                }
            }
        };
        let when = match &raw.when {
            Some(w) => Some(parse(self, w)?),
            None => None,
        };
        let require_at = self.need(&raw.require, "rules[].require")?;
        let require = parse(self, require_at);
        let severity = match &raw.severity {
            Some(s) => match Severity::from_name(s.value.trim()) {
                Some(v) => Some(v),
                None => {
                    self.error(
                        s,
                        Text::new(
                            format!("“{}”不是严重程度", s.value),
                            format!("\"{}\" is not a severity", s.value),
                        ),
                        Text::new("可选：error、warning、info", "one of: error, warning, info"),
                    );
                    None
                }
            },
            None => Some(Severity::Warning),
        };
        let field = match &raw.field {
            None => Some("name"),
            Some(f) => self.choice(
                f,
                &[
                    "name",
                    "level1",
                    "level2",
                    "target",
                    "actual",
                    "weight",
                    "score",
                    "deviation",
                    "reason",
                ],
            ),
        };
        let title = self
            .need(&raw.title, "rules[].title")?
            .value
            .trim()
            .to_string();
        let message = self
            .need(&raw.message, "rules[].message")?
            .value
            .trim()
            .to_string();
        let help = self
            .need(&raw.help, "rules[].help")?
            .value
            .trim()
            .to_string();
        let en = |o: &Option<S>, zh: &str| {
            o.as_ref()
                .map_or_else(|| zh.to_string(), |l| l.value.trim().to_string())
        };
        Some(CustomRule {
            title: Text::new(title.clone(), en(&raw.title_en, &title)),
            message: Text::new(message.clone(), en(&raw.message_en, &message)),
            help: Text::new(help.clone(), en(&raw.help_en, &help)),
            docs: raw
                .docs
                .as_ref()
                .map(|d| d.value.trim().to_string())
                .unwrap_or_default(),
            origin: self.origin(name_at),
            name,
            scope,
            when,
            require: require?,
            severity: severity?,
            field: field?,
        })
    }

    fn budget(&mut self, raw: &RawBudget) -> Option<BudgetRules> {
        let weight = match self.need(&raw.weight, "budget.weight") {
            Some(w) => self.number(w),
            None => None,
        };
        let rate_origin = raw.rate.as_ref().map(|r| self.origin(r));
        let rate = match self.need(&raw.rate, "budget.rate") {
            Some(r) => self.formula(r, &|n| {
                budget_figure(n).is_some_and(|k| k != "weight" && k != "rate")
            }),
            None => None,
        };
        let caps = self.caps(raw.total_cap.as_deref().unwrap_or_default());
        let s = self.need(&raw.score, "budget.score")?;
        let method = self.need(&s.method, "budget.score.method")?;
        let missing = |c: &mut Self, what: &str| {
            c.error(
                method,
                Text::new(
                    format!("该得分方式需要“{what}”"),
                    format!("this method needs \"{what}\""),
                ),
                Text::new(
                    format!("在 score 下补上 {what}"),
                    format!("add {what} under score"),
                ),
            );
        };
        let score = match self.choice(
            method,
            &[
                "proportional",
                "threshold_ratio",
                "per_point",
                "bands",
                "formula",
            ],
        )? {
            "proportional" => Some(BudgetScore::Proportional),
            "threshold_ratio" => match &s.threshold {
                Some(t) => self.ratio(t).map(BudgetScore::ThresholdRatio),
                None => {
                    missing(self, "threshold");
                    None
                }
            },
            "per_point" => match (&s.line, &s.points, &s.per) {
                (Some(line), Some(points), per) => {
                    let line = self.ratio(line);
                    let points = self.number(points);
                    let per = match per {
                        Some(p) => self.ratio(p),
                        None => Some(Decimal::new(1, 2)),
                    };
                    Some(BudgetScore::PerPoint {
                        line: line?,
                        points: points?,
                        per: per?,
                    })
                }
                _ => {
                    missing(self, "line / points");
                    None
                }
            },
            "bands" => match &s.bands {
                Some(bands) => {
                    let mut out: Vec<(Decimal, Decimal)> = bands
                        .iter()
                        .filter_map(|b| {
                            let min = self.need(&b.min, "budget.score.bands[].min")?;
                            let score = self.need(&b.score, "budget.score.bands[].score")?;
                            Some((self.ratio(min)?, self.ratio(score)?))
                        })
                        .collect();
                    out.sort_by_key(|b| std::cmp::Reverse(b.0));
                    Some(BudgetScore::Bands(out))
                }
                None => {
                    missing(self, "bands");
                    None
                }
            },
            _ => match &s.formula {
                Some(f) => self
                    .formula(f, &|n| budget_figure(n).is_some())
                    .map(BudgetScore::Formula),
                None => {
                    missing(self, "formula");
                    None
                }
            },
        };
        Some(BudgetRules {
            weight: weight?,
            rate: rate?,
            rate_origin: rate_origin?,
            score: score?,
            caps: caps?,
        })
    }

    /// 执行率分档封顶: each band [min, max) of the rate caps the whole total.
    fn caps(&mut self, raw: &[super::raw::RawCap]) -> Option<Vec<TotalCap>> {
        let mut out = Vec::new();
        let mut ok = true;
        for c in raw {
            let Some(cap) = self.need(&c.cap, "budget.total_cap[].cap") else {
                ok = false;
                continue;
            };
            let min = match &c.min {
                Some(m) => self.ratio(m),
                None => Some(Decimal::ZERO),
            };
            let max = match &c.max {
                Some(m) => self.ratio(m).map(Some),
                None => Some(None),
            };
            match (min, max, self.number(cap)) {
                (Some(min), Some(max), Some(value)) => out.push(TotalCap {
                    origin: self.origin(cap),
                    name: c
                        .name
                        .as_ref()
                        .map(|n| n.value.trim().to_string())
                        .unwrap_or_default(),
                    min,
                    max,
                    cap: value,
                }),
                _ => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn quantitative(&mut self, raw: &RawQuantitative) -> Option<Quantitative> {
        if let Some(h) = &raw.higher {
            self.choice(h, &["proportional"])?;
        }
        let lower = match &raw.lower {
            None => Lower::Inverse,
            Some(l) => match self.choice(l, &["inverse", "decay"])? {
                "inverse" => Lower::Inverse,
                _ => {
                    let multiple = match &raw.decay_multiple {
                        Some(m) => self.number(m)?,
                        None => Decimal::TWO,
                    };
                    if multiple <= Decimal::ONE {
                        self.error(
                            raw.decay_multiple.as_ref().unwrap_or(l),
                            Text::new(
                                "decay_multiple 必须大于 1",
                                "decay_multiple must be above 1",
                            ),
                            Text::new(
                                "如 2：实际值达到指标值 2 倍时得 0 分",
                                "e.g. 2: zero at twice the target",
                            ),
                        );
                        return None;
                    }
                    Lower::Decay(multiple)
                }
            },
        };
        let over_threshold = match &raw.over_achievement {
            None => None,
            Some(o) => {
                let threshold_text =
                    self.need(&o.threshold, "quantitative.over_achievement.threshold")?;
                let action_text = self.need(&o.action, "quantitative.over_achievement.action")?;
                let threshold = self.ratio(threshold_text)?;
                let action = match self.choice(action_text, &["warn", "reason", "deduct"])? {
                    "warn" => OverAction::Warn,
                    "reason" => OverAction::Reason,
                    _ => match &o.deduction {
                        Some(d) => OverAction::Deduct(self.number(d)?),
                        None => {
                            self.error(
                                action_text,
                                Text::new(
                                    "deduct 需要 deduction（扣分）",
                                    "deduct needs a deduction",
                                ),
                                Text::new("补上 deduction: 2", "add deduction: 2"),
                            );
                            return None;
                        }
                    },
                };
                Some((threshold, action))
            }
        };
        let over_origin = raw
            .over_achievement
            .as_ref()
            .and_then(|o| o.threshold.as_ref())
            .map(|t| self.origin(t));
        Some(Quantitative {
            lower,
            over_threshold,
            over_origin,
            lower_names: raw
                .lower_names
                .iter()
                .flatten()
                .map(|n| crate::text::normalize(&n.value))
                .filter(|n| !n.is_empty())
                .collect(),
            share_names: raw
                .share_names
                .iter()
                .flatten()
                .map(|n| crate::text::normalize(&n.value))
                .filter(|n| !n.is_empty())
                .collect(),
        })
    }

    fn qualitative(&mut self, raw: &RawQualitative) -> Option<Qualitative> {
        let bands_list = self.need(&raw.bands, "qualitative.bands")?;
        if bands_list.value.is_empty() {
            let file = Arc::clone(&self.files[bands_list.file.min(self.files.len() - 1)]);
            let pos = yaml::pos_of(&file.text, &bands_list.referenced);
            self.findings.push(
                Finding::new(
                    RULE,
                    Severity::Error,
                    Text::new(
                        "定性指标的档次（bands）不能为空",
                        "qualitative bands must not be empty",
                    ),
                    Text::new(
                        "写出三档：达成 80%–100%、部分达成 60%–80%、未达成 0–60%",
                        "list the three bands: 达成 80%–100%, 部分达成 60%–80%, 未达成 0–60%",
                    ),
                )
                .at(&file, pos),
            );
            return None;
        }
        let mut bands = Vec::new();
        for b in &bands_list.value {
            let (Some(name), Some(min), Some(max)) = (
                self.need(&b.name, "qualitative.bands[].name"),
                self.need(&b.min, "qualitative.bands[].min"),
                self.need(&b.max, "qualitative.bands[].max"),
            ) else {
                continue;
            };
            let (min, max) = (self.ratio(min), self.ratio(max));
            if let (Some(min), Some(max)) = (min, max) {
                bands.push(Band {
                    name: name.value.trim().to_string(),
                    min,
                    max,
                    max_inclusive: b.max_inclusive.unwrap_or(false),
                    origin: self.origin(name),
                });
            }
        }
        let mut vocabulary = HashMap::new();
        for (band, words) in raw.vocabulary.iter().flatten() {
            let Some(index) = bands.iter().position(|b| &b.name == band) else {
                // A band that is written but failed to load was reported already.
                if bands_list
                    .value
                    .iter()
                    .any(|b| b.name.as_ref().is_some_and(|n| &n.value == band))
                {
                    continue;
                }
                let (pos, file) = match words.first() {
                    Some(w) => (self.pos(w), self.file(w)),
                    None => (Pos::File, self.root()),
                };
                self.findings.push(
                    Finding::new(
                        RULE,
                        Severity::Error,
                        Text::new(
                            format!("词表中的档次“{band}”不在 bands 中"),
                            format!(
                                "the vocabulary names a band \"{band}\" that bands does not define"
                            ),
                        ),
                        Text::new(
                            "词表的键应为 bands 中的 name",
                            "vocabulary keys must be band names",
                        ),
                    )
                    .at(&file, pos),
                );
                continue;
            };
            for w in words {
                vocabulary.insert(crate::text::normalize(&w.value), index);
            }
        }
        Some(Qualitative { bands, vocabulary })
    }

    fn deviation(&mut self, raw: &RawDeviation) -> Option<DeviationRules> {
        let definition_text = self.need(&raw.definition, "deviation.definition")?;
        let required_text = self.need(&raw.reason_required, "deviation.reason_required")?;
        let definition = self.choice(definition_text, &["shortfall", "relative"]);
        let when = self.choice(required_text, &["unmet", "threshold"]);
        let reason_threshold = match (&raw.reason_threshold, when) {
            (Some(t), _) => self.ratio(t)?,
            (None, Some("threshold")) => {
                self.error(
                    required_text,
                    Text::new(
                        "threshold 需要 reason_threshold",
                        "threshold needs reason_threshold",
                    ),
                    Text::new("补上 reason_threshold: 20%", "add reason_threshold: 20%"),
                );
                return None;
            }
            (None, _) => Decimal::ZERO,
        };
        let tolerance = match &raw.tolerance {
            Some(t) => self.ratio(t)?,
            None => Decimal::new(1, 4),
        };
        Some(DeviationRules {
            shortfall_only: definition? == "shortfall",
            reason_threshold,
            tolerance,
        })
    }

    fn rounding(&mut self, raw: &RawRounding) -> Option<Rounding> {
        let places_text = self.need(&raw.places, "rounding.places")?;
        let mode_text = self.need(&raw.mode, "rounding.mode")?;
        let places = self.number(places_text);
        let mode = self.choice(mode_text, &["half_up", "truncate"]);
        let places = match places.and_then(|p| u32::try_from(p.trunc().mantissa()).ok()) {
            Some(p) if p <= 10 => p,
            _ => {
                self.error(
                    places_text,
                    Text::new(
                        "places 应为 0 到 10 的整数",
                        "places must be a whole number from 0 to 10",
                    ),
                    Text::new("常用 2（保留两位小数）", "2 (two decimals) is usual"),
                );
                return None;
            }
        };
        Some(Rounding {
            places,
            truncate: mode? == "truncate",
        })
    }

    fn severities(
        &mut self,
        raw: Option<&BTreeMap<String, S>>,
        rules: &[CustomRule],
    ) -> HashMap<String, Option<Severity>> {
        let mut out = HashMap::new();
        for (check, level) in raw.into_iter().flatten() {
            let built_in = crate::codes::lookup(check).is_some_and(|c| c.stage == Stage::Check);
            if !built_in && !rules.iter().any(|r| &r.name == check) {
                let names = crate::codes::of(Stage::Check).map(|c| c.name);
                let help = match crate::text::did_you_mean(check, names) {
                    Some(s) => {
                        Text::new(format!("是否应为“{s}”？"), format!("did you mean \"{s}\"?"))
                    }
                    None => Text::new(
                        "用 jixiao rules 查看全部检查项",
                        "list the checks with jixiao rules",
                    ),
                };
                self.error(
                    level,
                    Text::new(
                        format!("没有名为“{check}”的检查项"),
                        format!("there is no check named \"{check}\""),
                    ),
                    help,
                );
                continue;
            }
            match level.value.trim() {
                "off" | "关闭" => {
                    out.insert(check.clone(), None);
                }
                other => match Severity::from_name(other) {
                    Some(s) => {
                        out.insert(check.clone(), Some(s));
                    }
                    None => self.error(
                        level,
                        Text::new(
                            format!("“{other}”不是严重程度"),
                            format!("\"{other}\" is not a severity"),
                        ),
                        Text::new(
                            "可选：error、warning、info、off",
                            "one of: error, warning, info, off",
                        ),
                    ),
                },
            }
        }
        out
    }
}
