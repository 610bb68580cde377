//! Exact decimal arithmetic for Sprig's float functions.
//!
//! `addf`, `subf`, `mulf`, `divf` and `add1f` convert each operand to shopspring/decimal with
//! `NewFromFloat` (the shortest decimal that round-trips to the float), compute exactly (division
//! to 16 decimal places, the last one rounded half away from zero) and convert back to the
//! nearest float64. That is why `addf 0.1 0.2` is `0.3` rather than `0.30000000000000004`.
//! [`Decimal`] is that arithmetic: a sign, an unbounded magnitude and a power of ten.

use std::cmp::Ordering;

/// Decimal places a quotient keeps (shopspring's `DivisionPrecision`).
pub const DIVISION_PRECISION: i64 = 16;

/// Exponent distance beyond which the smaller addend cannot change the float result and is
/// dropped (keeps magnitudes bounded for inputs like `addf 1e308 1e-308`).
const MAX_RESCALE: i64 = 2_000;

const LIMB_BASE: u64 = 1_000_000_000;

/// An unbounded non-negative integer in base 10^9 limbs, least significant first.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Magnitude(Vec<u32>);

impl Magnitude {
    fn from_u64(mut value: u64) -> Magnitude {
        let mut limbs = Vec::new();
        while value > 0 {
            limbs.push((value % LIMB_BASE) as u32);
            value /= LIMB_BASE;
        }
        Magnitude(limbs)
    }

    fn from_digits(digits: &str) -> Magnitude {
        let mut result = Magnitude::default();
        for digit in digits.bytes().filter(u8::is_ascii_digit) {
            result = result
                .mul_small(10)
                .add(&Magnitude::from_u64(u64::from(digit - b'0')));
        }
        result
    }

    fn is_zero(&self) -> bool {
        self.0.iter().all(|limb| *limb == 0)
    }

    fn trimmed(mut self) -> Magnitude {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
        self
    }

    fn add(&self, other: &Magnitude) -> Magnitude {
        let mut out = Vec::with_capacity(self.0.len().max(other.0.len()) + 1);
        let mut carry = 0u64;
        for index in 0..self.0.len().max(other.0.len()) {
            let sum = u64::from(*self.0.get(index).unwrap_or(&0))
                + u64::from(*other.0.get(index).unwrap_or(&0))
                + carry;
            out.push((sum % LIMB_BASE) as u32);
            carry = sum / LIMB_BASE;
        }
        if carry > 0 {
            out.push(carry as u32);
        }
        Magnitude(out).trimmed()
    }

    /// `self - other`, for `self >= other`.
    fn sub(&self, other: &Magnitude) -> Magnitude {
        let mut out = Vec::with_capacity(self.0.len());
        let mut borrow = 0i64;
        for index in 0..self.0.len() {
            let mut difference =
                i64::from(self.0[index]) - i64::from(*other.0.get(index).unwrap_or(&0)) - borrow;
            borrow = 0;
            if difference < 0 {
                difference += LIMB_BASE as i64;
                borrow = 1;
            }
            out.push(difference as u32);
        }
        Magnitude(out).trimmed()
    }

    fn mul_small(&self, factor: u32) -> Magnitude {
        let mut out = Vec::with_capacity(self.0.len() + 1);
        let mut carry = 0u64;
        for limb in &self.0 {
            let product = u64::from(*limb) * u64::from(factor) + carry;
            out.push((product % LIMB_BASE) as u32);
            carry = product / LIMB_BASE;
        }
        if carry > 0 {
            out.push(carry as u32);
        }
        Magnitude(out).trimmed()
    }

    fn mul(&self, other: &Magnitude) -> Magnitude {
        let mut out = vec![0u64; self.0.len() + other.0.len() + 1];
        for (i, a) in self.0.iter().enumerate() {
            let mut carry = 0u64;
            for (j, b) in other.0.iter().enumerate() {
                let current = out[i + j] + u64::from(*a) * u64::from(*b) + carry;
                out[i + j] = current % LIMB_BASE;
                carry = current / LIMB_BASE;
            }
            let mut position = i + other.0.len();
            while carry > 0 {
                let current = out[position] + carry;
                out[position] = current % LIMB_BASE;
                carry = current / LIMB_BASE;
                position += 1;
            }
        }
        Magnitude(out.into_iter().map(|limb| limb as u32).collect()).trimmed()
    }

