//! Push-based splitting of a large JSON document into its top-level fields
//! and the elements of one streamed array (a catalog's `resources`).
//!
//! Why: a 1M-resource catalog is 2 GB of JSON — over V8's string limit and
//! more than a wasm32 module should ever hold at once. The caller feeds
//! chunks of any size as they arrive (a JS `ReadableStream`, a Python file, a
//! pipe); each complete element is handed over as its own small byte slice,
//! so memory is bounded by the largest single element, not the document.
//!
//! The splitter checks the document's *structure* (object, keys, commas,
//! brackets, strings) and positions; the contents of each value are parsed by
//! the caller with serde. Positions are 1-based line and byte column, like
//! serde_json's, so errors inside an element can be translated into
//! document positions with [`Position::offset_by`].

use crate::error::{Error, Location};

/// A position in the document: 1-based line, 1-based byte column, and the
/// 0-based byte offset from the start of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: u64,
    pub column: u64,
    pub byte: u64,
}

impl Position {
    /// Translates a position *inside* a value that starts at `self` (as serde
    /// reports it when parsing the value alone) into a document position.
    pub fn offset_by(self, inner_line: u64, inner_column: u64) -> Position {
        if inner_line <= 1 {
            Position {
                line: self.line,
                column: self.column + inner_column.saturating_sub(1),
                byte: self.byte,
            }
        } else {
            Position { line: self.line + inner_line - 1, column: inner_column, byte: self.byte }
        }
    }
}

/// What the splitter hands to the caller.
#[derive(Debug)]
pub enum Piece<'a> {
    /// A top-level field other than the streamed array: key and raw JSON value.
    Field { key: &'a str, value: &'a [u8], at: Position },
    /// One element of the streamed array, with its 0-based index.
    Element { index: u64, value: &'a [u8], at: Position },
}

/// Limits that keep hostile input from exhausting memory or the stack.
#[derive(Debug, Clone, Copy)]
pub struct SplitLimits {
    /// Largest single field value or array element, in bytes.
    pub max_value_bytes: usize,
    /// Deepest nesting of arrays/objects, counted from the document root.
    pub max_depth: u32,
    /// Longest string inside a value, in bytes as written.
    pub max_string_bytes: u64,
}

impl Default for SplitLimits {
    fn default() -> Self {
        SplitLimits { max_value_bytes: 16 << 20, max_depth: 64, max_string_bytes: 1 << 20 }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before the document's opening `{`.
    Start,
    /// After `{` (first) or `,`: a key, or (only when first) `}`.
    KeyOrEnd { first: bool },
    /// Inside a top-level key string.
    Key,
    /// After a key: expecting `:`.
    Colon,
    /// After `:`: expecting the start of a value.
    ValueStart,
    /// Inside a top-level value that is captured whole.
    Value,
    /// After a top-level value: `,` or `}`.
    AfterValue,
    /// Inside the streamed array: an element, or (only when first) `]`.
    ElementOrEnd { first: bool },
    /// Inside an element of the streamed array.
    Element,
    /// After an element: `,` or `]`.
    AfterElement,
    /// After the closing `}`: only whitespace may follow.
    Done,
}

/// Scanner of one value being captured: strings, escapes, nesting.
#[derive(Debug, Default, Clone, Copy)]
struct ValueScan {
    depth: u32,
    in_string: bool,
    escaped: bool,
    /// A number or literal: it ends at the first delimiter, which is not part of it.
    scalar: bool,
    /// Bytes of the string being scanned so far.
    string_bytes: u64,
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// Splits a JSON object document pushed in chunks. See the module docs.
#[derive(Debug)]
pub struct DocumentSplitter {
    streamed_key: String,
    limits: SplitLimits,
    state: State,
    line: u64,
    column: u64,
    byte: u64,
    /// Bytes of the value being captured that arrived in earlier chunks.
    buf: Vec<u8>,
    key_buf: Vec<u8>,
    key_escaped: bool,
    key: String,
    value_at: Position,
    scan: ValueScan,
    index: u64,
    streamed_seen: bool,
}

impl DocumentSplitter {
    /// A splitter that streams the elements of the top-level array `streamed_key`.
    pub fn new(streamed_key: &str, limits: SplitLimits) -> Self {
        DocumentSplitter {
            streamed_key: streamed_key.to_owned(),
            limits,
            state: State::Start,
            line: 1,
            column: 1,
            byte: 0,
            buf: Vec::new(),
            key_buf: Vec::new(),
            key_escaped: false,
            key: String::new(),
            value_at: Position { line: 1, column: 1, byte: 0 },
            scan: ValueScan::default(),
            index: 0,
            streamed_seen: false,
        }
    }

    /// True once the streamed array has started (even if it stays empty).
    pub fn streamed_seen(&self) -> bool {
        self.streamed_seen
    }

