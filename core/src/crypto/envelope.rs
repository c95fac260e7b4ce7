//! Digital envelopes (issue #13): data sealed for one recipient with a fresh
//! SM4-GCM data key, the data key wrapped with the recipient's SM2 public key
//! (GB/T 32918.4) or with a caller's key-encryption key (a KMS or HSM), and
//! who, what and when bound to the ciphertext as GCM associated data.
//!
//! The format (`govshare_envelope: 1`, documented in docs/envelope.md) is a
//! JSON object of strings and one integer:
//!
//! ```json
//! {"govshare_envelope":1,"cipher":"sm4-gcm","wrap":"sm2",
//!  "recipient":"<JWK thumbprint of the SM2 key, or the KEK id>",
//!  "from":"…","to":"…","about":"…","created":1764900000,
//!  "wrapped_key":"<base64>","iv":"<base64, 12 bytes>","ciphertext":"<base64, data ‖ tag>"}
//! ```
//!
//! The associated data is the RFC 8785 (JCS) form of every member but
//! `ciphertext`, so changing any of them — the parties, the subject, the
//! time, the wrapped key, the nonce — fails the tag. Reading is strict:
//! unknown or duplicated members, another version, cipher or wrap, and
//! non-canonical base64 are refused before any key is used.
//!
//! An SM2 private key held in a device (UKey, HSM) opens an envelope in
//! three steps: [`EnvelopeOpening::parse`], the device decrypts
//! [`EnvelopeOpening::wrapped_key`] (SM2, C1C3C2 with the `04` prefix), and
//! [`EnvelopeOpening::finish`] with the 16-byte data key.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::crypto::sm2::{sm2_decrypt, sm2_encrypt, Sm2CiphertextFormat};
use crate::crypto::sm4::{sm4_decrypt, sm4_encrypt, Sm4Key, Sm4Mode, SM4_KEY_LEN};
use crate::encoding::{base64_decode_padded, base64_encode};
use crate::error::Location;
use crate::names::named_enum;
use crate::Error;

/// The envelope format version this code writes and reads.
pub const ENVELOPE_VERSION: u32 = 1;

const CIPHER: &str = "sm4-gcm";
const GCM_NONCE_LEN: usize = 12;
const GCM_TAG_LEN: usize = 16;
/// Prefix of the associated data when a KEK wraps the data key: the wrap is
/// bound to the KEK id, so a wrapped key cannot be moved to another KEK's
/// envelope.
const KEK_WRAP_AAD: &str = "govshare-envelope/1 kek-wrap ";
/// Longest `from`, `to`, `about` or `recipient`, in bytes.
const MAX_PARTY_LEN: usize = 1024;

/// How the data key is wrapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "kebab-case")]
pub enum EnvelopeWrap {
    /// SM2 public-key encryption to the recipient (C1C3C2, `04` prefix);
    /// `recipient` is the key's JWK thumbprint (RFC 7638).
    Sm2,
    /// SM4-GCM under a caller's 16-byte key-encryption key; `recipient` is
    /// the KEK's id. The wrapped key is nonce (12) ‖ ciphertext ‖ tag.
    Sm4GcmKek,
}

named_enum!(EnvelopeWrap, "envelope wrap" { Sm2 = "sm2", Sm4GcmKek = "sm4-gcm-kek" });

/// Who sends, who receives, what it is about and when: bound to the
/// ciphertext. None of them is secret; none may be empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct EnvelopeContext {
    /// The sender (e.g. the provider's unified social credit code).
    pub from: String,
    /// The recipient department.
    pub to: String,
    /// What the data is (e.g. a grant id and page, or a resource code).
    pub about: String,
    /// When it was sealed, Unix seconds (a parameter: core reads no clock).
    pub created: i64,
}

/// What an envelope says of itself, read before any key is used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct EnvelopeInfo {
    pub wrap: EnvelopeWrap,
    /// The SM2 key's JWK thumbprint, or the KEK id.
    pub recipient: String,
    pub context: EnvelopeContext,
}

