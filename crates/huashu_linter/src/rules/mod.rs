//! The rule framework: rule metadata, the `Rule` trait, the contexts rules
//! read, and the registry of every rule (`ALL_RULES`).
//!
//! One rule per file, named after its id. A rule's doc comment is its
//! documentation: `huashu explain` prints it and docs/rules/<id>.md is
//! generated from it. The doc has the Chinese text first, then a line `---`,
//! then the English text.
//!
//! Some structure rules (`yaml-syntax`, `not-utf8`, `schema`,
//! `unreadable-file`) are found while loading a file rather than by a check
//! over the model; their files hold their metadata, docs and tests, and the
//! loader reports under their ids.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use std::ops::Range;

use crate::config::Config;
use crate::finding::{Finding, Related, Severity, Sink};
use crate::model::{Channel, FileModel, Line, Script, Text};
use crate::source::{Located, Source};
use crate::standard::Standard;

mod absolute_promise;
mod callback_confirm;
mod callback_contact;
mod callback_reason;
mod callback_time_window;
mod callback_vague_time;
mod casual_address;
mod clarify_is_question;
mod closing_farewell;
mod closing_further_needs;
mod closing_thanks;
mod complaint_empathy;
mod duplicate_id;
mod elements;
mod empty_line;
mod forbidden_phrase;
mod hold_thanks;
mod honorific_you;
mod jargon_limit;
mod language;
pub(crate) mod not_utf8;
mod opener_agent_id;
mod opener_bank_name;
mod opener_confirm_identity;
mod opener_greeting;
mod opener_offer_help;
mod opener_purpose;
mod pii_literal;
mod placeholder_malformed;
pub mod placeholder_unknown;
mod promise;
mod punctuation_width;
mod sales_risk_disclosure;
pub(crate) mod schema;
mod sensitive_data_request;
mod sentence_length;
mod understand_first;
mod unknown_snippet;
pub(crate) mod unreadable_file;
mod unused_snippet;
pub(crate) mod unused_suppression;
mod vague_commitment;
pub(crate) mod yaml_syntax;

pub use duplicate_id::META as DUPLICATE_ID;
pub use not_utf8::{message as not_utf8_message, META as NOT_UTF8};
pub use schema::META as SCHEMA;
pub use unreadable_file::META as UNREADABLE_FILE;
pub use unused_snippet::META as UNUSED_SNIPPET;
pub use unused_suppression::META as UNUSED_SUPPRESSION;
pub use yaml_syntax::META as YAML_SYNTAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Group {
    Structure,
    Process,
    Callback,
    Language,
    Suppression,
}

