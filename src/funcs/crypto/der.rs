//! Just enough DER writing and PEM framing for the certificates and keys Sprig's functions
//! produce: tag-length-value encoding of the few ASN.1 types X.509 needs, and Go's
//! `pem.Encode` / `pem.Decode` text format (64-column base64 between BEGIN/END lines).

use crate::funcs::encoding::codecs::{base64_decode, base64_encode};

pub const TAG_BOOLEAN: u8 = 0x01;
pub const TAG_INTEGER: u8 = 0x02;
pub const TAG_BIT_STRING: u8 = 0x03;
pub const TAG_OCTET_STRING: u8 = 0x04;
pub const TAG_NULL: u8 = 0x05;
pub const TAG_OID: u8 = 0x06;
pub const TAG_UTF8_STRING: u8 = 0x0c;
pub const TAG_PRINTABLE_STRING: u8 = 0x13;
pub const TAG_UTC_TIME: u8 = 0x17;
pub const TAG_GENERALIZED_TIME: u8 = 0x18;
pub const TAG_SEQUENCE: u8 = 0x30;
pub const TAG_SET: u8 = 0x31;

/// One tag-length-value element.
pub fn element(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let length = content.len();
    if length < 0x80 {
        out.push(length as u8);
    } else {
        let bytes: Vec<u8> = length
            .to_be_bytes()
            .into_iter()
            .skip_while(|&b| b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend_from_slice(&bytes);
    }
    out.extend_from_slice(content);
    out
}

pub fn sequence(parts: &[Vec<u8>]) -> Vec<u8> {
    element(TAG_SEQUENCE, &parts.concat())
}

pub fn set(parts: &[Vec<u8>]) -> Vec<u8> {
    element(TAG_SET, &parts.concat())
}

/// A non-negative INTEGER from big-endian magnitude bytes (minimal, sign bit respected).
pub fn unsigned_integer(magnitude: &[u8]) -> Vec<u8> {
    let trimmed: Vec<u8> = magnitude.iter().copied().skip_while(|&b| b == 0).collect();
    let mut content = Vec::with_capacity(trimmed.len() + 1);
    if trimmed.first().is_none_or(|&b| b & 0x80 != 0) {
        content.push(0);
    }
    content.extend_from_slice(&trimmed);
    element(TAG_INTEGER, &content)
}

pub fn small_integer(value: u8) -> Vec<u8> {
    unsigned_integer(&[value])
}

pub fn boolean(value: bool) -> Vec<u8> {
    element(TAG_BOOLEAN, &[if value { 0xff } else { 0 }])
}

pub fn null() -> Vec<u8> {
    element(TAG_NULL, &[])
}

pub fn octet_string(content: &[u8]) -> Vec<u8> {
    element(TAG_OCTET_STRING, content)
}

/// A BIT STRING holding whole bytes.
pub fn bit_string(content: &[u8]) -> Vec<u8> {
    let mut body = vec![0u8];
    body.extend_from_slice(content);
    element(TAG_BIT_STRING, &body)
}

/// A BIT STRING of named bits (bit 0 is the most significant bit of the first byte), trimmed
/// after the last set bit as DER requires.
pub fn named_bits(bits: &[usize]) -> Vec<u8> {
    let Some(&highest) = bits.iter().max() else {
        return element(TAG_BIT_STRING, &[0]);
    };
    let mut bytes = vec![0u8; highest / 8 + 1];
    for &bit in bits {
        bytes[bit / 8] |= 0x80 >> (bit % 8);
    }
    let unused = (7 - highest % 8) as u8;
    let mut body = vec![unused];
    body.extend_from_slice(&bytes);
    element(TAG_BIT_STRING, &body)
}

/// An OBJECT IDENTIFIER from its dotted arcs.
pub fn oid(arcs: &[u64]) -> Vec<u8> {
    let mut content = Vec::new();
    if let [first, second, rest @ ..] = arcs {
        push_base128(&mut content, first * 40 + second);
        for &arc in rest {
            push_base128(&mut content, arc);
        }
    }
    element(TAG_OID, &content)
}

fn push_base128(out: &mut Vec<u8>, value: u64) {
    let mut groups = vec![(value & 0x7f) as u8];
    let mut rest = value >> 7;
    while rest > 0 {
        groups.push(0x80 | (rest & 0x7f) as u8);
        rest >>= 7;
    }
    out.extend(groups.into_iter().rev());
}

/// A context-specific tag around already-encoded content (`[n] EXPLICIT` when
/// `constructed`, the primitive `[n] IMPLICIT` form otherwise).
pub fn context(number: u8, constructed: bool, content: &[u8]) -> Vec<u8> {
    let tag = 0x80 | if constructed { 0x20 } else { 0 } | number;
    element(tag, content)
}

/// A string the way Go's `encoding/asn1` chooses: PrintableString when every character is
/// allowed there (plus `*`, which Go accepts), UTF8String otherwise.
pub fn directory_string(text: &str) -> Vec<u8> {
    let printable = text
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b" '()+,-./:=?*".contains(&b));
    let tag = if printable {
        TAG_PRINTABLE_STRING
    } else {
        TAG_UTF8_STRING
    };
    element(tag, text.as_bytes())
}

