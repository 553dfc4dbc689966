//! Findings for people: miette's graphical diagnostics, with columns in characters.
//!
//! miette counts the header column in bytes; Chinese text makes that visibly wrong, so the
//! source handed to miette is wrapped to report character columns.

use std::fmt;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::escape::{needs_escape, visible};
use super::window::{Window, window};
use crate::diagnostic::{Finding, Pos, Severity};
use crate::lang::Lang;
use crate::sheet::Sheet;

/// The lines of a file shown under a finding: a [`Window`] cut around the span, whose span
/// contents report the file's lines and the span's column in characters (miette counts
/// bytes, and would count them in the window).
struct Windowed {
    name: String,
    window: Window,
}

impl SourceCode for Windowed {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, miette::MietteError> {
        let text = self.window.text.as_str();
        let inner = text.read_span(span, before, after)?;
        let first = crate::text::floor_char_boundary(text, inner.span().offset());
        let column = if first == self.window.start {
            self.window.column
        } else {
            let line_start = text[..first].rfind('\n').map_or(0, |i| i + 1);
            text[line_start..first].chars().count()
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.window.first_line,
            column,
            inner.line_count(),
        )))
    }
}

/// A finding as a miette diagnostic, in one language.
struct Rendered<'a> {
    finding: &'a Finding,
    lang: Lang,
    source: Option<Windowed>,
    label: Option<(usize, usize, String)>,
}

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&visible(self.finding.message.get(self.lang)))
    }
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&visible(self.finding.message.get(self.lang)))
    }
}

impl std::error::Error for Rendered<'_> {}

impl Diagnostic for Rendered<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.finding.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let prefix = match self.lang {
            Lang::Zh => "整改建议：",
            Lang::En => "",
        };
        Some(Box::new(format!(
            "{prefix}{}",
            visible(self.finding.help.get(self.lang))
        )))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let (start, len, text) = self.label.clone()?;
        let text = (!text.is_empty()).then_some(text);
        Some(Box::new(std::iter::once(LabeledSpan::new(
            text, start, len,
        ))))
    }
}

/// How a field is named on the form, for the label under it.
fn field_label(field: Option<&str>, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let name = match field.unwrap_or_default() {
        "target" if zh => "年度指标值",
        "actual" if zh => "实际完成值",
        "score" if zh => "得分",
        "weight" if zh => "分值",
        "deviation" if zh => "偏差度",
        "reason" if zh => "偏差原因",
        "name" if zh => "三级指标",
        "level1" if zh => "一级指标",
        "budget.total.rate" if zh => "执行率",
        "budget.total.score" if zh => "预算执行得分",
        "budget.total.weight" if zh => "预算执行分值",
        "total.score" if zh => "总分",
        "total.grade" if zh => "等级",
        "total.weight" if zh => "总分分值",
        "budget.total" if zh => "预算总额",
        "budget.total.initial" if zh => "年初预算数",
        "budget.total.full_year" if zh => "全年预算数",
        "budget.total.executed" if zh => "全年执行数",
        "indicators" if zh => "绩效指标",
        "level2" if zh => "二级指标",
        "target" => "target",
        "actual" => "actual",
        "score" => "score",
        "weight" => "weight",
        "deviation" => "deviation",
        "reason" => "reason",
        "name" => "indicator",
        "" => "",
        other if zh => other,
        other => other,
    };
    name.to_string()
}

/// The most characters of a cell shown in a row view.
const ROW_CELL_CHARS: usize = 80;

/// The length of the YAML/JSON scalar starting at `offset`, to underline the whole value
/// (looked for in the next 64 KiB only: the window shows less).
fn scalar_len(text: &str, offset: usize) -> usize {
    let rest = &text[offset.min(text.len())..];
    let rest = &rest[..crate::text::floor_char_boundary(rest, 64 * 1024)];
    let quoted = text[..offset.min(text.len())].ends_with(['"', '\'']);
    let end = if quoted {
        let quote = text[..offset].chars().next_back().unwrap_or('"');
        rest.find(quote).unwrap_or(rest.len())
    } else {
        rest.find([',', '}', ']', '\n', '#']).unwrap_or(rest.len())
    };
    rest[..end].trim_end().len()
}

