//! One pass over a document's text for every term group at once, recording
//! which sentences each group hits. Rules then combine these lists; no rule
//! scans the text itself.
//!
//! The pass reads each block's projected text in turn (as the parser builds
//! it, or rebuilt from the source) and runs the ruleset's anchor automaton
//! over each of its sentences; each anchor found tries the terms it stands
//! for, confined to that sentence, so a term matches exactly as it would on
//! the sentence alone.

use super::hit_sets::{Cursor, GroupSets, HitLog};
use crate::document::{BlockText, Document, narrow};
use crate::pattern::TermRegex;
use crate::ruleset::anchors::State;
use crate::ruleset::index::{MANY_GATES, Matcher, Probe, ProbeKind, TermIndex};
use crate::ruleset::phrase::STEP_BUDGET;
use crate::ruleset::{GroupId, Ruleset};
use std::cell::Cell;

/// For each term group: the sentences that hold a match. A group the rules
/// only ask about in sentences other groups hit is only tried there (see
/// [`crate::ruleset::index::Need`]), so its list is exact there alone.
pub struct Hits {
    sets: GroupSets,
}

/// The pass itself, fed one block's text at a time: while a document is
/// parsed (the CLI) or from its text rebuilt ([`Hits::scan`]).
pub struct Scan<'r> {
    ruleset: &'r Ruleset,
    index: &'r TermIndex,
    /// The anchor automaton's start, where a long sentence's scan begins.
    start: State,
    /// Sentences waiting for one walk of the automaton.
    batch: Batch,
    /// Where anchors end in the batch (its first entries) or in a part of a
    /// long sentence.
    found: Vec<(State, u32)>,
    hits: Recorder,
}

/// Sentences of one or more blocks, copied one after another for one walk
/// of the anchor automaton, each followed by a byte no anchor holds. A
/// policy's blocks are short (most are one sentence: a heading, a list
/// item), and a walk of a few bytes keeps too few lookups under way; a
/// batch of several KB is walked in lanes (see
/// [`crate::ruleset::anchors::AnchorDfa::find`]).
struct Batch {
    text: String,
    /// Each sentence's range of `text`, and its number.
    sentences: Vec<(u32, u32, u32)>,
    /// The byte between sentences, if the automaton has one; without it
    /// each sentence is a batch of its own.
    separator: Option<char>,
}

