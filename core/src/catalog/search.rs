//! Full-text search with exact filters, facets and stable paging.
//!
//! Matching is conjunctive: a resource matches when every query term occurs
//! in its name, abstract or one of its item names (see `text.rs` for terms).
//! When no resource matches all terms (after filters) and the query has more
//! than one term, the search falls back to matching any term and says so
//! (`relaxed: true`). Ranking is BM25 (k1 = 1.2, b = 0.75) per field with
//! weights name 3, items 2, abstract 1; ties go to the smaller code. An empty
//! query text browses: every resource passing the filters, by code.
//!
//! `total` and facets are always exact; the page of a broad query is found
//! without scoring every match (`topk.rs`), and equals the page of scoring
//! them all.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};

use serde::{Deserialize, Serialize};

use super::engine::Catalog;
use super::model::*;
use super::score::{self, displayed, Score};
use super::text::{doc_terms, query_terms};
use super::topk::{hopeless, term_cost, Bits, BlockBound, BlockScratch, Narrowing};
use crate::{Error, Result};

/// Largest accepted `limit`.
pub const MAX_LIMIT: u32 = 10_000;
/// Longest accepted query text, in characters.
pub const MAX_QUERY_CHARS: usize = 1_000;

/// Checking one candidate directly costs about as much as decoding this
/// many postings; below that ratio the engine stops decoding.
const DIRECT_COST: u64 = 256;
/// Blocks visited best bound first after the page is full, to raise its
/// worst score before the pass in resource order.
const WARM_BLOCKS: usize = 16;

/// A search: text (may be empty) plus exact filters and paging.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct SearchQuery {
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub text: String,
    /// Provider name or provider code (统一社会信用代码), exact.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub provider: Option<String>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub sharing: Option<SharingType>,
    /// Resource grade (the highest item grade), 1–4.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub grade: Option<u8>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub update_cycle: Option<UpdateCycle>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub format: Option<ResourceFormat>,
    /// Classification code prefix, e.g. `1` (类) or `101` (项).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub classification_prefix: Option<String>,
    /// Hits to return (0 = only total and facets); default 20, at most 10 000.
    #[cfg_attr(feature = "uniffi", uniffi(default = 20))]
    pub limit: u32,
    #[cfg_attr(feature = "uniffi", uniffi(default = 0))]
    pub offset: u32,
}

impl Default for SearchQuery {
    fn default() -> Self {
        SearchQuery {
            text: String::new(),
            provider: None,
            sharing: None,
            grade: None,
            update_cycle: None,
            format: None,
            classification_prefix: None,
            limit: 20,
            offset: 0,
        }
    }
}

/// One page of results, the total, and facet counts over all matches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct SearchResult {
    pub total: u64,
    pub hits: Vec<SearchHit>,
    pub facets: Facets,
    /// True when no resource had every term and any-term matching was used.
    pub relaxed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct SearchHit {
    /// Id of the catalog the resource is in.
    pub catalog: String,
    pub code: String,
    pub name: String,
    pub provider: String,
    pub provider_code: String,
    pub sharing: SharingType,
    pub grade: u8,
    /// Relevance (0 when browsing), rounded to 6 decimals.
    pub score: f64,
    /// Names of the resource's items that contain a query term.
    pub matched_items: Vec<String>,
}

/// Counts per value over every match. Resources lacking an attribute are
/// not counted in its facet. `classification` counts the top-level class
/// (类, the first character of the classification code).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Facets {
    pub provider: Vec<FacetCount>,
    pub sharing: Vec<FacetCount>,
    pub grade: Vec<FacetCount>,
    pub update_cycle: Vec<FacetCount>,
    pub format: Vec<FacetCount>,
    pub classification: Vec<FacetCount>,
}

/// Sorted by count (descending), then value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

/// When a multi-term query may fall back to any-term matching.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Relax {
    Never,
    Always,
    IfEmpty,
}

/// What matching found: a few resources already scored, or a set.
enum Matches {
    Scored(Vec<(u32, Score)>),
    Set(Bits),
}

impl Matches {
    fn is_empty(&self) -> bool {
        match self {
            Matches::Scored(list) => list.is_empty(),
            Matches::Set(set) => set.0.iter().all(|&w| w == 0),
        }
    }
}

/// A scored match before it becomes a [`SearchHit`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scored {
    pub(crate) score: Score,
    pub(crate) rank: u32,
    pub(crate) r: u32,
}

