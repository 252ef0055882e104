//! Destinations of international transfers: countries and regions named in a
//! transfer sentence ("the United States", "outside the EEA"). Acronyms are
//! matched in capitals only, so "us" the pronoun is never the US.

use super::Found;
use regex::Regex;
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

static DESTINATION: LazyLock<Regex> = LazyLock::new(|| {
    let names = COUNTRIES.join("|");
    crate::pattern::compile(&format!(
        r"(?:(?i:\boutside(?:\s+of)?\s+(?:the\s+)?(?:European\s+Economic\s+Area|European\s+Union|EEA|EU|UK|United\s+Kingdom|Switzerland|United\s+States|U\.S\.))|(?i:\b(?:the\s+)?(?:{names})\b)|(?:\b(?:the\s+)?(?:USA|US|UK|EU|EEA|U\.S\.A\.|U\.S\.|U\.K\.|E\.U\.)(?:\b|[^\w.])))"
    ))
    .expect("destination regex")
});

/// The nearest preposition before a place, within its clause: a place named
/// after "from" is where data comes from, not where it goes.
static PREPOSITION: LazyLock<Regex> = LazyLock::new(|| {
    crate::pattern::compile(r"(?i)\b(?:from|to|in|into|within|outside|across|via|through|at|on)\b")
        .expect("preposition regex")
});

pub fn extract(text: &str, start: usize, end: usize, out: &mut Vec<Found>) {
    let slice = &text[start..end];
    for m in DESTINATION.find_iter(slice) {
        let before = super::before(slice, m.start(), 80);
        let nearest = PREPOSITION
            .find_iter(before)
            .last()
            .filter(|p| !before[p.end()..].contains(['.', ';', ':', '(', ')']))
            .map(|p| p.as_str().to_ascii_lowercase());
        if nearest.as_deref() == Some("from")
            && !m.as_str().to_ascii_lowercase().starts_with("outside")
        {
            continue;
        }
        let value = m
            .as_str()
            .trim_end_matches(|c: char| !c.is_alphanumeric() && c != '.');
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

    fn destinations(text: &str) -> Vec<String> {
        crate::check::extract::values_as_strings(extract, text)
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
