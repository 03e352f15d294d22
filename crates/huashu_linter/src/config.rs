//! huashu.yaml (FORMAT.md §4): strict validation of its text, with a span
//! into the file for every problem. A bad config is the tool failing to do
//! its job (exit 2), so every problem is collected and shown at once.
//!
//! Text in, `Config` out: finding huashu.yaml, deciding whether to trust it
//! and reading it (and a standard file it names) is the caller's — the
//! command line's `config_file`, an editor's open buffers.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::finding::{Lang, Msg, Severity};
use crate::model::{is_placeholder_name, Channel, Direction, CHANNELS, DIRECTIONS};
use crate::msg;
use crate::rules;
use crate::source::Source;
use crate::standard::{ForbiddenGroup, Standard, StandardData};
use crate::suggest::did_you_mean;
use crate::yaml::{self, Node};

pub const CONFIG_NAMES: &[&str] = &["huashu.yaml", ".huashu.yaml"];
pub const DEFAULT_MAX_FILE_SIZE_MB: u64 = 4;

/// The longest `exclude` pattern accepted.
pub const MAX_GLOB_CHARS: usize = 1000;

pub static CONFIG_KEYS: &[(&str, &str, &str)] = &[
    (
        "standard",
        "服务规范：default（内置）或规范文件路径",
        "service standard: default (built in) or a path to a standard file",
    ),
    (
        "bank",
        "银行信息：name（也算作报出行名）",
        "bank: name (also satisfies the bank-name element)",
    ),
    (
        "lexicon",
        "对规范词表的增删：<词表>.add / <词表>.remove",
        "additions to and removals from the standard's word lists: <list>.add / <list>.remove",
    ),
    (
        "paths",
        "要检查的路径（相对配置文件）",
        "paths to check (relative to the config file)",
    ),
    ("exclude", "排除的 glob 模式", "glob patterns to skip"),
    (
        "defaults",
        "默认值：channel、direction",
        "defaults: channel, direction",
    ),
    (
        "placeholders",
        "所有话术都可用的额外占位符",
        "extra placeholders allowed everywhere",
    ),
    (
        "rules",
        "按规则覆盖：severity 与规则选项",
        "per-rule overrides: severity and rule options",
    ),
    ("lang", "消息语言：zh 或 en", "message language: zh or en"),
    (
        "max_file_size_mb",
        "单个文件大小上限（MB），默认 4",
        "largest file read, in MB (default 4)",
    ),
];

/// A rule's severity as configured: its default, a new one, or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Default,
    Set(Severity),
    Off,
}

#[derive(Debug, Clone)]
pub struct RuleSetting {
    pub level: Level,
    pub options: BTreeMap<String, u64>,
}

/// The word lists huashu.yaml may edit, and whether `add` takes a mapping
/// (term: note) or a list.
pub static LEXICON_LISTS: &[(&str, bool)] = &[
    ("jargon", true),
    ("forbidden", true),
    ("explanation-markers", false),
    ("vague-commitment", false),
    ("casual-address", false),
    ("sensitive-data", false),
];

/// One `lexicon.<list>` entry of huashu.yaml.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LexiconEdit {
    pub list: String,
    pub add: Vec<(String, String)>,
    pub remove: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Config {
    /// The huashu.yaml in force, if any.
    pub file: Option<PathBuf>,
    /// The folder config paths are relative to: the config's folder, else the working directory.
    pub root: PathBuf,
    pub paths: Vec<PathBuf>,
    pub exclude: GlobSet,
    /// The `exclude` patterns as written (`--show-settings`).
    pub exclude_patterns: Vec<String>,
    pub default_channel: Channel,
    pub default_direction: Direction,
    pub placeholders: Vec<String>,
    pub rules: BTreeMap<String, RuleSetting>,
    pub lang: Option<Lang>,
    pub max_file_size: u64,
    /// The effective service standard: the built-in or the named one, with
    /// `bank.name`, `lexicon` and the rule options merged in; compiled on
    /// first use.
    pub standard: LazyStandard,
    /// The standard file named by `standard:`, never checked as a script.
    pub standard_file: Option<PathBuf>,
}

