//! One loaded file: its display path, its text, and a line index that turns
//! byte offsets into 1-based lines and 1-based columns counted in characters.
//!
//! Offsets are always byte offsets into the file as it is on disk, BOM
//! included, so that fixes and spans agree with editors; the BOM is simply not
//! counted as a column.
//!
//! Inside the engine a position is a byte offset. At the edge it becomes a
//! line and a column counted the way the reader counts: `LineIndex` turns an
//! offset into a column in UTF-8 bytes, characters or UTF-16 code units
//! (editors speaking LSP and JavaScript count UTF-16: 𠮷 is two units, one
//! character, four bytes), and back.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// A position for humans and machine formats: 1-based line, 1-based column in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    /// The column counted in UTF-8 bytes (1-based), for formats that want bytes (rdjson).
    pub byte_column: usize,
}

/// A byte span with both ends already turned into positions.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Located {
    pub offset: usize,
    pub length: usize,
    pub start: Position,
    /// Exclusive end: the position just after the last character.
    pub end: Position,
}

/// How a column is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PositionEncoding {
    /// UTF-8 bytes (rdjson, byte-oriented tools).
    Utf8,
    /// Characters (Unicode scalar values): what people and huashu's reports count.
    Chars,
    /// UTF-16 code units: LSP's default, JavaScript's strings.
    Utf16,
}

impl PositionEncoding {
    /// How long `text` is in this encoding's units.
    pub fn units(self, text: &str) -> usize {
        match self {
            PositionEncoding::Utf8 => text.len(),
            PositionEncoding::Chars => text.chars().count(),
            PositionEncoding::Utf16 => text.encode_utf16().count(),
        }
    }
}

/// A 0-based line and a 0-based column in some `PositionEncoding`, as LSP
/// counts (huashu's reports show both 1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct LineColumn {
    pub line: usize,
    pub column: usize,
}

/// Where each line of a text starts: the one structure behind every
/// conversion between byte offsets and lines and columns.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// The byte offset of each line's start; the first line starts after a BOM.
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![if text.starts_with(BOM) { BOM.len() } else { 0 }];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// The 0-based line `offset` falls on.
    fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// `offset` (clamped into `text` and onto a character boundary) as a
    /// line and a column counted in `encoding`.
    pub fn position(&self, text: &str, offset: usize, encoding: PositionEncoding) -> LineColumn {
        let offset = clamp(text, offset);
        let line = self.line_of(offset);
        let start = self.starts.get(line).copied().unwrap_or(0).min(offset);
        let before = text.get(start..offset).unwrap_or("");
        LineColumn {
            line,
            column: encoding.units(before),
        }
    }

    /// The byte offset of a line and column counted in `encoding`: past the
    /// end of its line, the line's end; inside a character (a UTF-16 column
    /// between the halves of 𠮷), that character's start.
    pub fn offset(&self, text: &str, at: LineColumn, encoding: PositionEncoding) -> usize {
        let Some(&start) = self.starts.get(at.line) else {
            return text.len();
        };
        let end = self
            .starts
            .get(at.line + 1)
            .map_or(text.len(), |next| next - 1);
        let line = text.get(start..end.max(start)).unwrap_or("");
        let mut counted = 0;
        for (i, c) in line.char_indices() {
            let width = match encoding {
                PositionEncoding::Utf8 => c.len_utf8(),
                PositionEncoding::Chars => 1,
                PositionEncoding::Utf16 => c.len_utf16(),
            };
            if counted + width > at.column {
                return start + i;
            }
            counted += width;
        }
        start + line.len()
    }
}

