//! `when` conditions: a rule applies only if one sentence matches its
//! trigger pattern (data is sold → an opt-out is required).

use super::hits::Hits;
use crate::ruleset::Rule;

/// The first sentence that triggers the rule; `Some(None)` when the rule has
/// no condition, `None` when the condition does not hold.
pub fn trigger(rule: &Rule, hits: &Hits) -> Option<Option<usize>> {
    if rule.when.is_empty() {
        return Some(None);
    }
    hits.all_of(&rule.when).next().map(Some)
}
