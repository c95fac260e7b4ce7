//! RFC 9530 `Content-Digest`: the body's hash, so a signature over the
//! header binds the body. `sm3` is our documented extension (not in the
//! IANA registry) for deployments that must use SM-series hashes.

use super::sf::{self, BareItem, Item, Member};
use crate::http_message::HttpMessage;
use crate::Error;

/// A Content-Digest algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum DigestAlgorithm {
    #[serde(rename = "sha-256")]
    Sha256,
    #[serde(rename = "sha-512")]
    Sha512,
    #[serde(rename = "sm3")]
    Sm3,
}

impl DigestAlgorithm {
    pub fn name(self) -> &'static str {
        match self {
            DigestAlgorithm::Sha256 => "sha-256",
            DigestAlgorithm::Sha512 => "sha-512",
            DigestAlgorithm::Sm3 => "sm3",
        }
    }

    /// Every algorithm, in registry order.
    pub const ALL: [DigestAlgorithm; 3] =
        [DigestAlgorithm::Sha256, DigestAlgorithm::Sha512, DigestAlgorithm::Sm3];

    fn from_name(name: &str) -> Option<DigestAlgorithm> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }

    /// From its RFC 9530 registry name (`sha-256`, `sha-512`, or `sm3`);
    /// anything else is `unsupported_digest`, never a guess.
    pub fn parse(name: &str) -> Result<DigestAlgorithm, crate::Error> {
        Self::from_name(name).ok_or(crate::Error::UnsupportedDigest)
    }

    /// The hash of `data`.
    pub fn hash(self, data: &[u8]) -> Vec<u8> {
        match self {
            DigestAlgorithm::Sha256 => ring::digest::digest(&ring::digest::SHA256, data).as_ref().to_vec(),
            DigestAlgorithm::Sha512 => ring::digest::digest(&ring::digest::SHA512, data).as_ref().to_vec(),
            DigestAlgorithm::Sm3 => super::sm2dsa::sm3(data),
        }
    }
}

/// The Content-Digest field value for `body`, e.g. `sha-256=:…:`.
pub fn content_digest(body: &[u8], algorithm: DigestAlgorithm) -> String {
    let mut out = String::with_capacity(100);
    out.push_str(algorithm.name());
    out.push('=');
    sf::write_bare(&mut out, &BareItem::ByteSeq(algorithm.hash(body)));
    out
}

/// Checks every Content-Digest field of the message against its body.
///
/// Returns `Ok(false)` when there is no Content-Digest, `Ok(true)` when every
/// known algorithm in it matches. Unknown algorithms are skipped, but at
/// least one must be known (`unsupported_digest`); any mismatch is
/// `digest_mismatch`; a malformed value is `malformed_structured_field`.
pub fn check_content_digest(message: &HttpMessage) -> Result<bool, Error> {
    let values: Vec<&str> = message.header_values("content-digest").collect();
    if values.is_empty() {
        return Ok(false);
    }
    let combined = values.join(", ");
    let dict = sf::parse_dictionary(&combined).map_err(|e| e.into_error("Content-Digest"))?;
    let mut known = 0;
    for (name, member) in &dict {
        let Some(alg) = DigestAlgorithm::from_name(name) else { continue };
        known += 1;
        let Member::Item(Item { value: BareItem::ByteSeq(expected), .. }) = member else {
            return Err(Error::MalformedStructuredField {
                field: "Content-Digest".into(),
                offset: 0,
                detail: format!("{name} is not a byte sequence"),
            });
        };
        // A digest is public: a plain comparison leaks nothing.
        if alg.hash(&message.body) != *expected {
            return Err(Error::DigestMismatch { algorithm: name.clone() });
        }
    }
    if known == 0 {
        return Err(Error::UnsupportedDigest);
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc9530_examples() {
        // RFC 9421 test-request body and its printed sha-512 digest.
        assert_eq!(
            content_digest(br#"{"hello": "world"}"#, DigestAlgorithm::Sha512),
            "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:"
        );
        assert_eq!(
            content_digest(br#"{"hello": "world"}"#, DigestAlgorithm::Sha256),
            "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:"
        );
    }

    #[test]
    fn checks() {
        let mut m = HttpMessage::request("POST", "https://h/");
        m.body = b"abc".to_vec();
        assert!(!check_content_digest(&m).expect("absent"));
        m.push_header("Content-Digest", content_digest(b"abc", DigestAlgorithm::Sm3));
        assert!(check_content_digest(&m).expect("matches"));
        m.body = b"abd".to_vec();
        assert_eq!(check_content_digest(&m).unwrap_err().code(), "digest_mismatch");
        m.remove_header("content-digest");
        m.push_header("Content-Digest", "md5=:AAAA:");
        assert_eq!(check_content_digest(&m).unwrap_err().code(), "unsupported_digest");
        m.remove_header("content-digest");
        m.push_header("Content-Digest", "sha-256=:AAAA");
        assert_eq!(check_content_digest(&m).unwrap_err().code(), "malformed_structured_field");
    }
}
