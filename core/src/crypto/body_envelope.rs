//! The de-facto signed-and-encrypted request body some national portals use
//! (domain digest §7, the medical-insurance portal: reverse-engineered, not
//! a published specification), as a named profile:
//!
//! ```json
//! {"appCode":"…","encType":"SM4","signType":"SM2","encData":"<hex>",
//!  "signData":"<hex>","timestamp":1764900000000,"version":"2.0.1"}
//! ```
//!
//! `encData` is SM4 (ECB or CBC with PKCS#7, as the profile names) of the
//! plaintext in hex; `signData` an SM2 signature (SM3, the key's user ID,
//! default `1234567812345678`) in raw `r‖s` or DER, as the profile names.
//! What is signed differs between deployments, so the profile must say it
//! ([`BodySignedContent`]); nothing here is guessed from the input. Opening
//! checks the signature before it returns a byte; `fields` (JCS of every
//! member but `signData`) is the only choice that also binds `appCode` and
//! `timestamp`, and the one to prefer where both sides run govshare.

use serde::{Deserialize, Serialize};

use crate::crypto::sm4::{sm4_decrypt, sm4_encrypt, Sm4Mode};
use crate::encoding::{hex, hex_decode};
use crate::error::Location;
use crate::names::named_enum;
use crate::Error;

/// What `signData` signs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum BodySignedContent {
    /// The plaintext bytes before encryption.
    Plaintext,
    /// The `encData` text as sent (hex).
    EncData,
    /// RFC 8785 (JCS) of every member but `signData`: binds the app code,
    /// the timestamp and the version too.
    Fields,
}

named_enum!(BodySignedContent, "signed content" { Plaintext = "plaintext", EncData = "enc_data", Fields = "fields" });

/// How the SM2 signature is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum SignatureEncoding {
    /// `r ‖ s`, 64 bytes.
    Raw,
    /// DER `SEQUENCE { INTEGER r, INTEGER s }` (GM/T 0009).
    Der,
}

named_enum!(SignatureEncoding, "signature encoding" { Raw = "raw", Der = "der" });

/// A deployment's choices; each must be named by the caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct BodyEnvelopeProfile {
    /// `ecb` (legacy) or `cbc`; the body has no room for a tag, so `gcm`
    /// and `ctr` are refused.
    pub mode: Sm4Mode,
    /// The CBC IV agreed out of band, 32 hex digits; empty for ECB.
    pub iv_hex: String,
    pub signed_content: BodySignedContent,
    pub signature_encoding: SignatureEncoding,
    /// Write hex in uppercase (reading accepts either case).
    pub uppercase_hex: bool,
    /// The `version` member written and expected.
    pub version: String,
}

/// An opened body: who sent it (as the body says) and the plaintext, whose
/// signature has verified.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct OpenedBody {
    pub app_code: String,
    pub timestamp: i64,
    pub plaintext: Vec<u8>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BodyWire {
    #[serde(rename = "appCode")]
    app_code: String,
    #[serde(rename = "encType")]
    enc_type: String,
    #[serde(rename = "signType")]
    sign_type: String,
    #[serde(rename = "encData")]
    enc_data: String,
    #[serde(rename = "signData", skip_serializing_if = "Option::is_none")]
    sign_data: Option<String>,
    timestamp: i64,
    version: String,
}

fn member_error(name: &str, detail: &str) -> Error {
    Error::InvalidValue { location: Location::path(format!("$.{name}")), detail: detail.into() }
}

impl BodyEnvelopeProfile {
    fn iv(&self) -> Result<Vec<u8>, Error> {
        if !matches!(self.mode, Sm4Mode::Ecb | Sm4Mode::Cbc) {
            return Err(Error::InvalidArgument {
                name: "mode".into(),
                detail: "the body envelope carries SM4 ecb or cbc (no tag member for gcm/ctr)".into(),
            });
        }
        hex_decode(&self.iv_hex)
            .ok_or_else(|| Error::InvalidArgument { name: "iv_hex".into(), detail: "not hex".into() })
    }

    fn hex(&self, bytes: &[u8]) -> String {
        let text = hex(bytes);
        if self.uppercase_hex {
            text.to_ascii_uppercase()
        } else {
            text
        }
    }
}

