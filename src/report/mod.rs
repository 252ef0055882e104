//! The report: what every rule found in every file. Each output format is a
//! view of the same [`Report`]; no renderer re-derives anything.

pub mod github;
pub mod human;
pub mod json;
mod json_text;
pub mod sarif;

use crate::ruleset::{Severity, Status};
use serde::Serialize;
use serde_json::{Map, Value};
use std::sync::Arc;

#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub files: Vec<FileReport>,
    /// The rules of the run, for formats that describe them (SARIF).
    #[serde(skip)]
    pub rules: Vec<RuleInfo>,
}

/// What a renderer may say about a rule.
#[derive(Debug, Clone)]
pub struct RuleInfo {
    pub id: String,
    pub pack: String,
    pub severity: Severity,
    pub title: String,
    pub message: String,
    pub description: Option<String>,
    pub help: String,
    pub cite: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct FileReport {
    pub path: String,
    pub checks: Vec<CheckReport>,
    /// Per-file problems: unreadable, binary, not UTF-8.
    pub errors: Vec<FileProblem>,
    /// Problems in the draft's own directives (an unknown rule id).
    pub warnings: Vec<FileProblem>,
    /// The file's text (after decoding) for renderers that show snippets.
    #[serde(skip)]
    pub source: String,
    /// Length of a byte-order mark before `source` in the file as read.
    #[serde(skip)]
    pub bom_len: usize,
    /// Where the missing-clause diagnostics point: the title line.
    #[serde(skip)]
    pub title: Option<Evidence>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    pub rule: Arc<str>,
    /// The ruleset (pack) the rule comes from.
    pub ruleset: Arc<str>,
    pub severity: Severity,
    pub status: Status,
    pub message: String,
    pub evidence: Vec<Evidence>,
    pub values: Map<String, Value>,
    #[serde(skip)]
    pub title: Arc<str>,
    #[serde(skip)]
    pub help: Arc<str>,
    #[serde(skip)]
    pub section: Option<Arc<str>>,
    #[serde(skip)]
    pub cite: Arc<[String]>,
}

/// A span of the file: byte offsets into the file as read, 1-based lines and
/// columns counted in characters.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Evidence {
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub text: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileProblem {
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

#[derive(Debug, Default, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    /// Violated rules of severity error.
    pub errors: usize,
    pub warnings: usize,
    /// Violated rules of severity info.
    pub infos: usize,
    /// Files that could not be checked.
    pub input_errors: usize,
}

impl CheckReport {
    /// A violation that counts: violated, not suppressed.
    pub fn is_finding(&self) -> bool {
        self.status == Status::Violated
    }
}

impl Report {
    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for file in &self.files {
            s.add(file);
        }
        s
    }
}

impl Summary {
    /// Counts one more file.
    pub fn add(&mut self, file: &FileReport) {
        self.files += 1;
        self.input_errors += usize::from(!file.errors.is_empty());
        self.warnings += file.warnings.len();
        for check in file.checks.iter().filter(|c| c.is_finding()) {
            match check.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }

    /// The counts of one file.
    pub fn of(file: &FileReport) -> Summary {
        let mut s = Summary::default();
        s.add(file);
        s
    }

    /// Counts the files another summary counted.
    pub fn merge(&mut self, other: &Summary) {
        self.files += other.files;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
        self.input_errors += other.input_errors;
    }

    /// One line for people: "3 files checked: 2 errors, 1 warning".
    pub fn line(&self) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut parts = vec![
            plural(self.errors, "error", "errors"),
            plural(self.warnings, "warning", "warnings"),
        ];
        if self.infos > 0 {
            parts.push(plural(self.infos, "note", "notes"));
        }
        if self.input_errors > 0 {
            parts.push(format!(
                "{} unreadable",
                plural(self.input_errors, "file", "files")
            ));
        }
        format!(
            "{} checked: {}",
            plural(self.files, "file", "files"),
            parts.join(", ")
        )
    }
}
