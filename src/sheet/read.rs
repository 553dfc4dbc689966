//! Reading a sheet from YAML or JSON text (format sheet/1) into the [`Sheet`] model.
//!
//! Guards the input first (size, binary content, encoding, emptiness), then parses with
//! yaml-rust2, which also reads JSON (JSON is YAML 1.2) so both keep the same positions and
//! limits, and finally checks the document's shape against the format. Every field keeps the
//! line, character column and byte offset it was written at. Anything wrong comes back as a
//! [`ReadError`] holding located findings (`sheet-syntax`, `sheet-schema`, `sheet-io`), never
//! as a panic. Reading judges nothing: blank cells and wrong scores are data for the checks.
//! Spreadsheets and CSV are read elsewhere (`workbook.rs`, `csv.rs`); YAML or JSON text in
//! another encoding (GBK) is refused, not converted.

pub(super) mod number;
mod schema;
mod tree;
mod written;

use std::fmt;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use super::Sheet;
use crate::diagnostic::{Finding, Pos, Severity, SourceFile};
use crate::lang::Text;

pub use crate::limits::MAX_FILE_BYTES;

/// Why a sheet could not be read: one or more located findings, each with a help line.
#[derive(Debug, Clone)]
pub struct ReadError {
    pub findings: Vec<Finding>,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::diagnostic::write_findings(f, &self.findings)
    }
}

impl std::error::Error for ReadError {}

impl ReadError {
    pub(super) fn one(finding: Finding) -> Self {
        Self {
            findings: vec![finding],
        }
    }
}

/// Which syntax the text is in: only the wording of syntax errors differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Syntax {
    Yaml,
    Json,
}

impl Syntax {
    fn name(self) -> &'static str {
        match self {
            Self::Yaml => "YAML",
            Self::Json => "JSON",
        }
    }

    /// By extension; anything else by the first character, as JSON documents open a brace.
    fn of(path: &str, text: &str) -> Self {
        let extension = Path::new(path)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("json") => Self::Json,
            Some("yaml" | "yml") => Self::Yaml,
            _ if text
                .trim_start_matches('\u{feff}')
                .trim_start()
                .starts_with(['{', '[']) =>
            {
                Self::Json
            }
            _ => Self::Yaml,
        }
    }
}

/// Read a sheet written in YAML.
pub fn read_yaml(path: &str, text: &str) -> Result<Sheet, ReadError> {
    check_bytes(path, text.as_bytes())?;
    parse(path, text, Syntax::Yaml)
}

/// Read a sheet written in JSON.
pub fn read_json(path: &str, text: &str) -> Result<Sheet, ReadError> {
    check_bytes(path, text.as_bytes())?;
    parse(path, text, Syntax::Json)
}

/// Read a sheet file: YAML or JSON by extension (`.yaml`, `.yml`, `.json`), otherwise by
/// content. The file is only read, never modified; one too large is refused before reading.
pub fn read_path(path: &Path) -> Result<Sheet, ReadError> {
    let (name, bytes) = read_file(path)?;
    read_bytes(&name, &bytes)
}

/// A file's name as shown to the user, and its bytes: at most [`MAX_FILE_BYTES`], the larger
/// refused before reading, so that every reader's memory is bounded from the start. Only a
/// regular file is read, opened without blocking ([`crate::fsutil::open_regular`]).
pub(super) fn read_file(path: &Path) -> Result<(String, Vec<u8>), ReadError> {
    let name = path.display().to_string();
    let (file, metadata) =
        crate::fsutil::open_regular(path).map_err(|e| cannot_read(&name, &e.reason()))?;
    let size = metadata.len();
    if size > MAX_FILE_BYTES as u64 {
        return Err(too_large(&name, size));
    }
    // Read one byte past the limit at most: a growing file reports a size that says
    // nothing, and the readers refuse what went over.
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| cannot_read(&name, &crate::fsutil::io_reason(&e)))?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_large(&name, bytes.len() as u64));
    }
    Ok((name, bytes))
}

