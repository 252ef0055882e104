//! Lines → blocks. One forward pass over the lines, with no recursion, so
//! deep nesting (200,000 `>` markers, thousands of list levels) costs only
//! the length of the input.

use super::syntax;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Heading { level: u8 },
    Paragraph,
    ListItem,
    TableRow,
    Code,
}

/// A block before inline projection: its kind, its source span and the
/// source ranges of its text (one per line, markers removed).
#[derive(Debug, Clone)]
pub struct RawBlock {
    pub kind: BlockKind,
    pub span: (usize, usize),
    pub segments: Segments,
    /// The text had Markdown escapes or emphasis that should be projected
    /// (false for code).
    pub inline: bool,
}

/// A block's source ranges. The first is held in place, since most blocks
/// are one line (a heading, a list item, a short paragraph): they
/// then cost no allocation, where a list of their own cost each one.
#[derive(Debug, Clone, Default)]
pub struct Segments {
    first: Option<(usize, usize)>,
    rest: Vec<(usize, usize)>,
}

impl Segments {
    pub fn one(segment: (usize, usize)) -> Segments {
        Segments {
            first: Some(segment),
            rest: Vec::new(),
        }
    }

    pub fn push(&mut self, segment: (usize, usize)) {
        match self.first {
            None => self.first = Some(segment),
            Some(_) => self.rest.push(segment),
        }
    }

    pub fn len(&self) -> usize {
        usize::from(self.first.is_some()) + self.rest.len()
    }

    pub fn first(&self) -> Option<(usize, usize)> {
        self.first
    }

    /// Drops the first range; the second, if any, becomes the first.
    pub fn remove_first(&mut self) {
        self.first = (!self.rest.is_empty()).then(|| self.rest.remove(0));
    }

    pub fn iter(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.first.into_iter().chain(self.rest.iter().copied())
    }
}

/// An HTML comment: its whole span and the span of its inner text.
#[derive(Debug, Clone)]
pub struct Comment {
    pub span: (usize, usize),
    pub inner: (usize, usize),
}

/// Heading level given to headings recognised by their look (a bold line,
/// capitals, a section number, a question) rather than by `#` markup: below
/// any `#` heading.
pub const PSEUDO_LEVEL: u8 = 7;

enum Open {
    None,
    Block(RawBlock),
    Fence {
        marker: char,
        len: usize,
        block: RawBlock,
    },
    Comment {
        start: usize,
    },
}

struct Line {
    start: usize,
    end: usize,
}

fn lines(src: &str) -> impl Iterator<Item = Line> + '_ {
    let mut pos = 0;
    std::iter::from_fn(move || {
        if pos >= src.len() {
            return None;
        }
        let start = pos;
        // memchr's vector search: lines of prose are long
        let (end, next) = match memchr::memchr(b'\n', &src.as_bytes()[pos..]) {
            Some(i) => (pos + i, pos + i + 1),
            None => (src.len(), src.len()),
        };
        pos = next;
        let end = if src[start..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        Some(Line { start, end })
    })
}

