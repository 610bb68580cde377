//! Helm's Go structs as template values.
//!
//! `.Capabilities`, `.Capabilities.KubeVersion`, `.Capabilities.APIVersions`, `.Files` and the
//! like are Go structs or named types with methods. Templates reach them through field access
//! (`.Capabilities.KubeVersion.Major`) and method calls (`.Files.Get "x"`,
//! `.Capabilities.APIVersions.Has "apps/v1"`); printing, JSON and YAML each see them differently
//! (a struct's `String` method, json tags, yaml's lower-cased field names). An [`Object`]
//! answers each of those questions for one Helm type.

use super::{FuncError, Signature, Value};

/// A Go struct or named type exposed to templates.
///
/// `Any` is a supertrait so a function receiving an object of its own type (a `time.Time`, a
/// `*semver.Version`) can downcast `&dyn Object` to the concrete type.
pub trait Object: std::any::Any + Send + Sync + std::fmt::Debug {
    /// `%T` of the value as a template sees it, e.g. `*common.Capabilities`.
    fn type_name(&self) -> String;

    /// `reflect.Kind` name, e.g. `ptr`, `struct`, `slice`, `map`.
    fn kind_name(&self) -> &'static str;

    /// An exported field, or `None` when the type has no such field (none by default: a
    /// named scalar or map type has no fields).
    fn field(&self, _name: &str) -> Option<Value> {
        None
    }

    /// Calls an exported method; `None` when the type has no such method (none by default).
    fn call_method(&self, _name: &str, _args: &[Value]) -> Option<Result<Value, FuncError>> {
        None
    }

    /// Whether the type has a method of this name (text/template prefers methods to fields).
    fn has_method(&self, _name: &str) -> bool {
        false
    }

    /// The Go signature of a method, so the template executor can check arity and convert
    /// arguments as Go does (`wrong number of args for Has: want 1 got 0`). `None` passes the
    /// arguments unchecked.
    fn method_signature(&self, _name: &str) -> Option<Signature> {
        None
    }

    /// What `{{ . }}` writes: text/template uses a `String`/`Error` method reachable through a
    /// pointer, so this may differ from [`Object::format_value`].
    fn format_template(&self) -> String {
        self.format_value()
    }

    /// What `fmt`'s `%v` (and so `print`, `quote`, `toString`) writes for the value as passed.
    fn format_value(&self) -> String;

    /// The value as `encoding/json` sees it (json tags applied), for `toJson` and `toYaml`
    /// (sigs.k8s.io/yaml marshals through JSON).
    fn to_json_value(&self) -> Value;

    /// For a struct that `encoding/json` writes field by field: the json names and values in
    /// declaration order, which `toJson` keeps (a map's keys are sorted). `None` (the default)
    /// encodes [`Object::to_json_value`] instead. YAML always sorts, so it ignores this.
    fn json_struct_fields(&self) -> Option<Vec<(String, Value)>> {
        None
    }

    /// Go's truthiness of the underlying value (structs are always true).
    fn is_truthy(&self) -> bool {
        true
    }

    /// The elements when the object is a Go slice or map (so `range`, `len`, `index` work on
    /// it), e.g. `APIVersions` is a `[]string` with a `Has` method.
    fn as_collection(&self) -> Option<Value> {
        None
    }
}
