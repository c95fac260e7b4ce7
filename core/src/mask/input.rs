//! Streaming input: splitting JSON arrays, NDJSON and CSV into records with
//! bounded memory, and walking one JSON record's values with their paths.
//!
//! The reader keeps only the unfinished tail of the input; each complete
//! record is handed on and dropped. Its memory is bounded by the largest
//! record (limit: `max_record_bytes`).

use serde::{Deserialize, Serialize};

use crate::error::{Error, Location, Result};

/// The layout of a data stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DataFormat {
    /// One JSON array of records (`[{...}, {...}]`).
    #[serde(alias = "json")]
    JsonArray,
    /// One JSON record per line; blank lines are skipped.
    Ndjson,
    /// CSV with a header row (RFC 4180 quoting; LF or CRLF; blank lines skipped).
    Csv,
    /// An Office Open XML workbook (`.xlsx`): one sheet read as a table
    /// (docs/masking.md §10), whole, not streamed.
    Xlsx,
    /// An Excel 97-2003 workbook (`.xls`, BIFF8 in an OLE2 file).
    Xls,
    /// An OpenDocument spreadsheet (`.ods`).
    Ods,
}

impl DataFormat {
    /// The format's name: `json_array`, `ndjson`, `csv`, `xlsx`, `xls` or `ods`.
    pub fn as_str(self) -> &'static str {
        match self {
            DataFormat::JsonArray => "json_array",
            DataFormat::Ndjson => "ndjson",
            DataFormat::Csv => "csv",
            DataFormat::Xlsx => "xlsx",
            DataFormat::Xls => "xls",
            DataFormat::Ods => "ods",
        }
    }

    /// A workbook (`xlsx`, `xls`, `ods`): read whole at the end of the
    /// input, one sheet rendered as CSV.
    pub fn is_workbook(self) -> bool {
        matches!(self, DataFormat::Xlsx | DataFormat::Xls | DataFormat::Ods)
    }

    /// The workbook format `head` (the first bytes) shows, if any: a zip
    /// archive holding `[Content_Types].xml` (xlsx) or starting with the
    /// entry `mimetype` = `application/vnd.oasis.opendocument.spreadsheet`
    /// (ods), or the OLE2 signature `D0 CF 11 E0 A1 B1 1A E1` (xls).
    fn workbook_of(head: &[u8]) -> Option<DataFormat> {
        const OLE2: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        if head.starts_with(&OLE2) {
            return Some(DataFormat::Xls);
        }
        if !head.starts_with(b"PK\x03\x04") {
            return None;
        }
        // ODF puts an uncompressed `mimetype` entry first (ODF 1.2 §3.3).
        let first_entry = head.get(30..38);
        if first_entry == Some(b"mimetype".as_slice())
            && memchr::memmem::find(head, b"application/vnd.oasis.opendocument.spreadsheet").is_some()
        {
            return Some(DataFormat::Ods);
        }
        if memchr::memmem::find(head, b"[Content_Types].xml").is_some() {
            return Some(DataFormat::Xlsx);
        }
        None
    }

    /// The format of a data file whose format the caller did not name, from
    /// its `name` (a file name or path) and `head`, its first bytes (the
    /// first MiB is plenty).
    ///
    /// The name's extension says it when it is one of `.csv`, `.ndjson` /
    /// `.jsonl`, `.json`, `.xlsx`, `.xls` or `.ods` (any case); the content
    /// says it by its signature for a workbook (a zip archive with
    /// `[Content_Types].xml`: xlsx; one whose first entry is the ODF
    /// `mimetype` of a spreadsheet: ods; the OLE2 signature: xls), else by
    /// its first character that is not whitespace (after a UTF-8 byte-order
    /// mark): `[` a JSON array, `{` NDJSON, anything else CSV (whose header
    /// row starts with a field name). Never a guess that could let a check pass on data
    /// it did not read: when the two disagree (a `.csv` file that starts with
    /// `[`, a `.json` file of NDJSON) or neither says anything (an empty or
    /// blank input without a known extension) the answer is
    /// `invalid_argument`: name the format.
    pub fn detect(name: Option<&str>, head: &[u8]) -> Result<DataFormat> {
        let by_name = name.and_then(Self::from_extension);
        let body = head.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(head);
        let workbook = Self::workbook_of(head);
        if workbook.is_none() && head.starts_with(b"PK\x03\x04") {
            // A zip archive that shows no known workbook part in its first
            // bytes: only a name saying xlsx or ods tells what it is.
            return match by_name {
                Some(f @ (DataFormat::Xlsx | DataFormat::Ods)) => Ok(f),
                _ => Err(Error::InvalidArgument {
                    name: "format".into(),
                    detail: "the data is a zip archive that is not a known workbook; name the format".into(),
                }),
            };
        }
        let by_content = match body.iter().find(|b| !b.is_ascii_whitespace()) {
            _ if workbook.is_some() => workbook,
            Some(b'[') => Some(DataFormat::JsonArray),
            Some(b'{') => Some(DataFormat::Ndjson),
            Some(_) => Some(DataFormat::Csv),
            None => None,
        };
        match (by_name, by_content) {
            (Some(named), Some(seen)) if named != seen => Err(Error::InvalidArgument {
                name: "format".into(),
                detail: format!(
                    "the file name says {} but the data starts as {} does; name the format",
                    named.as_str(),
                    seen.as_str()
                ),
            }),
            (Some(format), _) | (None, Some(format)) => Ok(format),
            (None, None) => Err(Error::InvalidArgument {
                name: "format".into(),
                detail: "the input is empty or blank and its name has no known extension; name the format"
                    .into(),
            }),
        }
    }

    /// The format a file name's extension names, if it names one.
    fn from_extension(name: &str) -> Option<DataFormat> {
        let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
        let (_, ext) = file.rsplit_once('.')?;
        match ext.to_ascii_lowercase().as_str() {
            "csv" => Some(DataFormat::Csv),
            "ndjson" | "jsonl" => Some(DataFormat::Ndjson),
            "json" => Some(DataFormat::JsonArray),
            "xlsx" => Some(DataFormat::Xlsx),
            "xls" => Some(DataFormat::Xls),
            "ods" => Some(DataFormat::Ods),
            _ => None,
        }
    }

    pub fn parse(s: &str) -> Result<DataFormat> {
        match s {
            "json_array" | "json" => Ok(DataFormat::JsonArray),
            "ndjson" | "jsonl" => Ok(DataFormat::Ndjson),
            "csv" => Ok(DataFormat::Csv),
            "xlsx" => Ok(DataFormat::Xlsx),
            "xls" => Ok(DataFormat::Xls),
            "ods" => Ok(DataFormat::Ods),
            other => Err(Error::UnsupportedFormat {
                found: other.to_owned(),
                expected: "json_array, ndjson, csv, xlsx, xls or ods".into(),
            }),
        }
    }
}

