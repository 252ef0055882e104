//! The anchor automaton as the term scan steps it: aho-corasick's automaton
//! of every anchor, laid out as a table for a walk a byte at a time.
//!
//! aho-corasick's own DFA gives each byte that any pattern holds a class of
//! its own, upper and lower case apart: for the core ruleset 75 classes,
//! rows of 128 transitions and a table of a megabyte, more than the
//! processor's second-level cache, which the parser and the rules share.
//! The walk's every step waits on one lookup in it. Here the cases of a
//! letter share a class (the automaton is ASCII case-insensitive, so their
//! transitions are the same), which halves the table. States where anchors
//! end come first, so a walk tells them by one comparison, and the anchors
//! each ends are kept in one flat list.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::noncontiguous::NFA;
use aho_corasick::{Anchored, MatchKind};

/// A state: the offset of its row in the transition table.
pub type State = u32;

#[derive(Debug, Clone)]
pub struct AnchorDfa {
    /// Each byte's class: its column in a row.
    classes: [u8; 256],
    /// Row `state` (a multiple of the row length), column `class`: the next
    /// state.
    transitions: Vec<State>,
    /// log2 of the row length.
    row_shift: u32,
    start: State,
    /// States below this one are where anchors end.
    matches_below: State,
    /// For the `k`th match state, `ended[ends[k]..ends[k + 1]]`: each
    /// anchor that ends there and its length.
    ends: Vec<u32>,
    ended: Vec<(u32, u32)>,
}

impl AnchorDfa {
    /// The automaton of `anchors` (non-empty, lower-case, found ASCII
    /// case-insensitively and overlapping: every anchor ending at each
    /// byte). Anchor `i` is reported as `i`.
    pub fn new(anchors: &[Vec<u8>]) -> AnchorDfa {
        // the automaton as a trie with failure links: stepped once per
        // state and class below, which is cheaper than building its DFA
        let trie = NFA::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(anchors)
            .expect("anchors are non-empty literals");

        // a byte no anchor holds leaves every state as every other such
        // byte does: those share class 0; each other byte, both cases of a
        // letter together, has a class of its own
        let mut classes = [0u8; 256];
        let mut representatives = vec![0u8];
        let mut held = [false; 256];
        for &b in anchors.iter().flatten() {
            held[usize::from(b.to_ascii_lowercase())] = true;
        }
        for b in 0..=255u8 {
            if held[usize::from(b)] && !b.is_ascii_uppercase() {
                classes[usize::from(b)] = u8::try_from(representatives.len())
                    .expect("at most 255 bytes other than upper-case letters");
                representatives.push(b);
            }
        }
        for b in b'A'..=b'Z' {
            classes[usize::from(b)] = classes[usize::from(b.to_ascii_lowercase())];
        }
        let row = representatives.len().next_power_of_two();

        // every state, from the start: those where anchors end first.
        // A state's place in `found` is kept by its ID (a table's offset,
        // so IDs are below the table's length)
        let start = trie
            .start_state(Anchored::No)
            .expect("an unanchored search has a start state");
        let mut place: Vec<u32> = Vec::new();
        let mut found = vec![start];
        let see = |sid: StateID, place: &mut Vec<u32>, at: usize| {
            if sid.as_usize() >= place.len() {
                place.resize(sid.as_usize() + 1, u32::MAX);
            }
            let new = place[sid.as_usize()] == u32::MAX;
            if new {
                place[sid.as_usize()] = state(at);
            }
            new
        };
        see(start, &mut place, 0);
        // each state's next on each class, row by row in the order found
        let mut steps: Vec<StateID> = Vec::new();
        let mut i = 0;
        while i < found.len() {
            for &b in &representatives {
                let next = trie.next_state(Anchored::No, found[i], b);
                steps.push(next);
                if see(next, &mut place, found.len()) {
                    found.push(next);
                }
            }
            i += 1;
        }
        let order: Vec<usize> = (0..found.len())
            .filter(|&i| trie.is_match(found[i]))
            .chain((0..found.len()).filter(|&i| !trie.is_match(found[i])))
            .collect();
        for (k, &i) in order.iter().enumerate() {
            place[found[i].as_usize()] = state(k * row);
        }
        let row_of = |sid: StateID| place[sid.as_usize()];

        let mut transitions = vec![0; found.len() * row];
        let (mut ends, mut ended) = (vec![0], Vec::new());
        for (row_start, &i) in transitions.chunks_exact_mut(row).zip(&order) {
            let next = &steps[i * representatives.len()..(i + 1) * representatives.len()];
            for (to, &sid) in row_start.iter_mut().zip(next) {
                *to = row_of(sid);
            }
            let sid = found[i];
            if trie.is_match(sid) {
                for m in 0..trie.match_len(sid) {
                    let anchor = trie.match_pattern(sid, m);
                    ended.push((anchor.as_u32(), state(trie.pattern_len(anchor))));
                }
                ends.push(state(ended.len()));
            }
        }
        AnchorDfa {
            classes,
            transitions,
            row_shift: row.trailing_zeros(),
            start: row_of(start),
            matches_below: state((ends.len() - 1) * row),
            ends,
            ended,
        }
    }

