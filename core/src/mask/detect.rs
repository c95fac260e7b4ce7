//! Identifier detectors: a hand-written single-pass scanner over UTF-8 text.
//!
//! Why hand-written: the scanner runs over every value of every record, in
//! free text too, so it must be linear (no regex backtracking) and skip fast
//! over bytes that cannot start an identifier. Only ASCII letters and digits,
//! `+`, `@` and the lead byte `0xEF` of full-width forms can start one; all
//! other bytes (CJK text, punctuation) are passed over with one table look-up.
//!
//! Text is *normalized while scanning*: full-width digits and letters
//! (`０-９`, `Ａ-Ｚ`, `ａ-ｚ`), `＋`, `－`, `＠` and the ideographic space count as
//! their ASCII forms, but every reported offset is a byte offset into the
//! original text.
//!
//! Boundaries: an identifier is reported only when it is a whole run of
//! letters and digits (a run may be split into groups by single spaces or
//! hyphens, e.g. `138 1234 5678`); digits inside a longer number or an
//! alphanumeric code are never reported, nor a run glued to a decimal point
//! (`3.14…`) or to an `@` (that is an e-mail's local part).

use serde::{Deserialize, Serialize};

/// The kinds of identifier the scanner knows. The snake_case names are the
/// `kind` strings of reports and vectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DetectorKind {
    /// 居民身份证号 (GB 11643, 18 characters with MOD 11-2 check, or legacy 15 digits).
    CnResidentId,
    /// Mainland mobile number `1[3-9]` + 9 digits, optionally `86`/`+86` prefixed.
    CnMobile,
    /// Landline: `0` + 2–3 digit area code + 7–8 digit number.
    CnLandline,
    /// Bank card: 16–19 digits passing the Luhn check.
    BankCard,
    /// 统一社会信用代码 (GB 32100).
    CnUscc,
    /// E-mail address.
    Email,
    /// Passport `E[A-HJ-NP-Z]\d{7}`, `E\d{8}`, `G\d{8}`.
    CnPassport,
    /// 往来港澳通行证 `C\d{8}`, `C[A-Z]\d{7}`.
    CnHkMacauPermit,
    /// Vehicle plate: province character + letter + 5 (6 for new energy) characters.
    CnPlate,
}

/// All kinds, in report order.
pub const ALL_KINDS: [DetectorKind; 9] = [
    DetectorKind::CnResidentId,
    DetectorKind::CnMobile,
    DetectorKind::CnLandline,
    DetectorKind::BankCard,
    DetectorKind::CnUscc,
    DetectorKind::Email,
    DetectorKind::CnPassport,
    DetectorKind::CnHkMacauPermit,
    DetectorKind::CnPlate,
];

impl DetectorKind {
    /// The stable name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            DetectorKind::CnResidentId => "cn_resident_id",
            DetectorKind::CnMobile => "cn_mobile",
            DetectorKind::CnLandline => "cn_landline",
            DetectorKind::BankCard => "bank_card",
            DetectorKind::CnUscc => "cn_uscc",
            DetectorKind::Email => "email",
            DetectorKind::CnPassport => "cn_passport",
            DetectorKind::CnHkMacauPermit => "cn_hk_macau_permit",
            DetectorKind::CnPlate => "cn_plate",
        }
    }

    /// Parses a kind name.
    pub fn parse(s: &str) -> Option<DetectorKind> {
        ALL_KINDS.iter().copied().find(|k| k.as_str() == s)
    }

    /// Index into per-kind tables.
    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// Why a detection was reported: the strength of the evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DetectReason {
    /// Structure and check character/digit are right (ID, USCC, bank card).
    ChecksumValid,
    /// 15-digit legacy ID: area code and birth date are plausible (it has no check digit).
    LegacyFormat,
    /// The pattern matched; the kind has no check digit (phone, e-mail, passport, plate).
    Pattern,
    /// A USCC-shaped code whose check character is wrong. Some early codes are
    /// legal yet fail the check, so it is reported as a warning, not dropped.
    ChecksumFailedWarning,
}

impl DetectReason {
    pub fn as_str(self) -> &'static str {
        match self {
            DetectReason::ChecksumValid => "checksum_valid",
            DetectReason::LegacyFormat => "legacy_format",
            DetectReason::Pattern => "pattern",
            DetectReason::ChecksumFailedWarning => "checksum_failed_warning",
        }
    }

    /// Warnings are listed as findings but never count as a leak.
    pub fn is_warning(self) -> bool {
        matches!(self, DetectReason::ChecksumFailedWarning)
    }
}

