//! Which files a run checks (FORMAT.md §1): the paths named, walked
//! recursively for `*.yaml`/`*.yml`, minus hidden entries, `target/`,
//! `node_modules/`, what ignore files leave out (`.gitignore` in a git
//! repository, `.ignore`, `.huashuignore`: ripgrep's `ignore` crate, so the
//! rules are git's), config files (`huashu.yaml` is never a script), the
//! standard file in force, and the config's `exclude` globs.
//! Symbolic links are not followed unless asked (`--follow-links`), as
//! ripgrep, ruff and typos do: a link to `/` or a tree of links would make a
//! walk endless or repeat a file thousands of times. When they are followed,
//! a loop is reported once and not entered.
//! The result is sorted by display path, so every run sees the same order.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use globset::GlobSet;
use rayon::prelude::*;

use crate::config::{Config, CONFIG_NAMES};

/// The walk's results are the engine's inputs.
pub use huashu_linter::check::{FileEntry, WalkProblem};

#[derive(Debug, Default)]
pub struct Walked {
    pub files: Vec<FileEntry>,
    pub problems: Vec<WalkProblem>,
    /// Files named on the command line that the config's `paths` do not
    /// cover (a `docker-compose.yml` that pre-commit passes in): not checked.
    pub outside_paths: Vec<Arc<str>>,
    /// Files named on the command line that `exclude` leaves out.
    pub excluded: Vec<Arc<str>>,
}

/// How a walk goes beyond what the config says: the command line's choices.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// Follow symbolic links (`--follow-links`); loops are detected.
    pub follow_links: bool,
    /// Read no ignore files (`--no-ignore`).
    pub no_ignore: bool,
    /// Check files named on the command line even outside the config's
    /// `paths` (`--no-force-exclude`).
    pub check_outside_paths: bool,
    /// `--exclude`: replaces the config's `exclude`.
    pub exclude: Option<GlobSet>,
    /// `--extend-exclude`: added to it.
    pub extend_exclude: Option<GlobSet>,
}

/// The name of huashu's own ignore file (gitignore syntax), read in every
/// folder the walk enters, git repository or not.
pub const IGNORE_FILE: &str = ".huashuignore";

/// Lexically absolute and normalized (no `.`/`..`), without touching the file system.
pub fn absolute(path: &Path, cwd: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// How a path is shown: relative to the working directory, `/`-separated —
/// with `../` for a file beside it (run from `scripts/`, a snippet is
/// `../snippets/common.yaml`, as ruff and git show it); absolute only when
/// the two have nothing but the file system's root in common.
pub fn display(path: &Path, cwd: &Path) -> Arc<str> {
    display_abs(&absolute(path, cwd), cwd)
}

/// `abs` relative to `cwd` (both absolute and normalized), or `None` when
/// they share no folder but the root.
fn relative_to(abs: &Path, cwd: &Path) -> Option<PathBuf> {
    if let Ok(inside) = abs.strip_prefix(cwd) {
        return Some(inside.to_path_buf());
    }
    let (mut a, mut c) = (abs.components().peekable(), cwd.components().peekable());
    let mut shared = 0;
    while let (Some(x), Some(y)) = (a.peek(), c.peek()) {
        if x != y {
            break;
        }
        if matches!(x, Component::Normal(_)) {
            shared += 1;
        }
        a.next();
        c.next();
    }
    if shared == 0 {
        return None;
    }
    let mut out = PathBuf::new();
    for _ in c {
        out.push("..");
    }
    out.extend(a);
    Some(out)
}

/// `display`, with the path made absolute already.
fn display_abs(abs: &Path, cwd: &Path) -> Arc<str> {
    let relative = relative_to(abs, cwd);
    let shown = shown_name(relative.as_deref().unwrap_or(abs));
    if shown.is_empty() {
        ".".into()
    } else if cfg!(windows) && shown.contains('\\') {
        shown.replace('\\', "/").into()
    } else {
        shown.into()
    }
}

/// A path as text that is safe to print on one line of any report: a
/// control character (a newline would start a line of its own — in CI, a
/// GitHub workflow command) is shown escaped (`\n`, `\x1b`), and so is each
/// byte that is not UTF-8 (`\xff`), so that two different names never show
/// the same.
pub fn shown_name(path: &Path) -> String {
    use std::fmt::Write as _;
    #[cfg(unix)]
    let bytes = std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str());
    #[cfg(not(unix))]
    let lossy = path.to_string_lossy();
    #[cfg(not(unix))]
    let bytes = lossy.as_bytes();
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if c.is_control() => {
                    let _ = write!(out, "\\u{{{:x}}}", c as u32);
                }
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02x}");
        }
    }
    out
}

/// What makes a file itself, whatever path reaches it.
#[cfg(unix)]
fn file_identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn file_identity(path: &Path) -> Option<PathBuf> {
    path.canonicalize().ok()
}

