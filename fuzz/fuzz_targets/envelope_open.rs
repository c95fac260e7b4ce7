//! Digital envelopes and the de-facto body envelope (issue #13): arbitrary
//! bytes never panic `EnvelopeOpening::parse`, opening with a key or a KEK,
//! `finish`, or `open_body_envelope`. Input = a selector byte (low bit: the
//! envelope or the body path; the others pick the body profile), then the
//! bytes. Whatever opens re-seals and opens to the same plaintext; every
//! refusal is a documented code.
#![no_main]

use govshare_core::crypto::{
    open_body_envelope, BodyEnvelopeProfile, BodySignedContent, EnvelopeExpectation, EnvelopeOpening,
    SignatureEncoding, Sm4Mode,
};
use govshare_core::sign::{Algorithm, Key};
use libfuzzer_sys::fuzz_target;

/// GB/T 32918.5-2017 Annex C: d = 3945208F…C5B8.
const D: [u8; 32] = [
    0x39, 0x45, 0x20, 0x8f, 0x7b, 0x21, 0x44, 0xb1, 0x3f, 0x36, 0xe3, 0x8a, 0xc6, 0xd3, 0x9f, 0x95, 0x88,
    0x93, 0x93, 0x69, 0x28, 0x60, 0xb5, 0x1a, 0x42, 0xfb, 0x81, 0xef, 0x4d, 0xf7, 0xc5, 0xb8,
];

const CODES: [&str; 16] = [
    "malformed_json",
    "invalid_value",
    "invalid_argument",
    "unsupported_format",
    "iv_length",
    "ciphertext_truncated",
    "ciphertext_malformed",
    "point_not_on_curve",
    "decryption_failed",
    "tag_mismatch",
    "key_length",
    "envelope_wrong_recipient",
    "envelope_context_mismatch",
    "signature_invalid",
    "bad_padding",
    "limit_exceeded",
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else { return };
    let key = Key::from_raw(Algorithm::Sm2Sm3, &D, true).expect("the example key");
    let refused =
        |e: govshare_core::Error| assert!(CODES.contains(&e.code()), "unexpected refusal {}", e.code());
    if selector & 1 == 0 {
        match EnvelopeOpening::parse(bytes) {
            Ok(opening) => {
                let _ = opening
                    .check_expected(&EnvelopeExpectation { about: Some("x".into()), ..Default::default() });
                match opening.open_with_key(&key) {
                    Ok(plain) => assert_eq!(
                        opening
                            .finish(
                                &govshare_core::crypto::sm2_decrypt(
                                    &key,
                                    opening.wrapped_key(),
                                    Default::default()
                                )
                                .expect("unwraps")
                            )
                            .expect("finish"),
                        plain
                    ),
                    Err(e) => refused(e),
                }
                if let Err(e) = opening.open_with_kek(&[7u8; 16], "kms/1") {
                    refused(e);
                }
                if let Err(e) = opening.finish(&[0u8; 16]) {
                    refused(e);
                }
            }
            Err(e) => refused(e),
        }
    } else {
        let profile = BodyEnvelopeProfile {
            mode: if selector & 2 == 0 { Sm4Mode::Cbc } else { Sm4Mode::Ecb },
            iv_hex: if selector & 2 == 0 { "00112233445566778899aabbccddeeff".into() } else { String::new() },
            signed_content: BodySignedContent::ALL[usize::from(selector >> 2) % 3],
            signature_encoding: SignatureEncoding::ALL[usize::from(selector >> 4) % 2],
            uppercase_hex: selector & 0x20 != 0,
            version: "2.0.1".into(),
        };
        if let Err(e) = open_body_envelope(&profile, bytes, &[9u8; 16], &key) {
            refused(e);
        }
    }
});
