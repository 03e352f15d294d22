//! The JSON Schema of a call (`huashu calls --schema`), built from the
//! reader's own key tables so the two never disagree.

use serde_json::{json, Map, Value};

use super::input::{accepted_keys, AGENT_NAMES, CUSTOMER_NAMES};

fn keys(name: &str) -> &'static [&'static str] {
    accepted_keys()
        .into_iter()
        .find(|(n, _)| *n == name)
        .map_or(&[], |(_, k)| k)
}

fn props(names: &[&str], schema: &Value, doc: &str) -> Map<String, Value> {
    names
        .iter()
        .map(|n| {
            let mut s = schema.clone();
            if let Some(o) = s.as_object_mut() {
                o.insert("description".into(), json!(doc));
            }
            (n.to_string(), s)
        })
        .collect()
}

/// The schema of one call: a JSON file's content, or one line of JSON Lines.
pub fn calls() -> Value {
    let text = json!({"type": ["string", "number"]});
    let millis = json!({"type": ["number", "string"], "minimum": 0});
    let roles: Vec<&str> = AGENT_NAMES.iter().chain(CUSTOMER_NAMES).copied().collect();
    let mut turn = Map::new();
    turn.extend(props(
        keys("role"),
        &json!({"type": "string", "examples": roles}),
        "agent/坐席/客服 or customer/客户 (case-insensitive)",
    ));
    turn.extend(props(
        keys("text"),
        &json!({"type": "string"}),
        "the recognised words",
    ));
    turn.extend(props(
        keys("begin"),
        &millis,
        "begin, milliseconds from the start of the recording",
    ));
    turn.extend(props(
        keys("end"),
        &millis,
        "end, milliseconds from the start of the recording",
    ));
    let turn_schema = json!({
        "type": "object",
        "description": "one turn; the first key present of each list is read",
        "properties": turn,
    });
    let mut meta = Map::new();
    meta.extend(props(keys("id"), &text, "the call's id"));
    meta.extend(props(
        keys("channel"),
        &json!({"type": "string", "examples": ["phone", "online", "电话", "在线"]}),
        "phone or online",
    ));
    meta.extend(props(
        keys("direction"),
        &json!({"type": "string", "examples": ["inbound", "outbound", "呼入", "呼出"]}),
        "inbound or outbound",
    ));
    meta.extend(props(
        keys("category"),
        &json!({"type": "string", "examples": ["inquiry", "service", "complaint", "sales"]}),
        "the call's business category",
    ));
    meta.extend(props(keys("agent"), &text, "the agent's id"));
    meta.extend(props(
        keys("start"),
        &json!({"type": ["string", "number"]}),
        "start: ISO 8601 date-time, or Unix time in s or ms",
    ));
    let mut top = meta.clone();
    top.extend(props(
        keys("metadata"),
        &json!({"type": "object", "properties": Value::Object(meta)}),
        "metadata may also stand in a nested object",
    ));
    top.extend(props(
        keys("turns"),
        &json!({"type": ["array", "string"], "items": turn_schema}),
        "the turns in order, or one text with role prefixes (坐席：…\\n客户：…)",
    ));
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://huashu.dev/schema/call.json",
        "title": "huashu call transcript",
        "description": "One call: the content of a .json file, or one line of a .jsonl file. A .json file may also hold a list of calls.",
        "type": "object",
        "properties": top,
        "anyOf": keys("turns").iter().map(|k| json!({"required": [k]})).collect::<Vec<_>>(),
    })
}
