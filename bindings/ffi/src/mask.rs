//! Masking exports for uniffi: `MaskPolicy`, `MaskManifest`, the streaming
//! `Scanner`, `Masker`, `MaskVerifier`, `DeidChecker`, and one-shot
//! `mask_scan` / `mask_apply` / `mask_verify` / `check_deid`. Reports are
//! plain records and never contain a raw value; hash keys go in as bytes and
//! are never returned.

use std::sync::{Arc, Mutex, MutexGuard};

use govshare_core::catalog::Resource;
use govshare_core::mask as core;

use crate::GovshareError;

fn format(name: &str) -> Result<core::DataFormat, GovshareError> {
    Ok(core::DataFormat::parse(name)?)
}

fn finished(what: &str) -> GovshareError {
    GovshareError::from(govshare_core::Error::InvalidArgument {
        name: what.into(),
        detail: "finish() was already called".into(),
    })
}

fn utf8(bytes: Vec<u8>, name: &str) -> Result<String, GovshareError> {
    String::from_utf8(bytes).map_err(|_| {
        GovshareError::from(govshare_core::Error::InvalidArgument {
            name: name.into(),
            detail: "not valid UTF-8".into(),
        })
    })
}

/// The rule each field must be masked to.
#[derive(uniffi::Object)]
pub struct MaskPolicy {
    inner: core::MaskPolicy,
}

#[uniffi::export]
impl MaskPolicy {
    /// Parses a policy (`docs/masking.md`).
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>, GovshareError> {
        Ok(Arc::new(MaskPolicy { inner: core::MaskPolicy::from_json(&json)? }))
    }

    /// Derives a policy from a catalog document or an array of resources
    /// (UTF-8 JSON) and `DeriveOptions` as JSON (`"{}"` for none).
    #[uniffi::constructor(default(options_json = "{}"))]
    pub fn derive_json(resources_json: Vec<u8>, options_json: String) -> Result<Arc<Self>, GovshareError> {
        let res = utf8(resources_json, "resources_json")?;
        Ok(Arc::new(MaskPolicy { inner: core::MaskPolicy::derive_json(&res, &options_json)? }))
    }

    /// Derives a policy from resources (e.g. from `Catalog.resource(code)`).
    #[uniffi::constructor]
    pub fn derive(
        resources: Vec<Resource>,
        options: core::DeriveOptions,
    ) -> Result<Arc<Self>, GovshareError> {
        Ok(Arc::new(MaskPolicy { inner: core::MaskPolicy::derive(&resources, &options)? }))
    }

    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    pub fn field_names(&self) -> Vec<String> {
        self.inner.field_names()
    }

    /// The de-identification check's columns from the fields' identifier
    /// classes (k = 5, ℓ = 2; change them before use).
    pub fn deid_options(&self) -> Result<core::DeidOptions, GovshareError> {
        Ok(self.inner.deid_options()?)
    }

    /// The manifest a provider applying this policy declares.
    pub fn manifest(&self) -> Arc<MaskManifest> {
        Arc::new(MaskManifest { inner: self.inner.manifest() })
    }
}

/// The rules a provider declares it applied.
#[derive(uniffi::Object)]
pub struct MaskManifest {
    inner: core::MaskManifest,
}

#[uniffi::export]
impl MaskManifest {
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>, GovshareError> {
        Ok(Arc::new(MaskManifest { inner: core::MaskManifest::from_json(&json)? }))
    }

    /// The canonical JSON bytes (sorted keys, no spaces): what gets signed.
    pub fn canonical_json(&self) -> Vec<u8> {
        self.inner.to_canonical_json()
    }

    /// The canonical JSON as text.
    pub fn to_json(&self) -> String {
        String::from_utf8_lossy(&self.inner.to_canonical_json()).into_owned()
    }
}

/// Finds identifiers in records pushed in chunks (bounded memory).
#[derive(uniffi::Object)]
pub struct Scanner {
    inner: Mutex<Option<core::Scanner>>,
}

impl Scanner {
    fn lock(&self) -> MutexGuard<'_, Option<core::Scanner>> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[uniffi::export]
impl Scanner {
    /// `format`: `json` (an array), `ndjson`, `csv`, `xlsx`, `xls` or `ods`.
    #[uniffi::constructor(default(options = None))]
    pub fn new(format: String, options: Option<core::StreamOptions>) -> Result<Arc<Self>, GovshareError> {
        let s = core::Scanner::new(self::format(&format)?, &options.unwrap_or_default());
        Ok(Arc::new(Scanner { inner: Mutex::new(Some(s)) }))
    }

    /// Feeds the next chunk; returns the bytes consumed so far.
    pub fn push(&self, chunk: Vec<u8>) -> Result<u64, GovshareError> {
        let mut g = self.lock();
        let s = g.as_mut().ok_or_else(|| finished("scanner"))?;
        s.feed(&chunk)?;
        Ok(s.bytes_consumed())
    }

