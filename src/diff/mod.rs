//! `chartroom diff` and `chartroom baseline`: what would change if the current render were
//! applied.
//!
//! Both sides of a comparison are manifest streams. They are parsed into objects
//! ([`normalize`]), keyed by group, kind, namespace and name ([`identity`]), stripped of what
//! ignore rules exclude ([`ignore`]) and compared as parsed content ([`compare`], with changed
//! paths as JSON pointers from [`pointer`]). Reports ([`report`], and [`markdown`] for
//! pull-request comments) print changed objects as unified diffs of canonical YAML
//! ([`textdiff`]) with Secret values masked ([`secrets`]).
//!
//! The side compared against comes from a [`source`]: a stored baseline ([`baseline`]), a
//! file or directory, a git revision ([`git`]), another profile, or the cluster ([`live`],
//! behind the `live` cargo feature; the only module that talks to a network).

pub mod baseline;
pub mod compare;
pub mod error;
pub mod git;
pub mod identity;
pub mod ignore;
#[cfg(feature = "live")]
pub mod live;
pub mod markdown;
pub mod normalize;
pub mod pointer;
pub mod report;
pub mod secrets;
pub mod source;
pub mod textdiff;

pub use compare::{compare, ChangeKind, DiffReport, ObjectChange};
pub use error::DiffError;
pub use identity::{ResourceKey, ResourceSet, Scopes};
pub use ignore::{IgnoreRule, IgnoreRules};
pub use markdown::write_markdown;
pub use report::{write_json, write_stat, write_text, ReportOptions};

/// The report of two manifest texts in the `iot` namespace, for the writers' tests.
#[cfg(test)]
pub(crate) fn compare_texts(old: &str, new: &str) -> DiffReport {
    let set = |text: &str| {
        ResourceSet::build(
            normalize::parse_manifests(text, "t").unwrap(),
            &Scopes::builtin(),
            "iot",
        )
        .unwrap()
    };
    compare(&set(old), &set(new), &IgnoreRules::default())
}
