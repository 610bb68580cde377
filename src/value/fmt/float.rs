//! Go's `strconv.FormatFloat` for float64: the text every float goes through, whether printed
//! by `fmt` (`%v`, `%e`, `%.2f`, `%x`), by `encoding/json` or by the YAML emitter.
//!
//! Decimal digits come from Rust's formatter, which, like Go's, yields the shortest digits
//! that round-trip when no precision is asked for and correctly rounded digits (ties to even
//! on the exact binary value) when one is; the layout around the digits (exponent with at
//! least two digits, `%g`'s switch between plain and exponent form, hexadecimal and binary
//! forms) is Go's.

/// `strconv.FormatFloat(f, fmt, prec, 64)`.
///
/// `fmt` is one of `'e' 'E' 'f' 'g' 'G' 'x' 'X' 'b'` ('F' is taken as 'f'; anything else
/// gives `%` followed by the character, as Go does). `prec` is the number of digits after the
/// point for 'e', 'f', 'x'; the number of significant digits for 'g'; `-1` asks for the
/// fewest digits that read back as the same float. Infinities are `+Inf`/`-Inf`, NaN is `NaN`.
pub fn format_float(f: f64, fmt: char, prec: i32) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    let negative = f.is_sign_negative();
    match fmt {
        'b' => format_binary(f),
        'x' | 'X' => format_hex(f, prec, fmt),
        'e' | 'E' => {
            let digits = if prec < 0 {
                shortest(f)
            } else {
                rounded_significant(f, prec as usize + 1)
            };
            let prec = if prec < 0 {
                digits.digits.len().saturating_sub(1)
            } else {
                prec as usize
            };
            layout_exponent(negative, &digits, prec, fmt)
        }
        'f' | 'F' => {
            if prec < 0 {
                let digits = shortest(f);
                let decimals = (digits.digits.len() as i64 - digits.point as i64).max(0) as usize;
                layout_fixed(negative, &digits, decimals)
            } else {
                // Rust's fixed formatting rounds the exact value half to even, like Go.
                let text = format!("{:.*}", prec as usize, f.abs());
                if negative {
                    format!("-{text}")
                } else {
                    text
                }
            }
        }
        'g' | 'G' => format_general(f, prec, fmt),
        other => format!("%{other}"),
    }
}

/// `strconv.FormatFloat(f, 'g', -1, 64)`, which is also `%v` of a float64: the shortest digits
/// that round-trip, in exponent form (`1e+06`, `1.5e-05`) when the decimal exponent is below -4
/// or at least 6 (Go decides with precision 6 when the precision is "shortest").
pub fn format_float_g(f: f64) -> String {
    format_float(f, 'g', -1)
}

/// Shortest round-trip decimal digits of `f` and its decimal exponent (position of the first
/// digit: 1234.5 is ("12345", 3)).
pub fn shortest_digits(f: f64) -> (bool, String, i32) {
    let digits = shortest(f);
    (f.is_sign_negative(), digits.digits, digits.point - 1)
}

/// Decimal digits without sign: the value is `0.DIGITS × 10^point`.
struct Digits {
    /// At least one digit; no trailing zeros except for the value zero ("0").
    digits: String,
    /// Where the decimal point goes, counted from the first digit (Go's `decimalSlice.dp`).
    point: i32,
}

