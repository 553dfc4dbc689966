//! From the positioned tree to the [`Sheet`] model, checking the shape of format sheet/1.
//!
//! Walks the whole document once and records every problem it meets (unknown or repeated keys,
//! wrong types, missing required fields, bad values) instead of stopping at the first, so a
//! clerk fixes a file in one round. Values are only read here: a blank cell stays blank, and
//! whether a figure or a score is right is for the checks to say.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use rust_decimal::Decimal;

use super::number;
use super::tree::{Kind, Node};
use crate::diagnostic::{Finding, Pos, Severity, SourceFile};
use crate::lang::Text;
use crate::sheet::{Budget, BudgetRow, Field, Goal, Indicator, Sheet, SheetKind, Task, Total};

const RULE: &str = "sheet-schema";

/// The only format version this reader knows.
const FORMAT: &str = "sheet/1";

/// Units a budget block may be written in.
const BUDGET_UNITS: [&str; 3] = ["元", "万元", "亿元"];

/// A key allowed at one level: its name, the form's label for it, and other labels a clerk
/// may write instead of the key (so `分值:` suggests `weight`).
#[derive(Debug, Clone, Copy)]
struct KeySpec {
    name: &'static str,
    label: &'static str,
    aliases: &'static [&'static str],
}

const fn key(name: &'static str, label: &'static str) -> KeySpec {
    KeySpec {
        name,
        label,
        aliases: &[],
    }
}

const fn key_or(
    name: &'static str,
    label: &'static str,
    aliases: &'static [&'static str],
) -> KeySpec {
    KeySpec {
        name,
        label,
        aliases,
    }
}

const TOP_KEYS: &[KeySpec] = &[
    key_or("format", "格式版本", &["格式"]),
    key_or("title", "表名", &["标题"]),
    key_or("kind", "表类型", &["类型"]),
    key_or("year", "年度", &["年份"]),
    key_or(
        "entity",
        "部门（单位）名称",
        &["部门名称", "单位名称", "部门", "单位", "实施单位"],
    ),
    key_or("project", "项目名称", &["项目"]),
    key("authority", "主管部门"),
    key_or(
        "budget",
        "预算资金",
        &["部门预算总额", "项目资金", "年度资金总额", "资金"],
    ),
    key_or(
        "goals",
        "年度目标",
        &["年度履职目标", "年度总体目标", "目标"],
    ),
    key_or("tasks", "年度主要任务", &["主要任务", "任务"]),
    key_or("indicators", "绩效指标", &["指标"]),
    key_or("total", "总分", &["合计"]),
];

const BUDGET_KEYS: &[KeySpec] = &[
    key_or("unit", "金额单位", &["单位"]),
    key_or(
        "total",
        "预算总额行",
        &["部门预算总额", "年度资金总额", "合计"],
    ),
    key_or("sources", "资金来源", &["其中"]),
];

const ROW_KEYS: &[KeySpec] = &[
    key_or("name", "资金来源名称", &["名称"]),
    key("initial", "年初预算数"),
    key_or("full_year", "全年预算数", &["调整后预算数", "预算数"]),
    key_or("executed", "全年执行数", &["执行数"]),
    key("weight", "分值"),
    key("rate", "执行率"),
    key("score", "得分"),
];

const GOAL_KEYS: &[KeySpec] = &[
    key_or("expected", "预期目标", &["目标"]),
    key_or("actual", "实际完成情况", &["完成情况"]),
];

const TASK_KEYS: &[KeySpec] = &[
    key_or("name", "任务名称", &["任务"]),
    key_or("content", "主要内容", &["内容"]),
    key_or("actual", "实际完成情况", &["完成情况"]),
];

const INDICATOR_KEYS: &[KeySpec] = &[
    key("level1", "一级指标"),
    key("level2", "二级指标"),
    key_or("name", "三级指标", &["指标名称"]),
    key_or(
        "target",
        "年度指标值",
        &["指标值", "年度目标值", "年初目标值", "目标值"],
    ),
    key_or(
        "actual",
        "实际完成值",
        &["实际值", "全年实际值", "全年完成值", "完成值"],
    ),
    key_or("op", "指标性质", &["性质"]),
    key_or("unit", "计量单位", &["度量单位", "单位"]),
    key_or("weight", "分值", &["权重", "指标权重"]),
    key_or("score", "得分", &["指标得分"]),
    key("deviation", "偏差度"),
    key_or(
        "reason",
        "偏差原因分析及改进措施",
        &["偏差原因", "未完成原因分析", "原因"],
    ),
];

