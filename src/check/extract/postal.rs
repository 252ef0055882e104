//! Postal addresses of the organisation: a street line (number and street,
//! street and number, or a PO box) confirmed by a locality close after it (a
//! postcode in one of several countries' formats, or a country name).
//! "Version 2.1", "Section 4" or "123 users" are not streets.

use super::Found;
use crate::bytes::ByteSet;
use crate::pattern::{Alphabet, ForAlphabet, YesNoRegex};
use aho_corasick::packed::{Config, Searcher};
use aho_corasick::{AhoCorasick, Anchored, MatchKind, Span, StartKind};
use regex_automata::{Input, meta};
use std::sync::LazyLock;

/// Street lines, each form an alternative of its own so a match says which
/// made it: "1600 Main Street", "12 rue de la Paix", "Musterstraße 12",
/// "Keizersgracht 123", "P.O. Box 1234", "Unit 5, 20 Queen St"; then the
/// weak forms, a bare "Unit 4" or a street without a number ("Mill Lane").
/// A match is made by the first form, in this order, that matches where it
/// starts.
static STREET: ForAlphabet<meta::Regex> = ForAlphabet::new(|alphabet| {
    crate::pattern::compile_forms(&street_forms(), alphabet).expect("street regex")
});

fn street_forms() -> Vec<String> {
    let suffix = format!("(?:{})", SUFFIXES.join("|"));
    let euro = EURO_ENDINGS.map(regex::escape).join("|");
    let euro = format!("(?:{euro})");
    let romance = ROMANCE_STREETS.join("|");
    let forms = [
        r"(?i:\b(?:P\.?\s?O\.?\s?Box|Post\s+Office\s+Box|PO\s+Box|Postfach|Private\s+Bag|GPO\s+Box|Locked\s+Bag)\s+\d{1,6})".to_string(),
        format!(r"\b\d{{1,5}}[A-Za-z]?(?:[\-–/]\d{{1,5}}[A-Za-z]?)?,?\s+(?:[A-Z][\w'’.\-]*\s+){{0,4}}(?i:{suffix})\b\.?"),
        format!(r"\b[A-ZÄÖÜ][\wäöüßé'\-]*(?i:{euro})\s*\d{{1,4}}[a-zA-Z]?\b"),
        format!(r"\b[A-ZÄÖÜ][\wäöüß'\-]+\s+(?i:{euro}|Straße|Strasse|Street)\s+\d{{1,4}}[a-zA-Z]?\b"),
        format!(r"\b\d{{1,4}},?\s+(?i:{romance})\s+[\w'’\-]+"),
        r"(?i:\bc/o\s)?\b(?:Unit|Suite|Level|Floor|Building)\s+\d{1,4}[A-Za-z]?,\s+\d{1,5}\s+[A-Z][\w'\-]*".to_string(),
        // grid: 877 E 1200 S
        r"\b\d{1,5}\s+[NSEW]\.?\s+\d{1,5}\s+[NSEW]\b".to_string(),
        r"\bNo\.\s?\d{1,5}[A-Za-z]?,\s+[\w'’\-]+".to_string(),
        // weak: from here on (WEAK_STREET)
        r"\b(?:Unit|Suite|Flat|Apartment|Building|Level)\s+\d{1,4}[A-Za-z]?\b".to_string(),
        format!(r"\b[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+)?\s+(?:{})\b", NAMED_STREETS.join("|")),
    ];
    forms.into()
}

/// The words that end a street line after its number and name ("12 Main
/// Street", "5 Elm Rd"), in any case.
const SUFFIXES: [&str; 54] = [
    "Street",
    "St",
    "Avenue",
    "Ave",
    "Av",
    "Road",
    "Rd",
    "Boulevard",
    "Blvd",
    "Lane",
    "Ln",
    "Drive",
    "Dr",
    "Way",
    "Court",
    "Ct",
    "Place",
    "Pl",
    "Square",
    "Sq",
    "Parkway",
    "Pkwy",
    "Highway",
    "Hwy",
    "Terrace",
    "Tce",
    "Crescent",
    "Cres",
    "Circle",
    "Cir",
    "Plaza",
    "Row",
    "Quay",
    "Wharf",
    "Hill",
    "Park",
    "Walk",
    "Close",
    "Gardens",
    "Mews",
    "Parade",
    "Esplanade",
    "Broadway",
    "Alley",
    "Trail",
    "Pike",
    "Turnpike",
    "Center",
    "Centre",
    "House",
    "Building",
    "Tower",
    "Floor",
    "Suite",
];

/// The endings of a street's name written before its number, in any case
/// ("Musterstraße 12", "Keizersgracht 123", "Baker gade 4").
const EURO_ENDINGS: [&str; 25] = [
    "straße", "strasse", "str.", "weg", "gasse", "platz", "allee", "ring", "damm", "ufer",
    "gracht", "laan", "straat", "plein", "kade", "dijk", "singel", "steeg", "markt", "vej", "gade",
    "gatan", "vägen", "veien", "gata",
];

/// The words that start a street after its number in French, Italian,
/// Spanish and Portuguese ("12 rue de la Paix"), in any case.
const ROMANCE_STREETS: [&str; 13] = [
    "rue",
    "avenue",
    "boulevard",
    "place",
    "chemin",
    "allée",
    "via",
    "viale",
    "piazza",
    "calle",
    "avenida",
    "rua",
    "plaza",
];

/// The first weak form of [`STREET`].
const WEAK_STREET: usize = 8;

