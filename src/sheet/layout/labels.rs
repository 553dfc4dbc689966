//! The printed labels a form is recognised by, and how cell texts are compared with them.
//!
//! Labels are compared after folding full-width characters and dropping white space and a
//! trailing colon (`部门（单位）名称：` is `部门(单位)名称`); column titles also without bracketed
//! decorations (`年初预算数(A)`, `分值（10分）`). Comparison is exact after that, never by
//! substring, so a long cell text that merely mentions 分值 is not a column title.

use std::borrow::Cow;

use crate::sheet::SheetKind;

/// Longer cells are never labels: comparing them would only cost time.
const MAX_LABEL_CHARS: usize = 48;

/// `text` folded, without white space or a trailing colon; `None` for a text too long to be a
/// label.
pub(super) fn norm(text: &str) -> Option<String> {
    norm_cow(text).map(Cow::into_owned)
}

/// [`norm`], borrowing `text` when folding changes nothing (most cells): the worksheet scan
/// looks at every cell.
fn norm_cow(text: &str) -> Option<Cow<'_, str>> {
    if text.len() > MAX_LABEL_CHARS * 4 || text.chars().count() > MAX_LABEL_CHARS {
        return None;
    }
    let folds = |c: char| crate::text::fold_char(c) != c || c.is_whitespace();
    if !text.chars().any(folds) && !text.ends_with([':', '：']) {
        return Some(Cow::Borrowed(text));
    }
    let mut normed = String::with_capacity(text.len());
    normed.extend(
        text.chars()
            .map(crate::text::fold_char)
            .filter(|c| !c.is_whitespace()),
    );
    normed.truncate(normed.trim_end_matches(':').len());
    Some(Cow::Owned(normed))
}

/// [`norm`] without bracketed decorations: `年初预算数(A)` → `年初预算数`.
pub(super) fn bare(text: &str) -> Option<String> {
    Some(strip_brackets(&norm(text)?))
}

/// The brackets a decoration is written in, opening and closing.
const BRACKETS: [char; 8] = ['(', '[', '【', '〔', ')', ']', '】', '〕'];

