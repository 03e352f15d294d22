//! The fix engine: a fix never yields a file that fails to parse, never
//! changes bytes outside its edits, and is idempotent.
#![no_main]

use libfuzzer_sys::fuzz_target;

use huashu::check::{check_texts, CheckOptions};
use huashu::config::Config;

fn fix_once(text: &str) -> Option<String> {
    let report = check_texts(&[("f.yaml", text)], &Config::default(), &CheckOptions::default());
    let plan = huashu::fix::plan(&report, true);
    let edits = plan.get("f.yaml")?;
    let after = huashu::fix::apply(text, edits)?;
    // Bytes outside the edits are the same.
    let mut at = 0;
    let mut shift: isize = 0;
    for e in edits {
        assert_eq!(text[at..e.span.start], after[(at as isize + shift) as usize..(e.span.start as isize + shift) as usize]);
        shift += e.replacement.len() as isize - e.span.len() as isize;
        at = e.span.end;
    }
    assert_eq!(text[at..], after[(at as isize + shift) as usize..]);
    // The engine applies a fix only when this holds; every offered fix must keep it.
    assert!(huashu::fix::same_structure(text, &after), "a fix changed the structure:\n{text:?}\n{after:?}");
    Some(after)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(once) = fix_once(text) {
        if let Some(twice) = fix_once(&once) {
            assert_eq!(once, twice, "a second fix changed something");
        }
    }
});
