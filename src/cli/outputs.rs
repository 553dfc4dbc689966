//! Outputs that would overwrite or feed back into the inputs, refused before anything is read.
//!
//! `--annotate X.xlsx X.xlsx` once dropped the input from the check and overwrote the
//! clerk's file. An output is refused when it is an input by any spelling or link (the same
//! canonical path, or the same device and inode), when it lies in a folder being checked
//! under a name a batch reads (it would be read back as a sheet next time), when it is the
//! scheme or lies in the `--scheme-dir` as a `.yaml`, or when two outputs are one file.

use std::path::{Path, PathBuf};

use jixiao::fsutil::{identity, resolved};
use jixiao::lang::Text;
use jixiao::report::escape::visible;

use super::files::{Files, is_sheet};

/// One file as the refusal names it, with where it really is.
struct Known {
    shown: String,
    resolved: Option<PathBuf>,
    id: Option<(u64, u64)>,
}

impl Known {
    fn of(path: &Path) -> Self {
        Self {
            shown: visible(&path.display().to_string()).into_owned(),
            resolved: resolved(path),
            id: identity(path),
        }
    }

    fn same(&self, other: &Self) -> bool {
        (self.id.is_some() && self.id == other.id)
            || (self.resolved.is_some() && self.resolved == other.resolved)
    }
}

/// The inputs of a command: sheet files and folders, a scheme file, a scheme folder.
#[derive(Default)]
pub struct Inputs<'a> {
    pub files: Option<&'a Files>,
    pub sheets: Vec<PathBuf>,
    pub scheme: Option<PathBuf>,
    pub scheme_dir: Option<PathBuf>,
}

/// Why `outputs` may not be written, naming the output and the input it would touch; `None`
/// when they may.
pub fn conflict(outputs: &[&Path], inputs: &Inputs<'_>) -> Option<Text> {
    let outs: Vec<Known> = outputs.iter().map(|p| Known::of(p)).collect();
    for (i, out) in outs.iter().enumerate() {
        if let Some(other) = outs[..i].iter().find(|o| o.same(out)) {
            return Some(Text::new(
                format!("两个输出 {} 与 {} 是同一个文件", other.shown, out.shown),
                format!(
                    "the outputs {} and {} are the same file",
                    other.shown, out.shown
                ),
            ));
        }
        let named = inputs
            .sheets
            .iter()
            .chain(&inputs.scheme)
            .map(|p| Known::of(p))
            .find(|input| input.same(out));
        let listed = || {
            let files = inputs.files?;
            (0..files.len())
                .map(|n| Known::of(&files.path(n)))
                .find(|input| input.same(out))
        };
        if let Some(input) = named.or_else(listed) {
            return Some(Text::new(
                format!(
                    "输出文件 {} 就是输入文件 {}：为免覆盖原文件，未读取也未写入任何文件",
                    out.shown, input.shown
                ),
                format!(
                    "the output {} is the input {}: to keep the original, nothing was read or written",
                    out.shown, input.shown
                ),
            ));
        }
        let Some(place) = out.resolved.as_deref() else {
            continue;
        };
        let folder = place.parent();
        if let Some(files) = inputs.files
            && is_sheet(place)
            && let Some(dir) = files.folders().find(|dir| Some(dir.as_path()) == folder)
        {
            return Some(in_folder(out, dir));
        }
        let scheme_like = place
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
        if let Some(dir) = &inputs.scheme_dir
            && scheme_like
            && std::fs::canonicalize(dir).ok().as_deref() == folder
        {
            return Some(in_folder(out, dir));
        }
    }
    None
}

fn in_folder(out: &Known, dir: &Path) -> Text {
    let dir = visible(&dir.display().to_string()).into_owned();
    Text::new(
        format!(
            "输出文件 {} 位于要读取的文件夹 {dir} 中，之后会被当作输入读入：请写到别的文件夹，未读取也未写入任何文件",
            out.shown
        ),
        format!(
            "the output {} is in the folder {dir} being read, where it would be read back as an input: write it elsewhere (nothing was read or written)",
            out.shown
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_output_that_is_an_input_by_any_spelling_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let sheet = dir.path().join("a.xlsx");
        std::fs::write(&sheet, "x").unwrap();
        let inputs = Inputs {
            sheets: vec![sheet.clone()],
            ..Inputs::default()
        };
        let dotted = dir.path().join(".").join("a.xlsx");
        assert!(conflict(&[&dotted], &inputs).is_some());
        #[cfg(unix)]
        {
            let link = dir.path().join("link.xlsx");
            std::os::unix::fs::symlink(&sheet, &link).unwrap();
            let text = conflict(&[&link], &inputs).unwrap();
            assert!(
                text.zh.contains("a.xlsx") && text.zh.contains("link.xlsx"),
                "{}",
                text.zh
            );
        }
        let elsewhere = tempfile::tempdir().unwrap();
        assert!(conflict(&[&elsewhere.path().join("out.xlsx")], &inputs).is_none());
    }

    #[test]
    fn an_output_in_a_folder_being_read_is_refused_unless_it_is_no_sheet() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.yaml"), "x").unwrap();
        let files = Files::collect(&[dir.path().to_path_buf()]);
        let inputs = Inputs {
            files: Some(&files),
            sheets: vec![dir.path().to_path_buf()],
            ..Inputs::default()
        };
        assert!(conflict(&[&dir.path().join("summary.csv")], &inputs).is_some());
        assert!(conflict(&[&dir.path().join("notes.txt")], &inputs).is_none());
        let two = dir.path().join("..").join("same.xlsx");
        assert!(conflict(&[&two, &two], &Inputs::default()).is_some());
    }
}
