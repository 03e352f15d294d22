//! The engine's API on a repository that exists only in memory: settings
//! from huashu.yaml's text, a `Project` of scripts and snippets, findings
//! per file; and a project updated one file at a time, which must say
//! exactly what a fresh run over the same files says.

use huashu_linter::check::{check_texts, CheckOptions};
use huashu_linter::config::{ConfigError, StandardText};
use huashu_linter::finding::{Finding, Severity};
use huashu_linter::{lint_file, read_failure, Project, Settings};

const CONFIG: &str =
    "placeholders: [branch_name]\nrules:\n  unused-snippet: warning\n  empty-line: off\n";

const SNIPPETS: &str = "snippets:\n  opener-phone: 您好，很高兴为您服务，我是{bank}客服代表{agent_id}，请问有什么可以帮到您？\n  further-needs: 请问您还有其他疑问吗？\n  farewell-phone: 感谢您的来电，祝您生活愉快，再见。\n  spare: 请您稍等。\n";

/// A script of the demo's shape: `id`, what the resolve step says, and its farewell snippet.
fn script(id: &str, say: &str, farewell: &str) -> String {
    format!(
        "id: {id}\ntitle: 银行卡挂失\nchannel: phone\ncategory: service\nopener:\n  - use: opener-phone\nsteps:\n  - stage: listen\n    say: 嗯，我明白了，您是说银行卡找不到了，对吗？\n  - stage: resolve\n    say: {say}\nclosing:\n  - use: further-needs\n  - use: {farewell}\n"
    )
}

fn no_standard_files(_: &std::path::Path) -> Result<StandardText, ConfigError> {
    panic!("this config names no standard file")
}

fn settings() -> Settings {
    Settings::from_yaml(CONFIG, &no_standard_files).unwrap_or_else(|e| panic!("{:?}", e.problems))
}

/// Every file of the project checked with `lint_file`, in path order.
fn lint_all(files: &[(&str, String)], settings: &Settings, project: &Project) -> Vec<Finding> {
    let mut sorted: Vec<&(&str, String)> = files.iter().collect();
    sorted.sort_by_key(|(path, _)| *path);
    sorted
        .into_iter()
        .flat_map(|(path, text)| lint_file(path, text, settings, project))
        .collect()
}

/// The batch engine over the same texts, the whole repository in scope.
fn fresh_run(files: &[(&str, String)], settings: &Settings) -> Vec<Finding> {
    let texts: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let options = CheckOptions {
        whole_repo: true,
        ..settings.options.clone()
    };
    check_texts(&texts, &settings.config, &options).findings
}

fn project_of(files: &[(&str, String)]) -> Project {
    let mut project = Project::new();
    for (path, text) in files {
        project.set_file(path, text);
    }
    project
}

fn repository() -> Vec<(&'static str, String)> {
    vec![
        ("snippets/common.yaml", SNIPPETS.to_string()),
        (
            "scripts/service/card-loss.yaml",
            script("card.loss", "我已经为您办理了临时挂失。", "farewell-phone"),
        ),
        (
            "scripts/sales/wealth.yaml",
            script("card.loss", "这款理财产品保本保息。", "farewel-phone"),
        ),
    ]
}

/// (rule, file, excerpt, 1-based line, severity) of each finding.
type Summary = Vec<(&'static str, String, String, usize, Severity)>;

fn summary(findings: &[Finding]) -> Summary {
    findings
        .iter()
        .map(|f| {
            (
                f.rule,
                f.file.to_string(),
                f.excerpt.clone(),
                f.span.start.line,
                f.severity,
            )
        })
        .collect()
}

#[test]
fn a_repository_checked_in_memory() {
    let files = repository();
    let settings = settings();
    let project = project_of(&files);
    let found = lint_all(&files, &settings, &project);
    let all = summary(&found);
    let has = |rule: &'static str, file: &str, excerpt: &str, line: usize, severity: Severity| {
        all.contains(&(rule, file.to_string(), excerpt.to_string(), line, severity))
    };
    // The second definition of an id, in path order (sales/ before service/).
    assert!(
        has(
            "duplicate-id",
            "scripts/service/card-loss.yaml",
            "card.loss",
            1,
            Severity::Error
        ),
        "{:#?}",
        summary(&found)
    );
    let duplicate = found.iter().find(|f| f.rule == "duplicate-id").unwrap();
    assert_eq!(&*duplicate.related[0].file, "scripts/sales/wealth.yaml");
    // A `use:` of a snippet no file defines, with the one it meant.
    assert!(has(
        "unknown-snippet",
        "scripts/sales/wealth.yaml",
        "farewel-phone",
        14,
        Severity::Error
    ));
    let unknown = found.iter().find(|f| f.rule == "unknown-snippet").unwrap();
    assert_eq!(
        unknown.help.as_ref().unwrap().en,
        "did you mean `farewell-phone`?"
    );
    // A snippet no script uses, at the severity huashu.yaml sets.
    assert!(has(
        "unused-snippet",
        "snippets/common.yaml",
        "spare",
        5,
        Severity::Warning
    ));
    // The standard's wording: a promise of capital and interest.
    assert!(found.iter().any(|f| f.rule == "forbidden-phrase"
        && &*f.file == "scripts/sales/wealth.yaml"
        && f.excerpt.contains("保本")));
    // huashu.yaml turned empty-line off.
    assert!(found.iter().all(|f| f.rule != "empty-line"));
    // The same as the batch engine says of the same texts.
    assert_eq!(found, fresh_run(&files, &settings));
}

