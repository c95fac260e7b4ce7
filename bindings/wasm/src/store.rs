//! The sealed store for JS (issue #13): bytes in, bytes out — the portal
//! keeps them in IndexedDB or OPFS. Every rule is core's
//! (`govshare_core::store`, docs/store.md).

use govshare_core::request::entitlement::Grant;
use govshare_core::store as core;
use js_sys::Uint8Array;
use tsify::Ts;
use wasm_bindgen::prelude::*;

use crate::error::{from_js, to_js, u64_arg, JsResult};

/// How to reach a store's data key: `StoreKey.sm2(key)` (the department's
/// SM2 key), `StoreKey.kek(kek, kekId)` (a 16-byte KEK), or
/// `StoreKey.dataKey(bytes)` (a data key a device unwrapped from
/// `storeWrappedKey`).
#[wasm_bindgen]
pub struct StoreKey {
    inner: core::StoreKey,
}

#[wasm_bindgen]
impl StoreKey {
    pub fn sm2(key: &crate::sign::Key) -> JsResult<StoreKey> {
        Ok(StoreKey { inner: core::StoreKey::sm2(&key.inner)? })
    }

    pub fn kek(kek: &[u8], kek_id: &str) -> StoreKey {
        StoreKey { inner: core::StoreKey::kek(kek, kek_id) }
    }

    #[wasm_bindgen(js_name = dataKey)]
    pub fn data_key(data_key: &[u8]) -> StoreKey {
        StoreKey { inner: core::StoreKey::data_key(data_key) }
    }
}

/// Checks a store's form and chain without a key; `torn_tail` and
/// `intact_len` say whether a write was cut short. Throws `store_corrupt`.
#[wasm_bindgen(js_name = verifyStore)]
pub fn verify_store(store: &[u8]) -> JsResult<Ts<core::StoreSummary>> {
    to_js(&core::verify_store(store)?)
}

/// The wrapped data key, for a device that holds the private key.
#[wasm_bindgen(js_name = storeWrappedKey)]
pub fn store_wrapped_key(store: &[u8]) -> JsResult<Uint8Array> {
    Ok(Uint8Array::from(core::store_wrapped_key(store)?.as_slice()))
}

/// Writes a store: `StoreWriter.create(...)`, store `header` first, then
/// append what `putPage` returns, in order.
#[wasm_bindgen]
pub struct StoreWriter {
    inner: core::StoreWriter,
    header: Vec<u8>,
}

#[wasm_bindgen]
impl StoreWriter {
    /// A new store for a grant and resource, its data key wrapped for
    /// `recipient` (an SM2 or KEK `StoreKey`). `created`: Unix seconds.
    pub fn create(grant: &str, resource: &str, created: f64, recipient: &StoreKey) -> JsResult<StoreWriter> {
        let (inner, header) = core::StoreWriter::create(
            grant,
            resource,
            crate::sign::unix_seconds(created)?,
            &recipient.inner.recipient()?,
        )?;
        Ok(StoreWriter { inner, header })
    }

    /// Continues an intact store (truncate a torn one to `intact_len` first).
    pub fn resume(store: &[u8], key: &StoreKey) -> JsResult<StoreWriter> {
        Ok(StoreWriter { inner: core::StoreWriter::resume(store, &key.inner.unlock())?, header: Vec::new() })
    }

    /// The header line of a created store (empty after `resume`).
    #[wasm_bindgen(getter)]
    pub fn header(&self) -> Uint8Array {
        Uint8Array::from(self.header.as_slice())
    }

    /// The chain head so far (`sha256:<hex>`).
    #[wasm_bindgen(getter)]
    pub fn digest(&self) -> String {
        self.inner.digest()
    }

    /// Seals a page (cut into 64 KiB chunks) bound to its manifest digest;
    /// returns the lines to append.
    #[wasm_bindgen(js_name = putPage)]
    pub fn put_page(&mut self, page: f64, manifest_digest: &str, data: &[u8]) -> JsResult<Uint8Array> {
        Ok(Uint8Array::from(self.inner.put_page(u64_arg(page, "page")?, manifest_digest, data)?.as_slice()))
    }

    /// Starts a page streamed with `pushChunk`.
    #[wasm_bindgen(js_name = beginPage)]
    pub fn begin_page(&mut self, page: f64, manifest_digest: &str) -> JsResult<()> {
        Ok(self.inner.begin_page(u64_arg(page, "page")?, manifest_digest)?)
    }

    /// Seals the next chunk (at most 64 KiB); `last` ends the page.
    #[wasm_bindgen(js_name = pushChunk)]
    pub fn push_chunk(&mut self, data: &[u8], last: bool) -> JsResult<Uint8Array> {
        Ok(Uint8Array::from(self.inner.push_chunk(data, last)?.as_slice()))
    }
}

