//! `govshare crypto sm4 encrypt|decrypt|iv` and `govshare crypto sm2
//! encrypt|decrypt` through the binary (issue #13).

mod common;

use common::{run_bytes, text};
use std::path::{Path, PathBuf};

const STD_KEY: &str = "0123456789abcdeffedcba9876543210";

fn scratch(name: &str) -> PathBuf {
    common::scratch("crypto-cli", name)
}

fn key_file(dir: &Path, contents: &[u8]) -> String {
    let p = dir.join("sm4.key");
    std::fs::write(&p, contents).expect("key file");
    p.to_str().expect("utf-8").to_owned()
}

fn sm4(op: &str, mode: &str, key: &str, extra: &[&str], stdin: &[u8]) -> std::process::Output {
    let mut args = vec!["crypto", "sm4", op, "--mode", mode, "--key-file", key];
    args.extend_from_slice(extra);
    run_bytes(&args, Some(stdin))
}

#[test]
fn the_standard_example_with_a_hex_key_file_and_hex_io() {
    let dir = scratch("std");
    for contents in [format!("{STD_KEY}\n").into_bytes(), STD_KEY.as_bytes().to_vec(), hex16(STD_KEY)] {
        let key = key_file(&dir, &contents);
        let out = sm4("encrypt", "ecb", &key, &["--hex"], STD_KEY.as_bytes());
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert!(text(&out.stdout).starts_with("681edf34d206965e86b3e94f536e4246"));
        assert_eq!(text(&out.stdout).trim().len(), 64, "PKCS#7 adds a block");
        let back = sm4("decrypt", "ecb", &key, &["--hex"], &out.stdout);
        assert_eq!(back.status.code(), Some(0), "{}", text(&back.stderr));
        assert_eq!(text(&back.stdout), format!("{STD_KEY}\n"));
    }
}

fn hex16(h: &str) -> Vec<u8> {
    (0..16).map(|i| u8::from_str_radix(&h[2 * i..2 * i + 2], 16).expect("hex")).collect()
}

#[test]
fn every_mode_round_trips_raw_bytes() {
    let dir = scratch("modes");
    let key = key_file(&dir, &hex16("00112233445566778899aabbccddeeff"));
    let data: Vec<u8> = (0..=255u8).chain(0..10).collect();
    for (mode, iv, aad) in [
        ("ecb", None, None),
        ("cbc", Some("000102030405060708090a0b0c0d0e0f"), None),
        ("ctr", Some("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"), None),
        ("gcm", Some("000102030405060708090a0b"), Some("6772616e742d31")),
    ] {
        let mut extra = vec![];
        if let Some(iv) = iv {
            extra.extend(["--iv-hex", iv]);
        }
        if let Some(aad) = aad {
            extra.extend(["--aad-hex", aad]);
        }
        let ct = sm4("encrypt", mode, &key, &extra, &data);
        assert_eq!(ct.status.code(), Some(0), "{mode}: {}", text(&ct.stderr));
        let want_len = match mode {
            "ecb" | "cbc" => (data.len() / 16 + 1) * 16,
            "ctr" => data.len(),
            _ => data.len() + 16,
        };
        assert_eq!(ct.stdout.len(), want_len, "{mode}");
        let pt = sm4("decrypt", mode, &key, &extra, &ct.stdout);
        assert_eq!(pt.status.code(), Some(0), "{mode}: {}", text(&pt.stderr));
        assert_eq!(pt.stdout, data, "{mode}");
    }
}

