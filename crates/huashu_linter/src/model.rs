//! The phrase-script format (FORMAT.md §2–3): its schema as data, the
//! validation that reports every schema problem of a file at once, and the
//! typed model the rules read, in which every text keeps its span and style.
//!
//! The schema tables below are the single definition of the format: the
//! validator walks them, and `huashu schema` (JSON Schema for editors) is
//! generated from them.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use crate::finding::Msg;
use crate::msg;
use crate::suggest::did_you_mean;
use crate::yaml::scalar_map::Mapping;
use crate::yaml::{Node, NodeKind, ScalarStyle, ScalarType};

pub const STAGES: &[&str] = &["listen", "clarify", "empathy", "resolve", "callback"];
pub const CATEGORIES: &[&str] = &["inquiry", "service", "complaint", "sales"];
pub const CHANNELS: &[&str] = &["phone", "online"];
pub const DIRECTIONS: &[&str] = &["inbound", "outbound"];
pub const QUESTIONS: &[&str] = &["open", "closed"];

/// What a field's value must be.
#[derive(Debug, Clone, Copy)]
pub enum Ty {
    /// Non-empty text.
    Text,
    /// An id: `^[a-z0-9][a-z0-9._-]*$`.
    Id,
    Enum(&'static [&'static str]),
    /// A list of non-empty texts.
    TextList,
    /// A placeholder name list (`variables`).
    NameList,
    /// A non-empty list of spoken lines.
    Lines,
    /// One spoken line, or a non-empty list of alternative phrasings.
    Say,
    /// A non-empty list of steps.
    Steps,
    /// A mapping of snippet id to text.
    Snippets,
}

#[derive(Debug)]
pub struct Field {
    pub key: &'static str,
    pub ty: Ty,
    pub required: bool,
    pub doc: (&'static str, &'static str),
}

const fn field(
    key: &'static str,
    ty: Ty,
    required: bool,
    zh: &'static str,
    en: &'static str,
) -> Field {
    Field {
        key,
        ty,
        required,
        doc: (zh, en),
    }
}

pub static SCRIPT_FIELDS: &[Field] = &[
    field(
        "id",
        Ty::Id,
        true,
        "话术的唯一编号，如 card.loss-report",
        "unique id of the script, e.g. card.loss-report",
    ),
    field("title", Ty::Text, true, "话术标题", "title of the script"),
    field(
        "channel",
        Ty::Enum(CHANNELS),
        false,
        "渠道：phone（电话）或 online（在线），默认取配置 defaults.channel，否则 phone",
        "channel: phone or online (default: config defaults.channel, else phone)",
    ),
    field(
        "direction",
        Ty::Enum(DIRECTIONS),
        false,
        "呼叫方向：inbound（客户来电、来访、咨询）或 outbound（银行外呼），默认取配置 defaults.direction，否则 inbound",
        "call direction: inbound (the customer calls) or outbound (the bank calls) (default: config defaults.direction, else inbound)",
    ),
    field(
        "category",
        Ty::Enum(CATEGORIES),
        true,
        "类别：inquiry 咨询、service 业务办理、complaint 投诉、sales 营销",
        "category: inquiry, service, complaint or sales",
    ),
    field("tags", Ty::TextList, false, "标签", "tags"),
    field("owner", Ty::Text, false, "维护部门", "owning team"),
    field(
        "variables",
        Ty::NameList,
        false,
        "本话术额外可用的占位符",
        "extra placeholders this script may use",
    ),
    field(
        "opener",
        Ty::Lines,
        true,
        "开场白（非空列表）",
        "opener: a non-empty list of lines",
    ),
    field(
        "steps",
        Ty::Steps,
        true,
        "服务步骤（非空列表）",
        "steps: a non-empty list",
    ),
    field(
        "closing",
        Ty::Lines,
        true,
        "结束语（非空列表）",
        "closing: a non-empty list of lines",
    ),
];