fn signed_bytes(content: BodySignedContent, wire: &BodyWire, plaintext: &[u8]) -> Result<Vec<u8>, Error> {
    Ok(match content {
        BodySignedContent::Plaintext => plaintext.to_vec(),
        BodySignedContent::EncData => wire.enc_data.as_bytes().to_vec(),
        BodySignedContent::Fields => {
            let unsigned = BodyWire {
                app_code: wire.app_code.clone(),
                enc_type: wire.enc_type.clone(),
                sign_type: wire.sign_type.clone(),
                enc_data: wire.enc_data.clone(),
                sign_data: None,
                timestamp: wire.timestamp,
                version: wire.version.clone(),
            };
            let json = serde_json::to_vec(&unsigned).map_err(|_| member_error("", "does not serialize"))?;
            crate::jcs::canonicalize(&json)?
        }
    })
}

/// Encrypts and signs `plaintext` into the body JSON.
///
/// Errors: `invalid_argument` (mode, IV hex, an empty app code),
/// `key_length`/`iv_length`, `key_algorithm_mismatch` (a signing key that
/// is not SM2), `public_key_only`.
pub fn seal_body_envelope(
    profile: &BodyEnvelopeProfile,
    app_code: &str,
    timestamp: i64,
    plaintext: &[u8],
    sm4_key: &[u8],
    signing_key: &crate::sign::Key,
) -> Result<Vec<u8>, Error> {
    check_sm2(signing_key)?;
    if app_code.is_empty() {
        return Err(Error::InvalidArgument { name: "app_code".into(), detail: "must not be empty".into() });
    }
    let iv = profile.iv()?;
    let encrypted = sm4_encrypt(profile.mode, sm4_key, &iv, plaintext, &[])?;
    let mut wire = BodyWire {
        app_code: app_code.into(),
        enc_type: "SM4".into(),
        sign_type: "SM2".into(),
        enc_data: profile.hex(&encrypted),
        sign_data: None,
        timestamp,
        version: profile.version.clone(),
    };
    let raw = signing_key.sign(&signed_bytes(profile.signed_content, &wire, plaintext)?)?;
    let signature = match profile.signature_encoding {
        SignatureEncoding::Raw => raw,
        SignatureEncoding::Der => crate::sign::der::ecdsa_signature_to_der(&raw)?,
    };
    wire.sign_data = Some(profile.hex(&signature));
    serde_json::to_vec(&wire).map_err(|_| member_error("", "does not serialize"))
}

/// Verifies and decrypts a body. The signature is checked with the
/// sender's SM2 public key (and its user ID) before any plaintext is
/// returned; with `plaintext` signing, the plaintext is decrypted into a
/// buffer first and dropped if the signature fails.
///
/// Errors: `invalid_value` (JSON shape, unknown or duplicated members, an
/// `encType`/`signType` other than SM4/SM2, another version, bad hex),
/// `signature_invalid` (the verdict), `bad_padding`, `key_length`.
pub fn open_body_envelope(
    profile: &BodyEnvelopeProfile,
    body: &[u8],
    sm4_key: &[u8],
    sender_key: &crate::sign::Key,
) -> Result<OpenedBody, Error> {
    check_sm2(sender_key)?;
    let iv = profile.iv()?;
    let wire: BodyWire = serde_json::from_slice(body).map_err(|e| crate::error::json_error(&e))?;
    if wire.enc_type != "SM4" {
        return Err(member_error("encType", "must be SM4"));
    }
    if wire.sign_type != "SM2" {
        return Err(member_error("signType", "must be SM2"));
    }
    if wire.version != profile.version {
        return Err(member_error("version", "is not the profile's version"));
    }
    let sign_text = wire.sign_data.as_deref().ok_or_else(|| member_error("signData", "missing"))?;
    let signature = hex_decode(sign_text).ok_or_else(|| member_error("signData", "not hex"))?;
    let signature = match profile.signature_encoding {
        SignatureEncoding::Raw => signature,
        SignatureEncoding::Der => crate::sign::der::ecdsa_signature_from_der(&signature)?,
    };
    let encrypted = hex_decode(&wire.enc_data).ok_or_else(|| member_error("encData", "not hex"))?;
    let plaintext = match profile.signed_content {
        BodySignedContent::Plaintext => {
            let plaintext =
                zeroize::Zeroizing::new(sm4_decrypt(profile.mode, sm4_key, &iv, &encrypted, &[])?);
            sender_key.verify(&plaintext, &signature)?;
            plaintext.to_vec()
        }
        content => {
            sender_key.verify(&signed_bytes(content, &wire, &[])?, &signature)?;
            sm4_decrypt(profile.mode, sm4_key, &iv, &encrypted, &[])?
        }
    };
    Ok(OpenedBody { app_code: wire.app_code, timestamp: wire.timestamp, plaintext })
}

