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

/// Entries from 2022 and 2026, for archiving (Art. 29: at least 3 years).
const OLD_EVENTS: &str = r#"{"time":"2022-05-01T09:00:00+08:00","action":"submit","actor":"11330000MB0000000X","application_id":"C1","resources":["101001/00001"],"provider_code":"11100000028321009J","status":"submitted","due":"2022-05-16"}
{"time":"2022-05-05T09:00:00+08:00","action":"decide","actor":"11100000028321009J","application_id":"C1","provider_code":"11100000028321009J","status":"agreed"}
{"time":"2026-03-02T09:00:00+08:00","action":"fetch","actor":"11330000MB0000000X","application_id":"C2","provider_code":"11330000002482448C"}
"#;

#[test]
fn archive_and_export_for_inspection() {
    let dir = scratch("records");
    let (private, public) = keys(&dir);
    let log = dir.join("audit.jsonl");
    let out = run(&["audit", "append", p(&log), "--key", &private], OLD_EVENTS);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let full = std::fs::read(&log).expect("read");
    let now = "2026-12-04T10:00:00+08:00";

    // An entry younger than 3 years stays: refused, nothing written.
    let arch = dir.join("2022.archive");
    let out = run(
        &[
            "audit",
            "archive",
            p(&log),
            "--before",
            "2026-06-01",
            "--out",
            p(&arch),
            "--now",
            now,
            "--log-key",
            &public,
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("retention_not_ended"), "{}", text(&out.stderr));
    assert!(!arch.exists());
    assert_eq!(std::fs::read(&log).expect("read"), full);
    let out = run(
        &[
            "audit",
            "archive",
            p(&log),
            "--before",
            "2023-01-01",
            "--out",
            p(&arch),
            "--now",
            now,
            "--retention-years",
            "2",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(2));

    // The 2022 entries move to a signed archive; the log continues after it.
    let out = run(
        &[
            "audit",
            "archive",
            p(&log),
            "--before",
            "2023-01-01",
            "--out",
            p(&arch),
            "--now",
            now,
            "--log-key",
            &public,
            "--key",
            &private,
            "--json",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let header: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!((header["first_seq"].as_u64(), header["last_seq"].as_u64()), (Some(0), Some(1)));
    assert_eq!(text(&std::fs::read(&log).expect("read")).lines().count(), 1);
    let out = run(&["audit", "verify-archive", p(&arch), "--key", &public, "--require-signatures"], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    let out = run(&["audit", "verify", p(&log), "--key", &public, "--archive", p(&arch)], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    // Without the archive the live log looks cut at its start.
    let out = run(&["audit", "verify", p(&log), "--key", &public], "");
    assert_eq!(out.status.code(), Some(1));
    // A changed archive fails, and so does the log anchored on it.
    let bad_arch = dir.join("bad.archive");
    std::fs::write(
        &bad_arch,
        text(&std::fs::read(&arch).expect("read")).replacen("\"agreed\"", "\"refused\"", 1),
    )
    .expect("write");
    let out = run(&["audit", "verify-archive", p(&bad_arch), "--key", &public], "");
    assert_eq!(out.status.code(), Some(1));
    let out = run(&["audit", "verify", p(&log), "--key", &public, "--archive", p(&bad_arch)], "");
    assert_eq!(out.status.code(), Some(2));

    // Export one provider's own entries for inspection, checked against the log.
    let (exp_private, exp_public) = {
        let out = run(&["key", "generate", "--alg", "ed25519", "--out", p(&dir.join("exporter"))], "");
        assert_eq!(out.status.code(), Some(0));
        (p(&dir.join("exporter.key.pem")).to_owned(), p(&dir.join("exporter.pub.pem")).to_owned())
    };
    let full_log = dir.join("full.jsonl");
    std::fs::write(&full_log, &full).expect("write");
    let export = dir.join("p1.export");
    let out = run(
        &[
            "audit",
            "export",
            p(&full_log),
            "--provider",
            "11100000028321009J",
            "--key",
            &exp_private,
            "--out",
            p(&export),
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&std::fs::read(&export).expect("read")).lines().count(), 2);
    let check = |exp: &Path, provider: &str| {
        run(
            &[
                "audit",
                "verify-export",
                p(exp),
                "--log",
                p(&full_log),
                "--provider",
                provider,
                "--key",
                &exp_public,
                "--log-key",
                &public,
                "--json",
            ],
            "",
        )
    };
    assert_eq!(check(&export, "11100000028321009J").status.code(), Some(0));
    // Claimed as another provider's export: out of scope and incomplete.
    let out = check(&export, "11330000002482448C");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains("export_out_of_scope") && text(&out.stdout).contains("export_incomplete")
    );
    // One exported entry dropped: incomplete.
    let first = text(&std::fs::read(&export).expect("read")).lines().next().expect("a line").to_owned();
    let short = dir.join("short.export");
    std::fs::write(&short, format!("{first}\n")).expect("write");
    let out = check(&short, "11100000028321009J");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("export_incomplete"));
}
