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
        out.push_str(&pretty(summary, b"  "));
        out.push_str("\n}\n");
        out
    }
}

/// One file's entry in the `files` array, indented to its place.
pub fn file_body(file: &FileReport) -> String {
    let mut out = String::from("    ");
    out.push_str(&pretty(file, b"    "));
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

/// `value` pretty-printed, every line after the first indented by `indent`.
fn pretty(value: &impl Serialize, indent: &'static [u8]) -> String {
    let mut out = Vec::with_capacity(1024);
    serde_json::to_writer_pretty(
        Indented {
            out: &mut out,
            indent,
        },
        value,
    )
    .expect("a report always serialises");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// Indents every line after the first as it is written. JSON strings hold
/// no raw line breaks, so every line break is the formatter's own.
struct Indented<'a> {
    out: &'a mut Vec<u8>,
    indent: &'static [u8],
}

impl std::io::Write for Indented<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut rest = buf;
        while let Some(i) = memchr::memchr(b'\n', rest) {
            self.out.extend_from_slice(&rest[..=i]);
            self.out.extend_from_slice(self.indent);
            rest = &rest[i + 1..];
        }
        self.out.extend_from_slice(rest);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
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