/// The words that end a street named without a number ("Mill Lane"), the
/// last form of [`STREET`]. Every other form holds a digit.
const NAMED_STREETS: [&str; 16] = [
    "Lane", "Road", "Street", "Avenue", "Close", "Way", "Drive", "Place", "Row", "Square", "Court",
    "Gardens", "Terrace", "Crescent", "Mews", "Parade",
];

/// Where a street line can stand: a run of ASCII digits that
/// [`can_be_street_number`] allows, or a word of [`NAMED_STREETS`], one of
/// which every match of [`STREET`] holds in text of the common alphabet
/// (where `\d` is `[0-9]`).
struct Marks {
    digits: ByteSet,
    /// The names: a packed (SIMD) search where the processor has one;
    /// aho-corasick's automaton picks none for these words and steps
    /// through every byte.
    names: Result<Searcher, AhoCorasick>,
}

static MARKS: LazyLock<Marks> = LazyLock::new(|| Marks {
    digits: ByteSet::of(b'0'..=b'9'),
    names: Config::new()
        .builder()
        .extend(NAMED_STREETS)
        .build()
        .ok_or_else(|| AhoCorasick::new(NAMED_STREETS).expect("street names")),
});

/// The marks of one text, found from left to right. Each kind's next one
/// is kept until it is passed, so a text is read once for digits and once
/// for names however often it is asked about.
struct MarkCursor<'h> {
    text: &'h str,
    /// For digits and for names: where the last search started, and what
    /// it found (`None`: none from there on).
    digit: (usize, Option<usize>),
    name: (usize, Option<usize>),
}

impl<'h> MarkCursor<'h> {
    fn new(text: &'h str) -> Self {
        MarkCursor {
            text,
            digit: (usize::MAX, None),
            name: (usize::MAX, None),
        }
    }

    /// The first mark in `hay[from..]`.
    fn find(&mut self, from: usize) -> Option<usize> {
        let (hay, marks) = (self.text.as_bytes(), &*MARKS);
        let stale = |(searched, found): (usize, Option<usize>)| {
            searched > from || found.is_some_and(|at| at < from)
        };
        if stale(self.digit) {
            self.digit = (from, self.number_from(from));
        }
        if stale(self.name) {
            let span = Span {
                start: from,
                end: hay.len(),
            };
            let name = match &marks.names {
                Ok(packed) => packed.find_in(hay, span),
                Err(automaton) => automaton.find(aho_corasick::Input::new(hay).span(span)),
            };
            self.name = (from, name.map(|m| m.start()));
        }
        match (self.digit.1, self.name.1) {
            (Some(digit), Some(name)) => Some(digit.min(name)),
            (digit, name) => digit.or(name),
        }
    }

    /// The start of the first run of digits in `hay[from..]` that
    /// [`can_be_street_number`] allows. A run that starts before `from` is
    /// passed over: a street line holds the first digit of every run it
    /// touches (a number follows a word boundary, white space or a
    /// street's name), so none that starts at `from` or later holds one.
    fn number_from(&self, from: usize) -> Option<usize> {
        let (hay, digits) = (self.text.as_bytes(), &MARKS.digits);
        let mut at = from;
        while let Some(digit) = digits.find(hay, at, hay.len()) {
            let start = hay[..digit]
                .iter()
                .rposition(|b| !b.is_ascii_digit())
                .map_or(0, |i| i + 1);
            let end = hay[digit..]
                .iter()
                .position(|b| !b.is_ascii_digit())
                .map_or(hay.len(), |i| digit + i);
            if start >= from && can_be_street_number(self.text, start, end) {
                return Some(start);
            }
            at = end;
        }
        None
    }
}

/// Whether the run of digits `text[start..end]` can be a number that a
/// street line holds. Every form of [`STREET`] holding a number either
/// starts with it, followed by an optional letter, an optional comma, white
/// space and a word in capitals or a street's word ("12 Main Street", "877
/// E 1200 S", "12 rue de la Paix"; a range, "12-14 Main Street", by its
/// second number, which stands in the same run of text); or puts it after a
/// word that ends as a street, a box or a flat does, and optional white
/// space ("Musterstraße 12", "P.O. Box 9", "Unit 4", "No. 42"). Numbers in
/// prose ("within 30 days", "section 4.", "13, and") do neither; nine in ten
/// searches around every number found nothing. Text outside ASCII where a
/// word is read is taken to allow a street, since case folding there
/// reaches beyond ASCII ("ſtreet"). The reaches of [`RUNS_BEFORE`] and
/// [`RUNS_AFTER`] hold from these marks as they did from every digit.
fn can_be_street_number(text: &str, start: usize, end: usize) -> bool {
    number_then_street(text, start, end) || street_then_number(&text[..start])
}

/// The words around a street number, for anchored searches, ASCII
/// case-insensitive: each in a few steps of an automaton rather than
/// compared with dozens of words (most runs of digits in a policy are read
/// by both).
struct NumberWords {
    /// [`SUFFIXES`] and [`ROMANCE_STREETS`]; the longest that starts a
    /// word.
    after: AhoCorasick,
    /// [`BEFORE_NUMBER`] and [`EURO_ENDINGS`], each reversed: any that
    /// starts a word's reversed ending.
    before: AhoCorasick,
}