fn cannot_read(path: &str, reason: &Text) -> ReadError {
    ReadError::one(file_finding(
        "sheet-io",
        &SourceFile::new(path, ""),
        Pos::File,
        Text::new(
            format!("无法读取文件：{}", reason.zh),
            format!("cannot read the file: {}", reason.en),
        ),
        Text::new(
            "请确认文件路径正确、文件存在、是普通文件且有读取权限",
            "check that the path is right and names a regular file that exists and may be read",
        ),
    ))
}

/// Read a sheet from a file's raw bytes: size, binary content and encoding are checked before
/// parsing; YAML or JSON is chosen as [`read_path`] does.
pub fn read_bytes(path: &str, bytes: &[u8]) -> Result<Sheet, ReadError> {
    check_bytes(path, bytes)?;
    let text = std::str::from_utf8(bytes).map_err(|e| not_utf8(path, bytes, e.valid_up_to()))?;
    parse(path, text, Syntax::of(path, text)).map_err(|e| unnamed(path, e))
}

/// A file not named as a sheet (`.yaml`, `.yml`, `.json`) that does not read as one is some
/// other file given by mistake (`jixiao check /etc/passwd`): it is refused in one sentence
/// that shows none of its lines or values.
fn unnamed(path: &str, error: ReadError) -> ReadError {
    let named = Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["yaml", "yml", "json"].contains(&e.to_ascii_lowercase().as_str()));
    if named {
        return error;
    }
    ReadError::one(file_finding(
        "sheet-syntax",
        &SourceFile::new(path, ""),
        Pos::File,
        Text::new(
            "不是自评表：既不是 sheet/1 格式的 YAML/JSON，也不是工作簿或 CSV",
            "not a sheet: neither sheet/1 YAML/JSON nor a workbook or CSV",
        ),
        Text::new(
            "请选择自评表文件；YAML/JSON 格式的自评表请以 .yaml 或 .json 结尾，以便指出错在哪一行",
            "choose a sheet file; name a YAML/JSON sheet .yaml or .json to see where it is wrong",
        ),
    ))
}

fn parse(path: &str, text: &str, syntax: Syntax) -> Result<Sheet, ReadError> {
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(empty(
            &SourceFile::new(path, text),
            "文件为空",
            "the file is empty",
        ));
    }
    let document = tree::parse(text)
        .map_err(|e| ReadError::one(tree_finding(&SourceFile::new(path, text), e, syntax)))?;
    let file = SourceFile::mapped(path, text, document.map);
    // A document of nothing but `~` or comments holds no sheet.
    let root = document
        .root
        .filter(|root| !matches!(root.kind, tree::Kind::Null));
    let Some(root) = root else {
        return Err(empty(
            &file,
            "文件为空（只有注释或空白）",
            "the file is empty (only comments or blank lines)",
        ));
    };
    schema::build(&file, &root).map_err(|findings| ReadError { findings })
}

/// Size and binary content, checked on raw bytes before any decoding.
fn check_bytes(path: &str, bytes: &[u8]) -> Result<(), ReadError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_large(path, bytes.len() as u64));
    }
    let file = || SourceFile::new(path, "");
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ReadError::one(file_finding(
            "sheet-syntax",
            &file(),
            Pos::File,
            Text::new(
                "文件是 UTF-16 编码，不是 UTF-8",
                "the file is encoded in UTF-16, not UTF-8",
            ),
            save_as_utf8(),
        )));
    }
    if looks_binary(bytes) {
        return Err(ReadError::one(file_finding(
            "sheet-syntax",
            &file(),
            Pos::File,
            Text::new(
                "不是文本文件（含二进制内容）",
                "not a text file (binary content)",
            ),
            Text::new(
                "扩展名为 .yaml、.json 的自评表应是文本；Excel 工作簿请保留 .xlsx、.xls 等原扩展名",
                "a .yaml or .json sheet must be text; keep an Excel workbook's own extension (.xlsx, .xls)",
            ),
        )));
    }
    Ok(())
}

