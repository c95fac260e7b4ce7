//! Reading catalog and delta documents: limits, UTF-8, error locations.
//!
//! A catalog is read without ever holding all resources as owned values, and
//! without needing the whole document at once: [`CatalogLoader`] takes the
//! document in chunks of any size, the [`DocumentSplitter`] finds each
//! element of `resources` (checking nesting depth and string lengths on the
//! way), and each element alone is deserialized (borrowing its strings) and
//! fed straight into the columnar [`Builder`]. `Catalog::from_json` is the
//! same loader fed one chunk. Error positions are exact; when an element
//! fails, it is parsed once more with path tracking to name the failing
//! field (`$.resources[12].items[3].grade`).

use serde::{Deserialize, Serialize};

use super::engine::Catalog;
use super::index::Builder;
use super::model::*;
use super::raw::RawResource;
use super::stream::{DocumentSplitter, Piece, Position, SplitLimits};
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
    /// The document size when known (0 when streaming without a known size).
    pub total_bytes: u64,
    pub resources_loaded: u64,
}

impl LoadOptions {
    fn split_limits(&self) -> SplitLimits {
        SplitLimits {
            // One resource (or the catalog header) is far below this; the
            // document as a whole is bounded by `max_document_bytes`.
            max_value_bytes: 64 << 20,
            max_depth: self.max_depth,
            max_string_bytes: self.max_string_bytes,
        }
    }
}

fn location_at(at: Position, path: &str) -> Location {
    Location::at(Some(path.to_owned()), at.line, at.column)
}

/// Removes input values serde would echo: `unknown variant `…``.
fn sanitize(detail: &mut String) {
    if let Some(pos) = detail.find("unknown variant `") {
        let rest = &detail[pos + 17..];
        if let Some(end) = rest.find('`') {
            *detail = format!("{}unknown value{}", &detail[..pos], &rest[end + 1..]);
        }
    }
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

/// The error of parsing `slice` (a value starting at `at` in the document)
/// as `T`, with the JSON path under `prefix` and the document line/column.
fn value_error<'a, T: Deserialize<'a>>(slice: &'a [u8], at: Position, prefix: &str) -> Error {
    if let Err(u) = std::str::from_utf8(slice) {
        return Error::NotUtf8 { offset: at.byte + u.valid_up_to() as u64 };
    }
    let mut de = serde_json::Deserializer::from_slice(slice);
    let (path, err) = match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Err(e) => (join_path(prefix, &e.path().to_string()), e.into_inner()),
        Ok(_) => match de.end() {
            Err(e) => (prefix.to_owned(), e),
            Ok(()) => {
                return Error::InvalidValue {
                    location: location_at(at, prefix),
                    detail: "invalid value".into(),
                }
            }
        },
    };
    let mut e = json_error(&err);
    let inner = at.offset_by(err.line() as u64, err.column() as u64);
    match &mut e {
        Error::Json { location, detail } | Error::InvalidValue { location, detail } => {
            *location = location_at(inner, &path);
            sanitize(detail);
        }
        _ => {}
    }
    e
}

fn parse_value<'a, T: Deserialize<'a>>(slice: &'a [u8], at: Position, path: &str) -> Result<T> {
    serde_json::from_slice(slice).map_err(|_| value_error::<T>(slice, at, path))
}

fn document_too_large(opts: &LoadOptions) -> Error {
    Error::LimitExceeded {
        what: "document size (bytes)".into(),
        limit: opts.max_document_bytes,
        location: Location::default(),
    }
}

fn short(s: &str) -> String {
    s.chars().take(64).collect()
}

fn missing(field: &str) -> Error {
    Error::InvalidValue { location: Location::path("$"), detail: format!("missing field `{field}`") }
}

/// UTF-8 validation of a byte stream cut into arbitrary chunks: a sequence
/// split between two chunks is carried over, so the error offset is exact.
#[derive(Debug, Default)]
struct Utf8Stream {
    carry: Vec<u8>,
}

