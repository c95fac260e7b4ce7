//! Masking exports: `MaskPolicy`, `MaskManifest`, the streaming `Scanner`,
//! `Masker`, `MaskVerifier`, `DeidChecker`, and one-shot `maskScan` /
//! `maskApply` / `maskVerify` / `checkDeid`.
//! Reports are plain data and never contain a raw value; hash keys go in as
//! bytes and are never returned.

use govshare_core::mask as core;
use js_sys::Uint8Array;
use tsify::Ts;
use wasm_bindgen::prelude::*;

use crate::error::{bytes_or_string, from_js, list_to_js, text_or_json, to_js, JsErr, JsResult};

fn format(name: &str) -> JsResult<core::DataFormat> {
    Ok(core::DataFormat::parse(name)?)
}

fn options(options: Option<Ts<core::StreamOptions>>) -> JsResult<core::StreamOptions> {
    options.map(|o| from_js(o, "options")).transpose().map(Option::unwrap_or_default)
}

/// A manifest argument: a `MaskManifest`, its JSON text or bytes, a plain
/// object, or `undefined`.
fn manifest_arg(v: &JsValue) -> JsResult<Option<core::MaskManifest>> {
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    Ok(Some(core::MaskManifest::from_json(&text_or_json(v, "manifest")?)?))
}

/// The fields each rule must be masked to.
#[wasm_bindgen]
pub struct MaskPolicy {
    inner: core::MaskPolicy,
}

#[wasm_bindgen]
impl MaskPolicy {
    /// Parses a policy (`docs/masking.md`).
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(json: &str) -> JsResult<MaskPolicy> {
        Ok(MaskPolicy { inner: core::MaskPolicy::from_json(json)? })
    }

    /// Derives a policy from catalog resources: a catalog document or an array of
    /// resources (JSON text, bytes, or the objects `Catalog.resource()` returns),
    /// with `DeriveOptions` (object or JSON text; optional).
    pub fn derive(
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | Resource[] | object")]
        resources: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DeriveOptions | string | undefined")] options: JsValue,
    ) -> JsResult<MaskPolicy> {
        let res = text_or_json(&resources, "resources")?;
        let opts = if options.is_undefined() || options.is_null() {
            "{}".to_owned()
        } else {
            text_or_json(&options, "options")?
        };
        Ok(MaskPolicy { inner: core::MaskPolicy::derive_json(&res, &opts)? })
    }

    /// The policy as JSON.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The de-identification check's columns from the fields' identifier
    /// classes (`DeidOptions`, k = 5, ℓ = 2; change them before use).
    #[wasm_bindgen(js_name = deidOptions)]
    pub fn deid_options(&self) -> JsResult<Ts<core::DeidOptions>> {
        to_js(&self.inner.deid_options()?)
    }

    /// The field names (or patterns) the policy names.
    #[wasm_bindgen(js_name = fieldNames)]
    pub fn field_names(&self) -> Vec<String> {
        self.inner.field_names()
    }

    /// The manifest a provider applying this policy declares.
    pub fn manifest(&self) -> MaskManifest {
        MaskManifest { inner: self.inner.manifest() }
    }
}

/// The rules a provider declares it applied.
#[wasm_bindgen]
pub struct MaskManifest {
    inner: core::MaskManifest,
}

#[wasm_bindgen]
impl MaskManifest {
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(json: &str) -> JsResult<MaskManifest> {
        Ok(MaskManifest { inner: core::MaskManifest::from_json(json)? })
    }

    /// The canonical JSON bytes (sorted keys, no spaces): what gets signed.
    #[wasm_bindgen(js_name = canonicalJson)]
    pub fn canonical_json(&self) -> Uint8Array {
        Uint8Array::from(self.inner.to_canonical_json().as_slice())
    }

