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
        self.inner.add_key(key.inner.verifying_key()?);
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