pub fn parse(src: &str, markdown: bool, emit: &mut impl FnMut(RawBlock)) -> Vec<Comment> {
    let mut comments = Vec::new();
    let mut open = Open::None;
    let mut blank_before = true;

    for line in lines(src) {
        match &mut open {
            Open::Comment { start } => {
                if let Some(i) = src[line.start..line.end].find("-->") {
                    let close = line.start + i + 3;
                    comments.push(Comment {
                        span: (*start, close),
                        inner: (*start + 4, close - 3),
                    });
                    open = Open::None;
                    blank_before = true;
                }
                continue;
            }
            Open::Fence { marker, len, block } => {
                let content = &src[line.start..line.end];
                let content = strip_quotes(content).1;
                if syntax::fence(content).is_some_and(|(m, l)| m == *marker && l >= *len)
                    && content
                        .trim_start()
                        .trim_start_matches(*marker)
                        .trim()
                        .is_empty()
                {
                    block.span.1 = line.end;
                    let Open::Fence { block, .. } = std::mem::replace(&mut open, Open::None) else {
                        unreachable!()
                    };
                    emit(block);
                } else {
                    block.segments.push((line.start, line.end));
                    block.span.1 = line.end;
                }
                continue;
            }
            _ => {}
        }

        let (quote_len, content) = strip_quotes(&src[line.start..line.end]);
        let cs = line.start + quote_len;
        let trimmed = content.trim_start();
        let indent = content.len() - trimmed.len();

        if trimmed.trim_end().is_empty() {
            close(&mut open, emit);
            blank_before = true;
            continue;
        }

        if trimmed.starts_with("<!--") {
            close(&mut open, emit);
            let start = cs + indent;
            match src[start + 4..line.end].find("-->") {
                Some(i) => {
                    let close = start + 4 + i + 3;
                    comments.push(Comment {
                        span: (start, close),
                        inner: (start + 4, close - 3),
                    });
                }
                None => open = Open::Comment { start },
            }
            blank_before = true;
            continue;
        }

        if markdown && let Some((marker, len)) = syntax::fence(content) {
            close(&mut open, emit);
            open = Open::Fence {
                marker,
                len,
                block: RawBlock {
                    kind: BlockKind::Code,
                    span: (line.start, line.end),
                    segments: Segments::default(),
                    inline: false,
                },
            };
            blank_before = false;
            continue;
        }

        if let Some((level, s, e)) = syntax::atx_heading(content) {
            close(&mut open, emit);
            emit(RawBlock {
                kind: BlockKind::Heading { level },
                span: (line.start, line.end),
                segments: Segments::one((cs + s, cs + e)),
                inline: markdown,
            });
            blank_before = false;
            continue;
        }

        if let Some(level) = syntax::setext_underline(content)
            && let Open::Block(block) = &mut open
            && block.kind == BlockKind::Paragraph
        {
            block.kind = BlockKind::Heading { level };
            block.span.1 = line.end;
            close(&mut open, emit);
            blank_before = false;
            continue;
        }

        if syntax::thematic_break(content) {
            close(&mut open, emit);
            blank_before = true;
            continue;
        }

        if markdown && let Some(delimiter) = syntax::table_row(content) {
            close(&mut open, emit);
            if !delimiter {
                emit(table_row(src, cs, line.end));
            }
            blank_before = false;
            continue;
        }

        if let Some(marker) = syntax::list_marker(content) {
            close(&mut open, emit);
            open = Open::Block(RawBlock {
                kind: BlockKind::ListItem,
                span: (line.start, line.end),
                segments: Segments::one((cs + marker, line.end)),
                inline: markdown,
            });
            blank_before = false;
            continue;
        }

        let segment = (cs + indent, line.end);
        match &mut open {
            Open::Block(block)
                if block.kind == BlockKind::Paragraph
                    || (block.kind == BlockKind::ListItem && !blank_before) =>
            {
                block.segments.push(segment);
                block.span.1 = line.end;
            }
            _ => {
                close(&mut open, emit);
                open = Open::Block(RawBlock {
                    kind: BlockKind::Paragraph,
                    span: (line.start, line.end),
                    segments: Segments::one(segment),
                    inline: markdown,
                });
            }
        }
        blank_before = false;
    }
    if let Open::Comment { start } = open {
        // an unclosed comment hides the rest of the file, as in a browser
        comments.push(Comment {
            span: (start, src.len()),
            inner: (start + 4, src.len()),
        });
    } else {
        close(&mut open, emit);
    }
    comments
}

/// Strips every leading `>` marker, iteratively.
fn strip_quotes(line: &str) -> (usize, &str) {
    let mut consumed = 0;
    while let Some(len) = syntax::quote_marker(&line[consumed..]) {
        consumed += len;
    }
    (consumed, &line[consumed..])
}

fn close(open: &mut Open, emit: &mut impl FnMut(RawBlock)) {
    match std::mem::replace(open, Open::None) {
        Open::Block(block) | Open::Fence { block, .. } => emit(block),
        Open::Comment { .. } | Open::None => {}
    }
}

