//! Request exports: RFC 8785 canonicalization, applications, validation,
//! lifecycle, entitlements, the working-day calendar, deadlines, and the
//! sans-IO platform client. HTTP messages cross as plain objects in the JSON
//! form of `core/src/http_message.rs` (`HttpMessageJson`).

use govshare_core::catalog as cat;
use govshare_core::http_message::HttpMessage;
use govshare_core::platform::client as plat;
use govshare_core::platform::ExchangeRequest;
use govshare_core::request as core;
use js_sys::Uint8Array;
use tsify::Ts;
use wasm_bindgen::prelude::*;

use crate::catalog::Catalog;
use crate::error::{bytes_or_string, from_js, list_to_js, to_js, JsErr, JsResult};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
// `HttpMessageJson` is declared once, in sign.rs.
/** The canonical bytes of a JSON document and their digests (lowercase hex). */
export interface CanonicalDigestBytes {
  canonical: Uint8Array;
  sha256: string;
  sm3: string;
}
"#;

fn message_to_js(msg: &HttpMessage) -> JsResult<JsValue> {
    json_to_js(&msg.to_json())
}

fn json_to_js(text: &str) -> JsResult<JsValue> {
    js_sys::JSON::parse(text).map_err(|_| invalid_arg("result", "not JSON"))
}

fn message_from_js(value: &JsValue, name: &str) -> JsResult<HttpMessage> {
    let text = js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| invalid_arg(name, "expected an HTTP message object"))?;
    Ok(HttpMessage::from_json(&text)?)
}

fn invalid_arg(name: &str, detail: &str) -> JsErr {
    govshare_core::Error::InvalidArgument { name: name.to_owned(), detail: detail.to_owned() }.into()
}

fn to_json_value<T: serde::Serialize>(value: &T) -> JsResult<JsValue> {
    let text = serde_json::to_string(value).map_err(|e| invalid_arg("result", &e.to_string()))?;
    json_to_js(&text)
}

// ------------------------------------------------------------------ JCS

/// RFC 8785 canonical form of a JSON document (string or UTF-8 bytes).
#[wasm_bindgen]
pub fn canonicalize(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] input: JsValue,
) -> JsResult<Uint8Array> {
    let bytes = bytes_or_string(&input, "input")?;
    Ok(Uint8Array::from(govshare_core::jcs::canonicalize(&bytes)?.as_slice()))
}

/// Like `canonicalize`, with explicit parser limits (`JcsLimits`).
#[wasm_bindgen(js_name = canonicalizeWith)]
pub fn canonicalize_with(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] input: JsValue,
    limits: Ts<govshare_core::jcs::JcsLimits>,
) -> JsResult<Uint8Array> {
    let bytes = bytes_or_string(&input, "input")?;
    Ok(Uint8Array::from(
        govshare_core::jcs::canonicalize_with(&bytes, &from_js(limits, "limits")?)?.as_slice(),
    ))
}

/// RFC 8785 canonical form as a string.
#[wasm_bindgen(js_name = canonicalizeToString)]
pub fn canonicalize_to_string(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] input: JsValue,
) -> JsResult<String> {
    let bytes = bytes_or_string(&input, "input")?;
    Ok(govshare_core::digest::canonical_digests(&bytes).map(|d| d.canonical)?)
}

/// The canonical bytes and their SHA-256 and SM3 digests.
#[wasm_bindgen(js_name = canonicalDigests, unchecked_return_type = "CanonicalDigestBytes")]
pub fn canonical_digests(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] input: JsValue,
) -> JsResult<JsValue> {
    let bytes = bytes_or_string(&input, "input")?;
    let d = govshare_core::digest::canonical_digests(&bytes)?;
    let out = js_sys::Object::new();
    let set = |k: &str, v: JsValue| {
        // Setting a property on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&out, &JsValue::from_str(k), &v);
    };
    set("canonical", Uint8Array::from(d.canonical.as_bytes()).into());
    set("sha256", d.sha256.into());
    set("sm3", d.sm3.into());
    Ok(out.into())
}

/// GB 32100 check of a 统一社会信用代码.
#[wasm_bindgen(js_name = checkCreditCode)]
pub fn check_credit_code(code: &str) -> JsResult<Ts<core::CreditCodeStatus>> {
    to_js(&core::check_credit_code(code))
}

// --------------------------------------------------------- applications

/// A structurally valid sharing application.
#[wasm_bindgen]
pub struct Application {
    inner: core::Application,
}

