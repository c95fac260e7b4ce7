//! The signature profile of govshare's platform API
//! (`openapi/sharing-platform.yaml`, `docs/sandbox.md`): what a department
//! signs on a request, what a platform requires before it accepts one, and
//! how a platform signs its answers and its masking manifests. One place, so
//! the CLI, the sandbox platform and the bindings agree byte for byte.
//!
//! - Requests cover `@method`, `@target-uri`, `content-type` when there is a
//!   body, and `content-digest` (added by signing); `created`, `nonce` and
//!   `keyid` are required. A platform refuses a nonce it saw before.
//! - Responses cover `@status`, `content-type`, `content-digest` and the
//!   request they answer: `@method;req`, `@target-uri;req` and the request's
//!   own signature (`"signature";req;key="sig1"`, RFC 9421 §2.4), with
//!   `created` and the platform's `keyid`. Covering the request's signature
//!   binds the answer to that one request — its body (through its digest),
//!   its nonce and its time — so an answer checked against any other request,
//!   or replayed for a later one to the same URL, fails.

use crate::encoding::{base64_decode, base64_encode};
use crate::http_message::HttpMessage;
use crate::sign::Key;
use crate::sign::{
    sign_message, verify_message, SignatureParams, SignedMessage, VerificationPolicy, VerifiedSignature,
};
use crate::Error;

/// Components a request signature must cover (besides `content-digest`,
/// which covers any body).
pub const REQUEST_COMPONENTS: [&str; 2] = ["@method", "@target-uri"];

/// Components a platform's response signature covers, besides the request's
/// signature ([`request_signature_component`]).
pub const RESPONSE_COMPONENTS: [&str; 5] =
    ["@status", "content-type", "content-digest", "@method;req", "@target-uri;req"];

/// The component that covers `request`'s signature: `signature;req;key="LABEL"`
/// for its only signature; `None` for a request that carries none (there is
/// nothing to bind). Several signatures are `invalid_argument`.
pub fn request_signature_component(request: &HttpMessage) -> Result<Option<String>, Error> {
    if crate::sign::list_signatures(request)?.is_empty() {
        return Ok(None);
    }
    crate::sign::request_binding_component(request, None).map(Some)
}

/// The components of a response to `request`: [`RESPONSE_COMPONENTS`] and,
/// when the request is signed, its signature. A platform answering a request
/// whose signature it cannot read (`lenient`) still signs the base set, so
/// even its refusal is authentic; a client passes the request it sent, so
/// when that was signed it always requires the binding.
fn response_components(request: &HttpMessage, lenient: bool) -> Result<Vec<String>, Error> {
    let mut components: Vec<String> = RESPONSE_COMPONENTS.iter().map(|c| (*c).to_owned()).collect();
    match request_signature_component(request) {
        Ok(Some(c)) => components.push(c),
        Ok(None) => {}
        Err(_) if lenient => {}
        Err(e) => return Err(e),
    }
    Ok(components)
}

/// How old a signature may be (seconds), beyond the clock skew.
pub const MAX_AGE_SECONDS: u64 = 300;

/// Allowed clock difference between the two ends (seconds).
pub const CLOCK_SKEW_SECONDS: u64 = 60;

/// The parameters a department signs a platform request with.
pub fn request_params(message: &HttpMessage, key_id: &str, created: i64, nonce: &str) -> SignatureParams {
    let mut components: Vec<String> = REQUEST_COMPONENTS.iter().map(|c| (*c).to_owned()).collect();
    if !message.body.is_empty() && message.header_values("content-type").next().is_some() {
        components.push("content-type".into());
    }
    SignatureParams {
        components,
        created: Some(created),
        nonce: Some(nonce.to_owned()),
        keyid: Some(key_id.to_owned()),
        ..SignatureParams::default()
    }
}

