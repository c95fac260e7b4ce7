//! The de-identification check (issue #15): over a received dataset, do
//! the declared direct identifiers show no unmasked identifier, is the data
//! k-anonymous over the declared quasi-identifiers, and is every declared
//! sensitive attribute ℓ-diverse within the equivalence classes?
//!
//! - GB/T 37964-2019 separates **direct** identifiers (identify alone: ID
//!   number, phone…) from **quasi**-identifiers (identify in combination:
//!   birth date, sex, district…).
//! - GB/T 42460-2023 evaluates de-identification with the **k-anonymity**
//!   model: every combination of quasi-identifier values is shared by at
//!   least k records. The standards leave k (and ℓ) to the assessor: they
//!   are options, 5 and 2 by default.
//! - PIPL Art. 73: de-identified (去标识化) data is still personal
//!   information. The report says which properties hold, never more.
//!
//! [`DeidChecker`] streams: it reuses the masking engines' reader (JSON
//! arrays, NDJSON, CSV) and keeps one counter per equivalence class (and per
//! distinct sensitive value within a class), so its memory is bounded by the
//! number of classes, not of records. Each column's values are numbered as
//! they first appear (one table per column, bounded by its distinct values),
//! so a class is a fixed-width tuple of small ids and a sensitive value one
//! id. Reports and errors name columns and counts, never a value.

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;

use hashbrown::hash_table::Entry;
use hashbrown::{DefaultHashBuilder, HashTable};
use serde::{Deserialize, Serialize, Serializer};

use super::detect::{detect_with, Detection, Scratch};
use super::generalize::{AddrLevel, DateLevel};
use super::input::{
    parse_csv_row, utf8, Cell, DataFormat, JsonWalker, Leaf, LeafKind, PieceKind, RecordReader,
};
use super::rule::{apply_rule, Applied, Rule};
use super::sheet::{self, WorkbookInput};
use crate::error::{Error, Location, Result};

/// The largest record (CSV row, JSON record) read, in bytes, as the masking
/// engines' default.
const MAX_RECORD_BYTES: usize = 16 * 1024 * 1024;

fn default_k() -> u64 {
    5
}

fn default_l() -> u64 {
    2
}

/// What to check: the columns of each class and the thresholds.
///
/// A column is a CSV header cell (compared after trimming whitespace) or a
/// JSON member name (a nested member as its path, `address.district`).
/// GB/T 42460-2023 leaves the thresholds to the assessor: `k` defaults to 5
/// and `l` to 2.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct DeidOptions {
    /// Quasi-identifiers (GB/T 37964-2019): equal values of all of them make
    /// an equivalence class. At least one.
    pub quasi: Vec<String>,
    /// Sensitive attributes whose ℓ-diversity within each class is checked.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub sensitive: Vec<String>,
    /// Direct identifiers, which must show no unmasked identifier.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub direct: Vec<String>,
    /// Smallest equivalence class required (k-anonymity); at least 1.
    #[cfg_attr(feature = "uniffi", uniffi(default = 5))]
    #[serde(default = "default_k")]
    pub k: u64,
    /// Fewest distinct sensitive values required in every class (distinct
    /// ℓ-diversity); at least 1.
    #[cfg_attr(feature = "uniffi", uniffi(default = 2))]
    #[serde(default = "default_l")]
    pub l: u64,
    /// The sheet of a workbook (`xlsx`, `xls`, `ods`) to read; the first
    /// when none is named.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
}

impl Default for DeidOptions {
    /// No column (name the quasi-identifiers), k = 5, ℓ = 2.
    fn default() -> Self {
        DeidOptions {
            quasi: Vec::new(),
            sensitive: Vec::new(),
            direct: Vec::new(),
            k: default_k(),
            l: default_l(),
            sheet: None,
        }
    }
}

/// Serializes a map with its keys in order, so printed reports are stable.
fn sorted<S: Serializer, V: Serialize>(
    map: &HashMap<String, V>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    map.iter().collect::<BTreeMap<_, _>>().serialize(s)
}

/// Result of [`DeidChecker::finish`]: counts and column names, never a value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object))]
pub struct DeidReport {
    pub records: u64,
    /// Equivalence classes (distinct combinations of quasi-identifier values).
    pub classes: u64,
    pub k_required: u64,
    /// The smallest equivalence class.
    pub k_achieved: u64,
    /// Records in classes smaller than `k_required`.
    pub records_below_k: u64,
    pub classes_below_k: u64,
    pub l_required: u64,
    /// Each sensitive column → its smallest number of distinct values in a class.
    #[serde(serialize_with = "sorted")]
    pub l_achieved: HashMap<String, u64>,
    /// Each sensitive column → its smallest entropy ℓ: exp of the smallest
    /// Shannon entropy (natural log) of its values in a class.
    #[serde(serialize_with = "sorted")]
    pub l_entropy: HashMap<String, f64>,
    /// Each direct column → how many of its values hold an identifier the
    /// detectors find unmasked.
    #[serde(serialize_with = "sorted")]
    pub direct_unmasked: HashMap<String, u64>,
    /// When k is not reached: the quasi-identifier whose full generalization
    /// (removal) raises the smallest class the most. A column name.
    pub suggestion: Option<String>,
    /// When k is not reached: the minimal combinations of quasi-identifiers
    /// whose values alone already make classes smaller than k (a combination
    /// is listed only if none of its parts is), by size, then in the order
    /// the options name the quasi-identifiers. Column names and counts only.
    /// Empty when k is reached.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub risky_combinations: Vec<QuasiCombination>,
    /// `risky_combinations` lists every minimal combination. False only when
    /// the search was capped: with more than 12 quasi-identifiers only
    /// combinations of at most 3 are searched, and a larger one may be
    /// missing.
    #[cfg_attr(feature = "uniffi", uniffi(default = true))]
    #[serde(default = "complete")]
    pub combinations_complete: bool,
    /// When k is not reached: the one quasi-identifier whose values are
    /// dates, ages or addresses and the masking rules' generalization level
    /// (`generalize` `to`: `year_month`, `year`, `age_band` with a width,
    /// `county`, `city`, `province`) that reaches k with the least
    /// generalization, or, when no single one does, the one that raises the
    /// smallest class the most. `None` when no quasi-identifier has such
    /// values. Column names and levels only.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    #[serde(default)]
    pub generalization: Option<GeneralizationHint>,
    /// Every direct column shows no unmasked identifier (true when none is
    /// declared). Still personal information (PIPL Art. 73).
    pub deidentified: bool,
    /// `k_achieved >= k_required` (GB/T 42460-2023 k-anonymity model).
    pub k_anonymous: bool,
    /// Every sensitive column's distinct ℓ is at least `l_required` (true when none is declared).
    pub l_diverse: bool,
    /// All three properties hold.
    pub passed: bool,
}

