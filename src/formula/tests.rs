use std::collections::HashMap;

use proptest::prelude::*;
use rust_decimal::Decimal;

use super::*;

fn dec(text: &str) -> Decimal {
    Decimal::from_str_exact(text).expect("test literals are valid decimals")
}

fn num(text: &str) -> Value {
    Value::Number(dec(text))
}

fn figures(pairs: &[(&str, Value)]) -> HashMap<String, Value> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

fn eval_with(source: &str, figures: &HashMap<String, Value>) -> Result<Value, EvalError> {
    let formula = Formula::parse(source).unwrap_or_else(|e| panic!("{source:?}: {e} ({})", e.help));
    formula.eval(&|name| figures.get(name).cloned())
}

fn value(source: &str) -> Value {
    eval_with(source, &HashMap::new()).unwrap_or_else(|e| panic!("{source:?}: {e}"))
}

fn eval_error(source: &str, figures: &HashMap<String, Value>) -> EvalError {
    match eval_with(source, figures) {
        Ok(value) => panic!("{source:?} evaluated to {value}"),
        Err(error) => error,
    }
}

fn parse_error(source: &str) -> FormulaError {
    match Formula::parse(source) {
        Ok(formula) => panic!("{source:?} parsed as {formula:?}"),
        Err(error) => error,
    }
}

/// The byte span of the first occurrence of `part` in `source`.
fn span_of(source: &str, part: &str) -> Span {
    let start = source.find(part).expect("the part occurs in the source");
    start..start + part.len()
}

#[test]
fn scores_an_execution_rate_against_its_target() {
    let sheet = figures(&[("执行率", num("0.819")), ("分值", num("10"))]);
    assert_eq!(
        eval_with("min(1, 执行率 ÷ 90%) × 分值", &sheet),
        Ok(num("9.1"))
    );
    assert_eq!(value("min(1, 81.9% ÷ 90%) × 10"), num("9.1"));
    let rounded = Formula::parse("round(min(1, 0.819 / 0.9) * 10, 2)")
        .expect("parses")
        .eval_number(&|_| None);
    assert_eq!(rounded.map(|d| d.to_string()), Ok("9.10".to_owned()));
}

#[test]
fn evaluates_the_example_formulas() {
    let sheet = figures(&[
        ("全年执行数", num("850")),
        ("全年预算数", num("1000")),
        ("年初预算数", num("800")),
        ("实际完成值", num("0.9")),
        ("指标值", num("0.96")),
        ("分值", num("20")),
        ("执行率", num("0.55")),
        ("有单位", Value::Bool(true)),
    ]);
    let cases = [
        ("全年执行数 ÷ 全年预算数", num("0.85")),
        ("(全年预算数 - 年初预算数) / 年初预算数", num("0.25")),
        (
            "if(实际完成值 >= 指标值, 分值, 实际完成值 ÷ 指标值 × 分值)",
            num("18.75"),
        ),
        ("round(全年执行数 ÷ 全年预算数 × 分值 ÷ 3, 2)", num("5.67")),
        ("执行率 < 60%", Value::Bool(true)),
        ("指标值 ≥ 85% 且 有单位", Value::Bool(true)),
    ];
    for (source, expected) in cases {
        assert_eq!(eval_with(source, &sheet), Ok(expected), "{source}");
    }
}

#[test]
fn rounds_half_away_from_zero_and_truncates_toward_zero() {
    let cases = [
        ("round(2.345, 2)", "2.35"),
        ("round(-2.345, 2)", "-2.35"),
        ("round(2.5)", "3"),
        ("round(-2.5)", "-3"),
        ("round(2.4)", "2"),
        ("四舍五入(0.125, 2)", "0.13"),
        ("ROUND(9.1, 2)", "9.10"),
        ("round(3, 2)", "3.00"),
        ("trunc(2.349, 2)", "2.34"),
        ("trunc(-2.7)", "-2"),
        ("截断(9.99, 1)", "9.9"),
        ("round(1.23456789012, 10)", "1.2345678901"),
    ];
    for (source, expected) in cases {
        let Value::Number(result) = value(source) else {
            panic!("{source} is not a number");
        };
        assert_eq!(result.to_string(), expected, "{source}");
    }
}

#[test]
fn rejects_bad_decimal_places_at_the_argument() {
    let none = HashMap::new();
    for (source, arg) in [
        ("round(1, 1.5)", "1.5"),
        ("round(1, -1)", "-1"),
        ("trunc(1, 11)", "11"),
        ("round(1, 100000000000)", "100000000000"),
    ] {
        let error = eval_error(source, &none);
        assert_eq!(error.kind, EvalErrorKind::InvalidArgument, "{source}");
        assert_eq!(error.span, span_of(source, arg), "{source}");
        assert!(error.message.zh.contains("小数位数"), "{}", error.message);
    }
    assert_eq!(
        eval_error("round(1, 是)", &none).kind,
        EvalErrorKind::TypeMismatch
    );
}

