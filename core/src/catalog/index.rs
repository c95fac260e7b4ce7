//! The full-text index: postings lists for resource names and abstracts,
//! and a two-level index for data items (term → distinct item names → the
//! resources that carry them), since item names repeat massively.
//!
//! A postings list is a sorted run of resource numbers, delta-encoded as
//! LEB128 varints: `(delta << 1 | tf>1)`, then `tf` when it is above one.

use super::model::Resource;
use super::raw::RawResource;
use super::store::{IdMap, Store};
use super::text::doc_terms;
use crate::{Error, Location, Result};

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    if v < 0x80 {
        // Most gaps of long lists: one byte.
        out.push(v as u8);
        return;
    }
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads the varint at `pos`, moving `pos` past it; `None` when damaged.
#[inline]
pub(crate) fn get_varint(bytes: &[u8], pos: &mut usize) -> Option<u64> {
    let mut v: u64 = 0;
    for shift in (0..64).step_by(7) {
        let b = *bytes.get(*pos)?;
        *pos += 1;
        v |= u64::from(b & 0x7F) << shift;
        if b & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

/// A postings list being built.
#[derive(Debug, Clone, Default)]
struct PostingBuf {
    bytes: Vec<u8>,
    last: u32,
    df: u32,
}

impl PostingBuf {
    fn push(&mut self, doc: u32, tf: u32) {
        put_posting(&mut self.bytes, (self.df > 0).then_some(self.last), doc, tf);
        self.last = doc;
        self.df = self.df.saturating_add(1);
    }
}

/// Appends the posting of `doc` (term frequency `tf`) to a list whose last
/// posting is `prev` (`None` for its first): the one encoding of postings.
pub(crate) fn put_posting(out: &mut Vec<u8>, prev: Option<u32>, doc: u32, tf: u32) {
    let delta = u64::from(doc.wrapping_sub(prev.unwrap_or(0)));
    put_varint(out, delta << 1 | u64::from(tf > 1));
    if tf > 1 {
        put_varint(out, u64::from(tf));
    }
}

/// Decodes a postings list; stops quietly at damaged bytes.
#[derive(Debug, Clone)]
pub(crate) struct Postings<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// The resource of the posting before `pos` (0 at the start: the first
    /// posting is a delta from 0, as `PostingBuf::push` writes it).
    prev: u64,
}

impl<'a> Postings<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Self::resume(bytes, 0, 0)
    }

    /// Continues a list at byte `pos`, after the posting of resource `prev`.
    fn resume(bytes: &'a [u8], pos: usize, prev: u32) -> Self {
        Postings { bytes, pos, prev: u64::from(prev) }
    }

    /// Where the next posting starts, and the resource before it.
    pub(crate) fn mark(&self) -> (u32, u32) {
        (self.pos as u32, self.prev as u32)
    }

    fn varint(&mut self) -> Option<u64> {
        get_varint(self.bytes, &mut self.pos)
    }
}

impl Iterator for Postings<'_> {
    /// (resource number, term frequency)
    type Item = (u32, u32);

    fn next(&mut self) -> Option<(u32, u32)> {
        let head = self.varint()?;
        let tf = if head & 1 == 1 { self.varint()? } else { 1 };
        let doc = self.prev.checked_add(head >> 1)?;
        self.prev = doc;
        Some((u32::try_from(doc).ok()?, u32::try_from(tf).unwrap_or(u32::MAX)))
    }
}

/// The finished index: flat arrays, ready to snapshot.
#[derive(Debug, Clone, Default)]
pub(crate) struct Index {
    /// Sorted term keys; term `t` is `term_keys[t]`.
    pub(crate) term_keys: Vec<u64>,
    pub(crate) name_off: Vec<u32>,
    pub(crate) name_post: Vec<u8>,
    pub(crate) name_df: Vec<u32>,
    pub(crate) abs_off: Vec<u32>,
    pub(crate) abs_post: Vec<u8>,
    pub(crate) abs_df: Vec<u32>,
    /// Term → the item names (vocabulary ids, ascending) containing it.
    pub(crate) vocab_off: Vec<u32>,
    pub(crate) vocab_ids: Vec<u32>,
    /// Per term: resources having an item whose name contains it.
    pub(crate) item_df: Vec<u32>,
    /// Item name → the resources carrying it (tf = how many such items).
    pub(crate) item_off: Vec<u32>,
    pub(crate) item_post: Vec<u8>,
    /// Per item name: resources carrying it.
    pub(crate) vocab_df: Vec<u32>,
    /// Resource numbers sorted by code (then number); and each one's rank.
    pub(crate) code_order: Vec<u32>,
    pub(crate) code_rank: Vec<u32>,
}

