//! Functions that turn values into another text form and back: Go's base64 and base32 codecs
//! ([`codecs`]: `b64enc`, `b64dec`, `b32enc`, `b32dec`) and Helm's TOML pair ([`toml_encode`]:
//! `toToml`, [`toml_decode`]: `fromToml`).
//!
//! All of them report failures the way Sprig and Helm do: as the result text (or an `Error`
//! entry), never as a template error. YAML and JSON belong to Helm's own functions in
//! `engine`, built on `yaml/` and `value/json`.

pub mod codecs;
pub mod toml_decode;
pub mod toml_encode;
