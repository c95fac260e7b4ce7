//! Signing keys: generate, import, export, sign, verify.
//!
//! One [`Key`] type holds a private or public key (or an HMAC secret) for one
//! [`Algorithm`]. It reads PKCS#8, SPKI, SEC1 (`EC PRIVATE KEY`), PKCS#1
//! (`RSA PRIVATE/PUBLIC KEY`) in PEM or DER, JWK, and raw bytes. Secret
//! bytes the SDK holds are zeroized on drop and never shown by `Debug`.
//! ring's own key schedules (Ed25519, ECDSA, RSA, HMAC) are ring's: they are
//! not zeroized by ring.

use std::fmt;

use ring::rand::{SecureRandom, SystemRandom};
use ring::signature::{self as rs, KeyPair as _};
use serde_json::{Map, Value};
use zeroize::Zeroizing;

use super::der::{self, invalid_key, Reader};
use super::sm2dsa::{self, Sm2Private, SM2_DEFAULT_USER_ID};
use crate::encoding::{base64url_decode, base64url_encode};
use crate::Error;

/// A signature algorithm, named as in the RFC 9421 registry (`sm2-sm3` is our extension).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum Algorithm {
    #[serde(rename = "ed25519")]
    Ed25519,
    #[serde(rename = "ecdsa-p256-sha256")]
    EcdsaP256Sha256,
    #[serde(rename = "hmac-sha256")]
    HmacSha256,
    #[serde(rename = "rsa-pss-sha512")]
    RsaPssSha512,
    #[serde(rename = "rsa-v1_5-sha256")]
    RsaV15Sha256,
    #[serde(rename = "sm2-sm3")]
    Sm2Sm3,
}

impl Algorithm {
    pub const ALL: [Algorithm; 6] = [
        Algorithm::Ed25519,
        Algorithm::EcdsaP256Sha256,
        Algorithm::HmacSha256,
        Algorithm::RsaPssSha512,
        Algorithm::RsaV15Sha256,
        Algorithm::Sm2Sm3,
    ];

    /// The registry name (`alg` parameter value).
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Ed25519 => "ed25519",
            Algorithm::EcdsaP256Sha256 => "ecdsa-p256-sha256",
            Algorithm::HmacSha256 => "hmac-sha256",
            Algorithm::RsaPssSha512 => "rsa-pss-sha512",
            Algorithm::RsaV15Sha256 => "rsa-v1_5-sha256",
            Algorithm::Sm2Sm3 => "sm2-sm3",
        }
    }

    /// From a registry name; `unknown_algorithm` otherwise.
    pub fn from_name(name: &str) -> Result<Algorithm, Error> {
        Algorithm::ALL
            .into_iter()
            .find(|a| a.name() == name)
            .ok_or_else(|| Error::UnknownAlgorithm { name: name.chars().take(40).collect() })
    }

    fn jose(self) -> &'static str {
        match self {
            Algorithm::Ed25519 => "EdDSA",
            Algorithm::EcdsaP256Sha256 => "ES256",
            Algorithm::HmacSha256 => "HS256",
            Algorithm::RsaPssSha512 => "PS512",
            Algorithm::RsaV15Sha256 => "RS256",
            Algorithm::Sm2Sm3 => "SM2-SM3",
        }
    }

    pub(crate) fn from_jwk_alg(name: &str) -> Result<Algorithm, Error> {
        Algorithm::ALL.into_iter().find(|a| a.jose() == name).map_or_else(|| Algorithm::from_name(name), Ok)
    }

    /// The fixed signature length, when there is one (RSA depends on the key).
    pub fn signature_len(self) -> Option<usize> {
        match self {
            Algorithm::Ed25519 | Algorithm::EcdsaP256Sha256 | Algorithm::Sm2Sm3 => Some(64),
            Algorithm::HmacSha256 => Some(32),
            Algorithm::RsaPssSha512 | Algorithm::RsaV15Sha256 => None,
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

enum Material {
    Ed25519 {
        seed: Option<(Zeroizing<Vec<u8>>, rs::Ed25519KeyPair)>,
        public: Vec<u8>,
    },
    P256 {
        private: Option<(Zeroizing<Vec<u8>>, rs::EcdsaKeyPair)>,
        public: Vec<u8>,
    },
    /// `private` holds the PKCS#1 RSAPrivateKey; `public` the PKCS#1 RSAPublicKey.
    Rsa {
        private: Option<(Zeroizing<Vec<u8>>, rs::RsaKeyPair)>,
        public: Vec<u8>,
    },
    Hmac {
        secret: Zeroizing<Vec<u8>>,
        key: ring::hmac::Key,
    },
    Sm2 {
        private: Option<Sm2Private>,
        public: Vec<u8>,
        user_id: String,
    },
}

/// A key for one algorithm: private, public, or an HMAC secret.
///
/// `Debug` never prints key material. The key id is the caller's, or the
/// RFC 7638 JWK thumbprint of the public key (for HMAC: of the secret —
/// set your own id for low-entropy secrets, since a thumbprint is a hash of it).
pub struct Key {
    algorithm: Algorithm,
    key_id: String,
    material: Material,
    /// The caller said this symmetric key may check another party's
    /// signature ([`Key::trust_symmetric`]).
    symmetric_trusted: bool,
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Key")
            .field("algorithm", &self.algorithm)
            .field("key_id", &self.key_id)
            .field("private", &self.is_private())
            .field("material", &"[redacted]")
            .finish()
    }
}

/// Fills `buf` from the system RNG (`crypto.getRandomValues` on wasm32):
/// the one source of randomness in core (keys, nonces, SM4 IVs).
pub(crate) fn rng_fill(buf: &mut [u8]) -> Result<(), Error> {
    SystemRandom::new().fill(buf).map_err(|_| Error::RandomUnavailable)
}

/// A fresh signature nonce (RFC 9421 `nonce`, x-tif `x-tif-nonce`): 128 bits
/// from the same system RNG as key generation, as 32 lowercase hex digits.
/// The one nonce generator, so no binding or CLI reads a device of its own.
pub fn random_nonce() -> Result<String, Error> {
    let mut buf = [0u8; 16];
    rng_fill(&mut buf)?;
    Ok(crate::encoding::hex(&buf))
}

fn rejected(what: &str) -> impl Fn(ring::error::KeyRejected) -> Error + '_ {
    move |e| invalid_key(&format!("{what} rejected: {e}"))
}

impl Key {
    // ------------------------------------------------------------ creating

