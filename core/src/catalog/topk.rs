//! Ranking that skips: exact match sets as bitsets, and a top-k that scores
//! only the resources that can still enter the page.
//!
//! Resources are grouped in blocks of 64 consecutive numbers (one word of a
//! match bitset). For every query term, the largest contribution it makes to
//! the score of a resource in the block (its BM25 parts summed over the three
//! fields) bounds what it adds there, and the terms' bounds add up; only the
//! query's matches (after its filter) count. Blocks are visited best bound
//! first until the page is full and its worst score has risen, then the
//! blocks whose bound can still reach it in resource order (block-max
//! pruning over fixed resource-number ranges, as in block-max indexes).
//! Scores of the resources that are visited are computed exactly as before,
//! so pages do not change — only the resources that cannot enter them are no
//! longer scored.
//!
//! Terms whose postings are long ("dense" terms: at least one posting per
//! [`DENSE_SHARE`] resources) keep, derived on their first search, their
//! match bitset, their per-block maxima (two bytes per block, rounded up;
//! one byte per block for each sharing type and grade) and skips into their
//! postings; the others are decoded per query, which is cheap because they
//! are short.

use std::sync::OnceLock;

use super::engine::Catalog;
use super::index::Index;
use super::score::{part, term_score, Score, Weights};

/// Resources per block: one `u64` word of a match bitset.
pub(crate) const BLOCK: usize = 64;
/// A term is dense when its postings (all fields) number at least the
/// catalog's size divided by this: decoding them per query would dominate a
/// broad search. 32 was measured against 8 and 128 at 1M (BENCHMARKS.md):
/// lower keeps less memory and decodes more per query.
pub(crate) const DENSE_SHARE: usize = 32;
/// Dense terms are only worth keeping from this many postings on.
const DENSE_MIN: u64 = 1024;

/// A set of resource numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Bits(pub(crate) Vec<u64>);

impl Bits {
    pub(crate) fn new(n: usize, ones: bool) -> Self {
        let mut v = vec![if ones { u64::MAX } else { 0 }; n.div_ceil(64)];
        if ones && n % 64 != 0 {
            if let Some(last) = v.last_mut() {
                *last = (1u64 << (n % 64)) - 1;
            }
        }
        Bits(v)
    }
    pub(crate) fn set(&mut self, r: u32) {
        if let Some(w) = self.0.get_mut((r / 64) as usize) {
            *w |= 1 << (r % 64);
        }
    }
    pub(crate) fn and(&mut self, o: &Bits) {
        for (a, b) in self.0.iter_mut().zip(&o.0) {
            *a &= *b;
        }
    }
    pub(crate) fn or(&mut self, o: &Bits) {
        for (a, b) in self.0.iter_mut().zip(&o.0) {
            *a |= *b;
        }
    }
    pub(crate) fn get(&self, r: u32) -> bool {
        self.0.get((r / 64) as usize).is_some_and(|w| w & (1 << (r % 64)) != 0)
    }
    pub(crate) fn count(&self) -> u64 {
        self.0.iter().map(|w| u64::from(w.count_ones())).sum()
    }
    pub(crate) fn retain(&mut self, keep: &impl Fn(u32) -> bool) {
        for (i, w) in self.0.iter_mut().enumerate() {
            let mut bits = *w;
            while bits != 0 {
                let b = bits.trailing_zeros();
                if !keep(i as u32 * 64 + b) {
                    *w &= !(1u64 << b);
                }
                bits &= bits - 1;
            }
        }
    }
    pub(crate) fn for_each(&self, mut f: impl FnMut(u32)) {
        for (i, &w) in self.0.iter().enumerate() {
            for_each_in_word(i, w, &mut f);
        }
    }
}

/// Calls `f` for each resource of block `block` whose bit is set in `word`.
pub(crate) fn for_each_in_word(block: usize, mut word: u64, f: &mut impl FnMut(u32)) {
    while word != 0 {
        let b = word.trailing_zeros();
        f(block as u32 * 64 + b);
        word &= word - 1;
    }
}

/// Every this many postings of a dense term's name and abstract lists, a
/// [`Skip`] lets a block's postings be decoded without the ones before it.
const SKIP: usize = 32;

/// Where posting `SKIP * i` of a list starts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Skip {
    /// Its resource.
    doc: u32,
    /// Byte offset and the resource before it (see `Postings::resume`).
    pos: u32,
    prev: u32,
}

/// What is kept for one dense term.
#[derive(Debug, Clone)]
pub(crate) struct DenseTerm {
    /// Resources containing the term in any field.
    pub(crate) any: Bits,
    /// Per block: the largest contribution of the term to the score of a
    /// resource in it, in steps of `unit`, rounded up (0 = absent).
    max: Vec<u16>,
    /// One step of `max`: the largest contribution over the catalog
    /// divided by `STEPS_WIDE`, rounded up.
    unit: Score,
    /// One step of the per-value maxima (`STEPS_NARROW`).
    narrow_unit: Score,
    /// Skips into the name and abstract postings.
    skips: [Vec<Skip>; 2],
    /// Per-value maxima.
    by_value: ValueMaxima,
}

