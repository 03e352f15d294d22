//! schema: the file against the script format (docs/format.md) — and what
//! keeps a file from being read as one at all: a second document, nesting
//! or aliases past the loader's budget, no content, over the size limit.

use std::ops::Range;

use crate::finding::{Msg, Sink};
use crate::model;
use crate::msg;
use crate::yaml::{self, LoadProblemKind};

use super::{declare_rule, Rule, RuleMeta};

declare_rule! {
    /// ## 检查什么
    /// 文件符合话术格式（FORMAT.md）：必需的键都在，没有未知的键（给出“是不是想写”），值的类型正确，枚举值有效，编号格式正确，没有重复的键，列表不为空。一个文件的所有结构问题一次全部报告。
    ///
    /// 以下情况也算结构问题：空文件或只有注释的文件；顶层不是映射；一个文件里有多个 YAML 文档（指向第二个文档的开头）；超过大小上限的文件（默认 4 MB，`max_file_size_mb` 可调）；嵌套超过 64 层；展开别名后超过 100,000 个节点。
    ///
    /// ## 为什么
    /// 话术平台和后续规则都依赖固定的结构；拼错的键（`closeing`）会让结束语被悄悄忽略。
    ///
    /// ## 错误示例
    /// ```yaml
    /// id: card.loss-report
    /// title: 银行卡挂失
    /// category: servce        # 无效的值
    /// opener: [您好，请问有什么可以帮到您？]
    /// steps: [{stage: listen, say: 嗯，我明白了。}]
    /// closeing: [再见。]       # 未知的键，且缺少 closing
    /// ```
    ///
    /// ## 正确示例
    /// ```yaml
    /// id: card.loss-report
    /// title: 银行卡挂失
    /// category: service
    /// opener: [您好，请问有什么可以帮到您？]
    /// steps: [{stage: listen, say: 嗯，我明白了。}]
    /// closing: [再见。]
    /// ```
    ///
    /// ## 选项
    /// 无。`max_file_size_mb`（huashu.yaml 顶层）调整文件大小上限。
    /// ---
    /// ## What it checks
    /// The file follows the phrase-script format (FORMAT.md): required keys present, no unknown keys (with "did you mean"), right value types, valid enum values and ids, no duplicate keys, no empty lists. Every structural problem of a file is reported in one run.
    ///
    /// Also structural: an empty or comments-only file; a top level that is not a mapping; several YAML documents in one file (pointing at the second one's start); a file over the size limit (4 MB by default, `max_file_size_mb`); nesting deeper than 64 levels; more than 100,000 nodes once aliases are expanded.
    ///
    /// ## Why
    /// The script platform and every later rule rely on the structure; a misspelt key (`closeing`) silently drops the closing.
    ///
    /// ## Bad
    /// ```yaml
    /// id: card.loss-report
    /// title: 银行卡挂失
    /// category: servce        # invalid value
    /// opener: [您好，请问有什么可以帮到您？]
    /// steps: [{stage: listen, say: 嗯，我明白了。}]
    /// closeing: [再见。]       # unknown key, and closing is missing
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// id: card.loss-report
    /// title: 银行卡挂失
    /// category: service
    /// opener: [您好，请问有什么可以帮到您？]
    /// steps: [{stage: listen, say: 嗯，我明白了。}]
    /// closing: [再见。]
    /// ```
    ///
    /// ## Options
    /// None. `max_file_size_mb` (top level of huashu.yaml) sets the file size limit.
    Schema {
        id: "schema",
        group: Structure,
        severity: Error,
        fix: No,
        summary: ("文件符合话术格式：必需的键、类型、枚举值、编号", "the file follows the script format: required keys, types, enum values, ids"),
    }
}

impl Rule for Schema {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}

/// A problem of the loader: a second document, nesting too deep, too many
/// nodes (a syntax error is yaml-syntax's, and goes there).
pub(crate) fn load_problem(sink: &mut Sink, span: Range<usize>, kind: &LoadProblemKind) {
    match kind {
        LoadProblemKind::Syntax(m) => crate::rules::yaml_syntax::report(sink, span, m),
        LoadProblemKind::ExtraDocument => {
            sink.report(&META, span, msg!(zh: "一个文件只能有一个 YAML 文档，这里开始了第二个", en: "a file holds one YAML document; a second one starts here"))
                .help(msg!(zh: "把第二个文档移到单独的文件中", en: "move the second document into a file of its own"));
        }
        LoadProblemKind::TooDeep => {
            let max = yaml::MAX_DEPTH;
            sink.report(&META, span, msg!(zh: "嵌套超过 {max} 层，不再读取", en: "nested more than {max} levels deep; not read further"))
                .help(msg!(zh: "话术只有几层嵌套：检查这里的括号或缩进", en: "a phrase script nests only a few levels: check the brackets or indentation here"));
        }
        LoadProblemKind::TooManyNodes => {
            let max = yaml::MAX_NODES;
            sink.report(&META, span, msg!(zh: "展开别名后超过 {max} 个节点（别名炸弹？），不再读取", en: "more than {max} nodes once aliases are expanded (an alias bomb?); not read further"))
                .help(msg!(zh: "不要用锚点和别名层层复制内容；共享的话术请用 snippets", en: "don't multiply content with anchors and aliases; share lines with snippets"));
        }
    }
}

