//! Reading a scheme file: YAML into raw structs (with value positions), then compiling and
//! validating it. Every problem becomes a located `scheme-invalid` finding; all problems of a
//! file are reported together where they can be.

use std::collections::HashMap;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::Deserialize;
use serde_saphyr::Spanned;
use sha2::{Digest, Sha256};

use super::{
    Band, BudgetRules, BudgetScore, Category, Derived, DeviationRules, Grade, Lower, OverAction,
    Qualitative, Quantitative, Rounding, Scheme,
};
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
        for finding in &self.findings {
            writeln!(f, "{}: {}", finding.location_text(), finding.message.zh)?;
        }
        Ok(())
    }
}

impl std::error::Error for SchemeError {}

const RULE: &str = "scheme-invalid";

/// Names a budget formula may use, with their English spellings: (name, canonical key).
pub const BUDGET_FIGURES: &[(&str, &str)] = &[
    ("年初预算数", "initial"),
    ("initial", "initial"),
    ("全年预算数", "full_year"),
    ("调整后预算数", "full_year"),
    ("full_year", "full_year"),
    ("全年执行数", "executed"),
    ("executed", "executed"),
    ("执行率", "rate"),
    ("rate", "rate"),
    ("分值", "weight"),
    ("weight", "weight"),
];

/// The canonical key of a budget figure name.
pub fn budget_figure(name: &str) -> Option<&'static str> {
    BUDGET_FIGURES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, k)| *k)
}

