//! SM2 public-key encryption (GB/T 32918.4-2016) on the recommended curve
//! sm2p256v1, in every ciphertext form the field exchanges.
//!
//! A ciphertext is C1 (the point `[k]G`), C3 (`SM3(x2 ‖ M ‖ y2)`, 32 bytes)
//! and C2 (the plaintext XOR the KDF stream, as long as the plaintext). The
//! forms differ only in how the three are laid out, and nothing in the bytes
//! says which form they are in, so the form is always an explicit
//! [`Sm2CiphertextFormat`] — never guessed:
//!
//! | order | layout | `point_prefix` |
//! |---|---|---|
//! | `c1c3c2` (GB/T 32918.4-2016, the default) | `C1 ‖ C3 ‖ C2` | C1 is `04 ‖ x ‖ y` (65 bytes), or `x ‖ y` (64) without |
//! | `c1c2c3` (the 2010 draft; older libraries) | `C1 ‖ C2 ‖ C3` | as above |
//! | `asn1` (GM/T 0009 / GB/T 35276) | DER `SEQUENCE { x INTEGER, y INTEGER, C3 OCTET STRING, C2 OCTET STRING }` | must be `true`: the form has no prefix |
//!
//! The arithmetic, the KDF and the C3 check are the `sm2` crate's (`pke`);
//! this module fixes the layouts, validates C1 on the curve before anything
//! else, and turns every failure into a coded [`Error`]. The randomness `k`
//! comes from the system RNG that key generation and signing use
//! (`crypto.getRandomValues` on wasm32). Keys are govshare's one key type,
//! [`crate::sign::Key`] of algorithm `sm2-sm3`: the public key encrypts, the
//! private key decrypts. The SM2 user ID plays no part in encryption.
//!
//! Decryption fails closed: the plaintext is returned whole or not at all
//! (the working buffer is wiped when C3 does not match), and no error
//! carries a key, plaintext or ciphertext byte.

use crate::sign::der::{self, TAG_INTEGER, TAG_OCTET_STRING, TAG_SEQUENCE};
use sm2::elliptic_curve::sec1::{FromSec1Point, Sec1Point, ToSec1Point};
use sm2::pke::{Cipher, DecryptingKey, EncryptingKey, Mode};
use sm2::{AffinePoint, Sm2};
use zeroize::Zeroizing;

use crate::names::named_enum;
use crate::Error;

const COORD: usize = 32;
const C3_LEN: usize = 32;

/// How C1, C3 and C2 are laid out (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum Sm2CiphertextOrder {
    /// `C1 ‖ C3 ‖ C2`: GB/T 32918.4-2016, the default.
    #[default]
    C1c3c2,
    /// `C1 ‖ C2 ‖ C3`: the 2010 draft order that older libraries still write.
    C1c2c3,
    /// DER `SEQUENCE { x, y, C3, C2 }` (GM/T 0009, GB/T 35276).
    Asn1,
}

named_enum!(Sm2CiphertextOrder, "SM2 ciphertext order" { C1c3c2 = "c1c3c2", C1c2c3 = "c1c2c3", Asn1 = "asn1" });

/// An SM2 ciphertext form: the order and, for the raw orders, whether C1
/// starts with the uncompressed-point byte `04`. The default is `c1c3c2`
/// with `04`. For `asn1` `point_prefix` must be `true` (the DER form holds
/// x and y as INTEGERs and has no prefix; `false` is `invalid_argument`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Sm2CiphertextFormat {
    /// `c1c3c2`, `c1c2c3` or `asn1`.
    pub order: Sm2CiphertextOrder,
    /// C1 is `04 ‖ x ‖ y` (true) or `x ‖ y` (false; sm-crypto's form).
    pub point_prefix: bool,
}

impl Default for Sm2CiphertextFormat {
    fn default() -> Self {
        Sm2CiphertextFormat { order: Sm2CiphertextOrder::C1c3c2, point_prefix: true }
    }
}

