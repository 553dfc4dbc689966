//! Schemes, with `extends`: the input is split at the first NUL into a scheme and the parent
//! it may extend as `parent.yaml`, both written to a temporary folder and loaded from there.
#![no_main]

use jixiao::lang::Lang;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (child, parent) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[][..]),
    };
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let path = dir.path().join("scheme.yaml");
    if std::fs::write(&path, child).is_err()
        || std::fs::write(dir.path().join("parent.yaml"), parent).is_err()
    {
        return;
    }
    match jixiao::scheme::load_path(&path) {
        Ok(scheme) => {
            let _ = jixiao::scheme::lint(&scheme);
        }
        Err(e) => {
            let _ = jixiao::report::human::render(&e.findings, Lang::Zh, true, None);
        }
    }
});
