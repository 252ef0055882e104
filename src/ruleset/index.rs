//! Every term of every loaded rule, indexed for one pass over a document:
//! a single Aho-Corasick automaton holds each phrase's anchor and each
//! regex term's necessary literals, so the text is read once and a term is
//! only tried where its literal stands.

use super::anchors::AnchorDfa;
use super::phrase::{Around, Phrase};
use super::{GroupId, Rule};
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
    /// For a gated group's probe, the group's gate ([`MANY_GATES`] when it
    /// has several: see [`TermIndex::gates`]).
    pub gate: u32,
    pub kind: ProbeKind,
}

/// A gated group's [`Probe::gate`] when it has several gates.
pub const MANY_GATES: u32 = u32::MAX;

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

/// Where the rules ask whether a group hits a sentence, and so where the
/// scan must try its terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Need {
    /// Everywhere: the rules list the group's sentences (a heading group, a
    /// forbidden group, a pattern's or a `when` list's first group).
    Everywhere,
    /// Only in sentences one of these groups hits: a pattern's later groups
    /// and its `unless` are asked about the sentences its first group hits,
    /// a rule's `unless` also about those its forbidden group hits. Most of
    /// a document's tries of a term were for such groups (2.3 of 3 million
    /// over the bench tree), in sentences no rule asks about.
    Where(Vec<GroupId>),
    /// Nowhere: no active rule uses the group (its rules are turned off).
    Nowhere,
}

impl Need {
    /// What each of `groups` groups needs for `rules`.
    pub fn of(rules: &[Rule], groups: usize) -> Vec<Need> {
        let mut needs = vec![Need::Nowhere; groups];
        // every group listed whole first, so that a group listed whole by
        // one rule and asked about by another is tried everywhere
        for rule in rules {
            let firsts = rule.patterns.iter().filter_map(|p| p.all.first());
            let listed = (rule.heading.iter().chain(&rule.forbid))
                .chain(rule.when.first())
                .chain(firsts);
            for &g in listed {
                needs[g] = Need::Everywhere;
            }
        }
        let mut ask = |group: GroupId, gate: GroupId| match &mut needs[group] {
            Need::Everywhere => {}
            Need::Where(gates) => {
                if !gates.contains(&gate) {
                    gates.push(gate);
                }
            }
            Need::Nowhere => needs[group] = Need::Where(vec![gate]),
        };
        for rule in rules {
            for pattern in &rule.patterns {
                if let Some((&first, rest)) = pattern.all.split_first() {
                    let asked = rest
                        .iter()
                        .copied()
                        .chain(pattern.unless)
                        .chain(rule.unless);
                    for g in asked {
                        ask(g, first);
                    }
                }
            }
            if let (Some(forbid), Some(unless)) = (rule.forbid, rule.unless) {
                ask(unless, forbid);
            }
            if let Some((&first, rest)) = rule.when.split_first() {
                for &g in rest {
                    ask(g, first);
                }
            }
        }
        needs
    }
}

/// The compiled index of a run's terms.
#[derive(Debug)]
pub struct TermIndex {
    pub terms: Vec<Term>,
    /// Every anchor, as a DFA stepped byte by byte (all matches ending at
    /// each byte, overlapping).
    pub anchors: AnchorDfa,
    /// Every anchor's probes, one anchor's after another's: those of groups
    /// needed everywhere, then those of groups needed where their gates hit.
    probes: Vec<Probe>,
    /// For each anchor (its id in the automaton): where its probes stand in
    /// `probes`, and whether every probe needs a word boundary before it,
    /// and after it. Most anchors found are parts of longer words ("it" in
    /// "with"); these settle them without trying any probe.
    anchor_probes: Vec<AnchorProbes>,
    /// Regex terms without a necessary literal: tried on every sentence,
    /// those of groups needed everywhere and then the gated ones.
    unanchored: Vec<u32>,
    unanchored_gated: usize,
    /// For each group needed where its gates hit, its gates: a range of
    /// `gate_groups` (empty for the other groups).
    gates: Vec<(u32, u32)>,
    gate_groups: Vec<u32>,
    /// Whether each group gates another.
    is_gate: Vec<bool>,
}

