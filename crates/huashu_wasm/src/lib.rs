//! The engine for the offline page (docs/playground.md): the page sends a
//! request as JSON text and gets an answer as JSON text. `Session` holds
//! what stays between requests (the settings in force, the repository's
//! files as a `Project`), so that a keystroke re-checks one file.
//!
//! Why JSON over a hand-written C ABI (`abi`) rather than wasm-bindgen: the
//! page needs a handful of calls, all of them "text in, text out"; a 60-line
//! ABI and 40 lines of JavaScript glue (page/src/engine.js) do it with no
//! generated code, no `wasm-bindgen-cli` pinned to the crate's exact version
//! (a five-minute `cargo install` in every CI run) and nothing between the
//! page and the engine that could differ from what `cargo test` runs here:
//! `Session::handle` is the whole API, and it is a plain Rust function.
//!
//! Positions: every finding carries the command line's JSON object
//! (`huashu_linter::json`, in both languages, byte offsets and character
//! columns exactly as `huashu check --format json` prints them) and, for
//! the editor, `from`/`to` in UTF-16 code units, JavaScript's string index.

pub mod abi;
mod positions;
mod session;

pub use session::Session;
