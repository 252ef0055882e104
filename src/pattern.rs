//! Regex compilation for matching policy text. Word boundaries are made
//! ASCII (`(?-u:\b)`): a Unicode `\b` forces the regex engine off its DFA onto
//! a far slower one whenever the text holds a non-ASCII character, and
//! policies are full of curly quotes. Words themselves still match Unicode.
//!
//! The value extractors' patterns are compiled for the [`Alphabet`] of the
//! text they read: almost every policy is written in a few blocks of
//! Unicode, and a pattern whose classes hold only those blocks' characters
//! builds several times faster and matches that text exactly as the whole
//! pattern does.

use regex::{Regex, RegexSet, RegexSetBuilder};
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::{Anchored, Input, meta, util::syntax};
use regex_syntax::hir::{
    Capture, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Repetition, literal,
};
use std::sync::OnceLock;

mod yes_no;
pub use yes_no::YesNoRegex;

/// Which characters a text holds, as far as compiling a pattern for it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alphabet {
    /// Every character is in U+0000-U+027F (ASCII, Latin-1, Latin Extended-A
    /// and -B, IPA) or U+2000-U+2FFF (curly quotes, dashes and other
    /// punctuation, currency and letterlike symbols, arrows, box drawing):
    /// policies in English and most other Latin-script languages.
    Common,
    /// Any character.
    Any,
}

impl Alphabet {
    const COMMON: [(char, char); 2] = [('\0', '\u{27F}'), ('\u{2000}', '\u{2FFF}')];

    /// The alphabet of `text`. A character outside [`Alphabet::Common`] is
    /// one whose first byte in UTF-8 is CA-E1 (U+0280-U+1FFF) or E3-FF
    /// (U+3000 up); every other byte is ASCII, a continuation byte, C2-C9
    /// (U+0080-U+027F) or E2 (U+2000-U+2FFF). One pass with no early exit,
    /// which the compiler vectorises.
    pub fn of(text: &str) -> Alphabet {
        let outside = text
            .bytes()
            .fold(false, |seen, b| seen | (b >= 0xCA && b != 0xE2));
        if outside {
            Alphabet::Any
        } else {
            Alphabet::Common
        }
    }

    /// `hir` with each Unicode class cut down to this alphabet. On text in
    /// the alphabet, a class matches the same characters before and after,
    /// and nothing else changes, so the matches are the same. Unicode
    /// classes (`\w`, `\d`, `\s`, letters folded for `(?i)`) are hundreds of
    /// ranges whose UTF-8 automata are most of a pattern's build time; cut
    /// down, they are a few.
    fn narrow(self, hir: &Hir) -> Hir {
        if self == Alphabet::Any {
            return hir.clone();
        }
        let within = ClassUnicode::new(
            Self::COMMON
                .iter()
                .map(|&(from, to)| ClassUnicodeRange::new(from, to)),
        );
        narrow_to(hir, &within)
    }
}

fn narrow_to(hir: &Hir, within: &ClassUnicode) -> Hir {
    map_leaves(hir, &|leaf| match leaf.kind() {
        // a letter and its other cases (`[Ssſ]`, `[Kk\u{212A}]`) are
        // most classes, and already inside the alphabet
        HirKind::Class(Class::Unicode(class)) if !inside(class, within) => {
            let mut class = class.clone();
            class.intersect(within);
            Hir::class(Class::Unicode(class))
        }
        _ => leaf.clone(),
    })
}

/// Whether every character of `class` is in `within` (whose ranges are
/// few).
fn inside(class: &ClassUnicode, within: &ClassUnicode) -> bool {
    class.ranges().iter().all(|r| {
        within
            .ranges()
            .iter()
            .any(|w| w.start() <= r.start() && r.end() <= w.end())
    })
}

