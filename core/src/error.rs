//! The one error type of govshare.
//!
//! Every failure any binding can see is a variant here. Each has a stable
//! machine [`Error::code`] (snake_case, never renamed once released), an
//! English message (`Display`) and a Chinese one ([`Error::message_zh`]), and
//! where it makes sense a [`Location`] in the input.
//!
//! **Messages never echo a secret or a personal value.** A variant's fields
//! hold only positions, field names, codes and counts that are safe to log;
//! constructors take care not to copy input values into `detail`.

use std::fmt;

/// Where in an input an error was found. All parts are optional: a JSON path
/// like `$.resources[3].items[0].grade`, and a 1-based line and column.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Location {
    pub path: Option<String>,
    pub line: Option<u64>,
    pub column: Option<u64>,
}

impl Location {
    pub fn path(path: impl Into<String>) -> Self {
        Location { path: Some(path.into()), line: None, column: None }
    }

    pub fn at(path: Option<String>, line: u64, column: u64) -> Self {
        Location { path, line: Some(line), column: Some(column) }
    }

    fn is_empty(&self) -> bool {
        self.path.is_none() && self.line.is_none()
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut wrote = false;
        if let Some(p) = &self.path {
            f.write_str(p)?;
            wrote = true;
        }
        if let (Some(l), Some(c)) = (self.line, self.column) {
            if wrote {
                f.write_str(" ")?;
            }
            write!(f, "(line {l}, column {c})")?;
            wrote = true;
        }
        if !wrote {
            f.write_str("input")?;
        }
        Ok(())
    }
}

/// What sort of failure an [`Error`] is ([`Error::kind`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum ErrorKind {
    /// The input is malformed or not allowed: fix it and try again.
    Input,
    /// The input is fine but the current state forbids it (an illegal move,
    /// a catalog of another version, a retention not ended, no entitlement).
    State,
    /// A verification failed: the signature, digest, freshness or chain
    /// does not hold. Do not use what was verified.
    Verdict,
    /// A documented limit was reached (size, depth, capacity).
    Limit,
    /// The platform answered with an error.
    Platform,
    /// govshare could not do its work (no randomness, an output not written).
    Internal,
}

impl ErrorKind {
    pub const ALL: [ErrorKind; 6] = [
        ErrorKind::Input,
        ErrorKind::State,
        ErrorKind::Verdict,
        ErrorKind::Limit,
        ErrorKind::Platform,
        ErrorKind::Internal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Input => "input",
            ErrorKind::State => "state",
            ErrorKind::Verdict => "verdict",
            ErrorKind::Limit => "limit",
            ErrorKind::Platform => "platform",
            ErrorKind::Internal => "internal",
        }
    }
}

