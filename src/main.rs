//! The `huashu` binary: parse the arguments, run, exit 0/1/2.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::FromArgMatches;

/// mimalloc: many small allocations on every core (texts, spans, findings);
/// measured faster than the system allocator in docs/performance.md.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // A file-size limit (`ulimit -f`) must fail a write, not kill the run
    // half-way through one: the write then returns EFBIG and is reported.
    huashu::write::ignore_file_size_signal();
    let parsed = huashu::cli::command()
        .try_get_matches()
        .and_then(|m| huashu::cli::Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            usage_error(&e);
            std::process::exit(code);
        }
    };
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let outcome = huashu::run(cli, &mut stdout.lock(), &mut stderr.lock());
    std::process::exit(outcome.exit_code());
}

/// clap's message, with two changes for an unknown flag: a flag that
/// writes files is never offered as "a similar argument", and flags of
/// ruff or typos that huashu lacks get a tip of what to do instead.
fn usage_error(e: &clap::Error) {
    let lang = huashu::lang_from_args_or_env();
    // clap words its errors in English; in Chinese a line says what it is
    // about and where the (bilingual) help is.
    if e.use_stderr() && lang == huashu::finding::Lang::Zh {
        eprintln!("huashu：命令行参数有误（说明如下）；`--help` 列出所有参数，中英双语");
    }
    if e.kind() != ErrorKind::UnknownArgument {
        let _ = e.print();
        return;
    }
    let flag = match e.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(s)) => s.clone(),
        _ => String::new(),
    };
    let suggested = match e.get(ContextKind::SuggestedArg) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    };
    let writes = suggested.as_deref().is_some_and(|s| {
        let name = s.split([' ', '=']).next().unwrap_or(s);
        huashu::cli::WRITING_FLAGS.contains(&name)
    });
    let foreign = huashu::cli::foreign_flag(&flag);
    if !writes && foreign.is_none() {
        let _ = e.print();
        return;
    }
    let mut text = e.render().to_string();
    // clap's own tips go when they mislead: a writing flag as "a similar
    // argument", and, for a flag huashu lacks, "to pass it as a value".
    let misleading = |line: &str| {
        let line = line.trim_start();
        (writes && line.starts_with("tip: a similar argument exists"))
            || (foreign.is_some() && line.starts_with("tip: to pass"))
    };
    text = text
        .lines()
        .filter(|l| !misleading(l))
        // The usage line clap writes for its suggestion shows the writing
        // flag too; the flags that write belong to `check` alone.
        .map(|l| {
            if writes && l.starts_with("Usage: ") {
                "Usage: huashu check [OPTIONS] [PATHS]..."
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    text = text.replace("\n\n\n", "\n\n");
    text.push('\n');
    if let Some((zh, en)) = foreign {
        let tip = match lang {
            huashu::finding::Lang::Zh => zh,
            huashu::finding::Lang::En => en,
        };
        text = text.replacen('\n', &format!("\n\n  tip: {tip}\n"), 1);
    }
    eprint!("{text}");
}
