//! The three streaming engines — [`Scanner`], [`Masker`], [`MaskVerifier`] —
//! and their reports. Each takes input chunk by chunk (`feed`), keeps only
//! the unfinished record, and reports at `finish`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::detect::{detect_with, Detection, DetectorKind, Scratch, ALL_KINDS};
use super::input::{
    parse_csv_row, write_csv_cell, write_json_str, Cell, DataFormat, JsonWalker, Leaf, LeafKind, Piece,
    PieceKind, RecordReader,
};
use super::policy::{FieldTable, MaskManifest, MaskPolicy};
use super::rule::{apply_rule, check_rule, Applied, Rule};
use super::sheet::{self, SheetCsv, WorkbookInput};
use crate::error::{Error, Result};

/// Limits of a streaming run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct StreamOptions {
    /// At most this many violations/findings/issues are listed; counts stay exact.
    #[cfg_attr(feature = "uniffi", uniffi(default = 1000))]
    pub max_listed: u32,
    /// A record larger than this is an error (`limit_exceeded`).
    #[cfg_attr(feature = "uniffi", uniffi(default = 16777216))]
    pub max_record_bytes: u64,
    /// Keep **every** finding and violation for the caller to drain as it
    /// goes (`drain_findings` / `drain_violations` after each `feed`), so a
    /// report's summary never hides one; memory stays bounded by what one
    /// chunk produces.
    #[cfg_attr(feature = "uniffi", uniffi(default = false))]
    pub stream_all: bool,
    /// The sheet of a workbook (`xlsx`, `xls`, `ods`) to read; the first
    /// when none is named (`sheet_not_found` when the name is not there).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
}

impl Default for StreamOptions {
    fn default() -> Self {
        StreamOptions { max_listed: 1000, max_record_bytes: 16 * 1024 * 1024, stream_all: false, sheet: None }
    }
}

/// A problem with one value, record, or the manifest. `record` is the
/// 0-based record number in input order (none for manifest-level problems).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Violation {
    pub record: Option<u64>,
    /// 1-based input line of the record, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The value's path, e.g. `applicant.phones[0]`; the policy field name
    /// for manifest-level problems.
    pub field: String,
    /// The declared rule of the field (`plain` when the field is unlisted).
    pub rule: String,
    pub reason: String,
    /// For `identifier_leak`: the detector kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The value with at most 4 characters revealed (see [`redact_excerpt`]).
    pub excerpt: String,
}

/// One identifier found by the scanner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ScanFinding {
    pub record: u64,
    pub field: String,
    pub kind: String,
    pub reason: String,
    pub excerpt: String,
    /// Found in the field's name (a JSON object key, a CSV header cell),
    /// not in its value; `field` is then the name's pattern.
    #[serde(default)]
    pub in_name: bool,
}

/// Per-field counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct FieldStats {
    /// The policy/manifest field name (may contain `[*]`).
    pub field: String,
    /// Declared rule (verify) or policy rule (apply).
    pub rule: String,
    /// Values seen under this field.
    pub values: u64,
    /// Values with a violation (verify) or that could not take the rule (apply).
    pub violations: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct CountByName {
    pub name: String,
    pub count: u64,
}

/// A note that is not a violation (e.g. a policy field found in no record).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ReportWarning {
    pub code: String,
    pub field: String,
}

/// Result of [`MaskVerifier::finish`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct VerifyReport {
    /// No violation at all, over at least one record. A verification of no
    /// record establishes nothing (an empty extract, or data read in a format
    /// it is not in: a one-line JSON array read as CSV is all header), so it
    /// does not pass; its report warns `no_records`.
    pub passed: bool,
    pub records: u64,
    pub bytes: u64,
    pub fields: Vec<FieldStats>,
    pub violation_count: u64,
    /// Counts per reason (exact).
    pub reasons: Vec<CountByName>,
    pub violations: Vec<Violation>,
    pub violations_truncated: bool,
    pub warnings: Vec<ReportWarning>,
}

/// Result of [`Scanner::finish`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct ScanReport {
    pub records: u64,
    pub bytes: u64,
    pub finding_count: u64,
    /// Counts per detector kind (exact; only kinds found).
    pub kinds: Vec<CountByName>,
    pub findings: Vec<ScanFinding>,
    pub findings_truncated: bool,
    /// Malformed records, ragged CSV rows.
    pub violations: Vec<Violation>,
    pub violation_count: u64,
}

/// Result of [`Masker::finish`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct ApplyReport {
    pub records: u64,
    pub bytes_in: u64,
    pub bytes_out: u64,
    pub fields: Vec<FieldStats>,
    /// Identifiers masked inside plain/unlisted fields (free text), per kind.
    pub leaks_masked: Vec<CountByName>,
    pub issue_count: u64,
    /// `rule_not_applicable`, `wrong_type`, `malformed_record`, `ragged_row`...
    pub issues: Vec<Violation>,
    pub issues_truncated: bool,
    pub warnings: Vec<ReportWarning>,
}

/// The masked output produced by the last chunk and the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MaskFinish {
    pub output: Vec<u8>,
    pub report: ApplyReport,
}

// ---------------------------------------------------------------- excerpts

fn is_shape(c: char) -> bool {
    c.is_ascii_punctuation() || c.is_whitespace()
}

/// Longest excerpt, in characters.
const EXCERPT_CHARS: usize = 40;

