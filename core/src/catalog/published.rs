//! The published catalog index: the snapshot's arrays cut into named
//! sections, each hashed per fixed-size block, described by a manifest the
//! platform signs (issue #14, step 4; decree Art. 12 and 16: one national
//! catalog, published by the platform).
//!
//! A portal pins the platform's public key. [`PublishedIndexLoader`] checks
//! the signature over the manifest's exact bytes before reading anything in
//! it, then the block lists against the manifest's roots, then takes the
//! sections in manifest order, checking each block against its digest
//! before decoding its arrays into place (nothing unverified is parsed, and
//! no second copy of the index is held). Nothing is returned until every
//! block and the whole catalog's structure have been checked.
//!
//! Files written by [`Catalog::publish`]:
//!
//! ```text
//! manifest.json    the manifest, RFC 8785 canonical JSON (the signed bytes)
//! manifest.sig     base64 signature over manifest.json
//! <section>.bin    the section: snapshot arrays (u64 count, elements LE)
//! <section>.blocks the section's block digests, 32 bytes each, in order;
//!                  the manifest's `root` is the digest of this file
//! ```

use serde::{Deserialize, Serialize};

use super::engine::Catalog;
use super::load::{earlier_failure, unless_failed};
use super::model::{CatalogInfo, FORMAT_VERSION, MIN_FORMAT_VERSION};
use super::snapshot::{assemble, ArrayDecoder, LAYOUT, SNAPSHOT_VERSION};
use crate::encoding::{base64_decode, base64_encode, hex};
use crate::sign::{Key, PinnedKey};
use crate::{Error, Result};

/// The manifest's `format`.
pub const INDEX_FORMAT: &str = "govshare-catalog-index";
/// The block size [`Catalog::publish`] uses unless told otherwise.
pub const DEFAULT_BLOCK_SIZE: u32 = 64 * 1024;
/// Smallest and largest block sizes a manifest may name.
pub const MIN_BLOCK_SIZE: u32 = 4 * 1024;
pub const MAX_BLOCK_SIZE: u32 = 16 * 1024 * 1024;
/// The manifest file's largest accepted size (it lists five sections).
pub const MAX_MANIFEST_BYTES: usize = 64 * 1024;

/// The sections, in order: a name and the first array of [`LAYOUT`] each
/// holds (a section runs to the next one's first array). Texts and items
/// are apart from the index so that a lazy reader can fetch only what a
/// query needs.
/// The first array of each published section, then the number of arrays:
/// for tools outside the crate (the fuzz targets), as [`LAYOUT_WIDTHS`].
#[doc(hidden)]
pub const SECTION_FIRST_ARRAY: [usize; SECTIONS.len() + 1] = {
    let mut first = [LAYOUT.len(); SECTIONS.len() + 1];
    let mut i = 0;
    while i < SECTIONS.len() {
        first[i] = SECTIONS[i].1;
        i += 1;
    }
    first
};

const SECTIONS: [(&str, usize); 5] =
    [("meta", 0), ("texts", 2), ("resources", 6), ("items", 33), ("index", 43)];

fn section_arrays(i: usize) -> std::ops::Range<usize> {
    let start = SECTIONS.get(i).map_or(LAYOUT.len(), |s| s.1);
    let end = SECTIONS.get(i + 1).map_or(LAYOUT.len(), |s| s.1);
    start..end
}

/// The digest of blocks and block lists, named in the manifest (never guessed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum IndexHash {
    /// SHA-256 (FIPS 180-4).
    Sha256,
    /// SM3 (GB/T 32905-2016).
    Sm3,
}

impl IndexHash {
    pub(crate) fn name(self) -> &'static str {
        match self {
            IndexHash::Sha256 => "sha256",
            IndexHash::Sm3 => "sm3",
        }
    }
}

/// A running digest of either kind.
enum Digest {
    Sha256(ring::digest::Context),
    Sm3(sm3::Sm3),
}

