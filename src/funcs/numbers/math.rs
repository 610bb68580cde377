//! Sprig's arithmetic and numeric conversions.
//!
//! The integer functions (`add`, `sub`, `mul`, `div`, `mod`, `max`, `min`, ...) convert every
//! operand with cast's `ToInt64` (so `add 1.9 1.9` is 2 and `add "3" 4` is 7) and return Go
//! `int64`, wrapping on overflow; dividing by zero is Go's runtime panic. The float functions
//! (`addf`, ...) compute in exact decimals ([`super::decimal`]); `floor`, `ceil`, `round`,
//! `maxf`, `minf` use float64 directly. `int`, `int64`, `float64`, `atoi` and `toDecimal` are
//! the conversions, each with its own result type (`int`, `int64`, `float64`, `int`, `int64`).

use super::decimal::Decimal;
use crate::funcs::convert::{any_arg, atoi, int_arg, string_arg, to_float64, to_int, to_int64};
use crate::funcs::function;
use crate::funcs::random::entropy;
use crate::value::fmt::format_v;
use crate::value::{FuncError, Function, GoType, Value};

use GoType::{Any, Float64, Int, String as Str};

pub const FUNCTIONS: &[Function] = &[
    function("add1", &[Any], None, add1),
    function("add", &[], Some(Any), add),
    function("sub", &[Any, Any], None, sub),
    function("mul", &[Any], Some(Any), mul),
    function("div", &[Any, Any], None, div),
    function("mod", &[Any, Any], None, modulo),
    function("max", &[Any], Some(Any), max),
    function("biggest", &[Any], Some(Any), max),
    function("min", &[Any], Some(Any), min),
    function("randInt", &[Int, Int], None, rand_int),
    function("add1f", &[Any], None, add1f),
    function("addf", &[], Some(Any), addf),
    function("subf", &[Any], Some(Any), subf),
    function("mulf", &[Any], Some(Any), mulf),
    function("divf", &[Any], Some(Any), divf),
    function("maxf", &[Any], Some(Any), maxf),
    function("minf", &[Any], Some(Any), minf),
    function("floor", &[Any], None, floor),
    function("ceil", &[Any], None, ceil),
    function("round", &[Any, Int], Some(Float64), round),
    function("int", &[Any], None, int),
    function("int64", &[Any], None, int64),
    function("float64", &[Any], None, float64),
    function("atoi", &[Str], None, atoi_function),
    function("toDecimal", &[Any], None, to_decimal),
];

const DIVIDE_BY_ZERO: &str = "runtime error: integer divide by zero";

fn integer(value: i64) -> Result<Value, FuncError> {
    Ok(Value::Int64(value))
}

fn add1(args: &[Value]) -> Result<Value, FuncError> {
    integer(to_int64(any_arg(args, 0)?).wrapping_add(1))
}

fn add(args: &[Value]) -> Result<Value, FuncError> {
    integer(
        args.iter()
            .fold(0i64, |sum, v| sum.wrapping_add(to_int64(v))),
    )
}

fn sub(args: &[Value]) -> Result<Value, FuncError> {
    integer(to_int64(any_arg(args, 0)?).wrapping_sub(to_int64(any_arg(args, 1)?)))
}

fn mul(args: &[Value]) -> Result<Value, FuncError> {
    let first = to_int64(any_arg(args, 0)?);
    integer(
        args[1..]
            .iter()
            .fold(first, |product, v| product.wrapping_mul(to_int64(v))),
    )
}

/// Truncating division (`div -7 2` is -3).
fn div(args: &[Value]) -> Result<Value, FuncError> {
    let divisor = to_int64(any_arg(args, 1)?);
    if divisor == 0 {
        return Err(FuncError::new(DIVIDE_BY_ZERO));
    }
    integer(to_int64(any_arg(args, 0)?).wrapping_div(divisor))
}

/// Remainder with the dividend's sign (`mod -7 3` is -1).
fn modulo(args: &[Value]) -> Result<Value, FuncError> {
    let divisor = to_int64(any_arg(args, 1)?);
    if divisor == 0 {
        return Err(FuncError::new(DIVIDE_BY_ZERO));
    }
    integer(to_int64(any_arg(args, 0)?).wrapping_rem(divisor))
}

