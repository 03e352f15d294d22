//! Call transcripts as data, and reading them from text: one call per JSON
//! document, many as JSON Lines, or plain text with role prefixes
//! (坐席：/客户：). No file system here: the callers hand in `&str` (or a
//! `BufRead` for JSON Lines, read line by line under a size cap), so the
//! parsing is the same for files, standard input, an editor or wasm.
//!
//! The JSON shapes accepted are those quality-inspection products export
//! (`role`/`words`/`begin`/`end`, role names 客服/客户) and the common
//! `role`/`text`/`start`/`end`; docs/calls.md lists every accepted key and
//! `huashu calls --schema` prints a JSON Schema of them.

use std::io::BufRead;

use serde_json::{Map, Value};

use crate::finding::Msg;
use crate::model::{Category, Channel, Direction};
use crate::msg;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Agent,
    Customer,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Agent => "agent",
            Role::Customer => "customer",
        }
    }

    pub fn label(self, lang: crate::finding::Lang) -> &'static str {
        match (self, lang) {
            (Role::Agent, crate::finding::Lang::Zh) => "坐席",
            (Role::Customer, crate::finding::Lang::Zh) => "客户",
            (r, crate::finding::Lang::En) => r.as_str(),
        }
    }
}

/// One turn of the call: who spoke, the recognised words, and when
/// (milliseconds from the start of the recording) when the export says.
#[derive(Debug, Clone, PartialEq)]
pub struct Turn {
    pub role: Role,
    pub text: String,
    pub begin: Option<u64>,
    pub end: Option<u64>,
}

/// A problem with a call's times: the call is still checked, without the
/// timing checks.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeProblem {
    /// The turn (0-based) the problem is found at.
    pub turn: usize,
    pub message: Msg,
}

/// One call, as read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Call {
    pub id: String,
    pub channel: Option<Channel>,
    pub direction: Option<Direction>,
    pub category: Option<Category>,
    pub agent: Option<String>,
    /// The start time as the export wrote it.
    pub start: Option<String>,
    /// The calendar day of the start (YYYY-MM-DD), for the per-day figures.
    pub day: Option<String>,
    pub turns: Vec<Turn>,
    pub time_problems: Vec<TimeProblem>,
}

impl Call {
    /// Every turn has its begin and end, and they never go backwards.
    pub fn timed(&self) -> bool {
        !self.turns.is_empty()
            && self.time_problems.is_empty()
            && self
                .turns
                .iter()
                .all(|t| t.begin.is_some() && t.end.is_some())
    }
}

/// The longest turn read: an hour of speech is some 20,000 characters; a
/// longer "turn" is a broken export, and checking it would cost memory
/// in proportion.
pub const MAX_TURN_BYTES: usize = 64 * 1024;

/// Why a call could not be read: the message, and the line (1-based, in the
/// unit the text came from) when known.
#[derive(Debug, Clone, PartialEq)]
pub struct Malformed {
    pub message: Msg,
    pub line: usize,
}

fn malformed(message: Msg) -> Malformed {
    Malformed { message, line: 1 }
}

const ID_KEYS: &[&str] = &[
    "id",
    "call_id",
    "callId",
    "call-id",
    "uuid",
    "session_id",
    "sessionId",
    "record_id",
    "recordId",
];
const TURNS_KEYS: &[&str] = &[
    "turns",
    "sentences",
    "utterances",
    "dialogue",
    "dialog",
    "transcript",
    "conversation",
    "segments",
];
const META_KEYS: &[&str] = &["metadata", "meta", "info", "call_info", "callInfo"];
const CHANNEL_KEYS: &[&str] = &["channel"];
const DIRECTION_KEYS: &[&str] = &["direction", "call_direction", "callDirection", "call_type"];
const CATEGORY_KEYS: &[&str] = &["category", "business_type", "businessType"];
const AGENT_KEYS: &[&str] = &[
    "agent_id",
    "agentId",
    "agent",
    "staff_id",
    "staffId",
    "seat_id",
    "seatId",
    "worker_id",
];
const START_KEYS: &[&str] = &[
    "start_time",
    "startTime",
    "call_time",
    "callTime",
    "begin_time",
    "beginTime",
    "start",
    "date",
];
const ROLE_KEYS: &[&str] = &["role", "speaker", "spk", "speaker_role", "speakerRole"];
const TEXT_KEYS: &[&str] = &[
    "words",
    "text",
    "content",
    "sentence",
    "utterance",
    "transcript",
];
const BEGIN_KEYS: &[&str] = &[
    "begin",
    "start",
    "begin_time",
    "beginTime",
    "start_time",
    "startTime",
    "begin_ms",
    "start_ms",
    "bg",
];
const END_KEYS: &[&str] = &["end", "end_time", "endTime", "end_ms", "stop", "ed"];

