//! Searching a sorted list forward from a known place. Readers that go
//! through a document in order (a rule's sentences, the blocks a long text
//! is rebuilt from) ask about places just past the last answer; a binary
//! search over the whole list each time is most of their work.

/// How many entries at the start of `list` satisfy `below`, which holds
/// for a prefix of it (as [`slice::partition_point`]): found by looking at
/// entries 1, 2, 4, 8... and then by halves, so it costs about the log of
/// the answer rather than of the list.
pub fn partition_point_near<T>(list: &[T], below: impl Fn(&T) -> bool) -> usize {
    // every entry below `hi / 2` satisfies `below`
    let mut hi = 1;
    while hi <= list.len() && below(&list[hi - 1]) {
        hi *= 2;
    }
    let lo = hi / 2;
    lo + list[lo..hi.min(list.len())].partition_point(below)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The answer is `partition_point`'s, wherever the prefix ends.
        #[test]
        fn answers_as_partition_point(
            list in proptest::collection::btree_set(0u32..5000, 0..400),
            at in 0u32..5100,
        ) {
            let list: Vec<u32> = list.into_iter().collect();
            proptest::prop_assert_eq!(
                partition_point_near(&list, |&x| x < at),
                list.partition_point(|&x| x < at)
            );
        }
    }

    #[test]
    fn at_the_ends() {
        let list = [1, 2, 3, 5, 8, 13];
        assert_eq!(partition_point_near(&list, |&x| x < 0), 0);
        assert_eq!(partition_point_near(&list, |&x| x < 100), 6);
        assert_eq!(partition_point_near(&list, |&x| x <= 5), 4);
        assert_eq!(partition_point_near::<u32>(&[], |_| true), 0);
    }
}
