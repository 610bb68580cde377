//! Sprig's random strings: `randAlphaNum`, `randAlpha`, `randNumeric`, `randAscii`,
//! `randBytes` and `uuidv4`, drawn from the operating system's cryptographic generator as
//! Sprig's are (goutils' `CryptoRandom*`, `crypto/rand`, google/uuid).

use crate::funcs::convert::int_arg;
use crate::funcs::encoding::codecs::base64_encode;
use crate::value::{FuncError, Function, GoType, Signature, Value};
use rand::{Rng, RngCore};

const ONE_INT: Signature = Signature {
    params: &[GoType::Int],
    variadic: None,
};

pub const FUNCTIONS: &[Function] = &[
    Function {
        name: "randAlphaNum",
        signature: ONE_INT,
        call: rand_alpha_num,
    },
    Function {
        name: "randAlpha",
        signature: ONE_INT,
        call: rand_alpha,
    },
    Function {
        name: "randNumeric",
        signature: ONE_INT,
        call: rand_numeric,
    },
    Function {
        name: "randAscii",
        signature: ONE_INT,
        call: rand_ascii,
    },
    Function {
        name: "randBytes",
        signature: ONE_INT,
        call: rand_bytes,
    },
    Function {
        name: "uuidv4",
        signature: Signature {
            params: &[],
            variadic: None,
        },
        call: uuid_v4,
    },
];

const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const DIGITS: &[u8] = b"0123456789";
const ALPHANUMERIC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// `count` characters drawn uniformly from `alphabet`; goutils refuses a negative count with
/// an error that Sprig discards, so that yields the empty string.
fn random_string(count: i64, alphabet: &[u8]) -> Result<String, FuncError> {
    let Ok(count) = usize::try_from(count) else {
        return Ok(String::new());
    };
    crate::funcs::check_result_size("a random string", count as u64)?;
    let mut generator = rand::thread_rng();
    Ok((0..count)
        .map(|_| char::from(alphabet[generator.gen_range(0..alphabet.len())]))
        .collect::<String>())
}

fn rand_alpha_num(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::from(random_string(int_arg(args, 0)?, ALPHANUMERIC)?))
}

fn rand_alpha(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::from(random_string(int_arg(args, 0)?, LETTERS)?))
}

fn rand_numeric(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::from(random_string(int_arg(args, 0)?, DIGITS)?))
}

/// Printable ASCII: space through `~`.
fn rand_ascii(args: &[Value]) -> Result<Value, FuncError> {
    let printable: Vec<u8> = (b' '..=b'~').collect();
    Ok(Value::from(random_string(int_arg(args, 0)?, &printable)?))
}

/// Base64 of `count` random bytes; Go's `make` panics on a negative length.
fn rand_bytes(args: &[Value]) -> Result<Value, FuncError> {
    let count = usize::try_from(int_arg(args, 0)?)
        .map_err(|_| FuncError::new("runtime error: makeslice: len out of range"))?;
    crate::funcs::check_result_size("randBytes", (count as u64).saturating_mul(4) / 3)?;
    let mut buffer = vec![0u8; count];
    rand::thread_rng().fill_bytes(&mut buffer);
    Ok(Value::from(base64_encode(&buffer)))
}

/// A random (version 4, RFC 4122 variant) UUID in lower-case hex with dashes.
fn uuid_v4(_args: &[Value]) -> Result<Value, FuncError> {
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Ok(Value::from(format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(value: Result<Value, FuncError>) -> String {
        value.unwrap().as_str().unwrap().to_string()
    }

    #[test]
    fn strings_have_the_length_and_alphabet_asked_for() {
        let alnum = text(rand_alpha_num(&[Value::Int(64)]));
        assert_eq!(alnum.len(), 64);
        assert!(alnum.bytes().all(|b| b.is_ascii_alphanumeric()));
        assert!(text(rand_alpha(&[Value::Int(40)]))
            .bytes()
            .all(|b| b.is_ascii_alphabetic()));
        assert!(text(rand_numeric(&[Value::Int(40)]))
            .bytes()
            .all(|b| b.is_ascii_digit()));
        let ascii = text(rand_ascii(&[Value::Int(200)]));
        assert!(ascii.bytes().all(|b| (b' '..=b'~').contains(&b)));
        assert_eq!(text(rand_alpha_num(&[Value::Int(0)])), "");
        assert_eq!(text(rand_alpha_num(&[Value::Int(-3)])), "");
        assert_ne!(
            text(rand_alpha_num(&[Value::Int(32)])),
            text(rand_alpha_num(&[Value::Int(32)]))
        );
    }

    #[test]
    fn bytes_are_base64_of_the_count() {
        let encoded = text(rand_bytes(&[Value::Int(12)]));
        assert_eq!(encoded.len(), 16);
        assert_eq!(
            crate::funcs::encoding::codecs::base64_decode(&encoded)
                .unwrap()
                .len(),
            12
        );
        assert_eq!(
            rand_bytes(&[Value::Int(-1)]).unwrap_err().0,
            "runtime error: makeslice: len out of range"
        );
    }

    #[test]
    fn uuid_is_version_four() {
        let uuid = text(uuid_v4(&[]));
        let pattern = regex::Regex::new(
            "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
        )
        .unwrap();
        assert!(pattern.is_match(&uuid), "{uuid}");
    }

    #[test]
    fn wrong_argument_type_is_an_error() {
        assert!(rand_alpha(&[Value::from("3")]).is_err());
        assert!(rand_bytes(&[]).is_err());
    }
}
