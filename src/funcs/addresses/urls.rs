//! Sprig's `urlParse` and `urlJoin`, built on a reimplementation of the parts of Go's
//! `net/url` they use: `url.Parse` (scheme, opaque data, authority, percent-decoding with
//! Go's error texts) and `URL.String` (re-escaping each component its own way).

use crate::funcs::convert::{any_arg, string_arg};
use crate::value::fmt::quote::quote as go_quote;
use crate::value::{FuncError, Function, GoType, Map, Signature, Value};

pub const FUNCTIONS: &[Function] = &[
    Function {
        name: "urlParse",
        signature: Signature {
            params: &[GoType::String],
            variadic: None,
        },
        call: url_parse,
    },
    Function {
        name: "urlJoin",
        signature: Signature {
            params: &[GoType::Map],
            variadic: None,
        },
        call: url_join,
    },
];

/// The pieces of a URL, as Go's `url.URL` holds them (decoded, except the query).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Url {
    pub scheme: String,
    pub opaque: String,
    pub user: Option<UserInfo>,
    pub host: String,
    pub path: String,
    pub omit_host: bool,
    pub force_query: bool,
    pub raw_query: String,
    pub fragment: String,
}

/// Go's `url.Userinfo`: a user name and an optional password.
#[derive(Debug, Clone, PartialEq)]
pub struct UserInfo {
    pub username: String,
    pub password: Option<String>,
}

impl UserInfo {
    /// Go's `Userinfo.String`: both parts escaped for the userinfo component.
    pub fn encoded(&self) -> String {
        let mut out = escape(&self.username, Component::UserPassword);
        if let Some(password) = &self.password {
            out.push(':');
            out.push_str(&escape(password, Component::UserPassword));
        }
        out
    }
}

/// Which part of a URL a string belongs to; each escapes a different character set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Component {
    Path,
    Host,
    Zone,
    UserPassword,
    Fragment,
}

fn url_parse(args: &[Value]) -> Result<Value, FuncError> {
    let raw = string_arg(args, 0)?;
    let url =
        parse(raw).map_err(|error| FuncError::new(format!("unable to parse url: {error}")))?;
    let hostname = url.hostname();
    let userinfo = url.user.as_ref().map(UserInfo::encoded).unwrap_or_default();
    let map = Map::new();
    map.insert("scheme", Value::from(url.scheme));
    map.insert("host", Value::from(url.host));
    map.insert("hostname", Value::from(hostname));
    map.insert("path", Value::from(url.path));
    map.insert("query", Value::from(url.raw_query));
    map.insert("opaque", Value::from(url.opaque));
    map.insert("fragment", Value::from(url.fragment));
    map.insert("userinfo", Value::from(userinfo));
    Ok(Value::Map(map))
}

/// Sprig's `dictGetOrEmpty`: a missing key is empty, a key of another type is an error.
fn dict_string(map: &Map, key: &str) -> Result<String, FuncError> {
    match map.get(key) {
        None => Ok(String::new()),
        Some(Value::String(text)) => Ok(text.to_string()),
        Some(Value::Nil) => Err(FuncError::new(
            "runtime error: invalid memory address or nil pointer dereference",
        )),
        Some(other) => Err(FuncError::new(format!(
            "unable to parse {key} key, must be of type string, but {} found",
            other.kind_name()
        ))),
    }
}

fn url_join(args: &[Value]) -> Result<Value, FuncError> {
    let map = match any_arg(args, 0)? {
        Value::Map(map) => map.clone(),
        Value::Nil => Map::new(),
        other => {
            return Err(crate::funcs::convert::wrong_type(
                "map[string]interface {}",
                other,
            ))
        }
    };
    let mut url = Url {
        scheme: dict_string(&map, "scheme")?,
        host: dict_string(&map, "host")?,
        path: dict_string(&map, "path")?,
        raw_query: dict_string(&map, "query")?,
        opaque: dict_string(&map, "opaque")?,
        fragment: dict_string(&map, "fragment")?,
        ..Url::default()
    };
    let userinfo = dict_string(&map, "userinfo")?;
    if !userinfo.is_empty() {
        let carrier = parse(&format!("proto://{userinfo}@host")).map_err(|error| {
            FuncError::new(format!("unable to parse userinfo in dict: {error}"))
        })?;
        url.user = carrier.user;
    }
    Ok(Value::from(url.to_string()))
}

