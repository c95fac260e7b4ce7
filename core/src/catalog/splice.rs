//! Applying a delta without re-indexing the catalog (issue #14 step 6).
//!
//! Only the resources a delta brings are tokenized and indexed, on their own
//! (the *segment*). The catalog a rebuild would make is then written by
//! merging arrays: resources are renumbered in document order, strings and
//! item names are numbered again in order of first use (as interning in
//! document order numbers them), postings lists are merged and re-encoded,
//! statistics are corrected by what the withdrawn resources carried. Nothing
//! of the rest of the catalog is tokenized, hashed or sorted again, so the
//! cost is a few passes over its arrays, not an index build.
//!
//! The result is, byte for byte, the catalog [`Builder`] makes from the
//! resulting resources (`core/tests/delta_rebuild.rs` checks snapshots and
//! pages; the `catalog_delta` fuzz target compares both paths). Whatever the
//! merge cannot read consistently (a store or index that disagrees with
//! itself) makes it give up, and the caller rebuilds instead.

use super::index::{get_varint, put_posting, ranks, Builder, Index, Postings};
use super::model::Resource;
use super::store::{Arena, Interner, ItemKind, Store, NONE};
use super::text::doc_terms;
use crate::Result;

/// One resource of the catalog a delta leaves, in document order.
pub(crate) enum Row<'d> {
    /// Resource number `r` of the catalog as it was, unchanged.
    Kept(u32),
    /// A resource the delta adds or replaces.
    New(&'d Resource),
}

/// Where a resource of the merged catalog comes from.
#[derive(Clone, Copy)]
enum Src {
    Old(u32),
    Seg(u32),
}

/// The merged store and index, `Ok(None)` when the catalog's own arrays
/// disagree with each other and a rebuild must decide, or the limit a
/// rebuild would also hit.
pub(crate) fn splice(old: &Store, old_ix: &Index, plan: &[Row<'_>]) -> Result<Option<(Store, Index)>> {
    let mut builder = Builder::default();
    let mut rows = Vec::with_capacity(plan.len());
    for row in plan {
        match *row {
            Row::Kept(r) => rows.push(Src::Old(r)),
            Row::New(res) => {
                rows.push(Src::Seg(builder.store.len() as u32));
                builder.add_model(res)?;
            }
        }
    }
    let (seg, seg_ix) = builder.finish()?;
    let parts = Parts { old, seg: &seg, old_ix, seg_ix: &seg_ix, rows: &rows };
    Ok(parts.merge())
}

/// The strings of two interners in one id space: the old ids, then those of
/// the segment's strings the old interner lacks.
struct Joined<'a> {
    old: &'a Interner,
    seg: &'a Interner,
    /// Segment id → joined id.
    of_seg: Vec<u32>,
    /// Joined id − old length → segment id.
    fresh: Vec<u32>,
    /// Joined id → segment id (`NONE` when the segment lacks the string).
    seg_of: Vec<u32>,
}

impl<'a> Joined<'a> {
    fn new(old: &'a Interner, seg: &'a Interner) -> Self {
        let mut of_seg = Vec::with_capacity(seg.len());
        let mut fresh = Vec::new();
        for id in 0..seg.len() as u32 {
            let joined = match old.lookup(seg.get(id)) {
                Some(o) => o,
                None => {
                    fresh.push(id);
                    (old.len() + fresh.len() - 1) as u32
                }
            };
            of_seg.push(joined);
        }
        let mut seg_of = vec![NONE; old.len() + fresh.len()];
        for (id, &j) in of_seg.iter().enumerate() {
            if let Some(slot) = seg_of.get_mut(j as usize) {
                *slot = id as u32;
            }
        }
        Joined { old, seg, of_seg, fresh, seg_of }
    }

    fn len(&self) -> usize {
        self.old.len() + self.fresh.len()
    }

    fn get(&self, joined: u32) -> &str {
        match (joined as usize).checked_sub(self.old.len()) {
            None => self.old.get(joined),
            Some(k) => self.seg.get(self.fresh.get(k).copied().unwrap_or(NONE)),
        }
    }

    /// The joined id of a value read from `src`'s store (`NONE` stays).
    fn id(&self, src: Src, id: u32) -> Option<u32> {
        match (src, id) {
            (_, NONE) => Some(NONE),
            (Src::Old(_), id) => ((id as usize) < self.old.len()).then_some(id),
            (Src::Seg(_), id) => self.of_seg.get(id as usize).copied(),
        }
    }
}

