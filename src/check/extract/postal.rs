//! Postal addresses of the organisation: a street line (number and street,
//! street and number, or a PO box) confirmed by a locality close after it (a
//! postcode in one of several countries' formats, or a country name).
//! "Version 2.1", "Section 4" or "123 users" are not streets.

use super::Found;
use regex::Regex;
use std::sync::LazyLock;

/// Street lines: "1600 Main Street", "12 rue de la Paix", "Musterstraße 12",
/// "Keizersgracht 123", "P.O. Box 1234", "Unit 5, 20 Queen St".
static STREET: LazyLock<Regex> = LazyLock::new(|| {
    let suffix = r"(?:Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Way|Court|Ct|Place|Pl|Square|Sq|Parkway|Pkwy|Highway|Hwy|Terrace|Tce|Crescent|Cres|Circle|Cir|Plaza|Row|Quay|Wharf|Hill|Park|Walk|Close|Gardens|Mews|Parade|Esplanade|Broadway|Alley|Trail|Pike|Turnpike|Center|Centre|House|Building|Tower|Floor|Suite)";
    let euro = r"(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|ufer|gracht|laan|straat|plein|kade|dijk|singel|steeg|markt|vej|gade|gatan|vägen|veien|gata)";
    crate::pattern::compile(&format!(
        r"(?x)
        (?i:\b(?:P\.?\s?O\.?\s?Box|Post\s+Office\s+Box|PO\s+Box|Postfach|Private\s+Bag|GPO\s+Box|Locked\s+Bag)\s+\d{{1,6}})
        | \b\d{{1,5}}[A-Za-z]?(?:[\-–/]\d{{1,5}}[A-Za-z]?)?,?\s+(?:[A-Z][\w'’.\-]*\s+){{0,4}}(?i:{suffix})\b\.?
        | \b[A-ZÄÖÜ][\wäöüßé'\-]*(?i:{euro})\s*\d{{1,4}}[a-zA-Z]?\b
        | \b[A-ZÄÖÜ][\wäöüß'\-]+\s+(?i:{euro}|Straße|Strasse|Street)\s+\d{{1,4}}[a-zA-Z]?\b
        | \b\d{{1,4}},?\s+(?i:rue|avenue|boulevard|place|chemin|allée|via|viale|piazza|calle|avenida|rua|plaza)\s+[\w'’\-]+
        | (?i:\bc/o\s)?\b(?:Unit|Suite|Level|Floor|Building)\s+\d{{1,4}}[A-Za-z]?,\s+\d{{1,5}}\s+[A-Z][\w'\-]*
        | \b\d{{1,5}}\s+[NSEW]\.?\s+\d{{1,5}}\s+[NSEW]\b                         # grid: 877 E 1200 S
        | \bNo\.\s?\d{{1,5}}[A-Za-z]?,\s+[\w'’\-]+
        | (?P<weak>\b(?:Unit|Suite|Flat|Apartment|Building|Level)\s+\d{{1,4}}[A-Za-z]?\b
            | \b[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+)?\s+(?:Lane|Road|Street|Avenue|Close|Way|Drive|Place|Row|Square|Court|Gardens|Terrace|Crescent|Mews|Parade)\b)
        "
    ))
    .expect("street regex")
});

/// Localities that confirm an address: postcodes by country, or a country.
static LOCALITY: LazyLock<Regex> = LazyLock::new(|| {
    let states = "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY";
    let state_names = "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming";
    let countries = "USA|U\\.S\\.A\\.?|United States(?: of America)?|United Kingdom|UK|U\\.K\\.|England|Scotland|Wales|Northern Ireland|Ireland|New Zealand|Australia|Canada|Germany|Deutschland|Netherlands|The Netherlands|Nederland|Belgium|France|Spain|Italy|Sweden|Denmark|Norway|Finland|Austria|Switzerland|Luxembourg|Portugal|Poland|Israel|Singapore|Japan|India|Hong Kong|Estonia|Czech Republic|Malta|Cyprus|Iceland|Brazil|Mexico|South Africa|Qatar|United Arab Emirates|UAE|Saudi Arabia|Bahrain|Kuwait|Oman|Jordan|Lebanon|Egypt|Turkey|Greece|Romania|Bulgaria|Hungary|Slovakia|Slovenia|Croatia|Serbia|Latvia|Lithuania|Ukraine|China|Taiwan|South Korea|Korea|Malaysia|Indonesia|Philippines|Thailand|Vietnam|Pakistan|Bangladesh|Sri Lanka|Nigeria|Kenya|Ghana|Argentina|Chile|Colombia|Peru|Uruguay|Costa Rica|Panama|Puerto Rico|Gibraltar|Isle of Man|Jersey|Guernsey|Liechtenstein|Monaco|Cayman Islands|Bermuda|British Virgin Islands|Seychelles";
    // verbose mode ignores spaces in the pattern: names say `\s+` instead
    let state_names = state_names.replace(' ', r"\s+");
    let countries = countries.replace(' ', r"\s+");
    crate::pattern::compile(&format!(
        r"(?x)
          \b(?:{states}|{state_names})\.?,?\s+\d{{5}}(?:-\d{{4}})?\b          # US: CA 94107
        | \b[A-Z]{{1,2}}\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{{2}}\b                 # UK: EC1A 1BB
        | \b[AC-FHKNPRTV-Y]\d{{2}}\s?[AC-FHKNPRTV-Y\d]{{4}}\b                  # IE Eircode: D02 X285
        | \bDublin\s+\d{{1,2}}\b                                              # IE: Dublin 2
        | \b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b                                        # CA: M5V 2T6
        | \b(?:NSW|VIC|QLD|SA|WA|TAS|ACT|NT|Victoria|Queensland|New\s+South\s+Wales|Tasmania)\s+\d{{4}}\b   # AU
        | \b[1-9]\d{{3}}\s?[A-Z]{{2}}\b                                       # NL: 1015 CJ
        | (?P<loose>\b(?:D-|F-|A-|CH-|L-|B-)?\d{{4,5}}\s+[A-ZÄÖÜ][a-zäöüßé]+     # DE/FR/AT/CH/BE: 10115 Berlin
        | \b[A-Z][a-z]+\s+\d{{4}}\b)                                          # NZ/AU/BE: Auckland 1010
        | \b[A-Z][a-z]+\s+[1-9]\d{{2}}\s?\d{{3}}\b                             # IN: Bengaluru 560038
        | (?P<country>\b(?:{countries})\b)
        "
    ))
    .expect("locality regex")
});

/// How far after a street line its locality may stand (characters).
const WINDOW: usize = 160;

pub fn extract(text: &str, start: usize, end: usize, out: &mut Vec<Found>) {
    let slice = &text[start..end];
    let mut from = 0;
    while let Some(street) = STREET.find_at(slice, from) {
        let after_start = street.end();
        let window_end = floor_boundary(slice, (after_start + WINDOW).min(slice.len()));
        let window = &slice[after_start..window_end];
        let stop = address_end(window);
        // a bare "Unit 4" needs a postcode after it; a street or PO box may end in a country
        let weak = STREET
            .captures_at(slice, street.start())
            .is_some_and(|c| c.name("weak").is_some_and(|w| w.start() == street.start()));
        let mut end_at = None;
        for caps in LOCALITY.captures_iter(&window[..stop]) {
            let loc = caps.get(0).expect("group 0");
            let loose = caps.name("country").is_some() || caps.name("loose").is_some();
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
                if !out.iter().any(|f| f.span.0 <= s && s < f.span.1) {
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
static CONTACT_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    crate::pattern::compile(
        r"(?i)^\s*(?:phone|telephone|tel|fax|mobile|e-?mail|web|website|url|toll[\s-]?free)\b",
    )
    .expect("contact label regex")
});

/// Where the text after a street line stops being an address: at the end of
/// a sentence (not "Co. Cork" or "St. Helier"), or at a block too long to be
/// one line of an address.
fn address_end(window: &str) -> usize {
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
        if n > 0 && (line.trim().len() > 70 || CONTACT_LABEL.is_match(line)) {
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
    use super::*;

    fn addresses(text: &str) -> Vec<String> {
        crate::check::extract::values_as_strings(extract, text)
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
    use super::*;

    fn addresses(text: &str) -> Vec<String> {
        crate::check::extract::values_as_strings(extract, text)
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