impl Sm2CiphertextFormat {
    /// A format; see the type's documentation for the `asn1` rule.
    pub fn new(order: Sm2CiphertextOrder, point_prefix: bool) -> Self {
        Sm2CiphertextFormat { order, point_prefix }
    }

    /// The name errors use: `sm2-c1c3c2`, `sm2-c1c2c3 without 04`, `sm2-asn1`.
    fn label(self) -> String {
        match (self.order, self.point_prefix) {
            (Sm2CiphertextOrder::Asn1, _) => "sm2-asn1".into(),
            (o, true) => format!("sm2-{o}"),
            (o, false) => format!("sm2-{o} without 04"),
        }
    }

    fn check(self) -> Result<(), Error> {
        if self.order == Sm2CiphertextOrder::Asn1 && !self.point_prefix {
            return Err(Error::InvalidArgument {
                name: "point_prefix".into(),
                detail:
                    "the asn1 form holds x and y as INTEGERs and has no 04 prefix; leave point_prefix true"
                        .into(),
            });
        }
        Ok(())
    }
}

/// The three parts of a ciphertext, C1 validated on the curve.
struct Parts {
    /// `x ‖ y`, 64 bytes.
    c1: [u8; 2 * COORD],
    c3: [u8; C3_LEN],
    c2: Vec<u8>,
}

fn truncated(format: Sm2CiphertextFormat, detail: String) -> Error {
    Error::CiphertextTruncated { mode: format.label(), detail }
}

fn malformed(format: Sm2CiphertextFormat, detail: &str) -> Error {
    Error::CiphertextMalformed { format: format.label(), detail: detail.into() }
}

/// C1 on sm2p256v1 (coordinates below p, the curve equation holds).
fn point(c1: &[u8; 2 * COORD]) -> Result<AffinePoint, Error> {
    let mut sec1 = [0u8; 1 + 2 * COORD];
    sec1[0] = 0x04;
    sec1[1..].copy_from_slice(c1);
    let not_on_curve = || Error::PointNotOnCurve { what: "C1".into() };
    let encoded = Sec1Point::<Sm2>::from_bytes(sec1).map_err(|_| not_on_curve())?;
    Option::from(AffinePoint::from_sec1_point(&encoded)).ok_or_else(not_on_curve)
}

fn parse(data: &[u8], format: Sm2CiphertextFormat) -> Result<Parts, Error> {
    format.check()?;
    let parts = match format.order {
        Sm2CiphertextOrder::Asn1 => parse_der(data, format)?,
        order => {
            let prefix = usize::from(format.point_prefix);
            let min = prefix + 2 * COORD + C3_LEN + 1;
            if data.len() < min {
                return Err(truncated(
                    format,
                    format!(
                        "{} bytes is shorter than C1 ({}) + C3 (32) + at least one byte of C2",
                        data.len(),
                        prefix + 2 * COORD
                    ),
                ));
            }
            if format.point_prefix && data[0] != 0x04 {
                return Err(malformed(
                    format,
                    "C1 does not start with 04 (an uncompressed point); a ciphertext without the prefix needs point_prefix false",
                ));
            }
            let rest = &data[prefix..];
            let (c1, rest) = rest.split_at(2 * COORD);
            let (c3, c2) = match order {
                Sm2CiphertextOrder::C1c2c3 => {
                    let (c2, c3) = rest.split_at(rest.len() - C3_LEN);
                    (c3, c2)
                }
                _ => rest.split_at(C3_LEN),
            };
            let mut p = Parts { c1: [0; 2 * COORD], c3: [0; C3_LEN], c2: c2.to_vec() };
            p.c1.copy_from_slice(c1);
            p.c3.copy_from_slice(c3);
            p
        }
    };
    point(&parts.c1)?;
    Ok(parts)
}

