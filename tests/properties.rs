//! Property tests. For the parser: spans stay in bounds and on character
//! boundaries, and every projected word maps back to the same word in the
//! source, whatever Markdown (or garbage) the input holds. For the term
//! scan: a phrase's steps match exactly where the term's regex does.

use policylint::document::{Decoded, Document, Syntax};
use proptest::prelude::*;

/// Markdown-ish input: words, markup and line structure policies use.
fn markdownish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[A-Za-zéß]{1,8}",
        Just(" ".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\n\n".to_string()),
        Just("**".to_string()),
        Just("_".to_string()),
        Just("*".to_string()),
        Just("# ".to_string()),
        Just("> ".to_string()),
        Just("- ".to_string()),
        Just("1. ".to_string()),
        Just("1\\. ".to_string()),
        Just("[".to_string()),
        Just("](http://x.org/a_(b))".to_string()),
        Just("](mailto:a@b.org)".to_string()),
        Just("<!-- ".to_string()),
        Just(" -->".to_string()),
        Just("`".to_string()),
        Just("| ".to_string()),
        Just("---".to_string()),
        Just("```".to_string()),
        Just("&amp;".to_string()),
        Just("\\".to_string()),
        Just(". ".to_string()),
        Just("e.g. ".to_string()),
        Just("U.S. ".to_string()),
        Just("<br>".to_string()),
        "[0-9]{1,4}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..80).prop_map(|v| v.concat())
}

fn parse(text: &str, syntax: Syntax) -> Document {
    Document::parse(
        Decoded {
            text: text.to_string(),
            bom_len: 0,
        },
        syntax,
    )
}

fn check_document(doc: &Document) {
    let src = &doc.source;
    for block in &doc.blocks {
        assert!(block.span().0 <= block.span().1 && block.span().1 <= src.len());
        assert!(src.is_char_boundary(block.span().0) && src.is_char_boundary(block.span().1));
        assert!(block.text().1 <= doc.text_len());
    }
    for sentence in &doc.sentences {
        let (s, e) = doc.source_span(sentence.text());
        assert!(s <= e && e <= src.len(), "span {s}..{e} of {}", src.len());
        assert!(src.is_char_boundary(s) && src.is_char_boundary(e));
    }
    // the text is rebuilt from the source for any range: a block's, a
    // sentence's, or one across blocks reads as that part of the whole
    let text = &doc.text((0, doc.text_len()));
    assert_eq!(text.len(), doc.text_len());
    // a short document's text, kept from parsing, reads as its blocks
    // rebuilt from the source, a line break before each but the first
    let mut rebuilt = String::new();
    doc.for_each_block_text(|block| {
        rebuilt.extend(std::iter::repeat_n('\n', block.start - rebuilt.len()));
        rebuilt.push_str(block.text);
    });
    rebuilt.extend(std::iter::repeat_n('\n', doc.text_len() - rebuilt.len()));
    assert_eq!(**text, rebuilt);
    for (i, block) in doc.blocks.iter().enumerate() {
        let (s, e) = block.text();
        assert_eq!(doc.block_text(block), text[s..e]);
        for k in doc.block_sentences(i) {
            assert_eq!(doc.sentence_block(k), i);
        }
    }
    for pair in doc.sentences.windows(2) {
        let (s, e) = (pair[0].text().0, pair[1].text().1);
        assert_eq!(
            doc.sentence_text(&pair[0]),
            text[pair[0].text().0..pair[0].text().1]
        );
        assert_eq!(doc.text((s, e)), text[s..e]);
    }
    // every projected word maps back to the same word
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let Some(start) = rest.find(|c: char| c.is_alphanumeric()) else {
            break;
        };
        let start = i + start;
        let len = text[start..]
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(text.len() - start);
        let word = &text[start..start + len];
        // a word may straddle markup ("bo**ld**"), so compare character by character
        for (offset, ch) in word.char_indices() {
            let at = doc.source_span((start + offset, start + offset + ch.len_utf8()));
            assert_eq!(&src[at.0..at.1], ch.to_string(), "in word {word:?}");
        }
        i = start + len;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn markdown_spans_are_exact(text in markdownish()) {
        check_document(&parse(&text, Syntax::Markdown));
    }

    #[test]
    fn plain_text_spans_are_exact(text in markdownish()) {
        check_document(&parse(&text, Syntax::Text));
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in "\\PC{0,400}") {
        check_document(&parse(&text, Syntax::Markdown));
    }
}

