//! The engine's check (`huashu_linter::check`) on files from disk: the
//! collecting functions, with the command line's reader (`read::DiskReader`)
//! put in. A streamed run goes through `huashu_linter::lint_files`.

use std::sync::Arc;

pub use huashu_linter::check::*;

use crate::config::Config;
use crate::read::DiskReader;

/// `huashu_linter::check::check_files`, reading from disk.
pub fn check_files(
    files: &[FileEntry],
    walk_problems: &[WalkProblem],
    context: Context,
    config: &Config,
    options: &CheckOptions,
) -> Report {
    huashu_linter::check::check_files(files, walk_problems, context, &DiskReader, config, options)
}

/// `huashu_linter::check::check_stdin`, its context read from disk.
pub fn check_stdin(
    display: &Arc<str>,
    bytes: &[u8],
    context: Context,
    config: &Config,
    options: &CheckOptions,
) -> Report {
    huashu_linter::check::check_stdin(display, bytes, context, &DiskReader, config, options)
}
