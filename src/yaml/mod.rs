//! YAML as Helm reads and writes it.
//!
//! Reading: go-yaml v2 (YAML 1.1) resolution of plain scalars, as sigs.k8s.io/yaml applies it
//! (through JSON, so numbers in values files become `float64`), built on saphyr-parser events,
//! with source spans kept for error messages and limits on alias expansion, depth and size.
//! Writing: byte-identical output of Helm's `toYaml` (go-yaml v2's emitter).
//!
//! Reading is a pipeline: [`build`] turns parser events into [`Node`] trees (anchors, merge
//! keys, depth), [`resolve`] types scalars, [`convert`] makes Helm values of trees, and
//! [`values`] holds the entry points (values files, `fromYaml`, spans). Where saphyr is stricter
//! than go-yaml (indentation inside flow collections and quoted scalars, tab separators) the
//! text is patched, meaning kept, and parsed again (`flow_indent`, `build`).
//! Writing: [`emit`] (`to_yaml`, `to_yaml_pretty`).

pub mod build;
pub mod convert;
pub mod emit;
mod emit_json;
mod emit_resolve;
mod emit_scalar;
mod emit_sort;
pub mod error;
mod flow_indent;
pub mod head_scan;
pub mod node;
pub mod resolve;
pub mod spans;
mod syntax;
pub mod values;

pub use error::YamlError;
pub use node::{Node, NodeKind, ScalarStyle, Span};
pub use spans::{SpanEntry, SpanIndex};
pub use values::{
    parse_documents, parse_head_value, parse_value_any, parse_values, parse_values_with_spans,
    unmarshal_list, unmarshal_map,
};
