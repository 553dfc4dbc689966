//! What every file-format target does with its file: the whole check, as `jixiao check`
//! runs it (read, choose a scheme by kind and year, evaluate, render for people and as
//! JSON, explain), so that a crash anywhere downstream of a reader is found too.

use jixiao::lang::Lang;
use jixiao::scheme::Scheme;
use jixiao::sheet::{Overrides, load_bytes};
use std::sync::OnceLock;

fn schemes() -> &'static [Scheme] {
    static SCHEMES: OnceLock<Vec<Scheme>> = OnceLock::new();
    SCHEMES.get_or_init(|| {
        jixiao::scheme::bundled_ids()
            .filter_map(|id| jixiao::scheme::bundled(id)?.ok())
            .collect()
    })
}

/// libfuzzer-sys aborts on every panic, caught or not. jixiao catches a panic inside calamine
/// and reports the file as unreadable (src/sheet/workbook/guard.rs), as it does in use; such
/// a panic is let through to that catch, and any other still aborts as a finding.
fn let_calamine_panics_through() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let fuzzer = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_calamine = info.location().is_some_and(|l| l.file().contains("/calamine-"));
            if in_calamine {
                // Logged, so that fuzz/run.sh counts what the guard did not foresee.
                if let Some(l) = info.location() {
                    eprintln!("caught calamine panic at {}:{}", l.file(), l.line());
                }
            } else {
                fuzzer(info);
            }
        }));
    });
}

/// Check the file `name` holding `bytes`.
pub fn check(name: &str, bytes: &[u8]) {
    let_calamine_panics_through();
    let loaded = match load_bytes(name, bytes.to_vec(), &Overrides::default()) {
        Ok(loaded) => loaded,
        Err(e) => {
            let _ = jixiao::report::human::render(&e.findings, Lang::Zh, true, None);
            return;
        }
    };
    let _ = jixiao::report::human::render(&loaded.notes, Lang::En, true, None);
    for sheet in &loaded.sheets {
        let Some((scheme, _)) = jixiao::scheme::choose(
            schemes(),
            sheet.kind.value,
            sheet.year.as_ref().map(|y| y.value),
            &jixiao::scheme::form_blocks(sheet),
        )
        else {
            continue;
        };
        let report = jixiao::engine::evaluate(scheme, sheet);
        let _ = jixiao::report::human::render(&report.findings, Lang::Zh, true, Some(sheet));
        let _ = jixiao::report::human::render(&report.findings, Lang::En, false, Some(sheet));
        let json = jixiao::report::report_json(sheet, &report, Lang::Zh);
        let _ = jixiao::report::escape::json_line(&json);
        let _ = jixiao::report::explain(sheet, scheme, &report, Lang::Zh);
    }
}

/// A zip of `parts` (name, bytes), stored without compression: the container around the
/// fuzzed XML of the structure-aware targets.
pub fn zip(parts: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in parts {
        if out.start_file(*name, options).is_err() || out.write_all(bytes).is_err() {
            return Vec::new();
        }
    }
    out.finish().map(|c| c.into_inner()).unwrap_or_default()
}
