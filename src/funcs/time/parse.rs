//! Go's `time.ParseInLocation`: reading a time with a reference-time layout, with Go's error
//! texts (`parsing time "2024-13-45": month out of range`, `... cannot parse "x" as "2006"`),
//! zone resolution (`Z`, numeric offsets, abbreviations known to the local zone or made into
//! fixed zones) and the day/month/year-day checks.

use super::gotime::{days_in_month, is_leap_year, GoTime, Location, DAY_NAMES, MONTH_NAMES};
use super::layout::{go_time_quote, next_chunk, Element, OffsetStyle};
use std::sync::Arc;

/// A failed `time.Parse`, printed as Go's `*time.ParseError`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", self.render())]
pub struct ParseError {
    pub layout: String,
    pub value: String,
    pub layout_element: String,
    pub value_element: String,
    /// Set for range and trailing-text failures, which print differently.
    pub message: String,
}

impl ParseError {
    fn render(&self) -> String {
        if self.message.is_empty() {
            format!(
                "parsing time {} as {}: cannot parse {} as {}",
                go_time_quote(&self.value),
                go_time_quote(&self.layout),
                go_time_quote(&self.value_element),
                go_time_quote(&self.layout_element)
            )
        } else {
            format!(
                "parsing time {}{}",
                go_time_quote(&self.value),
                self.message
            )
        }
    }
}

/// Go's `getnum`: one or two digits (exactly two when `fixed`).
fn take_number(value: &str, fixed: bool) -> Option<(i64, &str)> {
    let bytes = value.as_bytes();
    let first = *bytes.first().filter(|b| b.is_ascii_digit())?;
    match bytes.get(1).filter(|b| b.is_ascii_digit()) {
        Some(second) => Some((
            i64::from(first - b'0') * 10 + i64::from(second - b'0'),
            &value[2..],
        )),
        None if fixed => None,
        None => Some((i64::from(first - b'0'), &value[1..])),
    }
}

/// Go's `getnum3`: one to three digits (exactly three when `fixed`).
fn take_number3(value: &str, fixed: bool) -> Option<(i64, &str)> {
    let count = value.bytes().take(3).take_while(u8::is_ascii_digit).count();
    if count == 0 || (fixed && count != 3) {
        return None;
    }
    Some((value[..count].parse().ok()?, &value[count..]))
}

/// Go's `lookup`: a case-insensitive prefix match against names; returns the index.
fn take_name<'a>(names: &[&str], value: &'a str, short: bool) -> Option<(i64, &'a str)> {
    names.iter().enumerate().find_map(|(index, name)| {
        let name = if short { &name[..3] } else { name };
        let head = value.get(..name.len())?;
        head.eq_ignore_ascii_case(name)
            .then(|| (index as i64, &value[name.len()..]))
    })
}

/// Go's `skip`: literal layout text must match; a space matches any run of spaces.
fn skip_literal<'a>(value: &'a str, prefix: &str) -> Result<&'a str, ()> {
    let mut value = value;
    let mut prefix = prefix;
    while let Some(first) = prefix.chars().next() {
        if first == ' ' {
            if value.chars().next().is_some_and(|c| c != ' ') {
                return Err(());
            }
            prefix = prefix.trim_start_matches(' ');
            value = value.trim_start_matches(' ');
            continue;
        }
        if !value.starts_with(first) {
            return Err(());
        }
        prefix = &prefix[first.len_utf8()..];
        value = &value[first.len_utf8()..];
    }
    Ok(value)
}

/// Go's `parseNanoseconds`: `.ddd` (separator plus digits) as nanoseconds.
fn parse_fraction(value: &str, length: usize) -> Result<i64, ()> {
    let bytes = value.as_bytes();
    if !matches!(bytes.first(), Some(b'.' | b',')) {
        return Err(());
    }
    let length = length.min(10);
    let digits = value.get(1..length).ok_or(())?;
    let mut nanoseconds: i64 = digits.parse().map_err(|_| ())?;
    for _ in digits.len()..9 {
        nanoseconds *= 10;
    }
    Ok(nanoseconds)
}