/// A standard's data, compiled into its matchers the first time a rule
/// reads it. Compiling is most of a one-file run's work, so it happens once
/// per run, for the standard in force only: loading a huashu.yaml that edits
/// the built-in standard never compiles the built-in one, and commands that
/// only print the standard never compile at all. Cheap to clone (shared).
#[derive(Debug, Clone)]
pub struct LazyStandard(Arc<LazyInner>);

#[derive(Debug)]
struct LazyInner {
    data: StandardData,
    compiled: OnceLock<Standard>,
}

impl LazyStandard {
    pub fn new(data: StandardData) -> LazyStandard {
        LazyStandard(Arc::new(LazyInner {
            data,
            compiled: OnceLock::new(),
        }))
    }

    /// The standard as data (what `huashu standard` prints), without compiling it.
    pub fn data(&self) -> &StandardData {
        &self.0.data
    }

    /// The compiled standard.
    pub fn get(&self) -> &Standard {
        self.0
            .compiled
            .get_or_init(|| Standard::new(self.0.data.clone()))
    }
}

impl std::ops::Deref for LazyStandard {
    type Target = Standard;

    fn deref(&self) -> &Standard {
        self.get()
    }
}

/// The built-in standard, read once, compiled when first used.
fn builtin_standard() -> LazyStandard {
    static BUILTIN: OnceLock<LazyStandard> = OnceLock::new();
    BUILTIN
        .get_or_init(|| LazyStandard::new(StandardData::builtin()))
        .clone()
}

impl Default for Config {
    fn default() -> Config {
        Config {
            file: None,
            root: PathBuf::from("."),
            paths: Vec::new(),
            exclude: GlobSet::empty(),
            exclude_patterns: Vec::new(),
            default_channel: Channel::Phone,
            default_direction: Direction::Inbound,
            placeholders: Vec::new(),
            rules: BTreeMap::new(),
            lang: None,
            max_file_size: DEFAULT_MAX_FILE_SIZE_MB * 1024 * 1024,
            standard: builtin_standard(),
            standard_file: None,
        }
    }
}

/// Everything wrong with a config file, each with its span.
#[derive(Debug, Clone)]
pub struct ConfigError {
    pub source: Arc<Source>,
    pub problems: Vec<(Range<usize>, Msg, Option<Msg>)>,
}

impl Config {
    /// `--extend-select`: the rules named (ids, groups or `all`) that this
    /// config turns off run again, at their default severity.
    pub fn turn_on(&mut self, selectors: &[String]) {
        for r in rules::ALL_RULES {
            let m = r.meta();
            let named = selectors
                .iter()
                .any(|s| s == m.id || s == m.group.as_str() || s == "all");
            if let Some(setting) = self.rules.get_mut(m.id) {
                if named && setting.level == Level::Off {
                    setting.level = Level::Default;
                }
            }
        }
    }

    pub fn level(&self, rule: &rules::RuleMeta) -> Option<Severity> {
        match self.rules.get(rule.id).map_or(Level::Default, |s| s.level) {
            Level::Default => Some(rule.severity),
            Level::Set(s) => Some(s),
            Level::Off => None,
        }
    }

    /// Validate huashu.yaml's `text`, shown as `display`. `file` is where it
    /// is: its folder is the root that `paths` and `standard:` are relative
    /// to. A standard file the config names comes from `read_standard`,
    /// given the path joined to the root (the caller reads it, and may refuse
    /// it with a `ConfigError`). `Err` carries every problem found.
    pub fn from_yaml(
        text: String,
        display: Arc<str>,
        file: &Path,
        read_standard: &dyn Fn(&Path) -> Result<StandardText, ConfigError>,
    ) -> Result<Config, ConfigError> {
        let root = root_of(file);
        let source = Arc::new(Source::new(display, text));
        let mut v = ConfigValidator {
            problems: Vec::new(),
            edits: Edits::default(),
        };
        let mut config = v.config(&source.text, root, file);
        if !v.problems.is_empty() {
            return Err(ConfigError {
                source,
                problems: v.problems,
            });
        }
        let mut data = match &v.edits.standard {
            None => builtin_standard().data().clone(),
            Some(named) => {
                let path = config.root.join(named);
                config.standard_file = Some(path.clone());
                parse_standard(read_standard(&path)?)?
            }
        };
        v.edits.apply(&mut data);
        if v.edits != Edits::default() {
            config.standard = LazyStandard::new(data);
        }
        Ok(config)
    }
}

