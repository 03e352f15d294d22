//! The command line (CLI.md): subcommands and flags, with their help text.
//!
//! Help is in both languages at once, clap's own words included (`command`
//! puts them in): it is printed before a config could say which language a
//! repository uses, and the same text feeds the shell completions and the
//! man page. Flags that users of ruff know keep ruff's names where they mean
//! the same thing (`--output-format`, `--exit-zero`, `--extend-select`,
//! `--show-files` …); `foreign_flag` answers the ones huashu does not have.

use std::path::PathBuf;

use clap::builder::TypedValueParser;
use clap::{ArgAction, Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::finding::Lang;
use crate::report::Format;

#[derive(Debug, Parser)]
#[command(
    name = "huashu",
    version,
    about = "话术检查：银行客服话术库的校验工具 / a linter for bank customer-service phrase scripts",
    long_about = None
)]
pub struct Cli {
    /// 消息语言 / message language (default: config `lang`, else zh when LANG starts with zh, else en)
    #[arg(long, global = true, value_parser = lang_parser())]
    pub lang: Option<Lang>,

    #[command(subcommand)]
    pub command: Command,
}

/// `--lang zh|en`: the engine's `Lang` carries no clap derive (the engine
/// knows nothing of command lines), so its two names are mapped here.
fn lang_parser() -> impl clap::builder::TypedValueParser<Value = Lang> {
    clap::builder::PossibleValuesParser::new(["zh", "en"]).map(|name| match name.as_str() {
        "zh" => Lang::Zh,
        _ => Lang::En,
    })
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 检查话术文件和文件夹 / check script files and folders
    Check(Box<CheckArgs>),
    /// 列出所有规则 / list every rule
    Rules(RulesArgs),
    /// 显示一条规则的完整说明 / show a rule's full documentation
    Explain {
        /// 规则编号 / rule id, e.g. placeholder-unknown
        rule: String,
    },
    /// 打印话术格式的 JSON Schema，供编辑器使用 / print a JSON Schema of the script format, for editors
    Schema {
        /// 打印 huashu.yaml 的 Schema / print the schema of huashu.yaml instead
        #[arg(long)]
        config: bool,
    },
    /// 创建示例话术库 / create a starter script repository
    Init {
        /// 目标目录（默认当前目录）/ target folder (default: the current one)
        dir: Option<PathBuf>,
    },
    /// 打印生效的服务规范（内置规范合并配置）/ print the effective service standard (built-in merged with the config)
    Standard(ConfigArgs),
    /// 打印 shell 补全脚本 / print a shell completion script
    Completions {
        /// bash、zsh、fish 或 powershell / bash, zsh, fish or powershell
        shell: clap_complete::Shell,
    },
    /// 打印 man 手册页（roff 格式）/ print the man page (roff)
    Manpage,
    /// 写出离线检查网页（单个 HTML 文件）/ write the offline checking page (one HTML file)
    Playground {
        /// 写到这个文件 / the file to write
        #[arg(long, short, value_name = "FILE")]
        output: PathBuf,
        /// 覆盖已有的文件 / replace an existing file
        #[arg(long)]
        force: bool,
    },
    /// 按同一服务规范检查通话转写 / check call transcripts against the same standard
    Calls(Box<crate::calls::cli::CallsArgs>),
    /// 语言服务器（LSP，标准输入输出），供编辑器使用 / the language server (LSP over stdio), for editors
    Server {
        /// 不显示基线中记录的问题 / do not show the findings recorded in this baseline
        #[arg(long, value_name = "FILE")]
        baseline: Option<PathBuf>,
    },
}

/// How the config is found.
#[derive(Debug, Args, Clone, Default)]
pub struct ConfigArgs {
    /// 使用这个配置文件 / use this config file
    #[arg(long, value_name = "PATH", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// 不读取任何配置文件 / ignore every config file
    #[arg(long)]
    pub no_config: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// 要检查的文件或文件夹（默认：配置的 paths，否则当前目录）/ files or folders to check (default: the config's paths, else .)
    pub paths: Vec<PathBuf>,

    /// 输出格式（终端上默认 human，否则 concise）/ output format (default: human on a terminal, else concise)
    #[arg(long, value_enum, visible_alias = "output-format")]
    pub format: Option<Format>,

    /// 把报告写入文件 / write the report to this file
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub config: ConfigArgs,

    /// 并行线程数（默认：每个核一个；至多每核 4 个、共 256 个）/ worker threads (default: one per core; at most 4 per core, 256 in all)
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,

    /// 只运行这些规则或规则组 / only these rules or groups
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub select: Vec<String>,

    /// 另外运行这些规则或规则组（包括配置中关闭的）/ these rules or groups too (also ones the config turns off)
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub extend_select: Vec<String>,

    /// 不运行这些规则或规则组 / skip these rules or groups
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub ignore: Vec<String>,

    /// 只报告错误 / report errors only
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// 颜色 / colors (NO_COLOR is honoured by auto)
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,

    /// 警告数超过 N 时失败 / fail when there are more than N warnings
    #[arg(long, value_name = "N")]
    pub max_warnings: Option<usize>,

    /// 有警告就失败 / fail on any warning
    #[arg(long)]
    pub deny_warnings: bool,

    /// 有问题也以 0 退出（huashu 自身出错仍为 2）/ exit 0 even with findings (huashu's own failures still exit 2)
    #[arg(long)]
    pub exit_zero: bool,

    /// 应用安全的修复，然后报告剩下的问题 / apply safe fixes, then report what remains
    #[arg(long)]
    pub fix: bool,

