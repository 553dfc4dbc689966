//! Every finding code jixiao reports, in one table (as ruff's `codes.rs`): the checks, and
//! what reading a sheet, loading a scheme and running a batch report. A code's name is stable
//! kebab-case, never reused; it has a default severity (a scheme may change a check's), a
//! summary in both languages, and docs in `docs/codes/NAME.md` (作用 / 原因 / 示例 / 依据,
//! then the same sections in English), which `jixiao rules NAME` prints.
//!
//! This table sits below everything that reports: the readers, the scheme loader (which
//! validates the check names a scheme tunes against it) and the checks, which implement the
//! codes of [`Stage::Check`].

use crate::diagnostic::{Finding, Severity};
use crate::lang::{Lang, Text};

/// Where in a run a code is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading a file into a sheet.
    Read,
    /// Loading, linting or testing a scheme.
    Scheme,
    /// A check of a sheet under a scheme; a scheme may turn it off or change its severity.
    Check,
    /// Running a batch: a file past its time, a failure inside jixiao.
    Batch,
}

/// One finding code and its documentation.
#[derive(Debug)]
pub struct Code {
    /// Stable kebab-case name.
    pub name: &'static str,
    pub stage: Stage,
    /// The default severity.
    pub severity: Severity,
    summary_zh: &'static str,
    summary_en: &'static str,
    /// `docs/codes/NAME.md`: the Chinese sections, the marker line, the English sections.
    docs: &'static str,
}

/// The line in a code's docs between its Chinese and its English sections.
const ENGLISH: &str = "\n\n<!-- English -->\n\n";

impl Code {
    /// The one-line summary in `lang`.
    pub fn summary(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.summary_zh,
            Lang::En => self.summary_en,
        }
    }

    /// The docs in `lang`: 作用 / 原因 / 示例 / 依据, or What it checks / Why / Example / Basis.
    /// Form labels and terms stay Chinese in English where a reader looks for them on the sheet.
    pub fn docs(&self, lang: Lang) -> &'static str {
        let (zh, en) = self.docs.split_once(ENGLISH).unwrap_or((self.docs, ""));
        match lang {
            Lang::Zh => zh.trim(),
            Lang::En => en.trim(),
        }
    }

    /// A finding of this code at its default severity, without a location yet.
    pub fn finding(&self, message: Text, help: Text) -> Finding {
        Finding::new(self.name, self.severity, message, help)
    }
}

macro_rules! code {
    ($konst:ident, $name:literal, $stage:ident, $severity:ident, $zh:literal, $en:literal) => {
        #[doc = concat!("`", $name, "`: ", $zh)]
        pub static $konst: Code = Code {
            name: $name,
            stage: Stage::$stage,
            severity: Severity::$severity,
            summary_zh: $zh,
            summary_en: $en,
            docs: include_str!(concat!("../docs/codes/", $name, ".md")),
        };
    };
}