/// The redacted form of a value for reports: punctuation and spaces are kept
/// as shape; of the other characters at most 4 are shown — the first 2 and
/// last 2 when there are 12 or more, the first and last when 6–11, none when
/// fewer — and every other character becomes `*`. Values longer than 40
/// characters are cut (then only the first 1–2 are shown) and end with `…`.
pub fn redact_excerpt(value: &str) -> String {
    let total = value.chars().count();
    let cut = total > EXCERPT_CHARS;
    let chars: Vec<char> = value.chars().take(EXCERPT_CHARS).collect();
    let n = chars.iter().filter(|c| !is_shape(**c)).count();
    let k = if n >= 12 {
        2
    } else if n >= 6 {
        1
    } else {
        0
    };
    let mut seen = 0;
    let mut out = String::with_capacity(value.len().min(EXCERPT_CHARS * 3));
    for c in chars {
        if is_shape(c) {
            out.push(c);
            continue;
        }
        let show = seen < k || (!cut && seen >= n - k);
        out.push(if show { c } else { '*' });
        seen += 1;
    }
    if cut {
        out.push('…');
    }
    out
}

// ------------------------------------------------------------------ driver

/// What an engine does with the pieces of the input.
trait Handler {
    fn gap(&mut self, bytes: &[u8]);
    /// A CSV header: its raw bytes and cell names (empty if not UTF-8).
    fn header(&mut self, raw: &[u8], names: &[String]);
    fn begin(&mut self, record: u64, line: u64);
    fn leaf(&mut self, leaf: &Leaf<'_>);
    fn end(&mut self, raw: &str, csv: bool);
    fn bad(&mut self, record: u64, line: u64, reason: &str, detail: &str, raw_len: usize);
}

/// Splits input into records and walks their values for a [`Handler`].
#[derive(Debug)]
struct Driver {
    format: DataFormat,
    reader: RecordReader,
    walker: JsonWalker,
    header: Option<Vec<String>>,
    cells: Vec<Cell>,
    records: u64,
    fed: u64,
    /// A workbook's bytes, gathered until the end of the input.
    workbook: Option<WorkbookInput>,
    /// The sheet read from the workbook: its rows number the records.
    sheet: Option<SheetCsv>,
}

impl Driver {
    fn new(format: DataFormat, options: &StreamOptions) -> Driver {
        let max = usize::try_from(options.max_record_bytes).unwrap_or(usize::MAX);
        let workbook = WorkbookInput::new(format, options.sheet.as_deref(), max);
        // A workbook's sheet is read as the CSV it renders to.
        let format = if workbook.is_some() { DataFormat::Csv } else { format };
        Driver {
            format,
            reader: RecordReader::new(format, max),
            walker: JsonWalker::default(),
            header: None,
            cells: Vec::new(),
            records: 0,
            fed: 0,
            workbook,
            sheet: None,
        }
    }

    fn feed<H: Handler>(&mut self, chunk: &[u8], h: &mut H) -> Result<()> {
        self.fed += chunk.len() as u64;
        if let Some(w) = &mut self.workbook {
            return w.push(chunk);
        }
        self.reader.push(chunk);
        self.drain(h, false)
    }

    fn drain<H: Handler>(&mut self, h: &mut H, eof: bool) -> Result<()> {
        if eof && self.workbook.is_some() {
            self.sheet = sheet::read_into(&mut self.workbook, &mut self.reader)?;
        }
        while let Some(p) =
            self.reader.next_piece(eof).map_err(|e| sheet::relocate(self.sheet.as_ref(), e))?
        {
            self.piece(p, h);
        }
        self.reader.compact();
        Ok(())
    }

    fn piece<H: Handler>(&mut self, mut p: Piece, h: &mut H) {
        if let Some(s) = &self.sheet {
            p.line = s.row_of(p.line);
        }
        let Driver { format, reader, walker, header, cells, records, .. } = self;
        let bytes = reader.slice(&p);
        if p.kind == PieceKind::Gap {
            h.gap(bytes);
            return;
        }
        let text = match super::input::utf8(bytes) {
            Ok(t) => t,
            Err(valid_up_to) => {
                if *format == DataFormat::Csv && header.is_none() {
                    *header = Some(Vec::new());
                    h.header(bytes, &[]);
                    return;
                }
                let rec = *records;
                *records += 1;
                h.bad(rec, p.line, "not_utf8", &format!("byte {valid_up_to}"), bytes.len());
                return;
            }
        };
        match format {
            DataFormat::Csv => {
                parse_csv_row(text, cells);
                let Some(names) = header else {
                    let names: Vec<String> = cells.iter().map(|c| c.value(text).to_owned()).collect();
                    h.header(bytes, &names);
                    *header = Some(names);
                    return;
                };
                let rec = *records;
                *records += 1;
                h.begin(rec, p.line);
                if cells.len() != names.len() {
                    h.bad(
                        rec,
                        p.line,
                        "ragged_row",
                        &format!("{} cells, header has {}", cells.len(), names.len()),
                        0,
                    );
                }
                for (k, c) in cells.iter().enumerate() {
                    let path: std::borrow::Cow<'_, str> = match names.get(k) {
                        Some(n) => n.as_str().into(),
                        None => format!("#{}", k + 1).into(),
                    };
                    h.leaf(&Leaf {
                        path: &path,
                        kind: LeafKind::Str,
                        text: c.value(text),
                        start: c.start,
                        end: c.end,
                    });
                }
                h.end(text, true);
            }
            _ => {
                let rec = *records;
                *records += 1;
                h.begin(rec, p.line);
                let mut cb = |l: &Leaf<'_>| h.leaf(l);
                match walker.walk(text, &mut cb) {
                    Ok(()) => h.end(text, false),
                    Err(detail) => h.bad(rec, p.line, "malformed_record", detail, text.len()),
                }
            }
        }
    }
}

// ----------------------------------------------------------------- listing

/// Exact counts with a capped list.
#[derive(Debug, Default)]
struct Listing<T> {
    items: Vec<T>,
    count: u64,
    cap: usize,
    reasons: BTreeMap<String, u64>,
    /// With `stream_all`: every item since the caller last drained.
    pending: Option<Vec<T>>,
}

