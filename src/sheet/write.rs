//! Sheets written back as a workbook, one worksheet each, in the standard layout of its kind:
//! the Henan 部门整体自评表 of the seed sheet for departments, and the national 项目支出绩效自评表
//! (财预〔2020〕10号 annex) for projects. A blank sheet ([`Sheet::blank`]) written this way is the
//! blank form, with empty rows to fill in.
//!
//! Every text from the sheet is written as text, never as a formula: one starting with `=`, `+`,
//! `-` or `@` also gets Excel's quote prefix, so that editing the cell cannot turn it into one.
//! Figures are written as numbers when a double holds them exactly, else as text; 执行率 as a
//! number with a percent format (81.9 as 0.819 shown `81.9%`). The file is written to a
//! temporary file beside the target and renamed into place, so that a failed write never
//! leaves half a workbook where a good one was.

use std::fmt;
use std::path::Path;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::grid::number_text;
use super::{Budget, BudgetRow, Field, Indicator, Sheet, SheetKind};
use crate::diagnostic::{Finding, Pos, Severity, SourceFile};
use crate::lang::Text;
use crate::value::{self, Value};

/// Why a workbook could not be written.
#[derive(Debug, Clone)]
pub struct WriteError {
    pub findings: Vec<Finding>,
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::diagnostic::write_findings(f, &self.findings)
    }
}

impl std::error::Error for WriteError {}

/// Blank rows a blank form offers for indicators, goals and tasks.
const BLANK_INDICATORS: usize = 10;
const BLANK_TASKS: usize = 3;

/// Write `sheets` to `path` as an xlsx workbook, through [`crate::fsutil::write_file`].
pub fn write_xlsx(sheets: &[Sheet], path: &Path) -> Result<(), WriteError> {
    let mut book = workbook(sheets)?;
    let bytes = book
        .save_to_buffer()
        .map_err(|e| content_error(path, "", &e))?;
    crate::fsutil::write_bytes(path, &bytes).map_err(|e| io_error(path, &e.0))
}

/// The longest text an Excel cell holds, in UTF-16 units.
pub const EXCEL_CELL_UNITS: usize = 32_767;

/// `text` cut to at most `units` UTF-16 units, ending in "…" when cut: what an Excel cell or
/// note can hold (a message quoting a long cell may be longer).
pub fn excel_text(text: &str, units: usize) -> std::borrow::Cow<'_, str> {
    if text.len() <= units {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut used = 0;
    for (i, c) in text.char_indices() {
        used += c.len_utf16();
        if used > units.saturating_sub(1) {
            return std::borrow::Cow::Owned(format!("{}…", &text[..i]));
        }
    }
    std::borrow::Cow::Borrowed(text)
}

/// The workbook for `sheets`, not yet saved: a caller may add to it first.
pub fn workbook(sheets: &[Sheet]) -> Result<Workbook, WriteError> {
    let mut book = Workbook::new();
    let formats = Formats::new();
    for (i, sheet) in sheets.iter().enumerate() {
        let name = if i == 0 {
            "自评表".to_owned()
        } else {
            format!("自评表{}", i + 1)
        };
        let worksheet = book.add_worksheet();
        let where_ = Path::new(&*sheet.source.path);
        worksheet
            .set_name(&name)
            .map_err(|e| content_error(where_, &name, &e))?;
        let mut w = Writer {
            ws: worksheet,
            f: &formats,
            columns: table_columns(sheet),
        };
        w.sheet(sheet)
            .map_err(|e| content_error(where_, &name, &e))?;
    }
    Ok(book)
}

/// A column of the indicator table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Level1,
    Level2,
    Name,
    Op,
    Target,
    Actual,
    Unit,
    Weight,
    Score,
    Deviation,
    Reason,
}

