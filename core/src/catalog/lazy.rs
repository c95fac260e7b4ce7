//! Lazy search over a published index: a reader that holds the signed
//! manifest and the block lists, fetches only the blocks a search needs
//! (by HTTP range, from a cache, from anywhere: this module does no I/O),
//! checks each block against its digest before reading it, and answers
//! with exactly the result the eagerly loaded catalog gives.
//!
//! The conversation is sans-IO: [`LazyIndex::search`] either answers or
//! lists the byte ranges it still needs ([`LazySearch::need`]); the caller
//! fetches them, hands each to [`LazyIndex::add_range`], and asks again. A
//! search needs a few rounds from cold (the boot arrays, the query terms'
//! postings, the columns of the matches, the code ranks of the best, the
//! texts of the page) and none once its blocks are held.
//!
//! What it reads, per array of the layout (docs/catalog-format.md §8.2):
//! - at the first search, whole: the catalog info, the interned strings and
//!   item names, the name and abstract lengths (the BM25 averages) and the
//!   term dictionary with its offsets and document frequencies;
//! - per query term: its name, abstract and item postings;
//! - per candidate: the columns its filter reads; per match: the facet
//!   columns and its item range; per best match: its code rank;
//! - per hit: its three texts and its items' names.
//!
//! Scores are the same integers as
//! `Catalog::direct_score`, computed from the postings instead of the
//! texts, so pages are identical to the eager engine's (a test checks
//! this on every query shape).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::index::Postings;
use super::model::*;
use super::published::{
    add_block_list, array_directory, check_blocks, list_missing, no_such_section, section_mismatch,
    verify_index_manifest, IndexCatalog, IndexExpectation, IndexManifest,
};
use super::score::{self, Saturation, Score};
use super::search::{enum_facet_values, facets_from, validate, Scored, SearchHit, SearchQuery, SearchResult};
use super::snapshot::{validate_arena, LAYOUT};
use super::store::{utf8, Arena, Interner, Prose, Store, LEN_NONE, NONE};
use super::text::query_terms;
use super::topk::Bits;
use crate::sign::PinnedKey;
use crate::{Error, Result};

// Positions in `LAYOUT` of the arrays a lazy search reads (a test checks
// each against its name there).
const INFO: usize = 0;
const SOURCE_VERSION: usize = 1;
const CODES: usize = 2;
const CODE_ENDS: usize = 3;
const PROSE: usize = 4;
const PROSE_ENDS: usize = 5;
const STRINGS: usize = 6;
const STRING_ENDS: usize = 7;
const ITEM_NAMES: usize = 8;
const ITEM_NAME_ENDS: usize = 9;
const CLASSIFICATION: usize = 10;
const PROVIDER: usize = 11;
const PROVIDER_CODE: usize = 12;
const PUBLISHED: usize = 13;
const CONDITIONS: usize = 14;
const OPEN_CONDITIONS: usize = 15;
const SCOPE: usize = 16;
const PURPOSE: usize = 17;
const BASIS_TITLE: usize = 18;
const BASIS_ARTICLE: usize = 19;
const SHARING: usize = 20;
const FORMAT: usize = 21;
const CYCLE: usize = 22;
const OPEN: usize = 23;
const GRADE: usize = 24;
const BASIS_KIND: usize = 25;
const SECURITY: usize = 26;
const MODES: usize = 27;
const ITEM_RANGES: usize = 28;
const RELATED_RANGES: usize = 29;
const RELATED_CODES: usize = 30;
const NAME_LENGTHS: usize = 31;
const ABSTRACT_LENGTHS: usize = 32;
const ITEM_KINDS: usize = 33;
const ITEM_KINDS_WIDE: usize = 34;
const KIND_NAME_IDS: usize = 35;
const KIND_LENGTHS: usize = 36;
const LONG_KIND_LENGTH_IDS: usize = 37;
const LONG_KIND_LENGTHS: usize = 38;
const KIND_GRADES: usize = 39;
const KIND_FLAGS: usize = 40;
const KIND_PI: usize = 41;
const PI_KINDS: usize = 42;
const TERM_KEYS: usize = 43;
const NAME_OFFSETS: usize = 44;
const NAME_POSTINGS: usize = 45;
const NAME_DF: usize = 46;
const ABSTRACT_OFFSETS: usize = 47;
const ABSTRACT_POSTINGS: usize = 48;
const ABSTRACT_DF: usize = 49;
const TERM_ITEM_NAME_OFFSETS: usize = 50;
const TERM_ITEM_NAME_IDS: usize = 51;
const ITEM_DF: usize = 52;
const ITEM_OFFSETS: usize = 53;
const ITEM_POSTINGS: usize = 54;
const CODE_ORDER: usize = 56;
const CODE_RANKS: usize = 57;

/// Bytes of one section a search still needs: fetch `file` from `start`
/// (inclusive) to `end` (exclusive), e.g. `Range: bytes=start-(end-1)`,
/// and hand them to [`LazyIndex::add_range`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct IndexRange {
    pub section: String,
    pub file: String,
    pub start: u64,
    pub end: u64,
}

/// A search's answer, or the ranges it needs first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct LazySearch {
    /// The result, once every block it reads is held.
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub result: Option<SearchResult>,
    /// Ranges to fetch and add before asking again (empty with a result).
    pub need: Vec<IndexRange>,
}

/// What a lazy index holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct LazyIndexStats {
    /// Verified blocks held, and their bytes.
    pub blocks_held: u64,
    pub bytes_held: u64,
    /// Bytes of all sections (what an eager load reads).
    pub bytes_total: u64,
}

/// A resource looked up lazily: once `ready`, the resource (`None` when no
/// resource has the code); before, the ranges to add first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct LazyResource {
    pub ready: bool,
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub resource: Option<Resource>,
    pub need: Vec<IndexRange>,
}

/// Data read whole at the first search.
#[derive(Debug)]
struct Boot {
    info: CatalogInfo,
    resources: usize,
    sat: Saturation,
    dict: Interner,
    vocab: Interner,
    term_keys: Vec<u64>,
    name_off: Vec<u32>,
    name_df: Vec<u32>,
    abs_off: Vec<u32>,
    abs_df: Vec<u32>,
    vocab_off: Vec<u32>,
    vocab_ids: Vec<u32>,
    item_df: Vec<u32>,
    item_off: Vec<u32>,
    name_len: Vec<u16>,
    abstract_len: Vec<u16>,
}

/// A published index searched lazily. Create it from the signed manifest
/// (checked as [`super::PublishedIndexLoader`] checks it), add the five
/// block lists, then search; add the ranges each search asks for.
pub struct LazyIndex {
    manifest: IndexManifest,
    /// Per layout array: section, offset of its first element, count.
    directory: Vec<(usize, u64, u64)>,
    lists: Vec<Option<Vec<[u8; 32]>>>,
    /// Per section, per block: its bytes once verified.
    blocks: Vec<Vec<Option<Vec<u8>>>>,
    /// Arrays whose count header was read and matched the directory.
    headers_checked: u64,
    boot: Option<Boot>,
    held: (u64, u64),
    /// Per section, per block: the step that last read it (for eviction).
    used: Vec<Vec<Cell<u32>>>,
    /// Steps so far (searches and resource lookups, each round counted).
    generation: u32,
    /// The last step that answered: blocks read or added after it belong to
    /// the search in progress and are never dropped (so it always completes).
    answered: u32,
    /// Held bytes above which the least recently read blocks are dropped
    /// before the next step (0: no bound).
    max_held: u64,
    /// Codes of recent pages' hits and their resource numbers.
    recent: HashMap<String, u32>,
}

