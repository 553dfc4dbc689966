//! From a grid to a [`Sheet`]: the form found by its printed labels, never by fixed cells,
//! as docs/sheet-format.md ("Spreadsheets") lists them.
//!
//! One pass over the worksheet finds the anchors: the title, the header labels (项目名称 …),
//! the budget block's column titles, the goals' and tasks' header rows, and the indicator
//! table's header. Each part is then read below its anchor, up to the next: `budget.rs`,
//! `blocks.rs` (goals and tasks) and `table.rs` (indicators and 总分). A worksheet without a
//! title naming a 自评表 and without an indicator header holds no form and is skipped.
//! Problems are collected, not stopped at; a missing required part says what was looked for and
//! where. Reading judges nothing: a blank cell stays blank.

mod blocks;
mod budget;
mod labels;
mod table;

use std::borrow::Cow;
use std::sync::Arc;

use rust_decimal::Decimal;

use super::grid::{CellKind, Grid};
use super::read::ReadError;
use super::workbook::skipped;
use super::{Field, Loaded, Overrides, Sheet, SheetKind, Total};
use crate::diagnostic::{Finding, Pos, Severity, SourceFile};
use crate::lang::Text;
pub(super) use labels::is_known_source;
use labels::{Block, Head, Label, Money};

/// The forms of a file's worksheets, one per worksheet that holds one.
pub(super) fn forms(
    file: &Arc<SourceFile>,
    grids: &[Grid],
    overrides: &Overrides,
) -> Result<Loaded, ReadError> {
    let mut sheets = Vec::new();
    let mut notes = Vec::new();
    let mut errors = Vec::new();
    for grid in grids {
        match recognize(grid, file, overrides) {
            Outcome::Form(sheet) => sheets.push(*sheet),
            Outcome::NotAForm => notes.push(skipped(
                file,
                grid.name(),
                &Text::new(
                    "没有自评表（既无含“自评表”的标题，也无“一级指标”“三级指标”表头）",
                    "it holds no form (no title naming a 自评表, no 一级指标/三级指标 header)",
                ),
            )),
            Outcome::Failed(findings) => errors.extend(findings),
        }
    }
    if sheets.is_empty() && errors.is_empty() {
        let names: Vec<String> = grids.iter().map(|g| format!("“{}”", g.name())).collect();
        errors.push(
            Finding::new(
                "sheet-schema",
                Severity::Error,
                Text::new(
                    format!(
                        "没有找到自评表：工作表{}中既无含“自评表”的标题，也无含“一级指标”“三级指标”的表头行",
                        names.join("")
                    ),
                    format!(
                        "no form found: worksheets {} hold neither a title naming a 自评表 nor a header row with 一级指标 and 三级指标",
                        names.join(", ")
                    ),
                ),
                Text::new(
                    "请确认选对了文件；自评表须保留印好的标题和表头（一级指标、二级指标、三级指标……）",
                    "check the file: a form keeps its printed title and headers (一级指标, 二级指标, 三级指标, …)",
                ),
            )
            .at(file, Pos::File),
        );
    }
    if errors.is_empty() {
        Ok(Loaded { sheets, notes })
    } else {
        errors.extend(notes);
        Err(ReadError { findings: errors })
    }
}

enum Outcome {
    Form(Box<Sheet>),
    NotAForm,
    Failed(Vec<Finding>),
}

/// What kind of part starts at an anchor row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Budget,
    Goals,
    Tasks,
    Table,
}

/// The anchors found in one pass over a worksheet.
#[derive(Debug, Default)]
struct Scan {
    /// The first cell that reads as a title, above every part.
    title: Option<(u32, u32)>,
    /// The header labels, first of each.
    heads: Vec<(Head, (u32, u32))>,
    /// The budget block's title row and its columns.
    budget: Option<(u32, Vec<(u32, Money)>)>,
    /// The goals' header row and its columns (预期目标, 实际完成情况).
    goals: Option<(u32, Vec<(u32, Block)>)>,
    /// The tasks' header row and its columns (任务名称, 主要内容, 实际完成情况).
    tasks: Option<(u32, Vec<(u32, Block)>)>,
    /// The first row holding an indicator level label (一级指标, 二级指标, 三级指标).
    table: Option<u32>,
    /// Every row holding one, in order: a header repeated after a page break is one.
    level_rows: Vec<u32>,
    /// Each row holding a 总分 (合计) label, with its column.
    totals: Vec<(u32, u32)>,
    /// Every row that starts a part, in order: a part runs to the next anchor of another kind.
    anchors: Vec<(u32, Part)>,
}

