//! Rulesets: TOML → validated, compiled rules. Every term of every rule is
//! compiled once per run into a shared table of term groups, and every term
//! into one index ([`index::TermIndex`]), so a document is scanned once for
//! all of them however many rules use them.

pub mod anchors;
pub mod index;
pub mod phrase;
mod schema;
pub mod term;

pub use crate::error::SourceError;

use index::{Matcher, TermIndex};
use regex::Regex;
use schema::{RuleDef, RulesetFile, Terms};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};
use toml::Spanned;

/// Built-in rulesets, embedded in the binary.
pub const BUILTIN: &[(&str, &str)] = &[
    ("core", include_str!("../../rules/core.toml")),
    ("gdpr", include_str!("../../rules/gdpr.toml")),
    ("ccpa", include_str!("../../rules/ccpa.toml")),
    ("coppa", include_str!("../../rules/coppa.toml")),
    ("caloppa", include_str!("../../rules/caloppa.toml")),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// The outcome of one rule on one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Satisfied,
    Violated,
    NotApplicable,
    Suppressed,
}

impl Status {
    pub fn parse(s: &str) -> Option<Status> {
        match s {
            "satisfied" => Some(Status::Satisfied),
            "violated" => Some(Status::Violated),
            "not-applicable" => Some(Status::NotApplicable),
            "suppressed" => Some(Status::Suppressed),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Satisfied => "satisfied",
            Status::Violated => "violated",
            Status::NotApplicable => "not-applicable",
            Status::Suppressed => "suppressed",
        }
    }
}

/// Index of a compiled term group in [`Ruleset::groups`].
pub type GroupId = usize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extractor {
    Age,
    Email,
    PostalAddress,
    Phone,
    Duration,
    Date,
    Destination,
}

impl Extractor {
    pub const ALL: [(&'static str, Extractor); 7] = [
        ("age", Extractor::Age),
        ("email", Extractor::Email),
        ("postal-address", Extractor::PostalAddress),
        ("phone", Extractor::Phone),
        ("duration", Extractor::Duration),
        ("date", Extractor::Date),
        ("destination", Extractor::Destination),
    ];

    fn parse(s: &str) -> Option<Extractor> {
        Self::ALL.iter().find(|(n, _)| *n == s).map(|(_, e)| *e)
    }

    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, e)| *e == self)
            .map_or("", |(n, _)| n)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Evidence,
    Section,
    Document,
}

#[derive(Debug, Clone)]
pub struct ValueSpec {
    pub key: String,
    /// What each value's evidence is labelled: the key in the singular.
    pub label: String,
    pub extractor: Extractor,
    pub scope: Scope,
    pub min: Option<i64>,
    /// For dates: violated when the date is older than this many days.
    pub max_age_days: Option<i64>,
    pub message_below: Option<String>,
    pub satisfies: bool,
}

#[derive(Debug, Clone)]
pub struct Pattern {
    pub all: Vec<GroupId>,
    pub in_section: bool,
    pub unless: Option<GroupId>,
}

#[derive(Debug, Clone)]
pub struct Example {
    pub text: String,
    pub expect: Status,
    pub today: Option<time::Date>,
    pub values: Option<toml::Table>,
}

#[derive(Debug, Clone)]
pub struct Rule {
    /// Shared with every report of the rule, as are the title, help, section
    /// and citations: a run reports each rule once per file.
    pub id: Arc<str>,
    /// Index into [`Ruleset::packs`].
    pub pack: usize,
    pub severity: Severity,
    pub title: Arc<str>,
    pub message: String,
    pub help: Arc<str>,
    pub description: Option<String>,
    pub cite: Arc<[String]>,
    pub section: Option<Arc<str>>,
    /// A fact (declared in `[facts]`) the rule depends on.
    pub fact: Option<String>,
    pub heading: Option<GroupId>,
    pub patterns: Vec<Pattern>,
    pub unless: Option<GroupId>,
    pub when: Vec<GroupId>,
    pub forbid: Option<GroupId>,
    pub values: Vec<ValueSpec>,
    pub examples: Vec<Example>,
}