#[test]
fn reads_full_width_digits_operators_and_spaces() {
    assert_eq!(value("（１２．５＋７．５）＊２／４－１"), num("9"));
    assert_eq!(value("１００％"), num("1"));
    assert_eq!(value("12.5％"), num("0.125"));
    assert_eq!(value("6 × 7 ÷ 2 − 1"), num("20"));
    assert_eq!(value("最小（3，2，4）"), num("2"));
    assert_eq!(value("最大值(3, 2)"), num("3"));
    assert_eq!(value("绝对值(−3)"), num("3"));
    assert_eq!(value("1\u{3000}+\t2\n"), num("3"));
}

#[test]
fn reads_percent_and_signs() {
    assert_eq!(value("90%"), num("0.9"));
    assert_eq!(value("0.5%"), num("0.005"));
    assert_eq!(value("-2 * 3"), num("-6"));
    assert_eq!(value("2 - -3"), num("5"));
    assert_eq!(value("--2"), num("2"));
    assert_eq!(value("-(1 + 2) * 2"), num("-6"));
    assert_eq!(value("1 + 2 * 3"), num("7"));
    assert_eq!(value("(1 + 2) * 3"), num("9"));
    assert_eq!(value("10 - 4 - 3"), num("3"));
    assert_eq!(value("12 / 2 / 3"), num("2"));
}

#[test]
fn every_comparison_operator() {
    let cases = [
        ("1 < 2", true),
        ("2 < 2", false),
        ("1 ＜ 2", true),
        ("2 <= 2", true),
        ("3 ≤ 2", false),
        ("2 ≦ 2", true),
        ("2 ＜＝ 2", true),
        ("2 > 1", true),
        ("2 ＞ 2", false),
        ("2 >= 2", true),
        ("1 ≥ 2", false),
        ("2 ≧ 2", true),
        ("2 ＞＝ 3", false),
        ("1.0 = 1", true),
        ("90% == 0.9", true),
        ("1 ＝ 2", false),
        ("1 ＝＝ 1", true),
        ("1 != 2", true),
        ("1 ≠ 1", false),
        ("1 <> 2", true),
        ("1 ！＝ 1", false),
        ("是 = 是", true),
        ("是 ≠ 否", true),
    ];
    for (source, expected) in cases {
        assert_eq!(value(source), Value::Bool(expected), "{source}");
    }
}

#[test]
fn every_logical_operator_with_precedence() {
    let cases = [
        ("是 且 否", false),
        ("是 and 是", true),
        ("TRUE AND False", false),
        ("true && true", true),
        ("是 或 否", true),
        ("false or false", false),
        ("否 || 是", true),
        ("非 是", false),
        ("not false", true),
        ("!是", false),
        ("！否", true),
        ("非 非 是", true),
        ("是&&否||是", true),
        ("是 或 是 且 否", true),
        ("非 1 > 2", true),
        ("非 (1 > 2 或 是)", false),
        ("1 < 2 且 3 > 2 且 2 = 2", true),
    ];
    for (source, expected) in cases {
        assert_eq!(value(source), Value::Bool(expected), "{source}");
    }
}

#[test]
fn logic_short_circuits_but_checks_what_it_evaluates() {
    let none = HashMap::new();
    assert_eq!(value("否 且 1 ÷ 0 > 1"), Value::Bool(false));
    assert_eq!(eval_with("是 或 未知", &none), Ok(Value::Bool(true)));
    let error = eval_error("1 且 是", &none);
    assert_eq!(error.kind, EvalErrorKind::TypeMismatch);
    assert_eq!(error.span, 0..1);
    assert_eq!(eval_error("非 2", &none).span, 4..5);
}

#[test]
fn if_evaluates_only_the_taken_branch() {
    let source = "if(预算数 = 0, 0, 执行数 ÷ 预算数)";
    let empty = figures(&[("预算数", num("0")), ("执行数", num("150"))]);
    assert_eq!(eval_with(source, &empty), Ok(num("0")));
    let funded = figures(&[("预算数", num("200")), ("执行数", num("150"))]);
    assert_eq!(eval_with(source, &funded), Ok(num("0.75")));
    assert_eq!(value("如果(是, 1, 未知)"), num("1"));
    assert_eq!(value("IF(否, 未知 ÷ 0, 是)"), Value::Bool(true));

    let error = eval_error("if(1, 2, 3)", &HashMap::new());
    assert_eq!(error.kind, EvalErrorKind::TypeMismatch);
    assert_eq!(error.span, 3..4);
}

#[test]
fn division_by_zero_points_at_the_division() {
    let sheet = figures(&[
        ("分值", num("10")),
        ("执行数", num("5")),
        ("预算数", num("0")),
    ]);
    let source = "分值 × (执行数 ÷ 预算数)";
    let error = eval_error(source, &sheet);
    assert_eq!(error.kind, EvalErrorKind::DivisionByZero);
    assert_eq!(error.span, span_of(source, "执行数 ÷ 预算数"));
    assert!(
        error.message.zh.contains("执行数 ÷ 预算数"),
        "{}",
        error.message
    );

    assert_eq!(
        eval_error("1 + 6 ÷ 0", &sheet).span,
        span_of("1 + 6 ÷ 0", "6 ÷ 0")
    );
    assert_eq!(eval_error("10 / 2 / (1 - 1)", &sheet).span, 0..16);
}