/// One identifier found in a text: its kind and byte range in the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detection {
    pub kind: DetectorKind,
    pub start: usize,
    pub end: usize,
    pub reason: DetectReason,
}

// ------------------------------------------------------------ normalization

/// A character of the text, normalized: `c` is the ASCII form (0 for other
/// characters), `len` the number of bytes it takes in the original.
#[derive(Clone, Copy)]
struct Norm {
    c: u8,
    len: usize,
}

/// Length of the UTF-8 sequence starting with byte `b` (1 for invalid leads,
/// so scanning always advances).
fn utf8_len(b: u8) -> usize {
    match b {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => 1,
    }
}

/// The normalized character at byte `i` (which must be a char boundary).
fn norm_at(b: &[u8], i: usize) -> Norm {
    let Some(&b0) = b.get(i) else { return Norm { c: 0, len: 1 } };
    if b0 < 0x80 {
        return Norm { c: b0, len: 1 };
    }
    let len = utf8_len(b0);
    if b0 == 0xEF {
        if let (Some(&b1), Some(&b2)) = (b.get(i + 1), b.get(i + 2)) {
            let c = match (b1, b2) {
                (0xBC, 0x90..=0x99) => b'0' + (b2 - 0x90),
                (0xBC, 0xA1..=0xBA) => b'A' + (b2 - 0xA1),
                (0xBD, 0x81..=0x9A) => b'a' + (b2 - 0x81),
                (0xBC, 0x8B) => b'+',
                (0xBC, 0x8D) => b'-',
                (0xBC, 0xA0) => b'@',
                (0xBC, 0x8E) => b'.',
                _ => 0,
            };
            return Norm { c, len };
        }
    } else if b0 == 0xE3 && b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0x80) {
        return Norm { c: b' ', len: 3 };
    }
    Norm { c: 0, len }
}

/// The normalized character that ends right before byte `i`.
fn norm_before(b: &[u8], i: usize) -> Norm {
    if i == 0 {
        return Norm { c: 0, len: 0 };
    }
    let Some(&p) = b.get(i - 1) else { return Norm { c: 0, len: 0 } };
    if p < 0x80 {
        return Norm { c: p, len: 1 };
    }
    // Walk back over continuation bytes (at most 3).
    let mut s = i - 1;
    while s > 0 && i - s < 4 && b.get(s).is_some_and(|x| x & 0xC0 == 0x80) {
        s -= 1;
    }
    let n = norm_at(b, s);
    Norm { c: n.c, len: i - s }
}

fn is_alnum(c: u8) -> bool {
    c.is_ascii_alphanumeric()
}

fn is_sep(c: u8) -> bool {
    c == b' ' || c == b'-'
}

/// A full-width letter, digit or `＠` at `i` (lead byte `0xEF`): the only
/// full-width forms that start something. Full-width punctuation (`，`,
/// `：`, `（`...) is common in Chinese text and is skipped here, without a
/// trip through the scanner's main loop.
fn fullwidth_start(b: &[u8], i: usize) -> bool {
    let c = norm_at(b, i).c;
    is_alnum(c) || c == b'@'
}

// ------------------------------------------------------------------ scanner

/// A run of letters/digits within a token: byte span, normalized text span,
/// and how many of its characters are digits.
#[derive(Debug, Clone, Copy, Default)]
struct Group {
    start: usize,
    end: usize,
    nstart: usize,
    nlen: usize,
    digits: usize,
}

impl Group {
    fn all_digits(&self) -> bool {
        self.nlen > 0 && self.digits == self.nlen
    }
}

const MAX_GROUPS: usize = 8;
/// Longest group worth keeping in normalized form: longer ones cannot match.
const MAX_GROUP_CHARS: usize = 24;

/// Reusable scratch space of the scanner (no allocation per token). The
/// streaming engines keep one, so it is not cleared for every value.
#[derive(Debug, Clone)]
pub(crate) struct Scratch {
    norm: [u8; MAX_GROUPS * MAX_GROUP_CHARS],
    groups: [Group; MAX_GROUPS],
}

impl Default for Scratch {
    fn default() -> Self {
        Scratch { norm: [0; MAX_GROUPS * MAX_GROUP_CHARS], groups: [Group::default(); MAX_GROUPS] }
    }
}

