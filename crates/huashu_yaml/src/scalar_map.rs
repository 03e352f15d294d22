//! Mapping a position inside a scalar's *value* back to the bytes of the
//! *source* that produced it, through quoting, escapes, block indentation and
//! line folding, so that a rule can underline one word inside a value.
//!
//! The value is decoded again from the source slice, remembering for every
//! decoded character the source bytes it came from. The decoding is then
//! compared with the parser's own value: only when they agree exactly is the
//! mapping used. Anything this decoder does not model (an odd indentation
//! indicator, say) therefore falls back to the whole value's span — it is
//! never a wrong underline.

use std::ops::Range;

use super::ScalarStyle;

/// For each character of the value: its byte offset in the value and the
/// source bytes it stands for (empty for characters that folding inserts).
#[derive(Debug, Default)]
pub struct ScalarMap {
    value_offsets: Vec<usize>,
    source: Vec<Range<usize>>,
    value_len: usize,
}

impl ScalarMap {
    /// Build the map for a scalar whose source is `text[span]`. `None` when
    /// the source cannot be decoded to exactly `value`.
    pub fn build(
        text: &str,
        span: Range<usize>,
        style: ScalarStyle,
        value: &str,
    ) -> Option<ScalarMap> {
        let raw = text.get(span.clone())?;
        let mut decoded = Decoded::default();
        match style {
            ScalarStyle::Plain => fold_flow(raw, span.start, &mut decoded, Quote::None),
            ScalarStyle::SingleQuoted => {
                let inner = raw.strip_prefix('\'')?.strip_suffix('\'')?;
                fold_flow(inner, span.start + 1, &mut decoded, Quote::Single);
            }
            ScalarStyle::DoubleQuoted => {
                let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
                fold_flow(inner, span.start + 1, &mut decoded, Quote::Double);
            }
            ScalarStyle::Literal => block(text, span, &mut decoded, false)?,
            ScalarStyle::Folded => block(text, span, &mut decoded, true)?,
        }
        if decoded.text != value {
            return None;
        }
        let mut value_offsets = Vec::with_capacity(decoded.source.len());
        let mut offset = 0;
        for c in decoded.text.chars() {
            value_offsets.push(offset);
            offset += c.len_utf8();
        }
        Some(ScalarMap {
            value_offsets,
            source: decoded.source,
            value_len: value.len(),
        })
    }

    /// The source bytes of `range` (byte offsets into the value), when both
    /// ends fall on characters that come from the source.
    pub fn map(&self, range: Range<usize>) -> Option<Range<usize>> {
        if range.start > range.end || range.end > self.value_len {
            return None;
        }
        let first = self.value_offsets.binary_search(&range.start).ok();
        if range.start == range.end {
            let at = match first {
                Some(i) => self.source.get(i)?.start,
                None => self.source.last()?.end,
            };
            return Some(at..at);
        }
        let first = first?;
        let last = match self.value_offsets.binary_search(&range.end) {
            Ok(i) => i.checked_sub(1)?,
            Err(_) if range.end == self.value_len => self.source.len().checked_sub(1)?,
            Err(_) => return None,
        };
        let start = self.source.get(first)?;
        let end = self.source.get(last)?;
        (start.start <= end.end).then_some(start.start..end.end)
    }
}

/// How a value maps to its source, worked out once per value: a rule may
/// ask for thousands of words of one long value (a finding every few
/// characters of a 4 MB line), and each question must not decode the value
/// again, nor even compare it with its source again.
#[derive(Debug)]
pub enum Mapping {
    /// A one-line plain scalar: the value is its own source.
    Same,
    Map(ScalarMap),
    /// No exact mapping: every word is the whole value.
    Whole,
}

impl Mapping {
    pub fn build(text: &str, span: Range<usize>, style: ScalarStyle, value: &str) -> Mapping {
        if style == ScalarStyle::Plain && text.get(span.clone()) == Some(value) {
            return Mapping::Same;
        }
        match ScalarMap::build(text, span, style, value) {
            Some(map) => Mapping::Map(map),
            None => Mapping::Whole,
        }
    }