#[test]
fn overflow_is_an_error_not_a_panic() {
    let none = HashMap::new();
    let max = "79228162514264337593543950335";
    for source in [
        format!("{max} * 10"),
        format!("{max} + 1"),
        format!("-{max} - 1"),
        format!("{max} ÷ 0.5"),
    ] {
        let error = eval_error(&source, &none);
        assert_eq!(error.kind, EvalErrorKind::Overflow, "{source}");
        assert_eq!(error.span, 0..source.len(), "{source}");
    }
    assert_eq!(value(&format!("abs(-{max})")), num(max));

    let literal = "99999999999999999999999999999";
    let error = parse_error(&format!("{literal} * 10"));
    assert_eq!(error.span, 0..literal.len());
    assert!(error.message.zh.contains(literal), "{}", error.message);
    let error = parse_error("1 + 0.00000000000000000000000000001");
    assert_eq!(error.span, 4..35);
}

#[test]
fn unknown_function_suggests_a_known_one() {
    let error = parse_error("mn(1,2)");
    assert_eq!(error.span, 0..2);
    assert!(error.message.zh.contains("mn"), "{}", error.message);
    assert!(error.help.zh.contains("“min”"), "{}", error.help);
    assert!(error.help.en.contains("'min'"), "{}", error.help.en);

    assert!(parse_error("最少(1, 2)").help.zh.contains("最小"));
    assert!(parse_error("1 + Rnd(2)").help.zh.contains("round"));

    let error = parse_error("分值(1 + 2)");
    assert_eq!(error.span, span_of("分值(1 + 2)", "分值"));
    assert!(error.help.zh.contains("可用的函数"), "{}", error.help);
}

#[test]
fn wrong_arity_is_a_parse_error_on_the_call() {
    for source in [
        "abs(1, 2)",
        "if(是, 1)",
        "min(1)",
        "round()",
        "trunc(1, 2, 3)",
        "最大()",
    ] {
        let error = parse_error(source);
        assert_eq!(error.span, 0..source.len(), "{source}");
        assert!(error.message.zh.contains("参数"), "{}", error.message);
        assert!(error.help.zh.contains('('), "{}", error.help);
    }
    let error = parse_error("1 + round(1, 2, 3)");
    assert_eq!(error.span, 4..18);
    assert!(error.message.zh.contains("1 到 2 个"), "{}", error.message);
}

#[test]
fn names_come_in_order_with_byte_spans() {
    let source = "(全年预算数 - 年初预算数) / 年初预算数";
    let formula = Formula::parse(source).expect("parses");
    let names = formula.names();
    assert_eq!(
        names,
        vec![
            ("全年预算数", 1..16),
            ("年初预算数", 19..34),
            ("年初预算数", 38..53),
        ]
    );
    for (name, span) in &names {
        assert!(source.is_char_boundary(span.start) && source.is_char_boundary(span.end));
        assert_eq!(&source[span.clone()], *name);
    }

    let formula = Formula::parse("if(实际完成值 >= 指标值, 分值, 实际完成值 ÷ 指标值 × 分值)")
        .expect("parses");
    let names: Vec<&str> = formula.names().into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        [
            "实际完成值",
            "指标值",
            "分值",
            "实际完成值",
            "指标值",
            "分值"
        ]
    );
    assert!(
        Formula::parse("round(1.5) + 是")
            .expect("parses")
            .names()
            .is_empty()
    );
}

#[test]
fn keywords_need_to_stand_apart_from_names() {
    let names = |source: &str| -> Vec<String> {
        Formula::parse(source)
            .unwrap_or_else(|e| panic!("{source:?}: {e}"))
            .names()
            .into_iter()
            .map(|(n, _)| n.to_owned())
            .collect()
    };
    assert_eq!(names("执行率 < 60% 且 有单位"), ["执行率", "有单位"]);
    assert_eq!(names("(执行率 < 60%)且(有单位)"), ["执行率", "有单位"]);
    assert_eq!(names("执行率且有单位"), ["执行率且有单位"]);
    assert_eq!(names("非税收入 + 或有负债"), ["非税收入", "或有负债"]);
    assert_eq!(names("是否达标 = 是"), ["是否达标"]);
    assert_eq!(names("非有单位"), ["非有单位"]);
    assert_eq!(names("非 有单位"), ["有单位"]);
    assert_eq!(names("a and b"), ["a", "b"]);
    assert_eq!(names("aandb"), ["aandb"]);
    assert_eq!(names("x&&y||z"), ["x", "y", "z"]);
    assert_eq!(names("rate_2024 or notes"), ["rate_2024", "notes"]);
    assert_eq!(names("min + 1"), ["min"]);

    let error = parse_error("执行率且 有单位");
    assert_eq!(error.span, span_of("执行率且 有单位", "有单位"));
    assert!(error.help.zh.contains("两侧加空格"), "{}", error.help);
    let error = parse_error("执行率 < 60%且有单位");
    assert_eq!(error.span, span_of("执行率 < 60%且有单位", "且有单位"));
    assert!(error.help.zh.contains("两侧加空格"), "{}", error.help);

    let error = eval_error("执行率且有单位", &HashMap::new());
    assert_eq!(error.kind, EvalErrorKind::UnknownName);
    assert_eq!(error.span, 0..21);
    assert!(error.message.zh.contains("两侧加空格"), "{}", error.message);
    assert!(keyword_hint("非税收入").is_some());
    assert!(keyword_hint("执行率").is_none());
}

