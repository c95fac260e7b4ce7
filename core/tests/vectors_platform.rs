//! Runs every case of tests/vectors/platform/*.json against the core's
//! `platform::PlatformExchange`: the exact signed requests (op `request`),
//! the external-signer path (op `prepare`), and the verdicts on the
//! platform's answers (op `receive`). See tests/vectors/platform/README.md.

use govshare_core::encoding::base64_decode;
use govshare_core::http_message::HttpMessage;
use govshare_core::platform::{
    CallContext, DataQuery, ExchangeRequest, PlatformConfig, PlatformExchange, VerificationQuery,
};
use govshare_core::request::{Application, Entitlement};
use govshare_core::sign::{Algorithm, Key};
use govshare_core::Error;
use serde_json::{json, Value};

mod common;

fn load(name: &str) -> Value {
    let path = format!("{}/../tests/vectors/platform/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Parses a vector's input the way a binding does: a bad input is the
/// core's coded error, not a panic.
fn parse<T: serde::de::DeserializeOwned>(v: &Value) -> Result<T, Error> {
    serde_json::from_value(v.clone()).map_err(|e| govshare_core::error::json_error(&e))
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("{key} missing"))
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex")).collect()
}

/// The named key of the file's `keys`.
fn key(doc: &Value, name: &str) -> Result<Key, Error> {
    let k = &doc["keys"][name];
    assert!(k.is_object(), "no key {name}");
    let algorithm = Algorithm::from_name(s(k, "algorithm"))?;
    let mut key = Key::from_raw(algorithm, &hex(s(k, "raw_hex")), k["private"].as_bool().expect("private"))?;
    if let Some(id) = k["key_id"].as_str() {
        key.set_key_id(id);
    }
    Ok(key)
}

fn exchange(doc: &Value, case: &Value) -> Result<PlatformExchange, Error> {
    let config: PlatformConfig = parse(&case["config"])?;
    let mut ex = PlatformExchange::new(config, &key(doc, s(case, "platform_key"))?)?;
    if let Some(secret) = case["gateway_secret"].as_str() {
        ex.set_gateway_secret(secret)?;
    }
    Ok(ex)
}

/// A request of the vectors with its arguments owned.
enum Call {
    Catalog,
    CatalogDelta(u64),
    Submit(Box<Application>),
    Status(String),
    Withdraw(String, Option<String>),
    Data(DataQuery, Vec<Entitlement>),
    Verify(VerificationQuery, Vec<Entitlement>),
}

impl Call {
    fn read(req: &Value) -> Result<(Call, CallContext), Error> {
        let ctx: CallContext = parse(&req["ctx"])?;
        let call = match s(req, "call") {
            "catalog" => Call::Catalog,
            "catalog_delta" => Call::CatalogDelta(req["since_version"].as_u64().expect("since_version")),
            "submit" => Call::Submit(Box::new(Application::from_json(s(req, "application_json"))?)),
            "status" => Call::Status(s(req, "id").to_owned()),
            "withdraw" => Call::Withdraw(s(req, "id").to_owned(), req["reason"].as_str().map(str::to_owned)),
            "data" => Call::Data(parse(&req["query"])?, parse(&req["entitlements"])?),
            "verify" => Call::Verify(parse(&req["query"])?, parse(&req["entitlements"])?),
            other => panic!("unknown call {other}"),
        };
        Ok((call, ctx))
    }

    fn request(&self) -> ExchangeRequest<'_> {
        match self {
            Call::Catalog => ExchangeRequest::Catalog,
            Call::CatalogDelta(since_version) => {
                ExchangeRequest::CatalogDelta { since_version: *since_version }
            }
            Call::Submit(app) => ExchangeRequest::Submit(app),
            Call::Status(id) => ExchangeRequest::Status(id),
            Call::Withdraw(id, reason) => ExchangeRequest::Withdraw { id, reason: reason.as_deref() },
            Call::Data(query, entitlements) => ExchangeRequest::Data { query, entitlements },
            Call::Verify(query, entitlements) => ExchangeRequest::Verification { query, entitlements },
        }
    }
}

fn send(ex: &mut PlatformExchange, req: &Value, key: &Key) -> Result<HttpMessage, Error> {
    let (call, ctx) = Call::read(req)?;
    ex.request(call.request(), key, &ctx)
}

fn message_json(m: &HttpMessage) -> Value {
    serde_json::from_str(&m.to_json()).expect("message JSON")
}

fn to(v: impl serde::Serialize) -> Value {
    serde_json::to_value(v).expect("serializes")
}

