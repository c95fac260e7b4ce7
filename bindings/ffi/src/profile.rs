//! The platform signature profile (core `platform::profile`) for uniffi: signing
//! platform requests, checking a platform's answers and masked data pages.

use std::sync::Arc;

use govshare_core::catalog::Resource;
use govshare_core::mask::{Approval, VerifyReport};
use govshare_core::platform::client::DataPage;
use govshare_core::platform::profile;
use govshare_core::sign::{SignatureParams, SignedMessageView, VerifiedSignature};

use crate::sign::{message, Key};
use crate::GovshareError;

/// The signature parameters of a platform request (for an external signer).
#[uniffi::export]
pub fn platform_request_params(
    message: String,
    key_id: String,
    created: i64,
    nonce: String,
) -> Result<SignatureParams, GovshareError> {
    Ok(profile::request_params(&self::message(&message)?, &key_id, created, &nonce))
}

/// Signs a platform request (message JSON) with the department's key.
#[uniffi::export]
pub fn sign_platform_request(
    message: String,
    key: Arc<Key>,
    created: i64,
    nonce: String,
) -> Result<SignedMessageView, GovshareError> {
    Ok(profile::sign_platform_request(&self::message(&message)?, &key.lock(), created, &nonce)?.to_view())
}

/// Verifies a platform's answer to `request` at `now` (Unix seconds).
#[uniffi::export]
pub fn verify_platform_response(
    response: String,
    request: String,
    platform_key: Arc<Key>,
    now: i64,
) -> Result<VerifiedSignature, GovshareError> {
    Ok(profile::verify_platform_response(
        &message(&response)?,
        &message(&request)?,
        &platform_key.lock(),
        now,
    )?)
}

/// Checks a page of granted data: the signed manifest, then every value.
#[uniffi::export]
pub fn verify_masked_page(
    page: DataPage,
    resource: Resource,
    approval: Option<Approval>,
    platform_key: Arc<Key>,
) -> Result<VerifyReport, GovshareError> {
    Ok(profile::verify_masked_page(&page, &resource, approval, &platform_key.lock())?)
}
