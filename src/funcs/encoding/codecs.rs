//! Sprig's base64 and base32 functions: `b64enc`, `b64dec`, `b32enc`, `b32dec`.
//!
//! They use Go's standard (padded) alphabets. The decoders never fail: on bad input Sprig
//! returns the decoder's error text (`illegal base64 data at input byte 3`) as the result, so
//! the codecs here reproduce Go's decoders including the byte offset each error names.
//! Decoded bytes become a Go string as they are, valid UTF-8 or not ([`crate::value::Str`]).

use crate::funcs::convert::{string_arg, string_bytes_arg};
use crate::value::{FuncError, Function, GoType, Signature, Str, Value};

const BASE64_ALPHABET: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const BASE32_ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const PAD: u8 = b'=';

const ONE_STRING: Signature = Signature {
    params: &[GoType::String],
    variadic: None,
};

pub const FUNCTIONS: &[Function] = &[
    Function {
        name: "b64enc",
        signature: ONE_STRING,
        call: b64enc,
    },
    Function {
        name: "b64dec",
        signature: ONE_STRING,
        call: b64dec,
    },
    Function {
        name: "b32enc",
        signature: ONE_STRING,
        call: b32enc,
    },
    Function {
        name: "b32dec",
        signature: ONE_STRING,
        call: b32dec,
    },
];

fn b64enc(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::from(base64_encode(string_bytes_arg(args, 0)?)))
}

fn b64dec(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::String(match base64_decode(string_arg(args, 0)?) {
        Ok(bytes) => Str::from_bytes(bytes),
        Err(error) => Str::from(error.to_string()),
    }))
}

fn b32enc(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::from(base32_encode(string_bytes_arg(args, 0)?)))
}

fn b32dec(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::String(match base32_decode(string_arg(args, 0)?) {
        Ok(bytes) => Str::from_bytes(bytes),
        Err(error) => Str::from(error.to_string()),
    }))
}

/// A decoding failure at a byte offset of the input, worded like Go's `CorruptInputError`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("illegal {alphabet} data at input byte {offset}")]
pub struct CorruptInput {
    pub alphabet: &'static str,
    pub offset: usize,
}

