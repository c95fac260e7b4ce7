//! WebAssembly bindings: converts types and errors, nothing else.
//!
//! Errors become a JS `Error` named `GovshareError` with `.code` (stable),
//! `.messageZh` and, when known, `.path`, `.line`, `.column`.
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

//!
//! Feature `full` (default) exports everything; without it the module holds
//! the catalog alone (`govshare/catalog` in the npm package: a portal that
//! only searches the catalog loads no signing, masking or crypto code).
#![cfg_attr(not(feature = "full"), allow(dead_code))]

use govshare_core as core;
use wasm_bindgen::prelude::*;

mod catalog;
mod error;
pub use catalog::{Catalog, CatalogSet, PublishedIndexLoader, SnapshotLoader};
#[cfg(feature = "full")]
pub use catalog::{CatalogLoader, PublishedIndex};
pub use error::JsResult;

#[cfg(feature = "full")]
mod audit;
#[cfg(feature = "full")]
mod crypto;
#[cfg(feature = "full")]
mod mask;
#[cfg(feature = "full")]
mod profile;
#[cfg(feature = "full")]
mod request;
#[cfg(feature = "full")]
mod sign;
#[cfg(feature = "full")]
mod store;
#[cfg(feature = "full")]
pub use audit::{AuditLog, AuditVerifier};
#[cfg(feature = "full")]
pub use mask::{MaskManifest, MaskPolicy, MaskResult, MaskVerifier, Masker, Scanner};
#[cfg(feature = "full")]
pub use request::{Application, PlatformClient, WorkCalendar};
#[cfg(feature = "full")]
pub use sign::{Key, NonceStore};
#[cfg(feature = "full")]
pub use store::{StoreDisposal, StoreKey, StoreReader, StoreWriter};

/// The library version.
#[wasm_bindgen]
pub fn version() -> String {
    core::VERSION.to_owned()
}

/// Parses an HTTP message in govshare's JSON form and prints it back normalized.
#[cfg(feature = "full")]
#[wasm_bindgen(js_name = httpMessageNormalize)]
pub fn http_message_normalize(json: &str) -> JsResult<String> {
    Ok(core::http_message::HttpMessage::from_json(json)?.to_json())
}
