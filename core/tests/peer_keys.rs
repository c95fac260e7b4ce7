//! Keys are what the operator says they are: a symmetric (HMAC) key checks
//! another party's signature only when the caller trusts it explicitly.

use govshare_core::audit::{destruction_receipt, verify_destruction_receipt, DestructionRequest, GENESIS};
use govshare_core::sign::{Algorithm, Key};

fn request() -> DestructionRequest {
    serde_json::from_str(
        r#"{"application_id":"APP-1","resources":["101001/00001"],
            "data_digests":["sha256:0000000000000000000000000000000000000000000000000000000000000000"],
            "retention_until":"2026-09-05","destroyed_at":"2026-09-07T10:00:00+08:00",
            "method":"crypto_erased","actor":"11330000MB0000000X"}"#,
    )
    .expect("request")
}

#[test]
fn a_symmetric_key_checks_another_partys_signature_only_when_trusted() {
    let mut secret = Key::from_hmac_secret(b"a shared secret of thirty-two by").expect("key");
    let receipt = destruction_receipt(&request(), GENESIS, &secret).expect("signs");
    let json = serde_json::to_vec(&receipt).expect("json");
    let e = verify_destruction_receipt(&json, &secret).unwrap_err();
    assert_eq!(e.code(), "symmetric_key_refused");
    secret.trust_symmetric();
    verify_destruction_receipt(&json, &secret).expect("trusted explicitly");
    // An asymmetric key needs no such trust.
    let k = Key::generate(Algorithm::Ed25519).expect("key");
    let receipt = destruction_receipt(&request(), GENESIS, &k).expect("signs");
    let json = serde_json::to_vec(&receipt).expect("json");
    verify_destruction_receipt(&json, &k.public_key().expect("public")).expect("verifies");
}

#[test]
fn an_audit_verifier_takes_a_symmetric_key_only_when_trusted() {
    use govshare_core::audit::{AuditLog, AuditVerifier};
    let mut secret = Key::from_hmac_secret(b"a shared secret of thirty-two by").expect("key");
    let mut log = AuditLog::new();
    let event = serde_json::from_str(
        r#"{"time":"2026-06-01T09:00:00+08:00","action":"submit","actor":"11330000MB0000000X",
            "application_id":"APP-1","resources":["101001/00001"],"outcome":"ok"}"#,
    )
    .expect("event");
    let line = log.append(&event, Some(&secret)).expect("appends");
    let mut verifier = AuditVerifier::new();
    let refused = verifier.add_key(secret.verifying_key().expect("copy")).unwrap_err();
    assert_eq!(refused.code(), "symmetric_key_refused");
    // Refused means not kept: a required signature is then not verified.
    verifier.require_signatures(true);
    assert!(!verifier.verify(format!("{line}\n").as_bytes()).valid);
    secret.trust_symmetric();
    verifier.add_key(secret.verifying_key().expect("copy")).expect("trusted explicitly");
    assert!(verifier.verify(format!("{line}\n").as_bytes()).valid);
}
