//! The sentences each term group hits: logged as the scan finds them, then
//! laid out for the rules to read.
//!
//! A document's hits are logged in one list, in sentence order, and sorted
//! into the groups' sets once the scan is done: three allocations for all
//! of a document's groups, where a list of its own cost each group one or
//! more (a policy of the bench tree hits some 65 groups). A group that hits
//! many sentences is a bitset: a list costs four bytes a sentence and a
//! bitset one bit. A long document's log is moved into growing sets of the
//! groups whenever it fills, so memory stays bounded by the sets rather
//! than by the hits.

use crate::gallop::partition_point_near;

/// Hits as the scan finds them.
pub(super) struct HitLog {
    /// (group, sentence) since the log was last emptied, sentences in
    /// order, each pair once.
    log: Vec<(u32, u32)>,
    /// Each group's sentences from the log's earlier fillings: empty until
    /// the log first fills.
    grown: Vec<GrowingSet>,
    groups: usize,
}

/// How many hits the log holds before they move into the groups' sets:
/// half a megabyte, far more than a policy's hits (a few thousand).
const LOG_LIMIT: usize = 64 << 10;

/// Room for hits a log starts with (8 KB).
const LOG_START: usize = 1 << 10;

impl HitLog {
    pub fn new(groups: usize) -> HitLog {
        HitLog {
            // a policy's hits fit in one allocation rather than a dozen
            // regrowths; a power of two, so a long document's log grows
            // to the limit as it would have from empty
            log: Vec::with_capacity(LOG_START),
            grown: Vec::new(),
            groups,
        }
    }

    /// Logs that `group` hits `sentence`: a sentence no earlier than any
    /// logged before, and not logged for this group yet.
    pub fn push(&mut self, group: usize, sentence: u32) {
        let group = u32::try_from(group).expect("fewer than 2^32 groups");
        self.log.push((group, sentence));
        if self.log.len() >= LOG_LIMIT {
            self.empty_log();
        }
    }

    fn empty_log(&mut self) {
        if self.grown.is_empty() {
            self.grown = (0..self.groups)
                .map(|_| GrowingSet::List(Vec::new()))
                .collect();
        }
        for (group, sentence) in self.log.drain(..) {
            self.grown[group as usize].insert(sentence);
        }
    }

    /// The groups' sets for a document of `count` sentences.
    pub fn finish(mut self, count: usize) -> GroupSets {
        let words = count.div_ceil(64);
        let dense = |ones: usize| ones > (count / 32).max(8);
        if !self.grown.is_empty() {
            // a long document keeps the sets it grew, each in the form
            // that suits it over the whole document: copying them into
            // one block would hold them twice at the end of the scan
            self.empty_log();
            let sets = self
                .grown
                .into_iter()
                .map(|set| set.settle(words, dense))
                .collect();
            return GroupSets::Grown(sets);
        }
        // the whole document in the log: counted, then placed
        let mut hits = vec![0usize; self.groups];
        for &(group, _) in &self.log {
            hits[group as usize] += 1;
        }
        let (mut listed, mut bitsets) = (0, 0);
        let mut sets = Vec::with_capacity(self.groups);
        for &n in &hits {
            if dense(n) {
                sets.push(Set::Bits(bitsets * words));
                bitsets += 1;
            } else {
                sets.push(Set::List(listed, listed + n));
                listed += n;
            }
        }
        let mut lists = vec![0; listed];
        let mut bits = vec![0u64; bitsets * words];
        // where each listed group's next sentence goes
        let mut next: Vec<usize> = sets
            .iter()
            .map(|set| match *set {
                Set::List(start, _) => start,
                Set::Bits(_) => 0,
            })
            .collect();
        for &(group, sentence) in &self.log {
            let g = group as usize;
            match sets[g] {
                Set::List(..) => {
                    lists[next[g]] = sentence;
                    next[g] += 1;
                }
                Set::Bits(start) => bits[start + sentence as usize / 64] |= 1 << (sentence % 64),
            }
        }
        GroupSets::Packed {
            sets,
            lists,
            bits,
            words,
        }
    }
}

/// Every group's sentences for one document.
pub(super) enum GroupSets {
    /// A document whose hits all fit the log, in three allocations.
    Packed {
        sets: Vec<Set>,
        /// The listed groups' sentences, one group's after another's.
        lists: Vec<u32>,
        /// The bitsets, `words` words each, one after another.
        bits: Vec<u64>,
        words: usize,
    },
    /// A long document's sets as they grew, each settled.
    Grown(Vec<GrowingSet>),
}

/// Where a packed group's sentences are kept: `lists[start..end]`, or the
/// bitset at `bits[start..start + words]`.
#[derive(Debug, Clone, Copy)]
pub(super) enum Set {
    List(usize, usize),
    Bits(usize),
}

