//! Sentence boundaries in projected text. A period ends a sentence unless it
//! closes an abbreviation ("e.g.", "U.S.", "Inc.") or sits inside a number,
//! an address or a URL.

use crate::bytes::ByteSet;
use std::sync::LazyLock;

/// Words that end with a period without ending the sentence (lower case,
/// without the final period), sorted for [`is_abbreviation`].
const ABBREVIATIONS: &[&str] = &[
    "al", "approx", "apr", "art", "aug", "ave", "b.v", "blvd", "cf", "ch", "co", "corp", "dec",
    "dept", "dr", "e.g", "e.u", "etc", "feb", "fig", "gmbh", "govt", "i.e", "inc", "incl", "jan",
    "jul", "jun", "llc", "ltd", "mar", "mr", "mrs", "ms", "n.v", "no", "nos", "nov", "oct", "op",
    "p", "p.o", "para", "ph", "plc", "pp", "pty", "rd", "ref", "s.a", "sec", "sep", "sept", "st",
    "ste", "tel", "u.k", "u.s", "u.s.a", "v", "viz", "vs",
];

/// Splits `text[start..end]` into trimmed sentence ranges.
pub fn split(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    static MARKS: LazyLock<ByteSet> = LazyLock::new(|| ByteSet::of(*b".!?;"));
    let bytes = text.as_bytes();
    let mut sentence_start = start;
    let mut i = start;
    while let Some(mark) = MARKS.find(bytes, i, end) {
        i = mark + 1;
        if ends_sentence(text, sentence_start, mark, end) {
            // keep closing quotes and brackets with the sentence
            let mut stop = mark + 1;
            while stop < end && matches!(bytes[stop], b'"' | b'\'' | b')' | b']') {
                stop += 1;
            }
            push_trimmed(text, sentence_start, stop, out);
            sentence_start = stop;
            i = stop;
        }
    }
    push_trimmed(text, sentence_start, end, out);
}

fn ends_sentence(text: &str, sentence_start: usize, at: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    let punct = bytes[at];
    // the next non-quote character must be white space or the end
    let mut next = at + 1;
    while next < end && matches!(bytes[next], b'"' | b'\'' | b')' | b']') {
        next += 1;
    }
    if next < end && !bytes[next].is_ascii_whitespace() {
        return false;
    }
    if punct == b';' {
        // a semicolon ends a clause only in long sentences, so lists of
        // short items stay together
        return at - sentence_start > 200;
    }
    if punct != b'.' {
        return true;
    }
    let word_start = text[sentence_start..at]
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || c == '(' || c == '"')
        .map_or(sentence_start, |(i, c)| sentence_start + i + c.len_utf8());
    let word = &text[word_start..at];
    if word.is_empty() {
        return true;
    }
    let bare = word.trim_start_matches(['(', '[', '"', '\'']);
    if is_abbreviation(bare) {
        // "… in the U.S. We also …": an abbreviation may still end a
        // sentence when a capitalised common word follows; we keep it open,
        // which joins two sentences at worst.
        return false;
    }
    // single initials ("J. Smith") and dotted acronyms ("a.m")
    if word.chars().count() == 1 && word.chars().all(|c| c.is_alphabetic()) {
        return false;
    }
    if bare.contains('.') && bare.len() <= 6 && !bare.ends_with(')') {
        return false;
    }
    // "1." at the start of a list item or heading
    if word.chars().all(|c| c.is_ascii_digit()) && word_start == sentence_start {
        return false;
    }
    // the next word starting in lower case means the sentence goes on
    let rest = text[next..end].trim_start();
    !rest.chars().next().is_some_and(|c| c.is_lowercase())
}

