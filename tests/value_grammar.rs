//! The value grammar, pinned by real cell texts: every class of notation, every comparator
//! and unit, full-width and mixed punctuation, and every target and actual of the seed sheet.

use jixiao::text::char_index;
use jixiao::value::{self, Op, UnitTable, Value};
use proptest::prelude::*;

/// A compact, exact rendering of a value: kind, op, value, unit, subject, bounds, span.
fn compact(text: &str, v: &Value) -> String {
    let q = |q: &value::Quantity| {
        let unit = q.unit_symbol();
        if unit.is_empty() {
            q.value.normalize().to_string()
        } else {
            format!("{} {unit}", q.value.normalize())
        }
    };
    let subject = |s: &Option<value::Subject>| match s {
        Some(s) => format!(" @{}", s.text),
        None => String::new(),
    };
    match v {
        Value::Comparison {
            subject: s,
            op,
            quantity,
        } => format!("cmp {} {}{}", op.symbol(), q(quantity), subject(s)),
        Value::Quantity {
            subject: s,
            quantity,
        } => format!("qty {}{}", q(quantity), subject(s)),
        Value::Range {
            low,
            high,
            low_inclusive,
            high_inclusive,
        } => format!(
            "range {}{}, {}{}",
            if *low_inclusive { '[' } else { '(' },
            q(low),
            q(high),
            if *high_inclusive { ']' } else { ')' }
        ),
        Value::Date {
            date,
            precision,
            deadline,
            ..
        } => format!(
            "date {date} {}{}",
            precision.name(),
            if *deadline { " <=" } else { "" }
        ),
        Value::Qualitative(t) => format!("qual {t}"),
        Value::Placeholder => "ph".to_string(),
        Value::Error(e) => format!(
            "err {}..{}",
            char_index(text, e.span.start),
            char_index(text, e.span.end)
        ),
    }
}