impl GroupSets {
    /// The sentences `group` hits, in order.
    pub fn iter(&self, group: usize) -> SentenceIter<'_> {
        self.sentences(group).iter()
    }

    pub fn contains(&self, group: usize, sentence: u32) -> bool {
        match self.sentences(group) {
            Sentences::List(list) => list.binary_search(&sentence).is_ok(),
            Sentences::Bits(bits) => bits
                .get(sentence as usize / 64)
                .is_some_and(|w| w & (1 << (sentence % 64)) != 0),
        }
    }

    /// `group`'s sentences, to be asked about in order.
    pub fn cursor(&self, group: usize) -> Cursor<'_> {
        Cursor {
            sentences: self.sentences(group),
            at: 0,
        }
    }

    /// Where `group`'s sentences are kept.
    fn sentences(&self, group: usize) -> Sentences<'_> {
        match self {
            GroupSets::Packed {
                sets,
                lists,
                bits,
                words,
            } => match sets[group] {
                Set::List(start, end) => Sentences::List(&lists[start..end]),
                Set::Bits(start) => Sentences::Bits(&bits[start..start + words]),
            },
            GroupSets::Grown(sets) => sets[group].sentences(),
        }
    }

    /// Whether `group` is kept as a bitset (for tests of the layout).
    #[cfg(test)]
    fn is_bitset(&self, group: usize) -> bool {
        matches!(self.sentences(group), Sentences::Bits(_))
    }
}

/// One group's sentences: a sorted list, or a bitset.
enum Sentences<'a> {
    List(&'a [u32]),
    Bits(&'a [u64]),
}

impl<'a> Sentences<'a> {
    fn iter(self) -> SentenceIter<'a> {
        match self {
            Sentences::List(list) => SentenceIter::List(list.iter()),
            Sentences::Bits(bits) => SentenceIter::Bits {
                bits,
                word: 0,
                left: bits.first().copied().unwrap_or(0),
            },
        }
    }
}

/// A group's sentences while a long document is scanned: a sorted list
/// while it is short, a bitset once a list would take more room.
pub(super) enum GrowingSet {
    List(Vec<u32>),
    Bits(Vec<u64>),
}

impl GrowingSet {
    /// Adds sentence `s`, later than any before. A list past a 32nd of the
    /// sentences so far (and past 8) becomes a bitset, which grows as later
    /// sentences are added.
    fn insert(&mut self, s: u32) {
        let at = s as usize / 64;
        match self {
            GrowingSet::List(list) => {
                list.push(s);
                if list.len() > (s as usize / 32).max(8) {
                    let mut bits = vec![0u64; at + 1];
                    for &s in list.iter() {
                        bits[s as usize / 64] |= 1 << (s % 64);
                    }
                    *self = GrowingSet::Bits(bits);
                }
            }
            GrowingSet::Bits(bits) => {
                if bits.len() <= at {
                    bits.resize(at + 1, 0);
                }
                bits[at] |= 1 << (s % 64);
            }
        }
    }

    /// The set as kept once the document's `words * 64` sentences are
    /// scanned: a bitset when `dense` says its count of sentences is many,
    /// else a list.
    fn settle(self, words: usize, dense: impl Fn(usize) -> bool) -> GrowingSet {
        let ones = match &self {
            GrowingSet::List(list) => list.len(),
            GrowingSet::Bits(bits) => bits.iter().map(|w| w.count_ones() as usize).sum(),
        };
        match self {
            GrowingSet::List(list) if dense(ones) => {
                let mut bits = vec![0u64; words];
                for &s in &list {
                    bits[s as usize / 64] |= 1 << (s % 64);
                }
                GrowingSet::Bits(bits)
            }
            GrowingSet::Bits(_) if !dense(ones) => GrowingSet::List(self.iter().collect()),
            GrowingSet::Bits(mut bits) => {
                bits.resize(words, 0);
                bits.shrink_to_fit();
                GrowingSet::Bits(bits)
            }
            list => list,
        }
    }

    fn sentences(&self) -> Sentences<'_> {
        match self {
            GrowingSet::List(list) => Sentences::List(list),
            GrowingSet::Bits(bits) => Sentences::Bits(bits),
        }
    }

    fn iter(&self) -> SentenceIter<'_> {
        self.sentences().iter()
    }
}

/// A group's sentences, asked about in increasing order: a list is read on
/// from where the last question left it ([`partition_point_near`]), so a
/// run of questions over a long document costs about one pass over the
/// list (a binary search each was most of a rule's matching in a long
/// document).
pub(super) struct Cursor<'a> {
    sentences: Sentences<'a>,
    /// In a list, the first entry not below the last sentence asked about.
    at: usize,
}

