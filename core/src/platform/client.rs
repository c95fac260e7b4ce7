//! Calls to a sharing platform, sans-IO: each call is built as an
//! [`HttpMessage`] for the caller to send, and the response is handed back
//! to be parsed into a typed result or a coded error (`platform_error`).
//! The API is `openapi/sharing-platform.yaml`.
//!
//! Gateway profiles shape the request the way deployed gateways expect:
//! `x_tif` adds the `x-tif-*` headers, `zj_irs` adds the Zhejiang IRS query
//! parameters. Signatures are left as empty placeholders for the signing
//! module to fill; nonce and time are parameters ([`CallContext`]).

use serde::{Deserialize, Serialize};

use crate::catalog::{CatalogDocument, DeltaDocument};
use crate::http_message::{HttpMessage, StartLine};
use crate::request::application::Application;
use crate::request::entitlement::{check_entitled, Entitlement};
use crate::request::lifecycle::ApplicationState;
use crate::sign::gateway::{HexCase, XTifOptions, XTifPrefix};
use crate::time::parse_timestamp;
use crate::{Error, Location, Result};

/// The API version prefix.
pub const API_PREFIX: &str = "/api/v1";

/// Which gateway sits in front of the platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum GatewayKind {
    /// Plain requests.
    None,
    /// "x-tif" headers (several 数字政府 platforms).
    XTif,
    /// Zhejiang IRS gateway query parameters.
    ZjIrs,
}

/// Settings of an x-tif gateway.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct XTifConfig {
    /// `x-tif-paasid`.
    pub paas_id: String,
    /// `x-tif-serviceId`, when the gateway routes by service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub service_id: Option<String>,
    /// Hex case of `x-tif-signature`: `upper` when absent (most deployments),
    /// `lower` for gateways that compare case-sensitively against lowercase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub case: Option<HexCase>,
    /// Header prefix: `tif` when absent, `rio` (`x-rio-…`) in test environments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub prefix: Option<XTifPrefix>,
}

impl XTifConfig {
    /// How [`sign_xtif`](crate::sign::gateway::sign_xtif) writes the headers for this gateway.
    pub fn options(&self) -> XTifOptions {
        XTifOptions { case: self.case.unwrap_or_default(), prefix: self.prefix.unwrap_or_default() }
    }
}

/// Settings of the Zhejiang IRS gateway.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct IrsConfig {
    /// `appKey`.
    pub app_key: String,
    /// Default 权力事项 code for the `additional` parameter, when a call names none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub power_matters: Option<String>,
    /// Path of the secret refresh endpoints, joined with `refreshTokenByKey.htm`
    /// / `refreshTokenBySec.htm` (default `/gateway/app/`).
    #[serde(default = "default_refresh_path")]
    #[cfg_attr(feature = "uniffi", uniffi(default = "/gateway/app/"))]
    pub refresh_path: String,
}

fn default_refresh_path() -> String {
    "/gateway/app/".to_owned()
}

/// Where the platform is and how its gateway wants requests shaped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct PlatformConfig {
    /// `https://host[:port][/prefix]`, without a trailing slash.
    pub base_url: String,
    pub gateway: GatewayKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub x_tif: Option<XTifConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub irs: Option<IrsConfig>,
}

/// Per-call values that must not be invented by core: the time and a nonce.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct CallContext {
    /// RFC 3339.
    pub now: String,
    /// Caller-generated random string (used by x-tif).
    pub nonce: String,
}

/// A request for granted data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "wasm", tsify(hashmap_as_object))]
pub struct DataQuery {
    pub resource_code: String,
    pub items: Vec<String>,
    /// Equality filters, item name → value (e.g. the subject's identifier).
    #[serde(default, skip_serializing_if = "std::collections::HashMap::is_empty")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub filters: std::collections::HashMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub page_size: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub cursor: Option<String>,
    /// The 权力事项 code this fetch serves (IRS `additional`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub power_item_code: Option<String>,
}

