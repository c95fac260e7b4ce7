//! `Key::from_text`, the one loader of key files: arbitrary text with or
//! without a named algorithm never panics; without an algorithm nothing but
//! PEM or a JWK is read; a key read from a bare string (algorithm named) is
//! never private, and is symmetric only when HMAC was named; a key read
//! back from its own PEM/JWK form is the same key.
#![no_main]

use govshare_core::sign::{Algorithm, Key};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let alg = Algorithm::ALL.get(usize::from(selector) % (Algorithm::ALL.len() + 1)).copied();
    let Ok(key) = Key::from_text(text, alg) else { return };
    let t = text.trim();
    let structured = t.starts_with("-----BEGIN") || t.starts_with('{');
    if !structured {
        let named = alg.expect("a bare string is read only with the algorithm named");
        assert_eq!(key.algorithm(), named);
        if named != Algorithm::HmacSha256 {
            assert!(!key.is_private(), "a bare string is never a private key");
        }
    }
    if let Some(a) = alg {
        if key.algorithm() != a {
            // The structure said otherwise: only RSA keys take the hint as their padding.
            assert!(matches!(a, Algorithm::RsaPssSha512 | Algorithm::RsaV15Sha256));
        }
    }
    if key.algorithm() != Algorithm::HmacSha256 {
        if let Ok(spki) = key.public_key().and_then(|p| p.to_spki_pem()) {
            let again = Key::from_text(&spki, Some(key.algorithm())).expect("its own SPKI reads back");
            assert_eq!(again.thumbprint(), key.public_key().expect("public").thumbprint());
        }
    }
});