impl PartialEq for Scored {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for Scored {}
impl PartialOrd for Scored {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Scored {
    /// Better hits sort first: higher score, then smaller code.
    fn cmp(&self, o: &Self) -> Ordering {
        o.score.cmp(&self.score).then(self.rank.cmp(&o.rank))
    }
}

/// Facet counters of one catalog (provider and class by dense slot).
#[derive(Debug, Default)]
pub(crate) struct Counts {
    provider: Vec<u64>,
    /// Per facet group (`FacetSlots`): folded into the class and closed
    /// vocabularies' counters once, at the end.
    group: Vec<u64>,
    classification: Vec<u64>,
    sharing: [u64; 3],
    grade: Vec<u64>,
    cycle: [u64; 7],
    format: [u64; 8],
}

impl Counts {
    /// Counts one match by its facet row (`[provider slot, group]`).
    /// Always inlined: `count_set` calls it per match, and a call per match
    /// was what cost in WebAssembly.
    #[inline(always)]
    fn count_row(&mut self, [provider, group]: [u32; 2]) {
        if let Some(n) = self.provider.get_mut(provider as usize) {
            *n += 1;
        }
        if let Some(n) = self.group.get_mut(group as usize) {
            *n += 1;
        }
    }
}

/// What one catalog contributes to a result.
#[derive(Debug)]
pub(crate) struct Partial {
    pub(crate) total: u64,
    pub(crate) top: Vec<Scored>,
    pub(crate) facets: Vec<(&'static str, String, u64)>,
    pub(crate) relaxed: bool,
    pub(crate) terms: Vec<u64>,
}

pub(crate) fn validate(q: &SearchQuery) -> Result<()> {
    if q.limit > MAX_LIMIT {
        return Err(Error::InvalidArgument {
            name: "limit".into(),
            detail: format!("at most {MAX_LIMIT} hits per page"),
        });
    }
    if q.text.chars().count() > MAX_QUERY_CHARS {
        return Err(Error::InvalidArgument {
            name: "text".into(),
            detail: format!("at most {MAX_QUERY_CHARS} characters"),
        });
    }
    Ok(())
}

impl Catalog {
    /// Searches this catalog.
    pub fn search(&self, q: &SearchQuery) -> Result<SearchResult> {
        validate(q)?;
        let k = (q.offset as usize).saturating_add(q.limit as usize);
        let p = self.search_partial(q, k, Relax::IfEmpty);
        let hits = p.top.iter().skip(q.offset as usize).map(|s| self.hit(s, &p.terms, self.id())).collect();
        Ok(SearchResult { total: p.total, hits, facets: facets_from(p.facets), relaxed: p.relaxed })
    }

    /// The query's filters as one test per resource; `None` when it has
    /// none, so that an unfiltered search does not call a test that always
    /// passes for each of its (up to a million) matches.
    ///
    /// Which facet groups (sharing type, grade, update cycle, format) and
    /// which provider slots (a name and code pair) pass is decided once per
    /// query, so the test reads the resource's facet row alone, not a column
    /// per filter: the resources tested are scattered, and each column read
    /// was a cache miss.
    fn filter(&self, q: &SearchQuery) -> Option<impl Fn(u32) -> bool + '_> {
        let filtered = q.provider.is_some()
            || q.sharing.is_some()
            || q.grade.is_some()
            || q.update_cycle.is_some()
            || q.format.is_some()
            || q.classification_prefix.is_some();
        if !filtered {
            return None;
        }
        let s = &self.store;
        let slots = &self.slots;
        // A provider string that is in no resource matches nothing.
        let provider = q.provider.as_ref().map(|p| s.dict.lookup(p));
        let provider_ok: Option<Vec<bool>> = provider.map(|p| {
            slots.providers.iter().map(|&[name, code]| p.is_some_and(|p| name == p || code == p)).collect()
        });
        let sharing = q.sharing.map(SharingType::to_u8);
        let cycle = q.update_cycle.map(|c| c.to_u8() + 1);
        let format = q.format.map(|f| f.to_u8() + 1);
        let grade = q.grade;
        let group_ok: Vec<bool> = slots
            .groups
            .iter()
            .map(|g| {
                sharing.is_none_or(|v| g.sharing == v)
                    && cycle.is_none_or(|v| g.cycle == v)
                    && format.is_none_or(|v| g.format == v)
                    && grade.is_none_or(|v| g.grade == v)
            })
            .collect();
        let prefix = q.classification_prefix.clone();
        Some(move |r: u32| {
            let Some(&[slot, group]) = slots.rows.get(r as usize) else { return false };
            if !group_ok.get(group as usize).copied().unwrap_or(false)
                || provider_ok.as_ref().is_some_and(|ok| !ok.get(slot as usize).copied().unwrap_or(false))
            {
                return false;
            }
            if let Some(p) = &prefix {
                if !s.classification_str(r).starts_with(p.as_str()) {
                    return false;
                }
            }
            true
        })
    }