fn max(args: &[Value]) -> Result<Value, FuncError> {
    let first = to_int64(any_arg(args, 0)?);
    integer(args[1..].iter().map(to_int64).fold(first, i64::max))
}

fn min(args: &[Value]) -> Result<Value, FuncError> {
    let first = to_int64(any_arg(args, 0)?);
    integer(args[1..].iter().map(to_int64).fold(first, i64::min))
}

/// `randInt min max`: uniform in `[min, max)`; Go's `rand.Intn` panics unless `max > min`.
fn rand_int(args: &[Value]) -> Result<Value, FuncError> {
    let low = int_arg(args, 0)?;
    let span = int_arg(args, 1)?.wrapping_sub(low);
    if span <= 0 {
        return Err(FuncError::new("invalid argument to Intn"));
    }
    Ok(Value::Int(
        (entropy::below(span as u64) as i64).wrapping_add(low),
    ))
}

/// Sprig's `execDecimalOp`: folds `operation` over the operands as exact decimals.
fn decimal_fold(
    first: &Value,
    rest: &[Value],
    operation: fn(&Decimal, &Decimal) -> Result<Decimal, super::decimal::DecimalError>,
) -> Result<Value, FuncError> {
    let to_decimal = |v: &Value| {
        Decimal::from_float(to_float64(v)).map_err(|error| FuncError::new(error.to_string()))
    };
    let mut accumulator = to_decimal(first)?;
    for operand in rest {
        accumulator = operation(&accumulator, &to_decimal(operand)?)
            .map_err(|error| FuncError::new(error.to_string()))?;
    }
    Ok(Value::Float(accumulator.to_float()))
}

fn add1f(args: &[Value]) -> Result<Value, FuncError> {
    decimal_fold(any_arg(args, 0)?, &[Value::Int(1)], |a, b| Ok(a.add(b)))
}

fn addf(args: &[Value]) -> Result<Value, FuncError> {
    decimal_fold(&Value::Float(0.0), args, |a, b| Ok(a.add(b)))
}

fn subf(args: &[Value]) -> Result<Value, FuncError> {
    decimal_fold(any_arg(args, 0)?, &args[1..], |a, b| Ok(a.sub(b)))
}

fn mulf(args: &[Value]) -> Result<Value, FuncError> {
    decimal_fold(any_arg(args, 0)?, &args[1..], |a, b| Ok(a.mul(b)))
}

fn divf(args: &[Value]) -> Result<Value, FuncError> {
    decimal_fold(any_arg(args, 0)?, &args[1..], Decimal::div)
}

/// `math.Max`: NaN wins, and +0 beats -0.
fn go_max(a: f64, b: f64) -> f64 {
    if a.is_infinite() && a > 0.0 || b.is_infinite() && b > 0.0 {
        f64::INFINITY
    } else if a.is_nan() || b.is_nan() {
        f64::NAN
    } else if a == 0.0 && b == 0.0 {
        if a.is_sign_negative() {
            b
        } else {
            a
        }
    } else if a > b {
        a
    } else {
        b
    }
}

/// `math.Min`: NaN wins, and -0 beats +0.
fn go_min(a: f64, b: f64) -> f64 {
    if a.is_infinite() && a < 0.0 || b.is_infinite() && b < 0.0 {
        f64::NEG_INFINITY
    } else if a.is_nan() || b.is_nan() {
        f64::NAN
    } else if a == 0.0 && b == 0.0 {
        if a.is_sign_negative() {
            a
        } else {
            b
        }
    } else if a < b {
        a
    } else {
        b
    }
}

fn maxf(args: &[Value]) -> Result<Value, FuncError> {
    let first = to_float64(any_arg(args, 0)?);
    Ok(Value::Float(
        args[1..].iter().map(to_float64).fold(first, go_max),
    ))
}

fn minf(args: &[Value]) -> Result<Value, FuncError> {
    let first = to_float64(any_arg(args, 0)?);
    Ok(Value::Float(
        args[1..].iter().map(to_float64).fold(first, go_min),
    ))
}

fn floor(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::Float(to_float64(any_arg(args, 0)?).floor()))
}