    /// With `options.stream_all`: every finding since the last call (the
    /// report lists at most `max_listed`).
    pub fn drain_findings(&self) -> Result<Vec<core::ScanFinding>, GovshareError> {
        Ok(self.lock().as_mut().ok_or_else(|| finished("scanner"))?.drain_findings())
    }

    /// With `options.stream_all`: every violation (bad record) since the last call.
    pub fn drain_violations(&self) -> Result<Vec<core::Violation>, GovshareError> {
        Ok(self.lock().as_mut().ok_or_else(|| finished("scanner"))?.drain_violations())
    }

    /// Reads the end of the input, so that draining sees everything before `finish`.
    pub fn end_input(&self) -> Result<(), GovshareError> {
        Ok(self.lock().as_mut().ok_or_else(|| finished("scanner"))?.end_input()?)
    }

    pub fn finish(&self) -> Result<core::ScanReport, GovshareError> {
        Ok(self.lock().take().ok_or_else(|| finished("scanner"))?.finish()?)
    }
}

/// Applies a policy to records pushed in chunks; each push returns the masked
/// bytes ready so far.
#[derive(uniffi::Object)]
pub struct Masker {
    inner: Mutex<Option<core::Masker>>,
}

impl Masker {
    fn lock(&self) -> MutexGuard<'_, Option<core::Masker>> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[uniffi::export]
impl Masker {
    /// `hash_key`: the HMAC key of `hash` rules (never echoed).
    #[uniffi::constructor(default(hash_key = None, options = None))]
    pub fn new(
        policy: Arc<MaskPolicy>,
        format: String,
        hash_key: Option<Vec<u8>>,
        options: Option<core::StreamOptions>,
    ) -> Result<Arc<Self>, GovshareError> {
        let m = core::Masker::new(
            &policy.inner,
            self::format(&format)?,
            hash_key.as_deref(),
            &options.unwrap_or_default(),
        )?;
        Ok(Arc::new(Masker { inner: Mutex::new(Some(m)) }))
    }

    pub fn manifest(&self) -> Result<Arc<MaskManifest>, GovshareError> {
        let g = self.lock();
        let m = g.as_ref().ok_or_else(|| finished("masker"))?;
        Ok(Arc::new(MaskManifest { inner: m.manifest() }))
    }

    /// Feeds the next chunk; returns the masked output it produced.
    pub fn push(&self, chunk: Vec<u8>) -> Result<Vec<u8>, GovshareError> {
        let mut g = self.lock();
        Ok(g.as_mut().ok_or_else(|| finished("masker"))?.feed(&chunk)?)
    }

    /// Ends the input: the last output and the report.
    pub fn finish(&self) -> Result<core::MaskFinish, GovshareError> {
        Ok(self.lock().take().ok_or_else(|| finished("masker"))?.finish()?)
    }
}

/// Checks records pushed in chunks against a policy (and a provider's manifest).
#[derive(uniffi::Object)]
pub struct MaskVerifier {
    inner: Mutex<Option<core::MaskVerifier>>,
}

impl MaskVerifier {
    fn lock(&self) -> MutexGuard<'_, Option<core::MaskVerifier>> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[uniffi::export]
impl MaskVerifier {
    #[uniffi::constructor(default(manifest = None, options = None))]
    pub fn new(
        policy: Arc<MaskPolicy>,
        format: String,
        manifest: Option<Arc<MaskManifest>>,
        options: Option<core::StreamOptions>,
    ) -> Result<Arc<Self>, GovshareError> {
        let v = core::MaskVerifier::new(
            &policy.inner,
            manifest.as_ref().map(|m| &m.inner),
            self::format(&format)?,
            &options.unwrap_or_default(),
        )?;
        Ok(Arc::new(MaskVerifier { inner: Mutex::new(Some(v)) }))
    }

    /// Feeds the next chunk; returns the bytes consumed so far.
    pub fn push(&self, chunk: Vec<u8>) -> Result<u64, GovshareError> {
        let mut g = self.lock();
        let v = g.as_mut().ok_or_else(|| finished("verifier"))?;
        v.feed(&chunk)?;
        Ok(v.bytes_consumed())
    }

    /// With `options.stream_all`: every violation since the last call.
    pub fn drain_violations(&self) -> Result<Vec<core::Violation>, GovshareError> {
        Ok(self.lock().as_mut().ok_or_else(|| finished("verifier"))?.drain_violations())
    }

    /// Reads the end of the input, so that draining sees everything before `finish`.
    pub fn end_input(&self) -> Result<(), GovshareError> {
        Ok(self.lock().as_mut().ok_or_else(|| finished("verifier"))?.end_input()?)
    }

