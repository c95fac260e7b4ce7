//! Masking rules: apply them, and verify on the client that received data is
//! masked as its grade and declared rule demand, with no identifier leaking.
//!
//! - [`MaskPolicy`]: the rule each field must be masked to, written by hand
//!   (`docs/masking.md`) or derived from catalog items and an approval.
//! - [`MaskManifest`]: the rules a provider declares it applied.
//! - [`Masker`] applies a policy, [`MaskVerifier`] checks received data,
//!   [`Scanner`] finds identifiers; all three stream (push `feed`, then
//!   `finish`) over JSON arrays, NDJSON and CSV with bounded memory; a
//!   workbook (`.xlsx`, `.xls`, `.ods`, `sheet.rs`) is gathered whole and
//!   read at `finish`, within [`MAX_WORKBOOK_BYTES`].
//! - [`detect`](detect::detect): the identifier detectors on one text.
//! - [`DeidChecker`] / [`check_deid`]: the de-identification check of a
//!   received dataset (direct identifiers masked, k-anonymity over the
//!   quasi-identifiers, ℓ-diversity of sensitive attributes), streaming too.
//!
//! Reports never contain a raw value: excerpts go through
//! [`redact_excerpt`], which shows at most 4 characters.

mod columns;
mod deid;
pub mod detect;
mod engine;
mod generalize;
mod input;
mod policy;
pub mod rule;
mod sheet;
mod unicode_fold;

pub use columns::{ArrowColumn, ArrowKind, ColumnsCsv};
pub use deid::{check_deid, DeidChecker, DeidOptions, DeidReport, GeneralizationHint, QuasiCombination};
pub use detect::{DetectReason, DetectorKind};
pub(crate) use engine::redact_name;
pub use engine::{
    redact_excerpt, ApplyReport, CountByName, FieldStats, MaskFinish, MaskVerifier, Masker, ReportWarning,
    ScanFinding, ScanReport, Scanner, StreamOptions, VerifyReport, Violation,
};
pub use input::DataFormat;
pub use policy::{default_rule, Approval, DeriveOptions, MaskManifest, MaskPolicy, MANIFEST_VERSION};
pub use rule::{FieldRule, GeneralizeTo, HashAlg, KeepScope, RuleKind};
pub use sheet::MAX_WORKBOOK_BYTES;

use serde::{Deserialize, Serialize};

use crate::error::Result;

/// One identifier found in a text, for bindings: byte offsets into the UTF-8
/// text and character (Unicode scalar) offsets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct DetectedIdentifier {
    pub kind: String,
    pub reason: String,
    pub start: u64,
    pub end: u64,
    pub char_start: u64,
    pub char_end: u64,
    pub excerpt: String,
}

/// Finds the identifiers in one text (free text or a single value).
pub fn detect_identifiers(text: &str) -> Vec<DetectedIdentifier> {
    let dets = detect::detect(text);
    let mut out = Vec::with_capacity(dets.len());
    // Character offsets by one forward walk.
    let mut chars = 0u64;
    let mut at = 0usize;
    let mut count_to = |pos: usize| -> u64 {
        chars += text.get(at..pos).map_or(0, |s| s.chars().count() as u64);
        at = pos.max(at);
        chars
    };
    for d in dets {
        let char_start = count_to(d.start);
        let char_end = count_to(d.end);
        out.push(DetectedIdentifier {
            kind: d.kind.as_str().to_owned(),
            reason: d.reason.as_str().to_owned(),
            start: d.start as u64,
            end: d.end as u64,
            char_start,
            char_end,
            excerpt: redact_excerpt(text.get(d.start..d.end).unwrap_or("")),
        });
    }
    out
}

/// `a` reveals no more than `b` (the strictness order, see [`rule::Rule::at_least_as_strict`]).
pub fn rule_at_least_as_strict(a: &FieldRule, b: &FieldRule) -> Result<bool> {
    let ra = rule::Rule::from_spec(a, "$.a")?;
    let rb = rule::Rule::from_spec(b, "$.b")?;
    Ok(ra.at_least_as_strict(&rb))
}

/// Scans a whole input at once.
pub fn scan_bytes(format: DataFormat, data: &[u8], options: &StreamOptions) -> Result<ScanReport> {
    let mut s = Scanner::new(format, options);
    s.feed(data)?;
    s.finish()
}

/// Masks a whole input at once.
pub fn apply_bytes(
    policy: &MaskPolicy,
    format: DataFormat,
    data: &[u8],
    hash_key: Option<&[u8]>,
    options: &StreamOptions,
) -> Result<MaskFinish> {
    let mut m = Masker::new(policy, format, hash_key, options)?;
    let mut output = m.feed(data)?;
    let mut fin = m.finish()?;
    output.append(&mut fin.output);
    fin.output = output;
    Ok(fin)
}

/// Verifies a whole input at once.
pub fn verify_bytes(
    policy: &MaskPolicy,
    manifest: Option<&MaskManifest>,
    format: DataFormat,
    data: &[u8],
    options: &StreamOptions,
) -> Result<VerifyReport> {
    let mut v = MaskVerifier::new(policy, manifest, format, options)?;
    v.feed(data)?;
    v.finish()
}
