//! Digests of canonical bytes: SHA-256 (international) and SM3 (GB/T 32905,
//! what Chinese platforms require). Lowercase hex, as platforms print them.

use crate::encoding::hex;
use sm3::Digest as _;

/// A digest as govshare writes one into records: `sha256:` or `sm3:`
/// followed by 64 lowercase hex digits.
pub fn is_tagged_digest(value: &str) -> bool {
    let hex = value.strip_prefix("sha256:").or_else(|| value.strip_prefix("sm3:"));
    hex.is_some_and(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
}

/// SHA-256 of `bytes`, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(ring::digest::digest(&ring::digest::SHA256, bytes).as_ref())
}

/// SM3 of `bytes`, lowercase hex.
pub fn sm3_hex(bytes: &[u8]) -> String {
    hex(&sm3::Sm3::digest(bytes))
}

/// The canonical form of a JSON document and its two digests.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct CanonicalDigests {
    /// RFC 8785 canonical JSON text.
    pub canonical: String,
    /// SHA-256 of the canonical bytes, lowercase hex.
    pub sha256: String,
    /// SM3 of the canonical bytes, lowercase hex.
    pub sm3: String,
}

/// Canonicalizes JSON text and digests the canonical bytes.
pub fn canonical_digests(json: &[u8]) -> crate::Result<CanonicalDigests> {
    let bytes = crate::jcs::canonicalize(json)?;
    let sha256 = sha256_hex(&bytes);
    let sm3 = sm3_hex(&bytes);
    let canonical = String::from_utf8(bytes)
        .map_err(|e| crate::Error::NotUtf8 { offset: e.utf8_error().valid_up_to() as u64 })?;
    Ok(CanonicalDigests { canonical, sha256, sm3 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_answers() {
        // GB/T 32905-2016 Appendix A example 1, and FIPS 180-2 "abc".
        assert_eq!(sm3_hex(b"abc"), "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
