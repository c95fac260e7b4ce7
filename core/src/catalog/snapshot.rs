//! Binary snapshots of a loaded, indexed catalog.
//!
//! Layout (all integers little-endian, no platform-sized integers):
//!
//! ```text
//! magic    8 bytes  "GVSCSNAP"
//! version  u32      SNAPSHOT_VERSION
//! length   u64      payload length in bytes
//! crc32    u32      CRC-32 (IEEE) of the payload
//! payload  a sequence of arrays, each `u64 count` then `count` elements
//!          (u8 / u16 / u32 / u64), in the fixed order of `to_snapshot`;
//!          the first array is the catalog info as JSON bytes, the second
//!          the format version of the document it was read from (one u32).
//! ```
//!
//! Loading is bulk copies plus a structural check of every offset and id;
//! only the interning hash tables are rebuilt. Counts are checked against
//! the bytes left before anything is allocated.

use super::engine::Catalog;
use super::index::Index;
use super::model::{CatalogInfo, FORMAT_VERSION, MIN_FORMAT_VERSION};
use super::store::{Arena, Interner, Store, LEN_BIG, NONE};
use crate::{Error, Result};

/// The snapshot layout this build writes and reads.
/// Version 2 added the catalog format version 2 columns (security level,
/// sharing scope and purpose, legal basis) and the source format version,
/// and packs the sharing modes in a u64 (all eleven fit; a u32 held eight).
/// Version 3 keeps the items' identifier class in bits 4–6 of their flags
/// (a version 2 reader would have ignored it: it is refused instead).
pub const SNAPSHOT_VERSION: u32 = 3;
const MAGIC: &[u8; 8] = b"GVSCSNAP";

/// True when `bytes` start with the snapshot magic, i.e. they should be read
/// with [`Catalog::from_snapshot`] rather than as JSON.
pub fn is_snapshot(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}
const HEADER: usize = 8 + 4 + 8 + 4;

fn invalid(detail: &str) -> Error {
    Error::SnapshotInvalid { detail: detail.into() }
}

struct Writer(Vec<u8>);

impl Writer {
    fn count(&mut self, n: usize) {
        self.0.extend_from_slice(&(n as u64).to_le_bytes());
    }
    fn bytes(&mut self, v: &[u8]) {
        self.count(v.len());
        self.0.extend_from_slice(v);
    }
    fn u16s(&mut self, v: &[u16]) {
        self.count(v.len());
        self.0.reserve(v.len() * 2);
        for x in v {
            self.0.extend_from_slice(&x.to_le_bytes());
        }
    }
    fn u32s(&mut self, v: &[u32]) {
        self.count(v.len());
        self.0.reserve(v.len() * 4);
        for x in v {
            self.0.extend_from_slice(&x.to_le_bytes());
        }
    }
    fn u64s(&mut self, v: &[u64]) {
        self.count(v.len());
        self.0.reserve(v.len() * 8);
        for x in v {
            self.0.extend_from_slice(&x.to_le_bytes());
        }
    }
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).ok_or_else(|| invalid("length overflow"))?;
        let s = self.b.get(self.pos..end).ok_or_else(|| invalid("truncated"))?;
        self.pos = end;
        Ok(s)
    }
    /// Reads a count and checks `count * size` bytes are really there.
    fn count(&mut self, size: usize) -> Result<usize> {
        let raw = self.take(8)?;
        let mut w = [0u8; 8];
        w.copy_from_slice(raw);
        let n = usize::try_from(u64::from_le_bytes(w)).map_err(|_| invalid("array too long"))?;
        let bytes = n.checked_mul(size).ok_or_else(|| invalid("array too long"))?;
        if bytes > self.b.len().saturating_sub(self.pos) {
            return Err(invalid("truncated array"));
        }
        Ok(n)
    }
    fn bytes(&mut self) -> Result<Vec<u8>> {
        let n = self.count(1)?;
        Ok(self.take(n)?.to_vec())
    }
    fn u16s(&mut self) -> Result<Vec<u16>> {
        let n = self.count(2)?;
        Ok(self.take(n * 2)?.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect())
    }
    fn u32s(&mut self) -> Result<Vec<u32>> {
        let n = self.count(4)?;
        Ok(self.take(n * 4)?.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
    }
    fn u64s(&mut self) -> Result<Vec<u64>> {
        let n = self.count(8)?;
        Ok(self
            .take(n * 8)?
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
            .collect())
    }
    fn string(&mut self) -> Result<String> {
        String::from_utf8(self.bytes()?).map_err(|_| invalid("text is not UTF-8"))
    }
    fn arena(&mut self) -> Result<Arena> {
        Ok(Arena { text: self.string()?, ends: self.u32s()? })
    }
}

