//! uniffi bindings: converts types and errors, nothing else.
#![forbid(unsafe_code)]
// No panic may cross a binding's boundary: outside tests, none is written
// here (clippy -D warnings in `make test` holds this; parsers are fuzzed for
// the panics a lint cannot see, indexing and arithmetic).
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::todo,
        clippy::unimplemented,
        clippy::unreachable
    )
)]
// uniffi passes errors by value; the error carries its messages and location.
#![allow(clippy::result_large_err)]
uniffi::setup_scaffolding!();

mod audit;
mod catalog;
mod crypto;
mod mask;
mod profile;
mod request;
mod sign;
mod store;

use govshare_core as core;

pub use audit::{AuditLog, AuditVerifier};
pub use catalog::{Catalog, CatalogLoader, CatalogSet, PublishedIndex, PublishedIndexLoader, SnapshotLoader};
pub use mask::{ColumnsCsv, MaskManifest, MaskPolicy, MaskVerifier, Masker, Scanner};
pub use request::{Application, PlatformClient, WorkCalendar};
pub use sign::{Key, NonceStore};

/// Every govshare error, as one exception type with a stable `code`.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum GovshareError {
    /// `message_en`, not `message`: Kotlin's Throwable already has a `message`
    /// (the Python package adds `.message` as an alias).
    #[error("{message_en}")]
    Failed {
        code: String,
        /// input, state, verdict, limit, platform or internal (`core::ErrorKind`).
        kind: String,
        message_en: String,
        message_zh: String,
        location: Option<core::Location>,
    },
}

impl From<core::Error> for GovshareError {
    fn from(e: core::Error) -> Self {
        GovshareError::Failed {
            code: e.code().to_owned(),
            kind: e.kind().as_str().to_owned(),
            message_en: e.to_string(),
            message_zh: e.message_zh(),
            location: e.location().cloned(),
        }
    }
}

/// The library version.
#[uniffi::export]
pub fn version() -> String {
    core::VERSION.to_owned()
}

/// Parses an HTTP message in govshare's JSON form and prints it back normalized.
#[uniffi::export]
pub fn http_message_normalize(json: String) -> Result<String, GovshareError> {
    Ok(core::http_message::HttpMessage::from_json(&json)?.to_json())
}