impl<T: Clone> Listing<T> {
    fn new(cap: u32) -> Self {
        Listing { items: Vec::new(), count: 0, cap: cap as usize, reasons: BTreeMap::new(), pending: None }
    }
    fn with(options: &StreamOptions) -> Self {
        let mut l = Listing::new(options.max_listed);
        l.pending = options.stream_all.then(Vec::new);
        l
    }
    fn push(&mut self, reason: &str, make: impl FnOnce() -> T) {
        self.count += 1;
        // Look up before inserting: no allocation for a reason already seen.
        match self.reasons.get_mut(reason) {
            Some(n) => *n += 1,
            None => {
                self.reasons.insert(reason.to_owned(), 1);
            }
        }
        let listed = self.items.len() < self.cap;
        match (&mut self.pending, listed) {
            (Some(pending), true) => {
                let item = make();
                self.items.push(item.clone());
                pending.push(item);
            }
            (Some(pending), false) => pending.push(make()),
            (None, true) => self.items.push(make()),
            (None, false) => {}
        }
    }
    fn drain(&mut self) -> Vec<T> {
        self.pending.as_mut().map(std::mem::take).unwrap_or_default()
    }
    fn truncated(&self) -> bool {
        self.count > self.items.len() as u64
    }
    fn reason_counts(&self) -> Vec<CountByName> {
        self.reasons.iter().map(|(k, v)| CountByName { name: k.clone(), count: *v }).collect()
    }
}

fn bad_violation(record: u64, line: u64, reason: &str, detail: &str) -> Violation {
    Violation {
        record: Some(record),
        line: Some(line),
        field: String::new(),
        rule: String::new(),
        reason: reason.to_owned(),
        kind: None,
        excerpt: detail.to_owned(),
    }
}

// ---------------------------------------------------------------- detector

/// The detector's buffers, one per engine: every value is scanned into them
/// without allocating, or clearing scratch space, per value.
#[derive(Debug, Default)]
struct ValueDetector {
    scratch: Scratch,
    dets: Vec<Detection>,
}

impl ValueDetector {
    /// The identifiers in `text`, in order.
    fn run(&mut self, text: &str) -> &[Detection] {
        self.dets.clear();
        detect_with(text, &mut self.scratch, &mut self.dets);
        &self.dets
    }

    /// The identifiers in `text` that count as leaks (kinds in `leak_kinds`,
    /// not warnings): what verify reports and apply masks.
    fn leaks<'a>(
        &'a mut self,
        text: &str,
        leak_kinds: &'a [bool; 9],
    ) -> impl Iterator<Item = &'a Detection> + 'a {
        self.run(text).iter().filter(move |d| is_leak(d, leak_kinds))
    }
}

/// A detection that counts as a leak: a kind of `leak_kinds`, not a warning.
fn is_leak(d: &Detection, leak_kinds: &[bool; 9]) -> bool {
    !d.reason.is_warning() && leak_kinds.get(d.kind.index()).copied().unwrap_or(false)
}

/// Identifiers written into field names — JSON object keys, CSV header
/// cells — where a value can hide as well as in a value. Each name pattern
/// (array indices as `[*]`) is scanned once; an identifier is reported at
/// the path whose last name it ends in, so keys split across levels
/// (`{"138": {"1234": {"5678": 1}}}`) are seen too.
#[derive(Debug, Default)]
struct NameScan {
    seen: std::collections::HashSet<String>,
    /// Patterns with an identifier anywhere in them: their paths are shown
    /// redacted in every report ([`redact_names`]).
    tainted: std::collections::HashSet<String>,
    pattern: String,
    /// The path of each leaf of the last record, by position, and whether it
    /// is tainted: records of one schema repeat their paths, so most leaves
    /// cost one comparison.
    recent: Vec<(String, bool)>,
    ordinal: usize,
}

/// `path` with every identifier in it redacted like an excerpt, so a report
/// never shows a value that was written as a field name.
fn redact_names<'a>(path: &'a str, det: &mut ValueDetector) -> std::borrow::Cow<'a, str> {
    let found = det.run(path);
    if found.is_empty() {
        return path.into();
    }
    redact_spans(path, found).into()
}

/// `text` with the spans `found` (in order, disjoint) redacted like excerpts.
fn redact_spans(text: &str, found: &[Detection]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for d in found {
        out.push_str(text.get(last..d.start).unwrap_or(""));
        out.push_str(&redact_excerpt(text.get(d.start..d.end).unwrap_or("")));
        last = d.end;
    }
    out.push_str(text.get(last..).unwrap_or(""));
    out
}

/// [`redact_names`] for a one-off name (manifest fields, report rows).
pub(crate) fn redact_name(name: &str) -> String {
    redact_names(name, &mut ValueDetector::default()).into_owned()
}

/// Leaves per record whose paths [`NameScan`] remembers by position.
const MAX_RECENT_PATHS: usize = 4096;

/// Most name patterns remembered; past it a new pattern is scanned each
/// time it occurs (reported again rather than missed).
const MAX_NAME_PATTERNS: usize = 65_536;

impl NameScan {
    /// The identifiers in the last name of `path` (or ending there) that
    /// were not reported before: `found(pattern shown redacted, the
    /// identifier's text, detection)`.
    /// A new record starts: leaf positions count from 0.
    fn begin_record(&mut self) {
        self.ordinal = 0;
    }

    /// Reports what is new in `path`'s names; `true` when the path holds an
    /// identifier anywhere (show it through [`redact_names`]).
    fn check(
        &mut self,
        path: &str,
        det: &mut ValueDetector,
        found: impl FnMut(&str, &str, &Detection),
    ) -> bool {
        let k = self.ordinal;
        self.ordinal += 1;
        if let Some((p, tainted)) = self.recent.get(k) {
            if p == path {
                return *tainted;
            }
        }
        let tainted = self.check_new(path, det, found);
        if let Some(slot) = self.recent.get_mut(k) {
            slot.0.clear();
            slot.0.push_str(path);
            slot.1 = tainted;
        } else if k == self.recent.len() && k < MAX_RECENT_PATHS {
            self.recent.push((path.to_owned(), tainted));
        }
        tainted
    }

