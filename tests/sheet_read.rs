//! The sheet reader, pinned by the real seed sheet (values and positions), a JSON twin of a
//! YAML sheet, and one bad input for every way a file can be wrong.

use jixiao::diagnostic::{Finding, Pos};
use jixiao::sheet::{
    Field, MAX_FILE_BYTES, ReadError, Sheet, SheetKind, read_bytes, read_json, read_path, read_yaml,
};
use jixiao::text::line_col;
use rust_decimal::Decimal;

const SEED: &str = "tests/sheets/shangjie-2022-department.yaml";

/// The smallest valid header, for the bad-input cases below it.
const HEAD: &str = "format: sheet/1\nkind: department\nyear: 2022\n";

fn seed() -> (String, Sheet) {
    let text = std::fs::read_to_string(SEED).unwrap();
    let sheet = read_yaml(SEED, &text).unwrap();
    (text, sheet)
}

fn d(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

fn value(field: &Option<Field<Decimal>>) -> Decimal {
    field.as_ref().unwrap().value
}

fn text(field: &Option<Field<String>>) -> &str {
    &field.as_ref().unwrap().value
}

fn at(pos: &Pos) -> (usize, usize, usize) {
    match pos {
        Pos::Text {
            line,
            column,
            offset,
        } => (*line, *column, *offset),
        other => panic!("not a text position: {other:?}"),
    }
}

fn findings(text: &str) -> Vec<Finding> {
    match read_yaml("测试.yaml", text) {
        Ok(_) => panic!("read without findings:\n{text}"),
        Err(ReadError { findings }) => {
            assert!(!findings.is_empty());
            findings
        }
    }
}

fn one(text: &str) -> Finding {
    let mut all = findings(text);
    assert_eq!(all.len(), 1, "{all:#?}");
    all.remove(0)
}

/// Line and character column of `needle` (its `nth` occurrence) in `text`, counted by hand.
fn where_is(text: &str, needle: &str, nth: usize) -> (usize, usize, usize) {
    let offset = text.match_indices(needle).nth(nth).unwrap().0;
    let (line, column) = line_col(text, offset);
    (line, column, offset)
}

#[test]
fn seed_sheet_header_and_budget() {
    let (_, sheet) = seed();
    assert_eq!(sheet.kind.value, SheetKind::Department);
    assert_eq!(sheet.year.as_ref().unwrap().value, 2022);
    assert_eq!(text(&sheet.entity), "郑州市上街区自然资源和规划局");
    assert_eq!(text(&sheet.title), "部门整体自评表");
    assert!(sheet.project.is_none() && sheet.authority.is_none());

    let budget = sheet.budget.as_ref().unwrap();
    assert_eq!(budget.unit.value, "万元");
    let total = &budget.total;
    assert_eq!(value(&total.initial), d("1505.6"));
    assert_eq!(value(&total.full_year), d("14988.39"));
    assert_eq!(value(&total.full_year).to_string(), "14988.39");
    assert_eq!(value(&total.executed), d("12275.49"));
    assert_eq!(value(&total.weight), d("10"));
    assert_eq!(text(&total.rate), "81.9");
    assert_eq!(value(&total.score), d("9.1"));

    assert_eq!(budget.sources.len(), 3);
    let names: Vec<&str> = budget.sources.iter().map(|s| text(&s.name)).collect();
    assert_eq!(names, ["政府预算资金", "财政专户管理资金", "单位资金"]);
    assert_eq!(value(&budget.sources[0].full_year), d("14988.28"));
    assert_eq!(value(&budget.sources[1].full_year), d("0.11"));
    assert_eq!(value(&budget.sources[1].initial), Decimal::ZERO);
    assert_eq!(text(&budget.sources[2].rate), "0");
    assert!(budget.sources[0].weight.is_none() && budget.sources[0].score.is_none());

    let sheet_total = sheet.total.as_ref().unwrap();
    assert_eq!(value(&sheet_total.weight), d("100"));
    assert_eq!(value(&sheet_total.score), d("99.1"));
    assert!(sheet_total.grade.is_none());

    assert_eq!(sheet.goals.len(), 1);
    assert!(text(&sheet.goals[0].expected).starts_with("贯彻执行国土空间规划相关政策"));
    assert_eq!(sheet.tasks.len(), 7);
    assert_eq!(text(&sheet.tasks[4].name), "地质灾害防治工作");
}

#[test]
fn seed_sheet_indicators() {
    let (_, sheet) = seed();
    assert_eq!(sheet.indicators.len(), 52);
    let row = &sheet.indicators[5];
    assert_eq!(row.level1.value, "投入管理指标");
    assert_eq!(text(&row.level2), "预算和财务管理");
    assert_eq!(row.name.value, "预算执行率");
    assert_eq!(row.target.value, "≥90%");
    assert_eq!(row.actual.value, "100%");
    assert_eq!(value(&row.weight), d("1"));
    assert_eq!(value(&row.score), d("1"));
    assert_eq!(text(&row.deviation), "0.00%");
    assert!(row.reason.is_none() && row.op.is_none() && row.unit.is_none());

    let weights: Decimal = sheet.indicators.iter().map(|i| value(&i.weight)).sum();
    assert_eq!(weights, d("90"));
    let scores: Decimal = sheet.indicators.iter().map(|i| value(&i.score)).sum();
    assert_eq!(scores, d("90"));

    // 满意度 rows have no 二级指标; the truncated target text is kept as published.
    assert!(sheet.indicators[49].level2.is_none());
    assert_eq!(
        sheet.indicators[36].target.value,
        "标定地价三类用地、集体建设用地四类用地、集体农用地四类用"
    );
}

#[test]
fn seed_sheet_positions() {
    let (text, sheet) = seed();
    let row = &sheet.indicators[5];

    // `actual: "100%"` on line 87: the column counts characters (the line is full of Chinese),
    // and the offset is after the opening quote.
    let (line, column, offset) = at(&row.actual.pos);
    assert_eq!((line, column), (87, 77));
    assert!(text[offset..].starts_with("100%\""));
    let line_start = text[..offset].rfind('\n').unwrap() + 1;
    assert_eq!(
        offset - line_start,
        114,
        "byte column differs from character column"
    );

    assert!(text[at(&row.target.pos).2..].starts_with("≥90%"));
    assert!(text[at(&row.weight.as_ref().unwrap().pos).2..].starts_with("1, score"));
    assert!(
        text[at(&row.pos).2..]
            .starts_with("{level1: 投入管理指标, level2: 预算和财务管理, name: 预算执行率")
    );
    assert_eq!(at(&row.pos).0, 87);

    let budget = sheet.budget.as_ref().unwrap();
    assert!(text[at(&budget.total.full_year.as_ref().unwrap().pos).2..].starts_with("14988.39"));
    assert!(text[at(&budget.total.rate.as_ref().unwrap().pos).2..].starts_with("81.9\""));
    assert!(text[at(&budget.sources[1].pos).2..].starts_with("name: 财政专户管理资金"));
    assert!(text[at(&sheet.year.as_ref().unwrap().pos).2..].starts_with("2022\n"));

    // serde-saphyr's line and column agree with counting characters up to the byte offset.
    for row in &sheet.indicators {
        for pos in [
            &row.pos,
            &row.level1.pos,
            &row.name.pos,
            &row.target.pos,
            &row.actual.pos,
        ] {
            let (line, column, offset) = at(pos);
            assert_eq!((line, column), line_col(&text, offset));
        }
    }
}

#[test]
fn source_file_is_shared() {
    let (text, sheet) = seed();
    assert_eq!(&*sheet.source.path, SEED);
    assert_eq!(&*sheet.source.text, text);
}

#[test]
fn read_path_reads_without_touching_the_file() {
    let before = std::fs::read(SEED).unwrap();
    let from_path = read_path(std::path::Path::new(SEED)).unwrap();
    assert_eq!(std::fs::read(SEED).unwrap(), before);
    let (_, from_text) = seed();
    assert_eq!(from_path, from_text);
}

/// Every value of a sheet, without positions, to compare two files that say the same thing.
fn values(sheet: &Sheet) -> Vec<String> {
    fn t(f: &Option<Field<String>>) -> String {
        f.as_ref().map_or("-".into(), |f| format!("{:?}", f.value))
    }
    fn n(f: &Option<Field<Decimal>>) -> String {
        f.as_ref().map_or("-".into(), |f| f.value.to_string())
    }
    let mut out = vec![
        format!(
            "{:?} {}",
            sheet.kind.value,
            sheet.year.as_ref().unwrap().value
        ),
        t(&sheet.title),
        t(&sheet.entity),
        t(&sheet.project),
        t(&sheet.authority),
    ];
    if let Some(b) = &sheet.budget {
        out.push(b.unit.value.clone());
        for r in std::iter::once(&b.total).chain(&b.sources) {
            out.push(
                [
                    t(&r.name),
                    n(&r.initial),
                    n(&r.full_year),
                    n(&r.executed),
                    n(&r.weight),
                    t(&r.rate),
                    n(&r.score),
                ]
                .join(" "),
            );
        }
    }
    for g in &sheet.goals {
        out.push(format!("goal {} {}", t(&g.expected), t(&g.actual)));
    }
    for k in &sheet.tasks {
        out.push(format!(
            "task {} {} {}",
            t(&k.name),
            t(&k.content),
            t(&k.actual)
        ));
    }
    for i in &sheet.indicators {
        out.push(
            [
                i.level1.value.clone(),
                t(&i.level2),
                i.name.value.clone(),
                format!("{:?}", i.target.value),
                format!("{:?}", i.actual.value),
                t(&i.op),
                t(&i.unit),
                n(&i.weight),
                n(&i.score),
                t(&i.deviation),
                t(&i.reason),
            ]
            .join(" "),
        );
    }
    if let Some(total) = &sheet.total {
        out.push(format!(
            "total {} {} {}",
            n(&total.weight),
            n(&total.score),
            t(&total.grade)
        ));
    }
    out
}

const TWIN_YAML: &str = r#"format: sheet/1
kind: project
year: 2023
entity: 某某县农业农村局
project: 高标准农田建设
budget:
  unit: 万元
  total: {initial: "1,505.60", full_year: 14988.39, executed: 12275.49, weight: 10, rate: 81.9, score: 8.19}
  sources:
    - {name: 当年财政拨款, initial: 1505.6, full_year: "１４，９８８．３９", executed: ~}
goals:
  - {expected: 建成高标准农田500亩, actual: 建成520亩}
indicators:
  - level1: 产出指标
    level2: 数量指标
    name: 新建高标准农田面积
    target: "≥500亩"
    actual: 520亩
    op: "≥"
    unit: 亩
    weight: 10
    score: 10
  - {level1: 满意度指标, name: 群众满意度, target: "≥90%", actual: 100, weight: 10.50, score: null, reason: ""}
  - {level1: 效益指标, name: 空白行}
total: {weight: 100, score: 99.1, grade: 优}
"#;

const TWIN_JSON: &str = r#"{
	"format": "sheet/1",
	"kind": "project",
	"year": 2023,
	"entity": "某某县农业农村局",
	"project": "高标准农田建设",
	"budget": {
		"unit": "万元",
		"total": {"initial": "1,505.60", "full_year": 14988.39, "executed": 12275.49, "weight": 10, "rate": 81.9, "score": 8.19},
		"sources": [
			{"name": "当年财政拨款", "initial": 1505.6, "full_year": "１４，９８８．３９", "executed": null}
		]
	},
	"goals": [{"expected": "建成高标准农田500亩", "actual": "建成520亩"}],
	"indicators": [
		{"level1": "产出指标", "level2": "数量指标", "name": "新建高标准农田面积", "target": "≥500亩",
		 "actual": "520亩", "op": "≥", "unit": "亩", "weight": 10, "score": 10},
		{"level1": "满意度指标", "name": "群众满意度", "target": "\u226590%", "actual": 100, "weight": 10.50, "score": null, "reason": ""},
		{"level1": "效益指标", "name": "空白行"}
	],
	"total": {"weight": 100, "score": 99.1, "grade": "优"}
}
"#;

