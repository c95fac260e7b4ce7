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
use super::load::{earlier_failure, unless_failed};
use super::model::{CatalogInfo, FORMAT_VERSION, MIN_FORMAT_VERSION};
use super::store::{item_flags, utf8, Arena, Interner, Prose, Store, LEN_BIG, NARROW_KINDS, NONE};
use crate::encoding::{is_low_surrogate, utf16};
use crate::{Error, Result};

/// The snapshot layout this build writes and reads.
/// Version 2 added the catalog format version 2 columns (security level,
/// sharing scope and purpose, legal basis) and the source format version,
/// and packs the sharing modes in a u64 (all eleven fit; a u32 held eight).
/// Version 3 keeps the items' identifier class in bits 4–6 of their flags
/// (a version 2 reader would have ignored it: it is refused instead).
/// Version 4 keeps resource names and abstracts in UTF-16 (two bytes a
/// Chinese character instead of three) apart from the codes (UTF-8).
/// Version 5 keeps each distinct item kind (name, length, grade, flags,
/// personal information) once, and each item as its kind's number.
pub const SNAPSHOT_VERSION: u32 = 5;
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

/// The element width of one snapshot array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Width {
    U8,
    U16,
    U32,
    U64,
}

impl Width {
    pub(crate) const fn bytes(self) -> usize {
        match self {
            Width::U8 => 1,
            Width::U16 => 2,
            Width::U32 => 4,
            Width::U64 => 8,
        }
    }
}

/// The payload's arrays in order: a name (for error details) and a width.
/// `Catalog::snapshot_payload` writes exactly these and `assemble` reads them.
pub(crate) const LAYOUT: [(&str, Width); 58] = {
    use Width::*;
    [
        ("catalog info", U8),
        ("source format version", U32),
        ("resource codes", U8),
        ("resource code ends", U32),
        ("resource names and abstracts", U16),
        ("resource name and abstract ends", U32),
        ("strings", U8),
        ("string ends", U32),
        ("item names", U8),
        ("item name ends", U32),
        ("classification", U32),
        ("provider", U32),
        ("provider code", U32),
        ("published", U32),
        ("conditions", U32),
        ("open conditions", U32),
        ("scope", U32),
        ("purpose", U32),
        ("basis title", U32),
        ("basis article", U32),
        ("sharing", U8),
        ("format", U8),
        ("cycle", U8),
        ("open", U8),
        ("grade", U8),
        ("basis kind", U8),
        ("security", U8),
        ("modes", U64),
        ("item ranges", U32),
        ("related ranges", U32),
        ("related codes", U32),
        ("name lengths", U16),
        ("abstract lengths", U16),
        ("item kinds", U16),
        ("item kinds, wide", U32),
        ("kind item-name ids", U32),
        ("kind lengths", U16),
        ("long kind length ids", U32),
        ("long kind lengths", U32),
        ("kind grades", U8),
        ("kind flags", U8),
        ("kind personal information", U16),
        ("personal information kinds", U32),
        ("term keys", U64),
        ("name posting offsets", U32),
        ("name postings", U8),
        ("name document frequencies", U32),
        ("abstract posting offsets", U32),
        ("abstract postings", U8),
        ("abstract document frequencies", U32),
        ("term item-name offsets", U32),
        ("term item-name ids", U32),
        ("item document frequencies", U32),
        ("item posting offsets", U32),
        ("item postings", U8),
        ("item-name document frequencies", U32),
        ("code order", U32),
        ("code ranks", U32),
    ]
};

/// The element width in bytes of each array of [`LAYOUT`], in order: for
/// tools outside the crate that walk a snapshot's arrays (the fuzz
/// targets), so the layout has one home.
#[doc(hidden)]
pub const LAYOUT_WIDTHS: [u64; LAYOUT.len()] = {
    let mut widths = [0u64; LAYOUT.len()];
    let mut k = 0;
    while k < LAYOUT.len() {
        widths[k] = LAYOUT[k].1.bytes() as u64;
        k += 1;
    }
    widths
};

/// One decoded array.
#[derive(Debug)]
pub(crate) enum Column {
    U8(Vec<u8>),
    U16(Vec<u16>),
    U32(Vec<u32>),
    U64(Vec<u64>),
}

