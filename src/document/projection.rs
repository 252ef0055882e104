//! The plain-text projection of a document: what rules match, with a map from
//! every projected byte back to the source byte it came from.
//!
//! The projected text is not kept whole. Nearly all of it is source text
//! copied as it stands, so the map alone (plus the few bytes of text that
//! stand for markup) rebuilds any range of it from the source on demand. A
//! large document would otherwise hold its text twice.

use super::narrow;
use crate::gallop::partition_point_near;

/// An offset map kept as runs: within a run, projected bytes map one-to-one
/// onto source bytes, so the map costs one entry per markup removal rather
/// than one per byte. Offsets are 32-bit: documents come from
/// [`super::decode`], which takes files of up to 4 GiB.
///
/// While a document is built, the text of the block being projected is kept
/// in [`Projection::block`]; earlier blocks' text is dropped.
#[derive(Debug, Default, Clone)]
pub struct Projection {
    /// Length of the whole projected text.
    len: usize,
    /// Projected text of the current block.
    pub block: String,
    /// Runs sorted by projected start.
    runs: Vec<Run>,
    /// The runs of synthetic text (a space for a line break, a character
    /// decoded from an escape), few next to the runs of source text: the
    /// run's index and where its text starts in `synthetic`. Every byte of
    /// such a run maps to the run's `source`.
    synthetic_runs: Vec<(u32, u32)>,
    /// The text of every synthetic run, in order.
    synthetic: String,
}

/// Eight bytes: a long document has hundreds of thousands of runs.
#[derive(Debug, Clone, Copy)]
struct Run {
    projected: u32,
    source: u32,
}

impl Projection {
    /// Length of the whole projected text.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Adds the line break between two blocks. It takes no run: the
    /// document maps it to the byte before the block that follows, and
    /// never asks the runs about it.
    pub fn push_separator(&mut self) {
        self.len += 1;
    }

    /// Starts a new block: [`Projection::block`] holds its text from here.
    pub fn begin_block(&mut self) {
        self.block.clear();
    }

    /// Copies `source[start..end]` verbatim. The slice never holds a line
    /// break: lines are projected one at a time, and the text rebuilt from
    /// the source relies on that.
    pub fn push_source(&mut self, source: &str, start: usize, end: usize) {
        if start >= end {
            return;
        }
        debug_assert!(!source[start..end].contains('\n'));
        // one synthetic byte between two runs that it continues (a space for
        // the line break between two lines of a paragraph) maps the same
        // way as one run through all three: the three become one. Only a
        // line break read as a space merges, so the text rebuilt from the
        // source knows what that byte reads as.
        let n = self.runs.len();
        if let [.., before, last] = self.runs[..]
            && self.is_synthetic(n - 1)
            && last.projected as usize + 1 == self.len
            && last.source as usize + 1 == start
            && source.as_bytes()[last.source as usize] == b'\n'
            && self.synthetic.as_bytes().last() == Some(&b' ')
            && !self.is_synthetic(n - 2)
            && before.source as usize + (last.projected - before.projected) as usize
                == last.source as usize
        {
            self.runs.pop();
            self.synthetic_runs.pop();
            self.synthetic.pop();
        }
        if !self.continues_at(start) {
            self.push_run(
                Run {
                    projected: narrow(self.len),
                    source: narrow(start),
                },
                None,
            );
        }
        self.push_text(&source[start..end]);
    }

    /// Whether the next projected byte maps to source byte `at` by the last
    /// run.
    fn continues_at(&self, at: usize) -> bool {
        self.runs.last().is_some_and(|r| {
            !self.is_synthetic(self.runs.len() - 1)
                && r.source as usize + (self.len - r.projected as usize) == at
        })
    }

    /// Where the text of run `i` starts in `synthetic`, if it is synthetic.
    fn synthetic_text(&self, i: usize) -> Option<usize> {
        self.synthetic_runs
            .binary_search_by_key(&i, |&(run, _)| run as usize)
            .ok()
            .map(|k| self.synthetic_runs[k].1 as usize)
    }

    fn is_synthetic(&self, i: usize) -> bool {
        self.synthetic_text(i).is_some()
    }

