//! One scan per term group over a document's projected text, recording which
//! sentences each group hits. Rules then combine these lists; no rule scans
//! the text itself.

use crate::document::Document;
use crate::ruleset::{GroupId, Ruleset};

/// For each term group: the matches in [`Document::text`] and the sorted,
/// de-duplicated sentences that hold them.
pub struct Hits {
    spans: Vec<Vec<(usize, usize)>>,
    sentences: Vec<Vec<usize>>,
}

impl Hits {
    pub fn scan(doc: &Document, ruleset: &Ruleset) -> Hits {
        let mut spans = Vec::with_capacity(ruleset.groups.len());
        let mut sentences = Vec::with_capacity(ruleset.groups.len());
        for re in &ruleset.groups {
            let mut group_spans = Vec::new();
            let mut group_sentences: Vec<usize> = Vec::new();
            for m in re.find_iter(&doc.text) {
                let Some(s) = doc.sentence_at(m.start()) else {
                    continue;
                };
                if m.end() > doc.sentences[s].text.1 {
                    continue; // a match across a sentence boundary
                }
                group_spans.push((m.start(), m.end()));
                if group_sentences.last() != Some(&s) {
                    group_sentences.push(s);
                }
            }
            spans.push(group_spans);
            sentences.push(group_sentences);
        }
        Hits { spans, sentences }
    }

    /// Sentences hit by a group, in document order.
    pub fn sentences(&self, group: GroupId) -> &[usize] {
        &self.sentences[group]
    }

    pub fn hits_sentence(&self, group: GroupId, sentence: usize) -> bool {
        self.sentences[group].binary_search(&sentence).is_ok()
    }

    /// The group's matches inside a projected range.
    pub fn spans_in(
        &self,
        group: GroupId,
        range: (usize, usize),
    ) -> impl Iterator<Item = (usize, usize)> + '_ {
        let spans = &self.spans[group];
        let first = spans.partition_point(|s| s.0 < range.0);
        spans[first..]
            .iter()
            .copied()
            .take_while(move |s| s.1 <= range.1)
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
