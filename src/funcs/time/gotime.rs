//! Go's `time.Time` and `*time.Location` as template values.
//!
//! A [`GoTime`] is an instant (seconds and nanoseconds since the Unix epoch) seen in a
//! [`Location`]; civil fields, zone abbreviations and offsets are derived from the location's
//! rules (the system tz database, as Go reads it). Times made by `now` also carry Go's
//! monotonic clock reading, which `time.Time.String` prints as ` m=+0.001234567`; every
//! operation that changes the location or rebuilds the date drops it, as Go does.
//!
//! [`TimeObject`] exposes the value to templates: `%v` and `toString` use `Time.String`,
//! `toJson` the RFC 3339 form, and the common methods (`Year`, `Unix`, `Format`, `AddDate`,
//! ...) can be called.

use super::layout::{format_layout, RFC3339_NANO};
use crate::value::{FuncError, Object, Value};
use std::sync::{Arc, OnceLock};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// Where a location's rules come from.
#[derive(Debug)]
enum Rules {
    Utc,
    /// A zone of the tz database.
    Database(tz::TimeZone),
    /// `time.FixedZone(name, offset)`, e.g. made when parsing `+02:00`.
    Fixed {
        abbreviation: String,
        offset: i32,
    },
}

/// Go's `*time.Location`.
#[derive(Debug)]
pub struct Location {
    pub name: String,
    rules: Rules,
}

/// Directories Go searches for zoneinfo files on Linux.
const ZONE_DIRECTORIES: &[&str] = &[
    "/usr/share/zoneinfo/",
    "/usr/share/lib/zoneinfo/",
    "/usr/lib/locale/TZ/",
    "/etc/zoneinfo/",
];

fn read_zone_file(name: &str) -> Option<tz::TimeZone> {
    let bytes = if name.starts_with('/') {
        std::fs::read(name).ok()?
    } else {
        ZONE_DIRECTORIES
            .iter()
            .find_map(|dir| std::fs::read(format!("{dir}{name}")).ok())?
    };
    tz::TimeZone::from_tz_data(&bytes).ok()
}

impl Location {
    pub fn utc() -> Arc<Location> {
        static UTC: OnceLock<Arc<Location>> = OnceLock::new();
        UTC.get_or_init(|| {
            Arc::new(Location {
                name: "UTC".into(),
                rules: Rules::Utc,
            })
        })
        .clone()
    }

    /// `time.FixedZone(name, offset)`.
    pub fn fixed(abbreviation: &str, offset: i32) -> Arc<Location> {
        Arc::new(Location {
            name: abbreviation.to_string(),
            rules: Rules::Fixed {
                abbreviation: abbreviation.to_string(),
                offset,
            },
        })
    }

    /// Go's `time.Local`: `$TZ` when set (empty or `UTC` means UTC, a leading `:` is
    /// ignored), else `/etc/localtime`; UTC when the zone cannot be loaded.
    pub fn local() -> Arc<Location> {
        static LOCAL: OnceLock<Arc<Location>> = OnceLock::new();
        LOCAL
            .get_or_init(|| {
                let zone = match std::env::var("TZ") {
                    Err(_) => read_zone_file("/etc/localtime"),
                    Ok(value) => {
                        let name = value.strip_prefix(':').unwrap_or(&value);
                        if name.is_empty() || name == "UTC" {
                            None
                        } else {
                            read_zone_file(name)
                        }
                    }
                };
                match zone {
                    Some(rules) => Arc::new(Location {
                        name: "Local".into(),
                        rules: Rules::Database(rules),
                    }),
                    None => Location::utc(),
                }
            })
            .clone()
    }

    /// Go's `time.LoadLocation`: `""` and `UTC` are UTC, `Local` is [`Location::local`],
    /// anything else a tz database name (no absolute paths or `..`).
    pub fn load(name: &str) -> Result<Arc<Location>, String> {
        match name {
            "" | "UTC" => return Ok(Location::utc()),
            "Local" => return Ok(Location::local()),
            _ => {}
        }
        if name.starts_with('/')
            || name.starts_with('\\')
            || name.split('/').any(|part| part == "..")
        {
            return Err("time: invalid location name".into());
        }
        match read_zone_file(name) {
            Some(rules) => Ok(Arc::new(Location {
                name: name.to_string(),
                rules: Rules::Database(rules),
            })),
            None => Err(format!("unknown time zone {name}")),
        }
    }

    pub fn is_utc(&self) -> bool {
        matches!(self.rules, Rules::Utc)
    }

