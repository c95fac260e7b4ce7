//! The compact, columnar form of a loaded catalog.
//!
//! A million resources with 17.5 million data items must fit a WASM heap, so
//! nothing here is a `String` per value: strings live in arenas addressed by
//! `u32` offsets, repeating strings (item names, providers, conditions,
//! dates) are interned once, and every per-resource attribute is its own
//! small array. Data items repeat massively too: each distinct item kind
//! (name, type, length, grade…) is kept once, and an item is its kind's
//! number. [`Store::resource`] rebuilds the interchange type on
//! demand. Every accessor uses checked indexing, so even a store decoded from
//! hostile snapshot bytes cannot panic.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::model::*;
use super::raw::RawResource;
use crate::{Error, Location, Result};

/// "No value" in an id column.
pub(crate) const NONE: u32 = u32::MAX;
/// `kind_len` marker: no length.
pub(crate) const LEN_NONE: u16 = u16::MAX;
/// `kind_len` marker: the length is in the overflow table.
pub(crate) const LEN_BIG: u16 = u16::MAX - 1;
/// Up to this many item kinds, an item's kind takes 16 bits.
pub(crate) const NARROW_KINDS: usize = 1 << 16;

/// What a data item states apart from its resource, with the catalog's ids
/// (its name in the item-name vocabulary, its personal-information kind as
/// `kind_pi` numbers it): items with equal kinds share one entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ItemKind {
    pub(crate) name: u32,
    pub(crate) length: Option<u32>,
    pub(crate) grade: u8,
    pub(crate) flags: u8,
    pub(crate) pi: u16,
}

impl ItemKind {
    /// A key for an [`IdMap`] (which mixes it further): the fields spread
    /// by odd multipliers, so kinds that differ in one field differ here.
    fn hash(&self) -> u64 {
        let length = self.length.map_or(0, |n| u64::from(n) + 1);
        let small = u64::from(self.grade) | u64::from(self.flags) << 8 | u64::from(self.pi) << 16;
        (u64::from(self.name) ^ length << 32).wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ^ small.wrapping_mul(0xC2B2_AE3D_27D4_EB4F)
            ^ length >> 32
    }
}

/// The byte each item kind keeps in `kind_flags`: its type's number in bits
/// 0–3, its identifier class's number plus one in bits 4–6 (0: none), and
/// bit 7 set when it is authoritative. Written, read and checked (when a
/// snapshot loads) only through here.
pub(crate) mod item_flags {
    use super::super::model::{IdentifierClass, ItemType};

    const TYPE: u8 = 0x0F;
    const CLASS_SHIFT: u8 = 4;
    const CLASS: u8 = 0x07;
    const AUTHORITATIVE: u8 = 0x80;

    pub(crate) fn pack(data_type: ItemType, class: Option<IdentifierClass>, authoritative: bool) -> u8 {
        let class = class.map_or(0, |c| (c.to_u8() + 1) << CLASS_SHIFT);
        data_type.to_u8() | class | if authoritative { AUTHORITATIVE } else { 0 }
    }

    pub(crate) fn data_type(flags: u8) -> Option<ItemType> {
        ItemType::from_u8(flags & TYPE)
    }

    /// The class's number plus one (0: none).
    fn class_number(flags: u8) -> u8 {
        (flags >> CLASS_SHIFT) & CLASS
    }

    pub(crate) fn class(flags: u8) -> Option<IdentifierClass> {
        class_number(flags).checked_sub(1).and_then(IdentifierClass::from_u8)
    }

    pub(crate) fn authoritative(flags: u8) -> bool {
        flags & AUTHORITATIVE != 0
    }

    /// Whether every field of `flags` names a type and a class (or none).
    pub(crate) fn is_valid(flags: u8) -> bool {
        data_type(flags).is_some() && (class_number(flags) == 0 || class(flags).is_some())
    }
}

/// A `Hasher` for keys that already are hashes.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8)) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        // splitmix64's finalizer: term keys keep their tag in the top bits,
        // which the table would otherwise see as constant.
        let mut z = n ^ (n >> 30);
        z = z.wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z ^= z >> 27;
        z = z.wrapping_mul(0x94d0_49bb_1331_11eb);
        self.0 = z ^ (z >> 31);
    }
}

pub(crate) type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

