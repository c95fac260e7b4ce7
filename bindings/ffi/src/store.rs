//! The sealed store for uniffi (issue #13): bytes in, bytes out — a script
//! keeps them on disk. Every rule is core's (`govshare_core::store`,
//! docs/store.md).

use std::sync::{Arc, Mutex};

use govshare_core::request::entitlement::Grant;
use govshare_core::store as core;

use crate::GovshareError;

/// How to reach a store's data key: `StoreKey.sm2(key)`,
/// `StoreKey.kek(kek, kek_id)` or `StoreKey.data_key(bytes)` (a data key a
/// device unwrapped from `store_wrapped_key`).
#[derive(uniffi::Object)]
pub struct StoreKey {
    inner: core::StoreKey,
}

impl std::fmt::Debug for StoreKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StoreKey")
    }
}

#[uniffi::export]
impl StoreKey {
    #[uniffi::constructor]
    pub fn sm2(key: Arc<crate::sign::Key>) -> Result<Arc<Self>, GovshareError> {
        Ok(Arc::new(StoreKey { inner: core::StoreKey::sm2(&key.lock())? }))
    }

    #[uniffi::constructor]
    pub fn kek(kek: Vec<u8>, kek_id: String) -> Arc<Self> {
        Arc::new(StoreKey { inner: core::StoreKey::kek(&kek, &kek_id) })
    }

    #[uniffi::constructor]
    pub fn data_key(data_key: Vec<u8>) -> Arc<Self> {
        Arc::new(StoreKey { inner: core::StoreKey::data_key(&data_key) })
    }
}

/// Checks a store's form and chain without a key; `torn_tail` and
/// `intact_len` say whether a write was cut short (`store_corrupt`).
#[uniffi::export]
pub fn verify_store(store: Vec<u8>) -> Result<core::StoreSummary, GovshareError> {
    Ok(core::verify_store(&store)?)
}

/// The wrapped data key, for a device that holds the private key.
#[uniffi::export]
pub fn store_wrapped_key(store: Vec<u8>) -> Result<Vec<u8>, GovshareError> {
    Ok(core::store_wrapped_key(&store)?)
}

/// Writes a store: `StoreWriter.create(...)`, write `header()` first, then
/// append what `put_page` returns, in order.
#[derive(uniffi::Object)]
pub struct StoreWriter {
    inner: Mutex<core::StoreWriter>,
    header: Vec<u8>,
}

impl StoreWriter {
    fn lock(&self) -> std::sync::MutexGuard<'_, core::StoreWriter> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[uniffi::export]
impl StoreWriter {
    /// A new store for a grant and resource, its data key wrapped for
    /// `recipient` (an SM2 or KEK `StoreKey`). `created`: Unix seconds.
    #[uniffi::constructor]
    pub fn create(
        grant: String,
        resource: String,
        created: i64,
        recipient: Arc<StoreKey>,
    ) -> Result<Arc<Self>, GovshareError> {
        let (inner, header) =
            core::StoreWriter::create(&grant, &resource, created, &recipient.inner.recipient()?)?;
        Ok(Arc::new(StoreWriter { inner: Mutex::new(inner), header }))
    }

    /// Continues an intact store (truncate a torn one to `intact_len` first).
    #[uniffi::constructor]
    pub fn resume(store: Vec<u8>, key: Arc<StoreKey>) -> Result<Arc<Self>, GovshareError> {
        let inner = core::StoreWriter::resume(&store, &key.inner.unlock())?;
        Ok(Arc::new(StoreWriter { inner: Mutex::new(inner), header: Vec::new() }))
    }

    /// The header line of a created store (empty after `resume`).
    pub fn header(&self) -> Vec<u8> {
        self.header.clone()
    }

    /// The chain head so far (`sha256:<hex>`).
    pub fn digest(&self) -> String {
        self.lock().digest()
    }

    /// Seals a page (cut into 64 KiB chunks) bound to its manifest digest;
    /// returns the lines to append.
    pub fn put_page(
        &self,
        page: u64,
        manifest_digest: String,
        data: Vec<u8>,
    ) -> Result<Vec<u8>, GovshareError> {
        Ok(self.lock().put_page(page, &manifest_digest, &data)?)
    }

    /// Starts a page streamed with `push_chunk`.
    pub fn begin_page(&self, page: u64, manifest_digest: String) -> Result<(), GovshareError> {
        Ok(self.lock().begin_page(page, &manifest_digest)?)
    }

    /// Seals the next chunk (at most 64 KiB); `last` ends the page.
    pub fn push_chunk(&self, data: Vec<u8>, last: bool) -> Result<Vec<u8>, GovshareError> {
        Ok(self.lock().push_chunk(&data, last)?)
    }
}

/// Reads a store with its key.
#[derive(uniffi::Object)]
pub struct StoreReader {
    inner: core::StoreReader,
}

#[uniffi::export]
impl StoreReader {
    /// Verifies the store and unwraps its key (`store_key_destroyed`,
    /// `envelope_wrong_recipient`, `store_corrupt`, `tag_mismatch`).
    #[uniffi::constructor]
    pub fn open(store: Vec<u8>, key: Arc<StoreKey>) -> Result<Arc<Self>, GovshareError> {
        Ok(Arc::new(StoreReader { inner: core::StoreReader::open(&store, &key.inner.unlock())? }))
    }

    pub fn summary(&self) -> core::StoreSummary {
        self.inner.summary()
    }

    /// A whole page, once every chunk's tag verified; an incomplete page is
    /// refused (`store_page_unavailable`).
    pub fn read_page(&self, page: u64) -> Result<Vec<u8>, GovshareError> {
        Ok(self.inner.read_page(page)?)
    }
}

/// Disposes of a store as the grant requires (Art. 27): `delete`
/// (crypto-shredding), or `return` / `seal` re-encrypted for `to`.
/// `disposal_method_mismatch` when the grant names another method.
#[uniffi::export(default(to = None))]
pub fn dispose_store(
    store: Vec<u8>,
    grant: Grant,
    request: core::DisposalRequest,
    key: Arc<StoreKey>,
    log_head: String,
    signing_key: Arc<crate::sign::Key>,
    to: Option<Arc<crate::sign::Key>>,
) -> Result<core::StoreDisposal, GovshareError> {
    // One lock per key object: the same object passed twice is locked once.
    let signer = signing_key.lock();
    let other = match &to {
        Some(k) if !Arc::ptr_eq(k, &signing_key) => Some(k.lock()),
        _ => None,
    };
    let to_key = match (&to, &other) {
        (Some(_), Some(guard)) => Some(&**guard),
        (Some(_), None) => Some(&*signer),
        _ => None,
    };
    Ok(core::dispose_store(&store, &grant, &request, &key.inner.unlock(), to_key, &log_head, &signer)?)
}

/// Checks a disposal receipt's hash and signature; returns it.
#[uniffi::export]
pub fn verify_disposal_receipt(
    receipt: Vec<u8>,
    key: Arc<crate::sign::Key>,
) -> Result<govshare_core::audit::DisposalReceipt, GovshareError> {
    Ok(govshare_core::audit::verify_disposal_receipt(&receipt, &key.lock())?)
}

/// The audit event recording a disposal (heading 销毁处置), to append.
#[uniffi::export]
pub fn disposal_receipt_event(
    receipt: govshare_core::audit::DisposalReceipt,
) -> govshare_core::audit::AuditEvent {
    receipt.event()
}