    /// The zone abbreviation and offset east of UTC in effect at a Unix second.
    pub fn lookup(&self, unix_seconds: i64) -> (String, i32) {
        match &self.rules {
            Rules::Utc => ("UTC".into(), 0),
            Rules::Fixed {
                abbreviation,
                offset,
            } => (abbreviation.clone(), *offset),
            Rules::Database(zone) => match zone.find_local_time_type(unix_seconds) {
                Ok(kind) => (kind.time_zone_designation().to_string(), kind.ut_offset()),
                Err(_) => ("UTC".into(), 0),
            },
        }
    }

    /// Go's `Location.lookupName`: the offset of a zone called `abbreviation`, preferring one
    /// in effect at `unix_seconds`.
    pub fn offset_of_abbreviation(&self, abbreviation: &str, unix_seconds: i64) -> Option<i32> {
        match &self.rules {
            Rules::Utc => (abbreviation == "UTC").then_some(0),
            Rules::Fixed {
                abbreviation: own,
                offset,
            } => (own == abbreviation).then_some(*offset),
            Rules::Database(zone) => {
                let candidates: Vec<i32> = zone
                    .as_ref()
                    .local_time_types()
                    .iter()
                    .filter(|kind| kind.time_zone_designation() == abbreviation)
                    .map(|kind| kind.ut_offset())
                    .collect();
                candidates
                    .iter()
                    .copied()
                    .find(|&offset| self.lookup(unix_seconds - i64::from(offset)).0 == abbreviation)
                    .or_else(|| candidates.first().copied())
            }
        }
    }

    /// The Unix second at which the wall clock in this location shows `wall_seconds` (wall
    /// time counted as if it were UTC); Go's rule for ambiguous and skipped times.
    pub fn unix_from_wall(&self, wall_seconds: i64) -> i64 {
        let (_, offset) = self.lookup(wall_seconds);
        let guess = wall_seconds - i64::from(offset);
        let (_, actual) = self.lookup(guess);
        if actual == offset {
            guess
        } else {
            wall_seconds - i64::from(actual)
        }
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (month 1-12).
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let shifted_month = (month + 9) % 12;
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The proleptic Gregorian date (year, month 1-12, day) of a day count since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

pub fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

pub fn days_in_month(month: i64, year: i64) -> i64 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
pub const DAY_NAMES: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// The fields of a time as its wall clock shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Civil {
    pub year: i64,
    pub month: i64,
    pub day: i64,
    pub hour: i64,
    pub minute: i64,
    pub second: i64,
    pub nanosecond: u32,
    /// 0 is Sunday.
    pub weekday: i64,
    /// 1-366.
    pub year_day: i64,
    pub abbreviation: String,
    pub offset: i32,
}

/// Go's `time.Time`.
#[derive(Debug, Clone)]
pub struct GoTime {
    pub unix_seconds: i64,
    pub nanoseconds: u32,
    pub location: Arc<Location>,
    /// Monotonic clock reading in nanoseconds since process start, for times from `now`.
    pub monotonic: Option<i64>,
}

/// Seconds from 0001-01-01 to 1970-01-01: Go's zero time is the first instant of year 1.
const ZERO_TIME_UNIX: i64 = -62_135_596_800;

fn process_start() -> Instant {
    static START: OnceLock<Instant> = OnceLock::new();
    *START.get_or_init(Instant::now)
}

impl GoTime {
    /// Go's zero `time.Time{}` (year 1, UTC).
    pub fn zero() -> GoTime {
        GoTime {
            unix_seconds: ZERO_TIME_UNIX,
            nanoseconds: 0,
            location: Location::utc(),
            monotonic: None,
        }
    }

    /// `time.Now()` in the local zone, with a monotonic reading.
    pub fn now() -> GoTime {
        let start = process_start();
        let since_epoch = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let monotonic = i64::try_from(start.elapsed().as_nanos()).unwrap_or(i64::MAX);
        GoTime {
            unix_seconds: since_epoch.as_secs() as i64,
            nanoseconds: since_epoch.subsec_nanos(),
            location: Location::local(),
            monotonic: Some(monotonic),
        }
    }

    /// `time.Unix(seconds, 0)` in the local zone.
    pub fn from_unix(seconds: i64) -> GoTime {
        GoTime {
            unix_seconds: seconds,
            nanoseconds: 0,
            location: Location::local(),
            monotonic: None,
        }
    }

