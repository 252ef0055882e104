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

use crate::gallop::partition_point_near;
use blocks::RawBlock;
use inline::InlineScanner;
use projection::{Projection, WritePlace};
use std::borrow::Cow;
use std::cell::OnceCell;

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
    /// Its first sentence; its last is before the next block's first.
    first_sentence: u32,
}

const NO_SECTION: u32 = u32::MAX;

impl Block {
    /// Source span of the whole block, markup included.
    pub fn span(&self) -> Span {
        (self.span.0 as usize, self.span.1 as usize)
    }

    /// Range of the block's projected text (see [`Document::text`]).
    pub fn text(&self) -> Span {
        (self.text.0 as usize, self.text.1 as usize)
    }

    /// The nearest heading above this block (for a heading, its parent).
    pub fn section(&self) -> Option<usize> {
        (self.section != NO_SECTION).then_some(self.section as usize)
    }
}

/// A sentence: a range of the projected text, in 32 bits like [`Block`].
/// Its block is found from the blocks' sentence ranges
/// ([`Document::sentence_block`]).
#[derive(Debug, Clone, Copy)]
pub struct Sentence {
    text: (u32, u32),
}

impl Sentence {
    /// Range of the sentence's projected text (see [`Document::text`]).
    pub fn text(&self) -> Span {
        (self.text.0 as usize, self.text.1 as usize)
    }
}

/// A block's projected text, as the block is built (see
/// [`Document::parse_with`]) or rebuilt ([`Document::for_each_block_text`]).
pub struct BlockText<'a> {
    /// The text.
    pub text: &'a str,
    /// Where it starts in the projection.
    pub start: usize,
    /// Index of the block's first sentence.
    pub first_sentence: usize,
    /// The block's sentences, ranges of the projection.
    pub sentences: &'a [Sentence],
}

/// An offset or index as a document stores it (its text, blocks, offset map
/// and line starts all hold 32 bits).
pub(crate) fn narrow(at: usize) -> u32 {
    u32::try_from(at).expect("documents are at most 4 GiB (decode rejects larger files)")
}

/// A parsed policy: blocks with spans, sections, sentences, and the plain-text
/// projection that rules match, mapped back to source bytes.
///
/// The projection is the plain text of every block, blocks separated by a
/// line break. Blocks and sentences name ranges of it; [`Document::text`]
/// rebuilds any such range from the source, as the whole text is not kept.
#[derive(Debug)]
pub struct Document {
    pub source: String,
    /// Length of a byte-order mark that was dropped before `source`.
    pub bom_len: usize,
    pub syntax: Syntax,
    projection: Projection,
    pub blocks: Vec<Block>,
    pub sentences: Vec<Sentence>,
    pub comments: Vec<Comment>,
    pub lines: LineIndex,
    /// The whole projected text of a short document, gathered while it is
    /// parsed (or rebuilt once when first read): its rules read it many
    /// times over (each document-wide value, each sentence a value or a
    /// forbidden term is looked for in).
    short_text: OnceCell<String>,
}

/// Where an offset of the projected text stands.
enum Place {
    /// Within a block's text.
    Text,
    /// On the line break before block `.0`. That line break stands for the
    /// source byte before the block; it has no run in the projection's map.
    BreakBefore(usize),
    /// At or past the end of the last block's text.
    End,
}

/// Where the last of a series of rebuilt ranges started, and the first
/// block not wholly before it; where its last write stopped.
#[derive(Debug, Default, Clone, Copy)]
pub struct TextPlace {
    from: Option<(usize, usize)>,
    write: WritePlace,
}

/// How long a projected text is kept once rebuilt: a policy is a few tens
/// of KB; a larger document is rebuilt a part at a time, as it is read.
pub const SHORT_TEXT: usize = 256 << 10;

impl Document {
    pub fn parse(decoded: Decoded, syntax: Syntax) -> Document {
        Document::parse_with(decoded, syntax, |_| {})
    }

