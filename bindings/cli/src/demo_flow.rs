//! The second half of `govshare demo`: the whole sharing flow against a
//! sandbox platform started in this process — apply for each sharing type,
//! sign, submit, review, fetch, verify signatures, digests and masking, catch
//! a misbehaving platform, and keep a verified audit trail of it all.

use govshare_core::audit::{digest, usage_report, AuditAction, AuditEvent, AuditLog, AuditVerifier};
use govshare_core::catalog::{Catalog, SearchQuery, SharingType};
use govshare_core::http_message::HttpMessage;
use govshare_core::platform::client::{ApplicationStatus, GatewayKind};
use govshare_core::platform::{PlatformClient, PlatformConfig};
use govshare_core::request::{self as req, Application, ApplicationState};
use govshare_sandbox::{
    demo_department_key, rfc3339_cst, Decision, DecisionKind, Misbehave, Sandbox, SandboxConfig,
    SandboxHandle, BUNDLED_CATALOG, DEMO_CREDIT_CODE, DEMO_DEPARTMENT_NAME,
};

use govshare_core::audit::verify_disposal_receipt;
use govshare_core::platform::client::DataPage;
use govshare_core::request::entitlement::Grant;
use govshare_core::request::lifecycle::DisposalMethod;
use govshare_core::sign::{Algorithm, Key};
use govshare_core::store::{
    dispose_store, verify_store, DisposalRequest, StoreReader, StoreRecipient, StoreUnlock, StoreWriter,
};

use crate::fail::CliError;
use crate::send::{fetch, Failure, Fetched, Session, Wire};

/// A scratch state directory, removed when dropped.
struct Scratch(std::path::PathBuf);

