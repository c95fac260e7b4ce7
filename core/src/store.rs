//! The sealed store (issue #13): received data kept encrypted at rest
//! (GB/T 39477-2020 6.1.4.2, GB/T 35273 §6.3) and disposed of as the
//! provider requires (Art. 27), in a documented byte format
//! (docs/store.md). Sans-IO: this module produces and consumes bytes; a
//! script appends them to a file, a portal to IndexedDB or OPFS.
//!
//! A store is JSON Lines. Line 0 is the header (grant, resource, the data
//! key wrapped for the department with SM2 or a KEK); every other line is a
//! chunk of a page (at most [`CHUNK_LEN`] bytes of plaintext), SM4-GCM under
//! the store's data key with associated data binding the grant, the
//! resource, the key id, the page index, the chunk index, whether it is the
//! page's last chunk and the page's verified manifest digest. Every line
//! carries `seq` and `prev` (SHA-256 of the previous line), so the whole
//! store's integrity — order, completeness, no line changed, inserted or
//! dropped — is checked without any key ([`verify_store`]).
//!
//! A process killed mid-write leaves at most a torn last line: it is never
//! read, [`StoreSummary::intact_len`] says where to cut it off, and a page
//! whose last chunk was not written is refused whole (`store_page_unavailable`):
//! no half page is ever readable.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::audit::DisposalReceipt;
use crate::crypto::envelope::{check_party, unwrap_data_key, wrap_data_key, WrapKey};
use crate::crypto::sm4::{sm4_decrypt, sm4_encrypt, sm4_random_iv, Sm4Key, Sm4Mode};
use crate::crypto::EnvelopeWrap;
use crate::encoding::{base64_decode_padded, base64_encode, hex};
use crate::request::entitlement::Grant;
use crate::request::lifecycle::DisposalMethod;
use crate::sign::Key;
use crate::Error;

/// The store format version this code writes and reads.
pub const STORE_VERSION: u32 = 1;
/// The largest plaintext chunk a page is cut into (64 KiB): a reader holds
/// one chunk, not one page, and a torn write loses at most one chunk.
pub const CHUNK_LEN: usize = 64 * 1024;
const CIPHER: &str = "sm4-gcm";
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
const AAD_PREFIX: &[u8] = b"govshare-store/1\n";
/// The longest line a reader accepts: a chunk's base64 and its members.
const MAX_LINE: usize = CHUNK_LEN / 3 * 4 + 4096;

/// The data key as the header keeps it, wrapped for the department.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeySlot {
    key_id: String,
    wrap: EnvelopeWrap,
    recipient: String,
    wrapped_key: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    seq: u64,
    prev: String,
    govshare_store: u32,
    grant: String,
    resource: String,
    cipher: String,
    created: i64,
    /// Absent once the store was disposed of by deletion (crypto-shredded).
    key: Option<KeySlot>,
    /// The disposal method, once disposed of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    disposed: Option<DisposalMethod>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Chunk {
    seq: u64,
    prev: String,
    page: u64,
    chunk: u32,
    last: bool,
    manifest_digest: String,
    iv: String,
    data: String,
}

/// The part of a chunk the GCM tag binds (with the header's grant, resource
/// and key id).
#[derive(Serialize)]
struct ChunkBinding<'a> {
    grant: &'a str,
    resource: &'a str,
    key_id: &'a str,
    page: u64,
    chunk: u32,
    last: bool,
    manifest_digest: &'a str,
}

/// The key id and wrap of a store's data key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct StoreKeyInfo {
    pub key_id: String,
    pub wrap: EnvelopeWrap,
    /// The SM2 key's JWK thumbprint, or the KEK id.
    pub recipient: String,
}

/// One page of a store, as its records say (nothing decrypted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct StorePage {
    pub page: u64,
    pub chunks: u32,
    pub manifest_digest: String,
    /// Its last chunk is present; an incomplete page is never read.
    pub complete: bool,
}