    /// A fresh key from the system RNG (RSA generation is not offered).
    pub fn generate(algorithm: Algorithm) -> Result<Key, Error> {
        let mut seed = Zeroizing::new(vec![0u8; 32]);
        match algorithm {
            Algorithm::Ed25519 | Algorithm::HmacSha256 => {
                rng_fill(&mut seed)?;
                Key::from_raw(algorithm, &seed, true)
            }
            Algorithm::Sm2Sm3 => {
                for _ in 0..16 {
                    rng_fill(&mut seed)?;
                    if let Ok(k) = Key::from_raw(algorithm, &seed, true) {
                        return Ok(k);
                    }
                }
                Err(Error::RandomUnavailable)
            }
            Algorithm::EcdsaP256Sha256 => {
                let rng = SystemRandom::new();
                let doc = rs::EcdsaKeyPair::generate_pkcs8(&rs::ECDSA_P256_SHA256_FIXED_SIGNING, &rng)
                    .map_err(|_| Error::RandomUnavailable)?;
                Key::from_pkcs8(doc.as_ref(), Some(algorithm))
            }
            Algorithm::RsaPssSha512 | Algorithm::RsaV15Sha256 => Err(Error::InvalidArgument {
                name: "algorithm".into(),
                detail: "RSA keys cannot be generated here; import one".into(),
            }),
        }
    }

    /// A key from a deterministic seed — tests only (never for real keys).
    #[cfg(test)]
    pub(crate) fn from_test_seed(algorithm: Algorithm, seed: &[u8]) -> Result<Key, Error> {
        let d = ring::digest::digest(&ring::digest::SHA256, seed);
        Key::from_raw(algorithm, d.as_ref(), true)
    }

