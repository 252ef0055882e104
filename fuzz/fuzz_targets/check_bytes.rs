//! End to end: any bytes checked against the built-in core ruleset, as
//! Markdown and as plain text, then rendered as JSON and as human
//! diagnostics. Asserts every evidence span points into the file as read.
#![no_main]

use codespan_reporting::term::termcolor::NoColor;
use libfuzzer_sys::fuzz_target;
use policylint::report::human::{render, HumanOptions};
use policylint::report::{json, Evidence, FileReport, Report};
use policylint::ruleset::{Ruleset, BUILTIN};
use policylint::Linter;
use std::sync::LazyLock;

static LINTER: LazyLock<Linter> = LazyLock::new(|| {
    let mut ruleset = Ruleset::default();
    if let Err(errors) = ruleset.add("core", BUILTIN[0].1) {
        panic!("built-in core ruleset does not load: {}", errors.len());
    }
    Linter::new(ruleset, Default::default())
});

fn check_evidence(file: &FileReport, ev: &Evidence) {
    let bom = file.bom_len;
    assert!(ev.start <= ev.end, "evidence {}..{} reversed", ev.start, ev.end);
    assert!(ev.start >= bom, "evidence starts inside the BOM");
    let (s, e) = (ev.start - bom, ev.end - bom);
    assert!(e <= file.source.len(), "evidence {s}..{e} past end");
    assert_eq!(&file.source[s..e], ev.text);
    assert!(ev.line >= 1 && ev.column >= 1 && ev.end_line >= ev.line);
}

fuzz_target!(|data: &[u8]| {
    let mut report = Report::default();
    for path in ["f.md", "f.txt"] {
        let file = LINTER.check_bytes(path, data.to_vec());
        if file.errors.is_empty() {
            assert_eq!(file.checks.len(), LINTER.ruleset.rules.len());
        }
        for check in &file.checks {
            for ev in &check.evidence {
                check_evidence(&file, ev);
            }
        }
        if let Some(title) = &file.title {
            check_evidence(&file, title);
        }
        report.files.push(file);
    }
    let _ = json::render(&report);
    let mut out = NoColor::new(Vec::new());
    render(&report, HumanOptions { show_satisfied: true }, &mut out)
        .expect("rendering to a Vec does not fail");
});
