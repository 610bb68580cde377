//! Sprig's date functions: `now`, `date`, `dateInZone`, `htmlDate`, `htmlDateInZone`,
//! `toDate`, `mustToDate`, `dateModify`, `mustDateModify`, `unixEpoch`, `ago`, `duration`,
//! `durationRound` (and the snake-case aliases Sprig keeps).
//!
//! Sprig's type switches decide what a date argument means: a `time.Time` is used as is, an
//! `int` or `int64` is Unix seconds, and anything else (a float from values.yaml, a string)
//! silently means "now". `duration` reads only strings and `int64` (so a template literal,
//! an `int`, is `0s`), `durationRound` reads strings, `int64` nanoseconds and times.

use super::duration::{format_duration, parse_duration};
use super::gotime::{as_time, GoTime, Location};
use super::parse::parse_in_location;
use crate::funcs::convert::{any_arg, string_arg};
use crate::value::{FuncError, Function, GoType, Signature, Value};

const fn signature(params: &'static [GoType]) -> Signature {
    Signature {
        params,
        variadic: None,
    }
}

const FORMAT_AND_DATE: Signature = signature(&[GoType::String, GoType::Any]);
const ONE_ANY: Signature = signature(&[GoType::Any]);
const TWO_STRINGS: Signature = signature(&[GoType::String, GoType::String]);

pub const FUNCTIONS: &[Function] = &[
    Function {
        name: "now",
        signature: signature(&[]),
        call: now,
    },
    Function {
        name: "date",
        signature: FORMAT_AND_DATE,
        call: date,
    },
    Function {
        name: "dateInZone",
        signature: signature(&[GoType::String, GoType::Any, GoType::String]),
        call: date_in_zone,
    },
    Function {
        name: "date_in_zone",
        signature: signature(&[GoType::String, GoType::Any, GoType::String]),
        call: date_in_zone,
    },
    Function {
        name: "htmlDate",
        signature: ONE_ANY,
        call: html_date,
    },
    Function {
        name: "htmlDateInZone",
        signature: signature(&[GoType::Any, GoType::String]),
        call: html_date_in_zone,
    },
    Function {
        name: "toDate",
        signature: TWO_STRINGS,
        call: to_date,
    },
    Function {
        name: "mustToDate",
        signature: TWO_STRINGS,
        call: must_to_date,
    },
    Function {
        name: "dateModify",
        signature: FORMAT_AND_DATE,
        call: date_modify,
    },
    Function {
        name: "date_modify",
        signature: FORMAT_AND_DATE,
        call: date_modify,
    },
    Function {
        name: "mustDateModify",
        signature: FORMAT_AND_DATE,
        call: must_date_modify,
    },
    Function {
        name: "must_date_modify",
        signature: FORMAT_AND_DATE,
        call: must_date_modify,
    },
    Function {
        name: "unixEpoch",
        signature: ONE_ANY,
        call: unix_epoch,
    },
    Function {
        name: "ago",
        signature: ONE_ANY,
        call: ago,
    },
    Function {
        name: "duration",
        signature: ONE_ANY,
        call: duration,
    },
    Function {
        name: "durationRound",
        signature: ONE_ANY,
        call: duration_round,
    },
];

fn now(_args: &[Value]) -> Result<Value, FuncError> {
    Ok(GoTime::now().value())
}

/// Sprig's reading of a date argument: a time, Unix seconds, or now.
fn date_argument(value: &Value) -> GoTime {
    match value {
        Value::Int(seconds) | Value::Int64(seconds) => GoTime::from_unix(*seconds),
        other => as_time(other).cloned().unwrap_or_else(GoTime::now),
    }
}

/// A `time.Time` parameter, with text/template's complaint when it is something else.
fn time_argument(args: &[Value], index: usize) -> Result<&GoTime, FuncError> {
    let value = any_arg(args, index)?;
    if value.is_nil() {
        return Err(FuncError::new("invalid value; expected time.Time"));
    }
    as_time(value).ok_or_else(|| {
        FuncError::new(format!(
            "wrong type for value; expected time.Time; got {}",
            value.type_name()
        ))
    })
}

/// Formats in a zone; an unknown zone falls back to UTC.
fn format_in_zone(layout: &str, date: &Value, zone: &str) -> Value {
    let location = Location::load(zone).unwrap_or_else(|_| Location::utc());
    Value::from(date_argument(date).in_location(location).format(layout))
}

fn date(args: &[Value]) -> Result<Value, FuncError> {
    Ok(format_in_zone(
        string_arg(args, 0)?,
        any_arg(args, 1)?,
        "Local",
    ))
}

fn date_in_zone(args: &[Value]) -> Result<Value, FuncError> {
    Ok(format_in_zone(
        string_arg(args, 0)?,
        any_arg(args, 1)?,
        string_arg(args, 2)?,
    ))
}