/// Shorthand used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong, with a stable [`code`](Error::code).
///
/// Variants are grouped by the module that raises them. Add new variants to
/// the group they belong to, with their code in [`Error::code`] and Chinese
/// text in [`Error::message_zh`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    // ---------------------------------------------------------------- input
    /// Not well-formed JSON (truncated, bad syntax, bad escape).
    #[error("malformed JSON at {location}: {detail}")]
    Json { location: Location, detail: String },

    /// Well-formed, but a field has the wrong type, an unknown enum value, is
    /// missing, or is not allowed.
    #[error("invalid value at {location}: {detail}")]
    InvalidValue { location: Location, detail: String },

    /// The input is not UTF-8.
    #[error("input is not valid UTF-8 at byte {offset}")]
    NotUtf8 { offset: u64 },

    /// An input exceeds a documented limit (size, nesting depth, string length).
    #[error("input exceeds the limit of {limit} for {what} at {location}")]
    LimitExceeded { what: String, limit: u64, location: Location },

    /// The document declares a format or version this build cannot read.
    #[error("unsupported format {found:?} (expected {expected})")]
    UnsupportedFormat { found: String, expected: String },

    /// A caller passed an argument that makes no sense (empty query list, zero limit...).
    #[error("invalid argument {name}: {detail}")]
    InvalidArgument { name: String, detail: String },

    // -------------------------------------------------------------- catalog
    /// A delta was made for another catalog version; the catalog is unchanged.
    #[error("delta is for catalog version {delta_base}, but the catalog is at version {catalog_version}; nothing was changed")]
    DeltaBaseMismatch { delta_base: u64, catalog_version: u64 },

    /// A delta was made for another catalog; the catalog is unchanged.
    #[error("delta is for catalog {delta_catalog:?}, not {catalog:?}; nothing was changed")]
    DeltaCatalogMismatch { delta_catalog: String, catalog: String },

    /// A delta change cannot be applied (add of an existing code, replace or
    /// withdraw of an unknown one); the catalog is unchanged.
    #[error("delta change {index} ({op} {code}) cannot be applied: {detail}; nothing was changed")]
    DeltaConflict { index: u64, op: String, code: String, detail: String },

    /// Bytes are not a govshare catalog snapshot, or were damaged.
    #[error("catalog snapshot is invalid: {detail}")]
    SnapshotInvalid { detail: String },

    /// A snapshot of another (older/newer) snapshot format.
    #[error("catalog snapshot format version {found} is not supported (this build reads {supported})")]
    SnapshotVersion { found: u32, supported: u32 },

    /// A published index manifest that is malformed, not canonical or
    /// names sections or files this build does not read (its signature held).
    #[error("published catalog index manifest is invalid: {detail}")]
    IndexManifestInvalid { detail: String },

    /// A section of a published index whose bytes do not match the signed
    /// manifest (digest, length or structure): damaged or tampered with.
    #[error("published catalog index section {section:?} does not match its manifest: {detail}; nothing was loaded")]
    IndexSectionMismatch { section: String, detail: String },

    /// A genuine published index, but not the one the reader asked for:
    /// another catalog, an older version, or another signing key.
    #[error("published catalog index is not the one expected: {detail}; nothing was loaded")]
    IndexCatalogMismatch { detail: String },

    /// Fetching a catalog, or a published index or part of one, failed
    /// before govshare could check a byte: an HTTP error status, no
    /// response, or a whole file sent for a range. Raised by the npm
    /// loaders (and by readers that throw it); `what` is a file name or
    /// path, never a query string.
    #[error("fetching {what} failed: {detail}")]
    FetchFailed { what: String, detail: String },

    /// Two catalogs with the same id were added to one catalog set.
    #[error("a catalog with id {id:?} is already in this set")]
    DuplicateCatalog { id: String },

    /// A resource code that the catalog does not have.
    #[error("no resource with code {code:?} in the catalog")]
    UnknownResource { code: String },
    // -------------------------------------------------------------- request
    /// A JSON object has the same member name twice (RFC 8785 and the
    /// application format reject it: which value wins is undefined).
    #[error("duplicate object member name at {location}")]
    DuplicateKey { location: Location },

    /// A `\u` escape names half of a UTF-16 surrogate pair without the other half.
    #[error("lone UTF-16 surrogate in a string at {location}")]
    LoneSurrogate { location: Location },

    /// A JSON number whose value is outside IEEE-754 double range (e.g. `1e400`).
    #[error("number at {location} is outside the IEEE-754 double range")]
    NumberOutOfRange { location: Location },

    /// A lifecycle step the application's state does not allow.
    #[error("illegal transition from {from} to {to}: {detail}")]
    IllegalTransition { from: String, to: String, detail: String },

    /// A data request outside the department's current entitlements; nothing was sent.
    #[error("not entitled to {what} of resource {resource:?}: {detail}")]
    NotEntitled { resource: String, what: String, detail: String },

    /// The platform answered with an error status. `platform_message` is the
    /// platform's own text; it is kept out of `Display` since it is not ours to vouch for.
    #[error("the platform answered HTTP {status} with error code {platform_code:?}")]
    PlatformError { status: u16, platform_code: String, platform_message: String },
    // ----------------------------------------------------------------- sign
    /// Key material that cannot be read (bad DER/PEM/JWK, wrong length, a
    /// point not on the curve). Never says what the bytes were.
    #[error("invalid key: {detail}")]
    InvalidKey { detail: String },

    /// An algorithm name this build does not implement.
    #[error("unknown signature algorithm {name:?}")]
    UnknownAlgorithm { name: String },

    /// The key is of another type than the algorithm needs (an Ed25519 key
    /// for `hmac-sha256`, a signature's `alg` that differs from the key's).
    #[error("key is for {key_algorithm}, but {requested} was requested")]
    KeyAlgorithmMismatch { key_algorithm: String, requested: String },

    /// Signing (and SM2 decryption) needs a private key (or secret) and this
    /// key is public only.
    #[error("this {algorithm} key is public only and cannot sign or decrypt")]
    PublicKeyOnly { algorithm: String },

    /// A signature does not verify, or has the wrong length or encoding.
    #[error("signature is invalid: {detail}")]
    SignatureInvalid { detail: String },

    /// A structured header field (RFC 8941) that does not parse strictly.
    #[error("malformed structured field {field} at character {offset}: {detail}")]
    MalformedStructuredField { field: String, offset: u64, detail: String },

    /// A signature label occurs twice in Signature-Input or Signature.
    #[error("signature label {label:?} occurs more than once in {field}")]
    DuplicateLabel { label: String, field: String },

    /// No signature with this label (or, with no label given, no single
    /// signature to choose).
    #[error("signature label {label:?} not found: {detail}")]
    LabelNotFound { label: String, detail: String },

    /// A covered component is not in the message (header absent, dictionary
    /// key absent, query parameter absent, `;req` without a request).
    #[error("covered component {component} is not in the message")]
    MissingComponent { component: String },

    /// A covered component cannot be used: unknown derived component or
    /// parameter, incompatible parameters, a duplicate, or a value that is
    /// not ASCII or cannot be derived.
    #[error("covered component {component} cannot be used: {detail}")]
    InvalidComponent { component: String, detail: String },

    /// The verification policy requires a component the signature does not cover.
    #[error("signature {label:?} does not cover the required component {component}")]
    ComponentNotCovered { label: String, component: String },

    /// The verification policy requires a signature parameter that is absent.
    #[error("signature {label:?} has no {parameter} parameter, which the policy requires")]
    MissingSignatureParameter { label: String, parameter: String },

    /// The body has content but the signature does not cover `content-digest`.
    #[error("signature {label:?} does not cover content-digest, so the body is not signed")]
    BodyNotCovered { label: String },

    /// Content-Digest does not match the body.
    #[error("Content-Digest {algorithm} does not match the body")]
    DigestMismatch { algorithm: String },

    /// Content-Digest names no digest algorithm this build knows.
    #[error("Content-Digest uses no supported algorithm (sha-256, sha-512, sm3)")]
    UnsupportedDigest,

    /// The signature has expired (its `expires`, or `created` + max age, is past).
    #[error("signature {label:?} has expired")]
    Expired { label: String },

    /// The signature's `created` lies in the future beyond the allowed clock skew.
    #[error("signature {label:?} was created in the future")]
    CreatedInFuture { label: String },

    /// The nonce was seen before for this key.
    #[error("signature {label:?} reuses a nonce that was already seen")]
    ReplayedNonce { label: String },

    /// The nonce store is full of unexpired nonces; refusing instead of forgetting one.
    #[error("nonce store is full ({capacity} unexpired nonces)")]
    NonceStoreFull { capacity: u64 },

    /// `finish_signature` got a message whose signature base differs from the prepared one.
    #[error("the message changed after prepare_signature; prepare again")]
    PreparedSignatureStale,

    /// The system random number generator failed.
    #[error("the system random number generator is unavailable")]
    RandomUnavailable,

    /// A gateway header the scheme needs (`x-tif-timestamp`, `x-tif-nonce`,
    /// `x-tif-signature`, …) is absent. Names the header, never a value.
    #[error("gateway header {header} is missing")]
    GatewayHeaderMissing { header: String },

    /// A gateway header occurs more than once: which one the gateway signed is unknown.
    #[error("gateway header {header} occurs more than once")]
    GatewayHeaderDuplicated { header: String },

    /// A gateway timestamp header is not plain decimal Unix seconds.
    #[error("gateway header {header} is not plain decimal Unix seconds")]
    GatewayTimestampInvalid { header: String },

    /// The sender's timestamp is further from the verifier's clock than the
    /// window allows (x-tif gateways allow about 180 s). `offset_seconds` is
    /// the sender's time minus the verifier's: positive when the sender is ahead.
    #[error("clock skew of {offset_seconds} s (the sender's time minus ours) is outside the allowed {window_seconds} s window; check both clocks (NTP) before suspecting the signature")]
    ClockSkew { offset_seconds: i64, window_seconds: u64 },

    /// A gateway signature (x-tif) is not hex of one case, or does not match:
    /// another token, or the timestamp, nonce or user headers were changed.
    #[error("gateway signature {header} is invalid: {detail}")]
    GatewaySignatureMismatch { header: String, detail: String },
    // ----------------------------------------------------------------- mask
    /// A masking policy (or derive options / approval) is malformed: unknown
    /// rule, parameter of another rule, bad path, bad mask character...
    #[error("masking policy is invalid at {location}: {detail}")]
    MaskPolicyInvalid { location: Location, detail: String },

    /// A masking manifest is malformed or of an unsupported version.
    #[error("masking manifest is invalid at {location}: {detail}")]
    MaskManifestInvalid { location: Location, detail: String },

    /// An approval asks for a rule looser than the grade's default without
    /// saying `"allow_looser": true`.
    #[error(
        "approval rule for field {field:?} is looser than the required rule and does not set allow_looser"
    )]
    ApprovalRuleLooser { field: String },

    /// The policy hashes a field but no HMAC key was given.
    #[error("field {field:?} uses the hash rule but no hash key was given")]
    HashKeyMissing { field: String },

    /// CSV input ends inside a quoted field (or is otherwise unreadable).
    #[error("malformed CSV at line {line}: {detail}")]
    CsvMalformed { line: u64, detail: String },

    /// The output writer given to a masker failed.
    #[error("writing the masked output failed: {detail}")]
    OutputWrite { detail: String },

    /// A column named for the de-identification check (`role`: `quasi`,
    /// `sensitive` or `direct`) is not in the data: not in the CSV header,
    /// or a member of no JSON record. Names the column, never a value.
    #[error("column {column:?} (named as {role}) is not in the data")]
    DeidColumnMissing { column: String, role: String },

    /// The dataset has no record: k-anonymity and ℓ-diversity cannot be assessed.
    #[error("the dataset has no records: k-anonymity and l-diversity cannot be assessed")]
    DeidEmptyDataset,

    /// A workbook (`format`: xlsx, xls, ods) cannot be read: not a workbook
    /// of that format, or a damaged one.
    #[error("the {format} workbook cannot be read: {detail}")]
    SheetUnreadable { format: String, detail: String },

    /// The workbook has no sheet of the name asked for (the name is the
    /// caller's; the workbook's own names are not listed).
    #[error("the workbook has no sheet named {sheet:?} (it has {sheets} sheets)")]
    SheetNotFound { sheet: String, sheets: u64 },

    /// A cell holds a formula: its cached value may not be what the provider
    /// computed, so the sheet is refused (fail closed). Save values only.
    #[error("{location} holds a formula; export the sheet with values only")]
    SheetFormula { location: Location },

    /// A merged cell takes in the header row: which column a name is for is unclear.
    #[error("{location} is a merged region that takes in the header row; unmerge the header cells")]
    SheetMergedHeader { location: Location },

    /// A header cell is empty or repeats another (`detail` says which).
    #[error("invalid header cell at {location}: {detail}")]
    SheetHeaderInvalid { location: Location, detail: String },

    /// A cell holds an error value (`#N/A`, `#DIV/0!`…).
    #[error("{location} holds an error value (such as #N/A) instead of data")]
    SheetErrorCell { location: Location },

    /// A cell right of the header's last column holds a value.
    #[error("{location} holds a value right of the header's last column")]
    SheetRaggedRow { location: Location },

    // ---------------------------------------------------------------- audit
    /// A log line is not a well-formed audit entry.
    #[error("audit entry is invalid at {location}: {detail}")]
    AuditEntryInvalid { location: Location, detail: String },

    /// An audit field holds a personal identifier: entries carry codes and
    /// digests only. `kind` names the identifier kind, never its value.
    #[error("{location} holds a personal identifier ({kind}); audit entries carry codes and digests only")]
    AuditPersonalValue { location: Location, kind: String },

    /// A report was asked of a log that does not verify.
    #[error(
        "the audit log does not verify ({problem} at line {line}); run `audit verify` for every problem"
    )]
    AuditChainBroken { line: u64, problem: String },

    /// A destruction receipt for data destroyed on or before its last day of retention.
    #[error("{location} is on or before retention_until: the retention period has not ended")]
    RetentionNotEnded { location: Location },

    /// A symmetric (HMAC) key given to check another party's signature:
    /// whoever holds it could have signed, so it proves nothing about them.
    #[error("a symmetric (HMAC) key cannot prove that another party signed; trust it explicitly (trust_symmetric, --allow-symmetric) if that is meant")]
    SymmetricKeyRefused,

    // --------------------------------------------------------------- crypto
    /// A symmetric key of the wrong length (SM4: 16 bytes; a key file: 16
    /// raw bytes or 32 hex digits). Only lengths are said, never the key.
    #[error("{algorithm} key must be {expected}, got {found} bytes")]
    CipherKeyLength { algorithm: String, expected: String, found: u64 },

    /// An IV or nonce of the wrong length for the mode (none for ECB, 16
    /// bytes for CBC and CTR, 12 for GCM).
    #[error("{mode} takes an IV/nonce of {expected} bytes, got {found}")]
    IvLength { mode: String, expected: u64, found: u64 },

    /// A ciphertext too short or of the wrong length for its mode.
    #[error("{mode} ciphertext is truncated: {detail}")]
    CiphertextTruncated { mode: String, detail: String },

    /// ECB/CBC decryption ended in an invalid PKCS#7 padding: wrong key or
    /// IV, or an altered ciphertext. No plaintext is returned.
    #[error("decryption failed: the PKCS#7 padding is invalid (wrong key or IV, or the ciphertext was altered); no plaintext was returned")]
    BadPadding,

    /// The GCM tag does not verify: wrong key, nonce or associated data, or
    /// an altered ciphertext or tag. No plaintext is returned.
    #[error("decryption failed: the GCM tag does not match (wrong key, nonce or associated data, or the ciphertext was altered); no plaintext was returned")]
    TagMismatch,

    /// A ciphertext whose structure does not match the format named (SM2:
    /// C1 not starting with `04` when the prefix is expected, a DER
    /// structure that is not `SEQUENCE {x, y, C3, C2}`). Says where, never
    /// what bytes.
    #[error("{format} ciphertext is malformed: {detail}")]
    CiphertextMalformed { format: String, detail: String },

    /// SM2: C1 (or a public key's coordinates) is not a point of sm2p256v1
    /// (GB/T 32918.4 B1). Often a ciphertext read with the wrong `04`
    /// prefix option, or altered C1 bytes.
    #[error(
        "{what} is not a point on the SM2 curve (check the 04 prefix option, or the bytes were altered)"
    )]
    PointNotOnCurve { what: String },

    /// SM2 decryption: C3 = SM3(x2 ‖ M ‖ y2) does not match (GB/T 32918.4
    /// B6): wrong private key, the wrong order (C1C3C2 vs C1C2C3), or an
    /// altered ciphertext. No plaintext is returned.
    #[error("decryption failed: the SM2 C3 hash does not match (wrong private key, wrong ciphertext order c1c3c2/c1c2c3, or the ciphertext was altered); no plaintext was returned")]
    DecryptionFailed,

    // ------------------------------------------------------------- envelope
    /// An envelope's `from`, `to` or `about` is not what the opener
    /// expected (names the member, never its value).
    #[error("the envelope's {member} is not the one expected")]
    EnvelopeContextMismatch { member: String },

    /// The key or KEK given is not the envelope's recipient (another SM2
    /// key's thumbprint, another KEK id, or the other wrap kind).
    #[error("this envelope was not sealed for the key given (recipient thumbprint or KEK id differs, or the wrap kind is the other one)")]
    EnvelopeWrongRecipient,

    // ---------------------------------------------------------------- store
    /// A sealed store's chain or form does not hold at record `record`
    /// (changed, inserted, dropped or reordered lines, a torn tail where an
    /// intact store is needed). Never quotes the record.
    #[error("sealed store is corrupt at record {record}: {detail}")]
    StoreCorrupt { record: u64, detail: String },

    /// A page that cannot be read or written: not in the store, incomplete
    /// (its last chunk was never written), or written already.
    #[error("page {page} of the sealed store: {reason}")]
    StorePageUnavailable { page: u64, reason: String },

    /// The store was disposed of by deletion: its data key is gone.
    #[error(
        "the sealed store's data key was destroyed (disposed of by deletion); nothing can be read or added"
    )]
    StoreKeyDestroyed,

    /// The disposal asked for is not the one the grant requires (Art. 27 ¶1:
    /// the provider decides the method).
    #[error("the grant requires disposal by {required}, not {requested} (Art. 27)")]
    DisposalMethodMismatch { required: String, requested: String },
}

