//! unreadable-file: a file or folder that could not be read is a finding,
//! never a silent gap in the run.

use crate::finding::Sink;
use crate::msg;

use super::{declare_rule, Rule, RuleMeta};

declare_rule! {
    /// ## 检查什么
    /// 范围内的每个文件和文件夹都能读取：没有权限、读取出错、符号链接形成循环（用 `--follow-links` 跟随链接时；默认不跟随），都在这里报告，检查继续进行。
    ///
    /// ## 为什么
    /// 读不到的话术等于没检查过。把它当作一条发现报告（而不是让整个运行中止），CI 才能既看到它，又看到其他文件的结果。
    ///
    /// ## 错误示例
    /// `chmod 000 scripts/a.yaml`；或 `ln -s .. scripts/loop` 后运行 `huashu check --follow-links`。
    ///
    /// ## 正确示例
    /// 可读的文件；不指回上级目录的符号链接。
    ///
    /// ## 选项
    /// 无。（RULES.md 没有为读取失败指定规则编号，这个编号由 huashu 补充。）
    /// ---
    /// ## What it checks
    /// Every file and folder in scope can be read: a permission error, an I/O error or a symbolic-link loop (when links are followed, with `--follow-links`; by default they are not) is reported here and the run goes on.
    ///
    /// ## Why
    /// A script that cannot be read has not been checked. Reporting it as a finding (rather than stopping the run) lets CI show it beside every other file's results.
    ///
    /// ## Bad
    /// `chmod 000 scripts/a.yaml`; or `ln -s .. scripts/loop`, then `huashu check --follow-links`.
    ///
    /// ## Good
    /// Readable files; symbolic links that do not point back up the tree.
    ///
    /// ## Options
    /// None. (RULES.md names no id for read failures; huashu adds this one.)
    UnreadableFile {
        id: "unreadable-file",
        group: Structure,
        severity: Error,
        fix: No,
        summary: ("文件可以读取（权限、符号链接循环）", "the file can be read (permissions, symlink loops)"),
    }
}

impl Rule for UnreadableFile {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}

/// A path the walk could not enter: a symbolic link loop (`loop_target`,
/// where it points back to) or an unreadable folder.
pub(crate) fn unwalkable(sink: &mut Sink, loop_target: Option<&str>, error: &str) {
    let message = match loop_target {
        Some(target) => {
            msg!(zh: "符号链接形成循环（指回 {target}），未再跟随", en: "symbolic link loop (points back to {target}); not followed")
        }
        None => {
            let e = error;
            msg!(zh: "无法读取：{e}", en: "cannot be read: {e}")
        }
    };
    sink.report(&META, 0..0, message);
}

/// A file the reader could not read.
pub(crate) fn read_error(sink: &mut Sink, e: &std::io::Error) {
    sink.report(
        &META,
        0..0,
        msg!(zh: "无法读取文件：{e}", en: "cannot read the file: {e}"),
    );
}
