//! Starts `huashu server` for YAML files in Zed. The server finds the
//! repository's huashu.yaml itself; all this extension does is find the
//! `huashu` command on the worktree's PATH.

use zed_extension_api::{self as zed, LanguageServerId, Result};

struct Huashu;

impl zed::Extension for Huashu {
    fn new() -> Self {
        Huashu
    }

    fn language_server_command(
        &mut self,
        _id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        let command = worktree.which("huashu").ok_or_else(|| {
            "huashu is not on PATH: install it (pip install huashu, or cargo install --path . in huashu's repository)".to_string()
        })?;
        Ok(zed::Command {
            command,
            args: vec!["server".into()],
            env: Vec::new(),
        })
    }
}

zed::register_extension!(Huashu);
