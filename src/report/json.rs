//! `--format json`: the report as one JSON object (version 1). It is written
//! as files are checked, so a run over many files holds one file's report at
//! a time rather than all of them.

use super::json_text::JsonText;
use super::{FileReport, Report, Summary};

/// Writes the report in pieces: for each file in order, [`JsonWriter::file`]
/// (or [`JsonWriter::before_file`] and a [`file_entry`], which may be
/// written on any thread), then [`JsonWriter::finish`]. The bytes are those
/// of [`render`].
#[derive(Debug, Default)]
pub struct JsonWriter {
    files: usize,
}

impl JsonWriter {
    pub fn file(&mut self, file: &FileReport) -> String {
        let mut out = String::from(self.before_file());
        out.push_str(&file_entry(file));
        out
    }

    /// What precedes the next file's entry: the report's opening for the
    /// first file, a comma for the others.
    pub fn before_file(&mut self) -> &'static str {
        self.files += 1;
        if self.files == 1 {
            "{\n  \"version\": 1,\n  \"files\": [\n"
        } else {
            ",\n"
        }
    }

    pub fn finish(&mut self, summary: &Summary) -> String {
        let mut out = String::from(if self.files == 0 {
            "{\n  \"version\": 1,\n  \"files\": [],\n  \"summary\": "
        } else {
            "\n  ],\n  \"summary\": "
        });
        // indented as the value of `summary`, one level deep
        let mut text = JsonText::pretty(1, 256);
        text.summary(summary);
        out.push_str(&text.into_string());
        out.push_str("\n}\n");
        out
    }
}

/// A file's entry of the `files` array, indented two levels deep as it
/// stands there.
pub fn file_entry(file: &FileReport) -> String {
    // a file's report is some kilobytes: room for it up front spares the
    // buffer's regrowth and copies
    let mut text = JsonText::pretty(2, 16 << 10);
    text.indent();
    text.file(file);
    text.into_string()
}

/// A file's line of `--format jsonl`.
pub fn file_line(file: &FileReport) -> String {
    let mut text = JsonText::compact(8 << 10);
    text.file(file);
    let mut line = text.into_string();
    line.push('\n');
    line
}

/// The whole report at once.
pub fn render(report: &Report) -> String {
    let mut writer = JsonWriter::default();
    let mut out = String::new();
    for file in &report.files {
        out.push_str(&writer.file(file));
    }
    out.push_str(&writer.finish(&report.summary()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::FileProblem;
    use serde::Serialize;

    /// The pieces add up to what serialising the whole report writes.
    #[test]
    fn pieces_equal_the_whole() {
        #[derive(Serialize)]
        struct Whole<'a> {
            version: u32,
            files: &'a [FileReport],
            summary: Summary,
        }
        let problem = FileProblem {
            message: "binary \"file\"\nskipped".into(),
            line: Some(1),
            column: None,
        };
        // checked reports too: evidence, values and nested arrays, where
        // the indentation of an entry cut from its wrapping shows
        let linter = crate::Linter::new(crate::ruleset::Ruleset::core(), Default::default());
        let draft = "# Privacy\n\nWe keep logs for 30 days. Email privacy@example.com.\n\n\
                     We do not collect data from children under 13.\n";
        let checked = || linter.check_bytes("draft.md", draft.as_bytes().to_vec());
        for n in 0..3 {
            let report = Report {
                files: (0..n)
                    .map(|i| FileReport::unreadable(&format!("p{i}.md"), problem.clone()))
                    .chain((0..n).map(|_| checked()))
                    .collect(),
                rules: Vec::new(),
            };
            assert!(
                n == 0
                    || report
                        .files
                        .last()
                        .unwrap()
                        .checks
                        .iter()
                        .any(|c| !c.evidence.is_empty())
            );
            let whole = Whole {
                version: 1,
                files: &report.files,
                summary: report.summary(),
            };
            let expected = format!("{}\n", serde_json::to_string_pretty(&whole).unwrap());
            assert_eq!(render(&report), expected, "{n} files");
        }
    }
}