pub static STEP_FIELDS: &[Field] = &[
    field(
        "stage",
        Ty::Enum(STAGES),
        true,
        "阶段：listen 倾听、clarify 澄清、empathy 安抚、resolve 解决、callback 回电承诺",
        "stage: listen, clarify, empathy, resolve or callback",
    ),
    field(
        "say",
        Ty::Say,
        true,
        "坐席说的话：一句，或几种可替换的说法",
        "what the agent says: a line, or a list of alternative phrasings",
    ),
    field(
        "question",
        Ty::Enum(QUESTIONS),
        false,
        "仅用于 clarify：open 开放式或 closed 封闭式提问",
        "clarify only: open or closed question",
    ),
    field(
        "when",
        Ty::Text,
        false,
        "适用情形（不朗读，不检查）",
        "when this step applies (not spoken, not linted)",
    ),
    field(
        "note",
        Ty::Text,
        false,
        "给坐席的提示（不朗读，不检查）",
        "agent instruction (not spoken, not linted)",
    ),
];

pub static SNIPPET_FILE_FIELDS: &[Field] = &[field(
    "snippets",
    Ty::Snippets,
    true,
    "共享话术：编号 -> 文本",
    "shared lines: id -> text",
)];

pub static USE_FIELDS: &[Field] = &[field(
    "use",
    Ty::Id,
    true,
    "引用的共享话术编号",
    "id of the snippet this line stands for",
)];

pub fn is_id(s: &str) -> bool {
    let mut bytes = s.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z' | b'0'..=b'9'))
        && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'.' | b'_' | b'-'))
}

pub fn is_placeholder_name(s: &str) -> bool {
    let mut bytes = s.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z' | b'_'))
        && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_'))
}

/// A text value from the file, with where it stands and how it was written.
#[derive(Debug, Clone)]
pub struct Text {
    pub value: String,
    pub span: Range<usize>,
    pub style: ScalarStyle,
    /// How the value maps to its source, built on the first sub-span asked
    /// for (and shared by clones): then each further one costs a look-up.
    mapping: Arc<OnceLock<Mapping>>,
}

impl Text {
    /// The source span of `range` (byte offsets into the value): exact where
    /// the quoting maps exactly, else the whole value.
    pub fn sub_span(&self, source: &str, range: Range<usize>) -> Range<usize> {
        self.mapped(source, range).0
    }

    /// The source span of `range` only when it maps exactly (for fixes).
    pub fn exact_sub_span(&self, source: &str, range: Range<usize>) -> Option<Range<usize>> {
        let (span, exact) = self.mapped(source, range);
        exact.then_some(span)
    }

    fn mapped(&self, source: &str, range: Range<usize>) -> (Range<usize>, bool) {
        self.mapping
            .get_or_init(|| Mapping::build(source, self.span.clone(), self.style, &self.value))
            .sub_span(self.span.clone(), &self.value, range)
    }

    fn from_node(node: &Node) -> Option<Text> {
        let s = node.as_scalar()?;
        let value = match s.resolved_type() {
            ScalarType::String => s.value.clone(),
            // An empty `- ` is an empty line (empty-line's to report), not a type error.
            ScalarType::Null => String::new(),
            _ => return None,
        };
        Some(Text {
            value,
            span: node.span.clone(),
            style: s.style,
            mapping: Arc::default(),
        })
    }
}

/// A spoken line: literal text, or `{use: id}` standing for a snippet's text.
#[derive(Debug, Clone)]
pub enum Line {
    Text(Text),
    Use { id: Text, span: Range<usize> },
}

#[derive(Debug, Clone)]
pub struct LineList {
    pub key_span: Range<usize>,
    pub lines: Vec<Line>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Listen,
    Clarify,
    Empathy,
    Resolve,
    Callback,
}

#[derive(Debug, Clone)]
pub struct Step {
    pub span: Range<usize>,
    pub stage: Option<Stage>,
    /// The `stage` value, where step-order findings point.
    pub stage_span: Option<Range<usize>>,
    pub say_key_span: Option<Range<usize>>,
    pub say: Vec<Line>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Phone,
    Online,
}

/// Who called whom: an outbound call opens and closes differently
/// (confirm whom the agent speaks to, say why the bank calls; thank them
/// for answering).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    #[default]
    Inbound,
    Outbound,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    Inquiry,
    Service,
    Complaint,
    Sales,
}