/// Codes `resource` remembers from recent pages before it starts afresh.
const RECENT_CODES: usize = 4096;

impl std::fmt::Debug for LazyIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LazyIndex")
            .field("catalog", &self.manifest.catalog.id)
            .field("blocks_held", &self.held.0)
            .finish()
    }
}

impl LazyIndex {
    /// Verifies `manifest` (its exact bytes) against `signature` with the
    /// pinned `platform_key` and `expect`ations; nothing else is read yet.
    pub fn new(
        manifest: &[u8],
        signature: &str,
        platform_key: &PinnedKey,
        expect: &IndexExpectation,
    ) -> Result<Self> {
        let manifest = verify_index_manifest(manifest, signature, platform_key, expect)?;
        let directory = array_directory(&manifest);
        let blocks = manifest
            .sections
            .iter()
            .map(|s| {
                let n = usize::try_from(s.blocks).unwrap_or(usize::MAX);
                let mut v = Vec::new();
                v.try_reserve_exact(n)
                    .map_err(|_| section_mismatch(&s.name, "more blocks than this platform can address"))?;
                v.resize(n, None);
                Ok(v)
            })
            .collect::<Result<Vec<_>>>()?;
        let used = blocks.iter().map(|b| (0..b.len()).map(|_| Cell::new(0)).collect()).collect();
        Ok(LazyIndex {
            lists: vec![None; manifest.sections.len()],
            directory,
            blocks,
            used,
            generation: 0,
            answered: 0,
            max_held: 0,
            manifest,
            headers_checked: 0,
            boot: None,
            held: (0, 0),
            recent: HashMap::new(),
        })
    }

    /// The verified manifest (its sections name the files to fetch).
    pub fn manifest(&self) -> &IndexManifest {
        &self.manifest
    }

    /// Adds a section's `.blocks` file, checked against the manifest's
    /// root. All five are needed before a search; a second copy is refused.
    pub fn add_block_list(&mut self, section: &str, bytes: &[u8]) -> Result<()> {
        add_block_list(&self.manifest, &mut self.lists, section, bytes)
    }

    /// Adds fetched bytes of `section` starting at byte `start`: whole
    /// blocks (the section's last may be shorter), each checked against its
    /// digest before it is kept. A short or misaligned range is refused,
    /// and so is every block of a range with a bad one: nothing of it is kept.
    pub fn add_range(&mut self, section: &str, start: u64, bytes: &[u8]) -> Result<()> {
        let i = self.section_index(section)?;
        let s = self.manifest.sections.get(i).ok_or_else(no_such_section)?;
        let list = self.lists.get(i).and_then(Option::as_ref).ok_or_else(list_missing)?;
        let bs = u64::from(self.manifest.block_size);
        let end = start.checked_add(bytes.len() as u64).filter(|&e| e <= s.length);
        if end.filter(|&e| start % bs == 0 && (e % bs == 0 || e == s.length) && e > start).is_none() {
            return Err(section_mismatch(
                &s.name,
                "a range that is not whole blocks of the section (truncated?)",
            ));
        }
        let first = (start / bs) as usize;
        let blocks: Vec<&[u8]> = bytes.chunks(bs as usize).collect();
        check_blocks(self.manifest.hash, list, &s.name, first, &blocks)?;
        let slots = self.blocks.get_mut(i).ok_or_else(no_such_section)?;
        for (b, block) in blocks.into_iter().enumerate().map(|(j, block)| (first + j, block)) {
            if let Some(slot @ None) = slots.get_mut(b) {
                *slot = Some(block.to_vec());
                self.held.0 += 1;
                self.held.1 += block.len() as u64;
            }
            // Added for the step in progress: kept until it answers.
            if let Some(used) = self.used.get(i).and_then(|u| u.get(b)) {
                used.set(self.generation);
            }
        }
        Ok(())
    }

    /// Bounds the bytes of verified blocks kept between steps (0, the
    /// default: no bound). Above it, the least recently read blocks are
    /// dropped before the next search or lookup (and fetched again when
    /// needed); one step may hold more while it needs them. The arrays read
    /// at the first search (the boot) are kept decoded apart from this.
    pub fn set_max_held_bytes(&mut self, max: u64) {
        self.max_held = max;
    }

    /// Drops the least recently read blocks until the bound holds.
    fn evict(&mut self) {
        if self.max_held == 0 || self.held.1 <= self.max_held {
            return;
        }
        let mut held: Vec<(u32, usize, usize)> = Vec::new();
        for (sec, slots) in self.blocks.iter().enumerate() {
            for (b, slot) in slots.iter().enumerate() {
                if slot.is_some() {
                    let used = self.used.get(sec).and_then(|u| u.get(b)).map_or(0, Cell::get);
                    held.push((used, sec, b));
                }
            }
        }
        held.sort_unstable();
        for (used, sec, b) in held {
            if self.held.1 <= self.max_held || used > self.answered {
                break;
            }
            if let Some(block) = self.blocks.get_mut(sec).and_then(|s| s.get_mut(b)).and_then(Option::take) {
                self.held.0 -= 1;
                self.held.1 -= block.len() as u64;
            }
        }
    }

    /// Blocks held and their bytes, against the whole index.
    pub fn stats(&self) -> LazyIndexStats {
        LazyIndexStats {
            blocks_held: self.held.0,
            bytes_held: self.held.1,
            bytes_total: self.manifest.sections.iter().map(|s| s.length).sum(),
        }
    }

    /// Searches, or lists the ranges still needed (see the module docs).
    pub fn search(&mut self, q: &SearchQuery) -> Result<LazySearch> {
        validate(q)?;
        let (result, need) = match self.step(|rd, boot| run(rd, boot, q))? {
            Ok(result) => (Some(result), Vec::new()),
            Err(need) => (None, need),
        };
        if let Some(r) = &result {
            // The page's codes, so that `resource` finds a chosen hit at once.
            if self.recent.len() > RECENT_CODES {
                self.recent.clear();
            }
            self.recent.extend(r.1.iter().cloned());
        }
        Ok(LazySearch { result: result.map(|r| r.0), need })
    }

    /// The resource with `code` (as `Catalog::resource`): `ready` with the
    /// resource, or `None` when no resource has that code; else the ranges
    /// needed first. A code from a recent page is found at once; another is
    /// looked up in the code order (a few rounds per halving).
    pub fn resource(&mut self, code: &str) -> Result<LazyResource> {
        let known = self.recent.get(code).copied();
        let row = self.step(|rd, _boot| {
            let r = match known {
                Some(r) => Some(r),
                None => find_code(rd, code)?,
            };
            match r {
                Some(r) => Some(Some(Row::read(rd, r)?)),
                None => Some(None),
            }
        })?;
        match row {
            Ok(row) => Ok(LazyResource {
                ready: true,
                resource: row.map(|row| self.assemble(row)),
                need: Vec::new(),
            }),
            Err(need) => Ok(LazyResource { ready: false, resource: None, need }),
        }
    }