impl Scan {
    fn of(grid: &Grid) -> Self {
        let mut scan = Self::default();
        let mut title_area = true;
        let mut titles: Vec<(u32, u32)> = Vec::new();
        for (row, cells) in grid.rows() {
            let mut money = Vec::new();
            let mut block = Vec::new();
            let mut level = false;
            for (col, cell) in cells {
                let Some(label) = Label::of(&cell.text) else {
                    continue;
                };
                if let Some(head) = label.head()
                    && !scan.heads.iter().any(|(h, _)| *h == head)
                {
                    scan.heads.push((head, (row, *col)));
                }
                if let Some(m) = label.money()
                    && !money.iter().any(|(_, x)| *x == m)
                {
                    money.push((*col, m));
                }
                if let Some(b) = label.block()
                    && !block.iter().any(|(_, x)| *x == b)
                {
                    block.push((*col, b));
                }
                level |= label.column().is_some_and(labels::Column::is_level);
                if label.is_total() && scan.totals.last().is_none_or(|(r, _)| *r != row) {
                    scan.totals.push((row, *col));
                }
                if title_area && label.is_title() {
                    titles.push((row, *col));
                }
            }
            let is_budget = money.len() >= 3 && money.iter().any(|(_, m)| *m == Money::Executed);
            let is_goals = block.iter().any(|(_, b)| *b == Block::Expected);
            let is_tasks = block.iter().any(|(_, b)| *b == Block::TaskName);
            let part = if level {
                scan.table.get_or_insert(row);
                scan.level_rows.push(row);
                Some(Part::Table)
            } else if is_budget {
                scan.budget.get_or_insert((row, money));
                Some(Part::Budget)
            } else if is_goals {
                scan.goals.get_or_insert((row, block));
                Some(Part::Goals)
            } else if is_tasks {
                scan.tasks.get_or_insert((row, block));
                Some(Part::Tasks)
            } else {
                None
            };
            if let Some(part) = part {
                scan.anchors.push((row, part));
            }
            if part.is_some() || !scan.heads.is_empty() {
                title_area = false;
            }
        }
        scan.title = titles.into_iter().find(|&(r, _)| scan.heads_below(r));
        scan
    }

    /// Whether no header label sits in `row` or above it: a title is above the form.
    fn heads_below(&self, row: u32) -> bool {
        self.heads.iter().all(|(_, (r, _))| *r > row)
    }

    /// Whether the worksheet holds a form at all.
    fn is_form(&self) -> bool {
        self.table.is_some() || self.title.is_some()
    }

    /// The row where the part anchored at `row` ends (exclusive): the next anchor of another
    /// kind, so that a header repeated after a page break continues its part.
    fn end_of(&self, row: u32, part: Part) -> u32 {
        self.anchors
            .iter()
            .find(|(r, p)| *r > row && *p != part)
            .map_or(u32::MAX, |(r, _)| *r)
    }

    /// The rows above the first part and header label: where a title and its year are.
    fn title_rows(&self) -> u32 {
        let first_anchor = self.anchors.first().map_or(u32::MAX, |(r, _)| *r);
        let first_head = self.heads.iter().map(|(_, (r, _))| *r).min();
        first_head.map_or(first_anchor, |h| h.min(first_anchor))
    }
}

