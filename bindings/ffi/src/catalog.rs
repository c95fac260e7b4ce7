//! Catalog exports for uniffi: `Catalog`, `CatalogLoader`, `CatalogSet`, samples.

use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use govshare_core::catalog as core;

use crate::GovshareError;

/// A loaded, indexed catalog.
#[derive(uniffi::Object)]
pub struct Catalog {
    inner: RwLock<core::Catalog>,
}

impl Catalog {
    fn wrap(inner: core::Catalog) -> Arc<Self> {
        Arc::new(Catalog { inner: RwLock::new(inner) })
    }

    pub(crate) fn read(&self) -> std::sync::RwLockReadGuard<'_, core::Catalog> {
        // A poisoned lock only means another thread panicked mid-call; the
        // catalog itself is only replaced whole, so the data is consistent.
        self.inner.read().unwrap_or_else(|p| p.into_inner())
    }
}

#[uniffi::export]
impl Catalog {
    /// Loads a catalog document (UTF-8 JSON bytes).
    #[uniffi::constructor]
    pub fn from_json(data: Vec<u8>) -> Result<Arc<Self>, GovshareError> {
        Ok(Self::wrap(core::Catalog::from_json(&data)?))
    }

    /// Loads a catalog document with explicit limits.
    #[uniffi::constructor]
    pub fn from_json_with(data: Vec<u8>, options: core::LoadOptions) -> Result<Arc<Self>, GovshareError> {
        Ok(Self::wrap(core::Catalog::from_json_with(&data, &options, None)?))
    }

    /// Loads a binary snapshot made by `to_snapshot`.
    #[uniffi::constructor]
    pub fn from_snapshot(data: Vec<u8>) -> Result<Arc<Self>, GovshareError> {
        Ok(Self::wrap(core::Catalog::from_snapshot(&data)?))
    }

    /// The bundled sample catalog (≈200 resources).
    #[uniffi::constructor]
    pub fn sample() -> Result<Arc<Self>, GovshareError> {
        Ok(Self::wrap(core::Catalog::from_json(core::sample::default_sample().as_bytes())?))
    }

    pub fn info(&self) -> core::CatalogInfo {
        self.read().info()
    }

    /// Number of resources.
    pub fn size(&self) -> u64 {
        self.read().len()
    }

    pub fn stats(&self) -> core::CatalogStats {
        self.read().stats()
    }

    pub fn resource(&self, code: String) -> Option<core::Resource> {
        self.read().resource(&code)
    }

    pub fn lint(&self) -> Vec<core::LintFinding> {
        self.read().lint()
    }

    pub fn search(&self, query: core::SearchQuery) -> Result<core::SearchResult, GovshareError> {
        Ok(self.read().search(&query)?)
    }

    pub fn item(&self, name: String) -> core::ItemQueryResult {
        self.read().item(&name)
    }

    /// Applies a delta; on any error the catalog is unchanged.
    pub fn apply_delta(&self, delta: Vec<u8>) -> Result<core::DeltaOutcome, GovshareError> {
        let mut guard = self.inner.write().unwrap_or_else(|p| p.into_inner());
        Ok(guard.apply_delta(&delta)?)
    }

    pub fn to_snapshot(&self) -> Vec<u8> {
        self.read().to_snapshot()
    }

    pub fn to_json(&self) -> Vec<u8> {
        self.read().to_json()
    }
}

/// True when the bytes start like a catalog snapshot.
#[uniffi::export]
pub fn is_catalog_snapshot(data: Vec<u8>) -> bool {
    core::is_snapshot(&data)
}

/// A core loader, used until `finish()` takes it; afterwards every call is
/// refused. A poisoned lock is recovered: the core loaders refuse further
/// input after an error of their own.
struct UntilFinished<T>(Mutex<Option<T>>);

impl<T> UntilFinished<T> {
    fn new(loader: T) -> Self {
        UntilFinished(Mutex::new(Some(loader)))
    }