/// One ruleset file: its id, title and where it came from.
#[derive(Debug, Clone)]
pub struct Pack {
    pub id: Arc<str>,
    pub title: String,
    pub description: Option<String>,
    pub origin: String,
}

/// Every active rule of a run, compiled.
#[derive(Debug, Default)]
pub struct Ruleset {
    pub packs: Vec<Pack>,
    pub rules: Vec<Rule>,
    /// Regex source of each term group.
    pub groups: Vec<String>,
    /// Each group's own regex, compiled when first needed (for forbidden
    /// spans); scanning goes through the index.
    group_regexes: Vec<OnceLock<Option<Regex>>>,
    /// Each group as the scan falls back to it (see [`Ruleset::group_scan_regex`]).
    group_scan_regexes: Vec<OnceLock<Option<crate::pattern::TermRegex>>>,
    group_index: HashMap<String, GroupId>,
    /// Every term of every group, in the order loaded.
    terms: Vec<index::Term>,
    /// The terms indexed for one pass over a document; built on first use,
    /// when every ruleset is loaded.
    index: OnceLock<TermIndex>,
}

impl Ruleset {
    /// Loads a built-in ruleset by name.
    pub fn builtin(name: &str) -> Option<&'static str> {
        BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
    }

    /// Parses, validates and compiles one ruleset file into this run's rules.
    /// Reports every problem in the file, not only the first.
    pub fn add(&mut self, origin: &str, text: &str) -> Result<(), Vec<SourceError>> {
        let source: Arc<str> = Arc::from(text);
        let file: RulesetFile = toml::from_str(text).map_err(|e| {
            let message = e.message().to_string();
            let hint = hint_for_toml_error(&message);
            let mut err =
                SourceError::new(origin, &source, e.span().map(|r| (r.start, r.end)), message);
            if let Some(hint) = hint {
                err = err.hint(hint);
            }
            vec![err]
        })?;
        let mut errors = Vec::new();
        let meta = file.ruleset.into_inner();
        if self.packs.iter().any(|p| *p.id == **meta.id.get_ref()) {
            errors.push(
                SourceError::new(
                    origin,
                    &source,
                    Some(span(&meta.id)),
                    format!("ruleset `{}` is loaded twice", meta.id.get_ref()),
                )
                .label("already loaded"),
            );
        }
        let pack = self.packs.len();
        self.packs.push(Pack {
            id: meta.id.get_ref().as_str().into(),
            title: meta.title,
            description: meta.description,
            origin: origin.to_string(),
        });
        let mut compiler = Compiler {
            origin,
            source: &source,
            errors: &mut errors,
            groups: &mut self.groups,
            group_regexes: &mut self.group_regexes,
            group_scan_regexes: &mut self.group_scan_regexes,
            group_index: &mut self.group_index,
            terms: &mut self.terms,
            term_regexes: HashMap::new(),
        };
        let mut rules = Vec::new();
        for def in file.rule {
            if let Some(rule) = compiler.rule(def.into_inner(), pack) {
                rules.push(rule);
            }
        }
        for (i, rule) in rules.iter().enumerate() {
            let earlier = self
                .rules
                .iter()
                .chain(&rules[..i])
                .any(|r| r.id == rule.id);
            if earlier {
                errors.push(
                    SourceError::new(
                        origin,
                        &source,
                        find_id_span(text, &rule.id),
                        format!("duplicate rule id `{}`", rule.id),
                    )
                    .label("this id is already used")
                    .hint("rule ids are unique across all loaded rulesets"),
                );
            }
        }
        if errors.is_empty() {
            self.rules.extend(rules);
            Ok(())
        } else {
            self.packs.pop();
            Err(errors)
        }
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| &*r.id == id)
    }

    /// One group's regex, to say where in a sentence it matches; `None` if
    /// it is too large to compile (the sentence itself is then the span).
    pub fn group_regex(&self, group: GroupId) -> Option<&Regex> {
        self.group_regexes[group]
            .get_or_init(|| crate::pattern::compile(&self.groups[group]).ok())
            .as_ref()
    }

    /// One group's regex in the scan's ASCII mode, for a sentence where a
    /// phrase search ran out of budget; `None` if it is too large to compile.
    pub fn group_scan_regex(&self, group: GroupId) -> Option<&crate::pattern::TermRegex> {
        self.group_scan_regexes[group]
            .get_or_init(|| crate::pattern::TermRegex::new(&self.groups[group]).ok())
            .as_ref()
    }

    /// Every term, indexed for one pass over a document.
    pub fn index(&self) -> &TermIndex {
        self.index.get_or_init(|| {
            let needs = index::Need::of(&self.rules, self.groups.len());
            TermIndex::new(self.terms.clone(), &needs)
        })
    }
}

