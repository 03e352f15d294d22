//! `huashu calls` end to end, on the built binary: a fixture file per
//! check (fixtures/calls/<rule>.jsonl: calls whose id starts with `found`
//! must get the rule, `near-miss` ones must not; clean and noisy text),
//! plain-text transcripts, malformed inputs (each a finding, never a
//! crash, the run going on), a line far over the size limit, privacy
//! masking in every format, every format parsed back, and the same output
//! whatever the number of threads.

mod calls_gen;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn huashu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_huashu"))
        .args(["--lang", "en", "calls", "--no-config"])
        .args(args)
        .output()
        .expect("run huashu")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 output")
}

/// The calls of a json-lines report: (id, rules found, the call's JSON).
fn calls_of(output: &str) -> Vec<(String, Vec<String>, serde_json::Value)> {
    output
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("a JSON line"))
        .filter(|v| v["type"] == "call")
        .map(|v| {
            let rules = v["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["rule"].as_str().unwrap().to_string())
                .collect();
            (v["id"].as_str().unwrap().to_string(), rules, v)
        })
        .collect()
}

#[test]
fn every_check_has_found_and_near_miss_fixtures() {
    let mut checked = 0;
    let mut rules_seen = Vec::new();
    for entry in std::fs::read_dir("fixtures/calls").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("jsonl") {
            continue;
        }
        let rule = path.file_stem().unwrap().to_str().unwrap().to_string();
        let out = huashu(&["--format", "json-lines", path.to_str().unwrap()]);
        assert_ne!(
            out.status.code(),
            Some(2),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let calls = calls_of(&stdout(&out));
        let (mut found, mut near) = (0, 0);
        for (id, rules, _) in &calls {
            if id.starts_with("found") {
                found += 1;
                assert!(
                    rules.contains(&rule),
                    "{rule}: {id} should be found, got {rules:?}"
                );
            } else {
                near += 1;
                assert!(
                    !rules.contains(&rule),
                    "{rule}: {id} is a near miss, got {rules:?}"
                );
            }
            checked += 1;
        }
        assert!(
            found > 0 && near > 0,
            "{rule}: needs found and near-miss calls"
        );
        rules_seen.push(rule);
    }
    // Every rule that runs on calls by default has its fixture file
    // (call-malformed has fixtures/calls/malformed/, honorific-you is off).
    for meta in huashu::calls::rules::metas() {
        if ["call-malformed", "honorific-you"].contains(&meta.id) {
            continue;
        }
        assert!(
            rules_seen.iter().any(|r| r == meta.id),
            "no fixtures/calls/{}.jsonl",
            meta.id
        );
    }
    assert!(checked > 60, "{checked}");
}

#[test]
fn honorific_you_is_off_for_speech_unless_selected() {
    let file = "fixtures/calls/opener-greeting.jsonl";
    let off = calls_of(&stdout(&huashu(&["--format", "json-lines", file])));
    assert!(off
        .iter()
        .all(|(_, r, _)| !r.iter().any(|r| r == "honorific-you")));
    let on = calls_of(&stdout(&huashu(&[
        "--format",
        "json-lines",
        "--select",
        "honorific-you",
        file,
    ])));
    let noisy = on
        .iter()
        .find(|(id, _, _)| id == "near-miss-noisy")
        .unwrap();
    assert!(
        noisy.1.iter().all(|r| r == "honorific-you") && !noisy.1.is_empty(),
        "{:?}",
        noisy.1
    );
}