/// The accepted keys, for docs and the JSON Schema.
pub fn accepted_keys() -> Vec<(&'static str, &'static [&'static str])> {
    vec![
        ("id", ID_KEYS),
        ("turns", TURNS_KEYS),
        ("metadata", META_KEYS),
        ("channel", CHANNEL_KEYS),
        ("direction", DIRECTION_KEYS),
        ("category", CATEGORY_KEYS),
        ("agent", AGENT_KEYS),
        ("start", START_KEYS),
        ("role", ROLE_KEYS),
        ("text", TEXT_KEYS),
        ("begin", BEGIN_KEYS),
        ("end", END_KEYS),
    ]
}

pub const AGENT_NAMES: &[&str] = &[
    "agent", "坐席", "座席", "客服", "staff", "service", "seat", "a", "operator", "员工",
];
pub const CUSTOMER_NAMES: &[&str] = &[
    "customer",
    "客户",
    "用户",
    "client",
    "user",
    "caller",
    "c",
    "顾客",
    "来电人",
];

/// A JSON value's type, in Chinese and English.
fn type_name(v: &Value) -> (&'static str, &'static str) {
    match v {
        Value::Null => ("空值", "null"),
        Value::Bool(_) => ("布尔值", "a boolean"),
        Value::Number(_) => ("数字", "a number"),
        Value::String(_) => ("文本", "a string"),
        Value::Array(_) => ("列表", "a list"),
        Value::Object(_) => ("对象", "an object"),
    }
}

/// The first of `keys` present in `map`, with the key found.
fn get<'v>(
    map: &'v Map<String, Value>,
    keys: &[&'static str],
) -> Option<(&'static str, &'v Value)> {
    keys.iter()
        .find_map(|k| map.get(*k).filter(|v| !v.is_null()).map(|v| (*k, v)))
}

/// A text field: a string, or a number written as one (ids, agent numbers).
fn text_of(key: &str, v: &Value) -> Result<String, Malformed> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        other => {
            let (tz, te) = type_name(other);
            Err(malformed(
                msg!(zh: "`{key}` 应为文本，实际是{tz}", en: "`{key}` must be text, found {te}"),
            ))
        }
    }
}

fn enum_of<T: Copy>(key: &str, v: &Value, names: &[(&str, T)]) -> Result<T, Malformed> {
    let s = text_of(key, v)?;
    let lower = s.trim().to_lowercase();
    names
        .iter()
        .find(|(n, _)| *n == lower)
        .map(|(_, t)| *t)
        .ok_or_else(|| {
            let known: Vec<&str> = names.iter().map(|(n, _)| *n).collect();
            let known = known.join(", ");
            malformed(msg!(zh: "`{key}` 的值“{s}”无法识别；可用：{known}", en: "`{key}` has an unknown value “{s}”; known: {known}"))
        })
}

const CHANNELS: &[(&str, Channel)] = &[
    ("phone", Channel::Phone),
    ("voice", Channel::Phone),
    ("call", Channel::Phone),
    ("电话", Channel::Phone),
    ("online", Channel::Online),
    ("chat", Channel::Online),
    ("im", Channel::Online),
    ("在线", Channel::Online),
];
const DIRECTIONS: &[(&str, Direction)] = &[
    ("inbound", Direction::Inbound),
    ("in", Direction::Inbound),
    ("呼入", Direction::Inbound),
    ("outbound", Direction::Outbound),
    ("out", Direction::Outbound),
    ("呼出", Direction::Outbound),
    ("外呼", Direction::Outbound),
];
const CATEGORIES: &[(&str, Category)] = &[
    ("inquiry", Category::Inquiry),
    ("咨询", Category::Inquiry),
    ("service", Category::Service),
    ("业务办理", Category::Service),
    ("complaint", Category::Complaint),
    ("投诉", Category::Complaint),
    ("sales", Category::Sales),
    ("营销", Category::Sales),
];

