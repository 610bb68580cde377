//! Sprig's cryptographic functions and the pieces they are built from.
//!
//! - [`hashes`]: digests, password hashing and AES (`sha256sum`, `bcrypt`, `htpasswd`,
//!   `derivePassword`, `encryptAES`, `decryptAES`, ...);
//! - [`certs`]: certificate generation (`genCA`, `genSelfSignedCert`, `genSignedCert`,
//!   `buildCustomCert`, ...), on
//! - [`keys`]: private keys in Sprig's PEM forms (`genPrivateKey`), signatures and public-key
//!   info, and
//! - [`der`]: the DER and PEM writing both need.

pub mod certs;
pub mod der;
pub mod hashes;
pub mod keys;