/// What [`verify_store`] found: the chain held over every complete line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct StoreSummary {
    pub version: u32,
    pub grant: String,
    pub resource: String,
    pub created: i64,
    /// `None` once disposed of by deletion.
    pub key: Option<StoreKeyInfo>,
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub disposed: Option<DisposalMethod>,
    pub pages: Vec<StorePage>,
    pub records: u64,
    /// `sha256:<hex>` of the last intact line: the digest receipts name.
    pub digest: String,
    /// A last line without its line end: a write cut short. It is never read.
    pub torn_tail: bool,
    /// The length of the intact prefix: truncate the store to it before
    /// appending again.
    pub intact_len: u64,
}

/// How to reach the data key: the department's SM2 private key, its KEK, or
/// the data key itself when a device unwrapped it (see [`StoreKeyInfo`] and
/// [`store_wrapped_key`]).
pub enum StoreUnlock<'a> {
    Sm2(&'a Key),
    Kek { kek: &'a [u8], kek_id: &'a str },
    DataKey(&'a [u8]),
}

impl std::fmt::Debug for StoreUnlock<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            StoreUnlock::Sm2(_) => "StoreUnlock::Sm2",
            StoreUnlock::Kek { .. } => "StoreUnlock::Kek",
            StoreUnlock::DataKey(_) => "StoreUnlock::DataKey",
        })
    }
}

/// Whom a new store's data key is wrapped for.
pub enum StoreRecipient<'a> {
    Sm2(&'a Key),
    Kek { kek: &'a [u8], kek_id: &'a str },
}

impl std::fmt::Debug for StoreRecipient<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            StoreRecipient::Sm2(_) => "StoreRecipient::Sm2",
            StoreRecipient::Kek { .. } => "StoreRecipient::Kek",
        })
    }
}

/// An owned key for a store, for the bindings and the CLI: the
/// department's SM2 key, its KEK, or a data key a device unwrapped.
#[derive(Debug)]
pub enum StoreKey {
    Sm2(Box<Key>),
    Kek { kek: Zeroizing<Vec<u8>>, kek_id: String },
    DataKey(Zeroizing<Vec<u8>>),
}

impl StoreKey {
    /// The department's SM2 key (copied: the binding object outlives the call).
    pub fn sm2(key: &Key) -> Result<StoreKey, Error> {
        Ok(StoreKey::Sm2(Box::new(key.duplicate()?)))
    }

    pub fn kek(kek: &[u8], kek_id: &str) -> StoreKey {
        StoreKey::Kek { kek: Zeroizing::new(kek.to_vec()), kek_id: kek_id.to_owned() }
    }

    pub fn data_key(data_key: &[u8]) -> StoreKey {
        StoreKey::DataKey(Zeroizing::new(data_key.to_vec()))
    }

    pub fn unlock(&self) -> StoreUnlock<'_> {
        match self {
            StoreKey::Sm2(k) => StoreUnlock::Sm2(k),
            StoreKey::Kek { kek, kek_id } => StoreUnlock::Kek { kek, kek_id },
            StoreKey::DataKey(k) => StoreUnlock::DataKey(k),
        }
    }

    /// As the recipient of a new store: an SM2 key or a KEK; a bare data
    /// key cannot be (`invalid_argument`).
    pub fn recipient(&self) -> Result<StoreRecipient<'_>, Error> {
        match self {
            StoreKey::Sm2(k) => Ok(StoreRecipient::Sm2(k)),
            StoreKey::Kek { kek, kek_id } => Ok(StoreRecipient::Kek { kek, kek_id }),
            StoreKey::DataKey(_) => Err(Error::InvalidArgument {
                name: "recipient".into(),
                detail: "a store's key is wrapped for an SM2 key or a KEK, not given bare".into(),
            }),
        }
    }
}

fn corrupt(record: u64, detail: impl Into<String>) -> Error {
    Error::StoreCorrupt { record, detail: detail.into() }
}

