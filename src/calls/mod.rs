//! `huashu calls`, the command-line half (docs/calls.md): the arguments
//! (`cli`), the files streamed in path order through a thread pool (`run`)
//! and the reports (`report`). Reading, masking, checking and scoring a
//! call is the engine's (`huashu_linter::calls`), re-exported here.

pub mod cli;
pub mod report;
pub mod run;

pub use huashu_linter::calls::{asr, check, input, privacy, rules, schema, score, standard};
