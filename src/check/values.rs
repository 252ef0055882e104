//! A value spec's values, read where its scope says: the evidence
//! sentences, the sections that match, or the whole document. The text is
//! rebuilt a part at a time for a long document, so these readers hold at
//! most a batch of sentences or a window of it at once.

use super::extract::{self, ExtractOptions, Found};
use super::heading::Sections;
use crate::document::{Document, TextPlace};
use crate::pattern::Alphabet;
use crate::ruleset::{Extractor, Scope, ValueSpec};
use serde_json::Value;
use std::collections::HashMap;
use std::collections::hash_map::{DefaultHasher, Entry};
use std::hash::{Hash, Hasher};

/// What a spec's extractor found, summed up as it is found: a long document
/// has thousands of values, and a rule reads where each stands but only a
/// few of the values themselves.
#[derive(Default)]
pub(super) struct Values {
    /// Where each value stands in the projected text, in order.
    pub spans: Vec<(usize, usize)>,
    /// The first value.
    pub first: Option<Found>,
    /// The first of the lowest numbers (an age).
    pub lowest: Option<Found>,
    /// Each value once, in the order first found.
    pub distinct: Vec<Value>,
    /// Where each value in `distinct` stands there, by a hash of the value,
    /// once there are more than [`FEW_VALUES`]: a list of thousands of
    /// addresses is looked up, not read through for each new one. The first
    /// value with a hash is kept; another with the same hash is compared with
    /// the whole list.
    seen: HashMap<u64, usize>,
}

/// How many distinct values are compared one by one.
const FEW_VALUES: usize = 32;

/// A hash of a value, the same for equal values: of its text for a string,
/// of its JSON text otherwise.
fn hash(value: &Value) -> u64 {
    let mut hasher = DefaultHasher::new();
    match value {
        Value::String(text) => text.hash(&mut hasher),
        other => other.to_string().hash(&mut hasher),
    }
    hasher.finish()
}

impl Values {
    fn add(&mut self, found: Found) {
        self.spans.push(found.span);
        let number = |f: &Found| f.value.as_i64().unwrap_or(i64::MAX);
        if self
            .lowest
            .as_ref()
            .is_none_or(|l| number(&found) < number(l))
        {
            self.lowest = Some(found.clone());
        }
        let new = if self.distinct.len() < FEW_VALUES {
            !self.distinct.contains(&found.value)
        } else {
            if self.seen.is_empty() {
                for (i, value) in self.distinct.iter().enumerate() {
                    self.seen.entry(hash(value)).or_insert(i);
                }
            }
            match self.seen.entry(hash(&found.value)) {
                Entry::Vacant(place) => {
                    place.insert(self.distinct.len());
                    true
                }
                Entry::Occupied(first) => {
                    self.distinct[*first.get()] != found.value
                        && !self.distinct.contains(&found.value)
                }
            }
        };
        if new {
            self.distinct.push(found.value.clone());
        }
        self.first.get_or_insert(found);
    }
}

/// The values each of a rule's specs finds where its scope says, in the
/// specs' order, with spans in the projected text. The specs that read the
/// whole document (a contact rule's emails, addresses and phones) share one
/// rebuild of each window of a long document.
pub(super) fn find_values(
    specs: &[ValueSpec],
    doc: &Document,
    evidence: &[usize],
    sections: &Sections,
    options: ExtractOptions,
) -> Vec<Values> {
    let mut all: Vec<Values> = specs.iter().map(|_| Values::default()).collect();
    let mut whole: Vec<(Extractor, &mut Values)> = Vec::new();
    for (spec, found) in specs.iter().zip(&mut all) {
        match spec.scope {
            Scope::Document => whole.push((spec.extractor, found)),
            Scope::Evidence | Scope::Section => {
                sentence_values(spec, doc, evidence, sections, options, found);
            }
        }
    }
    if !whole.is_empty() {
        read_in_windows(&mut whole, doc, options, (WINDOW, OVERLAP));
    }
    all
}

