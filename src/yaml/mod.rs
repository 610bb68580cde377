//! YAML as Helm reads and writes it.
//!
//! Reading: go-yaml v2 (YAML 1.1) resolution of plain scalars, as sigs.k8s.io/yaml applies it
//! (through JSON, so numbers in values files become `float64`), built on saphyr-parser events,
//! with source spans kept for error messages and limits on alias expansion, depth and size.
//! Writing: byte-identical output of Helm's `toYaml` (go-yaml v2's emitter).

pub mod emit;
mod emit_json;
mod emit_resolve;
mod emit_scalar;
mod emit_sort;
