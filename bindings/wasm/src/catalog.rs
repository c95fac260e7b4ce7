//! Catalog exports: `Catalog`, `SnapshotLoader` and `PublishedIndexLoader`
//! (streaming), `CatalogSet`; in the full module also the JSON document
//! (`fromJson`, `CatalogLoader`, `toJson`), lint, publishing and the sample
//! catalogs. The catalog-only module is what a searching portal needs:
//! it loads what the platform publishes, and stays within its size budget.

use govshare_core::catalog as core;
#[cfg(feature = "full")]
use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;

use tsify::Ts;

#[cfg(feature = "full")]
use crate::error::bytes_or_string;
use crate::error::{from_js, list_to_js, to_js, JsErr, JsResult};

/// A loaded, indexed catalog.
#[wasm_bindgen]
pub struct Catalog {
    inner: core::Catalog,
}

impl Catalog {
    /// The core catalog, for other modules' exports (e.g. validation).
    pub(crate) fn core(&self) -> &core::Catalog {
        &self.inner
    }
}

#[wasm_bindgen]
impl Catalog {
    /// Loads a catalog document from a `Uint8Array` (preferred for large
    /// catalogs: V8 caps one string near 512 MiB) or a string. Full module
    /// only: a portal loads the index the platform publishes instead
    /// (`PublishedIndexLoader`), or a snapshot.
    #[cfg(feature = "full")]
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] input: JsValue,
    ) -> JsResult<Catalog> {
        let bytes = bytes_or_string(&input, "input")?;
        Ok(Catalog { inner: core::Catalog::from_json(&bytes)? })
    }

    /// Loads a catalog document with explicit limits (`LoadOptions`).
    #[cfg(feature = "full")]
    #[wasm_bindgen(js_name = fromJsonWith)]
    pub fn from_json_with(
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] input: JsValue,
        options: Ts<core::LoadOptions>,
    ) -> JsResult<Catalog> {
        let bytes = bytes_or_string(&input, "input")?;
        Ok(Catalog { inner: core::Catalog::from_json_with(&bytes, &from_js(options, "options")?, None)? })
    }

    /// Loads a binary snapshot made by `toSnapshot` (much faster than indexing).
    #[wasm_bindgen(js_name = fromSnapshot)]
    pub fn from_snapshot(bytes: &[u8]) -> JsResult<Catalog> {
        Ok(Catalog { inner: core::Catalog::from_snapshot(bytes)? })
    }

    /// True when the bytes start like a snapshot (rather than JSON).
    #[wasm_bindgen(js_name = isSnapshot)]
    pub fn is_snapshot(bytes: &[u8]) -> bool {
        core::is_snapshot(bytes)
    }

    /// The bundled sample catalog (≈200 resources), already loaded. In the
    /// full module only: the sample generator is not a portal's business.
    #[cfg(feature = "full")]
    pub fn sample() -> JsResult<Catalog> {
        Ok(Catalog { inner: core::Catalog::from_json(core::sample::default_sample().as_bytes())? })
    }

    /// Id, name, version, publication date.
    pub fn info(&self) -> JsResult<Ts<core::CatalogInfo>> {
        to_js(&self.inner.info())
    }

    /// Number of resources.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> f64 {
        self.inner.len() as f64
    }

    /// Sizes: resources, items, distinct names, terms, memory.
    pub fn stats(&self) -> JsResult<Ts<core::CatalogStats>> {
        to_js(&self.inner.stats())
    }

    /// A resource by code, or `undefined`.
    pub fn resource(&self, code: &str) -> JsResult<Option<Ts<core::Resource>>> {
        self.inner.resource(code).as_ref().map(to_js).transpose()
    }

    /// Lint findings, in a stable order (full module: linting is the
    /// publisher's job, not a searching portal's).
    #[cfg(feature = "full")]
    pub fn lint(&self) -> JsResult<Vec<Ts<core::LintFinding>>> {
        list_to_js(&self.inner.lint())
    }

    /// Full-text search with exact filters, facets and paging.
    pub fn search(&self, query: Ts<core::SearchQuery>) -> JsResult<Ts<core::SearchResult>> {
        to_js(&self.inner.search(&from_js(query, "query")?)?)
    }

    /// Which resources carry a data item, and who is its authoritative source.
    pub fn item(&self, name: &str) -> JsResult<Ts<core::ItemQueryResult>> {
        to_js(&self.inner.item(name))
    }

    /// Applies a delta (bytes or string); on any error the catalog is
    /// unchanged. Full module only: applying a delta re-indexes (a
    /// publisher's job); a portal loads the next published index.
    #[cfg(feature = "full")]
    #[wasm_bindgen(js_name = applyDelta)]
    pub fn apply_delta(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] delta: JsValue,
    ) -> JsResult<Ts<core::DeltaOutcome>> {
        let bytes = bytes_or_string(&delta, "delta")?;
        to_js(&self.inner.apply_delta(&bytes)?)
    }

    /// The binary snapshot of this catalog. Full module only.
    #[cfg(feature = "full")]
    #[wasm_bindgen(js_name = toSnapshot)]
    pub fn to_snapshot(&self) -> Uint8Array {
        Uint8Array::from(self.inner.to_snapshot().as_slice())
    }

    /// The catalog as a JSON document (UTF-8 bytes). Full module only.
    #[cfg(feature = "full")]
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> Uint8Array {
        Uint8Array::from(self.inner.to_json().as_slice())
    }
}

