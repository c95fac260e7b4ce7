//! [`Catalog`]: one loaded, indexed catalog.

use serde::{Deserialize, Serialize};

use super::index::{Builder, Index};
use super::load::{load_catalog, CatalogLoader, LoadOptions, LoadProgress};
use super::model::*;
use super::score::Saturation;
use super::store::{IdMap, Store};
use super::topk::DenseTerms;
use crate::Result;

/// A loaded catalog: the compact store of its resources and its search index.
///
/// Build it with [`Catalog::from_json`] (or from a snapshot, or from
/// resources); query it with `search`, `item`, `lint`; change it only through
/// `apply_delta`.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub(crate) info: CatalogInfo,
    pub(crate) store: Store,
    pub(crate) index: Index,
    pub(crate) sat: Saturation,
    pub(crate) slots: FacetSlots,
    /// Bitsets, block maxima and skips of the terms with long postings,
    /// derived on their first search.
    pub(crate) dense: DenseTerms,
    /// The format version of the document it was read from
    /// ([`FORMAT_VERSION`] when built from resources); lint is milder on
    /// fields a version 1 document could not have.
    pub(crate) source_version: u32,
}

/// Per-resource facet keys (derived on load, not stored), so counting a
/// million matches is array increments, not hashing. A match's provider
/// slot and group sit side by side: counting it reads one place in memory
/// instead of six columns (a broad query's matches are scattered, so each
/// column read was a cache miss).
#[derive(Debug, Clone, Default)]
pub(crate) struct FacetSlots {
    /// Per resource: its provider slot and its group.
    pub(crate) rows: Vec<[u32; 2]>,
    /// Slot → its provider's name and code (dict ids): a slot is one pair,
    /// so a provider filter, by name or by code, is decided per slot.
    pub(crate) providers: Vec<[u32; 2]>,
    /// Slot → top-level class (first character of the classification).
    pub(crate) classes: Vec<String>,
    /// Group → the values it stands for. Few: one per combination of
    /// class, sharing type, grade, update cycle and format that occurs.
    pub(crate) groups: Vec<FacetGroup>,
}

/// One combination of facet values: a class slot and the stored bytes of
/// sharing type, grade, update cycle and format (as the columns hold them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FacetGroup {
    pub(crate) class: u32,
    pub(crate) sharing: u8,
    pub(crate) grade: u8,
    pub(crate) cycle: u8,
    pub(crate) format: u8,
}

/// The slot of `key` in `map`, a new one (`next`) the first time, and
/// whether it is new (its value then has to be pushed at `next`).
fn slot_of(map: &mut IdMap<u32>, key: u64, next: usize) -> (u32, bool) {
    let next = next as u32;
    let slot = *map.entry(key).or_insert(next);
    (slot, slot == next)
}

impl FacetSlots {
    fn new(store: &Store) -> Self {
        let mut slots = FacetSlots::default();
        let n = store.len();
        slots.rows.reserve_exact(n);
        let mut providers: IdMap<u32> = IdMap::default();
        // Keyed by the first character itself (+1; 0 for none) and the four
        // bytes: no string per resource, one lookup per resource.
        let mut groups: IdMap<u32> = IdMap::default();
        let mut classes: IdMap<u32> = IdMap::default();
        let byte = |col: &[u8], r: usize| col.get(r).copied().unwrap_or(0);
        for r in 0..n {
            let p = store.provider.get(r).copied().unwrap_or(u32::MAX);
            let code = store.provider_code.get(r).copied().unwrap_or(u32::MAX);
            let key = u64::from(p) << 32 | u64::from(code);
            let (provider, new) = slot_of(&mut providers, key, slots.providers.len());
            if new {
                slots.providers.push([p, code]);
            }
            let first = store.classification_str(r as u32).chars().next();
            let (sharing, grade) = (byte(&store.sharing, r), byte(&store.grade, r));
            let (cycle, format) = (byte(&store.cycle, r), byte(&store.format, r));
            let key = u64::from(first.map_or(0, |c| u32::from(c) + 1)) << 32
                | u64::from(u32::from_be_bytes([sharing, grade, cycle, format]));
            let (group, new) = slot_of(&mut groups, key, slots.groups.len());
            if new {
                let (class, new) = slot_of(&mut classes, key >> 32, slots.classes.len());
                if new {
                    slots.classes.push(first.map(String::from).unwrap_or_default());
                }
                slots.groups.push(FacetGroup { class, sharing, grade, cycle, format });
            }
            slots.rows.push([provider, group]);
        }
        slots
    }

