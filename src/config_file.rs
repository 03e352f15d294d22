//! huashu.yaml on disk: finding it (the nearest from the working directory
//! up), deciding whether a discovered one is trusted, and reading it and the
//! standard file it names. The engine validates the text
//! (`huashu_linter::config`); everything here touches the file system.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use huashu_linter::config::{
    Config, ConfigError, StandardText, CONFIG_NAMES, DEFAULT_MAX_FILE_SIZE_MB,
};
use huashu_linter::finding::Msg;
use huashu_linter::msg;

/// The nearest huashu.yaml or .huashu.yaml from `start` upwards.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = start.canonicalize().ok()?;
    start.ancestors().find_map(|dir| {
        CONFIG_NAMES
            .iter()
            .map(|name| dir.join(name))
            .find(|p| p.is_file())
    })
}

/// Read and validate a config file. `Err` carries every problem found.
pub fn load(path: &Path, display: Arc<str>) -> Result<Config, ConfigError> {
    load_overlaid(path, display, &|_| None)
}

/// `load`, with texts that stand in for files (an editor's unsaved
/// buffers): `overlay` answers for a path, or leaves it to the disk.
pub fn load_overlaid(
    path: &Path,
    display: Arc<str>,
    overlay: &dyn Fn(&Path) -> Option<String>,
) -> Result<Config, ConfigError> {
    let text = match overlay(path) {
        Some(text) => text,
        None => read_text(path, &display, ("配置文件", "the config file"))?,
    };
    let root = huashu_linter::config::root_of(path);
    Config::from_yaml(text, display, path, &|standard| match overlay(standard) {
        Some(text) => Ok(StandardText {
            display: crate::display_path(standard),
            text,
        }),
        None => read_standard(standard, &root),
    })
}

/// How far a huashu.yaml found by discovery (not named with `--config`) is
/// trusted. A config decides what is checked, which standard applies and
/// where `--fix` writes, so one planted by another user — in a shared folder
/// above the working directory, like `/tmp/huashu.yaml` — must not be used
/// silently (git refuses a repository owned by someone else the same way:
/// `safe.directory`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trust {
    Trusted,
    /// Owned by another user, in a folder only its owner can change (a CI
    /// container running as root on a checkout owned by the runner): used,
    /// with a note on stderr. The reason, in both languages.
    Noted(Msg),
    /// Owned by another user in a folder anyone can write to: refused.
    Refused(Msg),
}

/// What to do about a config that is not trusted, in both languages.
pub fn how_to_trust(shown: &str) -> Msg {
    msg!(
        zh: "配置文件决定 huashu 检查什么、--fix 写到哪里。若信任它，请用 --config {shown} 指定，或设置 HUASHU_TRUSTED_CONFIGS={shown}（或 *）",
        en: "A config decides what huashu checks and where --fix writes. To trust it, name it with --config {shown}, or set HUASHU_TRUSTED_CONFIGS={shown} (or *)"
    )
}

/// The trust of a discovered config: owned by the current user, by root
/// (the system's own) or, under sudo, by the user who ran sudo; or listed in
/// `HUASHU_TRUSTED_CONFIGS` (paths separated by `:`, or `*`).
pub fn trust(path: &Path) -> Trust {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let Ok(meta) = std::fs::metadata(path) else {
        return Trust::Trusted; // loading it will say what is wrong
    };
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    let sudo_uid = std::env::var("SUDO_UID").ok().and_then(|u| u.parse().ok());
    let listed = std::env::var_os("HUASHU_TRUSTED_CONFIGS").is_some_and(|list| {
        let real = path.canonicalize().ok();
        std::env::split_paths(&list)
            .any(|p| p.as_os_str() == "*" || Some(p.canonicalize().unwrap_or(p)) == real)
    });
    let folder_open = path
        .parent()
        .map(|p| {
            if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            }
        })
        .and_then(|p| std::fs::metadata(p).ok())
        .is_some_and(|m| m.permissions().mode() & 0o002 != 0);
    if listed {
        return Trust::Trusted;
    }
    owner_trust(meta.uid(), me, sudo_uid, folder_open)
}

