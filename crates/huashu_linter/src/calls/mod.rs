//! `huashu calls`, the engine half: real calls checked against the same
//! service standard as the scripts (docs/calls.md). A call transcript is
//! read from text (`input`), masked (`privacy`), read as spoken (`asr`),
//! checked (`check`, pure) and scored (`score`). Finding the files, the
//! thread pool and the reports are the command line's (huashu's
//! `calls::run`, `calls::report`).

pub mod asr;
pub mod check;
pub mod input;
pub mod privacy;
pub mod rules;
pub mod schema;
pub mod score;
pub mod standard;
