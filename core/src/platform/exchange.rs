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
//! The exchange speaks govshare's platform profile (`platform::profile`).
//! Behind a legacy gateway (x-tif, Zhejiang IRS: [`GatewayKind`]) each request
//! also carries the gateway's keyed hash, made with the secret given to
//! [`PlatformExchange::set_gateway_secret`] *before* the RFC 9421 signature,
//! so that signature covers the gateway's query parameters too. The gateway's
//! scheme authenticates the department to the gateway only; the answer must
//! still be the platform's signed answer, or it is refused. The IRS secret
//! refresh calls go to the gateway itself, whose answers are unsigned: drive
//! them with [`PlatformClient`] and hand the new secret to the exchange.
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
use crate::sign::gateway::{sign_irs, sign_xtif, IrsPlacement};
use crate::sign::{finish_signature, prepare_signature, Key, PreparedSignature};

/// A legacy gateway's shared secret (x-tif `paasToken`, IRS `requestSecret`):
/// never printed.
#[derive(Clone, PartialEq, Eq)]
struct GatewaySecret(String);

impl std::fmt::Debug for GatewaySecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("GatewaySecret(redacted)")
    }
}

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
    /// Submit a corrected application again under its id (after a request
    /// for materials or a refusal the requester answers, Art. 21).
    Resubmit { id: &'a str, app: &'a Application },
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
    /// The gateway's secret, when the platform sits behind x-tif or IRS.
    gateway_secret: Option<GatewaySecret>,
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
        platform_key.check_peer()?;
        let platform_key = platform_key.verifying_key()?;
        Ok(PlatformExchange {
            client: PlatformClient::new(config)?,
            platform_key,
            in_flight: None,
            awaiting_signature: None,
            gateway_secret: None,
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

    /// The secret the gateway keys its scheme with (x-tif `paasToken`, IRS
    /// `requestSecret`, renewed by the IRS refresh calls). Every request to a
    /// platform behind a gateway needs one; without a gateway this is
    /// `invalid_argument`, as is an empty secret.
    pub fn set_gateway_secret(&mut self, secret: &str) -> Result<()> {
        if self.client.config().gateway == GatewayKind::None {
            return Err(Error::InvalidArgument {
                name: "secret".into(),
                detail: "the platform is configured without a gateway (gateway none)".into(),
            });
        }
        if secret.is_empty() {
            return Err(Error::InvalidArgument { name: "secret".into(), detail: "is empty".into() });
        }
        self.gateway_secret = Some(GatewaySecret(secret.to_owned()));
        Ok(())
    }

    /// Adds the gateway's keyed hash to `message` (nothing without a gateway).
    fn gateway_sign(&self, message: HttpMessage, ctx: &CallContext) -> Result<HttpMessage> {
        let config = self.client.config();
        if config.gateway == GatewayKind::None {
            return Ok(message);
        }
        let Some(GatewaySecret(secret)) = &self.gateway_secret else {
            return Err(Error::InvalidArgument {
                name: "secret".into(),
                detail: "the platform sits behind a gateway: set its secret first (set_gateway_secret)"
                    .into(),
            });
        };
        let ms = crate::time::parse_timestamp(&ctx.now, "$.now")?;
        match (config.gateway, &config.x_tif, &config.irs) {
            (GatewayKind::XTif, Some(x), _) => sign_xtif(
                &message,
                &x.paas_id,
                secret,
                ms.div_euclid(1000),
                &ctx.nonce,
                x.service_id.as_deref(),
                x.options(),
            ),
            (GatewayKind::ZjIrs, _, Some(irs)) => {
                sign_irs(&message, &irs.app_key, secret, ms, IrsPlacement::Query)
            }
            // PlatformClient::new refuses a gateway without its settings.
            _ => Err(Error::InvalidArgument {
                name: "config".into(),
                detail: "gateway settings missing".into(),
            }),
        }
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
            ExchangeRequest::Resubmit { id, app } => (Call::Application, c.resubmit_request(id, app, ctx)?),
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
        let unsigned = self.gateway_sign(unsigned, ctx)?;
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
        let unsigned = self.gateway_sign(unsigned, ctx)?;
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

    /// The signed resubmission of a corrected application under its id.
    pub fn resubmit(
        &mut self,
        id: &str,
        app: &Application,
        key: &Key,
        ctx: &CallContext,
    ) -> Result<HttpMessage> {
        self.request(ExchangeRequest::Resubmit { id, app }, key, ctx)
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

    /// The answer to [`Self::submit`], [`Self::resubmit`], [`Self::status`] or [`Self::withdraw`].
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http_message::StartLine;
    use crate::platform::client::{IrsConfig, XTifConfig};
    use crate::platform::profile::{request_policy, sign_platform_response};
    use crate::sign::gateway::{irs_signature, xtif_signature, HexCase};
    use crate::sign::{verify_message, Algorithm};

    const NOW: &str = "2027-01-04T10:00:00+08:00";
    const NOW_S: i64 = 1_799_028_000;

    fn keys() -> (Key, Key) {
        let mut dept = Key::from_raw(Algorithm::Ed25519, &[7; 32], true).expect("dept");
        dept.set_key_id("dept");
        let mut platform = Key::from_raw(Algorithm::Ed25519, &[9; 32], true).expect("platform");
        platform.set_key_id("platform");
        (dept, platform)
    }

    fn exchange(gateway: GatewayKind, platform: &Key) -> PlatformExchange {
        let config = PlatformConfig {
            base_url: "https://gw.example.gov.cn".into(),
            gateway,
            x_tif: Some(XTifConfig {
                paas_id: "paas-1".into(),
                service_id: Some("svc-9".into()),
                case: None,
                prefix: None,
            }),
            irs: Some(IrsConfig {
                app_key: "app-key".into(),
                power_matters: Some("PM-1".into()),
                refresh_path: "/gateway/app/".into(),
            }),
        };
        PlatformExchange::new(config, &platform.public_key().expect("public")).expect("exchange")
    }

    fn ctx() -> CallContext {
        CallContext { now: NOW.into(), nonce: "nonce-1".into() }
    }

    fn catalog_answer(request: &HttpMessage, platform: &Key) -> HttpMessage {
        let mut resp = HttpMessage::response(200);
        resp.push_header("Content-Type", "application/json");
        resp.body = br#"{"format":"govshare-catalog","format_version":2,"catalog":{"id":"c","name":"n","version":1},"resources":[]}"#.to_vec();
        sign_platform_response(&resp, request, platform, NOW_S).expect("signed answer").message
    }

    fn target(m: &HttpMessage) -> String {
        match &m.start {
            StartLine::Request { target, .. } => target.clone(),
            StartLine::Response { .. } => String::new(),
        }
    }

    #[test]
    fn behind_x_tif_the_request_carries_the_gateway_hash_and_the_answer_is_still_verified() {
        let (dept, platform) = keys();
        let mut ex = exchange(GatewayKind::XTif, &platform);
        assert_eq!(ex.catalog(&dept, &ctx()).unwrap_err().code(), "invalid_argument", "no secret yet");
        ex.set_gateway_secret("paas-token").expect("secret");
        assert!(!format!("{ex:?}").contains("paas-token"), "the secret is never printed");
        let request = ex.catalog(&dept, &ctx()).expect("request");
        let header = |n: &str| request.header_values(n).next().map(str::to_owned);
        let ts = (NOW_S).to_string();
        // UPPERCASE unless the gateway's settings ask for lowercase.
        assert_eq!(
            header("x-tif-signature"),
            Some(xtif_signature(&ts, "paas-token", "nonce-1", HexCase::Upper))
        );
        assert_eq!(header("x-tif-paasid").as_deref(), Some("paas-1"));
        assert_eq!(header("x-tif-serviceId").as_deref(), Some("svc-9"));
        // The department's RFC 9421 signature is there too, and verifies.
        verify_message(&request, &dept.public_key().expect("pk"), &request_policy(), NOW_S, None, None)
            .expect("the request's own signature");
        let doc = ex.receive_catalog(&catalog_answer(&request, &platform), NOW_S).expect("verified");
        assert_eq!(doc.catalog.id, "c");
    }

    #[test]
    fn behind_irs_the_signature_covers_the_gateway_parameters() {
        let (dept, platform) = keys();
        let mut ex = exchange(GatewayKind::ZjIrs, &platform);
        ex.set_gateway_secret("request-secret").expect("secret");
        let request = ex.catalog(&dept, &ctx()).expect("request");
        let t = target(&request);
        let ms = (NOW_S * 1000).to_string();
        assert!(t.contains(&format!("sign={}", irs_signature("app-key", "request-secret", &ms))), "{t}");
        assert!(t.contains("appKey=app-key") && t.contains(&format!("requestTime={ms}")), "{t}");
        assert!(t.contains("additional="), "the duty (权力事项) stays: {t}");
        // @target-uri is covered: changing a gateway parameter breaks the signature.
        let mut moved = request.clone();
        if let StartLine::Request { target, .. } = &mut moved.start {
            *target = target.replace("appKey=app-key", "appKey=other");
        }
        let pk = dept.public_key().expect("pk");
        verify_message(&request, &pk, &request_policy(), NOW_S, None, None).expect("verifies");
        assert_eq!(
            verify_message(&moved, &pk, &request_policy(), NOW_S, None, None).unwrap_err().code(),
            "signature_invalid"
        );
    }

    #[test]
    fn a_gateway_answer_the_platform_did_not_sign_is_refused() {
        let (dept, platform) = keys();
        let mut ex = exchange(GatewayKind::XTif, &platform);
        ex.set_gateway_secret("paas-token").expect("secret");
        ex.catalog(&dept, &ctx()).expect("request");
        let mut plain = HttpMessage::response(200);
        plain.push_header("Content-Type", "application/json");
        plain.body = br#"{"format":"govshare-catalog","format_version":2,"catalog":{"id":"c","name":"n","version":1},"resources":[]}"#.to_vec();
        assert!(ex.receive_catalog(&plain, NOW_S).is_err());
        assert_eq!(ex.failed_at(), Some("verify"));
    }

    #[test]
    fn a_gateway_secret_without_a_gateway_or_empty_is_refused() {
        let (_, platform) = keys();
        let mut plain = exchange(GatewayKind::None, &platform);
        assert_eq!(plain.set_gateway_secret("s").unwrap_err().code(), "invalid_argument");
        let mut gw = exchange(GatewayKind::ZjIrs, &platform);
        assert_eq!(gw.set_gateway_secret("").unwrap_err().code(), "invalid_argument");
    }

    #[test]
    fn an_external_signer_behind_a_gateway_gets_the_base_over_the_gateway_parameters() {
        let (dept, platform) = keys();
        let mut ex = exchange(GatewayKind::ZjIrs, &platform);
        ex.set_gateway_secret("request-secret").expect("secret");
        let prepared = ex.prepare(ExchangeRequest::Catalog, "dept", &ctx()).expect("prepared");
        let base = String::from_utf8(prepared.base.clone()).expect("utf-8");
        assert!(base.contains("appKey=app-key"), "{base}");
        let request = ex.complete(&dept.sign(&prepared.base).expect("sig")).expect("signed");
        verify_message(&request, &dept.public_key().expect("pk"), &request_policy(), NOW_S, None, None)
            .expect("verifies");
        ex.receive_catalog(&catalog_answer(&request, &platform), NOW_S).expect("verified");
    }
}
