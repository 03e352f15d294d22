//! "Did you mean …?" for keys, enum values, rule ids, snippet ids and placeholders.

/// The closest candidate to `word`, when it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        let score = strsim::jaro_winkler(word, candidate);
        let distance = strsim::levenshtein(word, candidate);
        // Short words need a small edit distance, longer ones a high similarity.
        let close = distance <= 2.max(candidate.chars().count() / 4) && score >= 0.75;
        if close && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn typos_are_matched() {
        let keys = ["id", "title", "opener", "steps", "closing"];
        assert_eq!(did_you_mean("closeing", keys), Some("closing"));
        assert_eq!(did_you_mean("opner", keys), Some("opener"));
        assert_eq!(did_you_mean("bnak", ["bank", "agent_id"]), Some("bank"));
        assert_eq!(did_you_mean("weather", keys), None);
    }
}
