//! `govshare mask apply | verify | scan` end to end through the built binary.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const POLICY: &str = r#"{"fields": {
  "name": {"rule": "keep", "first": 1, "last": 0},
  "idNumber": {"rule": "keep", "first": 6, "last": 4},
  "phone": {"rule": "keep", "first": 3, "last": 4},
  "remark": {"rule": "plain"}
}}"#;

const NDJSON: &str = concat!(
    "{\"name\": \"张三\", \"idNumber\": \"11010519491231002X\", \"phone\": \"13812345678\", \"remark\": \"无\"}\n",
    "{\"name\": \"欧阳娜娜\", \"idNumber\": \"440524188001010014\", \"phone\": \"13912345678\", \"remark\": \"电话13812345678\"}\n",
);

const CSV: &str = "name,idNumber,phone,remark\n张三,11010519491231002X,13812345678,无\n李四,440524188001010014,13912345678,ok\n";

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("govshare-mask-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

fn govshare(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_govshare"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        let mut i = child.stdin.take().unwrap();
        if let Some(s) = stdin {
            if let Err(e) = i.write_all(s.as_bytes()) {
                // A command refusing its arguments may exit before reading stdin.
                assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "write stdin: {e}");
            }
        }
    }
    child.wait_with_output().unwrap()
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn apply_then_verify_passes_ndjson() {
    let d = scratch("ndjson");
    let policy = write(&d, "policy.json", POLICY);
    let data = write(&d, "raw.ndjson", NDJSON);
    let masked = d.join("masked.ndjson").to_string_lossy().into_owned();
    let manifest = d.join("manifest.json").to_string_lossy().into_owned();
    let o = govshare(
        &["mask", "apply", "--policy", &policy, "--manifest-out", &manifest, "--out", &masked, &data],
        None,
    );
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let out = std::fs::read_to_string(&masked).unwrap();
    assert!(
        out.contains("\"张*\"") && out.contains("110105********002X") && out.contains("138****5678"),
        "{out}"
    );
    assert!(
        !out.contains("13812345678") && !out.contains("11010519491231002X"),
        "raw value in output: {out}"
    );
    let m = std::fs::read_to_string(&manifest).unwrap();
    assert!(m.starts_with("{\"fields\":") || m.contains("\"manifest_version\":1"), "{m}");

    let o = govshare(&["mask", "verify", "--policy", &policy, "--manifest", &manifest, &masked], None);
    assert_eq!(code(&o), 0, "{}{}", text(&o.stdout), text(&o.stderr));
    let s = text(&o.stdout);
    assert!(s.starts_with("PASSED") && s.contains("idNumber"), "{s}");
}

#[test]
fn raw_data_fails_verify_with_identifier_leak() {
    let d = scratch("raw");
    let policy = write(&d, "policy.json", POLICY);
    let data = write(&d, "raw.ndjson", NDJSON);
    let o = govshare(&["mask", "verify", "--policy", &policy, "--json", &data], None);
    assert_eq!(code(&o), 1, "{}", text(&o.stderr));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["passed"], false);
    let reasons: Vec<&str> =
        report["violations"].as_array().unwrap().iter().filter_map(|v| v["reason"].as_str()).collect();
    assert!(reasons.contains(&"identifier_leak"), "{report}");
    // The report never carries a raw value.
    let s = text(&o.stdout);
    assert!(!s.contains("13812345678") && !s.contains("11010519491231002X"), "{s}");

    let o = govshare(&["mask", "verify", "--policy", &policy, &data], None);
    assert_eq!(code(&o), 1);
    let s = text(&o.stdout);
    assert!(s.starts_with("FAILED") && s.contains("identifier_leak"), "{s}");
}

#[test]
fn csv_through_stdin() {
    let d = scratch("csv");
    let policy = write(&d, "policy.json", POLICY);
    let o = govshare(&["mask", "apply", "--policy", &policy, "--format", "csv", "-"], Some(CSV));
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let masked = text(&o.stdout);
    assert!(
        masked.starts_with("name,idNumber,phone,remark\n张*,110105********002X,138****5678,无\n"),
        "{masked}"
    );
    // The summary goes to stderr, the data alone to stdout.
    assert!(text(&o.stderr).contains("masked 2 records"), "{}", text(&o.stderr));

    let o = govshare(&["mask", "verify", "--policy", &policy, "--format", "csv"], Some(&masked));
    assert_eq!(code(&o), 0, "{}", text(&o.stdout));
    let o = govshare(&["mask", "verify", "--policy", &policy, "--format", "csv", "-"], Some(CSV));
    assert_eq!(code(&o), 1, "{}", text(&o.stdout));
}

#[test]
fn scan_finds_identifiers() {
    let o = govshare(&["mask", "scan", "--format", "ndjson", "--json"], Some(NDJSON));
    assert_eq!(code(&o), 1, "{}", text(&o.stderr));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(report["finding_count"].as_u64().unwrap() >= 5, "{report}");
    assert!(!text(&o.stdout).contains("13812345678"));

    let o = govshare(&["mask", "scan", "--format", "csv"], Some("a,b\nhello,world\n"));
    assert_eq!(code(&o), 0, "{}", text(&o.stdout));
    // Format guessed from the first byte.
    let o = govshare(&["mask", "scan"], Some(NDJSON));
    assert_eq!(code(&o), 1);
}

#[test]
fn hash_key_file_keys_hash_rules_and_is_never_echoed() {
    let d = scratch("hash");
    let policy = write(&d, "policy.json", r#"{"fields": {"idNumber": {"rule": "hash", "alg": "sha256"}}}"#);
    let key = write(&d, "key.bin", "k3y-s3cret");
    let o = govshare(
        &["mask", "apply", "--policy", &policy, "--hash-key-file", &key, "--format", "ndjson", "--json"],
        Some("{\"idNumber\": \"11010519491231002X\"}\n"),
    );
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(!out.contains("11010519491231002X"), "{out}");
    assert!(!out.contains("k3y-s3cret") && !text(&o.stderr).contains("k3y-s3cret"));
}

#[test]
fn bad_policy_and_bad_input_exit_2() {
    let d = scratch("bad");
    let bad = write(&d, "bad.json", r#"{"fields": {"x": {"rule": "keep", "value": "no"}}}"#);
    let o = govshare(&["mask", "verify", "--policy", &bad, "--format", "ndjson"], Some(NDJSON));
    assert_eq!(code(&o), 2, "{}", text(&o.stderr));
    let o = govshare(&["mask", "apply", "--policy", &bad, "--json", "--format", "ndjson"], Some(NDJSON));
    assert_eq!(code(&o), 2);
    let err: serde_json::Value = serde_json::from_slice(&o.stderr).unwrap();
    assert!(err["error"]["code"].is_string(), "{err}");

    let policy = write(&d, "policy.json", POLICY);
    let o = govshare(&["mask", "verify", "--policy", &policy, "--format", "xml"], Some(NDJSON));
    assert_eq!(code(&o), 2);
    let o = govshare(&["mask", "verify", "--policy", &policy, "--format", "json"], Some("[{\"name\": "));
    assert_eq!(code(&o), 2, "{}", text(&o.stdout));
    let o = govshare(&["mask", "verify", "--policy", "/nonexistent/p.json"], Some(NDJSON));
    assert_eq!(code(&o), 2);
    let o = govshare(&["mask", "verify"], Some(NDJSON));
    assert_eq!(code(&o), 2, "missing --policy is a usage error");
}