fn ceil(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::Float(to_float64(any_arg(args, 0)?).ceil()))
}

/// `round value places [threshold]`: scales by 10^places and rounds up when the fraction is at
/// least the threshold (0.5 by default), so negative halves round down (`round -2.5 0` is -3).
fn round(args: &[Value]) -> Result<Value, FuncError> {
    let value = to_float64(any_arg(args, 0)?);
    let places = int_arg(args, 1)?;
    let threshold = match args.get(2) {
        Some(Value::Float(f)) => *f,
        Some(other) => to_float64(other),
        None => 0.5,
    };
    let power = 10f64.powi(places.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32);
    let scaled = power * value;
    let rounded = if scaled.fract() >= threshold {
        scaled.ceil()
    } else {
        scaled.floor()
    };
    Ok(Value::Float(rounded / power))
}

/// `int v` (cast `ToInt`): a Go `int`.
fn int(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::Int(to_int(any_arg(args, 0)?)))
}

/// `int64 v` (cast `ToInt64`).
fn int64(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::Int64(to_int64(any_arg(args, 0)?)))
}

/// `float64 v` (cast `ToFloat64`).
fn float64(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::Float(to_float64(any_arg(args, 0)?)))
}

/// `atoi s`: `strconv.Atoi` with failures as 0, a Go `int`.
fn atoi_function(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::Int(atoi(string_arg(args, 0)?).unwrap_or(0)))
}

