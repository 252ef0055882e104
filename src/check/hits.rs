//! One scan per sentence for many term groups at once (`RegexSet`s of
//! [`SET_SIZE`] groups), recording which sentences each group hits. Rules then combine
//! these lists; no rule scans the text itself.

use crate::document::Document;
use crate::ruleset::{GroupId, Ruleset, SET_SIZE};

/// For each term group: the sorted sentences that hold a match.
pub struct Hits {
    sentences: Vec<Vec<usize>>,
}

impl Hits {
    pub fn scan(doc: &Document, ruleset: &Ruleset) -> Hits {
        let mut sentences = vec![Vec::new(); ruleset.groups.len()];
        for (i, sentence) in doc.sentences.iter().enumerate() {
            let text = &doc.text[sentence.text.0..sentence.text.1];
            for (n, set) in ruleset.group_sets().iter().enumerate() {
                for group in set.matches(text).iter() {
                    sentences[n * SET_SIZE + group].push(i);
                }
            }
        }
        Hits { sentences }
    }

    /// Sentences hit by a group, in document order.
    pub fn sentences(&self, group: GroupId) -> &[usize] {
        &self.sentences[group]
    }

    pub fn hits_sentence(&self, group: GroupId, sentence: usize) -> bool {
        self.sentences[group].binary_search(&sentence).is_ok()
    }

    /// Sentences hit by every group (an empty list of groups hits nothing).
    pub fn all_of(&self, groups: &[GroupId]) -> Vec<usize> {
        let Some((first, rest)) = groups.split_first() else {
            return Vec::new();
        };
        self.sentences(*first)
            .iter()
            .copied()
            .filter(|s| rest.iter().all(|g| self.hits_sentence(*g, *s)))
            .collect()
    }
}