fn is_skipped_name(name: &str) -> bool {
    (name.starts_with('.') && name != "." && name != "..")
        || name == "target"
        || name == "node_modules"
}

fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

struct Filter<'a> {
    config: &'a Config,
    options: &'a WalkOptions,
    cwd: PathBuf,
    root: PathBuf,
    config_file: Option<PathBuf>,
    standard_file: Option<PathBuf>,
}

impl<'a> Filter<'a> {
    fn new(config: &'a Config, options: &'a WalkOptions, cwd: &Path) -> Filter<'a> {
        Filter {
            config,
            options,
            cwd: cwd.to_path_buf(),
            root: absolute(&config.root, cwd),
            config_file: config.file.as_deref().map(|f| absolute(f, cwd)),
            standard_file: config.standard_file.as_deref().map(|f| absolute(f, cwd)),
        }
    }

    fn excluded(&self, path: &Path) -> bool {
        self.excluded_abs(&absolute(path, &self.cwd), path)
    }

    /// `excluded`, with the path made absolute already.
    fn excluded_abs(&self, abs: &Path, path: &Path) -> bool {
        if self.config_file.as_deref() == Some(abs) || self.standard_file.as_deref() == Some(abs) {
            return true;
        }
        let exclude = self
            .options
            .exclude
            .as_ref()
            .unwrap_or(&self.config.exclude);
        let extend = self.options.extend_exclude.as_ref();
        if exclude.is_empty() && extend.is_none_or(GlobSet::is_empty) {
            return false;
        }
        let rel = abs.strip_prefix(&self.root).unwrap_or(path);
        exclude.is_match(rel) || extend.is_some_and(|e| e.is_match(rel))
    }

    /// Whether a file named on the command line is one the config covers:
    /// inside one of its `paths` (or its folder, without `paths`). Without a
    /// config file, every file is covered.
    fn covered(&self, path: &Path) -> bool {
        if self.config.file.is_none() || self.options.check_outside_paths {
            return true;
        }
        let abs = absolute(path, &self.cwd);
        if self.config.paths.is_empty() {
            return abs.starts_with(&self.root);
        }
        self.config
            .paths
            .iter()
            .any(|p| abs.starts_with(absolute(p, &self.cwd)))
    }
}

/// Whether a path (a file named on the command line, or standard input's
/// name) is excluded by the config.
pub fn is_excluded(path: &Path, config: &Config, cwd: &Path) -> bool {
    let options = WalkOptions::default();
    Filter {
        config_file: None,
        standard_file: None,
        ..Filter::new(config, &options, cwd)
    }
    .excluded(path)
}

/// Whether the config covers a file named on the command line (or standard
/// input's name): inside its `paths`, or its folder without `paths`; every
/// file, without a config file.
pub fn is_covered(path: &Path, config: &Config, cwd: &Path) -> bool {
    let options = WalkOptions::default();
    Filter::new(config, &options, cwd).covered(path)
}

/// Walk `scope` (files and folders that exist; the caller checks that),
/// with the default options: ignore files read, links not followed.
pub fn walk(scope: &[PathBuf], config: &Config, cwd: &Path) -> Walked {
    walk_with(scope, config, cwd, &WalkOptions::default())
}

/// The loop or I/O error inside an error of the walk; `None` for a soft
/// one (a line of a `.gitignore` that is not a valid glob), which ripgrep
/// too lets pass: the rest of the ignore file still applies.
fn hard_error(err: &ignore::Error) -> Option<(Option<&Path>, Option<&Path>, String)> {
    match err {
        ignore::Error::WithPath { path, err } => {
            hard_error(err).map(|(at, ancestor, why)| (at.or(Some(path.as_path())), ancestor, why))
        }
        ignore::Error::WithDepth { err, .. } => hard_error(err),
        ignore::Error::Loop { ancestor, child } => Some((
            Some(child.as_path()),
            Some(ancestor.as_path()),
            "symbolic link loop".to_string(),
        )),
        // The walker's own error says which path again; the reason is the
        // operating system's, inside it.
        ignore::Error::Io(e) => {
            let os = e
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<walkdir::Error>())
                .and_then(walkdir::Error::io_error);
            Some((
                None,
                None,
                os.map_or_else(|| e.to_string(), ToString::to_string),
            ))
        }
        _ => None,
    }
}

