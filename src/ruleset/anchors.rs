//! The anchor automaton as the term scan steps it: the Aho-Corasick
//! automaton of every anchor, laid out as a table for a walk a byte at a
//! time. Its tests hold it to aho-corasick's overlapping search.
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

use super::phrase::boundary;

/// A state: the offset of its row in the transition table.
pub type State = u32;

/// An anchor that ends in a state: its number, its length, and whether it
/// counts only on a word boundary before it, or after it. The boundaries
/// are set by the term index ([`AnchorDfa::require_boundaries`]), so the
/// scan settles most places where an anchor ends without reading the
/// anchor's own entry there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ended {
    pub anchor: u32,
    /// The length, with the two boundary bits above it.
    len: u32,
}

impl Ended {
    const BEFORE: u32 = 1 << 31;
    const AFTER: u32 = 1 << 30;

    pub fn length(self) -> usize {
        (self.len & !(Self::BEFORE | Self::AFTER)) as usize
    }

    /// Whether the anchor needs a word boundary before it, and after it.
    pub fn needs(self) -> (bool, bool) {
        (self.len & Self::BEFORE != 0, self.len & Self::AFTER != 0)
    }

    /// Whether the bytes of `hay` around `at..end`, where the anchor stands,
    /// have the word boundaries it needs.
    #[inline]
    pub fn boundaries_hold(self, hay: &[u8], at: usize, end: usize) -> bool {
        (self.len & Self::BEFORE == 0 || boundary(hay, at))
            && (self.len & Self::AFTER == 0 || boundary(hay, end))
    }
}

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
    /// anchor that ends there.
    ends: Vec<u32>,
    ended: Vec<Ended>,
    /// The longest anchor's length.
    longest: usize,
    /// See [`AnchorDfa::separator`].
    separator: Option<u8>,
}

/// How many walks [`AnchorDfa::find`] cuts a text into.
const LANES: usize = 4;

impl AnchorDfa {
    /// The automaton of `anchors` (non-empty, lower-case, found ASCII
    /// case-insensitively and overlapping: every anchor ending at each
    /// byte). Anchor `i` is reported as `i`.
    ///
    /// Built as Aho-Corasick's automaton is: a trie of the anchors over the
    /// byte classes, then, breadth first, each state's failure (the longest
    /// proper suffix of its text that is a state too) and its missing
    /// transitions copied from its failure's row. The anchors a state ends
    /// are its own, then its failure's, as aho-corasick lists them. Built
    /// by stepping aho-corasick's own trie through its failure links for
    /// every state and class instead, the core ruleset's term index took
    /// 2.2 ms at every start rather than 1.3.
    pub fn new(anchors: &[Vec<u8>]) -> AnchorDfa {
        // a byte no anchor holds leaves every state as every other such
        // byte does: those share class 0; each other byte, both cases of a
        // letter together, has a class of its own
        let mut classes = [0u8; 256];
        let mut held = [false; 256];
        for &b in anchors.iter().flatten() {
            held[usize::from(b.to_ascii_lowercase())] = true;
        }
        let mut count: usize = 1;
        for b in 0..=255u8 {
            if held[usize::from(b)] && !b.is_ascii_uppercase() {
                classes[usize::from(b)] =
                    u8::try_from(count).expect("at most 255 bytes other than upper-case letters");
                count += 1;
            }
        }
        for b in b'A'..=b'Z' {
            classes[usize::from(b)] = classes[usize::from(b.to_ascii_lowercase())];
        }
        let row = count.next_power_of_two();

        // the trie: state 0 is the start, and no state's child, so 0 in a
        // row is "no child" until the row is completed below
        let mut next: Vec<u32> = vec![0; row];
        let mut own: Vec<Vec<u32>> = vec![Vec::new()];
        for (i, anchor) in anchors.iter().enumerate() {
            let mut at = 0;
            for &b in anchor {
                let slot = at * row + usize::from(classes[usize::from(b)]);
                if next[slot] == 0 {
                    next[slot] = state(own.len());
                    next.resize(next.len() + row, 0);
                    own.push(Vec::new());
                }
                at = next[slot] as usize;
            }
            own[at].push(state(i));
        }

        // breadth first, so a state's failure (shallower) is complete
        // before the state is reached
        let mut fail = vec![0u32; own.len()];
        let mut ends: Vec<Vec<u32>> = vec![Vec::new(); own.len()];
        let mut order = vec![0u32];
        let mut i = 0;
        while i < order.len() {
            let at = order[i] as usize;
            i += 1;
            let mut list = std::mem::take(&mut own[at]);
            if at != 0 {
                list.extend_from_slice(&ends[fail[at] as usize]);
            }
            ends[at] = list;
            for class in 0..count {
                let child = next[at * row + class];
                let failed = if at == 0 {
                    0
                } else {
                    next[fail[at] as usize * row + class]
                };
                if child == 0 {
                    next[at * row + class] = failed;
                } else {
                    fail[child as usize] = failed;
                    order.push(child);
                }
            }
        }

        // states where anchors end first, each kept as its row's offset
        let order: Vec<usize> = (0..own.len())
            .filter(|&k| !ends[k].is_empty())
            .chain((0..own.len()).filter(|&k| ends[k].is_empty()))
            .collect();
        let mut place = vec![0u32; own.len()];
        for (k, &at) in order.iter().enumerate() {
            place[at] = state(k * row);
        }
        let mut transitions = vec![0; own.len() * row];
        let (mut starts, mut ended) = (vec![0], Vec::new());
        for (to, &at) in transitions.chunks_exact_mut(row).zip(&order) {
            for (to, &from) in to.iter_mut().zip(&next[at * row..(at + 1) * row]) {
                *to = place[from as usize];
            }
            if !ends[at].is_empty() {
                ended.extend(ends[at].iter().map(|&anchor| {
                    Ended {
                        anchor,
                        len: u32::try_from(anchors[anchor as usize].len())
                            .ok()
                            .filter(|&len| len < Ended::AFTER)
                            .expect("an anchor under 1 GiB"),
                    }
                }));
                starts.push(state(ended.len()));
            }
        }
        AnchorDfa {
            classes,
            transitions,
            row_shift: row.trailing_zeros(),
            start: place[0],
            matches_below: state((starts.len() - 1) * row),
            ends: starts,
            ended,
            longest: anchors.iter().map(Vec::len).max().unwrap_or(0),
            separator: (0..0x80u8).find(|&b| classes[usize::from(b)] == 0),
        }
    }