impl Group {
    pub fn as_str(self) -> &'static str {
        match self {
            Group::Structure => "structure",
            Group::Process => "process",
            Group::Callback => "callback",
            Group::Language => "language",
            Group::Suppression => "suppression",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Fixable {
    No,
    Safe,
    Unsafe,
}

/// A rule option that huashu.yaml may set under `rules: {id: {name: value}}`.
/// Every option is a positive whole number that changes the effective
/// standard (so `huashu standard` shows it).
#[derive(Debug)]
pub struct RuleOption {
    pub name: &'static str,
    pub doc: (&'static str, &'static str),
    pub apply: fn(&mut crate::standard::StandardData, u64),
}

#[derive(Debug)]
pub struct RuleMeta {
    pub id: &'static str,
    pub group: Group,
    pub severity: Severity,
    pub fix: Fixable,
    pub summary: (&'static str, &'static str),
    /// The rule's doc comment: Chinese, a `---` line, English.
    pub doc: &'static str,
    pub options: &'static [RuleOption],
}

impl RuleMeta {
    /// The doc in one language, with the one leading space of `///` lines removed.
    pub fn doc_in(&self, lang: crate::finding::Lang) -> String {
        let clean: Vec<&str> = self
            .doc
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect();
        let split = clean
            .iter()
            .position(|l| l.trim() == "---")
            .unwrap_or(clean.len());
        let part = match lang {
            crate::finding::Lang::Zh => &clean[..split],
            crate::finding::Lang::En => clean.get(split + 1..).unwrap_or_default(),
        };
        part.join("\n").trim().to_string()
    }

    pub fn summary_in(&self, lang: crate::finding::Lang) -> &'static str {
        match lang {
            crate::finding::Lang::Zh => self.summary.0,
            crate::finding::Lang::En => self.summary.1,
        }
    }
}

/// What a per-file rule reads.
pub struct FileContext<'a> {
    pub source: &'a Source,
    pub model: &'a FileModel,
    pub config: &'a Config,
    /// Every snippet known to the run, for resolving `use:` lines.
    pub snippets: &'a SnippetTable,
    /// The script's callback promises, worked out once for the five callback rules.
    pub(crate) promises: std::cell::OnceCell<Vec<promise::Promise<'a>>>,
    /// The literal texts the language rules read, worked out once for the ten of them.
    pub(crate) language_texts: std::cell::OnceCell<Vec<language::LanguageText<'a>>>,
    /// Which word lists can match each text, by the text's address: a line
    /// read by several rules is scanned for them once. Ordered by address:
    /// cheaper than hashing for a script's few dozen lines, and logarithmic
    /// for a huge file.
    presence: std::cell::RefCell<
        std::collections::BTreeMap<(usize, usize), crate::text::lexicon::Presence>,
    >,
}

impl<'a> FileContext<'a> {
    pub fn new(
        source: &'a Source,
        model: &'a FileModel,
        config: &'a Config,
        snippets: &'a SnippetTable,
    ) -> FileContext<'a> {
        FileContext {
            source,
            model,
            config,
            snippets,
            promises: std::cell::OnceCell::new(),
            language_texts: std::cell::OnceCell::new(),
            presence: std::cell::RefCell::new(std::collections::BTreeMap::new()),
        }
    }

    /// Which of the standard's word lists can match `text` (one scan per text per file).
    pub fn presence(&self, text: &str) -> crate::text::lexicon::Presence {
        let key = (text.as_ptr() as usize, text.len());
        if let Some(p) = self.presence.borrow().get(&key) {
            return *p;
        }
        let p = self.standard().presence.scan(text);
        self.presence.borrow_mut().insert(key, p);
        p
    }

    /// A spoken line's text: its own, or the snippet's it `use:`s (`None`
    /// for a `use:` of an unknown snippet, which unknown-snippet reports).
    pub fn spoken(&self, line: &'a Line) -> Option<Spoken<'a>> {
        match line {
            Line::Text(t) => Some(Spoken {
                text: &t.value,
                origin: Origin::Literal(t),
            }),
            Line::Use { id, span } => self.snippets.get(&id.value).map(|def| Spoken {
                text: &def.text,
                origin: Origin::Snippet {
                    use_span: span.clone(),
                    id: &id.value,
                    def,
                },
            }),
        }
    }

    /// Every line of a list resolved, or `None` when one cannot be (so that
    /// a rule does not report an element "missing" from an unknown snippet).
    pub fn all_spoken(&self, lines: &'a [Line]) -> Option<Vec<Spoken<'a>>> {
        lines.iter().map(|l| self.spoken(l)).collect()
    }

    pub fn channel(&self, script: &Script) -> Channel {
        script.channel.unwrap_or(self.config.default_channel)
    }

    pub fn direction(&self, script: &Script) -> crate::model::Direction {
        script.direction.unwrap_or(self.config.default_direction)
    }

    /// The channel and direction a script's wording is judged for.
    pub fn call(&self, script: &Script) -> crate::standard::Call {
        crate::standard::Call {
            channel: self.channel(script),
            direction: self.direction(script),
        }
    }

    pub fn standard(&self) -> &'a Standard {
        &self.config.standard
    }
}

/// A spoken line with its text resolved.
#[derive(Debug, Clone)]
pub struct Spoken<'a> {
    pub text: &'a str,
    pub origin: Origin<'a>,
}

