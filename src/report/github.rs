//! GitHub Actions workflow commands: one annotation a finding,
//! `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=RULE::message`.
//! GitHub places an annotation by the file's path from the repository's
//! root: inside a workflow (`GITHUB_WORKSPACE` set), a file is named from
//! there, whichever folder huashu runs in.

use std::io::{self, Write};

use super::{FileView, Reporter, Style};
use crate::check::Summary;
use crate::finding::Severity;

/// Escape the message part (GitHub's `escapeData`).
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value (GitHub's `escapeProperty`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

pub struct Github {
    pub style: Style,
    /// The working directory and the workspace, when they differ.
    pub workspace: Option<(std::path::PathBuf, std::path::PathBuf)>,
}

impl Github {
    pub fn new(style: Style) -> Github {
        let workspace = std::env::var_os("GITHUB_WORKSPACE")
            .filter(|w| !w.is_empty())
            .zip(std::env::current_dir().ok())
            .map(|(w, cwd)| (cwd, std::path::PathBuf::from(w)))
            .filter(|(cwd, w)| cwd != w);
        Github { style, workspace }
    }

    /// The file as GitHub finds it: from the workspace, when inside it.
    fn path<'a>(&self, file: &'a str) -> std::borrow::Cow<'a, str> {
        let Some((cwd, workspace)) = &self.workspace else {
            return file.into();
        };
        let abs = crate::walk::absolute(std::path::Path::new(file), cwd);
        match abs.strip_prefix(crate::walk::absolute(workspace, cwd)) {
            Ok(inside) if cfg!(windows) => {
                crate::walk::shown_name(inside).replace('\\', "/").into()
            }
            Ok(inside) => crate::walk::shown_name(inside).into(),
            Err(_) => file.into(),
        }
    }
}

impl Reporter for Github {
    fn file(&mut self, file: &FileView, out: &mut dyn Write) -> io::Result<()> {
        let lang = self.style.lang;
        for f in file.findings {
            let command = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut message = f.message.get(lang).to_string();
            if let Some(h) = &f.help {
                message = format!("{message}\n{}", h.get(lang));
            }
            writeln!(
                out,
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                property(&self.path(&f.file)),
                f.span.start.line,
                f.span.start.column,
                f.span.end.line,
                f.span.end.column,
                property(f.rule),
                data(&message)
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}