    /// Go's `time.Date`: fields may overflow (month 13, day 32, ...) and are normalised.
    #[allow(clippy::too_many_arguments)]
    pub fn from_fields(
        year: i64,
        month: i64,
        day: i64,
        hour: i64,
        minute: i64,
        second: i64,
        nanosecond: i64,
        location: Arc<Location>,
    ) -> GoTime {
        let month_index = month - 1;
        let year = year.saturating_add(month_index.div_euclid(12));
        let month = month_index.rem_euclid(12) + 1;
        let second = second.saturating_add(nanosecond.div_euclid(1_000_000_000));
        let nanosecond = nanosecond.rem_euclid(1_000_000_000) as u32;
        let days = days_from_civil(year, month, 1).saturating_add(day - 1);
        let wall = days
            .saturating_mul(86_400)
            .saturating_add(hour.saturating_mul(3600))
            .saturating_add(minute.saturating_mul(60))
            .saturating_add(second);
        GoTime {
            unix_seconds: location.unix_from_wall(wall),
            nanoseconds: nanosecond,
            location,
            monotonic: None,
        }
    }

    pub fn civil(&self) -> Civil {
        let (abbreviation, offset) = self.location.lookup(self.unix_seconds);
        let wall = self.unix_seconds.saturating_add(i64::from(offset));
        let days = wall.div_euclid(86_400);
        let seconds_of_day = wall.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        Civil {
            year,
            month,
            day,
            hour: seconds_of_day / 3600,
            minute: seconds_of_day % 3600 / 60,
            second: seconds_of_day % 60,
            nanosecond: self.nanoseconds,
            weekday: (days + 4).rem_euclid(7),
            year_day: days - days_from_civil(year, 1, 1) + 1,
            abbreviation,
            offset,
        }
    }

    /// `t.In(location)` (drops the monotonic reading).
    pub fn in_location(&self, location: Arc<Location>) -> GoTime {
        GoTime {
            location,
            monotonic: None,
            ..self.clone()
        }
    }

    /// `t.Add(d)` for a duration in nanoseconds (keeps the monotonic reading).
    pub fn add_nanoseconds(&self, duration: i64) -> GoTime {
        let total = i128::from(self.nanoseconds) + i128::from(duration);
        let seconds = total.div_euclid(1_000_000_000) as i64;
        GoTime {
            unix_seconds: self.unix_seconds.saturating_add(seconds),
            nanoseconds: total.rem_euclid(1_000_000_000) as u32,
            location: self.location.clone(),
            monotonic: self.monotonic.map(|m| m.saturating_add(duration)),
        }
    }

    /// `t.AddDate(years, months, days)`.
    pub fn add_date(&self, years: i64, months: i64, days: i64) -> GoTime {
        let civil = self.civil();
        GoTime::from_fields(
            civil.year + years,
            civil.month + months,
            civil.day + days,
            civil.hour,
            civil.minute,
            civil.second,
            i64::from(civil.nanosecond),
            self.location.clone(),
        )
    }

    /// Nanoseconds from `other` to `self`, saturating like Go's `Sub`.
    pub fn nanoseconds_since(&self, other: &GoTime) -> i64 {
        let seconds = i128::from(self.unix_seconds) - i128::from(other.unix_seconds);
        let total =
            seconds * 1_000_000_000 + i128::from(self.nanoseconds) - i128::from(other.nanoseconds);
        total.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
    }

    pub fn format(&self, layout: &str) -> String {
        format_layout(self, layout)
    }

    /// Go's `Time.String`: `2006-01-02 15:04:05.999999999 -0700 MST`, plus ` m=±S.NNNNNNNNN`
    /// when the time carries a monotonic reading.
    pub fn go_string(&self) -> String {
        let mut text = self.format("2006-01-02 15:04:05.999999999 -0700 MST");
        if let Some(monotonic) = self.monotonic {
            let sign = if monotonic < 0 { '-' } else { '+' };
            let magnitude = monotonic.unsigned_abs();
            text.push_str(&format!(
                " m={sign}{}.{:09}",
                magnitude / 1_000_000_000,
                magnitude % 1_000_000_000
            ));
        }
        text
    }

