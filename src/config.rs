//! `policylint.toml`: which rulesets run, per-rule severity (or `off`), which
//! files a directory walk takes. Found by `--config FILE`, else the nearest
//! `policylint.toml` upward from the working directory.

use crate::check::extract::DateOrder;
use crate::error::SourceError;
use crate::ruleset::{Ruleset, Severity};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::Spanned;

pub const FILE_NAME: &str = "policylint.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Built-in ruleset names or TOML files (relative to the config file).
    #[serde(default)]
    pub rulesets: Vec<Spanned<String>>,
    /// Globs a walked file must match (relative to the config's folder).
    #[serde(default)]
    pub include: Vec<Spanned<String>>,
    /// Globs that exclude files, walked or named on the command line.
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    /// File extensions a directory walk takes.
    #[serde(default)]
    pub extensions: Option<Vec<String>>,
    /// How to read numeric dates such as 03/04/2018.
    #[serde(default)]
    pub date_order: Option<Spanned<String>>,
    #[serde(default)]
    pub rules: BTreeMap<String, Spanned<RuleConfig>>,
    /// Facts that switch conditional rules on or off: `sells_data = true`.
    #[serde(default)]
    pub facts: BTreeMap<String, Spanned<bool>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleConfig {
    /// "error", "warning", "info" or "off".
    #[serde(default)]
    pub severity: Option<Spanned<String>>,
    /// The lowest acceptable age, for rules that read one.
    #[serde(default)]
    pub min_age: Option<i64>,
}

/// A loaded configuration and the file it came from.
#[derive(Debug, Default)]
pub struct Loaded {
    pub config: Config,
    pub path: Option<PathBuf>,
    pub source: Option<Arc<str>>,
}

impl Loaded {
    /// The folder relative paths in the configuration start from.
    pub fn base(&self) -> PathBuf {
        self.path
            .as_ref()
            .and_then(|p| p.parent())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."))
    }

    fn origin(&self) -> String {
        self.path
            .as_ref()
            .map_or_else(|| FILE_NAME.to_string(), |p| p.display().to_string())
    }

    fn error(&self, span: Option<(usize, usize)>, message: impl Into<String>) -> SourceError {
        let source = self.source.clone().unwrap_or_else(|| Arc::from(""));
        SourceError::new(&self.origin(), &source, span, message)
    }

    pub fn date_order(&self) -> Result<DateOrder, Box<SourceError>> {
        match &self.config.date_order {
            None => Ok(DateOrder::MonthDay),
            Some(s) => match s.get_ref().as_str() {
                "month-day" => Ok(DateOrder::MonthDay),
                "day-month" => Ok(DateOrder::DayMonth),
                other => Err(Box::new(
                    self.error(
                        Some((s.span().start, s.span().end)),
                        format!("unknown date order `{other}`"),
                    )
                    .hint("expected `month-day` or `day-month`"),
                )),
            },
        }
    }

