//! OpenDocument spreadsheets (ods), read straight from their zip as xlsx is: `styles.xml` and
//! `content.xml`, each parsed once with the XML tokenizer of `xml.rs`.
//!
//! A cell shows what its value type and number style make of its value, as for xlsx: a
//! `percentage` cell as a percentage with its style's decimals (`0.819` with `0.0%` reads
//! `81.9%`), a `float` as its shortest decimal, a `date` as `YYYY-MM-DD`, a `string` as the text of
//! its paragraphs. A cell's number style is found through its cell style (`table:style-name`, else
//! the row's or column's default cell style) and that style's parents, in the automatic styles of
//! `content.xml` or the styles of `styles.xml`. A number whose style cannot be found is read as a
//! number and marked so, for a warning where the form uses it. Merged cells
//! (`number-columns-spanned`, `number-rows-spanned`) become merged ranges, repeated cells and rows
//! are repeated (empty ones only counted), hidden tables are skipped. Comments, drawings and
//! footnotes in a cell are not its text.

use std::collections::{HashMap, HashSet};

use super::xlsx::{Parts, Xml, Zip};
use super::xml::{self, Attributes, Event, Tag, attribute};
use super::{Book, Budget, SheetError, keep, refused, uncached};
use crate::sheet::grid::{self, Cell, CellKind, Grid, Merge};
use crate::sheet::read::ReadError;

/// How deep a chain of parent cell styles is followed: LibreOffice writes two or three.
const MAX_STYLE_DEPTH: usize = 16;
/// The most spaces one `text:s` stands for: a count cannot make a cell's text without end.
const MAX_SPACES: usize = 1024;

/// Read every visible table of an ods into `book`.
pub(super) fn read(
    zip: &mut Zip<'_>,
    book: &mut Book,
    budget: &mut Budget,
) -> Result<(), ReadError> {
    let file = std::sync::Arc::clone(&book.file);
    let parts = &mut Parts::new(zip);
    let mut styles = Styles::default();
    if let Some(bytes) = parts
        .get("styles.xml")
        .map_err(|e| refused(&file, None, e))?
    {
        let mut xml = Xml::new(bytes, "styles.xml").map_err(|e| refused(&file, None, e))?;
        while styles
            .next(&mut xml)
            .map_err(|e| refused(&file, None, e))?
            .is_some()
        {}
    }
    let Some(bytes) = parts
        .get("content.xml")
        .map_err(|e| refused(&file, None, e))?
    else {
        return Err(refused(
            &file,
            None,
            SheetError::Damaged("content.xml is missing".to_owned()),
        ));
    };
    let mut xml = Xml::new(bytes, "content.xml").map_err(|e| refused(&file, None, e))?;
    loop {
        let tag = match styles.next(&mut xml) {
            Ok(Some(tag)) => tag,
            Ok(None) => return Ok(()),
            Err(e) => return Err(refused(&file, None, e)),
        };
        if tag.local_name() != "table" {
            continue;
        }
        let name = match attribute(&tag, "table:name") {
            Some(name) => xml::attribute_value(name)
                .map_err(|e| refused(&file, None, xml.damaged(format!("table name ({e})"))))?,
            None => String::new(),
        };
        let hidden = attribute(&tag, "table:style-name").is_some_and(|s| styles.hidden.contains(s));
        if !keep(book, &name, true, !hidden) {
            xml.skip().map_err(|e| refused(&file, None, e))?;
            continue;
        }
        let grid = Table::new(&name, &styles)
            .read(&mut xml, budget)
            .map_err(|e| refused(&file, Some(&name), e))?;
        book.grids.push(grid);
    }
}

/// What a number style does to a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumberStyle {
    /// A percentage with this many decimals.
    Percent(u32),
    /// A date or a time.
    Date,
    Other,
}

/// What a cell's style makes of a number: its number style, `None` when there is none, or
/// `Err` when the style names one that is not in the file.
type Shown = Result<Option<NumberStyle>, ()>;