#[test]
fn a_project_updated_file_by_file_says_what_a_fresh_run_says() {
    let mut files = repository();
    let settings = settings();
    let mut project = project_of(&files);
    let before = lint_all(&files, &settings, &project);
    assert_eq!(before, fresh_run(&files, &settings));

    // The snippet file renames `farewell-phone` (the service script's use
    // of it becomes unknown) and defines the sales script's `farewel-phone`.
    let renamed = SNIPPETS.replace("farewell-phone", "farewel-phone");
    files[0].1 = renamed.clone();
    project.set_file("snippets/common.yaml", &renamed);
    let after_rename = lint_all(&files, &settings, &project);
    assert_eq!(after_rename, fresh_run(&files, &settings));
    assert_eq!(
        after_rename,
        lint_all(&files, &settings, &project_of(&files))
    );
    let unknown: Vec<&str> = after_rename
        .iter()
        .filter(|f| f.rule == "unknown-snippet")
        .map(|f| &*f.file)
        .collect();
    assert_eq!(unknown, ["scripts/service/card-loss.yaml"]);

    // The sales script is deleted: the service script's id is its first
    // definition again, and nothing uses `farewel-phone` any more.
    files.retain(|(path, _)| *path != "scripts/sales/wealth.yaml");
    project.remove_file("scripts/sales/wealth.yaml");
    let after_remove = lint_all(&files, &settings, &project);
    assert_eq!(after_remove, fresh_run(&files, &settings));
    assert_eq!(
        after_remove,
        lint_all(&files, &settings, &project_of(&files))
    );
    assert!(after_remove.iter().all(|f| f.rule != "duplicate-id"));
    let unused: Vec<&str> = after_remove
        .iter()
        .filter(|f| f.rule == "unused-snippet")
        .map(|f| f.excerpt.as_str())
        .collect();
    assert_eq!(unused, ["farewel-phone", "spare"]);
    assert_eq!(
        project.paths().collect::<Vec<_>>(),
        ["scripts/service/card-loss.yaml", "snippets/common.yaml"]
    );
}

#[test]
fn a_file_that_could_not_be_read_is_a_finding() {
    let error = std::io::Error::new(std::io::ErrorKind::PermissionDenied, "Permission denied");
    let found = read_failure("scripts/locked.yaml", &error, &settings());
    assert_eq!(
        summary(&found),
        [(
            "unreadable-file",
            "scripts/locked.yaml".into(),
            String::new(),
            1,
            Severity::Error
        )]
    );
    assert_eq!(
        found[0].message.en,
        "cannot read the file: Permission denied"
    );
    let quiet = settings().ignore(&["unreadable-file"]);
    assert!(read_failure("scripts/locked.yaml", &error, &quiet).is_empty());
}

#[test]
fn a_buffer_over_the_size_limit_is_one_finding_not_a_check() {
    let settings = Settings::from_yaml("max_file_size_mb: 1\n", &no_standard_files).unwrap();
    let huge = script("a.b", &"您好，".repeat(200_000), "再见");
    let found = lint_file("scripts/a.yaml", &huge, &settings, &Project::new());
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].rule, "schema");
    assert!(
        found[0].message.en.contains("limit"),
        "{}",
        found[0].message.en
    );
}