/// Go's `parseTimeZone`: how many bytes of `value` look like a zone abbreviation.
fn zone_name_length(value: &str) -> Option<usize> {
    let bytes = value.as_bytes();
    if bytes.len() < 3 {
        return None;
    }
    if value.starts_with("ChST") || value.starts_with("MeST") {
        return Some(4);
    }
    if let Some(after) = value.strip_prefix("GMT") {
        return Some(3 + signed_offset_length(after));
    }
    if matches!(bytes[0], b'+' | b'-') {
        return Some(signed_offset_length(value)).filter(|&n| n > 0);
    }
    let upper = bytes
        .iter()
        .take(6)
        .take_while(|b| b.is_ascii_uppercase())
        .count();
    match upper {
        3 => Some(3),
        4 if bytes[3] == b'T' || value.starts_with("WITA") => Some(4),
        5 if bytes[4] == b'T' => Some(5),
        _ => None,
    }
}

/// Go's `parseSignedOffset`: `+H`/`-HH` up to 23, or 0.
fn signed_offset_length(value: &str) -> usize {
    let bytes = value.as_bytes();
    if !matches!(bytes.first(), Some(b'+' | b'-')) {
        return 0;
    }
    let digits = bytes[1..].iter().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 {
        return 0;
    }
    match value[1..1 + digits].parse::<u64>() {
        Ok(hours) if hours <= 23 => 1 + digits,
        _ => 0,
    }
}

