//! jixiao (绩效): score and lint budget-performance self-evaluation sheets against YAML schemes.
//!
//! The stages, each in its own module: [`value`] reads cell texts; the rest of the pipeline
//! builds on it.

pub mod authoring;
pub mod checks;
pub mod codes;
pub mod diagnostic;
pub mod engine;
pub mod formula;
pub mod fsutil;
pub mod lang;
pub mod limits;
pub mod numfmt;
pub mod report;
pub mod scheme;
pub mod sheet;
pub mod source_map;
pub mod text;
pub mod value;
pub mod yaml;
