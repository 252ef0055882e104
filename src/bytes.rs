//! Finding the next of a few bytes in text that mostly holds none of them
//! (markup in prose, digits in prose), several bytes at a time: aho-corasick's
//! packed searcher (Teddy, where the processor has it), else one by one.

use aho_corasick::Span;
use aho_corasick::packed::Searcher;

/// A set of bytes, and a searcher for any of them.
pub struct ByteSet {
    members: [bool; 256],
    searcher: Option<Searcher>,
}

impl ByteSet {
    pub fn new(members: [bool; 256]) -> ByteSet {
        let bytes = (0..=255u8).filter(|&b| members[usize::from(b)]);
        ByteSet {
            members,
            searcher: Searcher::new(bytes.map(|b| [b])),
        }
    }

    /// The set of `bytes`.
    pub fn of(bytes: impl IntoIterator<Item = u8>) -> ByteSet {
        let mut members = [false; 256];
        for b in bytes {
            members[usize::from(b)] = true;
        }
        ByteSet::new(members)
    }

    /// The first position in `hay[from..to]` that holds one of the bytes.
    pub fn find(&self, hay: &[u8], from: usize, to: usize) -> Option<usize> {
        match &self.searcher {
            // below its minimum length the packed searcher falls back to
            // Rabin-Karp, slower over so few bytes than a look at each
            Some(searcher) if to.saturating_sub(from) >= searcher.minimum_len() => searcher
                .find_in(
                    hay,
                    Span {
                        start: from,
                        end: to,
                    },
                )
                .map(|m| m.start()),
            _ => (from..to).find(|&i| self.members[usize::from(hay[i])]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The search stops where a byte-by-byte look would, in any part of
        /// the text.
        #[test]
        fn found_where_each_byte_looked_at_finds_it(
            hay in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300),
            members in proptest::collection::vec(proptest::prelude::any::<u8>(), 1..12),
            from in 0usize..300,
            len in 0usize..300,
        ) {
            let mut set = [false; 256];
            for &b in &members {
                set[usize::from(b)] = true;
            }
            let from = from.min(hay.len());
            let to = (from + len).min(hay.len());
            let expected = (from..to).find(|&i| set[usize::from(hay[i])]);
            proptest::prop_assert_eq!(ByteSet::of(members).find(&hay, from, to), expected);
        }
    }
}