/// A role name as exports write it.
pub fn role_of(name: &str) -> Option<Role> {
    let lower = name.trim().to_lowercase();
    if AGENT_NAMES.contains(&lower.as_str()) {
        Some(Role::Agent)
    } else if CUSTOMER_NAMES.contains(&lower.as_str()) {
        Some(Role::Customer)
    } else {
        None
    }
}

/// A time in milliseconds: a whole or decimal number, or a numeric string.
fn millis(key: &str, at: usize, v: &Value) -> Result<u64, Malformed> {
    let n = match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    match n {
        Some(x) if (0.0..1e15).contains(&x) => Ok(x.round() as u64),
        _ => {
            let (tz, te) = type_name(v);
            let (sz, se) = match v {
                Value::Number(n) => (n.to_string(), n.to_string()),
                _ => (tz.to_string(), te.to_string()),
            };
            Err(malformed(
                msg!(zh: "第 {at} 句的 `{key}` 应为不小于 0 的毫秒数，实际是 {sz}", en: "turn {at}: `{key}` must be milliseconds (a number ≥ 0), found {se}"),
            ))
        }
    }
}

/// The calendar day of a start time: an ISO date-time's date, or the UTC day
/// of a Unix time in seconds or milliseconds.
pub fn day_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => {
            let s = s.trim();
            let head: String = s.chars().take(10).collect();
            let b = head.as_bytes();
            let iso = b.len() == 10
                && b[4] == b'-'
                && b[7] == b'-'
                && b.iter()
                    .enumerate()
                    .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
            if iso {
                return Some(head);
            }
            s.parse::<i64>().ok().and_then(day_of_unix)
        }
        Value::Number(n) => n.as_i64().and_then(day_of_unix),
        _ => None,
    }
}

fn day_of_unix(t: i64) -> Option<String> {
    // Milliseconds when the number is past the year 2286 in seconds.
    let secs = if t > 10_000_000_000 { t / 1000 } else { t };
    if secs < 0 {
        return None;
    }
    let days = secs / 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// Parse one call from a JSON value. `fallback_id` names a call without an id.
pub fn call_from_value(v: &Value, fallback_id: &str) -> Result<Call, Malformed> {
    let Value::Object(top) = v else {
        let (tz, te) = type_name(v);
        return Err(malformed(
            msg!(zh: "一通通话应为 JSON 对象，实际是{tz}", en: "a call must be a JSON object, found {te}"),
        ));
    };
    // Metadata may stand at the top or in a nested object.
    let nested = get(top, META_KEYS).and_then(|(_, v)| v.as_object());
    let meta = |keys: &[&'static str]| get(top, keys).or_else(|| nested.and_then(|m| get(m, keys)));
    let mut call = Call {
        id: match meta(ID_KEYS) {
            Some((k, v)) => text_of(k, v)?,
            None => fallback_id.to_string(),
        },
        ..Call::default()
    };
    if let Some((k, v)) = meta(CHANNEL_KEYS) {
        call.channel = Some(enum_of(k, v, CHANNELS)?);
    }
    if let Some((k, v)) = meta(DIRECTION_KEYS) {
        call.direction = Some(enum_of(k, v, DIRECTIONS)?);
    }
    if let Some((k, v)) = meta(CATEGORY_KEYS) {
        call.category = Some(enum_of(k, v, CATEGORIES)?);
    }
    if let Some((k, v)) = meta(AGENT_KEYS) {
        call.agent = Some(text_of(k, v)?);
    }
    // `start` is also a turn's begin; at the top of a call it is the call's start.
    if let Some((_, v)) = meta(START_KEYS) {
        call.start = Some(match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        });
        call.day = day_of(v);
    }
    let Some((key, turns)) = get(top, TURNS_KEYS) else {
        let keys = TURNS_KEYS.join(" / ");
        return Err(malformed(
            msg!(zh: "通话没有对话内容（{keys}）", en: "the call has no turns ({keys})"),
        ));
    };
    match turns {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                call.turns.push(turn_from_value(item, i + 1)?);
            }
        }
        // A whole transcript as one text: 坐席：…\n客户：…
        Value::String(s) => {
            let plain = parse_plain(s, &call.id)?;
            call.turns = plain.turns;
        }
        other => {
            let (tz, te) = type_name(other);
            return Err(malformed(
                msg!(zh: "`{key}` 应为列表，实际是{tz}", en: "`{key}` must be a list, found {te}"),
            ));
        }
    }
    finish(call)
}