fn html_date(args: &[Value]) -> Result<Value, FuncError> {
    Ok(format_in_zone("2006-01-02", any_arg(args, 0)?, "Local"))
}

fn html_date_in_zone(args: &[Value]) -> Result<Value, FuncError> {
    Ok(format_in_zone(
        "2006-01-02",
        any_arg(args, 0)?,
        string_arg(args, 1)?,
    ))
}

/// `toDate LAYOUT TEXT`: the parsed time in the local zone, or the zero time on failure.
fn to_date(args: &[Value]) -> Result<Value, FuncError> {
    let parsed = parse_in_location(
        string_arg(args, 0)?,
        string_arg(args, 1)?,
        Location::local(),
    );
    Ok(parsed.unwrap_or_else(|_| GoTime::zero()).value())
}

fn must_to_date(args: &[Value]) -> Result<Value, FuncError> {
    parse_in_location(
        string_arg(args, 0)?,
        string_arg(args, 1)?,
        Location::local(),
    )
    .map(GoTime::value)
    .map_err(|error| FuncError::new(error.to_string()))
}

/// `dateModify DURATION TIME`: the time moved by a Go duration; unchanged when it is invalid.
fn date_modify(args: &[Value]) -> Result<Value, FuncError> {
    let change = string_arg(args, 0)?;
    let time = time_argument(args, 1)?;
    Ok(match parse_duration(change) {
        Ok(nanoseconds) => time.add_nanoseconds(nanoseconds).value(),
        Err(_) => time.clone().value(),
    })
}

fn must_date_modify(args: &[Value]) -> Result<Value, FuncError> {
    let change = string_arg(args, 0)?;
    let time = time_argument(args, 1)?;
    let nanoseconds = parse_duration(change).map_err(FuncError::new)?;
    Ok(time.add_nanoseconds(nanoseconds).value())
}

fn unix_epoch(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::from(
        time_argument(args, 0)?.unix_seconds.to_string(),
    ))
}

/// Go's `Duration.Round(time.Second)`: to the nearest second, halves away from zero.
fn round_to_second(nanoseconds: i64) -> i64 {
    const SECOND: i64 = 1_000_000_000;
    let remainder = nanoseconds % SECOND;
    let truncated = nanoseconds - remainder;
    if remainder.abs() * 2 < SECOND {
        return truncated;
    }
    let step = if nanoseconds < 0 { -SECOND } else { SECOND };
    truncated
        .checked_add(step)
        .unwrap_or(if nanoseconds < 0 { i64::MIN } else { i64::MAX })
}

/// `ago DATE`: time elapsed since a time or Unix seconds (`int`, `int64`), rounded to seconds.
fn ago(args: &[Value]) -> Result<Value, FuncError> {
    let start = match any_arg(args, 0)? {
        Value::Int(seconds) | Value::Int64(seconds) => GoTime::from_unix(*seconds),
        other => as_time(other).cloned().unwrap_or_else(GoTime::now),
    };
    let elapsed = GoTime::now().nanoseconds_since(&start);
    Ok(Value::from(format_duration(round_to_second(elapsed))))
}

/// `duration SECONDS`: a string of decimal seconds or an `int64`; anything else is 0.
fn duration(args: &[Value]) -> Result<Value, FuncError> {
    let seconds = match any_arg(args, 0)? {
        Value::String(text) => text.parse::<i64>().unwrap_or(0),
        Value::Int64(seconds) => *seconds,
        _ => 0,
    };
    Ok(Value::from(format_duration(
        seconds.wrapping_mul(1_000_000_000),
    )))
}

