//! SM4 (GB/T 32907-2016) encryption and decryption in four modes.
//!
//! | mode | IV / nonce | padding | output |
//! |---|---|---|---|
//! | `ecb` (legacy interop only) | none | PKCS#7 | ciphertext |
//! | `cbc` | 16 bytes | PKCS#7 | ciphertext |
//! | `ctr` | 16 bytes (initial 128-bit big-endian counter) | none | ciphertext, as long as the plaintext |
//! | `gcm` | 12 bytes | none | ciphertext ‖ 16-byte tag, over the associated data too |
//!
//! The caller supplies the IV or nonce, as gmssl, sm-crypto, OpenSSL and
//! BouncyCastle expect (it travels beside the ciphertext);
//! [`sm4_random_iv`] draws a fresh one from the system RNG. An IV must never
//! be reused with the same key for CTR and GCM.
//!
//! ECB encrypts equal blocks to equal blocks and so shows the shape of the
//! data: it is offered only to read and write what legacy systems exchange,
//! never for new formats.
//!
//! Decryption fails closed: a bad padding or tag returns an error and no
//! byte of plaintext (the working buffer is wiped), and no error carries a
//! key, IV or data byte.

use aes_gcm::aead::consts::U12;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::AesGcm;
use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyIvInit, StreamCipher};
use zeroize::Zeroizing;

use crate::names::named_enum;
use crate::Error;

/// SM4 key length in bytes (128 bits).
pub const SM4_KEY_LEN: usize = 16;
const BLOCK: usize = 16;
const GCM_TAG: usize = 16;

type Sm4Gcm = AesGcm<::sm4::Sm4, U12>;

/// An SM4 mode of operation (with its padding and IV rules, see the module
/// documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum Sm4Mode {
    /// Electronic codebook with PKCS#7. **Legacy interop only**: equal
    /// plaintext blocks give equal ciphertext blocks.
    Ecb,
    /// Cipher block chaining with PKCS#7 and a 16-byte IV.
    Cbc,
    /// Counter mode (128-bit big-endian counter starting at the 16-byte IV), unpadded.
    Ctr,
    /// Galois/counter mode: 12-byte nonce, associated data, 16-byte tag appended.
    Gcm,
}

named_enum!(Sm4Mode, "SM4 mode" { Ecb = "ecb", Cbc = "cbc", Ctr = "ctr", Gcm = "gcm" });

impl Sm4Mode {
    /// The IV or nonce length the mode takes: 0 (ECB), 16 (CBC, CTR) or 12 (GCM).
    pub fn iv_len(self) -> usize {
        match self {
            Sm4Mode::Ecb => 0,
            Sm4Mode::Cbc | Sm4Mode::Ctr => BLOCK,
            Sm4Mode::Gcm => 12,
        }
    }

    /// Whether the mode is kept for legacy interop only (ECB).
    pub fn is_legacy(self) -> bool {
        self == Sm4Mode::Ecb
    }

    fn label(self) -> &'static str {
        match self {
            Sm4Mode::Ecb => "sm4-ecb",
            Sm4Mode::Cbc => "sm4-cbc",
            Sm4Mode::Ctr => "sm4-ctr",
            Sm4Mode::Gcm => "sm4-gcm",
        }
    }
}

/// A 128-bit SM4 key, wiped from memory when dropped; `Debug` never shows it.
#[derive(Clone)]
pub struct Sm4Key(Zeroizing<[u8; SM4_KEY_LEN]>);

impl std::fmt::Debug for Sm4Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sm4Key([redacted])")
    }
}

impl Sm4Key {
    /// Exactly 16 bytes, else `key_length`.
    pub fn from_bytes(bytes: &[u8]) -> Result<Sm4Key, Error> {
        let arr: [u8; SM4_KEY_LEN] = bytes.try_into().map_err(|_| key_length(bytes.len()))?;
        Ok(Sm4Key(Zeroizing::new(arr)))
    }