const TOTAL_KEYS: &[KeySpec] = &[
    key_or("weight", "分值", &["总分值"]),
    key_or("score", "得分", &["总分"]),
    key("grade", "等级"),
];

/// Read the sheet in `root`, or every problem found on the way.
pub(super) fn build(file: &Arc<SourceFile>, root: &Node) -> Result<Sheet, Vec<Finding>> {
    let mut builder = Builder {
        file,
        findings: Vec::new(),
    };
    let sheet = builder.sheet(root);
    match sheet {
        Some(sheet) if builder.findings.is_empty() => Ok(sheet),
        _ => Err(builder.findings),
    }
}

/// Where in the sheet a value sits: for `Finding::field` and for messages.
#[derive(Debug, Clone)]
struct Ctx {
    /// Path prefix for `Finding::field` (`budget.total`, `goals[0]`); empty at the top level
    /// and in indicator rows, whose findings carry the row number instead.
    path: String,
    /// How a person calls the place, for messages: 「第 6 条绩效指标」.
    zh: String,
    en: String,
    indicator: Option<usize>,
}

impl Ctx {
    fn top() -> Self {
        Self {
            path: String::new(),
            zh: "文件顶层".into(),
            en: "the top level".into(),
            indicator: None,
        }
    }

    fn child(&self, name: &str, zh: &str, en: &str) -> Self {
        Self {
            path: self.field(name),
            zh: zh.into(),
            en: en.into(),
            indicator: None,
        }
    }

    fn item(&self, index: usize, zh: &str, en: &str) -> Self {
        Self {
            path: format!("{}[{index}]", self.path),
            zh: format!("第 {} 条{zh}", index + 1),
            en: format!("{en} {}", index + 1),
            indicator: None,
        }
    }

    fn indicator(index: usize) -> Self {
        Self {
            path: String::new(),
            zh: format!("第 {} 条绩效指标", index + 1),
            en: format!("indicator {}", index + 1),
            indicator: Some(index),
        }
    }

    fn field(&self, name: &str) -> String {
        if self.path.is_empty() {
            name.to_owned()
        } else {
            format!("{}.{name}", self.path)
        }
    }
}

/// One allowed key of a mapping: its spec, its node if present, and the mapping's position
/// (where a missing required key is reported).
#[derive(Clone, Copy)]
struct Slot<'n> {
    spec: KeySpec,
    node: Option<&'n Node>,
    parent: &'n Pos,
}

impl Slot<'_> {
    /// 「分值（weight）」
    fn what(&self) -> (String, String) {
        if self.spec.label == self.spec.name {
            (
                format!("“{}”", self.spec.name),
                format!("`{}`", self.spec.name),
            )
        } else {
            (
                format!("{}（{}）", self.spec.label, self.spec.name),
                format!("`{}` ({})", self.spec.name, self.spec.label),
            )
        }
    }
}

/// The checked keys of one mapping.
struct Fields<'n> {
    table: &'static [KeySpec],
    entries: Vec<(&'static str, &'n Node)>,
    pos: &'n Pos,
}

impl<'n> Fields<'n> {
    fn get(&self, name: &'static str) -> Slot<'n> {
        let spec = self
            .table
            .iter()
            .find(|spec| spec.name == name)
            .copied()
            .unwrap_or(key(name, name));
        let node = self
            .entries
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, node)| *node);
        Slot {
            spec,
            node,
            parent: self.pos,
        }
    }
}

struct Builder<'f> {
    file: &'f Arc<SourceFile>,
    findings: Vec<Finding>,
}

