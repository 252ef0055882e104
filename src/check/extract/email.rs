//! Email addresses users can write to, including the obfuscated forms
//! policies use ("privacy [at] example.org"). An address that mail is only
//! sent *from* ("newsletters are sent from news@…") is not a contact.

use super::Found;
use crate::bytes::ByteSet;
use crate::pattern::{Alphabet, ForAlphabet, YesNoRegex};
use aho_corasick::packed::{Config, Searcher};
use regex_automata::{Input, meta};
use std::sync::LazyLock;

const EMAIL_PATTERN: &str = r"(?i)\b[a-z0-9][a-z0-9._%+\-]*(?:@|\s*[\[\(\{<]\s*at\s*[\]\)\}>]\s*|\s+at\s+)[a-z0-9][a-z0-9\-]*(?:(?:\.|\s*[\[\(\{<]\s*dot\s*[\]\)\}>]\s*|\s+dot\s+)[a-z0-9\-]+)*(?:\.|\s*[\[\(\{<]\s*dot\s*[\]\)\}>]\s*|\s+dot\s+)[a-z]{2,}\b";

static EMAIL: ForAlphabet<meta::Regex> = ForAlphabet::new(|alphabet| {
    crate::pattern::compile_forms(&[EMAIL_PATTERN.to_string()], alphabet).expect("email regex")
});

/// White space as `\s` reads it in Unicode: the ASCII bytes, and the
/// others as UTF-8.
const ASCII_SPACE: [u8; 6] = [b' ', b'\t', b'\n', 0x0b, 0x0c, b'\r'];
const OTHER_SPACE: [char; 19] = [
    '\u{85}', '\u{a0}', '\u{1680}', '\u{2000}', '\u{2001}', '\u{2002}', '\u{2003}', '\u{2004}',
    '\u{2005}', '\u{2006}', '\u{2007}', '\u{2008}', '\u{2009}', '\u{200a}', '\u{2028}', '\u{2029}',
    '\u{202f}', '\u{205f}', '\u{3000}',
];

/// Where a spelled-out "at" most often stands: after a space, a tab, a line
/// break or an opening bracket. Few enough patterns (28) for the packed
/// searcher's faster form.
static SPELLED_AT: LazyLock<Option<Searcher>> = LazyLock::new(|| {
    let mut patterns: Vec<Vec<u8>> = Vec::new();
    for lead in *b" \t\n[({<" {
        for at in [b"at", b"At", b"aT", b"AT"] {
            patterns.push([&[lead][..], at].concat());
        }
    }
    Config::new().builder().extend(patterns).build()
});

/// The other white space "at" may follow: the rest of the ASCII white
/// space, and the first bytes of the white space beyond ASCII.
static RARE_SPACE: LazyLock<ByteSet> = LazyLock::new(|| {
    let leads = OTHER_SPACE.map(|c| c.to_string().as_bytes()[0]);
    ByteSet::of([b'\r', 0x0b, 0x0c].into_iter().chain(leads))
});

/// "… sent from", "emails from", "come from": the address that follows is a
/// sender, not a contact.
static SENDER: ForAlphabet<YesNoRegex> = ForAlphabet::new(|alphabet| {
    crate::pattern::compile_yes_no(r"(?i)\b(?:sent|send|sends|sending|come|comes|arrive|arrives|originate|originates|e-?mails?|messages?|newsletters?|notifications?)\b[^.@]{0,40}\bfrom\s*(?:the\s+)?(?:address\s+)?[:\-]?\s*$", alphabet)
        .expect("sender regex")
});

pub fn extract(text: &str, start: usize, end: usize, alphabet: Alphabet, out: &mut Vec<Found>) {
    let slice = &text[start..end];
    for (from, to) in addresses(slice, alphabet) {
        let found = &slice[from..to];
        let plain_at = found.contains('@');
        // "… at example dot com" is an address only when spelled with "dot" or brackets
        if !plain_at
            && !found.contains(['[', '(', '{', '<'])
            && !found.to_ascii_lowercase().contains(" dot ")
        {
            continue;
        }
        let before = super::before(slice, from, 80);
        let before = before.rsplit(['\n']).next().unwrap_or(before);
        if SENDER.get(alphabet).is_match(before) {
            continue;
        }
        let value = found.trim_end_matches('.');
        let s = start + from;
        out.push(Found::new((s, s + value.len()), value));
    }
}

