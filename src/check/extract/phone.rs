//! Telephone numbers given for contact: international (+44 20 7946 0958), US
//! ((415) 555-0134, 1-800-555-0199) and grouped national forms, read only
//! where the text says it is a phone number or the format leaves no doubt.

use super::Found;
use regex::Regex;
use std::sync::LazyLock;

static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    // a number starts at a word boundary: "C9 905-555-0162" holds one number, not "9 905…"
    crate::pattern::compile(r"(?:\+\(?\d{1,4}\)?|\(\d{1,4}\)|\b\d{1,4})(?:[\s.\-/]{1,2}\(?\d{1,5}\)?){1,5}\b|\b1-\d{3}-[A-Z0-9]{3}-[A-Z0-9]{4}\b")
        .expect("phone regex")
});

/// Words that announce a phone number shortly before it.
static CUE: LazyLock<Regex> = LazyLock::new(|| {
    crate::pattern::compile(r"(?i)\b(?:phone|telephone|tel|call|calling|toll[\s-]?free|hotline|mobile|ph|t|reached|reach\s+us|office|helpline)\b\.?\s*(?:us\s+)?(?:on|at|:|number|no\.?)?[^\n]{0,40}$")
        .expect("phone cue regex")
});

/// Strong formats that are phone numbers without a cue.
static STRONG: LazyLock<Regex> = LazyLock::new(|| {
    // +44 …, (415) 555-0134, 415-555-0134, 1-800…, and national numbers
    // written with a leading 0 in groups (0161 496 0738, 020 7946 0958)
    crate::pattern::compile(r"^(?:\+\d|\(\d{3}\)\s?\d{3}[\-.\s]\d{4}$|\d{3}[\-.]\d{3}[\-.]\d{4}$|1[\-.\s]8\d\d|0\d{1,4}[\s\-]\d{3,4}[\s\-]?\d{3,4}$)")
        .expect("strong phone regex")
});

static FAX: LazyLock<Regex> = LazyLock::new(|| {
    crate::pattern::compile(r"(?i)\b(?:fax|faxed|faxes|facsimile)\b[^\n]{0,12}$")
        .expect("fax regex")
});

pub fn extract(text: &str, start: usize, end: usize, out: &mut Vec<Found>) {
    let slice = &text[start..end];
    for m in PHONE.find_iter(slice) {
        let found = m.as_str().trim_end_matches(['.', '-', ' ']);
        let digits = found.chars().filter(char::is_ascii_digit).count();
        if !(7..=15).contains(&digits) || looks_like_date(found) {
            continue;
        }
        let before = super::before(slice, m.start(), 60);
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
        crate::check::extract::values_as_strings(extract, text)
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
}
