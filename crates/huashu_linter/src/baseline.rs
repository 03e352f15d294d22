//! Baselines, for adopting huashu on an old repository: `--write-baseline`
//! records today's findings; `--baseline` reports only findings not
//! recorded. A finding is recorded by file, rule and the offending text
//! (with a count for identical ones), never by line, so editing elsewhere in
//! a file does not bring recorded findings back; findings that have gone
//! away drop out of the baseline the next time it is written.
//!
//! Here the matching and the JSON; the command line reads and writes the file.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::check::Report;
use crate::finding::Finding;

pub const VERSION: u32 = 1;

/// The largest baseline read: at most 64 MB (about 400,000 recorded findings).
pub const MAX_SIZE: u64 = 64 * 1024 * 1024;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    file: String,
    rule: String,
    text: String,
    count: usize,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    findings: Vec<Entry>,
}

/// (file, rule, text) -> how many such findings are recorded.
#[derive(Debug, Default, Clone)]
pub struct Baseline {
    counts: BTreeMap<(String, String, String), usize>,
}

fn key(f: &crate::finding::Finding) -> (String, String, String) {
    (f.file.to_string(), f.rule.to_string(), f.excerpt.clone())
}

impl Baseline {
    pub fn of(report: &Report) -> Baseline {
        let mut counts = BTreeMap::new();
        for f in &report.findings {
            *counts.entry(key(f)).or_insert(0) += 1;
        }
        Baseline { counts }
    }

    /// The baseline file's text: JSON, one entry per (file, rule, text).
    pub fn to_json(&self) -> String {
        let file = BaselineFile {
            version: VERSION,
            findings: self
                .counts
                .iter()
                .map(|((file, rule, text), count)| Entry {
                    file: file.clone(),
                    rule: rule.clone(),
                    text: text.clone(),
                    count: *count,
                })
                .collect(),
        };
        // Strings and numbers only: serializing cannot fail.
        let mut json = serde_json::to_string_pretty(&file).unwrap_or_default();
        json.push('\n');
        json
    }

    /// A baseline file's bytes, read; `Err` says why they are not one.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Baseline, String> {
        let text = String::from_utf8(bytes).map_err(|_| "it is not UTF-8".to_string())?;
        let file: BaselineFile = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        if file.version != VERSION {
            return Err(format!(
                "baseline version {} is not supported (expected {VERSION})",
                file.version
            ));
        }
        let mut counts = BTreeMap::new();
        for e in file.findings {
            *counts.entry((e.file, e.rule, e.text)).or_insert(0) += e.count;
        }
        Ok(Baseline { counts })
    }

    /// Drop the recorded findings from `report`; returns how many were dropped.
    pub fn filter(mut self, report: &mut Report) -> usize {
        self.filter_findings(&mut report.findings)
    }

    /// Drop recorded findings, using up the record as they are met: a
    /// streamed report calls this file by file.
    pub fn filter_findings(&mut self, findings: &mut Vec<Finding>) -> usize {
        let before = findings.len();
        findings.retain(|f| match self.counts.get_mut(&key(f)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        });
        before - findings.len()
    }
}