/// All 8 bytes are ASCII digits: high nibbles are 3, and adding 6 to each
/// byte keeps them 3 (a low nibble above 9 would carry into the high one;
/// no carry crosses a byte since every byte is at most 0x3F then).
fn digits8(w: u64) -> bool {
    const HI: u64 = 0xF0F0_F0F0_F0F0_F0F0;
    const THREES: u64 = 0x3030_3030_3030_3030;
    w & HI == THREES && w.wrapping_add(0x0606_0606_0606_0606) & HI == THREES
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;
const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;

/// 0x80 in each byte of `w` that is in `lo..=hi` (`hi` < 0x80), exact.
#[inline(always)]
fn bytes_in(w: u64, lo: u8, hi: u8) -> u64 {
    let t = w & LOW7;
    let ge = t + ONES * u64::from(0x80 - lo);
    let gt = t + ONES * u64::from(0x7F - hi);
    ge & !gt & !w & HIGH
}

/// 0x80 in each byte of `w` equal to `c`, exact.
#[inline(always)]
fn bytes_eq(w: u64, c: u8) -> u64 {
    let x = w ^ (ONES * u64::from(c));
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// 0x80 in each byte of `w` that may start an identifier or mark an
/// e-mail: ASCII letters and digits, `@`, and `0xEF`, the lead byte of the
/// full-width forms (which [`next_candidate`] then checks). `+` needs no
/// stop: a `+86` prefix is found from the digits after it. Computed for 8
/// bytes at once in a register.
#[inline(always)]
fn start_bytes(w: u64) -> u64 {
    bytes_in(w, b'0', b'9') | bytes_in(w | (ONES * 0x20), b'a', b'z') | bytes_eq(w, b'@') | bytes_eq(w, 0xEF)
}

/// The next byte at or after `i` that may start something: classifies 8
/// bytes at a time in a register (the tail of a value zero-padded, zero
/// being no start) and takes the lowest; a `0xEF` that is not a full-width
/// letter, digit or `＠` is passed over.
fn next_candidate(b: &[u8], mut i: usize) -> Option<usize> {
    let n = b.len();
    while i < n {
        let w = match b.get(i..i + 8).and_then(|s| <[u8; 8]>::try_from(s).ok()) {
            Some(w) => w,
            None => {
                // The tail, zero-padded (a variable-length copy calls memmove:
                // kept off the 8-byte path).
                let mut w = [0u8; 8];
                for (d, s) in w.iter_mut().zip(b.get(i..).unwrap_or(&[])) {
                    *d = *s;
                }
                w
            }
        };
        let mut m = start_bytes(u64::from_le_bytes(w));
        while m != 0 {
            let at = i + (m.trailing_zeros() / 8) as usize;
            if b.get(at) != Some(&0xEF) || fullwidth_start(b, at) {
                return Some(at);
            }
            m &= m - 1;
        }
        i += 8;
    }
    None
}

/// Scans `text` and appends every identifier found to `out` (in order of start).
pub fn detect_into(text: &str, out: &mut Vec<Detection>) {
    detect_with(text, &mut Scratch::default(), out);
}

/// [`detect_into`] with the caller's scratch space.
pub(crate) fn detect_with(text: &str, sc: &mut Scratch, out: &mut Vec<Detection>) {
    let b = text.as_bytes();
    let n = b.len();
    let mut i = 0;
    while i < n {
        match next_candidate(b, i) {
            Some(at) => i = at,
            None => break,
        }
        let ch = norm_at(b, i);
        match ch.c {
            b'@' => {
                let found = email_at(b, i).and_then(|(mut s, e)| {
                    while out.last().is_some_and(|d| d.start >= s) {
                        out.pop();
                    }
                    // A local part never reaches back into an earlier
                    // detection (`a@b.com%x@c.com`: '%' is a local-part
                    // character): it starts after it, so detections stay
                    // ordered and disjoint.
                    if let Some(prev_end) = out.last().map(|d| d.end).filter(|&end| end > s) {
                        s = prev_end;
                        while s < i && !b.get(s).is_some_and(u8::is_ascii_alphanumeric) {
                            s += 1;
                        }
                    }
                    (s < i).then_some((s, e))
                });
                if let Some((s, e)) = found {
                    out.push(Detection {
                        kind: DetectorKind::Email,
                        start: s,
                        end: e,
                        reason: DetectReason::Pattern,
                    });
                    i = e;
                } else {
                    i += ch.len;
                }
            }
            c if is_alnum(c) && !is_alnum(norm_before(b, i).c) => {
                i = match short_ascii_token(b, i) {
                    Some(end) => end,
                    None => token_at(b, i, sc, out),
                };
            }
            _ => i += ch.len.max(1),
        }
    }
}

/// Scans `text` and returns the identifiers found.
pub fn detect(text: &str) -> Vec<Detection> {
    let mut v = Vec::new();
    detect_into(text, &mut v);
    v
}

/// Fewer letters and digits than the shortest identifier (a plate's 6).
const MIN_TOKEN_CHARS: usize = 6;

/// Prefilter: the end of the token at `i` when it is a run of fewer than
/// [`MIN_TOKEN_CHARS`] ASCII letters/digits that surely ends there (the next
/// byte is the end, ASCII that is neither a letter, digit nor separator, or
/// a non-ASCII lead byte other than those of full-width forms and the
/// ideographic space) — `2024年`, `3月`, `28栋`: no identifier fits, so
/// [`token_at`] is not needed. `None` when the token needs the full read.
fn short_ascii_token(b: &[u8], i: usize) -> Option<usize> {
    let run = b.get(i..)?.iter().take(MIN_TOKEN_CHARS).take_while(|c| c.is_ascii_alphanumeric()).count();
    if run >= MIN_TOKEN_CHARS {
        return None;
    }
    let end = i + run;
    match b.get(end) {
        None => Some(end),
        Some(&c) if c < 0x80 => (!c.is_ascii_alphanumeric() && !is_sep(c)).then_some(end),
        Some(&c) => (c != 0xEF && c != 0xE3).then_some(end),
    }
}

/// Reads the token (groups joined by single separators) starting at `i`, reports
/// what matches, and returns the byte offset after the token.
fn token_at(b: &[u8], i: usize, sc: &mut Scratch, out: &mut Vec<Detection>) -> usize {
    let mut ng = 0;
    let mut nlen = 0;
    let mut pos = i;
    let mut any_digit = false;
    loop {
        let mut g = Group { start: pos, end: pos, nstart: nlen, nlen: 0, digits: 0 };
        let mut count = 0;
        // Digit run fast path: 8 ASCII digits at a time, then byte by byte.
        while count + 8 <= MAX_GROUP_CHARS {
            let Some(chunk) = b.get(pos..pos + 8) else { break };
            let mut w = [0u8; 8];
            w.copy_from_slice(chunk);
            if !digits8(u64::from_le_bytes(w)) {
                break;
            }
            if let Some(dst) = sc.norm.get_mut(nlen + count..nlen + count + 8) {
                dst.copy_from_slice(chunk);
            }
            count += 8;
            pos += 8;
        }
        while let Some(&x) = b.get(pos) {
            if !x.is_ascii_digit() {
                break;
            }
            if let Some(slot) = sc.norm.get_mut(nlen + count).filter(|_| count < MAX_GROUP_CHARS) {
                *slot = x;
            }
            count += 1;
            pos += 1;
        }
        g.digits = count;
        loop {
            // ASCII, and full-width forms through norm_at.
            let (c, len) = match b.get(pos) {
                Some(&x) if x < 0x80 => (x, 1),
                Some(_) => {
                    let nc = norm_at(b, pos);
                    (nc.c, nc.len)
                }
                None => break,
            };
            if !is_alnum(c) {
                break;
            }
            if count < MAX_GROUP_CHARS {
                if let Some(slot) = sc.norm.get_mut(nlen + count) {
                    *slot = c;
                }
            }
            if c.is_ascii_digit() {
                g.digits += 1;
            }
            count += 1;
            pos += len;
        }
        g.end = pos;
        g.nlen = if count > MAX_GROUP_CHARS { 0 } else { count };
        nlen += g.nlen;
        any_digit |= g.digits > 0;
        if let Some(slot) = sc.groups.get_mut(ng) {
            *slot = g;
            ng += 1;
        }
        // Continue over a single separator followed by a letter/digit.
        let sep = norm_at(b, pos);
        if ng < MAX_GROUPS && pos < b.len() && is_sep(sep.c) {
            let next = norm_at(b, pos + sep.len);
            if pos + sep.len < b.len() && is_alnum(next.c) {
                pos += sep.len;
                continue;
            }
        }
        break;
    }
    // Every identifier has a digit; words and keys end here.
    if !any_digit {
        return pos;
    }
    let end = pos;
    let groups = sc.groups.get(..ng).unwrap_or(&[]);
    let mut g = 0;
    while g < groups.len() {
        if let Some((det, used)) = match_at(b, &sc.norm, groups, g) {
            out.push(det);
            g += used;
        } else {
            g += 1;
        }
    }
    end
}

fn gtext<'a>(norm: &'a [u8], g: &Group) -> &'a [u8] {
    norm.get(g.nstart..g.nstart + g.nlen).unwrap_or(&[])
}

