//! Signing exports: `Key`, `NonceStore`, RFC 9421 message signatures over the
//! HTTP message JSON form, external signers, SM2/SM3 and the gateway schemes.

use std::cell::RefCell;

use govshare_core::http_message::HttpMessage;
use govshare_core::sign as core;
use js_sys::{Uint8Array, JSON};
use tsify::Ts;
use wasm_bindgen::prelude::*;

use crate::error::{bytes_or_string, from_js, list_to_js, text_or_json, to_js, u64_arg, JsErr, JsResult};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** An HTTP message in govshare's JSON form (`body_base64` for non-UTF-8 bodies). */
export type HttpMessageJson =
| { method: string; target: string; headers: [string, string][]; body?: string; body_base64?: string }
| { status: number; headers: [string, string][]; body?: string; body_base64?: string };

/** A message with a signature added, and what was added. */
export interface SignedHttpMessage {
  message: HttpMessageJson;
  label: string;
  signature_input: string;
  signature: string;
  base: string;
}
"#;

/// A message given as the JSON form (object) or its JSON text.
pub(crate) fn message(v: &JsValue, name: &str) -> Result<HttpMessage, JsErr> {
    let text = match v.as_string() {
        Some(s) => s,
        None => JSON::stringify(v).ok().and_then(|s| s.as_string()).ok_or_else(|| {
            JsErr::from(govshare_core::Error::InvalidArgument {
                name: name.to_owned(),
                detail: "expected an HTTP message object or its JSON text".to_owned(),
            })
        })?,
    };
    Ok(HttpMessage::from_json(&text)?)
}

fn optional_message(v: &JsValue, name: &str) -> Result<Option<HttpMessage>, JsErr> {
    if v.is_undefined() || v.is_null() {
        Ok(None)
    } else {
        message(v, name).map(Some)
    }
}

/// The JSON form of a message as a JS object.
fn message_to_js(m: &str) -> JsValue {
    // The core prints valid JSON, so parsing it back cannot fail.
    JSON::parse(m).unwrap_or(JsValue::NULL)
}

pub(crate) fn signed_to_js(s: &core::SignedMessage) -> JsValue {
    let view = s.to_view();
    let obj = js_sys::Object::new();
    let set = |k: &str, v: JsValue| {
        // Setting a property on a fresh object cannot fail.
        let _ = js_sys::Reflect::set(&obj, &JsValue::from_str(k), &v);
    };
    set("message", message_to_js(&view.message));
    set("label", view.label.into());
    set("signature_input", view.signature_input.into());
    set("signature", view.signature.into());
    set("base", view.base.into());
    obj.into()
}

/// A signing or verification key (private, public, or an HMAC secret).
/// Secret material never appears in `toString()` or in errors.
#[wasm_bindgen]
pub struct Key {
    pub(crate) inner: core::Key,
}

#[wasm_bindgen]
impl Key {
    /// A fresh key from the platform RNG (RSA generation is not offered).
    pub fn generate(algorithm: Ts<core::Algorithm>) -> JsResult<Key> {
        Ok(Key { inner: core::Key::generate(from_js(algorithm, "algorithm")?)? })
    }

    /// From PEM text (PKCS#8, SPKI, SEC1, PKCS#1); `algorithm` disambiguates RSA.
    #[wasm_bindgen(js_name = fromPem)]
    pub fn from_pem(text: &str, algorithm: Option<Ts<core::Algorithm>>) -> JsResult<Key> {
        let alg = algorithm.map(|a| from_js(a, "algorithm")).transpose()?;
        Ok(Key { inner: core::Key::from_pem(text, alg)? })
    }

    /// From DER bytes (PKCS#8, SPKI, SEC1, PKCS#1).
    #[wasm_bindgen(js_name = fromDer)]
    pub fn from_der(bytes: &[u8], algorithm: Option<Ts<core::Algorithm>>) -> JsResult<Key> {
        let alg = algorithm.map(|a| from_js(a, "algorithm")).transpose()?;
        Ok(Key { inner: core::Key::from_der(bytes, alg)? })
    }

    /// From a key file's text: PEM or JWK; a bare hex or base64 key only with
    /// `algorithm` named (then a public key, or an HMAC secret) — never guessed.
    #[wasm_bindgen(js_name = fromText)]
    pub fn from_text(text: &str, algorithm: Option<Ts<core::Algorithm>>) -> JsResult<Key> {
        let alg = algorithm.map(|a| from_js(a, "algorithm")).transpose()?;
        Ok(Key { inner: core::Key::from_text(text, alg)? })
    }

