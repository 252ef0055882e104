//! Phrase terms compiled to a short program of byte-level steps instead of a
//! regular expression. A phrase is found by its rarest literal fragment (the
//! anchor: a word policies do not use everywhere, else the longest; located
//! for every term at once by one Aho-Corasick scan) and then
//! confirmed by matching the steps before the anchor backwards and the steps
//! after it forwards. The steps mean exactly what [`super::term::to_regex`]
//! writes for the same phrase in ASCII mode: `\b` is an ASCII word boundary,
//! `[\s\-]+` joins words, `-` inside a word is `[\-\s]?`, an apostrophe is
//! `'` or `’`, and a wildcard is `(?:[\w'\-]|’)*` (`+` for a lone `*`).
//!
//! Checked against that regex by a property test (`tests/properties.rs`).

use std::ops::Range;

const RIGHT_QUOTE: &[u8] = "’".as_bytes();

/// One step of a phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// One byte, ASCII case-insensitively (stored lower-case).
    Byte(u8),
    /// `'` or `’`.
    Apostrophe,
    /// `[\-\s]?`: a hyphen inside a word may be written, spaced or dropped.
    OptionalJoin,
    /// `[\s\-]+`: what separates two words.
    Join,
    /// `(?:[\w'\-]|’)*`: the rest of a word after `child*`.
    WordRest,
    /// `(?:[\w'\-]|’)+`: a lone `*`, any one word.
    AnyWord,
    /// `\b` with ASCII word characters.
    Boundary,
}

/// A compiled phrase: its steps and which of them form the anchor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    steps: Vec<Step>,
    anchor: Range<usize>,
    around: Around,
}

/// What a phrase asks of the bytes beside its anchor. Checked wherever the
/// anchor stands, before any search, it settles most of those places: the
/// term index keeps a copy with each probe, so they are settled without a
/// look at the phrase itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Around {
    /// Whether the anchor must start, or end, on a word boundary.
    pub boundary_before: bool,
    pub boundary_after: bool,
    /// When white space follows the anchor and then a letter ("you can"
    /// anchored at "you"): that letter. Most places a common word stands
    /// are ruled out by it.
    next_byte: Option<u8>,
    /// The same before the anchor ("personal information" anchored at
    /// "information": the `l` of "personal").
    previous_byte: Option<u8>,
}

impl Around {
    /// Whether the bytes beside an anchor found at `at..end` of `hay` (and
    /// inside it) allow a match there.
    #[inline]
    pub fn holds(&self, hay: &[u8], at: usize, end: usize) -> bool {
        (!self.boundary_before || boundary(hay, at))
            && (!self.boundary_after || boundary(hay, end))
            && ((self.next_byte.is_none() && self.previous_byte.is_none())
                || self.letters_hold(hay, at, end))
    }

    /// The letters past the white space beside the anchor, read out of line:
    /// most checks need none.
    #[inline(never)]
    fn letters_hold(&self, hay: &[u8], at: usize, end: usize) -> bool {
        !(self
            .next_byte
            .is_some_and(|b| byte_after_joins(hay, end) != Some(b))
            || self
                .previous_byte
                .is_some_and(|b| byte_before_joins(hay, at) != Some(b)))
    }

    /// The same checks, less the word boundaries that were checked already.
    pub fn without_boundaries(self, before: bool, after: bool) -> Around {
        Around {
            boundary_before: self.boundary_before && !before,
            boundary_after: self.boundary_after && !after,
            ..self
        }
    }
}

/// Words so frequent in policies that a phrase is better found by another
/// of its words. Sorted, for [`is_common`].
pub const COMMON: &[&[u8]] = &[
    b"a",
    b"about",
    b"all",
    b"an",
    b"and",
    b"any",
    b"are",
    b"as",
    b"at",
    b"be",
    b"by",
    b"can",
    b"data",
    b"do",
    b"for",
    b"from",
    b"have",
    b"if",
    b"in",
    b"information",
    b"is",
    b"it",
    b"may",
    b"not",
    b"of",
    b"on",
    b"or",
    b"our",
    b"personal",
    b"policy",
    b"privacy",
    b"service",
    b"services",
    b"such",
    b"that",
    b"the",
    b"this",
    b"to",
    b"us",
    b"use",
    b"we",
    b"will",
    b"with",
    b"you",
    b"your",
];