impl Column {
    /// Elements held.
    pub(crate) fn len(&self) -> usize {
        match self {
            Column::U8(v) => v.len(),
            Column::U16(v) => v.len(),
            Column::U32(v) => v.len(),
            Column::U64(v) => v.len(),
        }
    }

    /// An empty column with room for `n` elements, or `None` when the memory
    /// cannot be had (a refusal, not an abort: the count may be forged).
    fn with_capacity(width: Width, n: usize) -> Option<Column> {
        fn room<T>(n: usize) -> Option<Vec<T>> {
            let mut v = Vec::new();
            v.try_reserve_exact(n).ok()?;
            Some(v)
        }
        Some(match width {
            Width::U8 => Column::U8(room(n)?),
            Width::U16 => Column::U16(room(n)?),
            Width::U32 => Column::U32(room(n)?),
            Width::U64 => Column::U64(room(n)?),
        })
    }

    /// Appends whole little-endian elements (`bytes` holds a multiple of the width).
    fn extend(&mut self, bytes: &[u8]) {
        match self {
            Column::U8(v) => v.extend_from_slice(bytes),
            Column::U16(v) => extend_le(v, bytes, |c| u16::from_le_bytes([c[0], c[1]])),
            Column::U32(v) => extend_le(v, bytes, |c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])),
            Column::U64(v) => {
                extend_le(v, bytes, |c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
            }
        }
    }
}

/// Appends the whole little-endian elements of `bytes` to `v`. On a
/// little-endian target (WebAssembly, x86, ARM as run) they are already the
/// elements' bytes, so they are copied in one go (after the room is zeroed:
/// safe code cannot copy into uninitialized memory); decoded one by one,
/// they took a tenth of a load.
fn extend_le<T: bytemuck::Pod>(v: &mut Vec<T>, bytes: &[u8], decode: impl Fn(&[u8]) -> T) {
    let width = std::mem::size_of::<T>();
    let whole = &bytes[..bytes.len() - bytes.len() % width];
    if cfg!(target_endian = "little") {
        let at = v.len();
        v.resize(at + whole.len() / width, T::zeroed());
        // The room just made holds exactly `whole`'s bytes.
        bytemuck::cast_slice_mut::<T, u8>(&mut v[at..]).copy_from_slice(whole);
    } else {
        v.extend(whole.chunks_exact(width).map(decode));
    }
}

/// Decodes the payload's arrays from consecutive pieces, each straight into
/// its final vector (allocated once, at its exact size, after its count is
/// checked against the bytes still to come): the whole payload is never
/// held, so a WASM heap only grows by the catalog itself.
#[derive(Debug)]
pub(crate) struct ArrayDecoder {
    done: Vec<Column>,
    /// The array being filled, and its elements still missing.
    current: Option<(Column, usize)>,
    /// A count or element cut at the end of the last piece.
    partial: [u8; 8],
    partial_len: usize,
    /// Bytes the stream still has to deliver.
    remaining: u64,
}

/// The largest payload a snapshot or a published index may declare (16
/// GiB, twenty times the 1M catalog's): a forged length cannot make the
/// decoder reserve more. Within it, memory is reserved fallibly.
pub const MAX_SNAPSHOT_BYTES: u64 = 1 << 34;

impl ArrayDecoder {
    /// A decoder for a payload of exactly `length` bytes.
    pub(crate) fn new(length: u64) -> Result<Self> {
        if length > MAX_SNAPSHOT_BYTES {
            return Err(Error::LimitExceeded {
                what: "catalog snapshot or index (bytes)".into(),
                limit: MAX_SNAPSHOT_BYTES,
                location: crate::Location::default(),
            });
        }
        Ok(ArrayDecoder {
            done: Vec::with_capacity(LAYOUT.len()),
            current: None,
            partial: [0; 8],
            partial_len: 0,
            remaining: length,
        })
    }

    /// How many arrays are complete.
    pub(crate) fn arrays_done(&self) -> usize {
        self.done.len()
    }

    /// True between arrays (no count or element half read).
    pub(crate) fn at_boundary(&self) -> bool {
        self.current.is_none() && self.partial_len == 0
    }