    /// From a JWK (object or JSON text).
    #[wasm_bindgen(js_name = fromJwk)]
    pub fn from_jwk(
        #[wasm_bindgen(unchecked_param_type = "string | object")] jwk: JsValue,
        algorithm: Option<Ts<core::Algorithm>>,
    ) -> JsResult<Key> {
        let alg = algorithm.map(|a| from_js(a, "algorithm")).transpose()?;
        let text = match jwk.as_string() {
            Some(s) => s,
            None => JSON::stringify(&jwk).ok().and_then(|s| s.as_string()).unwrap_or_default(),
        };
        Ok(Key { inner: core::Key::from_jwk(&text, alg)? })
    }

    /// From raw bytes: Ed25519 seed/public key, SEC1 point, SM2 scalar, …
    #[wasm_bindgen(js_name = fromRaw)]
    pub fn from_raw(algorithm: Ts<core::Algorithm>, bytes: &[u8], private: bool) -> JsResult<Key> {
        Ok(Key { inner: core::Key::from_raw(from_js(algorithm, "algorithm")?, bytes, private)? })
    }

    /// An `hmac-sha256` key from its secret (bytes or string).
    #[wasm_bindgen(js_name = fromHmacSecret)]
    pub fn from_hmac_secret(
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] secret: JsValue,
    ) -> JsResult<Key> {
        Ok(Key { inner: core::Key::from_hmac_secret(&bytes_or_string(&secret, "secret")?)? })
    }

    #[wasm_bindgen(getter)]
    pub fn algorithm(&self) -> JsResult<Ts<core::Algorithm>> {
        to_js(&self.inner.algorithm())
    }

    /// The key id (yours, or the RFC 7638 thumbprint).
    #[wasm_bindgen(getter, js_name = keyId)]
    pub fn key_id(&self) -> String {
        self.inner.key_id().to_owned()
    }

    #[wasm_bindgen(js_name = setKeyId)]
    pub fn set_key_id(&mut self, key_id: &str) {
        self.inner.set_key_id(key_id);
    }

    /// Accepts this symmetric (HMAC) key for checking another party's
    /// signature (platform answers, masking manifests, receipts); refused
    /// (`symmetric_key_refused`) unless asked for.
    #[wasm_bindgen(js_name = trustSymmetric)]
    pub fn trust_symmetric(&mut self) {
        self.inner.trust_symmetric();
    }

    #[wasm_bindgen(getter, js_name = isPrivate)]
    pub fn is_private(&self) -> bool {
        self.inner.is_private()
    }

    /// The SM2 user id (SM2 keys only).
    #[wasm_bindgen(getter, js_name = sm2UserId)]
    pub fn sm2_user_id(&self) -> Option<String> {
        self.inner.sm2_user_id().map(str::to_owned)
    }

    #[wasm_bindgen(js_name = setSm2UserId)]
    pub fn set_sm2_user_id(&mut self, id: &str) -> JsResult<()> {
        Ok(self.inner.set_sm2_user_id(id)?)
    }

    /// The public half (same key id).
    #[wasm_bindgen(js_name = publicKey)]
    pub fn public_key(&self) -> JsResult<Key> {
        Ok(Key { inner: self.inner.public_key()? })
    }

    /// Public key bytes (Ed25519 raw, SEC1 point, PKCS#1 DER; empty for HMAC).
    #[wasm_bindgen(js_name = publicKeyBytes)]
    pub fn public_key_bytes(&self) -> Uint8Array {
        Uint8Array::from(self.inner.public_key_bytes().as_slice())
    }

    /// PKCS#8 DER of the private key (secret).
    #[wasm_bindgen(js_name = toPkcs8Der)]
    pub fn to_pkcs8_der(&self) -> JsResult<Uint8Array> {
        Ok(Uint8Array::from(self.inner.to_pkcs8_der()?.as_slice()))
    }

    /// PKCS#8 PEM of the private key (secret).
    #[wasm_bindgen(js_name = toPkcs8Pem)]
    pub fn to_pkcs8_pem(&self) -> JsResult<String> {
        Ok(self.inner.to_pkcs8_pem()?)
    }

    #[wasm_bindgen(js_name = toSpkiDer)]
    pub fn to_spki_der(&self) -> JsResult<Uint8Array> {
        Ok(Uint8Array::from(self.inner.to_spki_der()?.as_slice()))
    }

    #[wasm_bindgen(js_name = toSpkiPem)]
    pub fn to_spki_pem(&self) -> JsResult<String> {
        Ok(self.inner.to_spki_pem()?)
    }

    /// The JWK as JSON text; private members only when asked.
    #[wasm_bindgen(js_name = toJwk)]
    pub fn to_jwk(&self, include_private: Option<bool>) -> JsResult<String> {
        Ok(self.inner.to_jwk(include_private.unwrap_or(false))?)
    }

    /// RFC 7638 JWK thumbprint (base64url SHA-256).
    pub fn thumbprint(&self) -> String {
        self.inner.thumbprint()
    }

    /// Signs raw bytes (ECDSA/SM2: `r || s`).
    pub fn sign(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] data: JsValue,
    ) -> JsResult<Uint8Array> {
        Ok(Uint8Array::from(self.inner.sign(&bytes_or_string(&data, "data")?)?.as_slice()))
    }

    /// Verifies a signature over raw bytes; throws `signature_invalid` (or another code) if not.
    pub fn verify(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] data: JsValue,
        signature: &[u8],
    ) -> JsResult<()> {
        Ok(self.inner.verify(&bytes_or_string(&data, "data")?, signature)?)
    }

    /// `Key { algorithm, key_id, private }` — never key material.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        format!("{:?}", self.inner)
    }
}