/// The values of a spec whose scope is the evidence or the sections.
fn sentence_values(
    spec: &ValueSpec,
    doc: &Document,
    evidence: &[usize],
    sections: &Sections,
    options: ExtractOptions,
    found: &mut Values,
) {
    let mut sentences = evidence.to_vec();
    if spec.scope == Scope::Section {
        for &h in sections.headings() {
            sentences.extend(sections.body(doc, h));
        }
    }
    sentences.sort_unstable();
    sentences.dedup();
    // the sentences' text, one after another (each searched on its own),
    // a batch at a time: a long document's sections are never copied whole
    let mut batch = Batch::default();
    for s in sentences {
        batch.push(doc, doc.sentences[s].text());
        if batch.text.len() >= BATCH {
            batch.extract(spec.extractor, options, found);
        }
    }
    batch.extract(spec.extractor, options, found);
}

/// How much sentence text a batch holds before its values are read.
const BATCH: usize = 64 << 10;

/// Ranges of the projected text rebuilt one after another.
#[derive(Default)]
struct Batch {
    text: String,
    /// Each range's place in `text`, and where it starts in the document.
    ranges: Vec<(usize, usize)>,
    starts: Vec<usize>,
    /// Where the last range pushed was found in the document.
    place: TextPlace,
}

impl Batch {
    fn push(&mut self, doc: &Document, range: (usize, usize)) {
        let at = self.text.len();
        doc.push_text(range, &mut self.text, &mut self.place);
        self.ranges.push((at, self.text.len()));
        self.starts.push(range.0);
    }

    /// Reads the batch's values into `found`, with spans in the document,
    /// and empties it.
    fn extract(&mut self, extractor: Extractor, options: ExtractOptions, found: &mut Values) {
        for f in extract::extract(extractor, &self.text, &self.ranges, options) {
            // a value lies in the range it was read in, and a range starts
            // in the batch no later than in the document
            let i = self.ranges.partition_point(|r| r.1 <= f.span.0);
            found.add(f.shifted(self.starts[i] - self.ranges[i].0));
        }
        self.text.clear();
        self.ranges.clear();
        self.starts.clear();
    }
}

/// How much of a document's text a document-wide extractor reads at a time,
/// and how far past that share it reads on either side. A value and the
/// words it is judged by are far shorter than the overlap, so reading in
/// windows finds what one read of the whole text would; a long document is
/// never rebuilt whole.
const WINDOW: usize = crate::document::SHORT_TEXT;
const OVERLAP: usize = 4 << 10;