/// A finding on a spreadsheet row, shown as the row's cells with the involved one underlined
/// (and the part of it the finding is about, when it has a span):
///
/// ```text
///     │ 三级指标 预算执行率 │ 年度指标值 ≥90% │ 实际完成值 100% │ 分值 1 │ 得分 1
///     │                                          ────
///     │                                          实际完成值
/// ```
fn row_view(sheet: &Sheet, f: &Finding, lang: Lang) -> Option<String> {
    use unicode_width::UnicodeWidthStr;
    let row = sheet.indicators.get(f.indicator?)?;
    let text = |o: &Option<crate::sheet::Field<String>>| o.as_ref().map(|x| x.value.clone());
    let num = |o: &Option<crate::sheet::Field<rust_decimal::Decimal>>| {
        o.as_ref().map(|x| x.value.normalize().to_string())
    };
    let cells: Vec<(&str, Option<String>)> = vec![
        ("name", Some(row.name.value.clone())),
        ("target", Some(row.target.value.clone())),
        ("actual", Some(row.actual.value.clone())),
        ("weight", num(&row.weight)),
        ("score", num(&row.score)),
        ("deviation", text(&row.deviation)),
        ("reason", text(&row.reason)),
    ];
    let field = f.field.as_deref()?;
    let mut line = String::new();
    let mut mark = None;
    for (key, value) in cells {
        let Some(value) = value else { continue };
        // A long or unprintable cell is shown cut and escaped, underlined whole.
        let plain = value.chars().count() <= ROW_CELL_CHARS && !value.chars().any(needs_escape);
        let value = if plain {
            value
        } else {
            let mut cut: String = value.chars().take(ROW_CELL_CHARS).collect();
            if cut.len() < value.len() {
                cut.push('…');
            }
            visible(&cut).into_owned()
        };
        if !line.is_empty() {
            line.push_str(" │ ");
        }
        line.push_str(&field_label(Some(key), lang));
        line.push(' ');
        if key == field {
            let (before, part) = match &f.span {
                Some(span)
                    if plain
                        && span.end <= value.len()
                        && value.is_char_boundary(span.start)
                        && value.is_char_boundary(span.end) =>
                {
                    (&value[..span.start], &value[span.start..span.end])
                }
                _ => ("", value.as_str()),
            };
            mark = Some((line.width() + before.width(), part.width().max(1)));
        }
        line.push_str(&value);
    }
    let (column, width) = mark?;
    Some(format!(
        "    │ {line}\n    │ {}{}\n    │ {}{}\n",
        " ".repeat(column),
        "─".repeat(width),
        " ".repeat(column),
        field_label(Some(field), lang)
    ))
}

/// Render findings with miette's graphical handler (fixed theme and width when `plain`).
/// `sheet`, when given, lets findings on spreadsheet cells show their row.
pub fn render(findings: &[Finding], lang: Lang, plain: bool, sheet: Option<&Sheet>) -> String {
    let handler = if plain {
        GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
            .with_width(100)
            .with_links(false)
    } else {
        GraphicalReportHandler::new()
    };
    let mut out = String::new();
    for f in findings {
        let (source, label) = match (&f.file, &f.pos) {
            (
                Some(file),
                Pos::Text {
                    offset,
                    line,
                    column,
                },
            ) if !file.text.is_empty() => {
                let offset = (*offset).min(file.text.len());
                let (start, len) = match f.span_in_file() {
                    Some(found) => (found.start, found.len()),
                    None => (offset, scalar_len(&file.text, offset)),
                };
                let known = (offset, line.saturating_sub(1), column.saturating_sub(1));
                let window = window(&file.text, start, len, known);
                let label = (
                    window.start,
                    window.len,
                    field_label(f.field.as_deref(), lang),
                );
                (
                    Some(Windowed {
                        name: visible(&file.path).into_owned(),
                        window,
                    }),
                    Some(label),
                )
            }
            _ => (None, None),
        };
        let rendered = Rendered {
            finding: f,
            lang,
            source,
            label,
        };
        let _ = handler.render_report(&mut out, &rendered);
        // Without source text to show (a whole file, a spreadsheet cell), say where in words.
        if rendered.source.is_none() && f.file.is_some() {
            out.push_str(&match lang {
                Lang::Zh => format!("  位置：{}\n", visible(&f.location_text())),
                Lang::En => format!("  at: {}\n", visible(&f.location_text())),
            });
            if let Some(view) = sheet.and_then(|s| row_view(s, f, lang)) {
                out.push_str(&view);
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Severity, SourceFile};
    use crate::lang::Text;

    #[test]
    fn a_cell_finding_shows_its_row_with_the_cell_underlined() {
        let text = "format: sheet/1\nkind: department\nyear: 2022\nindicators:\n  - {level1: 投入管理指标, name: 预算执行率, target: \"≥90%\", actual: \"≥9O%\", weight: 1, score: 1}\n";
        let sheet = crate::sheet::read_yaml("x.yaml", text).unwrap();
        let file = SourceFile::new("x.xlsx", "");
        let finding = Finding::new(
            "actual-unparsed",
            Severity::Error,
            Text::new("无法识别", "unreadable"),
            Text::new("改正", "fix"),
        )
        .at(
            &file,
            Pos::Cell {
                sheet: "自评表".into(),
                row: 11,
                col: 5,
            },
        )
        .indicator(0)
        .field("actual")
        .span(4..6);
        let out = render(&[finding], Lang::Zh, true, Some(&sheet));
        assert!(out.contains("  位置：x.xlsx 自评表!F12\n"), "{out}");
        // 实际完成值's text starts at display column 51 (Han characters are two columns wide);
        // the span 4..6 is "O%", after "≥9".
        let pad = " ".repeat(53);
        let expected = format!(
            "    │ 三级指标 预算执行率 │ 年度指标值 ≥90% │ 实际完成值 ≥9O% │ 分值 1 │ 得分 1\n    │ {pad}──\n    │ {pad}实际完成值\n"
        );
        assert!(out.contains(&expected), "{out}");
    }
}