/// Walk `scope` as `options` say.
pub fn walk_with(scope: &[PathBuf], config: &Config, cwd: &Path, options: &WalkOptions) -> Walked {
    let filter = Filter::new(config, options, cwd);
    let mut out = Walked::default();
    let mut found: Vec<PathBuf> = Vec::new();
    for start in scope {
        // A FIFO, a device or a socket named as a path to check is a
        // finding (unreadable-file), never a silent "0 files".
        if let Ok(meta) = std::fs::metadata(start) {
            if !meta.is_file() && !meta.is_dir() {
                out.problems.push(WalkProblem {
                    display: display(start, cwd),
                    loop_target: None,
                    error: "not a regular file or folder (a FIFO, a device or a socket)".into(),
                });
                continue;
            }
        }
        if start.is_file() {
            // Named explicitly: checked whatever its name or ignore files
            // say, but only when the config covers it (pre-commit passes
            // every changed YAML file), and `exclude` still applies.
            if !filter.covered(start) {
                out.outside_paths.push(display(start, cwd));
            } else if filter.excluded(start) {
                out.excluded.push(display(start, cwd));
            } else {
                out.files.push(FileEntry {
                    display: display(start, cwd),
                    path: start.clone(),
                });
            }
            continue;
        }
        let mut builder = ignore::WalkBuilder::new(start);
        builder
            .follow_links(options.follow_links)
            .hidden(true)
            .git_ignore(!options.no_ignore)
            .git_exclude(!options.no_ignore)
            .git_global(!options.no_ignore)
            .ignore(!options.no_ignore)
            .parents(!options.no_ignore)
            .sort_by_file_name(|a, b| a.cmp(b))
            .filter_entry(|e| e.depth() == 0 || !is_skipped_name(&e.file_name().to_string_lossy()));
        if !options.no_ignore {
            builder.add_custom_ignore_filename(IGNORE_FILE);
        }
        for entry in builder.build() {
            let err = match entry {
                Ok(e) => {
                    let is_config = CONFIG_NAMES.iter().any(|n| e.file_name() == *n);
                    let is_file = e.file_type().is_some_and(|t| t.is_file());
                    if is_file && is_yaml(e.path()) && !is_config {
                        found.push(e.into_path());
                    }
                    continue;
                }
                Err(err) => err,
            };
            let Some((at, ancestor, error)) = hard_error(&err) else {
                continue;
            };
            let at = at.map_or_else(|| start.clone(), Path::to_path_buf);
            if filter.excluded(&at) {
                continue;
            }
            out.problems.push(WalkProblem {
                display: display(&at, cwd),
                loop_target: ancestor.map(|a| display(a, cwd)),
                error,
            });
        }
    }
    // Excluding and naming the files found is most of a walk's work: done
    // in parallel, while the traversal itself stays one ordered pass.
    // A handful of files (pre-commit) is not worth waking the threads for.
    let entry = |path: PathBuf| {
        let abs = absolute(&path, cwd);
        (!filter.excluded_abs(&abs, &path)).then(|| FileEntry {
            display: display_abs(&abs, cwd),
            path,
        })
    };
    if found.len() > 256 {
        out.files
            .par_extend(found.into_par_iter().filter_map(entry));
        out.files.par_sort_unstable();
    } else {
        out.files.extend(found.into_iter().filter_map(entry));
        out.files.sort_unstable();
    }
    // Links followed may reach one file by many paths (two links a level,
    // twelve levels: 4,096): it is checked once, under its first name, or
    // it would be a duplicate id of itself.
    if options.follow_links {
        let mut seen = std::collections::HashSet::new();
        out.files.retain(|f| match file_identity(&f.path) {
            Some(id) => seen.insert(id),
            None => true,
        });
    }
    // The same file named twice (`a.yaml ./a.yaml`) once; two files whose
    // names only look alike are both kept: compared by real path.
    out.files.dedup_by(|a, b| {
        a.display == b.display && absolute(&a.path, cwd) == absolute(&b.path, cwd)
    });
    out.problems.sort_by(|a, b| a.display.cmp(&b.display));
    out.problems.dedup_by(|a, b| a.display == b.display);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths_are_relative_and_normalized() {
        let cwd = Path::new("/repo");
        assert_eq!(
            &*display(Path::new("./scripts/a.yaml"), cwd),
            "scripts/a.yaml"
        );
        assert_eq!(
            &*display(Path::new("/repo/scripts/../b.yaml"), cwd),
            "b.yaml"
        );
        assert_eq!(
            &*display(Path::new("/elsewhere/c.yaml"), cwd),
            "/elsewhere/c.yaml"
        );
    }

    #[test]
    fn names_are_shown_on_one_line_and_never_alike() {
        use std::os::unix::ffi::OsStrExt;
        let name = |b: &[u8]| shown_name(Path::new(std::ffi::OsStr::from_bytes(b)));
        assert_eq!(name(b"a\n::error ::x.yaml"), "a\\n::error ::x.yaml");
        assert_eq!(name(b"\x1b[31m.yaml"), "\\u{1b}[31m.yaml");
        assert_ne!(name(b"\xff.yaml"), name(b"\xfe.yaml"));
        assert_eq!(name("话术.yaml".as_bytes()), "话术.yaml");
    }

    #[test]
    fn hidden_and_build_folders_are_skipped() {
        assert!(is_skipped_name(".git"));
        assert!(is_skipped_name("target"));
        assert!(is_skipped_name("node_modules"));
        assert!(!is_skipped_name("scripts"));
        assert!(!is_skipped_name("."));
    }
}
