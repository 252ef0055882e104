//! Dates as policies state them: "May 25, 2018", "25 May 2018", "1st January
//! 2009", "2018-05-25", "25/05/2018" (day-month order configurable), "v
//! 5.25.2012", "March 2019". The value is ISO 8601.

use super::Found;
use crate::pattern::{Alphabet, ForAlphabet};
use regex_automata::meta;

/// How to read an all-numeric date whose day and month are both ≤ 12.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DateOrder {
    #[default]
    MonthDay,
    DayMonth,
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

static DATE: ForAlphabet<meta::Regex> = ForAlphabet::new(|alphabet| {
    let month = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";
    let day = r"(?:[0-3]?\d)(?:st|nd|rd|th)?";
    crate::pattern::compile_narrowed(&format!(
        r"(?i)\b(?:(?P<m1>{month})\s+(?P<d1>{day}),?\s+(?P<y1>(?:19|20)\d\d)|(?P<d2>{day})(?:\s+of)?\s+(?P<m2>{month}),?\s+(?P<y2>(?:19|20)\d\d)|(?P<y3>(?:19|20)\d\d)-(?P<n3>[01]?\d)-(?P<d3>[0-3]?\d)|(?P<a4>[0-3]?\d)[/.\-](?P<b4>[0-3]?\d)[/.\-](?P<y4>(?:19|20)\d\d|\d\d)|(?P<m5>{month}),?\s+(?P<y5>(?:19|20)\d\d)|(?P<n6>0?[1-9]|1[0-2])/(?P<y6>(?:19|20)\d\d))\b"
    ), alphabet)
    .expect("date regex")
});

pub fn extract(
    text: &str,
    start: usize,
    end: usize,
    order: DateOrder,
    alphabet: Alphabet,
    out: &mut Vec<Found>,
) {
    let slice = &text[start..end];
    for caps in DATE.get(alphabet).captures_iter(slice) {
        let whole = caps.get_match().expect("a match");
        let get = |n: &str| caps.get_group_by_name(n).map(|g| &slice[g.range()]);
        let iso = if let (Some(m), Some(d), Some(y)) = (get("m1"), get("d1"), get("y1")) {
            ymd(y, month(m), day(d))
        } else if let (Some(d), Some(m), Some(y)) = (get("d2"), get("m2"), get("y2")) {
            ymd(y, month(m), day(d))
        } else if let (Some(y), Some(m), Some(d)) = (get("y3"), get("n3"), get("d3")) {
            ymd(y, m.parse().ok(), d.parse().ok())
        } else if let (Some(a), Some(b), Some(y)) = (get("a4"), get("b4"), get("y4")) {
            let (a, b): (u32, u32) = (a.parse().unwrap_or(0), b.parse().unwrap_or(0));
            let (m, d) = match (a > 12, b > 12, order) {
                (true, false, _) => (b, a),
                (false, true, _) => (a, b),
                (_, _, DateOrder::DayMonth) => (b, a),
                _ => (a, b),
            };
            let y = if y.len() == 2 {
                format!("20{y}")
            } else {
                y.to_string()
            };
            ymd(&y, Some(m), Some(d))
        } else if let (Some(m), Some(y)) = (get("m5"), get("y5")) {
            month(m).map(|m| format!("{y}-{m:02}"))
        } else if let (Some(m), Some(y)) = (get("n6"), get("y6")) {
            m.parse::<u32>().ok().map(|m| format!("{y}-{m:02}"))
        } else {
            None
        };
        if let Some(iso) = iso {
            out.push(Found::new(
                (start + whole.start(), start + whole.end()),
                iso,
            ));
        }
    }
}

fn month(name: &str) -> Option<u32> {
    let lower = name.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| lower.starts_with(m))
        .map(|i| i as u32 + 1)
}

fn day(d: &str) -> Option<u32> {
    d.trim_end_matches(|c: char| c.is_alphabetic()).parse().ok()
}

fn ymd(y: &str, m: Option<u32>, d: Option<u32>) -> Option<String> {
    let (m, d) = (m?, d?);
    let y: i32 = y.parse().ok()?;
    let days = [
        31,
        if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) {
            29
        } else {
            28
        },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    ((1..=12).contains(&m) && d >= 1 && d <= days[m as usize - 1])
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dates in `text`, read with the pattern for its alphabet, which
    /// finds what the whole pattern finds.
    fn dates(text: &str, order: DateOrder) -> Vec<String> {
        let (mut out, mut whole) = (Vec::new(), Vec::new());
        extract(text, 0, text.len(), order, Alphabet::of(text), &mut out);
        extract(text, 0, text.len(), order, Alphabet::Any, &mut whole);
        assert_eq!(out, whole, "{text:?}");
        out.iter()
            .map(|f| f.value.as_str().unwrap().to_string())
            .collect()
    }

    #[test]
    fn formats_policies_use() {
        let md = DateOrder::MonthDay;
        assert_eq!(dates("Last updated: May 25, 2018", md), vec!["2018-05-25"]);
        assert_eq!(
            dates("effective from 1st January 2009", md),
            vec!["2009-01-01"]
        );
        assert_eq!(dates("v 5.25.2012", md), vec!["2012-05-25"]);
        assert_eq!(dates("2018-05-25", md), vec!["2018-05-25"]);
        assert_eq!(dates("25/05/2018", md), vec!["2018-05-25"]);
        assert_eq!(dates("03/04/2018", DateOrder::DayMonth), vec!["2018-04-03"]);
        assert_eq!(dates("03/04/2018", md), vec!["2018-03-04"]);
        assert_eq!(dates("Updated March 2019", md), vec!["2019-03"]);
        assert_eq!(dates("Rev. 03/2010", md), vec!["2010-03"]);
        assert_eq!(dates("Sept. 3, 2021", md), vec!["2021-09-03"]);
        assert_eq!(dates("February 30, 2020", md), Vec::<String>::new());
    }
}
