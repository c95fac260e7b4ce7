//! Quick property tests, run by CI, for the parsers the other property tests
//! do not cover (see catalog_props.rs and mask_props.rs for the rest): search
//! queries from arbitrary JSON, chunked loading with arbitrary boundaries,
//! RFC 8785 canonicalization, applications, RFC 8941/9421 signature fields,
//! identifier detection spans, the HTTP message JSON form and SM4 decryption. Each feeds
//! arbitrary bytes and mutations of real inputs, and checks an invariant,
//! not only the absence of panics.
//! The same properties run much longer under cargo-fuzz (docs/fuzzing.md).

use std::sync::OnceLock;

use govshare_core::audit::{usage_report, AuditLog, AuditVerifier};
use govshare_core::catalog::{Catalog, CatalogLoader, LoadOptions, SearchQuery, MAX_LIMIT, MAX_QUERY_CHARS};
use govshare_core::crypto::{
    sm2_convert_ciphertext, sm2_decrypt, sm4_decrypt, sm4_encrypt, Sm2CiphertextFormat, Sm2CiphertextOrder,
    Sm4Mode,
};
use govshare_core::http_message::HttpMessage;
use govshare_core::jcs::canonicalize;
use govshare_core::mask::detect_identifiers;
use govshare_core::request::Application;
use govshare_core::sign::{list_signatures, signature_base};
use proptest::prelude::*;
use serde_json::Value;

const NATIONAL: &[u8] = include_bytes!("../../tests/vectors/catalog/data/national.json");
const ZHEJIANG: &[u8] = include_bytes!("../../tests/vectors/catalog/data/zhejiang.json");

fn national() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| Catalog::from_json(NATIONAL).unwrap())
}

fn vector_cases(json: &str) -> Vec<Value> {
    let v: Value = serde_json::from_str(json).unwrap();
    v["cases"].as_array().unwrap().clone()
}

/// Real application documents from the shared vectors.
fn applications() -> &'static Vec<String> {
    static A: OnceLock<Vec<String>> = OnceLock::new();
    A.get_or_init(|| {
        vector_cases(include_str!("../../tests/vectors/request/applications.json"))
            .iter()
            .filter_map(|c| c["application_json"].as_str().map(str::to_owned))
            .collect()
    })
}

/// Signature-Input values from the RFC 9421 vectors.
fn signature_inputs() -> &'static Vec<String> {
    static S: OnceLock<Vec<String>> = OnceLock::new();
    S.get_or_init(|| {
        vector_cases(include_str!("../../tests/vectors/sign/rfc9421.json"))
            .iter()
            .filter_map(|c| c["signature_input"].as_str().map(str::to_owned))
            .collect()
    })
}

/// HTTP messages (JSON form) from the signature vectors.
fn messages() -> &'static Vec<String> {
    static M: OnceLock<Vec<String>> = OnceLock::new();
    M.get_or_init(|| {
        vector_cases(include_str!("../../tests/vectors/sign/http_signatures.json"))
            .iter()
            .filter(|c| c["message"].is_object())
            .map(|c| c["message"].to_string())
            .collect()
    })
}

/// One of `seeds` with a few bytes flipped, inserted or removed.
fn mutated(seeds: Vec<Vec<u8>>) -> impl Strategy<Value = Vec<u8>> {
    (0..seeds.len(), proptest::collection::vec((any::<usize>(), any::<u8>(), 0u8..3), 0..6)).prop_map(
        move |(which, edits)| {
            let mut b = seeds[which].clone();
            for (pos, byte, kind) in edits {
                let pos = if b.is_empty() { 0 } else { pos % b.len() };
                match kind {
                    0 if !b.is_empty() => b[pos] = byte,
                    1 => b.insert(pos, byte),
                    _ if !b.is_empty() => {
                        b.remove(pos);
                    }
                    _ => {}
                }
            }
            b
        },
    )
}

fn bytes_or(seeds: Vec<Vec<u8>>) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![proptest::collection::vec(any::<u8>(), 0..200), mutated(seeds)]
}

