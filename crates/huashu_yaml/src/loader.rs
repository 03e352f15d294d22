//! Events to tree. A stack of open collections; each finished node goes into
//! its parent. Anchored nodes are remembered and an alias is replaced by a
//! copy of its target, counted against the node budget before it is copied.

use std::collections::HashMap;
use std::ops::Range;

use granit_parser::{Event, Parser, Span};

use super::{Node, NodeKind, Scalar};

/// Deepest nesting huashu builds. A phrase script is four levels deep; the
/// parser's own limit (255) is higher, so this one always speaks first and
/// 20,000-deep input stops here with a finding, not a stack overflow.
pub const MAX_DEPTH: usize = 64;
/// Most nodes one file may hold after alias expansion (a script has ~50).
pub const MAX_NODES: usize = 100_000;

#[derive(Debug, Clone)]
pub struct Comment {
    /// The whole comment, `#` included.
    pub span: Range<usize>,
    /// The text after `#`.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadProblemKind {
    /// The parser's own error: the file is not valid YAML.
    Syntax(String),
    /// A second (or later) document in the file.
    ExtraDocument,
    TooDeep,
    TooManyNodes,
}

#[derive(Debug, Clone)]
pub struct LoadProblem {
    pub kind: LoadProblemKind,
    pub span: Range<usize>,
}

#[derive(Debug, Default)]
pub struct Parsed {
    /// The first document's root, when it has one and it was read completely.
    pub root: Option<Node>,
    pub comments: Vec<Comment>,
    pub problems: Vec<LoadProblem>,
}

enum Frame {
    Seq {
        start: usize,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        start: usize,
        anchor: usize,
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
    },
}

struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Node, usize)>,
    nodes: usize,
    root: Option<Node>,
}

fn byte_range(span: &Span) -> Range<usize> {
    span.byte_range().unwrap_or(0..0)
}

fn size_of(node: &Node) -> usize {
    match &node.kind {
        NodeKind::Scalar(_) => 1,
        NodeKind::Seq(items) => 1 + items.iter().map(size_of).sum::<usize>(),
        NodeKind::Map(entries) => {
            1 + entries
                .iter()
                .map(|(k, v)| size_of(k) + size_of(v))
                .sum::<usize>()
        }
    }
}

impl Builder {
    /// Attach a finished node to its parent (or make it the root).
    fn finish(&mut self, node: Node, anchor: usize) {
        if anchor != 0 {
            let size = size_of(&node);
            self.anchors.insert(anchor, (node.clone(), size));
        }
        match self.stack.last_mut() {
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                Some(k) => entries.push((k, node)),
                None => *key = Some(node),
            },
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
        }
    }

    fn count(&mut self, n: usize) -> bool {
        self.nodes = self.nodes.saturating_add(n);
        self.nodes <= MAX_NODES
    }
}

/// Parse one file's text. Never panics; every problem becomes a `LoadProblem`.
pub fn parse(text: &str) -> Parsed {
    parse_with(text, true)
}

