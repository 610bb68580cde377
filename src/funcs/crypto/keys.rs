//! Private keys as Sprig handles them: generation (`genPrivateKey`), Sprig's PEM forms
//! (`RSA PRIVATE KEY` PKCS#1, `EC PRIVATE KEY` SEC 1, `DSA PRIVATE KEY` OpenSSL sequence,
//! `PRIVATE KEY` PKCS#8 for Ed25519), parsing those back (`parsePrivateKeyPEM`, with its
//! error texts), public-key info and X.509 signatures for the certificate functions.

use super::der;
use rand::rngs::OsRng;
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey};
use rsa::pkcs8::{DecodePrivateKey, EncodePublicKey};

/// A private key of one of the kinds Sprig generates.
#[derive(Debug, Clone)]
pub enum PrivateKey {
    Rsa(Box<rsa::RsaPrivateKey>),
    /// ECDSA on P-256.
    Ecdsa(p256::SecretKey),
    Ed25519(Box<ed25519_dalek::SigningKey>),
    Dsa(Box<dsa::SigningKey>),
}

const OID_ED25519: &[u64] = &[1, 3, 101, 112];
const OID_RSA_SHA256: &[u64] = &[1, 2, 840, 113_549, 1, 1, 11];
const OID_ECDSA_SHA256: &[u64] = &[1, 2, 840, 10_045, 4, 3, 2];

/// An RSA key of `bits` bits (even, at least 1024) with exponent 65537, made the way the `rsa`
/// crate makes one (two random primes of half the size with their top two bits set, the
/// private exponent from Euler's totient, a new pair when the primes are equal, the modulus is
/// short or 65537 has no inverse), except that the two prime searches (nearly all of the
/// work) run at the same time on the thread pool.
fn two_prime_rsa(bits: usize) -> rsa::RsaPrivateKey {
    use num_bigint_dig::RandPrime;
    let exponent = rsa::BigUint::from(65_537u32);
    loop {
        let (p, q) = rayon::join(|| OsRng.gen_prime(bits / 2), || OsRng.gen_prime(bits / 2));
        if p == q || (&p * &q).bits() != bits {
            continue;
        }
        if let Ok(key) = rsa::RsaPrivateKey::from_primes(vec![p, q], exponent.clone()) {
            return key;
        }
    }
}

impl PrivateKey {
    /// `genPrivateKey TYPE`: `rsa` (or empty) 4096 bits, `ecdsa` P-256, `ed25519`, `dsa`
    /// (L=2048, N=256); other types are `Unknown type TYPE` (returned as the result text).
    pub fn generate(kind: &str) -> Result<PrivateKey, String> {
        match kind {
            "" | "rsa" => PrivateKey::generate_rsa(4096),
            "ecdsa" => Ok(PrivateKey::Ecdsa(p256::SecretKey::random(&mut OsRng))),
            "ed25519" => Ok(PrivateKey::Ed25519(Box::new(
                ed25519_dalek::SigningKey::generate(&mut OsRng),
            ))),
            "dsa" => {
                let components = dsa::Components::generate(&mut OsRng, dsa::KeySize::DSA_2048_256);
                Ok(PrivateKey::Dsa(Box::new(dsa::SigningKey::generate(
                    &mut OsRng, components,
                ))))
            }
            other => Err(format!("Unknown type {other}")),
        }
    }

    pub fn generate_rsa(bits: usize) -> Result<PrivateKey, String> {
        if bits >= 1024 && bits.is_multiple_of(2) {
            return Ok(PrivateKey::Rsa(Box::new(two_prime_rsa(bits))));
        }
        rsa::RsaPrivateKey::new(&mut OsRng, bits)
            .map(|key| PrivateKey::Rsa(Box::new(key)))
            .map_err(|error| error.to_string())
    }

    /// Sprig's `pemBlockForKey`.
    pub fn to_pem(&self) -> Result<String, String> {
        Ok(match self {
            PrivateKey::Rsa(key) => {
                let document = key.to_pkcs1_der().map_err(|e| e.to_string())?;
                der::pem_encode("RSA PRIVATE KEY", document.as_bytes())
            }
            PrivateKey::Ecdsa(key) => {
                let document = key.to_sec1_der().map_err(|e| e.to_string())?;
                der::pem_encode("EC PRIVATE KEY", &document)
            }
            PrivateKey::Ed25519(key) => {
                let info = der::sequence(&[
                    der::small_integer(0),
                    der::sequence(&[der::oid(OID_ED25519)]),
                    der::octet_string(&der::octet_string(&key.to_bytes())),
                ]);
                der::pem_encode("PRIVATE KEY", &info)
            }
            PrivateKey::Dsa(key) => {
                let verifying = key.verifying_key();
                let components = verifying.components();
                let integers = [
                    components.p(),
                    components.q(),
                    components.g(),
                    verifying.y(),
                    key.x(),
                ];
                let mut parts = vec![der::small_integer(0)];
                parts.extend(
                    integers
                        .iter()
                        .map(|n| der::unsigned_integer(&n.to_bytes_be())),
                );
                der::pem_encode("DSA PRIVATE KEY", &der::sequence(&parts))
            }
        })
    }

