//! Sprig's string functions.
//!
//! Go strings are byte strings: `trunc`, `substr`, `abbrev` and `wrap` count and cut bytes, so
//! cutting inside a multi-byte character leaves invalid UTF-8 (shown here as U+FFFD), and
//! `nospace` and `initials` read each byte as a Latin-1 rune, which re-encodes non-ASCII text
//! (`é` becomes `Ã©`). Out-of-range slicing panics in Go; Helm reports the panic text as the
//! function's error, and so do these functions. Case functions live in
//! [`super::text_case`].

use super::text_case;
use crate::funcs::convert::{int_arg, string_arg, string_bytes_arg, strval};
use crate::funcs::random::entropy;
use crate::funcs::{check_result_size, function};
use crate::value::fmt::quote::quote_bytes;
use crate::value::fmt::{format_v, quote};
use crate::value::string::lossy_text;
use crate::value::{FuncError, Function, GoType, Str as GoString, Value};

use GoType::{Any, Int, String as Str};

pub const FUNCTIONS: &[Function] = &[
    function("hello", &[], None, hello),
    function("trim", &[Str], None, trim),
    function("trimAll", &[Str, Str], None, trim_all),
    function("trimall", &[Str, Str], None, trim_all),
    function("trimPrefix", &[Str, Str], None, trim_prefix),
    function("trimSuffix", &[Str, Str], None, trim_suffix),
    function("upper", &[Str], None, upper),
    function("lower", &[Str], None, lower),
    function("title", &[Str], None, title),
    function("untitle", &[Str], None, untitle),
    function("swapcase", &[Str], None, swapcase),
    function("snakecase", &[Str], None, snakecase),
    function("kebabcase", &[Str], None, kebabcase),
    function("camelcase", &[Str], None, camelcase),
    function("shuffle", &[Str], None, shuffle),
    function("repeat", &[Int, Str], None, repeat),
    function("substr", &[Int, Int, Str], None, substr),
    function("nospace", &[Str], None, nospace),
    function("trunc", &[Int, Str], None, trunc),
    function("abbrev", &[Int, Str], None, abbrev),
    function("abbrevboth", &[Int, Int, Str], None, abbrevboth),
    function("initials", &[Str], None, initials),
    function("wrap", &[Int, Str], None, wrap),
    function("wrapWith", &[Int, Str, Str], None, wrap_with),
    function("contains", &[Str, Str], None, contains),
    function("hasPrefix", &[Str, Str], None, has_prefix),
    function("hasSuffix", &[Str, Str], None, has_suffix),
    function("quote", &[], Some(Any), quote),
    function("squote", &[], Some(Any), squote),
    function("cat", &[], Some(Any), cat),
    function("indent", &[Int, Str], None, indent),
    function("nindent", &[Int, Str], None, nindent),
    function("replace", &[Str, Str, Str], None, replace),
    function("plural", &[Str, Str, Int], None, plural),
];

fn text(s: impl Into<String>) -> Result<Value, FuncError> {
    Ok(Value::from(s.into()))
}

/// A Go string holding exactly `bytes` (a byte-wise slice may cut a character in half).
fn byte_text(bytes: &[u8]) -> Result<Value, FuncError> {
    Ok(Value::String(GoString::from_byte_slice(bytes)))
}

/// Sprig's greeting, kept in its function map.
fn hello(_args: &[Value]) -> Result<Value, FuncError> {
    text("Hello!")
}

fn trim(args: &[Value]) -> Result<Value, FuncError> {
    text(string_arg(args, 0)?.trim())
}

/// `trimAll cutset s`: `strings.Trim`, removing any of the cutset's runes from both ends.
fn trim_all(args: &[Value]) -> Result<Value, FuncError> {
    let cutset = string_arg(args, 0)?;
    text(string_arg(args, 1)?.trim_matches(|c| cutset.contains(c)))
}

