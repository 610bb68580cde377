//! Sprig's hashing, password and symmetric-encryption functions: `sha1sum`, `sha256sum`,
//! `sha512sum`, `adler32sum`, `bcrypt`, `htpasswd`, `derivePassword`, `encryptAES`,
//! `decryptAES`. Key and certificate generation live in [`super::certs`].
//!
//! Sprig turns several failures into result strings instead of errors (`bcrypt` of an
//! over-long password, `htpasswd` of a user name with a colon, an unknown `derivePassword`
//! template); `decryptAES` on malformed input fails with the Go runtime panic text Helm
//! reports (`runtime error: slice bounds out of range [:16] with capacity 3`).

use crate::funcs::convert::{int_arg, string_arg, string_bytes_arg};
use crate::funcs::encoding::codecs::{base64_decode, base64_encode};
use crate::value::{FuncError, Function, GoType, Signature, Str, Value};
use aes::cipher::{BlockDecrypt, BlockEncrypt, KeyInit};
use hmac::Mac;
use rand::RngCore;
use sha1::Digest;

const ONE_STRING: Signature = Signature {
    params: &[GoType::String],
    variadic: None,
};
const TWO_STRINGS: Signature = Signature {
    params: &[GoType::String, GoType::String],
    variadic: None,
};

pub const FUNCTIONS: &[Function] = &[
    Function {
        name: "sha1sum",
        signature: ONE_STRING,
        call: sha1_sum,
    },
    Function {
        name: "sha256sum",
        signature: ONE_STRING,
        call: sha256_sum,
    },
    Function {
        name: "sha512sum",
        signature: ONE_STRING,
        call: sha512_sum,
    },
    Function {
        name: "adler32sum",
        signature: ONE_STRING,
        call: adler32_sum,
    },
    Function {
        name: "bcrypt",
        signature: ONE_STRING,
        call: bcrypt_function,
    },
    Function {
        name: "htpasswd",
        signature: TWO_STRINGS,
        call: htpasswd,
    },
    Function {
        name: "derivePassword",
        // Go: derivePassword(counter uint32, passwordType, password, user, site string)
        signature: Signature {
            params: &[
                GoType::Int,
                GoType::String,
                GoType::String,
                GoType::String,
                GoType::String,
            ],
            variadic: None,
        },
        call: derive_password_function,
    },
    Function {
        name: "encryptAES",
        signature: TWO_STRINGS,
        call: encrypt_aes_function,
    },
    Function {
        name: "decryptAES",
        signature: TWO_STRINGS,
        call: decrypt_aes_function,
    },
];

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn sha1_sum(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::from(hex(&sha1::Sha1::digest(string_bytes_arg(
        args, 0,
    )?))))
}

fn sha256_sum(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::from(hex(&sha2::Sha256::digest(string_bytes_arg(
        args, 0,
    )?))))
}

fn sha512_sum(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::from(hex(&sha2::Sha512::digest(string_bytes_arg(
        args, 0,
    )?))))
}

/// Adler-32 checksum (RFC 1950), printed in decimal.
pub fn adler32(bytes: &[u8]) -> u32 {
    const MODULUS: u32 = 65521;
    let (mut low, mut high) = (1u32, 0u32);
    for chunk in bytes.chunks(5552) {
        for &byte in chunk {
            low += u32::from(byte);
            high += low;
        }
        low %= MODULUS;
        high %= MODULUS;
    }
    (high << 16) | low
}

fn adler32_sum(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::from(adler32(string_bytes_arg(args, 0)?).to_string()))
}

/// Go's `bcrypt.GenerateFromPassword` at the default cost 10, `$2a$` form; failures become
/// the result text.
fn bcrypt_hash(password: &str) -> String {
    if password.len() > 72 {
        return "failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes"
            .into();
    }
    match bcrypt::hash_with_result(password, 10) {
        Ok(parts) => parts.format_for_version(bcrypt::Version::TwoA),
        Err(error) => format!("failed to encrypt string with bcrypt: {error}"),
    }
}

fn bcrypt_function(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::from(bcrypt_hash(string_arg(args, 0)?)))
}

/// `USER:BCRYPT`, or `invalid username: USER` when the name holds a colon.
fn htpasswd(args: &[Value]) -> Result<Value, FuncError> {
    let user = string_arg(args, 0)?;
    let password = string_arg(args, 1)?;
    if user.contains(':') {
        return Ok(Value::from(format!("invalid username: {user}")));
    }
    Ok(Value::from(format!("{user}:{}", bcrypt_hash(password))))
}