#[test]
fn comparisons_do_not_chain() {
    let error = parse_error("60% <= 执行率 < 90%");
    assert_eq!(
        error.span,
        span_of("60% <= 执行率 < 90%", "< 9").start
            ..span_of("60% <= 执行率 < 90%", "< 9").start + 1
    );
    assert!(error.help.zh.contains("且"), "{}", error.help);
}

#[test]
fn type_mismatches_point_at_the_operand() {
    let sheet = figures(&[("有单位", Value::Bool(true)), ("分值", num("10"))]);
    let cases = [
        ("有单位 + 1", "有单位"),
        ("1 × -有单位", "有单位"),
        ("分值 < 有单位", "分值 < 有单位"),
        ("是 < 否", "是 < 否"),
        ("min(1, 是)", "是"),
        ("如果(分值, 1, 2)", "分值"),
    ];
    for (source, part) in cases {
        let error = eval_error(source, &sheet);
        assert_eq!(error.kind, EvalErrorKind::TypeMismatch, "{source}");
        assert_eq!(error.span, span_of(source, part), "{source}");
    }

    let formula = Formula::parse("分值 > 5").expect("parses");
    let error = formula
        .eval_number(&|name| sheet.get(name).cloned())
        .expect_err("a comparison is not a number");
    assert_eq!(
        (error.kind, error.span),
        (EvalErrorKind::TypeMismatch, 0..10)
    );
    let formula = Formula::parse("分值 + 5").expect("parses");
    assert_eq!(
        formula
            .eval_bool(&|name| sheet.get(name).cloned())
            .map_err(|e| e.kind),
        Err(EvalErrorKind::TypeMismatch)
    );
    assert_eq!(
        Formula::parse("分值 > 5")
            .expect("parses")
            .eval_bool(&|name| sheet.get(name).cloned()),
        Ok(true)
    );
}

#[test]
fn unknown_name_points_at_the_name() {
    let source = "全年执行数 ÷ 全年预算数";
    let sheet = figures(&[("全年执行数", num("1"))]);
    let error = eval_error(source, &sheet);
    assert_eq!(error.kind, EvalErrorKind::UnknownName);
    assert_eq!(error.span, span_of(source, "全年预算数"));
    assert!(error.message.zh.contains("全年预算数"), "{}", error.message);
}

#[test]
fn syntax_errors_say_what_was_expected() {
    let error = parse_error("1 +");
    assert_eq!(error.span, 3..3);
    assert!(
        error.message.zh.contains("数字、名称或左括号"),
        "{}",
        error.message
    );
    assert_eq!(parse_error("").span, 0..0);

    let error = parse_error("1 + * 2");
    assert_eq!(error.span, 4..5);
    assert!(error.message.zh.contains("“*”"), "{}", error.message);

    let error = parse_error("执行率 2");
    assert!(error.message.zh.contains("运算符"), "{}", error.message);
    assert!(!error.message.zh.contains("左括号"), "{}", error.message);

    let error = parse_error("(1 + 2");
    assert_eq!(error.span, 6..6);
    assert!(error.help.zh.contains("括号"), "{}", error.help);
    assert!(parse_error("1 + 2)").help.zh.contains("括号"));

    let error = parse_error("执行率 ^ 2");
    assert_eq!(error.span, 10..11);
    assert!(error.help.zh.contains("不能使用“^”"), "{}", error.help);

    let error = parse_error("if(有单位, 1 2)");
    assert!(
        error.message.zh.contains("运算符、逗号或右括号"),
        "{}",
        error.message
    );
}