#[test]
fn plain_text_transcripts() {
    let out = huashu(&["--format", "json-lines", "fixtures/calls/plain"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let calls = calls_of(&stdout(&out));
    assert_eq!(calls.len(), 2);
    let (id, rules, v) = &calls[0];
    assert_eq!(id, "plain-card-loss");
    assert!(rules.is_empty(), "{rules:?}");
    assert_eq!(v["score"], 100);
    assert_eq!(v["agent"], "A017");
    assert_eq!(v["day"], "2024-03-15");
    assert_eq!(v["duration_ms"], 31500);
    // Noisy, unpunctuated, untimed: read as spoken, nothing to report.
    assert_eq!(calls[1].0, "noisy-no-times");
    assert!(calls[1].1.is_empty(), "{:?}", calls[1].1);
}

#[test]
fn malformed_inputs_are_findings_and_the_run_goes_on() {
    let out = huashu(&[
        "--format",
        "json-lines",
        "fixtures/calls/malformed",
        "fixtures/calls/plain/card-loss.txt",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let calls = calls_of(&stdout(&out));
    let malformed: Vec<(String, u64, String)> = calls
        .iter()
        .filter(|(_, r, _)| r.iter().any(|r| r == "call-malformed"))
        .map(|(_, _, v)| {
            (
                v["file"].as_str().unwrap().to_string(),
                v["line"].as_u64().unwrap(),
                v["findings"][0]["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expect = [
        ("customer-only.json", 1, "the agent never speaks"),
        ("empty.json", 1, "no turns"),
        ("mixed.jsonl", 2, "must be a JSON object"),
        ("mixed.jsonl", 3, "`turns` must be a list"),
        ("mixed.jsonl", 4, "invalid JSON"),
        ("mixed.jsonl", 5, "unknown value “fax”"),
        ("no-prefix.txt", 3, "no role prefix"),
        ("not-utf8.jsonl", 1, "not UTF-8"),
        ("truncated.json", 1, "truncated JSON"),
        ("unknown-role.json", 1, "unknown `role` “robot”"),
        (
            "wrong-types.json",
            1,
            "turn 1: `begin` must be milliseconds",
        ),
    ];
    assert_eq!(malformed.len(), expect.len(), "{malformed:#?}");
    for ((file, line, message), (f, l, m)) in malformed.iter().zip(expect) {
        assert!(
            file.ends_with(f) && *line == l && message.contains(m),
            "{file}:{line} {message}, expected {f}:{l} {m}"
        );
    }
    // The readable calls after and between them were checked.
    assert!(calls.iter().any(|(id, _, _)| id == "mixed-1"));
    assert!(calls.iter().any(|(id, _, _)| id == "plain-card-loss"));
}

#[test]
fn a_line_far_over_the_limit_streams_past() {
    // 1 GiB on one line through standard input, between two good calls:
    // skipped as it streams (never held), reported at its line.
    let mut child = Command::new(env!("CARGO_BIN_EXE_huashu"))
        .args([
            "--lang",
            "en",
            "calls",
            "--no-config",
            "--format",
            "json-lines",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let good = std::fs::read_to_string("fixtures/calls/forbidden-phrase.jsonl").unwrap();
    let first = good.lines().next().unwrap().to_string();
    let writer = std::thread::spawn(move || {
        writeln!(stdin, "{first}").unwrap();
        let chunk = vec![b'x'; 1 << 20];
        stdin.write_all(b"{\"id\":\"huge\",\"turns\":\"").unwrap();
        for _ in 0..1024 {
            stdin.write_all(&chunk).unwrap();
        }
        stdin.write_all(b"\"}\n").unwrap();
        writeln!(stdin, "{first}").unwrap();
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let calls = calls_of(&stdout(&out));
    assert_eq!(calls.len(), 3);
    let huge = &calls[1].2;
    assert_eq!(huge["line"], 2);
    let message = huge["findings"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("107374184") && message.contains("bytes, over the limit"),
        "{message}"
    );
    assert_eq!(calls[2].2["line"], 3);
}

const PRIVATE: &str = r#"{"id":"card-4111111111111111","agent_id":"A1","turns":[
 {"role":"agent","words":"您好，欢迎致电示例银行，工号1234为您服务，请问有什么可以帮您？"},
 {"role":"customer","words":"我的卡号是6222021234567890128，身份证号110105194912310021，手机13812345678。"},
 {"role":"agent","words":"您的卡号是6222021234567890128对吧，身份证号110105194912310021，这个不归我管。"},
 {"role":"agent","words":"请问您还有其他疑问吗？"},
 {"role":"agent","words":"感谢您的来电，祝您生活愉快，再见。"}]}"#;

#[test]
fn no_format_repeats_a_full_number() {
    let dir = tempfile::tempdir().unwrap();
    // Even the file's name holds a card number.
    let file = dir.path().join("6222021234567890128.json");
    std::fs::write(&file, PRIVATE.replace('\n', "")).unwrap();
    for format in ["human", "json", "json-lines", "junit", "csv", "html"] {
        for lang in ["en", "zh"] {
            let out = Command::new(env!("CARGO_BIN_EXE_huashu"))
                .args([
                    "--lang",
                    lang,
                    "calls",
                    "--no-config",
                    "--format",
                    format,
                    file.to_str().unwrap(),
                ])
                .output()
                .unwrap();
            let text = stdout(&out);
            assert!(!text.is_empty(), "{format}");
            for full in [
                "6222021234567890128",
                "110105194912310021",
                "13812345678",
                "4111111111111111",
            ] {
                assert!(
                    !text.contains(full),
                    "{format}/{lang} shows {full}:\n{text}"
                );
                // Nor with the digits spread by separators or quoting.
                let spread: String = text.chars().filter(char::is_ascii_digit).collect();
                assert!(
                    !spread.contains(full),
                    "{format}/{lang} shows {full} in pieces"
                );
            }
            if format != "html" && format != "csv" {
                assert!(text.contains("0128"), "{format}: the last four digits stay");
            }
        }
    }
}

#[test]
fn every_format_parses_back() {
    let files = [
        "fixtures/calls/forbidden-phrase.jsonl",
        "fixtures/calls/call-silence.jsonl",
        "fixtures/calls/malformed/mixed.jsonl",
    ];
    let run = |format: &str| {
        let mut args = vec!["--format", format];
        args.extend(files);
        stdout(&huashu(&args))
    };
    let lines = run("json-lines");
    let n_calls = calls_of(&lines).len();
    assert_eq!(n_calls, 4 + 3 + 5);
    let last: serde_json::Value = serde_json::from_str(lines.lines().last().unwrap()).unwrap();
    assert_eq!(last["type"], "summary");
    assert_eq!(last["calls"], n_calls);

    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(json["calls"].as_array().unwrap().len(), n_calls);
    assert_eq!(json["summary"]["calls"], n_calls);
    assert!(
        json["summary"]["rules"]["forbidden-phrase"]["findings"]
            .as_u64()
            .unwrap()
            >= 2
    );
    let first = &json["calls"][0]["findings"][0]["turn"];
    assert!(first["index"].as_u64().is_some() && first["role"].is_string());

    let junit = run("junit");
    let doc = roxmltree::Document::parse(&junit).unwrap();
    let cases = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .count();
    assert_eq!(cases, n_calls);
    assert!(doc
        .descendants()
        .any(|n| n.has_tag_name("failure") && n.attribute("type") == Some("call-silence")));

    let csv = run("csv");
    let rows: Vec<Vec<String>> = csv.lines().map(parse_csv_line).collect();
    assert_eq!(rows.len(), n_calls + 1);
    assert!(rows.iter().all(|r| r.len() == rows[0].len()));
    assert_eq!(rows[0][10], "score");

    let html = run("html");
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    // Self-contained: no script, nothing fetched.
    assert!(!html.contains("<script") && !html.contains("src=") && !html.contains("href="));
    // Each chart is well-formed SVG.
    let mut charts = 0;
    for part in html.split("<svg").skip(1) {
        let svg = format!("<svg{}", &part[..part.find("</svg>").unwrap() + 6]);
        roxmltree::Document::parse(&svg).unwrap();
        charts += 1;
    }
    assert_eq!(charts, 3);
}

/// One CSV record (RFC 4180 quoting; the reporter never breaks a row).
fn parse_csv_line(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(String::new()),
            (c, _) => out.last_mut().unwrap().push(c),
        }
    }
    out
}

#[test]
fn output_is_the_same_whatever_the_threads() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus.jsonl");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&corpus).unwrap());
    for i in 0..3000 {
        writeln!(f, "{}", calls_gen::call(3, i).json).unwrap();
    }
    f.flush().unwrap();
    drop(f);
    let run = |jobs: &str| {
        let out = huashu(&[
            "--format",
            "json-lines",
            "--jobs",
            jobs,
            corpus.to_str().unwrap(),
        ]);
        stdout(&out)
    };
    let one = run("1");
    assert_eq!(one, run("3"));
    assert_eq!(calls_of(&one).len(), 3000);
}

#[test]
fn the_schema_accepts_every_fixture_call() {
    let schema: serde_json::Value = serde_json::from_str(&stdout(&huashu(&["--schema"]))).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for entry in std::fs::read_dir("fixtures/calls").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("jsonl") {
            continue;
        }
        for line in std::fs::read_to_string(&path).unwrap().lines() {
            let call: serde_json::Value = serde_json::from_str(line).unwrap();
            assert!(validator.is_valid(&call), "{}: {line}", path.display());
        }
    }
    assert!(!validator.is_valid(&serde_json::json!({"id": "no turns"})));
}

#[test]
fn docs_show_the_call_formats_and_rules() {
    let docs = std::fs::read_to_string("docs/calls.md").unwrap();
    for meta in huashu::calls::rules::metas() {
        assert!(
            docs.contains(&format!("`{}`", meta.id)),
            "docs/calls.md does not mention {}",
            meta.id
        );
    }
    let readme = std::fs::read_to_string("README.md").unwrap();
    assert!(
        readme.contains("huashu calls"),
        "README shows no `huashu calls` command"
    );
    assert!(Path::new("docs/calls-rules.md").exists());
}

/// docs/calls-rules.md is generated from the call rules' doc comments;
/// `UPDATE_DOCS=1 cargo test --test calls` writes it.
#[test]
fn call_rule_docs_are_fresh() {
    let mut page = String::from("# Rules only calls have / 只用于通话的规则\n\n<!-- generated from crates/huashu_linter/src/calls/rules/*.rs; UPDATE_DOCS=1 cargo test --test calls -->\n\n");
    for rule in huashu::calls::rules::CALL_RULES {
        page.push_str(&huashu::rules::doc_page(rule.meta()));
        page.push('\n');
    }
    let path = Path::new("docs/calls-rules.md");
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(path, &page).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(path).unwrap_or_default(),
        page,
        "stale: UPDATE_DOCS=1 cargo test --test calls"
    );
}

#[test]
fn huashu_yaml_sets_call_thresholds_and_severities() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = std::fs::read_to_string("fixtures/calls/call-silence.jsonl").unwrap();
    std::fs::write(dir.path().join("calls.jsonl"), &fixture).unwrap();
    let run = |config: &str| {
        std::fs::write(dir.path().join("huashu.yaml"), config).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_huashu"))
            .args([
                "--lang",
                "en",
                "calls",
                "--format",
                "json-lines",
                "calls.jsonl",
            ])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_ne!(
            out.status.code(),
            Some(2),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let found = calls_of(&stdout(&out));
        found
            .into_iter()
            .find(|(id, _, _)| id == "found-clean")
            .unwrap()
    };
    let severity = |v: &serde_json::Value| {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == "call-silence")
            .map(|f| f["severity"].as_str().unwrap().to_string())
    };
    let (_, rules, v) = run("lang: en\n");
    assert!(rules.contains(&"call-silence".to_string()));
    assert_eq!(severity(&v).as_deref(), Some("warning"));
    let (_, rules, _) = run("rules:\n  call-silence: {max_ms: 20000}\n");
    assert!(!rules.contains(&"call-silence".to_string()), "{rules:?}");
    let (_, _, v) = run("rules:\n  call-silence: error\n");
    assert_eq!(severity(&v).as_deref(), Some("error"));
    let (_, rules, _) = run("rules:\n  call-silence: off\n");
    assert!(!rules.contains(&"call-silence".to_string()));
}

/// The HTML report in a real browser, where one is installed (CI images
/// without Chromium skip it): it renders to a screenshot of the expected
/// size, with CJK text laid out (the page's title is Chinese).
#[test]
fn the_html_report_renders_in_chromium() {
    let Some(chromium) = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
    else {
        eprintln!("no Chromium: skipped");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let shot = dir.path().join("report.png");
    let out = Command::new(env!("CARGO_BIN_EXE_huashu"))
        .args([
            "--lang",
            "zh",
            "calls",
            "--no-config",
            "--format",
            "html",
            "-o",
            page.to_str().unwrap(),
            "fixtures/calls",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let status = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--window-size=1400,1800",
        ])
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", page.display()))
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let png = std::fs::read(&shot).unwrap();
    assert_eq!(&png[1..4], b"PNG");
    // Width and height from the IHDR chunk.
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!((width, height), (1400, 1800));
    assert!(
        png.len() > 50_000,
        "an almost empty page: {} bytes",
        png.len()
    );
}
