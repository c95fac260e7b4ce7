//! SM2 signatures with SM3 (GB/T 32918.2, GB/T 35276), on the recommended
//! curve sm2p256v1.
//!
//! Signing is done here over the `sm2` crate's curve arithmetic so that the
//! secret scalar lives in a type that is zeroized on drop and so the test
//! suite can inject `k` to reproduce the standard's worked example.
//! The nonce `k` comes from RFC 6979's HMAC-DRBG instantiated with **HMAC-SM3**
//! over (d, e), with 32 bytes from the system RNG mixed in as additional data
//! ("hedged" signing): deterministic-strength even if the RNG is weak, and
//! not repeatable even if it is not. On wasm32 the RNG is getrandom's JS
//! backend (`crypto.getRandomValues`) through ring. Verification is the
//! `sm2` crate's.

use sm2::elliptic_curve::ops::Reduce;
use sm2::elliptic_curve::point::AffineCoordinates;
use sm2::elliptic_curve::sec1::ToSec1Point;
use sm2::elliptic_curve::{Curve, Group, PrimeField};
use sm2::{FieldBytes, NonZeroScalar, ProjectivePoint, Scalar, Sm2, U256};
use sm3::{Digest, Sm3};
use zeroize::Zeroize;

use crate::Error;

/// The default SM2 user ID (GB/T 35276 §5.3; GM/T 0009).
pub const SM2_DEFAULT_USER_ID: &str = "1234567812345678";

/// Curve coefficients a and b of sm2p256v1 (GB/T 32918.5), for Z_A.
const A: [u8; 32] = hex32("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC");
const B: [u8; 32] = hex32("28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93");

const fn hex32(s: &str) -> [u8; 32] {
    let b = s.as_bytes();
    let mut out = [0u8; 32];
    let mut i = 0;
    while i < 32 {
        out[i] = (nib(b[2 * i]) << 4) | nib(b[2 * i + 1]);
        i += 1;
    }
    out
}

const fn nib(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        _ => c - b'A' + 10,
    }
}

/// An SM2 private key with its precomputed public point and `(1+d)^-1`.
pub(crate) struct Sm2Private {
    d: NonZeroScalar,
    d_plus_1_inv: NonZeroScalar,
    /// Uncompressed public point (65 bytes, 0x04 || x || y).
    pub(crate) public: Vec<u8>,
}

impl Drop for Sm2Private {
    fn drop(&mut self) {
        self.d.zeroize();
        self.d_plus_1_inv.zeroize();
    }
}

fn invalid(detail: &str) -> Error {
    Error::InvalidKey { detail: detail.to_owned() }
}

impl Sm2Private {
    /// From the 32-byte big-endian private scalar `d` (1 ≤ d ≤ n-2).
    pub(crate) fn from_bytes(d: &[u8]) -> Result<Self, Error> {
        let d =
            crate::sign::der::left_pad(d, 32).ok_or_else(|| invalid("SM2 private key is not 32 bytes"))?;
        let mut bytes = FieldBytes::default();
        bytes.copy_from_slice(&d);
        let scalar: Option<Scalar> = Scalar::from_repr(bytes).into();
        bytes.zeroize();
        let scalar = scalar.ok_or_else(|| invalid("SM2 private key is not below the group order"))?;
        let d: Option<NonZeroScalar> = NonZeroScalar::new(scalar).into();
        let d = d.ok_or_else(|| invalid("SM2 private key is zero"))?;
        let inv: Option<Scalar> = (*d.as_ref() + Scalar::ONE).invert().into();
        let inv = inv.ok_or_else(|| invalid("SM2 private key is n-1"))?;
        let d_plus_1_inv: Option<NonZeroScalar> = NonZeroScalar::new(inv).into();
        let d_plus_1_inv = d_plus_1_inv.ok_or_else(|| invalid("SM2 private key is n-1"))?;
        let point = (ProjectivePoint::generator() * *d.as_ref()).to_affine();
        let public = point.to_sec1_point(false).as_bytes().to_vec();
        Ok(Sm2Private { d, d_plus_1_inv, public })
    }

    /// The private scalar, big-endian (for export; the caller zeroizes it).
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        self.d.to_repr().to_vec()
    }

    /// Signs `message` for `user_id`; returns `r || s` (64 bytes).
    pub(crate) fn sign(&self, user_id: &str, message: &[u8], entropy: &[u8]) -> Result<Vec<u8>, Error> {
        let e = sm2_digest(&self.public, user_id, message)?;
        let mut x = self.d.to_repr();
        let mut kgen = rfc6979::KGenerator::<Sm3, U256>::new(&x, &e, entropy, &Sm2::ORDER);
        x.zeroize();
        for _ in 0..32 {
            let mut k_bytes = FieldBytes::default();
            kgen.fill_next_k(&mut k_bytes);
            let k: Option<Scalar> = Scalar::from_repr(k_bytes).into();
            k_bytes.zeroize();
            let Some(mut k) = k else { continue };
            let out = self.sign_with_k(&e, &k);
            k.zeroize();
            if let Some(sig) = out {
                return Ok(sig);
            }
        }
        Err(Error::RandomUnavailable)
    }

    /// GB/T 32918.2 §6.1 steps A4–A7 for a given `k`; `None` when `k` must be redrawn.
    pub(crate) fn sign_with_k(&self, e: &[u8], k: &Scalar) -> Option<Vec<u8>> {
        let mut e_bytes = FieldBytes::default();
        e_bytes.copy_from_slice(e.get(..32)?);
        let e = <Scalar as Reduce<FieldBytes>>::reduce(&e_bytes);
        let point = (ProjectivePoint::generator() * k).to_affine();
        let r = e + <Scalar as Reduce<FieldBytes>>::reduce(&point.x());
        if bool::from(r.is_zero()) || bool::from((r + k).is_zero()) {
            return None;
        }
        let s = *self.d_plus_1_inv.as_ref() * (*k - r * self.d.as_ref());
        if bool::from(s.is_zero()) {
            return None;
        }
        let mut out = r.to_repr().to_vec();
        out.extend_from_slice(&s.to_repr());
        Some(out)
    }
}