/// Dense-term data of one catalog, derived on a term's first use (so a
/// load costs nothing more, and only the terms searched hold memory).
#[derive(Debug, Clone, Default)]
pub(crate) struct DenseTerms {
    /// Per term: unset until first asked; then its data, or `None` when
    /// the term is not dense.
    slots: Vec<OnceLock<Option<Box<DenseTerm>>>>,
}

impl DenseTerms {
    pub(crate) fn new(terms: usize) -> DenseTerms {
        DenseTerms { slots: (0..terms).map(|_| OnceLock::new()).collect() }
    }

    /// Bytes held by the terms derived so far (for `stats`).
    pub(crate) fn bytes(&self) -> u64 {
        let per: usize = self
            .slots
            .iter()
            .filter_map(|s| s.get().and_then(Option::as_deref))
            .map(|d| {
                d.any.0.capacity() * 8
                    + d.max.capacity() * 2
                    + d.skips.iter().map(|s| s.capacity() * std::mem::size_of::<Skip>()).sum::<usize>()
                    + d.by_value.bytes()
            })
            .sum();
        (per + self.slots.capacity() * std::mem::size_of::<OnceLock<Option<Box<DenseTerm>>>>()) as u64
    }
}

/// Steps of a quantized block maximum: two bytes for a term's overall
/// maxima (within 0.002 % of its largest contribution), one byte for its
/// per-value maxima (0.4 %; they only narrow filtered queries' bounds).
const STEPS_WIDE: u16 = u16::MAX;
const STEPS_NARROW: u16 = u8::MAX as u16;

/// The step that puts values up to `scale` in at most `steps` steps.
fn unit_of(scale: Score, steps: u16) -> Score {
    scale.div_ceil(u64::from(steps)).max(1)
}

/// `value` in steps of `unit`, rounded up: `q · unit` is never below it
/// (and `q` stays within `steps` for values up to the scale `unit` is of).
fn quantize(value: Score, unit: Score, steps: u16) -> u16 {
    u16::try_from(value.div_ceil(unit.max(1))).map_or(steps, |q| q.min(steps))
}

fn dequantize(q: u16, unit: Score) -> Score {
    // q < 2¹⁶: a plain multiplication when unit < 2⁴⁸ (always, for units of
    // real scores); saturating without a 128-bit multiply otherwise.
    if unit >> 48 == 0 {
        u64::from(q) * unit
    } else {
        Score::MAX
    }
}

/// Working arrays of a term's scan, one per thread and kept between uses,
/// so a search allocates nothing catalog-sized: item frequencies per
/// resource (sized to the catalog on first use, kept zeroed: each use
/// resets only what it touched) and the lists a dense term's scan fills.
#[derive(Debug, Default)]
pub(crate) struct ItemScratch {
    tf: Vec<u16>,
    /// The resources whose `tf` is set, one bit each (kept zeroed too).
    touched: Vec<u64>,
    /// A term's item frequencies, `(resource, tf)` in resource order.
    items: Vec<(u32, u32)>,
    /// Name and abstract postings of a dense term (a light term's become
    /// its `Scan::lists`).
    fields: [Vec<(u32, u32)>; 2],
}

thread_local! {
    static SCRATCH: std::cell::RefCell<ItemScratch> = std::cell::RefCell::new(ItemScratch::default());
}

/// Runs `f` with this thread's scratch arrays.
fn with_scratch<T>(f: impl FnOnce(&mut ItemScratch) -> T) -> T {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => f(&mut scratch),
        // Only reachable re-entrantly; a fresh one is correct, only slower.
        Err(_) => f(&mut ItemScratch::default()),
    })
}

/// What a scan of one term finds.
struct Scan {
    /// Its resources (left empty when it has no words: not wanted).
    any: Bits,
    /// Per block: the largest contribution of the term to a resource's
    /// score (its weighted saturations summed over the three fields).
    max: Vec<Score>,
    /// Name and abstract `(resource, tf)`, in resource order (light terms).
    lists: Option<[Vec<(u32, u32)>; 2]>,
    /// Name and abstract skips (dense terms).
    skips: Option<[Vec<Skip>; 2]>,
}

impl Scan {
    /// A scan of a catalog of `n` resources; `dense` keeps the bitset and
    /// skips, else the name and abstract lists.
    fn new(n: usize, dense: bool) -> Scan {
        Scan {
            any: if dense { Bits::new(n, false) } else { Bits(Vec::new()) },
            max: vec![0; n.div_ceil(BLOCK)],
            lists: (!dense).then(|| [Vec::new(), Vec::new()]),
            skips: dense.then(|| [Vec::new(), Vec::new()]),
        }
    }
}