impl Builder<'_> {
    fn report(&mut self, pos: &Pos, ctx: &Ctx, field: Option<String>, message: Text, help: Text) {
        let mut finding =
            Finding::new(RULE, Severity::Error, message, help).at(self.file, pos.clone());
        if let Some(index) = ctx.indicator {
            finding = finding.indicator(index);
        }
        if let Some(field) = field {
            finding = finding.field(Cow::Owned(field));
        }
        self.findings.push(finding);
    }

    fn sheet(&mut self, root: &Node) -> Option<Sheet> {
        let ctx = Ctx::top();
        let fields = self.mapping(root, TOP_KEYS, &ctx)?;
        let format = self.required_text(&ctx, fields.get("format"));
        if let Some(format) = &format
            && format.value != FORMAT
        {
            self.report(
                &format.pos,
                &ctx,
                Some("format".into()),
                Text::new(
                    format!("不支持的格式版本“{}”", format.value),
                    format!("unsupported format \"{}\"", format.value),
                ),
                Text::new(
                    "本程序读取 sheet/1 格式，请写 format: sheet/1",
                    "this reader reads format sheet/1: write `format: sheet/1`",
                ),
            );
        }
        let kind = self.kind(&ctx, fields.get("kind"));
        let year = self.year(&ctx, fields.get("year"));
        let title = self.text(&ctx, fields.get("title"));
        let entity = self.text(&ctx, fields.get("entity"));
        let project = self.text(&ctx, fields.get("project"));
        let authority = self.text(&ctx, fields.get("authority"));
        let budget = self.budget(&ctx, fields.get("budget"));
        let goals = self.goals(&ctx, fields.get("goals"));
        let tasks = self.tasks(&ctx, fields.get("tasks"));
        let indicators = self.indicators(&ctx, fields.get("indicators"));
        let total = self.total(&ctx, fields.get("total"));
        // A wrong format was reported above; a missing one leaves no sheet.
        format?;
        Some(Sheet {
            columns: crate::sheet::Columns::default(),
            source: Arc::clone(self.file),
            title,
            kind: kind?,
            year: Some(year?),
            entity,
            project,
            authority,
            budget,
            goals,
            tasks,
            indicators,
            total,
            notes: Vec::new(),
        })
    }

    /// Check that `node`, the place `ctx` names, is a mapping whose keys are all in `table`,
    /// each once.
    fn mapping<'n>(
        &mut self,
        node: &'n Node,
        table: &'static [KeySpec],
        ctx: &Ctx,
    ) -> Option<Fields<'n>> {
        let Kind::Map(map) = &node.kind else {
            let field = (!ctx.path.is_empty()).then(|| ctx.path.clone());
            self.wrong_type(node, ctx, field, &ctx.zh, &ctx.en, Expected::Map);
            return None;
        };
        let mut entries: Vec<(&'static str, &'n Node)> = Vec::with_capacity(map.len());
        let mut seen = Seen::with_capacity(map.len());
        for entry in map {
            let Kind::Scalar(name) = &entry.key.kind else {
                self.report(
                    &entry.key.pos,
                    ctx,
                    None,
                    Text::new(
                        "字段名无效：应为一个词，如 name",
                        "invalid key: expected a word such as `name`",
                    ),
                    Text::new(
                        "字段名写在冒号前，如“name: 预算执行率”",
                        "write the key before a colon, as in `name: 预算执行率`",
                    ),
                );
                continue;
            };
            if let Some(first) = seen.get(name.as_str()) {
                let first_line = match first {
                    Pos::Text { line, .. } => *line,
                    _ => 0,
                };
                self.report(
                    &entry.key.pos,
                    ctx,
                    Some(ctx.field(name)),
                    Text::new(
                        format!("字段“{name}”重复（第 {first_line} 行已有）"),
                        format!("duplicate key \"{name}\" (already on line {first_line})"),
                    ),
                    Text::new(
                        "同一处每个字段只能写一次：删去多余的一个",
                        "each key may appear once here: delete the extra one",
                    ),
                );
                continue;
            }
            seen.insert(name, &entry.key.pos);
            match table.iter().find(|spec| spec.name == name) {
                Some(spec) => entries.push((spec.name, &entry.value)),
                None => self.unknown_key(name, &entry.key.pos, table, ctx),
            }
        }
        Some(Fields {
            table,
            entries,
            pos: &node.pos,
        })
    }

    fn unknown_key(&mut self, name: &str, pos: &Pos, table: &[KeySpec], ctx: &Ctx) {
        let help = match suggest(name, table) {
            Some(spec) => Text::new(
                format!("是否应为“{}”（{}）？", spec.name, spec.label),
                format!("did you mean \"{}\" ({})?", spec.name, spec.label),
            ),
            None => {
                let zh: Vec<String> = table
                    .iter()
                    .map(|spec| format!("{}（{}）", spec.name, spec.label))
                    .collect();
                let en: Vec<&str> = table.iter().map(|spec| spec.name).collect();
                Text::new(
                    format!("此处可用的字段：{}", zh.join("、")),
                    format!("keys allowed here: {}", en.join(", ")),
                )
            }
        };
        self.report(
            pos,
            ctx,
            Some(ctx.field(name)),
            Text::new(
                format!("未知字段“{name}”"),
                format!("unknown key \"{name}\""),
            ),
            help,
        );
    }

    fn wrong_type(
        &mut self,
        node: &Node,
        ctx: &Ctx,
        field: Option<String>,
        what_zh: &str,
        what_en: &str,
        expected: Expected,
    ) {
        let (found_zh, found_en) = match &node.kind {
            Kind::Null => ("空值", "null"),
            Kind::Scalar(_) => ("一段文字", "text"),
            Kind::Map(_) => ("一个表（字段: 值）", "a mapping"),
            Kind::Seq(_) => ("一个列表", "a list"),
        };
        let (expected_zh, expected_en, help_zh, help_en) = match expected {
            Expected::Map => (
                "一个表（字段: 值）",
                "a mapping",
                "每行写“字段: 值”，下一级内容比上一级多缩进两个空格",
                "write `key: value` lines, indented two spaces below their parent",
            ),
            Expected::List => (
                "一个列表",
                "a list",
                "列表的每一项以“- ”开头，每项一行或一段",
                "start each item of a list with `- `",
            ),
            Expected::Text => (
                "一段文字",
                "text",
                "直接写文字；含冒号、#号或以符号开头时加双引号，如 \"≥90%\"",
                "write the text itself; quote it if it holds a colon or # or starts with a sign, as in \"≥90%\"",
            ),
        };
        self.report(
            &node.pos,
            ctx,
            field,
            Text::new(
                format!("{what_zh}应为{expected_zh}，这里是{found_zh}"),
                format!("{what_en} should be {expected_en}, found {found_en}"),
            ),
            Text::new(help_zh, help_en),
        );
    }

    /// An optional text: blank (absent, null or "") is `None`; a number or boolean is taken
    /// as written.
    fn text(&mut self, ctx: &Ctx, slot: Slot<'_>) -> Option<Field<String>> {
        let node = slot.node?;
        match &node.kind {
            Kind::Null => None,
            Kind::Scalar(text) if text.is_empty() => None,
            Kind::Scalar(text) => Some(Field::new(text.clone(), node.pos.clone())),
            Kind::Map(_) | Kind::Seq(_) => {
                let (zh, en) = slot.what();
                let field = Some(ctx.field(slot.spec.name));
                self.wrong_type(node, ctx, field, &zh, &en, Expected::Text);
                None
            }
        }
    }

    /// A cell text that is always present in the model: blank is "" at the row's position.
    fn cell(&mut self, ctx: &Ctx, slot: Slot<'_>) -> Field<String> {
        self.text(ctx, slot)
            .unwrap_or_else(|| Field::new(String::new(), slot.parent.clone()))
    }

    /// A text that must be given and not blank.
    fn required_text(&mut self, ctx: &Ctx, slot: Slot<'_>) -> Option<Field<String>> {
        let field = self.text(ctx, slot);
        match (&field, slot.node) {
            (Some(field), _) if !field.value.trim().is_empty() => {}
            (
                _,
                Some(Node {
                    kind: Kind::Map(_) | Kind::Seq(_),
                    ..
                }),
            ) => {}
            (_, node) => self.missing(ctx, slot, node.map(|n| &n.pos)),
        }
        field.filter(|f| !f.value.trim().is_empty())
    }

    /// Report a required field that is absent (at its mapping) or blank (at the value).
    fn missing(&mut self, ctx: &Ctx, slot: Slot<'_>, blank_at: Option<&Pos>) {
        let (what_zh, what_en) = slot.what();
        let example = match slot.spec.name {
            "format" => "format: sheet/1",
            "kind" => "kind: department",
            "year" => "year: 2022",
            "level1" => "level1: 产出指标",
            _ => "name: 预算执行率",
        };
        let (message, pos) = match blank_at {
            Some(pos) => (
                Text::new(
                    format!("{}的{what_zh}不能为空", ctx.zh),
                    format!("{what_en} of {} must not be blank", ctx.en),
                ),
                pos,
            ),
            None => (
                Text::new(
                    format!("{}缺少必填字段{what_zh}", ctx.zh),
                    format!("{} lacks the required key {what_en}", ctx.en),
                ),
                slot.parent,
            ),
        };
        self.report(
            pos,
            ctx,
            Some(ctx.field(slot.spec.name)),
            message,
            Text::new(
                format!("请填写，如 {example}"),
                format!("fill it in, e.g. `{example}`"),
            ),
        );
    }

    fn kind(&mut self, ctx: &Ctx, slot: Slot<'_>) -> Option<Field<SheetKind>> {
        let text = self.required_text(ctx, slot)?;
        match SheetKind::from_name(text.value.trim()) {
            Some(kind) => Some(Field::new(kind, text.pos)),
            None => {
                self.report(
                    &text.pos,
                    ctx,
                    Some("kind".into()),
                    Text::new(
                        format!("表类型“{}”无效", text.value),
                        format!("unknown sheet kind \"{}\"", text.value),
                    ),
                    Text::new(
                        "kind 应为 department（部门整体支出绩效自评表）或 project（项目支出绩效自评表）",
                        "kind is `department` (部门整体支出绩效自评表) or `project` (项目支出绩效自评表)",
                    ),
                );
                None
            }
        }
    }

    fn year(&mut self, ctx: &Ctx, slot: Slot<'_>) -> Option<Field<i32>> {
        let text = self.required_text(ctx, slot)?;
        match number::year(&text.value) {
            Some(year) => Some(Field::new(year, text.pos)),
            None => {
                self.report(
                    &text.pos,
                    ctx,
                    Some("year".into()),
                    Text::new(
                        format!("年度“{}”应为 1900 到 2100 之间的四位数字", text.value),
                        format!(
                            "year \"{}\" should be a four-digit number from 1900 to 2100",
                            text.value
                        ),
                    ),
                    Text::new(
                        "用阿拉伯数字写评价的预算年度，如 year: 2022",
                        "write the budget year in digits, e.g. `year: 2022`",
                    ),
                );
                None
            }
        }
    }

    /// An optional exact decimal (分值, 得分, budget figures): blank is `None`.
    fn decimal(&mut self, ctx: &Ctx, slot: Slot<'_>) -> Option<Field<Decimal>> {
        let text = self.text(ctx, slot)?;
        let (message, help) = match number::decimal(&text.value) {
            Ok(value) => return value.map(|v| Field::new(v, text.pos)),
            Err(error) => error.explain(
                slot.spec.label,
                &format!("`{}`", slot.spec.name),
                &text.value,
            ),
        };
        self.report(
            &text.pos,
            ctx,
            Some(ctx.field(slot.spec.name)),
            message,
            help,
        );
        None
    }

    /// The items of an optional list: absent or null is empty.
    fn list<'n>(&mut self, ctx: &Ctx, slot: Slot<'n>) -> &'n [Node] {
        match slot.node.map(|node| (node, &node.kind)) {
            None | Some((_, Kind::Null)) => &[],
            Some((_, Kind::Seq(items))) => items,
            Some((node, _)) => {
                let (zh, en) = slot.what();
                let field = Some(ctx.field(slot.spec.name));
                self.wrong_type(node, ctx, field, &zh, &en, Expected::List);
                &[]
            }
        }
    }

    /// An optional mapping, the place `ctx` names: absent or null is `None`.
    fn sub_mapping<'n>(
        &mut self,
        ctx: &Ctx,
        node: Option<&'n Node>,
        table: &'static [KeySpec],
    ) -> Option<Fields<'n>> {
        let node = node.filter(|node| !matches!(node.kind, Kind::Null))?;
        self.mapping(node, table, ctx)
    }

    fn budget(&mut self, top: &Ctx, slot: Slot<'_>) -> Option<Budget> {
        let ctx = top.child("budget", "预算资金", "the budget");
        let fields = self.sub_mapping(&ctx, slot.node, BUDGET_KEYS)?;
        let unit = match self.text(&ctx, fields.get("unit")) {
            Some(unit) => {
                if !BUDGET_UNITS.contains(&unit.value.trim()) {
                    self.report(
                        &unit.pos,
                        &ctx,
                        Some(ctx.field("unit")),
                        Text::new(
                            format!("金额单位“{}”无效", unit.value),
                            format!("unknown budget unit \"{}\"", unit.value),
                        ),
                        Text::new(
                            "unit 应为 元、万元 或 亿元（不写时按万元）",
                            "unit is 元, 万元 or 亿元 (万元 when omitted)",
                        ),
                    );
                }
                unit
            }
            None => Field::new("万元".to_owned(), fields.pos.clone()),
        };
        let total_ctx = ctx.child("total", "预算总额行", "the budget total row");
        let total = self
            .budget_row(&total_ctx, fields.get("total").node)
            .unwrap_or_else(|| BudgetRow::blank(fields.pos));
        let sources_ctx = ctx.child("sources", "资金来源", "budget source");
        let sources = self
            .list(&ctx, fields.get("sources"))
            .iter()
            .enumerate()
            .filter_map(|(i, node)| {
                let item = sources_ctx.item(i, "资金来源", "budget source");
                self.budget_row(&item, Some(node))
            })
            .collect();
        Some(Budget {
            unit,
            total,
            sources,
            pos: fields.pos.clone(),
        })
    }

    fn budget_row(&mut self, ctx: &Ctx, node: Option<&Node>) -> Option<BudgetRow> {
        let fields = self.sub_mapping(ctx, node, ROW_KEYS)?;
        Some(BudgetRow {
            name: self.text(ctx, fields.get("name")),
            initial: self.decimal(ctx, fields.get("initial")),
            full_year: self.decimal(ctx, fields.get("full_year")),
            executed: self.decimal(ctx, fields.get("executed")),
            weight: self.decimal(ctx, fields.get("weight")),
            rate: self.text(ctx, fields.get("rate")),
            score: self.decimal(ctx, fields.get("score")),
            pos: fields.pos.clone(),
        })
    }

    fn goals(&mut self, top: &Ctx, slot: Slot<'_>) -> Vec<Goal> {
        let ctx = top.child("goals", "年度目标", "goal");
        self.list(top, slot)
            .iter()
            .enumerate()
            .filter_map(|(i, node)| {
                let item = ctx.item(i, "年度目标", "goal");
                let fields = self.mapping(node, GOAL_KEYS, &item)?;
                Some(Goal {
                    expected: self.text(&item, fields.get("expected")),
                    actual: self.text(&item, fields.get("actual")),
                    pos: node.pos.clone(),
                })
            })
            .collect()
    }

    fn tasks(&mut self, top: &Ctx, slot: Slot<'_>) -> Vec<Task> {
        let ctx = top.child("tasks", "年度主要任务", "task");
        self.list(top, slot)
            .iter()
            .enumerate()
            .filter_map(|(i, node)| {
                let item = ctx.item(i, "年度主要任务", "task");
                let fields = self.mapping(node, TASK_KEYS, &item)?;
                Some(Task {
                    name: self.text(&item, fields.get("name")),
                    content: self.text(&item, fields.get("content")),
                    actual: self.text(&item, fields.get("actual")),
                    pos: node.pos.clone(),
                })
            })
            .collect()
    }

    fn indicators(&mut self, top: &Ctx, slot: Slot<'_>) -> Vec<Indicator> {
        self.list(top, slot)
            .iter()
            .enumerate()
            .filter_map(|(i, node)| self.indicator(&Ctx::indicator(i), node))
            .collect()
    }

    fn indicator(&mut self, ctx: &Ctx, node: &Node) -> Option<Indicator> {
        let fields = self.mapping(node, INDICATOR_KEYS, ctx)?;
        // Read every field before giving up on a row, so all of its problems are reported.
        let level1 = self.required_text(ctx, fields.get("level1"));
        let level2 = self.text(ctx, fields.get("level2"));
        let name = self.required_text(ctx, fields.get("name"));
        let target = self.cell(ctx, fields.get("target"));
        let actual = self.cell(ctx, fields.get("actual"));
        let op = self.text(ctx, fields.get("op"));
        let unit = self.text(ctx, fields.get("unit"));
        let weight = self.decimal(ctx, fields.get("weight"));
        let score = self.decimal(ctx, fields.get("score"));
        let deviation = self.text(ctx, fields.get("deviation"));
        let reason = self.text(ctx, fields.get("reason"));
        Some(Indicator {
            level1: level1?,
            level2,
            name: name?,
            target,
            actual,
            op,
            unit,
            weight,
            score,
            deviation,
            reason,
            pos: node.pos.clone(),
        })
    }

    fn total(&mut self, top: &Ctx, slot: Slot<'_>) -> Option<Total> {
        let ctx = top.child("total", "总分行", "the total row");
        let fields = self.sub_mapping(&ctx, slot.node, TOTAL_KEYS)?;
        Some(Total {
            weight: self.decimal(&ctx, fields.get("weight")),
            score: self.decimal(&ctx, fields.get("score")),
            grade: self.text(&ctx, fields.get("grade")),
            pos: fields.pos.clone(),
        })
    }
}