    pub(crate) fn push(&mut self, mut piece: &[u8]) -> Result<()> {
        let n = piece.len() as u64;
        if n > self.remaining {
            return Err(invalid("longer than its declared length"));
        }
        self.remaining -= n;
        while !piece.is_empty() {
            let Some((column, missing)) = self.current.as_mut() else {
                // A count: 8 bytes, possibly split across pieces.
                let want = 8 - self.partial_len;
                let take = want.min(piece.len());
                self.partial[self.partial_len..self.partial_len + take].copy_from_slice(&piece[..take]);
                self.partial_len += take;
                piece = &piece[take..];
                if self.partial_len == 8 {
                    self.partial_len = 0;
                    self.start_array(u64::from_le_bytes(self.partial), piece.len() as u64)?;
                }
                continue;
            };
            let width = match column {
                Column::U8(_) => 1,
                Column::U16(_) => 2,
                Column::U32(_) => 4,
                Column::U64(_) => 8,
            };
            if self.partial_len > 0 {
                // Complete the element cut at the end of the last piece.
                let take = (width - self.partial_len).min(piece.len());
                self.partial[self.partial_len..self.partial_len + take].copy_from_slice(&piece[..take]);
                self.partial_len += take;
                piece = &piece[take..];
                if self.partial_len < width {
                    continue;
                }
                column.extend(&self.partial[..width]);
                self.partial_len = 0;
                *missing -= 1;
            }
            let whole = (*missing).min(piece.len() / width);
            column.extend(&piece[..whole * width]);
            *missing -= whole;
            piece = &piece[whole * width..];
            if *missing > 0 && !piece.is_empty() {
                // Less than one element left in this piece.
                self.partial[..piece.len()].copy_from_slice(piece);
                self.partial_len = piece.len();
                piece = &[];
            }
            if *missing == 0 {
                if let Some((column, _)) = self.current.take() {
                    self.done.push(column);
                }
            }
        }
        Ok(())
    }

    /// Starts the next array of [`LAYOUT`] with `count` elements; `in_piece`
    /// bytes of the current piece follow the count.
    fn start_array(&mut self, count: u64, in_piece: u64) -> Result<()> {
        let Some(&(name, width)) = LAYOUT.get(self.done.len()) else {
            return Err(invalid("trailing bytes in the payload"));
        };
        let bytes = count.checked_mul(width.bytes() as u64);
        if bytes.is_none_or(|b| b > self.remaining + in_piece) {
            return Err(invalid(&format!("truncated array ({name})")));
        }
        let n = usize::try_from(count).map_err(|_| invalid(&format!("array too long ({name})")))?;
        let column = Column::with_capacity(width, n).ok_or_else(|| Error::LimitExceeded {
            what: format!("memory for the array ({name})"),
            limit: self.remaining + in_piece,
            location: crate::Location::default(),
        })?;
        if n == 0 {
            self.done.push(column);
        } else {
            self.current = Some((column, n));
        }
        Ok(())
    }

    /// All arrays, once the payload is complete.
    pub(crate) fn finish(self) -> Result<Vec<Column>> {
        if self.remaining > 0 || !self.at_boundary() {
            return Err(invalid("truncated"));
        }
        if self.done.len() != LAYOUT.len() {
            return Err(invalid("truncated (arrays missing)"));
        }
        Ok(self.done)
    }
}

/// Loads a snapshot pushed in pieces (a file read or a download in chunks),
/// checking its header and checksum, without holding the snapshot bytes:
/// each array is decoded into place as its bytes arrive.
#[derive(Debug)]
pub struct SnapshotLoader {
    header: Vec<u8>,
    crc: crc32fast::Hasher,
    /// Set once the header is read.
    decoder: Option<(ArrayDecoder, u32)>,
    failed: bool,
}

impl Default for SnapshotLoader {
    fn default() -> Self {
        Self::new()
    }
}

impl SnapshotLoader {
    pub fn new() -> Self {
        SnapshotLoader {
            header: Vec::with_capacity(HEADER),
            crc: crc32fast::Hasher::new(),
            decoder: None,
            failed: false,
        }
    }

    /// Feeds the next piece. After an error the loader refuses further input.
    pub fn push(&mut self, piece: &[u8]) -> Result<()> {
        unless_failed(self, |l| &mut l.failed, |l| l.push_inner(piece))
    }

