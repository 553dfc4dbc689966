//! The bad-input corpus (issue 12): hostile and broken files made by a generator here, never
//! committed, one of each class that once cost a panic, a hang, memory past any bound, an
//! injection, a changed input or a raw escape. Checked as one batch beside good sheets, and
//! asserted: the bad file's exit code and a message naming it, every other file still
//! checked, inputs unchanged (hashes before and after), no formula and no raw control
//! character in any output, and the peak memory of the whole run under
//! `limits::MEMORY_TARGET_BYTES`, measured on the child process with `wait4`.

#![cfg(unix)]

#[path = "support/xls.rs"]
mod xls;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use jixiao::limits::MEMORY_TARGET_BYTES;
use jixiao::report::escape::needs_escape;
use sha2::{Digest, Sha256};

/// How long one run may take before it counts as hung: well past the 60 s a file may take.
const HANG: Duration = Duration::from_secs(300);
const SEED_YAML: &str = "tests/sheets/shangjie-2022-department.yaml";
const SEED_XLSX: &str = "tests/sheets/shangjie-2022-department.xlsx";
const SEED_CSV: &str = "tests/sheets/shangjie-2022-department.csv";

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_jixiao"))
}

/// What a run printed, how it ended, and its peak resident memory in bytes.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    peak: u64,
}

/// Run jixiao with `args` and measure its peak memory: the child is waited for with `wait4`,
/// whose resource usage is that child's alone.
fn run(args: &[&std::ffi::OsStr]) -> Run {
    let mut command = Command::new(binary());
    command
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // A child started with vfork shares this process's memory until it executes jixiao, and
    // Linux keeps the larger peak across exec: with a hook to run, the child is forked, and
    // starts from what this process holds now, not from its peak.
    // SAFETY: the hook does nothing.
    unsafe {
        std::os::unix::process::CommandExt::pre_exec(&mut command, || Ok(()));
    }
    // Waited for below with wait4, which std's Child cannot do: its resource usage is wanted.
    #[allow(clippy::zombie_processes)]
    let child = command.spawn().unwrap();
    let pid = child.id() as libc::pid_t;
    // A run that hangs (an open that blocks, a loop without end) is killed and fails the test,
    // rather than holding CI until its own time limit.
    let done = Arc::new(AtomicBool::new(false));
    let watchdog = {
        let done = Arc::clone(&done);
        std::thread::spawn(move || {
            let deadline = Instant::now() + HANG;
            while !done.load(Ordering::SeqCst) {
                if Instant::now() > deadline {
                    // SAFETY: pid is our child, not yet reaped: `done` is set only after wait4.
                    unsafe { libc::kill(pid, libc::SIGKILL) };
                    return true;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            false
        })
    };
    let (mut out, mut err) = (child.stdout.unwrap(), child.stderr.unwrap());
    let reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut text).unwrap();
        text
    });
    let mut stderr = Vec::new();
    std::io::Read::read_to_end(&mut err, &mut stderr).unwrap();
    let stdout = reader.join().unwrap();
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid, and wait4 only writes into the two locals.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own child, not yet waited for.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    done.store(true, Ordering::SeqCst);
    assert_eq!(waited, pid);
    assert!(
        !watchdog.join().unwrap(),
        "jixiao {args:?} ran past {HANG:?} and was killed"
    );
    assert!(libc::WIFEXITED(status), "jixiao died of a signal: {status}");
    Run {
        code: libc::WEXITSTATUS(status),
        stdout: String::from_utf8(stdout).unwrap(),
        stderr: String::from_utf8(stderr).unwrap(),
        // Linux counts ru_maxrss in kibibytes.
        peak: u64::try_from(usage.ru_maxrss).unwrap() * 1024,
    }
}

fn hashes(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if std::fs::metadata(&path).is_ok_and(|m| m.is_file()) {
            out.insert(
                path.clone(),
                Sha256::digest(std::fs::read(&path).unwrap()).to_vec(),
            );
        }
    }
    out
}

