//! CSV files (any encoding) through reading and layout recognition.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    jixiao_fuzz::check("t.csv", data);
});
