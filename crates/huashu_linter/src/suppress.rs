//! Suppression comments (RULES.md, "Suppressions"):
//! `# huashu: allow RULE[, RULE…] [-- reason]` at the end of the offending
//! line or on its own line above it (blank and comment lines between are
//! skipped), and `# huashu: allow-file RULE[, RULE…]` for the whole file.
//!
//! A suppression that covers a line also covers the scalar value that
//! starts on it: above `say: |` it covers every line of the block, where no
//! comment can go. It never widens to a mapping or a list — one comment above
//! `steps:` must not switch a compliance rule off for a whole script.
//! `--add-suppressions` writes such comments for every finding.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::finding::Finding;
use crate::source::{Located, Source};
use crate::yaml::{self, Comment, Node, NodeKind};

#[derive(Debug, Clone)]
pub struct Suppression {
    /// The comment, for unused-suppression to point at.
    pub span: Located,
    /// The line it covers; `None` for `allow-file`.
    pub line: Option<usize>,
    /// The bytes it covers: the line, and any value whose key or item starts on it.
    pub covers: Option<Range<usize>>,
    /// The rule ids named, with the span of each inside the comment.
    pub rules: Vec<(String, Range<usize>)>,
}

/// The suppressions among a file's comments.
pub fn collect(source: &Source, comments: &[Comment]) -> Vec<Suppression> {
    comments.iter().filter_map(|c| parse(source, c)).collect()
}

fn parse(source: &Source, comment: &Comment) -> Option<Suppression> {
    let body_start = comment.span.start + 1;
    let body = comment.text.as_str();
    let trimmed = body.trim_start();
    let rest = trimmed.strip_prefix("huashu:")?.trim_start();
    let (whole_file, list) = if let Some(r) = rest.strip_prefix("allow-file") {
        (true, r)
    } else if let Some(r) = rest.strip_prefix("allow") {
        (false, r)
    } else {
        return None;
    };
    if !list.is_empty() && !list.starts_with([' ', '\t']) {
        return None;
    }
    let list = list.split("--").next().unwrap_or("");
    // Offset of `list` inside the source, to give each rule id its own span.
    // `list` is a sub-slice of `body`, so its address gives its offset.
    let list_offset = body_start + (list.as_ptr() as usize - body.as_ptr() as usize);
    let mut rules = Vec::new();
    let mut cursor = 0;
    for part in list.split(',') {
        let id = part.trim();
        let lead = part.len() - part.trim_start().len();
        if !id.is_empty() {
            let start = list_offset + cursor + lead;
            rules.push((id.to_string(), start..start + id.len()));
        }
        cursor += part.len() + 1;
    }
    let line_no = source.line_of(comment.span.start);
    let line_range = source.line_range(line_no);
    let before = source
        .text
        .get(line_range.start..comment.span.start)
        .unwrap_or("");
    let line = if whole_file {
        None
    } else if before.trim().is_empty() {
        Some(next_code_line(source, line_no))
    } else {
        Some(line_no)
    };
    Some(Suppression {
        span: source.locate(&comment.span),
        covers: line.map(|l| source.line_range(l)),
        line,
        rules,
    })
}

/// Widen each suppression to the scalar value that starts on its line (a
/// block scalar, or a quoted or plain value over several lines), where no
/// comment can stand. Never to a mapping or a list: a comment above
/// `steps:` or at the end of `- stage: resolve` covers that line only.
pub fn widen(suppressions: &mut [Suppression], source: &Source, root: Option<&Node>) {
    let Some(root) = root else {
        return;
    };
    if suppressions.iter().all(|s| s.line.is_none()) {
        return;
    }
    // Each multi-line scalar once, by the line its key, dash or first
    // character is on: one walk of the tree for all the file's comments.
    let mut starts: BTreeMap<usize, usize> = BTreeMap::new();
    scalar_values(root, source, None, &mut starts);
    for s in suppressions.iter_mut() {
        let (Some(line), Some(covers)) = (s.line, s.covers.as_mut()) else {
            continue;
        };
        if let Some(end) = starts.get(&line) {
            covers.end = covers.end.max(*end);
        }
    }
}