    /// Bytes held (for `stats`).
    pub(crate) fn bytes(&self) -> u64 {
        let classes: usize = self.classes.iter().map(String::capacity).sum();
        (self.rows.capacity() * 8
            + self.providers.capacity() * 8
            + self.classes.capacity() * std::mem::size_of::<String>()
            + classes
            + self.groups.capacity() * std::mem::size_of::<FacetGroup>()) as u64
    }
}

/// Sizes of a loaded catalog (for tools and benchmarks).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct CatalogStats {
    pub resources: u64,
    pub items: u64,
    pub distinct_item_names: u64,
    pub distinct_strings: u64,
    pub terms: u64,
    /// Approximate heap bytes held by the store and the index.
    pub memory_bytes: u64,
}

impl Catalog {
    /// Loads a catalog document with the default [`LoadOptions`].
    pub fn from_json(bytes: &[u8]) -> Result<Catalog> {
        Self::from_json_with(bytes, &LoadOptions::default(), None)
    }

    /// Loads a catalog document, reporting progress every
    /// `LoadOptions::progress_every` resources and once at the end.
    pub fn from_json_with_progress(bytes: &[u8], progress: &mut dyn FnMut(LoadProgress)) -> Result<Catalog> {
        Self::from_json_with(bytes, &LoadOptions::default(), Some(progress))
    }

    /// Loads a catalog document with explicit limits.
    pub fn from_json_with(
        bytes: &[u8],
        options: &LoadOptions,
        progress: Option<&mut dyn FnMut(LoadProgress)>,
    ) -> Result<Catalog> {
        let (info, version, builder) = load_catalog(bytes, options, progress)?;
        let mut c = Self::from_builder(info, builder)?;
        c.source_version = version;
        Ok(c)
    }

    /// Builds a catalog from resources already in memory.
    pub fn from_resources(info: CatalogInfo, resources: &[Resource]) -> Result<Catalog> {
        let mut b = Builder::default();
        for r in resources {
            b.add_model(r)?;
        }
        Self::from_builder(info, b)
    }

    pub(crate) fn from_builder(info: CatalogInfo, builder: Builder) -> Result<Catalog> {
        let (store, index) = builder.finish()?;
        Ok(Self::from_parts(info, store, index))
    }

    pub(crate) fn from_parts(info: CatalogInfo, store: Store, index: Index) -> Catalog {
        let sat = Saturation::of(store.len(), &store.name_len, &store.abstract_len, store.item_count());
        let slots = FacetSlots::new(&store);
        let dense = DenseTerms::new(index.term_keys.len());
        Catalog { info, store, index, sat, slots, dense, source_version: FORMAT_VERSION }
    }

    /// The format version of the document this catalog was read from (1 or
    /// 2); [`FORMAT_VERSION`] when built from resources. Writing always
    /// produces [`FORMAT_VERSION`].
    pub fn format_version(&self) -> u32 {
        self.source_version
    }

    /// Id, name, version and publication date.
    pub fn info(&self) -> CatalogInfo {
        self.info.clone()
    }

    pub fn id(&self) -> &str {
        &self.info.id
    }

    pub fn version(&self) -> u64 {
        self.info.version
    }

    /// Number of resources (duplicates of a code count separately).
    pub fn len(&self) -> u64 {
        self.store.len() as u64
    }

    pub fn is_empty(&self) -> bool {
        self.store.len() == 0
    }

    /// The resource with this code (the first one, if the code is duplicated).
    pub fn resource(&self, code: &str) -> Option<Resource> {
        self.index.find_code(&self.store, code).next().map(|r| self.store.resource(r))
    }

    /// Every resource code, in document order.
    pub fn codes(&self) -> Vec<String> {
        (0..self.store.len() as u32).map(|r| self.store.code(r).to_owned()).collect()
    }

