//! The repository an editor has open, as the engine sees it: the settings
//! (huashu.yaml and its standard, found and trusted as `huashu check` finds
//! them), the `Project` of every script and snippet on disk with the open
//! buffers laid over it, and the baseline. Loaded once; then each change —
//! a keystroke in a buffer, a file saved or deleted, huashu.yaml edited —
//! costs the file that changed, never a walk of the repository.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use huashu_linter::baseline::Baseline;
use huashu_linter::check::Read;
use huashu_linter::config::{Config, ConfigError};
use huashu_linter::finding::{Finding, Lang};
use huashu_linter::{lint_file, Project, Settings};
use rayon::prelude::*;

use crate::{config_file, read, walk};

/// What a file of the repository is to the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// huashu.yaml in force, or the standard file it names: shown with its
    /// own problems (a broken config is diagnostics, never a dead server).
    Settings,
    /// A script or snippet file the config covers, by the name findings
    /// carry (relative to the working directory, as `huashu check` names it).
    Checked(Arc<str>),
    /// Outside the config's `paths`, excluded, or not YAML: left alone.
    Ignored,
}

pub struct Workspace {
    /// The workspace folder: the server's working directory, so that files
    /// are named as `huashu check` run there names them.
    pub root: PathBuf,
    pub config_path: Option<PathBuf>,
    pub settings: Settings,
    /// Why the config in force is not the file on disk (it does not load,
    /// or it is not trusted): shown on the config file, or as a message.
    pub config_error: Option<ConfigError>,
    /// Why the config found is not used (another user's, in a folder
    /// anyone can write to), in both languages.
    pub untrusted: Option<huashu_linter::finding::Msg>,
    pub project: Project,
    pub baseline_path: Option<PathBuf>,
    pub baseline: Option<Baseline>,
    pub baseline_error: Option<String>,
}

impl Workspace {
    /// The repository at `root` (the server runs from it), read from disk.
    pub fn load(root: PathBuf, baseline_path: Option<PathBuf>) -> Workspace {
        let mut ws = Workspace {
            root,
            config_path: None,
            settings: Settings::default(),
            config_error: None,
            untrusted: None,
            project: Project::new(),
            baseline_path,
            baseline: None,
            baseline_error: None,
        };
        ws.load_settings();
        ws.load_baseline();
        ws.load_project();
        ws
    }

    /// huashu.yaml (the nearest from the workspace folder up, as the command
    /// line finds it) and its standard. A config that does not load keeps
    /// the last settings that did (the defaults at first), and its problems
    /// are shown in the file.
    pub fn load_settings(&mut self) {
        self.config_error = None;
        self.untrusted = None;
        self.config_path = config_file::discover(&self.root);
        let Some(path) = self.config_path.clone() else {
            self.settings = Settings::default();
            return;
        };
        if let config_file::Trust::Refused(why) = config_file::trust(&path) {
            let shown = path.display().to_string();
            let how = config_file::how_to_trust(&shown);
            let (why_zh, why_en, how_zh, how_en) = (&why.zh, &why.en, &how.zh, &how.en);
            self.untrusted = Some(huashu_linter::msg!(
                zh: "huashu：不使用 {shown}：{why_zh}。{how_zh}",
                en: "huashu: not using {shown}: {why_en}. {how_en}"
            ));
            self.settings = Settings::default();
            return;
        }
        match config_file::load(&path, crate::display_path(&path)) {
            Ok(config) => self.settings = Settings::new(config),
            Err(e) => self.config_error = Some(e),
        }
    }

    /// The baseline named with `--baseline` or the client's
    /// `initializationOptions.baseline`: findings recorded there are not shown.
    pub fn load_baseline(&mut self) {
        self.baseline_error = None;
        self.baseline = self.baseline_path.as_ref().and_then(|p| {
            read::baseline(p)
                .map_err(|e| self.baseline_error = Some(format!("{}: {e}", p.display())))
                .ok()
        });
    }

