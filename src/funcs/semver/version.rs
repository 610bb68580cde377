//! Semantic versions as Masterminds/semver v3 (the library Sprig and Helm use) parses,
//! orders and prints them, the `*semver.Version` template object with its methods, and the
//! `semver` / `semverCompare` functions. Constraint syntax lives in [`super::constraint`].
//!
//! Parsing is the library's lenient ("coerce") mode: an optional `v`, one to three numeric
//! segments (leading zeros allowed, missing ones are 0), then optional `-prerelease` and
//! `+metadata`. `Original` keeps the text as given, `String` prints the normalised form.

use super::constraint::Constraints;
use crate::funcs::convert::string_arg;
use crate::value::{FuncError, Function, GoType, Object, Signature, Value};
use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

pub const FUNCTIONS: &[Function] = &[
    Function {
        name: "semver",
        signature: Signature {
            params: &[GoType::String],
            variadic: None,
        },
        call: semver_function,
    },
    Function {
        name: "semverCompare",
        signature: Signature {
            params: &[GoType::String, GoType::String],
            variadic: None,
        },
        call: semver_compare,
    },
];

/// Why a version or constraint was refused, worded as the Go library words it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SemverError {
    #[error("invalid semantic version")]
    InvalidVersion,
    #[error("invalid prerelease string")]
    InvalidPrerelease,
    #[error("invalid metadata string")]
    InvalidMetadata,
    #[error("version segment starts with 0")]
    SegmentStartsWithZero,
    #[error(
        "error parsing version segment: strconv.ParseUint: parsing \"{0}\": value out of range"
    )]
    SegmentOutOfRange(String),
    #[error("improper constraint: {0}")]
    ImproperConstraint(String),
    #[error("constraint parser error")]
    ConstraintParser,
}

/// A parsed version (Go's `semver.Version`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
    pub prerelease: String,
    pub metadata: String,
    pub original: String,
}

fn loose_version_pattern() -> &'static regex::Regex {
    static PATTERN: OnceLock<regex::Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        let identifiers = r"[0-9A-Za-z\-]+(?:\.[0-9A-Za-z\-]+)*";
        let text = format!(
            r"^v?([0-9]+)(?:\.([0-9]+))?(?:\.([0-9]+))?(?:-({identifiers}))?(?:\+({identifiers}))?$"
        );
        regex::Regex::new(&text).unwrap_or_else(|error| unreachable!("fixed pattern: {error}"))
    })
}

fn parse_segment(text: &str) -> Result<u64, SemverError> {
    text.parse::<u64>()
        .map_err(|_| SemverError::SegmentOutOfRange(text.to_string()))
}

fn is_identifier_text(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Prerelease identifiers: non-empty, `[0-9A-Za-z-]`, numeric ones without leading zeros.
fn validate_prerelease(text: &str) -> Result<(), SemverError> {
    for part in text.split('.') {
        if part.is_empty() {
            return Err(SemverError::InvalidPrerelease);
        }
        if part.bytes().all(|b| b.is_ascii_digit()) {
            if part.len() > 1 && part.starts_with('0') {
                return Err(SemverError::SegmentStartsWithZero);
            }
        } else if !is_identifier_text(part) {
            return Err(SemverError::InvalidPrerelease);
        }
    }
    Ok(())
}

fn validate_metadata(text: &str) -> Result<(), SemverError> {
    if text
        .split('.')
        .all(|part| !part.is_empty() && is_identifier_text(part))
    {
        Ok(())
    } else {
        Err(SemverError::InvalidMetadata)
    }
}

impl Version {
    /// Go's `semver.NewVersion` (coercing mode).
    pub fn parse(text: &str) -> Result<Version, SemverError> {
        let captures = loose_version_pattern()
            .captures(text)
            .ok_or(SemverError::InvalidVersion)?;
        let group = |index: usize| captures.get(index).map(|m| m.as_str()).unwrap_or("");
        let optional_segment = |index: usize| match group(index) {
            "" => Ok(0),
            digits => parse_segment(digits),
        };
        let version = Version {
            major: parse_segment(group(1))?,
            minor: optional_segment(2)?,
            patch: optional_segment(3)?,
            prerelease: group(4).to_string(),
            metadata: group(5).to_string(),
            original: text.to_string(),
        };
        if !version.prerelease.is_empty() {
            validate_prerelease(&version.prerelease)?;
        }
        if !version.metadata.is_empty() {
            validate_metadata(&version.metadata)?;
        }
        Ok(version)
    }

    /// Precedence order: numeric segments, then a release above its prereleases, then the
    /// prerelease identifiers; metadata is ignored.
    pub fn compare(&self, other: &Version) -> Ordering {
        let numbers =
            (self.major, self.minor, self.patch).cmp(&(other.major, other.minor, other.patch));
        if numbers != Ordering::Equal {
            return numbers;
        }
        match (self.prerelease.is_empty(), other.prerelease.is_empty()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => compare_prerelease(&self.prerelease, &other.prerelease),
        }
    }

    /// `v` when the original text started with it (kept by the `Inc*`/`Set*` methods).
    fn original_v_prefix(&self) -> &'static str {
        if self.original.starts_with('v') {
            "v"
        } else {
            ""
        }
    }

    fn with_original_from(mut self, source: &Version) -> Version {
        self.original = format!("{}{}", source.original_v_prefix(), self);
        self
    }

    /// Go's `IncPatch`: drops a prerelease (1.2.3-pre becomes 1.2.3) or bumps the patch.
    pub fn inc_patch(&self) -> Version {
        let mut next = self.clone();
        next.metadata.clear();
        if next.prerelease.is_empty() {
            next.patch = self.patch.wrapping_add(1);
        }
        next.prerelease.clear();
        next.with_original_from(self)
    }

    pub fn inc_minor(&self) -> Version {
        let next = Version {
            minor: self.minor.wrapping_add(1),
            patch: 0,
            prerelease: String::new(),
            metadata: String::new(),
            ..self.clone()
        };
        next.with_original_from(self)
    }

    pub fn inc_major(&self) -> Version {
        let next = Version {
            major: self.major.wrapping_add(1),
            minor: 0,
            patch: 0,
            prerelease: String::new(),
            metadata: String::new(),
            ..self.clone()
        };
        next.with_original_from(self)
    }
}

