//! A regex that is only ever asked whether it matches a text, built as
//! that question needs: the extractors' checks of the words around a value
//! ("call us at", "a 12 year old", "or older", a fax or sender cue, a
//! contact label). [`regex_automata::meta::Regex`] compiles every pattern
//! forward and in reverse (the reverse automaton finds where a match
//! starts) and sets up the engines that report capture groups; for a yes or
//! no one direction is enough, and compiling the other cost as much, at
//! every start.
//!
//! The one direction is forward, except for a pattern that must end where
//! the text does (`…\s+$`, the words just before a value): that is read
//! backwards from the end, as the meta regex reads it, so the search stops
//! as soon as the pattern cannot match instead of reading the text from its
//! start. A pattern that must start where the text does (`^\s*days`, the
//! words just after a value) is searched anchored there, so the search
//! stops at the first byte that cannot continue a match.

use super::Alphabet;
use regex_automata::dfa::{self, Automaton};
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson::{self, NFA, WhichCaptures, pikevm::PikeVM};
use regex_automata::util::pool::Pool;
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input, MatchKind, hybrid};
use regex_syntax::hir::{Hir, Look};
use std::panic::{RefUnwindSafe, UnwindSafe};
use std::sync::Arc;

type Error = Box<dyn std::error::Error + Send + Sync>;
type NewCache = Box<dyn Fn() -> Cache + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// The compiled pattern; clones share it.
#[derive(Clone)]
pub struct YesNoRegex(Arc<Compiled>);

/// How large the automata may grow.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub nfa: usize,
    pub cache: usize,
}

struct Compiled {
    engine: Engine,
    read: Read,
    /// The pattern, compiled again for the PikeVM if a DFA ever cannot
    /// finish a search.
    hir: Hir,
    limits: Limits,
}

// one per pattern, behind an `Arc`: the variants' sizes do not matter
#[allow(clippy::large_enum_variant)]
enum Engine {
    /// A small pattern's whole DFA, built at once as the meta regex builds
    /// one: no states to build while searching, and no cache to take.
    Dense(dfa::dense::DFA<Vec<u32>>),
    /// The lazy DFA, with a cache of its states for each thread searching
    /// at once.
    Lazy(DFA, Pool<Cache, NewCache>),
    /// A pattern no DFA can run (a Unicode word boundary, which their
    /// ASCII-only handling of look-around cannot decide), read forward.
    Pike(PikeVM),
}

/// How a DFA is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Read {
    Forward,
    /// Forward, anchored at the start of the text.
    FromStart,
    /// Backwards, anchored at the end of the text.
    FromEnd,
}

impl YesNoRegex {
    /// Compiles `pattern`, read with `syntax`, for text in `alphabet`.
    pub fn new(
        pattern: &str,
        syntax: &syntax::Config,
        limits: Limits,
        alphabet: Alphabet,
    ) -> Result<YesNoRegex, Error> {
        let hir = alphabet.narrow(&syntax::parse_with(pattern, syntax)?);
        let props = hir.properties();
        let mut read = if props.look_set_prefix().contains(Look::Start) {
            Read::FromStart
        } else if props.look_set_suffix().contains(Look::End) {
            Read::FromEnd
        } else {
            Read::Forward
        };
        let nfa = compile(&hir, limits, read == Read::FromEnd)?;
        // a backwards search asks whether any match ends at the end, not
        // which one a forward search would prefer, as the meta regex reads
        // its reverse automaton
        let kind = if read == Read::FromEnd {
            MatchKind::All
        } else {
            MatchKind::LeftmostFirst
        };
        let engine = match dense(&nfa, kind) {
            Some(dfa) => Engine::Dense(dfa),
            None => match hybrid::dfa::Builder::new()
                .configure(
                    DFA::config()
                        .cache_capacity(limits.cache)
                        .skip_cache_capacity_check(true)
                        .match_kind(kind),
                )
                .build_from_nfa(nfa)
            {
                Ok(dfa) => {
                    let fresh = dfa.clone();
                    let new_cache: NewCache = Box::new(move || fresh.create_cache());
                    Engine::Lazy(dfa, Pool::new(new_cache))
                }
                Err(_) => {
                    read = Read::Forward;
                    Engine::Pike(PikeVM::new_from_nfa(compile(&hir, limits, false)?)?)
                }
            },
        };
        Ok(YesNoRegex(Arc::new(Compiled {
            engine,
            read,
            hir,
            limits,
        })))
    }

