//! huashu (话术) checks repositories of bank customer-service phrase scripts
//! against a service standard and reports every problem with the exact
//! characters at fault.
//!
//! The flow: `cli` parses the arguments; `config` finds and validates
//! huashu.yaml; `walk` lists the files; `check` loads each file (`source`,
//! `yaml`, `model`) and runs the `rules`; `report` draws the findings.

pub mod calls;
pub mod cli;
pub mod config_file;
pub mod init;
pub mod jobs;
pub mod playground;
pub mod read;
pub mod report;
pub mod server;
pub mod suppressions;
pub mod walk;
pub mod write;

// The engine's modules, under the paths the command line, its tests and
// tools have always used (`huashu::rules`, `huashu::check` …).
pub mod check;
mod check_command;
pub use huashu_linter::{
    baseline, config, finding, fix, model, msg, rules, schema, standard, suggest, suppress, text,
    yaml,
};
pub use huashu_yaml::source;

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;

use cli::{Cli, Command, ConfigArgs, RulesFormat};
use config::Config;
use finding::Lang;
use report::Style;

/// How a run ended; `main` turns it into the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0: nothing that fails the run.
    Clean,
    /// Exit 1: findings that fail the run.
    Findings,
    /// Exit 2: huashu could not do its job (bad arguments, bad config, missing path).
    Failure,
}

impl Outcome {
    pub fn exit_code(self) -> i32 {
        match self {
            Outcome::Clean => 0,
            Outcome::Findings => 1,
            Outcome::Failure => 2,
        }
    }
}

/// The language of a usage error, which comes before the arguments are
/// parsed: `--lang` as written on the command line, else the locale.
pub fn lang_from_args_or_env() -> Lang {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let named = args.iter().enumerate().find_map(|(i, a)| {
        let value = a.strip_prefix("--lang=").or_else(|| {
            (a == "--lang")
                .then(|| args.get(i + 1).map(String::as_str))
                .flatten()
        })?;
        match value {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    });
    named.unwrap_or_else(lang_from_env)
}

/// The message language when neither --lang nor the config says: the locale.
pub fn lang_from_env() -> Lang {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        .unwrap_or_default();
    if locale.starts_with("zh") {
        Lang::Zh
    } else {
        Lang::En
    }
}

pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let result = match &cli.command {
        Command::Check(args) => check_command::run(args, cli.lang, out, err),
        Command::Rules(args) => {
            rules_command(args.format, cli.lang.unwrap_or_else(lang_from_env), out)
        }
        Command::Explain { rule } => {
            explain_command(rule, cli.lang.unwrap_or_else(lang_from_env), out, err)
        }
        Command::Standard(args) => standard_command(args, cli.lang, out, err),
        Command::Schema { config } => {
            let schema = if *config {
                schema::config()
            } else {
                schema::scripts()
            };
            serde_json::to_writer_pretty(&mut *out, &schema)
                .map_err(std::io::Error::other)
                .and_then(|()| writeln!(out))
                .map(|()| Outcome::Clean)
        }
        Command::Init { dir } => init::run(
            dir.as_deref(),
            cli.lang.unwrap_or_else(lang_from_env),
            out,
            err,
        ),
        Command::Completions { shell } => {
            clap_complete::generate(*shell, &mut cli::command(), "huashu", out);
            Ok(Outcome::Clean)
        }
        Command::Manpage => clap_mangen::Man::new(cli::command())
            .render(out)
            .map(|()| Outcome::Clean),
        Command::Playground { output, force } => playground::run(
            output,
            *force,
            cli.lang.unwrap_or_else(lang_from_env),
            out,
            err,
        ),
        Command::Calls(args) => calls::run::command(args, cli.lang, out, err),
        // The server speaks on stdout itself; `out` is the command's report.
        Command::Server { baseline } => server::run(server::Options {
            baseline: baseline.clone(),
        })
        .map(|clean| {
            if clean {
                Outcome::Clean
            } else {
                Outcome::Findings
            }
        }),
    };
    match result {
        Ok(outcome) => outcome,
        // The reader went away (`huashu check | head`): nothing to tell it.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Outcome::Failure,
        Err(e) => {
            let _ = writeln!(err, "huashu: {e}");
            Outcome::Failure
        }
    }
}