/// Go's `base64.StdEncoding.EncodeToString`.
pub fn base64_encode(input: &[u8]) -> String {
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b0 = chunk.first().copied().unwrap_or(0);
        let b1 = chunk.get(1).copied().unwrap_or(0);
        let b2 = chunk.get(2).copied().unwrap_or(0);
        let group = (u32::from(b0) << 16) | (u32::from(b1) << 8) | u32::from(b2);
        for position in 0..4 {
            if position <= chunk.len() {
                let index = (group >> (18 - 6 * position)) & 0x3f;
                out.push(char::from(BASE64_ALPHABET[index as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn base64_value(byte: u8) -> Option<u8> {
    BASE64_ALPHABET
        .iter()
        .position(|&c| c == byte)
        .map(|p| p as u8)
}

/// Go's `base64.StdEncoding.DecodeString`: padding required, `\r` and `\n` skipped anywhere,
/// trailing bits need not be zero, nothing may follow the padding.
pub fn base64_decode(input: &str) -> Result<Vec<u8>, CorruptInput> {
    let source = input.as_bytes();
    let corrupt = |offset| CorruptInput {
        alphabet: "base64",
        offset,
    };
    let is_newline = |byte: u8| byte == b'\n' || byte == b'\r';
    let mut out = Vec::with_capacity(source.len() / 4 * 3);
    let mut position = 0;
    loop {
        let mut quantum = [0u8; 4];
        let mut length = 4;
        let mut finished = false;
        let mut filled = 0;
        while filled < 4 {
            let Some(&byte) = source.get(position) else {
                if filled == 0 {
                    return Ok(out);
                }
                return Err(corrupt(position - filled));
            };
            position += 1;
            if let Some(value) = base64_value(byte) {
                quantum[filled] = value;
                filled += 1;
                continue;
            }
            if is_newline(byte) {
                continue;
            }
            if byte != PAD {
                return Err(corrupt(position - 1));
            }
            match filled {
                0 | 1 => return Err(corrupt(position - 1)),
                2 => {
                    while source.get(position).is_some_and(|&b| is_newline(b)) {
                        position += 1;
                    }
                    match source.get(position) {
                        None => return Err(corrupt(source.len())),
                        Some(&b) if b != PAD => return Err(corrupt(position - 1)),
                        Some(_) => position += 1,
                    }
                }
                _ => {}
            }
            while source.get(position).is_some_and(|&b| is_newline(b)) {
                position += 1;
            }
            if position < source.len() {
                return Err(corrupt(position));
            }
            length = filled;
            finished = true;
            break;
        }
        let group = (u32::from(quantum[0]) << 18)
            | (u32::from(quantum[1]) << 12)
            | (u32::from(quantum[2]) << 6)
            | u32::from(quantum[3]);
        let bytes = [(group >> 16) as u8, (group >> 8) as u8, group as u8];
        out.extend_from_slice(&bytes[..length - 1]);
        if finished {
            return Ok(out);
        }
    }
}

/// Go's `base32.StdEncoding.EncodeToString`.
pub fn base32_encode(input: &[u8]) -> String {
    let mut out = String::with_capacity(input.len().div_ceil(5) * 8);
    for chunk in input.chunks(5) {
        let mut block = [0u8; 5];
        block[..chunk.len()].copy_from_slice(chunk);
        let group = block.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
        let significant = match chunk.len() {
            1 => 2,
            2 => 4,
            3 => 5,
            4 => 7,
            _ => 8,
        };
        for position in 0..8 {
            if position < significant {
                let index = (group >> (35 - 5 * position)) & 0x1f;
                out.push(char::from(BASE32_ALPHABET[index as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn base32_value(byte: u8) -> Option<u8> {
    BASE32_ALPHABET
        .iter()
        .position(|&c| c == byte)
        .map(|p| p as u8)
}

/// Go's `base32.StdEncoding.DecodeString`: newlines are removed first (offsets count the
/// remaining bytes), padding is required and must be a valid length.
pub fn base32_decode(input: &str) -> Result<Vec<u8>, CorruptInput> {
    let source: Vec<u8> = input
        .bytes()
        .filter(|&b| b != b'\n' && b != b'\r')
        .collect();
    let corrupt = |offset| CorruptInput {
        alphabet: "base32",
        offset,
    };
    let total = source.len();
    let mut out = Vec::with_capacity(total / 8 * 5);
    let mut position = 0;
    let mut finished = false;
    while position < total && !finished {
        let mut quantum = [0u8; 8];
        let mut length = 8;
        let mut filled = 0;
        while filled < 8 {
            let Some(&byte) = source.get(position) else {
                return Err(corrupt(position - filled));
            };
            position += 1;
            let remaining = total - position;
            if byte == PAD && filled >= 2 && remaining < 8 {
                if remaining + filled < 7 {
                    return Err(corrupt(total));
                }
                for offset in 0..(7 - filled) {
                    if source.get(position + offset).is_some_and(|&b| b != PAD) {
                        return Err(corrupt(position + offset - 1));
                    }
                }
                length = filled;
                finished = true;
                if matches!(length, 1 | 3 | 6) {
                    return Err(corrupt(position - 1));
                }
                break;
            }
            match base32_value(byte) {
                Some(value) => quantum[filled] = value,
                None => return Err(corrupt(position - 1)),
            }
            filled += 1;
        }
        let group = quantum
            .iter()
            .fold(0u64, |acc, &v| (acc << 5) | u64::from(v));
        let bytes = group.to_be_bytes();
        let produced = length * 5 / 8;
        out.extend_from_slice(&bytes[3..3 + produced]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(function: fn(&[Value]) -> Result<Value, FuncError>, input: &str) -> String {
        match function(&[Value::from(input)]) {
            Ok(Value::String(s)) => s.to_string(),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn base64_round_trips_and_pads() {
        assert_eq!(call(b64enc, "hello"), "aGVsbG8=");
        assert_eq!(call(b64enc, ""), "");
        assert_eq!(call(b64enc, "é\n"), "w6kK");
        assert_eq!(call(b64enc, "a?b>c"), "YT9iPmM=");
        assert_eq!(call(b64dec, "aGVsbG8="), "hello");
        assert_eq!(call(b64dec, "w6kK"), "é\n");
        assert_eq!(call(b64dec, "aGVs\nbG8="), "hello");
        assert_eq!(call(b64dec, "aA=="), "h");
    }

    #[test]
    fn base64_errors_name_go_offsets() {
        assert_eq!(
            call(b64dec, "not base64!"),
            "illegal base64 data at input byte 3"
        );
        assert_eq!(
            call(b64dec, "aGVsbG8"),
            "illegal base64 data at input byte 4"
        );
        assert_eq!(call(b64dec, "-_-_"), "illegal base64 data at input byte 0");
        assert_eq!(call(b64dec, "aA="), "illegal base64 data at input byte 3");
        assert_eq!(call(b64dec, "aA==x"), "illegal base64 data at input byte 4");
        assert_eq!(call(b64dec, "a==="), "illegal base64 data at input byte 1");
    }

    #[test]
    fn base32_round_trips_and_reports() {
        assert_eq!(call(b32enc, "hello"), "NBSWY3DP");
        assert_eq!(call(b32enc, "h"), "NA======");
        assert_eq!(call(b32enc, ""), "");
        assert_eq!(call(b32dec, "NBSWY3DP"), "hello");
        assert_eq!(call(b32dec, "NA======"), "h");
        assert_eq!(call(b32dec, "NBSWY3DPEE======"), "hello!");
        assert_eq!(
            call(b32dec, "nbswy3dp"),
            "illegal base32 data at input byte 0"
        );
        assert_eq!(
            call(b32dec, "NBSWY3D"),
            "illegal base32 data at input byte 0"
        );
        assert_eq!(
            call(b32dec, "NA====="),
            "illegal base32 data at input byte 7"
        );
    }

    #[test]
    fn wrong_argument_type_is_an_error() {
        assert!(b64enc(&[Value::Int(1)]).is_err());
        assert!(b32dec(&[]).is_err());
    }
}
