//! The platform itself, on core's [`HttpMessage`]s: authenticate the
//! request (RFC 9421 + RFC 9530 with a registered department key, nonce not
//! seen before), do what it asks inside one SQLite transaction, and answer
//! with a signed response. The HTTP server ([`crate::server`]) only converts
//! messages; everything the sandbox decides is here, testable without sockets.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use govshare_core::catalog::{Catalog, DeltaDocument, Resource};
use govshare_core::digest::sha256_hex;
use govshare_core::http_message::{HttpMessage, StartLine};
use govshare_core::mask::{apply_bytes, Approval, DataFormat, DeriveOptions, MaskPolicy, StreamOptions};
use govshare_core::platform::client::ApplicationStatus;
use govshare_core::platform::profile::{self, sign_detached, CLOCK_SKEW_SECONDS, MAX_AGE_SECONDS};
use govshare_core::platform::DataQuery;
use govshare_core::request::{
    check_entitled, entitlements, schedule, transition, validate, Application, ApplicationState,
    DeadlineProfile, DisposalMethod, Event, Lifecycle, Outcome, ScheduleInput, StepKind, Track,
    ValidationPolicy, WorkCalendar,
};
use govshare_core::sign::{list_signatures, verify_message, Algorithm, Key, SignatureInfo};
use rusqlite::Connection;
use serde::Deserialize;

use crate::error::ApiError;
use crate::records::{self, ROWS_PER_RESOURCE};
use crate::registry::{platform_key, Department, Registry};
use crate::store::{self, StoredApplication};
use crate::{rfc3339_cst, Clock, Misbehave};

/// Default rows per data page, and the most a caller may ask for.
pub const DEFAULT_PAGE_SIZE: u32 = 20;
pub const MAX_PAGE_SIZE: u32 = 100;

/// The key the sandbox hashes with when an approval asks for the `hash` rule.
const HASH_KEY: &[u8] = b"govshare-sandbox-hash-key";

/// A reviewer's decision on an application under review.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// What the provider (or the coordinating department) decides.
    pub decision: DecisionKind,
    /// A refusal's reasons (required, Art. 21); a suspension's or a
    /// termination's reason (Art. 27 ¶2).
    #[serde(default)]
    pub reason: Option<String>,
    /// `request_materials`: everything missing, at once (Art. 21 ¶2).
    #[serde(default)]
    pub missing: Vec<String>,
    /// `extend`: working days (at most 10) and the coordinating
    /// department's approval reference (Art. 21).
    #[serde(default)]
    pub days: Option<u32>,
    #[serde(default)]
    pub approval_ref: Option<String>,
    /// `resume`: what was rectified (Art. 27 ¶2).
    #[serde(default)]
    pub rectification: Option<String>,
    /// Masking rules the approval sets (core `mask::Approval`).
    #[serde(default)]
    pub masking: Option<Approval>,
    /// The disposal method the provider requires (Art. 27 ¶1); `delete`
    /// when not given.
    #[serde(default)]
    pub disposal_method: Option<DisposalMethod>,
}