    /// `sub_span`, for the value this mapping was built for.
    pub fn sub_span(
        &self,
        span: Range<usize>,
        value: &str,
        range: Range<usize>,
    ) -> (Range<usize>, bool) {
        match self {
            Mapping::Same => {
                if range.end <= value.len()
                    && value.is_char_boundary(range.start)
                    && value.is_char_boundary(range.end)
                {
                    (span.start + range.start..span.start + range.end, true)
                } else {
                    (span, false)
                }
            }
            Mapping::Map(map) => match map.map(range) {
                Some(exact) => (exact, true),
                None => (span, false),
            },
            Mapping::Whole => (span, false),
        }
    }
}

/// Where a word of a value stands in the source: exact when possible, else
/// the whole value's span. The flag says which.
pub fn sub_span(
    text: &str,
    span: Range<usize>,
    style: ScalarStyle,
    value: &str,
    range: Range<usize>,
) -> (Range<usize>, bool) {
    // Fast path: a one-line plain scalar is its own source.
    if style == ScalarStyle::Plain && text.get(span.clone()) == Some(value) {
        if range.end <= value.len()
            && value.is_char_boundary(range.start)
            && value.is_char_boundary(range.end)
        {
            return (span.start + range.start..span.start + range.end, true);
        }
        return (span, false);
    }
    match ScalarMap::build(text, span.clone(), style, value).and_then(|m| m.map(range)) {
        Some(exact) => (exact, true),
        None => (span, false),
    }
}

#[derive(Default)]
struct Decoded {
    text: String,
    source: Vec<Range<usize>>,
}

