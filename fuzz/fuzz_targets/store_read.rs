//! The sealed store (issue #13): arbitrary bytes never panic
//! `verify_store`, `StoreReader::open`, `read_page` or
//! `StoreWriter::resume`. A store that verifies reports a consistent
//! summary (intact_len within the input, records = lines read); every
//! refusal is a documented code.
#![no_main]

use govshare_core::sign::{Algorithm, Key};
use govshare_core::store::{verify_store, StoreReader, StoreUnlock, StoreWriter};
use libfuzzer_sys::fuzz_target;

/// GB/T 32918.5-2017 Annex C: d = 3945208F…C5B8.
const D: [u8; 32] = [
    0x39, 0x45, 0x20, 0x8f, 0x7b, 0x21, 0x44, 0xb1, 0x3f, 0x36, 0xe3, 0x8a, 0xc6, 0xd3, 0x9f, 0x95, 0x88,
    0x93, 0x93, 0x69, 0x28, 0x60, 0xb5, 0x1a, 0x42, 0xfb, 0x81, 0xef, 0x4d, 0xf7, 0xc5, 0xb8,
];

const CODES: [&str; 12] = [
    "store_corrupt",
    "store_page_unavailable",
    "store_key_destroyed",
    "unsupported_format",
    "envelope_wrong_recipient",
    "decryption_failed",
    "point_not_on_curve",
    "ciphertext_truncated",
    "ciphertext_malformed",
    "tag_mismatch",
    "iv_length",
    "key_length",
];

fuzz_target!(|data: &[u8]| {
    let key = Key::from_raw(Algorithm::Sm2Sm3, &D, true).expect("the example key");
    let refused =
        |e: govshare_core::Error| assert!(CODES.contains(&e.code()), "unexpected refusal {}", e.code());
    match verify_store(data) {
        Ok(summary) => {
            assert!(summary.intact_len as usize <= data.len());
            assert_eq!(summary.torn_tail, summary.intact_len as usize != data.len());
            for unlock in [
                StoreUnlock::Sm2(&key),
                StoreUnlock::Kek { kek: &[7u8; 16], kek_id: "kms/1" },
                StoreUnlock::DataKey(&[1u8; 16]),
            ] {
                match StoreReader::open(data, &unlock) {
                    Ok(reader) => {
                        for page in reader.summary().pages {
                            if let Err(e) = reader.read_page(page.page) {
                                refused(e);
                            }
                        }
                    }
                    Err(e) => refused(e),
                }
                if let Err(e) = StoreWriter::resume(data, &unlock) {
                    refused(e);
                }
            }
        }
        Err(e) => {
            refused(e);
            assert!(
                StoreReader::open(data, &StoreUnlock::Sm2(&key)).is_err(),
                "what does not verify does not open"
            );
        }
    }
});
