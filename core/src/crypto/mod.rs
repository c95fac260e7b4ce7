//! Symmetric encryption of what a department receives and keeps (issue #13;
//! GB/T 39477-2020 6.1.4.2 and GB/T 35273 §6.3 ask for sensitive data to be
//! encrypted in transit and at rest with commercial cryptography).
//!
//! [`sm4`]: the SM4 block cipher (GB/T 32907-2016) in ECB (legacy interop
//! only), CBC and CTR, and GCM with associated data. The block cipher and
//! its modes are RustCrypto's (`sm4`, `cbc`, `ecb`, `ctr`, `aes-gcm`), not
//! written here; this module fixes the formats (PKCS#7 for ECB and CBC, a
//! 128-bit big-endian counter for CTR, a 12-byte nonce and the 16-byte tag
//! appended for GCM) and turns every failure into a coded [`Error`](crate::Error).
//!
//! The only other module used is `sign`, for the system RNG that key
//! generation uses ([`sm4::sm4_random_iv`], [`sm4::Sm4Key::generate`]).

pub mod sm4;

pub use sm4::{sm4_decrypt, sm4_encrypt, sm4_generate_key, sm4_random_iv, Sm4Key, Sm4Mode, SM4_KEY_LEN};
