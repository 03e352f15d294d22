//! Shared by the opener-* and closing-* rules (not a rule itself): is one
//! element of the standard said somewhere in the opener or the closing?

use super::{FileContext, RuleMeta};
use crate::finding::{Related, Sink};
use crate::model::{Direction, FileModel, LineList};
use crate::standard::Element;

#[derive(Clone, Copy)]
pub enum Part {
    Opener,
    Closing,
}

/// Which calls an element is required of.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Calls {
    All,
    Only(Direction),
}

/// Report `element` missing from the script's opener or closing: one
/// finding on the key, the standard's wording as help, and every snippet the
/// part is built from as related information. With `last_line`, only the
/// last line counts.
pub fn check_element(
    cx: &FileContext,
    sink: &mut Sink,
    rule: &'static RuleMeta,
    part: Part,
    element: &Element,
    last_line: bool,
    calls: Calls,
) {
    let FileModel::Script(script) = cx.model else {
        return;
    };
    if let Calls::Only(direction) = calls {
        if cx.direction(script) != direction {
            return;
        }
    }
    let list: Option<&LineList> = match part {
        Part::Opener => script.opener.as_ref(),
        Part::Closing => script.closing.as_ref(),
    };
    let Some(list) = list.filter(|l| !l.lines.is_empty()) else {
        return; // a missing or empty list is schema's to report
    };
    let Some(spoken) = cx.all_spoken(&list.lines) else {
        return; // a use: of an unknown snippet is unknown-snippet's to report
    };
    let call = cx.call(script);
    let considered = if last_line {
        &spoken[spoken.len() - 1..]
    } else {
        &spoken[..]
    };
    if considered.iter().any(|s| element.says(s.text, call)) {
        return;
    }
    let related: Vec<Related> = considered.iter().filter_map(|s| s.related()).collect();
    let finding = sink.report(rule, list.key_span.clone(), element.message.clone());
    let suggestion = element.suggestion(call);
    finding.help(suggestion.clone());
    for r in related {
        finding.related(r);
    }
}