    /// Every script and snippet file the config covers, read and parsed
    /// (on every core) into the project.
    pub fn load_project(&mut self) {
        let config = self.config().clone();
        let scope = if config.paths.is_empty() {
            vec![config.root.clone()]
        } else {
            config.paths.clone()
        };
        let walked = walk::walk(&scope, &config, &self.root);
        // In chunks, so that no more than a chunk's texts are held at once.
        let mut project = Project::new();
        for chunk in walked.files.chunks(256) {
            let facts: Vec<_> = chunk
                .par_iter()
                .filter_map(|entry| {
                    let text = read_text(&entry.path, config.max_file_size)?;
                    Some((
                        entry.display.clone(),
                        Project::facts_of(&entry.display, &text),
                    ))
                })
                .collect();
            for (display, facts) in facts {
                project.set_facts(&display, facts);
            }
        }
        self.project = project;
    }

    pub fn config(&self) -> &Arc<Config> {
        &self.settings.config
    }

    /// The language of messages: the config's `lang`, else the editor's.
    pub fn lang(&self, editor: Lang) -> Lang {
        self.config().lang.unwrap_or(editor)
    }

    /// What `path` (absolute) is to the server.
    pub fn role(&self, path: &Path) -> Role {
        let config = self.config();
        let abs = walk::absolute(path, &self.root);
        if self.names(&self.config_path, &abs) || self.names(&config.standard_file, &abs) {
            return Role::Settings;
        }
        let yaml = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        );
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if !yaml
            || huashu_linter::config::CONFIG_NAMES.contains(&name)
            || !walk::is_covered(path, config, &self.root)
            || walk::is_excluded(path, config, &self.root)
        {
            return Role::Ignored;
        }
        Role::Checked(walk::display(path, &self.root))
    }

    /// The findings of `text` as the file `display`, against the project,
    /// the baseline's findings left out.
    pub fn lint(&self, display: &str, text: &str) -> Vec<Finding> {
        let mut findings = lint_file(display, text, &self.settings, &self.project);
        if let Some(baseline) = &self.baseline {
            baseline.clone().filter_findings(&mut findings);
        }
        findings
    }

    /// Whether `file` (a config's path, maybe relative) is the file at `abs`.
    fn names(&self, file: &Option<PathBuf>, abs: &Path) -> bool {
        file.as_ref()
            .is_some_and(|f| walk::absolute(f, &self.root) == abs)
    }

    /// The absolute path of a file the findings name.
    pub fn path_of(&self, display: &str) -> PathBuf {
        walk::absolute(Path::new(display), &self.root)
    }

    /// A file changed on disk (saved, created, deleted, changed by git):
    /// what the server must do about it.
    pub fn disk_changed(&mut self, path: &Path) -> Reload {
        let abs = walk::absolute(path, &self.root);
        let is = |p: &Option<PathBuf>| self.names(p, &abs);
        let name = abs.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if is(&self.config_path)
            || is(&self.config().standard_file)
            || huashu_linter::config::CONFIG_NAMES.contains(&name)
        {
            // A new config may cover other files, or name another
            // standard: walk again (as often as huashu.yaml is saved).
            self.load_settings();
            self.load_project();
            return Reload::Everything;
        }
        if is(&self.baseline_path) {
            self.load_baseline();
            return Reload::Everything;
        }
        match self.role(&abs) {
            Role::Checked(display) => {
                match read_text(&abs, self.config().max_file_size) {
                    Some(text) => self.project.set_file(&display, &text),
                    None => self.project.remove_file(&display),
                }
                Reload::Everything
            }
            Role::Settings | Role::Ignored => Reload::Nothing,
        }
    }
}

/// What a change on disk asks of the open buffers.
#[derive(Debug, PartialEq, Eq)]
pub enum Reload {
    /// Check every open buffer again (its findings may depend on the change).
    Everything,
    Nothing,
}

/// A file's text, if it is a readable UTF-8 file within the size limit
/// (anything else is reported when the buffer is opened, or by `check`).
pub fn read_text(path: &Path, max: u64) -> Option<String> {
    match read::read_bounded(path, max).ok()? {
        Read::Bytes(bytes) => String::from_utf8(bytes).ok(),
        Read::TooLarge(_) => None,
    }
}
