//! The offline page the binary carries (page/dist/huashu-playground.html,
//! made by page/build.sh): fresh, small enough, offline by construction,
//! and written by `huashu playground` only where the user names. The page
//! itself is tested in a browser by tests/page/test_page.py.

use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn page() -> String {
    std::fs::read_to_string(repo().join("page/dist/huashu-playground.html")).unwrap()
}

/// Every file under `rel` (a file or a folder), relative to the repository.
fn files(rel: &str, out: &mut Vec<String>) {
    let abs = repo().join(rel);
    if abs.is_dir() {
        for entry in std::fs::read_dir(&abs).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            files(&format!("{rel}/{name}"), out);
        }
    } else {
        out.push(rel.to_string());
    }
}

/// The hash page/tools/assemble.mjs records: SHA-256 over the inputs
/// page/inputs.txt lists, in path order, each "<path>\n<length>\n<bytes>".
fn inputs_hash() -> String {
    let list = std::fs::read_to_string(repo().join("page/inputs.txt")).unwrap();
    let mut all = Vec::new();
    for line in list.lines().map(str::trim) {
        if !line.is_empty() && !line.starts_with('#') {
            files(line, &mut all);
        }
    }
    all.sort();
    let mut hash = Sha256::new();
    for rel in &all {
        let bytes = std::fs::read(repo().join(rel)).unwrap();
        hash.update(format!("{rel}\n{}\n", bytes.len()).as_bytes());
        hash.update(&bytes);
    }
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn the_page_is_built_from_the_current_sources() {
    let page = page();
    let recorded = page
        .split("<meta name=\"huashu-inputs\" content=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the page records the hash of its inputs");
    assert_eq!(
        recorded,
        inputs_hash(),
        "page/dist/huashu-playground.html is older than the engine or the page's sources: \
         run page/build.sh (needs `rustup target add wasm32-unknown-unknown`, node and npm) \
         and commit page/dist/"
    );
}

#[test]
fn the_page_is_one_small_offline_file() {
    let page = page();
    assert!(page.len() <= 3 * 1024 * 1024, "{} bytes", page.len());
    // No request of any kind: the policy forbids them all, and nothing
    // names a remote address to load.
    assert!(page.contains("default-src 'none'"));
    assert!(page.contains("connect-src 'none'"));
    for tag in ["<script src", "<link ", "<img src=\"http", "@import"] {
        assert!(!page.contains(tag), "the page loads something: {tag}");
    }
}

fn huashu(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_huashu"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn playground_writes_the_page_where_named_and_only_replaces_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let o = huashu(dir.path(), &["playground", "--output", "huashu.html"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let written = std::fs::read(dir.path().join("huashu.html")).unwrap();
    assert_eq!(written, page().as_bytes());
    // Nothing else was written.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

    std::fs::write(dir.path().join("huashu.html"), "mine").unwrap();
    let o = huashu(
        dir.path(),
        &["--lang", "en", "playground", "--output", "huashu.html"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--force"));
    assert_eq!(
        std::fs::read(dir.path().join("huashu.html")).unwrap(),
        b"mine"
    );

    let o = huashu(
        dir.path(),
        &["playground", "--output", "huashu.html", "--force"],
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        std::fs::read(dir.path().join("huashu.html")).unwrap(),
        page().as_bytes()
    );
}
