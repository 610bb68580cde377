//! Functions over Go's two container kinds: slices ([`lists`]: `list`, `append`, `first`,
//! `uniq`, `slice`, `until`, ...) and `map[string]interface{}` ([`dicts`]: `dict`, `set`,
//! `merge`, `dig`, `pluck`, `deepCopy`, ...).
//!
//! They live together because they share Go's reference semantics: lists read any slice type
//! through `reflect` and build new slices, while maps are shared and changed in place.

pub mod dicts;
pub mod lists;
