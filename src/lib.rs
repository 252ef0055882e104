//! policylint: checks privacy-policy drafts against rulesets of disclosure
//! requirements. Data flows one way: decode → parse → check → render.
//!
//! The library does no I/O of its own beyond what callers hand it: the CLI
//! walks directories, reads files and prints.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod alloc;
pub mod batches;
pub mod bytes;
pub mod check;
pub mod config;
pub mod document;
pub mod error;
pub mod examples;
pub mod gallop;
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
        self.check_batch(vec![(path.to_string(), Ok(bytes))], |_| {})
            .pop()
            .expect("one report for one file")
    }

    /// Decodes, parses and checks several files, in order: each file's bytes,
    /// or why they could not be read (reported as the file's error), taken
    /// from `files` only when its turn comes, so a file can be read then.
    /// The rules are applied a batch of documents at a time (see
    /// [`check::check_batch`]); a batch holds documents up to
    /// [`BATCH_BYTES`] of source text (or one longer document). `working_on`
    /// is told the path of each file before its work starts.
    pub fn check_batch(
        &self,
        files: impl IntoIterator<Item = (String, Result<Vec<u8>, String>)>,
        working_on: impl Fn(&str),
    ) -> Vec<FileReport> {
        self.check_in_batches(files, working_on, BATCH_BYTES)
    }

    /// [`Linter::check_batch`] with batches of `batch_bytes`.
    fn check_in_batches(
        &self,
        files: impl IntoIterator<Item = (String, Result<Vec<u8>, String>)>,
        working_on: impl Fn(&str),
        batch_bytes: usize,
    ) -> Vec<FileReport> {
        let mut reports = Vec::new();
        let mut parsed: Vec<(String, Document, Hits)> = Vec::new();
        let mut held = 0;
        for (path, bytes) in files {
            working_on(&path);
            match bytes
                .map_err(FileProblem::about_file)
                .and_then(|b| self.parse(&path, b))
            {
                Ok((doc, hits)) => {
                    held += doc.source.len();
                    parsed.push((path, doc, hits));
                    if held >= batch_bytes {
                        self.report_batch(&mut parsed, &mut reports, &working_on);
                        held = 0;
                    }
                }
                Err(problem) => {
                    // reports stay in the files' order
                    self.report_batch(&mut parsed, &mut reports, &working_on);
                    held = 0;
                    reports.push(FileReport::unreadable(&path, problem));
                }
            }
        }
        self.report_batch(&mut parsed, &mut reports, &working_on);
        reports
    }

    /// Decodes and parses a file, scanning its terms as it is parsed.
    fn parse(&self, path: &str, bytes: Vec<u8>) -> Result<(Document, Hits), FileProblem> {
        let decoded = document::decode(bytes).map_err(|err| {
            let (line, column) = match &err {
                document::DecodeError::NotUtf8 { line, column, .. } => (Some(*line), Some(*column)),
                _ => (None, None),
            };
            FileProblem {
                message: err.to_string(),
                line,
                column,
            }
        })?;
        // the term scan reads each block's text as the parser builds it,
        // rather than rebuilt afterwards
        let mut scan = Scan::new(&self.ruleset);
        let doc = Document::parse_with(decoded, Syntax::for_path(path), |block| scan.block(block));
        let hits = scan.finish(doc.sentences.len());
        Ok((doc, hits))
    }

    /// Applies the rules to the parsed documents, which it empties, and adds
    /// their reports.
    fn report_batch(
        &self,
        parsed: &mut Vec<(String, Document, Hits)>,
        reports: &mut Vec<FileReport>,
        working_on: &impl Fn(&str),
    ) {
        let docs: Vec<(&Document, &Hits)> =
            parsed.iter().map(|(_, doc, hits)| (doc, hits)).collect();
        let results = check::check_batch(&docs, &self.ruleset, &self.options, |k| {
            working_on(&parsed[k].0)
        });
        drop(docs);
        for ((path, doc, hits), (outcomes, suppressions)) in parsed.drain(..).zip(results) {
            drop(hits);
            reports.push(self.report(&path, doc, outcomes, suppressions));
        }
    }

    pub fn check_document(&self, path: &str, doc: Document) -> FileReport {
        let hits = Hits::scan(&doc, &self.ruleset);
        let (outcomes, suppressions) =
            check::check_with_hits(&doc, &hits, &self.ruleset, &self.options);
        drop(hits);
        self.report(path, doc, outcomes, suppressions)
    }

    fn report(
        &self,
        path: &str,
        doc: Document,
        outcomes: Vec<check::Outcome>,
        suppressions: check::Suppressions,
    ) -> FileReport {
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
                    Status::Violated | Status::Suppressed => {
                        outcome.message.unwrap_or_else(|| rule.message.clone())
                    }
                    Status::Satisfied | Status::NotApplicable => rule.title.to_string(),
                },
                evidence: outcome
                    .evidence
                    .into_iter()
                    .map(|e| evidence(&doc, e))
                    .collect(),
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