fn trim_prefix(args: &[Value]) -> Result<Value, FuncError> {
    let prefix = string_arg(args, 0)?;
    let s = string_arg(args, 1)?;
    text(s.strip_prefix(prefix).unwrap_or(s))
}

fn trim_suffix(args: &[Value]) -> Result<Value, FuncError> {
    let suffix = string_arg(args, 0)?;
    let s = string_arg(args, 1)?;
    text(s.strip_suffix(suffix).unwrap_or(s))
}

fn upper(args: &[Value]) -> Result<Value, FuncError> {
    text(text_case::upper(string_arg(args, 0)?))
}

fn lower(args: &[Value]) -> Result<Value, FuncError> {
    text(text_case::lower(string_arg(args, 0)?))
}

fn title(args: &[Value]) -> Result<Value, FuncError> {
    text(text_case::title(string_arg(args, 0)?))
}

fn untitle(args: &[Value]) -> Result<Value, FuncError> {
    text(text_case::untitle(string_arg(args, 0)?))
}

fn swapcase(args: &[Value]) -> Result<Value, FuncError> {
    text(text_case::swapcase(string_arg(args, 0)?))
}

fn snakecase(args: &[Value]) -> Result<Value, FuncError> {
    text(text_case::delimited_lower_case(string_arg(args, 0)?, '_'))
}

fn kebabcase(args: &[Value]) -> Result<Value, FuncError> {
    text(text_case::delimited_lower_case(string_arg(args, 0)?, '-'))
}

fn camelcase(args: &[Value]) -> Result<Value, FuncError> {
    text(text_case::pascal_case(string_arg(args, 0)?))
}

/// xstrings `Shuffle`: the runes in random order (Fisher-Yates).
fn shuffle(args: &[Value]) -> Result<Value, FuncError> {
    let mut runes: Vec<char> = string_arg(args, 0)?.chars().collect();
    for index in (1..runes.len()).rev() {
        let other = entropy::below(index as u64 + 1) as usize;
        runes.swap(index, other);
    }
    text(runes.into_iter().collect::<String>())
}

/// `strings.Repeat`, which panics on a negative count.
pub fn go_repeat(s: &str, count: i64) -> Result<String, FuncError> {
    if count < 0 {
        return Err(FuncError::new("strings: negative Repeat count"));
    }
    let count = usize::try_from(count).unwrap_or(usize::MAX);
    // Go panics when the length overflows an int; a length that fits is held to the budget.
    let Some(total) = s
        .len()
        .checked_mul(count)
        .filter(|t| i64::try_from(*t).is_ok())
    else {
        return Err(FuncError::new("strings: Repeat output length overflow"));
    };
    check_result_size("repeat", total as u64)?;
    Ok(s.repeat(count))
}

fn repeat(args: &[Value]) -> Result<Value, FuncError> {
    let count = int_arg(args, 0)?;
    text(go_repeat(string_arg(args, 1)?, count)?)
}

/// `substr start end s` on bytes: a negative start means `s[:end]`; a negative or too large end
/// means `s[start:]`; Go's slice panics become errors.
fn substr(args: &[Value]) -> Result<Value, FuncError> {
    let start = int_arg(args, 0)?;
    let end = int_arg(args, 1)?;
    let bytes = string_bytes_arg(args, 2)?;
    let length = bytes.len() as i64;
    let out_of_range = |detail: String| {
        FuncError::new(format!("runtime error: slice bounds out of range {detail}"))
    };
    let (from, to) = if start < 0 {
        if end < 0 {
            return Err(out_of_range(format!("[:{end}]")));
        }
        if end > length {
            return Err(out_of_range(format!("[:{end}] with length {length}")));
        }
        (0, end)
    } else if end < 0 || end > length {
        if start > length {
            return Err(out_of_range(format!("[{start}:{length}]")));
        }
        (start, length)
    } else {
        if start > end {
            return Err(out_of_range(format!("[{start}:{end}]")));
        }
        (start, end)
    };
    byte_text(&bytes[from as usize..to as usize])
}

