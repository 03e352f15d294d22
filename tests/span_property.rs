//! Property: for any scalar style, the sub-span of a word inside a value maps
//! to exactly that word's characters in the source.

use proptest::prelude::*;

use huashu::yaml::{parse, scalar_map::sub_span};

const ALPHABET: &[&str] = &[
    "您", "好", "银", "行", "卡", "挂", "失", "a", "B", "7", "，", "。", "{", "}", "_",
];

fn word() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(ALPHABET), 1..4).prop_map(|parts| parts.concat())
}

fn lines() -> impl Strategy<Value = Vec<Vec<String>>> {
    prop::collection::vec(prop::collection::vec(word(), 1..4), 1..4)
}

/// The document `k: <scalar>` in one of five styles, `\n` or `\r\n` line ends.
fn document(lines: &[Vec<String>], style: usize, crlf: bool) -> String {
    let text: Vec<String> = lines.iter().map(|l| l.join(" ")).collect();
    let doc = match style {
        0 => format!("k: x{}\n", text.join("\n  ")),
        1 => format!("k: '{}'\n", text.join("\n  ")),
        2 => format!("k: \"{}\"\n", text.join("\n  ")),
        3 => format!("k: |\n  {}\n", text.join("\n  ")),
        _ => format!("k: >-\n  {}\n", text.join("\n\n  ")),
    };
    if crlf {
        doc.replace('\n', "\r\n")
    } else {
        doc
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn words_map_to_their_source(lines in lines(), style in 0usize..5, crlf in any::<bool>(), pick in any::<prop::sample::Index>()) {
        let doc = document(&lines, style, crlf);
        let parsed = parse(&doc);
        // Braces and the like can make a plain scalar something else; those inputs prove nothing here.
        prop_assume!(parsed.problems.is_empty());
        let root = parsed.root.unwrap();
        let (_, node) = root.get("k").unwrap();
        let scalar = node.as_scalar().unwrap();
        let words: Vec<&String> = lines.iter().flatten().collect();
        let word = words[pick.index(words.len())];
        for (start, _) in scalar.value.match_indices(word.as_str()) {
            let (span, exact) = sub_span(&doc, node.span.clone(), scalar.style, &scalar.value, start..start + word.len());
            prop_assert!(exact, "style {} {:?}: `{}` not exact", style, doc, word);
            prop_assert_eq!(&doc[span], word.as_str(), "style {} {:?}", style, doc);
        }
    }
}