/// The byte that must stand past a join run, for steps read outward from
/// the anchor: a join, then a byte that cannot be part of the join (zero-width
/// boundaries aside). A join matches one or more join bytes, so that byte can
/// only stand right after the whole run.
fn beyond_join<'a>(steps: impl Iterator<Item = &'a Step>) -> Option<u8> {
    let mut steps = steps.filter(|s| **s != Step::Boundary);
    match (steps.next(), steps.next()) {
        (Some(Step::Join), Some(&Step::Byte(b))) if !is_join(b) => Some(b),
        _ => None,
    }
}

fn byte_of(step: &Step) -> u8 {
    match step {
        Step::Byte(b) => *b,
        _ => unreachable!("the anchor is a run of bytes"),
    }
}

/// Whether `word` (lower-case) is one of the [`COMMON`] words.
pub fn is_common(word: &[u8]) -> bool {
    COMMON.binary_search(&word).is_ok()
}

impl Phrase {
    /// A phrase from its steps; `None` when it has no literal byte to anchor
    /// on (such a term is matched by its regex instead).
    pub fn new(steps: Vec<Step>) -> Option<Phrase> {
        // the rarest fragment: a word policies rarely use, else the longest
        let score = |run: &[Step]| {
            let word: Vec<u8> = run.iter().map(byte_of).collect();
            (!is_common(&word), word.len())
        };
        let mut best: Option<Range<usize>> = None;
        let mut i = 0;
        while i < steps.len() {
            if matches!(steps[i], Step::Byte(_)) {
                let start = i;
                while i < steps.len() && matches!(steps[i], Step::Byte(_)) {
                    i += 1;
                }
                if best
                    .as_ref()
                    .is_none_or(|b| score(&steps[start..i]) > score(&steps[b.clone()]))
                {
                    best = Some(start..i);
                }
            } else {
                i += 1;
            }
        }
        let anchor = best?;
        Some(Phrase {
            around: Around {
                boundary_before: anchor.start > 0 && steps[anchor.start - 1] == Step::Boundary,
                boundary_after: steps.get(anchor.end) == Some(&Step::Boundary),
                next_byte: beyond_join(steps[anchor.end..].iter()),
                previous_byte: beyond_join(steps[..anchor.start].iter().rev()),
            },
            steps,
            anchor,
        })
    }

    /// What the phrase asks of the bytes beside its anchor.
    pub fn around(&self) -> Around {
        self.around
    }

    /// Whether the phrase matches wherever its anchor stands with
    /// [`Phrase::around`] holding: it is its anchor alone, with at most
    /// word boundaries about it and the rest of a word after it (`child*`,
    /// `retention`). Such a match needs no search.
    pub fn is_anchor_alone(&self) -> bool {
        let before = &self.steps[..self.anchor.start];
        let after = &self.steps[self.anchor.end..];
        // the rest of a word, then a boundary, always match: the rest of
        // the word runs at most to the end of the anchor's word, and a
        // boundary stands there
        matches!(before, [] | [Step::Boundary])
            && matches!(
                after,
                [] | [Step::Boundary] | [Step::WordRest] | [Step::WordRest, Step::Boundary]
            )
    }

    /// The literal every match contains, lower-case.
    pub fn anchor(&self) -> Vec<u8> {
        self.steps[self.anchor.clone()]
            .iter()
            .map(byte_of)
            .collect()
    }

    /// Whether the phrase matches in `hay` with its anchor found at `at`
    /// (the caller located the anchor, case-insensitively). Each choice the
    /// search tries is taken from `budget`; `None` when it runs out, which
    /// only text built to defeat wildcards makes happen ("child-child-…"
    /// for `child* data`): the caller then asks the term's regex, whose
    /// automaton is linear. Start a budget at [`STEP_BUDGET`].
    pub fn matches_at(&self, hay: &[u8], at: usize, budget: &mut u32) -> Option<bool> {
        let end = at + self.anchor.len();
        if end > hay.len() || !self.around.holds(hay, at, end) {
            return Some(false);
        }
        self.search(hay, at, end, budget)
    }

