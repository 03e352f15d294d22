//! Every write huashu makes to a repository (`--fix`, `--unsafe-fixes`,
//! `--add-suppressions`) goes through here, because a linter that banks run
//! on every commit must never write where it should not, and never write
//! over text it did not check. A cloned repository's own huashu.yaml can aim
//! the run anywhere (`paths: [../elsewhere]`), a folder can be a symbolic
//! link, and an editor can save while a fix runs.
//!
//! A file is replaced only when all of these hold (docs/architecture.md,
//! "What a write may touch"):
//!
//! - its real path (every link resolved) is inside the repository root, the
//!   real path of the config's folder (or of the working directory);
//! - it is a regular file, not a symbolic link, with one hard link only,
//!   writable by its owner, without extended attributes or an ACL (a rename
//!   would silently drop them);
//! - it still holds exactly the bytes that were checked, read again just
//!   before the temporary file is written and once more just before the
//!   rename (same bytes, same inode, size and modification time), so that
//!   neither a stale fix nor the revert of a save made meanwhile can happen.
//!
//! The new text goes to a temporary file `.huashu-*.tmp` in the same real
//! folder, gets the original's permissions (and owner, when running as
//! root), is synced, and is renamed over the original; the folder is synced
//! after. Temporary files of ours older than `STALE` that a killed run left
//! behind are removed from the folders written to.

use std::collections::HashSet;
use std::fs::File;
use std::io::{Read, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The prefix and suffix of every temporary file huashu writes.
pub const TEMP_PREFIX: &str = ".huashu-";
pub const TEMP_SUFFIX: &str = ".tmp";

/// A temporary file of ours older than this is a killed run's leftover.
pub const STALE: Duration = Duration::from_secs(10 * 60);

/// Why a file was not written.
#[derive(Debug)]
pub enum WriteError {
    /// Refused on purpose: the reason, for the user.
    Refused(String),
    /// The write was attempted and failed (full disk, no permission …).
    Failed(std::io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Refused(why) => f.write_str(why),
            WriteError::Failed(e) => write!(f, "{e}"),
        }
    }
}

impl From<std::io::Error> for WriteError {
    fn from(e: std::io::Error) -> WriteError {
        WriteError::Failed(e)
    }
}

fn refused(why: impl Into<String>) -> WriteError {
    WriteError::Refused(why.into())
}

/// What identifies one version of a file on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    dev: u64,
    ino: u64,
    size: u64,
    mtime: i64,
    mtime_nsec: i64,
}

impl Stamp {
    fn of(m: &std::fs::Metadata) -> Stamp {
        Stamp {
            dev: m.dev(),
            ino: m.ino(),
            size: m.size(),
            mtime: m.mtime(),
            mtime_nsec: m.mtime_nsec(),
        }
    }
}

/// Writes files inside one repository root.
pub struct Writer {
    /// The root's real path; `None` when it cannot be resolved (nothing is written then).
    root: Option<PathBuf>,
    /// Folders already cleared of stale temporary files in this run.
    swept: HashSet<PathBuf>,
    /// Tests stand in for an editor saving between the write and the rename.
    #[cfg(test)]
    before_rename: Option<SaveHook>,
}

/// What a test does between huashu's write and its rename.
#[cfg(test)]
type SaveHook = Box<dyn FnMut(&Path)>;

impl Writer {
    pub fn new(root: &Path) -> Writer {
        Writer {
            root: root.canonicalize().ok(),
            swept: HashSet::new(),
            #[cfg(test)]
            before_rename: None,
        }
    }

    /// The real folder `path` is in and its file name, when both are inside
    /// the root.
    fn place(&self, path: &Path) -> Result<(PathBuf, std::ffi::OsString), WriteError> {
        let Some(root) = &self.root else {
            return Err(refused("the repository root cannot be resolved"));
        };
        let name = path
            .file_name()
            .ok_or_else(|| refused("not a file name"))?
            .to_os_string();
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let folder = parent.canonicalize()?;
        if !folder.starts_with(root) {
            return Err(refused(format!(
                "it is outside the repository root {} (its folder is {}); huashu writes only inside the root",
                root.display(),
                folder.display()
            )));
        }
        Ok((folder, name))
    }