// The checks, in the order `jixiao rules` lists them.
code!(
    WEIGHTS_SUM,
    "weights-sum",
    Check,
    Error,
    "各指标分值与预算执行分值之和应等于总分",
    "row weights plus the budget weight must add up to the total"
);
code!(
    WEIGHTS_MISSING,
    "weights-missing",
    Check,
    Warning,
    "表中没有各指标的分值，分值与得分无法核对",
    "the form prints no weight per indicator, so weights cannot be verified"
);
code!(
    WEIGHT_INVALID,
    "weight-invalid",
    Check,
    Error,
    "分值不能为负，也不能超过总分",
    "a weight may not be negative or exceed the total"
);
code!(
    SCORES_SUM,
    "scores-sum",
    Check,
    Error,
    "自评总分应等于各指标自评得分与预算执行得分之和",
    "the claimed total must equal the claimed scores plus the budget score"
);
code!(
    SCORE_OVER_WEIGHT,
    "score-over-weight",
    Check,
    Error,
    "得分不能超过分值，也不能为负",
    "a score may not exceed its weight or be negative"
);
code!(
    SCORE_MISSING,
    "score-missing",
    Check,
    Warning,
    "有分值的指标、预算执行或总分行未填写得分",
    "a weighted row, the budget block or the 总分 row has no claimed score"
);
code!(
    SHEET_UNFILLED,
    "sheet-unfilled",
    Check,
    Error,
    "全表的实际完成值和得分均未填写，无法评分",
    "no actual and no score is filled in: the sheet cannot be scored"
);
code!(
    FORM_MISMATCH,
    "form-mismatch",
    Check,
    Warning,
    "表的一级指标属于另一套指标体系，与评分方案不符",
    "the form's first-level blocks belong to another system than the scheme's"
);
code!(
    CATEGORY_UNKNOWN,
    "category-unknown",
    Check,
    Error,
    "一级指标不在评分方案之列",
    "a first-level category the scheme does not define"
);
code!(
    CATEGORY_MISSING,
    "category-missing",
    Check,
    Error,
    "缺少评分方案要求的一级指标",
    "a required first-level category has no indicator"
);
code!(
    CATEGORY_WEIGHT,
    "category-weight",
    Check,
    Error,
    "一级指标分值合计（或预算执行分值）与评分方案规定不符",
    "a category's weights (or the budget weight) differ from the scheme's"
);
code!(
    DECLARED_WEIGHT,
    "declared-weight",
    Check,
    Error,
    "一级或二级指标标注的分值与其下各指标分值合计不符",
    "a block label's declared weight differs from its rows' weights"
);
code!(
    DUPLICATE_INDICATOR,
    "duplicate-indicator",
    Check,
    Warning,
    "同一指标（名称与指标值相同）出现两次，被重复计分",
    "the same indicator (name and target) appears twice and is scored twice"
);
code!(
    PLACEHOLDER_VALUE,
    "placeholder-value",
    Check,
    Warning,
    "指标名称、指标值或实际完成值未填写（空白、“/”、“无”、“指标1”等）",
    "a name, target or actual is left as a placeholder (blank, /, 无, 指标1)"
);
code!(
    GOAL_TEXT,
    "goal-text",
    Check,
    Warning,
    "年度目标或任务仍是模板的填写说明，或只填了数字",
    "a goal or task still holds the template's instructions, or only a number"
);
code!(
    TASK_COPIED,
    "task-copied",
    Check,
    Info,
    "年度主要任务的实际完成情况照抄主要内容",
    "the main tasks' achievements copy their content word for word"
);
code!(
    BUDGET_TOTAL_BLANK,
    "budget-total-blank",
    Check,
    Error,
    "预算总额行的预算数或执行数为 0 或空白（其中各行已填写，或执行率无法核对）",
    "the budget total row's budget or execution is zero or blank (its sources filled, or its rate unverifiable)"
);
code!(
    BUDGET_SOURCES_SUM,
    "budget-sources-sum",
    Check,
    Error,
    "资金来源各行之和应等于预算总额",
    "the source rows must add up to the budget total"
);
code!(
    BUDGET_OVERSPENT,
    "budget-overspent",
    Check,
    Warning,
    "全年执行数大于全年预算数",
    "more was spent than the full-year budget"
);
code!(
    BUDGET_RATE,
    "budget-rate",
    Check,
    Error,
    "填报的执行率与预算数据计算的不符",
    "the printed 执行率 differs from the one the budget figures give"
);
code!(
    BUDGET_SCORE,
    "budget-score",
    Check,
    Error,
    "预算执行得分与评分方案计算的不符",
    "the claimed budget score differs from the scheme's"
);
code!(
    BUDGET_INDICATOR_CONFLICT,
    "budget-indicator-conflict",
    Check,
    Error,
    "由预算数据计算的指标（预算执行率、结转结余率等）与填报的实际完成值矛盾",
    "an indicator computed from the budget figures contradicts its actual"
);
code!(
    TARGET_UNPARSED,
    "target-unparsed",
    Check,
    Error,
    "年度指标值无法识别（如 OCR 把 0 识别成字母 O）",
    "a target that starts like a number cannot be read"
);
code!(
    ACTUAL_UNPARSED,
    "actual-unparsed",
    Check,
    Error,
    "实际完成值无法识别",
    "an actual that starts like a number cannot be read"
);
code!(
    UNIT_MISMATCH,
    "unit-mismatch",
    Check,
    Error,
    "年度指标值与实际完成值的单位不能换算",
    "target and actual are in units that do not convert"
);
code!(
    TASK_AMOUNT_MISMATCH,
    "task-amount-mismatch",
    Check,
    Warning,
    "金额指标值与同名年度主要任务中写的金额相差 10 倍、100 倍……（疑似元、万元写错）",
    "a money target is 10, 100, … times the amount its 年度主要任务 states (元 written for 万元?)"
);
code!(
    ACTUAL_KIND_MISMATCH,
    "actual-kind-mismatch",
    Check,
    Warning,
    "实际完成值与指标值类型不符（时间指标填百分比、数量指标填文字）",
    "the actual answers a different kind of target (a date with 100%, a number with prose)"
);
code!(
    ACTUAL_WITH_COMPARATOR,
    "actual-with-comparator",
    Check,
    Info,
    "实际完成值写有比较符（如 ≥300人），按其中的数字复核",
    "an actual written with a comparator (≥300人) is read as its number"
);
code!(
    SCORE_MISMATCH,
    "score-mismatch",
    Check,
    Error,
    "自评得分与按评分方案重算的得分不符",
    "a claimed score differs from the recomputed one"
);
code!(
    QUALITATIVE_BAND,
    "qualitative-band",
    Check,
    Warning,
    "定性指标得分不在完成情况对应的档次内",
    "a qualitative score lies outside the band its actual earns"
);
code!(
    OVER_ACHIEVEMENT,
    "over-achievement",
    Check,
    Warning,
    "实际值远超指标值（指标偏离），目标可能定得过低",
    "the actual far exceeds the target; the target may have been set too low"
);
code!(
    DEVIATION_MISMATCH,
    "deviation-mismatch",
    Check,
    Error,
    "填报的偏差度与计算的不符",
    "the claimed 偏差度 differs from the computed one"
);
code!(
    DEVIATION_REASON_MISSING,
    "deviation-reason-missing",
    Check,
    Error,
    "未完成或偏离较大的指标没有说明偏差原因",
    "an unmet or far-deviating indicator has no reason"
);
code!(
    GRADE_MISMATCH,
    "grade-mismatch",
    Check,
    Error,
    "填报的等级与复核总分对应的等级不符",
    "the claimed grade is not the grade of the recomputed total"
);
code!(
    FORMULA_ERROR,
    "formula-error",
    Check,
    Error,
    "评分方案的公式无法在本表上计算（如预算数为 0）",
    "a scheme formula cannot be evaluated on this sheet (a zero budget, say)"
);