/// The end of every scalar value, keyed by the line it starts on: the line
/// of its key (`say: |`), of its dash (`- |`), and its own first line.
fn scalar_values(
    node: &Node,
    source: &Source,
    owner_line: Option<usize>,
    out: &mut BTreeMap<usize, usize>,
) {
    let mut record = |line: usize, end: usize| {
        let e = out.entry(line).or_insert(end);
        *e = (*e).max(end);
    };
    match &node.kind {
        NodeKind::Scalar(_) => {
            record(source.line_of(node.span.start), node.span.end);
            if let Some(line) = owner_line {
                record(line, node.span.end);
            }
        }
        NodeKind::Map(entries) => {
            for (k, v) in entries {
                scalar_values(v, source, Some(source.line_of(k.span.start)), out);
            }
        }
        NodeKind::Seq(items) => {
            for item in items {
                // `- |`: a block item's content starts on the line after its dash.
                let dash = item
                    .is_block_scalar()
                    .then(|| source.line_of(item.span.start).saturating_sub(1))
                    .filter(|l| *l > 0);
                scalar_values(item, source, dash, out);
            }
        }
    }
}

/// The suppressions of a file by the lines they may cover, so that each
/// finding looks at its own line's few, not at every comment in the file (a
/// file of 40,000 commented lines with a finding each was quadratic).
#[derive(Debug, Default)]
pub struct Index {
    whole_file: Vec<usize>,
    /// Line -> groups of suppressions that cover the same bytes (comments
    /// stacked above one line form one group, entered once per line).
    by_line: std::collections::HashMap<usize, Vec<usize>>,
    groups: Vec<Vec<usize>>,
}

impl Index {
    pub fn new(suppressions: &[Suppression], source: &Source) -> Index {
        let mut index = Index::default();
        let mut group_of: std::collections::HashMap<(usize, usize, usize), usize> =
            std::collections::HashMap::new();
        for (si, s) in suppressions.iter().enumerate() {
            let Some(line) = s.line else {
                index.whole_file.push(si);
                continue;
            };
            let range = s.covers.clone().unwrap_or(0..0);
            let key = (line, range.start, range.end);
            if let Some(&g) = group_of.get(&key) {
                index.groups[g].push(si);
                continue;
            }
            let g = index.groups.len();
            index.groups.push(vec![si]);
            group_of.insert(key, g);
            let last = if range.end > range.start {
                source.line_of(range.end - 1).max(line)
            } else {
                line
            };
            for l in line..=last {
                index.by_line.entry(l).or_default().push(g);
            }
        }
        index
    }

    /// The suppressions that may cover a finding on `line` (check with `covers`).
    pub fn candidates(&self, line: usize) -> impl Iterator<Item = usize> + '_ {
        let groups = self.by_line.get(&line).map_or(&[][..], Vec::as_slice);
        self.whole_file
            .iter()
            .copied()
            .chain(groups.iter().flat_map(|g| self.groups[*g].iter().copied()))
    }
}

/// Whether `s` covers a finding at `offset` on `line`.
pub fn covers(s: &Suppression, offset: usize, line: usize) -> bool {
    match (&s.line, &s.covers) {
        (None, _) => true,
        (Some(l), Some(range)) => *l == line || (range.start <= offset && offset < range.end),
        (Some(l), None) => *l == line,
    }
}