fn write_arena(w: &mut Writer, a: &Arena) {
    w.bytes(a.text.as_bytes());
    w.u32s(&a.ends);
}

impl Catalog {
    /// The loaded and indexed catalog as snapshot bytes.
    pub fn to_snapshot(&self) -> Vec<u8> {
        let s = &self.store;
        let ix = &self.index;
        let mut w = Writer(Vec::new());
        w.bytes(&serde_json::to_vec(&self.info).unwrap_or_default());
        w.u32s(&[self.source_version]);
        write_arena(&mut w, &s.texts);
        write_arena(&mut w, &s.dict.arena);
        write_arena(&mut w, &s.vocab.arena);
        for col in [
            &s.classification,
            &s.provider,
            &s.provider_code,
            &s.published,
            &s.conditions,
            &s.open_conditions,
            &s.scope,
            &s.purpose,
            &s.basis_title,
            &s.basis_article,
        ] {
            w.u32s(col);
        }
        for col in [&s.sharing, &s.format, &s.cycle, &s.open, &s.grade, &s.basis_kind, &s.security] {
            w.bytes(col);
        }
        w.u64s(&s.modes);
        w.u32s(&s.item_start);
        w.u32s(&s.related_start);
        w.u32s(&s.related);
        w.u16s(&s.name_len);
        w.u16s(&s.abstract_len);
        w.u32s(&s.item_name);
        w.u16s(&s.item_len);
        w.u32s(&s.big_len_item);
        w.u32s(&s.big_len_value);
        w.bytes(&s.item_grade);
        w.bytes(&s.item_flags);
        w.u16s(&s.item_pi);
        w.u32s(&s.pi_kinds);
        w.u64s(&ix.term_keys);
        w.u32s(&ix.name_off);
        w.bytes(&ix.name_post);
        w.u32s(&ix.name_df);
        w.u32s(&ix.abs_off);
        w.bytes(&ix.abs_post);
        w.u32s(&ix.abs_df);
        w.u32s(&ix.vocab_off);
        w.u32s(&ix.vocab_ids);
        w.u32s(&ix.item_df);
        w.u32s(&ix.item_off);
        w.bytes(&ix.item_post);
        w.u32s(&ix.vocab_df);
        w.u32s(&ix.code_order);
        w.u32s(&ix.code_rank);
        let payload = w.0;
        let mut out = Vec::with_capacity(HEADER + payload.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&SNAPSHOT_VERSION.to_le_bytes());
        out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        out.extend_from_slice(&crc32fast::hash(&payload).to_le_bytes());
        out.extend_from_slice(&payload);
        out
    }

