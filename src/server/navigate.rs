//! Reading help in the editor: what stands at the cursor (a snippet id in a
//! `use:` or a definition, a rule id in a suppression comment, a
//! placeholder, an underlined finding), and the answers built on it —
//! hover, go to definition, find references, completion, rename.

use huashu_linter::finding::{Finding, Lang};
use huashu_linter::lint::FileFacts;
use huashu_linter::rules::placeholder_unknown::STANDARD_PLACEHOLDERS;
use huashu_linter::{model, rules, Project};

/// What the cursor is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A snippet id, in a `use:` or where it is defined; the id's bytes.
    Snippet(String, std::ops::Range<usize>),
    /// A rule id inside a `# huashu: allow` comment.
    Rule(&'static str),
    /// A `{name}` placeholder.
    Placeholder(String),
}

/// What stands at byte `offset` of `text` (whose facts are `facts`).
pub fn target_at(text: &str, facts: &FileFacts, offset: usize) -> Option<Target> {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let inside = |start: usize, len: usize| start <= offset && offset <= start + len;
    for u in facts.uses() {
        if inside(u.span.offset, u.span.length) {
            return Some(Target::Snippet(
                u.id.clone(),
                u.span.offset..u.span.offset + u.span.length,
            ));
        }
    }
    for (id, def) in facts.snippets() {
        if inside(def.id_span.offset, def.id_span.length) {
            return Some(Target::Snippet(
                id.clone(),
                def.id_span.offset..def.id_span.offset + def.id_span.length,
            ));
        }
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = &text[line_start..line_end];
    let at = offset - line_start;
    // A word of [a-z0-9_-] around the cursor.
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    let word_start = line[..at]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(at, |(i, _)| i);
    let word_end = line[at..]
        .find(|c: char| !is_word(c))
        .map_or(line.len(), |i| at + i);
    let word = &line[word_start..word_end];
    if let Some(hash) = line.find('#') {
        if hash < word_start && line[hash + 1..].trim_start().starts_with("huashu:") {
            if let Some(rule) = rules::find(word) {
                return Some(Target::Rule(rule.meta().id));
            }
        }
    }
    if line[..word_start].ends_with('{') && line[word_end..].starts_with('}') && !word.is_empty() {
        return Some(Target::Placeholder(word.to_string()));
    }
    None
}

/// Markdown for a hover on `target`, or on the findings under the cursor.
pub fn hover(
    target: Option<&Target>,
    under_cursor: &[&Finding],
    project: &Project,
    text: &str,
    ws: &super::workspace::Workspace,
    lang: Lang,
) -> Option<String> {
    let standard = ws.config().standard.data();
    let explain = |id: &str| rules::find(id).map(|r| crate::explain_text(r.meta(), standard, lang));
    match target {
        Some(Target::Rule(id)) => explain(id),
        Some(Target::Snippet(id, _)) => {
            let def = project.snippet_definitions(id).next()?;
            let heading = match lang {
                Lang::Zh => format!("共享话术 `{id}`（{}）", def.file),
                Lang::En => format!("snippet `{id}` ({})", def.file),
            };
            Some(format!("{heading}\n\n> {}", def.text.replace('\n', "\n> ")))
        }
        Some(Target::Placeholder(name)) => {
            let variables = variables(text);
            let what = if STANDARD_PLACEHOLDERS.contains(&name.as_str()) {
                match lang {
                    Lang::Zh => "标准占位符：通话时由话术平台填入（FORMAT.md §2）",
                    Lang::En => {
                        "a standard placeholder: filled in by the script platform during the call"
                    }
                }
            } else if ws.config().placeholders.contains(name) {
                match lang {
                    Lang::Zh => "huashu.yaml 的 `placeholders` 中配置的占位符",
                    Lang::En => "a placeholder configured in huashu.yaml's `placeholders`",
                }
            } else if variables.contains(name) {
                match lang {
                    Lang::Zh => "本话术 `variables` 中声明的占位符",
                    Lang::En => "a placeholder declared in this script's `variables`",
                }
            } else {
                return None; // placeholder-unknown says what is wrong
            };
            Some(format!("`{{{name}}}`: {what}"))
        }
        None => {
            let mut seen = Vec::new();
            let docs: Vec<String> = under_cursor
                .iter()
                .filter(|f| {
                    let new = !seen.contains(&f.rule);
                    seen.push(f.rule);
                    new
                })
                .filter_map(|f| explain(f.rule))
                .collect();
            (!docs.is_empty()).then(|| docs.join("\n---\n"))
        }
    }
}

/// The `variables` a script declares.
pub fn variables(text: &str) -> Vec<String> {
    let parsed = huashu_linter::yaml::parse(text);
    match parsed.root.as_ref().map(|root| model::load(root).0) {
        Some(model::FileModel::Script(script)) => script.variables.clone(),
        _ => Vec::new(),
    }
}

/// What completion offers at a cursor after `before` (the line's text up
/// to the cursor): the items and how many bytes before the cursor they
/// replace.
#[derive(Debug, PartialEq, Eq)]
pub enum Complete {
    Snippets,
    Placeholders,
    Rules,
    Stages,
}

pub fn completion_context(before: &str) -> Option<(Complete, usize)> {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.';
    let word_len = before.len() - before.trim_end_matches(is_word).len();
    let head = &before[..before.len() - word_len];
    if let Some(hash) = head.find('#') {
        let comment = head[hash + 1..].trim_start();
        if let Some(list) = comment
            .strip_prefix("huashu:")
            .map(str::trim_start)
            .and_then(|c| {
                c.strip_prefix("allow-file")
                    .or_else(|| c.strip_prefix("allow"))
            })
        {
            if !list.contains("--") && (list.starts_with(' ') || list.is_empty() && word_len == 0) {
                return Some((Complete::Rules, word_len));
            }
        }
        return None;
    }
    if head.ends_with('{') {
        return Some((Complete::Placeholders, word_len));
    }
    let key = head.trim_start().trim_start_matches("- ").trim_end();
    match key {
        "use:" => Some((Complete::Snippets, word_len)),
        "stage:" => Some((Complete::Stages, word_len)),
        _ => None,
    }
}

/// The items of a completion context: (label, detail).
pub fn completion_items(
    what: &Complete,
    project: &Project,
    text: &str,
    ws: &super::workspace::Workspace,
    lang: Lang,
) -> Vec<(String, String)> {
    match what {
        Complete::Snippets => project
            .snippet_ids()
            .into_iter()
            .map(|id| {
                let text = project
                    .snippet_definitions(id)
                    .next()
                    .map(|d| d.text.clone())
                    .unwrap_or_default();
                (id.to_string(), text)
            })
            .collect(),
        Complete::Placeholders => {
            let mut names: Vec<(String, String)> = STANDARD_PLACEHOLDERS
                .iter()
                .map(|p| (p.to_string(), "standard".to_string()))
                .collect();
            names.extend(
                ws.config()
                    .placeholders
                    .iter()
                    .map(|p| (p.clone(), "huashu.yaml".into())),
            );
            names.extend(variables(text).into_iter().map(|p| (p, "variables".into())));
            names.dedup_by(|a, b| a.0 == b.0);
            names
        }
        Complete::Rules => rules::ALL_RULES
            .iter()
            .map(|r| {
                let m = r.meta();
                (m.id.to_string(), m.summary_in(lang).to_string())
            })
            .collect(),
        Complete::Stages => model::STAGES
            .iter()
            .map(|s| (s.to_string(), String::new()))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_under_the_cursor() {
        let text = "id: a.b\nsteps:\n  - stage: resolve\n    say: 您好{customer_title}  # huashu: allow sentence-length -- 原因\n";
        let facts = Project::facts_of("a.yaml", text);
        let at = |needle: &str| text.find(needle).unwrap() + 2;
        assert_eq!(
            target_at(text, &facts, at("customer_title")),
            Some(Target::Placeholder("customer_title".into()))
        );
        assert_eq!(
            target_at(text, &facts, at("sentence-length")),
            Some(Target::Rule("sentence-length"))
        );
        assert_eq!(
            target_at(text, &facts, text.find("原因").unwrap() + 3),
            None
        );
        assert_eq!(
            target_at(text, &facts, text.find("原因").unwrap() + 1),
            None
        );
        let text = "snippets:\n  farewell: 再见\n";
        let facts = Project::facts_of("s.yaml", text);
        let at = text.find("farewell").unwrap();
        assert_eq!(
            target_at(text, &facts, at + 3),
            Some(Target::Snippet("farewell".into(), at..at + 8))
        );
    }

    #[test]
    fn completion_contexts() {
        assert_eq!(
            completion_context("  - use: fare"),
            Some((Complete::Snippets, 4))
        );
        assert_eq!(
            completion_context("    say: 您好{cust"),
            Some((Complete::Placeholders, 4))
        );
        assert_eq!(
            completion_context("    # huashu: allow sentence-length, emp"),
            Some((Complete::Rules, 3))
        );
        assert_eq!(
            completion_context("  - stage: "),
            Some((Complete::Stages, 0))
        );
        assert_eq!(completion_context("    # a comment use: x"), None);
        assert_eq!(completion_context("    say: 您好"), None);
        assert_eq!(completion_context("    # huashu: allow x -- why"), None);
    }
}
