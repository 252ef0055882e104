//! Suppression comments inside a draft:
//! `<!-- policylint-disable RULE[, RULE] [-- reason] -->` for the whole file,
//! `<!-- policylint-disable-next-line RULE -->` for findings on the next line.

use crate::document::Document;

#[derive(Debug, Default)]
pub struct Suppressions {
    /// Rules disabled for the whole file.
    pub file: Vec<String>,
    /// (rule, 0-based line whose findings are suppressed)
    pub lines: Vec<(String, usize)>,
    /// Directives naming rules that do not exist: (source span, rule id).
    pub unknown: Vec<((usize, usize), String)>,
}

impl Suppressions {
    pub fn find(doc: &Document, known: &dyn Fn(&str) -> bool) -> Suppressions {
        let mut out = Suppressions::default();
        for comment in &doc.comments {
            let inner = &doc.source[comment.inner.0..comment.inner.1];
            let body = inner.trim();
            let (next_line, rest) =
                if let Some(rest) = body.strip_prefix("policylint-disable-next-line") {
                    (true, rest)
                } else if let Some(rest) = body.strip_prefix("policylint-disable") {
                    (false, rest)
                } else {
                    continue;
                };
            if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
                continue;
            }
            // the reason follows " -- "
            let ids = rest.split(" --").next().unwrap_or("");
            let line = doc.lines.line_of(comment.span.1);
            for id in ids
                .split([',', ' ', '\t', '\n', '\r'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
            {
                if !known(id) {
                    out.unknown.push((comment.span, id.to_string()));
                } else if next_line {
                    out.lines.push((id.to_string(), line + 1));
                } else {
                    out.file.push(id.to_string());
                }
            }
        }
        out
    }

    pub fn file_disables(&self, rule: &str) -> bool {
        self.file.iter().any(|r| r == rule)
    }

    pub fn line_disables(&self, rule: &str, line: usize) -> bool {
        self.lines.iter().any(|(r, l)| r == rule && *l == line)
    }
}