/// An offset clamped into `text` and onto a character boundary.
fn clamp(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[derive(Debug)]
pub struct Source {
    /// Path as shown to users: relative to the working directory where possible, `/`-separated.
    pub path: Arc<str>,
    pub text: String,
    lines: LineIndex,
    /// How many characters come before every `MARK_STEP`-th byte, built the
    /// first time a position falls far into a long line: a column is then
    /// counted from the nearest mark, not from the start of its line, so a
    /// 4 MB line with a finding every few characters stays linear.
    char_marks: OnceLock<Vec<usize>>,
}

const BOM: &str = "\u{feff}";

/// Bytes between two character-count marks; also the longest stretch a
/// column is counted over directly.
const MARK_STEP: usize = 64;

/// Characters in `bytes`, which may start or end inside a character: the
/// bytes that are not UTF-8 continuation bytes.
fn chars_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| (**b & 0xC0) != 0x80).count()
}

impl Source {
    pub fn new(path: Arc<str>, text: String) -> Source {
        Source {
            path,
            lines: LineIndex::new(&text),
            text,
            char_marks: OnceLock::new(),
        }
    }

    pub fn has_bom(&self) -> bool {
        self.text.starts_with(BOM)
    }

    /// Clamp an offset into the text and onto a character boundary, so that a
    /// span can never split a character or point past the end.
    pub fn clamp(&self, offset: usize) -> usize {
        clamp(&self.text, offset)
    }

    /// The file's line index, for positions in other encodings.
    pub fn line_index(&self) -> &LineIndex {
        &self.lines
    }

    /// `offset` as a 0-based line and column counted in `encoding`.
    pub fn line_column(&self, offset: usize, encoding: PositionEncoding) -> LineColumn {
        self.lines.position(&self.text, offset, encoding)
    }

    pub fn position(&self, offset: usize) -> Position {
        let offset = self.clamp(offset);
        let line_index = self.lines.line_of(offset);
        let line_start = self.lines.starts.get(line_index).copied().unwrap_or(0);
        let column = self.chars_between(line_start.min(offset), offset);
        Position {
            line: line_index + 1,
            column: column + 1,
            byte_column: offset.saturating_sub(line_start) + 1,
        }
    }

    /// Characters in `text[from..to]` (both on character boundaries).
    fn chars_between(&self, from: usize, to: usize) -> usize {
        let bytes = self.text.as_bytes();
        if to - from <= MARK_STEP {
            return bytes.get(from..to).map_or(0, chars_in);
        }
        self.chars_before(to) - self.chars_before(from)
    }

    /// Characters in `text[..at]`, from the nearest mark.
    fn chars_before(&self, at: usize) -> usize {
        let bytes = self.text.as_bytes();
        let marks = self.char_marks.get_or_init(|| {
            let mut marks = Vec::with_capacity(bytes.len() / MARK_STEP + 1);
            let mut count = 0;
            marks.push(0);
            for block in bytes.chunks_exact(MARK_STEP) {
                count += chars_in(block);
                marks.push(count);
            }
            marks
        });
        let mark = at / MARK_STEP;
        let base = marks.get(mark).copied().unwrap_or(0);
        base + bytes.get(mark * MARK_STEP..at).map_or(0, chars_in)
    }

    pub fn locate(&self, span: &Range<usize>) -> Located {
        let start = self.clamp(span.start);
        let end = self.clamp(span.end.max(start));
        Located {
            offset: start,
            length: end - start,
            start: self.position(start),
            end: self.position(end),
        }
    }

    /// The 1-based line number an offset falls on.
    pub fn line_of(&self, offset: usize) -> usize {
        self.position(offset).line
    }

