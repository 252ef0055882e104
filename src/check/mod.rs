//! Evaluation: a compiled [`Ruleset`] applied to a [`Document`]. Each rule
//! yields one [`Outcome`]: satisfied, violated, not applicable or suppressed,
//! with the evidence it found and the values it extracted.

mod cooccurrence;
pub mod extract;
mod forbid;
mod heading;
mod hit_sets;
pub mod hits;
mod suppress;
mod values;
mod when;

use crate::document::Document;
use crate::ruleset::{Extractor, Rule, Ruleset, Severity, Status, ValueSpec};
use extract::{ExtractOptions, Found};
use heading::Sections;
use hits::Hits;
use serde_json::{Map, Value};
use std::collections::HashMap;
pub use suppress::Suppressions;
use time::Date;
use values::find_values;

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
    /// Set when the outcome's severity differs from the rule's: a
    /// conditional rule whose fact is unknown reports at `info`.
    pub severity: Option<Severity>,
    /// A message of the outcome's own (a stated age below the minimum); none
    /// for the rule's, which most outcomes (satisfied ones) never show.
    pub message: Option<String>,
    /// Primary evidence first.
    pub evidence: Vec<EvidenceSpan>,
    pub values: Map<String, Value>,
}

/// Settings a run applies to every document.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub extract: ExtractOptions,
    /// Facts declared in the configuration (`[facts] sells_data = true`).
    pub facts: HashMap<String, bool>,
    /// The date freshness checks compare with (`--today`, else the current
    /// date); `None` skips them.
    pub today: Option<Date>,
}

/// Checks every rule of `ruleset` against `doc`, in rule order.
pub fn check(
    doc: &Document,
    ruleset: &Ruleset,
    options: &CheckOptions,
) -> (Vec<Outcome>, Suppressions) {
    check_with_hits(doc, &Hits::scan(doc, ruleset), ruleset, options)
}

/// [`check`] with the document's term hits already found, by a
/// [`hits::Scan`] fed while the document was parsed.
pub fn check_with_hits(
    doc: &Document,
    hits: &Hits,
    ruleset: &Ruleset,
    options: &CheckOptions,
) -> (Vec<Outcome>, Suppressions) {
    check_batch(&[(doc, hits)], ruleset, options, |_| {})
        .pop()
        .expect("one result for one document")
}

/// [`check_with_hits`] for several documents at once, rule by rule: each
/// rule is applied to every document before the next rule is, so its
/// extractors' and patterns' tables are used again while they are still in
/// the processor's caches, where checking a document whole has every other
/// rule's work come between (over the bench tree, batches of 32 took a
/// tenth off the whole run's time). `working_on` is told the index of each
/// document before its work starts. Results are in document order.
pub fn check_batch(
    docs: &[(&Document, &Hits)],
    ruleset: &Ruleset,
    options: &CheckOptions,
    working_on: impl Fn(usize),
) -> Vec<(Vec<Outcome>, Suppressions)> {
    let mut results: Vec<(Vec<Outcome>, Suppressions)> = docs
        .iter()
        .enumerate()
        .map(|(k, (doc, _))| {
            working_on(k);
            let suppressions = Suppressions::find(doc, &|id| ruleset.rule(id).is_some());
            (Vec::with_capacity(ruleset.rules.len()), suppressions)
        })
        .collect();
    for rule in &ruleset.rules {
        for (k, ((doc, hits), (outcomes, suppressions))) in
            docs.iter().zip(&mut results).enumerate()
        {
            working_on(k);
            let mut outcome = evaluate(rule, doc, hits, ruleset, options);
            apply_suppressions(rule, doc, suppressions, &mut outcome);
            outcomes.push(outcome);
        }
    }
    results
}

fn evaluate(
    rule: &Rule,
    doc: &Document,
    hits: &Hits,
    ruleset: &Ruleset,
    options: &CheckOptions,
) -> Outcome {
    let mut outcome = Outcome {
        status: Status::Satisfied,
        severity: None,
        message: None,
        evidence: Vec::new(),
        values: Map::new(),
    };
    let triggered = when::trigger(rule, hits).is_some();
    let mut unconfirmed = None;
    match rule.fact.as_deref().map(|f| (f, options.facts.get(f))) {
        Some((_, Some(false))) => {
            outcome.status = Status::NotApplicable;
            return outcome;
        }
        Some((_, Some(true))) => {}
        // an undeclared fact is inferred from the text where the rule can
        Some((fact, None)) if !triggered || rule.when.is_empty() => unconfirmed = Some(fact),
        Some((_, None)) => {}
        None if !triggered => {
            outcome.status = Status::NotApplicable;
            return outcome;
        }
        None => {}
    }
    evaluate_applicable(rule, doc, hits, ruleset, options, &mut outcome);
    if let Some(fact) = unconfirmed
        && outcome.status == Status::Violated
    {
        // not known to apply: a note to confirm, never an error
        outcome.severity = Some(Severity::Info);
        outcome.message = Some(format!(
            "confirm whether this applies (set `{fact}` under [facts] in policylint.toml): {}",
            outcome.message.as_deref().unwrap_or(&rule.message)
        ));
    }
    outcome
}

