//! Byte offsets (the engine's) turned into UTF-16 code units (JavaScript's
//! string indices, CodeMirror's document positions), in one pass over the
//! text however many offsets are asked for.

/// The UTF-16 index of each byte offset asked for.
pub struct Utf16 {
    /// Sorted byte offsets, and the UTF-16 index of each.
    table: Vec<(usize, usize)>,
}

impl Utf16 {
    /// Work out the UTF-16 index of every offset in `offsets` (any order,
    /// repeats allowed) in `text`. An offset inside a character counts as
    /// that character's start; one past the end, as the end.
    pub fn new(text: &str, offsets: impl IntoIterator<Item = usize>) -> Utf16 {
        let mut wanted: Vec<usize> = offsets.into_iter().collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut table = Vec::with_capacity(wanted.len());
        let mut units = 0;
        let mut chars = text.char_indices().peekable();
        for offset in wanted {
            while let Some(&(at, c)) = chars.peek() {
                if at + c.len_utf8() > offset {
                    break;
                }
                units += c.len_utf16();
                chars.next();
            }
            table.push((offset, units));
        }
        Utf16 { table }
    }

    /// The UTF-16 index of `offset`, which must have been asked for.
    pub fn at(&self, offset: usize) -> usize {
        match self.table.binary_search_by_key(&offset, |&(b, _)| b) {
            Ok(k) => self.table[k].1,
            // Not asked for: the nearest offset before it (never reached
            // by the session, which asks for every offset it converts).
            Err(k) => k.checked_sub(1).map_or(0, |k| self.table[k].1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_code_units() {
        // 好 is one unit, 𠮷 (outside the BMP) two, a BOM one.
        let text = "\u{feff}a好𠮷b";
        let at = |byte| Utf16::new(text, [byte]).at(byte);
        assert_eq!(at(0), 0);
        assert_eq!(at(3), 1); // after the BOM
        assert_eq!(at(4), 2); // after `a`
        assert_eq!(at(7), 3); // after 好
        assert_eq!(at(11), 5); // after 𠮷
        assert_eq!(at(12), 6); // the end
        let many = Utf16::new(text, [12, 0, 7, 7, 4]);
        assert_eq!(
            (many.at(0), many.at(4), many.at(7), many.at(12)),
            (0, 2, 3, 6)
        );
    }
}