/// Go's `time.ParseInLocation`.
pub fn parse_in_location(
    layout: &str,
    value: &str,
    local: Arc<Location>,
) -> Result<GoTime, ParseError> {
    let failure = |layout_element: &str, value_element: &str, message: String| ParseError {
        layout: layout.to_string(),
        value: value.to_string(),
        layout_element: layout_element.to_string(),
        value_element: value_element.to_string(),
        message,
    };
    let (mut year, mut month, mut day, mut year_day) = (0i64, -1i64, -1i64, -1i64);
    let (mut hour, mut minute, mut second, mut nanosecond) = (0i64, 0i64, 0i64, 0i64);
    let (mut pm_set, mut am_set) = (false, false);
    let mut utc_zone = false;
    let mut zone_offset: Option<i64> = None;
    let mut zone_name = String::new();
    let mut rest_layout = layout;
    let mut rest = value;
    loop {
        let (prefix, element, suffix) = next_chunk(rest_layout);
        let element_text = &rest_layout[prefix.len()..rest_layout.len() - suffix.len()];
        rest = skip_literal(rest, prefix).map_err(|_| failure(prefix, rest, String::new()))?;
        let Some(element) = element else {
            if !rest.is_empty() {
                return Err(failure(
                    "",
                    rest,
                    format!(": extra text: {}", go_time_quote(rest)),
                ));
            }
            break;
        };
        rest_layout = suffix;
        let hold = rest;
        let mut range_error: Option<&str> = None;
        let parsed: Option<&str> = match element {
            Element::Year => rest.get(..2).and_then(|digits| {
                let number: i64 = digits
                    .parse()
                    .ok()
                    .filter(|_| digits.bytes().all(|b| b.is_ascii_digit()))?;
                year = if number >= 69 {
                    number + 1900
                } else {
                    number + 2000
                };
                Some(&rest[2..])
            }),
            Element::LongYear => rest.get(..4).and_then(|digits| {
                if !digits.as_bytes()[0].is_ascii_digit() {
                    return None;
                }
                year = digits.parse().ok()?;
                Some(&rest[4..])
            }),
            Element::Month | Element::LongMonth => {
                take_name(&MONTH_NAMES, rest, element == Element::Month).map(|(index, tail)| {
                    month = index + 1;
                    tail
                })
            }
            Element::NumMonth | Element::ZeroMonth => {
                take_number(rest, element == Element::ZeroMonth).map(|(number, tail)| {
                    month = number;
                    if !(1..=12).contains(&number) {
                        range_error = Some("month");
                    }
                    tail
                })
            }
            Element::WeekDay | Element::LongWeekDay => {
                take_name(&DAY_NAMES, rest, element == Element::WeekDay).map(|(_, tail)| tail)
            }
            Element::Day | Element::UnderDay | Element::ZeroDay => {
                let input = if element == Element::UnderDay {
                    rest.strip_prefix(' ').unwrap_or(rest)
                } else {
                    rest
                };
                take_number(input, element == Element::ZeroDay).map(|(number, tail)| {
                    day = number;
                    tail
                })
            }
            Element::UnderYearDay | Element::ZeroYearDay => {
                let mut input = rest;
                if element == Element::UnderYearDay {
                    for _ in 0..2 {
                        input = input.strip_prefix(' ').unwrap_or(input);
                    }
                }
                take_number3(input, element == Element::ZeroYearDay).map(|(number, tail)| {
                    year_day = number;
                    tail
                })
            }
            Element::Hour => take_number(rest, false).map(|(number, tail)| {
                hour = number;
                if number >= 24 {
                    range_error = Some("hour");
                }
                tail
            }),
            Element::Hour12 | Element::ZeroHour12 => {
                take_number(rest, element == Element::ZeroHour12).map(|(number, tail)| {
                    hour = number;
                    if number > 12 {
                        range_error = Some("hour");
                    }
                    tail
                })
            }
            Element::Minute | Element::ZeroMinute => {
                take_number(rest, element == Element::ZeroMinute).map(|(number, tail)| {
                    minute = number;
                    if number >= 60 {
                        range_error = Some("minute");
                    }
                    tail
                })
            }
            Element::Second | Element::ZeroSecond => {
                match take_number(rest, element == Element::ZeroSecond) {
                    None => None,
                    Some((number, _)) if number >= 60 => {
                        second = number;
                        range_error = Some("second");
                        Some(&rest[2.min(rest.len())..])
                    }
                    Some((number, mut tail)) => {
                        second = number;
                        let bytes = tail.as_bytes();
                        let layout_has_fraction =
                            matches!(next_chunk(rest_layout).1, Some(Element::Fraction { .. }));
                        if bytes.len() >= 2
                            && matches!(bytes[0], b'.' | b',')
                            && bytes[1].is_ascii_digit()
                            && !layout_has_fraction
                        {
                            let length =
                                1 + bytes[1..].iter().take_while(|b| b.is_ascii_digit()).count();
                            match parse_fraction(tail, length) {
                                Ok(value) => nanosecond = value,
                                Err(()) => return Err(failure(element_text, hold, String::new())),
                            }
                            tail = &tail[length..];
                        }
                        Some(tail)
                    }
                }
            }
            Element::UpperPm | Element::LowerPm => rest.get(..2).and_then(|text| {
                let (pm, am) = if element == Element::UpperPm {
                    ("PM", "AM")
                } else {
                    ("pm", "am")
                };
                if text == pm {
                    pm_set = true;
                } else if text == am {
                    am_set = true;
                } else {
                    return None;
                }
                Some(&rest[2..])
            }),
            Element::Offset { iso: true, .. } if rest.starts_with('Z') => {
                utc_zone = true;
                Some(&rest[1..])
            }
            Element::Offset { style, .. } => {
                parse_offset(rest, style).map(|(offset, tail, error)| {
                    zone_offset = Some(offset);
                    range_error = error;
                    tail
                })
            }
            Element::ZoneName => {
                if let Some(tail) = rest.strip_prefix("UTC") {
                    utc_zone = true;
                    Some(tail)
                } else {
                    zone_name_length(rest).map(|length| {
                        zone_name = rest[..length].to_string();
                        &rest[length..]
                    })
                }
            }
            Element::Fraction {
                digits,
                trim: false,
                ..
            } => {
                let length = 1 + digits;
                if rest.len() < length {
                    None
                } else {
                    match parse_fraction(rest, length) {
                        Ok(value) => {
                            nanosecond = value;
                            rest.get(length..)
                        }
                        Err(()) => None,
                    }
                }
            }
            Element::Fraction { trim: true, .. } => {
                let bytes = rest.as_bytes();
                if bytes.len() < 2 || !matches!(bytes[0], b'.' | b',') || !bytes[1].is_ascii_digit()
                {
                    Some(rest)
                } else {
                    let length = 1 + bytes[1..].iter().take_while(|b| b.is_ascii_digit()).count();
                    match parse_fraction(rest, length) {
                        Ok(value) => {
                            nanosecond = value;
                            rest.get(length..)
                        }
                        Err(()) => None,
                    }
                }
            }
        };
        if let Some(what) = range_error {
            let tail = parsed.unwrap_or(rest);
            return Err(failure(
                element_text,
                tail,
                format!(": {what} out of range"),
            ));
        }
        match parsed {
            Some(tail) => rest = tail,
            None => return Err(failure(element_text, hold, String::new())),
        }
    }
    if pm_set && hour < 12 {
        hour += 12;
    } else if am_set && hour == 12 {
        hour = 0;
    }
    if year_day >= 0 {
        let (found_month, found_day) = month_day_of_year(year, year_day)
            .ok_or_else(|| failure("", rest, ": day-of-year out of range".into()))?;
        if month >= 0 && month != found_month {
            return Err(failure(
                "",
                rest,
                ": day-of-year does not match month".into(),
            ));
        }
        if day >= 0 && day != found_day {
            return Err(failure("", rest, ": day-of-year does not match day".into()));
        }
        month = found_month;
        day = found_day;
    } else {
        if month < 0 {
            month = 1;
        }
        if day < 0 {
            day = 1;
        }
    }
    if day < 1 || day > days_in_month(month, year) {
        return Err(failure("", rest, ": day out of range".into()));
    }
    let build = |location: Arc<Location>| {
        GoTime::from_fields(year, month, day, hour, minute, second, nanosecond, location)
    };
    if utc_zone {
        return Ok(build(Location::utc()));
    }
    if let Some(offset) = zone_offset {
        let mut time = build(Location::utc());
        time.unix_seconds -= offset;
        let (name, local_offset) = local.lookup(time.unix_seconds);
        if i64::from(local_offset) == offset && (zone_name.is_empty() || name == zone_name) {
            return Ok(time.in_location(local));
        }
        return Ok(time.in_location(Location::fixed(&zone_name, offset as i32)));
    }
    if !zone_name.is_empty() {
        let mut time = build(Location::utc());
        if let Some(offset) = local.offset_of_abbreviation(&zone_name, time.unix_seconds) {
            time.unix_seconds -= i64::from(offset);
            return Ok(time.in_location(local));
        }
        let mut offset = 0i64;
        if zone_name.len() > 3 && zone_name.starts_with("GMT") {
            offset = zone_name[3..].parse::<i64>().unwrap_or(0) * 3600;
        }
        time.unix_seconds -= offset;
        return Ok(time.in_location(Location::fixed(&zone_name, offset as i32)));
    }
    Ok(build(local))
}

