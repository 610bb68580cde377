//! Go's `time.Duration` text forms: `time.ParseDuration` (`1h30m`, `-1.5s`, `300ms`) with its
//! error texts, and `Duration.String` (`1h1m1s`, `1.5s`, `300ms`, `0s`).

use super::layout::go_time_quote;

const NANOSECOND: u64 = 1;
const MICROSECOND: u64 = 1_000;
const MILLISECOND: u64 = 1_000_000;
const SECOND: u64 = 1_000_000_000;
const MINUTE: u64 = 60 * SECOND;
const HOUR: u64 = 60 * MINUTE;

fn unit_size(unit: &str) -> Option<u64> {
    Some(match unit {
        "ns" => NANOSECOND,
        "us" | "\u{b5}s" | "\u{3bc}s" => MICROSECOND,
        "ms" => MILLISECOND,
        "s" => SECOND,
        "m" => MINUTE,
        "h" => HOUR,
        _ => return None,
    })
}

/// Go's `time.ParseDuration`: a signed sequence of decimal numbers, each with a unit.
pub fn parse_duration(text: &str) -> Result<i64, String> {
    let invalid = || format!("time: invalid duration {}", go_time_quote(text));
    let mut rest = text;
    let negative = rest.starts_with('-');
    if let Some(stripped) = rest.strip_prefix('-').or_else(|| rest.strip_prefix('+')) {
        rest = stripped;
    }
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(invalid());
    }
    let mut total: u64 = 0;
    while !rest.is_empty() {
        let starts_number = rest.starts_with('.') || rest.starts_with(|c: char| c.is_ascii_digit());
        if !starts_number {
            return Err(invalid());
        }
        let integer_length = rest.bytes().take_while(u8::is_ascii_digit).count();
        let integer_text = &rest[..integer_length];
        let mut whole: u64 = 0;
        for digit in integer_text.bytes() {
            whole = whole
                .checked_mul(10)
                .and_then(|w| w.checked_add(u64::from(digit - b'0')))
                .filter(|&w| w <= 1 << 63)
                .ok_or_else(invalid)?;
        }
        rest = &rest[integer_length..];
        let mut fraction: u64 = 0;
        let mut scale: f64 = 1.0;
        let mut fraction_length = 0;
        if let Some(after_dot) = rest.strip_prefix('.') {
            rest = after_dot;
            fraction_length = rest.bytes().take_while(u8::is_ascii_digit).count();
            let mut overflowed = false;
            for digit in rest[..fraction_length].bytes() {
                if overflowed {
                    continue;
                }
                match fraction
                    .checked_mul(10)
                    .and_then(|f| f.checked_add(u64::from(digit - b'0')))
                {
                    Some(next) if next <= 1 << 63 => {
                        fraction = next;
                        scale *= 10.0;
                    }
                    _ => overflowed = true,
                }
            }
            rest = &rest[fraction_length..];
        }
        if integer_length == 0 && fraction_length == 0 {
            return Err(invalid());
        }
        let unit_length = rest
            .find(|c: char| c == '.' || c.is_ascii_digit())
            .unwrap_or(rest.len());
        if unit_length == 0 {
            return Err(format!(
                "time: missing unit in duration {}",
                go_time_quote(text)
            ));
        }
        let unit = &rest[..unit_length];
        let size = unit_size(unit).ok_or_else(|| {
            format!(
                "time: unknown unit {} in duration {}",
                go_time_quote(unit),
                go_time_quote(text)
            )
        })?;
        rest = &rest[unit_length..];
        let mut value = whole
            .checked_mul(size)
            .filter(|&v| v <= 1 << 63)
            .ok_or_else(invalid)?;
        if fraction > 0 {
            value = value
                .checked_add((fraction as f64 * (size as f64 / scale)) as u64)
                .filter(|&v| v <= 1 << 63)
                .ok_or_else(invalid)?;
        }
        total = total
            .checked_add(value)
            .filter(|&v| v <= 1 << 63)
            .ok_or_else(invalid)?;
    }
    if negative {
        return Ok((total as i128).wrapping_neg() as i64);
    }
    if total > i64::MAX as u64 {
        return Err(invalid());
    }
    Ok(total as i64)
}