    /// Runs `f` over the held blocks (reading the boot arrays first): its
    /// answer, or the ranges it lacked; an inconsistent index is an error.
    fn step<T>(
        &mut self,
        f: impl FnOnce(&Reader<'_>, &Boot) -> Option<T>,
    ) -> Result<std::result::Result<T, Vec<IndexRange>>> {
        if self.lists.iter().any(Option::is_none) {
            return Err(list_missing());
        }
        self.evict();
        self.generation = self.generation.wrapping_add(1);
        let reader = Reader {
            block_size: u64::from(self.manifest.block_size),
            blocks: &self.blocks,
            used: &self.used,
            generation: self.generation,
            directory: &self.directory,
            checked: Cell::new(self.headers_checked),
            missing: RefCell::new(Vec::new()),
            broken: RefCell::new(None),
        };
        let (booted, answer) = match &self.boot {
            Some(boot) => (None, f(&reader, boot)),
            None => match read_boot(&reader, &self.manifest) {
                Some(boot) => {
                    let answer = f(&reader, &boot);
                    (Some(boot), answer)
                }
                None => (None, None),
            },
        };
        let checked = reader.checked.get();
        let broken = reader.broken.take();
        let mut missing = reader.missing.take();
        if let Some(e) = broken {
            return Err(e);
        }
        self.headers_checked = checked;
        if booted.is_some() {
            self.boot = booted;
        }
        match answer {
            Some(answer) if missing.is_empty() => {
                self.answered = self.generation;
                Ok(Ok(answer))
            }
            _ => {
                missing.sort_unstable();
                missing.dedup();
                Ok(Err(self.ranges(&missing)))
            }
        }
    }

    /// A resource from its row, through a one-resource store that borrows
    /// the boot arrays' strings (so `Store::resource` builds it, as eagerly).
    fn assemble(&mut self, row: Row) -> Resource {
        let Some(boot) = self.boot.as_mut() else {
            return row.store(Interner::default(), Interner::default()).resource(0);
        };
        let store = row.store(std::mem::take(&mut boot.dict), std::mem::take(&mut boot.vocab));
        let resource = store.resource(0);
        boot.dict = store.dict;
        boot.vocab = store.vocab;
        resource
    }

    /// Missing blocks as ranges, adjacent blocks of a section merged.
    fn ranges(&self, missing: &[(usize, u64)]) -> Vec<IndexRange> {
        let bs = u64::from(self.manifest.block_size);
        let mut out: Vec<(usize, u64, u64)> = Vec::new();
        for &(sec, b) in missing {
            match out.last_mut() {
                Some((s, _, end)) if *s == sec && *end == b => *end = b + 1,
                _ => out.push((sec, b, b + 1)),
            }
        }
        out.into_iter()
            .filter_map(|(sec, first, last)| {
                let s = self.manifest.sections.get(sec)?;
                Some(IndexRange {
                    section: s.name.clone(),
                    file: s.file.clone(),
                    start: first * bs,
                    end: (last * bs).min(s.length),
                })
            })
            .collect()
    }

    fn section_index(&self, section: &str) -> Result<usize> {
        self.manifest.sections.iter().position(|s| s.name == section).ok_or_else(no_such_section)
    }
}

/// Reads arrays from the held blocks; notes every block it lacks.
struct Reader<'a> {
    block_size: u64,
    blocks: &'a [Vec<Option<Vec<u8>>>],
    used: &'a [Vec<Cell<u32>>],
    generation: u32,
    directory: &'a [(usize, u64, u64)],
    checked: Cell<u64>,
    missing: RefCell<Vec<(usize, u64)>>,
    broken: RefCell<Option<Error>>,
}

fn width(k: usize) -> u64 {
    LAYOUT.get(k).map_or(1, |(_, w)| w.bytes() as u64)
}

impl Reader<'_> {
    fn block(&self, sec: usize, b: u64) -> Option<&[u8]> {
        let got = self.blocks.get(sec).and_then(|s| s.get(b as usize)).and_then(Option::as_deref);
        match got {
            Some(_) => {
                if let Some(used) = self.used.get(sec).and_then(|u| u.get(b as usize)) {
                    used.set(self.generation);
                }
            }
            None => self.missing.borrow_mut().push((sec, b)),
        }
        got
    }

    /// Bytes `start..end` of section `sec`, if every block is held.
    fn raw(&self, sec: usize, start: u64, end: u64) -> Option<Vec<u8>> {
        if start >= end {
            return Some(Vec::new());
        }
        let bs = self.block_size;
        let (first, last) = (start / bs, (end - 1) / bs);
        let mut all = true;
        for b in first..=last {
            all &= self.block(sec, b).is_some();
        }
        if !all {
            return None;
        }
        let mut out = Vec::with_capacity((end - start) as usize);
        for b in first..=last {
            let block = self.block(sec, b)?;
            let from = if b == first { (start - b * bs) as usize } else { 0 };
            let to = if b == last { (end - b * bs) as usize } else { block.len() };
            out.extend_from_slice(block.get(from..to)?);
        }
        Some(out)
    }

    fn count(&self, k: usize) -> u64 {
        self.directory.get(k).map_or(0, |d| d.2)
    }

    /// True once array `k`'s count header was read and matches the
    /// directory (a signed but inconsistent index is refused, not read).
    fn header(&self, k: usize) -> bool {
        if self.checked.get() >> k & 1 == 1 {
            return true;
        }
        let Some(&(sec, first, count)) = self.directory.get(k) else {
            return false;
        };
        let Some(bytes) = self.raw(sec, first.saturating_sub(8), first) else {
            return false;
        };
        if bytes != count.to_le_bytes() {
            self.broken.borrow_mut().get_or_insert_with(|| {
                section_mismatch("index", "an array's count differs from the manifest's directory")
            });
            return false;
        }
        self.checked.set(self.checked.get() | 1 << k);
        true
    }

    /// Elements `from..to` of array `k` (clamped to its count), as bytes.
    fn array(&self, k: usize, from: u64, to: u64) -> Option<Vec<u8>> {
        let Some(&(sec, first, count)) = self.directory.get(k) else {
            return Some(Vec::new());
        };
        let w = width(k);
        let to = to.min(count);
        let from = from.min(to);
        let header = self.header(k);
        let bytes = self.raw(sec, first + from * w, first + to * w);
        bytes.filter(|_| header)
    }

    fn whole(&self, k: usize) -> Option<Vec<u8>> {
        self.array(k, 0, u64::MAX)
    }

    /// Element `i` of array `k` (`Some(None)` past its end, as the eager
    /// columns' `get` gives `None`); `None` while its block is missing.
    fn elem(&self, k: usize, i: u64) -> Option<Option<u64>> {
        let Some(&(sec, first, count)) = self.directory.get(k) else {
            return Some(None);
        };
        if i >= count {
            return Some(None);
        }
        let header = self.header(k);
        let w = width(k);
        let pos = first + i * w;
        let b = pos / self.block_size;
        let at = (pos - b * self.block_size) as usize;
        let block = self.block(sec, b).filter(|_| header)?;
        let mut le = [0u8; 8];
        match block.get(at..at + w as usize) {
            Some(inside) => le.get_mut(..inside.len())?.copy_from_slice(inside),
            // An element across two blocks.
            None => {
                let bytes = self.raw(sec, pos, pos + w)?;
                le.get_mut(..bytes.len())?.copy_from_slice(&bytes);
            }
        }
        Some(Some(u64::from_le_bytes(le)))
    }

    fn u32_or(&self, k: usize, i: u64, default: u32) -> Option<u32> {
        Some(self.elem(k, i)?.map_or(default, |v| v as u32))
    }

    fn u8_at(&self, k: usize, i: u64) -> Option<Option<u8>> {
        Some(self.elem(k, i)?.map(|v| v as u8))
    }

    fn fail(&self, e: Error) {
        self.broken.borrow_mut().get_or_insert(e);
    }
}