    /// Total, facets and the best `k` matches of this catalog.
    pub(crate) fn search_partial(&self, q: &SearchQuery, k: usize, relax: Relax) -> Partial {
        let filter = self.filter(q);
        let terms = query_terms(&q.text);
        let mut counts = Counts {
            provider: vec![0; self.slots.providers.len()],
            group: vec![0; self.slots.groups.len()],
            classification: vec![0; self.slots.classes.len()],
            grade: vec![0; 256],
            ..Counts::default()
        };
        let mut heap: BinaryHeap<Scored> = BinaryHeap::new();
        let mut total = 0u64;
        let mut relaxed = false;
        let mut take = |r: u32, score: Score, counts: &mut Counts, total: &mut u64| {
            *total += 1;
            self.count(r, counts);
            self.offer(&mut heap, k, r, score);
        };
        if terms.is_empty() {
            // Browsing: count in document order (sequential memory access),
            // then take the page in code order from the match bitset.
            let n = self.store.len();
            let mut matched = Bits::new(n, false);
            for r in 0..n as u32 {
                if filter.as_ref().is_none_or(|f| f(r)) {
                    total += 1;
                    self.count(r, &mut counts);
                    matched.set(r);
                }
            }
            let mut first = Vec::new();
            if k > 0 {
                for (rank, &r) in self.index.code_order.iter().enumerate() {
                    if matched.get(r) {
                        first.push(Scored { score: 0, rank: rank as u32, r });
                        if first.len() >= k {
                            break;
                        }
                    }
                }
            }
            return Partial { total, top: first, facets: self.facet_values(counts), relaxed, terms };
        }
        let ids: Vec<Option<usize>> = terms.iter().map(|&key| self.index.term(key)).collect();
        let several = terms.len() > 1;
        let filter = filter.as_ref();
        let matches = if relax == Relax::Always && several {
            relaxed = true;
            self.disjunctive(&terms, &ids, filter)
        } else {
            let m = self.conjunctive(&terms, &ids, filter);
            if m.is_empty() && several && relax == Relax::IfEmpty {
                relaxed = true;
                self.disjunctive(&terms, &ids, filter)
            } else {
                m
            }
        };
        let top = match matches {
            Matches::Scored(list) => {
                for (r, score) in list {
                    take(r, score, &mut counts, &mut total);
                }
                heap.into_sorted_vec()
            }
            Matches::Set(set) => {
                // Exact total and facets from the set; the page from the
                // blocks that can still reach it.
                total = self.count_set(&set, &mut counts);
                let narrowing = Narrowing { sharing: q.sharing.map(SharingType::to_u8), grade: q.grade };
                self.top_k(&set, &terms, &ids, !relaxed, k, &narrowing)
            }
        };
        Partial { total, top, facets: self.facet_values(counts), relaxed, terms }
    }

    /// The best `k` of `set` (resources that all match). A small set is
    /// scored whole from the stored text; a large one block by block, best
    /// bound first, stopping at the first block that cannot reach the page.
    fn top_k(
        &self,
        set: &Bits,
        keys: &[u64],
        ids: &[Option<usize>],
        all: bool,
        k: usize,
        narrowing: &Narrowing,
    ) -> Vec<Scored> {
        if k == 0 {
            return Vec::new();
        }
        let mut heap: BinaryHeap<Scored> = BinaryHeap::new();
        let offer = |r: u32, score: Score, heap: &mut BinaryHeap<Scored>| self.offer(heap, k, r, score);
        if set.count() * DIRECT_COST <= self.bound_cost(ids) {
            let mut scratch = Vec::new();
            let weights = self.query_weights(ids);
            set.for_each(|r| {
                // Every member matches, so a score is always found.
                let score = self.direct_score(r, keys, ids, &weights, all, &mut scratch).unwrap_or(0);
                offer(r, score, &mut heap);
            });
            return heap.into_sorted_vec();
        }
        // The set is the filtered matches, the only resources scored: the
        // light terms' bounds and postings need no others.
        let prepared = self.prepare(ids, Some(set), narrowing);
        let mut blocks: BinaryHeap<BlockBound> = set
            .0
            .iter()
            .enumerate()
            .filter(|(_, &w)| w != 0)
            .map(|(block, &word)| BlockBound {
                bound: prepared.bounds.get(block).copied().unwrap_or(Score::MAX),
                block,
                word,
            })
            .collect();
        let mut scratch = BlockScratch::default();
        // Best bounds first until the page is full and its worst score has
        // risen for a few more blocks…
        let mut extra = 0;
        while heap.len() < k || extra < WARM_BLOCKS {
            let Some(BlockBound { bound, block, word }) = blocks.pop() else { break };
            if heap.len() >= k {
                if heap.peek().is_some_and(|worst| hopeless(bound, worst.score)) {
                    return heap.into_sorted_vec();
                }
                extra += 1;
            }
            self.score_block(&prepared, block, word, &mut scratch, |r, score| offer(r, score, &mut heap));
        }
        // …then the blocks that can still reach it, in resource order: one
        // forward pass over each list instead of a seek per block.
        let worst = heap.peek().map_or(0, |w| w.score);
        let mut rest: Vec<BlockBound> = blocks.into_iter().filter(|b| !hopeless(b.bound, worst)).collect();
        rest.sort_unstable_by_key(|b| b.block);
        for BlockBound { bound, block, word } in rest {
            if heap.len() >= k && heap.peek().is_some_and(|worst| hopeless(bound, worst.score)) {
                continue;
            }
            self.score_block(&prepared, block, word, &mut scratch, |r, score| offer(r, score, &mut heap));
        }
        heap.into_sorted_vec()
    }

