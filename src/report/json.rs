//! `--format json`: the report as one JSON object (version 1). It is written
//! as files are checked, so a run over many files holds one file's report at
//! a time rather than all of them.

use super::{FileReport, Report, Summary};
use serde::Serialize;

/// Writes the report in pieces: [`JsonWriter::file`] for each file in order,
/// then [`JsonWriter::finish`]. The bytes are those of [`render`].
#[derive(Debug, Default)]
pub struct JsonWriter {
    files: usize,
}

impl JsonWriter {
    pub fn file(&mut self, file: &FileReport) -> String {
        let mut out = String::from(if self.files == 0 {
            "{\n  \"version\": 1,\n  \"files\": [\n"
        } else {
            ",\n"
        });
        self.files += 1;
        indent_into(&mut out, &pretty(file), "    ", true);
        out
    }

    pub fn finish(&mut self, summary: &Summary) -> String {
        let mut out = String::from(if self.files == 0 {
            "{\n  \"version\": 1,\n  \"files\": [],\n  \"summary\": "
        } else {
            "\n  ],\n  \"summary\": "
        });
        indent_into(&mut out, &pretty(summary), "  ", false);
        out.push_str("\n}\n");
        out
    }
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

/// Appends `json` with every line indented (JSON strings hold no raw line
/// breaks, so lines are safe to indent); the first line only if asked.
fn indent_into(out: &mut String, json: &str, indent: &str, first: bool) {
    for (i, line) in json.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if i > 0 || first {
            out.push_str(indent);
        }
        out.push_str(line);
    }
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