impl Digest {
    fn new(kind: IndexHash) -> Self {
        match kind {
            IndexHash::Sha256 => Digest::Sha256(ring::digest::Context::new(&ring::digest::SHA256)),
            IndexHash::Sm3 => Digest::Sm3(sm3::Sm3::default()),
        }
    }
    fn update(&mut self, bytes: &[u8]) {
        match self {
            Digest::Sha256(c) => c.update(bytes),
            Digest::Sm3(c) => sm3::Digest::update(c, bytes),
        }
    }
    fn finish(self) -> [u8; 32] {
        let mut out = [0u8; 32];
        match self {
            Digest::Sha256(c) => out.copy_from_slice(c.finish().as_ref()),
            Digest::Sm3(c) => out.copy_from_slice(&sm3::Digest::finalize(c)),
        }
        out
    }
}

// The manifest's structs declare their members in code-point order and
// hold only strings and integers, so serde_json writes them exactly as
// RFC 8785 canonical JSON: the reader checks canonical form by writing the
// parsed manifest back, without carrying a JCS implementation (a test
// checks the two agree).

/// Who signed the manifest: the algorithm and key id the pinned key must have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct IndexSigner {
    pub alg: String,
    pub keyid: String,
}

/// The catalog an index holds (its `CatalogInfo`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct IndexCatalog {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub published: Option<String>,
    pub version: u64,
}

impl IndexCatalog {
    pub(crate) fn of(info: &CatalogInfo) -> Self {
        IndexCatalog {
            id: info.id.clone(),
            name: info.name.clone(),
            published: info.published.clone(),
            version: info.version,
        }
    }
}

/// Where one array of a section starts: a lazy reader finds any element
/// from the manifest alone, without reading the arrays before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct IndexArray {
    /// Elements in the array (its `u64` count header says the same).
    pub count: u64,
    /// Byte offset of its count header within the section.
    pub offset: u64,
}

/// One section of a published index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct IndexSection {
    /// The section's arrays in layout order (docs/catalog-format.md §8.1).
    pub arrays: Vec<IndexArray>,
    /// `<name>.blocks`: the block digests, 32 bytes each.
    pub block_file: String,
    /// Blocks of `block_size` (the last may be shorter).
    pub blocks: u64,
    /// `<name>.bin`, relative to the manifest.
    pub file: String,
    /// Bytes in the section.
    pub length: u64,
    /// `meta`, `texts`, `resources`, `items` or `index`, in this order.
    pub name: String,
    /// Lowercase hex digest of the block file, i.e. of the block digests in order.
    pub root: String,
}

/// The signed description of a published index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct IndexManifest {
    pub block_size: u32,
    pub catalog: IndexCatalog,
    /// Always [`INDEX_FORMAT`].
    pub format: String,
    /// The catalog format version the index holds (docs/catalog-format.md §1.1).
    pub format_version: u32,
    pub hash: IndexHash,
    /// The array layout ([`SNAPSHOT_VERSION`]).
    pub layout: u32,
    pub resources: u64,
    pub sections: Vec<IndexSection>,
    pub signer: IndexSigner,
}

/// What the reader expects of the index, beyond the platform's signature.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct IndexExpectation {
    /// The catalog id the portal asked for; another id is refused.
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub catalog_id: Option<String>,
    /// The version the portal already has: an older index is refused (a
    /// replay of a superseded catalog).
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub min_version: Option<u64>,
}

/// Options of [`Catalog::publish`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct PublishOptions {
    pub block_size: u32,
    pub hash: IndexHash,
}

impl Default for PublishOptions {
    fn default() -> Self {
        PublishOptions { block_size: DEFAULT_BLOCK_SIZE, hash: IndexHash::Sha256 }
    }
}

