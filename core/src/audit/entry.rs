//! Audit entries, their hashes and signatures, and appending to a log.

use serde::{Deserialize, Serialize};

use crate::digest::sha256_hex;
use crate::encoding::{base64_decode, base64_encode};
use crate::jcs;
use crate::mask::detect::{detect, DetectorKind};
use crate::sign::Key;
use crate::time::{parse_timestamp, Day};
use crate::{Error, Location, Result};

/// The `prev` of the first entry: 64 zeros.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Longest text a field of an event may hold.
const MAX_FIELD_CHARS: usize = 256;
/// Most resources one event may name.
const MAX_RESOURCES: usize = 1000;

/// What happened. The set follows a sharing application through its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum AuditAction {
    /// An application was built and validated.
    Build,
    /// A request was signed.
    Sign,
    /// A request was sent to a platform.
    Send,
    /// The platform accepted an application (its answer deadline is `due`).
    Submit,
    /// The provider or platform decided (`status`: agreed, refused…).
    Decide,
    /// An application was withdrawn.
    Withdraw,
    /// Data was fetched.
    Fetch,
    /// A signature / digest verdict on a response.
    Verify,
    /// A masking verdict on received data.
    MaskVerdict,
    /// Data whose retention ended was destroyed, or disposed of as the
    /// provider required (Art. 27 ¶1).
    Destroy,
    /// Where and how received data is stored (Art. 29: storage).
    Store,
    /// What the use of the data achieved (Art. 29: results achieved).
    Results,
}

/// The five headings under which Art. 29 of Decree No. 809 asks the
/// requester to keep records of shared data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum RecordHeading {
    /// 使用场景: the application, its basis and the answer.
    ScenarioOfUse,
    /// 使用过程: data fetched, verified, checked.
    ProcessOfUse,
    /// 使用成效.
    ResultsAchieved,
    /// 存储.
    Storage,
    /// 销毁/处置.
    Disposal,
}

impl RecordHeading {
    pub const ALL: [RecordHeading; 5] = [
        RecordHeading::ScenarioOfUse,
        RecordHeading::ProcessOfUse,
        RecordHeading::ResultsAchieved,
        RecordHeading::Storage,
        RecordHeading::Disposal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RecordHeading::ScenarioOfUse => "scenario_of_use",
            RecordHeading::ProcessOfUse => "process_of_use",
            RecordHeading::ResultsAchieved => "results_achieved",
            RecordHeading::Storage => "storage",
            RecordHeading::Disposal => "disposal",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            RecordHeading::ScenarioOfUse => "使用场景",
            RecordHeading::ProcessOfUse => "使用过程",
            RecordHeading::ResultsAchieved => "使用成效",
            RecordHeading::Storage => "存储",
            RecordHeading::Disposal => "销毁处置",
        }
    }
}

impl AuditAction {
    /// The Art. 29 heading an entry of this action is recorded under.
    pub fn heading(self) -> RecordHeading {
        match self {
            AuditAction::Build
            | AuditAction::Sign
            | AuditAction::Send
            | AuditAction::Submit
            | AuditAction::Decide
            | AuditAction::Withdraw => RecordHeading::ScenarioOfUse,
            AuditAction::Fetch | AuditAction::Verify | AuditAction::MaskVerdict => {
                RecordHeading::ProcessOfUse
            }
            AuditAction::Results => RecordHeading::ResultsAchieved,
            AuditAction::Store => RecordHeading::Storage,
            AuditAction::Destroy => RecordHeading::Disposal,
        }
    }
}

/// An entry of another log, by its sequence number and hash: what an
/// export for inspection (Art. 29) carries for each entry it copies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct EntryRef {
    pub seq: u64,
    pub hash: String,
}