/// goutils `DeleteWhiteSpace`: drops every byte that is white space when read as a Latin-1
/// rune (including 0x85 and 0xA0, which breaks multi-byte characters).
fn nospace(args: &[Value]) -> Result<Value, FuncError> {
    let s = string_arg(args, 0)?;
    if !s.bytes().any(is_latin1_space) {
        return text(s);
    }
    text(
        s.bytes()
            .filter(|b| !is_latin1_space(*b))
            .map(char::from)
            .collect::<String>(),
    )
}

fn is_latin1_space(byte: u8) -> bool {
    matches!(
        byte,
        b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' | 0x85 | 0xA0
    )
}

/// `trunc n s`: the first `n` bytes, or with a negative `n` the last `-n` bytes.
fn trunc(args: &[Value]) -> Result<Value, FuncError> {
    let count = int_arg(args, 0)?;
    let bytes = string_bytes_arg(args, 1)?;
    let length = bytes.len() as i64;
    if count < 0 && length + count > 0 {
        return byte_text(&bytes[(length + count) as usize..]);
    }
    if count >= 0 && length > count {
        return byte_text(&bytes[..count as usize]);
    }
    byte_text(bytes)
}

/// goutils `AbbreviateFull` on bytes: `None` where goutils reports an illegal width.
fn abbreviate_full(s: &[u8], offset: i64, max_width: i64) -> Option<Vec<u8>> {
    if s.is_empty() {
        return Some(Vec::new());
    }
    if max_width < 4 {
        return None;
    }
    let length = s.len() as i64;
    if length <= max_width {
        return Some(s.to_vec());
    }
    let mut offset = offset.min(length);
    if length - offset < max_width - 3 {
        offset = length - (max_width - 3);
    }
    let marker = b"...";
    if offset <= 4 {
        return Some([&s[..(max_width - 3) as usize], marker].concat());
    }
    if max_width < 7 {
        return None;
    }
    if offset + max_width - 3 < length {
        let rest = abbreviate_full(&s[offset as usize..], 0, max_width - 3)?;
        return Some([&marker[..], &rest].concat());
    }
    Some([&marker[..], &s[(length - (max_width - 3)) as usize..]].concat())
}

fn abbrev(args: &[Value]) -> Result<Value, FuncError> {
    let width = int_arg(args, 0)?;
    let s = string_bytes_arg(args, 1)?;
    if width < 4 {
        return byte_text(s);
    }
    let abbreviated = abbreviate_full(s, 0, width).unwrap_or_default();
    Ok(Value::String(GoString::from_bytes(abbreviated)))
}

fn abbrevboth(args: &[Value]) -> Result<Value, FuncError> {
    let left = int_arg(args, 0)?;
    let right = int_arg(args, 1)?;
    let s = string_bytes_arg(args, 2)?;
    if right < 4 || (left > 0 && right < 7) {
        return byte_text(s);
    }
    let abbreviated = abbreviate_full(s, left, right).unwrap_or_default();
    Ok(Value::String(GoString::from_bytes(abbreviated)))
}

/// goutils `Initials`: the first byte of every white-space separated word, each byte read as a
/// Latin-1 rune.
fn initials(args: &[Value]) -> Result<Value, FuncError> {
    let mut out = String::new();
    let mut after_gap = true;
    for byte in string_arg(args, 0)?.bytes() {
        if is_latin1_space(byte) {
            after_gap = true;
        } else if after_gap {
            out.push(char::from(byte));
            after_gap = false;
        }
    }
    text(out)
}

