//! Helpers for the text inside spoken lines.

pub mod placeholder;
