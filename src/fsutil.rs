//! Files in and files out, the one place jixiao touches the file system for either.
//!
//! In: [`open_regular`] opens a sheet or scheme without blocking (`O_NONBLOCK`, so a FIFO
//! named `x.yaml` cannot hang a batch) and only when it is a regular file: a FIFO, a device,
//! a socket or a folder is refused with a message saying which it is.
//!
//! Out: [`write_file`] is the one writer of every output (`--annotate`, `--summary`,
//! `convert -o`, `template -o`): it writes a temporary file created exclusively (`O_EXCL`,
//! `O_NOFOLLOW`) in the target's folder under an unpredictable name, syncs it, renames it over
//! the target and syncs the folder, so that a reader never sees half a file, a failed write
//! never destroys the old one, and no link planted in the folder redirects the write. An
//! existing target that is a link is replaced as a link, never written through.
//!
//! Errors come back as sentences ([`io_reason`]), never as the system's English text.

use std::fs::{File, Metadata, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io::{self, BufWriter, ErrorKind, Write};
use std::path::{Path, PathBuf};

use crate::lang::Text;

/// What kind of file a path names, when it is not a regular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Special {
    Directory,
    Fifo,
    CharDevice,
    BlockDevice,
    Socket,
    Other,
}

impl Special {
    fn of(metadata: &Metadata) -> Option<Self> {
        let kind = metadata.file_type();
        if kind.is_file() {
            return None;
        }
        if kind.is_dir() {
            return Some(Self::Directory);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if kind.is_fifo() {
                return Some(Self::Fifo);
            }
            if kind.is_char_device() {
                return Some(Self::CharDevice);
            }
            if kind.is_block_device() {
                return Some(Self::BlockDevice);
            }
            if kind.is_socket() {
                return Some(Self::Socket);
            }
        }
        Some(Self::Other)
    }

    /// "a FIFO", for a sentence saying why the file is not read.
    pub fn name(self) -> Text {
        match self {
            Self::Directory => Text::new("文件夹", "a folder"),
            Self::Fifo => Text::new("命名管道（FIFO）", "a named pipe (FIFO)"),
            Self::CharDevice => Text::new("字符设备", "a character device"),
            Self::BlockDevice => Text::new("块设备", "a block device"),
            Self::Socket => Text::new("套接字", "a socket"),
            Self::Other => Text::new("特殊文件", "a special file"),
        }
    }
}

/// Why an input could not be opened.
#[derive(Debug)]
pub enum OpenError {
    Io(io::Error),
    /// It exists but is no regular file.
    NotRegular(Special),
}

impl OpenError {
    /// Why, as a sentence: "文件不存在", "这是命名管道（FIFO），不是普通文件".
    pub fn reason(&self) -> Text {
        match self {
            Self::Io(e) => io_reason(e),
            Self::NotRegular(special) => {
                let name = special.name();
                Text::new(
                    format!("这是{}，不是普通文件，不予读取", name.zh),
                    format!("it is {}, not a regular file, and is not read", name.en),
                )
            }
        }
    }
}

/// Open `path` for reading if it is a regular file, without ever blocking: its type is
/// checked before it is opened, it is opened with `O_NONBLOCK` (a FIFO swapped in between
/// cannot block the open), and checked again on the open file.
pub fn open_regular(path: &Path) -> Result<(File, Metadata), OpenError> {
    let before = std::fs::metadata(path).map_err(OpenError::Io)?;
    if let Some(special) = Special::of(&before) {
        return Err(OpenError::NotRegular(special));
    }
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path).map_err(OpenError::Io)?;
    let metadata = file.metadata().map_err(OpenError::Io)?;
    match Special::of(&metadata) {
        Some(special) => Err(OpenError::NotRegular(special)),
        None => Ok((file, metadata)),
    }
}

