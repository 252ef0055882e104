//! `--format human`: compiler-style diagnostics with codespan-reporting, an
//! optional checklist of every rule, and a closing summary line.

use super::{CheckReport, Evidence, FileReport, Report};
use crate::ruleset::{Severity, Status};
use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor::WriteColor};
use std::io;

#[derive(Debug, Clone, Copy, Default)]
pub struct HumanOptions {
    /// Also list satisfied, not-applicable and suppressed rules, with where
    /// their evidence is.
    pub show_satisfied: bool,
}

pub fn render(report: &Report, options: HumanOptions, out: &mut dyn WriteColor) -> io::Result<()> {
    for file in &report.files {
        render_file(file, options, out)?;
    }
    writeln!(out, "{}", report.summary().line())
}

pub fn render_file(
    file: &FileReport,
    options: HumanOptions,
    out: &mut dyn WriteColor,
) -> io::Result<()> {
    let source = SimpleFile::new(file.path.as_str(), file.source.as_str());
    let config = term::Config::default();
    let mut emit = |d: Diagnostic<()>| {
        term::emit_to_write_style(out, &config, &source, &d).map_err(io::Error::other)
    };

    for error in &file.errors {
        let at = match (error.line, error.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}", file.path),
            _ => file.path.clone(),
        };
        emit(Diagnostic::error().with_message(format!("{at}: {}", error.message)))?;
    }
    for warning in &file.warnings {
        let mut d = Diagnostic::warning().with_message(&warning.message);
        if let Some(line) = warning.line {
            d = d.with_notes(vec![format!("at {}:{line}", file.path)]);
        }
        emit(d)?;
    }
    for check in file.checks.iter().filter(|c| c.is_finding()) {
        emit(diagnostic(file, check))?;
    }
    if options.show_satisfied && file.errors.is_empty() {
        checklist(file, out)?;
    }
    Ok(())
}

fn diagnostic(file: &FileReport, check: &CheckReport) -> Diagnostic<()> {
    let d = match check.severity {
        Severity::Error => Diagnostic::error(),
        Severity::Warning => Diagnostic::warning(),
        Severity::Info => Diagnostic::note(),
    }
    .with_code(&check.rule)
    .with_message(&check.message);
    let mut labels = Vec::new();
    match check.evidence.split_first() {
        Some((primary, rest)) => {
            labels.push(
                Label::primary((), primary.start_in(file)..primary.end_in(file))
                    .with_message(&primary.label),
            );
            for e in rest.iter().filter(|e| !e.label.is_empty()) {
                labels.push(
                    Label::secondary((), e.start_in(file)..e.end_in(file)).with_message(&e.label),
                );
            }
        }
        None => {
            if let Some(title) = &file.title {
                let section = check.section.as_deref().unwrap_or(&check.title);
                labels.push(
                    Label::primary((), title.start_in(file)..title.end_in(file)).with_message(
                        format!("missing: add a \"{section}\" section to this policy"),
                    ),
                );
            }
        }
    }
    let mut notes = vec![format!("help: {}", check.help.trim())];
    if !check.cite.is_empty() {
        notes.push(format!("see: {}", check.cite.join("; ")));
    }
    d.with_labels(labels).with_notes(notes)
}

impl Evidence {
    /// Offsets into the decoded source: evidence offsets count a byte-order
    /// mark, the rendered source does not hold one.
    fn start_in(&self, file: &FileReport) -> usize {
        self.start
            .saturating_sub(file.bom_len)
            .min(file.source.len())
    }

    fn end_in(&self, file: &FileReport) -> usize {
        self.end.saturating_sub(file.bom_len).min(file.source.len())
    }
}

/// Every rule with a mark and the `file:line` of its evidence.
fn checklist(file: &FileReport, out: &mut dyn WriteColor) -> io::Result<()> {
    use codespan_reporting::term::termcolor::{Color, ColorSpec};
    writeln!(out, "{}", file.path)?;
    let width = file.checks.iter().map(|c| c.rule.len()).max().unwrap_or(0);
    // with several rulesets: a heading per ruleset, and each rule's citation
    let grouped = file
        .checks
        .iter()
        .any(|c| c.ruleset != file.checks[0].ruleset);
    let mut pack = "";
    for check in &file.checks {
        if grouped && *check.ruleset != *pack {
            pack = &check.ruleset;
            writeln!(out, "  [{pack}]")?;
        }
        let (mark, color) = match check.status {
            Status::Satisfied => ("✓", Color::Green),
            Status::Violated => ("✗", Color::Red),
            Status::NotApplicable => ("-", Color::Blue),
            Status::Suppressed => ("~", Color::Yellow),
        };
        write!(out, "  ")?;
        out.set_color(ColorSpec::new().set_fg(Some(color)).set_bold(true))?;
        write!(out, "{mark}")?;
        out.reset()?;
        let detail = match (check.status, check.evidence.first()) {
            (Status::Satisfied, Some(e)) => {
                let mut d = format!("{}:{}", file.path, e.line);
                let values = summarize_values(check);
                if !values.is_empty() {
                    d.push_str("  ");
                    d.push_str(&values);
                }
                d
            }
            (Status::Satisfied, None) => "satisfied".into(),
            (Status::Violated, Some(e)) => format!("{}:{}  {}", file.path, e.line, check.message),
            (Status::Violated, None) => "missing".into(),
            (Status::NotApplicable, _) => "not applicable".into(),
            (Status::Suppressed, _) => "suppressed".into(),
        };
        let cite = match check.cite.first() {
            Some(c) if grouped => format!("  ({c})"),
            _ => String::new(),
        };
        writeln!(out, " {:width$}  {detail}{cite}", check.rule)?;
    }
    writeln!(out)
}

fn summarize_values(check: &CheckReport) -> String {
    let mut parts = Vec::new();
    for (key, value) in &check.values {
        match value {
            serde_json::Value::Array(items) if items.is_empty() => {}
            serde_json::Value::Array(items) => {
                let list: Vec<String> = items
                    .iter()
                    .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
                    .collect();
                parts.push(format!("{key}: {}", list.join("; ")));
            }
            serde_json::Value::String(s) => parts.push(format!("{key}: {s}")),
            other => parts.push(format!("{key}: {other}")),
        }
    }
    parts.join("  ")
}