/// Takes the postings of `list` from `*at` on that are of resource `r`
/// (more than one only in forged bytes), summing their term frequencies.
#[inline(always)]
fn take_tf(list: &[(u32, u32)], at: &mut usize, r: u32) -> u64 {
    let mut tf = 0u64;
    while let Some(&(doc, f)) = list.get(*at) {
        if doc != r {
            break;
        }
        tf += u64::from(f);
        *at += 1;
    }
    tf
}

/// Decodes term `t` in every field into `scan`; `weights` are the fields'
/// BM25 weight × idf, as the score multiplies them. Each resource's whole
/// contribution goes to `sink` (which raises the block maxima it keeps),
/// once, in resource order. With `only`, the resources outside it are
/// passed over as they are decoded: a query's light terms need only the
/// resources its page can be taken from, and a multi-term query's are far
/// fewer than any one term's postings (their lengths and item ranges are
/// random reads).
///
/// The three fields' lists are each in resource order, so they are merged
/// rather than summed into a catalog-sized array: a broad query's light
/// terms touch tens of thousands of scattered resources, and one random
/// write per posting was most of this scan's time (BENCHMARKS.md, "One
/// merge per light term").
fn scan_term(
    cat: &Catalog,
    weights: Weights,
    t: usize,
    only: Option<&Bits>,
    scan: &mut Scan,
    sink: &mut dyn FnMut(&mut Vec<Score>, u32, Score),
) {
    let (store, ix, sat) = (&cat.store, &cat.index, &cat.sat);
    let Scan { any, max, lists, skips } = scan;
    let n = store.len();
    let wanted = |r: u32| only.is_none_or(|only| only.get(r));
    with_scratch(|scratch| {
        if scratch.tf.len() < n {
            scratch.tf = vec![0; n];
            scratch.touched = vec![0; n.div_ceil(64)];
        }
        let ItemScratch { tf: item_tf, touched, items, fields: dense_fields } = scratch;
        let fields = lists.as_mut().unwrap_or(dense_fields);
        for (field, list) in fields.iter_mut().enumerate() {
            list.clear();
            let mut postings = ix.field_postings_at(field, t, 0, 0);
            let mut i = 0usize;
            loop {
                let (pos, prev) = postings.mark();
                let Some((r, tf)) = postings.next() else { break };
                if i % SKIP == 0 {
                    if let Some(skips) = skips.as_mut().and_then(|s| s.get_mut(field)) {
                        skips.push(Skip { doc: r, pos, prev });
                    }
                }
                i += 1;
                if wanted(r) {
                    list.push((r, tf));
                    any.set(r);
                }
            }
        }
        // Item frequencies in resource order: one item name's postings
        // already are; several are counted per resource, and the resources
        // marked in a bitset are then read back in order.
        items.clear();
        match ix.vocab_of(t) {
            &[vid] => {
                for (r, c) in ix.item_postings(vid).filter(|&(r, _)| (r as usize) < n && wanted(r)) {
                    match items.last_mut() {
                        Some((last, tf)) if *last == r => *tf = tf.saturating_add(c),
                        _ => items.push((r, c)),
                    }
                }
            }
            vocab => {
                let (mut first, mut last) = (usize::MAX, 0);
                for &vid in vocab {
                    for (r, c) in ix.item_postings(vid).filter(|&(r, _)| (r as usize) < n && wanted(r)) {
                        if let Some(slot) = item_tf.get_mut(r as usize) {
                            *slot = slot.saturating_add(u16::try_from(c).unwrap_or(u16::MAX));
                        }
                        let w = r as usize / 64;
                        if let Some(word) = touched.get_mut(w) {
                            *word |= 1 << (r % 64);
                            (first, last) = (first.min(w), last.max(w));
                        }
                    }
                }
                for (w, word) in touched.iter_mut().enumerate().take(last.saturating_add(1)).skip(first) {
                    for_each_in_word(w, std::mem::take(word), &mut |r| {
                        let tf = item_tf.get_mut(r as usize).map(std::mem::take).unwrap_or(0);
                        items.push((r, u32::from(tf)));
                    });
                }
            }
        }
        for &(r, _) in items.iter() {
            any.set(r);
        }
        let [names, abstracts] = &*fields;
        let (mut a, mut b, mut c) = (0usize, 0usize, 0usize);
        loop {
            let head = |list: &[(u32, u32)], at: usize| list.get(at).map_or(u32::MAX, |p| p.0);
            let r = head(names, a).min(head(abstracts, b)).min(head(items, c));
            if r == u32::MAX && a >= names.len() && b >= abstracts.len() && c >= items.len() {
                break;
            }
            let i = r as usize;
            let mut value: Score = 0;
            let tf = take_tf(names, &mut a, r);
            if tf > 0 {
                let len = u64::from(store.name_len.get(i).copied().unwrap_or(0));
                value = value.saturating_add(part(weights[0], sat.get(0, tf, len)));
            }
            let tf = take_tf(abstracts, &mut b, r);
            if tf > 0 {
                let len = u64::from(store.abstract_len.get(i).copied().unwrap_or(0));
                value = value.saturating_add(part(weights[1], sat.get(1, tf, len)));
            }
            let tf = take_tf(items, &mut c, r).min(u64::from(u16::MAX));
            if tf > 0 {
                let range = store.items_of(r);
                let len = u64::from(range.end - range.start);
                value = value.saturating_add(part(weights[2], sat.get(2, tf, len)));
            }
            // A resource beyond the catalog (forged postings) bounds nothing.
            if i < n {
                sink(max, r, value);
            }
        }
    });
}

