//! Runs tests/vectors/sample/*.json against the Rust API.

use govshare_core::catalog::sample::{
    default_sample, injected_findings, province_sample, sample_json, SampleOptions,
};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

fn digest(text: &str) -> Value {
    let doc: Value = serde_json::from_str(text).expect("generated text is JSON");
    let hash: String = Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    json!({
        "sha256": hash,
        "bytes": text.len(),
        "resources": doc["resources"].as_array().map_or(0, Vec::len),
    })
}

fn options(case: &Value) -> SampleOptions {
    serde_json::from_value(case.get("options").cloned().unwrap_or(json!({}))).expect("options")
}

#[test]
fn sample_vectors() {
    let dir = format!("{}/../tests/vectors/sample", env!("CARGO_MANIFEST_DIR"));
    let mut ran = 0;
    for entry in std::fs::read_dir(&dir).expect("vector dir") {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let file: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for case in file["cases"].as_array().expect("cases") {
            let name = case["name"].as_str().unwrap_or("?");
            let got: Result<Value, String> = match case["op"].as_str() {
                Some("sample_json") => {
                    sample_json(&options(case)).map(|t| digest(&t)).map_err(|e| e.code().into())
                }
                Some("default_sample") => Ok(digest(&default_sample())),
                Some("province_sample") => Ok(digest(&province_sample())),
                Some("injected_findings") => Ok(Value::Array(
                    injected_findings(&options(case))
                        .into_iter()
                        .map(|f| json!({ "resource_index": f.resource_index, "code": f.code }))
                        .collect(),
                )),
                other => panic!("{name}: unknown op {other:?}"),
            };
            match (case.get("expect"), case.get("expect_error")) {
                (Some(want), None) => assert_eq!(got.as_ref().ok(), Some(want), "{name}"),
                (None, Some(code)) => assert_eq!(got.err().as_deref(), code.as_str(), "{name}"),
                _ => panic!("{name}: needs expect or expect_error"),
            }
            ran += 1;
        }
    }
    assert!(ran >= 10, "ran {ran} cases");
}
