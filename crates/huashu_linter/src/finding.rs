//! Findings are data: what rule, where, what is wrong, what to write instead.
//! Rules produce them and never print; reporters draw them. Every text a
//! user reads exists in Chinese and English (`Msg`), chosen at report time.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

use crate::source::{Located, Source};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Severity::Error, Lang::Zh) => "错误",
            (Severity::Warning, Lang::Zh) => "警告",
            (Severity::Info, Lang::Zh) => "提示",
            (s, Lang::En) => s.as_str(),
        }
    }
}

/// The language a text is shown in; every text exists in both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    Zh,
    #[default]
    En,
}

/// A text in both languages. Texts without arguments are borrowed from the
/// binary, so the many findings of a large run share them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Msg {
    pub zh: Cow<'static, str>,
    pub en: Cow<'static, str>,
}

/// A formatted text, borrowed when it has no arguments.
pub fn text(args: std::fmt::Arguments) -> Cow<'static, str> {
    match args.as_str() {
        Some(s) => Cow::Borrowed(s),
        None => Cow::Owned(args.to_string()),
    }
}

impl Msg {
    pub fn new(zh: impl Into<Cow<'static, str>>, en: impl Into<Cow<'static, str>>) -> Msg {
        Msg {
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// `msg!(zh: "…{x}…", en: "…{x}…")`: both languages are required by the macro's shape.
#[macro_export]
macro_rules! msg {
    (zh: $zh:expr, en: $en:expr $(,)?) => {
        $crate::finding::Msg::new(
            $crate::finding::text(format_args!($zh)),
            $crate::finding::text(format_args!($en)),
        )
    };
}

/// Another place that explains the finding (the first definition of a duplicate id …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub file: Arc<str>,
    pub span: Located,
    pub message: Msg,
}

/// One replacement of source bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Range<usize>,
    pub replacement: String,
}

/// Whether a fix keeps the meaning (`--fix`) or may change it (`--unsafe-fixes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Safety {
    Safe,
    Unsafe,
}

/// A fix: edits on the file's bytes, offered only where the span maps exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub safety: Safety,
    pub edits: Vec<Edit>,
    pub description: Msg,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub file: Arc<str>,
    pub span: Located,
    pub message: Msg,
    pub help: Option<Msg>,
    pub related: Vec<Related>,
    /// Boxed: few findings have one, and a large run holds many findings.
    pub fix: Option<Box<Fix>>,
    /// The offending text (at most 100 characters): with file and rule, the
    /// finding's identity in baselines and fingerprints, which edits
    /// elsewhere in the file do not change.
    pub excerpt: String,
}

impl Finding {
    /// The sort key that makes output independent of thread timing (the
    /// message breaks the tie between two findings of one rule at one place).
    pub fn sort_key(&self) -> (&str, usize, &str, usize, &str) {
        (
            &self.file,
            self.span.offset,
            self.rule,
            self.span.length,
            &self.message.en,
        )
    }
}

/// What a rule hands back: a finding not yet placed in a file's severity.
/// Rules build these through `Sink`, which locates spans in the source.
pub struct Sink<'a> {
    pub source: &'a Source,
    findings: Vec<Finding>,
    /// Per rule: how many findings it reported in this file, and where the
    /// first one past `MAX_PER_RULE` was.
    counts: Vec<(&'static crate::rules::RuleMeta, usize, Option<Range<usize>>)>,
    /// What `report` hands back for a finding past the limit: filled in by
    /// the rule, then dropped.
    overflow: Option<Finding>,
}

/// The most findings one rule lists for one file. A 4 MB line can hold a
/// million hits: listing them all costs seconds and a report of hundreds of
/// megabytes that nobody reads. The rest are counted, and one more finding
/// says how many were left out.
pub const MAX_PER_RULE: usize = 1000;