fn u16s(bytes: &[u8]) -> Vec<u16> {
    bytes.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect()
}

fn u32s(bytes: &[u8]) -> Vec<u32> {
    bytes.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect()
}

fn u64s(bytes: &[u8]) -> Vec<u64> {
    bytes
        .chunks_exact(8)
        .map(|c| {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            u64::from_le_bytes(w)
        })
        .collect()
}

/// An arena from its text and ends arrays: UTF-8 and ordered ends, as the
/// eager loader checks them.
fn arena(rd: &Reader<'_>, text: Vec<u8>, ends: Vec<u8>, what: &str) -> Option<Arena> {
    if !utf8(&text) {
        rd.fail(section_mismatch("resources", format!("the {what} are not UTF-8")));
        return None;
    }
    let a = Arena { text, ends: u32s(&ends) };
    if validate_arena(&a).is_err() {
        rd.fail(section_mismatch(
            "resources",
            format!("the {what}' ends are out of order or inside a character"),
        ));
        return None;
    }
    Some(a)
}

fn read_boot(rd: &Reader<'_>, manifest: &IndexManifest) -> Option<Boot> {
    // Read every boot array before returning, so one round fetches them all.
    let wanted = [
        INFO,
        SOURCE_VERSION,
        STRINGS,
        STRING_ENDS,
        ITEM_NAMES,
        ITEM_NAME_ENDS,
        NAME_LENGTHS,
        ABSTRACT_LENGTHS,
        TERM_KEYS,
        NAME_OFFSETS,
        NAME_DF,
        ABSTRACT_OFFSETS,
        ABSTRACT_DF,
        TERM_ITEM_NAME_OFFSETS,
        TERM_ITEM_NAME_IDS,
        ITEM_DF,
        ITEM_OFFSETS,
    ];
    let got: Vec<Option<Vec<u8>>> = wanted.iter().map(|&k| rd.whole(k)).collect();
    let mut got = got.into_iter().collect::<Option<Vec<Vec<u8>>>>()?.into_iter();
    let mut next = || got.next().unwrap_or_default();
    let info: Option<CatalogInfo> = serde_json::from_slice(&next()).ok();
    let source_version = u32s(&next()).first().copied();
    let (Some(info), Some(source_version)) = (info, source_version) else {
        rd.fail(section_mismatch("meta", "the catalog info cannot be read"));
        return None;
    };
    let resources = rd.count(SHARING);
    if IndexCatalog::of(&info) != manifest.catalog || resources != manifest.resources {
        rd.fail(Error::IndexCatalogMismatch {
            detail: "the sections hold another catalog than the manifest names".into(),
        });
        return None;
    }
    if source_version != manifest.format_version {
        rd.fail(Error::IndexCatalogMismatch { detail: "the sections hold another format version".into() });
        return None;
    }
    let dict = Interner::from_arena(arena(rd, next(), next(), "strings")?);
    let vocab = Interner::from_arena(arena(rd, next(), next(), "item names")?);
    let name_len = u16s(&next());
    let abstract_len = u16s(&next());
    let resources = resources as usize;
    let items = rd.count(ITEM_KINDS) + rd.count(ITEM_KINDS_WIDE);
    let sat = Saturation::of(resources, &name_len, &abstract_len, items as usize);
    Some(Boot {
        info,
        resources,
        sat,
        dict,
        vocab,
        term_keys: u64s(&next()),
        name_off: u32s(&next()),
        name_df: u32s(&next()),
        abs_off: u32s(&next()),
        abs_df: u32s(&next()),
        vocab_off: u32s(&next()),
        vocab_ids: u32s(&next()),
        item_df: u32s(&next()),
        item_off: u32s(&next()),
        name_len,
        abstract_len,
    })
}

/// `off[i]..off[i+1]`, as `index::range` reads it.
fn span(off: &[u32], i: usize) -> (u64, u64) {
    let start = off.get(i).copied().unwrap_or(0);
    let end = off.get(i + 1).copied().unwrap_or(0);
    (u64::from(start), u64::from(end.max(start)))
}

/// A postings list's bytes; empty when it runs past its array, as the
/// eager index's checked slicing gives.
fn postings_bytes(rd: &Reader<'_>, k: usize, off: &[u32], i: usize) -> Option<Vec<u8>> {
    let (start, end) = span(off, i);
    if end > rd.count(k) {
        return Some(Vec::new());
    }
    rd.array(k, start, end)
}

/// The filter of a query, evaluated in the eager engine's order.
struct Filter {
    provider: Option<Option<u32>>,
    sharing: Option<u8>,
    cycle: Option<u8>,
    format: Option<u8>,
    grade: Option<u8>,
    prefix: Option<String>,
}

impl Filter {
    fn new(boot: &Boot, q: &SearchQuery) -> Self {
        Filter {
            provider: q.provider.as_ref().map(|p| boot.dict.lookup(p)),
            sharing: q.sharing.map(SharingType::to_u8),
            cycle: q.update_cycle.map(|c| c.to_u8() + 1),
            format: q.format.map(|f| f.to_u8() + 1),
            grade: q.grade,
            prefix: q.classification_prefix.clone(),
        }
    }

    fn is_some(&self) -> bool {
        self.provider.is_some()
            || self.sharing.is_some()
            || self.cycle.is_some()
            || self.format.is_some()
            || self.grade.is_some()
            || self.prefix.is_some()
    }

    /// Whether resource `r` passes; `None` while a column block is missing.
    fn keeps(&self, rd: &Reader<'_>, boot: &Boot, r: u32) -> Option<bool> {
        let i = u64::from(r);
        if let Some(p) = self.provider {
            let Some(p) = p else { return Some(false) };
            // Both columns in one round: the value may be a name or a code.
            let (provider, code) = (rd.elem(PROVIDER, i), rd.elem(PROVIDER_CODE, i));
            if provider? != Some(u64::from(p)) && code? != Some(u64::from(p)) {
                return Some(false);
            }
        }
        for (k, want) in
            [(SHARING, self.sharing), (CYCLE, self.cycle), (FORMAT, self.format), (GRADE, self.grade)]
        {
            if let Some(v) = want {
                if rd.u8_at(k, i)? != Some(v) {
                    return Some(false);
                }
            }
        }
        if let Some(prefix) = &self.prefix {
            let id = rd.u32_or(CLASSIFICATION, i, NONE)?;
            if !boot.dict.get(id).starts_with(prefix.as_str()) {
                return Some(false);
            }
        }
        Some(true)
    }
}

