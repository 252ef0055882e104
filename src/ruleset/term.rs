//! The term language rule authors write: words and phrases matched
//! case-insensitively on word boundaries, `*` as a word-suffix wildcard, and
//! `/.../` as an escape hatch to a regular expression. Parsed with nom into
//! regex source; compiled once per run.

use nom::{
    IResult,
    branch::alt,
    bytes::complete::take_while1,
    character::complete::{char, multispace0, multispace1},
    combinator::{all_consuming, map, opt},
    multi::separated_list1,
    sequence::{pair, terminated},
};

use super::phrase::{Phrase, Step};

/// What is wrong with a term, and where in the term's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermError {
    pub offset: usize,
    pub message: String,
    pub hint: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Term<'a> {
    Regex(&'a str),
    Phrase(Vec<Word<'a>>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Word<'a> {
    text: &'a str,
    wildcard: bool,
}

/// A word, with `*` as a suffix wildcard; a lone `*` stands for any one word
/// ("keeping your * safe").
fn word(input: &str) -> IResult<&str, Word<'_>> {
    alt((
        map(
            pair(
                take_while1(|c: char| !c.is_whitespace() && c != '*' && c != '/'),
                opt(char('*')),
            ),
            |(text, star)| Word {
                text,
                wildcard: star.is_some(),
            },
        ),
        map(terminated(char('*'), peek_space_or_end), |_| Word {
            text: "",
            wildcard: true,
        }),
    ))(input)
}

fn peek_space_or_end(input: &str) -> IResult<&str, ()> {
    match input.chars().next() {
        None => Ok((input, ())),
        Some(c) if c.is_whitespace() => Ok((input, ())),
        Some(_) => Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Space,
        ))),
    }
}

/// `/regex/`: everything between the first and the last slash, so the
/// expression itself may contain `/`.
fn regex_term(input: &str) -> IResult<&str, Term<'_>> {
    let (rest, _) = char('/')(input)?;
    let trimmed = rest.trim_end();
    match trimmed.strip_suffix('/') {
        Some(body) if !body.is_empty() => Ok((&rest[trimmed.len()..], Term::Regex(body))),
        _ => Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Char,
        ))),
    }
}

fn term(input: &str) -> IResult<&str, Term<'_>> {
    alt((
        regex_term,
        map(separated_list1(multispace1, word), Term::Phrase),
    ))(input)
}

fn parse(input: &str) -> Result<Term<'_>, TermError> {
    let lead = input.len() - input.trim_start().len();
    all_consuming(terminated(term, multispace0))(input.trim_start())
        .map(|(_, t)| t)
        .map_err(|_| explain(input, lead))
}

/// Why a term failed to parse, pointing at the first offending character.
fn explain(input: &str, lead: usize) -> TermError {
    let body = input.trim();
    if body.is_empty() {
        return TermError {
            offset: 0,
            message: "empty term".into(),
            hint: Some("write a word or phrase, or remove the entry".into()),
        };
    }
    if body.starts_with('/') {
        return TermError {
            offset: lead,
            message: "regular expression is not closed with `/`".into(),
            hint: Some("write regular expressions as `/pattern/`".into()),
        };
    }
    if let Some(i) = body.find('/') {
        return TermError {
            offset: lead + i,
            message: "`/` inside a word".into(),
            hint: Some(
                "a term that needs `/` can be written as a regular expression: `/a\\/b/`".into(),
            ),
        };
    }
    let star = body.char_indices().find(|&(i, c)| {
        c == '*'
            && body[i + 1..]
                .chars()
                .next()
                .is_some_and(|n| !n.is_whitespace())
    });
    TermError {
        offset: lead + star.map_or(0, |(i, _)| i),
        message: "`*` may only end a word".into(),
        hint: Some("`child*` matches child, children, childhood; a lone `*` matches any one word; for anything else use `/regex/`".into()),
    }
}

/// A term ready to match: the regex source its group is built from, and,
/// for a phrase, the [`Phrase`] steps the scan runs instead of that regex
/// (`None` for a `/regex/` term, or a phrase with nothing to run as steps).
#[derive(Debug, Clone)]
pub struct Compiled {
    /// Regex source for the term alone, case-insensitive once inside its
    /// group ([`group_regex`]).
    pub source: String,
    pub phrase: Option<Phrase>,
}

/// Compiles one term. A `/regex/` term is only parsed here; the caller
/// compiles it.
pub fn compile(input: &str) -> Result<Compiled, TermError> {
    match parse(input)? {
        Term::Regex(re) => {
            let lead = input.find('/').map_or(0, |i| i + 1);
            // checked alone, in full (so a stray `)` cannot close the group
            // around it), and inside its group, its syntax only (so a
            // verbose-mode comment, `/(?x)a#/`, cannot swallow the group's
            // parentheses): translating the group's case-insensitive
            // classes was a quarter of loading the core ruleset, and the
            // term's compile translates them anyway
            let invalid = |e: regex_syntax::Error| TermError {
                offset: lead,
                message: format!("invalid regular expression: {}", first_line(&e.to_string())),
                hint: None,
            };
            regex_syntax::parse(re).map_err(invalid)?;
            regex_syntax::ast::parse::Parser::new()
                .parse(&group_regex(&[format!("(?:{re})")]))
                .map_err(|e| invalid(e.into()))?;
            Ok(Compiled {
                source: format!("(?:{re})"),
                phrase: None,
            })
        }
        Term::Phrase(words) => {
            let pieces = pieces(&words);
            Ok(Compiled {
                source: pieces.iter().fold(String::new(), |mut source, piece| {
                    piece.push_regex(&mut source);
                    source
                }),
                phrase: steps(&pieces).and_then(Phrase::new),
            })
        }
    }
}

