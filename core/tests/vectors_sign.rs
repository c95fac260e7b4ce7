//! Runs every case of tests/vectors/sign/*.json through the public API.

use std::path::PathBuf;

use govshare_core::encoding::hex_decode;
use govshare_core::http_message::{HttpMessage, StartLine};
use govshare_core::sign::gateway::{
    guangdong_body, org_sign, sign_irs, sign_xtif, verify_xtif, verify_xtif_user, xtif_user_signature,
    GuangdongRequest, HexCase, IrsPlacement, XTifOptions, XTifPrefix, XTifVerifyOptions,
};
use govshare_core::sign::{
    content_digest, prepare_signature, sign_message, signature_base, sm3, verify_message, Algorithm,
    DigestAlgorithm, Key, MemoryNonceStore, NonceStore, SignatureParams, VerificationPolicy,
};
use govshare_core::Error;
use serde_json::{json, Value};

struct File {
    doc: Value,
}

impl File {
    fn key(&self, case: &Value) -> Result<Key, Error> {
        let name = case["key"].as_str().expect("case names a key");
        let k = &self.doc["keys"][name];
        let alg = k["alg"].as_str().map(|a| Algorithm::from_name(a).expect("alg"));
        let form = case["key_form"].as_str().unwrap_or_else(|| {
            ["private_pem", "raw_private_hex", "hmac_secret_base64", "jwk"]
                .into_iter()
                .find(|f| !k[*f].is_null())
                .expect("key has a form")
        });
        let mut key = match form {
            "private_pem" | "public_pem" => Key::from_pem(k[form].as_str().expect("pem"), alg)?,
            "jwk" | "public_jwk" => Key::from_jwk(&k[form].to_string(), alg)?,
            "raw_private_hex" => Key::from_raw(
                alg.expect("alg"),
                &hex_decode(k[form].as_str().expect("hex")).expect("hex"),
                true,
            )?,
            "hmac_secret_base64" => Key::from_hmac_secret(
                &govshare_core::encoding::base64_decode(k[form].as_str().expect("b64")).expect("b64"),
            )?,
            other => panic!("unknown key form {other}"),
        };
        if let Some(id) = case["sm2_user_id"].as_str() {
            key.set_sm2_user_id(id)?;
        }
        Ok(key)
    }

    fn message(&self, v: &Value) -> HttpMessage {
        let v = match v.as_str() {
            Some(name) => &self.doc["messages"][name],
            None => v,
        };
        HttpMessage::from_json(&v.to_string()).expect("message JSON")
    }

    fn request(&self, case: &Value) -> Option<HttpMessage> {
        (!case["request"].is_null()).then(|| self.message(&case["request"]))
    }
}

fn data(case: &Value) -> Vec<u8> {
    match case["data_hex"].as_str() {
        Some(h) => hex_decode(h).expect("hex"),
        None => case["data"].as_str().expect("data").as_bytes().to_vec(),
    }
}

fn policy(v: &Value) -> VerificationPolicy {
    serde_json::from_value(v.clone()).expect("policy")
}

fn headers(m: &HttpMessage, names: &[&str]) -> Value {
    let hs: Vec<Value> = m
        .headers
        .iter()
        .filter(|(n, _)| names.iter().any(|x| x.eq_ignore_ascii_case(n)))
        .map(|(n, v)| json!([n, v]))
        .collect();
    Value::Array(hs)
}

/// The x-tif headers of both prefixes, as `xtif_sign` expectations list them.
const XTIF_HEADERS: [&str; 10] = [
    "x-tif-paasid",
    "x-tif-timestamp",
    "x-tif-nonce",
    "x-tif-signature",
    "x-tif-serviceId",
    "x-rio-paasid",
    "x-rio-timestamp",
    "x-rio-nonce",
    "x-rio-signature",
    "x-rio-serviceId",
];