/// What a caller records. Only codes, times and digests: text fields that
/// contain a personal identifier are refused with `audit_personal_value`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct AuditEvent {
    /// RFC 3339 timestamp given by the caller (core never reads the clock).
    pub time: String,
    pub action: AuditAction,
    /// Who acted: a department's 统一社会信用代码, a key id or a system name.
    pub actor: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub application_id: Option<String>,
    /// Catalog resource codes concerned.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub resources: Vec<String>,
    /// The providing department's 统一社会信用代码.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub provider_code: Option<String>,
    /// `sha256:<hex>` or `sm3:<hex>` of the request (see [`digest`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub request_digest: Option<String>,
    /// `sha256:<hex>` or `sm3:<hex>` of the response or data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub response_digest: Option<String>,
    /// `ok` or an error / finding code (snake_case).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub outcome: Option<String>,
    /// The application's state after the event (`submitted`, `agreed`…; the
    /// decree's state names, snake_case).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub status: Option<String>,
    /// The deadline (`YYYY-MM-DD`) of what the status awaits: the answer of
    /// a submitted application (Art. 21), the delivery of an agreed one
    /// (Art. 22), the disposal of one whose use ended (Art. 27).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub due: Option<String>,
    /// In an export for inspection: the entry of the original log this one
    /// copies (its event is the original's, without `source`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub source: Option<EntryRef>,
}

/// A signature over an entry's `hash` (its 64 ASCII hex characters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct AuditSignature {
    /// RFC 9421 algorithm name (`ed25519`, `ecdsa-p256-sha256`, `sm2-sm3`…).
    pub alg: String,
    pub key_id: String,
    /// Base64 of the signature bytes.
    pub value: String,
}

/// One line of the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct AuditEntry {
    /// 0 for the first entry, then +1 per entry.
    pub seq: u64,
    /// `hash` of the previous entry; [`GENESIS`] for the first.
    pub prev: String,
    pub event: AuditEvent,
    /// SHA-256 (hex) of the canonical JSON of `{seq, prev, event}`.
    pub hash: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub sig: Option<AuditSignature>,
}

/// `sha256:<hex>` of `bytes`: the form the digest fields of an event take.
pub fn digest(bytes: &[u8]) -> String {
    format!("sha256:{}", sha256_hex(bytes))
}

/// Appends entries to a log. Sans-IO: [`append`](AuditLog::append) returns the
/// line to write (without the newline); the caller writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditLog {
    next_seq: u64,
    head: String,
}

impl Default for AuditLog {
    fn default() -> Self {
        AuditLog::new()
    }
}

impl AuditLog {
    /// A new, empty log.
    pub fn new() -> AuditLog {
        AuditLog { next_seq: 0, head: GENESIS.to_owned() }
    }

    /// Continues an existing log from its text: reads the last entry (its hash
    /// must be right) and appends after it. Does not verify the whole chain;
    /// [`AuditVerifier`](super::AuditVerifier) does.
    pub fn resume(log: &[u8]) -> Result<AuditLog> {
        let text = std::str::from_utf8(log).map_err(|_| Error::AuditEntryInvalid {
            location: Location::default(),
            detail: "not UTF-8".into(),
        })?;
        let Some((index, last)) = text.lines().enumerate().filter(|(_, l)| !is_blank(l)).last() else {
            return Ok(AuditLog::new());
        };
        let line = index as u64 + 1;
        let entry = parse_entry(last, line)?;
        if entry_hash(&entry)? != entry.hash {
            return Err(Error::AuditEntryInvalid {
                location: Location::at(Some("$.hash".into()), line, 1),
                detail: "the last entry's hash does not match its content".into(),
            });
        }
        let next_seq = entry.seq.checked_add(1).ok_or_else(|| Error::AuditEntryInvalid {
            location: Location::at(Some("$.seq".into()), line, 1),
            detail: "sequence number out of range".into(),
        })?;
        Ok(AuditLog { next_seq, head: entry.hash })
    }

    /// The hash of the last entry ([`GENESIS`] when empty): keep it elsewhere
    /// to detect a truncated log later.
    pub fn head(&self) -> &str {
        &self.head
    }

    /// The number the next entry will get (= entries so far).
    pub fn next_seq(&self) -> u64 {
        self.next_seq
    }

