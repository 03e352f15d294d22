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

/// A source file as miette reads it, without copying its text.
#[derive(Debug, Clone)]
struct Text(Arc<Source>);

impl SourceCode for Text {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        self.0
            .text
            .as_str()
            .read_span(span, context_lines_before, context_lines_after)
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
fn named(source: &Arc<Source>, at: &Located) -> NamedSource<Text> {
    let name = format!("{}:{}:{}", source.path, at.start.line, at.start.column);
    NamedSource::new(name, Text(source.clone()))
}

fn view(f: &Finding, source: Option<Arc<Source>>, lookup: &Lookup, lang: Lang) -> View {
    // The underline carries no text: the message stands right above it, and
    // a second copy beside Chinese text only crowds the picture.
    let label = LabeledSpan::new_primary_with_span(None, (f.span.offset, f.span.length));
    let mut labels = Vec::new();
    let mut related = Vec::new();
    if source.is_some() {
        labels.push(label);
    }
    for r in &f.related {
        if r.file == f.file && source.is_some() {
            labels.push(LabeledSpan::new_with_span(
                Some(r.message.get(lang).to_string()),
                (r.span.offset, r.span.length),
            ));
        } else {
            let other = lookup(&r.file);
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
                labels: other
                    .is_some()
                    .then(|| {
                        LabeledSpan::new_primary_with_span(
                            Some(r.message.get(lang).to_string()),
                            (r.span.offset, r.span.length),
                        )
                    })
                    .into_iter()
                    .collect(),
                source: other.as_ref().map(|o| named(o, &r.span)),
                related: Vec::new(),
            });
        }
    }
    View {
        message: f.message.get(lang).to_string(),
        code: f.rule.to_string(),
        severity: miette_severity(f.severity),
        help: f.help.as_ref().map(|h| h.get(lang).to_string()),
        source: source.as_ref().map(|s| named(s, &f.span)),
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
}

impl<'a> Human<'a> {
    pub fn new(style: Style, lookup: Lookup<'a>) -> Human<'a> {
        Human { style, lookup }
    }
}

impl Reporter for Human<'_> {
    fn file(&mut self, file: &FileView, out: &mut dyn Write) -> io::Result<()> {
        if file.findings.is_empty() {
            return Ok(());
        }
        let source = file.source.cloned().or_else(|| (self.lookup)(file.file));
        for f in file.findings {
            let v = view(f, source.clone(), &self.lookup, self.style.lang);
            write!(out, "{}", render(&v, &self.style))?;
            writeln!(out)?;
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
            source: Some(named(&err.source, &located)),
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
