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

/// A page that carries an item its catalog entry does not have fails, even
/// when the platform's signed manifest declares the item (issue #12: items
/// outside what was granted are violations).
#[test]
fn a_masked_page_with_an_item_the_resource_lacks_fails() {
    use govshare_core::catalog::Resource;
    use govshare_core::mask::{DeriveOptions, MaskManifest, MaskPolicy};
    use govshare_core::platform::client::DataPage;
    use govshare_core::platform::profile::{sign_detached, verify_masked_page};

    let resource: Resource = serde_json::from_str(
        r#"{"code": "101001/00001", "classification": "101001", "name": "居民户籍信息", "provider": "某市公安局",
            "provider_code": "91350100M000100Y43", "abstract": "居民户籍登记信息", "format": "database",
            "sharing": {"type": "conditional", "conditions": "用于社会保障业务办理"}, "update_cycle": "daily",
            "published": "2025-01-01", "items": [{"name": "姓名", "type": "C", "grade": 2, "pi_kind": "name", "length": 50}]}"#,
    )
    .expect("resource");
    let platform = Key::generate(Algorithm::Ed25519).expect("key");
    let policy =
        MaskPolicy::derive(std::slice::from_ref(&resource), &DeriveOptions::default()).expect("policy");
    let page_with = |items: &[&str], row: &str, manifest: &MaskManifest| {
        let json = String::from_utf8(manifest.to_canonical_json()).expect("utf-8");
        DataPage {
            resource_code: resource.code.clone(),
            items: items.iter().map(|s| s.to_string()).collect(),
            rows_json: row.to_owned(),
            row_count: 1,
            next_cursor: None,
            mask_manifest_signature: Some(sign_detached(&platform, json.as_bytes()).expect("signs")),
            mask_manifest: Some(json),
        }
    };
    let public = platform.public_key().expect("public");
    let ok = page_with(&["姓名"], r#"[["张*"]]"#, &policy.manifest());
    assert!(verify_masked_page(&ok, &resource, None, &public).expect("verifies").passed);

    // The platform adds an item and declares it plain in its signed manifest.
    let mut declared: serde_json::Value =
        serde_json::from_slice(&policy.manifest().to_canonical_json()).expect("json");
    declared["fields"]["婚姻状况"] = serde_json::json!({"rule": "plain"});
    let manifest = MaskManifest::from_json(&declared.to_string()).expect("manifest");
    let extra = page_with(&["姓名", "婚姻状况"], r#"[["张*", "已婚"]]"#, &manifest);
    let report = verify_masked_page(&extra, &resource, None, &public).expect("verifies");
    assert!(!report.passed);
    assert!(
        report.violations.iter().any(|v| v.reason == "item_not_in_resource" && v.field == "婚姻状况"),
        "{report:?}"
    );
}
