//! The properties the fuzz targets check (fuzz/fuzz_targets/*), as plain
//! functions, so that `cargo test` replays the kept corpus through exactly
//! the same checks (tests/fuzz_corpus.rs). Each panics when a property fails.
//!
//! A source file both include (`#[path]`), not a module of huashu: the
//! library does not ship test properties.

// Each fuzz target includes the file for one property of four.
#![allow(dead_code)]

use huashu::check::{check_texts, CheckOptions};
use huashu::config::Config;
use huashu::finding::Lang;
use huashu::report::{self, Format, Style};
use huashu::yaml::{self, NodeKind};

/// The loader on arbitrary bytes: decoding, parsing, the model, and the span
/// mapping of every scalar stay in bounds.
pub fn load(data: &[u8]) {
    let text = match std::str::from_utf8(data) {
        Ok(text) => text,
        Err(e) => {
            let _ = huashu::rules::not_utf8_message(data, e.valid_up_to());
            return;
        }
    };
    let parsed = yaml::parse(text);
    let Some(root) = parsed.root else {
        return;
    };
    let _ = huashu::model::load(&root);
    let mut stack = vec![&root];
    while let Some(node) = stack.pop() {
        match &node.kind {
            NodeKind::Scalar(s) => {
                let len = s.value.len();
                for (start, end) in [(0, len), (0, len / 2), (len / 3, len)] {
                    if s.value.is_char_boundary(start) && s.value.is_char_boundary(end) {
                        let (span, _) = yaml::scalar_map::sub_span(
                            text,
                            node.span.clone(),
                            s.style,
                            &s.value,
                            start..end,
                        );
                        assert!(
                            span.start <= span.end && span.end <= text.len(),
                            "{span:?} out of {}",
                            text.len()
                        );
                    }
                }
            }
            NodeKind::Seq(items) => stack.extend(items),
            NodeKind::Map(entries) => stack.extend(entries.iter().flat_map(|(k, v)| [k, v])),
        }
    }
}

/// The full check of one file with every rule: every span inside the file on
/// character boundaries, and every report format drawn.
pub fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let options = CheckOptions {
        whole_repo: true,
        keep_sources: true,
        ..CheckOptions::default()
    };
    let report = check_texts(&[("scripts/f.yaml", text)], &Config::default(), &options);
    for f in &report.findings {
        let end = f.span.offset + f.span.length;
        assert!(
            end <= text.len() && text.is_char_boundary(f.span.offset) && text.is_char_boundary(end),
            "{f:?}"
        );
    }
    let style = Style {
        lang: Lang::Zh,
        color: false,
        width: 80,
    };
    for format in [
        Format::Human,
        Format::Concise,
        Format::Json,
        Format::Sarif,
        Format::Junit,
        Format::Gitlab,
        Format::Rdjson,
    ] {
        let mut out = Vec::new();
        report::write(format, &report, &style, &mut out).expect("a report into memory");
    }
}

/// One round of every offered fix (safe and unsafe); `None` when none
/// applies, and when a rule listed only its first `MAX_PER_RULE` findings
/// (the rest, and their fixes, wait for the next round).
fn fix_once(text: &str) -> Option<String> {
    let report = check_texts(
        &[("f.yaml", text)],
        &Config::default(),
        &CheckOptions::default(),
    );
    let mut per_rule = std::collections::HashMap::new();
    for f in &report.findings {
        *per_rule.entry(f.rule).or_insert(0usize) += 1;
    }
    if per_rule
        .values()
        .any(|&n| n > huashu::finding::MAX_PER_RULE)
    {
        return None;
    }
    let plan = huashu::fix::plan(&report, true);
    let edits = plan.get("f.yaml")?;
    let after = huashu::fix::apply(text, edits)?;
    // Every byte outside the edits is unchanged.
    let (mut at, mut shift) = (0usize, 0isize);
    let moved = |i: usize, shift: isize| i.checked_add_signed(shift).unwrap_or(0);
    for e in edits {
        assert_eq!(
            text.get(at..e.span.start),
            after.get(moved(at, shift)..moved(e.span.start, shift))
        );
        shift += e.replacement.len() as isize - e.span.len() as isize;
        at = e.span.end;
    }
    assert_eq!(text.get(at..), after.get(moved(at, shift)..));
    // A fix never yields a file that fails to parse or changes its structure.
    assert!(
        huashu::fix::same_structure(text, &after),
        "a fix changed the structure:\n{text:?}\n{after:?}"
    );
    Some(after)
}

/// The fix engine: structure kept, no other byte touched, idempotent.
pub fn fix(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(once) = fix_once(text) {
        if let Some(twice) = fix_once(&once) {
            assert_eq!(once, twice, "a second fix changed something");
        }
    }
}

/// The phrase-pattern language on arbitrary bytes: the first line is a
/// pattern, the rest a text. A pattern parses or names a fault inside
/// itself; one that parses matches only whole characters of the text.
pub fn pattern(data: &[u8]) {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let (source, text) = input.split_once('\n').unwrap_or((input, input));
    match huashu::text::pattern::Pattern::parse_checked(source) {
        Err(e) => {
            assert!(
                e.at.start <= e.at.end && e.at.end <= source.len(),
                "{:?}",
                e.at
            );
            assert!(source.is_char_boundary(e.at.start) && source.is_char_boundary(e.at.end));
        }
        Ok(p) => {
            let matcher = huashu::text::pattern::Matcher::new(vec![p], Vec::new());
            for hit in matcher.find_all(text) {
                assert!(hit.start < hit.end && hit.end <= text.len(), "{hit:?}");
                assert!(text.is_char_boundary(hit.start) && text.is_char_boundary(hit.end));
            }
        }
    }
}
