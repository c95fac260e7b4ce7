//! `govshare request send`: the conversation is core's
//! (`platform::PlatformExchange`: it builds and signs each request, keeps it in
//! flight and verifies the answer — signature, binding to the request,
//! digest — then parses it); this module only moves the bytes with a small
//! blocking HTTP client and prints the verdict.
//! With `--fetch`, a granted application's data is fetched too and its
//! masking verified against the signed manifest and the catalog's grades.
//!
//! Exit 0: accepted (granted, under review, approved) and everything
//! verified; 1: refused, a platform error, or a verification failure;
//! 2: usage, input or connection error.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use govshare_core::http_message::{HttpMessage, StartLine};
use govshare_core::mask::VerifyReport;
use govshare_core::platform::client::{parse_platform_key_response, ApplicationStatus};
use govshare_core::platform::profile::verify_masked_page;
use govshare_core::platform::PlatformExchange;
use govshare_core::platform::{CallContext, DataQuery, GatewayKind, PlatformClient, PlatformConfig};
use govshare_core::request::{entitlements, Application, ApplicationState, Grant};
use govshare_core::sign::Key;
use govshare_core::Error;
use serde_json::json;

use crate::fail::{CliError, EXIT_FINDINGS, EXIT_OK};
use crate::io::read_input;
use crate::CmdResult;

#[derive(Args)]
pub struct SendArgs {
    /// Application file; `-` reads stdin.
    app: String,
    /// The platform's base URL, e.g. http://127.0.0.1:8700.
    #[arg(long)]
    url: String,
    /// The department's private key (PEM or JWK file), or `demo` for the
    /// sandbox's published demo department key (in builds with the `sandbox` feature).
    #[arg(long)]
    key: String,
    /// The key id the platform knows the key by (default: the JWK `kid`,
    /// `demo-department` for `demo`, else the key's thumbprint).
    #[arg(long)]
    keyid: Option<String>,
    /// The platform's public key (PEM or JWK). Without it the key is fetched
    /// from the platform's /api/v1/platform-key (trust on first use; a note says so).
    #[arg(long)]
    platform_key: Option<String>,
    /// Also fetch the granted data and verify its masking.
    #[arg(long)]
    fetch: bool,
    /// RFC 3339 or Unix seconds; default: the clock.
    #[arg(long)]
    now: Option<String>,
    /// Write the verdict JSON here (atomically) as well.
    #[arg(long)]
    out: Option<PathBuf>,
    #[arg(long)]
    json: bool,
}

impl SendArgs {
    pub fn json(&self) -> bool {
        self.json
    }
}

/// `--now` as Unix seconds (RFC 3339 or seconds), or the clock.
pub fn now_seconds(now: Option<&str>) -> Result<i64, CliError> {
    match now {
        Some(t) if t.contains('T') => Ok(govshare_core::time::parse_timestamp(t, "--now")?.div_euclid(1000)),
        Some(t) => t.parse().map_err(|_| CliError::Usage("--now: expected RFC 3339 or Unix seconds".into())),
        None => Ok(std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0)),
    }
}

/// A request's nonce, from core's one generator (`sign::random_nonce`).
pub(crate) fn random_nonce() -> Result<String, CliError> {
    Ok(govshare_core::sign::random_nonce()?)
}

/// A key file (as `govshare http sign` reads it: PEM, JWK — whose `kid` becomes
/// the key id — or an HMAC secret), or `demo` for the sandbox's published key.
fn load_key(spec: &str, keyid: Option<&str>, private: bool) -> Result<Key, CliError> {
    let mut key =
        if spec == "demo" && private { demo_department_key()? } else { crate::sign::load_key(spec, None)? };
    if let Some(id) = keyid {
        key.set_key_id(id);
    }
    if private && !key.is_private() {
        return Err(CliError::Usage(format!("{spec}: a private key is needed to sign")));
    }
    Ok(key)
}

/// `--key demo`: the sandbox's published demo department key (key id `demo-department`).
#[cfg(feature = "sandbox")]
fn demo_department_key() -> Result<Key, CliError> {
    Ok(govshare_sandbox::demo_department_key()?)
}

/// `--key demo` names the sandbox's key, which a build without the feature lacks.
#[cfg(not(feature = "sandbox"))]
fn demo_department_key() -> Result<Key, CliError> {
    Err(CliError::Usage(format!("--key demo: {}", crate::WITHOUT_SANDBOX)))
}

/// The client's half of one exchange: sends and returns the response.
pub(crate) struct Wire {
    agent: ureq::Agent,
}

impl Wire {
    pub(crate) fn new() -> Wire {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        Wire { agent }
    }

