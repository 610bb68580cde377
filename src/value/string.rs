//! [`Str`]: a Go `string`, which is a sequence of arbitrary bytes rather than UTF-8 text.
//!
//! Almost every string a chart handles is valid UTF-8, and the crate reads strings as `&str`
//! everywhere. Some Go operations produce other bytes, though: `b64dec` of binary data,
//! `decryptAES`, `.Files.Get` of a binary file, `substr` cutting a multi-byte character in
//! half. Go keeps those bytes, and later consumers (`len`, `b64enc`, `sha256sum`, `toJson`,
//! `quote`) see them. So a [`Str`] keeps the text (dereferencing to `str`, with each invalid
//! byte sequence replaced by U+FFFD the way Go's `range` over a string reads it) and, only
//! when the bytes are not valid UTF-8, the raw bytes beside it. [`Str::as_bytes`] gives the
//! Go bytes; [`Str::is_valid_utf8`] says whether the two views agree.
//!
//! Equality, ordering and hashing are by bytes, as in Go. Map keys are borrowed as `&str`
//! ([`Borrow<str>`]); that is consistent because keys of Helm's maps are valid UTF-8 in
//! practice (a key holding invalid bytes is still stored and printed, but looking it up by its
//! replaced text does not find it).

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

/// A shared immutable Go string.
#[derive(Clone)]
pub struct Str {
    /// The text: the bytes themselves when valid UTF-8, otherwise their lossy decoding.
    text: Arc<str>,
    /// The Go bytes, present only when they are not valid UTF-8.
    raw: Option<Arc<[u8]>>,
}

impl Str {
    /// The Go string holding exactly `bytes`.
    pub fn from_bytes(bytes: Vec<u8>) -> Str {
        match String::from_utf8(bytes) {
            Ok(text) => Str::from(text),
            Err(error) => {
                let bytes = error.into_bytes();
                let text = Arc::from(lossy_text(&bytes));
                Str {
                    text,
                    raw: Some(Arc::from(bytes)),
                }
            }
        }
    }

    /// The Go string holding a copy of `bytes`.
    pub fn from_byte_slice(bytes: &[u8]) -> Str {
        match std::str::from_utf8(bytes) {
            Ok(text) => Str::from(text),
            Err(_) => Str::from_bytes(bytes.to_vec()),
        }
    }

    /// The bytes Go holds (what `len`, `b64enc` and the hash functions see).
    pub fn as_bytes(&self) -> &[u8] {
        match &self.raw {
            Some(raw) => raw,
            None => self.text.as_bytes(),
        }
    }

    /// The text, invalid byte sequences replaced by U+FFFD.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the Go bytes are valid UTF-8 (then the text is exactly those bytes).
    pub fn is_valid_utf8(&self) -> bool {
        self.raw.is_none()
    }

    /// The number of bytes, Go's `len`.
    pub fn byte_len(&self) -> usize {
        self.as_bytes().len()
    }
}

/// Splits `bytes` into runs of valid UTF-8 text and single bytes that do not start a valid
/// UTF-8 sequence, in order: Go's decoder reads each such byte on its own (`range` yields one
/// U+FFFD per invalid byte, `encoding/json` writes one `\ufffd`, `%q` one `\x..`).
pub fn utf8_chunks(bytes: &[u8]) -> impl Iterator<Item = Utf8Chunk<'_>> {
    let mut rest = bytes;
    let mut pending_invalid: &[u8] = &[];
    std::iter::from_fn(move || {
        if let Some((first, after)) = pending_invalid.split_first() {
            pending_invalid = after;
            return Some(Utf8Chunk::InvalidByte(*first));
        }
        if rest.is_empty() {
            return None;
        }
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                rest = &[];
                Some(Utf8Chunk::Text(valid))
            }
            Err(error) => {
                let (valid, after) = rest.split_at(error.valid_up_to());
                let invalid = error
                    .error_len()
                    .unwrap_or(after.len())
                    .clamp(1, after.len());
                let (bad, remaining) = after.split_at(invalid);
                pending_invalid = bad;
                rest = remaining;
                match std::str::from_utf8(valid) {
                    Ok(text) if !text.is_empty() => Some(Utf8Chunk::Text(text)),
                    _ => {
                        let (first, after) = pending_invalid.split_first()?;
                        pending_invalid = after;
                        Some(Utf8Chunk::InvalidByte(*first))
                    }
                }
            }
        }
    })
}

/// One piece of a Go string as [`utf8_chunks`] reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Utf8Chunk<'a> {
    Text(&'a str),
    InvalidByte(u8),
}

