//! The plain-text projection of a document: what rules match, with a map from
//! every projected byte back to the source byte it came from.

use super::narrow;

/// Projected text plus an offset map kept as runs: within a run, projected
/// bytes map one-to-one onto source bytes, so the map costs one entry per
/// markup removal rather than one per byte. Offsets are 32-bit: documents
/// come from [`super::decode`], which takes files of up to 4 GiB.
#[derive(Debug, Default, Clone)]
pub struct Projection {
    pub text: String,
    /// Runs sorted by projected start.
    runs: Vec<Run>,
}

#[derive(Debug, Clone, Copy)]
struct Run {
    projected: u32,
    source: u32,
    /// Synthetic text (a space for a line break) maps every byte to `source`.
    synthetic: bool,
}

impl Projection {
    /// Copies `source[start..end]` verbatim.
    pub fn push_source(&mut self, source: &str, start: usize, end: usize) {
        if start >= end {
            return;
        }
        // one synthetic byte between two runs that it continues (a space for
        // the line break between two lines of a paragraph) maps the same
        // way as one run through all three: the three become one
        if let [.., before, last] = self.runs[..]
            && last.synthetic
            && last.projected as usize + 1 == self.text.len()
            && last.source as usize + 1 == start
            && !before.synthetic
            && before.source as usize + (last.projected - before.projected) as usize
                == last.source as usize
        {
            self.runs.pop();
        }
        if !self.continues_at(start) {
            self.push_run(Run {
                projected: narrow(self.text.len()),
                source: narrow(start),
                synthetic: false,
            });
        }
        self.text.push_str(&source[start..end]);
    }

    /// Whether the next projected byte maps to source byte `at` by the last
    /// run.
    fn continues_at(&self, at: usize) -> bool {
        self.runs.last().is_some_and(|r| {
            !r.synthetic && r.source as usize + (self.text.len() - r.projected as usize) == at
        })
    }

    /// Adds text that stands for the source byte at `at` (a space for a line
    /// break, a character decoded from an escape).
    pub fn push_synthetic(&mut self, text: &str, at: usize) {
        self.push_run(Run {
            projected: narrow(self.text.len()),
            source: narrow(at),
            synthetic: true,
        });
        self.text.push_str(text);
    }

    fn push_run(&mut self, run: Run) {
        match self.runs.last_mut() {
            Some(last) if last.projected == run.projected => *last = run,
            _ => self.runs.push(run),
        }
    }

    /// The source offset of projected offset `p`.
    pub fn to_source(&self, p: usize) -> usize {
        let i = match self
            .runs
            .binary_search_by(|r| (r.projected as usize).cmp(&p))
        {
            Ok(i) => i,
            Err(0) => return 0,
            Err(i) => i - 1,
        };
        let run = self.runs[i];
        if run.synthetic {
            run.source as usize
        } else {
            run.source as usize + (p - run.projected as usize)
        }
    }

    /// The source span of the projected range `start..end` of `text` (the
    /// projected text, which may have been moved out of `self`).
    pub fn source_range(&self, text: &str, start: usize, end: usize) -> (usize, usize) {
        if start >= end {
            let at = self.to_source(start);
            return (at, at);
        }
        let last = text[..end].chars().next_back().map_or(1, char::len_utf8);
        let s = self.to_source(start);
        let e = self.to_source(end - last) + last;
        (s, e.max(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_map_back_to_source() {
        let src = "**Child** data";
        let mut p = Projection::default();
        p.push_source(src, 2, 7);
        p.push_source(src, 9, 14);
        assert_eq!(p.text, "Child data");
        assert_eq!(p.source_range(&p.text.clone(), 0, 5), (2, 7));
        assert_eq!(p.source_range(&p.text.clone(), 6, 10), (10, 14));
    }

    #[test]
    fn synthetic_text_maps_to_its_anchor() {
        let src = "a\nb";
        let mut p = Projection::default();
        p.push_source(src, 0, 1);
        p.push_synthetic(" ", 1);
        p.push_source(src, 2, 3);
        assert_eq!(p.text, "a b");
        assert_eq!(p.to_source(1), 1);
        assert_eq!(p.to_source(2), 2);
        assert_eq!(p.source_range(&p.text.clone(), 0, 3), (0, 3));
    }

    #[test]
    fn a_line_break_read_as_a_space_needs_no_run() {
        let src = "one\ntwo\n\nthree";
        let mut p = Projection::default();
        p.push_source(src, 0, 3);
        p.push_synthetic(" ", 3);
        p.push_source(src, 4, 7);
        assert_eq!(p.runs.len(), 1);
        // a blank line between blocks is two bytes: the break is its own run
        p.push_synthetic("\n", 8);
        p.push_source(src, 9, 14);
        assert_eq!(p.runs.len(), 3);
        assert_eq!(p.text, "one two\nthree");
        let sources: Vec<usize> = (0..p.text.len()).map(|i| p.to_source(i)).collect();
        assert_eq!(sources, [0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13]);
    }
}
