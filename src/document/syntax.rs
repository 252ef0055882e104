//! Line-level Markdown and plain-text syntax, recognised with nom. Each
//! recogniser looks at one line (without its line break) and says what kind
//! of line it is and where its content starts.

use nom::{
    IResult,
    branch::alt,
    bytes::complete::{tag, take_while, take_while_m_n, take_while1},
    character::complete::{char, one_of, satisfy, space0, space1},
    combinator::{eof, opt, peek, recognize, value},
    multi::{many0_count, many1_count},
    sequence::{pair, preceded, terminated, tuple},
};

fn indent(input: &str) -> IResult<&str, &str> {
    take_while_m_n(0, 3, |c| c == ' ')(input)
}

/// `> ` block-quote markers: the byte length of one marker, if present.
pub fn quote_marker(line: &str) -> Option<usize> {
    let parsed: IResult<&str, &str> = recognize(tuple((indent, char('>'), opt(char(' ')))))(line);
    parsed.ok().map(|(_, m)| m.len())
}

/// `## Title ##`: the level and the content's byte range within the line.
pub fn atx_heading(line: &str) -> Option<(u8, usize, usize)> {
    let parsed: IResult<&str, (&str, &str)> = pair(
        preceded(indent, take_while_m_n(1, 6, |c| c == '#')),
        alt((space1, eof)),
    )(line);
    let (rest, (hashes, _)) = parsed.ok()?;
    let start = line.len() - rest.len();
    // a closing run of #s is not content
    let trimmed = rest.trim_end();
    let content = trimmed.trim_end_matches('#');
    let content = if content.len() == trimmed.len() || content.ends_with(' ') || content.is_empty()
    {
        content.trim_end()
    } else {
        trimmed
    };
    Some((hashes.len() as u8, start, start + content.len()))
}

/// A fence opening or closing a code block: its character and length.
pub fn fence(line: &str) -> Option<(char, usize)> {
    let parsed: IResult<&str, &str> = preceded(
        indent,
        alt((
            take_while_m_n(3, usize::MAX, |c| c == '`'),
            take_while_m_n(3, usize::MAX, |c| c == '~'),
        )),
    )(line);
    let (_, run) = parsed.ok()?;
    Some((run.chars().next()?, run.len()))
}

/// `===` or `---` under a paragraph line: the heading level it makes.
pub fn setext_underline(line: &str) -> Option<u8> {
    let parsed: IResult<&str, char> = terminated(
        preceded(
            indent,
            alt((
                value('=', many1_count(char('='))),
                value('-', many1_count(char('-'))),
            )),
        ),
        pair(space0, eof),
    )(line);
    match parsed.ok()?.1 {
        '=' => Some(1),
        _ => Some(2),
    }
}

/// `***`, `---`, `___` (spaces allowed between): a thematic break.
pub fn thematic_break(line: &str) -> bool {
    // three or more of one of `*`, `-`, `_`, and nothing else but white
    // space; most lines are ruled out by their first character
    let mut marks = line.chars().filter(|c| !c.is_whitespace());
    let Some(mark @ ('*' | '-' | '_')) = marks.next() else {
        return false;
    };
    let mut count = 1;
    for c in marks {
        if c != mark {
            return false;
        }
        count += 1;
    }
    count >= 3
}

/// A bullet or ordered list marker: the byte length up to the item's text.
pub fn list_marker(line: &str) -> Option<usize> {
    let bullet = recognize(one_of("*+-•·▪◦"));
    let ordered = recognize(pair(
        take_while_m_n(1, 9, |c: char| c.is_ascii_digit()),
        one_of(".)"),
    ));
    let lettered = recognize(tuple((
        opt(char('(')),
        satisfy(|c| c.is_ascii_lowercase()),
        char(')'),
    )));
    let parsed: IResult<&str, &str> = recognize(tuple((
        take_while(|c| c == ' ' || c == '\t'),
        alt((bullet, ordered, lettered)),
        space1,
        peek(satisfy(|c| !c.is_whitespace())),
    )))(line);
    parsed.ok().map(|(_, m)| m.len())
}

