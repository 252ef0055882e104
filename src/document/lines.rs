//! Line and column lookup for byte offsets, by binary search over line starts.

/// The start offsets of every line in a text, so that an offset becomes a
/// 1-based line and a 1-based column counted in characters.
///
/// A long document has hundreds of thousands of lines, so a line's start is
/// kept in 16 bits, counted from a mark: every 64th line, and any line that
/// starts too far from the last mark for 16 bits, starts a mark of its own.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// (first line, its start), sorted; 32-bit, as documents are at most
    /// 4 GiB.
    marks: Vec<(u32, u32)>,
    /// Every line's start, less the start of the mark it falls under.
    starts: Vec<u16>,
}

/// Lines per mark at most.
const STRIDE: usize = 64;

impl LineIndex {
    pub fn new(text: &str) -> Self {
        // counted first (a vectorised pass), so the lists are allocated once
        // rather than regrown a dozen times
        let lines = memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1;
        let mut index = LineIndex {
            marks: Vec::with_capacity(lines / STRIDE + 1),
            starts: Vec::with_capacity(lines),
        };
        index.push(0);
        for at in memchr::memchr_iter(b'\n', text.as_bytes()) {
            index.push(at + 1);
        }
        index.marks.shrink_to_fit();
        index.starts.shrink_to_fit();
        index
    }

    fn push(&mut self, start: usize) {
        let line = self.starts.len();
        let from = match self.marks.last() {
            Some(&(first, mark)) if line - (first as usize) < STRIDE => start - mark as usize,
            _ => usize::MAX,
        };
        match u16::try_from(from) {
            Ok(from) => self.starts.push(from),
            Err(_) => {
                self.marks.push((super::narrow(line), super::narrow(start)));
                self.starts.push(0);
            }
        }
    }

    /// The lines under mark `m`.
    fn lines_of_mark(&self, m: usize) -> std::ops::Range<usize> {
        let end = self
            .marks
            .get(m + 1)
            .map_or(self.starts.len(), |&(first, _)| first as usize);
        self.marks[m].0 as usize..end
    }

    /// Zero-based line number holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.locate(offset).0
    }

    /// The line holding `offset`, and where that line starts.
    fn locate(&self, offset: usize) -> (usize, usize) {
        // the first mark starts at offset 0, so one always holds `offset`
        let m = self.marks.partition_point(|&(_, s)| s as usize <= offset) - 1;
        let mark = self.marks[m].1 as usize;
        let lines = self.lines_of_mark(m);
        let line =
            lines.start + self.starts[lines].partition_point(|&s| mark + s as usize <= offset) - 1;
        (line, mark + self.starts[line] as usize)
    }

    pub fn line_start(&self, line: usize) -> usize {
        let m = self
            .marks
            .partition_point(|&(first, _)| first as usize <= line)
            - 1;
        self.marks[m].1 as usize + self.starts[line] as usize
    }

    /// 1-based line and column (in characters) of `offset` in `text`.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let (line, start) = self.locate(offset);
        let column = text[start..offset].chars().count() + 1;
        (line + 1, column)
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_characters() {
        let text = "ab\ncé d\r\nx";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 0), (1, 1));
        assert_eq!(index.line_col(text, 3), (2, 1));
        // 'd' follows a two-byte character: column counts characters, not bytes
        assert_eq!(index.line_col(text, text.find('d').unwrap()), (2, 4));
        assert_eq!(index.line_col(text, text.len()), (3, 2));
    }

    #[test]
    fn every_offset_finds_its_line_past_marks_and_long_lines() {
        // 200 lines of varied length, one of them longer than 16 bits reach
        let mut text = String::new();
        for i in 0..200 {
            let len = if i == 130 { 70_000 } else { i % 7 };
            text.push_str(&"x".repeat(len));
            text.push('\n');
        }
        let index = LineIndex::new(&text);
        let starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        assert_eq!(index.len(), starts.len());
        for (line, &start) in starts.iter().enumerate() {
            assert_eq!(index.line_start(line), start);
        }
        for offset in (0..=text.len()).step_by(13).chain([text.len()]) {
            let line = starts.partition_point(|&s| s <= offset) - 1;
            assert_eq!(index.line_of(offset), line, "offset {offset}");
        }
        // a mark every 64 lines, and one for the line after the long one
        assert_eq!(index.marks.len(), 5);
    }
}
