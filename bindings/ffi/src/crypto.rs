//! SM4 exports for uniffi (issue #13): bytes in, bytes out; every rule is
//! core's (`govshare_core::crypto`).

use govshare_core::crypto as core;

use crate::GovshareError;

/// SM4 encryption (GB/T 32907-2016). `mode` ecb (legacy interop only) or
/// cbc with PKCS#7, ctr unpadded, gcm with `aad` and the 16-byte tag
/// appended. The caller supplies the IV/nonce (none for ecb, 16 bytes for
/// cbc/ctr, 12 for gcm; `sm4_random_iv` draws one).
#[uniffi::export(default(aad = None))]
pub fn sm4_encrypt(
    mode: core::Sm4Mode,
    key: Vec<u8>,
    iv: Vec<u8>,
    data: Vec<u8>,
    aad: Option<Vec<u8>>,
) -> Result<Vec<u8>, GovshareError> {
    Ok(core::sm4_encrypt(mode, &key, &iv, &data, aad.as_deref().unwrap_or_default())?)
}

/// SM4 decryption: the plaintext, or an error and nothing else
/// (`bad_padding`, `tag_mismatch`, `ciphertext_truncated`, `key_length`,
/// `iv_length`).
#[uniffi::export(default(aad = None))]
pub fn sm4_decrypt(
    mode: core::Sm4Mode,
    key: Vec<u8>,
    iv: Vec<u8>,
    data: Vec<u8>,
    aad: Option<Vec<u8>>,
) -> Result<Vec<u8>, GovshareError> {
    Ok(core::sm4_decrypt(mode, &key, &iv, &data, aad.as_deref().unwrap_or_default())?)
}

/// A fresh IV/nonce of the mode's length from the system RNG.
#[uniffi::export]
pub fn sm4_random_iv(mode: core::Sm4Mode) -> Result<Vec<u8>, GovshareError> {
    Ok(core::sm4_random_iv(mode)?)
}

/// A fresh 16-byte SM4 key from the system RNG.
#[uniffi::export]
pub fn sm4_generate_key() -> Result<Vec<u8>, GovshareError> {
    Ok(core::sm4_generate_key()?)
}

/// The 16 key bytes of a key file's contents (16 raw bytes, or 32 hex
/// digits and at most one line end).
#[uniffi::export]
pub fn sm4_key_from_file_bytes(data: Vec<u8>) -> Result<Vec<u8>, GovshareError> {
    Ok(core::Sm4Key::from_file_bytes(&data)?.as_bytes().to_vec())
}

/// The mode's stable name (`ecb`, `cbc`, `ctr`, `gcm`).
#[uniffi::export]
pub fn sm4_mode_name(mode: core::Sm4Mode) -> String {
    mode.as_str().to_owned()
}

/// The mode of a name (`ecb`, `cbc`, `ctr`, `gcm`; exact).
#[uniffi::export]
pub fn sm4_mode_from_name(name: String) -> Result<core::Sm4Mode, GovshareError> {
    Ok(name.parse()?)
}

/// SM2 public-key encryption (GB/T 32918.4-2016) to an `sm2-sm3` key
/// (public or private), in the explicit `format` (asn1 needs
/// `point_prefix` true). Randomized.
#[uniffi::export]
pub fn sm2_encrypt(
    key: std::sync::Arc<crate::sign::Key>,
    plaintext: Vec<u8>,
    format: core::Sm2CiphertextFormat,
) -> Result<Vec<u8>, GovshareError> {
    Ok(core::sm2_encrypt(&key.lock(), &plaintext, format)?)
}

/// SM2 decryption with a private `sm2-sm3` key: the plaintext, or an error
/// and nothing else (`decryption_failed`, `point_not_on_curve`,
/// `ciphertext_truncated`, `ciphertext_malformed`, `public_key_only`,
/// `key_algorithm_mismatch`).
#[uniffi::export]
pub fn sm2_decrypt(
    key: std::sync::Arc<crate::sign::Key>,
    ciphertext: Vec<u8>,
    format: core::Sm2CiphertextFormat,
) -> Result<Vec<u8>, GovshareError> {
    Ok(core::sm2_decrypt(&key.lock(), &ciphertext, format)?)
}

/// Rewrites an SM2 ciphertext from one form to another (no key; C1 is
/// checked on the curve, C3 cannot be).
#[uniffi::export]
pub fn sm2_convert_ciphertext(
    ciphertext: Vec<u8>,
    from: core::Sm2CiphertextFormat,
    to: core::Sm2CiphertextFormat,
) -> Result<Vec<u8>, GovshareError> {
    Ok(core::sm2_convert_ciphertext(&ciphertext, from, to)?)
}

/// The order of a name (`c1c3c2`, `c1c2c3`, `asn1`; exact).
#[uniffi::export]
pub fn sm2_ciphertext_order_from_name(name: String) -> Result<core::Sm2CiphertextOrder, GovshareError> {
    Ok(name.parse()?)
}