/// A verification request (验证类, Art. 25's data minimisation): "does the
/// record whose `key_item` is `key_value` have `item` equal to `value`?" —
/// answered with a signed yes/no, no data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct VerificationQuery {
    pub resource_code: String,
    /// The lookup key: an item whose `pi_kind` is an identifier (ID number,
    /// credit code…), and the whole value the department holds.
    pub key_item: String,
    pub key_value: String,
    /// The item to check, and the value the department was given.
    pub item: String,
    pub value: String,
}

/// The platform's answer to a [`VerificationQuery`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct VerificationAnswer {
    pub resource_code: String,
    /// A record with the lookup key exists.
    pub found: bool,
    /// It does, and its `item` equals the value given (`false` when not found).
    pub equal: bool,
}

/// An application's status as the platform reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Strict (ARCHITECTURE.md step 6): a member the contract does not define is
// refused, so a misspelt one (`maskManifest`) cannot silently go missing.
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ApplicationStatus {
    pub id: String,
    pub state: ApplicationState,
    /// RFC 3339.
    pub updated_at: String,
    /// Reason of a rejection (or other note).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub valid_until: Option<String>,
    /// While `submitted`: the last Beijing date (`YYYY-MM-DD`) on which the
    /// provider's answer is on time (Art. 21; extended when `extension_days`
    /// is given; see `request::schedule`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub due: Option<String>,
    /// In `materials_requested`: everything the provider found missing,
    /// listed at once (Art. 21 ¶2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub missing: Vec<String>,
    /// An approved extension of the answer, in working days (Art. 21).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub extension_days: Option<u32>,
    /// Once agreed: the disposal method the provider requires (Art. 27 ¶1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub disposal_method: Option<crate::request::lifecycle::DisposalMethod>,
}

/// One page of granted data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct DataPage {
    pub resource_code: String,
    /// Column names, in row order.
    pub items: Vec<String>,
    /// The rows as canonical JSON: an array of arrays, one value per item.
    pub rows_json: String,
    pub row_count: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub next_cursor: Option<String>,
    /// The masking manifest the platform declares it applied, canonical JSON
    /// (verify the data against it with the mask module).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub mask_manifest: Option<String>,
    /// The platform's detached signature over `mask_manifest`, base64
    /// (`platform::profile::verify_detached`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub mask_manifest_signature: Option<String>,
}

impl DataPage {
    /// The rows as a JSON array of objects keyed by item name — the record
    /// form the mask module reads (`DataFormat::Json`).
    pub fn records_json(&self) -> Result<Vec<u8>> {
        let rows: Vec<Vec<serde_json::Value>> =
            serde_json::from_str(&self.rows_json).map_err(|e| crate::error::json_error(&e))?;
        let records: Vec<serde_json::Value> = rows
            .into_iter()
            .map(|row| {
                serde_json::Value::Object(
                    self.items.iter().cloned().zip(row).collect::<serde_json::Map<_, _>>(),
                )
            })
            .collect();
        serde_json::to_vec(&records).map_err(|e| crate::error::json_error(&e))
    }
}

/// Secrets returned by the IRS refresh calls. Never logged by core: its
/// `Debug` shows the end times only, and the bindings hand it over as an
/// opaque object whose secrets are read by name, never printed.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IrsSecrets {
    pub request_secret: String,
    /// Unix milliseconds.
    pub request_secret_end_time: i64,
    pub refresh_secret: String,
    /// Unix milliseconds.
    pub refresh_secret_end_time: i64,
}

impl std::fmt::Debug for IrsSecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IrsSecrets")
            .field("request_secret", &"<redacted>")
            .field("request_secret_end_time", &self.request_secret_end_time)
            .field("refresh_secret", &"<redacted>")
            .field("refresh_secret_end_time", &self.refresh_secret_end_time)
            .finish()
    }
}

/// Builds platform requests and parses responses. Holds only configuration.
#[derive(Debug, Clone)]
pub struct PlatformClient {
    config: PlatformConfig,
    base: String,
}

fn invalid(path: &str, detail: &str) -> Error {
    Error::InvalidValue { location: Location::path(path), detail: detail.to_owned() }
}