/// The line where a suppression comment for a finding at `offset` can go:
/// the line of the key (or `-`) that holds the value containing it, when
/// that value spans several lines (no comment can stand inside it).
fn anchor_line(root: &Node, source: &Source, offset: usize) -> usize {
    fn walk(
        node: &Node,
        source: &Source,
        offset: usize,
        key_line: Option<usize>,
        best: &mut Option<usize>,
    ) {
        if !(node.span.start <= offset && offset < node.span.end.max(node.span.start + 1)) {
            return;
        }
        match &node.kind {
            NodeKind::Scalar(_) => {
                let first = source.line_of(node.span.start);
                let last = source.line_of(node.span.end.saturating_sub(1).max(node.span.start));
                let block = node.is_block_scalar();
                if block || first != last || source.line_of(offset) != first {
                    *best = Some(key_line.unwrap_or(first));
                }
            }
            NodeKind::Map(entries) => {
                for (k, v) in entries {
                    walk(v, source, offset, Some(source.line_of(k.span.start)), best);
                }
            }
            NodeKind::Seq(items) => {
                for item in items {
                    let line = source.line_of(item.span.start);
                    let dash = if item.is_block_scalar() {
                        line - 1
                    } else {
                        line
                    };
                    walk(item, source, offset, Some(dash.max(1)), best);
                }
            }
        }
    }
    let mut best = None;
    walk(root, source, offset, None, &mut best);
    best.unwrap_or_else(|| source.line_of(offset))
}

/// `text` (one file's, as checked) with `# huashu: allow RULE` written
/// above every finding's line (`allow-file` at the top for a file that does
/// not parse), and how many comments that is; `None` when the comments
/// would change more than comments (the tree, values included).
pub fn with_comments(source: &Source, findings: &[&Finding]) -> Option<(String, usize)> {
    let parsed = yaml::parse(&source.text);
    // line -> rules to allow on it; line 0 = allow-file at the top.
    let mut wanted: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for f in findings {
        let line = match &parsed.root {
            Some(root) if f.rule != "yaml-syntax" => anchor_line(root, source, f.span.offset),
            _ => 0,
        };
        let rules = wanted.entry(line).or_default();
        if !rules.contains(&f.rule) {
            rules.push(f.rule);
        }
    }
    let mut text = source.text.clone();
    let mut comments = 0;
    let crlf = text.contains("\r\n");
    let newline = if crlf { "\r\n" } else { "\n" };
    for (line, rules) in wanted.iter().rev() {
        let list = rules.join(", ");
        let (at, comment) = if *line == 0 {
            let at = if text.starts_with('\u{feff}') { 3 } else { 0 };
            (at, format!("# huashu: allow-file {list}{newline}"))
        } else {
            let range = source.line_range(*line);
            let indent: String = source.text[range.clone()]
                .chars()
                .take_while(|c| *c == ' ')
                .collect();
            (
                range.start,
                format!("{indent}# huashu: allow {list}{newline}"),
            )
        };
        text.insert_str(at, &comment);
        comments += 1;
    }
    // Comments must change nothing but comments: the same tree, values included.
    let unchanged = parsed
        .problems
        .iter()
        .any(|p| matches!(p.kind, yaml::LoadProblemKind::Syntax(_)))
        || crate::fix::same_tree(&source.text, &text);
    unchanged.then_some((text, comments))
}