impl Scratch {
    fn new(tag: &str) -> Result<Scratch, CliError> {
        let dir = std::env::temp_dir().join(format!("govshare-demo-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| CliError::io(&dir.display().to_string(), &e))?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

struct Flow {
    session: Session,
    client: PlatformClient,
    catalog: Catalog,
    audit: AuditLog,
    lines: String,
    ok: bool,
    /// A check caught the platform: an answer, or the masking it vouched
    /// for, did not verify.
    caught: bool,
    /// The last verified page, for the sealed-store step.
    kept: Option<Box<DataPage>>,
}

fn start(dir: &Scratch, misbehave: Option<Misbehave>) -> Result<SandboxHandle, CliError> {
    let mut config = SandboxConfig::new(&dir.0);
    config.misbehave = misbehave;
    Sandbox::start(config).map_err(|e| CliError::Usage(format!("cannot start the sandbox: {}", e.0)))
}

impl Flow {
    fn new(handle: &SandboxHandle, now: i64) -> Result<Flow, CliError> {
        let client = PlatformClient::new(PlatformConfig {
            base_url: handle.url(),
            gateway: GatewayKind::None,
            x_tif: None,
            irs: None,
        })?;
        let session = Session {
            wire: Wire::new(),
            key: demo_department_key()?,
            platform_key: handle.platform_key()?,
            now,
        };
        Ok(Flow {
            session,
            client,
            catalog: Catalog::from_json(BUNDLED_CATALOG)?,
            audit: AuditLog::new(),
            lines: String::new(),
            ok: true,
            caught: false,
            kept: None,
        })
    }

    fn record(&mut self, event: AuditEvent) -> Result<(), CliError> {
        let line = self.audit.append(&event, Some(&self.session.key))?;
        self.lines.push_str(&line);
        self.lines.push('\n');
        Ok(())
    }

    fn event(&self, action: AuditAction, id: Option<&str>, resource: &str) -> AuditEvent {
        AuditEvent {
            time: rfc3339_cst(self.session.now),
            action,
            actor: DEMO_CREDIT_CODE.into(),
            application_id: id.map(str::to_owned),
            resources: vec![resource.to_owned()],
            provider_code: None,
            request_digest: None,
            response_digest: None,
            outcome: Some("ok".into()),
            status: None,
            due: None,
            source: None,
        }
    }

    fn check(&mut self, what: &str, ok: bool) {
        outln!("  {} {what}", if ok { "✔" } else { "✘" });
        self.ok &= ok;
    }

    /// The first resource of a sharing type, and an application for two of its items.
    fn application(&self, sharing: SharingType) -> Result<(Application, String), CliError> {
        let q = SearchQuery { text: "企业".into(), sharing: Some(sharing), limit: 1, ..Default::default() };
        let mut hits = self.catalog.search(&q)?.hits;
        if hits.is_empty() {
            hits = self.catalog.search(&SearchQuery { text: String::new(), ..q })?.hits;
        }
        let hit =
            hits.into_iter().next().ok_or_else(|| CliError::Usage(format!("no {sharing:?} resource")))?;
        let resource =
            self.catalog.resource(&hit.code).ok_or_else(|| CliError::Usage("resource vanished".into()))?;
        // The two most sensitive items: what masking is there to protect.
        let mut by_grade: Vec<_> = resource.items.iter().collect();
        by_grade.sort_by_key(|i| std::cmp::Reverse(i.grade));
        let items: Vec<String> = by_grade.iter().take(2).map(|i| i.name.clone()).collect();
        let today = &rfc3339_cst(self.session.now)[..10];
        let until = &rfc3339_cst(self.session.now + 90 * 86_400)[..10];
        let destroy = &rfc3339_cst(self.session.now + 120 * 86_400)[..10];
        let mode = resource.sharing.modes.first().map(|m| m.as_str());
        let draft = serde_json::json!({
            "format": "govshare-application", "format_version": 1,
            "reference": format!("demo-{}-{}", hit.code, self.session.now),
            "requester": {"name": DEMO_DEPARTMENT_NAME, "credit_code": DEMO_CREDIT_CODE},
            "applicant": {"name": "张三"}, "contact": {"name": "李四"},
            "target": {"resource_code": hit.code, "items": items},
            "duty_basis": [{"kind": "law", "title": "中华人民共和国行政许可法"}],
            "purpose": "行政许可审批时核验企业信息", "scenario": "企业开办一件事：核验申请企业的登记信息",
            "internal_approval": {"approver": "示例市市场监督管理局数据共享工作机构负责人", "approved_on": today},
            "mode": mode.unwrap_or("online_query"),
            "validity": {"from": today, "until": until}, "frequency": {"kind": "on_demand"},
            "commitments": {"storage_location": "示例市政务云", "retention_days": 120, "destruction_date": destroy},
        });
        outln!("  {} {} — {} [{:?}]: {}", hit.code, hit.name, hit.provider, hit.sharing, items.join("、"));
        Ok((Application::from_json(&draft.to_string())?, hit.code))
    }

    /// Validates the application, then submits it on core's
    /// `PlatformExchange`, which signs the request and verifies the answer
    /// (signature bound to the request, digest) before reading it; returns
    /// the status.
    fn submit(&mut self, app: &Application, code: &str) -> Result<Option<ApplicationStatus>, CliError> {
        let report = req::validate(app, &self.catalog, &req::ValidationPolicy::default());
        let codes: Vec<&str> = report.findings.iter().map(|f| f.code.as_str()).collect();
        outln!(
            "  validated on the client: {:?}{}",
            report.outcome,
            if codes.is_empty() { String::new() } else { format!(" ({})", codes.join(", ")) }
        );
        let mut build = self.event(AuditAction::Build, None, code);
        build.request_digest = Some(format!("sha256:{}", app.digests().sha256));
        self.record(build)?;
        let (status, answer) = self.session.submit(&self.client, app)?;
        match status {
            Err(f) => {
                self.failed(&f);
                Ok(None)
            }
            Ok(st) => {
                self.check(
                    "signed request accepted; platform's answer signature and Content-Digest verified",
                    true,
                );
                self.record_answer(&st, &answer, code)?;
                Ok(Some(st))
            }
        }
    }

    /// A step that failed: the platform caught, or a refusal.
    fn failed(&mut self, f: &Failure) {
        let what = if f.is_verification() {
            self.caught = true;
            "the platform's answer does not verify"
        } else {
            "the platform refused"
        };
        self.check(&format!("{what} — {} [{}] {}", f.step, f.error.code(), f.error), false);
    }

    /// The platform's (verified) answer to a submission: recorded and shown.
    fn record_answer(
        &mut self,
        st: &ApplicationStatus,
        answer: &HttpMessage,
        code: &str,
    ) -> Result<(), CliError> {
        let mut ev = self.event(AuditAction::Submit, Some(&st.id), code);
        ev.response_digest = Some(digest(&answer.body));
        ev.status = Some(state_name(st.state));
        ev.due = st.due.clone();
        self.record(ev)?;
        outln!(
            "  {} → {}{}{}",
            st.id,
            state_name(st.state),
            st.due
                .as_deref()
                .map(|d| format!(", answer due {d} (Art. 21, working days)"))
                .unwrap_or_default(),
            st.reason.as_deref().map(|r| format!(" — {r}")).unwrap_or_default()
        );
        Ok(())
    }

    /// The provider's decision on the sandbox (as its reviewer), recorded.
    fn decide(
        &mut self,
        dir: &Scratch,
        id: &str,
        decision: &Decision,
        code: &str,
    ) -> Result<ApplicationStatus, CliError> {
        let at = crate::send::now_seconds(None)?;
        let st = govshare_sandbox::review(&dir.0, id, decision, at)
            .map_err(|e| CliError::Usage(format!("review: {}", e.message)))?;
        let mut ev = self.event(AuditAction::Decide, Some(id), code);
        ev.status = Some(state_name(st.state));
        ev.due = st.due.clone();
        self.record(ev)?;
        Ok(st)
    }

    /// Sends the application again with the materials asked for (Art. 21
    /// ¶2). `PlatformExchange` has no resubmission request yet, so this runs
    /// the exchange's own checks with the same core calls: the profile signs
    /// the request, and the answer must verify as the platform's answer
    /// bound to it before it is read.
    fn resubmit(
        &mut self,
        app: &Application,
        id: &str,
        code: &str,
    ) -> Result<Option<ApplicationStatus>, CliError> {
        let (status, answer) = self.session.resubmit(&self.client, id, app)?;
        match status {
            Err(f) => {
                self.failed(&f);
                Ok(None)
            }
            Ok(st) => {
                self.record_answer(&st, &answer, code)?;
                Ok(Some(st))
            }
        }
    }

    /// Fetches the granted data on the exchange and verifies it; true when a
    /// verified page's masking passed.
    fn fetch(&mut self, app: &Application, st: &ApplicationStatus, code: &str) -> Result<bool, CliError> {
        let fetched = fetch(&self.session, &self.client, app, st)?;
        self.caught |= fetched.caught();
        match &fetched {
            Fetched::Skipped(why) => outln!("  nothing fetched: {why}"),
            Fetched::Failed(f) | Fetched::Page { masking: Err(f), .. } => {
                outln!("  ✘ caught: {} [{}] {}", f.step, f.error.code(), f.error);
            }
            Fetched::Page { rows, items, masking: Ok(report), .. } => outln!(
                "  {rows} rows of {}; masking verdict: {}",
                serde_json::json!(items),
                if report.passed {
                    "every value masked as its grade demands".to_owned()
                } else {
                    format!("{} violation(s) {}", report.violation_count, serde_json::json!(report.reasons))
                }
            ),
        }
        let verified = fetched.verified();
        if let (true, Fetched::Page { page, .. }) = (verified, &fetched) {
            self.kept = Some(page.clone());
        }
        let mut ev = self.event(AuditAction::MaskVerdict, Some(&st.id), code);
        ev.outcome = Some(if verified { "ok".into() } else { "mask_violation".into() });
        self.record(ev)?;
        if verified {
            // Art. 29: where the received data is kept (here: nowhere but memory).
            let mut ev = self.event(AuditAction::Store, Some(&st.id), code);
            ev.outcome = Some("in_memory".into());
            self.record(ev)?;
        }
        Ok(verified)
    }
}

impl Flow {
    /// The sealed store and the disposal the grant names: the verified page
    /// is sealed under a fresh data key wrapped for the department's storage
    /// key, read back, then disposed of (delete: the key is shredded; return
    /// or seal: re-encrypted for the provider or a custodian) with a signed
    /// receipt recorded under the Art. 29 heading 销毁处置.
    fn seal_and_dispose(
        &mut self,
        app: &Application,
        st: &ApplicationStatus,
        code: &str,
    ) -> Result<(), CliError> {
        let Some(page) = self.kept.take() else {
            self.check("a verified page to keep", false);
            return Ok(());
        };
        let storage_key = Key::generate(Algorithm::Sm2Sm3)?;
        let manifest_digest = digest(page.mask_manifest.as_deref().unwrap_or_default().as_bytes());
        let records = page.records_json()?;
        let (mut writer, mut store) =
            StoreWriter::create(&st.id, code, self.session.now, &StoreRecipient::Sm2(&storage_key))?;
        store.extend(writer.put_page(0, &manifest_digest, &records)?);
        let summary = verify_store(&store)?;
        outln!(
            "  sealed: {} bytes, {} page(s), digest {}…; bound to the grant, the page and its manifest digest",
            store.len(),
            summary.pages.len(),
            &summary.digest[..23]
        );
        let mut ev = self.event(AuditAction::Store, Some(&st.id), code);
        ev.outcome = Some("sealed_store".into());
        ev.response_digest = Some(summary.digest.clone());
        self.record(ev)?;
        let unlock = StoreUnlock::Sm2(&storage_key);
        let read = StoreReader::open(&store, &unlock)?.read_page(0)?;
        self.check("read back with the storage key, every chunk's tag verified", read == records);
        let mut tampered = store.clone();
        if let Some(b) = tampered.iter_mut().rev().nth(40) {
            *b ^= 1;
        }
        let caught = StoreReader::open(&tampered, &unlock).and_then(|r| r.read_page(0)).is_err();
        self.check("a changed byte of the stored page is caught", caught);

        let Some(mut grant) = Grant::from_application(&st.id, app, ApplicationState::DisposalDue) else {
            return Ok(());
        };
        grant.disposal_method = st.disposal_method;
        let method = st.disposal_method.unwrap_or(DisposalMethod::Delete);
        let request = DisposalRequest {
            method,
            disposed_at: rfc3339_cst(self.session.now),
            actor: DEMO_CREDIT_CODE.into(),
        };
        let other =
            if method == DisposalMethod::Delete { DisposalMethod::Return } else { DisposalMethod::Delete };
        let custodian = Key::generate(Algorithm::Sm2Sm3)?;
        let to = (method != DisposalMethod::Delete).then_some(&custodian);
        let wrong = DisposalRequest { method: other, ..request.clone() };
        let refused = dispose_store(
            &store,
            &grant,
            &wrong,
            &unlock,
            Some(&custodian),
            self.audit.head(),
            &self.session.key,
        );
        self.check(
            &format!("disposal by {} refused: the grant requires {}", other.as_str(), method.as_str()),
            refused.is_err_and(|e| e.code() == "disposal_method_mismatch"),
        );
        let disposal =
            dispose_store(&store, &grant, &request, &unlock, to, self.audit.head(), &self.session.key)?;
        self.record(disposal.receipt.event())?;
        let receipt = serde_json::to_vec(&disposal.receipt).unwrap_or_default();
        let verified = verify_disposal_receipt(&receipt, &self.session.key.verifying_key()?).is_ok();
        outln!(
            "  disposed of by {} (Art. 27); receipt binds store {}…, key {}, audit head {}…",
            method.as_str(),
            &disposal.receipt.store_digest[..23],
            disposal.receipt.key_id,
            &disposal.receipt.log_head[..16]
        );
        self.check("the signed disposal receipt verifies and is in the audit log (销毁处置)", verified);
        let gone = StoreReader::open(&disposal.store, &unlock).is_err();
        self.check("the department can no longer read the data", gone);
        Ok(())
    }
}

fn state_name(s: ApplicationState) -> String {
    s.as_str().to_owned()
}

/// Runs the flow from step `first`; `Ok(true)` when every verdict held.
pub fn run(first: u32, step: fn(u32, &str)) -> Result<bool, CliError> {
    let now = crate::send::now_seconds(None)?;
    step(first, "Start a sandbox sharing platform in this process (axum + SQLite, loopback)");
    let dir = Scratch::new("platform")?;
    let handle = start(&dir, None)?;
    outln!("  {} — the demo department signs with its published sandbox key", handle.url());
    let mut flow = Flow::new(&handle, now)?;

    step(
        first + 1,
        "Unconditional resource: apply, sign, submit — agreed at once (Art. 21: within 1 working day); fetch and verify",
    );
    let (app, code) = flow.application(SharingType::Unconditional)?;
    if let Some(st) = flow.submit(&app, &code)? {
        flow.check("agreed at once", st.state == ApplicationState::Agreed);
        let fetched = flow.fetch(&app, &st, &code)?;
        flow.check("data: platform signature, digest, signed manifest and masking verified", fetched);
    }

    step(
        first + 2,
        "Conditional resource: materials asked for at once, resubmitted, the answer extended, then agreed (Art. 21)",
    );
    let (app, code) = flow.application(SharingType::Conditional)?;
    if let Some(st) = flow.submit(&app, &code)? {
        flow.check("submitted, awaiting the provider's answer", st.state == ApplicationState::Submitted);
        // Art. 21 ¶2: the provider lists everything missing, at once.
        let mut ask = Decision::new(DecisionKind::RequestMaterials);
        ask.missing = vec!["授权委托书".into(), "履职依据文件".into()];
        let asked = flow.decide(&dir, &st.id, &ask, &code)?;
        outln!("  provider asks, at once, for: {} (Art. 21 ¶2)", asked.missing.join("、"));
        flow.check(
            "materials requested in one list (not refused for incompleteness)",
            asked.state == ApplicationState::MaterialsRequested && asked.missing.len() == 2,
        );
        let again = flow.resubmit(&app, &st.id, &code)?;
        flow.check(
            "materials supplied: submitted again, the answer clock restarts",
            again.as_ref().is_some_and(|a| a.state == ApplicationState::Submitted),
        );
        // Art. 21: an extension approved by the coordinating department.
        let mut ext = Decision::new(DecisionKind::Extend);
        ext.days = Some(5);
        ext.approval_ref = Some("示例市政务数据主管部门〔2026〕1号".into());
        let extended = flow.decide(&dir, &st.id, &ext, &code)?;
        outln!(
            "  provider extends the answer by 5 working days with the coordinating department's approval (Art. 21)"
        );
        // The department computes its own schedule on the official calendar.
        if let Some(again) = again {
            let mut input = req::ScheduleInput::new(req::Track::Conditional, again.updated_at.clone());
            input.extension_days = extended.extension_days;
            input.extension_notified = Some(extended.updated_at.clone());
            let s = req::schedule(
                &req::WorkCalendar::embedded(),
                &req::DeadlineProfile::national(),
                &input,
                &rfc3339_cst(crate::send::now_seconds(None)?),
            )?;
            for step in &s.steps {
                outln!(
                    "  schedule: {} ({}) due {} — {:?}",
                    step.step.as_str(),
                    step.article.as_deref().unwrap_or("-"),
                    step.due.as_deref().unwrap_or("unknown"),
                    step.status
                );
            }
            let own =
                s.steps.iter().find(|x| x.step == req::StepKind::AnswerExtended).and_then(|x| x.due.clone());
            flow.check(
                "the department's own schedule agrees with the platform's extended due date",
                own.is_some() && own == extended.due,
            );
        }
        let approved = flow.decide(&dir, &st.id, &Decision::new(DecisionKind::Approve), &code)?;
        outln!(
            "  provider agrees; disposal as required: {}",
            approved.disposal_method.map_or("-", |m| m.as_str())
        );
        let fetched = flow.fetch(&app, &approved, &code)?;
        flow.check("agreed data fetched and verified", fetched);
        step(
            first + 3,
            "Keep it sealed (SM4-GCM, key wrapped with SM2), then dispose of it as the provider required (Art. 27, 29)",
        );
        flow.seal_and_dispose(&app, &approved, &code)?;
    }

    step(first + 4, "Not-shared resource: refused, quoting the catalog's legal basis (Art. 14)");
    let (app, code) = flow.application(SharingType::NotShared)?;
    if let Some(st) = flow.submit(&app, &code)? {
        flow.check("refused", st.state == ApplicationState::Refused);
    }

    step(first + 5, "A platform that misbehaves is caught by the client");
    for (mode, what) in [
        (Misbehave::Unmasked, "serves unmasked data"),
        (Misbehave::BadDigest, "changes its answers after signing them"),
        (Misbehave::BadSignature, "signs with a wrong key"),
    ] {
        let bad_dir = Scratch::new("misbehaving")?;
        let bad = start(&bad_dir, Some(mode))?;
        let mut other = Flow::new(&bad, now)?;
        outln!("  a platform that {what}:");
        let (app, code) = other.application(SharingType::Unconditional)?;
        if let Some(st) = other.submit(&app, &code)? {
            other.fetch(&app, &st, &code)?;
        }
        // Caught by a check — a signature, digest or masking that does not
        // verify — not merely refused or unreachable.
        flow.check(&format!("caught the platform that {what}"), other.caught);
        bad.shutdown();
    }

    step(first + 6, "Audit trail: every step hash-chained and signed; a tampered entry is found");
    let mut verifier = AuditVerifier::new();
    verifier.add_key(flow.session.key.verifying_key()?)?;
    verifier.require_signatures(true);
    let verdict = verifier.verify(flow.lines.as_bytes());
    outln!(
        "  {} entries, {} signatures verified, head {}…",
        verdict.entries,
        verdict.signed,
        &verdict.head[..16]
    );
    flow.check("audit log verifies", verdict.valid);
    let tampered = flow.lines.replacen("\"agreed\"", "\"refused\"", 1);
    let found = verifier.verify(tampered.as_bytes());
    let codes: Vec<&str> = found.problems.iter().map(|p| p.code.as_str()).collect();
    flow.check(&format!("a changed entry is detected: {}", codes.join(", ")), !found.valid);
    let report = usage_report(flow.lines.as_bytes(), &rfc3339_cst(now))?;
    outln!(
        "  usage: {} applications, {} agreed, {} refused, {} pending, {} answered on time (Art. 21)",
        report.total.applications,
        report.total.granted,
        report.total.rejected,
        report.total.pending,
        report.total.answered_on_time
    );
    let headings: Vec<String> =
        report.headings.iter().map(|h| format!("{} {}", h.heading.label_zh(), h.entries)).collect();
    outln!("  records under Art. 29's headings: {}", headings.join(" · "));
    for r in &report.risks {
        outln!("  risk ({}): {} — {}", r.article, r.code, r.application_id);
    }
    flow.check("the records show no Art. 39/40 risk", report.risks.is_empty());
    handle.shutdown();
    Ok(flow.ok)
}