/// NUL bytes never occur in text; otherwise, many control characters at the start mean a
/// binary format (a text file has tabs and line breaks, nothing else below space).
fn looks_binary(bytes: &[u8]) -> bool {
    if bytes.contains(&0) {
        return true;
    }
    let head = &bytes[..bytes.len().min(8192)];
    let control = head
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)) || b == 0x7F)
        .count();
    control * 10 > head.len()
}

pub(super) fn too_large(path: &str, size: u64) -> ReadError {
    ReadError::one(file_finding(
        "sheet-syntax",
        &SourceFile::new(path, ""),
        Pos::File,
        Text::new(
            format!("文件过大（{size} 字节），超过 50 MiB 的上限"),
            format!("file too large ({size} bytes), over the 50 MiB limit"),
        ),
        Text::new(
            "自评表文件一般只有几十 KB，请确认选对了文件",
            "a sheet is usually tens of kilobytes: check that this is the right file",
        ),
    ))
}

fn not_utf8(path: &str, bytes: &[u8], valid_up_to: usize) -> ReadError {
    // The text up to the bad byte is valid, so line and column can be counted in it; the
    // finding's file shows the rest with replacement characters.
    let valid = std::str::from_utf8(&bytes[..valid_up_to]).unwrap_or_default();
    let pos = Pos::at_offset(valid, valid_up_to);
    let file = SourceFile::new(path, String::from_utf8_lossy(bytes).into_owned());
    ReadError::one(file_finding(
        "sheet-syntax",
        &file,
        pos,
        Text::new(
            format!("文件不是 UTF-8 编码：从第 {valid_up_to} 字节起无法按 UTF-8 读取"),
            format!("the file is not UTF-8: invalid byte sequence at byte {valid_up_to}"),
        ),
        save_as_utf8(),
    ))
}

fn save_as_utf8() -> Text {
    Text::new(
        "请在记事本或 WPS 中“另存为”，编码选择 UTF-8（从 Excel 导出的文本常为 GBK 编码）",
        "save the file again as UTF-8 (text exported from Excel is often GBK)",
    )
}

fn empty(file: &Arc<SourceFile>, zh: &str, en: &str) -> ReadError {
    ReadError::one(file_finding(
        "sheet-syntax",
        file,
        Pos::File,
        Text::new(zh, en),
        Text::new(
            "请填写自评表，至少写明 format: sheet/1、kind 和 year",
            "fill in the sheet: at least `format: sheet/1`, `kind` and `year`",
        ),
    ))
}

pub(super) fn file_finding(
    rule: &'static str,
    file: &Arc<SourceFile>,
    pos: Pos,
    message: Text,
    help: Text,
) -> Finding {
    Finding::new(rule, Severity::Error, message, help).at(file, pos)
}