/// A table row (`| a | b |`) and whether it is the delimiter row (`|---|:-:|`).
pub fn table_row(line: &str) -> Option<bool> {
    let parsed: IResult<&str, &str> = preceded(indent, tag("|"))(line);
    let (rest, _) = parsed.ok()?;
    let delimiter = rest
        .chars()
        .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
        && rest.contains('-');
    Some(delimiter)
}

/// A section number that starts a heading: `1.`, `1\.`, `2.3`, `IV.`,
/// `Section 4.`: its byte length including the following space.
pub fn section_number(text: &str) -> Option<usize> {
    let digits = recognize(pair(
        take_while_m_n(1, 2, |c: char| c.is_ascii_digit()),
        many0_count(pair(
            char('.'),
            take_while_m_n(1, 2, |c: char| c.is_ascii_digit()),
        )),
    ));
    let roman = take_while_m_n(1, 5, |c| matches!(c, 'I' | 'V' | 'X'));
    let parsed: IResult<&str, &str> = recognize(tuple((
        opt(pair(
            alt((
                tag("Section"),
                tag("SECTION"),
                tag("Article"),
                tag("ARTICLE"),
            )),
            space1,
        )),
        alt((digits, roman)),
        opt(tag("\\")),
        opt(one_of(".):")),
        space1,
    )))(text);
    let (_, m) = parsed.ok()?;
    // "2019 was a year" is not a section number; a bare number needs punctuation
    let bare = !m.contains(['.', ')', ':']) && !m.starts_with(['S', 'A']);
    (!bare || m.trim_end().len() <= 2).then_some(m.len())
}

/// A whole line of bold text (`**Children**`, `__Contact:__`): the byte range
/// of the text between the markers.
pub fn bold_line(line: &str) -> Option<(usize, usize)> {
    let trimmed = line.trim();
    let lead = line.len() - line.trim_start().len();
    for marker in ["**", "__"] {
        if let Some(inner) = trimmed
            .strip_prefix(marker)
            .and_then(|t| t.strip_suffix(':').unwrap_or(t).strip_suffix(marker))
            && !inner.is_empty()
            && !inner.contains(marker)
            && take_while1::<_, _, nom::error::Error<&str>>(|c: char| c != '*')(inner).is_ok()
        {
            let start = lead + marker.len();
            return Some((start, start + inner.len()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_and_markers() {
        assert_eq!(atx_heading("## Children ##"), Some((2, 3, 11)));
        assert_eq!(atx_heading("#hashtag"), None);
        assert_eq!(atx_heading("###"), Some((3, 3, 3)));
        assert_eq!(setext_underline("====="), Some(1));
        assert_eq!(setext_underline("--- "), Some(2));
        assert_eq!(setext_underline("-- x"), None);
        assert_eq!(list_marker("  * item"), Some(4));
        assert_eq!(list_marker("12. item"), Some(4));
        assert_eq!(list_marker("(a) item"), Some(4));
        assert_eq!(list_marker("*emphasis*"), None);
        assert_eq!(quote_marker("> quoted"), Some(2));
        assert_eq!(fence("```rust"), Some(('`', 3)));
        assert_eq!(table_row("| a | b |"), Some(false));
        assert_eq!(table_row("|---|:-:|"), Some(true));
        assert!(thematic_break("* * *"));
    }

    #[test]
    fn section_numbers_and_bold_lines() {
        assert_eq!(section_number("1\\. PRIVACY"), Some(4));
        assert_eq!(section_number("4. CHANGE/MODIFY"), Some(3));
        assert_eq!(section_number("2.3 Cookies"), Some(4));
        assert_eq!(section_number("IV. Rights"), Some(4));
        assert_eq!(section_number("2019 was"), None);
        assert_eq!(bold_line("**Children's Privacy**"), Some((2, 20)));
        assert_eq!(bold_line("**Contact:**"), Some((2, 10)));
        assert_eq!(bold_line("**a** and **b**"), None);
    }
}
