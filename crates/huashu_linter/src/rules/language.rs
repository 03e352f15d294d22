//! Shared by the language rules (not a rule itself): the texts they read.
//! Language rules read literal text only: a script's own lines, and each
//! snippet once, where it is defined (FORMAT.md §3).

use std::borrow::Cow;

use super::FileContext;
use crate::model::{Category, Channel, FileModel, Text};
use crate::text::lexicon::Presence;
use crate::text::placeholder;

pub struct LanguageText<'a> {
    pub text: &'a Text,
    /// The value with placeholders masked (same byte offsets).
    pub masked: Cow<'a, str>,
    pub channel: Channel,
    /// The text belongs to a sales script (sales-only word lists apply).
    pub sales: bool,
    /// Which word lists can match the text at all.
    pub presence: Presence,
}

/// The file's literal spoken texts, worked out once per file.
pub fn language_texts<'c, 'a>(cx: &'c FileContext<'a>) -> &'c [LanguageText<'a>] {
    cx.language_texts.get_or_init(|| find_language_texts(cx))
}

fn find_language_texts<'a>(cx: &FileContext<'a>) -> Vec<LanguageText<'a>> {
    let (channel, sales) = match cx.model {
        FileModel::Script(s) => (cx.channel(s), s.category == Some(Category::Sales)),
        _ => (cx.config.default_channel, false),
    };
    cx.model
        .spoken_texts()
        .into_iter()
        .map(|text| {
            let masked = placeholder::mask(&text.value);
            LanguageText {
                // Scanned unmasked: a placeholder's name can only add lists
                // that may match, so the answer stays a safe pre-filter.
                presence: cx.presence(&text.value),
                masked,
                text,
                channel,
                sales,
            }
        })
        .collect()
}

/// A hit of a language rule inside one text, independent of where the text
/// comes from: a script line (the rule reports it at the line's sub-span)
/// or a call's turn (`huashu calls` reports it on the turn).
#[derive(Debug, Clone)]
pub struct TextHit {
    /// Bytes of the text the rule read.
    pub range: std::ops::Range<usize>,
    pub message: crate::finding::Msg,
    pub help: crate::finding::Msg,
}

/// Report a language rule whose check is a function of one text: every
/// text that `set` may match is checked, and each hit reported at its
/// sub-span of the line.
pub fn report_text_hits(
    cx: &FileContext,
    sink: &mut crate::finding::Sink,
    meta: &'static super::RuleMeta,
    set: impl Fn(&crate::standard::Language) -> &crate::text::lexicon::PhraseSet,
    hits: fn(&str, &crate::standard::Language) -> Vec<TextHit>,
) {
    let lang = &cx.standard().language;
    for t in language_texts(cx)
        .iter()
        .filter(|t| t.presence.may(set(lang)))
    {
        for hit in hits(&t.masked, lang) {
            sink.report(
                meta,
                t.text.sub_span(&cx.source.text, hit.range),
                hit.message,
            )
            .help(hit.help);
        }
    }
}