/// The styles of both parts: number styles, cell styles and hidden tables, by name.
#[derive(Default)]
struct Styles {
    numbers: HashMap<String, NumberStyle>,
    /// Each cell style's data style and parent, as named.
    cells: HashMap<String, (Option<String>, Option<String>)>,
    /// The table styles that hide their table.
    hidden: HashSet<String>,
    /// The number style being read, with its name.
    number: Option<(String, NumberStyle)>,
    /// The table style being read.
    table_style: Option<String>,
}

impl Styles {
    /// Read style elements up to the next start of a table (returned) or the end of the part
    /// (`None`).
    fn next<'a>(&mut self, xml: &mut Xml<'a>) -> Result<Option<Tag<'a>>, SheetError> {
        loop {
            let (tag, empty) = match xml.next()? {
                Event::Start(tag) => (tag, false),
                Event::Empty(tag) => (tag, true),
                Event::End(name) => {
                    self.end(xml::local(name));
                    continue;
                }
                Event::Eof => return Ok(None),
                _ => continue,
            };
            match tag.local_name() {
                "table" if tag_prefix(&tag) == "table" && !empty => return Ok(Some(tag)),
                "percentage-style" | "date-style" | "time-style" | "number-style"
                | "currency-style" | "boolean-style" | "text-style" => {
                    let name = style_name(&tag, xml)?;
                    let style = match tag.local_name() {
                        "percentage-style" => NumberStyle::Percent(0),
                        "date-style" | "time-style" => NumberStyle::Date,
                        _ => NumberStyle::Other,
                    };
                    if empty {
                        self.numbers.insert(name, style);
                    } else {
                        self.number = Some((name, style));
                    }
                }
                "number" => {
                    if let Some((_, NumberStyle::Percent(decimals))) = &mut self.number
                        && let Some(places) = attribute(&tag, "number:decimal-places")
                    {
                        *decimals = places.parse().unwrap_or(0).min(30);
                    }
                }
                "style" => {
                    let name = style_name(&tag, xml)?;
                    match attribute(&tag, "style:family") {
                        Some("table-cell") => {
                            let named = |key: &str| {
                                attribute(&tag, key).map(xml::attribute_value).transpose()
                            };
                            let data = named("style:data-style-name");
                            let parent = named("style:parent-style-name");
                            let (Ok(data), Ok(parent)) = (data, parent) else {
                                return Err(xml.damaged(format!("cell style \"{name}\"")));
                            };
                            self.cells.insert(name, (data, parent));
                        }
                        Some("table") if !empty => self.table_style = Some(name),
                        _ => {}
                    }
                }
                "table-properties" => {
                    if let Some(style) = &self.table_style
                        && attribute(&tag, "table:display") == Some("false")
                    {
                        self.hidden.insert(style.clone());
                    }
                }
                _ => {}
            }
        }
    }

    fn end(&mut self, local: &str) {
        match local {
            "percentage-style" | "date-style" | "time-style" | "number-style"
            | "currency-style" | "boolean-style" | "text-style" => {
                if let Some((name, style)) = self.number.take() {
                    self.numbers.insert(name, style);
                }
            }
            "style" => self.table_style = None,
            _ => {}
        }
    }

    /// The number style a cell style shows numbers with, through its parents.
    fn shown(&self, cell_style: &str) -> Shown {
        let mut name = cell_style;
        for _ in 0..MAX_STYLE_DEPTH {
            let (data, parent) = self.cells.get(name).ok_or(())?;
            if let Some(data) = data {
                return self.numbers.get(data).copied().map(Some).ok_or(());
            }
            match parent {
                Some(parent) => name = parent,
                None => return Ok(None),
            }
        }
        Err(())
    }
}

/// The prefix of a tag's name: `table` of `table:table`.
fn tag_prefix<'a>(tag: &Tag<'a>) -> &'a str {
    let name = tag.name();
    name.find(':').map_or("", |colon| &name[..colon])
}

fn style_name(tag: &Tag<'_>, xml: &Xml<'_>) -> Result<String, SheetError> {
    let name = attribute(tag, "style:name").unwrap_or_default();
    xml::attribute_value(name).map_err(|e| xml.damaged(format!("style name \"{name}\" ({e})")))
}