/// `durationRound D`: the largest whole unit (y, mo, d, h, m, s) strictly below the
/// magnitude; years are 365 days and months 30.
fn duration_round(args: &[Value]) -> Result<Value, FuncError> {
    let nanoseconds = match any_arg(args, 0)? {
        Value::String(text) => parse_duration(text).unwrap_or(0),
        Value::Int64(value) => *value,
        other => match as_time(other) {
            Some(time) => GoTime::now().nanoseconds_since(time),
            None => 0,
        },
    };
    let magnitude = nanoseconds.unsigned_abs();
    const SECOND: u64 = 1_000_000_000;
    let units: [(u64, &str); 6] = [
        (SECOND * 3600 * 24 * 365, "y"),
        (SECOND * 3600 * 24 * 30, "mo"),
        (SECOND * 3600 * 24, "d"),
        (SECOND * 3600, "h"),
        (SECOND * 60, "m"),
        (SECOND, "s"),
    ];
    for (size, suffix) in units {
        if magnitude > size {
            return Ok(Value::from(format!("{}{suffix}", magnitude / size)));
        }
    }
    Ok(Value::from("0s"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(result: Result<Value, FuncError>) -> String {
        result.unwrap().as_str().unwrap().to_string()
    }

    fn fixed_time() -> Value {
        let parsed = parse_in_location(
            "2006-01-02 15:04:05",
            "2024-02-29 13:45:09",
            Location::utc(),
        );
        parsed.unwrap().value()
    }

    #[test]
    fn date_reads_times_and_unix_seconds() {
        let layout = Value::from("2006-01-02");
        assert_eq!(
            text(date_in_zone(&[
                layout.clone(),
                Value::Int(86_400),
                Value::from("UTC")
            ])),
            "1970-01-02"
        );
        assert_eq!(
            text(date_in_zone(&[
                layout.clone(),
                Value::Int64(1_700_000_000),
                Value::from("UTC")
            ])),
            "2023-11-14"
        );
        assert_eq!(
            text(date_in_zone(&[
                layout.clone(),
                fixed_time(),
                Value::from("Nope/Zone")
            ])),
            "2024-02-29"
        );
        assert_ne!(
            text(date_in_zone(&[
                Value::from("2006"),
                Value::from("2020-01-01"),
                Value::from("UTC")
            ])),
            "2020"
        );
        assert_ne!(
            text(date_in_zone(&[
                layout,
                Value::Float(86_400.0),
                Value::from("UTC")
            ])),
            "1970-01-02"
        );
        assert_eq!(
            text(html_date_in_zone(&[fixed_time(), Value::from("UTC")])),
            "2024-02-29"
        );
    }

    #[test]
    fn zones_come_from_the_tz_database() {
        if Location::load("Asia/Tokyo").is_err() {
            return; // no tz database here; Go would fall back to UTC the same way
        }
        let at = |layout: &str, zone: &str| {
            text(date_in_zone(&[
                Value::from(layout),
                fixed_time(),
                Value::from(zone),
            ]))
        };
        assert_eq!(at("15:04 -0700", "Asia/Tokyo"), "22:45 +0900");
        assert_eq!(at("15:04 MST", "America/New_York"), "08:45 EST");
        assert_eq!(
            text(html_date_in_zone(&[
                fixed_time(),
                Value::from("Asia/Tokyo")
            ])),
            "2024-02-29"
        );
    }

    #[test]
    fn to_date_and_modify() {
        let zero = to_date(&[Value::from("2006-01-02"), Value::from("not a date")]).unwrap();
        assert_eq!(
            crate::value::fmt::format_v(&zero),
            "0001-01-01 00:00:00 +0000 UTC"
        );
        let error =
            must_to_date(&[Value::from("2006-01-02"), Value::from("2024-13-45")]).unwrap_err();
        assert_eq!(error.0, "parsing time \"2024-13-45\": month out of range");
        let moved = date_modify(&[Value::from("+1h30m"), fixed_time()]).unwrap();
        assert_eq!(as_time(&moved).unwrap().format("15:04"), "15:15");
        let unchanged = date_modify(&[Value::from("bad"), fixed_time()]).unwrap();
        assert_eq!(as_time(&unchanged).unwrap().format("15:04"), "13:45");
        let error = must_date_modify(&[Value::from("soon"), fixed_time()]).unwrap_err();
        assert_eq!(error.0, "time: invalid duration \"soon\"");
        let error = date_modify(&[Value::from("1h"), Value::from("x")]).unwrap_err();
        assert_eq!(
            error.0,
            "wrong type for value; expected time.Time; got string"
        );
        assert_eq!(text(unix_epoch(&[fixed_time()])), "1709214309");
        assert!(unix_epoch(&[Value::Nil]).is_err());
    }

    #[test]
    fn now_ago_and_durations() {
        let current = now(&[]).unwrap();
        assert_eq!(current.type_name(), "time.Time");
        assert!(crate::value::fmt::format_v(&current).contains(" m=+"));
        assert!(text(ago(&[fixed_time()])).contains('h'));
        let durations: Vec<String> = [
            Value::Int(3661),
            Value::from("95"),
            Value::Int64(86_400),
            Value::Float(1.5),
            Value::from("x"),
        ]
        .into_iter()
        .map(|v| text(duration(&[v])))
        .collect();
        assert_eq!(durations, ["0s", "1m35s", "24h0m0s", "0s", "0s"]);
        let rounded: Vec<String> = ["2h10m", "3600", "400h", "45s", "8760h", "-2h"]
            .into_iter()
            .map(|s| text(duration_round(&[Value::from(s)])))
            .collect();
        assert_eq!(rounded, ["2h", "0s", "16d", "45s", "12mo", "2h"]);
        assert_eq!(text(duration_round(&[Value::Int(90_000)])), "0s");
        assert_eq!(round_to_second(1_500_000_000), 2_000_000_000);
        assert_eq!(round_to_second(-1_499_999_999), -1_000_000_000);
        assert!(duration(&[]).is_err());
    }
}