// ------------------------------------------------------------- envelopes

/// Seals `plaintext` for the holder of an SM2 key: a fresh SM4-GCM data key
/// wrapped with SM2, `context` bound as associated data. Returns the
/// envelope's JSON bytes (docs/envelope.md).
#[uniffi::export]
pub fn seal_envelope(
    plaintext: Vec<u8>,
    recipient: std::sync::Arc<crate::sign::Key>,
    context: core::EnvelopeContext,
) -> Result<Vec<u8>, GovshareError> {
    Ok(core::seal_envelope(&plaintext, &recipient.lock(), &context)?)
}

/// Seals with the data key wrapped under a 16-byte key-encryption key named
/// `kek_id` (held by a KMS or HSM).
#[uniffi::export]
pub fn seal_envelope_with_kek(
    plaintext: Vec<u8>,
    kek: Vec<u8>,
    kek_id: String,
    context: core::EnvelopeContext,
) -> Result<Vec<u8>, GovshareError> {
    Ok(core::seal_envelope_with_kek(&plaintext, &kek, &kek_id, &context)?)
}

/// Opens an envelope with the recipient's SM2 private key, after checking
/// the members of `expected` that are given (`envelope_context_mismatch`,
/// `envelope_wrong_recipient`, `tag_mismatch`; never a byte of plaintext then).
#[uniffi::export(default(expected = None))]
pub fn open_envelope(
    envelope: Vec<u8>,
    key: std::sync::Arc<crate::sign::Key>,
    expected: Option<core::EnvelopeExpectation>,
) -> Result<core::OpenedEnvelope, GovshareError> {
    Ok(core::open_envelope(&envelope, &key.lock(), &expected.unwrap_or_default())?)
}

/// Opens an envelope whose data key is wrapped under the KEK `kek_id`.
#[uniffi::export(default(expected = None))]
pub fn open_envelope_with_kek(
    envelope: Vec<u8>,
    kek: Vec<u8>,
    kek_id: String,
    expected: Option<core::EnvelopeExpectation>,
) -> Result<core::OpenedEnvelope, GovshareError> {
    Ok(core::open_envelope_with_kek(&envelope, &kek, &kek_id, &expected.unwrap_or_default())?)
}

/// An envelope read for form, for a private key held in a device:
/// `EnvelopeOpening.parse(bytes)`, the device decrypts `wrapped_key()` (SM2
/// C1C3C2 with 04), then `finish(data_key)`.
#[derive(uniffi::Object)]
pub struct EnvelopeOpening {
    inner: core::EnvelopeOpening,
}

#[uniffi::export]
impl EnvelopeOpening {
    #[uniffi::constructor]
    pub fn parse(envelope: Vec<u8>) -> Result<std::sync::Arc<Self>, GovshareError> {
        Ok(std::sync::Arc::new(EnvelopeOpening { inner: core::EnvelopeOpening::parse(&envelope)? }))
    }

    /// What the envelope says of itself (authenticated only once opened).
    pub fn info(&self) -> core::EnvelopeInfo {
        self.inner.info().clone()
    }

    /// The wrapped data key, for the device.
    pub fn wrapped_key(&self) -> Vec<u8> {
        self.inner.wrapped_key().to_vec()
    }

    /// `envelope_context_mismatch` for the first given member that differs.
    pub fn check_expected(&self, expected: core::EnvelopeExpectation) -> Result<(), GovshareError> {
        Ok(self.inner.check_expected(&expected)?)
    }

    /// Decrypts with the data key the device returned; `tag_mismatch` if
    /// anything was altered.
    pub fn finish(&self, data_key: Vec<u8>) -> Result<Vec<u8>, GovshareError> {
        Ok(self.inner.finish(&data_key)?)
    }
}

/// The de-facto signed-and-encrypted body (`encType`/`signType`/`encData`/
/// `signData`/`appCode`/`timestamp`/`version`): SM4 (ecb or cbc) then an
/// SM2 signature over what `profile.signed_content` names.
#[uniffi::export]
pub fn seal_body_envelope(
    profile: core::BodyEnvelopeProfile,
    app_code: String,
    timestamp: i64,
    plaintext: Vec<u8>,
    sm4_key: Vec<u8>,
    signing_key: std::sync::Arc<crate::sign::Key>,
) -> Result<Vec<u8>, GovshareError> {
    Ok(core::seal_body_envelope(&profile, &app_code, timestamp, &plaintext, &sm4_key, &signing_key.lock())?)
}

/// Verifies the sender's SM2 signature, then decrypts.
#[uniffi::export]
pub fn open_body_envelope(
    profile: core::BodyEnvelopeProfile,
    body: Vec<u8>,
    sm4_key: Vec<u8>,
    sender_key: std::sync::Arc<crate::sign::Key>,
) -> Result<core::OpenedBody, GovshareError> {
    Ok(core::open_body_envelope(&profile, &body, &sm4_key, &sender_key.lock())?)
}
