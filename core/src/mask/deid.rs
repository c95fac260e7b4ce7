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
//! number of classes, not of records. Reports and errors name columns and
//! counts, never a value.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize, Serializer};

use super::detect::{detect_with, Detection, Scratch};
use super::input::{
    parse_csv_row, utf8, Cell, DataFormat, JsonWalker, Leaf, LeafKind, PieceKind, RecordReader,
};
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

/// Checks a whole input at once.
pub fn check_deid(format: DataFormat, data: &[u8], options: &DeidOptions) -> Result<DeidReport> {
    let mut c = DeidChecker::new(format, options)?;
    c.push(data)?;
    c.finish()
}

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
}

/// One column's value in the record being read.
#[derive(Debug, Default)]
struct Slot {
    seen: bool,
    /// JSON null, the empty string, or only whitespace: one value of its own.
    null: bool,
    /// The value as compared: trimmed text, a JSON number or container in JCS form.
    text: String,
    /// The detectors found an unmasked identifier in it (direct columns).
    unmasked: bool,
}

/// One equivalence class: its size and, per sensitive column, the count of
/// each distinct value.
#[derive(Debug, Default)]
struct Class {
    count: u64,
    sensitive: Vec<HashMap<Vec<u8>, u64>>,
}

/// Appends one value to a key: `0` for null, else `1`, the length (8 bytes
/// LE) and the text, so no two value lists share an encoding.
fn encode(slot: &Slot, out: &mut Vec<u8>) {
    if !slot.seen || slot.null {
        out.push(0);
    } else {
        out.push(1);
        out.extend_from_slice(&(slot.text.len() as u64).to_le_bytes());
        out.extend_from_slice(slot.text.as_bytes());
    }
}

/// The encoded values of a key, in order.
fn fields(key: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < key.len() {
        let end = match key.get(i) {
            Some(1) => {
                let len = key
                    .get(i + 1..i + 9)
                    .and_then(|b| <[u8; 8]>::try_from(b).ok())
                    .map_or(0, u64::from_le_bytes);
                (i + 9).saturating_add(usize::try_from(len).unwrap_or(usize::MAX)).min(key.len())
            }
            _ => i + 1,
        };
        out.push(key.get(i..end).unwrap_or(&[]));
        i = end;
    }
    out
}

