//! Suppression comments (RULES.md, "Suppressions"):
//! `# huashu: allow RULE[, RULE…] [-- reason]` at the end of the offending
//! line or on its own line above it (blank and comment lines between are
//! skipped), and `# huashu: allow-file RULE[, RULE…]` for the whole file.

use std::ops::Range;

use crate::source::{Located, Source};
use crate::yaml::Comment;

#[derive(Debug, Clone)]
pub struct Suppression {
    /// The comment, for unused-suppression to point at.
    pub span: Located,
    /// The line it covers; `None` for `allow-file`.
    pub line: Option<usize>,
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
        line,
        rules,
    })
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

    #[test]
    fn allow_file_and_non_suppressions() {
        let text = "# huashu: allow-file jargon-limit\n# huashu: allowed\n# just a comment\na: 1\n";
        let s = sups(text);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].0, None);
        assert_eq!(s[0].1, ["jargon-limit"]);
    }
}
