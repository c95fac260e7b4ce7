//! Audit trail exports: `AuditLog` (append), `AuditVerifier`, `auditUsageReport`,
//! `auditDigest`, `destructionReceipt` / `verifyDestructionReceipt`.

use govshare_core::audit as core;
use tsify::Ts;
use wasm_bindgen::prelude::*;

use crate::error::{bytes_or_string, json_bytes, to_js, JsResult};
use crate::sign::Key;

/// Appends to a hash-chained audit log. Sans-IO: `append` returns the line to
/// write (no newline); keep `head` elsewhere to detect truncation later.
#[wasm_bindgen]
pub struct AuditLog {
    inner: core::AuditLog,
}

#[wasm_bindgen]
impl AuditLog {
    /// A new, empty log.
    #[wasm_bindgen(constructor)]
    pub fn new() -> AuditLog {
        AuditLog { inner: core::AuditLog::new() }
    }

    /// Continues a log from its text or bytes (reads the last entry).
    pub fn resume(
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] log: JsValue,
    ) -> JsResult<AuditLog> {
        Ok(AuditLog { inner: core::AuditLog::resume(&bytes_or_string(&log, "log")?)? })
    }

    /// Appends an unsigned entry (an `AuditEvent` or its JSON text); returns its line.
    pub fn append(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "AuditEvent | string")] event: JsValue,
    ) -> JsResult<String> {
        Ok(self.inner.append_json(&json_bytes(&event, "event")?, None)?)
    }

    /// Appends an entry signed with `key`; returns its line.
    #[wasm_bindgen(js_name = appendSigned)]
    pub fn append_signed(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "AuditEvent | string")] event: JsValue,
        key: &Key,
    ) -> JsResult<String> {
        Ok(self.inner.append_json(&json_bytes(&event, "event")?, Some(&key.inner))?)
    }

    /// Hash of the last entry (64 zeros when empty).
    #[wasm_bindgen(getter)]
    pub fn head(&self) -> String {
        self.inner.head().to_owned()
    }

    /// Entries so far (= the next sequence number).
    #[wasm_bindgen(getter, js_name = nextSeq)]
    pub fn next_seq(&self) -> f64 {
        self.inner.next_seq() as f64
    }
}

impl Default for AuditLog {
    fn default() -> Self {
        AuditLog::new()
    }
}

/// Verifies whole logs: hashes, links, sequence, signatures, kept head.
#[wasm_bindgen]
pub struct AuditVerifier {
    inner: core::AuditVerifier,
}

#[wasm_bindgen]
impl AuditVerifier {
    #[wasm_bindgen(constructor)]
    pub fn new() -> AuditVerifier {
        AuditVerifier { inner: core::AuditVerifier::new() }
    }

    /// Accepts signatures by `key` (its public half is kept; HMAC: the secret).
    #[wasm_bindgen(js_name = addKey)]
    pub fn add_key(&mut self, key: &Key) -> JsResult<()> {
        self.inner.add_key(key.inner.verifying_key()?)?;
        Ok(())
    }

    /// Every entry must be signed by a known key.
    #[wasm_bindgen(js_name = requireSignatures)]
    pub fn require_signatures(&mut self, required: bool) {
        self.inner.require_signatures(required);
    }

    /// A head hash kept earlier: the log must still contain it.
    #[wasm_bindgen(js_name = expectHead)]
    pub fn expect_head(&mut self, head: Option<String>) {
        self.inner.expect_head(head);
    }

    /// The log continues after entry `seq` with hash `head` (an archive's
    /// `last_seq` and `head`, Art. 29).
    #[wasm_bindgen(js_name = continueFrom)]
    pub fn continue_from(&mut self, seq: f64, head: String) -> JsResult<()> {
        self.inner.continue_from(crate::error::u64_arg(seq, "seq")?, head);
        Ok(())
    }

    /// The verdict on an archive made by `auditArchive`; never throws.
    #[wasm_bindgen(js_name = verifyArchive)]
    pub fn verify_archive(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] archive: JsValue,
    ) -> JsResult<Ts<core::AuditVerification>> {
        to_js(&self.inner.verify_archive(&bytes_or_string(&archive, "archive")?))
    }

    /// The verdict; never throws for a bad log (problems are reported).
    pub fn verify(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] log: JsValue,
    ) -> JsResult<Ts<core::AuditVerification>> {
        to_js(&self.inner.verify(&bytes_or_string(&log, "log")?))
    }
}

impl Default for AuditVerifier {
    fn default() -> Self {
        AuditVerifier::new()
    }
}

