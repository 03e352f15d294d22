//! The human report: miette's graphical handler draws each finding with its
//! source lines, a label under the exact characters and the help. miette
//! measures display width with unicode-width, so labels line up under
//! Chinese (double-width) characters; spans are kept on character boundaries
//! by `Source::locate`.

use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, NamedSource,
    SourceCode, SourceSpan, SpanContents,
};

use super::{FileView, Lookup, Reporter, Style};
use crate::check::Summary;
use crate::config::ConfigError;
use crate::finding::{Finding, Lang, Severity};
use crate::source::{Located, Source};

/// A source file as miette reads it, without copying its text; or a window
/// cut from one line of it, whose lines are numbered from `first_line`.
#[derive(Debug, Clone)]
struct Text {
    source: Arc<Source>,
    /// Lines before the first line of `source` in the real file.
    first_line: usize,
}

impl SourceCode for Text {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let contents =
            self.source
                .text
                .as_str()
                .read_span(span, context_lines_before, context_lines_after)?;
        if self.first_line == 0 {
            return Ok(contents);
        }
        Ok(Box::new(miette::MietteSpanContents::new(
            contents.data(),
            *contents.span(),
            contents.line() + self.first_line,
            contents.column(),
            contents.line_count(),
        )))
    }
}

#[derive(Debug)]
struct View {
    message: String,
    code: String,
    severity: miette::Severity,
    help: Option<String>,
    source: Option<NamedSource<Text>>,
    labels: Vec<LabeledSpan>,
    related: Vec<View>,
}

impl fmt::Display for View {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for View {}

impl Diagnostic for View {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.code.is_empty()).then(|| Box::new(&self.code) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        (!self.labels.is_empty())
            .then(|| Box::new(self.labels.iter().cloned()) as Box<dyn Iterator<Item = LabeledSpan>>)
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        (!self.related.is_empty()).then(|| {
            Box::new(self.related.iter().map(|r| r as &dyn Diagnostic))
                as Box<dyn Iterator<Item = &dyn Diagnostic>>
        })
    }
}

fn miette_severity(s: Severity) -> miette::Severity {
    match s {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    }
}

/// The source under a name that already carries huashu's position (columns
/// in characters, as in every other format); miette's own would count bytes.
fn named(shown: &Shown, at: &Located) -> NamedSource<Text> {
    let name = format!(
        "{}:{}:{}",
        shown.source.path, at.start.line, at.start.column
    );
    let first_line = if shown.window.is_some() {
        at.start.line.saturating_sub(1)
    } else {
        0
    };
    NamedSource::new(
        name,
        Text {
            source: shown.source.clone(),
            first_line,
        },
    )
}

/// Findings drawn per file; past this many, one line says how many more.
const MAX_DRAWN: usize = 1000;

/// Source bytes drawn around one finding (its lines and one line of context
/// each side) before the drawing is cut down to a window of its own line.
const CONTEXT_BUDGET: usize = 2048;
/// Bytes shown each side of the span in such a window.
const WINDOW_MARGIN: usize = 120;
/// The most bytes of the span itself shown in a window.
const WINDOW_SPAN: usize = 600;
/// Marks the cut ends of a window.
const CUT: &str = "…";

/// What is drawn of a file for one finding: the file itself, or — when the
/// lines around the finding are very long — a window of its line around the
/// span, so that a 4 MB line with a finding every few characters is drawn in
/// bounded pieces, not once whole per finding.
struct Shown {
    source: Arc<Source>,
    /// The bytes of the file the window holds, and where they start in it.
    window: Option<(std::ops::Range<usize>, usize)>,
}

impl Shown {
    fn of(source: Arc<Source>, at: &Located) -> Shown {
        let first = source.line_range(at.start.line.saturating_sub(1).max(1));
        let last = source.line_range(at.end.line + 1);
        if last.end.saturating_sub(first.start) <= CONTEXT_BUDGET {
            return Shown {
                source,
                window: None,
            };
        }
        let line = source.line_range(at.start.line);
        let start = source.clamp(line.start.max(at.offset.saturating_sub(WINDOW_MARGIN)));
        let shown_span = at.length.min(WINDOW_SPAN);
        let end = source
            .clamp(line.end.min(at.offset + shown_span + WINDOW_MARGIN))
            .max(start);
        let mut text = String::with_capacity(end - start + 2 * CUT.len());
        if start > line.start {
            text.push_str(CUT);
        }
        let at_in_text = text.len();
        text.push_str(&source.text[start..end]);
        if end < line.end {
            text.push_str(CUT);
        }
        Shown {
            source: Arc::new(Source::new(source.path.clone(), text)),
            window: Some((start..end, at_in_text)),
        }
    }

    /// Where a span of the file is in what is drawn, if it is drawn.
    fn span(&self, offset: usize, length: usize) -> Option<(usize, usize)> {
        match &self.window {
            None => Some((offset, length)),
            Some((window, at)) => {
                if offset < window.start || offset > window.end {
                    return None;
                }
                let end = (offset + length).min(window.end);
                Some((offset - window.start + at, end - offset))
            }
        }
    }
}

