//! govshare-core: everything govshare knows, with no I/O of its own.
//!
//! Four jobs, one module each — [`catalog`], [`request`], [`sign`], [`mask`] —
//! and one error type, [`Error`], whose [`Error::code`] is the stable machine
//! code every binding exposes. Time is always a parameter; nothing here reads
//! the clock, the network or the file system.
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
#![deny(missing_debug_implementations)]

mod names;

pub mod audit;
pub mod catalog;
pub mod crypto;
pub mod digest;
pub mod encoding;
pub mod error;
pub mod finding;
pub mod http_message;
pub mod identifiers;
pub mod jcs;
pub mod mask;
pub mod platform;
pub mod request;
pub(crate) mod sha256x4;
pub mod sign;
pub mod store;
pub mod time;

pub use error::{Error, ErrorKind, Location, Result};

#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!("govshare_core");

/// The crate version, as bindings report it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
