//! `.Chart` as Helm 3 hands it to templates: a Go struct, not a map.
//!
//! Helm 3's engine gives each chart's templates an anonymous struct that embeds Chart.yaml's
//! `chart.Metadata` and adds `IsRoot`. Templates read the same field names as in Helm 4
//! (`.Chart.Name`, `.Chart.AppVersion`), but the rest follows from it being a struct:
//! * an unknown field is an error rather than an empty value;
//! * `toJson`/`toYaml` go through `encoding/json`, so they show the json tags (`name`,
//!   `apiVersion`, `import-values`) and leave out empty optional fields (`IsRoot`, untagged,
//!   is always there);
//! * `print` shows the struct's fields in declaration order, and maintainers and dependencies
//!   are pointers to structs (`*chart.Maintainer`, `*chart.Dependency`).

use std::sync::Arc;

use super::metadata::{Dependency, Maintainer, Metadata, NilStringMap};
use crate::value::fmt::format_v;
use crate::value::{Map, Object, Value};

/// `chart.Metadata`'s fields in declaration order: Go name and json name.
const METADATA_FIELDS: &[(&str, &str)] = &[
    ("Name", "name"),
    ("Home", "home"),
    ("Sources", "sources"),
    ("Version", "version"),
    ("Description", "description"),
    ("Keywords", "keywords"),
    ("Maintainers", "maintainers"),
    ("Icon", "icon"),
    ("APIVersion", "apiVersion"),
    ("Condition", "condition"),
    ("Tags", "tags"),
    ("AppVersion", "appVersion"),
    ("Deprecated", "deprecated"),
    ("Annotations", "annotations"),
    ("KubeVersion", "kubeVersion"),
    ("Dependencies", "dependencies"),
    ("Type", "type"),
];

/// `struct { chart.Metadata; IsRoot bool }`, or the embedded `chart.Metadata` alone when
/// `is_root` is `None` (what `.Chart.Metadata` reaches).
#[derive(Debug, Clone)]
pub struct ChartStruct {
    metadata: Arc<Metadata>,
    is_root: Option<bool>,
}

impl ChartStruct {
    /// The `.Chart` value of a chart (the release's own chart when `is_root`).
    pub fn value(metadata: &Metadata, is_root: bool) -> Value {
        Value::Object(Arc::new(ChartStruct {
            metadata: Arc::new(metadata.clone()),
            is_root: Some(is_root),
        }))
    }

    /// One field of the embedded `chart.Metadata` by Go name, built only when asked for
    /// (templates read `.Chart.Name` and friends often).
    fn metadata_field(&self, name: &str) -> Option<Value> {
        let m = &self.metadata;
        let strings = |items: &[String]| Value::string_list(items.iter().map(String::as_str));
        Some(match name {
            "Name" => Value::string(m.name.as_str()),
            "Home" => Value::string(m.home.as_str()),
            "Sources" => strings(&m.sources),
            "Version" => Value::string(m.version.as_str()),
            "Description" => Value::string(m.description.as_str()),
            "Keywords" => strings(&m.keywords),
            "Maintainers" => Value::list(
                m.maintainers
                    .iter()
                    .map(|maintainer| match maintainer {
                        Some(maintainer) => {
                            Value::Object(Arc::new(MaintainerStruct(maintainer.clone())))
                        }
                        None => Value::Nil,
                    })
                    .collect(),
            ),
            "Icon" => Value::string(m.icon.as_str()),
            "APIVersion" => Value::string(m.api_version.as_str()),
            "Condition" => Value::string(m.condition.as_str()),
            "Tags" => Value::string(m.tags.as_str()),
            "AppVersion" => Value::string(m.app_version.as_str()),
            "Deprecated" => Value::Bool(m.deprecated),
            "Annotations" => match &m.annotations {
                Some(entries) => Value::Map(
                    entries
                        .iter()
                        .map(|(k, v)| (k.as_str().into(), Value::string(v.as_str())))
                        .collect(),
                ),
                None => Value::Object(Arc::new(NilStringMap)),
            },
            "KubeVersion" => Value::string(m.kube_version.as_str()),
            "Dependencies" => Value::list(
                m.dependencies
                    .iter()
                    .flatten()
                    .map(|dependency| match dependency {
                        Some(dependency) => {
                            Value::Object(Arc::new(DependencyStruct(dependency.clone())))
                        }
                        None => Value::Nil,
                    })
                    .collect(),
            ),
            "Type" => Value::string(m.chart_type.as_str()),
            _ => return None,
        })
    }

