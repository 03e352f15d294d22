//! The arguments of `huashu calls`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::cli::ConfigArgs;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CallsFormat {
    /// 每条问题带坐席/客户、时间和原话 / each finding with role, time and the turn underlined
    Human,
    Json,
    JsonLines,
    Junit,
    /// 每通通话一行的汇总 / one summary row per call
    Csv,
    /// 一页自包含的报告（表格和图表）/ one self-contained report page with tables and charts
    Html,
}

#[derive(Debug, Args)]
pub struct CallsArgs {
    /// 通话文件或文件夹（.json 一通，.jsonl/.ndjson 多通，.txt 带角色前缀的文本；- 为标准输入的 JSON Lines）/ call files or folders (.json one call, .jsonl/.ndjson many, .txt plain text with role prefixes; - reads JSON Lines from standard input)
    #[arg(required_unless_present = "schema")]
    pub paths: Vec<PathBuf>,

    /// 输出格式（默认 human）/ output format (default human)
    #[arg(long, value_enum, default_value = "human")]
    pub format: CallsFormat,

    /// 把报告写入文件 / write the report to this file
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub config: ConfigArgs,

    /// 只运行这些规则或规则组（可重复）/ run only these rules or groups (repeatable)
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub select: Vec<String>,

    /// 不运行这些规则或规则组 / do not run these rules or groups
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub ignore: Vec<String>,

    /// 工作线程数（默认每核一个）/ worker threads (default: one per core)
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,

    /// 不做语音识别容错（按字面匹配）/ match the transcript literally, without the speech-recognition tolerance
    #[arg(long)]
    pub literal: bool,

    /// 分数低于此值的通话使运行失败（退出码 1）/ fail the run (exit 1) when a call scores below this
    #[arg(long, value_name = "SCORE")]
    pub fail_under: Option<u32>,

    /// 打印通话格式的 JSON Schema / print the JSON Schema of the call formats
    #[arg(long)]
    pub schema: bool,
}
