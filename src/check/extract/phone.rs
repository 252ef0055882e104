//! Telephone numbers given for contact: international (+44 20 7946 0958), US
//! ((415) 555-0134, 1-800-555-0199) and grouped national forms, read only
//! where the text says it is a phone number or the format leaves no doubt.

use super::Found;
use crate::bytes::ByteSet;
use crate::pattern::{Alphabet, ForAlphabet, YesNoRegex};
use regex_automata::{Input, meta};
use std::sync::LazyLock;

/// Number-like spans. A number starts at a word boundary: "C9 905-555-0162"
/// holds one number, not "9 905…".
const PHONE_PATTERN: &str = r"(?:\+\(?\d{1,4}\)?|\(\d{1,4}\)|\b\d{1,4})(?:[\s.\-/]{1,2}\(?\d{1,5}\)?){1,5}\b|\b1-\d{3}-[A-Z0-9]{3}-[A-Z0-9]{4}\b";

static PHONE: ForAlphabet<meta::Regex> = ForAlphabet::new(|alphabet| {
    crate::pattern::compile_forms(&[PHONE_PATTERN.to_string()], alphabet).expect("phone regex")
});

/// The bytes a match of [`PHONE`] can hold: digits, capitals (1-800-FLOWERS),
/// white space, `.-/+()`, and every byte of a non-ASCII character (Unicode
/// digits and spaces). A match lies within one run of them.
const RUN: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_digit()
            || c.is_ascii_uppercase()
            || c.is_ascii_whitespace()
            || c == 0x0B
            || matches!(c, b'.' | b'-' | b'/' | b'+' | b'(' | b')')
            || c >= 0x80;
        b += 1;
    }
    table
};

/// The fewest ASCII digits a reported number has.
const MIN_DIGITS: usize = 7;

/// Words that announce a phone number shortly before it.
static CUE: ForAlphabet<YesNoRegex> = ForAlphabet::new(|alphabet| {
    crate::pattern::compile_yes_no(r"(?i)\b(?:phone|telephone|tel|call|calling|toll[\s-]?free|hotline|mobile|ph|t|reached|reach\s+us|office|helpline)\b\.?\s*(?:us\s+)?(?:on|at|:|number|no\.?)?[^\n]{0,40}$", alphabet)
        .expect("phone cue regex")
});

/// Strong formats that are phone numbers without a cue.
static STRONG: ForAlphabet<YesNoRegex> = ForAlphabet::new(|alphabet| {
    // +44 …, (415) 555-0134, 415-555-0134, 1-800…, and national numbers
    // written with a leading 0 in groups (0161 496 0738, 020 7946 0958)
    crate::pattern::compile_yes_no(r"^(?:\+\d|\(\d{3}\)\s?\d{3}[\-.\s]\d{4}$|\d{3}[\-.]\d{3}[\-.]\d{4}$|1[\-.\s]8\d\d|0\d{1,4}[\s\-]\d{3,4}[\s\-]?\d{3,4}$)", alphabet)
        .expect("strong phone regex")
});

static FAX: ForAlphabet<YesNoRegex> = ForAlphabet::new(|alphabet| {
    crate::pattern::compile_yes_no(
        r"(?i)\b(?:fax|faxed|faxes|facsimile)\b[^\n]{0,12}$",
        alphabet,
    )
    .expect("fax regex")
});

pub fn extract(text: &str, start: usize, end: usize, alphabet: Alphabet, out: &mut Vec<Found>) {
    let slice = &text[start..end];
    for m in numbers(slice, alphabet) {
        let found = slice[m.start()..m.end()].trim_end_matches(['.', '-', ' ']);
        let digits = found.chars().filter(char::is_ascii_digit).count();
        if !(7..=15).contains(&digits) || looks_like_date(found) {
            continue;
        }
        let before = super::before(slice, m.start(), 60);
        if FAX.get(alphabet).is_match(before) {
            continue;
        }
        if !(STRONG.get(alphabet).is_match(found) || CUE.get(alphabet).is_match(before)) {
            continue;
        }
        let s = start + m.start();
        out.push(Found::new((s, s + found.len()), found));
    }
}