/// Loads a catalog pushed in chunks (a stream, a file read piece by piece),
/// holding at most one resource's JSON at a time besides the index. Full
/// module only (see `Catalog.fromJson`).
#[cfg(feature = "full")]
#[wasm_bindgen]
pub struct CatalogLoader {
    inner: core::CatalogLoader,
}

#[cfg(feature = "full")]
#[wasm_bindgen]
impl CatalogLoader {
    /// A loader; `totalBytes` (optional) is only reported back in progress.
    #[wasm_bindgen(constructor)]
    pub fn new(total_bytes: Option<f64>) -> CatalogLoader {
        let total = total_bytes.unwrap_or(0.0) as u64;
        CatalogLoader { inner: core::CatalogLoader::new(core::LoadOptions::default(), total) }
    }

    /// Feeds the next chunk (64 KiB or more is best); returns the progress so far.
    pub fn push(&mut self, chunk: &[u8]) -> JsResult<Ts<core::LoadProgress>> {
        to_js(&self.inner.push(chunk)?)
    }

    /// Ends the document and builds the index. The loader is consumed.
    pub fn finish(self) -> JsResult<Catalog> {
        Ok(Catalog { inner: self.inner.finish()? })
    }
}

/// Several catalogs (e.g. the national one and a province's) searched as one.
#[wasm_bindgen]
pub struct CatalogSet {
    inner: core::CatalogSet,
}

#[wasm_bindgen]
impl CatalogSet {
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> CatalogSet {
        CatalogSet { inner: core::CatalogSet::new() }
    }

    /// Adds a catalog (the JS object is consumed); its id must be new.
    pub fn add(&mut self, catalog: Catalog) -> JsResult<()> {
        Ok(self.inner.add(catalog.inner)?)
    }

    /// Ids of the catalogs, sorted.
    pub fn ids(&self) -> Vec<String> {
        self.inner.ids()
    }

    /// One search over all catalogs; each hit names its `catalog`.
    pub fn search(&self, query: Ts<core::SearchQuery>) -> JsResult<Ts<core::SearchResult>> {
        to_js(&self.inner.search(&from_js(query, "query")?)?)
    }

    /// Item query over all catalogs.
    pub fn item(&self, name: &str) -> JsResult<Ts<core::ItemQueryResult>> {
        to_js(&self.inner.item(name))
    }

    /// Resource codes present in more than one catalog (never merged silently).
    pub fn conflicts(&self) -> JsResult<Vec<Ts<core::CodeConflict>>> {
        list_to_js(&self.inner.conflicts())
    }

