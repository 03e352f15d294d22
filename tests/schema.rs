//! `huashu schema` and `huashu init`: the JSON Schema accepts every good
//! fixture and rejects the schema-bad one, checked with a JSON Schema
//! validator; the starter repository passes `huashu check`.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn huashu(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_huashu"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn yaml_as_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    huashu::yaml::parse(&text)
        .root
        .map_or(Value::Null, |n| n.to_json())
}

fn validator(config: bool) -> jsonschema::Validator {
    let args: &[&str] = if config {
        &["schema", "--config"]
    } else {
        &["schema"]
    };
    let o = huashu(Path::new(env!("CARGO_MANIFEST_DIR")), args);
    let schema: Value = serde_json::from_slice(&o.stdout).unwrap();
    jsonschema::draft202012::new(&schema).unwrap()
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.path().extension().is_some_and(|x| x == "yaml") && e.file_name() != "huashu.yaml"
        })
        .map(|e| e.into_path())
        .collect()
}

#[test]
fn every_good_fixture_validates_and_the_bad_one_does_not() {
    let v = validator(false);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut good: Vec<PathBuf> = Vec::new();
    for rule in huashu::rules::ALL_RULES {
        let id = rule.meta().id;
        if ["not-utf8", "unreadable-file", "yaml-syntax"].contains(&id) {
            continue;
        }
        good.extend(yaml_files(
            &root.join("fixtures/rules").join(id).join("pass"),
        ));
    }
    good.extend(
        [
            "service/card-loss.yaml",
            "complaint/transfer-not-arrived.yaml",
            "sales/wealth-product.yaml",
        ]
        .iter()
        .map(|p| root.join("fixtures/demo/scripts").join(p)),
    );
    good.push(root.join("fixtures/demo/snippets/common.yaml"));
    assert!(good.len() > 40);
    for path in &good {
        let doc = yaml_as_json(path);
        let errors: Vec<String> = v.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
    for bad in yaml_files(&root.join("fixtures/rules/schema/fail")) {
        assert!(
            !v.is_valid(&yaml_as_json(&bad)),
            "{} should be rejected",
            bad.display()
        );
    }
    // A question on a non-clarify step is refused, as the loader refuses it.
    let doc = serde_json::json!({"id": "a", "title": "t", "category": "service", "opener": ["您好"], "steps": [{"stage": "listen", "question": "open", "say": "嗯"}], "closing": ["再见"]});
    assert!(!v.is_valid(&doc));
}

#[test]
fn config_schema() {
    let v = validator(true);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for path in [
        root.join("fixtures/demo/huashu.yaml"),
        root.join("src/init/huashu.yaml"),
    ] {
        let doc = yaml_as_json(&path);
        let errors: Vec<String> = v.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
    let good = serde_json::json!({"rules": {"callback-time-window": {"max_working_days": 5}, "empty-line": "off"}, "lexicon": {"jargon": {"add": {"头寸": "可用资金"}, "remove": ["LPR"]}}, "bank": {"name": "示例银行"}});
    assert!(v.is_valid(&good));
    for bad in [
        serde_json::json!({"pahts": ["x"]}),
        serde_json::json!({"rules": {"empty-lin": "off"}}),
        serde_json::json!({"rules": {"schema": "fatal"}}),
        serde_json::json!({"rules": {"callback-time-window": {"max_workdays": 5}}}),
        serde_json::json!({"lexicon": {"jargn": {"add": {}}}}),
    ] {
        assert!(!v.is_valid(&bad), "{bad}");
    }
}

#[test]
fn init_writes_a_repository_that_passes_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("bank");
    let o = huashu(dir.path(), &["init", "bank"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = huashu(&target, &["check", "--format", "json"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["summary"]["files"], 6);
    // And an outbound call, checked as outbound.
    let outbound =
        std::fs::read_to_string(target.join("scripts/outbound/card-activation-call.yaml")).unwrap();
    assert!(outbound.contains("direction: outbound"));
    assert_eq!(report["diagnostics"].as_array().unwrap().len(), 0);
    // One example script per category.
    for category in ["inquiry", "service", "complaint", "sales"] {
        assert_eq!(
            std::fs::read_dir(target.join("scripts").join(category))
                .unwrap()
                .count(),
            1
        );
    }
    // The schema the scripts name validates them.
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(target.join("huashu.schema.json")).unwrap())
            .unwrap();
    let v = jsonschema::draft202012::new(&schema).unwrap();
    for path in yaml_files(&target) {
        assert!(v.is_valid(&yaml_as_json(&path)), "{}", path.display());
    }
    // A second init refuses and writes nothing.
    std::fs::write(target.join("huashu.yaml"), "paths: [scripts]\n").unwrap();
    let o = huashu(dir.path(), &["init", "bank"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(target.join("huashu.yaml")).unwrap(),
        "paths: [scripts]\n"
    );
}
