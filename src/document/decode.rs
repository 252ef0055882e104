//! Bytes to text: UTF-8 with or without a byte-order mark; anything else is a
//! per-file error that says what the file is and how to fix it.

use thiserror::Error;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The largest file policylint reads (4 GiB): a document stores its offsets
/// in 32 bits, which halves the memory its maps take.
pub const MAX_LEN: u64 = u32::MAX as u64;

/// A file's text, with the length of the byte-order mark that was dropped so
/// reported offsets still count bytes of the file as read.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub bom_len: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DecodeError {
    #[error("binary file (NUL byte at offset {offset}); policylint reads Markdown and plain text")]
    Binary { offset: usize },
    #[error(
        "not valid UTF-8 at line {line}, column {column} (byte 0x{byte:02X}); save the file as UTF-8"
    )]
    NotUtf8 {
        offset: usize,
        line: usize,
        column: usize,
        byte: u8,
    },
    #[error("UTF-16 text ({0} byte-order mark); save the file as UTF-8")]
    Utf16(&'static str),
    #[error("file too large ({len} bytes); policylint reads files of up to 4 GiB")]
    TooLarge { len: u64 },
}

pub fn decode(mut bytes: Vec<u8>) -> Result<Decoded, DecodeError> {
    let len = bytes.len() as u64;
    if len > MAX_LEN {
        return Err(DecodeError::TooLarge { len });
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return Err(DecodeError::Utf16("little-endian"));
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Err(DecodeError::Utf16("big-endian"));
    }
    if let Some(offset) = memchr::memchr(0, &bytes) {
        return Err(DecodeError::Binary { offset });
    }
    let bom_len = if bytes.starts_with(UTF8_BOM) {
        bytes.drain(..UTF8_BOM.len());
        UTF8_BOM.len()
    } else {
        0
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Decoded { text, bom_len }),
        Err(err) => {
            let bytes = err.as_bytes();
            let offset = err.utf8_error().valid_up_to();
            // The prefix is valid UTF-8, so line and column can be counted on it.
            let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
            let line = valid.matches('\n').count() + 1;
            let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Err(DecodeError::NotUtf8 {
                offset: offset + bom_len,
                line,
                column,
                byte: bytes[offset],
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom_and_keeps_crlf() {
        let d = decode(b"\xEF\xBB\xBFa\r\nb".to_vec()).unwrap();
        assert_eq!(d.text, "a\r\nb");
        assert_eq!(d.bom_len, 3);
    }

    #[test]
    fn latin1_names_line_and_column() {
        let err = decode(b"ok\ncaf\xE9".to_vec()).unwrap_err();
        assert_eq!(
            err,
            DecodeError::NotUtf8 {
                offset: 6,
                line: 2,
                column: 4,
                byte: 0xE9
            }
        );
    }

    #[test]
    fn nul_is_binary_and_utf16_is_named() {
        assert!(matches!(
            decode(b"ab\0".to_vec()),
            Err(DecodeError::Binary { offset: 2 })
        ));
        assert!(matches!(
            decode(b"\xFF\xFEa\0".to_vec()),
            Err(DecodeError::Utf16(_))
        ));
    }
}