static NUMBER_WORDS: LazyLock<NumberWords> = LazyLock::new(|| {
    let anchored = |kind| {
        let mut builder = AhoCorasick::builder();
        builder
            .ascii_case_insensitive(true)
            .match_kind(kind)
            .start_kind(StartKind::Anchored);
        builder
    };
    let reversed = BEFORE_NUMBER
        .iter()
        .chain(&EURO_ENDINGS)
        .map(|ending| ending.bytes().rev().collect::<Vec<u8>>());
    NumberWords {
        after: anchored(MatchKind::LeftmostLongest)
            .build(SUFFIXES.iter().chain(&ROMANCE_STREETS))
            .expect("street words"),
        before: anchored(MatchKind::LeftmostFirst)
            .build(reversed)
            .expect("endings before a number"),
    }
});

/// The endings, in any case, of the words a number follows in a street
/// line other than a street's name ([`EURO_ENDINGS`]): a box, a flat or
/// unit, "No.", and a street named before its number.
const BEFORE_NUMBER: [&str; 12] = [
    "box",
    "postfach",
    "bag",
    "unit",
    "suite",
    "level",
    "floor",
    "building",
    "flat",
    "apartment",
    "no.",
    "street",
];

/// A house number at `text[start..end]`: it starts a word, and what follows
/// it can go on as a street line's first form does.
fn number_then_street(text: &str, start: usize, end: usize) -> bool {
    let hay = text.as_bytes();
    let byte = |k: usize| hay.get(k).copied();
    // the forms' word boundaries are ASCII's
    if !crate::ruleset::phrase::boundary(hay, start) {
        return false;
    }
    let mut k = end;
    if byte(k).is_some_and(|b| b.is_ascii_alphabetic()) {
        k += 1;
    }
    if byte(k) == Some(b',') {
        k += 1;
    }
    let rest = &text[k..];
    let next = rest.trim_start();
    if next.len() == rest.len() {
        return false;
    }
    let word_len = next
        .bytes()
        .position(|b| !b.is_ascii_alphabetic())
        .unwrap_or(next.len());
    let (word, after) = next.split_at(word_len);
    match (word.bytes().next(), after.bytes().next()) {
        // a word in capitals, or a letter outside ASCII
        (Some(first), _) if first.is_ascii_uppercase() => true,
        (None, Some(b)) | (Some(_), Some(b)) if !b.is_ascii() => true,
        (None, _) => false,
        (Some(_), _) => NUMBER_WORDS
            .after
            .find(aho_corasick::Input::new(word).anchored(Anchored::Yes))
            .is_some_and(|m| m.end() == word.len()),
    }
}

/// Whether `before` (the text before a number) ends, past any white space,
/// in a word a number follows in a street line.
fn street_then_number(before: &str) -> bool {
    let word = before.trim_end().as_bytes();
    // the longest ending is 9 bytes ("apartment"); text outside ASCII
    // there may fold to one of them
    let tail = &word[word.len().saturating_sub(9)..];
    if !tail.is_ascii() {
        return true;
    }
    let mut reversed = [0u8; 9];
    for (to, &b) in reversed.iter_mut().zip(tail.iter().rev()) {
        *to = b;
    }
    let reversed = &reversed[..tail.len()];
    NUMBER_WORDS
        .before
        .find(aho_corasick::Input::new(reversed).anchored(Anchored::Yes))
        .is_some()
}

/// How many runs of text without white space a street line holds before
/// the run with its first mark, at most, and after it: "P. O. Box 12" and
/// "c/o Unit 3, 12 Harbour" hold three before, "12 Harbour View Business
/// Park Road" five after. One more each way, to spare.
const RUNS_BEFORE: usize = 4;
const RUNS_AFTER: usize = 6;

/// The first street line at or after `from` in `text`: what
/// `STREET.search(&Input::new(text).range(from..))` finds. In text of the
/// common alphabet, only the text around marks is searched. Every match
/// holds a mark and reaches at most [`RUNS_BEFORE`] runs before it and
/// [`RUNS_AFTER`] after it, so it lies within that reach of its first mark.
/// Marks whose reaches meet are searched together, a stretch of at most
/// about [`STRETCH`] bytes at a time. A match found that starts before the
/// reach of the first mark left out of the stretch lies wholly in it, so it
/// is the one a search of the whole text finds; one that starts later is
/// looked for again with the marks after. The regex still sees the text
/// around a stretch for `\b`. Most of a policy holds no mark: the search of
/// every byte was 6.5% of a run over the bench tree.
/// `marks` are those of `text`, kept from one call to the next.
fn next_street(
    text: &str,
    from: usize,
    alphabet: Alphabet,
    marks: &mut MarkCursor,
) -> Option<regex_automata::Match> {
    let street = STREET.get(alphabet);
    if alphabet == Alphabet::Any {
        return street.search(&Input::new(text).range(from..));
    }
    street_around_marks(text, from, street, STRETCH, marks)
}

/// [`next_street`] in text of the common alphabet, with stretches that stop
/// growing at `stretch` bytes.
fn street_around_marks(
    text: &str,
    from: usize,
    street: &meta::Regex,
    stretch: usize,
    marks: &mut MarkCursor,
) -> Option<regex_automata::Match> {
    let hay = text.as_bytes();
    debug_assert!(std::ptr::eq(text, marks.text), "the marks of another text");
    // no match starts before `floor`; marks before `at` are searched
    let (mut floor, mut at) = (from, from);
    while let Some(mark) = marks.find(at) {
        let start = runs_back(hay, mark, RUNS_BEFORE).max(floor);
        let mut end = runs_forward(hay, mark, RUNS_AFTER);
        at = runs_forward(hay, mark, 0);
        // where the reach of the first mark left out starts; a stretch
        // stops growing at `stretch` bytes, so that text full of marks (a
        // list of addresses) is not read to its end for each match
        let mut left_out = usize::MAX;
        while let Some(next) = marks.find(at) {
            let full = end - start > stretch;
            if full || next > end {
                let reach = runs_back(hay, next, RUNS_BEFORE);
                if full || reach > end {
                    left_out = reach;
                    break;
                }
            }
            end = end.max(runs_forward(hay, next, RUNS_AFTER));
            at = runs_forward(hay, next, 0);
        }
        let found = street.search(&Input::new(text).range(start..end));
        if let Some(found) = found.filter(|m| m.start() < left_out) {
            return Some(found);
        }
        floor = floor.max(left_out);
    }
    None
}

