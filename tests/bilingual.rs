//! Both languages are complete: every CLI help text, every rule's summary
//! and doc, and every message and help that the fixtures produce exist in
//! Chinese and in English.

use clap::CommandFactory;

use huashu::check::{check_files, CheckOptions};
use huashu::config::Config;

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

fn has_latin(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_alphabetic())
}

#[test]
fn cli_help_is_in_both_languages() {
    fn visit(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
        let about = cmd.get_about().map(ToString::to_string).unwrap_or_default();
        if !(has_cjk(&about) && has_latin(&about)) {
            missing.push(format!("{path}: about"));
        }
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            if id == "help" || id == "version" {
                continue;
            }
            let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
            if !(has_cjk(&help) && has_latin(&help)) {
                missing.push(format!("{path} --{id}"));
            }
            for value in arg.get_possible_values() {
                let help = value
                    .get_help()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                let bilingual = has_cjk(&help) && has_latin(&help);
                if !help.is_empty() && !bilingual {
                    missing.push(format!("{path} --{id} {}", value.get_name()));
                }
            }
        }
        for sub in cmd.get_subcommands() {
            if sub.get_name() != "help" {
                visit(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
    }
    let mut missing = Vec::new();
    visit(&huashu::cli::Cli::command(), "huashu", &mut missing);
    assert!(
        missing.is_empty(),
        "help text missing a language: {missing:#?}"
    );
}

#[test]
fn rule_texts_are_in_both_languages() {
    for rule in huashu::rules::ALL_RULES {
        let m = rule.meta();
        assert!(has_cjk(m.summary.0) && !m.summary.1.is_empty(), "{}", m.id);
        assert!(has_cjk(&m.doc_in(huashu::finding::Lang::Zh)), "{}", m.id);
        assert!(has_latin(&m.doc_in(huashu::finding::Lang::En)), "{}", m.id);
        for o in m.options {
            assert!(
                has_cjk(o.doc.0) && has_latin(o.doc.1),
                "{} {}",
                m.id,
                o.name
            );
        }
    }
}

#[test]
fn every_message_the_fixtures_produce_is_in_both_languages() {
    let cwd = std::env::current_dir().unwrap();
    let mut dirs = vec![cwd.join("fixtures/demo")];
    for entry in std::fs::read_dir("fixtures/rules").unwrap() {
        dirs.push(entry.unwrap().path().join("fail"));
    }
    let mut seen = 0;
    for dir in dirs {
        let config = Config {
            root: dir.clone(),
            ..Config::default()
        };
        let walked = huashu::walk::walk(&[dir], &config, &cwd);
        let options = CheckOptions {
            whole_repo: true,
            ..CheckOptions::default()
        };
        let report = check_files(
            &walked.files,
            &walked.problems,
            &Vec::new,
            &config,
            &options,
        );
        for f in &report.findings {
            seen += 1;
            assert!(
                has_cjk(&f.message.zh) && !f.message.en.is_empty(),
                "{}: {:?}",
                f.rule,
                f.message
            );
            assert!(
                !has_cjk(&f.message.en) || has_latin(&f.message.en),
                "{}: {:?}",
                f.rule,
                f.message
            );
            if let Some(h) = &f.help {
                assert!(!h.zh.is_empty() && !h.en.is_empty(), "{}: {h:?}", f.rule);
            }
            for r in &f.related {
                assert!(
                    has_cjk(&r.message.zh) && has_latin(&r.message.en),
                    "{}: {:?}",
                    f.rule,
                    r.message
                );
            }
        }
    }
    assert!(seen > 60);
}