fn evaluate_applicable(
    rule: &Rule,
    doc: &Document,
    hits: &Hits,
    ruleset: &Ruleset,
    options: &CheckOptions,
    outcome: &mut Outcome,
) {
    let sections = Sections::find(doc, hits, rule.heading);
    let evidence = cooccurrence::matches(rule, doc, hits, &sections);

    // values
    let mut satisfied_by_value = false;
    let mut needs_value = false;
    let mut below: Option<(Found, i64, &str)> = None;
    let mut stale: Option<(Found, i64, &ValueSpec)> = None;
    // where each value that satisfies the rule was found, and by which spec:
    // a long document has thousands, and most outcomes report a few
    let mut found_at: Vec<((usize, usize), usize)> = Vec::new();
    let all_found = find_values(&rule.values, doc, &evidence, &sections, options.extract);
    for (k, (spec, found)) in rule.values.iter().zip(all_found).enumerate() {
        needs_value |= spec.satisfies;
        satisfied_by_value |= spec.satisfies && !found.spans.is_empty();
        let value = match spec.extractor {
            Extractor::Age => {
                let lowest = found.lowest.as_ref();
                if let (Some(f), Some(min)) = (lowest, spec.min)
                    && f.value.as_i64().is_some_and(|v| v < min)
                {
                    below = Some((f.clone(), min, spec.message_below.as_deref().unwrap_or("")));
                }
                lowest.map(|f| f.value.clone())
            }
            Extractor::Date => {
                if let (Some(f), Some(max), Some(today)) =
                    (&found.first, spec.max_age_days, options.today)
                    && let Some(age) = f.value.as_str().and_then(|d| days_before(d, today))
                    && age > max
                {
                    stale = Some((f.clone(), age, spec));
                }
                found.first.map(|f| f.value)
            }
            // every occurrence is evidence; each value is listed once
            _ => Some(Value::Array(found.distinct)),
        };
        if let Some(value) = value {
            outcome.values.insert(spec.key.clone(), value);
        }
        if spec.satisfies {
            found_at.extend(found.spans.iter().map(|&span| (span, k)));
        }
    }
    let value_evidence = |limit: usize| {
        found_at.iter().take(limit).map(|&(text, k)| EvidenceSpan {
            text,
            label: rule.values[k].label.clone(),
        })
    };

    let forbidden = forbid::matches(rule, doc, hits, ruleset);
    if !forbidden.is_empty() {
        outcome.status = Status::Violated;
        outcome.evidence = forbidden
            .into_iter()
            .map(|text| EvidenceSpan {
                text,
                label: "not allowed".into(),
            })
            .collect();
        return;
    }

    if let Some((found, min, template)) = below {
        outcome.status = Status::Violated;
        let value = found.value.to_string();
        outcome.message = Some(if template.is_empty() {
            format!("the policy states {value}; the ruleset requires at least {min}")
        } else {
            template
                .replace("{value}", &value)
                .replace("{min}", &min.to_string())
        });
        let sentence = doc.sentence_at(found.span.0);
        outcome.evidence.push(EvidenceSpan {
            text: found.span,
            label: "stated age".into(),
        });
        outcome.evidence.extend(value_evidence(usize::MAX));
        if let Some(s) = sentence {
            outcome.evidence.push(EvidenceSpan {
                text: doc.sentences[s].text(),
                label: String::new(),
            });
        }
        return;
    }

    if let Some((found, age, spec)) = stale {
        outcome.status = Status::Violated;
        let date = found.value.as_str().unwrap_or_default().to_string();
        let max = spec.max_age_days.unwrap_or_default();
        outcome.message = Some(match &spec.message_below {
            Some(t) => t
                .replace("{value}", &date)
                .replace("{days}", &age.to_string())
                .replace("{max}", &max.to_string()),
            None => format!(
                "the policy was last updated on {date}, {age} days ago; the ruleset allows at most {max}"
            ),
        });
        outcome.evidence.push(EvidenceSpan {
            text: found.span,
            label: "stated date".into(),
        });
        outcome.evidence.extend(value_evidence(usize::MAX));
        return;
    }

    let satisfied = if needs_value {
        satisfied_by_value
    } else {
        !evidence.is_empty() || rule.patterns.is_empty()
    };
    if !satisfied {
        outcome.status = Status::Violated;
        return;
    }
    outcome.evidence.extend(value_evidence(MAX_EVIDENCE));
    if !needs_value {
        outcome
            .evidence
            .extend(evidence.iter().take(MAX_EVIDENCE).map(|&s| EvidenceSpan {
                text: doc.sentences[s].text(),
                label: String::new(),
            }));
    }
    outcome.evidence.truncate(MAX_EVIDENCE);
}

/// Days from an ISO date ("2018-05-25", or "2018-05" read as the month's last
/// day) to `today`.
fn days_before(iso: &str, today: Date) -> Option<i64> {
    let mut parts = iso.split('-').map(|p| p.parse::<i32>().ok());
    let (year, month) = (parts.next()??, parts.next()??);
    let month = time::Month::try_from(u8::try_from(month).ok()?).ok()?;
    let day = match parts.next() {
        Some(d) => u8::try_from(d?).ok()?,
        None => month.length(year),
    };
    let date = Date::from_calendar_date(year, month, day).ok()?;
    Some((today - date).whole_days())
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