/// Remembers verified nonces across `verifyMessage` calls to refuse replays.
#[wasm_bindgen]
pub struct NonceStore {
    inner: RefCell<core::MemoryNonceStore>,
}

#[wasm_bindgen]
impl NonceStore {
    /// A store holding at most `capacity` unexpired nonces (default 100 000).
    #[wasm_bindgen(constructor)]
    pub fn new(capacity: Option<f64>) -> NonceStore {
        let store = match capacity {
            Some(c) if c.is_finite() && c >= 1.0 => {
                core::MemoryNonceStore::new(c.min(u32::MAX as f64) as usize)
            }
            _ => core::MemoryNonceStore::default(),
        };
        NonceStore { inner: RefCell::new(store) }
    }

    /// Nonces currently remembered.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> f64 {
        self.inner.borrow().len() as f64
    }
}

/// Signs `message` (RFC 9421), adding Content-Digest, Signature-Input and Signature.
/// `request` is the request a response answers (for `;req` components).
#[wasm_bindgen(js_name = signMessage, unchecked_return_type = "SignedHttpMessage")]
pub fn sign_message(
    #[wasm_bindgen(unchecked_param_type = "HttpMessageJson | string")] message: JsValue,
    key: &Key,
    params: Ts<core::SignatureParams>,
    #[wasm_bindgen(unchecked_param_type = "HttpMessageJson | string | undefined")] request: JsValue,
) -> JsResult<JsValue> {
    let m = self::message(&message, "message")?;
    let req = optional_message(&request, "request")?;
    let s = core::sign_message(&m, &key.inner, &from_js(params, "params")?, req.as_ref())?;
    Ok(signed_to_js(&s))
}

/// Verifies one signature of `message` under `policy` at `now` (Unix
/// seconds), without replay checks (use `NonceStore.verifyMessage` for those).
#[wasm_bindgen(js_name = verifyMessage)]
pub fn verify_message(
    #[wasm_bindgen(unchecked_param_type = "HttpMessageJson | string")] message: JsValue,
    key: &Key,
    policy: Ts<core::VerificationPolicy>,
    now: f64,
    #[wasm_bindgen(unchecked_param_type = "HttpMessageJson | string | undefined")] request: JsValue,
) -> JsResult<Ts<core::VerifiedSignature>> {
    verify(&message, key, policy, now, None, &request)
}

fn verify(
    message: &JsValue,
    key: &Key,
    policy: Ts<core::VerificationPolicy>,
    now: f64,
    nonces: Option<&mut dyn core::NonceStore>,
    request: &JsValue,
) -> JsResult<Ts<core::VerifiedSignature>> {
    let m = self::message(message, "message")?;
    let req = optional_message(request, "request")?;
    let p = from_js(policy, "policy")?;
    to_js(&core::verify_message(&m, &key.inner, &p, unix_seconds(now)?, nonces, req.as_ref())?)
}