    /// Keeps resource `r` in `heap`, the best `k` so far, if it belongs
    /// there. Most matches cannot enter a full heap: they are skipped before
    /// their code rank (a random access) is looked up.
    fn offer(&self, heap: &mut BinaryHeap<Scored>, k: usize, r: u32, score: Score) {
        if k == 0 || (heap.len() >= k && heap.peek().is_some_and(|worst| score < worst.score)) {
            return;
        }
        let rank = self.index.code_rank.get(r as usize).copied().unwrap_or(u32::MAX);
        let s = Scored { score, rank, r };
        if heap.len() < k {
            heap.push(s);
        } else if heap.peek().is_some_and(|worst| s < *worst) {
            heap.pop();
            heap.push(s);
        }
    }

    /// Resources containing term `t` in any field: kept for a dense term,
    /// else decoded. The bigrams of one word usually occur in the same item
    /// names, so the item part is cached by item-name list.
    fn term_bits<'s>(&'s self, t: usize, n: usize, cache: &mut Vec<(&'s [u32], Bits)>) -> Bits {
        if let Some(dense) = self.dense_term(t) {
            return dense.any.clone();
        }
        let ix = &self.index;
        let vocab = ix.vocab_of(t);
        let mut bits = match cache.iter().find(|(v, _)| *v == vocab) {
            Some((_, b)) => b.clone(),
            None => {
                let mut b = Bits::new(n, false);
                for &vid in vocab {
                    for (r, _) in ix.item_postings(vid) {
                        b.set(r);
                    }
                }
                cache.push((vocab, b.clone()));
                b
            }
        };
        for (r, _) in ix.name_postings(t).chain(ix.abs_postings(t)) {
            bits.set(r);
        }
        bits
    }

    /// Work to find term `t`'s resources: a dense term's are kept. Estimated
    /// without deriving them, so a term the direct path skips derives nothing.
    fn bits_cost(&self, t: usize) -> u64 {
        if self.is_dense_term(t) {
            (self.store.len() / 64) as u64
        } else {
            term_cost(&self.index, t)
        }
    }

    /// Resources passing the filter and containing every term.
    ///
    /// Terms are intersected cheapest first; once few candidates are left,
    /// the remaining terms are checked on each candidate directly instead
    /// of decoding their (long) postings, and those few are scored then.
    fn conjunctive(
        &self,
        keys: &[u64],
        ids: &[Option<usize>],
        filter: Option<&impl Fn(u32) -> bool>,
    ) -> Matches {
        let Some(ids) = ids.iter().copied().collect::<Option<Vec<usize>>>() else {
            return Matches::Scored(Vec::new());
        };
        let n = self.store.len();
        let costs: Vec<u64> = ids.iter().map(|&t| self.bits_cost(t)).collect();
        let mut order: Vec<usize> = (0..ids.len()).collect();
        // Ties keep the query's order (the term's place breaks them).
        order.sort_unstable_by_key(|&j| (costs.get(j).copied().unwrap_or(0), j));
        // A filtered search starts from the term with the fewest postings
        // (the smallest set), not the cheapest to decode (a dense term's set
        // can be a hundred times larger than a light one's): the filter is
        // tested on its intersection with the next term's.
        if filter.is_some() {
            if let Some(at) = (0..order.len()).min_by_key(|&i| term_cost(&self.index, ids[order[i]])) {
                let first = order.remove(at);
                order.insert(0, first);
            }
        }
        let mut remaining: u64 = costs.iter().sum();
        let mut cand: Option<Bits> = None;
        let mut count = 0u64;
        let mut cache = Vec::new();
        // Until the first intersection (or the only term's set) is filtered.
        let mut unfiltered = filter;
        for &j in &order {
            if let Some(c) = cand.as_ref().filter(|_| count * DIRECT_COST < remaining) {
                // Few candidates: check and score each directly.
                let mut scratch = Vec::new();
                let ids: Vec<Option<usize>> = ids.iter().map(|&t| Some(t)).collect();
                let weights = self.query_weights(&ids);
                let mut out = Vec::new();
                c.for_each(|r| {
                    if unfiltered.is_some_and(|f| !f(r)) {
                        return;
                    }
                    if let Some(score) = self.direct_score(r, keys, &ids, &weights, true, &mut scratch) {
                        out.push((r, score));
                    }
                });
                return Matches::Scored(out);
            }
            let bits = self.term_bits(ids[j], n, &mut cache);
            let first = cand.is_none();
            let mut c = match cand.take() {
                None => bits,
                Some(mut c) => {
                    c.and(&bits);
                    c
                }
            };
            if let Some(filter) = unfiltered.filter(|_| order.len() == 1 || !first) {
                c.retain(filter);
                unfiltered = None;
            }
            count = c.count();
            cand = Some(c);
            remaining -= costs.get(j).copied().unwrap_or(0);
            if count == 0 {
                return Matches::Scored(Vec::new());
            }
        }
        // Every path here filtered: one term at once, several at the second.
        cand.map_or(Matches::Scored(Vec::new()), Matches::Set)
    }

