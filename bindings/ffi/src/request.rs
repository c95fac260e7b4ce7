//! Request exports for uniffi: canonicalization, applications, validation,
//! lifecycle, entitlements, calendar, deadlines, and the sans-IO platform
//! client. HTTP messages cross as JSON text in the form of
//! `core/src/http_message.rs`.

use std::sync::{Arc, RwLock, RwLockReadGuard};

use govshare_core::catalog as cat;
use govshare_core::platform::client as plat;
use govshare_core::platform::ExchangeRequest;
use govshare_core::request as core;

use crate::catalog::Catalog;
use crate::sign::message;
use crate::GovshareError;

fn json_text<T: serde::Serialize>(value: &T) -> Result<String, GovshareError> {
    serde_json::to_string(value).map_err(|e| {
        GovshareError::from(govshare_core::Error::InvalidArgument {
            name: "result".into(),
            detail: e.to_string(),
        })
    })
}

/// RFC 8785 canonical form of a JSON document (UTF-8 bytes).
#[uniffi::export]
pub fn canonicalize(data: Vec<u8>) -> Result<Vec<u8>, GovshareError> {
    Ok(govshare_core::jcs::canonicalize(&data)?)
}

/// Like `canonicalize`, with explicit parser limits.
#[uniffi::export]
pub fn canonicalize_with(
    data: Vec<u8>,
    limits: govshare_core::jcs::JcsLimits,
) -> Result<Vec<u8>, GovshareError> {
    Ok(govshare_core::jcs::canonicalize_with(&data, &limits)?)
}

/// The canonical form (text) and its SHA-256 and SM3 digests.
#[uniffi::export]
pub fn canonical_digests(data: Vec<u8>) -> Result<govshare_core::digest::CanonicalDigests, GovshareError> {
    Ok(govshare_core::digest::canonical_digests(&data)?)
}

/// GB 32100 check of a 统一社会信用代码.
#[uniffi::export]
pub fn check_credit_code(code: String) -> core::CreditCodeStatus {
    core::check_credit_code(&code)
}

/// A structurally valid sharing application.
#[derive(uniffi::Object)]
pub struct Application {
    inner: core::Application,
}

#[uniffi::export]
impl Application {
    /// Parses the JSON form strictly (duplicate and unknown keys refused).
    #[uniffi::constructor]
    pub fn from_json(text: String) -> Result<Arc<Self>, GovshareError> {
        Ok(Arc::new(Application { inner: core::Application::from_json(&text)? }))
    }

    /// The data, as a draft (to edit and rebuild).
    pub fn draft(&self) -> core::ApplicationDraft {
        self.inner.draft().clone()
    }

    /// The JSON form.
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The canonical (RFC 8785) JSON form.
    pub fn canonical_json(&self) -> String {
        self.inner.canonical_json()
    }

    /// Canonical form with SHA-256 and SM3 digests.
    pub fn digests(&self) -> govshare_core::digest::CanonicalDigests {
        self.inner.digests()
    }
}

/// Checks a draft and builds an application, or raises the first problem.
#[uniffi::export]
pub fn build_application(draft: core::ApplicationDraft) -> Result<Arc<Application>, GovshareError> {
    Ok(Arc::new(Application { inner: core::build(draft)? }))
}

/// Validates an application against a loaded catalog (coded findings).
#[uniffi::export(default(policy = None))]
pub fn validate_application(
    app: Arc<Application>,
    catalog: Arc<Catalog>,
    policy: Option<core::ValidationPolicy>,
) -> core::ValidationReport {
    let guard = catalog.read();
    core::validate(&app.inner, &*guard, &policy.unwrap_or_default())
}

/// Validates an application against a list of catalog resources.
#[uniffi::export(default(policy = None))]
pub fn validate_application_with_resources(
    app: Arc<Application>,
    resources: Vec<cat::Resource>,
    policy: Option<core::ValidationPolicy>,
) -> core::ValidationReport {
    core::validate(&app.inner, &resources, &policy.unwrap_or_default())
}

/// Applies a process event (Decree No. 809 Art. 20-28) at `now` (RFC 3339)
/// under `profile` (national when omitted), or raises `illegal_transition`
/// naming the state and the article.
#[uniffi::export(default(profile = None))]
pub fn transition(
    lifecycle: core::Lifecycle,
    event: core::Event,
    now: String,
    profile: Option<core::DeadlineProfile>,
) -> Result<core::Lifecycle, GovshareError> {
    Ok(core::transition(&lifecycle, &event, &now, &profile.unwrap_or_default())?)
}