impl Utf8Stream {
    fn check(&mut self, chunk: &[u8], chunk_start: u64) -> Result<()> {
        let mut rest = chunk;
        if !self.carry.is_empty() {
            // Complete the carried sequence (at most 3 more bytes are needed).
            let take = rest.len().min(4 - self.carry.len());
            let carry_len = self.carry.len();
            self.carry.extend_from_slice(&rest[..take]);
            match std::str::from_utf8(&self.carry) {
                Ok(_) => {}
                Err(u) if u.valid_up_to() > 0 => {
                    let used = u.valid_up_to() - carry_len;
                    rest = &rest[used..];
                    self.carry.clear();
                    return self.check_from(rest, chunk_start + used as u64);
                }
                Err(u) if u.error_len().is_some() => {
                    return Err(Error::NotUtf8 { offset: chunk_start - carry_len as u64 });
                }
                Err(_) => {
                    // Still incomplete: the whole chunk was shorter than the sequence.
                    return Ok(());
                }
            }
            rest = &rest[take..];
            self.carry.clear();
            return self.check_from(rest, chunk_start + take as u64);
        }
        self.check_from(rest, chunk_start)
    }

    fn check_from(&mut self, bytes: &[u8], start: u64) -> Result<()> {
        match std::str::from_utf8(bytes) {
            Ok(_) => Ok(()),
            Err(u) if u.error_len().is_none() => {
                self.carry.extend_from_slice(&bytes[u.valid_up_to()..]);
                Ok(())
            }
            Err(u) => Err(Error::NotUtf8 { offset: start + u.valid_up_to() as u64 }),
        }
    }

    fn finish(&self, total: u64) -> Result<()> {
        if self.carry.is_empty() {
            Ok(())
        } else {
            Err(Error::NotUtf8 { offset: total - self.carry.len() as u64 })
        }
    }
}

/// Loads a catalog document pushed in chunks (a stream, a file read piece by
/// piece), holding at most one resource's JSON at a time besides the store
/// and index being built. Feed every chunk, then [`finish`](Self::finish).
///
/// ```
/// use govshare_core::catalog::{CatalogLoader, LoadOptions};
/// let doc = govshare_core::catalog::sample::default_sample();
/// let mut loader = CatalogLoader::new(LoadOptions::default());
/// for chunk in doc.as_bytes().chunks(4096) {
///     loader.feed(chunk)?;
/// }
/// let catalog = loader.finish()?;
/// assert!(catalog.len() > 100);
/// # Ok::<(), govshare_core::Error>(())
/// ```
#[derive(Debug)]
pub struct CatalogLoader {
    opts: LoadOptions,
    splitter: DocumentSplitter,
    builder: Builder,
    format: Option<String>,
    version: Option<u32>,
    info: Option<CatalogInfo>,
    bytes_read: u64,
    total_bytes: u64,
    utf8: Utf8Stream,
    /// A loader that failed stays failed: the document is not valid.
    failed: Option<Error>,
}

impl CatalogLoader {
    pub fn new(opts: LoadOptions) -> Self {
        let splitter = DocumentSplitter::new("resources", opts.split_limits());
        CatalogLoader {
            opts,
            splitter,
            builder: Builder::default(),
            format: None,
            version: None,
            info: None,
            bytes_read: 0,
            total_bytes: 0,
            utf8: Utf8Stream::default(),
            failed: None,
        }
    }

    /// Tells the loader the document size, for progress reports.
    pub fn set_total_bytes(&mut self, total: u64) {
        self.total_bytes = total;
    }

    /// Bytes read and resources loaded so far.
    pub fn progress(&self) -> LoadProgress {
        LoadProgress {
            bytes_read: self.bytes_read,
            total_bytes: self.total_bytes,
            resources_loaded: self.builder.store.len() as u64,
        }
    }