    /// [`Self::check`] for verify and apply: each identifier of a leak kind
    /// in a name is `identifier_in_field_name` in `list`, at record/line `at`.
    fn report_leaks(
        &mut self,
        path: &str,
        det: &mut ValueDetector,
        leak_kinds: &[bool; 9],
        list: &mut Listing<Violation>,
        at: (u64, u64),
    ) -> bool {
        self.check(path, det, |pattern, text, d| {
            if is_leak(d, leak_kinds) {
                let kind = Some(d.kind.as_str());
                push_violation(list, at, pattern, "plain", "identifier_in_field_name", kind, text);
            }
        })
    }

    fn check_new(
        &mut self,
        path: &str,
        det: &mut ValueDetector,
        mut found: impl FnMut(&str, &str, &Detection),
    ) -> bool {
        if path.is_empty() {
            return false;
        }
        if self.seen.contains(path) {
            return self.tainted.contains(path);
        }
        self.pattern.clear();
        if path.contains('[') {
            self.pattern.push_str(&path_pattern(path));
            if self.seen.contains(&self.pattern) {
                return self.tainted.contains(&self.pattern);
            }
        } else {
            self.pattern.push_str(path);
        }
        let last = self.pattern.rfind(['.', '[']).map_or(0, |i| i + 1);
        // One detection run: the spans both redact the name and are reported.
        let detections = det.run(&self.pattern);
        let found_any = !detections.is_empty();
        if found_any {
            let shown = redact_spans(&self.pattern, detections);
            for d in detections.iter().filter(|d| d.end > last) {
                found(&shown, self.pattern.get(d.start..d.end).unwrap_or(""), d);
            }
        }
        // Remembered while there is room; past it a pattern is scanned again
        // each time (taint is then found afresh, never assumed clean).
        if self.seen.len() < MAX_NAME_PATTERNS {
            self.seen.insert(self.pattern.clone());
            if found_any {
                self.tainted.insert(self.pattern.clone());
            }
        }
        found_any
    }
}

// ----------------------------------------------------------------- Scanner

#[derive(Debug)]
struct ScanState {
    record: u64,
    line: u64,
    det: ValueDetector,
    findings: Listing<ScanFinding>,
    kinds: [u64; 9],
    bad: Listing<Violation>,
    names: NameScan,
}

impl ScanState {
    /// Field-name findings; `true` when the path must be shown redacted.
    fn check_name(&mut self, path: &str) -> bool {
        let record = self.record;
        let ScanState { names, det, kinds, findings, .. } = self;
        names.check(path, det, |pattern, text, d| {
            if let Some(k) = kinds.get_mut(d.kind.index()) {
                *k += 1;
            }
            findings.push(d.kind.as_str(), || ScanFinding {
                record,
                field: pattern.to_owned(),
                kind: d.kind.as_str().to_owned(),
                reason: d.reason.as_str().to_owned(),
                excerpt: redact_excerpt(text),
                in_name: true,
            });
        })
    }
}

impl Handler for ScanState {
    fn gap(&mut self, _: &[u8]) {}
    fn header(&mut self, _: &[u8], names: &[String]) {
        for name in names {
            let _shown_redacted = self.check_name(name);
        }
    }
    fn begin(&mut self, record: u64, line: u64) {
        self.record = record;
        self.line = line;
        self.names.begin_record();
    }
    fn leaf(&mut self, leaf: &Leaf<'_>) {
        let tainted = self.check_name(leaf.path);
        if !matches!(leaf.kind, LeafKind::Str | LeafKind::Num) {
            return;
        }
        let field = if tainted {
            redact_names(leaf.path, &mut self.det).into_owned().into()
        } else {
            leaf.path.into()
        };
        let field: std::borrow::Cow<'_, str> = field;
        let record = self.record;
        for d in self.det.run(leaf.text) {
            if let Some(k) = self.kinds.get_mut(d.kind.index()) {
                *k += 1;
            }
            self.findings.push(d.kind.as_str(), || ScanFinding {
                record,
                field: field.clone().into_owned(),
                kind: d.kind.as_str().to_owned(),
                reason: d.reason.as_str().to_owned(),
                excerpt: redact_excerpt(leaf.text.get(d.start..d.end).unwrap_or("")),
                in_name: false,
            });
        }
    }
    fn end(&mut self, _: &str, _: bool) {}
    fn bad(&mut self, record: u64, line: u64, reason: &str, detail: &str, _: usize) {
        self.bad.push(reason, || bad_violation(record, line, reason, detail));
    }
}

/// Finds identifiers in every value of a data stream (no policy needed).
#[derive(Debug)]
pub struct Scanner {
    driver: Driver,
    state: ScanState,
}

impl Scanner {
    pub fn new(format: DataFormat, options: &StreamOptions) -> Scanner {
        Scanner {
            driver: Driver::new(format, options),
            state: ScanState {
                record: 0,
                line: 0,
                det: ValueDetector::default(),
                findings: Listing::with(options),
                kinds: [0; 9],
                bad: Listing::with(options),
                names: NameScan::default(),
            },
        }
    }

    pub fn feed(&mut self, chunk: &[u8]) -> Result<()> {
        self.driver.feed(chunk, &mut self.state)
    }

    /// Bytes fed so far (progress).
    pub fn bytes_consumed(&self) -> u64 {
        self.driver.fed
    }

    /// Reads what remains at the end of the input (a last record without a
    /// newline), so that draining sees everything before [`Self::finish`].
    pub fn end_input(&mut self) -> Result<()> {
        self.driver.drain(&mut self.state, true)
    }