fn complete() -> bool {
    true
}

/// A generalization that the masking rules can apply (`generalize` with
/// `to` and, for age bands, `width`), and what it would give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct GeneralizationHint {
    /// The quasi-identifier to generalize.
    pub column: String,
    /// The level, as the `generalize` rule names it.
    pub to: super::rule::GeneralizeTo,
    /// For `age_band`: the band's width in years.
    pub width: Option<u32>,
    /// The smallest class once generalized (all else as received).
    pub k_after: u64,
    /// Records in classes below k once generalized.
    pub records_below_k_after: u64,
    /// `k_after` reaches the required k.
    pub reaches_k: bool,
}

/// The generalization levels tried on a column, finest first: dates to
/// `year_month` then `year`; ages to 5-, 10- and 20-year bands; addresses
/// to county, city, province — as masking rules, so that the hint is
/// exactly what `generalize` with that level would produce.
fn levels() -> [Rule; 8] {
    [
        Rule::Date(DateLevel::YearMonth),
        Rule::Date(DateLevel::Year),
        Rule::Age(5),
        Rule::Age(10),
        Rule::Age(20),
        Rule::Address(AddrLevel::County),
        Rule::Address(AddrLevel::City),
        Rule::Address(AddrLevel::Province),
    ]
}

/// `value` generalized by `rule` (one of [`levels`]), or `None` when it is
/// not a value of that kind (then the column is not of that kind). Ages are
/// whole years up to 150: a column of small codes (1–7) still reads as
/// ages; the hint names a level, the assessor decides.
fn generalized(value: &str, rule: &Rule) -> Option<String> {
    if let Rule::Age(_) = rule {
        if !value.trim().trim_end_matches('岁').parse::<u32>().is_ok_and(|a| a <= 150) {
            return None;
        }
    }
    match apply_rule(rule, value, '*', &[]) {
        Applied::Value(v) => Some(v),
        Applied::NotApplicable(_) => None,
    }
}

/// A combination of quasi-identifiers whose projection alone has classes
/// smaller than k (GB/T 42460-2023 k-anonymity over these columns only):
/// whoever knows these attributes of a person can already single out a
/// group smaller than k. Column names and counts, never a value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct QuasiCombination {
    /// The quasi-identifiers, in the order the options name them.
    pub columns: Vec<String>,
    /// Classes of the projection on these columns smaller than k.
    pub classes_below_k: u64,
    /// Records in those classes.
    pub records_below_k: u64,
}

/// Checks a whole input at once.
pub fn check_deid(format: DataFormat, data: &[u8], options: &DeidOptions) -> Result<DeidReport> {
    let mut c = DeidChecker::new(format, options)?;
    // In slices, as a stream: the reader copies what it is given, and a
    // slice at a time it never holds a second copy of the whole input.
    for chunk in data.chunks(ONE_SHOT_CHUNK) {
        c.push(chunk)?;
    }
    c.finish()
}

/// The slices [`check_deid`] feeds its input in.
const ONE_SHOT_CHUNK: usize = 1 << 20;

// ----------------------------------------------------------------- columns

/// Where a named column is used.
#[derive(Debug, Clone, Default)]
struct Column {
    name: String,
    quasi: Option<usize>,
    sensitive: Option<usize>,
    direct: Option<usize>,
    /// Seen in the data (CSV header, or a member of some JSON record).
    present: bool,
}

impl Column {
    fn role(&self) -> &'static str {
        if self.quasi.is_some() {
            "quasi"
        } else if self.sensitive.is_some() {
            "sensitive"
        } else {
            "direct"
        }
    }

    /// Its values are counted (numbered as ids): a quasi-identifier or a
    /// sensitive column.
    fn counted(&self) -> bool {
        self.quasi.is_some() || self.sensitive.is_some()
    }
}

/// One column's value in the record being read.
#[derive(Debug, Default, Clone, Copy)]
struct Slot {
    seen: bool,
    /// The value's id in its column's [`Interner`] (0: the null value).
    id: u32,
    /// The detectors found an unmasked identifier in it (direct columns).
    unmasked: bool,
}

impl Slot {
    /// The id as counted: a column absent from the record is the null value.
    fn value(&self) -> u32 {
        if self.seen {
            self.id
        } else {
            0
        }
    }
}

/// One column's distinct values numbered as they first appear, from 1; 0
/// is the null value (JSON null, a missing member, empty or blank text).
/// Its memory is bounded by the column's distinct values, which never
/// exceed the classes (or, for a sensitive column, the class and value
/// pairs) counted.
#[derive(Debug, Default)]
struct Interner {
    ids: hashbrown::HashMap<Box<str>, u32, DefaultHashBuilder>,
}

impl Interner {
    /// The id of `text` as compared (already trimmed); `None` past
    /// `u32::MAX` distinct values.
    fn id(&mut self, text: &str) -> Option<u32> {
        if text.is_empty() {
            return Some(0);
        }
        if let Some(&id) = self.ids.get(text) {
            return Some(id);
        }
        let id = u32::try_from(self.ids.len()).ok()?.checked_add(1)?;
        self.ids.insert(text.into(), id);
        Some(id)
    }

    /// How many ids are in use, the null value's included.
    fn radix(&self) -> u64 {
        self.ids.len() as u64 + 1
    }

    /// Each id's text (index 0, the null value, is empty).
    fn texts(&self) -> Vec<&str> {
        let mut v = vec![""; self.ids.len() + 1];
        for (t, &id) in &self.ids {
            if let Some(slot) = v.get_mut(id as usize) {
                *slot = t;
            }
        }
        v
    }
}

