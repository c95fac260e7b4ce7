//! SM2 decryption and ciphertext conversion (issue #13): arbitrary bytes
//! never panic `sm2_decrypt` or `sm2_convert_ciphertext`. Input = a selector
//! byte (low nibble mod 5: the form read — c1c3c2, c1c3c2 without 04,
//! c1c2c3, c1c2c3 without 04, asn1; high nibble mod 5: the form converted
//! to), then the ciphertext, decrypted with the GB/T 32918.5 example key.
//! Every form reads only its canonical bytes (converting a ciphertext to its
//! own form is the identity), a conversion there and back is the identity,
//! whatever decrypts decrypts to the same plaintext in every other form, and
//! a refusal is one of the documented codes.
#![no_main]

use govshare_core::crypto::{
    sm2_convert_ciphertext, sm2_decrypt, Sm2CiphertextFormat, Sm2CiphertextOrder as O,
};
use govshare_core::sign::{Algorithm, Key};
use libfuzzer_sys::fuzz_target;

const FORMATS: [(O, bool); 5] =
    [(O::C1c3c2, true), (O::C1c3c2, false), (O::C1c2c3, true), (O::C1c2c3, false), (O::Asn1, true)];

/// GB/T 32918.5-2017 Annex C: d = 3945208F…C5B8.
const D: [u8; 32] = [
    0x39, 0x45, 0x20, 0x8f, 0x7b, 0x21, 0x44, 0xb1, 0x3f, 0x36, 0xe3, 0x8a, 0xc6, 0xd3, 0x9f, 0x95, 0x88,
    0x93, 0x93, 0x69, 0x28, 0x60, 0xb5, 0x1a, 0x42, 0xfb, 0x81, 0xef, 0x4d, 0xf7, 0xc5, 0xb8,
];

fn format(i: u8) -> Sm2CiphertextFormat {
    let (order, prefix) = FORMATS[usize::from(i) % FORMATS.len()];
    Sm2CiphertextFormat::new(order, prefix)
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, ciphertext)) = data.split_first() else { return };
    let (from, to) = (format(selector & 0x0f), format(selector >> 4));
    let key = Key::from_raw(Algorithm::Sm2Sm3, &D, true).expect("the example key");
    let read = ["ciphertext_truncated", "ciphertext_malformed", "point_not_on_curve"];
    match sm2_convert_ciphertext(ciphertext, from, to) {
        Ok(other) => {
            assert_eq!(sm2_convert_ciphertext(&other, to, from).expect("back"), ciphertext, "there and back");
            assert_eq!(
                sm2_convert_ciphertext(ciphertext, from, from).expect("same"),
                ciphertext,
                "canonical"
            );
            match sm2_decrypt(&key, ciphertext, from) {
                Ok(plain) => assert_eq!(sm2_decrypt(&key, &other, to).expect("other form"), plain),
                Err(e) => {
                    assert_eq!(e.code(), "decryption_failed");
                    assert_eq!(
                        sm2_decrypt(&key, &other, to).expect_err("other form").code(),
                        "decryption_failed"
                    );
                }
            }
        }
        Err(e) => {
            assert!(read.contains(&e.code()), "unexpected refusal {}", e.code());
            let d = sm2_decrypt(&key, ciphertext, from).expect_err("what does not read does not decrypt");
            assert_eq!(d.code(), e.code());
        }
    }
});
