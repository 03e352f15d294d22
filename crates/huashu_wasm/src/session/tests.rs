//! The page's API as plain Rust: what `cargo test` checks here is exactly
//! what the page calls through the ABI.

use serde_json::{json, Value};

use super::Session;

fn ask(session: &mut Session, request: Value) -> Value {
    serde_json::from_str(&session.handle(&request.to_string())).unwrap()
}

const DEMO_CONFIG: &str = include_str!("../../../../fixtures/demo/huashu.yaml");
const SNIPPETS: &str = include_str!("../../../../fixtures/demo/snippets/common.yaml");
const ANNUAL_FEE: &str = include_str!("../../../../fixtures/demo/scripts/inquiry/annual-fee.yaml");

fn utf16_slice(text: &str, from: &Value, to: &Value) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    let (from, to) = (
        from.as_u64().unwrap() as usize,
        to.as_u64().unwrap() as usize,
    );
    String::from_utf16(&units[from..to]).unwrap()
}

#[test]
fn a_finding_in_both_languages_with_utf16_positions() {
    let mut s = Session::new();
    ask(
        &mut s,
        json!({"op": "set_files", "files": [{"path": "snippets/common.yaml", "text": SNIPPETS}]}),
    );
    assert_eq!(
        ask(&mut s, json!({"op": "configure", "config": DEMO_CONFIG}))["ok"],
        true
    );
    let path = "scripts/inquiry/annual-fee.yaml";
    let answer = ask(
        &mut s,
        json!({"op": "check", "path": path, "text": ANNUAL_FEE}),
    );
    let findings = answer["findings"].as_array().unwrap();
    let unknown = findings
        .iter()
        .find(|f| f["rule"] == "placeholder-unknown")
        .unwrap();
    // The command line's object, as `huashu check --format json` prints it.
    assert_eq!(unknown["zh"]["file"], path);
    assert_eq!(unknown["zh"]["span"]["line"], 12);
    assert_eq!(unknown["zh"]["span"]["column"], 34);
    assert_eq!(
        unknown["en"]["message"],
        "unknown placeholder `{customer_titel}`"
    );
    assert_ne!(unknown["zh"]["message"], unknown["en"]["message"]);
    assert_eq!(unknown["group"], "structure");
    // JavaScript's string indices land on the same characters.
    assert_eq!(
        utf16_slice(ANNUAL_FEE, &unknown["from"], &unknown["to"]),
        "{customer_titel}"
    );
}

#[test]
fn a_bad_config_is_reported_and_the_last_good_one_stays() {
    let mut s = Session::new();
    let config = "bank:\n  name: 示例银行\nrulez: {}\n";
    let answer = ask(&mut s, json!({"op": "configure", "config": config}));
    assert_eq!(answer["ok"], false);
    let problem = &answer["problems"][0];
    assert_eq!(problem["line"], 3, "{problem}");
    assert_eq!(
        utf16_slice(config, &problem["from"], &problem["to"]),
        "rulez"
    );
    assert_eq!(answer["standard"]["config_ok"], false);
    // A standard file is read from the files opened, or named as missing.
    let answer = ask(
        &mut s,
        json!({"op": "configure", "config": "standard: mine.yaml\n"}),
    );
    assert!(answer["problems"][0]["message"]["en"]
        .as_str()
        .unwrap()
        .contains("mine.yaml"));
    // An empty config is no config: the built-in standard.
    let answer = ask(&mut s, json!({"op": "configure", "config": ""}));
    assert_eq!(answer["ok"], true);
    assert!(answer["standard"]["yaml"]
        .as_str()
        .unwrap()
        .contains("lexicon"));
}

#[test]
fn the_bank_name_reaches_the_standard() {
    let mut s = Session::new();
    let answer = ask(
        &mut s,
        json!({"op": "configure", "config": "bank:\n  name: 测试银行\n"}),
    );
    assert!(answer["standard"]["yaml"]
        .as_str()
        .unwrap()
        .contains("测试银行"));
}

