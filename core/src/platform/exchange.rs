//! The platform conversation as a sans-IO state machine (issue #12): the
//! exchange signs each request it builds, keeps it as the one request in
//! flight, and accepts only the answer to that request — signature by the
//! pinned platform key, bound to the request's own signature, digest — then
//! returns it parsed into a typed outcome. It never does I/O: the host sends
//! the message it returns and hands back the bytes it received.
//!
//! One request at a time, by design: an answer is consumed once (a replay
//! finds nothing in flight), an answer of the wrong kind is refused, and a
//! new request cannot be built while one waits (`cancel` after a timeout).
//! The exchange speaks govshare's platform profile (`platform::profile`); the
//! x-tif and IRS gateways are driven with [`PlatformClient`] and their own
//! signers.
//!
//! A department key outside govshare (WebCrypto's non-extractable keys, an
//! HSM, a KMS) signs in two steps: [`PlatformExchange::prepare`] builds the
//! request and returns the RFC 9421 signature base; the host signs those
//! bytes and hands the signature to [`PlatformExchange::complete`], which
//! returns the signed request and puts it in flight. Between the two, nothing
//! else can be sent or received.

use super::profile::{sign_platform_request, verify_platform_response};
use crate::catalog::{CatalogDocument, DeltaDocument};
use crate::error::{Error, Result};
use crate::http_message::HttpMessage;
use crate::platform::client::{
    parse_application_response, parse_catalog_delta_response, parse_catalog_response, parse_data_response,
    parse_verification_response, ApplicationStatus, CallContext, DataPage, DataQuery, GatewayKind,
    PlatformClient, PlatformConfig, VerificationAnswer, VerificationQuery,
};
use crate::request::application::Application;
use crate::request::entitlement::Entitlement;
use crate::sign::{finish_signature, prepare_signature, Key, PreparedSignature};

/// What to ask the platform: one of the exchange's requests, for
/// [`PlatformExchange::request`] and [`PlatformExchange::prepare`].
#[derive(Debug, Clone, Copy)]
pub enum ExchangeRequest<'a> {
    /// The catalog.
    Catalog,
    /// The catalog changes since a version.
    CatalogDelta { since_version: u64 },
    /// Submit an application (Art. 19–20).
    Submit(&'a Application),
    /// An application's state.
    Status(&'a str),
    /// Withdraw an application.
    Withdraw { id: &'a str, reason: Option<&'a str> },
    /// A data query, refused before anything is built unless entitled.
    Data { query: &'a DataQuery, entitlements: &'a [Entitlement] },
    /// A verification request (验证类), refused unless both items are granted.
    Verification { query: &'a VerificationQuery, entitlements: &'a [Entitlement] },
}

/// What the request in flight asked for, so its answer is read as that.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Call {
    Catalog,
    CatalogDelta,
    Application,
    Data(DataQuery),
    Verification(VerificationQuery),
}

impl Call {
    fn name(&self) -> &'static str {
        match self {
            Call::Catalog => "catalog",
            Call::CatalogDelta => "catalog_delta",
            Call::Application => "application",
            Call::Data(_) => "data",
            Call::Verification(_) => "verification",
        }
    }
}

/// A department's conversation with one sharing platform (see the module docs).
#[derive(Debug)]
pub struct PlatformExchange {
    client: PlatformClient,
    /// The platform's verifying key (a copy of the public half).
    platform_key: Key,
    in_flight: Option<(Call, HttpMessage)>,
    /// A request prepared for an external signer: built, not yet signed.
    awaiting_signature: Option<(Call, HttpMessage, PreparedSignature)>,
    failed_at: Option<&'static str>,
}

fn busy() -> Error {
    Error::InvalidArgument {
        name: "exchange".into(),
        detail: "a request is in flight: receive its answer (or cancel it) before the next".into(),
    }
}

impl PlatformExchange {
    /// `platform_key` is the platform's public key, pinned (an HMAC key only
    /// when trusted with [`Key::trust_symmetric`]); the exchange keeps its
    /// public half. Requests are signed with the department key each call
    /// takes (its key id is the `keyid` the platform knows).
    pub fn new(config: PlatformConfig, platform_key: &Key) -> Result<PlatformExchange> {
        if config.gateway != GatewayKind::None {
            return Err(Error::InvalidArgument {
                name: "config".into(),
                detail: "the exchange speaks the govshare platform profile (gateway none); drive gateways with PlatformClient".into(),
            });
        }
        platform_key.check_peer()?;
        let platform_key = platform_key.verifying_key()?;
        Ok(PlatformExchange {
            client: PlatformClient::new(config)?,
            platform_key,
            in_flight: None,
            awaiting_signature: None,
            failed_at: None,
        })
    }