/// Regex source for one term, case-insensitive, on word boundaries.
pub fn to_regex(input: &str) -> Result<String, TermError> {
    compile(input).map(|c| c.source)
}

/// What a phrase is made of: the one definition both its regex source and
/// its steps are written from.
#[derive(Debug, Clone, Copy)]
enum Piece {
    Boundary,
    Join,
    Apostrophe,
    OptionalJoin,
    Char(char),
    WordRest,
    AnyWord,
}

impl Piece {
    /// Appends the piece's regex source to `source`: a string of its own
    /// for each piece was 12,000 of the 223,000 allocations of a run's
    /// start-up.
    fn push_regex(&self, source: &mut String) {
        match self {
            Piece::Boundary => source.push_str(r"\b"),
            Piece::Join => source.push_str(r"[\s\-]+"),
            Piece::Apostrophe => source.push_str("(?:'|’)"),
            Piece::OptionalJoin => source.push_str(r"[\-\s]?"),
            Piece::Char(c) => regex_syntax::escape_into(c.encode_utf8(&mut [0; 4]), source),
            // the apostrophes outside the class keep the pattern ASCII-able
            Piece::WordRest => source.push_str(r"(?:[\w'\-]|’)*"),
            Piece::AnyWord => source.push_str(r"(?:[\w'\-]|’)+"),
        }
    }
}

fn pieces(words: &[Word<'_>]) -> Vec<Piece> {
    let mut out = Vec::new();
    let first = words.first().map(|w| w.text).unwrap_or_default();
    if first.is_empty() || first.starts_with(|c: char| c.is_alphanumeric()) {
        out.push(Piece::Boundary);
    }
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push(Piece::Join);
        }
        out.extend(w.text.chars().map(|c| match c {
            '\'' | '’' => Piece::Apostrophe,
            '-' => Piece::OptionalJoin,
            c => Piece::Char(c),
        }));
        if w.wildcard && w.text.is_empty() {
            out.push(Piece::AnyWord);
        } else if w.wildcard {
            out.push(Piece::WordRest);
        }
    }
    let last = words.last().expect("a phrase has at least one word");
    if last.wildcard || last.text.ends_with(|c: char| c.is_alphanumeric()) {
        out.push(Piece::Boundary);
    }
    out
}

/// The steps for a phrase's pieces, one for one; `None` for a phrase with a
/// character outside ASCII (left to the regex engine's case folding).
fn steps(pieces: &[Piece]) -> Option<Vec<Step>> {
    pieces
        .iter()
        .map(|p| match *p {
            Piece::Boundary => Some(Step::Boundary),
            Piece::Join => Some(Step::Join),
            Piece::Apostrophe => Some(Step::Apostrophe),
            Piece::OptionalJoin => Some(Step::OptionalJoin),
            Piece::Char(c) if c.is_ascii() => Some(Step::Byte(c.to_ascii_lowercase() as u8)),
            Piece::Char(_) => None,
            Piece::WordRest => Some(Step::WordRest),
            Piece::AnyWord => Some(Step::AnyWord),
        })
        .collect()
}

fn first_line(s: &str) -> String {
    s.lines().last().unwrap_or(s).trim().to_string()
}

/// Regex source that matches any of `terms`, case-insensitively.
pub fn group_regex(terms: &[String]) -> String {
    format!("(?i:{})", terms.join("|"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    fn matches(term: &str, text: &str) -> bool {
        let re = Regex::new(&group_regex(&[to_regex(term).unwrap()])).unwrap();
        re.is_match(text)
    }

    #[test]
    fn words_phrases_and_wildcards() {
        assert!(matches("child*", "our Children's page"));
        assert!(!matches("child", "children"));
        assert!(matches("third party", "third-party services"));
        assert!(matches("third party", "Third\nParty"));
        assert!(matches("e-mail", "email us"));
        assert!(matches("don't", "we don’t sell"));
        assert!(!matches("age", "usage"));
        assert!(matches("/\\d+ days/", "within 30 days"));
        assert!(matches("/\\d+/\\d+/", "on 5/25"));
        assert!(matches("U.S.", "in the U.S. and"));
        assert!(matches("keeping your * safe", "keeping your data safe"));
        assert!(!matches("keeping your * safe", "keeping your safe"));
    }

    #[test]
    fn bad_terms_point_at_the_problem() {
        assert_eq!(to_regex("ch*ld").unwrap_err().offset, 2);
        assert_eq!(to_regex("  *kid").unwrap_err().offset, 2);
        assert_eq!(to_regex("**").unwrap_err().offset, 0);
        assert_eq!(to_regex("").unwrap_err().message, "empty term");
        assert_eq!(to_regex("/abc").unwrap_err().offset, 0);
        let err = to_regex("/a(b/").unwrap_err();
        assert!(
            err.message.starts_with("invalid regular expression"),
            "{err:?}"
        );
        // found by fuzzing: a verbose-mode comment must not eat the group's ")"
        assert!(to_regex("/(?x)Z#/").is_err());
        assert!(to_regex("/a)b(?x)c#/").is_err());
    }
}
