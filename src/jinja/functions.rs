//! The one adapter between the project's function library and minijinja.
//!
//! Every [`Function`] of [`crate::funcs::library`] and of [`super::helm::FUNCTIONS`] becomes a
//! Jinja function (`{{ b64enc("x") }}`) and a Jinja filter (`{{ "x" | b64enc }}`). A filter
//! receives the piped value as its *last* argument, exactly like a Go template pipeline
//! (`{{ "x" | b64enc }}`, `{{ text | nindent(4) }}` is `nindent 4 text`). Arguments are checked
//! and converted against the function's Go signature: integers for `int`/`int64`, any number
//! for `float64`, strings for `string`, sequences for lists, maps for maps, anything (undefined
//! and none as nil) for `interface{}`.
//!
//! Names that minijinja already defines as global functions (`range`, `dict`, `namespace`)
//! keep their Jinja meaning, and so do the built-in filters that work on sequences
//! ([`JINJA_FILTERS_KEPT`]); every other library name replaces the built-in filter of the same
//! name, so `default`, `indent`, `int`, `trim` behave as in Helm charts.

use minijinja::value::Rest;
use minijinja::{Environment, Error, ErrorKind, Value as JinjaValue};

use super::convert::{from_jinja, to_jinja};
use crate::value::{Function, GoType, Value};

/// Built-in Jinja filters that keep their Jinja meaning over a library function of the name.
pub const JINJA_FILTERS_KEPT: &[&str] = &[
    "attr",
    "batch",
    "count",
    "dictsort",
    "e",
    "escape",
    "format",
    "groupby",
    "items",
    "length",
    "list",
    "map",
    "max",
    "min",
    "reject",
    "rejectattr",
    "reverse",
    "safe",
    "select",
    "selectattr",
    "sort",
    "split",
    "sum",
    "unique",
];

/// Global functions minijinja defines that keep their Jinja meaning.
pub const JINJA_FUNCTIONS_KEPT: &[&str] = &["range", "dict", "namespace", "debug"];

/// Every function Jinja manifests can call: the library, then Helm's conversions.
pub fn all_functions() -> impl Iterator<Item = &'static Function> {
    crate::funcs::library().chain(super::helm::FUNCTIONS.iter())
}

/// Registers every function of [`all_functions`] on `environment`, as function and filter.
pub fn register(environment: &mut Environment<'_>) {
    for function in all_functions() {
        let function = *function;
        if !JINJA_FUNCTIONS_KEPT.contains(&function.name) {
            environment.add_function(function.name, move |args: Rest<JinjaValue>| {
                call(&function, &args.0)
            });
        }
        if !JINJA_FILTERS_KEPT.contains(&function.name) {
            environment.add_filter(
                function.name,
                move |piped: JinjaValue, args: Rest<JinjaValue>| {
                    let mut all = args.0;
                    all.push(piped);
                    call(&function, &all)
                },
            );
        }
    }
}

thread_local! {
    /// Steps charged to the directory render running on this thread for expensive functions
    /// (minijinja's fuel does not see the work inside a function call).
    static CHARGED: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Starts the count of [`charge`] for a new render on this thread.
pub fn reset_charges() {
    CHARGED.with(|charged| charged.set(0));
}

/// Charges a call of `name` its cost ([`crate::limits::function_cost`]) against the step
/// limit of the render on this thread.
fn charge(name: &str) -> Result<(), Error> {
    let cost = crate::limits::function_cost(name);
    if cost == 0 {
        return Ok(());
    }
    let total = CHARGED.with(|charged| {
        let total = charged.get().saturating_add(cost);
        charged.set(total);
        total
    });
    let limit = crate::limits::STEPS.get();
    if total > limit {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            format!(
                "render stopped at {name}: expensive functions (counted as {cost} steps a call) {}",
                crate::limits::STEPS.exceeded_at(limit)
            ),
        ));
    }
    Ok(())
}