fn unavailable(page: u64, reason: &str) -> Error {
    Error::StorePageUnavailable { page, reason: reason.into() }
}

fn line_hash(line: &[u8]) -> String {
    hex(ring::digest::digest(&ring::digest::SHA256, line).as_ref())
}

fn check_digest(value: &str) -> Result<(), Error> {
    if crate::digest::is_tagged_digest(value) {
        return Ok(());
    }
    Err(Error::InvalidArgument {
        name: "manifest_digest".into(),
        detail: "expected sha256:<64 lowercase hex> or sm3:<64 lowercase hex>".into(),
    })
}

fn to_line<T: Serialize>(record: &T) -> Result<Vec<u8>, Error> {
    let mut line = serde_json::to_vec(record).map_err(|e| crate::error::json_error(&e))?;
    line.push(b'\n');
    Ok(line)
}

fn wrap_key(recipient: &StoreRecipient<'_>, data_key: &Sm4Key, key_id: String) -> Result<KeySlot, Error> {
    let to = match recipient {
        StoreRecipient::Sm2(key) => WrapKey::Sm2(key),
        StoreRecipient::Kek { kek, kek_id } => WrapKey::Kek { kek, kek_id },
    };
    let (wrap, recipient, wrapped) = wrap_data_key(&to, data_key)?;
    Ok(KeySlot { key_id, wrap, recipient, wrapped_key: base64_encode(&wrapped) })
}

fn unwrap_key(slot: &KeySlot, unlock: &StoreUnlock<'_>) -> Result<Sm4Key, Error> {
    let wrapped = base64_decode_padded(&slot.wrapped_key)
        .ok_or_else(|| corrupt(0, "wrapped_key is not canonical base64"))?;
    let with = match unlock {
        StoreUnlock::DataKey(raw) => return Sm4Key::from_bytes(raw),
        StoreUnlock::Sm2(key) => WrapKey::Sm2(key),
        StoreUnlock::Kek { kek, kek_id } => WrapKey::Kek { kek, kek_id },
    };
    unwrap_data_key(slot.wrap, &slot.recipient, &wrapped, &with)
}

/// A store read line by line, its chain checked.
struct Parsed {
    header: Header,
    chunks: Vec<Chunk>,
    head: String,
    torn_tail: bool,
    intact_len: u64,
}

fn parse(bytes: &[u8]) -> Result<Parsed, Error> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut torn_tail = false;
    while start < bytes.len() {
        match memchr::memchr(b'\n', &bytes[start..]) {
            Some(i) => {
                lines.push(&bytes[start..=start + i]);
                start += i + 1;
            }
            None => {
                torn_tail = true;
                break;
            }
        }
    }
    let intact_len = start as u64;
    let Some((first, rest)) = lines.split_first() else {
        return Err(corrupt(0, "no complete header line"));
    };
    let record = |seq: u64, line: &[u8]| -> Result<(), Error> {
        if line.len() > MAX_LINE {
            return Err(corrupt(seq, "a line is longer than any chunk record"));
        }
        Ok(())
    };
    record(0, first)?;
    let header: Header =
        serde_json::from_slice(first).map_err(|e| corrupt(0, format!("header: {}", detail(&e))))?;
    if header.govshare_store != STORE_VERSION {
        return Err(Error::UnsupportedFormat {
            found: format!("govshare store version {}", header.govshare_store),
            expected: "govshare store version 1".into(),
        });
    }
    if header.cipher != CIPHER {
        return Err(Error::UnsupportedFormat {
            found: "another store cipher".into(),
            expected: "sm4-gcm".into(),
        });
    }
    if header.seq != 0 || header.prev != GENESIS {
        return Err(corrupt(0, "the header must be record 0 with prev of 64 zeros"));
    }
    check_party("grant", &header.grant).map_err(|_| corrupt(0, "grant is empty or too long"))?;
    check_party("resource", &header.resource).map_err(|_| corrupt(0, "resource is empty or too long"))?;
    let mut head = line_hash(first);
    let mut chunks = Vec::with_capacity(rest.len());
    for (i, line) in rest.iter().enumerate() {
        let seq = i as u64 + 1;
        record(seq, line)?;
        let chunk: Chunk =
            serde_json::from_slice(line).map_err(|e| corrupt(seq, format!("chunk: {}", detail(&e))))?;
        if chunk.seq != seq {
            return Err(corrupt(seq, "seq out of order"));
        }
        if chunk.prev != head {
            return Err(corrupt(seq, "prev is not the hash of the line before"));
        }
        check_digest(&chunk.manifest_digest).map_err(|_| corrupt(seq, "manifest_digest malformed"))?;
        head = line_hash(line);
        chunks.push(chunk);
    }
    if header.key.is_none() && !chunks.is_empty() {
        return Err(corrupt(1, "a store without a key (disposed of by deletion) holds no chunks"));
    }
    Ok(Parsed { header, chunks, head, torn_tail, intact_len })
}

