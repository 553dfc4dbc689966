//! The mark jixiao leaves on the reports it writes as files (the annotated workbook and the
//! triage table), so that a folder checked again passes over them whatever they are named.
//!
//! A workbook carries the custom document property `jixiao` (its value says which report):
//! Excel and WPS keep custom properties when a reviewer saves the file again, while they
//! rewrite `docProps/app.xml`'s Application. A CSV triage table has no properties; its mark is
//! its heading row, which jixiao writes exactly. Forms written by `template` and `convert` are
//! not marked: filled in, they are sheets to check.

use std::io::Read;
use std::path::Path;

use rust_xlsxwriter::DocProperties;

/// The custom document property naming a workbook as a report of jixiao's.
pub const PROPERTY: &str = "jixiao";

/// The most bytes of a custom properties part or a CSV file read to find the mark.
const MARK_BYTES: u64 = 64 * 1024;

/// The document properties of a report workbook: `what` says which (`annotated`, `summary`).
pub(crate) fn properties(what: &str) -> DocProperties {
    DocProperties::new().set_custom_property(PROPERTY, what)
}

/// Whether the file at `path` is a report jixiao wrote: an `.xlsx` carrying its property, a
/// `.csv` opening with the triage table's heading row. Reads at most the zip's directory and
/// its custom properties, or the start of the CSV; a file that cannot be read, or is no regular
/// file, is no report.
pub fn is_output(path: &Path) -> bool {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if !matches!(extension.as_deref(), Some("xlsx" | "csv")) {
        return false;
    }
    // Never blocks on a FIFO or a device: those are no reports, and the batch reports them.
    let Ok((file, _)) = crate::fsutil::open_regular(path) else {
        return false;
    };
    let mut head = Vec::new();
    match extension.as_deref() {
        Some("xlsx") => {
            let Ok(mut zip) = zip::ZipArchive::new(file) else {
                return false;
            };
            let Ok(part) = zip.by_name("docProps/custom.xml") else {
                return false;
            };
            if part.take(MARK_BYTES).read_to_end(&mut head).is_err() {
                return false;
            }
            let property = format!("name=\"{PROPERTY}\"");
            memchr::memmem::find(&head, property.as_bytes()).is_some()
        }
        Some("csv") => {
            if file.take(MARK_BYTES).read_to_end(&mut head).is_err() {
                return false;
            }
            let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head);
            let line = text.split(|&b| b == b'\n').next().unwrap_or_default();
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            line == super::summary::HEADINGS.join(",").as_bytes()
        }
        _ => false,
    }
}