#[derive(Debug, Clone)]
pub enum Origin<'a> {
    Literal(&'a Text),
    Snippet {
        use_span: Range<usize>,
        id: &'a str,
        def: &'a SnippetDefinition,
    },
}

impl Spoken<'_> {
    /// The source span of `range` (bytes of `text`): exact inside a literal
    /// line; the `use:` line for a snippet's text.
    pub fn span(&self, source: &str, range: Range<usize>) -> Range<usize> {
        match &self.origin {
            Origin::Literal(t) => t.sub_span(source, range),
            Origin::Snippet { use_span, .. } => use_span.clone(),
        }
    }

    /// The whole line's span.
    pub fn line_span(&self) -> Range<usize> {
        match &self.origin {
            Origin::Literal(t) => t.span.clone(),
            Origin::Snippet { use_span, .. } => use_span.clone(),
        }
    }

    /// Where the text comes from, when it is a snippet's.
    pub fn related(&self) -> Option<Related> {
        match &self.origin {
            Origin::Literal(_) => None,
            Origin::Snippet { id, def, .. } => Some(Related {
                file: def.file.clone(),
                span: def.text_span.clone(),
                message: crate::msg!(zh: "共享话术 `{id}` 的文本", en: "the text of snippet `{id}`"),
            }),
        }
    }
}

impl Sink<'_> {
    /// Report at `range` of a spoken line, pointing at the `use:` line (with
    /// the snippet as related information) when the text is a snippet's.
    pub fn report_spoken(
        &mut self,
        rule: &'static RuleMeta,
        spoken: &Spoken,
        range: Range<usize>,
        message: crate::finding::Msg,
    ) -> &mut Finding {
        let span = spoken.span(&self.source.text, range);
        let related = spoken.related();
        let finding = self.report(rule, span, message);
        if let Some(r) = related {
            finding.related(r);
        }
        finding
    }
}

/// A snippet's definition, as the scripts that `use:` it see it.
#[derive(Debug, Clone)]
pub struct SnippetDefinition {
    pub file: Arc<str>,
    /// The id's span in the snippet file.
    pub id_span: Located,
    pub text: String,
    /// The text's span in the snippet file.
    pub text_span: Located,
}

/// Snippet id -> its first definition (in path order).
pub type SnippetTable = std::collections::HashMap<String, SnippetDefinition>;

/// A place an id is defined or used, for the cross-file rules.
#[derive(Debug, Clone)]
pub struct IdEntry {
    pub file: Arc<str>,
    pub id: String,
    pub span: Located,
}

/// What the cross-file rules know when a file's turn comes. Files are
/// finished in path order, so "the first definition" of an id is among the
/// files before; the snippet table and the set of used ids are complete
/// whenever a rule needs them (the check makes sure of it first).
#[derive(Debug, Default)]
pub struct RepoIndex {
    /// Where each script id is first defined, among the files finished so far.
    pub first_scripts: HashMap<String, (Arc<str>, Located)>,
    /// Where each snippet id is first defined, among the files finished so far.
    pub first_snippets: HashMap<String, (Arc<str>, Located)>,
    /// Every snippet the run knows, in scope or not (a pre-commit run that
    /// checks one script still knows the repository's snippets).
    pub known_snippets: SnippetTable,
    /// Every snippet id some script in scope `use:`s.
    pub used: HashSet<String>,
    /// Whether the whole repository is in scope (unused-snippet needs it).
    pub whole_repo: bool,
}

impl RepoIndex {
    /// Remember a finished file's ids (the first definition of an id stays).
    pub fn record(&mut self, ids: &FileIds) {
        let first = |map: &mut HashMap<String, (Arc<str>, Located)>, e: &IdEntry| {
            map.entry(e.id.clone())
                .or_insert_with(|| (e.file.clone(), e.span.clone()));
        };
        if let Some(e) = &ids.script_id {
            first(&mut self.first_scripts, e);
        }
        for e in &ids.snippet_ids {
            first(&mut self.first_snippets, e);
        }
    }
}