/// A `url.Parse` failure, printed as Go's `*url.Error`: `parse "RAW": REASON`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("parse {}: {reason}", go_quote(raw))]
pub struct UrlError {
    pub raw: String,
    pub reason: String,
}

/// Go's `url.Parse`.
pub fn parse(raw: &str) -> Result<Url, UrlError> {
    let fail = |reason: String| UrlError {
        raw: raw.to_string(),
        reason,
    };
    let (without_fragment, fragment) = match raw.split_once('#') {
        Some((head, tail)) => (head, Some(tail)),
        None => (raw, None),
    };
    let mut url = parse_without_fragment(without_fragment).map_err(fail)?;
    if let Some(fragment) = fragment {
        url.fragment = unescape(fragment, Component::Fragment).map_err(fail)?;
    }
    Ok(url)
}

fn parse_without_fragment(raw: &str) -> Result<Url, String> {
    if raw.bytes().any(|b| b < b' ' || b == 0x7f) {
        return Err("net/url: invalid control character in URL".into());
    }
    let mut url = Url::default();
    if raw == "*" {
        url.path = "*".into();
        return Ok(url);
    }
    let (scheme, mut rest) = split_scheme(raw)?;
    url.scheme = scheme.to_ascii_lowercase();
    if rest.ends_with('?') && rest.matches('?').count() == 1 {
        url.force_query = true;
        rest = &rest[..rest.len() - 1];
    } else if let Some((head, query)) = rest.split_once('?') {
        url.raw_query = query.to_string();
        rest = head;
    }
    if !rest.starts_with('/') {
        if !url.scheme.is_empty() {
            url.opaque = rest.to_string();
            return Ok(url);
        }
        let first_segment = rest.split('/').next().unwrap_or("");
        if first_segment.contains(':') {
            return Err("first path segment in URL cannot contain colon".into());
        }
    }
    if (!url.scheme.is_empty() || !rest.starts_with("///")) && rest.starts_with("//") {
        let after_slashes = &rest[2..];
        let (authority, path) = match after_slashes.find('/') {
            Some(index) => after_slashes.split_at(index),
            None => (after_slashes, ""),
        };
        let (user, host) = parse_authority(authority)?;
        url.user = user;
        url.host = host;
        rest = path;
    } else if !url.scheme.is_empty() && rest.starts_with('/') {
        url.omit_host = true;
    }
    url.path = unescape(rest, Component::Path)?;
    Ok(url)
}

/// Go's `getScheme`: letters first, then letters, digits, `+`, `-`, `.` up to a colon.
fn split_scheme(raw: &str) -> Result<(&str, &str), String> {
    for (index, byte) in raw.bytes().enumerate() {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' => {}
            b'0'..=b'9' | b'+' | b'-' | b'.' if index > 0 => {}
            b':' if index == 0 => return Err("missing protocol scheme".into()),
            b':' => return Ok((&raw[..index], &raw[index + 1..])),
            _ => return Ok(("", raw)),
        }
    }
    Ok(("", raw))
}

fn parse_authority(authority: &str) -> Result<(Option<UserInfo>, String), String> {
    let at = authority.rfind('@');
    let host = parse_host(match at {
        Some(index) => &authority[index + 1..],
        None => authority,
    })?;
    let Some(index) = at else {
        return Ok((None, host));
    };
    let userinfo = &authority[..index];
    if !userinfo.bytes().all(is_userinfo_byte) {
        return Err("net/url: invalid userinfo".into());
    }
    let user = match userinfo.split_once(':') {
        None => UserInfo {
            username: unescape(userinfo, Component::UserPassword)?,
            password: None,
        },
        Some((name, password)) => UserInfo {
            username: unescape(name, Component::UserPassword)?,
            password: Some(unescape(password, Component::UserPassword)?),
        },
    };
    Ok((Some(user), host))
}

fn is_userinfo_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"-._:~!$&'()*+,;=%@".contains(&byte)
}

/// Go's `validOptionalPort`: empty, or a colon followed by digits.
fn is_optional_port(port: &str) -> bool {
    match port.strip_prefix(':') {
        None => port.is_empty(),
        Some(digits) => digits.bytes().all(|b| b.is_ascii_digit()),
    }
}

