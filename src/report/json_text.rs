//! The JSON text of a file's report, written straight into a buffer: pretty
//! (a `files` entry of `--format json`) or compact (a line of
//! `--format jsonl`). The bytes are serde_json's for the same report (its
//! tests hold them to it); what differs is the way there. Through serde,
//! every key, value, comma and line break is a call through the serializer
//! and an `io::Write`, and a report is mostly short keys and numbers, so
//! those calls were most of the time; here a string with nothing to escape
//! is copied whole after one pass that the compiler vectorises.
//!
//! The property tests build every field of a report, so a field added to
//! one fails them (serde writes it, this writer does not) until it is
//! written here too.

use super::{CheckReport, Evidence, FileProblem, FileReport, Summary};
use serde_json::{Map, Value};

/// JSON text being written.
pub struct JsonText {
    out: String,
    /// How deep the next value is, for pretty text's indentation.
    level: usize,
    pretty: bool,
}

impl JsonText {
    /// Pretty text, as serde_json's pretty printer writes it (two spaces a
    /// level), whose first value stands `level` levels deep.
    pub fn pretty(level: usize, capacity: usize) -> JsonText {
        JsonText {
            out: String::with_capacity(capacity),
            level,
            pretty: true,
        }
    }

    /// Compact text, as `serde_json::to_string` writes it.
    pub fn compact(capacity: usize) -> JsonText {
        JsonText {
            out: String::with_capacity(capacity),
            level: 0,
            pretty: false,
        }
    }

    pub fn into_string(self) -> String {
        self.out
    }

    /// The indentation of the current level, at the start of a line.
    pub fn indent(&mut self) {
        if self.pretty {
            self.spaces();
        }
    }

    fn spaces(&mut self) {
        const SPACES: &str = "                                                                ";
        let mut left = 2 * self.level;
        while left > 0 {
            let n = left.min(SPACES.len());
            self.out.push_str(&SPACES[..n]);
            left -= n;
        }
    }

    /// A line break and indentation, in pretty text.
    fn new_line(&mut self) {
        if self.pretty {
            self.out.push('\n');
            self.spaces();
        }
    }

    /// `{` or `[`: one level in.
    fn open(&mut self, bracket: char) {
        self.out.push(bracket);
        self.level += 1;
    }

    /// `}` or `]`, on a line of its own after any values.
    fn close(&mut self, bracket: char, empty: bool) {
        self.level -= 1;
        if !empty {
            self.new_line();
        }
        self.out.push(bracket);
    }

    /// Before an array's value: a comma after the first, and in pretty
    /// text a line of its own.
    fn item(&mut self, first: bool) {
        if !first {
            self.out.push(',');
        }
        self.new_line();
    }

    /// An object's key (one of the report's own, with nothing to escape)
    /// and what stands between it and its value.
    fn key(&mut self, first: bool, key: &str) {
        self.item(first);
        self.out.push('"');
        self.out.push_str(key);
        self.out.push_str(if self.pretty { "\": " } else { "\":" });
    }

    /// An array of `items`, each written by `write`.
    fn array<T>(&mut self, items: &[T], mut write: impl FnMut(&mut Self, &T)) {
        self.open('[');
        for (i, item) in items.iter().enumerate() {
            self.item(i == 0);
            write(self, item);
        }
        self.close(']', items.is_empty());
    }

    fn unsigned(&mut self, n: usize) {
        self.out.push_str(itoa::Buffer::new().format(n));
    }

    /// A string, escaped as serde_json escapes it: `"`, `\` and the
    /// control characters below U+0020, nothing else.
    pub fn string(&mut self, s: &str) {
        let bytes = s.as_bytes();
        self.out.reserve(bytes.len() + 2);
        self.out.push('"');
        // no early exit, so that the check runs many bytes at a time
        let escapes = bytes.iter().fold(false, |any, &b| {
            any | (b < 0x20) | (b == b'"') | (b == b'\\')
        });
        if escapes {
            self.escaped(s);
        } else {
            self.out.push_str(s);
        }
        self.out.push('"');
    }