/// UTCTime for years 1950-2049, GeneralizedTime otherwise (RFC 5280).
pub fn time(year: i64, month: i64, day: i64, hour: i64, minute: i64, second: i64) -> Vec<u8> {
    if (1950..2050).contains(&year) {
        let text = format!(
            "{:02}{month:02}{day:02}{hour:02}{minute:02}{second:02}Z",
            year % 100
        );
        element(TAG_UTC_TIME, text.as_bytes())
    } else {
        let text = format!("{year:04}{month:02}{day:02}{hour:02}{minute:02}{second:02}Z");
        element(TAG_GENERALIZED_TIME, text.as_bytes())
    }
}

/// Splits the first element off `input`: its tag, content and the bytes after it.
pub fn read_element(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (length, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let count = usize::from(first & 0x7f);
        if count == 0 || count > 4 || rest.len() < count {
            return None;
        }
        let length = rest[..count]
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        (length, &rest[count..])
    };
    if rest.len() < length {
        return None;
    }
    Some((tag, &rest[..length], &rest[length..]))
}

/// The elements inside a SEQUENCE, each as (tag, content).
pub fn read_sequence(input: &[u8]) -> Option<Vec<(u8, &[u8])>> {
    let (tag, mut content, _) = read_element(input)?;
    if tag != TAG_SEQUENCE {
        return None;
    }
    let mut items = Vec::new();
    while !content.is_empty() {
        let (item_tag, item, rest) = read_element(content)?;
        items.push((item_tag, item));
        content = rest;
    }
    Some(items)
}

/// Go's `pem.EncodeToMemory` of a block without headers.
pub fn pem_encode(label: &str, der: &[u8]) -> String {
    let body = base64_encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in body.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(line));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// The first PEM block of `text`: its label and decoded bytes (headers are skipped).
pub fn pem_decode(text: &str) -> Option<(String, Vec<u8>)> {
    let start = text.find("-----BEGIN ")?;
    let after_begin = &text[start + "-----BEGIN ".len()..];
    let label_end = after_begin.find("-----")?;
    let label = &after_begin[..label_end];
    let body_and_rest = &after_begin[label_end + 5..];
    let end_marker = format!("-----END {label}-----");
    let end = body_and_rest.find(&end_marker)?;
    let body: String = body_and_rest[..end]
        .lines()
        .filter(|line| !line.contains(':'))
        .flat_map(|line| line.chars().filter(|c| !c.is_whitespace()))
        .collect();
    let der = base64_decode(&body).ok()?;
    Some((label.to_string(), der))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_lengths_integers_and_oids() {
        assert_eq!(element(0x04, &[1, 2]), vec![0x04, 2, 1, 2]);
        assert_eq!(&element(0x04, &[0; 200])[..3], &[0x04, 0x81, 200]);
        assert_eq!(&element(0x04, &[0; 300])[..4], &[0x04, 0x82, 0x01, 0x2c]);
        assert_eq!(unsigned_integer(&[0x00, 0x80]), vec![0x02, 2, 0x00, 0x80]);
        assert_eq!(unsigned_integer(&[]), vec![0x02, 1, 0x00]);
        assert_eq!(
            oid(&[1, 2, 840, 113549, 1, 1, 11]),
            vec![0x06, 9, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 1, 11]
        );
        assert_eq!(named_bits(&[0, 2]), vec![0x03, 2, 5, 0xa0]);
        assert_eq!(named_bits(&[0, 2, 5]), vec![0x03, 2, 2, 0xa4]);
        assert_eq!(
            time(2024, 2, 29, 13, 45, 9),
            [&[0x17, 13][..], b"240229134509Z"].concat()
        );
        assert_eq!(time(2050, 1, 1, 0, 0, 0)[0], TAG_GENERALIZED_TIME);
        assert_eq!(directory_string("my-ca")[0], TAG_PRINTABLE_STRING);
        assert_eq!(directory_string("a_b")[0], TAG_UTF8_STRING);
    }

    #[test]
    fn reads_back_what_it_writes() {
        let encoded = sequence(&[small_integer(0), octet_string(&[0; 300])]);
        let items = read_sequence(&encoded).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0], (TAG_INTEGER, &[0u8][..]));
        assert_eq!(items[1].1.len(), 300);
        assert_eq!(read_element(&[0x30, 0x05, 0x00]), None);
        assert_eq!(read_sequence(&octet_string(&[1])), None);
    }

    #[test]
    fn pem_round_trips() {
        let der: Vec<u8> = (0..100).collect();
        let text = pem_encode("TEST", &der);
        assert!(text.starts_with("-----BEGIN TEST-----\n"));
        assert!(text.ends_with("-----END TEST-----\n"));
        assert!(text.lines().all(|line| line.len() <= 64));
        assert_eq!(
            pem_decode(&format!("junk\n{text}")),
            Some(("TEST".to_string(), der))
        );
        assert_eq!(pem_decode("no pem here"), None);
    }
}