/// A fast, platform-independent string hash (FxHash-style over 8-byte words).
pub(crate) fn hash_str(s: &str) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h: u64 = s.len() as u64;
    let mut chunks = s.as_bytes().chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    }
    for &b in chunks.remainder() {
        h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
    }
    // Final avalanche so the low bits the table uses are well mixed.
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

fn too_big(what: &str) -> Error {
    Error::LimitExceeded { what: what.into(), limit: u64::from(u32::MAX), location: Location::default() }
}

/// Strings in one buffer; string `i` is `text[ends[i-1]..ends[i]]`.
///
/// The buffer is bytes, UTF-8 checked whole where it comes from outside
/// (a snapshot or published index: [`utf8`], SIMD-fast, at load), so a
/// load does not pay std's scalar check over hundreds of megabytes; each
/// string read is checked again (`get`), cheap for one string, and one cut
/// inside a character reads as empty, as before.
#[derive(Debug, Clone)]
pub(crate) struct Arena<Unit = u8> {
    pub(crate) text: Vec<Unit>,
    pub(crate) ends: Vec<u32>,
}

impl<Unit> Default for Arena<Unit> {
    fn default() -> Self {
        Arena { text: Vec::new(), ends: Vec::new() }
    }
}

/// Resource names and abstracts, two strings per resource, in UTF-16:
/// they are mostly Chinese, two bytes a character here against UTF-8's
/// three, which takes about a third off the largest part of a catalog's
/// memory and of the bytes a published index hashes at load. The text is
/// checked whole where it comes from outside (`encoding::utf16`), and no
/// string ends inside a surrogate pair.
pub(crate) type Prose = Arena<u16>;

/// One string of the [`Prose`] arena.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Wide<'a>(pub(crate) &'a [u16]);

impl<'a> Wide<'a> {
    /// The characters; a damaged unit reads as U+FFFD (a checked arena has
    /// none).
    pub(crate) fn chars(self) -> impl Iterator<Item = char> + 'a {
        char::decode_utf16(self.0.iter().copied()).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
    }

    pub(crate) fn owned(self) -> String {
        String::from_utf16_lossy(self.0)
    }
}

impl Arena<u16> {
    pub(crate) fn push(&mut self, s: &str) -> Result<u32> {
        self.push_with(|text| text.extend(s.encode_utf16()))
    }

    pub(crate) fn get(&self, id: u32) -> Wide<'_> {
        Wide(self.units(id))
    }
}

/// Whether `bytes` is UTF-8 (SIMD where the target has it).
pub(crate) fn utf8(bytes: &[u8]) -> bool {
    crate::encoding::utf8(bytes).is_ok()
}

impl<Unit: Copy> Arena<Unit> {
    /// String `id`'s units, unchecked.
    pub(crate) fn units(&self, id: u32) -> &[Unit] {
        let i = id as usize;
        let end = self.ends.get(i).copied().unwrap_or(0) as usize;
        let start = if i == 0 { 0 } else { self.ends.get(i - 1).copied().unwrap_or(0) as usize };
        self.text.get(start..end).unwrap_or(&[])
    }

    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Appends one string, its units written by `append`; its id.
    fn push_with(&mut self, append: impl FnOnce(&mut Vec<Unit>)) -> Result<u32> {
        let id = u32::try_from(self.ends.len()).map_err(|_| too_big("number of strings"))?;
        append(&mut self.text);
        let end = u32::try_from(self.text.len()).map_err(|_| too_big("catalog text bytes"))?;
        self.ends.push(end);
        Ok(id)
    }

    /// Appends `per` strings for each of `src`'s resources `a..b` (one
    /// stretch of text); `None` when `src` is inconsistent or a limit is
    /// passed.
    pub(crate) fn extend_from(&mut self, src: &Self, per: usize, a: usize, b: usize) -> Option<()> {
        if a >= b {
            return if a == b { Some(()) } else { None };
        }
        let first = if a == 0 { 0 } else { *src.ends.get((per * a).checked_sub(1)?)? as usize };
        let last = *src.ends.get((per * b).checked_sub(1)?)? as usize;
        let base = self.text.len();
        self.text.extend_from_slice(src.text.get(first..last)?);
        for &end in src.ends.get(per * a..per * b)? {
            self.ends.push(u32::try_from((end as usize).checked_sub(first)? + base).ok()?);
        }
        Some(())
    }
}

impl Arena {
    pub(crate) fn push(&mut self, s: &str) -> Result<u32> {
        self.push_with(|text| text.extend_from_slice(s.as_bytes()))
    }