#[test]
fn fix_all_gives_edits_that_fix() {
    let mut s = Session::new();
    let text = ANNUAL_FEE.replace(
        "请问您咨询的是哪一张信用卡的年费呢？",
        "请问您咨询的是哪一张信用卡的年费呢?",
    );
    let before = ask(
        &mut s,
        json!({"op": "check", "path": "a.yaml", "text": text}),
    );
    let width = before["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "punctuation-width")
        .unwrap();
    assert_eq!(width["fix"]["safe"], true);
    let answer = ask(
        &mut s,
        json!({"op": "fix_all", "path": "a.yaml", "text": text}),
    );
    let edits = answer["edits"].as_array().unwrap();
    assert!(!edits.is_empty());
    // Apply them as the page does, on UTF-16 units, from the end.
    let mut units: Vec<u16> = text.encode_utf16().collect();
    for e in edits.iter().rev() {
        let (from, to) = (
            e["from"].as_u64().unwrap() as usize,
            e["to"].as_u64().unwrap() as usize,
        );
        units.splice(from..to, e["insert"].as_str().unwrap().encode_utf16());
    }
    let fixed = String::from_utf16(&units).unwrap();
    let after = ask(
        &mut s,
        json!({"op": "check", "path": "a.yaml", "text": fixed}),
    );
    assert!(!after["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "punctuation-width"));
}

#[test]
fn a_folder_is_checked_together_within_the_config() {
    let mut s = Session::new();
    let files = json!([
        {"path": "huashu.yaml", "text": DEMO_CONFIG},
        {"path": "snippets/common.yaml", "text": SNIPPETS},
        {"path": "scripts/inquiry/annual-fee.yaml", "text": ANNUAL_FEE},
        {"path": "scripts/drafts/unfinished.yaml", "text": "id: draft\n"},
        {"path": "notes/readme.md", "text": "# notes\n"},
    ]);
    ask(&mut s, json!({"op": "set_files", "files": files}));
    ask(&mut s, json!({"op": "configure", "config": DEMO_CONFIG}));
    let answer = ask(&mut s, json!({"op": "check_all"}));
    let checked: Vec<&str> = answer["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        checked,
        ["scripts/inquiry/annual-fee.yaml", "snippets/common.yaml"]
    );
    assert_eq!(
        answer["skipped"],
        json!([
            "huashu.yaml",
            "notes/readme.md",
            "scripts/drafts/unfinished.yaml"
        ])
    );
    // The cross-file rule: snippets no script uses.
    let snippets = &answer["files"][1]["findings"];
    assert!(snippets
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "unused-snippet" && f["severity"] == "warning"));
}

#[test]
fn rules_carry_their_docs_and_levels() {
    let mut s = Session::new();
    ask(
        &mut s,
        json!({"op": "configure", "config": "rules:\n  empty-line: off\n"}),
    );
    let answer = ask(&mut s, json!({"op": "rules"}));
    let rules = answer["rules"].as_array().unwrap();
    let empty = rules.iter().find(|r| r["id"] == "empty-line").unwrap();
    assert_eq!(empty["level"], "off");
    assert!(!empty["doc"]["zh"].as_str().unwrap().is_empty());
    let jargon = rules.iter().find(|r| r["id"] == "jargon-limit").unwrap();
    assert!(!jargon["patterns"].as_array().unwrap().is_empty());
}

#[test]
fn a_request_it_cannot_read_is_an_error_not_a_panic() {
    let mut s = Session::new();
    for bad in ["", "{", "{\"op\":\"nope\"}", "[1,2]", "{\"op\":\"check\"}"] {
        let answer: Value = serde_json::from_str(&s.handle(bad)).unwrap();
        assert!(answer["error"].is_string(), "{bad}: {answer}");
    }
}

#[test]
fn a_snippet_file_alone_is_not_a_repository() {
    // As `huashu check snippets/common.yaml`: no script is known, so no
    // snippet is "unused"; in a repository the same file gets them.
    let mut s = Session::new();
    let alone = ask(
        &mut s,
        json!({"op": "check", "path": "snippets/common.yaml", "text": SNIPPETS}),
    );
    assert_eq!(alone["findings"], json!([]));
    let files = json!([{"path": "snippets/common.yaml", "text": SNIPPETS}]);
    ask(&mut s, json!({"op": "set_files", "files": files}));
    let in_repo = ask(
        &mut s,
        json!({"op": "check", "path": "snippets/common.yaml", "text": SNIPPETS}),
    );
    assert!(in_repo["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["rule"] == "unused-snippet"));
    assert_eq!(in_repo["findings"].as_array().unwrap().len(), 7);
}
