//! Signing exports for uniffi: `Key`, `NonceStore`, RFC 9421 message
//! signatures over the HTTP message JSON form (a `String`), external signers,
//! SM2/SM3 and the gateway schemes.

use std::sync::{Arc, Mutex, MutexGuard};

use govshare_core::http_message::HttpMessage;
use govshare_core::sign as core;

use crate::GovshareError;

/// A message in the JSON form (every binding call that takes one).
pub(crate) fn message(json: &str) -> Result<HttpMessage, GovshareError> {
    Ok(HttpMessage::from_json(json)?)
}

fn optional_message(json: Option<String>) -> Result<Option<HttpMessage>, GovshareError> {
    json.as_deref().map(message).transpose()
}

/// A signing or verification key (private, public, or an HMAC secret).
/// Its repr shows the algorithm and key id, never key material.
#[derive(uniffi::Object)]
#[uniffi::export(Debug)]
pub struct Key {
    inner: Mutex<core::Key>,
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.lock().fmt(f)
    }
}

impl Key {
    pub(crate) fn wrap(inner: core::Key) -> Arc<Self> {
        Arc::new(Key { inner: Mutex::new(inner) })
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, core::Key> {
        // Poisoning only means another thread panicked; the key is replaced whole.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[uniffi::export]
impl Key {
    /// A fresh key from the system RNG (RSA generation is not offered).
    #[uniffi::constructor]
    pub fn generate(algorithm: core::Algorithm) -> Result<Arc<Self>, GovshareError> {
        Ok(Self::wrap(core::Key::generate(algorithm)?))
    }

    /// From PEM text (PKCS#8, SPKI, SEC1, PKCS#1); `algorithm` disambiguates RSA.
    #[uniffi::constructor(default(algorithm = None))]
    pub fn from_pem(text: String, algorithm: Option<core::Algorithm>) -> Result<Arc<Self>, GovshareError> {
        Ok(Self::wrap(core::Key::from_pem(&text, algorithm)?))
    }

    #[uniffi::constructor(default(algorithm = None))]
    pub fn from_der(data: Vec<u8>, algorithm: Option<core::Algorithm>) -> Result<Arc<Self>, GovshareError> {
        Ok(Self::wrap(core::Key::from_der(&data, algorithm)?))
    }

    /// From a key file's text: PEM or JWK; a bare hex or base64 key only with
    /// `algorithm` named (then a public key, or an HMAC secret) — never guessed.
    #[uniffi::constructor(default(algorithm = None))]
    pub fn from_text(text: String, algorithm: Option<core::Algorithm>) -> Result<Arc<Self>, GovshareError> {
        Ok(Self::wrap(core::Key::from_text(&text, algorithm)?))
    }

    /// From a JWK (JSON text).
    #[uniffi::constructor(default(algorithm = None))]
    pub fn from_jwk(jwk: String, algorithm: Option<core::Algorithm>) -> Result<Arc<Self>, GovshareError> {
        Ok(Self::wrap(core::Key::from_jwk(&jwk, algorithm)?))
    }

    #[uniffi::constructor]
    pub fn from_raw(
        algorithm: core::Algorithm,
        data: Vec<u8>,
        private: bool,
    ) -> Result<Arc<Self>, GovshareError> {
        Ok(Self::wrap(core::Key::from_raw(algorithm, &data, private)?))
    }

    /// An `hmac-sha256` key from its secret.
    #[uniffi::constructor]
    pub fn from_hmac_secret(secret: Vec<u8>) -> Result<Arc<Self>, GovshareError> {
        Ok(Self::wrap(core::Key::from_hmac_secret(&secret)?))
    }

    pub fn algorithm(&self) -> core::Algorithm {
        self.lock().algorithm()
    }

    pub fn key_id(&self) -> String {
        self.lock().key_id().to_owned()
    }

    pub fn set_key_id(&self, key_id: String) {
        self.lock().set_key_id(key_id);
    }

    /// Accepts this symmetric (HMAC) key for checking another party's
    /// signature (platform answers, masking manifests, receipts); refused
    /// (`symmetric_key_refused`) unless asked for.
    pub fn trust_symmetric(&self) {
        self.lock().trust_symmetric();
    }

    pub fn is_private(&self) -> bool {
        self.lock().is_private()
    }

    pub fn sm2_user_id(&self) -> Option<String> {
        self.lock().sm2_user_id().map(str::to_owned)
    }

    pub fn set_sm2_user_id(&self, user_id: String) -> Result<(), GovshareError> {
        Ok(self.lock().set_sm2_user_id(&user_id)?)
    }

    pub fn public_key(&self) -> Result<Arc<Key>, GovshareError> {
        Ok(Self::wrap(self.lock().public_key()?))
    }

    pub fn public_key_bytes(&self) -> Vec<u8> {
        self.lock().public_key_bytes()
    }

    /// PKCS#8 DER of the private key (secret).
    pub fn to_pkcs8_der(&self) -> Result<Vec<u8>, GovshareError> {
        Ok(self.lock().to_pkcs8_der()?)
    }

    pub fn to_pkcs8_pem(&self) -> Result<String, GovshareError> {
        Ok(self.lock().to_pkcs8_pem()?)
    }

    pub fn to_spki_der(&self) -> Result<Vec<u8>, GovshareError> {
        Ok(self.lock().to_spki_der()?)
    }

    pub fn to_spki_pem(&self) -> Result<String, GovshareError> {
        Ok(self.lock().to_spki_pem()?)
    }

    #[uniffi::method(default(include_private = false))]
    pub fn to_jwk(&self, include_private: bool) -> Result<String, GovshareError> {
        Ok(self.lock().to_jwk(include_private)?)
    }

    pub fn thumbprint(&self) -> String {
        self.lock().thumbprint()
    }

    /// Signs raw bytes (ECDSA/SM2: `r || s`).
    pub fn sign(&self, data: Vec<u8>) -> Result<Vec<u8>, GovshareError> {
        Ok(self.lock().sign(&data)?)
    }

    /// Raises `signature_invalid` (or another code) unless the signature verifies.
    pub fn verify(&self, data: Vec<u8>, signature: Vec<u8>) -> Result<(), GovshareError> {
        Ok(self.lock().verify(&data, &signature)?)
    }
}

/// Remembers verified nonces across `verify_message` calls to refuse replays.
#[derive(uniffi::Object)]
pub struct NonceStore {
    inner: Mutex<core::MemoryNonceStore>,
}

#[uniffi::export]
impl NonceStore {
    /// A store holding at most `capacity` unexpired nonces.
    #[uniffi::constructor(default(capacity = 100000))]
    pub fn new(capacity: u32) -> Arc<Self> {
        Arc::new(NonceStore { inner: Mutex::new(core::MemoryNonceStore::new(capacity as usize)) })
    }

    pub fn size(&self) -> u64 {
        self.inner.lock().map(|s| s.len() as u64).unwrap_or_else(|p| p.into_inner().len() as u64)
    }
}

/// Signs `message` (JSON form); `request` is the request a response answers.
#[uniffi::export(default(request = None))]
pub fn sign_message(
    message: String,
    key: &Key,
    params: core::SignatureParams,
    request: Option<String>,
) -> Result<core::SignedMessageView, GovshareError> {
    let m = self::message(&message)?;
    let req = optional_message(request)?;
    Ok(core::sign_message(&m, &key.lock(), &params, req.as_ref())?.to_view())
}

/// Verifies one signature of `message` under `policy` at `now` (Unix
/// seconds); `nonces` refuses replayed nonces.
#[uniffi::export(default(nonces = None, request = None))]
pub fn verify_message(
    message: String,
    key: &Key,
    policy: core::VerificationPolicy,
    now: i64,
    nonces: Option<Arc<NonceStore>>,
    request: Option<String>,
) -> Result<core::VerifiedSignature, GovshareError> {
    let m = self::message(&message)?;
    let req = optional_message(request)?;
    let key = key.lock();
    Ok(match nonces {
        Some(store) => {
            let mut s = store.inner.lock().unwrap_or_else(|p| p.into_inner());
            core::verify_message(&m, &key, &policy, now, Some(&mut *s), req.as_ref())?
        }
        None => core::verify_message(&m, &key, &policy, now, None, req.as_ref())?,
    })
}

/// The signatures a message carries (unverified).
#[uniffi::export]
pub fn list_signatures(message: String) -> Result<Vec<core::SignatureInfo>, GovshareError> {
    Ok(core::list_signatures(&self::message(&message)?)?)
}

/// The component that binds a response to `request`'s signature `label` (its
/// only one when `None`): `signature;req;key="LABEL"` (RFC 9421 §2.4).
#[uniffi::export(default(label = None))]
pub fn request_binding_component(request: String, label: Option<String>) -> Result<String, GovshareError> {
    Ok(core::request_binding_component(&self::message(&request)?, label.as_deref())?)
}

/// The components a signature covers by default: `@method @target-uri` or
/// `@status`, `content-type`, `content-digest`, and for a response to
/// `request` its `;req` method and target.
#[uniffi::export(default(request = None))]
pub fn default_components(
    message: String,
    content_digest: bool,
    request: Option<String>,
) -> Result<Vec<String>, GovshareError> {
    let req = optional_message(request)?;
    Ok(core::default_components(&self::message(&message)?, req.as_ref(), content_digest))
}

/// The RFC 9421 signature base of `label` in a Signature-Input field value.
#[uniffi::export(default(request = None))]
pub fn signature_base(
    message: String,
    signature_input: String,
    label: String,
    request: Option<String>,
) -> Result<String, GovshareError> {
    let req = optional_message(request)?;
    Ok(core::signature_base(&self::message(&message)?, &signature_input, &label, req.as_ref())?)
}

/// The RFC 9530 Content-Digest field value of `body`.
#[uniffi::export]
pub fn content_digest(body: Vec<u8>, algorithm: core::DigestAlgorithm) -> String {
    core::content_digest(&body, algorithm)
}

/// External signers, step 1: the bytes to sign and the Signature-Input value.
#[uniffi::export(default(request = None))]
pub fn prepare_signature(
    message: String,
    params: core::SignatureParams,
    request: Option<String>,
) -> Result<core::PreparedSignature, GovshareError> {
    let req = optional_message(request)?;
    Ok(core::prepare_signature(&self::message(&message)?, &params, req.as_ref())?)
}

/// External signers, step 2: adds the signature made over `prepared.base`.
#[uniffi::export(default(request = None))]
pub fn finish_signature(
    message: String,
    prepared: core::PreparedSignature,
    signature: Vec<u8>,
    request: Option<String>,
) -> Result<core::SignedMessageView, GovshareError> {
    let req = optional_message(request)?;
    Ok(core::finish_signature(&self::message(&message)?, &prepared, &signature, req.as_ref())?.to_view())
}

/// SM3 hash (GB/T 32905).
#[uniffi::export]
pub fn sm3(data: Vec<u8>) -> Vec<u8> {
    core::sm3(&data)
}

/// The SM2 digest e = SM3(Z_A || M) for a public key (SEC1 point) and user id.
#[uniffi::export(default(user_id = "1234567812345678"))]
pub fn sm2_digest(public_key: Vec<u8>, data: Vec<u8>, user_id: String) -> Result<Vec<u8>, GovshareError> {
    Ok(core::sm2_digest(&public_key, &user_id, &data)?)
}

#[uniffi::export]
pub fn ecdsa_signature_to_der(raw: Vec<u8>) -> Result<Vec<u8>, GovshareError> {
    Ok(core::ecdsa_signature_to_der(&raw)?)
}

#[uniffi::export]
pub fn ecdsa_signature_from_der(der: Vec<u8>) -> Result<Vec<u8>, GovshareError> {
    Ok(core::ecdsa_signature_from_der(&der)?)
}

/// Adds the x-tif gateway headers; returns the message JSON. `hex_case`:
/// `"upper"` (default, most deployments) or `"lower"`; `prefix`: `"tif"`
/// (default) or `"rio"` (`x-rio-…`, test environments); names read by core
/// (another is `invalid_argument`).
#[uniffi::export(default(service_id = None, hex_case = None, prefix = None))]
#[allow(clippy::too_many_arguments)]
pub fn sign_xtif(
    message: String,
    paas_id: String,
    paas_token: String,
    timestamp: i64,
    nonce: String,
    service_id: Option<String>,
    hex_case: Option<String>,
    prefix: Option<String>,
) -> Result<String, GovshareError> {
    let m = self::message(&message)?;
    let options = core::gateway::XTifOptions {
        case: hex_case.as_deref().map_or(Ok(Default::default()), str::parse)?,
        prefix: prefix.as_deref().map_or(Ok(Default::default()), str::parse)?,
    };
    Ok(core::gateway::sign_xtif(
        &m,
        &paas_id,
        &paas_token,
        timestamp,
        &nonce,
        service_id.as_deref(),
        options,
    )?
    .to_json())
}

/// `prefix` by name (`"tif"`, `"rio"`) and `window_seconds` (default 180).
fn xtif_verify_options(
    prefix: Option<String>,
    window_seconds: Option<u64>,
) -> Result<core::gateway::XTifVerifyOptions, GovshareError> {
    let d = core::gateway::XTifVerifyOptions::default();
    Ok(core::gateway::XTifVerifyOptions {
        prefix: prefix.as_deref().map_or(Ok(d.prefix), str::parse)?,
        window_seconds: window_seconds.unwrap_or(d.window_seconds),
    })
}

/// The receiving side of an x-tif gateway: checks the headers against the
/// paasToken at `now` (Unix seconds), within `window_seconds` (default 180).
/// Raises `gateway_header_missing`, `gateway_header_duplicated`,
/// `gateway_timestamp_invalid`, `clock_skew` or `gateway_signature_mismatch`.
#[uniffi::export(default(prefix = None, window_seconds = None))]
pub fn verify_xtif(
    message: String,
    paas_token: String,
    now: i64,
    prefix: Option<String>,
    window_seconds: Option<u64>,
) -> Result<core::gateway::XTifVerified, GovshareError> {
    let m = self::message(&message)?;
    Ok(core::gateway::verify_xtif(&m, &paas_token, now, xtif_verify_options(prefix, window_seconds)?)?)
}

/// The backend check of a gateway-forwarded user (`x-tif-uid`, `-uinfo`, `-ext`).
#[uniffi::export(default(prefix = None, window_seconds = None))]
pub fn verify_xtif_user(
    message: String,
    token: String,
    now: i64,
    prefix: Option<String>,
    window_seconds: Option<u64>,
) -> Result<core::gateway::XTifUserVerified, GovshareError> {
    let m = self::message(&message)?;
    Ok(core::gateway::verify_xtif_user(&m, &token, now, xtif_verify_options(prefix, window_seconds)?)?)
}

/// UPPERCASE hex SHA-256 of `timestamp + token + nonce + "," + uid + "," + uinfo + "," + ext + timestamp`.
#[uniffi::export]
pub fn xtif_user_signature(
    timestamp: String,
    token: String,
    nonce: String,
    uid: String,
    uinfo: String,
    ext: String,
) -> String {
    core::gateway::xtif_user_signature(&timestamp, &token, &nonce, &uid, &uinfo, &ext)
}

/// The 数据中台 `orgSign` and its `curTime` (`yyyyMMddHHmmss`, Beijing time of `unix_seconds`).
#[uniffi::export]
pub fn org_sign(
    org_code: String,
    org_secret: String,
    unix_seconds: i64,
    sequence: String,
) -> Result<core::gateway::OrgSign, GovshareError> {
    Ok(core::gateway::org_sign(&org_code, &org_secret, unix_seconds, &sequence)?)
}

/// The Guangdong 政务大数据中心 body (JSON text) from its JSON form (text).
#[uniffi::export]
pub fn guangdong_body(input: String) -> Result<String, GovshareError> {
    let request = core::gateway::GuangdongRequest::from_json(&input)?;
    Ok(core::gateway::guangdong_body(&request)?)
}

/// Adds the Zhejiang IRS `appKey`/`requestTime` (ms)/`sign`; returns the message JSON.
#[uniffi::export]
pub fn sign_irs(
    message: String,
    app_key: String,
    request_secret: String,
    request_time_ms: i64,
    placement: core::gateway::IrsPlacement,
) -> Result<String, GovshareError> {
    let m = self::message(&message)?;
    Ok(core::gateway::sign_irs(&m, &app_key, &request_secret, request_time_ms, placement)?.to_json())
}

/// The algorithm with this registry name (`ed25519`, `ecdsa-p256-sha256`,
/// `sm2-sm3`, …), as a platform's key endpoint or `alg` field names it; an
/// unknown name is an error, never a guess.
#[uniffi::export]
pub fn algorithm_from_name(name: String) -> Result<core::Algorithm, GovshareError> {
    Ok(core::Algorithm::from_name(&name)?)
}

/// The registry name of an algorithm (the inverse of `algorithm_from_name`).
#[uniffi::export]
pub fn algorithm_name(algorithm: core::Algorithm) -> String {
    algorithm.name().to_owned()
}

/// A fresh signature nonce: 128 bits from the system RNG key generation
/// uses, as 32 lowercase hex digits (core's one nonce generator).
#[uniffi::export]
pub fn random_nonce() -> Result<String, GovshareError> {
    Ok(core::random_nonce()?)
}

/// The digest algorithm with this RFC 9530 name (`sha-256`, `sha-512`,
/// `sm3`); anything else is `unsupported_digest`.
#[uniffi::export]
pub fn digest_algorithm_from_name(name: String) -> Result<core::DigestAlgorithm, GovshareError> {
    Ok(core::DigestAlgorithm::parse(&name)?)
}

/// The RFC 9530 name of a digest algorithm.
#[uniffi::export]
pub fn digest_algorithm_name(algorithm: core::DigestAlgorithm) -> String {
    algorithm.name().to_owned()
}
