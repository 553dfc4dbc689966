//! The real corpus (`tests/real/`): published 自评表 from many provinces, each with the report a
//! careful reviewer expects (`<name>.expect.yaml`) and the reviewer's reading (`<name>.review.md`).
//!
//! Every finding the build gives on a corpus sheet must be listed in its expectation with a
//! verdict: `real` (a problem a reviewer would raise), `wrong` (not a problem) or `noise` (true but
//! unwanted). A finding that is not listed, or a listed one the build no longer gives, fails the
//! test: the expectation is the whole report. `absent` lists what earlier builds said that a
//! reviewer called wrong or noise, each asserted never to come back. Totals and grades are held
//! where the reviewer finds them unambiguous.
//!
//! The corpus figures (findings, real, wrong, noise, precision) are printed and held to the bar
//! of issue "Trust on real sheets": precision at least 90%, noise at most 5%, no wrong finding of
//! error level, none at all on the form's spare lines. Print them with `cargo test --test real_corpus -- --nocapture`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use jixiao::diagnostic::{Finding, Severity};
use jixiao::engine;
use jixiao::scheme::{self, Scheme};
use jixiao::sheet::{self, Overrides};
use serde::Deserialize;

const CORPUS: &str = "tests/real";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    /// The files holding this sheet (a transcription, and the workbook or CSV it came as).
    sheets: Vec<String>,
    /// The scheme the build must choose.
    scheme: String,
    /// The recomputed total, where the reviewer finds it unambiguous; `none` for a sheet that
    /// cannot be scored.
    #[serde(default)]
    total: Option<String>,
    #[serde(default)]
    grade: Option<String>,
    #[serde(default)]
    findings: Vec<Judged>,
    #[serde(default)]
    absent: Vec<Judged>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Judged {
    rule: String,
    /// Where: `indicators[3].score`, `budget.total.rate`, `sheet`; `*` anywhere (for `absent`).
    at: String,
    verdict: Verdict,
    /// Why a reviewer judges so (said when an absent finding comes back).
    #[serde(default)]
    why: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Verdict {
    Real,
    Wrong,
    Noise,
}

/// Where a finding points, as the expectations write it.
fn place(f: &Finding) -> String {
    let field = f.field.as_deref().unwrap_or("");
    match (f.indicator, field) {
        (Some(i), "") => format!("indicators[{i}]"),
        (Some(i), field) => format!("indicators[{i}].{field}"),
        (None, "") => "sheet".to_string(),
        (None, field) => field.to_string(),
    }
}

fn expectations() -> Vec<(PathBuf, Expect)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(CORPUS)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".expect.yaml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let expect: Expect =
                serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p, expect)
        })
        .collect()
}

/// The bundled schemes, chosen per sheet as `jixiao check` chooses them.
fn schemes() -> Vec<Scheme> {
    scheme::bundled_ids()
        .map(|id| scheme::bundled(id).unwrap().unwrap())
        .collect()
}

#[derive(Default)]
struct Tally {
    findings: usize,
    real: usize,
    wrong: usize,
    noise: usize,
    wrong_errors: usize,
}