/// Month and day of a 1-based day of the year, or `None` when out of range.
fn month_day_of_year(year: i64, year_day: i64) -> Option<(i64, i64)> {
    let mut remaining = year_day;
    if remaining < 1 || remaining > if is_leap_year(year) { 366 } else { 365 } {
        return None;
    }
    for month in 1..=12 {
        let length = days_in_month(month, year);
        if remaining <= length {
            return Some((month, remaining));
        }
        remaining -= length;
    }
    None
}

/// A numeric zone offset in seconds east of UTC, the rest, and a range complaint if any.
fn parse_offset(value: &str, style: OffsetStyle) -> Option<(i64, &str, Option<&'static str>)> {
    let bytes = value.as_bytes();
    let (sign, hours, minutes, seconds, length) = match style {
        OffsetStyle::ColonHourMinute => {
            if bytes.len() < 6 || bytes[3] != b':' {
                return None;
            }
            (bytes[0], &value[1..3], &value[4..6], "00", 6)
        }
        OffsetStyle::Hour => {
            if bytes.len() < 3 {
                return None;
            }
            (bytes[0], &value[1..3], "00", "00", 3)
        }
        OffsetStyle::ColonHourMinuteSecond => {
            if bytes.len() < 9 || bytes[3] != b':' || bytes[6] != b':' {
                return None;
            }
            (bytes[0], &value[1..3], &value[4..6], &value[7..9], 9)
        }
        OffsetStyle::HourMinuteSecond => {
            if bytes.len() < 7 {
                return None;
            }
            (bytes[0], &value[1..3], &value[3..5], &value[5..7], 7)
        }
        OffsetStyle::HourMinute => {
            if bytes.len() < 5 {
                return None;
            }
            (bytes[0], &value[1..3], &value[3..5], "00", 5)
        }
    };
    let hours = take_number(hours, true)?.0;
    let minutes = take_number(minutes, true)?.0;
    let seconds = take_number(seconds, true)?.0;
    let mut range_error = None;
    if hours > 24 {
        range_error = Some("time zone offset hour");
    }
    if minutes > 60 {
        range_error = Some("time zone offset minute");
    }
    if seconds > 60 {
        range_error = Some("time zone offset second");
    }
    let magnitude = (hours * 60 + minutes) * 60 + seconds;
    let offset = match sign {
        b'+' => magnitude,
        b'-' => -magnitude,
        _ => return None,
    };
    Some((offset, value.get(length..)?, range_error))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_with_offsets_and_zones() {
        let t = parse_in_location(
            "2006-01-02T15:04:05Z07:00",
            "2024-05-06T07:08:09+02:00",
            Location::utc(),
        )
        .unwrap();
        assert_eq!(t.format("2006-01-02 15:04 -0700"), "2024-05-06 07:08 +0200");
        assert_eq!(t.in_location(Location::utc()).format("15:04"), "05:08");
        let named = parse_in_location("15:04 MST", "10:00 PST", Location::utc()).unwrap();
        assert_eq!(named.format("15:04 MST -0700"), "10:00 PST +0000");
        let pm = parse_in_location("3:04PM", "1:30PM", Location::utc()).unwrap();
        assert_eq!(pm.format("15:04"), "13:30");
        let fraction = parse_in_location("15:04:05", "10:00:01.5", Location::utc()).unwrap();
        assert_eq!(fraction.nanoseconds, 500_000_000);
    }

    #[test]
    fn parse_errors_use_go_wording() {
        let error = |layout: &str, value: &str| {
            parse_in_location(layout, value, Location::utc())
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            error("2006-01-02", "2024-13-45"),
            "parsing time \"2024-13-45\": month out of range"
        );
        assert_eq!(
            error("2006-01-02", "not a date"),
            "parsing time \"not a date\" as \"2006-01-02\": cannot parse \"not a date\" as \"2006\""
        );
        assert_eq!(
            error("2006-01-02", "31/01/2024"),
            "parsing time \"31/01/2024\" as \"2006-01-02\": cannot parse \"31/01/2024\" as \"2006\""
        );
        assert_eq!(
            error("2006-01-02", "2023-02-29"),
            "parsing time \"2023-02-29\": day out of range"
        );
        assert_eq!(
            error("2006-01-02", "2024-01-02x"),
            "parsing time \"2024-01-02x\": extra text: \"x\""
        );
        assert_eq!(
            error("2006-01-02", "2024/01/02"),
            "parsing time \"2024/01/02\" as \"2006-01-02\": cannot parse \"/01/02\" as \"-\""
        );
        assert_eq!(error("15", "24"), "parsing time \"24\": hour out of range");
    }
}