    /// With [`StreamOptions::stream_all`]: every finding since the last call.
    pub fn drain_findings(&mut self) -> Vec<ScanFinding> {
        self.state.findings.drain()
    }

    /// With [`StreamOptions::stream_all`]: every violation (bad record) since the last call.
    pub fn drain_violations(&mut self) -> Vec<Violation> {
        self.state.bad.drain()
    }

    pub fn finish(mut self) -> Result<ScanReport> {
        self.driver.drain(&mut self.state, true)?;
        let s = self.state;
        let kinds = ALL_KINDS
            .iter()
            .filter_map(|k| {
                let c = s.kinds.get(k.index()).copied().unwrap_or(0);
                (c > 0).then(|| CountByName { name: k.as_str().to_owned(), count: c })
            })
            .collect();
        Ok(ScanReport {
            records: self.driver.records,
            bytes: self.driver.fed,
            finding_count: s.findings.count,
            kinds,
            findings_truncated: s.findings.truncated(),
            findings: s.findings.items,
            violation_count: s.bad.count,
            violations: s.bad.items,
        })
    }
}

// ------------------------------------------------------------ MaskVerifier

#[derive(Debug)]
struct VerifyState {
    table: FieldTable,
    leak_kinds: [bool; 9],
    stats: Vec<(u64, u64)>,
    record: u64,
    line: u64,
    det: ValueDetector,
    violations: Listing<Violation>,
    uncovered: Uncovered,
    names: NameScan,
}

/// Fields of the data that neither the policy nor the manifest covers. Each
/// is reported once, by its pattern (array indices as `[*]`), at its first
/// record: a field nobody declared is data nobody checked.
#[derive(Debug, Default)]
struct Uncovered {
    as_warning: bool,
    /// Patterns already reported, in order of first sight.
    reported: Vec<String>,
    /// Concrete paths already decided (bounded), so a repeated field costs
    /// one hash look-up per record.
    decided: std::collections::HashMap<String, bool>,
}

/// Most concrete paths remembered by [`Uncovered`]; past it each path is
/// decided again (same answer, more work), so memory stays bounded.
const MAX_DECIDED_PATHS: usize = 4096;