/// The folder a config file's paths are relative to: its own.
pub fn root_of(file: &Path) -> PathBuf {
    match file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A standard file's text as the caller read it, and its name as shown.
#[derive(Debug, Clone)]
pub struct StandardText {
    pub display: Arc<str>,
    pub text: String,
}

impl ConfigError {
    /// One problem with no place in the file (it could not be read …).
    pub fn whole_file(display: Arc<str>, message: Msg, help: Option<Msg>) -> ConfigError {
        ConfigError {
            source: Arc::new(Source::new(display, String::new())),
            problems: vec![(0..0, message, help)],
        }
    }
}

/// A standard file named in huashu.yaml, parsed.
fn parse_standard(file: StandardText) -> Result<StandardData, ConfigError> {
    let StandardText { display, text } = file;
    StandardData::parse(&text).map_err(|e| {
        let (mz, me) = (e.message.zh, e.message.en);
        ConfigError {
            source: Arc::new(Source::new(display, text)),
            problems: vec![(
                e.span,
                msg!(zh: "规范文件有误：{mz}", en: "invalid standard file: {me}"),
                Some(msg!(zh: "`huashu standard` 打印内置规范，可以在它的基础上修改", en: "`huashu standard` prints the built-in standard to start from")),
            )],
        }
    })
}

/// What huashu.yaml changes in the standard.
#[derive(Debug, Default, PartialEq)]
struct Edits {
    standard: Option<String>,
    bank_name: Option<String>,
    lexicon: Vec<LexiconEdit>,
    options: Vec<(String, String, u64)>,
}

impl Edits {
    fn apply(&self, data: &mut StandardData) {
        // Every merge is idempotent: a saved effective standard, named by
        // `standard:` beside the same huashu.yaml, is not changed twice.
        if let Some(name) = &self.bank_name {
            if !data.opener.bank_name.phrases.contains(name) {
                data.opener.bank_name.phrases.push(name.clone());
            }
        }
        for edit in &self.lexicon {
            let lex = &mut data.lexicon;
            let list = match edit.list.as_str() {
                "jargon" => {
                    for (term, plain) in &edit.add {
                        lex.jargon.insert(term.clone(), plain.clone());
                    }
                    for term in &edit.remove {
                        lex.jargon.remove(term);
                    }
                    continue;
                }
                "forbidden" => {
                    let remove: HashSet<&String> = edit.remove.iter().collect();
                    for group in lex.forbidden.values_mut() {
                        group.phrases.retain(|p| !remove.contains(p));
                    }
                    if !edit.add.is_empty() {
                        let custom = lex.forbidden.entry("custom".into()).or_insert_with(|| {
                            ForbiddenGroup {
                                name: None,
                                patterns: Vec::new(),
                                unless: Vec::new(),
                                reason: crate::standard::Bilingual {
                                    zh: "huashu.yaml 中列为禁用".into(),
                                    en: "listed as forbidden in huashu.yaml".into(),
                                },
                                suggestion: crate::standard::Bilingual {
                                    zh: "换一种符合服务规范的说法".into(),
                                    en: "say it in a way the service standard allows".into(),
                                },
                                sales_only: false,
                                phrases: Vec::new(),
                                allowed: Vec::new(),
                                notes: BTreeMap::new(),
                            }
                        });
                        let mut known: HashSet<String> = custom.phrases.iter().cloned().collect();
                        for (phrase, note) in &edit.add {
                            if known.insert(phrase.clone()) {
                                custom.phrases.push(phrase.clone());
                            }
                            if !note.is_empty() {
                                custom.notes.insert(phrase.clone(), note.clone());
                            }
                        }
                    }
                    continue;
                }
                "explanation-markers" => &mut lex.explanation_markers,
                "vague-commitment" => &mut lex.vague_commitment,
                "casual-address" => &mut lex.casual_address,
                "sensitive-data" => &mut lex.sensitive_data.nouns,
                _ => continue,
            };
            // Hash sets: a lexicon edit may list tens of thousands of terms.
            let remove: HashSet<&String> = edit.remove.iter().collect();
            list.retain(|p| !remove.contains(p));
            let mut known: HashSet<String> = list.iter().cloned().collect();
            for (phrase, _) in &edit.add {
                if known.insert(phrase.clone()) {
                    list.push(phrase.clone());
                }
            }
        }
        for (rule, option, value) in &self.options {
            let apply = crate::rules::find(rule)
                .and_then(|r| r.meta().options.iter().find(|o| o.name == option))
                .map(|o| o.apply);
            if let Some(apply) = apply {
                apply(data, *value);
            }
        }
    }
}

struct ConfigValidator {
    problems: Vec<(Range<usize>, Msg, Option<Msg>)>,
    edits: Edits,
}

impl ConfigValidator {
    fn problem(&mut self, span: Range<usize>, message: Msg, help: Option<Msg>) {
        self.problems.push((span, message, help));
    }

    fn unknown_key(&mut self, key: &Node, name: &str, known: &[&str]) {
        let all = known.join(", ");
        let help = match did_you_mean(name, known.iter().copied()) {
            Some(s) => msg!(zh: "是不是想写 `{s}`？", en: "did you mean `{s}`?"),
            None => msg!(zh: "可用的键：{all}", en: "known keys: {all}"),
        };
        self.problem(
            key.span.clone(),
            msg!(zh: "未知的配置项 `{name}`", en: "unknown config key `{name}`"),
            Some(help),
        );
    }

    fn string<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n str> {
        let s = node.as_str();
        if s.is_none() {
            let (zh, en) = node.describe();
            self.problem(
                node.span.clone(),
                msg!(zh: "`{what}` 应为文本，实际是{zh}", en: "`{what}` must be text, found {en}"),
                None,
            );
        }
        s
    }

    fn strings<'n>(&mut self, node: &'n Node, what: &str) -> Vec<(&'n str, &'n Node)> {
        match node.as_seq() {
            Some(items) => items
                .iter()
                .filter_map(|i| self.string(i, what).map(|s| (s, i)))
                .collect(),
            None => {
                let (zh, en) = node.describe();
                self.problem(node.span.clone(), msg!(zh: "`{what}` 应为列表，实际是{zh}", en: "`{what}` must be a list, found {en}"), None);
                Vec::new()
            }
        }
    }

    fn entries<'n>(&mut self, node: &'n Node, what: &str) -> Vec<(&'n str, &'n Node, &'n Node)> {
        match node.as_map() {
            Some(entries) => {
                let mut seen: HashSet<&str> = HashSet::new();
                let mut out = Vec::new();
                for (k, v) in entries {
                    let Some(name) = k.as_str() else {
                        self.problem(
                            k.span.clone(),
                            msg!(zh: "键必须是文本", en: "keys must be text"),
                            None,
                        );
                        continue;
                    };
                    if !seen.insert(name) {
                        self.problem(
                            k.span.clone(),
                            msg!(zh: "键 `{name}` 重复出现", en: "duplicate key `{name}`"),
                            None,
                        );
                        continue;
                    }
                    out.push((name, k, v));
                }
                out
            }
            None => {
                let (zh, en) = node.describe();
                self.problem(node.span.clone(), msg!(zh: "`{what}` 应为映射，实际是{zh}", en: "`{what}` must be a mapping, found {en}"), None);
                Vec::new()
            }
        }
    }

    fn config(&mut self, text: &str, root: PathBuf, path: &Path) -> Config {
        let mut config = Config {
            file: Some(path.to_path_buf()),
            root,
            ..Config::default()
        };
        let parsed = yaml::parse(text);
        for p in &parsed.problems {
            let m = match &p.kind {
                yaml::LoadProblemKind::Syntax(m) => {
                    msg!(zh: "YAML 语法错误：{m}", en: "YAML syntax error: {m}")
                }
                yaml::LoadProblemKind::ExtraDocument => {
                    msg!(zh: "配置文件只能有一个 YAML 文档", en: "the config file must hold one YAML document")
                }
                _ => {
                    msg!(zh: "配置文件过大或嵌套过深", en: "the config file is too large or too deeply nested")
                }
            };
            self.problem(p.span.clone(), m, None);
        }
        let Some(root) = parsed.root else {
            return config;
        };
        if root.is_null() {
            return config;
        }
        let known: Vec<&str> = CONFIG_KEYS.iter().map(|(k, _, _)| *k).collect();
        let mut exclude = GlobSetBuilder::new();
        let mut exclude_span = 0..0;
        for (name, key, value) in self.entries(&root, "huashu.yaml") {
            match name {
                "paths" => {
                    config.paths = self.strings(value, "paths").into_iter().map(|(s, _)| config.root.join(s)).collect();
                }
                "exclude" => {
                    exclude_span = value.span.clone();
                    for (pattern, node) in self.strings(value, "exclude") {
                        // Every path of the walk is matched against every
                        // pattern: a 100,000-character glob would make each
                        // match slow. Real patterns are a few dozen characters.
                        if pattern.chars().count() > MAX_GLOB_CHARS {
                            self.problem(node.span.clone(), msg!(zh: "glob 模式超过 {MAX_GLOB_CHARS} 个字符", en: "glob pattern longer than {MAX_GLOB_CHARS} characters"), Some(msg!(zh: "用更短的模式，例如 scripts/drafts/**", en: "use a shorter pattern, e.g. scripts/drafts/**")));
                            continue;
                        }
                        match Glob::new(pattern) {
                            Ok(g) => {
                                exclude.add(g);
                                config.exclude_patterns.push(pattern.to_string());
                            }
                            Err(e) => self.problem(node.span.clone(), msg!(zh: "无效的 glob 模式：{e}", en: "invalid glob pattern: {e}"), None),
                        }
                    }
                }
                "defaults" => {
                    for (dname, dkey, dvalue) in self.entries(value, "defaults") {
                        match dname {
                            "channel" => match self.string(dvalue, "channel") {
                                Some("phone") => config.default_channel = Channel::Phone,
                                Some("online") => config.default_channel = Channel::Online,
                                Some(other) => {
                                    let all = CHANNELS.join(", ");
                                    self.problem(dvalue.span.clone(), msg!(zh: "无效的渠道 `{other}`", en: "invalid channel `{other}`"), Some(msg!(zh: "可选值：{all}", en: "accepted values: {all}")));
                                }
                                None => {}
                            },
                            "direction" => match self.string(dvalue, "direction") {
                                Some("inbound") => config.default_direction = Direction::Inbound,
                                Some("outbound") => config.default_direction = Direction::Outbound,
                                Some(other) => {
                                    let all = DIRECTIONS.join(", ");
                                    self.problem(dvalue.span.clone(), msg!(zh: "无效的呼叫方向 `{other}`", en: "invalid direction `{other}`"), Some(msg!(zh: "可选值：{all}", en: "accepted values: {all}")));
                                }
                                None => {}
                            },
                            other => self.unknown_key(dkey, other, &["channel", "direction"]),
                        }
                    }
                }
                "placeholders" => {
                    for (p, node) in self.strings(value, "placeholders") {
                        if is_placeholder_name(p) {
                            config.placeholders.push(p.to_string());
                        } else {
                            self.problem(node.span.clone(), msg!(zh: "`{p}` 不是合法的占位符名", en: "`{p}` is not a valid placeholder name"), Some(msg!(zh: "占位符名只用小写字母、数字和下划线，如 branch_name", en: "placeholder names use lowercase letters, digits and _, e.g. branch_name")));
                        }
                    }
                }
                "rules" => self.rules(value, &mut config),
                "standard" => {
                    if let Some(s) = self.string(value, "standard") {
                        if s != "default" {
                            self.edits.standard = Some(s.to_string());
                        }
                    }
                }
                "bank" => {
                    for (bname, bkey, bvalue) in self.entries(value, "bank") {
                        match bname {
                            "name" => {
                                if let Some(n) = self.string(bvalue, "name") {
                                    if n.trim().is_empty() {
                                        self.problem(bvalue.span.clone(), msg!(zh: "`bank.name` 不能为空", en: "`bank.name` must not be empty"), None);
                                    } else {
                                        self.edits.bank_name = Some(n.to_string());
                                    }
                                }
                            }
                            other => self.unknown_key(bkey, other, &["name"]),
                        }
                    }
                }
                "lexicon" => self.lexicon(value),
                "lang" => match self.string(value, "lang") {
                    Some("zh") => config.lang = Some(Lang::Zh),
                    Some("en") => config.lang = Some(Lang::En),
                    Some(other) => self.problem(value.span.clone(), msg!(zh: "无效的语言 `{other}`", en: "invalid lang `{other}`"), Some(msg!(zh: "可选值：zh, en", en: "accepted values: zh, en"))),
                    None => {}
                },
                "max_file_size_mb" => match value.as_scalar().and_then(|s| s.value.parse::<u64>().ok()).filter(|n| *n > 0 && value.as_str().is_none()) {
                    Some(mb) => config.max_file_size = mb.saturating_mul(1024 * 1024),
                    None => self.problem(value.span.clone(), msg!(zh: "`max_file_size_mb` 应为正整数", en: "`max_file_size_mb` must be a positive whole number"), None),
                },
                other => self.unknown_key(key, other, &known),
            }
        }
        // A set too large to compile (a glob bomb: thousands of alternations)
        // is an error, never a silently empty set that excludes nothing.
        match exclude.build() {
            Ok(set) => config.exclude = set,
            Err(e) => self.problem(exclude_span, msg!(zh: "`exclude` 的模式无法编译：{e}", en: "the `exclude` patterns cannot be compiled: {e}"), Some(msg!(zh: "用更少、更简单的 glob 模式", en: "use fewer, simpler glob patterns"))),
        }
        config
    }

    fn lexicon(&mut self, node: &Node) {
        let names: Vec<&str> = LEXICON_LISTS.iter().map(|(n, _)| *n).collect();
        for (list, key, value) in self.entries(node, "lexicon") {
            let Some(&(_, is_map)) = LEXICON_LISTS.iter().find(|(n, _)| *n == list) else {
                let all = names.join(", ");
                let help = match did_you_mean(list, names.iter().copied()) {
                    Some(s) => {
                        msg!(zh: "是不是想写 `{s}`？可编辑的词表：{all}", en: "did you mean `{s}`? editable lists: {all}")
                    }
                    None => msg!(zh: "可编辑的词表：{all}", en: "editable lists: {all}"),
                };
                self.problem(
                    key.span.clone(),
                    msg!(zh: "未知的词表 `{list}`", en: "unknown word list `{list}`"),
                    Some(help),
                );
                continue;
            };
            let mut edit = LexiconEdit {
                list: list.to_string(),
                ..LexiconEdit::default()
            };
            for (op, okey, ovalue) in self.entries(value, list) {
                match op {
                    "add" if is_map => {
                        for (term, tkey, note) in self.entries(ovalue, "add") {
                            if list != "jargon" {
                                self.pattern(term, tkey);
                            }
                            let note = if note.is_null() {
                                Some("")
                            } else {
                                self.string(note, term)
                            };
                            if let Some(note) = note {
                                edit.add.push((term.to_string(), note.to_string()));
                            }
                        }
                    }
                    "add" => {
                        for (entry, enode) in self.strings(ovalue, "add") {
                            self.pattern(entry, enode);
                            edit.add.push((entry.to_string(), String::new()));
                        }
                    }
                    "remove" => edit.remove.extend(
                        self.strings(ovalue, "remove")
                            .into_iter()
                            .map(|(s, _)| s.to_string()),
                    ),
                    other => self.unknown_key(okey, other, &["add", "remove"]),
                }
            }
            self.edits.lexicon.push(edit);
        }
    }

    /// A word-list entry written as a phrase pattern must be one.
    fn pattern(&mut self, entry: &str, node: &Node) {
        if !crate::text::lexicon::is_pattern(entry) {
            return;
        }
        if let Err(e) = crate::text::pattern::Pattern::parse_checked(entry) {
            let (ez, ee) = (&e.message.zh, &e.message.en);
            self.problem(
                node.span.clone(),
                msg!(zh: "模式“{entry}”有误：{ez}", en: "bad pattern `{entry}`: {ee}"),
                Some(msg!(zh: "模式的写法见 docs/standard.md 或 `huashu standard` 里的例子", en: "the pattern syntax: docs/standard.md, or the examples in `huashu standard`")),
            );
        }
    }

    fn rules(&mut self, node: &Node, config: &mut Config) {
        let all_ids: Vec<&str> = rules::ids().collect();
        for (id, key, value) in self.entries(node, "rules") {
            let Some(rule) = rules::find(id) else {
                let help = match did_you_mean(id, all_ids.iter().copied()) {
                    Some(s) => {
                        msg!(zh: "是不是想写 `{s}`？`huashu rules` 列出所有规则", en: "did you mean `{s}`? `huashu rules` lists every rule")
                    }
                    None => {
                        msg!(zh: "`huashu rules` 列出所有规则", en: "`huashu rules` lists every rule")
                    }
                };
                self.problem(
                    key.span.clone(),
                    msg!(zh: "未知的规则 `{id}`", en: "unknown rule `{id}`"),
                    Some(help),
                );
                continue;
            };
            let meta = rule.meta();
            let mut setting = RuleSetting {
                level: Level::Default,
                options: BTreeMap::new(),
            };
            // `rule: off` and `rule: warning` are accepted as shorthand for `{severity: …}`.
            let entries: Vec<(&str, &Node, &Node)> = if value.as_scalar().is_some() {
                vec![("severity", key, value)]
            } else {
                self.entries(value, id)
            };
            for (name, okey, ovalue) in entries {
                if name == "severity" {
                    setting.level = match self.string(ovalue, "severity") {
                        Some("error") => Level::Set(Severity::Error),
                        Some("warning") => Level::Set(Severity::Warning),
                        Some("info") => Level::Set(Severity::Info),
                        Some("off") => Level::Off,
                        Some(other) => {
                            let choices = ["error", "warning", "info", "off"];
                            let help = match did_you_mean(other, choices) {
                                Some(s) => {
                                    msg!(zh: "是不是想写 `{s}`？可选值：error, warning, info, off", en: "did you mean `{s}`? accepted values: error, warning, info, off")
                                }
                                None => {
                                    msg!(zh: "可选值：error, warning, info, off", en: "accepted values: error, warning, info, off")
                                }
                            };
                            self.problem(ovalue.span.clone(), msg!(zh: "无效的严重级别 `{other}`", en: "invalid severity `{other}`"), Some(help));
                            Level::Default
                        }
                        None => Level::Default,
                    };
                } else if meta.options.iter().any(|o| o.name == name) {
                    match ovalue.as_scalar().filter(|_| ovalue.as_str().is_none()).and_then(|s| s.value.parse::<u64>().ok()).filter(|n| *n > 0) {
                        Some(n) => {
                            setting.options.insert(name.to_string(), n);
                            self.edits.options.push((id.to_string(), name.to_string(), n));
                        }
                        None => self.problem(ovalue.span.clone(), msg!(zh: "`{name}` 应为正整数", en: "`{name}` must be a positive whole number"), None),
                    }
                } else {
                    let mut known: Vec<&str> = vec!["severity"];
                    known.extend(meta.options.iter().map(|o| o.name));
                    let all = known.join(", ");
                    let help = match did_you_mean(name, known.iter().copied()) {
                        Some(s) => {
                            msg!(zh: "是不是想写 `{s}`？规则 {id} 的选项：{all}", en: "did you mean `{s}`? options of {id}: {all}")
                        }
                        None => msg!(zh: "规则 {id} 的选项：{all}", en: "options of {id}: {all}"),
                    };
                    self.problem(okey.span.clone(), msg!(zh: "规则 {id} 没有选项 `{name}`", en: "rule {id} has no option `{name}`"), Some(help));
                }
            }
            config.rules.insert(id.to_string(), setting);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Config, Vec<String>> {
        let no_standard_files = |_: &Path| -> Result<StandardText, ConfigError> {
            panic!("these configs name no standard file")
        };
        let r = Config::from_yaml(
            text.to_string(),
            "huashu.yaml".into(),
            Path::new("repo/huashu.yaml"),
            &no_standard_files,
        );
        r.map_err(|e| {
            e.problems
                .into_iter()
                .map(|(_, m, h)| format!("{} | {}", m.en, h.map(|h| h.en).unwrap_or_default()))
                .collect()
        })
    }

    #[test]
    fn a_huge_lexicon_edit_is_merged_in_linear_time() {
        // 45,000 terms took 24 s to de-duplicate (each compared with all before it).
        let adds: String = (0..45_000).map(|i| format!("      - 说法{i}\n")).collect();
        let removes: String = (0..20_000).map(|i| format!("      - 去掉{i}\n")).collect();
        let started = std::time::Instant::now();
        let c = load(&format!(
            "lexicon:\n  vague-commitment:\n    add:\n{adds}    remove:\n{removes}"
        ))
        .unwrap();
        let list = &c.standard.data().lexicon.vague_commitment;
        assert!(list.len() >= 45_000 && list.iter().any(|p| p == "说法44999"));
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn an_exclude_glob_bomb_is_an_error() {
        let bomb = "?".repeat(100_000);
        let errs = load(&format!("exclude: [\"{bomb}\"]\n")).unwrap_err();
        assert!(errs[0].contains("longer than 1000"), "{errs:?}");
    }

    #[test]
    fn valid_config() {
        let c = load("paths: [scripts]\nexclude: [\"scripts/drafts/**\"]\ndefaults:\n  channel: online\nplaceholders: [branch_name]\nrules:\n  empty-line: warning\n  unused-snippet:\n    severity: off\n").unwrap();
        assert_eq!(c.default_channel, Channel::Online);
        assert_eq!(c.placeholders, ["branch_name"]);
        assert_eq!(c.level(&crate::rules::SCHEMA), Some(Severity::Error));
        assert_eq!(c.rules["empty-line"].level, Level::Set(Severity::Warning));
        assert_eq!(c.rules["unused-snippet"].level, Level::Off);
        assert!(c.exclude.is_match("scripts/drafts/a.yaml"));
    }

    #[test]
    fn every_problem_with_did_you_mean() {
        let errs = load("pahts: [x]\nrules:\n  empty-lin: off\n  schema:\n    severity: fatal\n")
            .unwrap_err();
        assert_eq!(errs.len(), 3, "{errs:?}");
        assert!(
            errs[0].contains("unknown config key `pahts`")
                && errs[0].contains("did you mean `paths`")
        );
        assert!(errs[1].contains("unknown rule `empty-lin`") && errs[1].contains("`empty-line`"));
        assert!(errs[2].contains("invalid severity `fatal`"));
    }
}