    fn mul_pow10(&self, power: u32) -> Magnitude {
        let mut result = self.clone();
        let mut remaining = power;
        while remaining >= 9 {
            let mut limbs = vec![0u32];
            limbs.extend_from_slice(&result.0);
            result = Magnitude(limbs).trimmed();
            remaining -= 9;
        }
        result.mul_small(10u32.pow(remaining))
    }

    fn compare(&self, other: &Magnitude) -> Ordering {
        let (a, b) = (self.clone().trimmed(), other.clone().trimmed());
        a.0.len()
            .cmp(&b.0.len())
            .then_with(|| a.0.iter().rev().cmp(b.0.iter().rev()))
    }

    fn to_digits(&self) -> String {
        let trimmed = self.clone().trimmed();
        let Some((most, rest)) = trimmed.0.split_last() else {
            return "0".to_string();
        };
        let mut out = most.to_string();
        for limb in rest.iter().rev() {
            out.push_str(&format!("{limb:09}"));
        }
        out
    }

    /// Truncating division with remainder (long division over the dividend's decimal digits).
    fn div_rem(&self, divisor: &Magnitude) -> (Magnitude, Magnitude) {
        let mut quotient_digits = String::new();
        let mut remainder = Magnitude::default();
        for digit in self.to_digits().bytes() {
            remainder = remainder
                .mul_small(10)
                .add(&Magnitude::from_u64(u64::from(digit - b'0')));
            let mut count = 0u8;
            while remainder.compare(divisor) != Ordering::Less {
                remainder = remainder.sub(divisor);
                count += 1;
            }
            quotient_digits.push(char::from(b'0' + count));
        }
        (Magnitude::from_digits(&quotient_digits), remainder)
    }
}

/// `magnitude × 10^exponent`, negated when `negative`.
#[derive(Debug, Clone, PartialEq)]
pub struct Decimal {
    negative: bool,
    magnitude: Magnitude,
    exponent: i64,
}

/// shopspring's panic for an operand it cannot represent.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DecimalError {
    #[error("Cannot create a Decimal from {0}")]
    NotFinite(String),
    #[error("decimal division by 0")]
    DivisionByZero,
}

impl Decimal {
    /// `NewFromFloat`: the shortest decimal that reads back as `value`.
    pub fn from_float(value: f64) -> Result<Decimal, DecimalError> {
        if !value.is_finite() {
            return Err(DecimalError::NotFinite(crate::value::fmt::format_float_g(
                value,
            )));
        }
        if value == 0.0 {
            return Ok(Decimal {
                negative: false,
                magnitude: Magnitude::default(),
                exponent: 0,
            });
        }
        let (negative, digits, exponent) = crate::value::fmt::shortest_digits(value);
        let exponent = i64::from(exponent) - (digits.len() as i64 - 1);
        Ok(Decimal {
            negative,
            magnitude: Magnitude::from_digits(&digits),
            exponent,
        })
    }

    /// The nearest float64 (infinite when out of range).
    pub fn to_float(&self) -> f64 {
        let text = format!(
            "{}{}e{}",
            if self.negative { "-" } else { "" },
            self.magnitude.to_digits(),
            self.exponent
        );
        text.parse().unwrap_or(0.0)
    }

    fn is_zero(&self) -> bool {
        self.magnitude.is_zero()
    }

    fn rescaled(&self, exponent: i64) -> Magnitude {
        let shift = (self.exponent - exponent).clamp(0, MAX_RESCALE) as u32;
        self.magnitude.mul_pow10(shift)
    }

    pub fn add(&self, other: &Decimal) -> Decimal {
        if other.is_zero() {
            return self.clone();
        }
        if self.is_zero() {
            return other.clone();
        }
        if (self.exponent - other.exponent).abs() > MAX_RESCALE {
            let self_top = self.exponent + self.magnitude.to_digits().len() as i64;
            let other_top = other.exponent + other.magnitude.to_digits().len() as i64;
            return if self_top >= other_top {
                self.clone()
            } else {
                other.clone()
            };
        }
        let exponent = self.exponent.min(other.exponent);
        let (a, b) = (self.rescaled(exponent), other.rescaled(exponent));
        let (negative, magnitude) = if self.negative == other.negative {
            (self.negative, a.add(&b))
        } else {
            match a.compare(&b) {
                Ordering::Less => (other.negative, b.sub(&a)),
                _ => (self.negative, a.sub(&b)),
            }
        };
        Decimal {
            negative: negative && !magnitude.is_zero(),
            magnitude,
            exponent,
        }
    }

