//! Runs every case of tests/vectors/audit/*.json through the public API.

use std::path::PathBuf;

use govshare_core::audit::{
    archive, destruction_receipt, export_records, usage_report, verify_destruction_receipt, verify_export,
    AuditLog, AuditVerifier, DestructionRequest,
};
use govshare_core::encoding::hex_decode;
use govshare_core::sign::{Algorithm, Key};
use govshare_core::Error;
use serde_json::{json, Value};

fn key(doc: &Value, name: &str) -> Key {
    let k = &doc["keys"][name];
    let alg = Algorithm::from_name(k["alg"].as_str().expect("alg")).expect("known alg");
    let raw = hex_decode(k["raw_private_hex"].as_str().expect("raw key")).expect("hex");
    let mut key = Key::from_raw(alg, &raw, true).expect("key");
    key.set_key_id(k["key_id"].as_str().expect("key_id"));
    key
}

fn log_text(case: &Value) -> String {
    lines_text(case, "log_lines")
}

fn lines_text(case: &Value, member: &str) -> String {
    let lines: Vec<&str> =
        case[member].as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    lines.iter().map(|l| format!("{l}\n")).collect()
}

fn split_lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

/// A verifier with the public halves of the case's `member` keys.
fn verifier(doc: &Value, case: &Value, member: &str) -> Result<AuditVerifier, Error> {
    let mut v = AuditVerifier::new();
    for name in case[member].as_array().into_iter().flatten() {
        v.add_key(key(doc, name.as_str().expect("key name")).public_key()?)?;
    }
    v.require_signatures(case["require_signatures"].as_bool().unwrap_or(false));
    if let Some(a) = case["continue_from"].as_array() {
        v.continue_from(a[0].as_u64().expect("seq"), a[1].as_str().expect("hash").to_owned());
    }
    Ok(v)
}

fn run(doc: &Value, case: &Value) -> Result<Value, Error> {
    match case["op"].as_str().expect("op") {
        "append" => {
            let signer = case["key"].as_str().map(|n| key(doc, n));
            let mut log = AuditLog::resume(log_text(case).as_bytes())?;
            let mut lines = vec![];
            for event in case["events"].as_array().expect("events") {
                lines.push(log.append_json(event.to_string().as_bytes(), signer.as_ref())?);
            }
            Ok(json!({"lines": lines, "head": log.head()}))
        }
        "verify" => {
            let mut v = verifier(doc, case, "keys")?;
            v.expect_head(case["expected_head"].as_str().map(str::to_owned));
            Ok(serde_json::to_value(v.verify(log_text(case).as_bytes())).expect("serializable"))
        }
        "archive" => {
            let signer = case["key"].as_str().map(|n| key(doc, n));
            let out = archive(
                log_text(case).as_bytes(),
                case["before"].as_str().expect("before"),
                case["now"].as_str().expect("now"),
                case["retention_years"].as_u64().expect("years") as u32,
                &verifier(doc, case, "keys")?,
                signer.as_ref(),
            )?;
            Ok(json!({
                "header": out.header,
                "archive_lines": split_lines(&out.archive),
                "remaining_lines": split_lines(&out.remaining),
            }))
        }
        "verify_archive" => {
            let v = verifier(doc, case, "keys")?;
            Ok(serde_json::to_value(v.verify_archive(lines_text(case, "archive_lines").as_bytes()))
                .expect("serializable"))
        }
        "export" => {
            let signer = key(doc, case["key"].as_str().expect("key"));
            let text = export_records(
                log_text(case).as_bytes(),
                case["provider_code"].as_str(),
                &verifier(doc, case, "keys")?,
                &signer,
            )?;
            Ok(json!({"lines": split_lines(&text)}))
        }
        "verify_export" => {
            let mut ev = verifier(doc, case, "export_keys")?;
            ev.require_signatures(true);
            let v = verify_export(
                lines_text(case, "export_lines").as_bytes(),
                log_text(case).as_bytes(),
                case["provider_code"].as_str(),
                &ev,
                &verifier(doc, case, "keys")?,
            );
            Ok(serde_json::to_value(v).expect("serializable"))
        }
        "report" => Ok(serde_json::to_value(usage_report(
            log_text(case).as_bytes(),
            case["now"].as_str().expect("now"),
        )?)
        .expect("serializable")),
        "receipt" => {
            let req: DestructionRequest = serde_json::from_value(case["request"].clone()).expect("request");
            let r = destruction_receipt(
                &req,
                case["log_head"].as_str().expect("log_head"),
                &key(doc, case["key"].as_str().expect("key")),
            )?;
            Ok(serde_json::to_value(r).expect("serializable"))
        }
        "receipt_verify" => {
            let public = key(doc, case["key"].as_str().expect("key")).public_key()?;
            let r = verify_destruction_receipt(case["receipt"].to_string().as_bytes(), &public)?;
            Ok(serde_json::to_value(r).expect("serializable"))
        }
        other => panic!("unknown op {other}"),
    }
}

/// `expect` lists members that must be equal; problems compare code, line, seq.
fn matches(actual: &Value, expect: &Value) -> bool {
    match (actual, expect) {
        (Value::Object(a), Value::Object(e)) => {
            e.iter().all(|(k, ev)| a.get(k).is_some_and(|av| matches(av, ev)))
        }
        (Value::Array(a), Value::Array(e)) => {
            a.len() == e.len() && a.iter().zip(e).all(|(x, y)| matches(x, y))
        }
        (Value::Number(a), Value::Number(e)) => a.as_f64() == e.as_f64(),
        _ => actual == expect,
    }
}

#[test]
fn audit_vectors() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors/audit");
    let mut failures = vec![];
    // Every vector file of the folder (a glob; the manifest test checks it).
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    for path in files {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("JSON");
        let Some(cases) = doc["cases"].as_array() else { continue };
        for case in cases {
            let name = case["name"].as_str().expect("name");
            match (run(&doc, case), case.get("expect_error")) {
                (Ok(v), None) if matches(&v, &case["expect"]) => {}
                (Err(e), Some(code)) if code == e.code() => {}
                (got, _) => failures.push(format!("{name}: got {got:?}")),
            }
        }
    }
    assert!(failures.is_empty(), "{} failing:\n{}", failures.len(), failures.join("\n"));
}