impl Cursor<'_> {
    /// Whether the group hits `sentence`, which is no lower than any asked
    /// about before.
    pub fn contains(&mut self, sentence: u32) -> bool {
        match self.sentences {
            Sentences::List(list) => {
                self.at += partition_point_near(&list[self.at..], |&x| x < sentence);
                list.get(self.at) == Some(&sentence)
            }
            Sentences::Bits(bits) => bits
                .get(sentence as usize / 64)
                .is_some_and(|w| w & (1 << (sentence % 64)) != 0),
        }
    }
}

/// A group's sentences in order.
pub(super) enum SentenceIter<'a> {
    List(std::slice::Iter<'a, u32>),
    /// `left` holds the bits of word `word` not yet returned.
    Bits {
        bits: &'a [u64],
        word: usize,
        left: u64,
    },
}

impl Iterator for SentenceIter<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        match self {
            SentenceIter::List(list) => list.next().copied(),
            SentenceIter::Bits { bits, word, left } => {
                while *left == 0 {
                    *word += 1;
                    *left = *bits.get(*word)?;
                }
                let bit = left.trailing_zeros();
                *left &= *left - 1;
                Some(u32::try_from(*word * 64).expect("sentences are numbered in u32") + bit)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hits of three groups over `count` sentences: group 0 in every third
    /// and seventh sentence (dense), group 1 in three (a list), group 2 in
    /// none; group 3 dense in the first 20 sentences only (a list over the
    /// whole document).
    fn logged(count: u32) -> (HitLog, Vec<Vec<u32>>) {
        let mut log = HitLog::new(4);
        let mut want = vec![Vec::new(); 4];
        for s in 0..count {
            let mut hit = |g: usize| {
                log.push(g, s);
                want[g].push(s);
            };
            if s % 3 == 0 || s % 7 == 0 {
                hit(0);
            }
            if [2, 5, 9].contains(&s) {
                hit(1);
            }
            if s < 20 {
                hit(3);
            }
        }
        (log, want)
    }

    fn read(sets: &GroupSets, count: u32, want: &[Vec<u32>]) {
        for (g, want) in want.iter().enumerate() {
            assert_eq!(sets.iter(g).collect::<Vec<_>>(), *want, "group {g}");
            for s in 0..count + 100 {
                let hit = want.binary_search(&s).is_ok();
                assert_eq!(sets.contains(g, s), hit, "group {g} sentence {s}");
            }
        }
        assert!(sets.is_bitset(0));
        assert!(!sets.is_bitset(1) && !sets.is_bitset(2) && !sets.is_bitset(3));
        // a cursor answers as `contains` does, asked about every sentence
        // or every few, in order
        for (g, want) in want.iter().enumerate() {
            for stride in [1, 2, 7, 300] {
                let mut cursor = sets.cursor(g);
                for s in (0..count + 100).step_by(stride) {
                    let hit = want.binary_search(&s).is_ok();
                    assert_eq!(cursor.contains(s), hit, "group {g} sentence {s}");
                }
            }
        }
    }

    #[test]
    fn a_short_documents_log_is_sorted_into_lists_and_bitsets() {
        let count = 1000;
        let (log, want) = logged(count);
        assert!(log.grown.is_empty());
        read(&log.finish(count as usize), count, &want);
    }

    #[test]
    fn a_long_documents_log_moves_into_growing_sets_and_reads_the_same() {
        // enough sentences to fill the log several times over
        let count = 8 * LOG_LIMIT as u32;
        let (log, want) = logged(count);
        assert!(!log.grown.is_empty());
        read(&log.finish(count as usize), count, &want);
    }

    proptest::proptest! {
        /// A cursor over a list answers as a binary search does, whatever
        /// the gaps between the list's entries and between the questions.
        #[test]
        fn a_cursor_over_a_list_answers_as_a_search_does(
            list in proptest::collection::btree_set(0u32..2000, 0..200),
            asked in proptest::collection::btree_set(0u32..2100, 0..300),
        ) {
            let list: Vec<u32> = list.into_iter().collect();
            let mut cursor = Cursor { sentences: Sentences::List(&list), at: 0 };
            for s in asked {
                proptest::prop_assert_eq!(cursor.contains(s), list.binary_search(&s).is_ok());
                // asked again, the same answer
                proptest::prop_assert_eq!(cursor.contains(s), list.binary_search(&s).is_ok());
            }
        }
    }

    #[test]
    fn a_growing_set_becomes_a_bitset_when_dense_so_far() {
        let mut early = GrowingSet::List(Vec::new());
        for s in (0..20).chain([500, 900]) {
            early.insert(s);
        }
        assert!(matches!(early, GrowingSet::Bits(_)));
        let expected: Vec<u32> = (0..20).chain([500, 900]).collect();
        assert_eq!(early.iter().collect::<Vec<_>>(), expected);
    }
}
