//! `huashu init [DIR]`: a starter repository — a huashu.yaml, a snippet
//! file, one example script per category and an outbound call, and the
//! JSON Schemas for editors (scripts, and huashu.yaml itself) — that passes
//! `huashu check`. It never overwrites a file.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::finding::Lang;
use crate::walk::shown_name;
use crate::Outcome;

const CONFIG: &str = include_str!("huashu.yaml");
const SNIPPETS: &str = include_str!("common.yaml");
const SCRIPTS: &[(&str, &str)] = &[
    (
        "scripts/inquiry/branch-hours.yaml",
        include_str!("branch-hours.yaml"),
    ),
    (
        "scripts/service/card-loss.yaml",
        include_str!("card-loss.yaml"),
    ),
    (
        "scripts/outbound/card-activation-call.yaml",
        include_str!("card-activation-call.yaml"),
    ),
    (
        "scripts/complaint/transfer-not-arrived.yaml",
        include_str!("transfer-not-arrived.yaml"),
    ),
    (
        "scripts/sales/wealth-product.yaml",
        include_str!("wealth-product.yaml"),
    ),
];

/// Every file `init` writes, with its content.
pub fn files() -> Vec<(&'static str, String)> {
    let mut out = vec![
        ("huashu.yaml", CONFIG.to_string()),
        ("snippets/common.yaml", SNIPPETS.to_string()),
        (
            "huashu.schema.json",
            format!("{:#}\n", crate::schema::scripts()),
        ),
        (
            "huashu-config.schema.json",
            format!("{:#}\n", crate::schema::config()),
        ),
    ];
    out.extend(SCRIPTS.iter().map(|(p, c)| (*p, (*c).to_string())));
    out
}

pub fn run(
    dir: Option<&Path>,
    lang: Lang,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let dir = dir.map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let files = files();
    // Anything at a path counts, a dangling symbolic link included (`exists`
    // would follow it and say no).
    let existing: Vec<PathBuf> = files
        .iter()
        .map(|(p, _)| dir.join(p))
        .filter(|p| std::fs::symlink_metadata(p).is_ok())
        .collect();
    if !existing.is_empty() {
        for p in existing {
            let p = shown_name(&p);
            let line = match lang {
                Lang::Zh => format!("{p} 已经存在；init 不会覆盖已有的文件"),
                Lang::En => format!("{p} already exists; init writes nothing over existing files"),
            };
            writeln!(err, "huashu: {line}")?;
        }
        return Ok(Outcome::Failure);
    }
    std::fs::create_dir_all(&dir)?;
    let root = dir.canonicalize()?;
    for (path, content) in &files {
        let target = dir.join(path);
        // Each folder made one by one, so that one that is a symbolic link
        // out of DIR is found before anything is made or written through it.
        let mut folder = dir.clone();
        for part in Path::new(path)
            .parent()
            .into_iter()
            .flat_map(Path::components)
        {
            folder.push(part);
            if std::fs::symlink_metadata(&folder).is_err() {
                std::fs::create_dir(&folder)?;
            }
            if !folder.canonicalize()?.starts_with(&root) {
                let (folder, dir) = (shown_name(&folder), shown_name(&dir));
                let line = match lang {
                    Lang::Zh => format!("{folder} 指向 {dir} 之外；init 只在其中写入"),
                    Lang::En => format!("{folder} leads outside {dir}; init writes only inside it"),
                };
                writeln!(err, "huashu: {line}")?;
                return Ok(Outcome::Failure);
            }
        }
        // create_new: O_CREAT | O_EXCL, which never follows a symbolic link.
        crate::write::create_new(&target, content.as_bytes())?;
        let shown = shown_name(&target);
        match lang {
            Lang::Zh => writeln!(out, "已创建 {shown}")?,
            Lang::En => writeln!(out, "created {shown}")?,
        }
    }
    // In the current folder, the next step is the check itself.
    let here = dir.components().all(|c| c == std::path::Component::CurDir);
    let next = if here {
        "huashu check".to_string()
    } else {
        format!("cd {} && huashu check", shell_word(&shown_name(&dir)))
    };
    match lang {
        Lang::Zh => writeln!(out, "\n下一步：{next}")?,
        Lang::En => writeln!(out, "\nnext: {next}")?,
    }
    Ok(Outcome::Clean)
}

/// A path as one word of a shell command: quoted when it holds anything but
/// plain name characters.
fn shell_word(path: &str) -> String {
    let plain = |c: char| c.is_alphanumeric() || "-_./".contains(c);
    if !path.is_empty() && path.chars().all(plain) {
        path.to_string()
    } else {
        format!("'{}'", path.replace('\'', "'\\''"))
    }
}