/// One DER TLV at the start of `data`: (tag, content, rest). Definite,
/// minimal lengths only.
fn tlv(data: &[u8], format: Sm2CiphertextFormat) -> Result<(u8, &[u8], &[u8]), Error> {
    let short = || truncated(format, "the DER structure ends early".into());
    let (&tag, rest) = data.split_first().ok_or_else(short)?;
    let (&first, mut rest) = rest.split_first().ok_or_else(short)?;
    let len = if first < 0x80 {
        usize::from(first)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return Err(if rest.len() < n {
                short()
            } else {
                malformed(format, "a DER length is not definite")
            });
        }
        let mut len = 0usize;
        for &b in &rest[..n] {
            len = (len << 8) | usize::from(b);
        }
        if rest[0] == 0 || len < 0x80 {
            return Err(malformed(format, "a DER length is not minimal"));
        }
        rest = &rest[n..];
        len
    };
    if rest.len() < len {
        return Err(short());
    }
    let (content, rest) = rest.split_at(len);
    Ok((tag, content, rest))
}

/// A DER INTEGER holding a coordinate: positive, minimal, at most 32 bytes
/// once its sign byte is removed; returned left-padded to 32 bytes.
fn coordinate(content: &[u8], format: Sm2CiphertextFormat) -> Result<[u8; COORD], Error> {
    let bad = |d: &str| malformed(format, d);
    let (&first, _) = content.split_first().ok_or_else(|| bad("an INTEGER is empty"))?;
    if first & 0x80 != 0 {
        return Err(bad("a coordinate INTEGER is negative"));
    }
    let digits = if first == 0 {
        match content.get(1) {
            Some(b) if b & 0x80 == 0 => return Err(bad("a coordinate INTEGER is not minimal")),
            _ => &content[1..],
        }
    } else {
        content
    };
    if digits.len() > COORD {
        return Err(bad("a coordinate INTEGER is longer than 32 bytes"));
    }
    let mut out = [0u8; COORD];
    out[COORD - digits.len()..].copy_from_slice(digits);
    Ok(out)
}

fn parse_der(data: &[u8], format: Sm2CiphertextFormat) -> Result<Parts, Error> {
    // The tag first: bytes of another form (a raw C1C3C2 starts with 04) are
    // malformed whatever their next byte says as a DER length.
    if data.first().is_some_and(|&t| t != TAG_SEQUENCE) {
        return Err(malformed(format, "not a DER SEQUENCE"));
    }
    let (tag, body, after) = tlv(data, format)?;
    if tag != TAG_SEQUENCE {
        return Err(malformed(format, "not a DER SEQUENCE"));
    }
    if !after.is_empty() {
        return Err(malformed(format, "bytes follow the DER SEQUENCE"));
    }
    let mut fields = Vec::with_capacity(4);
    let mut rest = body;
    for (want, what) in [
        (TAG_INTEGER, "x is not an INTEGER"),
        (TAG_INTEGER, "y is not an INTEGER"),
        (TAG_OCTET_STRING, "C3 is not an OCTET STRING"),
        (TAG_OCTET_STRING, "C2 is not an OCTET STRING"),
    ] {
        let (tag, content, next) = tlv(rest, format)?;
        if tag != want {
            return Err(malformed(format, what));
        }
        fields.push(content);
        rest = next;
    }
    if !rest.is_empty() {
        return Err(malformed(format, "the SEQUENCE has more than x, y, C3 and C2"));
    }
    let (x, y) = (coordinate(fields[0], format)?, coordinate(fields[1], format)?);
    if fields[2].len() != C3_LEN {
        return Err(malformed(format, "C3 is not 32 bytes"));
    }
    if fields[3].is_empty() {
        return Err(truncated(format, "C2 is empty".into()));
    }
    let mut p = Parts { c1: [0; 2 * COORD], c3: [0; C3_LEN], c2: fields[3].to_vec() };
    p.c1[..COORD].copy_from_slice(&x);
    p.c1[COORD..].copy_from_slice(&y);
    p.c3.copy_from_slice(fields[2]);
    Ok(p)
}