/// The label of one value's evidence: its key in the singular, in words
/// ("postal_addresses" labels each address "postal address").
fn value_label(key: &str) -> String {
    let one = if let Some(stem) = key.strip_suffix("ies") {
        format!("{stem}y")
    } else if ["sses", "shes", "ches", "xes", "zes"]
        .iter()
        .any(|end| key.ends_with(end))
    {
        key[..key.len() - 2].to_string()
    } else if key.ends_with('s') && !key.ends_with("ss") {
        key[..key.len() - 1].to_string()
    } else {
        key.to_string()
    };
    one.replace('_', " ")
}

fn span<T>(s: &Spanned<T>) -> (usize, usize) {
    let r = s.span();
    (r.start, r.end)
}

fn find_id_span(text: &str, id: &str) -> Option<(usize, usize)> {
    let needle = format!("\"{id}\"");
    text.rfind(&needle).map(|i| (i, i + needle.len()))
}

fn hint_for_toml_error(message: &str) -> Option<String> {
    if message.contains("unknown field") {
        let expected = message.split("expected").nth(1).map(str::trim);
        return Some(match expected {
            Some(list) => format!("expected {list}"),
            None => "remove the key or check its spelling".to_string(),
        });
    }
    if message.contains("missing field") {
        return Some("every rule needs id, severity, title, message and help".to_string());
    }
    None
}

/// `2025-03-03` as a date.
pub fn parse_iso_date(s: &str) -> Option<time::Date> {
    let mut parts = s.trim().split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let month = time::Month::try_from(m.parse::<u8>().ok()?).ok()?;
    time::Date::from_calendar_date(y.parse().ok()?, month, d.parse().ok()?).ok()
}

fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && id.starts_with(|c: char| c.is_ascii_lowercase())
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

struct Compiler<'a> {
    origin: &'a str,
    source: &'a Arc<str>,
    errors: &'a mut Vec<SourceError>,
    groups: &'a mut Vec<String>,
    group_regexes: &'a mut Vec<OnceLock<Option<Regex>>>,
    group_scan_regexes: &'a mut Vec<OnceLock<Option<crate::pattern::TermRegex>>>,
    group_index: &'a mut HashMap<String, GroupId>,
    terms: &'a mut Vec<index::Term>,
    /// Each regex term compiled so far, by its source: several groups hold
    /// the same one (`/(?-i:\bEU\b)/` in three).
    term_regexes: HashMap<String, crate::pattern::TermRegex>,
}

