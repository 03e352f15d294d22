//! The `huashu` binary: parse the arguments, run, exit 0/1/2.

use clap::Parser;

/// mimalloc: many small allocations on every core (texts, spans, findings);
/// measured faster than the system allocator in docs/performance.md.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // A file-size limit (`ulimit -f`) must fail a write, not kill the run
    // half-way through one: the write then returns EFBIG and is reported.
    huashu::write::ignore_file_size_signal();
    let cli = match huashu::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            std::process::exit(code);
        }
    };
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let outcome = huashu::run(cli, &mut stdout.lock(), &mut stderr.lock());
    std::process::exit(outcome.exit_code());
}
