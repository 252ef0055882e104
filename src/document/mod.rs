//! Decoding and parsing: bytes → [`Document`], with exact source spans.

mod blocks;
pub mod decode;
mod inline;
pub mod lines;
mod projection;
mod sentence;
mod syntax;

pub use blocks::{BlockKind, Comment};
pub use decode::{DecodeError, Decoded, decode};
pub use lines::LineIndex;

use blocks::RawBlock;
use inline::InlineScanner;
use projection::Projection;

/// A half-open byte range.
pub type Span = (usize, usize);

/// Whether a source is read as Markdown or as plain text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Markdown,
    Text,
}

impl Syntax {
    /// `.txt` files are plain text; everything else is read as Markdown.
    pub fn for_path(path: &str) -> Syntax {
        if path.to_ascii_lowercase().ends_with(".txt") {
            Syntax::Text
        } else {
            Syntax::Markdown
        }
    }
}

/// One block of a document: a heading, a paragraph, a list item, a table row
/// or a code block. Offsets are held in 32 bits (documents are at most
/// 4 GiB), as a long document has hundreds of thousands of blocks.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    span: (u32, u32),
    text: (u32, u32),
    /// `NO_SECTION` above the first heading.
    section: u32,
    sentences: (u32, u32),
}

const NO_SECTION: u32 = u32::MAX;

impl Block {
    /// Source span of the whole block, markup included.
    pub fn span(&self) -> Span {
        (self.span.0 as usize, self.span.1 as usize)
    }

    /// Range of the block's text in [`Document::text`].
    pub fn text(&self) -> Span {
        (self.text.0 as usize, self.text.1 as usize)
    }

    /// The nearest heading above this block (for a heading, its parent).
    pub fn section(&self) -> Option<usize> {
        (self.section != NO_SECTION).then_some(self.section as usize)
    }

    /// Indices into [`Document::sentences`].
    pub fn sentences(&self) -> std::ops::Range<usize> {
        self.sentences.0 as usize..self.sentences.1 as usize
    }
}

/// A sentence: a range of the projected text and the block it belongs to,
/// in 32 bits like [`Block`].
#[derive(Debug, Clone, Copy)]
pub struct Sentence {
    text: (u32, u32),
    block: u32,
}

impl Sentence {
    /// Range in [`Document::text`].
    pub fn text(&self) -> Span {
        (self.text.0 as usize, self.text.1 as usize)
    }

    /// Index into [`Document::blocks`].
    pub fn block(&self) -> usize {
        self.block as usize
    }
}

/// An offset or index as a document stores it (its text, blocks, offset map
/// and line starts all hold 32 bits).
pub(crate) fn narrow(at: usize) -> u32 {
    u32::try_from(at).expect("documents are at most 4 GiB (decode rejects larger files)")
}

/// A parsed policy: blocks with spans, sections, sentences, and the plain-text
/// projection that rules match, mapped back to source bytes.
#[derive(Debug)]
pub struct Document {
    pub source: String,
    /// Length of a byte-order mark that was dropped before `source`.
    pub bom_len: usize,
    pub syntax: Syntax,
    /// Plain text of every block, blocks separated by a line break.
    pub text: String,
    projection: Projection,
    pub blocks: Vec<Block>,
    pub sentences: Vec<Sentence>,
    pub comments: Vec<Comment>,
    pub lines: LineIndex,
}

impl Document {
    pub fn parse(decoded: Decoded, syntax: Syntax) -> Document {
        let Decoded {
            text: source,
            bom_len,
        } = decoded;
        let markdown = syntax == Syntax::Markdown;
        // blocks are projected as the parser finds them, so a large file
        // never holds its raw blocks all at once
        let mut builder = Builder::new(&source, markdown);
        let mut promoter = blocks::Promoter::new(&source, markdown);
        let comments = blocks::parse(&source, markdown, &mut |raw| {
            promoter.push(raw, &mut |block| builder.add(block));
        });
        promoter.finish(&mut |block| builder.add(block));
        let Builder {
            mut projection,
            blocks,
            mut sentences,
            ..
        } = builder;

        projection.text.shrink_to_fit();
        sentences.shrink_to_fit();
        let lines = LineIndex::new(&source);
        Document {
            // the text moves out; the runs stay to map offsets back
            text: std::mem::take(&mut projection.text),
            projection,
            source,
            bom_len,
            syntax,
            blocks,
            sentences,
            comments,
            lines,
        }
    }

    /// Source span of a range of [`Document::text`].
    pub fn source_span(&self, text: Span) -> Span {
        self.projection.source_range(&self.text, text.0, text.1)
    }

    pub fn sentence_text(&self, sentence: &Sentence) -> &str {
        let (start, end) = sentence.text();
        &self.text[start..end]
    }

    pub fn block_text(&self, block: &Block) -> &str {
        let (start, end) = block.text();
        &self.text[start..end]
    }

