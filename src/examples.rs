//! Rule examples: each `[[rule.example]]` text must give the expected status
//! (and values, when given) for its rule. `cargo test` runs them for the
//! built-in rulesets; `policylint test` runs them for a user's own.

use crate::check::{self, CheckOptions};
use crate::document::{Decoded, Document, Syntax};
use crate::ruleset::Ruleset;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    pub rule: String,
    pub index: usize,
    pub text: String,
    pub problem: String,
}

/// Runs every example of every rule; returns the failures and how many ran.
pub fn run(ruleset: &Ruleset) -> (Vec<ExampleFailure>, usize) {
    let run_date = time::OffsetDateTime::now_utc().date();
    let mut failures = Vec::new();
    let mut count = 0;
    for (rule_index, rule) in ruleset.rules.iter().enumerate() {
        for (index, example) in rule.examples.iter().enumerate() {
            count += 1;
            let doc = Document::parse(
                Decoded {
                    text: example.text.clone(),
                    bom_len: 0,
                },
                Syntax::Markdown,
            );
            // freshness compares with the example's own date, else today
            let options = CheckOptions {
                today: Some(example.today.unwrap_or(run_date)),
                ..CheckOptions::default()
            };
            let (outcomes, _) = check::check(&doc, ruleset, &options);
            let outcome = &outcomes[rule_index];
            let mut fail = |problem: String| {
                failures.push(ExampleFailure {
                    rule: rule.id.to_string(),
                    index: index + 1,
                    text: example.text.clone(),
                    problem,
                })
            };
            if outcome.status != example.expect {
                fail(format!(
                    "expected {}, got {}",
                    example.expect.as_str(),
                    outcome.status.as_str()
                ));
                continue;
            }
            for (key, want) in example.values.iter().flatten() {
                let got = outcome.values.get(key);
                let want = toml_to_json(want);
                if got != Some(&want) {
                    fail(format!(
                        "value `{key}`: expected {want}, got {}",
                        got.map_or_else(|| "nothing".to_string(), ToString::to_string)
                    ));
                }
            }
        }
    }
    (failures, count)
}

fn toml_to_json(v: &toml::Value) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ruleset::BUILTIN;

    #[test]
    fn every_builtin_rule_example_holds() {
        for (name, text) in BUILTIN {
            let mut ruleset = Ruleset::default();
            if let Err(errors) = ruleset.add(name, text) {
                panic!("{name}: {}", errors[0]);
            }
            let (failures, count) = run(&ruleset);
            assert!(count > 0, "{name} has no examples");
            let report: Vec<String> = failures
                .iter()
                .map(|f| {
                    format!(
                        "{name}/{} example {}: {}\n    {}",
                        f.rule,
                        f.index,
                        f.problem,
                        f.text.trim()
                    )
                })
                .collect();
            assert!(failures.is_empty(), "{}", report.join("\n"));
            for rule in &ruleset.rules {
                assert!(
                    rule.examples
                        .iter()
                        .any(|e| e.expect == crate::ruleset::Status::Satisfied)
                        && rule
                            .examples
                            .iter()
                            .any(|e| e.expect != crate::ruleset::Status::Satisfied),
                    "{name}/{} needs examples that pass and fail",
                    rule.id
                );
            }
        }
    }
}