fn serialize(parts: &Parts, format: Sm2CiphertextFormat) -> Result<Vec<u8>, Error> {
    format.check()?;
    let (first, second) = match format.order {
        // GM/T 0009: SEQUENCE { INTEGER x, INTEGER y, OCTET STRING C3, OCTET STRING C2 }.
        Sm2CiphertextOrder::Asn1 => {
            return Ok(der::seq(&[
                &der::uint(&parts.c1[..COORD]),
                &der::uint(&parts.c1[COORD..]),
                &der::tlv(TAG_OCTET_STRING, &parts.c3),
                &der::tlv(TAG_OCTET_STRING, &parts.c2),
            ]))
        }
        Sm2CiphertextOrder::C1c2c3 => (&parts.c2[..], &parts.c3[..]),
        Sm2CiphertextOrder::C1c3c2 => (&parts.c3[..], &parts.c2[..]),
    };
    let mut out = Vec::with_capacity(1 + 2 * COORD + C3_LEN + parts.c2.len());
    if format.point_prefix {
        out.push(0x04);
    }
    out.extend_from_slice(&parts.c1);
    out.extend_from_slice(first);
    out.extend_from_slice(second);
    Ok(out)
}

/// The system RNG (`sign`'s, the one source of randomness in core) as the
/// `rand_core` generator the `sm2` crate draws `k` from.
struct SystemRng;

impl rand_core::TryRng for SystemRng {
    type Error = Error;
    fn try_next_u32(&mut self) -> Result<u32, Error> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> Result<u64, Error> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Error> {
        crate::sign::keys::rng_fill(dst)
    }
}

impl rand_core::TryCryptoRng for SystemRng {}

const ALGORITHM: &str = "sm2-sm3";

/// Encrypts `plaintext` to an SM2 public key (GB/T 32918.4-2016) and
/// returns the ciphertext in `format`. Randomized: two encryptions of the
/// same plaintext differ. A private key encrypts to its own public key.
///
/// Errors: `key_algorithm_mismatch` (a key of another algorithm),
/// `invalid_argument` (an empty plaintext — the standard's KDF cannot
/// produce a non-zero stream of length 0 — or `asn1` without the prefix),
/// `random_unavailable`.
pub fn sm2_encrypt(
    key: &crate::sign::Key,
    plaintext: &[u8],
    format: Sm2CiphertextFormat,
) -> Result<Vec<u8>, Error> {
    format.check()?;
    let public = key.sm2_public_point(ALGORITHM)?;
    if plaintext.is_empty() {
        return Err(Error::InvalidArgument {
            name: "plaintext".into(),
            detail: "SM2 encryption needs at least one byte (GB/T 32918.4: t must not be all zero)".into(),
        });
    }
    let enc = EncryptingKey::from_sec1_bytes(public)
        .map_err(|_| Error::InvalidKey { detail: "SM2 public key".into() })?;
    let cipher =
        enc.encrypt_cipher::<_, sm3::Sm3>(&mut SystemRng, plaintext).map_err(|_| Error::RandomUnavailable)?;
    let mut parts = Parts { c1: [0; 2 * COORD], c3: [0; C3_LEN], c2: cipher.c2().to_vec() };
    parts.c1.copy_from_slice(&cipher.c1().to_sec1_point(false).as_bytes()[1..]);
    parts.c3.copy_from_slice(cipher.c3());
    serialize(&parts, format)
}