/// serde's message for a record, with any quoted input value removed.
fn detail(e: &serde_json::Error) -> String {
    crate::error::sanitize_serde_detail(&e.to_string())
}

/// The pages of a parsed store, checking chunk order: each page's chunks
/// are consecutive, numbered from 0, one manifest digest, nothing after the
/// last chunk, no page twice.
fn pages(parsed: &Parsed) -> Result<BTreeMap<u64, (StorePage, Vec<usize>)>, Error> {
    let mut pages: BTreeMap<u64, (StorePage, Vec<usize>)> = BTreeMap::new();
    let mut open: Option<u64> = None;
    for (i, c) in parsed.chunks.iter().enumerate() {
        let seq = i as u64 + 1;
        match pages.get_mut(&c.page) {
            None => {
                if c.chunk != 0 {
                    return Err(corrupt(seq, "a page starts with a chunk other than 0"));
                }
                if let Some(p) = open {
                    if !pages[&p].0.complete {
                        return Err(corrupt(seq, "a page begins before the one before it ended"));
                    }
                }
                let page = StorePage {
                    page: c.page,
                    chunks: 1,
                    manifest_digest: c.manifest_digest.clone(),
                    complete: c.last,
                };
                pages.insert(c.page, (page, vec![i]));
                open = Some(c.page);
            }
            Some((page, indices)) => {
                if open != Some(c.page) || page.complete {
                    return Err(corrupt(seq, "a page is written twice or after it ended"));
                }
                if c.chunk != page.chunks || c.manifest_digest != page.manifest_digest {
                    return Err(corrupt(seq, "chunks out of order or of another manifest"));
                }
                page.chunks += 1;
                page.complete = c.last;
                indices.push(i);
            }
        }
    }
    Ok(pages)
}

/// Checks a store's form and chain without any key: the header, every
/// line's `seq` and `prev`, each page's chunk order. A torn last line is
/// reported (`torn_tail`), not an error: it is what a killed writer leaves.
///
/// Errors: `store_corrupt` (the verdict: a changed, inserted, dropped or
/// reordered line; names the record, never its content),
/// `unsupported_format`.
pub fn verify_store(bytes: &[u8]) -> Result<StoreSummary, Error> {
    let parsed = parse(bytes)?;
    let pages = pages(&parsed)?;
    Ok(summary(&parsed, pages.into_values().map(|(p, _)| p).collect()))
}

fn summary(parsed: &Parsed, pages: Vec<StorePage>) -> StoreSummary {
    let h = &parsed.header;
    StoreSummary {
        version: h.govshare_store,
        grant: h.grant.clone(),
        resource: h.resource.clone(),
        created: h.created,
        key: h.key.as_ref().map(|k| StoreKeyInfo {
            key_id: k.key_id.clone(),
            wrap: k.wrap,
            recipient: k.recipient.clone(),
        }),
        disposed: h.disposed,
        pages,
        records: parsed.chunks.len() as u64 + 1,
        digest: format!("sha256:{}", parsed.head),
        torn_tail: parsed.torn_tail,
        intact_len: parsed.intact_len,
    }
}