fn zip(parts: &[(&str, &[u8])], level: Option<i64>) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        let deflate = level.is_some() && bytes.len() > 100_000;
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(if deflate {
                zip::CompressionMethod::Deflated
            } else {
                zip::CompressionMethod::Stored
            })
            .compression_level(level.filter(|_| deflate));
        out.start_file(*name, options).unwrap();
        out.write_all(bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// The seed workbook with one part replaced.
fn xlsx_with(part: &str, bytes: &[u8]) -> Vec<u8> {
    let mut seed = zip::ZipArchive::new(std::fs::File::open(SEED_XLSX).unwrap()).unwrap();
    let mut parts = Vec::new();
    for i in 0..seed.len() {
        let mut entry = seed.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut data).unwrap();
        parts.push((name, data));
    }
    let parts: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(n, d)| (n.as_str(), if n == part { bytes } else { d.as_slice() }))
        .collect();
    zip(&parts, Some(1))
}

/// The seed as CSV rows of text.
fn seed_rows() -> Vec<Vec<String>> {
    let bytes = std::fs::read(SEED_CSV).unwrap();
    let (text, _, _) = encoding_rs::GB18030.decode(&bytes);
    let mut rows = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    for record in reader.records() {
        rows.push(record.unwrap().iter().map(str::to_owned).collect());
    }
    rows
}

fn ods(content: String) -> Vec<u8> {
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>"#;
    zip(
        &[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
            ),
            ("META-INF/manifest.xml", manifest.as_bytes()),
            ("content.xml", content.as_bytes()),
        ],
        Some(1),
    )
}

fn ods_content(rows: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="自评表">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    )
}

fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn seed_ods() -> Vec<u8> {
    let rows: String = seed_rows()
        .iter()
        .map(|row| {
            let cells: String = row
                .iter()
                .map(|v| {
                    if v.is_empty() {
                        "<table:table-cell/>".to_owned()
                    } else {
                        format!(
                            r#"<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>"#,
                            escape_xml(v)
                        )
                    }
                })
                .collect();
            format!("<table:table-row>{cells}</table:table-row>")
        })
        .collect();
    ods(ods_content(&rows))
}

