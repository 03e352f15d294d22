//! Layer 2 of the tests: every rule has fixtures/rules/<id>/pass and /fail.
//! `pass` must give no finding of the rule, `fail` at least one; the fail
//! report (human format, no color, fixed width) is a snapshot.

use std::path::{Path, PathBuf};

use huashu::check::{check_files, CheckOptions};
use huashu::config::Config;
use huashu::finding::Lang;
use huashu::report::{self, Format, Style};
use huashu::rules::ALL_RULES;
use huashu::walk;

fn check_dir(dir: &Path, rule: &str, lang: Lang) -> (usize, String) {
    let cwd = std::env::current_dir().unwrap();
    let config = Config {
        root: dir.to_path_buf(),
        ..Config::default()
    };
    // Links followed: the unreadable-file fixture is a dangling one.
    let follow = walk::WalkOptions {
        follow_links: true,
        ..walk::WalkOptions::default()
    };
    let walked = walk::walk_with(&[dir.to_path_buf()], &config, &cwd, &follow);
    let options = CheckOptions {
        whole_repo: true,
        ..CheckOptions::default()
    };
    let mut report = check_files(
        &walked.files,
        &walked.problems,
        &Vec::new,
        &config,
        &options,
    );
    report.findings.retain(|f| f.rule == rule);
    let style = Style {
        lang,
        color: false,
        width: 100,
    };
    let mut out = Vec::new();
    report::write(Format::Human, &report, &style, &mut out).unwrap();
    (report.findings.len(), String::from_utf8(out).unwrap())
}

#[test]
fn every_rule_has_pass_and_fail_fixtures() {
    let root = PathBuf::from("fixtures/rules");
    for rule in ALL_RULES {
        let id = rule.meta().id;
        let dir = root.join(id);
        assert!(
            dir.join("pass").is_dir() && dir.join("fail").is_dir(),
            "fixtures/rules/{id}/pass and /fail are missing"
        );

        let (passing, output) = check_dir(&dir.join("pass"), id, Lang::En);
        assert_eq!(passing, 0, "{id}: pass fixture has findings:\n{output}");

        let (failing, output) = check_dir(&dir.join("fail"), id, Lang::En);
        assert!(failing > 0, "{id}: fail fixture has no finding");
        insta::assert_snapshot!(format!("{id}.en"), output);

        let (_, output) = check_dir(&dir.join("fail"), id, Lang::Zh);
        insta::assert_snapshot!(format!("{id}.zh"), output);
    }
}
