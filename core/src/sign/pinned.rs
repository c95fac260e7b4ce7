//! A platform's public key as a portal pins it: Ed25519 or SM2, verify only.
//!
//! A published catalog index (`catalog::PublishedIndexLoader`) is trusted
//! through this key. It is deliberately narrow: a public JWK (the form the
//! platform publishes its key in) or a [`Key`], verification only, two
//! algorithms. So the catalog-only WASM module carries Ed25519 and SM2
//! verification and nothing of key parsing, signing or the other algorithms.

use serde::Deserialize;

use super::keys::{Algorithm, Key};
use super::sm2dsa::SM2_DEFAULT_USER_ID;
use crate::encoding::base64url_decode;
use crate::Error;

/// A pinned public verification key (Ed25519 or SM2 with SM3).
#[derive(Clone, PartialEq, Eq)]
pub struct PinnedKey {
    algorithm: Algorithm,
    /// Ed25519: 32 bytes; SM2: the uncompressed SEC1 point (65 bytes).
    public: Vec<u8>,
    key_id: String,
    sm2_user_id: String,
}

impl std::fmt::Debug for PinnedKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PinnedKey").field("algorithm", &self.algorithm).field("key_id", &self.key_id).finish()
    }
}

/// The members of a public JWK a pin reads (others, such as `use`, are
/// ignored); `d` and `k` are read only to refuse secret material.
#[derive(Deserialize)]
struct PublicJwk {
    kty: String,
    crv: Option<String>,
    x: Option<String>,
    y: Option<String>,
    kid: Option<String>,
    alg: Option<String>,
    d: Option<serde::de::IgnoredAny>,
    k: Option<serde::de::IgnoredAny>,
}

fn invalid(detail: &str) -> Error {
    Error::InvalidKey { detail: detail.to_owned() }
}

fn unsupported(algorithm: Algorithm) -> Error {
    if algorithm == Algorithm::HmacSha256 {
        return Error::SymmetricKeyRefused;
    }
    Error::KeyAlgorithmMismatch {
        key_algorithm: algorithm.name().into(),
        requested: "ed25519 or sm2-sm3".into(),
    }
}

impl PinnedKey {
    /// From a public JWK: `{"kty":"OKP","crv":"Ed25519","x":…}` or
    /// `{"kty":"EC","crv":"SM2","x":…,"y":…}`; `kid`, when present, is the
    /// key id a signed document must name. Private members are refused: a
    /// pin is public.
    pub fn from_jwk(json: &str) -> Result<PinnedKey, Error> {
        let jwk: PublicJwk = serde_json::from_str(json).map_err(|e| match e.classify() {
            serde_json::error::Category::Data => invalid("JWK: a member is missing or not a string"),
            _ => crate::error::json_error(&e),
        })?;
        if jwk.d.is_some() || jwk.k.is_some() {
            return Err(invalid("JWK: a pinned key is public; this JWK holds secret material"));
        }
        let bytes = |name: &str, value: Option<&str>, len: usize| -> Result<Vec<u8>, Error> {
            let b = value
                .and_then(base64url_decode)
                .ok_or_else(|| invalid(&format!("JWK $.{name}: missing or not base64url")))?;
            if b.len() != len {
                return Err(invalid(&format!("JWK $.{name}: must have {len} bytes")));
            }
            Ok(b)
        };
        let (algorithm, public) = match (jwk.kty.as_str(), jwk.crv.as_deref()) {
            ("OKP", Some("Ed25519")) => (Algorithm::Ed25519, bytes("x", jwk.x.as_deref(), 32)?),
            ("EC", Some("SM2")) => {
                let mut point = vec![4u8];
                point.extend_from_slice(&bytes("x", jwk.x.as_deref(), 32)?);
                point.extend_from_slice(&bytes("y", jwk.y.as_deref(), 32)?);
                // A point off the curve is refused now, not at first use.
                (Algorithm::Sm2Sm3, super::sm2dsa::public_from_sec1(&point)?)
            }
            ("oct", _) => return Err(Error::SymmetricKeyRefused),
            _ => return Err(invalid("JWK $.kty/$.crv: a pinned key is OKP Ed25519 or EC SM2")),
        };
        if let Some(alg) = jwk.alg.as_deref() {
            if Algorithm::from_jwk_alg(alg).ok() != Some(algorithm) {
                return Err(Error::KeyAlgorithmMismatch {
                    key_algorithm: algorithm.name().into(),
                    requested: alg.into(),
                });
            }
        }
        Ok(PinnedKey {
            algorithm,
            public,
            key_id: jwk.kid.unwrap_or_default(),
            sm2_user_id: SM2_DEFAULT_USER_ID.into(),
        })
    }

    /// From key file text: a public JWK ([`Self::from_jwk`]) or a PEM public
    /// key (SPKI). Private keys are refused: a pin is public. (Key parsing
    /// beyond JWK lives in [`Key`]; the catalog-only WASM module uses
    /// [`Self::from_jwk`] and carries none of it.)
    pub fn from_text(text: &str) -> Result<PinnedKey, Error> {
        if text.trim_start().starts_with('{') {
            return Self::from_jwk(text);
        }
        let key = Key::from_text(text, None)?;
        if key.is_private() {
            return Err(invalid("a pinned key is public; this is a private key"));
        }
        // PEM names no key id (the one `Key` derives is its thumbprint, not
        // a name the platform chose): none is pinned unless `with_key_id`.
        Ok(Self::from_key(&key)?.with_key_id(""))
    }

    /// The same key, pinned to sign under `key_id` (empty: any key id).
    pub fn with_key_id(mut self, key_id: &str) -> Self {
        self.key_id = key_id.to_owned();
        self
    }

    /// The public half of `key` (Ed25519 or SM2), with its key id and SM2 user id.
    pub fn from_key(key: &Key) -> Result<PinnedKey, Error> {
        let algorithm = key.algorithm();
        if !matches!(algorithm, Algorithm::Ed25519 | Algorithm::Sm2Sm3) {
            return Err(unsupported(algorithm));
        }
        Ok(PinnedKey {
            algorithm,
            public: key.public_key_bytes(),
            key_id: key.key_id().to_owned(),
            sm2_user_id: key.sm2_user_id().unwrap_or(SM2_DEFAULT_USER_ID).to_owned(),
        })
    }

    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The key id a signed document must name (empty: none pinned).
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// Checks `signature` (64 bytes; SM2 as `r || s`) over `data`.
    pub fn verify(&self, data: &[u8], signature: &[u8]) -> Result<(), Error> {
        if signature.len() != 64 {
            return Err(Error::SignatureInvalid {
                detail: format!("a {} signature has 64 bytes", self.algorithm),
            });
        }
        match self.algorithm {
            Algorithm::Ed25519 => {
                ring::signature::UnparsedPublicKey::new(&ring::signature::ED25519, &self.public)
                    .verify(data, signature)
                    .map_err(|_| Error::SignatureInvalid { detail: "does not verify".into() })
            }
            Algorithm::Sm2Sm3 => super::sm2dsa::verify(&self.public, &self.sm2_user_id, data, signature),
            other => Err(unsupported(other)),
        }
    }
}
