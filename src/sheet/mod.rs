//! The sheet model: one filled-in 绩效自评表, as format sheet/1 describes it
//! (../shared/sheet-format.md), with every field remembering where it came from.
//!
//! Readers (YAML and JSON in `read`, spreadsheets later) produce a [`Sheet`]; nothing here
//! scores or judges. Cell texts stay text: the value grammar reads them later.

mod emit;
mod read;

use std::sync::Arc;

use rust_decimal::Decimal;

use crate::diagnostic::{Pos, SourceFile};
pub use emit::{to_json, to_yaml};
pub use read::{MAX_FILE_BYTES, ReadError, read_bytes, read_json, read_path, read_yaml};

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Field<T> {
    pub value: T,
    pub pos: Pos,
}

impl<T> Field<T> {
    pub fn new(value: T, pos: Pos) -> Self {
        Self { value, pos }
    }
}

/// 部门整体支出 or 项目支出.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SheetKind {
    Department,
    Project,
}

impl SheetKind {
    pub fn name(self) -> &'static str {
        match self {
            Self::Department => "department",
            Self::Project => "project",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "department" => Some(Self::Department),
            "project" => Some(Self::Project),
            _ => None,
        }
    }
}

/// One filled-in sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub source: Arc<SourceFile>,
    pub title: Option<Field<String>>,
    pub kind: Field<SheetKind>,
    pub year: Field<i32>,
    pub entity: Option<Field<String>>,
    pub project: Option<Field<String>>,
    pub authority: Option<Field<String>>,
    pub budget: Option<Budget>,
    pub goals: Vec<Goal>,
    pub tasks: Vec<Task>,
    pub indicators: Vec<Indicator>,
    pub total: Option<Total>,
}

/// The budget block (部门预算总额 / 项目资金).
#[derive(Debug, Clone, PartialEq)]
pub struct Budget {
    /// 元 | 万元 | 亿元 (default 万元).
    pub unit: Field<String>,
    pub total: BudgetRow,
    pub sources: Vec<BudgetRow>,
    pub pos: Pos,
}

/// A row of the budget block. Figures are optional: a blank cell is data, not an error.
#[derive(Debug, Clone, PartialEq)]
pub struct BudgetRow {
    pub name: Option<Field<String>>,
    /// 年初预算数
    pub initial: Option<Field<Decimal>>,
    /// 全年预算数 (调整后预算数)
    pub full_year: Option<Field<Decimal>>,
    /// 全年执行数
    pub executed: Option<Field<Decimal>>,
    /// 分值
    pub weight: Option<Field<Decimal>>,
    /// 执行率 as printed ("81.9", "81.9%").
    pub rate: Option<Field<String>>,
    /// 得分 (claimed)
    pub score: Option<Field<Decimal>>,
    /// Where the row starts.
    pub pos: Pos,
}

/// 年度履职目标 / 年度总体目标.
#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    pub expected: Option<Field<String>>,
    pub actual: Option<Field<String>>,
    pub pos: Pos,
}

/// 年度主要任务.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    pub name: Option<Field<String>>,
    pub content: Option<Field<String>>,
    pub actual: Option<Field<String>>,
    pub pos: Pos,
}

/// One row of the indicator table.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// 一级指标
    pub level1: Field<String>,
    /// 二级指标
    pub level2: Option<Field<String>>,
    /// 三级指标
    pub name: Field<String>,
    /// 年度指标值, exactly as written ("" when blank).
    pub target: Field<String>,
    /// 实际完成值, exactly as written ("" when blank).
    pub actual: Field<String>,
    /// 指标性质, on forms with a comparator column.
    pub op: Option<Field<String>>,
    /// 计量单位, on forms with a unit column.
    pub unit: Option<Field<String>>,
    /// 分值
    pub weight: Option<Field<Decimal>>,
    /// 得分 (claimed); None when left blank.
    pub score: Option<Field<Decimal>>,
    /// 偏差度, as written.
    pub deviation: Option<Field<String>>,
    /// 偏差原因分析及改进措施
    pub reason: Option<Field<String>>,
    /// Where the row starts.
    pub pos: Pos,
}

/// The 总分 row.
#[derive(Debug, Clone, PartialEq)]
pub struct Total {
    pub weight: Option<Field<Decimal>>,
    pub score: Option<Field<Decimal>>,
    pub grade: Option<Field<String>>,
    pub pos: Pos,
}
