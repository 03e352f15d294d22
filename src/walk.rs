//! Which files a run checks (FORMAT.md §1): the paths named, walked
//! recursively for `*.yaml`/`*.yml`, minus hidden entries, `target/`,
//! `node_modules/`, config files (`huashu.yaml` is never a script), the
//! standard file in force, and the config's `exclude` globs.
//! Symbolic links are followed; a loop is reported once and not followed.
//! The result is sorted by display path, so every run sees the same order.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::{Config, CONFIG_NAMES};

/// A file to check: how it is shown, and where it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FileEntry {
    pub display: Arc<str>,
    pub path: PathBuf,
}

/// A path that could not be walked: a symlink loop or an unreadable folder.
#[derive(Debug, Clone)]
pub struct WalkProblem {
    pub display: Arc<str>,
    pub loop_target: Option<Arc<str>>,
    pub error: String,
}

#[derive(Debug, Default)]
pub struct Walked {
    pub files: Vec<FileEntry>,
    pub problems: Vec<WalkProblem>,
}

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

/// How a path is shown: relative to the working directory when inside it, `/`-separated.
pub fn display(path: &Path, cwd: &Path) -> Arc<str> {
    display_abs(&absolute(path, cwd), cwd)
}

/// `display`, with the path made absolute already.
fn display_abs(abs: &Path, cwd: &Path) -> Arc<str> {
    let shown = shown_name(abs.strip_prefix(cwd).unwrap_or(abs));
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
    cwd: PathBuf,
    root: PathBuf,
    config_file: Option<PathBuf>,
    standard_file: Option<PathBuf>,
}

impl Filter<'_> {
    fn excluded(&self, path: &Path) -> bool {
        self.excluded_abs(&absolute(path, &self.cwd), path)
    }

    /// `excluded`, with the path made absolute already.
    fn excluded_abs(&self, abs: &Path, path: &Path) -> bool {
        if self.config_file.as_deref() == Some(abs) || self.standard_file.as_deref() == Some(abs) {
            return true;
        }
        if self.config.exclude.is_empty() {
            return false;
        }
        match abs.strip_prefix(&self.root) {
            Ok(rel) => self.config.exclude.is_match(rel),
            Err(_) => self.config.exclude.is_match(path),
        }
    }
}

/// Whether a path (a file named on the command line, or standard input's
/// name) is excluded by the config.
pub fn is_excluded(path: &Path, config: &Config, cwd: &Path) -> bool {
    Filter {
        config,
        cwd: cwd.to_path_buf(),
        root: absolute(&config.root, cwd),
        config_file: None,
        standard_file: None,
    }
    .excluded(path)
}

/// Walk `scope` (files and folders that exist; the caller checks that).
pub fn walk(scope: &[PathBuf], config: &Config, cwd: &Path) -> Walked {
    let filter = Filter {
        config,
        cwd: cwd.to_path_buf(),
        root: absolute(&config.root, cwd),
        config_file: config.file.as_deref().map(|f| absolute(f, cwd)),
        standard_file: config.standard_file.as_deref().map(|f| absolute(f, cwd)),
    };
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
            // Named explicitly: checked whatever its name, but `exclude` still applies.
            if !filter.excluded(start) {
                out.files.push(FileEntry {
                    display: display(start, cwd),
                    path: start.clone(),
                });
            }
            continue;
        }
        let walker = WalkDir::new(start)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_skipped_name(&e.file_name().to_string_lossy()));
        for entry in walker {
            match entry {
                Ok(e) => {
                    let is_config = CONFIG_NAMES.iter().any(|n| e.file_name() == *n);
                    if e.file_type().is_file() && is_yaml(e.path()) && !is_config {
                        found.push(e.into_path());
                    }
                }
                Err(err) => {
                    let at = err.path().map_or_else(|| start.clone(), Path::to_path_buf);
                    if filter.excluded(&at) {
                        continue;
                    }
                    out.problems.push(WalkProblem {
                        display: display(&at, cwd),
                        loop_target: err.loop_ancestor().map(|a| display(a, cwd)),
                        error: err
                            .io_error()
                            .map_or_else(|| err.to_string(), ToString::to_string),
                    });
                }
            }
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