const CASES: &[(&str, &str)] = &[
    // Comparators: symbols, ASCII digraphs, full width, the ≧ ≦ forms.
    ("≥90%", "cmp >= 90 %"),
    ("≤30%", "cmp <= 30 %"),
    (">95%", "cmp > 95 %"),
    ("<5%", "cmp < 5 %"),
    ("=100%", "cmp = 100 %"),
    (">=90%", "cmp >= 90 %"),
    ("<=10次", "cmp <= 10 次"),
    ("==100%", "cmp = 100 %"),
    ("＞＝90%", "cmp >= 90 %"),
    ("＜＝20%", "cmp <= 20 %"),
    ("＞80%", "cmp > 80 %"),
    ("＜3次", "cmp < 3 次"),
    ("＝100%", "cmp = 100 %"),
    ("≧95%", "cmp >= 95 %"),
    ("≦100%", "cmp <= 100 %"),
    ("≥ 90 %", "cmp >= 90 %"),
    ("≥\u{3000}90%", "cmp >= 90 %"),
    // Comparators in words, before the number.
    ("不低于90%", "cmp >= 90 %"),
    ("不少于500亩", "cmp >= 500 亩"),
    ("至少3次", "cmp >= 3 次"),
    ("大于80%", "cmp > 80 %"),
    ("高于上年", "qual 高于上年"),
    ("高于85%", "cmp > 85 %"),
    ("不高于5%", "cmp <= 5 %"),
    ("不超过90万元", "cmp <= 90 万元"),
    ("不多于2次", "cmp <= 2 次"),
    ("小于1%", "cmp < 1 %"),
    ("低于3%", "cmp < 3 %"),
    ("达到100%", "cmp >= 100 %"),
    ("超过20家", "cmp > 20 家"),
    ("大于等于95%", "cmp >= 95 %"),
    ("等于100%", "cmp = 100 %"),
    ("控制在5%", "cmp <= 5 %"),
    // Comparators in words, after the number.
    ("90%以上", "cmp >= 90 %"),
    ("95%及以上", "cmp >= 95 %"),
    ("30次以内", "cmp <= 30 次"),
    ("5%以下", "cmp <= 5 %"),
    ("3个工作日内", "cmp <= 3 工作日"),
    ("≥90%以上", "cmp >= 90 %"),
    // A name before the comparison is its subject.
    ("足额保障率=100%", "cmp = 100 % @足额保障率"),
    ("科目调整次数≤10次", "cmp <= 10 次 @科目调整次数"),
    ("群众满意度≥90%", "cmp >= 90 % @群众满意度"),
    ("培训人数不少于200人", "cmp >= 200 人 @培训人数"),
    ("资金到位率 ≥ 95%", "cmp >= 95 % @资金到位率"),
    // Quantities with units of every dimension.
    ("500亩", "qty 500 亩"),
    ("4批次", "qty 4 批次"),
    ("4季度", "qty 4 季度"),
    ("430万元", "qty 430 万元"),
    ("15000元", "qty 15000 元"),
    ("1.5万元", "qty 1.5 万元"),
    ("6.47亿元", "qty 6.47 亿元"),
    ("2个", "qty 2 个"),
    ("2370人", "qty 2370 人"),
    ("30次", "qty 30 次"),
    ("20000件", "qty 20000 件"),
    ("100人次", "qty 100 人次"),
    ("120户", "qty 120 户"),
    ("15家", "qty 15 家"),
    ("3篇", "qty 3 篇"),
    ("200份", "qty 200 份"),
    ("5台", "qty 5 台"),
    ("12套", "qty 12 套"),
    ("8项", "qty 8 项"),
    ("3所", "qty 3 所"),
    ("6场", "qty 6 场"),
    ("2期", "qty 2 期"),
    ("10公顷", "qty 10 公顷"),
    ("3000平方米", "qty 3000 平方米"),
    ("500㎡", "qty 500 平方米"),
    ("12公里", "qty 12 公里"),
    ("3千米", "qty 3 公里"),
    ("800米", "qty 800 米"),
    ("30天", "qty 30 天"),
    ("15日", "qty 15 天"),
    ("10工作日", "qty 10 工作日"),
    ("6月", "qty 6 月"),
    ("3年", "qty 3 年"),
    ("95%", "qty 95 %"),
    ("95％", "qty 95 %"),
    ("100百分比", "qty 100 %"),
    ("2万人次", "qty 2 万人次"),
    ("50吨", "qty 50 吨"),
    // Numbers: full width, separators, signs, Chinese numerals.
    ("９５％", "qty 95 %"),
    ("１２．５", "qty 12.5"),
    ("1,000", "qty 1000"),
    ("1，000元", "qty 1000 元"),
    ("12,345.67万元", "qty 12345.67 万元"),
    ("0.00%", "qty 0 %"),
    ("-9.00%", "qty -9 %"),
    ("－3%", "qty -3 %"),
    ("100.00%", "qty 100 %"),
    ("两次", "qty 2 次"),
    ("四个季度", "qty 4 季度"),
    ("五百亩", "qty 500 亩"),
    ("十五个", "qty 15 个"),
    ("一次", "qty 1 次"),
    ("≥五百亩", "cmp >= 500 亩"),
    ("12", "qty 12"),
    (".5", "qty 0.5"),
    // A prefix before a number without a comparator.
    ("已完成100%", "qty 100 % @已完成"),
    ("约15万元", "qty 15 万元 @约"),
    // Ranges.
    ("90%-100%", "range [90 %, 100 %]"),
    ("90%~100%", "range [90 %, 100 %]"),
    ("90%～100%", "range [90 %, 100 %]"),
    ("90%至100%", "range [90 %, 100 %]"),
    ("90-100%", "range [90 %, 100 %]"),
    ("80%(含)-90%", "range [80 %, 90 %)"),
    ("80%（含）-90%（不含）", "range [80 %, 90 %)"),
    ("80%-90%(含)", "range (80 %, 90 %]"),
    ("1-12月", "range [1 月, 12 月]"),
    ("5到10次", "range [5 次, 10 次]"),
    // Dates and deadlines, with their precision.
    ("2022年6月30日", "date 2022-06-30 day"),
    ("2022年6月", "date 2022-06-30 month"),
    ("2022年2月", "date 2022-02-28 month"),
    ("2024年2月", "date 2024-02-29 month"),
    ("2022年底", "date 2022-12-31 year <="),
    ("2022年末", "date 2022-12-31 year <="),
    ("2022年12月31日前", "date 2022-12-31 day <="),
    ("2022年12月31日之前", "date 2022-12-31 day <="),
    ("2022年9月以前", "date 2022-09-30 month <="),
    ("预计2022年6月30日完成", "date 2022-06-30 day <="),
    ("2022年10月底前完成", "date 2022-10-31 month <="),
    ("2022-06-30", "date 2022-06-30 day"),
    ("2022.6.30", "date 2022-06-30 day"),
    ("2022/6/30", "date 2022-06-30 day"),
    ("２０２２年６月３０日", "date 2022-06-30 day"),
    ("2022年", "date 2022-12-31 year"),
    ("2022年内", "date 2022-12-31 year <="),
    ("截至2022年11月30日", "date 2022-11-30 day"),
    // Qualitative texts.
    ("相关", "qual 相关"),
    ("科学", "qual 科学"),
    ("合理", "qual 合理"),
    ("有效促进", "qual 有效促进"),
    ("明显提升", "qual 明显提升"),
    ("按要求完成", "qual 按要求完成"),
    ("专款专用", "qual 专款专用"),
    ("好", "qual 好"),
    ("达成预期指标", "qual 达成预期指标"),
    ("完成", "qual 完成"),
    ("  有效　保障 ", "qual 有效 保障"),
    ("一般", "qual 一般"),
    ("第一季度", "qual 第一季度"),
    ("4类用地全部完成", "qual 4类用地全部完成"),
    ("500亩地", "qual 500亩地"),
    ("满意度≥90%，投诉率≤5%", "qual 满意度≥90%,投诉率≤5%"),
    ("（未完成", "qual (未完成"),
    // Placeholders.
    ("", "ph"),
    ("   ", "ph"),
    ("/", "ph"),
    ("／", "ph"),
    ("-", "ph"),
    ("—", "ph"),
    ("——", "ph"),
    ("一", "ph"),
    ("*", "ph"),
    ("……", "ph"),
    ("…", "ph"),
    ("无", "ph"),
    ("指标1", "ph"),
    ("指标12", "ph"),
    ("指标三", "ph"),
    // Errors, located in characters.
    ("≥9O%", "err 2..4"),
    ("≥%", "err 1..2"),
    ("≥90%%", "err 3..5"),
    ("9O%", "err 1..3"),
    ("≥500亩地", "err 4..6"),
    ("≥", "err 1..1"),
    ("9e99", "err 0..4"),
    ("99999999999999999999999999999999999999999", "err 0..41"),
    ("2022年2月30日", "err 7..9"),
    ("2022年13月", "err 5..7"),
    ("100%-90%", "err 0..8"),
    ("90%-100亩", "err 0..8"),
    ("≥90%（", "err 4..5"),
    // The seed sheet's targets and actuals (shangjie-2022-department.yaml).
    ("科学", "qual 科学"),
    ("完整", "qual 完整"),
    ("≥80%", "cmp >= 80 %"),
    ("≤70%", "cmp <= 70 %"),
    ("≤20%", "cmp <= 20 %"),
    ("20%", "qty 20 %"),
    ("60%", "qty 60 %"),
    ("100%", "qty 100 %"),
    ("真实", "qual 真实"),
    ("合规", "qual 合规"),
    ("健全", "qual 健全"),
    ("公开", "qual 公开"),
    ("规范", "qual 规范"),
    ("≥500亩", "cmp >= 500 亩"),
    ("≥95%", "cmp >= 95 %"),
    ("≥30次", "cmp >= 30 次"),
    ("≥20000件", "cmp >= 20000 件"),
    (
        "成果通过或无新的工作要求下达",
        "qual 成果通过或无新的工作要求下达",
    ),
    (
        "标定地价三类用地、集体建设用地四类用地、集体农用地四类用",
        "qual 标定地价三类用地、集体建设用地四类用地、集体农用地四类用",
    ),
    ("依法有序", "qual 依法有序"),
    ("有效保障，合理优化", "qual 有效保障,合理优化"),
    ("有效维护", "qual 有效维护"),
    ("有效保障", "qual 有效保障"),
    ("有效提高", "qual 有效提高"),
    ("有效保障，严防地灾发生", "qual 有效保障,严防地灾发生"),
    ("有效推进", "qual 有效推进"),
    ("明显提高", "qual 明显提高"),
    // Real sheets' notation (tests/real/): compound units, approximate counts, month deadlines
    // without their year, look-alike comparators, and scanning debris read as unreadable, never
    // as a smaller number.
    ("583元/人*月", "qty 583 元/人*月"),
    (">=530元/人*月", "cmp >= 530 元/人*月"),
    ("5830元/户", "qty 5830 元/户"),
    ("1200人次/年", "qty 1200 人次/年"),
    ("≤3万元/公里", "cmp <= 3 万元/公里"),
    ("200余人", "qty 200 人"),
    ("30多次", "qty 30 次"),
    ("9月前", "date --09-30 month <="),
    ("11月底前", "date --11-30 month <="),
    ("12月31日前", "date --12-31 day <="),
    ("完成时间为2022年12月30日", "date 2022-12-30 day"),
    ("﹦100%", "cmp = 100 %"),
    ("═100%", "cmp = 100 %"),
    ("M.8万元", "err 0..1"),
    ("l5个", "err 0..1"),
    ("第O份", "err 1..2"),
    ("I类水质", "qual I类水质"),
    ("指标L", "ph"),
    ("指标2:", "ph"),
];