impl Col {
    fn title(self) -> &'static str {
        match self {
            Self::Level1 => "一级指标",
            Self::Level2 => "二级指标",
            Self::Name => "三级指标",
            Self::Op => "指标性质",
            Self::Target => "年度指标值",
            Self::Actual => "实际完成值",
            Self::Unit => "计量单位",
            Self::Weight => "分值",
            Self::Score => "得分",
            Self::Deviation => "偏差度",
            Self::Reason => "偏差原因分析及改进措施",
        }
    }

    fn width(self) -> f64 {
        match self {
            Self::Name => 30.0,
            Self::Reason => 18.0,
            Self::Target | Self::Actual => 16.0,
            Self::Level1 | Self::Level2 => 12.0,
            _ => 9.0,
        }
    }
}

/// The indicator table's columns: the form's own, with 指标性质 and 计量单位 where a row has
/// them, and 偏差度 on department forms.
fn table_columns(sheet: &Sheet) -> Vec<Col> {
    let has = |f: fn(&Indicator) -> bool| sheet.indicators.iter().any(f);
    let mut columns = vec![Col::Level1, Col::Level2, Col::Name];
    if has(|i| i.op.is_some()) {
        columns.push(Col::Op);
    }
    columns.extend([Col::Target, Col::Actual]);
    if has(|i| i.unit.is_some()) {
        columns.push(Col::Unit);
    }
    columns.extend([Col::Weight, Col::Score]);
    if sheet.kind.value == SheetKind::Department || has(|i| i.deviation.is_some()) {
        columns.push(Col::Deviation);
    }
    columns.push(Col::Reason);
    columns
}

struct Formats {
    title: Format,
    subtitle: Format,
    label: Format,
    text: Format,
    quoted: Format,
    number: Format,
}

impl Formats {
    fn new() -> Self {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter);
        Self {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center),
            subtitle: Format::new().set_align(FormatAlign::Center),
            label: cell.clone().set_bold().set_align(FormatAlign::Center),
            quoted: cell.clone().set_quote_prefix(),
            number: cell.clone().set_align(FormatAlign::Center),
            text: cell,
        }
    }

    /// A percent format showing `decimals` places.
    fn percent(&self, decimals: u32) -> Format {
        let places = "0".repeat(decimals as usize);
        let code = if places.is_empty() {
            "0%".to_owned()
        } else {
            format!("0.{places}%")
        };
        self.number.clone().set_num_format(code)
    }
}

type Written = Result<(), XlsxError>;

struct Writer<'a> {
    ws: &'a mut Worksheet,
    f: &'a Formats,
    columns: Vec<Col>,
}

