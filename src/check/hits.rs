//! One pass over a document's text for every term group at once, recording
//! which sentences each group hits. Rules then combine these lists; no rule
//! scans the text itself.
//!
//! The pass runs the ruleset's anchor automaton over the whole projected
//! text; each anchor found inside a sentence tries the terms it stands for,
//! confined to that sentence, so a term matches exactly as it would on the
//! sentence alone.

use crate::document::{Document, Sentence};
use crate::ruleset::index::{Matcher, TermIndex};
use crate::ruleset::phrase::{STEP_BUDGET, boundary};
use crate::ruleset::{GroupId, Ruleset};

/// For each term group: the sorted sentences that hold a match.
pub struct Hits {
    sentences: Vec<Vec<u32>>,
}

impl Hits {
    pub fn scan(doc: &Document, ruleset: &Ruleset) -> Hits {
        let index = ruleset.index();
        let mut hits = Recorder {
            sentences: vec![Vec::new(); ruleset.groups.len()],
            last: vec![u32::MAX; ruleset.groups.len()],
            settled: vec![u32::MAX; ruleset.groups.len()],
            budgets: vec![(u32::MAX, 0); ruleset.groups.len()],
            tried: vec![u32::MAX; index.terms.len()],
        };
        let text = doc.text.as_bytes();
        let mut cursor = SentenceCursor::new(&doc.sentences);
        for m in index.anchors.find_overlapping_iter(text) {
            let Some((s, sentence)) = cursor.holding(m.start(), m.end()) else {
                continue;
            };
            let (from, to) = sentence.text;
            let hay = &text[from..to];
            let anchor = m.pattern().as_usize();
            let (before, after) = index.bounds[anchor];
            if (before && !boundary(hay, m.start() - from))
                || (after && !boundary(hay, m.end() - from))
            {
                continue;
            }
            for probe in &index.probes[anchor] {
                let group = probe.group as GroupId;
                if hits.has(group, s) || hits.settled[group] == s {
                    continue;
                }
                let sentence = &doc.text[from..to];
                let found = match &index.terms[probe.term as usize].matcher {
                    Matcher::Phrase(p) => {
                        match p.matches_at(hay, m.start() - from, hits.budget(group, s)) {
                            Some(found) => found,
                            // the phrase search gave up on this text: the group's
                            // regex settles the sentence for every term of the group
                            None => {
                                hits.settled[group] = s;
                                ruleset
                                    .group_scan_regex(group)
                                    .is_some_and(|re| re.is_match(sentence))
                            }
                        }
                    }
                    Matcher::Regex(re) if re.prefix => re.is_match_at(sentence, m.start() - from),
                    Matcher::Regex(re) if hits.first_try(probe.term, s) => re.is_match(sentence),
                    Matcher::Regex(_) => false,
                };
                if found {
                    hits.record(group, s);
                }
            }
        }
        if !index.unanchored.is_empty() {
            for (s, sentence) in doc.sentences.iter().enumerate() {
                let s = s as u32;
                let text = doc.sentence_text(sentence);
                for &t in &index.unanchored {
                    let group = index.terms[t as usize].group;
                    if !hits.has(group, s) && regex_matches(index, t, text) {
                        hits.record(group, s);
                    }
                }
            }
            for list in &mut hits.sentences {
                list.sort_unstable();
                list.dedup();
            }
        }
        Hits {
            sentences: hits.sentences,
        }
    }

    /// Sentences hit by a group, in document order.
    pub fn sentences(&self, group: GroupId) -> impl ExactSizeIterator<Item = usize> + '_ {
        self.sentences[group].iter().map(|&s| s as usize)
    }

    pub fn hits_sentence(&self, group: GroupId, sentence: usize) -> bool {
        u32::try_from(sentence).is_ok_and(|s| self.sentences[group].binary_search(&s).is_ok())
    }

    /// Sentences hit by every group (an empty list of groups hits nothing).
    pub fn all_of(&self, groups: &[GroupId]) -> Vec<usize> {
        let Some((first, rest)) = groups.split_first() else {
            return Vec::new();
        };
        self.sentences(*first)
            .filter(|&s| rest.iter().all(|g| self.hits_sentence(*g, s)))
            .collect()
    }
}

fn regex_matches(index: &TermIndex, term: u32, text: &str) -> bool {
    match &index.terms[term as usize].matcher {
        Matcher::Regex(re) => re.is_match(text),
        Matcher::Phrase(_) => unreachable!("regex terms are listed as regex terms"),
    }
}

/// Hits as they are found, in sentence order per group.
struct Recorder {
    sentences: Vec<Vec<u32>>,
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

    fn record(&mut self, group: GroupId, sentence: u32) {
        if !self.has(group, sentence) {
            self.last[group] = sentence;
            self.sentences[group].push(sentence);
        }
    }
}

/// Finds the sentence holding each anchor occurrence. Occurrences arrive
/// ordered by where they end, so the cursor moves forward and steps back at
/// most over a sentence or two for a long anchor.
struct SentenceCursor<'a> {
    sentences: &'a [Sentence],
    at: usize,
}

impl<'a> SentenceCursor<'a> {
    fn new(sentences: &'a [Sentence]) -> Self {
        SentenceCursor { sentences, at: 0 }
    }

    /// The sentence that holds all of `start..end`, if one does.
    fn holding(&mut self, start: usize, end: usize) -> Option<(u32, &'a Sentence)> {
        let all = self.sentences;
        while self.at < all.len() && all[self.at].text.1 < end {
            self.at += 1;
        }
        while self.at > 0 && all[self.at - 1].text.1 >= end {
            self.at -= 1;
        }
        let s = all.get(self.at)?;
        (s.text.0 <= start && end <= s.text.1).then_some((self.at as u32, s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Decoded, Syntax};

    #[test]
    fn terms_match_within_sentences_only() {
        let mut ruleset = Ruleset::default();
        ruleset
            .add(
                "t.toml",
                r#"
[ruleset]
id = "t"
title = "T"

[[rule]]
id = "r"
severity = "error"
title = "R"
message = "m"
help = "h"
sentence = [["third party", "/\\d+ days/"], ["child*"], ["sell"]]
"#,
            )
            .unwrap();
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
    }
}
