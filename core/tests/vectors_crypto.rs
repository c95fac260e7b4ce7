//! Runs every case of tests/vectors/crypto/*.json against the core API:
//! SM4 and SM2 encryption (sm4.json, sm2.json), digital envelopes and the
//! signed-and-encrypted body (envelope.json), the sealed store (store.json).

use govshare_core::crypto::{
    open_body_envelope, open_envelope, open_envelope_with_kek, sm2_convert_ciphertext, sm2_decrypt,
    sm2_encrypt, sm4_decrypt, sm4_encrypt, BodyEnvelopeProfile, EnvelopeExpectation, EnvelopeOpening,
    Sm2CiphertextFormat, Sm4Mode,
};
use govshare_core::encoding::{hex, hex_decode};
use govshare_core::sign::{Algorithm, Key};
use govshare_core::store::{verify_store, StoreReader, StoreUnlock};
use govshare_core::Error;
use serde_json::{json, Value};

mod common;

fn load(name: &str) -> Value {
    let path = format!("{}/../tests/vectors/crypto/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn bytes(case: &Value, key: &str) -> Vec<u8> {
    let text = case.get(key).map_or("", |v| v.as_str().unwrap_or_else(|| panic!("{key} is not a string")));
    hex_decode(text).unwrap_or_else(|| panic!("{key} is not hex"))
}

fn format(case: &Value, field: &str) -> Sm2CiphertextFormat {
    serde_json::from_value(case[field].clone()).unwrap_or_else(|e| panic!("{field}: {e}"))
}

fn key(case: &Value) -> Result<Key, Error> {
    let algorithm = Algorithm::from_name(case["key_algorithm"].as_str().expect("key_algorithm"))?;
    Key::from_raw(algorithm, &bytes(case, "key_hex"), case["key_private"].as_bool().expect("key_private"))
}

fn text<'a>(case: &'a Value, field: &str) -> &'a [u8] {
    case[field].as_str().unwrap_or_else(|| panic!("{field} is not a string")).as_bytes()
}

/// The case's `expected` ({from?, to?, about?}), or none.
fn expected(case: &Value) -> Option<EnvelopeExpectation> {
    case.get("expected")
        .map(|e| serde_json::from_value(e.clone()).unwrap_or_else(|err| panic!("expected: {err}")))
}

fn to_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("serializes")
}

/// The envelope, body and store ops (envelope.json, store.json).
const SEALED_OPS: [&str; 6] =
    ["envelope_open", "envelope_open_kek", "envelope_finish", "body_open", "store_verify", "store_read"];

fn run_sealed(case: &Value, op: &str) -> Result<Value, Error> {
    match op {
        "envelope_open" => {
            let opened =
                open_envelope(text(case, "envelope"), &key(case)?, &expected(case).unwrap_or_default())?;
            Ok(json!({ "info": to_json(&opened.info), "plaintext_hex": hex(&opened.plaintext) }))
        }
        "envelope_open_kek" => {
            let opened = open_envelope_with_kek(
                text(case, "envelope"),
                &bytes(case, "kek_hex"),
                case["kek_id"].as_str().expect("kek_id"),
                &expected(case).unwrap_or_default(),
            )?;
            Ok(json!({ "info": to_json(&opened.info), "plaintext_hex": hex(&opened.plaintext) }))
        }
        "envelope_finish" => {
            let opening = EnvelopeOpening::parse(text(case, "envelope"))?;
            if let Some(e) = expected(case) {
                opening.check_expected(&e)?;
            }
            let plaintext = opening.finish(&bytes(case, "data_key_hex"))?;
            Ok(json!({
                "info": to_json(opening.info()),
                "wrapped_key_hex": hex(opening.wrapped_key()),
                "plaintext_hex": hex(&plaintext),
            }))
        }
        "body_open" => {
            let profile: BodyEnvelopeProfile =
                serde_json::from_value(case["profile"].clone()).unwrap_or_else(|e| panic!("profile: {e}"));
            let opened =
                open_body_envelope(&profile, text(case, "body"), &bytes(case, "sm4_key_hex"), &key(case)?)?;
            Ok(json!({ "plaintext_hex": hex(&opened.plaintext) }))
        }
        "store_verify" => Ok(to_json(&verify_store(text(case, "store"))?)),
        "store_read" => {
            let (kek, data_key) = (bytes(case, "kek_hex"), bytes(case, "data_key_hex"));
            let sm2;
            let unlock = if case.get("kek_hex").is_some() {
                StoreUnlock::Kek { kek: &kek, kek_id: case["kek_id"].as_str().expect("kek_id") }
            } else if case.get("data_key_hex").is_some() {
                StoreUnlock::DataKey(&data_key)
            } else {
                sm2 = key(case)?;
                StoreUnlock::Sm2(&sm2)
            };
            let reader = StoreReader::open(text(case, "store"), &unlock)?;
            let page = reader.read_page(case["page"].as_u64().expect("page"))?;
            Ok(json!({ "plaintext_hex": hex(&page) }))
        }
        op => unreachable!("{op} is not in SEALED_OPS"),
    }
}