    fn push_inner(&mut self, mut piece: &[u8]) -> Result<()> {
        if self.decoder.is_none() {
            let take = (HEADER - self.header.len()).min(piece.len());
            self.header.extend_from_slice(&piece[..take]);
            piece = &piece[take..];
            if self.header.len() < HEADER {
                return refuse_wrong_magic(&self.header);
            }
            self.decoder = Some(read_header(&self.header)?);
        }
        if let Some((decoder, _)) = self.decoder.as_mut() {
            self.crc.update(piece);
            decoder.push(piece)?;
        }
        Ok(())
    }

    /// Ends the snapshot: checks the checksum and every offset and id.
    pub fn finish(self) -> Result<Catalog> {
        if self.failed {
            return Err(earlier_failure());
        }
        let Some((decoder, crc)) = self.decoder else {
            refuse_wrong_magic(&self.header)?;
            return Err(invalid("shorter than the header"));
        };
        if decoder.remaining > 0 {
            return Err(invalid("payload length does not match the header (truncated)"));
        }
        if self.crc.finalize() != crc {
            return Err(invalid("checksum mismatch (damaged)"));
        }
        assemble(decoder.finish()?)
    }
}

/// An incomplete header is refused as soon as its magic is in and wrong.
fn refuse_wrong_magic(head: &[u8]) -> Result<()> {
    if head.len() >= MAGIC.len() && !head.starts_with(MAGIC) {
        return Err(bad_magic());
    }
    Ok(())
}

fn bad_magic() -> Error {
    invalid("not a govshare catalog snapshot (bad magic bytes; a JSON document is loaded as JSON, with the full SDK)")
}

/// The payload decoder and the checksum a complete header announces.
fn read_header(head: &[u8]) -> Result<(ArrayDecoder, u32)> {
    if !head.starts_with(MAGIC) {
        return Err(bad_magic());
    }
    let field = |r: std::ops::Range<usize>| head.get(r).unwrap_or(&[]);
    let version = u32::from_le_bytes(field(8..12).try_into().map_err(|_| invalid("header"))?);
    if version != SNAPSHOT_VERSION {
        return Err(Error::SnapshotVersion { found: version, supported: SNAPSHOT_VERSION });
    }
    let len = u64::from_le_bytes(field(12..20).try_into().map_err(|_| invalid("header"))?);
    let crc = u32::from_le_bytes(field(20..24).try_into().map_err(|_| invalid("header"))?);
    Ok((ArrayDecoder::new(len)?, crc))
}

/// Takes the arrays of [`LAYOUT`] in order. Infallible on purpose: a wrong
/// width or bad UTF-8 only sets `bad`, checked once at the end, so that
/// `assemble` has one exit instead of an early return (with its drop code)
/// after each of its arrays. The takers are kept out of line: inlined
/// at each of `assemble`'s 58 calls they cost the catalog module 0.8 KB
/// gzipped, for no time a load can see.
struct Columns {
    columns: std::vec::IntoIter<Column>,
    bad: bool,
}

impl Columns {
    #[inline(never)]
    fn bytes(&mut self) -> Vec<u8> {
        match self.columns.next() {
            Some(Column::U8(v)) => v,
            _ => self.fail(),
        }
    }
    #[inline(never)]
    fn u16s(&mut self) -> Vec<u16> {
        match self.columns.next() {
            Some(Column::U16(v)) => v,
            _ => self.fail(),
        }
    }
    #[inline(never)]
    fn u32s(&mut self) -> Vec<u32> {
        match self.columns.next() {
            Some(Column::U32(v)) => v,
            _ => self.fail(),
        }
    }
    #[inline(never)]
    fn u64s(&mut self) -> Vec<u64> {
        match self.columns.next() {
            Some(Column::U64(v)) => v,
            _ => self.fail(),
        }
    }
    fn fail<T: Default>(&mut self) -> T {
        self.bad = true;
        T::default()
    }
    /// An array that must be UTF-8 text.
    fn text(&mut self) -> Vec<u8> {
        let bytes = self.bytes();
        if utf8(&bytes) {
            bytes
        } else {
            self.fail()
        }
    }
    fn arena(&mut self) -> Arena {
        Arena { text: self.text(), ends: self.u32s() }
    }
    /// An arena of UTF-16 text.
    fn prose(&mut self) -> Prose {
        let units = self.u16s();
        let text = if utf16(&units) { units } else { self.fail() };
        Arena { text, ends: self.u32s() }
    }
}

