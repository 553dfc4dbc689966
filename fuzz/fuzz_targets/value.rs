//! Cell values: any text through the value grammar, as a 年度指标值 or 实际完成值.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let value = jixiao::value::parse(text);
    let _ = jixiao::value::to_json(text, &value);
});