    pub(crate) fn get(&self, id: u32) -> &str {
        std::str::from_utf8(self.bytes(id)).unwrap_or("")
    }

    /// String `id`'s bytes, unchecked (for comparisons).
    pub(crate) fn bytes(&self, id: u32) -> &[u8] {
        self.units(id)
    }
}

/// An [`Arena`] whose strings are unique, with a hash lookup.
#[derive(Debug, Clone, Default)]
pub(crate) struct Interner {
    pub(crate) arena: Arena,
    map: IdMap<u32>,
    /// Ids whose hash collided with a different string already in `map`.
    overflow: IdMap<Vec<u32>>,
}

impl Interner {
    pub(crate) fn from_arena(arena: Arena) -> Self {
        let mut me = Interner { arena, map: IdMap::default(), overflow: IdMap::default() };
        for id in 0..me.arena.len() as u32 {
            let h = hash_str(me.arena.get(id));
            me.insert_hash(h, id);
        }
        me
    }

    fn insert_hash(&mut self, h: u64, id: u32) {
        match self.map.entry(h) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(id);
            }
            std::collections::hash_map::Entry::Occupied(_) => self.overflow.entry(h).or_default().push(id),
        }
    }

    pub(crate) fn lookup(&self, s: &str) -> Option<u32> {
        let h = hash_str(s);
        let first = *self.map.get(&h)?;
        if self.arena.bytes(first) == s.as_bytes() {
            return Some(first);
        }
        self.overflow.get(&h)?.iter().copied().find(|&id| self.arena.bytes(id) == s.as_bytes())
    }

    /// The id of `s`, and whether it was new.
    pub(crate) fn intern(&mut self, s: &str) -> Result<(u32, bool)> {
        if let Some(id) = self.lookup(s) {
            return Ok((id, false));
        }
        let id = self.arena.push(s)?;
        self.insert_hash(hash_str(s), id);
        Ok((id, true))
    }

    pub(crate) fn get(&self, id: u32) -> &str {
        self.arena.get(id)
    }

    pub(crate) fn len(&self) -> usize {
        self.arena.len()
    }
}

/// Packs the sharing modes, first occurrence order, duplicates dropped, as
/// 4-bit nibbles (`mode number + 1`) — order survives a round trip. Sixteen
/// nibbles hold every distinct mode (there are fewer than 15).
pub(crate) fn pack_modes(modes: &[SharingMode]) -> u64 {
    const _: () = assert!(SharingMode::ALL.len() <= 15);
    let mut packed = 0u64;
    let mut shift = 0;
    let mut seen = 0u16;
    for m in modes {
        let n = m.to_u8();
        if seen & (1 << n) != 0 || shift >= 64 {
            continue;
        }
        seen |= 1 << n;
        packed |= u64::from(n + 1) << shift;
        shift += 4;
    }
    packed
}

pub(crate) fn unpack_modes(mut packed: u64) -> Vec<SharingMode> {
    let mut out = Vec::new();
    while packed != 0 {
        let n = (packed & 0xF) as u8;
        if let Some(m) = n.checked_sub(1).and_then(SharingMode::from_u8) {
            out.push(m);
        }
        packed >>= 4;
    }
    out
}

fn opt_u8<T>(v: Option<T>, f: impl Fn(T) -> u8) -> u8 {
    v.map_or(0, |v| f(v) + 1)
}

