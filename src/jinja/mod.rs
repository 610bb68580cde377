//! Jinja-templated manifest directories, rendered with minijinja.
//!
//! A manifests component is a directory whose `*.yaml`, `*.yml` and `*.j2` files are Jinja
//! templates producing Kubernetes manifests. They render with strict undefined (a missing
//! variable is an error naming the file and line), with the context `values`, `profile`,
//! `component`, `release` and `capabilities`, and with the project's whole function library
//! (Sprig and Helm's conversions) as functions and filters.
//!
//! * [`convert`]: minijinja values to and from [`crate::value::Value`].
//! * [`functions`]: the single adapter exposing [`crate::value::Function`]s.
//! * [`helm`]: Helm's conversions (`toYaml`, `toJson`, `required`, ...).
//! * [`environment`]: loading a directory, parsing and rendering with positioned errors.

pub mod convert;
pub mod environment;
pub mod functions;
pub mod helm;

pub use environment::{JinjaContext, JinjaError, ManifestDirectory, RenderedFile};