fn all_digits(s: &[u8]) -> bool {
    !s.is_empty() && s.iter().all(u8::is_ascii_digit)
}

/// Concatenation of groups `g..g+k` into a stack buffer.
fn concat<'a>(norm: &[u8], groups: &[Group], buf: &'a mut [u8; 32]) -> &'a [u8] {
    let mut n = 0;
    for gr in groups {
        for &c in gtext(norm, gr) {
            if let Some(slot) = buf.get_mut(n) {
                *slot = c;
                n += 1;
            }
        }
    }
    buf.get(..n).unwrap_or(&[])
}

/// Tries every pattern at group `g`; returns the detection and how many groups it used.
fn match_at(b: &[u8], norm: &[u8], groups: &[Group], g: usize) -> Option<(Detection, usize)> {
    let first = groups.get(g)?;
    if first.digits == 0 || first.nlen == 0 {
        return None;
    }
    // Boundary before: not glued to a decimal number or to an e-mail domain.
    let before = norm_before(b, first.start);
    if before.c == b'@' || (before.c == b'.' && is_alnum(norm_before(b, first.start - before.len).c)) {
        return None;
    }
    let rest = groups.get(g..)?;
    let gt = |k: usize| rest.get(k).map_or(&[][..], |x| gtext(norm, x));
    let dig = |k: usize| rest.get(k).is_some_and(Group::all_digits);
    let len = |k: usize| rest.get(k).map_or(0, |x| x.nlen);
    let ok_after = |last: usize| -> bool {
        let Some(lg) = groups.get(last) else { return false };
        if lg.end >= b.len() {
            return true;
        }
        let a = norm_at(b, lg.end);
        if a.c == b'@' {
            return false;
        }
        if a.c == b'.' && lg.end + a.len < b.len() && is_alnum(norm_at(b, lg.end + a.len).c) {
            return false;
        }
        true
    };
    let span = |kind, used: usize, reason, plus: bool| -> Option<(Detection, usize)> {
        let last = groups.get(g + used - 1)?;
        if !ok_after(g + used - 1) {
            return None;
        }
        let mut start = first.start;
        if plus {
            let p = norm_before(b, start);
            if p.c == b'+' {
                start -= p.len;
            }
        }
        Some((Detection { kind, start, end: last.end, reason }, used))
    };
    let mut buf = [0u8; 32];
    let t0 = gt(0);
    let n = rest.len();

    // Multi-group forms first (longest first).
    if n >= 2 && t0 == b"86" {
        if n >= 4 && is_mobile_groups(gt(1), gt(2), gt(3)) {
            return span(DetectorKind::CnMobile, 4, DetectReason::Pattern, true);
        }
        if len(1) == 11 && is_mobile(gt(1)) {
            return span(DetectorKind::CnMobile, 2, DetectReason::Pattern, true);
        }
    }
    if n >= 4 && (0..4).all(|k| dig(k) && len(k) == 4) {
        if n >= 5 && dig(4) && (1..=3).contains(&len(4)) && luhn(concat(norm, rest.get(..5)?, &mut buf)) {
            return span(DetectorKind::BankCard, 5, DetectReason::ChecksumValid, false);
        }
        if luhn(concat(norm, rest.get(..4)?, &mut buf)) {
            return span(DetectorKind::BankCard, 4, DetectReason::ChecksumValid, false);
        }
    }
    if n >= 3 && is_mobile_groups(t0, gt(1), gt(2)) {
        return span(DetectorKind::CnMobile, 3, DetectReason::Pattern, false);
    }
    if n >= 3
        && len(0) == 6
        && len(1) == 8
        && len(2) == 4
        && dig(0)
        && dig(1)
        && resident_id18(concat(norm, rest.get(..3)?, &mut buf))
    {
        return span(DetectorKind::CnResidentId, 3, DetectReason::ChecksumValid, false);
    }
    if n >= 2 && dig(0) && dig(1) && is_landline_parts(t0, gt(1)) {
        return span(DetectorKind::CnLandline, 2, DetectReason::Pattern, false);
    }

    // Single-group forms.
    let t = t0;
    let l = t.len();
    let d = dig(0);
    let single = |kind, reason| span(kind, 1, reason, false);
    match l {
        18 => {
            if resident_id18(t) {
                return single(DetectorKind::CnResidentId, DetectReason::ChecksumValid);
            }
            if d && luhn(t) {
                return single(DetectorKind::BankCard, DetectReason::ChecksumValid);
            }
            match uscc(t) {
                Some(true) => return single(DetectorKind::CnUscc, DetectReason::ChecksumValid),
                Some(false) => return single(DetectorKind::CnUscc, DetectReason::ChecksumFailedWarning),
                None => {}
            }
        }
        15 if d && resident_id15(t) => {
            return single(DetectorKind::CnResidentId, DetectReason::LegacyFormat);
        }
        11 if d && is_mobile(t) => return single(DetectorKind::CnMobile, DetectReason::Pattern),
        13 if d && t.starts_with(b"86") && is_mobile(t.get(2..)?) => {
            return span(DetectorKind::CnMobile, 1, DetectReason::Pattern, true);
        }
        9 => {
            if let Some(kind) = passport_or_permit(t) {
                return single(kind, DetectReason::Pattern);
            }
        }
        6 | 7 if plate(b, first.start, t) && ok_after(g) => {
            // The span includes the province character (3 bytes) before the group.
            let det = Detection {
                kind: DetectorKind::CnPlate,
                start: first.start - 3,
                end: first.end,
                reason: DetectReason::Pattern,
            };
            return Some((det, 1));
        }
        _ => {}
    }
    if d && (16..=19).contains(&l) && luhn(t) {
        return single(DetectorKind::BankCard, DetectReason::ChecksumValid);
    }
    if d && (11..=12).contains(&l) && t.first() == Some(&b'0') {
        // Compact landline: split the area code by its first digits.
        let area = if matches!(t.get(1), Some(b'1') | Some(b'2')) { 3 } else { 4 };
        if is_landline_parts(t.get(..area)?, t.get(area..)?) {
            return single(DetectorKind::CnLandline, DetectReason::Pattern);
        }
    }
    None
}