impl<'a> Sink<'a> {
    pub fn new(source: &'a Source) -> Sink<'a> {
        Sink {
            source,
            findings: Vec::new(),
            counts: Vec::new(),
            overflow: None,
        }
    }

    /// The findings, with one notice per rule that reported more than
    /// `MAX_PER_RULE` (at the first finding left out).
    pub fn into_findings(mut self) -> Vec<Finding> {
        for (rule, count, first) in std::mem::take(&mut self.counts) {
            let (Some(span), Some(more)) = (first, count.checked_sub(MAX_PER_RULE)) else {
                continue;
            };
            let (id, max) = (rule.id, MAX_PER_RULE);
            let notice = msg!(zh: "这个文件还有 {more} 条 `{id}` 问题未列出（每条规则每个文件最多列出 {max} 条）", en: "{more} more `{id}` findings in this file are not listed (at most {max} per rule per file)");
            let located = self.source.locate(&span);
            self.findings.push(Finding::new(
                rule,
                self.source.path.clone(),
                located,
                notice,
                "",
            ));
        }
        self.findings
    }

    /// Count one more finding of `rule`: whether it is listed (at most
    /// `MAX_PER_RULE` per rule), else where the first one left out was.
    fn admit(
        &mut self,
        rule: &'static crate::rules::RuleMeta,
        span: impl FnOnce() -> Range<usize>,
    ) -> bool {
        let k = match self
            .counts
            .iter()
            .position(|(r, _, _)| std::ptr::eq(*r, rule))
        {
            Some(k) => k,
            None => {
                self.counts.push((rule, 0, None));
                self.counts.len() - 1
            }
        };
        let (_, count, first) = &mut self.counts[k];
        *count += 1;
        if *count <= MAX_PER_RULE {
            return true;
        }
        if first.is_none() {
            *first = Some(span());
        }
        false
    }

    /// Report a finding whose span and message cost something to work out
    /// (a rule that can hit a million times on one line): they are worked
    /// out only for a finding that will be listed.
    pub fn report_with(
        &mut self,
        rule: &'static crate::rules::RuleMeta,
        span: impl Fn() -> Range<usize>,
        message: impl FnOnce() -> Msg,
    ) -> Option<&mut Finding> {
        if !self.admit(rule, &span) {
            return None;
        }
        Some(self.push(rule, span(), message()))
    }

    /// Report `rule` at `span` of this file. Severity is the rule's default;
    /// the engine applies the config's override afterwards.
    pub fn report(
        &mut self,
        rule: &'static crate::rules::RuleMeta,
        span: Range<usize>,
        message: Msg,
    ) -> &mut Finding {
        if !self.admit(rule, || span.clone()) {
            return self.overflow.insert(Finding::new(
                rule,
                self.source.path.clone(),
                crate::source::Located::default(),
                message,
                "",
            ));
        }
        self.push(rule, span, message)
    }

    fn push(
        &mut self,
        rule: &'static crate::rules::RuleMeta,
        span: Range<usize>,
        message: Msg,
    ) -> &mut Finding {
        let located = self.source.locate(&span);
        let excerpt = self
            .source
            .text
            .get(located.offset..located.offset + located.length)
            .unwrap_or("");
        self.findings.push(Finding::new(
            rule,
            self.source.path.clone(),
            located,
            message,
            excerpt,
        ));
        let last = self.findings.len() - 1;
        &mut self.findings[last]
    }
}

impl Finding {
    /// A finding of `rule` at its default severity.
    pub fn new(
        rule: &'static crate::rules::RuleMeta,
        file: Arc<str>,
        span: Located,
        message: Msg,
        excerpt: &str,
    ) -> Finding {
        Finding {
            excerpt: excerpt.chars().take(100).collect(),
            rule: rule.id,
            severity: rule.severity,
            file,
            span,
            message,
            help: None,
            related: Vec::new(),
            fix: None,
        }
    }

    pub fn fix(&mut self, fix: Fix) -> &mut Finding {
        self.fix = Some(Box::new(fix));
        self
    }

    pub fn help(&mut self, help: Msg) -> &mut Finding {
        self.help = Some(help);
        self
    }

    pub fn related(&mut self, related: Related) -> &mut Finding {
        self.related.push(related);
        self
    }
}