#[test]
fn json_twin_reads_the_same_values() {
    let yaml = read_yaml("twin.yaml", TWIN_YAML).unwrap();
    let json = read_json("twin.json", TWIN_JSON).unwrap();
    assert_eq!(values(&yaml), values(&json));
    let by_bytes = read_bytes("twin.json", TWIN_JSON.as_bytes()).unwrap();
    assert_eq!(values(&by_bytes), values(&json));
    // No extension: recognised as JSON by its opening brace, and read the same.
    let sniffed = read_bytes("twin", TWIN_JSON.as_bytes()).unwrap();
    assert_eq!(values(&sniffed), values(&json));

    let budget = json.budget.as_ref().unwrap();
    assert_eq!(value(&budget.total.initial), d("1505.60"));
    assert_eq!(value(&budget.sources[0].full_year), d("14988.39"));
    assert!(budget.sources[0].executed.is_none());
    assert_eq!(text(&budget.total.rate), "81.9");
    let row = &json.indicators[1];
    assert_eq!(row.actual.value, "100");
    assert_eq!(value(&row.weight).to_string(), "10.50");
    assert!(row.score.is_none() && row.reason.is_none());
    assert_eq!(at(&json.indicators[0].pos).0, 16);
    let (line, column, offset) = at(&row.actual.pos);
    assert_eq!(TWIN_JSON[offset..].split(',').next(), Some("100"));
    assert_eq!((line, column), line_col(TWIN_JSON, offset));
}

