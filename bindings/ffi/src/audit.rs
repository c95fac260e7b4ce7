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
        self.lock().add_key(verifying)?;
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

    /// The log continues after entry `seq` with hash `head` (an archive's
    /// `last_seq` and `head`, Art. 29).
    pub fn continue_from(&self, seq: u64, head: String) {
        self.lock().continue_from(seq, head);
    }

    /// The verdict on an archive made by `audit_archive`.
    pub fn verify_archive(&self, archive: Vec<u8>) -> core::AuditVerification {
        self.lock().verify_archive(&archive)
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

/// Art. 29: moves the entries dated before `before` into a sealed archive
/// (refused for entries younger than `retention_years`, at least 3). Store
/// `archive` first, then `remaining` as the log.
#[uniffi::export(default(key = None))]
pub fn audit_archive(
    log: Vec<u8>,
    before: String,
    now: String,
    retention_years: u32,
    verifier: Arc<AuditVerifier>,
    key: Option<Arc<Key>>,
) -> Result<core::ArchiveOutput, GovshareError> {
    let guard = key.as_ref().map(|k| k.lock());
    Ok(core::archive(&log, &before, &now, retention_years, &verifier.lock(), guard.as_deref())?)
}

/// Art. 29: an export for inspection — a new chain signed by `key` copying
/// the events in scope (all, or `provider_code`'s own) with their original hashes.
#[uniffi::export]
pub fn audit_export(
    log: Vec<u8>,
    provider_code: Option<String>,
    verifier: Arc<AuditVerifier>,
    key: Arc<Key>,
) -> Result<String, GovshareError> {
    Ok(core::export_records(&log, provider_code.as_deref(), &verifier.lock(), &key.lock())?)
}

/// Checks an export against the full log; problems are reported, not raised.
#[uniffi::export]
pub fn verify_audit_export(
    export: Vec<u8>,
    log: Vec<u8>,
    provider_code: Option<String>,
    export_verifier: Arc<AuditVerifier>,
    log_verifier: Arc<AuditVerifier>,
) -> core::AuditVerification {
    core::verify_export(
        &export,
        &log,
        provider_code.as_deref(),
        &export_verifier.lock(),
        &log_verifier.lock(),
    )
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
