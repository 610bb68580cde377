//! Helm's render of a loaded chart: template set, built-in objects, include/tpl, manifest
//! splitting, kind ordering, hooks and output.

pub mod error;
pub mod files;
pub mod helm_funcs;
pub mod manifest;
pub mod objects;
pub mod output;
pub mod release;
pub mod render;
pub mod schema;
pub mod schema_helm3;
pub mod scope;
pub mod sort;
pub mod values;

pub use error::EngineError;