#[test]
fn the_real_corpus_reads_as_a_reviewer_reads_it() {
    let schemes = schemes();
    let expectations = expectations();
    let mut failures = String::new();
    let mut tally = Tally::default();
    let mut per_rule: BTreeMap<String, [usize; 3]> = BTreeMap::new();
    for (_, expect) in &expectations {
        for (n, file) in expect.sheets.iter().enumerate() {
            let loaded = sheet::load(&Path::new(CORPUS).join(file), &Overrides::default())
                .unwrap_or_else(|e| panic!("{file}: {:?}", e.findings));
            assert_eq!(loaded.sheets.len(), 1, "{file}");
            let sheet = &loaded.sheets[0];
            let (scheme, _) = scheme::choose(
                &schemes,
                sheet.kind.value,
                sheet.year.as_ref().map(|y| y.value),
                &scheme::form_blocks(sheet),
            )
            .unwrap();
            if scheme.id != expect.scheme {
                let _ = writeln!(
                    failures,
                    "{file}: scheme {} chosen, {} expected",
                    scheme.id, expect.scheme
                );
            }
            let report = engine::evaluate(scheme, sheet);
            let total = report
                .total
                .counted()
                .map_or("none".to_string(), |t| t.normalize().to_string());
            if let Some(want) = &expect.total
                && *want != total
            {
                let _ = writeln!(failures, "{file}: total {total}, expected {want}");
            }
            if expect.grade.is_some() && report.total.grade != expect.grade {
                let _ = writeln!(
                    failures,
                    "{file}: grade {:?}, expected {:?}",
                    report.total.grade, expect.grade
                );
            }
            // The form's spare lines are no indicators: nothing is ever said about them.
            for f in &report.findings {
                if let Some(i) = f.indicator
                    && report.rows[i].basis == engine::Basis::Spare
                {
                    let _ = writeln!(failures, "{file}: {} on the spare line {i}", f.rule);
                }
            }
            let mut listed: Vec<&Judged> = expect.findings.iter().collect();
            for finding in &report.findings {
                let at = place(finding);
                match listed
                    .iter()
                    .position(|j| j.rule == finding.rule && j.at == at)
                {
                    Some(i) => {
                        let judged = listed.remove(i);
                        // The figures count each sheet once, not each file it comes as.
                        if n == 0 {
                            tally.findings += 1;
                            let slot = per_rule.entry(judged.rule.clone()).or_default();
                            match judged.verdict {
                                Verdict::Real => {
                                    tally.real += 1;
                                    slot[0] += 1;
                                }
                                Verdict::Wrong => {
                                    tally.wrong += 1;
                                    slot[1] += 1;
                                    if finding.severity == Severity::Error {
                                        tally.wrong_errors += 1;
                                    }
                                }
                                Verdict::Noise => {
                                    tally.noise += 1;
                                    slot[2] += 1;
                                }
                            }
                        }
                    }
                    None => {
                        let _ = writeln!(
                            failures,
                            "{file}: unjudged finding {} @ {at}: {}",
                            finding.rule, finding.message.zh
                        );
                    }
                }
            }
            for j in listed {
                let _ = writeln!(
                    failures,
                    "{file}: expected {} @ {}, not given",
                    j.rule, j.at
                );
            }
            for gone in &expect.absent {
                if report
                    .findings
                    .iter()
                    .any(|f| f.rule == gone.rule && (gone.at == "*" || place(f) == gone.at))
                {
                    let _ = writeln!(
                        failures,
                        "{file}: {} @ {} is back ({:?}: {})",
                        gone.rule,
                        gone.at,
                        gone.verdict,
                        gone.why.as_deref().unwrap_or("")
                    );
                }
            }
        }
    }
    let precision = tally.real as f64 / tally.findings.max(1) as f64;
    let noise = tally.noise as f64 / tally.findings.max(1) as f64;
    println!(
        "real corpus: {} sheets, {} findings: {} real, {} wrong ({} of error level), {} noise; precision {:.1}%, noise {:.1}%",
        expectations.len(),
        tally.findings,
        tally.real,
        tally.wrong,
        tally.wrong_errors,
        tally.noise,
        precision * 100.0,
        noise * 100.0
    );
    for (rule, [real, wrong, noise]) in &per_rule {
        println!("  {rule:<28} real {real:>3}  wrong {wrong:>3}  noise {noise:>3}");
    }
    assert!(failures.is_empty(), "\n{failures}");
    assert!(
        expectations.len() >= 20,
        "the corpus holds {} sheets",
        expectations.len()
    );
    assert!(precision >= 0.9, "precision {precision}");
    assert!(noise <= 0.05, "noise {noise}");
    assert_eq!(tally.wrong_errors, 0, "wrong findings of error level");
}