impl Decision {
    /// A decision of `kind` with nothing else stated.
    pub fn new(decision: DecisionKind) -> Decision {
        Decision {
            decision,
            reason: None,
            missing: Vec::new(),
            days: None,
            approval_ref: None,
            rectification: None,
            masking: None,
            disposal_method: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionKind {
    /// Agree (Art. 21).
    Approve,
    /// Refuse, with reasons (Art. 21).
    Reject,
    /// Ask, at once, for everything missing (Art. 21 ¶2).
    RequestMaterials,
    /// Extend the answer with the coordinating department's approval (Art. 21).
    Extend,
    /// Suspend the requester's sharing rights (Art. 27 ¶2).
    Suspend,
    /// Resume after rectification (Art. 27 ¶2).
    Resume,
    /// Terminate sharing (Art. 27 ¶2).
    Terminate,
}

impl std::str::FromStr for DecisionKind {
    type Err = ();
    /// The snake_case name, as in the review API's JSON.
    fn from_str(s: &str) -> Result<Self, ()> {
        use DecisionKind::*;
        Ok(match s {
            "approve" => Approve,
            "reject" => Reject,
            "request_materials" => RequestMaterials,
            "extend" => Extend,
            "suspend" => Suspend,
            "resume" => Resume,
            "terminate" => Terminate,
            _ => return Err(()),
        })
    }
}

/// Everything a running sandbox holds.
#[derive(Debug)]
pub struct Platform {
    catalog: Catalog,
    catalog_json: Vec<u8>,
    /// Deltas from `DATA/catalog-deltas/`, applied in order.
    deltas: Vec<DeltaDocument>,
    base_version: u64,
    registry: Registry,
    key: Key,
    impostor: Key,
    conn: Mutex<Connection>,
    calendar: WorkCalendar,
    deadlines: DeadlineProfile,
    clock: Clock,
    misbehave: Option<Misbehave>,
    admin_token: String,
    requests: AtomicU64,
    /// The catalog's published index (docs/catalog-format.md §8.1), signed
    /// with the platform key at start: file name → bytes. Empty when the
    /// key cannot sign an index (only Ed25519 and SM2 can).
    published: std::collections::BTreeMap<String, Vec<u8>>,
}

fn path_and_query(target: &str) -> (&str, &str) {
    let after_scheme = target.split_once("://").map_or(target, |(_, r)| r);
    let path = after_scheme.find('/').map_or("/", |i| after_scheme.get(i..).unwrap_or("/"));
    let path = path.split_once('#').map_or(path, |(p, _)| p);
    path.split_once('?').unwrap_or((path, ""))
}

fn query_param<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    query.split('&').find_map(|kv| kv.split_once('=').filter(|(k, _)| *k == name).map(|(_, v)| v))
}

/// Decodes `%XX` escapes of a URL path or query part; `None` when malformed or not UTF-8.
pub(crate) fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn json_body(value: &impl serde::Serialize) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

fn status_of(a: &StoredApplication) -> ApplicationStatus {
    let live = a.state.allows_data_requests();
    let lc = &a.lifecycle;
    ApplicationStatus {
        id: a.id.clone(),
        state: a.state,
        updated_at: a.updated_at.clone(),
        reason: a.reason.clone(),
        valid_until: live.then(|| a.valid_until.clone()),
        due: if a.state == ApplicationState::Submitted { a.due.clone() } else { None },
        missing: if a.state == ApplicationState::MaterialsRequested {
            lc.materials_missing.clone()
        } else {
            vec![]
        },
        extension_days: lc.extension.as_ref().map(|x| x.days),
        disposal_method: lc.disposal_method,
    }
}

fn lock(conn: &Mutex<Connection>) -> std::sync::MutexGuard<'_, Connection> {
    conn.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// What a route answered: status and JSON body.
type Answer = Result<(u16, Vec<u8>), ApiError>;

impl Platform {
    /// Opens the state in `data_dir` (created if needed) and loads the catalog.
    pub fn open(
        data_dir: &Path,
        catalog_json: &[u8],
        clock: Clock,
        misbehave: Option<Misbehave>,
    ) -> Result<Platform, ApiError> {
        std::fs::create_dir_all(data_dir)
            .map_err(|e| ApiError::internal(&format!("{}: {e}", data_dir.display())))?;
        let mut catalog =
            Catalog::from_json(catalog_json).map_err(|e| ApiError::internal(&format!("catalog: {e}")))?;
        let base_version = catalog.version();
        let mut deltas = Vec::new();
        let delta_dir = data_dir.join("catalog-deltas");
        if delta_dir.is_dir() {
            let mut files: Vec<_> = std::fs::read_dir(&delta_dir)
                .map_err(|e| ApiError::internal(&format!("{}: {e}", delta_dir.display())))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect();
            files.sort();
            let mut docs = Vec::new();
            for f in files {
                let bytes =
                    std::fs::read(&f).map_err(|e| ApiError::internal(&format!("{}: {e}", f.display())))?;
                let d = govshare_core::catalog::parse_delta(&bytes)
                    .map_err(|e| ApiError::internal(&format!("{}: {e}", f.display())))?;
                docs.push(d);
            }
            docs.sort_by_key(|d| d.base_version);
            for d in docs {
                catalog
                    .apply_delta_document(&d)
                    .map_err(|e| ApiError::internal(&format!("catalog delta {}: {e}", d.base_version)))?;
                deltas.push(d);
            }
        }
        let catalog_json = catalog.to_json();
        let registry = Registry::load_or_seed(data_dir)?;
        let key = platform_key(data_dir)?;
        let mut impostor =
            Key::generate(Algorithm::Ed25519).map_err(|e| ApiError::internal(&e.to_string()))?;
        impostor.set_key_id(crate::registry::PLATFORM_KEY_ID);
        let conn = store::open(&data_dir.join("sandbox.sqlite"))?;
        let admin_token = admin_token(data_dir)?;
        // The smallest blocks: the sample catalog's index is small, and a
        // portal in lazy mode should fetch a part of it, not all five blocks.
        let options = govshare_core::catalog::PublishOptions {
            block_size: govshare_core::catalog::MIN_BLOCK_SIZE,
            ..Default::default()
        };
        let published = match catalog.publish(&key, &options) {
            Ok(index) => index.files().into_iter().map(|(name, bytes)| (name, bytes.to_vec())).collect(),
            Err(_) => Default::default(),
        };
        Ok(Platform {
            catalog,
            catalog_json,
            deltas,
            base_version,
            registry,
            key,
            impostor,
            conn: Mutex::new(conn),
            calendar: WorkCalendar::embedded(),
            deadlines: DeadlineProfile::national(),
            clock,
            misbehave,
            admin_token,
            requests: AtomicU64::new(0),
            published,
        })
    }

    /// The platform's public key (what clients verify answers with).
    pub fn public_key(&self) -> Result<Key, govshare_core::Error> {
        let mut k = self.key.public_key()?;
        k.set_key_id(self.key.key_id());
        Ok(k)
    }

    /// A file of the catalog's published index, by name.
    pub fn published_file(&self, name: &str) -> Option<&[u8]> {
        self.published.get(name).map(Vec::as_slice)
    }

    pub fn admin_token(&self) -> &str {
        &self.admin_token
    }

    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// Handles one request and returns the signed response.
    pub fn handle(&self, request: &HttpMessage) -> HttpMessage {
        let now = self.clock.now();
        let answer = self.route(request, now);
        self.respond(request, answer, now, true)
    }

    /// A signed error answer for a request the server refused before
    /// reading it whole (too large, too slow).
    pub fn refuse(&self, request: &HttpMessage, error: ApiError) -> HttpMessage {
        self.respond(request, Err(error), self.clock.now(), false)
    }

    fn respond(&self, request: &HttpMessage, answer: Answer, now: i64, data_route: bool) -> HttpMessage {
        let (status, body) = match answer {
            Ok(a) => a,
            Err(e) => (e.status, e.body()),
        };
        let mut resp = HttpMessage::response(status);
        resp.push_header("Content-Type", "application/json");
        resp.push_header("Cache-Control", "no-store");
        resp.body = body;
        let signer = match self.misbehave {
            Some(Misbehave::BadSignature) => &self.impostor,
            _ => &self.key,
        };
        let mut signed = match profile::sign_platform_response(&resp, request, signer, now) {
            Ok(s) => s.message,
            Err(e) => {
                // Cannot happen for messages built here; answer unsigned rather than not at all.
                eprintln!("govshare-sandbox: signing the response failed: {e}");
                resp
            }
        };
        if self.misbehave == Some(Misbehave::BadDigest) && data_route {
            // The body changes after the digest was computed and signed.
            signed.body.extend_from_slice(b"\n ");
        }
        signed
    }

    fn route(&self, request: &HttpMessage, now: i64) -> Answer {
        let StartLine::Request { method, target } = &request.start else {
            return Err(ApiError::new(400, "invalid_argument", "expected a request", "应为请求报文"));
        };
        let (path, query) = path_and_query(target);
        let method = method.as_str();
        if path == "/api/v1/platform-key" {
            if method != "GET" {
                return Err(method_not_allowed());
            }
            let jwk = self
                .public_key()
                .and_then(|k| k.to_jwk(false))
                .map_err(|e| ApiError::internal(&e.to_string()))?;
            let body = serde_json::json!({
                "keyid": self.key.key_id(),
                "alg": self.key.algorithm().name(),
                "jwk": serde_json::from_str::<serde_json::Value>(&jwk).unwrap_or_default(),
            });
            return Ok((200, json_body(&body)));
        }
        if let Some(rest) = path.strip_prefix("/admin/applications/") {
            return self.admin(request, method, rest, now);
        }
        if !path.starts_with("/api/v1/") {
            return Err(ApiError::not_found("API route"));
        }
        let (dept, info) = self.authenticate(request, now)?;
        let keyid = info.keyid.clone().unwrap_or_default();
        let mut conn = lock(&self.conn);
        let tx = store::begin(&mut conn)?;
        let keep_until = info
            .created
            .unwrap_or(now)
            .saturating_add(MAX_AGE_SECONDS as i64)
            .saturating_add(CLOCK_SKEW_SECONDS as i64);
        let nonce = info.nonce.clone().unwrap_or_default();
        if !store::check_nonce(&tx, &keyid, &nonce, keep_until, now)? {
            let e = govshare_core::Error::ReplayedNonce { label: info.label.clone() };
            return Err(ApiError::core(401, &e));
        }
        if self.requests.fetch_add(1, Ordering::Relaxed) & 255 == 0 {
            store::prune_nonces(&tx, now)?;
        }
        let answer = match (method, path) {
            ("GET", "/api/v1/catalog") => Ok((200, self.catalog_json.clone())),
            ("GET", "/api/v1/catalog/deltas") => self.delta(query),
            ("POST", "/api/v1/applications") => self.submit(&tx, dept, &keyid, &request.body, now),
            ("POST", "/api/v1/data/query") => self.data(&tx, dept, &request.body, now),
            ("POST", "/api/v1/data/verify") => self.verify(&tx, dept, &request.body, now),
            (
                _,
                "/api/v1/catalog"
                | "/api/v1/catalog/deltas"
                | "/api/v1/applications"
                | "/api/v1/data/query"
                | "/api/v1/data/verify",
            ) => Err(method_not_allowed()),
            (m, p) => match p.strip_prefix("/api/v1/applications/") {
                Some(rest) => {
                    let (id, action) = rest.split_once('/').unwrap_or((rest, ""));
                    let id = percent_decode(id).ok_or_else(|| ApiError::not_found("application"))?;
                    match (m, action) {
                        ("GET", "") => self.status(&tx, dept, &id),
                        ("POST", "withdraw") => self.withdraw(&tx, dept, &id, &request.body, now),
                        ("POST", "materials") => self.resubmit(&tx, dept, &id, &request.body, now),
                        (_, "" | "withdraw" | "materials") => Err(method_not_allowed()),
                        _ => Err(ApiError::not_found("API route")),
                    }
                }
                None => Err(ApiError::not_found("API route")),
            },
        };
        match &answer {
            // A fault of the sandbox: nothing of this request is kept.
            Err(e) if e.status >= 500 => drop(tx),
            // Otherwise the nonce is spent whatever the answer.
            _ => store::commit(tx)?,
        }
        answer
    }

    fn authenticate(
        &self,
        request: &HttpMessage,
        now: i64,
    ) -> Result<(&Department, SignatureInfo), ApiError> {
        let sigs = list_signatures(request).map_err(|e| ApiError::core(401, &e))?;
        // With several signatures, the one by a registered key is checked.
        let chosen = sigs
            .iter()
            .find(|s| s.keyid.as_deref().is_some_and(|k| self.registry.get(k).is_some()))
            .or_else(|| sigs.first())
            .cloned();
        let Some(info) = chosen else {
            let e = govshare_core::Error::LabelNotFound {
                label: String::new(),
                detail: "the request is not signed (no Signature-Input; RFC 9421)".into(),
            };
            return Err(ApiError::core(401, &e));
        };
        let Some(keyid) = info.keyid.clone() else {
            let e = govshare_core::Error::MissingSignatureParameter {
                label: info.label,
                parameter: "keyid".into(),
            };
            return Err(ApiError::core(401, &e));
        };
        let dept = self.registry.get(&keyid).ok_or_else(|| {
            ApiError::new(
                401,
                "unknown_key",
                "the signature's keyid names no registered department key",
                "签名的 keyid 不是已登记的部门密钥",
            )
        })?;
        let mut policy = profile::request_policy();
        policy.label = Some(info.label.clone());
        let verified = verify_message(request, &dept.key, &policy, now, None, None)
            .map_err(|e| ApiError::core(401, &e))?;
        Ok((dept, verified.info))
    }

    fn delta(&self, query: &str) -> Answer {
        let since: u64 = query_param(query, "since").and_then(|s| s.parse().ok()).ok_or_else(|| {
            ApiError::new(
                400,
                "invalid_argument",
                "since must be a catalog version (integer)",
                "since 应为目录版本号（整数）",
            )
        })?;
        let current = self.catalog.version();
        let start = if since == current {
            self.deltas.len()
        } else if let Some(i) = self.deltas.iter().position(|d| d.base_version == since) {
            i
        } else if since == self.base_version && self.deltas.is_empty() {
            0
        } else {
            return Err(ApiError::new(
                404,
                "unknown_catalog_version",
                "no delta from this catalog version; fetch the whole catalog",
                "没有从该目录版本开始的增量，请获取完整目录",
            ));
        };
        let changes: Vec<_> = self.deltas.iter().skip(start).flat_map(|d| d.changes.clone()).collect();
        let doc = DeltaDocument {
            format: govshare_core::catalog::DELTA_FORMAT.into(),
            format_version: govshare_core::catalog::FORMAT_VERSION,
            catalog: self.catalog.id().to_owned(),
            base_version: since,
            new_version: current,
            changes,
        };
        Ok((200, json_body(&doc)))
    }

    fn submit(&self, tx: &Connection, dept: &Department, keyid: &str, body: &[u8], now: i64) -> Answer {
        let text = std::str::from_utf8(body).map_err(|e| {
            ApiError::core(400, &govshare_core::Error::NotUtf8 { offset: e.valid_up_to() as u64 })
        })?;
        let app = Application::from_json(text).map_err(|e| ApiError::core(400, &e))?;
        let d = app.draft();
        if d.requester.credit_code != dept.credit_code {
            return Err(ApiError::new(
                403,
                "requester_mismatch",
                "the application's requester is not the department that signed it",
                "申请中的需求部门与签名部门不一致",
            ));
        }
        let canonical = app.canonical_bytes();
        let mut idem = keyid.as_bytes().to_vec();
        idem.push(b'\n');
        idem.extend_from_slice(&canonical);
        let id = format!("SB-{}", sha256_hex(&idem).get(..20).unwrap_or_default());
        if let Some(existing) = store::get(tx, &id)? {
            return Ok((200, json_body(&status_of(&existing))));
        }
        let report = validate(&app, &self.catalog, &ValidationPolicy::default());
        let now_text = rfc3339_cst(now);
        let errors: Vec<&govshare_core::request::Finding> = report
            .findings
            .iter()
            .filter(|f| f.severity == govshare_core::request::Severity::Error)
            .collect();
        // What cannot be filed at all: no internal approval (Art. 20) or a
        // resource the catalog does not have. Anything else the provider
        // answers by listing, at once, everything missing (Art. 21 ¶2).
        let unfileable = errors
            .iter()
            .any(|f| matches!(f.code.as_str(), "internal_approval_missing" | "unknown_resource"));
        let (track, missing) = match (report.outcome, report.track) {
            (Outcome::Agreed, _) => (Track::Unconditional, None),
            (Outcome::AwaitingAnswer, Some(t)) => (t, None),
            (Outcome::AwaitingAnswer, None) => (Track::Conditional, None),
            (Outcome::Refused, _) => (Track::NotShared, None),
            (Outcome::Incomplete, Some(t)) if !unfileable => {
                (t, Some(errors.iter().map(|f| format!("{} ({})", f.message_zh, f.path)).collect::<Vec<_>>()))
            }
            (Outcome::Incomplete, _) => {
                let mut e = ApiError::new(
                    422,
                    "application_incomplete",
                    "the application cannot be filed: see findings",
                    "申请无法受理，详见 findings",
                );
                e.findings = errors.into_iter().cloned().collect();
                return Err(e);
            }
        };
        // The platform's record of the decree's process: approved internally
        // (Art. 20), received, then answered at once where the sandbox can
        // (unconditional data agreed, not-shared data refused with its
        // basis, Art. 14 and 21); conditional data waits for a reviewer.
        let approver = d.internal_approval.as_ref().map(|a| a.approver.clone()).unwrap_or_default();
        let mut events = vec![Event::ApproveInternally { approver }, Event::Submit {}];
        let mut reason = None;
        match track {
            Track::Unconditional => events.push(Event::Agree {
                use_until: d.validity.until.clone(),
                disposal_method: DisposalMethod::Delete,
            }),
            Track::NotShared => {
                let basis = report
                    .findings
                    .iter()
                    .find(|f| f.code == "resource_not_shared")
                    .map(|f| f.message_zh.clone())
                    .unwrap_or_else(|| "不予共享".into());
                reason = Some(basis.clone());
                events.push(Event::Refuse { reasons: vec![basis] });
            }
            Track::Conditional | Track::DataNeed => {}
        }
        if let Some(missing) = missing {
            events.truncate(2);
            events.push(Event::RequestMaterials { missing });
        }
        let mut lifecycle = Lifecycle::new();
        for event in &events {
            lifecycle = transition(&lifecycle, event, &now_text, &self.deadlines)
                .map_err(|e| ApiError::core(409, &e))?;
        }
        let state = lifecycle.state;
        let due = if state == ApplicationState::Submitted {
            answer_due(&self.calendar, &self.deadlines, track, &now_text, None)
        } else {
            None
        };
        let stored = StoredApplication {
            id,
            keyid: keyid.to_owned(),
            requester_credit_code: d.requester.credit_code.clone(),
            resource_code: d.target.as_ref().map(|t| t.resource_code.clone()),
            items: d.target.as_ref().map(|t| t.items.clone()).unwrap_or_default(),
            app_json: String::from_utf8_lossy(&canonical).into_owned(),
            sha256: sha256_hex(&canonical),
            track: serde_json::to_value(track)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            state,
            submitted_at: now_text.clone(),
            updated_at: now_text,
            reason,
            valid_from: d.validity.from.clone(),
            valid_until: d.validity.until.clone(),
            due,
            approval_json: None,
            lifecycle,
        };
        // The transaction holds the write lock, so the insert cannot race;
        // OR IGNORE keeps a second process on the same file from duplicating.
        if store::insert(tx, &stored)? {
            Ok((201, json_body(&status_of(&stored))))
        } else {
            let existing =
                store::get(tx, &stored.id)?.ok_or_else(|| ApiError::internal("vanished application"))?;
            Ok((200, json_body(&status_of(&existing))))
        }
    }

    fn own(&self, tx: &Connection, dept: &Department, id: &str) -> Result<StoredApplication, ApiError> {
        match store::get(tx, id)? {
            Some(a) if a.requester_credit_code == dept.credit_code => Ok(a),
            // Another department's application is not acknowledged at all.
            _ => Err(ApiError::not_found("application")),
        }
    }

    fn status(&self, tx: &Connection, dept: &Department, id: &str) -> Answer {
        Ok((200, json_body(&status_of(&self.own(tx, dept, id)?))))
    }

    /// The application again, with the materials the provider asked for
    /// (Art. 21 ¶2): the same requester and resource, valid now; the answer
    /// clock restarts (our reading, docs/decree.md).
    fn resubmit(&self, tx: &Connection, dept: &Department, id: &str, body: &[u8], now: i64) -> Answer {
        let mut a = self.own(tx, dept, id)?;
        let text = std::str::from_utf8(body).map_err(|e| {
            ApiError::core(400, &govshare_core::Error::NotUtf8 { offset: e.valid_up_to() as u64 })
        })?;
        let app = Application::from_json(text).map_err(|e| ApiError::core(400, &e))?;
        let d = app.draft();
        let resource_code = d.target.as_ref().map(|t| t.resource_code.clone());
        if d.requester.credit_code != dept.credit_code || resource_code != a.resource_code {
            return Err(ApiError::new(
                409,
                "materials_mismatch",
                "the materials must complete the same application: same requester and resource",
                "补充材料须针对同一申请：需求部门和信息资源一致",
            ));
        }
        if a.state != ApplicationState::MaterialsRequested {
            return Err(ApiError::core(
                409,
                &govshare_core::Error::IllegalTransition {
                    from: a.state.as_str().into(),
                    to: "resubmit".into(),
                    detail: "no materials were asked for (Art. 21 ¶2 of Decree No. 809)".into(),
                },
            ));
        }
        let report = validate(&app, &self.catalog, &ValidationPolicy::default());
        if !report.ok {
            let mut e = ApiError::new(
                422,
                "application_incomplete",
                "the completed application still has errors; see findings",
                "补充后的申请仍有错误，详见 findings",
            );
            e.findings = report
                .findings
                .into_iter()
                .filter(|f| f.severity == govshare_core::request::Severity::Error)
                .collect();
            return Err(e);
        }
        let now_text = rfc3339_cst(now);
        a.lifecycle = transition(&a.lifecycle, &Event::Resubmit {}, &now_text, &self.deadlines)
            .map_err(|e| ApiError::core(409, &e))?;
        let canonical = app.canonical_bytes();
        a.app_json = String::from_utf8_lossy(&canonical).into_owned();
        a.sha256 = sha256_hex(&canonical);
        a.items = d.target.as_ref().map(|t| t.items.clone()).unwrap_or_default();
        a.valid_from = d.validity.from.clone();
        a.valid_until = d.validity.until.clone();
        let track = a.track.parse().unwrap_or(Track::Conditional);
        if track == Track::Unconditional {
            // Unconditional data: agreed at once, as on first submission (Art. 21).
            let agree =
                Event::Agree { use_until: d.validity.until.clone(), disposal_method: DisposalMethod::Delete };
            a.lifecycle = transition(&a.lifecycle, &agree, &now_text, &self.deadlines)
                .map_err(|e| ApiError::core(409, &e))?;
        }
        a.state = a.lifecycle.state;
        a.updated_at = now_text.clone();
        a.due = if a.state == ApplicationState::Submitted {
            answer_due(&self.calendar, &self.deadlines, track, &now_text, None)
        } else {
            None
        };
        store::update_application(tx, &a)?;
        Ok((200, json_body(&status_of(&a))))
    }

    fn withdraw(&self, tx: &Connection, dept: &Department, id: &str, body: &[u8], now: i64) -> Answer {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Withdraw {
            #[serde(default)]
            reason: Option<String>,
        }
        let w: Withdraw = if body.is_empty() {
            Withdraw { reason: None }
        } else {
            serde_json::from_slice(body)
                .map_err(|e| ApiError::core(400, &govshare_core::error::json_error(&e)))?
        };
        let mut a = self.own(tx, dept, id)?;
        let now_text = rfc3339_cst(now);
        a.lifecycle = transition(&a.lifecycle, &Event::Withdraw {}, &now_text, &DeadlineProfile::national())
            .map_err(|e| ApiError::core(409, &e))?;
        a.state = a.lifecycle.state;
        a.updated_at = now_text;
        a.reason = w.reason;
        store::update_state(tx, &a, "withdrawn")?;
        Ok((200, json_body(&status_of(&a))))
    }

    fn data(&self, tx: &Connection, dept: &Department, body: &[u8], now: i64) -> Answer {
        let q: DataQuery = serde_json::from_slice(body)
            .map_err(|e| ApiError::core(400, &govshare_core::error::json_error(&e)))?;
        let now_text = rfc3339_cst(now);
        let grants = store::grants(tx, &dept.credit_code, &q.resource_code)?;
        let plain: Vec<_> = grants.iter().map(|(g, _)| g.clone()).collect();
        let ents = entitlements(&plain, &dept.credit_code, &now_text).map_err(|e| ApiError::core(500, &e))?;
        check_entitled(&ents, &q.resource_code, &q.items).map_err(|e| ApiError::core(403, &e))?;
        let resource = self.catalog.resource(&q.resource_code).ok_or_else(|| {
            ApiError::core(404, &govshare_core::Error::UnknownResource { code: q.resource_code.clone() })
        })?;
        let approval: Option<Approval> = grants
            .iter()
            .filter(|(g, _)| g.resource_code == q.resource_code)
            .find_map(|(_, a)| a.as_deref().and_then(|j| serde_json::from_str(j).ok()));
        check_filters(&q, &resource, &ents, approval.clone())?;
        let page_size = u64::from(q.page_size.unwrap_or(DEFAULT_PAGE_SIZE).clamp(1, MAX_PAGE_SIZE));
        let offset: u64 = match &q.cursor {
            None => 0,
            Some(c) => c.parse().map_err(|_| {
                ApiError::new(
                    400,
                    "invalid_argument",
                    "cursor is not one this platform issued",
                    "cursor 不是本平台签发的",
                )
            })?,
        };
        // Row numbers that pass the filters (on raw values); only the page's
        // rows are generated in full.
        let matching: Vec<u64> = (0..ROWS_PER_RESOURCE)
            .filter(|&row| {
                q.filters.is_empty() || {
                    let wanted: Vec<String> = q.filters.keys().cloned().collect();
                    let rec = records::record(&resource, &wanted, row);
                    q.filters.iter().all(|(k, v)| {
                        rec.iter().any(|(n, val)| {
                            n == k
                                && (val.as_str() == Some(v.as_str())
                                    || serde_json::from_str::<serde_json::Value>(v).is_ok_and(|x| x == *val))
                        })
                    })
                }
            })
            .collect();
        let page: Vec<Vec<(String, serde_json::Value)>> = matching
            .iter()
            .skip(usize::try_from(offset).unwrap_or(usize::MAX))
            .take(page_size as usize)
            .map(|&row| records::record(&resource, &q.items, row))
            .collect();
        let next = offset.saturating_add(page.len() as u64);
        let next_cursor = (next < matching.len() as u64).then(|| next.to_string());
        let items: Vec<String> =
            q.items.iter().filter(|i| resource.items.iter().any(|it| &it.name == *i)).cloned().collect();
        let policy = mask_policy(&resource, &items, approval)?;
        let manifest = policy.manifest();
        let raw: Vec<serde_json::Value> =
            page.iter().map(|rec| serde_json::Value::Object(rec.iter().cloned().collect())).collect();
        let rows: Vec<Vec<serde_json::Value>> = if self.misbehave == Some(Misbehave::Unmasked) {
            page.iter().map(|rec| rec.iter().map(|(_, v)| v.clone()).collect()).collect()
        } else {
            let input = serde_json::to_vec(&raw).unwrap_or_default();
            let fin = apply_bytes(
                &policy,
                DataFormat::JsonArray,
                &input,
                Some(HASH_KEY),
                &StreamOptions::default(),
            )
            .map_err(|e| ApiError::core(500, &e))?;
            let masked: Vec<serde_json::Map<String, serde_json::Value>> = serde_json::from_slice(&fin.output)
                .map_err(|e| ApiError::internal(&format!("masked output: {e}")))?;
            masked
                .into_iter()
                .map(|m| items.iter().map(|i| m.get(i).cloned().unwrap_or(serde_json::Value::Null)).collect())
                .collect()
        };
        let canonical = manifest.to_canonical_json();
        let signature =
            sign_detached(&self.key, &canonical).map_err(|e| ApiError::internal(&e.to_string()))?;
        let manifest_value: serde_json::Value = serde_json::from_slice(&canonical).unwrap_or_default();
        let mut body = serde_json::json!({
            "resource_code": q.resource_code,
            "items": items,
            "rows": rows,
            "mask_manifest": manifest_value,
            "mask_manifest_signature": signature,
        });
        if let (Some(c), Some(obj)) = (next_cursor, body.as_object_mut()) {
            obj.insert("next_cursor".into(), serde_json::Value::String(c));
        }
        Ok((200, json_body(&body)))
    }

    /// 验证类: "does the record with this lookup key have this value?" — a
    /// signed yes/no, no data. Both items must be granted; the key must be a
    /// lookup key (an identifier `pi_kind`), matched on its whole value.
    fn verify(&self, tx: &Connection, dept: &Department, body: &[u8], now: i64) -> Answer {
        let q: govshare_core::platform::VerificationQuery = serde_json::from_slice(body)
            .map_err(|e| ApiError::core(400, &govshare_core::error::json_error(&e)))?;
        let grants = store::grants(tx, &dept.credit_code, &q.resource_code)?;
        let plain: Vec<_> = grants.iter().map(|(g, _)| g.clone()).collect();
        let ents = entitlements(&plain, &dept.credit_code, &rfc3339_cst(now))
            .map_err(|e| ApiError::core(500, &e))?;
        check_entitled(&ents, &q.resource_code, &[q.key_item.clone(), q.item.clone()])
            .map_err(|e| ApiError::core(403, &e))?;
        let resource = self.catalog.resource(&q.resource_code).ok_or_else(|| {
            ApiError::core(404, &govshare_core::Error::UnknownResource { code: q.resource_code.clone() })
        })?;
        let lookup_key = resource
            .items
            .iter()
            .find(|i| i.name == q.key_item)
            .and_then(|i| i.pi_kind.as_deref())
            .is_some_and(|k| govshare_core::mask::DetectorKind::parse(k).is_some());
        if !lookup_key {
            return Err(ApiError::new(
                400,
                "not_a_lookup_key",
                "key_item must be an identifier (its pi_kind names one) the department holds in full",
                "key_item 须为标识类数据项（部门持有其完整值）",
            ));
        }
        let wanted = vec![q.key_item.clone(), q.item.clone()];
        let text = |v: &serde_json::Value| v.as_str().map_or_else(|| v.to_string(), str::to_owned);
        let mut found = false;
        let mut equal = false;
        for row in 0..ROWS_PER_RESOURCE {
            let rec = records::record(&resource, &wanted, row);
            let value_of = |name: &str| rec.iter().find(|(n, _)| n == name).map(|(_, v)| text(v));
            if value_of(&q.key_item).as_deref() == Some(q.key_value.as_str()) {
                found = true;
                equal |= value_of(&q.item).as_deref() == Some(q.value.as_str());
            }
        }
        let answer = serde_json::json!({"resource_code": q.resource_code, "found": found, "equal": equal});
        Ok((200, json_body(&answer)))
    }

    fn admin(&self, request: &HttpMessage, method: &str, rest: &str, now: i64) -> Answer {
        let token = request
            .header_values("authorization")
            .next()
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default();
        if !constant_time_eq(token.as_bytes(), self.admin_token.as_bytes()) {
            return Err(ApiError::new(
                401,
                "admin_token_required",
                "the admin endpoints need Authorization: Bearer <DATA/admin-token>",
                "管理接口需要 Authorization: Bearer <DATA/admin-token>",
            ));
        }
        let Some(id) = rest.strip_suffix("/decision") else {
            return Err(ApiError::not_found("admin route"));
        };
        if method != "POST" {
            return Err(method_not_allowed());
        }
        let id = percent_decode(id).ok_or_else(|| ApiError::not_found("application"))?;
        let decision: Decision = serde_json::from_slice(&request.body)
            .map_err(|e| ApiError::core(400, &govshare_core::error::json_error(&e)))?;
        let mut conn = lock(&self.conn);
        let status = decide_on(&mut conn, &self.catalog, &id, &decision, now)?;
        Ok((200, json_body(&status)))
    }
}

/// The masking policy for `items` of a resource: grade defaults plus the approval.
/// The filter rule (openapi/sharing-platform.yaml, `DataQuery.filters`): a
/// filter names only items the department is entitled to (else 403
/// `not_entitled`), and on an item delivered masked only a lookup key — an
/// item whose `pi_kind` is an identifier (ID number, credit code, phone…),
/// matched on the whole value the department already holds. Any other
/// masked item is refused (400 `filter_on_masked_item`): a yes/no answer to
/// "is this hidden value X?" would reveal what masking hides.
fn check_filters(
    q: &DataQuery,
    resource: &Resource,
    ents: &[govshare_core::request::Entitlement],
    approval: Option<Approval>,
) -> Result<(), ApiError> {
    if q.filters.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = q.filters.keys().cloned().collect();
    check_entitled(ents, &q.resource_code, &names).map_err(|e| ApiError::core(403, &e))?;
    let manifest = mask_policy(resource, &names, approval)?.manifest();
    for name in &names {
        let delivered_clear =
            manifest.fields.get(name).is_some_and(|r| r.rule == govshare_core::mask::RuleKind::Plain);
        let lookup_key = resource
            .items
            .iter()
            .find(|i| &i.name == name)
            .and_then(|i| i.pi_kind.as_deref())
            .is_some_and(|k| govshare_core::mask::DetectorKind::parse(k).is_some());
        if !delivered_clear && !lookup_key {
            return Err(ApiError::new(
                400,
                "filter_on_masked_item",
                "a filter may not name an item that is delivered masked, unless it is a lookup key (an identifier)",
                "过滤条件不得使用脱敏交付的数据项（标识类查询键除外）",
            ));
        }
    }
    Ok(())
}

fn mask_policy(
    resource: &Resource,
    items: &[String],
    approval: Option<Approval>,
) -> Result<MaskPolicy, ApiError> {
    let mut subset = resource.clone();
    subset.items.retain(|i| items.contains(&i.name));
    let options =
        DeriveOptions { resource: Some(resource.code.clone()), approval, ..DeriveOptions::default() };
    MaskPolicy::derive(&[subset], &options).map_err(|e| ApiError::core(422, &e))
}

fn method_not_allowed() -> ApiError {
    ApiError::new(405, "method_not_allowed", "this route does not take that method", "该接口不支持此方法")
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// When the provider last received the application: its submission, or
/// the resubmission with the materials it asked for.
fn last_received(a: &StoredApplication) -> String {
    a.lifecycle
        .history
        .iter()
        .rev()
        .find(|h| h.to == ApplicationState::Submitted && h.from != ApplicationState::Submitted)
        .map_or_else(|| a.submitted_at.clone(), |h| h.at.clone())
}

fn admin_token(data_dir: &Path) -> Result<String, ApiError> {
    let path = data_dir.join("admin-token");
    if let Ok(t) = std::fs::read_to_string(&path) {
        let t = t.trim().to_owned();
        if !t.is_empty() {
            return Ok(t);
        }
    }
    let k = Key::generate(Algorithm::HmacSha256).map_err(|e| ApiError::internal(&e.to_string()))?;
    let token = k.thumbprint();
    crate::registry::write_secret_atomic(&path, token.as_bytes())?;
    Ok(token)
}

/// The answer step's due date (Art. 21): from `received`, or with an
/// extension from the original due date; None when the calendar cannot say.
fn answer_due(
    calendar: &WorkCalendar,
    profile: &DeadlineProfile,
    track: Track,
    received: &str,
    extension: Option<(u32, &str)>,
) -> Option<String> {
    let mut input = ScheduleInput::new(track, received);
    if let Some((days, notified)) = extension {
        input.extension_days = Some(days);
        input.extension_notified = Some(notified.to_owned());
    }
    let last = if extension.is_some() { StepKind::AnswerExtended } else { StepKind::Answer };
    schedule(calendar, profile, &input, received)
        .ok()
        .and_then(|s| s.steps.into_iter().find(|st| st.step == last).and_then(|st| st.due))
}

/// Applies a provider's (or coordinating department's) decision, in one
/// transaction: agree, refuse (with reasons, Art. 21), request materials
/// (Art. 21 ¶2), extend (Art. 21), suspend, resume or terminate (Art. 27 ¶2).
pub fn decide_on(
    conn: &mut Connection,
    catalog: &Catalog,
    id: &str,
    decision: &Decision,
    now: i64,
) -> Result<ApplicationStatus, ApiError> {
    let tx = store::begin(conn)?;
    let mut a = store::get(&tx, id)?.ok_or_else(|| ApiError::not_found("application"))?;
    let reason = decision.reason.as_deref().map(str::trim).filter(|r| !r.is_empty()).map(str::to_owned);
    let now_text = rfc3339_cst(now);
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let by = || "提供部门（沙箱）".to_owned();
    let event = match decision.decision {
        DecisionKind::Approve => Event::Agree {
            use_until: a.valid_until.clone(),
            disposal_method: decision.disposal_method.unwrap_or(DisposalMethod::Delete),
        },
        // Art. 21: a refusal without reasons is invalid.
        DecisionKind::Reject => Event::Refuse { reasons: reason.clone().into_iter().collect() },
        DecisionKind::RequestMaterials => Event::RequestMaterials { missing: decision.missing.clone() },
        DecisionKind::Extend => Event::Extend {
            days: decision.days.unwrap_or(0),
            approval_ref: text(&decision.approval_ref),
            requester_notified: now_text.get(..10).unwrap_or_default().to_owned(),
        },
        DecisionKind::Suspend => Event::Suspend { reason: text(&reason), decided_by: by() },
        DecisionKind::Resume => Event::Resume { rectification: text(&decision.rectification) },
        DecisionKind::Terminate => Event::Terminate { reason: text(&reason), decided_by: by() },
    };
    if let (Some(approval), Some(code)) = (&decision.masking, &a.resource_code) {
        let resource = catalog.resource(code).ok_or_else(|| {
            ApiError::core(422, &govshare_core::Error::UnknownResource { code: code.clone() })
        })?;
        mask_policy(&resource, &a.items, Some(approval.clone()))?;
        a.approval_json = serde_json::to_string(approval).ok();
    }
    let profile = DeadlineProfile::national();
    a.lifecycle = transition(&a.lifecycle, &event, &now_text, &profile)
        .map_err(|e| ApiError::core(if e.code() == "invalid_argument" { 422 } else { 409 }, &e))?;
    a.state = a.lifecycle.state;
    a.due = match (&event, &a.lifecycle.extension) {
        // Due at the end of the extension, counted from the original due
        // date (our reading, docs/decree.md); the clock ran from receipt.
        (Event::Extend { .. }, Some(ext)) => {
            let track = a.track.parse().unwrap_or(Track::Conditional);
            let received = last_received(&a);
            answer_due(
                &WorkCalendar::embedded(),
                &profile,
                track,
                &received,
                Some((ext.days, &ext.requester_notified)),
            )
        }
        _ if a.state == ApplicationState::Submitted => a.due.clone(),
        _ => None,
    };
    a.updated_at = now_text;
    if reason.is_some() || matches!(event, Event::Agree { .. }) {
        a.reason = reason;
    }
    store::update_state(&tx, &a, event.name())?;
    store::commit(tx)?;
    Ok(status_of(&a))
}

#[cfg(test)]
mod decision_names {
    use super::DecisionKind;

    #[test]
    fn from_str_reads_exactly_the_names_serde_reads() {
        for name in ["approve", "reject", "request_materials", "extend", "suspend", "resume", "terminate"] {
            let by_serde: DecisionKind = serde_json::from_value(serde_json::json!(name)).expect("serde");
            assert_eq!(name.parse::<DecisionKind>(), Ok(by_serde));
        }
        assert!("Approve".parse::<DecisionKind>().is_err());
        assert!(serde_json::from_value::<DecisionKind>(serde_json::json!("Approve")).is_err());
    }
}
