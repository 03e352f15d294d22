//! `huashu calls`: real calls checked against the same service standard as
//! the scripts (docs/calls.md). A call transcript is read (`input`),
//! masked (`privacy`), read as spoken (`asr`), checked (`check`, pure) and
//! scored (`score`); `run` streams files in path order through a thread
//! pool and `report` draws the results.

pub mod asr;
pub mod check;
pub mod cli;
pub mod input;
pub mod privacy;
pub mod report;
pub mod rules;
pub mod run;
pub mod schema;
pub mod score;
pub mod standard;