fn turn_from_value(v: &Value, at: usize) -> Result<Turn, Malformed> {
    let Value::Object(map) = v else {
        let (tz, te) = type_name(v);
        return Err(malformed(
            msg!(zh: "第 {at} 句应为 JSON 对象，实际是{tz}", en: "turn {at} must be a JSON object, found {te}"),
        ));
    };
    let role = match get(map, ROLE_KEYS) {
        Some((k, Value::String(s))) => role_of(s).ok_or_else(|| {
            malformed(msg!(zh: "第 {at} 句的 `{k}` “{s}”无法识别：应为 agent/坐席/客服 或 customer/客户", en: "turn {at}: unknown `{k}` “{s}”: use agent/坐席/客服 or customer/客户"))
        })?,
        Some((k, other)) => {
            let (tz, te) = type_name(other);
            return Err(malformed(msg!(zh: "第 {at} 句的 `{k}` 应为文本，实际是{tz}", en: "turn {at}: `{k}` must be text, found {te}")));
        }
        None => {
            return Err(malformed(
                msg!(zh: "第 {at} 句没有角色（role）", en: "turn {at} has no role"),
            ))
        }
    };
    let text = match get(map, TEXT_KEYS) {
        Some((_, Value::String(s))) => s.clone(),
        Some((k, other)) => {
            let (tz, te) = type_name(other);
            return Err(malformed(
                msg!(zh: "第 {at} 句的 `{k}` 应为文本，实际是{tz}", en: "turn {at}: `{k}` must be text, found {te}"),
            ));
        }
        None => {
            return Err(malformed(
                msg!(zh: "第 {at} 句没有文本（words/text）", en: "turn {at} has no words (words/text)"),
            ))
        }
    };
    let begin = get(map, BEGIN_KEYS)
        .map(|(k, v)| millis(k, at, v))
        .transpose()?;
    let end = get(map, END_KEYS)
        .map(|(k, v)| millis(k, at, v))
        .transpose()?;
    Ok(Turn {
        role,
        text,
        begin,
        end,
    })
}

/// The checks every reader shares: a call has turns, the agent speaks, and
/// times that go backwards are noted (the timing checks then skip the call).
fn finish(mut call: Call) -> Result<Call, Malformed> {
    if let Some((i, t)) = call
        .turns
        .iter()
        .enumerate()
        .find(|(_, t)| t.text.len() > MAX_TURN_BYTES)
    {
        let (n, bytes) = (i + 1, t.text.len());
        return Err(malformed(
            msg!(zh: "第 {n} 句有 {bytes} 字节：没有这么长的一句话（上限 {MAX_TURN_BYTES}）", en: "turn {n} is {bytes} bytes: no turn of speech is that long (limit {MAX_TURN_BYTES})"),
        ));
    }
    if call.turns.is_empty() {
        return Err(malformed(
            msg!(zh: "通话没有任何对话", en: "the call has no turns"),
        ));
    }
    if !call.turns.iter().any(|t| t.role == Role::Agent) {
        return Err(malformed(
            msg!(zh: "通话中坐席没有说话，无法检查", en: "the agent never speaks in this call: nothing to check"),
        ));
    }
    let mut last_begin = None;
    let mut timed = 0;
    for (i, t) in call.turns.iter().enumerate() {
        let n = i + 1;
        if let (Some(b), Some(e)) = (t.begin, t.end) {
            timed += 1;
            if e < b {
                call.time_problems.push(TimeProblem {
                    turn: i,
                    message: msg!(zh: "第 {n} 句的结束时间（{e} 毫秒）早于开始时间（{b} 毫秒）", en: "turn {n} ends ({e} ms) before it begins ({b} ms)"),
                });
            }
        }
        if let Some(b) = t.begin {
            if let Some(prev) = last_begin.filter(|p| b < *p) {
                call.time_problems.push(TimeProblem {
                    turn: i,
                    message: msg!(zh: "第 {n} 句的开始时间（{b} 毫秒）早于上一句（{prev} 毫秒）：时间倒退", en: "turn {n} begins ({b} ms) before the turn before it ({prev} ms): times go backwards"),
                });
            }
            last_begin = Some(b);
        }
    }
    if timed > 0 && timed < call.turns.len() {
        let missing = call.turns.len() - timed;
        call.time_problems.push(TimeProblem {
            turn: call
                .turns
                .iter()
                .position(|t| t.begin.is_none() || t.end.is_none())
                .unwrap_or(0),
            message: msg!(zh: "有 {missing} 句缺少开始或结束时间", en: "{missing} turn(s) have no begin or end time"),
        });
    }
    Ok(call)
}

