//! Keys, RFC 9421 HTTP message signatures with RFC 9530 digests, SM2/SM3, the
//! gateway schemes departments use today, and external signers.
//!
//! - [`Key`]: generate, import (PEM/DER/JWK/raw), export, sign, verify.
//! - [`sign_message`] / [`verify_message`]: RFC 9421 over an [`HttpMessage`](crate::http_message::HttpMessage),
//!   with Content-Digest created on signing and always checked on verifying.
//! - [`prepare_signature`] / [`finish_signature`]: the key stays outside (WebCrypto, HSM).
//! - [`parse_component_list`]: a covered-component list as a person writes it;
//!   [`is_verification_failure`]: a failed verdict, or a fault of the verifier's own inputs.
//! - [`gateway`]: the legacy x-tif and Zhejiang IRS schemes.
//!
//! See `docs/signing.md` for the choices made where the RFCs leave room.

mod base;
pub mod der;
pub mod digest;
pub mod gateway;
mod http_sig;
pub mod keys;
mod pinned;
pub(crate) mod sf;
pub mod sm2dsa;

pub use der::{ecdsa_signature_from_der, ecdsa_signature_to_der};
pub use digest::{check_content_digest, content_digest, DigestAlgorithm};
pub use http_sig::{
    default_components, finish_signature, is_verification_failure, list_signatures, parse_component_list,
    prepare_signature, request_binding_component, sign_message, sign_request, signature_base, verify_message,
    MemoryNonceStore, NonceStore, PreparedSignature, SignatureInfo, SignatureParams, SignedMessage,
    SignedMessageView, VerificationPolicy, VerifiedSignature,
};
pub use keys::{random_nonce, Algorithm, Key};
pub use pinned::PinnedKey;
pub use sm2dsa::{sm2_digest, sm3, SM2_DEFAULT_USER_ID};