fn table_row(src: &str, start: usize, end: usize) -> RawBlock {
    let mut segments = Segments::default();
    let mut cell_start = None;
    let bytes = src.as_bytes();
    let mut i = start;
    while i < end {
        match bytes[i] {
            b'\\' => i += 1,
            b'|' => {
                if let Some(s) = cell_start.take() {
                    push_cell(src, s, i, &mut segments);
                }
                cell_start = Some(i + 1);
            }
            _ => {}
        }
        i += 1;
    }
    if let Some(s) = cell_start {
        push_cell(src, s, end, &mut segments);
    }
    RawBlock {
        kind: BlockKind::TableRow,
        span: (start, end),
        segments,
        inline: true,
    }
}

fn push_cell(src: &str, start: usize, end: usize, segments: &mut Segments) {
    let cell = &src[start..end];
    let s = start + (cell.len() - cell.trim_start().len());
    let e = start + cell.trim_end().len();
    if e > s {
        segments.push((s, e));
    }
}

/// Promotes paragraphs and list items that look like headings: a line that is
/// only bold, a line in capitals, a numbered title ("4. CHANGES", "1\. Who we
/// are"), a short question standing alone, and in plain text a short title-case
/// line. A heading-like first line of a longer paragraph is split off.
pub struct Promoter<'a> {
    src: &'a str,
    markdown: bool,
    /// The block before the one just parsed: whether it is a title depends
    /// on what follows it.
    pending: Option<RawBlock>,
}

impl<'a> Promoter<'a> {
    pub fn new(src: &'a str, markdown: bool) -> Self {
        Promoter {
            src,
            markdown,
            pending: None,
        }
    }

    /// Takes the next block in document order; emits the one before it.
    pub fn push(&mut self, block: RawBlock, emit: &mut impl FnMut(RawBlock)) {
        let next_is_item = block.kind == BlockKind::ListItem;
        if let Some(previous) = self.pending.replace(block) {
            self.promote(previous, next_is_item, emit);
        }
    }

    /// Emits the last block.
    pub fn finish(mut self, emit: &mut impl FnMut(RawBlock)) {
        if let Some(last) = self.pending.take() {
            self.promote(last, false, emit);
        }
    }

    fn promote(&self, mut block: RawBlock, next_is_item: bool, emit: &mut impl FnMut(RawBlock)) {
        let (src, markdown) = (self.src, self.markdown);
        match block.kind {
            BlockKind::Paragraph => {
                let Some(first) = block.segments.first() else {
                    emit(block);
                    return;
                };
                let look = heading_look(src, first, markdown, block.segments.len() == 1);
                match look {
                    Some((s, e)) if block.segments.len() == 1 => {
                        block.kind = BlockKind::Heading {
                            level: PSEUDO_LEVEL,
                        };
                        block.segments = Segments::one((s, e));
                        emit(block);
                    }
                    Some((s, e)) => {
                        let heading = RawBlock {
                            kind: BlockKind::Heading {
                                level: PSEUDO_LEVEL,
                            },
                            span: (block.span.0, first.1),
                            segments: Segments::one((s, e)),
                            inline: block.inline,
                        };
                        block.segments.remove_first();
                        block.span.0 = block.segments.first().map_or(first.1, |(s, _)| s);
                        emit(heading);
                        emit(block);
                    }
                    None => emit(block),
                }
            }
            BlockKind::ListItem if block.segments.len() == 1 => {
                // a numbered item standing alone before prose is a section title
                let Some((s, e)) = block.segments.first() else {
                    unreachable!("a list item of one range")
                };
                let text = &src[s..e];
                let marker = &src[block.span.0..s];
                let numbered = marker
                    .trim_start()
                    .starts_with(|c: char| c.is_ascii_digit());
                if numbered && !next_is_item && is_title(text, markdown) {
                    block.kind = BlockKind::Heading {
                        level: PSEUDO_LEVEL,
                    };
                    block.segments =
                        Segments::one((block.span.0 + marker.len() - marker.trim_start().len(), e));
                }
                emit(block);
            }
            _ => emit(block),
        }
    }
}

