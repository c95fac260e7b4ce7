//! `govshare key generate` → `http sign` → `http verify` through the binary.

mod common;

use common::{run, text};
use std::path::{Path, PathBuf};

const MESSAGE: &str = r#"{"method":"POST","target":"https://gw.example/apply?x=1","headers":[["Content-Type","application/json"]],"body":"{\"resource\":\"R-1\"}"}"#;
const NOW: i64 = 1_750_000_000;

fn scratch(name: &str) -> PathBuf {
    common::scratch("sign-cli", name)
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777
}

/// Generates a key for `alg`; returns (signing key file, verifying key file).
fn generate(dir: &Path, alg: &str) -> (String, String) {
    let prefix = dir.join(alg);
    let out = run(&["key", "generate", "--alg", alg, "--out", prefix.to_str().expect("utf-8")], "");
    assert_eq!(out.status.code(), Some(0), "{alg}: {}", text(&out.stderr));
    if alg == "hmac-sha256" {
        // A JWK {"kty":"oct"}: what the key is, written down — never guessed.
        let k = dir.join(format!("{alg}.key.jwk"));
        #[cfg(unix)]
        assert_eq!(mode(&k), 0o600);
        let jwk: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&k).expect("read")).expect("JWK");
        assert_eq!(jwk["kty"], "oct");
        let k = k.to_str().expect("utf-8").to_owned();
        (k.clone(), k)
    } else {
        let private = dir.join(format!("{alg}.key.pem"));
        let public = dir.join(format!("{alg}.pub.pem"));
        #[cfg(unix)]
        assert_eq!(mode(&private), 0o600, "{alg} private key mode");
        assert!(std::fs::read_to_string(&private).expect("read").starts_with("-----BEGIN PRIVATE KEY-----"));
        assert!(std::fs::read_to_string(&public).expect("read").starts_with("-----BEGIN PUBLIC KEY-----"));
        (private.to_str().expect("utf-8").to_owned(), public.to_str().expect("utf-8").to_owned())
    }
}

fn sign(key: &str, extra: &[&str], message: &str) -> String {
    let created = NOW.to_string();
    let mut args = vec!["http", "sign", "--key", key, "--keyid", "k1", "--created", &created];
    args.extend_from_slice(extra);
    let out = run(&args, message);
    assert_eq!(out.status.code(), Some(0), "sign: {}", text(&out.stderr));
    text(&out.stdout)
}

fn verify_json(key: &str, message: &str) -> (Option<i32>, serde_json::Value) {
    let now = (NOW + 10).to_string();
    // A test of every algorithm: a symmetric key is accepted because it is asked for.
    let out = run(&["http", "verify", "--key", key, "--now", &now, "--json", "--allow-symmetric"], message);
    let v = serde_json::from_str(text(&out.stdout).trim()).unwrap_or(serde_json::Value::Null);
    (out.status.code(), v)
}