#[derive(Debug, Clone)]
pub struct Script {
    pub id: Option<Text>,
    pub channel: Option<Channel>,
    pub direction: Option<Direction>,
    pub category: Option<Category>,
    /// The `category` value.
    pub category_span: Option<Range<usize>>,
    /// The `steps` key.
    pub steps_key_span: Option<Range<usize>>,
    pub variables: Vec<String>,
    pub opener: Option<LineList>,
    pub steps: Vec<Step>,
    pub closing: Option<LineList>,
}

impl Script {
    /// Every spoken line with the section it stands in, in file order.
    pub fn spoken_lines(&self) -> impl Iterator<Item = &Line> {
        let opener = self.opener.iter().flat_map(|l| l.lines.iter());
        let steps = self.steps.iter().flat_map(|s| s.say.iter());
        let closing = self.closing.iter().flat_map(|l| l.lines.iter());
        opener.chain(steps).chain(closing)
    }

    /// The snippet id of every `use:` line, in file order.
    pub fn uses(&self) -> impl Iterator<Item = &Text> {
        self.spoken_lines().filter_map(|l| match l {
            Line::Use { id, .. } => Some(id),
            Line::Text(_) => None,
        })
    }
}

#[derive(Debug, Clone)]
pub struct SnippetDef {
    pub id: Text,
    pub text: Text,
}

#[derive(Debug, Clone)]
pub enum FileModel {
    // Boxed: a file model is built once per file, and the variants differ a lot in size.
    Script(Box<Script>),
    Snippets(Vec<SnippetDef>),
    /// Not a mapping at all: nothing for the rules to read.
    Neither,
}

impl FileModel {
    /// Every literal text of the file that is spoken: script lines and snippet texts.
    pub fn spoken_texts(&self) -> Vec<&Text> {
        match self {
            FileModel::Script(script) => script
                .spoken_lines()
                .filter_map(|line| match line {
                    Line::Text(t) => Some(t),
                    Line::Use { .. } => None,
                })
                .collect(),
            FileModel::Snippets(defs) => defs.iter().map(|d| &d.text).collect(),
            FileModel::Neither => Vec::new(),
        }
    }
}

/// A schema problem: where and what.
#[derive(Debug, Clone)]
pub struct SchemaProblem {
    pub span: Range<usize>,
    pub message: Msg,
    pub help: Option<Msg>,
}

/// Validate a document's root against the format and build the model.
/// Every problem is reported; the model holds whatever was well-formed.
pub fn load(root: &Node) -> (FileModel, Vec<SchemaProblem>) {
    let mut v = Validator::default();
    let model = match root.as_map() {
        Some(_) if root.get("snippets").is_some() => {
            v.object(root, SNIPPET_FILE_FIELDS);
            FileModel::Snippets(snippets(root))
        }
        // A mapping with none of a script's keys (a docker-compose.yml, a
        // CI file in scope) is one finding that says what the file is not
        // and how to keep it out, not a missing key per script field.
        Some(entries)
            if !entries.is_empty() && !SCRIPT_FIELDS.iter().any(|f| root.get(f.key).is_some()) =>
        {
            let keys: Vec<&str> = entries
                .iter()
                .filter_map(|(k, _)| k.as_scalar().map(|s| s.value.as_str()))
                .take(3)
                .collect();
            let keys = keys.join(", ");
            v.problem(
                root.span.clone(),
                msg!(zh: "不是话术文件：没有话术的任何键（这里是 {keys}）", en: "not a phrase script: none of a script's keys (this file has {keys})"),
                Some(msg!(zh: "huashu 把检查范围内的每个 YAML 文件当作话术。不是话术的文件请排除：在 huashu.yaml 中用 paths 指定话术目录（`huashu init` 生成一个），或写入 exclude，或写进 .huashuignore", en: "huashu takes every YAML file in scope for a script. Keep this one out: name the script folders in huashu.yaml's `paths` (`huashu init` writes a starter), or add it to `exclude` or .huashuignore")),
            );
            FileModel::Neither
        }
        Some(_) => {
            v.object(root, SCRIPT_FIELDS);
            FileModel::Script(Box::new(script(root)))
        }
        None => {
            let (zh, en) = root.describe();
            v.problem(
                root.span.clone(),
                msg!(zh: "文件既不是话术也不是共享话术：顶层应是映射，实际是{zh}", en: "not a phrase script or snippet file: the top level must be a mapping, found {en}"),
                Some(msg!(zh: "话术以 id、title、category、opener、steps、closing 等键开头；共享话术文件以 snippets: 开头", en: "a script starts with keys such as id, title, category, opener, steps, closing; a snippet file with snippets:")),
            );
            FileModel::Neither
        }
    };
    (model, v.problems)
}