    /// An HMAC-SHA256 secret (any length; RFC 9421 suggests ≥ 32 bytes).
    pub fn from_hmac_secret(secret: &[u8]) -> Result<Key, Error> {
        if secret.is_empty() {
            return Err(invalid_key("HMAC secret is empty"));
        }
        let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret);
        let material = Material::Hmac { secret: Zeroizing::new(secret.to_vec()), key };
        Ok(Key::with_thumbprint(Algorithm::HmacSha256, material))
    }

    /// Raw key bytes: for Ed25519 the 32-byte seed (private) or public key;
    /// for P-256 and SM2 the 32-byte scalar `d` (private) or SEC1 point
    /// (public); for HMAC the secret. RSA has no raw form.
    pub fn from_raw(algorithm: Algorithm, bytes: &[u8], private: bool) -> Result<Key, Error> {
        let material = match (algorithm, private) {
            (Algorithm::Ed25519, true) => {
                if bytes.len() != 32 {
                    return Err(invalid_key("an Ed25519 seed has 32 bytes"));
                }
                let pair = rs::Ed25519KeyPair::from_seed_unchecked(bytes).map_err(rejected("Ed25519 seed"))?;
                let public = pair.public_key().as_ref().to_vec();
                Material::Ed25519 { seed: Some((Zeroizing::new(bytes.to_vec()), pair)), public }
            }
            (Algorithm::Ed25519, false) => {
                if bytes.len() != 32 {
                    return Err(invalid_key("an Ed25519 public key has 32 bytes"));
                }
                Material::Ed25519 { seed: None, public: bytes.to_vec() }
            }
            (Algorithm::EcdsaP256Sha256, true) => {
                return Err(invalid_key(
                    "a P-256 private key needs its public point too (ring cannot derive it); use JWK, PKCS#8 or SEC1",
                ))
            }
            (Algorithm::EcdsaP256Sha256, false) => {
                let public = p256_point(bytes)?;
                Material::P256 { private: None, public }
            }
            (Algorithm::HmacSha256, _) => return Key::from_hmac_secret(bytes),
            (Algorithm::Sm2Sm3, true) => {
                let p = Sm2Private::from_bytes(bytes)?;
                let public = p.public.clone();
                Material::Sm2 { private: Some(p), public, user_id: SM2_DEFAULT_USER_ID.into() }
            }
            (Algorithm::Sm2Sm3, false) => Material::Sm2 {
                private: None,
                public: sm2dsa::public_from_sec1(bytes)?,
                user_id: SM2_DEFAULT_USER_ID.into(),
            },
            (Algorithm::RsaPssSha512 | Algorithm::RsaV15Sha256, _) => {
                return Err(invalid_key("RSA keys have no raw form; use PEM, DER or JWK"))
            }
        };
        Ok(Key::with_thumbprint(algorithm, material))
    }

    /// Reads PEM text. With several blocks (a public and a private key, as
    /// RFC 9421 prints them), the private key wins. `algorithm` is needed
    /// for RSA keys (PSS or v1.5) and checked against the key otherwise.
    pub fn from_pem(text: &str, algorithm: Option<Algorithm>) -> Result<Key, Error> {
        let blocks = der::pem_blocks(text)?;
        let pick = blocks
            .iter()
            .find(|b| b.label.ends_with("PRIVATE KEY"))
            .or_else(|| blocks.first())
            .ok_or_else(|| invalid_key("no PEM block found"))?;
        match pick.label.as_str() {
            "PRIVATE KEY" => Key::from_pkcs8(&pick.der, algorithm),
            "PUBLIC KEY" => Key::from_spki(&pick.der, algorithm),
            "EC PRIVATE KEY" => Key::from_sec1(&pick.der, algorithm),
            "RSA PRIVATE KEY" => Key::from_rsa_pkcs1(&pick.der, true, algorithm),
            "RSA PUBLIC KEY" => Key::from_rsa_pkcs1(&pick.der, false, algorithm),
            "ENCRYPTED PRIVATE KEY" => Err(invalid_key("encrypted private keys are not supported")),
            _ => Err(invalid_key("unknown PEM label")),
        }
    }

    /// The one way to read a key from text (a file, a configuration value):
    /// PEM or a JWK, whose own structure says what the key is (`algorithm`
    /// then only checks it or picks RSA's padding). Any other text is read
    /// **only when the caller names the algorithm**, and never guessed: for
    /// `hmac-sha256` the base64 secret; for Ed25519, P-256 and SM2 a
    /// **public** key only — the raw public key or SEC1 point in hex or
    /// base64, or a base64 SPKI (DER). A bare string without an algorithm is
    /// `invalid_key`: guessing could turn a verification into a check against
    /// a secret anyone who has the "public" file knows.
    pub fn from_text(text: &str, algorithm: Option<Algorithm>) -> Result<Key, Error> {
        let t = text.trim();
        if t.starts_with("-----BEGIN") {
            return Key::from_pem(t, algorithm);
        }
        if t.starts_with('{') {
            return Key::from_jwk(t, algorithm);
        }
        let alg = algorithm.ok_or_else(|| {
            invalid_key(
                "not PEM or JWK: name the algorithm to read a bare hex or base64 key (it is never guessed)",
            )
        })?;
        if alg == Algorithm::HmacSha256 {
            let secret = crate::encoding::base64_decode(t)
                .ok_or_else(|| invalid_key("an HMAC secret file holds the secret in base64"))?;
            return Key::from_hmac_secret(&secret);
        }
        let hex = t.len() % 2 == 0 && !t.is_empty() && t.bytes().all(|b| b.is_ascii_hexdigit());
        let bytes = if hex { crate::encoding::hex_decode(t) } else { crate::encoding::base64_decode(t) }
            .ok_or_else(|| invalid_key("not PEM, JWK, hex or base64"))?;
        let key = match (alg, bytes.len()) {
            (Algorithm::Ed25519, 32) | (Algorithm::EcdsaP256Sha256 | Algorithm::Sm2Sm3, 65) => {
                Key::from_raw(alg, &bytes, false)?
            }
            _ if !hex => Key::from_spki(&bytes, Some(alg))?,
            _ => {
                return Err(invalid_key("the hex is neither a public key nor a SEC1 point of this algorithm"))
            }
        };
        Ok(key)
    }

    /// Reads DER: PKCS#8, then SPKI, then SEC1 and PKCS#1 are tried.
    pub fn from_der(bytes: &[u8], algorithm: Option<Algorithm>) -> Result<Key, Error> {
        Key::from_pkcs8(bytes, algorithm)
            .or_else(|_| Key::from_spki(bytes, algorithm))
            .or_else(|_| Key::from_sec1(bytes, algorithm))
            .or_else(|_| Key::from_rsa_pkcs1(bytes, true, algorithm))
            .or_else(|_| Key::from_rsa_pkcs1(bytes, false, algorithm))
            .map_err(|_| invalid_key("not a PKCS#8, SPKI, SEC1 or PKCS#1 key"))
    }

    fn from_pkcs8(bytes: &[u8], algorithm: Option<Algorithm>) -> Result<Key, Error> {
        let mut outer = Reader::new(bytes);
        let mut info = Reader::new(outer.expect(der::TAG_SEQUENCE, "PrivateKeyInfo")?);
        let version = info.unsigned("version")?;
        if version != [0] && version != [1] {
            return Err(invalid_key("unsupported PKCS#8 version"));
        }
        let (oid, params) = algorithm_identifier(&mut info)?;
        let private = info.expect(der::TAG_OCTET_STRING, "privateKey")?;
        if oid == der::OID_ED25519 {
            let seed = Reader::new(private).expect(der::TAG_OCTET_STRING, "Ed25519 seed")?;
            return Key::from_raw(Algorithm::Ed25519, seed, true)?.checked(algorithm);
        }
        if oid == der::OID_EC_PUBLIC_KEY {
            return Key::from_ec_private(private, params, algorithm);
        }
        if oid == der::OID_RSA || oid == der::OID_RSA_PSS {
            let alg = rsa_algorithm(oid, algorithm)?;
            return Key::from_rsa_pkcs1(private, true, Some(alg));
        }
        Err(invalid_key("unsupported PKCS#8 key algorithm"))
    }

    fn from_spki(bytes: &[u8], algorithm: Option<Algorithm>) -> Result<Key, Error> {
        let mut outer = Reader::new(bytes);
        let mut spki = Reader::new(outer.expect(der::TAG_SEQUENCE, "SubjectPublicKeyInfo")?);
        let (oid, params) = algorithm_identifier(&mut spki)?;
        let key = spki.bit_string("subjectPublicKey")?;
        if oid == der::OID_ED25519 {
            return Key::from_raw(Algorithm::Ed25519, key, false)?.checked(algorithm);
        }
        if oid == der::OID_EC_PUBLIC_KEY {
            let alg = curve_algorithm(params)?;
            return Key::from_raw(alg, key, false)?.checked(algorithm);
        }
        if oid == der::OID_RSA || oid == der::OID_RSA_PSS {
            let alg = rsa_algorithm(oid, algorithm)?;
            return Key::from_rsa_pkcs1(key, false, Some(alg));
        }
        Err(invalid_key("unsupported SPKI key algorithm"))
    }

    /// SEC1 `ECPrivateKey` (PEM `EC PRIVATE KEY`), P-256 or SM2.
    fn from_sec1(bytes: &[u8], algorithm: Option<Algorithm>) -> Result<Key, Error> {
        Key::from_ec_private(bytes, None, algorithm)
    }

    fn from_ec_private(
        ec: &[u8],
        outer_curve: Option<&[u8]>,
        algorithm: Option<Algorithm>,
    ) -> Result<Key, Error> {
        let mut r = Reader::new(Reader::new(ec).expect(der::TAG_SEQUENCE, "ECPrivateKey")?);
        if r.unsigned("version")? != [1] {
            return Err(invalid_key("ECPrivateKey version must be 1"));
        }
        let d = Zeroizing::new(r.expect(der::TAG_OCTET_STRING, "private key")?.to_vec());
        let mut curve = outer_curve.map(<[u8]>::to_vec);
        let mut public = None;
        while !r.is_empty() {
            let (tag, content) = r.any()?;
            match tag {
                der::TAG_CONTEXT_0 => {
                    curve = Some(Reader::new(content).expect(der::TAG_OID, "curve")?.to_vec())
                }
                der::TAG_CONTEXT_1 => public = Some(Reader::new(content).bit_string("public key")?.to_vec()),
                _ => return Err(invalid_key("unexpected field in ECPrivateKey")),
            }
        }
        let alg = match curve.as_deref() {
            Some(c) if c == der::OID_P256 => Algorithm::EcdsaP256Sha256,
            Some(c) if c == der::OID_SM2 => Algorithm::Sm2Sm3,
            Some(_) => return Err(invalid_key("unsupported elliptic curve")),
            None => algorithm.ok_or_else(|| invalid_key("EC key names no curve; give the algorithm"))?,
        };
        let key = match alg {
            Algorithm::EcdsaP256Sha256 => {
                let public = public.as_deref().ok_or_else(|| {
                    invalid_key("a P-256 private key without its public point is not supported")
                })?;
                p256_private(&d, public)?
            }
            Algorithm::Sm2Sm3 => {
                let key = Key::from_raw(alg, &d, true)?;
                if let (Some(p), Material::Sm2 { public: derived, .. }) = (&public, &key.material) {
                    if sm2dsa::public_from_sec1(p)? != *derived {
                        return Err(invalid_key("SM2 public key does not match the private key"));
                    }
                }
                key
            }
            _ => return Err(invalid_key("EC key for a non-EC algorithm")),
        };
        key.checked(algorithm)
    }

    /// PKCS#1 RSAPrivateKey / RSAPublicKey DER.
    fn from_rsa_pkcs1(bytes: &[u8], private: bool, algorithm: Option<Algorithm>) -> Result<Key, Error> {
        let alg = match algorithm {
            Some(a @ (Algorithm::RsaPssSha512 | Algorithm::RsaV15Sha256)) => a,
            Some(other) => {
                return Err(Error::KeyAlgorithmMismatch {
                    key_algorithm: "rsa".into(),
                    requested: other.name().into(),
                })
            }
            None => {
                return Err(Error::InvalidArgument {
                    name: "algorithm".into(),
                    detail: "an RSA key needs the algorithm (rsa-pss-sha512 or rsa-v1_5-sha256)".into(),
                })
            }
        };
        let material = if private {
            let pair = rs::RsaKeyPair::from_der(bytes).map_err(rejected("RSA private key"))?;
            let public = pair.public().as_ref().to_vec();
            Material::Rsa { private: Some((Zeroizing::new(bytes.to_vec()), pair)), public }
        } else {
            let (n, e) = rsa_public_parts(bytes)?;
            if n.len() < 256 {
                return Err(invalid_key("RSA keys shorter than 2048 bits are not accepted"));
            }
            let _ = e;
            Material::Rsa { private: None, public: bytes.to_vec() }
        };
        Ok(Key::with_thumbprint(alg, material))
    }

    /// Reads a JWK (RFC 7517): OKP/Ed25519, EC/P-256, EC/SM2 (our `crv`
    /// name "SM2"), oct (HMAC), RSA. `kid` becomes the key id. An RSA JWK
    /// needs `alg` (JOSE `PS512`/`RS256` or the RFC 9421 name) or `algorithm`.
    pub fn from_jwk(json: &str, algorithm: Option<Algorithm>) -> Result<Key, Error> {
        let v: Value = serde_json::from_str(json).map_err(|e| crate::error::json_error(&e))?;
        let obj = v.as_object().ok_or_else(|| jwk_error("$", "a JWK is a JSON object"))?;
        let kty = jwk_str(obj, "kty")?;
        let named_alg = match obj.get("alg").and_then(Value::as_str) {
            Some(a) => Some(Algorithm::from_jwk_alg(a)?),
            None => None,
        };
        if let (Some(a), Some(b)) = (named_alg, algorithm) {
            if a != b {
                return Err(Error::KeyAlgorithmMismatch {
                    key_algorithm: a.name().into(),
                    requested: b.name().into(),
                });
            }
        }
        let algorithm = algorithm.or(named_alg);
        let b64 = |name: &str| -> Result<Zeroizing<Vec<u8>>, Error> {
            let s = jwk_str(obj, name)?;
            base64url_decode(s)
                .map(Zeroizing::new)
                .ok_or_else(|| jwk_error(&format!("$.{name}"), "not base64url"))
        };
        let has = |name: &str| obj.contains_key(name);
        let key = match kty {
            "OKP" => {
                if jwk_str(obj, "crv")? != "Ed25519" {
                    return Err(jwk_error("$.crv", "only Ed25519 is supported for OKP"));
                }
                if has("d") {
                    let key = Key::from_raw(Algorithm::Ed25519, &b64("d")?, true)?;
                    check_public(&key, &b64("x")?)?;
                    key
                } else {
                    Key::from_raw(Algorithm::Ed25519, &b64("x")?, false)?
                }
            }
            "EC" => {
                let alg = match jwk_str(obj, "crv")? {
                    "P-256" => Algorithm::EcdsaP256Sha256,
                    "SM2" => Algorithm::Sm2Sm3,
                    _ => return Err(jwk_error("$.crv", "only P-256 and SM2 are supported for EC")),
                };
                let (x, y) = (b64("x")?, b64("y")?);
                if x.len() != 32 || y.len() != 32 {
                    return Err(jwk_error("$.x", "x and y have 32 bytes"));
                }
                let mut point = vec![4u8];
                point.extend_from_slice(&x);
                point.extend_from_slice(&y);
                match (has("d"), alg) {
                    (true, Algorithm::EcdsaP256Sha256) => p256_private(&b64("d")?, &point)?,
                    (true, _) => {
                        let key = Key::from_raw(alg, &b64("d")?, true)?;
                        check_public(&key, &point)?;
                        key
                    }
                    (false, _) => Key::from_raw(alg, &point, false)?,
                }
            }
            "oct" => Key::from_hmac_secret(&b64("k")?)?,
            "RSA" => {
                let (n, e) = (b64("n")?, b64("e")?);
                if has("d") {
                    let names = ["d", "p", "q", "dp", "dq", "qi"];
                    let mut parts = vec![der::uint(&[0]), der::uint(&n), der::uint(&e)];
                    for name in names {
                        parts.push(der::uint(&b64(name)?));
                    }
                    let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
                    let pkcs1 = Zeroizing::new(der::seq(&refs));
                    for p in &mut parts {
                        zeroize::Zeroize::zeroize(p);
                    }
                    Key::from_rsa_pkcs1(&pkcs1, true, algorithm)?
                } else {
                    let pkcs1 = der::seq(&[&der::uint(&n), &der::uint(&e)]);
                    Key::from_rsa_pkcs1(&pkcs1, false, algorithm)?
                }
            }
            _ => return Err(jwk_error("$.kty", "unsupported key type")),
        };
        let mut key = key.checked(algorithm)?;
        if let Some(kid) = obj.get("kid").and_then(Value::as_str) {
            key.key_id = kid.to_owned();
        }
        Ok(key)
    }

    fn with_thumbprint(algorithm: Algorithm, material: Material) -> Key {
        let mut k = Key { algorithm, key_id: String::new(), material, symmetric_trusted: false };
        k.key_id = k.thumbprint();
        k
    }

    fn checked(self, algorithm: Option<Algorithm>) -> Result<Key, Error> {
        match algorithm {
            Some(a) if a != self.algorithm => Err(Error::KeyAlgorithmMismatch {
                key_algorithm: self.algorithm.name().into(),
                requested: a.name().into(),
            }),
            _ => Ok(self),
        }
    }

    // ----------------------------------------------------------- properties

    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The key id: the caller's, or the JWK thumbprint.
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    pub fn set_key_id(&mut self, key_id: impl Into<String>) {
        self.key_id = key_id.into();
    }

    /// Does this key sign (private key or HMAC secret)?
    pub fn is_private(&self) -> bool {
        match &self.material {
            Material::Ed25519 { seed, .. } => seed.is_some(),
            Material::P256 { private, .. } => private.is_some(),
            Material::Rsa { private, .. } => private.is_some(),
            Material::Hmac { .. } => true,
            Material::Sm2 { private, .. } => private.is_some(),
        }
    }

    /// The uncompressed SM2 public point (65 bytes, `04 ‖ x ‖ y`) for SM2
    /// encryption (`crypto::sm2`); `key_algorithm_mismatch` for a key of
    /// another algorithm.
    pub(crate) fn sm2_public_point(&self, requested: &str) -> Result<&[u8], Error> {
        match &self.material {
            Material::Sm2 { public, .. } => Ok(public),
            _ => Err(Error::KeyAlgorithmMismatch {
                key_algorithm: self.algorithm.name().into(),
                requested: requested.into(),
            }),
        }
    }

    /// The SM2 private scalar `d` (32 bytes, wiped on drop) for SM2
    /// decryption (`crypto::sm2`); `key_algorithm_mismatch` for another
    /// algorithm, `public_key_only` for a public key.
    pub(crate) fn sm2_private_scalar(&self, requested: &str) -> Result<Zeroizing<Vec<u8>>, Error> {
        match &self.material {
            Material::Sm2 { private: Some(p), .. } => Ok(Zeroizing::new(p.to_bytes())),
            Material::Sm2 { private: None, .. } => {
                Err(Error::PublicKeyOnly { algorithm: self.algorithm.name().into() })
            }
            _ => Err(Error::KeyAlgorithmMismatch {
                key_algorithm: self.algorithm.name().into(),
                requested: requested.into(),
            }),
        }
    }

    /// The SM2 user ID (distinguishing identifier) used in Z_A; `None` for other algorithms.
    pub fn sm2_user_id(&self) -> Option<&str> {
        match &self.material {
            Material::Sm2 { user_id, .. } => Some(user_id),
            _ => None,
        }
    }

    /// Sets the SM2 user ID (default `1234567812345678`); an error for other algorithms.
    pub fn set_sm2_user_id(&mut self, id: &str) -> Result<(), Error> {
        if id.len() > 8191 {
            return Err(Error::InvalidArgument {
                name: "sm2_user_id".into(),
                detail: "longer than 8191 bytes".into(),
            });
        }
        match &mut self.material {
            Material::Sm2 { user_id, .. } => {
                *user_id = id.to_owned();
                Ok(())
            }
            _ => Err(Error::KeyAlgorithmMismatch {
                key_algorithm: self.algorithm.name().into(),
                requested: Algorithm::Sm2Sm3.name().into(),
            }),
        }
    }

    /// An independent copy with the same material, key id, SM2 user ID and
    /// trust: for a binding object that keeps a key beyond one call (ring's
    /// key pairs cannot be cloned, so the private key goes through PKCS#8).
    pub fn duplicate(&self) -> Result<Key, Error> {
        let mut copy = match &self.material {
            Material::Hmac { secret, .. } => Key::from_hmac_secret(secret)?,
            _ if self.is_private() => {
                let der = Zeroizing::new(self.to_pkcs8_der()?);
                Key::from_der(&der, Some(self.algorithm))?
            }
            _ => self.public_key()?,
        };
        if let Some(id) = self.sm2_user_id() {
            copy.set_sm2_user_id(id)?;
        }
        copy.key_id = self.key_id.clone();
        copy.symmetric_trusted = self.symmetric_trusted;
        Ok(copy)
    }

    /// The public half (same key id). HMAC secrets have none.
    pub fn public_key(&self) -> Result<Key, Error> {
        let material = match &self.material {
            Material::Ed25519 { public, .. } => Material::Ed25519 { seed: None, public: public.clone() },
            Material::P256 { public, .. } => Material::P256 { private: None, public: public.clone() },
            Material::Rsa { public, .. } => Material::Rsa { private: None, public: public.clone() },
            Material::Sm2 { public, user_id, .. } => {
                Material::Sm2 { private: None, public: public.clone(), user_id: user_id.clone() }
            }
            Material::Hmac { .. } => {
                return Err(Error::InvalidArgument {
                    name: "key".into(),
                    detail: "an HMAC secret has no public half".into(),
                })
            }
        };
        Ok(Key { algorithm: self.algorithm, key_id: self.key_id.clone(), material, symmetric_trusted: false })
    }

    /// Accepts this symmetric (HMAC) key for checking **another party's**
    /// signature (platform answers, masking manifests, destruction
    /// receipts). Off by default: whoever holds the secret could have signed.
    pub fn trust_symmetric(&mut self) {
        self.symmetric_trusted = true;
    }

    /// `symmetric_key_refused` for an untrusted HMAC key given to check
    /// another party's signature; asymmetric keys always pass.
    pub fn check_peer(&self) -> Result<(), Error> {
        if self.algorithm == Algorithm::HmacSha256 && !self.symmetric_trusted {
            return Err(Error::SymmetricKeyRefused);
        }
        Ok(())
    }

    /// What a verifier keeps: the public half, or for an HMAC secret (which
    /// verifies with itself) a copy. Same key id.
    pub fn verifying_key(&self) -> Result<Key, Error> {
        match &self.material {
            Material::Hmac { secret, key } => Ok(Key {
                algorithm: self.algorithm,
                key_id: self.key_id.clone(),
                material: Material::Hmac { secret: secret.clone(), key: key.clone() },
                symmetric_trusted: self.symmetric_trusted,
            }),
            _ => self.public_key(),
        }
    }

    /// The public key bytes: Ed25519 32 bytes, P-256/SM2 uncompressed SEC1
    /// point, RSA PKCS#1 RSAPublicKey DER. Empty for HMAC.
    pub fn public_key_bytes(&self) -> Vec<u8> {
        match &self.material {
            Material::Ed25519 { public, .. }
            | Material::P256 { public, .. }
            | Material::Rsa { public, .. } => public.clone(),
            Material::Sm2 { public, .. } => public.clone(),
            Material::Hmac { .. } => Vec::new(),
        }
    }

    // --------------------------------------------------------------- export

    /// PKCS#8 DER of the private key (Ed25519 in the RFC 8410 v1 form).
    /// The result is secret: zeroize it when done.
    pub fn to_pkcs8_der(&self) -> Result<Vec<u8>, Error> {
        match &self.material {
            Material::Ed25519 { seed: Some((seed, _)), .. } => {
                let alg = der::seq(&[&der::tlv(der::TAG_OID, der::OID_ED25519)]);
                let inner = Zeroizing::new(der::tlv(der::TAG_OCTET_STRING, seed));
                Ok(der::seq(&[&der::uint(&[0]), &alg, &der::tlv(der::TAG_OCTET_STRING, &inner)]))
            }
            Material::P256 { private: Some((d, _)), public } => Ok(p256_pkcs8(d, Some(public))),
            Material::Sm2 { private: Some(p), public, .. } => {
                let d = Zeroizing::new(p.to_bytes());
                Ok(ec_pkcs8(der::OID_SM2, &d, Some(public)))
            }
            Material::Rsa { private: Some((pkcs1, _)), .. } => {
                let alg = der::seq(&[&der::tlv(der::TAG_OID, der::OID_RSA), &der::tlv(der::TAG_NULL, &[])]);
                Ok(der::seq(&[&der::uint(&[0]), &alg, &der::tlv(der::TAG_OCTET_STRING, pkcs1)]))
            }
            Material::Hmac { .. } => Err(Error::InvalidArgument {
                name: "key".into(),
                detail: "HMAC secrets have no PKCS#8 form; use JWK".into(),
            }),
            _ => Err(Error::PublicKeyOnly { algorithm: self.algorithm.name().into() }),
        }
    }

    /// PKCS#8 PEM (`PRIVATE KEY`). Secret.
    pub fn to_pkcs8_pem(&self) -> Result<String, Error> {
        let der = Zeroizing::new(self.to_pkcs8_der()?);
        Ok(der::pem("PRIVATE KEY", &der))
    }

    /// SPKI DER of the public key.
    pub fn to_spki_der(&self) -> Result<Vec<u8>, Error> {
        let (alg, key) = match &self.material {
            Material::Ed25519 { public, .. } => {
                (der::seq(&[&der::tlv(der::TAG_OID, der::OID_ED25519)]), public)
            }
            Material::P256 { public, .. } => (ec_alg_id(der::OID_P256), public),
            Material::Sm2 { public, .. } => (ec_alg_id(der::OID_SM2), public),
            Material::Rsa { public, .. } => {
                (der::seq(&[&der::tlv(der::TAG_OID, der::OID_RSA), &der::tlv(der::TAG_NULL, &[])]), public)
            }
            Material::Hmac { .. } => {
                return Err(Error::InvalidArgument {
                    name: "key".into(),
                    detail: "an HMAC secret has no public key".into(),
                })
            }
        };
        Ok(der::seq(&[&alg, &der::bit_string(key)]))
    }

    /// SPKI PEM (`PUBLIC KEY`).
    pub fn to_spki_pem(&self) -> Result<String, Error> {
        Ok(der::pem("PUBLIC KEY", &self.to_spki_der()?))
    }

    /// The JWK, with `kid` and `alg` (JOSE name; `sm2-sm3` for SM2). Private
    /// members only when `include_private` (and then the string is secret).
    pub fn to_jwk(&self, include_private: bool) -> Result<String, Error> {
        let mut m = self.jwk_public_members(include_private)?;
        if include_private {
            match &self.material {
                Material::Ed25519 { seed: Some((seed, _)), .. } => {
                    m.insert("d".into(), Value::String(base64url_encode(seed)));
                }
                Material::P256 { private: Some((d, _)), .. } => {
                    m.insert("d".into(), Value::String(base64url_encode(d)));
                }
                Material::Sm2 { private: Some(p), .. } => {
                    let d = Zeroizing::new(p.to_bytes());
                    m.insert("d".into(), Value::String(base64url_encode(&d)));
                }
                Material::Rsa { private: Some((pkcs1, _)), .. } => {
                    let mut r = Reader::new(Reader::new(pkcs1).expect(der::TAG_SEQUENCE, "RSAPrivateKey")?);
                    let _version = r.unsigned("version")?;
                    for name in ["n", "e", "d", "p", "q", "dp", "dq", "qi"] {
                        let v = r.unsigned(name)?;
                        m.insert(name.into(), Value::String(base64url_encode(v)));
                    }
                }
                Material::Hmac { .. } => {}
                _ => return Err(Error::PublicKeyOnly { algorithm: self.algorithm.name().into() }),
            }
        }
        m.insert("kid".into(), Value::String(self.key_id.clone()));
        m.insert("alg".into(), Value::String(self.algorithm.jose().into()));
        Ok(Value::Object(m).to_string())
    }

    /// The members RFC 7638 hashes, in lexicographic order.
    fn jwk_public_members(&self, include_secret: bool) -> Result<Map<String, Value>, Error> {
        let mut m = Map::new();
        let s = |v: &[u8]| Value::String(base64url_encode(v));
        match &self.material {
            Material::Ed25519 { public, .. } => {
                m.insert("crv".into(), "Ed25519".into());
                m.insert("kty".into(), "OKP".into());
                m.insert("x".into(), s(public));
            }
            Material::P256 { public, .. } | Material::Sm2 { public, .. } => {
                let crv = if self.algorithm == Algorithm::Sm2Sm3 { "SM2" } else { "P-256" };
                m.insert("crv".into(), crv.into());
                m.insert("kty".into(), "EC".into());
                m.insert("x".into(), s(public.get(1..33).unwrap_or_default()));
                m.insert("y".into(), s(public.get(33..65).unwrap_or_default()));
            }
            Material::Rsa { public, .. } => {
                let (n, e) = rsa_public_parts(public)?;
                m.insert("e".into(), s(e));
                m.insert("kty".into(), "RSA".into());
                m.insert("n".into(), s(n));
            }
            Material::Hmac { secret, .. } => {
                if include_secret {
                    m.insert("k".into(), s(secret));
                }
                m.insert("kty".into(), "oct".into());
            }
        }
        Ok(m)
    }

    /// The RFC 7638 JWK thumbprint (SHA-256, base64url).
    pub fn thumbprint(&self) -> String {
        let members = match self.jwk_public_members(true) {
            Ok(m) => m,
            Err(_) => return String::new(),
        };
        // serde_json's Map is ordered by key, and to_string has no whitespace.
        let json = Zeroizing::new(Value::Object(members).to_string());
        base64url_encode(ring::digest::digest(&ring::digest::SHA256, json.as_bytes()).as_ref())
    }

    // ------------------------------------------------------- sign and verify

    /// Signs `data` with this key's algorithm. ECDSA and SM2 return `r || s`
    /// (64 bytes; [`der::ecdsa_signature_to_der`] converts).
    pub fn sign(&self, data: &[u8]) -> Result<Vec<u8>, Error> {
        let rng = SystemRandom::new();
        let only_public = || Error::PublicKeyOnly { algorithm: self.algorithm.name().into() };
        match &self.material {
            Material::Ed25519 { seed, .. } => {
                let (_, pair) = seed.as_ref().ok_or_else(only_public)?;
                Ok(pair.sign(data).as_ref().to_vec())
            }
            Material::P256 { private, .. } => {
                let (_, pair) = private.as_ref().ok_or_else(only_public)?;
                Ok(pair.sign(&rng, data).map_err(|_| Error::RandomUnavailable)?.as_ref().to_vec())
            }
            Material::Rsa { private, .. } => {
                let (_, pair) = private.as_ref().ok_or_else(only_public)?;
                let padding: &dyn rs::RsaEncoding = match self.algorithm {
                    Algorithm::RsaPssSha512 => &rs::RSA_PSS_SHA512,
                    _ => &rs::RSA_PKCS1_SHA256,
                };
                let mut sig = vec![0u8; pair.public().modulus_len()];
                pair.sign(padding, &rng, data, &mut sig).map_err(|_| Error::RandomUnavailable)?;
                Ok(sig)
            }
            Material::Hmac { key, .. } => Ok(ring::hmac::sign(key, data).as_ref().to_vec()),
            Material::Sm2 { private, user_id, .. } => {
                let p = private.as_ref().ok_or_else(only_public)?;
                let mut entropy = Zeroizing::new([0u8; 32]);
                rng_fill(entropy.as_mut())?;
                p.sign(user_id, data, entropy.as_ref())
            }
        }
    }

    /// Verifies `signature` over `data`; `signature_invalid` if it does not hold.
    pub fn verify(&self, data: &[u8], signature: &[u8]) -> Result<(), Error> {
        let bad = |d: &str| Error::SignatureInvalid { detail: d.to_owned() };
        if let Some(len) = self.algorithm.signature_len() {
            if signature.len() != len {
                return Err(bad(&format!("a {} signature has {len} bytes", self.algorithm)));
            }
        }
        let check = |alg: &'static dyn rs::VerificationAlgorithm, public: &[u8]| {
            rs::UnparsedPublicKey::new(alg, public)
                .verify(data, signature)
                .map_err(|_| bad("does not verify"))
        };
        match &self.material {
            Material::Ed25519 { public, .. } => check(&rs::ED25519, public),
            Material::P256 { public, .. } => check(&rs::ECDSA_P256_SHA256_FIXED, public),
            Material::Rsa { public, .. } => match self.algorithm {
                Algorithm::RsaPssSha512 => check(&rs::RSA_PSS_2048_8192_SHA512, public),
                _ => check(&rs::RSA_PKCS1_2048_8192_SHA256, public),
            },
            Material::Hmac { key, .. } => {
                ring::hmac::verify(key, data, signature).map_err(|_| bad("does not verify"))
            }
            Material::Sm2 { public, user_id, .. } => sm2dsa::verify(public, user_id, data, signature),
        }
    }
}

