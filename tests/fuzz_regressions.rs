//! Every input the fuzz campaign (docs/fuzzing.md) found a crash with, replayed on stable:
//! `tests/fuzz-regressions/<target>/<name>` goes through what that target does, and must
//! come back as a report or as findings, never as a panic.
//!
//! To add one: copy the crashing input from `fuzz/artifacts/<target>/` here under a name
//! saying what it holds, fix the cause, and run `cargo test --test fuzz_regressions`.

use std::path::Path;

use jixiao::lang::Lang;
use jixiao::sheet::{Overrides, load_bytes};

/// The file name each file-format target gives its input. The `ods` target's input is the
/// `content.xml` it wraps in a valid OpenDocument zip, as here.
const TARGETS: &[(&str, &str)] = &[
    ("csv", "t.csv"),
    ("ods", "t.ods"),
    ("sheet_text", "t.yaml"),
    ("xls", "t.xls"),
];

/// A valid OpenDocument zip around `content`, as the `ods` fuzz target makes it.
fn ods(content: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let manifest = br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    for (name, bytes) in [
        (
            "mimetype",
            &b"application/vnd.oasis.opendocument.spreadsheet"[..],
        ),
        ("META-INF/manifest.xml", &manifest[..]),
        ("content.xml", content),
    ] {
        zip.start_file(name, stored).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// What the fuzz targets do with a file: the whole check.
fn check(name: &str, bytes: Vec<u8>) {
    let schemes: Vec<_> = jixiao::scheme::bundled_ids()
        .filter_map(|id| jixiao::scheme::bundled(id)?.ok())
        .collect();
    let loaded = match load_bytes(name, bytes, &Overrides::default()) {
        Ok(loaded) => loaded,
        Err(e) => {
            assert!(!e.findings.is_empty());
            let _ = jixiao::report::human::render(&e.findings, Lang::Zh, true, None);
            return;
        }
    };
    for sheet in &loaded.sheets {
        let Some((scheme, _)) = jixiao::scheme::choose(
            &schemes,
            sheet.kind.value,
            sheet.year.as_ref().map(|y| y.value),
            &jixiao::scheme::form_blocks(sheet),
        ) else {
            continue;
        };
        let report = jixiao::engine::evaluate(scheme, sheet);
        let _ = jixiao::report::human::render(&report.findings, Lang::Zh, true, Some(sheet));
        let json = jixiao::report::report_json(sheet, &report, Lang::Zh);
        let _ = jixiao::report::escape::json_line(&json);
        let _ = jixiao::report::explain(sheet, scheme, &report, Lang::Zh);
    }
}

#[test]
fn every_stored_fuzz_finding_reads_without_a_panic() {
    let root = Path::new("tests/fuzz-regressions");
    let mut replayed = 0;
    for (target, name) in TARGETS {
        let Ok(entries) = std::fs::read_dir(root.join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            let bytes = if *target == "ods" { ods(&bytes) } else { bytes };
            let start = std::time::Instant::now();
            check(name, bytes);
            // A finding of the time limit must now end at once.
            assert!(
                start.elapsed().as_secs() < 5,
                "{} took {:?}",
                path.display(),
                start.elapsed()
            );
            replayed += 1;
        }
    }
    assert!(replayed > 0, "no stored finding under {}", root.display());
}
