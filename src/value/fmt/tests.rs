//! Expectations below were printed by Helm 4.1.4 (Go 1.25) from probe charts.
#![allow(clippy::approx_constant)] // 3.14159 is the probe value Helm was run with, not pi.

use super::*;
use crate::value::{Map, Value};
use std::sync::Arc;

fn int(i: i64) -> Value {
    Value::Int(i)
}

fn float(f: f64) -> Value {
    Value::Float(f)
}

fn s(text: &str) -> Value {
    Value::string(text)
}

fn map(entries: &[(&str, Value)]) -> Value {
    let m = Map::new();
    for (key, value) in entries {
        m.insert(*key, value.clone());
    }
    Value::Map(m)
}

fn bytes(data: &[u8]) -> Value {
    Value::Bytes(Arc::from(data))
}

#[test]
fn percent_v_of_basic_and_nested_values() {
    let args = [int(1), s("s"), float(1.5), Value::Bool(true), Value::Nil];
    assert_eq!(sprintf("%v|%v|%v|%v|%v", &args), "1|s|1.5|true|<nil>");
    let m = map(&[("k", s("v")), ("a", float(1.0))]);
    assert_eq!(
        sprintf("%v|%+v|%s", &[m.clone(), m.clone(), m]),
        "map[a:1 k:v]|map[a:1 k:v]|map[a:%!s(float64=1) k:v]"
    );
    let l = Value::list(vec![float(1.0), s("s"), Value::Nil]);
    assert_eq!(
        sprintf("%v|%d|%s", &[l.clone(), l.clone(), l]),
        "[1 s <nil>]|[%!d(float64=1) %!d(string=s) <nil>]|[%!s(float64=1) s <nil>]"
    );
    assert_eq!(
        format_v(&map(&[("b", Value::list(vec![s("x"), s("y")]))])),
        "map[b:[x y]]"
    );
}

#[test]
fn go_syntax_representation() {
    let m = map(&[("b", float(2.0)), ("a", s("x"))]);
    let l = Value::list(vec![float(1.0), s("s"), Value::Nil]);
    assert_eq!(
        sprintf("%#v|%#v|%#v|%#v|%#v|%#v", &[int(1), s("s"), float(1.0), m, l, Value::Nil]),
        "1|\"s\"|1|map[string]interface {}{\"a\":\"x\", \"b\":2}|[]interface {}{1, \"s\", interface {}(nil)}|<nil>"
    );
}

#[test]
fn go_syntax_names_typed_and_nil_slices() {
    use crate::value::{ElementType, List};
    let nil = Value::List(List::nil(ElementType::Any));
    let ints = Value::typed_list(ElementType::Int, vec![int(0), int(1)]);
    let strings = Value::string_list(["a", "b"]);
    let chunks = Value::typed_list(ElementType::AnyList, vec![Value::list(vec![int(1)])]);
    assert_eq!(
        sprintf("%#v|%#v|%#v|%#v", &[nil.clone(), ints, strings, chunks]),
        "[]interface {}(nil)|[]int{0, 1}|[]string{\"a\", \"b\"}|[][]interface {}{[]interface {}{1}}"
    );
    let m = map(&[("a", nil.clone()), ("b", Value::string_list(["x"]))]);
    assert_eq!(
        sprintf("%#v", &[m]),
        "map[string]interface {}{\"a\":[]interface {}(nil), \"b\":[]string{\"x\"}}"
    );
    assert_eq!(sprintf("%v|%T", &[nil.clone(), nil]), "[]|[]interface {}");
}

#[test]
fn bad_verbs_keep_width_and_flags() {
    assert_eq!(
        sprintf("%5d|%05d", &[s("x"), s("x")]),
        "%!d(string=    x)|%!d(string=0000x)"
    );
    assert_eq!(sprintf("%s|%s", &[s("str"), int(5)]), "str|%!s(int=5)");
    assert_eq!(
        sprintf("%t|%t", &[Value::Bool(true), s("x")]),
        "true|%!t(string=x)"
    );
    assert_eq!(
        sprintf("%s|%d|%v", &[Value::Nil, Value::Nil, Value::Nil]),
        "%!s(<nil>)|%!d(<nil>)|<nil>"
    );
    assert_eq!(sprintf("%d", &[float(1.5)]), "%!d(float64=1.5)");
    assert_eq!(sprintf("%z|%!", &[int(1)]), "%!z(int=1)|%!!(MISSING)");
    assert_eq!(
        sprintf("%!|%é|%-|%[2]", &[int(1), int(2)]),
        "%!!(int=1)|%!é(int=2)|%!|(MISSING)%!(NOVERB)"
    );
}

