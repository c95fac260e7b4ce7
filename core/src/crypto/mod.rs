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
//! [`sm2`]: SM2 public-key encryption (GB/T 32918.4-2016) with the `sm2`
//! crate's `pke`, in the ciphertext forms C1C3C2 (default), C1C2C3 and
//! ASN.1 DER, with or without the `04` point prefix — always named, never
//! guessed — and converters between them.
//!
//! The only other module used is `sign`: its system RNG, which key
//! generation uses ([`sm4::sm4_random_iv`], [`sm4::Sm4Key::generate`], the
//! SM2 `k`), and its one key type `sign::Key` (SM2 keys).

pub mod body_envelope;
pub mod envelope;
pub mod sm2;
pub mod sm4;

pub use sm2::{sm2_convert_ciphertext, sm2_decrypt, sm2_encrypt, Sm2CiphertextFormat, Sm2CiphertextOrder};

pub use sm4::{sm4_decrypt, sm4_encrypt, sm4_generate_key, sm4_random_iv, Sm4Key, Sm4Mode, SM4_KEY_LEN};

pub use body_envelope::{
    open_body_envelope, seal_body_envelope, BodyEnvelopeProfile, BodySignedContent, OpenedBody,
    SignatureEncoding,
};
pub use envelope::{
    open_envelope, open_envelope_with_kek, seal_envelope, seal_envelope_with_kek, EnvelopeContext,
    EnvelopeExpectation, EnvelopeInfo, EnvelopeOpening, EnvelopeWrap, OpenedEnvelope,
};