pub(crate) use crate::encoding::utf8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PieceKind {
    /// Bytes between records (array punctuation, line ends, blank lines).
    Gap,
    Record,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Piece {
    pub kind: PieceKind,
    pub start: usize,
    pub end: usize,
    /// 1-based line of the piece's first byte.
    pub line: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum JState {
    Start,
    BeforeElem { first: bool },
    InElem,
    AfterElem,
    End,
}

/// Splits a byte stream into records and gaps.
#[derive(Debug)]
pub(crate) struct RecordReader {
    format: DataFormat,
    pub buf: Vec<u8>,
    pos: usize,
    scan: usize,
    line: u64,
    jstate: JState,
    depth: u32,
    in_str: bool,
    esc: bool,
    pending: Option<Piece>,
    max_record: usize,
    at_start: bool,
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

fn json_err(line: u64, detail: &str) -> Error {
    Error::Json { location: Location::at(None, line, 1), detail: detail.to_owned() }
}

impl RecordReader {
    pub fn new(format: DataFormat, max_record: usize) -> RecordReader {
        RecordReader {
            format,
            buf: Vec::new(),
            pos: 0,
            scan: 0,
            line: 1,
            jstate: JState::Start,
            depth: 0,
            in_str: false,
            esc: false,
            pending: None,
            max_record,
            at_start: true,
        }
    }

    pub fn push(&mut self, chunk: &[u8]) {
        self.buf.extend_from_slice(chunk);
    }

    /// Drops the bytes already handed out.
    pub fn compact(&mut self) {
        if self.pos > 0 {
            self.buf.drain(..self.pos);
            self.scan = self.scan.saturating_sub(self.pos);
            self.pos = 0;
        }
    }

    pub fn slice(&self, p: &Piece) -> &[u8] {
        self.buf.get(p.start..p.end).unwrap_or(&[])
    }

    fn emit_record(&mut self, end: usize) -> Result<Piece> {
        if end.saturating_sub(self.pos) > self.max_record {
            return Err(Error::LimitExceeded {
                what: "record size in bytes".into(),
                limit: self.max_record as u64,
                location: Location::at(None, self.line, 1),
            });
        }
        Ok(self.emit(PieceKind::Record, end))
    }

    fn emit(&mut self, kind: PieceKind, end: usize) -> Piece {
        let p = Piece { kind, start: self.pos, end, line: self.line };
        // An NDJSON record is a line without its end: no newline to count.
        let nl = if kind == PieceKind::Record && self.format == DataFormat::Ndjson {
            0
        } else {
            self.buf.get(self.pos..end).map_or(0, |s| memchr::memchr_iter(b'\n', s).count())
        };
        self.line += nl as u64;
        self.pos = end;
        self.scan = self.scan.max(end);
        p
    }

    fn too_big(&self) -> Result<()> {
        if self.buf.len().saturating_sub(self.pos) > self.max_record {
            return Err(Error::LimitExceeded {
                what: "record size in bytes".into(),
                limit: self.max_record as u64,
                location: Location::at(None, self.line, 1),
            });
        }
        Ok(())
    }

    /// The next complete piece, or `None` when more input is needed (or,
    /// with `eof`, when the input is done).
    pub fn next_piece(&mut self, eof: bool) -> Result<Option<Piece>> {
        if let Some(p) = self.pending.take() {
            return Ok(Some(self.emit(p.kind, p.end)));
        }
        if self.at_start {
            if self.buf.len() < 3 && !eof {
                return Ok(None);
            }
            self.at_start = false;
            if self.buf.starts_with(&[0xEF, 0xBB, 0xBF]) {
                return Ok(Some(self.emit(PieceKind::Gap, 3)));
            }
        }
        match self.format {
            DataFormat::Ndjson => self.next_line(eof, false),
            // A workbook reaches the reader as the CSV its sheet renders to.
            DataFormat::Csv | DataFormat::Xlsx | DataFormat::Xls | DataFormat::Ods => {
                self.next_line(eof, true)
            }
            DataFormat::JsonArray => self.next_json(eof),
        }
    }

    fn next_line(&mut self, eof: bool, csv: bool) -> Result<Option<Piece>> {
        let len = self.buf.len();
        if self.pos >= len {
            return Ok(None);
        }
        let mut i = self.scan.max(self.pos);
        let nl = loop {
            if !csv {
                break self.buf.get(i..).and_then(|r| memchr::memchr(b'\n', r)).map(|o| i + o);
            }
            let found = self.buf.get(i..).and_then(|r| memchr::memchr2(b'"', b'\n', r)).map(|o| i + o);
            match found {
                None => break None,
                Some(j) if self.buf.get(j) == Some(&b'"') => {
                    self.in_str = !self.in_str;
                    i = j + 1;
                }
                Some(j) if self.in_str => i = j + 1,
                Some(j) => break Some(j),
            }
        };
        let line_end = match nl {
            Some(j) => j,
            None => {
                self.scan = len;
                if !eof {
                    self.too_big()?;
                    return Ok(None);
                }
                if csv && self.in_str {
                    return Err(Error::CsvMalformed {
                        line: self.line,
                        detail: "input ends inside a quoted field".into(),
                    });
                }
                len
            }
        };
        let mut rec_end = line_end;
        if rec_end > self.pos && self.buf.get(rec_end - 1) == Some(&b'\r') {
            rec_end -= 1;
        }
        let term_end = if nl.is_some() { line_end + 1 } else { len };
        let blank = self.buf.get(self.pos..rec_end).is_none_or(|s| s.iter().all(|&b| is_ws(b)));
        if blank {
            return Ok(Some(self.emit(PieceKind::Gap, term_end)));
        }
        if term_end > rec_end {
            self.pending = Some(Piece { kind: PieceKind::Gap, start: rec_end, end: term_end, line: 0 });
        }
        self.emit_record(rec_end).map(Some)
    }

    fn skip_ws(&self, mut i: usize) -> usize {
        while self.buf.get(i).is_some_and(|&b| is_ws(b)) {
            i += 1;
        }
        i
    }

    fn next_json(&mut self, eof: bool) -> Result<Option<Piece>> {
        let len = self.buf.len();
        match self.jstate {
            JState::Start | JState::AfterElem | JState::End => {
                let i = self.skip_ws(self.pos);
                let Some(&b) = self.buf.get(i) else {
                    if eof {
                        return match self.jstate {
                            JState::End if i > self.pos => Ok(Some(self.emit(PieceKind::Gap, i))),
                            JState::End => Ok(None),
                            JState::Start => Err(json_err(self.line, "expected a JSON array of records")),
                            _ => Err(json_err(self.line, "the array is not closed")),
                        };
                    }
                    return Ok(None);
                };
                match (self.jstate, b) {
                    (JState::Start, b'[') => {
                        self.jstate = JState::BeforeElem { first: true };
                        Ok(Some(self.emit(PieceKind::Gap, i + 1)))
                    }
                    (JState::Start, _) => Err(json_err(self.line, "expected '[' (a JSON array of records)")),
                    (JState::AfterElem, b',') => {
                        self.jstate = JState::BeforeElem { first: false };
                        Ok(Some(self.emit(PieceKind::Gap, i + 1)))
                    }
                    (JState::AfterElem, b']') => {
                        self.jstate = JState::End;
                        Ok(Some(self.emit(PieceKind::Gap, i + 1)))
                    }
                    (JState::AfterElem, _) => Err(json_err(self.line, "expected ',' or ']' after a record")),
                    _ => Err(json_err(self.line, "data after the end of the array")),
                }
            }
            JState::BeforeElem { first } => {
                let i = self.skip_ws(self.pos);
                let Some(&b) = self.buf.get(i) else {
                    if eof {
                        return Err(json_err(self.line, "the array is not closed"));
                    }
                    return Ok(None);
                };
                if b == b']' {
                    if !first {
                        return Err(json_err(self.line, "trailing comma before ']'"));
                    }
                    self.jstate = JState::End;
                    return Ok(Some(self.emit(PieceKind::Gap, i + 1)));
                }
                self.jstate = JState::InElem;
                self.depth = 0;
                self.in_str = false;
                self.esc = false;
                if i > self.pos {
                    return Ok(Some(self.emit(PieceKind::Gap, i)));
                }
                self.scan = i;
                self.next_json(eof)
            }
            JState::InElem => {
                let mut i = self.scan.max(self.pos);
                let end = loop {
                    if self.in_str {
                        match self.buf.get(i..).and_then(|r| memchr::memchr2(b'"', b'\\', r)) {
                            None => {
                                i = len;
                                break None;
                            }
                            Some(o) => {
                                let j = i + o;
                                if self.buf.get(j) == Some(&b'\\') {
                                    if j + 1 >= len {
                                        // The escaped byte has not arrived yet.
                                        i = j;
                                        break None;
                                    }
                                    i = j + 2;
                                } else {
                                    self.in_str = false;
                                    i = j + 1;
                                }
                            }
                        }
                        continue;
                    }
                    let Some(&b) = self.buf.get(i) else { break None };
                    match b {
                        b'"' => self.in_str = true,
                        b'{' | b'[' => self.depth += 1,
                        b']' if self.depth == 0 => break Some(i),
                        b'}' | b']' => self.depth = self.depth.saturating_sub(1),
                        b',' if self.depth == 0 => break Some(i),
                        _ => {}
                    }
                    i += 1;
                };
                self.scan = i;
                match end {
                    None => {
                        if eof {
                            return Err(json_err(self.line, "the array is not closed"));
                        }
                        self.too_big()?;
                        Ok(None)
                    }
                    Some(j) => {
                        let mut e = j;
                        while e > self.pos && self.buf.get(e - 1).is_some_and(|&b| is_ws(b)) {
                            e -= 1;
                        }
                        self.jstate = JState::AfterElem;
                        self.emit_record(e).map(Some)
                    }
                }
            }
        }
    }
}

// ------------------------------------------------------------ JSON walker

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LeafKind {
    Str,
    Num,
    Bool,
    Null,
    Object,
    Array,
}

/// One value of a record: its path (`a.b[0]`), kind, text (decoded string,
/// or the number as written) and byte span in the record.
#[derive(Debug)]
pub(crate) struct Leaf<'a> {
    pub path: &'a str,
    pub kind: LeafKind,
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
}

const MAX_DEPTH: usize = 128;

/// Walks JSON records, reusing its buffers between records.
#[derive(Debug, Default)]
pub(crate) struct JsonWalker {
    path: String,
    buf: String,
}

type WalkResult = std::result::Result<usize, &'static str>;

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(|&c| is_ws(c)) {
        i += 1;
    }
    i
}

/// End of the string starting at `i` (the opening quote): index after the
/// closing quote, and whether it has escapes.
fn scan_string(b: &[u8], i: usize) -> std::result::Result<(usize, bool), &'static str> {
    let mut j = i + 1;
    let mut esc = false;
    loop {
        let o = b.get(j..).and_then(|r| memchr::memchr2(b'"', b'\\', r)).ok_or("unterminated string")?;
        j += o;
        if b.get(j) == Some(&b'\\') {
            esc = true;
            j += 2;
        } else {
            return Ok((j + 1, esc));
        }
    }
}

