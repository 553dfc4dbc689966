//! The schemes compiled into the binary, by id.

use super::{Scheme, SchemeError, load_str};

const BUNDLED: &[(&str, &str)] = &[
    (
        "henan-2022-department",
        include_str!("../../schemes/henan-2022-department.yaml"),
    ),
    (
        "mof-2020-department",
        include_str!("../../schemes/mof-2020-department.yaml"),
    ),
    (
        "mof-2020-project",
        include_str!("../../schemes/mof-2020-project.yaml"),
    ),
    (
        "mof-2020-project-evaluation",
        include_str!("../../schemes/mof-2020-project-evaluation.yaml"),
    ),
    (
        "province-2024-project",
        include_str!("../../schemes/province-2024-project.yaml"),
    ),
];

/// Ids of the bundled schemes.
pub fn bundled_ids() -> impl Iterator<Item = &'static str> {
    BUNDLED.iter().map(|(id, _)| *id)
}

/// The YAML text of a bundled scheme.
pub fn bundled_source(id: &str) -> Option<&'static str> {
    BUNDLED
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(_, text)| *text)
}

/// Load a bundled scheme by id.
pub fn bundled(id: &str) -> Option<Result<Scheme, SchemeError>> {
    bundled_source(id).map(|text| load_str(&format!("<bundled>/{id}.yaml"), text))
}