impl Error {
    /// The stable machine code: what programs match on.
    pub fn code(&self) -> &'static str {
        match self {
            // input
            Error::Json { .. } => "malformed_json",
            Error::InvalidValue { .. } => "invalid_value",
            Error::NotUtf8 { .. } => "not_utf8",
            Error::LimitExceeded { .. } => "limit_exceeded",
            Error::UnsupportedFormat { .. } => "unsupported_format",
            Error::InvalidArgument { .. } => "invalid_argument",
            // catalog
            Error::DeltaBaseMismatch { .. } => "delta_base_mismatch",
            Error::DeltaCatalogMismatch { .. } => "delta_catalog_mismatch",
            Error::DeltaConflict { .. } => "delta_conflict",
            Error::SnapshotInvalid { .. } => "snapshot_invalid",
            Error::SnapshotVersion { .. } => "snapshot_version",
            Error::IndexManifestInvalid { .. } => "index_manifest_invalid",
            Error::IndexSectionMismatch { .. } => "index_section_mismatch",
            Error::IndexCatalogMismatch { .. } => "index_catalog_mismatch",
            Error::FetchFailed { .. } => "fetch_failed",
            Error::DuplicateCatalog { .. } => "duplicate_catalog",
            Error::UnknownResource { .. } => "unknown_resource",
            // request
            Error::DuplicateKey { .. } => "duplicate_key",
            Error::LoneSurrogate { .. } => "lone_surrogate",
            Error::NumberOutOfRange { .. } => "number_out_of_range",
            Error::IllegalTransition { .. } => "illegal_transition",
            Error::NotEntitled { .. } => "not_entitled",
            Error::PlatformError { .. } => "platform_error",
            // sign
            Error::InvalidKey { .. } => "invalid_key",
            Error::UnknownAlgorithm { .. } => "unknown_algorithm",
            Error::KeyAlgorithmMismatch { .. } => "key_algorithm_mismatch",
            Error::PublicKeyOnly { .. } => "public_key_only",
            Error::SignatureInvalid { .. } => "signature_invalid",
            Error::MalformedStructuredField { .. } => "malformed_structured_field",
            Error::DuplicateLabel { .. } => "duplicate_label",
            Error::LabelNotFound { .. } => "label_not_found",
            Error::MissingComponent { .. } => "missing_component",
            Error::InvalidComponent { .. } => "invalid_component",
            Error::ComponentNotCovered { .. } => "component_not_covered",
            Error::MissingSignatureParameter { .. } => "missing_signature_parameter",
            Error::BodyNotCovered { .. } => "body_not_covered",
            Error::DigestMismatch { .. } => "digest_mismatch",
            Error::UnsupportedDigest => "unsupported_digest",
            Error::Expired { .. } => "expired",
            Error::CreatedInFuture { .. } => "created_in_future",
            Error::ReplayedNonce { .. } => "replayed_nonce",
            Error::NonceStoreFull { .. } => "nonce_store_full",
            Error::PreparedSignatureStale => "prepared_signature_stale",
            Error::RandomUnavailable => "random_unavailable",
            Error::GatewayHeaderMissing { .. } => "gateway_header_missing",
            Error::GatewayHeaderDuplicated { .. } => "gateway_header_duplicated",
            Error::GatewayTimestampInvalid { .. } => "gateway_timestamp_invalid",
            Error::ClockSkew { .. } => "clock_skew",
            Error::GatewaySignatureMismatch { .. } => "gateway_signature_mismatch",
            // mask
            Error::MaskPolicyInvalid { .. } => "mask_policy_invalid",
            Error::MaskManifestInvalid { .. } => "mask_manifest_invalid",
            Error::ApprovalRuleLooser { .. } => "approval_rule_looser",
            Error::HashKeyMissing { .. } => "hash_key_missing",
            Error::CsvMalformed { .. } => "csv_malformed",
            Error::OutputWrite { .. } => "output_write_failed",
            Error::DeidColumnMissing { .. } => "deid_column_missing",
            Error::DeidEmptyDataset => "deid_empty_dataset",
            Error::SheetUnreadable { .. } => "sheet_unreadable",
            Error::SheetNotFound { .. } => "sheet_not_found",
            Error::SheetFormula { .. } => "sheet_formula",
            Error::SheetMergedHeader { .. } => "sheet_merged_header",
            Error::SheetHeaderInvalid { .. } => "sheet_header_invalid",
            Error::SheetErrorCell { .. } => "sheet_error_cell",
            Error::SheetRaggedRow { .. } => "sheet_ragged_row",
            // audit
            Error::AuditEntryInvalid { .. } => "audit_entry_invalid",
            Error::AuditPersonalValue { .. } => "audit_personal_value",
            Error::AuditChainBroken { .. } => "audit_chain_broken",
            Error::RetentionNotEnded { .. } => "retention_not_ended",
            Error::SymmetricKeyRefused => "symmetric_key_refused",
            // crypto
            Error::CipherKeyLength { .. } => "key_length",
            Error::IvLength { .. } => "iv_length",
            Error::CiphertextTruncated { .. } => "ciphertext_truncated",
            Error::BadPadding => "bad_padding",
            Error::TagMismatch => "tag_mismatch",
            Error::CiphertextMalformed { .. } => "ciphertext_malformed",
            Error::PointNotOnCurve { .. } => "point_not_on_curve",
            Error::DecryptionFailed => "decryption_failed",
            Error::EnvelopeContextMismatch { .. } => "envelope_context_mismatch",
            Error::EnvelopeWrongRecipient => "envelope_wrong_recipient",
            Error::StoreCorrupt { .. } => "store_corrupt",
            Error::StorePageUnavailable { .. } => "store_page_unavailable",
            Error::StoreKeyDestroyed => "store_key_destroyed",
            Error::DisposalMethodMismatch { .. } => "disposal_method_mismatch",
        }
    }

    /// What sort of failure this is, so callers need not match code strings:
    /// bad input to fix, a state that forbids the move, a verification that
    /// failed, a limit reached, the platform's refusal, or an internal fault.
    pub fn kind(&self) -> ErrorKind {
        use Error::*;
        match self {
            Json { .. }
            | InvalidValue { .. }
            | NotUtf8 { .. }
            | UnsupportedFormat { .. }
            | InvalidArgument { .. } => ErrorKind::Input,
            SnapshotInvalid { .. }
            | SnapshotVersion { .. }
            | IndexManifestInvalid { .. }
            | DuplicateCatalog { .. }
            | UnknownResource { .. } => ErrorKind::Input,
            DuplicateKey { .. } | LoneSurrogate { .. } | NumberOutOfRange { .. } => ErrorKind::Input,
            InvalidKey { .. }
            | UnknownAlgorithm { .. }
            | KeyAlgorithmMismatch { .. }
            | PublicKeyOnly { .. }
            | SymmetricKeyRefused => ErrorKind::Input,
            MalformedStructuredField { .. }
            | DuplicateLabel { .. }
            | LabelNotFound { .. }
            | MissingComponent { .. }
            | InvalidComponent { .. }
            | UnsupportedDigest => ErrorKind::Input,
            GatewayHeaderMissing { .. } | GatewayHeaderDuplicated { .. } | GatewayTimestampInvalid { .. } => {
                ErrorKind::Input
            }
            ClockSkew { .. } | GatewaySignatureMismatch { .. } => ErrorKind::Verdict,
            MaskPolicyInvalid { .. }
            | MaskManifestInvalid { .. }
            | ApprovalRuleLooser { .. }
            | HashKeyMissing { .. }
            | CsvMalformed { .. }
            | DeidColumnMissing { .. }
            | DeidEmptyDataset
            | SheetUnreadable { .. }
            | SheetNotFound { .. }
            | SheetFormula { .. }
            | SheetMergedHeader { .. }
            | SheetHeaderInvalid { .. }
            | SheetErrorCell { .. }
            | SheetRaggedRow { .. } => ErrorKind::Input,
            AuditEntryInvalid { .. } | AuditPersonalValue { .. } => ErrorKind::Input,
            CipherKeyLength { .. }
            | IvLength { .. }
            | CiphertextTruncated { .. }
            | CiphertextMalformed { .. }
            | PointNotOnCurve { .. } => ErrorKind::Input,
            DeltaBaseMismatch { .. }
            | DeltaCatalogMismatch { .. }
            | DeltaConflict { .. }
            | IllegalTransition { .. }
            | NotEntitled { .. }
            | PreparedSignatureStale
            | RetentionNotEnded { .. } => ErrorKind::State,
            SignatureInvalid { .. }
            | IndexSectionMismatch { .. }
            | IndexCatalogMismatch { .. }
            | ComponentNotCovered { .. }
            | MissingSignatureParameter { .. }
            | BodyNotCovered { .. }
            | DigestMismatch { .. }
            | Expired { .. }
            | CreatedInFuture { .. }
            | ReplayedNonce { .. }
            | AuditChainBroken { .. }
            | BadPadding
            | TagMismatch
            | DecryptionFailed
            | EnvelopeContextMismatch { .. }
            | EnvelopeWrongRecipient
            | StoreCorrupt { .. } => ErrorKind::Verdict,
            StorePageUnavailable { .. } => ErrorKind::Input,
            StoreKeyDestroyed | DisposalMethodMismatch { .. } => ErrorKind::State,
            LimitExceeded { .. } | NonceStoreFull { .. } => ErrorKind::Limit,
            PlatformError { .. } | FetchFailed { .. } => ErrorKind::Platform,
            RandomUnavailable | OutputWrite { .. } => ErrorKind::Internal,
        }
    }

    /// The message in Chinese (zh-CN). `Display` gives the English one.
    pub fn message_zh(&self) -> String {
        match self {
            // input
            Error::Json { location, detail } => format!("JSON 格式错误，位置 {location}：{detail}"),
            Error::InvalidValue { location, detail } => format!("字段值无效，位置 {location}：{detail}"),
            Error::NotUtf8 { offset } => format!("输入不是有效的 UTF-8 编码（第 {offset} 字节）"),
            Error::LimitExceeded { what, limit, location } => {
                format!("输入超出限制：{what} 上限为 {limit}，位置 {location}")
            }
            Error::UnsupportedFormat { found, expected } => {
                format!("不支持的格式 {found:?}（应为 {expected}）")
            }
            Error::InvalidArgument { name, detail } => format!("参数 {name} 无效：{detail}"),
            // catalog
            Error::DeltaBaseMismatch { delta_base, catalog_version } => {
                format!("增量基于目录版本 {delta_base}，但当前目录版本为 {catalog_version}；目录未做任何更改")
            }
            Error::DeltaCatalogMismatch { delta_catalog, catalog } => {
                format!("增量针对目录 {delta_catalog:?}，而非 {catalog:?}；目录未做任何更改")
            }
            Error::DeltaConflict { index, op, code, detail } => {
                format!("增量第 {index} 项变更（{op} {code}）无法应用：{detail}；目录未做任何更改")
            }
            Error::SnapshotInvalid { detail } => format!("目录快照无效：{detail}"),
            Error::SnapshotVersion { found, supported } => {
                format!("不支持目录快照格式版本 {found}（本版本支持 {supported}）")
            }
            Error::IndexManifestInvalid { detail } => format!("已发布目录索引的清单无效：{detail}"),
            Error::IndexSectionMismatch { section, detail } => {
                format!("已发布目录索引的分段 {section:?} 与清单不符：{detail}；未加载任何内容")
            }
            Error::IndexCatalogMismatch { detail } => format!("已发布目录索引不是所要的索引：{detail}；未加载任何内容"),
            Error::FetchFailed { what, detail } => format!("获取 {what} 失败：{detail}"),
            Error::DuplicateCatalog { id } => format!("目录集合中已有标识为 {id:?} 的目录"),
            Error::UnknownResource { code } => format!("目录中没有代码为 {code:?} 的资源"),
            // request
            Error::DuplicateKey { location } => format!("JSON 对象成员名重复，位置 {location}"),
            Error::LoneSurrogate { location } => format!("字符串中有不成对的 UTF-16 代理项，位置 {location}"),
            Error::NumberOutOfRange { location } => format!("数值超出 IEEE-754 双精度范围，位置 {location}"),
            Error::IllegalTransition { from, to, detail } => {
                format!("不允许从状态 {from} 变更为 {to}：{detail}")
            }
            Error::NotEntitled { resource, what, detail } => {
                format!("无权获取资源 {resource:?} 的{what}：{detail}；请求未发送")
            }
            Error::PlatformError { status, platform_code, .. } => {
                format!("共享平台返回 HTTP {status}，错误码 {platform_code:?}")
            }
            // sign
            Error::InvalidKey { detail } => format!("密钥无效：{detail}"),
            Error::UnknownAlgorithm { name } => format!("未知的签名算法 {name:?}"),
            Error::KeyAlgorithmMismatch { key_algorithm, requested } => {
                format!("密钥用于 {key_algorithm}，但请求的算法是 {requested}")
            }
            Error::PublicKeyOnly { algorithm } => format!("该 {algorithm} 密钥只有公钥，不能签名或解密"),
            Error::SignatureInvalid { detail } => format!("签名无效：{detail}"),
            Error::MalformedStructuredField { field, offset, detail } => {
                format!("结构化字段 {field} 格式错误（第 {offset} 个字符）：{detail}")
            }
            Error::DuplicateLabel { label, field } => format!("签名标签 {label:?} 在 {field} 中出现多次"),
            Error::LabelNotFound { label, detail } => format!("找不到签名标签 {label:?}：{detail}"),
            Error::MissingComponent { component } => format!("报文中没有被签名的组成部分 {component}"),
            Error::InvalidComponent { component, detail } => {
                format!("被签名的组成部分 {component} 无法使用：{detail}")
            }
            Error::ComponentNotCovered { label, component } => {
                format!("签名 {label:?} 未覆盖验证策略要求的组成部分 {component}")
            }
            Error::MissingSignatureParameter { label, parameter } => {
                format!("签名 {label:?} 缺少验证策略要求的参数 {parameter}")
            }
            Error::BodyNotCovered { label } => {
                format!("签名 {label:?} 未覆盖 content-digest，报文体未被签名")
            }
            Error::DigestMismatch { algorithm } => format!("Content-Digest（{algorithm}）与报文体不符"),
            Error::UnsupportedDigest => {
                "Content-Digest 未使用受支持的摘要算法（sha-256、sha-512、sm3）".to_owned()
            }
            Error::Expired { label } => format!("签名 {label:?} 已过期"),
            Error::CreatedInFuture { label } => format!("签名 {label:?} 的创建时间晚于当前时间"),
            Error::ReplayedNonce { label } => format!("签名 {label:?} 的随机数（nonce）已被使用过，疑似重放"),
            Error::NonceStoreFull { capacity } => format!("随机数存储已满（{capacity} 个未过期的 nonce）"),
            Error::PreparedSignatureStale => "prepare_signature 之后报文已被修改，请重新准备签名".to_owned(),
            Error::RandomUnavailable => "系统随机数发生器不可用".to_owned(),
            Error::GatewayHeaderMissing { header } => format!("缺少网关请求头 {header}"),
            Error::GatewayHeaderDuplicated { header } => format!("网关请求头 {header} 出现多次"),
            Error::GatewayTimestampInvalid { header } => {
                format!("网关请求头 {header} 不是十进制的 Unix 秒数")
            }
            Error::ClockSkew { offset_seconds, window_seconds } => format!(
                "时钟偏差 {offset_seconds} 秒（发送方时间减本方时间）超出允许的 {window_seconds} 秒范围；请先核对双方时钟（NTP），再怀疑签名"
            ),
            Error::GatewaySignatureMismatch { header, detail } => format!("网关签名 {header} 无效：{detail}"),
            // mask
            Error::MaskPolicyInvalid { location, detail } => {
                format!("脱敏策略无效，位置 {location}：{detail}")
            }
            Error::MaskManifestInvalid { location, detail } => {
                format!("脱敏清单无效，位置 {location}：{detail}")
            }
            Error::ApprovalRuleLooser { field } => {
                format!("审批为字段 {field:?} 指定的规则比要求的规则宽松，且未声明 allow_looser")
            }
            Error::HashKeyMissing { field } => format!("字段 {field:?} 使用哈希规则，但未提供哈希密钥"),
            Error::CsvMalformed { line, detail } => format!("CSV 格式错误（第 {line} 行）：{detail}"),
            Error::OutputWrite { detail } => format!("写入脱敏输出失败：{detail}"),
            Error::DeidColumnMissing { column, role } => {
                let role = match role.as_str() {
                    "quasi" => "准标识符",
                    "sensitive" => "敏感属性",
                    "direct" => "直接标识符",
                    other => other,
                };
                format!("数据中没有作为{role}指定的列 {column:?}")
            }
            Error::DeidEmptyDataset => "数据集没有记录，无法评估 k-匿名模型与 ℓ-多样性".to_owned(),
            Error::SheetUnreadable { format, detail } => format!("无法读取 {format} 工作簿：{detail}"),
            Error::SheetNotFound { sheet, sheets } => {
                format!("工作簿中没有名为 {sheet:?} 的工作表（共有 {sheets} 个工作表）")
            }
            Error::SheetFormula { location } => {
                format!("{location} 含有公式；请将工作表另存为仅含数值的文件")
            }
            Error::SheetMergedHeader { location } => {
                format!("{location} 是包含表头行的合并单元格；请取消表头单元格的合并")
            }
            Error::SheetHeaderInvalid { location, detail } => format!("表头单元格无效，位置 {location}：{detail}"),
            Error::SheetErrorCell { location } => format!("{location} 含有错误值（如 #N/A），而不是数据"),
            Error::SheetRaggedRow { location } => format!("{location} 位于表头最后一列的右侧，却含有值"),
            // audit
            Error::AuditEntryInvalid { location, detail } => {
                format!("审计条目无效，位置 {location}：{detail}")
            }
            Error::AuditPersonalValue { location, kind } => {
                format!("{location} 含有个人标识（{kind}）；审计条目只记录代码和摘要")
            }
            Error::AuditChainBroken { line, problem } => {
                format!("审计日志校验未通过（第 {line} 行：{problem}）；请运行 audit verify 查看全部问题")
            }
            Error::RetentionNotEnded { location } => {
                format!("{location} 不晚于保存期限截止日：保存期限尚未届满")
            }
            Error::SymmetricKeyRefused => {
                "对称（HMAC）密钥无法证明是对方签名；如确需使用，请显式信任该密钥（trust_symmetric、--allow-symmetric）".to_owned()
            }
            // crypto
            Error::CipherKeyLength { algorithm, expected, found } => {
                format!("{algorithm} 密钥长度应为 {expected}，实际为 {found} 字节")
            }
            Error::IvLength { mode, expected, found } => {
                format!("{mode} 的 IV/随机数长度应为 {expected} 字节，实际为 {found} 字节")
            }
            Error::CiphertextTruncated { mode, detail } => format!("{mode} 密文不完整：{detail}"),
            Error::BadPadding => {
                "解密失败：PKCS#7 填充无效（密钥或 IV 错误，或密文被篡改）；未返回任何明文".to_owned()
            }
            Error::TagMismatch => {
                "解密失败：GCM 认证标签不匹配（密钥、随机数或附加数据错误，或密文被篡改）；未返回任何明文".to_owned()
            }
            Error::CiphertextMalformed { format, detail } => format!("{format} 密文格式错误：{detail}"),
            Error::PointNotOnCurve { what } => {
                format!("{what} 不是 SM2 曲线上的点（请检查 04 前缀选项，或数据已被篡改）")
            }
            Error::DecryptionFailed => {
                "解密失败：SM2 的 C3 杂凑值不匹配（私钥错误、密文顺序 c1c3c2/c1c2c3 选错，或密文被篡改）；未返回任何明文"
                    .to_owned()
            }
            Error::EnvelopeContextMismatch { member } => format!("数字信封的 {member} 与预期不符"),
            Error::EnvelopeWrongRecipient => {
                "该数字信封不是为所给密钥封装的（接收方指纹或 KEK 标识不同，或封装方式不同）".to_owned()
            }
            Error::StoreCorrupt { record, detail } => format!("加密存储在第 {record} 条记录处已损坏：{detail}"),
            Error::StorePageUnavailable { page, reason } => format!("加密存储的第 {page} 页不可用：{reason}"),
            Error::StoreKeyDestroyed => "加密存储的数据密钥已销毁（已按删除方式处置）；无法读取或追加".to_owned(),
            Error::DisposalMethodMismatch { required, requested } => {
                format!("授权要求的处置方式为 {required}，而非 {requested}（第二十七条）")
            }
        }
    }

    /// Where in the input the problem is, when known.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::Json { location, .. }
            | Error::InvalidValue { location, .. }
            | Error::LimitExceeded { location, .. }
            | Error::DuplicateKey { location }
            | Error::LoneSurrogate { location }
            | Error::NumberOutOfRange { location }
            | Error::MaskPolicyInvalid { location, .. }
            | Error::MaskManifestInvalid { location, .. }
            | Error::AuditEntryInvalid { location, .. }
            | Error::AuditPersonalValue { location, .. }
            | Error::RetentionNotEnded { location }
            | Error::SheetFormula { location }
            | Error::SheetMergedHeader { location }
            | Error::SheetHeaderInvalid { location, .. }
            | Error::SheetErrorCell { location }
            | Error::SheetRaggedRow { location } => {
                if location.is_empty() {
                    None
                } else {
                    Some(location)
                }
            }
            _ => None,
        }
    }
}

