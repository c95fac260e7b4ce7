//! WebAssembly bindings: converts types and errors, nothing else.
//!
//! Errors become a JS `Error` named `GovshareError` with `.code` (stable),
//! `.messageZh` and, when known, `.path`, `.line`, `.column`.
#![forbid(unsafe_code)]

use govshare_core as core;
use wasm_bindgen::prelude::*;

mod audit;
mod catalog;
mod crypto;
mod error;
mod profile;
mod sign;
mod store;
pub use audit::{AuditLog, AuditVerifier};
pub use catalog::{Catalog, CatalogLoader, CatalogSet};
pub use error::JsResult;
pub use sign::{Key, NonceStore};
pub use store::{StoreDisposal, StoreKey, StoreReader, StoreWriter};
mod request;
pub use request::{Application, PlatformClient, WorkCalendar};
mod mask;
pub use mask::{MaskManifest, MaskPolicy, MaskResult, MaskVerifier, Masker, Scanner};

/// The library version.
#[wasm_bindgen]
pub fn version() -> String {
    core::VERSION.to_owned()
}

/// Parses an HTTP message in govshare's JSON form and prints it back normalized.
#[wasm_bindgen(js_name = httpMessageNormalize)]
pub fn http_message_normalize(json: &str) -> JsResult<String> {
    Ok(core::http_message::HttpMessage::from_json(json)?.to_json())
}
