//! Tools for scheme authors that run the engine: scheme test cases (`test`) and comparing
//! two schemes (`diff`). They sit above the engine; nothing below depends on them.

pub mod diff;
pub mod test;