fn decode_into(s: &str, out: &mut String) -> std::result::Result<(), &'static str> {
    out.clear();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next().ok_or("bad escape")? {
            '"' => out.push('"'),
            '\\' => out.push('\\'),
            '/' => out.push('/'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'u' => {
                let hex4 = |chars: &mut std::str::Chars<'_>| -> std::result::Result<u32, &'static str> {
                    let h: String = chars.by_ref().take(4).collect();
                    if h.len() != 4 {
                        return Err("bad \\u escape");
                    }
                    u32::from_str_radix(&h, 16).map_err(|_| "bad \\u escape")
                };
                let hi = hex4(&mut chars)?;
                let cp = if (0xD800..0xDC00).contains(&hi) && chars.as_str().starts_with("\\u") {
                    let mut look = chars.clone();
                    look.next();
                    look.next();
                    let lo = hex4(&mut look)?;
                    if (0xDC00..0xE000).contains(&lo) {
                        chars = look;
                        0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                    } else {
                        0xFFFD
                    }
                } else {
                    hi
                };
                out.push(char::from_u32(cp).unwrap_or('\u{FFFD}'));
            }
            _ => return Err("bad escape"),
        }
    }
    Ok(())
}

impl JsonWalker {
    /// Calls `f` for every value of `rec` (containers after their children).
    pub fn walk<F: FnMut(&Leaf<'_>)>(
        &mut self,
        rec: &str,
        f: &mut F,
    ) -> std::result::Result<(), &'static str> {
        self.path.clear();
        let b = rec.as_bytes();
        let i = skip_ws(b, 0);
        let i = self.value(rec, i, 0, f)?;
        if skip_ws(b, i) != b.len() {
            return Err("unexpected characters after the record");
        }
        Ok(())
    }

    fn value<F: FnMut(&Leaf<'_>)>(&mut self, rec: &str, i: usize, depth: usize, f: &mut F) -> WalkResult {
        let b = rec.as_bytes();
        if depth > MAX_DEPTH {
            return Err("nesting too deep");
        }
        match b.get(i) {
            Some(b'{') => {
                let mut j = skip_ws(b, i + 1);
                if b.get(j) == Some(&b'}') {
                    j += 1;
                } else {
                    loop {
                        if b.get(j) != Some(&b'"') {
                            return Err("expected a string key");
                        }
                        let (kend, esc) = scan_string(b, j)?;
                        let raw = rec.get(j + 1..kend - 1).ok_or("bad key")?;
                        let plen = self.path.len();
                        if plen > 0 {
                            self.path.push('.');
                        }
                        if esc {
                            let mut tmp = String::new();
                            decode_into(raw, &mut tmp)?;
                            self.path.push_str(&tmp);
                        } else {
                            self.path.push_str(raw);
                        }
                        j = skip_ws(b, kend);
                        if b.get(j) != Some(&b':') {
                            return Err("expected ':'");
                        }
                        j = skip_ws(b, j + 1);
                        j = self.value(rec, j, depth + 1, f)?;
                        self.path.truncate(plen);
                        j = skip_ws(b, j);
                        match b.get(j) {
                            Some(b',') => j = skip_ws(b, j + 1),
                            Some(b'}') => {
                                j += 1;
                                break;
                            }
                            _ => return Err("expected ',' or '}'"),
                        }
                    }
                }
                f(&Leaf { path: &self.path, kind: LeafKind::Object, text: "", start: i, end: j });
                Ok(j)
            }
            Some(b'[') => {
                let mut j = skip_ws(b, i + 1);
                if b.get(j) == Some(&b']') {
                    j += 1;
                } else {
                    let mut n = 0usize;
                    loop {
                        let plen = self.path.len();
                        self.path.push('[');
                        self.path.push_str(&n.to_string());
                        self.path.push(']');
                        j = self.value(rec, j, depth + 1, f)?;
                        self.path.truncate(plen);
                        n += 1;
                        j = skip_ws(b, j);
                        match b.get(j) {
                            Some(b',') => j = skip_ws(b, j + 1),
                            Some(b']') => {
                                j += 1;
                                break;
                            }
                            _ => return Err("expected ',' or ']'"),
                        }
                    }
                }
                f(&Leaf { path: &self.path, kind: LeafKind::Array, text: "", start: i, end: j });
                Ok(j)
            }
            Some(b'"') => {
                let (end, esc) = scan_string(b, i)?;
                let raw = rec.get(i + 1..end - 1).ok_or("bad string")?;
                // A branch-free fold (vectorizes), not a short-circuiting `any`.
                if raw.bytes().fold(false, |acc, c| acc | (c < 0x20)) {
                    return Err("control character in string");
                }
                let text = if esc {
                    decode_into(raw, &mut self.buf)?;
                    self.buf.as_str()
                } else {
                    raw
                };
                f(&Leaf { path: &self.path, kind: LeafKind::Str, text, start: i, end });
                Ok(end)
            }
            Some(b'-' | b'0'..=b'9') => {
                let mut j = i;
                if b.get(j) == Some(&b'-') {
                    j += 1;
                }
                let d0 = j;
                while b.get(j).is_some_and(u8::is_ascii_digit) {
                    j += 1;
                }
                if j == d0 {
                    return Err("bad number");
                }
                if b.get(j) == Some(&b'.') {
                    j += 1;
                    let f0 = j;
                    while b.get(j).is_some_and(u8::is_ascii_digit) {
                        j += 1;
                    }
                    if j == f0 {
                        return Err("bad number");
                    }
                }
                if matches!(b.get(j), Some(b'e' | b'E')) {
                    j += 1;
                    if matches!(b.get(j), Some(b'+' | b'-')) {
                        j += 1;
                    }
                    let e0 = j;
                    while b.get(j).is_some_and(u8::is_ascii_digit) {
                        j += 1;
                    }
                    if j == e0 {
                        return Err("bad number");
                    }
                }
                let text = rec.get(i..j).ok_or("bad number")?;
                f(&Leaf { path: &self.path, kind: LeafKind::Num, text, start: i, end: j });
                Ok(j)
            }
            Some(b't') | Some(b'f') | Some(b'n') => {
                let rest = b.get(i..).unwrap_or(&[]);
                let (len, kind) = if rest.starts_with(b"true") {
                    (4, LeafKind::Bool)
                } else if rest.starts_with(b"false") {
                    (5, LeafKind::Bool)
                } else if rest.starts_with(b"null") {
                    (4, LeafKind::Null)
                } else {
                    return Err("unexpected literal");
                };
                let text = rec.get(i..i + len).unwrap_or("");
                f(&Leaf { path: &self.path, kind, text, start: i, end: i + len });
                Ok(i + len)
            }
            _ => Err("expected a value"),
        }
    }
}