/// The ownership rule of `trust`, apart from the system for testing.
fn owner_trust(owner: u32, me: u32, sudo_uid: Option<u32>, folder_world_writable: bool) -> Trust {
    if owner == me || owner == 0 || (me == 0 && sudo_uid == Some(owner)) {
        return Trust::Trusted;
    }
    if folder_world_writable {
        Trust::Refused(msg!(
            zh: "它属于另一个用户（uid {owner}；huashu 以 uid {me} 运行），且所在文件夹任何人都可写",
            en: "it belongs to another user (uid {owner}; huashu runs as uid {me}), in a folder anyone can write to"
        ))
    } else {
        Trust::Noted(msg!(
            zh: "它属于另一个用户（uid {owner}；huashu 以 uid {me} 运行）",
            en: "it belongs to another user (uid {owner}; huashu runs as uid {me})"
        ))
    }
}

/// A UTF-8 file's text, or the config error that says why there is none.
fn read_text(
    path: &Path,
    display: &Arc<str>,
    (zh, en): (&str, &str),
) -> Result<String, ConfigError> {
    // A regular file of at most the default file-size limit: `/dev/zero`
    // would eat memory, a FIFO would hang the run.
    let max = DEFAULT_MAX_FILE_SIZE_MB * 1024 * 1024;
    let message = match crate::read::read_bounded(path, max) {
        Ok(crate::read::Read::Bytes(bytes)) => match String::from_utf8(bytes) {
            Ok(text) => return Ok(text),
            Err(_) => msg!(zh: "{zh}不是 UTF-8 编码", en: "{en} is not UTF-8"),
        },
        Ok(crate::read::Read::TooLarge(_)) => {
            msg!(zh: "{zh}超过 {DEFAULT_MAX_FILE_SIZE_MB} MB 的上限，未读取", en: "{en} is over the {DEFAULT_MAX_FILE_SIZE_MB} MB limit; not read")
        }
        Err(e) => msg!(zh: "无法读取{zh}：{e}", en: "cannot read {en}: {e}"),
    };
    Err(ConfigError::whole_file(display.clone(), message, None))
}

/// A standard file named in huashu.yaml (`path`: joined to the config's folder, `root`).
fn read_standard(path: &Path, root: &Path) -> Result<StandardText, ConfigError> {
    let display = crate::display_path(path);
    // Inside the config's folder only: an error in a standard file is shown
    // with its lines, and a cloned repository's `standard: /proc/self/environ`
    // must not print a CI runner's secrets into a public log.
    let inside = match (path.canonicalize(), root.canonicalize()) {
        (Ok(real), Ok(root)) => real.starts_with(root),
        _ => true, // missing: read_text says so
    };
    if !inside {
        return Err(ConfigError::whole_file(
            display,
            msg!(zh: "规范文件在配置文件所在的文件夹之外，未读取", en: "the standard file is outside the config's folder; not read"),
            Some(
                msg!(zh: "把规范文件放进仓库（huashu.yaml 所在的文件夹）", en: "keep the standard file in the repository, beside huashu.yaml"),
            ),
        ));
    }
    let text = read_text(path, &display, ("规范文件", "the standard file"))?;
    Ok(StandardText { display, text })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_config_of_another_user_is_not_trusted() {
        assert_eq!(owner_trust(1000, 1000, None, true), Trust::Trusted);
        assert_eq!(owner_trust(0, 1000, None, true), Trust::Trusted);
        assert_eq!(owner_trust(1001, 0, Some(1001), true), Trust::Trusted);
        assert!(matches!(
            owner_trust(1001, 1000, None, true),
            Trust::Refused(_)
        ));
        assert!(matches!(
            owner_trust(1001, 0, None, true),
            Trust::Refused(_)
        ));
        assert!(matches!(
            owner_trust(1002, 0, Some(1001), true),
            Trust::Refused(_)
        ));
        assert!(matches!(owner_trust(1001, 0, None, false), Trust::Noted(_)));
    }
}