/// Shannon entropy (natural log) of a distribution given by its counts,
/// summed in ascending order so the result never depends on record order.
fn entropy(counts: &HashMap<Vec<u8>, u64>) -> f64 {
    let mut c: Vec<u64> = counts.values().copied().collect();
    c.sort_unstable();
    let n: u64 = c.iter().sum();
    if n == 0 {
        return 0.0;
    }
    let n = n as f64;
    -c.iter().map(|&v| (v as f64 / n) * (v as f64 / n).ln()).sum::<f64>()
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
    classes: HashMap<Vec<u8>, Class>,
    direct_unmasked: Vec<u64>,
    records: u64,
    /// Bytes of the input before the current piece (positions of errors).
    consumed: u64,
    key: Vec<u8>,
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
            quasi,
            sensitive,
            direct,
            header: None,
            slots: (0..n).map(|_| Slot::default()).collect(),
            classes: HashMap::new(),
            records: 0,
            consumed: 0,
            key: Vec::new(),
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
            s.seen = false;
        }
        let mut first: Option<Error> = None;
        let DeidChecker { walker, by_name, slots, columns, scratch, dets, .. } = &mut *self;
        let walked = walker.walk(text, &mut |leaf: &Leaf<'_>| {
            if first.is_some() {
                return;
            }
            let Some(&at) = by_name.get(leaf.path) else { return };
            if let Err(e) = json_value(leaf, text, at, line, slots, columns, scratch, dets) {
                first = Some(e);
            }
        });
        if let Err(detail) = walked {
            return Err(Error::Json { location: Location::at(None, line, 1), detail: detail.to_owned() });
        }
        if let Some(e) = first {
            return Err(e);
        }
        self.count();
        Ok(())
    }

    fn csv_row(&mut self, text: &str, line: u64) -> Result<()> {
        let DeidChecker { cells, slots, columns, scratch, dets, header, by_name, .. } = &mut *self;
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
        for (cell, &at) in cells.iter().zip(header.iter()) {
            let Some(at) = at else { continue };
            let Some(slot) = slots.get_mut(at) else { continue };
            let value = cell.value(text);
            set_text(slot, value.trim());
            slot.unmasked =
                columns.get(at).is_some_and(|c| c.direct.is_some()) && unmasked(value, scratch, dets);
        }
        self.count();
        Ok(())
    }

    /// Adds the record just read to its class.
    fn count(&mut self) {
        self.records += 1;
        self.key.clear();
        for &q in &self.quasi {
            if let Some(s) = self.slots.get(q) {
                encode(s, &mut self.key);
            }
        }
        let n_sensitive = self.sensitive.len();
        let class = match self.classes.get_mut(self.key.as_slice()) {
            Some(c) => c,
            None => self.classes.entry(self.key.clone()).or_insert_with(|| Class {
                count: 0,
                sensitive: (0..n_sensitive).map(|_| HashMap::new()).collect(),
            }),
        };
        class.count += 1;
        for (values, &s) in class.sensitive.iter_mut().zip(&self.sensitive) {
            let Some(slot) = self.slots.get(s) else { continue };
            self.key.clear();
            encode(slot, &mut self.key);
            match values.get_mut(self.key.as_slice()) {
                Some(n) => *n += 1,
                None => {
                    values.insert(self.key.clone(), 1);
                }
            }
        }
        for (n, &d) in self.direct_unmasked.iter_mut().zip(&self.direct) {
            if self.slots.get(d).is_some_and(|s| s.seen && s.unmasked) {
                *n += 1;
            }
        }
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
        let mut l_min = vec![u64::MAX; self.sensitive.len()];
        let mut h_min = vec![f64::INFINITY; self.sensitive.len()];
        for class in self.classes.values() {
            k_achieved = k_achieved.min(class.count);
            if class.count < k {
                records_below_k += class.count;
                classes_below_k += 1;
            }
            for ((values, l), h) in class.sensitive.iter().zip(l_min.iter_mut()).zip(h_min.iter_mut()) {
                *l = (*l).min(values.len() as u64);
                *h = h.min(entropy(values));
            }
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
        let suggestion =
            if k_anonymous { None } else { self.suggest(k_achieved).map(|q| name(self.quasi[q])) };
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
            deidentified,
            k_anonymous,
            l_diverse,
            passed: deidentified && k_anonymous && l_diverse,
        })
    }

    /// The quasi-identifier (its position) whose removal raises the smallest
    /// class the most, if any raises it; ties go to the one leaving fewer
    /// records below k, then to the first named.
    fn suggest(&self, k_achieved: u64) -> Option<usize> {
        let mut best: Option<(usize, u64, u64)> = None;
        let mut merged: HashMap<Vec<u8>, u64> = HashMap::new();
        for q in 0..self.quasi.len() {
            merged.clear();
            for (key, class) in &self.classes {
                let rest: Vec<u8> = fields(key)
                    .into_iter()
                    .enumerate()
                    .filter(|(i, _)| *i != q)
                    .flat_map(|(_, f)| f.iter().copied())
                    .collect();
                *merged.entry(rest).or_insert(0) += class.count;
            }
            let min = merged.values().copied().min().unwrap_or(0);
            let below: u64 = merged.values().filter(|&&n| n < self.k).sum();
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
}

fn missing(col: &Column) -> Error {
    Error::DeidColumnMissing { column: col.name.clone(), role: col.role().to_owned() }
}

/// Sets a slot to `text` (already trimmed); empty text is the null value.
fn set_text(slot: &mut Slot, text: &str) {
    slot.seen = true;
    slot.null = text.is_empty();
    slot.text.clear();
    slot.text.push_str(text);
}

/// The detectors find an unmasked identifier (not a mere warning) in `text`.
fn unmasked(text: &str, scratch: &mut Scratch, dets: &mut Vec<Detection>) -> bool {
    dets.clear();
    detect_with(text, scratch, dets);
    dets.iter().any(|d| !d.reason.is_warning())
}

/// One JSON value of a named column: its text as compared (strings
/// trimmed, numbers, booleans and containers in JCS form).
#[allow(clippy::too_many_arguments)]
fn json_value(
    leaf: &Leaf<'_>,
    record: &str,
    at: usize,
    line: u64,
    slots: &mut [Slot],
    columns: &mut [Column],
    scratch: &mut Scratch,
    dets: &mut Vec<Detection>,
) -> Result<()> {
    let (Some(slot), Some(col)) = (slots.get_mut(at), columns.get_mut(at)) else { return Ok(()) };
    let location = || Location::at(Some(col_path(leaf.path)), line, 1);
    if slot.seen {
        return Err(Error::DuplicateKey { location: location() });
    }
    col.present = true;
    slot.unmasked = false;
    match leaf.kind {
        LeafKind::Null => {
            set_text(slot, "");
        }
        LeafKind::Str => {
            set_text(slot, leaf.text.trim());
            slot.unmasked = col.direct.is_some() && unmasked(leaf.text, scratch, dets);
        }
        LeafKind::Bool => set_text(slot, leaf.text),
        LeafKind::Num => {
            let v: f64 = leaf
                .text
                .parse()
                .map_err(|_| Error::Json { location: location(), detail: "bad number".into() })?;
            if !v.is_finite() {
                return Err(Error::NumberOutOfRange { location: location() });
            }
            set_text(slot, &crate::jcs::es_number_string(v));
            slot.unmasked = col.direct.is_some() && unmasked(leaf.text, scratch, dets);
        }
        LeafKind::Object | LeafKind::Array => {
            let raw = record.get(leaf.start..leaf.end).unwrap_or("");
            let canonical = crate::jcs::canonicalize(raw.as_bytes()).map_err(|e| Error::InvalidValue {
                location: location(),
                detail: format!("the value is not canonical JSON ({})", e.code()),
            })?;
            let text = String::from_utf8(canonical).map_err(|_| Error::InvalidValue {
                location: location(),
                detail: "the value is not canonical JSON".into(),
            })?;
            set_text(slot, &text);
            slot.unmasked = col.direct.is_some() && unmasked(&text, scratch, dets);
        }
    }
    Ok(())
}

/// A column's path for a location: `$.name`.
fn col_path(path: &str) -> String {
    format!("$.{path}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_split_back_into_their_values() {
        let mut key = Vec::new();
        let a = Slot { seen: true, null: false, text: "a\u{0}b".into(), unmasked: false };
        let n = Slot { seen: true, null: true, text: String::new(), unmasked: false };
        encode(&a, &mut key);
        encode(&n, &mut key);
        encode(&a, &mut key);
        let f = fields(&key);
        assert_eq!(f.len(), 3);
        assert_eq!(f[1], &[0u8][..]);
        assert_eq!(f[0], f[2]);
        assert_eq!(f.concat(), key);
    }

    #[test]
    fn entropy_of_a_uniform_class_is_ln_of_its_size() {
        let m: HashMap<Vec<u8>, u64> = [(vec![1], 3), (vec![2], 3), (vec![3], 3)].into_iter().collect();
        assert!((entropy(&m).exp() - 3.0).abs() < 1e-12);
    }
}