fn is_mobile(t: &[u8]) -> bool {
    t.len() == 11 && all_digits(t) && t[0] == b'1' && (b'3'..=b'9').contains(&t[1])
}

/// `138 1234 5678` as three groups.
fn is_mobile_groups(a: &[u8], b: &[u8], c: &[u8]) -> bool {
    a.len() == 3
        && b.len() == 4
        && c.len() == 4
        && all_digits(a)
        && all_digits(b)
        && all_digits(c)
        && a.first() == Some(&b'1')
        && a.get(1).is_some_and(|x| (b'3'..=b'9').contains(x))
}

/// Area code (`01x`/`02x` + 8 digits, or `0[3-9]xx` + 7–8 digits) and a
/// subscriber number that does not start with 0 or 1.
fn is_landline_parts(area: &[u8], num: &[u8]) -> bool {
    if !all_digits(area) || !all_digits(num) || area.first() != Some(&b'0') {
        return false;
    }
    let second = area.get(1).copied().unwrap_or(b'0');
    let area_ok = match area.len() {
        3 => second == b'1' || second == b'2',
        4 => (b'3'..=b'9').contains(&second),
        _ => false,
    };
    let num_ok = match area.len() {
        3 => num.len() == 8,
        _ => num.len() == 7 || num.len() == 8,
    };
    area_ok && num_ok && num.first().is_some_and(|c| (b'2'..=b'9').contains(c))
}