    /// Feeds the next chunk. After an error the loader refuses further input.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<()> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        let r = self.feed_inner(chunk, None);
        if let Err(e) = &r {
            self.failed = Some(e.clone());
        }
        r
    }

    /// Feeds a chunk, calling `progress` after every
    /// `LoadOptions::progress_every` resources.
    pub fn feed_with_progress(&mut self, chunk: &[u8], progress: &mut dyn FnMut(LoadProgress)) -> Result<()> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        let r = self.feed_inner(chunk, Some(progress));
        if let Err(e) = &r {
            self.failed = Some(e.clone());
        }
        r
    }

    fn feed_inner(&mut self, chunk: &[u8], mut progress: Option<&mut dyn FnMut(LoadProgress)>) -> Result<()> {
        self.bytes_read += chunk.len() as u64;
        if self.bytes_read > self.opts.max_document_bytes {
            return Err(document_too_large(&self.opts));
        }
        let chunk_start = self.bytes_read - chunk.len() as u64;
        self.utf8.check(chunk, chunk_start)?;
        let every = u64::from(self.opts.progress_every.max(1));
        let total_bytes = self.total_bytes;
        let CatalogLoader { splitter, builder, format, version, info, .. } = self;
        let result = splitter.feed(chunk, &mut |piece| match piece {
            Piece::Element { index, value, at } => {
                let path = format!("$.resources[{index}]");
                let res: RawResource<'_> = parse_value(value, at, &path)?;
                builder.add(&res).map_err(|e| match e {
                    Error::LimitExceeded { what, limit, .. } => {
                        Error::LimitExceeded { what, limit, location: location_at(at, &path) }
                    }
                    other => other,
                })?;
                let loaded = builder.store.len() as u64;
                if let Some(cb) = progress.as_mut().filter(|_| loaded % every == 0) {
                    cb(LoadProgress {
                        bytes_read: at.byte + value.len() as u64,
                        total_bytes,
                        resources_loaded: loaded,
                    });
                }
                Ok(())
            }
            Piece::Field { key, value, at } => {
                let path = format!("$.{key}");
                let duplicate =
                    || Error::InvalidValue { location: location_at(at, &path), detail: format!("duplicate field `{key}`") };
                match key {
                    "format" => {
                        if format.is_some() {
                            return Err(duplicate());
                        }
                        let f: String = parse_value(value, at, &path)?;
                        if f != CATALOG_FORMAT {
                            return Err(Error::UnsupportedFormat { found: short(&f), expected: CATALOG_FORMAT.into() });
                        }
                        *format = Some(f);
                    }
                    "format_version" => {
                        if version.is_some() {
                            return Err(duplicate());
                        }
                        let v: u32 = parse_value(value, at, &path)?;
                        if v != FORMAT_VERSION {
                            return Err(Error::UnsupportedFormat {
                                found: format!("format_version {v}"),
                                expected: format!("format_version {FORMAT_VERSION}"),
                            });
                        }
                        *version = Some(v);
                    }
                    "catalog" => {
                        if info.is_some() {
                            return Err(duplicate());
                        }
                        *info = Some(parse_value::<CatalogInfo>(value, at, &path)?);
                    }
                    _ => {
                        return Err(Error::InvalidValue {
                            location: location_at(at, &path),
                            detail: format!(
                                "unknown field `{}`, expected one of `format`, `format_version`, `catalog`, `resources`",
                                short(key)
                            ),
                        })
                    }
                }
                Ok(())
            }
        });
        result
    }

    /// Ends the document, checks it was complete, and builds the index.
    pub fn finish(self) -> Result<Catalog> {
        let (info, builder) = self.into_parts()?;
        Catalog::from_builder(info, builder)
    }

    fn into_parts(self) -> Result<(CatalogInfo, Builder)> {
        if let Some(e) = self.failed {
            return Err(e);
        }
        self.utf8.finish(self.bytes_read)?;
        self.splitter.finish()?;
        if self.format.is_none() {
            return Err(missing("format"));
        }
        if self.version.is_none() {
            return Err(missing("format_version"));
        }
        if !self.splitter.streamed_seen() {
            return Err(missing("resources"));
        }
        let info = self.info.ok_or_else(|| missing("catalog"))?;
        Ok((info, self.builder))
    }
}

/// Reads a whole catalog document into a builder (the loader fed once, in
/// slices so progress can be reported).
pub(crate) fn load_catalog(
    bytes: &[u8],
    opts: &LoadOptions,
    mut progress: Option<&mut dyn FnMut(LoadProgress)>,
) -> Result<(CatalogInfo, Builder)> {
    if bytes.len() as u64 > opts.max_document_bytes {
        return Err(document_too_large(opts));
    }
    let mut loader = CatalogLoader::new(opts.clone());
    loader.set_total_bytes(bytes.len() as u64);
    match progress.as_mut() {
        Some(cb) => loader.feed_with_progress(bytes, *cb)?,
        None => loader.feed(bytes)?,
    }
    let last = loader.progress();
    let parts = loader.into_parts()?;
    if let Some(cb) = progress.as_mut() {
        cb(last);
    }
    Ok(parts)
}

#[derive(Deserialize)]
struct FormatProbe {
    format: Option<String>,
    format_version: Option<u32>,
}