/// Files a correction (校核) request for shared data found wrong (Art. 26):
/// the records by digest, never their values.
#[uniffi::export]
pub fn file_correction(
    application_id: String,
    resource_code: String,
    items: Vec<String>,
    data_digest: String,
    filed_on: String,
) -> Result<core::Correction, GovshareError> {
    Ok(core::file_correction(&application_id, &resource_code, &items, &data_digest, &filed_on)?)
}

/// The provider's answer to a correction request (Art. 26).
#[uniffi::export]
pub fn answer_correction(
    correction: core::Correction,
    answered_on: String,
    outcome: core::CorrectionOutcome,
) -> Result<core::Correction, GovshareError> {
    Ok(core::answer_correction(&correction, &answered_on, outcome)?)
}

/// A new application's lifecycle, in `draft`.
#[uniffi::export]
pub fn new_lifecycle() -> core::Lifecycle {
    core::Lifecycle::new()
}

/// A department's current entitlements at `now`, by resource.
#[uniffi::export]
pub fn entitlements(
    grants: Vec<core::Grant>,
    credit_code: String,
    now: String,
) -> Result<Vec<core::Entitlement>, GovshareError> {
    Ok(core::entitlements(&grants, &credit_code, &now)?)
}

/// Raises `not_entitled` unless every item of the resource is entitled.
#[uniffi::export]
pub fn check_entitled(
    entitlements: Vec<core::Entitlement>,
    resource_code: String,
    items: Vec<String>,
) -> Result<(), GovshareError> {
    Ok(core::check_entitled(&entitlements, &resource_code, &items)?)
}

/// Working days: weekends, public holidays and make-up workdays.
#[derive(uniffi::Object)]
pub struct WorkCalendar {
    inner: RwLock<core::WorkCalendar>,
}

impl WorkCalendar {
    fn read(&self) -> RwLockReadGuard<'_, core::WorkCalendar> {
        // Years are only added whole; a poisoned lock still holds a usable calendar.
        self.inner.read().unwrap_or_else(|p| p.into_inner())
    }
}

#[uniffi::export]
impl WorkCalendar {
    /// The embedded calendar (State Council notices).
    #[uniffi::constructor]
    pub fn embedded() -> Arc<Self> {
        Arc::new(WorkCalendar { inner: RwLock::new(core::WorkCalendar::embedded()) })
    }

    /// A calendar from a calendar file only.
    #[uniffi::constructor]
    pub fn from_json(text: String) -> Result<Arc<Self>, GovshareError> {
        Ok(Arc::new(WorkCalendar { inner: RwLock::new(core::WorkCalendar::from_json(&text)?) }))
    }

    /// Adds (or replaces) years from a calendar file.
    pub fn add_json(&self, text: String) -> Result<(), GovshareError> {
        let mut g = self.inner.write().unwrap_or_else(|p| p.into_inner());
        Ok(g.add_json(&text)?)
    }

    /// Years the calendar knows.
    pub fn years(&self) -> Vec<u32> {
        self.read().years()
    }

    /// Whether a Beijing date `YYYY-MM-DD` is worked.
    pub fn is_working_day(&self, date: String) -> Result<core::calendar::DayKind, GovshareError> {
        Ok(self.read().is_working_day(&date)?)
    }

    /// The last day of "within `days` working days" after `start`.
    pub fn due_date(&self, start: String, days: u32) -> Result<core::calendar::DueDate, GovshareError> {
        Ok(self.read().due_date(&start, days)?)
    }
}

/// A built-in deadline profile by name (`national`, `local-2024`).
#[uniffi::export]
pub fn deadline_profile(name: String) -> Result<core::DeadlineProfile, GovshareError> {
    Ok(core::DeadlineProfile::named(&name)?)
}

/// A deadline profile from a JSON file's text (absent fields take the
/// national value; records kept under 3 years are refused, Art. 29).
#[uniffi::export]
pub fn deadline_profile_from_json(text: String) -> Result<core::DeadlineProfile, GovshareError> {
    Ok(core::DeadlineProfile::from_json(&text)?)
}