fn parse_host(host: &str) -> Result<String, String> {
    if host.starts_with('[') {
        let Some(close) = host.rfind(']') else {
            return Err("missing ']' in host".into());
        };
        let port = &host[close + 1..];
        if !is_optional_port(port) {
            return Err(format!("invalid port {} after host", go_quote(port)));
        }
        if let Some(zone) = host[..close].find("%25") {
            let mut out = unescape(&host[..zone], Component::Host)?;
            out.push_str(&unescape(&host[zone..close], Component::Zone)?);
            out.push_str(&unescape(&host[close..], Component::Host)?);
            return Ok(out);
        }
    } else if let Some(colon) = host.rfind(':') {
        let port = &host[colon..];
        if !is_optional_port(port) {
            return Err(format!("invalid port {} after host", go_quote(port)));
        }
    }
    unescape(host, Component::Host)
}

impl Url {
    /// Go's `URL.Hostname`: the host without a valid port and without IPv6 brackets.
    pub fn hostname(&self) -> String {
        let mut host = self.host.as_str();
        if let Some(colon) = host.rfind(':') {
            if is_optional_port(&host[colon..]) {
                host = &host[..colon];
            }
        }
        if host.len() >= 2 && host.starts_with('[') && host.ends_with(']') {
            host = &host[1..host.len() - 1];
        }
        host.to_string()
    }
}

/// Go's `URL.String`.
impl std::fmt::Display for Url {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut out = String::new();
        if !self.scheme.is_empty() {
            out.push_str(&self.scheme);
            out.push(':');
        }
        if !self.opaque.is_empty() {
            out.push_str(&self.opaque);
        } else {
            let has_authority = !self.host.is_empty() || self.user.is_some();
            let writes_authority = has_authority || (!self.scheme.is_empty() && !self.omit_host);
            if writes_authority {
                if has_authority || !self.path.is_empty() {
                    out.push_str("//");
                }
                if let Some(user) = &self.user {
                    out.push_str(&user.encoded());
                    out.push('@');
                }
                out.push_str(&escape(&self.host, Component::Host));
            }
            let path = if self.path == "*" {
                "*".to_string()
            } else {
                escape(&self.path, Component::Path)
            };
            if !path.is_empty() && !path.starts_with('/') && !self.host.is_empty() {
                out.push('/');
            }
            if out.is_empty() && path.split('/').next().unwrap_or("").contains(':') {
                out.push_str("./");
            }
            out.push_str(&path);
        }
        if self.force_query || !self.raw_query.is_empty() {
            out.push('?');
            out.push_str(&self.raw_query);
        }
        if !self.fragment.is_empty() {
            out.push('#');
            out.push_str(&escape(&self.fragment, Component::Fragment));
        }
        f.write_str(&out)
    }
}

/// Go's `shouldEscape` for the components Sprig's functions touch.
fn should_escape(byte: u8, component: Component) -> bool {
    if byte.is_ascii_alphanumeric() {
        return false;
    }
    if matches!(component, Component::Host | Component::Zone)
        && b"!$&'()*+,;=:[]<>\"".contains(&byte)
    {
        return false;
    }
    match byte {
        b'-' | b'_' | b'.' | b'~' => return false,
        b'$' | b'&' | b'+' | b',' | b'/' | b':' | b';' | b'=' | b'?' | b'@' => {
            return match component {
                Component::Path => byte == b'?',
                Component::UserPassword => matches!(byte, b'@' | b'/' | b'?' | b':'),
                Component::Fragment => false,
                Component::Host | Component::Zone => true,
            };
        }
        _ => {}
    }
    !(component == Component::Fragment && matches!(byte, b'!' | b'(' | b')' | b'*'))
}

fn escape(text: &str, component: Component) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if should_escape(byte, component) {
            out.push_str(&format!("%{byte:02X}"));
        } else {
            out.push(char::from(byte));
        }
    }
    out
}

fn hex_value(byte: u8) -> Option<u8> {
    char::from(byte).to_digit(16).map(|d| d as u8)
}