fn jwk_error(path: &str, detail: &str) -> Error {
    Error::InvalidKey { detail: format!("JWK {path}: {detail}") }
}

fn jwk_str<'a>(obj: &'a Map<String, Value>, name: &str) -> Result<&'a str, Error> {
    obj.get(name)
        .and_then(Value::as_str)
        .ok_or_else(|| jwk_error(&format!("$.{name}"), "missing or not a string"))
}

fn check_public(key: &Key, expected: &[u8]) -> Result<(), Error> {
    if key.public_key_bytes() != expected {
        return Err(invalid_key("JWK public members do not match the private key"));
    }
    Ok(())
}

fn algorithm_identifier<'a>(r: &mut Reader<'a>) -> Result<(&'a [u8], Option<&'a [u8]>), Error> {
    let mut alg = Reader::new(r.expect(der::TAG_SEQUENCE, "AlgorithmIdentifier")?);
    let oid = alg.expect(der::TAG_OID, "algorithm OID")?;
    let params =
        if alg.peek_tag() == Some(der::TAG_OID) { Some(alg.expect(der::TAG_OID, "curve")?) } else { None };
    Ok((oid, params))
}

fn curve_algorithm(params: Option<&[u8]>) -> Result<Algorithm, Error> {
    match params {
        Some(c) if c == der::OID_P256 => Ok(Algorithm::EcdsaP256Sha256),
        Some(c) if c == der::OID_SM2 => Ok(Algorithm::Sm2Sm3),
        _ => Err(invalid_key("unsupported elliptic curve")),
    }
}