fn seed_xls() -> Vec<u8> {
    let rows = seed_rows();
    let cells: Vec<(u16, u16, xls::Value<'_>)> = rows
        .iter()
        .enumerate()
        .flat_map(|(r, row)| {
            row.iter()
                .enumerate()
                .filter(|(_, v)| !v.is_empty())
                .map(move |(c, v)| (r as u16, c as u16, xls::Value::Text(v.as_str())))
        })
        .collect();
    xls::compound(xls::workbook("自评表", &cells, None))
}

/// The files of the batch: (name, bytes, what is expected of it).
#[derive(Clone, Copy, PartialEq, Debug)]
enum Expect {
    /// Read and checked: a summary line.
    Checked,
    /// Refused: exit 2, a message naming the file.
    Refused,
}

fn corpus(dir: &Path) -> Vec<(String, Expect)> {
    let seed = std::fs::read_to_string(SEED_YAML).unwrap();
    let mut files: Vec<(String, Vec<u8>, Expect)> = vec![
        (
            "good.yaml".into(),
            seed.clone().into_bytes(),
            Expect::Checked,
        ),
        (
            "good.xlsx".into(),
            std::fs::read(SEED_XLSX).unwrap(),
            Expect::Checked,
        ),
        (
            "good.csv".into(),
            std::fs::read(SEED_CSV).unwrap(),
            Expect::Checked,
        ),
        ("good.ods".into(), seed_ods(), Expect::Checked),
        ("good.xls".into(), seed_xls(), Expect::Checked),
    ];
    // Panics: a negative weight on a qualitative, a range and the budget row; figures at
    // the decimal's limit.
    let negative = seed
        .replacen(
            "weight: 10                 # 分值",
            "weight: -10                 # 分值",
            1,
        )
        .replace("weight: 1, score: 1,", "weight: -1, score: 1,");
    files.push((
        "negative-weights.yaml".into(),
        negative.into_bytes(),
        Expect::Checked,
    ));
    let huge = seed.replacen("score: 9.1", "score: -79228162514264337593543950335", 1);
    files.push((
        "huge-figure.yaml".into(),
        huge.into_bytes(),
        Expect::Refused,
    ));
    // A valid one-line JSON sheet whose finding is past column 65,535.
    let mut rows = String::new();
    for i in 0..1_500 {
        rows.push_str(&format!(
            r#"{{"level1":"产出指标","name":"指标{i}","target":"≥90%","actual":"95%","weight":0.01,"score":0.01}},"#
        ));
    }
    let json = format!(
        r#"{{"format":"sheet/1","kind":"department","year":2022,"indicators":[{rows}{{"level1":"产出指标","name":"末行","target":"≥90%","actual":"≥9O%","weight":1,"score":1}}]}}"#
    );
    files.push(("one-line.json".into(), json.into_bytes(), Expect::Checked));
    // Memory: 50 MB of commas, a million rows of empty fields, a 50 MB target cell, a
    // 250 MiB shared string, an ods of repeated rows and columns, an ods with a huge cell,
    // a two-cell xls far apart, an xls whose DIMENSIONS claims four billion rows.
    files.push((
        "commas.csv".into(),
        vec![b','; 50 * 1024 * 1024 - 16],
        Expect::Refused,
    ));
    files.push((
        "empty-rows.csv".into(),
        ",,,,,,,,\n".repeat(1_000_000).into_bytes(),
        Expect::Refused,
    ));
    let big = format!(
        "format: sheet/1\nkind: department\nyear: 2022\nindicators:\n  - {{level1: 产出指标, name: x, target: \"{}\", actual: \"1\", weight: 1, score: 1}}\n",
        "9".repeat(49 * 1024 * 1024)
    );
    files.push(("big-cell.yaml".into(), big.into_bytes(), Expect::Refused));
    let strings = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>{}</t></si></sst>"#,
        "A".repeat(250 * 1024 * 1024)
    );
    files.push((
        "shared-string.xlsx".into(),
        xlsx_with("xl/sharedStrings.xml", strings.as_bytes()),
        Expect::Refused,
    ));
    let repeated = ods(ods_content(
        r#"<table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row>"#,
    ));
    files.push(("repeated.ods".into(), repeated, Expect::Refused));
    let huge_cell = ods(ods_content(&format!(
        r#"<table:table-row><table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell></table:table-row>"#,
        "长".repeat(1_000_000)
    )));
    files.push(("huge-cell.ods".into(), huge_cell, Expect::Refused));
    let far = xls::compound(xls::workbook(
        "表",
        &[
            (0, 0, xls::Value::Number(1.0)),
            (65_535, 255, xls::Value::Number(2.0)),
        ],
        None,
    ));
    files.push(("far-apart.xls".into(), far, Expect::Refused));
    let dimensions = xls::compound(xls::workbook(
        "表",
        &[(0, 0, xls::Value::Text("一级指标"))],
        Some((0, 4_000_000_000, 0, 256)),
    ));
    files.push(("dimensions.xls".into(), dimensions, Expect::Refused));
    // Injection: formulas and terminal escapes in cell texts and file names.
    let injected = seed
        .replacen(
            "entity: 郑州市上街区自然资源和规划局",
            "entity: \"=HYPERLINK(\\\"http://x\\\",\\\"点我\\\")\\e[2J\\u202egpj.exe\\r\"",
            1,
        )
        .replacen("name: 预算执行率", "name: \"@SUM(1+1)\\e]0;x\\a\"", 1);
    files.push((
        "injected.yaml".into(),
        injected.clone().into_bytes(),
        Expect::Checked,
    ));
    files.push((
        "=cmd|' calc'!A0.yaml".into(),
        injected.clone().into_bytes(),
        Expect::Checked,
    ));
    files.push((
        "evil\n\u{1b}[2J\u{202e}lmth.yaml".into(),
        injected.into_bytes(),
        Expect::Checked,
    ));
    // Not a sheet at all, and damaged workbooks.
    files.push((
        "binary.xlsx".into(),
        (0..=255u8).cycle().take(10_000).collect(),
        Expect::Refused,
    ));
    files.push((
        "truncated.xls".into(),
        seed_xls()[..3000].to_vec(),
        Expect::Refused,
    ));
    let mut expected = Vec::new();
    for (name, bytes, expect) in files {
        std::fs::write(dir.join(&name), bytes).unwrap();
        expected.push((name, expect));
    }
    // A FIFO named like a sheet must not hang the batch.
    let fifo = dir.join("pipe.yaml");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: mkfifo reads a NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    expected.push(("pipe.yaml".into(), Expect::Refused));
    expected
}

