//! The benchmark's reference point: the same walk and the same YAML parser as
//! `huashu check`, on the same threads, but no model, no rules, no report.
//! `cargo run --release --example parse_only -- DIR [--jobs N]`

use rayon::prelude::*;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut dir = None;
    let mut jobs = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--jobs" | "-j" => jobs = args.next().and_then(|n| n.parse::<usize>().ok()),
            _ => dir = Some(std::path::PathBuf::from(a)),
        }
    }
    let Some(dir) = dir else {
        eprintln!("usage: parse_only DIR [--jobs N]");
        std::process::exit(2);
    };
    let cwd = std::env::current_dir().expect("cwd");
    let config = huashu::config::Config::default();
    let walked = huashu::walk::walk(&[dir], &config, &cwd);
    let parse = || {
        walked
            .files
            .par_iter()
            .map(|f| {
                let bytes = std::fs::read(&f.path).unwrap_or_default();
                let text = String::from_utf8(bytes).unwrap_or_default();
                let parsed = huashu::yaml::parse(&text);
                usize::from(parsed.root.is_some())
            })
            .sum::<usize>()
    };
    let parsed = match huashu::jobs::thread_pool(jobs) {
        Some(pool) => pool.install(parse),
        None => parse(),
    };
    println!("parsed {parsed} of {} files", walked.files.len());
}