#[wasm_bindgen]
impl Application {
    /// Parses the JSON form strictly (duplicate and unknown keys refused).
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &str) -> JsResult<Application> {
        Ok(Application { inner: core::Application::from_json(text)? })
    }

    /// The data, as a plain `ApplicationDraft` (to edit and rebuild).
    pub fn draft(&self) -> JsResult<Ts<core::application::ApplicationDraft>> {
        to_js(self.inner.draft())
    }

    /// The JSON form.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> JsResult<String> {
        Ok(self.inner.to_json())
    }

    /// The canonical (RFC 8785) JSON form.
    #[wasm_bindgen(js_name = canonicalJson)]
    pub fn canonical_json(&self) -> String {
        self.inner.canonical_json()
    }

    /// Canonical form with SHA-256 and SM3 digests.
    pub fn digests(&self) -> JsResult<Ts<govshare_core::digest::CanonicalDigests>> {
        to_js(&self.inner.digests())
    }
}

/// Checks a draft and builds an application, or throws the first problem.
#[wasm_bindgen(js_name = buildApplication)]
pub fn build_application(draft: Ts<core::ApplicationDraft>) -> JsResult<Application> {
    Ok(Application { inner: core::build(from_js(draft, "draft")?)? })
}

fn policy_or_default(policy: Option<Ts<core::ValidationPolicy>>) -> JsResult<core::ValidationPolicy> {
    policy.map_or_else(|| Ok(core::ValidationPolicy::default()), |p| from_js(p, "policy"))
}

/// Validates an application against a loaded catalog (coded findings).
#[wasm_bindgen(js_name = validateApplication)]
pub fn validate_application(
    app: &Application,
    catalog: &Catalog,
    policy: Option<Ts<core::ValidationPolicy>>,
) -> JsResult<Ts<core::ValidationReport>> {
    to_js(&core::validate(&app.inner, catalog.core(), &policy_or_default(policy)?))
}

/// Validates an application against a list of catalog resources.
#[wasm_bindgen(js_name = validateApplicationWithResources)]
pub fn validate_application_with_resources(
    app: &Application,
    resources: Vec<Ts<cat::Resource>>,
    policy: Option<Ts<core::ValidationPolicy>>,
) -> JsResult<Ts<core::ValidationReport>> {
    let resources =
        resources.into_iter().map(|r| from_js(r, "resources")).collect::<JsResult<Vec<cat::Resource>>>()?;
    to_js(&core::validate(&app.inner, &resources, &policy_or_default(policy)?))
}

// ------------------------------------------------- lifecycle, entitlements

/// Applies a process event (Decree No. 809 Art. 20-28) at `now` (RFC 3339)
/// under `profile` (national when omitted), or throws `illegal_transition`
/// naming the state and the article.
#[wasm_bindgen]
pub fn transition(
    lifecycle: Ts<core::Lifecycle>,
    event: Ts<core::Event>,
    now: &str,
    profile: Option<Ts<core::DeadlineProfile>>,
) -> JsResult<Ts<core::Lifecycle>> {
    let profile = profile_or_national(profile)?;
    to_js(&core::transition(&from_js(lifecycle, "lifecycle")?, &from_js(event, "event")?, now, &profile)?)
}

/// Files a correction (校核) request for shared data found wrong (Art. 26):
/// the records by digest, never their values.
#[wasm_bindgen(js_name = fileCorrection)]
pub fn file_correction(
    application_id: &str,
    resource_code: &str,
    items: Vec<String>,
    data_digest: &str,
    filed_on: &str,
) -> JsResult<Ts<core::Correction>> {
    to_js(&core::file_correction(application_id, resource_code, &items, data_digest, filed_on)?)
}

/// The provider's answer to a correction request (Art. 26).
#[wasm_bindgen(js_name = answerCorrection)]
pub fn answer_correction(
    correction: Ts<core::Correction>,
    answered_on: &str,
    outcome: Ts<core::CorrectionOutcome>,
) -> JsResult<Ts<core::Correction>> {
    let c = from_js(correction, "correction")?;
    to_js(&core::answer_correction(&c, answered_on, from_js(outcome, "outcome")?)?)
}

/// Unix seconds as RFC 3339 in Beijing time (`2026-11-27T09:30:00+08:00`):
/// core's one formatter, for the `now` every call takes.
#[wasm_bindgen(js_name = formatTimestampCst)]
pub fn format_timestamp_cst(unix_seconds: f64) -> JsResult<String> {
    Ok(govshare_core::time::format_timestamp_cst(crate::sign::unix_seconds(unix_seconds)?)?)
}

/// A new application's lifecycle, in `draft`.
#[wasm_bindgen(js_name = newLifecycle)]
pub fn new_lifecycle() -> JsResult<Ts<core::Lifecycle>> {
    to_js(&core::Lifecycle::new())
}