#[test]
fn generate_sign_verify_round_trip_per_algorithm() {
    let dir = scratch("round-trip");
    for alg in ["ed25519", "ecdsa-p256-sha256", "sm2-sm3", "hmac-sha256"] {
        let (private, public) = generate(&dir, alg);
        let signed = sign(&private, &[], MESSAGE);
        let m: serde_json::Value = serde_json::from_str(signed.trim()).expect("signed JSON");
        let names: Vec<&str> =
            m["headers"].as_array().expect("headers").iter().filter_map(|h| h[0].as_str()).collect();
        assert_eq!(names, ["Content-Type", "Content-Digest", "Signature-Input", "Signature"], "{alg}");
        let (code, v) = verify_json(&public, &signed);
        assert_eq!(code, Some(0), "{alg}: {v}");
        assert_eq!(v["valid"], true);
        assert_eq!(v["label"], "sig1");
        assert_eq!(v["keyid"], "k1");
        assert_eq!(v["alg"], alg);
        assert_eq!(v["created"], NOW);
        assert_eq!(
            v["covered"],
            serde_json::json!(["\"@method\"", "\"@target-uri\"", "\"content-type\"", "\"content-digest\""])
        );

        // Tampered body: the digest no longer matches → invalid (exit 1).
        let tampered = signed.replace("R-1", "R-2");
        let (code, v) = verify_json(&public, &tampered);
        assert_eq!(code, Some(1), "{alg}: {v}");
        assert_eq!(v["valid"], false);
        assert_eq!(v["code"], "digest_mismatch");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sign_options_and_verify_policy() {
    let dir = scratch("options");
    let (private, public) = generate(&dir, "ed25519");
    let signed = sign(
        &private,
        &[
            "--label",
            "gw",
            "--components",
            r#""@method" "@path" "content-digest""#,
            "--digest",
            "sha-512",
            "--nonce",
            "n-1",
            "--tag",
            "govshare",
            "--expires",
            "1750000300",
        ],
        MESSAGE,
    );
    assert!(signed.contains("sha-512=:"), "{signed}");
    assert!(signed.contains(r#"gw=(\"@method\" \"@path\" \"content-digest\");created=1750000000;expires=1750000300;keyid=\"k1\";alg=\"ed25519\";nonce=\"n-1\";tag=\"govshare\""#), "{signed}");
    let now = (NOW + 10).to_string();
    let ok = run(&["http", "verify", "--key", &public, "--now", &now, "--label", "gw"], &signed);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stdout));
    assert!(text(&ok.stdout).starts_with("valid: gw"));
    // A required component the signature does not cover.
    let missing = run(
        &["http", "verify", "--key", &public, "--now", &now, "--require", r#""@authority""#, "--json"],
        &signed,
    );
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing.stdout).contains("component_not_covered"), "{}", text(&missing.stdout));
    // Too old for --max-age.
    let late = (NOW + 100).to_string();
    let old =
        run(&["http", "verify", "--key", &public, "--now", &late, "--max-age", "30", "--json"], &signed);
    assert_eq!(old.status.code(), Some(1));
    assert!(text(&old.stdout).contains("\"expired\""), "{}", text(&old.stdout));
    // The wrong key.
    let (_, other) = generate(&scratch("other"), "ed25519");
    let wrong = run(&["http", "verify", "--key", &other, "--now", &now, "--json"], &signed);
    assert_eq!(wrong.status.code(), Some(1));
    assert!(text(&wrong.stdout).contains("signature_invalid"), "{}", text(&wrong.stdout));
    // --no-content-digest on a body: verify refuses the uncovered body unless allowed.
    let bare = sign(&private, &["--no-content-digest"], MESSAGE);
    assert!(!bare.contains("Content-Digest"));
    let refused = run(&["http", "verify", "--key", &public, "--now", &now, "--json"], &bare);
    assert_eq!(refused.status.code(), Some(1));
    assert!(text(&refused.stdout).contains("body_not_covered"), "{}", text(&refused.stdout));
    let allowed = run(&["http", "verify", "--key", &public, "--now", &now, "--allow-uncovered-body"], &bare);
    assert_eq!(allowed.status.code(), Some(0), "{}", text(&allowed.stdout));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn response_defaults_cover_status() {
    let dir = scratch("response");
    let (private, public) = generate(&dir, "ecdsa-p256-sha256");
    let signed = sign(&private, &["--digest", "sm3"], r#"{"status":200,"headers":[],"body":"ok"}"#);
    assert!(signed.contains(r#"sig1=(\"@status\" \"content-digest\")"#), "{signed}");
    assert!(signed.contains("sm3=:"));
    assert_eq!(verify_json(&public, &signed).0, Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_input_is_exit_2() {
    let dir = scratch("bad");
    let (private, public) = generate(&dir, "ed25519");
    // Not JSON.
    let out = run(&["http", "sign", "--key", &private, "--keyid", "k"], "{not json");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("malformed_json"), "{}", text(&out.stderr));
    // Not a message.
    let out = run(&["http", "verify", "--key", &public, "--json"], r#"{"method":"GET"}"#);
    assert_eq!(out.status.code(), Some(2));
    // Missing key file; unknown algorithm; unknown digest; missing --keyid.
    assert_eq!(
        run(&["http", "sign", "--key", "/nonexistent/k.pem", "--keyid", "k"], MESSAGE).status.code(),
        Some(2)
    );
    let prefix = dir.join("x");
    let out = run(&["key", "generate", "--alg", "rsa-none", "--out", prefix.to_str().expect("utf-8")], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("unknown_algorithm"));
    assert_eq!(
        run(&["http", "sign", "--key", &private, "--keyid", "k", "--digest", "md5"], MESSAGE).status.code(),
        Some(2)
    );
    assert_eq!(run(&["http", "sign", "--key", &private], MESSAGE).status.code(), Some(2));
    // A public key cannot sign.
    let out = run(&["http", "sign", "--key", &public, "--keyid", "k"], MESSAGE);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("public_key_only"));
    // Generate never overwrites.
    let again = run(
        &["key", "generate", "--alg", "ed25519", "--out", dir.join("ed25519").to_str().expect("utf-8")],
        "",
    );
    assert_eq!(again.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Keys are what the operator says they are: a bare base64 file is never read
/// as an HMAC secret by guessing, and a symmetric key does not verify another
/// party's signature unless the operator opts in.
#[test]
fn keys_are_never_guessed_and_symmetric_keys_need_consent() {
    let dir = scratch("keys");
    let (secret_jwk, _) = generate(&dir, "hmac-sha256");
    let signed = sign(&secret_jwk, &[], MESSAGE);
    let now = (NOW + 10).to_string();
    // The JWK names itself, but it is symmetric: refused for verification by default.
    let out = run(&["http", "verify", "--key", &secret_jwk, "--now", &now], &signed);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("--allow-symmetric"));
    let out = run(&["http", "verify", "--key", &secret_jwk, "--now", &now, "--allow-symmetric"], &signed);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));

    // A "public key" file holding bare base64: once an HMAC secret by default.
    let jwk: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&secret_jwk).expect("read")).expect("JWK");
    let raw = jwk["k"].as_str().expect("k").replace('-', "+").replace('_', "/");
    let padded = format!("{raw}{}", "=".repeat((4 - raw.len() % 4) % 4));
    let bare = dir.join("published.b64");
    std::fs::write(&bare, &padded).expect("write");
    let bare = bare.to_str().expect("utf-8");
    let out = run(&["http", "verify", "--key", bare, "--now", &now], &signed);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("invalid_key"), "{}", text(&out.stderr));
    // Named as an Ed25519 key, its 32 bytes are read as a *public* key: the
    // HMAC signature does not verify with it (never a secret by guessing).
    let out = run(&["http", "verify", "--key", bare, "--alg", "ed25519", "--now", &now], &signed);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    // Named as HMAC, and consented to: then it verifies.
    let out = run(
        &["http", "verify", "--key", bare, "--alg", "hmac-sha256", "--allow-symmetric", "--now", &now],
        &signed,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `http sign --request` binds a response to the signed request it answers;
/// `http verify --request` requires that binding (issue #12).
#[test]
fn a_response_is_signed_and_verified_bound_to_its_request() {
    let dir = scratch("bound");
    let (private, public) = generate(&dir, "ed25519");
    let request = sign(&private, &["--nonce", "n-1"], MESSAGE);
    let other = sign(&private, &["--nonce", "n-2"], MESSAGE);
    let req_file = dir.join("req.json");
    let other_file = dir.join("other.json");
    std::fs::write(&req_file, &request).expect("write");
    std::fs::write(&other_file, &other).expect("write");
    let (req, oth) = (req_file.to_str().expect("utf-8"), other_file.to_str().expect("utf-8"));
    let response = r#"{"status":200,"headers":[["Content-Type","application/json"]],"body":"{\"ok\":true}"}"#;
    let bound = sign(&private, &["--request", req], response);
    assert!(bound.contains(r#"\"signature\";req;key=\"sig1\""#), "{bound}");
    assert!(bound.contains(r#"\"@method\";req"#), "{bound}");
    let now = (NOW + 10).to_string();
    let verify = |message: &str, extra: &[&str]| {
        let mut args = vec!["http", "verify", "--key", public.as_str(), "--now", now.as_str(), "--json"];
        args.extend_from_slice(extra);
        let out = run(&args, message);
        let v: serde_json::Value = serde_json::from_str(text(&out.stdout).trim()).unwrap_or_default();
        (out.status.code(), v)
    };
    assert_eq!(verify(&bound, &["--request", req]).0, Some(0));
    // The same response checked against another request (another nonce).
    let (code, v) = verify(&bound, &["--request", oth]);
    assert_eq!((code, v["code"].as_str()), (Some(1), Some("signature_invalid")), "{v}");
    // A response not bound to the request: refused by default.
    let unbound = sign(&private, &[], response);
    let (code, v) = verify(&unbound, &["--request", req]);
    assert_eq!((code, v["code"].as_str()), (Some(1), Some("component_not_covered")), "{v}");
    assert_eq!(verify(&unbound, &["--request", req, "--allow-unbound"]).0, Some(0));
    // A request without a signature, or a label it does not have: bad input.
    let bare = dir.join("bare.json");
    std::fs::write(&bare, MESSAGE).expect("write");
    assert_eq!(verify(&bound, &["--request", bare.to_str().expect("utf-8")]).0, Some(2));
    assert_eq!(verify(&bound, &["--request", req, "--request-label", "nope"]).0, Some(2));
    let out = run(&["http", "sign", "--key", &private, "--keyid", "k1", "--request", req], MESSAGE);
    assert_eq!(out.status.code(), Some(2), "a request is not signed as a response: {}", text(&out.stderr));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Component lists are read by core (`sign::parse_component_list`): spaces or
/// commas; an empty, duplicated, unknown or unparsable list is exit 2 before
/// anything is signed or verified.
#[test]
fn component_lists_are_read_by_core() {
    let dir = scratch("components");
    let (private, public) = generate(&dir, "ed25519");
    let signed = sign(&private, &["--components", r#""@method","@authority" Content-Type"#], MESSAGE);
    assert!(
        signed.contains(r#"sig1=(\"@method\" \"@authority\" \"content-type\" \"content-digest\")"#),
        "{signed}"
    );
    let now = (NOW + 10).to_string();
    let out =
        run(&["http", "verify", "--key", &public, "--now", &now, "--require", "@method,@authority"], &signed);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    for bad in ["", " , ", r#""@method" @method"#, "@nope", r#""@method"#, r#""@method";foo"#] {
        let created = NOW.to_string();
        let args =
            ["http", "sign", "--key", &private, "--keyid", "k1", "--created", &created, "--components", bad];
        let out = run(&args, MESSAGE);
        assert_eq!(out.status.code(), Some(2), "sign --components {bad:?}: {}", text(&out.stderr));
        let out =
            run(&["http", "verify", "--key", &public, "--now", &now, "--require", bad, "--json"], &signed);
        assert_eq!(out.status.code(), Some(2), "verify --require {bad:?}: {}", text(&out.stdout));
        let err: serde_json::Value = serde_json::from_str(text(&out.stderr).trim()).expect("JSON error");
        assert!(
            matches!(
                err["error"]["code"].as_str(),
                Some("invalid_argument" | "invalid_component" | "malformed_structured_field")
            ),
            "{bad:?}: {err}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// What the message carries is the verdict's (exit 1), not an input error:
/// a Signature-Input naming a component the message cannot have.
#[test]
fn a_message_that_cannot_verify_is_invalid_not_bad_input() {
    let dir = scratch("unverifiable");
    let (private, public) = generate(&dir, "ed25519");
    let signed = sign(&private, &[], MESSAGE);
    let now = (NOW + 10).to_string();
    let broken = signed.replacen(r#"(\"@method\""#, r#"(\"@status\""#, 1);
    assert_ne!(broken, signed);
    let out = run(&["http", "verify", "--key", &public, "--now", &now, "--json"], &broken);
    assert_eq!(out.status.code(), Some(1), "{}{}", text(&out.stdout), text(&out.stderr));
    let v: serde_json::Value = serde_json::from_str(text(&out.stdout).trim()).expect("JSON");
    assert_eq!((v["valid"].as_bool(), v["code"].as_str()), (Some(false), Some("invalid_component")), "{v}");
    let _ = std::fs::remove_dir_all(&dir);
}