/// Builds the catalog from decoded arrays, after checking every offset and id.
pub(crate) fn assemble(columns: Vec<Column>) -> Result<Catalog> {
    let mut r = Columns { columns: columns.into_iter(), bad: false };
    let info: CatalogInfo = serde_json::from_slice(&r.bytes()).map_err(|_| invalid("catalog info"))?;
    let source_version = match r.u32s().as_slice() {
        [v] if (MIN_FORMAT_VERSION..=FORMAT_VERSION).contains(v) => *v,
        _ => return Err(invalid("source format version")),
    };
    let codes = r.arena();
    let prose = r.prose();
    let dict = r.arena();
    let vocab = r.arena();
    let mut s = Store {
        codes,
        prose,
        dict: Interner::default(),
        vocab: Interner::default(),
        classification: r.u32s(),
        provider: r.u32s(),
        provider_code: r.u32s(),
        published: r.u32s(),
        conditions: r.u32s(),
        open_conditions: r.u32s(),
        scope: r.u32s(),
        purpose: r.u32s(),
        basis_title: r.u32s(),
        basis_article: r.u32s(),
        sharing: r.bytes(),
        format: r.bytes(),
        cycle: r.bytes(),
        open: r.bytes(),
        grade: r.bytes(),
        basis_kind: r.bytes(),
        security: r.bytes(),
        modes: r.u64s(),
        item_start: r.u32s(),
        related_start: r.u32s(),
        related: r.u32s(),
        name_len: r.u16s(),
        abstract_len: r.u16s(),
        item_kind: r.u16s(),
        item_kind_wide: r.u32s(),
        kind_name: r.u32s(),
        kind_len: r.u16s(),
        big_len_kind: r.u32s(),
        big_len_value: r.u32s(),
        kind_grade: r.bytes(),
        kind_flags: r.bytes(),
        kind_pi: r.u16s(),
        pi_kinds: r.u32s(),
        ..Store::default()
    };
    let ix = Index {
        term_keys: r.u64s(),
        name_off: r.u32s(),
        name_post: r.bytes(),
        name_df: r.u32s(),
        abs_off: r.u32s(),
        abs_post: r.bytes(),
        abs_df: r.u32s(),
        vocab_off: r.u32s(),
        vocab_ids: r.u32s(),
        item_df: r.u32s(),
        item_off: r.u32s(),
        item_post: r.bytes(),
        vocab_df: r.u32s(),
        code_order: r.u32s(),
        code_rank: r.u32s(),
    };
    if r.bad || r.columns.next().is_some() {
        return Err(invalid("an array of the wrong width, or text that is not UTF-8 or UTF-16"));
    }
    validate(&s, dict.len(), vocab.len(), &ix).map_err(|what| invalid(&format!("inconsistent {what}")))?;
    validate_arena(&dict).map_err(|_| invalid("inconsistent strings"))?;
    validate_arena(&vocab).map_err(|_| invalid("inconsistent item names"))?;
    s.dict = Interner::from_arena(dict);
    s.vocab = Interner::from_arena(vocab);
    let mut catalog = Catalog::from_parts(info, s, ix);
    catalog.source_version = source_version;
    Ok(catalog)
}

/// Encodes the arrays of [`LAYOUT`] and notes where each one starts. A
/// first pass that only adds up their lengths (`sizing`) lets the second
/// write into one allocation of the exact size: a doubling vector copied
/// the ~850 MB of a 1M catalog several times and, in WebAssembly, needed
/// room for two copies at once.
struct Writer {
    out: Vec<u8>,
    /// Where each array starts, from the start of the payload.
    starts: Vec<usize>,
    len: usize,
    sizing: bool,
}

