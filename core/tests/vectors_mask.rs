//! Runs every case of `tests/vectors/mask/*.json` (schema: that folder's README).

use std::path::PathBuf;

use govshare_core::mask::{
    apply_bytes, check_deid, detect_identifiers, rule_at_least_as_strict, scan_bytes, verify_bytes,
    DataFormat, DeidOptions, FieldRule, MaskManifest, MaskPolicy, StreamOptions,
};
use govshare_core::Error;
use serde_json::{json, Value};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors/mask")
}

/// `expected` is a subset of `actual`: objects may have more keys, arrays
/// must have the same length, scalars are equal.
fn subset(expected: &Value, actual: &Value, path: &str) -> Result<(), String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, v) in e {
                let av = a.get(k).ok_or_else(|| format!("{path}.{k}: missing in actual"))?;
                subset(v, av, &format!("{path}.{k}"))?;
            }
            Ok(())
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                return Err(format!("{path}: expected {} elements, got {}: {}", e.len(), a.len(), actual));
            }
            for (i, (x, y)) in e.iter().zip(a).enumerate() {
                subset(x, y, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        (e, a) if e == a => Ok(()),
        // Fractions (deid's entropy-ℓ) agree to 1e-9; integers exactly.
        (Value::Number(e), Value::Number(a))
            if (e.is_f64() || a.is_f64())
                && (e.as_f64().unwrap_or(f64::NAN) - a.as_f64().unwrap_or(f64::NAN)).abs() <= 1e-9 =>
        {
            Ok(())
        }
        (e, a) => Err(format!("{path}: expected {e}, got {a}")),
    }
}

fn text_of(case: &Value, key: &str) -> Option<String> {
    match case.get(key)? {
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn options(case: &Value) -> StreamOptions {
    case.get("options").map(|o| serde_json::from_value(o.clone()).expect("options")).unwrap_or_default()
}

fn policy(case: &Value) -> Result<MaskPolicy, Error> {
    MaskPolicy::from_json(&text_of(case, "policy").expect("policy"))
}

fn format(case: &Value) -> Result<DataFormat, Error> {
    DataFormat::parse(case.get("format").and_then(Value::as_str).unwrap_or("json_array"))
}

fn data(case: &Value) -> Vec<u8> {
    // A workbook (sheets.json) is given as base64.
    if let Some(b64) = case.get("data_b64").and_then(Value::as_str) {
        return govshare_core::encoding::base64_decode(b64).expect("data_b64");
    }
    match case.get("data") {
        Some(Value::String(s)) => s.clone().into_bytes(),
        Some(v) => v.to_string().into_bytes(),
        None => Vec::new(),
    }
}

fn run(case: &Value) -> Result<Value, Error> {
    let op = case["op"].as_str().expect("op");
    Ok(match op {
        "detect" => {
            // `match` is the detected substring, from the byte offsets.
            let text = case["text"].as_str().expect("text");
            let mut v = serde_json::to_value(detect_identifiers(text)).unwrap();
            for d in v.as_array_mut().unwrap() {
                let (s, e) = (d["start"].as_u64().unwrap() as usize, d["end"].as_u64().unwrap() as usize);
                d["match"] = json!(&text[s..e]);
            }
            v
        }
        "scan" => serde_json::to_value(scan_bytes(format(case)?, &data(case), &options(case))?).unwrap(),
        "apply" => {
            let p = policy(case)?;
            let key = case.get("hash_key").and_then(Value::as_str).map(str::as_bytes);
            let f = apply_bytes(&p, format(case)?, &data(case), key, &options(case))?;
            json!({"output": String::from_utf8(f.output).expect("utf8 output"), "report": f.report})
        }
        "verify" => {
            let p = policy(case)?;
            let m = match text_of(case, "manifest") {
                Some(t) => Some(MaskManifest::from_json(&t)?),
                None => None,
            };
            serde_json::to_value(verify_bytes(&p, m.as_ref(), format(case)?, &data(case), &options(case))?)
                .unwrap()
        }
        "parse_policy" => {
            let p = policy(case)?;
            json!({"policy": serde_json::from_str::<Value>(&p.to_json()).unwrap()})
        }
        "manifest" => {
            let p = policy(case)?;
            json!({"canonical": String::from_utf8(p.manifest().to_canonical_json()).unwrap()})
        }
        "parse_manifest" => {
            let m = MaskManifest::from_json(&text_of(case, "manifest").expect("manifest"))?;
            json!({"canonical": String::from_utf8(m.to_canonical_json()).unwrap()})
        }
        "strictness" => {
            let a: FieldRule = serde_json::from_value(case["a"].clone()).expect("a");
            let b: FieldRule = serde_json::from_value(case["b"].clone()).expect("b");
            json!({"at_least_as_strict": rule_at_least_as_strict(&a, &b)?})
        }
        "derive_policy" => {
            let res = text_of(case, "resources").expect("resources");
            let opts = text_of(case, "derive_options").unwrap_or_else(|| "{}".into());
            let p = MaskPolicy::derive_json(&res, &opts)?;
            json!({"policy": serde_json::from_str::<Value>(&p.to_json()).unwrap()})
        }
        "deid_options" => serde_json::to_value(policy(case)?.deid_options()?).unwrap(),
        "deid" => {
            let options: DeidOptions =
                serde_json::from_value(case["options"].clone()).unwrap_or_else(|e| panic!("options: {e}"));
            serde_json::to_value(check_deid(format(case)?, &data(case), &options)?).unwrap()
        }
        other => panic!("unknown op {other}"),
    })
}

#[test]
fn mask_vectors() {
    let mut files: Vec<_> = std::fs::read_dir(dir())
        .expect("vectors dir")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let mut n = 0;
    let mut failures = Vec::new();
    for f in files {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
        for case in doc["cases"].as_array().expect("cases") {
            n += 1;
            let name =
                format!("{}: {}", f.file_name().unwrap().to_string_lossy(), case["name"].as_str().unwrap());
            match (run(case), case.get("expect"), case.get("expect_error")) {
                (Ok(v), Some(e), None) => {
                    if let Err(msg) = subset(e, &v, "$") {
                        failures.push(format!("{name}: {msg}\n  actual: {v}"));
                    }
                }
                (Err(err), None, Some(code)) => {
                    if code.as_str() != Some(err.code()) {
                        failures.push(format!("{name}: expected error {code}, got {} ({err})", err.code()));
                    }
                }
                (Ok(v), None, Some(code)) => failures.push(format!("{name}: expected error {code}, got {v}")),
                (Err(err), Some(_), None) => {
                    failures.push(format!("{name}: unexpected error {} ({err})", err.code()))
                }
                _ => failures.push(format!("{name}: case needs exactly one of expect / expect_error")),
            }
        }
    }
    assert!(failures.is_empty(), "{} of {n} cases failed:\n{}", failures.len(), failures.join("\n"));
    assert!(n >= 60, "only {n} cases");
}
