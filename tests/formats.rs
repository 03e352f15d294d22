//! Every output format, parsed back with a real parser (serde_json,
//! roxmltree) and checked field by field, plus a snapshot of each on the
//! demo repository.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn huashu_in(dir: &std::path::Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_huashu"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("NO_COLOR", "1");
    if let Some(input) = stdin {
        use std::io::Write;
        cmd.stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        return child.wait_with_output().unwrap();
    }
    cmd.output().unwrap()
}

fn demo(format: &str) -> String {
    let o = huashu_in(
        &repo(),
        &[
            "check",
            "--config",
            "fixtures/demo/huashu.yaml",
            "--format",
            format,
        ],
        None,
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

/// The demo's findings as (file, line, column, rule), from the json format.
fn expected() -> Vec<(String, u64, u64, String)> {
    let v: Value = serde_json::from_str(&demo("json")).unwrap();
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["span"]["line"].as_u64().unwrap(),
                d["span"]["column"].as_u64().unwrap(),
                d["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn json_lines() {
    let out = demo("json-lines");
    let got: Vec<_> = out
        .lines()
        .map(|l| {
            let d: Value = serde_json::from_str(l).unwrap();
            (
                d["file"].as_str().unwrap().to_string(),
                d["span"]["line"].as_u64().unwrap(),
                d["span"]["column"].as_u64().unwrap(),
                d["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(got, expected());
    insta::assert_snapshot!("json_lines", out);
}

#[test]
fn sarif() {
    let out = demo("sarif");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), huashu::rules::ALL_RULES.len());
    for r in rules {
        for field in [
            "id",
            "shortDescription",
            "fullDescription",
            "help",
            "defaultConfiguration",
        ] {
            assert!(!r[field].is_null(), "rule {} lacks {field}", r["id"]);
        }
        assert!(["error", "warning", "note"]
            .contains(&r["defaultConfiguration"]["level"].as_str().unwrap()));
    }
    let got: Vec<_> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let loc = &r["locations"][0]["physicalLocation"];
            let region = &loc["region"];
            assert!(region["endLine"].as_u64().is_some() && region["endColumn"].as_u64().is_some());
            assert!(!r["message"]["text"].as_str().unwrap().is_empty());
            assert_eq!(
                rules[r["ruleIndex"].as_u64().unwrap() as usize]["id"],
                r["ruleId"]
            );
            (
                loc["artifactLocation"]["uri"].as_str().unwrap().to_string(),
                region["startLine"].as_u64().unwrap(),
                region["startColumn"].as_u64().unwrap(),
                r["ruleId"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(got, expected());
    let mut fingerprints: Vec<_> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["partialFingerprints"]["huashu/v1"].clone())
        .collect();
    fingerprints.sort_by_key(|f| f.to_string());
    fingerprints.dedup();
    assert_eq!(fingerprints.len(), expected().len());
}

#[test]
fn github() {
    let out = demo("github");
    let got: Vec<_> = out
        .lines()
        .map(|l| {
            let (head, message) = l
                .split_once("::")
                .and_then(|(_, rest)| rest.split_once("::"))
                .unwrap();
            assert!(!message.is_empty() && !message.contains('\n'));
            let (level, props) = head.split_once(' ').unwrap();
            assert!(["error", "warning", "notice"].contains(&level));
            let props: std::collections::HashMap<&str, &str> = props
                .split(',')
                .map(|p| p.split_once('=').unwrap())
                .collect();
            for key in ["file", "line", "col", "endLine", "endColumn", "title"] {
                assert!(props.contains_key(key), "{key} missing in {l}");
            }
            (
                props["file"].to_string(),
                props["line"].parse().unwrap(),
                props["col"].parse().unwrap(),
                props["title"].to_string(),
            )
        })
        .collect();
    assert_eq!(got, expected());
    insta::assert_snapshot!("github", out);
}

#[test]
fn gitlab_fingerprints_are_unique_and_survive_edits_elsewhere() {
    let v: Value = serde_json::from_str(&demo("gitlab")).unwrap();
    let issues = v.as_array().unwrap();
    assert_eq!(issues.len(), expected().len());
    for i in issues {
        for field in ["description", "check_name", "fingerprint", "severity"] {
            assert!(i[field].is_string(), "{field}");
        }
        assert!(i["location"]["lines"]["begin"].as_u64().is_some());
    }
    let mut fps: Vec<_> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap().to_string())
        .collect();
    fps.sort();
    fps.dedup();
    assert_eq!(fps.len(), issues.len());

    // Two identical findings in one file, then a line added above them.
    let dir = tempfile::tempdir().unwrap();
    let text = "id: a\ntitle: t\ncategory: service\nopener: [您好]\nsteps:\n  - stage: listen\n    say: 你好\n  - stage: listen\n    say: 你好\nclosing: [再见]\n";
    std::fs::write(dir.path().join("a.yaml"), text).unwrap();
    let fingerprints = |dir: &std::path::Path| -> Vec<(String, String)> {
        let o = huashu_in(dir, &["check", "--format", "gitlab"], None);
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["check_name"].as_str().unwrap().to_string(),
                    i["fingerprint"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let before = fingerprints(dir.path());
    std::fs::write(dir.path().join("a.yaml"), format!("# 新增的注释\n\n{text}")).unwrap();
    let after = fingerprints(dir.path());
    assert_eq!(before, after);
    let honorific: Vec<_> = before
        .iter()
        .filter(|(r, _)| r == "honorific-you")
        .collect();
    assert_eq!(honorific.len(), 2);
    assert_ne!(honorific[0].1, honorific[1].1);
}

#[test]
fn junit() {
    let out = demo("junit");
    let doc = roxmltree::Document::parse(&out).unwrap();
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 13, "one test case per checked file");
    let failures: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .collect();
    assert_eq!(failures.len(), expected().len());
    for f in &failures {
        assert!(f.attribute("message").is_some() && f.attribute("type").is_some());
        assert!(f.text().unwrap().contains(f.attribute("type").unwrap()));
    }
    insta::assert_snapshot!("junit", out);
}

#[test]
fn checkstyle() {
    let out = demo("checkstyle");
    let doc = roxmltree::Document::parse(&out).unwrap();
    let mut got = Vec::new();
    for file in doc.descendants().filter(|n| n.has_tag_name("file")) {
        for e in file.children().filter(|n| n.has_tag_name("error")) {
            got.push((
                file.attribute("name").unwrap().to_string(),
                e.attribute("line").unwrap().parse().unwrap(),
                e.attribute("column").unwrap().parse().unwrap(),
                e.attribute("source")
                    .unwrap()
                    .trim_start_matches("huashu.")
                    .to_string(),
            ));
        }
    }
    assert_eq!(got, expected());
    insta::assert_snapshot!("checkstyle", out);
}

#[test]
fn rdjson() {
    let out = demo("rdjson");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["source"]["name"], "huashu");
    let diags = v["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), expected().len());
    for d in diags {
        assert!(["ERROR", "WARNING", "INFO"].contains(&d["severity"].as_str().unwrap()));
        assert!(d["location"]["range"]["start"]["line"].as_u64().is_some());
        assert!(d["code"]["value"].is_string());
    }
    // The half-width comma in card-loss.yaml comes with a suggestion.
    assert!(diags
        .iter()
        .any(|d| d["code"]["value"] == "punctuation-width" && d["suggestions"][0]["text"] == "，"));
    // Snapshots of the content, pretty-printed: the report itself writes a
    // diagnostic a line.
    insta::assert_snapshot!("rdjson", serde_json::to_string_pretty(&v).unwrap());
}

#[test]
fn sarif_snapshot() {
    let v: Value = serde_json::from_str(&demo("sarif")).unwrap();
    insta::assert_snapshot!("sarif", serde_json::to_string_pretty(&v).unwrap());
}

#[test]
fn statistics_quiet_and_warnings() {
    let o = huashu_in(
        &repo(),
        &[
            "check",
            "--config",
            "fixtures/demo/huashu.yaml",
            "--statistics",
        ],
        None,
    );
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.lines()
            .next()
            .unwrap()
            .trim_start()
            .starts_with(char::is_numeric),
        "{out}"
    );
    insta::assert_snapshot!("statistics", out);

    let o = huashu_in(
        &repo(),
        &[
            "check",
            "--config",
            "fixtures/demo/huashu.yaml",
            "--quiet",
            "--format",
            "json",
        ],
        None,
    );
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["severity"] == "error"));

    // Only warnings: exit 0, unless --deny-warnings or --max-warnings says otherwise.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.yaml"), "id: a\ntitle: t\ncategory: service\nopener:\n  - 您好，我是{bank}客服代表{agent_id}，请问有什么可以帮到您？\nsteps:\n  - stage: listen\n    say: 好的,我来。\nclosing:\n  - 您还有其他疑问吗？\n  - 感谢您的来电，再见。\n").unwrap();
    assert_eq!(
        huashu_in(dir.path(), &["check"], None).status.code(),
        Some(0)
    );
    assert_eq!(
        huashu_in(dir.path(), &["check", "--deny-warnings"], None)
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        huashu_in(dir.path(), &["check", "--max-warnings", "0"], None)
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        huashu_in(dir.path(), &["check", "--max-warnings", "1"], None)
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        huashu_in(
            dir.path(),
            &["check", "--ignore", "language", "--deny-warnings"],
            None
        )
        .status
        .code(),
        Some(0)
    );
    assert_eq!(
        huashu_in(
            dir.path(),
            &["check", "--select", "punctuation-width", "--deny-warnings"],
            None
        )
        .status
        .code(),
        Some(1)
    );
    let o = huashu_in(
        dir.path(),
        &["check", "--select", "punctuation-widht"],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("did you mean `punctuation-width`"));

    // --output writes the report to a file.
    let report = dir.path().join("report.json");
    huashu_in(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--output",
            report.to_str().unwrap(),
        ],
        None,
    );
    let v: Value = serde_json::from_str(&std::fs::read_to_string(report).unwrap()).unwrap();
    assert_eq!(v["summary"]["warnings"], 1);
}

#[test]
fn standard_input_for_editors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("snippets")).unwrap();
    std::fs::write(
        dir.path().join("snippets/s.yaml"),
        "snippets:\n  bye: 感谢您的来电，再见。\n",
    )
    .unwrap();
    let text = "id: a\ntitle: t\ncategory: service\nopener:\n  - 您好，我是{bank}客服代表{agent_id}，请问有什么可以帮到您？\nsteps:\n  - stage: listen\n    say: 好的,我来。\nclosing:\n  - 您还有其他疑问吗？\n  - use: bye\n";
    let o = huashu_in(
        dir.path(),
        &[
            "check",
            "-",
            "--stdin-filename",
            "scripts/new.yaml",
            "--format",
            "json",
        ],
        Some(text),
    );
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let d = &v["diagnostics"].as_array().unwrap();
    assert_eq!(d.len(), 1, "{v:#}");
    assert_eq!(d[0]["file"], "scripts/new.yaml");
    assert_eq!(d[0]["rule"], "punctuation-width");
    // --fix on standard input prints the fixed text.
    let o = huashu_in(
        dir.path(),
        &[
            "check",
            "-",
            "--stdin-filename",
            "scripts/new.yaml",
            "--fix",
        ],
        Some(text),
    );
    assert_eq!(
        String::from_utf8(o.stdout).unwrap(),
        text.replace("好的,我来", "好的，我来")
    );
}

