//! Destinations of international transfers: countries and regions named in a
//! transfer sentence ("the United States", "outside the EEA"). Acronyms are
//! matched in capitals only, so "us" the pronoun is never the US.

use super::Found;
use crate::pattern::{Alphabet, ForAlphabet};
use crate::ruleset::phrase::is_word;
use regex::Regex;
use regex_automata::meta;
use std::sync::LazyLock;

const COUNTRIES: &[&str] = &[
    "United States of America",
    "United States",
    "United Kingdom",
    "Great Britain",
    "European Union",
    "European Economic Area",
    "Switzerland",
    "Canada",
    "Mexico",
    "Brazil",
    "Argentina",
    "Chile",
    "Colombia",
    "Peru",
    "Australia",
    "New Zealand",
    "India",
    "China",
    "Hong Kong",
    "Taiwan",
    "Japan",
    "South Korea",
    "Korea",
    "Singapore",
    "Malaysia",
    "Indonesia",
    "Philippines",
    "Thailand",
    "Vietnam",
    "Israel",
    "Turkey",
    "United Arab Emirates",
    "Saudi Arabia",
    "South Africa",
    "Nigeria",
    "Kenya",
    "Egypt",
    "Russia",
    "Ukraine",
    "Ireland",
    "Germany",
    "France",
    "Netherlands",
    "Belgium",
    "Luxembourg",
    "Spain",
    "Portugal",
    "Italy",
    "Austria",
    "Denmark",
    "Sweden",
    "Norway",
    "Finland",
    "Iceland",
    "Poland",
    "Czech Republic",
    "Czechia",
    "Hungary",
    "Romania",
    "Bulgaria",
    "Greece",
    "Croatia",
    "Slovenia",
    "Slovakia",
    "Estonia",
    "Latvia",
    "Lithuania",
    "Malta",
    "Cyprus",
    "Serbia",
    "Qatar",
    "Pakistan",
    "Bangladesh",
    "Sri Lanka",
    "Europe",
    "North America",
    "Asia",
    "Asia Pacific",
    "Latin America",
    "South America",
    "Africa",
    "Middle East",
    // cities and states where data centres stand
    "Sydney",
    "Melbourne",
    "Frankfurt",
    "Dublin",
    "London",
    "Amsterdam",
    "Paris",
    "Tokyo",
    "Mumbai",
    "Bangalore",
    "Seoul",
    "Sao Paulo",
    "Toronto",
    "Montreal",
    "Virginia",
    "Oregon",
    "Ohio",
    "California",
    "Iowa",
    "Texas",
];

static DESTINATION: ForAlphabet<meta::Regex> = ForAlphabet::new(|alphabet| {
    let names = COUNTRIES.join("|");
    crate::pattern::compile_plain(&format!(
        r"(?:(?i:\boutside(?:\s+of)?\s+(?:the\s+)?(?:European\s+Economic\s+Area|European\s+Union|EEA|EU|UK|United\s+Kingdom|Switzerland|United\s+States|U\.S\.))|(?i:\b(?:the\s+)?(?:{names})\b)|(?:\b(?:the\s+)?(?:USA|US|UK|EU|EEA|U\.S\.A\.|U\.S\.|U\.K\.|E\.U\.)(?:\b|[^\w.])))"
    ), alphabet)
    .expect("destination regex")
});

/// The nearest preposition before a place, within its clause: a place named
/// after "from" is where data comes from, not where it goes.
const PREPOSITIONS: [&str; 11] = [
    "from", "to", "in", "into", "within", "outside", "across", "via", "through", "at", "on",
];

/// [`PREPOSITIONS`] as a pattern, for text that is not all ASCII (its case
/// folding knows letters outside ASCII, `ſ` for `s`).
static PREPOSITION: LazyLock<Regex> = LazyLock::new(|| {
    crate::pattern::compile(&format!(r"(?i)\b(?:{})\b", PREPOSITIONS.join("|")))
        .expect("preposition regex")
});