/// A department's current entitlements at `now`, by resource.
#[wasm_bindgen]
pub fn entitlements(
    grants: Vec<Ts<core::Grant>>,
    credit_code: &str,
    now: &str,
) -> JsResult<Vec<Ts<core::Entitlement>>> {
    let grants = grants.into_iter().map(|g| from_js(g, "grants")).collect::<JsResult<Vec<_>>>()?;
    list_to_js(&core::entitlements(&grants, credit_code, now)?)
}

/// Throws `not_entitled` unless every item of the resource is entitled.
#[wasm_bindgen(js_name = checkEntitled)]
pub fn check_entitled(
    entitlements: Vec<Ts<core::Entitlement>>,
    resource_code: &str,
    items: Vec<String>,
) -> JsResult<()> {
    let ents = entitlements_from_js(entitlements)?;
    Ok(core::check_entitled(&ents, resource_code, &items)?)
}

// ------------------------------------------------------ calendar, deadlines

/// Working days: weekends, public holidays and make-up workdays.
#[wasm_bindgen]
pub struct WorkCalendar {
    inner: core::WorkCalendar,
}

#[wasm_bindgen]
impl WorkCalendar {
    /// The embedded calendar (State Council notices).
    pub fn embedded() -> WorkCalendar {
        WorkCalendar { inner: core::WorkCalendar::embedded() }
    }

    /// A calendar from a calendar file only.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &str) -> JsResult<WorkCalendar> {
        Ok(WorkCalendar { inner: core::WorkCalendar::from_json(text)? })
    }

    /// Adds (or replaces) years from a calendar file.
    #[wasm_bindgen(js_name = addJson)]
    pub fn add_json(&mut self, text: &str) -> JsResult<()> {
        Ok(self.inner.add_json(text)?)
    }

    /// Years the calendar knows.
    pub fn years(&self) -> Vec<u32> {
        self.inner.years()
    }

    /// Whether a Beijing date `YYYY-MM-DD` is worked.
    #[wasm_bindgen(js_name = isWorkingDay)]
    pub fn is_working_day(&self, date: &str) -> JsResult<Ts<core::calendar::DayKind>> {
        to_js(&self.inner.is_working_day(date)?)
    }

    /// The last day of "within `days` working days" after `start`.
    #[wasm_bindgen(js_name = dueDate)]
    pub fn due_date(&self, start: &str, days: u32) -> JsResult<Ts<core::calendar::DueDate>> {
        to_js(&self.inner.due_date(start, days)?)
    }
}

fn profile_or_national(profile: Option<Ts<core::DeadlineProfile>>) -> JsResult<core::DeadlineProfile> {
    profile.map_or_else(|| Ok(core::DeadlineProfile::national()), |p| from_js(p, "profile"))
}

/// A built-in deadline profile by name (`national`, `local-2024`).
#[wasm_bindgen(js_name = deadlineProfile)]
pub fn deadline_profile(name: &str) -> JsResult<Ts<core::DeadlineProfile>> {
    to_js(&core::DeadlineProfile::named(name)?)
}

/// A deadline profile from a JSON file's text (absent fields take the
/// national value; records kept under 3 years are refused, Art. 29).
#[wasm_bindgen(js_name = deadlineProfileFromJson)]
pub fn deadline_profile_from_json(text: &str) -> JsResult<Ts<core::DeadlineProfile>> {
    to_js(&core::DeadlineProfile::from_json(text)?)
}

/// Each step's article, due date and status (`met`, `late`, `pending`,
/// `unknown`) at `now` (RFC 3339), under `profile` (national when omitted).
#[wasm_bindgen]
pub fn schedule(
    calendar: &WorkCalendar,
    profile: Option<Ts<core::DeadlineProfile>>,
    input: Ts<core::ScheduleInput>,
    now: &str,
) -> JsResult<Ts<core::Schedule>> {
    let profile = profile_or_national(profile)?;
    to_js(&core::schedule(&calendar.inner, &profile, &from_js(input, "input")?, now)?)
}

/// Art. 17: the catalog update and publication deadlines after a change.
#[wasm_bindgen(js_name = catalogUpdateSchedule)]
pub fn catalog_update_schedule(
    calendar: &WorkCalendar,
    profile: Option<Ts<core::DeadlineProfile>>,
    input: Ts<core::CatalogUpdateInput>,
    now: &str,
) -> JsResult<Ts<core::Schedule>> {
    let profile = profile_or_national(profile)?;
    to_js(&core::catalog_update_schedule(&calendar.inner, &profile, &from_js(input, "input")?, now)?)
}

// -------------------------------------------------------------- platform

/// Builds the platform's HTTP requests (sans-IO) for a configuration.
#[wasm_bindgen]
pub struct PlatformClient {
    inner: plat::PlatformClient,
}