/// How long a stretch of marks searched at once grows, at most (bytes).
const STRETCH: usize = 512;

/// White space between runs. Only ASCII white space is counted: a run
/// holding other white space reads as one, which makes a reach longer, never
/// shorter.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)
}

/// The start of the run holding `hay[at]`, then of each of `runs` runs
/// before it.
fn runs_back(hay: &[u8], mut at: usize, runs: usize) -> usize {
    let mut step = |keep: fn(u8) -> bool| {
        while at > 0 && keep(hay[at - 1]) {
            at -= 1;
        }
    };
    step(|b| !is_space(b));
    for _ in 0..runs {
        step(is_space);
        step(|b| !is_space(b));
    }
    at
}

/// The end of the run holding `hay[at]`, then of each of `runs` runs after
/// it.
fn runs_forward(hay: &[u8], mut at: usize, runs: usize) -> usize {
    let mut step = |keep: fn(u8) -> bool| {
        while at < hay.len() && keep(hay[at]) {
            at += 1;
        }
    };
    step(|b| !is_space(b));
    for _ in 0..runs {
        step(is_space);
        step(|b| !is_space(b));
    }
    at
}

/// Localities that confirm an address: postcodes by country, or a country;
/// each form an alternative of its own, as in [`STREET`].
static LOCALITY: ForAlphabet<meta::Regex> = ForAlphabet::new(|alphabet| {
    crate::pattern::compile_forms(&locality_forms(), alphabet).expect("locality regex")
});

fn locality_forms() -> Vec<String> {
    let states = "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY";
    let state_names = "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming";
    let countries = "USA|U\\.S\\.A\\.?|United States(?: of America)?|United Kingdom|UK|U\\.K\\.|England|Scotland|Wales|Northern Ireland|Ireland|New Zealand|Australia|Canada|Germany|Deutschland|Netherlands|The Netherlands|Nederland|Belgium|France|Spain|Italy|Sweden|Denmark|Norway|Finland|Austria|Switzerland|Luxembourg|Portugal|Poland|Israel|Singapore|Japan|India|Hong Kong|Estonia|Czech Republic|Malta|Cyprus|Iceland|Brazil|Mexico|South Africa|Qatar|United Arab Emirates|UAE|Saudi Arabia|Bahrain|Kuwait|Oman|Jordan|Lebanon|Egypt|Turkey|Greece|Romania|Bulgaria|Hungary|Slovakia|Slovenia|Croatia|Serbia|Latvia|Lithuania|Ukraine|China|Taiwan|South Korea|Korea|Malaysia|Indonesia|Philippines|Thailand|Vietnam|Pakistan|Bangladesh|Sri Lanka|Nigeria|Kenya|Ghana|Argentina|Chile|Colombia|Peru|Uruguay|Costa Rica|Panama|Puerto Rico|Gibraltar|Isle of Man|Jersey|Guernsey|Liechtenstein|Monaco|Cayman Islands|Bermuda|British Virgin Islands|Seychelles";
    // names are written with `\s+` between their words
    let state_names = state_names.replace(' ', r"\s+");
    let countries = countries.replace(' ', r"\s+");
    let forms = [
        // US: CA 94107
        format!(r"\b(?:{states}|{state_names})\.?,?\s+\d{{5}}(?:-\d{{4}})?\b"),
        // UK: EC1A 1BB
        r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2}\b".to_string(),
        // IE Eircode: D02 X285
        r"\b[AC-FHKNPRTV-Y]\d{2}\s?[AC-FHKNPRTV-Y\d]{4}\b".to_string(),
        // IE: Dublin 2
        r"\bDublin\s+\d{1,2}\b".to_string(),
        // CA: M5V 2T6
        r"\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b".to_string(),
        // AU
        r"\b(?:NSW|VIC|QLD|SA|WA|TAS|ACT|NT|Victoria|Queensland|New\s+South\s+Wales|Tasmania)\s+\d{4}\b".to_string(),
        // NL: 1015 CJ
        r"\b[1-9]\d{3}\s?[A-Z]{2}\b".to_string(),
        // loose: DE/FR/AT/CH/BE: 10115 Berlin
        r"\b(?:D-|F-|A-|CH-|L-|B-)?\d{4,5}\s+[A-ZÄÖÜ][a-zäöüßé]+".to_string(),
        // loose: NZ/AU/BE: Auckland 1010
        r"\b[A-Z][a-z]+\s+\d{4}\b".to_string(),
        // IN: Bengaluru 560038
        r"\b[A-Z][a-z]+\s+[1-9]\d{2}\s?\d{3}\b".to_string(),
        // loose: a country
        format!(r"\b(?:{countries})\b"),
    ];
    forms.into()
}

/// Whether a locality is a loose one (a town after a number, or a country)
/// rather than a postcode, by the form of [`LOCALITY`] that made it.
fn is_loose(locality: &regex_automata::Match) -> bool {
    matches!(locality.pattern().as_usize(), 7 | 8 | 10)
}

/// How far after a street line its locality may stand (characters).
const WINDOW: usize = 160;