/// The columns. Resource `r` owns items `item_start[r]..item_start[r+1]`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Store {
    /// One string per resource: its code (UTF-8, compared by its bytes).
    pub(crate) codes: Arena,
    /// Two strings per resource: name and abstract.
    pub(crate) prose: Prose,
    /// Repeating strings: classification, provider, provider code, dates,
    /// conditions, related codes, personal-information kinds.
    pub(crate) dict: Interner,
    /// Distinct item names.
    pub(crate) vocab: Interner,
    // ----- per resource
    pub(crate) classification: Vec<u32>,
    pub(crate) provider: Vec<u32>,
    pub(crate) provider_code: Vec<u32>,
    pub(crate) published: Vec<u32>,
    pub(crate) conditions: Vec<u32>,
    pub(crate) open_conditions: Vec<u32>,
    /// Sharing scope and purpose of use (dict ids, `NONE` when absent).
    pub(crate) scope: Vec<u32>,
    pub(crate) purpose: Vec<u32>,
    /// Legal basis title and article (dict ids, `NONE` when absent; the
    /// title is `NONE` exactly when there is no legal basis).
    pub(crate) basis_title: Vec<u32>,
    pub(crate) basis_article: Vec<u32>,
    /// 0 = no legal basis, else its kind number + 1.
    pub(crate) basis_kind: Vec<u8>,
    /// 0 = missing, else security level number + 1.
    pub(crate) security: Vec<u8>,
    pub(crate) sharing: Vec<u8>,
    /// 0 = missing, else format number + 1.
    pub(crate) format: Vec<u8>,
    /// 0 = missing, else cycle number + 1.
    pub(crate) cycle: Vec<u8>,
    /// 0 = no open attribute, else open type number + 1.
    pub(crate) open: Vec<u8>,
    /// Max item grade (0 without items).
    pub(crate) grade: Vec<u8>,
    /// Packed sharing modes ([`pack_modes`]).
    pub(crate) modes: Vec<u64>,
    pub(crate) item_start: Vec<u32>,
    pub(crate) related_start: Vec<u32>,
    pub(crate) related: Vec<u32>,
    /// Token counts of name and abstract (for ranking), saturating.
    pub(crate) name_len: Vec<u16>,
    pub(crate) abstract_len: Vec<u16>,
    // ----- per item
    /// Each item's kind (an index into the kind columns): 16 bits while the
    /// catalog has at most [`NARROW_KINDS`] kinds, else 32 in
    /// `item_kind_wide`. Exactly one of the two holds the items (both are
    /// empty without items), so the choice is never a guess.
    pub(crate) item_kind: Vec<u16>,
    pub(crate) item_kind_wide: Vec<u32>,
    // ----- per item kind: what an item states apart from its resource
    // (data items repeat massively across a catalog), numbered in the order
    // the items first use them.
    pub(crate) kind_name: Vec<u32>,
    pub(crate) kind_len: Vec<u16>,
    /// Lengths ≥ `LEN_BIG`: sorted kind indexes and their lengths.
    pub(crate) big_len_kind: Vec<u32>,
    pub(crate) big_len_value: Vec<u32>,
    pub(crate) kind_grade: Vec<u8>,
    /// Item type number in the low 4 bits; bits 4–6: 0 = no identifier
    /// class stated, else its stable number + 1; bit 7 = authoritative.
    pub(crate) kind_flags: Vec<u8>,
    /// 0 = none, else index + 1 into `pi_kinds` (dict ids).
    pub(crate) kind_pi: Vec<u16>,
    pub(crate) pi_kinds: Vec<u32>,
    /// While building: dict id → position in `pi_kinds`.
    pub(crate) pi_lookup: HashMap<u32, u16>,
    /// While building: kinds by [`ItemKind::hash`] (a hash met again with
    /// another kind: `kind_overflow`), as the `Interner` finds strings.
    pub(crate) kind_lookup: IdMap<u32>,
    pub(crate) kind_overflow: IdMap<Vec<u32>>,
}

impl Store {
    /// Drops the spare capacity left by growing the columns.
    pub(crate) fn shrink(&mut self) {
        for a in [&mut self.codes, &mut self.dict.arena, &mut self.vocab.arena] {
            a.text.shrink_to_fit();
            a.ends.shrink_to_fit();
        }
        self.prose.text.shrink_to_fit();
        self.prose.ends.shrink_to_fit();
        for v in [
            &mut self.classification,
            &mut self.provider,
            &mut self.provider_code,
            &mut self.published,
            &mut self.conditions,
            &mut self.open_conditions,
            &mut self.scope,
            &mut self.purpose,
            &mut self.basis_title,
            &mut self.basis_article,
            &mut self.item_start,
            &mut self.related_start,
            &mut self.related,
            &mut self.item_kind_wide,
            &mut self.kind_name,
            &mut self.big_len_kind,
            &mut self.big_len_value,
            &mut self.pi_kinds,
        ] {
            v.shrink_to_fit();
        }
        for v in [
            &mut self.sharing,
            &mut self.format,
            &mut self.cycle,
            &mut self.open,
            &mut self.grade,
            &mut self.basis_kind,
            &mut self.security,
        ] {
            v.shrink_to_fit();
        }
        for v in [&mut self.kind_grade, &mut self.kind_flags] {
            v.shrink_to_fit();
        }
        self.modes.shrink_to_fit();
        for v in [
            &mut self.name_len,
            &mut self.abstract_len,
            &mut self.item_kind,
            &mut self.kind_len,
            &mut self.kind_pi,
        ] {
            v.shrink_to_fit();
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.sharing.len()
    }

    pub(crate) fn code(&self, r: u32) -> &str {
        self.codes.get(r)
    }

    /// The code's bytes: compares as the code does.
    pub(crate) fn code_bytes(&self, r: u32) -> &[u8] {
        self.codes.bytes(r)
    }

    pub(crate) fn name(&self, r: u32) -> Wide<'_> {
        self.prose.get(r.saturating_mul(2))
    }