impl Compiler<'_> {
    fn error(&mut self, at: (usize, usize), message: impl Into<String>) -> &mut SourceError {
        self.errors.push(SourceError::new(
            self.origin,
            self.source,
            Some(at),
            message,
        ));
        self.errors.last_mut().expect("just pushed")
    }

    fn rule(&mut self, def: RuleDef, pack: usize) -> Option<Rule> {
        let before = self.errors.len();
        let id = def.id.get_ref().clone();
        if !is_kebab_case(&id) {
            let e = self.error(span(&def.id), format!("rule id `{id}` is not kebab-case"));
            e.label = "rule ids are lower-case words joined by hyphens".into();
            e.hint = Some(format!(
                "for example `{}`",
                id.to_lowercase().replace(['_', ' '], "-")
            ));
        }
        let severity = Severity::parse(def.severity.get_ref());
        if severity.is_none() {
            let e = self.error(
                span(&def.severity),
                format!("unknown severity `{}`", def.severity.get_ref()),
            );
            e.label = "not a severity".into();
            e.hint = Some("expected one of `error`, `warning`, `info`".into());
        }
        let heading = self.group(&def.heading);
        let unless = self.group(&def.unless);
        let forbid = self.group(&def.forbid);
        // forbidden words are pointed at with the group's own regex, which
        // many wildcards can make too big to compile
        let wildcards: usize = def
            .forbid
            .iter()
            .map(|t| t.get_ref().matches('*').count())
            .sum();
        if let Some(group) = forbid
            && wildcards > 8
            && let Err(err) = crate::pattern::compile(&self.groups[group])
        {
            let first = &def.forbid[0];
            self.error(span(first), format!("terms do not compile: {err}"));
        }
        let mut patterns = Vec::new();
        if !def.sentence.is_empty() {
            patterns.push(Pattern {
                all: self.groups_of(&def.sentence),
                in_section: false,
                unless: None,
            });
        }
        for p in &def.pattern {
            if p.all.is_empty() {
                let at = span(&def.id);
                self.error(at, format!("a pattern of rule `{id}` has no term groups"))
                    .hint = Some("write `all = [[\"term\", ...], ...]`".into());
            }
            let in_section = p.in_section;
            if in_section && def.heading.is_empty() {
                let at = span(&def.id);
                self.error(
                    at,
                    format!("rule `{id}` has a pattern with `in_section` but no `heading` terms"),
                )
                .hint = Some("add `heading = [...]` to say which sections count".into());
            }
            patterns.push(Pattern {
                all: self.groups_of(&p.all),
                in_section,
                unless: self.group(&p.unless),
            });
        }
        let when = self.groups_of(&def.when);
        let mut values = Vec::new();
        for (key, v) in &def.value {
            let at = span(v);
            let v = v.get_ref();
            let extractor = Extractor::parse(v.extract.get_ref());
            if extractor.is_none() {
                let names: Vec<&str> = Extractor::ALL.iter().map(|(n, _)| *n).collect();
                let e = self.error(
                    span(&v.extract),
                    format!("unknown extractor `{}`", v.extract.get_ref()),
                );
                e.label = "not a built-in extractor".into();
                e.hint = Some(format!("expected one of {}", names.join(", ")));
            }
            let scope = match v.scope.as_ref().map(|s| s.get_ref().as_str()) {
                None | Some("evidence") => Scope::Evidence,
                Some("section") => Scope::Section,
                Some("document") => Scope::Document,
                Some(other) => {
                    let at = span(v.scope.as_ref().expect("matched Some"));
                    let e = self.error(at, format!("unknown scope `{other}`"));
                    e.hint = Some("expected one of `evidence`, `section`, `document`".into());
                    Scope::Evidence
                }
            };
            let _ = at;
            if let Some(extractor) = extractor {
                values.push(ValueSpec {
                    key: key.clone(),
                    label: value_label(key),
                    extractor,
                    scope,
                    min: v.min,
                    max_age_days: v.max_age_days,
                    message_below: v.message_below.clone(),
                    satisfies: v.satisfies,
                });
            }
        }
        if patterns.is_empty()
            && heading.is_none()
            && forbid.is_none()
            && !values.iter().any(|v| v.satisfies)
        {
            let at = span(&def.id);
            let e = self.error(at, format!("rule `{id}` can never find anything"));
            e.label = "no heading, sentence, pattern, forbid or satisfying value".into();
            e.hint = Some("add `heading = [...]` or `sentence = [[...], [...]]`".into());
        }
        let mut examples = Vec::new();
        for ex in def.example {
            let today = match &ex.today {
                Some(t) => match parse_iso_date(t.get_ref()) {
                    Some(d) => Some(d),
                    None => {
                        let e = self.error(span(t), format!("`{}` is not a date", t.get_ref()));
                        e.hint = Some("write dates as YYYY-MM-DD".into());
                        None
                    }
                },
                None => None,
            };
            match Status::parse(ex.expect.get_ref()) {
                Some(expect) => examples.push(Example {
                    text: ex.text,
                    expect,
                    today,
                    values: ex.values,
                }),
                None => {
                    let e = self.error(
                        span(&ex.expect),
                        format!("unknown expected status `{}`", ex.expect.get_ref()),
                    );
                    e.hint = Some(
                        "expected one of `satisfied`, `violated`, `not-applicable`, `suppressed`"
                            .into(),
                    );
                }
            }
        }
        if self.errors.len() > before {
            return None;
        }
        Some(Rule {
            id: id.into(),
            pack,
            severity: severity?,
            title: def.title.into(),
            message: def.message,
            help: def.help.into(),
            description: def.description,
            cite: def.cite.into(),
            section: def.section.map(Into::into),
            fact: def.fact,
            heading,
            patterns,
            unless,
            when,
            forbid,
            values,
            examples,
        })
    }

    fn groups_of(&mut self, groups: &[Terms]) -> Vec<GroupId> {
        groups.iter().filter_map(|g| self.group(g)).collect()
    }

    /// Compiles a list of terms into one group regex (shared between rules
    /// that use the same list).
    fn group(&mut self, terms: &Terms) -> Option<GroupId> {
        if terms.is_empty() {
            return None;
        }
        let mut parts = Vec::new();
        let mut matchers = Vec::new();
        for t in terms {
            let term_regexes = &mut self.term_regexes;
            let compiled = term::compile(t.get_ref()).and_then(|c| {
                let matcher = match c.phrase {
                    Some(p) => Matcher::Phrase(p),
                    None => Matcher::Regex(match term_regexes.get(&c.source) {
                        Some(re) => re.clone(),
                        None => {
                            let re = crate::pattern::TermRegex::new(&c.source).map_err(|e| {
                                term::TermError {
                                    offset: t.get_ref().find('/').map_or(0, |i| i + 1),
                                    message: format!(
                                        "regular expression does not compile: {}",
                                        e.lines().last().unwrap_or_default().trim()
                                    ),
                                    hint: None,
                                }
                            })?;
                            term_regexes.insert(c.source.clone(), re.clone());
                            re
                        }
                    }),
                };
                Ok((c.source, matcher))
            });
            match compiled {
                Ok((source, matcher)) => {
                    parts.push(source);
                    matchers.push(matcher);
                }
                Err(err) => {
                    // the term's text starts after the opening quote
                    let start = t.span().start + 1 + err.offset;
                    let e = self.error((start, (start + 1).min(t.span().end)), err.message.clone());
                    e.label = "here".into();
                    e.hint = err.hint.clone();
                }
            }
        }
        if parts.len() != terms.len() {
            return None;
        }
        let source = term::group_regex(&parts);
        if let Some(&id) = self.group_index.get(&source) {
            return Some(id);
        }
        let id = self.groups.len();
        self.groups.push(source.clone());
        self.group_regexes.push(OnceLock::new());
        self.group_scan_regexes.push(OnceLock::new());
        self.group_index.insert(source, id);
        self.terms.extend(
            matchers
                .into_iter()
                .map(|matcher| index::Term { group: id, matcher }),
        );
        Some(id)
    }
}