/// The Master Password templates per password type.
fn password_templates(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "maximum" => &["anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"],
        "long" => &[
            "CvcvnoCvcvCvcv",
            "CvcvCvcvnoCvcv",
            "CvcvCvcvCvcvno",
            "CvccnoCvcvCvcv",
            "CvccCvcvnoCvcv",
            "CvccCvcvCvcvno",
            "CvcvnoCvccCvcv",
            "CvcvCvccnoCvcv",
            "CvcvCvccCvcvno",
            "CvcvnoCvcvCvcc",
            "CvcvCvcvnoCvcc",
            "CvcvCvcvCvccno",
            "CvccnoCvccCvcv",
            "CvccCvccnoCvcv",
            "CvccCvccCvcvno",
            "CvcvnoCvccCvcc",
            "CvcvCvccnoCvcc",
            "CvcvCvccCvccno",
            "CvccnoCvcvCvcc",
            "CvccCvcvnoCvcc",
            "CvccCvcvCvccno",
        ],
        "medium" => &["CvcnoCvc", "CvcCvcno"],
        "short" => &["Cvcn"],
        "basic" => &["aaanaaan", "aannaaan", "aaannaaa"],
        "pin" => &["nnnn"],
        _ => return None,
    })
}

/// The characters each template letter draws from.
fn template_characters(class: u8) -> &'static [u8] {
    match class {
        b'V' => b"AEIOU",
        b'C' => b"BCDFGHJKLMNPQRSTVWXYZ",
        b'v' => b"aeiou",
        b'c' => b"bcdfghjklmnpqrstvwxyz",
        b'A' => b"AEIOUBCDFGHJKLMNPQRSTVWXYZ",
        b'a' => b"AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz",
        b'n' => b"0123456789",
        b'o' => b"@&%?,=[]_:-+*$#!'^~;()/.",
        _ => b"AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()",
    }
}

const MASTER_PASSWORD_SCOPE: &[u8] = b"com.lyndir.masterpassword";

fn scoped(name: &str) -> Vec<u8> {
    let mut out = MASTER_PASSWORD_SCOPE.to_vec();
    out.extend_from_slice(&(name.len() as u32).to_be_bytes());
    out.extend_from_slice(name.as_bytes());
    out
}

/// The Master Password algorithm (v3): scrypt(password, scope+user) keys an HMAC-SHA256 of
/// scope+site+counter; the first seed byte picks a template, the following bytes its letters.
pub fn derive_password(counter: u32, kind: &str, password: &str, user: &str, site: &str) -> String {
    let Some(templates) = password_templates(kind) else {
        return format!("cannot find password template {kind}");
    };
    let mut key = [0u8; 64];
    let derived = scrypt::Params::new(15, 8, 2, 64)
        .map_err(|error| error.to_string())
        .and_then(|params| {
            scrypt::scrypt(password.as_bytes(), &scoped(user), &params, &mut key)
                .map_err(|error| error.to_string())
        });
    if let Err(error) = derived {
        return format!("failed to derive password: {error}");
    }
    let mut site_scope = scoped(site);
    site_scope.extend_from_slice(&counter.to_be_bytes());
    let mut mac = match <hmac::Hmac<sha2::Sha256> as Mac>::new_from_slice(&key) {
        Ok(mac) => mac,
        Err(error) => return format!("failed to derive password: {error}"),
    };
    mac.update(&site_scope);
    let seed = mac.finalize().into_bytes();
    let template = templates[usize::from(seed[0]) % templates.len()];
    template
        .bytes()
        .enumerate()
        .map(|(index, class)| {
            let characters = template_characters(class);
            let pick = seed.get(index + 1).copied().unwrap_or(0);
            char::from(characters[usize::from(pick) % characters.len()])
        })
        .collect()
}

fn derive_password_function(args: &[Value]) -> Result<Value, FuncError> {
    // Go converts the literal into a uint32, keeping its low 32 bits.
    let counter = int_arg(args, 0)? as u32;
    Ok(Value::from(derive_password(
        counter,
        string_arg(args, 1)?,
        string_arg(args, 2)?,
        string_arg(args, 3)?,
        string_arg(args, 4)?,
    )))
}

