//! SM4 exports for JS (issue #13): `Uint8Array` in, `Uint8Array` out; every
//! rule is core's (`govshare_core::crypto`).

use govshare_core::crypto as core;
use js_sys::Uint8Array;
use tsify::Ts;
use wasm_bindgen::prelude::*;

use crate::error::{from_js, JsResult};

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
