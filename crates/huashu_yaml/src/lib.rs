//! YAML with spans: the event parser (granit-parser) turned into a small tree
//! in which every key, value and collection keeps its byte span and every
//! scalar keeps its style, plus the file's comments (for suppressions).
//!
//! Why not serde: serde stops at the first error, and huashu must report
//! every structural problem of a file at once; it also hides the scalar style
//! that sub-span mapping needs. See docs/architecture.md for the measurements.
//!
//! Resources are bounded here, not trusted to the input: nesting depth, the
//! number of nodes (aliases are expanded and counted, so an alias bomb stops
//! at the budget) and, before reading, the file size (see `load`).
//!
//! `source` is the file those spans point into: its text and the line index
//! that turns byte offsets into lines and columns (characters, bytes or
//! UTF-16 units).

mod loader;
pub mod scalar_map;
pub mod source;

pub use granit_parser::ScalarStyle;
pub use loader::{
    parse, parse_with, Comment, LoadProblem, LoadProblemKind, Parsed, MAX_DEPTH, MAX_NODES,
};

use std::ops::Range;

#[derive(Debug, Clone)]
pub struct Node {
    pub span: Range<usize>,
    pub kind: NodeKind,
}

#[derive(Debug, Clone)]
pub enum NodeKind {
    Scalar(Scalar),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

#[derive(Debug, Clone)]
pub struct Scalar {
    /// The value after YAML's escape processing and line folding.
    pub value: String,
    pub style: ScalarStyle,
    /// The tag's core-schema suffix (`str`, `int` …) or the whole tag when custom.
    pub tag: Option<String>,
}

/// What a scalar means under YAML 1.2's core schema, as far as huashu cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarType {
    Null,
    Bool,
    Number,
    String,
}

impl Scalar {
    pub fn resolved_type(&self) -> ScalarType {
        if let Some(tag) = &self.tag {
            return match tag.as_str() {
                "null" => ScalarType::Null,
                "bool" => ScalarType::Bool,
                "int" | "float" => ScalarType::Number,
                _ => ScalarType::String,
            };
        }
        if self.style != ScalarStyle::Plain {
            return ScalarType::String;
        }
        let v = self.value.as_str();
        // Most values are Chinese sentences: no core-schema null, bool or
        // number starts with anything but these.
        if v.bytes()
            .next()
            .is_some_and(|b| !(b.is_ascii_digit() || b"+-.~nNtTfF0".contains(&b)))
        {
            return ScalarType::String;
        }
        match v {
            "" | "~" | "null" | "Null" | "NULL" => ScalarType::Null,
            "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => ScalarType::Bool,
            _ if is_core_number(v) => ScalarType::Number,
            _ => ScalarType::String,
        }
    }
}

fn is_core_number(v: &str) -> bool {
    let unsigned = v.strip_prefix(['-', '+']).unwrap_or(v);
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(v, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    if let Some(hex) = v.strip_prefix("0x") {
        return !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit());
    }
    if let Some(oct) = v.strip_prefix("0o") {
        return !oct.is_empty() && oct.bytes().all(|b| (b'0'..=b'7').contains(&b));
    }
    // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let mut parts = mantissa.splitn(2, '.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match frac {
        None => !int.is_empty() && digits(int),
        Some(f) => digits(int) && digits(f) && !(int.is_empty() && f.is_empty()),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

impl Node {
    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The scalar's text when it resolves to a string (quoted, or plain and not null/bool/number).
    pub fn as_str(&self) -> Option<&str> {
        self.as_scalar()
            .filter(|s| s.resolved_type() == ScalarType::String)
            .map(|s| s.value.as_str())
    }

    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.kind {
            NodeKind::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// The value of `key` in a mapping (the first, when keys repeat).
    pub fn get(&self, key: &str) -> Option<&(Node, Node)> {
        self.as_map()?
            .iter()
            .find(|(k, _)| k.as_scalar().is_some_and(|s| s.value == key))
    }

    /// A literal (`|`) or folded (`>`) scalar: its content starts on the line after its key or dash.
    pub fn is_block_scalar(&self) -> bool {
        matches!(&self.kind, NodeKind::Scalar(s) if matches!(s.style, ScalarStyle::Literal | ScalarStyle::Folded))
    }

    pub fn is_null(&self) -> bool {
        self.as_scalar()
            .is_some_and(|s| s.resolved_type() == ScalarType::Null)
    }

    /// The node as JSON, scalars resolved as YAML 1.2's core schema reads them.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.kind {
            NodeKind::Scalar(s) => match s.resolved_type() {
                ScalarType::Null => Value::Null,
                ScalarType::Bool => Value::Bool(s.value.eq_ignore_ascii_case("true")),
                ScalarType::Number => s
                    .value
                    .parse::<i64>()
                    .map(Value::from)
                    .or_else(|_| s.value.parse::<f64>().map(Value::from))
                    .unwrap_or_else(|_| Value::String(s.value.clone())),
                ScalarType::String => Value::String(s.value.clone()),
            },
            NodeKind::Seq(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            NodeKind::Map(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| {
                        (
                            k.as_scalar().map_or_else(String::new, |s| s.value.clone()),
                            v.to_json(),
                        )
                    })
                    .collect(),
            ),
        }
    }

    /// What kind of node this is, for messages ("expected a list, found text").
    pub fn describe(&self) -> (&'static str, &'static str) {
        match &self.kind {
            NodeKind::Map(_) => ("映射（键值对）", "a mapping"),
            NodeKind::Seq(_) => ("列表", "a list"),
            NodeKind::Scalar(s) => match s.resolved_type() {
                ScalarType::Null => ("空值", "nothing (null)"),
                ScalarType::Bool => ("布尔值", "a boolean"),
                ScalarType::Number => ("数字", "a number"),
                ScalarType::String => ("文本", "text"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_schema_numbers() {
        for n in [
            "1", "-2", "3.5", ".5", "1e3", "0x1F", "0o17", ".inf", "-.Inf", ".nan",
        ] {
            assert!(is_core_number(n), "{n}");
        }
        for s in ["1.2.3", "abc", "1e", "0x", "-", ".", "3个工作日", "T+1"] {
            assert!(!is_core_number(s), "{s}");
        }
    }

    #[test]
    fn plain_scalars_resolve_by_the_core_schema() {
        let plain = |v: &str| {
            Scalar {
                value: v.to_string(),
                style: ScalarStyle::Plain,
                tag: None,
            }
            .resolved_type()
        };
        for v in ["", "~", "null", "Null", "NULL"] {
            assert_eq!(plain(v), ScalarType::Null, "{v}");
        }
        for v in ["true", "True", "TRUE", "false", "False", "FALSE"] {
            assert_eq!(plain(v), ScalarType::Bool, "{v}");
        }
        for v in [
            "1", "+1", "-2", ".5", "0x1F", "0o17", ".inf", "-.Inf", "+.INF", ".nan", "1e3",
        ] {
            assert_eq!(plain(v), ScalarType::Number, "{v}");
        }
        for v in [
            "您好",
            "yes",
            "no",
            "on",
            "nil",
            "True!",
            "3个工作日",
            "t",
            "~x",
            "-",
        ] {
            assert_eq!(plain(v), ScalarType::String, "{v}");
        }
    }
}