    /// Loads snapshot bytes made by [`Catalog::to_snapshot`] (on any platform).
    pub fn from_snapshot(bytes: &[u8]) -> Result<Catalog> {
        let head = bytes.get(..HEADER).ok_or_else(|| invalid("shorter than the header"))?;
        if head.get(..8) != Some(MAGIC.as_slice()) {
            return Err(invalid("not a govshare catalog snapshot (bad magic bytes)"));
        }
        let word = |r: std::ops::Range<usize>| head.get(r).unwrap_or(&[]).to_vec();
        let version = u32::from_le_bytes(word(8..12).try_into().map_err(|_| invalid("header"))?);
        if version != SNAPSHOT_VERSION {
            return Err(Error::SnapshotVersion { found: version, supported: SNAPSHOT_VERSION });
        }
        let len = u64::from_le_bytes(word(12..20).try_into().map_err(|_| invalid("header"))?);
        let crc = u32::from_le_bytes(word(20..24).try_into().map_err(|_| invalid("header"))?);
        let payload = bytes.get(HEADER..).unwrap_or(&[]);
        if payload.len() as u64 != len {
            return Err(invalid("payload length does not match the header (truncated or padded)"));
        }
        if crc32fast::hash(payload) != crc {
            return Err(invalid("checksum mismatch (damaged)"));
        }
        let mut r = Reader { b: payload, pos: 0 };
        let info: CatalogInfo = serde_json::from_slice(&r.bytes()?).map_err(|_| invalid("catalog info"))?;
        let source_version = match r.u32s()?.as_slice() {
            [v] if (MIN_FORMAT_VERSION..=FORMAT_VERSION).contains(v) => *v,
            _ => return Err(invalid("source format version")),
        };
        let texts = r.arena()?;
        let dict = r.arena()?;
        let vocab = r.arena()?;
        let mut s = Store {
            texts,
            dict: Interner::default(),
            vocab: Interner::default(),
            classification: r.u32s()?,
            provider: r.u32s()?,
            provider_code: r.u32s()?,
            published: r.u32s()?,
            conditions: r.u32s()?,
            open_conditions: r.u32s()?,
            scope: r.u32s()?,
            purpose: r.u32s()?,
            basis_title: r.u32s()?,
            basis_article: r.u32s()?,
            sharing: r.bytes()?,
            format: r.bytes()?,
            cycle: r.bytes()?,
            open: r.bytes()?,
            grade: r.bytes()?,
            basis_kind: r.bytes()?,
            security: r.bytes()?,
            modes: r.u64s()?,
            item_start: r.u32s()?,
            related_start: r.u32s()?,
            related: r.u32s()?,
            name_len: r.u16s()?,
            abstract_len: r.u16s()?,
            item_name: r.u32s()?,
            item_len: r.u16s()?,
            big_len_item: r.u32s()?,
            big_len_value: r.u32s()?,
            item_grade: r.bytes()?,
            item_flags: r.bytes()?,
            item_pi: r.u16s()?,
            pi_kinds: r.u32s()?,
            ..Store::default()
        };
        let ix = Index {
            term_keys: r.u64s()?,
            name_off: r.u32s()?,
            name_post: r.bytes()?,
            name_df: r.u32s()?,
            abs_off: r.u32s()?,
            abs_post: r.bytes()?,
            abs_df: r.u32s()?,
            vocab_off: r.u32s()?,
            vocab_ids: r.u32s()?,
            item_df: r.u32s()?,
            item_off: r.u32s()?,
            item_post: r.bytes()?,
            vocab_df: r.u32s()?,
            code_order: r.u32s()?,
            code_rank: r.u32s()?,
        };
        if r.pos != payload.len() {
            return Err(invalid("trailing bytes in the payload"));
        }
        validate(&s, dict.len(), vocab.len(), &ix)
            .map_err(|what| invalid(&format!("inconsistent {what}")))?;
        validate_arena(&dict).map_err(|_| invalid("inconsistent strings"))?;
        validate_arena(&vocab).map_err(|_| invalid("inconsistent item names"))?;
        s.dict = Interner::from_arena(dict);
        s.vocab = Interner::from_arena(vocab);
        let mut catalog = Catalog::from_parts(info, s, ix);
        catalog.source_version = source_version;
        Ok(catalog)
    }
}

fn validate_arena(a: &Arena) -> std::result::Result<(), ()> {
    offsets(&a.ends, a.text.len(), false)
}

/// `off` is non-decreasing and ends within `len` (exactly at it when `exact`).
fn offsets(off: &[u32], len: usize, exact: bool) -> std::result::Result<(), ()> {
    if off.windows(2).any(|w| w[0] > w[1]) {
        return Err(());
    }
    match off.last() {
        Some(&last) if last as usize > len || (exact && last as usize != len) => Err(()),
        None if exact && len != 0 => Err(()),
        _ => Ok(()),
    }
}

fn ids(v: &[u32], bound: usize, none_ok: bool) -> bool {
    v.iter().all(|&id| (id as usize) < bound || (none_ok && id == NONE))
}

