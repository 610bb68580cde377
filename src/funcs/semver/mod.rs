//! Semantic versions as Masterminds/semver v3 handles them: parsing, ordering and the
//! `*semver.Version` template object with the `semver` and `semverCompare` functions
//! ([`version`]), and constraint ranges ([`constraint`]).
//!
//! Besides templates, chart dependency resolution and Helm's `kubeVersion:` check use
//! [`constraint_matches`].

pub mod constraint;
pub mod version;

pub use constraint::constraint_matches;