/// An anchor's entry in [`TermIndex`].
#[derive(Debug, Clone, Copy)]
struct AnchorProbes {
    start: u32,
    /// Where the probes of gated groups start.
    gated: u32,
    end: u32,
    boundary_before: bool,
    boundary_after: bool,
}

impl TermIndex {
    /// The probes of an anchor found where the word boundaries every one of
    /// them needs are there ([`super::anchors::Ended::boundaries_hold`]):
    /// those of groups needed everywhere and those of gated groups.
    #[inline]
    pub fn probes(&self, anchor: usize) -> (&[Probe], &[Probe]) {
        let a = self.anchor_probes[anchor];
        (
            &self.probes[a.start as usize..a.gated as usize],
            &self.probes[a.gated as usize..a.end as usize],
        )
    }

    /// The gated groups' probes of an anchor whose probes
    /// [`TermIndex::probes`] gave.
    #[inline]
    pub fn gated_probes(&self, anchor: usize) -> &[Probe] {
        let a = self.anchor_probes[anchor];
        &self.probes[a.gated as usize..a.end as usize]
    }

    /// The regex terms without a necessary literal: those of groups needed
    /// everywhere, and the gated ones.
    pub fn unanchored(&self) -> (&[u32], &[u32]) {
        self.unanchored.split_at(self.unanchored_gated)
    }

    /// Whether `group` gates another group.
    #[inline]
    pub fn is_gate(&self, group: GroupId) -> bool {
        self.is_gate[group]
    }

    /// The groups whose hits open gated group `group`.
    #[inline]
    pub fn gates(&self, group: GroupId) -> &[u32] {
        let (from, to) = self.gates[group];
        &self.gate_groups[from as usize..to as usize]
    }