/// A published index in memory: write each of [`Self::files`] under its name.
#[derive(Debug, Clone)]
pub struct PublishedIndex {
    /// The manifest's canonical JSON bytes (`manifest.json`, the signed bytes).
    pub manifest: Vec<u8>,
    /// Base64 signature over `manifest` (`manifest.sig`).
    pub signature: String,
    payload: Vec<u8>,
    /// Per section: its payload range and its block digests.
    sections: Vec<(std::ops::Range<usize>, Vec<u8>)>,
    parsed: IndexManifest,
}

impl PublishedIndex {
    /// The parsed manifest.
    pub fn manifest(&self) -> &IndexManifest {
        &self.parsed
    }

    /// Every file of the index, as (file name, bytes): `manifest.json`,
    /// `manifest.sig`, then each section's `.bin` and `.blocks`.
    pub fn files(&self) -> Vec<(String, &[u8])> {
        let mut out = vec![
            ("manifest.json".to_owned(), self.manifest.as_slice()),
            ("manifest.sig".to_owned(), self.signature.as_bytes()),
        ];
        for (section, (range, digests)) in self.parsed.sections.iter().zip(&self.sections) {
            out.push((section.file.clone(), self.payload.get(range.clone()).unwrap_or(&[])));
            out.push((section.block_file.clone(), digests.as_slice()));
        }
        out
    }
}

fn manifest_invalid(detail: impl Into<String>) -> Error {
    Error::IndexManifestInvalid { detail: detail.into() }
}

pub(crate) fn section_mismatch(section: &str, detail: impl Into<String>) -> Error {
    Error::IndexSectionMismatch { section: section.into(), detail: detail.into() }
}

/// The digest of one block: what a block list holds, and what every
/// reader recomputes.
fn block_digest(hash: IndexHash, block: &[u8]) -> [u8; 32] {
    let mut digest = Digest::new(hash);
    digest.update(block);
    digest.finish()
}

/// The error for block `index` of `section` not matching its digest.
fn block_mismatch(hash: IndexHash, section: &str, index: usize) -> Error {
    section_mismatch(section, format!("block {index} does not match its {} digest", hash.name()))
}

/// The block digests of `bytes` and the digest of their concatenation.
fn block_digests(kind: IndexHash, bytes: &[u8], block_size: usize) -> (Vec<u8>, [u8; 32]) {
    let mut list = Vec::with_capacity(bytes.len().div_ceil(block_size) * 32);
    for block in bytes.chunks(block_size) {
        list.extend_from_slice(&block_digest(kind, block));
    }
    let mut root = Digest::new(kind);
    root.update(&list);
    (list, root.finish())
}

impl Catalog {
    /// The catalog as a published index signed with the platform's `key`.
    /// The key is Ed25519 or SM2: what a portal's catalog module verifies.
    pub fn publish(&self, key: &Key, options: &PublishOptions) -> Result<PublishedIndex> {
        PinnedKey::from_key(key)?;
        if !(MIN_BLOCK_SIZE..=MAX_BLOCK_SIZE).contains(&options.block_size) {
            return Err(Error::InvalidArgument {
                name: "block_size".into(),
                detail: format!("must be between {MIN_BLOCK_SIZE} and {MAX_BLOCK_SIZE} bytes"),
            });
        }
        let (payload, starts) = self.snapshot_payload();
        let block_size = options.block_size as usize;
        let mut sections = Vec::with_capacity(SECTIONS.len());
        let mut described = Vec::with_capacity(SECTIONS.len());
        for (i, (name, _)) in SECTIONS.iter().enumerate() {
            let arrays = section_arrays(i);
            let start = starts.get(arrays.start).copied().unwrap_or(payload.len());
            let end = starts.get(arrays.end).copied().unwrap_or(payload.len());
            let bytes = payload.get(start..end).unwrap_or(&[]);
            let (list, root) = block_digests(options.hash, bytes, block_size);
            let directory = arrays
                .map(|k| {
                    let at = starts.get(k).copied().unwrap_or(end);
                    let count =
                        payload.get(at..at + 8).and_then(|b| b.try_into().ok()).map_or(0, u64::from_le_bytes);
                    IndexArray { count, offset: (at - start) as u64 }
                })
                .collect();
            described.push(IndexSection {
                arrays: directory,
                name: (*name).to_owned(),
                file: format!("{name}.bin"),
                length: bytes.len() as u64,
                blocks: bytes.len().div_ceil(block_size) as u64,
                block_file: format!("{name}.blocks"),
                root: hex(&root),
            });
            sections.push((start..end, list));
        }
        let parsed = IndexManifest {
            format: INDEX_FORMAT.into(),
            format_version: self.source_version,
            layout: SNAPSHOT_VERSION,
            catalog: IndexCatalog::of(&self.info),
            resources: self.store.len() as u64,
            hash: options.hash,
            block_size: options.block_size,
            sections: described,
            signer: IndexSigner { alg: key.algorithm().name().into(), keyid: key.key_id().into() },
        };
        let manifest = serde_json::to_vec(&parsed).map_err(|_| manifest_invalid("could not be written"))?;
        let signature = base64_encode(&key.sign(&manifest)?);
        Ok(PublishedIndex { manifest, signature, payload, sections, parsed })
    }
}