    fn lock(&self) -> MutexGuard<'_, Option<T>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// `f` over the loader, or `invalid_argument` once it is finished.
    fn with<R>(&self, f: impl FnOnce(&mut T) -> R) -> Result<R, GovshareError> {
        Ok(f(self.lock().as_mut().ok_or_else(finished)?))
    }

    /// The loader, taken for `finish()`; a second time is refused.
    fn take(&self) -> Result<T, GovshareError> {
        self.lock().take().ok_or_else(finished)
    }
}

/// Loads a catalog pushed in chunks, in bounded memory.
#[derive(uniffi::Object)]
pub struct CatalogLoader {
    inner: UntilFinished<core::CatalogLoader>,
}

fn finished() -> GovshareError {
    GovshareError::from(govshare_core::Error::InvalidArgument {
        name: "loader".into(),
        detail: "finish() was already called".into(),
    })
}

#[uniffi::export]
impl CatalogLoader {
    /// A loader; `total_bytes` (0 if unknown) is only reported back in progress.
    #[uniffi::constructor(default(total_bytes = 0))]
    pub fn new(total_bytes: u64) -> Arc<Self> {
        Arc::new(CatalogLoader {
            inner: UntilFinished::new(core::CatalogLoader::new(core::LoadOptions::default(), total_bytes)),
        })
    }

    /// Feeds the next chunk (64 KiB or more is best); returns the progress so far.
    pub fn push(&self, chunk: Vec<u8>) -> Result<core::LoadProgress, GovshareError> {
        Ok(self.inner.with(|l| l.push(&chunk))??)
    }

    /// Ends the document and builds the index.
    pub fn finish(&self) -> Result<Arc<Catalog>, GovshareError> {
        Ok(Catalog::wrap(self.inner.take()?.finish()?))
    }
}

/// Several catalogs searched as one.
#[derive(uniffi::Object)]
pub struct CatalogSet {
    inner: RwLock<core::CatalogSet>,
}

#[uniffi::export]
impl CatalogSet {
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(CatalogSet { inner: RwLock::new(core::CatalogSet::new()) })
    }

    /// Adds a copy of the catalog; its id must be new to the set.
    pub fn add(&self, catalog: Arc<Catalog>) -> Result<(), GovshareError> {
        let copy = catalog.read().clone();
        Ok(self.inner.write().unwrap_or_else(|p| p.into_inner()).add(copy)?)
    }

    pub fn ids(&self) -> Vec<String> {
        self.inner.read().unwrap_or_else(|p| p.into_inner()).ids()
    }

    pub fn search(&self, query: core::SearchQuery) -> Result<core::SearchResult, GovshareError> {
        Ok(self.inner.read().unwrap_or_else(|p| p.into_inner()).search(&query)?)
    }

    pub fn item(&self, name: String) -> core::ItemQueryResult {
        self.inner.read().unwrap_or_else(|p| p.into_inner()).item(&name)
    }

    pub fn conflicts(&self) -> Vec<core::CodeConflict> {
        self.inner.read().unwrap_or_else(|p| p.into_inner()).conflicts()
    }

    pub fn apply_delta(&self, delta: Vec<u8>) -> Result<core::DeltaOutcome, GovshareError> {
        Ok(self.inner.write().unwrap_or_else(|p| p.into_inner()).apply_delta(&delta)?)
    }
}

/// A deterministic sample catalog document (JSON text).
#[uniffi::export]
pub fn sample_catalog(options: core::sample::SampleOptions) -> Result<String, GovshareError> {
    Ok(core::sample::sample_json(&options)?)
}

/// Options for a national sample catalog of `resources` resources.
#[uniffi::export]
pub fn sample_options(resources: u64, seed: u64) -> core::sample::SampleOptions {
    core::sample::SampleOptions::national(resources, seed)
}

/// The options of the bundled national sample (`Catalog.sample()`).
#[uniffi::export]
pub fn default_sample_options() -> core::sample::SampleOptions {
    core::sample::SampleOptions::default()
}

/// The options of the bundled provincial (Zhejiang) sample.
#[uniffi::export]
pub fn province_sample_options() -> core::sample::SampleOptions {
    core::sample::SampleOptions::zhejiang()
}