impl<'r> Scan<'r> {
    pub fn new(ruleset: &'r Ruleset) -> Scan<'r> {
        let index = ruleset.index();
        let spare = SPARE.take();
        let groups = ruleset.groups.len();
        Scan {
            ruleset,
            index,
            start: index.anchors.start(),
            batch: Batch {
                text: spare.text,
                sentences: spare.sentences,
                separator: index.anchors.separator().map(char::from),
            },
            found: spare.found,
            hits: Recorder {
                gate_hit: u32::MAX,
                deferred: Vec::with_capacity(FOUND_START),
                log: HitLog::new(groups),
                last: vec![u32::MAX; groups],
                settled: vec![u32::MAX; groups],
                budgets: vec![(u32::MAX, 0); groups],
                tried: vec![u32::MAX; index.terms.len()],
            },
        }
    }

    /// Takes the sentences of the next block into the batch (see
    /// [`Scan::sentence`]); a sentence longer than [`LONG_SENTENCE`] is
    /// scanned on its own, in parts.
    pub fn block(&mut self, block: BlockText<'_>) {
        let long = block.text.len() > LONG_SENTENCE;
        for (k, sentence) in block.sentences.iter().enumerate() {
            let (from, to) = sentence.text();
            let text = &block.text[from - block.start..to - block.start];
            let s = narrow(block.first_sentence + k);
            if long && text.len() > LONG_SENTENCE {
                // the sentences before it are tried first
                self.scan_batch();
                self.scan_in_parts(text, s, FOUND_AT_ONCE);
            } else {
                self.sentence(text, s);
            }
        }
    }

    /// Takes sentence `s` into the batch, and scans the batch once it
    /// holds [`BATCH`] bytes.
    fn sentence(&mut self, text: &str, s: u32) {
        let batch = &mut self.batch;
        let from = narrow(batch.text.len());
        batch.text.push_str(text);
        batch.sentences.push((from, narrow(batch.text.len()), s));
        match batch.separator {
            Some(separator) if batch.text.len() < BATCH => batch.text.push(separator),
            _ => self.scan_batch(),
        }
    }

    /// Walks the batch's text once, then tries each sentence's anchors, in
    /// order, and empties the batch.
    fn scan_batch(&mut self) {
        let (index, ruleset) = (self.index, self.ruleset);
        let Batch {
            text, sentences, ..
        } = &mut self.batch;
        let count = index.anchors.find(text.as_bytes(), &mut self.found);
        let mut found = &mut self.found[..count];
        for &(from, to, s) in sentences.iter() {
            // the sentence's places, made its own: those past its end are
            // the next ones' (none ends on a separator, where the walk is
            // at its start); a sentence holds a few, so they are read one
            // by one rather than searched for
            let mut here = 0;
            while let Some((_, end)) = found.get_mut(here).filter(|(_, end)| *end <= to) {
                *end -= from;
                here += 1;
            }
            let (mine, rest) = found.split_at_mut(here);
            let text = &text[from as usize..to as usize];
            self.hits.try_anchors(index, ruleset, text, s, mine, false);
            self.hits.try_unanchored(index, text, s, false);
            self.hits.try_gated(index, ruleset, text, s);
            found = rest;
        }
        text.clear();
        sentences.clear();
    }

    /// Scans sentence `s` on its own, trying the terms of the anchors found
    /// `at_once` at a time ([`FOUND_AT_ONCE`] for a long sentence): a
    /// sentence of several MB (a file with no full stop) can hold an anchor
    /// at every other byte, and a list of them all took 16 bytes each. The
    /// gated groups are tried too, wherever their anchors stand: their
    /// gates are not known until the whole sentence is read.
    fn scan_in_parts(&mut self, text: &str, s: u32, at_once: usize) {
        let (index, ruleset) = (self.index, self.ruleset);
        let dfa = &index.anchors;
        let found = &mut self.found;
        let bytes = text.as_bytes();
        let (mut state, mut at) = (self.start, 0);
        loop {
            found.clear();
            while at < bytes.len() && found.len() < at_once {
                state = dfa.next(state, bytes[at]);
                at += 1;
                if dfa.is_match(state) {
                    found.push((state, narrow(at)));
                }
            }
            self.hits.try_anchors(index, ruleset, text, s, found, true);
            if at == bytes.len() {
                break;
            }
        }
        self.hits.try_unanchored(index, text, s, true);
    }

    /// The hits of a document of `count` sentences, every block scanned.
    pub fn finish(mut self, count: usize) -> Hits {
        self.scan_batch();
        SPARE.set(Spare {
            found: std::mem::take(&mut self.found),
            text: std::mem::take(&mut self.batch.text),
            sentences: std::mem::take(&mut self.batch.sentences),
        });
        Hits {
            sets: self.hits.log.finish(count),
        }
    }
}

impl Hits {
    /// Scans a parsed document's text, rebuilt block by block.
    pub fn scan(doc: &Document, ruleset: &Ruleset) -> Hits {
        let mut scan = Scan::new(ruleset);
        doc.for_each_block_text(|block| scan.block(block));
        scan.finish(doc.sentences.len())
    }

    /// Sentences hit by a group, in document order.
    pub fn sentences(&self, group: GroupId) -> impl Iterator<Item = usize> + '_ {
        self.sets.iter(group).map(|s| s as usize)
    }

    pub fn hits_sentence(&self, group: GroupId, sentence: usize) -> bool {
        u32::try_from(sentence).is_ok_and(|s| self.sets.contains(group, s))
    }