    pub fn sub(&self, other: &Decimal) -> Decimal {
        let negated = Decimal {
            negative: !other.negative && !other.is_zero(),
            ..other.clone()
        };
        self.add(&negated)
    }

    pub fn mul(&self, other: &Decimal) -> Decimal {
        let magnitude = self.magnitude.mul(&other.magnitude);
        let negative = (self.negative != other.negative) && !magnitude.is_zero();
        Decimal {
            negative,
            magnitude,
            exponent: self.exponent + other.exponent,
        }
    }

    /// `Div`: the quotient to 16 decimal places, rounded half away from zero.
    pub fn div(&self, other: &Decimal) -> Result<Decimal, DecimalError> {
        if other.is_zero() {
            return Err(DecimalError::DivisionByZero);
        }
        let shift = self.exponent - other.exponent + DIVISION_PRECISION;
        let (numerator, denominator) = if shift >= 0 {
            (
                self.magnitude.mul_pow10(shift.min(MAX_RESCALE) as u32),
                other.magnitude.clone(),
            )
        } else {
            (
                self.magnitude.clone(),
                other.magnitude.mul_pow10((-shift).min(MAX_RESCALE) as u32),
            )
        };
        let (mut quotient, remainder) = numerator.div_rem(&denominator);
        if remainder.mul_small(2).compare(&denominator) != Ordering::Less {
            quotient = quotient.add(&Magnitude::from_u64(1));
        }
        let negative = (self.negative != other.negative) && !quotient.is_zero();
        Ok(Decimal {
            negative,
            magnitude: quotient,
            exponent: -DIVISION_PRECISION,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(value: f64) -> Decimal {
        Decimal::from_float(value).unwrap()
    }

    #[test]
    fn sums_are_exact_in_decimal() {
        assert_eq!(d(0.1).add(&d(0.2)).to_float(), 0.3);
        assert_eq!(d(1.0).sub(&d(0.9)).to_float(), 0.1);
        assert_eq!(d(0.3).sub(&d(0.1)).to_float(), 0.2);
        assert_eq!(d(-1.5).add(&d(1.5)).to_float(), 0.0);
        assert_eq!(d(1e20).add(&d(1e20)).to_float(), 2e20);
        assert_eq!(d(1e300).add(&d(1e-300)).to_float(), 1e300);
    }

    #[test]
    fn products_and_quotients() {
        assert_eq!(d(1.1).mul(&d(3.0)).to_float(), 3.3);
        assert_eq!(d(0.1).mul(&d(0.2)).to_float(), 0.02);
        assert_eq!(d(1.0).div(&d(3.0)).unwrap().to_float(), 0.3333333333333333);
        let two_thirds = d(2.0).div(&d(3.0)).unwrap();
        assert_eq!(
            two_thirds.div(&d(2.0)).unwrap().to_float(),
            0.3333333333333334
        );
        assert_eq!(
            d(-2.0).div(&d(3.0)).unwrap().to_float(),
            -0.6666666666666667
        );
        assert_eq!(d(10.0).div(&d(3.0)).unwrap().to_float(), 3.3333333333333335);
        assert_eq!(d(1.0).div(&d(0.0)), Err(DecimalError::DivisionByZero));
        assert_eq!(d(1e10).mul(&d(1e10)).to_float(), 1e20);
    }

    #[test]
    fn infinities_are_rejected() {
        assert_eq!(
            Decimal::from_float(f64::INFINITY).unwrap_err().to_string(),
            "Cannot create a Decimal from +Inf"
        );
    }

    #[test]
    fn long_division() {
        let (q, r) = Magnitude::from_u64(1_000_000_000_007).div_rem(&Magnitude::from_u64(10));
        assert_eq!(q.to_digits(), "100000000000");
        assert_eq!(r.to_digits(), "7");
        let big = Magnitude::from_digits("123456789012345678901234567890");
        assert_eq!(
            big.mul(&Magnitude::from_u64(1000)).to_digits(),
            "123456789012345678901234567890000"
        );
        assert_eq!(
            big.mul_pow10(10).to_digits(),
            "1234567890123456789012345678900000000000"
        );
    }
}