/// Parse one call from a JSON document (a file holding one call).
pub fn parse_json(text: &str, fallback_id: &str) -> Result<Call, Malformed> {
    let value: Value = serde_json::from_str(text).map_err(|e| json_error(&e))?;
    call_from_value(&value, fallback_id)
}

/// serde_json's error as a finding's message, at its line.
pub fn json_error(e: &serde_json::Error) -> Malformed {
    let what = e.to_string();
    // serde_json appends " at line L column C"; the line is reported apart.
    let what = what
        .rsplit_once(" at line ")
        .map_or(what.as_str(), |(head, _)| head)
        .to_string();
    let column = e.column();
    let message = match e.classify() {
        serde_json::error::Category::Eof => {
            msg!(zh: "JSON 不完整（在第 {column} 列意外结束）：{what}", en: "truncated JSON (ends at column {column}): {what}")
        }
        _ => {
            msg!(zh: "JSON 无效（第 {column} 列）：{what}", en: "invalid JSON (column {column}): {what}")
        }
    };
    Malformed {
        message,
        line: e.line().max(1),
    }
}

/// Parse a plain-text transcript: header lines `# key: value` (id, channel,
/// direction, category, agent, start), then one turn per line,
/// `坐席：…` / `客户：…` (also 客服, 座席, agent:, customer:), optionally led
/// by its times, `[00:01.200-00:03.500]` or `[1200-3500]` (milliseconds). A
/// line without a prefix continues the turn before it.
pub fn parse_plain(text: &str, fallback_id: &str) -> Result<Call, Malformed> {
    let mut call = Call {
        id: fallback_id.to_string(),
        ..Call::default()
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let at = |m: Malformed| Malformed { line: line_no, ..m };
        if let Some(header) = line.strip_prefix('#') {
            if let Some((k, v)) = header.split_once([':', '：']) {
                let (k, v) = (k.trim(), Value::String(v.trim().to_string()));
                match k {
                    "id" => call.id = text_of(k, &v).map_err(at)?,
                    "channel" => call.channel = Some(enum_of(k, &v, CHANNELS).map_err(at)?),
                    "direction" => call.direction = Some(enum_of(k, &v, DIRECTIONS).map_err(at)?),
                    "category" => call.category = Some(enum_of(k, &v, CATEGORIES).map_err(at)?),
                    "agent" | "agent_id" => call.agent = Some(text_of(k, &v).map_err(at)?),
                    "start" | "start_time" => {
                        call.day = day_of(&v);
                        call.start = v.as_str().map(str::to_string);
                    }
                    _ => {}
                }
            }
            continue;
        }
        let (times, rest) = match line.strip_prefix('[') {
            Some(r) => match r.split_once(']') {
                Some((inside, rest)) => (Some(plain_times(inside).map_err(at)?), rest.trim_start()),
                None => (None, line),
            },
            None => (None, line),
        };
        let prefixed = rest.split_once(['：', ':']).and_then(|(name, words)| {
            (name.chars().count() <= 8)
                .then(|| role_of(name))
                .flatten()
                .map(|role| (role, words.trim()))
        });
        match (prefixed, call.turns.last_mut()) {
            (Some((role, words)), _) => call.turns.push(Turn {
                role,
                text: words.to_string(),
                begin: times.map(|t| t.0),
                end: times.map(|t| t.1),
            }),
            (None, Some(last)) if times.is_none() => last.text.push_str(rest),
            _ => {
                return Err(Malformed {
                    message: msg!(zh: "这一行没有角色前缀（如 坐席： 或 客户：）", en: "this line has no role prefix (such as 坐席： or 客户：)"),
                    line: line_no,
                })
            }
        }
    }
    finish(call)
}

