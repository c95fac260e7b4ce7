//! Audit trail exports for uniffi: `AuditLog`, `AuditVerifier`, the usage
//! report, digests and destruction receipts.

use std::sync::{Arc, Mutex, MutexGuard};

use govshare_core::audit as core;

use crate::sign::Key;
use crate::GovshareError;

/// Appends to a hash-chained audit log. Sans-IO: `append` returns the line to
/// write (no newline); keep `head()` elsewhere to detect truncation later.
#[derive(uniffi::Object)]
pub struct AuditLog {
    inner: Mutex<core::AuditLog>,
}

impl AuditLog {
    fn lock(&self) -> MutexGuard<'_, core::AuditLog> {
        // Poisoning only means another thread panicked; appends are all-or-nothing.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[uniffi::export]
impl AuditLog {
    /// A new, empty log.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(AuditLog { inner: Mutex::new(core::AuditLog::new()) })
    }

    /// Continues a log from its bytes (reads the last entry).
    #[uniffi::constructor]
    pub fn resume(log: Vec<u8>) -> Result<Arc<Self>, GovshareError> {
        Ok(Arc::new(AuditLog { inner: Mutex::new(core::AuditLog::resume(&log)?) }))
    }

    /// Appends an entry, signed when `signer` is given; returns its line.
    #[uniffi::method(default(signer = None))]
    pub fn append(&self, event: core::AuditEvent, signer: Option<Arc<Key>>) -> Result<String, GovshareError> {
        let key = signer.as_ref().map(|k| k.lock());
        Ok(self.lock().append(&event, key.as_deref())?)
    }

    /// `append` for an event given as JSON (unknown members refused).
    #[uniffi::method(default(signer = None))]
    pub fn append_json(&self, event_json: String, signer: Option<Arc<Key>>) -> Result<String, GovshareError> {
        let key = signer.as_ref().map(|k| k.lock());
        Ok(self.lock().append_json(event_json.as_bytes(), key.as_deref())?)
    }

    /// Hash of the last entry (64 zeros when empty).
    pub fn head(&self) -> String {
        self.lock().head().to_owned()
    }

    /// Entries so far (= the next sequence number).
    pub fn next_seq(&self) -> u64 {
        self.lock().next_seq()
    }
}

/// Verifies whole logs: hashes, links, sequence, signatures, kept head.
#[derive(uniffi::Object)]
pub struct AuditVerifier {
    inner: Mutex<core::AuditVerifier>,
}

impl AuditVerifier {
    fn lock(&self) -> MutexGuard<'_, core::AuditVerifier> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[uniffi::export]
impl AuditVerifier {
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(AuditVerifier { inner: Mutex::new(core::AuditVerifier::new()) })
    }

    /// Accepts signatures by `key` (its public half is kept; HMAC: the secret).
    pub fn add_key(&self, key: Arc<Key>) -> Result<(), GovshareError> {
        let verifying = key.lock().verifying_key()?;
        self.lock().add_key(verifying);
        Ok(())
    }

    /// Every entry must be signed by a known key.
    pub fn require_signatures(&self, required: bool) {
        self.lock().require_signatures(required);
    }

    /// A head hash kept earlier: the log must still contain it.
    pub fn expect_head(&self, head: Option<String>) {
        self.lock().expect_head(head);
    }

    /// The verdict; a bad log is reported, not raised.
    pub fn verify(&self, log: Vec<u8>) -> core::AuditVerification {
        self.lock().verify(&log)
    }
}

/// `sha256:<hex>` of bytes: the form of event digests.
#[uniffi::export]
pub fn audit_digest(data: Vec<u8>) -> String {
    core::digest(&data)
}

/// Applications per resource and provider, answer times against deadlines,
/// overdue counts at `now` (RFC 3339). Refuses a log that does not verify.
#[uniffi::export]
pub fn audit_usage_report(log: Vec<u8>, now: String) -> Result<core::UsageReport, GovshareError> {
    Ok(core::usage_report(&log, &now)?)
}

/// A signed receipt for data whose retention ended, bound to the log's head.
#[uniffi::export]
pub fn destruction_receipt(
    request: core::DestructionRequest,
    log_head: String,
    key: Arc<Key>,
) -> Result<core::DestructionReceipt, GovshareError> {
    Ok(core::destruction_receipt(&request, &log_head, &key.lock())?)
}

/// Checks a receipt (JSON bytes) against the signer's key.
#[uniffi::export]
pub fn verify_destruction_receipt(
    receipt_json: Vec<u8>,
    key: Arc<Key>,
) -> Result<core::DestructionReceipt, GovshareError> {
    Ok(core::verify_destruction_receipt(&receipt_json, &key.lock())?)
}