#[derive(Default)]
struct Validator {
    problems: Vec<SchemaProblem>,
}

fn list(items: &[&str]) -> String {
    items.join(", ")
}

impl Validator {
    fn problem(&mut self, span: Range<usize>, message: Msg, help: Option<Msg>) {
        self.problems.push(SchemaProblem {
            span,
            message,
            help,
        });
    }

    fn wrong_type(&mut self, node: &Node, key: &str, want_zh: &str, want_en: &str) {
        let (zh, en) = node.describe();
        let quote_hint = matches!(&node.kind, NodeKind::Scalar(s) if s.style == ScalarStyle::Plain && !node.is_null());
        let help = quote_hint.then(|| {
            msg!(zh: "加上引号即为文本：{key}: \"…\"", en: "quote it to make it text: {key}: \"…\"")
        });
        self.problem(
            node.span.clone(),
            msg!(zh: "`{key}` 应为{want_zh}，实际是{zh}", en: "`{key}` must be {want_en}, found {en}"),
            help,
        );
    }

    fn object(&mut self, node: &Node, fields: &'static [Field]) {
        let Some(entries) = node.as_map() else {
            let (zh, en) = node.describe();
            self.problem(
                node.span.clone(),
                msg!(zh: "应为映射（键: 值），实际是{zh}", en: "expected a mapping (key: value), found {en}"),
                None,
            );
            return;
        };
        // Hash sets here and below: a 4 MB file may hold a mapping of a
        // hundred thousand keys, and each must not be compared with all before it.
        let mut seen: HashSet<&str> = HashSet::new();
        for (key, value) in entries {
            let Some(name) = key.as_scalar().map(|s| s.value.as_str()) else {
                self.problem(
                    key.span.clone(),
                    msg!(zh: "键必须是文本", en: "keys must be text"),
                    None,
                );
                continue;
            };
            if !seen.insert(name) {
                self.problem(
                    key.span.clone(),
                    msg!(zh: "键 `{name}` 重复出现", en: "duplicate key `{name}`"),
                    Some(msg!(zh: "删除或合并重复的 `{name}`", en: "remove or merge the repeated `{name}`")),
                );
                continue;
            }
            match fields.iter().find(|f| f.key == name) {
                Some(f) => self.value(value, f),
                None => {
                    let known: Vec<&str> = fields.iter().map(|f| f.key).collect();
                    let all = list(&known);
                    let help = match did_you_mean(name, known.iter().copied()) {
                        Some(s) => msg!(zh: "是不是想写 `{s}`？", en: "did you mean `{s}`?"),
                        None => msg!(zh: "可用的键：{all}", en: "known keys: {all}"),
                    };
                    self.problem(
                        key.span.clone(),
                        msg!(zh: "未知的键 `{name}`", en: "unknown key `{name}`"),
                        Some(help),
                    );
                }
            }
        }
        for f in fields.iter().filter(|f| f.required) {
            if !seen.contains(f.key) {
                let key = f.key;
                let at = node.span.start;
                self.problem(
                    at..at,
                    msg!(zh: "缺少必需的键 `{key}`", en: "missing required key `{key}`"),
                    Some(Msg::new(f.doc.0, f.doc.1)),
                );
            }
        }
    }