fn range(off: &[u32], i: usize) -> std::ops::Range<usize> {
    let start = off.get(i).copied().unwrap_or(0) as usize;
    let end = off.get(i + 1).copied().unwrap_or(0) as usize;
    start..end.max(start)
}

impl Index {
    pub(crate) fn term(&self, key: u64) -> Option<usize> {
        self.term_keys.binary_search(&key).ok()
    }

    pub(crate) fn name_postings(&self, t: usize) -> Postings<'_> {
        Postings::new(self.name_post.get(range(&self.name_off, t)).unwrap_or(&[]))
    }

    pub(crate) fn abs_postings(&self, t: usize) -> Postings<'_> {
        Postings::new(self.abs_post.get(range(&self.abs_off, t)).unwrap_or(&[]))
    }

    /// Name (`field` 0) or abstract (1) postings of term `t`, from a mark.
    pub(crate) fn field_postings_at(&self, field: usize, t: usize, pos: u32, prev: u32) -> Postings<'_> {
        let (off, post) =
            if field == 0 { (&self.name_off, &self.name_post) } else { (&self.abs_off, &self.abs_post) };
        Postings::resume(post.get(range(off, t)).unwrap_or(&[]), pos as usize, prev)
    }

    /// The encoded name (`field` 0) or abstract (1) postings of term `t`.
    pub(crate) fn field_bytes(&self, field: usize, t: usize) -> &[u8] {
        let (off, post) =
            if field == 0 { (&self.name_off, &self.name_post) } else { (&self.abs_off, &self.abs_post) };
        post.get(range(off, t)).unwrap_or(&[])
    }

    /// The encoded postings of an item name.
    pub(crate) fn item_bytes(&self, vocab_id: u32) -> &[u8] {
        self.item_post.get(range(&self.item_off, vocab_id as usize)).unwrap_or(&[])
    }

    pub(crate) fn vocab_of(&self, t: usize) -> &[u32] {
        self.vocab_ids.get(range(&self.vocab_off, t)).unwrap_or(&[])
    }

    pub(crate) fn item_postings(&self, vocab_id: u32) -> Postings<'_> {
        Postings::new(self.item_post.get(range(&self.item_off, vocab_id as usize)).unwrap_or(&[]))
    }

    /// Resource numbers whose code is exactly `code`, in document order.
    pub(crate) fn find_code<'s>(&'s self, store: &'s Store, code: &'s str) -> impl Iterator<Item = u32> + 's {
        let start = self.code_order.partition_point(|&r| store.code(r) < code);
        self.code_order
            .get(start..)
            .unwrap_or(&[])
            .iter()
            .copied()
            .take_while(move |&r| store.code(r) == code)
    }
}

/// Each resource's place in `code_order` (the inverse permutation).
pub(crate) fn ranks(code_order: &[u32]) -> Vec<u32> {
    let mut rank = vec![0u32; code_order.len()];
    for (place, &r) in code_order.iter().enumerate() {
        if let Some(slot) = rank.get_mut(r as usize) {
            *slot = place as u32;
        }
    }
    rank
}

fn limit(what: &str) -> Error {
    Error::LimitExceeded { what: what.into(), limit: u64::from(u32::MAX), location: Location::default() }
}

/// Builds the store and the index together, one resource at a time.
#[derive(Debug, Default)]
pub(crate) struct Builder {
    pub(crate) store: Store,
    terms: IdMap<u32>,
    keys: Vec<u64>,
    name: Vec<PostingBuf>,
    abs: Vec<PostingBuf>,
    vocab_terms: Vec<Vec<u32>>,
    /// Item name → its terms (builder term numbers), for `item_df`.
    name_terms: Vec<Vec<u32>>,
    item_df: Vec<u32>,
    /// Per term: the last resource counted in `item_df` (+1; 0 = none).
    item_df_last: Vec<u32>,
    items: Vec<PostingBuf>,
    scratch_terms: Vec<u64>,
    scratch_ids: Vec<u32>,
    new_names: Vec<u32>,
    /// Builder term numbers of recently seen keys, direct-mapped
    /// ([`TERM_CACHE`] slots, `(0, _)` empty: no key is 0).
    term_cache: Vec<(u64, u32)>,
    /// Per term: the field it was last counted in ([`Self::field_run`]),
    /// and how often it occurs there.
    last_run: Vec<u32>,
    run_count: Vec<u32>,
    /// Numbers one field of one resource; the terms counted in it.
    field_run: u32,
    run_terms: Vec<u32>,
}

