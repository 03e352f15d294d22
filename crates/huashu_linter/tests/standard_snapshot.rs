//! The built-in standard ships twice: `default.yaml` as people read and edit
//! it, `default.json` as the engine loads it fast. This test holds the two
//! to each other (and writes the JSON again with `HUASHU_BLESS=1`); it lives
//! outside the engine's sources because it writes a file.

use huashu_linter::standard::{StandardData, DEFAULT_YAML};

const DEFAULT_JSON: &str = include_str!("../src/standard/default.json");

#[test]
fn builtin_snapshot_is_current() {
    let data = StandardData::parse(DEFAULT_YAML).unwrap_or_else(|e| panic!("{}", e.message.en));
    let json = serde_json::to_string_pretty(&data).unwrap() + "\n";
    if std::env::var_os("HUASHU_BLESS").is_some() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/standard/default.json");
        std::fs::write(path, &json).unwrap();
        return;
    }
    assert!(
        json == DEFAULT_JSON,
        "crates/huashu_linter/src/standard/default.json is not default.yaml: run HUASHU_BLESS=1 cargo test -p huashu_linter --test standard_snapshot"
    );
    assert_eq!(StandardData::builtin(), data);
}
