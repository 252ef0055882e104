//! policylint: checks privacy-policy drafts against rulesets of disclosure
//! requirements. Data flows one way: decode → parse → check → render.
//!
//! The library does no I/O of its own beyond what callers hand it: the CLI
//! walks directories, reads files and prints.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod bytes;
pub mod check;
pub mod config;
pub mod document;
pub mod error;
pub mod examples;
pub mod pattern;
pub mod report;
pub mod ruleset;
pub mod walk;

use check::hits::{Hits, Scan};
use check::{CheckOptions, EvidenceSpan};
use document::{Document, Syntax};
use report::{CheckReport, Evidence, FileProblem, FileReport};
use ruleset::{Ruleset, Status};

/// A compiled ruleset and the options to apply it with: built once per run,
/// then used for every file.
pub struct Linter {
    pub ruleset: Ruleset,
    pub options: CheckOptions,
}

impl Linter {
    pub fn new(ruleset: Ruleset, options: CheckOptions) -> Self {
        Linter { ruleset, options }
    }

    /// The active rules, as the report describes them.
    pub fn rule_infos(&self) -> Vec<report::RuleInfo> {
        self.ruleset
            .rules
            .iter()
            .map(|r| report::RuleInfo {
                id: r.id.to_string(),
                pack: self.ruleset.packs[r.pack].id.to_string(),
                severity: r.severity,
                title: r.title.to_string(),
                message: r.message.clone(),
                description: r.description.clone(),
                help: r.help.to_string(),
                cite: r.cite.to_vec(),
            })
            .collect()
    }

    /// Decodes, parses and checks one file's bytes.
    pub fn check_bytes(&self, path: &str, bytes: Vec<u8>) -> FileReport {
        match document::decode(bytes) {
            Ok(decoded) => {
                // the term scan reads each block's text as the parser builds
                // it, rather than rebuilt afterwards
                let mut scan = Scan::new(&self.ruleset);
                let doc = Document::parse_with(decoded, Syntax::for_path(path), |block| {
                    scan.block(block)
                });
                let hits = scan.finish(doc.sentences.len());
                self.report(path, doc, hits)
            }
            Err(err) => {
                let (line, column) = match &err {
                    document::DecodeError::NotUtf8 { line, column, .. } => {
                        (Some(*line), Some(*column))
                    }
                    _ => (None, None),
                };
                FileReport::unreadable(
                    path,
                    FileProblem {
                        message: err.to_string(),
                        line,
                        column,
                    },
                )
            }
        }
    }

    pub fn check_document(&self, path: &str, doc: Document) -> FileReport {
        let hits = Hits::scan(&doc, &self.ruleset);
        self.report(path, doc, hits)
    }

    fn report(&self, path: &str, doc: Document, hits: Hits) -> FileReport {
        let (outcomes, suppressions) =
            check::check_with_hits(&doc, &hits, &self.ruleset, &self.options);
        drop(hits);
        let checks = self
            .ruleset
            .rules
            .iter()
            .zip(outcomes)
            .map(|(rule, outcome)| CheckReport {
                rule: rule.id.clone(),
                ruleset: self.ruleset.packs[rule.pack].id.clone(),
                severity: outcome.severity.unwrap_or(rule.severity),
                status: outcome.status,
                // a finding says what is wrong; anything else names the requirement
                message: match outcome.status {
                    Status::Violated | Status::Suppressed => outcome.message,
                    Status::Satisfied | Status::NotApplicable => rule.title.to_string(),
                },
                evidence: outcome.evidence.iter().map(|e| evidence(&doc, e)).collect(),
                values: outcome.values,
                title: rule.title.clone(),
                help: rule.help.clone(),
                section: rule.section.clone(),
                cite: rule.cite.clone(),
            })
            .collect();
        let warnings = suppressions
            .unknown
            .iter()
            .map(|(span, id)| {
                let (line, column) = doc.line_col(span.0);
                FileProblem {
                    message: format!("unknown rule `{id}` in a policylint-disable comment"),
                    line: Some(line),
                    column: Some(column),
                }
            })
            .collect();
        let title = doc.title_span();
        let title = evidence_at(&doc, title, String::new());
        FileReport {
            path: path.to_string(),
            checks,
            errors: Vec::new(),
            warnings,
            bom_len: doc.bom_len,
            title: Some(title),
            source: doc.source,
        }
    }
}

impl FileReport {
    /// A file that could not be checked.
    pub fn unreadable(path: &str, problem: FileProblem) -> FileReport {
        FileReport {
            path: path.to_string(),
            checks: Vec::new(),
            errors: vec![problem],
            warnings: Vec::new(),
            source: String::new(),
            bom_len: 0,
            title: None,
        }
    }
}

fn evidence(doc: &Document, span: &EvidenceSpan) -> Evidence {
    evidence_at(doc, doc.source_span(span.text), span.label.clone())
}

fn evidence_at(doc: &Document, (start, end): (usize, usize), label: String) -> Evidence {
    let (line, column) = doc.line_col(start);
    let (end_line, end_column) = doc.line_col(end);
    Evidence {
        start: start + doc.bom_len,
        end: end + doc.bom_len,
        line,
        column,
        end_line,
        end_column,
        text: doc.source[start..end].to_string(),
        label,
    }
}