    /// The search from the anchor at `at..end` outward, once
    /// [`Phrase::around`] held there; otherwise as [`Phrase::matches_at`].
    /// Kept apart so that the checks, which settle most places an anchor
    /// stands, do not pay for the search's set-up.
    #[inline(never)]
    pub fn search(&self, hay: &[u8], at: usize, end: usize, budget: &mut u32) -> Option<bool> {
        let mut search = Search::new(hay, *budget);
        let found = search.backward(&self.steps[..self.anchor.start], at)
            && search.forward(&self.steps[self.anchor.end..], 0, end);
        *budget = search.left;
        (!search.exhausted).then_some(found)
    }
}

/// How many choices the searches for one group in one sentence may try. A
/// real sentence needs a handful; past this the answer comes from the
/// group's regex instead, so no text can make wildcard phrases cost more
/// than a constant per sentence.
pub const STEP_BUDGET: u32 = 4096;

struct Search<'a> {
    hay: &'a [u8],
    left: u32,
    exhausted: bool,
}

/// `\b` in ASCII mode at `pos` of `hay` (outside `hay` counts as no word).
pub fn boundary(hay: &[u8], pos: usize) -> bool {
    let before = pos > 0 && is_word(hay[pos - 1]);
    let after = pos < hay.len() && is_word(hay[pos]);
    before != after
}

/// An ASCII word byte, as `\b` in ASCII mode reads one.
pub fn is_word(b: u8) -> bool {
    BYTE_CLASS[usize::from(b)] & WORD != 0
}

fn is_join(b: u8) -> bool {
    BYTE_CLASS[usize::from(b)] & JOIN != 0
}

/// Bits of [`BYTE_CLASS`].
const WORD: u8 = 1;
const JOIN: u8 = 2;

/// What each byte is to a phrase, looked up rather than tested range by
/// range: `\w` in ASCII mode (`WORD`), and `\s` in ASCII mode or the hyphen
/// (`JOIN`). The checks beside an anchor ask for every place one stands.
const BYTE_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() || c == b'_' {
            table[b] |= WORD;
        }
        if matches!(c, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r' | b'-') {
            table[b] |= JOIN;
        }
        b += 1;
    }
    table
};

/// The byte past a run of one or more join bytes starting at `pos`,
/// lower-cased; `None` without such a run or a byte after it.
fn byte_after_joins(hay: &[u8], pos: usize) -> Option<u8> {
    let run = hay.get(pos..)?.iter().take_while(|&&c| is_join(c)).count();
    (run > 0)
        .then(|| hay.get(pos + run))
        .flatten()
        .map(u8::to_ascii_lowercase)
}

/// The byte before a run of one or more join bytes ending at `pos`,
/// lower-cased.
fn byte_before_joins(hay: &[u8], pos: usize) -> Option<u8> {
    let run = hay[..pos].iter().rev().take_while(|&&c| is_join(c)).count();
    (run > 0 && run < pos).then(|| hay[pos - run - 1].to_ascii_lowercase())
}

fn is_word_part(b: u8) -> bool {
    is_word(b) || b == b'\'' || b == b'-'
}

impl<'a> Search<'a> {
    fn new(hay: &'a [u8], budget: u32) -> Self {
        Search {
            hay,
            left: budget,
            exhausted: false,
        }
    }

    fn boundary(&self, pos: usize) -> bool {
        boundary(self.hay, pos)
    }

    /// Length of the word character (ASCII or `’`) starting at `pos`.
    fn word_part_at(&self, pos: usize) -> Option<usize> {
        match self.hay.get(pos) {
            Some(&b) if is_word_part(b) => Some(1),
            _ if self.hay[pos..].starts_with(RIGHT_QUOTE) => Some(RIGHT_QUOTE.len()),
            _ => None,
        }
    }

    /// Length of the word character (ASCII or `’`) ending at `pos`.
    fn word_part_before(&self, pos: usize) -> Option<usize> {
        match pos.checked_sub(1).map(|p| self.hay[p]) {
            Some(b) if is_word_part(b) => Some(1),
            _ if self.hay[..pos].ends_with(RIGHT_QUOTE) => Some(RIGHT_QUOTE.len()),
            _ => None,
        }
    }

