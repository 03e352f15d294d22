//! What a newcomer meets (issue 12), run on the real binary: a walk that
//! behaves (links, ignore files, files outside the config's paths), honest
//! summaries, Chinese everywhere with `--lang zh`, paths relative to where
//! huashu runs, colour as the conventions say, SARIF that the official
//! schema accepts, the flags users of ruff reach for, completions and the
//! man page.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_huashu"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .env_remove("GITHUB_WORKSPACE")
        .env("NO_COLOR", "1");
    cmd
}

fn huashu(dir: &Path, args: &[&str]) -> Output {
    command(dir, args).output().expect("run huashu")
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

fn files_with_findings(o: &Output) -> Vec<String> {
    let mut files: Vec<String> = json(o)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap().to_string())
        .collect();
    files.dedup();
    files
}

const GOOD: &str = "id: good.case\ntitle: 银行卡挂失\ncategory: service\nopener:\n  - 您好，很高兴为您服务，我是{bank}客服代表{agent_id}，请问有什么可以帮到您？\nsteps:\n  - stage: listen\n    say: 嗯，我明白了。\nclosing:\n  - 您还有其他疑问吗？\n  - 感谢您的来电，祝您生活愉快，再见。\n";

/// A script with one error (no greeting) under `id`.
fn bad(id: &str) -> String {
    GOOD.replace("good.case", id)
        .replace("您好，很高兴", "很高兴")
}