/// Checks the manifest's signature with the pinned platform key, then its
/// contents; the parsed manifest of a genuine, well-formed index.
pub fn verify_index_manifest(
    manifest: &[u8],
    signature: &str,
    platform_key: &PinnedKey,
    expect: &IndexExpectation,
) -> Result<IndexManifest> {
    if manifest.len() > MAX_MANIFEST_BYTES {
        return Err(Error::LimitExceeded {
            what: "index manifest (bytes)".into(),
            limit: MAX_MANIFEST_BYTES as u64,
            location: crate::Location::default(),
        });
    }
    // The signature first: nothing in an unsigned manifest is read.
    let sig = base64_decode(signature.trim_end_matches(['\n', '\r']))
        .ok_or_else(|| Error::SignatureInvalid { detail: "the signature is not valid base64".into() })?;
    platform_key.verify(manifest, &sig)?;
    let m: IndexManifest =
        serde_json::from_slice(manifest).map_err(|e| manifest_invalid(json_error_detail(&e)))?;
    // Signed bytes must be the canonical form (RFC 8785): one spelling per
    // manifest, no duplicate or reordered members, no whitespace.
    if serde_json::to_vec(&m).ok().as_deref() != Some(manifest) {
        return Err(manifest_invalid("not in canonical form (RFC 8785)"));
    }
    check_manifest(&m, platform_key)?;
    if let Some(id) = &expect.catalog_id {
        if &m.catalog.id != id {
            return Err(Error::IndexCatalogMismatch { detail: "the index is of another catalog".into() });
        }
    }
    if let Some(min) = expect.min_version {
        if m.catalog.version < min {
            return Err(Error::IndexCatalogMismatch {
                detail: "the index is of an older catalog version than the reader has".into(),
            });
        }
    }
    Ok(m)
}

/// A detail without the input's values (serde's messages may quote them).
fn json_error_detail(e: &serde_json::Error) -> &'static str {
    match e.classify() {
        serde_json::error::Category::Data => "a member is missing, unknown or of the wrong type",
        _ => "not valid JSON",
    }
}

