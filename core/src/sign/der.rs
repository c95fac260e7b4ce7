//! Just enough DER, PEM and base64url for key import and export.
//!
//! Keys arrive as PKCS#8, SPKI, SEC1 and PKCS#1 documents; ring reads only
//! some of them, so the containers are taken apart and rebuilt here. Errors
//! say which structure was wrong, never what bytes it held.

use crate::Error;

pub(crate) const TAG_INTEGER: u8 = 0x02;
pub(crate) const TAG_BIT_STRING: u8 = 0x03;
pub(crate) const TAG_OCTET_STRING: u8 = 0x04;
pub(crate) const TAG_NULL: u8 = 0x05;
pub(crate) const TAG_OID: u8 = 0x06;
pub(crate) const TAG_SEQUENCE: u8 = 0x30;
pub(crate) const TAG_CONTEXT_0: u8 = 0xa0;
pub(crate) const TAG_CONTEXT_1: u8 = 0xa1;

/// 1.3.101.112
pub(crate) const OID_ED25519: &[u8] = &[0x2b, 0x65, 0x70];
/// 1.2.840.10045.2.1
pub(crate) const OID_EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
/// 1.2.840.10045.3.1.7 (prime256v1)
pub(crate) const OID_P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
/// 1.2.156.10197.1.301 (sm2p256v1)
pub(crate) const OID_SM2: &[u8] = &[0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x82, 0x2d];
/// 1.2.840.113549.1.1.1
pub(crate) const OID_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
/// 1.2.840.113549.1.1.10 (RSASSA-PSS)
pub(crate) const OID_RSA_PSS: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a];

pub(crate) fn invalid_key(detail: &str) -> Error {
    Error::InvalidKey { detail: detail.to_owned() }
}

/// Reads DER TLVs one after another from a slice.
pub(crate) struct Reader<'a> {
    data: &'a [u8],
}

impl<'a> Reader<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Reader { data }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    pub(crate) fn peek_tag(&self) -> Option<u8> {
        self.data.first().copied()
    }

    /// The next element's tag and contents.
    pub(crate) fn any(&mut self) -> Result<(u8, &'a [u8]), Error> {
        let bad = || invalid_key("truncated or malformed DER");
        let (&tag, rest) = self.data.split_first().ok_or_else(bad)?;
        let (&first, rest) = rest.split_first().ok_or_else(bad)?;
        let (len, rest) = if first < 0x80 {
            (usize::from(first), rest)
        } else {
            let n = usize::from(first & 0x7f);
            if n == 0 || n > 4 || rest.len() < n {
                return Err(bad());
            }
            let (len_bytes, rest) = rest.split_at(n);
            let len = len_bytes.iter().fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
            if len < 0x80 || len_bytes.first() == Some(&0) {
                return Err(invalid_key("non-canonical DER length"));
            }
            (len, rest)
        };
        if rest.len() < len {
            return Err(bad());
        }
        let (content, rest) = rest.split_at(len);
        self.data = rest;
        Ok((tag, content))
    }

    /// The next element, which must have this tag.
    pub(crate) fn expect(&mut self, tag: u8, what: &str) -> Result<&'a [u8], Error> {
        let (found, content) = self.any()?;
        if found != tag {
            return Err(invalid_key(&format!("expected {what}")));
        }
        Ok(content)
    }

    /// A non-negative INTEGER, without leading zero bytes.
    pub(crate) fn unsigned(&mut self, what: &str) -> Result<&'a [u8], Error> {
        let v = self.expect(TAG_INTEGER, what)?;
        if v.first().is_some_and(|b| b & 0x80 != 0) {
            return Err(invalid_key(&format!("{what} is negative")));
        }
        let mut v = v;
        while v.len() > 1 && v.first() == Some(&0) {
            v = v.get(1..).unwrap_or_default();
        }
        Ok(v)
    }

    /// A BIT STRING with no unused bits; returns its bytes.
    pub(crate) fn bit_string(&mut self, what: &str) -> Result<&'a [u8], Error> {
        let v = self.expect(TAG_BIT_STRING, what)?;
        match v.split_first() {
            Some((0, rest)) => Ok(rest),
            _ => Err(invalid_key(&format!("{what} has unused bits"))),
        }
    }
}

/// One TLV.
pub(crate) fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 6);
    out.push(tag);
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        let used = bytes.get(skip..).unwrap_or_default();
        out.push(0x80 | used.len() as u8);
        out.extend_from_slice(used);
    }
    out.extend_from_slice(content);
    out
}

pub(crate) fn seq(parts: &[&[u8]]) -> Vec<u8> {
    tlv(TAG_SEQUENCE, &parts.concat())
}

/// An unsigned big-endian integer as a DER INTEGER.
pub(crate) fn uint(bytes: &[u8]) -> Vec<u8> {
    let skip = bytes.iter().take_while(|&&b| b == 0).count();
    let trimmed = bytes.get(skip..).unwrap_or_default();
    let mut v = Vec::with_capacity(trimmed.len() + 1);
    if trimmed.first().is_none_or(|b| b & 0x80 != 0) {
        v.push(0);
    }
    v.extend_from_slice(trimmed);
    tlv(TAG_INTEGER, &v)
}