// ------------------------------------------------------------------- CSV

/// One CSV cell: raw byte span in the row, and its value.
#[derive(Debug, Clone)]
pub(crate) struct Cell {
    pub start: usize,
    pub end: usize,
    /// Set when the value differs from the raw span (quoted cells).
    pub owned: Option<String>,
}

impl Cell {
    pub fn value<'a>(&'a self, row: &'a str) -> &'a str {
        match &self.owned {
            Some(s) => s,
            None => row.get(self.start..self.end).unwrap_or(""),
        }
    }
}

/// Splits one CSV row (without its line end) into cells.
pub(crate) fn parse_csv_row(row: &str, cells: &mut Vec<Cell>) {
    cells.clear();
    let b = row.as_bytes();
    let mut i = 0;
    loop {
        let start = i;
        if b.get(i) == Some(&b'"') {
            let mut val = String::new();
            let mut j = i + 1;
            loop {
                match b.get(j..).and_then(|r| memchr::memchr(b'"', r)) {
                    None => {
                        val.push_str(row.get(j..).unwrap_or(""));
                        j = b.len();
                        break;
                    }
                    Some(o) => {
                        val.push_str(row.get(j..j + o).unwrap_or(""));
                        j += o;
                        if b.get(j + 1) == Some(&b'"') {
                            val.push('"');
                            j += 2;
                        } else {
                            j += 1;
                            break;
                        }
                    }
                }
            }
            // Lenient: text after the closing quote belongs to the cell.
            let tail_end = b.get(j..).and_then(|r| memchr::memchr(b',', r)).map_or(b.len(), |o| j + o);
            val.push_str(row.get(j..tail_end).unwrap_or(""));
            cells.push(Cell { start, end: tail_end, owned: Some(val) });
            i = tail_end;
        } else {
            let end = b.get(i..).and_then(|r| memchr::memchr(b',', r)).map_or(b.len(), |o| i + o);
            cells.push(Cell { start, end, owned: None });
            i = end;
        }
        if i >= b.len() {
            break;
        }
        i += 1; // the comma
        if i == b.len() {
            cells.push(Cell { start: i, end: i, owned: None });
            break;
        }
    }
}