/// goutils `WrapCustom` on bytes: breaks at the last space within `width`; words longer than the
/// width are cut when `wrap_long_words`, else kept whole up to the next space.
pub fn wrap_custom(
    s: &str,
    width: i64,
    newline: &str,
    wrap_long_words: bool,
) -> Result<String, FuncError> {
    if s.is_empty() {
        return Ok(String::new());
    }
    let limit = crate::limits::VALUE_SIZE.get_usize();
    let newline = if newline.is_empty() { "\n" } else { newline }.as_bytes();
    let width = usize::try_from(width.max(1)).unwrap_or(usize::MAX);
    let bytes = s.as_bytes();
    let length = bytes.len();
    let mut offset = 0;
    let mut out: Vec<u8> = Vec::with_capacity(length + 8);
    while length - offset > width {
        if out.len() > limit {
            check_result_size("wrap", out.len() as u64)?;
        }
        if bytes[offset] == b' ' {
            offset += 1;
            continue;
        }
        let end = width + offset + 1;
        if let Some(space) = bytes[offset..end].iter().rposition(|b| *b == b' ') {
            let space = space + offset;
            out.extend_from_slice(&bytes[offset..space]);
            out.extend_from_slice(newline);
            offset = space + 1;
        } else if wrap_long_words {
            out.extend_from_slice(&bytes[offset..offset + width]);
            out.extend_from_slice(newline);
            offset += width;
        } else {
            let end = width + offset;
            match bytes[end..].iter().position(|b| *b == b' ') {
                None => {
                    out.extend_from_slice(&bytes[offset..]);
                    offset = length;
                }
                Some(index) => {
                    let space = index + end;
                    out.extend_from_slice(&bytes[offset..space]);
                    out.extend_from_slice(newline);
                    offset = space + 1;
                }
            }
        }
    }
    out.extend_from_slice(&bytes[offset..]);
    Ok(lossy_text(&out))
}

fn wrap(args: &[Value]) -> Result<Value, FuncError> {
    let width = int_arg(args, 0)?;
    text(wrap_custom(string_arg(args, 1)?, width, "", false)?)
}

fn wrap_with(args: &[Value]) -> Result<Value, FuncError> {
    let width = int_arg(args, 0)?;
    let separator = string_arg(args, 1)?;
    text(wrap_custom(string_arg(args, 2)?, width, separator, true)?)
}

fn contains(args: &[Value]) -> Result<Value, FuncError> {
    let needle = string_arg(args, 0)?;
    Ok(Value::Bool(string_arg(args, 1)?.contains(needle)))
}

fn has_prefix(args: &[Value]) -> Result<Value, FuncError> {
    let prefix = string_arg(args, 0)?;
    Ok(Value::Bool(string_arg(args, 1)?.starts_with(prefix)))
}

fn has_suffix(args: &[Value]) -> Result<Value, FuncError> {
    let suffix = string_arg(args, 0)?;
    Ok(Value::Bool(string_arg(args, 1)?.ends_with(suffix)))
}

/// `quote a b ...`: each non-nil argument's `strval` as a Go string literal, space separated.
fn quote(args: &[Value]) -> Result<Value, FuncError> {
    let quoted: Vec<String> = args
        .iter()
        .filter(|v| !v.is_nil())
        .map(|v| match v {
            Value::String(s) if !s.is_valid_utf8() => quote_bytes(s.as_bytes(), false),
            Value::Bytes(bytes) => quote_bytes(bytes, false),
            other => quote::quote(&strval(other)),
        })
        .collect();
    text(quoted.join(" "))
}

/// `squote a b ...`: each non-nil argument's `%v` in single quotes, without escaping.
fn squote(args: &[Value]) -> Result<Value, FuncError> {
    let quoted: Vec<Vec<u8>> = args
        .iter()
        .filter(|v| !v.is_nil())
        .map(|v| [&b"'"[..], &printed_bytes(v), b"'"].concat())
        .collect();
    byte_text(&quoted.join(&b' '))
}

/// `cat a b ...`: the non-nil arguments' `%v`, space separated.
fn cat(args: &[Value]) -> Result<Value, FuncError> {
    let printed: Vec<Vec<u8>> = args
        .iter()
        .filter(|v| !v.is_nil())
        .map(printed_bytes)
        .collect();
    byte_text(&printed.join(&b' '))
}

