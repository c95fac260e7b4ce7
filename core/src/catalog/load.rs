//! Reading catalog and delta documents: limits, UTF-8, error locations.
//!
//! A catalog is read without ever holding all resources as owned values: a
//! small scanner walks the top-level object and finds each element of
//! `resources` (checking nesting depth and string lengths on the way), and
//! each element alone is deserialized and fed straight into the columnar
//! [`Builder`]. The scanner knows byte offsets, so progress reports and
//! error positions are exact; when an element fails, it is parsed once more
//! with path tracking to name the failing field (`$.resources[12].items[3].grade`).

use serde::{Deserialize, Serialize};

use super::index::Builder;
use super::model::*;
use super::raw::{DeltaV1, RawResource, ResourceV1};
use crate::error::json_error;
use crate::{Error, Location, Result};

/// Limits applied while reading untrusted documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct LoadOptions {
    /// Largest accepted document, in bytes (default 2 GiB).
    #[cfg_attr(feature = "uniffi", uniffi(default = 2147483648))]
    pub max_document_bytes: u64,
    /// Deepest accepted nesting of arrays and objects (default 64; a valid
    /// catalog needs 6).
    #[cfg_attr(feature = "uniffi", uniffi(default = 64))]
    pub max_depth: u32,
    /// Longest accepted JSON string, in bytes as written (default 1 MiB).
    #[cfg_attr(feature = "uniffi", uniffi(default = 1048576))]
    pub max_string_bytes: u64,
    /// Call the progress callback every this many resources (default 10 000).
    #[cfg_attr(feature = "uniffi", uniffi(default = 10000))]
    pub progress_every: u32,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            max_document_bytes: 2 * 1024 * 1024 * 1024,
            max_depth: 64,
            max_string_bytes: 1024 * 1024,
            progress_every: 10_000,
        }
    }
}

/// How far a load has come, for a progress bar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct LoadProgress {
    pub bytes_read: u64,
    pub total_bytes: u64,
    pub resources_loaded: u64,
}

/// A JSON path, rendered only when an error needs it (the loader names
/// every resource's path, and must not allocate a string for each).
#[derive(Debug, Clone, Copy)]
struct JPath<'a> {
    key: &'a str,
    resource: Option<u64>,
}

impl<'a> JPath<'a> {
    fn key(key: &'a str) -> Self {
        JPath { key, resource: None }
    }
    fn resource(n: u64) -> Self {
        JPath { key: "", resource: Some(n) }
    }
}

impl std::fmt::Display for JPath<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.resource {
            Some(n) => write!(f, "$.resources[{n}]"),
            None => f.write_str(self.key),
        }
    }
}

/// 1-based line and byte column of `offset`.
pub(crate) fn position(bytes: &[u8], offset: usize) -> (u64, u64) {
    let before = bytes.get(..offset).unwrap_or(bytes);
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count() as u64;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    (line, (offset - line_start.min(offset)) as u64 + 1)
}

fn located(bytes: &[u8], offset: usize, path: JPath<'_>) -> Location {
    let (line, column) = position(bytes, offset);
    Location::at(Some(path.to_string()), line, column)
}

fn join_path(prefix: &str, inner: &str) -> String {
    if inner == "." || inner.is_empty() {
        prefix.to_owned()
    } else if inner.starts_with('[') {
        format!("{prefix}{inner}")
    } else {
        format!("{prefix}.{inner}")
    }
}