impl Decoded {
    fn push(&mut self, c: char, source: Range<usize>) {
        self.text.push(c);
        self.source.push(source);
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Quote {
    None,
    Single,
    Double,
}

/// One physical line of a flow scalar: its content range (without the break)
/// relative to the scalar's start.
fn lines(raw: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in raw.match_indices('\n') {
        let end = if i > start && raw.as_bytes().get(i - 1) == Some(&b'\r') {
            i - 1
        } else {
            i
        };
        out.push(start..end);
        start = i + 1;
    }
    out.push(start..raw.len());
    out
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// Plain and quoted scalars: lines are trimmed and joined by folding (one
/// break -> a space, n+1 breaks -> n newlines); quotes add their escapes.
fn fold_flow(raw: &str, base: usize, out: &mut Decoded, quote: Quote) {
    let lines = lines(raw);
    let count = lines.len();
    let mut pending_breaks: Vec<usize> = Vec::new();
    let mut escaped_break = false;
    for (n, line) in lines.iter().enumerate() {
        let mut content = &raw[line.clone()];
        let mut start = line.start;
        if n > 0 {
            let trimmed = content.trim_start_matches(is_blank);
            start += content.len() - trimmed.len();
            content = trimmed;
        }
        if n + 1 < count {
            // Trailing white space before a break is dropped, unless escaped.
            let trimmed = content.trim_end_matches(is_blank);
            let keep_escaped =
                quote == Quote::Double && trimmed.ends_with('\\') && trimmed.len() < content.len();
            if !keep_escaped {
                content = trimmed;
            }
        }
        if n > 0 {
            if content.is_empty() && n + 1 < count {
                pending_breaks.push(base + line.start);
                continue;
            }
            if escaped_break {
                escaped_break = false;
                pending_breaks.clear();
            } else if pending_breaks.is_empty() {
                out.push(' ', base + start..base + start);
            } else {
                for at in pending_breaks.drain(..) {
                    out.push('\n', at..at);
                }
            }
        }
        let at = base + start;
        if quote == Quote::Double
            && content.ends_with('\\')
            && !ends_with_escaped_backslash(content)
            && n + 1 < count
        {
            escaped_break = true;
            decode_double(&content[..content.len() - 1], at, out);
        } else {
            match quote {
                Quote::Double => decode_double(content, at, out),
                Quote::Single => decode_single(content, at, out),
                Quote::None => {
                    for (i, c) in content.char_indices() {
                        out.push(c, at + i..at + i + c.len_utf8());
                    }
                }
            }
        }
    }
}

fn ends_with_escaped_backslash(content: &str) -> bool {
    let slashes = content.bytes().rev().take_while(|&b| b == b'\\').count();
    slashes % 2 == 0
}

fn decode_single(content: &str, at: usize, out: &mut Decoded) {
    let mut chars = content.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\'' && chars.peek().map(|&(_, n)| n) == Some('\'') {
            chars.next();
            out.push('\'', at + i..at + i + 2);
        } else {
            out.push(c, at + i..at + i + c.len_utf8());
        }
    }
}

fn decode_double(content: &str, at: usize, out: &mut Decoded) {
    let mut chars = content.char_indices();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c, at + i..at + i + c.len_utf8());
            continue;
        }
        let Some((j, e)) = chars.next() else {
            return;
        };
        let simple = match e {
            '0' => Some('\0'),
            'a' => Some('\u{7}'),
            'b' => Some('\u{8}'),
            't' | '\t' => Some('\t'),
            'n' => Some('\n'),
            'v' => Some('\u{b}'),
            'f' => Some('\u{c}'),
            'r' => Some('\r'),
            'e' => Some('\u{1b}'),
            ' ' => Some(' '),
            '"' => Some('"'),
            '/' => Some('/'),
            '\\' => Some('\\'),
            'N' => Some('\u{85}'),
            '_' => Some('\u{a0}'),
            'L' => Some('\u{2028}'),
            'P' => Some('\u{2029}'),
            _ => None,
        };
        if let Some(s) = simple {
            out.push(s, at + i..at + j + e.len_utf8());
            continue;
        }
        let digits = match e {
            'x' => 2,
            'u' => 4,
            'U' => 8,
            _ => return,
        };
        let hex_start = j + 1;
        let Some(hex) = content.get(hex_start..hex_start + digits) else {
            return;
        };
        let Ok(code) = u32::from_str_radix(hex, 16) else {
            return;
        };
        for _ in 0..digits {
            chars.next();
        }
        let end = at + hex_start + digits;
        match char::from_u32(code) {
            Some(decoded) => out.push(decoded, at + i..end),
            // A surrogate pair: the high half is joined with the low half that follows.
            None if (0xD800..0xDC00).contains(&code) => {
                let rest = &content[hex_start + digits..];
                let Some(low_hex) = rest.strip_prefix("\\u").and_then(|r| r.get(..4)) else {
                    return;
                };
                let Ok(low) = u32::from_str_radix(low_hex, 16) else {
                    return;
                };
                let joined = 0x10000 + ((code - 0xD800) << 10) + (low.wrapping_sub(0xDC00) & 0x3FF);
                for _ in 0..6 {
                    chars.next();
                }
                if let Some(decoded) = char::from_u32(joined) {
                    out.push(decoded, at + i..end + 6);
                }
            }
            None => return,
        }
    }
}