impl Writer<'_> {
    /// The last column of the form: the section column, then the table's.
    fn last(&self) -> u16 {
        let reason_span =
            u16::from(self.columns.last() == Some(&Col::Reason) && self.wide_reason());
        self.columns.len() as u16 + reason_span
    }

    /// The project form gives 偏差原因分析及改进措施 two columns, as the national annex does.
    fn wide_reason(&self) -> bool {
        !self.columns.contains(&Col::Deviation)
    }

    /// The column of a table column (after the section column).
    fn col(&self, which: Col) -> Option<u16> {
        self.columns
            .iter()
            .position(|c| *c == which)
            .map(|i| i as u16 + 1)
    }

    fn sheet(&mut self, sheet: &Sheet) -> Written {
        let department = sheet.kind.value == SheetKind::Department;
        let last = self.last();
        self.ws.set_column_width(0, 10.0)?;
        for (i, col) in self.columns.clone().iter().enumerate() {
            self.ws.set_column_width(i as u16 + 1, col.width())?;
        }
        let title = sheet.title.as_ref().map_or(
            if department {
                "部门整体自评表"
            } else {
                "项目支出绩效自评表"
            },
            |t| t.value.as_str(),
        );
        self.ws.merge_range(0, 0, 0, last, title, &self.f.title)?;
        self.ws.set_row_height(0, 28.0)?;
        let year = sheet.year.as_ref().map_or_else(
            || "（    年度）".to_string(),
            |y| format!("（{}年度）", y.value),
        );
        self.ws
            .merge_range(1, 0, 1, last, &year, &self.f.subtitle)?;
        let mut row = 2;
        if department {
            self.head(row, "部门（单位）名称", &sheet.entity)?;
            row += 1;
            for (label, value) in [("项目名称", &sheet.project), ("主管部门", &sheet.authority)]
            {
                if value.is_some() {
                    self.head(row, label, value)?;
                    row += 1;
                }
            }
        } else {
            self.head(row, "项目名称", &sheet.project)?;
            self.pair(
                row + 1,
                ("主管部门", &sheet.authority),
                ("实施单位", &sheet.entity),
            )?;
            row += 2;
        }
        row = self.budget(row, sheet.budget.as_ref(), department)?;
        row = self.goals(row, sheet, department)?;
        if department || !sheet.tasks.is_empty() {
            row = self.tasks(row, sheet)?;
        }
        row = self.indicators(row, &sheet.indicators)?;
        self.total(row, sheet)
    }

    /// A text cell, or a merged range of one, written as text whatever it starts with.
    fn text(&mut self, row: u32, first: u16, last: u16, text: &str) -> Written {
        self.span(row, row, first, last, text)
    }

    fn span(&mut self, top: u32, bottom: u32, first: u16, last: u16, text: &str) -> Written {
        let format = if text.starts_with(['=', '+', '-', '@']) {
            &self.f.quoted
        } else {
            &self.f.text
        };
        if top == bottom && first == last {
            self.ws.write_string_with_format(top, first, text, format)?;
        } else {
            self.ws
                .merge_range(top, first, bottom, last, text, format)?;
        }
        Ok(())
    }

    fn label(&mut self, top: u32, bottom: u32, first: u16, last: u16, text: &str) -> Written {
        if top == bottom && first == last {
            self.ws
                .write_string_with_format(top, first, text, &self.f.label)?;
        } else {
            self.ws
                .merge_range(top, first, bottom, last, text, &self.f.label)?;
        }
        Ok(())
    }

    fn field(&mut self, row: u32, first: u16, last: u16, value: Option<&Field<String>>) -> Written {
        self.text(row, first, last, value.map_or("", |v| v.value.as_str()))
    }

    /// A figure: a number when a double holds it exactly, else its text.
    fn number(
        &mut self,
        row: u32,
        col: u16,
        value: Option<&Field<Decimal>>,
        none: &str,
    ) -> Written {
        let Some(value) = value.map(|v| v.value) else {
            return self.text(row, col, col, none);
        };
        match value.to_f64() {
            Some(f) if number_text(f) == value.normalize().to_string() => {
                self.ws
                    .write_number_with_format(row, col, f, &self.f.number)?;
                Ok(())
            }
            _ => self.text(row, col, col, &value.to_string()),
        }
    }

    /// 执行率 as a percent-formatted number where it reads as a plain number or a percentage
    /// ("81.9", "81.90%"), keeping the printed decimals; otherwise as its text.
    fn rate(&mut self, row: u32, col: u16, rate: Option<&Field<String>>) -> Written {
        let Some(text) = rate.map(|r| r.value.as_str()) else {
            return self.text(row, col, col, "");
        };
        let share = match value::parse(text) {
            Value::Quantity { quantity, .. } => quantity
                .as_share()
                .and_then(|share| share.to_f64().map(|f| (f, quantity.value.scale()))),
            _ => None,
        };
        match share {
            Some((f, decimals)) => {
                let format = self.f.percent(decimals);
                self.ws.write_number_with_format(row, col, f, &format)?;
                Ok(())
            }
            None => self.text(row, col, col, text),
        }
    }

    /// A header row: its label in the first two columns, the value across the rest.
    fn head(&mut self, row: u32, label: &str, value: &Option<Field<String>>) -> Written {
        let last = self.last();
        self.label(row, row, 0, 1, label)?;
        self.field(row, 2, last, value.as_ref())
    }

    /// Two header fields side by side (主管部门 … 实施单位 …).
    fn pair(
        &mut self,
        row: u32,
        left: (&str, &Option<Field<String>>),
        right: (&str, &Option<Field<String>>),
    ) -> Written {
        let last = self.last();
        let middle = 2 + (last - 2) / 2;
        self.label(row, row, 0, 1, left.0)?;
        self.field(row, 2, middle - 1, left.1.as_ref())?;
        self.label(row, row, middle, middle + 1, right.0)?;
        self.field(row, middle + 2, last, right.1.as_ref())
    }

    fn budget(
        &mut self,
        row: u32,
        budget: Option<&Budget>,
        department: bool,
    ) -> Result<u32, XlsxError> {
        let last = self.last();
        let first = last - 5;
        let (section, total_label, defaults, none) = if department {
            (
                "部门整体支出情况",
                "部门预算总额",
                ["政府预算资金", "财政专户管理资金", "单位资金"],
                "-",
            )
        } else {
            (
                "项目资金",
                "年度资金总额",
                ["当年财政拨款", "上年结转资金", "其他资金"],
                "—",
            )
        };
        let unit = budget.map_or("万元", |b| b.unit.value.as_str());
        let names: Vec<String> = match budget {
            Some(b) => b
                .sources
                .iter()
                .map(|s| s.name.as_ref().map_or(String::new(), |n| n.value.clone()))
                .collect(),
            None => defaults.iter().map(|s| (*s).to_owned()).collect(),
        };
        let bottom = row + 1 + names.len() as u32;
        let section = if department {
            section.to_owned()
        } else {
            format!("{section}（{unit}）")
        };
        self.label(row, bottom, 0, 0, &section)?;
        self.text(row, 1, first - 1, "")?;
        for (i, title) in [
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "分值",
            "执行率",
            "得分",
        ]
        .iter()
        .enumerate()
        {
            self.label(row, row, first + i as u16, first + i as u16, title)?;
        }
        let total_label = if department {
            format!("{total_label}（{unit}）")
        } else {
            total_label.to_owned()
        };
        self.label(row + 1, row + 1, 1, first - 1, &total_label)?;
        self.figures(row + 1, first, budget.map(|b| &b.total), "")?;
        for (i, name) in names.iter().enumerate() {
            let r = row + 2 + i as u32;
            let label = match (department, i) {
                (true, 0) => format!("资金来源：（1）{name}"),
                (true, _) => format!("（{}）{name}", i + 1),
                (false, 0) => format!("其中：{name}"),
                (false, _) if super::layout::is_known_source(name) => name.clone(),
                (false, _) => format!("（{}）{name}", i + 1),
            };
            self.text(r, 1, first - 1, &label)?;
            let source = budget.and_then(|b| b.sources.get(i));
            self.figures(r, first, source, none)?;
        }
        Ok(bottom + 1)
    }

    /// A budget row's six figures from column `first`; `none` stands in a blank 分值 or 得分.
    fn figures(
        &mut self,
        row: u32,
        first: u16,
        figures: Option<&BudgetRow>,
        none: &str,
    ) -> Written {
        let get = |f: fn(&BudgetRow) -> Option<&Field<Decimal>>| figures.and_then(f);
        self.number(row, first, get(|r| r.initial.as_ref()), "")?;
        self.number(row, first + 1, get(|r| r.full_year.as_ref()), "")?;
        self.number(row, first + 2, get(|r| r.executed.as_ref()), "")?;
        self.number(row, first + 3, get(|r| r.weight.as_ref()), none)?;
        self.rate(row, first + 4, figures.and_then(|r| r.rate.as_ref()))?;
        self.number(row, first + 5, get(|r| r.score.as_ref()), none)
    }

    fn goals(&mut self, row: u32, sheet: &Sheet, department: bool) -> Result<u32, XlsxError> {
        let last = self.last();
        let middle = 1 + (last - 1) / 2;
        let count = sheet.goals.len().max(1) as u32;
        let section = if department {
            "年度履职目标"
        } else {
            "年度总体目标"
        };
        self.label(row, row + count, 0, 0, section)?;
        self.label(row, row, 1, middle, "预期目标")?;
        self.label(row, row, middle + 1, last, "实际完成情况")?;
        for i in 0..count {
            let goal = sheet.goals.get(i as usize);
            let r = row + 1 + i;
            self.field(r, 1, middle, goal.and_then(|g| g.expected.as_ref()))?;
            self.field(r, middle + 1, last, goal.and_then(|g| g.actual.as_ref()))?;
        }
        Ok(row + count + 1)
    }

    fn tasks(&mut self, row: u32, sheet: &Sheet) -> Result<u32, XlsxError> {
        let last = self.last();
        let (name_end, content_end) = (2, 2 + (last - 2) / 2);
        let count = if sheet.tasks.is_empty() {
            BLANK_TASKS as u32
        } else {
            sheet.tasks.len() as u32
        };
        self.label(row, row + count, 0, 0, "年度主要任务")?;
        self.label(row, row, 1, name_end, "任务名称")?;
        self.label(row, row, name_end + 1, content_end, "主要内容")?;
        self.label(row, row, content_end + 1, last, "实际完成情况")?;
        for i in 0..count {
            let task = sheet.tasks.get(i as usize);
            let r = row + 1 + i;
            self.field(r, 1, name_end, task.and_then(|t| t.name.as_ref()))?;
            self.field(
                r,
                name_end + 1,
                content_end,
                task.and_then(|t| t.content.as_ref()),
            )?;
            self.field(
                r,
                content_end + 1,
                last,
                task.and_then(|t| t.actual.as_ref()),
            )?;
        }
        Ok(row + count + 1)
    }

    fn indicators(&mut self, row: u32, indicators: &[Indicator]) -> Result<u32, XlsxError> {
        let last = self.last();
        let count = if indicators.is_empty() {
            BLANK_INDICATORS as u32
        } else {
            indicators.len() as u32
        };
        self.label(row, row + count, 0, 0, "绩效指标")?;
        for col in self.columns.clone() {
            let c = self.col(col).unwrap_or_default();
            let end = if col == Col::Reason { last } else { c };
            self.label(row, row, c, end, col.title())?;
        }
        let first = row + 1;
        for i in 0..count {
            let r = first + i;
            let Some(indicator) = indicators.get(i as usize) else {
                for col in self.columns.clone() {
                    let c = self.col(col).unwrap_or_default();
                    let end = if col == Col::Reason { last } else { c };
                    self.text(r, c, end, "")?;
                }
                continue;
            };
            for col in self.columns.clone() {
                let c = self.col(col).unwrap_or_default();
                match col {
                    Col::Level1 | Col::Level2 => {}
                    Col::Name => self.field(r, c, c, Some(&indicator.name))?,
                    Col::Op => self.field(r, c, c, indicator.op.as_ref())?,
                    Col::Target => self.field(r, c, c, Some(&indicator.target))?,
                    Col::Actual => self.field(r, c, c, Some(&indicator.actual))?,
                    Col::Unit => self.field(r, c, c, indicator.unit.as_ref())?,
                    Col::Weight => self.number(r, c, indicator.weight.as_ref(), "")?,
                    Col::Score => self.number(r, c, indicator.score.as_ref(), "")?,
                    Col::Deviation => self.field(r, c, c, indicator.deviation.as_ref())?,
                    Col::Reason => self.field(r, c, last, indicator.reason.as_ref())?,
                }
            }
        }
        self.levels(first, indicators)?;
        Ok(first + count)
    }

    /// 一级指标 merged down each run of rows sharing it, 二级指标 down each run sharing both.
    fn levels(&mut self, first: u32, indicators: &[Indicator]) -> Written {
        let (Some(c1), Some(c2)) = (self.col(Col::Level1), self.col(Col::Level2)) else {
            return Ok(());
        };
        let key1 = |i: &Indicator| i.level1.value.clone();
        let key2 = |i: &Indicator| {
            (
                i.level1.value.clone(),
                i.level2.as_ref().map(|l| l.value.clone()),
            )
        };
        for (start, end) in runs(indicators, key1) {
            let text = indicators[start].level1.value.clone();
            self.span(first + start as u32, first + end as u32, c1, c1, &text)?;
        }
        for (start, end) in runs(indicators, key2) {
            let text = indicators[start]
                .level2
                .as_ref()
                .map_or(String::new(), |l| l.value.clone());
            if text.is_empty() {
                for r in start..=end {
                    self.text(first + r as u32, c2, c2, "")?;
                }
            } else {
                self.span(first + start as u32, first + end as u32, c2, c2, &text)?;
            }
        }
        Ok(())
    }

    fn total(&mut self, row: u32, sheet: &Sheet) -> Written {
        let last = self.last();
        let (Some(weight), Some(score)) = (self.col(Col::Weight), self.col(Col::Score)) else {
            return Ok(());
        };
        self.label(row, row, 0, weight - 1, "总分")?;
        let total = sheet.total.as_ref();
        self.number(row, weight, total.and_then(|t| t.weight.as_ref()), "")?;
        self.number(row, score, total.and_then(|t| t.score.as_ref()), "")?;
        match total.and_then(|t| t.grade.as_ref()) {
            Some(grade) if score + 2 <= last => {
                self.label(row, row, score + 1, score + 1, "等级")?;
                self.field(row, score + 2, last, Some(grade))
            }
            _ if score < last => self.text(row, score + 1, last, ""),
            _ => Ok(()),
        }
    }
}