    /// The kind of the request in flight (`catalog`, `catalog_delta`,
    /// `application`, `data`, `verification`), if any.
    pub fn in_flight(&self) -> Option<&'static str> {
        self.in_flight.as_ref().map(|(c, _)| c.name())
    }

    /// The kind of the request prepared for an external signer and not yet
    /// completed, if any.
    pub fn awaiting_signature(&self) -> Option<&'static str> {
        self.awaiting_signature.as_ref().map(|(c, _, _)| c.name())
    }

    /// Where the last `receive…` failed: `verify` (the answer is not the
    /// platform's verified answer to the request in flight: no request,
    /// wrong kind, signature, binding, digest, age) or `parse` (verified, but
    /// a refusal or a body that does not read); `None` after a success.
    pub fn failed_at(&self) -> Option<&'static str> {
        self.failed_at
    }

    /// Forgets the request in flight or awaiting its signature (the host
    /// gave up on it); its answer, should it come later, is refused.
    pub fn cancel(&mut self) {
        self.in_flight = None;
        self.awaiting_signature = None;
    }

    /// The unsigned message for `request`, and what its answer will be read as.
    fn build(&self, request: ExchangeRequest<'_>, ctx: &CallContext) -> Result<(Call, HttpMessage)> {
        if self.in_flight.is_some() || self.awaiting_signature.is_some() {
            return Err(busy());
        }
        let c = &self.client;
        Ok(match request {
            ExchangeRequest::Catalog => (Call::Catalog, c.catalog_request(ctx)?),
            ExchangeRequest::CatalogDelta { since_version } => {
                (Call::CatalogDelta, c.catalog_delta_request(since_version, ctx)?)
            }
            ExchangeRequest::Submit(app) => (Call::Application, c.submit_request(app, ctx)?),
            ExchangeRequest::Status(id) => (Call::Application, c.status_request(id, ctx)?),
            ExchangeRequest::Withdraw { id, reason } => {
                (Call::Application, c.withdraw_request(id, reason, ctx)?)
            }
            ExchangeRequest::Data { query, entitlements } => {
                let message = c.data_request(query, entitlements, ctx)?;
                (Call::Data(query.clone()), message)
            }
            ExchangeRequest::Verification { query, entitlements } => {
                let message = c.verification_request(query, entitlements, ctx)?;
                (Call::Verification(query.clone()), message)
            }
        })
    }

    fn created(ctx: &CallContext) -> Result<i64> {
        Ok(crate::time::parse_timestamp(&ctx.now, "$.now")?.div_euclid(1000))
    }

    /// `request`, signed with the department's `key` (its key id is the
    /// `keyid` the platform knows) and put in flight.
    pub fn request(
        &mut self,
        request: ExchangeRequest<'_>,
        key: &Key,
        ctx: &CallContext,
    ) -> Result<HttpMessage> {
        let (call, unsigned) = self.build(request, ctx)?;
        let signed = sign_platform_request(&unsigned, key, Self::created(ctx)?, &ctx.nonce)?.message;
        self.in_flight = Some((call, signed.clone()));
        Ok(signed)
    }

    /// Step one for an external signer: builds `request` and returns the
    /// bytes to sign (`base`) with the department key known as `key_id`.
    /// Nothing is in flight until [`Self::complete`].
    pub fn prepare(
        &mut self,
        request: ExchangeRequest<'_>,
        key_id: &str,
        ctx: &CallContext,
    ) -> Result<PreparedSignature> {
        let (call, unsigned) = self.build(request, ctx)?;
        let params = super::profile::request_params(&unsigned, key_id, Self::created(ctx)?, &ctx.nonce);
        let prepared = prepare_signature(&unsigned, &params, None)?;
        self.awaiting_signature = Some((call, unsigned, prepared.clone()));
        Ok(prepared)
    }

    /// Step two for an external signer: the signature over the prepared
    /// base (raw bytes: Ed25519 64, ECDSA P-256 r‖s 64, SM2 r‖s 64, RSA the
    /// modulus length). Returns the signed request, now in flight. Without a
    /// prepared request this is `invalid_argument`; an empty signature too.
    pub fn complete(&mut self, signature: &[u8]) -> Result<HttpMessage> {
        let Some((call, unsigned, prepared)) = self.awaiting_signature.take() else {
            return Err(Error::InvalidArgument {
                name: "signature".into(),
                detail: "no request awaits a signature: call prepare first".into(),
            });
        };
        if signature.is_empty() {
            return Err(Error::InvalidArgument { name: "signature".into(), detail: "empty".into() });
        }
        let signed = finish_signature(&unsigned, &prepared, signature, None)?.message;
        self.in_flight = Some((call, signed.clone()));
        Ok(signed)
    }

    /// The signed request for the catalog.
    pub fn catalog(&mut self, key: &Key, ctx: &CallContext) -> Result<HttpMessage> {
        self.request(ExchangeRequest::Catalog, key, ctx)
    }

    /// The signed request for the catalog changes since `since_version`.
    pub fn catalog_delta(&mut self, since_version: u64, key: &Key, ctx: &CallContext) -> Result<HttpMessage> {
        self.request(ExchangeRequest::CatalogDelta { since_version }, key, ctx)
    }

    /// The signed submission of an application (Art. 19–20).
    pub fn submit(&mut self, app: &Application, key: &Key, ctx: &CallContext) -> Result<HttpMessage> {
        self.request(ExchangeRequest::Submit(app), key, ctx)
    }

    /// The signed request for an application's state.
    pub fn status(&mut self, id: &str, key: &Key, ctx: &CallContext) -> Result<HttpMessage> {
        self.request(ExchangeRequest::Status(id), key, ctx)
    }

    /// The signed withdrawal of an application.
    pub fn withdraw(
        &mut self,
        id: &str,
        reason: Option<&str>,
        key: &Key,
        ctx: &CallContext,
    ) -> Result<HttpMessage> {
        self.request(ExchangeRequest::Withdraw { id, reason }, key, ctx)
    }

    /// The signed data query; refused (`not_entitled`) before anything is
    /// built when `entitlements` do not cover it.
    pub fn data(
        &mut self,
        query: &DataQuery,
        entitlements: &[Entitlement],
        key: &Key,
        ctx: &CallContext,
    ) -> Result<HttpMessage> {
        self.request(ExchangeRequest::Data { query, entitlements }, key, ctx)
    }

    /// The signed verification request (验证类: a yes/no, no data); refused
    /// (`not_entitled`) before anything is built unless both items are granted.
    pub fn verify(
        &mut self,
        query: &VerificationQuery,
        entitlements: &[Entitlement],
        key: &Key,
        ctx: &CallContext,
    ) -> Result<HttpMessage> {
        self.request(ExchangeRequest::Verification { query, entitlements }, key, ctx)
    }

    /// Takes the request in flight if it is of `kind`; verifies `response`
    /// as its answer at `now` (Unix seconds). The request is consumed even
    /// when the answer fails, so a failed or replayed answer cannot be fed
    /// again; a wrong kind leaves it waiting.
    fn answer(&mut self, kind: &'static str, response: &HttpMessage, now: i64) -> Result<Call> {
        self.failed_at = Some("verify");
        match &self.in_flight {
            None => {
                return Err(Error::InvalidArgument {
                    name: "response".into(),
                    detail: "no request is in flight: an answer is accepted once, for the request just sent"
                        .into(),
                })
            }
            Some((call, _)) if call.name() != kind => {
                return Err(Error::InvalidArgument {
                    name: "response".into(),
                    detail: format!("the request in flight is a {} request, not {kind}", call.name()),
                })
            }
            Some(_) => {}
        }
        let Some((call, request)) = self.in_flight.take() else { return Err(busy()) };
        verify_platform_response(response, &request, &self.platform_key, now)?;
        self.failed_at = Some("parse");
        Ok(call)
    }

    /// Records the outcome of reading a verified answer.
    fn parsed<T>(&mut self, result: Result<T>) -> Result<T> {
        if result.is_ok() {
            self.failed_at = None;
        }
        result
    }

    /// The answer to [`Self::submit`], [`Self::status`] or [`Self::withdraw`].
    pub fn receive_application(&mut self, response: &HttpMessage, now: i64) -> Result<ApplicationStatus> {
        self.answer("application", response, now)?;
        let result = parse_application_response(response);
        self.parsed(result)
    }

    /// The answer to [`Self::data`]: the page, checked against the query.
    /// Verify its masking with `platform::profile::verify_masked_page`.
    pub fn receive_data(&mut self, response: &HttpMessage, now: i64) -> Result<DataPage> {
        let result = match self.answer("data", response, now)? {
            Call::Data(query) => parse_data_response(response, &query),
            _ => Err(busy()),
        };
        self.parsed(result)
    }

    /// The answer to [`Self::verify`]: found / equal, signed by the platform.
    pub fn receive_verification(&mut self, response: &HttpMessage, now: i64) -> Result<VerificationAnswer> {
        let result = match self.answer("verification", response, now)? {
            Call::Verification(query) => parse_verification_response(response, &query),
            _ => Err(busy()),
        };
        self.parsed(result)
    }

    /// The answer to [`Self::catalog`].
    pub fn receive_catalog(&mut self, response: &HttpMessage, now: i64) -> Result<CatalogDocument> {
        self.answer("catalog", response, now)?;
        let result = parse_catalog_response(response);
        self.parsed(result)
    }

    /// The answer to [`Self::catalog_delta`].
    pub fn receive_catalog_delta(&mut self, response: &HttpMessage, now: i64) -> Result<DeltaDocument> {
        self.answer("catalog_delta", response, now)?;
        let result = parse_catalog_delta_response(response);
        self.parsed(result)
    }
}