/// Read one worksheet's form.
fn recognize(grid: &Grid, file: &Arc<SourceFile>, overrides: &Overrides) -> Outcome {
    let scan = Scan::of(grid);
    if !scan.is_form() {
        return Outcome::NotAForm;
    }
    let mut cx = Context {
        grid,
        file,
        errors: Vec::new(),
        notes: Vec::new(),
        columns: super::Columns::default(),
    };
    let title = scan.title.and_then(|(r, c)| cx.text(r, c, "title"));
    let kind = kind(&mut cx, &scan, title.as_ref(), overrides);
    let year = year(&mut cx, &scan, overrides);
    let head = |cx: &mut Context<'_>, which: Head, field: &'static str| {
        let (_, (row, col)) = scan.heads.iter().find(|(h, _)| *h == which)?;
        let (value_row, value_col) = value_right_of(grid, *row, *col)?;
        cx.text(value_row, value_col, field)
    };
    let entity = head(&mut cx, Head::Entity, "entity");
    let project = head(&mut cx, Head::Project, "project");
    let authority = head(&mut cx, Head::Authority, "authority");
    let budget = budget::read(&mut cx, &scan);
    let goals = blocks::goals(&mut cx, &scan);
    let tasks = blocks::tasks(&mut cx, &scan);
    let (indicators, mut total) = table::read(&mut cx, &scan);
    // A claimed total printed in the header (自评总分(分) 97.6) where the table has no 总分 row
    // holding one.
    if total.as_ref().is_none_or(|t| t.score.is_none())
        && let Some((_, (row, col))) = scan.heads.iter().find(|(h, (r, _))| {
            *h == Head::ClaimedTotal && scan.anchors.first().is_none_or(|(a, _)| r < a)
        })
        && let Some((value_row, value_col)) = value_right_of(grid, *row, *col)
        && let Some(score) = cx.decimal(value_row, value_col, "自评总分", "total.score", None)
    {
        let total = total.get_or_insert_with(|| Total {
            weight: None,
            score: None,
            grade: None,
            pos: grid.pos(*row, *col),
        });
        total.score = Some(score);
    }
    let Some(kind) = kind else {
        return Outcome::Failed(cx.errors);
    };
    if !cx.errors.is_empty() {
        return Outcome::Failed(cx.errors);
    }
    let mut sheet = Sheet {
        source: Arc::clone(file),
        title,
        kind,
        year,
        entity,
        project,
        authority,
        budget,
        goals,
        tasks,
        indicators,
        total,
        notes: cx.notes,
        columns: cx.columns,
    };
    overrides.apply(&mut sheet);
    Outcome::Form(Box::new(sheet))
}

/// The first cell right of a label holding a value, which is not itself a label: a header
/// value often sits in a merged cell some columns away.
fn value_right_of(grid: &Grid, row: u32, col: u32) -> Option<(u32, u32)> {
    let (next, cell) = grid
        .row(row)
        .iter()
        .find(|(c, cell)| *c > col && !cell.text.trim().is_empty())?;
    (!labels::is_label(&cell.text)).then_some((row, *next))
}

/// The kind from the caller, the title (部门整体 / 项目支出), or the labels present.
fn kind(
    cx: &mut Context<'_>,
    scan: &Scan,
    title: Option<&Field<String>>,
    overrides: &Overrides,
) -> Option<Field<SheetKind>> {
    if let Some(found) =
        title.and_then(|t| labels::kind_in_title(&t.value).map(|k| Field::new(k, t.pos.clone())))
    {
        return Some(found);
    }
    let by_label = |head: Head| scan.heads.iter().find(|(h, _)| *h == head);
    let found = match (by_label(Head::Project), &scan.tasks, by_label(Head::Entity)) {
        (Some((_, (r, c))), _, _) => Some((SheetKind::Project, (*r, *c))),
        (None, Some((r, cols)), _) => Some((SheetKind::Department, (*r, cols[0].0))),
        (None, None, Some((_, (r, c)))) => Some((SheetKind::Department, (*r, *c))),
        (None, None, None) => None,
    };
    if let Some((kind, (r, c))) = found {
        return Some(Field::new(kind, cx.grid.pos(r, c)));
    }
    if let Some(kind) = overrides.kind {
        return Some(Field::new(kind, Pos::File));
    }
    cx.error(
        Pos::File,
        Text::new(
            format!(
                "无法判断工作表“{}”是哪种自评表：标题中没有“部门整体”或“项目支出”，表中也没有“项目名称”“部门（单位）名称”或“年度主要任务”",
                cx.grid.name()
            ),
            format!(
                "cannot tell the kind of the form on worksheet \"{}\": the title names neither 部门整体 nor 项目支出, and no 项目名称, 部门（单位）名称 or 年度主要任务 label is present",
                cx.grid.name()
            ),
        ),
        Text::new(
            "请保留表格印好的标题，或在命令行用 --kind department 或 --kind project 指定",
            "keep the form's printed title, or give --kind department or --kind project",
        ),
        "kind",
    );
    None
}