pub fn extract(text: &str, start: usize, end: usize, alphabet: Alphabet, out: &mut Vec<Found>) {
    let slice = &text[start..end];
    let mut from = 0;
    let mut marks = MarkCursor::new(slice);
    while let Some(street) = next_street(slice, from, alphabet, &mut marks) {
        let after_start = street.end();
        let window_end = floor_boundary(slice, (after_start + WINDOW).min(slice.len()));
        let window = &slice[after_start..window_end];
        let stop = address_end(window, alphabet);
        // a bare "Unit 4" needs a postcode after it; a street or PO box may end in a country
        let weak = street.pattern().as_usize() >= WEAK_STREET;
        let mut end_at = None;
        for loc in LOCALITY.get(alphabet).find_iter(&window[..stop]) {
            let loose = is_loose(&loc);
            if weak && loose && end_at.is_none() {
                continue;
            }
            let gap = &window[..loc.start()];
            if street_sense(&slice[street.start()..after_start + loc.end()])
                && address_like(gap, if weak { 0 } else { 3 })
            {
                end_at = Some(after_start + loc.end());
            }
        }
        // a locality on the street line itself ("Keizersgracht 123, 1015 CJ Amsterdam")
        match end_at {
            Some(e) => {
                let value = collapse(&slice[street.start()..e]);
                let s = start + street.start();
                // values are found in order and do not overlap: only the
                // last can hold this one's start
                if !out.last().is_some_and(|f| f.span.0 <= s && s < f.span.1) {
                    out.push(Found::new((s, start + e), value));
                }
                from = e;
            }
            None => from = street.end(),
        }
        if from >= slice.len() {
            break;
        }
    }
}

/// A line that labels another way to get in touch.
static CONTACT_LABEL: ForAlphabet<YesNoRegex> = ForAlphabet::new(|alphabet| {
    crate::pattern::compile_yes_no(
        r"(?i)^\s*(?:phone|telephone|tel|fax|mobile|e-?mail|web|website|url|toll[\s-]?free)\b",
        alphabet,
    )
    .expect("contact label regex")
});

/// Where the text after a street line stops being an address: at the end of
/// a sentence (not "Co. Cork" or "St. Helier"), or at a block too long to be
/// one line of an address.
fn address_end(window: &str, alphabet: Alphabet) -> usize {
    let mut end = window.len();
    for (i, _) in window.match_indices(". ") {
        let word = window[..i]
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        let abbreviation = word.len() <= 3 || ["Blvd", "Corp", "Dept", "Bldg"].contains(&word);
        if !abbreviation {
            end = i + 1;
            break;
        }
    }
    // blocks are separated by line breaks: one element per block is an
    // address; a paragraph of prose, or a "Phone:" or "Email:" line, is not
    let mut offset = 0;
    for (n, line) in window.split('\n').enumerate() {
        if n > 0 && (line.trim().len() > 70 || CONTACT_LABEL.get(alphabet).is_match(line)) {
            end = end.min(offset);
            break;
        }
        offset += line.len() + 1;
    }
    end.min(window.len())
}

/// The text between a street and its locality reads like address lines:
/// capitalised words, numbers and punctuation, with at most `prose`
/// lower-case words ("Suite 200, second floor").
fn address_like(gap: &str, prose: usize) -> bool {
    const JOINERS: &[&str] = &[
        "of", "the", "and", "de", "la", "le", "upon", "on", "am", "an", "der", "van", "&",
    ];
    let lower = gap
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase) && !JOINERS.contains(w))
        .count();
    lower <= prose
}