#[test]
fn nesting_is_bounded_without_overflowing_the_stack() {
    let deep = format!("{}1{}", "(".repeat(1000), ")".repeat(1000));
    let error = parse_error(&deep);
    assert_eq!(error.span, MAX_DEPTH..MAX_DEPTH + 1);
    assert!(error.message.zh.contains("嵌套"), "{}", error.message);
    assert_eq!(parse_error(&"（".repeat(1000)).span.start, MAX_DEPTH * 3);

    let limit = format!("{}1{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
    assert_eq!(value(&limit), num("1"));
    let calls = format!("{}-1{}", "abs(-".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
    assert_eq!(value(&calls), num("1"));
    let mixed = format!(
        "{}是{}",
        "非 (1 < 2 且 ".repeat(MAX_DEPTH),
        ")".repeat(MAX_DEPTH)
    );
    assert_eq!(value(&mixed), Value::Bool(true));
}

#[test]
fn long_flat_formulas_do_not_nest() {
    let sum = vec!["1"; 10_000].join(" + ");
    assert_eq!(value(&sum), num("10000"));
    let negations = format!("{}7", "-".repeat(10_001));
    assert_eq!(value(&negations), num("-7"));
    let nots = format!("{}是", "非 ".repeat(10_000));
    assert_eq!(value(&nots), Value::Bool(true));
}

#[test]
fn formulas_compare_print_and_parse_from_str() {
    let formula: Formula = "min(1, 执行率 ÷ 90%) × 分值".parse().expect("parses");
    assert_eq!(formula.to_string(), "min(1, 执行率 ÷ 90%) × 分值");
    assert_eq!(formula.source(), formula.to_string());
    assert_eq!(formula, Formula::parse(formula.source()).expect("parses"));
    assert_ne!(formula, Formula::parse("1").expect("parses"));
    assert_eq!(
        format!("{formula:?}"),
        "Formula(\"min(1, 执行率 ÷ 90%) × 分值\")"
    );
    assert_eq!(Value::Bool(true).to_string(), "是");
    assert_eq!(num("9.10").to_string(), "9.10");
    let error = parse_error("1 +");
    assert_eq!(error.to_string(), error.message.zh);
}

fn text(text: &str) -> Value {
    Value::Text(text.into())
}

/// A host function as a scheme would declare it: whether a name is a placeholder.
const PLACEHOLDER: HostFunction = HostFunction {
    name: "是占位",
    aliases: &["is_placeholder"],
    min_args: 1,
    max_args: 1,
};

fn call_placeholder(name: &str, args: &[Value]) -> Option<Result<Value, Text>> {
    (name == PLACEHOLDER.name).then(|| match args {
        [Value::Text(name)] => Ok(Value::Bool(matches!(&**name, "" | "/" | "无" | "指标1"))),
        _ => Err(Text::new("是占位需要文字", "is_placeholder needs a text")),
    })
}

/// A sheet as a host: figures of its own, indicator rows, and 是占位 in both.
struct Sheet {
    figures: HashMap<String, Value>,
    rows: Vec<HashMap<String, Value>>,
}

struct Row<'a>(&'a HashMap<String, Value>);

impl Host for Row<'_> {
    fn lookup(&self, name: &str) -> Option<Value> {
        self.0.get(name).cloned()
    }

    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, Text>> {
        call_placeholder(name, args)
    }
}

impl Host for Sheet {
    fn lookup(&self, name: &str) -> Option<Value> {
        self.figures.get(name).cloned()
    }

    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, Text>> {
        call_placeholder(name, args)
    }

    fn for_each_row(
        &self,
        each: &mut dyn FnMut(&dyn Host) -> Result<(), EvalError>,
    ) -> Result<(), EvalError> {
        for row in &self.rows {
            each(&Row(row))?;
        }
        Ok(())
    }
}

fn parse_hosted(source: &str) -> Formula {
    Formula::parse_with(source, &[PLACEHOLDER])
        .unwrap_or_else(|e| panic!("{source:?}: {e} ({})", e.help))
}

fn parse_hosted_error(source: &str) -> FormulaError {
    match Formula::parse_with(source, &[PLACEHOLDER]) {
        Ok(formula) => panic!("{source:?} parsed as {formula:?}"),
        Err(error) => error,
    }
}

/// Three indicator rows whose 分值 add up to exactly 90.
fn three_rows() -> Sheet {
    let row = |first: &str, second: &str, third: &str, score: &str| {
        figures(&[
            ("一级指标", text(first)),
            ("二级指标", text(second)),
            ("三级指标", text(third)),
            ("分值", num(score)),
            ("是定量", Value::Bool(score != "20.25")),
        ])
    };
    Sheet {
        figures: figures(&[("总分", num("90")), ("门槛", num("1"))]),
        rows: vec![
            row("产出指标", "数量指标", "培训人次", "30.5"),
            row(" 成本指标\u{3000}", "经济成本指标", "指标1", "20.25"),
            row("满意度指标", "服务对象满意度指标", "群众满意度", "39.25"),
        ],
    }
}

#[test]
fn texts_compare_in_every_quote_style() {
    let row = figures(&[
        ("一级指标", text(" 满意度指标\u{3000}")),
        ("三级指标", text("群众满意度")),
    ]);
    let cases = [
        ("一级指标 = \"满意度指标\"", true),
        ("一级指标 = “满意度指标”", true),
        ("一级指标 ＝ '满意度指标'", true),
        ("一级指标 == ‘满意度指标’", true),
        ("一级指标 = 「满意度指标」", true),
        ("一级指标 = \" 满意度指标 \"", true),
        ("一级指标 ≠ “成本指标”", true),
        ("一级指标 != 「满意度指标」", false),
        ("三级指标 <> '群众满意度'", false),
        ("\"\" = ''", true),
        ("“他说\"好\"” = 「他说\"好\"」", true),
        ("\"it's\" = ‘it's’", true),
        ("\"满意度\" = \"满意度指标\"", false),
    ];
    for (source, expected) in cases {
        assert_eq!(
            eval_with(source, &row),
            Ok(Value::Bool(expected)),
            "{source}"
        );
    }
    assert_eq!(eval_with("一级指标", &row), Ok(text("满意度指标")));
    assert_eq!(value("「 a b 」"), text("a b"));
    assert_eq!(text("满意度").to_string(), "满意度");
    assert_eq!(value("如果(是, “甲”, “乙”)"), text("甲"));
}

