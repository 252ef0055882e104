//! Every term of every loaded rule, indexed for one pass over a document:
//! a single Aho-Corasick automaton holds each phrase's anchor and each
//! regex term's necessary literals, so the text is read once and a term is
//! only tried where its literal stands.

use super::GroupId;
use super::anchors::AnchorDfa;
use super::phrase::{Around, Phrase, boundary};
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

/// What an anchor's occurrence asks to check: a term, the group it would
/// hit (so a group already hit costs no look at the term), and how the
/// term is tried there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Probe {
    pub term: u32,
    pub group: u32,
    pub kind: ProbeKind,
}

/// How a probe's term is tried where its anchor stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProbeKind {
    /// A phrase: what it asks beside the anchor, checked first (most places
    /// fail there), and whether the anchor is the whole phrase, which then
    /// matches with no search.
    Phrase { around: Around, alone: bool },
    /// A regex whose literals are its match's prefixes: tried anchored at
    /// the literal.
    RegexAt,
    /// Any other regex: tried once on the sentence.
    RegexSentence,
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
    /// Every anchor's probes, one anchor's after another's.
    probes: Vec<Probe>,
    /// For each anchor (its id in the automaton): where its probes stand in
    /// `probes`, and whether every probe needs a word boundary before it,
    /// and after it. Most anchors found are parts of longer words ("it" in
    /// "with"); these settle them without trying any probe.
    anchor_probes: Vec<AnchorProbes>,
    /// Regex terms without a necessary literal: tried on every sentence.
    pub unanchored: Vec<u32>,
}

/// An anchor's entry in [`TermIndex`].
#[derive(Debug, Clone, Copy)]
struct AnchorProbes {
    start: u32,
    end: u32,
    boundary_before: bool,
    boundary_after: bool,
}

impl TermIndex {
    /// The probes an anchor found at `at..end` of `hay` starts: none when
    /// every one of them needs a word boundary that is not there.
    #[inline]
    pub fn probes_at(&self, anchor: usize, hay: &[u8], at: usize, end: usize) -> &[Probe] {
        let a = self.anchor_probes[anchor];
        if (a.boundary_before && !boundary(hay, at)) || (a.boundary_after && !boundary(hay, end)) {
            return &[];
        }
        &self.probes[a.start as usize..a.end as usize]
    }

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
            let (term_id, group) = (
                u32::try_from(i).expect("fewer than 2^32 terms"),
                u32::try_from(term.group).expect("fewer than 2^32 groups"),
            );
            let probe = |kind| Probe {
                term: term_id,
                group,
                kind,
            };
            match &term.matcher {
                Matcher::Phrase(p) => add(
                    p.anchor(),
                    probe(ProbeKind::Phrase {
                        around: p.around(),
                        alone: p.is_anchor_alone(),
                    }),
                ),
                Matcher::Regex(re) => match &re.literals {
                    Some(literals) => {
                        let kind = if re.prefix {
                            ProbeKind::RegexAt
                        } else {
                            ProbeKind::RegexSentence
                        };
                        for l in literals {
                            add(l.clone(), probe(kind));
                        }
                    }
                    None => unanchored.push(term_id),
                },
            }
        }
        let mut anchor_probes = Vec::with_capacity(probes.len());
        let mut flat = Vec::new();
        for mut list in probes {
            // a regex term with several literals that share an anchor needs
            // trying once per occurrence
            list.dedup();
            // the cheapest first: once a phrase that is its anchor alone
            // hits its group in a sentence, the group's other probes there
            // are skipped ("information" before "personal information")
            list.sort_by_key(|p| match p.kind {
                ProbeKind::Phrase { alone: true, .. } => 0,
                ProbeKind::Phrase { alone: false, .. } => 1,
                ProbeKind::RegexAt => 2,
                ProbeKind::RegexSentence => 3,
            });
            let all = |f: fn(&Around) -> bool| {
                list.iter().all(|p| match &p.kind {
                    ProbeKind::Phrase { around, .. } => f(around),
                    ProbeKind::RegexAt | ProbeKind::RegexSentence => false,
                })
            };
            let (before, after) = (all(|a| a.boundary_before), all(|a| a.boundary_after));
            anchor_probes.push(AnchorProbes {
                start: u32::try_from(flat.len()).expect("fewer than 2^32 probes"),
                end: u32::try_from(flat.len() + list.len()).expect("fewer than 2^32 probes"),
                boundary_before: before,
                boundary_after: after,
            });
            // a boundary every probe needs is checked once for the anchor
            flat.extend(list.into_iter().map(|mut p| {
                if let ProbeKind::Phrase { around, .. } = &mut p.kind {
                    *around = around.without_boundaries(before, after);
                }
                p
            }));
        }
        let anchors = AnchorDfa::new(&anchors);
        TermIndex {
            terms,
            anchors,
            probes: flat,
            anchor_probes,
            unanchored,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ruleset::Ruleset;

    #[test]
    fn a_boundary_checked_for_the_anchor_is_not_checked_again_for_its_probes() {
        let ruleset = Ruleset::core();
        let index = ruleset.index();
        let mut text = String::new();
        for name in [
            "complete.md",
            "missing-retention.md",
            "underage.md",
            "plain.txt",
        ] {
            text.push_str(&std::fs::read_to_string(format!("fixtures/{name}")).expect("a fixture"));
        }
        text.push_str(" grandchildren, with it, you-can, personal\ninformation, child's, US");
        let hay = text.as_bytes();
        let (mut checked, mut cleared) = (0, 0);
        for (anchor, end) in index.anchors.find_all(hay) {
            let a = index.anchor_probes[anchor as usize];
            for probe in &index.probes[a.start as usize..a.end as usize] {
                let (ProbeKind::Phrase { around, .. }, Matcher::Phrase(phrase)) =
                    (probe.kind, &index.terms[probe.term as usize].matcher)
                else {
                    continue;
                };
                let at = end - phrase.anchor().len();
                let anchor_holds = (!a.boundary_before || boundary(hay, at))
                    && (!a.boundary_after || boundary(hay, end));
                assert_eq!(
                    anchor_holds && around.holds(hay, at, end),
                    phrase.around().holds(hay, at, end),
                    "{:?} at {at}",
                    String::from_utf8_lossy(&phrase.anchor())
                );
                checked += 1;
                cleared += usize::from(around != phrase.around());
            }
        }
        assert!(
            checked > 1000 && cleared > 100,
            "{checked} checked, {cleared} cleared"
        );
    }
}
