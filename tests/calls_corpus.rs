//! Precision and recall of `huashu calls` over a generated corpus with
//! seeded faults (tests/calls_gen): every seeded fault must be found by its
//! rule, and clean calls — a quarter of them with speech-recognition noise
//! — must stay clean. Run with `--nocapture` to see the table; the same
//! corpus checked literally (no speech tolerance) shows what the tolerance
//! buys and costs (docs/calls.md quotes both).

mod calls_gen;

use std::collections::BTreeMap;

use huashu::calls::check::check_call;
use huashu::calls::input::parse_json;
use huashu::calls::run::Prepared;
use huashu::config::Config;

#[derive(Default, Debug, Clone, Copy)]
struct Counts {
    tp: u64,
    fp: u64,
    fn_: u64,
}

/// Per rule: true positives (calls whose seeded fault the rule finds),
/// false positives (calls the rule flags without that fault), misses.
fn measure(n: u64, tolerance: bool) -> (BTreeMap<String, Counts>, u64, u64) {
    let prepared = Prepared::new(Config::default(), &[], &[], tolerance);
    let cx = prepared.context();
    let mut per_rule: BTreeMap<String, Counts> = BTreeMap::new();
    let (mut clean_noisy, mut clean_noisy_flagged) = (0, 0);
    for i in 0..n {
        let g = calls_gen::call(7, i);
        let call = parse_json(&g.json, "x").expect("generated calls parse");
        let result = check_call(&call, "corpus.jsonl".into(), i as usize + 1, &cx);
        let expected = g.expected_rule();
        let mut found: Vec<&str> = result.findings.iter().map(|f| f.rule).collect();
        found.sort_unstable();
        found.dedup();
        if expected.is_none() && g.noisy {
            clean_noisy += 1;
            clean_noisy_flagged += u64::from(!found.is_empty());
        }
        for rule in &found {
            let c = per_rule.entry(rule.to_string()).or_default();
            if Some(*rule) == expected {
                c.tp += 1;
            } else {
                c.fp += 1;
                if std::env::var_os("SHOW_FP").is_some() {
                    eprintln!(
                        "FP {rule} in {} (tolerance {tolerance}):\n{:#?}",
                        g.json, result.findings
                    );
                }
            }
        }
        if let Some(rule) = expected {
            if !found.contains(&rule) {
                per_rule.entry(rule.to_string()).or_default().fn_ += 1;
                if std::env::var_os("SHOW_FN").is_some() {
                    eprintln!("FN {rule} in {}:\n{:#?}", g.json, result.findings);
                }
            }
        }
    }
    (per_rule, clean_noisy, clean_noisy_flagged)
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

#[test]
fn seeded_faults_are_found_and_clean_calls_stay_clean() {
    let n = 3000;
    let (with, noisy, noisy_flagged) = measure(n, true);
    let (without, _, noisy_flagged_literal) = measure(n, false);
    println!("{n} calls, {noisy} clean calls with recognition noise");
    println!(
        "{:<26} {:>5} {:>5} {:>5} {:>9} {:>7}   literal: {:>5} {:>5} {:>5}",
        "rule", "tp", "fp", "fn", "precision", "recall", "tp", "fp", "fn"
    );
    let rules: std::collections::BTreeSet<&String> = with.keys().chain(without.keys()).collect();
    for rule in rules {
        let c = with.get(rule).copied().unwrap_or_default();
        let l = without.get(rule).copied().unwrap_or_default();
        println!(
            "{rule:<26} {:>5} {:>5} {:>5} {:>9.3} {:>7.3}   literal: {:>5} {:>5} {:>5}",
            c.tp,
            c.fp,
            c.fn_,
            ratio(c.tp, c.tp + c.fp),
            ratio(c.tp, c.tp + c.fn_),
            l.tp,
            l.fp,
            l.fn_
        );
    }
    println!("noisy clean calls flagged: {noisy_flagged} with the tolerance, {noisy_flagged_literal} literally");

    for (_, rule) in calls_gen::FAULTS {
        let c = with.get(*rule).copied().unwrap_or_default();
        assert!(c.tp > 20, "{rule}: too few seeded faults ({c:?})");
        assert!(ratio(c.tp, c.tp + c.fn_) >= 0.97, "{rule}: recall {c:?}");
        assert!(ratio(c.tp, c.tp + c.fp) >= 0.97, "{rule}: precision {c:?}");
    }
    // No rule may flag clean calls often.
    let total_fp: u64 = with.values().map(|c| c.fp).sum();
    assert!(
        total_fp * 100 <= n,
        "{total_fp} false findings in {n} calls"
    );
    // The tolerance is what keeps noisy calls clean.
    assert!(
        noisy_flagged * 50 <= noisy,
        "{noisy_flagged} of {noisy} noisy clean calls flagged"
    );
    assert!(
        noisy_flagged_literal > noisy_flagged * 3,
        "literal matching should flag noisy calls"
    );
}
