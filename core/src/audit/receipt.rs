//! Destruction receipts: the regulation's data lifecycle ends with
//! destruction, and a department must be able to prove it happened, when,
//! for which data, and that it was after retention ended.

use serde::{Deserialize, Serialize};

use super::entry::{
    canonical, code_field, digest_field, sign_hash, text_field, verify_hash, AuditAction, AuditEvent,
    AuditSignature,
};
use crate::digest::sha256_hex;
use crate::sign::Key;
use crate::time::{parse_timestamp, Day};
use crate::{Error, Location, Result};

/// What was destroyed, by whom, when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct DestructionRequest {
    pub application_id: String,
    pub resources: Vec<String>,
    /// `sha256:<hex>` / `sm3:<hex>` digests of the data sets destroyed.
    pub data_digests: Vec<String>,
    /// Last day the data could be kept (`YYYY-MM-DD`).
    pub retention_until: String,
    /// RFC 3339 time of destruction; must be after `retention_until`.
    pub destroyed_at: String,
    /// How: `deleted`, `overwritten`, `crypto_erased`… (snake_case).
    pub method: String,
    /// The department that destroyed the data.
    pub actor: String,
}

/// A signed receipt. `log_head` binds it to the audit log at the time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct DestructionReceipt {
    pub version: u32,
    pub application_id: String,
    pub resources: Vec<String>,
    pub data_digests: Vec<String>,
    pub retention_until: String,
    pub destroyed_at: String,
    pub method: String,
    pub actor: String,
    /// Head hash of the audit log when the receipt was made.
    pub log_head: String,
    /// SHA-256 (hex) of the canonical receipt without `hash` and `sig`.
    pub hash: String,
    pub sig: AuditSignature,
}

impl DestructionReceipt {
    /// The audit event recording this destruction (append it to the log).
    pub fn event(&self) -> AuditEvent {
        AuditEvent {
            time: self.destroyed_at.clone(),
            action: AuditAction::Destroy,
            actor: self.actor.clone(),
            application_id: Some(self.application_id.clone()),
            resources: self.resources.clone(),
            provider_code: None,
            request_digest: None,
            response_digest: Some(format!("sha256:{}", self.hash)),
            outcome: Some("ok".into()),
            status: Some("destroyed".into()),
            due: None,
            source: None,
        }
    }
}

/// SHA-256 (hex) of a canonical receipt (destruction or disposal) without
/// its `hash` and `sig`.
fn body_hash<R: Serialize>(r: &R) -> Result<String> {
    let mut body = serde_json::to_value(r).map_err(|e| crate::error::json_error(&e))?;
    if let Some(members) = body.as_object_mut() {
        members.remove("hash");
        members.remove("sig");
    }
    Ok(sha256_hex(canonical(&body)?.as_bytes()))
}

/// Makes and signs a receipt. Refuses (`retention_not_ended`) when the data
/// was destroyed on or before its last day of retention, and any field an
/// audit event would refuse (personal values, malformed digests).
pub fn destruction_receipt(
    req: &DestructionRequest,
    log_head: &str,
    key: &Key,
) -> Result<DestructionReceipt> {
    check_request(req)?;
    check_log_head(log_head)?;
    let mut r = DestructionReceipt {
        version: 1,
        application_id: req.application_id.clone(),
        resources: req.resources.clone(),
        data_digests: req.data_digests.clone(),
        retention_until: req.retention_until.clone(),
        destroyed_at: req.destroyed_at.clone(),
        method: req.method.clone(),
        actor: req.actor.clone(),
        log_head: log_head.to_owned(),
        hash: String::new(),
        sig: AuditSignature { alg: String::new(), key_id: String::new(), value: String::new() },
    };
    r.hash = body_hash(&r)?;
    r.sig = sign_hash(&r.hash, key)?;
    Ok(r)
}

/// Parses a receipt (JSON) and checks its hash and signature with `key`.
pub fn verify_destruction_receipt(json: &[u8], key: &Key) -> Result<DestructionReceipt> {
    let r: DestructionReceipt = parse_signed(json, key)?;
    check_signed(&r, r.version, &r.hash, &r.sig, key)?;
    Ok(r)
}

fn check_log_head(log_head: &str) -> Result<()> {
    if log_head.len() != 64 || !log_head.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        return Err(Error::InvalidValue {
            location: Location::path("log_head"),
            detail: "expected the 64-hex-digit head hash of the audit log".into(),
        });
    }
    Ok(())
}

/// A receipt read strictly, for a key that may check another party's signature.
fn parse_signed<R: serde::de::DeserializeOwned>(json: &[u8], key: &Key) -> Result<R> {
    key.check_peer()?;
    serde_json::from_slice(json).map_err(|e| crate::error::json_error(&e))
}

