//! Runs every case of tests/vectors/jcs/*.json against the core API.

use govshare_core::digest::canonical_digests;
use govshare_core::encoding::base64_decode;
use govshare_core::jcs::{canonicalize_with, JcsLimits};
use serde_json::Value;

mod common;

fn load(name: &str) -> Value {
    let path = format!("{}/../tests/vectors/jcs/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn input_bytes(case: &Value) -> Vec<u8> {
    if let Some(s) = case["input"].as_str() {
        s.as_bytes().to_vec()
    } else {
        base64_decode(case["input_base64"].as_str().expect("input or input_base64")).expect("base64")
    }
}

fn run_file(name: &str) -> usize {
    let doc = load(name);
    let cases = doc["cases"].as_array().expect("cases");
    for case in cases {
        let case_name = case["name"].as_str().expect("name");
        let input = input_bytes(case);
        let result: Result<Value, govshare_core::Error> = match case["op"].as_str() {
            Some("canonicalize") => {
                let limits = match case.get("limits") {
                    Some(l) => serde_json::from_value(l.clone()).expect("limits"),
                    None => JcsLimits::default(),
                };
                canonicalize_with(&input, &limits)
                    .map(|b| Value::String(String::from_utf8(b).expect("canonical output is UTF-8")))
            }
            Some("canonical_digests") => {
                canonical_digests(&input).map(|d| serde_json::to_value(d).expect("serializes"))
            }
            other => panic!("{case_name}: unknown op {other:?}"),
        };
        match (case.get("expect"), case.get("expect_error"), result) {
            (Some(want), None, Ok(got)) => assert_eq!(&got, want, "{name} / {case_name}"),
            (None, Some(code), Err(e)) => assert_eq!(e.code(), code, "{name} / {case_name}: {e}"),
            (_, _, r) => panic!("{name} / {case_name}: unexpected result {r:?}"),
        }
    }
    cases.len()
}

#[test]
fn official_reference_data() {
    assert_eq!(run_file("official.json"), 6);
}

#[test]
fn es6_number_samples() {
    assert!(run_file("numbers.json") > 500);
}

#[test]
fn strict_cases() {
    assert!(run_file("strict.json") > 30);
}

/// Regenerates the first lines of the es6testfile sequence with our number
/// formatter and compares the file's SHA-256 with the published one.
#[test]
fn es6_sequence_matches_published_checksum() {
    use sha2::{Digest, Sha256};
    let doc = load("numbers.json");
    let statics: Vec<u64> = doc["sequence_statics"]
        .as_array()
        .expect("statics")
        .iter()
        .map(|h| u64::from_str_radix(h.as_str().expect("hex"), 16).expect("hex"))
        .collect();
    let sums = doc["published_sha256"].as_object().expect("sums");
    assert_eq!(sums.len(), 2);
    for (lines, published) in sums {
        let lines: usize = lines.parse().expect("count");
        let mut file = Sha256::new();
        let mut block = [0u8; 32];
        let mut queue: Vec<f64> = Vec::new();
        for i in 0..lines {
            let f = if i < statics.len() {
                f64::from_bits(statics[i])
            } else if i < statics.len() + 2000 {
                f64::from_bits(0x0010_0000_0000_0000 + (i - statics.len()) as u64)
            } else {
                let mut f: f64 = 0.0;
                while f == 0.0 || !f.is_finite() {
                    if queue.is_empty() {
                        block = Sha256::digest(block).into();
                        // Four little-endian doubles, taken first to last.
                        queue = block
                            .chunks(8)
                            .rev()
                            .map(|c| f64::from_le_bytes(c.try_into().expect("8 bytes")))
                            .collect();
                    }
                    f = queue.pop().expect("non-empty");
                }
                f
            };
            let line = format!("{:x},{}\n", f.to_bits(), govshare_core::jcs::es_number_string(f));
            file.update(line.as_bytes());
        }
        let got: String = file.finalize().iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(&got, published.as_str().expect("hex"), "first {lines} lines");
    }
}

/// Every vector file of the folder runs (see `common::run_every_file`).
#[test]
fn every_file_of_the_folder() {
    assert!(common::run_every_file("jcs", run_file) > 0);
}
