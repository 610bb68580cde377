//! The Sprig and Helm function library: plain Rust functions over [`crate::value::Value`] with
//! their Go signatures, one table per family.
//!
//! Helm hands its templates Sprig v3's `TxtFuncMap` without `env` and `expandenv`, plus its own
//! functions (`toYaml`, `include`, `tpl`, ...). Every family file here exports
//! `pub const FUNCTIONS: &[Function]`; [`library`] chains those tables into the one function map
//! the template engines register. Each [`Function`] declares the Go parameter types of the
//! original so the executor converts and checks arguments exactly as text/template does; the
//! implementations then see converted arguments and reproduce Sprig's results, including its
//! Go-specific quirks (byte-wise string slicing, `int64` arithmetic, panics reported as errors).
//!
//! [`convert`] holds the conversions shared by every family (spf13/cast's `ToInt64`/`ToFloat64`,
//! Sprig's `strval`, reflect-style kind checks, argument accessors).

pub mod certs;
pub mod convert;
pub mod crypto;
pub mod dates;
pub mod decimal;
pub mod defaults;
pub mod der;
pub mod dicts;
pub mod duration;
pub mod encoding;
pub mod entropy;
pub mod gotime;
pub mod keys;
pub mod lists;
pub mod math;
pub mod network;
pub mod paths;
pub mod random;
pub mod regex;
pub mod regex_syntax;
pub mod semver;
pub mod semver_constraint;
pub mod string_lists;
pub mod strings;
pub mod text_case;
pub mod timelayout;
pub mod timeparse;
pub mod toml_decode;
pub mod toml_encode;
pub mod urls;

use crate::value::{Function, GoType, NativeFn, Signature};

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

/// Every family table, in registration order.
const FAMILIES: &[&[Function]] = &[
    strings::FUNCTIONS,
    string_lists::FUNCTIONS,
    regex::FUNCTIONS,
    lists::FUNCTIONS,
    dicts::FUNCTIONS,
    math::FUNCTIONS,
    defaults::FUNCTIONS,
    encoding::FUNCTIONS,
    toml_encode::FUNCTIONS,
    toml_decode::FUNCTIONS,
    crypto::FUNCTIONS,
    certs::FUNCTIONS,
    random::FUNCTIONS,
    dates::FUNCTIONS,
    semver::FUNCTIONS,
    paths::FUNCTIONS,
    urls::FUNCTIONS,
    network::FUNCTIONS,
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