/// Writes a CSV cell, quoting when needed.
pub(crate) fn write_csv_cell(out: &mut Vec<u8>, s: &str) {
    if s.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r')) {
        out.push(b'"');
        for part in s.split('"').enumerate() {
            if part.0 > 0 {
                out.extend_from_slice(b"\"\"");
            }
            out.extend_from_slice(part.1.as_bytes());
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(s.as_bytes());
    }
}

/// Writes a JSON string literal.
pub(crate) fn write_json_str(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    for c in s.chars() {
        match c {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\t' => out.extend_from_slice(b"\\t"),
            c if (c as u32) < 0x20 => out.extend_from_slice(format!("\\u{:04x}", c as u32).as_bytes()),
            c => {
                let mut tmp = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
            }
        }
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(fmt: DataFormat, data: &[u8], chunk: usize) -> Vec<(PieceKind, String, u64)> {
        let mut r = RecordReader::new(fmt, 1 << 20);
        let mut v = Vec::new();
        for c in data.chunks(chunk.max(1)) {
            r.push(c);
            while let Some(p) = r.next_piece(false).unwrap() {
                v.push((p.kind, String::from_utf8_lossy(r.slice(&p)).into_owned(), p.line));
            }
            r.compact();
        }
        while let Some(p) = r.next_piece(true).unwrap() {
            v.push((p.kind, String::from_utf8_lossy(r.slice(&p)).into_owned(), p.line));
        }
        v
    }

    #[test]
    fn json_array_split_in_any_chunking() {
        let data = b"[ {\"a\": \"x,]\\\"\"},\n {\"b\": [1,2]} ]";
        for chunk in [1, 2, 3, 7, 100] {
            let recs: Vec<_> = pieces(DataFormat::JsonArray, data, chunk)
                .into_iter()
                .filter(|p| p.0 == PieceKind::Record)
                .collect();
            assert_eq!(recs.len(), 2, "chunk {chunk}");
            assert_eq!(recs[1].1, "{\"b\": [1,2]}");
            assert_eq!(recs[1].2, 2);
        }
    }

    #[test]
    fn csv_rows() {
        let data = b"a,b\r\n\"x,\"\"y\"\"\n z\",2\n\n3,4";
        let recs: Vec<_> =
            pieces(DataFormat::Csv, data, 2).into_iter().filter(|p| p.0 == PieceKind::Record).collect();
        assert_eq!(recs.len(), 3);
        let mut cells = Vec::new();
        parse_csv_row(&recs[1].1, &mut cells);
        assert_eq!(cells[0].value(&recs[1].1), "x,\"y\"\n z");
        assert_eq!(recs[2].2, 5);
    }

    #[test]
    fn formats_are_told_by_name_then_content_and_never_guessed_against_them() {
        use DataFormat::*;
        let detect = |name: Option<&str>, head: &str| DataFormat::detect(name, head.as_bytes());
        // The extension, any case, of the file name only.
        assert_eq!(detect(Some("a.csv"), "x,y\n").expect("csv"), Csv);
        assert_eq!(detect(Some("dir.v2/A.JSONL"), "{}\n").expect("jsonl"), Ndjson);
        assert_eq!(detect(Some("C:\\data\\x.ndjson"), "").expect("ndjson, empty"), Ndjson);
        assert_eq!(detect(Some("x.Json"), "  [").expect("json"), JsonArray);
        // No known extension: the first character that is not whitespace, after a BOM.
        assert_eq!(detect(None, "\u{feff}\n [{}]").expect("array"), JsonArray);
        assert_eq!(detect(Some("data.txt"), "\r\n{\"a\":1}\n").expect("ndjson"), Ndjson);
        assert_eq!(detect(Some("dir.v2/data"), "name,phone\n").expect("csv"), Csv);
        assert_eq!(detect(Some("-"), "名称,电话\n").expect("csv"), Csv);
        // Nothing to tell from, or name and content disagree: name the format.
        for (name, head) in [
            (None, ""),
            (None, " \n\t"),
            (Some("data.txt"), "\u{feff}"),
            (Some("a.csv"), "[{\"id\":\"110105\"}]"),
            (Some("a.csv"), "{\"id\":\"110105\"}\n"),
            (Some("a.json"), "{\"id\":\"110105\"}\n"),
            (Some("a.jsonl"), "[{}]"),
            (Some("a.json"), "id,name\n"),
        ] {
            let e = detect(name, head).unwrap_err();
            assert_eq!(e.code(), "invalid_argument", "{name:?} {head:?}");
            assert!(!e.to_string().contains("110105"), "the message quotes no data: {e}");
        }
        // Bytes that are not UTF-8 are the reader's to refuse, not a panic here.
        assert_eq!(DataFormat::detect(None, &[0xff, 0xfe, b'a']).expect("csv"), Csv);
        for f in [JsonArray, Ndjson, Csv, Xlsx, Xls, Ods] {
            assert_eq!(DataFormat::parse(f.as_str()).expect("name"), f);
        }
    }

    #[test]
    fn workbooks_are_told_by_signature_and_never_against_their_name() {
        use DataFormat::*;
        let mut xlsx = b"PK\x03\x04".to_vec();
        xlsx.extend_from_slice(&[0; 26]);
        xlsx.extend_from_slice(b"[Content_Types].xml<Types/>");
        let mut ods = b"PK\x03\x04".to_vec();
        ods.extend_from_slice(&[0; 26]);
        ods.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet");
        let xls = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
        let zip = b"PK\x03\x04\0\0\0\0other.bin".to_vec();
        assert_eq!(DataFormat::detect(None, &xlsx).expect("xlsx"), Xlsx);
        assert_eq!(DataFormat::detect(Some("a.XLSX"), &xlsx).expect("xlsx"), Xlsx);
        assert_eq!(DataFormat::detect(Some("-"), &ods).expect("ods"), Ods);
        assert_eq!(DataFormat::detect(Some("a.xls"), &xls).expect("xls"), Xls);
        assert_eq!(DataFormat::detect(None, &xls).expect("xls"), Xls);
        // A zip without a known part: only a workbook name says what it is.
        assert_eq!(DataFormat::detect(Some("a.xlsx"), &zip).expect("named"), Xlsx);
        for (name, head) in [
            (None, zip.as_slice()),
            (Some("a.csv"), zip.as_slice()),
            (Some("a.xls"), zip.as_slice()),
            (Some("a.xlsx"), xls.as_slice()),
            (Some("a.ods"), xlsx.as_slice()),
            (Some("a.csv"), xlsx.as_slice()),
            (Some("a.xlsx"), b"id,name\n".as_slice()),
        ] {
            assert_eq!(DataFormat::detect(name, head).unwrap_err().code(), "invalid_argument", "{name:?}");
        }
        assert!(Xlsx.is_workbook() && Xls.is_workbook() && Ods.is_workbook() && !Csv.is_workbook());
    }
}