/// Numbers in order of first use, as an interner fed in document order
/// numbers its strings.
struct FirstUse {
    new_of: Vec<u32>,
    order: Vec<u32>,
}

impl FirstUse {
    fn new(size: usize) -> Self {
        FirstUse { new_of: vec![NONE; size], order: Vec::new() }
    }

    fn see(&mut self, id: u32) -> Option<()> {
        if id == NONE {
            return Some(());
        }
        let slot = self.new_of.get_mut(id as usize)?;
        if *slot == NONE {
            *slot = self.order.len() as u32;
            self.order.push(id);
        }
        Some(())
    }

    /// The new number of a seen id (`NONE` stays `NONE`).
    fn get(&self, id: u32) -> Option<u32> {
        if id == NONE {
            return Some(NONE);
        }
        self.new_of.get(id as usize).copied().filter(|&n| n != NONE)
    }

    fn arena(&self, joined: &Joined<'_>) -> Result<Arena> {
        let mut arena: Arena = Arena::default();
        arena.ends.reserve_exact(self.order.len());
        for &id in &self.order {
            arena.push(joined.get(id))?;
        }
        Ok(arena)
    }
}

type Column<T> = fn(&Store) -> &Vec<T>;
type ColumnMut<T> = fn(&mut Store) -> &mut Vec<T>;

/// The dict-id columns, in the order `Store::push` interns them.
const DICT_COLUMNS: [(Column<u32>, ColumnMut<u32>); 10] = [
    (|s| &s.classification, |s| &mut s.classification),
    (|s| &s.provider, |s| &mut s.provider),
    (|s| &s.provider_code, |s| &mut s.provider_code),
    (|s| &s.published, |s| &mut s.published),
    (|s| &s.conditions, |s| &mut s.conditions),
    (|s| &s.open_conditions, |s| &mut s.open_conditions),
    (|s| &s.scope, |s| &mut s.scope),
    (|s| &s.purpose, |s| &mut s.purpose),
    (|s| &s.basis_title, |s| &mut s.basis_title),
    (|s| &s.basis_article, |s| &mut s.basis_article),
];

/// The per-resource columns copied as they are.
const BYTE_COLUMNS: [(Column<u8>, ColumnMut<u8>); 7] = [
    (|s| &s.basis_kind, |s| &mut s.basis_kind),
    (|s| &s.security, |s| &mut s.security),
    (|s| &s.sharing, |s| &mut s.sharing),
    (|s| &s.format, |s| &mut s.format),
    (|s| &s.cycle, |s| &mut s.cycle),
    (|s| &s.open, |s| &mut s.open),
    (|s| &s.grade, |s| &mut s.grade),
];

/// A store's ids → the merged store's: dict and item-name ids, and
/// personal-information kinds (`pi_kinds` index → the new `kind_pi`).
struct Tables {
    dict: Table,
    vocab: Table,
    pi: Vec<u16>,
}

/// Old id → new id, and whether that is the same id for every one.
struct Table {
    new: Vec<u32>,
    same: bool,
}

impl Table {
    fn new(new: Vec<u32>) -> Table {
        let same = new.iter().enumerate().all(|(i, &n)| n as usize == i);
        Table { new, same }
    }
}

/// Appends `values` numbered anew through `table` (`NONE` stays `NONE`);
/// `None` when a value has no new number.
fn put_renumbered_ids(out: &mut Vec<u32>, values: &[u32], table: &Table) -> Option<()> {
    let Table { new: table, same } = table;
    out.reserve(values.len());
    if *same {
        // Nothing moved (often so for item names): the values stand, but
        // each must still be a known id.
        if values.iter().any(|&id| id != NONE && id as usize >= table.len()) {
            return None;
        }
        out.extend_from_slice(values);
        return Some(());
    }
    for &id in values {
        out.push(if id == NONE { NONE } else { *table.get(id as usize).filter(|&&n| n != NONE)? });
    }
    Some(())
}

struct Parts<'a> {
    old: &'a Store,
    seg: &'a Store,
    old_ix: &'a Index,
    seg_ix: &'a Index,
    rows: &'a [Src],
}