fn ctx(ctx: Ts<plat::CallContext>) -> JsResult<plat::CallContext> {
    from_js(ctx, "ctx")
}

#[wasm_bindgen]
impl PlatformClient {
    #[wasm_bindgen(constructor)]
    pub fn new(config: Ts<plat::PlatformConfig>) -> JsResult<PlatformClient> {
        Ok(PlatformClient { inner: plat::PlatformClient::new(from_js(config, "config")?)? })
    }

    /// The configuration.
    pub fn config(&self) -> JsResult<Ts<plat::PlatformConfig>> {
        to_js(self.inner.config())
    }

    /// `GET /api/v1/platform-key`, unsigned (the key is not known yet): read
    /// the answer with `parsePlatformKeyResponse`. Trust on first use — pin
    /// the key out of band where you can.
    #[wasm_bindgen(js_name = platformKeyRequest, unchecked_return_type = "HttpMessageJson")]
    pub fn platform_key_request(&self) -> JsResult<JsValue> {
        message_to_js(&self.inner.platform_key_request())
    }

    #[wasm_bindgen(js_name = catalogRequest, unchecked_return_type = "HttpMessageJson")]
    pub fn catalog_request(&self, ctx_: Ts<plat::CallContext>) -> JsResult<JsValue> {
        message_to_js(&self.inner.catalog_request(&ctx(ctx_)?)?)
    }

    #[wasm_bindgen(js_name = catalogDeltaRequest, unchecked_return_type = "HttpMessageJson")]
    pub fn catalog_delta_request(
        &self,
        since_version: f64,
        ctx_: Ts<plat::CallContext>,
    ) -> JsResult<JsValue> {
        let since = crate::error::u64_arg(since_version, "sinceVersion")?;
        message_to_js(&self.inner.catalog_delta_request(since, &ctx(ctx_)?)?)
    }

    #[wasm_bindgen(js_name = submitRequest, unchecked_return_type = "HttpMessageJson")]
    pub fn submit_request(&self, app: &Application, ctx_: Ts<plat::CallContext>) -> JsResult<JsValue> {
        message_to_js(&self.inner.submit_request(&app.inner, &ctx(ctx_)?)?)
    }

    /// The application again with the materials asked for (Art. 21 ¶2).
    #[wasm_bindgen(js_name = resubmitRequest, unchecked_return_type = "HttpMessageJson")]
    pub fn resubmit_request(
        &self,
        id: &str,
        app: &Application,
        ctx_: Ts<plat::CallContext>,
    ) -> JsResult<JsValue> {
        message_to_js(&self.inner.resubmit_request(id, &app.inner, &ctx(ctx_)?)?)
    }

    #[wasm_bindgen(js_name = statusRequest, unchecked_return_type = "HttpMessageJson")]
    pub fn status_request(&self, id: &str, ctx_: Ts<plat::CallContext>) -> JsResult<JsValue> {
        message_to_js(&self.inner.status_request(id, &ctx(ctx_)?)?)
    }

    #[wasm_bindgen(js_name = withdrawRequest, unchecked_return_type = "HttpMessageJson")]
    pub fn withdraw_request(
        &self,
        id: &str,
        reason: Option<String>,
        ctx_: Ts<plat::CallContext>,
    ) -> JsResult<JsValue> {
        message_to_js(&self.inner.withdraw_request(id, reason.as_deref(), &ctx(ctx_)?)?)
    }

    /// Refuses (`not_entitled`) a query outside the entitlements; nothing is built then.
    #[wasm_bindgen(js_name = dataRequest, unchecked_return_type = "HttpMessageJson")]
    pub fn data_request(
        &self,
        query: Ts<plat::DataQuery>,
        entitlements: Vec<Ts<core::Entitlement>>,
        ctx_: Ts<plat::CallContext>,
    ) -> JsResult<JsValue> {
        let ents = entitlements_from_js(entitlements)?;
        message_to_js(&self.inner.data_request(&from_js(query, "query")?, &ents, &ctx(ctx_)?)?)
    }

    #[wasm_bindgen(js_name = irsRefreshByKeyRequest, unchecked_return_type = "HttpMessageJson")]
    pub fn irs_refresh_by_key_request(&self, ctx_: Ts<plat::CallContext>) -> JsResult<JsValue> {
        message_to_js(&self.inner.irs_refresh_by_key_request(&ctx(ctx_)?)?)
    }

    #[wasm_bindgen(js_name = irsRefreshBySecretRequest, unchecked_return_type = "HttpMessageJson")]
    pub fn irs_refresh_by_secret_request(&self, ctx_: Ts<plat::CallContext>) -> JsResult<JsValue> {
        message_to_js(&self.inner.irs_refresh_by_secret_request(&ctx(ctx_)?)?)
    }
}