pub(crate) fn bit_string(bytes: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(bytes.len() + 1);
    v.push(0);
    v.extend_from_slice(bytes);
    tlv(TAG_BIT_STRING, &v)
}

/// Left-pads a big-endian number to `len` bytes; `None` if it is longer.
pub(crate) fn left_pad(bytes: &[u8], len: usize) -> Option<Vec<u8>> {
    let skip = bytes.iter().take_while(|&&b| b == 0).count();
    let trimmed = bytes.get(skip..)?;
    if trimmed.len() > len {
        return None;
    }
    let mut out = vec![0u8; len - trimmed.len()];
    out.extend_from_slice(trimmed);
    Some(out)
}

/// An ECDSA/SM2 signature `r || s` (two 32-byte numbers) as DER
/// `SEQUENCE { INTEGER r, INTEGER s }`.
pub fn ecdsa_signature_to_der(raw: &[u8]) -> Result<Vec<u8>, Error> {
    if raw.len() != 64 {
        return Err(Error::SignatureInvalid { detail: "an r||s signature has 64 bytes".into() });
    }
    let (r, s) = raw.split_at(32);
    Ok(seq(&[&uint(r), &uint(s)]))
}

/// The DER form of an ECDSA/SM2 signature back to `r || s` (64 bytes).
pub fn ecdsa_signature_from_der(der: &[u8]) -> Result<Vec<u8>, Error> {
    let bad = || Error::SignatureInvalid { detail: "not a DER ECDSA signature".into() };
    let mut outer = Reader::new(der);
    let body = outer.expect(TAG_SEQUENCE, "SEQUENCE").map_err(|_| bad())?;
    if !outer.is_empty() {
        return Err(bad());
    }
    let mut r = Reader::new(body);
    let rr = r.unsigned("r").map_err(|_| bad())?;
    let ss = r.unsigned("s").map_err(|_| bad())?;
    if !r.is_empty() {
        return Err(bad());
    }
    let mut out = left_pad(rr, 32).ok_or_else(bad)?;
    out.extend(left_pad(ss, 32).ok_or_else(bad)?);
    Ok(out)
}

/// One `-----BEGIN label-----` block.
pub(crate) struct PemBlock {
    pub label: String,
    pub der: zeroize::Zeroizing<Vec<u8>>,
}

/// Every PEM block in a text, in order.
pub(crate) fn pem_blocks(text: &str) -> Result<Vec<PemBlock>, Error> {
    let mut blocks = Vec::new();
    let mut lines = text.lines().map(str::trim);
    while let Some(line) = lines.next() {
        let Some(label) = line.strip_prefix("-----BEGIN ").and_then(|l| l.strip_suffix("-----")) else {
            continue;
        };
        let end = format!("-----END {label}-----");
        let mut b64 = zeroize::Zeroizing::new(String::new());
        let mut closed = false;
        for line in lines.by_ref() {
            if line == end {
                closed = true;
                break;
            }
            if line.contains(':') {
                // RFC 1421 headers (Proc-Type: …) mark encrypted legacy keys.
                return Err(invalid_key("encrypted PEM keys are not supported"));
            }
            b64.push_str(line);
        }
        if !closed {
            return Err(invalid_key("PEM block has no END line"));
        }
        if b64.len() % 4 != 0 {
            return Err(invalid_key("PEM body is not valid base64"));
        }
        let der = crate::encoding::base64_decode(&b64)
            .ok_or_else(|| invalid_key("PEM body is not valid base64"))?;
        blocks.push(PemBlock { label: label.to_owned(), der: zeroize::Zeroizing::new(der) });
    }
    if blocks.is_empty() {
        return Err(invalid_key("no PEM block found"));
    }
    Ok(blocks)
}

/// A PEM block with 64-character lines.
pub(crate) fn pem(label: &str, der: &[u8]) -> String {
    let b64 = zeroize::Zeroizing::new(crate::encoding::base64_encode(der));
    let mut out = String::with_capacity(b64.len() + b64.len() / 64 + 2 * label.len() + 40);
    out.push_str("-----BEGIN ");
    out.push_str(label);
    out.push_str("-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str("-----END ");
    out.push_str(label);
    out.push_str("-----\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_round_trips_signatures() {
        let mut raw = vec![0u8; 64];
        raw[0] = 0x80;
        raw[63] = 1;
        let der = ecdsa_signature_to_der(&raw).expect("der");
        assert_eq!(der[3], 33, "r gets a leading zero because its top bit is set");
        assert_eq!(ecdsa_signature_from_der(&der).expect("raw"), raw);
        assert!(ecdsa_signature_from_der(&der[..der.len() - 1]).is_err());
    }

    #[test]
    fn long_lengths() {
        let content = vec![7u8; 300];
        let t = tlv(TAG_OCTET_STRING, &content);
        assert_eq!(&t[..4], &[0x04, 0x82, 0x01, 0x2c]);
        let mut r = Reader::new(&t);
        assert_eq!(r.expect(TAG_OCTET_STRING, "x").expect("reads"), &content[..]);
    }
}