/// A finding for anything the parser refused: malformed text, several documents, or a limit
/// that stops hostile input (a YAML bomb).
fn tree_finding(file: &Arc<SourceFile>, error: tree::TreeError, syntax: Syntax) -> Finding {
    use tree::{SyntaxKind, TreeError};
    let name = syntax.name();
    let too_many = || {
        Text::new(
            "自评表不需要大量锚点（&）与别名（*）或很深的嵌套；请展开或删去重复引用",
            "a sheet needs no mass of anchors (&) and aliases (*) or deep nesting: write the values out",
        )
    };
    let (pos, message, help) = match error {
        TreeError::MultipleDocuments { pos } => (
            pos,
            Text::new(
                "文件含多个 YAML 文档（以 --- 分隔）",
                "the file holds several YAML documents (separated by ---)",
            ),
            Text::new(
                "一个文件只写一张自评表；多张表请分成多个文件",
                "write one sheet per file",
            ),
        ),
        TreeError::TooManyNodes { pos } => (
            pos,
            Text::new(
                format!("文件结构超出安全上限（节点超过 {} 个）", tree::MAX_NODES),
                format!(
                    "the document exceeds a safety limit: more than {} nodes",
                    tree::MAX_NODES
                ),
            ),
            too_many(),
        ),
        TreeError::TooDeep { pos } => (
            pos,
            Text::new(
                format!("文件结构超出安全上限（嵌套超过 {} 层）", tree::MAX_NESTING),
                format!(
                    "the document exceeds a safety limit: nested more than {} deep",
                    tree::MAX_NESTING
                ),
            ),
            too_many(),
        ),
        TreeError::TooLong { pos } => (
            pos,
            Text::new(
                format!(
                    "这段文字超过 {} 个字符的上限（Excel 一个单元格的容量）",
                    crate::limits::MAX_CELL_CHARS
                ),
                format!(
                    "this text is longer than {} characters (what an Excel cell holds)",
                    crate::limits::MAX_CELL_CHARS
                ),
            ),
            Text::new(
                "请缩短这段文字，或确认选对了文件",
                "shorten the text, or check that this is the right file",
            ),
        ),
        TreeError::AliasBomb { pos } => (
            pos,
            Text::new(
                "别名（*）展开过多，超出安全上限",
                format!(
                    "too many alias expansions: aliases copy more than {} nodes",
                    tree::MAX_REPLAYED_NODES
                ),
            ),
            Text::new(
                "自评表不需要大量锚点（&）与别名（*）；请展开或删去重复引用",
                "a sheet needs no mass of anchors (&) and aliases (*): write the values out",
            ),
        ),
        TreeError::Syntax { pos, detail, kind } => match kind {
            SyntaxKind::UnknownAnchor => (
                pos,
                Text::new("引用了不存在的锚点", format!("malformed {name}: {detail}")),
                Text::new(
                    "别名 *名称 之前要先有锚点 &名称；文字以 * 开头时请加双引号",
                    "an alias *name needs an anchor &name before it; quote text that starts with *",
                ),
            ),
            SyntaxKind::Other => (
                pos,
                Text::new(
                    format!("{name} 格式错误：{}", syntax_zh(&detail)),
                    format!("malformed {name}: {detail}"),
                ),
                Text::new(
                    "检查这一处及上一行：冒号后要有空格，引号和括号要成对，同级内容缩进要对齐；含冒号或 # 的文字请加双引号",
                    "check here and the line above: a space after each colon, quotes and brackets in pairs, aligned indentation; quote text holding a colon or #",
                ),
            ),
        },
    };
    file_finding("sheet-syntax", file, pos, message, help)
}

/// The parser's English description of common mistakes, in Chinese; any other is said in
/// general words (the English detail stays in the English message).
fn syntax_zh(detail: &str) -> String {
    const KNOWN: &[(&str, &str)] = &[
        ("unclosed quote", "引号没有闭合"),
        (
            "invalid indentation in quoted scalar",
            "引号没有闭合（或引号内换行后的缩进不够）",
        ),
        ("unclosed bracket", "括号没有闭合"),
        (
            "invalid trailing content after",
            "引号后多出了内容（常见原因：缺少逗号，或引号没有包住整段文字）",
        ),
        (
            "mapping values are not allowed in this context",
            "此处不能出现“字段: 值”（常见原因：文字中含冒号未加引号，或缩进不对）",
        ),
        ("expected ',' or '}'", "缺少逗号或右花括号 }"),
        ("expected ',' or ']'", "缺少逗号或右方括号 ]"),
        (
            "did not find expected key",
            "缩进没有对齐，或此处缺少“字段:”",
        ),
        (
            "did not find expected '-' indicator",
            "列表项的缩进没有对齐",
        ),
        ("did not find expected node content", "此处缺少内容"),
        (
            "unexpected character",
            "出现了不能用在这里的字符（如 @ 或 `），请给这段文字加双引号",
        ),
        ("tab", "缩进中含制表符（Tab），请改用空格"),
        (
            "unknown anchor",
            "引用了不存在的锚点（*名称 之前要有 &名称）",
        ),
        (
            "unknown escape character",
            "双引号中的反斜杠 \\ 后跟了无效字符；如需反斜杠请写两个，或改用单引号",
        ),
    ];
    KNOWN
        .iter()
        .find(|(english, _)| detail.contains(english))
        .map_or_else(
            || "语法不合规定（请对照上下文检查这一处）".to_owned(),
            |(_, zh)| (*zh).to_owned(),
        )
}
