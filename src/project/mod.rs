//! chartroom projects: `chartroom.yaml`, profiles, effective values with provenance, schema
//! validation and rendering of every component.
//!
//! * [`source`]: YAML files with spans, [`Diagnostic`] (a problem at `file:line:col`, its key
//!   path, what was expected, a hint); [`report`]: diagnostics laid out for the terminal;
//!   [`suggest`]: "did you mean" for misspelt names.
//! * [`model`]: `chartroom.yaml` ([`Project`], ordered [`Component`]s).
//! * [`profile`]: profiles and their `extends` chains ([`ResolvedProfile`]).
//! * [`values`]: layered values with provenance.
//! * [`schema`]: JSON Schema checks mapped back to source positions.
//! * [`chart_component`]: charts loaded once, their values schemas, their render by the engine.
//! * [`plan`]: the [`Workspace`] of a run: effective values and parallel renders.
//! * [`documents`]: rendered streams cut into objects; [`output_dir`]: `--output-dir` trees.
//! * [`policy`]: per-profile policies over rendered objects; [`validate`]: `chartroom validate`.

pub mod chart_component;
pub mod documents;
pub mod model;
pub mod output_dir;
pub mod plan;
pub mod policy;
pub mod profile;
pub mod report;
pub mod schema;
pub mod source;
pub mod suggest;
pub mod validate;
pub mod values;

pub use model::{Component, ComponentKind, Project};
pub use plan::{CommandLineValues, RenderedComponent, Workspace};
pub use profile::ResolvedProfile;
pub use source::{settle, Diagnostic, Diagnostics, Location};