/// Parses the answer to submit, status and withdraw requests.
#[wasm_bindgen(js_name = parseApplicationResponse)]
pub fn parse_application_response(
    #[wasm_bindgen(unchecked_param_type = "HttpMessageJson")] response: JsValue,
) -> JsResult<Ts<plat::ApplicationStatus>> {
    to_js(&plat::parse_application_response(&message_from_js(&response, "response")?)?)
}

/// Parses the answer to a catalog request: the catalog document (plain JSON data).
#[wasm_bindgen(js_name = parseCatalogResponse, unchecked_return_type = "unknown")]
pub fn parse_catalog_response(
    #[wasm_bindgen(unchecked_param_type = "HttpMessageJson")] response: JsValue,
) -> JsResult<JsValue> {
    to_json_value(&plat::parse_catalog_response(&message_from_js(&response, "response")?)?)
}

/// Parses the answer to a catalog delta request: the delta document (plain JSON data).
#[wasm_bindgen(js_name = parseCatalogDeltaResponse, unchecked_return_type = "unknown")]
pub fn parse_catalog_delta_response(
    #[wasm_bindgen(unchecked_param_type = "HttpMessageJson")] response: JsValue,
) -> JsResult<JsValue> {
    to_json_value(&plat::parse_catalog_delta_response(&message_from_js(&response, "response")?)?)
}

/// Parses a data page, refusing data that was not asked for.
#[wasm_bindgen(js_name = parseDataResponse)]
pub fn parse_data_response(
    #[wasm_bindgen(unchecked_param_type = "HttpMessageJson")] response: JsValue,
    query: Ts<plat::DataQuery>,
) -> JsResult<Ts<plat::DataPage>> {
    to_js(&plat::parse_data_response(&message_from_js(&response, "response")?, &from_js(query, "query")?)?)
}

/// The platform's published public key from the answer to
/// `platformKeyRequest`, strictly: `keyid`, `alg` and a public JWK of that
/// algorithm; private material, a symmetric secret or a `kid` other than
/// `keyid` is refused. The key carries the platform's key id.
#[wasm_bindgen(js_name = parsePlatformKeyResponse)]
pub fn parse_platform_key_response(
    #[wasm_bindgen(unchecked_param_type = "HttpMessageJson")] response: JsValue,
) -> JsResult<crate::sign::Key> {
    Ok(crate::sign::Key {
        inner: plat::parse_platform_key_response(&message_from_js(&response, "response")?)?,
    })
}

/// Parses an IRS secret refresh answer.
#[wasm_bindgen(js_name = parseIrsRefreshResponse)]
pub fn parse_irs_refresh_response(
    #[wasm_bindgen(unchecked_param_type = "HttpMessageJson")] response: JsValue,
) -> JsResult<IrsSecrets> {
    Ok(IrsSecrets { inner: plat::parse_irs_refresh_response(&message_from_js(&response, "response")?)? })
}

/// The IRS gateway's secrets: read each by name (`requestSecret`, for
/// `PlatformExchange.setGatewaySecret`); `toString`, `toJSON` and the console
/// show the end times only.
#[wasm_bindgen]
pub struct IrsSecrets {
    inner: plat::IrsSecrets,
}

#[wasm_bindgen]
impl IrsSecrets {
    #[wasm_bindgen(getter, js_name = requestSecret)]
    pub fn request_secret(&self) -> String {
        self.inner.request_secret.clone()
    }

    /// Unix milliseconds.
    #[wasm_bindgen(getter, js_name = requestSecretEndTime)]
    pub fn request_secret_end_time(&self) -> f64 {
        self.inner.request_secret_end_time as f64
    }

    #[wasm_bindgen(getter, js_name = refreshSecret)]
    pub fn refresh_secret(&self) -> String {
        self.inner.refresh_secret.clone()
    }

    /// Unix milliseconds.
    #[wasm_bindgen(getter, js_name = refreshSecretEndTime)]
    pub fn refresh_secret_end_time(&self) -> f64 {
        self.inner.refresh_secret_end_time as f64
    }

    /// The end times, the secrets redacted.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        format!("{:?}", self.inner)
    }

    /// What `JSON.stringify` writes: the end times, the secrets redacted.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "unknown")]
    pub fn to_json(&self) -> JsResult<JsValue> {
        to_json_value(&serde_json::json!({
            "request_secret": "<redacted>",
            "request_secret_end_time": self.inner.request_secret_end_time,
            "refresh_secret": "<redacted>",
            "refresh_secret_end_time": self.inner.refresh_secret_end_time,
        }))
    }
}

/// A list of entitlements from JS (each checked like any `Ts` value).
fn entitlements_from_js(entitlements: Vec<Ts<core::Entitlement>>) -> JsResult<Vec<core::Entitlement>> {
    entitlements.into_iter().map(|e| from_js(e, "entitlements")).collect()
}

