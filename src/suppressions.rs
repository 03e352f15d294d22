//! `--add-suppressions`: the comments written into the files on disk. The
//! engine words them and places them (`huashu_linter::suppress::with_comments`);
//! here each file is read again, held to the bytes that were checked, and
//! written through the run's `Writer`.

use std::collections::BTreeMap;
use std::sync::Arc;

use huashu_linter::check::{digest, Report};
use huashu_linter::finding::Finding;
use huashu_linter::source::Source;
use huashu_linter::suppress::with_comments;

/// What `--add-suppressions` did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Added {
    /// Comments written.
    pub comments: usize,
    /// Files that needed comments and could not be written, or changed
    /// since the check (each named on stderr); the run fails when there is one.
    pub failed: usize,
}

/// `--add-suppressions`: write `# huashu: allow RULE` above every finding's
/// line (or `allow-file` for a file that does not parse), through `writer`
/// (inside the repository, on the bytes that were checked only). Goes on
/// past a file it cannot write.
pub fn add_all(
    report: &Report,
    writer: &mut crate::write::Writer,
    err: &mut dyn std::io::Write,
) -> std::io::Result<Added> {
    let mut by_file: BTreeMap<&Arc<str>, Vec<&Finding>> = BTreeMap::new();
    for f in &report.findings {
        by_file.entry(&f.file).or_default().push(f);
    }
    let mut added = Added::default();
    for (file, findings) in by_file {
        let Some(path) = report.paths.get(file) else {
            continue;
        };
        let Some(text) = crate::read::read_again(path)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
        else {
            // Declined, like a fix that would change the structure: its
            // findings stay in the report and fail the run by themselves.
            writeln!(err, "huashu: cannot add suppressions to {file}: not a readable UTF-8 file; fix it instead")?;
            continue;
        };
        if report.digests.get(file) != Some(&digest(text.as_bytes())) {
            writeln!(err, "huashu: not adding suppressions to {file}: it changed since it was checked; run huashu again")?;
            added.failed += 1;
            continue;
        }
        let source = Source::new(file.clone(), text);
        let Some((text, comments)) = with_comments(&source, &findings) else {
            writeln!(err, "huashu: not adding suppressions to {file}: the comments would change its structure")?;
            continue;
        };
        match writer.replace(path, source.text.as_bytes(), text.as_bytes()) {
            Ok(()) => added.comments += comments,
            Err(e) => {
                writeln!(err, "huashu: cannot add suppressions to {file}: {e}")?;
                added.failed += 1;
            }
        }
    }
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn script(steps: &str) -> String {
        format!("id: p.case\ntitle: 理财咨询\ncategory: sales\nopener:\n  - 您好，很高兴为您服务，我是{{bank}}客服代表{{agent_id}}，请问有什么可以帮到您？\n{steps}closing:\n  - 您还有其他疑问吗？\n  - 感谢您的来电，祝您生活愉快，再见。\n")
    }

    #[test]
    fn no_suppressions_are_added_to_a_file_changed_since_it_was_checked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.yaml");
        let text = script("steps:\n  - stage: resolve\n    say: 这款产品保本。\n");
        std::fs::write(&path, &text).unwrap();
        let report = crate::read::check_one_on_disk(&path, "p.yaml");
        // Saved meanwhile: one line more at the top moves every line down.
        let saved = format!("# 新的一行\n{text}");
        std::fs::write(&path, &saved).unwrap();
        let mut writer = crate::write::Writer::new(dir.path());
        let mut err = Vec::new();
        let added = add_all(&report, &mut writer, &mut err).unwrap();
        assert_eq!((added.comments, added.failed), (0, 1));
        let err = String::from_utf8(err).unwrap();
        assert!(
            err.contains("p.yaml: it changed since it was checked"),
            "{err}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), saved);
    }
}
