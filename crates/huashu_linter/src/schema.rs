//! `huashu schema`: JSON Schema (2020-12) of the script, snippet and config
//! formats, for editors (yaml-language-server). Generated from the same
//! tables the loader validates with (`model::SCRIPT_FIELDS` …, the config
//! keys, the rule registry), never written twice.

use serde_json::{json, Map, Value};

use crate::config::{CONFIG_KEYS, LEXICON_LISTS};
use crate::model::{
    Field, Ty, CHANNELS, DIRECTIONS, SCRIPT_FIELDS, SNIPPET_FILE_FIELDS, STEP_FIELDS, USE_FIELDS,
};
use crate::rules::ALL_RULES;

pub const ID_PATTERN: &str = "^[a-z0-9][a-z0-9._-]*$";
pub const NAME_PATTERN: &str = "^[a-z_][a-z0-9_]*$";

fn ty(t: Ty) -> Value {
    match t {
        Ty::Text => json!({"type": "string", "minLength": 1}),
        Ty::Id => json!({"type": "string", "pattern": ID_PATTERN}),
        Ty::Enum(values) => json!({"enum": values}),
        Ty::TextList => json!({"type": "array", "items": {"type": "string", "minLength": 1}}),
        Ty::NameList => {
            json!({"type": "array", "items": {"type": "string", "pattern": NAME_PATTERN}})
        }
        Ty::Lines => json!({"$ref": "#/$defs/lines"}),
        Ty::Say => json!({"anyOf": [{"$ref": "#/$defs/line"}, {"$ref": "#/$defs/lines"}]}),
        Ty::Steps => json!({"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/step"}}),
        Ty::Snippets => json!({
            "type": "object",
            "propertyNames": {"pattern": ID_PATTERN},
            "additionalProperties": {"type": "string"},
        }),
    }
}

fn object(fields: &[Field]) -> Value {
    let mut properties = Map::new();
    for f in fields {
        let mut schema = ty(f.ty);
        schema["description"] = json!(format!("{} / {}", f.doc.0, f.doc.1));
        properties.insert(f.key.to_string(), schema);
    }
    let required: Vec<&str> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.key)
        .collect();
    json!({"type": "object", "properties": properties, "required": required, "additionalProperties": false})
}

/// The schema of a file in a script repository: a script or a snippet file.
pub fn scripts() -> Value {
    let mut step = object(STEP_FIELDS);
    // `question` belongs to clarify steps only.
    step["if"] = json!({"properties": {"stage": {"not": {"const": "clarify"}}}});
    step["then"] = json!({"not": {"required": ["question"]}});
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://huashu.dev/schema/script.json",
        "title": "huashu 话术 / phrase script or snippet file",
        "anyOf": [{"$ref": "#/$defs/script"}, {"$ref": "#/$defs/snippets"}],
        "$defs": {
            "script": object(SCRIPT_FIELDS),
            "snippets": object(SNIPPET_FILE_FIELDS),
            "step": step,
            "line": {"anyOf": [{"type": "string"}, object(USE_FIELDS)], "description": "台词：文本或 {use: 编号} / a line: text or {use: id}"},
            "lines": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/line"}},
        },
    })
}

/// The schema of huashu.yaml.
pub fn config() -> Value {
    let severity = json!({"enum": ["error", "warning", "info", "off"]});
    let mut rules = Map::new();
    for r in ALL_RULES {
        let m = r.meta();
        let mut props = Map::new();
        props.insert("severity".into(), severity.clone());
        for o in m.options {
            props.insert(o.name.into(), json!({"type": "integer", "minimum": 1, "description": format!("{} / {}", o.doc.0, o.doc.1)}));
        }
        rules.insert(
            m.id.into(),
            json!({
                "description": format!("{} / {}", m.summary.0, m.summary.1),
                "anyOf": [severity.clone(), {"type": "object", "properties": props, "additionalProperties": false}],
            }),
        );
    }
    let mut lexicon = Map::new();
    for (list, is_map) in LEXICON_LISTS {
        let add = if *is_map {
            json!({"type": "object", "additionalProperties": {"type": ["string", "null"]}})
        } else {
            json!({"type": "array", "items": {"type": "string"}})
        };
        lexicon.insert(
            (*list).into(),
            json!({"type": "object", "properties": {"add": add, "remove": {"type": "array", "items": {"type": "string"}}}, "additionalProperties": false}),
        );
    }
    let strings = json!({"type": "array", "items": {"type": "string"}});
    let mut properties = Map::new();
    for (key, zh, en) in CONFIG_KEYS {
        let schema = match *key {
            "standard" => json!({"type": "string"}),
            "bank" => {
                json!({"type": "object", "properties": {"name": {"type": "string", "minLength": 1}}, "additionalProperties": false})
            }
            "lexicon" => {
                json!({"type": "object", "properties": lexicon, "additionalProperties": false})
            }
            "paths" | "exclude" => strings.clone(),
            "defaults" => {
                json!({"type": "object", "properties": {"channel": {"enum": CHANNELS}, "direction": {"enum": DIRECTIONS}}, "additionalProperties": false})
            }
            "placeholders" => {
                json!({"type": "array", "items": {"type": "string", "pattern": NAME_PATTERN}})
            }
            "rules" => {
                json!({"type": "object", "properties": rules, "additionalProperties": false})
            }
            "lang" => json!({"enum": ["zh", "en"]}),
            "max_file_size_mb" => json!({"type": "integer", "minimum": 1}),
            _ => json!({}),
        };
        let mut schema = schema;
        schema["description"] = json!(format!("{zh} / {en}"));
        properties.insert((*key).into(), schema);
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://huashu.dev/schema/config.json",
        "title": "huashu.yaml",
        "type": ["object", "null"],
        "properties": properties,
        "additionalProperties": false,
    })
}