    /// Parses, handing each block's text to `visit` as soon as the block is
    /// built. A reader of every block's text (the term scan) reads it there,
    /// while it is at hand, rather than rebuilt from the source afterwards.
    pub fn parse_with(
        decoded: Decoded,
        syntax: Syntax,
        mut visit: impl FnMut(BlockText<'_>),
    ) -> Document {
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
            promoter.push(raw, &mut |block| builder.add(block, &mut visit));
        });
        promoter.finish(&mut |block| builder.add(block, &mut visit));
        let Builder {
            mut projection,
            mut blocks,
            mut sentences,
            whole,
            ..
        } = builder;

        projection.finish();
        let short_text = OnceCell::new();
        // the last block's text ends the projection; were it otherwise, the
        // text is rebuilt when first read, as a longer one's is
        if let Some(whole) = whole.filter(|w| w.len() == projection.len() && w.len() <= SHORT_TEXT)
        {
            short_text.set(whole).expect("a new cell is empty");
        }
        blocks.shrink_to_fit();
        sentences.shrink_to_fit();
        let lines = LineIndex::new(&source);
        Document {
            projection,
            source,
            bom_len,
            syntax,
            blocks,
            sentences,
            comments,
            lines,
            short_text,
        }
    }

    /// Hands each block's text, rebuilt, to `visit`, in order: what
    /// [`Document::parse_with`] hands out as it parses.
    pub fn for_each_block_text(&self, mut visit: impl FnMut(BlockText<'_>)) {
        let mut text = String::new();
        let mut place = WritePlace::default();
        for (i, block) in self.blocks.iter().enumerate() {
            text.clear();
            let (start, end) = block.text();
            self.projection
                .write(&self.source, start, end, &mut text, &mut place);
            let sentences = self.block_sentences(i);
            visit(BlockText {
                text: &text,
                start: block.text().0,
                first_sentence: sentences.start,
                sentences: &self.sentences[sentences],
            });
        }
    }

    /// Length of the projected text.
    pub fn text_len(&self) -> usize {
        self.projection.len()
    }

    /// The projected text of `range`: what rules match there. A short
    /// document's is borrowed from its text rebuilt once; a long one's is
    /// rebuilt for the asking.
    pub fn text(&self, (start, end): Span) -> Cow<'_, str> {
        match self.short_text() {
            Some(whole) => Cow::Borrowed(&whole[start..end]),
            None => {
                let mut out = String::new();
                self.rebuild((start, end), &mut out, &mut TextPlace::default());
                Cow::Owned(out)
            }
        }
    }

    /// Appends the projected text of `range` to `out`. A range may span
    /// blocks: the line break between two blocks is the only projected text
    /// no block holds. Of ranges in order (a rule's sentences), each one's
    /// blocks and runs are looked for from where `place` says the last
    /// one's were.
    pub fn push_text(&self, (start, end): Span, out: &mut String, place: &mut TextPlace) {
        match self.short_text() {
            Some(whole) => out.push_str(&whole[start..end]),
            None => self.rebuild((start, end), out, place),
        }
    }

    /// The whole text of a short document, rebuilt on first use.
    fn short_text(&self) -> Option<&str> {
        (self.text_len() <= SHORT_TEXT).then(|| {
            self.short_text
                .get_or_init(|| {
                    let mut whole = String::with_capacity(self.text_len());
                    self.rebuild((0, self.text_len()), &mut whole, &mut TextPlace::default());
                    whole
                })
                .as_str()
        })
    }

    fn rebuild(&self, (start, end): Span, out: &mut String, place: &mut TextPlace) {
        // the first block not wholly before `start`
        let before = |b: &Block| b.text.1 as usize <= start;
        let first = match place.from {
            Some((from, block)) if from <= start => {
                block + partition_point_near(&self.blocks[block..], before)
            }
            _ => self.blocks.partition_point(before),
        };
        place.from = Some((start, first));
        let mut at = start;
        // the blocks come in order: each block's runs are looked for from
        // the last block's, not searched for among all the document's
        let place = &mut place.write;
        for block in &self.blocks[first..] {
            if at >= end {
                break;
            }
            let (from, to) = block.text();
            // the line break before the block (two for an empty block)
            while at < from.min(end) {
                out.push('\n');
                at += 1;
            }
            let stop = to.min(end);
            if at < stop {
                self.projection.write(&self.source, at, stop, out, place);
                at = stop;
            }
        }
        while at < end {
            out.push('\n');
            at += 1;
        }
    }

    /// Source span of a range of the projected text.
    pub fn source_span(&self, (start, end): Span) -> Span {
        if start >= end {
            let at = self.to_source(start);
            return (at, at);
        }
        let last = match self.place(end - 1) {
            Place::BreakBefore(_) => 1,
            _ => self.projection.last_char_len(&self.source, end),
        };
        let s = self.to_source(start);
        let e = self.to_source(end - last) + last;
        (s, e.max(s))
    }

    /// The source offset of projected offset `p`.
    fn to_source(&self, p: usize) -> usize {
        let before_block = |b: &Block| b.span.0.saturating_sub(1) as usize;
        match self.place(p) {
            Place::Text => self.projection.to_source(p),
            Place::BreakBefore(next) => before_block(&self.blocks[next]),
            // past an empty block the last thing projected is the line
            // break before it (a document that ends in an empty table cell)
            Place::End => match self.blocks.last() {
                Some(b) if b.text.0 == b.text.1 && b.text.0 > 0 => before_block(b),
                _ => self.projection.to_source(p),
            },
        }
    }

    /// Where projected offset `p` stands.
    fn place(&self, p: usize) -> Place {
        let next = self.blocks.partition_point(|b| b.text.1 as usize <= p);
        match self.blocks.get(next) {
            Some(b) if b.text.0 as usize <= p => Place::Text,
            Some(_) => Place::BreakBefore(next),
            None => Place::End,
        }
    }

    /// Indices into [`Document::sentences`] of block `block`'s sentences.
    pub fn block_sentences(&self, block: usize) -> std::ops::Range<usize> {
        let end = self
            .blocks
            .get(block + 1)
            .map_or(self.sentences.len(), |b| b.first_sentence as usize);
        self.blocks[block].first_sentence as usize..end
    }

    /// Index into [`Document::blocks`] of the block sentence `s` belongs to.
    pub fn sentence_block(&self, s: usize) -> usize {
        // the last block whose sentences start at or before `s` (blocks
        // without sentences share their first with the next block)
        self.blocks
            .partition_point(|b| b.first_sentence as usize <= s)
            .saturating_sub(1)
    }

    /// A [`Document::sentence_block`] for sentences asked about in
    /// ascending order, as a term group's hits are: each answer is looked
    /// for forward from the last one, so a long document's many hits cost a
    /// few steps each rather than a binary search of every block.
    pub fn sentence_blocks(&self) -> SentenceBlocks<'_> {
        SentenceBlocks {
            doc: self,
            block: 0,
        }
    }

    pub fn sentence_text(&self, sentence: &Sentence) -> Cow<'_, str> {
        self.text(sentence.text())
    }

    pub fn block_text(&self, block: &Block) -> Cow<'_, str> {
        self.text(block.text())
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
    /// A short document's whole projected text, gathered block by block as
    /// each is projected, so its rules do not rebuild it from the source.
    whole: Option<String>,
}