    fn value(&mut self, node: &Node, f: &Field) {
        let key = f.key;
        match f.ty {
            Ty::Text => self.text(node, key, true),
            Ty::Id => {
                if let Some(s) = self.text_of(node, key) {
                    if !is_id(s) {
                        self.problem(
                            node.span.clone(),
                            msg!(zh: "`{key}` 的值 `{s}` 不是合法编号", en: "`{key}` value `{s}` is not a valid id"),
                            Some(msg!(zh: "编号只用小写字母、数字和 . _ -，以字母或数字开头，如 card.loss-report", en: "ids use lowercase letters, digits and . _ -, starting with a letter or digit, e.g. card.loss-report")),
                        );
                    }
                }
            }
            Ty::Enum(allowed) => {
                if let Some(s) = self.text_of(node, key) {
                    if !allowed.contains(&s) {
                        let all = list(allowed);
                        let help = match did_you_mean(s, allowed.iter().copied()) {
                            Some(best) => {
                                msg!(zh: "是不是想写 `{best}`？可选值：{all}", en: "did you mean `{best}`? accepted values: {all}")
                            }
                            None => msg!(zh: "可选值：{all}", en: "accepted values: {all}"),
                        };
                        self.problem(
                            node.span.clone(),
                            msg!(zh: "`{key}` 的值 `{s}` 无效", en: "invalid `{key}` value `{s}`"),
                            Some(help),
                        );
                    }
                }
            }
            Ty::TextList | Ty::NameList => {
                let Some(items) = node.as_seq() else {
                    self.wrong_type(node, key, "列表", "a list");
                    return;
                };
                for item in items {
                    if matches!(f.ty, Ty::NameList) {
                        if let Some(s) = self.text_of(item, key) {
                            if !is_placeholder_name(s) {
                                self.problem(
                                    item.span.clone(),
                                    msg!(zh: "`{s}` 不是合法的占位符名", en: "`{s}` is not a valid placeholder name"),
                                    Some(msg!(zh: "占位符名只用小写字母、数字和下划线，不以数字开头，如 card_tail", en: "placeholder names use lowercase letters, digits and _, not starting with a digit, e.g. card_tail")),
                                );
                            }
                        }
                    } else {
                        self.text(item, key, true);
                    }
                }
            }
            Ty::Lines => self.lines(node, key),
            Ty::Say => {
                if node.as_seq().is_some() {
                    self.lines(node, key);
                } else {
                    self.line(node, key);
                }
            }
            Ty::Steps => {
                let Some(items) = node.as_seq() else {
                    self.wrong_type(node, key, "步骤列表", "a list of steps");
                    return;
                };
                if items.is_empty() {
                    self.empty_list(node, key);
                }
                for step in items {
                    self.object(step, STEP_FIELDS);
                    let stage = step.get("stage").and_then(|(_, v)| v.as_str());
                    if let Some((qk, _)) = step.get("question") {
                        if stage.is_some_and(|s| s != "clarify") {
                            self.problem(
                                qk.span.clone(),
                                msg!(zh: "`question` 只能用于 clarify 步骤", en: "`question` applies only to clarify steps"),
                                Some(msg!(zh: "删除 `question`，或把 stage 改为 clarify", en: "remove `question`, or make the stage clarify")),
                            );
                        }
                    }
                }
            }
            Ty::Snippets => {
                let Some(entries) = node.as_map() else {
                    self.wrong_type(node, key, "映射（编号: 文本）", "a mapping of id: text");
                    return;
                };
                let mut seen: HashSet<&str> = HashSet::new();
                for (k, v) in entries {
                    let Some(id) = k.as_str() else {
                        self.problem(
                            k.span.clone(),
                            msg!(zh: "共享话术编号必须是文本", en: "snippet ids must be text"),
                            None,
                        );
                        continue;
                    };
                    if !seen.insert(id) {
                        self.problem(
                            k.span.clone(),
                            msg!(zh: "键 `{id}` 重复出现", en: "duplicate key `{id}`"),
                            Some(msg!(zh: "每个共享话术编号只定义一次", en: "define each snippet id once")),
                        );
                        continue;
                    }
                    if !is_id(id) {
                        self.problem(
                            k.span.clone(),
                            msg!(zh: "共享话术编号 `{id}` 不合法", en: "snippet id `{id}` is not a valid id"),
                            Some(msg!(zh: "编号只用小写字母、数字和 . _ -，以字母或数字开头", en: "ids use lowercase letters, digits and . _ -, starting with a letter or digit")),
                        );
                    }
                    if v.as_scalar().is_none()
                        || !matches!(
                            v.as_scalar().map(|s| s.resolved_type()),
                            Some(ScalarType::String | ScalarType::Null)
                        )
                    {
                        self.wrong_type(v, id, "文本", "text");
                    }
                }
            }
        }
    }

