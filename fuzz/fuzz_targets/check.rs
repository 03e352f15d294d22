//! The full check of one file with every rule, and every report format.
#![no_main]

use libfuzzer_sys::fuzz_target;

use huashu::check::{check_texts, CheckOptions};
use huashu::config::Config;
use huashu::finding::Lang;
use huashu::report::{self, Format, Style};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let report = check_texts(&[("scripts/f.yaml", text)], &Config::default(), &CheckOptions { whole_repo: true, keep_sources: true, ..CheckOptions::default() });
    for f in &report.findings {
        assert!(f.span.offset + f.span.length <= text.len(), "{f:?}");
        assert!(text.is_char_boundary(f.span.offset) && text.is_char_boundary(f.span.offset + f.span.length));
    }
    let style = Style { lang: Lang::Zh, color: false, width: 80 };
    for format in [Format::Human, Format::Concise, Format::Json, Format::Sarif, Format::Junit, Format::Gitlab] {
        let mut out = Vec::new();
        report::write(format, &report, &style, &mut out).unwrap();
    }
});