    /// Counts one choice; false once the budget is spent, which ends the
    /// search.
    fn spend(&mut self) -> bool {
        match self.left.checked_sub(1) {
            Some(left) => self.left = left,
            None => self.exhausted = true,
        }
        !self.exhausted
    }

    /// Whether `steps[i..]` match starting at `pos`.
    fn forward(&mut self, steps: &[Step], mut i: usize, mut pos: usize) -> bool {
        // bytes and boundaries have one way to match: no search state
        let step = loop {
            match steps.get(i) {
                None => return true,
                Some(&Step::Byte(b)) => {
                    if self.hay.get(pos).map(u8::to_ascii_lowercase) != Some(b) {
                        return false;
                    }
                    pos += 1;
                }
                Some(&Step::Boundary) => {
                    if !self.boundary(pos) {
                        return false;
                    }
                }
                Some(&step) => break step,
            }
            i += 1;
        };
        if !self.spend() {
            return false;
        }
        let hay = self.hay;
        match step {
            Step::Byte(b) => {
                hay.get(pos).is_some_and(|c| c.to_ascii_lowercase() == b)
                    && self.forward(steps, i + 1, pos + 1)
            }
            Step::Apostrophe => {
                (hay.get(pos) == Some(&b'\'') && self.forward(steps, i + 1, pos + 1))
                    || (hay[pos..].starts_with(RIGHT_QUOTE)
                        && self.forward(steps, i + 1, pos + RIGHT_QUOTE.len()))
            }
            Step::OptionalJoin => {
                (hay.get(pos).is_some_and(|&c| is_join(c)) && self.forward(steps, i + 1, pos + 1))
                    || self.forward(steps, i + 1, pos)
            }
            Step::Join => {
                let mut end = pos;
                let mut found = false;
                while end < hay.len() && is_join(hay[end]) {
                    end += 1;
                    if self.forward(steps, i + 1, end) {
                        found = true;
                        break;
                    }
                }
                found
            }
            Step::WordRest | Step::AnyWord => {
                let mut end = pos;
                let mut found = step == Step::WordRest && self.forward(steps, i + 1, end);
                while !found && let Some(len) = self.word_part_at(end) {
                    end += len;
                    found = self.forward(steps, i + 1, end);
                }
                found
            }
            Step::Boundary => self.boundary(pos) && self.forward(steps, i + 1, pos),
        }
    }

