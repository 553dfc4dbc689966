//! A finding about part of a cell points at the characters of the file that part was read
//! from, however the cell is written: escapes and doubled quotes, folded lines, block scalars,
//! JSON escapes, CSV's doubled quotes. Where the file does not hold the part, the finding points
//! at the whole value instead, never at other characters.

use std::path::Path;

use jixiao::diagnostic::Finding;
use jixiao::engine;
use jixiao::lang::Lang;
use jixiao::report::{self, human::render};
use jixiao::scheme;
use jixiao::sheet::{self, Overrides, Sheet};
use jixiao::text::line_col;
use serde_json::{Value, json};

/// A project sheet whose second indicator's lines are `row` (its actual at line 17 when
/// written on one line, after `    actual: `).
fn project_yaml(actual: &str) -> String {
    format!(
        "format: sheet/1
kind: project
year: 2022
entity: 某某县人力资源和社会保障局
project: 职业技能提升培训补贴
budget:
  unit: 万元
  total: {{initial: 260, full_year: 260, executed: 247, weight: 10, rate: \"95%\", score: 9.5}}
  sources:
    - {{name: 当年财政拨款, initial: 260, full_year: 260, executed: 247}}
indicators:
  - {{level1: 产出指标, level2: 数量指标, name: 补贴性职业技能培训人次, target: \"≥2000人次\", actual: \"2,135人次\", weight: 30, score: 30}}
  - level1: 产出指标
    level2: 质量指标
    name: 培训合格率
    target: \"≥85%\"
    actual: {actual}
    weight: 20
    score: 20
  - {{level1: 效益指标, level2: 社会效益指标, name: 培训后就业率, target: \"≥60%\", actual: \"64.5%\", weight: 30, score: 30}}
  - {{level1: 满意度指标, level2: 服务对象满意度指标, name: 参训人员满意度, target: \"≥90%\", actual: \"96%\", weight: 10, score: 10}}
total: {{weight: 100, score: 99.5, grade: 优}}
"
    )
}

fn findings(sheet: &Sheet, scheme: &str, rule: &str) -> Vec<Finding> {
    let scheme = scheme::bundled(scheme).unwrap().unwrap();
    let report = engine::evaluate(&scheme, sheet);
    let found: Vec<Finding> = report
        .findings
        .into_iter()
        .filter(|f| f.rule == rule)
        .collect();
    assert!(!found.is_empty(), "no {rule} finding");
    found
}

/// The `actual-unparsed` finding of a project sheet.
fn unreadable_actual(sheet: &Sheet) -> Finding {
    findings(sheet, "mof-2020-project", "actual-unparsed").remove(0)
}

/// A line and a column (characters), both from 1.
type LineCol = (usize, usize);

/// The text of the file the finding's span is in, and the line and column of its first and
/// last characters.
fn in_file(f: &Finding) -> Option<(&str, LineCol, LineCol)> {
    let found = f.span_in_file()?;
    let text = &f.file.as_ref().unwrap().text;
    let last = text[..found.end].char_indices().next_back().unwrap().0;
    Some((
        &text[found.clone()],
        line_col(text, found.start),
        line_col(text, last.max(found.start)),
    ))
}

/// The finding's location as the JSON report writes it.
fn json_location(f: &Finding) -> Value {
    serde_json::to_value(report::location(f)).unwrap()
}

/// The `path:line:column` miette shows over the finding.
fn shown_at(f: &Finding) -> String {
    let out = render(std::slice::from_ref(f), Lang::Zh, true, None);
    let start = out.find("╭─[").unwrap() + "╭─[".len();
    out[start..start + out[start..].find(']').unwrap()].to_owned()
}

#[test]
fn an_escape_before_the_part_does_not_shift_it() {
    let text = project_yaml(r#""\u2265 1OO%""#);
    let f = unreadable_actual(&sheet::read_yaml("x.yaml", &text).unwrap());
    assert_eq!(f.span, Some(5..8));
    assert_eq!(in_file(&f), Some(("OO%", (17, 22), (17, 24))));
    assert_eq!(
        json_location(&f),
        json!({"file": "x.yaml", "line": 17, "column": 14, "span": {"start": 8, "end": 11}})
    );
    assert_eq!(shown_at(&f), "x.yaml:17:22");
}

#[test]
fn a_doubled_single_quote_is_one_character() {
    let text = project_yaml("'''1OO%'");
    let f = unreadable_actual(&sheet::read_yaml("x.yaml", &text).unwrap());
    assert_eq!(in_file(&f), Some(("OO%", (17, 17), (17, 19))));
    assert_eq!(json_location(&f)["span"], json!({"start": 3, "end": 6}));
}

#[test]
fn json_escapes_inside_the_part_are_covered_whole() {
    let text = r#"{
  "format": "sheet/1", "kind": "project", "year": 2022, "entity": "某某县人力资源和社会保障局",
  "budget": {"unit": "万元", "total": {"initial": 260, "full_year": 260, "executed": 247, "weight": 10, "rate": "95%", "score": 9.5}},
  "indicators": [
    {"level1": "产出指标", "level2": "数量指标", "name": "补贴性职业技能培训人次", "target": "\u22652000人次", "actual": "2,135人次", "weight": 30, "score": 30},
    {"level1": "产出指标", "level2": "质量指标", "name": "培训合格率", "target": "\u226585%",
     "actual": "\u2265\u0031O\u004f%", "weight": 20, "score": 20},
    {"level1": "效益指标", "level2": "社会效益指标", "name": "培训后就业率", "target": "≥60%", "actual": "64.5%", "weight": 30, "score": 30},
    {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "参训人员满意度", "target": "≥90%", "actual": "96%", "weight": 10, "score": 10}
  ],
  "total": {"weight": 100, "score": 99.5, "grade": "优"}
}
"#;
    let f = unreadable_actual(&sheet::read_json("x.json", text).unwrap());
    assert_eq!(f.span, Some(4..7));
    assert_eq!(in_file(&f), Some((r"O\u004f%", (7, 29), (7, 36))));
    assert_eq!(
        json_location(&f),
        json!({"file": "x.json", "line": 7, "column": 17, "span": {"start": 12, "end": 20}})
    );
    assert_eq!(shown_at(&f), "x.json:7:29");
}

#[test]
fn block_and_folded_lines_are_followed() {
    let literal = project_yaml("|\n      ≥\n      1OO%");
    let f = unreadable_actual(&sheet::read_yaml("x.yaml", &literal).unwrap());
    assert_eq!(in_file(&f), Some(("OO%", (19, 8), (19, 10))));
    assert_eq!(
        json_location(&f),
        json!({"file": "x.yaml", "line": 18, "column": 7, "span": {"start": 9, "end": 12}})
    );
    assert_eq!(shown_at(&f), "x.yaml:19:8");
    let folded = project_yaml(">\n      ≥\n      1OO%");
    let f = unreadable_actual(&sheet::read_yaml("x.yaml", &folded).unwrap());
    assert_eq!(in_file(&f), Some(("OO%", (19, 8), (19, 10))));
    let plain = project_yaml("≥\n      1OO%");
    let f = unreadable_actual(&sheet::read_yaml("x.yaml", &plain).unwrap());
    assert_eq!(in_file(&f), Some(("OO%", (18, 8), (18, 10))));
    assert_eq!(shown_at(&f), "x.yaml:18:8");
}

#[test]
fn a_csv_field_with_doubled_quotes_is_named_by_its_cell() {
    let bytes = std::fs::read("tests/sheets/shangjie-2022-department.csv").unwrap();
    let (text, _, _) = encoding_rs::GB18030.decode(&bytes);
    let row = ",,,专项资金细化率,≥90%,100%,";
    assert!(text.contains(row));
    let text = text.replace(row, r#",,,专项资金细化率,≥90%,"""1OO%","#);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.csv");
    std::fs::write(&path, text).unwrap();
    let loaded = sheet::load(Path::new(&path), &Overrides::default()).unwrap();
    let f = findings(
        &loaded.sheets[0],
        "henan-2022-department",
        "actual-unparsed",
    )
    .remove(0);
    // A cell of a CSV file is named as the spreadsheet program shows it; the finding's span
    // is into the cell's text, as in a workbook.
    assert_eq!(in_file(&f), None);
    let actual = &loaded.sheets[0].indicators[f.indicator.unwrap()]
        .actual
        .value;
    assert_eq!((actual.as_str(), f.span.clone()), ("\"1OO%", Some(2..5)));
    assert_eq!(
        json_location(&f),
        json!({"file": path.display().to_string(), "sheet": "x.csv", "cell": "F24"})
    );
}

/// A department sheet whose last indicator's actual is a literal block scalar at the end of
/// the file, with or without a final line break.
fn block_at_the_end(last_line_break: &str) -> String {
    format!(
        "format: sheet/1
kind: department
year: 2022
entity: 某某县财政局
budget:
  unit: 万元
  total: {{initial: 2000, full_year: 2400, executed: 2280, weight: 10, rate: \"95%\", score: 10}}
  sources:
    - {{name: 政府预算资金, initial: 2000, full_year: 2400, executed: 2280}}
total: {{weight: 100, score: 100, grade: 优}}
indicators:
  - {{level1: 投入管理指标, level2: 预算和财务管理, name: 预算执行率, target: \"≥90%\", actual: \"95%\", weight: 4, score: 4, deviation: \"0.00%\"}}
  - {{level1: 投入管理指标, level2: 预算和财务管理, name: 结转结余率, target: \"≤20%\", actual: \"5%\", weight: 3, score: 3, deviation: \"0.00%\"}}
  - {{level1: 产出指标, level2: 数量指标, name: 政府采购项目审核数量, target: \"≥300个\", actual: 318个, weight: 30, score: 30, deviation: \"0.00%\"}}
  - {{level1: 效益指标, level2: 社会效益, name: 财政资金使用效益, target: 明显提升, actual: 达成预期指标, weight: 30, score: 30, deviation: \"0.00%\"}}
  - {{level1: 满意度, name: 预算单位满意度, target: \"≥90%\", actual: \"94%\", weight: 20, score: 20, deviation: \"0.00%\"}}
  - level1: 投入管理指标
    level2: 预算和财务管理
    name: 预算调整率
    target: \"≤30%\"
    weight: 3
    score: 3
    deviation: \"0.00%\"
    actual: |
      10%{last_line_break}"
    )
}

#[test]
fn a_part_the_file_does_not_hold_falls_back_to_the_whole_value() {
    // budget-indicator-conflict is about the whole actual, "10%\n" in both files.
    let conflict = |text: &str| {
        let sheet = sheet::read_yaml("x.yaml", text).unwrap();
        findings(&sheet, "henan-2022-department", "budget-indicator-conflict").remove(0)
    };
    let held = conflict(&block_at_the_end("\n"));
    assert_eq!(held.span, Some(0..4));
    assert_eq!(in_file(&held), Some(("10%\n", (25, 7), (25, 10))));
    // Without the final line break, the value's last character is in no byte of the file.
    let missing = conflict(&block_at_the_end(""));
    assert_eq!(missing.span, Some(0..4));
    assert_eq!(in_file(&missing), None);
    assert_eq!(
        json_location(&missing),
        json!({"file": "x.yaml", "line": 25, "column": 7})
    );
    assert_eq!(shown_at(&missing), "x.yaml:25:7");
}
