//! A score per call, and the figures over a run (per rule, per agent, per
//! day, the score distribution). The figures grow with the number of rules,
//! agents and days, never with the number of calls; the worst calls are
//! kept in a bounded list for the HTML report.

use std::collections::{BTreeMap, BinaryHeap};

use serde::Serialize;

use super::check::{CallFinding, CallResult};
use super::standard::Weights;

/// 100, less each finding's weight (at most `cap` findings of a rule count), never below 0.
pub fn score(findings: &[CallFinding], weights: &Weights) -> u32 {
    let mut per_rule: BTreeMap<&str, u32> = BTreeMap::new();
    let mut lost: u32 = 0;
    for f in findings {
        let n = per_rule.entry(f.rule).or_default();
        if *n >= weights.cap {
            continue;
        }
        *n += 1;
        lost = lost.saturating_add(weights.of(f.rule, f.severity));
    }
    100u32.saturating_sub(lost)
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Tally {
    pub calls: u64,
    /// Calls with a score (readable).
    pub scored: u64,
    pub findings: u64,
    pub errors: u64,
    pub warnings: u64,
    #[serde(skip)]
    score_sum: u64,
    pub mean_score: Option<f64>,
}

impl Tally {
    fn add(&mut self, r: &CallResult) {
        self.calls += 1;
        self.findings += r.findings.len() as u64;
        self.errors += r.errors() as u64;
        self.warnings += r.warnings() as u64;
        if let Some(s) = r.score {
            self.scored += 1;
            self.score_sum += u64::from(s);
        }
        self.mean_score = (self.scored > 0)
            .then(|| (self.score_sum as f64 / self.scored as f64 * 10.0).round() / 10.0);
    }
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct RuleTally {
    pub findings: u64,
    /// Calls with at least one finding of the rule.
    pub calls: u64,
}

/// A call in the list of the lowest scores.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Worst {
    pub score: u32,
    /// Arrival order: of equal scores, the earlier call is kept.
    pub order: u64,
    pub file: String,
    pub line: usize,
    pub id: String,
    pub agent: String,
    pub day: String,
    pub rules: Vec<String>,
    pub excerpt: String,
}

/// How many of the lowest-scoring calls the HTML report lists.
pub const WORST_KEPT: usize = 200;

#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    #[serde(flatten)]
    pub total: Tally,
    /// Calls that could not be read.
    pub malformed: u64,
    /// Calls with at least one finding.
    pub flagged: u64,
    pub rules: BTreeMap<String, RuleTally>,
    pub agents: BTreeMap<String, Tally>,
    pub days: BTreeMap<String, Tally>,
    /// Calls per score band: [0,10), [10,20) … [90,100].
    pub histogram: [u64; 10],
    #[serde(skip)]
    worst: BinaryHeap<Worst>,
    #[serde(skip)]
    arrived: u64,
}

impl Summary {
    pub fn add(&mut self, r: &CallResult) {
        self.arrived += 1;
        self.total.add(r);
        if r.score.is_none() {
            self.malformed += 1;
        }
        if !r.findings.is_empty() {
            self.flagged += 1;
        }
        let mut seen: Vec<&str> = Vec::new();
        for f in &r.findings {
            let t = self.rules.entry(f.rule.to_string()).or_default();
            t.findings += 1;
            if !seen.contains(&f.rule) {
                seen.push(f.rule);
                t.calls += 1;
            }
        }
        let agent = r.agent.clone().unwrap_or_else(|| "-".to_string());
        self.agents.entry(agent.clone()).or_default().add(r);
        let day = r.day.clone().unwrap_or_else(|| "-".to_string());
        self.days.entry(day.clone()).or_default().add(r);
        if let Some(s) = r.score {
            self.histogram[(s as usize / 10).min(9)] += 1;
            if !r.findings.is_empty() {
                let w = Worst {
                    score: s,
                    order: self.arrived,
                    file: r.file.to_string(),
                    line: r.line,
                    id: r.id.clone(),
                    agent,
                    day,
                    rules: seen.iter().map(|s| s.to_string()).collect(),
                    excerpt: r
                        .findings
                        .iter()
                        .map(CallFinding::excerpt)
                        .find(|e| !e.is_empty())
                        .unwrap_or("")
                        .chars()
                        .take(60)
                        .collect(),
                };
                // A max-heap of the kept calls: the best of them leaves first.
                self.worst.push(w);
                if self.worst.len() > WORST_KEPT {
                    self.worst.pop();
                }
            }
        }
    }

    /// The lowest-scoring calls, lowest first.
    pub fn worst(&self) -> Vec<Worst> {
        self.worst.clone().into_sorted_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Msg, Severity};

    fn finding(rule: &'static str, severity: Severity) -> CallFinding {
        CallFinding {
            rule,
            severity,
            message: Msg::default(),
            help: None,
            turn: None,
        }
    }

    #[test]
    fn weights_caps_and_floor() {
        let w = super::super::standard::CallsData::default().weights;
        assert_eq!(score(&[], &w), 100);
        assert_eq!(
            score(&[finding("closing-farewell", Severity::Error)], &w),
            90
        );
        assert_eq!(score(&[finding("call-silence", Severity::Warning)], &w), 95);
        assert_eq!(
            score(&[finding("forbidden-phrase", Severity::Error)], &w),
            80
        );
        // At most three findings of one rule count.
        let many = vec![finding("vague-commitment", Severity::Warning); 10];
        assert_eq!(score(&many, &w), 85);
        let worst = vec![
            finding("sensitive-data-request", Severity::Error),
            finding("call-pii-spoken", Severity::Error),
            finding("forbidden-phrase", Severity::Error),
            finding("forbidden-phrase", Severity::Error),
        ];
        assert_eq!(score(&worst, &w), 0);
    }
}
