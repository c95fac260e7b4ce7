//! The platform signature profile (core `platform::profile`): how requests to a
//! sharing platform are signed, how its answers and masked data pages are
//! checked. Same rules as the sandbox and the CLI's `request send`.

use govshare_core::catalog::Resource;
use govshare_core::mask::{Approval, VerifyReport};
use govshare_core::platform::client::DataPage;
use govshare_core::platform::profile;
use govshare_core::sign::{SignatureParams, VerifiedSignature};
use tsify::Ts;
use wasm_bindgen::prelude::*;

use crate::error::{from_js, to_js, JsResult};
use crate::sign::{message, signed_to_js, unix_seconds, Key};

/// The signature parameters of a platform request (for an external signer:
/// `prepareSignature(message, params)` then `finishSignature`).
#[wasm_bindgen(js_name = platformRequestParams)]
pub fn platform_request_params(
    #[wasm_bindgen(unchecked_param_type = "HttpMessageJson | string")] msg: JsValue,
    key_id: &str,
    created: f64,
    nonce: &str,
) -> JsResult<Ts<SignatureParams>> {
    to_js(&profile::request_params(&message(&msg, "message")?, key_id, unix_seconds(created)?, nonce))
}

/// Signs a platform request with the department's key: `@method`,
/// `@target-uri`, `content-type`, Content-Digest, `created`, `nonce`, `keyid`.
#[wasm_bindgen(js_name = signPlatformRequest, unchecked_return_type = "SignedHttpMessage")]
pub fn sign_platform_request(
    #[wasm_bindgen(unchecked_param_type = "HttpMessageJson | string")] msg: JsValue,
    key: &Key,
    created: f64,
    nonce: &str,
) -> JsResult<JsValue> {
    let signed = profile::sign_platform_request(
        &message(&msg, "message")?,
        &key.inner,
        unix_seconds(created)?,
        nonce,
    )?;
    Ok(signed_to_js(&signed))
}

/// Verifies a platform's answer to `request` with the platform's public key
/// at `now` (Unix seconds): signature, covered components, Content-Digest.
#[wasm_bindgen(js_name = verifyPlatformResponse)]
pub fn verify_platform_response(
    #[wasm_bindgen(unchecked_param_type = "HttpMessageJson | string")] response: JsValue,
    #[wasm_bindgen(unchecked_param_type = "HttpMessageJson | string")] request: JsValue,
    platform_key: &Key,
    now: f64,
) -> JsResult<Ts<VerifiedSignature>> {
    to_js(&profile::verify_platform_response(
        &message(&response, "response")?,
        &message(&request, "request")?,
        &platform_key.inner,
        unix_seconds(now)?,
    )?)
}

/// Checks a page of granted data before use: the platform's signature over
/// its masking manifest, then every value against the manifest and the
/// resource's grades (and the approval's rules, when given).
#[wasm_bindgen(js_name = verifyMaskedPage)]
pub fn verify_masked_page(
    page: Ts<DataPage>,
    resource: Ts<Resource>,
    approval: Option<Ts<Approval>>,
    platform_key: &Key,
) -> JsResult<Ts<VerifyReport>> {
    let approval = approval.map(|a| from_js(a, "approval")).transpose()?;
    to_js(&profile::verify_masked_page(
        &from_js(page, "page")?,
        &from_js(resource, "resource")?,
        approval,
        &platform_key.inner,
    )?)
}
