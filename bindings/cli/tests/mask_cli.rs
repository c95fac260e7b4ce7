//! `govshare mask apply | verify | scan` end to end through the built binary.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

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
    common::run_bytes(args, Some(stdin.unwrap_or_default().as_bytes()))
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

/// Reports never hide findings: `--findings-out` writes every one as NDJSON
/// while the report lists 1,000 and says it is truncated.
#[test]
fn findings_out_writes_every_finding() {
    let dir = scratch("findings-out");
    let data: String = (0..1500).map(|i| format!("{{\"n\": {i}, \"phone\": \"13812345678\"}}\n")).collect();
    let input = write(&dir, "data.ndjson", &data);
    let all = dir.join("all.ndjson");
    let o = govshare(
        &[
            "mask",
            "scan",
            &input,
            "--format",
            "ndjson",
            "--json",
            "--findings-out",
            all.to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(code(&o), 1, "{}", text(&o.stderr));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON report");
    assert_eq!(report["finding_count"], 1500);
    assert_eq!(report["findings_truncated"], true);
    assert_eq!(report["findings"].as_array().map(Vec::len), Some(1000));
    let lines = std::fs::read_to_string(&all).expect("findings file");
    assert_eq!(lines.lines().count(), 1500);
    assert!(!lines.contains("13812345678"), "excerpts stay redacted");
    let first: serde_json::Value =
        serde_json::from_str(lines.lines().next().expect("a line")).expect("JSON line");
    assert_eq!(first["kind"], "cn_mobile");
}

#[test]
fn disguised_identifiers_and_uncovered_fields_fail_verify() {
    let d = scratch("evasion");
    let policy = write(&d, "policy.json", POLICY);
    // Zero-width joiners and Arabic-Indic digits in a plain field, an
    // uncovered field, and an identifier as a key.
    let data = write(
        &d,
        "data.ndjson",
        "{\"name\": \"张*\", \"remark\": \"电话1\u{200d}38 ١٢٣٤ 5678\", \"nickname\": \"小明\", \"13912345678\": 1}\n",
    );
    let o = govshare(&["mask", "verify", "--policy", &policy, "--json", &data], None);
    assert_eq!(code(&o), 1, "{}", text(&o.stderr));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut reasons: Vec<&str> =
        report["violations"].as_array().unwrap().iter().filter_map(|v| v["reason"].as_str()).collect();
    reasons.sort_unstable();
    assert_eq!(
        reasons,
        ["field_not_covered", "field_not_covered", "identifier_in_field_name", "identifier_leak"],
        "{report}"
    );
    assert!(!text(&o.stdout).contains("13912345678"));

    let o = govshare(&["mask", "scan", "--format", "csv"], Some("name,13812345678\n"));
    assert_eq!(code(&o), 1);
    assert!(text(&o.stdout).contains("field name 1*********8: cn_mobile"), "{}", text(&o.stdout));
}

/// The format is core's to tell (`DataFormat::detect`): by extension, else by
/// the first byte; when they disagree or there is nothing to tell from, the
/// operator names it (exit 2), never a guess that verifies nothing.
#[test]
fn the_format_is_told_by_core_or_named() {
    let d = scratch("format");
    let policy = write(&d, "policy.json", POLICY);
    // By content, on stdin.
    let o = govshare(&["mask", "scan", "--json"], Some(NDJSON));
    assert_eq!(code(&o), 1, "{}", text(&o.stderr));
    // By extension.
    let csv = write(&d, "data.CSV", CSV);
    let o = govshare(&["mask", "scan", &csv], None);
    assert_eq!(code(&o), 1, "{}", text(&o.stderr));
    // A .csv file holding JSON would read as a header and no records: refused.
    let json_in_csv = write(&d, "data.csv", "[{\"phone\": \"13812345678\"}]\n");
    let o = govshare(&["mask", "verify", "--policy", &policy, "--json", &json_in_csv], None);
    assert_eq!(code(&o), 2, "{}", text(&o.stdout));
    let err: serde_json::Value = serde_json::from_slice(&o.stderr).unwrap();
    assert_eq!(err["error"]["code"], "invalid_argument", "{err}");
    assert!(!text(&o.stderr).contains("13812345678"), "no value in the error");
    // Named, it is read as named.
    let o = govshare(&["mask", "verify", "--policy", &policy, "--format", "json", &json_in_csv], None);
    assert_ne!(code(&o), 2, "{}", text(&o.stderr));
    // Empty stdin: nothing to tell the format from.
    let o = govshare(&["mask", "verify", "--policy", &policy], Some(""));
    assert_eq!(code(&o), 2, "{}", text(&o.stdout));
    let o = govshare(&["mask", "scan", "--format", "ndjson"], Some(""));
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
}

#[test]
fn verify_of_no_records_fails_even_when_a_json_array_is_read_as_csv() {
    let d = scratch("no-records");
    let policy = write(&d, "policy.json", POLICY);
    // A one-line JSON array named CSV is one header row: its unmasked name
    // was never verified, so the verdict must not be PASSED.
    let array = write(&d, "array.csv", "[{\"name\": \"张三\", \"idNumber\": \"110105********002X\"}]");
    let header = write(&d, "header.csv", "name,idNumber\n");
    for file in [&array, &header] {
        let o = govshare(&["mask", "verify", "--policy", &policy, "--format", "csv", file], None);
        assert_eq!(code(&o), 1, "{file}: {}", text(&o.stdout));
        let out = text(&o.stdout);
        assert!(out.starts_with("FAILED: 0 records"), "{out}");
        assert!(out.contains("warning: no_records\n"), "{out}");
        assert!(!out.contains("张三"), "no value in the report: {out}");
    }
}
