//! Per-check fixtures with rendered snapshots, and broken-scheme fixtures.
//!
//! Layout (all paths relative to the crate root):
//!
//! - `tests/fixtures/<check-name>/valid_*.yaml`: a small `sheet/1` sheet on which the check
//!   `<check-name>` must report nothing.
//! - `tests/fixtures/<check-name>/invalid_*.yaml`: a sheet on which it must report at least
//!   once. Each fixture keeps every other part of the sheet consistent, so that only the check
//!   under test is at issue where that is possible.
//! - `tests/fixtures/scheme-errors/*.yaml`: broken scoring schemes that must fail to load.
//! - `<fixture>.snap` beside every fixture: an insta snapshot of what a person would read. For a
//!   sheet, the findings of the check under test only (so that a change in another check does
//!   not churn every snapshot), rendered with `report::human::render(.., Lang::Zh, true, None)`, then
//!   one summary line with the claimed and recomputed totals. For a scheme, the load errors.
//!
//! A fixture picks its scheme with a first line `# scheme: <bundled id>`; without one the
//! sheet's `kind` decides (department → henan-2022-department, project → mof-2020-project).
//!
//! Snapshots are compared, never written, unless asked: a clean `cargo test` (and CI, where
//! `CI=true` makes insta's default `INSTA_UPDATE=auto` behave as `no`) fails on any difference.
//! Outside CI a mismatch also leaves a `<fixture>.snap.new` beside the fixture for review. To
//! accept new output: `INSTA_UPDATE=always cargo test --test check_fixtures` (or
//! `cargo insta test --accept --test check_fixtures` with cargo-insta installed), then review the
//! diff in git.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use jixiao::codes::{self, Stage};
use jixiao::diagnostic::{Finding, Pos};
use jixiao::engine::{self, Report};
use jixiao::lang::Lang;
use jixiao::report::human::render;
use jixiao::scheme::{self, Scheme};
use jixiao::sheet::{self, SheetKind};

/// Where the fixtures live, relative to the crate root (the working directory of `cargo test`).
const FIXTURES: &str = "tests/fixtures";
/// The folder of broken schemes; every other folder is named after a check.
const SCHEME_ERRORS: &str = "scheme-errors";
/// Fixtures stay small enough to read at a glance.
const MAX_LINES: usize = 40;

/// A path as the crate root sees it. insta's `glob!` hands over absolute paths; findings and
/// snapshots must show `tests/fixtures/...` so that they do not depend on the checkout's place.
fn relative(path: &Path) -> PathBuf {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(path)
        .to_path_buf()
}

/// The check fixtures, sorted, as `(check, relative path)`. Sorted so that failure lists read
/// the same on every run.
fn check_fixtures() -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for dir in sorted_entries(Path::new(FIXTURES)) {
        let Some(check) = dir.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if !dir.is_dir() || check == SCHEME_ERRORS {
            continue;
        }
        for file in sorted_entries(&dir) {
            if file.extension().is_some_and(|e| e == "yaml") {
                out.push((check.to_string(), file));
            }
        }
    }
    out
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    entries
}

fn stem(path: &Path) -> &str {
    path.file_stem().and_then(|s| s.to_str()).unwrap()
}

/// The scheme a fixture asks for on its first line, else the bundled default for its kind.
fn scheme_for(path: &Path, kind: SheetKind) -> Scheme {
    let text = std::fs::read_to_string(path).unwrap();
    let named = text
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("# scheme:"))
        .map(str::trim);
    let id = named.unwrap_or(match kind {
        SheetKind::Department => "henan-2022-department",
        SheetKind::Project => "mof-2020-project",
    });
    scheme::bundled(id)
        .unwrap_or_else(|| panic!("{}: no bundled scheme {id}", path.display()))
        .unwrap_or_else(|e| panic!("bundled scheme {id} does not load: {e}"))
}

/// Read and evaluate one check fixture.
fn evaluate(path: &Path) -> Report {
    let sheet = sheet::read_path(path)
        .unwrap_or_else(|e| panic!("{}: the fixture does not read: {e:?}", path.display()));
    let scheme = scheme_for(path, sheet.kind.value);
    engine::evaluate(&scheme, &sheet)
}