#[derive(Clone, Copy)]
enum Expected {
    Map,
    List,
    Text,
}

/// The allowed key an unknown `name` most likely meant: a form label or alias written in
/// place of the key, the key in other letter case, or a key within a small edit distance.
/// The keys of one mapping read so far, with where each was. A sheet's mappings have a dozen
/// keys, which are found fastest by scanning; a hostile file may hold a mapping with many
/// thousand, which are looked up by hash.
enum Seen<'n> {
    Few(Vec<(&'n str, &'n Pos)>),
    Many(HashMap<&'n str, &'n Pos>),
}

impl<'n> Seen<'n> {
    const FEW: usize = 32;

    fn with_capacity(keys: usize) -> Self {
        if keys <= Self::FEW {
            Self::Few(Vec::with_capacity(keys))
        } else {
            Self::Many(HashMap::with_capacity(keys))
        }
    }

    fn get(&self, key: &str) -> Option<&'n Pos> {
        match self {
            Self::Few(keys) => keys.iter().find(|(k, _)| *k == key).map(|(_, pos)| *pos),
            Self::Many(keys) => keys.get(key).copied(),
        }
    }

    fn insert(&mut self, key: &'n str, pos: &'n Pos) {
        match self {
            Self::Few(keys) => keys.push((key, pos)),
            Self::Many(keys) => {
                keys.insert(key, pos);
            }
        }
    }
}