    pub(crate) fn summary(&self, r: u32) -> Wide<'_> {
        self.prose.get(r.saturating_mul(2).saturating_add(1))
    }

    fn col<T: Copy>(v: &[T], r: u32, default: T) -> T {
        v.get(r as usize).copied().unwrap_or(default)
    }

    pub(crate) fn dict_str(&self, col: &[u32], r: u32) -> &str {
        self.dict.get(Self::col(col, r, NONE))
    }

    pub(crate) fn provider_name(&self, r: u32) -> &str {
        self.dict_str(&self.provider, r)
    }

    pub(crate) fn provider_code_str(&self, r: u32) -> &str {
        self.dict_str(&self.provider_code, r)
    }

    pub(crate) fn classification_str(&self, r: u32) -> &str {
        self.dict_str(&self.classification, r)
    }

    pub(crate) fn sharing_type(&self, r: u32) -> SharingType {
        SharingType::from_u8(Self::col(&self.sharing, r, 0)).unwrap_or(SharingType::NotShared)
    }

    pub(crate) fn format_of(&self, r: u32) -> Option<ResourceFormat> {
        Self::col(&self.format, r, 0).checked_sub(1).and_then(ResourceFormat::from_u8)
    }

    pub(crate) fn cycle_of(&self, r: u32) -> Option<UpdateCycle> {
        Self::col(&self.cycle, r, 0).checked_sub(1).and_then(UpdateCycle::from_u8)
    }

    pub(crate) fn security_of(&self, r: u32) -> Option<SecurityLevel> {
        Self::col(&self.security, r, 0).checked_sub(1).and_then(SecurityLevel::from_u8)
    }

    pub(crate) fn legal_basis_of(&self, r: u32) -> Option<LegalBasis> {
        let kind = Self::col(&self.basis_kind, r, 0).checked_sub(1).and_then(LegalBasisKind::from_u8)?;
        Some(LegalBasis {
            kind,
            title: self.dict_str(&self.basis_title, r).to_owned(),
            article: self.opt_dict(&self.basis_article, r),
        })
    }

    pub(crate) fn grade_of(&self, r: u32) -> u8 {
        Self::col(&self.grade, r, 0)
    }

    /// The item index range of resource `r`.
    pub(crate) fn items_of(&self, r: u32) -> std::ops::Range<u32> {
        let start = Self::col(&self.item_start, r, 0);
        let end = Self::col(&self.item_start, r.saturating_add(1), start);
        start..end.max(start)
    }

    /// How many data items the catalog holds.
    pub(crate) fn item_count(&self) -> usize {
        self.item_kind.len() + self.item_kind_wide.len()
    }

    /// Item `i`'s kind (`NONE` past the end).
    pub(crate) fn kind_of(&self, i: u32) -> u32 {
        if self.item_kind_wide.is_empty() {
            self.item_kind.get(i as usize).map_or(NONE, |&k| u32::from(k))
        } else {
            Self::col(&self.item_kind_wide, i, NONE)
        }
    }

    pub(crate) fn item_name_id(&self, i: u32) -> u32 {
        Self::col(&self.kind_name, self.kind_of(i), NONE)
    }

    pub(crate) fn item_grade(&self, i: u32) -> u8 {
        Self::col(&self.kind_grade, self.kind_of(i), 0)
    }

    fn item_flags(&self, i: u32) -> u8 {
        Self::col(&self.kind_flags, self.kind_of(i), 0)
    }

    pub(crate) fn item_authoritative(&self, i: u32) -> bool {
        item_flags::authoritative(self.item_flags(i))
    }

    pub(crate) fn item_type(&self, i: u32) -> ItemType {
        item_flags::data_type(self.item_flags(i)).unwrap_or(ItemType::C)
    }

    pub(crate) fn item_length(&self, i: u32) -> Option<u32> {
        self.kind_length(self.kind_of(i))
    }

    /// The length kind `k` states.
    pub(crate) fn kind_length(&self, k: u32) -> Option<u32> {
        match Self::col(&self.kind_len, k, LEN_NONE) {
            LEN_NONE => None,
            LEN_BIG => {
                let pos = self.big_len_kind.binary_search(&k).ok()?;
                self.big_len_value.get(pos).copied()
            }
            n => Some(u32::from(n)),
        }
    }

    pub(crate) fn item_identifier_class(&self, i: u32) -> Option<IdentifierClass> {
        item_flags::class(self.item_flags(i))
    }

    pub(crate) fn item_pi_kind(&self, i: u32) -> Option<&str> {
        let k = Self::col(&self.kind_pi, self.kind_of(i), 0).checked_sub(1)?;
        let id = self.pi_kinds.get(usize::from(k)).copied()?;
        Some(self.dict.get(id))
    }

    /// Kind `k` as stored (for copying it into another store).
    pub(crate) fn kind(&self, k: u32) -> Option<ItemKind> {
        Some(ItemKind {
            name: *self.kind_name.get(k as usize)?,
            length: self.kind_length(k),
            grade: *self.kind_grade.get(k as usize)?,
            flags: *self.kind_flags.get(k as usize)?,
            pi: *self.kind_pi.get(k as usize)?,
        })
    }

    /// The index of `kind`, added when it is new.
    pub(crate) fn intern_kind(&mut self, kind: ItemKind) -> Result<u32> {
        let h = kind.hash();
        let first = self.kind_lookup.get(&h).copied();
        let overflow = self.kind_overflow.get(&h).map_or(&[][..], Vec::as_slice);
        if let Some(k) =
            first.into_iter().chain(overflow.iter().copied()).find(|&k| self.kind(k) == Some(kind))
        {
            return Ok(k);
        }
        let k = u32::try_from(self.kind_name.len())
            .ok()
            .filter(|&k| k != NONE)
            .ok_or_else(|| too_big("number of item kinds"))?;
        self.kind_name.push(kind.name);
        let len = match kind.length {
            None => LEN_NONE,
            Some(n) if n < u32::from(LEN_BIG) => n as u16,
            Some(n) => {
                self.big_len_kind.push(k);
                self.big_len_value.push(n);
                LEN_BIG
            }
        };
        self.kind_len.push(len);
        self.kind_grade.push(kind.grade);
        self.kind_flags.push(kind.flags);
        self.kind_pi.push(kind.pi);
        match self.kind_lookup.entry(h) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(k);
            }
            std::collections::hash_map::Entry::Occupied(_) => {
                self.kind_overflow.entry(h).or_default().push(k)
            }
        }
        Ok(k)
    }

    /// Appends an item of kind `k`; the first kind past [`NARROW_KINDS`]
    /// widens every item's kind to 32 bits.
    pub(crate) fn push_item_kind(&mut self, k: u32) {
        if self.item_kind_wide.is_empty() {
            if let Ok(narrow) = u16::try_from(k) {
                self.item_kind.push(narrow);
                return;
            }
            self.item_kind_wide = std::mem::take(&mut self.item_kind).into_iter().map(u32::from).collect();
        }
        self.item_kind_wide.push(k);
    }

    pub(crate) fn item(&self, i: u32) -> DataItem {
        DataItem {
            name: self.vocab.get(self.item_name_id(i)).to_owned(),
            data_type: self.item_type(i),
            length: self.item_length(i),
            grade: self.item_grade(i),
            authoritative: self.item_authoritative(i),
            pi_kind: self.item_pi_kind(i).map(str::to_owned),
            identifier_class: self.item_identifier_class(i),
        }
    }

    fn opt_dict(&self, col: &[u32], r: u32) -> Option<String> {
        match Self::col(col, r, NONE) {
            NONE => None,
            id => Some(self.dict.get(id).to_owned()),
        }
    }

    /// Rebuilds the interchange form of resource `r`.
    pub(crate) fn resource(&self, r: u32) -> Resource {
        let related = {
            let start = Self::col(&self.related_start, r, 0);
            let end = Self::col(&self.related_start, r.saturating_add(1), start).max(start);
            self.related
                .get(start as usize..end as usize)
                .unwrap_or(&[])
                .iter()
                .map(|&id| self.dict.get(id).to_owned())
                .collect()
        };
        let open = Self::col(&self.open, r, 0).checked_sub(1).and_then(OpenType::from_u8).map(|open_type| {
            OpenAttribute { open_type, conditions: self.opt_dict(&self.open_conditions, r) }
        });
        Resource {
            code: self.code(r).to_owned(),
            classification: self.classification_str(r).to_owned(),
            name: self.name(r).owned(),
            provider: self.provider_name(r).to_owned(),
            provider_code: self.provider_code_str(r).to_owned(),
            summary: self.summary(r).owned(),
            format: self.format_of(r),
            items: self.items_of(r).map(|i| self.item(i)).collect(),
            security_level: self.security_of(r),
            sharing: Sharing {
                sharing_type: self.sharing_type(r),
                conditions: self.opt_dict(&self.conditions, r),
                scope: self.opt_dict(&self.scope, r),
                purpose: self.opt_dict(&self.purpose, r),
                legal_basis: self.legal_basis_of(r),
                modes: unpack_modes(Self::col(&self.modes, r, 0)),
            },
            open,
            update_cycle: self.cycle_of(r),
            published: self.dict_str(&self.published, r).to_owned(),
            related,
        }
    }

    fn intern_opt(&mut self, s: Option<&str>) -> Result<u32> {
        match s {
            None => Ok(NONE),
            Some(s) => Ok(self.dict.intern(s)?.0),
        }
    }

    /// Appends one resource; returns its number, the ids of its item names,
    /// and which of those names are new to the vocabulary.
    ///
    /// The order strings are interned in here is the order `splice.rs`
    /// (`DICT_COLUMNS`, `first_uses`) numbers them in after a delta: change
    /// both together (`core/tests/delta_rebuild.rs` fails otherwise).
    pub(crate) fn push(&mut self, res: &RawResource<'_>, new_names: &mut Vec<u32>) -> Result<u32> {
        let r = u32::try_from(self.len()).map_err(|_| too_big("number of resources"))?;
        if self.item_start.is_empty() {
            self.item_start.push(0);
            self.related_start.push(0);
        }
        self.codes.push(&res.code)?;
        self.prose.push(&res.name)?;
        self.prose.push(&res.summary)?;
        let id = self.dict.intern(&res.classification)?.0;
        self.classification.push(id);
        let id = self.dict.intern(&res.provider)?.0;
        self.provider.push(id);
        let id = self.dict.intern(&res.provider_code)?.0;
        self.provider_code.push(id);
        let id = self.dict.intern(&res.published)?.0;
        self.published.push(id);
        let id = self.intern_opt(res.sharing.conditions.as_deref())?;
        self.conditions.push(id);
        let id = self.intern_opt(res.open.as_ref().and_then(|o| o.conditions.as_deref()))?;
        self.open_conditions.push(id);
        let id = self.intern_opt(res.sharing.scope.as_deref())?;
        self.scope.push(id);
        let id = self.intern_opt(res.sharing.purpose.as_deref())?;
        self.purpose.push(id);
        let basis = res.sharing.legal_basis.as_ref();
        let id = self.intern_opt(basis.map(|b| &*b.title))?;
        self.basis_title.push(id);
        let id = self.intern_opt(basis.and_then(|b| b.article.as_deref()))?;
        self.basis_article.push(id);
        self.basis_kind.push(opt_u8(basis.map(|b| b.kind), LegalBasisKind::to_u8));
        self.security.push(opt_u8(res.security_level, SecurityLevel::to_u8));
        self.sharing.push(res.sharing.sharing_type.to_u8());
        self.format.push(opt_u8(res.format, ResourceFormat::to_u8));
        self.cycle.push(opt_u8(res.update_cycle, UpdateCycle::to_u8));
        self.open.push(opt_u8(res.open.as_ref().map(|o| o.open_type), OpenType::to_u8));
        self.modes.push(pack_modes(&res.sharing.modes));
        let mut grade = 0u8;
        for item in &res.items {
            let (name_id, new) = self.vocab.intern(&item.name)?;
            if new {
                new_names.push(name_id);
            }
            if u32::try_from(self.item_count()).is_err() {
                return Err(too_big("number of items"));
            }
            grade = grade.max(item.grade);
            let flags = item_flags::pack(item.data_type, item.identifier_class, item.authoritative);
            let pi = match &item.pi_kind {
                None => 0,
                Some(kind) => {
                    let id = self.dict.intern(kind)?.0;
                    match self.pi_lookup.get(&id) {
                        Some(&p) => p,
                        None => {
                            let p =
                                u16::try_from(self.pi_kinds.len() + 1).map_err(|_| Error::LimitExceeded {
                                    what: "distinct pi_kind values".into(),
                                    limit: u64::from(u16::MAX - 1),
                                    location: Location::default(),
                                })?;
                            self.pi_kinds.push(id);
                            self.pi_lookup.insert(id, p);
                            p
                        }
                    }
                }
            };
            let kind = self.intern_kind(ItemKind {
                name: name_id,
                length: item.length,
                grade: item.grade,
                flags,
                pi,
            })?;
            self.push_item_kind(kind);
        }
        self.grade.push(grade);
        let end = u32::try_from(self.item_count()).map_err(|_| too_big("number of items"))?;
        self.item_start.push(end);
        for code in &res.related {
            let id = self.dict.intern(code)?.0;
            self.related.push(id);
        }
        let end = u32::try_from(self.related.len()).map_err(|_| too_big("number of related codes"))?;
        self.related_start.push(end);
        Ok(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arenas_copy_a_run_of_resources_and_refuse_a_reversed_one() {
        let mut src = Prose::default();
        for text in ["企业", "登记😀", "", "b", "名称", "摘要"] {
            src.push(text).unwrap();
        }
        let mut out = Prose::default();
        out.push("前").unwrap();
        assert_eq!(out.extend_from(&src, 2, 1, 3), Some(()));
        let read: Vec<String> = (0..out.len() as u32).map(|i| out.get(i).owned()).collect();
        assert_eq!(read, ["前", "", "b", "名称", "摘要"]);
        assert_eq!(out.extend_from(&src, 2, 0, 0), Some(()), "an empty run copies nothing");
        assert_eq!(out.extend_from(&src, 2, 2, 1), None);
        assert_eq!(out.extend_from(&src, 2, 0, 4), None, "past the arena");
        assert_eq!(out.len(), 5);
    }

    #[test]
    fn item_flags_read_back_what_they_pack_and_only_packable_bytes_are_valid() {
        for types in ItemType::ALL {
            for class in std::iter::once(None).chain(IdentifierClass::ALL.iter().copied().map(Some)) {
                for authoritative in [false, true] {
                    let f = item_flags::pack(*types, class, authoritative);
                    assert!(item_flags::is_valid(f), "{f:#x}");
                    assert_eq!(
                        (item_flags::data_type(f), item_flags::class(f), item_flags::authoritative(f)),
                        (Some(*types), class, authoritative)
                    );
                }
            }
        }
        // A byte is valid exactly when it is what its fields pack to.
        for f in 0..=u8::MAX {
            let repacked = item_flags::data_type(f)
                .map(|t| item_flags::pack(t, item_flags::class(f), item_flags::authoritative(f)));
            assert_eq!(item_flags::is_valid(f), repacked == Some(f), "{f:#x}");
        }
    }

    #[test]
    fn modes_keep_order_and_drop_duplicates() {
        let modes = [SharingMode::Download, SharingMode::OnlineQuery, SharingMode::Download];
        assert_eq!(unpack_modes(pack_modes(&modes)), vec![SharingMode::Download, SharingMode::OnlineQuery]);
        assert!(unpack_modes(pack_modes(&[])).is_empty());
        // Every mode fits, in order (eight nibbles of a u32 did not).
        let all: Vec<SharingMode> = SharingMode::ALL.iter().rev().copied().collect();
        assert_eq!(unpack_modes(pack_modes(&all)), all);
    }

    #[test]
    fn interner_finds_what_it_stored() {
        let mut i = Interner::default();
        let (a, new_a) = i.intern("姓名").unwrap();
        let (b, _) = i.intern("性别").unwrap();
        let (a2, new_a2) = i.intern("姓名").unwrap();
        assert!(new_a && !new_a2);
        assert_eq!(a, a2);
        assert_ne!(a, b);
        assert_eq!(i.get(b), "性别");
        assert_eq!(i.lookup("民族"), None);
        let rebuilt = Interner::from_arena(i.arena.clone());
        assert_eq!(rebuilt.lookup("性别"), Some(b));
    }
}
