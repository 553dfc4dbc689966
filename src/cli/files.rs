//! The files a batch checks: the folders walked in path order, every path kept packed.
//!
//! A folder is taken as a reviewer keeps it: Office and WPS lock files (`~$…`, LibreOffice's
//! `.~lock.…#`) and the reports jixiao wrote there before (known by their mark, `report::mark`)
//! are passed over silently; any other file that is no sheet is listed by name, and a folder
//! given that holds no sheet at all is said so.
//!
//! A province checks tens of thousands of files. Reports are streamed file by file, so
//! the list of paths is what would grow with the batch: an allocation per path costs about
//! 90 bytes. Here a path costs its name's bytes and twelve more (the folder is kept once),
//! and a folder's listing is sorted in place, without a second copy.

use std::collections::HashSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The extensions of the files a batch reads; any other file is skipped and counted.
const SHEET_EXTENSIONS: &[&str] = &[
    "xlsx", "xlsm", "xls", "ods", "et", "ett", "csv", "docx", "html", "htm", "yaml", "yml", "json",
];

/// The files of a batch in the order they are checked.
#[derive(Debug, Default)]
pub struct Files {
    /// Every folder walked, each once.
    dirs: Vec<PathBuf>,
    /// File names, one after another (names that are not Unicode are kept in `whole`).
    names: String,
    /// Each file: its folder in `dirs` and its name in `names`, or (`WHOLE`, index in `whole`).
    files: Vec<(u32, u32, u32)>,
    whole: Vec<PathBuf>,
    /// Files that are not sheets, by extension.
    skipped: Vec<PathBuf>,
    /// The folders given that hold no sheet.
    empty: Vec<PathBuf>,
    /// The folders walked, as canonical paths: a symbolic link back up the tree is walked once.
    visited: HashSet<PathBuf>,
}

/// The folder index of a file kept as a whole path.
const WHOLE: u32 = u32::MAX;

