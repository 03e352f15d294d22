//! Reading files from disk, for the check and after it: bounded, regular
//! files only, one open and one read each. The engine asks through
//! `huashu_linter::check::Reader`; `DiskReader` is that reader.

use std::sync::Arc;

pub use huashu_linter::check::Read;
use huashu_linter::check::Reader;
use huashu_linter::source::Source;

/// The command line's reader: the files the walk found, from disk.
pub struct DiskReader;

impl Reader for DiskReader {
    fn read(&self, path: &std::path::Path, max: u64) -> std::io::Result<Read> {
        read_bounded(path, max)
    }
}

/// The largest file read again after the check (to draw it, fix it or add
/// suppressions): anything the check read is far smaller; this only stops a
/// file swapped for something endless meanwhile.
const MAX_REREAD: u64 = 1 << 30;

/// A file read again after the check: a regular file only (never waiting on
/// a FIFO), bounded by `MAX_REREAD`.
pub fn read_again(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    match read_bounded(path, MAX_REREAD)? {
        Read::Bytes(bytes) => Ok(bytes),
        Read::TooLarge(_) => Err(std::io::Error::other(
            "it grew past 1 GB since it was checked",
        )),
    }
}

/// A file's text read again from disk, shown as `display`.
pub fn read_source(display: &Arc<str>, path: &std::path::Path) -> Option<Arc<Source>> {
    let bytes = read_again(path).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    Some(Arc::new(Source::new(display.clone(), text)))
}

/// Read a file with one open, one fstat and one bounded read: every syscall
/// counts over tens of thousands of small files. The read stops past the
/// limit, whatever the size said (a file may grow meanwhile). Only a regular
/// file is read: the open does not wait (`O_NONBLOCK`: a FIFO would hang
/// it), and a FIFO, a device (`/dev/zero` never ends) or a socket is refused.
pub fn read_bounded(path: &std::path::Path, max: u64) -> std::io::Result<Read> {
    use std::io::Read as _;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    let meta = file.metadata()?;
    if !meta.file_type().is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file (a FIFO, a device or a socket)",
        ));
    }
    let size = meta.len();
    if size > max {
        return Ok(Read::TooLarge(size));
    }
    let mut bytes = Vec::with_capacity(size as usize + 1);
    (&mut file).take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Ok(Read::TooLarge(bytes.len() as u64));
    }
    Ok(Read::Bytes(bytes))
}

/// A baseline file (`--baseline`): a regular file of at most
/// `baseline::MAX_SIZE`; a FIFO or `/dev/zero` is refused, not waited on.
pub fn baseline(path: &std::path::Path) -> Result<huashu_linter::baseline::Baseline, String> {
    use huashu_linter::baseline::{Baseline, MAX_SIZE};
    match read_bounded(path, MAX_SIZE) {
        Ok(Read::Bytes(bytes)) => Baseline::from_bytes(bytes),
        Ok(Read::TooLarge(_)) => Err(format!(
            "it is over the {} MB limit of a baseline",
            MAX_SIZE >> 20
        )),
        Err(e) => Err(e.to_string()),
    }
}

/// The report of one file on disk, keeping its digest as a fixing run does
/// (for the tests of what is written after a check).
#[cfg(test)]
pub(crate) fn check_one_on_disk(
    path: &std::path::Path,
    display: &str,
) -> huashu_linter::check::Report {
    use crate::check::{check_files, CheckOptions, FileEntry};
    let files = [FileEntry {
        display: display.into(),
        path: path.to_path_buf(),
    }];
    let options = CheckOptions {
        keep_digests: true,
        ..Default::default()
    };
    let config = huashu_linter::config::Config::default();
    check_files(&files, &[], &Vec::new, &config, &options)
}

#[cfg(test)]
mod tests {
    use super::*;
    use huashu_linter::fix::{plan, prepare, FileFix};

    #[test]
    fn a_file_that_changed_since_it_was_checked_is_not_fixed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.yaml");
        let text = "id: a\ntitle: 挂失\ncategory: service\nopener:\n  - 您好\nsteps:\n  - stage: listen\n    say: 好的,我来。\nclosing:\n  - 再见\n";
        std::fs::write(&path, text).unwrap();
        let report = check_one_on_disk(&path, "a.yaml");
        let plan = plan(&report, false);
        assert!(!plan.is_empty());
        assert!(matches!(
            prepare(&plan, &report, &read_again)["a.yaml"],
            FileFix::Fixed { .. }
        ));
        // One byte saved earlier in the file moves every position by one.
        std::fs::write(&path, format!("#{text}")).unwrap();
        match &prepare(&plan, &report, &read_again)["a.yaml"] {
            FileFix::Refused(why) => assert!(why.contains("changed"), "{why}"),
            other => panic!("{other:?}"),
        }
        // Swapped for a FIFO meanwhile: refused, never waited on.
        std::fs::remove_file(&path).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .unwrap();
        assert!(made.success());
        match &prepare(&plan, &report, &read_again)["a.yaml"] {
            FileFix::Refused(why) => assert!(why.contains("not a regular file"), "{why}"),
            other => panic!("{other:?}"),
        }
    }
}