/// Go's `unescape`: `%XX` sequences decoded; a malformed escape is `invalid URL escape "%zz"`;
/// hosts refuse characters that would need escaping.
fn unescape(text: &str, component: Component) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        if byte == b'%' {
            let high = bytes.get(index + 1).copied().and_then(hex_value);
            let low = bytes.get(index + 2).copied().and_then(hex_value);
            let (Some(high), Some(low)) = (high, low) else {
                let end = (index + 3).min(bytes.len());
                let shown = String::from_utf8_lossy(&bytes[index..end]);
                return Err(format!("invalid URL escape {}", go_quote(&shown)));
            };
            let sequence = &text[index..index + 3];
            let value = (high << 4) | low;
            let refused = match component {
                Component::Host => high < 8 && sequence != "%25",
                Component::Zone => {
                    sequence != "%25" && value != b' ' && should_escape(value, Component::Host)
                }
                _ => false,
            };
            if refused {
                return Err(format!("invalid URL escape {}", go_quote(sequence)));
            }
            out.push(value);
            index += 3;
            continue;
        }
        if matches!(component, Component::Host | Component::Zone)
            && byte < 0x80
            && should_escape(byte, component)
        {
            let shown = char::from(byte).to_string();
            return Err(format!(
                "invalid character {} in host name",
                go_quote(&shown)
            ));
        }
        out.push(byte);
        index += 1;
    }
    Ok(crate::value::string::lossy_text(&out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(raw: &str) -> Vec<(String, String)> {
        let value = url_parse(&[Value::from(raw)]).unwrap();
        let map = value.as_map().unwrap().clone();
        map.entries()
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.as_str().unwrap_or_default().to_string()))
            .collect()
    }

    fn field(raw: &str, key: &str) -> String {
        parsed(raw)
            .into_iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
            .unwrap()
    }

    #[test]
    fn parse_splits_every_component() {
        let raw = "https://user:pw@host.example:8080/p/a th?q=1&r=a%20b#frag";
        assert_eq!(field(raw, "scheme"), "https");
        assert_eq!(field(raw, "host"), "host.example:8080");
        assert_eq!(field(raw, "hostname"), "host.example");
        assert_eq!(field(raw, "path"), "/p/a th");
        assert_eq!(field(raw, "query"), "q=1&r=a%20b");
        assert_eq!(field(raw, "fragment"), "frag");
        assert_eq!(field(raw, "userinfo"), "user:pw");
        assert_eq!(field("path/only?x", "path"), "path/only");
        assert_eq!(field("path/only?x", "query"), "x");
        assert_eq!(
            field("mailto:someone@example.com", "opaque"),
            "someone@example.com"
        );
        assert_eq!(field("http://[::1]:80/", "hostname"), "::1");
        assert_eq!(field("http://a/%41", "path"), "/A");
    }

    #[test]
    fn parse_errors_use_go_wording() {
        let error = url_parse(&[Value::from("http://[::1")]).unwrap_err();
        assert_eq!(
            error.0,
            "unable to parse url: parse \"http://[::1\": missing ']' in host"
        );
        assert_eq!(
            parse("http://a b/").unwrap_err().reason,
            "invalid character \" \" in host name"
        );
        assert_eq!(
            parse("/a%zz").unwrap_err().reason,
            "invalid URL escape \"%zz\""
        );
        assert_eq!(parse(":x").unwrap_err().reason, "missing protocol scheme");
        assert_eq!(parse("a:b/c:d").map(|u| u.opaque), Ok("b/c:d".to_string()));
        assert_eq!(
            parse("1a:b").unwrap_err().reason,
            "first path segment in URL cannot contain colon"
        );
        assert_eq!(
            parse("http://h:x/").unwrap_err().reason,
            "invalid port \":x\" after host"
        );
    }

    fn join(entries: &[(&str, Value)]) -> Result<Value, FuncError> {
        let map = Map::new();
        for (key, value) in entries {
            map.insert(*key, value.clone());
        }
        url_join(&[Value::Map(map)])
    }

    #[test]
    fn join_escapes_each_component() {
        let full = join(&[
            ("scheme", Value::from("https")),
            ("host", Value::from("h:1")),
            ("path", Value::from("/p q")),
            ("query", Value::from("a=1")),
            ("fragment", Value::from("f")),
            ("userinfo", Value::from("u:p")),
        ]);
        assert_eq!(full, Ok(Value::from("https://u:p@h:1/p%20q?a=1#f")));
        assert_eq!(
            join(&[("host", Value::from("h")), ("path", Value::from("x"))]),
            Ok(Value::from("//h/x"))
        );
        assert_eq!(
            join(&[("path", Value::from("a:b"))]),
            Ok(Value::from("./a:b"))
        );
        let round = parse("https://a.b/c?d=e#f").unwrap().to_string();
        assert_eq!(round, "https://a.b/c?d=e#f");
    }

    #[test]
    fn join_refuses_non_string_fields() {
        let error = join(&[("host", Value::Int(1))]).unwrap_err();
        assert_eq!(
            error.0,
            "unable to parse host key, must be of type string, but int found"
        );
        assert!(url_join(&[Value::from("x")]).is_err());
        assert!(url_parse(&[Value::Int(1)]).is_err());
    }
}