impl Writer {
    fn count(&mut self, n: usize, width: usize) {
        self.starts.push(self.len);
        self.len += 8 + n * width;
        if !self.sizing {
            self.out.extend_from_slice(&(n as u64).to_le_bytes());
        }
    }
    fn bytes(&mut self, v: &[u8]) {
        self.count(v.len(), 1);
        if !self.sizing {
            self.out.extend_from_slice(v);
        }
    }
    fn u16s(&mut self, v: &[u16]) {
        self.count(v.len(), 2);
        if !self.sizing {
            for x in v {
                self.out.extend_from_slice(&x.to_le_bytes());
            }
        }
    }
    fn u32s(&mut self, v: &[u32]) {
        self.count(v.len(), 4);
        if !self.sizing {
            for x in v {
                self.out.extend_from_slice(&x.to_le_bytes());
            }
        }
    }
    fn u64s(&mut self, v: &[u64]) {
        self.count(v.len(), 8);
        if !self.sizing {
            for x in v {
                self.out.extend_from_slice(&x.to_le_bytes());
            }
        }
    }
}

fn write_arena(w: &mut Writer, a: &Arena) {
    w.bytes(&a.text);
    w.u32s(&a.ends);
}

impl Catalog {
    /// The loaded and indexed catalog as snapshot bytes.
    pub fn to_snapshot(&self) -> Vec<u8> {
        // The payload is written after room for the header, which is filled
        // in once the payload's checksum is known: no second copy.
        let (mut out, _) = self.encode(HEADER);
        let payload = out.get(HEADER..).unwrap_or(&[]);
        let mut header = Vec::with_capacity(HEADER);
        header.extend_from_slice(MAGIC);
        header.extend_from_slice(&SNAPSHOT_VERSION.to_le_bytes());
        header.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        header.extend_from_slice(&crc32fast::hash(payload).to_le_bytes());
        if let Some(room) = out.get_mut(..HEADER) {
            room.copy_from_slice(&header);
        }
        out
    }

    /// The arrays of [`LAYOUT`], encoded, and the byte offset where each starts.
    pub(crate) fn snapshot_payload(&self) -> (Vec<u8>, Vec<usize>) {
        self.encode(0)
    }

    /// `room` zero bytes, then the payload, allocated once at its exact size;
    /// and where each array starts in the payload.
    fn encode(&self, room: usize) -> (Vec<u8>, Vec<usize>) {
        let mut sizing = Writer { out: Vec::new(), starts: Vec::new(), len: 0, sizing: true };
        self.write_arrays(&mut sizing);
        let mut out = Vec::with_capacity(room + sizing.len);
        out.resize(room, 0);
        let mut w = Writer { out, starts: Vec::with_capacity(LAYOUT.len()), len: 0, sizing: false };
        self.write_arrays(&mut w);
        debug_assert_eq!(w.out.len(), room + sizing.len);
        (w.out, w.starts)
    }

    fn write_arrays(&self, w: &mut Writer) {
        let s = &self.store;
        let ix = &self.index;
        w.bytes(&serde_json::to_vec(&self.info).unwrap_or_default());
        w.u32s(&[self.source_version]);
        write_arena(w, &s.codes);
        w.u16s(&s.prose.text);
        w.u32s(&s.prose.ends);
        write_arena(w, &s.dict.arena);
        write_arena(w, &s.vocab.arena);
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
        w.u16s(&s.item_kind);
        w.u32s(&s.item_kind_wide);
        w.u32s(&s.kind_name);
        w.u16s(&s.kind_len);
        w.u32s(&s.big_len_kind);
        w.u32s(&s.big_len_value);
        w.bytes(&s.kind_grade);
        w.bytes(&s.kind_flags);
        w.u16s(&s.kind_pi);
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
        debug_assert_eq!(w.starts.len(), LAYOUT.len());
    }

    /// Loads snapshot bytes made by [`Catalog::to_snapshot`] (on any platform).
    pub fn from_snapshot(bytes: &[u8]) -> Result<Catalog> {
        let mut loader = SnapshotLoader::new();
        loader.push(bytes)?;
        loader.finish()
    }
}
pub(crate) fn validate_arena(a: &Arena) -> std::result::Result<(), ()> {
    // With the text UTF-8 as a whole, every string is UTF-8 and compares
    // by its bytes.
    validate_ends(a, |b| (0x80..0xC0).contains(&b))
}

/// As [`validate_arena`], for UTF-16: no string ends (so none starts)
/// between the two halves of a surrogate pair.
pub(crate) fn validate_prose(a: &Prose) -> std::result::Result<(), ()> {
    validate_ends(a, is_low_surrogate)
}