/// Literal (`|`) and folded (`>`) block scalars. The parser's span starts at
/// the first content character, so the header (`|-`, `>+` …) and the
/// indentation are read from the lines before it.
fn block(text: &str, span: Range<usize>, out: &mut Decoded, folded: bool) -> Option<()> {
    // The body starts on the line after the header: walk back over the
    // content line's indentation and any blank lines before it.
    let mut body_start = text.get(..span.start)?.rfind('\n').map_or(0, |i| i + 1);
    loop {
        let before = text.get(..body_start.checked_sub(1)?)?;
        let prev_start = before.rfind('\n').map_or(0, |i| i + 1);
        let prev = &text[prev_start..body_start - 1];
        if prev.trim().is_empty() && prev_start > 0 {
            body_start = prev_start;
        } else {
            break;
        }
    }
    let header_line = text.get(..body_start.checked_sub(1)?)?;
    let header_line = &header_line[header_line.rfind('\n').map_or(0, |i| i + 1)..];
    let header_line = header_line.trim_end_matches('\r');
    // The indicator is the last `|` or `>` outside a trailing comment.
    let code = match header_line.find(" #") {
        Some(i) => &header_line[..i],
        None => header_line,
    };
    let indicator_at = code.rfind(if folded { '>' } else { '|' })?;
    let indicators = code[indicator_at + 1..].trim_end();
    let chomp = if indicators.contains('-') {
        Chomp::Strip
    } else if indicators.contains('+') {
        Chomp::Keep
    } else {
        Chomp::Clip
    };
    if indicators.chars().any(|c| c.is_ascii_digit()) {
        // Explicit indentation is relative to the parent's indentation, which
        // the scalar's span does not show: leave it to the fallback.
        return None;
    }
    let raw = text.get(..span.end)?;
    let body = &raw[body_start..];
    let lines: Vec<Range<usize>> = lines(body)
        .into_iter()
        .map(|r| r.start + body_start..r.end + body_start)
        .collect();
    let indent = lines
        .iter()
        .map(|r| &raw[r.clone()])
        .find(|l| !l.trim_start_matches(' ').is_empty())
        .map_or(0, |l| l.len() - l.trim_start_matches(' ').len());

    // (content of the line after the indentation, or None for an empty line; break position)
    let mut content_lines: Vec<(Option<Range<usize>>, usize)> = Vec::new();
    for r in &lines {
        let line = &raw[r.clone()];
        let spaces = line.len() - line.trim_start_matches(' ').len();
        let content = if spaces >= indent && line.len() > indent {
            Some(r.start + indent..r.end)
        } else if line.trim_start_matches(' ').is_empty() {
            None
        } else {
            return None;
        };
        content_lines.push((content, r.end));
    }
    // The span's last "line" after the final break is empty: it is not content.
    if raw.ends_with('\n') {
        content_lines.pop();
    }

    let mut prev_text_line = false; // previous non-empty line was a normal (not more-indented) line
    let mut pending: Vec<usize> = Vec::new(); // breaks not yet emitted
    let mut seen_content = false;
    for (content, break_at) in &content_lines {
        match content {
            Some(r) => {
                let text = &raw[r.clone()];
                let more_indented = text.starts_with([' ', '\t']);
                if seen_content {
                    if folded && prev_text_line && !more_indented {
                        // the first break folds: to a space when alone, dropped before empty lines
                        if pending.len() == 1 {
                            out.push(' ', pending[0]..pending[0]);
                        } else {
                            for at in &pending[1..] {
                                out.push('\n', *at..*at);
                            }
                        }
                    } else {
                        for at in &pending {
                            out.push('\n', break_span(raw, *at));
                        }
                    }
                } else {
                    for at in &pending {
                        out.push('\n', break_span(raw, *at));
                    }
                }
                pending.clear();
                for (i, c) in text.char_indices() {
                    let at = r.start + i;
                    out.push(c, at..at + c.len_utf8());
                }
                seen_content = true;
                prev_text_line = !more_indented;
                pending.push(*break_at);
            }
            None => pending.push(*break_at),
        }
    }
    match chomp {
        Chomp::Strip => {}
        Chomp::Clip => {
            if seen_content {
                if let Some(at) = pending.first() {
                    out.push('\n', break_span(raw, *at));
                } else {
                    out.push('\n', raw.len()..raw.len());
                }
            }
        }
        Chomp::Keep => {
            for at in &pending {
                out.push('\n', break_span(raw, *at));
            }
        }
    }
    Some(())
}

enum Chomp {
    Strip,
    Clip,
    Keep,
}

