//! Regex compilation for matching policy text. Word boundaries are made
//! ASCII (`(?-u:\b)`): a Unicode `\b` forces the regex engine off its DFA onto
//! a far slower one whenever the text holds a non-ASCII character, and
//! policies are full of curly quotes. Words themselves still match Unicode.

use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use regex_syntax::hir::{Hir, HirKind, literal};

/// Compiles `pattern` with ASCII word boundaries.
pub fn compile(pattern: &str) -> Result<Regex, regex::Error> {
    Regex::new(&ascii_word_boundaries(pattern))
}

/// Compiles term groups as one set, ASCII-only (`\w`, case folding) where
/// the patterns allow it: an ASCII automaton is several times smaller and
/// faster to build, and the terms rules use are English words. Patterns that
/// need Unicode (`\p{L}` in a user's regex) get a Unicode set.
pub fn compile_set<I, S>(patterns: I) -> Result<RegexSet, regex::Error>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let patterns: Vec<String> = patterns
        .into_iter()
        .map(|p| ascii_word_boundaries(p.as_ref()))
        .collect();
    let build = |unicode: bool| {
        RegexSetBuilder::new(&patterns)
            .unicode(unicode)
            // room for the lazy DFA of a large set, so it never falls back
            // to a slower engine on long documents
            .dfa_size_limit(64 << 20)
            .size_limit(64 << 20)
            .build()
    };
    build(false).or_else(|_| build(true))
}

/// Compiles `pattern` with ASCII word boundaries, ASCII-only where the
/// pattern allows it (as [`compile_set`] does); the literals one of which
/// every match contains come with it, when the pattern has them.
///
/// The match is case-insensitive; the literals are read from the pattern as
/// written and are meant to be found ASCII case-insensitively.
pub fn compile_term(term: &str) -> Result<(Regex, Option<Vec<Vec<u8>>>), regex::Error> {
    let term = ascii_word_boundaries(term);
    let pattern = format!("(?i:{term})");
    let build = |unicode: bool| {
        RegexBuilder::new(&pattern)
            .unicode(unicode)
            .size_limit(64 << 20)
            .dfa_size_limit(64 << 20)
            .build()
            .map(|re| (re, unicode))
    };
    let (regex, unicode) = build(false).or_else(|_| build(true))?;
    let literals = regex_syntax::ParserBuilder::new()
        .unicode(unicode)
        .utf8(true)
        .build()
        .parse(&term)
        .ok()
        .and_then(|hir| necessary_literals(&hir));
    Ok((regex, literals))
}

/// Literals one of which every match of `hir` contains: the match's own
/// prefixes when they are finite, else those of a part every match passes
/// through ("jan|feb|..." inside a date). Shorter lists of longer literals
/// are preferred, as they make fewer false starts.
fn necessary_literals(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    let mut extractor = literal::Extractor::new();
    extractor.limit_total(256);
    let prefixes = extractor.extract(hir);
    let own = prefixes.literals().and_then(|lits| {
        let lits: Vec<Vec<u8>> = lits.iter().map(|l| l.as_bytes().to_vec()).collect();
        (!lits.is_empty() && lits.iter().all(|l| !l.is_empty())).then_some(lits)
    });
    let score = |lits: &Vec<Vec<u8>>| {
        let shortest = lits.iter().map(Vec::len).min().unwrap_or(0);
        (shortest.min(4), usize::MAX - lits.len())
    };
    let part = match hir.kind() {
        HirKind::Concat(parts) => parts
            .iter()
            .filter_map(necessary_literals)
            .max_by_key(|l| score(l)),
        HirKind::Alternation(alternatives) => {
            let mut all = Vec::new();
            for a in alternatives {
                all.extend(necessary_literals(a)?);
            }
            Some(all)
        }
        HirKind::Capture(c) => necessary_literals(&c.sub),
        HirKind::Repetition(r) if r.min > 0 => necessary_literals(&r.sub),
        _ => None,
    };
    match (own, part) {
        (Some(a), Some(b)) => Some(if score(&b) > score(&a) { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// Rewrites every `\b` and `\B` escape (not an escaped backslash followed by
/// `b`) as its ASCII form.
pub fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b') => out.push_str(r"(?-u:\b)"),
            Some('B') => out.push_str(r"(?-u:\B)"),
            Some(next) => {
                out.push('\\');
                out.push(next);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_match_curly_apostrophes_in_ascii_mode() {
        let set = compile_set([
            r"(?i)\bchild(?:[\w'\-]|’)*\b",
            r"(?i)\bdon(?:'|’)t\b",
            r"\p{Greek}+",
        ])
        .unwrap();
        assert_eq!(
            set.matches("Children’s DON’T").iter().collect::<Vec<_>>(),
            vec![0, 1]
        );
        assert!(set.is_match("αβγ"));
    }

    #[test]
    fn boundaries_become_ascii_and_escapes_survive() {
        assert_eq!(ascii_word_boundaries(r"\bkid\b"), r"(?-u:\b)kid(?-u:\b)");
        assert_eq!(ascii_word_boundaries(r"a\\b"), r"a\\b");

        let re = compile(r"(?i)\bchild\w*\b").unwrap();
        assert!(re.is_match("the “Children’s” page"));
        assert!(!re.is_match("grandchildren"));
    }
}
