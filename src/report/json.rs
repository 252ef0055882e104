//! `--format json`: the report as one JSON object (version 1). It is written
//! as files are checked, so a run over many files holds one file's report at
//! a time rather than all of them.

use super::{FileReport, Report, Summary};
use serde::Serialize;

/// Writes the report in pieces: for each file in order, [`JsonWriter::file`]
/// (or [`JsonWriter::before_file`] and the [`entry`] of a [`file_body`],
/// which may be serialised on any thread), then [`JsonWriter::finish`]. The
/// bytes are those of [`render`].
#[derive(Debug, Default)]
pub struct JsonWriter {
    files: usize,
}

/// A file's report serialised two arrays deep comes out indented as an
/// entry of `files`: these wrapping lines are all that is cut off, which
/// spares a second pass to indent it.
const WRAP_HEAD: &str = "[\n  [\n";
const WRAP_TAIL: &str = "\n  ]\n]";

impl JsonWriter {
    pub fn file(&mut self, file: &FileReport) -> String {
        let body = file_body(file);
        let mut out = String::from(self.before_file());
        out.push_str(entry(&body));
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
        // one array deep: indented as the value of `summary`
        out.push_str(cut(&pretty(&[summary]), "[\n  ", "\n]"));
        out.push_str("\n}\n");
        out
    }
}

/// A file's report serialised for the `files` array; [`entry`] is the part
/// written.
pub fn file_body(file: &FileReport) -> String {
    pretty(&[[file]])
}

/// The entry of `files` within a [`file_body`].
pub fn entry(body: &str) -> &str {
    cut(body, WRAP_HEAD, WRAP_TAIL)
}

/// `json` without the lines of the array that wraps it.
fn cut<'a>(json: &'a str, head: &str, tail: &str) -> &'a str {
    debug_assert!(json.starts_with(head) && json.ends_with(tail));
    &json[head.len()..json.len() - tail.len()]
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
    // a file's report is some kilobytes: room for it up front spares the
    // buffer's regrowth and copies
    let mut out = Vec::with_capacity(16 << 10);
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, Pretty::default());
    value
        .serialize(&mut serializer)
        .expect("a report always serialises");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// serde_json's pretty printing (two spaces a level), byte for byte, with
/// each line break and its indentation written at once: serde_json writes
/// the indentation a level at a time, and a report is mostly short lines.
#[derive(Default)]
struct Pretty {
    level: usize,
    has_value: bool,
}

impl Pretty {
    /// A line break and the indentation of the current level.
    fn new_line<W: ?Sized + std::io::Write>(&self, writer: &mut W) -> std::io::Result<()> {
        const LINE: &[u8] = b"\n                                                                ";
        match LINE.get(..1 + 2 * self.level) {
            Some(line) => writer.write_all(line),
            None => {
                writer.write_all(b"\n")?;
                (0..self.level).try_for_each(|_| writer.write_all(b"  "))
            }
        }
    }

    /// `[` or `{`: one level in.
    fn open<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    /// `]` or `}`, on a line of its own after any values.
    fn close<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.new_line(writer)?;
        }
        writer.write_all(bracket)
    }

    /// Before an array's value or an object's key: a comma after the
    /// first, and a line of its own.
    fn entry<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        if !first {
            writer.write_all(b",")?;
        }
        self.new_line(writer)
    }
}

impl serde_json::ser::Formatter for Pretty {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.entry(writer, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.entry(writer, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
    ) -> std::io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::FileProblem;

    /// The formatter writes what serde_json's pretty printer writes: empty
    /// and nested arrays and objects, escapes, and nesting deeper than the
    /// indentation kept at hand.
    #[test]
    fn pretty_is_serde_jsons_pretty() {
        let mut deep = serde_json::json!(["bottom", {}, []]);
        for i in 0..40 {
            deep = if i % 2 == 0 {
                serde_json::json!({ "level": i, "inner": deep, "empty": [] })
            } else {
                serde_json::json!([i, deep, {}, "a \"quoted\"\nline"])
            };
        }
        for value in [
            serde_json::json!([]),
            serde_json::json!({}),
            serde_json::json!(3),
            deep,
        ] {
            assert_eq!(
                pretty(&value),
                serde_json::to_string_pretty(&value).unwrap()
            );
        }
    }

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