/// An address does not contain long runs of prose between street and town.
fn street_sense(candidate: &str) -> bool {
    let words = candidate.split_whitespace().count();
    words <= 30 && !candidate.contains(['?', '!'])
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use crate::pattern::Alphabet;

    fn addresses(text: &str) -> Vec<String> {
        crate::check::extract::values_as_strings(crate::ruleset::Extractor::PostalAddress, text)
    }

    #[test]
    fn addresses_in_many_countries() {
        let cases = [
            (
                "Harbor Inc., 500 Market Street, Suite 200, San Francisco, CA 94105, USA.",
                "500 Market Street, Suite 200, San Francisco, CA 94105, USA",
            ),
            (
                "Lumen Ltd\n14 Fenwick Lane\nLondon EC1A 1BB\nUnited Kingdom",
                "14 Fenwick Lane London EC1A 1BB United Kingdom",
            ),
            (
                "Kestrel, 3 Harcourt Road, Dublin 2, D02 X285, Ireland",
                "3 Harcourt Road, Dublin 2, D02 X285, Ireland",
            ),
            (
                "Level 4, 22 Albert Street, Auckland 1010, New Zealand",
                "Level 4, 22 Albert Street, Auckland 1010, New Zealand",
            ),
            (
                "Kestrel GmbH, Musterstraße 12, 10115 Berlin, Germany",
                "Musterstraße 12, 10115 Berlin, Germany",
            ),
            (
                "Keizersgracht 123, 1015 CJ Amsterdam, the Netherlands",
                "Keizersgracht 123, 1015 CJ Amsterdam, the Netherlands",
            ),
            (
                "200 King Street West, Toronto, ON M5V 2T6, Canada",
                "200 King Street West, Toronto, ON M5V 2T6, Canada",
            ),
            (
                "Unit 5, 20 George St, Sydney NSW 2000, Australia",
                "Unit 5, 20 George St, Sydney NSW 2000, Australia",
            ),
            (
                "P.O. Box 1234, Wellington 6140, New Zealand",
                "P.O. Box 1234, Wellington 6140, New Zealand",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(addresses(text), vec![want.to_string()], "{text}");
        }
    }

    #[test]
    fn addresses_in_text_outside_the_common_alphabet() {
        let text = "Пишите нам: Königsallee 12, 40212 Düsseldorf, Germany.";
        assert_eq!(Alphabet::of(text), Alphabet::Any);
        assert_eq!(
            addresses(text),
            vec!["Königsallee 12, 40212 Düsseldorf, Germany".to_string()]
        );
    }

    #[test]
    fn numbers_that_are_not_addresses() {
        assert_eq!(
            addresses("Version 2.1, 2019. Section 4, paragraph 3."),
            Vec::<String>::new()
        );
        assert_eq!(
            addresses("We have 123 users in Canada."),
            Vec::<String>::new()
        );
        assert_eq!(
            addresses("Call +1 (415) 555-0134 in the United States."),
            Vec::<String>::new()
        );
    }
}

#[cfg(test)]
mod layout_tests {
    fn addresses(text: &str) -> Vec<String> {
        crate::check::extract::values_as_strings(crate::ruleset::Extractor::PostalAddress, text)
    }

    #[test]
    fn abbreviations_rural_streets_and_prose_after_the_address() {
        let cases = [
            (
                "Unit 5, Harbour View Centre, Bishop Street Cobh, Co. Cork, P24 E9K2",
                "Unit 5, Harbour View Centre, Bishop Street Cobh, Co. Cork, P24 E9K2",
            ),
            (
                "Upper Court Barn, Mill Lane Kingsland, Leominster Herefordshire HR6 9QX Tel: 01632 960 417",
                "Upper Court Barn, Mill Lane Kingsland, Leominster Herefordshire HR6 9QX",
            ),
            (
                "No. 42, 2nd Cross, Indiranagar Bengaluru 560038, Karnataka, India",
                "No. 42, 2nd Cross, Indiranagar Bengaluru 560038, Karnataka, India",
            ),
            (
                "48 Lakeshore Road East\nMississauga, ON L5G 1C9\n905-555-0162\nIf you are not satisfied with our response, you may contact the Privacy Commissioner of Canada",
                "48 Lakeshore Road East Mississauga, ON L5G 1C9",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(addresses(text), vec![want.to_string()], "{text}");
        }
    }
}

#[cfg(test)]
mod form_tests {
    use super::*;

    /// The matches of the forms joined by `|` as one pattern (the way the
    /// extractor once read them), and whether a form in `named` made each,
    /// as a capture engine tells.
    fn joined(forms: &[String], named: &[usize], text: &str) -> Vec<(usize, usize, bool)> {
        let pattern: Vec<String> = forms
            .iter()
            .enumerate()
            .map(|(i, f)| match named.contains(&i) {
                true => format!("(?P<f{i}>{f})"),
                false => format!("(?:{f})"),
            })
            .collect();
        let re = crate::pattern::compile(&pattern.join("|")).unwrap();
        re.captures_iter(text)
            .map(|c| {
                let m = c.get(0).unwrap();
                let by_named = named.iter().any(|i| c.name(&format!("f{i}")).is_some());
                (m.start(), m.end(), by_named)
            })
            .collect()
    }

    const TEXTS: &[&str] = &[
        "Unit 5, 20 George St, Sydney NSW 2000, Australia. Mill Lane, Leominster HR6 9QX.",
        "Level 4, 22 Albert Street, Auckland 1010, New Zealand; Unit 7 Harbour Road",
        "Keizersgracht 123, 1015 CJ Amsterdam, the Netherlands; 10115 Berlin, Germany",
        "Bengaluru 560038, India. Dublin 2, D02 X285, Ireland. Wellington 6140 and Pune 411001",
        "Springfield, IL 62704, USA; London EC1A 1BB, United Kingdom; Toronto, ON M5V 2T6",
        "Building 9, 3 King Road West. Suite 200 Main Street. Flat 2 Baker Street, Paris 75001",
        "P.O. Box 1234, 877 E 1200 S, No. 42, 2nd Cross, c/o Unit 3, 12 Harbour, Musterstraße 12",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// The forms compiled for the common alphabet match text in it as
        /// the whole forms do: texts of address pieces, with letters,
        /// white space and folds of ASCII letters from outside ASCII.
        #[test]
        fn forms_for_the_common_alphabet_match_as_the_whole_forms(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "12", "4b", "877", "62704", "EC1A 1BB", "D02", "Unit", "Suite", "No.", "P.O. Box",
                "Main", "Street", "St", "Road", "Lane", "rue", "Königsallee", "Musterstraße",
                "straße", "Zürich", "Łódź", "Düsseldorf", "Germany", "USA", "IL", "Texas", "Dublin",
                "ſtreet", "\u{212a}ing", "’s", "é", " ", "  ", ", ", ". ", "\n", "\u{a0}",
                "\u{2009}", "\u{2028}", "-", "–", "/", "(", "→",
            ]), 0..30),
        ) {
            let text = pieces.concat();
            proptest::prop_assert_eq!(Alphabet::of(&text), Alphabet::Common);
            for forms in [&STREET, &LOCALITY] {
                let found = |alphabet| -> Vec<StreetAt> {
                    forms
                        .get(alphabet)
                        .find_iter(&text)
                        .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                        .collect()
                };
                proptest::prop_assert_eq!(found(Alphabet::Common), found(Alphabet::Any));
            }
        }
    }

    /// A street line found: where it starts and ends, and its form.
    type StreetAt = (usize, usize, usize);

    /// Each street line in `text`, one search after another, as
    /// [`extract`] looks for them, by `next`.
    fn streets(
        text: &str,
        mut next: impl FnMut(&str, usize) -> Option<regex_automata::Match>,
    ) -> Vec<StreetAt> {
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(m) = next(text, from) {
            found.push((m.start(), m.end(), m.pattern().as_usize()));
            from = m.end();
        }
        found
    }

    /// The street lines of a search of the whole of `text`, and of
    /// [`next_street`].
    fn whole_and_around(text: &str) -> (Vec<StreetAt>, Vec<StreetAt>) {
        let whole = streets(text, |t, from| {
            STREET
                .get(Alphabet::Any)
                .search(&Input::new(t).range(from..))
        });
        let mut marks = MarkCursor::new(text);
        let around = streets(text, |t, from| {
            next_street(t, from, Alphabet::Common, &mut marks)
        });
        (whole, around)
    }

    /// How many runs of text a street line found in `text` reaches before
    /// and after the run of its first mark, at most.
    fn reach(text: &str, found: &[StreetAt]) -> (usize, usize) {
        let runs = |part: &str| {
            part.split(|c: char| c.is_ascii_whitespace())
                .filter(|r| !r.is_empty())
                .count()
        };
        let hay = text.as_bytes();
        found
            .iter()
            .fold((0, 0), |(before, after), &(start, end, _)| {
                let mark = MarkCursor::new(text)
                    .find(start)
                    .filter(|&m| m < end)
                    .expect("a street holds a mark");
                let (run_start, run_end) = (runs_back(hay, mark, 0), runs_forward(hay, mark, 0));
                (
                    before.max(runs(&text[start..run_start.max(start)])),
                    after.max(runs(&text[run_end.min(end)..end])),
                )
            })
    }

    /// Pieces of text with street lines in them.
    const PIECES: &[&str] = &[
        "12",
        "4b",
        "12-14",
        "877",
        "1600",
        "62704",
        "E",
        "S",
        "N.",
        "P.",
        "O.",
        "P.O.",
        "Box",
        "PO",
        "Post",
        "Office",
        "Locked",
        "Bag",
        "c/o",
        "C/O",
        "Unit",
        "Suite",
        "Level",
        "No.",
        "Flat",
        "Main",
        "Harbour",
        "View",
        "Business",
        "Park",
        "Mill",
        "Street",
        "St.",
        "St",
        "Road",
        "Lane",
        "Way",
        "Close",
        "Row",
        "rue",
        "de",
        "la",
        "Musterstraße",
        "Königsallee",
        "Keizersgracht",
        "strasse",
        "the",
        "and",
        "we",
        "Springfield",
        "IL",
        " ",
        " ",
        " ",
        "  ",
        "\n",
        ", ",
        ",",
        ". ",
        "\u{a0}",
        "\t",
        "\u{2009}",
        "’",
        "-",
        "–",
        "/",
        "(",
        // numbers in prose, and the words around a number that a street
        // line can hold
        "within",
        "30",
        "days",
        "13,",
        "under",
        "4.",
        ":",
        "0.5",
        "Lumen7",
        "A1b",
        "X-1",
        "12a",
        "3/4",
        "4–5",
        "gracht",
        "Ring",
        "STR.",
        "No.12",
        "rue",
        "STREET",
        "sTreet",
        "ſt",
        "Par\u{212a}",
        "Apartment",
        "postfach",
        "bag",
        "\u{b}",
        "\u{85}",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]
        /// Street lines looked for around marks are those a search of the
        /// whole text finds, and none reaches as far from its first mark as
        /// the search allows for (so the margin is still there).
        #[test]
        fn streets_found_around_marks_are_those_of_a_whole_search(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES.to_vec()), 0..60),
        ) {
            let text = pieces.concat();
            proptest::prop_assert_eq!(Alphabet::of(&text), Alphabet::Common);
            let (whole, around) = whole_and_around(&text);
            proptest::prop_assert_eq!(&around, &whole);
            let (before, after) = reach(&text, &whole);
            proptest::prop_assert!(before < RUNS_BEFORE && after < RUNS_AFTER, "{before} {after}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        /// The same in texts full of marks, many stretches long.
        #[test]
        fn streets_in_long_texts_full_of_marks(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES.to_vec()), 3000..5000),
        ) {
            let text = pieces.concat();
            let (whole, around) = whole_and_around(&text);
            proptest::prop_assert!(text.len() > 4 * STRETCH, "{} bytes", text.len());
            proptest::prop_assert_eq!(around, whole);
        }
    }

    #[test]
    fn every_word_around_a_street_number_makes_the_number_a_mark() {
        // each word in a case the named streets' search does not find, so
        // that the number alone can lead to the street line
        let mut texts = Vec::new();
        let numbered = ["12", "12,", "12a", "4b-6", "3/5", "7–9a,"];
        for (words, numbers) in [
            (&SUFFIXES[..], &numbered[..]),
            (&ROMANCE_STREETS, &numbered[..2]),
        ] {
            for word in words {
                let lower = word.to_lowercase();
                for number in numbers {
                    texts.push(format!("See {number} {lower} x."));
                }
            }
        }
        for ending in EURO_ENDINGS {
            let upper = ending.to_uppercase();
            texts.push(format!("See AB{upper} 12, or to AB {upper} 7b."));
        }
        for word in ["P.O. BOX", "POSTFACH", "PRIVATE BAG", "LOCKED BAG"] {
            texts.push(format!("Write to {word} 12, or to Us."));
        }
        for word in ["Unit", "Suite", "Level", "Building", "Flat", "Apartment"] {
            texts.push(format!("Write to {word} 12."));
        }
        texts.push("Write to Floor 12, 40 Main.".to_string());
        texts.push("Write to No. 12, Main.".to_string());
        texts.push("Write to AB STREET 12.".to_string());
        // a street's word that folds to ASCII from outside it ("ſt", "St")
        texts.push("See 12 ſt x.".to_string());
        for text in &texts {
            let (whole, around) = whole_and_around(text);
            assert!(!whole.is_empty(), "{text}");
            assert_eq!(around, whole, "{text}");
        }
    }

    #[test]
    fn numbers_in_prose_are_not_marks() {
        let text = "We keep logs within 30 days (section 4.2), for 13, or 2 years; v1.3: \
                    AES-256 at rest, 0.5% of users, 4 stars, and under 13 we ask";
        assert_eq!(MarkCursor::new(text).find(0), None);
        // the same numbers where a street line can hold them
        for text in [
            "at 30 Days Road",
            "to Flat 4.2",
            "1-3 rue Haute",
            "Box 13, Town",
        ] {
            assert!(MarkCursor::new(text).find(0).is_some(), "{text}");
        }
        // a search that starts within a number (after "Box 123456" of a
        // longer one) passes over it
        assert_eq!(MarkCursor::new("Box 1234567").find(4), Some(4));
        assert_eq!(MarkCursor::new("Box 1234567").find(10), None);
    }

    #[test]
    fn stretches_cut_anywhere_find_what_a_whole_search_finds() {
        // a stretch cut before "Road": a search of it alone would find the
        // shorter "12 Harbour View Business Park"
        let cut = "7 Alpha 12 Harbour View Business Park Road, Springfield IL 62704";
        let text = [TEXTS.join("\n").as_str(), cut].join("\n").repeat(3);
        let street = STREET.get(Alphabet::Common);
        let (whole, _) = whole_and_around(&text);
        assert!(whole.len() > 40, "{}", whole.len());
        for stretch in (0..64).chain([100, 300, 1000]) {
            let mut marks = MarkCursor::new(&text);
            let around = streets(&text, |t, from| {
                street_around_marks(t, from, street, stretch, &mut marks)
            });
            assert_eq!(around, whole, "stretches of {stretch}");
        }
    }

    #[test]
    fn the_longest_street_lines_reach_one_run_less_than_allowed_for() {
        let longest = [
            "P. O. Box 12",
            "Post Office Box 12",
            "c/o Unit 3, 12 Harbour",
            "12 Harbour View Business Park Road",
            "12-14, Harbour View Business Park Road.",
            "877 E 1200 S",
            "Gracht Straße 12",
            "Harbour View Close",
        ];
        let (mut before, mut after) = (0, 0);
        for line in longest {
            let text = format!("Write to us at {line}, Springfield IL 62704.");
            let (whole, around) = whole_and_around(&text);
            assert_eq!(
                &text[whole[0].0..whole[0].1].trim_end_matches('.'),
                &line.trim_end_matches('.'),
                "{text}"
            );
            assert_eq!(around, whole, "{text}");
            let (b, a) = reach(&text, &whole[..1]);
            (before, after) = (before.max(b), after.max(a));
        }
        assert_eq!((before, after), (RUNS_BEFORE - 1, RUNS_AFTER - 1));
    }

    #[test]
    fn digits_are_ascii_in_the_common_alphabet() {
        // so an ASCII digit is a mark every numbered street line holds
        let digit = crate::pattern::compile_forms(&[r"\d".to_string()], Alphabet::Common).unwrap();
        let common = ('\0'..='\u{27F}').chain('\u{2000}'..='\u{2FFF}');
        let digits: String = common
            .filter(|c| digit.is_match(c.encode_utf8(&mut [0; 4]).as_bytes()))
            .collect();
        assert_eq!(digits, "0123456789");
    }

    #[test]
    fn street_forms_match_as_their_alternation_and_tell_the_weak_ones() {
        let forms = street_forms();
        let weak: Vec<usize> = (WEAK_STREET..forms.len()).collect();
        let (mut strong, mut weak_seen) = (0, 0);
        for text in TEXTS {
            let found: Vec<(usize, usize, bool)> = STREET
                .get(Alphabet::of(text))
                .find_iter(*text)
                .map(|m| (m.start(), m.end(), m.pattern().as_usize() >= WEAK_STREET))
                .collect();
            assert_eq!(found, joined(&forms, &weak, text), "{text}");
            weak_seen += found.iter().filter(|f| f.2).count();
            strong += found.iter().filter(|f| !f.2).count();
        }
        assert!(
            strong >= 8 && weak_seen >= 4,
            "strong {strong}, weak {weak_seen}"
        );
    }

    #[test]
    fn locality_forms_match_as_their_alternation_and_tell_the_loose_ones() {
        let forms = locality_forms();
        let (mut loose, mut postcodes) = (0, 0);
        for text in TEXTS {
            let found: Vec<(usize, usize, bool)> = LOCALITY
                .get(Alphabet::of(text))
                .find_iter(*text)
                .map(|m| (m.start(), m.end(), is_loose(&m)))
                .collect();
            assert_eq!(found, joined(&forms, &[7, 8, 10], text), "{text}");
            loose += found.iter().filter(|f| f.2).count();
            postcodes += found.iter().filter(|f| !f.2).count();
        }
        assert!(
            loose >= 5 && postcodes >= 5,
            "loose {loose}, postcodes {postcodes}"
        );
    }
}