// Reading a sheet.
code!(
    SHEET_IO,
    "sheet-io",
    Read,
    Error,
    "文件无法打开或读取：不存在、无权限、不是普通文件",
    "the file cannot be opened or read: missing, no permission, not a regular file"
);
code!(
    SHEET_SYNTAX,
    "sheet-syntax",
    Read,
    Error,
    "文件无法读取：格式损坏、加密、过大，或不是自评表能用的文件类型",
    "the file cannot be read: damaged, encrypted, too large, or of no usable kind"
);
code!(
    SHEET_SCHEMA,
    "sheet-schema",
    Read,
    Error,
    "文件能读，但找不到自评表：缺少表头、缺少必填项或年度",
    "the file reads, but holds no form: no header, a required field or the year missing"
);
code!(
    SHEET_CELL,
    "sheet-cell",
    Read,
    Warning,
    "单元格的内容读取时有保留：公式没有保存结果、错误值、日期、未知的数字格式",
    "a cell read with a reservation: a formula without its result, an error value, a date, a number of unknown format"
);
code!(
    SHEET_ENCODING,
    "sheet-encoding",
    Read,
    Warning,
    "文件中有无法解码的字节，已替换",
    "the file holds bytes that cannot be decoded, replaced"
);
code!(
    SHEET_SKIPPED,
    "sheet-skipped",
    Read,
    Info,
    "工作簿中的某个工作表未作为自评表读取（隐藏或没有表头）",
    "a worksheet of the workbook was not read as a form (hidden, or without the labels)"
);
code!(
    SHEET_OVERRIDE,
    "sheet-override",
    Read,
    Info,
    "命令行指定的表的类型或年度与表中所写不同",
    "the kind or year given on the command line differs from the sheet's"
);
code!(
    SHEET_YEAR,
    "sheet-year",
    Read,
    Info,
    "表中没有年度，按其他来源确定或无法确定",
    "the sheet states no year; it was taken from elsewhere, or is unknown"
);
code!(
    SHEET_WRITE,
    "sheet-write",
    Read,
    Error,
    "输出文件无法写入",
    "an output file cannot be written"
);

// Loading, linting and testing a scheme.
code!(
    SCHEME_INVALID,
    "scheme-invalid",
    Scheme,
    Error,
    "评分方案无法加载：YAML 语法、未知的键、错误的值或公式",
    "the scheme cannot be loaded: YAML syntax, an unknown key, a bad value or formula"
);
code!(
    SCHEME_WEIGHTS_SUM,
    "scheme-weights-sum",
    Scheme,
    Error,
    "方案中一级指标分值与预算执行分值合计不等于总分",
    "the scheme's category weights plus the budget weight do not add up to the total"
);
code!(
    SCHEME_BAND_GAP,
    "scheme-band-gap",
    Scheme,
    Error,
    "定性档次或执行率档次之间有空档，某些得分率不属于任何档",
    "a gap between qualitative or budget bands: some shares fall in no band"
);
code!(
    SCHEME_BAND_OVERLAP,
    "scheme-band-overlap",
    Scheme,
    Error,
    "定性档次或执行率档次相互重叠",
    "qualitative or budget bands overlap"
);
code!(
    SCHEME_THRESHOLD_ORDER,
    "scheme-threshold-order",
    Scheme,
    Error,
    "阈值或等级的顺序不合理：下限相同，或更高的执行率封顶更低",
    "thresholds or grades out of order: equal floors, or a higher rate capped lower"
);
code!(
    SCHEME_ZERO_DIVISOR,
    "scheme-zero-divisor",
    Scheme,
    Warning,
    "方案的公式除以一个可能为 0 的数",
    "a scheme formula divides by a figure that can be 0"
);
code!(
    SCHEME_TEST_INVALID,
    "scheme-test-invalid",
    Scheme,
    Error,
    "评分方案的测试用例文件无法读取或写得不对",
    "a scheme's test case file cannot be read or is malformed"
);

