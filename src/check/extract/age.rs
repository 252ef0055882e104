//! Age thresholds for children's data: "under 13", "under the age of 16",
//! "13 years or older", "younger than thirteen". A number that is not an age
//! ("under contract", "under Section 13") is not read.

use super::{Found, NUMBER_WORDS, number_word};
use crate::pattern::{Alphabet, ForAlphabet, YesNoRegex};
use regex_automata::meta;

static AGE: ForAlphabet<meta::Regex> = ForAlphabet::new(|alphabet| {
    let (template, number) = age_pattern();
    crate::pattern::compile_repeating(&template, &number, alphabet).expect("age regex")
});

/// The age patterns, one alternative each, with [`crate::pattern::PART`]
/// where the number (a capture group in each) stands; and the number's
/// pattern, written once (see [`crate::pattern::compile_repeating`]).
fn age_pattern() -> (String, String) {
    let n = format!("({})", crate::pattern::PART);
    let patterns = [
        // under / below / younger than (the age of) N
        format!(
            r"(?:under|below|younger than|less than|beneath)\s+(?:the\s+)?(?:age\s+of\s+|age\s+)?{n}(?:\s*\(\d{{1,2}}\))?(?:\s+years)?\b"
        ),
        // N years (of age) or older / and over / or above
        format!(
            r"{n}(?:\s*\(\d{{1,2}}\))?\s*(?:years?(?:\s+of\s+age|\s+old)?\s+)?(?:or|and)\s+(?:older|over|above|up)\b"
        ),
        // at least / minimum age / over the age of / aged N
        format!(
            r"(?:at\s+least|minimum\s+age\s+(?:of|is)|over\s+(?:the\s+)?age\s+of|the\s+age\s+of|aged|age)\s+{n}(?:\s*\(\d{{1,2}}\))?\b"
        ),
        // the minimum age to use the service is N; you must be (at least) N
        format!(r"minimum\s+age\b[^.;]{{0,40}}?\bis\s+{n}\b"),
        format!(r"must\s+be\s+(?:at\s+least\s+|over\s+|older\s+than\s+)?{n}\b(?:\s+years)?"),
        // N years of age / N years old / N-year-olds
        format!(r"{n}(?:\s*\(\d{{1,2}}\))?[\s-]+years?[\s-]+(?:of[\s-]+age|old)\b"),
        // ages of N and under, N+
        r"(\d{1,2})\+".to_string(),
    ];
    (
        format!("(?i){}", patterns.join("|")),
        format!(r"(?i:\d{{1,2}}|{NUMBER_WORDS})"),
    )
}

/// "at least 7 days": a number followed by a unit of time is a period.
static PERIOD_AFTER: ForAlphabet<YesNoRegex> = ForAlphabet::new(|alphabet| {
    crate::pattern::compile_yes_no(
        r"(?i)^\s*(?:business\s+|calendar\s+)?(?:days?|weeks?|months?|hours?|minutes?)\b",
        alphabet,
    )
    .expect("period regex")
});

/// "a 12 year old child in …": an illustration of a person, not a threshold.
static ARTICLE_BEFORE: ForAlphabet<YesNoRegex> = ForAlphabet::new(|alphabet| {
    crate::pattern::compile_yes_no(r"(?i)\b(?:a|an)\s+$", alphabet).expect("article regex")
});

pub fn extract(text: &str, start: usize, end: usize, alphabet: Alphabet, out: &mut Vec<Found>) {
    let slice = &text[start..end];
    for caps in AGE.get(alphabet).captures_iter(slice) {
        let whole = caps.get_match().expect("a match");
        if PERIOD_AFTER.get(alphabet).is_match(&slice[whole.end()..])
            || ARTICLE_BEFORE
                .get(alphabet)
                .is_match(&slice[..whole.start()])
        {
            continue;
        }
        // the number: the group of the alternative that matched
        let Some(number) = caps.iter().skip(1).flatten().next() else {
            continue;
        };
        let raw = &slice[number.range()];
        let age = raw.parse::<i64>().ok().or_else(|| number_word(raw));
        if let Some(age) = age.filter(|a| (4..=21).contains(a)) {
            out.push(Found::new(
                (start + whole.start(), start + whole.end()),
                age,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ages in `text`, read with the pattern for its alphabet, which
    /// finds what the whole pattern finds.
    fn ages(text: &str) -> Vec<i64> {
        let (mut out, mut whole) = (Vec::new(), Vec::new());
        extract(text, 0, text.len(), Alphabet::of(text), &mut out);
        extract(text, 0, text.len(), Alphabet::Any, &mut whole);
        assert_eq!(out, whole, "{text:?}");
        out.iter().map(|f| f.value.as_i64().unwrap()).collect()
    }

    #[test]
    fn reads_ages_as_policies_write_them() {
        assert_eq!(ages("children under 13"), vec![13]);
        assert_eq!(ages("under the age of sixteen (16)"), vec![16]);
        assert_eq!(ages("you must be 18 years or older"), vec![18]);
        assert_eq!(ages("users 13 and over"), vec![13]);
        assert_eq!(ages("younger than thirteen"), vec![13]);
        assert_eq!(ages("at least 16 years old"), vec![16]);
        assert_eq!(ages("persons under the age of 13 years"), vec![13]);
        assert_eq!(ages("not meant for anyone under 13-years-old"), vec![13]);
        assert_eq!(
            ages("for example a 12 year old child in Spain"),
            Vec::<i64>::new()
        );
        assert_eq!(ages("notice for at least 7 days"), Vec::<i64>::new());
        assert_eq!(ages("children 12 years of age"), vec![12]);
        assert_eq!(ages("The minimum age to use the Service is 14."), vec![14]);
        assert_eq!(ages("You must be 16 to register."), vec![16]);
    }

    /// The pattern with its number written once finds what the pattern
    /// written out finds, group for group, over every fixture.
    #[test]
    fn the_number_written_once_is_the_pattern_written_out() {
        let (template, number) = age_pattern();
        let written = crate::pattern::compile(
            &template.replace(crate::pattern::PART, &number.replace("(?i:", "(?:")),
        )
        .unwrap();
        let mut texts: Vec<String> = std::fs::read_dir("fixtures")
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect();
        texts.push("under ſixteen, aged 13+, 12-year-olds, 9 (nine) years or older".into());
        let mut found = 0;
        for text in &texts {
            let once: Vec<Vec<Option<(usize, usize)>>> = AGE
                .get(Alphabet::of(text))
                .captures_iter(text.as_str())
                .map(|c| c.iter().map(|g| g.map(|g| (g.start, g.end))).collect())
                .collect();
            let out: Vec<Vec<Option<(usize, usize)>>> = written
                .captures_iter(text)
                .map(|c| c.iter().map(|g| g.map(|g| (g.start(), g.end()))).collect())
                .collect();
            assert_eq!(once, out);
            found += once.len();
        }
        assert!(found > 20, "ages found: {found}");
    }

    #[test]
    fn numbers_that_are_not_ages() {
        assert_eq!(ages("data processed under contract"), Vec::<i64>::new());
        assert_eq!(ages("under Section 13 of the Act"), Vec::<i64>::new());
        assert_eq!(ages("under 100 employees"), Vec::<i64>::new());
        assert_eq!(ages("retained for 30 days or longer"), Vec::<i64>::new());
    }
}