    /// Sentences hit by every group, in order (an empty list of groups hits
    /// nothing).
    pub fn all_of<'a>(&'a self, groups: &'a [GroupId]) -> impl Iterator<Item = usize> + 'a {
        let (first, rest) = groups
            .split_first()
            .map_or((None, &[][..]), |(f, r)| (Some(*f), r));
        let mut rest: Vec<HitCursor<'a>> = rest.iter().map(|&g| self.cursor(g)).collect();
        first
            .into_iter()
            .flat_map(|g| self.sentences(g))
            .filter(move |&s| rest.iter_mut().all(|g| g.hits(s)))
    }

    /// A group's hits, asked about sentence by sentence in order.
    pub fn cursor(&self, group: GroupId) -> HitCursor<'_> {
        HitCursor(self.sets.cursor(group))
    }
}

/// Whether a group hits each of a run of sentences, asked in increasing
/// order: cheaper than [`Hits::hits_sentence`] for each.
pub struct HitCursor<'a>(Cursor<'a>);

impl HitCursor<'_> {
    /// Whether the group hits `sentence`, no lower than any asked before.
    pub fn hits(&mut self, sentence: usize) -> bool {
        u32::try_from(sentence).is_ok_and(|s| self.0.contains(s))
    }
}

/// The longest sentence scanned with others (see [`Scan::block`]), in
/// bytes.
const LONG_SENTENCE: usize = 64 << 10;

/// The bytes of sentences a batch takes before it is scanned: a quarter
/// of the fastest cache, for the text and the places found in it, which
/// the terms' tries read again.
const BATCH: usize = 4 << 10;

/// A scan's lists, kept for the next document on the thread (the batch's
/// text and sentences, emptied): [`crate::ruleset::anchors::AnchorDfa::find`]
/// needs a slot for every byte of a batch, and a list made anew for each
/// policy was written over twice (zeroed, then walked).
#[derive(Default)]
struct Spare {
    found: Vec<(State, u32)>,
    text: String,
    sentences: Vec<(u32, u32, u32)>,
}

thread_local! {
    static SPARE: Cell<Spare> = Cell::new(Spare::default());
}

/// Room for the anchors with gated probes in a sentence that the list of
/// them starts with.
const FOUND_START: usize = 256;

/// How many places where anchors end a long sentence's scan notes before
/// it tries their terms.
const FOUND_AT_ONCE: usize = 4096;

fn regex(index: &TermIndex, term: u32) -> &TermRegex {
    match &index.terms[term as usize].matcher {
        Matcher::Regex(re) => re,
        Matcher::Phrase(_) => unreachable!("regex probes are made for regex terms"),
    }
}

/// Hits as they are found, in sentence order. A gated group is tried in a
/// sentence its gates hit, or in a long sentence, and nowhere else.
struct Recorder {
    /// The last sentence a gating group hit.
    gate_hit: u32,
    /// The anchors found in the sentence being scanned that have gated
    /// groups' probes, and where: tried once the other groups are.
    deferred: Vec<(u32, u32, u32)>,
    log: HitLog,
    /// The last sentence each group hit, kept apart from the lists so the
    /// check that spares a second try reads one array.
    last: Vec<u32>,
    /// The last sentence each group's regex was asked about.
    settled: Vec<u32>,
    /// Per group, the sentence its phrases last searched and the steps they
    /// have left there.
    budgets: Vec<(u32, u32)>,
    /// The last sentence each regex term was tried on.
    tried: Vec<u32>,
}

impl Recorder {
    fn has(&self, group: GroupId, sentence: u32) -> bool {
        self.last[group] == sentence
    }

