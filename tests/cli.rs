//! Layer 3 of the tests: the real binary on real folders — exit codes,
//! outputs, the demo repository, and every kind of bad input.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn huashu(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_huashu"))
        .args(args)
        .current_dir(dir)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("NO_COLOR", "1")
        .output()
        .expect("run huashu")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", stdout(o), stderr(o)))
}

/// rule ids found per file, from a JSON report.
fn rules_by_file(report: &Value) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for d in report["diagnostics"].as_array().unwrap() {
        out.entry(d["file"].as_str().unwrap().to_string())
            .or_default()
            .push(d["rule"].as_str().unwrap().to_string());
    }
    out
}

const GOOD: &str = "id: good.case\ntitle: 银行卡挂失\ncategory: service\nopener:\n  - 您好，很高兴为您服务，我是{bank}客服代表{agent_id}，请问有什么可以帮到您？\nsteps:\n  - stage: listen\n    say: 嗯，我明白了。\nclosing:\n  - 您还有其他疑问吗？\n  - 感谢您的来电，祝您生活愉快，再见。\n";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn demo_repository() {
    let o = huashu(
        &repo(),
        &[
            "check",
            "--config",
            "fixtures/demo/huashu.yaml",
            "--format",
            "concise",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    insta::assert_snapshot!("demo_concise", stdout(&o));
    let o = huashu(
        &repo().join("fixtures/demo"),
        &["check", "--format", "human", "--lang", "zh"],
    );
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!("demo_human_zh", stdout(&o));
}

#[test]
fn clean_repository_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.yaml"), GOOD).unwrap();
    let o = huashu(dir.path(), &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("no problems found"));
}

#[test]
fn bad_arguments_config_and_paths_exit_two() {
    let dir = tempfile::tempdir().unwrap();
    let o = huashu(dir.path(), &["check", "nowhere"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("path not found: nowhere"));

    let o = huashu(dir.path(), &["check", "--format", "xml"]);
    assert_eq!(o.status.code(), Some(2));

    std::fs::write(
        dir.path().join("huashu.yaml"),
        "pahts: [scripts]\nrules:\n  empty-lin: off\n  schema:\n    severity: fatal\n",
    )
    .unwrap();
    let o = huashu(dir.path(), &["check"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("unknown config key `pahts`") && err.contains("did you mean `paths`?"),
        "{err}"
    );
    assert!(
        err.contains("unknown rule `empty-lin`") && err.contains("`empty-line`"),
        "{err}"
    );
    assert!(err.contains("invalid severity `fatal`"), "{err}");
    assert!(err.contains("huashu.yaml:1:1"), "{err}");

    // --no-config ignores it.
    let o = huashu(dir.path(), &["check", "--no-config"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn config_is_found_upwards_and_exclude_applies_to_named_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("scripts/drafts")).unwrap();
    std::fs::write(
        root.join("huashu.yaml"),
        "paths: [scripts]\nexclude: [\"scripts/drafts/**\"]\nrules:\n  empty-line: off\n",
    )
    .unwrap();
    std::fs::write(root.join("scripts/drafts/x.yaml"), "not: a script\n").unwrap();
    std::fs::write(
        root.join("scripts/a.yaml"),
        GOOD.replace("嗯，我明白了。", "''"),
    )
    .unwrap();
    let o = huashu(
        &root.join("scripts"),
        &["check", "drafts/x.yaml", "a.yaml", "--format", "json"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(json(&o)["summary"]["files"], 1);
}

#[test]
fn json_positions_are_characters_for_crlf_bom_quoted_and_block_values() {
    let dir = tempfile::tempdir().unwrap();
    let body = |say: &str| GOOD.replace("say: 嗯，我明白了。", say);
    // (file, text, expected (line, column, end_line, end_column) of `{bnak}`)
    type Case = (&'static str, String, (u64, u64, u64, u64));
    let cases: &[Case] = &[
        (
            "crlf.yaml",
            body("say: 您好{bnak}").replace('\n', "\r\n"),
            (8, 12, 8, 18),
        ),
        (
            "bom.yaml",
            format!("\u{feff}{}", body("say: 您好{bnak}")),
            (8, 12, 8, 18),
        ),
        (
            "double.yaml",
            body("say: \"\\t您好\\u4f60{bnak}\""),
            (8, 21, 8, 27),
        ),
        ("single.yaml", body("say: '它''s{bnak}'"), (8, 15, 8, 21)),
        (
            "literal.yaml",
            body("say: |\n      第一句。\n      第二句{bnak}。"),
            (10, 10, 10, 16),
        ),
        (
            "folded.yaml",
            body("say: >\n      第一句，\n      第二句{bnak}。"),
            (10, 10, 10, 16),
        ),
        (
            "plain2.yaml",
            body("say: 第一句\n      第二句{bnak}"),
            (9, 10, 9, 16),
        ),
    ];
    // Each file gets its own id, so that duplicate-id stays out of the way.
    let texts: Vec<String> = cases
        .iter()
        .map(|(name, text, _)| {
            text.replace(
                "id: good.case",
                &format!("id: {}", name.trim_end_matches(".yaml")),
            )
        })
        .collect();
    for ((name, _, _), text) in cases.iter().zip(&texts) {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let o = huashu(dir.path(), &["check", "--format", "json"]);
    let report = json(&o);
    for ((name, _, (line, col, end_line, end_col)), text) in cases.iter().zip(&texts) {
        let d = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["file"] == *name && d["rule"] == "placeholder-unknown")
            .unwrap_or_else(|| panic!("no finding in {name}: {report:#}"));
        let span = &d["span"];
        let got = (
            span["line"].as_u64().unwrap(),
            span["column"].as_u64().unwrap(),
            span["end_line"].as_u64().unwrap(),
            span["end_column"].as_u64().unwrap(),
        );
        assert_eq!(got, (*line, *col, *end_line, *end_col), "{name}: {span}");
        let (offset, length) = (
            span["offset"].as_u64().unwrap() as usize,
            span["length"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            &text.as_bytes()[offset..offset + length],
            b"{bnak}",
            "{name}"
        );
    }
}

#[test]
fn a_partial_run_knows_the_repositorys_snippets() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for d in ["scripts", "snippets", "shared"] {
        std::fs::create_dir(root.join(d)).unwrap();
    }
    std::fs::write(
        root.join("huashu.yaml"),
        "paths: [scripts, snippets, shared]\n",
    )
    .unwrap();
    std::fs::write(
        root.join("snippets/common.yaml"),
        "snippets:\n  further-needs: 您还有其他疑问吗？\n",
    )
    .unwrap();
    // A snippet file outside any `snippets` folder is found too.
    std::fs::write(
        root.join("shared/farewell.yaml"),
        "snippets:\n  farewell: 感谢您的来电，再见。\n",
    )
    .unwrap();
    let script = GOOD.replace(
        "  - 您还有其他疑问吗？\n  - 感谢您的来电，祝您生活愉快，再见。\n",
        "  - use: further-needs\n  - use: farewell\n",
    );
    std::fs::write(root.join("scripts/a.yaml"), &script).unwrap();
    std::fs::write(
        root.join("scripts/b.yaml"),
        script
            .replace("good.case", "b.case")
            .replace("use: farewell", "use: farewel"),
    )
    .unwrap();

    let o = huashu(root, &["check", "scripts/a.yaml", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(json(&o)["summary"]["files"], 1);

    let o = huashu(root, &["check", "scripts/b.yaml", "--format", "json"]);
    assert_eq!(
        rules_by_file(&json(&o))["scripts/b.yaml"],
        ["unknown-snippet"]
    );

    let o = huashu(root, &["check", "--format", "json"]);
    assert_eq!(rules_by_file(&json(&o)).len(), 1, "{}", stdout(&o));
}

/// A repository larger than the check's chunks, laid out against its
/// conventions: a snippet file sorted before the scripts, another outside
/// any `snippets` folder sorted after them, a duplicate id far apart. The
/// streamed report must still see every cross-file relation.
#[test]
fn cross_file_rules_hold_across_a_streamed_run() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |path: &str, text: &str| {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    let thanks = "  - 感谢您的来电，祝您生活愉快，再见。\n";
    for i in 0..600 {
        let mut text = GOOD.replace("good.case", &format!("case.s{i:04}"));
        match i {
            1 => text = text.replace("  - 您还有其他疑问吗？\n", "  - use: late-one\n"),
            2 => text = text.replace(thanks, "  - use: thanks-by\n"),
            3 => text = text.replace(thanks, "  - use: big-one\n"),
            599 => {
                text = text
                    .replace("case.s0599", "case.s0000")
                    .replace(thanks, "  - use: thanks-bye\n")
            }
            _ => {}
        }
        write(&format!("scripts/s{i:04}.yaml"), &text);
    }
    write(
        "a-shared/common.yaml",
        "snippets:\n  thanks-bye: 感谢您的来电，祝您生活愉快，再见。\n  spare: 再见\n",
    );
    // Flow style: only a look-ahead that reads the whole text finds it.
    write(
        "zz/common.yaml",
        "{\"snippets\": {\"late-one\": 您还有其他疑问吗？}}\n",
    );
    // Over the size limit: not read, by the check or by a look-ahead.
    let big = format!("snippets:\n  big-one: 您好\n#{}\n", "x".repeat(4 << 20));
    write("zz/big.yaml", &big);

    let run = |jobs: &str| {
        huashu(
            root,
            &["check", "--no-config", "--format", "json", "--jobs", jobs],
        )
    };
    let (one, two) = (run("1"), run("2"));
    assert_eq!(one.stdout, two.stdout, "the same bytes whatever --jobs is");
    let report = json(&two);
    assert_eq!(report["summary"]["files"], 603);
    let found = rules_by_file(&report);
    let expected: BTreeMap<String, Vec<String>> = [
        ("a-shared/common.yaml", "unused-snippet"),
        ("scripts/s0002.yaml", "unknown-snippet"),
        ("scripts/s0003.yaml", "unknown-snippet"),
        ("scripts/s0599.yaml", "duplicate-id"),
        ("zz/big.yaml", "schema"),
    ]
    .into_iter()
    .map(|(f, r)| (f.to_string(), vec![r.to_string()]))
    .collect();
    assert_eq!(found, expected, "{}", stdout(&two));
    let diagnostics = report["diagnostics"].as_array().unwrap();
    let by_rule = |rule: &str| diagnostics.iter().find(|d| d["rule"] == rule).unwrap();
    assert!(diagnostics
        .iter()
        .any(|d| d["rule"] == "unknown-snippet"
            && d["message"].as_str().unwrap().contains("big-one")));
    assert!(by_rule("unused-snippet")["message"]
        .as_str()
        .unwrap()
        .contains("`spare`"));
    assert_eq!(
        by_rule("unknown-snippet")["help"],
        "did you mean `thanks-bye`?"
    );
    assert_eq!(
        by_rule("duplicate-id")["related"][0]["file"],
        "scripts/s0000.yaml"
    );
}

/// A path the walk cannot enter, whose finding is turned off, is no test
/// case of its own: JUnit's count is the files checked.
#[cfg(unix)]
#[test]
fn an_ignored_walk_problem_is_not_a_test_case() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.yaml"), GOOD).unwrap();
    std::fs::create_dir(dir.path().join("loop")).unwrap();
    std::os::unix::fs::symlink("..", dir.path().join("loop/back")).unwrap();
    let o = huashu(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--follow-links",
            "--format",
            "junit",
            "--ignore",
            "unreadable-file",
        ],
    );
    let xml = stdout(&o);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .map(|n| n.attribute("name").unwrap().to_string())
        .collect();
    assert_eq!(cases, ["good.yaml"], "{xml}");
    assert_eq!(doc.root_element().attribute("tests"), Some("1"));
}

/// Control characters (a YAML escape in a value, a file name) cannot stand
/// in XML 1.0 at all: the XML reports stay well-formed.
#[cfg(unix)]
#[test]
fn xml_reports_stay_well_formed_with_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    let bell = GOOD.replace("id: good.case", "id: \"bad\\a.case\"");
    std::fs::write(dir.path().join("bell\u{1}.yaml"), bell).unwrap();
    for format in ["junit", "checkstyle"] {
        let o = huashu(dir.path(), &["check", "--no-config", "--format", format]);
        let xml = stdout(&o);
        assert!(xml.contains("schema"), "{xml}");
        if let Err(e) = roxmltree::Document::parse(&xml) {
            panic!("{format}: {e}\n{xml}");
        }
    }
}

#[test]
fn output_is_the_same_whatever_jobs() {
    let one = huashu(
        &repo(),
        &[
            "check",
            "--config",
            "fixtures/demo/huashu.yaml",
            "--format",
            "json",
            "--jobs",
            "1",
        ],
    );
    let four = huashu(
        &repo(),
        &[
            "check",
            "--config",
            "fixtures/demo/huashu.yaml",
            "--format",
            "json",
            "--jobs",
            "4",
        ],
    );
    assert_eq!(one.stdout, four.stdout);
}

#[test]
fn several_problems_in_one_file_are_all_reported() {
    let dir = tempfile::tempdir().unwrap();
    let text = GOOD
        .replace("category: service", "category: servce\ncolour: red")
        .replace("closing:", "closeing:");
    std::fs::write(dir.path().join("a.yaml"), text).unwrap();
    let o = huashu(dir.path(), &["check", "--format", "json"]);
    let report = json(&o);
    let messages: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages.len(), 4, "{messages:?}");
}

/// Every kind of bad input of the foundation issue (plus a good file, a CRLF
/// and a BOM file that must stay clean), written into `root`.
fn write_bad_inputs(root: &Path) {
    let write = |name: &str, bytes: &[u8]| std::fs::write(root.join(name), bytes).unwrap();
    write("good.yaml", GOOD.as_bytes());
    write("invalid.yaml", b"id: [unclosed\n");
    write("tabs.yaml", b"id: x\nsteps:\n\t- stage: listen\n");
    write("empty.yaml", b"");
    write("comments.yaml", b"# nothing here\n# at all\n");
    write("list.yaml", b"- a\n- b\n");
    write("scalar.yaml", b"just words\n");
    write("nonstring-keys.yaml", b"? [a, b]\n: c\n1: 2\n");
    write("multidoc.yaml", format!("{GOOD}---\n{GOOD}").as_bytes());
    write("huge.yaml", &vec![b'#'; 2 * 1024 * 1024]);
    let long_line = format!(
        "{}say: {}\n",
        GOOD.split("steps:").next().unwrap(),
        "长".repeat(350_000)
    );
    write("long-line.yaml", long_line.as_bytes());
    write("nul.yaml", b"id: a\0b\n");
    write(
        "binary.yaml",
        &(0u8..=255).cycle().take(4096).collect::<Vec<_>>(),
    );
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("id: 您好\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    write("utf16.yaml", &utf16);
    let (gbk, _, _) = encoding_rs::GBK.encode("id: gbk\ntitle: 银行卡挂失\n");
    write("gbk.yaml", &gbk);
    let (gb18030, _, _) = encoding_rs::GB18030.encode("id: gb\ntitle: 𠀀银行卡挂失\n");
    write("gb18030.yaml", &gb18030);
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        bomb.push_str(&format!(
            "a{i}: &a{i} [{}]\n",
            vec![format!("*a{}", i - 1); 10].join(", ")
        ));
    }
    write("alias-bomb.yaml", bomb.as_bytes());
    write(
        "deep-flow.yaml",
        format!("{}{}", "[".repeat(20_000), "]".repeat(20_000)).as_bytes(),
    );
    let deep_block: String = (0..3000)
        .map(|i| format!("{}- \n", "  ".repeat(i)))
        .collect();
    write("deep-block.yaml", deep_block.as_bytes());
    write(
        "crlf.yaml",
        GOOD.replace('\n', "\r\n")
            .replace("good.case", "crlf.case")
            .as_bytes(),
    );
    write(
        "bom.yaml",
        format!("\u{feff}{}", GOOD.replace("good.case", "bom.case")).as_bytes(),
    );
    std::fs::create_dir(root.join("loop")).unwrap();
    std::os::unix::fs::symlink("..", root.join("loop/back")).unwrap();
    std::os::unix::fs::symlink("missing-target.yaml", root.join("dangling.yaml")).unwrap();
}

#[test]
fn bad_input_is_a_finding_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("huashu.yaml"), "max_file_size_mb: 1\n").unwrap();
    write_bad_inputs(root);

    // Links are not followed by default: the loop and the dangling link are
    // not entered, and so no finding.
    let o = huashu(root, &["check", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let found = rules_by_file(&json(&o));
    assert!(!found.contains_key("loop/back") && !found.contains_key("dangling.yaml"));
    assert!(found.contains_key("gbk.yaml"));

    let o = huashu(root, &["check", "--follow-links", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    let found = rules_by_file(&json(&o));
    let expect = |file: &str, rule: &str| {
        let rules = found
            .get(file)
            .unwrap_or_else(|| panic!("{file}: no finding; all: {found:#?}"));
        assert!(
            rules.iter().any(|r| r == rule),
            "{file}: expected {rule}, got {rules:?}"
        );
    };
    assert!(
        !found.contains_key("good.yaml"),
        "{:?}",
        found.get("good.yaml")
    );
    assert!(
        !found.contains_key("crlf.yaml"),
        "{:?}",
        found.get("crlf.yaml")
    );
    assert!(
        !found.contains_key("bom.yaml"),
        "{:?}",
        found.get("bom.yaml")
    );
    expect("invalid.yaml", "yaml-syntax");
    expect("tabs.yaml", "yaml-syntax");
    expect("empty.yaml", "schema");
    expect("comments.yaml", "schema");
    expect("list.yaml", "schema");
    expect("scalar.yaml", "schema");
    expect("nonstring-keys.yaml", "schema");
    expect("multidoc.yaml", "schema");
    expect("huge.yaml", "schema");
    expect("long-line.yaml", "schema");
    expect("nul.yaml", "yaml-syntax");
    expect("binary.yaml", "not-utf8");
    expect("utf16.yaml", "not-utf8");
    expect("gbk.yaml", "not-utf8");
    expect("gb18030.yaml", "not-utf8");
    expect("alias-bomb.yaml", "schema");
    expect("deep-flow.yaml", "schema");
    expect("deep-block.yaml", "schema");
    expect("loop/back", "unreadable-file");
    expect("dangling.yaml", "unreadable-file");

    let report = json(&o);
    let message = |file: &str| -> String {
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["file"] == file)
            .unwrap()["message"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(message("gbk.yaml").contains("GBK/GB18030"));
    assert!(message("gb18030.yaml").contains("GBK/GB18030"));
    assert!(message("utf16.yaml").contains("UTF-16"));
    assert!(message("huge.yaml").contains("over the 1 MB limit"));
    assert!(message("loop/back").contains("loop"));
    assert!(message("comments.yaml").contains("only comments"));
    assert!(message("empty.yaml").contains("is empty"));
}

#[test]
fn yaml_test_suite_gets_yaml_syntax_for_exactly_the_invalid_cases() {
    let suite = repo().join("tests/yaml-test-suite");
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(suite.join("manifest.json"))
            .expect("tests/yaml-test-suite/manifest.json"),
    )
    .unwrap();
    let o = huashu(
        &suite,
        &["check", "cases", "--no-config", "--format", "json"],
    );
    assert_eq!(o.status.code(), Some(1));
    let found = rules_by_file(&json(&o));
    let cases = manifest.as_object().unwrap();
    assert_eq!(cases.len(), 402);
    for (id, case) in cases {
        let file = format!("cases/{id}.yaml");
        let rules = found
            .get(&file)
            .unwrap_or_else(|| panic!("{file}: no answer"));
        let syntax = rules.iter().any(|r| r == "yaml-syntax");
        assert_eq!(
            syntax,
            case["error"].as_bool().unwrap(),
            "{file} ({}): {rules:?}",
            case["title"]
        );
    }
}

#[test]
fn rules_and_explain() {
    let o = huashu(&repo(), &["rules"]);
    assert_eq!(o.status.code(), Some(0));
    for id in huashu::rules::ids() {
        assert!(stdout(&o).contains(id), "{id}");
    }
    // The rules only `huashu calls` runs are listed too, after the script rules.
    for r in huashu_linter::calls::rules::CALL_RULES {
        assert!(stdout(&o).contains(r.meta().id), "{}", r.meta().id);
    }
    let o = huashu(&repo(), &["rules", "--format", "json"]);
    let list = json(&o);
    let list = list.as_array().unwrap();
    let scope = |s: &str| list.iter().filter(|r| r["scope"] == s).count();
    assert_eq!(scope("scripts"), huashu::rules::ALL_RULES.len());
    assert_eq!(
        scope("calls"),
        huashu_linter::calls::rules::CALL_RULES.len()
    );
    assert_eq!(list.len(), scope("scripts") + scope("calls"));
    let o = huashu(&repo(), &["explain", "schema", "--lang", "zh"]);
    assert!(stdout(&o).contains("检查什么"));
    let o = huashu(&repo(), &["explain", "shema"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("did you mean `schema`"));
}

/// Copy the demo repository into a temporary folder.
fn demo_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = repo().join("fixtures/demo");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let to = dir.path().join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    dir
}

#[test]
fn the_printed_standard_round_trips() {
    let dir = demo_copy();
    let root = dir.path();
    let config = std::fs::read_to_string(root.join("huashu.yaml")).unwrap();
    std::fs::write(root.join("huashu.yaml"), format!("{config}bank:\n  name: 示例银行\nrules:\n  callback-time-window:\n    max_working_days: 5\nlexicon:\n  casual-address:\n    add: [老铁]\n").replace("rules:\n  unused-snippet: warning\n", "")).unwrap();
    let before = huashu(root, &["check", "--format", "json"]);
    let printed = huashu(root, &["standard"]);
    assert_eq!(printed.status.code(), Some(0));
    let text = stdout(&printed);
    assert!(
        text.contains("示例银行") && text.contains("working-days: 5") && text.contains("老铁"),
        "{text}"
    );
    std::fs::write(root.join("bank-standard.yaml"), &text).unwrap();
    let config = std::fs::read_to_string(root.join("huashu.yaml")).unwrap();
    std::fs::write(
        root.join("huashu.yaml"),
        format!("standard: bank-standard.yaml\n{config}"),
    )
    .unwrap();
    let after = huashu(root, &["check", "--format", "json"]);
    assert_eq!(json(&before)["diagnostics"], json(&after)["diagnostics"]);
    // And printing again gives the same standard: the merge is idempotent.
    assert_eq!(stdout(&huashu(root, &["standard"])), text);
}

#[test]
fn a_custom_standard_changes_the_findings() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let standard = huashu::standard::DEFAULT_YAML.replace(
        "max: {working-days: 15, days: 15, hours: 72}",
        "max: {working-days: 2, days: 15, hours: 72}",
    );
    std::fs::write(root.join("std.yaml"), standard).unwrap();
    std::fs::write(root.join("huashu.yaml"), "standard: std.yaml\n").unwrap();
    let script = GOOD.replace("  - stage: listen\n    say: 嗯，我明白了。\n", "  - stage: listen\n    say: 嗯，我明白了。\n  - stage: callback\n    say: 需要与相关部门核实，我们会在3个工作日内给您回复，请您留下联系方式，好吗？\n");
    std::fs::write(root.join("a.yaml"), script).unwrap();
    let o = huashu(root, &["check", "--format", "json"]);
    assert_eq!(rules_by_file(&json(&o))["a.yaml"], ["callback-time-window"]);
    let o = huashu(
        root,
        &["check", "a.yaml", "--format", "json", "--no-config"],
    );
    assert!(rules_by_file(&json(&o)).is_empty(), "{}", stdout(&o));
}

#[test]
fn a_bad_standard_or_lexicon_edit_is_exit_two_with_a_span() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("std.yaml"),
        huashu::standard::DEFAULT_YAML.replace("  offer-help:\n", "  offer-hlep:\n"),
    )
    .unwrap();
    std::fs::write(root.join("huashu.yaml"), "standard: std.yaml\n").unwrap();
    let o = huashu(root, &["check"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("std.yaml:") && err.contains("offer-hlep"),
        "{err}"
    );

    std::fs::write(root.join("huashu.yaml"), "lexicon:\n  jargn:\n    add: {头寸: 可用资金}\n  jargon:\n    ad: {头寸: 可用资金}\nrules:\n  callback-time-window:\n    max_working_days: soon\n").unwrap();
    let o = huashu(root, &["check"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("unknown word list `jargn`") && err.contains("did you mean `jargon`"),
        "{err}"
    );
    assert!(err.contains("unknown config key `ad`"), "{err}");
    assert!(err.contains("must be a positive whole number"), "{err}");
}

#[test]
fn fix_changes_only_the_fixed_characters_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let body = |id: &str, say: &str| {
        GOOD.replace("good.case", id)
            .replace("say: 嗯，我明白了。", say)
    };
    let files: Vec<(&str, String)> = vec![
        (
            "crlf.yaml",
            body("crlf", "say: 好的,我帮您查询一下. # 注释,不改").replace('\n', "\r\n"),
        ),
        (
            "bom.yaml",
            format!("\u{feff}{}", body("bom", "say: '好的,它''s 我来?'")),
        ),
        ("double.yaml", body("double", "say: \"好的,\\t我来!\"")),
        (
            "block.yaml",
            body(
                "block",
                "say: |\n      好的,我来。\n      版本2.8.0,APP,您好;",
            ),
        ),
        ("flow.yaml", body("flow", "say: [好的,我来, 再见]")),
        ("unsafe.yaml", body("unsafe", "say: 你好,你的卡已挂失。")),
    ];
    for (name, text) in &files {
        std::fs::write(root.join(name), text).unwrap();
    }
    std::fs::set_permissions(
        root.join("crlf.yaml"),
        std::os::unix::fs::PermissionsExt::from_mode(0o640),
    )
    .unwrap();

    // --diff shows and writes nothing.
    let o = huashu(root, &["check", "--diff"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("+    say: 好的，我帮您查询一下。 # 注释,不改\r"),
        "{}",
        stdout(&o)
    );
    for (name, text) in &files {
        assert_eq!(
            &std::fs::read_to_string(root.join(name)).unwrap(),
            text,
            "{name} changed by --diff"
        );
    }

    let o = huashu(root, &["check", "--fix", "--format", "json"]);
    let report = json(&o);
    assert!(
        report["summary"]["fixed"].as_u64().unwrap() >= 8,
        "{report:#}"
    );
    let read = |name: &str| std::fs::read_to_string(root.join(name)).unwrap();
    assert_eq!(
        read("crlf.yaml"),
        files[0]
            .1
            .replace("好的,我帮您查询一下.", "好的，我帮您查询一下。")
    );
    assert_eq!(
        read("bom.yaml"),
        files[1]
            .1
            .replace("好的,它", "好的，它")
            .replace("我来?", "我来？")
    );
    assert_eq!(
        read("double.yaml"),
        files[2].1.replace("好的,\\t我来!", "好的，\\t我来！")
    );
    assert_eq!(
        read("block.yaml"),
        files[3]
            .1
            .replace("好的,我来", "好的，我来")
            .replace("您好;", "您好；")
    );
    // In a flow sequence the comma is YAML's own: the text is 好的 and 我来, and nothing is fixed.
    assert_eq!(read("flow.yaml"), files[4].1);
    // Unsafe fixes wait for --unsafe-fixes.
    assert_eq!(
        read("unsafe.yaml"),
        files[5].1.replace("你好,你", "你好，你")
    );
    let mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(root.join("crlf.yaml"))
            .unwrap()
            .permissions(),
    );
    assert_eq!(mode & 0o777, 0o640);

    // A second --fix changes nothing.
    let before: Vec<String> = files.iter().map(|(n, _)| read(n)).collect();
    let o = huashu(root, &["check", "--fix", "--format", "json"]);
    assert_eq!(json(&o)["summary"]["fixed"], 0);
    assert_eq!(
        before,
        files.iter().map(|(n, _)| read(n)).collect::<Vec<_>>()
    );

    let o = huashu(root, &["check", "--unsafe-fixes", "--format", "json"]);
    assert_eq!(json(&o)["summary"]["fixed"], 2);
    assert_eq!(
        read("unsafe.yaml"),
        files[5].1.replace("你好,你的", "您好，您的")
    );
    assert!(!rules_by_file(&json(&o))
        .values()
        .flatten()
        .any(|r| r == "punctuation-width" || r == "honorific-you"));
}

#[test]
fn robustness_at_scale_good_bad_and_the_yaml_test_suite_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // Good scripts: the demo repository's clean ones, many times over.
    std::fs::create_dir_all(root.join("good/snippets")).unwrap();
    std::fs::copy(
        repo().join("fixtures/demo/snippets/common.yaml"),
        root.join("good/snippets/common.yaml"),
    )
    .unwrap();
    let clean = [
        "service/transfer-limit.yaml",
        "complaint/transfer-not-arrived.yaml",
        "sales/wealth-product.yaml",
        "inquiry/branch-hours.yaml",
    ];
    for i in 0..100 {
        for name in clean {
            let text =
                std::fs::read_to_string(repo().join("fixtures/demo/scripts").join(name)).unwrap();
            let text = text.replacen("id: ", &format!("id: n{i}."), 1);
            std::fs::write(
                root.join("good")
                    .join(format!("{i}-{}", name.replace('/', "-"))),
                text,
            )
            .unwrap();
        }
    }
    std::fs::write(
        root.join("huashu.yaml"),
        "max_file_size_mb: 1\nplaceholders: [branch_name]\nrules:\n  unused-snippet: off\n",
    )
    .unwrap();
    // Bad input of every kind, and the YAML test suite's 402 cases.
    std::fs::create_dir(root.join("bad")).unwrap();
    write_bad_inputs(&root.join("bad"));
    std::fs::create_dir(root.join("suite")).unwrap();
    let suite = repo().join("tests/yaml-test-suite");
    for entry in std::fs::read_dir(suite.join("cases")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, root.join("suite").join(path.file_name().unwrap())).unwrap();
    }
    let o = huashu(root, &["check", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"));
    let found = rules_by_file(&json(&o));
    for i in 0..100 {
        for name in clean {
            let file = format!("good/{i}-{}", name.replace('/', "-"));
            assert!(!found.contains_key(&file), "{file}: {:?}", found.get(&file));
        }
    }
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(suite.join("manifest.json")).unwrap())
            .unwrap();
    for (id, case) in manifest.as_object().unwrap() {
        let rules = found
            .get(&format!("suite/{id}.yaml"))
            .unwrap_or_else(|| panic!("{id}: no answer"));
        assert_eq!(
            rules.iter().any(|r| r == "yaml-syntax"),
            case["error"].as_bool().unwrap(),
            "{id}: {rules:?}"
        );
    }
    for bad in [
        "invalid",
        "tabs",
        "empty",
        "binary",
        "gbk",
        "alias-bomb",
        "deep-flow",
        "deep-block",
        "huge",
        "multidoc",
    ] {
        assert!(
            found.contains_key(&format!("bad/{bad}.yaml")),
            "bad/{bad}.yaml has no finding"
        );
    }
}

#[test]
fn the_project_stands_alone_without_a_shared_folder() {
    // Every test, benchmark and doc reads from inside the project: a clean
    // clone runs `cargo test` and `benches/bench.py` as it is.
    let needle = ["..", "shared"].join("/");
    let mut offenders = Vec::new();
    for top in [
        "src",
        "tests",
        "benches",
        "docs",
        "fuzz",
        "examples",
        "README.md",
        "Cargo.toml",
    ] {
        for entry in walkdir::WalkDir::new(repo().join(top)) {
            let entry = entry.unwrap();
            let path = entry.path();
            if !entry.file_type().is_file() || path.components().any(|c| c.as_os_str() == "target")
            {
                continue;
            }
            if let Ok(text) = std::fs::read_to_string(path) {
                if text.contains(&needle) {
                    offenders.push(path.display().to_string());
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "these read outside the project: {offenders:?}"
    );
}

#[test]
fn many_findings_on_one_long_line_draw_a_bounded_report() {
    // Each finding used to reprint the whole line: output grew as
    // findings × line length.
    let dir = tempfile::tempdir().unwrap();
    let line = "保本,".repeat(400);
    let text = GOOD.replace("嗯，我明白了。", &line);
    std::fs::write(dir.path().join("a.yaml"), text).unwrap();
    let o = huashu(
        dir.path(),
        &["check", "--format", "human", "--color", "never"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let findings = out.matches("forbidden-phrase").count();
    assert!(findings >= 400, "{findings}");
    assert!(
        out.len() < findings * 2000,
        "{} bytes for {findings} findings",
        out.len()
    );
    assert!(out.contains('…'));
    // The position in the name is the real one, in characters.
    assert!(out.contains("a.yaml:8:"), "{}", &out[..2000.min(out.len())]);
    // Past 1,000 drawings a file's other findings are counted, not drawn.
    let text = GOOD.replace("嗯，我明白了。", &"保本,".repeat(3000));
    std::fs::write(dir.path().join("a.yaml"), &text).unwrap();
    let o = huashu(
        dir.path(),
        &["check", "--format", "human", "--color", "never"],
    );
    let out = stdout(&o);
    let tail: String = out
        .chars()
        .rev()
        .take(300)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    assert!(out.contains("1003 more findings not drawn"), "{tail}");
    // And past 1,000 findings of one rule in one file, one more finding
    // counts the rest (3,000 hits of each rule; one other warning).
    assert!(out.contains("1001 errors, 1002 warnings"), "{tail}");
    let o = huashu(dir.path(), &["check", "--format", "json"]);
    let out = stdout(&o);
    assert!(
        out.contains("2000 more `forbidden-phrase` findings in this file are not listed"),
        "{} bytes of JSON",
        out.len()
    );
    assert!(out.contains("2000 more `punctuation-width` findings in this file are not listed"));
}

/// A script with a safe fix (a half-width comma) and a finding to suppress.
fn fixable(id: &str) -> String {
    GOOD.replace("good.case", id)
        .replace("say: 嗯，我明白了。", "say: 好的,我来。")
}

#[test]
fn writes_never_leave_the_repository_root() {
    // A cloned repository's huashu.yaml aims at files outside it: by
    // `paths`, by an absolute path, and through a symbolic link to a folder.
    let top = tempfile::tempdir().unwrap();
    let (repo_dir, outside) = (top.path().join("repo"), top.path().join("elsewhere"));
    std::fs::create_dir_all(repo_dir.join("scripts")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::create_dir_all(top.path().join("abs")).unwrap();
    std::fs::write(outside.join("x.yaml"), fixable("x")).unwrap();
    std::fs::write(top.path().join("abs/y.yaml"), fixable("y")).unwrap();
    std::fs::write(repo_dir.join("scripts/in.yaml"), fixable("in")).unwrap();
    std::os::unix::fs::symlink(&outside, repo_dir.join("linked")).unwrap();
    let abs = top.path().join("abs");
    std::fs::write(
        repo_dir.join("huashu.yaml"),
        format!(
            "paths: [scripts, ../elsewhere, {}, linked]\n",
            abs.display()
        ),
    )
    .unwrap();
    for mode in ["--fix", "--add-suppressions"] {
        let o = huashu(&repo_dir, &["check", mode, "--format", "concise"]);
        assert_eq!(o.status.code(), Some(2), "{mode}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("outside the repository root"),
            "{}",
            stderr(&o)
        );
        assert_eq!(
            std::fs::read_to_string(outside.join("x.yaml")).unwrap(),
            fixable("x")
        );
        assert_eq!(
            std::fs::read_to_string(abs.join("y.yaml")).unwrap(),
            fixable("y")
        );
        let names: Vec<_> = std::fs::read_dir(&outside).unwrap().collect();
        assert_eq!(names.len(), 1, "{mode}: a temporary file outside");
    }
    // The file inside was fixed, then suppressed.
    assert_ne!(
        std::fs::read_to_string(repo_dir.join("scripts/in.yaml")).unwrap(),
        fixable("in")
    );
}

#[test]
fn links_and_unwritable_scripts_are_refused_by_name_and_the_run_fails() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("keep")).unwrap();
    std::fs::write(root.join("keep/a.yaml"), fixable("a")).unwrap();
    std::fs::hard_link(root.join("keep/a.yaml"), root.join("a-hard.yaml")).unwrap();
    std::fs::write(root.join("b.yaml"), fixable("b")).unwrap();
    std::os::unix::fs::symlink("b.yaml", root.join("c-link.yaml")).unwrap();
    std::fs::write(root.join("d.yaml"), fixable("d")).unwrap();
    std::fs::write(root.join("huashu.yaml"), "exclude: [keep/**, b.yaml]\n").unwrap();
    let o = huashu(
        root,
        &[
            "check",
            "--follow-links",
            "--add-suppressions",
            "--format",
            "concise",
        ],
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("a-hard.yaml: it has 2 hard links"), "{err}");
    assert!(err.contains("c-link.yaml: it is a symbolic link"), "{err}");
    assert!(!err.contains(".tmp"), "{err}");
    // The rest went on: d.yaml has its comments; the others are as they were.
    assert!(std::fs::read_to_string(root.join("d.yaml"))
        .unwrap()
        .contains("# huashu: allow"));
    assert_eq!(
        std::fs::read_to_string(root.join("keep/a.yaml")).unwrap(),
        fixable("a")
    );
    assert_eq!(
        std::fs::read_to_string(root.join("b.yaml")).unwrap(),
        fixable("b")
    );
    assert!(std::fs::symlink_metadata(root.join("c-link.yaml"))
        .unwrap()
        .file_type()
        .is_symlink());
    let meta = std::fs::metadata(root.join("a-hard.yaml")).unwrap();
    assert_eq!(std::os::unix::fs::MetadataExt::nlink(&meta), 2);
}

#[test]
fn a_baseline_that_cannot_be_written_leaves_the_old_one_whole() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for i in 0..20 {
        std::fs::write(root.join(format!("s{i}.yaml")), fixable(&format!("s{i}"))).unwrap();
    }
    let old = "{\"version\": 1, \"findings\": []}\n";
    std::fs::write(root.join("baseline.json"), old).unwrap();
    // A file-size limit of 1 KiB (512-byte blocks in sh): the new baseline is larger.
    let o = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -f 2; exec {} check --write-baseline baseline.json --format concise",
            env!("CARGO_BIN_EXE_huashu")
        ))
        .current_dir(root)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(2),
        "killed? {:?} {}",
        o.status,
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("cannot write the baseline"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(root.join("baseline.json")).unwrap(),
        old
    );
    let left: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn init_does_not_follow_a_dangling_link() {
    let top = tempfile::tempdir().unwrap();
    let dir = top.path().join("new");
    std::fs::create_dir(&dir).unwrap();
    let planted = top.path().join("planted.yaml");
    std::os::unix::fs::symlink(&planted, dir.join("huashu.yaml")).unwrap();
    let o = huashu(&dir, &["init"]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(!planted.exists());
    // A symbolic link to a folder outside is not written through either.
    let dir2 = top.path().join("new2");
    std::fs::create_dir(&dir2).unwrap();
    std::fs::create_dir(top.path().join("out")).unwrap();
    std::os::unix::fs::symlink(top.path().join("out"), dir2.join("scripts")).unwrap();
    let o = huashu(&dir2, &["init"]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert_eq!(
        std::fs::read_dir(top.path().join("out")).unwrap().count(),
        0
    );
}

#[test]
fn a_file_name_cannot_inject_lines_into_any_report() {
    let dir = tempfile::tempdir().unwrap();
    let name = "a\n::error ::x.yaml";
    std::fs::write(dir.path().join(name), fixable("inject")).unwrap();
    for format in [
        "concise",
        "human",
        "github",
        "json",
        "json-lines",
        "sarif",
        "gitlab",
        "junit",
        "checkstyle",
        "rdjson",
    ] {
        let o = huashu(dir.path(), &["check", "--format", format]);
        assert_eq!(o.status.code(), Some(0), "{format}: {}", stderr(&o));
        let out = stdout(&o);
        assert!(
            !out.lines()
                .any(|l| l.trim_start().starts_with("::error ::x")),
            "{format}:\n{out}"
        );
        assert!(out.contains("x.yaml"), "{format}:\n{out}");
    }
}

#[test]
fn files_whose_names_are_not_utf8_do_not_hide_each_other() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    for (byte, id) in [(0xffu8, "one"), (0xfe, "two")] {
        let bytes = [byte, b'.', b'y', b'a', b'm', b'l'];
        let name = std::ffi::OsStr::from_bytes(&bytes);
        std::fs::write(dir.path().join(name), fixable(id)).unwrap();
    }
    let o = huashu(dir.path(), &["check", "--format", "json"]);
    let files: Vec<String> = rules_by_file(&json(&o)).into_keys().collect();
    assert_eq!(files, ["\\xfe.yaml", "\\xff.yaml"], "{}", stdout(&o));
    assert_eq!(json(&o)["summary"]["files"], 2);
}

/// Run huashu with `stdin` as its standard input, killed after 20 s: the
/// inputs below used to hang it.
fn huashu_bounded(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_huashu"))
        .args(args)
        .current_dir(dir)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let id = child.id();
    let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        if done_rx
            .recv_timeout(std::time::Duration::from_secs(20))
            .is_err()
        {
            let _ = Command::new("kill").arg("-9").arg(id.to_string()).status();
        }
    });
    let out = child.wait_with_output().unwrap();
    let _ = done_tx.send(());
    watchdog.join().unwrap();
    writer.join().unwrap();
    assert!(out.status.code().is_some(), "killed: it hung on {args:?}");
    out
}

#[test]
fn special_files_are_refused_never_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("a.yaml"), GOOD).unwrap();
    let status = Command::new("mkfifo")
        .arg(root.join("fifo.yaml"))
        .status()
        .unwrap();
    assert!(status.success());
    // Named as paths to check: a finding, not "0 files, no problems".
    for path in ["fifo.yaml", "/dev/zero"] {
        let o = huashu_bounded(root, &["check", path, "--format", "json"], b"");
        assert_eq!(o.status.code(), Some(1), "{path}: {}", stdout(&o));
        assert!(
            stdout(&o).contains("unreadable-file"),
            "{path}: {}",
            stdout(&o)
        );
    }
    // Named by the config or the command line as a standard, a baseline, a config.
    std::fs::write(root.join("huashu.yaml"), "standard: fifo.yaml\n").unwrap();
    let o = huashu_bounded(root, &["check", "a.yaml"], b"");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
    std::fs::write(root.join("huashu.yaml"), "standard: /dev/zero\n").unwrap();
    let o = huashu_bounded(root, &["check", "a.yaml"], b"");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // Outside the repository a standard is not read at all: its lines
    // would be shown in the error (a CI log), like /proc/self/environ's.
    std::fs::write(root.join("huashu.yaml"), "standard: /proc/self/environ\n").unwrap();
    let o = huashu_bounded(root, &["check", "a.yaml"], b"");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("outside the config's folder"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("PATH="), "{}", stderr(&o));
    std::fs::remove_file(root.join("huashu.yaml")).unwrap();
    for baseline in ["fifo.yaml", "/dev/zero"] {
        let o = huashu_bounded(root, &["check", "a.yaml", "--baseline", baseline], b"");
        assert_eq!(o.status.code(), Some(2), "{baseline}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("cannot read the baseline"),
            "{}",
            stderr(&o)
        );
    }
    for config in ["fifo.yaml", "/dev/zero"] {
        let o = huashu_bounded(root, &["check", "a.yaml", "--config", config], b"");
        assert_eq!(o.status.code(), Some(2), "{config}: {}", stderr(&o));
    }
}

#[test]
fn standard_input_is_limited_and_decoded_like_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let (gbk, _, _) = encoding_rs::GBK.encode(GOOD);
    let o = huashu_bounded(root, &["check", "-", "--format", "json"], &gbk);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let report = json(&o);
    let d = &report["diagnostics"][0];
    assert_eq!(d["rule"], "not-utf8", "{report}");
    assert!(d["help"].as_str().unwrap().contains("GB18030"), "{report}");
    // Over the limit (1 MB here): a finding, and only a little more than the limit is read.
    std::fs::write(root.join("huashu.yaml"), "max_file_size_mb: 1\n").unwrap();
    let big = format!("{GOOD}# {}\n", "x".repeat(3 << 20));
    let o = huashu_bounded(root, &["check", "-", "--format", "json"], big.as_bytes());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).contains("over the 1 MB limit"), "{}", stdout(&o));
    // An editor's --fix never gets back a cut-short buffer.
    let o = huashu_bounded(root, &["check", "-", "--fix"], big.as_bytes());
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
}