fn arg(name: &str, detail: &str) -> Error {
    Error::InvalidArgument { name: name.to_owned(), detail: detail.to_owned() }
}

impl PlatformClient {
    /// Checks the configuration.
    pub fn new(config: PlatformConfig) -> Result<PlatformClient> {
        let base = config.base_url.trim_end_matches('/').to_owned();
        let rest = base.strip_prefix("https://").or_else(|| base.strip_prefix("http://"));
        match rest {
            Some(r) if !r.is_empty() && !r.contains(['?', '#', ' ']) => {}
            _ => return Err(invalid("$.base_url", "expected an http(s) URL without query or fragment")),
        }
        match config.gateway {
            GatewayKind::XTif if config.x_tif.as_ref().is_none_or(|x| x.paas_id.is_empty()) => {
                return Err(invalid("$.x_tif", "the x_tif gateway needs x_tif.paas_id"))
            }
            GatewayKind::ZjIrs if config.irs.as_ref().is_none_or(|x| x.app_key.is_empty()) => {
                return Err(invalid("$.irs", "the zj_irs gateway needs irs.app_key"))
            }
            _ => {}
        }
        Ok(PlatformClient { config, base })
    }

    pub fn config(&self) -> &PlatformConfig {
        &self.config
    }

    /// `GET /api/v1/platform-key`: the platform's published public key, the
    /// one call that is neither signed nor answered with a signature (the
    /// key is not known yet). Trusting the answer is trust on first use:
    /// pin the key the platform hands over out of band where possible.
    /// Read the answer with [`parse_platform_key_response`].
    pub fn platform_key_request(&self) -> HttpMessage {
        let mut m = HttpMessage::request("GET", format!("{}{API_PREFIX}/platform-key", self.base));
        m.push_header("Accept", "application/json");
        m
    }

    /// `GET /api/v1/catalog`: the whole catalog document.
    pub fn catalog_request(&self, ctx: &CallContext) -> Result<HttpMessage> {
        self.build("GET", "/catalog", &[], None, None, ctx)
    }

    /// `GET /api/v1/catalog/deltas?since=N`: the delta from version N.
    pub fn catalog_delta_request(&self, since_version: u64, ctx: &CallContext) -> Result<HttpMessage> {
        let since = since_version.to_string();
        self.build("GET", "/catalog/deltas", &[("since", since.as_str())], None, None, ctx)
    }

    /// `POST /api/v1/applications`: the application in canonical JSON.
    pub fn submit_request(&self, app: &Application, ctx: &CallContext) -> Result<HttpMessage> {
        let power = power_item_code(app);
        self.build("POST", "/applications", &[], Some(app.canonical_bytes()), power, ctx)
    }

    /// `POST /api/v1/applications/{id}/materials`: the application again,
    /// completed with the materials the provider asked for at once (Art. 21
    /// ¶2 of Decree No. 809); the answer clock restarts (docs/decree.md).
    pub fn resubmit_request(&self, id: &str, app: &Application, ctx: &CallContext) -> Result<HttpMessage> {
        let path = format!("/applications/{}/materials", path_segment(id)?);
        self.build("POST", &path, &[], Some(app.canonical_bytes()), power_item_code(app), ctx)
    }

    /// `GET /api/v1/applications/{id}`: the application's status.
    pub fn status_request(&self, id: &str, ctx: &CallContext) -> Result<HttpMessage> {
        let path = format!("/applications/{}", path_segment(id)?);
        self.build("GET", &path, &[], None, None, ctx)
    }

    /// `POST /api/v1/applications/{id}/withdraw`, with an optional reason.
    pub fn withdraw_request(&self, id: &str, reason: Option<&str>, ctx: &CallContext) -> Result<HttpMessage> {
        let path = format!("/applications/{}/withdraw", path_segment(id)?);
        let body = match reason {
            Some(r) => serde_json::json!({ "reason": r }),
            None => serde_json::json!({}),
        };
        self.build("POST", &path, &[], Some(canonical_value(&body)), None, ctx)
    }