fn check_sm2(key: &crate::sign::Key) -> Result<(), Error> {
    key.sm2_public_point("sm2-sm3").map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sign::{Algorithm, Key};

    fn profile(
        signed_content: BodySignedContent,
        signature_encoding: SignatureEncoding,
    ) -> BodyEnvelopeProfile {
        BodyEnvelopeProfile {
            mode: Sm4Mode::Cbc,
            iv_hex: "00112233445566778899aabbccddeeff".into(),
            signed_content,
            signature_encoding,
            uppercase_hex: true,
            version: "2.0.1".into(),
        }
    }

    #[test]
    fn names_match_serde() {
        crate::names::assert_names_match_serde(BodySignedContent::ALL, BodySignedContent::as_str);
        crate::names::assert_names_match_serde(SignatureEncoding::ALL, SignatureEncoding::as_str);
    }

    #[test]
    fn every_profile_round_trips_and_refuses_tampering() {
        let key = Key::generate(Algorithm::Sm2Sm3).expect("key");
        let public = key.public_key().expect("public");
        let sm4 = [9u8; 16];
        for content in BodySignedContent::ALL {
            for encoding in SignatureEncoding::ALL {
                let p = profile(*content, *encoding);
                let body = seal_body_envelope(&p, "app-1", 1_764_900_000_000, b"{\"q\":1}", &sm4, &key)
                    .expect("seal");
                let opened = open_body_envelope(&p, &body, &sm4, &public).expect("open");
                assert_eq!(opened.plaintext, b"{\"q\":1}");
                let mut v: serde_json::Value = serde_json::from_slice(&body).expect("json");
                v["timestamp"] = serde_json::json!(1_764_900_000_001i64);
                let replayed = serde_json::to_vec(&v).expect("json");
                let verdict = open_body_envelope(&p, &replayed, &sm4, &public);
                // Only `fields` binds the timestamp.
                assert_eq!(verdict.is_err(), *content == BodySignedContent::Fields, "{content:?}");
                let other = Key::generate(Algorithm::Sm2Sm3).expect("key").public_key().expect("public");
                assert_eq!(
                    open_body_envelope(&p, &body, &sm4, &other).unwrap_err().code(),
                    "signature_invalid"
                );
            }
        }
    }

    #[test]
    fn refuses_what_the_profile_does_not_name() {
        let key = Key::generate(Algorithm::Sm2Sm3).expect("key");
        let mut p = profile(BodySignedContent::Fields, SignatureEncoding::Raw);
        let body = seal_body_envelope(&p, "app-1", 1, b"x", &[1u8; 16], &key).expect("seal");
        p.mode = Sm4Mode::Gcm;
        assert_eq!(open_body_envelope(&p, &body, &[1u8; 16], &key).unwrap_err().code(), "invalid_argument");
        p.mode = Sm4Mode::Cbc;
        p.version = "3".into();
        assert_eq!(open_body_envelope(&p, &body, &[1u8; 16], &key).unwrap_err().code(), "invalid_value");
        let p = profile(BodySignedContent::Fields, SignatureEncoding::Der);
        assert_eq!(open_body_envelope(&p, &body, &[1u8; 16], &key).unwrap_err().code(), "signature_invalid");
        let text =
            String::from_utf8(body).expect("utf8").replace("\"encType\":\"SM4\"", "\"encType\":\"AES\"");
        assert_eq!(
            open_body_envelope(&p, text.as_bytes(), &[1u8; 16], &key).unwrap_err().code(),
            "invalid_value"
        );
    }
}
