//! The Sprig and Helm function library: plain Rust functions over [`crate::value::Value`] with
//! their Go signatures, one table per family.

pub mod arguments;
pub mod encoding;
pub mod paths;
pub mod urls;
pub mod random;
pub mod semver;
pub mod semver_constraint;
pub mod crypto;
