//! chartroom projects: `chartroom.yaml`, profiles, effective values with provenance, schema
//! validation and rendering of every component.
//!
//! * [`source`]: YAML files with spans, [`source::Diagnostic`] (`file:line:col: path: rule`).
//! * [`model`]: `chartroom.yaml` ([`Project`], ordered [`model::Component`]s).
//! * [`profile`]: profiles and their `extends` chains ([`ResolvedProfile`]).
//! * [`values`]: layered values with provenance.
//! * [`schema`]: JSON Schema checks mapped back to source positions.

pub mod model;
pub mod profile;
pub mod schema;
pub mod source;
pub mod values;

pub use model::{Component, ComponentKind, Project};
pub use profile::ResolvedProfile;
pub use source::{Diagnostic, Diagnostics, Location};