#[test]
fn blank_cells_are_empty_text_at_the_row() {
    let sheet = read_yaml("twin.yaml", TWIN_YAML).unwrap();
    let row = &sheet.indicators[2];
    assert_eq!(row.target.value, "");
    assert_eq!(row.actual.value, "");
    assert_eq!(row.target.pos, row.pos);
    assert_eq!(row.actual.pos, row.pos);
    assert!(row.weight.is_none() && row.score.is_none());

    let explicit = read_yaml(
        "t.yaml",
        &format!("{HEAD}indicators:\n  - {{level1: 产出, name: 甲, target: \"\", actual: ~}}\n"),
    )
    .unwrap();
    let row = &explicit.indicators[0];
    assert_eq!((row.target.value.as_str(), &row.target.pos), ("", &row.pos));
    assert_eq!((row.actual.value.as_str(), &row.actual.pos), ("", &row.pos));
}

#[test]
fn cell_texts_keep_numbers_as_written() {
    let sheet = read_yaml(
        "t.yaml",
        &format!(
            "{HEAD}indicators:\n  - {{level1: 产出, name: 甲, target: 0.10, actual: 81.90000001, deviation: 0, weight: 1_0}}\n"
        ),
    );
    // `1_0` is not a figure a clerk writes: refused, not read as ten.
    let finding = &sheet.unwrap_err().findings[0];
    assert!(
        finding.message.zh.contains("分值应为数字"),
        "{}",
        finding.message.zh
    );

    let sheet = read_yaml(
        "t.yaml",
        &format!(
            "{HEAD}indicators:\n  - {{level1: 产出, name: 甲, target: 0.10, actual: 81.90000001, deviation: 0, op: yes}}\n"
        ),
    )
    .unwrap();
    let row = &sheet.indicators[0];
    assert_eq!(row.target.value, "0.10");
    assert_eq!(row.actual.value, "81.90000001");
    assert_eq!(text(&row.deviation), "0");
    assert_eq!(text(&row.op), "yes");
}