/// Digits of `value / 10^precision` with the fraction trimmed of trailing zeros.
fn push_fraction(out: &mut String, value: u64, precision: u32) -> u64 {
    let divisor = 10u64.pow(precision);
    let fraction = value % divisor;
    if fraction != 0 {
        let digits = format!("{:0width$}", fraction, width = precision as usize);
        out.push('.');
        out.push_str(digits.trim_end_matches('0'));
    }
    value / divisor
}

/// Go's `Duration.String`.
pub fn format_duration(nanoseconds: i64) -> String {
    if nanoseconds == 0 {
        return "0s".into();
    }
    let negative = nanoseconds < 0;
    let magnitude = nanoseconds.unsigned_abs();
    let mut out = String::new();
    if magnitude < SECOND {
        let (whole, fraction_text, unit) = {
            let mut fraction = String::new();
            let (precision, unit) = if magnitude < MICROSECOND {
                (0, "ns")
            } else if magnitude < MILLISECOND {
                (3, "\u{b5}s")
            } else {
                (6, "ms")
            };
            let whole = push_fraction(&mut fraction, magnitude, precision);
            (whole, fraction, unit)
        };
        out.push_str(&whole.to_string());
        out.push_str(&fraction_text);
        out.push_str(unit);
    } else {
        let mut fraction = String::new();
        let seconds_total = push_fraction(&mut fraction, magnitude, 9);
        let seconds = seconds_total % 60;
        let minutes_total = seconds_total / 60;
        if minutes_total > 0 {
            let minutes = minutes_total % 60;
            let hours = minutes_total / 60;
            if hours > 0 {
                out.push_str(&format!("{hours}h"));
            }
            out.push_str(&format!("{minutes}m"));
        }
        out.push_str(&format!("{seconds}{fraction}s"));
    }
    if negative {
        out.insert(0, '-');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_go_duration_syntax() {
        assert_eq!(parse_duration("1h30m"), Ok(90 * 60 * 1_000_000_000));
        assert_eq!(parse_duration("-24h"), Ok(-24 * 3600 * 1_000_000_000));
        assert_eq!(parse_duration("1.5h"), Ok(5400 * 1_000_000_000));
        assert_eq!(parse_duration("300ms"), Ok(300_000_000));
        assert_eq!(parse_duration(".5s"), Ok(500_000_000));
        assert_eq!(parse_duration("2\u{b5}s"), Ok(2_000));
        assert_eq!(parse_duration("0"), Ok(0));
        assert_eq!(parse_duration("+5s"), Ok(5_000_000_000));
    }

    #[test]
    fn parse_errors_use_go_wording() {
        assert_eq!(
            parse_duration("soon"),
            Err("time: invalid duration \"soon\"".into())
        );
        assert_eq!(
            parse_duration("3600"),
            Err("time: missing unit in duration \"3600\"".into())
        );
        assert_eq!(
            parse_duration("1x"),
            Err("time: unknown unit \"x\" in duration \"1x\"".into())
        );
        assert_eq!(
            parse_duration(""),
            Err("time: invalid duration \"\"".into())
        );
        assert_eq!(
            parse_duration("."),
            Err("time: invalid duration \".\"".into())
        );
        assert_eq!(
            parse_duration("9999999999h"),
            Err("time: invalid duration \"9999999999h\"".into())
        );
    }

    #[test]
    fn formats_like_go() {
        assert_eq!(format_duration(0), "0s");
        assert_eq!(format_duration(95 * 1_000_000_000), "1m35s");
        assert_eq!(format_duration(3661 * 1_000_000_000), "1h1m1s");
        assert_eq!(format_duration(7200 * 1_000_000_000), "2h0m0s");
        assert_eq!(format_duration(1_500_000_000), "1.5s");
        assert_eq!(format_duration(-5_000_000_000), "-5s");
        assert_eq!(format_duration(1_500_000), "1.5ms");
        assert_eq!(format_duration(2_000), "2\u{b5}s");
        assert_eq!(format_duration(7), "7ns");
        assert_eq!(format_duration(i64::MIN), "-2562047h47m16.854775808s");
    }
}