/// The error of parsing `bytes[start..end]` as `T`, with the JSON path under
/// `prefix` and the line/column in the whole document.
fn value_error<'a, T: Deserialize<'a>>(text: &'a str, start: usize, end: usize, prefix: JPath<'_>) -> Error {
    let bytes = text.as_bytes();
    let slice = text.get(start..end).unwrap_or("");
    let mut de = serde_json::Deserializer::from_str(slice);
    let (path, err) = match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Err(e) => (join_path(&prefix.to_string(), &e.path().to_string()), e.into_inner()),
        Ok(_) => match de.end() {
            Err(e) => (prefix.to_string(), e),
            Ok(()) => {
                return Error::InvalidValue {
                    location: located(bytes, start, prefix),
                    detail: "invalid value".into(),
                }
            }
        },
    };
    let mut e = json_error(&err);
    // serde_json reports a number or an array where an enum's string
    // belongs as a syntax error; the slice is well-formed JSON, so it is a
    // wrong type (`invalid_value`), as for every other field.
    if let Error::Json { detail, .. } = &e {
        if serde_json::from_str::<serde::de::IgnoredAny>(slice).is_ok() {
            e = Error::InvalidValue {
                location: Location::default(),
                detail: format!("invalid type ({detail})"),
            };
        }
    }
    // Re-base the slice's line/column onto the document.
    let (base_line, base_col) = position(bytes, start);
    let (line, col) = (err.line() as u64, err.column() as u64);
    let location = if line <= 1 {
        Location::at(Some(path), base_line, base_col.saturating_sub(1) + col)
    } else {
        Location::at(Some(path), base_line + line - 1, col)
    };
    match &mut e {
        // The detail went through `error::json_error`, core's one sanitizer.
        Error::Json { location: l, .. } | Error::InvalidValue { location: l, .. } => *l = location,
        _ => {}
    }
    e
}

/// Parses `text[start..end]` (value boundaries are ASCII, hence char
/// boundaries); the text is already known to be UTF-8, so serde does not
/// validate each string again.
fn parse_value<'a, T: Deserialize<'a>>(
    text: &'a str,
    start: usize,
    end: usize,
    path: JPath<'_>,
) -> Result<T> {
    let slice = text.get(start..end).unwrap_or("");
    serde_json::from_str(slice).map_err(|_| value_error::<T>(text, start, end, path))
}

/// A byte scanner over a JSON document that finds value boundaries and
/// enforces depth and string-length limits; serde validates the content.
struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    opts: &'a LoadOptions,
    /// More input may follow `text` (chunked loading).
    more: bool,
    /// The text ran out in the middle of something.
    hit_end: std::cell::Cell<bool>,
}

impl<'a> Scanner<'a> {
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn malformed(&self, at: usize, path: JPath<'_>, detail: &str) -> Error {
        Error::Json { location: located(self.bytes, at, path), detail: detail.into() }
    }

    fn eof(&self, path: JPath<'_>) -> Error {
        self.hit_end.set(true);
        const DETAIL: &str = "EOF while parsing (the document is truncated)";
        if self.more {
            // More input follows: `LoadState::step` drops this error and
            // waits, so its line and column (a scan of the whole chunk, once
            // per chunk) are not worked out.
            return Error::Json { location: Location::default(), detail: DETAIL.into() };
        }
        self.malformed(self.bytes.len(), path, DETAIL)
    }

    fn expect(&mut self, b: u8, path: JPath<'_>, what: &str) -> Result<()> {
        self.ws();
        match self.peek() {
            Some(x) if x == b => {
                self.pos += 1;
                Ok(())
            }
            None => Err(self.eof(path)),
            Some(_) => Err(self.malformed(self.pos, path, &format!("expected {what}"))),
        }
    }

    /// Skips a string starting at `pos` (on the quote); returns its end.
    fn string_end(&mut self, path: JPath<'_>) -> Result<usize> {
        let start = self.pos;
        self.pos += 1;
        loop {
            self.skip_plain();
            match self.bytes.get(self.pos) {
                None => return Err(self.eof(path)),
                Some(b'"') => {
                    self.pos += 1;
                    let len = (self.pos - start - 2) as u64;
                    if len > self.opts.max_string_bytes {
                        return Err(Error::LimitExceeded {
                            what: "string length (bytes)".into(),
                            limit: self.opts.max_string_bytes,
                            location: located(self.bytes, start, path),
                        });
                    }
                    return Ok(self.pos);
                }
                Some(b'\\') => self.pos += 2,
                Some(_) => self.pos += 1,
            }
        }
    }

    /// Skips string bytes that are neither `"` nor `\\` (`memchr`: SIMD
    /// where the target has it, WebAssembly's simd128 included).
    fn skip_plain(&mut self) {
        let rest = self.bytes.get(self.pos..).unwrap_or(&[]);
        self.pos += memchr::memchr2(b'"', b'\\', rest).unwrap_or(rest.len());
    }