    /// `POST /api/v1/data/query`: refused with `not_entitled` before
    /// anything is built when the entitlements do not cover the query.
    pub fn data_request(
        &self,
        query: &DataQuery,
        entitlements: &[Entitlement],
        ctx: &CallContext,
    ) -> Result<HttpMessage> {
        check_entitled(entitlements, &query.resource_code, &query.items)?;
        if query.page_size == Some(0) {
            return Err(arg("page_size", "must be at least 1"));
        }
        let body = serde_json::to_value(query).map_err(|e| crate::error::json_error(&e))?;
        let mut body = body;
        if let Some(map) = body.as_object_mut() {
            map.remove("power_item_code");
        }
        self.build(
            "POST",
            "/data/query",
            &[],
            Some(canonical_value(&body)),
            query.power_item_code.as_deref(),
            ctx,
        )
    }

    /// `POST /api/v1/data/verify`: refused with `not_entitled` before
    /// anything is built unless the entitlements cover both items.
    pub fn verification_request(
        &self,
        query: &VerificationQuery,
        entitlements: &[Entitlement],
        ctx: &CallContext,
    ) -> Result<HttpMessage> {
        check_entitled(entitlements, &query.resource_code, &[query.key_item.clone(), query.item.clone()])?;
        let body = serde_json::to_value(query).map_err(|e| crate::error::json_error(&e))?;
        self.build("POST", "/data/verify", &[], Some(canonical_value(&body)), None, ctx)
    }

    /// IRS `refreshTokenByKey`: a new request secret from the app key.
    pub fn irs_refresh_by_key_request(&self, ctx: &CallContext) -> Result<HttpMessage> {
        self.irs_refresh("refreshTokenByKey.htm", ctx)
    }

    /// IRS `refreshTokenBySec`: renew with the refresh secret (the signing
    /// module computes `sign` from it).
    pub fn irs_refresh_by_secret_request(&self, ctx: &CallContext) -> Result<HttpMessage> {
        self.irs_refresh("refreshTokenBySec.htm", ctx)
    }

    fn irs_refresh(&self, name: &str, ctx: &CallContext) -> Result<HttpMessage> {
        let irs =
            self.config.irs.as_ref().ok_or_else(|| arg("irs", "the platform has no IRS gateway settings"))?;
        let ms = parse_timestamp(&ctx.now, "now")?;
        let prefix = if irs.refresh_path.ends_with('/') {
            irs.refresh_path.clone()
        } else {
            format!("{}/", irs.refresh_path)
        };
        let target = format!(
            "{}{}{}?appKey={}&requestTime={}&sign=",
            self.base,
            prefix,
            name,
            query_escape(&irs.app_key),
            ms
        );
        let mut m = HttpMessage::request("GET", target);
        m.push_header("Accept", "application/json");
        Ok(m)
    }

    fn build(
        &self,
        method: &str,
        path: &str,
        query: &[(&str, &str)],
        body: Option<Vec<u8>>,
        power_item: Option<&str>,
        ctx: &CallContext,
    ) -> Result<HttpMessage> {
        let ms = parse_timestamp(&ctx.now, "now")?;
        let mut params: Vec<(String, String)> =
            query.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        if self.config.gateway == GatewayKind::ZjIrs {
            let irs = self.config.irs.as_ref().ok_or_else(|| arg("irs", "missing IRS settings"))?;
            params.push(("appKey".into(), irs.app_key.clone()));
            params.push(("requestTime".into(), ms.to_string()));
            params.push(("sign".into(), String::new()));
            if let Some(code) = power_item.or(irs.power_matters.as_deref()) {
                let additional = canonical_value(&serde_json::json!({ "powerMatters": code }));
                params.push(("additional".into(), String::from_utf8(additional).unwrap_or_default()));
            }
        }
        let mut target = format!("{}{API_PREFIX}{path}", self.base);
        for (i, (k, v)) in params.iter().enumerate() {
            target.push(if i == 0 { '?' } else { '&' });
            target.push_str(&query_escape(k));
            target.push('=');
            target.push_str(&query_escape(v));
        }
        let mut m = HttpMessage::request(method, target);
        m.push_header("Accept", "application/json");
        if self.config.gateway == GatewayKind::XTif {
            if ctx.nonce.is_empty() || !ctx.nonce.bytes().all(|b| b.is_ascii_graphic()) {
                return Err(arg("nonce", "must be non-empty visible ASCII"));
            }
            let x = self.config.x_tif.as_ref().ok_or_else(|| arg("x_tif", "missing x-tif settings"))?;
            let p = x.options().prefix;
            m.push_header(p.header("paasid"), x.paas_id.clone());
            m.push_header(p.header("timestamp"), ms.div_euclid(1000).to_string());
            m.push_header(p.header("nonce"), ctx.nonce.clone());
            m.push_header(p.header("signature"), "");
            if let Some(s) = &x.service_id {
                m.push_header(p.header("serviceId"), s.clone());
            }
        }
        if let Some(b) = body {
            m.push_header("Content-Type", "application/json; charset=utf-8");
            m.body = b;
        }
        Ok(m)
    }
}