    /// [`append`](AuditLog::append) for an event given as JSON (unknown
    /// members refused): what the CLI and the vectors use.
    pub fn append_json(&mut self, event: &[u8], signer: Option<&Key>) -> Result<String> {
        let event: AuditEvent = serde_json::from_slice(event).map_err(|e| crate::error::json_error(&e))?;
        self.append(&event, signer)
    }

    /// Checks `event`, chains it, signs it when `signer` is given, and returns
    /// the canonical JSON line to append. The log is unchanged on error.
    pub fn append(&mut self, event: &AuditEvent, signer: Option<&Key>) -> Result<String> {
        check_event(event)?;
        let mut entry = AuditEntry {
            seq: self.next_seq,
            prev: self.head.clone(),
            event: event.clone(),
            hash: String::new(),
            sig: None,
        };
        entry.hash = entry_hash(&entry)?;
        if let Some(key) = signer {
            entry.sig = Some(sign_hash(&entry.hash, key)?);
        }
        let line = canonical(&entry)?;
        self.head = entry.hash;
        self.next_seq += 1;
        Ok(line)
    }
}

/// A line that holds no entry: only JSON whitespace (space, tab, CR). Anything
/// else — even a vertical tab — is a line that must parse as an entry.
pub(super) fn is_blank(line: &str) -> bool {
    line.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r'))
}

/// Canonical JSON text of any serializable value.
pub(super) fn canonical<T: Serialize>(value: &T) -> Result<String> {
    let json = serde_json::to_vec(value).map_err(|e| Error::InvalidValue {
        location: Location::default(),
        detail: format!("cannot serialize: {e}"),
    })?;
    let bytes = jcs::canonicalize(&json)?;
    String::from_utf8(bytes)
        .map_err(|_| Error::InvalidValue { location: Location::default(), detail: "not UTF-8".into() })
}

/// The hash an entry must carry: SHA-256 of the canonical `{seq, prev, event}`.
pub(super) fn entry_hash(entry: &AuditEntry) -> Result<String> {
    #[derive(Serialize)]
    struct Body<'a> {
        seq: u64,
        prev: &'a str,
        event: &'a AuditEvent,
    }
    let body = canonical(&Body { seq: entry.seq, prev: &entry.prev, event: &entry.event })?;
    Ok(sha256_hex(body.as_bytes()))
}

/// Parses one log line (1-based `line` for errors).
pub(super) fn parse_entry(text: &str, line: u64) -> Result<AuditEntry> {
    serde_json::from_str(text).map_err(|e| {
        let detail = match crate::error::json_error(&e) {
            Error::Json { detail, .. } | Error::InvalidValue { detail, .. } => detail,
            other => other.to_string(),
        };
        Error::AuditEntryInvalid { location: Location::at(None, line, e.column() as u64), detail }
    })
}

/// Signs an entry hash (or any hex digest) with `key`.
pub(super) fn sign_hash(hash: &str, key: &Key) -> Result<AuditSignature> {
    Ok(AuditSignature {
        alg: key.algorithm().name().to_owned(),
        key_id: key.key_id().to_owned(),
        value: base64_encode(&key.sign(hash.as_bytes())?),
    })
}

/// Verifies a signature made by [`sign_hash`].
pub(super) fn verify_hash(hash: &str, sig: &AuditSignature, key: &Key) -> Result<()> {
    if sig.alg != key.algorithm().name() {
        return Err(Error::SignatureInvalid {
            detail: format!("made with {}, key is {}", sig.alg, key.algorithm()),
        });
    }
    // Only the canonical encoding: the value is not under the entry's hash, so
    // a lenient decoder would let its bytes in the log change unnoticed
    // (e.g. a padding `=` dropped).
    let bytes = base64_decode(&sig.value).filter(|b| base64_encode(b) == sig.value).ok_or_else(|| {
        Error::SignatureInvalid { detail: "signature value is not canonical base64".into() }
    })?;
    key.verify(hash.as_bytes(), &bytes)
}