/// Each step's article, due date and status (`met`, `late`, `pending`,
/// `unknown`) at `now` (RFC 3339), under `profile` (national when omitted).
#[uniffi::export(default(profile = None))]
pub fn schedule(
    calendar: Arc<WorkCalendar>,
    input: core::ScheduleInput,
    now: String,
    profile: Option<core::DeadlineProfile>,
) -> Result<core::Schedule, GovshareError> {
    Ok(core::schedule(&calendar.read(), &profile.unwrap_or_default(), &input, &now)?)
}

/// Art. 17: the catalog update and publication deadlines after a change.
#[uniffi::export(default(profile = None))]
pub fn catalog_update_schedule(
    calendar: Arc<WorkCalendar>,
    input: core::CatalogUpdateInput,
    now: String,
    profile: Option<core::DeadlineProfile>,
) -> Result<core::Schedule, GovshareError> {
    Ok(core::catalog_update_schedule(&calendar.read(), &profile.unwrap_or_default(), &input, &now)?)
}

/// Builds the platform's HTTP requests (sans-IO); each returns message JSON.
#[derive(uniffi::Object)]
pub struct PlatformClient {
    inner: plat::PlatformClient,
}

#[uniffi::export]
impl PlatformClient {
    #[uniffi::constructor]
    pub fn new(config: plat::PlatformConfig) -> Result<Arc<Self>, GovshareError> {
        Ok(Arc::new(PlatformClient { inner: plat::PlatformClient::new(config)? }))
    }

    pub fn config(&self) -> plat::PlatformConfig {
        self.inner.config().clone()
    }

    /// `GET /api/v1/platform-key`, unsigned (the key is not known yet): read
    /// the answer with `parse_platform_key_response`. Trust on first use.
    pub fn platform_key_request(&self) -> String {
        self.inner.platform_key_request().to_json()
    }

    pub fn catalog_request(&self, ctx: plat::CallContext) -> Result<String, GovshareError> {
        Ok(self.inner.catalog_request(&ctx)?.to_json())
    }

    pub fn catalog_delta_request(
        &self,
        since_version: u64,
        ctx: plat::CallContext,
    ) -> Result<String, GovshareError> {
        Ok(self.inner.catalog_delta_request(since_version, &ctx)?.to_json())
    }

    pub fn submit_request(
        &self,
        app: Arc<Application>,
        ctx: plat::CallContext,
    ) -> Result<String, GovshareError> {
        Ok(self.inner.submit_request(&app.inner, &ctx)?.to_json())
    }

    /// The application again with the materials asked for (Art. 21 ¶2).
    pub fn resubmit_request(
        &self,
        id: String,
        app: Arc<Application>,
        ctx: plat::CallContext,
    ) -> Result<String, GovshareError> {
        Ok(self.inner.resubmit_request(&id, &app.inner, &ctx)?.to_json())
    }

    pub fn status_request(&self, id: String, ctx: plat::CallContext) -> Result<String, GovshareError> {
        Ok(self.inner.status_request(&id, &ctx)?.to_json())
    }

    pub fn withdraw_request(
        &self,
        id: String,
        reason: Option<String>,
        ctx: plat::CallContext,
    ) -> Result<String, GovshareError> {
        Ok(self.inner.withdraw_request(&id, reason.as_deref(), &ctx)?.to_json())
    }

    /// Refuses (`not_entitled`) a query outside the entitlements.
    pub fn data_request(
        &self,
        query: plat::DataQuery,
        entitlements: Vec<core::Entitlement>,
        ctx: plat::CallContext,
    ) -> Result<String, GovshareError> {
        Ok(self.inner.data_request(&query, &entitlements, &ctx)?.to_json())
    }

    pub fn irs_refresh_by_key_request(&self, ctx: plat::CallContext) -> Result<String, GovshareError> {
        Ok(self.inner.irs_refresh_by_key_request(&ctx)?.to_json())
    }

    pub fn irs_refresh_by_secret_request(&self, ctx: plat::CallContext) -> Result<String, GovshareError> {
        Ok(self.inner.irs_refresh_by_secret_request(&ctx)?.to_json())
    }
}

/// Parses the answer to submit, status and withdraw requests.
#[uniffi::export]
pub fn parse_application_response(response: String) -> Result<plat::ApplicationStatus, GovshareError> {
    Ok(plat::parse_application_response(&message(&response)?)?)
}