/// A catalog version from a JS number: a whole number in 0..=2^53, else an error.
fn catalog_version(n: f64) -> JsResult<u64> {
    if n.fract() == 0.0 && (0.0..=9_007_199_254_740_992.0).contains(&n) {
        Ok(n as u64)
    } else {
        Err(govshare_core::Error::InvalidArgument {
            name: "sinceVersion".into(),
            detail: "a whole number from 0 to 2^53".into(),
        }
        .into())
    }
}

/// The platform conversation as a sans-IO state machine (core
/// `platform::PlatformExchange`): each method returns the signed request to
/// send; hand the answer back to the matching `receive…`, which verifies it
/// (pinned platform key, bound to that request, digest) and parses it. One
/// request in flight at a time; an answer is accepted once.
#[wasm_bindgen]
pub struct PlatformExchange {
    inner: govshare_core::platform::PlatformExchange,
}

#[wasm_bindgen]
impl PlatformExchange {
    /// `platformKey`: the platform's public key, pinned (its public half is kept).
    #[wasm_bindgen(constructor)]
    pub fn new(
        config: Ts<plat::PlatformConfig>,
        platform_key: &crate::sign::Key,
    ) -> JsResult<PlatformExchange> {
        Ok(PlatformExchange {
            inner: govshare_core::platform::PlatformExchange::new(
                from_js(config, "config")?,
                &platform_key.inner,
            )?,
        })
    }

    /// The kind of the request awaiting its answer (`application`, `data`,
    /// `catalog`, `catalog_delta`), or undefined.
    #[wasm_bindgen(getter, js_name = inFlight)]
    pub fn in_flight(&self) -> Option<String> {
        self.inner.in_flight().map(str::to_owned)
    }

    /// Where the last `receive…` failed: `verify` (not the verified answer
    /// to the request in flight) or `parse` (verified, but a refusal or an
    /// unreadable body); undefined after a success.
    #[wasm_bindgen(getter, js_name = failedAt)]
    pub fn failed_at(&self) -> Option<String> {
        self.inner.failed_at().map(str::to_owned)
    }

    /// Forgets the request in flight; its answer will be refused.
    pub fn cancel(&mut self) {
        self.inner.cancel();
    }

    #[wasm_bindgen(unchecked_return_type = "HttpMessageJson")]
    pub fn catalog(&mut self, key: &crate::sign::Key, ctx_: Ts<plat::CallContext>) -> JsResult<JsValue> {
        message_to_js(&self.inner.catalog(&key.inner, &ctx(ctx_)?)?)
    }

    #[wasm_bindgen(js_name = catalogDelta, unchecked_return_type = "HttpMessageJson")]
    pub fn catalog_delta(
        &mut self,
        since_version: f64,
        key: &crate::sign::Key,
        ctx_: Ts<plat::CallContext>,
    ) -> JsResult<JsValue> {
        message_to_js(&self.inner.catalog_delta(catalog_version(since_version)?, &key.inner, &ctx(ctx_)?)?)
    }

    #[wasm_bindgen(unchecked_return_type = "HttpMessageJson")]
    pub fn submit(
        &mut self,
        app: &Application,
        key: &crate::sign::Key,
        ctx_: Ts<plat::CallContext>,
    ) -> JsResult<JsValue> {
        message_to_js(&self.inner.submit(&app.inner, &key.inner, &ctx(ctx_)?)?)
    }

    /// The signed resubmission of a corrected application under its id.
    #[wasm_bindgen(unchecked_return_type = "HttpMessageJson")]
    pub fn resubmit(
        &mut self,
        id: &str,
        app: &Application,
        key: &crate::sign::Key,
        ctx_: Ts<plat::CallContext>,
    ) -> JsResult<JsValue> {
        message_to_js(&self.inner.resubmit(id, &app.inner, &key.inner, &ctx(ctx_)?)?)
    }

    /// External signers: the resubmission (see `prepareCatalog`).
    #[wasm_bindgen(js_name = prepareResubmit)]
    pub fn prepare_resubmit(
        &mut self,
        id: &str,
        app: &Application,
        key_id: &str,
        ctx_: Ts<plat::CallContext>,
    ) -> JsResult<Ts<govshare_core::sign::PreparedSignature>> {
        let request = ExchangeRequest::Resubmit { id, app: &app.inner };
        to_js(&self.inner.prepare(request, key_id, &ctx(ctx_)?)?)
    }