/// `hir` built again with each leaf (a literal, a class, a look-around or
/// the empty regex) replaced by what `leaf` makes of it.
fn map_leaves(hir: &Hir, leaf: &impl Fn(&Hir) -> Hir) -> Hir {
    match hir.kind() {
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            sub: Box::new(map_leaves(&r.sub, leaf)),
            ..r.clone()
        }),
        HirKind::Capture(c) => Hir::capture(Capture {
            sub: Box::new(map_leaves(&c.sub, leaf)),
            ..c.clone()
        }),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(|h| map_leaves(h, leaf)).collect()),
        HirKind::Alternation(subs) => {
            Hir::alternation(subs.iter().map(|h| map_leaves(h, leaf)).collect())
        }
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => leaf(hir),
    }
}

/// A pattern compiled on first use for each alphabet a text asks for, so a
/// run over policies in the common alphabet never builds the whole pattern.
pub struct ForAlphabet<R> {
    build: fn(Alphabet) -> R,
    common: OnceLock<R>,
    any: OnceLock<R>,
}

impl<R> ForAlphabet<R> {
    pub const fn new(build: fn(Alphabet) -> R) -> Self {
        ForAlphabet {
            build,
            common: OnceLock::new(),
            any: OnceLock::new(),
        }
    }

    /// The pattern for text in `alphabet`.
    pub fn get(&self, alphabet: Alphabet) -> &R {
        let lock = match alphabet {
            Alphabet::Common => &self.common,
            Alphabet::Any => &self.any,
        };
        lock.get_or_init(|| (self.build)(alphabet))
    }
}

/// Compiles `pattern` with ASCII word boundaries.
pub fn compile(pattern: &str) -> Result<Regex, regex::Error> {
    Regex::new(&ascii_word_boundaries(pattern))
}

/// Compiles `pattern` as [`compile`] does, for finding matches only (no
/// capture groups), without a prefilter: the extractors ask such patterns
/// about a few sentences or the few dozen bytes beside a value, where a
/// prefilter finds little the regex's own automaton would not, and building
/// one over a long case-insensitive alternation (the place names of the
/// destination extractor) was a third of the pattern's compile time, paid
/// at every start. Built for text in `alphabet`.
pub fn compile_plain(
    pattern: &str,
    alphabet: Alphabet,
) -> Result<meta::Regex, Box<dyn std::error::Error + Send + Sync>> {
    let hir = regex_syntax::parse(&ascii_word_boundaries(pattern))?;
    Ok(meta::Regex::builder()
        .configure(find_only())
        .build_from_hir(&alphabet.narrow(&hir))?)
}

/// Compiles `pattern` as [`compile`] does, to be asked only whether it
/// matches: the extractors' checks of the context around a value ("call
/// us at", "a 12 year old"), which never need to know where a match is.
/// Built for text in `alphabet`.
pub fn compile_yes_no(
    pattern: &str,
    alphabet: Alphabet,
) -> Result<YesNoRegex, Box<dyn std::error::Error + Send + Sync>> {
    // the regex crate's default limits, which `compile_plain`'s patterns
    // get too
    let limits = yes_no::Limits {
        nfa: 10 << 20,
        cache: 2 << 20,
    };
    YesNoRegex::new(
        &ascii_word_boundaries(pattern),
        &syntax::Config::new(),
        limits,
        alphabet,
    )
}

/// How [`compile_plain`] and [`compile_forms`] build: the match spans alone
/// (no capture groups), and no prefilter.
fn find_only() -> meta::Config {
    meta::Regex::config()
        .which_captures(WhichCaptures::Implicit)
        .auto_prefilter(false)
}

/// Compiles `pattern` as [`compile`] does, with its capture groups, for
/// text in `alphabet`.
pub fn compile_narrowed(
    pattern: &str,
    alphabet: Alphabet,
) -> Result<meta::Regex, Box<dyn std::error::Error + Send + Sync>> {
    let hir = regex_syntax::parse(&ascii_word_boundaries(pattern))?;
    Ok(meta::Regex::builder().build_from_hir(&alphabet.narrow(&hir))?)
}

/// The character that stands for the repeated part in [`compile_repeating`].
pub const PART: char = '\u{E000}';

