//! Ruleset loader: any text as a ruleset file. `Ruleset::add` may reject it
//! (every error is then located and rendered, as the CLI does) but never
//! panics. A ruleset that loads is run over a small fixed document with
//! `check::check` and through `Linter::check_document`, and its evidence
//! must map back into the document. Each rule's `[[rule.example]]` text is
//! checked too, as a Markdown draft, so the fuzzer also chooses documents.
#![no_main]

use codespan_reporting::term::termcolor::NoColor;
use libfuzzer_sys::fuzz_target;
use policylint::document::{Decoded, Document, Syntax};
use policylint::ruleset::Ruleset;
use policylint::Linter;

const DOC: &str = "\
# Privacy Policy

Last updated: 1 March 2024.

## Children

We do not knowingly collect personal information from children under 13.

## Contact

Email privacy@example.com or write to 1 Main St, Springfield, IL 62704.
We keep logs for 30 days and transfer data to the United States.
<!-- policylint-disable-next-line cookies -->
- We use cookies; see *Cookies* below.
";

fn doc() -> Document {
    Document::parse(
        Decoded {
            text: DOC.to_string(),
            bom_len: 0,
        },
        Syntax::Markdown,
    )
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut ruleset = Ruleset::default();
    match ruleset.add("fuzz.toml", text) {
        Err(errors) => {
            assert!(!errors.is_empty(), "Err with no errors");
            for e in &errors {
                let _ = e.location();
                let _ = e.to_string();
                let mut out = NoColor::new(Vec::new());
                e.render(&mut out).expect("rendering to a Vec does not fail");
            }
        }
        Ok(()) => {
            let d = doc();
            let (outcomes, _suppressions) =
                policylint::check::check(&d, &ruleset, &Default::default());
            assert_eq!(outcomes.len(), ruleset.rules.len());
            for outcome in &outcomes {
                for ev in &outcome.evidence {
                    let (s, e) = ev.text;
                    let text = d.text((0, d.text_len()));
                    assert!(s <= e && e <= text.len(), "evidence {s}..{e} out of text");
                    assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
                    let (a, b) = d.source_span(ev.text);
                    assert!(a <= b && b <= d.source.len());
                }
            }
            let examples: Vec<String> = ruleset
                .rules
                .iter()
                .flat_map(|r| r.examples.iter().map(|e| e.text.clone()))
                .take(8)
                .collect();
            let linter = Linter::new(ruleset, Default::default());
            let report = linter.check_document("fuzz.md", doc());
            assert_eq!(report.checks.len(), linter.ruleset.rules.len());
            for text in examples {
                let report = linter.check_bytes("example.md", text.into_bytes());
                assert_eq!(report.checks.len(), linter.ruleset.rules.len());
            }
        }
    }
});