/// One file's ids and `use:`s, for the cross-file rules.
#[derive(Debug, Default)]
pub struct FileIds {
    pub script_id: Option<IdEntry>,
    pub snippet_ids: Vec<IdEntry>,
    pub uses: Vec<IdEntry>,
}

pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;

    fn check_file(&self, _cx: &FileContext, _sink: &mut Sink) {}

    /// The cross-file part of the rule, for one file, when its turn comes.
    fn check_repo(&self, _index: &RepoIndex, _file: &FileIds, _out: &mut Vec<Finding>) {}
}

/// Declares a rule: its unit struct and its `META`, with the doc comment as its documentation.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $name:ident {
            id: $id:literal,
            group: $group:ident,
            severity: $severity:ident,
            fix: $fix:ident,
            summary: ($zh:literal, $en:literal) $(,)?
            $(options: $options:expr $(,)?)?
        }
    ) => {
        pub struct $name;

        pub static META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
            id: $id,
            group: $crate::rules::Group::$group,
            severity: $crate::finding::Severity::$severity,
            fix: $crate::rules::Fixable::$fix,
            summary: ($zh, $en),
            doc: concat!($($doc, "\n"),*),
            options: declare_rule!(@options $($options)?),
        };
    };
    (@options) => { &[] };
    (@options $options:expr) => { $options };
}
pub(crate) use declare_rule;

/// Every rule, in catalogue order (RULES.md).
pub static ALL_RULES: &[&dyn Rule] = &[
    &yaml_syntax::YamlSyntax,
    &not_utf8::NotUtf8,
    &unreadable_file::UnreadableFile,
    &schema::Schema,
    &duplicate_id::DuplicateId,
    &unknown_snippet::UnknownSnippet,
    &unused_snippet::UnusedSnippet,
    &placeholder_unknown::PlaceholderUnknown,
    &placeholder_malformed::PlaceholderMalformed,
    &empty_line::EmptyLine,
    &opener_greeting::OpenerGreeting,
    &opener_bank_name::OpenerBankName,
    &opener_agent_id::OpenerAgentId,
    &opener_offer_help::OpenerOfferHelp,
    &opener_confirm_identity::OpenerConfirmIdentity,
    &opener_purpose::OpenerPurpose,
    &closing_further_needs::ClosingFurtherNeeds,
    &closing_thanks::ClosingThanks,
    &closing_farewell::ClosingFarewell,
    &understand_first::UnderstandFirst,
    &complaint_empathy::ComplaintEmpathy,
    &clarify_is_question::ClarifyIsQuestion,
    &hold_thanks::HoldThanks,
    &sales_risk_disclosure::SalesRiskDisclosure,
    &callback_time_window::CallbackTimeWindow,
    &callback_vague_time::CallbackVagueTime,
    &callback_contact::CallbackContact,
    &callback_reason::CallbackReason,
    &callback_confirm::CallbackConfirm,
    &jargon_limit::JargonLimit,
    &forbidden_phrase::ForbiddenPhrase,
    &vague_commitment::VagueCommitment,
    &absolute_promise::AbsolutePromise,
    &casual_address::CasualAddress,
    &honorific_you::HonorificYou,
    &sensitive_data_request::SensitiveDataRequest,
    &pii_literal::PiiLiteral,
    &sentence_length::SentenceLength,
    &punctuation_width::PunctuationWidth,
    &unused_suppression::UnusedSuppression,
];

/// A rule by id: a script rule, or one that only `huashu calls` runs
/// (so that huashu.yaml can set its severity and `explain` shows it).
pub fn find(id: &str) -> Option<&'static dyn Rule> {
    ALL_RULES
        .iter()
        .chain(crate::calls::rules::CALL_RULES)
        .copied()
        .find(|r| r.meta().id == id)
}