    /// Applies a delta to the catalog it names. Full module only.
    #[cfg(feature = "full")]
    #[wasm_bindgen(js_name = applyDelta)]
    pub fn apply_delta(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] delta: JsValue,
    ) -> JsResult<Ts<core::DeltaOutcome>> {
        let bytes = bytes_or_string(&delta, "delta")?;
        to_js(&self.inner.apply_delta(&bytes)?)
    }
}

/// A deterministic sample catalog document (JSON text).
#[cfg(feature = "full")]
#[wasm_bindgen(js_name = sampleCatalog)]
pub fn sample_catalog(options: Ts<core::sample::SampleOptions>) -> JsResult<String> {
    Ok(core::sample::sample_json(&from_js(options, "options")?)?)
}

/// Options for `sampleCatalog`: a national catalog of `resources` resources.
#[cfg(feature = "full")]
#[wasm_bindgen(js_name = sampleOptions)]
pub fn sample_options(resources: f64, seed: f64) -> JsResult<Ts<core::sample::SampleOptions>> {
    to_js(&core::sample::SampleOptions::national(resources as u64, seed as u64))
}

/// The options of the bundled national sample.
#[cfg(feature = "full")]
#[wasm_bindgen(js_name = defaultSampleOptions)]
pub fn default_sample_options() -> JsResult<Ts<core::sample::SampleOptions>> {
    to_js(&core::sample::SampleOptions::default())
}

/// The options of the bundled provincial (Zhejiang) sample.
#[cfg(feature = "full")]
#[wasm_bindgen(js_name = provinceSampleOptions)]
pub fn province_sample_options() -> JsResult<Ts<core::sample::SampleOptions>> {
    to_js(&core::sample::SampleOptions::zhejiang())
}

/// The lint problems `with_findings` puts into a sample: what lint must find.
#[cfg(feature = "full")]
#[wasm_bindgen(js_name = sampleInjectedFindings)]
pub fn sample_injected_findings(
    options: Ts<core::sample::SampleOptions>,
) -> JsResult<Vec<Ts<core::sample::InjectedFinding>>> {
    list_to_js(&core::sample::injected_findings(&from_js(options, "options")?))
}

/// Loads a snapshot pushed in chunks: each array is decoded into place as
/// its bytes arrive, so the snapshot bytes are never held whole in the
/// module's memory (which cannot shrink).
#[wasm_bindgen]
pub struct SnapshotLoader {
    inner: core::SnapshotLoader,
}

#[wasm_bindgen]
impl SnapshotLoader {
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> SnapshotLoader {
        SnapshotLoader { inner: core::SnapshotLoader::new() }
    }

    /// Feeds the next chunk (any size).
    pub fn push(&mut self, chunk: &[u8]) -> JsResult<()> {
        Ok(self.inner.push(chunk)?)
    }

    /// Checks the checksum and structure and returns the catalog. The loader is consumed.
    pub fn finish(self) -> JsResult<Catalog> {
        Ok(Catalog { inner: self.inner.finish()? })
    }
}

/// Loads a published catalog index (`govshare catalog publish`): the
/// manifest's signature is checked with the pinned platform key on
/// construction; then add every section's block list (`addBlockList`),
/// push the section files in the order of `sections` (whole or in chunks),
/// then `finish`. Nothing is returned unless every
/// byte matched the signed manifest.
#[wasm_bindgen]
pub struct PublishedIndexLoader {
    inner: core::PublishedIndexLoader,
}

#[wasm_bindgen]
impl PublishedIndexLoader {
    /// `manifest`: the exact bytes of `manifest.json`; `signature`: the
    /// text of `manifest.sig`; `platformKey`: the pinned platform key, a
    /// public Ed25519 or SM2 JWK (its `kid`, if any, must be the manifest's signer).
    #[wasm_bindgen(constructor)]
    pub fn new(
        manifest: &[u8],
        signature: &str,
        #[wasm_bindgen(js_name = platformKey)] platform_key: &str,
        expect: Option<Ts<core::IndexExpectation>>,
    ) -> JsResult<PublishedIndexLoader> {
        let (key, expect) = pin_and_expectation(platform_key, expect)?;
        Ok(PublishedIndexLoader {
            inner: core::PublishedIndexLoader::new(manifest, signature, &key, &expect)?,
        })
    }