    pub fn finish(&self) -> Result<core::VerifyReport, GovshareError> {
        Ok(self.lock().take().ok_or_else(|| finished("verifier"))?.finish()?)
    }
}

/// Scans a whole input for identifiers.
#[uniffi::export(default(options = None))]
pub fn mask_scan(
    format: String,
    data: Vec<u8>,
    options: Option<core::StreamOptions>,
) -> Result<core::ScanReport, GovshareError> {
    Ok(core::scan_bytes(self::format(&format)?, &data, &options.unwrap_or_default())?)
}

/// Masks a whole input.
#[uniffi::export(default(hash_key = None, options = None))]
pub fn mask_apply(
    policy: Arc<MaskPolicy>,
    format: String,
    data: Vec<u8>,
    hash_key: Option<Vec<u8>>,
    options: Option<core::StreamOptions>,
) -> Result<core::MaskFinish, GovshareError> {
    Ok(core::apply_bytes(
        &policy.inner,
        self::format(&format)?,
        &data,
        hash_key.as_deref(),
        &options.unwrap_or_default(),
    )?)
}

/// Verifies a whole input.
#[uniffi::export(default(manifest = None, options = None))]
pub fn mask_verify(
    policy: Arc<MaskPolicy>,
    format: String,
    data: Vec<u8>,
    manifest: Option<Arc<MaskManifest>>,
    options: Option<core::StreamOptions>,
) -> Result<core::VerifyReport, GovshareError> {
    Ok(core::verify_bytes(
        &policy.inner,
        manifest.as_ref().map(|m| &m.inner),
        self::format(&format)?,
        &data,
        &options.unwrap_or_default(),
    )?)
}

/// The de-identification check over records pushed in chunks (bounded
/// memory: one counter per equivalence class).
#[derive(uniffi::Object)]
pub struct DeidChecker {
    inner: Mutex<Option<core::DeidChecker>>,
}

impl DeidChecker {
    fn lock(&self) -> MutexGuard<'_, Option<core::DeidChecker>> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[uniffi::export]
impl DeidChecker {
    /// `format`: `json` (an array), `ndjson`, `csv`, `xlsx`, `xls` or `ods`.
    #[uniffi::constructor]
    pub fn new(format: String, options: core::DeidOptions) -> Result<Arc<Self>, GovshareError> {
        let c = core::DeidChecker::new(self::format(&format)?, &options)?;
        Ok(Arc::new(DeidChecker { inner: Mutex::new(Some(c)) }))
    }

    /// Feeds the next chunk. Bytes are copied across the boundary, as in
    /// every other govshare call: uniffi's zero-copy `&[u8]` would save that
    /// copy in Python but makes Kotlin/Java callers hand over a *direct*
    /// `ByteBuffer` (BENCHMARKS.md, de-identification, measures the cost).
    pub fn push(&self, chunk: Vec<u8>) -> Result<(), GovshareError> {
        let mut g = self.lock();
        Ok(g.as_mut().ok_or_else(|| finished("deid checker"))?.push(&chunk)?)
    }

    /// Ends the input; returns the report.
    pub fn finish(&self) -> Result<core::DeidReport, GovshareError> {
        Ok(self.lock().take().ok_or_else(|| finished("deid checker"))?.finish()?)
    }
}

/// Checks a whole input for de-identification (k-anonymity, ℓ-diversity,
/// direct identifiers masked).
#[uniffi::export]
pub fn check_deid(
    format: String,
    data: Vec<u8>,
    options: core::DeidOptions,
) -> Result<core::DeidReport, GovshareError> {
    Ok(core::check_deid(self::format(&format)?, &data, &options)?)
}

/// The identifiers in one text (offsets in UTF-8 bytes and in characters).
#[uniffi::export]
pub fn detect_identifiers(text: String) -> Vec<core::DetectedIdentifier> {
    core::detect_identifiers(&text)
}

/// `a` reveals no more than `b`.
#[uniffi::export]
pub fn rule_at_least_as_strict(a: core::FieldRule, b: core::FieldRule) -> Result<bool, GovshareError> {
    Ok(core::rule_at_least_as_strict(&a, &b)?)
}

/// Column arrays in Arrow's layout (a pandas DataFrame or pyarrow table) as
/// CSV text, batch by batch: the header before the first batch.
#[derive(uniffi::Object)]
pub struct ColumnsCsv {
    inner: Mutex<core::ColumnsCsv>,
}

#[uniffi::export]
impl ColumnsCsv {
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(ColumnsCsv { inner: Mutex::new(core::ColumnsCsv::new()) })
    }

    /// The CSV text of one batch of columns.
    pub fn batch(&self, columns: Vec<core::ArrowColumn>) -> Result<Vec<u8>, GovshareError> {
        Ok(self.inner.lock().unwrap_or_else(|p| p.into_inner()).batch(&columns)?)
    }
}