    /// Chart.yaml's fields in the struct's declaration order: Go name, json name, whether the
    /// json tag has `omitempty` (all do), and the value.
    fn fields(&self) -> Vec<(&'static str, &'static str, bool, Value)> {
        METADATA_FIELDS
            .iter()
            .map(|(go_name, json_name)| {
                let value = self.metadata_field(go_name).unwrap_or(Value::Nil);
                (*go_name, *json_name, true, value)
            })
            .collect()
    }

    /// The json members: the embedded metadata's, then `IsRoot`.
    fn json_fields(&self) -> Vec<(String, Value)> {
        let mut fields = tagged_fields(self.fields());
        if let Some(is_root) = self.is_root {
            fields.push(("IsRoot".to_string(), Value::Bool(is_root)));
        }
        fields
    }

    fn metadata_text(&self) -> String {
        let parts: Vec<String> = self
            .fields()
            .iter()
            .map(|(_, _, _, value)| format_field(value))
            .collect();
        format!("{{{}}}", parts.join(" "))
    }
}

impl Object for ChartStruct {
    fn type_name(&self) -> String {
        match self.is_root {
            Some(_) => "struct { chart.Metadata; IsRoot bool }".into(),
            None => "chart.Metadata".into(),
        }
    }
    fn kind_name(&self) -> &'static str {
        "struct"
    }
    fn field(&self, name: &str) -> Option<Value> {
        match (name, self.is_root) {
            ("IsRoot", Some(is_root)) => return Some(Value::Bool(is_root)),
            ("Metadata", Some(_)) => {
                return Some(Value::Object(Arc::new(ChartStruct {
                    metadata: self.metadata.clone(),
                    is_root: None,
                })))
            }
            _ => {}
        }
        self.metadata_field(name)
    }
    fn format_value(&self) -> String {
        match self.is_root {
            Some(is_root) => format!("{{{} {is_root}}}", self.metadata_text()),
            None => self.metadata_text(),
        }
    }
    fn to_json_value(&self) -> Value {
        Value::Map(to_map(self.json_fields()))
    }
    fn json_struct_fields(&self) -> Option<Vec<(String, Value)>> {
        Some(self.json_fields())
    }
}

/// `*chart.Maintainer`.
#[derive(Debug, Clone)]
struct MaintainerStruct(Maintainer);

impl MaintainerStruct {
    fn fields(&self) -> Vec<(&'static str, &'static str, bool, Value)> {
        vec![
            ("Name", "name", true, Value::string(self.0.name.as_str())),
            ("Email", "email", true, Value::string(self.0.email.as_str())),
            ("URL", "url", true, Value::string(self.0.url.as_str())),
        ]
    }
}

/// `*chart.Dependency`.
#[derive(Debug, Clone)]
struct DependencyStruct(Dependency);

impl DependencyStruct {
    fn fields(&self) -> Vec<(&'static str, &'static str, bool, Value)> {
        let d = &self.0;
        vec![
            ("Name", "name", false, Value::string(d.name.as_str())),
            (
                "Version",
                "version",
                true,
                Value::string(d.version.as_str()),
            ),
            (
                "Repository",
                "repository",
                false,
                Value::string(d.repository.as_str()),
            ),
            (
                "Condition",
                "condition",
                true,
                Value::string(d.condition.as_str()),
            ),
            (
                "Tags",
                "tags",
                true,
                Value::string_list(d.tags.iter().map(String::as_str)),
            ),
            ("Enabled", "enabled", true, Value::Bool(d.enabled)),
            (
                "ImportValues",
                "import-values",
                true,
                Value::list(d.import_values.clone()),
            ),
            ("Alias", "alias", true, Value::string(d.alias.as_str())),
        ]
    }
}

/// Helm 3's nested chart structs, reached through pointers: their fields, Go type name and
/// JSON tags are all a template can observe.
trait PointerStruct: std::fmt::Debug + Send + Sync {
    const TYPE_NAME: &'static str;
    /// (Go field name, JSON tag, omitempty, value) in declaration order.
    fn fields(&self) -> Vec<(&'static str, &'static str, bool, Value)>;
}

impl PointerStruct for MaintainerStruct {
    const TYPE_NAME: &'static str = "*chart.Maintainer";
    fn fields(&self) -> Vec<(&'static str, &'static str, bool, Value)> {
        MaintainerStruct::fields(self)
    }
}

impl PointerStruct for DependencyStruct {
    const TYPE_NAME: &'static str = "*chart.Dependency";
    fn fields(&self) -> Vec<(&'static str, &'static str, bool, Value)> {
        DependencyStruct::fields(self)
    }
}

