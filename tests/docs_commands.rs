//! Every `huashu …` command in README.md and docs/ is run, in order, in a
//! copy of the demo repository: the docs may not show a command that no
//! longer works (exit code 2, or a usage error). Commands come from shell
//! blocks, and from `run:` / `- ` lines of the CI recipes' YAML blocks.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

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

/// The huashu commands of one markdown file, in order.
fn commands(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut lang: Option<String> = None;
    for line in markdown.lines() {
        let trimmed = line.trim();
        if let Some(tag) = trimmed.strip_prefix("```") {
            lang = if lang.is_some() {
                None
            } else {
                Some(tag.to_string())
            };
            continue;
        }
        let Some(lang) = &lang else {
            continue;
        };
        let candidate = match lang.as_str() {
            "sh" | "bash" | "console" => Some(trimmed.trim_start_matches("$ ")),
            "yaml" => trimmed
                .strip_prefix("- run: ")
                .or_else(|| trimmed.strip_prefix("run: "))
                .or_else(|| trimmed.strip_prefix("- ")),
            _ => None,
        };
        let Some(command) = candidate.filter(|c| c.starts_with("huashu ")) else {
            continue;
        };
        // Drop a trailing shell comment and CI's exit-status plumbing.
        let command = command.split(" #").next().unwrap_or(command);
        let command = command.split(" ||").next().unwrap_or(command);
        out.push(command.trim().to_string());
    }
    out
}

fn run(command: &str, dir: &Path) -> (i32, String) {
    let mut words: Vec<&str> = command.split_whitespace().collect();
    let mut stdout_to = None;
    let mut stdin_from = None;
    while let Some(i) = words.iter().position(|w| *w == ">" || *w == "<") {
        let target = words.get(i + 1).copied().unwrap_or_default().to_string();
        if words[i] == ">" {
            stdout_to = Some(target);
        } else {
            stdin_from = Some(target);
        }
        words.drain(i..(i + 2).min(words.len()));
    }
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_huashu"));
    cmd.args(&words[1..]).current_dir(dir).env("NO_COLOR", "1");
    cmd.stdin(match &stdin_from {
        Some(f) => Stdio::from(
            std::fs::File::open(dir.join(f)).unwrap_or_else(|e| panic!("{command}: {f}: {e}")),
        ),
        None => Stdio::null(),
    });
    let o = cmd.output().unwrap();
    if let Some(f) = stdout_to {
        std::fs::write(dir.join(f), &o.stdout).unwrap();
    }
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn every_documented_command_runs() {
    let mut files = vec![repo().join("README.md")];
    files.extend(
        std::fs::read_dir(repo().join("docs"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "md")),
    );
    files.sort();
    let mut total = 0;
    for file in files {
        let mut commands = commands(&std::fs::read_to_string(&file).unwrap());
        // A page in two languages shows the same command twice; it runs once.
        let mut seen = std::collections::HashSet::new();
        commands.retain(|c| seen.insert(c.clone()));
        let dir = demo_copy();
        for command in &commands {
            let (code, stderr) = run(command, dir.path());
            assert!(
                code == 0 || code == 1,
                "{}: `{command}` exited {code}\n{stderr}",
                file.display()
            );
            total += 1;
        }
    }
    assert!(total >= 25, "only {total} documented commands found");
}