    /// A key file's contents: exactly 16 raw bytes, or 32 hex digits (either
    /// case) followed by at most one line end (`\n` or `\r\n`). The two
    /// forms differ in length, so nothing is guessed; anything else
    /// (whitespace, a `0x` prefix, 15 or 17 bytes) is `key_length` or
    /// `invalid_key`, without quoting the file.
    pub fn from_file_bytes(bytes: &[u8]) -> Result<Sm4Key, Error> {
        if bytes.len() == SM4_KEY_LEN {
            return Sm4Key::from_bytes(bytes);
        }
        let text = bytes.strip_suffix(b"\r\n").or_else(|| bytes.strip_suffix(b"\n")).unwrap_or(bytes);
        if text.len() != 2 * SM4_KEY_LEN {
            return Err(Error::CipherKeyLength {
                algorithm: "sm4".into(),
                expected: "16 raw bytes or 32 hex digits".into(),
                found: bytes.len() as u64,
            });
        }
        let decoded =
            std::str::from_utf8(text).ok().and_then(crate::encoding::hex_decode).map(Zeroizing::new);
        match decoded {
            Some(raw) => Sm4Key::from_bytes(&raw),
            None => Err(Error::InvalidKey {
                detail: "an SM4 key file of 32 characters must hold hex digits only".into(),
            }),
        }
    }

    /// A fresh key from the system RNG (the one key generation uses).
    pub fn generate() -> Result<Sm4Key, Error> {
        let mut key = Zeroizing::new([0u8; SM4_KEY_LEN]);
        crate::sign::keys::rng_fill(key.as_mut_slice())?;
        Ok(Sm4Key(key))
    }

    /// The raw key bytes.
    pub fn as_bytes(&self) -> &[u8; SM4_KEY_LEN] {
        &self.0
    }
}

fn key_length(found: usize) -> Error {
    Error::CipherKeyLength { algorithm: "sm4".into(), expected: "16 bytes".into(), found: found as u64 }
}

fn iv_length(mode: Sm4Mode, found: usize) -> Error {
    Error::IvLength { mode: mode.label().into(), expected: mode.iv_len() as u64, found: found as u64 }
}

fn check(mode: Sm4Mode, key: &[u8], iv: &[u8], aad: &[u8]) -> Result<(), Error> {
    if key.len() != SM4_KEY_LEN {
        return Err(key_length(key.len()));
    }
    if iv.len() != mode.iv_len() {
        return Err(iv_length(mode, iv.len()));
    }
    if !aad.is_empty() && mode != Sm4Mode::Gcm {
        return Err(Error::InvalidArgument {
            name: "aad".into(),
            detail: format!("{} does not authenticate associated data; only sm4-gcm does", mode.label()),
        });
    }
    Ok(())
}

fn too_long(mode: Sm4Mode) -> Error {
    Error::LimitExceeded {
        what: format!("{} message length", mode.label()),
        limit: 1 << 36,
        location: Default::default(),
    }
}

/// Encrypts `data` with SM4 in `mode` (GB/T 32907-2016; see the module
/// documentation for each mode's IV, padding and output). `aad` is
/// authenticated by GCM and must be empty for the other modes.
///
/// Errors: `key_length`, `iv_length`, `invalid_argument` (associated data
/// outside GCM), `limit_exceeded` (more than GCM or the counter allows).
pub fn sm4_encrypt(mode: Sm4Mode, key: &[u8], iv: &[u8], data: &[u8], aad: &[u8]) -> Result<Vec<u8>, Error> {
    check(mode, key, iv, aad)?;
    match mode {
        Sm4Mode::Ecb => {
            let enc = ecb::Encryptor::<::sm4::Sm4>::new_from_slice(key).map_err(|_| key_length(key.len()))?;
            Ok(enc.encrypt_padded_vec::<Pkcs7>(data))
        }
        Sm4Mode::Cbc => {
            let enc = cbc::Encryptor::<::sm4::Sm4>::new_from_slices(key, iv)
                .map_err(|_| iv_length(mode, iv.len()))?;
            Ok(enc.encrypt_padded_vec::<Pkcs7>(data))
        }
        Sm4Mode::Ctr => ctr_apply(key, iv, data),
        Sm4Mode::Gcm => {
            let gcm = Sm4Gcm::new_from_slice(key).map_err(|_| key_length(key.len()))?;
            let nonce = aes_gcm::Nonce::<U12>::try_from(iv).map_err(|_| iv_length(mode, iv.len()))?;
            gcm.encrypt(&nonce, Payload { msg: data, aad }).map_err(|_| too_long(mode))
        }
    }
}