fn check_manifest(m: &IndexManifest, key: &PinnedKey) -> Result<()> {
    if m.format != INDEX_FORMAT {
        return Err(manifest_invalid("not a govshare catalog index"));
    }
    if m.layout != SNAPSHOT_VERSION {
        return Err(Error::SnapshotVersion { found: m.layout, supported: SNAPSHOT_VERSION });
    }
    if !(MIN_FORMAT_VERSION..=FORMAT_VERSION).contains(&m.format_version) {
        return Err(Error::UnsupportedFormat {
            found: format!("catalog format version {}", m.format_version),
            expected: format!("{MIN_FORMAT_VERSION} to {FORMAT_VERSION}"),
        });
    }
    if m.signer.alg != key.algorithm().name() || (!key.key_id().is_empty() && m.signer.keyid != key.key_id())
    {
        return Err(Error::IndexCatalogMismatch { detail: "the manifest names another signing key".into() });
    }
    if !(MIN_BLOCK_SIZE..=MAX_BLOCK_SIZE).contains(&m.block_size) {
        return Err(manifest_invalid("block size out of range"));
    }
    if m.sections.len() != SECTIONS.len() {
        return Err(manifest_invalid("wrong number of sections"));
    }
    for (s, (name, _)) in m.sections.iter().zip(SECTIONS) {
        // File names are fixed: a manifest cannot point a reader elsewhere.
        if s.name != name || s.file != format!("{name}.bin") || s.block_file != format!("{name}.blocks") {
            return Err(manifest_invalid("unexpected section or file name"));
        }
        if s.blocks != s.length.div_ceil(u64::from(m.block_size)) {
            return Err(manifest_invalid("block count does not match the length"));
        }
        if s.root.len() != 64 || !s.root.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
            return Err(manifest_invalid("root is not a lowercase hex digest"));
        }
    }
    check_directory(m)
}

/// The array directory must tile each section exactly: one entry per
/// layout array, each starting where the one before ends, the last ending
/// with the section. (Loaders also check each count against its header.)
fn check_directory(m: &IndexManifest) -> Result<()> {
    for (i, s) in m.sections.iter().enumerate() {
        let layout = section_arrays(i);
        if s.arrays.len() != layout.len() {
            return Err(manifest_invalid("the array directory does not match the layout"));
        }
        let mut at = 0u64;
        for (entry, k) in s.arrays.iter().zip(layout) {
            let width = LAYOUT.get(k).map_or(1, |(_, w)| w.bytes() as u64);
            let end =
                entry.count.checked_mul(width).and_then(|b| b.checked_add(8)).and_then(|b| b.checked_add(at));
            match end {
                Some(end) if entry.offset == at => at = end,
                _ => return Err(manifest_invalid("the array directory does not tile its section")),
            }
        }
        if at != s.length {
            return Err(manifest_invalid("the array directory does not tile its section"));
        }
    }
    Ok(())
}

/// Per layout array: its section, the byte offset of its first element in
/// that section, and its count, from a checked manifest.
pub(crate) fn array_directory(m: &IndexManifest) -> Vec<(usize, u64, u64)> {
    let mut out = Vec::with_capacity(LAYOUT.len());
    for (i, s) in m.sections.iter().enumerate() {
        for a in &s.arrays {
            out.push((i, a.offset + 8, a.count));
        }
    }
    out
}

/// Loads a published index: the manifest is checked on creation; then every
/// section's block list (`.blocks`, checked against the manifest's root) is
/// added, then the sections' bytes are pushed in manifest order (each file
/// whole or in chunks of any size; [`Self::sections`] lists them), then
/// [`Self::finish`]. Each block is checked against its digest **before** its
/// bytes reach the decoder, so nothing unverified is parsed or allocated
/// for, and a bad byte is refused at the end of its block. After an error
/// the loader refuses further input.
pub struct PublishedIndexLoader {
    manifest: IndexManifest,
    decoder: ArrayDecoder,
    /// Per section, its verified block digests, once added.
    lists: Vec<Option<Vec<[u8; 32]>>>,
    /// The section being read, its bytes read, and the block being read
    /// (its index in the section and the bytes of it not yet verified).
    section: usize,
    in_section: u64,
    block: usize,
    pending: Vec<u8>,
    failed: bool,
}

impl std::fmt::Debug for PublishedIndexLoader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PublishedIndexLoader")
            .field("catalog", &self.manifest.catalog.id)
            .field("section", &self.section)
            .field("in_section", &self.in_section)
            .finish()
    }
}