fn findings_of(report: &Report, check: &str) -> Vec<Finding> {
    report
        .findings
        .iter()
        .filter(|f| f.rule == check)
        .cloned()
        .collect()
}

/// What a fixture's snapshot holds: the check's findings as a person reads them, then the
/// totals, so that a change in scoring shows in the snapshot even when no finding changes.
fn snapshot_text(report: &Report, check: &str) -> String {
    let mut out = render(&findings_of(report, check), Lang::Zh, true, None);
    let t = &report.total;
    // Normalised, so that 98 and 98.0 (the same score reached by other arithmetic) agree.
    let show = |d: Option<rust_decimal::Decimal>| {
        d.map_or("—".to_string(), |d| d.normalize().to_string())
    };
    let _ = writeln!(
        out,
        "复核总分 {}（自评 {}），等级 {}（填报 {}）",
        show(Some(t.computed)),
        show(t.claimed),
        t.grade.as_deref().unwrap_or("—"),
        t.claimed_grade.as_deref().unwrap_or("—"),
    );
    out
}

/// Why a finding fails the location rule: every finding must name its file and a line and
/// column in it, and carry help in both languages.
fn location_problem(f: &Finding, expected_file: &Path) -> Option<String> {
    let file = f.file.as_ref().map(|s| s.path.to_string());
    if file.as_deref() != Some(&*expected_file.to_string_lossy()) {
        return Some(format!("file is {file:?}"));
    }
    match f.pos {
        Pos::Text { line, column, .. } if line > 0 && column > 0 => {}
        ref other => return Some(format!("no line/column: {other:?}")),
    }
    if f.help.zh.trim().is_empty() || f.help.en.trim().is_empty() {
        return Some(format!("empty help: {:?}", f.help));
    }
    if !f
        .help
        .zh
        .chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    {
        return Some(format!("the Chinese help has no Chinese: {:?}", f.help.zh));
    }
    None
}