/// One table being read.
struct Table<'s> {
    styles: &'s Styles,
    grid: Grid,
    /// Each run of columns with a default cell style: first column, last column, style.
    columns: Vec<(u32, u32, String)>,
    /// Each cell style's number style, once looked up.
    shown: HashMap<String, Shown>,
    text: String,
}

/// A cell as read, before it is put in its row's places.
struct Read {
    cell: Option<Cell>,
    repeat: u32,
    span: (u32, u32),
}

impl<'s> Table<'s> {
    fn new(name: &str, styles: &'s Styles) -> Self {
        Self {
            styles,
            grid: Grid::new(name),
            columns: Vec::new(),
            shown: HashMap::new(),
            text: String::new(),
        }
    }

    /// Read the table just opened, to its end.
    fn read(mut self, xml: &mut Xml<'_>, budget: &mut Budget) -> Result<Grid, SheetError> {
        let (mut row, mut col) = (0u32, 0u32);
        loop {
            let (tag, empty) = match xml.next()? {
                Event::Start(tag) => (tag, false),
                Event::Empty(tag) => (tag, true),
                Event::End(name) if xml::local(name) == "table" => break,
                Event::Eof => return Err(xml.damaged("end of the part".to_owned())),
                _ => continue,
            };
            match tag.local_name() {
                "table-column" => {
                    let repeat = repeated(&tag, "table:number-columns-repeated");
                    if let Some(style) = attribute(&tag, "table:default-cell-style-name") {
                        let last = col.saturating_add(repeat - 1);
                        self.columns.push((col, last, style.to_owned()));
                    }
                    col = col.saturating_add(repeat);
                    if !empty {
                        xml.skip()?;
                    }
                }
                "table-row" => {
                    let repeat = repeated(&tag, "table:number-rows-repeated");
                    let style = attribute(&tag, "table:default-cell-style-name");
                    let cells = if empty {
                        Vec::new()
                    } else {
                        self.row(xml, style)?
                    };
                    self.place(row, repeat, &cells, budget)?;
                    row = row.saturating_add(repeat);
                }
                // Groups of rows or columns hold rows or columns.
                "table-header-rows"
                | "table-row-group"
                | "table-rows"
                | "table-header-columns"
                | "table-column-group"
                | "table-columns" => {}
                _ if !empty => xml.skip()?,
                _ => {}
            }
        }
        self.grid.finish();
        Ok(self.grid)
    }

    /// The cells of the row just opened, to its end, each with its column.
    fn row(
        &mut self,
        xml: &mut Xml<'_>,
        row_style: Option<&str>,
    ) -> Result<Vec<(u32, Read)>, SheetError> {
        let mut cells = Vec::new();
        let mut col = 0u32;
        loop {
            let (tag, empty) = match xml.next()? {
                Event::Start(tag) => (tag, false),
                Event::Empty(tag) => (tag, true),
                Event::End(_) => return Ok(cells),
                Event::Eof => return Err(xml.damaged("end of the part".to_owned())),
                _ => continue,
            };
            match tag.local_name() {
                "table-cell" | "covered-table-cell" => {
                    let read = self.cell(xml, &tag, empty, col, row_style)?;
                    let next = col.saturating_add(read.repeat);
                    if read.cell.is_some() || read.span != (1, 1) {
                        cells.push((col, read));
                    }
                    col = next;
                }
                _ if !empty => xml.skip()?,
                _ => {}
            }
        }
    }

    /// Put a row's cells in the grid, `repeat` times from `row`.
    fn place(
        &mut self,
        row: u32,
        repeat: u32,
        cells: &[(u32, Read)],
        budget: &mut Budget,
    ) -> Result<(), SheetError> {
        if cells.is_empty() {
            return Ok(());
        }
        for r in 0..repeat {
            let at = row.saturating_add(r);
            for (col, read) in cells {
                for c in 0..read.repeat {
                    let col = col.saturating_add(c);
                    if let Some(cell) = &read.cell {
                        budget.take(cell, at, col)?;
                        self.grid.set(at, col, cell.clone());
                    }
                    if read.span != (1, 1) {
                        budget.take(&uncached(), at, col)?;
                        self.grid.add_merge(Merge {
                            first: (at, col),
                            last: (
                                at.saturating_add(read.span.0 - 1),
                                col.saturating_add(read.span.1 - 1),
                            ),
                        });
                    }
                }
            }
        }
        Ok(())
    }