#[test]
fn every_case_reads_exactly() {
    assert!(CASES.len() >= 150, "only {} cases", CASES.len());
    let mut failures = Vec::new();
    for (text, expected) in CASES {
        let got = compact(text, &value::parse(text));
        if got != *expected {
            failures.push(format!("{text:?}: expected {expected:?}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn separate_comparator_and_unit_columns() {
    let t = UnitTable::standard();
    let v = value::parse_with("100", Some(Op::Le), Some("%"), t);
    assert_eq!(compact("100", &v), "cmp <= 100 %");
    let v = value::parse_with("500", Some(Op::Ge), Some("亩"), t);
    assert_eq!(compact("500", &v), "cmp >= 500 亩");
    // The text's own comparator and unit win over the columns.
    let v = value::parse_with("≥90%", Some(Op::Le), Some("次"), t);
    assert_eq!(compact("≥90%", &v), "cmp >= 90 %");
    let v = value::parse_with("90-100", None, Some("%"), t);
    assert_eq!(compact("90-100", &v), "range [90 %, 100 %]");
    assert!(matches!(
        value::parse_with("5", None, Some("斤两"), t),
        Value::Error(_)
    ));
    assert_eq!(value::parse_op("＞＝"), Some(Op::Ge));
    assert_eq!(value::parse_op("不超过"), Some(Op::Le));
}

#[test]
fn amounts_convert_within_their_dimension() {
    let yuan = value::parse("15000元");
    let wan = value::parse("1.5万元");
    let (a, b) = (yuan.quantity().unwrap(), wan.quantity().unwrap());
    assert_eq!(a.in_base(), b.in_base());
    assert!(
        a.unit
            .as_ref()
            .unwrap()
            .convertible(b.unit.as_ref().unwrap())
    );
    let mu = value::parse("15亩");
    let ha = value::parse("1公顷");
    assert_eq!(
        mu.quantity().unwrap().in_base(),
        ha.quantity().unwrap().in_base()
    );
    let people = value::parse("2人");
    assert!(
        !people
            .quantity()
            .unwrap()
            .unit
            .as_ref()
            .unwrap()
            .convertible(
                value::parse("2件")
                    .quantity()
                    .unwrap()
                    .unit
                    .as_ref()
                    .unwrap()
            )
    );
}

#[test]
fn errors_name_the_overflowing_number() {
    let text = "9".repeat(40);
    let Value::Error(e) = value::parse(&text) else {
        panic!("expected an error");
    };
    assert!(e.message.zh.contains("999999999999"), "{}", e.message.zh);
}

#[test]
fn json_keys_as_documented() {
    let cases = [
        (
            "足额保障率=100.00%",
            r#"{"kind":"comparison","op":"=","subject":"足额保障率","text":"足额保障率=100.00%","unit":"%","value":"100","dimension":"percent"}"#,
        ),
        (
            "2022年底",
            r#"{"date":"2022-12-31","kind":"date","op":"<=","precision":"year","text":"2022年底"}"#,
        ),
        (
            "80%(含)-90%",
            r#"{"high":{"unit":"%","value":"90"},"high_inclusive":false,"kind":"range","low":{"unit":"%","value":"80"},"low_inclusive":true,"text":"80%(含)-90%"}"#,
        ),
        (
            "有效　促进",
            r#"{"kind":"qualitative","normalized":"有效 促进","text":"有效　促进"}"#,
        ),
        ("/", r#"{"kind":"placeholder","text":"/"}"#),
    ];
    for (text, expected) in cases {
        let got = value::to_json(text, &value::parse(text));
        let expected: serde_json::Value = serde_json::from_str(expected).unwrap();
        assert_eq!(got, expected, "{text}");
    }
    let err = value::to_json("≥9O%", &value::parse("≥9O%"));
    assert_eq!(err["kind"], "error");
    assert_eq!(err["span"], serde_json::json!({"start": 2, "end": 4}));
    assert!(err["message"].as_str().unwrap().contains("O%"));
}

#[test]
fn a_megabyte_cell_is_read_without_blowing_up() {
    let prose = "有效促进".repeat(90_000);
    assert!(matches!(value::parse(&prose), Value::Qualitative(_)));
    let digits = "1".repeat(1_000_000);
    assert!(matches!(value::parse(&digits), Value::Error(_)));
    let mixed = format!("≥{}", "9O".repeat(500_000));
    assert!(matches!(value::parse(&mixed), Value::Error(_)));
    let controls: String = (0u8..32).map(char::from).cycle().take(100_000).collect();
    let _ = value::parse(&controls);
    assert!(matches!(
        value::parse("（（（（（（"),
        Value::Qualitative(_)
    ));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn never_panics_and_spans_stay_inside(text in "\\PC{0,1000}") {
        check_spans(&text);
    }

    #[test]
    fn never_panics_on_cell_like_text(
        text in "[≥≤＞＜＝<>=不低于以上内0-9０-９.．,，%％亩元万个次年月日底前含()（）~至 一\\-二两三四五六七八九十百千OoEe/…]{0,40}"
    ) {
        check_spans(&text);
    }
}

fn check_spans(text: &str) {
    let v = value::parse(text);
    let spans: Vec<std::ops::Range<usize>> = match &v {
        Value::Error(e) => vec![e.span.clone()],
        Value::Comparison {
            quantity, subject, ..
        }
        | Value::Quantity { quantity, subject } => {
            let mut s = vec![quantity.span.clone()];
            s.extend(subject.iter().map(|s| s.span.clone()));
            s
        }
        Value::Range { low, high, .. } => vec![low.span.clone(), high.span.clone()],
        Value::Date { span, .. } => vec![span.clone()],
        _ => vec![],
    };
    for span in spans {
        assert!(
            span.start <= span.end && span.end <= text.len(),
            "{span:?} in {text:?}"
        );
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
    }
    let _ = value::to_json(text, &v);
}
