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
    // each sentence found, its rank (in a section, elsewhere, a heading) in
    // the top bits: one list, sorted once. A sentence's rank is the same for
    // every pattern, since it depends on its block and the rule's sections
    let mut found = Vec::new();
    // a block is in a matching section as the heading it lies under is (a
    // heading under itself): the answer for the last such heading is kept,
    // since a section's sentences come one after another
    let mut last: Option<(Option<usize>, bool)> = None;
    let mut inside = |block: usize| {
        let under = doc.heading_path(block).next();
        match last {
            Some((heading, inside)) if heading == under => inside,
            _ => {
                let inside = sections.contains(doc, block);
                last = Some((under, inside));
                inside
            }
        }
    };
    for pattern in &rule.patterns {
        let mut blocks = doc.sentence_blocks();
        let mut unless = [rule.unless, pattern.unless].map(|g| g.map(|g| hits.cursor(g)));
        for s in hits.all_of(&pattern.all) {
            if unless.iter_mut().flatten().any(|g| g.hits(s)) {
                continue;
            }
            let block = blocks.block_of(s);
            let inside = inside(block);
            let heading = matches!(doc.blocks[block].kind, BlockKind::Heading { .. });
            // an in-section pattern reads a section's body, not its heading
            if pattern.in_section && (!inside || heading) {
                continue;
            }
            let rank = if heading {
                HEADING
            } else if inside {
                IN_SECTION
            } else {
                ELSEWHERE
            };
            found.push(rank | s);
        }
    }
    found.sort_unstable();
    found.dedup();
    for s in &mut found {
        *s &= !RANKS;
    }
    found
}

/// A found sentence's rank, in the two top bits above its number (a
/// document's sentences are numbered in 32 bits, and on a 32-bit machine
/// memory runs out long before a document holds 2^30 of them).
const IN_SECTION: usize = 0;
const ELSEWHERE: usize = 1 << (usize::BITS - 2);
const HEADING: usize = 2 << (usize::BITS - 2);
const RANKS: usize = 3 << (usize::BITS - 2);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Decoded, Syntax};
    use crate::ruleset::Ruleset;

    #[test]
    fn in_section_first_then_the_rest_in_order_then_headings_each_once() {
        let ruleset = Ruleset::one_rule(
            r#"
heading = ["retention"]
sentence = [["keep*"]]

[[rule.pattern]]
all = [["data"]]
"#,
        );
        let text = "We keep logs.\n\n## Retention: what we keep\n\nWe keep data for a year. \
                    Nothing else.\n\n## Other\n\nWe keep your data safe.\n"
            .to_string();
        let doc = Document::parse(Decoded { text, bom_len: 0 }, Syntax::Markdown);
        let hits = Hits::scan(&doc, &ruleset);
        let rule = &ruleset.rules[0];
        let sections = Sections::find(&doc, &hits, rule.heading);
        let found: Vec<String> = matches(rule, &doc, &hits, &sections)
            .into_iter()
            .map(|s| doc.text(doc.sentences[s].text()).into_owned())
            .collect();
        // the sentences both patterns match are listed once
        assert_eq!(
            found,
            [
                "We keep data for a year.",
                "We keep logs.",
                "We keep your data safe.",
                "Retention: what we keep"
            ]
        );
    }
}