    /// An ASCII byte no anchor holds, if there is one. Every state steps
    /// to the start on it, so texts joined by it are walked as if each were
    /// walked alone from the start.
    pub fn separator(&self) -> Option<u8> {
        self.separator
    }

    /// Each place in `text` (under 4 GiB: the offsets are 32-bit) where
    /// anchors end, in order: the state there and the offset past that
    /// byte, in `slots[..n]`; returns `n`.
    ///
    /// The walk waits on each lookup in the table before the next, so a
    /// text is cut into [`LANES`] parts walked in one loop, each lookup of
    /// one lane under way while the others' are. A part after the first
    /// starts early, from the start state, by one byte less than the
    /// longest anchor: every anchor that ends in the part starts no earlier,
    /// and a walk's state at a byte is the longest text ending there that
    /// starts an anchor, so from that byte on the lane steps through the
    /// states a walk from the text's start would, as far as they tell
    /// anchors that end in the part. Each lane writes every state into its
    /// own stretch of `slots`, one slot per byte, and moves on past it only
    /// where anchors end: a branch there, taken at one byte in seven and at
    /// no pattern, cost more than the writes. The stretches are then moved
    /// together. Four lanes ran criterion's term scan fastest (three, six
    /// and eight took 1.6-5% longer).
    pub fn find(&self, text: &[u8], slots: &mut Vec<(State, u32)>) -> usize {
        assert!(u32::try_from(text.len()).is_ok(), "a text under 4 GiB");
        if slots.len() < text.len() {
            slots.resize(text.len(), (0, 0));
        }
        let part = text.len() / LANES;
        if part < 2 * self.longest.max(8) {
            return self.note(self.start, text, 0, slots, 0);
        }
        let run_in = self.longest.saturating_sub(1);
        let mut states: [State; LANES] = std::array::from_fn(|lane| match lane {
            0 => self.start,
            _ => self.walk(&text[lane * part - run_in..lane * part]),
        });
        let texts: [&[u8]; LANES] =
            std::array::from_fn(|lane| &text[lane * part..(lane + 1) * part]);
        let mut counts = [0usize; LANES];
        {
            let mut stretches = slots.chunks_exact_mut(part);
            let stretches: [&mut [(State, u32)]; LANES] =
                std::array::from_fn(|_| stretches.next().expect("a stretch per lane"));
            // every lane's text read at one index, the same for all
            #[allow(clippy::needless_range_loop)]
            for j in 0..part {
                for lane in 0..LANES {
                    states[lane] = self.next(states[lane], texts[lane][j]);
                }
                for lane in 0..LANES {
                    stretches[lane][counts[lane]] = (states[lane], (lane * part + j) as u32 + 1);
                    counts[lane] += usize::from(self.is_match(states[lane]));
                }
            }
        }
        // the last lane's few bytes past the others' ends
        let last = LANES - 1;
        counts[last] = self.note(
            states[last],
            &text[LANES * part..],
            (LANES * part) as u32,
            &mut slots[last * part..text.len()],
            counts[last],
        );
        let mut n = counts[0];
        for (lane, &count) in counts.iter().enumerate().skip(1) {
            slots.copy_within(lane * part..lane * part + count, n);
            n += count;
        }
        n
    }