/// Dot-separated identifiers compared pairwise; a missing identifier sorts first, numbers
/// numerically and below words, words by bytes.
pub(crate) fn compare_prerelease(left: &str, right: &str) -> Ordering {
    let left_parts: Vec<&str> = left.split('.').collect();
    let right_parts: Vec<&str> = right.split('.').collect();
    for index in 0..left_parts.len().max(right_parts.len()) {
        let a = left_parts.get(index).copied().unwrap_or("");
        let b = right_parts.get(index).copied().unwrap_or("");
        let order = compare_prerelease_part(a, b);
        if order != Ordering::Equal {
            return order;
        }
    }
    Ordering::Equal
}

fn compare_prerelease_part(a: &str, b: &str) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    if a.is_empty() {
        return Ordering::Less;
    }
    if b.is_empty() {
        return Ordering::Greater;
    }
    match (a.parse::<u64>(), b.parse::<u64>()) {
        (Err(_), Err(_)) => a.cmp(b),
        (Ok(_), Err(_)) => Ordering::Less,
        (Err(_), Ok(_)) => Ordering::Greater,
        (Ok(x), Ok(y)) => {
            if x > y {
                Ordering::Greater
            } else {
                Ordering::Less
            }
        }
    }
}

/// Go's `Version.String`: `MAJOR.MINOR.PATCH[-PRE][+META]`.
impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)?;
        if !self.prerelease.is_empty() {
            write!(f, "-{}", self.prerelease)?;
        }
        if !self.metadata.is_empty() {
            write!(f, "+{}", self.metadata)?;
        }
        Ok(())
    }
}

/// A version as templates see it: `semver` returns a pointer (`*semver.Version`, every method
/// callable), `IncPatch` and friends return a plain `semver.Version`, on which Go's templates
/// can only call the value-receiver methods.
#[derive(Debug, Clone)]
pub struct VersionObject {
    pub version: Version,
    pub is_pointer: bool,
}

const VALUE_METHODS: &[&str] = &[
    "String",
    "Major",
    "Minor",
    "Patch",
    "Prerelease",
    "Metadata",
    "IncPatch",
    "IncMinor",
    "IncMajor",
    "SetPrerelease",
    "SetMetadata",
    "MarshalJSON",
    "MarshalText",
    "Value",
];
const POINTER_METHODS: &[&str] = &[
    "Original",
    "LessThan",
    "LessThanEqual",
    "GreaterThan",
    "GreaterThanEqual",
    "Equal",
    "Compare",
];

impl VersionObject {
    fn value(version: Version, is_pointer: bool) -> Value {
        Value::Object(Arc::new(VersionObject {
            version,
            is_pointer,
        }))
    }

