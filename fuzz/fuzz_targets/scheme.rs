//! Schemes, with `extends`: the input is split at the first NUL into a scheme and the parent
//! it may extend as `parent.yaml`, both written to a folder and loaded from there (the folder
//! is made once, in memory-backed /dev/shm when there is one, so that each run costs two
//! small writes).
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use jixiao::lang::Lang;
use libfuzzer_sys::fuzz_target;

fn folder() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let shm = std::path::Path::new("/dev/shm");
        let base = if shm.is_dir() { shm.to_path_buf() } else { std::env::temp_dir() };
        let dir = base.join(format!("jixiao-fuzz-scheme-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a folder for the schemes");
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let (child, parent) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[][..]),
    };
    let dir = folder();
    let path = dir.join("scheme.yaml");
    if std::fs::write(&path, child).is_err() || std::fs::write(dir.join("parent.yaml"), parent).is_err()
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