/// `a[3].b[10]` → `a[*].b[*]`.
fn path_pattern(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(open) = rest.find('[') {
        out.push_str(rest.get(..open).unwrap_or(""));
        let after = rest.get(open + 1..).unwrap_or("");
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && after.as_bytes().get(digits) == Some(&b']') {
            out.push_str("[*]");
            rest = after.get(digits + 1..).unwrap_or("");
        } else {
            out.push('[');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// The path or one of its ancestors (`a`, `a.b`, `a.b[0]` of `a.b[0].c`)
/// is governed by a policy or manifest field: a rule on a container covers
/// what is inside it.
fn is_covered(table: &FieldTable, path: &str) -> bool {
    if table.lookup(path).is_some() {
        return true;
    }
    path.char_indices()
        .filter(|&(i, c)| i > 0 && (c == '.' || c == '['))
        .any(|(i, _)| path.get(..i).is_some_and(|prefix| table.lookup(prefix).is_some()))
}

/// Adds a violation of the value at `field` of record `at` (record, line).
fn push_violation(
    list: &mut Listing<Violation>,
    at: (u64, u64),
    field: &str,
    rule: &str,
    reason: &str,
    kind: Option<&str>,
    excerpt: &str,
) {
    list.push(reason, || Violation {
        record: Some(at.0),
        line: Some(at.1),
        field: field.to_owned(),
        rule: rule.to_owned(),
        reason: reason.to_owned(),
        kind: kind.map(str::to_owned),
        excerpt: redact_excerpt(excerpt),
    });
}

impl VerifyState {
    /// An identifier of a leak kind in a field's name is a leak like one in
    /// its value: `identifier_in_field_name`, once per name pattern.
    fn check_name(&mut self, path: &str) -> bool {
        let at = (self.record, self.line);
        let VerifyState { names, det, violations, leak_kinds, .. } = self;
        names.report_leaks(path, det, leak_kinds, violations, at)
    }

    /// Reports `path` once per pattern when nothing covers it.
    fn check_covered(&mut self, path: &str, tainted: bool) {
        let u = &mut self.uncovered;
        if u.decided.contains_key(path) {
            return;
        }
        let covered = is_covered(&self.table, path);
        if u.decided.len() < MAX_DECIDED_PATHS {
            u.decided.insert(path.to_owned(), covered);
        }
        let mut pattern = path_pattern(path);
        if tainted {
            pattern = redact_names(&pattern, &mut self.det).into_owned();
        }
        if covered || u.reported.contains(&pattern) {
            return;
        }
        if !u.as_warning {
            let at = (self.record, self.line);
            push_violation(&mut self.violations, at, &pattern, "plain", "field_not_covered", None, "");
        }
        u.reported.push(pattern);
    }

    fn violation(&mut self, field: &str, rule: &str, reason: &str, kind: Option<&str>, excerpt: &str) {
        push_violation(&mut self.violations, (self.record, self.line), field, rule, reason, kind, excerpt);
    }
}

impl Handler for VerifyState {
    fn gap(&mut self, _: &[u8]) {}
    fn header(&mut self, _: &[u8], names: &[String]) {
        for name in names {
            let _shown_redacted = self.check_name(name);
        }
    }
    fn begin(&mut self, record: u64, line: u64) {
        self.record = record;
        self.line = line;
        self.names.begin_record();
    }
    fn leaf(&mut self, leaf: &Leaf<'_>) {
        let tainted = self.check_name(leaf.path);
        let fi = self.table.lookup(leaf.path);
        if fi.is_none() && matches!(leaf.kind, LeafKind::Str | LeafKind::Num | LeafKind::Bool) {
            self.check_covered(leaf.path, tainted);
        }
        // The path as reports show it: redacted when a name holds an identifier.
        let shown: std::borrow::Cow<'_, str> = if tainted {
            redact_names(leaf.path, &mut self.det).into_owned().into()
        } else {
            leaf.path.into()
        };
        let field = fi.and_then(|i| self.table.fields.get(i));
        let rule_name = field.map_or("plain", |f| f.declared.name());
        let masks = field.is_some_and(|f| f.declared.masks());
        match leaf.kind {
            LeafKind::Bool | LeafKind::Null => return,
            LeafKind::Object | LeafKind::Array => {
                if let (Some(i), true) = (fi, masks) {
                    if let Some(s) = self.stats.get_mut(i) {
                        s.0 += 1;
                        s.1 += 1;
                    }
                    self.violation(&shown, rule_name, "wrong_type", None, "");
                }
                return;
            }
            LeafKind::Str | LeafKind::Num => {}
        }
        let nc = field.and_then(|f| check_rule(&f.declared, leaf.text, f.mask, f.pi_kind.as_deref()));
        let mut bad = false;
        if let Some(nc) = nc {
            bad = true;
            self.violation(&shown, rule_name, nc.as_str(), None, leaf.text);
        }
        let at = (self.record, self.line);
        for d in self.det.leaks(leaf.text, &self.leak_kinds) {
            bad = true;
            let ex = leaf.text.get(d.start..d.end).unwrap_or("");
            let kind = Some(d.kind.as_str());
            push_violation(&mut self.violations, at, &shown, rule_name, "identifier_leak", kind, ex);
        }
        if let Some(s) = fi.and_then(|i| self.stats.get_mut(i)) {
            s.0 += 1;
            if bad {
                s.1 += 1;
            }
        }
    }
    fn end(&mut self, _: &str, _: bool) {}
    fn bad(&mut self, record: u64, line: u64, reason: &str, detail: &str, _: usize) {
        self.violations.push(reason, || bad_violation(record, line, reason, detail));
    }
}

/// Checks received data against a policy and the provider's manifest: the
/// declared rules are at least as strict as required, every value conforms
/// to its declared rule, and no value leaks an unmasked identifier.
#[derive(Debug)]
pub struct MaskVerifier {
    driver: Driver,
    state: VerifyState,
}

impl MaskVerifier {
    /// Without a manifest, the policy's rules are taken as declared.
    pub fn new(
        policy: &MaskPolicy,
        manifest: Option<&MaskManifest>,
        format: DataFormat,
        options: &StreamOptions,
    ) -> Result<MaskVerifier> {
        let (table, problems) = FieldTable::new(policy, manifest)?;
        let mut violations = Listing::with(options);
        for (field, reason) in problems {
            let rule = table.fields.iter().find(|f| f.name == field).map_or("plain", |f| {
                if reason == "field_not_declared" {
                    f.required.name()
                } else {
                    f.declared.name()
                }
            });
            violations.push(&reason, || Violation {
                record: None,
                line: None,
                field: redact_name(&field),
                rule: rule.to_owned(),
                reason: reason.clone(),
                kind: None,
                excerpt: String::new(),
            });
        }
        let stats = vec![(0, 0); table.fields.len()];
        Ok(MaskVerifier {
            driver: Driver::new(format, options),
            state: VerifyState {
                table,
                leak_kinds: policy.leak_kinds,
                stats,
                record: 0,
                line: 0,
                det: ValueDetector::default(),
                violations,
                uncovered: Uncovered { as_warning: policy.uncovered_as_warning, ..Uncovered::default() },
                names: NameScan::default(),
            },
        })
    }

    pub fn feed(&mut self, chunk: &[u8]) -> Result<()> {
        self.driver.feed(chunk, &mut self.state)
    }

    pub fn bytes_consumed(&self) -> u64 {
        self.driver.fed
    }

    /// Reads what remains at the end of the input, so that draining sees
    /// everything before [`Self::finish`].
    pub fn end_input(&mut self) -> Result<()> {
        self.driver.drain(&mut self.state, true)
    }

    /// With [`StreamOptions::stream_all`]: every violation since the last call.
    pub fn drain_violations(&mut self) -> Vec<Violation> {
        self.state.violations.drain()
    }

    pub fn finish(mut self) -> Result<VerifyReport> {
        self.driver.drain(&mut self.state, true)?;
        let s = self.state;
        let records = self.driver.records;
        let (fields, mut warnings) = field_report(&s.table, &s.stats, records, |f| f.declared.name());
        if s.uncovered.as_warning {
            warnings.extend(
                s.uncovered
                    .reported
                    .iter()
                    .map(|field| ReportWarning { code: "field_not_covered".into(), field: field.clone() }),
            );
        }
        if records == 0 {
            warnings.push(ReportWarning { code: "no_records".into(), field: String::new() });
        }
        Ok(VerifyReport {
            passed: s.violations.count == 0 && records > 0,
            records,
            bytes: self.driver.fed,
            fields,
            violation_count: s.violations.count,
            reasons: s.violations.reason_counts(),
            violations_truncated: s.violations.truncated(),
            violations: s.violations.items,
            warnings,
        })
    }
}

fn field_report(
    table: &FieldTable,
    stats: &[(u64, u64)],
    records: u64,
    rule_name: impl Fn(&super::policy::EffectiveField) -> &'static str,
) -> (Vec<FieldStats>, Vec<ReportWarning>) {
    let mut fields = Vec::new();
    let mut warnings = Vec::new();
    for (f, (values, violations)) in table.fields.iter().zip(stats) {
        // Names come from the policy and the provider's manifest: shown
        // redacted should one hold an identifier.
        let name = redact_name(&f.name);
        fields.push(FieldStats {
            field: name.clone(),
            rule: rule_name(f).to_owned(),
            values: *values,
            violations: *violations,
        });
        // An unkeyed digest the policy allows (it requires no more, or
        // asks for the digest itself) is still reversible by enumeration:
        // said as a warning. Where the policy requires more it is a
        // violation (`FieldTable::new`).
        if matches!(f.declared, Rule::Digest(_)) && f.declared.at_least_as_strict(&f.required) {
            warnings.push(ReportWarning { code: "unkeyed_hash_reversible".into(), field: name.clone() });
        }
        if *values == 0 && records > 0 && f.in_policy {
            warnings.push(ReportWarning { code: "field_absent".into(), field: name });
        }
    }
    (fields, warnings)
}

// ------------------------------------------------------------------ Masker

/// The HMAC key; its `Debug` never shows the bytes.
struct HmacKey(Vec<u8>);

impl std::fmt::Debug for HmacKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HmacKey(<redacted>)")
    }
}

