//! Randomness, in the two strengths Sprig uses.
//!
//! [`secure`] holds the random-string functions (`randAlphaNum`, `randBytes`, `uuidv4`, ...),
//! which Sprig draws from the operating system's cryptographic generator. [`entropy`] is the
//! cheap per-process generator standing in for Go's `math/rand`, used by `shuffle` (in
//! `strings`) and `randInt` (in `numbers`).

pub mod entropy;
pub mod secure;