/// The bytes `%v` writes for `value`: a string's own bytes (valid UTF-8 or not), otherwise
/// the printed text.
fn printed_bytes(value: &Value) -> Vec<u8> {
    match value {
        Value::String(s) => s.as_bytes().to_vec(),
        other => format_v(other).into_bytes(),
    }
}

/// `indent n s`: `n` spaces before the text and after every `\n`.
pub fn go_indent(spaces: i64, s: &str) -> Result<String, FuncError> {
    let pad = go_repeat(" ", spaces)?;
    let newlines = s.bytes().filter(|b| *b == b'\n').count() as u64;
    let total = (pad.len() as u64)
        .saturating_mul(newlines + 1)
        .saturating_add(s.len() as u64);
    check_result_size("indent", total)?;
    let mut out = pad.clone();
    out.push_str(&s.replace('\n', &format!("\n{pad}")));
    Ok(out)
}

fn indent(args: &[Value]) -> Result<Value, FuncError> {
    let spaces = int_arg(args, 0)?;
    text(go_indent(spaces, string_arg(args, 1)?)?)
}

fn nindent(args: &[Value]) -> Result<Value, FuncError> {
    let spaces = int_arg(args, 0)?;
    text(format!("\n{}", go_indent(spaces, string_arg(args, 1)?)?))
}

/// `replace old new s`: every occurrence; an empty `old` inserts `new` around every rune.
fn replace(args: &[Value]) -> Result<Value, FuncError> {
    let old = string_arg(args, 0)?;
    let new = string_arg(args, 1)?;
    let subject = string_arg(args, 2)?;
    if new.len() > old.len() {
        let places = if old.is_empty() {
            subject.chars().count() + 1
        } else {
            subject.matches(old).count()
        };
        let growth = (places as u64).saturating_mul((new.len() - old.len()) as u64);
        check_result_size("replace", growth.saturating_add(subject.len() as u64))?;
    }
    text(subject.replace(old, new))
}