/// The budget year: written as `2022年` in the title rows, or in a 年度 cell above the form
/// (`年度：2022`, or the figure right of a 年度 label), or in the file's name; else the caller's.
/// A form that names no year is still read: the year is unknown, and a note says where it was
/// looked for.
fn year(cx: &mut Context<'_>, scan: &Scan, overrides: &Overrides) -> Option<Field<i32>> {
    let rows = scan.title_rows();
    let above = scan.anchors.first().map_or(u32::MAX, |(r, _)| *r);
    let cells = |limit: u32| {
        cx.grid
            .rows()
            .take_while(move |(r, _)| *r < limit)
            .flat_map(|(r, cells)| cells.iter().map(move |(c, cell)| (r, *c, cell)))
    };
    let in_title =
        cells(rows).find_map(|(r, c, cell)| labels::year_in(&cell.text).map(|y| (y, r, c)));
    let in_cell = || {
        cells(above).find_map(|(r, c, cell)| {
            if let Some(year) = labels::year_after_label(&cell.text) {
                return Some((year, r, c));
            }
            labels::is_year_label(&cell.text).then_some(())?;
            let (_, next) = value_right_of(cx.grid, r, c)?;
            let year = crate::sheet::read::number::year(cx.grid.text(r, next).trim())?;
            Some((year, r, next))
        })
    };
    if let Some((year, r, c)) = in_title.or_else(in_cell) {
        return Some(Field::new(year, cx.grid.pos(r, c)));
    }
    if let Some(year) = labels::year_in_name(&cx.file.path) {
        return Some(Field::new(year, Pos::File));
    }
    if let Some(year) = overrides.year {
        return Some(Field::new(year, Pos::File));
    }
    cx.notes.push(
        Finding::new(
            "sheet-year",
            Severity::Info,
            Text::new(
                format!(
                    "工作表“{}”没有写明年度（标题、“年度”栏和文件名中都没有），按年度未知读取",
                    cx.grid.name()
                ),
                format!(
                    "worksheet \"{}\" names no year (not in its title, a 年度 cell or the file name): read with the year unknown",
                    cx.grid.name()
                ),
            ),
            Text::new(
                "在标题中写明年度（如“2022年度部门整体自评表”），或在命令行用 --year 2022 指定",
                "write the year in the title (2022年度…), or give --year 2022",
            ),
        )
        .at(cx.file, Pos::File)
        .field("year"),
    );
    None
}

/// The worksheet being read and what was found on the way.
struct Context<'g> {
    grid: &'g Grid,
    file: &'g Arc<SourceFile>,
    errors: Vec<Finding>,
    notes: Vec<Finding>,
    /// Where the form prints its columns, as the parts are read.
    columns: super::Columns,
}

