//! .xls files (OLE compound files holding BIFF records), as bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    jixiao_fuzz::check("t.xls", data);
});