/// The text-level part of the rules whose check does not depend on a
/// script's structure, for texts that are not script lines (a call's turns).
pub mod text_checks {
    pub use super::absolute_promise::text_hits as absolute_promise;
    pub use super::casual_address::text_hits as casual_address;
    pub use super::forbidden_phrase::text_hits as forbidden_phrase;
    pub use super::language::TextHit;
    pub use super::pii_literal::{luhn, resident_id};
    pub use super::promise::{windows, Window};
    pub use super::sensitive_data_request::text_hits as sensitive_data_request;
    pub use super::sentence_length::spoken_length;
    pub use super::vague_commitment::text_hits as vague_commitment;
}

/// Where a rule's documentation is published (docs/rules/ID.md), for
/// reports and editors that link to it.
pub fn doc_url(id: &str) -> String {
    format!("https://github.com/huashu-lint/huashu/blob/main/docs/rules/{id}.md")
}

pub fn ids() -> impl Iterator<Item = &'static str> {
    ALL_RULES.iter().map(|r| r.meta().id)
}

#[cfg(test)]
pub(crate) mod testing {
    //! Helpers for the pass/fail lists at the end of each rule file.
    use super::*;
    use crate::check::{check_texts, CheckOptions};

    /// The ids of `rule`'s findings when `files` (path, text) are checked together.
    pub fn findings(rule: &str, files: &[(&str, &str)]) -> Vec<Finding> {
        let config = Config::default();
        let report = check_texts(files, &config, &CheckOptions::default());
        report
            .findings
            .into_iter()
            .filter(|f| f.rule == rule)
            .collect()
    }

    /// Like `findings`, with a huashu.yaml of the given text in force.
    pub fn findings_with_config(rule: &str, files: &[(&str, &str)], config: &str) -> Vec<Finding> {
        let no_standard_files = |_: &std::path::Path| -> Result<
            crate::config::StandardText,
            crate::config::ConfigError,
        > { panic!("the rules' tests name no standard file") };
        let config = Config::from_yaml(
            config.to_string(),
            "huashu.yaml".into(),
            std::path::Path::new("huashu.yaml"),
            &no_standard_files,
        )
        .unwrap_or_else(|e| panic!("config: {:?}", e.problems));
        let report = check_texts(files, &config, &CheckOptions::default());
        report
            .findings
            .into_iter()
            .filter(|f| f.rule == rule)
            .collect()
    }

    pub fn assert_passes(rule: &str, doc: &str) {
        let found = findings(rule, &[("scripts/t.yaml", doc)]);
        assert!(
            found.is_empty(),
            "{rule} should pass:\n{doc}\nfound: {found:#?}"
        );
    }

    /// Asserts `rule` fires on `doc` and returns the underlined source texts.
    pub fn assert_fails(rule: &str, doc: &str) -> Vec<String> {
        let found = findings(rule, &[("scripts/t.yaml", doc)]);
        assert!(!found.is_empty(), "{rule} should fail:\n{doc}");
        found
            .iter()
            .map(|f| {
                doc.get(f.span.offset..f.span.offset + f.span.length)
                    .unwrap_or("")
                    .to_string()
            })
            .collect()
    }

    /// A valid script around the given opener/steps/closing body.
    pub fn script(body: &str) -> String {
        format!("id: t.case\ntitle: 测试\ncategory: service\n{body}")
    }

    /// A valid script whose listen step is followed by a callback step saying `say`.
    pub fn with_callback(say: &str) -> String {
        script(&BODY.replace(
            "    say: 嗯，我明白了。\n",
            &format!("    say: 嗯，我明白了。\n  - stage: callback\n    say: {say}\n"),
        ))
    }

    /// The same, as an outbound call (the bank calls).
    pub fn outbound(body: &str) -> String {
        format!("id: t.case\ntitle: 测试\ndirection: outbound\ncategory: service\n{body}")
    }

    /// A clean outbound body.
    pub const OUTBOUND: &str = "opener:\n  - 您好，我是{bank}客服代表{agent_id}，请问是{customer_title}本人吗？\n  - 来电是想跟您确认一下您上周申请的信用卡额度调整。\nsteps:\n  - stage: listen\n    say: 嗯，好的，我明白了。\nclosing:\n  - 请问您还有其他疑问吗？\n  - 感谢您的接听，祝您生活愉快，再见。\n";