    /// Skips one value at `pos` whose container sits at `depth`; returns its end.
    fn value_end(&mut self, depth: u32, path: JPath<'_>) -> Result<usize> {
        self.ws();
        let start = self.pos;
        match self.peek() {
            None => Err(self.eof(path)),
            Some(b'"') => self.string_end(path),
            Some(b'{' | b'[') => {
                let mut d = depth;
                loop {
                    match self.bytes.get(self.pos) {
                        None => return Err(self.eof(path)),
                        Some(b'"') => {
                            self.string_end(path)?;
                            continue;
                        }
                        Some(b'{' | b'[') => {
                            d += 1;
                            if d > self.opts.max_depth {
                                return Err(Error::LimitExceeded {
                                    what: "nesting depth".into(),
                                    limit: u64::from(self.opts.max_depth),
                                    location: located(self.bytes, self.pos, path),
                                });
                            }
                        }
                        Some(b'}' | b']') => {
                            d -= 1;
                            if d == depth {
                                self.pos += 1;
                                return Ok(self.pos);
                            }
                        }
                        Some(_) => {}
                    }
                    self.pos += 1;
                }
            }
            Some(b',' | b'}' | b']' | b':') => Err(self.malformed(start, path, "expected a value")),
            Some(_) => {
                while let Some(b) = self.peek() {
                    if matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                        return Ok(self.pos);
                    }
                    self.pos += 1;
                }
                // A number at the end of a chunk may go on in the next one.
                if self.more {
                    return Err(self.eof(path));
                }
                Ok(self.pos)
            }
        }
    }

    /// Reads an object key (on its quote) with serde, so escapes work.
    fn key(&mut self, path: JPath<'_>) -> Result<String> {
        self.ws();
        match self.peek() {
            None => return Err(self.eof(path)),
            Some(b'"') => {}
            Some(_) => return Err(self.malformed(self.pos, path, "expected a string key")),
        }
        let start = self.pos;
        let end = self.string_end(path)?;
        parse_value::<String>(self.text, start, end, path)
    }

    fn trailing(&mut self) -> Result<()> {
        self.ws();
        if self.pos < self.bytes.len() {
            return Err(self.malformed(self.pos, JPath::key("$"), "trailing characters after the document"));
        }
        Ok(())
    }
}

fn check_size(bytes: &[u8], opts: &LoadOptions) -> Result<()> {
    if bytes.len() as u64 > opts.max_document_bytes {
        return Err(Error::LimitExceeded {
            what: "document size (bytes)".into(),
            limit: opts.max_document_bytes,
            location: Location::default(),
        });
    }
    Ok(())
}

/// `bytes` as text, checked once (SIMD where the target has it: a catalog
/// is gigabytes); `not_utf8` at `base` + the offset of the first bad byte.
fn utf8_text(bytes: &[u8], base: u64) -> Result<&str> {
    crate::encoding::utf8(bytes).map_err(|valid| Error::NotUtf8 { offset: base + valid as u64 })
}

/// How many bytes at the end of `bytes` begin a character that continues
/// past it (0 to 3): a streamed chunk can end inside one. Bytes that cannot
/// begin a character are not held back, so they are refused at once.
fn unfinished_tail(bytes: &[u8]) -> usize {
    for back in 1..=bytes.len().min(3) {
        let Some(&b) = bytes.get(bytes.len() - back) else { break };
        if b & 0xC0 != 0x80 {
            let length = match b {
                0xC2..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xF4 => 4,
                _ => 1,
            };
            return if length > back { back } else { 0 };
        }
    }
    0
}

/// Any error of a non-UTF-8 document is reported as `not_utf8`.
fn prefer_utf8_error(bytes: &[u8], e: Error) -> Error {
    match utf8_text(bytes, 0) {
        Err(not_utf8) => not_utf8,
        Ok(_) => e,
    }
}

fn short(s: &str) -> String {
    s.chars().take(64).collect()
}

fn missing(field: &str) -> Error {
    Error::InvalidValue { location: Location::path("$"), detail: format!("missing field `{field}`") }
}

fn unsupported_version(v: u32) -> Error {
    Error::UnsupportedFormat {
        found: format!("format_version {v}"),
        expected: format!("format_version {MIN_FORMAT_VERSION} to {FORMAT_VERSION}"),
    }
}