/// Raises the maximum of resource `r`'s block in `max` to `value`.
fn raise(max: &mut [Score], r: u32, value: Score) {
    if let Some(m) = max.get_mut(r as usize / BLOCK) {
        if value > *m {
            *m = value;
        }
    }
}

/// Postings (all fields) of term `t`: the work of decoding it.
pub(crate) fn term_cost(ix: &Index, t: usize) -> u64 {
    let items: u64 =
        ix.vocab_of(t).iter().map(|&v| u64::from(ix.vocab_df.get(v as usize).copied().unwrap_or(0))).sum();
    u64::from(ix.name_df.get(t).copied().unwrap_or(0))
        + u64::from(ix.abs_df.get(t).copied().unwrap_or(0))
        + items
}

/// Whether term `t` is dense in a catalog of `n` resources.
fn is_dense(ix: &Index, n: usize, t: usize) -> bool {
    term_cost(ix, t) >= ((n / DENSE_SHARE) as u64).max(DENSE_MIN)
}

/// Derives one dense term's data, its per-value maxima in the same scan.
fn derive(cat: &Catalog, weights: Weights, t: usize) -> DenseTerm {
    let store = &cat.store;
    let n = store.len();
    let blocks = n.div_ceil(BLOCK);
    let values = |v: &[u8]| usize::from(v.iter().copied().max().unwrap_or(0)) + 1;
    let mut sharing = vec![vec![0; blocks]; values(&store.sharing)];
    let mut grade = vec![vec![0; blocks]; values(&store.grade)];
    let mut scan = Scan::new(n, true);
    scan_term(cat, weights, t, None, &mut scan, &mut |max, r, v| {
        raise(max, r, v);
        let i = r as usize;
        for (per_value, stored) in [(&mut sharing, &store.sharing), (&mut grade, &store.grade)] {
            if let Some(max) = stored.get(i).and_then(|&value| per_value.get_mut(usize::from(value))) {
                raise(max, r, v);
            }
        }
    });
    let Scan { any, max, skips, .. } = scan;
    let scale = max.iter().copied().max().unwrap_or(0);
    let (unit, narrow_unit) = (unit_of(scale, STEPS_WIDE), unit_of(scale, STEPS_NARROW));
    let narrow = |per_value: Vec<Vec<Score>>| -> Vec<Vec<u8>> {
        let q = |m: Score| u8::try_from(quantize(m, narrow_unit, STEPS_NARROW)).unwrap_or(u8::MAX);
        per_value.into_iter().map(|max| max.into_iter().map(q).collect()).collect()
    };
    let by_value = ValueMaxima { sharing: narrow(sharing), grade: narrow(grade) };
    let max = max.into_iter().map(|m| quantize(m, unit, STEPS_WIDE)).collect();
    let skips = skips.unwrap_or_default().map(|mut s| {
        s.shrink_to_fit();
        s
    });
    DenseTerm { any, max, unit, narrow_unit, skips, by_value }
}

/// Per block, a dense term's largest contribution among the resources of
/// each sharing type and of each grade, in one-byte steps of its `scale`:
/// bounds for queries filtering on them (the overall maximum may belong to a
/// resource the filter drops).
#[derive(Debug, Clone, Default)]
pub(crate) struct ValueMaxima {
    /// Indexed by the stored sharing value, then by block.
    sharing: Vec<Vec<u8>>,
    /// Indexed by grade, then by block.
    grade: Vec<Vec<u8>>,
}

impl ValueMaxima {
    fn bytes(&self) -> usize {
        self.sharing.iter().chain(&self.grade).map(Vec::capacity).sum()
    }
}

/// What a query's filters let dense terms' bounds use: their per-value
/// maxima of the sharing type and grade filtered on.
pub(crate) struct Narrowing {
    /// Stored sharing value and grade filtered on.
    pub(crate) sharing: Option<u8>,
    pub(crate) grade: Option<u8>,
}

impl Catalog {
    /// Whether term `t` is dense, without deriving its data.
    pub(crate) fn is_dense_term(&self, t: usize) -> bool {
        is_dense(&self.index, self.store.len(), t)
    }