/// The count of each (class, sensitive column, value) seen, in one
/// open-addressing table: the key holds the group (class × sensitive
/// columns + the column's position) in its high 32 bits and the value's id
/// in its low 32 bits. One bucket read a sensitive value.
#[derive(Debug)]
struct PairCounts {
    table: HashTable<(u64, u64)>,
    hasher: IdHasher,
}

/// The most groups (classes × sensitive columns) the pair keys can hold.
const MAX_GROUPS: u64 = 1 << 32;

impl PairCounts {
    fn new() -> PairCounts {
        PairCounts { table: HashTable::new(), hasher: IdHasher::new() }
    }

    /// Counts value `id` in `group` (below [`MAX_GROUPS`]).
    fn add(&mut self, group: usize, id: u32) {
        let key = ((group as u64) << 32) | u64::from(id);
        let h = self.hasher;
        match self.table.entry(
            h.hash_packed(u128::from(key)),
            |e| e.0 == key,
            |e| h.hash_packed(u128::from(e.0)),
        ) {
            Entry::Occupied(mut e) => e.get_mut().1 += 1,
            Entry::Vacant(e) => {
                e.insert((key, 1));
            }
        }
    }

    /// Calls `f` with each of the `groups` groups and its counts in
    /// ascending order (empty for a group never counted).
    fn each_group(&self, groups: usize, mut f: impl FnMut(usize, &[u64])) {
        let group = |key: u64| usize::try_from(key >> 32).unwrap_or(usize::MAX);
        // Bucket the counts by group: sizes, offsets, then one scatter.
        let mut start = vec![0usize; groups + 1];
        for e in self.table.iter() {
            if let Some(n) = start.get_mut(group(e.0).saturating_add(1)) {
                *n += 1;
            }
        }
        for g in 0..groups {
            let before = start.get(g).copied().unwrap_or(0);
            if let Some(n) = start.get_mut(g + 1) {
                *n += before;
            }
        }
        let mut next = start.clone();
        let mut flat = vec![0u64; self.table.len()];
        for e in self.table.iter() {
            if let Some(at) = next.get_mut(group(e.0)) {
                if let Some(slot) = flat.get_mut(*at) {
                    *slot = e.1;
                }
                *at += 1;
            }
        }
        for g in 0..groups {
            let (a, b) = (start.get(g).copied().unwrap_or(0), start.get(g + 1).copied().unwrap_or(0));
            if let Some(counts) = flat.get_mut(a..b) {
                counts.sort_unstable();
                f(g, counts);
            }
        }
    }
}

/// The equivalence classes: each one's quasi-identifier ids (`width` of
/// them, in one flat array) and size, found through an open-addressing
/// table. Class numbers follow first appearance.
#[derive(Debug)]
struct ClassTable {
    width: usize,
    keys: Vec<u32>,
    sizes: Vec<u64>,
    index: ClassIndex,
    hasher: IdHasher,
}

/// The table finding a class from its ids.
#[derive(Debug)]
enum ClassIndex {
    /// While every id fits in `bits` bits, the ids packed into one `u128`,
    /// kept beside the class number: a lookup reads one bucket.
    Packed { bits: u32, table: HashTable<(u128, usize)> },
    /// Class numbers, compared through the flat key array.
    Wide(HashTable<usize>),
}

/// The ids of class `c` in a flat key array of `width` ids per class.
fn key_of(keys: &[u32], width: usize, c: usize) -> &[u32] {
    keys.get(c * width..(c + 1) * width).unwrap_or(&[])
}