/// Read at most `limit` bytes of the regular file `path`, and say whether there was more.
pub fn read_limited(path: &Path, limit: usize) -> Result<(Vec<u8>, bool), OpenError> {
    use std::io::Read;
    let (file, metadata) = open_regular(path)?;
    if metadata.len() > limit as u64 {
        return Ok((Vec::new(), true));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(OpenError::Io)?;
    let over = bytes.len() > limit;
    if over {
        bytes = Vec::new();
    }
    Ok((bytes, over))
}

/// Why an I/O operation failed, in words, by the error's kind: never the system's own English
/// text. An unusual error names its code.
pub fn io_reason(error: &io::Error) -> Text {
    let (zh, en) = match error.kind() {
        ErrorKind::NotFound => ("文件或文件夹不存在", "no such file or folder"),
        ErrorKind::PermissionDenied => ("没有权限", "permission denied"),
        ErrorKind::AlreadyExists => ("已存在", "it already exists"),
        ErrorKind::IsADirectory => ("这是文件夹", "it is a folder"),
        ErrorKind::NotADirectory => (
            "路径中有一段不是文件夹",
            "a part of the path is not a folder",
        ),
        ErrorKind::DirectoryNotEmpty => ("文件夹不是空的", "the folder is not empty"),
        ErrorKind::StorageFull => ("磁盘已满", "the disk is full"),
        ErrorKind::QuotaExceeded => ("超出磁盘配额", "the disk quota is exceeded"),
        ErrorKind::ReadOnlyFilesystem => ("文件系统是只读的", "the file system is read-only"),
        ErrorKind::FileTooLarge => ("文件过大", "the file is too large"),
        ErrorKind::InvalidFilename => ("文件名无效或过长", "the file name is invalid or too long"),
        ErrorKind::ResourceBusy => ("文件正被占用", "the file is busy"),
        ErrorKind::CrossesDevices => (
            "不能跨磁盘移动文件",
            "the file cannot be moved across file systems",
        ),
        ErrorKind::TooManyLinks => ("链接过多", "too many links"),
        ErrorKind::StaleNetworkFileHandle => ("网络文件已失效", "the network file handle is stale"),
        ErrorKind::UnexpectedEof => ("文件意外结束", "the file ended unexpectedly"),
        ErrorKind::InvalidData => ("文件内容无效", "the file's content is invalid"),
        ErrorKind::WouldBlock => ("文件暂时无法读写", "the file cannot be read or written now"),
        ErrorKind::BrokenPipe => ("管道已关闭", "the pipe was closed"),
        ErrorKind::Interrupted => ("操作被中断", "the operation was interrupted"),
        ErrorKind::OutOfMemory => ("内存不足", "out of memory"),
        ErrorKind::TimedOut => ("操作超时", "the operation timed out"),
        _ => {
            return match error.raw_os_error() {
                Some(code) => Text::new(
                    format!("系统错误（错误码 {code}）"),
                    format!("system error (code {code})"),
                ),
                None => Text::new("读写出错", "input/output error"),
            };
        }
    };
    Text::new(zh, en)
}

/// Why an output could not be written: a sentence naming the path.
#[derive(Debug)]
pub struct IoFailure(pub Text);

impl IoFailure {
    fn at(path: &Path, reason: &Text) -> Self {
        let shown = crate::report::escape::visible(&path.display().to_string()).into_owned();
        Self(Text::new(
            format!("无法写入 {shown}：{}", reason.zh),
            format!("cannot write {shown}: {}", reason.en),
        ))
    }
}

/// Write an output file through `write`: see the module's docs for how. An existing target
/// that is neither a regular file nor a link (a folder, a FIFO, a device) is refused.
pub fn write_file(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), IoFailure> {
    if let Ok(existing) = std::fs::symlink_metadata(path)
        && !existing.file_type().is_symlink()
        && let Some(special) = Special::of(&existing)
    {
        let name = special.name();
        return Err(IoFailure::at(
            path,
            &Text::new(
                format!("该路径已是{}，不是普通文件，不予覆盖", name.zh),
                format!("it is {}, not a regular file, and is not replaced", name.en),
            ),
        ));
    }
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let Some(name) = path.file_name() else {
        return Err(IoFailure::at(
            path,
            &Text::new("路径没有文件名", "the path names no file"),
        ));
    };
    let (temp, file) = create_temporary(&dir, &name.to_string_lossy())
        .map_err(|e| IoFailure::at(path, &io_reason(&e)))?;
    let written = (|| {
        let mut out = BufWriter::new(file);
        write(&mut out)?;
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if let Err(e) = written {
        // The temporary file is ours and useless now; the target was never touched.
        let _ = std::fs::remove_file(&temp);
        return Err(IoFailure::at(path, &io_reason(&e)));
    }
    // The rename is durable once the folder is synced. Some file systems cannot sync a
    // folder; the file itself is already safe then.
    if let Ok(folder) = File::open(&dir) {
        let _ = folder.sync_all();
    }
    Ok(())
}

/// [`write_file`] of bytes already made.
pub fn write_bytes(path: &Path, bytes: &[u8]) -> Result<(), IoFailure> {
    write_file(path, |out| out.write_all(bytes))
}

/// A new file in `dir` under an unpredictable name, created exclusively and without following
/// a link at its name.
fn create_temporary(dir: &Path, name: &str) -> io::Result<(PathBuf, File)> {
    let mut last = io::Error::from(ErrorKind::AlreadyExists);
    for attempt in 0..16u32 {
        let temp = dir.join(format!(".{name}.{:016x}.tmp", random(attempt)));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC);
        }
        match options.open(&temp) {
            Ok(file) => return Ok((temp, file)),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => last = e,
            Err(e) => return Err(e),
        }
    }
    Err(last)
}

/// 64 unpredictable bits: the standard library's hasher keys come from the system's random
/// source, fresh for every `RandomState`.
fn random(attempt: u32) -> u64 {
    let mut hasher = std::hash::RandomState::new().build_hasher();
    hasher.write_u32(attempt);
    hasher.write_u32(std::process::id());
    if let Ok(now) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        hasher.write_u128(now.as_nanos());
    }
    hasher.finish()
}

