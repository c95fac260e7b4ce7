//! `govshare envelope seal|open` and `govshare store put|get|verify|repair|
//! dispose` through the binary (issue #13): exit codes 0 / 1 / 2, nothing
//! written on a failed verdict, disposal only by the grant's method.

mod common;

use common::{run_bytes, text};
use std::path::{Path, PathBuf};

const DIGEST: &str = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

fn keys(dir: &Path, prefix: &str) -> (String, String) {
    let out = run_bytes(
        &["key", "generate", "--alg", "sm2-sm3", "--out", dir.join(prefix).to_str().expect("utf-8")],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let p = |s: &str| dir.join(format!("{prefix}.{s}.pem")).to_str().expect("utf-8").to_owned();
    (p("key"), p("pub"))
}

fn path(dir: &Path, name: &str) -> String {
    dir.join(name).to_str().expect("utf-8").to_owned()
}

fn scratch(name: &str) -> PathBuf {
    common::scratch("envelope-store-cli", name)
}

#[test]
fn envelope_seal_open_and_refusals() {
    let dir = scratch("envelope");
    let (dept_key, dept_pub) = keys(&dir, "dept");
    let (other_key, _) = keys(&dir, "other");
    let seal = [
        "envelope",
        "seal",
        "--to",
        &dept_pub,
        "--sender",
        "P",
        "--recipient",
        "D",
        "--about",
        "grant-1",
        "--created",
        "1764900000",
    ];
    let sealed = run_bytes(&seal, Some(b"rows"));
    assert_eq!(sealed.status.code(), Some(0), "{}", text(&sealed.stderr));
    let envelope = sealed.stdout;
    let open = |key: &str, extra: &[&str], input: &[u8]| {
        let mut args = vec!["envelope", "open", "--key", key];
        args.extend_from_slice(extra);
        run_bytes(&args, Some(input))
    };
    let ok = open(&dept_key, &["--expect-sender", "P", "--expect-about", "grant-1"], &envelope);
    assert_eq!(
        (ok.status.code(), ok.stdout.as_slice()),
        (Some(0), b"rows".as_slice()),
        "{}",
        text(&ok.stderr)
    );
    for (key, extra, code) in [
        (other_key.as_str(), &[][..], "envelope_wrong_recipient"),
        (dept_key.as_str(), &["--expect-about", "grant-2"][..], "envelope_context_mismatch"),
    ] {
        let out = open(key, extra, &envelope);
        assert_eq!(out.status.code(), Some(1), "{code}");
        assert!(out.stdout.is_empty(), "nothing written on {code}");
        assert!(text(&out.stderr).contains(code), "{}", text(&out.stderr));
    }
    let altered = text(&envelope).replace("\"about\":\"grant-1\"", "\"about\":\"grant-2\"");
    let out = open(&dept_key, &[], altered.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("tag_mismatch"));
    let out = open(&dept_key, &[], b"{}");
    assert_eq!(out.status.code(), Some(2));
    // --json reports what the envelope said of itself; the plaintext goes to --out.
    let out_file = path(&dir, "rows.out");
    let out = open(&dept_key, &["--out", &out_file, "--json"], &envelope);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let info: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(info["context"]["about"], "grant-1");
    assert_eq!(std::fs::read(&out_file).expect("out"), b"rows");
    // A KEK instead of SM2.
    let kek = path(&dir, "kek.hex");
    std::fs::write(&kek, "00112233445566778899aabbccddeeff\n").expect("kek");
    let sealed = run_bytes(
        &[
            "envelope",
            "seal",
            "--kek-file",
            &kek,
            "--kek-id",
            "kms/1",
            "--sender",
            "P",
            "--recipient",
            "D",
            "--about",
            "x",
        ],
        Some(b"k"),
    );
    assert_eq!(sealed.status.code(), Some(0), "{}", text(&sealed.stderr));
    let opened =
        run_bytes(&["envelope", "open", "--kek-file", &kek, "--kek-id", "kms/1"], Some(&sealed.stdout));
    assert_eq!(opened.stdout, b"k");
    let wrong =
        run_bytes(&["envelope", "open", "--kek-file", &kek, "--kek-id", "kms/2"], Some(&sealed.stdout));
    assert_eq!(wrong.status.code(), Some(1));
}

#[test]
fn store_put_get_verify_repair_dispose() {
    let dir = scratch("store");
    let (dept_key, dept_pub) = keys(&dir, "dept");
    let (_, provider_pub) = keys(&dir, "provider");
    let store = path(&dir, "received.gsstore");
    let put = |page: &str, extra: &[&str], data: &[u8]| {
        let mut args = vec!["store", "put", &store, "--page", page, "--manifest-digest", DIGEST];
        args.extend_from_slice(extra);
        run_bytes(&args, Some(data))
    };
    let created = put(
        "0",
        &["--key", &dept_pub, "--grant", "app-1", "--resource", "RES-1", "--created", "1764900000"],
        b"page zero",
    );
    assert_eq!(created.status.code(), Some(0), "{}", text(&created.stderr));
    let big: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    let second = put("1", &["--key", &dept_key], &big);
    assert_eq!(second.status.code(), Some(0), "{}", text(&second.stderr));
    let again = put("1", &["--key", &dept_key], b"x");
    assert_eq!(again.status.code(), Some(2), "a page is sealed once");
    let get = run_bytes(&["store", "get", &store, "--page", "1", "--key", &dept_key], None);
    assert_eq!((get.status.code(), get.stdout.len()), (Some(0), big.len()));
    assert_eq!(get.stdout, big);
    let verify = run_bytes(&["store", "verify", &store, "--json"], None);
    assert_eq!(verify.status.code(), Some(0), "{}", text(&verify.stderr));
    let summary: serde_json::Value = serde_json::from_slice(&verify.stdout).expect("json");
    assert_eq!(summary["intact"], true);
    assert_eq!(summary["summary"]["pages"][1]["chunks"], 4);

    // A torn last line: verify says so (exit 1), put refuses, repair cuts it, put works again.
    let bytes = std::fs::read(&store).expect("store");
    std::fs::write(&store, &bytes[..bytes.len() - 7]).expect("torn");
    assert_eq!(run_bytes(&["store", "verify", &store], None).status.code(), Some(1));
    assert_eq!(put("2", &["--key", &dept_key], b"y").status.code(), Some(1));
    let repaired = run_bytes(&["store", "repair", &store], None);
    assert_eq!(repaired.status.code(), Some(0), "{}", text(&repaired.stderr));
    let after = run_bytes(&["store", "verify", &store, "--json"], None);
    let summary: serde_json::Value = serde_json::from_slice(&after.stdout).expect("json");
    assert_eq!(summary["intact"], false, "page 1 lost its last chunk: unfinished, never readable");
    let get = run_bytes(&["store", "get", &store, "--page", "1", "--key", &dept_key], None);
    assert_eq!(get.status.code(), Some(2));
    assert!(get.stdout.is_empty());
    std::fs::write(&store, &bytes).expect("restore");
    // A changed byte is caught without a key.
    let mut changed = bytes.clone();
    let second_line = bytes.iter().position(|b| *b == b'\n').expect("lines") + 1;
    changed[second_line + 30] ^= 1;
    let tampered = path(&dir, "tampered.gsstore");
    std::fs::write(&tampered, &changed).expect("tampered");
    assert_eq!(run_bytes(&["store", "verify", &tampered], None).status.code(), Some(1));

    // Disposal: only by the grant's method; the receipt and the audit entry are written.
    let grant = path(&dir, "grant.json");
    std::fs::write(
        &grant,
        r#"{"application_id":"app-1","requester_credit_code":"11100000000000001B","resource_code":"RES-1","items":["name"],"valid_from":"2026-01-01","valid_until":"2026-12-31","state":"disposal_due","disposal_method":"return"}"#,
    )
    .expect("grant");
    let log = path(&dir, "audit.jsonl");
    std::fs::write(&log, "").expect("log");
    let receipt = path(&dir, "receipt.json");
    let dispose = |method: &str, extra: &[&str]| {
        let mut args = vec![
            "store",
            "dispose",
            &store,
            "--grant",
            &grant,
            "--method",
            method,
            "--actor",
            "11100000000000001B",
            "--key",
            &dept_key,
            "--signing-key",
            &dept_key,
            "--audit-log",
            &log,
            "--receipt-out",
            &receipt,
            "--at",
            "2027-01-05T10:00:00+08:00",
        ];
        args.extend_from_slice(extra);
        run_bytes(&args, None)
    };
    let refused = dispose("delete", &[]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(text(&refused.stderr).contains("disposal_method_mismatch"));
    assert_eq!(std::fs::read(&store).expect("store"), bytes, "a refused disposal changes nothing");
    assert!(!Path::new(&receipt).exists());
    let returned = dispose("return", &["--to", &provider_pub, "--json"]);
    assert_eq!(returned.status.code(), Some(0), "{}", text(&returned.stderr));
    let out: serde_json::Value = serde_json::from_slice(&returned.stdout).expect("json");
    assert_eq!(out["receipt"]["method"], "return");
    assert_eq!(out["summary"]["disposed"], "return");
    assert!(std::fs::read_to_string(&log).expect("log").contains("disposed_return"));
    assert!(std::fs::read_to_string(&receipt).expect("receipt").contains("\"store_digest\""));
    let get = run_bytes(&["store", "get", &store, "--page", "0", "--key", &dept_key], None);
    assert_eq!(get.status.code(), Some(1), "the department's key no longer opens the store");
}

#[test]
fn body_envelope_seal_and_open() {
    let dir = scratch("body");
    let (sender_key, sender_pub) = keys(&dir, "sender");
    let (_, other_pub) = keys(&dir, "other");
    let profile = path(&dir, "profile.json");
    std::fs::write(
        &profile,
        r#"{"mode":"cbc","iv_hex":"00112233445566778899aabbccddeeff","signed_content":"fields","signature_encoding":"raw","uppercase_hex":true,"version":"2.0.1"}"#,
    )
    .expect("profile");
    let sm4 = path(&dir, "sm4.key");
    std::fs::write(&sm4, "0123456789abcdeffedcba9876543210").expect("key");
    let common = ["--profile", profile.as_str(), "--sm4-key-file", sm4.as_str()];
    let mut seal = vec![
        "envelope",
        "body-seal",
        "--signing-key",
        &sender_key,
        "--app-code",
        "app-1",
        "--timestamp",
        "1764900000000",
    ];
    seal.extend_from_slice(&common);
    let body = run_bytes(&seal, Some(b"{\"q\":1}"));
    assert_eq!(body.status.code(), Some(0), "{}", text(&body.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&body.stdout).expect("json");
    assert_eq!((doc["encType"].as_str(), doc["signType"].as_str()), (Some("SM4"), Some("SM2")));
    let open = |key: &str, input: &[u8]| {
        let mut args = vec!["envelope", "body-open", "--sender-key", key];
        args.extend_from_slice(&common);
        run_bytes(&args, Some(input))
    };
    let opened = open(&sender_pub, &body.stdout);
    assert_eq!((opened.status.code(), opened.stdout.as_slice()), (Some(0), b"{\"q\":1}".as_slice()));
    let wrong = open(&other_pub, &body.stdout);
    assert_eq!(wrong.status.code(), Some(1));
    assert!(wrong.stdout.is_empty() && text(&wrong.stderr).contains("signature_invalid"));
    let replayed = text(&body.stdout).replace("1764900000000", "1764900000001");
    assert_eq!(open(&sender_pub, replayed.as_bytes()).status.code(), Some(1));
    std::fs::write(&profile, r#"{"mode":"cbc"}"#).expect("profile");
    assert_eq!(open(&sender_pub, &body.stdout).status.code(), Some(2), "a profile names every choice");
}