impl PublishedIndexLoader {
    /// Verifies `manifest` (its exact bytes) against `signature` with the
    /// pinned `platform_key` and `expect`ations.
    pub fn new(
        manifest: &[u8],
        signature: &str,
        platform_key: &PinnedKey,
        expect: &IndexExpectation,
    ) -> Result<Self> {
        let manifest = verify_index_manifest(manifest, signature, platform_key, expect)?;
        let total = manifest.sections.iter().try_fold(0u64, |t, s| t.checked_add(s.length));
        let total = total.ok_or_else(|| manifest_invalid("section lengths overflow"))?;
        let block_size = manifest.block_size as usize;
        Ok(PublishedIndexLoader {
            lists: vec![None; manifest.sections.len()],
            manifest,
            decoder: ArrayDecoder::new(total)?,
            section: 0,
            in_section: 0,
            block: 0,
            pending: Vec::with_capacity(block_size),
            failed: false,
        })
    }

    /// The verified manifest.
    pub fn manifest(&self) -> &IndexManifest {
        &self.manifest
    }

    /// The sections to push, in order.
    pub fn sections(&self) -> &[IndexSection] {
        &self.manifest.sections
    }

    /// Bytes pushed so far, and bytes in all sections.
    pub fn progress(&self) -> (u64, u64) {
        let done: u64 = self.manifest.sections.iter().take(self.section).map(|s| s.length).sum();
        let total = self.manifest.sections.iter().map(|s| s.length).sum();
        (done + self.in_section, total)
    }

    /// Adds a section's `.blocks` file, checked against the manifest's root;
    /// every section's list is needed before its bytes. Twice is refused.
    pub fn add_block_list(&mut self, section: &str, bytes: &[u8]) -> Result<()> {
        unless_failed(self, |l| &mut l.failed, |l| l.add_block_list_inner(section, bytes))
    }

    fn add_block_list_inner(&mut self, section: &str, bytes: &[u8]) -> Result<()> {
        add_block_list(&self.manifest, &mut self.lists, section, bytes)
    }

    /// Feeds the next bytes of the sections, concatenated in manifest order.
    pub fn push(&mut self, chunk: &[u8]) -> Result<()> {
        unless_failed(self, |l| &mut l.failed, |l| l.push_inner(chunk))
    }

    fn push_inner(&mut self, mut chunk: &[u8]) -> Result<()> {
        let block_size = self.manifest.block_size as usize;
        loop {
            self.end_empty_sections()?;
            if chunk.is_empty() {
                return Ok(());
            }
            let Some(section) = self.manifest.sections.get(self.section) else {
                return Err(section_mismatch("index", "more bytes than the sections hold"));
            };
            if self.lists.get(self.section).is_none_or(Option::is_none) {
                return Err(list_missing());
            }
            let left_in_section = usize::try_from(section.length - self.in_section).unwrap_or(usize::MAX);
            let left_in_block =
                block_size.min(left_in_section.saturating_add(self.pending.len())) - self.pending.len();
            if self.pending.is_empty() && left_in_section >= 4 * block_size && chunk.len() >= 4 * block_size {
                // Four whole blocks within the chunk: hashed side by side
                // (four lanes where that is faster), all checked before any
                // is decoded.
                let (four, rest) = chunk.split_at(4 * block_size);
                chunk = rest;
                self.verified_blocks4(four, block_size)?;
                continue;
            }
            let take = chunk.len().min(left_in_block);
            let (piece, rest) = chunk.split_at(take);
            chunk = rest;
            self.in_section += take as u64;
            if self.pending.is_empty() && take == left_in_block {
                // A whole block within the chunk: verified in place.
                self.verified_block(piece)?;
            } else {
                self.pending.extend_from_slice(piece);
                if take == left_in_block {
                    let block = std::mem::take(&mut self.pending);
                    let r = self.verified_block(&block);
                    self.pending = block;
                    self.pending.clear();
                    r?;
                }
            }
        }
    }