    /// The verified manifest.
    #[wasm_bindgen(getter)]
    pub fn manifest(&self) -> JsResult<Ts<core::IndexManifest>> {
        to_js(self.inner.manifest())
    }

    /// The section files to push, in order.
    pub fn sections(&self) -> JsResult<Vec<Ts<core::IndexSection>>> {
        list_to_js(self.inner.sections())
    }

    /// Feeds the next bytes of the section files, concatenated in order.
    pub fn push(&mut self, chunk: &[u8]) -> JsResult<()> {
        Ok(self.inner.push(chunk)?)
    }

    /// Bytes pushed so far.
    #[wasm_bindgen(getter, js_name = bytesRead)]
    pub fn bytes_read(&self) -> f64 {
        self.inner.progress().0 as f64
    }

    /// Bytes in all sections.
    #[wasm_bindgen(getter, js_name = totalBytes)]
    pub fn total_bytes(&self) -> f64 {
        self.inner.progress().1 as f64
    }

    /// Adds a section's `.blocks` file (checked against the manifest); every
    /// section's list comes before its bytes, which are verified block by
    /// block before they are decoded.
    #[wasm_bindgen(js_name = addBlockList)]
    pub fn add_block_list(&mut self, section: &str, bytes: &[u8]) -> JsResult<()> {
        Ok(self.inner.add_block_list(section, bytes)?)
    }

    /// Every section arrived whole and matched: the catalog. The loader is consumed.
    pub fn finish(self) -> JsResult<Catalog> {
        Ok(Catalog { inner: self.inner.finish()? })
    }
}

/// The pinned platform key (a public Ed25519 or SM2 JWK) and what the reader
/// expects of an index (nothing when absent), for both index readers.
fn pin_and_expectation(
    platform_key: &str,
    expect: Option<Ts<core::IndexExpectation>>,
) -> JsResult<(govshare_core::sign::PinnedKey, core::IndexExpectation)> {
    let key = govshare_core::sign::PinnedKey::from_jwk(platform_key)?;
    let expect = match expect {
        Some(e) => from_js(e, "expect")?,
        None => core::IndexExpectation::default(),
    };
    Ok((key, expect))
}

/// The coded error (`fetch_failed`, kind `platform`) the npm loaders throw
/// when fetching fails before govshare could check a byte (an HTTP error,
/// no response, a whole file sent for a range). A reader you pass to
/// `openLazyIndex` or `loadPublishedIndex` may throw it too. `what` names
/// the file (and range); keep query strings (tokens) out of it.
#[wasm_bindgen(js_name = fetchError)]
pub fn fetch_error(what: String, detail: String) -> JsValue {
    JsErr::from(govshare_core::Error::FetchFailed { what, detail }).into()
}

/// A published index searched lazily: only the blocks a search needs are
/// fetched (by the npm package's `openLazyIndex`, or by you), each checked
/// against its digest before it is read. `search` answers, or lists the
/// ranges to fetch and pass to `addRange` before asking again.
#[wasm_bindgen]
pub struct LazyIndex {
    inner: core::LazyIndex,
}

#[wasm_bindgen]
impl LazyIndex {
    /// As `PublishedIndexLoader`'s constructor: the manifest is verified
    /// with the pinned platform key before anything else is read.
    #[wasm_bindgen(constructor)]
    pub fn new(
        manifest: &[u8],
        signature: &str,
        #[wasm_bindgen(js_name = platformKey)] platform_key: &str,
        expect: Option<Ts<core::IndexExpectation>>,
    ) -> JsResult<LazyIndex> {
        let (key, expect) = pin_and_expectation(platform_key, expect)?;
        Ok(LazyIndex { inner: core::LazyIndex::new(manifest, signature, &key, &expect)? })
    }