/// What the opener expects; every member given must equal the envelope's
/// exactly (`envelope_context_mismatch` otherwise). Members left out are
/// not checked — the opened [`EnvelopeInfo`] still says what they were.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct EnvelopeExpectation {
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    #[serde(default)]
    pub from: Option<String>,
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    #[serde(default)]
    pub to: Option<String>,
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    #[serde(default)]
    pub about: Option<String>,
}

/// An opened envelope: what it said of itself and the plaintext.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct OpenedEnvelope {
    pub info: EnvelopeInfo,
    pub plaintext: Vec<u8>,
}

/// The wire form. Field order is the order written; the associated data is
/// the JCS form, whatever the order.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    govshare_envelope: u32,
    cipher: String,
    wrap: String,
    recipient: String,
    from: String,
    to: String,
    about: String,
    created: i64,
    wrapped_key: String,
    iv: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    ciphertext: Option<String>,
}

fn malformed(detail: impl Into<String>) -> Error {
    Error::CiphertextMalformed { format: "govshare envelope".into(), detail: detail.into() }
}

fn check_context(context: &EnvelopeContext) -> Result<(), Error> {
    for (name, value) in [("from", &context.from), ("to", &context.to), ("about", &context.about)] {
        check_party(name, value)?;
    }
    if context.created < 0 {
        return Err(Error::InvalidArgument {
            name: "created".into(),
            detail: "must be Unix seconds, not negative".into(),
        });
    }
    Ok(())
}

/// A party, subject or key id (envelopes, the sealed store): 1 to 1024
/// bytes without control characters.
pub(crate) fn check_party(name: &str, value: &str) -> Result<(), Error> {
    if value.is_empty() || value.len() > MAX_PARTY_LEN || value.chars().any(char::is_control) {
        return Err(Error::InvalidArgument {
            name: name.into(),
            detail: format!("must be 1 to {MAX_PARTY_LEN} bytes without control characters"),
        });
    }
    Ok(())
}

/// The associated data: JCS of the header (every member but `ciphertext`).
fn associated_data(wire: &Wire) -> Result<Vec<u8>, Error> {
    let header = Wire {
        govshare_envelope: wire.govshare_envelope,
        cipher: wire.cipher.clone(),
        wrap: wire.wrap.clone(),
        recipient: wire.recipient.clone(),
        from: wire.from.clone(),
        to: wire.to.clone(),
        about: wire.about.clone(),
        created: wire.created,
        wrapped_key: wire.wrapped_key.clone(),
        iv: wire.iv.clone(),
        ciphertext: None,
    };
    let json = serde_json::to_vec(&header).map_err(|_| malformed("header does not serialize"))?;
    crate::jcs::canonicalize(&json)
}

fn kek_wrap_aad(kek_id: &str) -> Vec<u8> {
    format!("{KEK_WRAP_AAD}{kek_id}").into_bytes()
}

/// Whom a data key is wrapped for, or who unwraps it: the one key-wrap of
/// envelopes and the sealed store.
pub(crate) enum WrapKey<'a> {
    Sm2(&'a crate::sign::Key),
    Kek { kek: &'a [u8], kek_id: &'a str },
}

/// Wraps `data_key` for `to`: the wrap kind, the recipient (SM2 key
/// thumbprint or KEK id) and the wrapped bytes.
pub(crate) fn wrap_data_key(
    to: &WrapKey<'_>,
    data_key: &Sm4Key,
) -> Result<(EnvelopeWrap, String, Vec<u8>), Error> {
    match to {
        WrapKey::Sm2(key) => {
            let thumbprint = sm2_thumbprint(key)?;
            let wrapped = sm2_encrypt(key, data_key.as_bytes(), Sm2CiphertextFormat::default())?;
            Ok((EnvelopeWrap::Sm2, thumbprint, wrapped))
        }
        WrapKey::Kek { kek, kek_id } => {
            check_party("kek_id", kek_id)?;
            let kek = Sm4Key::from_bytes(kek)?;
            Ok((EnvelopeWrap::Sm4GcmKek, (*kek_id).to_owned(), wrap_with_kek(&kek, kek_id, data_key)?))
        }
    }
}

