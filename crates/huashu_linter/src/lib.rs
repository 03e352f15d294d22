//! The huashu engine: phrase scripts checked against a service standard,
//! on paths and texts. It reads no files, writes none, prints nothing and
//! needs no threads (the `parallel` feature checks files on rayon's pool):
//! the command line, an editor's language server and a web page drive the
//! same code, and each does its own reading and drawing.
//!
//! The entry points are in `lint` (re-exported here): `Settings`, a
//! `Project` that holds the repository's cross-file facts and is updated one
//! file at a time, `lint_file`, `lint_files` and `read_failure`.
//!
//! The flow: `config` validates huashu.yaml's text into a `Config`;
//! `check` runs the `rules` over each file (`huashu_yaml` parses it,
//! `model` types it) and finishes the cross-file facts, suppressions and
//! severities; `fix`, `suppress` and `baseline` work on the findings.

pub mod baseline;
pub mod calls;
pub mod check;
pub mod config;
pub mod finding;
pub mod fix;
pub mod json;
pub mod lint;
pub mod model;
pub mod rules;
pub mod schema;
pub mod standard;
pub mod suggest;
pub mod suppress;
pub mod text;

/// The span-keeping YAML tree the rules read.
pub use huashu_yaml as yaml;
/// A file's text and the line index that locates byte spans in it.
pub use huashu_yaml::source;

pub use lint::{lint_file, lint_files, read_failure, Project, Settings};
