//! docs/rules/ is generated from the rules' own doc comments; this test fails
//! when a committed page is stale. `UPDATE_DOCS=1 cargo test --test docs`
//! writes them.

use std::path::Path;

use huashu::rules::{doc_index, doc_page, ALL_RULES};

#[test]
fn rule_pages_are_fresh() {
    let dir = Path::new("docs/rules");
    let update = std::env::var_os("UPDATE_DOCS").is_some();
    let mut pages: Vec<(String, String)> = ALL_RULES
        .iter()
        .map(|r| (format!("{}.md", r.meta().id), doc_page(r.meta())))
        .collect();
    pages.push(("README.md".into(), doc_index()));
    if update {
        std::fs::create_dir_all(dir).unwrap();
    }
    let mut stale = Vec::new();
    for (name, content) in &pages {
        let path = dir.join(name);
        if update {
            std::fs::write(&path, content).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(content.as_str()) {
            stale.push(name.clone());
        }
    }
    // Pages of rules that no longer exist are stale too.
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if !pages.iter().any(|(n, _)| *n == name) {
            if update {
                std::fs::remove_file(dir.join(&name)).unwrap();
            } else {
                stale.push(name);
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale docs/rules pages {stale:?}: run `UPDATE_DOCS=1 cargo test --test docs`"
    );
}