/// valid_* fixtures draw no finding of their check, invalid_* at least one; every finding of
/// every check is located and helped. All failures are listed together.
#[test]
fn fixtures_pass_or_fail_their_check() {
    let mut failures = Vec::new();
    for (check, path) in check_fixtures() {
        let report = evaluate(&path);
        let mine = findings_of(&report, &check);
        let name = stem(&path);
        if name.starts_with("valid_") && !mine.is_empty() {
            failures.push(format!(
                "{}: expected no `{check}` finding, got:\n{}",
                path.display(),
                render(&mine, Lang::Zh, true, None)
            ));
        } else if name.starts_with("invalid_") && mine.is_empty() {
            failures.push(format!(
                "{}: expected a `{check}` finding, got none",
                path.display()
            ));
        }
        for f in &report.findings {
            if let Some(problem) = location_problem(f, &path) {
                failures.push(format!(
                    "{}: `{}` finding \"{}\": {problem}",
                    path.display(),
                    f.rule,
                    f.message.zh
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A new check without fixtures, a folder or file named wrong, an orphaned snapshot, or a
/// fixture grown too long fails here.
#[test]
fn every_check_has_valid_and_invalid_fixtures() {
    let fixtures = check_fixtures();
    let mut failures = Vec::new();
    for rule in codes::of(Stage::Check) {
        for prefix in ["valid_", "invalid_"] {
            if !fixtures
                .iter()
                .any(|(c, p)| c == rule.name && stem(p).starts_with(prefix))
            {
                failures.push(format!(
                    "check `{}` has no {FIXTURES}/{}/{prefix}*.yaml",
                    rule.name, rule.name
                ));
            }
        }
    }
    for dir in sorted_entries(Path::new(FIXTURES)) {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        if name != SCHEME_ERRORS && codes::lookup(&name).is_none_or(|c| c.stage != Stage::Check) {
            failures.push(format!("{}: not the name of a check", dir.display()));
        }
        for file in sorted_entries(&dir) {
            let file_name = file.file_name().unwrap().to_string_lossy();
            if let Some(base) = file_name.strip_suffix(".snap") {
                if !dir.join(format!("{base}.yaml")).exists() {
                    failures.push(format!("{}: snapshot without a fixture", file.display()));
                }
            } else if file_name.ends_with(".yaml") {
                let lines = std::fs::read_to_string(&file).unwrap().lines().count();
                if name != SCHEME_ERRORS
                    && !(file_name.starts_with("valid_") || file_name.starts_with("invalid_"))
                {
                    failures.push(format!(
                        "{}: name must start valid_ or invalid_",
                        file.display()
                    ));
                }
                if name != SCHEME_ERRORS && lines > MAX_LINES {
                    failures.push(format!(
                        "{}: {lines} lines, over {MAX_LINES}",
                        file.display()
                    ));
                }
            } else if !file_name.ends_with(".snap.new") {
                // A pending `.snap.new` is insta's review copy; anything else is a stray.
                failures.push(format!("{}: not a fixture or snapshot", file.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Each check fixture's findings, rendered, against `<fixture>.snap`.
#[test]
fn check_fixture_snapshots() {
    insta::glob!("fixtures", "*/*.yaml", |path| {
        let path = relative(path);
        let dir = path.parent().unwrap();
        let check = dir.file_name().unwrap().to_str().unwrap();
        if check == SCHEME_ERRORS {
            return;
        }
        let report = evaluate(&path);
        assert_beside(&path, &snapshot_text(&report, check));
    });
}

/// Each broken scheme must fail to load with located `scheme-invalid` findings.
#[test]
fn broken_schemes_are_rejected() {
    let mut failures = Vec::new();
    let dir = Path::new(FIXTURES).join(SCHEME_ERRORS);
    let schemes: Vec<PathBuf> = sorted_entries(&dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    assert!(!schemes.is_empty(), "no fixtures in {}", dir.display());
    for path in schemes {
        let err = match scheme::load_path(&path) {
            Ok(s) => {
                failures.push(format!("{}: loaded as scheme {}", path.display(), s.id));
                continue;
            }
            Err(e) => e,
        };
        if err.findings.is_empty() {
            failures.push(format!("{}: an error without findings", path.display()));
        }
        let empty = std::fs::read_to_string(&path).unwrap().trim().is_empty();
        for f in &err.findings {
            if f.rule != "scheme-invalid" {
                failures.push(format!("{}: rule `{}`", path.display(), f.rule));
            }
            // An empty file has no line to point at: the file itself is the location.
            let problem = if empty {
                (f.file.as_ref().map(|s| s.path.to_string())
                    != Some(path.to_string_lossy().into_owned()))
                .then(|| "does not name the file".to_string())
            } else {
                location_problem(f, &path)
            };
            if let Some(problem) = problem {
                failures.push(format!(
                    "{}: \"{}\": {problem}",
                    path.display(),
                    f.message.zh
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Each broken scheme's load errors, rendered, against `<fixture>.snap`.
#[test]
fn scheme_error_snapshots() {
    insta::glob!("fixtures/scheme-errors", "*.yaml", |path| {
        let path = relative(path);
        let text = match scheme::load_path(&path) {
            Ok(s) => format!("loaded as scheme {} (expected errors)\n", s.id),
            Err(e) => render(&e.findings, Lang::Zh, true, None),
        };
        assert_beside(&path, &text);
    });
}

/// Compare `text` with the snapshot stored beside `fixture` as `<stem>.snap`.
fn assert_beside(fixture: &Path, text: &str) {
    // insta resolves `snapshot_path` against this test file's folder (`tests/`).
    let folder = fixture
        .parent()
        .unwrap()
        .strip_prefix("tests")
        .unwrap()
        .to_path_buf();
    insta::with_settings!({
        snapshot_path => folder,
        prepend_module_to_snapshot => false,
        // glob! names snapshots `<name>@<fixture path>`; the stem alone keeps them beside.
        snapshot_suffix => "",
        omit_expression => true,
    }, {
        insta::assert_snapshot!(stem(fixture), text);
    });
}
