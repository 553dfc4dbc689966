//! xlsx, structure-aware: the seed workbook's zip with one part replaced by the fuzzed XML
//! (random bytes would rarely get past the zip). The first byte picks the part.
#![no_main]

use libfuzzer_sys::fuzz_target;

const BASE: &[u8] = include_bytes!("../../tests/sheets/shangjie-2022-department.xlsx");

const PARTS: [&str; 5] = [
    "xl/worksheets/sheet1.xml",
    "xl/sharedStrings.xml",
    "xl/styles.xml",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
];

fuzz_target!(|data: &[u8]| {
    let Some((&which, xml)) = data.split_first() else {
        return;
    };
    let target = PARTS[usize::from(which) % PARTS.len()];
    let Ok(mut base) = zip::ZipArchive::new(std::io::Cursor::new(BASE)) else {
        return;
    };
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..base.len() {
        let Ok(mut entry) = base.by_index(i) else {
            return;
        };
        let Ok(name) = entry.name().map(|n| n.into_owned()) else {
            return;
        };
        let mut bytes = Vec::new();
        if std::io::Read::read_to_end(&mut entry, &mut bytes).is_err() {
            return;
        }
        if name == target {
            bytes = xml.to_vec();
        }
        parts.push((name, bytes));
    }
    let parts: Vec<(&str, &[u8])> = parts.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    jixiao_fuzz::check("t.xlsx", &jixiao_fuzz::zip(&parts));
});
