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
