//! Inline Markdown → plain text: emphasis, links, code, escapes and HTML are
//! removed, their text kept, every kept byte mapped back to the source.
//!
//! The scan is a single pass. Closing delimiters are found with
//! [`NextFinder`], which remembers its last answer, so a line of ten thousand
//! unclosed `[` or `<!--` costs linear time, not quadratic.

use crate::bytes::ByteSet;
use std::sync::LazyLock;

use super::projection::Projection;

/// Finds the next occurrence of a needle at or after a position, reusing the
/// previous answer when it is still valid (positions only move forward).
struct NextFinder {
    needle: &'static str,
    from: usize,
    found: Option<usize>,
    searched: bool,
}

impl NextFinder {
    fn new(needle: &'static str) -> Self {
        NextFinder {
            needle,
            from: 0,
            found: None,
            searched: false,
        }
    }

    fn find(&mut self, hay: &str, from: usize, limit: usize) -> Option<usize> {
        if self.searched && from >= self.from && self.found.is_none_or(|f| f >= from) {
            return self.found.filter(|f| *f < limit);
        }
        self.searched = true;
        self.from = from;
        self.found = hay[from..].find(self.needle).map(|i| i + from);
        self.found.filter(|f| *f < limit)
    }
}

/// The bytes that may start inline markup: everything else is copied as it
/// stands.
const MARKUP: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    let bytes = b"\\`*_~<![&";
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
};

/// The first byte in `src[from..stop]` that may start markup, or `stop`.
/// Most of a line is plain text, looked through several bytes at a time.
fn next_markup(src: &str, from: usize, stop: usize) -> usize {
    static MARKUP_BYTES: LazyLock<ByteSet> = LazyLock::new(|| ByteSet::new(MARKUP));
    MARKUP_BYTES
        .find(src.as_bytes(), from, stop)
        .unwrap_or(stop)
}

/// Projects `source[start..end]` (one line of a block) into `out`.
pub struct InlineScanner<'a> {
    source: &'a str,
    markdown: bool,
    close_bracket: NextFinder,
    close_paren: NextFinder,
    close_comment: NextFinder,
    close_angle: NextFinder,
}

impl<'a> InlineScanner<'a> {
    pub fn new(source: &'a str, markdown: bool) -> Self {
        InlineScanner {
            source,
            markdown,
            close_bracket: NextFinder::new("]"),
            close_paren: NextFinder::new(")"),
            close_comment: NextFinder::new("-->"),
            close_angle: NextFinder::new(">"),
        }
    }