    /// The current section's name and block list.
    fn section_and_list(&self) -> Result<(&str, &[[u8; 32]])> {
        let Some(section) = self.manifest.sections.get(self.section) else {
            return Err(section_mismatch("index", "more bytes than the sections hold"));
        };
        let list =
            self.lists.get(self.section).and_then(Option::as_ref).ok_or_else(|| Error::InvalidArgument {
                name: "section".into(),
                detail: "add the section's block list before its bytes".into(),
            })?;
        Ok((&section.name, list))
    }

    /// Checks one complete block against its digest, then decodes it; ends
    /// the section after its last block.
    fn verified_block(&mut self, bytes: &[u8]) -> Result<()> {
        let (name, list) = self.section_and_list()?;
        check_block(self.manifest.hash, list, name, self.block, bytes)?;
        self.decode_block(bytes)
    }

    /// Four whole blocks of the current section: all four
    /// checked against their digests, then decoded in order.
    fn verified_blocks4(&mut self, four: &[u8], block_size: usize) -> Result<()> {
        let mut blocks = four.chunks_exact(block_size);
        let blocks: [&[u8]; 4] = [(); 4].map(|()| blocks.next().unwrap_or(&[]));
        let (name, list) = self.section_and_list()?;
        check_blocks(self.manifest.hash, list, name, self.block, &blocks)?;
        for block in blocks {
            self.in_section += block.len() as u64;
            self.decode_block(block)?;
        }
        Ok(())
    }

    /// Decodes one verified block; ends the section after its last block.
    fn decode_block(&mut self, bytes: &[u8]) -> Result<()> {
        let Some(section) = self.manifest.sections.get(self.section) else {
            return Err(section_mismatch("index", "more bytes than the sections hold"));
        };
        self.decoder.push(bytes).map_err(|e| match e {
            Error::SnapshotInvalid { detail } => section_mismatch(&section.name, detail),
            other => other,
        })?;
        self.block += 1;
        if self.in_section == section.length {
            self.end_section()?;
        }
        Ok(())
    }

    /// Ends the sections of no bytes that come next (they have no block).
    fn end_empty_sections(&mut self) -> Result<()> {
        while self.manifest.sections.get(self.section).is_some_and(|s| s.length == 0) {
            self.end_section()?;
        }
        Ok(())
    }

    fn end_section(&mut self) -> Result<()> {
        let Some(section) = self.manifest.sections.get(self.section) else {
            return Ok(());
        };
        if !self.decoder.at_boundary() || self.decoder.arrays_done() != section_arrays(self.section).end {
            return Err(section_mismatch(&section.name, "its arrays do not end with the section"));
        }
        self.section += 1;
        self.in_section = 0;
        self.block = 0;
        Ok(())
    }

    /// Ends the index: the catalog, once every section arrived whole and
    /// matched, and the catalog inside is the one the manifest names.
    pub fn finish(mut self) -> Result<Catalog> {
        if self.failed {
            return Err(earlier_failure());
        }
        self.end_empty_sections()?;
        if let Some(section) = self.manifest.sections.get(self.section) {
            return Err(section_mismatch(
                &section.name,
                format!("truncated: {} of {} bytes", self.in_section, section.length),
            ));
        }
        let columns = self.decoder.finish()?;
        let listed = array_directory(&self.manifest);
        if columns.len() != listed.len()
            || columns.iter().zip(&listed).any(|(c, &(_, _, n))| c.len() as u64 != n)
        {
            return Err(section_mismatch("index", "an array's count differs from the manifest's directory"));
        }
        let catalog = assemble(columns)?;
        if IndexCatalog::of(&catalog.info) != self.manifest.catalog
            || catalog.store.len() as u64 != self.manifest.resources
        {
            return Err(Error::IndexCatalogMismatch {
                detail: "the sections hold another catalog than the manifest names".into(),
            });
        }
        if catalog.source_version != self.manifest.format_version {
            return Err(Error::IndexCatalogMismatch {
                detail: "the sections hold another format version".into(),
            });
        }
        Ok(catalog)
    }
}

