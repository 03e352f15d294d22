//! `{name}` placeholders in a line (FORMAT.md §2): `{{` and `}}` are literal
//! braces, `{name}` with a name of `^[a-z_][a-z0-9_]*$` is a placeholder, any
//! other brace is malformed.

use std::ops::Range;

use crate::model::is_placeholder_name;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Malformed {
    /// `{` with no `}` before the line ends or another `{` opens.
    Unclosed,
    /// `}` with no `{` before it.
    Unopened,
    /// `{}`.
    Empty,
    /// `{Name With Spaces}`: braces around something that is not a name.
    BadName,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token<'a> {
    /// A placeholder; the range covers the braces, `name` is inside them.
    Placeholder { range: Range<usize>, name: &'a str },
    Malformed {
        range: Range<usize>,
        kind: Malformed,
    },
}

/// The placeholders and malformed braces of `text`, in order. Ranges are byte
/// ranges into `text`.
pub fn scan(text: &str) -> Vec<Token<'_>> {
    tokens(text).collect()
}

/// The first placeholder of `text`, if any.
pub fn first_placeholder(text: &str) -> Option<Range<usize>> {
    tokens(text).find_map(|t| match t {
        Token::Placeholder { range, .. } => Some(range),
        Token::Malformed { .. } => None,
    })
}

/// `scan` as an iterator: it jumps from brace to brace (memchr), so a line
/// of Chinese text without braces costs one vectorised search.
pub fn tokens(text: &str) -> Tokens<'_> {
    Tokens { text, at: 0 }
}

pub struct Tokens<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let (text, bytes) = (self.text, self.text.as_bytes());
        loop {
            let i = self.at + memchr::memchr2(b'{', b'}', bytes.get(self.at..)?)?;
            match bytes[i] {
                b'{' if bytes.get(i + 1) == Some(&b'{') => self.at = i + 2,
                b'}' if bytes.get(i + 1) == Some(&b'}') => self.at = i + 2,
                b'{' => {
                    let rest = &text[i + 1..];
                    let close = memchr::memchr3(b'}', b'{', b'\n', rest.as_bytes());
                    return Some(match close.map(|c| (c, rest.as_bytes()[c])) {
                        Some((c, b'}')) => {
                            let name = &rest[..c];
                            let range = i..i + c + 2;
                            self.at = i + c + 2;
                            if name.is_empty() {
                                Token::Malformed {
                                    range,
                                    kind: Malformed::Empty,
                                }
                            } else if is_placeholder_name(name) {
                                Token::Placeholder { range, name }
                            } else {
                                Token::Malformed {
                                    range,
                                    kind: Malformed::BadName,
                                }
                            }
                        }
                        _ => {
                            self.at = i + 1;
                            Token::Malformed {
                                range: i..i + 1,
                                kind: Malformed::Unclosed,
                            }
                        }
                    });
                }
                _ => {
                    self.at = i + 1;
                    return Some(Token::Malformed {
                        range: i..i + 1,
                        kind: Malformed::Unopened,
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_and_literal_braces() {
        let t = "您好，我是{bank}客服{agent_id}，{{不是}}占位符";
        let names: Vec<_> = scan(t)
            .into_iter()
            .map(|tok| match tok {
                Token::Placeholder { name, range } => (name, &t[range]),
                Token::Malformed { .. } => panic!("{tok:?}"),
            })
            .collect();
        assert_eq!(names, [("bank", "{bank}"), ("agent_id", "{agent_id}")]);
    }

    #[test]
    fn malformed_braces() {
        let kinds = |t: &str| -> Vec<Malformed> {
            scan(t)
                .into_iter()
                .filter_map(|tok| match tok {
                    Token::Malformed { kind, .. } => Some(kind),
                    Token::Placeholder { .. } => None,
                })
                .collect()
        };
        assert_eq!(kinds("您好{bank"), [Malformed::Unclosed]);
        assert_eq!(kinds("您好{}"), [Malformed::Empty]);
        assert_eq!(kinds("{Customer Name}您好"), [Malformed::BadName]);
        assert_eq!(kinds("您好}"), [Malformed::Unopened]);
        assert_eq!(kinds("{a{bank}"), [Malformed::Unclosed]);
        assert_eq!(kinds("{{bank}}"), []);
    }
}

/// `text` with every placeholder's bytes replaced by U+0001, so that word
/// lists never match inside a name (`{lpr_rate}`) and offsets stay the same.
pub fn mask(text: &str) -> std::borrow::Cow<'_, str> {
    let tokens: Vec<Range<usize>> = tokens(text)
        .filter_map(|t| match t {
            Token::Placeholder { range, .. } => Some(range),
            Token::Malformed { .. } => None,
        })
        .collect();
    if tokens.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut bytes = text.as_bytes().to_vec();
    for r in tokens {
        // Placeholders are ASCII, so every byte is a whole character.
        for b in &mut bytes[r] {
            *b = 1;
        }
    }
    std::borrow::Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| text.to_string()))
}

#[cfg(test)]
mod mask_tests {
    #[test]
    fn placeholders_are_masked_in_place() {
        let m = super::mask("参考{lpr_rate}利率");
        assert_eq!(m.len(), "参考{lpr_rate}利率".len());
        assert!(!m.contains("lpr"));
        assert!(m.starts_with("参考") && m.ends_with("利率"));
    }
}
