//! SM4 exports for JS (issue #13): `Uint8Array` in, `Uint8Array` out; every
//! rule is core's (`govshare_core::crypto`).

use govshare_core::crypto as core;
use js_sys::Uint8Array;
use tsify::Ts;
use wasm_bindgen::prelude::*;

use crate::error::{from_js, to_js, JsResult};

/// SM4 encryption (GB/T 32907-2016). `mode` `"ecb"` (legacy interop only)
/// or `"cbc"` with PKCS#7, `"ctr"` unpadded, `"gcm"` with `aad` and the
/// 16-byte tag appended. The caller supplies the IV/nonce (empty for ecb,
/// 16 bytes for cbc/ctr, 12 for gcm; `sm4RandomIv` draws one).
#[wasm_bindgen(js_name = sm4Encrypt)]
pub fn sm4_encrypt(
    mode: Ts<core::Sm4Mode>,
    key: &[u8],
    iv: &[u8],
    data: &[u8],
    aad: Option<Vec<u8>>,
) -> JsResult<Uint8Array> {
    let out = core::sm4_encrypt(from_js(mode, "mode")?, key, iv, data, aad.as_deref().unwrap_or_default())?;
    Ok(Uint8Array::from(out.as_slice()))
}

/// SM4 decryption: the plaintext, or a thrown GovshareError and nothing else
/// (`bad_padding`, `tag_mismatch`, `ciphertext_truncated`, `key_length`,
/// `iv_length`).
#[wasm_bindgen(js_name = sm4Decrypt)]
pub fn sm4_decrypt(
    mode: Ts<core::Sm4Mode>,
    key: &[u8],
    iv: &[u8],
    data: &[u8],
    aad: Option<Vec<u8>>,
) -> JsResult<Uint8Array> {
    let out = core::sm4_decrypt(from_js(mode, "mode")?, key, iv, data, aad.as_deref().unwrap_or_default())?;
    Ok(Uint8Array::from(out.as_slice()))
}

/// A fresh IV/nonce of the mode's length from the RNG key generation uses
/// (`crypto.getRandomValues` in the browser).
#[wasm_bindgen(js_name = sm4RandomIv)]
pub fn sm4_random_iv(mode: Ts<core::Sm4Mode>) -> JsResult<Uint8Array> {
    Ok(Uint8Array::from(core::sm4_random_iv(from_js(mode, "mode")?)?.as_slice()))
}

/// A fresh 16-byte SM4 key from the same RNG.
#[wasm_bindgen(js_name = sm4GenerateKey)]
pub fn sm4_generate_key() -> JsResult<Uint8Array> {
    Ok(Uint8Array::from(core::sm4_generate_key()?.as_slice()))
}

/// The 16 key bytes of a key file's contents (16 raw bytes, or 32 hex
/// digits and at most one line end).
#[wasm_bindgen(js_name = sm4KeyFromFileBytes)]
pub fn sm4_key_from_file_bytes(data: &[u8]) -> JsResult<Uint8Array> {
    Ok(Uint8Array::from(core::Sm4Key::from_file_bytes(data)?.as_bytes().as_slice()))
}

/// SM2 public-key encryption (GB/T 32918.4-2016) to an `sm2-sm3` key
/// (public or private). `format` is `{order: "c1c3c2" | "c1c2c3" | "asn1",
/// point_prefix: boolean}` — always explicit (sm-crypto writes c1c3c2
/// without 04; asn1 needs `point_prefix: true`). Randomized.
#[wasm_bindgen(js_name = sm2Encrypt)]
pub fn sm2_encrypt(
    key: &crate::sign::Key,
    plaintext: &[u8],
    format: Ts<core::Sm2CiphertextFormat>,
) -> JsResult<Uint8Array> {
    let out = core::sm2_encrypt(&key.inner, plaintext, from_js(format, "format")?)?;
    Ok(Uint8Array::from(out.as_slice()))
}