type S = Spanned<String>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScheme {
    id: S,
    name: String,
    kind: S,
    year: Option<S>,
    #[serde(default)]
    sources: Vec<String>,
    total: S,
    #[serde(default)]
    categories: Vec<RawCategory>,
    budget: RawBudget,
    #[serde(default)]
    derived: Vec<RawDerived>,
    #[serde(default)]
    quantitative: RawQuantitative,
    deadline: Option<RawDeadline>,
    qualitative: RawQualitative,
    deviation: RawDeviation,
    rounding: RawRounding,
    score_tolerance: Option<S>,
    grades: Vec<RawGrade>,
    #[serde(default)]
    checks: HashMap<String, S>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    name: S,
    #[serde(default)]
    aliases: Vec<String>,
    weight: Option<S>,
    #[serde(default)]
    required: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBudget {
    weight: S,
    rate: S,
    score: RawBudgetScore,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBudgetScore {
    method: S,
    threshold: Option<S>,
    line: Option<S>,
    points: Option<S>,
    per: Option<S>,
    bands: Option<Vec<RawScoreBand>>,
    formula: Option<S>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScoreBand {
    min: S,
    score: S,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDerived {
    name: S,
    #[serde(default)]
    aliases: Vec<String>,
    formula: S,
    mode: S,
    tolerance: Option<S>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawQuantitative {
    higher: Option<S>,
    lower: Option<S>,
    decay_multiple: Option<S>,
    over_achievement: Option<RawOver>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOver {
    threshold: S,
    action: S,
    deduction: Option<S>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeadline {
    missed: S,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQualitative {
    bands: Spanned<Vec<RawBand>>,
    #[serde(default)]
    vocabulary: HashMap<String, Vec<S>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBand {
    name: S,
    min: S,
    max: S,
    #[serde(default)]
    max_inclusive: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeviation {
    definition: S,
    reason_required: S,
    reason_threshold: Option<S>,
    tolerance: Option<S>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRounding {
    places: S,
    mode: S,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGrade {
    grade: String,
    min: S,
}

/// Load a scheme from a file on disk.
pub fn load_path(path: &std::path::Path) -> Result<Scheme, SchemeError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| SchemeError {
        findings: vec![
            Finding::new(
                RULE,
                Severity::Error,
                Text::new(
                    format!("无法打开评分方案文件：{e}"),
                    format!("cannot open the scheme file: {e}"),
                ),
                Text::new(
                    "检查路径，或用 jixiao schemes 查看内置方案的编号",
                    "check the path, or list bundled scheme ids with jixiao schemes",
                ),
            )
            .at(&SourceFile::new(shown.as_str(), ""), Pos::File),
        ],
    })?;
    let text = String::from_utf8(bytes).map_err(|e| SchemeError {
        findings: vec![
            Finding::new(
                RULE,
                Severity::Error,
                Text::new(
                    format!(
                        "评分方案不是 UTF-8 文本（第 {} 字节起）",
                        e.utf8_error().valid_up_to()
                    ),
                    format!(
                        "the scheme is not UTF-8 text (from byte {})",
                        e.utf8_error().valid_up_to()
                    ),
                ),
                Text::new("以 UTF-8 编码保存评分方案", "save the scheme as UTF-8"),
            )
            .at(&SourceFile::new(shown.as_str(), ""), Pos::File),
        ],
    })?;
    load_str(&shown, &text)
}

/// Load a scheme from its YAML text; `path` names it in findings.
pub fn load_str(path: &str, text: &str) -> Result<Scheme, SchemeError> {
    let file = SourceFile::new(path, text);
    if text.trim().is_empty() {
        return Err(SchemeError {
            findings: vec![
                Finding::new(
                    RULE,
                    Severity::Error,
                    Text::new("评分方案文件为空", "the scheme file is empty"),
                    Text::new(
                        "从内置方案开始：jixiao schemes show henan-2022-department",
                        "start from a bundled scheme: jixiao schemes show henan-2022-department",
                    ),
                )
                .at(&file, Pos::File),
            ],
        });
    }
    let raw: RawScheme =
        serde_saphyr::from_str_with_options(text, options()).map_err(|e| SchemeError {
            findings: vec![yaml::error_finding(RULE, &file, &e)],
        })?;
    let mut c = Compiler {
        file: Arc::clone(&file),
        findings: Vec::new(),
    };
    let scheme = c.compile(raw, text);
    // In the order of the file, whatever order the maps were read in.
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

/// Limits that stop alias bombs and huge documents before they cost memory.
fn options() -> serde_saphyr::Options {
    serde_saphyr::Options::default()
}

struct Compiler {
    file: Arc<SourceFile>,
    findings: Vec<Finding>,
}

impl Compiler {
    fn pos(&self, s: &S) -> Pos {
        yaml::pos_of(&self.file.text, &s.referenced)
    }

    fn error(&mut self, s: &S, message: Text, help: Text) {
        let pos = self.pos(s);
        self.findings
            .push(Finding::new(RULE, Severity::Error, message, help).at(&self.file, pos));
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

    /// A share: `90%` or `0.9`, returned as a fraction.
    fn ratio(&mut self, s: &S) -> Option<Decimal> {
        let text = crate::text::fold(s.value.trim());
        let parsed = match text.strip_suffix('%') {
            Some(percent) => Decimal::from_str_exact(percent.trim())
                .ok()
                .and_then(|v| v.checked_div(Decimal::ONE_HUNDRED)),
            None => Decimal::from_str_exact(&text).ok(),
        };
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
                            .at(&self.file, pos.clone())
                            .span(span),
                        );
                    }
                }
                ok.then_some(formula)
            }
            Err(e) => {
                self.findings.push(
                    Finding::new(RULE, Severity::Error, e.message.clone(), e.help.clone())
                        .at(&self.file, pos)
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

    fn compile(&mut self, raw: RawScheme, text: &str) -> Option<Scheme> {
        let kind = match self.choice(&raw.kind, &["department", "project"]) {
            Some(k) => SheetKind::from_name(k),
            None => None,
        };
        let year = raw.year.as_ref().and_then(|y| {
            let n = self.number(y)?;
            i32::try_from(n.trunc().mantissa()).ok()
        });
        let total = self.number(&raw.total);
        let categories: Vec<Category> = raw
            .categories
            .iter()
            .map(|c| Category {
                name: c.name.value.clone(),
                aliases: c.aliases.clone(),
                weight: c.weight.as_ref().and_then(|w| self.number(w)),
                required: c.required,
            })
            .collect();
        let budget = self.budget(&raw.budget);
        let derived: Vec<Derived> = raw
            .derived
            .iter()
            .filter_map(|d| {
                let formula = self.formula(&d.formula, &|n| {
                    budget_figure(n).is_some_and(|k| k != "weight" && k != "rate")
                });
                let mode = self.choice(&d.mode, &["replace", "check"]);
                let tolerance = match &d.tolerance {
                    Some(t) => self.ratio(t)?,
                    None => Decimal::new(5, 3),
                };
                Some(Derived {
                    name: d.name.value.clone(),
                    aliases: d.aliases.clone(),
                    formula: formula?,
                    replace: mode? == "replace",
                    tolerance,
                    pos: self.pos(&d.name),
                })
            })
            .collect();
        let quantitative = self.quantitative(&raw.quantitative);
        let deadline_missed = match &raw.deadline {
            Some(d) => self.ratio(&d.missed),
            None => Some(Decimal::ZERO),
        };
        let qualitative = self.qualitative(&raw.qualitative);
        let deviation = self.deviation(&raw.deviation);
        let rounding = self.rounding(&raw.rounding);
        let score_tolerance = match &raw.score_tolerance {
            Some(t) => self.number(t),
            None => Some(Decimal::new(1, 2)),
        };
        let mut grades: Vec<Grade> = raw
            .grades
            .iter()
            .filter_map(|g| {
                Some(Grade {
                    name: g.grade.clone(),
                    min: self.number(&g.min)?,
                })
            })
            .collect();
        grades.sort_by_key(|g| std::cmp::Reverse(g.min));
        let severities = self.severities(&raw.checks);
        let sha256 = Sha256::digest(text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Some(Scheme {
            source: Arc::clone(&self.file),
            sha256,
            id: raw.id.value.clone(),
            name: raw.name,
            kind: kind?,
            year,
            sources: raw.sources,
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
        })
    }

    fn budget(&mut self, raw: &RawBudget) -> Option<BudgetRules> {
        let weight = self.number(&raw.weight);
        let rate = self.formula(&raw.rate, &|n| {
            budget_figure(n).is_some_and(|k| k != "weight" && k != "rate")
        });
        let s = &raw.score;
        let missing = |c: &mut Self, what: &str| {
            c.error(
                &s.method,
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
            &s.method,
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
                        .filter_map(|b| Some((self.ratio(&b.min)?, self.ratio(&b.score)?)))
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
            score: score?,
        })
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
                let threshold = self.ratio(&o.threshold)?;
                let action = match self.choice(&o.action, &["warn", "reason", "deduct"])? {
                    "warn" => OverAction::Warn,
                    "reason" => OverAction::Reason,
                    _ => match &o.deduction {
                        Some(d) => OverAction::Deduct(self.number(d)?),
                        None => {
                            self.error(
                                &o.action,
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
        Some(Quantitative {
            lower,
            over_threshold,
        })
    }

    fn qualitative(&mut self, raw: &RawQualitative) -> Option<Qualitative> {
        if raw.bands.value.is_empty() {
            let pos = yaml::pos_of(&self.file.text, &raw.bands.referenced);
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
                .at(&self.file, pos),
            );
            return None;
        }
        let mut bands = Vec::new();
        for b in &raw.bands.value {
            let (min, max) = (self.ratio(&b.min), self.ratio(&b.max));
            if let (Some(min), Some(max)) = (min, max) {
                bands.push(Band {
                    name: b.name.value.clone(),
                    min,
                    max,
                    max_inclusive: b.max_inclusive,
                    pos: self.pos(&b.name),
                });
            }
        }
        let mut vocabulary = HashMap::new();
        for (band, words) in &raw.vocabulary {
            let Some(index) = bands.iter().position(|b| &b.name == band) else {
                // A band that is written but failed to load was reported already.
                if raw.bands.value.iter().any(|b| &b.name.value == band) {
                    continue;
                }
                let pos = words.first().map_or(Pos::File, |w| self.pos(w));
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
                    .at(&self.file, pos),
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
        let definition = self.choice(&raw.definition, &["shortfall", "relative"]);
        let when = self.choice(&raw.reason_required, &["unmet", "threshold"]);
        let reason_threshold = match (&raw.reason_threshold, when) {
            (Some(t), _) => self.ratio(t)?,
            (None, Some("threshold")) => {
                self.error(
                    &raw.reason_required,
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
        let places = self.number(&raw.places);
        let mode = self.choice(&raw.mode, &["half_up", "truncate"]);
        let places = match places.and_then(|p| u32::try_from(p.trunc().mantissa()).ok()) {
            Some(p) if p <= 10 => p,
            _ => {
                self.error(
                    &raw.places,
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

    fn severities(&mut self, raw: &HashMap<String, S>) -> HashMap<String, Option<Severity>> {
        let mut out = HashMap::new();
        for (check, level) in raw {
            if crate::checks::lookup(check).is_none() {
                let names = crate::checks::names();
                let help = match crate::text::did_you_mean(check, names.iter().copied()) {
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