    /// The verified manifest.
    #[wasm_bindgen(getter)]
    pub fn manifest(&self) -> JsResult<Ts<core::IndexManifest>> {
        to_js(self.inner.manifest())
    }

    /// Adds a section's `.blocks` file; all five come before a search.
    #[wasm_bindgen(js_name = addBlockList)]
    pub fn add_block_list(&mut self, section: &str, bytes: &[u8]) -> JsResult<()> {
        Ok(self.inner.add_block_list(section, bytes)?)
    }

    /// Adds fetched bytes of a section from byte `start` (whole blocks,
    /// each verified; a bad or short range is refused and nothing kept).
    #[wasm_bindgen(js_name = addRange)]
    pub fn add_range(&mut self, section: &str, start: f64, bytes: &[u8]) -> JsResult<()> {
        Ok(self.inner.add_range(section, start as u64, bytes)?)
    }

    /// `{ result }` once every block it reads is held, else `{ need }`.
    pub fn search(&mut self, query: Ts<core::SearchQuery>) -> JsResult<Ts<core::LazySearch>> {
        to_js(&self.inner.search(&from_js(query, "query")?)?)
    }

    /// The resource with `code`: `{ ready: true, resource }` (no `resource`
    /// when no resource has the code), else `{ ready: false, need }`.
    pub fn resource(&mut self, code: &str) -> JsResult<Ts<core::LazyResource>> {
        to_js(&self.inner.resource(code)?)
    }

    /// Bounds the bytes of blocks kept between searches (0: no bound); the
    /// least recently read are dropped first, and fetched again if needed.
    #[wasm_bindgen(js_name = setMaxHeldBytes)]
    pub fn set_max_held_bytes(&mut self, max: f64) {
        self.inner.set_max_held_bytes(max as u64);
    }

    /// Blocks and bytes held, and the bytes of the whole index.
    pub fn stats(&self) -> JsResult<Ts<core::LazyIndexStats>> {
        to_js(&self.inner.stats())
    }
}

/// A published index in memory (full module): write each file under its name.
#[cfg(feature = "full")]
#[wasm_bindgen]
pub struct PublishedIndex {
    inner: core::PublishedIndex,
}

#[cfg(feature = "full")]
#[wasm_bindgen]
impl PublishedIndex {
    /// The bytes of `manifest.json` (what is signed).
    #[wasm_bindgen(getter)]
    pub fn manifest(&self) -> Uint8Array {
        Uint8Array::from(self.inner.manifest.as_slice())
    }

    /// The text of `manifest.sig`.
    #[wasm_bindgen(getter)]
    pub fn signature(&self) -> String {
        self.inner.signature.clone()
    }

    /// The file names, in the order `file` takes them.
    #[wasm_bindgen(js_name = fileNames)]
    pub fn file_names(&self) -> Vec<String> {
        self.inner.files().into_iter().map(|(name, _)| name).collect()
    }

    /// One file's bytes (`undefined` for a name not in `fileNames`).
    pub fn file(&self, name: &str) -> Option<Uint8Array> {
        self.inner.files().into_iter().find(|(n, _)| n == name).map(|(_, b)| Uint8Array::from(b))
    }
}

#[cfg(feature = "full")]
#[wasm_bindgen]
impl Catalog {
    /// Publishes the catalog as a signed index (the platform's job; see
    /// `PublishedIndexLoader`). `options`: `{ block_size, hash }`.
    pub fn publish(
        &self,
        key: &crate::sign::Key,
        options: Option<Ts<core::PublishOptions>>,
    ) -> JsResult<PublishedIndex> {
        let options = match options {
            Some(o) => from_js(o, "options")?,
            None => core::PublishOptions::default(),
        };
        Ok(PublishedIndex { inner: self.inner.publish(&key.inner, &options)? })
    }
}