/// Facet counts, keyed as the eager engine's slots are.
#[derive(Default)]
struct Counts {
    provider: HashMap<u32, u64>,
    classification: HashMap<u32, u64>,
    sharing: [u64; 3],
    grade: Vec<u64>,
    cycle: [u64; 7],
    format: [u64; 8],
}

impl Counts {
    fn new() -> Self {
        Counts { grade: vec![0; 256], ..Counts::default() }
    }

    fn add(&mut self, rd: &Reader<'_>, r: u32) -> Option<()> {
        let i = u64::from(r);
        // Every column is read before any is used, so one round notes
        // every missing block of this resource.
        let (provider, class) = (rd.u32_or(PROVIDER, i, NONE), rd.u32_or(CLASSIFICATION, i, NONE));
        let bytes = [SHARING, GRADE, CYCLE, FORMAT].map(|k| rd.u8_at(k, i));
        let [sharing, grade, cycle, format] = bytes;
        let (provider, class, sharing, grade, cycle, format) =
            (provider?, class?, sharing?, grade?, cycle?, format?);
        *self.provider.entry(provider).or_default() += 1;
        *self.classification.entry(class).or_default() += 1;
        for (v, slots) in [
            (sharing, &mut self.sharing[..]),
            (grade, &mut self.grade[..]),
            (cycle, &mut self.cycle[..]),
            (format, &mut self.format[..]),
        ] {
            if let Some(slot) = v.and_then(|v| slots.get_mut(usize::from(v))) {
                *slot += 1;
            }
        }
        Some(())
    }

    fn values(self, boot: &Boot) -> Vec<(&'static str, String, u64)> {
        let mut out = Vec::new();
        for (id, n) in self.provider {
            let name = boot.dict.get(id);
            if n > 0 && !name.is_empty() {
                out.push(("provider", name.to_owned(), n));
            }
        }
        for (id, n) in self.classification {
            let class: String = boot.dict.get(id).chars().take(1).collect();
            if n > 0 && !class.is_empty() {
                out.push(("classification", class, n));
            }
        }
        enum_facet_values(&self.sharing, &self.grade, &self.cycle, &self.format, &mut out);
        out
    }
}

/// One query term's frequencies per resource (name, abstract, items),
/// sorted by resource.
struct TermTf {
    docs: Vec<(u32, [u32; 3])>,
    /// The same resources as a set.
    bits: Bits,
    /// The fields' weight × idf (as `Catalog::term_weights`).
    weights: score::Weights,
    /// Where `tf` stopped for the last resource it was asked: matches are
    /// scored in resource order, so each list is walked once.
    cursor: Cell<(usize, u32)>,
}

impl TermTf {
    /// The frequencies of resource `r`. Calls in increasing `r` walk the
    /// list once; a lower `r` (a new pass) starts again from its head.
    fn tf(&self, r: u32) -> [u32; 3] {
        let (mut at, last) = self.cursor.get();
        if r < last {
            at = 0;
        }
        while self.docs.get(at).is_some_and(|d| d.0 < r) {
            at += 1;
        }
        self.cursor.set((at, r));
        match self.docs.get(at) {
            Some(&(doc, tfs)) if doc == r => tfs,
            _ => [0; 3],
        }
    }
}

/// Reads and decodes the postings of every known term in one round.
fn term_postings(rd: &Reader<'_>, boot: &Boot, ids: &[Option<usize>]) -> Option<Vec<Option<TermTf>>> {
    let n = boot.resources;
    let mut raw = Vec::new();
    for &id in ids {
        let Some(t) = id else {
            raw.push(None);
            continue;
        };
        let name = postings_bytes(rd, NAME_POSTINGS, &boot.name_off, t);
        let abs = postings_bytes(rd, ABSTRACT_POSTINGS, &boot.abs_off, t);
        let (v0, v1) = span(&boot.vocab_off, t);
        let vocab = boot.vocab_ids.get(v0 as usize..v1 as usize).unwrap_or(&[]);
        let items: Vec<Option<Vec<u8>>> = vocab
            .iter()
            .map(|&vid| postings_bytes(rd, ITEM_POSTINGS, &boot.item_off, vid as usize))
            .collect();
        raw.push(Some((t, name, abs, items)));
    }
    let mut out = Vec::with_capacity(raw.len());
    for entry in raw {
        let Some((t, name, abs, items)) = entry else {
            out.push(None);
            continue;
        };
        let (name, abs) = (name?, abs?);
        let items = items.into_iter().collect::<Option<Vec<Vec<u8>>>>()?;
        let lists = [(0, &name), (1, &abs)].into_iter().chain(items.iter().map(|list| (2, list)));
        // Frequencies summed per resource and field in one array over the
        // catalog (a posting takes at least a byte), or, for a short list,
        // sorted out of a list of postings. Resources past the catalog's
        // end are ignored, as the eager engine's bitsets ignore them.
        let bytes: usize = name.len() + abs.len() + items.iter().map(Vec::len).sum::<usize>();
        let mut bits = Bits::new(n, false);
        let docs = if bytes.saturating_mul(16) > n {
            let mut tfs = vec![[0u32; 3]; n];
            for (field, list) in lists {
                for (r, tf) in Postings::new(list) {
                    if let Some(slot) = tfs.get_mut(r as usize) {
                        slot[field] = slot[field].saturating_add(tf);
                        bits.set(r);
                    }
                }
            }
            let mut docs = Vec::new();
            bits.for_each(|r| docs.push((r, tfs.get(r as usize).copied().unwrap_or_default())));
            docs
        } else {
            let mut all: Vec<(u32, usize, u32)> = Vec::new();
            for (field, list) in lists {
                all.extend(
                    Postings::new(list).filter(|&(r, _)| (r as usize) < n).map(|(r, tf)| (r, field, tf)),
                );
            }
            all.sort_unstable_by_key(|e| (e.0, e.1));
            let mut docs: Vec<(u32, [u32; 3])> = Vec::new();
            for (r, field, tf) in all {
                bits.set(r);
                match docs.last_mut() {
                    Some((last, tfs)) if *last == r => tfs[field] = tfs[field].saturating_add(tf),
                    _ => {
                        let mut tfs = [0; 3];
                        tfs[field] = tf;
                        docs.push((r, tfs));
                    }
                }
            }
            docs
        };
        let df = |v: &[u32]| v.get(t).copied().unwrap_or(0) as usize;
        let weights = score::term_weights(n, [df(&boot.name_df), df(&boot.abs_df), df(&boot.item_df)]);
        out.push(Some(TermTf { docs, bits, weights, cursor: Cell::new((0, 0)) }));
    }
    Some(out)
}