#[derive(Debug)]
struct MaskState {
    table: FieldTable,
    leak_kinds: [bool; 9],
    key: HmacKey,
    out: Vec<u8>,
    edits: Vec<(usize, usize, String, bool)>,
    stats: Vec<(u64, u64)>,
    record: u64,
    line: u64,
    det: ValueDetector,
    leaks: [u64; 9],
    issues: Listing<Violation>,
    json_null_for_bad: bool,
    names: NameScan,
}

impl MaskState {
    /// Apply copies field names as they are (a key is structure, not a
    /// value it may rewrite), so an identifier written as a name is reported
    /// as the issue `identifier_in_field_name`, like verify's violation.
    fn check_name(&mut self, path: &str) {
        let at = (self.record, self.line);
        let MaskState { names, det, issues, leak_kinds, .. } = self;
        names.report_leaks(path, det, leak_kinds, issues, at);
    }

    /// Masks identifiers found in `text` (leak kinds, not warnings) with the
    /// mask character, letters and digits only, so the shape stays. Repeats
    /// until nothing is found (masking never creates an identifier, but a
    /// neighbour may become visible once an overlapping match is gone).
    fn mask_leaks(&mut self, text: &str, mask: char) -> Option<String> {
        let mut cur: Option<String> = None;
        for _ in 0..4 {
            let hits: Vec<Detection> =
                self.det.leaks(cur.as_deref().unwrap_or(text), &self.leak_kinds).copied().collect();
            if hits.is_empty() {
                break;
            }
            let src = cur.as_deref().unwrap_or(text);
            let mut s = String::with_capacity(src.len());
            let mut last = 0;
            for d in &hits {
                if let Some(k) = self.leaks.get_mut(d.kind.index()) {
                    *k += 1;
                }
                s.push_str(src.get(last..d.start).unwrap_or(""));
                for c in src.get(d.start..d.end).unwrap_or("").chars() {
                    s.push(if c.is_alphanumeric() { mask } else { c });
                }
                last = d.end;
            }
            s.push_str(src.get(last..).unwrap_or(""));
            cur = Some(s);
        }
        cur
    }
}

impl Handler for MaskState {
    fn gap(&mut self, bytes: &[u8]) {
        self.out.extend_from_slice(bytes);
    }
    fn header(&mut self, raw: &[u8], names: &[String]) {
        self.out.extend_from_slice(raw);
        for name in names {
            self.check_name(name);
        }
    }
    fn begin(&mut self, record: u64, line: u64) {
        self.record = record;
        self.line = line;
        self.edits.clear();
        self.names.begin_record();
    }
    fn end(&mut self, raw: &str, csv: bool) {
        let mut last = 0;
        let edits = std::mem::take(&mut self.edits);
        for (s, e, v, null) in &edits {
            self.out.extend_from_slice(raw.as_bytes().get(last..*s).unwrap_or(&[]));
            if csv {
                write_csv_cell(&mut self.out, v);
            } else if *null {
                self.out.extend_from_slice(b"null");
            } else {
                write_json_str(&mut self.out, v);
            }
            last = *e;
        }
        self.out.extend_from_slice(raw.as_bytes().get(last..).unwrap_or(&[]));
        self.edits = edits;
        self.edits.clear();
    }
    fn bad(&mut self, record: u64, line: u64, reason: &str, detail: &str, raw_len: usize) {
        self.issues.push(reason, || bad_violation(record, line, reason, detail));
        // A record that cannot be read cannot be masked: it is replaced, not copied.
        if raw_len > 0 && self.json_null_for_bad {
            self.out.extend_from_slice(b"null");
        }
    }
    fn leaf(&mut self, leaf: &Leaf<'_>) {
        self.check_name(leaf.path);
        let fi = self.table.lookup(leaf.path);
        if fi.is_none() && !matches!(leaf.kind, LeafKind::Str | LeafKind::Num) {
            return;
        }
        let plain = Rule::Plain;
        let table = std::mem::replace(&mut self.table, FieldTable::empty());
        let (rule, mask) = match fi.and_then(|i| table.fields.get(i)) {
            Some(f) => (&f.declared, f.mask),
            None => (&plain, '*'),
        };
        self.leaf_with(leaf, fi, rule, mask);
        self.table = table;
    }
}