    /// One cell just opened: what it shows, how often it repeats, what it spans.
    fn cell(
        &mut self,
        xml: &mut Xml<'_>,
        tag: &Tag<'_>,
        empty: bool,
        col: u32,
        row_style: Option<&str>,
    ) -> Result<Read, SheetError> {
        let mut value_type = None;
        let mut error = false;
        let mut value = None;
        let mut string = None;
        let mut formula = false;
        let mut style = None;
        for (key, v) in Attributes::of(tag) {
            match key {
                "office:value-type" => value_type = Some(v),
                "calcext:value-type" => error = v == "error",
                "office:value"
                | "office:date-value"
                | "office:time-value"
                | "office:boolean-value" => value = Some(v),
                "office:string-value" => string = Some(v),
                "table:formula" => formula = true,
                "table:style-name" => style = Some(v),
                _ => {}
            }
        }
        let repeat = repeated(tag, "table:number-columns-repeated");
        let span = if tag.local_name() == "table-cell" {
            (
                repeated(tag, "table:number-rows-spanned"),
                repeated(tag, "table:number-columns-spanned"),
            )
        } else {
            (1, 1)
        };
        self.text.clear();
        if !empty {
            paragraphs(xml, &mut self.text)?;
        }
        if let Some(s) = string {
            self.text =
                xml::attribute_value(s).map_err(|e| xml.damaged(format!("string value ({e})")))?;
        }
        let style = style
            .or(row_style)
            .or_else(|| self.column_style(col))
            .map(str::to_owned);
        let cell = if error {
            Some(Cell {
                text: self.text.clone(),
                kind: CellKind::Error,
            })
        } else {
            self.shown(xml, value_type, value, style.as_deref())?
        };
        let cell = match cell {
            Some(cell) if !cell.text.is_empty() => Some(cell),
            _ if formula => Some(uncached()),
            _ => None,
        };
        Ok(Read { cell, repeat, span })
    }

    /// What a cell of `value_type` with `value` (or its text) shows in `style`.
    fn shown(
        &mut self,
        xml: &Xml<'_>,
        value_type: Option<&str>,
        value: Option<&str>,
        style: Option<&str>,
    ) -> Result<Option<Cell>, SheetError> {
        let number = |v: Option<&str>| -> Result<(String, f64), SheetError> {
            let v = v.unwrap_or_default().trim();
            v.parse::<f64>()
                .map(|n| (v.to_owned(), n))
                .map_err(|_| xml.damaged(format!("number \"{v}\"")))
        };
        let (text, kind) = match value_type {
            Some("float" | "currency") => {
                let (written, n) = number(value)?;
                let plain = || match grid::is_number_text(&written) {
                    true => written.clone(),
                    false => grid::number_text(n),
                };
                match self.number_style(style) {
                    Ok(Some(NumberStyle::Percent(decimals))) => {
                        (grid::percent_text(n, decimals), CellKind::Percent)
                    }
                    Ok(_) => (plain(), CellKind::Number),
                    Err(()) => (plain(), CellKind::UnknownFormat),
                }
            }
            Some("percentage") => {
                let (_, n) = number(value)?;
                let decimals = match self.number_style(style) {
                    Ok(Some(NumberStyle::Percent(decimals))) => decimals,
                    _ => 0,
                };
                (grid::percent_text(n, decimals), CellKind::Percent)
            }
            Some("date") => {
                let v = value.unwrap_or_default();
                let text = match v.strip_suffix("T00:00:00") {
                    Some(date) => date.to_owned(),
                    None => v.replacen('T', " ", 1),
                };
                (text, CellKind::Date)
            }
            Some("time") => (value.unwrap_or_default().to_owned(), CellKind::Date),
            Some("boolean") => {
                let v = value.unwrap_or_default();
                let b = v.eq_ignore_ascii_case("true") || v == "1";
                (if b { "TRUE" } else { "FALSE" }.to_owned(), CellKind::Bool)
            }
            _ => (self.text.clone(), CellKind::Text),
        };
        Ok(Some(Cell { text, kind }))
    }

