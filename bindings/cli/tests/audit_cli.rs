//! `govshare audit …` through the binary: append signed entries, verify,
//! detect tampering (exit 1), report, receipts, and input errors (exit 2).

mod common;

use common::{run, text};
use std::path::{Path, PathBuf};

fn scratch(name: &str) -> PathBuf {
    common::scratch("audit-cli", name)
}

fn p(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

const EVENTS: &str = r#"{"time":"2026-03-02T09:00:00+08:00","action":"submit","actor":"11330000MB0000000X","application_id":"A1","resources":["101001/00001"],"provider_code":"11100000028321009J","status":"queued","due":"2026-03-11"}
{"time":"2026-03-04T09:00:00+08:00","action":"decide","actor":"11100000028321009J","application_id":"A1","status":"granted"}
{"time":"2026-03-10T09:00:00+08:00","action":"submit","actor":"11330000MB0000000X","application_id":"A2","resources":["101001/00002"],"provider_code":"11100000028321009J","status":"queued","due":"2026-03-19"}
"#;

fn keys(dir: &Path) -> (String, String) {
    let out = run(&["key", "generate", "--alg", "ed25519", "--out", p(&dir.join("dept"))], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    (p(&dir.join("dept.key.pem")).to_owned(), p(&dir.join("dept.pub.pem")).to_owned())
}

#[test]
fn append_verify_tamper_report() {
    let dir = scratch("flow");
    let (private, public) = keys(&dir);
    let log = dir.join("audit.jsonl");

    let out = run(&["audit", "append", p(&log), "--key", &private, "--json"], EVENTS);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(j["appended"], 3);
    let head = j["head"].as_str().expect("head").to_owned();

    let out = run(&["audit", "verify", p(&log), "--key", &public, "--require-signatures", "--json"], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        (v["valid"].as_bool(), v["signed"].as_u64(), v["head"].as_str()),
        (Some(true), Some(3), Some(&*head))
    );

    // A refused event (an ID number) leaves the log as it was.
    let before = std::fs::read(&log).expect("read");
    let bad = r#"{"time":"2026-03-05T09:00:00+08:00","action":"build","actor":"申请人 11010519491231002X"}"#;
    let out = run(&["audit", "append", p(&log), "--event", bad, "--json"], "");
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("audit_personal_value") && !err.contains("11010519491231002X"), "{err}");
    assert_eq!(std::fs::read(&log).expect("read"), before);

    // Report at 03-20: A1 answered on time, A2 pending and overdue.
    let out = run(&["audit", "report", p(&log), "--now", "2026-03-20T12:00:00+08:00", "--json"], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(r["total"]["applications"], 2);
    assert_eq!(r["total"]["answered_on_time"], 1);
    assert_eq!(r["total"]["overdue"], 1);
    let out = run(&["audit", "report", p(&log), "--now", "2026-03-20T12:00:00+08:00"], "");
    assert!(text(&out.stdout).contains("101001/00002"));

    // Tamper: change the first entry's status in place, keep its hash.
    let tampered = text(&before).replacen("\"queued\"", "\"granted\"", 1);
    let bad_log = dir.join("tampered.jsonl");
    std::fs::write(&bad_log, tampered).expect("write");
    let out = run(&["audit", "verify", p(&bad_log), "--key", &public], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("[entry_changed]"), "{}", text(&out.stdout));
    let out = run(&["audit", "report", p(&bad_log), "--now", "2026-03-20T12:00:00+08:00"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("audit_chain_broken"));

    // Truncation is found against a kept head; stdin works as the log.
    let lines: Vec<&str> = std::str::from_utf8(&before).expect("utf-8").lines().collect();
    let cut = format!("{}\n{}\n", lines[0], lines[1]);
    let out = run(&["audit", "verify", "-", "--expect-head", &head, "--json"], &cut);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("log_truncated"));

    // An interrupted write (no final newline) is refused before appending.
    let torn = dir.join("torn.jsonl");
    std::fs::write(&torn, &cut[..cut.len() - 5]).expect("write");
    let out = run(&["audit", "append", p(&torn), "--event", lines[0]], "");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn destruction_receipts() {
    let dir = scratch("receipt");
    let (private, public) = keys(&dir);
    let log = dir.join("audit.jsonl");
    let out = run(&["audit", "append", p(&log)], EVENTS);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let digest = text(&run(&["audit", "digest", "-"], "the records").stdout).trim().to_owned();
    assert!(digest.starts_with("sha256:") && digest.len() == 71, "{digest}");
    let request = serde_json::json!({
        "application_id": "A1", "resources": ["101001/00001"], "data_digests": [digest],
        "retention_until": "2026-09-05", "destroyed_at": "2026-09-07T10:00:00+08:00",
        "method": "deleted", "actor": "11330000MB0000000X"
    })
    .to_string();
    let receipt = dir.join("receipt.json");
    let out =
        run(&["audit", "receipt", "-", "--log", p(&log), "--key", &private, "--out", p(&receipt)], &request);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = run(&["audit", "verify-receipt", p(&receipt), "--key", &public], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));

    let changed = std::fs::read_to_string(&receipt).expect("read").replace("\"deleted\"", "\"overwritten\"");
    let out = run(&["audit", "verify-receipt", "-", "--key", &public, "--json"], &changed);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("signature_invalid"));

    let early = request.replace("2026-09-07", "2026-09-05");
    let out = run(&["audit", "receipt", "-", "--log", p(&log), "--key", &private], &early);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("retention_not_ended"));
}