    #[cold]
    fn escaped(&mut self, s: &str) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut from = 0;
        for (i, &b) in s.as_bytes().iter().enumerate() {
            let short = match b {
                b'"' => b'"',
                b'\\' => b'\\',
                b'\n' => b'n',
                b'\r' => b'r',
                b'\t' => b't',
                0x08 => b'b',
                0x0C => b'f',
                0x00..=0x1F => b'u',
                _ => continue,
            };
            // the bytes escaped are ASCII: `i` is a character's start
            self.out.push_str(&s[from..i]);
            self.out.push('\\');
            self.out.push(char::from(short));
            if short == b'u' {
                self.out.push_str("00");
                self.out.push(char::from(HEX[usize::from(b >> 4)]));
                self.out.push(char::from(HEX[usize::from(b & 0xF)]));
            }
            from = i + 1;
        }
        self.out.push_str(&s[from..]);
    }

    /// Any JSON value (a rule's values).
    pub fn value(&mut self, value: &Value) {
        match value {
            Value::Null => self.out.push_str("null"),
            Value::Bool(true) => self.out.push_str("true"),
            Value::Bool(false) => self.out.push_str("false"),
            Value::Number(n) => {
                if let Some(n) = n.as_u64() {
                    self.out.push_str(itoa::Buffer::new().format(n));
                } else if let Some(n) = n.as_i64() {
                    self.out.push_str(itoa::Buffer::new().format(n));
                } else {
                    // a fraction: rare in a report, written as serde_json
                    // writes it
                    self.out
                        .push_str(&serde_json::to_string(n).expect("a number serialises"));
                }
            }
            Value::String(s) => self.string(s),
            Value::Array(items) => self.array(items, Self::value),
            Value::Object(map) => self.object(map),
        }
    }

    fn object(&mut self, map: &Map<String, Value>) {
        self.open('{');
        for (i, (key, value)) in map.iter().enumerate() {
            self.item(i == 0);
            self.string(key);
            self.out.push_str(if self.pretty { ": " } else { ":" });
            self.value(value);
        }
        self.close('}', map.is_empty());
    }

    /// A file's report: what `FileReport`'s `Serialize` writes.
    pub fn file(&mut self, file: &FileReport) {
        self.open('{');
        self.key(true, "path");
        self.string(&file.path);
        self.key(false, "checks");
        self.array(&file.checks, Self::check);
        self.key(false, "errors");
        self.array(&file.errors, Self::problem);
        self.key(false, "warnings");
        self.array(&file.warnings, Self::problem);
        self.close('}', false);
    }

    fn check(&mut self, check: &CheckReport) {
        self.open('{');
        self.key(true, "rule");
        self.string(&check.rule);
        self.key(false, "ruleset");
        self.string(&check.ruleset);
        self.key(false, "severity");
        self.string(check.severity.as_str());
        self.key(false, "status");
        self.string(check.status.as_str());
        self.key(false, "message");
        self.string(&check.message);
        self.key(false, "evidence");
        self.array(&check.evidence, Self::evidence);
        self.key(false, "values");
        self.object(&check.values);
        self.close('}', false);
    }

    /// An object's first keys, each with a count for its value.
    fn counts(&mut self, fields: &[(&str, usize)]) {
        for (i, &(key, n)) in fields.iter().enumerate() {
            self.key(i == 0, key);
            self.unsigned(n);
        }
    }

    fn evidence(&mut self, evidence: &Evidence) {
        self.open('{');
        self.counts(&[
            ("start", evidence.start),
            ("end", evidence.end),
            ("line", evidence.line),
            ("column", evidence.column),
            ("end_line", evidence.end_line),
            ("end_column", evidence.end_column),
        ]);
        self.key(false, "text");
        self.string(&evidence.text);
        if !evidence.label.is_empty() {
            self.key(false, "label");
            self.string(&evidence.label);
        }
        self.close('}', false);
    }

    fn problem(&mut self, problem: &FileProblem) {
        self.open('{');
        self.key(true, "message");
        self.string(&problem.message);
        for (key, n) in [("line", problem.line), ("column", problem.column)] {
            if let Some(n) = n {
                self.key(false, key);
                self.unsigned(n);
            }
        }
        self.close('}', false);
    }

    /// The counts of a run: what `Summary`'s `Serialize` writes.
    pub fn summary(&mut self, summary: &Summary) {
        self.open('{');
        self.counts(&[
            ("files", summary.files),
            ("errors", summary.errors),
            ("warnings", summary.warnings),
            ("infos", summary.infos),
            ("input_errors", summary.input_errors),
        ]);
        self.close('}', false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ruleset::{Severity, Status};
    use proptest::prelude::*;
    use std::sync::Arc;

    fn pretty_file(file: &FileReport) -> String {
        let mut text = JsonText::pretty(0, 0);
        text.file(file);
        text.into_string()
    }

    fn compact_file(file: &FileReport) -> String {
        let mut text = JsonText::compact(0);
        text.file(file);
        text.into_string()
    }

    /// Any JSON value, strings drawn to need every kind of escape.
    fn any_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<u64>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            any_string().prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 40, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::vec((any_string(), inner), 0..5)
                    .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
            ]
        })
    }

    fn any_string() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                "[a-z ]{0,40}",
                "[\"\\\\\u{0}-\u{1f}\u{7f}\u{80}\u{2028}é’]",
                any::<char>().prop_map(String::from),
            ],
            0..8,
        )
        .prop_map(|parts| parts.concat())
    }

    fn any_evidence() -> impl Strategy<Value = Evidence> {
        (
            prop::array::uniform6(any::<usize>()),
            any_string(),
            prop_oneof![Just(String::new()), any_string()],
        )
            .prop_map(|(n, text, label)| Evidence {
                start: n[0],
                end: n[1],
                line: n[2],
                column: n[3],
                end_line: n[4],
                end_column: n[5],
                text,
                label,
            })
    }

    fn any_check() -> impl Strategy<Value = CheckReport> {
        (
            any_string(),
            any_string(),
            0..3usize,
            0..4usize,
            any_string(),
            prop::collection::vec(any_evidence(), 0..3),
            prop::collection::vec((any_string(), any_value()), 0..4),
        )
            .prop_map(
                |(rule, ruleset, severity, status, message, evidence, values)| CheckReport {
                    rule: rule.into(),
                    ruleset: ruleset.into(),
                    severity: [Severity::Error, Severity::Warning, Severity::Info][severity],
                    status: [
                        Status::Satisfied,
                        Status::Violated,
                        Status::NotApplicable,
                        Status::Suppressed,
                    ][status],
                    message,
                    evidence,
                    values: values.into_iter().collect(),
                    title: Arc::from(""),
                    help: Arc::from(""),
                    section: None,
                    cite: Arc::from(Vec::new()),
                },
            )
    }

    fn any_problem() -> impl Strategy<Value = FileProblem> {
        (
            any_string(),
            prop::option::of(any::<usize>()),
            prop::option::of(any::<usize>()),
        )
            .prop_map(|(message, line, column)| FileProblem {
                message,
                line,
                column,
            })
    }

    fn any_file() -> impl Strategy<Value = FileReport> {
        (
            any_string(),
            prop::collection::vec(any_check(), 0..4),
            prop::collection::vec(any_problem(), 0..2),
            prop::collection::vec(any_problem(), 0..2),
        )
            .prop_map(|(path, checks, errors, warnings)| FileReport {
                path,
                checks,
                errors,
                warnings,
                source: String::new(),
                bom_len: 0,
                title: None,
            })
    }

    proptest! {
        /// Pretty and compact, a file's report is what serde_json writes
        /// for it.
        #[test]
        fn a_file_is_what_serde_json_writes(file in any_file()) {
            prop_assert_eq!(pretty_file(&file), serde_json::to_string_pretty(&file).unwrap());
            prop_assert_eq!(compact_file(&file), serde_json::to_string(&file).unwrap());
        }

        #[test]
        fn a_value_is_what_serde_json_writes(value in any_value()) {
            let mut pretty = JsonText::pretty(0, 0);
            pretty.value(&value);
            prop_assert_eq!(pretty.into_string(), serde_json::to_string_pretty(&value).unwrap());
            let mut compact = JsonText::compact(0);
            compact.value(&value);
            prop_assert_eq!(compact.into_string(), serde_json::to_string(&value).unwrap());
        }
    }

    /// Deeper than the spaces kept at hand, and from a level other than
    /// the first: indented as serde_json indents it there.
    #[test]
    fn deep_values_are_indented_as_serde_json_indents_them() {
        let mut deep = serde_json::json!(["bottom", {}, []]);
        for i in 0..40 {
            deep = serde_json::json!({ "level": i, "inner": [deep, 1.5, -3], "empty": {} });
        }
        let mut text = JsonText::pretty(0, 0);
        text.value(&deep);
        assert_eq!(
            text.into_string(),
            serde_json::to_string_pretty(&deep).unwrap()
        );
        // two arrays deep: serde_json's text of the wrapped value, less the
        // wrapping lines
        let wrapped = serde_json::to_string_pretty(&[[&deep]]).unwrap();
        let mut text = JsonText::pretty(2, 0);
        text.indent();
        text.value(&deep);
        assert_eq!(format!("[\n  [\n{}\n  ]\n]", text.into_string()), wrapped);
    }

    #[test]
    fn a_summary_is_what_serde_json_writes() {
        let summary = Summary {
            files: 2000,
            errors: 3,
            warnings: 0,
            infos: 1,
            input_errors: 12,
        };
        let mut text = JsonText::pretty(0, 0);
        text.summary(&summary);
        assert_eq!(
            text.into_string(),
            serde_json::to_string_pretty(&summary).unwrap()
        );
    }
}