pub(crate) fn unix_seconds(now: f64) -> Result<i64, JsErr> {
    if now.is_finite() && now.fract() == 0.0 && now.abs() < 9.0e15 {
        Ok(now as i64)
    } else {
        Err(JsErr::from(govshare_core::Error::InvalidArgument {
            name: "now".to_owned(),
            detail: "must be whole Unix seconds".to_owned(),
        }))
    }
}

#[wasm_bindgen]
impl NonceStore {
    /// `verifyMessage` that also refuses a nonce this store has seen for the key.
    #[wasm_bindgen(js_name = verifyMessage)]
    pub fn verify_message(
        &self,
        #[wasm_bindgen(unchecked_param_type = "HttpMessageJson | string")] message: JsValue,
        key: &Key,
        policy: Ts<core::VerificationPolicy>,
        now: f64,
        #[wasm_bindgen(unchecked_param_type = "HttpMessageJson | string | undefined")] request: JsValue,
    ) -> JsResult<Ts<core::VerifiedSignature>> {
        let mut store = self.inner.borrow_mut();
        verify(&message, key, policy, now, Some(&mut *store), &request)
    }
}

/// The signatures a message carries (unverified), in Signature-Input order.
#[wasm_bindgen(js_name = listSignatures)]
pub fn list_signatures(
    #[wasm_bindgen(unchecked_param_type = "HttpMessageJson | string")] message: JsValue,
) -> JsResult<Vec<Ts<core::SignatureInfo>>> {
    list_to_js(&core::list_signatures(&self::message(&message, "message")?)?)
}

/// The component that binds a response to `request`'s signature `label` (its
/// only one when omitted): `signature;req;key="LABEL"` (RFC 9421 §2.4).
#[wasm_bindgen(js_name = requestBindingComponent)]
pub fn request_binding_component(
    #[wasm_bindgen(unchecked_param_type = "HttpMessageJson | string")] request: JsValue,
    label: Option<String>,
) -> JsResult<String> {
    Ok(core::request_binding_component(&self::message(&request, "request")?, label.as_deref())?)
}

/// The components a signature covers by default (see the CLI's `http sign`):
/// `@method @target-uri` or `@status`, `content-type`, `content-digest`, and
/// for a response to `request` its `;req` method and target.
#[wasm_bindgen(js_name = defaultComponents)]
pub fn default_components(
    #[wasm_bindgen(unchecked_param_type = "HttpMessageJson | string")] message: JsValue,
    #[wasm_bindgen(unchecked_param_type = "HttpMessageJson | string | undefined")] request: JsValue,
    content_digest: bool,
) -> JsResult<Vec<String>> {
    let req = optional_message(&request, "request")?;
    Ok(core::default_components(&self::message(&message, "message")?, req.as_ref(), content_digest))
}

/// The RFC 9421 signature base of `label` in a Signature-Input field value.
#[wasm_bindgen(js_name = signatureBase)]
pub fn signature_base(
    #[wasm_bindgen(unchecked_param_type = "HttpMessageJson | string")] message: JsValue,
    signature_input: &str,
    label: &str,
    #[wasm_bindgen(unchecked_param_type = "HttpMessageJson | string | undefined")] request: JsValue,
) -> JsResult<String> {
    let req = optional_message(&request, "request")?;
    Ok(core::signature_base(&self::message(&message, "message")?, signature_input, label, req.as_ref())?)
}

/// The RFC 9530 Content-Digest field value of `body`.
#[wasm_bindgen(js_name = contentDigest)]
pub fn content_digest(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] body: JsValue,
    algorithm: Ts<core::DigestAlgorithm>,
) -> JsResult<String> {
    Ok(core::content_digest(&bytes_or_string(&body, "body")?, from_js(algorithm, "algorithm")?))
}

/// External signers, step 1: the signature base (`base`, bytes to sign) and
/// the Signature-Input value. Sign `base` elsewhere, then `finishSignature`.
#[wasm_bindgen(js_name = prepareSignature)]
pub fn prepare_signature(
    #[wasm_bindgen(unchecked_param_type = "HttpMessageJson | string")] message: JsValue,
    params: Ts<core::SignatureParams>,
    #[wasm_bindgen(unchecked_param_type = "HttpMessageJson | string | undefined")] request: JsValue,
) -> JsResult<Ts<core::PreparedSignature>> {
    let req = optional_message(&request, "request")?;
    to_js(&core::prepare_signature(
        &self::message(&message, "message")?,
        &from_js(params, "params")?,
        req.as_ref(),
    )?)
}