/// Unwraps a data key wrapped by [`wrap_data_key`]: `envelope_wrong_recipient`
/// unless `with` is the recipient (same kind, same thumbprint or KEK id),
/// before any decryption.
pub(crate) fn unwrap_data_key(
    wrap: EnvelopeWrap,
    recipient: &str,
    wrapped: &[u8],
    with: &WrapKey<'_>,
) -> Result<Sm4Key, Error> {
    match (with, wrap) {
        (WrapKey::Sm2(key), EnvelopeWrap::Sm2) => {
            if sm2_thumbprint(key)? != recipient {
                return Err(Error::EnvelopeWrongRecipient);
            }
            Sm4Key::from_bytes(&Zeroizing::new(sm2_decrypt(key, wrapped, Sm2CiphertextFormat::default())?))
        }
        (WrapKey::Kek { kek, kek_id }, EnvelopeWrap::Sm4GcmKek) if *kek_id == recipient => {
            unwrap_with_kek(&Sm4Key::from_bytes(kek)?, kek_id, wrapped)
        }
        _ => Err(Error::EnvelopeWrongRecipient),
    }
}

fn seal(plaintext: &[u8], context: &EnvelopeContext, to: &WrapKey<'_>) -> Result<Vec<u8>, Error> {
    check_context(context)?;
    let data_key = Sm4Key::generate()?;
    let (wrap, recipient, wrapped) = wrap_data_key(to, &data_key)?;
    let iv = crate::crypto::sm4::sm4_random_iv(Sm4Mode::Gcm)?;
    let mut wire = Wire {
        govshare_envelope: ENVELOPE_VERSION,
        cipher: CIPHER.into(),
        wrap: wrap.as_str().into(),
        recipient,
        from: context.from.clone(),
        to: context.to.clone(),
        about: context.about.clone(),
        created: context.created,
        wrapped_key: base64_encode(&wrapped),
        iv: base64_encode(&iv),
        ciphertext: None,
    };
    let aad = associated_data(&wire)?;
    let sealed = sm4_encrypt(Sm4Mode::Gcm, data_key.as_bytes(), &iv, plaintext, &aad)?;
    wire.ciphertext = Some(base64_encode(&sealed));
    serde_json::to_vec(&wire).map_err(|_| malformed("envelope does not serialize"))
}

/// Seals `plaintext` for the holder of an SM2 key (public or private; only
/// the public part is used). Randomized: a fresh data key and nonce each
/// time.
///
/// Errors: `key_algorithm_mismatch` (not SM2), `invalid_argument` (an
/// empty or over-long `from`/`to`/`about`, a negative `created`),
/// `random_unavailable`.
pub fn seal_envelope(
    plaintext: &[u8],
    recipient: &crate::sign::Key,
    context: &EnvelopeContext,
) -> Result<Vec<u8>, Error> {
    seal(plaintext, context, &WrapKey::Sm2(recipient))
}

/// Seals `plaintext` with the data key wrapped under a 16-byte SM4 key-
/// encryption key named `kek_id` (a KMS or HSM key the caller holds).
///
/// Errors: `key_length`, `invalid_argument` (context, an empty `kek_id`),
/// `random_unavailable`.
pub fn seal_envelope_with_kek(
    plaintext: &[u8],
    kek: &[u8],
    kek_id: &str,
    context: &EnvelopeContext,
) -> Result<Vec<u8>, Error> {
    seal(plaintext, context, &WrapKey::Kek { kek, kek_id })
}