/// Reads a whole catalog document into a builder; also returns the
/// document's format version.
pub(crate) fn load_catalog(
    bytes: &[u8],
    opts: &LoadOptions,
    mut progress: Option<&mut dyn FnMut(LoadProgress)>,
) -> Result<(CatalogInfo, u32, Builder)> {
    check_size(bytes, opts)?;
    let text = utf8_text(bytes, 0)?;
    let total = bytes.len() as u64;
    let mut st = LoadState::default();
    st.step(text, true, 0, total, opts, &mut progress)?;
    st.v2_field_fresh = false;
    let (info, version, builder) = st.finish()?;
    if let Some(cb) = progress.as_mut() {
        cb(LoadProgress {
            bytes_read: total,
            total_bytes: total,
            resources_loaded: builder.store.len() as u64,
        });
    }
    Ok((info, version, builder))
}

/// Where the top-level parse stands; each phase consumes one complete unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Phase {
    #[default]
    Start,
    FirstKey,
    Key,
    ResourcesFirst,
    Resource,
    ResourcesSeparator,
    AfterMember,
    End,
}

/// The loader's state between chunks.
#[derive(Debug, Default)]
struct LoadState {
    phase: Phase,
    format: Option<String>,
    version: Option<u32>,
    info: Option<CatalogInfo>,
    seen_resources: bool,
    resources: u64,
    builder: Builder,
    /// The first resource using a version 2 field while `format_version`
    /// was not read yet: the error to report if the document says 1.
    v2_field: Option<Error>,
    /// `v2_field` was found in the last step and still has positions
    /// relative to that step's buffer (the chunked loader rebases it).
    v2_field_fresh: bool,
}

impl LoadState {
    /// Consumes the complete units at the start of `text` (the document from
    /// byte `base` on) and returns how many bytes they took. Unless `last`,
    /// running out of text is not an error: the rest waits for more input.
    fn step(
        &mut self,
        text: &str,
        last: bool,
        base: u64,
        total: u64,
        opts: &LoadOptions,
        progress: &mut Option<&mut dyn FnMut(LoadProgress)>,
    ) -> Result<usize> {
        let mut s = Scanner {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            opts,
            more: !last,
            hit_end: std::cell::Cell::new(false),
        };
        let mut done = 0;
        match self.run(&mut s, &mut done, base, total, progress) {
            Err(_) if !last && s.hit_end.get() => Ok(done),
            Err(e) => Err(e),
            Ok(()) => Ok(done),
        }
    }

    fn run(
        &mut self,
        s: &mut Scanner<'_>,
        done: &mut usize,
        base: u64,
        total: u64,
        progress: &mut Option<&mut dyn FnMut(LoadProgress)>,
    ) -> Result<()> {
        let root = JPath::key("$");
        let list = JPath::key("$.resources");
        let every = u64::from(s.opts.progress_every.max(1));
        loop {
            s.ws();
            if s.peek().is_none() {
                if self.phase == Phase::End {
                    *done = s.pos;
                }
                if self.phase == Phase::End || s.more {
                    return Ok(());
                }
                return Err(s.eof(root));
            }
            match self.phase {
                Phase::Start => {
                    s.expect(b'{', root, "a JSON object")?;
                    self.phase = Phase::FirstKey;
                }
                Phase::FirstKey => {
                    if s.peek() == Some(b'}') {
                        s.pos += 1;
                        self.phase = Phase::End;
                    } else {
                        self.phase = Phase::Key;
                    }
                }
                Phase::Key => self.member(s)?,
                Phase::ResourcesFirst => {
                    if s.peek() == Some(b']') {
                        s.pos += 1;
                        self.phase = Phase::AfterMember;
                    } else {
                        self.phase = Phase::Resource;
                    }
                }
                Phase::Resource => {
                    let path = JPath::resource(self.resources);
                    let start = s.pos;
                    let end = s.value_end(2, path)?;
                    let res: RawResource<'_> = parse_value(s.text, start, end, path)?;
                    // A version 2 field where the version is 1, or not read yet
                    // (then only the first is kept, reported at the end if the
                    // document says 1); re-parsed to name the field's path and
                    // position.
                    if res.has_v2_fields() && self.version.is_none_or(|v| v < 2) {
                        if self.version.is_some() {
                            return Err(value_error::<ResourceV1>(s.text, start, end, path));
                        }
                        if self.v2_field.is_none() {
                            self.v2_field = Some(value_error::<ResourceV1>(s.text, start, end, path));
                            self.v2_field_fresh = true;
                        }
                    }
                    self.builder.add(&res).map_err(|e| match e {
                        Error::LimitExceeded { what, limit, .. } => {
                            Error::LimitExceeded { what, limit, location: located(s.bytes, start, path) }
                        }
                        other => other,
                    })?;
                    self.resources += 1;
                    if self.resources % every == 0 {
                        if let Some(cb) = progress.as_mut() {
                            cb(LoadProgress {
                                bytes_read: base + end as u64,
                                total_bytes: total,
                                resources_loaded: self.resources,
                            });
                        }
                    }
                    self.phase = Phase::ResourcesSeparator;
                }
                Phase::ResourcesSeparator => match s.peek() {
                    Some(b',') => {
                        s.pos += 1;
                        self.phase = Phase::Resource;
                    }
                    Some(b']') => {
                        s.pos += 1;
                        self.phase = Phase::AfterMember;
                    }
                    _ => return Err(s.malformed(s.pos, list, "expected ',' or ']'")),
                },
                Phase::AfterMember => match s.peek() {
                    Some(b',') => {
                        s.pos += 1;
                        self.phase = Phase::Key;
                    }
                    Some(b'}') => {
                        s.pos += 1;
                        self.phase = Phase::End;
                    }
                    _ => return Err(s.malformed(s.pos, root, "expected ',' or '}'")),
                },
                Phase::End => {
                    return Err(s.malformed(s.pos, root, "trailing characters after the document"));
                }
            }
            *done = s.pos;
        }
    }