fn strip_brackets(normed: &str) -> String {
    let mut out = String::with_capacity(normed.len());
    let mut depth = 0usize;
    for c in normed.chars() {
        match c {
            '(' | '[' | '【' | '〔' => depth += 1,
            ')' | ']' | '】' | '〕' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// A cell text prepared for comparison with every kind of label at once: the worksheet scan
/// looks at each cell once, and folding it once per cell keeps a 100,000-row sheet fast.
pub(super) struct Label<'t> {
    normed: Cow<'t, str>,
    /// `normed` without bracketed decorations, when it has any.
    bared: Option<String>,
}

impl<'t> Label<'t> {
    /// `None` for a text that cannot be a label: too long, or without a Chinese character
    /// (every label has some, numbers and codes have none).
    pub(super) fn of(text: &'t str) -> Option<Self> {
        if text.is_ascii() {
            return None;
        }
        let normed = norm_cow(text)?;
        let bared = normed.contains(BRACKETS).then(|| strip_brackets(&normed));
        Some(Self { normed, bared })
    }

    fn bared(&self) -> &str {
        self.bared.as_deref().unwrap_or(&self.normed)
    }

    pub(super) fn head(&self) -> Option<Head> {
        HEADS
            .iter()
            .find(|(label, _)| *label == self.normed || *label == self.bared())
            .map(|(_, head)| *head)
    }

    /// The budget block's column titles, as the national form, the provinces' forms and the
    /// budget systems' exports print them (年初预算 / 调整后预算数 / 预算执行数 / 预算执行率 / 权重
    /// on the Sichuan system's form).
    pub(super) fn money(&self) -> Option<Money> {
        Some(match self.bared() {
            "年初预算数" | "年初预算" | "年初预算数额" => Money::Initial,
            "全年预算数" | "调整后预算数" | "调整后预算" | "调整预算数" | "预算数" => {
                Money::FullYear
            }
            "全年执行数" | "执行数" | "预算执行数" | "实际执行数" => {
                Money::Executed
            }
            "分值" | "权重" | "执行率权重" => Money::Weight,
            "执行率" | "预算执行率" => Money::Rate,
            "得分" | "执行率得分" => Money::Score,
            _ => return None,
        })
    }

    pub(super) fn column(&self) -> Option<Column> {
        Some(match self.bared() {
            "一级指标" => Column::Level1,
            "二级指标" => Column::Level2,
            "三级指标" | "指标名称" => Column::Name,
            "年度指标值" | "年初目标值" | "指标值" | "年度目标值" | "年初指标值" => {
                Column::Target
            }
            "实际完成值" | "全年实际值" | "实际值" | "全年完成值" | "完成值" => {
                Column::Actual
            }
            "分值" | "权重" | "指标权重" => Column::Weight,
            "得分" | "指标得分" => Column::Score,
            "偏差度" => Column::Deviation,
            "偏差原因分析及改进措施" | "偏差原因" | "未完成原因分析" => {
                Column::Reason
            }
            "调整指标值" | "调整后指标值" | "调整后目标值" => {
                Column::AdjustedTarget
            }
            "指标性质" => Column::Op,
            "计量单位" | "度量单位" => Column::Unit,
            _ => return None,
        })
    }

    pub(super) fn block(&self) -> Option<Block> {
        Some(match self.bared() {
            "预期目标" | "项目年度目标" | "年初设定目标" | "年度预期目标" | "全年绩效目标" => {
                Block::Expected
            }
            "任务名称" => Block::TaskName,
            "主要内容" => Block::TaskContent,
            "实际完成情况"
            | "完成情况"
            | "全年实际完成情况"
            | "年度目标完成情况"
            | "年度总体目标完成情况"
            | "具体完成情况"
            | "全年目标实际完成情况" => Block::Achieved,
            _ => return None,
        })
    }

    /// The 总分 row's label.
    pub(super) fn is_total(&self) -> bool {
        matches!(self.bared(), "总分" | "合计")
    }

    /// Whether the cell reads as a form's title.
    pub(super) fn is_title(&self) -> bool {
        self.normed.contains("自评表") || self.normed.contains("评价表")
    }
}

/// A header field whose value is written to the right of its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Head {
    /// 部门（单位）名称, 单位名称, 实施单位
    Entity,
    /// 项目名称
    Project,
    /// 主管部门
    Authority,
    /// 自评总分, 自评得分: a claimed total printed in the header.
    ClaimedTotal,
}

const HEADS: &[(&str, Head)] = &[
    ("部门(单位)名称", Head::Entity),
    ("部门名称", Head::Entity),
    ("单位名称", Head::Entity),
    ("实施单位", Head::Entity),
    ("项目名称", Head::Project),
    ("主管部门", Head::Authority),
    ("自评总分", Head::ClaimedTotal),
    ("自评得分", Head::ClaimedTotal),
];

/// Labels a header prints beside its values that name none of the parts read: a value is never
/// taken from them.
const OTHER_LABELS: &[&str] = &[
    "财政处室",
    "部门联系人",
    "联系人",
    "联系电话",
    "填报人",
    "填报日期",
    "项目负责人",
    "财务负责人",
    "评价等级",
    "自评等级",
];

/// Whether a cell is a label of the form rather than a value.
pub(super) fn is_label(text: &str) -> bool {
    let Some(label) = Label::of(text) else {
        return false;
    };
    label.head().is_some()
        || label.money().is_some()
        || label.column().is_some()
        || label.block().is_some()
        || label.is_total()
        || OTHER_LABELS.contains(&label.bared())
}

/// A column of the budget block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Money {
    Initial,
    FullYear,
    Executed,
    Weight,
    Rate,
    Score,
}

impl Money {
    /// The field of a budget row the column fills.
    pub(super) fn field(self) -> &'static str {
        match self {
            Self::Initial => "initial",
            Self::FullYear => "full_year",
            Self::Executed => "executed",
            Self::Weight => "weight",
            Self::Rate => "rate",
            Self::Score => "score",
        }
    }
}

