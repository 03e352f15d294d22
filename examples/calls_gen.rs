//! Writes a generated corpus of call transcripts as JSON Lines (for the
//! benchmark, benches/calls_bench.py):
//! `cargo run --release --example calls_gen -- N SEED > calls.jsonl`.
//! With `--truth PATH`, also writes each call's seeded fault, one a line.

#[path = "../tests/calls_gen/mod.rs"]
mod calls_gen;

use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: u64 = args.first().and_then(|s| s.parse().ok()).unwrap_or(1000);
    let seed: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1);
    let truth = args
        .iter()
        .position(|a| a == "--truth")
        .and_then(|i| args.get(i + 1));
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut truth =
        truth.map(|p| std::io::BufWriter::new(std::fs::File::create(p).expect("truth file")));
    for i in 0..n {
        let call = calls_gen::call(seed, i);
        writeln!(out, "{}", call.json).expect("write");
        if let Some(t) = truth.as_mut() {
            writeln!(t, "{}", call.fault.unwrap_or("-")).expect("write");
        }
    }
}