pub(crate) fn list_missing() -> Error {
    Error::InvalidArgument {
        name: "section".into(),
        detail: "add the section's block list before its bytes".into(),
    }
}

pub(crate) fn no_such_section() -> Error {
    Error::InvalidArgument { name: "section".into(), detail: "no such section".into() }
}

/// Adds `section`'s `.blocks` file to `lists` (one slot per section, in
/// manifest order), checked against the manifest's root; twice is refused.
pub(crate) fn add_block_list(
    manifest: &IndexManifest,
    lists: &mut [Option<Vec<[u8; 32]>>],
    section: &str,
    bytes: &[u8],
) -> Result<()> {
    let i = manifest.sections.iter().position(|s| s.name == section).ok_or_else(no_such_section)?;
    let list = check_block_file(manifest, section, bytes)?;
    let slot = lists.get_mut(i).ok_or_else(no_such_section)?;
    if slot.is_some() {
        return Err(Error::InvalidArgument {
            name: "section".into(),
            detail: "its block list was already added".into(),
        });
    }
    *slot = Some(list);
    Ok(())
}

/// Checks block `index` of `section` against its digest in the section's
/// verified block list (both readers, before a byte of it is read).
pub(crate) fn check_block(
    hash: IndexHash,
    list: &[[u8; 32]],
    section: &str,
    index: usize,
    bytes: &[u8],
) -> Result<()> {
    if list.get(index) != Some(&block_digest(hash, bytes)) {
        return Err(block_mismatch(hash, section, index));
    }
    Ok(())
}

/// Checks the consecutive blocks `blocks`, the first numbered `first`,
/// against their digests: four of one length at a time
/// ([`block_digests4`]), the rest one by one. The first mismatch is the
/// error.
pub(crate) fn check_blocks(
    hash: IndexHash,
    list: &[[u8; 32]],
    section: &str,
    first: usize,
    blocks: &[&[u8]],
) -> Result<()> {
    let mut at = 0;
    while let Some(&[a, b, c, d]) = blocks.get(at..at + 4) {
        if [b, c, d].iter().any(|x| x.len() != a.len()) {
            break;
        }
        for (i, digest) in block_digests4(hash, [a, b, c, d]).iter().enumerate() {
            if list.get(first + at + i) != Some(digest) {
                return Err(block_mismatch(hash, section, first + at + i));
            }
        }
        at += 4;
    }
    for (i, block) in blocks.iter().enumerate().skip(at) {
        check_block(hash, list, section, first + i, block)?;
    }
    Ok(())
}

/// The digests of four blocks: side by side in four lanes where this build
/// does that faster (SHA-256 in WebAssembly with simd128), else one by one.
fn block_digests4(hash: IndexHash, blocks: [&[u8]; 4]) -> [[u8; 32]; 4] {
    if hash == IndexHash::Sha256 && crate::sha256x4::FASTER_THAN_ONE_BY_ONE {
        if let Some(digests) = crate::sha256x4::digest4(blocks) {
            return digests;
        }
    }
    blocks.map(|block| block_digest(hash, block))
}

/// Checks a section's `.blocks` file against a verified manifest.
pub fn check_block_file(manifest: &IndexManifest, section: &str, bytes: &[u8]) -> Result<Vec<[u8; 32]>> {
    let s = manifest.sections.iter().find(|s| s.name == section).ok_or_else(no_such_section)?;
    if bytes.len() as u64 != s.blocks.saturating_mul(32) {
        return Err(section_mismatch(section, "its block list has the wrong length"));
    }
    let mut root = Digest::new(manifest.hash);
    root.update(bytes);
    if hex(&root.finish()) != s.root {
        return Err(section_mismatch(section, "its block list does not match the manifest"));
    }
    Ok(bytes
        .chunks_exact(32)
        .map(|c| {
            let mut d = [0u8; 32];
            d.copy_from_slice(c);
            d
        })
        .collect())
}