#[test]
fn baseline_adoption() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let text = "id: a\ntitle: t\ncategory: service\nopener:\n  - 您好，我是{bank}客服代表{agent_id}，请问有什么可以帮到您？\nsteps:\n  - stage: listen\n    say: 你好,我来。\nclosing:\n  - 您还有其他疑问吗？\n  - 感谢您的来电，再见。\n";
    std::fs::write(root.join("a.yaml"), text).unwrap();
    let o = huashu_in(
        root,
        &[
            "check",
            "--write-baseline",
            "baseline.json",
            "--deny-warnings",
        ],
        None,
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let b: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("baseline.json")).unwrap())
            .unwrap();
    assert_eq!(b["findings"].as_array().unwrap().len(), 2);
    // Edits elsewhere do not revive recorded findings...
    std::fs::write(
        root.join("a.yaml"),
        format!("# 注释\n\n{}", text.replace("title: t", "title: 新标题")),
    )
    .unwrap();
    let o = huashu_in(
        root,
        &["check", "--baseline", "baseline.json", "--deny-warnings"],
        None,
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    // ...but a new finding is reported.
    std::fs::write(
        root.join("a.yaml"),
        text.replace("你好,我来。", "你好,我来。你的卡"),
    )
    .unwrap();
    let o = huashu_in(
        root,
        &["check", "--baseline", "baseline.json", "--format", "json"],
        None,
    );
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 1, "{v:#}");
    // Findings that went away leave the baseline on the next write.
    std::fs::write(
        root.join("a.yaml"),
        text.replace("你好,我来。", "您好，我来。"),
    )
    .unwrap();
    huashu_in(root, &["check", "--write-baseline", "baseline.json"], None);
    let b: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("baseline.json")).unwrap())
            .unwrap();
    assert!(b["findings"].as_array().unwrap().is_empty());
    // A broken baseline is the tool failing: exit 2.
    std::fs::write(root.join("bad.json"), "{").unwrap();
    assert_eq!(
        huashu_in(root, &["check", "--baseline", "bad.json"], None)
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn add_suppressions_then_nothing_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let from = repo().join("fixtures/demo");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let to = root.join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    std::fs::write(root.join("scripts/block.yaml"), "id: block.case\ntitle: t\ncategory: service\nopener:\n  - use: opener-phone\nsteps:\n  - stage: listen\n    say: |\n      好的,我来。\n      你的卡已经挂失。\n  - stage: resolve\n    say:\n      - |\n        估计没问题。\nclosing:\n  - use: further-needs\n  - use: farewell-phone\n").unwrap();
    let o = huashu_in(
        root,
        &["check", "--add-suppressions", "--format", "json"],
        None,
    );
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["diagnostics"].as_array().unwrap().len(),
        0,
        "{v:#}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = huashu_in(root, &["check"], None);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let block = std::fs::read_to_string(root.join("scripts/block.yaml")).unwrap();
    assert!(
        block.contains("  # huashu: allow punctuation-width, honorific-you\n    say: |"),
        "{block}"
    );
}