    /// Term `t`'s dense data, derived on first use; `None` for a term whose
    /// postings are short (or an unknown term number).
    pub(crate) fn dense_term(&self, t: usize) -> Option<&DenseTerm> {
        let slot = self.dense.slots.get(t)?;
        slot.get_or_init(|| self.is_dense_term(t).then(|| Box::new(derive(self, self.term_weights(t), t))))
            .as_deref()
    }
}

/// One query term, ready to score blocks.
struct TermTf {
    t: usize,
    /// Weight × idf per field.
    weights: Weights,
    /// A light term's name and abstract postings, decoded once.
    lists: Option<[Vec<(u32, u32)>; 2]>,
    /// The item names (vocabulary ids) containing the term.
    vocab: Bits,
}

/// Per-block score bounds of a query and its terms.
pub(crate) struct Prepared {
    pub(crate) bounds: Vec<Score>,
    terms: Vec<TermTf>,
    /// Per item kind: which terms (bit `j`: term `j`) its item name holds.
    /// Scoring then reads an item's kind, not its name and every term's
    /// name set. Empty when the catalog has more kinds than [`KIND_MASKS`]
    /// or the query more than 64 terms.
    kind_terms: Vec<u64>,
}

/// Kind masks are made per query while the catalog has at most this many
/// item kinds (cheap beside the items a broad query scores).
const KIND_MASKS: usize = 1 << 16;

/// A block waiting in the visit order: best bound first, then lowest block.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BlockBound {
    pub(crate) bound: Score,
    pub(crate) block: usize,
    pub(crate) word: u64,
}

impl PartialEq for BlockBound {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == std::cmp::Ordering::Equal
    }
}
impl Eq for BlockBound {}
impl PartialOrd for BlockBound {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for BlockBound {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        self.bound.cmp(&o.bound).then(o.block.cmp(&self.block))
    }
}

/// Reusable term frequencies of one block.
#[derive(Debug, Default)]
pub(crate) struct BlockScratch {
    tf: Vec<u32>,
    items: Vec<u32>,
    /// Per term and field (name, abstract) of dense terms.
    cursors: Vec<Cursor>,
}

/// Where a dense list's decoding stopped: blocks visited in resource order
/// decode each list once, front to back.
#[derive(Debug, Clone, Copy, Default)]
struct Cursor {
    /// The next posting's byte offset and the resource before it.
    pos: u32,
    prev: u32,
    /// End of the block read last (0: none).
    done: u32,
}

impl Catalog {
    /// The work `prepare` would do for these terms (estimated without
    /// deriving anything, so choosing the direct path derives nothing).
    pub(crate) fn bound_cost(&self, ids: &[Option<usize>]) -> u64 {
        let blocks = self.store.len().div_ceil(BLOCK) as u64;
        ids.iter()
            .flatten()
            .map(|&t| if self.is_dense_term(t) { 3 * blocks } else { term_cost(&self.index, t) })
            .sum()
    }

    /// Per block, an upper bound on the score of any resource in it for
    /// these terms (`None` = unknown term, which adds nothing): exact sums of
    /// per-term maxima, rounded up where they are kept quantized. Light
    /// terms are decoded here once, counting only the resources in `only`
    /// (the set whose blocks will be scored; `None`: every resource).
    pub(crate) fn prepare(
        &self,
        ids: &[Option<usize>],
        only: Option<&Bits>,
        narrowing: &Narrowing,
    ) -> Prepared {
        let n = self.store.len();
        let mut bounds: Vec<Score> = vec![0; n.div_ceil(BLOCK)];
        let mut terms = Vec::new();
        for &t in ids.iter().flatten() {
            let mut lists = None;
            if let Some(dense) = self.dense_term(t) {
                fn pick(per_value: &[Vec<u8>], value: Option<u8>) -> Option<&[u8]> {
                    value.map(|v| per_value.get(usize::from(v)).map_or(&[][..], Vec::as_slice))
                }
                let sharing = pick(&dense.by_value.sharing, narrowing.sharing);
                let grade = pick(&dense.by_value.grade, narrowing.grade);
                if sharing.is_none() && grade.is_none() {
                    // Unfiltered (most queries): a plain loop over the blocks.
                    for (bound, &q) in bounds.iter_mut().zip(&dense.max) {
                        *bound = bound.saturating_add(dequantize(q, dense.unit));
                    }
                } else {
                    for (b, (bound, &q)) in bounds.iter_mut().zip(&dense.max).enumerate() {
                        // A value no resource of the block has bounds it by 0.
                        let narrowed = [sharing, grade].into_iter().flatten().map(|per_block| {
                            dequantize(u16::from(per_block.get(b).copied().unwrap_or(0)), dense.narrow_unit)
                        });
                        *bound = bound.saturating_add(narrowed.fold(dequantize(q, dense.unit), Score::min));
                    }
                }
            } else {
                let mut scan = Scan::new(n, false);
                scan_term(self, self.term_weights(t), t, only, &mut scan, &mut |max, r, v| raise(max, r, v));
                for (bound, &m) in bounds.iter_mut().zip(&scan.max) {
                    *bound = bound.saturating_add(m);
                }
                lists = scan.lists;
            }
            let mut vocab = Bits::new(self.store.vocab.len(), false);
            for &v in self.index.vocab_of(t) {
                vocab.set(v);
            }
            terms.push(TermTf { t, weights: self.term_weights(t), lists, vocab });
        }
        let kinds = &self.store.kind_name;
        let kind_terms = if kinds.len() <= KIND_MASKS && terms.len() <= 64 {
            kinds
                .iter()
                .map(|&vid| {
                    terms
                        .iter()
                        .enumerate()
                        .fold(0u64, |m, (j, term)| m | u64::from(term.vocab.get(vid)) << j)
                })
                .collect()
        } else {
            Vec::new()
        };
        Prepared { bounds, terms, kind_terms }
    }