/// Sorted intersection (`all`) or union of the terms' resources.
fn combine(terms: &[&TermTf], all: bool) -> Vec<u32> {
    let Some(first) = terms.first() else {
        return Vec::new();
    };
    let mut set = first.bits.clone();
    for term in terms.iter().skip(1) {
        if all {
            set.and(&term.bits);
        } else {
            set.or(&term.bits);
        }
    }
    let mut out = Vec::new();
    set.for_each(|r| out.push(r));
    out
}

/// The resources of `candidates` the filter keeps.
fn kept(rd: &Reader<'_>, boot: &Boot, filter: &Filter, candidates: &[u32]) -> Option<Vec<u32>> {
    if !filter.is_some() {
        return Some(candidates.to_vec());
    }
    let mut out = Vec::new();
    let mut complete = true;
    for &r in candidates {
        match filter.keeps(rd, boot, r) {
            Some(true) => out.push(r),
            Some(false) => {}
            None => complete = false,
        }
    }
    complete.then_some(out)
}

/// The kinds of items `start..end`, from whichever of the two kind arrays
/// holds the items (the other is empty).
/// A kind that does not exist is refused, as the eager loader refuses it.
fn item_kinds(rd: &Reader<'_>, start: u64, end: u64) -> Option<Vec<u32>> {
    let array = if rd.count(ITEM_KINDS_WIDE) > 0 { ITEM_KINDS_WIDE } else { ITEM_KINDS };
    let bytes = rd.array(array, start, end)?;
    // Little-endian, two or four bytes.
    let kinds: Vec<u32> = bytes
        .chunks_exact(width(array) as usize)
        .map(|c| c.iter().rev().fold(0, |k, &b| k << 8 | u32::from(b)))
        .collect();
    if kinds.iter().any(|&k| u64::from(k) >= rd.count(KIND_NAME_IDS)) {
        rd.fail(section_mismatch("items", "an item's kind is not in the kinds table"));
        return None;
    }
    Some(kinds)
}

fn items_of(rd: &Reader<'_>, r: u32) -> Option<(u64, u64)> {
    let start = rd.u32_or(ITEM_RANGES, u64::from(r), 0)?;
    let end = rd.u32_or(ITEM_RANGES, u64::from(r) + 1, start)?;
    Some((u64::from(start), u64::from(end.max(start))))
}

/// `Catalog::direct_score`, from the postings.
fn resource_score(
    rd: &Reader<'_>,
    boot: &Boot,
    r: u32,
    terms: &[Option<TermTf>],
    all: bool,
) -> Option<Option<Score>> {
    let (start, end) = items_of(rd, r)?;
    let i = r as usize;
    let lens = [
        u64::from(boot.name_len.get(i).copied().unwrap_or(0)),
        u64::from(boot.abstract_len.get(i).copied().unwrap_or(0)),
        end - start,
    ];
    let mut total: Score = 0;
    let mut found = false;
    for term in terms {
        let Some(term) = term else {
            if all {
                return Some(None);
            }
            continue;
        };
        let [tf_name, tf_abs, tf_items] = term.tf(r);
        let tf_items = tf_items.min(u32::from(u16::MAX));
        if tf_name == 0 && tf_abs == 0 && tf_items == 0 {
            if all {
                return Some(None);
            }
            continue;
        }
        found = true;
        total = total.saturating_add(score::term_score(
            term.weights,
            [tf_name, tf_abs, tf_items],
            lens,
            &boot.sat,
        ));
    }
    Some(found.then_some(total))
}

/// The best `k` of scored matches, in page order.
fn best(rd: &Reader<'_>, mut scored: Vec<(u32, Score)>, k: usize) -> Option<Vec<Scored>> {
    if k == 0 {
        return Some(Vec::new());
    }
    // Only the matches scoring at least the k-th best can enter the page;
    // their code ranks break the ties.
    let cut = if scored.len() > k {
        scored.select_nth_unstable_by(k - 1, |a, b| b.1.cmp(&a.1));
        scored.get(k - 1).map(|s| s.1)
    } else {
        None
    };
    let contenders = scored.iter().filter(|s| cut.is_none_or(|c| s.1 >= c));
    let mut page = Vec::new();
    let mut complete = true;
    for &(r, score) in contenders {
        match rd.u32_or(CODE_RANKS, u64::from(r), u32::MAX) {
            Some(rank) => page.push(Scored { score, rank, r }),
            None => complete = false,
        }
    }
    if !complete {
        return None;
    }
    page.sort_unstable();
    page.truncate(k);
    Some(page)
}

/// The first `k` matches in code order (browsing).
fn first_in_code_order(rd: &Reader<'_>, boot: &Boot, matched: &[u32], k: usize) -> Option<Vec<Scored>> {
    if k == 0 || matched.is_empty() {
        return Some(Vec::new());
    }
    let n = rd.count(CODE_ORDER);
    let mut member = vec![false; boot.resources];
    for &r in matched {
        if let Some(m) = member.get_mut(r as usize) {
            *m = true;
        }
    }
    // Read the code order in growing runs sized to find `k` matches.
    let density = matched.len() as u64;
    let mut run = (k as u64).saturating_mul(n) / density.max(1) * 2 + 1024;
    let mut at = 0u64;
    let mut out = Vec::new();
    while at < n && out.len() < k {
        let to = at.saturating_add(run).min(n);
        let order = u32s(&rd.array(CODE_ORDER, at, to)?);
        for (j, &r) in order.iter().enumerate() {
            if member.get(r as usize).copied().unwrap_or(false) {
                out.push(Scored { score: 0, rank: (at + j as u64) as u32, r });
                if out.len() >= k {
                    break;
                }
            }
        }
        at = to;
        run = run.saturating_mul(2);
    }
    Some(out)
}

/// The units of string `id` of the arena in arrays `text` and `ends`
/// (empty when its ends are out of order, as the eager arena reads it).
fn string_units(rd: &Reader<'_>, text: usize, ends: usize, id: u64) -> Option<Vec<u8>> {
    let end = rd.u32_or(ends, id, 0);
    let start = if id == 0 { Some(0) } else { rd.u32_or(ends, id - 1, 0) };
    let (start, end) = (start?, end?);
    if start > end || u64::from(end) > rd.count(text) {
        return Some(Vec::new());
    }
    rd.array(text, u64::from(start), u64::from(end))
}

/// Resource `r`'s code.
fn code_of(rd: &Reader<'_>, r: u64) -> Option<String> {
    match String::from_utf8(string_units(rd, CODES, CODE_ENDS, r)?) {
        Ok(s) => Some(s),
        Err(_) => {
            rd.fail(section_mismatch("texts", "a resource code is not UTF-8"));
            None
        }
    }
}

/// Resource `r`'s name (`k` 0) or abstract (`k` 1).
fn prose_of(rd: &Reader<'_>, r: u64, k: u64) -> Option<String> {
    let units = u16s(&string_units(rd, PROSE, PROSE_ENDS, r * 2 + k)?);
    // The eager load's check (and no second UTF-16 decoder in the module).
    if !crate::encoding::utf16(&units) {
        rd.fail(section_mismatch("texts", "a resource name or abstract is not UTF-16"));
        return None;
    }
    Some(String::from_utf16_lossy(&units))
}