    fn version_argument<'a>(
        &self,
        name: &str,
        args: &'a [Value],
    ) -> Result<&'a Version, FuncError> {
        let wrong = || {
            let got = args
                .first()
                .map(Value::type_name)
                .unwrap_or_else(|| "nothing".into());
            FuncError::new(format!(
                "wrong type for value; expected *semver.Version; got {got} (calling {name})"
            ))
        };
        match args {
            [Value::Object(object)] => {
                let any: &dyn std::any::Any = object.as_ref();
                match any.downcast_ref::<VersionObject>() {
                    Some(other) if other.is_pointer => Ok(&other.version),
                    _ => Err(wrong()),
                }
            }
            _ => Err(wrong()),
        }
    }

    fn compare_method(&self, name: &str, args: &[Value]) -> Result<Value, FuncError> {
        let order = self.version.compare(self.version_argument(name, args)?);
        Ok(match name {
            "Compare" => Value::Int(match order {
                Ordering::Less => -1,
                Ordering::Equal => 0,
                Ordering::Greater => 1,
            }),
            "LessThan" => Value::Bool(order == Ordering::Less),
            "LessThanEqual" => Value::Bool(order != Ordering::Greater),
            "GreaterThan" => Value::Bool(order == Ordering::Greater),
            "GreaterThanEqual" => Value::Bool(order != Ordering::Less),
            _ => Value::Bool(order == Ordering::Equal),
        })
    }

    fn set_method(&self, name: &str, args: &[Value]) -> Result<Value, FuncError> {
        let text = string_arg(args, 0)?;
        let mut next = self.version.clone();
        if name == "SetPrerelease" {
            if !text.is_empty() {
                validate_prerelease(text).map_err(|e| FuncError::new(e.to_string()))?;
            }
            next.prerelease = text.to_string();
        } else {
            if !text.is_empty() {
                validate_metadata(text).map_err(|e| FuncError::new(e.to_string()))?;
            }
            next.metadata = text.to_string();
        }
        Ok(VersionObject::value(
            next.with_original_from(&self.version),
            false,
        ))
    }
}

impl Object for VersionObject {
    fn type_name(&self) -> String {
        if self.is_pointer {
            "*semver.Version"
        } else {
            "semver.Version"
        }
        .into()
    }

    fn kind_name(&self) -> &'static str {
        if self.is_pointer {
            "ptr"
        } else {
            "struct"
        }
    }

    fn field(&self, _name: &str) -> Option<Value> {
        None
    }

    fn has_method(&self, name: &str) -> bool {
        VALUE_METHODS.contains(&name) || (self.is_pointer && POINTER_METHODS.contains(&name))
    }

    fn call_method(&self, name: &str, args: &[Value]) -> Option<Result<Value, FuncError>> {
        if !self.has_method(name) {
            return None;
        }
        let version = &self.version;
        Some(match name {
            "String" | "MarshalText" | "Value" => Ok(Value::from(version.to_string())),
            "MarshalJSON" => Ok(Value::from(format!("\"{version}\""))),
            "Original" => Ok(Value::from(version.original.clone())),
            "Major" => Ok(Value::Int64(version.major as i64)),
            "Minor" => Ok(Value::Int64(version.minor as i64)),
            "Patch" => Ok(Value::Int64(version.patch as i64)),
            "Prerelease" => Ok(Value::from(version.prerelease.clone())),
            "Metadata" => Ok(Value::from(version.metadata.clone())),
            "IncPatch" => Ok(VersionObject::value(version.inc_patch(), false)),
            "IncMinor" => Ok(VersionObject::value(version.inc_minor(), false)),
            "IncMajor" => Ok(VersionObject::value(version.inc_major(), false)),
            "SetPrerelease" | "SetMetadata" => self.set_method(name, args),
            _ => self.compare_method(name, args),
        })
    }

    fn format_value(&self) -> String {
        self.version.to_string()
    }

    fn to_json_value(&self) -> Value {
        Value::from(self.version.to_string())
    }
}

fn semver_function(args: &[Value]) -> Result<Value, FuncError> {
    let version =
        Version::parse(string_arg(args, 0)?).map_err(|error| FuncError::new(error.to_string()))?;
    Ok(VersionObject::value(version, true))
}

/// `semverCompare CONSTRAINT VERSION`: the constraint is parsed first, so a bad constraint
/// wins over a bad version.
///
/// Charts call it with the same few pairs over and over (bitnami's helpers ask for the API
/// version of every object they print), so answers are remembered per pair: it is a pure
/// function of its two strings.
fn semver_compare(args: &[Value]) -> Result<Value, FuncError> {
    type Answers = HashMap<(String, String), Result<bool, String>>;
    static ANSWERS: OnceLock<Mutex<Answers>> = OnceLock::new();
    const REMEMBERED: usize = 256;
    let constraint = string_arg(args, 0)?;
    let version = string_arg(args, 1)?;
    let answers = ANSWERS.get_or_init(|| Mutex::new(HashMap::new()));
    let key = (constraint.to_string(), version.to_string());
    let known = answers.lock().ok().and_then(|map| map.get(&key).cloned());
    let answer = match known {
        Some(answer) => answer,
        None => {
            let answer = compare(constraint, version);
            if let Ok(mut map) = answers.lock() {
                if map.len() >= REMEMBERED {
                    map.clear();
                }
                map.insert(key, answer.clone());
            }
            answer
        }
    };
    answer.map(Value::Bool).map_err(FuncError::new)
}

