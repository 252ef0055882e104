//! Every term of every loaded rule, indexed for one pass over a document:
//! a single Aho-Corasick automaton holds each phrase's anchor and each
//! regex term's necessary literals, so the text is read once and a term is
//! only tried where its literal stands.

use super::GroupId;
use super::phrase::Phrase;
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::Regex;
use std::collections::HashMap;

/// A term as the index runs it.
#[derive(Debug, Clone)]
pub enum Matcher {
    Phrase(Phrase),
    /// A regular expression, tried on a whole sentence; with the literals one
    /// of which any match contains, when the pattern has such literals.
    Regex {
        regex: Regex,
        literals: Option<Vec<Vec<u8>>>,
    },
}

/// What an anchor's occurrence asks to check.
#[derive(Debug, Clone, Copy)]
pub enum Probe {
    /// Phrase `term` with its anchor at the occurrence.
    Phrase(u32),
    /// Regex `term` on the sentence that holds the occurrence.
    Regex(u32),
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
    pub anchors: AhoCorasick,
    /// For each anchor (Aho-Corasick pattern id): the probes it starts.
    pub probes: Vec<Vec<Probe>>,
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
            let i = u32::try_from(i).expect("fewer than 2^32 terms");
            match &term.matcher {
                Matcher::Phrase(p) => add(p.anchor(), Probe::Phrase(i)),
                Matcher::Regex {
                    literals: Some(literals),
                    ..
                } => {
                    for l in literals {
                        add(l.clone(), Probe::Regex(i));
                    }
                }
                Matcher::Regex { literals: None, .. } => unanchored.push(i),
            }
        }
        // a regex term with several literals that share an anchor needs
        // trying once per occurrence
        for p in &mut probes {
            p.dedup_by_key(|p| match *p {
                Probe::Phrase(i) => (0, i),
                Probe::Regex(i) => (1, i),
            });
        }
        let anchors = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&anchors)
            .expect("anchors are non-empty literals");
        TermIndex {
            terms,
            anchors,
            probes,
            unanchored,
        }
    }
}