/// A JSON object with the query's field names and values of any type.
fn query_json() -> impl Strategy<Value = Vec<u8>> {
    let key = prop_oneof![
        Just("text"),
        Just("provider"),
        Just("sharing"),
        Just("grade"),
        Just("update_cycle"),
        Just("format"),
        Just("classification_prefix"),
        Just("limit"),
        Just("offset"),
    ];
    let value = prop_oneof![
        Just(Value::Null),
        any::<u32>().prop_map(Value::from),
        (0u32..30).prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::from),
        prop_oneof![
            Just("企业"),
            Just("登记 信息"),
            Just("conditional"),
            Just("not_shared"),
            Just("unconditional"),
            Just("daily"),
            Just("database"),
            Just("1"),
            Just("102"),
            Just("国家市场监督管理总局"),
        ]
        .prop_map(Value::from),
    ];
    proptest::collection::vec((key, value), 0..6).prop_map(|kv| {
        let obj: serde_json::Map<String, Value> = kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        Value::Object(obj).to_string().into_bytes()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn search_queries_from_arbitrary_json(bytes in prop_oneof![query_json(), proptest::collection::vec(any::<u8>(), 0..64)]) {
        let Ok(q) = serde_json::from_slice::<SearchQuery>(&bytes) else { return Ok(()) };
        let cat = national();
        match cat.search(&q) {
            Err(e) => {
                prop_assert_eq!(e.code(), "invalid_argument");
                prop_assert!(q.limit > MAX_LIMIT || q.text.chars().count() > MAX_QUERY_CHARS);
            }
            Ok(r) => {
                prop_assert!(r.total <= cat.len());
                let page = r.total.saturating_sub(u64::from(q.offset)).min(u64::from(q.limit));
                prop_assert_eq!(r.hits.len() as u64, page);
                let sharing: u64 = r.facets.sharing.iter().map(|f| f.count).sum();
                prop_assert_eq!(sharing, r.total);
                for h in &r.hits {
                    prop_assert!(cat.resource(&h.code).is_some());
                    prop_assert!(q.sharing.is_none_or(|s| s == h.sharing));
                    prop_assert!(q.grade.is_none_or(|g| g == h.grade));
                }
            }
        }
    }

    #[test]
    fn chunked_loading_with_arbitrary_boundaries(
        doc in prop_oneof![Just(ZHEJIANG.to_vec()), mutated(vec![ZHEJIANG.to_vec()])],
        sizes in proptest::collection::vec(1usize..700, 1..8),
    ) {
        let whole = Catalog::from_json(&doc);
        let mut loader = CatalogLoader::new(LoadOptions::default(), 0);
        let (mut at, mut pushed) = (0, Ok(()));
        for size in sizes.iter().cycle() {
            if at >= doc.len() { break; }
            let end = (at + size).min(doc.len());
            if let Err(e) = loader.push(&doc[at..end]) { pushed = Err(e); break; }
            at = end;
        }
        match (whole, pushed.and_then(|_| loader.finish())) {
            (Ok(a), Ok(b)) => prop_assert!(a.to_snapshot() == b.to_snapshot()),
            (Err(a), Err(_)) if a.code() == "not_utf8" => {}
            (Err(a), Err(b)) => {
                prop_assert_eq!(a.code(), b.code());
                prop_assert_eq!(a.location(), b.location());
            }
            (a, b) => prop_assert!(false, "whole {:?} vs chunked {:?}", a.is_ok(), b.is_ok()),
        }
    }

    #[test]
    fn canonicalize_is_idempotent(bytes in bytes_or(vec![
        br#"{"b":[1,2.50,-0,1e3],"a":{"x":"\u00e9\n","":null},"c":true}"#.to_vec(),
        "[\"中文\",{\"\\ud83d\\ude02\":1E-7},[[]],{}]".as_bytes().to_vec(),
        b"  123.456e-2 ".to_vec(),
    ])) {
        if let Ok(out) = canonicalize(&bytes) {
            prop_assert_eq!(canonicalize(&out).unwrap(), out.clone());
            prop_assert!(serde_json::from_slice::<Value>(&out).is_ok());
        }
    }

    #[test]
    fn applications_round_trip(bytes in bytes_or(applications().iter().take(8).map(|s| s.clone().into_bytes()).collect())) {
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(app) = Application::from_json(&text) {
            let canon = app.canonical_json();
            prop_assert_eq!(canonicalize(canon.as_bytes()).unwrap(), canon.as_bytes());
            let again = Application::from_json(&canon).unwrap();
            prop_assert_eq!(again.draft(), app.draft());
        }
    }

    #[test]
    fn signature_fields_parse_safely(
        input in bytes_or(signature_inputs().iter().map(|s| s.clone().into_bytes()).collect()),
        signature in "[a-z0-9=:;,()\" *?/+-]{0,40}",
    ) {
        let input = String::from_utf8_lossy(&input).replace(['\r', '\n'], " ");
        let mut msg = HttpMessage::request("POST", "https://example.com/foo?param=Value&Pet=dog");
        msg.push_header("Host", "example.com");
        msg.push_header("Date", "Tue, 20 Apr 2021 02:07:55 GMT");
        msg.push_header("Content-Type", "application/json");
        msg.push_header("Signature-Input", input.clone());
        msg.push_header("Signature", signature);
        if let Ok(infos) = list_signatures(&msg) {
            for info in infos {
                match signature_base(&msg, &input, &info.label, None) {
                    Ok(base) => {
                        prop_assert_eq!(base.split('\n').count(), info.components.len() + 1);
                        prop_assert!(base.rsplit('\n').next().unwrap().starts_with("\"@signature-params\": "));
                    }
                    Err(e) => prop_assert!(!matches!(e.code(), "label_not_found" | "malformed_structured_field"), "{}", e.code()),
                }
            }
        }
    }

    #[test]
    fn detections_are_ordered_disjoint_spans(parts in proptest::collection::vec(prop_oneof![
        Just("ang.san@example.com".to_owned()), Just("%".to_owned()), Just("-123-5+".to_owned()), Just("an@example.co".to_owned()), Just("13812345678".to_owned()),
        Just("11010519491231002X".to_owned()), Just("，".to_owned()), Just(" ".to_owned()), Just("中".to_owned()), Just(".".to_owned()), Just("@".to_owned()), "[a-z0-9]{1,4}",
    ], 0..10)) {
        let text = parts.concat();
        let mut prev_end = 0;
        for d in detect_identifiers(&text) {
            prop_assert!(d.start >= prev_end && d.start < d.end, "{text}");
            prev_end = d.end;
            let (s, e) = (d.start as usize, d.end as usize);
            prop_assert_eq!(d.char_start, text[..s].chars().count() as u64);
            prop_assert_eq!(d.char_end, text[..e].chars().count() as u64);
        }
    }

    #[test]
    fn http_messages_round_trip(bytes in bytes_or(messages().iter().take(10).map(|s| s.clone().into_bytes()).collect())) {
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(m) = HttpMessage::from_json(&text) {
            prop_assert_eq!(HttpMessage::from_json(&m.to_json()).unwrap(), m);
        }
    }

    #[test]
    fn audit_logs_verify_safely(bytes in bytes_or(audit_logs())) {
        // A byte changed anywhere in a valid log is found, and nothing panics.
        let mut verifier = AuditVerifier::new();
        verifier.add_key(audit_key()).unwrap();
        let verdict = verifier.verify(&bytes);
        let _ = AuditLog::resume(&bytes);
        let _ = usage_report(&bytes, "2026-06-01T00:00:00+08:00");
        if verdict.valid {
            prop_assert!(audit_logs().contains(&bytes) || is_reformatted(&bytes));
        }
    }

    #[test]
    fn sm4_decryption_fails_closed(mode in 0usize..4, key in proptest::collection::vec(any::<u8>(), 16),
                                   iv in proptest::collection::vec(any::<u8>(), 16),
                                   data in proptest::collection::vec(any::<u8>(), 0..80), flip in any::<usize>()) {
        // Arbitrary ciphertexts never panic; what decrypts re-encrypts to the
        // same bytes; a GCM ciphertext with any one bit flipped is refused.
        let mode = Sm4Mode::ALL[mode];
        let iv = &iv[..mode.iv_len()];
        if let Ok(plain) = sm4_decrypt(mode, &key, iv, &data, b"") {
            prop_assert_eq!(sm4_encrypt(mode, &key, iv, &plain, b"").unwrap(), data.clone());
        }
        if mode == Sm4Mode::Gcm {
            let mut sealed = sm4_encrypt(mode, &key, iv, &data, b"aad").unwrap();
            let bit = flip % (sealed.len() * 8);
            sealed[bit / 8] ^= 1 << (bit % 8);
            prop_assert_eq!(sm4_decrypt(mode, &key, iv, &sealed, b"aad").unwrap_err().code(), "tag_mismatch");
        }
    }

    #[test]
    fn sm2_decryption_and_conversion_fail_closed(from in 0usize..5, to in 0usize..5,
                                                 data in proptest::collection::vec(any::<u8>(), 0..200)) {
        // Arbitrary bytes (a prefix byte forced to 04, or a DER SEQUENCE
        // header, half of the time) never panic; a refusal is a coded error.
        let forms = [(Sm2CiphertextOrder::C1c3c2, true), (Sm2CiphertextOrder::C1c3c2, false),
                     (Sm2CiphertextOrder::C1c2c3, true), (Sm2CiphertextOrder::C1c2c3, false),
                     (Sm2CiphertextOrder::Asn1, true)];
        let f = |i: usize| Sm2CiphertextFormat::new(forms[i].0, forms[i].1);
        let key = govshare_core::sign::Key::generate(govshare_core::sign::Algorithm::Sm2Sm3).unwrap();
        let mut data = data;
        if data.len() > 2 && data[0] & 1 == 0 {
            data[0] = if from == 4 { 0x30 } else { 0x04 };
            if from == 4 { data[1] = (data.len() - 2).min(127) as u8; }
        }
        let read = ["ciphertext_truncated", "ciphertext_malformed", "point_not_on_curve", "decryption_failed"];
        match sm2_decrypt(&key, &data, f(from)) {
            Ok(_) => prop_assert!(false, "random bytes do not pass the C3 check"),
            Err(e) => prop_assert!(read.contains(&e.code()), "{}", e.code()),
        }
        if let Ok(other) = sm2_convert_ciphertext(&data, f(from), f(to)) {
            prop_assert_eq!(sm2_convert_ciphertext(&other, f(to), f(from)).unwrap(), data);
        }
    }
}

/// The public key of the audit vectors' signer (RFC 8032 test key 1).
fn audit_key() -> govshare_core::sign::Key {
    let doc: Value = serde_json::from_str(include_str!("../../tests/vectors/audit/audit.json")).unwrap();
    let k = &doc["keys"]["dept"];
    let raw = govshare_core::encoding::hex_decode(k["raw_private_hex"].as_str().unwrap()).unwrap();
    let mut key =
        govshare_core::sign::Key::from_raw(govshare_core::sign::Algorithm::Ed25519, &raw, true).unwrap();
    key.set_key_id(k["key_id"].as_str().unwrap());
    key.public_key().unwrap()
}

/// Intact logs from the shared audit vectors.
fn audit_logs() -> Vec<Vec<u8>> {
    vector_cases(include_str!("../../tests/vectors/audit/audit.json"))
        .iter()
        .filter(|c| c["op"] == "verify" && c["expect"]["valid"] == true)
        .map(|c| {
            let lines = c["log_lines"].as_array().unwrap();
            lines.iter().map(|l| format!("{}\n", l.as_str().unwrap())).collect::<String>().into_bytes()
        })
        .collect()
}

/// A mutation that only touched insignificant bytes: whitespace or a blank line.
fn is_reformatted(bytes: &[u8]) -> bool {
    let strip = |b: &[u8]| b.iter().filter(|c| !c.is_ascii_whitespace()).copied().collect::<Vec<u8>>();
    audit_logs().iter().any(|log| strip(log) == strip(bytes))
}