    /// Applies per-rule settings to the compiled rules: severities, `off`,
    /// minimum ages. A rule id that no loaded ruleset has is an error.
    pub fn apply(&self, ruleset: &mut Ruleset) -> Result<(), Vec<SourceError>> {
        let mut errors = Vec::new();
        let source = self.source.as_deref().unwrap_or("");
        for (id, settings) in &self.config.rules {
            let span = settings.span();
            if ruleset.rule(id).is_none() {
                let at = source
                    .find(&format!("[rules.{id}]"))
                    .map(|i| (i + 7, i + 7 + id.len()));
                let mut err = self.error(
                    at.or(Some((span.start, span.end))),
                    format!("unknown rule `{id}`"),
                );
                err = err.label("no loaded ruleset has this rule");
                if let Some(near) = closest(id, ruleset.rules.iter().map(|r| &*r.id)) {
                    err = err.hint(format!(
                        "did you mean `{near}`? `policylint rules` lists the rules"
                    ));
                } else {
                    err = err.hint("`policylint rules` lists the rules");
                }
                errors.push(err);
                continue;
            }
            let settings = settings.get_ref();
            if let Some(sev) = &settings.severity {
                let at = Some((sev.span().start, sev.span().end));
                match sev.get_ref().as_str() {
                    "off" => ruleset.rules.retain(|r| *r.id != **id),
                    other => match Severity::parse(other) {
                        Some(severity) => {
                            if let Some(rule) = ruleset.rules.iter_mut().find(|r| *r.id == **id) {
                                rule.severity = severity;
                            }
                        }
                        None => errors.push(
                            self.error(at, format!("unknown severity `{other}`"))
                                .label("not a severity")
                                .hint("expected one of `error`, `warning`, `info`, `off`"),
                        ),
                    },
                }
            }
            if let Some(min) = settings.min_age
                && let Some(rule) = ruleset.rules.iter_mut().find(|r| *r.id == **id)
            {
                let mut applied = false;
                for value in rule
                    .values
                    .iter_mut()
                    .filter(|v| v.extractor == crate::ruleset::Extractor::Age)
                {
                    value.min = Some(min);
                    applied = true;
                }
                if !applied {
                    errors.push(
                        self.error(
                            Some((span.start, span.end)),
                            format!("rule `{id}` reads no age"),
                        )
                        .hint("`min_age` applies to rules with an `age` value"),
                    );
                }
            }
        }
        let known: Vec<&str> = ruleset
            .rules
            .iter()
            .filter_map(|r| r.fact.as_deref())
            .collect();
        for (fact, value) in &self.config.facts {
            if known.contains(&fact.as_str()) {
                continue;
            }
            let at = source
                .find(&format!("{fact} ="))
                .map(|i| (i, i + fact.len()))
                .or(Some((value.span().start, value.span().end)));
            let mut facts = known.clone();
            facts.sort_unstable();
            facts.dedup();
            let err = self
                .error(at, format!("unknown fact `{fact}`"))
                .label("no loaded rule depends on this fact");
            errors.push(match closest(fact, facts.iter().copied()) {
                Some(near) => err.hint(format!("did you mean `{near}`?")),
                None if facts.is_empty() => {
                    err.hint("the loaded rulesets have no conditional rules")
                }
                None => err.hint(format!("facts the loaded rules use: {}", facts.join(", "))),
            });
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// The declared facts, for the checks.
    pub fn facts(&self) -> std::collections::HashMap<String, bool> {
        self.config
            .facts
            .iter()
            .map(|(k, v)| (k.clone(), *v.get_ref()))
            .collect()
    }
}

/// Reads the configuration: `explicit` if given, else the nearest
/// `policylint.toml` from `start` upward, else the defaults.
pub fn load(explicit: Option<&Path>, start: &Path) -> Result<Loaded, Box<SourceError>> {
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => discover(start),
    };
    let Some(path) = path else {
        return Ok(Loaded::default());
    };
    let origin = path.display().to_string();
    let text = std::fs::read_to_string(&path).map_err(|e| {
        SourceError::new(
            &origin,
            &Arc::from(""),
            None,
            format!("cannot read the configuration: {e}"),
        )
    })?;
    let source: Arc<str> = Arc::from(text.as_str());
    let config: Config = toml::from_str(&text).map_err(|e| {
        let span = e.span().map(|r| (r.start, r.end));
        Box::new(SourceError::new(
            &origin,
            &source,
            span,
            e.message().to_string(),
        ))
    })?;
    Ok(Loaded {
        config,
        path: Some(path),
        source: Some(source),
    })
}

fn discover(start: &Path) -> Option<PathBuf> {
    let start = start.canonicalize().unwrap_or_else(|_| start.to_path_buf());
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// The candidate nearest to `word` by edit distance, if it is close.
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_for_misspelt_rules() {
        let rules = ["children", "retention", "contact"];
        assert_eq!(closest("childern", rules.iter().copied()), Some("children"));
        assert_eq!(closest("xyz", rules.iter().copied()), None);
    }
}
