//! chartroom: render, validate and diff the Kubernetes manifests of a multi-component project.
//!
//! The modules follow the pipeline (see docs/architecture.md); dependencies point one way:
//!
//! ```text
//! value   <- yaml <- gotmpl, funcs <- chart <- engine <- jinja, check <- project <- diff <- cli
//! ```
//!
//! * [`input`]: bounded reads of user files (regular files only, a size limit).
//! * [`interrupt`]: staging trees removed when the process is interrupted.
//! * [`limits`]: the budgets of a render (steps, output, value sizes, memory, archives).
//! * [`value`]: the dynamic value with Go's semantics (types, printing, truthiness).
//! * [`yaml`]: go-yaml v2 / sigs.k8s.io/yaml reading (with source spans) and Helm's `toYaml`.
//! * [`gotmpl`]: Go's text/template: lexer, parser, executor, builtins.
//! * [`funcs`]: the Sprig and Helm function library, one table per family.
//! * [`chart`]: loading charts, values files, `--set` grammar, coalescing, dependencies.
//! * [`engine`]: Helm's render of a loaded chart into sorted manifests.
//! * [`jinja`]: Jinja-templated manifest directories (minijinja) with the same functions.
//! * [`check`]: checks of rendered objects (references that must resolve on a cluster).
//! * [`project`]: `chartroom.yaml`, profiles, values with provenance, validation, rendering.

pub mod chart;
pub mod check;
pub mod cli;
pub mod diff;
pub mod engine;
pub mod funcs;
pub mod gotmpl;
pub mod input;
pub mod interrupt;
pub mod jinja;
pub mod limits;
pub mod project;
pub mod value;
pub mod yaml;