/// The constraint is parsed first, so its error wins over the version's.
fn compare(constraint: &str, version: &str) -> Result<bool, String> {
    let constraints = Constraints::parse(constraint).map_err(|error| error.to_string())?;
    let version = Version::parse(version).map_err(|error| error.to_string())?;
    Ok(constraints.check(&version))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(text: &str) -> Arc<dyn Object> {
        match semver_function(&[Value::from(text)]).unwrap() {
            Value::Object(object) => object,
            other => panic!("{other:?}"),
        }
    }

    fn call(object: &Arc<dyn Object>, method: &str, args: &[Value]) -> Value {
        object.call_method(method, args).unwrap().unwrap()
    }

    #[test]
    fn parse_keeps_parts_and_original() {
        let version = object("1.2.3-beta.1+build.7");
        assert_eq!(call(&version, "Major", &[]), Value::Int64(1));
        assert_eq!(call(&version, "Prerelease", &[]), Value::from("beta.1"));
        assert_eq!(call(&version, "Metadata", &[]), Value::from("build.7"));
        assert_eq!(version.format_value(), "1.2.3-beta.1+build.7");
        assert_eq!(version.type_name(), "*semver.Version");
        let short = object("v2.0");
        assert_eq!(call(&short, "String", &[]), Value::from("2.0.0"));
        assert_eq!(call(&short, "Original", &[]), Value::from("v2.0"));
        assert_eq!(object("1").format_value(), "1.0.0");
        assert_eq!(object("01.2.3").format_value(), "1.2.3");
    }

    #[test]
    fn parse_errors_match_the_library() {
        let error = |text: &str| semver_function(&[Value::from(text)]).unwrap_err().0;
        assert_eq!(error("not-a-version"), "invalid semantic version");
        assert_eq!(error("1.2.3-01"), "version segment starts with 0");
        assert_eq!(error("1.2.3-a..b"), "invalid semantic version");
        assert_eq!(
            error("99999999999999999999"),
            "error parsing version segment: strconv.ParseUint: parsing \"99999999999999999999\": value out of range"
        );
        assert!(semver_function(&[Value::Int(1)]).is_err());
    }

    #[test]
    fn methods_compare_and_increment() {
        let older = Value::Object(object("1.2.3"));
        let newer = object("1.3.0");
        assert_eq!(
            call(&newer, "Compare", std::slice::from_ref(&older)),
            Value::Int(1)
        );
        assert_eq!(
            call(&newer, "GreaterThan", std::slice::from_ref(&older)),
            Value::Bool(true)
        );
        assert_eq!(call(&newer, "LessThan", &[older]), Value::Bool(false));
        let plain = object("1.0.0");
        assert_eq!(
            call(&plain, "Equal", &[Value::Object(object("1.0.0+x"))]),
            Value::Bool(true)
        );
        assert_eq!(
            object("1.0.0-alpha").call_method("LessThan", &[Value::Object(object("1.0.0"))]),
            Some(Ok(Value::Bool(true)))
        );
        let bumped = call(&object("1.2.3-pre"), "IncPatch", &[]);
        assert_eq!(crate::value::fmt::format_v(&bumped), "1.2.3");
        assert_eq!(bumped.type_name(), "semver.Version");
        assert_eq!(
            crate::value::fmt::format_v(&call(&object("v1.2.3"), "IncMinor", &[])),
            "1.3.0"
        );
        assert!(plain
            .call_method("Compare", &[Value::from("1.0.0")])
            .unwrap()
            .is_err());
        assert!(plain.call_method("Nope", &[]).is_none());
    }

    #[test]
    fn prerelease_ordering_follows_semver() {
        let order = |a: &str, b: &str| {
            Version::parse(a)
                .unwrap()
                .compare(&Version::parse(b).unwrap())
        };
        assert_eq!(order("1.2.3-beta.10", "1.2.3-beta.2"), Ordering::Greater);
        assert_eq!(order("1.2.3-alpha", "1.2.3-alpha.1"), Ordering::Less);
        assert_eq!(order("1.2.3-1", "1.2.3-a"), Ordering::Less);
        assert_eq!(order("1.2.3", "1.2.3-rc"), Ordering::Greater);
    }

    #[test]
    fn compare_function_reports_constraint_then_version_errors() {
        let compare = |c: &str, v: &str| semver_compare(&[Value::from(c), Value::from(v)]);
        assert_eq!(
            compare(">>1.0", "1.0.0").unwrap_err().0,
            "improper constraint: >>1.0"
        );
        assert_eq!(
            compare(">1.0", "latest").unwrap_err().0,
            "invalid semantic version"
        );
        assert_eq!(compare(">=1.2.3", "1.2.3"), Ok(Value::Bool(true)));
        assert!(semver_compare(&[Value::from(">1")]).is_err());
    }
}