fn hit(rd: &Reader<'_>, boot: &Boot, sc: &Scored, term_ids: &[usize]) -> Option<SearchHit> {
    let r = sc.r;
    let i = u64::from(r);
    let code = code_of(rd, i);
    let name = prose_of(rd, i, 0);
    // (The texts' ends and the item range are read in one round, the
    // texts and the item names in the next.)
    let provider = rd.u32_or(PROVIDER, i, NONE);
    let provider_code = rd.u32_or(PROVIDER_CODE, i, NONE);
    let sharing = rd.u8_at(SHARING, i);
    let grade = rd.u8_at(GRADE, i);
    let kinds = items_of(rd, r).and_then(|(start, end)| item_kinds(rd, start, end));
    // Each item's name, through its kind (a round after the kinds).
    let items = kinds.and_then(|kinds| {
        // Every element is asked for before any missing one ends the round.
        let names: Vec<Option<u32>> =
            kinds.iter().map(|&k| rd.u32_or(KIND_NAME_IDS, u64::from(k), NONE)).collect();
        names.into_iter().collect::<Option<Vec<u32>>>()
    });
    let (code, name, provider, provider_code, sharing, grade, items) =
        (code?, name?, provider?, provider_code?, sharing?, grade?, items?);
    let mut matched_items: Vec<String> = Vec::new();
    for vid in items {
        let hit = term_ids.iter().any(|&t| {
            let (v0, v1) = span(&boot.vocab_off, t);
            boot.vocab_ids.get(v0 as usize..v1 as usize).unwrap_or(&[]).binary_search(&vid).is_ok()
        });
        if hit {
            let name = boot.vocab.get(vid);
            if !matched_items.iter().any(|m| m == name) {
                matched_items.push(name.to_owned());
            }
        }
    }
    Some(SearchHit {
        catalog: boot.info.id.clone(),
        code,
        name,
        provider: boot.dict.get(provider).to_owned(),
        provider_code: boot.dict.get(provider_code).to_owned(),
        sharing: SharingType::from_u8(sharing.unwrap_or(0)).unwrap_or(SharingType::NotShared),
        grade: grade.unwrap_or(0),
        score: score::displayed(sc.score),
        matched_items,
    })
}