/// `prefix` and `window_seconds` of a verify case (names read by core).
fn verify_options(case: &Value) -> Result<XTifVerifyOptions, Error> {
    let mut o = XTifVerifyOptions::default();
    if let Some(p) = case["prefix"].as_str() {
        o.prefix = p.parse::<XTifPrefix>()?;
    }
    if let Some(w) = case["window_seconds"].as_u64() {
        o.window_seconds = w;
    }
    Ok(o)
}

fn str_of<'a>(case: &'a Value, name: &str) -> &'a str {
    case[name].as_str().unwrap_or_else(|| panic!("{name}"))
}

fn run(file: &File, case: &Value) -> Result<Value, Error> {
    let op = case["op"].as_str().expect("op");
    Ok(match op {
        "signature_base" => {
            let m = file.message(&case["message"]);
            let base = signature_base(
                &m,
                case["signature_input"].as_str().expect("si"),
                case["label"].as_str().expect("label"),
                file.request(case).as_ref(),
            )?;
            json!({ "base": base })
        }
        "sign" => {
            let key = file.key(case)?;
            let params: SignatureParams = serde_json::from_value(case["params"].clone()).expect("params");
            let s =
                sign_message(&file.message(&case["message"]), &key, &params, file.request(case).as_ref())?;
            json!({ "signature_input": s.signature_input, "signature": s.signature, "base": s.base })
        }
        "sign_verify" => {
            let key = file.key(case)?;
            let params: SignatureParams = serde_json::from_value(case["params"].clone()).expect("params");
            let req = file.request(case);
            let s = sign_message(&file.message(&case["message"]), &key, &params, req.as_ref())?;
            let verifier = if key.algorithm() == Algorithm::HmacSha256 { key } else { key.public_key()? };
            let now = case["now"].as_i64().expect("now");
            let v = verify_message(&s.message, &verifier, &policy(&case["policy"]), now, None, req.as_ref())?;
            // The same base through the external-signer path.
            let prepared = prepare_signature(&file.message(&case["message"]), &params, req.as_ref())?;
            assert_eq!(prepared.base, s.base.as_bytes(), "{}: prepare gives the same base", case["name"]);
            json!({ "label": v.info.label, "content_digest_checked": v.content_digest_checked })
        }
        "verify" => {
            let key = file.key(case)?;
            let m = file.message(&case["message"]);
            let now = case["now"].as_i64().expect("now");
            let p = policy(&case["policy"]);
            let mut store = MemoryNonceStore::new(16);
            let mut out = Value::Null;
            for _ in 0..case["repeat"].as_u64().unwrap_or(1) {
                let store: &mut dyn NonceStore = &mut store;
                let v = verify_message(&m, &key, &p, now, Some(store), file.request(case).as_ref())?;
                out = json!({ "label": v.info.label, "content_digest_checked": v.content_digest_checked });
            }
            out
        }
        "content_digest" => {
            let alg: DigestAlgorithm = serde_json::from_value(case["algorithm"].clone()).expect("alg");
            json!({ "value": content_digest(case["body"].as_str().expect("body").as_bytes(), alg) })
        }
        "sm3" => json!({ "hex": govshare_core::encoding::hex(&sm3(&data(case))) }),
        "key_verify" => {
            let key = file.key(case)?;
            let sig = hex_decode(case["signature_hex"].as_str().expect("sig")).expect("hex");
            key.verify(&data(case), &sig)?;
            json!({ "verified": true })
        }
        "key_sign" => {
            let key = file.key(case)?;
            json!({ "signature_hex": govshare_core::encoding::hex(&key.sign(&data(case))?) })
        }
        "key_sign_verify" => {
            let key = file.key(case)?;
            let sig = key.sign(&data(case))?;
            key.public_key()?.verify(&data(case), &sig)?;
            json!({ "verified": true })
        }
        "key_import" => {
            let key = file.key(case)?;
            json!({ "algorithm": key.algorithm().name(), "private": key.is_private(), "key_id": key.key_id() })
        }
        "key_thumbprint" => json!({ "thumbprint": file.key(case)?.thumbprint() }),
        "xtif_sign" => {
            let m = sign_xtif(
                &file.message(&case["message"]),
                case["paas_id"].as_str().expect("paas_id"),
                case["paas_token"].as_str().expect("paas_token"),
                case["timestamp"].as_i64().expect("timestamp"),
                case["nonce"].as_str().expect("nonce"),
                case["service_id"].as_str(),
                XTifOptions {
                    case: case["case"].as_str().map_or(Ok(HexCase::default()), str::parse)?,
                    prefix: case["prefix"].as_str().map_or(Ok(XTifPrefix::default()), str::parse)?,
                },
            )?;
            json!({ "headers": headers(&m, &XTIF_HEADERS) })
        }
        "xtif_verify" => {
            let m = file.message(&case["message"]);
            let now = case["now"].as_i64().expect("now");
            serde_json::to_value(verify_xtif(&m, str_of(case, "paas_token"), now, verify_options(case)?)?)
                .expect("json")
        }
        "xtif_user_verify" => {
            let m = file.message(&case["message"]);
            let now = case["now"].as_i64().expect("now");
            serde_json::to_value(verify_xtif_user(&m, str_of(case, "token"), now, verify_options(case)?)?)
                .expect("json")
        }
        "xtif_user_signature" => json!({ "signature": xtif_user_signature(
            str_of(case, "timestamp"),
            str_of(case, "token"),
            str_of(case, "nonce"),
            str_of(case, "uid"),
            str_of(case, "uinfo"),
            str_of(case, "ext"),
        ) }),
        "org_sign" => serde_json::to_value(org_sign(
            str_of(case, "org_code"),
            str_of(case, "org_secret"),
            case["unix_seconds"].as_i64().expect("unix_seconds"),
            str_of(case, "sequence"),
        )?)
        .expect("json"),
        "guangdong_body" => {
            let input = GuangdongRequest::from_json(&case["input"].to_string())?;
            let body: Value = serde_json::from_str(&guangdong_body(&input)?).expect("the body is JSON");
            json!({ "body": body })
        }
        "irs_sign" => {
            let placement: IrsPlacement =
                serde_json::from_value(case["placement"].clone()).expect("placement");
            let m = sign_irs(
                &file.message(&case["message"]),
                case["app_key"].as_str().expect("app_key"),
                case["request_secret"].as_str().expect("secret"),
                case["request_time"].as_i64().expect("time"),
                placement,
            )?;
            match placement {
                IrsPlacement::Headers => {
                    json!({ "headers": headers(&m, &["appKey", "requestTime", "sign"]) })
                }
                IrsPlacement::Query => match &m.start {
                    StartLine::Request { target, .. } => json!({ "target": target }),
                    StartLine::Response { .. } => Value::Null,
                },
            }
        }
        other => panic!("unknown op {other}"),
    })
}