/// SM2 decryption with a private `sm2-sm3` key: the plaintext, or a thrown
/// GovshareError and nothing else (`decryption_failed`, `point_not_on_curve`,
/// `ciphertext_truncated`, `ciphertext_malformed`, `public_key_only`,
/// `key_algorithm_mismatch`).
#[wasm_bindgen(js_name = sm2Decrypt)]
pub fn sm2_decrypt(
    key: &crate::sign::Key,
    ciphertext: &[u8],
    format: Ts<core::Sm2CiphertextFormat>,
) -> JsResult<Uint8Array> {
    let out = core::sm2_decrypt(&key.inner, ciphertext, from_js(format, "format")?)?;
    Ok(Uint8Array::from(out.as_slice()))
}

/// Rewrites an SM2 ciphertext from one form to another (no key; C1 is
/// checked on the curve, C3 cannot be).
#[wasm_bindgen(js_name = sm2ConvertCiphertext)]
pub fn sm2_convert_ciphertext(
    ciphertext: &[u8],
    from: Ts<core::Sm2CiphertextFormat>,
    to: Ts<core::Sm2CiphertextFormat>,
) -> JsResult<Uint8Array> {
    let out = core::sm2_convert_ciphertext(ciphertext, from_js(from, "from")?, from_js(to, "to")?)?;
    Ok(Uint8Array::from(out.as_slice()))
}

// ------------------------------------------------------------- envelopes

/// An opened envelope: `info` (who, what, when, as sealed and authenticated)
/// and the `plaintext`.
#[wasm_bindgen]
pub struct OpenedEnvelope {
    info: core::EnvelopeInfo,
    plaintext: Vec<u8>,
}

#[wasm_bindgen]
impl OpenedEnvelope {
    #[wasm_bindgen(getter)]
    pub fn info(&self) -> JsResult<Ts<core::EnvelopeInfo>> {
        to_js(&self.info)
    }

    #[wasm_bindgen(getter)]
    pub fn plaintext(&self) -> Uint8Array {
        Uint8Array::from(self.plaintext.as_slice())
    }
}

impl From<core::OpenedEnvelope> for OpenedEnvelope {
    fn from(o: core::OpenedEnvelope) -> Self {
        OpenedEnvelope { info: o.info, plaintext: o.plaintext }
    }
}

/// Seals `plaintext` for the holder of an SM2 key: a fresh SM4-GCM data key
/// wrapped with SM2, `context` ({from, to, about, created}) bound as
/// associated data. Returns the envelope's JSON bytes (docs/envelope.md).
#[wasm_bindgen(js_name = sealEnvelope)]
pub fn seal_envelope(
    plaintext: &[u8],
    recipient: &crate::sign::Key,
    context: Ts<core::EnvelopeContext>,
) -> JsResult<Uint8Array> {
    let out = core::seal_envelope(plaintext, &recipient.inner, &from_js(context, "context")?)?;
    Ok(Uint8Array::from(out.as_slice()))
}

/// Seals with the data key wrapped under a 16-byte key-encryption key
/// named `kekId` (held by a KMS or HSM).
#[wasm_bindgen(js_name = sealEnvelopeWithKek)]
pub fn seal_envelope_with_kek(
    plaintext: &[u8],
    kek: &[u8],
    kek_id: &str,
    context: Ts<core::EnvelopeContext>,
) -> JsResult<Uint8Array> {
    let out = core::seal_envelope_with_kek(plaintext, kek, kek_id, &from_js(context, "context")?)?;
    Ok(Uint8Array::from(out.as_slice()))
}

/// Opens an envelope with the recipient's SM2 private key, after checking
/// the members of `expected` ({from?, to?, about?}) that are given.
/// Throws `envelope_context_mismatch`, `envelope_wrong_recipient`,
/// `tag_mismatch` and the form errors; never a byte of plaintext then.
#[wasm_bindgen(js_name = openEnvelope)]
pub fn open_envelope(
    envelope: &[u8],
    key: &crate::sign::Key,
    expected: Option<Ts<core::EnvelopeExpectation>>,
) -> JsResult<OpenedEnvelope> {
    let expected = match expected {
        Some(e) => from_js(e, "expected")?,
        None => core::EnvelopeExpectation::default(),
    };
    Ok(core::open_envelope(envelope, &key.inner, &expected)?.into())
}