/// Wraps a data key under a KEK: nonce ‖ SM4-GCM(data key) ‖ tag, bound to
/// the KEK id.
fn wrap_with_kek(kek: &Sm4Key, kek_id: &str, data_key: &Sm4Key) -> Result<Vec<u8>, Error> {
    let nonce = crate::crypto::sm4::sm4_random_iv(Sm4Mode::Gcm)?;
    let mut out = nonce.clone();
    out.extend(sm4_encrypt(
        Sm4Mode::Gcm,
        kek.as_bytes(),
        &nonce,
        data_key.as_bytes(),
        &kek_wrap_aad(kek_id),
    )?);
    Ok(out)
}

/// Unwraps what [`wrap_with_kek`] wrote; `tag_mismatch` for another KEK or id.
fn unwrap_with_kek(kek: &Sm4Key, kek_id: &str, wrapped: &[u8]) -> Result<Sm4Key, Error> {
    if wrapped.len() != GCM_NONCE_LEN + SM4_KEY_LEN + GCM_TAG_LEN {
        return Err(malformed(format!(
            "a KEK-wrapped data key is {} bytes, got {}",
            GCM_NONCE_LEN + SM4_KEY_LEN + GCM_TAG_LEN,
            wrapped.len()
        )));
    }
    let (nonce, sealed) = wrapped.split_at(GCM_NONCE_LEN);
    let raw =
        Zeroizing::new(sm4_decrypt(Sm4Mode::Gcm, kek.as_bytes(), nonce, sealed, &kek_wrap_aad(kek_id))?);
    Sm4Key::from_bytes(&raw)
}

fn sm2_thumbprint(key: &crate::sign::Key) -> Result<String, Error> {
    key.sm2_public_point("sm2-sm3")?;
    let thumbprint = key.thumbprint();
    if thumbprint.is_empty() {
        return Err(Error::InvalidKey { detail: "SM2 key has no JWK thumbprint".into() });
    }
    Ok(thumbprint)
}

/// An envelope read and checked for form, not yet decrypted.
pub struct EnvelopeOpening {
    info: EnvelopeInfo,
    aad: Vec<u8>,
    wrapped_key: Vec<u8>,
    iv: Vec<u8>,
    ciphertext: Vec<u8>,
}

impl std::fmt::Debug for EnvelopeOpening {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EnvelopeOpening").field("info", &self.info).finish_non_exhaustive()
    }
}

fn decode_member(name: &str, text: &str) -> Result<Vec<u8>, Error> {
    base64_decode_padded(text).ok_or_else(|| Error::InvalidValue {
        location: Location::path(format!("$.{name}")),
        detail: "not canonical base64 (RFC 4648 §4, padded)".into(),
    })
}