fn rsa_algorithm(oid: &[u8], requested: Option<Algorithm>) -> Result<Algorithm, Error> {
    match (oid == der::OID_RSA_PSS, requested) {
        (true, None | Some(Algorithm::RsaPssSha512)) => Ok(Algorithm::RsaPssSha512),
        (false, Some(a @ (Algorithm::RsaPssSha512 | Algorithm::RsaV15Sha256))) => Ok(a),
        (_, Some(a)) => Err(Error::KeyAlgorithmMismatch {
            key_algorithm: if oid == der::OID_RSA_PSS { "rsa-pss-sha512".into() } else { "rsa".into() },
            requested: a.name().into(),
        }),
        (false, None) => Err(Error::InvalidArgument {
            name: "algorithm".into(),
            detail: "an RSA key needs the algorithm (rsa-pss-sha512 or rsa-v1_5-sha256)".into(),
        }),
    }
}

/// (n, e) of a PKCS#1 RSAPublicKey.
fn rsa_public_parts(pkcs1: &[u8]) -> Result<(&[u8], &[u8]), Error> {
    let mut r = Reader::new(Reader::new(pkcs1).expect(der::TAG_SEQUENCE, "RSAPublicKey")?);
    let n = r.unsigned("modulus")?;
    let e = r.unsigned("exponent")?;
    if !r.is_empty() {
        return Err(invalid_key("trailing data in RSAPublicKey"));
    }
    Ok((n, e))
}