#[cfg(test)]
impl Ruleset {
    /// The built-in core ruleset, loaded, for tests.
    pub(crate) fn core() -> Ruleset {
        let mut ruleset = Ruleset::default();
        ruleset
            .add("core", Ruleset::builtin("core").expect("core is built in"))
            .expect("core loads");
        ruleset
    }

    /// A ruleset of one rule, `r`: an error whose terms and patterns are
    /// `body` (TOML lines of a `[[rule]]` table and what follows it).
    pub(crate) fn one_rule(body: &str) -> Ruleset {
        let mut ruleset = Ruleset::default();
        let text = format!(
            "[ruleset]\nid = \"t\"\ntitle = \"T\"\n\n[[rule]]\nid = \"r\"\nseverity = \"error\"\n\
             title = \"R\"\nmessage = \"m\"\nhelp = \"h\"\n{body}"
        );
        ruleset.add("t.toml", &text).expect("the rule loads");
        ruleset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Ruleset, Vec<SourceError>> {
        let mut r = Ruleset::default();
        r.add("test.toml", text).map(|_| r)
    }

    const OK: &str = r#"
[ruleset]
id = "t"
title = "T"

[[rule]]
id = "kids"
severity = "error"
title = "Kids"
message = "no kids clause"
help = "say it"
heading = ["child*"]
sentence = [["child*"], ["under"]]
"#;

    #[test]
    fn builtin_rulesets_compile() {
        for (name, text) in BUILTIN {
            let mut r = Ruleset::default();
            if let Err(errors) = r.add(name, text) {
                panic!(
                    "{name}: {}",
                    errors
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("\n")
                );
            }
        }
    }

    #[test]
    fn groups_are_shared() {
        let r = load(OK).unwrap();
        assert_eq!(r.rules.len(), 1);
        // heading ["child*"] and sentence group ["child*"] are one group
        assert_eq!(r.groups.len(), 2);
    }

    #[test]
    fn errors_point_into_the_toml() {
        let bad = OK
            .replace("\"error\"", "\"fatal\"")
            .replace("\"kids\"", "\"Kids_Rule\"");
        let errors = load(&bad).unwrap_err();
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            vec![
                "test.toml:7:6: rule id `Kids_Rule` is not kebab-case",
                "test.toml:8:12: unknown severity `fatal`"
            ]
        );
    }