/// External signers, step 2: adds the signature made over `prepared.base`
/// (ECDSA/SM2 as `r || s` or DER).
#[wasm_bindgen(js_name = finishSignature, unchecked_return_type = "SignedHttpMessage")]
pub fn finish_signature(
    #[wasm_bindgen(unchecked_param_type = "HttpMessageJson | string")] message: JsValue,
    prepared: Ts<core::PreparedSignature>,
    signature: &[u8],
    #[wasm_bindgen(unchecked_param_type = "HttpMessageJson | string | undefined")] request: JsValue,
) -> JsResult<JsValue> {
    let req = optional_message(&request, "request")?;
    let s = core::finish_signature(
        &self::message(&message, "message")?,
        &from_js(prepared, "prepared")?,
        signature,
        req.as_ref(),
    )?;
    Ok(signed_to_js(&s))
}

/// A fresh signature nonce: 128 bits from the RNG key generation uses
/// (`crypto.getRandomValues` in the browser), as 32 lowercase hex digits.
#[wasm_bindgen(js_name = randomNonce)]
pub fn random_nonce() -> JsResult<String> {
    Ok(core::random_nonce()?)
}

/// SM3 hash (GB/T 32905) of bytes or a string.
#[wasm_bindgen]
pub fn sm3(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] data: JsValue,
) -> JsResult<Uint8Array> {
    Ok(Uint8Array::from(core::sm3(&bytes_or_string(&data, "data")?).as_slice()))
}

/// The SM2 digest e = SM3(Z_A || M) for a public key (SEC1 point) and user id.
#[wasm_bindgen(js_name = sm2Digest)]
pub fn sm2_digest(
    public_key: &[u8],
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] data: JsValue,
    user_id: Option<String>,
) -> JsResult<Uint8Array> {
    let id = user_id.unwrap_or_else(|| core::SM2_DEFAULT_USER_ID.to_owned());
    Ok(Uint8Array::from(core::sm2_digest(public_key, &id, &bytes_or_string(&data, "data")?)?.as_slice()))
}

/// `r || s` (64 bytes) → DER ECDSA-Sig-Value, for tools that want DER.
#[wasm_bindgen(js_name = ecdsaSignatureToDer)]
pub fn ecdsa_signature_to_der(raw: &[u8]) -> JsResult<Uint8Array> {
    Ok(Uint8Array::from(core::ecdsa_signature_to_der(raw)?.as_slice()))
}

/// DER ECDSA-Sig-Value → `r || s` (64 bytes).
#[wasm_bindgen(js_name = ecdsaSignatureFromDer)]
pub fn ecdsa_signature_from_der(der: &[u8]) -> JsResult<Uint8Array> {
    Ok(Uint8Array::from(core::ecdsa_signature_from_der(der)?.as_slice()))
}

/// Adds the x-tif gateway headers (timestamp in Unix seconds, fresh nonce).
/// `hexCase`: `"upper"` (default, most deployments) or `"lower"`; `prefix`:
/// `"tif"` (default) or `"rio"` (`x-rio-…`, test environments).
#[wasm_bindgen(js_name = signXtif, unchecked_return_type = "HttpMessageJson")]
#[allow(clippy::too_many_arguments)]
pub fn sign_xtif(
    #[wasm_bindgen(unchecked_param_type = "HttpMessageJson | string")] message: JsValue,
    paas_id: &str,
    paas_token: &str,
    timestamp: f64,
    nonce: &str,
    service_id: Option<String>,
    hex_case: Option<String>,
    prefix: Option<String>,
) -> JsResult<JsValue> {
    let options = core::gateway::XTifOptions {
        case: hex_case.as_deref().map_or(Ok(Default::default()), str::parse)?,
        prefix: prefix.as_deref().map_or(Ok(Default::default()), str::parse)?,
    };
    let m = core::gateway::sign_xtif(
        &self::message(&message, "message")?,
        paas_id,
        paas_token,
        unix_seconds(timestamp)?,
        nonce,
        service_id.as_deref(),
        options,
    )?;
    Ok(message_to_js(&m.to_json()))
}