/// The arena's ends are in order within its text, and no string ends (so
/// none starts) inside a character: at a unit that only `continues` one.
fn validate_ends<Unit: Copy>(
    a: &Arena<Unit>,
    continues: impl Fn(Unit) -> bool,
) -> std::result::Result<(), ()> {
    offsets(&a.ends, a.text.len(), false)?;
    if a.ends.iter().any(|&end| a.text.get(end as usize).is_some_and(|&u| continues(u))) {
        return Err(());
    }
    Ok(())
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

/// The items' kinds are stored as [`Store::push_item_kind`] leaves them:
/// 16 bits exactly when there are at most [`NARROW_KINDS`] kinds, and
/// numbered in the order the items first use them, every kind used. One
/// catalog so has one snapshot, and every kind number is in range.
fn item_kinds_in_first_use_order(s: &Store) -> bool {
    let kinds = s.kind_name.len();
    let narrow = kinds <= NARROW_KINDS;
    if (narrow && !s.item_kind_wide.is_empty()) || (!narrow && !s.item_kind.is_empty()) {
        return false;
    }
    let mut next: u64 = 0;
    let mut first_use = |k: u32| match u64::from(k).cmp(&next) {
        std::cmp::Ordering::Less => true,
        std::cmp::Ordering::Equal => {
            next += 1;
            true
        }
        std::cmp::Ordering::Greater => false,
    };
    let in_order = if narrow {
        s.item_kind.iter().all(|&k| first_use(u32::from(k)))
    } else {
        s.item_kind_wide.iter().all(|&k| first_use(k))
    };
    in_order && next == kinds as u64
}

fn validate(s: &Store, dict: usize, vocab: usize, ix: &Index) -> std::result::Result<(), &'static str> {
    let n = s.sharing.len();
    let m = s.item_count();
    let kinds = s.kind_name.len();
    let t = ix.term_keys.len();
    let check = |ok: bool, what: &'static str| if ok { Ok(()) } else { Err(what) };
    check(validate_arena(&s.codes).is_ok() && s.codes.len() == n, "resource codes")?;
    check(validate_prose(&s.prose).is_ok() && s.prose.len() == n * 2, "resource names and abstracts")?;
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
    check(item_kinds_in_first_use_order(s), "item kinds")?;
    check(ids(&s.kind_name, vocab, false), "item names")?;
    for len in [s.kind_len.len(), s.kind_grade.len(), s.kind_flags.len(), s.kind_pi.len()] {
        check(len == kinds, "item kind columns")?;
    }
    check(
        s.big_len_kind.len() == s.big_len_value.len()
            && s.big_len_kind.windows(2).all(|w| w[0] < w[1])
            && s.big_len_kind.iter().all(|&k| s.kind_len.get(k as usize) == Some(&LEN_BIG))
            && s.kind_len.iter().filter(|&&len| len == LEN_BIG).count() == s.big_len_kind.len(),
        "item lengths",
    )?;
    check(s.kind_flags.iter().all(|&f| item_flags::is_valid(f)), "item flags")?;
    check(
        s.kind_pi.iter().all(|&p| usize::from(p) <= s.pi_kinds.len()) && ids(&s.pi_kinds, dict, false),
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
    // `code_rank` undoing `code_order` at every place makes the order one to
    // one (two places holding one resource would need two ranks for it), so
    // n resources below n are a permutation.
    let permutation = ix.code_order.len() == n
        && ix.code_rank.len() == n
        && ix
            .code_order
            .iter()
            .enumerate()
            .all(|(rank, &r)| ix.code_rank.get(r as usize) == Some(&(rank as u32)));
    check(permutation, "code order")?;
    check(in_code_order(s, &ix.code_order), "code order")?;
    Ok(())
}

/// Whether consecutive resources of `order` have codes in byte order (as
/// the strings compare: UTF-8 keeps code point order, and every string is
/// whole characters, `validate_arena`).
///
/// Code order jumps between providers, so reading the codes in it misses
/// the cache at almost every step of a large catalog. Each code's first 16
/// bytes are read once in resource order instead (the order the texts lie
/// in), as a big-endian key padded with zeros: a key below another's means
/// the code is below the other (the padding sorts a code before its
/// extensions), so only equal keys compare the whole codes.
fn in_code_order(s: &Store, order: &[u32]) -> bool {
    let key = |r: u32| {
        let code = s.code_bytes(r);
        let mut key = [0u8; 16];
        let head = code.len().min(16);
        key[..head].copy_from_slice(&code[..head]);
        u128::from_be_bytes(key)
    };
    let keys: Vec<u128> = (0..s.len() as u32).map(key).collect();
    order.windows(2).all(|w| match (keys.get(w[0] as usize), keys.get(w[1] as usize)) {
        (Some(a), Some(b)) => a < b || (a == b && s.code_bytes(w[0]) <= s.code_bytes(w[1])),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_order_by_keys_agrees_with_comparing_the_codes() {
        // Prefixes, zero bytes (which the keys' padding looks like), codes
        // that first differ after the 16 bytes a key holds, and CJK.
        let codes = [
            "",
            "\0",
            "a",
            "a\0",
            "a\0\0",
            "ab",
            "0123456789abcdef",
            "0123456789abcdef\0",
            "0123456789abcdefg",
            "0123456789abcdefh",
            "0123456789abcdeg",
            "101001/00001",
            "101001/00002",
            "企业",
            "企业a",
            "\u{10FFFF}",
        ];
        for a in codes {
            for b in codes {
                let mut codes: Arena = Arena::default();
                for code in [a, b] {
                    codes.push(code).unwrap();
                }
                let store = Store { codes, sharing: vec![0; 2], ..Store::default() };
                assert_eq!(in_code_order(&store, &[0, 1]), a.as_bytes() <= b.as_bytes(), "{a:?} then {b:?}");
            }
        }
    }

    #[test]
    fn a_code_order_that_repeats_or_misorders_a_resource_is_inconsistent() {
        let doc =
            crate::catalog::sample::sample_json(&crate::catalog::sample::SampleOptions::national(300, 3))
                .unwrap();
        let cat = Catalog::from_json(doc.as_bytes()).unwrap();
        let (s, ix) = (&cat.store, &cat.index);
        let check = |ix: &Index| validate(s, s.dict.len(), s.vocab.len(), ix);
        assert_eq!(check(ix), Ok(()));
        // One resource twice (another left out), the ranks agreeing where
        // they can: `code_rank` cannot undo both places.
        let mut repeated = ix.clone();
        repeated.code_order[1] = repeated.code_order[0];
        assert_eq!(check(&repeated), Err("code order"));
        // Two neighbours swapped, ranks and all: a permutation out of order.
        let mut swapped = ix.clone();
        swapped.code_order.swap(10, 11);
        swapped.code_rank = crate::catalog::index::ranks(&swapped.code_order);
        assert_eq!(check(&swapped), Err("code order"));
    }

    #[test]
    fn an_arena_whose_ends_cut_a_character_is_refused() {
        let text = "企业a登记".as_bytes().to_vec();
        let ok = Arena { text: text.clone(), ends: vec![3, 7, 13] };
        assert!(validate_arena(&ok).is_ok());
        assert_eq!(ok.get(1), "业a");
        for ends in [vec![1, 13], vec![3, 8, 13], vec![12]] {
            assert!(validate_arena(&Arena { text: text.clone(), ends: ends.clone() }).is_err(), "{ends:?}");
        }
    }

    #[test]
    fn a_prose_arena_whose_ends_split_a_surrogate_pair_is_refused() {
        let text: Vec<u16> = "企😀a".encode_utf16().collect();
        let ok = Prose { text: text.clone(), ends: vec![1, 3, 4] };
        assert!(validate_prose(&ok).is_ok());
        assert_eq!(ok.get(1).owned(), "😀");
        for ends in [vec![2, 4], vec![1, 2, 4], vec![2]] {
            assert!(validate_prose(&Prose { text: text.clone(), ends: ends.clone() }).is_err(), "{ends:?}");
        }
        // Out of order, or past the text.
        for ends in [vec![3, 1, 4], vec![5]] {
            assert!(validate_prose(&Prose { text: text.clone(), ends: ends.clone() }).is_err(), "{ends:?}");
        }
    }
}
