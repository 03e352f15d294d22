//! `huashu playground --output FILE`: write the offline page
//! (docs/playground.md), one HTML file that checks scripts in the browser
//! with no installation and no network. The binary carries the page as
//! built by page/build.sh (committed in page/dist/), so that this command
//! works on a machine with no wasm target and no npm; tests/playground.rs
//! fails when the committed page is older than its inputs.
//!
//! The file is written where the user named it and nowhere else; an
//! existing file is replaced only with `--force` (a page is often saved
//! beside scripts, and a slip of the tab key must not overwrite one).

use std::io::Write;
use std::path::Path;

use crate::finding::Lang;
use crate::Outcome;

/// The page, as page/build.sh made it.
pub const PAGE: &[u8] = include_bytes!("../page/dist/huashu-playground.html");

pub fn run(
    output: &Path,
    force: bool,
    lang: Lang,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let shown = output.display();
    let written = if force {
        std::fs::write(output, PAGE)
    } else {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(output)
            .and_then(|mut file| file.write_all(PAGE))
    };
    match written {
        Ok(()) => {
            let size = PAGE.len() as f64 / 1024.0 / 1024.0;
            let line = match lang {
                Lang::Zh => format!("已写入 {shown}（{size:.1} MB）：用浏览器打开即可检查话术，无需安装，也不联网"),
                Lang::En => format!("wrote {shown} ({size:.1} MB): open it in a browser to check scripts, with nothing to install and no network"),
            };
            writeln!(out, "{line}")?;
            Ok(Outcome::Clean)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let line = match lang {
                Lang::Zh => format!("{shown} 已存在；加 --force 覆盖它"),
                Lang::En => format!("{shown} exists; add --force to replace it"),
            };
            writeln!(err, "huashu: {line}")?;
            Ok(Outcome::Failure)
        }
        Err(e) => {
            writeln!(err, "huashu: {shown}: {e}")?;
            Ok(Outcome::Failure)
        }
    }
}