    /// Resources passing the filter and containing any term. When a filter
    /// leaves few resources, those are checked and scored directly.
    fn disjunctive(
        &self,
        keys: &[u64],
        ids: &[Option<usize>],
        filter: Option<&impl Fn(u32) -> bool>,
    ) -> Matches {
        let n = self.store.len();
        if let Some(filter) = filter {
            let total_cost: u64 = ids.iter().flatten().map(|&t| self.bits_cost(t)).sum();
            let mut passing = Vec::new();
            let mut few = true;
            for r in 0..n as u32 {
                if filter(r) {
                    passing.push(r);
                    if passing.len() as u64 * DIRECT_COST >= total_cost {
                        few = false;
                        break;
                    }
                }
            }
            if few {
                let mut scratch = Vec::new();
                let weights = self.query_weights(ids);
                return Matches::Scored(
                    passing
                        .into_iter()
                        .filter_map(|r| {
                            self.direct_score(r, keys, ids, &weights, false, &mut scratch).map(|s| (r, s))
                        })
                        .collect(),
                );
            }
        }
        let mut any = Bits::new(n, false);
        let mut cache = Vec::new();
        for &t in ids.iter().flatten() {
            any.or(&self.term_bits(t, n, &mut cache));
        }
        if let Some(filter) = filter {
            any.retain(filter);
        }
        Matches::Set(any)
    }

    /// Term `t`'s weight × idf in name, abstract and items (the per-query
    /// table its parts are read from).
    pub(crate) fn term_weights(&self, t: usize) -> score::Weights {
        let ix = &self.index;
        let df = |v: &[u32]| v.get(t).copied().unwrap_or(0) as usize;
        score::term_weights(self.store.len(), [df(&ix.name_df), df(&ix.abs_df), df(&ix.item_df)])
    }

    /// The weights of each query term (`ids`; unknown terms weigh
    /// nothing), computed once per query: `direct_score` reads them for
    /// every resource it scores, and an idf costs an integer log₂.
    pub(crate) fn query_weights(&self, ids: &[Option<usize>]) -> Vec<score::Weights> {
        ids.iter().map(|t| t.map_or([0; 3], |t| self.term_weights(t))).collect()
    }

    /// Scores resource `r` from its stored text; `None` when a term is
    /// absent (`all`) or when every term is absent. Unknown terms (`None`)
    /// are absent everywhere. `weights` are `query_weights(ids)`.
    pub(crate) fn direct_score(
        &self,
        r: u32,
        keys: &[u64],
        ids: &[Option<usize>],
        weights: &[score::Weights],
        all: bool,
        scratch: &mut Vec<u64>,
    ) -> Option<Score> {
        let s = &self.store;
        let ix = &self.index;
        let i = r as usize;
        scratch.clear();
        doc_terms(s.name(r).chars(), scratch);
        let name_tokens = scratch.len();
        doc_terms(s.summary(r).chars(), scratch);
        let (name_toks, abs_toks) = scratch.split_at(name_tokens);
        let items = s.items_of(r);
        let n_items = u64::from(items.end - items.start);
        let name_len = u64::from(s.name_len.get(i).copied().unwrap_or(0));
        let abs_len = u64::from(s.abstract_len.get(i).copied().unwrap_or(0));
        let mut score: Score = 0;
        let mut found = false;
        for ((&key, &t), &term_weights) in keys.iter().zip(ids).zip(weights) {
            let Some(t) = t else {
                if all {
                    return None;
                }
                continue;
            };
            let tf_name = name_toks.iter().filter(|&&k| k == key).count() as u32;
            let tf_abs = abs_toks.iter().filter(|&&k| k == key).count() as u32;
            let vocab = ix.vocab_of(t);
            let tf_items = items
                .clone()
                .filter(|&it| vocab.binary_search(&s.item_name_id(it)).is_ok())
                .count()
                .min(usize::from(u16::MAX)) as u32;
            if tf_name == 0 && tf_abs == 0 && tf_items == 0 {
                if all {
                    return None;
                }
                continue;
            }
            found = true;
            score = score.saturating_add(score::term_score(
                term_weights,
                [tf_name, tf_abs, tf_items],
                [name_len, abs_len, n_items],
                &self.sat,
            ));
        }
        found.then_some(score)
    }