    /// One top-level member; state changes only once it is complete.
    fn member(&mut self, s: &mut Scanner<'_>) -> Result<()> {
        let bytes = s.bytes;
        let text = s.text;
        let key = s.key(JPath::key("$"))?;
        let path_text = format!("$.{key}");
        let path = JPath::key(&path_text);
        s.expect(b':', path, "':'")?;
        s.ws();
        // The value has not arrived yet: wait for it (chunked) or report the
        // truncation, so an error about this member points at its value
        // wherever the chunk boundaries fall.
        if s.peek().is_none() {
            return Err(s.eof(path));
        }
        let start = s.pos;
        let duplicate = || Error::InvalidValue {
            location: located(bytes, start, path),
            detail: format!("duplicate field `{key}`"),
        };
        match key.as_str() {
            "resources" => {
                if self.seen_resources {
                    return Err(duplicate());
                }
                s.expect(b'[', JPath::key("$.resources"), "an array")?;
                self.seen_resources = true;
                self.phase = Phase::ResourcesFirst;
                return Ok(());
            }
            "format" => {
                let end = s.value_end(1, path)?;
                if self.format.is_some() {
                    return Err(duplicate());
                }
                let f: String = parse_value(text, start, end, path)?;
                if f != CATALOG_FORMAT {
                    return Err(Error::UnsupportedFormat {
                        found: short(&f),
                        expected: CATALOG_FORMAT.into(),
                    });
                }
                self.format = Some(f);
            }
            "format_version" => {
                let end = s.value_end(1, path)?;
                if self.version.is_some() {
                    return Err(duplicate());
                }
                let v: u32 = parse_value(text, start, end, path)?;
                if !(MIN_FORMAT_VERSION..=FORMAT_VERSION).contains(&v) {
                    return Err(unsupported_version(v));
                }
                self.version = Some(v);
            }
            "catalog" => {
                let end = s.value_end(1, path)?;
                if self.info.is_some() {
                    return Err(duplicate());
                }
                self.info = Some(parse_value::<CatalogInfo>(text, start, end, path)?);
            }
            _ => {
                return Err(Error::InvalidValue {
                    location: located(bytes, start, path),
                    // The name is input (a key can be a personal value): not echoed.
                    detail:
                        "unknown field, expected one of `format`, `format_version`, `catalog`, `resources`"
                            .to_owned(),
                });
            }
        }
        self.phase = Phase::AfterMember;
        Ok(())
    }

    /// The result once the whole document was consumed.
    fn finish(self) -> Result<(CatalogInfo, u32, Builder)> {
        if self.format.is_none() {
            return Err(missing("format"));
        }
        let Some(version) = self.version else {
            return Err(missing("format_version"));
        };
        if !self.seen_resources {
            return Err(missing("resources"));
        }
        let info = self.info.ok_or_else(|| missing("catalog"))?;
        if version < 2 {
            if let Some(e) = self.v2_field {
                return Err(e);
            }
        }
        Ok((info, version, self.builder))
    }
}

