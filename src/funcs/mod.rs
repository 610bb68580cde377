//! The Sprig and Helm function library: plain Rust functions over [`crate::value::Value`] with
//! their Go signatures, one table per family.
//!
//! Helm hands its templates Sprig v3's `TxtFuncMap` without `env` and `expandenv`, plus its own
//! functions (`toYaml`, `include`, `tpl`, ...). Every family file exports
//! `pub const FUNCTIONS: &[Function]`; [`library`] chains those tables, listed once in
//! `FAMILIES` below, into the one function map the template engines register. Each
//! [`Function`] declares the Go parameter types of the original so the executor converts and
//! checks arguments exactly as text/template does; the implementations then see converted
//! arguments and reproduce Sprig's results, including its Go-specific quirks (byte-wise string
//! slicing, `int64` arithmetic, panics reported as errors).
//!
//! Where things live:
//! - [`strings`]: text, case, string lists, regular expressions;
//! - [`collections`]: lists and dicts;
//! - [`numbers`]: arithmetic and numeric conversions;
//! - [`defaults`]: `default`, `empty`, `ternary`, type inspection, `fail`; its Go notions of
//!   "empty" and deep equality serve the collections too;
//! - [`encoding`]: base64/base32 and TOML;
//! - [`crypto`]: hashes, ciphers, keys and certificates;
//! - [`random`]: random strings and the non-cryptographic generator;
//! - [`time`]: dates, durations and Go's `time` layouts;
//! - [`semver`]: versions and constraints;
//! - [`addresses`]: file paths, URLs, host names.
//!
//! [`convert`] holds the conversions shared by every family (spf13/cast's `ToInt64`/`ToFloat64`,
//! Sprig's `strval`, reflect-style kind checks, argument accessors).

pub mod addresses;
pub mod collections;
pub mod convert;
pub mod crypto;
pub mod defaults;
pub mod encoding;
pub mod numbers;
pub mod random;
pub mod semver;
pub mod strings;
pub mod time;

#[cfg(test)]
mod test_support;

use crate::value::{FuncError, Function, GoType, NativeFn, Signature};

/// Fails when a function is about to build a result of `bytes` bytes over the limit on one
/// value ([`crate::limits::VALUE_SIZE`]); functions whose result size the input controls call
/// it before allocating, so no template can make the process abort on a failed allocation.
pub fn check_result_size(function: &str, bytes: u64) -> Result<(), FuncError> {
    crate::limits::VALUE_SIZE
        .check(bytes, &format!("the result of {function}"))
        .map_err(FuncError::new)
}

/// Builds a table entry; `const` so family tables stay `const` slices.
pub const fn function(
    name: &'static str,
    params: &'static [GoType],
    variadic: Option<GoType>,
    call: NativeFn,
) -> Function {
    Function {
        name,
        signature: Signature { params, variadic },
        call,
    }
}

/// How many of the first [`FAMILIES`] do no expensive work (no key generation), so tests may
/// call them with every combination of sample arguments.
#[cfg(test)]
const CHEAP_FAMILIES: usize = 7;

/// Every family table, in registration order (the cheap families first).
const FAMILIES: &[&[Function]] = &[
    strings::basic::FUNCTIONS,
    strings::string_lists::FUNCTIONS,
    strings::regex::FUNCTIONS,
    collections::lists::FUNCTIONS,
    collections::dicts::FUNCTIONS,
    numbers::math::FUNCTIONS,
    defaults::FUNCTIONS,
    encoding::codecs::FUNCTIONS,
    encoding::toml_encode::FUNCTIONS,
    encoding::toml_decode::FUNCTIONS,
    crypto::hashes::FUNCTIONS,
    crypto::certs::FUNCTIONS,
    random::secure::FUNCTIONS,
    time::dates::FUNCTIONS,
    semver::version::FUNCTIONS,
    addresses::paths::FUNCTIONS,
    addresses::urls::FUNCTIONS,
    addresses::network::FUNCTIONS,
];

/// All library functions (Sprig minus `env`/`expandenv`, plus Helm's own once their families
/// are registered), each name once.
pub fn library() -> impl Iterator<Item = &'static Function> {
    FAMILIES.iter().flat_map(|family| family.iter())
}

/// Looks a function up by its template name.
pub fn lookup(name: &str) -> Option<&'static Function> {
    library().find(|function| function.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn no_name_is_registered_twice() {
        let mut seen = BTreeSet::new();
        for function in library() {
            assert!(
                seen.insert(function.name),
                "{} registered twice",
                function.name
            );
        }
    }

    /// Every function answers any argument list (even ones the executor would never pass)
    /// with a value or an error, never a panic.
    #[test]
    fn no_function_panics_on_odd_arguments() {
        use crate::value::{Map, Value};
        let map = Map::new();
        map.insert("k", Value::from("v"));
        let samples = [
            Value::Nil,
            Value::Int(-3),
            Value::Int(7),
            Value::Int64(100_000),
            Value::Float(2.5),
            Value::from("a,é[b"),
            Value::list(vec![Value::Int(1), Value::Nil]),
            Value::Map(map),
        ];
        // Only the cheap families, the first ones registered: key and certificate generators
        // would make this sweep slow.
        let cheap = &FAMILIES[..CHEAP_FAMILIES];
        for function in cheap.iter().flat_map(|family| family.iter()) {
            for arity in 0..=3usize {
                let combinations = samples.len().pow(arity as u32);
                for mut index in 0..combinations {
                    let mut args = Vec::with_capacity(arity);
                    for _ in 0..arity {
                        args.push(samples[index % samples.len()].clone());
                        index /= samples.len();
                    }
                    let call = std::panic::AssertUnwindSafe(|| (function.call)(&args));
                    let outcome = std::panic::catch_unwind(call);
                    assert!(outcome.is_ok(), "{} panicked on {args:?}", function.name);
                }
            }
        }
    }

    #[test]
    fn helm_removes_environment_access() {
        assert!(lookup("env").is_none());
        assert!(lookup("expandenv").is_none());
        assert!(lookup("trunc").is_some());
    }

    #[test]
    fn core_families_cover_the_common_sprig_names() {
        for name in [
            "default",
            "quote",
            "indent",
            "nindent",
            "trunc",
            "trimSuffix",
            "list",
            "dict",
            "merge",
            "add",
            "int",
            "regexReplaceAll",
            "hasKey",
            "toString",
            "ternary",
            "fail",
            "until",
        ] {
            assert!(lookup(name).is_some(), "{name} missing");
        }
    }
}
