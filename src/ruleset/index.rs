//! Every term of every loaded rule, indexed for one pass over a document:
//! a single Aho-Corasick automaton holds each phrase's anchor and each
//! regex term's necessary literals, so the text is read once and a term is
//! only tried where its literal stands.

use super::GroupId;
use super::anchors::AnchorDfa;
use super::phrase::Phrase;
use crate::pattern::TermRegex;
use std::collections::HashMap;

/// A term as the index runs it.
#[derive(Debug, Clone)]
pub enum Matcher {
    Phrase(Phrase),
    /// A regular expression, tried where one of its literals stands (or on
    /// every sentence, when it has none).
    Regex(TermRegex),
}

/// What an anchor's occurrence asks to check: a term, and the group it
/// would hit (kept here so a group already hit costs no look at the term).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Probe {
    pub term: u32,
    pub group: u32,
}

/// One term: the group it belongs to and how it matches.
#[derive(Debug, Clone)]
pub struct Term {
    pub group: GroupId,
    pub matcher: Matcher,
}

/// The compiled index of a run's terms.
#[derive(Debug)]
pub struct TermIndex {
    pub terms: Vec<Term>,
    /// Every anchor, as a DFA stepped byte by byte (all matches ending at
    /// each byte, overlapping).
    pub anchors: AnchorDfa,
    /// For each anchor (Aho-Corasick pattern id): the probes it starts.
    pub probes: Vec<Vec<Probe>>,
    /// For each anchor: whether every probe needs a word boundary before
    /// it, and after it. Most anchors found are parts of longer words
    /// ("it" in "with"); these settle them without trying any probe.
    pub bounds: Vec<(bool, bool)>,
    /// Regex terms without a necessary literal: tried on every sentence.
    pub unanchored: Vec<u32>,
}

impl TermIndex {
    pub fn new(terms: Vec<Term>) -> TermIndex {
        let mut anchor_ids: HashMap<Vec<u8>, usize> = HashMap::new();
        let mut anchors: Vec<Vec<u8>> = Vec::new();
        let mut probes: Vec<Vec<Probe>> = Vec::new();
        let mut unanchored = Vec::new();
        let mut add = |literal: Vec<u8>, probe: Probe| {
            let literal = literal.to_ascii_lowercase();
            let id = *anchor_ids.entry(literal.clone()).or_insert_with(|| {
                anchors.push(literal);
                probes.push(Vec::new());
                anchors.len() - 1
            });
            probes[id].push(probe);
        };
        for (i, term) in terms.iter().enumerate() {
            let probe = Probe {
                term: u32::try_from(i).expect("fewer than 2^32 terms"),
                group: u32::try_from(term.group).expect("fewer than 2^32 groups"),
            };
            match &term.matcher {
                Matcher::Phrase(p) => add(p.anchor(), probe),
                Matcher::Regex(re) => match &re.literals {
                    Some(literals) => {
                        for l in literals {
                            add(l.clone(), probe);
                        }
                    }
                    None => unanchored.push(probe.term),
                },
            }
        }
        // a regex term with several literals that share an anchor needs
        // trying once per occurrence
        for p in &mut probes {
            p.dedup();
        }
        let bounds = probes
            .iter()
            .map(|list| {
                let all = |f: fn(&Phrase) -> bool| {
                    list.iter().all(|p| match &terms[p.term as usize].matcher {
                        Matcher::Phrase(phrase) => f(phrase),
                        Matcher::Regex(_) => false,
                    })
                };
                (all(Phrase::boundary_before), all(Phrase::boundary_after))
            })
            .collect();
        let anchors = AnchorDfa::new(&anchors);
        TermIndex {
            terms,
            anchors,
            probes,
            bounds,
            unanchored,
        }
    }
}