    pub fn project(&mut self, start: usize, end: usize, out: &mut Projection) {
        if !self.markdown {
            self.project_plain(start, end, out);
            return;
        }
        let src = self.source;
        let bytes = src.as_bytes();
        // where link text ends → where its destination ends
        let mut pending_links: Vec<(usize, usize)> = Vec::new();
        let mut copy_from = start;
        let mut i = start;
        while i < end {
            if let Some(&(close, after)) = pending_links.last()
                && i == close
            {
                out.push_source(src, copy_from, i);
                pending_links.pop();
                i = after;
                copy_from = i;
                continue;
            }
            let b = bytes[i];
            if !MARKUP[usize::from(b)] {
                // plain text: on to the next byte that may start markup, or
                // to where a pending link's text ends
                let stop = match pending_links.last() {
                    Some(&(close, _)) if close > i => close.min(end),
                    _ => end,
                };
                i = next_markup(src, i + 1, stop);
                continue;
            }
            match b {
                b'\\' if i + 1 == end => {
                    // a backslash ending a line is a hard line break
                    out.push_source(src, copy_from, i);
                    copy_from = end;
                    i = end;
                }
                b'\\' if i + 1 < end && bytes[i + 1].is_ascii_punctuation() => {
                    out.push_source(src, copy_from, i);
                    copy_from = i + 1;
                    i += 2;
                }
                b'`' => {
                    let run = count_run(bytes, i, end, b'`');
                    let fence = &src[i..i + run];
                    match src[i + run..end].find(fence) {
                        Some(rel) => {
                            out.push_source(src, copy_from, i);
                            let inner_end = i + run + rel;
                            out.push_source(src, i + run, inner_end);
                            i = inner_end + run;
                            copy_from = i;
                        }
                        None => i += run,
                    }
                }
                b'*' | b'_' | b'~' => {
                    let run = count_run(bytes, i, end, b);
                    if is_emphasis_delimiter(bytes, i, run, end, b) {
                        out.push_source(src, copy_from, i);
                        copy_from = i + run;
                    }
                    i += run;
                }
                b'<' => {
                    if src[i..end].starts_with("<!--") {
                        if let Some(close) = self.close_comment.find(src, i + 4, end) {
                            out.push_source(src, copy_from, i);
                            i = close + 3;
                            copy_from = i;
                            continue;
                        }
                        i += 1;
                        continue;
                    }
                    let Some(close) = self.close_angle.find(src, i + 1, end) else {
                        i += 1;
                        continue;
                    };
                    let inner = &src[i + 1..close];
                    if is_autolink(inner) {
                        out.push_source(src, copy_from, i);
                        let inner = inner.strip_prefix("mailto:").map_or(i + 1, |_| i + 8);
                        out.push_source(src, inner, close);
                        i = close + 1;
                        copy_from = i;
                    } else if is_html_tag(inner) {
                        out.push_source(src, copy_from, i);
                        if needs_space(out) {
                            out.push_synthetic(" ", i);
                        }
                        i = close + 1;
                        copy_from = i;
                    } else {
                        i += 1;
                    }
                }
                b'!' if i + 1 < end && bytes[i + 1] == b'[' => {
                    if let Some(link) = self.link_at(i + 1, end) {
                        out.push_source(src, copy_from, i);
                        pending_links.push((link.close, link.after));
                        i += 2;
                        copy_from = i;
                    } else {
                        i += 1;
                    }
                }
                b'[' => {
                    if let Some(link) = self.link_at(i, end) {
                        out.push_source(src, copy_from, i);
                        let text = &src[i + 1..link.close];
                        if let Some(mail) = link.mailto
                            && !text.contains('@')
                        {
                            // "[write to us](mailto:privacy@…)": keep the address
                            self.project(i + 1, link.close, out);
                            out.push_synthetic(" ", link.close);
                            out.push_source(src, mail.0, mail.1);
                            i = link.after;
                            copy_from = i;
                        } else {
                            pending_links.push((link.close, link.after));
                            i += 1;
                            copy_from = i;
                        }
                    } else {
                        i += 1;
                    }
                }
                b'&' => {
                    if let Some((len, decoded)) = entity(&src[i..end]) {
                        out.push_source(src, copy_from, i);
                        out.push_synthetic(decoded, i);
                        i += len;
                        copy_from = i;
                    } else {
                        i += 1;
                    }
                }
                _ => i += utf8_len(b),
            }
        }
        out.push_source(src, copy_from, end.min(src.len()));
    }

    fn project_plain(&mut self, start: usize, end: usize, out: &mut Projection) {
        let src = self.source;
        let mut copy_from = start;
        let mut i = start;
        // plain text keeps everything but HTML comments
        while let Some(rel) = src[i..end].find("<!--") {
            let open = i + rel;
            match self.close_comment.find(src, open + 4, end) {
                Some(close) => {
                    out.push_source(src, copy_from, open);
                    i = close + 3;
                    copy_from = i;
                }
                None => break,
            }
        }
        out.push_source(src, copy_from, end);
    }

    fn link_at(&mut self, open: usize, end: usize) -> Option<Link> {
        let src = self.source;
        let bytes = src.as_bytes();
        let close = self.close_bracket.find(src, open + 1, end)?;
        match bytes.get(close + 1) {
            Some(b'(') if close + 1 < end => {
                let paren = self.close_paren.find(src, close + 2, end)?;
                // a destination may hold one level of parentheses: (a_(b))
                let dest = &src[close + 2..paren];
                let paren = if dest.contains('(') {
                    src[paren + 1..end].find(')').map(|r| paren + 1 + r)?
                } else {
                    paren
                };
                let dest = src[close + 2..paren].trim();
                let mailto = dest.strip_prefix("mailto:").map(|addr| {
                    let s = close + 2 + src[close + 2..paren].find("mailto:").unwrap_or(0) + 7;
                    let addr_end = s + addr.split(['?', ' ', '"']).next().unwrap_or("").len();
                    (s, addr_end)
                });
                Some(Link {
                    close,
                    after: paren + 1,
                    mailto,
                })
            }
            Some(b'[') if close + 1 < end => {
                let ref_close = src[close + 2..end].find(']').map(|r| close + 2 + r)?;
                Some(Link {
                    close,
                    after: ref_close + 1,
                    mailto: None,
                })
            }
            _ => None,
        }
    }
}