/// `sha256:<hex>` of a string (UTF-8) or bytes: the form of event digests.
#[wasm_bindgen(js_name = auditDigest)]
pub fn audit_digest(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] data: JsValue,
) -> JsResult<String> {
    Ok(core::digest(&bytes_or_string(&data, "data")?))
}

/// Applications per resource and provider, answer times against deadlines,
/// overdue counts at `now` (RFC 3339). Refuses a log that does not verify.
#[wasm_bindgen(js_name = auditUsageReport)]
pub fn audit_usage_report(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] log: JsValue,
    now: &str,
) -> JsResult<Ts<core::UsageReport>> {
    to_js(&core::usage_report(&bytes_or_string(&log, "log")?, now)?)
}

/// Art. 29: moves the entries dated before `before` into a sealed archive
/// (refused for entries younger than `retentionYears`, at least 3). Store
/// `archive` first, then `remaining` as the log. The archive's header is
/// unsigned here; `auditArchiveSigned` signs it.
#[wasm_bindgen(js_name = auditArchive)]
pub fn audit_archive(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] log: JsValue,
    before: &str,
    now: &str,
    retention_years: u32,
    verifier: &AuditVerifier,
) -> JsResult<Ts<core::ArchiveOutput>> {
    archive(log, before, now, retention_years, verifier, None)
}

/// `auditArchive` with the archive's header signed by `key`. (A function of
/// its own: wasm-bindgen cannot borrow an optional object, and taking the
/// key by value would consume the caller's `Key`.)
#[wasm_bindgen(js_name = auditArchiveSigned)]
pub fn audit_archive_signed(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] log: JsValue,
    before: &str,
    now: &str,
    retention_years: u32,
    verifier: &AuditVerifier,
    key: &Key,
) -> JsResult<Ts<core::ArchiveOutput>> {
    archive(log, before, now, retention_years, verifier, Some(&key.inner))
}

fn archive(
    log: JsValue,
    before: &str,
    now: &str,
    retention_years: u32,
    verifier: &AuditVerifier,
    signer: Option<&govshare_core::sign::Key>,
) -> JsResult<Ts<core::ArchiveOutput>> {
    to_js(&core::archive(
        &bytes_or_string(&log, "log")?,
        before,
        now,
        retention_years,
        &verifier.inner,
        signer,
    )?)
}

/// Art. 29: an export for inspection — a new chain signed by `key` copying
/// the events in scope (all, or `providerCode`'s own) with their original hashes.
#[wasm_bindgen(js_name = auditExport)]
pub fn audit_export(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] log: JsValue,
    provider_code: Option<String>,
    verifier: &AuditVerifier,
    key: &Key,
) -> JsResult<String> {
    Ok(core::export_records(
        &bytes_or_string(&log, "log")?,
        provider_code.as_deref(),
        &verifier.inner,
        &key.inner,
    )?)
}

/// Checks an export against the full log; never throws.
#[wasm_bindgen(js_name = verifyAuditExport)]
pub fn verify_audit_export(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] export: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] log: JsValue,
    provider_code: Option<String>,
    export_verifier: &AuditVerifier,
    log_verifier: &AuditVerifier,
) -> JsResult<Ts<core::AuditVerification>> {
    to_js(&core::verify_export(
        &bytes_or_string(&export, "export")?,
        &bytes_or_string(&log, "log")?,
        provider_code.as_deref(),
        &export_verifier.inner,
        &log_verifier.inner,
    ))
}

/// A signed receipt for data whose retention ended, bound to the log's head.
#[wasm_bindgen(js_name = destructionReceipt)]
pub fn destruction_receipt(
    #[wasm_bindgen(unchecked_param_type = "DestructionRequest | string")] request: JsValue,
    log_head: &str,
    key: &Key,
) -> JsResult<Ts<core::DestructionReceipt>> {
    let request: core::DestructionRequest = serde_json::from_slice(&json_bytes(&request, "request")?)
        .map_err(|e| govshare_core::error::json_error(&e))?;
    to_js(&core::destruction_receipt(&request, log_head, &key.inner)?)
}

/// Checks a receipt (the object, its JSON text or bytes) against the signer's key.
#[wasm_bindgen(js_name = verifyDestructionReceipt)]
pub fn verify_destruction_receipt(
    #[wasm_bindgen(unchecked_param_type = "DestructionReceipt | string | Uint8Array")] receipt: JsValue,
    key: &Key,
) -> JsResult<Ts<core::DestructionReceipt>> {
    to_js(&core::verify_destruction_receipt(&json_bytes(&receipt, "receipt")?, &key.inner)?)
}