    /// Every resource, in document order, rebuilt one at a time.
    pub fn resources(&self) -> impl Iterator<Item = Resource> + '_ {
        (0..self.store.len() as u32).map(|r| self.store.resource(r))
    }

    /// The whole catalog as a document value (holds every resource: prefer
    /// [`Catalog::to_json`] for large catalogs).
    pub fn to_document(&self) -> CatalogDocument {
        CatalogDocument {
            format: CATALOG_FORMAT.into(),
            format_version: FORMAT_VERSION,
            catalog: self.info.clone(),
            resources: self.resources().collect(),
        }
    }

    /// Writes the catalog document, one resource per line, streaming.
    pub fn to_json(&self) -> Vec<u8> {
        let mut out =
            Vec::with_capacity(self.store.codes.text.len() * 2 + self.store.prose.text.len() * 3 + 1024);
        out.extend_from_slice(b"{\"format\":");
        write_json(&mut out, &CATALOG_FORMAT);
        out.extend_from_slice(b",\"format_version\":");
        write_json(&mut out, &FORMAT_VERSION);
        out.extend_from_slice(b",\"catalog\":");
        write_json(&mut out, &self.info);
        out.extend_from_slice(b",\"resources\":[");
        for (i, r) in self.resources().enumerate() {
            out.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
            write_json(&mut out, &r);
        }
        out.extend_from_slice(b"\n]}\n");
        out
    }

    /// Sizes and approximate memory use.
    pub fn stats(&self) -> CatalogStats {
        let s = &self.store;
        let ix = &self.index;
        fn b<T>(v: &Vec<T>) -> u64 {
            (v.capacity() * std::mem::size_of::<T>()) as u64
        }
        let arena = |a: &super::store::Arena| a.text.capacity() as u64 + b(&a.ends);
        let prose = b(&s.prose.text) + b(&s.prose.ends);
        // Interner hash tables: ~16 bytes per entry plus control bytes.
        let table = |n: usize| (n as u64) * 18;
        let memory = arena(&s.codes)
            + prose
            + arena(&s.dict.arena)
            + table(s.dict.len())
            + arena(&s.vocab.arena)
            + table(s.vocab.len())
            + b(&s.classification)
            + b(&s.provider)
            + b(&s.provider_code)
            + b(&s.published)
            + b(&s.conditions)
            + b(&s.open_conditions)
            + b(&s.scope)
            + b(&s.purpose)
            + b(&s.basis_title)
            + b(&s.basis_article)
            + b(&s.basis_kind)
            + b(&s.security)
            + b(&s.sharing)
            + b(&s.format)
            + b(&s.cycle)
            + b(&s.open)
            + b(&s.grade)
            + b(&s.modes)
            + b(&s.item_start)
            + b(&s.related_start)
            + b(&s.related)
            + b(&s.name_len)
            + b(&s.abstract_len)
            + b(&s.item_kind)
            + b(&s.item_kind_wide)
            + b(&s.kind_name)
            + b(&s.kind_len)
            + b(&s.big_len_kind)
            + b(&s.big_len_value)
            + b(&s.kind_grade)
            + b(&s.kind_flags)
            + b(&s.kind_pi)
            + b(&s.pi_kinds)
            + b(&ix.term_keys)
            + b(&ix.name_off)
            + b(&ix.name_post)
            + b(&ix.name_df)
            + b(&ix.abs_off)
            + b(&ix.abs_post)
            + b(&ix.abs_df)
            + b(&ix.vocab_off)
            + b(&ix.vocab_ids)
            + b(&ix.item_off)
            + b(&ix.item_post)
            + b(&ix.item_df)
            + b(&ix.vocab_df)
            + b(&ix.code_order)
            + b(&ix.code_rank)
            + self.slots.bytes()
            + self.dense.bytes();
        CatalogStats {
            resources: s.len() as u64,
            items: s.item_count() as u64,
            distinct_item_names: s.vocab.len() as u64,
            distinct_strings: s.dict.len() as u64,
            terms: ix.term_keys.len() as u64,
            memory_bytes: memory,
        }
    }
}

fn write_json<T: Serialize + ?Sized>(out: &mut Vec<u8>, v: &T) {
    // Serializing these plain types into a Vec cannot fail; if it ever did,
    // the output would be visibly incomplete rather than a panic.
    let _ = serde_json::to_writer(&mut *out, v);
}

impl CatalogLoader {
    /// Ends the document and builds the catalog.
    pub fn finish(self) -> Result<Catalog> {
        let (info, version, builder) = self.finish_parts()?;
        let mut catalog = Catalog::from_builder(info, builder)?;
        catalog.source_version = version;
        Ok(catalog)
    }
}
