//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning ingests it. One run;
//! the rules of the run in `tool.driver.rules`; one result per finding with
//! one physical location whose URI is relative to the working directory;
//! unreadable files as tool execution notifications.

use super::{CheckReport, Evidence, FileReport, Report, RuleInfo};
use crate::ruleset::Severity;
use serde_json::{Value, json};

pub const INFORMATION_URI: &str = "https://github.com/policylint/policylint";

/// `path` maps a reported path to one relative to the repository root.
pub fn render(report: &Report, path: &dyn Fn(&str) -> String) -> String {
    let rules: Vec<Value> = report.rules.iter().map(rule).collect();
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for file in &report.files {
        let uri = uri(&path(&file.path));
        for error in &file.errors {
            let mut region = json!({});
            if let Some(line) = error.line {
                region = json!({ "startLine": line, "startColumn": error.column.unwrap_or(1) });
            }
            let mut location =
                json!({ "physicalLocation": { "artifactLocation": { "uri": uri } } });
            if error.line.is_some() {
                location["physicalLocation"]["region"] = region;
            }
            notifications.push(json!({
                "level": "error",
                "message": { "text": format!("{}: {}", file.path, error.message) },
                "locations": [location],
            }));
        }
        for warning in &file.warnings {
            let mut location =
                json!({ "physicalLocation": { "artifactLocation": { "uri": uri } } });
            if let Some(line) = warning.line {
                location["physicalLocation"]["region"] =
                    json!({ "startLine": line, "startColumn": warning.column.unwrap_or(1) });
            }
            notifications.push(json!({
                "level": "warning",
                "message": { "text": warning.message },
                "locations": [location],
            }));
        }
        for check in file.checks.iter().filter(|c| c.is_finding()) {
            let rule_index = report.rules.iter().position(|r| *r.id == *check.rule);
            let mut result = json!({
                "ruleId": check.rule,
                "level": level(check.severity),
                "message": { "text": message(check) },
                "locations": [location(file, check, &uri)],
            });
            if let Some(i) = rule_index {
                result["ruleIndex"] = json!(i);
            }
            results.push(result);
        }
    }
    let summary = report.summary();
    let sarif = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "policylint",
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }},
            "invocations": [{
                "executionSuccessful": summary.input_errors == 0,
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&sarif).expect("SARIF always serialises");
    out.push('\n');
    out
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A message that stands on its own: the finding and what to do.
fn message(check: &CheckReport) -> String {
    let mut text = check.message.clone();
    if !text.ends_with('.') {
        text.push('.');
    }
    text
}

fn location(file: &FileReport, check: &CheckReport, uri: &str) -> Value {
    let (span, label) = match check.evidence.first() {
        Some(e) => (Some(e), e.label.clone()),
        None => (
            file.title.as_ref(),
            format!(
                "add a \"{}\" section",
                check.section.as_deref().unwrap_or(&check.title)
            ),
        ),
    };
    let mut physical = json!({ "artifactLocation": { "uri": uri } });
    physical["region"] = match span {
        Some(e) => region(e),
        None => json!({ "startLine": 1 }),
    };
    let mut location = json!({ "physicalLocation": physical });
    if !label.is_empty() {
        location["message"] = json!({ "text": label });
    }
    location
}

fn region(e: &Evidence) -> Value {
    // an empty span (an empty file's title line) still names a line
    if e.end <= e.start {
        return json!({ "startLine": e.line, "startColumn": e.column });
    }
    json!({
        "startLine": e.line,
        "startColumn": e.column,
        "endLine": e.end_line,
        "endColumn": e.end_column,
    })
}

fn rule(info: &RuleInfo) -> Value {
    let mut tags = vec![info.pack.clone()];
    tags.extend(info.cite.iter().cloned());
    let full = info
        .description
        .clone()
        .unwrap_or_else(|| info.message.clone());
    let full = full.split_whitespace().collect::<Vec<_>>().join(" ");
    let help = info.help.trim();
    let cites = if info.cite.is_empty() {
        String::new()
    } else {
        format!("\n\nSee: {}", info.cite.join("; "))
    };
    let mut markdown = format!("**{}**\n\n{}\n\n{}", info.title, full, help);
    if !info.cite.is_empty() {
        markdown.push_str(&format!("\n\nSee: {}", info.cite.join("; ")));
    }
    json!({
        "id": info.id,
        "name": pascal_case(&info.title),
        "shortDescription": { "text": format!("{}.", info.title) },
        "fullDescription": { "text": ensure_period(&full) },
        "help": { "text": format!("{help}{cites}"), "markdown": markdown },
        // the rule's own definition: what it checks, its citations, its examples
        "helpUri": format!("{INFORMATION_URI}/blob/main/rules/{}.toml", info.pack),
        "defaultConfiguration": { "level": level(info.severity) },
        "properties": { "tags": tags, "precision": "medium" },
    })
}

fn ensure_period(s: &str) -> String {
    let s = s.trim();
    if s.ends_with(['.', '!', '?']) {
        s.to_string()
    } else {
        format!("{s}.")
    }
}

/// "Children's data" → "ChildrensData": a readable name that is not the id.
fn pascal_case(title: &str) -> String {
    title
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .map(|w| w.replace(['\'', '’'], ""))
        .map(|w| {
            let mut c = w.chars();
            c.next().map_or(String::new(), |f| {
                f.to_uppercase().collect::<String>() + c.as_str()
            })
        })
        .collect()
}

/// A relative URI reference for a path as reported: forward slashes, and
/// anything outside the unreserved set percent-encoded.
pub fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::new();
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(
            uri("policies/privacy policy.md"),
            "policies/privacy%20policy.md"
        );
        assert_eq!(uri("a\\b.md"), "a/b.md");
        assert_eq!(
            pascal_case("International transfers"),
            "InternationalTransfers"
        );
        assert_eq!(pascal_case("Children's data"), "ChildrensData");
    }
}