fn view(
    f: &Finding,
    source: Option<Arc<Source>>,
    lookup: &mut dyn FnMut(&Arc<str>) -> Option<Arc<Source>>,
    lang: Lang,
) -> View {
    let shown = source.map(|s| Shown::of(s, &f.span));
    // The underline carries no text: the message stands right above it, and
    // a second copy beside Chinese text only crowds the picture.
    let mut labels = Vec::new();
    let mut related = Vec::new();
    if let Some(span) = shown
        .as_ref()
        .and_then(|s| s.span(f.span.offset, f.span.length))
    {
        labels.push(LabeledSpan::new_primary_with_span(None, span));
    }
    for r in &f.related {
        let here = (r.file == f.file)
            .then(|| shown.as_ref()?.span(r.span.offset, r.span.length))
            .flatten();
        if let Some(span) = here {
            labels.push(LabeledSpan::new_with_span(
                Some(r.message.get(lang).to_string()),
                span,
            ));
        } else {
            // A place on the same file outside the window is named, not drawn.
            let other = if r.file == f.file && shown.is_some() {
                None
            } else {
                lookup(&r.file)
            }
            .map(|o| Shown::of(o, &r.span));
            let span = other
                .as_ref()
                .and_then(|o| o.span(r.span.offset, r.span.length));
            related.push(View {
                message: format!(
                    "{}:{}:{}: {}",
                    r.file,
                    r.span.start.line,
                    r.span.start.column,
                    r.message.get(lang)
                ),
                code: String::new(),
                severity: miette::Severity::Advice,
                help: None,
                labels: span
                    .map(|span| {
                        LabeledSpan::new_primary_with_span(
                            Some(r.message.get(lang).to_string()),
                            span,
                        )
                    })
                    .into_iter()
                    .collect(),
                source: other.filter(|_| span.is_some()).map(|o| named(&o, &r.span)),
                related: Vec::new(),
            });
        }
    }
    View {
        message: super::one_line(f.message.get(lang)).into_owned(),
        code: f.rule.to_string(),
        severity: miette_severity(f.severity),
        help: f.help.as_ref().map(|h| h.get(lang).to_string()),
        source: shown.as_ref().map(|s| named(s, &f.span)),
        labels,
        related,
    }
}

fn handler(style: &Style) -> GraphicalReportHandler {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        .with_context_lines(1)
        .without_primary_span_start()
        .with_show_related_as_nested(true)
}

fn render(view: &View, style: &Style) -> String {
    let mut out = String::new();
    if handler(style).render_report(&mut out, view).is_err() {
        out = format!("{}\n", view.message);
    }
    out
}

/// Each finding drawn with its source lines, then the summary line.
pub struct Human<'a> {
    style: Style,
    lookup: Lookup<'a>,
    /// The other file read last for a related place.
    last_related: Option<(Arc<str>, Option<Arc<Source>>)>,
}

impl<'a> Human<'a> {
    pub fn new(style: Style, lookup: Lookup<'a>) -> Human<'a> {
        Human {
            style,
            lookup,
            last_related: None,
        }
    }
}

impl Reporter for Human<'_> {
    fn file(&mut self, file: &FileView, out: &mut dyn Write) -> io::Result<()> {
        if file.findings.is_empty() {
            return Ok(());
        }
        let source = file.source.cloned().or_else(|| (self.lookup)(file.file));
        // Related places in other files are read once per file in a row,
        // not once per finding (a thousand duplicates of one id).
        let (lookup, last) = (&self.lookup, &mut self.last_related);
        let mut cached = |name: &Arc<str>| -> Option<Arc<Source>> {
            match last {
                Some((n, s)) if n == name => s.clone(),
                _ => {
                    let s = lookup(name);
                    *last = Some((name.clone(), s.clone()));
                    s
                }
            }
        };
        for f in file.findings.iter().take(MAX_DRAWN) {
            let v = view(f, source.clone(), &mut cached, self.style.lang);
            write!(out, "{}", render(&v, &self.style))?;
            writeln!(out)?;
        }
        // Nobody reads a million drawings; the count, the summary and the
        // exit code still hold every finding, and the other formats list them.
        if let Some(more) = file
            .findings
            .len()
            .checked_sub(MAX_DRAWN)
            .filter(|n| *n > 0)
        {
            let line = match self.style.lang {
                Lang::Zh => format!(
                    "{}：另有 {more} 个问题未逐一画出（--format concise 列出全部）",
                    file.file
                ),
                Lang::En => format!(
                    "{}: {more} more findings not drawn (--format concise lists them all)",
                    file.file
                ),
            };
            writeln!(out, "{line}\n")?;
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "{}", super::summary_line(summary, self.style.lang))
    }
}

/// Draw a config error (every problem in huashu.yaml) for stderr.
pub fn render_config_error(err: &ConfigError, style: &Style) -> String {
    let mut out = String::new();
    for (span, message, help) in &err.problems {
        let located = err.source.locate(span);
        let lang = style.lang;
        let v = View {
            message: message.get(lang).to_string(),
            code: "config".into(),
            severity: miette::Severity::Error,
            help: help.as_ref().map(|h| h.get(lang).to_string()),
            source: Some(named(
                &Shown {
                    source: err.source.clone(),
                    window: None,
                },
                &located,
            )),
            labels: vec![LabeledSpan::new_primary_with_span(
                None,
                (located.offset, located.length),
            )],
            related: Vec::new(),
        };
        out.push_str(&render(&v, style));
        out.push('\n');
    }
    out
}
