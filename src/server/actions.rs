//! Code actions: each finding's fix (safe ones preferred, unsafe ones
//! labelled), "suppress with a reason" (the comment `--add-suppressions`
//! would write, with ` -- 原因` to type over), and `source.fixAll.huashu`
//! (the safe fixes `huashu check --fix` would make, usable on save).

use std::collections::HashMap;

use huashu_linter::finding::{Finding, Lang, Safety};
use huashu_linter::source::Source;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Command, Range, TextEdit, Uri, WorkspaceEdit,
};

use super::convert::Text;

/// The kind of the fix-all action, as editors name it in
/// `editor.codeActionsOnSave`.
pub const FIX_ALL: &str = "source.fixAll.huashu";

/// The command that selects the reason of a new suppression for typing.
pub const SELECT_REASON: &str = "huashu.selectReason";

fn edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

/// The actions for the findings whose spans meet `range`, in the order the
/// findings come, then fix-all. `only`: the kinds the client asked for.
pub fn actions(
    uri: &Uri,
    at: &Text,
    findings: &[Finding],
    range: Range,
    only: Option<&[CodeActionKind]>,
    lang: Lang,
) -> Vec<CodeActionOrCommand> {
    let wants = |kind: &CodeActionKind| {
        only.is_none_or(|only| {
            only.iter().any(|o| {
                kind.as_str() == o.as_str()
                    || kind.as_str().starts_with(&format!("{}.", o.as_str()))
            })
        })
    };
    let start = at.offset(range.start);
    let end = at.offset(range.end);
    let mut out = Vec::new();
    if wants(&CodeActionKind::QUICKFIX) {
        for f in findings {
            let (f_start, f_end) = (f.span.offset, f.span.offset + f.span.length);
            // Touching counts: a cursor at either end of the underline.
            if f_end < start || f_start > end {
                continue;
            }
            if let Some(fix) = &f.fix {
                let unsafe_ = fix.safety == Safety::Unsafe;
                let title = match (lang, unsafe_) {
                    (Lang::Zh, false) => format!("修复：{}", fix.description.get(lang)),
                    (Lang::Zh, true) => {
                        format!("修复（可能改变含义）：{}", fix.description.get(lang))
                    }
                    (Lang::En, false) => format!("Fix: {}", fix.description.get(lang)),
                    (Lang::En, true) => format!(
                        "Fix (may change the meaning): {}",
                        fix.description.get(lang)
                    ),
                };
                let edits = fix
                    .edits
                    .iter()
                    .map(|e| TextEdit::new(at.range(e.span.clone()), e.replacement.clone()))
                    .collect();
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    edit: Some(edit(uri, edits)),
                    is_preferred: Some(!unsafe_),
                    ..CodeAction::default()
                }));
            }
            if let Some(action) = suppress(uri, at, f, lang) {
                out.push(CodeActionOrCommand::CodeAction(action));
            }
        }
    }
    let fix_all = CodeActionKind::from(FIX_ALL);
    if wants(&fix_all) {
        if let Some(after) = huashu_linter::fix::fixed_text(at.text, findings, false) {
            let title = match lang {
                Lang::Zh => "huashu：修复所有可安全修复的问题",
                Lang::En => "huashu: fix all safely fixable problems",
            };
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: title.into(),
                kind: Some(fix_all),
                edit: Some(edit(uri, vec![replace_changed(at, &after)])),
                ..CodeAction::default()
            }));
        }
    }
    out
}

/// One edit that turns `at`'s text into `after`: the part between their
/// common start and common end (the cursor elsewhere stays where it was).
pub fn replace_changed(at: &Text, after: &str) -> TextEdit {
    let before = at.text;
    let start = common_start(before, after);
    let max_tail = before.len().min(after.len()) - start;
    let mut tail = before
        .bytes()
        .rev()
        .zip(after.bytes().rev())
        .take(max_tail)
        .take_while(|(a, b)| a == b)
        .count();
    while !before.is_char_boundary(before.len() - tail)
        || !after.is_char_boundary(after.len() - tail)
    {
        tail -= 1;
    }
    TextEdit::new(
        at.range(start..before.len() - tail),
        after[start..after.len() - tail].to_string(),
    )
}

/// How many bytes `a` and `b` share at their start, on a character boundary of both.
fn common_start(a: &str, b: &str) -> usize {
    let mut n = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    while !a.is_char_boundary(n) || !b.is_char_boundary(n) {
        n -= 1;
    }
    n
}

/// "Suppress with a reason": the comment above the finding's line (or
/// `allow-file` for a file that does not parse), placed where the engine
/// places it, with a reason to type over; the command selects it.
fn suppress(uri: &Uri, at: &Text, finding: &Finding, lang: Lang) -> Option<CodeAction> {
    let source = Source::new(finding.file.clone(), at.text.to_string());
    let (commented, _) = huashu_linter::suppress::with_comments(&source, &[finding])?;
    // The comment is one inserted line: find it after the common start,
    // back to the start of the line it was inserted at.
    let start = at.text[..common_start(at.text, &commented)]
        .rfind('\n')
        .map_or(
            if at.text.starts_with('\u{feff}') {
                3
            } else {
                0
            },
            |i| i + 1,
        );
    let inserted_len = commented.len() - at.text.len();
    let inserted = commented.get(start..start + inserted_len)?;
    let newline = if inserted.ends_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let body = inserted.strip_suffix(newline)?;
    let reason = match lang {
        Lang::Zh => "原因",
        Lang::En => "reason",
    };
    let line_text = format!("{body} -- {reason}{newline}");
    let position = at.position(start);
    let units = |s: &str| at.encoding.units(s) as u32;
    let reason_start = units(body) + units(" -- ");
    let selection = Range::new(
        lsp_types::Position::new(position.line, reason_start),
        lsp_types::Position::new(position.line, reason_start + units(reason)),
    );
    let title = match lang {
        Lang::Zh => format!("忽略此处的 {}（写明原因）", finding.rule),
        Lang::En => format!("Suppress {} here, with a reason", finding.rule),
    };
    Some(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        edit: Some(edit(
            uri,
            vec![TextEdit::new(Range::new(position, position), line_text)],
        )),
        command: Some(Command {
            title: String::new(),
            command: SELECT_REASON.into(),
            arguments: Some(vec![
                serde_json::to_value(uri).ok()?,
                serde_json::to_value(selection).ok()?,
            ]),
        }),
        ..CodeAction::default()
    })
}