/// Decrypts an SM2 ciphertext in `format` with a private key. Returns the
/// plaintext, or an error and no byte of it.
///
/// Errors: `key_algorithm_mismatch` (another algorithm), `public_key_only`,
/// `invalid_argument` (`asn1` without the prefix), `ciphertext_truncated`
/// (shorter than C1 + C3 + one byte of C2; an empty C2),
/// `ciphertext_malformed` (no `04` where the format says there is one; a
/// DER structure other than `SEQUENCE {x, y, C3 (32 bytes), C2}`),
/// `point_not_on_curve` (C1; usually the wrong prefix option or altered
/// bytes), and the verdict `decryption_failed` (C3 does not match: wrong
/// key, the other raw order, or an altered C2/C3).
pub fn sm2_decrypt(
    key: &crate::sign::Key,
    ciphertext: &[u8],
    format: Sm2CiphertextFormat,
) -> Result<Vec<u8>, Error> {
    format.check()?;
    let d = key.sm2_private_scalar(ALGORITHM)?;
    let parts = parse(ciphertext, format)?;
    let dec =
        DecryptingKey::from_slice(&d).map_err(|_| Error::InvalidKey { detail: "SM2 private key".into() })?;
    let mut canonical = Vec::with_capacity(1 + 2 * COORD + C3_LEN + parts.c2.len());
    canonical.push(0x04);
    canonical.extend_from_slice(&parts.c1);
    canonical.extend_from_slice(&parts.c3);
    canonical.extend_from_slice(&parts.c2);
    let cipher = Cipher::<Sm2, sm3::Sm3>::from_slice(&canonical, Mode::C1C3C2)
        .map_err(|_| Error::PointNotOnCurve { what: "C1".into() })?;
    // Decrypted in a buffer that is wiped if C3 does not match.
    let mut buf = Zeroizing::new(vec![0u8; parts.c2.len()]);
    let n =
        dec.decrypt_cipher_with_buf::<sm3::Sm3>(&cipher, &mut buf).map_err(|_| Error::DecryptionFailed)?;
    buf.truncate(n);
    Ok(std::mem::take(&mut *buf))
}