    /// Adds text that stands for the source byte at `at` (a space for a line
    /// break, a character decoded from an escape).
    pub fn push_synthetic(&mut self, text: &str, at: usize) {
        let run = Run {
            projected: narrow(self.len),
            source: narrow(at),
        };
        self.push_run(run, Some(narrow(self.synthetic.len())));
        self.synthetic.push_str(text);
        self.push_text(text);
    }

    fn push_text(&mut self, text: &str) {
        self.block.push_str(text);
        self.len += text.len();
    }

    /// Adds a run; `synthetic` is where a synthetic run's text will start.
    fn push_run(&mut self, run: Run, synthetic: Option<u32>) {
        if self
            .runs
            .last()
            .is_some_and(|last| last.projected == run.projected)
        {
            // an empty run gives way (a synthetic one had no text)
            if self.is_synthetic(self.runs.len() - 1) {
                self.synthetic_runs.pop();
            }
            self.runs.pop();
        }
        if let Some(text) = synthetic {
            self.synthetic_runs.push((narrow(self.runs.len()), text));
        }
        self.runs.push(run);
    }

    /// Drops the current block's text and spare capacity once the document
    /// is built.
    pub fn finish(&mut self) {
        self.block = String::new();
        self.runs.shrink_to_fit();
        self.synthetic_runs.shrink_to_fit();
        self.synthetic.shrink_to_fit();
    }

    /// Index of the run holding projected offset `p`.
    fn run_at(&self, p: usize) -> Option<usize> {
        match self
            .runs
            .binary_search_by(|r| (r.projected as usize).cmp(&p))
        {
            Ok(i) => Some(i),
            Err(0) => None,
            Err(i) => Some(i - 1),
        }
    }

    fn run_end(&self, i: usize) -> usize {
        self.runs
            .get(i + 1)
            .map_or(self.len, |r| r.projected as usize)
    }

    /// The source offset of projected offset `p`.
    pub fn to_source(&self, p: usize) -> usize {
        let Some(i) = self.run_at(p) else {
            return 0;
        };
        let run = self.runs[i];
        if self.is_synthetic(i) {
            run.source as usize
        } else {
            run.source as usize + (p - run.projected as usize)
        }
    }

    /// Length of the projected character that ends at `end`: a run never
    /// splits a character, so it is the last one of the run holding
    /// `end - 1`.
    pub fn last_char_len(&self, source: &str, end: usize) -> usize {
        let Some(i) = self.run_at(end - 1) else {
            return 1;
        };
        let run = self.runs[i];
        let upto = end - run.projected as usize;
        let text = if let Some(from) = self.synthetic_text(i) {
            &self.synthetic[from..from + upto]
        } else {
            let from = run.source as usize;
            &source[from..from + upto]
        };
        text.chars().next_back().map_or(1, char::len_utf8)
    }

    /// Appends the projected text of `start..end`, which lies within one
    /// block's text, rebuilt from `source`. Of a series of ranges in order
    /// (the blocks of a long text), each one's runs are looked for from
    /// where the last write left `place`, rather than searched for among
    /// all the document's.
    pub fn write(
        &self,
        source: &str,
        start: usize,
        end: usize,
        out: &mut String,
        place: &mut WritePlace,
    ) {
        let mut p = start;
        // the run holding `start`, and the synthetic runs from it on, met in
        // order
        let (mut i, mut synthetic) = match place.0 {
            Some((run, synthetic)) if self.runs[run].projected as usize <= start => {
                let i = run
                    + partition_point_near(&self.runs[run + 1..], |r| {
                        r.projected as usize <= start
                    });
                let later = &self.synthetic_runs[synthetic..];
                (
                    i,
                    synthetic + partition_point_near(later, |&(run, _)| (run as usize) < i),
                )
            }
            _ => {
                let i = self.run_at(p).unwrap_or(0);
                let synthetic = self
                    .synthetic_runs
                    .partition_point(|&(run, _)| (run as usize) < i);
                (i, synthetic)
            }
        };
        while p < end {
            place.0 = Some((i, synthetic));
            let run = self.runs[i];
            let stop = self.run_end(i).min(end);
            let offset = p - run.projected as usize;
            let len = stop - p;
            if let Some(&(_, text)) = self
                .synthetic_runs
                .get(synthetic)
                .filter(|&&(run, _)| run as usize == i)
            {
                synthetic += 1;
                let from = text as usize + offset;
                out.push_str(&self.synthetic[from..from + len]);
            } else {
                let mut text = &source[run.source as usize + offset..][..len];
                // within a block, a line break of the source merged into a
                // run is read as a space (see `push_source`)
                while let Some(k) = memchr::memchr(b'\n', text.as_bytes()) {
                    out.push_str(&text[..k]);
                    out.push(' ');
                    text = &text[k + 1..];
                }
                out.push_str(text);
            }
            p = stop;
            i += 1;
        }
    }
}