/// A script with one safe fix (half-width punctuation).
fn fixable(id: &str) -> String {
    GOOD.replace("good.case", id)
        .replace("say: 嗯，我明白了。", "say: 好的,我来。")
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

// ---------------------------------------------------------------- the walk

#[cfg(unix)]
#[test]
fn links_are_not_followed_unless_asked_and_a_file_is_checked_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // Two links per level, twelve levels: 4,096 ways to reach one file.
    write(&root.join("d0/x.yaml"), &bad("x"));
    for level in 1..=12 {
        let d = root.join(format!("d{level}"));
        std::fs::create_dir(&d).unwrap();
        for name in ["a", "b"] {
            std::os::unix::fs::symlink(format!("../d{}", level - 1), d.join(name)).unwrap();
        }
    }
    // A link to the root of the file system, and a loop.
    std::os::unix::fs::symlink("/", root.join("d0/everything")).unwrap();
    std::os::unix::fs::symlink("..", root.join("d0/back")).unwrap();
    let o = huashu(root, &["check", "--no-config", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(files_with_findings(&o), ["d0/x.yaml"]);
    assert_eq!(json(&o)["summary"]["files"], 1);

    // Followed when asked: loops are found, and a file reached by many
    // paths is still checked once (no duplicate-id against itself).
    let scope = root.join("d3");
    std::fs::remove_file(root.join("d0/everything")).unwrap();
    let o = huashu(
        &scope,
        &["check", "--no-config", "--follow-links", "--format", "json"],
    );
    let report = json(&o);
    assert_eq!(report["summary"]["files"], 1, "{report:#}");
    let rules: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert!(!rules.contains(&"duplicate-id"), "{rules:?}");
    assert!(rules.contains(&"unreadable-file"), "the loop: {rules:?}");
}

#[test]
fn ignore_files_are_honoured_unless_no_ignore() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // A git repository (ignore files apply inside one, as in git).
    std::fs::create_dir(root.join(".git")).unwrap();
    write(&root.join(".gitignore"), "generated/\n");
    write(&root.join("generated/g.yaml"), &bad("g"));
    write(&root.join("scripts/.huashuignore"), "old-*.yaml\n");
    write(&root.join("scripts/old-1.yaml"), &bad("old1"));
    write(&root.join("scripts/a.yaml"), &bad("a"));
    write(&root.join("drafts/d.yaml"), &bad("d"));

    let o = huashu(root, &["check", "--no-config", "--format", "json"]);
    assert_eq!(files_with_findings(&o), ["drafts/d.yaml", "scripts/a.yaml"]);
    let o = huashu(
        root,
        &["check", "--no-config", "--no-ignore", "--format", "json"],
    );
    assert_eq!(
        files_with_findings(&o),
        [
            "drafts/d.yaml",
            "generated/g.yaml",
            "scripts/a.yaml",
            "scripts/old-1.yaml"
        ]
    );
    // --exclude and --extend-exclude, relative to the repository root.
    write(&root.join("huashu.yaml"), "exclude: [\"scripts/**\"]\n");
    let o = huashu(root, &["check", "--format", "json"]);
    assert_eq!(files_with_findings(&o), ["drafts/d.yaml"]);
    let o = huashu(
        root,
        &["check", "--exclude", "drafts/**", "--format", "json"],
    );
    assert_eq!(files_with_findings(&o), ["scripts/a.yaml"]);
    let o = huashu(
        root,
        &["check", "--extend-exclude", "drafts/**", "--format", "json"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = huashu(root, &["check", "--exclude", "a[", "--format", "json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("invalid glob pattern"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn files_outside_the_configs_paths_are_skipped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(&root.join("huashu.yaml"), "paths: [scripts]\n");
    write(&root.join("scripts/a.yaml"), &bad("a"));
    write(
        &root.join("docker-compose.yml"),
        "version: \"3\"\nservices:\n  web:\n    image: nginx\n",
    );
    // pre-commit passes every changed YAML file.
    let o = huashu(
        root,
        &[
            "check",
            "docker-compose.yml",
            "scripts/a.yaml",
            "--format",
            "json",
        ],
    );
    assert_eq!(files_with_findings(&o), ["scripts/a.yaml"]);
    let o = huashu(root, &["check", "docker-compose.yml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("warning: no files to check")
            && stderr(&o).contains("1 are outside the config's paths"),
        "{}",
        stderr(&o)
    );
    let o = huashu(root, &["check", "-v", "docker-compose.yml"]);
    assert!(
        stderr(&o).contains("skipped docker-compose.yml: outside the config's paths"),
        "{}",
        stderr(&o)
    );
    // Standard input named outside the paths (an editor): not checked, and
    // a formatter gets its text back unchanged.
    let compose = std::fs::read_to_string(root.join("docker-compose.yml")).unwrap();
    for fix in [false, true] {
        let mut args = vec!["check", "-", "--stdin-filename", "docker-compose.yml"];
        if fix {
            args.push("--fix");
        }
        let mut child = command(root, &args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write as _;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(compose.as_bytes())
            .unwrap();
        let o = child.wait_with_output().unwrap();
        assert_eq!(o.status.code(), Some(0));
        assert_eq!(stdout(&o), if fix { compose.as_str() } else { "" });
    }
    // Asked for anyway: one finding that says what the file is not.
    let o = huashu(
        root,
        &[
            "check",
            "--no-force-exclude",
            "docker-compose.yml",
            "--format",
            "json",
        ],
    );
    let report = json(&o);
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{report:#}");
    assert!(diagnostics[0]["message"]
        .as_str()
        .unwrap()
        .contains("not a phrase script"));
    assert!(diagnostics[0]["help"].as_str().unwrap().contains("exclude"));
}

#[test]
fn any_yaml_without_a_config_gets_one_finding_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join(".github/workflows/ci.yml"),
        "on: push\njobs: {}\n",
    );
    write(
        &dir.path().join("compose.yaml"),
        "version: \"3\"\nservices: {}\nvolumes: {}\n",
    );
    let o = huashu(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(
        out.contains("compose.yaml:1:1: error[schema] not a phrase script: none of a script's keys (this file has version, services, volumes)"),
        "{out}"
    );
    let o = huashu(dir.path(), &["check", "--format", "json"]);
    assert!(json(&o)["diagnostics"][0]["help"]
        .as_str()
        .unwrap()
        .contains("huashu init"));
}

#[test]
fn an_empty_folder_is_a_warning_not_a_silent_pass() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let o = huashu(dir.path(), &["check", "--no-config", "empty"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("warning: no YAML files to check found in empty"),
        "{}",
        stderr(&o)
    );
    let o = huashu(
        dir.path(),
        &["check", "--no-config", "--lang", "zh", "empty"],
    );
    assert!(
        stderr(&o).contains("警告：在 empty 中没有找到"),
        "{}",
        stderr(&o)
    );
}

// ---------------------------------------------------------------- summaries

#[test]
fn summaries_say_what_the_run_did() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        &root.join("huashu.yaml"),
        "rules:\n  sentence-length: warning\n",
    );
    write(&root.join("a.yaml"), &fixable("a"));
    write(&root.join("b.yaml"), &fixable("b"));

    let o = huashu(root, &["check", "--fix", "--format", "concise"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(
        stdout(&o),
        "Checked 2 files: no problems found. Fixed 2 problems.\n"
    );
    write(&root.join("a.yaml"), &fixable("a"));
    let o = huashu(
        root,
        &["check", "--fix", "--show-fixes", "--format", "concise"],
    );
    assert!(
        stdout(&o).starts_with("Fixed 1 problem:\n  a.yaml:\n    1 × punctuation-width\n"),
        "{}",
        stdout(&o)
    );
    write(&root.join("a.yaml"), &fixable("a"));
    let o = huashu(
        root,
        &["check", "--fix", "--show-fixes", "--format", "json"],
    );
    assert_eq!(json(&o)["summary"]["fixed"], 1);
    assert!(
        stderr(&o).contains("1 × punctuation-width"),
        "{}",
        stderr(&o)
    );
    write(&root.join("a.yaml"), &fixable("a"));
    let o = huashu(root, &["check", "--fix-only"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "Fixed 1 problem.\n");

    // A baseline: recorded, then hidden — and said so.
    write(&root.join("c.yaml"), &bad("c"));
    let o = huashu(
        root,
        &[
            "check",
            "--write-baseline",
            "base.json",
            "--format",
            "concise",
        ],
    );
    assert!(
        stderr(&o).contains("recorded 1 finding in base.json"),
        "{}",
        stderr(&o)
    );
    assert!(
        stdout(&o).contains("1 finding recorded in the baseline not shown"),
        "{}",
        stdout(&o)
    );
    let o = huashu(
        root,
        &["check", "--baseline", "base.json", "--format", "concise"],
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stdout(&o),
        "Checked 3 files: no new problems. 1 finding recorded in the baseline not shown.\n"
    );
}

#[test]
fn quiet_and_warning_limits_say_what_they_hide_and_why_the_run_fails() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        &root.join("huashu.yaml"),
        "rules:\n  closing-thanks: warning\n",
    );
    write(
        &root.join("a.yaml"),
        &GOOD.replace(
            "  - 感谢您的来电，祝您生活愉快，再见。\n",
            "  - 祝您生活愉快，再见。\n",
        ),
    );
    let o = huashu(root, &["check", "--format", "concise"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("1 warning"), "{}", stdout(&o));
    let o = huashu(root, &["check", "-q", "--format", "concise"]);
    assert_eq!(
        stdout(&o),
        "Checked 1 file: no errors. 1 warning and infos not shown (--quiet).\n"
    );
    let o = huashu(root, &["check", "--deny-warnings", "--format", "concise"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("the run fails: 1 warning and --deny-warnings allows none"),
        "{}",
        stderr(&o)
    );
    let o = huashu(root, &["check", "--max-warnings", "0", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("more than --max-warnings 0"),
        "{}",
        stderr(&o)
    );
    let o = huashu(
        root,
        &[
            "check",
            "--max-warnings",
            "0",
            "--exit-zero",
            "--lang",
            "zh",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("超过 --max-warnings 0"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn statistics_in_json() {
    let o = huashu(
        &repo(),
        &[
            "check",
            "--config",
            "fixtures/demo/huashu.yaml",
            "--statistics",
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    let rows = v["statistics"].as_array().unwrap();
    assert!(!rows.is_empty());
    let total: u64 = rows.iter().map(|r| r["count"].as_u64().unwrap()).sum();
    let s = &v["summary"];
    assert_eq!(
        total,
        s["errors"].as_u64().unwrap()
            + s["warnings"].as_u64().unwrap()
            + s["infos"].as_u64().unwrap()
    );
    assert!(rows[0]["rule"].is_string() && rows[0]["fixable"].is_boolean());
}

// ---------------------------------------------------------------- languages

#[test]
fn lang_zh_reaches_every_message() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(&root.join("a.yaml"), GOOD);
    let zh = |args: &[&str]| {
        let mut all = vec!["--lang", "zh"];
        all.extend_from_slice(args);
        huashu(root, &all)
    };
    let o = zh(&["check", "nowhere"]);
    assert!(stderr(&o).contains("找不到路径：nowhere"), "{}", stderr(&o));
    let o = zh(&["check", "--select", "empty-lin"]);
    assert!(
        stderr(&o).contains("未知的规则或规则组 `empty-lin`（是不是 `empty-line`？）"),
        "{}",
        stderr(&o)
    );
    let o = zh(&["explain", "empty-lin"]);
    assert!(
        stderr(&o).contains("未知的规则 `empty-lin`"),
        "{}",
        stderr(&o)
    );
    let o = zh(&["check", "--baseline", "missing.json"]);
    assert!(
        stderr(&o).contains("无法读取基线文件 missing.json"),
        "{}",
        stderr(&o)
    );
    let o = zh(&["check", "--write-baseline", "no/such/dir/base.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("无法写入基线文件"), "{}", stderr(&o));
    let o = zh(&["check", "--output", "no/such/dir/report.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("无法写入 no/such/dir/report.txt"),
        "{}",
        stderr(&o)
    );
    let o = zh(&["check", "--config", "nothere.yaml"]);
    assert!(stderr(&o).contains("找不到配置文件"), "{}", stderr(&o));
    let o = zh(&["init", "starter"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stdout(&o).contains("已创建 starter/huashu.yaml"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).ends_with("下一步：cd starter && huashu check\n"));
    let o = zh(&["init", "starter"]);
    assert!(stderr(&o).contains("已经存在"), "{}", stderr(&o));
    let o = zh(&["check", "--watch"]);
    assert!(
        stderr(&o).starts_with("huashu：命令行参数有误"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("huashu 没有监视模式"), "{}", stderr(&o));
    // Help is in both languages, clap's own words too.
    let o = zh(&["check", "--help"]);
    let help = stdout(&o);
    for heading in [
        "用法 / Usage:",
        "选项 / Options:",
        "参数 / Arguments:",
        "显示帮助 / print help",
    ] {
        assert!(help.contains(heading), "{heading}: {help}");
    }
}

#[test]
fn rules_table_is_aligned_by_display_width() {
    use unicode_width::UnicodeWidthStr;
    // The terminal column where each of the first five fields starts.
    let starts = |line: &str| -> Vec<usize> {
        let mut out = Vec::new();
        let mut previous = ' ';
        for (i, c) in line.char_indices() {
            if previous == ' ' && c != ' ' {
                out.push(line[..i].width());
            }
            previous = c;
        }
        out.truncate(5);
        out
    };
    for lang in ["zh", "en"] {
        let o = huashu(&repo(), &["rules", "--lang", lang]);
        let out = stdout(&o);
        let mut lines = out.lines();
        let header = starts(lines.next().unwrap());
        assert_eq!(header, [0, 25, 38, 47, 55], "{lang}");
        // The call-only rules follow under a heading line of their own.
        let rows = lines.filter(|l| !l.is_empty() && !l.ends_with(':') && !l.ends_with('：'));
        for row in rows {
            assert_eq!(&starts(row)[..4], &header[..4], "{lang}: {row}");
        }
    }
}

// ---------------------------------------------------------------- paths

#[test]
fn paths_are_relative_to_the_working_directory_from_a_subfolder() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(&root.join("huashu.yaml"), "paths: [scripts, snippets]\n");
    write(&root.join("scripts/a.yaml"), &bad("a"));
    write(
        &root.join("snippets/common.yaml"),
        "snippets:\n  unused: 您好。\n",
    );
    let sub = root.join("scripts");
    let o = huashu(&sub, &["check", "--format", "json"]);
    assert_eq!(
        files_with_findings(&o),
        ["../snippets/common.yaml", "a.yaml"]
    );
    // GitHub places annotations by the path from the workspace.
    let o = command(&sub, &["check", "--format", "github"])
        .env("GITHUB_WORKSPACE", root)
        .output()
        .unwrap();
    let out = stdout(&o);
    assert!(out.contains("file=scripts/a.yaml,"), "{out}");
    assert!(out.contains("file=snippets/common.yaml,"), "{out}");
    let o = huashu(&sub, &["check", "--format", "github"]);
    assert!(stdout(&o).contains("file=../snippets/common.yaml,"));
}

// ---------------------------------------------------------------- colour

#[test]
fn colour_follows_the_flag_and_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("a.yaml"), &bad("a"));
    let has_escape = |o: &Output| stdout(o).contains('\x1b');
    let o = huashu(
        dir.path(),
        &["check", "--color", "always", "--format", "concise"],
    );
    assert!(has_escape(&o), "{}", stdout(&o));
    assert!(stdout(&o).contains("\x1b[1;31merror\x1b[0m"));
    let o = huashu(dir.path(), &["check", "--format", "concise"]);
    assert!(!has_escape(&o));
    for force in ["FORCE_COLOR", "CLICOLOR_FORCE"] {
        let o = command(dir.path(), &["check", "--format", "concise"])
            .env_remove("NO_COLOR")
            .env(force, "1")
            .output()
            .unwrap();
        assert!(has_escape(&o), "{force}");
        // NO_COLOR still wins over them.
        let o = command(dir.path(), &["check", "--format", "concise"])
            .env(force, "1")
            .output()
            .unwrap();
        assert!(!has_escape(&o), "{force} with NO_COLOR");
    }
    let o = command(dir.path(), &["check", "--format", "concise"])
        .env_remove("NO_COLOR")
        .env("TERM", "dumb")
        .output()
        .unwrap();
    assert!(!has_escape(&o));
    let o = huashu(
        dir.path(),
        &["check", "--color", "never", "--format", "human"],
    );
    assert!(!has_escape(&o));
}

// ---------------------------------------------------------------- SARIF

#[test]
fn sarif_is_valid_against_the_official_schema_with_chinese_names() {
    let dir = tempfile::tempdir().unwrap();
    let name = "话术 目录/银行卡 挂失.yaml";
    let text = bad("cjk").replace("steps:", "# 注释\nsteps:");
    write(&dir.path().join(name), &text);
    let o = huashu(dir.path(), &["check", "--no-config", "--format", "sarif"]);
    let log = json(&o);
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("tests/sarif/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The demo repository's report too.
    let demo = huashu(
        &repo(),
        &[
            "check",
            "--config",
            "fixtures/demo/huashu.yaml",
            "--format",
            "sarif",
        ],
    );
    let demo = json(&demo);
    assert!(validator.is_valid(&demo));

    let result = &log["runs"][0]["results"][0];
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "%E8%AF%9D%E6%9C%AF%20%E7%9B%AE%E5%BD%95/%E9%93%B6%E8%A1%8C%E5%8D%A1%20%E6%8C%82%E5%A4%B1.yaml"
    );
    // Offsets in bytes, named as bytes; columns in code points.
    let region = &location["region"];
    assert!(region.get("charOffset").is_none());
    let offset = region["byteOffset"].as_u64().unwrap() as usize;
    let length = region["byteLength"].as_u64().unwrap() as usize;
    let line = region["startLine"].as_u64().unwrap() as usize;
    let column = region["startColumn"].as_u64().unwrap() as usize;
    let line_start: usize = text.lines().take(line - 1).map(|l| l.len() + 1).sum();
    let by_columns = line_start
        + text[line_start..]
            .chars()
            .take(column - 1)
            .map(char::len_utf8)
            .sum::<usize>();
    assert_eq!(offset, by_columns);
    assert!(text.is_char_boundary(offset + length));
    assert_eq!(log["runs"][0]["columnKind"], "unicodeCodePoints");
}

// ---------------------------------------------------------------- flags

#[test]
fn the_flags_ruff_users_reach_for() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        &root.join("huashu.yaml"),
        "paths: [scripts]\nexclude: [\"scripts/drafts/**\"]\nrules:\n  opener-greeting: off\n",
    );
    write(&root.join("scripts/a.yaml"), &bad("a"));
    write(
        &root.join("scripts/b.yaml"),
        GOOD.replace("good.case", "b").as_str(),
    );
    write(&root.join("scripts/drafts/c.yaml"), &bad("c"));

    // --output-format is --format.
    let o = huashu(root, &["check", "--output-format", "json"]);
    assert_eq!(json(&o)["summary"]["files"], 2);
    assert!(!root.join("json").exists());
    // The config turned the greeting off: the scripts pass; --extend-select
    // turns it on again.
    let o = huashu(root, &["check", "--format", "concise"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = huashu(
        root,
        &[
            "check",
            "--extend-select",
            "opener-greeting",
            "--format",
            "concise",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("error[opener-greeting]"));
    let o = huashu(
        root,
        &[
            "check",
            "--select",
            "empty-line",
            "--extend-select",
            "opener-greeting",
            "--exit-zero",
            "--format",
            "concise",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("error[opener-greeting]"));

    let o = huashu(root, &["check", "--show-files"]);
    assert_eq!(stdout(&o), "scripts/a.yaml\nscripts/b.yaml\n");
    let o = huashu(root, &["check", "--show-settings"]);
    let settings = stdout(&o);
    assert!(settings.contains("config: huashu.yaml\n"), "{settings}");
    assert!(
        settings.contains("exclude: [scripts/drafts/**]\n"),
        "{settings}"
    );
    assert!(
        settings.contains("  opener-greeting          off\n"),
        "{settings}"
    );
    let o = huashu(root, &["check", "--verbose"]);
    assert!(stderr(&o).contains("huashu: config: huashu.yaml"));
    assert!(stderr(&o).contains("took "), "{}", stderr(&o));

    // No tip names a flag that writes a file.
    let o = huashu(root, &["check", "--outpt", "json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!stderr(&o).contains("--output"), "{}", stderr(&o));
    assert!(!root.join("json").exists());
    let o = huashu(root, &["check", "--fixx"]);
    assert!(!stderr(&o).contains("'--fix'"), "{}", stderr(&o));
    let o = huashu(root, &["check", "--output-formt", "json"]);
    assert!(stderr(&o).contains("'--output-format'"), "{}", stderr(&o));
    let o = huashu(root, &["check", "--watch"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no watch mode"), "{}", stderr(&o));
}

#[test]
fn completions_for_every_shell_and_a_man_page() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let o = huashu(dir.path(), &["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}");
        let script = stdout(&o);
        assert!(
            script.contains("output-format") && script.contains("completions"),
            "{shell}"
        );
        // Parsed by the shell itself, where it is installed.
        let check = match shell {
            "bash" => Some(("bash", vec!["-n"])),
            "zsh" => Some(("zsh", vec!["-n"])),
            "fish" => Some(("fish", vec!["--no-execute"])),
            _ => None,
        };
        if let Some((program, args)) = check {
            let path = dir.path().join(format!("huashu.{shell}"));
            std::fs::write(&path, &script).unwrap();
            if let Ok(o) = Command::new(program).args(&args).arg(&path).output() {
                assert!(o.status.success(), "{shell}: {}", stderr(&o));
            }
        }
    }
    let o = huashu(dir.path(), &["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2));

    let o = huashu(dir.path(), &["manpage"]);
    assert_eq!(o.status.code(), Some(0));
    let page = stdout(&o);
    assert!(
        page.starts_with(".ie \\n(.g .ds Aq") || page.contains(".TH huashu 1"),
        "{page}"
    );
    assert!(
        page.contains(".SH NAME") && page.contains("huashu\\-check"),
        "{page}"
    );
    // Rendered by man, where it is installed.
    let path = dir.path().join("huashu.1");
    std::fs::write(&path, &page).unwrap();
    if let Ok(o) = Command::new("man")
        .arg("-l")
        .arg(&path)
        .env("MANPAGER", "cat")
        .output()
    {
        if o.status.success() {
            assert!(stdout(&o).contains("huashu"));
        }
    }
}

// ---------------------------------------------------------------- init and docs

#[test]
fn init_in_the_current_folder_and_what_it_writes_matches_the_docs() {
    let dir = tempfile::tempdir().unwrap();
    let o = huashu(dir.path(), &["init"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.ends_with("\nnext: huashu check\n"), "{out}");
    assert!(!out.contains("cd ."));
    // Every file the docs name, init writes.
    let editors = std::fs::read_to_string(repo().join("docs/editors.md")).unwrap();
    for name in ["huashu.schema.json", "huashu-config.schema.json"] {
        assert!(editors.contains(name));
        assert!(dir.path().join(name).is_file(), "{name}");
    }
    // The config links nothing that is not in the user's repository.
    let config = std::fs::read_to_string(dir.path().join("huashu.yaml")).unwrap();
    for line in config.lines().filter(|l| l.contains("docs/")) {
        assert!(line.contains("https://"), "{line}");
    }
    let o = huashu(dir.path(), &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // Getting started shows what a check of the starter prints.
    let guide = std::fs::read_to_string(repo().join("docs/getting-started.md")).unwrap();
    assert!(guide.contains(stdout(&o).trim()), "{}", stdout(&o));
    for (path, _) in huashu::init::files() {
        assert!(dir.path().join(path).is_file());
    }
    for line in guide.lines().filter(|l| l.contains("╭─[")) {
        let file = line.split("╭─[").nth(1).unwrap().split(':').next().unwrap();
        assert!(
            huashu::init::files().iter().any(|(p, _)| *p == file),
            "getting-started shows {file}, which init does not write"
        );
    }
}

#[test]
fn docs_pin_no_tag_that_does_not_exist() {
    let tags = Command::new("git")
        .args(["tag", "--list"])
        .current_dir(repo())
        .output()
        .map(|o| stdout(&o))
        .unwrap_or_default();
    let mut pages = vec![repo().join("README.md")];
    pages.extend(
        std::fs::read_dir(repo().join("docs"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "md")),
    );
    for page in pages {
        let text = std::fs::read_to_string(&page).unwrap();
        for line in text.lines() {
            let Some(rev) = line.trim().strip_prefix("rev: ") else {
                continue;
            };
            let rev = rev.split('#').next().unwrap().trim();
            assert!(
                rev == "main" || tags.lines().any(|t| t == rev),
                "{}: rev {rev} is no tag of this repository",
                page.display()
            );
        }
    }
}

// ---------------------------------------------------------------- packaging

/// The packaging files agree with Cargo.toml and with each other; the
/// install itself is proved by tests/integration/wheel.sh in .ci/run.
#[test]
fn packaging_for_python_pre_commit_and_actions() {
    let read = |path: &str| std::fs::read_to_string(repo().join(path)).unwrap();
    let version = env!("CARGO_PKG_VERSION");
    let wheel = read("python/pyproject.toml");
    assert!(wheel.contains("bindings = \"bin\""));
    assert!(wheel.contains("manifest-path = \"../Cargo.toml\""));
    assert!(wheel.contains("name = \"huashu\""));
    let shim = read("pyproject.toml");
    assert!(
        shim.contains(&format!("version = \"{version}\""))
            && shim.contains(&format!("\"huashu=={version}\"")),
        "pyproject.toml must depend on the huashu wheel of version {version}"
    );
    let hooks = read(".pre-commit-hooks.yaml");
    for (id, language) in [("huashu", "rust"), ("huashu-python", "python")] {
        let hook = hooks
            .split("- id: ")
            .find(|h| h.starts_with(&format!("{id}\n")))
            .unwrap_or_else(|| panic!("no hook {id}"));
        assert!(hook.contains(&format!("language: {language}")), "{id}");
        assert!(hook.contains("entry: huashu check"), "{id}");
        assert!(hook.contains("types: [yaml]"), "{id}");
    }
    let action = read("action.yml");
    assert!(action.contains("using: composite"));
    assert!(action.contains("pip\" install"));
    assert!(action.contains("default: --format github"));
    assert!(action.contains("huashu check $HUASHU_ARGS"));
    let ci = read(".ci/run");
    assert!(ci.contains("tests/integration/wheel.sh"));
    assert!(read("Cargo.toml").contains("[profile.dist]"));
}