impl<T: PointerStruct + 'static> Object for T {
    fn type_name(&self) -> String {
        T::TYPE_NAME.into()
    }
    fn kind_name(&self) -> &'static str {
        "ptr"
    }
    fn field(&self, name: &str) -> Option<Value> {
        struct_field(PointerStruct::fields(self), name)
    }
    fn format_template(&self) -> String {
        struct_text(&PointerStruct::fields(self))
    }
    fn format_value(&self) -> String {
        format!("&{}", struct_text(&PointerStruct::fields(self)))
    }
    fn to_json_value(&self) -> Value {
        Value::Map(to_map(tagged_fields(PointerStruct::fields(self))))
    }
    fn json_struct_fields(&self) -> Option<Vec<(String, Value)>> {
        Some(tagged_fields(PointerStruct::fields(self)))
    }
}

fn struct_field(
    fields: Vec<(&'static str, &'static str, bool, Value)>,
    name: &str,
) -> Option<Value> {
    fields
        .into_iter()
        .find(|(go_name, _, _, _)| *go_name == name)
        .map(|(_, _, _, value)| value)
}

fn struct_text(fields: &[(&'static str, &'static str, bool, Value)]) -> String {
    let parts: Vec<String> = fields
        .iter()
        .map(|(_, _, _, value)| format_field(value))
        .collect();
    format!("{{{}}}", parts.join(" "))
}

/// `%v` of a struct field: a slice of pointers shows addresses, which Go makes up at run time;
/// chartroom prints a fixed, plausible one for each element.
fn format_field(value: &Value) -> String {
    match value {
        Value::List(items)
            if items.iter().any(
                |item| matches!(item, Value::Object(object) if object.kind_name() == "ptr"),
            ) =>
        {
            let addresses: Vec<String> = (0..items.len())
                .map(|index| format!("0xc000{:06x}", 0x10000 + index * 0x40))
                .collect();
            format!("[{}]", addresses.join(" "))
        }
        other => format_v(other),
    }
}

/// The fields as `encoding/json` writes them, in declaration order: json names, `omitempty`
/// fields left out when empty (an empty string, false, an empty or nil slice or map).
fn tagged_fields(fields: Vec<(&'static str, &'static str, bool, Value)>) -> Vec<(String, Value)> {
    fields
        .into_iter()
        .filter(|(_, _, omit_empty, value)| !(*omit_empty && is_empty(value)))
        .map(|(_, json_name, _, value)| (json_name.to_string(), value))
        .collect()
}

fn to_map(fields: Vec<(String, Value)>) -> Map {
    let map = Map::new();
    for (key, value) in fields {
        map.insert(key, value);
    }
    map
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::String(text) => text.is_empty(),
        Value::Bool(flag) => !flag,
        Value::List(items) => items.is_empty(),
        Value::Map(map) => map.is_empty(),
        Value::Object(object) => object.kind_name() == "map" && !object.is_truthy(),
        Value::Nil => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metadata() -> Metadata {
        Metadata {
            name: "raw".into(),
            version: "0.0.1".into(),
            api_version: "v2".into(),
            app_version: "1.0.0".into(),
            maintainers: vec![Some(Maintainer {
                name: "Someone".into(),
                email: "someone@example.com".into(),
                url: String::new(),
            })],
            ..Metadata::default()
        }
    }

    #[test]
    fn json_uses_tags_and_omits_empty_fields() {
        let Value::Object(chart) = ChartStruct::value(&metadata(), true) else {
            panic!("an object");
        };
        let json = crate::value::json::to_json(&Value::Object(chart.clone()), true).unwrap();
        assert_eq!(
            json,
            r#"{"name":"raw","version":"0.0.1","maintainers":[{"name":"Someone","email":"someone@example.com"}],"apiVersion":"v2","appVersion":"1.0.0","IsRoot":true}"#
        );
        assert_eq!(chart.type_name(), "struct { chart.Metadata; IsRoot bool }");
        assert!(chart.field("NoSuchField").is_none());
        assert_eq!(chart.field("IsRoot"), Some(Value::Bool(true)));
    }

    #[test]
    fn print_shows_fields_in_declaration_order() {
        let mut plain = metadata();
        plain.maintainers.clear();
        plain.description = "d".into();
        let Value::Object(chart) = ChartStruct::value(&plain, true) else {
            panic!("an object");
        };
        assert_eq!(
            chart.format_value(),
            "{{raw  [] 0.0.1 d [] []  v2   1.0.0 false map[]  [] } true}"
        );
    }
}