/// Splits Rust's `{:e}` output (`d.ddde±x`) into digits and decimal point position.
fn parse_scientific(text: &str) -> Digits {
    let (mantissa, exponent) = text.split_once('e').unwrap_or((text, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let exponent: i32 = exponent.parse().unwrap_or(0);
    if digits.bytes().all(|b| b == b'0') {
        return Digits {
            digits: "0".into(),
            point: 1,
        };
    }
    Digits {
        digits,
        point: exponent + 1,
    }
}

fn shortest(f: f64) -> Digits {
    parse_scientific(&format!("{:e}", f.abs()))
}

/// `count` significant digits, correctly rounded, trailing zeros kept.
fn rounded_significant(f: f64, count: usize) -> Digits {
    let count = count.max(1);
    parse_scientific(&format!("{:.*e}", count - 1, f.abs()))
}

fn trim_trailing_zeros(digits: &mut Digits) {
    let kept = digits.digits.trim_end_matches('0').len().max(1);
    digits.digits.truncate(kept);
}

/// Go's `%e` layout: `d.ddd` with exactly `prec` digits after the point, then `e±dd`.
fn layout_exponent(negative: bool, digits: &Digits, prec: usize, fmt: char) -> String {
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    let bytes = digits.digits.as_bytes();
    out.push(bytes.first().copied().unwrap_or(b'0') as char);
    if prec > 0 {
        out.push('.');
        for index in 1..=prec {
            out.push(bytes.get(index).copied().unwrap_or(b'0') as char);
        }
    }
    let is_zero = digits.digits == "0";
    let exponent = if is_zero { 0 } else { digits.point - 1 };
    out.push(if fmt == 'E' || fmt == 'G' { 'E' } else { 'e' });
    out.push(if exponent < 0 { '-' } else { '+' });
    let magnitude = exponent.unsigned_abs();
    if magnitude < 10 {
        out.push('0');
    }
    out.push_str(&magnitude.to_string());
    out
}

/// Go's `%f` layout of already rounded digits with `decimals` digits after the point.
fn layout_fixed(negative: bool, digits: &Digits, decimals: usize) -> String {
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    let bytes = digits.digits.as_bytes();
    let digit_at = |index: i64| -> char {
        if index >= 0 {
            bytes.get(index as usize).copied().unwrap_or(b'0') as char
        } else {
            '0'
        }
    };
    if digits.point > 0 {
        for index in 0..digits.point as i64 {
            out.push(digit_at(index));
        }
    } else {
        out.push('0');
    }
    if decimals > 0 {
        out.push('.');
        for offset in 0..decimals as i64 {
            out.push(digit_at(digits.point as i64 + offset));
        }
    }
    out
}

/// Go's `%g`: exponent form when the exponent is below -4 or at least the precision (6 for
/// "shortest"), plain form otherwise; trailing zeros never printed.
fn format_general(f: f64, prec: i32, fmt: char) -> String {
    let negative = f.is_sign_negative();
    let shortest_requested = prec < 0;
    let mut digits = if shortest_requested {
        shortest(f)
    } else {
        rounded_significant(f, (prec as usize).max(1))
    };
    trim_trailing_zeros(&mut digits);
    let digit_count = digits.digits.len() as i64;
    let point = digits.point as i64;
    let mut precision = if shortest_requested {
        digit_count
    } else {
        (prec as i64).max(1)
    };
    let mut exponent_precision = precision;
    if exponent_precision > digit_count && digit_count >= point {
        exponent_precision = digit_count;
    }
    if shortest_requested {
        exponent_precision = 6;
    }
    let exponent = if digits.digits == "0" { 0 } else { point - 1 };
    if exponent < -4 || exponent >= exponent_precision {
        if precision > digit_count {
            precision = digit_count;
        }
        let letter = if fmt == 'G' { 'E' } else { 'e' };
        return layout_exponent(negative, &digits, (precision - 1).max(0) as usize, letter);
    }
    if precision > point {
        precision = digit_count;
    }
    layout_fixed(negative, &digits, (precision - point).max(0) as usize)
}

/// Go's `%b` of a float: decimal mantissa, `p`, binary exponent (`4503599627370496p-52`).
fn format_binary(f: f64) -> String {
    let (mantissa, exponent) = mantissa_exponent(f);
    let sign = if f.is_sign_negative() { "-" } else { "" };
    let exponent = exponent - 52;
    let exponent_sign = if exponent >= 0 { "+" } else { "" };
    format!("{sign}{mantissa}p{exponent_sign}{exponent}")
}

/// The 53-bit mantissa (with the implicit bit) and the unbiased exponent of the leading bit,
/// so that `f = mantissa × 2^(exponent − 52)`.
fn mantissa_exponent(f: f64) -> (u64, i32) {
    let bits = f.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let mut mantissa = bits & ((1u64 << 52) - 1);
    let exponent = if biased == 0 {
        1 - 1023
    } else {
        mantissa |= 1u64 << 52;
        biased - 1023
    };
    (mantissa, exponent)
}

/// Go's `%x` of a float: `0x1.8p+00`; `prec` hexadecimal digits after the point (rounded
/// half to even), or as many as needed when negative.
fn format_hex(f: f64, prec: i32, fmt: char) -> String {
    let (mut mantissa, mut exponent) = mantissa_exponent(f);
    if mantissa == 0 {
        exponent = 0;
    }
    // Put the leading one at bit 60.
    mantissa <<= 8;
    while mantissa != 0 && mantissa & (1u64 << 60) == 0 {
        mantissa <<= 1;
        exponent -= 1;
    }
    if (0..15).contains(&prec) {
        let shift = (prec * 4) as u32;
        let extra = (mantissa << shift) & ((1u64 << 60) - 1);
        mantissa >>= 60 - shift;
        if extra | (mantissa & 1) > 1u64 << 59 {
            mantissa += 1;
        }
        mantissa <<= 60 - shift;
        if mantissa & (1u64 << 61) != 0 {
            mantissa >>= 1;
            exponent += 1;
        }
    }
    let upper = fmt == 'X';
    let hex_digit = |value: u64| -> char {
        let c = std::char::from_digit((value & 15) as u32, 16).unwrap_or('0');
        if upper {
            c.to_ascii_uppercase()
        } else {
            c
        }
    };
    let mut out = String::new();
    if f.is_sign_negative() {
        out.push('-');
    }
    out.push('0');
    out.push(fmt);
    out.push(if (mantissa >> 60) & 1 == 1 { '1' } else { '0' });
    mantissa <<= 4;
    if prec < 0 && mantissa != 0 {
        out.push('.');
        while mantissa != 0 {
            out.push(hex_digit(mantissa >> 60));
            mantissa <<= 4;
        }
    } else if prec > 0 {
        out.push('.');
        for _ in 0..prec {
            out.push(hex_digit(mantissa >> 60));
            mantissa <<= 4;
        }
    }
    out.push(if upper { 'P' } else { 'p' });
    out.push(if exponent < 0 { '-' } else { '+' });
    let magnitude = exponent.unsigned_abs();
    if magnitude < 10 {
        out.push('0');
    }
    out.push_str(&magnitude.to_string());
    out
}

#[cfg(test)]
#[allow(clippy::approx_constant)] // probe values, not pi
mod tests {
    use super::*;

    #[test]
    fn shortest_general_switches_to_exponent_at_six_digits() {
        assert_eq!(format_float_g(1000000.0), "1e+06");
        assert_eq!(format_float_g(12345678.0), "1.2345678e+07");
        assert_eq!(format_float_g(123456.0), "123456");
        assert_eq!(format_float_g(1.5), "1.5");
        assert_eq!(format_float_g(0.0001), "0.0001");
        assert_eq!(format_float_g(0.00001), "1e-05");
        assert_eq!(format_float_g(12345678901234.0), "1.2345678901234e+13");
        assert_eq!(format_float_g(3.0), "3");
        assert_eq!(format_float_g(-0.0), "-0");
        assert_eq!(format_float_g(1e21), "1e+21");
        assert_eq!(format_float_g(1e-7), "1e-07");
    }

    #[test]
    fn general_with_precision_drops_trailing_zeros() {
        assert_eq!(format_float(100.0, 'g', 3), "100");
        assert_eq!(format_float(1.0, 'g', 3), "1");
        assert_eq!(format_float(3.14159, 'g', 3), "3.14");
        assert_eq!(format_float(1234.5678, 'g', 2), "1.2e+03");
        assert_eq!(format_float(1e-10, 'G', -1), "1E-10");
        assert_eq!(format_float(0.0, 'g', 0), "0");
    }

    #[test]
    fn exponent_form_pads_exponent_to_two_digits() {
        assert_eq!(format_float(123456.789, 'e', 6), "1.234568e+05");
        assert_eq!(format_float(0.000123, 'E', 6), "1.230000E-04");
        assert_eq!(format_float(1234.5, 'e', 2), "1.23e+03");
        assert_eq!(format_float(0.0, 'e', 6), "0.000000e+00");
        assert_eq!(format_float(1e300, 'e', -1), "1e+300");
        assert_eq!(format_float(12345.0, 'e', 0), "1e+04");
    }

    #[test]
    fn fixed_form_rounds_half_to_even_on_the_exact_value() {
        assert_eq!(format_float(2.25, 'f', 1), "2.2");
        assert_eq!(format_float(0.5, 'f', 0), "0");
        assert_eq!(format_float(1.5, 'f', 0), "2");
        assert_eq!(format_float(-1.25, 'f', 1), "-1.2");
        assert_eq!(format_float(1e21, 'f', -1), "1000000000000000000000");
        assert_eq!(format_float(1e-7, 'f', -1), "0.0000001");
        assert_eq!(
            format_float(12345678901234567890.0, 'f', -1),
            "12345678901234567000"
        );
    }

    #[test]
    fn binary_and_hex_forms() {
        assert_eq!(format_float(1.0, 'b', -1), "4503599627370496p-52");
        assert_eq!(format_float(0.0, 'b', -1), "0p-1074");
        assert_eq!(format_float(1.5, 'x', -1), "0x1.8p+00");
        assert_eq!(format_float(-2.75, 'X', -1), "-0X1.6P+01");
        assert_eq!(format_float(0.0, 'x', -1), "0x0p+00");
        assert_eq!(format_float(1.0, 'x', 2), "0x1.00p+00");
        assert_eq!(format_float(1.96875, 'x', 0), "0x1p+01");
    }

    #[test]
    fn special_values() {
        assert_eq!(format_float(f64::NAN, 'g', -1), "NaN");
        assert_eq!(format_float(f64::INFINITY, 'f', 2), "+Inf");
        assert_eq!(format_float(f64::NEG_INFINITY, 'e', -1), "-Inf");
    }
}
