//! Custom rules: checks a bureau writes in its scheme, in the formula language, evaluated per
//! indicator row or per sheet. Their findings are built like every built-in check's: a name,
//! a severity, a message and a help line, pointing at the row's cell.
//!
//! The figures a rule can name are listed once, in `scheme::figures`; the scheme loader checks
//! rules against those lists, so a misspelt figure is a scheme error, not a silent pass.

use std::sync::Arc;

use rust_decimal::Decimal;

use super::{Context, field_pos};
use crate::diagnostic::Finding;
use crate::engine::{Attainment, RowResult};
use crate::formula::{EvalErrorKind, Host, Value};
use crate::lang::Text;
use crate::scheme::figures::{ROW_FIGURES, SHEET_FIGURES, canonical};
use crate::scheme::{CustomRule, RuleScope};
use crate::sheet::Indicator;
use crate::value::{self, Value as Cell};

fn text(s: &str) -> Value {
    Value::Text(Arc::from(s.trim()))
}

/// A number as a formula sees it: percentages as shares (90% → 0.9).
fn number_of(cell: &Cell) -> Option<Value> {
    let q = cell.quantity()?;
    let v = if q.is_percent() {
        q.value.checked_div(Decimal::ONE_HUNDRED)?
    } else {
        q.value
    };
    Some(Value::Number(v))
}

fn call_host(name: &str, args: &[Value]) -> Option<Result<Value, Text>> {
    match (name, args) {
        ("是占位", [Value::Text(t)]) => Some(Ok(Value::Bool(value::is_placeholder(t)))),
        ("是占位", _) => Some(Err(Text::new(
            "是占位() 需要一段文字",
            "is_placeholder() takes a text",
        ))),
        _ => None,
    }
}

/// One indicator row as a formula host.
struct RowHost<'a> {
    row: &'a Indicator,
    r: &'a RowResult,
    /// The scheme's achieved (达成) band, for 已完成.
    achieved: Option<usize>,
}

impl Host for RowHost<'_> {
    fn lookup(&self, name: &str) -> Option<Value> {
        let (row, r) = (self.row, self.r);
        let quantity = || r.target.quantity();
        Some(match canonical(ROW_FIGURES, name)? {
            "level1" => text(&row.level1.value),
            "level2" => text(row.level2.as_ref().map_or("", |l| &l.value)),
            "name" => text(&row.name.value),
            "target" => text(&row.target.value),
            "actual" => text(&row.actual.value),
            "target_value" => number_of(&r.target)?,
            "actual_value" => number_of(&r.actual)?,
            "unit" => text(quantity().map_or("", |q| q.unit_symbol())),
            "op" => text(r.target.op().map_or("", |o| o.display())),
            "weight" => Value::Number(r.weight),
            "score" => Value::Number(r.claimed?),
            "computed" => Value::Number(r.computed),
            "deviation" => Value::Number(r.deviation?),
            "reason" => text(row.reason.as_ref().map_or("", |t| &t.value)),
            "quantitative" => Value::Bool(matches!(
                r.target,
                Cell::Comparison { .. } | Cell::Quantity { .. } | Cell::Range { .. }
            )),
            "qualitative" => Value::Bool(matches!(r.target, Cell::Qualitative(_))),
            "deadline" => Value::Bool(matches!(r.target, Cell::Date { .. })),
            "has_unit" => Value::Bool(match &r.target {
                Cell::Range { low, high, .. } => low.unit.is_some() || high.unit.is_some(),
                other => other.quantity().is_some_and(|q| q.unit.is_some()),
            }),
            _ => Value::Bool(match r.attainment {
                Attainment::Met => true,
                Attainment::Band(b) => Some(b) == self.achieved,
                Attainment::Unmet | Attainment::Unknown => false,
            }),
        })
    }

    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, Text>> {
        call_host(name, args)
    }
}

/// The whole sheet as a formula host; aggregates range over its rows.
struct SheetHost<'a> {
    cx: &'a Context<'a>,
}

