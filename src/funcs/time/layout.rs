//! Go's reference-time layouts (`2006-01-02T15:04:05Z07:00`, `Mon Jan _2`, `.000`, `MST`,
//! ...): splitting a layout into literal text and elements, and formatting a [`GoTime`] with
//! it. Parsing with a layout lives in [`super::parse`].

use super::gotime::{GoTime, DAY_NAMES, MONTH_NAMES};

pub const RFC3339_NANO: &str = "2006-01-02T15:04:05.999999999Z07:00";

/// One element of a layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Element {
    LongMonth,
    Month,
    NumMonth,
    ZeroMonth,
    LongWeekDay,
    WeekDay,
    Day,
    UnderDay,
    ZeroDay,
    UnderYearDay,
    ZeroYearDay,
    Hour,
    Hour12,
    ZeroHour12,
    Minute,
    ZeroMinute,
    Second,
    ZeroSecond,
    LongYear,
    Year,
    UpperPm,
    LowerPm,
    ZoneName,
    /// Numeric offset; `iso` prints `Z` for UTC and accepts it when parsing.
    Offset {
        iso: bool,
        style: OffsetStyle,
    },
    /// Fractional seconds: `.000` (fixed digits) or `.999` (trailing zeros dropped).
    Fraction {
        digits: usize,
        trim: bool,
        separator: u8,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum OffsetStyle {
    /// `-0700`
    HourMinute,
    /// `-07:00`
    ColonHourMinute,
    /// `-07`
    Hour,
    /// `-070000`
    HourMinuteSecond,
    /// `-07:00:00`
    ColonHourMinuteSecond,
}

fn starts_with_lower(text: &[u8]) -> bool {
    text.first().is_some_and(|c| c.is_ascii_lowercase())
}

/// Go's `nextStdChunk`: the literal prefix, the element, and the rest of the layout.
pub(super) fn next_chunk(layout: &str) -> (&str, Option<Element>, &str) {
    let bytes = layout.as_bytes();
    let at = |i: usize, text: &str| bytes.get(i..i + text.len()) == Some(text.as_bytes());
    for i in 0..bytes.len() {
        let found =
            |element: Element, length: usize| (&layout[..i], Some(element), &layout[i + length..]);
        match bytes[i] {
            b'J' if at(i, "Jan") => {
                if at(i, "January") {
                    return found(Element::LongMonth, 7);
                }
                if !starts_with_lower(&bytes[i + 3..]) {
                    return found(Element::Month, 3);
                }
            }
            b'M' => {
                if at(i, "Mon") {
                    if at(i, "Monday") {
                        return found(Element::LongWeekDay, 6);
                    }
                    if !starts_with_lower(&bytes[i + 3..]) {
                        return found(Element::WeekDay, 3);
                    }
                }
                if at(i, "MST") {
                    return found(Element::ZoneName, 3);
                }
            }
            b'0' => {
                if let Some(&next @ b'1'..=b'6') = bytes.get(i + 1) {
                    let element = [
                        Element::ZeroMonth,
                        Element::ZeroDay,
                        Element::ZeroHour12,
                        Element::ZeroMinute,
                        Element::ZeroSecond,
                        Element::Year,
                    ][usize::from(next - b'1')];
                    return found(element, 2);
                }
                if at(i, "002") {
                    return found(Element::ZeroYearDay, 3);
                }
            }
            b'1' => {
                if at(i, "15") {
                    return found(Element::Hour, 2);
                }
                return found(Element::NumMonth, 1);
            }
            b'2' => {
                if at(i, "2006") {
                    return found(Element::LongYear, 4);
                }
                return found(Element::Day, 1);
            }
            b'_' => {
                if at(i, "_2") {
                    if at(i, "_2006") {
                        return (&layout[..i + 1], Some(Element::LongYear), &layout[i + 5..]);
                    }
                    return found(Element::UnderDay, 2);
                }
                if at(i, "__2") {
                    return found(Element::UnderYearDay, 3);
                }
            }
            b'3' => return found(Element::Hour12, 1),
            b'4' => return found(Element::Minute, 1),
            b'5' => return found(Element::Second, 1),
            b'P' if at(i, "PM") => return found(Element::UpperPm, 2),
            b'p' if at(i, "pm") => return found(Element::LowerPm, 2),
            lead @ (b'-' | b'Z') => {
                let iso = lead == b'Z';
                let forms = [
                    ("070000", OffsetStyle::HourMinuteSecond),
                    ("07:00:00", OffsetStyle::ColonHourMinuteSecond),
                    ("0700", OffsetStyle::HourMinute),
                    ("07:00", OffsetStyle::ColonHourMinute),
                    ("07", OffsetStyle::Hour),
                ];
                for (form, style) in forms {
                    if at(i + 1, form) {
                        return found(Element::Offset { iso, style }, form.len() + 1);
                    }
                }
            }
            separator @ (b'.' | b',') => {
                if let Some(&digit @ (b'0' | b'9')) = bytes.get(i + 1) {
                    let mut end = i + 1;
                    while bytes.get(end) == Some(&digit) {
                        end += 1;
                    }
                    if !bytes.get(end).is_some_and(u8::is_ascii_digit) {
                        let element = Element::Fraction {
                            digits: end - i - 1,
                            trim: digit == b'9',
                            separator,
                        };
                        return (&layout[..i], Some(element), &layout[end..]);
                    }
                }
            }
            _ => {}
        }
    }
    (layout, None, "")
}

/// Appends `value` zero-padded to `width` digits (a minus sign in front when negative).
fn push_number(out: &mut String, value: i64, width: usize) {
    if value < 0 {
        out.push('-');
    }
    out.push_str(&format!("{:0width$}", value.unsigned_abs()));
}

fn push_offset(out: &mut String, offset: i32, iso: bool, style: OffsetStyle) {
    if offset == 0 && iso {
        out.push('Z');
        return;
    }
    let minutes = offset / 60;
    out.push(if minutes < 0 { '-' } else { '+' });
    let (minutes, absolute) = (minutes.abs(), offset.abs());
    push_number(out, i64::from(minutes / 60), 2);
    let colon = matches!(
        style,
        OffsetStyle::ColonHourMinute | OffsetStyle::ColonHourMinuteSecond
    );
    if colon {
        out.push(':');
    }
    if style != OffsetStyle::Hour {
        push_number(out, i64::from(minutes % 60), 2);
    }
    if matches!(
        style,
        OffsetStyle::HourMinuteSecond | OffsetStyle::ColonHourMinuteSecond
    ) {
        if colon {
            out.push(':');
        }
        push_number(out, i64::from(absolute % 60), 2);
    }
}

/// Go's `Time.Format`.
pub fn format_layout(time: &GoTime, layout: &str) -> String {
    let civil = time.civil();
    let mut out = String::with_capacity(layout.len() + 10);
    let mut rest = layout;
    loop {
        let (prefix, element, suffix) = next_chunk(rest);
        out.push_str(prefix);
        let Some(element) = element else {
            break;
        };
        rest = suffix;
        let month_name = MONTH_NAMES
            .get((civil.month - 1) as usize)
            .copied()
            .unwrap_or("");
        let day_name = DAY_NAMES.get(civil.weekday as usize).copied().unwrap_or("");
        match element {
            Element::Year => push_number(&mut out, civil.year.rem_euclid(100), 2),
            Element::LongYear => push_number(&mut out, civil.year, 4),
            Element::Month => out.push_str(&month_name[..3.min(month_name.len())]),
            Element::LongMonth => out.push_str(month_name),
            Element::NumMonth => push_number(&mut out, civil.month, 0),
            Element::ZeroMonth => push_number(&mut out, civil.month, 2),
            Element::WeekDay => out.push_str(&day_name[..3.min(day_name.len())]),
            Element::LongWeekDay => out.push_str(day_name),
            Element::Day => push_number(&mut out, civil.day, 0),
            Element::UnderDay => {
                if civil.day < 10 {
                    out.push(' ');
                }
                push_number(&mut out, civil.day, 0);
            }
            Element::ZeroDay => push_number(&mut out, civil.day, 2),
            Element::UnderYearDay => out.push_str(&format!("{:>3}", civil.year_day)),
            Element::ZeroYearDay => push_number(&mut out, civil.year_day, 3),
            Element::Hour => push_number(&mut out, civil.hour, 2),
            Element::Hour12 | Element::ZeroHour12 => {
                let hour = match civil.hour % 12 {
                    0 => 12,
                    other => other,
                };
                push_number(
                    &mut out,
                    hour,
                    if element == Element::ZeroHour12 { 2 } else { 0 },
                );
            }
            Element::Minute => push_number(&mut out, civil.minute, 0),
            Element::ZeroMinute => push_number(&mut out, civil.minute, 2),
            Element::Second => push_number(&mut out, civil.second, 0),
            Element::ZeroSecond => push_number(&mut out, civil.second, 2),
            Element::UpperPm => out.push_str(if civil.hour >= 12 { "PM" } else { "AM" }),
            Element::LowerPm => out.push_str(if civil.hour >= 12 { "pm" } else { "am" }),
            Element::Offset { iso, style } => push_offset(&mut out, civil.offset, iso, style),
            Element::ZoneName => {
                if civil.abbreviation.is_empty() {
                    let minutes = civil.offset / 60;
                    out.push(if minutes < 0 { '-' } else { '+' });
                    push_number(&mut out, i64::from(minutes.abs() / 60), 2);
                    push_number(&mut out, i64::from(minutes.abs() % 60), 2);
                } else {
                    out.push_str(&civil.abbreviation);
                }
            }
            Element::Fraction {
                digits,
                trim,
                separator,
            } => {
                let all = format!("{:09}", civil.nanosecond);
                let mut shown = &all[..digits.min(9)];
                if trim {
                    shown = shown.trim_end_matches('0');
                    if shown.is_empty() {
                        continue;
                    }
                }
                out.push(char::from(separator));
                out.push_str(shown);
            }
        }
    }
    out
}

/// Go's `time.quote`: double quotes, `\"` and `\\` escaped, bytes outside printable ASCII
/// written as `\xNN`.
pub fn go_time_quote(text: &str) -> String {
    let mut out = String::from("\"");
    for character in text.chars() {
        if (character as u32) < 0x20 || (character as u32) >= 0x80 {
            let mut buffer = [0u8; 4];
            for byte in character.encode_utf8(&mut buffer).bytes() {
                out.push_str(&format!("\\x{byte:02x}"));
            }
        } else {
            if character == '"' || character == '\\' {
                out.push('\\');
            }
            out.push(character);
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::funcs::time::gotime::Location;

    fn at(text: &str) -> GoTime {
        let time =
            super::super::parse::parse_in_location("2006-01-02 15:04:05", text, Location::utc());
        time.unwrap()
    }

    #[test]
    fn formats_reference_layouts() {
        let t = at("2024-02-29 13:45:09");
        assert_eq!(
            t.format("2006-01-02T15:04:05Z07:00"),
            "2024-02-29T13:45:09Z"
        );
        assert_eq!(
            t.format("Mon Jan _2 15:04:05 MST 2006"),
            "Thu Feb 29 13:45:09 UTC 2024"
        );
        assert_eq!(t.format("02/01/06 3PM .000"), "29/02/24 1PM .000");
        assert_eq!(t.format("January 2, 2006"), "February 29, 2024");
        assert_eq!(
            t.format("Monday 002 __2 pm -07 -07:00:00"),
            "Thursday 060  60 pm +00 +00:00:00"
        );
        assert_eq!(t.format(".999 ,000 _2006"), " ,000 _2024");
        let fraction = t.add_nanoseconds(120_000_000);
        assert_eq!(fraction.format("05.999999 05,000"), "09.12 09,120");
        assert_eq!(t.format("Janet Monte"), "Janet Monte");
    }
}