struct Link {
    close: usize,
    after: usize,
    mailto: Option<(usize, usize)>,
}

fn count_run(bytes: &[u8], at: usize, end: usize, b: u8) -> usize {
    bytes[at..end].iter().take_while(|x| **x == b).count()
}

fn utf8_len(first: u8) -> usize {
    match first {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// A run of `*`, `_` or `~~` is markup unless it stands alone between spaces
/// ("a * b") or, for `_`, sits inside a word (snake_case).
fn is_emphasis_delimiter(bytes: &[u8], at: usize, run: usize, end: usize, b: u8) -> bool {
    let before = at.checked_sub(1).map(|i| bytes[i]);
    let after = (at + run < end).then(|| bytes[at + run]);
    let space = |c: Option<u8>| c.is_none_or(|c| c.is_ascii_whitespace());
    if space(before) && space(after) {
        return false;
    }
    match b {
        b'_' => {
            let word = |c: Option<u8>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            !(word(before) && word(after))
        }
        b'~' => run >= 2,
        _ => true,
    }
}

fn is_autolink(inner: &str) -> bool {
    let no_space = !inner.contains(char::is_whitespace);
    no_space
        && (inner.starts_with("http://")
            || inner.starts_with("https://")
            || inner.starts_with("mailto:")
            || (inner.contains('@') && !inner.starts_with('/')))
}

fn is_html_tag(inner: &str) -> bool {
    let name = inner.strip_prefix('/').unwrap_or(inner);
    name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '/')
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
}

fn needs_space(out: &Projection) -> bool {
    // a block's text starts after a line break, which is white space
    out.block
        .chars()
        .next_back()
        .is_some_and(|c| !c.is_whitespace())
}

fn entity(s: &str) -> Option<(usize, &'static str)> {
    const ENTITIES: [(&str, &str); 8] = [
        ("&amp;", "&"),
        ("&nbsp;", " "),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&rsquo;", "'"),
        ("&copy;", "©"),
    ];
    ENTITIES
        .iter()
        .find(|(name, _)| s.starts_with(name))
        .map(|(name, text)| (name.len(), *text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(src: &str) -> String {
        let mut out = Projection::default();
        InlineScanner::new(src, true).project(0, src.len(), &mut out);
        out.block
    }

    #[test]
    fn markup_is_removed_and_text_kept() {
        assert_eq!(project("**Children** under _13_"), "Children under 13");
        assert_eq!(
            project("see [our page](http://x.org/a_(b)) now"),
            "see our page now"
        );
        assert_eq!(project("1\\. PRIVACY"), "1. PRIVACY");
        assert_eq!(project("Main Street\\"), "Main Street");
        assert_eq!(project("a `code` b <br/> c"), "a code b  c");
        assert_eq!(project("x <!-- hidden --> y"), "x  y");
        assert_eq!(
            project("snake_case_name and a * b"),
            "snake_case_name and a * b"
        );
        assert_eq!(project("<https://example.org>"), "https://example.org");
        assert_eq!(project("info [at] example.org"), "info [at] example.org");
        assert_eq!(project("Ben &amp; Jerry"), "Ben & Jerry");
    }

    #[test]
    fn mailto_link_keeps_the_address() {
        assert_eq!(
            project("[write to us](mailto:privacy@example.org)."),
            "write to us privacy@example.org."
        );
        assert_eq!(
            project("[privacy@example.org](mailto:privacy@example.org)"),
            "privacy@example.org"
        );
    }

    #[test]
    fn unclosed_markup_is_linear_and_literal() {
        let src = "[a ".repeat(20_000) + &"<!-- ".repeat(20_000);
        let text = project(&src);
        assert_eq!(text.len(), src.len());
    }
}