/// The AES-256 cipher keyed by the password's first 32 bytes, zero-padded.
fn aes_cipher(password: &[u8]) -> aes::Aes256 {
    let mut key = [0u8; 32];
    let bytes = password;
    let length = bytes.len().min(32);
    key[..length].copy_from_slice(&bytes[..length]);
    aes::Aes256::new(&key.into())
}

/// Sprig's `encryptAES`: PKCS#7 padding, random IV, AES-256-CBC, base64 of IV + ciphertext.
pub fn encrypt_aes(password: impl AsRef<[u8]>, plaintext: impl AsRef<[u8]>) -> String {
    let plaintext = plaintext.as_ref();
    if plaintext.is_empty() {
        return String::new();
    }
    let cipher = aes_cipher(password.as_ref());
    let mut content = plaintext.to_vec();
    let padding = 16 - content.len() % 16;
    content.extend(std::iter::repeat_n(padding as u8, padding));
    let mut output = vec![0u8; 16];
    rand::thread_rng().fill_bytes(&mut output);
    let mut previous = [0u8; 16];
    previous.copy_from_slice(&output);
    for block in content.chunks(16) {
        let mut buffer = [0u8; 16];
        for (index, byte) in buffer.iter_mut().enumerate() {
            *byte = block[index] ^ previous[index];
        }
        let mut array = buffer.into();
        cipher.encrypt_block(&mut array);
        previous.copy_from_slice(&array);
        output.extend_from_slice(&array);
    }
    base64_encode(&output)
}

/// Sprig's `decryptAES`, including the Go runtime failures of its unchecked slicing. The
/// plaintext is whatever bytes were sealed, so it need not be valid UTF-8.
pub fn decrypt_aes(password: impl AsRef<[u8]>, encoded: &str) -> Result<Str, FuncError> {
    if encoded.is_empty() {
        return Ok(Str::from(""));
    }
    let data = base64_decode(encoded).map_err(|error| FuncError::new(error.to_string()))?;
    if data.len() < 16 {
        return Err(FuncError::new(format!(
            "runtime error: slice bounds out of range [:16] with capacity {}",
            data.len()
        )));
    }
    let (iv, ciphertext) = data.split_at(16);
    if ciphertext.len() % 16 != 0 {
        return Err(FuncError::new("crypto/cipher: input not full blocks"));
    }
    let cipher = aes_cipher(password.as_ref());
    let mut previous = iv.to_vec();
    let mut plain = Vec::with_capacity(ciphertext.len());
    for block in ciphertext.chunks(16) {
        let mut array = aes::Block::clone_from_slice(block);
        cipher.decrypt_block(&mut array);
        plain.extend(array.iter().zip(&previous).map(|(a, b)| a ^ b));
        previous = block.to_vec();
    }
    let Some(&last) = plain.last() else {
        return Err(FuncError::new("runtime error: index out of range [-1]"));
    };
    let keep = plain.len() as i64 - i64::from(last);
    if keep < 0 {
        return Err(FuncError::new(format!(
            "runtime error: slice bounds out of range [:{keep}]"
        )));
    }
    plain.truncate(keep as usize);
    Ok(Str::from_bytes(plain))
}

fn encrypt_aes_function(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::from(encrypt_aes(
        string_bytes_arg(args, 0)?,
        string_bytes_arg(args, 1)?,
    )))
}