/// The first resource (in resource order) whose code is `code`, by binary
/// search over the code order, as `Index::find_code`.
fn find_code(rd: &Reader<'_>, code: &str) -> Option<Option<u32>> {
    let n = rd.count(CODE_ORDER);
    let (mut lo, mut hi) = (0u64, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let r = rd.u32_or(CODE_ORDER, mid, u32::MAX)?;
        if code_of(rd, u64::from(r))?.as_str() < code {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if lo >= n {
        return Some(None);
    }
    let r = rd.u32_or(CODE_ORDER, lo, u32::MAX)?;
    Some((code_of(rd, u64::from(r))? == code).then_some(r))
}

const ID_COLUMNS: [usize; 10] = [
    CLASSIFICATION,
    PROVIDER,
    PROVIDER_CODE,
    PUBLISHED,
    CONDITIONS,
    OPEN_CONDITIONS,
    SCOPE,
    PURPOSE,
    BASIS_TITLE,
    BASIS_ARTICLE,
];
const BYTE_COLUMNS: [usize; 7] = [SHARING, FORMAT, CYCLE, OPEN, GRADE, BASIS_KIND, SECURITY];

/// One resource's values and items, read lazily.
struct Row {
    texts: [String; 3],
    ids: [u32; 10],
    bytes: [u8; 7],
    modes: u64,
    related: Vec<u32>,
    items: u32,
    /// Per item, its kind's values ([`KIND_COLUMNS`]).
    kinds: Vec<[u64; 5]>,
    long_lengths: Vec<(u32, u32)>,
    pi_kinds: Vec<u32>,
}

/// The item-kind columns a row reads, with the eager accessors' defaults
/// past an array's end.
const KIND_COLUMNS: [(usize, u64); 5] = [
    (KIND_NAME_IDS, NONE as u64),
    (KIND_LENGTHS, LEN_NONE as u64),
    (KIND_GRADES, 0),
    (KIND_FLAGS, 0),
    (KIND_PI, 0),
];

impl Row {
    /// Every value of resource `r`, each read as the eager store's
    /// accessors read it (defaults past an array's end).
    fn read(rd: &Reader<'_>, r: u32) -> Option<Row> {
        let i = u64::from(r);
        let texts = [code_of(rd, i), prose_of(rd, i, 0), prose_of(rd, i, 1)];
        let ids = ID_COLUMNS.map(|k| rd.u32_or(k, i, NONE));
        let bytes = BYTE_COLUMNS.map(|k| rd.elem(k, i).map(|v| v.map_or(0, |v| v as u8)));
        let modes = rd.elem(MODES, i).map(|v| v.unwrap_or(0));
        let related_start = rd.u32_or(RELATED_RANGES, i, 0);
        let related_end = related_start.and_then(|s| rd.u32_or(RELATED_RANGES, i + 1, s));
        let items = items_of(rd, r);
        let long_ids = rd.whole(LONG_KIND_LENGTH_IDS);
        let long_values = rd.whole(LONG_KIND_LENGTHS);
        let pi_kinds = rd.whole(PI_KINDS);
        let (start, end) = items?;
        let kinds = item_kinds(rd, start, end);
        // Each item's kind's values, every one asked for in this round.
        let mut complete = true;
        let mut kind_values = Vec::new();
        for &kind in kinds.as_deref().unwrap_or(&[]) {
            kind_values.push(KIND_COLUMNS.map(|(k, default)| match rd.elem(k, u64::from(kind)) {
                Some(v) => v.unwrap_or(default),
                None => {
                    complete = false;
                    0
                }
            }));
        }
        let related = match (related_start?, related_end?) {
            (s, e) if u64::from(e.max(s)) <= rd.count(RELATED_CODES) => {
                rd.array(RELATED_CODES, u64::from(s), u64::from(e.max(s)))
            }
            _ => Some(Vec::new()),
        };
        let [code, name, summary] = texts;
        let texts = [code?, name?, summary?];
        let ids = ids.into_iter().collect::<Option<Vec<u32>>>()?;
        let bytes = bytes.into_iter().collect::<Option<Vec<u8>>>()?;
        let kinds = kinds.filter(|_| complete)?;
        let (long_ids, long_values) = (u32s(&long_ids?), u32s(&long_values?));
        // The long lengths of this resource's items, by their place in it.
        let long_lengths = kinds
            .iter()
            .enumerate()
            .filter_map(|(at, &kind)| {
                let pos = long_ids.binary_search(&kind).ok()?;
                Some((at as u32, *long_values.get(pos)?))
            })
            .collect();
        Some(Row {
            texts,
            ids: ids.try_into().ok()?,
            bytes: bytes.try_into().ok()?,
            modes: modes?,
            related: u32s(&related?),
            items: (end - start) as u32,
            kinds: kind_values,
            long_lengths,
            pi_kinds: u32s(&pi_kinds?),
        })
    }

    /// A store of this one resource over the catalog's strings.
    fn store(self, dict: Interner, vocab: Interner) -> Store {
        let [code, name, summary] = &self.texts;
        let (mut codes, mut prose): (Arena, Prose) = Default::default();
        // Within u32 limits: each text came from a u32-addressed arena.
        let _ = codes.push(code);
        let _ = prose.push(name);
        let _ = prose.push(summary);
        let [classification, provider, provider_code, published, conditions, open_conditions, scope, purpose, basis_title, basis_article] =
            self.ids.map(|v| vec![v]);
        let [sharing, format, cycle, open, grade, basis_kind, security] = self.bytes.map(|v| vec![v]);
        let (big_len_kind, big_len_value) = self.long_lengths.into_iter().unzip();
        let mut store = Store {
            codes,
            prose,
            dict,
            vocab,
            classification,
            provider,
            provider_code,
            published,
            conditions,
            open_conditions,
            scope,
            purpose,
            basis_title,
            basis_article,
            basis_kind,
            security,
            sharing,
            format,
            cycle,
            open,
            grade,
            modes: vec![self.modes],
            item_start: vec![0, self.items],
            related_start: vec![0, self.related.len() as u32],
            related: self.related,
            name_len: vec![0],
            abstract_len: vec![0],
            // One kind per item, in item order.
            item_kind_wide: (0..self.items).collect(),
            big_len_kind,
            big_len_value,
            pi_kinds: self.pi_kinds,
            ..Store::default()
        };
        for [name, len, grade, flags, pi] in self.kinds {
            store.kind_name.push(name as u32);
            store.kind_len.push(len as u16);
            store.kind_grade.push(grade as u8);
            store.kind_flags.push(flags as u8);
            store.kind_pi.push(pi as u16);
        }
        store
    }
}

/// One search over what is held; `None` when a block is missing (noted).
fn run(rd: &Reader<'_>, boot: &Boot, q: &SearchQuery) -> Option<(SearchResult, Vec<(String, u32)>)> {
    let k = (q.offset as usize).saturating_add(q.limit as usize);
    let filter = Filter::new(boot, q);
    let keys = query_terms(&q.text);
    let ids: Vec<Option<usize>> = keys.iter().map(|key| boot.term_keys.binary_search(key).ok()).collect();
    let mut counts = Counts::new();
    let mut relaxed = false;
    let (matched, top) = if keys.is_empty() {
        let every: Vec<u32> = (0..boot.resources as u32).collect();
        let matched = kept(rd, boot, &filter, &every)?;
        let mut counted = true;
        for &r in &matched {
            counted &= counts.add(rd, r).is_some();
        }
        let top = first_in_code_order(rd, boot, &matched, k);
        (counted.then_some(matched)?, top?)
    } else {
        let terms = term_postings(rd, boot, &ids)?;
        let known: Vec<&TermTf> = terms.iter().flatten().collect();
        let several = keys.len() > 1;
        let mut matched = if known.len() == keys.len() {
            kept(rd, boot, &filter, &combine(&known, true))?
        } else {
            Vec::new()
        };
        if matched.is_empty() && several {
            relaxed = true;
            matched = kept(rd, boot, &filter, &combine(&known, false))?;
        }
        let mut scored = Vec::with_capacity(matched.len());
        let mut complete = true;
        // Few matches: their code ranks come in this round too.
        let ranks_now = matched.len() <= k.saturating_mul(4).max(256);
        for &r in &matched {
            complete &= counts.add(rd, r).is_some();
            if ranks_now {
                complete &= rd.elem(CODE_RANKS, u64::from(r)).is_some();
            }
            match resource_score(rd, boot, r, &terms, !relaxed) {
                Some(Some(s)) => scored.push((r, s)),
                Some(None) => {}
                None => complete = false,
            }
        }
        if !complete {
            return None;
        }
        (matched, best(rd, scored, k)?)
    };
    let term_ids: Vec<usize> = ids.iter().flatten().copied().collect();
    let mut hits = Vec::new();
    let mut codes = Vec::new();
    let mut complete = true;
    for sc in top.iter().skip(q.offset as usize) {
        match hit(rd, boot, sc, &term_ids) {
            Some(h) => {
                codes.push((h.code.clone(), sc.r));
                hits.push(h);
            }
            None => complete = false,
        }
    }
    if !complete {
        return None;
    }
    let result =
        SearchResult { total: matched.len() as u64, hits, facets: facets_from(counts.values(boot)), relaxed };
    Some((result, codes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn array_positions_name_the_layout_arrays() {
        let named = [
            (INFO, "catalog info"),
            (SOURCE_VERSION, "source format version"),
            (CODES, "resource codes"),
            (CODE_ENDS, "resource code ends"),
            (PROSE, "resource names and abstracts"),
            (PROSE_ENDS, "resource name and abstract ends"),
            (STRINGS, "strings"),
            (STRING_ENDS, "string ends"),
            (ITEM_NAMES, "item names"),
            (ITEM_NAME_ENDS, "item name ends"),
            (CLASSIFICATION, "classification"),
            (PROVIDER, "provider"),
            (PROVIDER_CODE, "provider code"),
            (SHARING, "sharing"),
            (FORMAT, "format"),
            (CYCLE, "cycle"),
            (GRADE, "grade"),
            (ITEM_RANGES, "item ranges"),
            (NAME_LENGTHS, "name lengths"),
            (ABSTRACT_LENGTHS, "abstract lengths"),
            (ITEM_KINDS, "item kinds"),
            (ITEM_KINDS_WIDE, "item kinds, wide"),
            (KIND_NAME_IDS, "kind item-name ids"),
            (PUBLISHED, "published"),
            (CONDITIONS, "conditions"),
            (OPEN_CONDITIONS, "open conditions"),
            (SCOPE, "scope"),
            (PURPOSE, "purpose"),
            (BASIS_TITLE, "basis title"),
            (BASIS_ARTICLE, "basis article"),
            (OPEN, "open"),
            (BASIS_KIND, "basis kind"),
            (SECURITY, "security"),
            (MODES, "modes"),
            (RELATED_RANGES, "related ranges"),
            (RELATED_CODES, "related codes"),
            (KIND_LENGTHS, "kind lengths"),
            (LONG_KIND_LENGTH_IDS, "long kind length ids"),
            (LONG_KIND_LENGTHS, "long kind lengths"),
            (KIND_GRADES, "kind grades"),
            (KIND_FLAGS, "kind flags"),
            (KIND_PI, "kind personal information"),
            (PI_KINDS, "personal information kinds"),
            (TERM_KEYS, "term keys"),
            (NAME_OFFSETS, "name posting offsets"),
            (NAME_POSTINGS, "name postings"),
            (NAME_DF, "name document frequencies"),
            (ABSTRACT_OFFSETS, "abstract posting offsets"),
            (ABSTRACT_POSTINGS, "abstract postings"),
            (ABSTRACT_DF, "abstract document frequencies"),
            (TERM_ITEM_NAME_OFFSETS, "term item-name offsets"),
            (TERM_ITEM_NAME_IDS, "term item-name ids"),
            (ITEM_DF, "item document frequencies"),
            (ITEM_OFFSETS, "item posting offsets"),
            (ITEM_POSTINGS, "item postings"),
            (CODE_ORDER, "code order"),
            (CODE_RANKS, "code ranks"),
        ];
        for (k, name) in named {
            assert_eq!(LAYOUT[k].0, name);
        }
    }
}
