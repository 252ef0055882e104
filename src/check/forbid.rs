//! Forbidden text: any match of the rule's `forbid` terms, outside sentences
//! its `unless` terms excuse.

use super::hits::Hits;
use crate::document::Document;
use crate::ruleset::Rule;

/// Projected spans of forbidden text.
pub fn matches(rule: &Rule, doc: &Document, hits: &Hits) -> Vec<(usize, usize)> {
    let Some(group) = rule.forbid else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for &s in hits.sentences(group) {
        if rule.unless.is_some_and(|u| hits.hits_sentence(u, s)) {
            continue;
        }
        out.extend(hits.spans_in(group, doc.sentences[s].text));
    }
    out
}