    /// Where every walk starts.
    pub fn start(&self) -> State {
        self.start
    }

    /// The state after `byte`.
    #[inline]
    pub fn next(&self, state: State, byte: u8) -> State {
        self.transitions[(state + State::from(self.classes[usize::from(byte)])) as usize]
    }

    /// Whether anchors end in `state`.
    #[inline]
    pub fn is_match(&self, state: State) -> bool {
        state < self.matches_below
    }

    /// The anchors that end in match state `state`, each with its length.
    pub fn ended(&self, state: State) -> &[(u32, u32)] {
        let k = (state >> self.row_shift) as usize;
        &self.ended[self.ends[k] as usize..self.ends[k + 1] as usize]
    }

    /// Each anchor that ends in `text`, and where it ends, in order.
    #[cfg(test)]
    pub(crate) fn find_all(&self, text: &[u8]) -> Vec<(u32, usize)> {
        let mut state = self.start;
        let mut out = Vec::new();
        for (i, &b) in text.iter().enumerate() {
            state = self.next(state, b);
            if self.is_match(state) {
                out.extend(self.ended(state).iter().map(|&(anchor, _)| (anchor, i + 1)));
            }
        }
        out
    }
}

fn state(n: usize) -> State {
    State::try_from(n).expect("an anchor automaton under 4 GiB")
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::AhoCorasick;
    use proptest::prelude::*;

    /// What aho-corasick's own overlapping search finds: each anchor and
    /// where it ends, in order of the end (and of the anchor at one end).
    fn expected(anchors: &[Vec<u8>], text: &[u8]) -> Vec<(u32, usize)> {
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(anchors)
            .unwrap();
        let mut all: Vec<(u32, usize)> = ac
            .find_overlapping_iter(text)
            .map(|m| (m.pattern().as_u32(), m.end()))
            .collect();
        all.sort_by_key(|&(anchor, end)| (end, anchor));
        all
    }

    fn sorted(mut found: Vec<(u32, usize)>) -> Vec<(u32, usize)> {
        found.sort_by_key(|&(anchor, end)| (end, anchor));
        found
    }

    #[test]
    fn finds_what_an_overlapping_search_finds() {
        let anchors: Vec<Vec<u8>> = ["child", "children", "ch", "eu", "u.s", "19", "’s", "data"]
            .iter()
            .map(|a| a.as_bytes().to_vec())
            .collect();
        let dfa = AnchorDfa::new(&anchors);
        let text = "Our CHILDREN’s data stays in the EU and the U.S. since 1999; \
                    ChildChild achieved. é ∞ \u{0}\u{7f}";
        let found = sorted(dfa.find_all(text.as_bytes()));
        assert_eq!(found, expected(&anchors, text.as_bytes()));
        assert!(found.len() > 10, "{found:?}");
        // a letter's cases share a column; a byte no anchor holds is in 0
        assert_eq!(
            dfa.classes[usize::from(b'C')],
            dfa.classes[usize::from(b'c')]
        );
        assert_ne!(dfa.classes[usize::from(b'c')], 0);
        assert_eq!(dfa.classes[usize::from(b'z')], 0);
    }

    proptest! {
        /// Random anchors over a small alphabet, found in texts made of
        /// them, in any case and beside any other byte.
        #[test]
        fn agrees_with_aho_corasick(
            anchors in prop::collection::vec("[abAB.’é1]{1,5}", 1..12),
            pieces in prop::collection::vec(prop_oneof![
                "[abAB.’é1 ]{0,6}",
                any::<u8>().prop_map(|b| char::from(b).to_string()),
            ], 0..20),
        ) {
            let anchors: Vec<Vec<u8>> = anchors
                .iter()
                .map(|a| a.to_lowercase().into_bytes())
                .collect();
            let text = pieces.concat();
            let dfa = AnchorDfa::new(&anchors);
            prop_assert_eq!(
                sorted(dfa.find_all(text.as_bytes())),
                expected(&anchors, text.as_bytes())
            );
        }
    }
}
