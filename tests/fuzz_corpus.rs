//! The fuzz corpus (fuzz/corpus/*) replayed through the fuzz targets'
//! properties on every `cargo test`: every input that once found a bug
//! stays a regression test, without libFuzzer or a nightly toolchain.

use std::path::Path;

#[path = "../fuzz/properties.rs"]
mod properties;

fn replay(target: &str, property: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        let name = path.display().to_string();
        if std::panic::catch_unwind(|| property(&data)).is_err() {
            panic!("{name} fails the {target} property");
        }
        n += 1;
    }
    n
}

#[test]
fn load_corpus() {
    assert!(replay("load", properties::load) > 50);
}

#[test]
fn check_corpus() {
    assert!(replay("check", properties::check) > 50);
}

#[test]
fn fix_corpus() {
    assert!(replay("fix", properties::fix) > 50);
}

#[test]
fn pattern_corpus() {
    assert!(replay("pattern", properties::pattern) > 5);
}