#[test]
fn missing_extra_and_noverb() {
    assert_eq!(sprintf("%d %d", &[int(1)]), "1 %!d(MISSING)");
    assert_eq!(sprintf("%d", &[int(1), int(2)]), "1%!(EXTRA int=2)");
    assert_eq!(
        sprintf("%d %d", &[int(1), int(2), int(3), Value::Nil, s("x")]),
        "1 2%!(EXTRA int=3, <nil>, string=x)"
    );
    assert_eq!(sprintf("%", &[int(1)]), "%!(NOVERB)%!(EXTRA int=1)");
    assert_eq!(sprintf("%5%|%-5d", &[int(1)]), "%|1    ");
}

#[test]
fn argument_indexes_and_star() {
    assert_eq!(sprintf("%[2]s-%[1]s", &[s("a"), s("b")]), "b-a");
    let args = [int(1), int(2), int(3)];
    assert_eq!(
        sprintf("%[3]d %d|%[5]d|%[0]d|%[x]d|%[1]*d|%.[2]d", &args),
        "3 %!d(MISSING)|%!d(BADINDEX)|%!d(BADINDEX)|%!d(BADINDEX)|2|2"
    );
    let star = [int(5), int(42), int(4), int(7), int(2), float(3.14159)];
    assert_eq!(sprintf("%*d|%-*d|%.*f", &star), "   42|7   |3.14");
    let bad = [
        float(1.5),
        int(3),
        int(-1),
        int(3),
        s("x"),
        int(3),
        int(-4),
        int(5),
    ];
    assert_eq!(
        sprintf("%*d|%.*d|%*d|%-*d", &bad),
        "%!(BADWIDTH)3|%!(BADPREC)3|%!(BADWIDTH)3|5   "
    );
}

#[test]
fn integer_verbs_and_flags() {
    let args = [
        int(255),
        int(255),
        s("hi"),
        int(5),
        int(8),
        int(255),
        int(8),
    ];
    assert_eq!(
        sprintf("%x|%X|%x|%08b|%o|%#x|%#o", &args),
        "ff|FF|6869|00000101|10|0xff|010"
    );
    assert_eq!(
        sprintf("%d|%d|%d", &[int(42), int(-7), s("x")]),
        "42|-7|%!d(string=x)"
    );
    assert_eq!(
        sprintf("%+d|% d|%x", &[int(5), int(5), int(-255)]),
        "+5| 5|-ff"
    );
    let args = [int(255), int(3), int(3), int(3), int(0), int(0)];
    assert_eq!(
        sprintf("%#08x|%+05d|% 05d|%.3d|%.0d|%5.0d|", &args),
        "0x000000ff|+0003| 0003|003||     |"
    );
    assert_eq!(
        sprintf(
            "%o|%O|%#o|%#b|%x",
            &[int(8), int(8), int(0), int(5), int(-1)]
        ),
        "10|0o10|0|0b101|-1"
    );
    assert_eq!(sprintf("%-5d|%-05d|", &[int(3), int(3)]), "3    |3    |");
    assert_eq!(
        sprintf("%d", &[Value::Int64(i64::MIN)]),
        "-9223372036854775808"
    );
}

#[test]
fn character_verbs() {
    assert_eq!(sprintf("%q", &[int(65)]), "'A'");
    let args = [int(233), int(10), int(233), int(0x1F600), int(-1), int(-1)];
    assert_eq!(
        sprintf("%c|%q|%U|%#U|%q|%c", &args),
        "é|'\\n'|U+00E9|U+1F600 '😀'|'\u{fffd}'|\u{fffd}"
    );
    assert_eq!(sprintf("%c|%U", &[int(65), int(0x1F600)]), "A|U+1F600");
}

