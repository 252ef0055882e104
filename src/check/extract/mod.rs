//! Value extractors: each finds one kind of value in projected text. They see
//! a text and a list of ranges of it to search (the evidence sentences, the
//! matching sections, or the whole document); a value's context is read
//! within its range.

mod age;
mod date;
mod destination;
mod duration;
mod email;
mod phone;
mod postal;

pub use date::DateOrder;

use crate::pattern::Alphabet;
use crate::ruleset::Extractor;
use serde_json::Value;

/// One value found: where (a range of the projected text) and what.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub span: (usize, usize),
    pub value: Value,
}

impl Found {
    pub fn new(span: (usize, usize), value: impl Into<Value>) -> Self {
        Found {
            span,
            value: value.into(),
        }
    }

    /// The same value, in text that starts `offset` bytes earlier.
    pub fn shifted(self, offset: usize) -> Self {
        Found {
            span: (self.span.0 + offset, self.span.1 + offset),
            ..self
        }
    }
}

/// Options that change how values are read.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExtractOptions {
    pub date_order: DateOrder,
}

pub fn extract(
    extractor: Extractor,
    text: &str,
    ranges: &[(usize, usize)],
    options: ExtractOptions,
) -> Vec<Found> {
    extract_in(extractor, text, ranges, options, Alphabet::of(text))
}

/// [`extract`], with the patterns compiled for `alphabet`, which `text` is
/// written in (for a text several extractors read).
pub(crate) fn extract_in(
    extractor: Extractor,
    text: &str,
    ranges: &[(usize, usize)],
    options: ExtractOptions,
    alphabet: Alphabet,
) -> Vec<Found> {
    let mut out = Vec::new();
    for &(start, end) in ranges {
        let out = &mut out;
        match extractor {
            Extractor::Age => age::extract(text, start, end, alphabet, out),
            Extractor::Email => email::extract(text, start, end, alphabet, out),
            Extractor::Phone => phone::extract(text, start, end, alphabet, out),
            Extractor::PostalAddress => postal::extract(text, start, end, alphabet, out),
            Extractor::Duration => duration::extract(text, start, end, alphabet, out),
            Extractor::Date => date::extract(text, start, end, options.date_order, alphabet, out),
            Extractor::Destination => destination::extract(text, start, end, alphabet, out),
        }
    }
    out
}

/// The order [`warm_up`] compiles the extractors in: the reverse of the
/// order the core ruleset's rules first use them. A run's first check
/// compiles any its rule needs that the warm-up has not reached, so the two
/// threads work from either end instead of one waiting on the other.
const WARM_UP_ORDER: [Extractor; 7] = [
    Extractor::Date,
    Extractor::Destination,
    Extractor::PostalAddress,
    Extractor::Phone,
    Extractor::Email,
    Extractor::Duration,
    Extractor::Age,
];

/// Compiles every extractor's patterns (they are compiled on first use) by
/// running each over a short text; the CLI does this on a thread of its own
/// while it loads the rulesets, so the first file does not wait for it.
pub fn warm_up() {
    const TEXT: &str = "Children under 13. We keep logs for 30 days, then delete them. \
        Updated January 5, 2024. Data is sent to the United States. \
        Email privacy@example.com, call +1 415 555 0134, or write to \
        1 Main Street, Springfield, IL 62704, USA.";
    for extractor in WARM_UP_ORDER {
        let _ = extract(
            extractor,
            TEXT,
            &[(0, TEXT.len())],
            ExtractOptions::default(),
        );
    }
}

/// Runs an extractor over all of `text` (for the extractors' tests), and
/// holds what the patterns compiled for the text's alphabet find to what
/// the whole patterns find.
#[cfg(test)]
pub(crate) fn values(extractor: Extractor, text: &str, options: ExtractOptions) -> Vec<Found> {
    let all = [(0, text.len())];
    let found = extract(extractor, text, &all, options);
    let whole = extract_in(extractor, text, &all, options, Alphabet::Any);
    assert_eq!(found, whole, "{extractor:?} in {text:?}");
    found
}

/// [`values`] as strings.
#[cfg(test)]
pub(crate) fn values_as_strings(extractor: Extractor, text: &str) -> Vec<String> {
    values(extractor, text, ExtractOptions::default())
        .iter()
        .map(|f| f.value.as_str().unwrap_or_default().to_string())
        .collect()
}

/// Up to `len` bytes of `text` before `end`, starting on a character
/// boundary: the context a value is judged by.
pub(crate) fn before(text: &str, end: usize, len: usize) -> &str {
    let mut start = end.saturating_sub(len);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..end]
}

/// Number words policies spell out ("thirteen", "two years").
pub(crate) fn number_word(word: &str) -> Option<i64> {
    const WORDS: [&str; 21] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    let w = word.to_ascii_lowercase();
    if let Some(n) = WORDS.iter().position(|x| *x == w) {
        return Some(n as i64);
    }
    match w.as_str() {
        "twenty-one" => Some(21),
        "thirty" => Some(30),
        "forty" => Some(40),
        "forty-five" => Some(45),
        "fifty" => Some(50),
        "sixty" => Some(60),
        "ninety" => Some(90),
        "hundred" => Some(100),
        _ => None,
    }
}

/// Regex alternation of the number words [`number_word`] knows.
pub(crate) const NUMBER_WORDS: &str = "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty-one|twenty|thirty|forty-five|forty|fifty|sixty|ninety";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_warm_up_takes_every_extractor_last_first() {
        // the order the core ruleset's rules first use each extractor
        let ruleset = crate::ruleset::Ruleset::core();
        let mut first_use: Vec<Extractor> = Vec::new();
        for spec in ruleset.rules.iter().flat_map(|rule| &rule.values) {
            if !first_use.contains(&spec.extractor) {
                first_use.push(spec.extractor);
            }
        }
        let mut reversed = WARM_UP_ORDER.to_vec();
        reversed.reverse();
        assert_eq!(reversed, first_use);
        for (_, extractor) in Extractor::ALL {
            assert_eq!(WARM_UP_ORDER.iter().filter(|&&e| e == extractor).count(), 1);
        }
    }
}
