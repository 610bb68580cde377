//! Sprig's arithmetic: the integer and float functions and numeric conversions ([`math`]), and
//! the exact decimal arithmetic behind `addf`, `subf`, `mulf`, `divf` ([`decimal`]).
//!
//! Loose operand conversion (spf13/cast's `ToInt64`, `ToFloat64`) is shared with other families
//! and lives in [`super::convert`].

pub mod decimal;
pub mod math;