/// The matches of [`EMAIL`] in `hay`, as a search from left to right finds
/// them, but looked for only around the places an address can stand: each
/// match holds an `@`, or an "at" with white space or a bracket on either
/// side. A packed search finds these few, and the regex reads only the text
/// around them.
///
/// From the first such place past the last match, the search starts where
/// an address that holds it could start (its local part, white space and
/// a bracket back), and stops at the first byte after it that no address
/// holds. No match starts earlier: one that did would hold this place or a
/// later one, and the bytes back to either are all of the kinds that lie
/// between an address's start and its "at" (the place found is the first
/// one, and an "at" after a byte of a local part is not one). And no match
/// crosses that byte, so every match that starts in the range ends in it
/// and is found as a search of the whole text would find it (the regex
/// still sees the bytes around the range for `\b`).
fn addresses(hay: &str, alphabet: Alphabet) -> Vec<(usize, usize)> {
    let Some(places) = places(hay) else {
        return EMAIL
            .get(alphabet)
            .find_iter(hay)
            .map(|m| (m.start(), m.end()))
            .collect();
    };
    let bytes = hay.as_bytes();
    let local = |b: u8| b.is_ascii_alphanumeric() || b"._%+-".contains(&b) || b >= 0x80;
    let space = |b: u8| ASCII_SPACE.contains(&b) || b >= 0x80;
    let held = |b: u8| local(b) || space(b) || b"@[](){}<>".contains(&b);
    let mut out = Vec::new();
    let mut from = 0;
    // the first byte no address holds at or after the last place: the same
    // for every place before it, so a long run of such bytes (a paragraph
    // of words) is read once, not once for each place in it
    let mut held_to = 0;
    for at in places {
        if at < from {
            continue;
        }
        let mut start = at;
        let back = |start: &mut usize, what: &dyn Fn(u8) -> bool, most: usize| {
            let mut n = 0;
            while *start > from && n < most && what(bytes[*start - 1]) {
                *start -= 1;
                n += 1;
            }
        };
        back(&mut start, &space, usize::MAX);
        back(&mut start, &|b| b"[({<".contains(&b), 1);
        back(&mut start, &space, usize::MAX);
        back(&mut start, &local, usize::MAX);
        if at >= held_to {
            held_to = (at..bytes.len())
                .find(|&i| !held(bytes[i]))
                .unwrap_or(bytes.len());
        }
        let end = held_to;
        match EMAIL
            .get(alphabet)
            .search(&Input::new(hay).range(start..end))
        {
            Some(m) => {
                out.push((m.start(), m.end()));
                from = m.end();
            }
            None => from = end,
        }
    }
    out
}

/// Where an address's `@` or spelled-out "at" may stand, in order; `None`
/// where the packed searcher is not available.
fn places(hay: &str) -> Option<Vec<usize>> {
    let searcher = SPELLED_AT.as_ref()?;
    let bytes = hay.as_bytes();
    let mut places: Vec<usize> = memchr::memchr_iter(b'@', bytes).collect();
    let mut spelled = |at: usize| {
        if bytes
            .get(at..at + 2)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"at"))
            && spelled_address_follows(&bytes[at + 2..])
        {
            places.push(at);
        }
    };
    let mut from = 0;
    while let Some(m) = searcher.find_in(
        bytes,
        aho_corasick::Span {
            start: from,
            end: bytes.len(),
        },
    ) {
        from = m.start() + 1;
        spelled(m.start() + 1);
    }
    let mut from = 0;
    while let Some(at) = RARE_SPACE.find(bytes, from, bytes.len()) {
        // a byte of the set starts a character: ASCII, or a lead byte
        let c = hay[at..].chars().next().expect("a character starts here");
        from = at + 1;
        if c.is_ascii() || OTHER_SPACE.contains(&c) {
            spelled(at + c.len_utf8());
        }
    }
    places.sort_unstable();
    Some(places)
}

