//! The plain-text projection of a document: what rules match, with a map from
//! every projected byte back to the source byte it came from.

/// Projected text plus an offset map kept as runs: within a run, projected
/// bytes map one-to-one onto source bytes, so the map costs one entry per
/// markup removal rather than one per byte.
#[derive(Debug, Default, Clone)]
pub struct Projection {
    pub text: String,
    /// Runs sorted by projected start.
    runs: Vec<Run>,
}

#[derive(Debug, Clone, Copy)]
struct Run {
    projected: usize,
    source: usize,
    /// Synthetic text (a space for a line break) maps every byte to `source`.
    synthetic: bool,
}

impl Projection {
    /// Copies `source[start..end]` verbatim.
    pub fn push_source(&mut self, source: &str, start: usize, end: usize) {
        if start >= end {
            return;
        }
        let projected = self.text.len();
        let contiguous = self
            .runs
            .last()
            .is_some_and(|r| !r.synthetic && r.source + (projected - r.projected) == start);
        if !contiguous {
            self.push_run(Run {
                projected,
                source: start,
                synthetic: false,
            });
        }
        self.text.push_str(&source[start..end]);
    }

    /// Adds text that stands for the source byte at `at` (a space for a line
    /// break, a character decoded from an escape).
    pub fn push_synthetic(&mut self, text: &str, at: usize) {
        self.push_run(Run {
            projected: self.text.len(),
            source: at,
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
        let i = match self.runs.binary_search_by(|r| r.projected.cmp(&p)) {
            Ok(i) => i,
            Err(0) => return 0,
            Err(i) => i - 1,
        };
        let run = self.runs[i];
        if run.synthetic {
            run.source
        } else {
            run.source + (p - run.projected)
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
}