/// Compiles `template` as [`compile`] does, each [`PART`] in it standing for
/// `part`, and with capture groups for its matches' groups: the same regex
/// as `template` with `part` written out at each place, which its tests
/// hold to. `part` is parsed once rather than at every place: the age
/// pattern writes its number (a digit or a number word, folded for case)
/// six times, and parsing them was a third of its compile time, paid at
/// every start. `part` carries its own flags (`(?i:…)`), as the places it
/// stands in would give it.
pub fn compile_repeating(
    template: &str,
    part: &str,
    alphabet: Alphabet,
) -> Result<meta::Regex, Box<dyn std::error::Error + Send + Sync>> {
    let template = regex_syntax::parse(&ascii_word_boundaries(template))?;
    let part = regex_syntax::parse(&ascii_word_boundaries(part))?;
    // each narrowed once, before the part is written out at each place
    let (template, part) = (alphabet.narrow(&template), alphabet.narrow(&part));
    Ok(meta::Regex::builder().build_from_hir(&substitute(&template, &part))?)
}

/// `hir` with each [`PART`] replaced by `part`. The parser joins a
/// placeholder to the literal text beside it ("US" and a part are one
/// literal), so a literal is split around each.
fn substitute(hir: &Hir, part: &Hir) -> Hir {
    let mut place = [0; 4];
    let place = PART.encode_utf8(&mut place).as_bytes();
    map_leaves(hir, &|leaf| match leaf.kind() {
        HirKind::Literal(literal) if literal.0.windows(place.len()).any(|w| w == place) => {
            let mut pieces = Vec::new();
            let mut rest = &*literal.0;
            while let Some(at) = rest.windows(place.len()).position(|w| w == place) {
                if at > 0 {
                    pieces.push(Hir::literal(&rest[..at]));
                }
                pieces.push(part.clone());
                rest = &rest[at + place.len()..];
            }
            if !rest.is_empty() {
                pieces.push(Hir::literal(rest));
            }
            Hir::concat(pieces)
        }
        _ => leaf.clone(),
    })
}

/// Compiles the forms of a value (a street line's, a postcode's) as one
/// regex with ASCII word boundaries, for text in `alphabet`, matching as
/// [`compile`] would compile them joined by `|`: a match is made by the
/// first form, in order, that matches where it starts, and
/// [`regex_automata::Match::pattern`] says which that was. This tells the
/// forms apart without a capture engine, whose cost grows with the size of
/// the pattern.
pub fn compile_forms(
    forms: &[String],
    alphabet: Alphabet,
) -> Result<meta::Regex, Box<dyn std::error::Error + Send + Sync>> {
    let mut hirs = Vec::with_capacity(forms.len());
    for form in forms {
        let hir = regex_syntax::parse(&ascii_word_boundaries(form))?;
        hirs.push(alphabet.narrow(&hir));
    }
    Ok(meta::Regex::builder()
        // no prefilter, as for `compile_plain`: the extractors search
        // around the places a value can stand (an `@`, a run of digits, a
        // street number), not whole texts
        .configure(find_only())
        .build_many_from_hir(&hirs)?)
}

/// Compiles term groups as one set, ASCII-only (`\w`, case folding) where
/// the patterns allow it: an ASCII automaton is several times smaller and
/// faster to build, and the terms rules use are English words. Patterns that
/// need Unicode (`\p{L}` in a user's regex) get a Unicode set. This is what
/// a term means: the scan's phrase steps are tested against it.
pub fn compile_set<I, S>(patterns: I) -> Result<RegexSet, regex::Error>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let patterns: Vec<String> = patterns
        .into_iter()
        .map(|p| ascii_word_boundaries(p.as_ref()))
        .collect();
    let build = |unicode: bool| {
        RegexSetBuilder::new(&patterns)
            .unicode(unicode)
            // room for the lazy DFA of a large set, so it never falls back
            // to a slower engine on long documents
            .dfa_size_limit(64 << 20)
            .size_limit(64 << 20)
            .build()
    };
    build(false).or_else(|_| build(true))
}

/// A `/regex/` term, compiled to be tried where its literals stand.
#[derive(Debug, Clone)]
pub struct TermRegex {
    regex: meta::Regex,
    /// Literals one of which every match contains, when the pattern has
    /// such literals; lower-case, to be found ASCII case-insensitively.
    pub literals: Option<Vec<Vec<u8>>>,
    /// Whether every match starts with one of the literals, so a match can
    /// be looked for right where a literal stands.
    pub prefix: bool,
}