/// Whether the text after a spelled-out "at" may go on as an address does:
/// white space or a closing bracket, a word, then "." or a spelled-out
/// "dot" ("at example dot com", "[at] example.com"; not "at least 13"). A
/// character other than ASCII may be any of these, so it is let through.
fn spelled_address_follows(rest: &[u8]) -> bool {
    let mut i = 0;
    let skip = |i: &mut usize, what: &dyn Fn(u8) -> bool| {
        while rest.get(*i).is_some_and(|&b| what(b)) {
            *i += 1;
        }
    };
    let space = |b: u8| ASCII_SPACE.contains(&b);
    let other = |i: usize| rest.get(i).is_some_and(|&b| b >= 0x80);
    // the rest of the "at": white space, or white space and a bracket
    skip(&mut i, &|b| space(b) || b"])}>".contains(&b));
    if i == 0 && !other(0) {
        return false;
    }
    // the domain's first word
    let word_start = i;
    skip(&mut i, &|b| b.is_ascii_alphanumeric() || b == b'-');
    if other(i) {
        return true;
    }
    if i == word_start {
        return false;
    }
    match rest.get(i) {
        Some(b'.') => true,
        Some(&b) if space(b) || b"[({<".contains(&b) => {
            skip(&mut i, &|b| space(b) || b"[({<".contains(&b));
            other(i)
                || rest
                    .get(i..i + 3)
                    .is_some_and(|w| w.eq_ignore_ascii_case(b"dot"))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn emails(text: &str) -> Vec<String> {
        crate::check::extract::values_as_strings(crate::ruleset::Extractor::Email, text)
    }

    #[test]
    fn plain_and_obfuscated_addresses() {
        assert_eq!(
            emails("Write to privacy@example.org."),
            vec!["privacy@example.org"]
        );
        assert_eq!(
            emails("contact info [at] example.org today"),
            vec!["info [at] example.org"]
        );
        assert_eq!(
            emails("dpo (at) example (dot) co (dot) uk"),
            vec!["dpo (at) example (dot) co (dot) uk"]
        );
        assert_eq!(emails("we meet at example.org"), Vec::<String>::new());
    }

    use proptest::strategy::Strategy;

    proptest::proptest! {
        /// Read around the places an address can stand, the matches are
        /// those of the regex over the whole text: texts of pieces of
        /// addresses, spelled-out forms, words with "at" in them, the
        /// other white space and characters that fold to ASCII letters.
        #[test]
        fn found_where_a_search_of_the_whole_text_finds_them(
            pieces in proptest::collection::vec(proptest::prop_oneof![
                proptest::sample::select(vec![
                    "a", "at", "AT", "dot", "x", "9", "example", "com", ".", "@", "-", "_",
                    " ", "  ", "\t", "\n", "\u{a0}", "\u{2009}", "\u{3000}", "[", "]",
                    "(", ")", "{", "}", "<", ">", ",", ";", "’", "\u{212a}", "\u{17f}", "é",
                    "that", "data", "attention",
                ]).prop_map(str::to_string),
                "[a-z@. ]{1,4}",
            ], 0..40),
        ) {
            let text = pieces.concat();
            let whole: Vec<(usize, usize)> =
                EMAIL.get(Alphabet::Any).find_iter(&text).map(|m| (m.start(), m.end())).collect();
            proptest::prop_assert_eq!(addresses(&text, Alphabet::of(&text)), whole);
        }

        /// The same over texts of address-shaped runs (a local part, any
        /// white space or bracket, "at" or "@", a domain, "dot" or "."),
        /// where most runs are addresses.
        #[test]
        fn addresses_in_any_spacing_are_found(
            runs in proptest::collection::vec((
                proptest::sample::select(vec!["", "we meet ", "x, ", "(", "a.b", "ſ"]),
                proptest::sample::select(vec!["info", "a", "K9", "\u{212a}", "x_y"]),
                proptest::sample::select(vec![
                    "@", " at ", "\u{a0}at\u{a0}", "\u{2009}at\u{3000}", "\tAT\n", " [at] ", "\rat\x0c",
                    "(at)", "{ at }", "<at>", "\u{85}at ", "at", " at", "[at",
                ]),
                proptest::sample::select(vec!["example", "ex-ample", "x", "", "9"]),
                proptest::sample::select(vec![
                    ".", " dot ", " [dot] ", "\u{a0}dot ", " (\u{a0}dot) ", "", ". ",
                ]),
                proptest::sample::select(vec!["com", "org", "c", "co.uk", "COM", ""]),
            ), 1..6),
        ) {
            let text: String = runs
                .iter()
                .map(|(a, b, c, d, e, f)| [*a, b, c, d, e, f].concat())
                .collect::<Vec<_>>()
                .join(" ");
            let whole: Vec<(usize, usize)> =
                EMAIL.get(Alphabet::Any).find_iter(&text).map(|m| (m.start(), m.end())).collect();
            proptest::prop_assert_eq!(addresses(&text, Alphabet::of(&text)), whole);
        }
    }

    #[test]
    fn sender_addresses_are_not_contacts() {
        assert_eq!(
            emails("Newsletters are sent from news@example.com. Questions go to help@example.com."),
            vec!["help@example.com"]
        );
    }
}
