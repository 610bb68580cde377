//! The content type Helm names when a chart file is not a gzip archive.
//!
//! Helm reads the first 512 bytes of the file into a zero-filled 512-byte buffer and hands
//! the whole buffer to Go's `http.DetectContentType`, so a file shorter than 512 bytes is
//! followed by NUL bytes, which make it "binary" unless a signature at its start matched
//! first. The signatures here are the common ones of Go's sniffing table, checked in its
//! order: HTML and XML (after leading whitespace), PDF, PostScript, byte-order marks, GIF,
//! PNG, JPEG, BMP, ZIP, RAR, gzip; then text (no control bytes) or
//! `application/octet-stream`.

/// How many bytes Helm sniffs.
const SNIFF_LENGTH: usize = 512;

/// The HTML tags Go recognises (compared case-insensitively, followed by a space or `>`).
const HTML_TAGS: &[&[u8]] = &[
    b"<!DOCTYPE HTML",
    b"<HTML",
    b"<HEAD",
    b"<SCRIPT",
    b"<IFRAME",
    b"<H1",
    b"<DIV",
    b"<FONT",
    b"<TABLE",
    b"<A",
    b"<STYLE",
    b"<TITLE",
    b"<B",
    b"<BODY",
    b"<BR",
    b"<P",
    b"<!--",
];

/// Fixed prefixes and their content types, in Go's order (after HTML and XML).
const PREFIXES: &[(&[u8], &str)] = &[
    (b"%PDF-", "application/pdf"),
    (b"%!PS-Adobe-", "application/postscript"),
    (b"\xFE\xFF", "text/plain; charset=utf-16be"),
    (b"\xFF\xFE", "text/plain; charset=utf-16le"),
    (b"\xEF\xBB\xBF", "text/plain; charset=utf-8"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"\x89PNG\x0D\x0A\x1A\x0A", "image/png"),
    (b"\xFF\xD8\xFF", "image/jpeg"),
    (b"BM", "image/bmp"),
    (b"\x1F\x8B\x08", "application/x-gzip"),
    (b"PK\x03\x04", "application/zip"),
    (b"Rar!\x1A\x07\x00", "application/x-rar-compressed"),
    (b"Rar!\x1A\x07\x01\x00", "application/x-rar-compressed"),
];

/// The content type Helm reports for a file starting with `bytes`.
pub fn sniff_content_type(bytes: &[u8]) -> &'static str {
    let mut buffer = [0u8; SNIFF_LENGTH];
    let length = bytes.len().min(SNIFF_LENGTH);
    buffer[..length].copy_from_slice(&bytes[..length]);
    let start = buffer
        .iter()
        .position(|byte| !matches!(byte, b'\t' | b'\n' | b'\x0C' | b'\r' | b' '))
        .unwrap_or(SNIFF_LENGTH);
    let trimmed = &buffer[start..];
    if HTML_TAGS.iter().any(|tag| html_tag_at(trimmed, tag)) {
        return "text/html; charset=utf-8";
    }
    if trimmed.starts_with(b"<?xml") {
        return "text/xml; charset=utf-8";
    }
    if let Some((_, content_type)) = PREFIXES
        .iter()
        .find(|(prefix, _)| buffer.starts_with(prefix))
    {
        return content_type;
    }
    if buffer.iter().any(|byte| is_binary_byte(*byte)) {
        "application/octet-stream"
    } else {
        "text/plain; charset=utf-8"
    }
}

fn html_tag_at(data: &[u8], tag: &[u8]) -> bool {
    let Some(head) = data.get(..tag.len()) else {
        return false;
    };
    if !head.eq_ignore_ascii_case(tag) {
        return false;
    }
    matches!(data.get(tag.len()), Some(b' ' | b'>'))
}

/// Go's "binary data" bytes: control characters other than tab, newlines, form feed, carriage
/// return and escape.
fn is_binary_byte(byte: u8) -> bool {
    matches!(byte, 0x00..=0x08 | 0x0B | 0x0E..=0x1A | 0x1C..=0x1F)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_padded_into_binary() {
        assert_eq!(
            sniff_content_type(b"#!/bin/sh\necho hi\n"),
            "application/octet-stream"
        );
        assert_eq!(sniff_content_type(b""), "application/octet-stream");
        assert_eq!(
            sniff_content_type("x".repeat(600).as_bytes()),
            "text/plain; charset=utf-8"
        );
    }

    #[test]
    fn signatures_win_over_padding() {
        assert_eq!(
            sniff_content_type(b"  <html><body>"),
            "text/html; charset=utf-8"
        );
        assert_eq!(
            sniff_content_type(b"<?xml version"),
            "text/xml; charset=utf-8"
        );
        assert_eq!(sniff_content_type(b"PK\x03\x04rest"), "application/zip");
        assert_eq!(sniff_content_type(b"%PDF-1.4"), "application/pdf");
        assert_eq!(sniff_content_type(b"<abc>"), "application/octet-stream");
    }
}
