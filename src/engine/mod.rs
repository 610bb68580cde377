//! Helm's render of a loaded chart: template set, built-in objects, include/tpl, manifest
//! splitting, kind ordering, hooks and output.

pub mod glob;
pub mod manifest;
pub mod objects;
pub mod sort;
pub mod error;

pub use error::EngineError;