    #[wasm_bindgen(unchecked_return_type = "HttpMessageJson")]
    pub fn status(
        &mut self,
        id: &str,
        key: &crate::sign::Key,
        ctx_: Ts<plat::CallContext>,
    ) -> JsResult<JsValue> {
        message_to_js(&self.inner.status(id, &key.inner, &ctx(ctx_)?)?)
    }

    #[wasm_bindgen(unchecked_return_type = "HttpMessageJson")]
    pub fn withdraw(
        &mut self,
        id: &str,
        reason: Option<String>,
        key: &crate::sign::Key,
        ctx_: Ts<plat::CallContext>,
    ) -> JsResult<JsValue> {
        message_to_js(&self.inner.withdraw(id, reason.as_deref(), &key.inner, &ctx(ctx_)?)?)
    }

    #[wasm_bindgen(unchecked_return_type = "HttpMessageJson")]
    pub fn data(
        &mut self,
        query: Ts<plat::DataQuery>,
        entitlements: Vec<Ts<core::Entitlement>>,
        key: &crate::sign::Key,
        ctx_: Ts<plat::CallContext>,
    ) -> JsResult<JsValue> {
        let ents = entitlements_from_js(entitlements)?;
        message_to_js(&self.inner.data(&from_js(query, "query")?, &ents, &key.inner, &ctx(ctx_)?)?)
    }

    /// The secret a legacy gateway keys its scheme with (x-tif `paasToken`,
    /// IRS `requestSecret`); needed for every request when the config names
    /// a gateway. The platform's answers must still be signed.
    #[wasm_bindgen(js_name = setGatewaySecret)]
    pub fn set_gateway_secret(&mut self, secret: &str) -> JsResult<()> {
        Ok(self.inner.set_gateway_secret(secret)?)
    }

    /// The kind of the request prepared for an external signer and not yet
    /// completed (`prepare…` → `complete`), or undefined.
    #[wasm_bindgen(getter, js_name = awaitingSignature)]
    pub fn awaiting_signature(&self) -> Option<String> {
        self.inner.awaiting_signature().map(str::to_owned)
    }

    /// External signers (WebCrypto, an HSM), step one: the catalog request,
    /// built for the key known as `keyId`; sign `prepared.base`, then `complete`.
    #[wasm_bindgen(js_name = prepareCatalog)]
    pub fn prepare_catalog(
        &mut self,
        key_id: &str,
        ctx_: Ts<plat::CallContext>,
    ) -> JsResult<Ts<govshare_core::sign::PreparedSignature>> {
        to_js(&self.inner.prepare(ExchangeRequest::Catalog, key_id, &ctx(ctx_)?)?)
    }

    /// External signers: the catalog-delta request (see `prepareCatalog`).
    #[wasm_bindgen(js_name = prepareCatalogDelta)]
    pub fn prepare_catalog_delta(
        &mut self,
        since_version: f64,
        key_id: &str,
        ctx_: Ts<plat::CallContext>,
    ) -> JsResult<Ts<govshare_core::sign::PreparedSignature>> {
        let since_version = catalog_version(since_version)?;
        to_js(&self.inner.prepare(ExchangeRequest::CatalogDelta { since_version }, key_id, &ctx(ctx_)?)?)
    }

    /// External signers: the submission (see `prepareCatalog`).
    #[wasm_bindgen(js_name = prepareSubmit)]
    pub fn prepare_submit(
        &mut self,
        app: &Application,
        key_id: &str,
        ctx_: Ts<plat::CallContext>,
    ) -> JsResult<Ts<govshare_core::sign::PreparedSignature>> {
        to_js(&self.inner.prepare(ExchangeRequest::Submit(&app.inner), key_id, &ctx(ctx_)?)?)
    }

    /// External signers: the status request (see `prepareCatalog`).
    #[wasm_bindgen(js_name = prepareStatus)]
    pub fn prepare_status(
        &mut self,
        id: &str,
        key_id: &str,
        ctx_: Ts<plat::CallContext>,
    ) -> JsResult<Ts<govshare_core::sign::PreparedSignature>> {
        to_js(&self.inner.prepare(ExchangeRequest::Status(id), key_id, &ctx(ctx_)?)?)
    }

    /// External signers: the withdrawal (see `prepareCatalog`).
    #[wasm_bindgen(js_name = prepareWithdraw)]
    pub fn prepare_withdraw(
        &mut self,
        id: &str,
        reason: Option<String>,
        key_id: &str,
        ctx_: Ts<plat::CallContext>,
    ) -> JsResult<Ts<govshare_core::sign::PreparedSignature>> {
        let request = ExchangeRequest::Withdraw { id, reason: reason.as_deref() };
        to_js(&self.inner.prepare(request, key_id, &ctx(ctx_)?)?)
    }