#[test]
fn text_functions_in_both_languages() {
    let row = figures(&[
        ("三级指标", text("群众满意度")),
        ("偏差原因", text("  受疫情影响，部分培训延期  ")),
    ]);
    let cases = [
        ("包含(\"满意度指标\", \"满意度\")", Value::Bool(true)),
        ("contains(三级指标, '成本')", Value::Bool(false)),
        ("包含(三级指标, \"\")", Value::Bool(true)),
        ("开头是(三级指标, “群众”)", Value::Bool(true)),
        ("STARTS_WITH(三级指标, “满意”)", Value::Bool(false)),
        ("结尾是(三级指标, 「满意度」)", Value::Bool(true)),
        ("ends_with(三级指标, 「群众」)", Value::Bool(false)),
        ("长度(\"群众满意度\")", num("5")),
        ("len('')", num("0")),
        ("长度(偏差原因)", num("12")),
        ("长度(偏差原因) >= 10", Value::Bool(true)),
        ("长度(\"((((\") + 长度(\")\")", num("5")),
    ];
    for (source, expected) in cases {
        assert_eq!(eval_with(source, &row), Ok(expected), "{source}");
    }
    let error = eval_error("包含(三级指标, 1)", &row);
    assert_eq!(error.kind, EvalErrorKind::TypeMismatch);
    assert_eq!(error.span, span_of("包含(三级指标, 1)", "1"));
    assert!(error.message.zh.contains("需要文字"), "{}", error.message);
    assert!(parse_error("长度(1, 2)").help.zh.contains("长度(文字)"));
    assert!(parse_error("包含s(1)").help.zh.contains("包含"));
}

#[test]
fn texts_mix_with_nothing_else() {
    let row = figures(&[
        ("一级指标", text("成本指标")),
        ("分值", num("10")),
        ("有单位", Value::Bool(true)),
    ]);
    let cases = [
        ("一级指标 < \"产出指标\"", "一级指标 < \"产出指标\""),
        ("「a」 ≥ 「b」", "「a」 ≥ 「b」"),
        ("一级指标 + \"a\"", "一级指标"),
        ("-一级指标", "一级指标"),
        ("非 一级指标", "一级指标"),
        ("一级指标 且 有单位", "一级指标"),
        ("分值 = \"10\"", "分值 = \"10\""),
        ("一级指标 ≠ 1", "一级指标 ≠ 1"),
        ("一级指标 = 有单位", "一级指标 = 有单位"),
        ("round(\"1.5\")", "\"1.5\""),
    ];
    for (source, part) in cases {
        let error = eval_error(source, &row);
        assert_eq!(error.kind, EvalErrorKind::TypeMismatch, "{source}");
        assert_eq!(error.span, span_of(source, part), "{source}");
        assert!(
            error.message.zh.contains("文字"),
            "{source}: {}",
            error.message
        );
    }
    assert!(
        eval_error("分值 = \"10\"", &row)
            .message
            .zh
            .contains("一个是数字、一个是文字")
    );
    let error = Formula::parse("一级指标")
        .expect("parses")
        .eval_bool(&|name| row.get(name).cloned())
        .expect_err("a text is not a condition");
    assert_eq!(
        (error.kind, error.span),
        (EvalErrorKind::TypeMismatch, 0..12)
    );
    assert!(error.message.zh.contains("结果是文字"), "{}", error.message);
}

#[test]
fn an_unterminated_text_points_at_its_opening_quote() {
    for (source, quote) in [
        ("一级指标 = \"满意度指标", "\""),
        ("一级指标 = “满意度指标\"", "“"),
        ("包含(三级指标, 「满意度)", "「"),
        ("'a' = 'b", "'b"),
        ("‘", "‘"),
    ] {
        let error = parse_error(source);
        let start = source.rfind(quote).expect("the quote occurs");
        let quote_len = quote.chars().next().map_or(0, char::len_utf8);
        assert_eq!(error.span, start..start + quote_len, "{source}");
        assert!(error.message.zh.contains("引号"), "{}", error.message);
    }
    assert!(parse_error("“满意度").help.zh.contains('”'));
    let deep = format!("长度(\"{}\")", "(".repeat(1000));
    assert_eq!(value(&deep), num("1000"));

    let error = parse_error("一级指标 \"成本指标\"");
    assert!(error.message.zh.contains("运算符"), "{}", error.message);
    assert!(!error.help.zh.contains("不能使用"), "{}", error.help);
}

