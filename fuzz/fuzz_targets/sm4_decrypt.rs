//! SM4 decryption (issue #13): arbitrary bytes never panic `sm4_decrypt` or
//! the key-file reader. Input = a selector byte (its low two bits: ecb, cbc,
//! ctr, gcm; bit 2: associated data present for gcm), 16 key bytes, the
//! mode's IV, then the ciphertext. Whatever decrypts re-encrypts to exactly
//! the same ciphertext (PKCS#7 is canonical; a GCM tag binds everything),
//! and a refusal is one of the documented codes.
#![no_main]

use govshare_core::crypto::{sm4_decrypt, sm4_encrypt, Sm4Key, Sm4Mode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(key) = Sm4Key::from_file_bytes(data) {
        assert_eq!(key.as_bytes().len(), 16);
    }
    let Some((&selector, rest)) = data.split_first() else { return };
    let mode = Sm4Mode::ALL[usize::from(selector & 3)];
    if rest.len() < 16 + mode.iv_len() {
        return;
    }
    let (key, rest) = rest.split_at(16);
    let (iv, ciphertext) = rest.split_at(mode.iv_len());
    let aad: &[u8] = if mode == Sm4Mode::Gcm && selector & 4 != 0 { b"grant G-1, page 3" } else { b"" };
    match sm4_decrypt(mode, key, iv, ciphertext, aad) {
        Ok(plain) => {
            let again = sm4_encrypt(mode, key, iv, &plain, aad).expect("what decrypts encrypts");
            assert_eq!(again, ciphertext, "decrypt then encrypt is the identity");
        }
        Err(e) => assert!(
            ["bad_padding", "tag_mismatch", "ciphertext_truncated"].contains(&e.code()),
            "unexpected refusal {}",
            e.code()
        ),
    }
});