/// The total row of the budget block: 部门预算总额（万元）, 年度资金总额, 项目资金.
pub(super) fn is_budget_total(text: &str) -> bool {
    bare(text).is_some_and(|b| {
        matches!(
            b.as_str(),
            "部门预算总额" | "年度资金总额" | "项目资金" | "总额" | "年度财政资金总额"
        )
    })
}

const SOURCES: &[&str] = &[
    "当年财政拨款",
    "上年结转资金",
    "其他资金",
    "政府预算资金",
    "财政专户管理资金",
    "单位资金",
    "基本支出",
    "项目支出",
];

/// Whether a source row's name is one the forms print, which needs no prefix to be read back.
pub(in crate::sheet) fn is_known_source(name: &str) -> bool {
    SOURCES.contains(&name)
}

/// The name of a source row (其中：当年财政拨款, 资金来源：（1）政府预算资金, （2）单位资金), or
/// `None` when the label is no source: a known name, or any name after a source prefix.
pub(super) fn source(text: &str) -> Option<String> {
    let normed = norm(text)?;
    let mut rest = normed.as_str();
    let mut prefixed = false;
    for prefix in ["资金来源:", "其中:", "资金来源", "其中"] {
        if let Some(r) = rest.strip_prefix(prefix) {
            rest = r;
            prefixed = true;
            break;
        }
    }
    if let Some(r) = strip_enumerator(rest) {
        rest = r;
        prefixed = true;
    }
    let name = bare(rest)?;
    (!name.is_empty() && (prefixed || SOURCES.contains(&name.as_str()))).then_some(name)
}

/// `(1)`, `1.`, `1、`, `①` at the start of a label, removed.
fn strip_enumerator(text: &str) -> Option<&str> {
    if let Some(rest) = text.strip_prefix('(') {
        let digits = rest.find(|c: char| !c.is_ascii_digit())?;
        return (digits > 0)
            .then(|| rest[digits..].strip_prefix(')'))
            .flatten();
    }
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    if digits > 0 {
        let rest = &text[digits..];
        return rest.strip_prefix(['.', '、']);
    }
    let first = text.chars().next()?;
    ('①'..='⑳')
        .contains(&first)
        .then(|| &text[first.len_utf8()..])
}

/// A column of the indicator table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Column {
    Level1,
    Level2,
    Name,
    Target,
    Actual,
    Weight,
    Score,
    Deviation,
    Reason,
    Op,
    Unit,
    /// 调整指标值: the target as adjusted during the year, which counts where it is filled.
    AdjustedTarget,
}

impl Column {
    /// The label printed for it, for messages.
    pub(super) fn label(self) -> &'static str {
        match self {
            Self::Level1 => "一级指标",
            Self::Level2 => "二级指标",
            Self::Name => "三级指标",
            Self::Target => "年度指标值",
            Self::Actual => "实际完成值",
            Self::Weight => "分值",
            Self::Score => "得分",
            Self::Deviation => "偏差度",
            Self::Reason => "偏差原因分析及改进措施",
            Self::Op => "指标性质",
            Self::Unit => "计量单位",
            Self::AdjustedTarget => "调整指标值",
        }
    }

    /// The field of format sheet/1 the column fills.
    pub(super) fn field(self) -> &'static str {
        match self {
            Self::Level1 => "level1",
            Self::Level2 => "level2",
            Self::Name => "name",
            Self::Target | Self::AdjustedTarget => "target",
            Self::Actual => "actual",
            Self::Weight => "weight",
            Self::Score => "score",
            Self::Deviation => "deviation",
            Self::Reason => "reason",
            Self::Op => "op",
            Self::Unit => "unit",
        }
    }

    pub(super) fn is_level(self) -> bool {
        matches!(self, Self::Level1 | Self::Level2 | Self::Name)
    }
}

pub(super) fn column(text: &str) -> Option<Column> {
    Label::of(text)?.column()
}

/// A column of the goals block (年度履职目标 / 年度总体目标) or the tasks block (年度主要任务).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Block {
    Expected,
    TaskName,
    TaskContent,
    Achieved,
}