fn ctr_apply(key: &[u8], iv: &[u8], data: &[u8]) -> Result<Vec<u8>, Error> {
    let mut c = ctr::Ctr128BE::<::sm4::Sm4>::new_from_slices(key, iv)
        .map_err(|_| iv_length(Sm4Mode::Ctr, iv.len()))?;
    let mut out = data.to_vec();
    c.try_apply_keystream(&mut out).map_err(|_| too_long(Sm4Mode::Ctr))?;
    Ok(out)
}

/// Decrypts what [`sm4_encrypt`] (or gmssl, sm-crypto, OpenSSL, BouncyCastle
/// with the same mode, IV and padding) produced. Returns the plaintext, or
/// an error and nothing else: no partial plaintext when the padding or the
/// tag fails.
///
/// Errors: `key_length`, `iv_length`, `invalid_argument` (associated data
/// outside GCM), `ciphertext_truncated` (ECB/CBC not a whole number of
/// blocks or empty; GCM shorter than its tag), and the two verdicts
/// `bad_padding` (ECB/CBC: wrong key or IV, or altered ciphertext) and
/// `tag_mismatch` (GCM: wrong key, nonce or associated data, or altered
/// ciphertext or tag).
pub fn sm4_decrypt(mode: Sm4Mode, key: &[u8], iv: &[u8], data: &[u8], aad: &[u8]) -> Result<Vec<u8>, Error> {
    check(mode, key, iv, aad)?;
    match mode {
        Sm4Mode::Ecb | Sm4Mode::Cbc => {
            if data.is_empty() || data.len() % BLOCK != 0 {
                return Err(Error::CiphertextTruncated {
                    mode: mode.label().into(),
                    detail: format!("{} bytes is not a positive multiple of the 16-byte block", data.len()),
                });
            }
            // Decrypted in a buffer that is wiped if the padding fails.
            let mut buf = Zeroizing::new(data.to_vec());
            let len = if mode == Sm4Mode::Ecb {
                ecb::Decryptor::<::sm4::Sm4>::new_from_slice(key)
                    .map_err(|_| key_length(key.len()))?
                    .decrypt_padded::<Pkcs7>(&mut buf)
                    .map_err(|_| Error::BadPadding)?
                    .len()
            } else {
                cbc::Decryptor::<::sm4::Sm4>::new_from_slices(key, iv)
                    .map_err(|_| iv_length(mode, iv.len()))?
                    .decrypt_padded::<Pkcs7>(&mut buf)
                    .map_err(|_| Error::BadPadding)?
                    .len()
            };
            buf.truncate(len);
            Ok(std::mem::take(&mut *buf))
        }
        Sm4Mode::Ctr => ctr_apply(key, iv, data),
        Sm4Mode::Gcm => {
            if data.len() < GCM_TAG {
                return Err(Error::CiphertextTruncated {
                    mode: mode.label().into(),
                    detail: format!("{} bytes is shorter than the 16-byte tag", data.len()),
                });
            }
            let gcm = Sm4Gcm::new_from_slice(key).map_err(|_| key_length(key.len()))?;
            let nonce = aes_gcm::Nonce::<U12>::try_from(iv).map_err(|_| iv_length(mode, iv.len()))?;
            gcm.decrypt(&nonce, Payload { msg: data, aad }).map_err(|_| Error::TagMismatch)
        }
    }
}

/// A fresh IV or nonce of the mode's length (16 bytes for CBC and CTR, 12
/// for GCM, none for ECB) from the system RNG key generation uses. Send it
/// beside the ciphertext; never reuse one with the same key.
pub fn sm4_random_iv(mode: Sm4Mode) -> Result<Vec<u8>, Error> {
    let mut iv = vec![0u8; mode.iv_len()];
    crate::sign::keys::rng_fill(&mut iv)?;
    Ok(iv)
}