/// Parses the answer to a catalog request; the catalog document as JSON text.
#[uniffi::export]
pub fn parse_catalog_response(response: String) -> Result<String, GovshareError> {
    json_text(&plat::parse_catalog_response(&message(&response)?)?)
}

/// Parses the answer to a catalog delta request; the delta document as JSON text.
#[uniffi::export]
pub fn parse_catalog_delta_response(response: String) -> Result<String, GovshareError> {
    json_text(&plat::parse_catalog_delta_response(&message(&response)?)?)
}

/// Parses a data page, refusing data that was not asked for.
#[uniffi::export]
pub fn parse_data_response(
    response: String,
    query: plat::DataQuery,
) -> Result<plat::DataPage, GovshareError> {
    Ok(plat::parse_data_response(&message(&response)?, &query)?)
}

/// The platform's published public key from the answer to
/// `platform_key_request`, strictly (`keyid`, `alg`, a public JWK of that
/// algorithm); it carries the platform's key id.
#[uniffi::export]
pub fn parse_platform_key_response(response: String) -> Result<Arc<crate::sign::Key>, GovshareError> {
    Ok(crate::sign::Key::wrap(plat::parse_platform_key_response(&message(&response)?)?))
}

/// Unix seconds as RFC 3339 in Beijing time (`2026-11-27T09:30:00+08:00`):
/// core's one formatter, for the `now` every call takes.
#[uniffi::export]
pub fn format_timestamp_cst(unix_seconds: i64) -> Result<String, GovshareError> {
    Ok(govshare_core::time::format_timestamp_cst(unix_seconds)?)
}

/// Parses an IRS secret refresh answer.
#[uniffi::export]
pub fn parse_irs_refresh_response(response: String) -> Result<Arc<IrsSecrets>, GovshareError> {
    Ok(Arc::new(IrsSecrets { inner: plat::parse_irs_refresh_response(&message(&response)?)? }))
}

/// The IRS gateway's secrets: read each by name (`request_secret`, for
/// `PlatformExchange.set_gateway_secret`); printing shows the end times only.
#[derive(Debug, uniffi::Object)]
#[uniffi::export(Debug)]
pub struct IrsSecrets {
    inner: plat::IrsSecrets,
}

#[uniffi::export]
impl IrsSecrets {
    pub fn request_secret(&self) -> String {
        self.inner.request_secret.clone()
    }

    /// Unix milliseconds.
    pub fn request_secret_end_time(&self) -> i64 {
        self.inner.request_secret_end_time
    }

    pub fn refresh_secret(&self) -> String {
        self.inner.refresh_secret.clone()
    }

    /// Unix milliseconds.
    pub fn refresh_secret_end_time(&self) -> i64 {
        self.inner.refresh_secret_end_time
    }
}

/// The platform conversation as a sans-IO state machine (core
/// `platform::PlatformExchange`): each method returns the signed request to
/// send (JSON); hand the answer back to the matching `receive_…`, which
/// verifies it (pinned platform key, bound to that request, digest) and
/// parses it. One request in flight at a time; an answer is accepted once.
#[derive(Debug, uniffi::Object)]
pub struct PlatformExchange {
    inner: std::sync::Mutex<govshare_core::platform::PlatformExchange>,
}

impl PlatformExchange {
    fn lock(&self) -> std::sync::MutexGuard<'_, govshare_core::platform::PlatformExchange> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[uniffi::export]
impl PlatformExchange {
    /// `platform_key`: the platform's public key, pinned (its public half is kept).
    #[uniffi::constructor]
    pub fn new(
        config: plat::PlatformConfig,
        platform_key: Arc<crate::sign::Key>,
    ) -> Result<Arc<Self>, GovshareError> {
        let inner = govshare_core::platform::PlatformExchange::new(config, &platform_key.lock())?;
        Ok(Arc::new(PlatformExchange { inner: std::sync::Mutex::new(inner) }))
    }

    /// The kind of the request awaiting its answer (`application`, `data`,
    /// `catalog`, `catalog_delta`), or none.
    pub fn in_flight(&self) -> Option<String> {
        self.lock().in_flight().map(str::to_owned)
    }

    /// Where the last `receive_…` failed: `verify` (not the verified answer
    /// to the request in flight) or `parse` (verified, but a refusal or an
    /// unreadable body); none after a success.
    pub fn failed_at(&self) -> Option<String> {
        self.lock().failed_at().map(str::to_owned)
    }

