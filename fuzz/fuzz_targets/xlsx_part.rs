//! xlsx, structure-aware: the seed workbook's zip with one part replaced by the fuzzed XML
//! (random bytes would rarely get past the zip). The first byte picks the part.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

const BASE: &[u8] = include_bytes!("../../tests/sheets/shangjie-2022-department.xlsx");

const PARTS: [&str; 5] = [
    "xl/worksheets/sheet1.xml",
    "xl/sharedStrings.xml",
    "xl/styles.xml",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
];

/// The seed's parts, unpacked once.
fn base() -> &'static [(String, Vec<u8>)] {
    static PARTS: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    PARTS.get_or_init(|| {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(BASE)).expect("the seed workbook");
        (0..zip.len())
            .map(|i| {
                let mut entry = zip.by_index(i).expect("a part");
                let name = entry.name().expect("a part name").into_owned();
                let mut bytes = Vec::new();
                std::io::Read::read_to_end(&mut entry, &mut bytes).expect("a part's bytes");
                (name, bytes)
            })
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, xml)) = data.split_first() else {
        return;
    };
    let target = PARTS[usize::from(which) % PARTS.len()];
    let parts: Vec<(&str, &[u8])> = base()
        .iter()
        .map(|(name, bytes)| (name.as_str(), if name == target { xml } else { bytes.as_slice() }))
        .collect();
    jixiao_fuzz::check("t.xlsx", &jixiao_fuzz::zip(&parts));
});