/// Calls `function` with Jinja arguments converted to its Go signature.
pub fn call(function: &Function, args: &[JinjaValue]) -> Result<JinjaValue, Error> {
    charge(function.name)?;
    let signature = function.signature;
    let fixed = signature.params.len();
    let arity_ok = match signature.variadic {
        Some(_) => args.len() >= fixed,
        None => args.len() == fixed,
    };
    if !arity_ok {
        let wanted = if signature.variadic.is_some() {
            format!("at least {fixed}")
        } else {
            fixed.to_string()
        };
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            format!(
                "wrong number of args for {}: want {wanted} got {}",
                function.name,
                args.len()
            ),
        ));
    }
    let mut converted = Vec::with_capacity(args.len());
    for (index, arg) in args.iter().enumerate() {
        let go_type = signature
            .params
            .get(index)
            .copied()
            .or(signature.variadic)
            .unwrap_or(GoType::Any);
        let value = convert_argument(arg, go_type).map_err(|message| {
            Error::new(
                ErrorKind::InvalidOperation,
                format!("error calling {}: {message}", function.name),
            )
        })?;
        converted.push(value);
    }
    match (function.call)(&converted) {
        Ok(result) => Ok(to_jinja(&result)),
        Err(error) => Err(Error::new(
            ErrorKind::InvalidOperation,
            format!("error calling {}: {}", function.name, error.0),
        )),
    }
}

/// One argument as the Go parameter type wants it, or Go's wording of the mismatch.
pub fn convert_argument(arg: &JinjaValue, go_type: GoType) -> Result<Value, String> {
    let value = from_jinja(arg);
    let converted = match (go_type, &value) {
        (GoType::Any, _) => Some(value.clone()),
        (GoType::String, Value::String(_)) | (GoType::Bool, Value::Bool(_)) => Some(value.clone()),
        (GoType::Int, Value::Int(number)) => Some(Value::Int(*number)),
        (GoType::Int64, Value::Int(number)) => Some(Value::Int64(*number)),
        (GoType::Int | GoType::Int64, Value::Float(number))
            if number.fract() == 0.0 && number.is_finite() =>
        {
            let whole = *number as i64;
            Some(if go_type == GoType::Int {
                Value::Int(whole)
            } else {
                Value::Int64(whole)
            })
        }
        (GoType::Float64, Value::Float(_)) => Some(value.clone()),
        (GoType::Float64, Value::Int(number)) => Some(Value::Float(*number as f64)),
        (GoType::List | GoType::Map | GoType::StringList | GoType::Bytes, Value::Nil) => {
            Some(Value::Nil)
        }
        (GoType::List, Value::List(_))
        | (GoType::Map, Value::Map(_))
        | (GoType::Bytes, Value::Bytes(_)) => Some(value.clone()),
        (GoType::Bytes, Value::String(text)) => Some(Value::Bytes(text.as_bytes().into())),
        (GoType::StringList, Value::List(items))
            if items.iter().all(|item| item.as_str().is_some()) =>
        {
            Some(value.clone())
        }
        _ => None,
    };
    converted.ok_or_else(|| {
        let found = if value.is_nil() {
            "interface {}".to_string()
        } else {
            value.type_name()
        };
        format!(
            "wrong type for value; expected {}; got {found}",
            go_type.go_name()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(source: &str) -> Result<String, Error> {
        let mut environment = Environment::new();
        register(&mut environment);
        environment.render_str(source, minijinja::context! { text => "a\nb", empty => "" })
    }

    #[test]
    fn expensive_functions_are_charged_to_the_step_budget() {
        reset_charges();
        let error =
            render("{% for i in range(100000) %}{{ genPrivateKey('ecdsa') | length }}{% endfor %}")
                .unwrap_err()
                .to_string();
        assert!(error.contains("render stopped at genPrivateKey"), "{error}");
        assert!(error.contains("CHARTROOM_MAX_STEPS"), "{error}");
        reset_charges();
    }

    #[test]
    fn filters_take_the_piped_value_last() {
        assert_eq!(render("{{ 'hi' | b64enc }}").unwrap(), "aGk=");
        assert_eq!(render("x:{{ text | nindent(2) }}").unwrap(), "x:\n  a\n  b");
        assert_eq!(render("{{ empty | default('dflt') }}").unwrap(), "dflt");
        assert_eq!(
            render("{{ sha256sum('abc') | trunc(8) }}").unwrap(),
            "ba7816bf"
        );
        assert_eq!(render("{{ dict(a=1)['a'] }}").unwrap(), "1");
        assert_eq!(render("{{ [3, 1] | sort | join(',') }}").unwrap(), "1,3");
    }

    #[test]
    fn arguments_are_checked_against_go_signatures() {
        let error = render("{{ nindent('x', 'y') }}").unwrap_err();
        assert!(
            error
                .to_string()
                .contains("error calling nindent: wrong type for value; expected int; got string"),
            "{error}"
        );
        let error = render("{{ b64enc() }}").unwrap_err();
        assert!(
            error
                .to_string()
                .contains("wrong number of args for b64enc"),
            "{error}"
        );
        let error = render("{{ required('need it', empty) }}").unwrap_err();
        assert!(error.to_string().contains("need it"), "{error}");
    }
}