/// Moves an error found in a buffer that starts mid-document to document
/// positions: `lines` newlines came before the buffer, whose first byte is
/// at 0-based column `column`.
fn rebase(mut e: Error, base: u64, lines: u64, column: u64) -> Error {
    match &mut e {
        Error::Json { location, .. }
        | Error::InvalidValue { location, .. }
        | Error::LimitExceeded { location, .. } => {
            if let (Some(l), Some(c)) = (location.line.as_mut(), location.column.as_mut()) {
                if *l == 1 {
                    *c += column;
                }
                *l += lines;
            }
        }
        Error::NotUtf8 { offset } => *offset += base,
        _ => {}
    }
    e
}

/// What a streaming loader (`CatalogLoader`, `SnapshotLoader`,
/// `PublishedIndexLoader`) answers once a call has failed: it takes nothing
/// more, so a caller cannot go on past a refusal.
pub(crate) fn earlier_failure() -> Error {
    Error::InvalidArgument { name: "loader".into(), detail: "an earlier call failed".into() }
}

/// Runs one call of a streaming loader whose `failed` flag is given: refused
/// once an earlier call failed, and a failure now refuses every later call.
pub(crate) fn unless_failed<L, T>(
    loader: &mut L,
    failed: impl Fn(&mut L) -> &mut bool,
    call: impl FnOnce(&mut L) -> Result<T>,
) -> Result<T> {
    if *failed(loader) {
        return Err(earlier_failure());
    }
    let r = call(loader);
    *failed(loader) = r.is_err();
    r
}

/// Loads a catalog from consecutive chunks of its document, so that the
/// whole document never has to be in memory at once (a WASM heap cannot
/// give memory back). Each complete resource goes into the store as soon as
/// its last byte arrives; only an incomplete tail is kept. Push chunks of
/// 64 KiB or more. After an error the loader refuses further input.
#[derive(Debug)]
pub struct CatalogLoader {
    options: LoadOptions,
    state: LoadState,
    buf: Vec<u8>,
    /// Document offset of `buf[0]`.
    base: u64,
    /// Newlines before `buf[0]`, and the 0-based column of `buf[0]`.
    lines: u64,
    column: u64,
    total: u64,
    failed: bool,
}

impl CatalogLoader {
    /// A loader; `total_bytes` (0 if unknown) is only reported in progress.
    pub fn new(options: LoadOptions, total_bytes: u64) -> Self {
        CatalogLoader {
            options,
            state: LoadState::default(),
            buf: Vec::new(),
            base: 0,
            lines: 0,
            column: 0,
            total: total_bytes,
            failed: false,
        }
    }

    /// Feeds the next chunk; returns the progress so far.
    pub fn push(&mut self, chunk: &[u8]) -> Result<LoadProgress> {
        unless_failed(self, |l| &mut l.failed, |l| l.push_inner(chunk))
    }

    fn push_inner(&mut self, chunk: &[u8]) -> Result<LoadProgress> {
        let size = self.base + (self.buf.len() + chunk.len()) as u64;
        if size > self.options.max_document_bytes {
            return Err(Error::LimitExceeded {
                what: "document size (bytes)".into(),
                limit: self.options.max_document_bytes,
                location: Location::default(),
            });
        }
        self.buf.extend_from_slice(chunk);
        // A character cut at the end of the chunk waits for the next one.
        let whole = self.buf.len() - unfinished_tail(&self.buf);
        let text = utf8_text(self.buf.get(..whole).unwrap_or(&[]), self.base)?;
        let consumed = self
            .state
            .step(text, false, self.base, self.total, &self.options, &mut None)
            .map_err(|e| rebase(e, self.base, self.lines, self.column))?;
        self.rebase_v2_field();
        let eaten = self.buf.get(..consumed).unwrap_or(&[]);
        match eaten.iter().rposition(|&b| b == b'\n') {
            Some(p) => {
                self.lines += eaten.iter().filter(|&&b| b == b'\n').count() as u64;
                self.column = (consumed - p - 1) as u64;
            }
            None => self.column += consumed as u64,
        }
        self.base += consumed as u64;
        self.buf.drain(..consumed);
        Ok(LoadProgress {
            bytes_read: self.base,
            total_bytes: self.total,
            resources_loaded: self.state.resources,
        })
    }