/// Whether `word` is one of [`ABBREVIATIONS`], ASCII case-insensitively.
/// Most words that end a sentence are longer than any abbreviation, and the
/// rest are looked up lower-cased, by binary search.
fn is_abbreviation(word: &str) -> bool {
    const LONGEST: usize = 6;
    if word.len() > LONGEST {
        return false;
    }
    let mut lower = [0u8; LONGEST];
    let lower = &mut lower[..word.len()];
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    ABBREVIATIONS
        .binary_search_by(|a| a.as_bytes().cmp(lower))
        .is_ok()
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let slice = &text[start..end];
    let trimmed = slice.trim_start();
    let s = start + (slice.len() - trimmed.len());
    let e = s + trimmed.trim_end().len();
    if e > s {
        out.push((s, e));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        split(text, 0, text.len(), &mut out);
        out.into_iter().map(|(s, e)| &text[s..e]).collect()
    }

    /// Every abbreviation in any case, and words that differ from one by a
    /// byte, a zero byte or a length, or that start like one.
    #[test]
    fn abbreviations_are_found_in_any_case_and_nothing_else_is() {
        let reference = |word: &str| ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word));
        let mut words: Vec<String> = Vec::new();
        for a in ABBREVIATIONS {
            words.push(a.to_string());
            words.push(a.to_uppercase());
            words.push(format!("{a}x"));
            words.push(format!("{a}\0"));
            words.push(a[..a.len() - 1].to_string());
            words.push(a.replace('.', ","));
            let mut capital = a.to_string();
            capital[..1].make_ascii_uppercase();
            words.push(capital);
        }
        words.extend(["", "e.g.", "u.s.a.", "approxi", "é", "ü.s", "\0"].map(String::from));
        let found = words.iter().filter(|w| is_abbreviation(w)).count();
        for word in &words {
            assert_eq!(is_abbreviation(word), reference(word), "{word:?}");
        }
        assert!(found >= 3 * ABBREVIATIONS.len(), "{found} found");
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(
            sentences(
                "We use tools, e.g. analytics. Data stays in the U.S. and Example Inc. keeps it. Done!"
            ),
            vec![
                "We use tools, e.g. analytics.",
                "Data stays in the U.S. and Example Inc. keeps it.",
                "Done!"
            ]
        );
    }

    #[test]
    fn numbers_urls_and_emails_stay_whole() {
        assert_eq!(
            sentences(
                "Write to privacy@example.org. Version 2.1 applies. See example.com/a.b for more."
            ),
            vec![
                "Write to privacy@example.org.",
                "Version 2.1 applies.",
                "See example.com/a.b for more."
            ]
        );
    }

    #[test]
    fn question_and_exclamation_end_sentences() {
        assert_eq!(
            sentences("Can children use it? No, never! See Sec. 4 below."),
            vec!["Can children use it?", "No, never!", "See Sec. 4 below."]
        );
    }

    #[test]
    fn semicolons_end_only_long_sentences() {
        let long = format!("We keep {}; then we delete them.", "logs ".repeat(45));
        assert_eq!(sentences(&long).len(), 2, "{long}");
        assert_eq!(
            sentences("We keep logs; emails; and notes. Done."),
            vec!["We keep logs; emails; and notes.", "Done."]
        );
    }

    /// The split as first written: every byte looked at in turn. The split
    /// jumps from mark to mark, and must stop at the same ones.
    fn split_byte_by_byte(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
        let bytes = text.as_bytes();
        let (mut out, mut sentence_start, mut i) = (Vec::new(), start, start);
        while i < end {
            if matches!(bytes[i], b'.' | b'!' | b'?' | b';')
                && ends_sentence(text, sentence_start, i, end)
            {
                let mut stop = i + 1;
                while stop < end && matches!(bytes[stop], b'"' | b'\'' | b')' | b']') {
                    stop += 1;
                }
                push_trimmed(text, sentence_start, stop, &mut out);
                (sentence_start, i) = (stop, stop);
                continue;
            }
            i += 1;
        }
        push_trimmed(text, sentence_start, end, &mut out);
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        #[test]
        fn marks_are_found_as_a_byte_by_byte_scan_finds_them(
            text in r#"([a-zA-Z]{1,12}|[ .!?;"')\]\n]|é|’|e\.g\.|U\.S\.|[0-9]\.[0-9]){0,120}"#,
            cut in 0usize..8,
        ) {
            // a range inside the text too, as the parser splits one block
            let mut start = cut.min(text.len());
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let mut out = Vec::new();
            split(&text, start, text.len(), &mut out);
            proptest::prop_assert_eq!(out, split_byte_by_byte(&text, start, text.len()));
        }
    }

    #[test]
    fn abbreviations_are_found_in_any_case_and_no_other_word_is() {
        assert!(ABBREVIATIONS.is_sorted(), "sorted for the binary search");
        let mut words = vec!["", "policy", "U.S.A.", "approxi", "é", "inç", "Co", "E.G"];
        let variants: Vec<String> = ABBREVIATIONS
            .iter()
            .flat_map(|a| {
                [
                    a.to_ascii_uppercase(),
                    format!("{a}x"),
                    format!("x{a}"),
                    a[1..].to_string(),
                ]
            })
            .collect();
        words.extend(ABBREVIATIONS);
        words.extend(variants.iter().map(String::as_str));
        for word in words {
            let expected = ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word));
            assert_eq!(is_abbreviation(word), expected, "{word:?}");
        }
    }
}
