//! `--format github`: GitHub Actions workflow commands, one per finding
//! (`::error file=…,line=…::message`), errors first because GitHub shows only
//! the first ten of each kind per step; and a Markdown table of every finding
//! for the job summary.

use super::{CheckReport, Evidence, FileReport, Report};
use crate::ruleset::Severity;

struct Annotation<'a> {
    command: &'static str,
    file: &'a str,
    span: Option<&'a Evidence>,
    title: String,
    message: String,
    rank: u8,
}

/// The workflow commands; `path` maps a reported path to one relative to the
/// repository root.
pub fn render(report: &Report, path: &dyn Fn(&str) -> String) -> String {
    let mut annotations = Vec::new();
    for file in &report.files {
        for error in &file.errors {
            annotations.push(Annotation {
                command: "error",
                file: &file.path,
                span: None,
                title: "policylint".into(),
                message: format!("{}: {}", file.path, error.message),
                rank: 0,
            });
        }
        for warning in &file.warnings {
            annotations.push(Annotation {
                command: "warning",
                file: &file.path,
                span: None,
                title: "policylint".into(),
                message: warning.message.clone(),
                rank: 1,
            });
        }
        for check in file.checks.iter().filter(|c| c.is_finding()) {
            annotations.push(finding(file, check));
        }
    }
    // errors first, then warnings, then notices; files in order within each
    annotations.sort_by_key(|a| a.rank);
    let mut out = String::new();
    for a in &annotations {
        let mut props = vec![format!("file={}", escape_property(&path(a.file)))];
        if let Some(e) = a.span {
            props.push(format!("line={}", e.line));
            if e.line == e.end_line {
                props.push(format!("col={}", e.column));
            }
            props.push(format!("endLine={}", e.end_line));
            if e.line == e.end_line {
                props.push(format!("endColumn={}", e.end_column));
            }
        }
        props.push(format!("title={}", escape_property(&a.title)));
        out.push_str(&format!(
            "::{} {}::{}\n",
            a.command,
            props.join(","),
            escape_data(&a.message)
        ));
    }
    out
}

fn finding<'a>(file: &'a FileReport, check: &'a CheckReport) -> Annotation<'a> {
    let (command, rank) = match check.severity {
        Severity::Error => ("error", 0),
        Severity::Warning => ("warning", 1),
        Severity::Info => ("notice", 2),
    };
    let span = check.evidence.first().or(file.title.as_ref());
    let mut message = check.message.clone();
    if check.evidence.is_empty() {
        message.push_str(&format!(
            "\nAdd a \"{}\" section. {}",
            check.section.as_deref().unwrap_or(&check.title),
            check.help.trim()
        ));
    }
    Annotation {
        command,
        file: &file.path,
        span,
        title: format!("policylint ({})", check.rule),
        message,
        rank,
    }
}

/// Escaping of a command's message, as GitHub's toolkit does it.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping of a command's property values: as data, plus `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// A Markdown table of every finding and unreadable file, for
/// `$GITHUB_STEP_SUMMARY`.
pub fn step_summary(report: &Report, path: &dyn Fn(&str) -> String) -> String {
    let summary = report.summary();
    let mut out = format!("### policylint\n\n{}\n\n", summary.line());
    let mut rows = Vec::new();
    for file in &report.files {
        for error in &file.errors {
            rows.push(format!(
                "| error | `{}` | | | {} |",
                path(&file.path),
                cell(&error.message)
            ));
        }
        for check in file.checks.iter().filter(|c| c.is_finding()) {
            let line = check
                .evidence
                .first()
                .or(file.title.as_ref())
                .map_or(String::new(), |e| e.line.to_string());
            rows.push(format!(
                "| {} | `{}` | {} | `{}` | {} |",
                check.severity.as_str(),
                path(&file.path),
                line,
                check.rule,
                cell(&check.message)
            ));
        }
    }
    if !rows.is_empty() {
        out.push_str(
            "| severity | file | line | rule | message |\n| --- | --- | --- | --- | --- |\n",
        );
        out.push_str(&rows.join("\n"));
        out.push('\n');
    }
    out
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_toolkit() {
        assert_eq!(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