/// The wrapped data key, for a device that holds the private key or KEK
/// (SM2 C1C3C2 with `04`, or nonce ‖ GCM ‖ tag bound to the KEK id); then
/// [`StoreUnlock::DataKey`].
pub fn store_wrapped_key(bytes: &[u8]) -> Result<Vec<u8>, Error> {
    let parsed = parse(bytes)?;
    let slot = parsed.header.key.as_ref().ok_or(Error::StoreKeyDestroyed)?;
    base64_decode_padded(&slot.wrapped_key).ok_or_else(|| corrupt(0, "wrapped_key is not canonical base64"))
}

fn chunk_aad(header: &Header, key_id: &str, c: &Chunk) -> Result<Vec<u8>, Error> {
    let binding = ChunkBinding {
        grant: &header.grant,
        resource: &header.resource,
        key_id,
        page: c.page,
        chunk: c.chunk,
        last: c.last,
        manifest_digest: &c.manifest_digest,
    };
    let json = serde_json::to_vec(&binding).map_err(|e| crate::error::json_error(&e))?;
    let mut aad = AAD_PREFIX.to_vec();
    aad.extend(crate::jcs::canonicalize(&json)?);
    Ok(aad)
}

/// A store opened with its data key.
pub struct StoreReader {
    parsed: Parsed,
    pages: BTreeMap<u64, (StorePage, Vec<usize>)>,
    key: Sm4Key,
}

impl std::fmt::Debug for StoreReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoreReader").field("pages", &self.pages.len()).finish_non_exhaustive()
    }
}

impl StoreReader {
    /// Checks the store as [`verify_store`] does and unwraps its data key.
    ///
    /// Errors: those of `verify_store`, `store_key_destroyed` (disposed of
    /// by deletion), `envelope_wrong_recipient` (another key or KEK),
    /// `decryption_failed` / `tag_mismatch` (the wrap does not open).
    pub fn open(bytes: &[u8], unlock: &StoreUnlock<'_>) -> Result<StoreReader, Error> {
        let parsed = parse(bytes)?;
        let pages = pages(&parsed)?;
        let slot = parsed.header.key.as_ref().ok_or(Error::StoreKeyDestroyed)?;
        let key = unwrap_key(slot, unlock)?;
        Ok(StoreReader { parsed, pages, key })
    }

    pub fn summary(&self) -> StoreSummary {
        summary(&self.parsed, self.pages.values().map(|(p, _)| p.clone()).collect())
    }

    /// A page's plaintext, chunk by chunk through `sink`: each chunk is
    /// handed over only once its tag verified, and an incomplete page is
    /// refused before any chunk is. A `tag_mismatch` on a later chunk
    /// ends the page: the caller must discard what the sink received.
    pub fn read_page_chunks(&self, page: u64, sink: &mut dyn FnMut(&[u8])) -> Result<StorePage, Error> {
        let (info, indices) = self.pages.get(&page).ok_or_else(|| unavailable(page, "not in the store"))?;
        if !info.complete {
            return Err(unavailable(page, "incomplete: its last chunk was never written"));
        }
        let key_id = self.parsed.header.key.as_ref().map(|k| k.key_id.as_str()).unwrap_or_default();
        for &i in indices {
            let c = &self.parsed.chunks[i];
            let seq = i as u64 + 1;
            let iv = base64_decode_padded(&c.iv).ok_or_else(|| corrupt(seq, "iv is not canonical base64"))?;
            let data =
                base64_decode_padded(&c.data).ok_or_else(|| corrupt(seq, "data is not canonical base64"))?;
            let aad = chunk_aad(&self.parsed.header, key_id, c)?;
            let plain = Zeroizing::new(sm4_decrypt(Sm4Mode::Gcm, self.key.as_bytes(), &iv, &data, &aad)?);
            sink(&plain);
        }
        Ok(info.clone())
    }