impl Host for SheetHost<'_> {
    fn lookup(&self, name: &str) -> Option<Value> {
        let report = self.cx.report;
        Some(match canonical(SHEET_FIGURES, name)? {
            "year" => Value::Number(Decimal::from(self.cx.sheet.year.as_ref()?.value)),
            "total" => Value::Number(report.total.claimed?),
            "computed_total" => Value::Number(report.total.computed),
            "rate" => Value::Number(report.budget.rate?),
            _ => Value::Number(Decimal::from(super::indicators(self.cx).count())),
        })
    }

    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, Text>> {
        call_host(name, args)
    }

    fn for_each_row(
        &self,
        each: &mut dyn FnMut(&dyn Host) -> Result<(), crate::formula::EvalError>,
    ) -> Result<(), crate::formula::EvalError> {
        for (_, row, r) in super::indicators(self.cx) {
            each(&RowHost {
                row,
                r,
                achieved: self.cx.scheme.qualitative.achieved(),
            })?;
        }
        Ok(())
    }
}

/// Whether the rule fires on `host`: `when` holds (or is absent) and `require` does not.
/// A figure the row lacks (no number in 指标值, no claimed score) makes the rule not apply.
fn fires(rule: &CustomRule, host: &dyn Host) -> Result<bool, crate::formula::EvalError> {
    let absent = |e: &crate::formula::EvalError| e.kind == EvalErrorKind::UnknownName;
    if let Some(when) = &rule.when {
        match when.eval_bool_in(host) {
            Ok(true) => {}
            Ok(false) => return Ok(false),
            Err(e) if absent(&e) => return Ok(false),
            Err(e) => return Err(e),
        }
    }
    match rule.require.eval_bool_in(host) {
        Ok(holds) => Ok(!holds),
        Err(e) if absent(&e) => Ok(false),
        Err(e) => Err(e),
    }
}

/// `{三级指标}` and the like in a message, filled in from the row.
fn fill(template: &Text, host: &dyn Host) -> Text {
    let fill_one = |s: &str| {
        let mut out = String::with_capacity(s.len());
        let mut rest = s;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let name = &rest[open + 1..open + close];
            out.push_str(&rest[..open]);
            match host.lookup(name) {
                Some(v) => out.push_str(&v.to_string()),
                None => out.push_str(&rest[open..=open + close]),
            }
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        out
    };
    Text::new(fill_one(&template.zh), fill_one(&template.en))
}

fn failed(rule: &CustomRule, e: &crate::formula::EvalError) -> (Text, Text) {
    (
        Text::new(
            format!("自定义检查“{}”无法计算：{}", rule.name, e.message.zh),
            format!(
                "the custom check \"{}\" cannot be evaluated: {}",
                rule.name, e.message.en
            ),
        ),
        Text::new(
            "检查评分方案中该规则的公式",
            "check the rule's formulas in the scheme",
        ),
    )
}

/// Run every custom rule of the scheme the scheme leaves on.
pub fn run(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for rule in &cx.scheme.rules {
        let Some(severity) = cx.scheme.severity(&rule.name, rule.severity) else {
            continue;
        };
        match rule.scope {
            RuleScope::Indicator => {
                for (i, row, r) in super::indicators(cx) {
                    let host = RowHost {
                        row,
                        r,
                        achieved: cx.scheme.qualitative.achieved(),
                    };
                    let (message, help) = match fires(rule, &host) {
                        Ok(false) => continue,
                        Ok(true) => (fill(&rule.message, &host), fill(&rule.help, &host)),
                        Err(e) => failed(rule, &e),
                    };
                    out.push(
                        Finding::new(rule.name.clone(), severity, message, help)
                            .at(&cx.sheet.source, field_pos(cx.sheet, row, rule.field))
                            .indicator(i)
                            .field(rule.field),
                    );
                }
            }
            RuleScope::Sheet => {
                let host = SheetHost { cx };
                let (message, help) = match fires(rule, &host) {
                    Ok(false) => continue,
                    Ok(true) => (fill(&rule.message, &host), fill(&rule.help, &host)),
                    Err(e) => failed(rule, &e),
                };
                out.push(
                    Finding::new(rule.name.clone(), severity, message, help)
                        .at(&cx.sheet.source, cx.anchor()),
                );
            }
        }
    }
}
