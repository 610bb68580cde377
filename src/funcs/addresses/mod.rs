//! Functions over addresses of things: slash-separated file paths ([`paths`]: `base`, `dir`,
//! `ext`, `clean`, `isAbs` and the `os*` twins), URLs ([`urls`]: `urlParse`, `urlJoin`, on a
//! reimplementation of Go's `net/url`) and host names ([`network`]: `getHostByName`, which
//! Helm gates behind `--enable-dns`).

pub mod network;
pub mod paths;
pub mod urls;