/// No raw control character (other than line breaks) and no bidi override in `text`.
fn assert_clean(what: &str, text: &str) {
    if let Some(c) = text.chars().find(|&c| c != '\n' && needs_escape(c)) {
        let at = text.find(c).unwrap();
        panic!(
            "{what}: raw {c:?} in {:?}",
            &text[at.saturating_sub(80)..(at + 80).min(text.len())]
        );
    }
}

/// The name as human output shows it.
fn shown(name: &str) -> String {
    jixiao::report::escape::visible(name).into_owned()
}

#[test]
fn a_batch_of_hostile_files_is_checked_whole_within_bounds() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("batch");
    std::fs::create_dir(&dir).unwrap();
    let expected = corpus(&dir);
    let before = hashes(&dir);
    let summary_csv = root.path().join("summary.csv");
    let summary_xlsx = root.path().join("summary.xlsx");
    let annotated = root.path().join("annotated.xlsx");

    let human = run(&[
        "check".as_ref(),
        "--summary".as_ref(),
        summary_csv.as_os_str(),
        "--annotate".as_ref(),
        annotated.as_os_str(),
        dir.as_os_str(),
    ]);
    assert_eq!(human.code, 2, "{}", human.stderr);
    assert_clean("stdout", &human.stdout);
    assert_clean("stderr", &human.stderr);
    for (name, expect) in &expected {
        let name = shown(&format!("{}/{name}", dir.display()));
        match expect {
            Expect::Checked => assert!(
                human.stdout.contains(&format!("{name}：自评")),
                "{name} was not checked:\n{}",
                human.stderr
            ),
            Expect::Refused => assert!(
                human.stderr.contains(&name),
                "{name} is not named:\n{}",
                human.stderr
            ),
        }
    }
    assert!(!human.stderr.contains("panicked") && !human.stderr.contains("内部错误"));
    // No line of output runs on: the one-line JSON sheet is shown in a window.
    let longest = human
        .stdout
        .lines()
        .map(|l| l.chars().count())
        .max()
        .unwrap();
    assert!(longest < 1_000, "a line of {longest} characters");
    assert!(
        human.peak < MEMORY_TARGET_BYTES,
        "peak memory {} MiB",
        human.peak >> 20
    );

    let json = run(&[
        "check".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        "--summary".as_ref(),
        summary_xlsx.as_os_str(),
        dir.as_os_str(),
    ]);
    assert_eq!(json.code, 2);
    assert_clean("json stdout", &json.stdout);
    let sheets = expected
        .iter()
        .filter(|(_, e)| *e == Expect::Checked)
        .count();
    let mut read = 0;
    for line in json.stdout.lines() {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        if value["sheet"].is_string() {
            read += 1;
        }
    }
    assert_eq!(read, sheets);
    // JSON stays exact: a file name full of escapes reads back as it was.
    let evil = format!("{}/evil\n\u{1b}[2J\u{202e}lmth.yaml", dir.display());
    assert!(
        json.stdout
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .any(|v| v["sheet"] == evil.as_str()),
        "{}",
        json.stdout
    );
    assert!(
        json.peak < MEMORY_TARGET_BYTES,
        "peak memory {} MiB",
        json.peak >> 20
    );
    eprintln!(
        "peak memory of the batch: {} MiB human, {} MiB JSON",
        human.peak >> 20,
        json.peak >> 20
    );

    // Outputs: no formula in the CSV, every xlsx text a string cell, no raw control byte.
    let csv = std::fs::read_to_string(&summary_csv).unwrap();
    assert_clean_csv(&csv);
    for book in [&summary_xlsx, &annotated] {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(book).unwrap()).unwrap();
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).unwrap();
            let mut xml = String::new();
            std::io::Read::read_to_string(&mut entry, &mut xml).unwrap();
            assert!(
                !xml.contains("<f>") && !xml.contains("<f "),
                "a formula in {}",
                book.display()
            );
            assert_clean("xlsx", &xml);
        }
    }
    assert_eq!(before, hashes(&dir), "an input changed");
}