/// The next line after `line` that is neither blank nor a comment.
fn next_code_line(source: &Source, line: usize) -> usize {
    let mut n = line + 1;
    loop {
        let range = source.line_range(n);
        if range.start >= source.text.len() {
            return n;
        }
        let text = source.text.get(range).unwrap_or("").trim();
        if !text.is_empty() && !text.starts_with('#') {
            return n;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse;

    fn sups(text: &str) -> Vec<(Option<usize>, Vec<String>, Vec<String>)> {
        let source = Source::new("t.yaml".into(), text.to_string());
        let parsed = parse(text);
        collect(&source, &parsed.comments)
            .into_iter()
            .map(|s| {
                let spans = s
                    .rules
                    .iter()
                    .map(|(_, r)| text[r.clone()].to_string())
                    .collect();
                (
                    s.line,
                    s.rules.into_iter().map(|(id, _)| id).collect(),
                    spans,
                )
            })
            .collect()
    }

    #[test]
    fn end_of_line_and_line_above() {
        let text = "a: 1 # huashu: allow schema, empty-line -- reason here\n# huashu: allow yaml-syntax\n\n# other comment\nb: 2\n";
        let s = sups(text);
        assert_eq!(
            s[0],
            (
                Some(1),
                vec!["schema".into(), "empty-line".into()],
                vec!["schema".into(), "empty-line".into()]
            )
        );
        assert_eq!(s[1].0, Some(5));
    }

    /// (rule, line) of every finding in a script checked on its own.
    fn findings(text: &str) -> Vec<(String, usize)> {
        let report = crate::check::check_texts(
            &[("scripts/p.yaml", text)],
            &crate::config::Config::default(),
            &crate::check::CheckOptions::default(),
        );
        report
            .findings
            .iter()
            .map(|f| (f.rule.to_string(), f.span.start.line))
            .collect()
    }

    fn script(steps: &str) -> String {
        format!("id: p.case\ntitle: 理财咨询\ncategory: sales\nopener:\n  - 您好，很高兴为您服务，我是{{bank}}客服代表{{agent_id}}，请问有什么可以帮到您？\n{steps}closing:\n  - 您还有其他疑问吗？\n  - 感谢您的来电，祝您生活愉快，再见。\n")
    }

    #[test]
    fn a_comment_above_a_list_covers_only_its_own_line() {
        let text = script("# huashu: allow forbidden-phrase\nsteps:\n  - stage: listen\n    say: 嗯，我明白了。\n  - stage: resolve\n    say: 这款产品保本。\n");
        let found = findings(&text);
        assert!(
            found.contains(&("forbidden-phrase".into(), 11)),
            "{found:?}"
        );
        assert!(
            found.contains(&("unused-suppression".into(), 6)),
            "{found:?}"
        );
    }

    #[test]
    fn a_comment_ending_a_step_covers_only_its_own_line() {
        let text = script("steps:\n  - stage: resolve # huashu: allow forbidden-phrase\n    say: 这款产品保本。\n");
        let found = findings(&text);
        assert!(found.contains(&("forbidden-phrase".into(), 8)), "{found:?}");
        assert!(
            found.contains(&("unused-suppression".into(), 7)),
            "{found:?}"
        );
    }

    #[test]
    fn a_comment_above_a_multi_line_value_covers_that_value() {
        for value in [
            "|\n      嗯，我明白了。\n      这款产品保本。\n",
            ">\n      嗯，我明白了。\n      这款产品保本。\n",
            "\"嗯，我明白了。\n      这款产品保本。\"\n",
            "嗯，我明白了。\n      这款产品保本。\n",
        ] {
            let text = script(&format!("steps:\n  - stage: resolve\n    # huashu: allow forbidden-phrase\n    say: {value}"));
            let found = findings(&text);
            assert!(
                !found
                    .iter()
                    .any(|(r, _)| r == "forbidden-phrase" || r == "unused-suppression"),
                "{value}: {found:?}"
            );
        }
        // `- |`: the dash's line starts the block.
        let text = script("steps:\n  - stage: resolve\n    say:\n      # huashu: allow forbidden-phrase\n      - |\n        这款产品保本。\n");
        let found = findings(&text);
        assert!(
            !found.iter().any(|(r, _)| r == "forbidden-phrase"),
            "{found:?}"
        );
        let bare = text.replace("      # huashu: allow forbidden-phrase\n", "");
        assert!(findings(&bare).iter().any(|(r, _)| r == "forbidden-phrase"));
    }

    #[test]
    fn allow_file_and_non_suppressions() {
        let text = "# huashu: allow-file jargon-limit\n# huashu: allowed\n# just a comment\na: 1\n";
        let s = sups(text);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].0, None);
        assert_eq!(s[0].1, ["jargon-limit"]);
    }
}