    /// The canonical JSON as a string.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        String::from_utf8_lossy(&self.inner.to_canonical_json()).into_owned()
    }

    /// For `JSON.stringify`: the manifest as a plain object.
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json_value(&self) -> JsValue {
        js_sys::JSON::parse(&self.to_json()).unwrap_or(JsValue::NULL)
    }
}

/// Masked output and the apply report.
#[wasm_bindgen]
pub struct MaskResult {
    output: Vec<u8>,
    report: core::ApplyReport,
}

#[wasm_bindgen]
impl MaskResult {
    /// The masked bytes (for a stream: those produced by the last chunk).
    #[wasm_bindgen(getter)]
    pub fn output(&self) -> Uint8Array {
        Uint8Array::from(self.output.as_slice())
    }

    #[wasm_bindgen(getter)]
    pub fn report(&self) -> JsResult<Ts<core::ApplyReport>> {
        to_js(&self.report)
    }
}

impl From<core::MaskFinish> for MaskResult {
    fn from(f: core::MaskFinish) -> Self {
        MaskResult { output: f.output, report: f.report }
    }
}

fn finished(what: &str) -> JsErr {
    JsErr::from(govshare_core::Error::InvalidArgument {
        name: what.to_owned(),
        detail: "finish() was already called".to_owned(),
    })
}

/// Finds identifiers in records pushed in chunks (bounded memory).
#[wasm_bindgen]
pub struct Scanner {
    inner: Option<core::Scanner>,
}

#[wasm_bindgen]
impl Scanner {
    /// `format`: `json` (an array), `ndjson`, `csv`, `xlsx`, `xls` or `ods`.
    #[wasm_bindgen(constructor)]
    pub fn new(format_name: &str, options: Option<Ts<core::StreamOptions>>) -> JsResult<Scanner> {
        Ok(Scanner { inner: Some(core::Scanner::new(format(format_name)?, &self::options(options)?)) })
    }

    /// Feeds the next chunk; returns the bytes consumed so far.
    pub fn push(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] chunk: JsValue,
    ) -> JsResult<f64> {
        let s = self.inner.as_mut().ok_or_else(|| finished("scanner"))?;
        s.feed(&bytes_or_string(&chunk, "chunk")?)?;
        Ok(s.bytes_consumed() as f64)
    }

    /// With `options.stream_all`: every finding since the last call (the
    /// report lists at most `max_listed`). Call after each `push`, and after
    /// `endInput` before `finish`.
    #[wasm_bindgen(js_name = drainFindings)]
    pub fn drain_findings(&mut self) -> JsResult<Vec<Ts<core::ScanFinding>>> {
        list_to_js(&self.inner.as_mut().ok_or_else(|| finished("scanner"))?.drain_findings())
    }

    /// With `options.stream_all`: every violation (bad record) since the last call.
    #[wasm_bindgen(js_name = drainViolations)]
    pub fn drain_violations(&mut self) -> JsResult<Vec<Ts<core::Violation>>> {
        list_to_js(&self.inner.as_mut().ok_or_else(|| finished("scanner"))?.drain_violations())
    }

    /// Reads the end of the input, so that draining sees everything before `finish`.
    #[wasm_bindgen(js_name = endInput)]
    pub fn end_input(&mut self) -> JsResult<()> {
        Ok(self.inner.as_mut().ok_or_else(|| finished("scanner"))?.end_input()?)
    }

    /// Ends the input; returns the report.
    pub fn finish(&mut self) -> JsResult<Ts<core::ScanReport>> {
        to_js(&self.inner.take().ok_or_else(|| finished("scanner"))?.finish()?)
    }
}

/// Applies a policy to records pushed in chunks; each push returns the masked
/// bytes ready so far.
#[wasm_bindgen]
pub struct Masker {
    inner: Option<core::Masker>,
}