/// When the line `seg` looks like a heading: the range of its title text.
fn heading_look(
    src: &str,
    seg: (usize, usize),
    markdown: bool,
    alone: bool,
) -> Option<(usize, usize)> {
    let line = &src[seg.0..seg.1];
    if line.len() > 150 {
        return None;
    }
    if markdown && let Some((s, e)) = syntax::bold_line(line) {
        // "**plus:**" between list items is emphasis, not a title
        let inner = &line[s..e];
        let starts_upper = inner
            .chars()
            .find(|c| c.is_alphanumeric())
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
        return (starts_upper && inner.split_whitespace().count() <= 14)
            .then_some((seg.0 + s, seg.0 + e));
    }
    let text = line.trim_end();
    if let Some(n) = syntax::section_number(text) {
        let rest = &text[n..];
        let rest = rest.trim_matches(|c| c == '*' || c == '_');
        if is_title(rest, markdown) || (alone && is_caps(rest)) {
            return Some((seg.0, seg.0 + text.len()));
        }
        return None;
    }
    let plain = text.trim_matches(|c| c == '*' || c == '_' || c == '#');
    if is_caps(plain) && plain.split_whitespace().count() <= 12 {
        return Some((seg.0, seg.0 + text.len()));
    }
    if alone && is_question(plain) {
        return Some((seg.0, seg.0 + text.len()));
    }
    if !markdown && is_title(plain, false) && plain.len() <= 60 && !alone_is_sentence(plain) {
        return Some((seg.0, seg.0 + text.len()));
    }
    None
}

fn alone_is_sentence(text: &str) -> bool {
    text.ends_with(['.', ',', ';'])
}

/// Capitals only (at least three letters, no lower case): "CHANGES TO THIS POLICY".
fn is_caps(text: &str) -> bool {
    // a lower-case letter, soon found in most text, settles it first
    !text.chars().any(char::is_lowercase)
        && !text.contains('@')
        && text.chars().filter(|c| c.is_alphabetic()).count() >= 3
}