#[test]
fn host_functions_are_declared_at_parse_time() {
    let formula = parse_hosted("非 是占位(三级指标)");
    let named = |name: &str| figures(&[("三级指标", text(name))]);
    for (name, expected) in [("培训人次", true), ("指标1", false), (" / ", false)] {
        assert_eq!(
            formula.eval_bool_in(&Row(&named(name))),
            Ok(expected),
            "{name}"
        );
    }
    assert_eq!(
        formula.functions(),
        vec![("是占位", span_of("非 是占位(三级指标)", "是占位"))]
    );
    let alias = parse_hosted("IS_PLACEHOLDER('无')");
    assert_eq!(alias.eval_in(&Row(&named(""))), Ok(Value::Bool(true)));
    assert_eq!(alias.functions()[0].0, "是占位");

    let error = parse_error("是占位(三级指标)");
    assert!(error.message.zh.contains("是占位"), "{}", error.message);
    let error = parse_hosted_error("是站位(三级指标)");
    assert_eq!(error.span, 0..9);
    assert!(error.help.zh.contains("“是占位”"), "{}", error.help);
    assert!(parse_hosted_error("分值(1)").help.zh.contains("是占位"));
    assert_eq!(
        parse_hosted("round(1.5)").eval_number(&|_| None),
        Ok(dec("2"))
    );

    let error = parse_hosted("是占位(1)")
        .eval_in(&Row(&HashMap::new()))
        .expect_err("the host refuses a number");
    assert_eq!(error.kind, EvalErrorKind::InvalidArgument);
    assert_eq!(
        (error.span, error.message.zh.as_str()),
        (0..12, "是占位需要文字")
    );

    let error = parse_hosted("1 + 是占位(\"a\")")
        .eval(&|_| None)
        .expect_err("a bare lookup has no functions");
    assert_eq!(error.kind, EvalErrorKind::UnknownName);
    assert_eq!(error.span, span_of("1 + 是占位(\"a\")", "是占位"));
}

#[test]
fn host_function_arity_is_checked_at_parse_time() {
    for source in ["是占位()", "是占位(三级指标, 二级指标)", "is_placeholder()"] {
        let error = parse_hosted_error(source);
        assert_eq!(error.span, 0..source.len(), "{source}");
        assert!(error.message.zh.contains(" 1 个参数"), "{}", error.message);
        assert!(error.help.zh.contains("逗号"), "{}", error.help);
    }
    let variadic = HostFunction {
        name: "任一为",
        aliases: &[],
        min_args: 2,
        max_args: usize::MAX,
    };
    let error = Formula::parse_with("任一为(1)", &[variadic]).expect_err("too few");
    assert!(error.message.zh.contains("至少 2 个"), "{}", error.message);
    assert!(Formula::parse_with("任一为(1, 2, 3, 4)", &[variadic]).is_ok());
    let shadow = HostFunction {
        name: "MIN",
        aliases: &[],
        min_args: 1,
        max_args: 1,
    };
    assert!(Formula::parse_with("min(1, 2)", &[shadow]).is_ok());
}

#[test]
fn aggregates_range_over_the_rows() {
    let sheet = three_rows();
    let cases = [
        ("count(一级指标 = \"成本指标\") >= 1", Value::Bool(true)),
        (
            "计数(一级指标 = \"成本指标\" 或 二级指标 = “成本指标”)",
            num("1"),
        ),
        ("count(否)", num("0")),
        ("sum(分值) = 90", Value::Bool(true)),
        ("求和(分值) = 总分", Value::Bool(true)),
        ("sum(if(是定量, 分值, 0))", num("69.75")),
        ("any(包含(三级指标, \"满意度\"))", Value::Bool(true)),
        ("任一(一级指标 = '效益指标')", Value::Bool(false)),
        ("all(分值 > 20)", Value::Bool(true)),
        ("全部(是定量)", Value::Bool(false)),
        ("min_of(分值)", num("20.25")),
        ("各行最大(长度(三级指标))", num("5")),
        ("count(是占位(三级指标)) < 门槛 + 1", Value::Bool(true)),
        ("count(是) + count(是)", num("6")),
    ];
    for (source, expected) in cases {
        let formula = parse_hosted(source);
        assert_eq!(formula.eval_in(&sheet), Ok(expected), "{source}");
    }
    let total = parse_hosted("sum(分值)").eval_number_in(&sheet);
    assert_eq!(total.map(|d| d.to_string()), Ok("90.00".to_owned()));

    let source = "count(一级指标 = \"成本指标\") >= 门槛";
    let formula = parse_hosted(source);
    assert_eq!(
        formula.names(),
        vec![
            ("一级指标", span_of(source, "一级指标")),
            ("门槛", span_of(source, "门槛")),
        ]
    );
    assert_eq!(
        formula.aggregates(),
        vec![span_of(source, "count(一级指标 = \"成本指标\")")]
    );
    assert!(parse_hosted("min(1, 2)").aggregates().is_empty());
}