fn p256_point(bytes: &[u8]) -> Result<Vec<u8>, Error> {
    if bytes.len() != 65 || bytes.first() != Some(&4) {
        return Err(invalid_key("a P-256 public key is a 65-byte uncompressed point"));
    }
    Ok(bytes.to_vec())
}

fn ec_alg_id(curve: &[u8]) -> Vec<u8> {
    der::seq(&[&der::tlv(der::TAG_OID, der::OID_EC_PUBLIC_KEY), &der::tlv(der::TAG_OID, curve)])
}

fn ec_pkcs8(curve: &[u8], d: &[u8], public: Option<&[u8]>) -> Vec<u8> {
    let mut parts = vec![der::uint(&[1]), der::tlv(der::TAG_OCTET_STRING, d)];
    if let Some(p) = public {
        parts.push(der::tlv(der::TAG_CONTEXT_1, &der::bit_string(p)));
    }
    let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
    let ec = Zeroizing::new(der::seq(&refs));
    for p in &mut parts {
        zeroize::Zeroize::zeroize(p);
    }
    der::seq(&[&der::uint(&[0]), &ec_alg_id(curve), &der::tlv(der::TAG_OCTET_STRING, &ec)])
}

fn p256_pkcs8(d: &[u8], public: Option<&[u8]>) -> Vec<u8> {
    ec_pkcs8(der::OID_P256, d, public)
}

