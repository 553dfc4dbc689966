//! A sheet/1 YAML or JSON file through the whole check. The first byte picks the syntax.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&which, bytes)) = data.split_first() else {
        return;
    };
    let name = if which % 2 == 0 { "t.yaml" } else { "t.json" };
    jixiao_fuzz::check(name, bytes);
});