    fn count(&self, r: u32, c: &mut Counts) {
        if let Some(&row) = self.slots.rows.get(r as usize) {
            c.count_row(row);
        }
    }

    /// Counts every member of `set` (as `count` does, one at a time) and
    /// returns how many there are. One loop over the set's words and the
    /// rows of each: a broad query counts a million matches, and in
    /// WebAssembly a call per match was 12 % of a search (V8 profile).
    fn count_set(&self, set: &Bits, c: &mut Counts) -> u64 {
        let rows = &self.slots.rows;
        let mut total = 0u64;
        for (w, &word) in set.0.iter().enumerate() {
            total += u64::from(word.count_ones());
            let start = w.saturating_mul(64).min(rows.len());
            let block = rows.get(start..start.saturating_add(64).min(rows.len())).unwrap_or(&[]);
            let mut bits = word;
            while bits != 0 {
                let b = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                if let Some(&row) = block.get(b) {
                    c.count_row(row);
                }
            }
        }
        total
    }

    fn facet_values(&self, mut c: Counts) -> Vec<(&'static str, String, u64)> {
        let s = &self.store;
        for (g, &n) in c.group.iter().enumerate().filter(|(_, &n)| n > 0) {
            let Some(group) = self.slots.groups.get(g) else { continue };
            // As the columns were counted: a byte outside a counter's range
            // (only in forged data) is not counted.
            for (counter, value) in [
                (&mut c.classification[..], group.class as usize),
                (&mut c.sharing[..], usize::from(group.sharing)),
                (&mut c.grade[..], usize::from(group.grade)),
                (&mut c.cycle[..], usize::from(group.cycle)),
                (&mut c.format[..], usize::from(group.format)),
            ] {
                if let Some(slot) = counter.get_mut(value) {
                    *slot += n;
                }
            }
        }
        let mut out = Vec::new();
        for (slot, &n) in c.provider.iter().enumerate() {
            let name = self.slots.providers.get(slot).map_or("", |&[id, _]| s.dict.get(id));
            if n > 0 && !name.is_empty() {
                out.push(("provider", name.to_owned(), n));
            }
        }
        for (slot, &n) in c.classification.iter().enumerate() {
            let class = self.slots.classes.get(slot).map_or("", String::as_str);
            if n > 0 && !class.is_empty() {
                out.push(("classification", class.to_owned(), n));
            }
        }
        enum_facet_values(&c.sharing, &c.grade, &c.cycle, &c.format, &mut out);
        out
    }