/// Room for the blocks or sentences of `len` bytes of source, at about one
/// per `bytes_each`, up to 4,096: a policy's lists are then allocated once
/// rather than regrown from four. A power of two, so a long document's
/// lists grow past it as they would have from empty.
fn expected(len: usize, bytes_each: usize) -> usize {
    (len / bytes_each).next_power_of_two().min(4096)
}

impl<'a> Builder<'a> {
    fn new(source: &'a str, markdown: bool) -> Self {
        Builder {
            source,
            scanner: InlineScanner::new(source, markdown),
            projection: Projection::default(),
            blocks: Vec::with_capacity(expected(source.len(), 128)),
            sentences: Vec::with_capacity(expected(source.len(), 64)),
            ranges: Vec::new(),
            heading_stack: Vec::new(),
            // markup and escapes only shorten a text: a source this short
            // projects to a short text
            whole: (source.len() <= SHORT_TEXT).then(|| String::with_capacity(source.len())),
        }
    }

    fn add(&mut self, block: RawBlock, visit: &mut impl FnMut(BlockText<'_>)) {
        let RawBlock {
            kind,
            span,
            segments,
            inline,
        } = block;
        let projection = &mut self.projection;
        if projection.len() > 0 {
            projection.push_separator();
        }
        // only this block's text is kept while it is split into sentences
        projection.begin_block();
        let start = projection.len();
        let mut previous_end = None;
        for (s, e) in segments.iter() {
            if let Some(end) = previous_end {
                projection.push_synthetic(" ", end);
            }
            previous_end = Some(e);
            if inline {
                self.scanner.project(s, e, projection);
            } else {
                projection.push_source(self.source, s, e);
            }
        }
        let end = projection.len();
        if let Some(whole) = &mut self.whole {
            // the line break between this block and the one before
            whole.extend(std::iter::repeat_n('\n', start - whole.len()));
            whole.push_str(&projection.block);
        }

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
        let text = &projection.block;
        if matches!(kind, BlockKind::Heading { .. }) {
            let s = start + (text.len() - text.trim_start().len());
            if !text.trim().is_empty() {
                ranges.push((s, s + text.trim().len()));
            }
        } else {
            sentence::split(text, 0, text.len(), ranges);
            for range in ranges.iter_mut() {
                *range = (range.0 + start, range.1 + start);
            }
        }
        let first = self.sentences.len();
        self.sentences.extend(ranges.iter().map(|&(s, e)| Sentence {
            text: (narrow(s), narrow(e)),
        }));
        self.blocks.push(Block {
            kind,
            span: (narrow(span.0), narrow(span.1)),
            text: (narrow(start), narrow(end)),
            section: section.map_or(NO_SECTION, narrow),
            first_sentence: narrow(first),
        });
        visit(BlockText {
            text: &self.projection.block,
            start,
            first_sentence: first,
            sentences: &self.sentences[first..],
        });
    }
}

/// See [`Document::sentence_blocks`].
pub struct SentenceBlocks<'d> {
    doc: &'d Document,
    /// The last answer: a block whose first sentence is at or before the
    /// last sentence asked about.
    block: usize,
}