/// Equal id tuples (compared in line: these are a few ids, where a call to
/// `memcmp` costs more than the comparison).
fn same(a: &[u32], b: &[u32]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// The ids packed `bits` bits apiece, if each fits.
fn pack(ids: &[u32], bits: u32) -> Option<u128> {
    let mut p = 0u128;
    for &x in ids {
        if bits < 32 && x >> bits != 0 {
            return None;
        }
        p = (p << bits) | u128::from(x);
    }
    Some(p)
}

const K: u64 = 0x9e37_79b9_7f4a_7c15;

/// foldhash's folded multiply: 64 × 64 → 128 bits, halves xored.
fn fold(a: u64, b: u64) -> u64 {
    let p = u128::from(a) * u128::from(b);
    (p as u64) ^ ((p >> 64) as u64)
}

/// A hash of an id tuple: each id folded in by a folded multiply, from a
/// seed drawn once per table from the process's random hasher state, so
/// crafted data cannot aim at collisions it cannot know.
#[derive(Debug, Clone, Copy)]
struct IdHasher {
    seed: u64,
}

impl IdHasher {
    fn new() -> IdHasher {
        IdHasher { seed: DefaultHashBuilder::default().hash_one(0x6465_6964_u64) | 1 }
    }

    fn hash(&self, ids: &[u32]) -> u64 {
        let mut h = self.seed;
        for &x in ids {
            h = fold(h ^ u64::from(x), K);
        }
        fold(h, self.seed ^ K)
    }

    fn hash_packed(&self, p: u128) -> u64 {
        fold(fold(self.seed ^ (p as u64), K) ^ ((p >> 64) as u64), self.seed ^ K)
    }
}

impl ClassTable {
    fn new(width: usize) -> ClassTable {
        // At most 64 bits an id (a u32 always fits); none when the ids
        // cannot have a bit each.
        let bits = u32::try_from(128 / width.max(1)).unwrap_or(0).min(64);
        let index = if bits == 0 {
            ClassIndex::Wide(HashTable::new())
        } else {
            ClassIndex::Packed { bits, table: HashTable::new() }
        };
        ClassTable { width, keys: Vec::new(), sizes: Vec::new(), index, hasher: IdHasher::new() }
    }

    fn len(&self) -> usize {
        self.sizes.len()
    }

    fn key(&self, c: usize) -> &[u32] {
        key_of(&self.keys, self.width, c)
    }

    /// A new class of `key`; its number.
    fn push(&mut self, key: &[u32]) -> usize {
        self.keys.extend_from_slice(key);
        self.sizes.push(0);
        self.sizes.len() - 1
    }

    /// The number of the class of `key` (`width` ids) and whether it is new.
    fn find_or_insert(&mut self, key: &[u32]) -> (usize, bool) {
        let hasher = self.hasher;
        if let ClassIndex::Packed { bits, table } = &mut self.index {
            if let Some(p) = pack(key, *bits) {
                let entry = table.entry(hasher.hash_packed(p), |e| e.0 == p, |e| hasher.hash_packed(e.0));
                return match entry {
                    Entry::Occupied(e) => (e.get().1, false),
                    Entry::Vacant(e) => {
                        let c = self.sizes.len();
                        e.insert((p, c));
                        (self.push(key), true)
                    }
                };
            }
            // An id too large to pack: index the classes by their key array.
            let (keys, w) = (&self.keys, self.width);
            let mut wide = HashTable::with_capacity(self.sizes.len());
            for c in 0..self.sizes.len() {
                wide.insert_unique(hasher.hash(key_of(keys, w, c)), c, |&c| hasher.hash(key_of(keys, w, c)));
            }
            self.index = ClassIndex::Wide(wide);
        }
        let ClassTable { width, keys, index, .. } = self;
        let w = *width;
        let ClassIndex::Wide(table) = index else { return (0, false) };
        let entry = table.entry(
            hasher.hash(key),
            |&c| same(key_of(keys, w, c), key),
            |&c| hasher.hash(key_of(keys, w, c)),
        );
        match entry {
            Entry::Occupied(e) => (*e.get(), false),
            Entry::Vacant(e) => {
                e.insert(self.sizes.len());
                (self.push(key), true)
            }
        }
    }

    /// The sizes of the classes of the projection on the quasi-identifiers
    /// at `cols` (positions in the quasi list), into `out`, in no particular
    /// order. `radix` is each quasi-identifier's number of ids: when their
    /// product over `cols` is small, the classes are counted in a dense array.
    fn project(&self, cols: &[usize], radix: &[u64], out: &mut Vec<u64>) {
        self.project_mapped(cols, radix, None, out);
    }

    /// [`Self::project`] with the ids of one quasi-identifier replaced
    /// through `remap` (position, new id of each id); `radix` holds that
    /// column's new number of ids.
    fn project_mapped(
        &self,
        cols: &[usize],
        radix: &[u64],
        remap: Option<(usize, &[u32])>,
        out: &mut Vec<u64>,
    ) {
        let id = |q: usize, key: &[u32]| -> u32 {
            let v = key.get(q).copied().unwrap_or(0);
            match remap {
                Some((at, map)) if at == q => map.get(v as usize).copied().unwrap_or(0),
                _ => v,
            }
        };
        out.clear();
        let cells = cols.iter().try_fold(1u64, |p, &q| p.checked_mul(*radix.get(q)?));
        let limit = (2 * self.len() as u64).clamp(1 << 12, 1 << 24);
        if let Some(cells) = cells.filter(|&n| n <= limit) {
            let mut dense = vec![0u64; usize::try_from(cells).unwrap_or(0)];
            for (c, &size) in self.sizes.iter().enumerate() {
                let key = self.key(c);
                let mut i = 0u64;
                for &q in cols {
                    i = i * radix.get(q).copied().unwrap_or(1) + u64::from(id(q, key));
                }
                if let Some(n) = usize::try_from(i).ok().and_then(|i| dense.get_mut(i)) {
                    *n += size;
                }
            }
            out.extend(dense.into_iter().filter(|&n| n > 0));
            return;
        }
        let w = cols.len();
        let mut keys: Vec<u32> = Vec::new();
        let mut index: HashTable<usize> = HashTable::new();
        let mut part: Vec<u32> = Vec::with_capacity(w);
        for (c, &size) in self.sizes.iter().enumerate() {
            let key = self.key(c);
            part.clear();
            part.extend(cols.iter().map(|&q| id(q, key)));
            let hash = self.hasher.hash(&part);
            let entry = index.entry(
                hash,
                |&j| same(key_of(&keys, w, j), &part),
                |&j| self.hasher.hash(key_of(&keys, w, j)),
            );
            match entry {
                Entry::Occupied(e) => {
                    if let Some(n) = out.get_mut(*e.get()) {
                        *n += size;
                    }
                }
                Entry::Vacant(e) => {
                    e.insert(out.len());
                    keys.extend_from_slice(&part);
                    out.push(size);
                }
            }
        }
    }
}

/// Shannon entropy (natural log) of a distribution given by its counts in
/// ascending order, so the result never depends on record order.
fn entropy(sorted: &[u64]) -> f64 {
    let n: u64 = sorted.iter().sum();
    if n == 0 {
        return 0.0;
    }
    let n = n as f64;
    -sorted.iter().map(|&v| (v as f64 / n) * (v as f64 / n).ln()).sum::<f64>()
}

/// With at most this many quasi-identifiers every combination is searched
/// for `risky_combinations` (at most 4095); with more, only combinations of
/// at most [`CAPPED_SIZE`].
const FULL_SEARCH_MAX: usize = 12;
const CAPPED_SIZE: usize = 3;
/// Combinations past the cap looked at to tell whether the list is complete.
const CAPPED_LOOKS: u64 = 1 << 20;

/// The next combination of `c.len()` positions out of `n`, in lexicographic
/// order; false after the last.
fn next_combination(c: &mut [usize], n: usize) -> bool {
    let k = c.len();
    for i in (0..k).rev() {
        let Some(max) = (n + i).checked_sub(k) else { return false };
        if c.get(i).is_some_and(|&v| v < max) {
            let first = c.get(i).map_or(0, |&v| v + 1);
            for (next, v) in (first..).zip(c.iter_mut().skip(i)) {
                *v = next;
            }
            return true;
        }
    }
    false
}

// ----------------------------------------------------------------- checker

/// The de-identification check over records pushed in chunks (bounded
/// memory: one counter per equivalence class).
#[derive(Debug)]
pub struct DeidChecker {
    format: DataFormat,
    k: u64,
    l: u64,
    reader: RecordReader,
    walker: JsonWalker,
    cells: Vec<Cell>,
    columns: Vec<Column>,
    by_name: HashMap<String, usize>,
    /// Column of each quasi / sensitive / direct position.
    quasi: Vec<usize>,
    sensitive: Vec<usize>,
    direct: Vec<usize>,
    /// CSV: the column of each header cell; `None` until the header is read.
    header: Option<Vec<Option<usize>>>,
    slots: Vec<Slot>,
    /// Each column's value ids (empty for a direct-only column).
    interners: Vec<Interner>,
    classes: ClassTable,
    /// Per class and sensitive position: the counts of its values.
    counts: PairCounts,
    direct_unmasked: Vec<u64>,
    records: u64,
    /// Bytes of the input before the current piece (positions of errors).
    consumed: u64,
    key: Vec<u32>,
    scratch: Scratch,
    dets: Vec<Detection>,
    /// The first error: every later call returns it again.
    failed: Option<Error>,
    /// A workbook's bytes, gathered until `finish` (then read as CSV).
    workbook: Option<WorkbookInput>,
}

fn invalid(name: &str, detail: impl Into<String>) -> Error {
    Error::InvalidArgument { name: name.to_owned(), detail: detail.into() }
}

impl DeidChecker {
    /// A checker of data in `format`; the options are checked here
    /// (`invalid_argument`: no quasi-identifier, an empty or repeated column
    /// name, a column both quasi-identifier and sensitive, k or ℓ of 0).
    pub fn new(format: DataFormat, options: &DeidOptions) -> Result<DeidChecker> {
        if options.quasi.is_empty() {
            return Err(invalid("quasi", "name at least one quasi-identifier column"));
        }
        if options.k == 0 {
            return Err(invalid("k", "must be at least 1"));
        }
        if options.l == 0 {
            return Err(invalid("l", "must be at least 1"));
        }
        let mut columns: Vec<Column> = Vec::new();
        let mut by_name: HashMap<String, usize> = HashMap::new();
        let mut lists: [Vec<usize>; 3] = Default::default();
        for (role, names) in
            [("quasi", &options.quasi), ("sensitive", &options.sensitive), ("direct", &options.direct)]
        {
            for name in names.iter() {
                if name.trim().is_empty() {
                    return Err(invalid(role, "a column name is empty"));
                }
                let at = match by_name.get(name.as_str()) {
                    Some(&at) => at,
                    None => {
                        columns.push(Column { name: name.clone(), ..Column::default() });
                        by_name.insert(name.clone(), columns.len() - 1);
                        columns.len() - 1
                    }
                };
                let Some(col) = columns.get_mut(at) else { continue };
                let (list, slot) = match role {
                    "quasi" => (&mut lists[0], &mut col.quasi),
                    "sensitive" => (&mut lists[1], &mut col.sensitive),
                    _ => (&mut lists[2], &mut col.direct),
                };
                if slot.is_some() {
                    return Err(invalid(role, format!("column {name:?} is named twice")));
                }
                *slot = Some(list.len());
                list.push(at);
                if col.quasi.is_some() && col.sensitive.is_some() {
                    return Err(invalid(
                        "sensitive",
                        format!("column {name:?} is also a quasi-identifier; a column is one or the other"),
                    ));
                }
            }
        }
        let [quasi, sensitive, direct] = lists;
        let n = columns.len();
        let workbook = WorkbookInput::new(format, options.sheet.as_deref(), MAX_RECORD_BYTES);
        let format = if workbook.is_some() { DataFormat::Csv } else { format };
        Ok(DeidChecker {
            format,
            k: options.k,
            l: options.l,
            reader: RecordReader::new(format, MAX_RECORD_BYTES),
            walker: JsonWalker::default(),
            cells: Vec::new(),
            columns,
            by_name,
            direct_unmasked: vec![0; direct.len()],
            classes: ClassTable::new(quasi.len()),
            key: Vec::with_capacity(quasi.len()),
            quasi,
            sensitive,
            direct,
            header: None,
            slots: vec![Slot::default(); n],
            interners: (0..n).map(|_| Interner::default()).collect(),
            counts: PairCounts::new(),
            records: 0,
            consumed: 0,
            scratch: Scratch::default(),
            dets: Vec::new(),
            failed: None,
            workbook,
        })
    }

    /// Feeds the next chunk of the input.
    pub fn push(&mut self, chunk: &[u8]) -> Result<()> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        if let Some(w) = &mut self.workbook {
            let r = w.push(chunk);
            return self.fail(r);
        }
        self.reader.push(chunk);
        let r = self.drain(false);
        self.fail(r)
    }

    /// Records the first error, so that every later call returns it.
    fn fail<T>(&mut self, r: Result<T>) -> Result<T> {
        if let Err(e) = &r {
            self.failed = Some(e.clone());
        }
        r
    }

    fn drain(&mut self, eof: bool) -> Result<()> {
        while let Some(p) = self.reader.next_piece(eof)? {
            let start = self.consumed;
            self.consumed += (p.end - p.start) as u64;
            if p.kind == PieceKind::Gap {
                continue;
            }
            // The record is copied out of the reader only when it must be:
            // the reader's buffer is borrowed while the record is read.
            let bytes = std::mem::take(&mut self.reader.buf);
            let r = self.record(bytes.get(p.start..p.end).unwrap_or(&[]), p.line, start);
            self.reader.buf = bytes;
            r?;
        }
        self.reader.compact();
        Ok(())
    }

    /// One record (or the CSV header) at 1-based `line`, starting at byte `start` of the input.
    fn record(&mut self, bytes: &[u8], line: u64, start: u64) -> Result<()> {
        let text = utf8(bytes).map_err(|valid| Error::NotUtf8 { offset: start + valid as u64 })?;
        if self.format == DataFormat::Csv {
            return self.csv_row(text, line);
        }
        if !text.trim_start().starts_with('{') {
            return Err(Error::InvalidValue {
                location: Location::at(None, line, 1),
                detail: "a record is not a JSON object".into(),
            });
        }
        for s in &mut self.slots {
            *s = Slot::default();
        }
        let mut first: Option<Error> = None;
        let DeidChecker { walker, by_name, slots, columns, interners, scratch, dets, .. } = &mut *self;
        let mut values = Values { slots, columns, interners, scratch, dets };
        let walked = walker.walk(text, &mut |leaf: &Leaf<'_>| {
            if first.is_some() {
                return;
            }
            let Some(&at) = by_name.get(leaf.path) else { return };
            if let Err(e) = values.json(leaf, text, at, line) {
                first = Some(e);
            }
        });
        if let Err(detail) = walked {
            return Err(Error::Json { location: Location::at(None, line, 1), detail: detail.to_owned() });
        }
        if let Some(e) = first {
            return Err(e);
        }
        self.count(line)
    }

    fn csv_row(&mut self, text: &str, line: u64) -> Result<()> {
        let DeidChecker { cells, slots, columns, interners, scratch, dets, header, by_name, .. } = &mut *self;
        parse_csv_row(text, cells);
        if header.is_none() {
            let mut map = Vec::with_capacity(cells.len());
            for c in cells.iter() {
                let at = by_name.get(c.value(text).trim()).copied();
                if let Some(col) = at.and_then(|a| columns.get_mut(a)) {
                    if col.present {
                        return Err(Error::CsvMalformed {
                            line,
                            detail: format!("column {:?} appears twice in the header", col.name),
                        });
                    }
                    col.present = true;
                }
                map.push(at);
            }
            if let Some(col) = columns.iter().find(|c| !c.present) {
                return Err(missing(col));
            }
            *header = Some(map);
            return Ok(());
        }
        let Some(header) = header.as_ref() else { return Ok(()) };
        if cells.len() != header.len() {
            return Err(Error::CsvMalformed {
                line,
                detail: format!("{} cells, the header has {}", cells.len(), header.len()),
            });
        }
        let mut values = Values { slots, columns, interners, scratch, dets };
        for (cell, &at) in cells.iter().zip(header.iter()) {
            let Some(at) = at else { continue };
            let value = cell.value(text);
            values.set(at, value.trim(), line, None)?;
            let direct = values.columns.get(at).is_some_and(|c| c.direct.is_some());
            if let Some(slot) = values.slots.get_mut(at) {
                slot.unmasked = direct && unmasked(value, values.scratch, values.dets);
            }
        }
        self.count(line)
    }

    /// Adds the record just read to its class.
    fn count(&mut self, line: u64) -> Result<()> {
        self.records += 1;
        let DeidChecker { quasi, sensitive, direct, slots, classes, counts, direct_unmasked, key, .. } = self;
        key.clear();
        key.extend(quasi.iter().map(|&q| slots.get(q).map_or(0, Slot::value)));
        let (class, _) = classes.find_or_insert(key);
        if let Some(n) = classes.sizes.get_mut(class) {
            *n += 1;
        }
        let ns = sensitive.len();
        if ns > 0 && (classes.len() as u64).saturating_mul(ns as u64) > MAX_GROUPS {
            return Err(Error::InvalidValue {
                location: Location::at(None, line, 1),
                detail: format!("more than {} equivalence classes", MAX_GROUPS / ns as u64),
            });
        }
        for (i, &s) in sensitive.iter().enumerate() {
            counts.add(class * ns + i, slots.get(s).map_or(0, Slot::value));
        }
        for (n, &d) in direct_unmasked.iter_mut().zip(direct.iter()) {
            if slots.get(d).is_some_and(|s| s.seen && s.unmasked) {
                *n += 1;
            }
        }
        Ok(())
    }

    /// Ends the input; returns the report.
    ///
    /// Errors: `deid_empty_dataset` when there is no record,
    /// `deid_column_missing` when a named column is in no record.
    pub fn finish(mut self) -> Result<DeidReport> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        let sheet = sheet::read_into(&mut self.workbook, &mut self.reader)?;
        self.drain(true).map_err(|e| sheet::relocate(sheet.as_ref(), e))?;
        if self.records == 0 {
            return Err(Error::DeidEmptyDataset);
        }
        if let Some(col) = self.columns.iter().find(|c| !c.present) {
            return Err(missing(col));
        }
        let k = self.k;
        let mut k_achieved = u64::MAX;
        let (mut records_below_k, mut classes_below_k) = (0u64, 0u64);
        for &size in &self.classes.sizes {
            k_achieved = k_achieved.min(size);
            if size < k {
                records_below_k += size;
                classes_below_k += 1;
            }
        }
        let ns = self.sensitive.len();
        let mut l_min = vec![u64::MAX; ns];
        let mut h_min = vec![f64::INFINITY; ns];
        if ns > 0 {
            self.counts.each_group(self.classes.len() * ns, |g, counts| {
                let i = g % ns;
                if let (Some(l), Some(h)) = (l_min.get_mut(i), h_min.get_mut(i)) {
                    *l = (*l).min(counts.len() as u64);
                    *h = h.min(entropy(counts));
                }
            });
        }
        let name = |at: usize| self.columns.get(at).map_or_else(String::new, |c| c.name.clone());
        let l_achieved: HashMap<String, u64> =
            self.sensitive.iter().zip(&l_min).map(|(&s, &l)| (name(s), l)).collect();
        let l_entropy: HashMap<String, f64> =
            self.sensitive.iter().zip(&h_min).map(|(&s, &h)| (name(s), h.exp())).collect();
        let direct_unmasked: HashMap<String, u64> =
            self.direct.iter().zip(&self.direct_unmasked).map(|(&d, &n)| (name(d), n)).collect();
        let deidentified = direct_unmasked.values().all(|&n| n == 0);
        let k_anonymous = k_achieved >= k;
        let l_diverse = l_achieved.values().all(|&l| l >= self.l);
        let radix: Vec<u64> =
            self.quasi.iter().map(|&q| self.interners.get(q).map_or(1, Interner::radix)).collect();
        let (suggestion, risky, combinations_complete) = if k_anonymous {
            (None, Vec::new(), true)
        } else {
            let (risky, complete) = self.risky(&radix);
            (self.suggest(k_achieved, &radix).map(|q| name(self.quasi[q])), risky, complete)
        };
        let generalization = if k_anonymous {
            None
        } else {
            self.generalization(&radix).and_then(|(q, rule, k_after, below)| {
                let spec = rule.to_spec();
                Some(GeneralizationHint {
                    column: name(self.quasi[q]),
                    to: spec.to?,
                    width: spec.width,
                    k_after,
                    records_below_k_after: below,
                    reaches_k: k_after >= k,
                })
            })
        };
        let risky_combinations = risky
            .into_iter()
            .map(|(cols, classes_below_k, records_below_k)| QuasiCombination {
                columns: cols.iter().map(|&q| name(self.quasi[q])).collect(),
                classes_below_k,
                records_below_k,
            })
            .collect();
        Ok(DeidReport {
            records: self.records,
            classes: self.classes.len() as u64,
            k_required: k,
            k_achieved,
            records_below_k,
            classes_below_k,
            l_required: self.l,
            l_achieved,
            l_entropy,
            direct_unmasked,
            suggestion,
            risky_combinations,
            combinations_complete,
            generalization,
            deidentified,
            k_anonymous,
            l_diverse,
            passed: deidentified && k_anonymous && l_diverse,
        })
    }

    /// The quasi-identifier (its position) whose removal raises the smallest
    /// class the most, if any raises it; ties go to the one leaving fewer
    /// records below k, then to the first named.
    fn suggest(&self, k_achieved: u64, radix: &[u64]) -> Option<usize> {
        let n = self.quasi.len();
        let mut best: Option<(usize, u64, u64)> = None;
        let mut sizes = Vec::new();
        let mut cols = Vec::with_capacity(n);
        for q in 0..n {
            cols.clear();
            cols.extend((0..n).filter(|&i| i != q));
            self.classes.project(&cols, radix, &mut sizes);
            let min = sizes.iter().copied().min().unwrap_or(0);
            let below: u64 = sizes.iter().filter(|&&n| n < self.k).sum();
            let better = match best {
                None => true,
                Some((_, bmin, bbelow)) => min > bmin || (min == bmin && below < bbelow),
            };
            if better {
                best = Some((q, min, below));
            }
        }
        best.filter(|&(_, min, _)| min > k_achieved).map(|(q, _, _)| q)
    }

    /// The generalization hint (see [`DeidReport::generalization`]): for
    /// each quasi-identifier whose every non-null value is of a kind, each
    /// level from the finest; the first level reaching k is that column's
    /// candidate. Among columns: one reaching k with the smallest `k_after`
    /// (the least generalization), ties to the first named; when none
    /// reaches k, the largest `k_after`, then fewer records below k.
    fn generalization(&self, radix: &[u64]) -> Option<(usize, Rule, u64, u64)> {
        let n = self.quasi.len();
        let all: Vec<usize> = (0..n).collect();
        let mut best: Option<(usize, Rule, u64, u64)> = None;
        let mut sizes = Vec::new();
        for q in 0..n {
            let Some(interner) = self.quasi.get(q).and_then(|&c| self.interners.get(c)) else { continue };
            let texts = interner.texts();
            if texts.len() <= 1 {
                continue;
            }
            for rule in levels() {
                // Every non-null value must be of the level's kind.
                let mut new_ids: HashMap<String, u32> = HashMap::new();
                let mut map = vec![0u32; texts.len()];
                let mut fits = true;
                for (id, t) in texts.iter().enumerate().skip(1) {
                    let Some(g) = generalized(t, &rule) else {
                        fits = false;
                        break;
                    };
                    let next = new_ids.len() as u32 + 1;
                    let gid = *new_ids.entry(g).or_insert(next);
                    if let Some(m) = map.get_mut(id) {
                        *m = gid;
                    }
                }
                // A level that merges nothing is no generalization.
                if !fits || new_ids.len() + 1 >= texts.len() {
                    continue;
                }
                let mut r = radix.to_vec();
                if let Some(x) = r.get_mut(q) {
                    *x = new_ids.len() as u64 + 1;
                }
                self.classes.project_mapped(&all, &r, Some((q, &map)), &mut sizes);
                let min = sizes.iter().copied().min().unwrap_or(0);
                let below: u64 = sizes.iter().filter(|&&s| s < self.k).sum();
                let better = match best {
                    None => true,
                    Some((_, _, bmin, bbelow)) => {
                        let (reach, breach) = (min >= self.k, bmin >= self.k);
                        match (reach, breach) {
                            (true, false) => true,
                            (false, true) => false,
                            (true, true) => min < bmin,
                            (false, false) => min > bmin || (min == bmin && below < bbelow),
                        }
                    }
                };
                if better {
                    best = Some((q, rule, min, below));
                }
                if min >= self.k {
                    break; // the finest level reaching k is this column's candidate
                }
            }
        }
        best
    }

    /// The minimal combinations of quasi-identifiers (positions, ascending)
    /// whose projection has classes below k, with the classes and records
    /// below k; by size, then lexicographically. Being below k is inherited
    /// by every larger combination (its classes split the smaller one's), so
    /// a combination containing a listed one is not looked at. With more
    /// than [`FULL_SEARCH_MAX`] quasi-identifiers the search stops past
    /// combinations of [`CAPPED_SIZE`]; the flag is false when a larger
    /// combination not containing a listed one exists (it might be missing).
    #[allow(clippy::type_complexity)]
    fn risky(&self, radix: &[u64]) -> (Vec<(Vec<usize>, u64, u64)>, bool) {
        let n = self.quasi.len();
        let max = if n <= FULL_SEARCH_MAX { n } else { CAPPED_SIZE };
        let mut listed: Vec<(Vec<usize>, u64, u64)> = Vec::new();
        let mut sizes = Vec::new();
        for size in 1..=n {
            let mut combo: Vec<usize> = (0..size).collect();
            let mut open = false;
            let mut looks = 0u64;
            loop {
                let covered = listed.iter().any(|(l, _, _)| l.iter().all(|q| combo.contains(q)));
                if !covered {
                    if size > max {
                        return (listed, false);
                    }
                    open = true;
                    self.classes.project(&combo, radix, &mut sizes);
                    let (mut classes, mut records) = (0u64, 0u64);
                    for &s in sizes.iter().filter(|&&s| s < self.k) {
                        classes += 1;
                        records += s;
                    }
                    if classes > 0 {
                        listed.push((combo.clone(), classes, records));
                    }
                } else if size > max {
                    looks += 1;
                    if looks > CAPPED_LOOKS {
                        return (listed, false);
                    }
                }
                if !next_combination(&mut combo, n) {
                    break;
                }
            }
            if !open {
                // Every combination of this size contains a listed one, so
                // does every larger one.
                break;
            }
        }
        (listed, true)
    }
}