/// What the script format's tables found wrong (`model::load`).
pub(crate) fn model_problems(sink: &mut Sink, problems: Vec<model::SchemaProblem>) {
    for p in problems {
        let f = sink.report(&META, p.span, p.message);
        if let Some(h) = p.help {
            f.help(h);
        }
    }
}

/// A file with no YAML content: empty, or comments only.
pub(crate) fn no_content(sink: &mut Sink, has_comments: bool) {
    let (zh, en) = if has_comments {
        ("文件只有注释", "the file holds only comments")
    } else {
        ("文件是空的", "the file is empty")
    };
    sink.report(&META, 0..0, Msg::new(format!("{zh}：不是话术也不是共享话术"), format!("{en}: neither a script nor a snippet file")))
        .help(msg!(zh: "写入话术（id、title、category、opener、steps、closing），或删除这个文件", en: "write a script (id, title, category, opener, steps, closing), or delete the file"));
}

/// The help of both size limits.
fn raise_the_limit() -> Msg {
    msg!(zh: "话术文件通常只有几 KB；确需更大时在 huashu.yaml 中调高 max_file_size_mb", en: "scripts are a few KB; if this one must be larger, raise max_file_size_mb in huashu.yaml")
}

/// A file over the size limit (`max` bytes), not read.
pub(crate) fn file_too_large(sink: &mut Sink, size: u64, max: u64) {
    let (mb, max) = (size as f64 / 1_048_576.0, max / 1_048_576);
    sink.report(&META, 0..0, msg!(zh: "文件有 {mb:.1} MB，超过 {max} MB 的上限，未读取", en: "the file is {mb:.1} MB, over the {max} MB limit; not read"))
        .help(raise_the_limit());
}

/// Standard input over the size limit (`max` bytes), not checked.
pub(crate) fn stdin_too_large(sink: &mut Sink, max: u64) {
    let max = max / 1_048_576;
    sink.report(&META, 0..0, msg!(zh: "标准输入超过 {max} MB 的上限，未检查", en: "standard input is over the {max} MB limit; not checked"))
        .help(raise_the_limit());
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn fails() {
        let under = assert_fails("schema", "id: a\ntitle: t\ncategory: servce\nopener: [您好]\nsteps:\n  - stage: listen\n    say: 嗯\ncloseing: [再见]\n");
        assert_eq!(under.len(), 3);
        // missing `closing` (at the mapping's start), the bad value, the unknown key
        assert_eq!(under, ["", "servce", "closeing"]);
        assert_fails("schema", "");
        assert_fails("schema", "# only a comment\n");
        assert_fails("schema", "- a\n- b\n");
        assert_fails("schema", "just text\n");
        assert_fails("schema", "a: 1\n---\nb: 2\n");
        assert_fails("schema", &script(&format!("{BODY}extra: 1\n")));
        assert_fails(
            "schema",
            &script("opener: []\nsteps: []\nclosing: [再见]\n"),
        );
        assert_fails("schema", "id: Bad_ID\ntitle: t\ncategory: service\nopener: [您好]\nsteps: [{stage: listen, say: 嗯}]\nclosing: [再见]\n");
        assert_fails("schema", "id: a\nid: b\ntitle: t\ncategory: service\nopener: [您好]\nsteps: [{stage: listen, say: 嗯}]\nclosing: [再见]\n");
        assert_fails("schema", "? [a, b]\n: c\n");
        assert_fails(
            "schema",
            &script(&BODY.replace("say: 嗯，我明白了。", "say: [[嵌套]]")),
        );
        assert_fails(
            "schema",
            &script(&BODY.replace("- stage: listen", "- stage: lisen")),
        );
        assert_fails(
            "schema",
            &script(&BODY.replace("  - 您还有其他疑问吗？\n", "  - {use: a, extra: b}\n")),
        );
    }

    #[test]
    fn passes() {
        assert_passes("schema", &script(BODY));
        assert_passes("schema", "snippets:\n  hello: 您好\n");
        assert_passes(
            "schema",
            &script(&format!(
                "channel: online\ntags: [银行卡]\nowner: 运营部\nvariables: [card_tail]\n{BODY}"
            )),
        );
        assert_passes(
            "schema",
            &script(&BODY.replace(
                "say: 嗯，我明白了。",
                "say:\n      - 嗯，我明白了。\n      - 好的，我了解了。",
            )),
        );
    }
}