    /// Whether the pattern matches anywhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        let compiled = &*self.0;
        let input = Input::new(text).earliest(true);
        let anchored = input.clone().anchored(Anchored::Yes);
        let found = match (&compiled.engine, compiled.read) {
            (Engine::Dense(dfa), Read::Forward) => dfa.try_search_fwd(&input),
            (Engine::Dense(dfa), Read::FromStart) => dfa.try_search_fwd(&anchored),
            (Engine::Dense(dfa), Read::FromEnd) => dfa.try_search_rev(&anchored),
            (Engine::Lazy(dfa, caches), Read::Forward) => {
                dfa.try_search_fwd(&mut caches.get(), &input)
            }
            (Engine::Lazy(dfa, caches), Read::FromStart) => {
                dfa.try_search_fwd(&mut caches.get(), &anchored)
            }
            (Engine::Lazy(dfa, caches), Read::FromEnd) => {
                dfa.try_search_rev(&mut caches.get(), &anchored)
            }
            (Engine::Pike(vm), _) => return vm.is_match(&mut vm.create_cache(), input),
        };
        match found {
            Ok(found) => found.is_some(),
            // not reached with this configuration (no quit bytes, never
            // giving up on a thrashing cache), but a search must finish
            // whatever the automaton does
            Err(_) => compile(&compiled.hir, compiled.limits, false)
                .and_then(|nfa| Ok(PikeVM::new_from_nfa(nfa)?))
                .is_ok_and(|vm| vm.is_match(&mut vm.create_cache(), input)),
        }
    }
}

/// The whole DFA of a small NFA, within the meta regex's limits for one (an
/// NFA of at most 30 states, a table of at most 40 KiB).
fn dense(nfa: &NFA, kind: MatchKind) -> Option<dfa::dense::DFA<Vec<u32>>> {
    if nfa.states().len() > 30 {
        return None;
    }
    dfa::dense::Builder::new()
        .configure(
            dfa::dense::Config::new()
                .match_kind(kind)
                .determinize_size_limit(Some(40 << 10))
                .dfa_size_limit(Some(40 << 10)),
        )
        .build_from_nfa(nfa)
        .ok()
}

/// The NFA of `hir`, forward or reversed, with no more capture slots than a
/// search for a match needs.
fn compile(hir: &Hir, limits: Limits, reverse: bool) -> Result<NFA, Error> {
    Ok(thompson::Compiler::new()
        .configure(
            thompson::Config::new()
                .which_captures(if reverse {
                    WhichCaptures::None
                } else {
                    WhichCaptures::Implicit
                })
                .reverse(reverse)
                .nfa_size_limit(Some(limits.nfa)),
        )
        .build_from_hir(hir)?)
}

