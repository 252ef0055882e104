//! The TOML shape of a ruleset file, as written by rule authors. Unknown keys
//! are rejected; every value a later check may complain about keeps its span.

use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

pub type Terms = Vec<Spanned<String>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesetFile {
    pub ruleset: Spanned<RulesetMeta>,
    #[serde(default)]
    pub rule: Vec<Spanned<RuleDef>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesetMeta {
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    pub id: Spanned<String>,
    pub severity: Spanned<String>,
    pub title: String,
    /// What is missing or wrong, as a short lower-case fragment.
    pub message: String,
    /// An example clause the author can adapt.
    pub help: String,
    /// What the rule checks and why, for `policylint explain`.
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub cite: Vec<String>,
    /// The heading a missing clause would go under.
    #[serde(default)]
    pub section: Option<String>,
    /// A fact the rule depends on (`has_dpo`, `sells_data`...): declared
    /// false, the rule does not apply; undeclared, the rule infers it from
    /// its `when` pattern, and otherwise reports at info level.
    #[serde(default)]
    pub fact: Option<String>,
    /// Section headings that signal the topic.
    #[serde(default)]
    pub heading: Terms,
    /// One co-occurrence pattern: every group hits in one sentence.
    #[serde(default)]
    pub sentence: Vec<Terms>,
    /// More co-occurrence patterns.
    #[serde(default)]
    pub pattern: Vec<PatternDef>,
    /// Sentences with any of these terms never count as evidence.
    #[serde(default)]
    pub unless: Terms,
    /// The rule applies only when one sentence matches this pattern.
    #[serde(default)]
    pub when: Vec<Terms>,
    /// Text that must not appear.
    #[serde(default)]
    pub forbid: Terms,
    #[serde(default)]
    pub value: BTreeMap<String, Spanned<ValueDef>>,
    #[serde(default)]
    pub example: Vec<ExampleDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternDef {
    pub all: Vec<Terms>,
    /// Only in a section whose heading matches the rule's `heading`.
    #[serde(default)]
    pub in_section: bool,
    #[serde(default)]
    pub unless: Terms,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueDef {
    pub extract: Spanned<String>,
    /// Where to look: "evidence" (default), "section" or "document".
    #[serde(default)]
    pub scope: Option<Spanned<String>>,
    /// The rule is violated when the lowest value found is below this.
    #[serde(default)]
    pub min: Option<i64>,
    /// For dates: the rule is violated when the date is older than this
    /// many days (compared with `--today`).
    #[serde(default)]
    pub max_age_days: Option<i64>,
    /// The message when the value is below `min` (`{value}`, `{min}`) or a
    /// date is older than `max_age_days` (`{value}`, `{days}`, `{max}`).
    #[serde(default)]
    pub message_below: Option<String>,
    /// Finding a value satisfies the rule on its own.
    #[serde(default)]
    pub satisfies: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleDef {
    pub text: String,
    pub expect: Spanned<String>,
    /// The date freshness checks compare with (YYYY-MM-DD), so the example
    /// gives the same result every day.
    #[serde(default)]
    pub today: Option<Spanned<String>>,
    #[serde(default)]
    pub values: Option<toml::Table>,
}