impl MaskState {
    fn leaf_with(&mut self, leaf: &Leaf<'_>, fi: Option<usize>, rule: &Rule, mask: char) {
        let (record, line) = (self.record, self.line);
        match leaf.kind {
            LeafKind::Bool | LeafKind::Null => return,
            LeafKind::Object | LeafKind::Array => {
                if let (Some(i), true) = (fi, rule.masks()) {
                    if let Some(s) = self.stats.get_mut(i) {
                        s.0 += 1;
                        s.1 += 1;
                    }
                    while self.edits.last().is_some_and(|e| e.0 >= leaf.start) {
                        self.edits.pop();
                    }
                    self.edits.push((leaf.start, leaf.end, String::new(), true));
                    self.issues.push("wrong_type", || Violation {
                        record: Some(record),
                        line: Some(line),
                        field: leaf.path.to_owned(),
                        rule: rule.name().to_owned(),
                        reason: "wrong_type".into(),
                        kind: None,
                        excerpt: String::new(),
                    });
                }
                return;
            }
            LeafKind::Str | LeafKind::Num => {}
        }
        let mut new = match apply_rule(rule, leaf.text, mask, &self.key.0) {
            Applied::Value(v) => v,
            Applied::NotApplicable(v) => {
                if let Some(s) = fi.and_then(|i| self.stats.get_mut(i)) {
                    s.1 += 1;
                }
                self.issues.push("rule_not_applicable", || Violation {
                    record: Some(record),
                    line: Some(line),
                    field: leaf.path.to_owned(),
                    rule: rule.name().to_owned(),
                    reason: "rule_not_applicable".into(),
                    kind: None,
                    excerpt: redact_excerpt(leaf.text),
                });
                v
            }
        };
        if let Some(s) = fi.and_then(|i| self.stats.get_mut(i)) {
            s.0 += 1;
        }
        if matches!(rule, Rule::Plain | Rule::Keep { .. } | Rule::Truncate(_)) {
            if let Some(cleaned) = self.mask_leaks(&new, mask) {
                new = cleaned;
            }
        }
        let changed = new != leaf.text || (leaf.kind == LeafKind::Num && rule.masks());
        if changed {
            self.edits.push((leaf.start, leaf.end, new, false));
        }
    }
}

/// Applies a policy to a data stream, writing the masked stream.
///
/// Values of masked fields are replaced (a masked JSON number becomes a
/// string); identifiers found in `plain` and unlisted fields are masked in
/// place; everything else — layout, key order, CSV quoting of unchanged cells
/// — is copied as it was. A record that is not readable JSON becomes `null`.
pub struct Masker {
    driver: Driver,
    state: MaskState,
    policy_manifest: MaskManifest,
    bytes_out: u64,
}

impl std::fmt::Debug for Masker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The HMAC key is never printed.
        f.debug_struct("Masker").field("records", &self.driver.records).finish_non_exhaustive()
    }
}

impl Masker {
    /// `hash_key` is the HMAC key of `hash` rules (required when the policy
    /// has one: [`Error::HashKeyMissing`]).
    pub fn new(
        policy: &MaskPolicy,
        format: DataFormat,
        hash_key: Option<&[u8]>,
        options: &StreamOptions,
    ) -> Result<Masker> {
        let table = FieldTable::for_policy(policy);
        if hash_key.is_none() {
            if let Some(f) = table.fields.iter().find(|f| matches!(f.declared, Rule::Hash(_))) {
                return Err(Error::HashKeyMissing { field: f.name.clone() });
            }
        }
        let stats = vec![(0, 0); table.fields.len()];
        Ok(Masker {
            driver: Driver::new(format, options),
            state: MaskState {
                table,
                leak_kinds: policy.leak_kinds,
                key: HmacKey(hash_key.map(<[u8]>::to_vec).unwrap_or_default()),
                out: Vec::new(),
                edits: Vec::new(),
                stats,
                record: 0,
                line: 0,
                det: ValueDetector::default(),
                leaks: [0; 9],
                issues: Listing::new(options.max_listed),
                json_null_for_bad: format != DataFormat::Csv && !format.is_workbook(),
                names: NameScan::default(),
            },
            policy_manifest: policy.manifest(),
            bytes_out: 0,
        })
    }

    /// The manifest to send with the output (canonical bytes: [`MaskManifest::to_canonical_json`]).
    pub fn manifest(&self) -> MaskManifest {
        self.policy_manifest.clone()
    }

    /// Feeds a chunk and returns the masked output it completed.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<Vec<u8>> {
        self.driver.feed(chunk, &mut self.state)?;
        let out = std::mem::take(&mut self.state.out);
        self.bytes_out += out.len() as u64;
        Ok(out)
    }

    /// Feeds a chunk and writes the masked output it completed to `w`.
    pub fn feed_into<W: std::io::Write>(&mut self, chunk: &[u8], w: &mut W) -> Result<()> {
        let out = self.feed(chunk)?;
        w.write_all(&out).map_err(|e| Error::OutputWrite { detail: e.kind().to_string() })
    }

    pub fn bytes_consumed(&self) -> u64 {
        self.driver.fed
    }

    /// Ends the input: the remaining output and the report.
    pub fn finish(mut self) -> Result<MaskFinish> {
        self.driver.drain(&mut self.state, true)?;
        let output = std::mem::take(&mut self.state.out);
        self.bytes_out += output.len() as u64;
        let s = self.state;
        let records = self.driver.records;
        let (fields, warnings) = field_report(&s.table, &s.stats, records, |f| f.declared.name());
        let leaks_masked = ALL_KINDS
            .iter()
            .filter_map(|k: &DetectorKind| {
                let c = s.leaks.get(k.index()).copied().unwrap_or(0);
                (c > 0).then(|| CountByName { name: k.as_str().to_owned(), count: c })
            })
            .collect();
        Ok(MaskFinish {
            output,
            report: ApplyReport {
                records,
                bytes_in: self.driver.fed,
                bytes_out: self.bytes_out,
                fields,
                leaks_masked,
                issue_count: s.issues.count,
                issues_truncated: s.issues.truncated(),
                issues: s.issues.items,
                warnings,
            },
        })
    }

    /// Like [`finish`](Self::finish), writing the remaining output to `w`.
    pub fn finish_into<W: std::io::Write>(self, w: &mut W) -> Result<ApplyReport> {
        let f = self.finish()?;
        w.write_all(&f.output).map_err(|e| Error::OutputWrite { detail: e.kind().to_string() })?;
        Ok(f.report)
    }
}