    /// A valid script whose listen step says `say`.
    pub fn with_say(say: &str) -> String {
        script(&BODY.replace("嗯，我明白了。", say))
    }

    pub const BODY: &str = "opener:\n  - 您好，很高兴为您服务，我是{bank}客服代表{agent_id}，请问有什么可以帮到您？\nsteps:\n  - stage: listen\n    say: 嗯，我明白了。\nclosing:\n  - 您还有其他疑问吗？\n  - 感谢您的来电，祝您生活愉快，再见。\n";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_docs_are_bilingual() {
        let mut seen = std::collections::HashSet::new();
        for rule in ALL_RULES {
            let m = rule.meta();
            assert!(seen.insert(m.id), "duplicate id {}", m.id);
            assert!(
                m.id.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{}",
                m.id
            );
            assert!(
                !m.doc_in(crate::finding::Lang::Zh).is_empty(),
                "{} has no zh doc",
                m.id
            );
            assert!(
                !m.doc_in(crate::finding::Lang::En).is_empty(),
                "{} has no en doc",
                m.id
            );
            assert!(
                !m.summary.0.is_empty() && !m.summary.1.is_empty(),
                "{}",
                m.id
            );
        }
    }
}

/// The page docs/rules/<id>.md, generated from the rule's metadata and doc
/// comment (tests/docs.rs fails when a committed page is stale).
pub fn doc_page(meta: &RuleMeta) -> String {
    use crate::finding::Lang;
    let fix = match meta.fix {
        Fixable::No => "—",
        Fixable::Safe => "safe / 安全",
        Fixable::Unsafe => "unsafe / 可能改变含义",
    };
    let mut page = format!(
        "<!-- generated from crates/huashu_linter/src/{}rules/{}.rs by `UPDATE_DOCS=1 cargo test --test docs`; do not edit -->\n# {}\n\n| | |\n|---|---|\n| group / 组 | {} |\n| default severity / 默认级别 | {} |\n| fix / 修复 | {} |\n| summary | {} |\n| 说明 | {} |\n\n",
        if meta.id.starts_with("call-") { "calls/" } else { "" },
        meta.id.replace('-', "_"),
        meta.id,
        meta.group.as_str(),
        meta.severity.as_str(),
        fix,
        meta.summary.1,
        meta.summary.0,
    );
    if !meta.options.is_empty() {
        page.push_str("| option / 选项 | en | zh |\n|---|---|---|\n");
        for o in meta.options {
            page.push_str(&format!("| `{}` | {} | {} |\n", o.name, o.doc.1, o.doc.0));
        }
        page.push('\n');
    }
    let demote = |text: String| text.replace("\n## ", "\n### ").replacen("## ", "### ", 1);
    page.push_str("## 中文\n\n");
    page.push_str(&demote(meta.doc_in(Lang::Zh)));
    page.push_str("\n\n## English\n\n");
    page.push_str(&demote(meta.doc_in(Lang::En)));
    page.push('\n');
    page
}

/// docs/rules/README.md: the index of rule pages.
pub fn doc_index() -> String {
    let mut page = String::from("<!-- generated by `UPDATE_DOCS=1 cargo test --test docs`; do not edit -->\n# Rules / 规则\n\n| rule | group | severity | fix | summary | 说明 |\n|---|---|---|---|---|---|\n");
    for r in ALL_RULES {
        let m = r.meta();
        let fix = match m.fix {
            Fixable::No => "",
            Fixable::Safe => "safe",
            Fixable::Unsafe => "unsafe",
        };
        page.push_str(&format!(
            "| [{id}]({id}.md) | {} | {} | {} | {} | {} |\n",
            m.group.as_str(),
            m.severity.as_str(),
            fix,
            m.summary.1,
            m.summary.0,
            id = m.id
        ));
    }
    page
}