impl Files {
    /// The sheet files named by `paths`: a file as given, a folder walked in path order.
    pub fn collect(paths: &[PathBuf]) -> Self {
        let mut files = Self::default();
        for path in paths {
            if path.is_dir() {
                let fresh =
                    std::fs::canonicalize(path).map_or(true, |c| !files.visited.contains(&c));
                let before = files.files.len();
                files.walk(path);
                if fresh && files.files.len() == before {
                    files.empty.push(path.clone());
                }
            } else {
                files.push_whole(path.clone());
            }
        }
        files
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// The files that were not sheets, in the order walked.
    pub fn skipped(&self) -> &[PathBuf] {
        &self.skipped
    }

    /// The folders given that held no sheet.
    pub fn empty(&self) -> &[PathBuf] {
        &self.empty
    }

    /// The path of the `i`th file.
    pub fn path(&self, i: usize) -> PathBuf {
        let (dir, start, end) = self.files[i];
        if dir == WHOLE {
            return self.whole[start as usize].clone();
        }
        self.dirs[dir as usize].join(&self.names[start as usize..end as usize])
    }

    /// The folders walked, as canonical paths.
    pub fn folders(&self) -> impl Iterator<Item = &PathBuf> {
        self.visited.iter()
    }

    fn push_whole(&mut self, path: PathBuf) {
        let index = u32::try_from(self.whole.len()).unwrap_or(u32::MAX);
        self.whole.push(path);
        self.files.push((WHOLE, index, index));
    }

    /// Walk `dir`: its entries sorted by name, a sheet file taken, a folder walked where it
    /// falls in that order (once, however many links lead to it). An unreadable folder is kept
    /// as a file, to be reported as one.
    fn walk(&mut self, dir: &Path) {
        if let Ok(canonical) = std::fs::canonicalize(dir)
            && !self.visited.insert(canonical)
        {
            return;
        }
        let Ok(entries) = std::fs::read_dir(dir) else {
            self.push_whole(dir.to_path_buf());
            return;
        };
        let dir_index = u32::try_from(self.dirs.len()).ok().filter(|&i| i != WHOLE);
        self.dirs.push(dir.to_path_buf());
        // Unicode names go straight into `names`, to be sorted by their spans there.
        let mut listed: Vec<(u32, u32, bool)> = Vec::new();
        let mut odd: Vec<(OsString, bool)> = Vec::new();
        for entry in entries.flatten() {
            let is_dir = entry
                .file_type()
                .is_ok_and(|t| t.is_dir() || (t.is_symlink() && entry.path().is_dir()));
            let name = entry.file_name();
            let start = self.names.len();
            match (name.to_str(), dir_index) {
                (Some(text), Some(_)) => {
                    self.names.push_str(text);
                    match (u32::try_from(start), u32::try_from(self.names.len())) {
                        (Ok(start), Ok(end)) => listed.push((start, end, is_dir)),
                        _ => {
                            self.names.truncate(start);
                            odd.push((name, is_dir));
                        }
                    }
                }
                _ => odd.push((name, is_dir)),
            }
        }
        listed.sort_by(|a, b| {
            self.names[a.0 as usize..a.1 as usize].cmp(&self.names[b.0 as usize..b.1 as usize])
        });
        odd.sort();
        for (start, end, is_dir) in listed {
            let name = &self.names[start as usize..end as usize];
            let path = dir.join(name);
            match Entry::of(&path, is_dir) {
                Entry::Dir => self.walk(&path),
                Entry::Sheet => {
                    if let Some(dir_index) = dir_index {
                        self.files.push((dir_index, start, end));
                    }
                }
                Entry::Passed => {}
                Entry::Other => self.skipped.push(path),
            }
        }
        for (name, is_dir) in odd {
            let path = dir.join(name);
            match Entry::of(&path, is_dir) {
                Entry::Dir => self.walk(&path),
                Entry::Sheet => self.push_whole(path),
                Entry::Passed => {}
                Entry::Other => self.skipped.push(path),
            }
        }
    }
}

/// What an entry of a folder is to a batch.
enum Entry {
    Dir,
    Sheet,
    /// A lock file or a report of jixiao's: passed over without a word.
    Passed,
    /// Any other file, listed as skipped.
    Other,
}

impl Entry {
    fn of(path: &Path, is_dir: bool) -> Self {
        if is_dir {
            return Self::Dir;
        }
        let name = path.file_name().map(|n| n.to_string_lossy());
        let lock = name
            .as_deref()
            .is_some_and(|n| n.starts_with("~$") || (n.starts_with(".~lock.") && n.ends_with('#')));
        if lock || (is_sheet(path) && jixiao::report::mark::is_output(path)) {
            Self::Passed
        } else if is_sheet(path) {
            Self::Sheet
        } else {
            Self::Other
        }
    }
}

/// Whether a batch reads a file of this name.
pub fn is_sheet(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| SHEET_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_walked_in_path_order_and_other_files_counted() {
        let root = tempfile::tempdir().unwrap();
        let at = |p: &str| root.path().join(p);
        std::fs::create_dir_all(at("b/inner")).unwrap();
        for file in [
            "c.yaml",
            "a.XLSX",
            "notes.txt",
            "b/inner/z.csv",
            "b/y.json",
            "b.ods",
            "ab.yml",
        ] {
            std::fs::write(at(file), "").unwrap();
        }
        let single = at("loose.json");
        let files = Files::collect(&[root.path().to_path_buf(), single.clone()]);
        let names =
            |files: &Files| -> Vec<PathBuf> { (0..files.len()).map(|i| files.path(i)).collect() };
        assert_eq!(
            names(&files),
            [
                at("a.XLSX"),
                at("ab.yml"),
                at("b/inner/z.csv"),
                at("b/y.json"),
                at("b.ods"),
                at("c.yaml"),
                single,
            ]
        );
        assert_eq!(files.skipped(), [at("notes.txt")]);
        assert!(files.empty().is_empty());
    }

    #[test]
    fn lock_files_pass_silently_and_a_folder_without_sheets_is_named() {
        let root = tempfile::tempdir().unwrap();
        let at = |p: &str| root.path().join(p);
        std::fs::create_dir_all(at("forms")).unwrap();
        std::fs::create_dir_all(at("none")).unwrap();
        for file in [
            "forms/a.xlsx",
            "forms/~$a.xlsx",
            "forms/.~lock.a.xlsx#",
            "none/~$b.docx",
            "none/b.pdf",
        ] {
            std::fs::write(at(file), "").unwrap();
        }
        let files = Files::collect(&[at("forms"), at("none")]);
        assert_eq!(files.len(), 1);
        assert_eq!(files.skipped(), [at("none/b.pdf")]);
        assert_eq!(files.empty(), [at("none")]);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_back_up_the_tree_is_walked_once() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("inner")).unwrap();
        std::fs::write(root.path().join("inner/a.yaml"), "").unwrap();
        std::os::unix::fs::symlink(root.path(), root.path().join("inner/up")).unwrap();
        let files = Files::collect(&[root.path().to_path_buf()]);
        assert_eq!(files.len(), 1);
        assert_eq!(files.path(0), root.path().join("inner/a.yaml"));
    }
}