fn canonical_value(v: &serde_json::Value) -> Vec<u8> {
    let plain = serde_json::to_vec(v).unwrap_or_default();
    crate::jcs::canonicalize(&plain).unwrap_or(plain)
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
fn query_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The application's 权力事项 code, when its duty basis names one (the IRS
/// gateway's `additional`).
fn power_item_code(app: &Application) -> Option<&str> {
    app.draft()
        .duty_basis
        .iter()
        .find(|b| b.kind == crate::request::application::DutyBasisKind::PowerItem)
        .and_then(|b| b.code.as_deref())
}

fn path_segment(id: &str) -> Result<String> {
    if id.is_empty() || id == "." || id == ".." {
        return Err(arg("id", "must be a non-empty application id"));
    }
    Ok(query_escape(id))
}

// ------------------------------------------------------------- responses

fn status_of(msg: &HttpMessage) -> Result<u16> {
    match msg.start {
        StartLine::Response { status } => Ok(status),
        StartLine::Request { .. } => Err(arg("response", "expected a response, got a request")),
    }
}

/// The platform's error body.
#[derive(Deserialize)]
struct ErrorBody {
    code: String,
    #[serde(default)]
    message: String,
}

/// Returns the body of a 2xx response, or the platform's error.
fn success_body(msg: &HttpMessage) -> Result<&[u8]> {
    let status = status_of(msg)?;
    if (200..300).contains(&status) {
        return Ok(&msg.body);
    }
    let parsed: Option<ErrorBody> = serde_json::from_slice(&msg.body).ok();
    let (platform_code, platform_message) = match parsed {
        Some(b) => (b.code, b.message),
        None => ("unknown".to_owned(), String::new()),
    };
    Err(Error::PlatformError { status, platform_code, platform_message })
}

/// Strict JSON (no duplicate keys) then serde.
fn parse_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T> {
    crate::jcs::validate(body)?;
    serde_json::from_slice(body).map_err(|e| crate::error::json_error(&e))
}

/// Parses the answer to [`PlatformClient::catalog_request`].
pub fn parse_catalog_response(msg: &HttpMessage) -> Result<CatalogDocument> {
    parse_body(success_body(msg)?)
}

/// Parses the answer to [`PlatformClient::catalog_delta_request`].
pub fn parse_catalog_delta_response(msg: &HttpMessage) -> Result<DeltaDocument> {
    parse_body(success_body(msg)?)
}

/// Parses the answer to submit, status and withdraw requests.
pub fn parse_application_response(msg: &HttpMessage) -> Result<ApplicationStatus> {
    let status: ApplicationStatus = parse_body(success_body(msg)?)?;
    if status.id.is_empty() {
        return Err(invalid("$.id", "the platform returned an empty application id"));
    }
    parse_timestamp(&status.updated_at, "$.updated_at")?;
    Ok(status)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DataBody {
    resource_code: String,
    items: Vec<String>,
    rows: Vec<Vec<serde_json::Value>>,
    #[serde(default)]
    next_cursor: Option<String>,
    #[serde(default)]
    mask_manifest: Option<serde_json::Value>,
    #[serde(default)]
    mask_manifest_signature: Option<String>,
}

/// Parses the answer to [`PlatformClient::data_request`]; refuses data for
/// another resource or items that were not asked for.
pub fn parse_data_response(msg: &HttpMessage, query: &DataQuery) -> Result<DataPage> {
    let body: DataBody = parse_body(success_body(msg)?)?;
    if body.resource_code != query.resource_code {
        return Err(invalid("$.resource_code", "the platform answered for another resource"));
    }
    if let Some(i) = body.items.iter().position(|it| !query.items.contains(it)) {
        return Err(invalid(
            &format!("$.items[{i}]"),
            "the platform returned a data item that was not requested",
        ));
    }
    // An item listed twice would be read as one column when verified (the
    // last copy) while the caller keeps both: refuse it.
    if let Some(i) = body.items.iter().enumerate().position(|(i, it)| body.items[..i].contains(it)) {
        return Err(invalid(&format!("$.items[{i}]"), "the platform listed a data item twice"));
    }
    if let Some(r) = body.rows.iter().position(|row| row.len() != body.items.len()) {
        return Err(invalid(&format!("$.rows[{r}]"), "a row does not have one value per item"));
    }
    let rows = serde_json::Value::Array(body.rows.into_iter().map(serde_json::Value::Array).collect());
    let row_count = rows.as_array().map_or(0, Vec::len) as u64;
    Ok(DataPage {
        resource_code: body.resource_code,
        items: body.items,
        rows_json: String::from_utf8(canonical_value(&rows)).unwrap_or_default(),
        row_count,
        next_cursor: body.next_cursor,
        mask_manifest: body
            .mask_manifest
            .as_ref()
            .map(|m| String::from_utf8(canonical_value(m)).unwrap_or_default()),
        mask_manifest_signature: body.mask_manifest_signature,
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct IrsEnvelope {
    code: String,
    #[serde(default)]
    msg: String,
    #[serde(default)]
    datas: Option<IrsDatas>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct IrsDatas {
    request_secret: String,
    request_secret_end_time: IrsTime,
    refresh_secret: String,
    refresh_secret_end_time: IrsTime,
}

/// IRS gives times as numbers or numeric strings.
#[derive(Deserialize)]
#[serde(untagged)]
enum IrsTime {
    Num(i64),
    Text(String),
}

impl IrsTime {
    fn millis(&self, path: &str) -> Result<i64> {
        match self {
            IrsTime::Num(n) => Ok(*n),
            IrsTime::Text(t) => t.parse().map_err(|_| invalid(path, "expected Unix milliseconds")),
        }
    }
}

/// Parses the answer to [`PlatformClient::verification_request`]; refuses
/// an answer for another resource and a "not found" that claims equality.
pub fn parse_verification_response(
    msg: &HttpMessage,
    query: &VerificationQuery,
) -> Result<VerificationAnswer> {
    let answer: VerificationAnswer = parse_body(success_body(msg)?)?;
    if answer.resource_code != query.resource_code {
        return Err(invalid("$.resource_code", "the platform answered for another resource"));
    }
    if answer.equal && !answer.found {
        return Err(invalid("$.equal", "equal without a record found"));
    }
    Ok(answer)
}

/// The platform-key document (`openapi/sharing-platform.yaml`, `getPlatformKey`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlatformKeyBody {
    keyid: String,
    alg: String,
    jwk: serde_json::Value,
}

/// Reads the answer to [`PlatformClient::platform_key_request`],
/// `{"keyid", "alg", "jwk"}`, into the platform's public key with its key id
/// — ready for `PlatformExchange::new` or `verify_platform_response`.
///
/// Strict, and never a key by guessing: a platform error is
/// `platform_error`; a body that is not exactly that object is refused
/// (malformed JSON, a member missing, duplicated or unknown); `alg` must be
/// an algorithm this build knows (`unknown_algorithm`) and the JWK a key of
/// it (`key_algorithm_mismatch`, `invalid_key`); a JWK with private
/// material, a symmetric secret (whoever reads it could sign as the
/// platform), an empty `keyid` or a `kid` other than `keyid` is
/// `invalid_value`.
pub fn parse_platform_key_response(msg: &HttpMessage) -> Result<crate::sign::Key> {
    use crate::sign::{Algorithm, Key};
    let body: PlatformKeyBody = parse_body(success_body(msg)?)?;
    if body.keyid.trim().is_empty() {
        return Err(invalid("$.keyid", "the platform named no key id"));
    }
    let algorithm = Algorithm::from_name(&body.alg)?;
    if algorithm == Algorithm::HmacSha256 {
        return Err(invalid("$.alg", "a published symmetric secret proves nothing about who signs"));
    }
    if !body.jwk.is_object() {
        return Err(invalid("$.jwk", "a JWK is a JSON object"));
    }
    if let Some(kid) = body.jwk.get("kid") {
        if kid.as_str() != Some(body.keyid.as_str()) {
            return Err(invalid("$.jwk.kid", "the JWK names another key id than keyid"));
        }
    }
    let mut key = Key::from_jwk(&body.jwk.to_string(), Some(algorithm))?;
    if key.is_private() {
        return Err(invalid("$.jwk", "the platform published private key material"));
    }
    key.set_key_id(body.keyid);
    Ok(key)
}

/// Parses the answer of an IRS refresh call (`code` `"00"` is success).
pub fn parse_irs_refresh_response(msg: &HttpMessage) -> Result<IrsSecrets> {
    let status = status_of(msg)?;
    if !(200..300).contains(&status) {
        success_body(msg)?;
    }
    let env: IrsEnvelope = parse_body(&msg.body)?;
    if env.code != "00" {
        return Err(Error::PlatformError { status, platform_code: env.code, platform_message: env.msg });
    }
    let d = env.datas.ok_or_else(|| invalid("$.datas", "missing"))?;
    Ok(IrsSecrets {
        request_secret_end_time: d.request_secret_end_time.millis("$.datas.requestSecretEndTime")?,
        refresh_secret_end_time: d.refresh_secret_end_time.millis("$.datas.refreshSecretEndTime")?,
        request_secret: d.request_secret,
        refresh_secret: d.refresh_secret,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sign::{Algorithm, Key};

    fn key_answer(status: u16, body: &str) -> HttpMessage {
        let mut m = HttpMessage::response(status);
        m.push_header("Content-Type", "application/json");
        m.body = body.as_bytes().to_vec();
        m
    }

    fn published(key: &Key, keyid: &str) -> String {
        let mut public = key.public_key().expect("public");
        public.set_key_id(keyid);
        let jwk = public.to_jwk(false).expect("jwk");
        format!(r#"{{"keyid":"{keyid}","alg":"{}","jwk":{jwk}}}"#, key.algorithm().name())
    }

    #[test]
    fn the_published_platform_key_is_read_with_its_id() {
        let client = PlatformClient::new(PlatformConfig {
            base_url: "https://share.example.gov.cn/".into(),
            gateway: GatewayKind::None,
            x_tif: None,
            irs: None,
        })
        .expect("client");
        let req = client.platform_key_request();
        assert_eq!(
            req.start,
            StartLine::Request {
                method: "GET".into(),
                target: "https://share.example.gov.cn/api/v1/platform-key".into()
            }
        );
        for alg in [Algorithm::Ed25519, Algorithm::EcdsaP256Sha256, Algorithm::Sm2Sm3] {
            let platform = Key::generate(alg).expect("key");
            let key = parse_platform_key_response(&key_answer(200, &published(&platform, "platform-1")))
                .expect("reads");
            assert_eq!((key.algorithm(), key.key_id(), key.is_private()), (alg, "platform-1", false));
            assert_eq!(key.thumbprint(), platform.thumbprint());
        }
    }

    #[test]
    fn a_platform_key_document_is_read_strictly() {
        let mut ed = Key::generate(Algorithm::Ed25519).expect("key");
        ed.set_key_id("p");
        let jwk = ed.public_key().expect("public").to_jwk(false).expect("jwk");
        let private = ed.to_jwk(true).expect("jwk");
        let code = |status: u16, body: &str| {
            parse_platform_key_response(&key_answer(status, body)).unwrap_err().code()
        };
        assert_eq!(code(500, r#"{"code":"internal","message":"x"}"#), "platform_error");
        assert_eq!(code(200, ""), "malformed_json");
        assert_eq!(code(200, "[]"), "invalid_value");
        assert_eq!(code(200, &format!(r#"{{"keyid":"p","jwk":{jwk}}}"#)), "invalid_value");
        assert_eq!(
            code(200, &format!(r#"{{"keyid":"p","alg":"ed25519","jwk":{jwk},"x":1}}"#)),
            "invalid_value"
        );
        assert_eq!(
            code(200, &format!(r#"{{"keyid":"p","alg":"ed25519","alg":"ed25519","jwk":{jwk}}}"#)),
            "duplicate_key"
        );
        assert_eq!(code(200, &format!(r#"{{"keyid":" ","alg":"ed25519","jwk":{jwk}}}"#)), "invalid_value");
        assert_eq!(code(200, &format!(r#"{{"keyid":"p","alg":"rot13","jwk":{jwk}}}"#)), "unknown_algorithm");
        assert_eq!(
            code(200, &format!(r#"{{"keyid":"p","alg":"ecdsa-p256-sha256","jwk":{jwk}}}"#)),
            "key_algorithm_mismatch"
        );
        assert_eq!(
            code(200, &format!(r#"{{"keyid":"p","alg":"ed25519","jwk":{private}}}"#)),
            "invalid_value"
        );
        assert_eq!(code(200, r#"{"keyid":"p","alg":"ed25519","jwk":"abc"}"#), "invalid_value");
        let mut hmac = Key::generate(Algorithm::HmacSha256).expect("hmac");
        hmac.set_key_id("p");
        let hmac = hmac.to_jwk(true).expect("jwk");
        assert_eq!(
            code(200, &format!(r#"{{"keyid":"p","alg":"hmac-sha256","jwk":{hmac}}}"#)),
            "invalid_value"
        );
        assert_eq!(
            code(200, &format!(r#"{{"keyid":"other","alg":"ed25519","jwk":{jwk}}}"#)),
            "invalid_value"
        );
        let unnamed: serde_json::Value = serde_json::from_str(&jwk).expect("jwk");
        let unnamed = serde_json::json!({"kty": unnamed["kty"], "crv": unnamed["crv"], "x": unnamed["x"]});
        let key = parse_platform_key_response(&key_answer(
            200,
            &format!(r#"{{"keyid":"other","alg":"ed25519","jwk":{unnamed}}}"#),
        ))
        .expect("a JWK without kid takes keyid");
        assert_eq!(key.key_id(), "other");
    }

    #[test]
    fn data_page_keeps_the_manifest_and_gives_records() {
        let query = DataQuery {
            resource_code: "R".into(),
            items: vec!["a".into(), "b".into()],
            filters: Default::default(),
            page_size: None,
            cursor: None,
            power_item_code: None,
        };
        let mut msg = HttpMessage::response(200);
        msg.body = br#"{"resource_code":"R","items":["b","a"],"rows":[["x",1],["y",2]],
            "mask_manifest":{"manifest_version":1,"fields":{"b":{"rule":"redact"}}},"mask_manifest_signature":"c2ln"}"#
            .to_vec();
        let page = parse_data_response(&msg, &query).expect("parses");
        assert_eq!(
            page.mask_manifest.as_deref(),
            Some(r#"{"fields":{"b":{"rule":"redact"}},"manifest_version":1}"#)
        );
        assert_eq!(page.mask_manifest_signature.as_deref(), Some("c2ln"));
        let records: serde_json::Value =
            serde_json::from_slice(&page.records_json().expect("records")).expect("json");
        assert_eq!(records, serde_json::json!([{"b": "x", "a": 1}, {"b": "y", "a": 2}]));
    }
}
