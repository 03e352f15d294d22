//! Fixes: edits on byte spans, planned and applied to texts.
//!
//! A fix is applied only where the rule could map its span exactly; the
//! edited text must parse again to the same structure (same keys, same
//! nesting, same scalar styles) before the file is replaced. Every byte
//! outside the edits — comments, quoting, CRLF, the BOM — stays as it was,
//! and a second run finds nothing more to fix. Writing the fixed text
//! (atomically, inside the repository only, over the bytes that were
//! checked only) is the caller's: the command line's `write::Writer`.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::check::Report;
use crate::finding::{Edit, Finding, Safety};
use crate::yaml::{self, Node, NodeKind};

/// The edits to make, per file: sorted, none overlapping.
pub fn plan(report: &Report, include_unsafe: bool) -> BTreeMap<Arc<str>, Vec<Edit>> {
    let mut by_file: BTreeMap<Arc<str>, Vec<&Finding>> = BTreeMap::new();
    for f in report.findings.iter().filter(|f| f.fix.is_some()) {
        by_file.entry(f.file.clone()).or_default().push(f);
    }
    by_file
        .into_iter()
        .map(|(file, findings)| (file, edits_of(findings, include_unsafe)))
        .filter(|(_, edits)| !edits.is_empty())
        .collect()
}

/// The edits of one file's `findings` (their safe fixes, and the unsafe
/// ones too when asked): sorted, none overlapping. An edit that overlaps
/// the one before it waits for the next run.
pub fn edits_of<'a>(
    findings: impl IntoIterator<Item = &'a Finding>,
    include_unsafe: bool,
) -> Vec<Edit> {
    let mut edits: Vec<Edit> = findings
        .into_iter()
        .filter_map(|f| f.fix.as_deref())
        .filter(|fix| include_unsafe || fix.safety == Safety::Safe)
        .flat_map(|fix| fix.edits.iter().cloned())
        .collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    edits.dedup();
    let mut last_end = 0;
    edits.retain(|e| {
        let keep = e.span.start >= last_end;
        if keep {
            last_end = e.span.end;
        }
        keep
    });
    edits
}

/// `text` (one file's, as checked into `findings`) with the fixes applied,
/// as `--fix` would write it; `None` when there is nothing to fix or the
/// fixed text would not keep its structure. For front-ends that edit a
/// buffer instead of a file (an editor's "fix all").
pub fn fixed_text(text: &str, findings: &[Finding], include_unsafe: bool) -> Option<String> {
    let edits = edits_of(findings, include_unsafe);
    if edits.is_empty() {
        return None;
    }
    let after = apply(text, &edits)?;
    (after != text && same_structure(text, &after)).then_some(after)
}

/// `text` with `edits` (sorted, non-overlapping) applied.
pub fn apply(text: &str, edits: &[Edit]) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        out.push_str(text.get(at..e.span.start)?);
        out.push_str(&e.replacement);
        at = e.span.end;
    }
    out.push_str(text.get(at..)?);
    Some(out)
}

/// The shape of a tree: kinds, keys, lengths and scalar styles, and the
/// values too when `values` is set.
fn shape(node: &Node, out: &mut String, values: bool) {
    match &node.kind {
        NodeKind::Scalar(s) if values => out.push_str(&format!("s{:?}{:?};", s.style, s.value)),
        NodeKind::Scalar(s) => out.push_str(&format!("s{:?};", s.style)),
        NodeKind::Seq(items) => {
            out.push_str(&format!("[{};", items.len()));
            for i in items {
                shape(i, out, values);
            }
            out.push(']');
        }
        NodeKind::Map(entries) => {
            out.push_str(&format!("{{{};", entries.len()));
            for (k, v) in entries {
                out.push_str(k.as_scalar().map_or("?", |s| s.value.as_str()));
                out.push('=');
                shape(v, out, values);
            }
            out.push('}');
        }
    }
}

/// Whether `after` parses cleanly to the same structure as `before`.
pub fn same_structure(before: &str, after: &str) -> bool {
    compare(before, after, false)
}

/// Whether `after` parses cleanly to the same tree as `before`, values included.
pub fn same_tree(before: &str, after: &str) -> bool {
    compare(before, after, true)
}

fn compare(before: &str, after: &str, values: bool) -> bool {
    let (a, b) = (
        yaml::parse_with(before, false),
        yaml::parse_with(after, false),
    );
    if !b.problems.is_empty() || a.problems.len() != b.problems.len() {
        return false;
    }
    match (a.root, b.root) {
        (Some(a), Some(b)) => {
            let (mut sa, mut sb) = (String::new(), String::new());
            shape(&a, &mut sa, values);
            shape(&b, &mut sb, values);
            sa == sb
        }
        _ => false,
    }
}

/// A unified diff of one file's fixes.
pub fn unified_diff(display: &str, before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{display}"), &format!("b/{display}"))
        .to_string()
}

/// What a fixing run did to one file.
#[derive(Debug)]
pub enum FileFix {
    /// The edited text, ready to write or to show.
    Fixed {
        before: String,
        after: String,
        edits: usize,
    },
    /// Not fixed, and rightly so: the edit would change the structure. The
    /// finding stays in the report.
    Declined(String),
    /// Not fixed though it should have been: the file is unreadable or
    /// changed since it was checked. The run fails.
    Refused(String),
}

/// Work out the fixed text of each planned file, reading each again
/// through `read_again` (held to the digest of the bytes that were checked).
pub fn prepare(
    plan: &BTreeMap<Arc<str>, Vec<Edit>>,
    report: &Report,
    read_again: &dyn Fn(&std::path::Path) -> std::io::Result<Vec<u8>>,
) -> BTreeMap<Arc<str>, FileFix> {
    plan.iter()
        .map(|(file, edits)| {
            let read = report.paths.get(file).map(|path| {
                read_again(path).and_then(|bytes| {
                    String::from_utf8(bytes).map_err(|_| std::io::ErrorKind::InvalidData.into())
                })
            });
            let result = match read {
                // The edits' positions are those of the bytes checked: on any
                // other text they would land on the wrong characters.
                Some(Ok(before))
                    if report.digests.get(file)
                        != Some(&crate::check::digest(before.as_bytes())) =>
                {
                    FileFix::Refused("it changed since it was checked; run huashu again".into())
                }
                Some(Ok(before)) => match apply(&before, edits) {
                    Some(after) if same_structure(&before, &after) => FileFix::Fixed {
                        before,
                        after,
                        edits: edits.len(),
                    },
                    Some(_) => FileFix::Declined(
                        "the fixed text would not parse to the same structure".into(),
                    ),
                    None => FileFix::Refused("it changed since it was checked".into()),
                },
                Some(Err(e)) => FileFix::Refused(e.to_string()),
                None => FileFix::Refused("not a file on disk".into()),
            };
            (file.clone(), result)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(start: usize, end: usize, r: &str) -> Edit {
        Edit {
            span: start..end,
            replacement: r.into(),
        }
    }

    #[test]
    fn apply_keeps_every_other_byte() {
        let text = "\u{feff}a: '好的,我来' # 注释\r\nb: 1\r\n";
        let at = text.find(',').unwrap();
        let out = apply(text, &[edit(at, at + 1, "，")]).unwrap();
        assert_eq!(out, "\u{feff}a: '好的，我来' # 注释\r\nb: 1\r\n");
        assert!(same_structure(text, &out));
    }

    #[test]
    fn a_structure_change_is_refused() {
        assert!(!same_structure("a: 好的,我来\n", "a: 好的: 我来\n"));
        assert!(!same_structure("a: [好的]\n", "a: [好的\n"));
    }
}
