//! `huashu init [DIR]`: a starter repository — a huashu.yaml, a snippet
//! file, one example script per category and an outbound call, and the JSON Schema for editors —
//! that passes `huashu check`. It never overwrites a file.

use std::io::Write;
use std::path::{Path, PathBuf};

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
    ];
    out.extend(SCRIPTS.iter().map(|(p, c)| (*p, (*c).to_string())));
    out
}

pub fn run(
    dir: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let dir = dir.map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let files = files();
    let existing: Vec<PathBuf> = files
        .iter()
        .map(|(p, _)| dir.join(p))
        .filter(|p| p.exists())
        .collect();
    if !existing.is_empty() {
        for p in existing {
            writeln!(
                err,
                "huashu: {} already exists; init writes nothing over existing files",
                p.display()
            )?;
        }
        return Ok(Outcome::Failure);
    }
    for (path, content) in &files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&target, content)?;
        writeln!(out, "created {}", target.display())?;
    }
    writeln!(out, "\n下一步 / next: cd {} && huashu check", dir.display())?;
    Ok(Outcome::Clean)
}