    /// Sprig's `parsePrivateKeyPEM`.
    pub fn from_pem(text: &str) -> Result<PrivateKey, String> {
        let (label, bytes) = der::pem_decode(text).ok_or("no PEM data in input")?;
        if label == "PRIVATE KEY" {
            return PrivateKey::from_pkcs8(&bytes)
                .map_err(|error| format!("decoding PEM as PKCS#8: {error}"));
        }
        let Some(kind) = label.strip_suffix(" PRIVATE KEY") else {
            return Err(format!("no private key data in PEM block of type {label}"));
        };
        match kind {
            "RSA" => rsa::RsaPrivateKey::from_pkcs1_der(&bytes)
                .map(|key| PrivateKey::Rsa(Box::new(key)))
                .map_err(|error| format!("parsing RSA private key from PEM: {error}")),
            "EC" => p256::SecretKey::from_sec1_der(&bytes)
                .map(PrivateKey::Ecdsa)
                .map_err(|error| format!("parsing EC private key from PEM: {error}")),
            "DSA" => PrivateKey::dsa_from_der(&bytes).ok_or_else(|| {
                "parsing DSA private key from PEM: asn1: structure error".to_string()
            }),
            _ => Err(format!("invalid private key type {label}")),
        }
    }

    fn from_pkcs8(bytes: &[u8]) -> Result<PrivateKey, String> {
        if let Ok(key) = rsa::RsaPrivateKey::from_pkcs8_der(bytes) {
            return Ok(PrivateKey::Rsa(Box::new(key)));
        }
        if let Ok(key) = p256::SecretKey::from_pkcs8_der(bytes) {
            return Ok(PrivateKey::Ecdsa(key));
        }
        ed25519_dalek::SigningKey::from_pkcs8_der(bytes)
            .map(|key| PrivateKey::Ed25519(Box::new(key)))
            .map_err(|error| format!("x509: failed to parse private key: {error}"))
    }

    /// The OpenSSL DSA sequence: version, p, q, g, y, x.
    fn dsa_from_der(bytes: &[u8]) -> Option<PrivateKey> {
        let items = der::read_sequence(bytes)?;
        let numbers: Vec<dsa::BigUint> = items
            .iter()
            .filter(|(tag, _)| *tag == der::TAG_INTEGER)
            .map(|(_, content)| dsa::BigUint::from_bytes_be(content))
            .collect();
        let [_, p, q, g, y, x] = <[dsa::BigUint; 6]>::try_from(numbers).ok()?;
        let components = dsa::Components::from_components(p, q, g).ok()?;
        let verifying = dsa::VerifyingKey::from_components(components, y).ok()?;
        dsa::SigningKey::from_components(verifying, x)
            .ok()
            .map(|key| PrivateKey::Dsa(Box::new(key)))
    }

    /// The DER `SubjectPublicKeyInfo`, as Go's `x509.MarshalPKIXPublicKey` writes it.
    pub fn public_key_info(&self) -> Result<Vec<u8>, String> {
        let document = match self {
            PrivateKey::Rsa(key) => key.to_public_key().to_public_key_der(),
            PrivateKey::Ecdsa(key) => key.public_key().to_public_key_der(),
            PrivateKey::Ed25519(key) => key.verifying_key().to_public_key_der(),
            PrivateKey::Dsa(_) => {
                return Err("x509: unsupported public key type: *dsa.PublicKey".into())
            }
        };
        document
            .map(|d| d.as_bytes().to_vec())
            .map_err(|error| error.to_string())
    }

    /// The signature algorithm Go picks for certificates signed by this key.
    pub fn signature_algorithm(&self) -> Result<Vec<u8>, String> {
        match self {
            PrivateKey::Rsa(_) => Ok(der::sequence(&[der::oid(OID_RSA_SHA256), der::null()])),
            PrivateKey::Ecdsa(_) => Ok(der::sequence(&[der::oid(OID_ECDSA_SHA256)])),
            PrivateKey::Ed25519(_) => Ok(der::sequence(&[der::oid(OID_ED25519)])),
            PrivateKey::Dsa(_) => {
                Err("x509: certificate private key does not implement crypto.Signer".into())
            }
        }
    }

