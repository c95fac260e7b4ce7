//! Identifier detectors: a hand-written single-pass scanner over UTF-8 text.
//!
//! Why hand-written: the scanner runs over every value of every record, in
//! free text too, so it must be linear (no regex backtracking) and skip fast
//! over bytes that cannot start an identifier: 8 bytes at a time, it stops
//! only at ASCII letters and digits, `@`, full-width forms and the lead
//! bytes of characters that folding changes; CJK text is passed over.
//!
//! Evasion (issue #11, docs/masking.md §5): identifiers are read however
//! they are written — format characters ignored, digits of every script,
//! any grouping joined by 1–3 separators (spaces, dashes, punctuation).
//! ASCII, full-width forms and U+3000–3002 are folded in place; the first
//! character that needs more (the generated `unicode_fold` table) sends
//! the text through a folded copy with an offset map. Every reported offset
//! is a byte offset into the original text.
//!
//! Boundaries: an identifier is whole groups; digits inside a longer number
//! or code are never reported, nor a run glued to an `@` (that is an
//! e-mail's local part).

use serde::{Deserialize, Serialize};

use super::unicode_fold::{Fold, RANGES};

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

/// The normalized character at byte `i` (which must be a char boundary):
/// ASCII, the full-width forms U+FF01–FF5E as their ASCII twins, U+3000
/// `　` / U+3001 `、` / U+3002 `。` as ` ` / `,` / `.`, and the CJK dashes
/// and dot U+301C `〜`, U+3030 `〰`, U+30A0 `゠` / U+30FB `・` as `-` / `.`
/// — the forms of Chinese text, folded in place without copying it (so no
/// `E3` character needs the folded view).
fn norm_at(b: &[u8], i: usize) -> Norm {
    let Some(&b0) = b.get(i) else { return Norm { c: 0, len: 1 } };
    if b0 < 0x80 {
        return Norm { c: b0, len: 1 };
    }
    let len = utf8_len(b0);
    if b0 == 0xEF {
        if let (Some(&b1), Some(&b2)) = (b.get(i + 1), b.get(i + 2)) {
            let c = match (b1, b2) {
                (0xBC, 0x81..=0xBF) => 0x21 + (b2 - 0x81),
                (0xBD, 0x80..=0x9E) => 0x60 + (b2 - 0x80),
                _ => 0,
            };
            return Norm { c, len };
        }
    } else if b0 == 0xE3 {
        let c = match (b.get(i + 1), b.get(i + 2)) {
            (Some(0x80), Some(0x80)) => b' ',
            (Some(0x80), Some(0x81)) => b',',
            (Some(0x80), Some(0x82)) => b'.',
            (Some(0x80), Some(0x9C | 0xB0)) | (Some(0x82), Some(0xA0)) => b'-',
            (Some(0x83), Some(0xBB)) => b'.',
            _ => 0,
        };
        return Norm { c, len };
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

/// Separators between the groups of one identifier (after folding): white
/// space, dashes and the punctuation people (or an evader) put inside a
/// number. `+`, `@` and `*` (the mask character) are not among them.
fn is_sep(c: u8) -> bool {
    matches!(
        c,
        b' ' | b'\t'
            | b'\n'
            | b'\r'
            | b'-'
            | b'.'
            | b','
            | b'/'
            | b'_'
            | b':'
            | b';'
            | b'('
            | b')'
            | b'|'
            | b'~'
            | b'\''
            | b'"'
    )
}

/// At most this many separators in a row join two groups.
const MAX_SEP_RUN: usize = 3;

/// A full-width letter, digit or `＠` at `i` (lead byte `0xEF`): the only
/// full-width forms that start something. Full-width punctuation (`，`,
/// `：`, `（`...) is common in Chinese text and is skipped here, without a
/// trip through the scanner's main loop.
fn fullwidth_start(b: &[u8], i: usize) -> bool {
    let c = norm_at(b, i).c;
    is_alnum(c) || c == b'@'
}

/// The decoded character at byte `i` (a char boundary of valid UTF-8; the
/// caller's text is a `str`, so no validation is repeated here).
fn char_at(b: &[u8], i: usize) -> Option<char> {
    let b0 = u32::from(*b.get(i)?);
    let cont = |k: usize| b.get(i + k).map(|&x| u32::from(x & 0x3F));
    let cp = match b0 {
        0x00..=0x7F => b0,
        0xC0..=0xDF => ((b0 & 0x1F) << 6) | cont(1)?,
        0xE0..=0xEF => ((b0 & 0x0F) << 12) | (cont(1)? << 6) | cont(2)?,
        _ => ((b0 & 0x07) << 18) | (cont(1)? << 12) | (cont(2)? << 6) | cont(3)?,
    };
    char::from_u32(cp)
}

/// What `c` folds to before matching (the generated `unicode_fold` table), if anything.
pub(crate) fn fold_of(c: char) -> Option<Fold> {
    let cp = c as u32;
    let k = RANGES.partition_point(|r| r.1 < cp);
    let &(lo, hi, fold, step) = RANGES.get(k)?;
    if cp < lo || cp > hi {
        return None;
    }
    match fold {
        Fold::Ascii(base) if step == 1 => Some(Fold::Ascii(base + (cp - lo) as u8)),
        other => Some(other),
    }
}

/// A character at `i` that only the folded view reads right: a format
/// character, a digit of another script, another space or dash, a dot or an
/// X look-alike, or a full-width `＠` (e-mail addresses are matched in ASCII).
fn needs_fold_at(b: &[u8], i: usize) -> bool {
    match b.get(i) {
        Some(&x) if x >= 0x80 => {
            norm_at(b, i).c == b'@' || char_at(b, i).is_some_and(|c| fold_of(c).is_some())
        }
        _ => false,
    }
}

// ------------------------------------------------------------------ scanner

/// Longest identifier, in characters after folding (a bank card's 19).
const MAX_ID_CHARS: usize = 19;

/// A run of letters/digits within a token: byte span, folded text (when it
/// is short enough to be part of an identifier) and how many are digits.
#[derive(Debug, Clone, Copy)]
struct Group {
    start: usize,
    end: usize,
    /// Characters, folded; `too_long` when over [`MAX_ID_CHARS`].
    text: [u8; MAX_ID_CHARS],
    len: usize,
    digits: usize,
    too_long: bool,
}

impl Default for Group {
    fn default() -> Self {
        Group { start: 0, end: 0, text: [0; MAX_ID_CHARS], len: 0, digits: 0, too_long: false }
    }
}

/// Groups kept while a token is read; windows of at most [`MAX_ID_CHARS`]
/// groups are decided as soon as that many follow the first.
const GROUP_CAP: usize = 2 * MAX_ID_CHARS + 2;

/// Reusable scratch space of the scanner (no allocation per token). The
/// streaming engines keep one, so it is not cleared for every value.
#[derive(Debug, Clone)]
pub(crate) struct Scratch {
    groups: [Group; GROUP_CAP],
    head: usize,
    len: usize,
    /// The folded view of a text that needs it, and for each of its bytes
    /// the offset of the original character it came from.
    folded: String,
    origin: Vec<usize>,
    inner: Vec<Detection>,
}

impl Default for Scratch {
    fn default() -> Self {
        Scratch {
            groups: [Group::default(); GROUP_CAP],
            head: 0,
            len: 0,
            folded: String::new(),
            origin: Vec::new(),
            inner: Vec::new(),
        }
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

/// 0x80 in each byte of `w` that leads a character the folded view may
/// change ([`needs_fold_at`]): every lead byte (`C0`–`FF`) but those of CJK
/// punctuation and ideographs (`E3`–`E9`), which Chinese text is made of, so
/// it stays on the fast path (a test checks every range of [`RANGES`] is
/// covered). Continuation bytes are never leads.
#[inline(always)]
fn fold_lead_bytes(w: u64) -> u64 {
    let lead = w & (w << 1) & HIGH;
    lead & !bytes_in(w ^ HIGH, 0xE3 - 0x80, 0xE9 - 0x80)
}

/// What the fast scan met next.
enum Next {
    /// A byte that may start something.
    Start(usize),
    /// A character that only the folded view reads right.
    NeedsFold,
}

/// The next byte at or after `i` that may start something: classifies 8
/// bytes at a time in a register (the tail of a value zero-padded, zero
/// being no start) and takes the lowest; a `0xEF` that is not a full-width
/// letter, digit or `＠` is passed over, as are the other non-ASCII
/// characters unless folding would change them.
fn next_candidate(b: &[u8], mut i: usize) -> Option<Next> {
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
        let w = u64::from_le_bytes(w);
        let mut m = start_bytes(w);
        if w & HIGH != 0 {
            m |= fold_lead_bytes(w);
        }
        while m != 0 {
            let at = i + (m.trailing_zeros() / 8) as usize;
            match b.get(at) {
                Some(&x) if x < 0x80 => return Some(Next::Start(at)),
                _ if needs_fold_at(b, at) => return Some(Next::NeedsFold),
                Some(0xEF) if fullwidth_start(b, at) => return Some(Next::Start(at)),
                _ => {}
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
///
/// Text is read as is while it holds only ASCII, CJK and the full-width
/// forms; at the first character that folding changes (a format character,
/// a digit of another script, another space or dash…) the scan starts
/// again over the folded view ([`fold_text`]) and maps what it finds back
/// to the original bytes. Clean text is read once.
pub(crate) fn detect_with(text: &str, sc: &mut Scratch, out: &mut Vec<Detection>) {
    let before = out.len();
    if scan_fast(text.as_bytes(), sc, out) {
        return;
    }
    out.truncate(before);
    let mut folded = std::mem::take(&mut sc.folded);
    let mut origin = std::mem::take(&mut sc.origin);
    let mut inner = std::mem::take(&mut sc.inner);
    fold_text(text, &mut folded, &mut origin);
    inner.clear();
    // The folded view has nothing left to fold.
    let _complete = scan_fast(folded.as_bytes(), sc, &mut inner);
    let b = text.as_bytes();
    for d in &inner {
        let start = origin.get(d.start).copied().unwrap_or(text.len());
        let end = match d.end.checked_sub(1).and_then(|last| origin.get(last)) {
            Some(&o) => o + b.get(o).map_or(1, |&x| utf8_len(x)),
            None => start,
        };
        out.push(Detection { start, end, ..*d });
    }
    sc.folded = folded;
    sc.origin = origin;
    sc.inner = inner;
}

/// The folded view of `text`: format characters dropped, digits of every
/// script, spaces, dashes, dots and X look-alikes (`unicode_fold`) and the
/// full-width forms as ASCII; `origin[k]` is the byte offset in `text` of
/// the character that gave byte `k`.
fn fold_text(text: &str, folded: &mut String, origin: &mut Vec<usize>) {
    folded.clear();
    origin.clear();
    for (at, c) in text.char_indices() {
        let ascii = match fold_of(c) {
            Some(Fold::Drop) => continue,
            Some(Fold::Ascii(a)) => Some(a),
            None => {
                let n = norm_at(text.as_bytes(), at).c;
                (n != 0 && (c as u32) >= 0x80).then_some(n)
            }
        };
        match ascii {
            Some(a) => {
                folded.push(char::from(a));
                origin.push(at);
            }
            None => {
                folded.push(c);
                origin.extend(std::iter::repeat_n(at, c.len_utf8()));
            }
        }
    }
}

/// The fast scan of `b`; `false` (with `out` partly filled) when a character
/// needs the folded view.
fn scan_fast(b: &[u8], sc: &mut Scratch, out: &mut Vec<Detection>) -> bool {
    let n = b.len();
    let mut i = 0;
    while i < n {
        match next_candidate(b, i) {
            Some(Next::Start(at)) => i = at,
            Some(Next::NeedsFold) => return false,
            None => break,
        }
        let ch = norm_at(b, i);
        match ch.c {
            b'@' if fullwidth_near_at(b, i) => return false,
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
    true
}

/// A full-width letter, digit or e-mail punctuation in the address around
/// the `@` at `at`: e-mail addresses are matched in ASCII, so such text needs
/// the folded view (else `ａｂ@x.com` would be cut to `@x.com`'s neighbours).
fn fullwidth_near_at(b: &[u8], at: usize) -> bool {
    let mail_char = |c: u8| is_local_char(c) || c == b'@';
    // Backwards over the local part.
    let mut i = at;
    for _ in 0..64 {
        let p = norm_before(b, i);
        if p.len == 0 || !mail_char(p.c) {
            break;
        }
        if p.len > 1 {
            return true;
        }
        i -= p.len;
    }
    // Forwards over the domain.
    let mut i = at + 1;
    for _ in 0..256 {
        let n = norm_at(b, i);
        if i >= b.len() || !mail_char(n.c) {
            break;
        }
        if n.len > 1 {
            return true;
        }
        i += n.len;
    }
    false
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
/// a non-ASCII lead byte other than those of full-width forms and U+3000–
/// U+3002) — `2024年`, `3月`, `28栋`: no identifier fits, so [`token_at`]
/// is not needed. `None` when the token needs the full read.
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

/// Reads the token starting at `i` — groups of letters/digits joined by up
/// to [`MAX_SEP_RUN`] separators — reports the identifiers made of whole
/// consecutive groups (any grouping), and returns the offset after it.
/// Memory is bounded: a window is decided once [`MAX_ID_CHARS`] groups
/// follow its first, so a token of any length is read in one pass.
fn token_at(b: &[u8], i: usize, sc: &mut Scratch, out: &mut Vec<Detection>) -> usize {
    sc.head = 0;
    sc.len = 0;
    let mut pos = i;
    loop {
        // The group is read straight into its slot of the scratch space.
        if sc.head + sc.len >= GROUP_CAP {
            sc.groups.copy_within(sc.head..sc.head + sc.len, 0);
            sc.head = 0;
        }
        let Some(g) = sc.groups.get_mut(sc.head + sc.len) else { break };
        g.start = pos;
        g.digits = 0;
        let mut count = 0;
        // Digit run fast path: 8 ASCII digits at a time.
        while let Some(chunk) = b.get(pos..pos + 8) {
            let mut w = [0u8; 8];
            w.copy_from_slice(chunk);
            if !digits8(u64::from_le_bytes(w)) {
                break;
            }
            if let Some(dst) = g.text.get_mut(count..count + 8) {
                dst.copy_from_slice(chunk);
            }
            count += 8;
            g.digits += 8;
            pos += 8;
        }
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
            if let Some(slot) = g.text.get_mut(count) {
                *slot = c;
            }
            if c.is_ascii_digit() {
                g.digits += 1;
            }
            count += 1;
            pos += len;
        }
        g.end = pos;
        g.too_long = count > MAX_ID_CHARS;
        g.len = count.min(MAX_ID_CHARS);
        sc.len += 1;
        if sc.len >= MAX_ID_CHARS {
            decide_front(b, i, sc, out);
        }
        // Continue over up to MAX_SEP_RUN separators followed by a letter/digit.
        let mut p = pos;
        let mut seps = 0;
        while seps < MAX_SEP_RUN && p < b.len() {
            let s = norm_at(b, p);
            if !is_sep(s.c) {
                break;
            }
            p += s.len;
            seps += 1;
        }
        if seps > 0 && p < b.len() && is_alnum(norm_at(b, p).c) {
            pos = p;
            continue;
        }
        break;
    }
    while sc.len > 0 {
        decide_front(b, i, sc, out);
    }
    pos
}

/// Decides the windows that start at the first pending group: reports the
/// longest that is an identifier and drops its groups, else drops one.
fn decide_front(b: &[u8], token_start: usize, sc: &mut Scratch, out: &mut Vec<Detection>) {
    let pending = sc.groups.get(sc.head..sc.head + sc.len).unwrap_or(&[]);
    let used = match longest_at(b, token_start, pending) {
        // A Luhn pass over several groups gives way to a checksum-valid ID or
        // USCC starting inside it (`8：110105197412095355`): the front is dropped
        // and the next decision finds that one.
        Some((det, used, _))
            if is_weak(&det)
                && (1..used).any(|j| {
                    pending
                        .get(j..)
                        .and_then(|rest| longest_at(b, token_start, rest))
                        .is_some_and(|(_, _, strong)| strong)
                }) =>
        {
            1
        }
        Some((det, used, _)) => {
            out.push(det);
            used
        }
        None => 1,
    };
    let used = used.min(sc.len);
    sc.head += used;
    sc.len -= used;
}

/// A bank card: its Luhn check passes for one number in ten by chance.
fn is_weak(d: &Detection) -> bool {
    d.kind == DetectorKind::BankCard
}

/// A check that rarely passes by chance: GB 11643 (with area and birth
/// date), or GB 32100 on a code with a letter (an 18-digit number passes
/// GB 32100's check one time in 31). `t`: the folded characters.
fn is_strong(kind: DetectorKind, reason: DetectReason, t: &[u8]) -> bool {
    reason == DetectReason::ChecksumValid
        && match kind {
            DetectorKind::CnResidentId => true,
            DetectorKind::CnUscc => t.iter().any(u8::is_ascii_alphabetic),
            _ => false,
        }
}

/// The longest run of whole groups from `groups[0]` that is an identifier:
/// the detection, the groups it uses, and whether its check is strong.
fn longest_at(b: &[u8], token_start: usize, groups: &[Group]) -> Option<(Detection, usize, bool)> {
    let first = groups.first()?;
    if first.too_long || norm_before(b, first.start).c == b'@' {
        return None;
    }
    let mut buf = [0u8; MAX_ID_CHARS];
    // The widest window that fits: its groups, characters and digits.
    let (mut wide_groups, mut wide_chars, mut wide_digits) = (0, 0, 0);
    for g in groups {
        if g.too_long || wide_chars + g.len > MAX_ID_CHARS {
            break;
        }
        if groups.len() > 1 {
            if let (Some(dst), Some(src)) = (buf.get_mut(wide_chars..wide_chars + g.len), g.text.get(..g.len))
            {
                dst.copy_from_slice(src);
            }
        }
        wide_chars += g.len;
        wide_digits += g.digits;
        wide_groups += 1;
    }
    // Longest first; but a Luhn pass (one number in ten passes by chance)
    // gives way to a shorter window with a stronger check (GB 11643, GB 32100).
    let mut best: Option<(Detection, usize, bool)> = None;
    while wide_groups > 0 {
        // This window, then narrow by its last group for the next.
        let (used, chars, digits) = (wide_groups, wide_chars, wide_digits);
        let dropped = groups.get(used - 1)?;
        wide_groups -= 1;
        wide_chars -= dropped.len;
        wide_digits -= dropped.digits;
        // Every identifier has at least two digits.
        if digits < 2 {
            continue;
        }
        let last = groups.get(used - 1)?;
        // Not the local part of an e-mail address.
        if last.end < b.len() && norm_at(b, last.end).c == b'@' {
            continue;
        }
        // One group: its own text (no copy needed).
        let t = if used == 1 { first.text.get(..first.len)? } else { buf.get(..chars)? };
        let Some((kind, reason, shape)) = classify(t, digits == chars, b, first.start) else { continue };
        let strong = is_strong(kind, reason, t);
        if best.is_some() && !strong {
            continue;
        }
        let start = match shape {
            Shape::Plus if first.start == token_start && norm_before(b, first.start).c == b'+' => {
                first.start - norm_before(b, first.start).len
            }
            Shape::Plate(province) => province,
            _ => first.start,
        };
        let found = (Detection { kind, start, end: last.end, reason }, used, strong);
        if strong || kind != DetectorKind::BankCard {
            return Some(found);
        }
        best.get_or_insert(found);
    }
    best
}

/// How a match's span extends before its first group.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Plain,
    /// A `+` right before may belong to it (`+86…`).
    Plus,
    /// It starts at the province character, at this offset.
    Plate(usize),
}

/// What the folded characters `t` (whole groups, joined; `d`: all digits)
/// are, if an identifier; `start` is where they begin in `b` (plates look
/// before it).
fn classify(t: &[u8], d: bool, b: &[u8], start: usize) -> Option<(DetectorKind, DetectReason, Shape)> {
    if !matches!(t.len(), 6 | 7 | 9 | 11..=13 | 15..=19) {
        return None;
    }
    let hit = |kind, reason| Some((kind, reason, Shape::Plain));
    match t.len() {
        18 => {
            if resident_id18(t) {
                return hit(DetectorKind::CnResidentId, DetectReason::ChecksumValid);
            }
            if d && is_card(t) {
                return hit(DetectorKind::BankCard, DetectReason::ChecksumValid);
            }
            match uscc(t) {
                Some(true) => return hit(DetectorKind::CnUscc, DetectReason::ChecksumValid),
                Some(false) => return hit(DetectorKind::CnUscc, DetectReason::ChecksumFailedWarning),
                None => {}
            }
        }
        15 if d && resident_id15(t) => return hit(DetectorKind::CnResidentId, DetectReason::LegacyFormat),
        11 if d && is_mobile(t) => return Some((DetectorKind::CnMobile, DetectReason::Pattern, Shape::Plus)),
        13 if d && t.starts_with(b"86") && is_mobile(t.get(2..)?) => {
            return Some((DetectorKind::CnMobile, DetectReason::Pattern, Shape::Plus));
        }
        9 => {
            if let Some(kind) = passport_or_permit(t) {
                return hit(kind, DetectReason::Pattern);
            }
        }
        6 | 7 => {
            if let Some(province) = plate(b, start, t) {
                return Some((DetectorKind::CnPlate, DetectReason::Pattern, Shape::Plate(province)));
            }
        }
        _ => {}
    }
    if d && (16..=19).contains(&t.len()) && is_card(t) {
        return hit(DetectorKind::BankCard, DetectReason::ChecksumValid);
    }
    if d && (11..=12).contains(&t.len()) && t.first() == Some(&b'0') {
        // Landline: split the area code by its first digits.
        let area = if matches!(t.get(1), Some(b'1') | Some(b'2')) { 3 } else { 4 };
        if is_landline_parts(t.get(..area)?, t.get(area..)?) {
            return hit(DetectorKind::CnLandline, DetectReason::Pattern);
        }
    }
    None
}

/// A card number (ISO/IEC 7812): Luhn-valid, and no issuer number starts
/// with 0 (so runs of zeros are not cards).
fn is_card(t: &[u8]) -> bool {
    t.first().is_some_and(|&c| c != b'0') && luhn(t)
}

fn all_digits(s: &[u8]) -> bool {
    !s.is_empty() && s.iter().all(u8::is_ascii_digit)
}

fn is_mobile(t: &[u8]) -> bool {
    t.len() == 11 && all_digits(t) && t[0] == b'1' && (b'3'..=b'9').contains(&t[1])
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

/// The GB 11643 check character of the first 17 digits (one home:
/// [`crate::identifiers`]).
pub use crate::identifiers::resident_id_check_char;

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

/// The GB 32100 check character of the first 17 characters (one home:
/// [`crate::identifiers`]).
pub use crate::identifiers::credit_code_check_char as uscc_check_char;

/// `Some(true)` for a valid USCC, `Some(false)` for a USCC-shaped code whose
/// check fails (charset right, registration-authority char, 6-digit area code
/// in positions 3–8, and at least one letter so a plain 18-digit number is
/// not taken for one), `None` otherwise.
pub fn uscc(t: &[u8]) -> Option<bool> {
    let t = <&[u8; 18]>::try_from(t).ok()?;
    // The registration authority (first character) is never 0, so a run of
    // zeros, whose check happens to be right, is not a code.
    if t[0] == b'0' {
        return None;
    }
    if !t.iter().all(|c| crate::identifiers::CREDIT_CODE_ALPHABET.contains(c)) {
        return None;
    }
    if crate::identifiers::credit_code_check_char(&t[..17]) == Some(t[17]) {
        return Some(true);
    }
    let shaped = t[0] != b'0' && all_digits(&t[2..8]) && t.iter().any(u8::is_ascii_uppercase);
    if shaped {
        Some(false)
    } else {
        None
    }
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

/// Plate: the groups follow a province character (directly or across
/// separators), whose start is returned; letter + 5
/// characters (at least 2 digits), or letter + 6 for new-energy plates whose
/// 6 characters start or end with `D`/`F`. Letters I and O are not used.
fn plate(b: &[u8], start: usize, t: &[u8]) -> Option<usize> {
    let (&l, tail) = t.split_first()?;
    // The cheap test first: most 6–7 character groups start with a digit.
    if !l.is_ascii_uppercase() || start < 3 {
        return None;
    }
    // The province character, directly before or across up to
    // MAX_SEP_RUN separators (`京A12345`, `京 A·12345`).
    let mut at = start;
    for _ in 0..=MAX_SEP_RUN {
        let prev = at.checked_sub(3).and_then(|p| b.get(p..at)).and_then(|p| std::str::from_utf8(p).ok());
        if prev.is_some_and(|p| PLATE_PROVINCES.contains(p)) {
            break;
        }
        let sep = norm_before(b, at);
        if !is_sep(sep.c) {
            return None;
        }
        at -= sep.len;
    }
    let province = at.checked_sub(3)?;
    if !b
        .get(province..at)
        .and_then(|p| std::str::from_utf8(p).ok())
        .is_some_and(|p| PLATE_PROVINCES.contains(p))
    {
        return None;
    }
    let ok_char = |c: &u8| (c.is_ascii_uppercase() || c.is_ascii_digit()) && *c != b'I' && *c != b'O';
    if !l.is_ascii_uppercase() || l == b'I' || l == b'O' || !tail.iter().all(ok_char) {
        return None;
    }
    let shaped = match tail.len() {
        5 => tail.iter().filter(|c| c.is_ascii_digit()).count() >= 2,
        6 => {
            let ends = |c: Option<&u8>| matches!(c, Some(b'D') | Some(b'F'));
            (ends(tail.first()) && tail.get(2..).is_some_and(all_digits))
                || (ends(tail.last()) && tail.get(..5).is_some_and(all_digits))
        }
        _ => false,
    };
    shaped.then_some(province)
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
        // A leading "3." does not hide a number: `.` is a separator like any.
        assert_eq!(kinds("3.13812345678"), vec![("cn_mobile", "13812345678")]);
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

#[cfg(test)]
mod fold_tests {
    use super::*;

    /// Every character the folded view changes has a lead byte that
    /// [`next_candidate`] stops at (else the fast scan would read past it).
    #[test]
    fn fold_lead_bytes_cover_every_folded_character() {
        for &(lo, hi, _, _) in RANGES.iter() {
            for cp in lo..=hi {
                let Some(c) = char::from_u32(cp) else { continue };
                let mut buf = [0u8; 4];
                let lead = c.encode_utf8(&mut buf).as_bytes()[0];
                let w = u64::from(lead);
                assert_ne!(fold_lead_bytes(w) | start_bytes(w), 0, "U+{cp:04X} lead {lead:#x}");
                assert!(needs_fold_at(c.encode_utf8(&mut buf).as_bytes(), 0), "U+{cp:04X}");
            }
        }
    }

    /// CJK ideographs and common Chinese punctuation stay on the fast path.
    #[test]
    fn chinese_text_needs_no_fold() {
        let t = "申请人张三，住址：北京市海淀区“文三路”100号。备注——无、其他…「」（）";
        let b = t.as_bytes();
        let folds =
            t.char_indices().filter(|&(i, _)| needs_fold_at(b, i)).map(|(_, c)| c).collect::<String>();
        assert_eq!(folds, "——", "only the em dashes (U+2014, Pd) need the folded view");
    }

    /// Found by the `detect_evasion` fuzz target: a full-width digit in an
    /// e-mail's local part was cut off on the fast path (ASCII only) but read
    /// on the folded one, so a format character elsewhere changed the result.
    #[test]
    fn fullwidth_characters_around_an_at_sign_are_read_the_same_either_way() {
        let plain = "A７@maigov.cil";
        let spread = "A\u{200b}７\u{200b}@maigov.cil";
        let spans = |t: &str| {
            detect(t).iter().map(|d| (d.kind, t[d.start..d.end].replace('\u{200b}', ""))).collect::<Vec<_>>()
        };
        assert_eq!(spans(plain), vec![(DetectorKind::Email, plain.to_owned())]);
        assert_eq!(spans(spread), spans(plain));
    }

    #[test]
    fn folded_offsets_map_back_to_the_original() {
        let t = "电话١٣٨\u{200b}1234\u{2060}5678。";
        let d = detect(t);
        assert_eq!(d.len(), 1);
        assert_eq!(&t[d[0].start..d[0].end], "١٣٨\u{200b}1234\u{2060}5678");
    }
}
