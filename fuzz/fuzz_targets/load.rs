//! The loader on arbitrary bytes: decoding, parsing, the model, and the
//! span mapping of every scalar. Nothing may panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = match std::str::from_utf8(data) {
        Ok(text) => text,
        Err(e) => {
            let _ = huashu::rules::not_utf8_message(data, e.valid_up_to());
            return;
        }
    };
    let parsed = huashu::yaml::parse(text);
    let Some(root) = parsed.root else {
        return;
    };
    let _ = huashu::model::load(&root);
    let mut stack = vec![&root];
    while let Some(node) = stack.pop() {
        match &node.kind {
            huashu::yaml::NodeKind::Scalar(s) => {
                let len = s.value.len();
                for (start, end) in [(0, len), (0, len / 2), (len / 3, len)] {
                    if s.value.is_char_boundary(start) && s.value.is_char_boundary(end) {
                        let (span, _) = huashu::yaml::scalar_map::sub_span(text, node.span.clone(), s.style, &s.value, start..end);
                        assert!(span.start <= span.end && span.end <= text.len());
                    }
                }
            }
            huashu::yaml::NodeKind::Seq(items) => stack.extend(items),
            huashu::yaml::NodeKind::Map(entries) => stack.extend(entries.iter().flat_map(|(k, v)| [k, v])),
        }
    }
});
