//! ods, structure-aware: a valid OpenDocument zip (mimetype, manifest) around the fuzzed
//! `content.xml`.
#![no_main]

use libfuzzer_sys::fuzz_target;

const MANIFEST: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;

fuzz_target!(|content: &[u8]| {
    let ods = jixiao_fuzz::zip(&[
        ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
        ("META-INF/manifest.xml", MANIFEST),
        ("content.xml", content),
    ]);
    jixiao_fuzz::check("t.ods", &ods);
});
