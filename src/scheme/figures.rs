//! The figures a scheme's formulas may name, each with its Chinese and English spellings:
//! the budget block's (for budget and derived formulas), an indicator row's and the whole
//! sheet's (for custom rules), and the functions a custom rule may call beyond the built-in
//! ones. The loader checks every formula against these lists, so a misspelt figure is a
//! scheme error; the engine and the custom-rule host look figures up here, so each name is
//! listed once.

use crate::formula::HostFunction;

/// Names a budget formula may use, with their English spellings: (name, canonical key).
pub const BUDGET_FIGURES: &[(&str, &str)] = &[
    ("年初预算数", "initial"),
    ("initial", "initial"),
    ("全年预算数", "full_year"),
    ("调整后预算数", "full_year"),
    ("full_year", "full_year"),
    ("全年执行数", "executed"),
    ("executed", "executed"),
    ("执行率", "rate"),
    ("rate", "rate"),
    ("分值", "weight"),
    ("weight", "weight"),
];

/// The canonical key of a budget figure name.
pub fn budget_figure(name: &str) -> Option<&'static str> {
    BUDGET_FIGURES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, k)| *k)
}

/// Figures of one indicator row: (name, canonical key). Chinese and English spellings.
pub const ROW_FIGURES: &[(&str, &str)] = &[
    ("一级指标", "level1"),
    ("level1", "level1"),
    ("二级指标", "level2"),
    ("level2", "level2"),
    ("三级指标", "name"),
    ("name", "name"),
    ("年度指标值", "target"),
    ("target", "target"),
    ("实际完成值", "actual"),
    ("actual", "actual"),
    ("指标值", "target_value"),
    ("target_value", "target_value"),
    ("完成值", "actual_value"),
    ("actual_value", "actual_value"),
    ("单位", "unit"),
    ("unit", "unit"),
    ("比较符", "op"),
    ("op", "op"),
    ("分值", "weight"),
    ("weight", "weight"),
    ("得分", "score"),
    ("score", "score"),
    ("复核得分", "computed"),
    ("computed", "computed"),
    ("偏差度", "deviation"),
    ("deviation", "deviation"),
    ("偏差原因", "reason"),
    ("reason", "reason"),
    ("是定量", "quantitative"),
    ("quantitative", "quantitative"),
    ("是定性", "qualitative"),
    ("qualitative", "qualitative"),
    ("是时间", "deadline"),
    ("deadline", "deadline"),
    ("有单位", "has_unit"),
    ("has_unit", "has_unit"),
    ("已完成", "met"),
    ("met", "met"),
];

/// Figures of the whole sheet, beside aggregates over its rows.
pub const SHEET_FIGURES: &[(&str, &str)] = &[
    ("年度", "year"),
    ("year", "year"),
    ("总分", "total"),
    ("total", "total"),
    ("复核总分", "computed_total"),
    ("computed_total", "computed_total"),
    ("执行率", "rate"),
    ("rate", "rate"),
    ("指标数", "indicators"),
    ("indicators", "indicators"),
];

/// Functions a rule may call beyond the built-in ones.
pub const HOST_FUNCTIONS: &[HostFunction] = &[HostFunction {
    name: "是占位",
    aliases: &["is_placeholder"],
    min_args: 1,
    max_args: 1,
}];

/// The canonical key of a figure name in `table`.
pub fn canonical(table: &[(&str, &'static str)], name: &str) -> Option<&'static str> {
    table.iter().find(|(n, _)| *n == name).map(|(_, k)| *k)
}