    /// Replace the file at `path`, which must still hold `checked`, with `bytes`.
    pub fn replace(&mut self, path: &Path, checked: &[u8], bytes: &[u8]) -> Result<(), WriteError> {
        let (folder, name) = self.place(path)?;
        let real = folder.join(&name);
        let (before, mode, uid, gid) = {
            let meta = std::fs::symlink_metadata(&real)?;
            check_replaceable(&real, &meta)?;
            let (stamp, now) = read_nofollow(&real)?;
            if now != checked {
                return Err(refused("it changed since it was checked; run huashu again"));
            }
            (stamp, meta.permissions().mode(), meta.uid(), meta.gid())
        };
        self.sweep(&folder);
        let mut tmp = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .suffix(TEMP_SUFFIX)
            .tempfile_in(&folder)?;
        tmp.write_all(bytes)?;
        let file = tmp.as_file();
        file.set_permissions(std::fs::Permissions::from_mode(mode & 0o7777))?;
        if running_as_root() {
            // Only root may give a file away; a user's own files keep their
            // owner anyway, since the user creates the new file.
            std::os::unix::fs::fchown(file, Some(uid), Some(gid))?;
        }
        file.sync_all()?;
        #[cfg(test)]
        if let Some(save) = self.before_rename.as_mut() {
            save(&real);
        }
        // The last look before the rename: a save made since the check
        // (or since the read above) must not be reverted.
        let (stamp, now) = read_nofollow(&real)?;
        if stamp != before || now != checked {
            return Err(refused(
                "it changed while huashu was writing it; nothing was written, run huashu again",
            ));
        }
        tmp.persist(&real)
            .map_err(|e| WriteError::Failed(e.error))?;
        // The rename is durable once the folder is.
        if let Ok(dir) = File::open(&folder) {
            let _ = dir.sync_all();
        }
        Ok(())
    }

    /// Remove our own temporary files that a killed run left in `folder`.
    fn sweep(&mut self, folder: &Path) {
        if !self.swept.insert(folder.to_path_buf()) {
            return;
        }
        sweep_stale(folder);
    }
}

/// Remove `.huashu-*.tmp` regular files older than `STALE` from `folder`.
pub fn sweep_stale(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        if !(name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)) {
            continue;
        }
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        let old = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|age| age > STALE);
        if meta.file_type().is_file() && old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Refuse what a rename would damage or turn into something else.
fn check_replaceable(path: &Path, meta: &std::fs::Metadata) -> Result<(), WriteError> {
    let kind = meta.file_type();
    if kind.is_symlink() {
        return Err(refused(
            "it is a symbolic link; huashu does not write through links (fix the file it points to)",
        ));
    }
    if !kind.is_file() {
        return Err(refused("it is not a regular file"));
    }
    if meta.nlink() > 1 {
        return Err(refused(format!(
            "it has {} hard links; replacing it would break them",
            meta.nlink()
        )));
    }
    if meta.permissions().mode() & 0o200 == 0 {
        return Err(refused(
            "it is read-only; make it writable (chmod u+w) to let huashu change it",
        ));
    }
    if let Some(attr) = extended_attribute(path) {
        return Err(refused(format!(
            "it has the extended attribute or ACL `{attr}`, which replacing it would drop"
        )));
    }
    Ok(())
}

/// The file's bytes and stamp, opened without following a symbolic link.
fn read_nofollow(path: &Path) -> std::io::Result<(Stamp, Vec<u8>)> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)?;
    let meta = file.metadata()?;
    if !meta.file_type().is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.read_to_end(&mut bytes)?;
    Ok((Stamp::of(&meta), bytes))
}

fn running_as_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// The first extended attribute of `path` that a replacement would lose,
/// if any. The SELinux label is not one: a new file in the same folder gets
/// the folder's label, which is what the old one had unless set by hand.
fn extended_attribute(path: &Path) -> Option<String> {
    use std::os::unix::ffi::OsStrExt;
    let c_path = std::ffi::CString::new(path.as_os_str().as_bytes()).ok()?;
    let mut buf = vec![0u8; 4096];
    // SAFETY: the path is NUL-terminated and the buffer's length is passed.
    let len = unsafe { libc::llistxattr(c_path.as_ptr(), buf.as_mut_ptr().cast(), buf.len()) };
    if len <= 0 {
        // None, or not supported by the file system, or too many to list
        // (ERANGE: then there certainly is one worth keeping).
        let range = len < 0 && std::io::Error::last_os_error().raw_os_error() == Some(libc::ERANGE);
        return range.then(|| "…".to_string());
    }
    buf.truncate(len as usize);
    buf.split(|b| *b == 0)
        .filter(|n| !n.is_empty())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .find(|n| n != "security.selinux")
}

