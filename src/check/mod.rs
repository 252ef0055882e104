//! Evaluation: a compiled [`Ruleset`] applied to a [`Document`]. Each rule
//! yields one [`Outcome`]: satisfied, violated, not applicable or suppressed,
//! with the evidence it found and the values it extracted.

mod cooccurrence;
pub mod extract;
mod forbid;
mod heading;
mod hits;
mod suppress;
mod when;

use crate::document::Document;
use crate::ruleset::{Extractor, Rule, Ruleset, Scope, Status};
use extract::{ExtractOptions, Found};
use heading::Sections;
use hits::Hits;
use serde_json::{Map, Value};
pub use suppress::Suppressions;

/// How many evidence spans a rule reports at most: enough to list every
/// place a long policy addresses the topic.
const MAX_EVIDENCE: usize = 20;

/// A span of evidence in projected text, with what it shows.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceSpan {
    /// Range in [`Document::text`].
    pub text: (usize, usize),
    pub label: String,
}

#[derive(Debug, Clone)]
pub struct Outcome {
    pub status: Status,
    pub message: String,
    /// Primary evidence first.
    pub evidence: Vec<EvidenceSpan>,
    pub values: Map<String, Value>,
}

/// Per-rule settings a configuration may change.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub extract: ExtractOptions,
}

/// Checks every rule of `ruleset` against `doc`, in rule order.
pub fn check(
    doc: &Document,
    ruleset: &Ruleset,
    options: &CheckOptions,
) -> (Vec<Outcome>, Suppressions) {
    let hits = Hits::scan(doc, ruleset);
    let suppressions = Suppressions::find(doc, &|id| ruleset.rule(id).is_some());
    let outcomes = ruleset
        .rules
        .iter()
        .map(|rule| {
            let mut outcome = evaluate(rule, doc, &hits, options);
            apply_suppressions(rule, doc, &suppressions, &mut outcome);
            outcome
        })
        .collect();
    (outcomes, suppressions)
}

fn evaluate(rule: &Rule, doc: &Document, hits: &Hits, options: &CheckOptions) -> Outcome {
    let mut outcome = Outcome {
        status: Status::Satisfied,
        message: rule.message.clone(),
        evidence: Vec::new(),
        values: Map::new(),
    };
    if when::trigger(rule, hits).is_none() {
        outcome.status = Status::NotApplicable;
        return outcome;
    }

    let sections = Sections::find(doc, hits, rule.heading);
    let evidence = cooccurrence::matches(rule, doc, hits, &sections);

    // values
    let mut satisfied_by_value = false;
    let mut needs_value = false;
    let mut below: Option<(Found, i64, &str)> = None;
    for spec in &rule.values {
        let ranges = scope_ranges(spec.scope, doc, &evidence, &sections);
        let found = extract::extract(spec.extractor, &doc.text, &ranges, options.extract);
        needs_value |= spec.satisfies;
        satisfied_by_value |= spec.satisfies && !found.is_empty();
        let value = match spec.extractor {
            Extractor::Age => {
                let lowest = found
                    .iter()
                    .min_by_key(|f| f.value.as_i64().unwrap_or(i64::MAX));
                if let (Some(f), Some(min)) = (lowest, spec.min)
                    && f.value.as_i64().is_some_and(|v| v < min)
                {
                    below = Some((f.clone(), min, spec.message_below.as_deref().unwrap_or("")));
                }
                lowest.map(|f| f.value.clone())
            }
            Extractor::Date => found.first().map(|f| f.value.clone()),
            _ => {
                // every occurrence is evidence; each value is listed once
                let mut list: Vec<Value> = Vec::new();
                for f in &found {
                    if !list.contains(&f.value) {
                        list.push(f.value.clone());
                    }
                }
                Some(Value::Array(list))
            }
        };
        if let Some(value) = value {
            outcome.values.insert(spec.key.clone(), value);
        }
        if spec.satisfies {
            for f in &found {
                outcome.evidence.push(EvidenceSpan {
                    text: f.span,
                    label: spec.key.trim_end_matches('s').replace('_', " "),
                });
            }
        }
    }

    let forbidden = forbid::matches(rule, doc, hits);
    if !forbidden.is_empty() {
        outcome.status = Status::Violated;
        outcome.evidence = forbidden
            .into_iter()
            .map(|text| EvidenceSpan {
                text,
                label: "not allowed".into(),
            })
            .collect();
        return outcome;
    }

    if let Some((found, min, template)) = below {
        outcome.status = Status::Violated;
        let value = found.value.to_string();
        outcome.message = if template.is_empty() {
            format!("the policy states {value}; the ruleset requires at least {min}")
        } else {
            template
                .replace("{value}", &value)
                .replace("{min}", &min.to_string())
        };
        let sentence = doc.sentence_at(found.span.0);
        outcome.evidence.insert(
            0,
            EvidenceSpan {
                text: found.span,
                label: "stated age".into(),
            },
        );
        if let Some(s) = sentence {
            outcome.evidence.push(EvidenceSpan {
                text: doc.sentences[s].text,
                label: String::new(),
            });
        }
        return outcome;
    }

    let satisfied = if needs_value {
        satisfied_by_value
    } else {
        !evidence.is_empty() || rule.patterns.is_empty()
    };
    if !satisfied {
        outcome.status = Status::Violated;
        outcome.evidence.clear();
        return outcome;
    }
    if !needs_value {
        outcome
            .evidence
            .extend(evidence.iter().take(MAX_EVIDENCE).map(|&s| EvidenceSpan {
                text: doc.sentences[s].text,
                label: String::new(),
            }));
    }
    outcome.evidence.truncate(MAX_EVIDENCE);
    outcome
}

/// The projected ranges a value extractor searches.
fn scope_ranges(
    scope: Scope,
    doc: &Document,
    evidence: &[usize],
    sections: &Sections,
) -> Vec<(usize, usize)> {
    let mut sentences: Vec<usize> = match scope {
        Scope::Document => return vec![(0, doc.text.len())],
        Scope::Evidence => evidence.to_vec(),
        Scope::Section => {
            let mut all = evidence.to_vec();
            for &h in sections.headings() {
                all.extend(sections.body(doc, h));
            }
            all
        }
    };
    sentences.sort_unstable();
    sentences.dedup();
    sentences
        .into_iter()
        .map(|s| doc.sentences[s].text)
        .collect()
}

fn apply_suppressions(
    rule: &Rule,
    doc: &Document,
    suppressions: &Suppressions,
    outcome: &mut Outcome,
) {
    if suppressions.file_disables(&rule.id) {
        outcome.status = Status::Suppressed;
        return;
    }
    if outcome.status == Status::Violated
        && let Some(first) = outcome.evidence.first()
    {
        let (start, _) = doc.source_span(first.text);
        if suppressions.line_disables(&rule.id, doc.lines.line_of(start)) {
            outcome.status = Status::Suppressed;
        }
    }
}