/// How much source text [`Linter::check_batch`] parses before it applies
/// the rules: enough documents for a rule's tables to be reused from one to
/// the next, few enough that a batch of them stays small beside the
/// batches of reports the CLI holds.
pub const BATCH_BYTES: usize = 1 << 20;

impl FileProblem {
    /// A problem with the file as a whole (it could not be read), at no
    /// line.
    fn about_file(message: String) -> FileProblem {
        FileProblem {
            message,
            line: None,
            column: None,
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

fn evidence(doc: &Document, span: EvidenceSpan) -> Evidence {
    evidence_at(doc, doc.source_span(span.text), span.label)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_reports_each_file_as_checking_it_alone_does_in_order() {
        let linter = Linter::new(Ruleset::core(), CheckOptions::default());
        let mut files: Vec<(String, Result<Vec<u8>, String>)> = std::fs::read_dir("fixtures")
            .expect("fixtures")
            .map(|entry| entry.expect("an entry").path())
            .filter(|path| path.is_file() && !path.to_string_lossy().ends_with(".toml"))
            .map(|path| {
                let bytes = std::fs::read(&path).expect("a fixture");
                (path.to_string_lossy().into_owned(), Ok(bytes))
            })
            .collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        assert!(files.len() > 10);
        // a file that could not be read, and one that is not UTF-8, among them
        files.insert(2, ("gone.md".into(), Err("cannot read: gone".into())));
        files.insert(5, ("latin1.md".into(), Ok(b"# Caf\xe9\n".to_vec())));
        let alone: Vec<String> = files
            .iter()
            .map(|(path, bytes)| {
                let report = match bytes {
                    Ok(bytes) => linter.check_bytes(path, bytes.clone()),
                    Err(message) => {
                        FileReport::unreadable(path, FileProblem::about_file(message.clone()))
                    }
                };
                serde_json::to_string(&report).expect("a report serialises")
            })
            .collect();
        assert!(alone[2].contains("cannot read: gone") && alone[5].contains("UTF-8"));
        // one document a batch, a few, and all of them
        for batch_bytes in [1, 4096, BATCH_BYTES] {
            let seen = std::cell::RefCell::new(Vec::new());
            let reports = linter.check_in_batches(
                files.clone(),
                |path| seen.borrow_mut().push(path.to_string()),
                batch_bytes,
            );
            let batched: Vec<String> = reports
                .iter()
                .map(|r| serde_json::to_string(r).expect("a report serialises"))
                .collect();
            assert_eq!(batched, alone, "batches of {batch_bytes} bytes");
            // every file was named before its work started
            let mut seen = seen.into_inner();
            seen.dedup();
            for (path, _) in &files {
                assert!(seen.contains(path), "{path}");
            }
        }
    }
}