/// Create `path` with `bytes`; refuses when anything exists there, a
/// dangling symbolic link included (`O_CREAT | O_EXCL` never follows one).
pub fn create_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Write `bytes` to `path` atomically: a temporary file beside it, synced,
/// renamed over it. A failure (a full disk, a file-size limit) leaves the
/// old file as it was. Refuses a symbolic link or a special file at `path`.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            return Err(refused(
                "it is a symbolic link; huashu does not write through links",
            ))
        }
        Ok(m) if !m.file_type().is_file() => return Err(refused("it is not a regular file")),
        _ => {}
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    sweep_stale(folder);
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(folder)?;
    tmp.write_all(bytes)?;
    if let Ok(m) = std::fs::metadata(path) {
        tmp.as_file().set_permissions(m.permissions())?;
    } else {
        // A new file: the usual mode of a file a user creates.
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| WriteError::Failed(e.error))?;
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// A failed write must fail cleanly: a file-size limit (`ulimit -f`) would
/// otherwise kill the process with SIGXFSZ in the middle of a write; ignored,
/// the write returns EFBIG, which is reported, and the old file stays.
pub fn ignore_file_size_signal() {
    // SAFETY: setting a signal's disposition to SIG_IGN is async-signal-safe
    // and has no other effect on the process.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo() -> (tempfile::TempDir, Writer) {
        let dir = tempfile::tempdir().unwrap();
        let writer = Writer::new(dir.path());
        (dir, writer)
    }

    #[test]
    fn a_file_that_changed_since_it_was_checked_is_not_written() {
        let (dir, mut w) = repo();
        let p = dir.path().join("a.yaml");
        std::fs::write(&p, "a: 好的,我来\n").unwrap();
        std::fs::write(&p, "a: 好的,我来。\n").unwrap();
        let e = w.replace(
            &p,
            b"a: \xe5\xa5\xbd\xe7\x9a\x84,\xe6\x88\x91\xe6\x9d\xa5\n",
            b"x",
        );
        assert!(
            matches!(e, Err(WriteError::Refused(ref m)) if m.contains("changed")),
            "{e:?}"
        );
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "a: 好的,我来。\n");
    }

    #[test]
    fn a_save_made_while_writing_is_not_reverted() {
        let (dir, mut w) = repo();
        let p = dir.path().join("a.yaml");
        std::fs::write(&p, "a: 1\n").unwrap();
        // An editor saves after huashu read the file, before its rename.
        w.before_rename = Some(Box::new(|path: &Path| {
            std::fs::write(path, "a: 1 # saved\n").unwrap();
        }));
        let e = w.replace(&p, b"a: 1\n", b"a: 2\n");
        assert!(
            matches!(e, Err(WriteError::Refused(ref m)) if m.contains("while huashu was writing")),
            "{e:?}"
        );
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "a: 1 # saved\n");
        let left = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(left, 1, "the temporary file is removed");
    }

    #[test]
    fn writes_stay_inside_the_root() {
        let (dir, mut w) = repo();
        let outside = tempfile::tempdir().unwrap();
        let target = outside.path().join("x.yaml");
        std::fs::write(&target, "a: 1\n").unwrap();
        // Named directly, and through a symbolic link to a folder outside.
        std::os::unix::fs::symlink(outside.path(), dir.path().join("linked")).unwrap();
        for p in [
            target.clone(),
            dir.path().join("linked/x.yaml"),
            dir.path().join("../x.yaml"),
        ] {
            let e = w.replace(&p, b"a: 1\n", b"a: 2\n");
            assert!(
                matches!(e, Err(WriteError::Refused(ref m)) if m.contains("outside")),
                "{p:?}: {e:?}"
            );
        }
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "a: 1\n");
    }

    #[test]
    fn links_hard_links_and_read_only_files_are_refused() {
        let (dir, mut w) = repo();
        let real = dir.path().join("real.yaml");
        std::fs::write(&real, "a: 1\n").unwrap();
        let link = dir.path().join("link.yaml");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let e = w.replace(&link, b"a: 1\n", b"a: 2\n");
        assert!(
            matches!(e, Err(WriteError::Refused(ref m)) if m.contains("symbolic link")),
            "{e:?}"
        );
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());

        let hard = dir.path().join("hard.yaml");
        std::fs::hard_link(&real, &hard).unwrap();
        let e = w.replace(&hard, b"a: 1\n", b"a: 2\n");
        assert!(
            matches!(e, Err(WriteError::Refused(ref m)) if m.contains("hard links")),
            "{e:?}"
        );
        std::fs::remove_file(&hard).unwrap();

        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o444)).unwrap();
        let e = w.replace(&real, b"a: 1\n", b"a: 2\n");
        assert!(
            matches!(e, Err(WriteError::Refused(ref m)) if m.contains("read-only")),
            "{e:?}"
        );
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "a: 1\n");
    }

    #[test]
    fn a_replacement_keeps_mode_and_leaves_no_temporary_file() {
        let (dir, mut w) = repo();
        let p = dir.path().join("a.yaml");
        std::fs::write(&p, "a: 1\n").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        // A killed run's leftover, old enough to be stale, and a fresh one.
        let stale = dir.path().join(".huashu-old.tmp");
        std::fs::write(&stale, "x").unwrap();
        let old = SystemTime::now() - STALE - Duration::from_secs(60);
        File::options()
            .write(true)
            .open(&stale)
            .unwrap()
            .set_modified(old)
            .unwrap();
        let fresh = dir.path().join(".huashu-fresh.tmp");
        std::fs::write(&fresh, "x").unwrap();
        w.replace(&p, b"a: 1\n", b"a: 2\n").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "a: 2\n");
        assert_eq!(
            std::fs::metadata(&p).unwrap().permissions().mode() & 0o7777,
            0o640
        );
        assert!(!stale.exists() && fresh.exists());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn extended_attributes_are_refused_and_the_owner_is_kept() {
        use std::os::unix::ffi::OsStrExt;
        let (dir, mut w) = repo();
        let p = dir.path().join("a.yaml");
        std::fs::write(&p, "a: 1\n").unwrap();
        let c_path = std::ffi::CString::new(p.as_os_str().as_bytes()).unwrap();
        let (name, value) = (c"user.huashu-test", b"x");
        // SAFETY: NUL-terminated strings and the value's length.
        let set = unsafe {
            libc::setxattr(
                c_path.as_ptr(),
                name.as_ptr(),
                value.as_ptr().cast(),
                value.len(),
                0,
            )
        };
        if set == 0 {
            let e = w.replace(&p, b"a: 1\n", b"a: 2\n");
            assert!(
                matches!(e, Err(WriteError::Refused(ref m)) if m.contains("user.huashu-test")),
                "{e:?}"
            );
            // SAFETY: as above.
            unsafe { libc::removexattr(c_path.as_ptr(), name.as_ptr()) };
        } // else: the file system keeps no user attributes; nothing to lose.
        if running_as_root() {
            std::os::unix::fs::chown(&p, Some(54321), Some(54322)).unwrap();
            w.replace(&p, b"a: 1\n", b"a: 2\n").unwrap();
            let m = std::fs::metadata(&p).unwrap();
            assert_eq!((m.uid(), m.gid()), (54321, 54322));
        }
    }

    #[test]
    fn create_new_does_not_follow_a_dangling_link() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let link = dir.path().join("huashu.yaml");
        std::os::unix::fs::symlink(outside.path().join("planted.yaml"), &link).unwrap();
        assert!(create_new(&link, b"x").is_err());
        assert!(!outside.path().join("planted.yaml").exists());
    }

    #[test]
    fn an_atomic_write_refuses_a_link_and_keeps_the_old_file_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("b.json");
        write_atomically(&p, b"one").unwrap();
        write_atomically(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let link = dir.path().join("l.json");
        std::os::unix::fs::symlink(&p, &link).unwrap();
        assert!(matches!(
            write_atomically(&link, b"x"),
            Err(WriteError::Refused(_))
        ));
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
    }
}