/// `toDecimal v`: the value printed with `%v` and read as an octal number (`"0777"` is 511);
/// 0 when that fails.
fn to_decimal(args: &[Value]) -> Result<Value, FuncError> {
    let printed = format_v(any_arg(args, 0)?);
    let (negative, digits) = match printed.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, printed.strip_prefix('+').unwrap_or(&printed)),
    };
    let parsed = if !digits.is_empty() && digits.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        i128::from_str_radix(digits, 8).ok()
    } else {
        None
    };
    let value = parsed
        .map(|magnitude| if negative { -magnitude } else { magnitude })
        .and_then(|signed| i64::try_from(signed).ok())
        .unwrap_or(0);
    Ok(Value::Int64(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::funcs::test_support::call_in;

    fn call(name: &str, args: &[Value]) -> Result<Value, FuncError> {
        call_in(FUNCTIONS, name, args)
    }

    fn i(v: i64) -> Value {
        Value::Int(v)
    }

    fn f(v: f64) -> Value {
        Value::Float(v)
    }

    #[test]
    fn integer_arithmetic_truncates_operands() {
        assert_eq!(call("add", &[i(1), i(2), i(3), i(4)]), Ok(Value::Int64(10)));
        assert_eq!(call("add", &[f(1.9), f(1.9)]), Ok(Value::Int64(2)));
        assert_eq!(call("add", &[Value::from("3"), i(4)]), Ok(Value::Int64(7)));
        assert_eq!(call("add", &[Value::from("x"), i(1)]), Ok(Value::Int64(1)));
        assert_eq!(call("add", &[Value::Bool(true), i(1)]), Ok(Value::Int64(2)));
        assert_eq!(call("add1", &[f(1.5)]), Ok(Value::Int64(2)));
        assert_eq!(call("sub", &[f(5.9), f(0.9)]), Ok(Value::Int64(5)));
        assert_eq!(call("mul", &[i(2), i(3), i(4)]), Ok(Value::Int64(24)));
        assert_eq!(
            call("mul", &[Value::from("2"), Value::from("3")]),
            Ok(Value::Int64(6))
        );
        assert_eq!(call("div", &[i(-7), i(2)]), Ok(Value::Int64(-3)));
        assert_eq!(call("mod", &[i(-7), i(3)]), Ok(Value::Int64(-1)));
        assert_eq!(call("mod", &[i(7), i(-3)]), Ok(Value::Int64(1)));
        assert_eq!(call("max", &[i(1), i(5), i(3)]), Ok(Value::Int64(5)));
        assert_eq!(call("min", &[f(2.9), f(2.1)]), Ok(Value::Int64(2)));
        assert_eq!(
            call("add", &[i(i64::MAX), i(1)]),
            Ok(Value::Int64(i64::MIN))
        );
    }

    #[test]
    fn division_by_zero_is_go_runtime_error() {
        assert_eq!(call("div", &[i(1), i(0)]).unwrap_err().0, DIVIDE_BY_ZERO);
        assert_eq!(call("mod", &[i(1), i(0)]).unwrap_err().0, DIVIDE_BY_ZERO);
        assert_eq!(
            call("divf", &[i(1), i(0)]).unwrap_err().0,
            "decimal division by 0"
        );
        assert_eq!(
            call("div", &[i(i64::MIN), i(-1)]),
            Ok(Value::Int64(i64::MIN))
        );
    }

    #[test]
    fn float_arithmetic_is_decimal() {
        assert_eq!(call("addf", &[f(0.1), f(0.2)]), Ok(f(0.3)));
        assert_eq!(call("addf", &[f(1.5), Value::from("2.5")]), Ok(f(4.0)));
        assert_eq!(call("subf", &[i(5), i(1), i(1)]), Ok(f(3.0)));
        assert_eq!(call("mulf", &[f(1.1), i(3)]), Ok(f(3.3)));
        assert_eq!(call("divf", &[i(2), i(3), i(2)]), Ok(f(0.3333333333333334)));
        assert_eq!(call("add1f", &[f(0.1)]), Ok(f(1.1)));
        assert_eq!(call("maxf", &[i(1), f(2.5), i(-3)]), Ok(f(2.5)));
        assert_eq!(call("minf", &[f(0.1), f(0.01)]), Ok(f(0.01)));
        assert_eq!(
            call("addf", &[Value::from("inf")]).unwrap_err().0,
            "Cannot create a Decimal from +Inf"
        );
    }

    #[test]
    fn rounding() {
        let round = |v: f64, p: i64| call("round", &[f(v), i(p)]).unwrap();
        assert_eq!(round(2.5, 0), f(3.0));
        assert_eq!(round(-2.5, 0), f(-3.0));
        assert_eq!(round(1.2345, 2), f(1.23));
        assert_eq!(round(1.235, 2), f(1.24));
        assert_eq!(round(123.456, -1), f(120.0));
        assert_eq!(round(2.675, 2), f(2.68));
        assert_eq!(round(1234567.891, 1), f(1234567.9));
        assert_eq!(call("round", &[f(1.5), i(0), f(0.6)]), Ok(f(1.0)));
        assert_eq!(call("floor", &[Value::from("2.9")]), Ok(f(2.0)));
        assert_eq!(call("ceil", &[f(-1.7)]), Ok(f(-1.0)));
        assert!(call("round", &[f(1.0), Value::from("x")]).is_err());
    }

    #[test]
    fn conversions_have_their_own_result_types() {
        assert_eq!(call("int", &[Value::from("010")]), Ok(Value::Int(8)));
        assert_eq!(call("int", &[f(-3.9)]), Ok(Value::Int(-3)));
        assert_eq!(call("int64", &[Value::from("0b101")]), Ok(Value::Int64(5)));
        assert_eq!(call("float64", &[Value::from("1e3")]), Ok(f(1000.0)));
        assert_eq!(call("float64", &[Value::from("0x10")]), Ok(f(0.0)));
        assert_eq!(call("atoi", &[Value::from("010")]), Ok(Value::Int(10)));
        assert_eq!(call("atoi", &[Value::from("4.2")]), Ok(Value::Int(0)));
        assert!(call("atoi", &[i(4)]).is_err());
        assert_eq!(
            call("toDecimal", &[Value::from("0777")]),
            Ok(Value::Int64(511))
        );
        assert_eq!(call("toDecimal", &[Value::from("8")]), Ok(Value::Int64(0)));
        assert_eq!(call("toDecimal", &[i(10)]), Ok(Value::Int64(8)));
    }

    #[test]
    fn rand_int_stays_in_range() {
        for _ in 0..50 {
            let Ok(Value::Int(drawn)) = call("randInt", &[i(3), i(7)]) else {
                panic!()
            };
            assert!((3..7).contains(&drawn));
        }
        assert_eq!(
            call("randInt", &[i(5), i(5)]).unwrap_err().0,
            "invalid argument to Intn"
        );
    }
}