#[test]
fn bom_is_accepted_and_offsets_index_the_file() {
    let body = format!("\u{feff}{HEAD}entity: 某局\n");
    let sheet = read_bytes("bom.yaml", body.as_bytes()).unwrap();
    let (line, column, offset) = at(&sheet.entity.as_ref().unwrap().pos);
    assert_eq!((line, column), (4, 9));
    assert!(body[offset..].starts_with("某局"));
    let (line, column, _) = at(&sheet.kind.pos);
    assert_eq!((line, column), (2, 7));
}

#[test]
fn unknown_key_with_suggestion_and_character_column() {
    let text = format!(
        "{HEAD}indicators:\n  - {{level1: 产出指标, name: 新建高标准农田面积, targte: \"≥500亩\"}}\n"
    );
    let f = one(&text);
    assert_eq!(f.rule, "sheet-schema");
    assert_eq!(f.message.zh, "未知字段“targte”");
    assert_eq!(f.help.zh, "是否应为“target”（年度指标值）？");
    assert_eq!(f.indicator, Some(0));
    assert_eq!(f.field.as_deref(), Some("targte"));
    let (line, column, offset) = at(&f.pos);
    assert_eq!((line, column, offset), where_is(&text, "targte", 0));
    // 36 characters before the key, but far more bytes.
    assert_eq!((line, column), (5, 37));
    assert!(offset > 60);
    assert_eq!(f.file.as_ref().unwrap().path.as_ref(), "测试.yaml");
}

#[test]
fn all_unknown_keys_are_reported_in_one_pass() {
    let text = "format: sheet/1\nkind: department\nyaer: 2022\nbudget:\n  unti: 万元\n  total: {initial: 1, executd: 2}\n  sources:\n    - {nmae: 甲}\ngoals:\n  - {expect: x}\ntasks:\n  - {conten: y}\nindicators:\n  - {level1: 产出, name: 甲, weigth: 1}\n  - {level1: 产出, name: 乙, 分值: 2}\ntotal: {scroe: 1}\n";
    let all = findings(text);
    let got: Vec<(String, String, usize)> = all
        .iter()
        .map(|f| (f.message.zh.clone(), f.help.zh.clone(), at(&f.pos).0))
        .collect();
    let want = [
        ("未知字段“yaer”", "是否应为“year”（年度）？", 3),
        // `year` is then missing: reported at the top mapping, once its keys are checked.
        (
            "文件顶层缺少必填字段年度（year）",
            "请填写，如 year: 2022",
            1,
        ),
        ("未知字段“unti”", "是否应为“unit”（金额单位）？", 5),
        ("未知字段“executd”", "是否应为“executed”（全年执行数）？", 6),
        ("未知字段“nmae”", "是否应为“name”（资金来源名称）？", 8),
        ("未知字段“expect”", "是否应为“expected”（预期目标）？", 10),
        ("未知字段“conten”", "是否应为“content”（主要内容）？", 12),
        ("未知字段“weigth”", "是否应为“weight”（分值）？", 14),
        ("未知字段“分值”", "是否应为“weight”（分值）？", 15),
        ("未知字段“scroe”", "是否应为“score”（得分）？", 16),
    ];
    let want: Vec<(String, String, usize)> = want
        .iter()
        .map(|(m, h, l)| (m.to_string(), h.to_string(), *l))
        .collect();
    assert_eq!(got, want);
    let fields: Vec<Option<&str>> = all.iter().map(|f| f.field.as_deref()).collect();
    assert_eq!(
        fields,
        [
            Some("yaer"),
            Some("year"),
            Some("budget.unti"),
            Some("budget.total.executd"),
            Some("budget.sources[0].nmae"),
            Some("goals[0].expect"),
            Some("tasks[0].conten"),
            Some("weigth"),
            Some("分值"),
            Some("total.scroe"),
        ]
    );
    assert_eq!(all[7].indicator, Some(0));
    assert_eq!(all[8].indicator, Some(1));
}