    /// The node's text, reporting a type error when it is not text.
    fn text_of<'n>(&mut self, node: &'n Node, key: &str) -> Option<&'n str> {
        match node.as_str() {
            Some(s) => Some(s),
            None => {
                self.wrong_type(node, key, "文本", "text");
                None
            }
        }
    }

    fn text(&mut self, node: &Node, key: &str, non_empty: bool) {
        if node.is_null() {
            self.problem(
                node.span.clone(),
                msg!(zh: "`{key}` 不能为空", en: "`{key}` must not be empty"),
                None,
            );
            return;
        }
        if let Some(s) = self.text_of(node, key) {
            if non_empty && s.trim().is_empty() {
                self.problem(
                    node.span.clone(),
                    msg!(zh: "`{key}` 不能为空", en: "`{key}` must not be empty"),
                    None,
                );
            }
        }
    }

    fn empty_list(&mut self, node: &Node, key: &str) {
        self.problem(
            node.span.clone(),
            msg!(zh: "`{key}` 不能是空列表", en: "`{key}` must not be an empty list"),
            None,
        );
    }

    fn lines(&mut self, node: &Node, key: &str) {
        let Some(items) = node.as_seq() else {
            if node.is_null() {
                self.empty_list(node, key);
            } else {
                self.wrong_type(node, key, "由台词组成的列表", "a list of lines");
            }
            return;
        };
        if items.is_empty() {
            self.empty_list(node, key);
        }
        for item in items {
            self.line(item, key);
        }
    }

    fn line(&mut self, node: &Node, key: &str) {
        match &node.kind {
            NodeKind::Map(_) => self.object(node, USE_FIELDS),
            NodeKind::Seq(_) => self.wrong_type(
                node,
                key,
                "一句台词（文本或 {use: 编号}）",
                "a line (text or {use: id})",
            ),
            NodeKind::Scalar(s) => {
                if matches!(s.resolved_type(), ScalarType::Bool | ScalarType::Number) {
                    self.wrong_type(
                        node,
                        key,
                        "一句台词（文本或 {use: 编号}）",
                        "a line (text or {use: id})",
                    );
                }
            }
        }
    }
}

fn text_field(node: &Node, key: &str) -> Option<Text> {
    node.get(key)
        .and_then(|(_, v)| v.as_str().map(|_| v))
        .and_then(Text::from_node)
}

fn line(node: &Node) -> Option<Line> {
    match &node.kind {
        NodeKind::Map(_) => {
            let (_, id) = node.get("use")?;
            id.as_str()?;
            Some(Line::Use {
                id: Text::from_node(id)?,
                span: node.span.clone(),
            })
        }
        _ => Text::from_node(node).map(Line::Text),
    }
}

fn lines(node: &Node) -> Vec<Line> {
    match node.as_seq() {
        Some(items) => items.iter().filter_map(line).collect(),
        None => line(node).into_iter().collect(),
    }
}

fn line_list(root: &Node, key: &str) -> Option<LineList> {
    let (k, v) = root.get(key)?;
    Some(LineList {
        key_span: k.span.clone(),
        lines: lines(v),
    })
}