/// Runs one case; the result as JSON, or the error.
fn run(case: &Value) -> Result<Value, Error> {
    let op = case["op"].as_str().expect("op");
    if SEALED_OPS.contains(&op) {
        return run_sealed(case, op);
    }
    match case["op"].as_str().expect("op") {
        "sm2_decrypt" => {
            let out = sm2_decrypt(&key(case)?, &bytes(case, "ciphertext_hex"), format(case, "format"))?;
            return Ok(json!({ "plaintext_hex": hex(&out) }));
        }
        "sm2_encrypt" => {
            let out = sm2_encrypt(&key(case)?, &bytes(case, "plaintext_hex"), format(case, "format"))?;
            return Ok(json!({ "ciphertext_len": out.len() }));
        }
        "sm2_convert" => {
            let out = sm2_convert_ciphertext(
                &bytes(case, "ciphertext_hex"),
                format(case, "from"),
                format(case, "to"),
            )?;
            return Ok(json!({ "ciphertext_hex": hex(&out) }));
        }
        _ => {}
    }
    let mode: Sm4Mode = case["mode"].as_str().expect("mode").parse()?;
    let (key, iv, aad) = (bytes(case, "key_hex"), bytes(case, "iv_hex"), bytes(case, "aad_hex"));
    match case["op"].as_str().expect("op") {
        "sm4_encrypt" => {
            let out = sm4_encrypt(mode, &key, &iv, &bytes(case, "plaintext_hex"), &aad)?;
            Ok(json!({ "ciphertext_hex": hex(&out) }))
        }
        "sm4_decrypt" => {
            let out = sm4_decrypt(mode, &key, &iv, &bytes(case, "ciphertext_hex"), &aad)?;
            Ok(json!({ "plaintext_hex": hex(&out) }))
        }
        op => panic!("unknown op {op}"),
    }
}

fn run_file(name: &str) -> usize {
    let doc = load(name);
    let cases = doc["cases"].as_array().expect("cases");
    for case in cases {
        let case_name = case["name"].as_str().expect("name");
        match (case.get("expect"), case.get("expect_error"), run(case)) {
            (Some(want), None, Ok(got)) => assert_eq!(&got, want, "{name} / {case_name}"),
            (None, Some(code), Err(e)) => {
                assert_eq!(e.code(), code, "{name} / {case_name}: {e}");
                // No key, IV or data byte in the message, in either language.
                let shown = format!("{e} {}", e.message_zh());
                for field in [
                    "key_hex",
                    "iv_hex",
                    "plaintext_hex",
                    "ciphertext_hex",
                    "kek_hex",
                    "data_key_hex",
                    "sm4_key_hex",
                ] {
                    let value = case.get(field).and_then(Value::as_str).unwrap_or("");
                    if value.len() >= 8 {
                        assert!(
                            !shown.contains(&value[..8]),
                            "{name} / {case_name}: the error echoes {field}"
                        );
                    }
                }
            }
            (_, _, r) => panic!("{name} / {case_name}: unexpected result {r:?}"),
        }
    }
    cases.len()
}

#[test]
fn sm4() {
    assert!(run_file("sm4.json") >= 150);
}

#[test]
fn sm2() {
    assert!(run_file("sm2.json") >= 150);
}

#[test]
fn envelope() {
    assert!(run_file("envelope.json") >= 100);
}

#[test]
fn store() {
    assert!(run_file("store.json") >= 50);
}

/// Every vector file of the folder runs (see `common::run_every_file`).
#[test]
fn every_file_of_the_folder() {
    assert!(common::run_every_file("crypto", run_file) >= 450);
}
