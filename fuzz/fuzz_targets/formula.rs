//! Scheme formulas: any text parsed, and when it parses, evaluated over the seed's figures.
#![no_main]

use jixiao::formula::{Formula, Value};
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;

fuzz_target!(|text: &str| {
    if let Ok(formula) = Formula::parse(text) {
        let lookup = |name: &str| -> Option<Value> {
            let v = match name {
                "全年执行数" | "executed" => Decimal::new(1_227_549, 2),
                "全年预算数" | "full_year" => Decimal::new(1_498_839, 2),
                "年初预算数" | "initial" => Decimal::new(15_056, 1),
                "执行率" | "rate" => Decimal::new(819, 3),
                "分值" | "weight" => Decimal::TEN,
                _ => return None,
            };
            Some(Value::Number(v))
        };
        let _ = formula.eval(&lookup);
        let _ = formula.eval_number(&lookup);
        let _ = formula.to_string();
    }
});