    /// Moves a version 2 field error found by the last step to document
    /// positions (it is reported later, at the end).
    fn rebase_v2_field(&mut self) {
        if std::mem::take(&mut self.state.v2_field_fresh) {
            if let Some(e) = self.state.v2_field.take() {
                self.state.v2_field = Some(rebase(e, self.base, self.lines, self.column));
            }
        }
    }

    /// Ends the document: the catalog's parts, which [`Self::finish`] (in
    /// the engine, so that loading does not depend on it) builds into a
    /// `Catalog`.
    pub(crate) fn finish_parts(mut self) -> Result<(CatalogInfo, u32, Builder)> {
        if self.failed {
            return Err(earlier_failure());
        }
        let (base, lines, column) = (self.base, self.lines, self.column);
        let text = utf8_text(&self.buf, base)?;
        self.state
            .step(text, true, base, self.total, &self.options, &mut None)
            .map_err(|e| rebase(e, base, lines, column))?;
        self.rebase_v2_field();
        self.state.finish()
    }
}

#[derive(Deserialize)]
struct FormatProbe {
    format: Option<String>,
    format_version: Option<u32>,
}

/// Reads a delta document (small: parsed whole, after a limits scan).
pub(crate) fn load_delta(bytes: &[u8], opts: &LoadOptions) -> Result<DeltaDocument> {
    check_size(bytes, opts)?;
    let inner = || -> Result<DeltaDocument> {
        let text = utf8_text(bytes, 0)?;
        let mut s = Scanner { text, bytes, pos: 0, opts, more: false, hit_end: std::cell::Cell::new(false) };
        let end = s.value_end(0, JPath::key("$"))?;
        s.trailing()?;
        // The format first, so a catalog given as a delta says so plainly.
        if let Ok(probe) = serde_json::from_slice::<FormatProbe>(bytes) {
            if let Some(f) = probe.format.as_deref().filter(|f| *f != DELTA_FORMAT) {
                return Err(Error::UnsupportedFormat { found: short(f), expected: DELTA_FORMAT.into() });
            }
            if let Some(v) =
                probe.format_version.filter(|v| !(MIN_FORMAT_VERSION..=FORMAT_VERSION).contains(v))
            {
                return Err(unsupported_version(v));
            }
        }
        let doc = parse_value::<DeltaDocument>(text, 0, end, JPath::key("$"))?;
        let v2_fields = doc.changes.iter().any(|c| match c {
            DeltaChange::Add { resource } | DeltaChange::Replace { resource } => {
                RawResource::from_model(resource).has_v2_fields()
            }
            DeltaChange::Withdraw { .. } => false,
        });
        if doc.format_version < 2 && v2_fields {
            return Err(value_error::<DeltaV1>(text, 0, end, JPath::key("$")));
        }
        Ok(doc)
    };
    inner().map_err(|e| prefer_utf8_error(bytes, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the `catalog_chunked` fuzz target: with a chunk ending right
    /// after `"key":`, an unknown or duplicate top-level key was reported at
    /// the end of the chunk instead of at its value.
    #[test]
    fn member_errors_point_at_the_value_whatever_the_chunking() {
        let doc = br#"{"forn": 1, "format": "govshare-catalog"}"#;
        let whole = crate::catalog::Catalog::from_json(doc).unwrap_err();
        assert_eq!(whole.location().and_then(|l| l.column), Some(10));
        for cut in 1..doc.len() {
            let mut l = CatalogLoader::new(LoadOptions::default(), 0);
            let e =
                l.push(&doc[..cut]).and_then(|_| l.push(&doc[cut..])).and_then(|_| l.finish()).unwrap_err();
            assert_eq!((e.code(), e.location()), (whole.code(), whole.location()), "cut at {cut}");
        }
        let truncated = crate::catalog::Catalog::from_json(br#"{"forn": "#).unwrap_err();
        assert_eq!(truncated.code(), "malformed_json");
    }

    #[test]
    fn positions_are_one_based() {
        assert_eq!(position(b"ab\ncd", 0), (1, 1));
        assert_eq!(position(b"ab\ncd", 4), (2, 2));
    }
}