    /// The current position (where the next byte fed would be).
    pub fn position(&self) -> Position {
        Position { line: self.line, column: self.column, byte: self.byte }
    }

    /// How many elements of the streamed array have been handed over.
    pub fn elements(&self) -> u64 {
        self.index
    }

    fn syntax(&self, detail: &str) -> Error {
        let path = match self.state {
            State::Element | State::ElementOrEnd { .. } | State::AfterElement => {
                format!("$.{}[{}]", self.streamed_key, self.index)
            }
            State::Value | State::ValueStart | State::Colon => format!("$.{}", self.key),
            _ => "$".to_owned(),
        };
        Error::Json { location: Location::at(Some(path), self.line, self.column), detail: detail.to_owned() }
    }

    fn limit(&self, what: &str, limit: u64) -> Error {
        let path = if self.state == State::Element {
            format!("$.{}[{}]", self.streamed_key, self.index)
        } else {
            format!("$.{}", self.key)
        };
        Error::LimitExceeded {
            what: what.to_owned(),
            limit,
            location: Location::at(Some(path), self.value_at.line, self.value_at.column),
        }
    }

    /// Feeds the next chunk; calls `on` for every complete piece in it.
    pub fn feed(
        &mut self,
        chunk: &[u8],
        on: &mut dyn FnMut(Piece<'_>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        // Start of the current value's bytes within this chunk, while capturing.
        let mut span: Option<usize> = matches!(self.state, State::Value | State::Element).then_some(0);
        let mut i = 0;
        while i < chunk.len() {
            let b = chunk[i];
            match self.state {
                State::Value | State::Element => {
                    let start = span.unwrap_or(0);
                    match self.scan_value_byte(b)? {
                        Scan::Continue => {}
                        Scan::EndsAfter => {
                            self.complete(&chunk[start..=i], on)?;
                            span = None;
                        }
                        Scan::EndedBefore => {
                            // The scalar ended at this delimiter: emit, then
                            // handle the delimiter in the new state.
                            self.complete(&chunk[start..i], on)?;
                            span = None;
                            continue;
                        }
                    }
                }
                State::Start => match b {
                    b'{' => self.state = State::KeyOrEnd { first: true },
                    _ if is_ws(b) => {}
                    0xEF if chunk.get(i..i + 3) == Some(&[0xEF, 0xBB, 0xBF])
                        && self.line == 1
                        && self.column == 1 =>
                    {
                        // A UTF-8 byte-order mark: skip it.
                        i += 3;
                        self.byte += 3;
                        continue;
                    }
                    _ => return Err(self.syntax("expected a JSON object ('{')")),
                },
                State::KeyOrEnd { first } => match b {
                    b'"' => {
                        self.key_buf.clear();
                        self.key_escaped = false;
                        self.state = State::Key;
                    }
                    b'}' if first => self.state = State::Done,
                    _ if is_ws(b) => {}
                    _ => return Err(self.syntax("expected a key string")),
                },
                State::Key => {
                    if self.key_escaped {
                        self.key_escaped = false;
                        self.key_buf.push(b);
                    } else if b == b'\\' {
                        self.key_escaped = true;
                        self.key_buf.push(b);
                    } else if b == b'"' {
                        self.key =
                            decode_key(&self.key_buf).ok_or_else(|| self.syntax("invalid key string"))?;
                        self.state = State::Colon;
                    } else if self.key_buf.len() >= 1024 {
                        return Err(self.limit("a key (bytes)", 1024));
                    } else {
                        self.key_buf.push(b);
                    }
                }
                State::Colon => match b {
                    b':' => self.state = State::ValueStart,
                    _ if is_ws(b) => {}
                    _ => return Err(self.syntax("expected ':' after the key")),
                },
                State::ValueStart => {
                    if !is_ws(b) {
                        if self.key == self.streamed_key {
                            if self.streamed_seen {
                                return Err(Error::InvalidValue {
                                    location: Location::at(
                                        Some(format!("$.{}", self.key)),
                                        self.line,
                                        self.column,
                                    ),
                                    detail: format!("duplicate field `{}`", self.key),
                                });
                            }
                            self.streamed_seen = true;
                            if b != b'[' {
                                return Err(Error::InvalidValue {
                                    location: Location::at(
                                        Some(format!("$.{}", self.key)),
                                        self.line,
                                        self.column,
                                    ),
                                    detail: "expected an array".to_owned(),
                                });
                            }
                            self.state = State::ElementOrEnd { first: true };
                        } else {
                            self.begin_value(b, State::Value)?;
                            span = Some(i);
                            continue; // scan the first byte as part of the value
                        }
                    }
                }
                State::AfterValue => match b {
                    b',' => self.state = State::KeyOrEnd { first: false },
                    b'}' => self.state = State::Done,
                    _ if is_ws(b) => {}
                    _ => return Err(self.syntax("expected ',' or '}' after a value")),
                },
                State::ElementOrEnd { first } => match b {
                    b']' if first => self.state = State::AfterValue,
                    _ if is_ws(b) => {}
                    _ => {
                        self.begin_value(b, State::Element)?;
                        span = Some(i);
                        continue;
                    }
                },
                State::AfterElement => match b {
                    b',' => self.state = State::ElementOrEnd { first: false },
                    b']' => self.state = State::AfterValue,
                    _ if is_ws(b) => {}
                    _ => return Err(self.syntax("expected ',' or ']' after an array element")),
                },
                State::Done => {
                    if !is_ws(b) {
                        return Err(self.syntax("unexpected data after the end of the document"));
                    }
                }
            }
            if b == b'\n' {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
            self.byte += 1;
            i += 1;
        }
        if let Some(start) = span {
            let rest = &chunk[start..];
            if self.buf.len() + rest.len() > self.limits.max_value_bytes {
                return Err(self.limit("one value (bytes)", self.limits.max_value_bytes as u64));
            }
            self.buf.extend_from_slice(rest);
        }
        Ok(())
    }

    /// Declares the end of input; errors when the document is incomplete.
    pub fn finish(&self) -> Result<(), Error> {
        match self.state {
            State::Done => Ok(()),
            State::Start => Err(self.syntax("empty input: expected a JSON object")),
            _ => Err(self.syntax("unexpected end of input (truncated document)")),
        }
    }

    fn begin_value(&mut self, b: u8, state: State) -> Result<(), Error> {
        self.scan = ValueScan::default();
        self.value_at = self.position();
        self.buf.clear();
        match b {
            b'"' | b'{' | b'[' => {}
            b'-' | b'0'..=b'9' | b't' | b'f' | b'n' => self.scan.scalar = true,
            _ => return Err(self.syntax("expected a JSON value")),
        }
        self.state = state;
        Ok(())
    }

    fn scan_value_byte(&mut self, b: u8) -> Result<Scan, Error> {
        let s = &mut self.scan;
        if s.scalar {
            return Ok(if matches!(b, b',' | b'}' | b']') || is_ws(b) {
                Scan::EndedBefore
            } else {
                Scan::Continue
            });
        }
        if s.in_string {
            if s.escaped {
                s.escaped = false;
            } else if b == b'\\' {
                s.escaped = true;
            } else if b == b'"' {
                s.in_string = false;
                if s.depth == 0 {
                    return Ok(Scan::EndsAfter);
                }
                return Ok(Scan::Continue);
            }
            s.string_bytes += 1;
            if s.string_bytes > self.limits.max_string_bytes {
                let max = self.limits.max_string_bytes;
                return Err(self.limit("string length (bytes)", max));
            }
            return Ok(Scan::Continue);
        }
        match b {
            b'"' => {
                s.in_string = true;
                s.string_bytes = 0;
            }
            b'{' | b'[' => {
                s.depth += 1;
                let base = if self.state == State::Element { 2 } else { 1 };
                if s.depth + base > self.limits.max_depth {
                    let max = self.limits.max_depth;
                    return Err(self.limit("nesting depth", u64::from(max)));
                }
            }
            b'}' | b']' => {
                if s.depth == 0 {
                    return Err(self.syntax("unbalanced bracket"));
                }
                s.depth -= 1;
                if s.depth == 0 {
                    return Ok(Scan::EndsAfter);
                }
            }
            _ => {}
        }
        Ok(Scan::Continue)
    }

    /// Hands over a finished value: `tail` is its part in the current chunk.
    fn complete(
        &mut self,
        tail: &[u8],
        on: &mut dyn FnMut(Piece<'_>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let from_buf = !self.buf.is_empty();
        if from_buf {
            if self.buf.len() + tail.len() > self.limits.max_value_bytes {
                return Err(self.limit("one value (bytes)", self.limits.max_value_bytes as u64));
            }
            self.buf.extend_from_slice(tail);
        } else if tail.len() > self.limits.max_value_bytes {
            return Err(self.limit("one value (bytes)", self.limits.max_value_bytes as u64));
        }
        let value: &[u8] = if from_buf { &self.buf } else { tail };
        let result = if self.state == State::Element {
            let r = on(Piece::Element { index: self.index, value, at: self.value_at });
            self.index += 1;
            self.state = State::AfterElement;
            r
        } else {
            let r = on(Piece::Field { key: &self.key, value, at: self.value_at });
            self.state = State::AfterValue;
            r
        };
        self.buf.clear();
        result
    }
}

enum Scan {
    Continue,
    /// The value ends with this byte (included).
    EndsAfter,
    /// The value ended just before this byte (a scalar's delimiter).
    EndedBefore,
}

fn decode_key(raw: &[u8]) -> Option<String> {
    if !raw.contains(&b'\\') {
        return String::from_utf8(raw.to_vec()).ok();
    }
    let mut quoted = Vec::with_capacity(raw.len() + 2);
    quoted.push(b'"');
    quoted.extend_from_slice(raw);
    quoted.push(b'"');
    serde_json::from_slice(&quoted).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    type Collected = (Vec<(String, String, Position)>, Vec<(u64, String, Position)>);

    fn split(doc: &str, chunk: usize) -> Result<Collected, Error> {
        let mut s = DocumentSplitter::new("resources", SplitLimits::default());
        let mut fields = Vec::new();
        let mut elements = Vec::new();
        let mut on = |p: Piece<'_>| {
            match p {
                Piece::Field { key, value, at } => {
                    fields.push((key.to_owned(), String::from_utf8_lossy(value).into_owned(), at))
                }
                Piece::Element { index, value, at } => {
                    elements.push((index, String::from_utf8_lossy(value).into_owned(), at))
                }
            }
            Ok(())
        };
        for c in doc.as_bytes().chunks(chunk.max(1)) {
            s.feed(c, &mut on)?;
        }
        s.finish()?;
        Ok((fields, elements))
    }

    const DOC: &str = "{\"format\": \"govshare-catalog\", \"format_version\":1,\n \"resources\": [\n  {\"code\": \"a}\\\"[\"}, {\"n\": [1, {\"x\": 2}]},\n  7 ],\n \"catalog\": {\"id\": \"n\"}, \"ok\": true}";

    #[test]
    fn same_pieces_for_every_chunk_size() {
        let whole = split(DOC, DOC.len()).expect("splits");
        assert_eq!(whole.0.len(), 4);
        assert_eq!(
            whole.0[1],
            ("format_version".into(), "1".into(), Position { line: 1, column: 49, byte: 48 })
        );
        assert_eq!(whole.0[3].1, "true");
        let els: Vec<_> = whole.1.iter().map(|e| e.1.as_str()).collect();
        assert_eq!(els, ["{\"code\": \"a}\\\"[\"}", "{\"n\": [1, {\"x\": 2}]}", "7"]);
        assert_eq!((whole.1[0].2.line, whole.1[0].2.column), (3, 3));
        assert_eq!((whole.1[2].2.line, whole.1[2].2.column), (4, 3));
        assert_eq!(&DOC.as_bytes()[whole.1[2].2.byte as usize..][..1], b"7");
        for size in 1..DOC.len() {
            assert_eq!(split(DOC, size).expect("splits"), whole, "chunk size {size}");
        }
    }

    #[test]
    fn truncation_and_garbage_are_syntax_errors_with_positions() {
        for cut in 0..DOC.len() - 1 {
            let e = split(&DOC[..cut], 7).expect_err("truncated");
            assert_eq!(e.code(), "malformed_json", "cut at {cut}");
        }
        let e = split("{\"resources\": [1 2]}", 3).expect_err("missing comma");
        assert_eq!(e.code(), "malformed_json");
        assert_eq!(e.location().and_then(|l| l.path.clone()).as_deref(), Some("$.resources[1]"));
        assert_eq!(split("{} x", 1).expect_err("trailing").code(), "malformed_json");
        assert_eq!(split("{\"resources\": {}}", 1).expect_err("not array").code(), "invalid_value");
    }

    #[test]
    fn limits_hold() {
        let deep = format!("{{\"resources\": [{}{}]}}", "[".repeat(100), "]".repeat(100));
        assert_eq!(split(&deep, 5).expect_err("deep").code(), "limit_exceeded");
        let mut s =
            DocumentSplitter::new("resources", SplitLimits { max_value_bytes: 8, ..Default::default() });
        let e = s.feed(b"{\"resources\": [\"0123456789\"]}", &mut |_| Ok(())).expect_err("big");
        assert_eq!(e.code(), "limit_exceeded");
    }

    #[test]
    fn long_strings_and_duplicate_streamed_keys_are_refused() {
        let mut s =
            DocumentSplitter::new("resources", SplitLimits { max_string_bytes: 4, ..Default::default() });
        let e = s.feed(b"{\"resources\": [{\"a\": \"12345\"}]}", &mut |_| Ok(())).expect_err("long");
        assert_eq!(e.code(), "limit_exceeded");
        let e = split("{\"resources\": [], \"resources\": []}", 4).expect_err("dup");
        assert_eq!(e.code(), "invalid_value");
    }

    #[test]
    fn inner_positions_translate() {
        let at = Position { line: 3, column: 5, byte: 40 };
        assert_eq!(at.offset_by(1, 4), Position { line: 3, column: 8, byte: 40 });
        assert_eq!(at.offset_by(2, 4), Position { line: 4, column: 4, byte: 40 });
    }
}