#[test]
fn aggregates_report_row_errors_and_empty_sheets() {
    let mut sheet = three_rows();
    for (source, part, kind) in [
        (
            "sum(分值 ÷ (分值 - 20.25))",
            "分值 ÷ (分值 - 20.25)",
            EvalErrorKind::DivisionByZero,
        ),
        ("count(门槛 > 0)", "门槛", EvalErrorKind::UnknownName),
        ("1 + 一级指标", "一级指标", EvalErrorKind::UnknownName),
        ("all(分值)", "分值", EvalErrorKind::TypeMismatch),
        ("sum(是定量)", "是定量", EvalErrorKind::TypeMismatch),
    ] {
        let error = parse_hosted(source)
            .eval_in(&sheet)
            .expect_err("the formula fails");
        assert_eq!(
            (error.kind, error.span),
            (kind, span_of(source, part)),
            "{source}"
        );
    }
    let max = "79228162514264337593543950335";
    sheet.rows[0].insert("分值".to_owned(), num(max));
    let error = parse_hosted("1 + sum(分值)")
        .eval_in(&sheet)
        .expect_err("the total overflows");
    assert_eq!(
        (error.kind, error.span),
        (
            EvalErrorKind::Overflow,
            span_of("1 + sum(分值)", "sum(分值)")
        )
    );

    sheet.rows.clear();
    for (source, expected) in [
        ("count(是)", num("0")),
        ("sum(分值)", num("0")),
        ("any(是)", Value::Bool(false)),
        ("all(否)", Value::Bool(true)),
    ] {
        assert_eq!(
            parse_hosted(source).eval_in(&sheet),
            Ok(expected),
            "{source}"
        );
    }
    let error = parse_hosted("max_of(分值)")
        .eval_in(&sheet)
        .expect_err("no rows, no maximum");
    assert_eq!(
        (error.kind, error.span),
        (EvalErrorKind::InvalidArgument, 0..14)
    );
}

#[test]
fn aggregates_need_a_host_with_rows() {
    let source = "分值 > 0 且 count(一级指标 = \"成本指标\") >= 1";
    let row = figures(&[("分值", num("10"))]);
    let formula = Formula::parse(source).expect("parses");
    for outcome in [
        formula.eval(&|name| row.get(name).cloned()),
        formula.eval_in(&Row(&row)),
    ] {
        let error = outcome.expect_err("a row has no rows");
        assert_eq!(error.kind, EvalErrorKind::NoRows);
        assert_eq!(
            error.span,
            span_of(source, "count(一级指标 = \"成本指标\")")
        );
        assert!(error.message.zh.contains("整张表"), "{}", error.message);
    }
}

#[test]
fn aggregates_do_not_nest() {
    for (source, inner) in [
        ("count(sum(分值) > 1)", "sum(分值)"),
        ("求和(if(任一(是), 分值, 0))", "任一(是)"),
        ("any(all(是))", "all(是)"),
    ] {
        let error = parse_error(source);
        assert_eq!(error.span, span_of(source, inner), "{source}");
        assert!(error.message.zh.contains("汇总函数"), "{}", error.message);
    }
    assert!(Formula::parse("count(是) > 0 且 sum(分值) > count(否)").is_ok());
}

/// Characters from the formula alphabet, weighted toward the tricky ones.
fn formula_char() -> impl Strategy<Value = char> {
    let alphabet: Vec<char> =
        "0123456789０１２３４５６７８９.．%％+-*/×÷＋－＊／−<>=!≤≥≠≦≧＜＞＝！&|()（）,，\
         \"“”'‘’「」且或非是否执行率分值预算数全年 \u{3000}\tabcdfimnortux_ΩéΩ𠀀\u{200B}"
            .chars()
            .collect();
    prop_oneof![
        4 => proptest::sample::select(alphabet),
        1 => any::<char>(),
    ]
}

fn arbitrary_source() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::collection::vec(formula_char(), 0..200).prop_map(|cs| cs.into_iter().collect()),
        proptest::collection::vec(
            proptest::sample::select(vec![
                "min(",
                "round(",
                "if(",
                "如果（",
                ")",
                "）",
                ",",
                "，",
                " 且 ",
                " 或 ",
                "非 ",
                "执行率",
                "分值",
                "90%",
                "１２．５",
                " ÷ ",
                " × ",
                " - ",
                " < ",
                " ≥ ",
                "是",
                "否",
                "0",
                "79228162514264337593543950335",
                "count(",
                "sum(",
                "包含(",
                "长度(",
                "是占位(",
                " = ",
                "\"成本指标\"",
                "「 」",
                "“",
                "'",
            ]),
            0..60,
        )
        .prop_map(|parts| parts.concat()),
    ]
}

proptest! {
    #[test]
    fn parse_never_panics_and_spans_are_sound(source in arbitrary_source()) {
        match Formula::parse_with(&source, &[PLACEHOLDER]) {
            Err(error) => {
                prop_assert!(error.span.start <= error.span.end);
                prop_assert!(error.span.end <= source.len());
                prop_assert!(source.is_char_boundary(error.span.start));
                prop_assert!(source.is_char_boundary(error.span.end));
                prop_assert!(!error.message.zh.is_empty() && !error.help.zh.is_empty());
            }
            Ok(formula) => {
                for (name, span) in formula.names() {
                    prop_assert_eq!(source.get(span), Some(name));
                }
                for (name, span) in formula.functions() {
                    prop_assert_eq!(name, PLACEHOLDER.name);
                    prop_assert!(source.get(span).is_some());
                }
                let outcome = formula.eval(&|name| Some(if name.len() % 2 == 0 {
                    Value::Number(Decimal::ZERO)
                } else {
                    Value::Bool(true)
                }));
                if let Err(error) = outcome {
                    prop_assert!(source.get(error.span).is_some());
                }
                if let Err(error) = formula.eval_in(&three_rows()) {
                    prop_assert!(source.get(error.span).is_some());
                }
            }
        }
    }
}