/// Reads a store with its key.
#[wasm_bindgen]
pub struct StoreReader {
    inner: core::StoreReader,
}

#[wasm_bindgen]
impl StoreReader {
    /// Verifies the store and unwraps its key (`store_key_destroyed`,
    /// `envelope_wrong_recipient`, `store_corrupt`, `tag_mismatch`).
    pub fn open(store: &[u8], key: &StoreKey) -> JsResult<StoreReader> {
        Ok(StoreReader { inner: core::StoreReader::open(store, &key.inner.unlock())? })
    }

    #[wasm_bindgen(getter)]
    pub fn summary(&self) -> JsResult<Ts<core::StoreSummary>> {
        to_js(&self.inner.summary())
    }

    /// A whole page, once every chunk's tag verified; an incomplete page
    /// is refused (`store_page_unavailable`).
    #[wasm_bindgen(js_name = readPage)]
    pub fn read_page(&self, page: f64) -> JsResult<Uint8Array> {
        Ok(Uint8Array::from(self.inner.read_page(u64_arg(page, "page")?)?.as_slice()))
    }
}

/// A disposed store: the bytes that replace it and the signed receipt
/// (append `receipt`'s event to the audit log: `disposalReceiptEvent`).
#[wasm_bindgen]
pub struct StoreDisposal {
    store: Vec<u8>,
    receipt: govshare_core::audit::DisposalReceipt,
}

#[wasm_bindgen]
impl StoreDisposal {
    #[wasm_bindgen(getter)]
    pub fn store(&self) -> Uint8Array {
        Uint8Array::from(self.store.as_slice())
    }

    #[wasm_bindgen(getter)]
    pub fn receipt(&self) -> JsResult<Ts<govshare_core::audit::DisposalReceipt>> {
        to_js(&self.receipt)
    }
}

/// Disposes of a store by deletion (crypto-shredding), as the grant
/// requires (Art. 27). Throws `disposal_method_mismatch` when the grant
/// names another method; `return` and `seal` go through `disposeStoreTo`.
#[wasm_bindgen(js_name = disposeStore)]
pub fn dispose_store(
    store: &[u8],
    grant: Ts<Grant>,
    request: Ts<core::DisposalRequest>,
    key: &StoreKey,
    log_head: &str,
    signing_key: &crate::sign::Key,
) -> JsResult<StoreDisposal> {
    dispose(store, grant, request, key, None, log_head, signing_key)
}

/// Disposes of a store by `return` or `seal` (Art. 27): re-encrypted for
/// `to`, the provider's or custodian's SM2 key. (A separate function: JS
/// keys are borrowed, and wasm-bindgen cannot borrow an optional one.)
#[wasm_bindgen(js_name = disposeStoreTo)]
pub fn dispose_store_to(
    store: &[u8],
    grant: Ts<Grant>,
    request: Ts<core::DisposalRequest>,
    key: &StoreKey,
    to: &crate::sign::Key,
    log_head: &str,
    signing_key: &crate::sign::Key,
) -> JsResult<StoreDisposal> {
    dispose(store, grant, request, key, Some(&to.inner), log_head, signing_key)
}

fn dispose(
    store: &[u8],
    grant: Ts<Grant>,
    request: Ts<core::DisposalRequest>,
    key: &StoreKey,
    to: Option<&govshare_core::sign::Key>,
    log_head: &str,
    signing_key: &crate::sign::Key,
) -> JsResult<StoreDisposal> {
    let d = core::dispose_store(
        store,
        &from_js(grant, "grant")?,
        &from_js(request, "request")?,
        &key.inner.unlock(),
        to,
        log_head,
        &signing_key.inner,
    )?;
    Ok(StoreDisposal { store: d.store, receipt: d.receipt })
}

/// Checks a disposal receipt's hash and signature; returns it.
#[wasm_bindgen(js_name = verifyDisposalReceipt)]
pub fn verify_disposal_receipt(
    receipt: &[u8],
    key: &crate::sign::Key,
) -> JsResult<Ts<govshare_core::audit::DisposalReceipt>> {
    to_js(&govshare_core::audit::verify_disposal_receipt(receipt, &key.inner)?)
}

/// The audit event recording a disposal (heading 销毁处置), to append.
#[wasm_bindgen(js_name = disposalReceiptEvent)]
pub fn disposal_receipt_event(
    receipt: Ts<govshare_core::audit::DisposalReceipt>,
) -> JsResult<Ts<govshare_core::audit::AuditEvent>> {
    to_js(&from_js(receipt, "receipt")?.event())
}
