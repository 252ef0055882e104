//! Forbidden text: any match of the rule's `forbid` terms, outside sentences
//! its `unless` terms excuse.

use super::hits::Hits;
use crate::document::Document;
use crate::ruleset::{Rule, Ruleset};

/// Projected spans of forbidden text.
pub fn matches(rule: &Rule, doc: &Document, hits: &Hits, ruleset: &Ruleset) -> Vec<(usize, usize)> {
    let Some(group) = rule.forbid else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut unless = rule.unless.map(|u| hits.cursor(u));
    for s in hits.sentences(group) {
        if unless.as_mut().is_some_and(|u| u.hits(s)) {
            continue;
        }
        // the set said which sentences; the group's own regex says where
        let (start, end) = doc.sentences[s].text();
        match ruleset.group_regex(group) {
            Some(regex) => out.extend(
                regex
                    .find_iter(&doc.text((start, end)))
                    .map(|m| (start + m.start(), start + m.end())),
            ),
            None => out.push((start, end)),
        }
    }
    out
}