/// A fresh 16-byte SM4 key from the system RNG (the bytes of [`Sm4Key::generate`]).
pub fn sm4_generate_key() -> Result<Vec<u8>, Error> {
    Ok(Sm4Key::generate()?.as_bytes().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::{hex, hex_decode};

    fn h(s: &str) -> Vec<u8> {
        hex_decode(s).expect("hex")
    }

    const KEY: &str = "0123456789abcdeffedcba9876543210";

    #[test]
    fn gbt32907_example_one_block() {
        // GB/T 32907-2016 Appendix A, example 1: one block, key = plaintext.
        let out = sm4_encrypt(Sm4Mode::Ecb, &h(KEY), &[], &h(KEY), &[]).expect("encrypts");
        assert_eq!(hex(&out[..16]), "681edf34d206965e86b3e94f536e4246");
        assert_eq!(out.len(), 32, "PKCS#7 adds a whole block to a block-multiple plaintext");
        assert_eq!(sm4_decrypt(Sm4Mode::Ecb, &h(KEY), &[], &out, &[]).expect("decrypts"), h(KEY));
    }

    /// GB/T 32907-2016 Appendix A, example 2: the block encrypted 1,000,000
    /// times. Ignored in `make test` (a few seconds unoptimized); run with
    /// `cargo test -p govshare-core --release --lib sm4 -- --ignored`.
    #[test]
    #[ignore = "1,000,000 block encryptions: run with --release -- --ignored"]
    fn gbt32907_example_million_iterations() {
        use ::sm4::cipher::{BlockCipherEncrypt, KeyInit};
        let cipher = ::sm4::Sm4::new_from_slice(&h(KEY)).expect("key");
        let mut block = ::sm4::cipher::Array::try_from(h(KEY).as_slice()).expect("block");
        for _ in 0..1_000_000 {
            cipher.encrypt_block(&mut block);
        }
        assert_eq!(hex(&block), "595298c7c6fd271f0402f804c33d3f66");
    }

    #[test]
    fn every_mode_round_trips_every_length() {
        let key = Sm4Key::generate().expect("rng");
        for mode in Sm4Mode::ALL.iter().copied() {
            let iv = sm4_random_iv(mode).expect("rng");
            assert_eq!(iv.len(), mode.iv_len());
            let aad: &[u8] = if mode == Sm4Mode::Gcm { b"grant 1" } else { b"" };
            for len in 0..70 {
                let data: Vec<u8> = (0..len).map(|i| i as u8).collect();
                let ct = sm4_encrypt(mode, key.as_bytes(), &iv, &data, aad).expect("encrypts");
                let expect_len = match mode {
                    Sm4Mode::Ecb | Sm4Mode::Cbc => (len / 16 + 1) * 16,
                    Sm4Mode::Ctr => len,
                    Sm4Mode::Gcm => len + 16,
                };
                assert_eq!(ct.len(), expect_len, "{mode} {len}");
                assert_eq!(sm4_decrypt(mode, key.as_bytes(), &iv, &ct, aad).expect("decrypts"), data);
            }
        }
    }

    #[test]
    fn refusals_are_coded_and_quote_nothing() {
        let key = h(KEY);
        let iv16 = [7u8; 16];
        let code = |r: Result<Vec<u8>, Error>| r.expect_err("refused").code();
        assert_eq!(code(sm4_encrypt(Sm4Mode::Cbc, &key[..15], &iv16, b"x", b"")), "key_length");
        assert_eq!(code(sm4_encrypt(Sm4Mode::Cbc, &key, &iv16[..12], b"x", b"")), "iv_length");
        assert_eq!(code(sm4_encrypt(Sm4Mode::Ecb, &key, &iv16, b"x", b"")), "iv_length");
        assert_eq!(code(sm4_encrypt(Sm4Mode::Gcm, &key, &iv16, b"x", b"")), "iv_length");
        assert_eq!(code(sm4_encrypt(Sm4Mode::Cbc, &key, &iv16, b"x", b"a")), "invalid_argument");
        assert_eq!(code(sm4_decrypt(Sm4Mode::Cbc, &key, &iv16, &[0; 17], b"")), "ciphertext_truncated");
        assert_eq!(code(sm4_decrypt(Sm4Mode::Ecb, &key, &[], &[], b"")), "ciphertext_truncated");
        assert_eq!(code(sm4_decrypt(Sm4Mode::Gcm, &key, &iv16[..12], &[0; 15], b"")), "ciphertext_truncated");
        // Tamper every byte of a CBC and a GCM ciphertext: never a plaintext
        // that differs from the original, and GCM always refuses.
        let data = b"secret personal data, 34 bytes ok";
        let cbc = sm4_encrypt(Sm4Mode::Cbc, &key, &iv16, data, b"").expect("cbc");
        let last_block = cbc.len() - 16;
        for i in last_block..cbc.len() {
            let mut t = cbc.clone();
            t[i] ^= 0x80;
            // The last byte of the padding block almost always breaks PKCS#7.
            if let Err(e) = sm4_decrypt(Sm4Mode::Cbc, &key, &iv16, &t, b"") {
                assert_eq!(e.code(), "bad_padding");
                assert_eq!(e.kind(), crate::ErrorKind::Verdict);
                let shown = format!("{e} {}", e.message_zh());
                assert!(!shown.contains("secret") && !shown.contains("0123"), "{shown}");
            }
        }
        let gcm = sm4_encrypt(Sm4Mode::Gcm, &key, &iv16[..12], data, b"aad").expect("gcm");
        for i in 0..gcm.len() {
            let mut t = gcm.clone();
            t[i] ^= 1;
            assert_eq!(code(sm4_decrypt(Sm4Mode::Gcm, &key, &iv16[..12], &t, b"aad")), "tag_mismatch");
        }
        assert_eq!(code(sm4_decrypt(Sm4Mode::Gcm, &key, &iv16[..12], &gcm, b"aae")), "tag_mismatch");
        assert_eq!(code(sm4_decrypt(Sm4Mode::Gcm, &key, &iv16[..12], &gcm, b"")), "tag_mismatch");
    }

    #[test]
    fn key_files_hold_raw_bytes_or_hex_and_nothing_else() {
        let raw = h(KEY);
        assert_eq!(Sm4Key::from_file_bytes(&raw).expect("raw").as_bytes().as_slice(), raw.as_slice());
        for text in [KEY.to_owned(), format!("{KEY}\n"), format!("{KEY}\r\n"), KEY.to_uppercase()] {
            assert_eq!(
                Sm4Key::from_file_bytes(text.as_bytes()).expect("hex").as_bytes().as_slice(),
                raw.as_slice()
            );
        }
        let code = |b: &[u8]| Sm4Key::from_file_bytes(b).expect_err("refused").code();
        assert_eq!(code(&raw[..15]), "key_length");
        assert_eq!(code(b""), "key_length");
        assert_eq!(code(format!("{KEY}\n\n").as_bytes()), "key_length");
        assert_eq!(code(format!(" {KEY}").as_bytes()), "key_length");
        assert_eq!(code(format!("0x{KEY}").as_bytes()), "key_length");
        assert_eq!(code(KEY.replace('0', "g").as_bytes()), "invalid_key");
        let e = Sm4Key::from_file_bytes(KEY.replace('0', "g").as_bytes()).expect_err("refused");
        assert!(!e.to_string().contains("123456789"));
        assert_eq!(format!("{:?}", Sm4Key::from_bytes(&raw).expect("key")), "Sm4Key([redacted])");
    }

    #[test]
    fn mode_names_are_serde_names() {
        crate::names::assert_names_match_serde(Sm4Mode::ALL, Sm4Mode::as_str);
        assert_eq!("gcm".parse::<Sm4Mode>().expect("name"), Sm4Mode::Gcm);
        assert_eq!("GCM".parse::<Sm4Mode>().expect_err("strict").code(), "invalid_argument");
        assert!(Sm4Mode::Ecb.is_legacy() && !Sm4Mode::Gcm.is_legacy());
    }
}