    /// Forgets the request in flight; its answer will be refused.
    pub fn cancel(&self) {
        self.lock().cancel();
    }

    pub fn catalog(
        &self,
        key: Arc<crate::sign::Key>,
        ctx: plat::CallContext,
    ) -> Result<String, GovshareError> {
        Ok(self.lock().catalog(&key.lock(), &ctx)?.to_json())
    }

    pub fn catalog_delta(
        &self,
        since_version: u64,
        key: Arc<crate::sign::Key>,
        ctx: plat::CallContext,
    ) -> Result<String, GovshareError> {
        Ok(self.lock().catalog_delta(since_version, &key.lock(), &ctx)?.to_json())
    }

    pub fn submit(
        &self,
        app: Arc<Application>,
        key: Arc<crate::sign::Key>,
        ctx: plat::CallContext,
    ) -> Result<String, GovshareError> {
        Ok(self.lock().submit(&app.inner, &key.lock(), &ctx)?.to_json())
    }

    /// The signed resubmission of a corrected application under its id.
    pub fn resubmit(
        &self,
        id: String,
        app: Arc<Application>,
        key: Arc<crate::sign::Key>,
        ctx: plat::CallContext,
    ) -> Result<String, GovshareError> {
        Ok(self.lock().resubmit(&id, &app.inner, &key.lock(), &ctx)?.to_json())
    }

    /// External signers: the resubmission (see `prepare_catalog`).
    pub fn prepare_resubmit(
        &self,
        id: String,
        app: Arc<Application>,
        key_id: String,
        ctx: plat::CallContext,
    ) -> Result<govshare_core::sign::PreparedSignature, GovshareError> {
        Ok(self.lock().prepare(ExchangeRequest::Resubmit { id: &id, app: &app.inner }, &key_id, &ctx)?)
    }

    pub fn status(
        &self,
        id: String,
        key: Arc<crate::sign::Key>,
        ctx: plat::CallContext,
    ) -> Result<String, GovshareError> {
        Ok(self.lock().status(&id, &key.lock(), &ctx)?.to_json())
    }

    pub fn withdraw(
        &self,
        id: String,
        reason: Option<String>,
        key: Arc<crate::sign::Key>,
        ctx: plat::CallContext,
    ) -> Result<String, GovshareError> {
        Ok(self.lock().withdraw(&id, reason.as_deref(), &key.lock(), &ctx)?.to_json())
    }

    pub fn data(
        &self,
        query: plat::DataQuery,
        entitlements: Vec<core::Entitlement>,
        key: Arc<crate::sign::Key>,
        ctx: plat::CallContext,
    ) -> Result<String, GovshareError> {
        Ok(self.lock().data(&query, &entitlements, &key.lock(), &ctx)?.to_json())
    }

    /// The secret a legacy gateway keys its scheme with (x-tif `paasToken`,
    /// IRS `requestSecret`); needed for every request when the config names
    /// a gateway. The platform's answers must still be signed.
    pub fn set_gateway_secret(&self, secret: String) -> Result<(), GovshareError> {
        Ok(self.lock().set_gateway_secret(&secret)?)
    }

    /// The kind of the request prepared for an external signer and not yet
    /// completed (`prepare_…` → `complete`), or none.
    pub fn awaiting_signature(&self) -> Option<String> {
        self.lock().awaiting_signature().map(str::to_owned)
    }

    /// External signers (an HSM, a KMS), step one: the catalog request, built
    /// for the key known as `key_id`; sign `prepared.base`, then `complete`.
    pub fn prepare_catalog(
        &self,
        key_id: String,
        ctx: plat::CallContext,
    ) -> Result<govshare_core::sign::PreparedSignature, GovshareError> {
        Ok(self.lock().prepare(ExchangeRequest::Catalog, &key_id, &ctx)?)
    }

    /// External signers: the catalog-delta request (see `prepare_catalog`).
    pub fn prepare_catalog_delta(
        &self,
        since_version: u64,
        key_id: String,
        ctx: plat::CallContext,
    ) -> Result<govshare_core::sign::PreparedSignature, GovshareError> {
        Ok(self.lock().prepare(ExchangeRequest::CatalogDelta { since_version }, &key_id, &ctx)?)
    }