#[test]
fn unknown_key_without_a_close_match_lists_the_keys() {
    let f = one(&format!("{HEAD}total: {{weight: 100, 备注: 无}}\n"));
    assert_eq!(f.message.zh, "未知字段“备注”");
    assert!(
        f.help
            .zh
            .starts_with("此处可用的字段：weight（分值）、score（得分）、grade（等级）")
    );
}

#[test]
fn duplicate_key() {
    let f = one(&format!(
        "{HEAD}indicators:\n  - level1: 产出\n    name: 甲\n    weight: 1\n    weight: 2\n"
    ));
    assert_eq!(f.rule, "sheet-schema");
    assert_eq!(f.message.zh, "字段“weight”重复（第 7 行已有）");
    assert_eq!((at(&f.pos).0, at(&f.pos).1), (8, 5));
    assert_eq!(f.indicator, Some(0));
}

#[test]
fn duplicate_key_in_a_mapping_too_large_to_scan() {
    let extra: String = (0..40).map(|i| format!("    x{i}: 1\n")).collect();
    let all = findings(&format!(
        "{HEAD}indicators:\n  - level1: 产出\n    name: 甲\n{extra}    name: 乙\n"
    ));
    let duplicates: Vec<_> = all
        .iter()
        .filter(|f| f.message.zh.contains("重复"))
        .collect();
    assert_eq!(duplicates.len(), 1, "{all:#?}");
    assert_eq!(duplicates[0].message.zh, "字段“name”重复（第 6 行已有）");
    assert_eq!(all.len(), 41, "40 unknown keys and the duplicate");
}

#[test]
fn missing_required_fields_point_at_the_mapping() {
    let text = "kind: department\nyear: 2022\nindicators:\n  - target: 10\n    name: 甲\n  - {level1: 产出, name: \"\"}\n";
    let all = findings(text);
    assert_eq!(all.len(), 3, "{all:#?}");
    assert_eq!(all[0].message.zh, "文件顶层缺少必填字段格式版本（format）");
    assert_eq!(all[0].help.zh, "请填写，如 format: sheet/1");
    assert_eq!((at(&all[0].pos).0, at(&all[0].pos).1), (1, 1));
    assert_eq!(
        all[1].message.zh,
        "第 1 条绩效指标缺少必填字段一级指标（level1）"
    );
    assert_eq!((at(&all[1].pos).0, at(&all[1].pos).1), (4, 5));
    assert_eq!(all[1].indicator, Some(0));
    assert_eq!(all[1].field.as_deref(), Some("level1"));
    assert_eq!(
        all[2].message.zh,
        "第 2 条绩效指标的三级指标（name）不能为空"
    );
    assert_eq!(all[2].indicator, Some(1));
    // A blank quoted value: its position is after the opening quote.
    let (line, column, offset) = where_is(text, "\"\"", 0);
    assert_eq!(at(&all[2].pos), (line, column + 1, offset + 1));
}

#[test]
fn wrong_format_and_kind() {
    let all = findings("format: sheet/2\nkind: 部门\nyear: 2022\n");
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].message.zh, "不支持的格式版本“sheet/2”");
    assert!(all[0].help.zh.contains("format: sheet/1"));
    assert_eq!(all[1].message.zh, "表类型“部门”无效");
    assert!(all[1].help.zh.contains("department"));
    assert_eq!((at(&all[1].pos).0, at(&all[1].pos).1), (2, 7));
}

#[test]
fn weight_in_chinese_numerals() {
    let text = format!("{HEAD}indicators:\n  - {{level1: 产出指标, name: 面积, weight: 五十}}\n");
    let f = one(&text);
    assert_eq!(f.rule, "sheet-schema");
    assert_eq!(f.message.zh, "分值应为数字，如 10；这里是“五十”");
    assert_eq!(f.field.as_deref(), Some("weight"));
    assert_eq!(f.indicator, Some(0));
    assert_eq!(at(&f.pos), where_is(&text, "五十", 0));
}

#[test]
fn score_too_large_for_a_decimal() {
    let text = format!("{HEAD}total: {{weight: 100, score: 9e99}}\n");
    let f = one(&text);
    assert_eq!(f.rule, "sheet-schema");
    assert!(
        f.message.zh.contains("数字「9e99」超出可处理的范围"),
        "{}",
        f.message.zh
    );
    assert_eq!(f.field.as_deref(), Some("total.score"));
    assert_eq!(at(&f.pos), where_is(&text, "9e99", 0));

    let digits = "1234567890123456789012345678901234567890";
    let f = one(&format!(
        "{HEAD}budget:\n  total: {{full_year: {digits}}}\n"
    ));
    assert!(f.message.zh.contains(digits), "{}", f.message.zh);
    assert_eq!(f.field.as_deref(), Some("budget.total.full_year"));
}