impl EnvelopeOpening {
    /// Reads an envelope's form: JSON with exactly the members of version 1
    /// (unknown or duplicated members are refused), cipher `sm4-gcm`, a
    /// known wrap, canonical base64, a 12-byte nonce and a ciphertext of at
    /// least the 16-byte tag.
    ///
    /// Errors: `json`, `unsupported_format` (another version or cipher),
    /// `invalid_argument` (an unknown wrap, an empty party),
    /// `invalid_value` (base64), `iv_length`, `ciphertext_truncated`.
    pub fn parse(bytes: &[u8]) -> Result<EnvelopeOpening, Error> {
        let wire: Wire = serde_json::from_slice(bytes).map_err(|e| crate::error::json_error(&e))?;
        if wire.govshare_envelope != ENVELOPE_VERSION {
            return Err(Error::UnsupportedFormat {
                found: format!("govshare envelope version {}", wire.govshare_envelope),
                expected: "govshare envelope version 1".into(),
            });
        }
        if wire.cipher != CIPHER {
            return Err(Error::UnsupportedFormat {
                found: "another envelope cipher".into(),
                expected: "cipher sm4-gcm".into(),
            });
        }
        let wrap: EnvelopeWrap = wire.wrap.parse()?;
        let context = EnvelopeContext {
            from: wire.from.clone(),
            to: wire.to.clone(),
            about: wire.about.clone(),
            created: wire.created,
        };
        check_context(&context)?;
        check_party("recipient", &wire.recipient)?;
        let wrapped_key = decode_member("wrapped_key", &wire.wrapped_key)?;
        let iv = decode_member("iv", &wire.iv)?;
        if iv.len() != GCM_NONCE_LEN {
            return Err(Error::IvLength {
                mode: "sm4-gcm".into(),
                expected: GCM_NONCE_LEN as u64,
                found: iv.len() as u64,
            });
        }
        let ciphertext = match &wire.ciphertext {
            Some(text) => decode_member("ciphertext", text)?,
            None => return Err(malformed("no ciphertext member")),
        };
        if ciphertext.len() < GCM_TAG_LEN {
            return Err(Error::CiphertextTruncated {
                mode: "sm4-gcm".into(),
                detail: format!("{} bytes is shorter than the 16-byte tag", ciphertext.len()),
            });
        }
        let aad = associated_data(&wire)?;
        let info = EnvelopeInfo { wrap, recipient: wire.recipient, context };
        Ok(EnvelopeOpening { info, aad, wrapped_key, iv, ciphertext })
    }

    /// What the envelope says of itself (not yet authenticated: the tag is
    /// checked when it is opened).
    pub fn info(&self) -> &EnvelopeInfo {
        &self.info
    }

    /// The wrapped data key, for a device that holds the private key: SM2
    /// C1C3C2 with the `04` prefix (wrap `sm2`), or nonce ‖ GCM ‖ tag (wrap
    /// `sm4-gcm-kek`, associated data `govshare-envelope/1 kek-wrap <id>`).
    pub fn wrapped_key(&self) -> &[u8] {
        &self.wrapped_key
    }

    /// Checks the parties and subject against what the caller expects.
    /// Error: `envelope_context_mismatch` naming the first member that differs.
    pub fn check_expected(&self, expected: &EnvelopeExpectation) -> Result<(), Error> {
        let c = &self.info.context;
        for (name, want, found) in [
            ("from", &expected.from, &c.from),
            ("to", &expected.to, &c.to),
            ("about", &expected.about, &c.about),
        ] {
            if want.as_ref().is_some_and(|w| w != found) {
                return Err(Error::EnvelopeContextMismatch { member: name.into() });
            }
        }
        Ok(())
    }

    /// Opens with the recipient's SM2 private key.
    ///
    /// Errors: `envelope_wrong_recipient` (a KEK envelope, or the key's
    /// thumbprint is not the envelope's recipient), those of
    /// [`sm2_decrypt`], and the verdict `tag_mismatch`.
    pub fn open_with_key(&self, key: &crate::sign::Key) -> Result<Vec<u8>, Error> {
        let data_key =
            unwrap_data_key(self.info.wrap, &self.info.recipient, &self.wrapped_key, &WrapKey::Sm2(key))?;
        self.finish(data_key.as_bytes())
    }

    /// Opens with the KEK named `kek_id`.
    ///
    /// Errors: `envelope_wrong_recipient` (an SM2 envelope, or another KEK
    /// id), `key_length`, and the verdict `tag_mismatch`.
    pub fn open_with_kek(&self, kek: &[u8], kek_id: &str) -> Result<Vec<u8>, Error> {
        let with = WrapKey::Kek { kek, kek_id };
        let data_key = unwrap_data_key(self.info.wrap, &self.info.recipient, &self.wrapped_key, &with)?;
        self.finish(data_key.as_bytes())
    }

    /// The last step when a device unwrapped the data key: decrypts and
    /// checks the tag over the data and the whole header.
    ///
    /// Errors: `key_length` (not 16 bytes), the verdict `tag_mismatch`.
    pub fn finish(&self, data_key: &[u8]) -> Result<Vec<u8>, Error> {
        sm4_decrypt(Sm4Mode::Gcm, data_key, &self.iv, &self.ciphertext, &self.aad)
    }
}