/// The lint problems `with_findings` puts into a sample: what lint must find.
#[uniffi::export]
pub fn sample_injected_findings(options: core::sample::SampleOptions) -> Vec<core::sample::InjectedFinding> {
    core::sample::injected_findings(&options)
}

#[uniffi::export]
impl Catalog {
    /// Publishes the catalog as a signed index (the platform's job): an
    /// Ed25519 or SM2 key; write each of `file_names()` under its name.
    pub fn publish(
        &self,
        key: Arc<crate::sign::Key>,
        options: Option<core::PublishOptions>,
    ) -> Result<Arc<PublishedIndex>, GovshareError> {
        let options = options.unwrap_or_default();
        let index = self.read().publish(&key.lock(), &options)?;
        Ok(Arc::new(PublishedIndex { inner: index }))
    }
}

/// A published index in memory.
#[derive(uniffi::Object)]
pub struct PublishedIndex {
    inner: core::PublishedIndex,
}

#[uniffi::export]
impl PublishedIndex {
    /// The bytes of `manifest.json` (what is signed).
    pub fn manifest(&self) -> Vec<u8> {
        self.inner.manifest.clone()
    }

    /// The text of `manifest.sig`.
    pub fn signature(&self) -> String {
        self.inner.signature.clone()
    }

    /// The file names, in the order `file` takes them.
    pub fn file_names(&self) -> Vec<String> {
        self.inner.files().into_iter().map(|(name, _)| name).collect()
    }

    /// One file's bytes (`None` for a name not in `file_names`).
    pub fn file(&self, name: String) -> Option<Vec<u8>> {
        self.inner.files().into_iter().find(|(n, _)| *n == name).map(|(_, b)| b.to_vec())
    }
}

/// Loads a snapshot pushed in chunks, decoded into place (the snapshot
/// bytes are never held whole).
#[derive(uniffi::Object)]
pub struct SnapshotLoader {
    inner: UntilFinished<core::SnapshotLoader>,
}

#[uniffi::export]
impl SnapshotLoader {
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(SnapshotLoader { inner: UntilFinished::new(core::SnapshotLoader::new()) })
    }

    /// Feeds the next chunk (any size).
    pub fn push(&self, chunk: Vec<u8>) -> Result<(), GovshareError> {
        Ok(self.inner.with(|l| l.push(&chunk))??)
    }

    /// Checks the checksum and structure and returns the catalog.
    pub fn finish(&self) -> Result<Arc<Catalog>, GovshareError> {
        Ok(Catalog::wrap(self.inner.take()?.finish()?))
    }
}

/// Loads a published catalog index: the manifest's signature is checked
/// with the pinned platform key on construction; add every section's block
/// list (`add_block_list`), push the section files in the order of
/// `sections()`, then `finish()`.
#[derive(uniffi::Object)]
pub struct PublishedIndexLoader {
    inner: UntilFinished<core::PublishedIndexLoader>,
}

#[uniffi::export]
impl PublishedIndexLoader {
    /// `manifest`: the bytes of `manifest.json`; `signature`: the text of
    /// `manifest.sig`; `platform_key`: the pinned key, a public Ed25519 or
    /// SM2 JWK (its `kid`, if any, must be the manifest's signer).
    #[uniffi::constructor(default(expect = None))]
    pub fn new(
        manifest: Vec<u8>,
        signature: String,
        platform_key: String,
        expect: Option<core::IndexExpectation>,
    ) -> Result<Arc<Self>, GovshareError> {
        let key = govshare_core::sign::PinnedKey::from_jwk(&platform_key)?;
        let loader =
            core::PublishedIndexLoader::new(&manifest, &signature, &key, &expect.unwrap_or_default())?;
        Ok(Arc::new(PublishedIndexLoader { inner: UntilFinished::new(loader) }))
    }

    /// The verified manifest.
    pub fn manifest(&self) -> Result<core::IndexManifest, GovshareError> {
        self.inner.with(|l| l.manifest().clone())
    }