    pub fn value(self) -> Value {
        Value::Object(Arc::new(TimeObject(self)))
    }
}

/// The downcast of a template value to a time, if it is one.
pub fn as_time(value: &Value) -> Option<&GoTime> {
    match value {
        Value::Object(object) => {
            let any: &dyn std::any::Any = object.as_ref();
            any.downcast_ref::<TimeObject>().map(|t| &t.0)
        }
        _ => None,
    }
}

/// A `time.Time` as a template value.
#[derive(Debug, Clone)]
pub struct TimeObject(pub GoTime);

const TIME_METHODS: &[&str] = &[
    "Year",
    "Month",
    "Day",
    "Hour",
    "Minute",
    "Second",
    "Nanosecond",
    "YearDay",
    "Weekday",
    "Unix",
    "UnixMilli",
    "UnixMicro",
    "UnixNano",
    "Format",
    "String",
    "UTC",
    "Local",
    "IsZero",
    "AddDate",
    "Add",
    "Before",
    "After",
    "Equal",
    "Sub",
];

fn int_parameter(args: &[Value], index: usize, method: &str) -> Result<i64, FuncError> {
    match args.get(index) {
        Some(Value::Int(n)) | Some(Value::Int64(n)) => Ok(*n),
        Some(other) => Err(FuncError::new(format!(
            "wrong type for value; expected int; got {} (calling {method})",
            other.type_name()
        ))),
        None => Err(FuncError::new(format!("wrong number of args for {method}"))),
    }
}

fn time_parameter<'a>(args: &'a [Value], method: &str) -> Result<&'a GoTime, FuncError> {
    match args.first() {
        Some(value) => as_time(value).ok_or_else(|| {
            FuncError::new(format!(
                "wrong type for value; expected time.Time; got {} (calling {method})",
                value.type_name()
            ))
        }),
        None => Err(FuncError::new(format!("wrong number of args for {method}"))),
    }
}

impl TimeObject {
    fn call(&self, name: &str, args: &[Value]) -> Result<Value, FuncError> {
        let time = &self.0;
        let civil = || time.civil();
        let unix_nanos =
            i128::from(time.unix_seconds) * 1_000_000_000 + i128::from(time.nanoseconds);
        Ok(match name {
            "Year" => Value::Int(civil().year),
            "Month" => NamedInt::month(civil().month),
            "Day" => Value::Int(civil().day),
            "Hour" => Value::Int(civil().hour),
            "Minute" => Value::Int(civil().minute),
            "Second" => Value::Int(civil().second),
            "Nanosecond" => Value::Int(i64::from(time.nanoseconds)),
            "YearDay" => Value::Int(civil().year_day),
            "Weekday" => NamedInt::weekday(civil().weekday),
            "Unix" => Value::Int64(time.unix_seconds),
            "UnixMilli" => Value::Int64((unix_nanos / 1_000_000) as i64),
            "UnixMicro" => Value::Int64((unix_nanos / 1_000) as i64),
            "UnixNano" => Value::Int64(unix_nanos as i64),
            "Format" => match args.first() {
                Some(Value::String(layout)) => Value::from(time.format(layout)),
                _ => {
                    return Err(FuncError::new(
                        "wrong type for value; expected string (calling Format)",
                    ))
                }
            },
            "String" => Value::from(time.go_string()),
            "UTC" => time.in_location(Location::utc()).value(),
            "Local" => time.in_location(Location::local()).value(),
            "IsZero" => Value::Bool(time.unix_seconds == ZERO_TIME_UNIX && time.nanoseconds == 0),
            "AddDate" => time
                .add_date(
                    int_parameter(args, 0, name)?,
                    int_parameter(args, 1, name)?,
                    int_parameter(args, 2, name)?,
                )
                .value(),
            "Add" => time.add_nanoseconds(int_parameter(args, 0, name)?).value(),
            "Sub" => NamedInt::duration(time.nanoseconds_since(time_parameter(args, name)?)),
            "Before" => Value::Bool(time.nanoseconds_since(time_parameter(args, name)?) < 0),
            "After" => Value::Bool(time.nanoseconds_since(time_parameter(args, name)?) > 0),
            _ => Value::Bool(time.nanoseconds_since(time_parameter(args, name)?) == 0),
        })
    }
}

impl Object for TimeObject {
    fn type_name(&self) -> String {
        "time.Time".into()
    }

    fn kind_name(&self) -> &'static str {
        "struct"
    }

    fn field(&self, _name: &str) -> Option<Value> {
        None
    }

    fn call_method(&self, name: &str, args: &[Value]) -> Option<Result<Value, FuncError>> {
        TIME_METHODS.contains(&name).then(|| self.call(name, args))
    }

    fn has_method(&self, name: &str) -> bool {
        TIME_METHODS.contains(&name)
    }

    fn format_value(&self) -> String {
        self.0.go_string()
    }

    /// `Time.MarshalJSON`: RFC 3339 with nanoseconds, in the time's own zone.
    fn to_json_value(&self) -> Value {
        Value::from(self.0.format(RFC3339_NANO))
    }
}

/// Go's integer types with a `String` method that times hand out: `time.Month`,
/// `time.Weekday`, `time.Duration`.
#[derive(Debug, Clone)]
pub struct NamedInt {
    type_name: &'static str,
    kind: &'static str,
    number: i64,
    text: String,
}