#[test]
fn a_config_planted_by_another_user_is_not_adopted_silently() {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return; // giving a file to another user needs root
    }
    let top = tempfile::tempdir().unwrap();
    let work = top.path().join("work");
    std::fs::create_dir(&work).unwrap();
    std::fs::write(work.join("a.yaml"), GOOD).unwrap();
    let planted = top.path().join("huashu.yaml");
    std::fs::write(&planted, "rules:\n  forbidden-phrase: off\n").unwrap();
    std::os::unix::fs::chown(&planted, Some(54321), Some(54321)).unwrap();
    // In a folder only its owner changes (a CI container as root on the
    // runner's checkout): used, with a note.
    let o = huashu(&work, &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("note: using"), "{}", stderr(&o));
    // In a folder anyone can write to, like /tmp: refused.
    std::fs::set_permissions(
        top.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o1777),
    )
    .unwrap();
    let o = huashu(&work, &["check"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("belongs to another user"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("HUASHU_TRUSTED_CONFIGS"),
        "{}",
        stderr(&o)
    );
    // In Chinese too.
    let o = huashu(&work, &["--lang", "zh", "check"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("huashu：不使用") && stderr(&o).contains("属于另一个用户"),
        "{}",
        stderr(&o)
    );
    // Trusted on purpose: named, or listed.
    let named = planted.to_str().unwrap();
    let o = huashu(&work, &["check", "--config", named]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_huashu"));
    let o = cmd
        .args(["check"])
        .current_dir(&work)
        .env("HUASHU_TRUSTED_CONFIGS", named)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}