    /// Scores the resources of `word` in block `block` from the postings,
    /// exactly as `direct_score` does from the text (the same integers).
    pub(crate) fn score_block(
        &self,
        prepared: &Prepared,
        block: usize,
        word: u64,
        scratch: &mut BlockScratch,
        mut emit: impl FnMut(u32, Score),
    ) {
        let s = &self.store;
        let base = (block * BLOCK) as u32;
        let end = base.saturating_add(BLOCK as u32);
        let nterms = prepared.terms.len();
        scratch.tf.clear();
        scratch.tf.resize(nterms * 2 * BLOCK, 0);
        scratch.cursors.resize(nterms * 2, Cursor::default());
        for (j, term) in prepared.terms.iter().enumerate() {
            for field in 0..2 {
                let Some(tfs) = scratch.tf.get_mut((j * 2 + field) * BLOCK..(j * 2 + field + 1) * BLOCK)
                else {
                    continue;
                };
                let Some(cursor) = scratch.cursors.get_mut(j * 2 + field) else { continue };
                let mut put = |r: u32, tf: u32| {
                    if let Some(slot) = tfs.get_mut((r - base) as usize) {
                        *slot = tf;
                    }
                };
                match (&term.lists, self.dense_term(term.t)) {
                    (Some(lists), _) => {
                        let list = lists.get(field).map_or(&[][..], Vec::as_slice);
                        let from = list.partition_point(|&(r, _)| r < base);
                        for &(r, tf) in list.get(from..).unwrap_or(&[]).iter().take_while(|&&(r, _)| r < end)
                        {
                            put(r, tf);
                        }
                    }
                    (None, Some(dense)) => {
                        // Continue from the previous block of a forward pass,
                        // or from the last skip at or before this block when
                        // that is further on.
                        let mut from =
                            (cursor.done != 0 && base >= cursor.done).then_some((cursor.pos, cursor.prev));
                        let skips = dense.skips.get(field).map_or(&[][..], Vec::as_slice);
                        let at = skips.partition_point(|k| k.doc <= base).saturating_sub(1);
                        if let Some(k) = skips.get(at) {
                            if from.is_none_or(|(pos, _)| k.pos > pos) {
                                from = Some((k.pos, k.prev));
                            }
                        }
                        let (pos, prev) = from.unwrap_or((0, 0));
                        let mut postings = self.index.field_postings_at(field, term.t, pos, prev);
                        let stop = loop {
                            let mark = postings.mark();
                            let Some((r, tf)) = postings.next() else { break mark };
                            if r >= end {
                                break mark;
                            }
                            if r >= base {
                                put(r, tf);
                            }
                        };
                        *cursor = Cursor { pos: stop.0, prev: stop.1, done: end };
                    }
                    (None, None) => {}
                }
            }
        }
        for_each_in_word(block, word, &mut |r| {
            let i = r as usize;
            let items = s.items_of(r);
            let lens = [
                u64::from(s.name_len.get(i).copied().unwrap_or(0)),
                u64::from(s.abstract_len.get(i).copied().unwrap_or(0)),
                u64::from(items.end - items.start),
            ];
            let at = (r - base) as usize;
            // Item counts of every term in one pass over the items.
            scratch.items.clear();
            scratch.items.resize(nterms, 0);
            if prepared.kind_terms.is_empty() {
                for it in items.clone() {
                    let vid = s.item_name_id(it);
                    for (count, term) in scratch.items.iter_mut().zip(&prepared.terms) {
                        *count += u32::from(term.vocab.get(vid));
                    }
                }
            } else {
                for it in items.clone() {
                    let mask = prepared.kind_terms.get(s.kind_of(it) as usize).copied().unwrap_or(0);
                    // Read as block 0, the mask's set bits are term numbers.
                    for_each_in_word(0, mask, &mut |j| {
                        if let Some(count) = scratch.items.get_mut(j as usize) {
                            *count += 1;
                        }
                    });
                }
            }
            let mut score: Score = 0;
            for (j, term) in prepared.terms.iter().enumerate() {
                let tf_name = scratch.tf.get(j * 2 * BLOCK + at).copied().unwrap_or(0);
                let tf_abs = scratch.tf.get((j * 2 + 1) * BLOCK + at).copied().unwrap_or(0);
                let tf_items = scratch.items.get(j).copied().unwrap_or(0).min(u32::from(u16::MAX));
                score = score.saturating_add(term_score(
                    term.weights,
                    [tf_name, tf_abs, tf_items],
                    lens,
                    &self.sat,
                ));
            }
            emit(r, score);
        });
    }
}

