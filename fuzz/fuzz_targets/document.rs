//! Decoder and document parser: any bytes, both syntaxes. Asserts every span
//! the parser hands out (blocks, sentences, comments, the title) lies inside
//! its text and on UTF-8 character boundaries, that `source_span` maps every
//! sentence back into the source, and that `line_col` answers for any
//! character boundary.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policylint::document::{decode, DecodeError, Decoded, Document, Syntax};

fuzz_target!(|data: &[u8]| {
    // decode: errors must describe the input they were given
    match decode(data.to_vec()) {
        Ok(decoded) => {
            let bom = decoded.bom_len;
            assert!(bom == 0 || bom == 3, "bom_len {bom}");
            assert_eq!(decoded.text.as_bytes(), &data[bom..]);
            check_doc(Document::parse(decoded.clone(), Syntax::Markdown));
            check_doc(Document::parse(decoded, Syntax::Text));
        }
        Err(DecodeError::NotUtf8 {
            offset,
            line,
            column,
            byte,
        }) => {
            assert!(offset < data.len(), "NotUtf8 offset {offset} past end");
            assert_eq!(data[offset], byte, "NotUtf8 byte does not match offset");
            assert!(line >= 1 && column >= 1);
        }
        Err(DecodeError::Binary { offset }) => assert_eq!(data.get(offset), Some(&0)),
        Err(DecodeError::Utf16(_)) => assert!(data.len() >= 2),
        Err(DecodeError::TooLarge { len }) => assert!(len > u64::from(u32::MAX)),
    }

    // the parser on its own takes any String, NULs and all
    let text = String::from_utf8_lossy(data).into_owned();
    for syntax in [Syntax::Markdown, Syntax::Text] {
        check_doc(Document::parse(
            Decoded {
                text: text.clone(),
                bom_len: 0,
            },
            syntax,
        ));
    }
});

fn assert_span(what: &str, text: &str, (s, e): (usize, usize)) {
    assert!(s <= e, "{what}: reversed span {s}..{e}");
    assert!(e <= text.len(), "{what}: span {s}..{e} past end {}", text.len());
    assert!(
        text.is_char_boundary(s) && text.is_char_boundary(e),
        "{what}: span {s}..{e} not on char boundaries"
    );
}

fn check_line_col(doc: &Document, offset: usize) {
    let (line, column) = doc.line_col(offset);
    assert!(line >= 1 && column >= 1, "line_col({offset}) = ({line}, {column})");
    assert!(line <= doc.lines.len(), "line_col({offset}) line {line} > {}", doc.lines.len());
}

fn check_doc(doc: Document) {
    let src = doc.source.as_str();
    let whole = doc.text((0, doc.text_len()));
    let text: &str = &whole;

    for (i, block) in doc.blocks.iter().enumerate() {
        assert_span("block.span", src, block.span());
        assert_span("block.text", text, block.text());
        let (s, e) = block.text();
        assert_eq!(doc.block_text(block), text[s..e], "a block's text is rebuilt exactly");
        let sentences = doc.block_sentences(i);
        assert!(sentences.start <= sentences.end);
        assert!(sentences.end <= doc.sentences.len());
        if let Some(section) = block.section() {
            assert!(section < i, "block {i} has section {section} not above it");
        }
        // heading_path must end (no cycles) and stay in bounds
        assert!(doc.heading_path(i).count() <= i + 1);
    }

    let mut previous_end = 0;
    for (i, sentence) in doc.sentences.iter().enumerate() {
        assert_span("sentence.text", text, sentence.text());
        assert!(doc.sentence_block(i) < doc.blocks.len());
        assert!(doc.block_sentences(doc.sentence_block(i)).contains(&i));
        assert!(sentence.text().0 >= previous_end, "sentences overlap or go backwards");
        previous_end = sentence.text().1;
        let (s, e) = sentence.text();
        assert_eq!(doc.sentence_text(sentence), text[s..e], "a sentence's text is rebuilt exactly");
        assert_eq!(doc.text((s, text.len())), text[s..], "text across blocks is rebuilt exactly");
        assert_eq!(doc.sentence_at(sentence.text().0), Some(i));

        let span = doc.source_span(sentence.text());
        assert_span("source_span(sentence)", src, span);
        let _ = &src[span.0..span.1];
        check_line_col(&doc, span.0);
        check_line_col(&doc, span.1);
    }

    for comment in &doc.comments {
        assert_span("comment.span", src, comment.span);
        assert_span("comment.inner", src, comment.inner);
    }

    let title = doc.title_span();
    assert_span("title_span", src, title);
    check_line_col(&doc, title.0);
    check_line_col(&doc, title.1);

    // every character boundary of a small source, and the end
    if src.len() <= 4096 {
        for (offset, _) in src.char_indices() {
            check_line_col(&doc, offset);
        }
    }
    check_line_col(&doc, src.len());
}