    fn send(&self, msg: &HttpMessage) -> Result<HttpMessage, CliError> {
        let StartLine::Request { method, target } = &msg.start else {
            return Err(CliError::Usage("not a request".into()));
        };
        let mut b = ureq::http::Request::builder().method(method.as_str()).uri(target.as_str());
        for (n, v) in &msg.headers {
            b = b.header(n.as_str(), v.as_str());
        }
        let req = b.body(msg.body.clone()).map_err(|e| CliError::Usage(format!("{target}: {e}")))?;
        let mut resp =
            self.agent.run(req).map_err(|e| CliError::Io { what: target.clone(), detail: e.to_string() })?;
        let mut out = HttpMessage::response(resp.status().as_u16());
        for (n, v) in resp.headers() {
            out.push_header(n.as_str(), String::from_utf8_lossy(v.as_bytes()));
        }
        out.body = resp
            .body_mut()
            .with_config()
            .limit(256 * 1024 * 1024)
            .read_to_vec()
            .map_err(|e| CliError::Io { what: target.clone(), detail: e.to_string() })?;
        Ok(out)
    }
}

/// The department's side of a conversation: its key, the pinned platform
/// key, the time, and the wire. Requests are built, signed and their answers
/// checked by core's `platform::PlatformExchange` (the demo's resubmission
/// aside, see `demo_flow`); this only moves the bytes.
pub(crate) struct Session {
    pub(crate) wire: Wire,
    pub(crate) key: Key,
    pub(crate) platform_key: Key,
    pub(crate) now: i64,
}

impl Session {
    pub(crate) fn ctx(&self) -> Result<CallContext, CliError> {
        let now = crate::request::now_rfc3339(Some(&self.now.to_string()))?;
        Ok(CallContext { now, nonce: random_nonce()? })
    }

    /// A new exchange with the platform (`platform::PlatformExchange`): it
    /// signs, keeps the request in flight and verifies the answer; the CLI
    /// only moves the bytes.
    pub(crate) fn exchange(&self, client: &PlatformClient) -> Result<PlatformExchange, CliError> {
        Ok(PlatformExchange::new(client.config().clone(), &self.platform_key)?)
    }

    /// Sends the request the exchange built and returns the answer's bytes.
    pub(crate) fn send(&self, request: &HttpMessage) -> Result<HttpMessage, CliError> {
        self.wire.send(request)
    }

    /// Submits `app` on a new exchange: the platform's verified answer, or
    /// where it failed. Also returns the answer (for its digest).
    pub(crate) fn submit(
        &self,
        client: &PlatformClient,
        app: &Application,
    ) -> Result<(Result<ApplicationStatus, Failure>, HttpMessage), CliError> {
        let mut ex = self.exchange(client)?;
        let request = ex.submit(app, &self.key, &self.ctx()?)?;
        let answer = self.send(&request)?;
        Ok((application_answer(&mut ex, &answer, self.now, "submit"), answer))
    }

    /// Resubmits a corrected application under its id, on the exchange.
    #[cfg_attr(not(feature = "sandbox"), allow(dead_code))] // only `govshare demo` resubmits
    pub(crate) fn resubmit(
        &self,
        client: &PlatformClient,
        id: &str,
        app: &Application,
    ) -> Result<(Result<ApplicationStatus, Failure>, HttpMessage), CliError> {
        let mut ex = self.exchange(client)?;
        let request = ex.resubmit(id, app, &self.key, &self.ctx()?)?;
        let answer = self.send(&request)?;
        Ok((application_answer(&mut ex, &answer, self.now, "resubmit"), answer))
    }
}

/// Where a step of the conversation failed, and the core error that says why.
pub(crate) struct Failure {
    /// `submit`, `entitlement`, `data`, `catalog` (the platform refused, or
    /// its verified answer does not read), or `verify_response`,
    /// `verify_catalog`, `verify_masking` (it did not verify).
    pub(crate) step: &'static str,
    pub(crate) error: Error,
}

impl Failure {
    /// The platform's answer, or the masking it vouches for, did not verify.
    pub(crate) fn is_verification(&self) -> bool {
        self.step.starts_with("verify_")
    }

    pub(crate) fn json(&self) -> serde_json::Value {
        json!({"step": self.step, "code": self.error.code(), "message": self.error.to_string()})
    }
}

/// The answer to an application call the exchange has in flight, verified
/// and read by it; on failure, the step: `verify_response` when the answer
/// did not verify, else `step` (a refusal, or a body that does not read).
pub(crate) fn application_answer(
    ex: &mut PlatformExchange,
    answer: &HttpMessage,
    now: i64,
    step: &'static str,
) -> Result<ApplicationStatus, Failure> {
    ex.receive_application(answer, now).map_err(|error| Failure {
        step: if ex.failed_at() == Some("parse") { step } else { "verify_response" },
        error,
    })
}

