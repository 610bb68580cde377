//! chartroom projects: `chartroom.yaml`, profiles, effective values with provenance, schema
//! validation and rendering of every component.

pub mod schema;
pub mod values;
pub mod source;