    /// A whole page's plaintext, returned only when every chunk verified.
    pub fn read_page(&self, page: u64) -> Result<Vec<u8>, Error> {
        let mut out = Vec::new();
        self.read_page_chunks(page, &mut |c| out.extend_from_slice(c))?;
        Ok(out)
    }
}

/// Writes a store: the header line on [`StoreWriter::create`], then the
/// lines of each page. Append each returned line in order.
pub struct StoreWriter {
    header: Header,
    key_id: String,
    key: Sm4Key,
    seq: u64,
    head: String,
    pages: std::collections::BTreeSet<u64>,
    open_page: Option<(u64, u32, String)>,
}

impl std::fmt::Debug for StoreWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoreWriter").field("seq", &self.seq).finish_non_exhaustive()
    }
}

impl StoreWriter {
    /// A new store for one grant and resource, its fresh data key wrapped
    /// for `recipient`. Returns the writer and the header line.
    pub fn create(
        grant: &str,
        resource: &str,
        created: i64,
        recipient: &StoreRecipient<'_>,
    ) -> Result<(StoreWriter, Vec<u8>), Error> {
        StoreWriter::create_disposed(grant, resource, created, recipient, None)
    }

    /// `create`, with the header saying how the store was disposed of (the
    /// store a return or seal writes for the provider or custodian).
    fn create_disposed(
        grant: &str,
        resource: &str,
        created: i64,
        recipient: &StoreRecipient<'_>,
        disposed: Option<DisposalMethod>,
    ) -> Result<(StoreWriter, Vec<u8>), Error> {
        check_party("grant", grant)?;
        check_party("resource", resource)?;
        let key = Sm4Key::generate()?;
        let mut id = [0u8; 16];
        crate::sign::keys::rng_fill(&mut id)?;
        let key_id = hex(&id);
        let slot = wrap_key(recipient, &key, key_id.clone())?;
        let header = Header {
            seq: 0,
            prev: GENESIS.into(),
            govshare_store: STORE_VERSION,
            grant: grant.into(),
            resource: resource.into(),
            cipher: CIPHER.into(),
            created,
            key: Some(slot),
            disposed,
        };
        let line = to_line(&header)?;
        let head = line_hash(&line);
        let writer =
            StoreWriter { header, key_id, key, seq: 1, head, pages: Default::default(), open_page: None };
        Ok((writer, line))
    }

    /// Continues a store: checks it whole and unwraps its key. A torn tail
    /// or a page left open is refused — cut the store to `intact_len`, and
    /// rewrite the open page under a new index.
    pub fn resume(bytes: &[u8], unlock: &StoreUnlock<'_>) -> Result<StoreWriter, Error> {
        let reader = StoreReader::open(bytes, unlock)?;
        if reader.parsed.torn_tail {
            return Err(corrupt(
                reader.parsed.chunks.len() as u64 + 1,
                "torn last line: truncate to intact_len first",
            ));
        }
        if reader.parsed.header.disposed.is_some() {
            return Err(Error::StoreKeyDestroyed);
        }
        let key_id = reader.parsed.header.key.as_ref().map(|k| k.key_id.clone()).unwrap_or_default();
        let pages: std::collections::BTreeSet<u64> = reader.pages.keys().copied().collect();
        Ok(StoreWriter {
            seq: reader.parsed.chunks.len() as u64 + 1,
            head: reader.parsed.head.clone(),
            header: reader.parsed.header,
            key_id,
            key: reader.key,
            pages,
            open_page: None,
        })
    }

    /// The chain head so far (`sha256:<hex>`).
    pub fn digest(&self) -> String {
        format!("sha256:{}", self.head)
    }