impl Context<'_> {
    fn error(&mut self, pos: Pos, message: Text, help: Text, field: impl Into<Cow<'static, str>>) {
        self.errors.push(
            Finding::new("sheet-schema", Severity::Error, message, help)
                .at(self.file, pos)
                .field(field),
        );
    }

    /// An error about one indicator row.
    fn row_error(&mut self, index: usize, pos: Pos, message: Text, field: &'static str) {
        self.errors.push(
            Finding::new(
                "sheet-schema",
                Severity::Error,
                message,
                Text::new(
                    "每行指标都要填一级指标和三级指标；合并的一级指标单元格只在最上一格写字",
                    "every indicator row needs its 一级指标 and 三级指标; a merged 一级指标 keeps its text in the top cell",
                ),
            )
            .at(self.file, pos)
            .indicator(index)
            .field(field),
        );
    }

    /// The text a cell shows, as a field, or `None` when it shows nothing. A cell that was not
    /// typed as text is noted: a date, an error value, a formula without its result.
    fn text(&mut self, row: u32, col: u32, field: &str) -> Option<Field<String>> {
        let cell = self.grid.get(row, col)?;
        let pos = self.grid.pos(row, col);
        let note = match cell.kind {
            CellKind::Date => Some((
                Text::new(
                    format!("单元格是日期格式，按 {} 读取", cell.text),
                    format!("the cell holds a date, read as {}", cell.text),
                ),
                Text::new(
                    "如原意是文字（如“2022年6月30日前”），请把单元格格式设为“文本”后重新输入",
                    "if text was meant (2022年6月30日前), format the cell as text and type it again",
                ),
            )),
            CellKind::UncachedFormula => Some((
                Text::new(
                    "公式没有保存计算结果（或结果为空），按空白读取",
                    "the formula's result was not saved (or is empty): read as blank",
                ),
                Text::new(
                    "请在 Excel 或 WPS 中打开并保存一次，让公式重新计算；或把公式改为数值",
                    "open and save the file in Excel or WPS so the formula is calculated, or type the value",
                ),
            )),
            CellKind::Error => Some((
                Text::new(
                    format!("单元格是公式错误值 {}", cell.text),
                    format!("the cell holds the error value {}", cell.text),
                ),
                Text::new(
                    "请修正公式，或填入数值",
                    "correct the formula or type the value",
                ),
            )),
            CellKind::UnknownFormat => Some((
                Text::new(
                    format!("无法读出单元格的数字格式，按数值 {} 读取", cell.text),
                    format!(
                        "the cell's number format cannot be read: read as the number {}",
                        cell.text
                    ),
                ),
                Text::new(
                    "请核对：如表中显示为百分数（如 100%）或日期，请在 Excel 或 WPS 中另存为 .xlsx 后再检查",
                    "check it: if the file shows a percentage (100%) or a date, save it as .xlsx in Excel or WPS and check again",
                ),
            )),
            CellKind::Text | CellKind::Number | CellKind::Percent | CellKind::Bool => None,
        };
        if let Some((message, help)) = note {
            self.notes.push(
                Finding::new("sheet-cell", Severity::Warning, message, help)
                    .at(self.file, pos.clone())
                    .field(Cow::Owned(field.to_owned())),
            );
        }
        (!cell.text.is_empty()).then(|| Field::new(cell.text.clone(), pos))
    }

    /// A cell text that is always present in the model: "" where the cell is empty.
    fn cell(&mut self, row: u32, col: Option<u32>, at: &Pos, field: &str) -> Field<String> {
        match col {
            Some(col) => self
                .text(row, col, field)
                .unwrap_or_else(|| Field::new(String::new(), self.grid.pos(row, col))),
            None => Field::new(String::new(), at.clone()),
        }
    }

    /// An exact decimal (分值, 得分, an amount): blank, `-` or `—` is `None`; anything else that
    /// is no number is an error at the cell. A figure may carry the unit forms print after it:
    /// `10分` is 10 points; an amount in 元, 万元 or 亿元 is converted to `money`, the block's unit.
    fn decimal(
        &mut self,
        row: u32,
        col: u32,
        what: &str,
        field: impl Into<Cow<'static, str>>,
        indicator: Option<usize>,
    ) -> Option<Field<Decimal>> {
        self.figure(row, col, what, field, indicator, None)
    }

    /// [`Context::decimal`], converting an amount written with its own unit into `money`.
    fn figure(
        &mut self,
        row: u32,
        col: u32,
        what: &str,
        field: impl Into<Cow<'static, str>>,
        indicator: Option<usize>,
        money: Option<&str>,
    ) -> Option<Field<Decimal>> {
        let field = field.into();
        let text = self.text(row, col, &field)?;
        if labels::is_dash(&text.value) {
            return None;
        }
        let written = text.value.trim();
        let (number, factor) = match money.and_then(|unit| labels::amount_unit(written, unit)) {
            Some((number, factor)) => (number, Some(factor)),
            None => (written.strip_suffix('分').unwrap_or(written), None),
        };
        let read = super::read::number::decimal(number).map(|value| {
            value.and_then(|v| match factor {
                Some(f) => v.checked_mul(f),
                None => Some(v),
            })
        });
        match read {
            Ok(value) => value.map(|v| Field::new(v, text.pos)),
            Err(error) => {
                let (message, help) = error.explain(what, what, &text.value);
                let mut finding = Finding::new("sheet-schema", Severity::Error, message, help)
                    .at(self.file, text.pos)
                    .field(field);
                if let Some(index) = indicator {
                    finding = finding.indicator(index);
                }
                self.errors.push(finding);
                None
            }
        }
    }
}