/// Slots of the builder's term cache: most tokens are a few frequent terms,
/// and a hash-map lookup per token was a tenth of a build in WebAssembly.
const TERM_CACHE: usize = 1 << 14;

impl Builder {
    fn term(&mut self, key: u64) -> usize {
        let slot = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - TERM_CACHE.trailing_zeros())) as usize;
        if let Some(&(cached, t)) = self.term_cache.get(slot) {
            if cached == key {
                return t as usize;
            }
        }
        let next = self.keys.len() as u32;
        let t = *self.terms.entry(key).or_insert(next);
        if t == next {
            self.keys.push(key);
            self.name.push(PostingBuf::default());
            self.abs.push(PostingBuf::default());
            self.vocab_terms.push(Vec::new());
            self.item_df.push(0);
            self.item_df_last.push(0);
            self.last_run.push(0);
            self.run_count.push(0);
        }
        if self.term_cache.is_empty() {
            self.term_cache = vec![(0, 0); TERM_CACHE];
        }
        if let Some(entry) = self.term_cache.get_mut(slot) {
            *entry = (key, t);
        }
        t as usize
    }

    /// Tokenizes `text` into `scratch_terms` (in text order, with repeats)
    /// and returns the token count.
    fn tokenize(&mut self, text: &str) -> u16 {
        self.scratch_terms.clear();
        doc_terms(text.chars(), &mut self.scratch_terms);
        u16::try_from(self.scratch_terms.len()).unwrap_or(u16::MAX)
    }

    /// Feeds `scratch_terms` into a field's postings: each term once, with
    /// how often it occurs (counted per term, not by sorting the tokens).
    fn post_field(&mut self, r: u32, abstract_field: bool) {
        self.field_run = self.field_run.wrapping_add(1);
        if self.field_run == 0 {
            self.last_run.fill(0);
            self.field_run = 1;
        }
        let run = self.field_run;
        let terms = std::mem::take(&mut self.scratch_terms);
        self.run_terms.clear();
        for &key in &terms {
            let t = self.term(key);
            if let (Some(last), Some(count)) = (self.last_run.get_mut(t), self.run_count.get_mut(t)) {
                if *last == run {
                    *count += 1;
                } else {
                    *last = run;
                    *count = 1;
                    self.run_terms.push(t as u32);
                }
            }
        }
        self.scratch_terms = terms;
        let lists = if abstract_field { &mut self.abs } else { &mut self.name };
        for &t in &self.run_terms {
            let count = self.run_count.get(t as usize).copied().unwrap_or(1);
            if let Some(list) = lists.get_mut(t as usize) {
                list.push(r, count);
            }
        }
    }

    /// Adds a model resource (deltas, in-memory resources).
    pub(crate) fn add_model(&mut self, res: &Resource) -> Result<()> {
        self.add(&RawResource::from_model(res))
    }

    pub(crate) fn add(&mut self, res: &RawResource<'_>) -> Result<()> {
        self.new_names.clear();
        let r = self.store.push(res, &mut self.new_names)?;
        for k in 0..self.new_names.len() {
            let vid = self.new_names[k];
            let name = self.store.vocab.get(vid).to_owned();
            self.tokenize(&name);
            self.scratch_terms.sort_unstable();
            self.scratch_terms.dedup();
            let terms = std::mem::take(&mut self.scratch_terms);
            let mut ids = Vec::with_capacity(terms.len());
            for &key in &terms {
                let t = self.term(key);
                self.vocab_terms[t].push(vid);
                ids.push(t as u32);
            }
            self.scratch_terms = terms;
            self.name_terms.push(ids);
            self.items.push(PostingBuf::default());
        }
        let n = self.tokenize(&res.name);
        self.store.name_len.push(n);
        self.post_field(r, false);
        let n = self.tokenize(&res.summary);
        self.store.abstract_len.push(n);
        self.post_field(r, true);
        let range = self.store.items_of(r);
        self.scratch_ids.clear();
        let store = &self.store;
        self.scratch_ids.extend(range.map(|i| store.item_name_id(i)));
        self.scratch_ids.sort_unstable();
        let mark = r + 1;
        for run in self.scratch_ids.chunk_by(|a, b| a == b) {
            if let Some(list) = self.items.get_mut(run[0] as usize) {
                list.push(r, run.len() as u32);
            }
            for &t in self.name_terms.get(run[0] as usize).map_or(&[][..], Vec::as_slice) {
                if let (Some(last), Some(df)) =
                    (self.item_df_last.get_mut(t as usize), self.item_df.get_mut(t as usize))
                {
                    if *last != mark {
                        *last = mark;
                        *df += 1;
                    }
                }
            }
        }
        Ok(())
    }

    pub(crate) fn finish(self) -> Result<(Store, Index)> {
        let Builder { store, keys, name, abs, vocab_terms, items, item_df, .. } = self;
        let mut order: Vec<u32> = (0..keys.len() as u32).collect();
        order.sort_unstable_by_key(|&t| keys[t as usize]);
        let mut ix =
            Index { term_keys: order.iter().map(|&t| keys[t as usize]).collect(), ..Index::default() };
        let flatten = |lists: &[PostingBuf], off: &mut Vec<u32>, post: &mut Vec<u8>, df: &mut Vec<u32>| {
            off.push(0);
            for &t in &order {
                let l = &lists[t as usize];
                post.extend_from_slice(&l.bytes);
                off.push(u32::try_from(post.len()).map_err(|_| limit("index bytes"))?);
                df.push(l.df);
            }
            Ok::<(), Error>(())
        };
        flatten(&name, &mut ix.name_off, &mut ix.name_post, &mut ix.name_df)?;
        drop(name);
        flatten(&abs, &mut ix.abs_off, &mut ix.abs_post, &mut ix.abs_df)?;
        drop(abs);
        ix.vocab_off.push(0);
        for &t in &order {
            ix.vocab_ids.extend_from_slice(&vocab_terms[t as usize]);
            ix.vocab_off.push(u32::try_from(ix.vocab_ids.len()).map_err(|_| limit("index entries"))?);
        }
        drop(vocab_terms);
        ix.item_df = order.iter().map(|&t| item_df[t as usize]).collect();
        ix.vocab_df = items.iter().map(|l| l.df).collect();
        ix.item_off.push(0);
        for l in &items {
            ix.item_post.extend_from_slice(&l.bytes);
            ix.item_off.push(u32::try_from(ix.item_post.len()).map_err(|_| limit("index bytes"))?);
        }
        drop(items);
        let mut code_order: Vec<u32> = (0..store.len() as u32).collect();
        // Bytes compare as the strings do (UTF-8 keeps code-point order).
        code_order.sort_unstable_by(|&a, &b| store.code_bytes(a).cmp(store.code_bytes(b)).then(a.cmp(&b)));
        ix.code_rank = ranks(&code_order);
        ix.code_order = code_order;
        for v in [&mut ix.name_post, &mut ix.abs_post, &mut ix.item_post] {
            v.shrink_to_fit();
        }
        for v in [
            &mut ix.name_off,
            &mut ix.name_df,
            &mut ix.abs_off,
            &mut ix.abs_df,
            &mut ix.vocab_off,
            &mut ix.vocab_ids,
            &mut ix.item_off,
        ] {
            v.shrink_to_fit();
        }
        let mut store = store;
        store.shrink();
        Ok((store, ix))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_round_trip() {
        let mut b = PostingBuf::default();
        for (d, tf) in [(0, 1), (3, 2), (4, 1), (300, 7), (70000, 1)] {
            b.push(d, tf);
        }
        let got: Vec<_> = Postings::new(&b.bytes).collect();
        assert_eq!(got, vec![(0, 1), (3, 2), (4, 1), (300, 7), (70000, 1)]);
        assert_eq!(b.df, 5);
        // Damaged bytes stop the iterator instead of panicking.
        assert!(Postings::new(&[0xFF, 0xFF]).next().is_none());
    }
}
