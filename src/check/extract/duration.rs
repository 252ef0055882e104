//! Concrete durations: "90 days", "two (2) years", "18 months", "one year".
//! Ages ("13 years old") are not durations.

use super::{Found, NUMBER_WORDS};
use crate::pattern::{Alphabet, ForAlphabet, YesNoRegex};
use regex_automata::meta;

static DURATION: ForAlphabet<meta::Regex> = ForAlphabet::new(|alphabet| {
    crate::pattern::compile_plain(&format!(
        r"(?i)\b(?:\d{{1,4}}(?:[.,]\d+)?|{NUMBER_WORDS}|a few|several)(?:\s*\(\d{{1,4}}\))?(?:\s*[\-–]\s*\d{{1,4}}|\s+to\s+\d{{1,4}}|\s+or\s+\d{{1,4}})?[\s\-]+(?:calendar\s+|business\s+|working\s+|full\s+)?(?:years?|months?|weeks?|days?|hours?)\b"
    ), alphabet)
    .expect("duration regex")
});

static AGE_AFTER: ForAlphabet<YesNoRegex> = ForAlphabet::new(|alphabet| {
    crate::pattern::compile_yes_no(
        r"(?i)^[\s\-]*(?:of\s+age|old|or\s+older|and\s+(?:over|older))",
        alphabet,
    )
    .expect("age-after regex")
});

pub fn extract(text: &str, start: usize, end: usize, alphabet: Alphabet, out: &mut Vec<Found>) {
    let slice = &text[start..end];
    for m in DURATION.get(alphabet).find_iter(slice) {
        if AGE_AFTER.get(alphabet).is_match(&slice[m.end()..]) {
            continue;
        }
        let found = &slice[m.range()];
        let lower = found.to_ascii_lowercase();
        if lower.starts_with("a few") || lower.starts_with("several") {
            continue;
        }
        let s = start + m.start();
        out.push(Found::new((s, start + m.end()), found));
    }
}

#[cfg(test)]
mod tests {
    fn durations(text: &str) -> Vec<String> {
        crate::check::extract::values_as_strings(crate::ruleset::Extractor::Duration, text)
    }

    #[test]
    fn durations_as_written() {
        assert_eq!(
            durations("kept for 90 days, then two (2) years"),
            vec!["90 days", "two (2) years"]
        );
        assert_eq!(durations("within 30-60 days"), vec!["30-60 days"]);
        assert_eq!(durations("for 7 business days"), vec!["7 business days"]);
        assert_eq!(durations("children 13 years of age"), Vec::<String>::new());
        assert_eq!(durations("for a few days"), Vec::<String>::new());
    }
}