#[test]
fn failed_decryption_is_exit_1_and_writes_nothing() {
    let dir = scratch("verdict");
    let key = key_file(&dir, STD_KEY.as_bytes());
    let iv = ["--iv-hex", "000102030405060708090a0b"];
    let aad = ["--iv-hex", "000102030405060708090a0b", "--aad-hex", "01"];
    let ct = sm4("encrypt", "gcm", &key, &aad, b"personal data 110105194912310021").stdout;
    for (label, extra, input) in [
        ("aad missing", &iv[..], ct.clone()),
        ("tag flipped", &aad[..], {
            let mut t = ct.clone();
            *t.last_mut().expect("tag") ^= 1;
            t
        }),
    ] {
        let out_file = dir.join("plain.out");
        let mut args: Vec<&str> = extra.to_vec();
        args.extend(["--out", out_file.to_str().expect("utf-8")]);
        let out = sm4("decrypt", "gcm", &key, &args, &input);
        assert_eq!(out.status.code(), Some(1), "{label}: {}", text(&out.stderr));
        assert!(out.stdout.is_empty(), "{label}");
        assert!(!out_file.exists(), "{label}: nothing written");
        assert!(text(&out.stderr).contains("tag_mismatch"), "{label}");
        assert!(!text(&out.stderr).contains("1101051949"), "{label}");
    }
    // The bare standard block has a bad padding (its last byte 0x10 is not
    // sixteen 0x10 bytes).
    let out = sm4("decrypt", "ecb", &key, &["--hex"], b"681edf34d206965e86b3e94f536e4246\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(text(&out.stderr).contains("bad_padding"));
}

#[test]
fn bad_input_is_exit_2_and_never_echoes_the_key() {
    let dir = scratch("input");
    let good = key_file(&dir, STD_KEY.as_bytes());
    for (label, key, mode, extra, stdin, code) in [
        (
            "short key file",
            &b"0123456789abcdef0123"[..],
            "cbc",
            &["--iv-hex", "00000000000000000000000000000000"][..],
            &b"x"[..],
            "key_length",
        ),
        ("key file not hex", b"0123456789abcdeffedcba987654321g", "ecb", &[][..], b"x", "invalid_key"),
        ("cbc without an IV", STD_KEY.as_bytes(), "cbc", &[][..], b"x", "iv_length"),
        (
            "ecb with an IV",
            STD_KEY.as_bytes(),
            "ecb",
            &["--iv-hex", "00000000000000000000000000000000"][..],
            b"x",
            "iv_length",
        ),
        ("aad outside gcm", STD_KEY.as_bytes(), "ecb", &["--aad-hex", "00"][..], b"x", "invalid_argument"),
        ("IV not hex", STD_KEY.as_bytes(), "cbc", &["--iv-hex", "zz"][..], b"x", "invalid_argument"),
        ("unknown mode", STD_KEY.as_bytes(), "ofb", &[][..], b"x", "invalid_argument"),
    ] {
        let k = key_file(&dir, key);
        let out = sm4("encrypt", mode, &k, extra, stdin);
        assert_eq!(out.status.code(), Some(2), "{label}: {}", text(&out.stderr));
        assert!(text(&out.stderr).contains(code), "{label}: {}", text(&out.stderr));
        assert!(!text(&out.stderr).contains("0123456789"), "{label}: the key is echoed");
        assert!(out.stdout.is_empty(), "{label}");
    }
    let out = sm4("decrypt", "cbc", &good, &["--iv-hex", "00000000000000000000000000000000"], &[0u8; 17]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("ciphertext_truncated"));
    let out = sm4("decrypt", "ecb", &good, &["--hex"], b"not hex");
    assert_eq!(out.status.code(), Some(2));
    let out = sm4("encrypt", "ecb", "-", &[], STD_KEY.as_bytes());
    assert_eq!(out.status.code(), Some(2), "the key never comes from stdin");
    assert!(text(&out.stderr).contains("usage"));
    let missing = dir.join("absent.key");
    let out = sm4("encrypt", "ecb", missing.to_str().expect("utf-8"), &[], b"x");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn iv_draws_a_fresh_one_of_the_mode_length() {
    let a = run_bytes(&["crypto", "sm4", "iv", "--mode", "gcm"], None);
    let b = run_bytes(&["crypto", "sm4", "iv", "--mode", "cbc"], None);
    assert_eq!(a.status.code(), Some(0));
    assert_eq!(text(&a.stdout).trim().len(), 24);
    assert_eq!(text(&b.stdout).trim().len(), 32);
    assert_ne!(text(&b.stdout), text(&run_bytes(&["crypto", "sm4", "iv", "--mode", "cbc"], None).stdout));
}

// ------------------------------------------------------------------ SM2

/// A fresh SM2 key pair written by `govshare key generate`: (private PEM, public PEM).
fn sm2_keys(dir: &Path, name: &str) -> (String, String) {
    let prefix = dir.join(name);
    let out =
        run_bytes(&["key", "generate", "--alg", "sm2-sm3", "--out", prefix.to_str().expect("utf-8")], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let p = |s: &str| dir.join(format!("{name}{s}")).to_str().expect("utf-8").to_owned();
    (p(".key.pem"), p(".pub.pem"))
}

fn sm2(op: &str, key: &str, format: &str, extra: &[&str], stdin: &[u8]) -> std::process::Output {
    let mut args = vec!["crypto", "sm2", op, "--key", key, "--format", format];
    args.extend_from_slice(extra);
    run_bytes(&args, Some(stdin))
}

/// Every form round-trips through the binary, raw and hex.
#[test]
fn sm2_every_format_round_trips_raw_and_hex() {
    let dir = scratch("sm2");
    let (private, public) = sm2_keys(&dir, "dept");
    let data: Vec<u8> = (0..=255u8).collect();
    for (format, extra, len) in [
        ("c1c3c2", &[][..], 97 + 256),
        ("c1c3c2", &["--no-prefix"][..], 96 + 256),
        ("c1c2c3", &[][..], 97 + 256),
        ("c1c2c3", &["--no-prefix"][..], 96 + 256),
        ("asn1", &[][..], 0),
    ] {
        let ct = sm2("encrypt", &public, format, extra, &data);
        assert_eq!(ct.status.code(), Some(0), "{format}: {}", text(&ct.stderr));
        if len > 0 {
            assert_eq!(ct.stdout.len(), len, "{format} {extra:?}");
        } else {
            assert_eq!(ct.stdout[0], 0x30, "a DER SEQUENCE");
        }
        let pt = sm2("decrypt", &private, format, extra, &ct.stdout);
        assert_eq!(pt.status.code(), Some(0), "{format}: {}", text(&pt.stderr));
        assert_eq!(pt.stdout, data, "{format}");
        // Hex in and out.
        let hexed = sm2("encrypt", &public, format, &[extra, &["--hex"]].concat(), b"6162\n");
        assert_eq!(hexed.status.code(), Some(0), "{}", text(&hexed.stderr));
        let back = sm2("decrypt", &private, format, &[extra, &["--hex"]].concat(), &hexed.stdout);
        assert_eq!(text(&back.stdout), "6162\n");
    }
}

#[test]
fn sm2_failed_decryption_is_exit_1_bad_input_exit_2_and_nothing_is_written() {
    let dir = scratch("sm2-verdict");
    let (private, public) = sm2_keys(&dir, "a");
    let (other, _) = sm2_keys(&dir, "b");
    let data = b"secret personal data";
    let ct = sm2("encrypt", &public, "c1c3c2", &[], data).stdout;
    let out_file = dir.join("plain.bin");
    let out_arg = out_file.to_str().expect("utf-8");
    // Verdicts: wrong key, the other order, a flipped C2 byte.
    let mut flipped = ct.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 1;
    for (key, format, input) in
        [(&other, "c1c3c2", &ct), (&private, "c1c2c3", &ct), (&private, "c1c3c2", &flipped)]
    {
        let r = sm2("decrypt", key, format, &["--out", out_arg], input);
        assert_eq!(r.status.code(), Some(1), "{}", text(&r.stderr));
        assert!(text(&r.stderr).contains("decryption_failed"), "{}", text(&r.stderr));
        assert!(r.stdout.is_empty() && !out_file.exists());
        assert!(!text(&r.stderr).contains("secret"));
    }
    // Bad input: truncated, the wrong prefix option, asn1 with --no-prefix, a
    // public key to decrypt, an unknown format, the key on stdin.
    for (key, format, extra, input, code) in [
        (&private, "c1c3c2", &[][..], &ct[..97], "ciphertext_truncated"),
        (&private, "c1c3c2", &["--no-prefix"][..], &ct[..], "point_not_on_curve"),
        (&private, "asn1", &["--no-prefix"][..], &ct[..], "invalid_argument"),
        (&public, "c1c3c2", &[][..], &ct[..], "public_key_only"),
        (&private, "C1C3C2", &[][..], &ct[..], "invalid_argument"),
    ] {
        let r = sm2("decrypt", key, format, &[extra, &["--out", out_arg]].concat(), input);
        assert_eq!(r.status.code(), Some(2), "{code}: {}", text(&r.stderr));
        assert!(text(&r.stderr).contains(code), "{code}: {}", text(&r.stderr));
        assert!(!out_file.exists());
    }
    let r = sm2("decrypt", "-", "c1c3c2", &[], &ct);
    assert_eq!(r.status.code(), Some(2));
    // An Ed25519 key is not an SM2 key.
    let ed = dir.join("ed");
    let g = run_bytes(&["key", "generate", "--alg", "ed25519", "--out", ed.to_str().expect("utf-8")], None);
    assert_eq!(g.status.code(), Some(0));
    let ed_pub = dir.join("ed.pub.pem");
    let r = sm2("encrypt", ed_pub.to_str().expect("utf-8"), "c1c3c2", &[], data);
    assert_eq!(r.status.code(), Some(2), "{}", text(&r.stderr));
    assert!(text(&r.stderr).contains("key_algorithm_mismatch"), "{}", text(&r.stderr));
}