/// Where a series of [`Projection::write`] calls has got to: a run at or
/// before the next range's start, and the first synthetic run from it on.
#[derive(Debug, Default, Clone, Copy)]
pub struct WritePlace(Option<(usize, usize)>);

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(p: &Projection, source: &str) -> String {
        let mut out = String::new();
        p.write(source, 0, p.len(), &mut out, &mut WritePlace::default());
        out
    }

    /// The source span of `start..end` as a document reads it.
    fn span(p: &Projection, source: &str, start: usize, end: usize) -> (usize, usize) {
        let last = p.last_char_len(source, end);
        (p.to_source(start), p.to_source(end - last) + last)
    }

    #[test]
    fn a_run_takes_eight_bytes() {
        assert_eq!(std::mem::size_of::<Run>(), 8);
    }

    #[test]
    fn runs_map_back_to_source() {
        let src = "**Child** data";
        let mut p = Projection::default();
        p.push_source(src, 2, 7);
        p.push_source(src, 9, 14);
        assert_eq!(p.block, "Child data");
        assert_eq!(whole(&p, src), "Child data");
        assert_eq!(span(&p, src, 0, 5), (2, 7));
        assert_eq!(span(&p, src, 6, 10), (10, 14));
    }

    #[test]
    fn synthetic_text_maps_to_its_anchor() {
        let src = "a\nb";
        let mut p = Projection::default();
        p.push_source(src, 0, 1);
        p.push_synthetic(" ", 1);
        p.push_source(src, 2, 3);
        assert_eq!(whole(&p, src), "a b");
        assert_eq!(p.to_source(1), 1);
        assert_eq!(p.to_source(2), 2);
        assert_eq!(span(&p, src, 0, 3), (0, 3));
    }

    #[test]
    fn a_line_break_read_as_a_space_needs_no_run() {
        let src = "one\ntwo\n\nthree";
        let mut p = Projection::default();
        p.push_source(src, 0, 3);
        p.push_synthetic(" ", 3);
        p.push_source(src, 4, 7);
        assert_eq!(p.runs.len(), 1);
        assert_eq!(whole(&p, src), "one two");
        // the line break between blocks takes no run either; the next
        // block's text starts one of its own
        p.push_separator();
        p.begin_block();
        p.push_source(src, 9, 14);
        assert_eq!(p.runs.len(), 2);
        assert!(p.synthetic_runs.is_empty());
        assert_eq!(p.block, "three");
        let sources: Vec<usize> = (0..p.len()).map(|i| p.to_source(i)).collect();
        assert_eq!(sources[..7], [0, 1, 2, 3, 4, 5, 6]);
        assert_eq!(sources[8..], [9, 10, 11, 12, 13]);
        let mut text = String::new();
        p.write(src, 8, 13, &mut text, &mut WritePlace::default());
        assert_eq!(text, "three");
    }

    #[test]
    fn decoded_text_is_kept_and_never_merged() {
        // "&copy;" reads as "©", "\\*" as "*": the map cannot rebuild these
        // from the source, so their text is kept
        let src = "a &copy; b\\*c";
        let mut p = Projection::default();
        p.push_source(src, 0, 2);
        p.push_synthetic("©", 2);
        p.push_source(src, 8, 10);
        p.push_synthetic("*", 11);
        p.push_source(src, 12, 13);
        assert_eq!(whole(&p, src), "a © b*c");
        // the last character of a range is read whole, synthetic or not
        assert_eq!(span(&p, src, 2, 4), (2, 4));
        assert_eq!(span(&p, src, 0, p.len()), (0, 13));
        let mut part = String::new();
        p.write(src, 4, 7, &mut part, &mut WritePlace::default());
        assert_eq!(part, " b*");
    }
}
