//! `--format json`: the report as one JSON object (version 1). It is written
//! as files are checked, so a run over many files holds one file's report at
//! a time rather than all of them.

use super::{FileReport, Report, Summary};
use serde::Serialize;

/// Writes the report in pieces: [`JsonWriter::file`] (or [`file_body`], which
/// may run on any thread, then [`JsonWriter::file_from_body`]) for each file
/// in order, then [`JsonWriter::finish`]. The bytes are those of [`render`].
#[derive(Debug, Default)]
pub struct JsonWriter {
    files: usize,
}

impl JsonWriter {
    pub fn file(&mut self, file: &FileReport) -> String {
        self.file_from_body(&file_body(file))
    }

    /// The next file's entry, from its [`file_body`].
    pub fn file_from_body(&mut self, body: &str) -> String {
        let mut out = String::with_capacity(body.len() + 48);
        out.push_str(if self.files == 0 {
            "{\n  \"version\": 1,\n  \"files\": [\n"
        } else {
            ",\n"
        });
        self.files += 1;
        out.push_str(body);
        out
    }

    pub fn finish(&mut self, summary: &Summary) -> String {
        let mut out = String::from(if self.files == 0 {
            "{\n  \"version\": 1,\n  \"files\": [],\n  \"summary\": "
        } else {
            "\n  ],\n  \"summary\": "
        });
        // one array deep: indented as the value of `summary`
        let mut summary = pretty(&[summary]);
        unwrap(&mut summary, "[\n  ", "\n]");
        out.push_str(&summary);
        out.push_str("\n}\n");
        out
    }
}

/// One file's entry in the `files` array, indented to its place.
pub fn file_body(file: &FileReport) -> String {
    // serialised two arrays deep, it comes out indented as an entry of
    // `files`: the wrapping lines are cut off, which spares a second pass
    // to indent it
    let mut out = pretty(&[[file]]);
    unwrap(&mut out, "[\n  [\n", "\n  ]\n]");
    out
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

fn pretty(value: &impl Serialize) -> String {
    serde_json::to_string_pretty(value).expect("a report always serialises")
}

/// Cuts the lines of a wrapping array off pretty-printed JSON.
fn unwrap(json: &mut String, head: &str, tail: &str) {
    debug_assert!(json.starts_with(head) && json.ends_with(tail));
    json.truncate(json.len() - tail.len());
    json.replace_range(..head.len(), "");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::FileProblem;

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
        for n in 0..3 {
            let report = Report {
                files: (0..n)
                    .map(|i| FileReport::unreadable(&format!("p{i}.md"), problem.clone()))
                    .collect(),
                rules: Vec::new(),
            };
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
