//! `govshare catalog publish` → `govshare catalog verify-index` through the
//! binary: a genuine index verifies (exit 0), a tampered one is a failed
//! verdict (exit 1), bad input is a usage error (exit 2).

mod common;

use std::path::{Path, PathBuf};

use common::{run, scratch, text};

fn sample() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/data/sample-catalog.json")
        .display()
        .to_string()
}

fn keys(dir: &Path, alg: &str) -> (String, String) {
    let prefix = dir.join(alg);
    let out = run(&["key", "generate", "--alg", alg, "--out", prefix.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let private = dir.join(format!("{alg}.key.pem")).display().to_string();
    let public = dir.join(format!("{alg}.pub.pem")).display().to_string();
    (private, public)
}

fn publish(dir: &Path, alg: &str, hash: &str) -> (PathBuf, String) {
    let (private, public) = keys(dir, alg);
    let out_dir = dir.join(format!("index-{alg}-{hash}"));
    let out = run(
        &[
            "catalog",
            "publish",
            &sample(),
            "--key",
            &private,
            "--keyid",
            "platform-1",
            "--out",
            out_dir.to_str().unwrap(),
            "--block-size",
            "4096",
            "--hash",
            hash,
            "--json",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["manifest"]["signer"]["keyid"], "platform-1");
    assert_eq!(report["manifest"]["hash"], hash);
    (out_dir, public)
}

fn verify(dir: &Path, key: &str, extra: &[&str]) -> (Option<i32>, serde_json::Value) {
    let mut args = vec!["catalog", "verify-index", dir.to_str().unwrap(), "--platform-key", key, "--json"];
    args.extend_from_slice(extra);
    let out = run(&args, "");
    let v = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (out.status.code(), v)
}

#[test]
fn a_published_index_verifies_and_every_tampering_is_a_failed_verdict() {
    let d = scratch("publish-cli", "verdicts");
    for (alg, hash) in [("ed25519", "sha256"), ("sm2-sm3", "sm3")] {
        let (index, public) = publish(&d, alg, hash);
        let (code, v) = verify(&index, &public, &["--catalog-id", "national", "--min-version", "1"]);
        assert_eq!(code, Some(0), "{v}");
        assert_eq!(v["valid"], true);
        assert!(v["stats"]["resources"].as_u64().unwrap() > 100);
        // A PEM names no key id; one pinned with --keyid must be the manifest's.
        assert_eq!(verify(&index, &public, &["--keyid", "platform-1"]).0, Some(0));
        let (code, v) = verify(&index, &public, &["--keyid", "platform-2"]);
        assert_eq!((code, v["code"].as_str()), (Some(1), Some("index_catalog_mismatch")));
        // Every file, tampered: a verdict, exit 1, with its code.
        for (file, want) in [
            ("manifest.json", "signature_invalid"),
            ("manifest.sig", "signature_invalid"),
            ("meta.bin", "index_section_mismatch"),
            ("texts.bin", "index_section_mismatch"),
            ("resources.bin", "index_section_mismatch"),
            ("items.bin", "index_section_mismatch"),
            ("index.bin", "index_section_mismatch"),
            ("texts.blocks", "index_section_mismatch"),
        ] {
            let path = index.join(file);
            let good = std::fs::read(&path).unwrap();
            let mut bad = good.clone();
            let at = bad.len() / 2;
            bad[at] ^= if file == "manifest.sig" { 0x01 } else { 0x20 };
            std::fs::write(&path, &bad).unwrap();
            let (code, v) = verify(&index, &public, &[]);
            assert_eq!((code, v["code"].as_str()), (Some(1), Some(want)), "{alg} {file}: {v}");
            std::fs::write(&path, &good).unwrap();
        }
        // Another catalog or an older version than held: a verdict too.
        let (code, v) = verify(&index, &public, &["--catalog-id", "zhejiang"]);
        assert_eq!((code, v["code"].as_str()), (Some(1), Some("index_catalog_mismatch")));
        let (code, v) = verify(&index, &public, &["--min-version", "999"]);
        assert_eq!((code, v["code"].as_str()), (Some(1), Some("index_catalog_mismatch")));
    }
}

#[test]
fn bad_input_is_a_usage_error_and_nothing_is_half_written() {
    let d = scratch("publish-cli", "input");
    let (index, public) = publish(&d, "ed25519", "sha256");
    // Publishing into an existing directory is refused; it is left as it was.
    let other = d.join("other");
    std::fs::create_dir_all(&other).unwrap();
    let (private, _) = keys(&other, "ed25519");
    let before = std::fs::read(index.join("manifest.json")).unwrap();
    let out =
        run(&["catalog", "publish", &sample(), "--key", &private, "--out", index.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert_eq!(std::fs::read(index.join("manifest.json")).unwrap(), before);
    // A key that cannot sign an index (HMAC, P-256), a bad block size: exit 2, no directory.
    for (alg, extra) in
        [("hmac-sha256", vec![]), ("ecdsa-p256-sha256", vec![]), ("ed25519", vec!["--block-size", "16"])]
    {
        let prefix = d.join(format!("k-{alg}"));
        run(&["key", "generate", "--alg", alg, "--out", prefix.to_str().unwrap()], "");
        let key = if alg == "hmac-sha256" {
            format!("{}.key.jwk", prefix.display())
        } else {
            format!("{}.key.pem", prefix.display())
        };
        let target = d.join(format!("never-{alg}"));
        let sample_path = sample();
        let mut args =
            vec!["catalog", "publish", &sample_path, "--key", &key, "--out", target.to_str().unwrap()];
        args.extend_from_slice(&extra);
        let out = run(&args, "");
        assert_eq!(out.status.code(), Some(2), "{alg}: {}", text(&out.stderr));
        assert!(!target.exists(), "{alg}: a directory was left behind");
    }
    assert!(std::fs::read_dir(&d).unwrap().all(|e| !e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .contains("govshare-tmp")));
    // A private key as the pinned key, a missing file: exit 2.
    let (code, _) = verify(&index, &private, &[]);
    assert_eq!(code, Some(2));
    std::fs::remove_file(index.join("items.blocks")).unwrap();
    let (code, _) = verify(&index, &public, &[]);
    assert_eq!(code, Some(2));
}

fn search_index(
    dir: &Path,
    key: &str,
    text_: &str,
    extra: &[&str],
) -> (Option<i32>, serde_json::Value, String) {
    let mut args =
        vec!["catalog", "search-index", dir.to_str().unwrap(), text_, "--platform-key", key, "--json"];
    args.extend_from_slice(extra);
    let out = run(&args, "");
    let v = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (out.status.code(), v, text(&out.stderr))
}

#[test]
fn search_index_answers_as_search_and_refuses_a_tampered_index() {
    let tmp = scratch("publish", "search-index");
    let (dir, key) = publish(tmp.as_path(), "sm2-sm3", "sm3");
    for (query, extra) in [
        ("统一社会信用代码", vec!["--limit", "5"]),
        ("企业 登记", vec!["--sharing", "conditional"]),
        ("", vec!["--grade", "3", "--offset", "2", "--limit", "4"]),
    ] {
        let (code, lazy, err) = search_index(&dir, &key, query, &extra);
        assert_eq!(code, Some(0), "{err}");
        let mut args = vec!["catalog", "search", &sample(), query, "--json"]
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>();
        args.extend(extra.iter().map(|s| s.to_string()));
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let eager: serde_json::Value = serde_json::from_slice(&run(&argv, "").stdout).unwrap();
        for field in ["total", "hits", "facets", "relaxed"] {
            assert_eq!(lazy[field], eager[field], "{query} {field}");
        }
        assert!(
            lazy["read"]["bytes"].as_u64().unwrap() <= lazy["read"]["index_bytes"].as_u64().unwrap() + 4096
        );
    }
    // A flipped byte in a section the query reads: a failed verdict, coded.
    let texts = dir.join("texts.bin");
    let mut bytes = std::fs::read(&texts).unwrap();
    bytes[10] ^= 1;
    std::fs::write(&texts, bytes).unwrap();
    let (code, _, err) = search_index(&dir, &key, "统一社会信用代码", &[]);
    assert_eq!(code, Some(1));
    assert!(err.contains("index_section_mismatch"), "{err}");
    // Another platform's key; a missing index: exit 1 and 2.
    let (_, other) = keys(tmp.as_path(), "ed25519");
    assert_eq!(search_index(&dir, &other, "x", &[]).0, Some(1));
    assert_eq!(search_index(&tmp.as_path().join("none"), &key, "x", &[]).0, Some(2));
}