// Running a batch.
code!(
    SHEET_TIMEOUT,
    "sheet-timeout",
    Batch,
    Error,
    "读取和检查一个文件超过时限，已跳过",
    "reading and checking one file took past its time limit; skipped"
);
code!(
    INTERNAL_ERROR,
    "internal-error",
    Batch,
    Error,
    "程序在处理此文件时出错，已跳过该文件",
    "jixiao failed while handling this file; the file was skipped"
);

/// Every code: the checks first, as `jixiao rules` lists them, then reading, schemes, batches.
pub static CODES: &[&Code] = &[
    &WEIGHTS_SUM,
    &WEIGHTS_MISSING,
    &WEIGHT_INVALID,
    &SCORES_SUM,
    &SCORE_OVER_WEIGHT,
    &SCORE_MISSING,
    &SHEET_UNFILLED,
    &FORM_MISMATCH,
    &CATEGORY_UNKNOWN,
    &CATEGORY_MISSING,
    &CATEGORY_WEIGHT,
    &DECLARED_WEIGHT,
    &DUPLICATE_INDICATOR,
    &PLACEHOLDER_VALUE,
    &GOAL_TEXT,
    &TASK_COPIED,
    &BUDGET_TOTAL_BLANK,
    &BUDGET_SOURCES_SUM,
    &BUDGET_OVERSPENT,
    &BUDGET_RATE,
    &BUDGET_SCORE,
    &BUDGET_INDICATOR_CONFLICT,
    &TARGET_UNPARSED,
    &ACTUAL_UNPARSED,
    &UNIT_MISMATCH,
    &TASK_AMOUNT_MISMATCH,
    &ACTUAL_KIND_MISMATCH,
    &ACTUAL_WITH_COMPARATOR,
    &SCORE_MISMATCH,
    &QUALITATIVE_BAND,
    &OVER_ACHIEVEMENT,
    &DEVIATION_MISMATCH,
    &DEVIATION_REASON_MISSING,
    &GRADE_MISMATCH,
    &FORMULA_ERROR,
    &SHEET_IO,
    &SHEET_SYNTAX,
    &SHEET_SCHEMA,
    &SHEET_CELL,
    &SHEET_ENCODING,
    &SHEET_SKIPPED,
    &SHEET_OVERRIDE,
    &SHEET_YEAR,
    &SHEET_WRITE,
    &SCHEME_INVALID,
    &SCHEME_WEIGHTS_SUM,
    &SCHEME_BAND_GAP,
    &SCHEME_BAND_OVERLAP,
    &SCHEME_THRESHOLD_ORDER,
    &SCHEME_ZERO_DIVISOR,
    &SCHEME_TEST_INVALID,
    &SHEET_TIMEOUT,
    &INTERNAL_ERROR,
];

/// A code by name.
pub fn lookup(name: &str) -> Option<&'static Code> {
    CODES.iter().copied().find(|c| c.name == name)
}

/// The codes of one stage, in table order.
pub fn of(stage: Stage) -> impl Iterator<Item = &'static Code> {
    CODES.iter().copied().filter(move |c| c.stage == stage)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headings(docs: &str) -> Vec<&str> {
        docs.lines().filter(|l| l.starts_with("## ")).collect()
    }

    #[test]
    fn every_code_has_docs_in_both_languages_with_the_same_sections() {
        let han = |c: char| matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}');
        for code in CODES {
            let (zh, en) = (headings(code.docs(Lang::Zh)), headings(code.docs(Lang::En)));
            assert!(!zh.is_empty(), "{}: no sections", code.name);
            assert_eq!(zh.len(), en.len(), "{}: {zh:?} vs {en:?}", code.name);
            for (z, e) in zh.iter().zip(&en) {
                assert!(!e.chars().any(han), "{}: Chinese heading {e}", code.name);
                let expected = match *z {
                    "## 作用" => "## What it checks",
                    "## 原因" => "## Why",
                    "## 示例" => "## Example",
                    "## 依据" => "## Basis",
                    other => panic!("{}: unexpected section {other}", code.name),
                };
                assert_eq!(*e, expected, "{}", code.name);
            }
        }
    }

    #[test]
    fn names_are_unique_kebab_case() {
        let mut seen = std::collections::BTreeSet::new();
        for code in CODES {
            assert!(seen.insert(code.name), "{} twice", code.name);
            assert!(
                code.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                code.name
            );
        }
    }
}