/// A P-256 private key from `d` and its public point (ring checks they match).
fn p256_private(d: &[u8], public: &[u8]) -> Result<Key, Error> {
    let d = Zeroizing::new(der::left_pad(d, 32).ok_or_else(|| invalid_key("P-256 d is 32 bytes"))?);
    let pair = rs::EcdsaKeyPair::from_private_key_and_public_key(
        &rs::ECDSA_P256_SHA256_FIXED_SIGNING,
        &d,
        public,
        &SystemRandom::new(),
    )
    .map_err(rejected("P-256 key"))?;
    let public = pair.public_key().as_ref().to_vec();
    Ok(Key::with_thumbprint(Algorithm::EcdsaP256Sha256, Material::P256 { private: Some((d, pair)), public }))
}

#[cfg(test)]
mod tests {

    #[test]
    fn duplicate_keeps_material_id_and_user_id() {
        for alg in [Algorithm::Sm2Sm3, Algorithm::Ed25519, Algorithm::EcdsaP256Sha256, Algorithm::HmacSha256]
        {
            let mut key = Key::generate(alg).expect("key");
            key.set_key_id("k-1");
            if alg == Algorithm::Sm2Sm3 {
                key.set_sm2_user_id("ALICE123@YAHOO.COM").expect("uid");
            }
            let copy = key.duplicate().expect("copy");
            assert_eq!((copy.key_id(), copy.thumbprint()), (key.key_id(), key.thumbprint()));
            assert_eq!(copy.sm2_user_id(), key.sm2_user_id());
            let sig = copy.sign(b"m").expect("sign");
            key.verify(b"m", &sig).expect("the copy signs as the original");
            if alg != Algorithm::HmacSha256 {
                let public = key.public_key().expect("public").duplicate().expect("copy");
                assert!(!public.is_private());
                public.verify(b"m", &sig).expect("verify");
            }
        }
    }
    #[test]
    fn nonces_are_fresh_hex_of_128_bits() {
        let a = super::random_nonce().expect("rng");
        let b = super::random_nonce().expect("rng");
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_ne!(a, b);
    }