fn is_question(text: &str) -> bool {
    let words = text.split_whitespace().count();
    text.ends_with('?')
        && (2..=16).contains(&words)
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// A short title: capitals, or most words capitalised, no closing period.
fn is_title(text: &str, _markdown: bool) -> bool {
    let text = text.trim();
    if text.is_empty() || text.len() > 100 || text.ends_with(['.', ',', ';']) {
        return false;
    }
    if is_caps(text) {
        return true;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() > 10 {
        return false;
    }
    const SMALL: &[&str] = &[
        "a", "an", "and", "or", "of", "the", "to", "for", "in", "on", "with", "we", "our", "your",
        "you", "by", "from", "do", "how", "is", "at", "us", "about", "this", "what", "who", "why",
        "when", "can", "may", "it", "its", "use", "are",
    ];
    let first_upper = words[0]
        .chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(char::is_uppercase);
    let capitalised = words
        .iter()
        .filter(|w| {
            w.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_uppercase)
        })
        .count();
    let counted = words
        .iter()
        .filter(|w| !SMALL.contains(&w.to_lowercase().as_str()))
        .count()
        .max(1);
    first_upper && capitalised * 10 >= counted * 7
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks before promotion, and the comments.
    fn parse_all(src: &str, markdown: bool) -> (Vec<RawBlock>, Vec<Comment>) {
        let mut blocks = Vec::new();
        let comments = parse(src, markdown, &mut |b| blocks.push(b));
        (blocks, comments)
    }

    /// Blocks after promotion.
    fn blocks(src: &str, markdown: bool) -> Vec<RawBlock> {
        let mut out = Vec::new();
        let mut promoter = Promoter::new(src, markdown);
        parse(src, markdown, &mut |b| {
            promoter.push(b, &mut |p| out.push(p))
        });
        promoter.finish(&mut |p| out.push(p));
        out
    }

    fn kinds(src: &str, markdown: bool) -> Vec<(BlockKind, String)> {
        blocks(src, markdown)
            .into_iter()
            .map(|b| {
                let text: Vec<&str> = b.segments.iter().map(|(s, e)| &src[s..e]).collect();
                (b.kind, text.join(" "))
            })
            .collect()
    }

    #[test]
    fn segments_keep_their_order_with_the_first_held_in_place() {
        let mut segments = Segments::default();
        assert_eq!(segments.len(), 0);
        for i in 0..4 {
            segments.push((i, i + 1));
        }
        assert_eq!(segments.len(), 4);
        assert_eq!(segments.first(), Some((0, 1)));
        segments.remove_first();
        assert_eq!(
            segments.iter().collect::<Vec<_>>(),
            [(1, 2), (2, 3), (3, 4)]
        );
        let mut one = Segments::one((5, 9));
        assert_eq!(one.iter().collect::<Vec<_>>(), [(5, 9)]);
        one.remove_first();
        assert_eq!((one.len(), one.first()), (0, None));
    }

    #[test]
    fn markdown_blocks() {
        let src = "# Title\n\nIntro line\nwraps here.\n\nSub\n---\n\n* one\n* two\n  continued\n\n> quoted\n\n```\ncode\n```\n\n| a | b |\n|---|---|\n| c | d |\n";
        use BlockKind::*;
        assert_eq!(
            kinds(src, true),
            vec![
                (Heading { level: 1 }, "Title".into()),
                (Paragraph, "Intro line wraps here.".into()),
                (Heading { level: 2 }, "Sub".into()),
                (ListItem, "one".into()),
                (ListItem, "two continued".into()),
                (Paragraph, "quoted".into()),
                (Code, "code".into()),
                (TableRow, "a b".into()),
                (TableRow, "c d".into()),
            ]
        );
    }

    #[test]
    fn headings_by_their_look() {
        let src = "**Children's Privacy**\n\nWe do not.\n\n1\\. PRIVACY\n\nText.\n\nCHANGES TO THIS POLICY\nWe may change it.\n\nHow long do we keep data?\n\nA while.\n\n4. Contact Us\n\nWrite.\n";
        let k = kinds(src, true);
        let headings: Vec<&str> = k
            .iter()
            .filter(|(kind, _)| matches!(kind, BlockKind::Heading { .. }))
            .map(|(_, t)| t.as_str())
            .collect();
        assert_eq!(
            headings,
            vec![
                "Children's Privacy",
                "1\\. PRIVACY",
                "CHANGES TO THIS POLICY",
                "How long do we keep data?",
                "4. Contact Us"
            ]
        );
    }

    #[test]
    fn plain_text_title_lines() {
        let src = "Information We Collect\nWe collect your name when\nyou register.\n\nThis line is a sentence and not a title\n";
        let k = kinds(src, false);
        assert_eq!(
            k[0],
            (
                BlockKind::Heading {
                    level: PSEUDO_LEVEL
                },
                "Information We Collect".into()
            )
        );
        assert_eq!(k[1].0, BlockKind::Paragraph);
        assert_eq!(k[2].0, BlockKind::Paragraph);
    }

    #[test]
    fn comments_are_collected_and_hidden() {
        let src = "<!-- policylint-disable children -->\ntext\n<!-- multi\nline -->\n";
        let (blocks, comments) = parse_all(src, true);
        assert_eq!(blocks.len(), 1);
        assert_eq!(comments.len(), 2);
        assert_eq!(
            &src[comments[0].inner.0..comments[0].inner.1],
            " policylint-disable children "
        );
    }

    #[test]
    fn deep_nesting_is_iterative() {
        let src = ">".repeat(200_000) + " deep\n" + &"  ".repeat(3000) + "- item\n";
        let (blocks, _) = parse_all(&src, true);
        assert_eq!(blocks.len(), 2);
    }
}