#[test]
fn string_verbs() {
    assert_eq!(
        sprintf("%q|%q|%q", &[s("a\"b"), int(65), s("tab\there")]),
        "\"a\\\"b\"|'A'|\"tab\\there\""
    );
    let args = [s("é\u{1}\u{2028}"), s("é"), s("a`b"), s("ab")];
    assert_eq!(
        sprintf("%q|%+q|%#q|%#q", &args),
        "\"é\\x01\\u2028\"|\"\\u00e9\"|\"a`b\"|`ab`"
    );
    let args = [s("ab"), s("ab"), s("ab"), s("ab"), s("ab")];
    assert_eq!(
        sprintf("%05s|%-05s|%05q|%5x|%05x|", &args),
        "000ab|ab   |0\"ab\"| 6162|06162|"
    );
    let args = [
        s("hi"),
        s("hi"),
        s("hi"),
        s("hi"),
        Value::list(vec![s("ab"), s("c")]),
    ];
    assert_eq!(
        sprintf("%x|% x|%#x|% #x|%X", &args),
        "6869|68 69|0x6869|0x68 0x69|[6162 63]"
    );
    let args = [s("héllo"), s("x"), s("héllo"), s("hi")];
    assert_eq!(sprintf("%.2s|%.0s|%5.1q|%.1x", &args), "hé||  \"h\"|68");
    let args = [
        int(65),
        int(0x1F600),
        s("ab"),
        s("ab"),
        s("abcdef"),
        s("xyz"),
    ];
    assert_eq!(
        sprintf("%c|%U|%%|%5s|%-5s|%.2s|%5.1s|", &args),
        "A|U+1F600|%|   ab|ab   |ab|    x|"
    );
    assert_eq!(sprintf("%10.4v", &[s("abcdef")]), "      abcd");
}

#[test]
fn float_verbs() {
    let args = [
        float(3.14159),
        float(2.0),
        float(-1.25),
        float(1.25),
        int(1),
    ];
    assert_eq!(
        sprintf("%05.2f|%.3f|%8.1f|%-8.1f|%f", &args),
        "03.14|2.000|    -1.2|1.2     |%!f(int=1)"
    );
    let args = [
        float(123456.789),
        float(0.000123),
        float(1e21),
        float(1e-7),
        float(1234.5),
    ];
    assert_eq!(
        sprintf("%e|%E|%g|%G|%.2e", &args),
        "1.234568e+05|1.230000E-04|1e+21|1E-07|1.23e+03"
    );
    let args = [
        float(3.14159),
        float(1e21),
        float(1e-5),
        float(100.0),
        float(1.0),
        float(100000.0),
        float(1e-10),
    ];
    assert_eq!(
        sprintf("%6.2f|%e|%g|%.3g|%.3g|%g|%G", &args),
        "  3.14|1.000000e+21|1e-05|100|1|100000|1E-10"
    );
    let args = [float(1.0), float(2.0), float(2.0)];
    assert_eq!(sprintf("%#g|%#.3g|%#v", &args), "1.00000|2.00|2");
    let args = [
        float(1.5),
        float(-2.75),
        float(1.0),
        float(0.0),
        float(1.0),
        float(1.0),
        float(0.0),
    ];
    assert_eq!(
        sprintf("%x|%X|%b|%x|%.2x|%#x|%e", &args),
        "0x1.8p+00|-0X1.6P+01|4503599627370496p-52|0x0p+00|0x1.00p+00|0x1.0000p+00|0.000000e+00"
    );
    let args = [
        float(-3.14159),
        float(3.14159),
        float(3.14159),
        float(3.14159),
        float(12345.0),
        float(-1.5),
    ];
    assert_eq!(
        sprintf("%08.3f|%-8.3f|%+08.3f|% .3f|%+.0e|%08e", &args),
        "-003.142|3.142   |+003.142| 3.142|+1e+04|-1.500000e+00"
    );
    let args = [
        float(1e20),
        float(1e21),
        float(123456789.0),
        float(0.000012345),
        float(-0.0),
    ];
    assert_eq!(
        sprintf("%v %v %v %v %v", &args),
        "1e+20 1e+21 1.23456789e+08 1.2345e-05 -0"
    );
    let args = [
        float(1234.5678),
        float(0.5),
        float(1.5),
        float(2.5),
        float(0.25),
    ];
    assert_eq!(
        sprintf("%6.2v|%.0f|%.0f|%.0f|%.1f", &args),
        "1.2e+03|0|2|2|0.2"
    );
    assert_eq!(
        sprintf("%+.1f|%.3v", &[float(2.25), float(3.14159)]),
        "+2.2|3.14"
    );
    assert_eq!(
        sprintf("%f", &[float(1e21)]),
        "1000000000000000000000.000000"
    );
}