    /// 也应用可能改变含义的修复（包含 --fix）/ also apply fixes that may change meaning (implies --fix)
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// 只应用修复，不报告剩下的问题 / apply fixes and report nothing else
    #[arg(long)]
    pub fix_only: bool,

    /// 列出应用了哪些修复 / list the fixes applied, per file and rule
    #[arg(long)]
    pub show_fixes: bool,

    /// 以统一 diff 打印修复，不写文件 / print the fixes as a unified diff and write nothing
    #[arg(long)]
    pub diff: bool,

    /// 只报告基线文件中没有记录的问题 / report only findings not recorded in this baseline
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// 把当前的问题记录为基线 / record today's findings as a baseline
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,

    /// 为当前每个问题写入豁免注释 / write a suppression comment for every current finding
    #[arg(long)]
    pub add_suppressions: bool,

    /// 按规则统计问题数，代替逐条报告 / count findings per rule instead of listing them
    #[arg(long)]
    pub statistics: bool,

    /// 与路径 `-` 一起用：标准输入的文件名 / with the path `-`: the file name of standard input
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,

    /// 排除这些 glob（代替配置的 exclude）/ skip these globs (instead of the config's exclude)
    #[arg(long, value_delimiter = ',', value_name = "GLOB")]
    pub exclude: Option<Vec<String>>,

    /// 另外排除这些 glob / skip these globs too
    #[arg(long, value_delimiter = ',', value_name = "GLOB")]
    pub extend_exclude: Vec<String>,

    /// 不读取 .gitignore、.ignore、.huashuignore / read no ignore files (.gitignore, .ignore, .huashuignore)
    #[arg(long)]
    pub no_ignore: bool,

    /// 跟随符号链接（检测循环）/ follow symbolic links (loops are detected)
    #[arg(long, short = 'L', visible_alias = "follow")]
    pub follow_links: bool,

    /// 命令行给出的文件在配置的 paths 之外也检查 / check files named on the command line even outside the config's paths
    #[arg(long, overrides_with = "force_exclude")]
    pub no_force_exclude: bool,

    /// 命令行给出的文件也服从 paths 和 exclude（默认）/ files named on the command line obey paths and exclude too (the default)
    #[arg(long, overrides_with = "no_force_exclude")]
    pub force_exclude: bool,

    /// 列出要检查的文件，不检查 / list the files a check would read, and stop
    #[arg(long, conflicts_with = "show_settings")]
    pub show_files: bool,

    /// 打印生效的设置（配置文件、路径、排除、规则），不检查 / print the settings in force (config file, paths, excludes, rules), and stop
    #[arg(long)]
    pub show_settings: bool,

    /// 在标准错误上说明做了什么（配置、文件数、跳过的文件、用时）/ say on standard error what was done (config, file count, skipped files, time)
    #[arg(long, short = 'v')]
    pub verbose: bool,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// 输出格式 / output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: RulesFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Table,
    Json,
}

/// The command line as `huashu` parses it: the derived definition with
/// clap's own words (headings, `--help`, `--version`) in both languages.
pub fn command() -> clap::Command {
    bilingual(Cli::command())
}

fn bilingual(cmd: clap::Command) -> clap::Command {
    let has_version = cmd.get_version().is_some();
    let mut cmd = cmd
        .help_template(
            "{before-help}{about-with-newline}\n用法 / Usage: {usage}\n\n{all-args}{after-help}",
        )
        .subcommand_help_heading("命令 / Commands")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .mut_args(|a| {
            if a.get_help_heading().is_some() {
                a
            } else if a.is_positional() {
                a.help_heading("参数 / Arguments")
            } else {
                a.help_heading("选项 / Options")
            }
        })
        .arg(
            clap::Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示帮助 / print help")
                .help_heading("选项 / Options"),
        );
    if has_version {
        cmd = cmd.disable_version_flag(true).arg(
            clap::Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本 / print the version")
                .help_heading("选项 / Options"),
        );
    }
    cmd.mut_subcommands(bilingual)
}

/// Flags users of ruff, typos or ripgrep reach for that huashu does not
/// have, with what to do instead (a tip clap cannot give).
pub fn foreign_flag(flag: &str) -> Option<(&'static str, &'static str)> {
    let name = flag.split('=').next().unwrap_or(flag);
    Some(match name {
        "--watch" => (
            "huashu 没有监视模式：用文件监视工具运行它，例如 `watchexec -e yaml -- huashu check`",
            "huashu has no watch mode: run it from a file watcher, e.g. `watchexec -e yaml -- huashu check`",
        ),
        "--write-changes" | "-w" => (
            "用 `--fix` 写入安全的修复",
            "`--fix` writes the safe fixes",
        ),
        "--add-noqa" => (
            "用 `--add-suppressions` 写入豁免注释",
            "`--add-suppressions` writes suppression comments",
        ),
        "--extend-ignore" => ("用 `--ignore`", "use `--ignore`"),
        "--no-cache" | "--cache-dir" => (
            "huashu 没有缓存，每次都完整检查",
            "huashu keeps no cache: every run checks everything",
        ),
        _ => return None,
    })
}

/// Flags that write files: an unknown flag is never answered with one of
/// these as "a similar argument" (`--output-format` once got `--output`,
/// which wrote the report to a file named `json`).
pub const WRITING_FLAGS: &[&str] = &[
    "--output",
    "--fix",
    "--unsafe-fixes",
    "--fix-only",
    "--write-baseline",
    "--add-suppressions",
];