/// A label of a claimed grade, with the grade to its right.
pub(super) fn is_grade(text: &str) -> bool {
    bare(text).is_some_and(|b| matches!(b.as_str(), "等级" | "评价等级" | "自评等级" | "绩效等级"))
}

/// An amount written with its unit (`1505.6万元`, `15000元`): the number's text and the factor
/// that converts it into `unit`, the block's (元, 万元 or 亿元).
pub(super) fn amount_unit<'t>(
    text: &'t str,
    unit: &str,
) -> Option<(&'t str, rust_decimal::Decimal)> {
    let yuan = |u: &str| match u {
        "元" => Some(rust_decimal::Decimal::ONE),
        "万元" => Some(rust_decimal::Decimal::from(10_000)),
        "亿元" => Some(rust_decimal::Decimal::from(100_000_000)),
        _ => None,
    };
    let (number, written) = ["万元", "亿元", "元"]
        .into_iter()
        .find_map(|u| Some((text.strip_suffix(u)?.trim_end(), u)))?;
    yuan(written)?.checked_div(yuan(unit)?).map(|f| (number, f))
}

/// A cell holding only a grade: 优, 良, 中, 差 (or 优秀, 良好, 合格, 不合格).
pub(super) fn is_grade_word(text: &str) -> bool {
    matches!(
        text.trim(),
        "优" | "良" | "中" | "差" | "优秀" | "良好" | "合格" | "不合格"
    )
}

/// The kind a title names: 部门整体（支出）绩效自评表 or 项目支出绩效自评表.
pub(super) fn kind_in_title(title: &str) -> Option<SheetKind> {
    let normed: String = crate::text::fold(title)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if normed.contains("部门整体") {
        Some(SheetKind::Department)
    } else if normed.contains("项目支出") {
        Some(SheetKind::Project)
    } else {
        None
    }
}

/// The first year written as four digits before 年 (`2022年度`, `（２０２２年）`), not as the end
/// of a longer number.
pub(super) fn year_in(text: &str) -> Option<i32> {
    let chars: Vec<char> = crate::text::fold(text).chars().collect();
    (0..chars.len().saturating_sub(4)).find_map(|i| {
        let digits = &chars[i..i + 4];
        let starts = i == 0 || !chars[i - 1].is_ascii_digit();
        (starts && chars[i + 4] == '年' && digits.iter().all(char::is_ascii_digit))
            .then(|| crate::sheet::read::number::year(&digits.iter().collect::<String>()))
            .flatten()
    })
}

/// Whether a cell that holds no values names a block: numbered (一、产出指标), with a declared
/// weight (产出指标(50分)), or ending in 指标 or 目标 (效益指标).
pub(super) fn is_section_row(text: &str) -> bool {
    let written = text.trim();
    let label = crate::value::label::label(written);
    let numbered = !written.starts_with(label.name.as_str());
    !label.name.is_empty()
        && label.name.chars().count() <= 12
        && (numbered || label.weight.is_some() || label.name.ends_with(['标']))
}

/// A label of the budget year: 年度, 预算年度, 评价年度, 所属年度.
pub(super) fn is_year_label(text: &str) -> bool {
    bare(text).is_some_and(|b| matches!(b.as_str(), "年度" | "预算年度" | "评价年度" | "所属年度"))
}