    /// The index of `terms`, whose groups the rules need as `needs` says.
    pub fn new(terms: Vec<Term>, needs: &[Need]) -> TermIndex {
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
            if needs[term.group] == Need::Nowhere {
                continue;
            }
            let (term_id, group) = (
                u32::try_from(i).expect("fewer than 2^32 terms"),
                u32::try_from(term.group).expect("fewer than 2^32 groups"),
            );
            let gate = match &needs[term.group] {
                Need::Where(gates) if gates.len() == 1 => {
                    u32::try_from(gates[0]).expect("fewer than 2^32 groups")
                }
                _ => MANY_GATES,
            };
            let probe = |kind| Probe {
                term: term_id,
                group,
                gate,
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
        let gated = |group: GroupId| matches!(needs[group], Need::Where(_));
        let mut anchor_probes = Vec::with_capacity(probes.len());
        let mut flat = Vec::new();
        for mut list in probes {
            // a regex term with several literals that share an anchor needs
            // trying once per occurrence
            list.dedup();
            // the gated groups' last, tried once the others are; then the
            // cheapest first: once a phrase that is its anchor alone hits
            // its group in a sentence, the group's other probes there are
            // skipped ("information" before "personal information")
            list.sort_by_key(|p| {
                let cost = match p.kind {
                    ProbeKind::Phrase { alone: true, .. } => 0,
                    ProbeKind::Phrase { alone: false, .. } => 1,
                    ProbeKind::RegexAt => 2,
                    ProbeKind::RegexSentence => 3,
                };
                (gated(p.group as usize), cost)
            });
            let gated_from = flat.len() + list.iter().filter(|p| !gated(p.group as usize)).count();
            let all = |f: fn(&Around) -> bool| {
                list.iter().all(|p| match &p.kind {
                    ProbeKind::Phrase { around, .. } => f(around),
                    ProbeKind::RegexAt | ProbeKind::RegexSentence => false,
                })
            };
            let (before, after) = (all(|a| a.boundary_before), all(|a| a.boundary_after));
            anchor_probes.push(AnchorProbes {
                start: u32::try_from(flat.len()).expect("fewer than 2^32 probes"),
                gated: u32::try_from(gated_from).expect("fewer than 2^32 probes"),
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
        let mut anchors = AnchorDfa::new(&anchors);
        anchors.require_boundaries(|anchor| {
            let a = &anchor_probes[anchor as usize];
            (a.boundary_before, a.boundary_after)
        });
        unanchored.sort_by_key(|&t| gated(terms[t as usize].group));
        let unanchored_gated = unanchored
            .iter()
            .filter(|&&t| !gated(terms[t as usize].group))
            .count();
        let (mut gates, mut gate_groups) = (Vec::with_capacity(needs.len()), Vec::new());
        let mut is_gate = vec![false; needs.len()];
        for need in needs {
            let from = u32::try_from(gate_groups.len()).expect("fewer than 2^32 gates");
            if let Need::Where(list) = need {
                for &g in list {
                    is_gate[g] = true;
                    gate_groups.push(u32::try_from(g).expect("fewer than 2^32 groups"));
                }
            }
            gates.push((
                from,
                u32::try_from(gate_groups.len()).expect("fewer than 2^32 gates"),
            ));
        }
        TermIndex {
            terms,
            anchors,
            probes: flat,
            anchor_probes,
            unanchored,
            unanchored_gated,
            gates,
            gate_groups,
            is_gate,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ruleset::Ruleset;
    use crate::ruleset::phrase::boundary;

    #[test]
    fn groups_are_needed_where_the_rules_ask_about_them() {
        let mut ruleset = Ruleset::one_rule(
            r#"
heading = ["alpha"]
unless = ["bravo"]
forbid = ["charlie"]
when = [["delta"], ["echo"], ["foxtrot"]]
sentence = [["golf"], ["hotel"]]

[[rule.pattern]]
all = [["india"], ["juliet"], ["kilo"]]
unless = ["lima"]
"#,
        );
        // a group of a second rule, listed there, is needed everywhere
        ruleset
            .add(
                "more.toml",
                "[ruleset]\nid = \"m\"\ntitle = \"M\"\n\n[[rule]]\nid = \"m\"\n\
                 severity = \"info\"\ntitle = \"M\"\nmessage = \"m\"\nhelp = \"h\"\n\
                 sentence = [[\"kilo\"]]\n",
            )
            .expect("the second rule loads");
        // no term is part of another, so each group's source names one
        let group = |term: &str| {
            ruleset
                .groups
                .iter()
                .position(|source| source.contains(term))
                .unwrap_or_else(|| panic!("no group of {term}"))
        };
        let needs = Need::of(&ruleset.rules, ruleset.groups.len());
        let need = |term: &str| needs[group(term)].clone();
        let gated = |gates: &[&str]| Need::Where(gates.iter().map(|g| group(g)).collect());
        for term in ["alpha", "charlie", "delta", "golf", "india", "kilo"] {
            assert_eq!(need(term), Need::Everywhere, "{term}");
        }
        assert_eq!(need("hotel"), gated(&["golf"]));
        assert_eq!(need("juliet"), gated(&["india"]));
        assert_eq!(need("lima"), gated(&["india"]));
        assert_eq!(need("echo"), gated(&["delta"]));
        assert_eq!(need("foxtrot"), gated(&["delta"]));
        // the rule's `unless` is asked about the sentences of each pattern
        // and of its forbidden terms
        assert_eq!(need("bravo"), gated(&["golf", "india", "charlie"]));

        // with the first rule turned off, its groups are needed nowhere
        ruleset.rules.remove(0);
        let needs = Need::of(&ruleset.rules, ruleset.groups.len());
        assert_eq!(needs[group("kilo")], Need::Everywhere);
        assert_eq!(needs[group("juliet")], Need::Nowhere);
        assert_eq!(needs[group("bravo")], Need::Nowhere);
    }

    #[test]
    fn the_automaton_knows_the_boundaries_each_anchor_needs() {
        let ruleset = Ruleset::core();
        let index = ruleset.index();
        let ended = index.anchors.all_ended();
        assert!(ended.len() >= index.anchor_probes.len());
        for e in ended {
            let a = &index.anchor_probes[e.anchor as usize];
            assert_eq!(e.needs(), (a.boundary_before, a.boundary_after));
        }
        // both kinds of anchor are there
        assert!(ended.iter().any(|e| e.needs() == (true, true)));
        assert!(ended.iter().any(|e| e.needs() == (false, false)));
        // the length is the anchor's, whatever its boundaries
        let v = ended.iter().find(|e| e.needs().0 && e.length() == 1);
        assert!(
            v.is_some(),
            "a one-byte anchor that needs a boundary before it"
        );
    }

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