#[wasm_bindgen]
impl Masker {
    /// `hashKey`: the HMAC key of `hash` rules (bytes; never echoed).
    #[wasm_bindgen(constructor)]
    pub fn new(
        policy: &MaskPolicy,
        format_name: &str,
        hash_key: Option<Vec<u8>>,
        options: Option<Ts<core::StreamOptions>>,
    ) -> JsResult<Masker> {
        let m = core::Masker::new(
            &policy.inner,
            format(format_name)?,
            hash_key.as_deref(),
            &self::options(options)?,
        )?;
        Ok(Masker { inner: Some(m) })
    }

    /// The manifest of the policy being applied.
    pub fn manifest(&self) -> JsResult<MaskManifest> {
        Ok(MaskManifest { inner: self.inner.as_ref().ok_or_else(|| finished("masker"))?.manifest() })
    }

    /// Feeds the next chunk; returns the masked output produced by it.
    pub fn push(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] chunk: JsValue,
    ) -> JsResult<Uint8Array> {
        let m = self.inner.as_mut().ok_or_else(|| finished("masker"))?;
        Ok(Uint8Array::from(m.feed(&bytes_or_string(&chunk, "chunk")?)?.as_slice()))
    }

    /// Ends the input: the last output and the report.
    pub fn finish(&mut self) -> JsResult<MaskResult> {
        Ok(self.inner.take().ok_or_else(|| finished("masker"))?.finish()?.into())
    }
}

/// Checks records pushed in chunks against a policy (and a provider's manifest).
#[wasm_bindgen]
pub struct MaskVerifier {
    inner: Option<core::MaskVerifier>,
}

#[wasm_bindgen]
impl MaskVerifier {
    #[wasm_bindgen(constructor)]
    pub fn new(
        policy: &MaskPolicy,
        format_name: &str,
        #[wasm_bindgen(unchecked_param_type = "MaskManifest | string | Uint8Array | object | undefined")]
        manifest: JsValue,
        options: Option<Ts<core::StreamOptions>>,
    ) -> JsResult<MaskVerifier> {
        let manifest = manifest_arg(&manifest)?;
        let v = core::MaskVerifier::new(
            &policy.inner,
            manifest.as_ref(),
            format(format_name)?,
            &self::options(options)?,
        )?;
        Ok(MaskVerifier { inner: Some(v) })
    }

    /// Feeds the next chunk; returns the bytes consumed so far.
    pub fn push(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] chunk: JsValue,
    ) -> JsResult<f64> {
        let v = self.inner.as_mut().ok_or_else(|| finished("verifier"))?;
        v.feed(&bytes_or_string(&chunk, "chunk")?)?;
        Ok(v.bytes_consumed() as f64)
    }

    /// With `options.stream_all`: every violation since the last call (the
    /// report lists at most `max_listed`).
    #[wasm_bindgen(js_name = drainViolations)]
    pub fn drain_violations(&mut self) -> JsResult<Vec<Ts<core::Violation>>> {
        list_to_js(&self.inner.as_mut().ok_or_else(|| finished("verifier"))?.drain_violations())
    }

    /// Reads the end of the input, so that draining sees everything before `finish`.
    #[wasm_bindgen(js_name = endInput)]
    pub fn end_input(&mut self) -> JsResult<()> {
        Ok(self.inner.as_mut().ok_or_else(|| finished("verifier"))?.end_input()?)
    }

    /// Ends the input; returns the report (`passed`, counts, violations).
    pub fn finish(&mut self) -> JsResult<Ts<core::VerifyReport>> {
        to_js(&self.inner.take().ok_or_else(|| finished("verifier"))?.finish()?)
    }
}

/// Scans a whole input for identifiers.
#[wasm_bindgen(js_name = maskScan)]
pub fn mask_scan(
    format_name: &str,
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] data: JsValue,
    options: Option<Ts<core::StreamOptions>>,
) -> JsResult<Ts<core::ScanReport>> {
    let data = bytes_or_string(&data, "data")?;
    to_js(&core::scan_bytes(format(format_name)?, &data, &self::options(options)?)?)
}