    /// Walks `text` from `state`, noting each place where anchors end into
    /// `slots` from slot `n` on, with offsets from `base`, as
    /// [`AnchorDfa::find`] does; returns the count noted in all.
    fn note(
        &self,
        mut state: State,
        text: &[u8],
        base: u32,
        slots: &mut [(State, u32)],
        mut n: usize,
    ) -> usize {
        for (end, &b) in (base + 1..).zip(text) {
            state = self.next(state, b);
            slots[n] = (state, end);
            n += usize::from(self.is_match(state));
        }
        n
    }

    /// The state after `text`, from the start.
    fn walk(&self, text: &[u8]) -> State {
        text.iter()
            .fold(self.start, |state, &b| self.next(state, b))
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

    /// The anchors that end in match state `state`.
    #[inline]
    pub fn ended(&self, state: State) -> &[Ended] {
        let k = (state >> self.row_shift) as usize;
        &self.ended[self.ends[k] as usize..self.ends[k + 1] as usize]
    }

    /// Marks each anchor `needs` says counts only on a word boundary
    /// (before it, after it).
    pub fn require_boundaries(&mut self, needs: impl Fn(u32) -> (bool, bool)) {
        for ended in &mut self.ended {
            let (before, after) = needs(ended.anchor);
            if before {
                ended.len |= Ended::BEFORE;
            }
            if after {
                ended.len |= Ended::AFTER;
            }
        }
    }

    /// Every entry of every match state's list.
    #[cfg(test)]
    pub(crate) fn all_ended(&self) -> &[Ended] {
        &self.ended
    }

    /// Each anchor that ends in `text`, and where it ends, in order.
    #[cfg(test)]
    pub(crate) fn find_all(&self, text: &[u8]) -> Vec<(u32, usize)> {
        let mut state = self.start;
        let mut out = Vec::new();
        for (i, &b) in text.iter().enumerate() {
            state = self.next(state, b);
            if self.is_match(state) {
                out.extend(self.ended(state).iter().map(|e| (e.anchor, i + 1)));
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

    /// Each place where anchors end and the state there, from one walk
    /// of the whole text.
    fn walked_once(dfa: &AnchorDfa, text: &[u8]) -> Vec<(State, u32)> {
        let mut state = dfa.start;
        let mut out = Vec::new();
        for (end, &b) in (1..).zip(text) {
            state = dfa.next(state, b);
            if dfa.is_match(state) {
                out.push((state, end));
            }
        }
        out
    }

    fn found(dfa: &AnchorDfa, text: &[u8]) -> Vec<(State, u32)> {
        // slots left over from a longer text do not count
        let mut slots = vec![(0, 0); text.len() + 50];
        let n = dfa.find(text, &mut slots);
        slots.truncate(n);
        slots
    }

    #[test]
    fn every_state_steps_to_the_start_on_the_separator() {
        let anchors: Vec<Vec<u8>> = ["child", "a\u{0}b", "eu", "\u{1}"]
            .iter()
            .map(|a| a.as_bytes().to_vec())
            .collect();
        let dfa = AnchorDfa::new(&anchors);
        let separator = dfa.separator().unwrap();
        // bytes the anchors hold are passed over
        assert_eq!(separator, 2);
        let row = 1 << dfa.row_shift;
        for state in (0..dfa.transitions.len()).step_by(row) {
            assert_eq!(dfa.next(state as State, separator), dfa.start);
        }
        // with every ASCII byte in an anchor, there is none
        let every: Vec<Vec<u8>> = (0..0x80u8).map(|b| vec![b.to_ascii_lowercase()]).collect();
        assert_eq!(AnchorDfa::new(&every).separator(), None);
    }

    proptest! {
        /// The walk in lanes finds what one walk finds, in long texts and
        /// short ones, with anchors of any length up to the longest.
        #[test]
        fn lanes_find_what_one_walk_finds(
            anchors in prop::collection::vec("[abAB.’é1]{1,9}", 1..12),
            pieces in prop::collection::vec(
                (any::<prop::sample::Index>(), "[abAB.’é1 ]{0,3}"),
                0..120,
            ),
        ) {
            let anchors: Vec<Vec<u8>> = anchors
                .iter()
                .map(|a| a.to_lowercase().into_bytes())
                .collect();
            let dfa = AnchorDfa::new(&anchors);
            // anchors between random bytes, so that some cross where the
            // lanes part
            let mut text: Vec<u8> = Vec::new();
            for (anchor, filler) in &pieces {
                text.extend_from_slice(anchor.get::<Vec<u8>>(&anchors));
                text.extend_from_slice(filler.as_bytes());
            }
            prop_assert_eq!(found(&dfa, &text), walked_once(&dfa, &text));
        }

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
