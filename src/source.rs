//! One loaded file: its display path, its text, and a line index that turns
//! byte offsets into 1-based lines and 1-based columns counted in characters.
//!
//! Offsets are always byte offsets into the file as it is on disk, BOM
//! included, so that fixes and spans agree with editors; the BOM is simply not
//! counted as a column.

use std::ops::Range;
use std::sync::Arc;

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

#[derive(Debug)]
pub struct Source {
    /// Path as shown to users: relative to the working directory where possible, `/`-separated.
    pub path: Arc<str>,
    pub text: String,
    line_starts: Vec<usize>,
}

const BOM: &str = "\u{feff}";

impl Source {
    pub fn new(path: Arc<str>, text: String) -> Source {
        let mut line_starts = vec![if text.starts_with(BOM) { BOM.len() } else { 0 }];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Source {
            path,
            text,
            line_starts,
        }
    }

    pub fn has_bom(&self) -> bool {
        self.text.starts_with(BOM)
    }

    /// Clamp an offset into the text and onto a character boundary, so that a
    /// span can never split a character or point past the end.
    pub fn clamp(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    pub fn position(&self, offset: usize) -> Position {
        let offset = self.clamp(offset);
        let line_index = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let line_start = self.line_starts.get(line_index).copied().unwrap_or(0);
        let column = self
            .text
            .get(line_start.min(offset)..offset)
            .map_or(0, |s| s.chars().count());
        Position {
            line: line_index + 1,
            column: column + 1,
            byte_column: offset.saturating_sub(line_start) + 1,
        }
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
            .line_starts
            .get(line.wrapping_sub(1))
            .copied()
            .unwrap_or(self.text.len());
        let end = self
            .line_starts
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
    fn offsets_are_clamped_to_char_boundaries() {
        let s = src("您好");
        assert_eq!(s.clamp(1), 0);
        assert_eq!(s.clamp(100), 6);
        assert_eq!((s.position(100).line, s.position(100).column), (1, 3));
    }
}
