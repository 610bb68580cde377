//! Which Helm release chartroom imitates: Helm 4.1.4 (the default) or Helm 3.17.3.
//!
//! Both render almost every chart identically. Where they part, one [`HelmCompat`] value,
//! chosen once per invocation (`--helm-compat` or a project's `helmCompat:`), travels with the
//! load, the values and the render, and the few places that differ ask it:
//!
//! * chart loading ([`super::load`]): Helm 3 does not check Chart.yaml's `apiVersion` before
//!   loading (so `v3` or an unknown version renders, and a directory without Chart.yaml is
//!   reported only once its files are read), and reads only the first YAML document of a
//!   values file, where Helm 4 merges them all;
//! * the template engine (`crate::engine`): Helm 3 is built with Go 1.23, whose text/template
//!   cannot `range` over an integer; its function table has no `mustToYaml`, and its older
//!   TOML library numbers end-of-text errors from line 0; `.Chart` is a Go struct
//!   (Chart.yaml's `Metadata` plus `IsRoot`, see [`super::chart_struct`]) rather than a map,
//!   so JSON and YAML see the json tags without empty fields, and an unknown field is an
//!   error; `.Capabilities` describes Kubernetes 1.32 and Helm 3.17.3, `--kube-version` is
//!   read as a semantic version and printed and checked as given (Helm 4 normalises it), and
//!   the Go package of `.Values` and `.Capabilities` is `chartutil` (Helm 4 renamed it
//!   `common`);
//! * sorting: Helm 3's install order does not know the admission webhook kinds, so they sort
//!   with the unknown kinds at the end;
//! * values schemas: Helm 3's validator knows drafts 4 to 7 only, so 2020-12 keywords such as
//!   `prefixItems` mean nothing, and it checks `"format": "email"`;
//! * error texts: Helm 3 prints Go's one-line execution errors (Helm 4 spreads them over
//!   several lines), in the words of Go 1.23 and its own older libraries.

use std::fmt;
use std::str::FromStr;

/// The Helm release whose output chartroom reproduces.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum HelmCompat {
    /// Helm 3.17.3.
    V3,
    /// Helm 4.1.4, the reference chartroom follows unless told otherwise.
    #[default]
    V4,
}

/// A `--helm-compat` or `helmCompat:` value that names no supported Helm release.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unsupported Helm compatibility {0:?}: expected 3 or 4")]
pub struct HelmCompatError(pub String);

impl HelmCompat {
    /// The major version number (what `.Capabilities.HelmVersion` reports).
    pub fn major(self) -> u8 {
        match self {
            HelmCompat::V3 => 3,
            HelmCompat::V4 => 4,
        }
    }

    /// Whether this is Helm 3's behaviour.
    pub fn is_helm3(self) -> bool {
        self == HelmCompat::V3
    }
}

impl FromStr for HelmCompat {
    type Err = HelmCompatError;

    /// `3` or `4`; a leading `v` and a minor version (`3.17`) are accepted too.
    fn from_str(text: &str) -> Result<HelmCompat, HelmCompatError> {
        let trimmed = text.trim();
        let bare = trimmed.strip_prefix(['v', 'V']).unwrap_or(trimmed);
        let major = bare.split('.').next().unwrap_or_default();
        match major {
            "3" => Ok(HelmCompat::V3),
            "4" => Ok(HelmCompat::V4),
            _ => Err(HelmCompatError(text.to_string())),
        }
    }
}

impl fmt::Display for HelmCompat {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}", self.major())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_major_versions() {
        assert_eq!("3".parse::<HelmCompat>(), Ok(HelmCompat::V3));
        assert_eq!("v3.17".parse::<HelmCompat>(), Ok(HelmCompat::V3));
        assert_eq!("4".parse::<HelmCompat>(), Ok(HelmCompat::V4));
        assert_eq!(HelmCompat::default(), HelmCompat::V4);
        assert_eq!(
            "2".parse::<HelmCompat>().unwrap_err().to_string(),
            "unsupported Helm compatibility \"2\": expected 3 or 4"
        );
        assert_eq!(HelmCompat::V3.to_string(), "3");
    }
}