/// `00:01.200-00:03.500`, `1:02:03-1:02:05` or `1200-3500` (milliseconds).
fn plain_times(inside: &str) -> Result<(u64, u64), Malformed> {
    let bad = || {
        malformed(
            msg!(zh: "时间“[{inside}]”无法识别：应为 [分:秒.毫秒-分:秒.毫秒] 或 [毫秒-毫秒]", en: "cannot read the times “[{inside}]”: use [mm:ss.mmm-mm:ss.mmm] or [ms-ms]"),
        )
    };
    let (a, b) = inside.split_once(['-', '~', '–', ',']).ok_or_else(bad)?;
    let one = |s: &str| -> Option<u64> {
        let s = s.trim();
        if !s.contains(':') {
            return s.parse::<u64>().ok();
        }
        let mut total = 0.0f64;
        for part in s.split(':') {
            total = total * 60.0 + part.parse::<f64>().ok().filter(|x| *x >= 0.0)?;
        }
        (total < 1e12).then(|| (total * 1000.0).round() as u64)
    };
    Ok((one(a).ok_or_else(bad)?, one(b).ok_or_else(bad)?))
}

/// One line of a JSON Lines stream, or why it is not one.
#[derive(Debug)]
pub enum RawLine {
    Text {
        line: usize,
        text: String,
    },
    /// Longer than the cap: its length; its bytes were skipped, not kept.
    TooLong {
        line: usize,
        bytes: u64,
    },
    NotUtf8 {
        line: usize,
    },
}

/// Reads lines under a size cap: a line longer than `cap` bytes is skipped
/// as it streams past (never held), so memory is bounded by the cap whatever
/// the input.
pub struct LineReader<R> {
    inner: R,
    cap: usize,
    line: usize,
    buf: Vec<u8>,
}

impl<R: BufRead> LineReader<R> {
    pub fn new(inner: R, cap: usize) -> LineReader<R> {
        LineReader {
            inner,
            cap,
            line: 0,
            buf: Vec::new(),
        }
    }