/// A list of postings with the resource numbers of the merged catalog.
fn mapped<'p>(list: Postings<'p>, new_of: &'p [u32]) -> impl Iterator<Item = (u32, u32)> + 'p {
    list.filter_map(move |(doc, tf)| new_of.get(doc as usize).filter(|&&n| n != NONE).map(|&n| (n, tf)))
}

/// How the old resource numbers move: the resources the delta removes, in
/// order, and after each how far the kept resources behind it move down.
/// Kept resources keep their order, so a list is renumbered by comparing
/// each posting with the next removed resource, not by a lookup per posting.
struct Moves {
    removed: Vec<u32>,
    shift_after: Vec<u32>,
    resources: u32,
}

impl Moves {
    /// `None` unless `old_new` keeps the order of the resources it keeps.
    fn new(old_new: &[u32]) -> Option<Moves> {
        let resources = u32::try_from(old_new.len()).ok()?;
        let removed: Vec<u32> = (0..resources).filter(|&r| old_new[r as usize] == NONE).collect();
        // Each removed resource's shift is that of the kept ones after it
        // (0 when none is: nothing behind it is read).
        let mut shift_after = vec![0u32; removed.len()];
        let (mut next_shift, mut i) = (0u32, removed.len());
        for (r, &new) in old_new.iter().enumerate().rev() {
            if new == NONE {
                i -= 1;
                shift_after[i] = next_shift;
            } else {
                next_shift = (r as u32).checked_sub(new)?;
            }
        }
        // Check the model against every kept resource.
        let mut c = 0usize;
        for (r, &new) in old_new.iter().enumerate() {
            if new == NONE {
                c += 1;
            } else if Some(new) != (r as u32).checked_sub(c.checked_sub(1).map_or(0, |i| shift_after[i])) {
                return None;
            }
        }
        Some(Moves { removed, shift_after, resources })
    }
}

/// Appends the encoded list `bytes` (old resource numbers) renumbered by
/// `moves`, merged with the ascending postings `extra` (new numbers). A
/// posting whose gap to the one before it is unchanged has unchanged bytes,
/// so stretches of those are copied as they are and only the postings around
/// a change are encoded again. Returns how many postings it wrote; `None`
/// when the list is damaged or the result would not ascend.
fn put_renumbered(out: &mut Vec<u8>, bytes: &[u8], moves: &Moves, extra: &[(u32, u32)]) -> Option<u32> {
    let removed = &moves.removed;
    // The next removed resource (or the end of the old numbers): crossing
    // it is the only time the shift changes.
    let mut c = 0usize;
    let mut shift = 0u32;
    let mut next_event = removed.first().copied().unwrap_or(moves.resources);
    let mut extra = extra.iter().copied().peekable();
    let mut next_extra = extra.peek().map_or(u32::MAX, |e| e.0);
    let (mut pos, mut run) = (0usize, 0usize);
    let mut old: u32 = 0;
    let mut list = Written::default();
    while pos < bytes.len() {
        // (At a removed resource `old` may lie below the shift of the kept
        // resources after it.)
        if list.df > 0 && old.checked_sub(shift) == list.last {
            // The last posting kept its bytes: so do the ones after it, up
            // to the next removed resource or inserted posting. Only their
            // gaps are summed (one-byte heads; anything else goes the long
            // way below).
            let limit = next_event.min(next_extra.saturating_add(shift).saturating_add(1));
            let mut kept = 0u32;
            // Eight at a time while every byte is a whole posting (one-byte
            // head, gap above 0, term frequency 1): their gaps summed in one
            // word.
            while let Some(word) = bytes.get(pos..pos + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
                let w = u64::from_le_bytes(word);
                let has_zero_byte = w.wrapping_sub(ONES) & !w & HIGH_BITS != 0;
                if w & (HIGH_BITS | ONES) != 0 || has_zero_byte {
                    break;
                }
                let gaps = (w >> 1) & !HIGH_BITS;
                let pairs = (gaps & 0x00FF_00FF_00FF_00FF) + ((gaps >> 8) & 0x00FF_00FF_00FF_00FF);
                let sum = (pairs.wrapping_mul(0x0001_0001_0001_0001) >> 48) as u32;
                if old.saturating_add(sum) >= limit {
                    break;
                }
                old += sum;
                pos += 8;
                kept += 8;
            }
            while pos < bytes.len() {
                let mut next = pos;
                let head = read_varint(bytes, &mut next)?;
                let gap = u32::try_from(head >> 1).unwrap_or(u32::MAX);
                if gap == 0 || old.saturating_add(gap) >= limit {
                    break;
                }
                if head & 1 == 1 {
                    read_varint(bytes, &mut next)?;
                }
                pos = next;
                old += gap;
                kept += 1;
            }
            if kept > 0 {
                list.last = Some(old.checked_sub(shift)?);
                list.df += kept;
                continue;
            }
        }
        let start = pos;
        let head = read_varint(bytes, &mut pos)?;
        let tf = if head & 1 == 1 { u32::try_from(read_varint(bytes, &mut pos)?).ok()? } else { 1 };
        let gap = head >> 1;
        old = u32::try_from(u64::from(old).checked_add(gap)?).ok()?;
        if old >= next_event {
            if old >= moves.resources {
                return None;
            }
            // Lists are read in order: the next removed resource is usually
            // the one just passed.
            while removed.get(c).is_some_and(|&x| x < old) {
                c += 1;
            }
            shift = c.checked_sub(1).map_or(0, |i| moves.shift_after[i]);
            next_event = removed.get(c).copied().unwrap_or(moves.resources);
            if next_event == old {
                // A removed resource: its posting goes.
                out.extend_from_slice(bytes.get(run..start)?);
                run = pos;
                continue;
            }
        }
        let new = old.checked_sub(shift)?;
        if next_extra < new {
            out.extend_from_slice(bytes.get(run..start)?);
            run = start;
            while let Some((e, etf)) = extra.next_if(|&(e, _)| e < new) {
                list.put(out, e, etf)?;
            }
            next_extra = extra.peek().map_or(u32::MAX, |e| e.0);
        }
        if list.gap_to(new)? == gap {
            // The same bytes: leave it in the stretch to copy.
            list.count(new);
        } else {
            out.extend_from_slice(bytes.get(run..start)?);
            list.put(out, new, tf)?;
            run = pos;
        }
    }
    out.extend_from_slice(bytes.get(run..pos)?);
    for (e, etf) in extra {
        list.put(out, e, etf)?;
    }
    Some(list.df)
}