fn rules_command(format: RulesFormat, lang: Lang, out: &mut dyn Write) -> std::io::Result<Outcome> {
    match format {
        RulesFormat::Json => {
            // Script rules, then the rules only `huashu calls` runs
            // (`scope` says which; the script rules that also read calls
            // are listed once, as script rules).
            let scoped = rules::ALL_RULES.iter().map(|r| (r, "scripts")).chain(
                huashu_linter::calls::rules::CALL_RULES
                    .iter()
                    .map(|r| (r, "calls")),
            );
            let list: Vec<_> = scoped
                .map(|(r, scope)| {
                    let m = r.meta();
                    serde_json::json!({
                        "id": m.id,
                        "scope": scope,
                        "group": m.group,
                        "severity": m.severity,
                        "fix": m.fix,
                        "summary": {"zh": m.summary.0, "en": m.summary.1},
                        "options": m.options.iter().map(|o| serde_json::json!({"name": o.name, "zh": o.doc.0, "en": o.doc.1})).collect::<Vec<_>>(),
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &list)?;
            writeln!(out)?;
        }
        RulesFormat::Table => {
            let (h_id, h_group, h_sev, h_fix, h_sum) = match lang {
                Lang::Zh => ("规则", "组", "级别", "修复", "说明"),
                Lang::En => ("rule", "group", "severity", "fix", "summary"),
            };
            // Padded by display width: a Chinese character takes two
            // columns in a terminal, so `{:<24}` would misalign the headers.
            writeln!(
                out,
                "{} {} {} {} {h_sum}",
                pad(h_id, 24),
                pad(h_group, 12),
                pad(h_sev, 8),
                pad(h_fix, 7)
            )?;
            let calls_heading = match lang {
                Lang::Zh => "\n只检查通话转写的规则（huashu calls；上面的部分规则也检查通话，见 docs/calls.md）：",
                Lang::En => "\nRules of call transcripts only (huashu calls; some rules above read calls too: docs/calls.md):",
            };
            let call_rules = huashu_linter::calls::rules::CALL_RULES;
            let rows = rules::ALL_RULES
                .iter()
                .map(|r| (r, false))
                .chain(call_rules.iter().enumerate().map(|(i, r)| (r, i == 0)));
            for (r, first_call_rule) in rows {
                if first_call_rule {
                    writeln!(out, "{calls_heading}")?;
                }
                let m = r.meta();
                let fix = match m.fix {
                    rules::Fixable::No => "-",
                    rules::Fixable::Safe => "safe",
                    rules::Fixable::Unsafe => "unsafe",
                };
                writeln!(
                    out,
                    "{} {} {} {} {}",
                    pad(m.id, 24),
                    pad(m.group.as_str(), 12),
                    pad(m.severity.as_str(), 8),
                    pad(fix, 7),
                    m.summary_in(lang)
                )?;
            }
        }
    }
    Ok(Outcome::Clean)
}

/// `text` padded with spaces to `width` terminal columns.
fn pad(text: &str, width: usize) -> String {
    let used = unicode_width::UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(used)))
}

fn explain_command(
    id: &str,
    lang: Lang,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let Some(rule) = rules::find(id) else {
        let line = match (lang, suggest::did_you_mean(id, rules::ids())) {
            (Lang::Zh, Some(s)) => {
                format!("未知的规则 `{id}`（是不是 `{s}`？）；`huashu rules` 列出所有规则")
            }
            (Lang::Zh, None) => format!("未知的规则 `{id}`；`huashu rules` 列出所有规则"),
            (Lang::En, Some(s)) => {
                format!(
                    "unknown rule `{id}` (did you mean `{s}`?); `huashu rules` lists every rule"
                )
            }
            (Lang::En, None) => format!("unknown rule `{id}`; `huashu rules` lists every rule"),
        };
        writeln!(err, "huashu: {line}")?;
        return Ok(Outcome::Failure);
    };
    // The wording the rule accepts or forbids, from the standard in force
    // (huashu.yaml's, when one is found; else the built-in one).
    let standard = std::env::current_dir()
        .ok()
        .and_then(|cwd| config_file::discover(&cwd))
        .and_then(|path| config_file::load(&path, display_path(&path)).ok())
        .map(|c| c.standard.data().clone())
        .unwrap_or_else(standard::StandardData::builtin);
    write!(out, "{}", explain_text(rule.meta(), &standard, lang))?;
    Ok(Outcome::Clean)
}

/// What `huashu explain` prints of a rule (and an editor shows on hover):
/// its heading, its documentation, and the patterns it reads in `standard`.
pub(crate) fn explain_text(
    m: &rules::RuleMeta,
    standard: &standard::StandardData,
    lang: Lang,
) -> String {
    use std::fmt::Write as _;
    let mut out = format!(
        "# {} ({}, {})\n\n{}\n",
        m.id,
        m.group.as_str(),
        m.severity.as_str(),
        m.doc_in(lang)
    );
    let lists = standard.patterns_of(m.id);
    if !lists.is_empty() {
        let heading = match lang {
            Lang::Zh => "## 生效规范中的说法（`huashu standard` 可查看全部，docs/standard.md 说明写法）",
            Lang::En => "## Patterns in the standard in force (all of it: `huashu standard`; the syntax: docs/standard.md)",
        };
        let _ = writeln!(out, "\n{heading}\n");
        for (name, entries) in lists {
            let _ = writeln!(out, "{name}:");
            for e in entries {
                let _ = writeln!(out, "  - {e}");
            }
        }
    }
    out
}

/// `--color auto`: colour on a terminal, as the conventions say
/// (no-color.org, force-color.org, bixense.com/clicolors): `NO_COLOR` (set
/// to anything but the empty string) turns it off everywhere; else
/// `FORCE_COLOR` or `CLICOLOR_FORCE` (not empty, not `0`) turns it on even
/// in a pipe (CI logs that show colour); else a terminal gets colour unless
/// it says it cannot show it (`TERM=dumb`, as Emacs' shell and some CI logs
/// set) or `CLICOLOR=0`. `--color always|never` overrides them all.
pub fn auto_color(tty: bool, var: impl Fn(&str) -> Option<std::ffi::OsString>) -> bool {
    let set = |name: &str| var(name).filter(|v| !v.is_empty());
    if set("NO_COLOR").is_some() {
        return false;
    }
    let forced = |name: &str| set(name).is_some_and(|v| v != "0" && v != "false");
    if forced("FORCE_COLOR") || forced("CLICOLOR_FORCE") {
        return true;
    }
    tty && var("TERM").is_none_or(|t| t != "dumb") && var("CLICOLOR").is_none_or(|v| v != "0")
}

/// The config in force (found, named or none), or `None` after printing why it is unusable.
pub(crate) fn load_config(
    args: &ConfigArgs,
    cwd: &Path,
    style: &Style,
    err: &mut dyn Write,
) -> std::io::Result<Option<Config>> {
    let config_path = if args.no_config {
        None
    } else if let Some(p) = &args.config {
        if !p.is_file() {
            let shown = walk::shown_name(p);
            let line = match style.lang {
                Lang::Zh => format!("找不到配置文件（或不是普通文件）：{shown}"),
                Lang::En => format!("config file not found (or not a regular file): {shown}"),
            };
            writeln!(err, "huashu: {line}")?;
            return Ok(None);
        }
        Some(p.clone())
    } else {
        match config_file::discover(cwd) {
            Some(found) => {
                let shown = found.display().to_string();
                let lang = style.lang;
                let how = config_file::how_to_trust(&shown);
                let how = how.get(lang);
                match config_file::trust(&found) {
                    config_file::Trust::Trusted => {}
                    config_file::Trust::Noted(why) => {
                        let why = why.get(lang);
                        match lang {
                            Lang::Zh => writeln!(err, "huashu：注意：使用 {shown}：{why}。{how}")?,
                            Lang::En => writeln!(err, "huashu: note: using {shown}: {why}. {how}")?,
                        }
                    }
                    config_file::Trust::Refused(why) => {
                        let why = why.get(lang);
                        match lang {
                            Lang::Zh => writeln!(err, "huashu：不使用 {shown}：{why}。{how}")?,
                            Lang::En => writeln!(err, "huashu: not using {shown}: {why}. {how}")?,
                        }
                        return Ok(None);
                    }
                }
                Some(found)
            }
            None => None,
        }
    };
    match &config_path {
        Some(path) => match config_file::load(path, walk::display(path, cwd)) {
            Ok(c) => Ok(Some(c)),
            Err(e) => {
                let err_style = Style {
                    color: auto_color(std::io::stderr().is_terminal(), |name| {
                        std::env::var_os(name)
                    }),
                    ..*style
                };
                write!(err, "{}", report::render_config_error(&e, &err_style))?;
                Ok(None)
            }
        },
        None => Ok(Some(Config {
            root: cwd.to_path_buf(),
            ..Config::default()
        })),
    }
}

fn standard_command(
    args: &ConfigArgs,
    lang: Option<Lang>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let cwd = std::env::current_dir()?;
    let style = Style {
        lang: lang.unwrap_or_else(lang_from_env),
        color: false,
        width: 100,
    };
    let Some(config) = load_config(args, &cwd, &style, err)? else {
        return Ok(Outcome::Failure);
    };
    writeln!(
        out,
        "# huashu 服务规范 / service standard: {} (effective: huashu.yaml merged in)",
        config.standard.data().name
    )?;
    writeln!(out, "# 保存、修改，然后在 huashu.yaml 中写 `standard: 文件路径` / save, edit, then name it with `standard: PATH` in huashu.yaml")?;
    write!(out, "{}", config.standard.data().to_yaml())?;
    Ok(Outcome::Clean)
}

/// Paths as shown in output, for library users (tests, tools).
pub fn display_path(path: &Path) -> Arc<str> {
    std::env::current_dir().map_or_else(
        |_| path.to_string_lossy().into(),
        |cwd| walk::display(path, &cwd),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_in_auto_mode() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| std::ffi::OsString::from(v))
            }
        };
        assert!(auto_color(true, env(&[("TERM", "xterm-256color")])));
        assert!(auto_color(true, env(&[("NO_COLOR", "")])));
        assert!(!auto_color(false, env(&[])));
        assert!(!auto_color(true, env(&[("NO_COLOR", "1")])));
        assert!(!auto_color(true, env(&[("TERM", "dumb")])));
        assert!(!auto_color(true, env(&[("CLICOLOR", "0")])));
        assert!(auto_color(false, env(&[("FORCE_COLOR", "1")])));
        assert!(auto_color(false, env(&[("CLICOLOR_FORCE", "1")])));
        assert!(auto_color(
            true,
            env(&[("TERM", "dumb"), ("FORCE_COLOR", "1")])
        ));
        assert!(!auto_color(false, env(&[("FORCE_COLOR", "0")])));
        assert!(!auto_color(
            false,
            env(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")])
        ));
    }
}