    /// Tries the terms of the anchors found in sentence `s` (whose text is
    /// `text`): each automaton state where anchors end, and the offset past
    /// that byte. A sentence's anchors are tried in order, all at once or a
    /// part at a time, and then [`Recorder::try_unanchored`]. The gated
    /// groups' probes are tried here too if `every`, else noted for
    /// [`Recorder::try_gated`].
    fn try_anchors(
        &mut self,
        index: &TermIndex,
        ruleset: &Ruleset,
        text: &str,
        s: u32,
        found: &[(State, u32)],
        every: bool,
    ) {
        let hay = text.as_bytes();
        for &(state, end) in found {
            let end = end as usize;
            for &ended in index.anchors.ended(state) {
                let at = end - ended.length();
                if !ended.boundaries_hold(hay, at, end) {
                    continue;
                }
                let anchor = ended.anchor;
                let (everywhere, gated) = index.probes(anchor as usize);
                self.try_probes::<false>(index, ruleset, text, s, everywhere, at, end);
                if gated.is_empty() {
                    continue;
                }
                if every {
                    self.try_probes::<false>(index, ruleset, text, s, gated, at, end);
                } else {
                    // a sentence scanned whole is under 64 KB: its offsets fit
                    self.deferred.push((anchor, narrow(at), narrow(end)));
                }
            }
        }
    }

    /// Tries the gated groups' probes [`Recorder::try_anchors`] noted in
    /// sentence `s`, and their regex terms without an anchor, if a gate hit
    /// the sentence.
    fn try_gated(&mut self, index: &TermIndex, ruleset: &Ruleset, text: &str, s: u32) {
        let mut deferred = std::mem::take(&mut self.deferred);
        if self.gate_hit == s {
            for &(anchor, at, end) in &deferred {
                let gated = index.gated_probes(anchor as usize);
                self.try_probes::<true>(index, ruleset, text, s, gated, at as usize, end as usize);
            }
            self.try_regexes::<true>(index, text, s, index.unanchored().1);
        }
        deferred.clear();
        self.deferred = deferred;
    }

    /// Tries the regex terms that have no anchor on sentence `s`, once its
    /// anchors are tried: those of the gated groups too if `every` (else
    /// [`Recorder::try_gated`] does).
    fn try_unanchored(&mut self, index: &TermIndex, text: &str, s: u32, every: bool) {
        let (everywhere, gated) = index.unanchored();
        self.try_regexes::<false>(index, text, s, everywhere);
        if every {
            self.try_regexes::<false>(index, text, s, gated);
        }
    }

    /// Tries regex `terms` on sentence `s`; if `GATED`, each only where a
    /// gate of its group hits the sentence.
    fn try_regexes<const GATED: bool>(
        &mut self,
        index: &TermIndex,
        text: &str,
        s: u32,
        terms: &[u32],
    ) {
        for &t in terms {
            let group = index.terms[t as usize].group;
            if !self.has(group, s)
                && (!GATED || self.gate_open(index, MANY_GATES, group, s))
                && regex(index, t).is_match(text)
            {
                self.record(index, group, s);
            }
        }
    }

    /// Whether a gate of gated group `group` hits sentence `s`.
    #[inline]
    fn gate_open(&self, index: &TermIndex, gate: u32, group: GroupId, s: u32) -> bool {
        if gate == MANY_GATES {
            index
                .gates(group)
                .iter()
                .any(|&g| self.has(g as GroupId, s))
        } else {
            self.has(gate as GroupId, s)
        }
    }

    /// Tries `probes`, of an anchor found at `at..end` of sentence `s`,
    /// whose text is `text`; if `GATED`, each only where a gate of its
    /// group hits the sentence.
    #[allow(clippy::too_many_arguments)]
    #[inline]
    fn try_probes<const GATED: bool>(
        &mut self,
        index: &TermIndex,
        ruleset: &Ruleset,
        text: &str,
        s: u32,
        probes: &[Probe],
        at: usize,
        end: usize,
    ) {
        let hay = text.as_bytes();
        for probe in probes {
            let group = probe.group as GroupId;
            if self.has(group, s)
                || self.settled[group] == s
                || (GATED && !self.gate_open(index, probe.gate, group, s))
            {
                continue;
            }
            let found = match probe.kind {
                ProbeKind::Phrase { around, alone } => {
                    around.holds(hay, at, end)
                        && (alone || self.search(index, ruleset, probe, text, at, end, s))
                }
                ProbeKind::RegexAt => regex(index, probe.term).is_match_at(text, at),
                ProbeKind::RegexSentence => {
                    self.first_try(probe.term, s) && regex(index, probe.term).is_match(text)
                }
            };
            if found {
                self.record(index, group, s);
            }
        }
    }