/// Luhn check over ASCII digits.
pub(crate) fn luhn(t: &[u8]) -> bool {
    if !all_digits(t) {
        return false;
    }
    let mut sum = 0u32;
    for (k, c) in t.iter().rev().enumerate() {
        let mut v = u32::from(c - b'0');
        if k % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum % 10 == 0
}

const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: &[u8; 11] = b"10X98765432";

/// The GB 11643 check character of the first 17 digits.
pub fn resident_id_check_char(first17: &[u8]) -> Option<u8> {
    if first17.len() != 17 || !all_digits(first17) {
        return None;
    }
    let s: u32 = first17.iter().zip(ID_WEIGHTS).map(|(c, w)| u32::from(c - b'0') * w).sum();
    ID_CHECK.get((s % 11) as usize).copied()
}

/// Province-level area codes (first two digits) in use.
pub(crate) fn plausible_area(t: &[u8]) -> bool {
    let (Some(a), Some(b)) = (t.first(), t.get(1)) else { return false };
    if !a.is_ascii_digit() || !b.is_ascii_digit() {
        return false;
    }
    let p = (a - b'0') * 10 + (b - b'0');
    matches!(p, 11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81 | 82)
}

pub(crate) fn valid_date(y: u32, m: u32, d: u32) -> bool {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

fn num(t: &[u8]) -> u32 {
    t.iter().fold(0u32, |acc, c| acc.saturating_mul(10).saturating_add(u32::from(c.wrapping_sub(b'0'))))
}

/// 18-character ID: area, birth date 1800–2100 (the standard's own example is
/// born 1880), check character (`x` accepted).
pub fn resident_id18(t: &[u8]) -> bool {
    // A fixed-size array: every index below is checked at compile time.
    let Ok(t) = <&[u8; 18]>::try_from(t) else { return false };
    if !all_digits(&t[..17]) || !plausible_area(t) {
        return false;
    }
    let y = num(&t[6..10]);
    if !(1800..=2100).contains(&y) || !valid_date(y, num(&t[10..12]), num(&t[12..14])) {
        return false;
    }
    let last = t[17].to_ascii_uppercase();
    resident_id_check_char(&t[..17]) == Some(last)
}

/// 15-digit legacy ID: area and a 19YYMMDD birth date.
pub fn resident_id15(t: &[u8]) -> bool {
    let Ok(t) = <&[u8; 15]>::try_from(t) else { return false };
    all_digits(t) && plausible_area(t) && valid_date(1900 + num(&t[6..8]), num(&t[8..10]), num(&t[10..12]))
}

const USCC_CHARS: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

fn uscc_value(c: u8) -> Option<u32> {
    USCC_CHARS.iter().position(|&x| x == c).map(|p| p as u32)
}

/// `Some(true)` for a valid USCC, `Some(false)` for a USCC-shaped code whose
/// check fails (charset right, registration-authority char, 6-digit area code
/// in positions 3–8, and at least one letter so a plain 18-digit number is
/// not taken for one), `None` otherwise.
pub fn uscc(t: &[u8]) -> Option<bool> {
    let t = <&[u8; 18]>::try_from(t).ok()?;
    let vals: Option<Vec<u32>> = t.iter().map(|&c| uscc_value(c)).collect();
    let vals = vals?;
    let s: u32 = vals.iter().zip(USCC_WEIGHTS).map(|(v, w)| v * w).sum();
    let check = (31 - s % 31) % 31;
    if vals.get(17) == Some(&check) {
        return Some(true);
    }
    let shaped = t[0] != b'0' && all_digits(&t[2..8]) && t.iter().any(u8::is_ascii_uppercase);
    if shaped {
        Some(false)
    } else {
        None
    }
}

/// The GB 32100 check character of the first 17 characters.
pub fn uscc_check_char(first17: &[u8]) -> Option<u8> {
    if first17.len() != 17 {
        return None;
    }
    let mut s = 0u32;
    for (c, w) in first17.iter().zip(USCC_WEIGHTS) {
        s += uscc_value(*c)? * w;
    }
    USCC_CHARS.get(((31 - s % 31) % 31) as usize).copied()
}

fn passport_or_permit(t: &[u8]) -> Option<DetectorKind> {
    let (c0, c1) = (*t.first()?, *t.get(1)?);
    let rest7 = all_digits(t.get(2..)?);
    let rest8 = rest7 && c1.is_ascii_digit();
    match c0 {
        b'E' if rest8 => Some(DetectorKind::CnPassport),
        b'E' if rest7 && c1.is_ascii_uppercase() && c1 != b'I' && c1 != b'O' => {
            Some(DetectorKind::CnPassport)
        }
        b'G' if rest8 => Some(DetectorKind::CnPassport),
        b'C' if rest8 => Some(DetectorKind::CnHkMacauPermit),
        b'C' if rest7 && c1.is_ascii_uppercase() => Some(DetectorKind::CnHkMacauPermit),
        _ => None,
    }
}

/// Province abbreviations that start a plate.
const PLATE_PROVINCES: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

/// Plate: the group follows a province character directly; letter + 5
/// characters (at least 2 digits), or letter + 6 for new-energy plates whose
/// 6 characters start or end with `D`/`F`. Letters I and O are not used.
fn plate(b: &[u8], start: usize, t: &[u8]) -> bool {
    let Some((&l, tail)) = t.split_first() else { return false };
    // The cheap test first: most 6–7 character groups start with a digit.
    if !l.is_ascii_uppercase() || start < 3 {
        return false;
    }
    let Some(prev) = b.get(start - 3..start).and_then(|p| std::str::from_utf8(p).ok()) else {
        return false;
    };
    if !PLATE_PROVINCES.contains(prev) {
        return false;
    }
    let ok_char = |c: &u8| (c.is_ascii_uppercase() || c.is_ascii_digit()) && *c != b'I' && *c != b'O';
    if !l.is_ascii_uppercase() || l == b'I' || l == b'O' || !tail.iter().all(ok_char) {
        return false;
    }
    match tail.len() {
        5 => tail.iter().filter(|c| c.is_ascii_digit()).count() >= 2,
        6 => {
            let ends = |c: Option<&u8>| matches!(c, Some(b'D') | Some(b'F'));
            (ends(tail.first()) && tail.get(2..).is_some_and(all_digits))
                || (ends(tail.last()) && tail.get(..5).is_some_and(all_digits))
        }
        _ => false,
    }
}

fn is_local_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-')
}

/// An e-mail around the `@` at byte `at` (ASCII only): local part of
/// `[A-Za-z0-9._%+-]` starting with a letter/digit, domain of at least two
/// labels, the last of 2+ letters.
fn email_at(b: &[u8], at: usize) -> Option<(usize, usize)> {
    if b.get(at) != Some(&b'@') {
        return None;
    }
    let mut s = at;
    while s > 0 && at - s < 64 && b.get(s - 1).is_some_and(|&c| is_local_char(c)) {
        s -= 1;
    }
    while s < at && !b.get(s).is_some_and(u8::is_ascii_alphanumeric) {
        s += 1;
    }
    if s == at || (s > 0 && b.get(s - 1).is_some_and(|&c| is_local_char(c))) {
        return None;
    }
    // Domain labels.
    let mut e = at + 1;
    let mut labels = 0;
    let mut last_label = (e, e);
    loop {
        let ls = e;
        while b.get(e).is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'-') && e - ls < 63 {
            e += 1;
        }
        if e == ls {
            break;
        }
        labels += 1;
        last_label = (ls, e);
        if b.get(e) == Some(&b'.') && b.get(e + 1).is_some_and(|c| c.is_ascii_alphanumeric()) {
            e += 1;
        } else {
            break;
        }
    }
    let tld = b.get(last_label.0..last_label.1)?;
    if labels < 2 || tld.len() < 2 || !tld.iter().all(u8::is_ascii_alphabetic) {
        return None;
    }
    // Not glued to more letters/digits.
    if b.get(last_label.1).is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'@') {
        return None;
    }
    Some((s, last_label.1))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the `mask_detect` fuzz target: the second address's local
    /// part ran back over `%` into the first address, so the detections
    /// overlapped (and `detect_identifiers` got character offsets wrong).
    #[test]
    fn emails_glued_by_local_part_characters_do_not_overlap() {
        let t = "ang.san@example.com%-123-5+an@example.co m-123-567(";
        let d = detect(t);
        let spans: Vec<&str> = d.iter().map(|d| &t[d.start..d.end]).collect();
        assert_eq!(spans, ["ang.san@example.com", "123-5+an@example.co"]);
        for w in d.windows(2) {
            assert!(w[0].end <= w[1].start);
        }
    }

    fn kinds(t: &str) -> Vec<(&'static str, &str)> {
        detect(t).iter().map(|d| (d.kind.as_str(), &t[d.start..d.end])).collect()
    }

    #[test]
    fn standard_examples() {
        assert_eq!(kinds("11010519491231002X"), vec![("cn_resident_id", "11010519491231002X")]);
        assert_eq!(kinds("440524188001010014"), vec![("cn_resident_id", "440524188001010014")]);
        assert_eq!(kinds("91350100M000100Y43"), vec![("cn_uscc", "91350100M000100Y43")]);
        assert_eq!(kinds("6225768888888888"), vec![("bank_card", "6225768888888888")]);
    }

    #[test]
    fn free_text_and_boundaries() {
        let t = "张三身份证11010519491231002x，电话+86 138 1234 5678，卡号1234567811010519491231002X9";
        assert_eq!(
            kinds(t),
            vec![("cn_resident_id", "11010519491231002x"), ("cn_mobile", "+86 138 1234 5678")]
        );
        assert_eq!(kinds("１３８１２３４５６７８"), vec![("cn_mobile", "１３８１２３４５６７８")]);
        assert_eq!(kinds("a.b@example.com 13812345678@qq.com").len(), 2);
        assert_eq!(kinds("车牌京A12345停"), vec![("cn_plate", "京A12345")]);
        assert!(kinds("3.13812345678").is_empty());
    }
}

#[cfg(test)]
mod swar_tests {
    use super::*;

    /// The per-byte definition [`start_bytes`] computes.
    fn is_start(b: u8) -> bool {
        let folded = b | 0x20;
        (b.wrapping_sub(b'0') < 10) | (folded.wrapping_sub(b'a') < 26) | (b == b'@') | (b == 0xEF)
    }

    /// The 8-byte classifier agrees with the per-byte one on every byte value
    /// in every lane.
    #[test]
    fn start_bytes_matches_is_start() {
        for v in 0..=255u8 {
            for fill in [0x00u8, 0xE4, 0x7F, 0xFF] {
                for lane in 0..8 {
                    let mut w = [fill; 8];
                    w[lane] = v;
                    let m = start_bytes(u64::from_le_bytes(w));
                    let want = w
                        .iter()
                        .enumerate()
                        .fold(0u64, |acc, (k, &x)| acc | if is_start(x) { 0x80u64 << (8 * k) } else { 0 });
                    assert_eq!(m, want, "byte {v:#x} in lane {lane}, fill {fill:#x}");
                }
            }
        }
    }
}
