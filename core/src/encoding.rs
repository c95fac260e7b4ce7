//! The one home of hex and base64 (issue #12): every module and binding
//! encodes and decodes through these, so one byte string has one text form.

/// Lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(HEX[usize::from(b >> 4)] as char);
        s.push(HEX[usize::from(b & 15)] as char);
    }
    s
}

/// Decodes hex (either case); `None` if malformed.
pub fn hex_decode(text: &str) -> Option<Vec<u8>> {
    let t = text.as_bytes();
    if t.len() % 2 != 0 {
        return None;
    }
    let nib = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    };
    t.chunks(2).map(|p| Some((nib(*p.first()?)? << 4) | nib(*p.get(1)?)?)).collect()
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding (RFC 4648 §4).
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for (i, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(B64[((n >> shift) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes standard base64 (padding optional, but when present it makes the
/// length a multiple of 4); `None` if malformed. Canonical only: the unused
/// low bits of the last character must be zero, so one byte string has one
/// text form and a signature cannot be re-encoded into a second valid one.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.trim_end_matches('=').as_bytes();
    let padding = text.len() - bytes.len();
    if padding > 2 || bytes.len() % 4 == 1 || (padding > 0 && text.len() % 4 != 0) {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0u32;
    for &b in bytes {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if acc != 0 {
        return None;
    }
    Some(out)
}

/// [`base64_decode`] that also requires the padding (RFC 4648 §4 as
/// written): the form govshare's own formats (envelopes, the sealed store)
/// write, so each of their byte strings has exactly one text form.
pub fn base64_decode_padded(text: &str) -> Option<Vec<u8>> {
    if text.len() % 4 != 0 {
        return None;
    }
    base64_decode(text)
}

/// base64url without padding (RFC 4648 §5), as JWK uses.
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut s = base64_encode(bytes);
    while s.ends_with('=') {
        s.pop();
    }
    s.chars()
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect()
}

/// Decodes base64url; padding is tolerated, standard-alphabet characters are not.
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    if text.contains(['+', '/']) {
        return None;
    }
    let std: String = text
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    let std = zeroize::Zeroizing::new(std);
    base64_decode(&std)
}

/// Validates bytes as UTF-8, SIMD-fast where the target has it (x86-64,
/// aarch64, WebAssembly with simd128): validation was a fifth of a mask
/// scan's time and a third of a snapshot's load with `std::str::from_utf8`
/// on CJK text. The error is the length of the valid prefix.
pub(crate) fn utf8(bytes: &[u8]) -> std::result::Result<&str, usize> {
    simdutf8::basic::from_utf8(bytes)
        .map_err(|_| std::str::from_utf8(bytes).err().map_or(bytes.len(), |e| e.valid_up_to()))
}

/// Whether `units` is well-formed UTF-16: every high surrogate followed by
/// a low one, every low one preceded by a high one. Surrogates are rare in
/// a catalog's Chinese text, so the work is finding the next one: 128 bits
/// at a time in WebAssembly (where the plain loop, not vectorized at the
/// module's opt-level, was 8 % of a 1M index's load), 32 units at a time
/// elsewhere.
pub(crate) fn utf16(units: &[u16]) -> bool {
    let mut rest = units;
    while let Some(i) = first_surrogate(rest) {
        // A high surrogate and a low one after it are a pair; anything else
        // (a low one first, a high one without its low one) is not UTF-16.
        match (rest.get(i), rest.get(i + 1)) {
            (Some(&high), Some(&low)) if is_high_surrogate(high) && is_low_surrogate(low) => {
                rest = rest.get(i + 2..).unwrap_or(&[]);
            }
            _ => return false,
        }
    }
    true
}

fn is_surrogate(u: u16) -> bool {
    u & 0xF800 == 0xD800
}

fn is_high_surrogate(u: u16) -> bool {
    u & 0xFC00 == 0xD800
}

/// The second half of a surrogate pair: a UTF-16 character never starts
/// with it.
pub(crate) fn is_low_surrogate(u: u16) -> bool {
    u & 0xFC00 == 0xDC00
}

/// The position of the first surrogate in `units`.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn first_surrogate(units: &[u16]) -> Option<usize> {
    let mut at = 0;
    for chunk in units.chunks(32) {
        // Branch-free over the chunk, so the compiler can vectorize it.
        if chunk.iter().fold(false, |any, &u| any | is_surrogate(u)) {
            return chunk.iter().position(|&u| is_surrogate(u)).map(|i| at + i);
        }
        at += chunk.len();
    }
    None
}

/// The position of the first surrogate in `units`: eight units at a time
/// on the 16-byte-aligned middle (viewed as `v128` by `bytemuck`, no
/// unsafe code), one at a time on the ends.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn first_surrogate(units: &[u16]) -> Option<usize> {
    use core::arch::wasm32::{i16x8_eq, u16x8_splat, v128, v128_and, v128_any_true, v128_or};
    let (head, body, tail) = bytemuck::pod_align_to::<u16, v128>(units);
    if let Some(i) = head.iter().position(|&u| is_surrogate(u)) {
        return Some(i);
    }
    let (mask, value) = (u16x8_splat(0xF800), u16x8_splat(0xD800));
    let hit = |v: v128| i16x8_eq(v128_and(v, mask), value);
    let mut at = head.len();
    for group in body.chunks(4) {
        let any = group.iter().fold(u16x8_splat(0), |any, &v| v128_or(any, hit(v)));
        if v128_any_true(any) {
            let units: &[u16] = bytemuck::cast_slice(group);
            return units.iter().position(|&u| is_surrogate(u)).map(|i| at + i);
        }
        at += group.len() * 8;
    }
    tail.iter().position(|&u| is_surrogate(u)).map(|i| at + i)
}

#[cfg(test)]
mod tests {

    #[test]
    fn padded_decoding_requires_the_padding() {
        assert_eq!(base64_decode_padded("YWI="), Some(b"ab".to_vec()));
        assert_eq!(base64_decode_padded("YWI"), None);
        assert_eq!(base64_decode("YWI"), Some(b"ab".to_vec()));
        assert_eq!(base64_decode_padded("YWJ="), None, "non-zero unused bits");
        assert_eq!(base64_decode_padded(""), Some(Vec::new()));
    }
    use super::*;

    #[test]
    fn hex_round_trips_and_refuses_odd_or_foreign_digits() {
        assert_eq!(hex(&[0x00, 0xab, 0xff]), "00abff");
        assert_eq!(hex_decode("00ABff"), Some(vec![0x00, 0xab, 0xff]));
        assert_eq!(hex_decode("abc"), None);
        assert_eq!(hex_decode("zz"), None);
        assert_eq!(hex_decode("\u{ff10}\u{ff10}"), None, "fullwidth digits are not hex");
    }

    #[test]
    fn base64_is_canonical_only() {
        assert_eq!(base64_encode(b"A"), "QQ==");
        assert_eq!(base64_decode("QQ=="), Some(b"A".to_vec()));
        assert_eq!(base64_decode("QQ"), Some(b"A".to_vec()), "padding is optional");
        assert_eq!(base64_decode("QR=="), None, "non-zero unused bits: a second spelling of the same bytes");
        assert_eq!(base64_decode("QQ="), None, "padding that does not complete the quantum");
        assert_eq!(base64_decode("Q"), None);
        assert_eq!(base64_decode("QQ==="), None);
        assert_eq!(base64_decode("Q Q=="), None);
        for n in 0..40u8 {
            let bytes: Vec<u8> = (0..n).map(|i| i.wrapping_mul(37)).collect();
            assert_eq!(base64_decode(&base64_encode(&bytes)), Some(bytes.clone()));
            assert_eq!(base64url_decode(&base64url_encode(&bytes)), Some(bytes));
        }
        assert_eq!(base64url_decode("a+b/"), None, "standard alphabet in base64url");
        assert_eq!(base64url_encode(&[0xfb, 0xff]), "-_8");
        assert_eq!(base64url_decode("-_8"), Some(vec![0xfb, 0xff]));
    }

    #[test]
    fn utf16_is_checked_as_std_decodes_it_across_chunk_edges() {
        // Every placement of a high, a low and a well-formed pair around the
        // 32-unit runs the check passes over at once, against std.
        let pair = [0xD83D, 0xDE00];
        for len in [0usize, 1, 31, 32, 33, 63, 64, 65, 100] {
            for at in 0..len.max(1) {
                for insert in
                    [&[0xD800u16][..], &[0xDC00], &pair, &[0xDE00, 0xD83D], &[0xD83D, 0xD83D, 0xDE00]]
                {
                    let mut units = vec![0x4F01u16; len];
                    units.splice(at.min(len)..at.min(len), insert.iter().copied());
                    let std_ok = char::decode_utf16(units.iter().copied()).all(|c| c.is_ok());
                    assert_eq!(utf16(&units), std_ok, "len {len}, at {at}, {insert:x?}");
                }
            }
        }
        assert!(utf16(&[]));
        // A high surrogate ending one run and a low one starting the run
        // after the next are not a pair.
        let mut apart = vec![0x4F01u16; 31];
        apart.push(0xD83D);
        apart.extend([0x4F01; 32]);
        apart.push(0xDE00);
        assert!(!utf16(&apart));
    }
}