/// Opens an envelope whose data key is wrapped under the KEK `kekId`.
#[wasm_bindgen(js_name = openEnvelopeWithKek)]
pub fn open_envelope_with_kek(
    envelope: &[u8],
    kek: &[u8],
    kek_id: &str,
    expected: Option<Ts<core::EnvelopeExpectation>>,
) -> JsResult<OpenedEnvelope> {
    let expected = match expected {
        Some(e) => from_js(e, "expected")?,
        None => core::EnvelopeExpectation::default(),
    };
    Ok(core::open_envelope_with_kek(envelope, kek, kek_id, &expected)?.into())
}

/// An envelope read for form, for a private key held in a device:
/// `EnvelopeOpening.parse(bytes)`, the device decrypts `wrappedKey` (SM2
/// C1C3C2 with 04), then `finish(dataKey)`.
#[wasm_bindgen]
pub struct EnvelopeOpening {
    inner: core::EnvelopeOpening,
}

#[wasm_bindgen]
impl EnvelopeOpening {
    pub fn parse(envelope: &[u8]) -> JsResult<EnvelopeOpening> {
        Ok(EnvelopeOpening { inner: core::EnvelopeOpening::parse(envelope)? })
    }

    /// What the envelope says of itself (authenticated only once opened).
    #[wasm_bindgen(getter)]
    pub fn info(&self) -> JsResult<Ts<core::EnvelopeInfo>> {
        to_js(self.inner.info())
    }

    /// The wrapped data key, for the device.
    #[wasm_bindgen(getter, js_name = wrappedKey)]
    pub fn wrapped_key(&self) -> Uint8Array {
        Uint8Array::from(self.inner.wrapped_key())
    }

    /// Throws `envelope_context_mismatch` for the first given member that differs.
    #[wasm_bindgen(js_name = checkExpected)]
    pub fn check_expected(&self, expected: Ts<core::EnvelopeExpectation>) -> JsResult<()> {
        Ok(self.inner.check_expected(&from_js(expected, "expected")?)?)
    }

    /// Decrypts with the data key the device returned; `tag_mismatch` if
    /// anything was altered.
    pub fn finish(&self, data_key: &[u8]) -> JsResult<Uint8Array> {
        Ok(Uint8Array::from(self.inner.finish(data_key)?.as_slice()))
    }
}

/// The de-facto signed-and-encrypted body (`encType`/`signType`/`encData`/
/// `signData`/`appCode`/`timestamp`/`version`): SM4 (profile.mode, ecb or
/// cbc) then an SM2 signature over what `profile.signed_content` names.
#[wasm_bindgen(js_name = sealBodyEnvelope)]
pub fn seal_body_envelope(
    profile: Ts<core::BodyEnvelopeProfile>,
    app_code: &str,
    timestamp: f64,
    plaintext: &[u8],
    sm4_key: &[u8],
    signing_key: &crate::sign::Key,
) -> JsResult<Uint8Array> {
    let out = core::seal_body_envelope(
        &from_js(profile, "profile")?,
        app_code,
        crate::sign::unix_seconds(timestamp)?,
        plaintext,
        sm4_key,
        &signing_key.inner,
    )?;
    Ok(Uint8Array::from(out.as_slice()))
}

/// Verifies the sender's SM2 signature, then decrypts: the plaintext, or a
/// thrown `signature_invalid` / `bad_padding` / `invalid_value` and nothing else.
#[wasm_bindgen(js_name = openBodyEnvelope)]
pub fn open_body_envelope(
    profile: Ts<core::BodyEnvelopeProfile>,
    body: &[u8],
    sm4_key: &[u8],
    sender_key: &crate::sign::Key,
) -> JsResult<Uint8Array> {
    let opened = core::open_body_envelope(&from_js(profile, "profile")?, body, sm4_key, &sender_key.inner)?;
    Ok(Uint8Array::from(opened.plaintext.as_slice()))
}