/// Phrase terms: words of a small alphabet with the characters the term
/// language treats specially (`-`, `'`, a trailing `*`, a lone `*`).
fn phrase_term() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        "[ab][ab'\\-]{0,3}[ab]?\\*?",
        Just("*".to_string()),
        Just("a-b".to_string()),
        Just("b's".to_string()),
    ];
    prop::collection::vec(word, 1..4).prop_map(|w| w.join(" "))
}

/// Text made of the same letters and every kind of separator.
fn phrase_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[abAB]{1,3}",
        Just(" ".to_string()),
        Just("-".to_string()),
        Just("--".to_string()),
        Just("'".to_string()),
        Just("’".to_string()),
        Just("\n".to_string()),
        Just("\t".to_string()),
        Just("_".to_string()),
        Just(".".to_string()),
        Just("1".to_string()),
        Just("é".to_string()),
    ];
    prop::collection::vec(piece, 0..16).prop_map(|p| p.concat())
}

/// A term and a text written from it: its spaces and hyphens replaced by
/// any separator (or none), its wildcards by letters or nothing, with text
/// around it. Such texts match far more often than random ones, so the
/// checks beside an anchor ("you" followed by " can") meet both answers.
fn phrase_and_text_from_it() -> impl Strategy<Value = (String, String)> {
    let separator = prop_oneof![
        Just(" ".to_string()),
        Just("  ".to_string()),
        Just("-".to_string()),
        Just(" - ".to_string()),
        Just("\n".to_string()),
        Just("\t".to_string()),
        Just(String::new()),
        Just(".".to_string()),
        Just("_".to_string()),
        Just("’".to_string()),
    ];
    (
        phrase_term(),
        prop::collection::vec(separator, 8),
        prop::collection::vec("[abAB]{0,3}", 8),
        "[abAB .]{0,4}",
        "[abAB .]{0,4}",
    )
        .prop_map(|(term, separators, fills, before, after)| {
            let (mut seps, mut fills) = (separators.into_iter(), fills.into_iter());
            let mut text = before;
            for c in term.chars() {
                match c {
                    ' ' | '-' => text.push_str(&seps.next().unwrap_or_default()),
                    '*' => text.push_str(&fills.next().unwrap_or_default()),
                    c => text.push(c),
                }
            }
            text.push_str(&after);
            (term, text)
        })
}

/// Whether `term` matches `text` by its phrase steps, tried wherever its
/// anchor stands, and by its regex.
fn phrase_and_regex(term: &str, text: &str) -> Option<(bool, bool)> {
    use policylint::ruleset::term::{compile, group_regex, to_regex};
    let source = to_regex(term).ok()?;
    let regex = policylint::pattern::compile_set([group_regex(&[source])]).unwrap();
    let phrase = compile(term).unwrap().phrase?;
    let anchor = phrase.anchor();
    let lower = text.to_ascii_lowercase();
    let found = (0..=text.len().saturating_sub(anchor.len()))
        .filter(|&i| lower.as_bytes()[i..].starts_with(&anchor))
        .any(|i| {
            let mut budget = policylint::ruleset::phrase::STEP_BUDGET;
            let found = phrase
                .matches_at(text.as_bytes(), i, &mut budget)
                .expect("small inputs stay within the step budget");
            // the term scan takes a phrase that is its anchor alone as
            // found wherever the checks beside the anchor hold
            if phrase.is_anchor_alone() {
                let holds = phrase.around().holds(text.as_bytes(), i, i + anchor.len());
                assert_eq!(holds, found, "{term:?} alone at {i} of {text:?}");
            }
            found
        });
    Some((found, regex.is_match(text)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    /// Texts written from the term, where most tries find it.
    #[test]
    fn phrases_match_like_their_regex_in_texts_made_from_them(
        (term, text) in phrase_and_text_from_it()
    ) {
        if let Some((found, expected)) = phrase_and_regex(&term, &text) {
            prop_assert_eq!(found, expected, "term {:?} on {:?}", term, text);
        }
    }

    /// A phrase found by its anchor and confirmed step by step matches
    /// exactly where the regex the term language writes for it matches.
    #[test]
    fn phrases_match_like_their_regex(term in phrase_term(), text in phrase_text()) {
        if let Some((found, expected)) = phrase_and_regex(&term, &text) {
            prop_assert_eq!(found, expected, "term {:?} on {:?}", term, text);
        }
    }
}