/// The source bytes of a line break at `at`: `\n`, `\r\n`, or nothing at
/// the end of the input (where YAML still reads a break).
fn break_span(text: &str, at: usize) -> Range<usize> {
    let rest = text.get(at..).unwrap_or("");
    let len = if rest.starts_with("\r\n") {
        2
    } else if rest.starts_with('\n') {
        1
    } else {
        0
    };
    at..at + len
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{parse, Node};

    /// Parse `doc`, take the value of key `k`, find `word` in it and return the
    /// source text the mapped span covers.
    fn underline(doc: &str, word: &str) -> (String, bool) {
        let parsed = parse(doc);
        let root = parsed.root.expect("parses");
        let (_, v): &(Node, Node) = root.get("k").expect("key k");
        let s = v.as_scalar().unwrap();
        let at = s.value.find(word).expect("word in value");
        let (span, exact) = sub_span(doc, v.span.clone(), s.style, &s.value, at..at + word.len());
        (doc[span].to_string(), exact)
    }

    #[test]
    fn plain_single_line() {
        assert_eq!(
            underline("k: 您好，工号{agent_id}\n", "{agent_id}"),
            ("{agent_id}".into(), true)
        );
    }

    #[test]
    fn plain_multi_line_folds() {
        let doc = "k: 第一行\n  第二行{bnak}结束\n";
        assert_eq!(underline(doc, "{bnak}"), ("{bnak}".into(), true));
        assert_eq!(underline(doc, "行 第").0, "行\n  第");
    }

    #[test]
    fn double_quoted_with_escapes() {
        let doc = "k: \"\\u4f60好,\\t{x}\\\"引号\\\"\"\n";
        assert_eq!(underline(doc, "你").0, "\\u4f60");
        assert_eq!(underline(doc, "{x}"), ("{x}".into(), true));
        assert_eq!(underline(doc, "\"引号\"").0, "\\\"引号\\\"");
    }

    #[test]
    fn double_quoted_line_continuation() {
        let doc = "k: \"前半\\\n    后半,{y}\"\n";
        assert_eq!(underline(doc, "半后").0, "半\\\n    后");
        assert_eq!(underline(doc, ",").0, ",");
    }

    #[test]
    fn single_quoted_doubles_quotes() {
        let doc = "k: '它''s {z}'\n";
        assert_eq!(underline(doc, "'s").0, "''s");
        assert_eq!(underline(doc, "{z}").0, "{z}");
    }

    #[test]
    fn literal_block() {
        let doc = "k: |\n  第一句。\n  第二句{bad}。\n";
        assert_eq!(underline(doc, "{bad}"), ("{bad}".into(), true));
        let crlf = "k: |\r\n  第一句。\r\n  第二句{bad}。\r\n";
        assert_eq!(underline(crlf, "{bad}"), ("{bad}".into(), true));
    }

    #[test]
    fn folded_block() {
        let doc = "k: >\n  第一句，\n  第二句{bad}。\n\n  新段落\n";
        assert_eq!(underline(doc, "{bad}"), ("{bad}".into(), true));
        assert_eq!(underline(doc, "新段落"), ("新段落".into(), true));
    }

    #[test]
    fn keep_and_strip_chomping() {
        assert_eq!(underline("k: |-\n  a{b}c\n", "{b}"), ("{b}".into(), true));
        assert_eq!(underline("k: |+\n  a{b}c\n\n", "{b}"), ("{b}".into(), true));
    }

    #[test]
    fn unmodelled_input_falls_back_to_whole_value() {
        let doc = "k: |2\n   indented {q}\n";
        let (text, exact) = underline(doc, "{q}");
        assert!(!exact);
        assert!(text.contains("{q}"));
    }
}

#[cfg(test)]
mod regressions {
    use super::*;
    use crate::parse;

    /// Found by the `load` fuzz target: a block scalar at the top level.
    #[test]
    fn top_level_block_scalar_stays_in_bounds() {
        let text = "|\nppt: ";
        let parsed = parse(text);
        if let Some(root) = parsed.root {
            let s = root.as_scalar().unwrap();
            let (span, _) = sub_span(text, root.span.clone(), s.style, &s.value, 0..s.value.len());
            assert!(span.start <= span.end && span.end <= text.len(), "{span:?}");
        }
    }
}