impl NamedInt {
    fn month(month: i64) -> Value {
        let text = MONTH_NAMES
            .get((month - 1) as usize)
            .copied()
            .unwrap_or("%!Month")
            .to_string();
        Value::Object(Arc::new(NamedInt {
            type_name: "time.Month",
            kind: "int",
            number: month,
            text,
        }))
    }

    fn weekday(day: i64) -> Value {
        let text = DAY_NAMES
            .get(day as usize)
            .copied()
            .unwrap_or("%!Weekday")
            .to_string();
        Value::Object(Arc::new(NamedInt {
            type_name: "time.Weekday",
            kind: "int",
            number: day,
            text,
        }))
    }

    pub fn duration(nanoseconds: i64) -> Value {
        let text = super::duration::format_duration(nanoseconds);
        Value::Object(Arc::new(NamedInt {
            type_name: "time.Duration",
            kind: "int64",
            number: nanoseconds,
            text,
        }))
    }
}

impl Object for NamedInt {
    fn type_name(&self) -> String {
        self.type_name.into()
    }

    fn kind_name(&self) -> &'static str {
        self.kind
    }

    fn field(&self, _name: &str) -> Option<Value> {
        None
    }

    fn call_method(&self, name: &str, _args: &[Value]) -> Option<Result<Value, FuncError>> {
        (name == "String").then(|| Ok(Value::from(self.text.clone())))
    }

    fn has_method(&self, name: &str) -> bool {
        name == "String"
    }

    fn format_value(&self) -> String {
        self.text.clone()
    }

    fn to_json_value(&self) -> Value {
        Value::Int64(self.number)
    }

    fn is_truthy(&self) -> bool {
        self.number != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_conversion_round_trips() {
        for days in [-719_162, -1, 0, 59, 11_016, 19_782, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(days_from_civil(1, 1, 1) * 86_400, ZERO_TIME_UNIX);
    }

    #[test]
    fn fields_normalise_like_go_date() {
        let utc = Location::utc();
        let t = GoTime::from_fields(2024, 1, 31, 0, 0, 0, 0, utc.clone());
        let next = t.add_date(0, 1, 0);
        assert_eq!(next.format("2006-01-02"), "2024-03-02");
        let wrapped = GoTime::from_fields(2023, 13, 1, 25, 0, 0, 0, utc);
        assert_eq!(wrapped.format("2006-01-02 15"), "2024-01-02 01");
    }

    #[test]
    fn zero_time_prints_like_go() {
        assert_eq!(GoTime::zero().go_string(), "0001-01-01 00:00:00 +0000 UTC");
        let t = GoTime {
            monotonic: Some(48_357_584),
            ..GoTime::zero()
        };
        assert!(t.go_string().ends_with(" m=+0.048357584"));
    }

    #[test]
    fn database_zones_give_offsets_and_abbreviations() {
        let Ok(new_york) = Location::load("America/New_York") else {
            return; // no tz database on this machine: Go would fail the same way
        };
        let winter = GoTime::from_fields(2024, 2, 29, 13, 45, 9, 0, Location::utc());
        assert_eq!(
            winter.in_location(new_york.clone()).format("15:04 MST"),
            "08:45 EST"
        );
        let summer = GoTime::from_fields(2024, 7, 1, 12, 0, 0, 0, Location::utc());
        assert_eq!(
            summer.in_location(new_york).format("15:04 MST -0700"),
            "08:00 EDT -0400"
        );
        assert!(Location::load("Nope/Zone").is_err());
        assert!(Location::load("../etc/passwd").is_err());
    }

    #[test]
    fn methods_answer_like_go() {
        let t = TimeObject(GoTime::from_fields(
            2024,
            2,
            29,
            13,
            45,
            9,
            0,
            Location::utc(),
        ));
        let call = |name: &str, args: &[Value]| t.call_method(name, args).unwrap().unwrap();
        assert_eq!(call("Year", &[]), Value::Int(2024));
        assert_eq!(call("YearDay", &[]), Value::Int(60));
        assert_eq!(call("Unix", &[]), Value::Int64(1_709_214_309));
        assert_eq!(
            crate::value::fmt::format_v(&call("Weekday", &[])),
            "Thursday"
        );
        assert_eq!(crate::value::fmt::format_v(&call("Month", &[])), "February");
        assert_eq!(t.to_json_value(), Value::from("2024-02-29T13:45:09Z"));
        assert!(t
            .call_method("AddDate", &[Value::from("x")])
            .unwrap()
            .is_err());
        assert!(t.call_method("Nope", &[]).is_none());
    }
}
