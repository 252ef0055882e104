//! Sentence co-occurrence patterns: every term group of a pattern hits one
//! sentence. In-section patterns count only under a matching heading.

use super::heading::Sections;
use super::hits::Hits;
use crate::document::{BlockKind, Document};
use crate::ruleset::Rule;

/// Sentences that match any of the rule's patterns, strongest first: matches
/// inside a section the rule's heading names, then the rest in document
/// order, then headings (a heading that says it is rarely the clause itself).
pub fn matches(rule: &Rule, doc: &Document, hits: &Hits, sections: &Sections) -> Vec<usize> {
    let mut in_section = Vec::new();
    let mut elsewhere = Vec::new();
    let mut headings = Vec::new();
    for pattern in &rule.patterns {
        for s in hits.all_of(&pattern.all) {
            let excluded = |g: Option<usize>| g.is_some_and(|g| hits.hits_sentence(g, s));
            if excluded(rule.unless) || excluded(pattern.unless) {
                continue;
            }
            let block = doc.sentence_block(s);
            let inside = sections.contains(doc, block);
            let heading = matches!(doc.blocks[block].kind, BlockKind::Heading { .. });
            // an in-section pattern reads a section's body, not its heading
            if pattern.in_section && (!inside || heading) {
                continue;
            }
            if heading {
                headings.push(s);
            } else if inside {
                in_section.push(s);
            } else {
                elsewhere.push(s);
            }
        }
    }
    in_section.sort_unstable();
    in_section.dedup();
    elsewhere.sort_unstable();
    elsewhere.dedup();
    elsewhere.retain(|s| in_section.binary_search(s).is_err());
    headings.sort_unstable();
    headings.dedup();
    in_section.extend(elsewhere);
    in_section.extend(headings);
    in_section
}