/// The platform's published key (trust on first use: a note says so), read
/// by core; a platform that publishes none needs `--platform-key`.
fn fetch_platform_key(wire: &Wire, client: &PlatformClient) -> Result<Key, CliError> {
    let answer = wire.send(&client.platform_key_request())?;
    let key = parse_platform_key_response(&answer).inspect_err(|_| {
        eprintln!("note: the platform published no usable key at /api/v1/platform-key; give --platform-key");
    })?;
    eprintln!(
        "note: trusting the platform key it published ({}); pin it with --platform-key",
        key.thumbprint()
    );
    Ok(key)
}

pub fn run(a: SendArgs) -> CmdResult {
    let text = String::from_utf8(read_input(&a.app)?)
        .map_err(|_| CliError::Usage(format!("{}: not UTF-8", a.app)))?;
    let app = Application::from_json(&text)?;
    // `demo` carries its key id (`demo-department`) already.
    let key = load_key(&a.key, a.keyid.as_deref(), true)?;
    let client = PlatformClient::new(PlatformConfig {
        base_url: a.url.clone(),
        gateway: GatewayKind::None,
        x_tif: None,
        irs: None,
    })?;
    let wire = Wire::new();
    let platform_key = match &a.platform_key {
        // The platform is another party: its key must be asymmetric.
        Some(p) => crate::sign::load_peer_key(p, None, false)?,
        None => fetch_platform_key(&wire, &client)?,
    };
    let s = Session { wire, key, platform_key, now: now_seconds(a.now.as_deref())? };

    let mut verdict = json!({"url": a.url, "application_sha256": app.digests().sha256});
    let mut ok = true;
    let status: Option<ApplicationStatus> = match s.submit(&client, &app)?.0 {
        Ok(st) => {
            verdict["response_verified"] = json!(true);
            Some(st)
        }
        Err(f) => {
            if !f.is_verification() {
                verdict["response_verified"] = json!(true);
                if let Error::PlatformError { platform_message, .. } = &f.error {
                    verdict["platform_message"] = json!(platform_message);
                }
            }
            verdict["failure"] = f.json();
            None
        }
    };
    match &status {
        None => ok = false,
        Some(st) => {
            verdict["status"] = serde_json::to_value(st).unwrap_or_default();
            if matches!(st.state, ApplicationState::Refused | ApplicationState::Withdrawn) {
                ok = false;
            }
        }
    }
    let granted = status.as_ref().filter(|st| st.state.allows_data_requests());
    if a.fetch && status.is_some() {
        match granted {
            None => verdict["data"] = json!({"skipped": "the application is not granted (yet)"}),
            Some(st) => {
                let data = fetch(&s, &client, &app, st)?;
                ok &= data.ok();
                verdict["data"] = data.json();
            }
        }
    }
    verdict["ok"] = json!(ok);
    let text = serde_json::to_string_pretty(&verdict).unwrap_or_default();
    if let Some(out) = &a.out {
        crate::io::write_output(Some(out), format!("{text}\n").as_bytes())?;
    }
    if a.json {
        outln!("{}", serde_json::to_string(&verdict).unwrap_or_default());
    } else {
        print_verdict(&verdict);
    }
    Ok(if ok { EXIT_OK } else { EXIT_FINDINGS })
}

/// What fetching the granted data came to.
pub(crate) enum Fetched {
    /// Nothing to fetch (no grant, or a data need).
    Skipped(&'static str),
    /// A step failed before the page's masking could be checked.
    Failed(Failure),
    /// A verified page and the verdict on its masking.
    Page {
        rows: u64,
        items: Vec<String>,
        masking: Result<VerifyReport, Failure>,
        /// The page as received and verified (kept sealed by the demo).
        #[cfg_attr(not(feature = "sandbox"), allow(dead_code))]
        page: Box<govshare_core::platform::client::DataPage>,
    },
}

impl Fetched {
    /// Nothing failed: skipped, or a verified page whose masking passed.
    pub(crate) fn ok(&self) -> bool {
        matches!(self, Fetched::Skipped(_)) || self.verified()
    }

    /// A page came, verified, and its masking passed.
    pub(crate) fn verified(&self) -> bool {
        matches!(self, Fetched::Page { masking: Ok(report), .. } if report.passed)
    }

    /// A check caught the platform: an answer or its masking did not verify.
    #[cfg_attr(not(feature = "sandbox"), allow(dead_code))] // only `govshare demo` asks
    pub(crate) fn caught(&self) -> bool {
        match self {
            Fetched::Failed(f) | Fetched::Page { masking: Err(f), .. } => f.is_verification(),
            Fetched::Page { masking: Ok(report), .. } => !report.passed,
            Fetched::Skipped(_) => false,
        }
    }

