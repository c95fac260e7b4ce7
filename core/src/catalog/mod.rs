//! The government data catalog: load and validate it, lint it, search it
//! (CJK full text with facets), apply deltas, combine several catalogs, and
//! snapshot the indexed form for fast loading.

pub mod model;
pub mod sample;

pub use model::*;