/// [`get_varint`] with its common cases, one and two bytes, inline: the
/// merge reads every posting of the catalog.
#[inline(always)]
fn read_varint(bytes: &[u8], pos: &mut usize) -> Option<u64> {
    match (bytes.get(*pos), bytes.get(*pos + 1)) {
        (Some(&b0), _) if b0 < 0x80 => {
            *pos += 1;
            Some(u64::from(b0))
        }
        (Some(&b0), Some(&b1)) if b1 < 0x80 => {
            *pos += 2;
            Some(u64::from(b0 & 0x7F) | u64::from(b1) << 7)
        }
        _ => get_varint(bytes, pos),
    }
}

/// Every byte's lowest bit, and every byte's highest bit, in a word.
const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The end of a list being written: its last resource and its length.
#[derive(Default)]
struct Written {
    last: Option<u32>,
    df: u32,
}

impl Written {
    /// The gap from the last posting to `doc`; `None` unless it ascends.
    fn gap_to(&self, doc: u32) -> Option<u64> {
        match self.last {
            Some(last) if last >= doc => None,
            last => Some(u64::from(doc - last.unwrap_or(0))),
        }
    }

    fn count(&mut self, doc: u32) {
        self.last = Some(doc);
        self.df += 1;
    }

    fn put(&mut self, out: &mut Vec<u8>, doc: u32, tf: u32) -> Option<()> {
        self.gap_to(doc)?;
        put_posting(out, self.last, doc, tf);
        self.count(doc);
        Some(())
    }
}