    /// The section files to push, in order.
    pub fn sections(&self) -> Result<Vec<core::IndexSection>, GovshareError> {
        self.inner.with(|l| l.sections().to_vec())
    }

    /// Feeds the next bytes of the section files, concatenated in order.
    pub fn push(&self, chunk: Vec<u8>) -> Result<(), GovshareError> {
        Ok(self.inner.with(|l| l.push(&chunk))??)
    }

    /// Bytes pushed so far.
    pub fn bytes_read(&self) -> u64 {
        self.inner.with(|l| l.progress().0).unwrap_or(0)
    }

    /// Bytes in all sections.
    pub fn total_bytes(&self) -> u64 {
        self.inner.with(|l| l.progress().1).unwrap_or(0)
    }

    /// Adds a section's `.blocks` file (checked against the manifest); every
    /// section's list comes before its bytes, verified block by block.
    pub fn add_block_list(&self, section: String, bytes: Vec<u8>) -> Result<(), GovshareError> {
        Ok(self.inner.with(|l| l.add_block_list(&section, &bytes))??)
    }

    /// Every section arrived whole and matched: the catalog.
    pub fn finish(&self) -> Result<Arc<Catalog>, GovshareError> {
        Ok(Catalog::wrap(self.inner.take()?.finish()?))
    }
}

/// A published index searched lazily: `search` answers, or lists the byte
/// ranges to fetch and pass to `add_range` first (the Python package's
/// `open_lazy_index` does this loop). Every block is checked against its
/// digest before it is read.
#[derive(uniffi::Object)]
pub struct LazyIndex {
    inner: Mutex<core::LazyIndex>,
}

impl LazyIndex {
    fn lock(&self) -> MutexGuard<'_, core::LazyIndex> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[uniffi::export]
impl LazyIndex {
    /// As `PublishedIndexLoader`'s constructor: the manifest is verified
    /// with the pinned platform key before anything else is read.
    #[uniffi::constructor(default(expect = None))]
    pub fn new(
        manifest: Vec<u8>,
        signature: String,
        platform_key: String,
        expect: Option<core::IndexExpectation>,
    ) -> Result<Arc<Self>, GovshareError> {
        let key = govshare_core::sign::PinnedKey::from_jwk(&platform_key)?;
        let index = core::LazyIndex::new(&manifest, &signature, &key, &expect.unwrap_or_default())?;
        Ok(Arc::new(LazyIndex { inner: Mutex::new(index) }))
    }

    /// The verified manifest.
    pub fn manifest(&self) -> core::IndexManifest {
        self.lock().manifest().clone()
    }

    /// Adds a section's `.blocks` file; all five come before a search.
    pub fn add_block_list(&self, section: String, bytes: Vec<u8>) -> Result<(), GovshareError> {
        Ok(self.lock().add_block_list(&section, &bytes)?)
    }

    /// Adds fetched bytes of a section from byte `start` (whole blocks, each
    /// verified; a bad or short range is refused and nothing of it kept).
    pub fn add_range(&self, section: String, start: u64, bytes: Vec<u8>) -> Result<(), GovshareError> {
        Ok(self.lock().add_range(&section, start, &bytes)?)
    }

    /// The result once every block it reads is held, else the ranges needed.
    pub fn search(&self, query: core::SearchQuery) -> Result<core::LazySearch, GovshareError> {
        Ok(self.lock().search(&query)?)
    }

    /// The resource with `code` once `ready` (`None`: no resource has it),
    /// else the ranges needed first.
    pub fn resource(&self, code: String) -> Result<core::LazyResource, GovshareError> {
        Ok(self.lock().resource(&code)?)
    }

    /// Bounds the bytes of blocks kept between searches (0: no bound); the
    /// least recently read are dropped first, and read again if needed.
    pub fn set_max_held_bytes(&self, max: u64) {
        self.lock().set_max_held_bytes(max);
    }

    /// Blocks and bytes held, and the bytes of the whole index.
    pub fn stats(&self) -> core::LazyIndexStats {
        self.lock().stats()
    }
}