/// One answer handed to the exchange: `receive` names the method.
fn receive(ex: &mut PlatformExchange, step: &Value) -> Result<Value, Error> {
    let msg = HttpMessage::from_json(&step["response"].to_string())?;
    let now = step["now"].as_i64().expect("now");
    Ok(match s(step, "receive") {
        "application" => to(ex.receive_application(&msg, now)?),
        "data" => to(ex.receive_data(&msg, now)?),
        "verification" => to(ex.receive_verification(&msg, now)?),
        "catalog" => to(ex.receive_catalog(&msg, now)?),
        "catalog_delta" => to(ex.receive_catalog_delta(&msg, now)?),
        other => panic!("unknown receive {other}"),
    })
}

/// Runs one case; the result as JSON, or the error.
fn run(case: &Value, doc: &Value) -> Result<Value, Error> {
    let name = s(case, "name");
    match s(case, "op") {
        "request" => {
            let mut ex = exchange(doc, case)?;
            let key = key(doc, s(case, "key"))?;
            if let Some(first) = case.get("first") {
                match (send(&mut ex, first, &key), case.get("first_expect_error").and_then(Value::as_str)) {
                    (Ok(_), None) => {}
                    (Err(e), Some(code)) => assert_eq!(e.code(), code, "{name}: the first request: {e}"),
                    (r, want) => panic!("{name}: the first request: expected {want:?}, got {r:?}"),
                }
            }
            Ok(message_json(&send(&mut ex, &case["request"], &key)?))
        }
        "prepare" => {
            let mut ex = exchange(doc, case)?;
            let signature = base64_decode(s(case, "signature_b64")).expect("signature_b64");
            if case["request"].is_null() {
                return Ok(message_json(&ex.complete(&signature)?));
            }
            let (call, ctx) = Call::read(&case["request"])?;
            let prepared = ex.prepare(call.request(), s(case, "key_id"), &ctx)?;
            assert!(ex.awaiting_signature().is_some(), "{name}: awaits its signature");
            assert_eq!(ex.in_flight(), None, "{name}: nothing in flight before complete");
            let message = ex.complete(&signature)?;
            Ok(json!({
                "base": String::from_utf8(prepared.base).expect("base is ASCII"),
                "signature_input": prepared.signature_input,
                "content_digest": prepared.content_digest,
                "message": message_json(&message),
            }))
        }
        "receive" => {
            let mut ex = exchange(doc, case).unwrap_or_else(|e| panic!("{name}: the exchange: {e}"));
            let key = key(doc, s(case, "key"))?;
            send(&mut ex, &case["request"], &key).unwrap_or_else(|e| panic!("{name}: the request: {e}"));
            for (i, step) in case["before"].as_array().into_iter().flatten().enumerate() {
                if step["cancel"].as_bool() == Some(true) {
                    ex.cancel();
                    continue;
                }
                match (receive(&mut ex, step), step.get("expect_error").and_then(Value::as_str)) {
                    (Ok(_), None) => {}
                    (Err(e), Some(code)) => assert_eq!(e.code(), code, "{name}: step {i}: {e}"),
                    (r, want) => panic!("{name}: step {i}: expected {want:?}, got {r:?}"),
                }
            }
            let result = receive(&mut ex, case);
            assert_eq!(
                ex.failed_at(),
                case["expect_failed_at"].as_str(),
                "{name}: failed_at after the answer ({result:?})"
            );
            assert_eq!(
                ex.in_flight(),
                case["expect_in_flight"].as_str(),
                "{name}: in flight after the answer"
            );
            result
        }
        other => panic!("unknown op {other}"),
    }
}

/// JSON without null members (an absent member equals null).
fn norm(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            Value::Object(m.iter().filter(|(_, x)| !x.is_null()).map(|(k, x)| (k.clone(), norm(x))).collect())
        }
        Value::Array(a) => Value::Array(a.iter().map(norm).collect()),
        other => other.clone(),
    }
}

/// Runs every case of a file; fails listing every case that failed.
fn run_file(name: &str) -> usize {
    let doc = load(name);
    let cases = doc["cases"].as_array().expect("cases");
    let mut failures = Vec::new();
    for case in cases {
        let case_name = s(case, "name");
        let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            match (case.get("expect"), case.get("expect_error"), run(case, &doc)) {
                (Some(want), None, Ok(got)) => assert_eq!(norm(&got), norm(want), "{name} / {case_name}"),
                (None, Some(code), Err(e)) => {
                    assert_eq!(e.code(), code, "{name} / {case_name}: {e}");
                    assert!(!e.message_zh().is_empty());
                }
                (_, _, r) => panic!("{name} / {case_name}: unexpected result {r:?}"),
            }
        }));
        if checked.is_err() {
            failures.push(case_name.to_owned());
        }
    }
    assert!(failures.is_empty(), "{name}: {} case(s) failed (details above): {failures:#?}", failures.len());
    cases.len()
}

#[test]
fn exchange_vectors() {
    assert!(run_file("exchange.json") >= 60);
}

/// Every vector file of the folder runs (see `common::run_every_file`).
#[test]
fn every_file_of_the_folder() {
    assert!(common::run_every_file("platform", run_file) > 0);
}