    /// External signers: the data query (see `prepareCatalog`).
    #[wasm_bindgen(js_name = prepareData)]
    pub fn prepare_data(
        &mut self,
        query: Ts<plat::DataQuery>,
        entitlements: Vec<Ts<core::Entitlement>>,
        key_id: &str,
        ctx_: Ts<plat::CallContext>,
    ) -> JsResult<Ts<govshare_core::sign::PreparedSignature>> {
        let ents = entitlements_from_js(entitlements)?;
        let query = from_js(query, "query")?;
        let request = ExchangeRequest::Data { query: &query, entitlements: &ents };
        to_js(&self.inner.prepare(request, key_id, &ctx(ctx_)?)?)
    }

    /// External signers: the verification request (see `prepareCatalog`).
    #[wasm_bindgen(js_name = prepareVerify)]
    pub fn prepare_verify(
        &mut self,
        query: Ts<plat::VerificationQuery>,
        entitlements: Vec<Ts<core::Entitlement>>,
        key_id: &str,
        ctx_: Ts<plat::CallContext>,
    ) -> JsResult<Ts<govshare_core::sign::PreparedSignature>> {
        let ents = entitlements_from_js(entitlements)?;
        let query = from_js(query, "query")?;
        let request = ExchangeRequest::Verification { query: &query, entitlements: &ents };
        to_js(&self.inner.prepare(request, key_id, &ctx(ctx_)?)?)
    }

    /// External signers, step two: the signature over `prepared.base` (raw
    /// bytes; ECDSA/SM2 as `r || s`). Returns the signed request, now in flight.
    #[wasm_bindgen(unchecked_return_type = "HttpMessageJson")]
    pub fn complete(&mut self, signature: &[u8]) -> JsResult<JsValue> {
        message_to_js(&self.inner.complete(signature)?)
    }

    /// A verification request (验证类): a signed yes/no about one record, no data.
    #[wasm_bindgen(unchecked_return_type = "HttpMessageJson")]
    pub fn verify(
        &mut self,
        query: Ts<plat::VerificationQuery>,
        entitlements: Vec<Ts<core::Entitlement>>,
        key: &crate::sign::Key,
        ctx_: Ts<plat::CallContext>,
    ) -> JsResult<JsValue> {
        let ents = entitlements_from_js(entitlements)?;
        message_to_js(&self.inner.verify(&from_js(query, "query")?, &ents, &key.inner, &ctx(ctx_)?)?)
    }

    /// The answer to `verify`: `{resource_code, found, equal}`.
    #[wasm_bindgen(js_name = receiveVerification)]
    pub fn receive_verification(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "HttpMessageJson")] response: JsValue,
        now: f64,
    ) -> JsResult<Ts<plat::VerificationAnswer>> {
        let msg = message_from_js(&response, "response")?;
        to_js(&self.inner.receive_verification(&msg, crate::sign::unix_seconds(now)?)?)
    }

    /// The answer to `submit`, `status` or `withdraw`, at `now` (Unix seconds).
    #[wasm_bindgen(js_name = receiveApplication)]
    pub fn receive_application(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "HttpMessageJson")] response: JsValue,
        now: f64,
    ) -> JsResult<Ts<plat::ApplicationStatus>> {
        let msg = message_from_js(&response, "response")?;
        to_js(&self.inner.receive_application(&msg, crate::sign::unix_seconds(now)?)?)
    }

    /// The answer to `data`: the page (verify its masking with `verifyMaskedPage`).
    #[wasm_bindgen(js_name = receiveData)]
    pub fn receive_data(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "HttpMessageJson")] response: JsValue,
        now: f64,
    ) -> JsResult<Ts<plat::DataPage>> {
        let msg = message_from_js(&response, "response")?;
        to_js(&self.inner.receive_data(&msg, crate::sign::unix_seconds(now)?)?)
    }

    /// The answer to `catalog`: the catalog document (plain JSON data).
    #[wasm_bindgen(js_name = receiveCatalog, unchecked_return_type = "unknown")]
    pub fn receive_catalog(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "HttpMessageJson")] response: JsValue,
        now: f64,
    ) -> JsResult<JsValue> {
        let msg = message_from_js(&response, "response")?;
        to_json_value(&self.inner.receive_catalog(&msg, crate::sign::unix_seconds(now)?)?)
    }

    /// The answer to `catalogDelta`: the delta document (plain JSON data).
    #[wasm_bindgen(js_name = receiveCatalogDelta, unchecked_return_type = "unknown")]
    pub fn receive_catalog_delta(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "HttpMessageJson")] response: JsValue,
        now: f64,
    ) -> JsResult<JsValue> {
        let msg = message_from_js(&response, "response")?;
        to_json_value(&self.inner.receive_catalog_delta(&msg, crate::sign::unix_seconds(now)?)?)
    }
}
