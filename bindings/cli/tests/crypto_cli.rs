//! `govshare crypto sm4 encrypt|decrypt|iv` through the binary (issue #13).

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
