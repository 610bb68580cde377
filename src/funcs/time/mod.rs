//! Sprig's date functions and the parts of Go's `time` package they need.
//!
//! - [`dates`]: the functions (`now`, `date`, `toDate`, `dateModify`, `ago`, `duration`, ...);
//! - [`gotime`]: `time.Time` and `*time.Location` as template values, zones from the system tz
//!   database;
//! - [`layout`] and [`parse`]: formatting and parsing with Go's reference-time layouts
//!   (`2006-01-02T15:04:05Z07:00`);
//! - [`duration`]: `time.ParseDuration` and `Duration.String`.
//!
//! `encoding::toml_decode` and `crypto::certs` use these types too.

pub mod dates;
pub mod duration;
pub mod gotime;
pub mod layout;
pub mod parse;