    /// Index of the sentence whose text range holds `offset` of the
    /// projection.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.text().1 <= offset);
        (i < self.sentences.len() && self.sentences[i].text().0 <= offset).then_some(i)
    }

    /// The headings above a block, nearest first.
    pub fn heading_path(&self, block: usize) -> impl Iterator<Item = usize> + '_ {
        let start = match self.blocks[block].kind {
            BlockKind::Heading { .. } => Some(block),
            _ => self.blocks[block].section(),
        };
        std::iter::successors(start, move |&h| self.blocks[h].section())
    }

    /// The line a reader would call the document's title: its first heading,
    /// else its first line.
    pub fn title_span(&self) -> Span {
        let heading = self
            .blocks
            .iter()
            .take(8)
            .find(|b| matches!(b.kind, BlockKind::Heading { .. }));
        match heading.or(self.blocks.first()) {
            Some(b) => {
                let line = self.lines.line_of(b.span().0);
                let start = self.lines.line_start(line);
                let end = self.source[start..]
                    .find(['\n', '\r'])
                    .map_or(self.source.len(), |i| start + i);
                (start, end)
            }
            None => (0, 0),
        }
    }

    /// 1-based line and column of a source offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.lines.line_col(&self.source, offset)
    }
}

/// Projects blocks in document order and splits them into sentences.
struct Builder<'a> {
    source: &'a str,
    scanner: InlineScanner<'a>,
    projection: Projection,
    blocks: Vec<Block>,
    sentences: Vec<Sentence>,
    /// Sentence ranges of the current block (kept to reuse its allocation).
    ranges: Vec<Span>,
    /// Open headings, outermost first: (level, block index).
    heading_stack: Vec<(u8, usize)>,
}

impl<'a> Builder<'a> {
    fn new(source: &'a str, markdown: bool) -> Self {
        // the projection is never longer than the source: reserving it once
        // spares a large document the copies (and the doubled peak) of
        // growing it
        let mut projection = Projection::default();
        projection.text.reserve_exact(source.len());
        Builder {
            source,
            scanner: InlineScanner::new(source, markdown),
            projection,
            blocks: Vec::new(),
            sentences: Vec::new(),
            ranges: Vec::new(),
            heading_stack: Vec::new(),
        }
    }

    fn add(&mut self, block: RawBlock) {
        let RawBlock {
            kind,
            span,
            segments,
            inline,
        } = block;
        let projection = &mut self.projection;
        if !projection.text.is_empty() {
            projection.push_synthetic("\n", span.0.saturating_sub(1));
        }
        let start = projection.text.len();
        for (i, (s, e)) in segments.iter().enumerate() {
            if i > 0 {
                projection.push_synthetic(" ", segments[i - 1].1);
            }
            if inline {
                self.scanner.project(*s, *e, projection);
            } else {
                projection.push_source(self.source, *s, *e);
            }
        }
        let end = projection.text.len();

        let index = self.blocks.len();
        let heading_stack = &mut self.heading_stack;
        let section = match kind {
            BlockKind::Heading { level } => {
                while heading_stack.last().is_some_and(|(l, _)| *l >= level) {
                    heading_stack.pop();
                }
                let parent = heading_stack.last().map(|(_, i)| *i);
                heading_stack.push((level, index));
                parent
            }
            _ => heading_stack.last().map(|(_, i)| *i),
        };

        let ranges = &mut self.ranges;
        ranges.clear();
        if matches!(kind, BlockKind::Heading { .. }) {
            let t = &projection.text[start..end];
            let s = start + (t.len() - t.trim_start().len());
            if !t.trim().is_empty() {
                ranges.push((s, s + t.trim().len()));
            }
        } else {
            sentence::split(&projection.text, start, end, ranges);
        }
        let first = self.sentences.len();
        let block = narrow(index);
        self.sentences.extend(ranges.iter().map(|&(s, e)| Sentence {
            text: (narrow(s), narrow(e)),
            block,
        }));
        self.blocks.push(Block {
            kind,
            span: (narrow(span.0), narrow(span.1)),
            text: (narrow(start), narrow(end)),
            section: section.map_or(NO_SECTION, narrow),
            sentences: (narrow(first), narrow(self.sentences.len())),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(src: &str) -> Document {
        Document::parse(
            Decoded {
                text: src.to_string(),
                bom_len: 0,
            },
            Syntax::Markdown,
        )
    }

    #[test]
    fn sections_and_sentences() {
        let d = doc(
            "# Policy\n\n## Children\n\nWe do **not** collect data\nfrom kids. Ask e.g. us.\n\n### Sub\n\n- item one\n",
        );
        let para = &d.blocks[2];
        assert_eq!(para.section(), Some(1));
        let texts: Vec<&str> = d.sentences[para.sentences()]
            .iter()
            .map(|s| d.sentence_text(s))
            .collect();
        assert_eq!(
            texts,
            vec!["We do not collect data from kids.", "Ask e.g. us."]
        );
        let path: Vec<usize> = d.heading_path(4).collect();
        assert_eq!(path, vec![3, 1, 0]);
        let (s, e) = d.source_span(d.sentences[para.sentences().start].text());
        assert_eq!(&d.source[s..e], "We do **not** collect data\nfrom kids.");
    }

    #[test]
    fn blocks_and_sentences_stay_compact() {
        // a large document holds hundreds of thousands of each
        assert_eq!(std::mem::size_of::<Block>(), 32);
        assert_eq!(std::mem::size_of::<Sentence>(), 12);
    }
}
