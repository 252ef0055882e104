//! Line and column lookup for byte offsets, by binary search over line starts.

/// The start offsets of every line in a text, so that an offset becomes a
/// 1-based line and a 1-based column counted in characters.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// 32-bit, as documents are at most 4 GiB.
    starts: Vec<u32>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| super::narrow(i + 1)));
        LineIndex { starts }
    }

    /// Zero-based line number holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search_by(|&s| (s as usize).cmp(&offset)) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line] as usize
    }

    /// 1-based line and column (in characters) of `offset` in `text`.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let start = self.starts[line] as usize;
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
}