/// Reads a delta document: its structure and limits are checked by the
/// splitter (streaming `changes`), then it is parsed whole.
pub(crate) fn load_delta(bytes: &[u8], opts: &LoadOptions) -> Result<DeltaDocument> {
    if bytes.len() as u64 > opts.max_document_bytes {
        return Err(document_too_large(opts));
    }
    let start = Position { line: 1, column: 1, byte: 0 };
    if let Err(u) = std::str::from_utf8(bytes) {
        return Err(Error::NotUtf8 { offset: u.valid_up_to() as u64 });
    }
    let mut splitter = DocumentSplitter::new("changes", opts.split_limits());
    splitter.feed(bytes, &mut |_| Ok(()))?;
    splitter.finish()?;
    // The format first, so a catalog given as a delta says so plainly.
    if let Ok(probe) = serde_json::from_slice::<FormatProbe>(bytes) {
        if let Some(f) = probe.format.as_deref().filter(|f| *f != DELTA_FORMAT) {
            return Err(Error::UnsupportedFormat { found: short(f), expected: DELTA_FORMAT.into() });
        }
        if let Some(v) = probe.format_version.filter(|v| *v != FORMAT_VERSION) {
            return Err(Error::UnsupportedFormat {
                found: format!("format_version {v}"),
                expected: format!("format_version {FORMAT_VERSION}"),
            });
        }
    }
    parse_value::<DeltaDocument>(bytes, start, "$")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_and_whole_loads_agree() {
        let doc = super::super::sample::default_sample();
        let whole = Catalog::from_json(doc.as_bytes()).expect("loads");
        let mut loader = CatalogLoader::new(LoadOptions::default());
        for c in doc.as_bytes().chunks(997) {
            loader.feed(c).expect("feeds");
        }
        let chunked = loader.finish().expect("finishes");
        assert_eq!(chunked.to_json(), whole.to_json());
        assert_eq!(chunked.to_snapshot(), whole.to_snapshot());
    }

    #[test]
    fn errors_point_into_the_document_and_stick() {
        let doc = b"{\"format\":\"govshare-catalog\",\"format_version\":1,\n\"catalog\":{\"id\":\"n\",\"name\":\"x\",\"version\":1},\n\"resources\":[{\"code\": 5}]}";
        let mut loader = CatalogLoader::new(LoadOptions::default());
        let e = loader.feed(doc).expect_err("bad code type");
        assert_eq!(e.code(), "invalid_value");
        let loc = e.location().cloned().unwrap_or_default();
        assert_eq!(loc.path.as_deref(), Some("$.resources[0].code"));
        assert_eq!(loc.line, Some(3));
        assert_eq!(loader.feed(b" ").expect_err("sticky").code(), "invalid_value");
        let mut bad = doc.to_vec();
        bad[60] = 0xff;
        let e = Catalog::from_json(&bad).expect_err("utf8");
        assert_eq!(e, Error::NotUtf8 { offset: 60 });
    }

    #[test]
    fn utf8_split_across_chunks_is_fine_and_errors_are_exact() {
        let text = "目录：统一社会信用代码".as_bytes();
        for size in 1..text.len() {
            let mut u = Utf8Stream::default();
            let mut at = 0;
            for c in text.chunks(size) {
                u.check(c, at).expect("valid");
                at += c.len() as u64;
            }
            u.finish(at).expect("complete");
        }
        let mut bad = text.to_vec();
        bad[4] = b'x'; // breaks the second character (bytes 3..6)
        for size in 1..bad.len() {
            let mut u = Utf8Stream::default();
            let mut at = 0;
            let mut err = None;
            for c in bad.chunks(size) {
                if let Err(e) = u.check(c, at) {
                    err = Some(e);
                    break;
                }
                at += c.len() as u64;
            }
            assert_eq!(err, Some(Error::NotUtf8 { offset: 3 }), "chunk size {size}");
        }
        let mut u = Utf8Stream::default();
        u.check(&text[..2], 0).expect("prefix");
        assert_eq!(u.finish(2), Err(Error::NotUtf8 { offset: 0 }));
    }

    #[test]
    fn sanitize_drops_enum_values() {
        let mut d = "unknown variant `13800138000`, expected one of `a`".to_owned();
        sanitize(&mut d);
        assert_eq!(d, "unknown value, expected one of `a`");
    }
}