fn decrypt_aes_function(args: &[Value]) -> Result<Value, FuncError> {
    decrypt_aes(string_bytes_arg(args, 0)?, string_arg(args, 1)?).map(Value::String)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(result: Result<Value, FuncError>) -> String {
        result.unwrap().as_str().unwrap().to_string()
    }

    fn one(function: fn(&[Value]) -> Result<Value, FuncError>, input: &str) -> String {
        text(function(&[Value::from(input)]))
    }

    #[test]
    fn hashes_are_lower_case_hex() {
        assert_eq!(
            one(sha1_sum, "hello"),
            "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d"
        );
        assert_eq!(
            one(sha1_sum, "é"),
            "bf15be717ac1b080b4f1c456692825891ff5073d"
        );
        assert_eq!(
            one(sha256_sum, "line\n"),
            "c73b73af8851e9e91bc6b4dc12e7dace0a2bfb931c1d0b8b36ef367319f58cd1"
        );
        assert!(one(sha512_sum, "hello").starts_with("9b71d224bd62f3785d96d46ad3ea3d73"));
        assert_eq!(one(adler32_sum, ""), "1");
        assert_eq!(one(adler32_sum, "hello"), "103547413");
        assert_eq!(one(adler32_sum, "Wikipedia"), "300286872");
        let long = vec![0xffu8; 100_000];
        let (mut low, mut high) = (1u64, 0u64);
        for &byte in &long {
            low = (low + u64::from(byte)) % 65521;
            high = (high + low) % 65521;
        }
        assert_eq!(adler32(&long), ((high << 16) | low) as u32);
    }

    #[test]
    fn bcrypt_and_htpasswd_use_the_2a_form() {
        let hash = one(bcrypt_function, "password");
        assert_eq!(hash.len(), 60);
        assert!(hash.starts_with("$2a$10$"));
        assert!(bcrypt::verify("password", &hash).unwrap());
        assert_ne!(hash, one(bcrypt_function, "password"));
        let entry = text(htpasswd(&[Value::from("user"), Value::from("pass")]));
        assert!(entry.starts_with("user:$2a$10$") && entry.len() == 65);
        assert_eq!(
            text(htpasswd(&[Value::from("us:er"), Value::from("p")])),
            "invalid username: us:er"
        );
        assert_eq!(
            one(bcrypt_function, &"a".repeat(73)),
            "failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes"
        );
    }

    #[test]
    fn derive_password_matches_master_password() {
        let derive = |counter, kind, password, user, site| {
            text(derive_password_function(&[
                Value::Int(counter),
                Value::from(kind),
                Value::from(password),
                Value::from(user),
                Value::from(site),
            ]))
        };
        assert_eq!(
            derive(1, "long", "password", "user", "example.com"),
            "ZedaFaxcZaso9*"
        );
        assert_eq!(
            derive(1, "maximum", "password", "user", "example.com"),
            "pf4zS1LjCg&LjhsZ7T2~"
        );
        assert_eq!(derive(2, "basic", "secret", "alice", "host"), "Mdf30hXX");
        assert_eq!(derive(1, "pin", "p", "u", "s"), "2461");
        assert_eq!(derive(4294967296, "long", "p", "u", "s"), "WupeHanuFiyi6@");
        assert_eq!(
            derive(1, "phrase", "p", "u", "s"),
            "cannot find password template phrase"
        );
        assert!(derive_password_function(&[Value::from("1")]).is_err());
    }

    #[test]
    fn aes_decrypts_sprig_ciphertexts_and_round_trips() {
        let decrypt = |key: &str, data: &str| decrypt_aes(key, data);
        assert_eq!(
            decrypt("secretkey", "nR2YJBPWH145urMuKX2TXBqV9d8d+5H1Q2qCtO5U2Fc=").unwrap(),
            "plain text é"
        );
        let sealed = encrypt_aes("k", "round trip");
        assert_eq!(decrypt("k", &sealed).unwrap(), "round trip");
        assert_ne!(encrypt_aes("k", "same"), encrypt_aes("k", "same"));
        assert_eq!(
            base64_decode(&encrypt_aes("k", "0123456789abcdef"))
                .unwrap()
                .len(),
            48
        );
        assert_eq!(encrypt_aes("k", ""), "");
        assert_eq!(decrypt("k", "").unwrap(), "");
        let binary = encrypt_aes("k", [0xffu8, 0x00, 0xc3]);
        assert_eq!(
            decrypt("k", &binary).unwrap().as_bytes(),
            [0xff, 0x00, 0xc3]
        );
    }

    #[test]
    fn aes_failures_carry_go_runtime_texts() {
        let error = |data: &str| decrypt_aes("k", data).unwrap_err().0;
        assert_eq!(
            error("AAAA"),
            "runtime error: slice bounds out of range [:16] with capacity 3"
        );
        assert_eq!(
            error("AAAAAAAAAAAAAAAAAAAAAA=="),
            "runtime error: index out of range [-1]"
        );
        assert_eq!(
            error("AAAAAAAAAAAAAAAAAAAAAAA="),
            "crypto/cipher: input not full blocks"
        );
        assert_eq!(
            error("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="),
            "runtime error: slice bounds out of range [:-19]"
        );
        assert_eq!(error("AAA"), "illegal base64 data at input byte 0");
        assert!(decrypt_aes_function(&[Value::from("k")]).is_err());
    }
}