    /// Byte range of a 1-based line, without its line break.
    pub fn line_range(&self, line: usize) -> Range<usize> {
        let start = self
            .lines
            .starts
            .get(line.wrapping_sub(1))
            .copied()
            .unwrap_or(self.text.len());
        let end = self
            .lines
            .starts
            .get(line)
            .map_or(self.text.len(), |next| next - 1);
        let end = if self.text.as_bytes().get(end.wrapping_sub(1)) == Some(&b'\r') && end > start {
            end - 1
        } else {
            end
        };
        start..end.max(start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> Source {
        Source::new("t.yaml".into(), text.to_string())
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let s = src("id: 话术\nsay: 您好，世界\n");
        let off = s.text.find("世界").unwrap();
        assert_eq!((s.position(off).line, s.position(off).column), (2, 9));
    }

    #[test]
    fn bom_is_not_a_column() {
        let s = src("\u{feff}id: x\n");
        assert_eq!((s.position(3).line, s.position(3).column), (1, 1));
        assert_eq!((s.position(7).line, s.position(7).column), (1, 5));
    }

    #[test]
    fn crlf_lines() {
        let s = src("a: 1\r\nb: 您\r\n");
        let off = s.text.find('您').unwrap();
        assert_eq!((s.position(off).line, s.position(off).column), (2, 4));
        assert_eq!(&s.text[s.line_range(2)], "b: 您");
    }

    #[test]
    fn columns_on_a_long_line_agree_with_counting() {
        let line: String = "您好a，𝄞b".repeat(200);
        let s = src(&format!("x: 1\nsay: {line}\n"));
        let start = s.text.find("say").unwrap();
        for (i, (off, _)) in s.text[start..].char_indices().enumerate() {
            let p = s.position(start + off);
            assert_eq!((p.line, p.column), (2, i + 1), "at {off}");
        }
    }

    #[test]
    fn columns_in_every_encoding() {
        // 𠮷: one character, two UTF-16 units, four bytes; 😀 the same;
        // 您: one character, one unit, three bytes.
        let s = src("id: 𠮷\nsay: 您😀好\n");
        let at = |needle: &str, encoding| s.line_column(s.text.find(needle).unwrap(), encoding);
        use PositionEncoding::{Chars, Utf16, Utf8};
        assert_eq!(at("好", Chars), LineColumn { line: 1, column: 7 });
        assert_eq!(at("好", Utf16), LineColumn { line: 1, column: 8 });
        assert_eq!(
            at("好", Utf8),
            LineColumn {
                line: 1,
                column: 12
            }
        );
        assert_eq!(at("\nsay", Utf16), LineColumn { line: 0, column: 6 });
        assert_eq!(at("\nsay", Chars), LineColumn { line: 0, column: 5 });
        // The reports' 1-based columns are the same count.
        let off = s.text.find("好").unwrap();
        let p = s.position(off);
        let c = s.line_column(off, Chars);
        assert_eq!(
            (p.line, p.column, p.byte_column),
            (c.line + 1, c.column + 1, 13)
        );
        // And back: every character's offset from its column, in every encoding.
        for (off, _) in s.text.char_indices() {
            for encoding in [Utf8, Chars, Utf16] {
                let lc = s.line_column(off, encoding);
                assert_eq!(
                    s.line_index().offset(&s.text, lc, encoding),
                    off,
                    "{off} {encoding:?}"
                );
            }
        }
        // A UTF-16 column between 𠮷's halves lands on 𠮷; past a line's end, on its end.
        let kichi = s.text.find('𠮷').unwrap();
        let lines = s.line_index();
        assert_eq!(
            lines.offset(&s.text, LineColumn { line: 0, column: 5 }, Utf16),
            kichi
        );
        assert_eq!(
            lines.offset(
                &s.text,
                LineColumn {
                    line: 0,
                    column: 99
                },
                Utf16
            ),
            kichi + 4
        );
        assert_eq!(
            lines.offset(&s.text, LineColumn { line: 9, column: 0 }, Utf16),
            s.text.len()
        );
    }

    #[test]
    fn a_bom_is_no_column_in_any_encoding() {
        let s = src("\u{feff}a: 𠮷\n");
        let off = s.text.find('𠮷').unwrap();
        let lc = s.line_column(off, PositionEncoding::Utf16);
        assert_eq!(lc, LineColumn { line: 0, column: 3 });
        assert_eq!(
            s.line_index().offset(&s.text, lc, PositionEncoding::Utf16),
            off
        );
    }

    #[test]
    fn offsets_are_clamped_to_char_boundaries() {
        let s = src("您好");
        assert_eq!(s.clamp(1), 0);
        assert_eq!(s.clamp(100), 6);
        assert_eq!((s.position(100).line, s.position(100).column), (1, 3));
    }
}