    /// Starts a page; its chunks follow with [`StoreWriter::push_chunk`].
    pub fn begin_page(&mut self, page: u64, manifest_digest: &str) -> Result<(), Error> {
        check_digest(manifest_digest)?;
        if self.open_page.is_some() {
            return Err(Error::InvalidArgument {
                name: "page".into(),
                detail: "the page before is not finished".into(),
            });
        }
        if self.pages.contains(&page) {
            return Err(unavailable(page, "written already: a page is sealed once"));
        }
        self.pages.insert(page);
        self.open_page = Some((page, 0, manifest_digest.to_owned()));
        Ok(())
    }

    /// Seals the next chunk of the open page (at most [`CHUNK_LEN`] bytes);
    /// `last` ends the page. Returns the line to append.
    pub fn push_chunk(&mut self, data: &[u8], last: bool) -> Result<Vec<u8>, Error> {
        if data.len() > CHUNK_LEN {
            return Err(Error::InvalidArgument {
                name: "chunk".into(),
                detail: format!("at most {CHUNK_LEN} bytes a chunk"),
            });
        }
        let (page, index, digest) = self
            .open_page
            .clone()
            .ok_or_else(|| Error::InvalidArgument { name: "page".into(), detail: "no page begun".into() })?;
        let iv = sm4_random_iv(Sm4Mode::Gcm)?;
        let mut chunk = Chunk {
            seq: self.seq,
            prev: self.head.clone(),
            page,
            chunk: index,
            last,
            manifest_digest: digest.clone(),
            iv: base64_encode(&iv),
            data: String::new(),
        };
        let aad = chunk_aad(&self.header, &self.key_id, &chunk)?;
        chunk.data = base64_encode(&sm4_encrypt(Sm4Mode::Gcm, self.key.as_bytes(), &iv, data, &aad)?);
        let line = to_line(&chunk)?;
        self.head = line_hash(&line);
        self.seq += 1;
        self.open_page = if last { None } else { Some((page, index + 1, digest)) };
        Ok(line)
    }

    /// Seals a whole page, cut into chunks; returns its lines.
    pub fn put_page(&mut self, page: u64, manifest_digest: &str, data: &[u8]) -> Result<Vec<u8>, Error> {
        self.begin_page(page, manifest_digest)?;
        let mut out = Vec::with_capacity(data.len() / 3 * 4 + 512);
        let count = data.len().div_ceil(CHUNK_LEN).max(1);
        for i in 0..count {
            let part = &data[(i * CHUNK_LEN).min(data.len())..((i + 1) * CHUNK_LEN).min(data.len())];
            out.extend(self.push_chunk(part, i + 1 == count)?);
        }
        Ok(out)
    }
}

/// What the disposal is: the method, when and by whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct DisposalRequest {
    pub method: DisposalMethod,
    /// RFC 3339, given by the caller.
    pub disposed_at: String,
    /// The department disposing (统一社会信用代码, or a system name).
    pub actor: String,
}

/// A disposed store: the bytes that replace it, and the signed receipt to
/// record (its [`DisposalReceipt::event`] goes into the audit log).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct StoreDisposal {
    /// Delete: the header alone, without its key; return / seal: the data
    /// re-encrypted under a fresh key for the provider or custodian.
    pub store: Vec<u8>,
    pub receipt: DisposalReceipt,
}

