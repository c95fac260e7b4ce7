//! Keys, RFC 9421 HTTP message signatures with RFC 9530 digests, SM2/SM3, the
//! gateway schemes departments use today, and external signers.

pub mod der;
pub(crate) mod sf;
pub mod sm2dsa;
pub mod keys;