    /// The number style of a cell style, looked up once per style name.
    fn number_style(&mut self, style: Option<&str>) -> Shown {
        let Some(style) = style else {
            return Ok(None);
        };
        if let Some(found) = self.shown.get(style) {
            return *found;
        }
        let found = self.styles.shown(style);
        self.shown.insert(style.to_owned(), found);
        found
    }

    /// The default cell style of a column.
    fn column_style(&self, col: u32) -> Option<&str> {
        let i = self.columns.partition_point(|(_, last, _)| *last < col);
        self.columns
            .get(i)
            .filter(|(first, _, _)| *first <= col)
            .map(|(_, _, style)| style.as_str())
    }
}

/// A count attribute (`number-columns-repeated` and the like), at least 1.
fn repeated(tag: &Tag<'_>, name: &str) -> u32 {
    attribute(tag, name)
        .and_then(|v| v.trim().parse::<u32>().ok())
        .unwrap_or(1)
        .max(1)
}

/// The text of the cell just opened, to its end, onto `out`: its paragraphs joined by line
/// breaks; white space collapsed as OpenDocument reads it, `text:s`, `text:tab` and
/// `text:line-break` as the spaces, tab and line break they stand for; comments, notes,
/// drawings and tables inside the cell left out.
fn paragraphs(xml: &mut Xml<'_>, out: &mut String) -> Result<(), SheetError> {
    let mut depth = 0usize;
    let mut paragraphs = 0usize;
    loop {
        let (tag, empty) = match xml.next()? {
            Event::Start(tag) => (tag, false),
            Event::Empty(tag) => (tag, true),
            Event::Text(t) if depth > 0 => {
                let start = out.len();
                xml::text(t, out).map_err(|what| xml.damaged(what))?;
                collapse(out, start);
                if out.len() > super::MAX_TEXT_BYTES {
                    return Err(SheetError::TooMuchText);
                }
                continue;
            }
            Event::CData(t) if depth > 0 => {
                xml::cdata(t, out);
                continue;
            }
            Event::End(_) if depth == 0 => return Ok(()),
            Event::End(_) => {
                depth -= 1;
                continue;
            }
            Event::Eof => return Err(xml.damaged("end of the part".to_owned())),
            _ => continue,
        };
        match tag.local_name() {
            "p" | "h" if depth == 0 => {
                if paragraphs > 0 {
                    out.push('\n');
                }
                paragraphs += 1;
            }
            "s" => {
                let count = attribute(&tag, "text:c")
                    .and_then(|c| c.parse::<usize>().ok())
                    .unwrap_or(1);
                out.extend(std::iter::repeat_n(' ', count.min(MAX_SPACES)));
            }
            "tab" => out.push('\t'),
            "line-break" => out.push('\n'),
            "annotation" | "note" | "frame" | "table" | "shapes" | "custom-shape" | "g"
            | "rect" | "line" | "ellipse" | "image" => {
                if !empty {
                    xml.skip()?;
                }
                continue;
            }
            _ => {}
        }
        if !empty {
            depth += 1;
        }
    }
}

/// Collapse each run of white space in `out[start..]` to one space, as OpenDocument reads the
/// text of a paragraph (a space meant twice is written `text:s`).
fn collapse(out: &mut String, start: usize) {
    let tail = &out[start..];
    if !tail.contains(['\t', '\r', '\n', ' ']) {
        return;
    }
    let mut collapsed = String::with_capacity(tail.len());
    // White space at the start of a paragraph or line is dropped.
    let mut space = start == 0 || out[..start].ends_with('\n');
    for c in tail.chars() {
        if matches!(c, ' ' | '\t' | '\r' | '\n') {
            if !space {
                collapsed.push(' ');
            }
            space = true;
        } else {
            collapsed.push(c);
            space = false;
        }
    }
    out.truncate(start);
    out.push_str(&collapsed);
}