    /// External signers: the submission (see `prepare_catalog`).
    pub fn prepare_submit(
        &self,
        app: Arc<Application>,
        key_id: String,
        ctx: plat::CallContext,
    ) -> Result<govshare_core::sign::PreparedSignature, GovshareError> {
        Ok(self.lock().prepare(ExchangeRequest::Submit(&app.inner), &key_id, &ctx)?)
    }

    /// External signers: the status request (see `prepare_catalog`).
    pub fn prepare_status(
        &self,
        id: String,
        key_id: String,
        ctx: plat::CallContext,
    ) -> Result<govshare_core::sign::PreparedSignature, GovshareError> {
        Ok(self.lock().prepare(ExchangeRequest::Status(&id), &key_id, &ctx)?)
    }

    /// External signers: the withdrawal (see `prepare_catalog`).
    pub fn prepare_withdraw(
        &self,
        id: String,
        reason: Option<String>,
        key_id: String,
        ctx: plat::CallContext,
    ) -> Result<govshare_core::sign::PreparedSignature, GovshareError> {
        let request = ExchangeRequest::Withdraw { id: &id, reason: reason.as_deref() };
        Ok(self.lock().prepare(request, &key_id, &ctx)?)
    }

    /// External signers: the data query (see `prepare_catalog`).
    pub fn prepare_data(
        &self,
        query: plat::DataQuery,
        entitlements: Vec<core::Entitlement>,
        key_id: String,
        ctx: plat::CallContext,
    ) -> Result<govshare_core::sign::PreparedSignature, GovshareError> {
        let request = ExchangeRequest::Data { query: &query, entitlements: &entitlements };
        Ok(self.lock().prepare(request, &key_id, &ctx)?)
    }

    /// External signers: the verification request (see `prepare_catalog`).
    pub fn prepare_verify(
        &self,
        query: plat::VerificationQuery,
        entitlements: Vec<core::Entitlement>,
        key_id: String,
        ctx: plat::CallContext,
    ) -> Result<govshare_core::sign::PreparedSignature, GovshareError> {
        let request = ExchangeRequest::Verification { query: &query, entitlements: &entitlements };
        Ok(self.lock().prepare(request, &key_id, &ctx)?)
    }

    /// External signers, step two: the signature over `prepared.base` (raw
    /// bytes; ECDSA/SM2 as `r || s`). Returns the signed request (JSON), now
    /// in flight.
    pub fn complete(&self, signature: Vec<u8>) -> Result<String, GovshareError> {
        Ok(self.lock().complete(&signature)?.to_json())
    }

    /// A verification request (验证类): a signed yes/no about one record, no data.
    pub fn verify(
        &self,
        query: plat::VerificationQuery,
        entitlements: Vec<core::Entitlement>,
        key: Arc<crate::sign::Key>,
        ctx: plat::CallContext,
    ) -> Result<String, GovshareError> {
        Ok(self.lock().verify(&query, &entitlements, &key.lock(), &ctx)?.to_json())
    }

    /// The answer to `verify`: found / equal.
    pub fn receive_verification(
        &self,
        response: String,
        now: i64,
    ) -> Result<plat::VerificationAnswer, GovshareError> {
        Ok(self.lock().receive_verification(&message(&response)?, now)?)
    }

    /// The answer to `submit`, `status` or `withdraw`, at `now` (Unix seconds).
    pub fn receive_application(
        &self,
        response: String,
        now: i64,
    ) -> Result<plat::ApplicationStatus, GovshareError> {
        Ok(self.lock().receive_application(&message(&response)?, now)?)
    }

    /// The answer to `data`: the page (verify its masking with `verify_masked_page`).
    pub fn receive_data(&self, response: String, now: i64) -> Result<plat::DataPage, GovshareError> {
        Ok(self.lock().receive_data(&message(&response)?, now)?)
    }

    /// The answer to `catalog`: the catalog document as JSON.
    pub fn receive_catalog(&self, response: String, now: i64) -> Result<String, GovshareError> {
        let doc = self.lock().receive_catalog(&message(&response)?, now)?;
        serde_json::to_string(&doc).map_err(|e| govshare_core::error::json_error(&e).into())
    }

    /// The answer to `catalog_delta`: the delta document as JSON.
    pub fn receive_catalog_delta(&self, response: String, now: i64) -> Result<String, GovshareError> {
        json_text(&self.lock().receive_catalog_delta(&message(&response)?, now)?)
    }
}