    /// Whether `steps` match ending at `pos`.
    fn backward(&mut self, mut steps: &[Step], mut pos: usize) -> bool {
        let (step, rest) = loop {
            match steps.split_last() {
                None => return true,
                Some((&Step::Byte(b), rest)) => {
                    if pos == 0 || self.hay[pos - 1].to_ascii_lowercase() != b {
                        return false;
                    }
                    pos -= 1;
                    steps = rest;
                }
                Some((&Step::Boundary, rest)) => {
                    if !self.boundary(pos) {
                        return false;
                    }
                    steps = rest;
                }
                Some((&step, rest)) => break (step, rest),
            }
        };
        if !self.spend() {
            return false;
        }
        let hay = self.hay;
        let before = pos.checked_sub(1).map(|p| hay[p]);
        match step {
            Step::Byte(b) => {
                before.is_some_and(|c| c.to_ascii_lowercase() == b) && self.backward(rest, pos - 1)
            }
            Step::Apostrophe => {
                (before == Some(b'\'') && self.backward(rest, pos - 1))
                    || (hay[..pos].ends_with(RIGHT_QUOTE)
                        && self.backward(rest, pos - RIGHT_QUOTE.len()))
            }
            Step::OptionalJoin => {
                (before.is_some_and(is_join) && self.backward(rest, pos - 1))
                    || self.backward(rest, pos)
            }
            Step::Join => {
                let mut start = pos;
                let mut found = false;
                while start > 0 && is_join(hay[start - 1]) {
                    start -= 1;
                    if self.backward(rest, start) {
                        found = true;
                        break;
                    }
                }
                found
            }
            Step::WordRest | Step::AnyWord => {
                let mut start = pos;
                let mut found = step == Step::WordRest && self.backward(rest, start);
                while !found && let Some(len) = self.word_part_before(start) {
                    start -= len;
                    found = self.backward(rest, start);
                }
                found
            }
            Step::Boundary => self.boundary(pos) && self.backward(rest, pos),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_common_words_are_sorted_for_their_binary_search() {
        assert!(super::COMMON.is_sorted());
        assert!(super::is_common(b"the") && super::is_common(b"a"));
        assert!(!super::is_common(b"child") && !super::is_common(b"The"));
    }

    use super::*;
    use crate::ruleset::term::compile;

    fn phrase(term: &str) -> Phrase {
        compile(term)
            .unwrap()
            .phrase
            .unwrap_or_else(|| panic!("{term} is not a phrase"))
    }

    /// Whether the phrase matches anywhere in `text`, trying every place its
    /// anchor occurs.
    fn found(term: &str, text: &str) -> bool {
        let p = phrase(term);
        let anchor = p.anchor();
        let lower = text.to_ascii_lowercase();
        (0..=text.len().saturating_sub(anchor.len()))
            .filter(|&i| lower.as_bytes()[i..].starts_with(&anchor))
            .any(|i| {
                p.matches_at(text.as_bytes(), i, &mut STEP_BUDGET.clone())
                    .expect("within budget")
            })
    }

    #[test]
    fn anchors_are_the_longest_fragment() {
        assert_eq!(phrase("e-mail").anchor(), b"mail");
        assert_eq!(phrase("a minor").anchor(), b"minor");
        assert_eq!(phrase("Children's").anchor(), b"children");
        assert_eq!(phrase("child*").anchor(), b"child");
    }

    #[test]
    fn a_phrase_is_its_anchor_alone_when_nothing_but_boundaries_and_a_word_rest_surround_it() {
        for term in ["child*", "retention", "coppa", "@", "kids'"] {
            assert_eq!(
                phrase(term).is_anchor_alone(),
                term != "kids'",
                "{term}: {:?}",
                phrase(term)
            );
        }
        for term in [
            "a minor",
            "third party",
            "e-mail",
            "under-13*",
            "keeping your * safe",
        ] {
            assert!(!phrase(term).is_anchor_alone(), "{term}");
        }
        // "child*" needs no search wherever its anchor starts a word
        let p = phrase("child*");
        for text in ["childhood.", "child-", "child’s", "children's", "child"] {
            assert!(p.around().holds(text.as_bytes(), 0, 5), "{text}");
            assert_eq!(
                p.matches_at(text.as_bytes(), 0, &mut STEP_BUDGET.clone()),
                Some(true)
            );
        }
        assert!(!p.around().holds(b"grandchild", 5, 10));
    }

    #[test]
    fn phrases_match_like_their_regex() {
        assert!(found("child*", "our Children's page"));
        assert!(found("child*", "child"));
        assert!(!found("child", "children"));
        assert!(!found("child", "grandchild"));
        assert!(found("third party", "third-party services"));
        assert!(found("third party", "Third\nParty"));
        assert!(!found("third party", "thirdparty"));
        assert!(found("e-mail", "email us"));
        assert!(found("e-mail", "e mail us"));
        assert!(found("e-mail", "E-Mail us"));
        assert!(!found("e-mail", "e--mail"));
        assert!(found("don't", "we don’t sell"));
        assert!(found("don't", "we don't sell"));
        assert!(!found("age", "usage"));
        assert!(found("keeping your * safe", "keeping your data safe"));
        assert!(found("keeping your * safe", "keeping your data-safe"));
        assert!(!found("keeping your * safe", "keeping your safe"));
        assert!(found("kids'", "the kids' page"));
        assert!(found("@", "a@b"));
        assert!(found("1798.80(e)", "section 1798.80(e) of"));
    }

    #[test]
    fn a_search_past_its_budget_says_so() {
        let p = phrase("a * * * * * c");
        assert_eq!(p.anchor(), b"c");
        let text = format!("a {} c", "x-".repeat(20_000));
        let mut budget = STEP_BUDGET;
        assert_eq!(
            p.matches_at(text.as_bytes(), text.len() - 1, &mut budget),
            None
        );
        assert_eq!(budget, 0);
        let mut budget = STEP_BUDGET;
        assert_eq!(p.matches_at(b"a x y z w v c", 12, &mut budget), Some(true));
        assert!(budget < STEP_BUDGET);
    }
}