/// The last preposition in `text`, lower-cased, and where it ends: what
/// `PREPOSITION.find_iter(text).last()` finds. Every match is a whole word
/// (a run of ASCII word characters), so in ASCII text it is the last word
/// that is one of them, read backwards word by word; a regex search per
/// place named cost more than finding the place.
fn last_preposition(text: &str) -> Option<(usize, String)> {
    if !text.is_ascii() {
        return PREPOSITION
            .find_iter(text)
            .last()
            .map(|p| (p.end(), p.as_str().to_ascii_lowercase()));
    }
    let bytes = text.as_bytes();
    let mut end = bytes.len();
    loop {
        while end > 0 && !is_word(bytes[end - 1]) {
            end -= 1;
        }
        if end == 0 {
            return None;
        }
        let mut start = end;
        while start > 0 && is_word(bytes[start - 1]) {
            start -= 1;
        }
        let word = &text[start..end];
        if PREPOSITIONS.iter().any(|p| p.eq_ignore_ascii_case(word)) {
            return Some((end, word.to_ascii_lowercase()));
        }
        end = start;
    }
}

pub fn extract(text: &str, start: usize, end: usize, alphabet: Alphabet, out: &mut Vec<Found>) {
    let slice = &text[start..end];
    for m in DESTINATION.get(alphabet).find_iter(slice) {
        let found = &slice[m.range()];
        let before = super::before(slice, m.start(), 80);
        let nearest = last_preposition(before)
            .filter(|(end, _)| !before[*end..].contains(['.', ';', ':', '(', ')']))
            .map(|(_, word)| word);
        if nearest.as_deref() == Some("from") && !found.to_ascii_lowercase().starts_with("outside")
        {
            continue;
        }
        let value = found.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '.');
        let value = if value.ends_with('.')
            && !value.ends_with(".S.")
            && !value.ends_with(".K.")
            && !value.ends_with(".A.")
            && !value.ends_with(".U.")
        {
            value.trim_end_matches('.')
        } else {
            value
        };
        let s = start + m.start();
        out.push(Found::new((s, s + value.len()), value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    proptest::proptest! {
        /// Read word by word, the last preposition is the regex's last
        /// match: texts of prepositions in any case, words that hold them
        /// ("into", "atone", "on_line", "2to"), separators, and characters
        /// outside ASCII (`ſ` folds to `s`, so "acroſs" is a match).
        #[test]
        fn the_last_preposition_is_the_regexs_last_match(
            pieces in proptest::collection::vec(proptest::prop_oneof![
                proptest::sample::select(vec![
                    "from", "FROM", "To", "in", "into", "within", "OutSide", "across",
                    "via", "through", "at", "on", "atone", "on_line", "2to", "tO", "infrom",
                    " ", "  ", "\n", ".", ",", "-", "'", "’", "_", "9", "é", "acroſs", "\u{a0}",
                    "data", "sent",
                ]).prop_map(str::to_string),
                "[a-zA-Z ]{1,4}",
            ], 0..24),
        ) {
            let text = pieces.concat();
            let expected = PREPOSITION
                .find_iter(&text)
                .last()
                .map(|p| (p.end(), p.as_str().to_ascii_lowercase()));
            proptest::prop_assert_eq!(last_preposition(&text), expected);
        }
    }

    fn destinations(text: &str) -> Vec<String> {
        crate::check::extract::values_as_strings(crate::ruleset::Extractor::Destination, text)
    }

    #[test]
    fn named_countries_and_regions() {
        assert_eq!(
            destinations("transferred to the United States and stored outside the EEA."),
            vec!["the United States", "outside the EEA"]
        );
        assert_eq!(
            destinations("servers in the U.S. and Canada"),
            vec!["the U.S.", "Canada"]
        );
        assert_eq!(
            destinations("send us your data in other countries"),
            Vec::<String>::new()
        );
    }
}