/// The matches of [`PHONE`] in `text` that `PHONE.find_iter(text)` gives,
/// save some with fewer than [`MIN_DIGITS`] ASCII digits, which no number
/// is read from; without running the regex over the whole text. No match
/// crosses the end of a run of [`RUN`] bytes, so each run is searched on its
/// own, and only when it holds enough digits (most hold a year or a count).
/// The search sees the text around a run for `\b`.
fn numbers(text: &str, alphabet: Alphabet) -> Vec<regex_automata::Match> {
    static DIGITS: LazyLock<ByteSet> = LazyLock::new(|| ByteSet::of(b'0'..=b'9'));
    let bytes = text.as_bytes();
    let mut matches = Vec::new();
    let mut at = 0;
    // each run is found from a digit, which every match holds
    while let Some(digit) = DIGITS.find(bytes, at, bytes.len()) {
        let mut start = digit;
        while start > at && RUN[usize::from(bytes[start - 1])] {
            start -= 1;
        }
        let mut digits = 0;
        at = digit;
        while at < bytes.len() && RUN[usize::from(bytes[at])] {
            digits += usize::from(bytes[at].is_ascii_digit());
            at += 1;
        }
        if digits < MIN_DIGITS {
            continue;
        }
        let mut from = start;
        while let Some(m) = PHONE
            .get(alphabet)
            .search(&Input::new(text).range(from..at))
        {
            from = m.end();
            matches.push(m);
        }
    }
    matches
}

/// 05/25/2018, 2018-05-25, 25.05.18: two short parts and a year.
fn looks_like_date(s: &str) -> bool {
    if s.contains(' ') {
        return false;
    }
    let lens: Vec<usize> = s.split(['/', '.', '-']).map(str::len).collect();
    matches!(lens.as_slice(), [1 | 2, 1 | 2, 2 | 4] | [4, 1 | 2, 1 | 2])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phones(text: &str) -> Vec<String> {
        crate::check::extract::values_as_strings(crate::ruleset::Extractor::Phone, text)
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
        assert_eq!(
            phones("Toronto, ON M5V 2T6 905-555-0162"),
            vec!["905-555-0162"]
        );
        assert_eq!(
            phones("reached at dpo@example.org or on 0161 496 0738"),
            vec!["0161 496 0738"]
        );
    }

    #[test]
    fn other_numbers_are_not_phones() {
        assert_eq!(phones("Version 2.1, 2019; 123 users"), Vec::<String>::new());
        assert_eq!(phones("Updated 05/25/2018"), Vec::<String>::new());
        assert_eq!(phones("Fax: +1 415 555 0100"), Vec::<String>::new());
        assert_eq!(phones("or faxed to (218) 555-0104."), Vec::<String>::new());
        assert_eq!(phones("PO Box 1234, Sydney NSW 2000"), Vec::<String>::new());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// The runs give every match of the pattern over the whole text
        /// that holds enough digits.
        #[test]
        fn numbers_are_the_patterns_matches_with_enough_digits(
            text in r"([0-9]{1,5}|[ .\-/+()]|\u{a0}|٣|[A-Z]|[a-z]{1,3}|[,:;])*"
        ) {
            let whole = crate::pattern::compile(PHONE_PATTERN).unwrap();
            let expected: Vec<(usize, usize)> = whole
                .find_iter(&text)
                .filter(|m| m.as_str().bytes().filter(u8::is_ascii_digit).count() >= MIN_DIGITS)
                .map(|m| (m.start(), m.end()))
                .collect();
            let found: Vec<(usize, usize)> = numbers(&text, Alphabet::of(&text))
                .into_iter()
                .filter(|m| text[m.start()..m.end()].bytes().filter(u8::is_ascii_digit).count() >= MIN_DIGITS)
                .map(|m| (m.start(), m.end()))
                .collect();
            proptest::prop_assert_eq!(found, expected);
        }
    }
}