    /// Signs `message` with [`PrivateKey::signature_algorithm`].
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>, String> {
        use sha2::Digest;
        use signature_trait::Signer;
        match self {
            PrivateKey::Rsa(key) => {
                let digest = sha2::Sha256::digest(message);
                key.sign(rsa::Pkcs1v15Sign::new::<sha2::Sha256>(), &digest)
                    .map_err(|e| e.to_string())
            }
            PrivateKey::Ecdsa(key) => {
                let signing = p256::ecdsa::SigningKey::from(key);
                let signature: p256::ecdsa::Signature = signing.sign(message);
                Ok(signature.to_der().as_bytes().to_vec())
            }
            PrivateKey::Ed25519(key) => Ok(key.sign(message).to_bytes().to_vec()),
            PrivateKey::Dsa(_) => {
                Err("x509: certificate private key does not implement crypto.Signer".into())
            }
        }
    }
}

/// The `signature` crate's traits, as re-exported by `p256::ecdsa`.
mod signature_trait {
    pub use p256::ecdsa::signature::Signer;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rsa_keys_from_parallel_prime_searches_are_whole_keys() {
        use rsa::traits::{PrivateKeyParts, PublicKeyParts};
        let Ok(PrivateKey::Rsa(key)) = PrivateKey::generate_rsa(1024) else {
            panic!("no RSA key");
        };
        assert_eq!(key.n().bits(), 1024);
        assert_eq!(key.e(), &rsa::BigUint::from(65_537u32));
        assert_eq!(key.primes().len(), 2);
        key.validate().unwrap();
    }

    fn label_of(pem: &str) -> String {
        der::pem_decode(pem).unwrap().0
    }

    #[test]
    fn generated_keys_round_trip_through_pem() {
        for (kind, label) in [("ecdsa", "EC PRIVATE KEY"), ("ed25519", "PRIVATE KEY")] {
            let key = PrivateKey::generate(kind).unwrap();
            let pem = key.to_pem().unwrap();
            assert_eq!(label_of(&pem), label);
            let again = PrivateKey::from_pem(&pem).unwrap();
            assert_eq!(again.to_pem().unwrap(), pem);
            assert_eq!(
                again.public_key_info().unwrap(),
                key.public_key_info().unwrap()
            );
        }
        let rsa = PrivateKey::generate_rsa(1024).unwrap();
        let pem = rsa.to_pem().unwrap();
        assert_eq!(label_of(&pem), "RSA PRIVATE KEY");
        assert_eq!(PrivateKey::from_pem(&pem).unwrap().to_pem().unwrap(), pem);
    }

    #[test]
    fn ed25519_pkcs8_is_the_short_go_form() {
        let key = PrivateKey::generate("ed25519").unwrap();
        let (_, bytes) = der::pem_decode(&key.to_pem().unwrap()).unwrap();
        assert_eq!(bytes.len(), 48);
        assert_eq!(
            &bytes[..16],
            &[
                0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22,
                0x04, 0x20
            ]
        );
    }

    #[test]
    fn parse_errors_use_sprig_wording() {
        assert_eq!(
            PrivateKey::from_pem("x").unwrap_err(),
            "no PEM data in input"
        );
        let certificate = der::pem_encode("CERTIFICATE", &[1, 2]);
        assert_eq!(
            PrivateKey::from_pem(&certificate).unwrap_err(),
            "no private key data in PEM block of type CERTIFICATE"
        );
        let odd = der::pem_encode("FOO PRIVATE KEY", &[1, 2]);
        assert_eq!(
            PrivateKey::from_pem(&odd).unwrap_err(),
            "invalid private key type FOO PRIVATE KEY"
        );
        let broken = der::pem_encode("RSA PRIVATE KEY", &[1, 2]);
        assert!(PrivateKey::from_pem(&broken)
            .unwrap_err()
            .starts_with("parsing RSA private key from PEM: "));
        assert_eq!(
            PrivateKey::generate("nope").unwrap_err(),
            "Unknown type nope"
        );
    }

    #[test]
    fn signatures_verify() {
        use p256::ecdsa::signature::Verifier;
        let key = PrivateKey::generate("ecdsa").unwrap();
        let signature = key.sign(b"message").unwrap();
        let PrivateKey::Ecdsa(secret) = &key else {
            unreachable!()
        };
        let verifying = p256::ecdsa::VerifyingKey::from(secret.public_key());
        let parsed = p256::ecdsa::Signature::from_der(&signature).unwrap();
        assert!(verifying.verify(b"message", &parsed).is_ok());
    }
}