/// True when a block bounded by `bound` cannot hold a resource scoring at
/// least `worst` (the page's worst score, which a tie with a smaller code
/// could still displace). Both are exact integers: no margin.
pub(crate) fn hopeless(bound: Score, worst: Score) -> bool {
    bound < worst
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::sample::{sample_json, SampleOptions};
    use crate::catalog::text::query_terms;

    #[test]
    fn block_scores_equal_text_scores_and_stay_under_their_bounds() {
        let doc = sample_json(&SampleOptions::national(5000, 3)).unwrap();
        let cat = Catalog::from_json(doc.as_bytes()).unwrap();
        let mut texts: Vec<String> = Vec::new();
        for r in cat.resources().step_by(250) {
            let chars: Vec<char> = r.name.chars().collect();
            texts.push(chars.iter().take(4).collect());
            texts.push(format!("{} {}", chars.iter().rev().take(2).collect::<String>(), r.items[0].name));
        }
        let (mut scored, mut dense_terms) = (0, 0);
        let n = cat.store.len();
        for text in &texts {
            let keys = query_terms(text);
            let ids: Vec<Option<usize>> = keys.iter().map(|&k| cat.index.term(k)).collect();
            dense_terms += ids.iter().flatten().filter(|&&t| cat.dense_term(t).is_some()).count();
            let mut prepared = cat.prepare(&ids, None, &Narrowing { sharing: None, grade: None });
            assert!(!prepared.kind_terms.is_empty(), "items scored through their kinds");
            let mut scratch = BlockScratch::default();
            let mut text_scratch = Vec::new();
            let weights = cat.query_weights(&ids);
            // Forward (one pass per list), backward (a seek per block) and
            // skipping about: the cursors must give the same scores; then
            // forward again with items read by name (too many kinds).
            let forward: Vec<usize> = (0..n.div_ceil(BLOCK)).collect();
            let backward: Vec<usize> = forward.iter().rev().copied().collect();
            let strided: Vec<usize> = forward.iter().map(|b| (b * 7) % forward.len()).collect();
            let visits = forward.len() * 3;
            for (visit, block) in
                forward.clone().into_iter().chain(backward).chain(strided).chain(forward).enumerate()
            {
                if visit == visits {
                    prepared.kind_terms.clear();
                    scratch = BlockScratch::default();
                }
                let width = (n - block * BLOCK).min(BLOCK);
                let word = if width == 64 { u64::MAX } else { (1u64 << width) - 1 };
                cat.score_block(&prepared, block, word, &mut scratch, |r, score| {
                    let want =
                        cat.direct_score(r, &keys, &ids, &weights, false, &mut text_scratch).unwrap_or(0);
                    assert_eq!(score, want, "{text}: resource {r}");
                    assert!(!hopeless(prepared.bounds[block], score), "{text}: bound below a score");
                    scored += usize::from(score > 0);
                });
            }
        }
        assert!(scored > 15000 && dense_terms > 10, "{scored} scores, {dense_terms} dense terms");
    }

    #[test]
    fn scans_limited_to_a_set_score_its_members_exactly_and_bound_them_tighter() {
        let doc = sample_json(&SampleOptions::national(5000, 7)).unwrap();
        let cat = Catalog::from_json(doc.as_bytes()).unwrap();
        let n = cat.store.len();
        let texts: Vec<String> = cat
            .resources()
            .step_by(300)
            .flat_map(|r| {
                let name: Vec<char> = r.name.chars().collect();
                [
                    name.iter().take(4).collect(),
                    format!("{} {}", name.iter().rev().take(2).collect::<String>(), r.items[0].name),
                ]
            })
            .collect();
        let set_of = |member: &dyn Fn(u32) -> bool| {
            let mut set = Bits::new(n, false);
            (0..n as u32).filter(|&r| member(r)).for_each(|r| set.set(r));
            set
        };
        let sets = [
            ("every third", set_of(&|r| r % 3 == 0)),
            ("sparse", set_of(&|r| r % 97 == 5)),
            ("one sharing type", set_of(&|r| cat.store.sharing[r as usize] == 1)),
            ("none", set_of(&|_| false)),
        ];
        let (mut scored, mut tighter) = (0, 0);
        for text in &texts {
            let keys = query_terms(text);
            let ids: Vec<Option<usize>> = keys.iter().map(|&k| cat.index.term(k)).collect();
            let weights = cat.query_weights(&ids);
            let open = cat.prepare(&ids, None, &Narrowing { sharing: None, grade: None });
            let mut text_scratch = Vec::new();
            for (what, only) in &sets {
                let limited = cat.prepare(&ids, Some(only), &Narrowing { sharing: None, grade: None });
                let mut scratch = BlockScratch::default();
                for (block, &word) in only.0.iter().enumerate() {
                    assert!(limited.bounds[block] <= open.bounds[block], "{text}, {what}: looser bound");
                    tighter += usize::from(limited.bounds[block] < open.bounds[block]);
                    cat.score_block(&limited, block, word, &mut scratch, |r, score| {
                        let want =
                            cat.direct_score(r, &keys, &ids, &weights, false, &mut text_scratch).unwrap_or(0);
                        assert_eq!(score, want, "{text}, {what}: resource {r}");
                        assert!(
                            !hopeless(limited.bounds[block], score),
                            "{text}, {what}: bound below {r}'s score"
                        );
                        scored += usize::from(score > 0);
                    });
                }
            }
        }
        assert!(scored > 5000 && tighter > 1000, "{scored} scores, {tighter} tighter bounds");
    }

    #[test]
    fn filtered_bounds_hold_for_every_resource_the_filter_keeps() {
        let doc = sample_json(&SampleOptions::national(5000, 5)).unwrap();
        let cat = Catalog::from_json(doc.as_bytes()).unwrap();
        let n = cat.store.len();
        let texts: Vec<String> =
            cat.resources().step_by(400).map(|r| r.name.chars().take(4).collect()).collect();
        let (mut checked, mut tighter) = (0, 0);
        for text in &texts {
            let keys = query_terms(text);
            let ids: Vec<Option<usize>> = keys.iter().map(|&k| cat.index.term(k)).collect();
            let open = cat.prepare(&ids, None, &Narrowing { sharing: None, grade: None });
            for (sharing, grade) in [
                (Some(0u8), None),
                (Some(1), None),
                (Some(2), None),
                (None, Some(1u8)),
                (None, Some(3)),
                (Some(1), Some(2)),
            ] {
                let keep = |r: u32| {
                    sharing.is_none_or(|v| cat.store.sharing[r as usize] == v)
                        && grade.is_none_or(|v| cat.store.grade[r as usize] == v)
                };
                let mut kept = Bits::new(n, false);
                (0..n as u32).filter(|&r| keep(r)).for_each(|r| kept.set(r));
                let narrowed = cat.prepare(&ids, Some(&kept), &Narrowing { sharing, grade });
                let mut scratch = BlockScratch::default();
                for block in 0..n.div_ceil(BLOCK) {
                    let mut word = 0u64;
                    for r in (block * BLOCK..((block + 1) * BLOCK).min(n)).map(|r| r as u32) {
                        if keep(r) {
                            word |= 1 << (r % 64);
                        }
                    }
                    assert!(narrowed.bounds[block] <= open.bounds[block]);
                    tighter += usize::from(narrowed.bounds[block] < open.bounds[block] / 100 * 99);
                    cat.score_block(&narrowed, block, word, &mut scratch, |r, score| {
                        assert!(
                            !hopeless(narrowed.bounds[block], score),
                            "{text}: filtered bound below {r}'s score"
                        );
                        checked += 1;
                    });
                }
            }
        }
        assert!(checked > 10_000 && tighter > 1000, "{checked} scores checked, {tighter} tighter bounds");
    }

    #[test]
    fn quantized_maxima_never_fall_below_the_value() {
        for steps in [STEPS_WIDE, STEPS_NARROW] {
            // Up to a term's largest possible contribution: three parts below 2⁵⁰.
            for scale in [1u64, 7, 255, 65_535, 65_536, 1 << 40, 29_267_866_971_936, 3 << 50] {
                let unit = unit_of(scale, steps);
                let mut v = 0u64;
                loop {
                    let q = quantize(v, unit, steps);
                    assert!(q <= steps, "{v} of {scale}: step {q}");
                    assert!(dequantize(q, unit) >= v, "{v} of {scale}");
                    // Rounded up by less than one step.
                    assert!(dequantize(q, unit) - v < unit, "{v} of {scale}");
                    if v == scale {
                        break;
                    }
                    v = v.saturating_add(scale / 9973 + 1).min(scale);
                }
            }
            assert_eq!(quantize(0, 1, steps), 0);
            // A unit no real score has: saturates, never wraps below.
            assert_eq!(dequantize(steps, 1 << 60), Score::MAX);
        }
    }
}