/// Signs a platform request with the department's key (its key id is the
/// `keyid` the platform looks up).
pub fn sign_platform_request(
    message: &HttpMessage,
    key: &Key,
    created: i64,
    nonce: &str,
) -> Result<SignedMessage, Error> {
    sign_message(message, key, &request_params(message, key.key_id(), created, nonce), None)
}

/// What a platform requires of a request signature.
pub fn request_policy() -> VerificationPolicy {
    VerificationPolicy {
        required_components: REQUEST_COMPONENTS.iter().map(|c| (*c).to_owned()).collect(),
        require_created: true,
        require_nonce: true,
        max_age_seconds: Some(MAX_AGE_SECONDS),
        clock_skew_seconds: CLOCK_SKEW_SECONDS,
        ..VerificationPolicy::default()
    }
}

/// The parameters a platform signs its response to `request` with.
pub fn response_params(request: &HttpMessage, key_id: &str, created: i64) -> Result<SignatureParams, Error> {
    Ok(SignatureParams {
        components: response_components(request, true)?,
        created: Some(created),
        keyid: Some(key_id.to_owned()),
        ..SignatureParams::default()
    })
}

/// Signs a platform response to `request` (Content-Digest is added).
pub fn sign_platform_response(
    response: &HttpMessage,
    request: &HttpMessage,
    key: &Key,
    created: i64,
) -> Result<SignedMessage, Error> {
    sign_message(response, key, &response_params(request, key.key_id(), created)?, Some(request))
}

/// What a client requires of a platform's response to `request`.
pub fn response_policy(request: &HttpMessage) -> Result<VerificationPolicy, Error> {
    Ok(VerificationPolicy {
        required_components: response_components(request, false)?,
        require_created: true,
        max_age_seconds: Some(MAX_AGE_SECONDS),
        clock_skew_seconds: CLOCK_SKEW_SECONDS,
        ..VerificationPolicy::default()
    })
}

/// Verifies a platform's response to `request` with the platform's public
/// key at `now` (Unix seconds): signature, covered components and digest.
pub fn verify_platform_response(
    response: &HttpMessage,
    request: &HttpMessage,
    platform_key: &Key,
    now: i64,
) -> Result<VerifiedSignature, Error> {
    platform_key.check_peer()?;
    let verified =
        verify_message(response, platform_key, &response_policy(request)?, now, None, Some(request))?;
    if !verified.content_digest_checked {
        // A response always has a JSON body; a missing digest is tampering.
        return Err(Error::MissingComponent { component: "\"content-digest\"".into() });
    }
    Ok(verified)
}

/// A detached signature over bytes (a masking manifest's canonical JSON),
/// standard base64.
pub fn sign_detached(key: &Key, bytes: &[u8]) -> Result<String, Error> {
    Ok(base64_encode(&key.sign(bytes)?))
}

/// Checks a detached signature made by [`sign_detached`].
pub fn verify_detached(key: &Key, bytes: &[u8], signature_b64: &str) -> Result<(), Error> {
    let sig = base64_decode(signature_b64)
        .ok_or_else(|| Error::SignatureInvalid { detail: "the signature is not valid base64".into() })?;
    key.verify(bytes, &sig)
}