#[test]
fn misplaced_thousands_separator() {
    let f = one(&format!("{HEAD}budget:\n  total: {{initial: \"1,5\"}}\n"));
    assert_eq!(f.message.zh, "年初预算数“1,5”中的逗号位置不对");
}

#[test]
fn year_in_chinese_numerals() {
    let text = "format: sheet/1\nkind: department\nyear: 二〇二二\n";
    let f = one(text);
    assert_eq!(f.rule, "sheet-schema");
    assert!(
        f.message.zh.starts_with("年度“二〇二二”应为"),
        "{}",
        f.message.zh
    );
    assert_eq!(f.field.as_deref(), Some("year"));
    assert_eq!(at(&f.pos), where_is(text, "二〇二二", 0));
}

#[test]
fn wrong_types() {
    let f = one("- format: sheet/1\n- kind: department\n");
    assert_eq!(f.rule, "sheet-schema");
    assert_eq!(
        f.message.zh,
        "文件顶层应为一个表（字段: 值），这里是一个列表"
    );
    assert_eq!((at(&f.pos).0, at(&f.pos).1), (1, 1));

    let f = one(&format!("{HEAD}indicators:\n  level1: 产出\n"));
    assert_eq!(
        f.message.zh,
        "绩效指标（indicators）应为一个列表，这里是一个表（字段: 值）"
    );
    assert_eq!(at(&f.pos).0, 5);

    let f = one(&format!("{HEAD}indicators:\n  - [产出, 甲]\n"));
    assert_eq!(
        f.message.zh,
        "第 1 条绩效指标应为一个表（字段: 值），这里是一个列表"
    );
    assert_eq!(f.indicator, Some(0));

    let f = one(&format!(
        "{HEAD}indicators:\n  - {{level1: 产出, name: 甲, target: [1, 2]}}\n"
    ));
    assert_eq!(
        f.message.zh,
        "年度指标值（target）应为一段文字，这里是一个列表"
    );

    let f = one(&format!("{HEAD}budget: 1505.6\n"));
    assert_eq!(
        f.message.zh,
        "预算资金应为一个表（字段: 值），这里是一段文字"
    );
    assert_eq!(f.field.as_deref(), Some("budget"));
}

#[test]
fn malformed_yaml() {
    let text = "format: sheet/1\nentity: \"郑州市上街区\nkind: department\n";
    let f = one(text);
    assert_eq!(f.rule, "sheet-syntax");
    assert_eq!(
        f.message.zh,
        "YAML 格式错误：引号没有闭合（或引号内换行后的缩进不够）"
    );
    assert_eq!(at(&f.pos), where_is(text, "\"", 0));

    let text = "format: sheet/1\n名称: 值: 错\n";
    let f = one(text);
    assert!(
        f.message.zh.starts_with("YAML 格式错误：此处不能出现"),
        "{}",
        f.message.zh
    );
    assert_eq!(at(&f.pos), where_is(text, ": 错", 0));
    assert_eq!((at(&f.pos).0, at(&f.pos).1), (2, 6));
}

#[test]
fn malformed_json() {
    let text =
        "{\n  \"format\": \"sheet/1\",\n  \"entity\": \"某局\" \"kind\": \"department\"\n}\n";
    let err = read_json("坏.json", text).unwrap_err();
    let f = &err.findings[0];
    assert_eq!(f.rule, "sheet-syntax");
    assert_eq!(
        f.message.zh,
        "JSON 格式错误：引号后多出了内容（常见原因：缺少逗号，或引号没有包住整段文字）"
    );
    assert_eq!(at(&f.pos), where_is(text, "\"kind\"", 0));
    assert_eq!((at(&f.pos).0, at(&f.pos).1), (3, 18));
    assert!(
        err.to_string().starts_with("坏.json:3:18: JSON 格式错误"),
        "{err}"
    );
}

#[test]
fn several_documents() {
    let f = one(&format!("{HEAD}---\n{HEAD}"));
    assert_eq!(f.rule, "sheet-syntax");
    assert!(f.message.zh.contains("多个 YAML 文档"));
}

#[test]
fn empty_files() {
    for text in ["", "  \n\n", "\u{feff}", "# 只有注释\n"] {
        let f = one(text);
        assert_eq!(f.rule, "sheet-syntax");
        assert!(f.message.zh.starts_with("文件为空"), "{}", f.message.zh);
        assert_eq!(f.pos, Pos::File);
    }
    let f = &read_bytes("空.yaml", b"").unwrap_err().findings[0];
    assert_eq!(f.message.zh, "文件为空");
}