/// `prefix` (`"tif"`/`"rio"`) and `windowSeconds` (default 180) of the x-tif verifiers.
fn xtif_verify_options(
    prefix: Option<String>,
    window_seconds: Option<f64>,
) -> Result<core::gateway::XTifVerifyOptions, JsErr> {
    let mut o = core::gateway::XTifVerifyOptions::default();
    if let Some(p) = prefix {
        o.prefix = p.parse()?;
    }
    if let Some(w) = window_seconds {
        o.window_seconds = u64_arg(w, "window_seconds")?;
    }
    Ok(o)
}

/// The receiving side of an x-tif gateway: checks the headers against the
/// paasToken at `now` (Unix seconds); throws `gateway_header_missing`,
/// `gateway_header_duplicated`, `gateway_timestamp_invalid`, `clock_skew` or
/// `gateway_signature_mismatch`.
#[wasm_bindgen(js_name = verifyXtif)]
pub fn verify_xtif(
    #[wasm_bindgen(unchecked_param_type = "HttpMessageJson | string")] message: JsValue,
    paas_token: &str,
    now: f64,
    prefix: Option<String>,
    window_seconds: Option<f64>,
) -> JsResult<Ts<core::gateway::XTifVerified>> {
    let options = xtif_verify_options(prefix, window_seconds)?;
    to_js(&core::gateway::verify_xtif(
        &self::message(&message, "message")?,
        paas_token,
        unix_seconds(now)?,
        options,
    )?)
}

/// The backend check of a gateway-forwarded user (`x-tif-uid`, `-uinfo`, `-ext`).
#[wasm_bindgen(js_name = verifyXtifUser)]
pub fn verify_xtif_user(
    #[wasm_bindgen(unchecked_param_type = "HttpMessageJson | string")] message: JsValue,
    token: &str,
    now: f64,
    prefix: Option<String>,
    window_seconds: Option<f64>,
) -> JsResult<Ts<core::gateway::XTifUserVerified>> {
    let options = xtif_verify_options(prefix, window_seconds)?;
    to_js(&core::gateway::verify_xtif_user(
        &self::message(&message, "message")?,
        token,
        unix_seconds(now)?,
        options,
    )?)
}

/// UPPERCASE hex SHA-256 of `timestamp + token + nonce + "," + uid + "," + uinfo + "," + ext + timestamp`.
#[wasm_bindgen(js_name = xtifUserSignature)]
pub fn xtif_user_signature(
    timestamp: &str,
    token: &str,
    nonce: &str,
    uid: &str,
    uinfo: &str,
    ext: &str,
) -> String {
    core::gateway::xtif_user_signature(timestamp, token, nonce, uid, uinfo, ext)
}

/// The 数据中台 `orgSign` and its `curTime` (`yyyyMMddHHmmss`, Beijing time of `unixSeconds`).
#[wasm_bindgen(js_name = orgSign)]
pub fn org_sign(
    org_code: &str,
    org_secret: &str,
    unix_seconds: f64,
    sequence: &str,
) -> JsResult<Ts<core::gateway::OrgSign>> {
    to_js(&core::gateway::org_sign(org_code, org_secret, self::unix_seconds(unix_seconds)?, sequence)?)
}

/// The Guangdong 政务大数据中心 body (JSON text) from its JSON form (an object or its text).
#[wasm_bindgen(js_name = guangdongBody)]
pub fn guangdong_body(
    #[wasm_bindgen(unchecked_param_type = "object | string")] input: JsValue,
) -> JsResult<String> {
    let request = core::gateway::GuangdongRequest::from_json(&text_or_json(&input, "input")?)?;
    Ok(core::gateway::guangdong_body(&request)?)
}

/// Adds the Zhejiang IRS `appKey`/`requestTime` (ms)/`sign` parameters.
#[wasm_bindgen(js_name = signIrs, unchecked_return_type = "HttpMessageJson")]
pub fn sign_irs(
    #[wasm_bindgen(unchecked_param_type = "HttpMessageJson | string")] message: JsValue,
    app_key: &str,
    request_secret: &str,
    request_time_ms: f64,
    placement: Ts<core::gateway::IrsPlacement>,
) -> JsResult<JsValue> {
    let m = core::gateway::sign_irs(
        &self::message(&message, "message")?,
        app_key,
        request_secret,
        unix_seconds(request_time_ms)?,
        from_js(placement, "placement")?,
    )?;
    Ok(message_to_js(&m.to_json()))
}