/// Does `actual` contain every member of `expected` with the same value?
fn matches(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            e.iter().all(|(k, v)| a.get(k).is_some_and(|av| matches(v, av)))
        }
        _ => expected == actual,
    }
}

#[test]
fn sign_vectors() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors/sign");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("vectors dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 3, "vector files are present");
    let (mut passed, mut failures) = (0, Vec::new());
    for path in files {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
        let file = File { doc };
        for case in file.doc["cases"].as_array().expect("cases") {
            let name = case["name"].as_str().expect("name");
            let result = run(&file, case);
            let ok = match (&case["expect_error"], &result) {
                (Value::String(code), Err(e)) => {
                    let shown = format!("{e} {}", e.message_zh());
                    e.code() == code
                        && case["error_hides"]
                            .as_array()
                            .is_none_or(|h| h.iter().all(|v| !shown.contains(v.as_str().unwrap_or("?"))))
                }
                (Value::Null, Ok(v)) => matches(&case["expect"], v),
                _ => false,
            };
            if ok {
                passed += 1;
            } else {
                failures.push(format!("{name}: got {:?}", result.map_err(|e| format!("{} ({e})", e.code()))));
            }
        }
    }
    assert!(failures.is_empty(), "{} failed:\n{}", failures.len(), failures.join("\n"));
    assert!(passed >= 60, "only {passed} cases ran");
}
