//! The engine's findings as LSP diagnostics: byte offsets become lines and
//! columns in the encoding the client chose (UTF-16 unless it offers
//! UTF-8), the rule id becomes the diagnostic's code with a link to its
//! page, help and related places travel along.

use std::path::Path;

use huashu_linter::config::ConfigError;
use huashu_linter::finding::{Finding, Lang, Msg, Severity};
use huashu_linter::source::{LineColumn, LineIndex, Located, PositionEncoding};
use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, Position, Range, Uri,
};
use std::str::FromStr;

/// A text with its line index: what every conversion needs.
pub struct Text<'a> {
    pub text: &'a str,
    pub index: &'a LineIndex,
    pub encoding: PositionEncoding,
}

impl Text<'_> {
    pub fn position(&self, offset: usize) -> Position {
        let at = self.index.position(self.text, offset, self.encoding);
        Position::new(at.line as u32, at.column as u32)
    }

    pub fn range(&self, span: std::ops::Range<usize>) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }

    /// The byte offset of an LSP position (past a line's end: its end;
    /// inside a character: its start).
    pub fn offset(&self, at: Position) -> usize {
        self.index.offset(
            self.text,
            LineColumn {
                line: at.line as usize,
                column: at.character as usize,
            },
            self.encoding,
        )
    }
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// The message, with the help on a line of its own.
pub fn message(message: &Msg, help: Option<&Msg>, lang: Lang) -> String {
    match help {
        Some(help) => {
            let label = match lang {
                Lang::Zh => "提示：",
                Lang::En => "help: ",
            };
            format!("{}\n{label}{}", message.get(lang), help.get(lang))
        }
        None => message.get(lang).to_string(),
    }
}

/// One finding of the open text `at` as a diagnostic. `locate` turns a
/// related place in another file into an LSP location.
pub fn diagnostic(
    finding: &Finding,
    at: &Text,
    lang: Lang,
    locate: &dyn Fn(&str, &Located) -> Option<Location>,
) -> Diagnostic {
    let span = finding.span.offset..finding.span.offset + finding.span.length;
    let related: Vec<DiagnosticRelatedInformation> = finding
        .related
        .iter()
        .filter_map(|r| {
            Some(DiagnosticRelatedInformation {
                location: locate(&r.file, &r.span)?,
                message: r.message.get(lang).to_string(),
            })
        })
        .collect();
    Diagnostic {
        range: at.range(span),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.rule.to_string())),
        code_description: Uri::from_str(&huashu_linter::rules::doc_url(finding.rule))
            .ok()
            .map(|href| CodeDescription { href }),
        source: Some("huashu".into()),
        message: message(&finding.message, finding.help.as_ref(), lang),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// The problems of a config or standard file, as diagnostics of that file
/// (the file is `error.source`; its text is the one that was read).
pub fn config_diagnostics(
    error: &ConfigError,
    encoding: PositionEncoding,
    lang: Lang,
) -> Vec<Diagnostic> {
    let index = LineIndex::new(&error.source.text);
    let at = Text {
        text: &error.source.text,
        index: &index,
        encoding,
    };
    error
        .problems
        .iter()
        .map(|(span, msg, help)| Diagnostic {
            range: at.range(span.clone()),
            severity: Some(DiagnosticSeverity::ERROR),
            code: Some(NumberOrString::String("config".into())),
            source: Some("huashu".into()),
            message: message(msg, help.as_ref(), lang),
            ..Diagnostic::default()
        })
        .collect()
}

/// A place in a file that is not open: its text read from disk for exact
/// columns; where it cannot be read, the engine's character columns.
pub fn location_on_disk(path: &Path, span: &Located, encoding: PositionEncoding) -> Range {
    if let Some(text) = super::workspace::read_text(path, 64 << 20) {
        let index = LineIndex::new(&text);
        let at = Text {
            text: &text,
            index: &index,
            encoding,
        };
        return at.range(span.offset..span.offset + span.length);
    }
    let pos = |p: &huashu_linter::source::Position| {
        Position::new(
            p.line.saturating_sub(1) as u32,
            p.column.saturating_sub(1) as u32,
        )
    };
    Range::new(pos(&span.start), pos(&span.end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_follow_the_encoding() {
        let text = "a: 𠮷您好\nb: 好";
        let index = LineIndex::new(text);
        let at = |encoding| Text {
            text,
            index: &index,
            encoding,
        };
        let start = text.find('您').unwrap();
        let span = start..start + "您好".len();
        assert_eq!(
            at(PositionEncoding::Utf16).range(span.clone()),
            Range::new(Position::new(0, 5), Position::new(0, 7))
        );
        assert_eq!(
            at(PositionEncoding::Utf8).range(span),
            Range::new(Position::new(0, 7), Position::new(0, 13))
        );
        // Back: a UTF-16 column inside 𠮷 is 𠮷's start.
        assert_eq!(at(PositionEncoding::Utf16).offset(Position::new(0, 4)), 3);
        assert_eq!(
            at(PositionEncoding::Utf16).offset(Position::new(1, 9)),
            text.len()
        );
    }
}