/// A receipt's version, its hash over its content, and the signature over
/// that hash by `key` (of the key id it names).
fn check_signed<R: Serialize>(
    r: &R,
    version: u32,
    hash: &str,
    sig: &AuditSignature,
    key: &Key,
) -> Result<()> {
    if version != 1 {
        return Err(Error::InvalidValue {
            location: Location::path("$.version"),
            detail: "only receipt version 1 is known".into(),
        });
    }
    if body_hash(r)? != hash {
        return Err(Error::SignatureInvalid {
            detail: "the receipt's content does not match its hash".into(),
        });
    }
    if sig.key_id != key.key_id() {
        return Err(Error::SignatureInvalid { detail: "the receipt was signed with another key id".into() });
    }
    verify_hash(hash, sig, key)
}

fn check_request(req: &DestructionRequest) -> Result<()> {
    text_field(&req.application_id, "$.application_id")?;
    text_field(&req.actor, "$.actor")?;
    code_field(&req.method, "$.method")?;
    for (i, r) in req.resources.iter().enumerate() {
        text_field(r, &format!("$.resources[{i}]"))?;
    }
    if req.data_digests.is_empty() {
        return Err(Error::InvalidValue {
            location: Location::path("$.data_digests"),
            detail: "name at least one digest of the data destroyed".into(),
        });
    }
    for (i, d) in req.data_digests.iter().enumerate() {
        digest_field(d, &format!("$.data_digests[{i}]"))?;
    }
    let destroyed = Day::of_instant_cst(parse_timestamp(&req.destroyed_at, "$.destroyed_at")?);
    let until = Day::parse(&req.retention_until, "$.retention_until")?;
    if destroyed <= until {
        return Err(Error::RetentionNotEnded { location: Location::path("$.destroyed_at") });
    }
    Ok(())
}

// ------------------------------------------------------------- disposal

/// A signed receipt for the disposal of a sealed store, by the method the
/// provider required (Art. 27 ¶1), recorded under the Art. 29 heading
/// 销毁处置. `store_digest` is the chain head of the store as it was;
/// `new_store_digest` and `recipient` say where the data went when it was
/// returned or sealed (re-encrypted to the provider's or a custodian's key).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct DisposalReceipt {
    pub version: u32,
    pub application_id: String,
    pub resource: String,
    pub method: crate::request::lifecycle::DisposalMethod,
    /// `sha256:<hex>`: the disposed store's chain head.
    pub store_digest: String,
    /// The id of the data key that was destroyed or replaced.
    pub key_id: String,
    /// `sha256:<hex>` of the store written for the provider or custodian.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub new_store_digest: Option<String>,
    /// The JWK thumbprint of the provider's or custodian's key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub recipient: Option<String>,
    /// RFC 3339, given by the caller.
    pub disposed_at: String,
    pub actor: String,
    /// Head hash of the audit log when the receipt was made.
    pub log_head: String,
    /// SHA-256 (hex) of the canonical receipt without `hash` and `sig`.
    pub hash: String,
    pub sig: AuditSignature,
}

impl DisposalReceipt {
    /// The audit event recording this disposal (heading 销毁处置; append it).
    pub fn event(&self) -> AuditEvent {
        AuditEvent {
            time: self.disposed_at.clone(),
            action: AuditAction::Destroy,
            actor: self.actor.clone(),
            application_id: Some(self.application_id.clone()),
            resources: vec![self.resource.clone()],
            provider_code: None,
            request_digest: Some(self.store_digest.clone()),
            response_digest: Some(format!("sha256:{}", self.hash)),
            outcome: Some("ok".into()),
            status: Some(format!("disposed_{}", self.method.as_str())),
            due: None,
            source: None,
        }
    }
}

/// Signs a disposal receipt whose fields the store module filled in
/// (`hash` and `sig` are set here). Checks every field an audit event would.
pub(crate) fn sign_disposal_receipt(mut r: DisposalReceipt, key: &Key) -> Result<DisposalReceipt> {
    text_field(&r.application_id, "$.application_id")?;
    text_field(&r.resource, "$.resource")?;
    text_field(&r.actor, "$.actor")?;
    digest_field(&r.store_digest, "$.store_digest")?;
    if let Some(d) = &r.new_store_digest {
        digest_field(d, "$.new_store_digest")?;
    }
    parse_timestamp(&r.disposed_at, "$.disposed_at")?;
    check_log_head(&r.log_head)?;
    r.version = 1;
    r.hash = body_hash(&r)?;
    r.sig = sign_hash(&r.hash, key)?;
    Ok(r)
}

/// Parses a disposal receipt (JSON) and checks its hash and signature.
pub fn verify_disposal_receipt(json: &[u8], key: &Key) -> Result<DisposalReceipt> {
    let r: DisposalReceipt = parse_signed(json, key)?;
    check_signed(&r, r.version, &r.hash, &r.sig, key)?;
    Ok(r)
}