fn suggest(name: &str, table: &[KeySpec]) -> Option<KeySpec> {
    let folded = crate::text::normalize(name);
    if let Some(spec) = table
        .iter()
        .find(|spec| spec.label == folded || spec.aliases.contains(&folded.as_str()))
    {
        return Some(*spec);
    }
    let lower = folded.to_lowercase();
    // As for formula function names: one edit in a short word, two in a longer one, so that
    // `rate` in an indicator row suggests nothing rather than `name`.
    let tolerance = if lower.chars().count() <= 4 { 1 } else { 2 };
    table
        .iter()
        .map(|spec| (crate::text::edit_distance(&lower, spec.name), spec))
        .filter(|(distance, _)| *distance <= tolerance)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, spec)| *spec)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let name = |s: &str| suggest(s, INDICATOR_KEYS).map(|spec| spec.name);
        assert_eq!(name("targte"), Some("target"));
        assert_eq!(name("weigth"), Some("weight"));
        assert_eq!(name("Actual"), Some("actual"));
        assert_eq!(name("分值"), Some("weight"));
        assert_eq!(name("年度指标值"), Some("target"));
        assert_eq!(name("偏差原因"), Some("reason"));
        assert_eq!(name("expected"), None);
        assert_eq!(name("x"), None);
        assert_eq!(name("rate"), None);
        assert_eq!(name("nmae"), Some("name"));
        assert_eq!(
            suggest("full-year", ROW_KEYS).map(|s| s.name),
            Some("full_year")
        );
    }

    #[test]
    fn key_tables_have_unique_names_and_aliases() {
        for table in [
            TOP_KEYS,
            BUDGET_KEYS,
            ROW_KEYS,
            GOAL_KEYS,
            TASK_KEYS,
            INDICATOR_KEYS,
            TOTAL_KEYS,
        ] {
            let mut words: Vec<&str> = table
                .iter()
                .flat_map(|spec| {
                    [spec.name, spec.label]
                        .into_iter()
                        .chain(spec.aliases.iter().copied())
                })
                .collect();
            let count = words.len();
            words.sort_unstable();
            words.dedup();
            assert_eq!(words.len(), count, "{table:?}");
        }
    }
}
