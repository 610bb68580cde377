//! Loading a Helm chart from disk or a .tgz: Chart.yaml, values, templates, files, dependencies;
//! the `--set` grammar and Helm's coalescing of values.
//!
//! * [`strvals`]: the `--set`/`--set-string`/`--set-json`/`--set-file` and `--set-literal`
//!   grammars.
//! * [`coalesce`]: Helm's `CoalesceValues`/`MergeValues` of user values with chart defaults.
//! * [`metadata`]: Chart.yaml's structs, validation and the `.Chart` map.
//! * [`model`]: the loaded [`Chart`].

pub mod archive;
pub mod chart_struct;
pub mod chartfile;
pub mod coalesce;
pub mod compat;
pub mod dependencies;
pub mod error;
pub mod glob;
pub mod ignore;
pub mod load;
pub mod metadata;
pub mod model;
pub mod options;
pub mod release_name;
pub mod sniff;
pub mod strvals;

#[cfg(test)]
mod vector_tests;

pub use coalesce::{coalesce_values, merge_maps, merge_values};
pub use compat::{HelmCompat, HelmCompatError};
pub use dependencies::{check_dependencies, process_dependencies};
pub use error::ChartError;
pub use load::{load_chart, load_chart_for};
pub use metadata::{Dependency, Maintainer, Metadata};
pub use model::{Chart, ChartFile};
pub use options::ValueOptions;