    /// The verdict's `data` member.
    pub(crate) fn json(&self) -> serde_json::Value {
        match self {
            Fetched::Skipped(why) => json!({ "skipped": why }),
            Fetched::Failed(f) => json!({"failure": f.json()}),
            Fetched::Page { rows, items, masking, .. } => {
                let mut out = json!({"rows": rows, "items": items, "response_verified": true});
                match masking {
                    Err(f) => out["failure"] = f.json(),
                    Ok(report) => {
                        out["masking"] = json!({
                            "passed": report.passed,
                            "violation_count": report.violation_count,
                            "reasons": report.reasons,
                        });
                    }
                }
                out
            }
        }
    }
}

/// Fetches the first page of the granted items on the exchange (signature,
/// binding to the request, digest, the page against the query), reads the
/// resource's grades from the platform's verified catalog, and verifies the
/// page's masking against them and the signed manifest.
pub(crate) fn fetch(
    s: &Session,
    client: &PlatformClient,
    app: &Application,
    st: &ApplicationStatus,
) -> Result<Fetched, CliError> {
    let failed = |step, error| Ok(Fetched::Failed(Failure { step, error }));
    let Some(grant) = Grant::from_application(&st.id, app, st.state) else {
        return Ok(Fetched::Skipped("a data need has no data to fetch"));
    };
    let query = DataQuery {
        resource_code: grant.resource_code.clone(),
        items: grant.items.clone(),
        filters: Default::default(),
        page_size: None,
        cursor: None,
        power_item_code: None,
    };
    let ctx = s.ctx()?;
    let ents = entitlements(&[grant], &app.draft().requester.credit_code, &ctx.now)?;
    let mut ex = s.exchange(client)?;
    let msg = match ex.data(&query, &ents, &s.key, &ctx) {
        Ok(m) => m,
        Err(e) => return failed("entitlement", e),
    };
    let page = match ex.receive_data(&s.send(&msg)?, s.now) {
        Ok(p) => p,
        Err(e) if ex.failed_at() == Some("parse") => return failed("data", e),
        Err(e) => return failed("verify_response", e),
    };
    // The resource's grades come from the platform's catalog (signed, verified).
    let msg = ex.catalog(&s.key, &s.ctx()?)?;
    let resource = match ex.receive_catalog(&s.send(&msg)?, s.now) {
        Ok(doc) => doc.resources.into_iter().find(|r| r.code == query.resource_code),
        Err(e) if ex.failed_at() == Some("parse") => return failed("catalog", e),
        Err(e) => return failed("verify_catalog", e),
    };
    let Some(resource) = resource else {
        return failed("catalog", Error::UnknownResource { code: query.resource_code });
    };
    let masking = verify_masked_page(&page, &resource, None, &s.platform_key)
        .map_err(|error| Failure { step: "verify_masking", error });
    Ok(Fetched::Page { rows: page.row_count, items: page.items.clone(), masking, page: Box::new(page) })
}

fn print_verdict(v: &serde_json::Value) {
    if v["response_verified"] == json!(true) {
        outln!("response signature and Content-Digest: verified");
    }
    if let Some(f) = v.get("failure") {
        outln!(
            "FAILED at {} [{}]: {}",
            f["step"].as_str().unwrap_or(""),
            f["code"].as_str().unwrap_or(""),
            f["message"].as_str().unwrap_or("")
        );
    }
    if let Some(st) = v.get("status") {
        let mut line = format!(
            "application {}: {}",
            st["id"].as_str().unwrap_or(""),
            st["state"].as_str().unwrap_or("")
        );
        if let Some(d) = st["due"].as_str() {
            line.push_str(&format!(", answer due {d}"));
        }
        if let Some(u) = st["valid_until"].as_str() {
            line.push_str(&format!(", valid until {u}"));
        }
        if let Some(r) = st["reason"].as_str() {
            line.push_str(&format!(" — {r}"));
        }
        outln!("{line}");
    }
    if let Some(d) = v.get("data") {
        if let Some(s) = d["skipped"].as_str() {
            outln!("data: skipped ({s})");
        }
        if let Some(f) = d.get("failure") {
            outln!(
                "data: FAILED at {} [{}]: {}",
                f["step"].as_str().unwrap_or(""),
                f["code"].as_str().unwrap_or(""),
                f["message"].as_str().unwrap_or("")
            );
        }
        if let Some(m) = d.get("masking") {
            outln!(
                "data: {} rows, signature verified; masking {} ({} violations)",
                d["rows"],
                if m["passed"] == json!(true) { "verified" } else { "VIOLATED" },
                m["violation_count"]
            );
        }
    }
    outln!("verdict: {}", if v["ok"] == json!(true) { "ok" } else { "NOT OK" });
}