fn plural(args: &[Value]) -> Result<Value, FuncError> {
    let one = string_arg(args, 0)?;
    let many = string_arg(args, 1)?;
    text(if int_arg(args, 2)? == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::funcs::test_support::{call_in, string_result};

    fn call(name: &str, args: &[Value]) -> Result<Value, FuncError> {
        call_in(FUNCTIONS, name, args)
    }

    fn s(v: &str) -> Value {
        Value::from(v)
    }

    fn ok_str(name: &str, args: &[Value]) -> String {
        string_result(FUNCTIONS, name, args)
    }

    #[test]
    fn hello_greets() {
        assert_eq!(ok_str("hello", &[]), "Hello!");
    }

    #[test]
    fn trimming() {
        assert_eq!(ok_str("trim", &[s("\t\n x \r\n")]), "x");
        assert_eq!(ok_str("trim", &[s("\u{3000}ideo\u{a0}")]), "ideo");
        assert_eq!(ok_str("trimAll", &[s("$"), s("$$5.00$")]), "5.00");
        assert_eq!(ok_str("trimAll", &[s("xy"), s("yxhixy")]), "hi");
        assert_eq!(ok_str("trimPrefix", &[s("-"), s("--a-")]), "-a-");
        assert_eq!(
            ok_str("trimSuffix", &[s(".yaml"), s("x.yaml.yaml")]),
            "x.yaml"
        );
    }

    #[test]
    fn nospace_and_initials_read_bytes_as_latin1() {
        assert_eq!(ok_str("nospace", &[s(" a b\tc\nd ")]), "abcd");
        assert_eq!(ok_str("nospace", &[s("\u{a0}x\u{a0}")]), "ÂxÂ");
        assert_eq!(ok_str("nospace", &[s("é")]), "é");
        assert_eq!(ok_str("initials", &[s("First Try")]), "FT");
        assert_eq!(ok_str("initials", &[s("élan vital")]), "Ãv");
    }

    #[test]
    fn quoting_and_joining_keep_invalid_bytes() {
        let cut = Value::String(GoString::from_byte_slice(b"h\xc3"));
        assert_eq!(ok_str("quote", std::slice::from_ref(&cut)), r#""h\xc3""#);
        let squoted = call("squote", std::slice::from_ref(&cut)).unwrap();
        assert_eq!(
            squoted,
            Value::String(GoString::from_byte_slice(b"'h\xc3'"))
        );
        let joined = call("cat", &[cut, Value::Int(1)]).unwrap();
        assert_eq!(joined, Value::String(GoString::from_byte_slice(b"h\xc3 1")));
    }

    #[test]
    fn substr_and_trunc_cut_bytes() {
        let sub = |a: i64, b: i64, t: &str| call("substr", &[Value::Int(a), Value::Int(b), s(t)]);
        assert_eq!(sub(0, 3, "hello"), Ok(s("hel")));
        assert_eq!(sub(1, 100, "hello"), Ok(s("ello")));
        assert_eq!(sub(-1, 2, "hello"), Ok(s("he")));
        assert_eq!(sub(2, -1, "hello"), Ok(s("llo")));
        assert_eq!(
            sub(0, 2, "héllo"),
            Ok(Value::String(GoString::from_byte_slice(b"h\xc3")))
        );
        assert_eq!(sub(0, 2, "héllo").unwrap().as_str(), Some("h\u{FFFD}"));
        assert_eq!(sub(5, 5, "hello"), Ok(s("")));
        assert_eq!(
            sub(3, 1, "hello").unwrap_err().0,
            "runtime error: slice bounds out of range [3:1]"
        );
        assert_eq!(
            sub(-1, 7, "hello").unwrap_err().0,
            "runtime error: slice bounds out of range [:7] with length 5"
        );
        assert_eq!(
            sub(6, -1, "hello").unwrap_err().0,
            "runtime error: slice bounds out of range [6:5]"
        );
        assert_eq!(
            sub(-1, -1, "hello").unwrap_err().0,
            "runtime error: slice bounds out of range [:-1]"
        );
        let tr = |n: i64, t: &str| ok_str("trunc", &[Value::Int(n), s(t)]);
        assert_eq!(tr(3, "hello"), "hel");
        assert_eq!(tr(-2, "hello"), "lo");
        assert_eq!(tr(-10, "hello"), "hello");
        assert_eq!(tr(0, "hello"), "");
        assert_eq!(tr(2, "héllo"), "h\u{FFFD}");
    }

    #[test]
    fn abbreviations() {
        let ab = |n: i64, t: &str| ok_str("abbrev", &[Value::Int(n), s(t)]);
        assert_eq!(ab(5, "hello world"), "he...");
        assert_eq!(ab(11, "hello world"), "hello world");
        assert_eq!(ab(3, "hello"), "hello");
        assert_eq!(ab(4, "hello"), "h...");
        let both =
            |l: i64, r: i64, t: &str| ok_str("abbrevboth", &[Value::Int(l), Value::Int(r), s(t)]);
        assert_eq!(both(5, 10, "1234 5678 9123"), "...5678...");
        assert_eq!(both(0, 7, "abcdefghij"), "abcd...");
        assert_eq!(both(2, 5, "abcdefghijk"), "abcdefghijk");
        assert_eq!(both(-3, 8, "abcdefghijklmnop"), "abcde...");
        assert_eq!(both(20, 9, "abcdefghijklmnop"), "...klmnop");
    }

    #[test]
    fn wrapping() {
        let w = |n: i64, t: &str| ok_str("wrap", &[Value::Int(n), s(t)]);
        assert_eq!(
            w(5, "The quick brown fox jumps"),
            "The\nquick\nbrown\nfox\njumps"
        );
        assert_eq!(w(3, "abcdefgh ij"), "abcdefgh\nij");
        assert_eq!(w(0, "a b c"), "a\nb\nc");
        assert_eq!(
            ok_str("wrapWith", &[Value::Int(5), s("<br>"), s("aaa bbb ccc")]),
            "aaa<br>bbb<br>ccc"
        );
        assert_eq!(
            ok_str("wrapWith", &[Value::Int(3), s("-"), s("abcdefg")]),
            "abc-def-g"
        );
    }

    #[test]
    fn quoting() {
        assert_eq!(ok_str("quote", &[s("a\"b")]), "\"a\\\"b\"");
        assert_eq!(
            ok_str("quote", &[s("x"), Value::Nil, s("y")]),
            "\"x\" \"y\""
        );
        assert_eq!(
            ok_str("quote", &[Value::Float(1234567.0)]),
            "\"1.234567e+06\""
        );
        assert_eq!(ok_str("quote", &[Value::Nil]), "");
        // strconv.Quote escapes what unicode.IsPrint rejects: spaces other than U+0020 and
        // format characters, including the rarer ones such as U+08E2.
        assert_eq!(
            ok_str("quote", &[s("a\u{a0}b\u{8e2}\u{7}")]),
            "\"a\\u00a0b\\u08e2\\a\""
        );
        assert_eq!(
            ok_str("quote", &[s("é\u{1}\t\u{a0}")]),
            "\"é\\x01\\t\\u00a0\""
        );
        assert_eq!(ok_str("squote", &[s("it's"), Value::Int(1)]), "'it's' '1'");
        assert_eq!(
            ok_str(
                "cat",
                &[s("a"), Value::Nil, Value::Float(2.5), Value::Bool(true)]
            ),
            "a 2.5 true"
        );
        assert_eq!(ok_str("cat", &[s(""), s("")]), " ");
    }

    #[test]
    fn indenting_and_repeating() {
        assert_eq!(
            ok_str("indent", &[Value::Int(2), s("x\n\ny\n")]),
            "  x\n  \n  y\n  "
        );
        assert_eq!(ok_str("nindent", &[Value::Int(4), s("")]), "\n    ");
        assert_eq!(
            call("indent", &[Value::Int(-2), s("x")]).unwrap_err().0,
            "strings: negative Repeat count"
        );
        assert_eq!(ok_str("repeat", &[Value::Int(3), s("ab")]), "ababab");
        assert!(call("repeat", &[Value::Int(-1), s("x")]).is_err());
        assert!(call("repeat", &[Value::Int(i64::MAX), s("xy")]).is_err());
    }

    #[test]
    fn predicates_and_replace() {
        assert_eq!(
            call("contains", &[s("cat"), s("catch")]),
            Ok(Value::Bool(true))
        );
        assert_eq!(call("contains", &[s("x"), s("")]), Ok(Value::Bool(false)));
        assert_eq!(call("hasPrefix", &[s(""), s("a")]), Ok(Value::Bool(true)));
        assert_eq!(
            call("hasSuffix", &[s(".yaml"), s("a.yml")]),
            Ok(Value::Bool(false))
        );
        assert_eq!(ok_str("replace", &[s(""), s("-"), s("abc")]), "-a-b-c-");
        assert_eq!(
            ok_str("plural", &[s("one"), s("many"), Value::Int(-1)]),
            "many"
        );
        assert_eq!(
            ok_str("plural", &[s("one"), s("many"), Value::Int(1)]),
            "one"
        );
    }

    #[test]
    fn shuffle_keeps_the_runes() {
        let shuffled = ok_str("shuffle", &[s("abcdefé")]);
        let mut runes: Vec<char> = shuffled.chars().collect();
        runes.sort();
        assert_eq!(runes, ['a', 'b', 'c', 'd', 'e', 'f', 'é']);
    }

    #[test]
    fn wrong_argument_types_are_errors() {
        assert!(call("upper", &[Value::Int(1)]).is_err());
        assert!(call("trunc", &[s("3"), s("x")]).is_err());
        assert!(call("contains", &[s("1")]).is_err());
    }
}