/// The runs of consecutive items sharing a key, as first and last index.
fn runs<T, K: PartialEq>(items: &[T], key: impl Fn(&T) -> K) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match out.last_mut() {
            Some((start, end)) if key(&items[*start]) == key(item) => *end = i,
            _ => out.push((i, i)),
        }
    }
    out
}

fn io_error(path: &Path, message: &Text) -> WriteError {
    let file = SourceFile::new(path.display().to_string(), "");
    WriteError {
        findings: vec![
            Finding::new("sheet-io", Severity::Error, message.clone(),
                Text::new(
                    "请确认目录存在、有写入权限，且文件没有在 Excel 或 WPS 中打开",
                    "check that the folder exists and is writable, and that the file is not open in Excel or WPS",
                ),
            )
            .at(&file, Pos::File),
        ],
    }
}

fn content_error(path: &Path, worksheet: &str, error: &XlsxError) -> WriteError {
    let file = SourceFile::new(path.display().to_string(), "");
    let (zh, en) = match error {
        XlsxError::MaxStringLengthExceeded => (
            "有文字超过 Excel 单元格 32767 个字符的上限".to_owned(),
            "a text is longer than an Excel cell's 32,767 characters".to_owned(),
        ),
        XlsxError::IoError(e) => {
            let reason = crate::fsutil::io_reason(e);
            (reason.zh, reason.en)
        }
        _ => (
            "内容超出 Excel 工作簿的限制".to_owned(),
            "the content is beyond what an Excel workbook holds".to_owned(),
        ),
    };
    WriteError {
        findings: vec![
            Finding::new(
                "sheet-write",
                Severity::Error,
                Text::new(
                    format!("无法写出工作表“{worksheet}”：{zh}"),
                    format!("cannot write worksheet \"{worksheet}\": {en}"),
                ),
                Text::new(
                    "请缩短过长的文字，或改用 YAML 保存该自评表",
                    "shorten the text, or keep this sheet as YAML",
                ),
            )
            .at(&file, Pos::File),
        ],
    }
}