/// `parse`, collecting comments only when asked: a file's comments matter
/// only for its suppressions, and skipping them saves the parser work.
pub fn parse_with(text: &str, comments: bool) -> Parsed {
    let options = granit_parser::options! {
        // The YAML spec's indentation rules: with them the parser answers the
        // whole YAML test suite as the suite expects.
        strict_indentation: true,
        emit_comments: comments,
    };
    let mut out = Parsed::default();
    let mut builder = Builder {
        stack: Vec::new(),
        anchors: HashMap::new(),
        nodes: 0,
        root: None,
    };
    let mut documents = 0usize;
    // Once the tree is abandoned (extra document, budget exceeded) events are
    // still read to the end, so that a syntax error later in the file is found.
    let mut building = true;

    for event in Parser::new_from_str_with_options(text, options) {
        let (event, span) = match event {
            Ok(pair) => pair,
            Err(err) => {
                let at = err.marker().byte_offset().unwrap_or(0);
                let kind = if matches!(err.kind(), granit_parser::ErrorKind::RecursionLimitExceeded)
                {
                    // The parser's own nesting guard (255 levels): valid YAML, too deep for huashu.
                    LoadProblemKind::TooDeep
                } else {
                    LoadProblemKind::Syntax(err.info())
                };
                out.problems.push(LoadProblem { kind, span: at..at });
                building = false;
                break;
            }
        };
        let range = byte_range(&span);
        match event {
            Event::Comment(body, _) => out.comments.push(Comment {
                span: range,
                text: body.into_owned(),
            }),
            Event::DocumentStart(..) => {
                documents += 1;
                if documents == 2 {
                    out.problems.push(LoadProblem {
                        kind: LoadProblemKind::ExtraDocument,
                        span: range,
                    });
                    building = false;
                }
            }
            _ if !building => {}
            Event::Scalar(value, style, anchor, tag) => {
                if !builder.count(1) {
                    out.problems.push(too_many(range));
                    building = false;
                    continue;
                }
                let tag = tag.map(|t| {
                    t.core_suffix()
                        .map_or_else(|| t.original(), ToString::to_string)
                });
                builder.finish(
                    Node {
                        span: range,
                        kind: NodeKind::Scalar(Scalar {
                            value: value.into_owned(),
                            style,
                            tag,
                        }),
                    },
                    anchor,
                );
            }
            Event::SequenceStart(_, anchor, _) | Event::MappingStart(_, anchor, _) => {
                if builder.stack.len() >= MAX_DEPTH {
                    out.problems.push(LoadProblem {
                        kind: LoadProblemKind::TooDeep,
                        span: range,
                    });
                    building = false;
                    continue;
                }
                if !builder.count(1) {
                    out.problems.push(too_many(range));
                    building = false;
                    continue;
                }
                let start = range.start;
                builder
                    .stack
                    .push(if matches!(event, Event::SequenceStart(..)) {
                        Frame::Seq {
                            start,
                            anchor,
                            items: Vec::new(),
                        }
                    } else {
                        Frame::Map {
                            start,
                            anchor,
                            entries: Vec::new(),
                            key: None,
                        }
                    });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (node, anchor) = match builder.stack.pop() {
                    Some(Frame::Seq {
                        start,
                        anchor,
                        items,
                    }) => (
                        Node {
                            span: start..range.end.max(start),
                            kind: NodeKind::Seq(items),
                        },
                        anchor,
                    ),
                    Some(Frame::Map {
                        start,
                        anchor,
                        entries,
                        ..
                    }) => (
                        Node {
                            span: start..range.end.max(start),
                            kind: NodeKind::Map(entries),
                        },
                        anchor,
                    ),
                    None => continue,
                };
                builder.finish(node, anchor);
            }
            Event::Alias(id) => {
                let Some(&(_, size)) = builder.anchors.get(&id) else {
                    continue;
                };
                // Counted before copying: an alias bomb never gets to allocate.
                if !builder.count(size) {
                    out.problems.push(too_many(range));
                    building = false;
                    continue;
                }
                let Some((target, _)) = builder.anchors.get(&id) else {
                    continue;
                };
                let mut copy = target.clone();
                copy.span = range;
                builder.finish(copy, 0);
            }
            _ => {}
        }
    }
    if building && builder.stack.is_empty() {
        out.root = builder.root;
    }
    out
}

fn too_many(span: Range<usize>) -> LoadProblem {
    LoadProblem {
        kind: LoadProblemKind::TooManyNodes,
        span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scalar_source<'a>(text: &'a str, node: &Node) -> &'a str {
        &text[node.span.clone()]
    }

    #[test]
    fn keys_and_values_keep_byte_spans() {
        let text = "id: a.b\nsay: \"您好，{bank}\"\n";
        let p = parse(text);
        let root = p.root.unwrap();
        let (k, v) = root.get("say").unwrap();
        assert_eq!(scalar_source(text, k), "say");
        assert_eq!(scalar_source(text, v), "\"您好，{bank}\"");
        assert_eq!(v.as_str(), Some("您好，{bank}"));
    }

    #[test]
    fn comments_are_collected() {
        let p = parse("a: 1 # huashu: allow schema\n# own line\nb: 2\n");
        let texts: Vec<_> = p.comments.iter().map(|c| c.text.trim()).collect();
        assert_eq!(texts, ["huashu: allow schema", "own line"]);
    }

    #[test]
    fn second_document_is_a_problem() {
        let p = parse("a: 1\n---\nb: 2\n");
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].kind, LoadProblemKind::ExtraDocument);
        assert_eq!(p.problems[0].span, 5..8);
    }

    #[test]
    fn syntax_error_has_a_position() {
        let p = parse("a: [1, 2\nb: 3\n");
        assert!(matches!(p.problems[0].kind, LoadProblemKind::Syntax(_)));
        assert!(p.root.is_none());
    }

    #[test]
    fn deep_nesting_stops_at_the_limit() {
        let text = "[".repeat(20_000) + &"]".repeat(20_000);
        let p = parse(&text);
        assert_eq!(p.problems[0].kind, LoadProblemKind::TooDeep);
        let block: String = (0..3000)
            .map(|i| format!("{}k:\n", " ".repeat(i)))
            .collect();
        let p = parse(&block);
        assert!(!p.problems.is_empty());
    }

    #[test]
    fn alias_bomb_stops_at_the_budget() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = format!("*a{}", i - 1);
            let list = [prev.as_str(); 10].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{list}]\n"));
        }
        let p = parse(&text);
        assert_eq!(p.problems[0].kind, LoadProblemKind::TooManyNodes);
        assert!(p.root.is_none());
    }

    #[test]
    fn aliases_expand() {
        let p = parse("a: &x 您好\nb: *x\n");
        let root = p.root.unwrap();
        assert_eq!(root.get("b").unwrap().1.as_str(), Some("您好"));
    }
}