impl TermRegex {
    /// Compiles a term's regex with ASCII word boundaries, case-insensitive,
    /// ASCII-only where the pattern allows it (as [`compile_set`] does).
    pub fn new(term: &str) -> Result<TermRegex, String> {
        let term = ascii_word_boundaries(term);
        let pattern = format!("(?i:{term})");
        let build = |unicode: bool| {
            meta::Regex::builder()
                .syntax(syntax::Config::new().unicode(unicode))
                .configure(
                    meta::Regex::config()
                        .nfa_size_limit(Some(64 << 20))
                        .hybrid_cache_capacity(64 << 20)
                        // the term scan tries a term only where one of its
                        // literals stands: a prefilter would look for them
                        // again, and building one is most of the compile
                        .auto_prefilter(false),
                )
                .build(&pattern)
                .map(|re| (re, unicode))
                .map_err(|e| match std::error::Error::source(&e) {
                    Some(cause) => format!("{e}: {cause}"),
                    None => e.to_string(),
                })
        };
        let (regex, unicode) = build(false).or_else(|_| build(true))?;
        // read case-sensitively: the literals as written, which a
        // case-insensitive search finds in every case
        let found = regex_syntax::ParserBuilder::new()
            .unicode(unicode)
            .utf8(true)
            .build()
            .parse(&term)
            .ok()
            .and_then(|hir| necessary_literals(&hir));
        let (literals, prefix) = match found {
            Some((literals, prefix)) => (Some(fewest(literals, prefix)), prefix),
            None => (None, false),
        };
        Ok(TermRegex {
            regex,
            literals,
            prefix,
        })
    }

    /// Whether the regex matches anywhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.regex.is_match(text)
    }

    /// Whether a match starts at `at` in `text` (context before `at` still
    /// counts for `\b` and `^`).
    pub fn is_match_at(&self, text: &str, at: usize) -> bool {
        self.regex
            .is_match(Input::new(text).range(at..).anchored(Anchored::Yes))
    }
}

/// The literals lower-cased, cut before trailing white space ("sell\t",
/// "sell\n", … are all "sell"; a literal's start is as necessary as the
/// whole), and without those another one already covers: one it starts
/// (for prefixes) or holds (for literals anywhere in a match).
fn fewest(literals: Vec<Vec<u8>>, prefix: bool) -> Vec<Vec<u8>> {
    let mut lower: Vec<Vec<u8>> = literals
        .iter()
        .map(|l| {
            let text = l.trim_ascii_end();
            if text.is_empty() { l } else { text }.to_ascii_lowercase()
        })
        .collect();
    lower.sort();
    lower.dedup();
    let covers = |short: &[u8], long: &[u8]| {
        if prefix {
            long.starts_with(short)
        } else {
            long.windows(short.len()).any(|w| w == short)
        }
    };
    let mut kept: Vec<Vec<u8>> = Vec::new();
    for (i, l) in lower.iter().enumerate() {
        let covered = lower.iter().enumerate().any(|(j, other)| {
            j != i
                && covers(other, l)
                && (other.len() < l.len() || (other.len() == l.len() && j < i))
        });
        if !covered {
            kept.push(l.clone());
        }
    }
    kept
}