/// Checks an uncompressed (or compressed) SEC1 point is on sm2p256v1; returns it uncompressed.
pub(crate) fn public_from_sec1(point: &[u8]) -> Result<Vec<u8>, Error> {
    let pk = sm2::PublicKey::from_sec1_bytes(point).map_err(|_| invalid("not a point on the SM2 curve"))?;
    Ok(pk.to_sec1_point(false).as_bytes().to_vec())
}

/// Verifies `r || s` over `message` for `user_id` with the `sm2` crate.
pub(crate) fn verify(public: &[u8], user_id: &str, message: &[u8], signature: &[u8]) -> Result<(), Error> {
    use sm2::dsa::signature::Verifier;
    let bad = |d: &str| Error::SignatureInvalid { detail: d.to_owned() };
    let vk =
        sm2::dsa::VerifyingKey::from_sec1_bytes(user_id, public).map_err(|_| invalid("SM2 public key"))?;
    if signature.len() != 64 {
        return Err(bad("an SM2 signature is r||s, 64 bytes"));
    }
    let sig = sm2::dsa::Signature::from_slice(signature).map_err(|_| bad("r or s out of range"))?;
    vk.verify(message, &sig).map_err(|_| bad("SM2 signature does not verify"))
}

/// `e = SM3(Z_A || M)` with `Z_A = SM3(ENTL || ID || a || b || xG || yG || xA || yA)`
/// (GB/T 32918.2 §5.5, §6.1 A1–A2): the value an external SM2 signer (HSM,
/// USB key) signs when it takes a prehash.
pub fn sm2_digest(public_key: &[u8], user_id: &str, message: &[u8]) -> Result<Vec<u8>, Error> {
    let public = public_from_sec1(public_key)?;
    let id = user_id.as_bytes();
    let entl = u16::try_from(id.len().saturating_mul(8)).map_err(|_| Error::InvalidArgument {
        name: "sm2_user_id".into(),
        detail: "longer than 8191 bytes".into(),
    })?;
    let g = ProjectivePoint::generator().to_affine().to_sec1_point(false);
    let mut z = Sm3::new();
    z.update(entl.to_be_bytes());
    z.update(id);
    z.update(A);
    z.update(B);
    z.update(g.as_bytes().get(1..).unwrap_or_default());
    z.update(public.get(1..).unwrap_or_default());
    let za = z.finalize();
    let mut h = Sm3::new();
    h.update(za);
    h.update(message);
    Ok(h.finalize().to_vec())
}

/// SM3 hash (GB/T 32905).
pub fn sm3(data: &[u8]) -> Vec<u8> {
    Sm3::digest(data).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::{hex as hex_encode, hex_decode};

    const D: &str = "3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8";
    const K: &str = "59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21";
    const RS: &str = "F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3\
                      B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA";

    #[test]
    fn sm3_abc() {
        assert_eq!(
            hex_encode(&sm3(b"abc")),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
        );
    }

    #[test]
    fn gbt32918_example_reproduced_from_k() {
        let key = Sm2Private::from_bytes(&hex_decode(D).expect("hex")).expect("key");
        let e = sm2_digest(&key.public, SM2_DEFAULT_USER_ID, b"message digest").expect("e");
        let mut kb = FieldBytes::default();
        kb.copy_from_slice(&hex_decode(K).expect("hex"));
        let k = Option::<Scalar>::from(Scalar::from_repr(kb)).expect("k");
        let sig = key.sign_with_k(&e, &k).expect("signs");
        assert_eq!(hex_encode(&sig), RS.to_ascii_lowercase());
        verify(&key.public, SM2_DEFAULT_USER_ID, b"message digest", &sig).expect("verifies");
    }

    #[test]
    fn hedged_signatures_verify_and_differ() {
        let key = Sm2Private::from_bytes(&hex_decode(D).expect("hex")).expect("key");
        let a = key.sign("alice@example", b"m", &[1; 32]).expect("a");
        let b = key.sign("alice@example", b"m", &[2; 32]).expect("b");
        assert_ne!(a, b);
        verify(&key.public, "alice@example", b"m", &a).expect("a verifies");
        verify(&key.public, "alice@example", b"m", &b).expect("b verifies");
        assert!(verify(&key.public, SM2_DEFAULT_USER_ID, b"m", &a).is_err(), "user ID is bound");
    }
}