/// Reads the whole document in windows whose shares of `window` bytes start
/// and end where a block starts, each reaching `overlap` bytes past either
/// side: each window is rebuilt once and read by every extractor given,
/// into its own values.
fn read_in_windows(
    readers: &mut [(Extractor, &mut Values)],
    doc: &Document,
    options: ExtractOptions,
    (window, overlap): (usize, usize),
) {
    let len = doc.text_len();
    let starts = |before: usize| doc.blocks.partition_point(|b| b.text().0 < before);
    let mut share = 0;
    while share < len {
        let share_end = doc
            .blocks
            .get(starts(share + window))
            .map_or(len, |b| b.text().0);
        let from = match starts(share.saturating_sub(overlap) + 1) {
            0 => 0,
            i => doc.blocks[i - 1].text().0,
        };
        let to = doc
            .blocks
            .partition_point(|b| b.text().1 < share_end + overlap);
        let to = doc.blocks.get(to).map_or(len, |b| b.text().1);
        let text = doc.text((from, to));
        let alphabet = Alphabet::of(&text);
        for (extractor, found) in readers.iter_mut() {
            // values are kept by the share they start in; one that starts
            // within a value already kept is not one a single read would
            // find
            let done = found.spans.last().map_or(0, |span| span.1);
            let all = [(0, text.len())];
            for f in extract::extract_in(*extractor, &text, &all, options, alphabet) {
                let f = f.shifted(from);
                if (share..share_end).contains(&f.span.0) && f.span.0 >= done {
                    found.add(f);
                }
            }
        }
        share = share_end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Decoded, Syntax};

    /// A document with contact details in every few blocks, and addresses
    /// over three blocks (street, building, town).
    fn document(copies: usize) -> Document {
        let mut text = String::new();
        for n in 0..copies {
            text.push_str(&format!(
                "Write to privacy{n}@example.com or call +1 415 555 {:04}.\n\n\
                 {} Main Street\n\nBuilding {}\n\nSpringfield, IL 62704\n\n",
                n % 10_000,
                n % 900 + 1,
                n % 7 + 1,
            ));
        }
        Document::parse(Decoded { text, bom_len: 0 }, Syntax::Markdown)
    }

    #[test]
    fn each_value_is_listed_once_in_the_order_first_found() {
        // past FEW_VALUES the values seen are looked up by their JSON text
        let mut values = Values::default();
        let mut expected = Vec::new();
        for n in 0..300_i64 {
            let value = if n % 3 == 0 {
                Value::from(n % 50)
            } else {
                Value::from(format!("{} Main Street", n % 70))
            };
            if !expected.contains(&value) {
                expected.push(value.clone());
            }
            values.add(Found::new((n as usize, n as usize + 1), value));
        }
        assert!(expected.len() > 2 * FEW_VALUES);
        assert_eq!(values.distinct, expected);
        assert_eq!(values.spans.len(), 300);
    }

    #[test]
    fn windows_find_what_one_read_of_the_whole_text_finds() {
        // small windows at many offsets, so that every kind of block in
        // turn starts a window's share, and an address is cut at each of
        // its line breaks
        let doc = document(40);
        let whole = doc.text((0, doc.text_len()));
        for extractor in [Extractor::Email, Extractor::Phone, Extractor::PostalAddress] {
            let options = ExtractOptions::default();
            let once = extract::extract(extractor, &whole, &[(0, whole.len())], options);
            let spans: Vec<(usize, usize)> = once.iter().map(|f| f.span).collect();
            assert_eq!(spans.len(), 40, "{extractor:?}");
            for window in (300..420).step_by(7) {
                let mut windowed = Values::default();
                read_in_windows(
                    &mut [(extractor, &mut windowed)],
                    &doc,
                    options,
                    (window, 200),
                );
                assert_eq!(windowed.spans, spans, "{extractor:?}, windows of {window}");
            }
        }
        // and the sizes the CLI uses, over a document several windows long
        let doc = document(3 * WINDOW / 100);
        let whole = doc.text((0, doc.text_len()));
        assert!(whole.len() > 2 * WINDOW);
        // the three together, as a contact rule's specs read them, in one
        // pass over the windows
        let extractors = [Extractor::Email, Extractor::PostalAddress, Extractor::Phone];
        let mut windowed: Vec<Values> = extractors.iter().map(|_| Values::default()).collect();
        let mut readers: Vec<(Extractor, &mut Values)> =
            extractors.iter().copied().zip(&mut windowed).collect();
        read_in_windows(
            &mut readers,
            &doc,
            ExtractOptions::default(),
            (WINDOW, OVERLAP),
        );
        for (extractor, windowed) in extractors.into_iter().zip(&windowed) {
            let once = extract::extract(
                extractor,
                &whole,
                &[(0, whole.len())],
                ExtractOptions::default(),
            );
            assert!(once.len() > 2 * WINDOW / 100, "{extractor:?}");
            assert_eq!(
                windowed.spans,
                once.iter().map(|f| f.span).collect::<Vec<_>>(),
                "{extractor:?}"
            );
        }
    }

    #[test]
    fn a_batch_reads_each_sentence_on_its_own_and_maps_values_back() {
        let doc = document(3 * BATCH / 100);
        // every third sentence, as a rule's evidence would pick them
        let sentences: Vec<usize> = (0..doc.sentences.len()).step_by(3).collect();
        let mut batch = Batch::default();
        let mut found = Values::default();
        for &s in &sentences {
            batch.push(&doc, doc.sentences[s].text());
            if batch.text.len() >= BATCH {
                batch.extract(Extractor::Email, ExtractOptions::default(), &mut found);
            }
        }
        batch.extract(Extractor::Email, ExtractOptions::default(), &mut found);
        let mut expected = Vec::new();
        for &s in &sentences {
            let (start, _) = doc.sentences[s].text();
            let text = doc.sentence_text(&doc.sentences[s]);
            let values = extract::extract(
                Extractor::Email,
                &text,
                &[(0, text.len())],
                ExtractOptions::default(),
            );
            expected.extend(values.iter().map(|f| (f.span.0 + start, f.span.1 + start)));
        }
        assert!(expected.len() > 100);
        assert_eq!(found.spans, expected);
        let first = found.first.expect("a first value");
        assert_eq!(doc.text(first.span), first.value.as_str().unwrap());
    }
}