    use super::*;

    /// Nothing is ever read as a secret by guessing: a bare string is a key
    /// only when the algorithm is named, and then a public one (or, for
    /// HMAC, the secret asked for).
    #[test]
    fn from_text_never_guesses() {
        let secret = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ==";
        assert_eq!(Key::from_text(secret, None).unwrap_err().code(), "invalid_key");
        assert_eq!(
            Key::from_text(secret, Some(Algorithm::HmacSha256)).expect("hmac").algorithm(),
            Algorithm::HmacSha256
        );
        for alg in [Algorithm::Ed25519, Algorithm::EcdsaP256Sha256, Algorithm::Sm2Sm3] {
            let k = Key::generate(alg).expect("key");
            let jwk: serde_json::Value = serde_json::from_str(&k.to_jwk(false).expect("jwk")).expect("json");
            let public = k.public_key().expect("public");
            let spki = crate::encoding::base64_encode(&public.to_spki_der().expect("spki"));
            let read = Key::from_text(&spki, Some(alg)).expect("base64 SPKI");
            assert!(!read.is_private());
            assert_eq!(read.thumbprint(), public.thumbprint());
            assert_eq!(Key::from_text(&spki, None).unwrap_err().code(), "invalid_key");
            // Another algorithm named than the key's: refused, never re-read as HMAC.
            let other = if alg == Algorithm::Ed25519 { Algorithm::Sm2Sm3 } else { Algorithm::Ed25519 };
            assert!(Key::from_text(&spki, Some(other)).is_err());
            assert!(jwk.get("d").is_none());
        }
        // A P-256 point in hex is a public key; a 32-byte scalar in hex is refused.
        let p = Key::generate(Algorithm::EcdsaP256Sha256).expect("key").public_key().expect("public");
        let point = crate::encoding::hex(&p.public_key_bytes());
        assert!(!Key::from_text(&point, Some(Algorithm::EcdsaP256Sha256)).expect("point").is_private());
        assert_eq!(
            Key::from_text(&"11".repeat(32), Some(Algorithm::EcdsaP256Sha256)).unwrap_err().code(),
            "invalid_key"
        );
    }

    #[test]
    fn debug_redacts() {
        let k = Key::from_hmac_secret(b"very secret value").expect("key");
        let d = format!("{k:?}");
        assert!(d.contains("[redacted]") && !d.contains("very"));
    }

    #[test]
    fn every_generated_key_signs_and_round_trips() {
        for alg in [Algorithm::Ed25519, Algorithm::EcdsaP256Sha256, Algorithm::HmacSha256, Algorithm::Sm2Sm3]
        {
            let k = Key::generate(alg).expect("generates");
            let sig = k.sign(b"data").expect("signs");
            k.verify(b"data", &sig).expect("verifies");
            assert!(k.verify(b"datA", &sig).is_err());
            let jwk = k.to_jwk(true).expect("jwk");
            let back = Key::from_jwk(&jwk, None).expect("jwk back");
            assert_eq!(back.key_id(), k.key_id());
            back.verify(b"data", &sig).expect("verifies after JWK");
            if alg != Algorithm::HmacSha256 {
                let pem = k.to_pkcs8_pem().expect("pem");
                let back = Key::from_pem(&pem, None).expect("pem back");
                assert_eq!(back.thumbprint(), k.thumbprint());
                back.public_key()
                    .expect("public")
                    .verify(b"data", &back.sign(b"data").expect("s"))
                    .expect("v");
                let spki = Key::from_pem(&k.to_spki_pem().expect("spki"), None).expect("spki back");
                assert!(!spki.is_private());
                spki.verify(b"data", &sig).expect("verifies with SPKI");
                assert_eq!(spki.sign(b"x").unwrap_err().code(), "public_key_only");
            }
        }
    }

    #[test]
    fn seeded_keys_are_deterministic_in_tests() {
        let a = Key::from_test_seed(Algorithm::Ed25519, b"seed").expect("a");
        let b = Key::from_test_seed(Algorithm::Ed25519, b"seed").expect("b");
        assert_eq!(a.public_key_bytes(), b.public_key_bytes());
        assert_eq!(a.sign(b"m").expect("sa"), b.sign(b"m").expect("sb"));
    }

    #[test]
    fn mismatches_are_coded() {
        let k = Key::generate(Algorithm::Ed25519).expect("k");
        let pem = k.to_pkcs8_pem().expect("pem");
        assert_eq!(
            Key::from_pem(&pem, Some(Algorithm::Sm2Sm3)).unwrap_err().code(),
            "key_algorithm_mismatch"
        );
        assert_eq!(Algorithm::from_name("rsa-sha1").unwrap_err().code(), "unknown_algorithm");
        assert_eq!(k.verify(b"m", &[0; 63]).unwrap_err().code(), "signature_invalid");
        assert_eq!(Key::from_pem("nothing", None).unwrap_err().code(), "invalid_key");
    }
}