    pub(crate) fn hit(&self, sc: &Scored, terms: &[u64], catalog: &str) -> SearchHit {
        let s = &self.store;
        let r = sc.r;
        let term_ids: Vec<usize> = terms.iter().filter_map(|&k| self.index.term(k)).collect();
        let mut matched_items: Vec<String> = Vec::new();
        for i in s.items_of(r) {
            let vid = s.item_name_id(i);
            if term_ids.iter().any(|&t| self.index.vocab_of(t).binary_search(&vid).is_ok()) {
                let name = s.vocab.get(vid);
                if !matched_items.iter().any(|m| m == name) {
                    matched_items.push(name.to_owned());
                }
            }
        }
        SearchHit {
            catalog: catalog.to_owned(),
            code: s.code(r).to_owned(),
            name: s.name(r).owned(),
            provider: s.provider_name(r).to_owned(),
            provider_code: s.provider_code_str(r).to_owned(),
            sharing: s.sharing_type(r),
            grade: s.grade_of(r),
            score: displayed(sc.score),
            matched_items,
        }
    }
}

/// The facet values of the closed vocabularies from their counters, indexed
/// by the stored byte: sharing by its number; grade, update cycle and format
/// with 0 for "missing" (not counted). Eager and lazy search share it.
pub(crate) fn enum_facet_values(
    sharing: &[u64],
    grade: &[u64],
    cycle: &[u64],
    format: &[u64],
    out: &mut Vec<(&'static str, String, u64)>,
) {
    for (v, &n) in sharing.iter().enumerate() {
        if let Some(t) = SharingType::from_u8(v as u8).filter(|_| n > 0) {
            out.push(("sharing", t.as_str().to_owned(), n));
        }
    }
    for (v, &n) in grade.iter().enumerate().skip(1) {
        if n > 0 {
            out.push(("grade", v.to_string(), n));
        }
    }
    for (v, &n) in cycle.iter().enumerate().skip(1) {
        if let Some(t) = UpdateCycle::from_u8(v as u8 - 1).filter(|_| n > 0) {
            out.push(("update_cycle", t.as_str().to_owned(), n));
        }
    }
    for (v, &n) in format.iter().enumerate().skip(1) {
        if let Some(t) = ResourceFormat::from_u8(v as u8 - 1).filter(|_| n > 0) {
            out.push(("format", t.as_str().to_owned(), n));
        }
    }
}

/// Sums facet values (from one or several catalogs) into sorted facets.
pub(crate) fn facets_from(values: impl IntoIterator<Item = (&'static str, String, u64)>) -> Facets {
    let mut sums: HashMap<(&'static str, String), u64> = HashMap::new();
    for (facet, value, n) in values {
        *sums.entry((facet, value)).or_default() += n;
    }
    let mut f = Facets::default();
    for ((facet, value), count) in sums {
        let list = match facet {
            "provider" => &mut f.provider,
            "sharing" => &mut f.sharing,
            "grade" => &mut f.grade,
            "update_cycle" => &mut f.update_cycle,
            "format" => &mut f.format,
            _ => &mut f.classification,
        };
        list.push(FacetCount { value, count });
    }
    for list in [
        &mut f.provider,
        &mut f.sharing,
        &mut f.grade,
        &mut f.update_cycle,
        &mut f.format,
        &mut f.classification,
    ] {
        // Values are distinct within a facet: the order is total.
        list.sort_unstable_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::sample::{sample_json, SampleOptions};

    /// Facets as the columns say, counted one match at a time (what the
    /// grouped counting must equal).
    fn facets_by_column(cat: &Catalog, matched: &[u32]) -> Facets {
        let s = &cat.store;
        let mut sharing = [0u64; 3];
        let (mut grade, mut cycle, mut format) = (vec![0u64; 256], [0u64; 7], [0u64; 8]);
        let mut out = Vec::new();
        for &r in matched {
            let i = r as usize;
            let provider = s.provider_name(r);
            if !provider.is_empty() {
                out.push(("provider", provider.to_owned(), 1));
            }
            if let Some(c) = s.classification_str(r).chars().next() {
                out.push(("classification", c.to_string(), 1));
            }
            for (counter, v) in [
                (&mut sharing[..], s.sharing[i]),
                (&mut grade[..], s.grade[i]),
                (&mut cycle[..], s.cycle[i]),
                (&mut format[..], s.format[i]),
            ] {
                if let Some(n) = counter.get_mut(usize::from(v)) {
                    *n += 1;
                }
            }
        }
        enum_facet_values(&sharing, &grade, &cycle, &format, &mut out);
        facets_from(out)
    }

    /// The filter as the columns say, one column per filter (what the
    /// per-group and per-slot decision must equal).
    fn passes_by_column(cat: &Catalog, q: &SearchQuery, r: u32) -> bool {
        let (s, i) = (&cat.store, r as usize);
        if let Some(p) = &q.provider {
            let Some(p) = s.dict.lookup(p) else { return false };
            if s.provider[i] != p && s.provider_code[i] != p {
                return false;
            }
        }
        q.sharing.is_none_or(|v| s.sharing[i] == v.to_u8())
            && q.grade.is_none_or(|v| s.grade[i] == v)
            && q.update_cycle.is_none_or(|v| s.cycle[i] == v.to_u8() + 1)
            && q.format.is_none_or(|v| s.format[i] == v.to_u8() + 1)
            && q.classification_prefix
                .as_ref()
                .is_none_or(|p| s.classification_str(r).starts_with(p.as_str()))
    }

    #[test]
    fn filters_decided_per_group_and_provider_slot_equal_testing_each_column() {
        let doc = sample_json(&SampleOptions::national(3000, 5)).unwrap();
        let built = Catalog::from_json(doc.as_bytes()).unwrap();
        let (info, mut store, index) = (built.info.clone(), built.store.clone(), built.index.clone());
        // A provider name under two codes, and one provider's code under
        // another's name (neither is rejected at load), and bytes out of
        // every enumeration's range.
        let other = (0..3000).find(|&r| store.provider[r] != store.provider[10]).unwrap();
        store.provider_code[10] = store.provider_code[other];
        store.provider[20] = store.provider_code[30];
        for (r, v) in [(3usize, 200u8), (70, 7), (900, 255)] {
            store.sharing[r] = v;
            store.grade[r] = v;
            store.cycle[r] = v;
            store.format[r] = v;
        }
        let cat = Catalog::from_parts(info, store, index);
        let s = &cat.store;
        let name_of = |r: u32| s.provider_name(r).to_owned();
        let code_of = |r: u32| s.provider_code_str(r).to_owned();
        let providers = [
            None,
            Some(name_of(10)),
            Some(code_of(10)),
            Some(code_of(other as u32)),
            Some(code_of(30)),
            Some("无此部门".into()),
        ];
        let class = s.classification_str(0).chars().take(2).collect::<String>();
        let all_of = |q: &SearchQuery| -> Vec<String> {
            let mut codes: Vec<String> = cat.search(q).unwrap().hits.into_iter().map(|h| h.code).collect();
            codes.sort();
            codes
        };
        let mut checked = 0;
        for text in ["", "数据"] {
            let everything = SearchQuery { text: text.into(), limit: 10_000, ..SearchQuery::default() };
            let unfiltered = all_of(&everything);
            for provider in &providers {
                for sharing in [None, Some(SharingType::Conditional)] {
                    for grade in [None, Some(s.grade[7]), Some(200)] {
                        for update_cycle in [None, Some(UpdateCycle::Daily)] {
                            for prefix in [None, Some(class.clone())] {
                                let q = SearchQuery {
                                    provider: provider.clone(),
                                    sharing,
                                    grade,
                                    update_cycle,
                                    classification_prefix: prefix,
                                    ..everything.clone()
                                };
                                let want: Vec<String> = unfiltered
                                    .iter()
                                    .filter(|code| {
                                        let r = cat.index.find_code(s, code).next().unwrap();
                                        passes_by_column(&cat, &q, r)
                                    })
                                    .cloned()
                                    .collect();
                                assert_eq!(all_of(&q), want, "{q:?}");
                                checked += usize::from(!want.is_empty());
                            }
                        }
                    }
                }
            }
        }
        assert!(checked > 50, "most combinations keep something: {checked}");
        // The forged pairs are found by name and by code alike.
        for provider in [name_of(10), code_of(other as u32), code_of(30)] {
            let q = SearchQuery { provider: Some(provider), limit: 10_000, ..SearchQuery::default() };
            assert!(cat.search(&q).unwrap().total > 0);
        }
    }

    #[test]
    fn grouped_facet_counts_equal_counting_each_column_even_with_forged_bytes() {
        let doc = sample_json(&SampleOptions::national(3000, 11)).unwrap();
        let built = Catalog::from_json(doc.as_bytes()).unwrap();
        let (info, mut store, index) = (built.info.clone(), built.store.clone(), built.index.clone());
        // Bytes no document can produce (a damaged or forged snapshot):
        // out of every counter's range, or counted as they are (grade).
        for (r, v) in [(3usize, 200u8), (70, 7), (900, 255), (2999, 3)] {
            store.sharing[r] = v;
            store.grade[r] = v;
            store.cycle[r] = v;
            store.format[r] = v;
        }
        let cat = Catalog::from_parts(info, store, index);
        let queries = [
            SearchQuery { limit: 10_000, ..SearchQuery::default() },
            SearchQuery { text: "数据".into(), limit: 10_000, ..SearchQuery::default() },
            SearchQuery { text: "人口 信息".into(), limit: 10_000, ..SearchQuery::default() },
            SearchQuery { grade: Some(200), limit: 10_000, ..SearchQuery::default() },
            SearchQuery { sharing: Some(SharingType::Conditional), limit: 10_000, ..SearchQuery::default() },
        ];
        for q in queries {
            let result = cat.search(&q).unwrap();
            assert!(result.total > 0, "{q:?}");
            assert_eq!(result.total, result.hits.len() as u64, "{q:?}: the page holds every match");
            let matched: Vec<u32> = result
                .hits
                .iter()
                .map(|h| cat.index.find_code(&cat.store, &h.code).next().unwrap())
                .collect();
            assert_eq!(result.facets, facets_by_column(&cat, &matched), "{q:?}");
        }
        // The forged grade is a facet value of its own, as before.
        let all = cat.search(&SearchQuery { limit: 0, ..SearchQuery::default() }).unwrap();
        assert!(all.facets.grade.iter().any(|f| f.value == "200"));
    }
}