/// Checks that an event holds well-formed times, digests and codes and no
/// personal identifier.
pub(super) fn check_event(e: &AuditEvent) -> Result<()> {
    parse_timestamp(&e.time, "$.event.time")?;
    text_field(&e.actor, "$.event.actor")?;
    if let Some(id) = &e.application_id {
        text_field(id, "$.event.application_id")?;
    }
    if e.resources.len() > MAX_RESOURCES {
        return Err(invalid("$.event.resources", &format!("at most {MAX_RESOURCES} resources")));
    }
    for (i, r) in e.resources.iter().enumerate() {
        text_field(r, &format!("$.event.resources[{i}]"))?;
    }
    if let Some(p) = &e.provider_code {
        text_field(p, "$.event.provider_code")?;
    }
    for (value, path) in
        [(&e.request_digest, "$.event.request_digest"), (&e.response_digest, "$.event.response_digest")]
    {
        if let Some(d) = value {
            digest_field(d, path)?;
        }
    }
    for (value, path) in [(&e.outcome, "$.event.outcome"), (&e.status, "$.event.status")] {
        if let Some(c) = value {
            code_field(c, path)?;
        }
    }
    if let Some(due) = &e.due {
        Day::parse(due, "$.event.due")?;
    }
    if let Some(src) = &e.source {
        if !is_hash(&src.hash) {
            return Err(invalid("$.event.source.hash", "expected 64 lowercase hex digits"));
        }
    }
    Ok(())
}

/// 64 lowercase hex digits (a SHA-256 entry hash).
pub(super) fn is_hash(value: &str) -> bool {
    value.len() == 64 && value.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn invalid(path: &str, detail: &str) -> Error {
    Error::InvalidValue { location: Location::path(path), detail: detail.into() }
}

/// Non-empty, bounded, one line, and no personal identifier. Credit codes are
/// the public identity of organizations, so they may appear.
pub(super) fn text_field(value: &str, path: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(invalid(path, "must not be empty"));
    }
    if value.chars().count() > MAX_FIELD_CHARS {
        return Err(invalid(path, &format!("longer than {MAX_FIELD_CHARS} characters")));
    }
    if value.chars().any(char::is_control) {
        return Err(invalid(path, "contains a control character"));
    }
    // Invisible format characters (zero-width space and joiners, soft hyphen,
    // bidi controls…) can hide an identifier from the detectors below.
    if value.chars().any(is_format_char) {
        return Err(invalid(path, "contains an invisible format character"));
    }
    if let Some(found) = detect(value).into_iter().find(|d| d.kind != DetectorKind::CnUscc) {
        return Err(Error::AuditPersonalValue {
            location: Location::path(path),
            kind: found.kind.as_str().into(),
        });
    }
    Ok(())
}

/// Unicode format characters (general category Cf) that occur in text:
/// soft hyphen, Arabic letter mark, Mongolian vowel separator, zero-width
/// space/joiners and directional marks, bidi embeddings and isolates, word
/// joiner and invisible operators, the BOM / zero-width no-break space.
pub(crate) fn is_format_char(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}'
        | '\u{E0001}' | '\u{E0020}'..='\u{E007F}')
}

/// `sha256:` or `sm3:` followed by 64 lowercase hex digits.
pub(super) fn digest_field(value: &str, path: &str) -> Result<()> {
    if crate::digest::is_tagged_digest(value) {
        Ok(())
    } else {
        Err(invalid(path, "expected sha256:<64 lowercase hex> or sm3:<64 lowercase hex>"))
    }
}