fn validate(s: &Store, dict: usize, vocab: usize, ix: &Index) -> std::result::Result<(), &'static str> {
    let n = s.sharing.len();
    let m = s.item_name.len();
    let t = ix.term_keys.len();
    let check = |ok: bool, what: &'static str| if ok { Ok(()) } else { Err(what) };
    check(validate_arena(&s.texts).is_ok() && s.texts.len() == n * 3, "resource texts")?;
    for col in [&s.classification, &s.provider, &s.provider_code, &s.published] {
        check(col.len() == n && ids(col, dict, false), "resource columns")?;
    }
    for col in [&s.conditions, &s.open_conditions, &s.scope, &s.purpose, &s.basis_title, &s.basis_article] {
        check(col.len() == n && ids(col, dict, true), "resource columns")?;
    }
    for col in [&s.format, &s.cycle, &s.open, &s.grade, &s.basis_kind, &s.security] {
        check(col.len() == n, "resource columns")?;
    }
    // A legal basis has a title, and only a legal basis has one.
    check(s.basis_kind.iter().zip(&s.basis_title).all(|(&k, &t)| (k == 0) == (t == NONE)), "legal bases")?;
    check(s.modes.len() == n && s.name_len.len() == n && s.abstract_len.len() == n, "resource columns")?;
    let starts = |v: &[u32], total: usize| {
        (n == 0 && v.len() <= 1 || v.len() == n + 1)
            && v.first().is_none_or(|&f| f == 0)
            && offsets(v, total, true).is_ok()
    };
    check(starts(&s.item_start, m), "item ranges")?;
    check(starts(&s.related_start, s.related.len()) && ids(&s.related, dict, false), "related codes")?;
    check(ids(&s.item_name, vocab, false), "item names")?;
    for len in [s.item_len.len(), s.item_grade.len(), s.item_flags.len(), s.item_pi.len()] {
        check(len == m, "item columns")?;
    }
    check(
        s.big_len_item.len() == s.big_len_value.len()
            && s.big_len_item.windows(2).all(|w| w[0] < w[1])
            && s.big_len_item.iter().all(|&i| s.item_len.get(i as usize) == Some(&LEN_BIG)),
        "item lengths",
    )?;
    check(
        s.item_flags.iter().all(|&f| {
            usize::from(f & 0x0F) < super::model::ItemType::ALL.len()
                && usize::from((f >> 4) & 0x07) <= super::model::IdentifierClass::ALL.len()
        }),
        "item flags",
    )?;
    check(
        s.item_pi.iter().all(|&p| usize::from(p) <= s.pi_kinds.len()) && ids(&s.pi_kinds, dict, false),
        "pi kinds",
    )?;
    check(ix.term_keys.windows(2).all(|w| w[0] < w[1]), "terms")?;
    check(
        ix.name_off.len() == t + 1 && offsets(&ix.name_off, ix.name_post.len(), true).is_ok(),
        "name postings",
    )?;
    check(
        ix.abs_off.len() == t + 1 && offsets(&ix.abs_off, ix.abs_post.len(), true).is_ok(),
        "abstract postings",
    )?;
    check(ix.name_df.len() == t && ix.abs_df.len() == t && ix.item_df.len() == t, "term statistics")?;
    check(ix.vocab_df.len() == vocab, "item-name statistics")?;
    check(
        ix.vocab_off.len() == t + 1
            && offsets(&ix.vocab_off, ix.vocab_ids.len(), true).is_ok()
            && ids(&ix.vocab_ids, vocab, false),
        "item-name terms",
    )?;
    check(
        ix.item_off.len() == vocab + 1 && offsets(&ix.item_off, ix.item_post.len(), true).is_ok(),
        "item postings",
    )?;
    let mut seen = vec![false; n];
    let permutation = ix.code_order.len() == n
        && ix.code_rank.len() == n
        && ix.code_order.iter().enumerate().all(|(rank, &r)| {
            let fresh = seen.get_mut(r as usize).map(|s| !std::mem::replace(s, true)).unwrap_or(false);
            fresh && ix.code_rank.get(r as usize) == Some(&(rank as u32))
        });
    check(permutation, "code order")?;
    check(ix.code_order.windows(2).all(|w| s.code(w[0]) <= s.code(w[1])), "code order")?;
    Ok(())
}
