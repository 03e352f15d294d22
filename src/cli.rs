//! The command line (CLI.md): subcommands and flags, with their help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

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
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,

    #[command(subcommand)]
    pub command: Command,
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
    /// 按同一服务规范检查通话转写 / check call transcripts against the same standard
    Calls(Box<crate::calls::cli::CallsArgs>),
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
    #[arg(long, value_enum)]
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

    /// 应用安全的修复，然后报告剩下的问题 / apply safe fixes, then report what remains
    #[arg(long)]
    pub fix: bool,

    /// 也应用可能改变含义的修复（包含 --fix）/ also apply fixes that may change meaning (implies --fix)
    #[arg(long)]
    pub unsafe_fixes: bool,

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