/// Parses, checks expectations, and opens with an SM2 private key.
pub fn open_envelope(
    bytes: &[u8],
    key: &crate::sign::Key,
    expected: &EnvelopeExpectation,
) -> Result<OpenedEnvelope, Error> {
    let opening = EnvelopeOpening::parse(bytes)?;
    opening.check_expected(expected)?;
    let plaintext = opening.open_with_key(key)?;
    Ok(OpenedEnvelope { info: opening.info, plaintext })
}

/// Parses, checks expectations, and opens with a KEK.
pub fn open_envelope_with_kek(
    bytes: &[u8],
    kek: &[u8],
    kek_id: &str,
    expected: &EnvelopeExpectation,
) -> Result<OpenedEnvelope, Error> {
    let opening = EnvelopeOpening::parse(bytes)?;
    opening.check_expected(expected)?;
    let plaintext = opening.open_with_kek(kek, kek_id)?;
    Ok(OpenedEnvelope { info: opening.info, plaintext })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sign::{Algorithm, Key};

    fn context() -> EnvelopeContext {
        EnvelopeContext {
            from: "11100000000000000A".into(),
            to: "11100000000000001B".into(),
            about: "grant-7/page-0".into(),
            created: 1_764_900_000,
        }
    }

    fn sm2() -> Key {
        Key::generate(Algorithm::Sm2Sm3).expect("key")
    }

    fn edit(envelope: &[u8], member: &str, value: serde_json::Value) -> Vec<u8> {
        let mut v: serde_json::Value = serde_json::from_slice(envelope).expect("json");
        v[member] = value;
        serde_json::to_vec(&v).expect("json")
    }

    #[test]
    fn names_match_serde() {
        crate::names::assert_names_match_serde(EnvelopeWrap::ALL, EnvelopeWrap::as_str);
    }

    #[test]
    fn sm2_round_trip_and_expectations() {
        let key = sm2();
        let sealed = seal_envelope(b"rows", &key.public_key().expect("public"), &context()).expect("seal");
        let opened = open_envelope(&sealed, &key, &EnvelopeExpectation::default()).expect("open");
        assert_eq!(opened.plaintext, b"rows");
        assert_eq!(opened.info.context, context());
        let expect = EnvelopeExpectation { about: Some("grant-7/page-1".into()), ..Default::default() };
        assert_eq!(open_envelope(&sealed, &key, &expect).unwrap_err().code(), "envelope_context_mismatch");
        assert_eq!(
            open_envelope(&sealed, &sm2(), &EnvelopeExpectation::default()).unwrap_err().code(),
            "envelope_wrong_recipient"
        );
    }

    #[test]
    fn every_header_member_is_bound() {
        let key = sm2();
        let sealed = seal_envelope(b"rows", &key, &context()).expect("seal");
        for (member, value) in [
            ("from", serde_json::json!("11100000000000000C")),
            ("to", serde_json::json!("x")),
            ("about", serde_json::json!("grant-7/page-1")),
            ("created", serde_json::json!(1_764_900_001)),
        ] {
            let altered = edit(&sealed, member, value);
            assert_eq!(
                open_envelope(&altered, &key, &EnvelopeExpectation::default()).unwrap_err().code(),
                "tag_mismatch",
                "{member}"
            );
        }
    }

    #[test]
    fn kek_round_trip_and_wrong_kek() {
        let kek = [7u8; 16];
        let sealed = seal_envelope_with_kek(b"", &kek, "kms:dept/1", &context()).expect("seal");
        let opened = open_envelope_with_kek(&sealed, &kek, "kms:dept/1", &EnvelopeExpectation::default())
            .expect("open");
        assert!(opened.plaintext.is_empty());
        assert_eq!(
            open_envelope_with_kek(&sealed, &[8u8; 16], "kms:dept/1", &EnvelopeExpectation::default())
                .unwrap_err()
                .code(),
            "tag_mismatch"
        );
        assert_eq!(
            open_envelope_with_kek(&sealed, &kek, "kms:dept/2", &EnvelopeExpectation::default())
                .unwrap_err()
                .code(),
            "envelope_wrong_recipient"
        );
        // The id is bound into the wrap: relabelling the envelope fails.
        let relabelled = edit(&sealed, "recipient", serde_json::json!("kms:dept/2"));
        assert_eq!(
            open_envelope_with_kek(&relabelled, &kek, "kms:dept/2", &EnvelopeExpectation::default())
                .unwrap_err()
                .code(),
            "tag_mismatch"
        );
    }

    #[test]
    fn external_decryptor_finishes() {
        let key = sm2();
        let sealed = seal_envelope(b"rows", &key, &context()).expect("seal");
        let opening = EnvelopeOpening::parse(&sealed).expect("parse");
        let data_key =
            sm2_decrypt(&key, opening.wrapped_key(), Sm2CiphertextFormat::default()).expect("device");
        assert_eq!(opening.finish(&data_key).expect("finish"), b"rows");
        assert_eq!(opening.finish(&[0u8; 16]).unwrap_err().code(), "tag_mismatch");
        assert_eq!(opening.finish(&[0u8; 15]).unwrap_err().code(), "key_length");
    }

    #[test]
    fn strict_reading() {
        let key = sm2();
        let sealed = seal_envelope(b"rows", &key, &context()).expect("seal");
        let text = String::from_utf8(sealed.clone()).expect("utf8");
        let unknown = edit(&sealed, "extra", serde_json::json!(1));
        assert_eq!(EnvelopeOpening::parse(&unknown).unwrap_err().code(), "invalid_value");
        let duplicated = text.replacen("\"from\":", "\"from\":\"a\",\"from\":", 1);
        assert_eq!(EnvelopeOpening::parse(duplicated.as_bytes()).unwrap_err().code(), "invalid_value");
        assert_eq!(
            EnvelopeOpening::parse(&edit(&sealed, "govshare_envelope", serde_json::json!(2)))
                .unwrap_err()
                .code(),
            "unsupported_format"
        );
        assert_eq!(
            EnvelopeOpening::parse(&edit(&sealed, "cipher", serde_json::json!("sm4-cbc")))
                .unwrap_err()
                .code(),
            "unsupported_format"
        );
        assert_eq!(
            EnvelopeOpening::parse(&edit(&sealed, "wrap", serde_json::json!("rsa"))).unwrap_err().code(),
            "invalid_argument"
        );
        assert_eq!(
            EnvelopeOpening::parse(&edit(&sealed, "iv", serde_json::json!("AAAA"))).unwrap_err().code(),
            "iv_length"
        );
        assert_eq!(
            EnvelopeOpening::parse(&edit(&sealed, "ciphertext", serde_json::json!("AAAA")))
                .unwrap_err()
                .code(),
            "ciphertext_truncated"
        );
        assert_eq!(
            EnvelopeOpening::parse(&edit(&sealed, "iv", serde_json::json!("AAAAAAAAAAAAAAB=")))
                .unwrap_err()
                .code(),
            "invalid_value"
        );
        assert_eq!(
            EnvelopeOpening::parse(&edit(&sealed, "from", serde_json::json!(""))).unwrap_err().code(),
            "invalid_argument"
        );
    }

    #[test]
    fn errors_never_carry_the_plaintext() {
        let key = sm2();
        let sealed = seal_envelope(b"110101199003074477", &key, &context()).expect("seal");
        let e = open_envelope(&sealed, &sm2(), &EnvelopeExpectation::default()).unwrap_err();
        assert!(!format!("{e} {e:?} {}", e.message_zh()).contains("110101199003074477"));
    }
}
