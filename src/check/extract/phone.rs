//! Telephone numbers given for contact: international (+44 20 7946 0958), US
//! ((415) 555-0134, 1-800-555-0199) and grouped national forms, read only
//! where the text says it is a phone number or the format leaves no doubt.

use super::Found;
use regex::Regex;
use std::sync::LazyLock;

static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\+|\b00)?\(?\d{1,4}\)?(?:[\s.\-/]{1,2}\(?\d{1,5}\)?){1,5}\b|\b1-\d{3}-[A-Z0-9]{3}-[A-Z0-9]{4}\b")
        .expect("phone regex")
});

/// Words that announce a phone number shortly before it.
static CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:phone|telephone|tel|call|calling|toll[\s-]?free|hotline|mobile|ph|t)\b\.?\s*(?:us\s+)?(?:on|at|:|number|no\.?)?[^\n]{0,40}$")
        .expect("phone cue regex")
});

/// Strong formats that are phone numbers without a cue.
static STRONG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\+\d|\(\d{3}\)\s?\d{3}[\-.\s]\d{4}$|\d{3}[\-.]\d{3}[\-.]\d{4}$|1[\-.\s]8\d\d)")
        .expect("strong phone regex")
});

static FAX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bfax\b[^\n]{0,12}$").expect("fax regex"));

pub fn extract(text: &str, start: usize, end: usize, out: &mut Vec<Found>) {
    let slice = &text[start..end];
    for m in PHONE.find_iter(slice) {
        let found = m.as_str().trim_end_matches(['.', '-', ' ']);
        let digits = found.chars().filter(char::is_ascii_digit).count();
        if !(7..=15).contains(&digits) || looks_like_date(found) {
            continue;
        }
        let before = &slice[m.start().saturating_sub(60)..m.start()];
        if FAX.is_match(before) {
            continue;
        }
        if !(STRONG.is_match(found) || CUE.is_match(before)) {
            continue;
        }
        let s = start + m.start();
        out.push(Found::new((s, s + found.len()), found));
    }
}

fn looks_like_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split(['/', '.', '-']).collect();
    parts.len() == 3
        && parts.iter().all(|p| p.trim().len() <= 4)
        && !s.contains(' ')
        && parts.iter().any(|p| p.trim().len() == 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phones(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        extract(text, 0, text.len(), &mut out);
        out.iter()
            .map(|f| f.value.as_str().unwrap().to_string())
            .collect()
    }

    #[test]
    fn numbers_with_a_cue_or_a_clear_format() {
        assert_eq!(
            phones("Call us at +1 (415) 555-0134."),
            vec!["+1 (415) 555-0134"]
        );
        assert_eq!(phones("Tel: 020 7946 0958"), vec!["020 7946 0958"]);
        assert_eq!(phones("our line (415) 555-0134"), vec!["(415) 555-0134"]);
        assert_eq!(phones("toll-free 1-800-555-0199"), vec!["1-800-555-0199"]);
        assert_eq!(phones("+353 1 234 5678"), vec!["+353 1 234 5678"]);
    }

    #[test]
    fn other_numbers_are_not_phones() {
        assert_eq!(phones("Version 2.1, 2019; 123 users"), Vec::<String>::new());
        assert_eq!(phones("Updated 05/25/2018"), Vec::<String>::new());
        assert_eq!(phones("Fax: +1 415 555 0100"), Vec::<String>::new());
        assert_eq!(phones("PO Box 1234, Sydney NSW 2000"), Vec::<String>::new());
    }
}
