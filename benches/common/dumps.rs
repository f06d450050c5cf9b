//! The five real WordPress REST dumps of the shared corpus (652 posts, four languages),
//! by folder name. Shared by the tests and the benches through `#[path]`.

/// Folders of `$NEWSGREP_CORPUS` that hold WordPress REST dumps.
pub const DUMPS: &[&str] = &[
    "wp-golkar",
    "wp-izquierdahispanica",
    "wp-jannah-tech-demo",
    "wp-tuqulore-designlab",
    "wp-unitingnc",
];