fn missing(col: &Column) -> Error {
    Error::DeidColumnMissing { column: col.name.clone(), role: col.role().to_owned() }
}

/// The detectors find an unmasked identifier (not a mere warning) in `text`.
fn unmasked(text: &str, scratch: &mut Scratch, dets: &mut Vec<Detection>) -> bool {
    dets.clear();
    detect_with(text, scratch, dets);
    dets.iter().any(|d| !d.reason.is_warning())
}

/// The parts of the checker a record's values are read into.
struct Values<'a> {
    slots: &'a mut [Slot],
    columns: &'a mut [Column],
    interners: &'a mut [Interner],
    scratch: &'a mut Scratch,
    dets: &'a mut Vec<Detection>,
}

impl Values<'_> {
    /// Sets column `at`'s slot to `text` as compared (already trimmed; empty
    /// text is the null value), numbered when the column is counted. `path`:
    /// the JSON member, for the location of an error.
    fn set(&mut self, at: usize, text: &str, line: u64, path: Option<&str>) -> Result<()> {
        let (Some(slot), Some(col)) = (self.slots.get_mut(at), self.columns.get(at)) else { return Ok(()) };
        slot.seen = true;
        slot.id = 0;
        if col.counted() {
            let interner = self.interners.get_mut(at);
            slot.id = interner.and_then(|i| i.id(text)).ok_or_else(|| Error::InvalidValue {
                location: Location::at(path.map(col_path), line, 1),
                detail: format!("column {:?} has more than {} distinct values", col.name, u32::MAX),
            })?;
        }
        Ok(())
    }

    /// One JSON value of column `at`: its text as compared (strings
    /// trimmed, numbers, booleans and containers in JCS form).
    fn json(&mut self, leaf: &Leaf<'_>, record: &str, at: usize, line: u64) -> Result<()> {
        let location = || Location::at(Some(col_path(leaf.path)), line, 1);
        let (Some(slot), Some(col)) = (self.slots.get(at), self.columns.get_mut(at)) else { return Ok(()) };
        if slot.seen {
            return Err(Error::DuplicateKey { location: location() });
        }
        col.present = true;
        let direct = col.direct.is_some();
        let path = Some(leaf.path);
        let unmasked_in = match leaf.kind {
            LeafKind::Null => {
                self.set(at, "", line, path)?;
                false
            }
            LeafKind::Str => {
                self.set(at, leaf.text.trim(), line, path)?;
                direct && unmasked(leaf.text, self.scratch, self.dets)
            }
            LeafKind::Bool => {
                self.set(at, leaf.text, line, path)?;
                false
            }
            LeafKind::Num => {
                let v: f64 = leaf
                    .text
                    .parse()
                    .map_err(|_| Error::Json { location: location(), detail: "bad number".into() })?;
                if !v.is_finite() {
                    return Err(Error::NumberOutOfRange { location: location() });
                }
                self.set(at, &crate::jcs::es_number_string(v), line, path)?;
                direct && unmasked(leaf.text, self.scratch, self.dets)
            }
            LeafKind::Object | LeafKind::Array => {
                let raw = record.get(leaf.start..leaf.end).unwrap_or("");
                let canonical =
                    crate::jcs::canonicalize(raw.as_bytes()).map_err(|e| Error::InvalidValue {
                        location: location(),
                        detail: format!("the value is not canonical JSON ({})", e.code()),
                    })?;
                let text = String::from_utf8(canonical).map_err(|_| Error::InvalidValue {
                    location: location(),
                    detail: "the value is not canonical JSON".into(),
                })?;
                self.set(at, &text, line, path)?;
                direct && unmasked(&text, self.scratch, self.dets)
            }
        };
        if let Some(slot) = self.slots.get_mut(at) {
            slot.unmasked = unmasked_in;
        }
        Ok(())
    }
}

