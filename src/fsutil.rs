//! Writing output files safely: to a temporary file beside the target, then renamed into
//! place, so a reader never sees half a file and a failed write never destroys an old one.

use std::path::{Path, PathBuf};

use crate::lang::Text;

/// A temporary path in the same directory as `path` (a rename across file systems would copy).
fn temporary(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

/// Write through `write` to a temporary file, then rename it to `path`. `E` must be able to
/// carry an I/O failure as a message.
pub fn write_atomically<E: From<IoFailure>>(
    path: &Path,
    write: impl FnOnce(&Path) -> Result<(), E>,
) -> Result<(), E> {
    let tmp = temporary(path);
    if let Err(e) = write(&tmp) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        E::from(IoFailure(Text::new(
            format!("无法写入 {}：{e}", path.display()),
            format!("cannot write {}: {e}", path.display()),
        )))
    })
}

/// An I/O failure while writing an output, as a message for a person.
#[derive(Debug)]
pub struct IoFailure(pub Text);
