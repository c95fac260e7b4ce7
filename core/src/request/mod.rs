//! Sharing applications: build and validate them against the catalog and the
//! rules, canonicalize them (RFC 8785), track working-day deadlines, and shape
//! the HTTP requests a sharing platform expects.

pub mod digest;
pub mod jcs;

pub use digest::{canonical_digests, sha256_hex, sm3_hex, CanonicalDigests};
pub use jcs::{canonicalize, canonicalize_with, JcsLimits};
pub mod application;
pub mod calendar;
pub mod credit_code;
pub mod deadline;
pub mod entitlement;
pub mod finding;
pub mod lifecycle;
pub mod time;
pub mod validate;