    /// Searches for a phrase from its anchor at `at..end` of sentence `s`,
    /// once the bytes beside the anchor allow it.
    #[allow(clippy::too_many_arguments)]
    fn search(
        &mut self,
        index: &TermIndex,
        ruleset: &Ruleset,
        probe: &Probe,
        text: &str,
        at: usize,
        end: usize,
        s: u32,
    ) -> bool {
        let group = probe.group as GroupId;
        let Matcher::Phrase(phrase) = &index.terms[probe.term as usize].matcher else {
            unreachable!("phrase probes are made for phrase terms")
        };
        match phrase.search(text.as_bytes(), at, end, self.budget(group, s)) {
            Some(found) => found,
            // the phrase search gave up on this text: the group's regex
            // settles the sentence for every term of the group
            None => {
                self.settled[group] = s;
                ruleset
                    .group_scan_regex(group)
                    .is_some_and(|re| re.is_match(text))
            }
        }
    }

    /// The phrase-search steps a group has left in a sentence.
    fn budget(&mut self, group: GroupId, sentence: u32) -> &mut u32 {
        let (at, left) = &mut self.budgets[group];
        if *at != sentence {
            *at = sentence;
            *left = STEP_BUDGET;
        }
        left
    }

    fn first_try(&mut self, term: u32, sentence: u32) -> bool {
        let first = self.tried[term as usize] != sentence;
        self.tried[term as usize] = sentence;
        first
    }