/// A column's path for a location: `$.name`.
fn col_path(path: &str) -> String {
    format!("$.{path}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_numbered_as_they_first_appear_and_null_is_zero() {
        let mut i = Interner::default();
        assert_eq!(i.id(""), Some(0));
        assert_eq!(i.id("a\u{0}b"), Some(1));
        assert_eq!(i.id("b"), Some(2));
        assert_eq!(i.id("a\u{0}b"), Some(1));
        assert_eq!(i.radix(), 3);
    }

    #[test]
    fn pair_counts_come_back_by_group_in_ascending_order() {
        let mut c = PairCounts::new();
        for id in 0..100u32 {
            c.add(2, id % 40);
        }
        c.add(0, 7);
        c.add(0, 7);
        let mut seen = Vec::new();
        c.each_group(3, |g, counts| seen.push((g, counts.to_vec())));
        assert_eq!(seen.len(), 3);
        assert_eq!(seen[0], (0, vec![2]));
        assert_eq!(seen[1], (1, vec![]));
        assert_eq!(seen[2].1.len(), 40);
        assert_eq!(seen[2].1.iter().sum::<u64>(), 100);
        assert!(seen[2].1.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn projections_merge_classes_dense_or_hashed() {
        let mut t = ClassTable::new(2);
        for (key, n) in [([1, 1], 3), ([1, 2], 1), ([2, 1], 2), ([0, 2], 4)] {
            let (c, new) = t.find_or_insert(&key);
            assert!(new);
            t.sizes[c] += n;
        }
        assert_eq!(t.find_or_insert(&[1, 2]), (1, false));
        for radix in [[3u64, 3], [u64::MAX / 2, u64::MAX / 2]] {
            let mut out = Vec::new();
            t.project(&[0], &radix, &mut out);
            out.sort_unstable();
            assert_eq!(out, [2, 4, 4]);
            t.project(&[1], &radix, &mut out);
            out.sort_unstable();
            assert_eq!(out, [5, 5]);
            t.project(&[], &radix, &mut out);
            assert_eq!(out, [10]);
        }
    }

    #[test]
    fn combinations_are_enumerated_in_order() {
        let mut c = vec![0, 1];
        let mut all = vec![c.clone()];
        while next_combination(&mut c, 4) {
            all.push(c.clone());
        }
        assert_eq!(all, [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]]);
        let mut none: Vec<usize> = Vec::new();
        assert!(!next_combination(&mut none, 3));
    }

    #[test]
    fn entropy_of_a_uniform_class_is_ln_of_its_size() {
        assert!((entropy(&[3, 3, 3]).exp() - 3.0).abs() < 1e-12);
    }
}