/// The text Go's decoder reads from `bytes`: every invalid byte becomes U+FFFD.
pub fn lossy_text(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in utf8_chunks(bytes) {
        match chunk {
            Utf8Chunk::Text(text) => out.push_str(text),
            Utf8Chunk::InvalidByte(_) => out.push('\u{FFFD}'),
        }
    }
    out
}

impl Deref for Str {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl AsRef<str> for Str {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl Borrow<str> for Str {
    fn borrow(&self) -> &str {
        &self.text
    }
}

impl Default for Str {
    fn default() -> Str {
        Str::from("")
    }
}

impl From<&str> for Str {
    fn from(text: &str) -> Str {
        Str {
            text: Arc::from(text),
            raw: None,
        }
    }
}

impl From<String> for Str {
    fn from(text: String) -> Str {
        Str {
            text: Arc::from(text),
            raw: None,
        }
    }
}

impl From<&String> for Str {
    fn from(text: &String) -> Str {
        Str::from(text.as_str())
    }
}

impl From<Arc<str>> for Str {
    fn from(text: Arc<str>) -> Str {
        Str { text, raw: None }
    }
}

impl From<Box<str>> for Str {
    fn from(text: Box<str>) -> Str {
        Str {
            text: Arc::from(text),
            raw: None,
        }
    }
}

impl From<std::borrow::Cow<'_, str>> for Str {
    fn from(text: std::borrow::Cow<'_, str>) -> Str {
        Str::from(text.as_ref())
    }
}

impl From<&Str> for Str {
    fn from(text: &Str) -> Str {
        text.clone()
    }
}

impl From<Str> for String {
    fn from(text: Str) -> String {
        text.text.to_string()
    }
}

impl PartialEq for Str {
    fn eq(&self, other: &Str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for Str {}

impl PartialEq<str> for Str {
    fn eq(&self, other: &str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<&str> for Str {
    fn eq(&self, other: &&str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<Str> for str {
    fn eq(&self, other: &Str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<Str> for &str {
    fn eq(&self, other: &Str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialOrd for Str {
    fn partial_cmp(&self, other: &Str) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Str {
    fn cmp(&self, other: &Str) -> Ordering {
        self.as_bytes().cmp(other.as_bytes())
    }
}

impl Hash for Str {
    /// Hashes like `str` does, so lookups through [`Borrow<str>`] agree for valid text.
    fn hash<H: Hasher>(&self, state: &mut H) {
        match &self.raw {
            None => self.text.hash(state),
            Some(raw) => raw.hash(state),
        }
    }
}

impl std::fmt::Display for Str {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&*self.text, f)
    }
}

impl std::fmt::Debug for Str {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.raw {
            None => std::fmt::Debug::fmt(&*self.text, f),
            Some(raw) => write!(
                f,
                "{}",
                String::from_utf8_lossy(&raw.escape_ascii().collect::<Vec<u8>>())
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn valid_text_keeps_no_separate_bytes() {
        let s = Str::from_bytes("héllo".as_bytes().to_vec());
        assert!(s.is_valid_utf8());
        assert_eq!(&*s, "héllo");
        assert_eq!(s.byte_len(), 6);
    }

    #[test]
    fn invalid_bytes_survive_beside_the_lossy_text() {
        let s = Str::from_bytes(vec![b'h', 0xc3]);
        assert!(!s.is_valid_utf8());
        assert_eq!(s.as_bytes(), &[b'h', 0xc3]);
        assert_eq!(&*s, "h\u{fffd}");
        assert_ne!(s, Str::from("h\u{fffd}"));
        assert_eq!(s, Str::from_byte_slice(&[b'h', 0xc3]));
    }

    #[test]
    fn each_invalid_byte_reads_as_one_replacement() {
        assert_eq!(
            lossy_text(&[0xe2, 0x82, b'a', 0xff]),
            "\u{FFFD}\u{FFFD}a\u{FFFD}"
        );
        let chunks: Vec<_> = utf8_chunks(&[b'x', 0xc3, b'y']).collect();
        assert_eq!(
            chunks,
            [
                Utf8Chunk::Text("x"),
                Utf8Chunk::InvalidByte(0xc3),
                Utf8Chunk::Text("y")
            ]
        );
    }

    #[test]
    fn ordering_is_by_bytes_and_map_lookup_by_text_works() {
        let (a, b, e_acute) = (Str::from("a"), Str::from("b"), Str::from("é"));
        assert!(a < b);
        assert!(Str::from_bytes(vec![0xff]) > e_acute);
        let mut map = BTreeMap::new();
        map.insert(Str::from("key"), 1);
        assert_eq!(map.get("key"), Some(&1));
    }
}
