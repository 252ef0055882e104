//! A regex that is only ever asked whether it matches (anywhere in a text,
//! or starting at a given place), built as that question needs: one
//! forward automaton. [`regex_automata::meta::Regex`] also compiles the
//! pattern in reverse, to find where a match starts, and the engines that
//! report capture groups; for a yes or no those are never run, and
//! compiling the reverse automaton was as costly as the forward one, paid
//! at every start for every regex term of the rulesets.

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson::{self, NFA, WhichCaptures, pikevm::PikeVM};
use regex_automata::util::pool::Pool;
use regex_automata::util::syntax;
use regex_automata::{Input, hybrid};
use std::panic::{RefUnwindSafe, UnwindSafe};
use std::sync::Arc;

type Error = Box<dyn std::error::Error + Send + Sync>;
type NewCache = Box<dyn Fn() -> Cache + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// The compiled pattern; clones share it.
#[derive(Clone)]
pub struct Forward(Arc<Engine>);

// one per pattern, behind an `Arc`: the variants' sizes do not matter
#[allow(clippy::large_enum_variant)]
enum Engine {
    /// The lazy DFA, with a cache of its states for each thread searching
    /// at once, and the NFA it is built from, searched instead if the DFA
    /// cannot finish a search.
    Lazy {
        dfa: DFA,
        caches: Pool<Cache, NewCache>,
        nfa: NFA,
    },
    /// A pattern the lazy DFA cannot run (a Unicode word boundary, which
    /// its ASCII-only handling of look-around cannot decide).
    Pike(PikeVM),
}

/// How large the automata may grow: the limits a rule's regex term is
/// compiled under.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub nfa: usize,
    pub cache: usize,
}

impl Forward {
    /// Compiles `pattern`, read with `syntax`.
    pub fn new(pattern: &str, syntax: &syntax::Config, limits: Limits) -> Result<Forward, Error> {
        let hir = syntax::parse_with(pattern, syntax)?;
        let nfa = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    // the whole match's slots alone: what a search for a
                    // match (rather than its groups) runs on
                    .which_captures(WhichCaptures::Implicit)
                    .nfa_size_limit(Some(limits.nfa)),
            )
            .build_from_hir(&hir)?;
        let built = hybrid::dfa::Builder::new()
            .configure(
                DFA::config()
                    .cache_capacity(limits.cache)
                    .skip_cache_capacity_check(true),
            )
            .build_from_nfa(nfa.clone());
        let engine = match built {
            Ok(dfa) => {
                let fresh = dfa.clone();
                let new_cache: NewCache = Box::new(move || fresh.create_cache());
                Engine::Lazy {
                    dfa,
                    caches: Pool::new(new_cache),
                    nfa,
                }
            }
            Err(_) => Engine::Pike(PikeVM::new_from_nfa(nfa)?),
        };
        Ok(Forward(Arc::new(engine)))
    }

    /// Whether the pattern matches in `input`: a text, or an [`Input`]
    /// with its range and anchoring set.
    pub fn is_match<'h>(&self, input: impl Into<Input<'h>>) -> bool {
        let input = input.into().earliest(true);
        match &*self.0 {
            Engine::Lazy { dfa, caches, nfa } => {
                match dfa.try_search_fwd(&mut caches.get(), &input) {
                    Ok(found) => found.is_some(),
                    // not reached with the default configuration (no quit
                    // bytes, never giving up on a thrashing cache), but a
                    // search must finish whatever the automaton does
                    Err(_) => PikeVM::new_from_nfa(nfa.clone())
                        .is_ok_and(|vm| vm.is_match(&mut vm.create_cache(), input)),
                }
            }
            Engine::Pike(vm) => vm.is_match(&mut vm.create_cache(), input),
        }
    }
}

impl std::fmt::Debug for Forward {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let engine = match &*self.0 {
            Engine::Lazy { .. } => "lazy DFA",
            Engine::Pike(_) => "PikeVM",
        };
        f.debug_tuple("Forward").field(&engine).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex_automata::{Anchored, meta};

    const LIMITS: Limits = Limits {
        nfa: 10 << 20,
        cache: 2 << 20,
    };

    /// What the regex crate's own engine says about `input`.
    fn expected(pattern: &str, unicode: bool, input: &Input<'_>) -> bool {
        meta::Regex::builder()
            .syntax(syntax::Config::new().unicode(unicode))
            .build(pattern)
            .unwrap()
            .is_match(input.clone())
    }

    /// Whether `pattern` matches `text` anywhere, and starting at each
    /// character boundary, as the regex crate's engine says.
    fn agrees(pattern: &str, unicode: bool, text: &str) -> Result<(), TestCaseError> {
        let forward = Forward::new(pattern, &syntax::Config::new().unicode(unicode), LIMITS)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut inputs = vec![Input::new(text)];
        for at in (0..=text.len()).filter(|&at| text.is_char_boundary(at)) {
            inputs.push(Input::new(text).range(at..).anchored(Anchored::Yes));
            inputs.push(Input::new(text).range(..at));
        }
        for input in inputs {
            prop_assert_eq!(
                forward.is_match(input.clone()),
                expected(pattern, unicode, &input),
                "{:?} in {:?} from {:?}",
                pattern,
                text,
                input.get_span()
            );
        }
        Ok(())
    }

    #[test]
    fn answers_as_the_regex_crate_does() {
        let patterns = [
            r"(?i)(?-u:\b)(?:a|an)\s+$",
            r"(?i)^\s*(?:days?|weeks?)(?-u:\b)",
            r"^(?:\+\d|\(\d{3}\)\s?\d{3}[\-.\s]\d{4}$)",
            r"(?i)(?-u:\b)fax(?-u:\b)[^\n]{0,12}$",
            r"(?i)ſ|k|straße",
            r"(?m)^\s*(?:jan|feb)\w*\s+\d{4}",
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
        ];
        for pattern in patterns {
            for text in texts {
                agrees(pattern, true, text).unwrap();
            }
        }
        // the terms' ASCII-only reading too
        agrees(r"(?i:(?-u:\b)child\w*)", false, "our Children’s page").unwrap();
    }

    #[test]
    fn a_unicode_word_boundary_is_searched_by_the_pikevm() {
        // the lazy DFA's look-around is ASCII only
        let forward = Forward::new(r"\bwort\b", &syntax::Config::new(), LIMITS).unwrap();
        assert_eq!(format!("{forward:?}"), r#"Forward("PikeVM")"#);
        assert!(forward.is_match("ein wort."));
        assert!(!forward.is_match("éwort"));
        assert!(!forward.is_match("wortéé"));
        let ascii = Forward::new(r"(?-u:\b)wort(?-u:\b)", &syntax::Config::new(), LIMITS).unwrap();
        assert_eq!(format!("{ascii:?}"), r#"Forward("lazy DFA")"#);
        assert!(ascii.is_match("éwort"));
    }

    #[test]
    fn limits_are_errors() {
        let limits = Limits {
            nfa: 1 << 10,
            cache: 2 << 20,
        };
        let err = Forward::new(r"\w{50}", &syntax::Config::new(), limits).unwrap_err();
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
            ]),
        ) {
            agrees(pattern, true, &text)?;
        }
    }
}
