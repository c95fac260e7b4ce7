//! The conversation with a sharing platform: the signature profile of
//! govshare's platform API ([`profile`]: what a department signs, how a
//! platform answers, masked pages and their manifests) and the sans-IO
//! [`PlatformExchange`] that drives it. Builds on `request` (the calls and
//! their parsing, `platform::client`), `sign` (a leaf: RFC 9421 and keys),
//! `mask` and `catalog`; nothing below depends on it.

pub mod client;
pub mod exchange;
pub mod profile;

pub use client::{
    CallContext, DataQuery, GatewayKind, PlatformClient, PlatformConfig, VerificationAnswer,
    VerificationQuery,
};
pub use exchange::{ExchangeRequest, PlatformExchange};