    #[test]
    fn unknown_keys_and_bad_terms_are_rejected() {
        let bad = OK.replace("help = ", "colour = \"red\"\nhelp = ");
        let err = &load(&bad).unwrap_err()[0];
        assert!(
            err.message.contains("unknown field `colour`"),
            "{}",
            err.message
        );
        assert_eq!(err.location(), "test.toml:11:1");

        let bad = OK.replace("[\"under\"]", "[\"un*der\"]");
        let err = &load(&bad).unwrap_err()[0];
        assert_eq!(err.to_string(), "test.toml:13:29: `*` may only end a word");
    }

    #[test]
    fn a_regex_term_too_big_to_compile_is_an_error_at_the_term() {
        let bad = OK.replace("[\"under\"]", "[\"/(?:a{100}){100}{100}/\"]");
        let err = &load(&bad).unwrap_err()[0];
        assert!(
            err.message
                .starts_with("regular expression does not compile"),
            "{}",
            err.message
        );
        assert_eq!(err.location(), "test.toml:13:28");
    }

    #[test]
    fn duplicate_ids_are_rejected() {
        let twice = format!("{OK}{}", &OK[OK.find("[[rule]]").unwrap()..]);
        let errors = load(&twice).unwrap_err();
        assert!(errors[0].message.contains("duplicate rule id `kids`"));
    }

    #[test]
    fn a_value_key_labels_its_evidence_in_the_singular() {
        for (key, label) in [
            ("emails", "email"),
            ("postal_addresses", "postal address"),
            ("phones", "phone"),
            ("periods", "period"),
            ("destinations", "destination"),
            ("age", "age"),
            ("date", "date"),
            ("address", "address"),
            ("policies", "policy"),
            ("mailboxes", "mailbox"),
            ("branches", "branch"),
        ] {
            assert_eq!(value_label(key), label, "{key}");
        }
    }
}