impl SentenceBlocks<'_> {
    /// The block sentence `s` belongs to; any `s` is answered, but one
    /// below the last asked costs a binary search.
    pub fn block_of(&mut self, s: usize) -> usize {
        let blocks = &self.doc.blocks;
        let first = |b: usize| blocks[b].first_sentence as usize;
        if self.block >= blocks.len() || first(self.block) > s {
            self.block = self.doc.sentence_block(s);
            return self.block;
        }
        // the last block whose first sentence is at or before `s`
        self.block += partition_point_near(&blocks[self.block + 1..], |b| {
            b.first_sentence as usize <= s
        });
        self.block
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
        let texts: Vec<Cow<str>> = d.sentences[d.block_sentences(2)]
            .iter()
            .map(|s| d.sentence_text(s))
            .collect();
        assert_eq!(
            texts,
            vec!["We do not collect data from kids.", "Ask e.g. us."]
        );
        let path: Vec<usize> = d.heading_path(4).collect();
        assert_eq!(path, vec![3, 1, 0]);
        let (s, e) = d.source_span(d.sentences[d.block_sentences(2).start].text());
        assert_eq!(&d.source[s..e], "We do **not** collect data\nfrom kids.");
    }

    #[test]
    fn a_short_text_gathered_while_parsing_is_the_text_rebuilt() {
        let mut sources: Vec<String> = std::fs::read_dir("fixtures")
            .expect("the fixtures")
            .filter_map(|entry| std::fs::read_to_string(entry.ok()?.path()).ok())
            .collect();
        sources.extend(
            [
                "",
                "\n\n",
                "plain",
                "# Title\n\n##\n\nText &amp; more\\* here.\n\n---\n\n| a | |\n|---|---|\n| | |\n",
                "- one\n- two\n\n> quoted\n> lines\n\n    code\n\n1. x\n\n<!-- comment -->\n",
                // text the source cannot give back (entities), in block
                // after block and at a block's end
                "One \\* two.\n\nThree \\_ four &copy; five.\n\n# Six \\# seven\n\n- eight &amp; \\[nine\\]\n- ten\\!\n\nEleven &copy;\n\nTwelve &eacute; &copy; thirteen &mdash;\n\n# &sect; Fourteen\n",
            ]
            .map(String::from),
        );
        assert!(sources.len() > 20);
        for source in &sources {
            for syntax in [Syntax::Markdown, Syntax::Text] {
                let d = Document::parse(
                    Decoded {
                        text: source.clone(),
                        bom_len: 0,
                    },
                    syntax,
                );
                let kept = d.short_text.get().expect("a short text is kept");
                let mut rebuilt = String::new();
                d.rebuild((0, d.text_len()), &mut rebuilt, &mut TextPlace::default());
                assert_eq!(kept, &rebuilt, "{source:?}");
                // ranges starting and ending anywhere, over one block or
                // several (each block's runs found from the last block's)
                let at = |b: usize| (b..=kept.len()).find(|&b| kept.is_char_boundary(b));
                for length in [1, 30, 300, 3000] {
                    // each range on its own, and the ranges in order, each
                    // looked for from the last
                    let mut place = TextPlace::default();
                    for start in (0..kept.len()).step_by(37).filter_map(at) {
                        let end = at((start + length).min(kept.len())).unwrap_or(kept.len());
                        let (mut part, mut next) = (String::new(), String::new());
                        d.rebuild((start, end), &mut part, &mut TextPlace::default());
                        assert_eq!(part, kept[start..end], "{source:?} {start}..{end}");
                        d.rebuild((start, end), &mut next, &mut place);
                        assert_eq!(next, part, "{source:?} {start}..{end}, in order");
                    }
                }
            }
        }
        // a long text is not kept
        let long = "Words and more words. ".repeat(SHORT_TEXT / 10);
        let d = doc(&long);
        assert!(d.short_text.get().is_none());
    }

    #[test]
    fn sentence_blocks_answer_as_a_binary_search_does() {
        // blocks without sentences (empty headings) share their first
        // sentence with the next block
        let mut src = String::from("# Title\n\n");
        for n in 0..60 {
            src.push_str(&format!("Para {n}. Two. Three.\n\n"));
            if n % 7 == 0 {
                src.push_str(&format!("## Heading {n}\n\n* one\n* two. More.\n\n"));
            }
            if n % 5 == 0 {
                src.push_str("##\n\n###\n\n");
            }
        }
        let d = doc(&src);
        let count = d.sentences.len();
        assert!(count > 200 && d.blocks.len() > 100);
        let shared = d
            .blocks
            .windows(2)
            .filter(|w| w[0].first_sentence == w[1].first_sentence);
        assert!(shared.count() > 10);
        for step in [1, 2, 3, 5, 17, 64, 1000] {
            let mut blocks = d.sentence_blocks();
            for s in (0..count).step_by(step) {
                assert_eq!(blocks.block_of(s), d.sentence_block(s), "{s} by {step}");
            }
            // asked again, and then backwards
            let mut blocks = d.sentence_blocks();
            for s in (0..count)
                .step_by(step)
                .chain((0..count).rev().step_by(step))
            {
                assert_eq!(blocks.block_of(s), d.sentence_block(s), "{s} by {step}");
                assert_eq!(blocks.block_of(s), d.sentence_block(s), "{s} again");
            }
        }
    }

    #[test]
    fn blocks_and_sentences_stay_compact() {
        // a large document holds hundreds of thousands of each
        assert_eq!(std::mem::size_of::<Block>(), 28);
        assert_eq!(std::mem::size_of::<Sentence>(), 8);
    }
}