#[test]
fn binary_files() {
    let mut bytes = HEAD.as_bytes().to_vec();
    bytes.extend_from_slice(b"\0\0\x01\x02");
    let f = &read_bytes("表.yaml", &bytes).unwrap_err().findings[0];
    assert_eq!(f.rule, "sheet-syntax");
    assert!(f.message.zh.starts_with("不是文本文件"));

    // An xlsx workbook is a zip archive.
    let zip = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00";
    let f = &read_bytes("表.xlsx", zip).unwrap_err().findings[0];
    assert!(f.message.zh.starts_with("不是文本文件"));

    // Control characters without NUL, as in some legacy formats.
    let noise: Vec<u8> = (0..200u8).map(|i| 1 + i % 8).collect();
    let f = &read_bytes("表.bin", &noise).unwrap_err().findings[0];
    assert!(f.message.zh.starts_with("不是文本文件"));

    let f = &read_bytes("表.yaml", b"\xff\xfef\x00o\x00")
        .unwrap_err()
        .findings[0];
    assert!(f.message.zh.contains("UTF-16"));
}

#[test]
fn invalid_utf8_points_at_the_first_bad_byte() {
    // 自然 in GBK, as Excel exports text.
    let mut bytes = HEAD.as_bytes().to_vec();
    bytes.extend_from_slice("entity: 上街".as_bytes());
    let bad = bytes.len();
    bytes.extend_from_slice(b"\xd7\xd4\xc8\xbb\n");
    let f = &read_bytes("gbk.yaml", &bytes).unwrap_err().findings[0];
    assert_eq!(f.rule, "sheet-syntax");
    assert_eq!(
        f.message.zh,
        format!("文件不是 UTF-8 编码：从第 {bad} 字节起无法按 UTF-8 读取")
    );
    assert!(f.help.zh.contains("UTF-8"));
    assert_eq!(at(&f.pos), (4, 11, bad));
}

#[test]
fn files_over_50_mib_are_refused_before_parsing() {
    let mut bytes = vec![b'#'; MAX_FILE_BYTES + 1];
    bytes[..HEAD.len()].copy_from_slice(HEAD.as_bytes());
    let f = &read_bytes("大.yaml", &bytes).unwrap_err().findings[0];
    assert_eq!(f.rule, "sheet-syntax");
    assert!(f.message.zh.starts_with("文件过大"), "{}", f.message.zh);
    assert!(f.message.zh.contains("50 MiB"));

    let text = String::from_utf8(bytes).unwrap();
    let f = &read_yaml("大.yaml", &text).unwrap_err().findings[0];
    assert!(f.message.zh.starts_with("文件过大"));

    // Exactly at the limit is still read (here: a header and a long comment).
    let at_limit = &text[..MAX_FILE_BYTES];
    assert!(read_yaml("大.yaml", at_limit).is_ok());
}

#[test]
fn alias_bomb_is_stopped() {
    let bomb = r#"format: sheet/1
kind: department
year: 2022
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"#;
    let f = one(bomb);
    assert_eq!(f.rule, "sheet-syntax");
    assert!(f.message.zh.contains("超出安全上限"), "{}", f.message.zh);
    assert!(matches!(f.pos, Pos::Text { .. }));
}

#[test]
fn aliases_within_limits_are_read() {
    let text = format!(
        "{HEAD}indicators:\n  - &row {{level1: 产出, name: 甲, weight: 1.50}}\n  - *row\n  - {{<<: *row, name: 乙}}\n"
    );
    let sheet = read_yaml("t.yaml", &text).unwrap();
    assert_eq!(sheet.indicators.len(), 3);
    assert_eq!(value(&sheet.indicators[1].weight).to_string(), "1.50");
    assert_eq!(sheet.indicators[2].name.value, "乙");
    assert_eq!(sheet.indicators[2].level1.value, "产出");
}

#[test]
fn missing_file_is_an_io_finding() {
    let err = read_path(std::path::Path::new("tests/sheets/不存在.yaml")).unwrap_err();
    assert_eq!(err.findings[0].rule, "sheet-io");
    assert_eq!(
        err.findings[0].message.zh,
        "无法读取文件：文件或文件夹不存在"
    );
    assert_eq!(err.findings[0].pos, Pos::File);
}

#[test]
fn every_finding_has_file_help_and_both_languages() {
    let inputs = [
        "",
        "- a\n",
        "format: sheet/1\nkind: x\nyear: 1\nfoo: 1\n",
        "a: \"b\n",
        "format: sheet/1\nkind: project\nyear: 2022\nindicators: [{weight: x}]\n",
    ];
    for text in inputs {
        for f in findings(text) {
            assert!(f.file.is_some(), "{f:?}");
            assert!(!f.help.zh.is_empty() && !f.help.en.is_empty(), "{f:?}");
            assert!(!f.message.en.is_empty(), "{f:?}");
            assert_eq!(f.severity, jixiao::diagnostic::Severity::Error);
        }
    }
}