/// Turns a serde_json error into [`Error::Json`] (syntax, EOF) or
/// [`Error::InvalidValue`] (types, enum values), with line and column.
/// serde_json's messages name types and fields, never input values, except
/// for `invalid value: string "…"`, which is cut here.
pub fn json_error(e: &serde_json::Error) -> Error {
    use serde_json::error::Category;
    let location = Location::at(None, e.line() as u64, e.column() as u64);
    let mut detail = e.to_string();
    // Drop serde_json's own " at line X column Y" suffix: Location says it.
    if let Some(pos) = detail.rfind(" at line ") {
        detail.truncate(pos);
    }
    let detail = sanitize_serde_detail(&detail);
    match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => Error::Json { location, detail },
        Category::Data => Error::InvalidValue { location, detail },
    }
}

/// The one way serde's message text enters an error: what serde quotes
/// from the input — a string, a number, an unknown variant or field name
/// (a JSON key can be a personal value too) — is replaced by its kind, so no
/// value ever reaches an error, a log or a report. What follows `, expected`
/// is the schema's own text (field and variant names) and is kept.
pub fn sanitize_serde_detail(detail: &str) -> String {
    const KINDS: [(&str, &str); 10] = [
        ("string", "a string"),
        ("integer", "an integer"),
        ("floating point", "a number"),
        ("boolean", "a boolean"),
        ("map", "an object"),
        ("sequence", "an array"),
        ("unit", "null"),
        ("null", "null"),
        ("character", "a character"),
        ("byte array", "bytes"),
    ];
    // The marker may follow a path (`resources[0]: unknown variant …`).
    let found = ["invalid type: ", "invalid value: ", "unknown variant ", "unknown field "]
        .iter()
        .filter_map(|m| detail.find(m).map(|at| (at, *m)))
        .min();
    if let Some((at, prefix)) = found {
        let (before, rest) = (&detail[..at], &detail[at + prefix.len()..]);
        let tail = [", expected ", ", there are no "].iter().filter_map(|m| rest.rfind(m)).max();
        let tail = tail.map_or("", |i| &rest[i..]);
        let what = if prefix.starts_with("unknown") {
            String::new()
        } else {
            KINDS.iter().find(|(k, _)| rest.starts_with(k)).map_or("a value", |(_, v)| v).to_owned()
        };
        let head = if what.is_empty() { prefix.trim_end() } else { prefix };
        return format!("{before}{head}{what}{tail}");
    }
    // Any other message is serde's own (`missing field `x``, `trailing
    // characters`…) and quotes only the schema; a stray quote is still cut.
    match detail.find(['"', '\'']) {
        Some(i) if !detail.starts_with("missing field") && !detail.starts_with("duplicate field") => {
            format!("{}…", &detail[..i])
        }
        _ => detail.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One error of every variant (a new variant must be added here: the
    /// `kind` match above and this list are both checked by the tests).
    fn every_error() -> Vec<Error> {
        let loc = || Location::at(Some("$.field".into()), 1, 2);
        let s = |t: &str| t.to_owned();
        vec![
            Error::Json { location: loc(), detail: s("expected value") },
            Error::InvalidValue { location: loc(), detail: s("expected an integer") },
            Error::NotUtf8 { offset: 3 },
            Error::LimitExceeded { what: s("nesting depth"), limit: 256, location: loc() },
            Error::UnsupportedFormat { found: s("x v9"), expected: s("x v1") },
            Error::InvalidArgument { name: s("days"), detail: s("at most 10") },
            Error::DeltaBaseMismatch { delta_base: 1, catalog_version: 2 },
            Error::DeltaCatalogMismatch { delta_catalog: s("a"), catalog: s("b") },
            Error::DeltaConflict { index: 0, op: s("add"), code: s("1/1"), detail: s("exists") },
            Error::SnapshotInvalid { detail: s("bad header") },
            Error::SnapshotVersion { found: 1, supported: 2 },
            Error::IndexManifestInvalid { detail: s("not canonical") },
            Error::IndexSectionMismatch { section: s("texts"), detail: s("digest does not match") },
            Error::IndexCatalogMismatch { detail: s("another catalog") },
            Error::FetchFailed { what: s("texts.bin bytes 0-65535"), detail: s("HTTP 503") },
            Error::DuplicateCatalog { id: s("national") },
            Error::UnknownResource { code: s("1/1") },
            Error::DuplicateKey { location: loc() },
            Error::LoneSurrogate { location: loc() },
            Error::NumberOutOfRange { location: loc() },
            Error::IllegalTransition { from: s("draft"), to: s("submit"), detail: s("Art. 20") },
            Error::NotEntitled { resource: s("1/1"), what: s("item"), detail: s("no grant") },
            Error::PlatformError { status: 404, platform_code: s("not_found"), platform_message: s("-") },
            Error::InvalidKey { detail: s("not PEM") },
            Error::UnknownAlgorithm { name: s("md5") },
            Error::KeyAlgorithmMismatch { key_algorithm: s("ed25519"), requested: s("sm2-sm3") },
            Error::PublicKeyOnly { algorithm: s("ed25519") },
            Error::SignatureInvalid { detail: s("does not verify") },
            Error::MalformedStructuredField { field: s("Signature"), offset: 0, detail: s("x") },
            Error::DuplicateLabel { label: s("sig1"), field: s("Signature") },
            Error::LabelNotFound { label: s("sig1"), detail: s("absent") },
            Error::MissingComponent { component: s("date") },
            Error::InvalidComponent { component: s("@x"), detail: s("unknown") },
            Error::ComponentNotCovered { label: s("sig1"), component: s("@method") },
            Error::MissingSignatureParameter { label: s("sig1"), parameter: s("created") },
            Error::BodyNotCovered { label: s("sig1") },
            Error::DigestMismatch { algorithm: s("sha-256") },
            Error::UnsupportedDigest,
            Error::Expired { label: s("sig1") },
            Error::CreatedInFuture { label: s("sig1") },
            Error::ReplayedNonce { label: s("sig1") },
            Error::NonceStoreFull { capacity: 8 },
            Error::PreparedSignatureStale,
            Error::RandomUnavailable,
            Error::GatewayHeaderMissing { header: s("x-tif-nonce") },
            Error::GatewayHeaderDuplicated { header: s("x-tif-timestamp") },
            Error::GatewayTimestampInvalid { header: s("x-tif-timestamp") },
            Error::ClockSkew { offset_seconds: -181, window_seconds: 180 },
            Error::GatewaySignatureMismatch { header: s("x-tif-signature"), detail: s("does not match") },
            Error::MaskPolicyInvalid { location: loc(), detail: s("x") },
            Error::MaskManifestInvalid { location: loc(), detail: s("x") },
            Error::ApprovalRuleLooser { field: s("name") },
            Error::HashKeyMissing { field: s("name") },
            Error::CsvMalformed { line: 2, detail: s("ragged") },
            Error::OutputWrite { detail: s("disk full") },
            Error::DeidColumnMissing { column: s("birth_year"), role: s("quasi") },
            Error::DeidEmptyDataset,
            Error::SheetUnreadable { format: s("xlsx"), detail: s("not a zip archive, or a damaged one") },
            Error::SheetNotFound { sheet: s("data"), sheets: 2 },
            Error::SheetFormula { location: Location::at(Some(s("Sheet1!B3")), 3, 2) },
            Error::SheetMergedHeader { location: Location::at(Some(s("Sheet1!A1")), 1, 1) },
            Error::SheetHeaderInvalid {
                location: Location::at(Some(s("Sheet1!C1")), 1, 3),
                detail: s("a header cell is empty"),
            },
            Error::SheetErrorCell { location: Location::at(Some(s("Sheet1!D7")), 7, 4) },
            Error::SheetRaggedRow { location: Location::at(Some(s("Sheet1!F9")), 9, 6) },
            Error::AuditEntryInvalid { location: loc(), detail: s("x") },
            Error::AuditPersonalValue { location: loc(), kind: s("cn_resident_id") },
            Error::AuditChainBroken { line: 3, problem: s("entry_changed") },
            Error::RetentionNotEnded { location: loc() },
            Error::SymmetricKeyRefused,
            Error::CipherKeyLength { algorithm: s("sm4"), expected: s("16 bytes"), found: 15 },
            Error::IvLength { mode: s("sm4-cbc"), expected: 16, found: 12 },
            Error::CiphertextTruncated {
                mode: s("sm4-cbc"),
                detail: s("17 bytes is not a positive multiple of the 16-byte block"),
            },
            Error::BadPadding,
            Error::TagMismatch,
            Error::CiphertextMalformed { format: s("sm2 asn1"), detail: s("not a DER SEQUENCE") },
            Error::PointNotOnCurve { what: s("C1") },
            Error::DecryptionFailed,
            Error::EnvelopeContextMismatch { member: s("about") },
            Error::EnvelopeWrongRecipient,
            Error::StoreCorrupt { record: 3, detail: s("prev is not the hash of the line before") },
            Error::StorePageUnavailable { page: 2, reason: s("not in the store") },
            Error::StoreKeyDestroyed,
            Error::DisposalMethodMismatch { required: s("delete"), requested: s("return") },
        ]
    }

    /// The position of a variant (an exhaustive match: the compiler lists a
    /// new one here, and the test below then needs a sample of it).
    fn variant_index(e: &Error) -> usize {
        match e {
            Error::Json { .. } => 0,
            Error::InvalidValue { .. } => 1,
            Error::NotUtf8 { .. } => 2,
            Error::LimitExceeded { .. } => 3,
            Error::UnsupportedFormat { .. } => 4,
            Error::InvalidArgument { .. } => 5,
            Error::DeltaBaseMismatch { .. } => 6,
            Error::DeltaCatalogMismatch { .. } => 7,
            Error::DeltaConflict { .. } => 8,
            Error::SnapshotInvalid { .. } => 9,
            Error::SnapshotVersion { .. } => 10,
            Error::DuplicateCatalog { .. } => 11,
            Error::UnknownResource { .. } => 12,
            Error::DuplicateKey { .. } => 13,
            Error::LoneSurrogate { .. } => 14,
            Error::NumberOutOfRange { .. } => 15,
            Error::IllegalTransition { .. } => 16,
            Error::NotEntitled { .. } => 17,
            Error::PlatformError { .. } => 18,
            Error::InvalidKey { .. } => 19,
            Error::UnknownAlgorithm { .. } => 20,
            Error::KeyAlgorithmMismatch { .. } => 21,
            Error::PublicKeyOnly { .. } => 22,
            Error::SignatureInvalid { .. } => 23,
            Error::MalformedStructuredField { .. } => 24,
            Error::DuplicateLabel { .. } => 25,
            Error::LabelNotFound { .. } => 26,
            Error::MissingComponent { .. } => 27,
            Error::InvalidComponent { .. } => 28,
            Error::ComponentNotCovered { .. } => 29,
            Error::MissingSignatureParameter { .. } => 30,
            Error::BodyNotCovered { .. } => 31,
            Error::DigestMismatch { .. } => 32,
            Error::UnsupportedDigest => 33,
            Error::Expired { .. } => 34,
            Error::CreatedInFuture { .. } => 35,
            Error::ReplayedNonce { .. } => 36,
            Error::NonceStoreFull { .. } => 37,
            Error::PreparedSignatureStale => 38,
            Error::RandomUnavailable => 39,
            Error::GatewayHeaderMissing { .. } => 61,
            Error::GatewayHeaderDuplicated { .. } => 62,
            Error::GatewayTimestampInvalid { .. } => 63,
            Error::ClockSkew { .. } => 64,
            Error::GatewaySignatureMismatch { .. } => 65,
            Error::MaskPolicyInvalid { .. } => 40,
            Error::MaskManifestInvalid { .. } => 41,
            Error::ApprovalRuleLooser { .. } => 42,
            Error::HashKeyMissing { .. } => 43,
            Error::CsvMalformed { .. } => 44,
            Error::OutputWrite { .. } => 45,
            Error::AuditEntryInvalid { .. } => 46,
            Error::AuditPersonalValue { .. } => 47,
            Error::AuditChainBroken { .. } => 48,
            Error::RetentionNotEnded { .. } => 49,
            Error::SymmetricKeyRefused => 50,
            Error::CipherKeyLength { .. } => 51,
            Error::IvLength { .. } => 52,
            Error::CiphertextTruncated { .. } => 53,
            Error::BadPadding => 54,
            Error::TagMismatch => 55,
            Error::CiphertextMalformed { .. } => 56,
            Error::PointNotOnCurve { .. } => 57,
            Error::DecryptionFailed => 58,
            Error::EnvelopeContextMismatch { .. } => 59,
            Error::EnvelopeWrongRecipient => 60,
            Error::StoreCorrupt { .. } => 66,
            Error::StorePageUnavailable { .. } => 67,
            Error::StoreKeyDestroyed => 68,
            Error::DisposalMethodMismatch { .. } => 69,
            Error::DeidColumnMissing { .. } => 70,
            Error::DeidEmptyDataset => 71,
            Error::SheetUnreadable { .. } => 72,
            Error::SheetNotFound { .. } => 73,
            Error::SheetFormula { .. } => 74,
            Error::SheetMergedHeader { .. } => 75,
            Error::SheetHeaderInvalid { .. } => 76,
            Error::SheetErrorCell { .. } => 77,
            Error::SheetRaggedRow { .. } => 78,
            Error::IndexManifestInvalid { .. } => 79,
            Error::IndexSectionMismatch { .. } => 80,
            Error::IndexCatalogMismatch { .. } => 81,
            Error::FetchFailed { .. } => 82,
        }
    }

    /// docs/errors.md is generated from the enum: every code unique, with
    /// its kind and messages in English and Chinese. Regenerate it with
    /// `GOVSHARE_WRITE_DOCS=1 cargo test -p govshare-core --lib error`.
    #[test]
    fn errors_doc_is_generated_from_the_enum() {
        let errors = every_error();
        let mut codes: Vec<&str> = errors.iter().map(Error::code).collect();
        let n = codes.len();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), n, "every variant has its own code, and every variant is listed once");
        let mut seen: Vec<usize> = errors.iter().map(variant_index).collect();
        seen.sort_unstable();
        assert_eq!(seen, (0..83).collect::<Vec<_>>(), "every_error() has one sample of every variant");
        let mut doc = String::from(
            "# Error codes\n\nGenerated from `core/src/error.rs` by the test `errors_doc_is_generated_from_the_enum` \
             (`GOVSHARE_WRITE_DOCS=1 cargo test -p govshare-core --lib error` rewrites it); the test fails \
             when this page and the enum differ. Every error has a stable `code`, a `kind` and messages in \
             English and Chinese; JS errors carry `.code`/`.kind`/`.messageZh`, Python and Kotlin \
             exceptions `.code`/`.kind`/`.message_en`/`.message_zh`. Messages never contain an input value.\n\n\
             | kind | meaning |\n|---|---|\n\
             | `input` | the input is malformed or not allowed: fix it |\n\
             | `state` | the input is fine but the current state forbids it |\n\
             | `verdict` | a verification failed: do not use what was verified |\n\
             | `limit` | a documented limit was reached |\n\
             | `platform` | the platform answered with an error |\n\
             | `internal` | govshare could not do its work |\n\n\
             | code | kind | example (English) | example (中文) |\n|---|---|---|---|\n",
        );
        let mut sorted = errors.clone();
        sorted.sort_by_key(|e| e.code());
        for e in &sorted {
            let (en, zh) = (e.to_string(), e.message_zh());
            assert!(!en.is_empty() && !zh.is_empty(), "{}", e.code());
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{}: no Chinese message",
                e.code()
            );
            doc.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                e.code(),
                e.kind().as_str(),
                en.replace('|', "\\|"),
                zh.replace('|', "\\|")
            ));
        }
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/errors.md");
        if std::env::var_os("GOVSHARE_WRITE_DOCS").is_some() {
            std::fs::write(path, &doc).expect("write docs/errors.md");
        }
        let on_disk = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            on_disk == doc,
            "docs/errors.md differs from the enum: regenerate it (GOVSHARE_WRITE_DOCS=1)"
        );
    }

    /// A personal value in every wrong-typed position never reaches the text.
    #[test]
    fn serde_errors_never_echo_a_value() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct A {
            n: u32,
            k: Kind,
            s: String,
            v: Vec<u8>,
        }
        #[derive(serde::Deserialize, Debug)]
        #[serde(rename_all = "snake_case")]
        enum Kind {
            One,
        }
        let id = "11010519491231002X";
        for text in [
            format!(r#"{{"n":"{id}"}}"#),
            r#"{"n":11010519491231002}"#.to_owned(),
            r#"{"n":-110105194912}"#.to_owned(),
            r#"{"n":1.1010519491231002e17}"#.to_owned(),
            format!(r#"{{"k":"{id}"}}"#),
            format!(r#"{{"k":"a, expected {id}"}}"#),
            format!(r#"{{"{id}":1}}"#),
            format!(r#"{{"n":"a"b {id}"}}"#),
            format!(r#"{{"v":"{id}"}}"#),
            r#"{"s":11010519491231002}"#.to_owned(),
        ] {
            let e = json_error(&serde_json::from_str::<A>(&text).unwrap_err());
            let shown = format!("{e} {}", e.message_zh());
            assert!(!shown.contains("1101051949"), "{text} → {shown}");
            assert!(!shown.contains("11010519"), "{text} → {shown}");
        }
        let e = json_error(&serde_json::from_str::<A>(r#"{"k":"two"}"#).unwrap_err());
        assert!(e.to_string().contains("expected `one`"), "{e}");
    }

    #[test]
    fn codes_are_snake_case_and_messages_bilingual() {
        let e = Error::InvalidValue {
            location: Location::at(Some("$.resources[0].grade".into()), 3, 14),
            detail: "expected an integer 1-4".into(),
        };
        assert_eq!(e.code(), "invalid_value");
        assert!(e.to_string().contains("$.resources[0].grade (line 3, column 14)"));
        assert!(e.message_zh().contains("字段值无效"));
        assert_eq!(e.location().and_then(|l| l.line), Some(3));
    }
}
