//! `--format json`: the report as one JSON object (version 1).

use super::{Report, Summary};
use serde::Serialize;

#[derive(Serialize)]
struct Json<'a> {
    version: u32,
    files: &'a [super::FileReport],
    summary: Summary,
}

pub fn render(report: &Report) -> String {
    let json = Json {
        version: 1,
        files: &report.files,
        summary: report.summary(),
    };
    let mut out = serde_json::to_string_pretty(&json).expect("a report always serialises");
    out.push('\n');
    out
}