#[test]
fn large_file_on_disk_is_refused_before_reading() {
    // A sparse file: 50 MiB + 1 byte long, nothing written, nothing kept.
    let path = std::env::temp_dir().join(format!("jixiao-big-{}.yaml", std::process::id()));
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(MAX_FILE_BYTES as u64 + 1).unwrap();
    drop(file);
    let result = read_path(&path);
    std::fs::remove_file(&path).unwrap();
    let f = &result.unwrap_err().findings[0];
    assert_eq!(f.rule, "sheet-syntax");
    assert!(f.message.zh.starts_with("文件过大"));
}

#[test]
fn alias_to_a_missing_anchor() {
    let text = format!("{HEAD}entity: *某局\n");
    let f = one(&text);
    assert_eq!(f.rule, "sheet-syntax");
    assert_eq!(f.message.zh, "引用了不存在的锚点");
    assert_eq!(at(&f.pos).0, 4);
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    fn seed_text() -> String {
        std::fs::read_to_string(SEED).unwrap()
    }

    /// Either a sheet, or findings that each point into the file.
    fn check(result: Result<Sheet, ReadError>) {
        if let Err(err) = result {
            assert!(!err.findings.is_empty());
            for f in &err.findings {
                assert!(f.file.is_some());
                if let (Pos::Text { offset, .. }, Some(file)) = (&f.pos, &f.file) {
                    assert!(file.text.is_char_boundary(*offset), "{f:?}");
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            check(read_bytes("x.yaml", &bytes));
        }

        #[test]
        fn on_arbitrary_text(text in "\\PC{0,300}") {
            check(read_yaml("x.yaml", &text));
            check(read_json("x.json", &text));
        }

        #[test]
        fn on_the_seed_with_one_edit(at in 0usize..30_000, cut in 0usize..40, insert in "[:{}\\[\\]\"'#&*!|>%@`,\\- \n\t0-9a-z一]{0,3}") {
            let text = seed_text();
            let start = jixiao::text::floor_char_boundary(&text, at % text.len());
            let end = jixiao::text::floor_char_boundary(&text, (start + cut).min(text.len()));
            let edited = format!("{}{insert}{}", &text[..start], &text[end..]);
            check(read_yaml("seed.yaml", &edited));
        }
    }
}

#[test]
fn emitted_yaml_and_json_read_back_to_the_same_sheet() {
    let text = std::fs::read_to_string("tests/sheets/shangjie-2022-department.yaml").unwrap();
    let sheet = jixiao::sheet::read_yaml("seed.yaml", &text).unwrap();
    let yaml = jixiao::sheet::to_yaml(&sheet);
    let json = jixiao::sheet::to_json(&sheet);
    let from_yaml =
        jixiao::sheet::read_yaml("out.yaml", &yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
    let from_json =
        jixiao::sheet::read_json("out.json", &json).unwrap_or_else(|e| panic!("{e}\n{json}"));
    for other in [&from_yaml, &from_json] {
        assert_eq!(other.indicators.len(), 52);
        for (a, b) in sheet.indicators.iter().zip(&other.indicators) {
            assert_eq!(
                (
                    &a.level1.value,
                    a.level2.as_ref().map(|l| &l.value),
                    &a.name.value,
                    &a.target.value,
                    &a.actual.value
                ),
                (
                    &b.level1.value,
                    b.level2.as_ref().map(|l| &l.value),
                    &b.name.value,
                    &b.target.value,
                    &b.actual.value
                )
            );
            assert_eq!(
                a.weight.as_ref().map(|w| w.value),
                b.weight.as_ref().map(|w| w.value)
            );
            assert_eq!(
                a.score.as_ref().map(|w| w.value),
                b.score.as_ref().map(|w| w.value)
            );
            assert_eq!(
                a.deviation.as_ref().map(|w| &w.value),
                b.deviation.as_ref().map(|w| &w.value)
            );
        }
        let (ba, bb) = (
            sheet.budget.as_ref().unwrap(),
            other.budget.as_ref().unwrap(),
        );
        assert_eq!(
            ba.total.full_year.as_ref().unwrap().value,
            bb.total.full_year.as_ref().unwrap().value
        );
        assert_eq!(
            ba.total.rate.as_ref().unwrap().value,
            bb.total.rate.as_ref().unwrap().value
        );
        assert_eq!(ba.sources.len(), bb.sources.len());
        assert_eq!(other.goals.len(), 1);
        assert_eq!(other.tasks.len(), 7);
        assert_eq!(
            sheet.total.as_ref().unwrap().score.as_ref().unwrap().value,
            other.total.as_ref().unwrap().score.as_ref().unwrap().value
        );
    }
    assert!(yaml.starts_with("format: \"sheet/1\"\n"), "{yaml}");
    assert!(yaml.contains("    full_year: 14988.39\n"), "{yaml}");
}