/// snake_case code, 1–64 characters.
pub(super) fn code_field(value: &str, path: &str) -> Result<()> {
    let ok = (1..=64).contains(&value.len())
        && value.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(invalid(path, "expected a snake_case code like granted or signature_invalid"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn event(action: AuditAction) -> AuditEvent {
        AuditEvent {
            time: "2026-03-02T09:00:00+08:00".into(),
            action,
            actor: "11330000MB0000000X".into(),
            application_id: Some("APP-2026-0001".into()),
            resources: vec!["101001/00001".into()],
            provider_code: None,
            request_digest: Some(digest(b"request")),
            response_digest: None,
            outcome: Some("ok".into()),
            status: None,
            due: None,
            source: None,
        }
    }

    #[test]
    fn chain_links_and_canonical_lines() {
        let mut log = AuditLog::new();
        let a = log.append(&event(AuditAction::Build), None).unwrap();
        let b = log.append(&event(AuditAction::Sign), None).unwrap();
        let ea: AuditEntry = serde_json::from_str(&a).unwrap();
        let eb: AuditEntry = serde_json::from_str(&b).unwrap();
        assert_eq!((ea.seq, ea.prev.as_str()), (0, GENESIS));
        assert_eq!((eb.seq, eb.prev.as_str()), (1, ea.hash.as_str()));
        assert_eq!(log.head(), eb.hash);
        assert_eq!(canonical(&eb).unwrap(), b);
        let resumed = AuditLog::resume(format!("{a}\n{b}\n").as_bytes()).unwrap();
        assert_eq!(resumed, log);
    }

    #[test]
    fn only_canonical_signature_encodings_verify() {
        let key = Key::from_raw(crate::sign::Algorithm::Ed25519, &[7u8; 32], true).unwrap();
        let sig = sign_hash(GENESIS, &key).unwrap();
        assert!(sig.value.ends_with("=="));
        verify_hash(GENESIS, &sig, &key).unwrap();
        let unpadded = AuditSignature { value: sig.value.trim_end_matches('=').to_owned(), ..sig };
        assert_eq!(verify_hash(GENESIS, &unpadded, &key).unwrap_err().code(), "signature_invalid");
    }

    /// Found by the `audit_log` fuzz target: bytes that are not UTF-8 inside
    /// a signature value (which no hash covers) read leniently as U+FFFD and
    /// looked canonical, so the verifier called a log valid that `resume`
    /// could not read. A line that is not UTF-8 is now a problem.
    #[test]
    fn a_line_that_is_not_utf8_is_not_an_entry() {
        let key = crate::sign::Key::from_test_seed(crate::sign::Algorithm::Ed25519, b"k").expect("key");
        let mut log = AuditLog::new();
        let line = log.append(&event(AuditAction::Build), Some(&key)).expect("append");
        let mut bytes = line.into_bytes();
        let at = bytes.len() - 6; // inside the signature value
        bytes[at] = 0xE3;
        bytes.push(b'\n');
        let v = super::super::AuditVerifier::new().verify(&bytes);
        assert!(!v.valid);
        assert_eq!(v.problems[0].code, "malformed_entry");
        assert!(AuditLog::resume(&bytes).is_err());
    }

    #[test]
    fn personal_values_and_bad_fields_are_refused() {
        let mut log = AuditLog::new();
        let mut e = event(AuditAction::Build);
        e.application_id = Some("申请人 11010519491231002X".into());
        let err = log.append(&e, None).unwrap_err();
        assert_eq!(err.code(), "audit_personal_value");
        assert!(!err.to_string().contains("11010519491231002X"));
        let mut e = event(AuditAction::Build);
        e.request_digest = Some("sha256:XYZ".into());
        assert_eq!(log.append(&e, None).unwrap_err().code(), "invalid_value");
        let mut e = event(AuditAction::Build);
        e.outcome = Some("Granted!".into());
        assert_eq!(log.append(&e, None).unwrap_err().code(), "invalid_value");
        assert_eq!(log.next_seq(), 0, "a refused event leaves the log unchanged");
        let mut e = event(AuditAction::Build);
        e.actor = "11100000028321009J".into(); // a credit code is not personal
        log.append(&e, None).unwrap();
        // An ID number split by invisible characters is refused, whatever hides it.
        for hidden in ['\u{200B}', '\u{200D}', '\u{00AD}', '\u{2060}', '\u{FEFF}', '\u{202E}'] {
            let mut e = event(AuditAction::Build);
            e.application_id = Some(format!("110105{hidden}19491231002X"));
            let err = log.append(&e, None).unwrap_err();
            assert_eq!(err.code(), "invalid_value", "{hidden:?}");
            assert!(!err.to_string().contains("19491231002X"));
        }
    }
}