/// Checks a page of granted data the way a client must before using it:
/// the platform's signature over the masking manifest, then every value
/// against the manifest and against the masking `resource`'s grades demand
/// (core `mask`, grade defaults; pass `approval` when the approval set
/// stricter rules). A missing manifest is `mask_manifest_invalid`. A page
/// without rows is an empty answer and passes (unlike raw input with no
/// record, see `VerifyReport::passed`) unless it names an item the
/// resource does not have.
pub fn verify_masked_page(
    page: &crate::platform::client::DataPage,
    resource: &crate::catalog::Resource,
    approval: Option<crate::mask::Approval>,
    platform_key: &Key,
) -> Result<crate::mask::VerifyReport, Error> {
    use crate::mask::{verify_bytes, DataFormat, DeriveOptions, MaskManifest, MaskPolicy, StreamOptions};
    let missing = |detail: &str| Error::MaskManifestInvalid {
        location: crate::Location::path("$.mask_manifest"),
        detail: detail.into(),
    };
    let manifest_json =
        page.mask_manifest.as_deref().ok_or_else(|| missing("the page has no masking manifest"))?;
    let signature = page
        .mask_manifest_signature
        .as_deref()
        .ok_or_else(|| missing("the masking manifest is not signed"))?;
    let manifest = MaskManifest::from_json(manifest_json)?;
    platform_key.check_peer()?;
    verify_detached(platform_key, &manifest.to_canonical_json(), signature)?;
    let mut subset = resource.clone();
    subset.items.retain(|i| page.items.contains(&i.name));
    let options =
        DeriveOptions { resource: Some(resource.code.clone()), approval, ..DeriveOptions::default() };
    let policy = MaskPolicy::derive(&[subset], &options)?;
    let mut report = verify_bytes(
        &policy,
        Some(&manifest),
        DataFormat::JsonArray,
        &page.records_json()?,
        &StreamOptions::default(),
    )?;
    // A page's rows are structured (not bytes read in a format someone
    // chose), so a page without rows is an empty answer, not misread data:
    // nothing in it is unmasked, and `no_records` does not fail it.
    if report.records == 0 {
        report.warnings.retain(|w| w.code != "no_records");
        report.passed = report.violation_count == 0;
    }
    // An item the catalog entry does not have has no grade and no rule to
    // check it against; the manifest declaring it does not make it granted.
    let unknown: Vec<&String> =
        page.items.iter().filter(|name| !resource.items.iter().any(|i| &i.name == *name)).collect();
    if !unknown.is_empty() {
        for name in unknown {
            report.violations.push(crate::mask::Violation {
                record: None,
                line: None,
                field: crate::mask::redact_name(name),
                rule: "none".into(),
                reason: "item_not_in_resource".into(),
                kind: None,
                excerpt: String::new(),
            });
            report.violation_count += 1;
        }
        let count = report.violations.iter().filter(|v| v.reason == "item_not_in_resource").count() as u64;
        report.reasons.push(crate::mask::CountByName { name: "item_not_in_resource".into(), count });
        report.passed = false;
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sign::Algorithm;

    #[test]
    fn request_and_response_round_trip() {
        let dept = Key::generate(Algorithm::Ed25519).expect("key");
        let platform = Key::generate(Algorithm::Ed25519).expect("key");
        let mut req = HttpMessage::request("POST", "http://127.0.0.1:8700/api/v1/applications");
        req.push_header("Content-Type", "application/json");
        req.body = b"{}".to_vec();
        let signed = sign_platform_request(&req, &dept, 1_800_000_000, "n-1").expect("sign");
        let v = verify_message(
            &signed.message,
            &dept.public_key().expect("pub"),
            &request_policy(),
            1_800_000_010,
            None,
            None,
        )
        .expect("verifies");
        assert!(v.content_digest_checked);
        assert!(v.info.components.iter().any(|c| c == "\"content-type\""));

        let mut resp = HttpMessage::response(201);
        resp.push_header("Content-Type", "application/json");
        resp.body = b"{\"id\":\"A\"}".to_vec();
        let sresp = sign_platform_response(&resp, &signed.message, &platform, 1_800_000_011).expect("sign");
        let pubkey = platform.public_key().expect("pub");
        verify_platform_response(&sresp.message, &signed.message, &pubkey, 1_800_000_012).expect("verifies");

        let mut tampered = sresp.message.clone();
        tampered.body.push(b' ');
        let e = verify_platform_response(&tampered, &signed.message, &pubkey, 1_800_000_012).unwrap_err();
        assert_eq!(e.code(), "digest_mismatch");
        let mut other = signed.message.clone();
        other.start = crate::http_message::StartLine::Request {
            method: "POST".into(),
            target: "http://127.0.0.1:8700/api/v1/data/query".into(),
        };
        let e = verify_platform_response(&sresp.message, &other, &pubkey, 1_800_000_012).unwrap_err();
        assert_eq!(e.code(), "signature_invalid");
    }

    /// The answer to one data query must not verify as the answer to another
    /// query to the same URL, nor be replayed for a later identical query:
    /// it covers the request's own signature (issue #12).
    #[test]
    fn a_response_is_bound_to_the_one_request_it_answers() {
        let dept = Key::generate(Algorithm::Ed25519).expect("key");
        let platform = Key::generate(Algorithm::Ed25519).expect("key");
        let pubkey = platform.public_key().expect("pub");
        let query = |body: &[u8], created: i64, nonce: &str| {
            let mut req = HttpMessage::request("POST", "http://127.0.0.1:8700/api/v1/data/query");
            req.push_header("Content-Type", "application/json");
            req.body = body.to_vec();
            sign_platform_request(&req, &dept, created, nonce).expect("sign").message
        };
        let asked = query(br#"{"resource_code":"A","items":["a"]}"#, 1_800_000_000, "n-1");
        let mut resp = HttpMessage::response(200);
        resp.push_header("Content-Type", "application/json");
        resp.body = br#"{"rows":[]}"#.to_vec();
        let answer = sign_platform_response(&resp, &asked, &platform, 1_800_000_001).expect("sign").message;
        verify_platform_response(&answer, &asked, &pubkey, 1_800_000_002).expect("its own request");

        // Another query to the same URL (another body).
        let other = query(br#"{"resource_code":"B","items":["b"]}"#, 1_800_000_000, "n-2");
        let e = verify_platform_response(&answer, &other, &pubkey, 1_800_000_002).unwrap_err();
        assert_eq!(e.code(), "signature_invalid");
        // The same query sent again (new nonce): the old answer is a replay.
        let again = query(br#"{"resource_code":"A","items":["a"]}"#, 1_800_000_060, "n-3");
        let e = verify_platform_response(&answer, &again, &pubkey, 1_800_000_061).unwrap_err();
        assert_eq!(e.code(), "signature_invalid");
        // An answer that does not cover the request's signature is refused.
        let params = SignatureParams {
            components: RESPONSE_COMPONENTS.iter().map(|c| (*c).to_owned()).collect(),
            created: Some(1_800_000_001),
            keyid: Some(platform.key_id().to_owned()),
            ..SignatureParams::default()
        };
        let unbound = sign_message(&resp, &platform, &params, Some(&asked)).expect("sign").message;
        let e = verify_platform_response(&unbound, &asked, &pubkey, 1_800_000_002).unwrap_err();
        assert_eq!(e.code(), "component_not_covered");
        // An answer to an unsigned request has nothing to bind; it never
        // verifies as the answer to a signed one.
        let mut bare = HttpMessage::request("POST", "http://127.0.0.1:8700/api/v1/data/query");
        bare.push_header("Content-Type", "application/json");
        bare.body = br#"{"resource_code":"A","items":["a"]}"#.to_vec();
        let refusal = sign_platform_response(&resp, &bare, &platform, 1_800_000_001).expect("sign").message;
        verify_platform_response(&refusal, &bare, &pubkey, 1_800_000_002).expect("the refusal is authentic");
        let e = verify_platform_response(&refusal, &asked, &pubkey, 1_800_000_002).unwrap_err();
        assert_eq!(e.code(), "component_not_covered");
    }

    #[test]
    fn detached_signatures() {
        let k = Key::generate(Algorithm::Ed25519).expect("key");
        let s = sign_detached(&k, b"manifest").expect("sign");
        verify_detached(&k, b"manifest", &s).expect("verifies");
        assert_eq!(verify_detached(&k, b"other", &s).unwrap_err().code(), "signature_invalid");
        assert_eq!(verify_detached(&k, b"manifest", "!!").unwrap_err().code(), "signature_invalid");
    }
}