impl Parts<'_> {
    fn store(&self, src: Src) -> (&Store, u32) {
        match src {
            Src::Old(r) => (self.old, r),
            Src::Seg(j) => (self.seg, j),
        }
    }

    fn merge(&self) -> Option<(Store, Index)> {
        let (old_new, seg_new) = self.numbers()?;
        let dict = Joined::new(&self.old.dict, &self.seg.dict);
        let vocab = Joined::new(&self.old.vocab, &self.seg.vocab);
        let (strings, names, pi) = self.first_uses(&dict, &vocab)?;
        let store = self.merged_store(&dict, &vocab, &strings, &names, &pi)?;
        let index = self.merged_index(&store, &vocab, &names, &old_new, &seg_new)?;
        Some((store, index))
    }

    /// The merged catalog's number of each old and each segment resource.
    fn numbers(&self) -> Option<(Vec<u32>, Vec<u32>)> {
        let mut old_new = vec![NONE; self.old.len()];
        let mut seg_new = vec![NONE; self.seg.len()];
        for (p, &src) in self.rows.iter().enumerate() {
            let slot = match src {
                Src::Old(r) => old_new.get_mut(r as usize)?,
                Src::Seg(j) => seg_new.get_mut(j as usize)?,
            };
            if *slot != NONE {
                return None;
            }
            *slot = u32::try_from(p).ok()?;
        }
        Some((old_new, seg_new))
    }

    /// Strings, item names and personal-information kinds numbered in the
    /// order `Store::push` meets them in the merged document.
    fn first_uses(&self, dict: &Joined<'_>, vocab: &Joined<'_>) -> Option<(FirstUse, FirstUse, FirstUse)> {
        let mut strings = FirstUse::new(dict.len());
        let mut names = FirstUse::new(vocab.len());
        let mut pi = FirstUse::new(dict.len());
        // Item names and personal-information kinds are few: once every one
        // has been met, the items need not be read again (`merged_store`
        // still checks each of them).
        let mut kinds: Vec<u32> = Vec::new();
        for (src, s) in [(Src::Old(0), self.old), (Src::Seg(0), self.seg)] {
            for &kind in &s.pi_kinds {
                kinds.push(dict.id(src, kind)?);
            }
        }
        kinds.sort_unstable();
        kinds.dedup();
        for &src in self.rows {
            let (s, r) = self.store(src);
            for (col, _) in DICT_COLUMNS {
                strings.see(dict.id(src, *col(s).get(r as usize)?)?)?;
            }
            let all_met = names.order.len() == vocab.len() && pi.order.len() == kinds.len();
            for i in s.items_of(r).take(if all_met { 0 } else { usize::MAX }) {
                names.see(vocab.id(src, s.item_name_id(i))?)?;
                if let Some(kind) = pi_kind(s, i)? {
                    let joined = dict.id(src, kind)?;
                    strings.see(joined)?;
                    pi.see(joined)?;
                }
            }
            for &code in related(s, r)? {
                strings.see(dict.id(src, code)?)?;
            }
        }
        Some((strings, names, pi))
    }

    /// Consecutive rows from one store, as (store, first row, end row).
    fn runs(&self) -> Vec<(Src, u32)> {
        let mut runs: Vec<(Src, u32)> = Vec::new();
        for &src in self.rows {
            match (runs.last_mut(), src) {
                (Some((Src::Old(a), n)), Src::Old(r)) if *a + *n == r => *n += 1,
                (Some((Src::Seg(a), n)), Src::Seg(j)) if *a + *n == j => *n += 1,
                _ => runs.push((src, 1)),
            }
        }
        runs
    }

    /// The new number of each id of a store's dict, item names and
    /// personal-information kinds.
    fn tables(
        &self,
        src: Src,
        dict: &Joined<'_>,
        vocab: &Joined<'_>,
        strings: &FirstUse,
        names: &FirstUse,
        pi: &FirstUse,
    ) -> Tables {
        let (s, _) = self.store(src);
        let table = |len: usize, joined: &Joined<'_>, uses: &FirstUse| -> Vec<u32> {
            (0..len as u32).map(|id| joined.id(src, id).and_then(|j| uses.get(j)).unwrap_or(NONE)).collect()
        };
        let pi: Vec<u16> = s
            .pi_kinds
            .iter()
            .map(|&kind| {
                dict.id(src, kind)
                    .and_then(|j| pi.get(j))
                    .and_then(|p| u16::try_from(p + 1).ok())
                    .unwrap_or(0)
            })
            .collect();
        Tables {
            dict: Table::new(table(s.dict.len(), dict, strings)),
            vocab: Table::new(table(s.vocab.len(), vocab, names)),
            pi,
        }
    }

    fn merged_store(
        &self,
        dict: &Joined<'_>,
        vocab: &Joined<'_>,
        strings: &FirstUse,
        names: &FirstUse,
        pi: &FirstUse,
    ) -> Option<Store> {
        let n = self.rows.len();
        let old_tables = self.tables(Src::Old(0), dict, vocab, strings, names, pi);
        let seg_tables = self.tables(Src::Seg(0), dict, vocab, strings, names, pi);
        let mut out = Store::default();
        // Room for everything at once: growing would copy the columns again.
        let (old, seg) = (self.old, self.seg);
        out.codes.text.reserve_exact(old.codes.text.len() + seg.codes.text.len());
        out.codes.ends.reserve_exact(n);
        out.prose.text.reserve_exact(old.prose.text.len() + seg.prose.text.len());
        out.prose.ends.reserve_exact(n * 2);
        for (_, col) in DICT_COLUMNS {
            col(&mut out).reserve_exact(n);
        }
        for (_, col) in BYTE_COLUMNS {
            col(&mut out).reserve_exact(n);
        }
        out.modes.reserve_exact(n);
        out.name_len.reserve_exact(n);
        out.abstract_len.reserve_exact(n);
        out.item_start.reserve_exact(n + 1);
        out.related_start.reserve_exact(n + 1);
        out.item_kind.reserve_exact(old.item_count() + seg.item_count());
        // Each store's kind → the merged store's, numbered as the items
        // first use them (as `Store::push` numbers them).
        let mut old_kinds = vec![NONE; old.kind_name.len()];
        let mut seg_kinds = vec![NONE; seg.kind_name.len()];
        // Old kinds `0..old_same` are numbered as they were.
        let mut old_same = 0usize;
        out.related.reserve_exact(old.related.len() + seg.related.len());
        if n > 0 {
            out.item_start.push(0);
            out.related_start.push(0);
        }
        let runs = self.runs();
        for &(src, len) in &runs {
            let (s, a) = self.store(src);
            let t = if matches!(src, Src::Old(_)) { &old_tables } else { &seg_tables };
            let (a, b) = (a as usize, a as usize + len as usize);
            // Texts: a code, a name and an abstract per resource, a
            // stretch of each arena.
            out.codes.extend_from(&s.codes, 1, a, b)?;
            out.prose.extend_from(&s.prose, 2, a, b)?;
            for (col, col_mut) in DICT_COLUMNS {
                let values = col(s).get(a..b)?;
                put_renumbered_ids(col_mut(&mut out), values, &t.dict)?;
            }
            for (col, col_mut) in BYTE_COLUMNS {
                col_mut(&mut out).extend_from_slice(col(s).get(a..b)?);
            }
            out.modes.extend_from_slice(s.modes.get(a..b)?);
            out.name_len.extend_from_slice(s.name_len.get(a..b)?);
            out.abstract_len.extend_from_slice(s.abstract_len.get(a..b)?);
            // Items: the run's items are one stretch too.
            let (ia, ib) = (*s.item_start.get(a)? as usize, *s.item_start.get(b)? as usize);
            let item_base = out.item_count();
            let old_run = matches!(src, Src::Old(_));
            // Old items mostly keep their kind's number (a delta rarely
            // changes which kind is used first): a run whose kinds all map
            // to themselves already is copied whole.
            let copied = old_run && out.item_kind_wide.is_empty() && s.item_kind_wide.is_empty() && {
                let run = s.item_kind.get(ia..ib)?;
                let same = run.iter().max().is_none_or(|&most| usize::from(most) < old_same);
                if same {
                    out.item_kind.extend_from_slice(run);
                }
                same
            };
            if !copied {
                let kinds = if old_run { &mut old_kinds } else { &mut seg_kinds };
                for i in ia as u32..ib as u32 {
                    let k = s.kind_of(i);
                    let slot = kinds.get_mut(k as usize)?;
                    if *slot == NONE {
                        let kind = s.kind(k)?;
                        let pi = match kind.pi {
                            0 => 0,
                            p => *t.pi.get(usize::from(p) - 1).filter(|&&q| q != 0)?,
                        };
                        let name = *t.vocab.new.get(kind.name as usize).filter(|&&n| n != NONE)?;
                        *slot = out.intern_kind(ItemKind { name, pi, ..kind }).ok()?;
                    }
                    out.push_item_kind(*slot);
                }
                while old_kinds.get(old_same) == Some(&(old_same as u32)) {
                    old_same += 1;
                }
            }
            for &start in s.item_start.get(a + 1..=b)? {
                out.item_start.push(u32::try_from((start as usize).checked_sub(ia)? + item_base).ok()?);
            }
            // Related codes.
            let (ra, rb) = (*s.related_start.get(a)? as usize, *s.related_start.get(b)? as usize);
            let related_base = out.related.len();
            put_renumbered_ids(&mut out.related, s.related.get(ra..rb)?, &t.dict)?;
            for &start in s.related_start.get(a + 1..=b)? {
                out.related_start.push(u32::try_from((start as usize).checked_sub(ra)? + related_base).ok()?);
            }
        }
        if out.item_count() > u32::MAX as usize
            || out.codes.text.len() > u32::MAX as usize
            || out.prose.text.len() > u32::MAX as usize
        {
            return None;
        }
        for &joined in &pi.order {
            let id = strings.get(joined)?;
            out.pi_lookup.insert(id, u16::try_from(out.pi_kinds.len() + 1).ok()?);
            out.pi_kinds.push(id);
        }
        out.dict = Interner::from_arena(strings.arena(dict).ok()?);
        out.vocab = Interner::from_arena(names.arena(vocab).ok()?);
        out.shrink();
        Some(out)
    }

    /// For each old term, how many of the resources the delta removes carry
    /// it in an item name (to correct `item_df`).
    fn removed_item_df(&self, old_new: &[u32]) -> Option<Vec<u32>> {
        let mut removed = vec![0u32; self.old_ix.term_keys.len()];
        let mut keys = Vec::new();
        for (r, _) in old_new.iter().enumerate().filter(|(_, &n)| n == NONE) {
            keys.clear();
            for i in self.old.items_of(r as u32) {
                doc_terms(self.old.vocab.get(self.old.item_name_id(i)).chars(), &mut keys);
            }
            keys.sort_unstable();
            keys.dedup();
            for key in &keys {
                let t = self.old_ix.term(*key)?;
                let count = removed.get_mut(t)?;
                *count += 1;
            }
        }
        Some(removed)
    }

    fn merged_index(
        &self,
        store: &Store,
        vocab: &Joined<'_>,
        names: &FirstUse,
        old_new: &[u32],
        seg_new: &[u32],
    ) -> Option<Index> {
        let (old_ix, seg_ix) = (self.old_ix, self.seg_ix);
        let removed = self.removed_item_df(old_new)?;
        let moves = Moves::new(old_new)?;
        let mut extra = Vec::new();
        let mut ix = Index::default();
        for off in [&mut ix.name_off, &mut ix.abs_off, &mut ix.vocab_off, &mut ix.item_off] {
            off.push(0);
        }
        ix.name_post.reserve(old_ix.name_post.len() + seg_ix.name_post.len());
        ix.abs_post.reserve(old_ix.abs_post.len() + seg_ix.abs_post.len());
        ix.item_post.reserve(old_ix.item_post.len() + seg_ix.item_post.len());
        let terms = old_ix.term_keys.len() + seg_ix.term_keys.len();
        for v in [&mut ix.name_off, &mut ix.abs_off, &mut ix.vocab_off] {
            v.reserve(terms + 1);
        }
        for v in [&mut ix.name_df, &mut ix.abs_df, &mut ix.item_df] {
            v.reserve(terms);
        }
        ix.term_keys.reserve(terms);
        ix.vocab_ids.reserve(old_ix.vocab_ids.len() + seg_ix.vocab_ids.len());
        let (mut a, mut b) = (0usize, 0usize);
        let mut vocab_ids = Vec::new();
        loop {
            let (ka, kb) = (old_ix.term_keys.get(a).copied(), seg_ix.term_keys.get(b).copied());
            let (key, ot, st) = match (ka, kb) {
                (None, None) => break,
                (Some(x), Some(y)) if x == y => (x, Some(a), Some(b)),
                (Some(x), Some(y)) if x < y => (x, Some(a), None),
                (Some(x), None) => (x, Some(a), None),
                (_, Some(y)) => (y, None, Some(b)),
            };
            a += usize::from(ot.is_some());
            b += usize::from(st.is_some());
            let list = |field: usize, out: &mut Vec<u8>, extra: &mut Vec<(u32, u32)>| {
                let old_bytes = ot.map_or(&[][..], |t| old_ix.field_bytes(field, t));
                extra.clear();
                if let Some(t) = st {
                    extra.extend(mapped(seg_ix.field_postings_at(field, t, 0, 0), seg_new));
                }
                put_renumbered(out, old_bytes, &moves, extra)
            };
            let name_df = list(0, &mut ix.name_post, &mut extra)?;
            let abs_df = list(1, &mut ix.abs_post, &mut extra)?;
            vocab_ids.clear();
            for &id in ot.map_or(&[][..], |t| old_ix.vocab_of(t)) {
                // Names only the removed resources carried are gone.
                if let Some(new) = names.get(id) {
                    vocab_ids.push(new);
                }
            }
            for &id in st.map_or(&[][..], |t| seg_ix.vocab_of(t)) {
                vocab_ids.push(vocab.id(Src::Seg(0), id).and_then(|j| names.get(j))?);
            }
            vocab_ids.sort_unstable();
            vocab_ids.dedup();
            if name_df == 0 && abs_df == 0 && vocab_ids.is_empty() {
                // Only removed resources used the term: a rebuild never meets it.
                continue;
            }
            let old_item_df = ot.map_or(Some(0), |t| old_ix.item_df.get(t)?.checked_sub(*removed.get(t)?));
            let seg_item_df = st.map_or(Some(0), |t| seg_ix.item_df.get(t).copied());
            let item_df = old_item_df?.checked_add(seg_item_df?)?;
            ix.term_keys.push(key);
            ix.name_off.push(u32::try_from(ix.name_post.len()).ok()?);
            ix.name_df.push(name_df);
            ix.abs_off.push(u32::try_from(ix.abs_post.len()).ok()?);
            ix.abs_df.push(abs_df);
            ix.vocab_ids.extend_from_slice(&vocab_ids);
            ix.vocab_off.push(u32::try_from(ix.vocab_ids.len()).ok()?);
            ix.item_df.push(item_df);
        }
        // Item postings, in the merged numbering of item names.
        for &joined in &names.order {
            let old_bytes = if (joined as usize) < vocab.old.len() { old_ix.item_bytes(joined) } else { &[] };
            let seg_id = vocab.seg_of.get(joined as usize).copied().unwrap_or(NONE);
            extra.clear();
            if seg_id != NONE {
                extra.extend(mapped(seg_ix.item_postings(seg_id), seg_new));
            }
            let df = put_renumbered(&mut ix.item_post, old_bytes, &moves, &extra)?;
            ix.item_off.push(u32::try_from(ix.item_post.len()).ok()?);
            ix.vocab_df.push(df);
        }
        ix.code_order = self.merged_code_order(store, old_new, seg_new)?;
        ix.code_rank = ranks(&ix.code_order);
        for v in [&mut ix.name_post, &mut ix.abs_post, &mut ix.item_post] {
            v.shrink_to_fit();
        }
        for v in [&mut ix.name_off, &mut ix.name_df, &mut ix.abs_off, &mut ix.abs_df, &mut ix.vocab_off] {
            v.shrink_to_fit();
        }
        ix.vocab_ids.shrink_to_fit();
        Some(ix)
    }

    /// The old code order without the removed resources, with the segment's
    /// resources inserted where their codes sort (ties by number).
    fn merged_code_order(&self, store: &Store, old_new: &[u32], seg_new: &[u32]) -> Option<Vec<u32>> {
        let kept: Vec<u32> = self
            .old_ix
            .code_order
            .iter()
            .filter_map(|&r| old_new.get(r as usize).copied().filter(|&n| n != NONE))
            .collect();
        let mut out = Vec::with_capacity(kept.len() + seg_new.len());
        let mut from = 0usize;
        for &j in &self.seg_ix.code_order {
            let r = *seg_new.get(j as usize)?;
            let key = (store.code(r), r);
            let at = from + kept.get(from..)?.partition_point(|&k| (store.code(k), k) < key);
            out.extend_from_slice(kept.get(from..at)?);
            out.push(r);
            from = at;
        }
        out.extend_from_slice(kept.get(from..)?);
        (out.len() == self.rows.len()).then_some(out)
    }
}

/// The dict id of item `i`'s personal-information kind, if it has one.
fn pi_kind(s: &Store, i: u32) -> Option<Option<u32>> {
    match s.kind_pi.get(s.kind_of(i) as usize)?.checked_sub(1) {
        None => Some(None),
        Some(k) => s.pi_kinds.get(usize::from(k)).map(|&id| Some(id)),
    }
}

/// The dict ids of resource `r`'s related codes.
fn related(s: &Store, r: u32) -> Option<&[u32]> {
    let start = *s.related_start.get(r as usize)? as usize;
    let end = *s.related_start.get(r as usize + 1)? as usize;
    s.related.get(start..end)
}