/// The identity of an existing file, (device, inode) on Unix, to tell two spellings of one
/// file apart from two files.
pub fn identity(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// Where `path` is, with every link and `..` resolved: the canonical path of an existing
/// file, else its canonical folder joined with its name. `None` when not even the folder
/// exists.
pub fn resolved(path: &Path) -> Option<PathBuf> {
    if let Ok(canonical) = std::fs::canonicalize(path) {
        return Some(canonical);
    }
    let name = path.file_name()?;
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    Some(std::fs::canonicalize(dir).ok()?.join(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_replace_the_target_and_leave_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.csv");
        std::fs::write(&out, "old").unwrap();
        write_bytes(&out, b"new").unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"new");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.csv");
        std::fs::write(&out, "old").unwrap();
        let failed = write_file(&out, |w| {
            w.write_all(b"half")?;
            Err(io::Error::from(ErrorKind::StorageFull))
        });
        assert!(failed.unwrap_err().0.zh.contains("磁盘已满"));
        assert_eq!(std::fs::read(&out).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_replaced_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let precious = dir.path().join("precious.txt");
        std::fs::write(&precious, "mine").unwrap();
        let out = dir.path().join("out.csv");
        std::os::unix::fs::symlink(&precious, &out).unwrap();
        write_bytes(&out, b"new").unwrap();
        assert_eq!(std::fs::read(&precious).unwrap(), b"mine");
        assert!(
            !std::fs::symlink_metadata(&out)
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }

    #[cfg(unix)]
    #[test]
    fn fifos_are_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("x.yaml");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: mkfifo reads a NUL-terminated path and touches nothing else.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        assert!(matches!(
            open_regular(&fifo),
            Err(OpenError::NotRegular(Special::Fifo))
        ));
        assert!(write_bytes(&fifo, b"x").is_err());
        assert!(matches!(
            open_regular(Path::new("/dev/zero")),
            Err(OpenError::NotRegular(Special::CharDevice))
        ));
        assert!(matches!(
            open_regular(dir.path()),
            Err(OpenError::NotRegular(Special::Directory))
        ));
    }
}