    /// The next line that is not blank, or `None` at the end.
    pub fn next_line(&mut self) -> std::io::Result<Option<RawLine>> {
        loop {
            self.buf.clear();
            let mut total: u64 = 0;
            let mut over = false;
            let mut any = false;
            loop {
                let available = match self.inner.fill_buf() {
                    Ok(a) => a,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                };
                if available.is_empty() {
                    break;
                }
                any = true;
                let (take, done) = match memchr::memchr(b'\n', available) {
                    Some(i) => (i, true),
                    None => (available.len(), false),
                };
                if !over && self.buf.len() + take <= self.cap {
                    self.buf.extend_from_slice(&available[..take]);
                } else if !over {
                    over = true;
                    self.buf = Vec::new();
                }
                total += take as u64;
                self.inner.consume(take + usize::from(done));
                if done {
                    break;
                }
            }
            if !any {
                return Ok(None);
            }
            self.line += 1;
            let line = self.line;
            if over {
                return Ok(Some(RawLine::TooLong { line, bytes: total }));
            }
            let mut bytes = std::mem::take(&mut self.buf);
            if bytes.last() == Some(&b'\r') {
                bytes.pop();
            }
            if line == 1 && bytes.starts_with(b"\xef\xbb\xbf") {
                bytes.drain(..3);
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Ok(Some(match String::from_utf8(bytes) {
                Ok(text) => RawLine::Text { line, text },
                Err(_) => RawLine::NotUtf8 { line },
            }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inspection_export_shape() {
        let call = parse_json(
            r#"{"callId":"c1","metadata":{"agentId":1001,"startTime":"2024-03-15T09:30:00+08:00"},
                "dialogue":[{"role":"客服","words":"您好","begin":0,"end":900},
                            {"role":"客户","words":"你好","begin":1000,"end":1500}]}"#,
            "x",
        )
        .unwrap();
        assert_eq!(call.id, "c1");
        assert_eq!(call.agent.as_deref(), Some("1001"));
        assert_eq!(call.day.as_deref(), Some("2024-03-15"));
        assert_eq!(call.turns[1].role, Role::Customer);
        assert_eq!(call.turns[0].end, Some(900));
        assert!(call.timed());
    }

    #[test]
    fn text_start_end_shape_and_unix_day() {
        let call = parse_json(
            r#"{"id":"c2","start_time":1710466200000,"turns":[{"speaker":"agent","text":"您好","start":0.0,"end":1200.4}]}"#,
            "x",
        )
        .unwrap();
        assert_eq!(call.day.as_deref(), Some("2024-03-15"));
        assert_eq!(call.turns[0].end, Some(1200));
    }

    #[test]
    fn wrong_types_are_named() {
        let e = parse_json(r#"{"id":"c","turns":[{"role":"agent","words":5}]}"#, "x").unwrap_err();
        assert!(
            e.message.en.contains("turn 1: `words` must be text"),
            "{}",
            e.message.en
        );
        let e = parse_json(r#"{"id":"c","turns":"#, "x").unwrap_err();
        assert!(
            e.message.en.starts_with("truncated JSON"),
            "{}",
            e.message.en
        );
        let e = parse_json(
            r#"{"id":"c","turns":[{"role":"agent","words":"a","begin":"soon"}]}"#,
            "x",
        )
        .unwrap_err();
        assert!(
            e.message.en.contains("`begin` must be milliseconds"),
            "{}",
            e.message.en
        );
        let e = parse_json(r#"[1]"#, "x").unwrap_err();
        assert!(e.message.en.contains("must be a JSON object"));
        let e = parse_json(r#"{"id":"c","turns":[]}"#, "x").unwrap_err();
        assert!(e.message.en.contains("no turns"));
    }

    #[test]
    fn times_backwards_are_noted_not_fatal() {
        let call = parse_json(
            r#"{"id":"c","turns":[{"role":"agent","words":"a","begin":5000,"end":6000},{"role":"customer","words":"b","begin":1000,"end":900}]}"#,
            "x",
        )
        .unwrap();
        assert_eq!(call.time_problems.len(), 2);
        assert!(!call.timed());
    }

    #[test]
    fn plain_text() {
        let call = parse_plain(
            "# id: p1\n# agent: A7\n[00:00.000-00:02.500] 坐席：您好，\n工号1234为您服务\n[2600-4000] 客户：我的卡丢了\n",
            "f",
        )
        .unwrap();
        assert_eq!(call.id, "p1");
        assert_eq!(call.turns.len(), 2);
        assert_eq!(call.turns[0].text, "您好，工号1234为您服务");
        assert_eq!(call.turns[0].end, Some(2500));
        assert_eq!(call.turns[1].begin, Some(2600));
        let e = parse_plain("坐席：您好\n[oops] 客户：在\n", "f").unwrap_err();
        assert_eq!(e.line, 2);
        let e = parse_plain("hello\n", "f").unwrap_err();
        assert_eq!(e.line, 1);
    }

    #[test]
    fn long_lines_are_skipped_not_held() {
        let input = format!("{{\"a\":1}}\n{}\n\n{{\"b\":2}}", "x".repeat(10_000));
        let mut r = LineReader::new(std::io::Cursor::new(input), 100);
        assert!(matches!(
            r.next_line().unwrap(),
            Some(RawLine::Text { line: 1, .. })
        ));
        assert!(matches!(
            r.next_line().unwrap(),
            Some(RawLine::TooLong {
                line: 2,
                bytes: 10_000
            })
        ));
        assert!(matches!(
            r.next_line().unwrap(),
            Some(RawLine::Text { line: 4, .. })
        ));
        assert!(r.next_line().unwrap().is_none());
    }
}