/// The year in a cell that labels and states it at once: `年度：2022`, `预算年度 2022`.
pub(super) fn year_after_label(text: &str) -> Option<i32> {
    let folded: String = crate::text::fold(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let rest = ["预算年度", "评价年度", "所属年度", "年度"]
        .into_iter()
        .find_map(|l| folded.strip_prefix(l))?;
    let digits = rest.trim_start_matches([':', '：']).trim_end_matches('年');
    crate::sheet::read::number::year(digits)
}

/// A year in a file's name: `2022年`, or four digits from 2000 to 2099 standing alone
/// (`…_2021_dept.xlsx`).
pub(super) fn year_in_name(path: &str) -> Option<i32> {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    year_in(name).or_else(|| {
        let chars: Vec<char> = name.chars().collect();
        (0..chars.len().saturating_sub(3)).find_map(|i| {
            let alone = (i == 0 || !chars[i - 1].is_ascii_digit())
                && chars.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
            let digits: String = chars[i..i + 4].iter().collect();
            (alone && digits.starts_with("20") && digits.bytes().all(|b| b.is_ascii_digit()))
                .then(|| digits.parse().ok())
                .flatten()
        })
    })
}

/// A figure cell that says "not applicable" rather than a number: `-`, `—`, `/`.
pub(super) fn is_dash(text: &str) -> bool {
    // Folding keeps white space white space, so trimming before it is trimming after it.
    let t = text.trim();
    !t.is_empty()
        && t.chars().all(|c| {
            matches!(
                crate::text::fold_char(c),
                '-' | '—' | '/' | '－' | '─' | '一'
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_with_decorations() {
        let head = |t: &str| Label::of(t).and_then(|l| l.head());
        assert_eq!(head("部门（单位）名称"), Some(Head::Entity));
        assert_eq!(head("项目名称："), Some(Head::Project));
        assert_eq!(head("主 管 部 门"), Some(Head::Authority));
        assert_eq!(head("自评总分(分)"), Some(Head::ClaimedTotal));
        assert!(is_label("财政处室") && is_label("全年执行数") && !is_label("郑州市上街区"));
        let money = |t: &str| Label::of(t).and_then(|l| l.money());
        assert_eq!(money("年初预算数(A)"), Some(Money::Initial));
        assert_eq!(money("分值（10分）"), Some(Money::Weight));
        assert_eq!(money("全年预算数"), Some(Money::FullYear));
        assert_eq!(column("偏差原因分析及改\n进措施"), Some(Column::Reason));
        assert_eq!(column("指标分值说明"), None);
        assert!(is_budget_total("部门预算总额（万元）"));
        assert!(Label::of("总　分").is_some_and(|l| l.is_total()));
        assert!(Label::of("1505.6").is_none());
    }

    #[test]
    fn sources() {
        assert_eq!(
            source("资金来源：（1）政府预算资金").as_deref(),
            Some("政府预算资金")
        );
        assert_eq!(
            source("     （2）财政专户管理资金").as_deref(),
            Some("财政专户管理资金")
        );
        assert_eq!(
            source("其中：当年财政拨款").as_deref(),
            Some("当年财政拨款")
        );
        assert_eq!(source("上年结转资金").as_deref(), Some("上年结转资金"));
        assert_eq!(source("（4）社会资金").as_deref(), Some("社会资金"));
        assert_eq!(source("年度履职目标"), None);
        assert_eq!(source("①单位资金").as_deref(), Some("单位资金"));
    }

    #[test]
    fn years_in_cells_and_names() {
        assert_eq!(year_after_label("年度：2021"), Some(2021));
        assert_eq!(year_after_label("预算年度 2022年"), Some(2022));
        assert_eq!(year_after_label("年度"), None);
        assert!(is_year_label("年 度："));
        assert_eq!(year_in_name("tests/real/x_2021_dept.xlsx"), Some(2021));
        assert_eq!(year_in_name("2023年度自评表.xlsx"), Some(2023));
        assert_eq!(year_in_name("report12021.xlsx"), None);
        assert_eq!(year_in_name("编号510000.xlsx"), None);
    }

    #[test]
    fn years_and_kinds() {
        assert_eq!(year_in("（2022年度）"), Some(2022));
        assert_eq!(year_in("２０２３年度项目支出绩效自评表"), Some(2023));
        assert_eq!(year_in("部门整体自评表"), None);
        assert_eq!(year_in("12022年"), None);
        assert_eq!(
            kind_in_title("2022年度部门整体支出绩效自评表"),
            Some(SheetKind::Department)
        );
        assert_eq!(
            kind_in_title("项目支出绩效自评表"),
            Some(SheetKind::Project)
        );
        assert!(is_dash("-") && is_dash("—") && is_dash(" / ") && !is_dash("0"));
    }
}