/// Rewrites an SM2 ciphertext from one form to another without a key
/// (e.g. sm-crypto's `c1c3c2` without `04` to `asn1` for BouncyCastle). C1
/// is checked on the curve; C3 cannot be checked without the private key.
///
/// Errors: those of reading `from` in [`sm2_decrypt`] (not the verdict),
/// and `invalid_argument` for `asn1` without the prefix on either side.
pub fn sm2_convert_ciphertext(
    ciphertext: &[u8],
    from: Sm2CiphertextFormat,
    to: Sm2CiphertextFormat,
) -> Result<Vec<u8>, Error> {
    to.check()?;
    serialize(&parse(ciphertext, from)?, to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sign::{Algorithm, Key};

    fn fmt(order: Sm2CiphertextOrder, prefix: bool) -> Sm2CiphertextFormat {
        Sm2CiphertextFormat::new(order, prefix)
    }

    fn formats() -> Vec<Sm2CiphertextFormat> {
        vec![
            fmt(Sm2CiphertextOrder::C1c3c2, true),
            fmt(Sm2CiphertextOrder::C1c3c2, false),
            fmt(Sm2CiphertextOrder::C1c2c3, true),
            fmt(Sm2CiphertextOrder::C1c2c3, false),
            fmt(Sm2CiphertextOrder::Asn1, true),
        ]
    }

    #[test]
    fn every_format_round_trips_and_converts() {
        let key = Key::generate(Algorithm::Sm2Sm3).expect("key");
        let public = key.public_key().expect("public");
        for len in [1usize, 2, 31, 32, 33, 64, 127, 128, 129, 300] {
            let data: Vec<u8> = (0..len).map(|i| i as u8).collect();
            for f in formats() {
                let ct = sm2_encrypt(&public, &data, f).expect("encrypts");
                assert_eq!(sm2_decrypt(&key, &ct, f).expect("decrypts"), data, "{f:?} {len}");
                for g in formats() {
                    let other = sm2_convert_ciphertext(&ct, f, g).expect("converts");
                    assert_eq!(sm2_decrypt(&key, &other, g).expect("decrypts"), data);
                    assert_eq!(sm2_convert_ciphertext(&other, g, f).expect("back"), ct);
                }
            }
        }
    }

    #[test]
    fn refusals_are_coded_and_quote_nothing() {
        let key = Key::generate(Algorithm::Sm2Sm3).expect("key");
        let public = key.public_key().expect("public");
        let code = |r: Result<Vec<u8>, Error>| r.expect_err("refused").code();
        let f = Sm2CiphertextFormat::default();
        let data = b"secret personal data";
        let ct = sm2_encrypt(&public, data, f).expect("ct");
        assert_eq!(code(sm2_decrypt(&public, &ct, f)), "public_key_only");
        let ed = Key::generate(Algorithm::Ed25519).expect("ed");
        assert_eq!(code(sm2_decrypt(&ed, &ct, f)), "key_algorithm_mismatch");
        assert_eq!(code(sm2_encrypt(&ed, data, f)), "key_algorithm_mismatch");
        assert_eq!(code(sm2_encrypt(&public, b"", f)), "invalid_argument");
        let asn1_bare = fmt(Sm2CiphertextOrder::Asn1, false);
        assert_eq!(code(sm2_encrypt(&public, data, asn1_bare)), "invalid_argument");
        assert_eq!(code(sm2_convert_ciphertext(&ct, f, asn1_bare)), "invalid_argument");
        // Every byte class: C1 → not on curve, C3 and C2 → the verdict.
        for i in 0..ct.len() {
            let mut t = ct.clone();
            t[i] ^= 1;
            let e = sm2_decrypt(&key, &t, f).expect_err("tampered");
            let want = match i {
                0 => "ciphertext_malformed",
                1..=64 => "point_not_on_curve",
                _ => "decryption_failed",
            };
            // A flipped C1 byte can land on the curve (about half of the x
            // flips do): then the C3 check refuses it.
            assert!(
                e.code() == want || (want == "point_not_on_curve" && e.code() == "decryption_failed"),
                "{i}: {e}"
            );
            let shown = format!("{e} {}", e.message_zh());
            assert!(!shown.contains("secret"));
        }
        for n in 0..97 {
            assert_eq!(code(sm2_decrypt(&key, &ct[..n], f)), "ciphertext_truncated", "{n}");
        }
        let other = Key::generate(Algorithm::Sm2Sm3).expect("other");
        assert_eq!(code(sm2_decrypt(&other, &ct, f)), "decryption_failed");
        assert_eq!(code(sm2_decrypt(&key, &ct, fmt(Sm2CiphertextOrder::C1c2c3, true))), "decryption_failed");
        assert_eq!(
            code(sm2_decrypt(&key, &ct, fmt(Sm2CiphertextOrder::C1c3c2, false))),
            "point_not_on_curve"
        );
        // The prefix missing where the format expects it. (Dropping the first
        // byte instead would be read as a prefix whenever x happened to start
        // with 0x04, one key in 256, and fail as truncated.)
        let mut unprefixed = ct[1..].to_vec();
        if unprefixed[0] == 0x04 {
            unprefixed[0] = 0x05;
        }
        assert_eq!(code(sm2_decrypt(&key, &unprefixed, f)), "ciphertext_malformed");
        // A raw ciphertext read as ASN.1 is malformed whatever x's first byte
        // (read as a DER length, it once made this test fail as truncated).
        for x0 in 0..=255u8 {
            let mut raw = ct.clone();
            raw[1] = x0;
            assert_eq!(
                code(sm2_decrypt(&key, &raw, fmt(Sm2CiphertextOrder::Asn1, true))),
                "ciphertext_malformed"
            );
        }
        let der = sm2_convert_ciphertext(&ct, f, fmt(Sm2CiphertextOrder::Asn1, true)).expect("der");
        let a = fmt(Sm2CiphertextOrder::Asn1, true);
        for n in 0..der.len() {
            let c = code(sm2_decrypt(&key, &der[..n], a));
            assert!(c == "ciphertext_truncated" || c == "ciphertext_malformed", "{n} {c}");
        }
        let mut longer = der.clone();
        longer.push(0);
        assert_eq!(code(sm2_decrypt(&key, &longer, a)), "ciphertext_malformed");
    }

    #[test]
    fn order_names_are_serde_names() {
        crate::names::assert_names_match_serde(Sm2CiphertextOrder::ALL, Sm2CiphertextOrder::as_str);
        assert_eq!("asn1".parse::<Sm2CiphertextOrder>().expect("name"), Sm2CiphertextOrder::Asn1);
        assert_eq!("C1C3C2".parse::<Sm2CiphertextOrder>().expect_err("strict").code(), "invalid_argument");
        let f: Sm2CiphertextFormat =
            serde_json::from_str(r#"{"order":"c1c2c3","point_prefix":false}"#).expect("format");
        assert_eq!(f, fmt(Sm2CiphertextOrder::C1c2c3, false));
    }
}