/// Disposes of a store as the grant requires (Art. 27 ¶1):
/// - `delete`: crypto-shredding — the result is the header without its
///   wrapped key and without a chunk; the data key cannot be recovered from
///   it (copies the caller made elsewhere are the caller's to destroy);
/// - `return`: every page re-encrypted under a fresh data key wrapped for
///   the provider's SM2 key (`to`);
/// - `seal`: the same for a custodian's SM2 key (`to`).
///
/// The store must be intact and whole (no torn tail, no open page) and
/// belong to the grant. The receipt binds the old store's digest, its key
/// id, the new store's digest and recipient, and `log_head`.
///
/// Errors: `disposal_method_mismatch` (the grant names another method, or
/// none), `invalid_argument` (`other`, which govshare cannot perform; a
/// missing or superfluous `to`; a store of another grant), those of
/// [`StoreReader::open`].
pub fn dispose_store(
    bytes: &[u8],
    grant: &Grant,
    request: &DisposalRequest,
    unlock: &StoreUnlock<'_>,
    to: Option<&Key>,
    log_head: &str,
    signing_key: &Key,
) -> Result<StoreDisposal, Error> {
    match grant.disposal_method {
        Some(required) if required == request.method => {}
        required => {
            return Err(Error::DisposalMethodMismatch {
                required: required.map_or("none", DisposalMethod::as_str).into(),
                requested: request.method.as_str().into(),
            })
        }
    }
    if request.method == DisposalMethod::Other {
        return Err(Error::InvalidArgument {
            name: "method".into(),
            detail: "govshare performs delete, return and seal; record another method by hand".into(),
        });
    }
    let parsed = parse(bytes)?;
    let pages = pages(&parsed)?;
    if parsed.torn_tail || pages.values().any(|(p, _)| !p.complete) {
        return Err(corrupt(
            parsed.chunks.len() as u64,
            "a torn tail or an unfinished page: repair the store first",
        ));
    }
    if parsed.header.grant != grant.application_id || parsed.header.resource != grant.resource_code {
        return Err(Error::InvalidArgument {
            name: "grant".into(),
            detail: "the store belongs to another grant or resource".into(),
        });
    }
    let slot = parsed.header.key.clone().ok_or(Error::StoreKeyDestroyed)?;
    let store_digest = format!("sha256:{}", parsed.head);
    let (store, new_store_digest, recipient) = match (request.method, to) {
        (DisposalMethod::Delete, None) => {
            // Unlock first: only the key holder may shred.
            unwrap_key(&slot, unlock)?;
            let mut header = parsed.header.clone();
            header.key = None;
            header.disposed = Some(DisposalMethod::Delete);
            (to_line(&header)?, None, None)
        }
        (DisposalMethod::Return | DisposalMethod::Seal, Some(target)) => {
            let reader = StoreReader { key: unwrap_key(&slot, unlock)?, parsed, pages };
            let (mut writer, mut out) = StoreWriter::create_disposed(
                &reader.parsed.header.grant,
                &reader.parsed.header.resource,
                reader.parsed.header.created,
                &StoreRecipient::Sm2(target),
                Some(request.method),
            )?;
            for (page, (info, _)) in &reader.pages {
                let plain = Zeroizing::new(reader.read_page(*page)?);
                out.extend(writer.put_page(*page, &info.manifest_digest, &plain)?);
            }
            (out, Some(writer.digest()), Some(target.thumbprint()))
        }
        (DisposalMethod::Delete, Some(_)) => {
            return Err(Error::InvalidArgument {
                name: "to".into(),
                detail: "delete sends the data to no one".into(),
            })
        }
        _ => {
            return Err(Error::InvalidArgument {
                name: "to".into(),
                detail: "return and seal need the provider's or custodian's SM2 key".into(),
            })
        }
    };
    let receipt = DisposalReceipt {
        version: 1,
        application_id: grant.application_id.clone(),
        resource: grant.resource_code.clone(),
        method: request.method,
        store_digest,
        key_id: slot.key_id,
        new_store_digest,
        recipient,
        disposed_at: request.disposed_at.clone(),
        actor: request.actor.clone(),
        log_head: log_head.to_owned(),
        hash: String::new(),
        sig: crate::audit::AuditSignature { alg: String::new(), key_id: String::new(), value: String::new() },
    };
    let receipt = crate::audit::sign_disposal_receipt(receipt, signing_key)?;
    Ok(StoreDisposal { store, receipt })
}