#[test]
fn special_floats_are_never_zero_padded() {
    assert_eq!(
        sprintf(
            "%05v|%+f|% v|%5v",
            &[
                float(f64::NAN),
                float(f64::NAN),
                float(f64::NAN),
                float(f64::INFINITY)
            ]
        ),
        "  NaN|+NaN| NaN| +Inf"
    );
}

#[test]
fn width_applies_to_each_element() {
    let l = Value::list(vec![float(1.0), s("s"), Value::Nil]);
    let pair = Value::list(vec![int(1), int(2)]);
    assert_eq!(
        sprintf("%5v|%-4v|%05v", &[l, pair.clone(), pair]),
        "[    1     s <nil>]|[1    2   ]|[00001 00002]"
    );
    let args = [map(&[("a", Value::Nil)]), map(&[("a", int(1))]), map(&[])];
    assert_eq!(
        sprintf("%d|%s|%v", &args),
        "map[%!d(string=a):<nil>]|map[a:%!s(int=1)]|map[]"
    );
}

#[test]
fn type_verb() {
    let m = map(&[]);
    let args = [
        int(1),
        float(1.5),
        s("s"),
        Value::Bool(true),
        Value::Nil,
        Value::Int64(3),
        m,
        Value::list(vec![]),
        bytes(b"ab"),
    ];
    assert_eq!(
        sprintf("%T|%T|%T|%T|%T|%T|%T|%T|%T", &args),
        "int|float64|string|bool|<nil>|int64|map[string]interface {}|[]interface {}|[]uint8"
    );
}

#[test]
fn byte_slices() {
    let b = bytes(b"ab");
    let args = [b.clone(), b.clone(), b.clone(), b.clone(), b.clone(), b];
    assert_eq!(
        sprintf("%v|%s|%x|%d|%#v|%q", &args),
        "[97 98]|ab|6162|[97 98]|[]byte{0x61, 0x62}|\"ab\""
    );
    assert_eq!(
        sprintf("%#v", &[Value::list(vec![bytes(b"a")])]),
        "[]interface {}{[]uint8{0x61}}"
    );
    assert_eq!(sprintf("%c", &[bytes(b"ab")]), "[a b]");
}

#[test]
fn sprint_spaces_only_between_non_strings() {
    assert_eq!(sprint(&[int(1), int(2)]), "1 2");
    assert_eq!(sprint(&[s("a"), s("b")]), "ab");
    assert_eq!(sprint(&[s("a"), int(1), s("b")]), "a1b");
    assert_eq!(
        sprint(&[int(1), float(2.5), Value::Bool(true), Value::Nil]),
        "1 2.5 true <nil>"
    );
    assert_eq!(sprint(&[]), "");
    assert_eq!(sprint(&[int(3), s(""), int(4)]), "34");
    let args = [
        float(1.0),
        float(0.5),
        float(1e6),
        float(1e21),
        float(1e-7),
        float(100000.0),
    ];
    assert_eq!(sprint(&args), "1 0.5 1e+06 1e+21 1e-07 100000");
    let args = [
        Value::list(vec![s("a"), s("b")]),
        Value::list(vec![]),
        map(&[]),
    ];
    assert_eq!(sprint(&args), "[a b] [] map[]");
}

#[test]
fn sprintln_always_separates() {
    assert_eq!(sprintln(&[s("x"), int(1)]), "x 1\n");
    assert_eq!(sprintln(&[]), "\n");
}

#[test]
fn cyclic_maps_do_not_overflow_the_stack() {
    let m = Map::new();
    m.insert("self", Value::Map(m.clone()));
    let text = format_v(&Value::Map(m.clone()));
    assert!(text.starts_with("map[self:map[self:"));
    assert!(text.contains("..."));
    m.remove("self");
}

#[test]
fn strings_with_invalid_bytes_quote_and_hex_by_bytes() {
    let cut = Value::String(crate::value::Str::from_byte_slice(b"h\xc3"));
    assert_eq!(
        sprintf("%q|%x|%X|%s", &[cut.clone(), cut.clone(), cut.clone(), cut]),
        "\"h\\xc3\"|68c3|68C3|h\u{FFFD}"
    );
    assert_eq!(sprintf("%q", &[bytes(b"\xff")]), "\"\\xff\"");
}