/// Every field of the CSV summary: none a formula, none with a raw control character.
fn assert_clean_csv(csv: &str) {
    let mut reader =
        csv::ReaderBuilder::new().from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let mut rows = 0;
    for record in reader.records() {
        rows += 1;
        for field in record.unwrap().iter() {
            let plain_number = field.parse::<f64>().is_ok();
            assert!(
                plain_number || !field.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "formula-like field {field:?}"
            );
            assert_clean("csv field", field);
        }
    }
    assert!(rows >= 5, "{csv}");
}

#[test]
fn schemes_and_outputs_that_are_not_what_they_should_be_are_refused() {
    let root = tempfile::tempdir().unwrap();
    let sheet = root.path().join("a.xlsx");
    std::fs::copy(SEED_XLSX, &sheet).unwrap();
    let before = hashes(root.path());
    let fifo = root.path().join("scheme.yaml");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: mkfifo reads a NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let refused = |args: &[&std::ffi::OsStr], names: &[&str]| {
        let r = run(args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        for name in names {
            assert!(
                r.stderr.contains(name),
                "{args:?}: {name} not named in {}",
                r.stderr
            );
        }
        assert_clean("stderr", &r.stderr);
        r
    };
    // Schemes: a FIFO, a device, a file that is no scheme (and must not be echoed).
    refused(
        &[
            "check".as_ref(),
            "--scheme".as_ref(),
            fifo.as_os_str(),
            sheet.as_os_str(),
        ],
        &["scheme.yaml"],
    );
    refused(
        &[
            "check".as_ref(),
            "--scheme".as_ref(),
            "/dev/zero".as_ref(),
            sheet.as_os_str(),
        ],
        &["/dev/zero"],
    );
    let passwd = refused(
        &[
            "check".as_ref(),
            "--scheme".as_ref(),
            "/etc/passwd".as_ref(),
            sheet.as_os_str(),
        ],
        &["/etc/passwd"],
    );
    assert!(!passwd.stderr.contains("root:"), "{}", passwd.stderr);
    let dir_with_fifo = root.path();
    refused(
        &[
            "check".as_ref(),
            "--scheme-dir".as_ref(),
            dir_with_fifo.as_os_str(),
            sheet.as_os_str(),
        ],
        &["scheme.yaml"],
    );
    // Outputs onto an input, by another spelling, through a link.
    refused(
        &[
            "check".as_ref(),
            "--annotate".as_ref(),
            sheet.as_os_str(),
            sheet.as_os_str(),
        ],
        &["a.xlsx"],
    );
    let dotted = root.path().join(".").join("a.xlsx");
    refused(
        &[
            "check".as_ref(),
            "--summary".as_ref(),
            dotted.as_os_str(),
            sheet.as_os_str(),
        ],
        &["a.xlsx"],
    );
    let link = root.path().join("link.xlsx");
    std::os::unix::fs::symlink(&sheet, &link).unwrap();
    refused(
        &[
            "check".as_ref(),
            "--summary".as_ref(),
            link.as_os_str(),
            sheet.as_os_str(),
        ],
        &["link.xlsx", "a.xlsx"],
    );
    // An output in a folder being read.
    let inside = root.path().join("summary.csv");
    refused(
        &[
            "check".as_ref(),
            "--summary".as_ref(),
            inside.as_os_str(),
            root.path().as_os_str(),
        ],
        &["summary.csv"],
    );
    assert!(!inside.exists());
    let yaml = root.path().join("a.yaml");
    std::fs::copy(SEED_YAML, &yaml).unwrap();
    refused(
        &[
            "convert".as_ref(),
            yaml.as_os_str(),
            "-o".as_ref(),
            yaml.as_os_str(),
        ],
        &["a.yaml"],
    );
    std::fs::remove_file(&yaml).unwrap();
    std::fs::remove_file(&link).unwrap();
    std::fs::remove_file(&fifo).unwrap();
    assert_eq!(before, hashes(root.path()), "an input changed");
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let mut child = Command::new(binary())
        .args(["rules"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut child = Command::new(binary())
        .args(["check", SEED_YAML, SEED_YAML])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("无法写出"));
}