    fn record(&mut self, index: &TermIndex, group: GroupId, sentence: u32) {
        if !self.has(group, sentence) {
            self.last[group] = sentence;
            self.log.push(group, sentence);
            if index.is_gate(group) {
                self.gate_hit = sentence;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Decoded, Syntax};
    use crate::ruleset::index::Need;

    #[test]
    fn terms_match_within_sentences_only() {
        // each group the first of a pattern, so each is tried everywhere
        let ruleset = Ruleset::one_rule(
            r#"sentence = [["third party", "/\\d+ days/"]]
[[rule.pattern]]
all = [["child*"]]
[[rule.pattern]]
all = [["sell"]]"#,
        );
        let doc = Document::parse(
            Decoded {
                text:
                    "We keep it for third\n\nParty sites. Children's data stays 30 days. We sell."
                        .into(),
                bom_len: 0,
            },
            Syntax::Markdown,
        );
        let hits = Hits::scan(&doc, &ruleset);
        let all: Vec<Vec<usize>> = (0..3).map(|g| hits.sentences(g).collect()).collect();
        // "third" and "Party" are in different blocks: no match across them
        assert_eq!(all, vec![vec![2], vec![2], vec![3]]);

        // with "sell" asked about only where the first group hits, it is
        // not tried in the last sentence
        let ruleset = Ruleset::one_rule(r#"sentence = [["child*"], ["sell"]]"#);
        let hits = Hits::scan(&doc, &ruleset);
        assert_eq!(hits.sentences(1).count(), 0);
    }

    #[test]
    fn hits_found_while_parsing_are_those_of_the_rebuilt_text() {
        let ruleset = Ruleset::core();
        let mut checked = 0;
        for entry in std::fs::read_dir("fixtures").unwrap() {
            let path = entry.unwrap().path();
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let mut scan = Scan::new(&ruleset);
            let decoded = Decoded { text, bom_len: 0 };
            let doc = Document::parse_with(decoded, Syntax::Markdown, |b| scan.block(b));
            let streamed = scan.finish(doc.sentences.len());
            let rebuilt = Hits::scan(&doc, &ruleset);
            for g in 0..ruleset.groups.len() {
                let a: Vec<usize> = streamed.sentences(g).collect();
                assert_eq!(
                    a,
                    rebuilt.sentences(g).collect::<Vec<_>>(),
                    "{path:?} group {g}"
                );
            }
            checked += 1;
        }
        assert!(checked >= 5, "fixtures read: {checked}");
    }

    #[test]
    fn a_long_sentence_is_scanned_as_a_short_one_is() {
        // the fixtures as one sentence of over 64 KB: no full stops, no
        // paragraph breaks
        let ruleset = Ruleset::core();
        let mut text = String::new();
        for name in [
            "complete.md",
            "bold-headings.md",
            "underage.md",
            "no-address-traps.md",
        ] {
            let fixture = std::fs::read_to_string(format!("fixtures/{name}")).unwrap();
            text.push_str(
                &fixture.replace(['.', '!', '?', ';', '\n', '#', '*', '-', '>', '|'], " "),
            );
        }
        let text = text.repeat(64 * 1024 / text.len().max(1) + 2);
        let doc = Document::parse(Decoded { text, bom_len: 0 }, Syntax::Markdown);
        assert_eq!(doc.sentences.len(), 1);
        let sentence = doc.text(doc.sentences[0].text());
        assert!(sentence.len() > LONG_SENTENCE && sentence.len() < 4 * LONG_SENTENCE);
        let long = Hits::scan(&doc, &ruleset);
        // the short sentences' way: every anchor found, then tried
        let mut scan = Scan::new(&ruleset);
        let index = ruleset.index();
        let mut found = Vec::new();
        let count = index.anchors.find(sentence.as_bytes(), &mut found);
        found.truncate(count);
        assert!(
            found.len() > 2 * FOUND_AT_ONCE,
            "anchors found: {}",
            found.len()
        );
        scan.hits
            .try_anchors(index, &ruleset, &sentence, 0, &found, true);
        scan.hits.try_unanchored(index, &sentence, 0, true);
        let short = scan.finish(1);
        let groups = |hits: &Hits| -> Vec<usize> {
            (0..ruleset.groups.len())
                .filter(|&g| hits.hits_sentence(g, 0))
                .collect()
        };
        assert!(groups(&short).len() > 20);
        assert_eq!(groups(&long), groups(&short));
        // in parts of any size, down to one anchor
        let once = &sentence[..sentence.len() / 3];
        let mut whole = Scan::new(&ruleset);
        whole.scan_in_parts(once, 0, usize::MAX);
        let whole = groups(&whole.finish(1));
        for at_once in [1, 7, 300] {
            let mut parts = Scan::new(&ruleset);
            parts.scan_in_parts(once, 0, at_once);
            assert_eq!(groups(&parts.finish(1)), whole, "{at_once} at once");
        }

        // short sentences around it in the same paragraph: each hits what
        // it hits when scanned alone
        let short = [
            "You can delete your data",
            "We keep it for thirty days",
            "Children under thirteen are not welcome",
            "Cookies help us",
        ];
        let mut paragraph = String::new();
        for (i, piece) in short.iter().enumerate() {
            paragraph.push_str(piece);
            paragraph.push_str(". ");
            if i == 1 {
                paragraph.push_str(&sentence);
                paragraph.push_str(". ");
            }
        }
        paragraph.push_str(short[0]);
        let doc = Document::parse(
            Decoded {
                text: paragraph,
                bom_len: 0,
            },
            Syntax::Markdown,
        );
        assert_eq!((doc.blocks.len(), doc.sentences.len()), (1, 6));
        let together = Hits::scan(&doc, &ruleset);
        let alone = ungated(&doc, &ruleset);
        assert_eq!(
            asked_hits(&together, &ruleset),
            asked_hits(&alone, &ruleset)
        );
    }

    /// A document's hits with every group tried in every sentence, each
    /// sentence scanned on its own: what [`Hits::scan`] finds without gates.
    fn ungated(doc: &Document, ruleset: &Ruleset) -> Hits {
        let mut scan = Scan::new(ruleset);
        for (k, sentence) in doc.sentences.iter().enumerate() {
            scan.scan_in_parts(&doc.text(sentence.text()), narrow(k), usize::MAX);
        }
        scan.finish(doc.sentences.len())
    }

    /// Each hit the rules can ask about, as (group, sentence): every hit of
    /// a group needed everywhere, a gated group's where a gate hits.
    fn asked_hits(hits: &Hits, ruleset: &Ruleset) -> Vec<(usize, usize)> {
        let needs = Need::of(&ruleset.rules, ruleset.groups.len());
        let mut asked = Vec::new();
        for (g, need) in needs.iter().enumerate() {
            asked.extend(
                hits.sentences(g)
                    .filter(|&s| match need {
                        Need::Everywhere => true,
                        Need::Where(gates) => gates.iter().any(|&x| hits.hits_sentence(x, s)),
                        Need::Nowhere => false,
                    })
                    .map(|s| (g, s)),
            );
        }
        asked
    }

    #[test]
    fn gated_groups_are_exact_wherever_the_rules_ask_about_them() {
        let mut ruleset = Ruleset::default();
        for (name, text) in crate::ruleset::BUILTIN {
            ruleset.add(name, text).expect("a built-in ruleset loads");
        }
        let needs = Need::of(&ruleset.rules, ruleset.groups.len());
        assert!(
            needs
                .iter()
                .any(|n| matches!(n, Need::Where(g) if g.len() > 1))
        );
        let options = super::super::CheckOptions::default();
        let (mut documents, mut spared) = (0, 0);
        for folder in ["fixtures", "fixtures/labeled", "fixtures/packs"] {
            for entry in std::fs::read_dir(folder).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_none_or(|e| e != "md" && e != "txt") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                let doc = Document::parse(Decoded { text, bom_len: 0 }, Syntax::Markdown);
                let (gated, every) = (Hits::scan(&doc, &ruleset), ungated(&doc, &ruleset));
                assert_eq!(
                    asked_hits(&gated, &ruleset),
                    asked_hits(&every, &ruleset),
                    "{path:?}"
                );
                let check = |hits: &Hits| {
                    let outcomes = super::super::check_with_hits(&doc, hits, &ruleset, &options).0;
                    format!("{outcomes:?}")
                };
                assert_eq!(check(&gated), check(&every), "{path:?}");
                // the hits the gates spared: none asked about
                spared += (0..ruleset.groups.len())
                    .map(|g| every.sentences(g).count() - gated.sentences(g).count())
                    .sum::<usize>();
                documents += 1;
            }
        }
        assert!(
            documents > 20 && spared > 100,
            "{documents} documents, {spared} hits spared"
        );
    }

    #[test]
    fn sentences_scanned_in_a_batch_hit_what_each_hits_alone() {
        let ruleset = Ruleset::core();
        let sentences = [
            "",
            "You can ask us to delete your personal information.",
            "We keep logs for 30 days.",
            "Children under 13 may not use the service, and we do not knowingly collect their data.",
            "x",
            "Write to privacy@example.com or call +1 555 0100 about transfers to the EU",
        ];
        let alone: Vec<Vec<usize>> = sentences
            .iter()
            .map(|text| {
                let mut scan = Scan::new(&ruleset);
                scan.sentence(text, 0);
                let hits = scan.finish(1);
                (0..ruleset.groups.len())
                    .filter(|&g| hits.hits_sentence(g, 0))
                    .collect()
            })
            .collect();
        assert!(alone.iter().map(Vec::len).sum::<usize>() > 20);
        // enough of them for several batches, each cut into lanes
        let mut scan = Scan::new(&ruleset);
        let count = 3 * BATCH / 40;
        for s in 0..count {
            scan.sentence(sentences[s % sentences.len()], narrow(s));
        }
        let hits = scan.finish(count);
        for s in 0..count {
            let together: Vec<usize> = (0..ruleset.groups.len())
                .filter(|&g| hits.hits_sentence(g, s))
                .collect();
            assert_eq!(together, alone[s % sentences.len()], "sentence {s}");
        }
    }
}