/// Masks a whole input.
#[wasm_bindgen(js_name = maskApply)]
pub fn mask_apply(
    policy: &MaskPolicy,
    format_name: &str,
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] data: JsValue,
    hash_key: Option<Vec<u8>>,
    options: Option<Ts<core::StreamOptions>>,
) -> JsResult<MaskResult> {
    let data = bytes_or_string(&data, "data")?;
    let f = core::apply_bytes(
        &policy.inner,
        format(format_name)?,
        &data,
        hash_key.as_deref(),
        &self::options(options)?,
    )?;
    Ok(f.into())
}

/// Verifies a whole input.
#[wasm_bindgen(js_name = maskVerify)]
pub fn mask_verify(
    policy: &MaskPolicy,
    format_name: &str,
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] data: JsValue,
    #[wasm_bindgen(unchecked_param_type = "MaskManifest | string | Uint8Array | object | undefined")]
    manifest: JsValue,
    options: Option<Ts<core::StreamOptions>>,
) -> JsResult<Ts<core::VerifyReport>> {
    let data = bytes_or_string(&data, "data")?;
    let m = manifest_arg(&manifest)?;
    to_js(&core::verify_bytes(
        &policy.inner,
        m.as_ref(),
        format(format_name)?,
        &data,
        &self::options(options)?,
    )?)
}

/// The de-identification check over records pushed in chunks (bounded
/// memory: one counter per equivalence class).
#[wasm_bindgen]
pub struct DeidChecker {
    inner: Option<core::DeidChecker>,
}

#[wasm_bindgen]
impl DeidChecker {
    /// `format`: `json` (an array), `ndjson`, `csv`, `xlsx`, `xls` or `ods`; `options`: `DeidOptions`
    /// (`quasi` required; `k` 5 and `l` 2 by default).
    #[wasm_bindgen(constructor)]
    pub fn new(format_name: &str, options: Ts<core::DeidOptions>) -> JsResult<DeidChecker> {
        let o = from_js(options, "options")?;
        Ok(DeidChecker { inner: Some(core::DeidChecker::new(format(format_name)?, &o)?) })
    }

    /// Feeds the next chunk.
    pub fn push(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] chunk: JsValue,
    ) -> JsResult<()> {
        let c = self.inner.as_mut().ok_or_else(|| finished("deid checker"))?;
        Ok(c.push(&bytes_or_string(&chunk, "chunk")?)?)
    }

    /// Ends the input; returns the report (`k_anonymous`, `l_diverse`, `deidentified`, `passed`…).
    pub fn finish(&mut self) -> JsResult<Ts<core::DeidReport>> {
        to_js(&self.inner.take().ok_or_else(|| finished("deid checker"))?.finish()?)
    }
}

/// Checks a whole input for de-identification (k-anonymity, ℓ-diversity,
/// direct identifiers masked).
#[wasm_bindgen(js_name = checkDeid)]
pub fn check_deid(
    format_name: &str,
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] data: JsValue,
    options: Ts<core::DeidOptions>,
) -> JsResult<Ts<core::DeidReport>> {
    let data = bytes_or_string(&data, "data")?;
    let o = from_js(options, "options")?;
    to_js(&core::check_deid(format(format_name)?, &data, &o)?)
}

/// The identifiers in one text (offsets in UTF-8 bytes and in characters).
#[wasm_bindgen(js_name = detectIdentifiers)]
pub fn detect_identifiers(text: &str) -> JsResult<Vec<Ts<core::DetectedIdentifier>>> {
    list_to_js(&core::detect_identifiers(text))
}

/// `a` reveals no more than `b`.
#[wasm_bindgen(js_name = ruleAtLeastAsStrict)]
pub fn rule_at_least_as_strict(a: Ts<core::FieldRule>, b: Ts<core::FieldRule>) -> JsResult<bool> {
    Ok(core::rule_at_least_as_strict(&from_js(a, "a")?, &from_js(b, "b")?)?)
}