fn script(root: &Node) -> Script {
    let enum_value = |key: &str| root.get(key).and_then(|(_, v)| v.as_str());
    let steps = root
        .get("steps")
        .and_then(|(_, v)| v.as_seq())
        .unwrap_or_default()
        .iter()
        .map(|step| Step {
            span: step.span.clone(),
            stage: step
                .get("stage")
                .and_then(|(_, v)| v.as_str())
                .and_then(|s| match s {
                    "listen" => Some(Stage::Listen),
                    "clarify" => Some(Stage::Clarify),
                    "empathy" => Some(Stage::Empathy),
                    "resolve" => Some(Stage::Resolve),
                    "callback" => Some(Stage::Callback),
                    _ => None,
                }),
            stage_span: step.get("stage").map(|(_, v)| v.span.clone()),
            say_key_span: step.get("say").map(|(k, _)| k.span.clone()),
            say: step.get("say").map(|(_, v)| lines(v)).unwrap_or_default(),
        })
        .collect();
    Script {
        id: text_field(root, "id"),
        channel: enum_value("channel").and_then(|s| match s {
            "phone" => Some(Channel::Phone),
            "online" => Some(Channel::Online),
            _ => None,
        }),
        direction: enum_value("direction").and_then(|s| match s {
            "inbound" => Some(Direction::Inbound),
            "outbound" => Some(Direction::Outbound),
            _ => None,
        }),
        category: enum_value("category").and_then(|s| match s {
            "inquiry" => Some(Category::Inquiry),
            "service" => Some(Category::Service),
            "complaint" => Some(Category::Complaint),
            "sales" => Some(Category::Sales),
            _ => None,
        }),
        category_span: root.get("category").map(|(_, v)| v.span.clone()),
        steps_key_span: root.get("steps").map(|(k, _)| k.span.clone()),
        variables: root
            .get("variables")
            .and_then(|(_, v)| v.as_seq())
            .unwrap_or_default()
            .iter()
            .filter_map(|n| n.as_str().map(str::to_string))
            .collect(),
        opener: line_list(root, "opener"),
        steps,
        closing: line_list(root, "closing"),
    }
}

fn snippets(root: &Node) -> Vec<SnippetDef> {
    let Some((_, map)) = root.get("snippets") else {
        return Vec::new();
    };
    let mut seen: HashSet<&str> = HashSet::new();
    map.as_map()
        .unwrap_or_default()
        .iter()
        .filter_map(|(k, v)| {
            let id = k.as_str()?;
            if !seen.insert(id) {
                return None;
            }
            Some(SnippetDef {
                id: Text::from_node(k)?,
                text: Text::from_node(v)?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse;

    fn problems(doc: &str) -> Vec<String> {
        let root = parse(doc).root.unwrap();
        load(&root)
            .1
            .into_iter()
            .map(|p| p.message.en.into_owned())
            .collect()
    }

    #[test]
    fn every_problem_at_once() {
        let doc = "id: a\ntitle: t\ncategory: servce\nopener: [您好]\nsteps:\n  - stage: listen\n    say: 嗯\nclosng: [再见]\n";
        let p = problems(doc);
        assert_eq!(p.len(), 3, "{p:?}");
        assert!(p[0].contains("invalid `category` value `servce`"));
        assert!(p[1].contains("unknown key `closng`"));
        assert!(p[2].contains("missing required key `closing`"));
    }

    #[test]
    fn ids_and_names() {
        assert!(is_id("card.loss-report"));
        assert!(is_id("0day"));
        assert!(!is_id("Card"));
        assert!(!is_id(""));
        assert!(!is_id("-x"));
        assert!(is_placeholder_name("card_tail"));
        assert!(is_placeholder_name("_x"));
        assert!(!is_placeholder_name("1x"));
        assert!(!is_placeholder_name("Name"));
    }

    #[test]
    fn question_only_on_clarify() {
        let doc = "id: a\ntitle: t\ncategory: service\nopener: [您好]\nsteps:\n  - stage: listen\n    question: open\n    say: 嗯\nclosing: [再见]\n";
        let p = problems(doc);
        assert_eq!(p, ["`question` applies only to clarify steps"]);
    }

    #[test]
    fn numbers_are_not_text() {
        let doc = "id: a\ntitle: 2024\ncategory: service\nopener: [您好]\nsteps:\n  - stage: listen\n    say: 嗯\nclosing: [再见]\n";
        assert_eq!(problems(doc), ["`title` must be text, found a number"]);
    }

    #[test]
    fn snippet_file_is_told_apart() {
        let root = parse("snippets:\n  hello: 您好\n").root.unwrap();
        let (model, problems) = load(&root);
        assert!(problems.is_empty());
        assert!(matches!(model, FileModel::Snippets(ref d) if d.len() == 1));
    }
}
