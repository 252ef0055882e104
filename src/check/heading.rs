//! Heading evidence: sections whose heading (or any heading above them)
//! signals the rule's topic.

use super::hits::Hits;
use crate::document::{BlockKind, Document};
use crate::ruleset::GroupId;

/// The heading blocks a group matches, and membership of any block in one of
/// their sections.
pub struct Sections {
    headings: Vec<usize>,
}

impl Sections {
    pub fn find(doc: &Document, hits: &Hits, group: Option<GroupId>) -> Sections {
        let mut headings: Vec<usize> = group
            .map(|g| {
                let mut blocks = doc.sentence_blocks();
                hits.sentences(g)
                    .map(|s| blocks.block_of(s))
                    .filter(|b| matches!(doc.blocks[*b].kind, BlockKind::Heading { .. }))
                    .collect()
            })
            .unwrap_or_default();
        headings.dedup();
        Sections { headings }
    }

    pub fn headings(&self) -> &[usize] {
        &self.headings
    }

    /// Whether a block lies in a matching section (under a matching heading at
    /// any level).
    pub fn contains(&self, doc: &Document, block: usize) -> bool {
        !self.headings.is_empty()
            && doc
                .heading_path(block)
                .any(|h| self.headings.binary_search(&h).is_ok())
    }

    /// The sentences of the body of a matching section, up to the next
    /// heading of the same or a higher level.
    pub fn body(&self, doc: &Document, heading: usize) -> std::ops::Range<usize> {
        let start = doc.block_sentences(heading).end;
        let level = match doc.blocks[heading].kind {
            BlockKind::Heading { level } => level,
            _ => 0,
        };
        let end_block = doc.blocks[heading + 1..]
            .iter()
            .position(|b| matches!(b.kind, BlockKind::Heading { level: l } if l <= level))
            .map_or(doc.blocks.len(), |i| heading + 1 + i);
        let end = if end_block < doc.blocks.len() {
            doc.block_sentences(end_block).start
        } else {
            doc.sentences.len()
        };
        start..end.max(start)
    }
}