/// Literals one of which every match of `hir` contains, and whether they
/// are the match's own prefixes: the prefixes when they are finite, else
/// those of a part every match passes through ("jan|feb|..." inside a
/// date). A single byte is avoided (a digit or a letter stands everywhere),
/// then a set holding a word policies use everywhere ("may" among the
/// months: the term would be tried on most sentences), then literals
/// shorter than three bytes; then prefixes are preferred (a match is looked
/// for where they stand).
fn necessary_literals(hir: &Hir) -> Option<(Vec<Vec<u8>>, bool)> {
    let mut extractor = literal::Extractor::new();
    extractor.limit_total(256);
    let prefixes = extractor.extract(hir);
    let own = prefixes.literals().and_then(|lits| {
        let lits: Vec<Vec<u8>> = lits.iter().map(|l| l.as_bytes().to_vec()).collect();
        (!lits.is_empty() && lits.iter().all(|l| !l.is_empty())).then_some((lits, true))
    });
    let score = |(lits, prefix): &(Vec<Vec<u8>>, bool)| {
        let shortest = lits.iter().map(Vec::len).min().unwrap_or(0);
        // "may", and "may " or "may," as a literal cut short by a class
        let common = lits.iter().any(|l| {
            let word = l.split(|b| !b.is_ascii_alphanumeric()).next().unwrap_or(l);
            crate::ruleset::phrase::is_common(&word.to_ascii_lowercase())
        });
        (
            shortest.min(2),
            !common,
            shortest.min(3),
            *prefix,
            usize::MAX - lits.len(),
        )
    };
    // a part's literals are not prefixes, so they cannot score above
    // prefixes that already score best on the rest (at least three bytes,
    // none a common word): the parts need no look then
    if own
        .as_ref()
        .is_some_and(|own| score(own) >= (2, true, 3, true, 0))
    {
        return own;
    }
    let inner = |hir: &Hir| necessary_literals(hir).map(|(lits, _)| (lits, false));
    let part = match hir.kind() {
        HirKind::Concat(parts) => parts.iter().filter_map(inner).max_by_key(score),
        HirKind::Alternation(alternatives) => {
            let mut all = Vec::new();
            for a in alternatives {
                all.extend(inner(a)?.0);
            }
            Some((all, false))
        }
        HirKind::Capture(c) => inner(&c.sub),
        HirKind::Repetition(r) if r.min > 0 => inner(&r.sub),
        _ => None,
    };
    match (own, part) {
        (Some(a), Some(b)) => Some(if score(&b) > score(&a) { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// Rewrites every `\b` and `\B` escape (not an escaped backslash followed by
/// `b`) as its ASCII form, with the word-boundary kind that follows `\b`
/// (`\b{start}`, `\b{end-half}`) kept inside it.
pub fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b') if chars.peek() == Some(&'{') => {
                out.push_str(r"(?-u:\b");
                // up to the closing brace; an unclosed one is left for the
                // parser to report
                for c in chars.by_ref() {
                    out.push(c);
                    if c == '}' {
                        break;
                    }
                }
                out.push(')');
            }
            Some('b') => out.push_str(r"(?-u:\b)"),
            Some('B') => out.push_str(r"(?-u:\B)"),
            Some(next) => {
                out.push('\\');
                out.push(next);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_match_curly_apostrophes_in_ascii_mode() {
        let set = compile_set([
            r"(?i)\bchild(?:[\w'\-]|’)*\b",
            r"(?i)\bdon(?:'|’)t\b",
            r"\p{Greek}+",
        ])
        .unwrap();
        assert_eq!(
            set.matches("Children’s DON’T").iter().collect::<Vec<_>>(),
            vec![0, 1]
        );
        assert!(set.is_match("αβγ"));
    }

    #[test]
    fn term_regexes_know_their_literals_and_look_behind_the_start() {
        let within = TermRegex::new(r"(?:\b(?:within|after)\s+\d+\s+days?\b)").unwrap();
        assert!(within.prefix);
        let literals = within.literals.clone().unwrap();
        assert!(
            literals
                .iter()
                .all(|l| l.starts_with(b"within") || l.starts_with(b"after")),
            "{literals:?}"
        );
        // a match starting where a literal stands; the text before it still
        // counts for `\b`
        assert!(within.is_match_at("deleted within 30 days", 8));
        assert!(!within.is_match_at("notwithin 30 days", 3));
        assert!(!within.is_match_at("deleted within 30 days", 7));

        // digits stand everywhere: the unit words are the literals
        let duration = TermRegex::new(r"(?:\b\d+\s*(?:days?|weeks?)\b)").unwrap();
        assert!(!duration.prefix);
        assert_eq!(
            duration.literals,
            Some(vec![b"day".to_vec(), b"week".to_vec()])
        );

        // no finite prefixes: the month names inside are the literals
        let dated = TermRegex::new(r"(?:(?m:^\s*(?:jan|feb)\w*\s+\d{4}))").unwrap();
        assert!(!dated.prefix);
        assert_eq!(dated.literals, Some(vec![b"feb".to_vec(), b"jan".to_vec()]));
        assert!(dated.is_match("Updated\n  January 2024"));

        // a set holding a word policies use everywhere ("may", even cut
        // short as "may " by the class after it) loses to shorter literals
        // every match holds
        let month = TermRegex::new(r"(?:\b(?:may|june),?\s+(?:19|20)\d\d\b)").unwrap();
        assert_eq!(month.literals, Some(vec![b"19".to_vec(), b"20".to_vec()]));
        // but not to a single byte
        let us = TermRegex::new(r"(?:(?-i:\bU\.?S\b))").unwrap();
        assert_eq!(us.literals, Some(vec![b"u.s".to_vec(), b"us".to_vec()]));

        // words policies use everywhere are avoided as literals
        let passes =
            TermRegex::new(r"(?:\b(?:share|sell)\s+(?:your\s+)?(?:data|information))").unwrap();
        let mut lits = passes.literals.clone().unwrap();
        lits.sort();
        assert_eq!(lits, vec![b"sell".to_vec(), b"share".to_vec()]);
    }

    #[test]
    fn a_texts_alphabet_is_read_from_its_bytes() {
        // every character, alone and among ASCII, against the ranges
        let common = |c: char| Alphabet::COMMON.iter().any(|&(a, b)| (a..=b).contains(&c));
        let mut seen = [0; 2];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let want = if common(c) {
                Alphabet::Common
            } else {
                Alphabet::Any
            };
            assert_eq!(Alphabet::of(c.encode_utf8(&mut [0; 4])), want, "{c:?}");
            seen[usize::from(want == Alphabet::Common)] += 1;
            if c.len_utf8() > 1 && (c as u32).is_multiple_of(97) {
                assert_eq!(Alphabet::of(&format!("We keep it {c} for 30 days.")), want);
            }
        }
        assert_eq!(seen[1], 0x280 + 0x1000);
        assert_eq!(
            Alphabet::of("“Children’s” data → Zürich, Łódź, acroſs"),
            Alphabet::Common
        );
        assert_eq!(Alphabet::of("a\u{3000}b"), Alphabet::Any);
        assert_eq!(Alphabet::of(""), Alphabet::Common);
    }

    #[test]
    fn patterns_for_the_common_alphabet_hold_only_its_characters() {
        let forms = [r"\w+".to_string(), r"(?i)ſ\d+".to_string()];
        let common = compile_forms(&forms, Alphabet::Common).unwrap();
        let any = compile_forms(&forms, Alphabet::Any).unwrap();
        let found = |re: &meta::Regex, text: &str| -> Vec<(usize, usize)> {
            re.find_iter(text).map(|m| (m.start(), m.end())).collect()
        };
        // text in the alphabet: the same matches, the long s and its folds kept
        for text in [
            "Zürich 8001",
            "s12 S3 ſ4 ſ",
            "naïve café",
            "x\u{a0}y \u{2009}z",
        ] {
            assert_eq!(found(&common, text), found(&any, text), "{text:?}");
        }
        // a letter outside the alphabet is no longer a word character
        assert_eq!(found(&common, "жé"), vec![(2, 4)]);
        assert_eq!(found(&any, "жé"), vec![(0, 4)]);
    }

    #[test]
    fn a_pattern_is_built_for_an_alphabet_when_first_asked_for() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static BUILT: AtomicUsize = AtomicUsize::new(0);
        static WORD: ForAlphabet<meta::Regex> = ForAlphabet::new(|alphabet| {
            BUILT.fetch_add(1, Ordering::SeqCst);
            compile_forms(&[r"\w+".to_string()], alphabet).unwrap()
        });
        assert!(WORD.get(Alphabet::Common).is_match("day"));
        assert!(WORD.get(Alphabet::Common).is_match("week"));
        assert_eq!(BUILT.load(Ordering::SeqCst), 1);
        assert!(WORD.get(Alphabet::Any).is_match("день"));
        assert_eq!(BUILT.load(Ordering::SeqCst), 2);
    }

    /// A template with its part parsed once is the regex written out:
    /// the same syntax tree, whatever the part's flags, next to literals,
    /// inside classes' neighbours or repetitions.
    #[test]
    fn a_repeated_part_is_parsed_once_into_the_same_regex() {
        let part = r"(?i:\d{1,2}|one|sixteen|ſeven)";
        for template in [
            "(?i)under\\s+(\u{E000})\\b|(\u{E000})\\s+years|x\u{E000}y|(?:\u{E000}){2,3}",
            "(?-i:US)\u{E000}",
            "(?-i:a\u{E000}b\u{E000}\u{E000}c)|(?-i:x|y\u{E000})",
            "\u{E000}",
        ] {
            let written = template.replace(PART, part);
            let template_hir = regex_syntax::parse(&ascii_word_boundaries(template)).unwrap();
            let part_hir = regex_syntax::parse(&ascii_word_boundaries(part)).unwrap();
            let expected = regex_syntax::parse(&ascii_word_boundaries(&written)).unwrap();
            assert_eq!(substitute(&template_hir, &part_hir), expected, "{template}");
            let (repeating, whole) = (
                compile_repeating(template, part, Alphabet::Any).unwrap(),
                compile(&written).unwrap(),
            );
            let text = "under 16 years, UNDER sixteen years x1y xſevenY 12 1 USone";
            let spans: Vec<_> = repeating.find_iter(text).map(|m| m.range()).collect();
            let expected: Vec<_> = whole.find_iter(text).map(|m| m.range()).collect();
            assert_eq!(spans, expected, "{template}");
        }
    }

    /// Without a prefilter or capture groups, a pattern finds the spans
    /// [`compile`] finds: case folding past ASCII, ASCII word boundaries,
    /// alternatives tried in order.
    #[test]
    fn plain_patterns_find_what_compiled_ones_find() {
        let patterns = [
            r"(?i:\b(?:the\s+)?(?:united states|us|eu)\b)|(?:\bUS\b)",
            r"(?i)\b(?:\d{1,4}|two|a few)[\s\-]+(?:years?|days?)\b",
            r"(?i)ſ|k",
        ];
        let texts = [
            "Data goes to the United States, the US and the EU; us too.",
            "Kept 30 days, two-years, a few days, 12345 days, 7 DAYS.",
            "ſ S s K k \u{212A} é’ 9 years, éUS, ÜS, 5éyears",
            "",
        ];
        let mut found = 0;
        for pattern in patterns {
            let whole = compile(pattern).unwrap();
            for text in texts {
                // built for every alphabet, and for the text's own
                for alphabet in [Alphabet::Any, Alphabet::of(text)] {
                    let plain = compile_plain(pattern, alphabet).unwrap();
                    let spans: Vec<_> = plain.find_iter(text).map(|m| m.range()).collect();
                    let expected: Vec<_> = whole.find_iter(text).map(|m| m.range()).collect();
                    assert_eq!(spans, expected, "{pattern} in {text:?}, {alphabet:?}");
                    found += spans.len();
                }
            }
        }
        assert!(found > 12, "matches: {found}");
    }

    #[test]
    fn boundaries_become_ascii_and_escapes_survive() {
        assert_eq!(ascii_word_boundaries(r"\bkid\b"), r"(?-u:\b)kid(?-u:\b)");
        assert_eq!(ascii_word_boundaries(r"a\\b"), r"a\\b");
        assert_eq!(
            ascii_word_boundaries(r"\b{start}kid\b{end-half}"),
            r"(?-u:\b{start})kid(?-u:\b{end-half})"
        );
        let ends = TermRegex::new(r"(?:kid\b{end})").unwrap();
        assert!(ends.is_match("a kid."));
        assert!(ends.is_match("kidé"), "ASCII: é is not a word character");
        assert!(!ends.is_match("kids"));
        let starts = TermRegex::new(r"(?:\b{start}kid)").unwrap();
        assert!(starts.is_match("the kid") && !starts.is_match("skid"));

        let re = compile(r"(?i)\bchild\w*\b").unwrap();
        assert!(re.is_match("the “Children’s” page"));
        assert!(!re.is_match("grandchildren"));
    }
}