impl std::fmt::Debug for YesNoRegex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let engine = match self.0.engine {
            Engine::Dense(_) => "DFA",
            Engine::Lazy(..) => "lazy DFA",
            Engine::Pike(_) => "PikeVM",
        };
        let read = match self.0.read {
            Read::Forward => "",
            Read::FromStart => " from the start",
            Read::FromEnd => " from the end",
        };
        write!(f, "YesNoRegex({engine}{read})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex_automata::meta;

    const LIMITS: Limits = Limits {
        nfa: 10 << 20,
        cache: 2 << 20,
    };

    /// The phone extractor's cue, too large for a whole DFA.
    const CUE: &str =
        r"(?i)(?-u:\b)(?:phone|tel|call|hotline)(?-u:\b)\.?\s*(?:on|at|:)?[^\n]{0,40}$";

    fn build(pattern: &str, unicode: bool) -> YesNoRegex {
        YesNoRegex::new(
            pattern,
            &syntax::Config::new().unicode(unicode),
            LIMITS,
            Alphabet::Any,
        )
        .unwrap()
    }

    /// Whether `pattern` matches `text`, and each of its prefixes and
    /// suffixes, as the regex crate's engine says.
    fn agrees(pattern: &str, unicode: bool, text: &str) -> Result<(), TestCaseError> {
        let ours = build(pattern, unicode);
        // built for the common alphabet, asked about text written in it
        let narrowed = YesNoRegex::new(
            pattern,
            &syntax::Config::new().unicode(unicode),
            LIMITS,
            Alphabet::Common,
        )
        .unwrap();
        let theirs = meta::Regex::builder()
            .syntax(syntax::Config::new().unicode(unicode))
            .build(pattern)
            .unwrap();
        for at in (0..=text.len()).filter(|&at| text.is_char_boundary(at)) {
            for whole in [text, &text[..at], &text[at..]] {
                let expected = theirs.is_match(whole);
                prop_assert_eq!(
                    ours.is_match(whole),
                    expected,
                    "{:?} in {:?}",
                    pattern,
                    whole
                );
                if Alphabet::of(whole) == Alphabet::Common {
                    prop_assert_eq!(
                        narrowed.is_match(whole),
                        expected,
                        "{:?} narrowed, in {:?}",
                        pattern,
                        whole
                    );
                }
            }
        }
        Ok(())
    }

    #[test]
    fn answers_as_the_regex_crate_does() {
        let patterns = [
            CUE,
            r"(?i)(?-u:\b)(?:a|an)\s+$",
            r"(?i)^\s*(?:days?|weeks?)(?-u:\b)",
            r"^(?:\+\d|\(\d{3}\)\s?\d{3}[\-.\s]\d{4}$)",
            r"(?i)(?-u:\b)fax(?-u:\b)[^\n]{0,12}$",
            r"(?i)ſ|k|straße",
            r"(?m)^\s*(?:jan|feb)\w*\s+\d{4}",
            r"(?m)an?$",
        ];
        let texts = [
            "",
            "a ",
            "for a  ",
            "7 Days later",
            "(415) 555-0134",
            "Fax: +1 415\nphone",
            "FAX 415 555",
            "ſ K \u{212A} STRASSE Straße",
            "text\n  January 2024",
            "é’ an\u{a0}",
            "call us at (415) 555",
            "Phone\n555",
            "an\nother",
        ];
        for pattern in patterns {
            for text in texts {
                agrees(pattern, true, text).unwrap();
            }
        }
        // ASCII-only reading too
        agrees(r"(?i:(?-u:\b)child\w*)", false, "our Children’s page").unwrap();
    }

    #[test]
    fn a_pattern_tied_to_an_end_of_the_text_is_read_from_that_end() {
        let read = |pattern: &str| format!("{:?}", build(pattern, true));
        let article = r"(?i)(?-u:\b)an?\s+$";
        assert_eq!(read(article), "YesNoRegex(DFA from the end)");
        assert_eq!(read(r"(?i)^\s*days?"), "YesNoRegex(DFA from the start)");
        // a line's end is not the text's: read forward
        assert_eq!(read(r"(?m)a$"), "YesNoRegex(DFA)");
        // past the whole DFA's limits, the lazy one
        assert_eq!(read(CUE), "YesNoRegex(lazy DFA from the end)");
        assert_eq!(read(r"(?i)fax[^\n]{0,40}"), "YesNoRegex(lazy DFA)");
        let long = format!("{} a  ", "x ".repeat(5000));
        let re = build(article, true);
        assert!(re.is_match(&long));
        assert!(!re.is_match(&long[..long.len() - 3]));
    }

    #[test]
    fn a_unicode_word_boundary_is_searched_by_the_pikevm() {
        // the DFAs' look-around is ASCII only
        let unicode = build(r"\bwort\b", true);
        assert_eq!(format!("{unicode:?}"), "YesNoRegex(PikeVM)");
        assert!(unicode.is_match("ein wort."));
        assert!(!unicode.is_match("éwort"));
        assert!(!unicode.is_match("wortéé"));
        let ascii = build(r"(?-u:\b)wort(?-u:\b)", true);
        assert_eq!(format!("{ascii:?}"), "YesNoRegex(DFA)");
        assert!(ascii.is_match("éwort"));
    }

    #[test]
    fn limits_are_errors() {
        let limits = Limits {
            nfa: 1 << 10,
            cache: 2 << 20,
        };
        let err =
            YesNoRegex::new(r"\w{50}", &syntax::Config::new(), limits, Alphabet::Any).unwrap_err();
        assert!(err.to_string().contains("exceeded"), "{err}");
    }

    proptest! {
        #[test]
        fn any_text_is_answered_as_the_regex_crate_does(
            text in "[ abnAB\\n.’ſKé0-9:]{0,24}",
            pattern in prop::sample::select(vec![
                r"(?i)(?-u:\b)an?\s+$",
                r"(?i)^[\s\-]*(?:of\s+age|old)",
                r"(?i)b[^\n]{0,3}$",
                r"(?i)(?-u:\b)\d+(?-u:\B)",
                r"(?i)ſ|k",
                CUE,
            ]),
        ) {
            agrees(pattern, true, &text)?;
        }
    }
}
