//! RFC 8785 JSON Canonicalization Scheme (JCS), over a strict JSON parser.
//!
//! Applications are digested and signed in canonical form, so two parties
//! that hold the same JSON value get the same bytes. The parser is stricter
//! than RFC 8259 where RFC 8785 (and I-JSON, RFC 7493) require it: duplicate
//! member names, lone surrogates and numbers beyond double range are errors,
//! not silently resolved. Nesting depth and input size are bounded.
//!
//! Design for speed: one parse pass builds a flat tape of nodes (no `String`
//! per node — strings without escapes point into the input, the rest into one
//! arena), objects are sorted by member name as they close (which is also
//! where duplicates show up), and one emit pass writes into a pre-sized
//! buffer. Integers of up to 15 digits are copied verbatim.

use crate::{Error, Location, Result};

/// Default bound on array/object nesting.
pub const DEFAULT_MAX_DEPTH: u32 = 256;
/// Default bound on input size (bytes).
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// Bounds that protect the parser from hostile input.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct JcsLimits {
    /// Deepest array/object nesting accepted (top-level container = 1).
    pub max_depth: u32,
    /// Largest input accepted, in bytes (at most 4 GiB − 1 regardless).
    pub max_input_bytes: u64,
}

impl Default for JcsLimits {
    fn default() -> Self {
        JcsLimits { max_depth: DEFAULT_MAX_DEPTH, max_input_bytes: DEFAULT_MAX_INPUT_BYTES }
    }
}

/// Canonicalizes JSON text per RFC 8785 with the default limits.
pub fn canonicalize(input: &[u8]) -> Result<Vec<u8>> {
    canonicalize_with(input, &JcsLimits::default())
}

/// Canonicalizes JSON text per RFC 8785 with explicit limits.
pub fn canonicalize_with(input: &[u8], limits: &JcsLimits) -> Result<Vec<u8>> {
    let tape = parse(input, limits)?;
    let mut out = Vec::with_capacity(input.len() + 16);
    tape.emit(0, &mut out);
    Ok(out)
}

/// Checks that `input` is strict JSON (the rules above) without producing output.
pub fn validate(input: &[u8]) -> Result<()> {
    parse(input, &JcsLimits::default()).map(|_| ())
}

fn parse<'a>(input: &'a [u8], limits: &JcsLimits) -> Result<Tape<'a>> {
    let cap = limits.max_input_bytes.min(u64::from(u32::MAX) - 1);
    if input.len() as u64 > cap {
        return Err(Error::LimitExceeded {
            what: "input size in bytes".into(),
            limit: cap,
            location: Location::path("$"),
        });
    }
    if let Err(e) = std::str::from_utf8(input) {
        return Err(Error::NotUtf8 { offset: e.valid_up_to() as u64 });
    }
    let mut p = Parser {
        src: input,
        pos: 0,
        tape: Tape {
            src: input,
            nodes: Vec::with_capacity(input.len() / 12 + 4),
            arena: Vec::new(),
            order: Vec::new(),
        },
        scratch: Vec::new(),
        max_depth: limits.max_depth,
    };
    let result = p.skip_ws().and_then(|()| p.value(0)).and_then(|()| p.skip_ws()).and_then(|()| {
        if p.pos < input.len() {
            Err(p.err(Kind::Syntax("unexpected characters after the JSON value")))
        } else {
            Ok(())
        }
    });
    match result {
        Ok(()) => Ok(p.tape),
        Err(e) => Err(e.into_error(&p.tape, limits.max_depth)),
    }
}

// ------------------------------------------------------------------ tape

#[derive(Debug, Clone, Copy)]
enum Node {
    /// Canonical text from a static table (`null`, `true`, `false`, `0`).
    Lit(&'static [u8]),
    /// Canonical number text, in the input (`arena == false`) or the arena.
    Num { arena: bool, start: u32, end: u32 },
    /// Decoded string content (no quotes), in the input or the arena. Input
    /// content never needs escaping (raw JSON strings cannot hold `"`, `\` or
    /// control characters), so it is copied as is.
    Str { arena: bool, start: u32, end: u32 },
    /// `end` is the index of the first node after the array's subtree.
    Array { end: u32 },
    /// Members follow as key node + value subtree; `order[order..order+members]`
    /// lists the key node indices sorted by UTF-16 code units.
    Object { end: u32, members: u32, order: u32 },
}

#[derive(Debug)]
struct Tape<'a> {
    src: &'a [u8],
    nodes: Vec<Node>,
    arena: Vec<u8>,
    order: Vec<u32>,
}

impl Tape<'_> {
    fn bytes(&self, arena: bool, start: u32, end: u32) -> &[u8] {
        let buf = if arena { &self.arena[..] } else { self.src };
        buf.get(start as usize..end as usize).unwrap_or_default()
    }

    fn key(&self, idx: u32) -> &[u8] {
        match self.nodes.get(idx as usize) {
            Some(Node::Str { arena, start, end }) => self.bytes(*arena, *start, *end),
            _ => &[],
        }
    }

    /// Index of the node after the subtree rooted at `idx`.
    fn next(&self, idx: usize) -> usize {
        match self.nodes.get(idx) {
            Some(Node::Array { end }) | Some(Node::Object { end, .. }) => *end as usize,
            _ => idx + 1,
        }
    }

    fn emit(&self, idx: usize, out: &mut Vec<u8>) {
        let Some(node) = self.nodes.get(idx) else { return };
        match *node {
            Node::Lit(text) => out.extend_from_slice(text),
            Node::Num { arena, start, end } => out.extend_from_slice(self.bytes(arena, start, end)),
            Node::Str { arena, start, end } => {
                out.push(b'"');
                if arena {
                    escape_into(self.bytes(true, start, end), out);
                } else {
                    out.extend_from_slice(self.bytes(false, start, end));
                }
                out.push(b'"');
            }
            Node::Array { end } => {
                out.push(b'[');
                let mut i = idx + 1;
                let mut first = true;
                while i < end as usize {
                    if !first {
                        out.push(b',');
                    }
                    first = false;
                    self.emit(i, out);
                    i = self.next(i);
                }
                out.push(b']');
            }
            Node::Object { members, order, .. } => {
                out.push(b'{');
                let keys = self.order.get(order as usize..(order + members) as usize).unwrap_or_default();
                for (n, &k) in keys.iter().enumerate() {
                    if n > 0 {
                        out.push(b',');
                    }
                    self.emit(k as usize, out);
                    out.push(b':');
                    self.emit(k as usize + 1, out);
                }
                out.push(b'}');
            }
        }
    }
}

/// Writes string content with the JCS escapes: `"` `\` and U+0000–U+001F
/// (using `\b \t \n \f \r` where they exist, else `\u00xx` lowercase).
fn escape_into(s: &[u8], out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut from = 0;
    for (i, &b) in s.iter().enumerate() {
        let short: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            b'\t' => b"\\t",
            b'\n' => b"\\n",
            0x0c => b"\\f",
            b'\r' => b"\\r",
            0..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(s.get(from..i).unwrap_or_default());
        if short.is_empty() {
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(b >> 4)]);
            out.push(HEX[usize::from(b & 15)]);
        } else {
            out.extend_from_slice(short);
        }
        from = i + 1;
    }
    out.extend_from_slice(s.get(from..).unwrap_or_default());
}

/// Orders member names by their UTF-16 code units (RFC 8785 §3.2.3), given
/// as UTF-8. Byte order equals code point order, which differs from UTF-16
/// order only between supplementary characters and U+E000–U+FFFF.
pub(crate) fn cmp_utf16(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    let common = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if common == a.len() || common == b.len() {
        return a.len().cmp(&b.len());
    }
    let (Some(&x), Some(&y)) = (a.get(common), b.get(common)) else {
        return a.len().cmp(&b.len());
    };
    // Byte order is UTF-16 order unless a supplementary character (lead
    // byte F0–F4) meets one of U+E000–U+FFFF (lead byte EE/EF).
    let mut start = common;
    while start > 0 && a.get(start).is_some_and(|&c| c & 0xC0 == 0x80) {
        start -= 1;
    }
    let (la, lb) = (a.get(start).copied().unwrap_or(0), b.get(start).copied().unwrap_or(0));
    let special = |p: u8, q: u8| p >= 0xF0 && (0xEE..=0xEF).contains(&q);
    if !special(la, lb) && !special(lb, la) {
        return x.cmp(&y);
    }
    // Back up to the start of the character that differs.
    let mut start = common;
    while start > 0 && a.get(start).is_some_and(|&c| c & 0xC0 == 0x80) {
        start -= 1;
    }
    let ca = utf16_first(a.get(start..).unwrap_or_default());
    let cb = utf16_first(b.get(start..).unwrap_or_default());
    ca.cmp(&cb)
}

/// The first character of UTF-8 text as its UTF-16 code units.
fn utf16_first(s: &[u8]) -> (u32, u32) {
    let c = std::str::from_utf8(s.get(..s.len().min(4)).unwrap_or_default())
        .or_else(|e| std::str::from_utf8(s.get(..e.valid_up_to()).unwrap_or_default()))
        .ok()
        .and_then(|t| t.chars().next())
        .map_or(0, u32::from);
    if c >= 0x10000 {
        let v = c - 0x10000;
        (0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF))
    } else {
        (c, 0)
    }
}

// ---------------------------------------------------------------- parser

#[derive(Debug)]
enum Kind {
    Syntax(&'static str),
    Duplicate,
    LoneSurrogate,
    OutOfRange,
    TooDeep,
}

#[derive(Debug, Clone, Copy)]
enum Seg {
    Index(u32),
    /// A member, by its key node index.
    Key(u32),
}

#[derive(Debug)]
struct JErr {
    kind: Kind,
    offset: usize,
    /// Innermost segment first (pushed while unwinding).
    path: Vec<Seg>,
}

impl JErr {
    fn into_error(self, tape: &Tape<'_>, max_depth: u32) -> Error {
        let mut path = String::from("$");
        for seg in self.path.iter().rev() {
            match *seg {
                Seg::Index(i) => {
                    path.push('[');
                    path.push_str(&i.to_string());
                    path.push(']');
                }
                Seg::Key(k) => push_key_segment(&mut path, tape.key(k)),
            }
        }
        let (line, column) = line_col(tape.src, self.offset);
        let location = Location::at(Some(path), line, column);
        match self.kind {
            Kind::Syntax(detail) => Error::Json { location, detail: detail.into() },
            Kind::Duplicate => Error::DuplicateKey { location },
            Kind::LoneSurrogate => Error::LoneSurrogate { location },
            Kind::OutOfRange => Error::NumberOutOfRange { location },
            Kind::TooDeep => {
                Error::LimitExceeded { what: "nesting depth".into(), limit: u64::from(max_depth), location }
            }
        }
    }
}

/// Appends `.name` for identifier-like names, else `["…"]`; long names are cut.
fn push_key_segment(path: &mut String, key: &[u8]) {
    let key = String::from_utf8_lossy(key);
    let short: String = key.chars().take(64).collect();
    let ident = short.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && short.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ident {
        path.push('.');
        path.push_str(&short);
    } else {
        path.push('[');
        path.push_str(&serde_json::to_string(&short).unwrap_or_default());
        path.push(']');
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(src: &[u8], offset: usize) -> (u64, u64) {
    let before = src.get(..offset.min(src.len())).unwrap_or_default();
    let line = before.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    let col = before.get(line_start..).unwrap_or_default().iter().filter(|&&b| b & 0xC0 != 0x80).count();
    (line, col as u64 + 1)
}

struct Parser<'a> {
    src: &'a [u8],
    pos: usize,
    tape: Tape<'a>,
    /// (key node index, key input offset) of the members of open objects.
    scratch: Vec<(u32, u32)>,
    max_depth: u32,
}

type PResult = std::result::Result<(), JErr>;

impl Parser<'_> {
    fn err(&self, kind: Kind) -> JErr {
        JErr { kind, offset: self.pos, path: Vec::new() }
    }

    fn err_at(&self, kind: Kind, offset: usize) -> JErr {
        JErr { kind, offset, path: Vec::new() }
    }

    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn skip_ws(&mut self) -> PResult {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
        Ok(())
    }

    fn idx(&self) -> u32 {
        // Bounded: the input is < 4 GiB and every node consumes input.
        self.tape.nodes.len() as u32
    }

    fn value(&mut self, depth: u32) -> PResult {
        match self.peek() {
            None => Err(self.err(Kind::Syntax("unexpected end of input"))),
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => self.string(),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b't') => self.literal(b"true"),
            Some(b'f') => self.literal(b"false"),
            Some(b'n') => self.literal(b"null"),
            Some(_) => Err(self.err(Kind::Syntax("expected a JSON value"))),
        }
    }

    fn literal(&mut self, word: &'static [u8]) -> PResult {
        if self.src.get(self.pos..self.pos + word.len()) == Some(word) {
            self.pos += word.len();
            self.tape.nodes.push(Node::Lit(word));
            Ok(())
        } else {
            Err(self.err(Kind::Syntax("expected a JSON value")))
        }
    }

    fn expect(&mut self, b: u8, what: &'static str) -> PResult {
        if self.peek() == Some(b) {
            self.pos += 1;
            Ok(())
        } else if self.peek().is_none() {
            Err(self.err(Kind::Syntax("unexpected end of input")))
        } else {
            Err(self.err(Kind::Syntax(what)))
        }
    }

    fn array(&mut self, depth: u32) -> PResult {
        if depth > self.max_depth {
            return Err(self.err(Kind::TooDeep));
        }
        self.pos += 1;
        let at = self.tape.nodes.len();
        self.tape.nodes.push(Node::Array { end: 0 });
        self.skip_ws()?;
        if self.peek() == Some(b']') {
            self.pos += 1;
        } else {
            let mut i = 0u32;
            loop {
                self.value(depth).map_err(|mut e| {
                    e.path.push(Seg::Index(i));
                    e
                })?;
                i += 1;
                self.skip_ws()?;
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        self.skip_ws()?;
                    }
                    Some(b']') => {
                        self.pos += 1;
                        break;
                    }
                    None => return Err(self.err(Kind::Syntax("unexpected end of input"))),
                    Some(_) => return Err(self.err(Kind::Syntax("expected ',' or ']' in an array"))),
                }
            }
        }
        let end = self.idx();
        if let Some(n) = self.tape.nodes.get_mut(at) {
            *n = Node::Array { end };
        }
        Ok(())
    }

    fn object(&mut self, depth: u32) -> PResult {
        if depth > self.max_depth {
            return Err(self.err(Kind::TooDeep));
        }
        self.pos += 1;
        let at = self.tape.nodes.len();
        self.tape.nodes.push(Node::Object { end: 0, members: 0, order: 0 });
        let base = self.scratch.len();
        self.skip_ws()?;
        if self.peek() == Some(b'}') {
            self.pos += 1;
        } else {
            loop {
                if self.peek() != Some(b'"') {
                    return Err(if self.peek().is_none() {
                        self.err(Kind::Syntax("unexpected end of input"))
                    } else {
                        self.err(Kind::Syntax("expected a member name string"))
                    });
                }
                let key_at = self.pos as u32;
                let key = self.idx();
                self.string()?;
                self.scratch.push((key, key_at));
                self.skip_ws()?;
                self.expect(b':', "expected ':' after a member name")?;
                self.skip_ws()?;
                self.value(depth).map_err(|mut e| {
                    e.path.push(Seg::Key(key));
                    e
                })?;
                self.skip_ws()?;
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        self.skip_ws()?;
                    }
                    Some(b'}') => {
                        self.pos += 1;
                        break;
                    }
                    None => return Err(self.err(Kind::Syntax("unexpected end of input"))),
                    Some(_) => return Err(self.err(Kind::Syntax("expected ',' or '}' in an object"))),
                }
            }
        }
        // Sort this object's members; equal neighbours are duplicates.
        let tape = &self.tape;
        let members = self.scratch.get_mut(base..).unwrap_or_default();
        members.sort_unstable_by(|a, b| cmp_utf16(tape.key(a.0), tape.key(b.0)));
        let duplicate = members.windows(2).find_map(|pair| match pair {
            [a, b] if tape.key(a.0) == tape.key(b.0) => Some(if a.1 > b.1 { *a } else { *b }),
            _ => None,
        });
        if let Some((key, offset)) = duplicate {
            self.scratch.truncate(base);
            let mut e = self.err_at(Kind::Duplicate, offset as usize);
            e.path.push(Seg::Key(key));
            return Err(e);
        }
        let order = self.tape.order.len() as u32;
        let count = (self.scratch.len() - base) as u32;
        for &(k, _) in self.scratch.get(base..).unwrap_or_default() {
            self.tape.order.push(k);
        }
        self.scratch.truncate(base);
        let end = self.idx();
        if let Some(n) = self.tape.nodes.get_mut(at) {
            *n = Node::Object { end, members: count, order };
        }
        Ok(())
    }

    fn string(&mut self) -> PResult {
        self.pos += 1;
        let start = self.pos;
        // Fast scan: most strings have no escapes.
        while let Some(b) = self.peek() {
            if b == b'"' || b == b'\\' || b < 0x20 {
                break;
            }
            self.pos += 1;
        }
        match self.peek() {
            Some(b'"') => {
                let end = self.pos as u32;
                self.pos += 1;
                self.tape.nodes.push(Node::Str { arena: false, start: start as u32, end });
                Ok(())
            }
            Some(b'\\') => self.string_slow(start),
            None => Err(self.err(Kind::Syntax("unterminated string"))),
            Some(_) => Err(self.err(Kind::Syntax("control character in a string must be escaped"))),
        }
    }

    /// Decodes a string with escapes into the arena.
    fn string_slow(&mut self, start: usize) -> PResult {
        let arena_start = self.tape.arena.len() as u32;
        self.tape.arena.extend_from_slice(self.src.get(start..self.pos).unwrap_or_default());
        loop {
            let Some(b) = self.peek() else {
                return Err(self.err(Kind::Syntax("unterminated string")));
            };
            match b {
                b'"' => {
                    self.pos += 1;
                    break;
                }
                b'\\' => self.escape()?,
                0..=0x1f => {
                    return Err(self.err(Kind::Syntax("control character in a string must be escaped")))
                }
                _ => {
                    let from = self.pos;
                    while let Some(c) = self.peek() {
                        if c == b'"' || c == b'\\' || c < 0x20 {
                            break;
                        }
                        self.pos += 1;
                    }
                    self.tape.arena.extend_from_slice(self.src.get(from..self.pos).unwrap_or_default());
                }
            }
        }
        let end = self.tape.arena.len() as u32;
        self.tape.nodes.push(Node::Str { arena: true, start: arena_start, end });
        Ok(())
    }

    fn escape(&mut self) -> PResult {
        let at = self.pos;
        self.pos += 1;
        let decoded: u8 = match self.peek() {
            Some(b'"') => b'"',
            Some(b'\\') => b'\\',
            Some(b'/') => b'/',
            Some(b'b') => 0x08,
            Some(b'f') => 0x0c,
            Some(b'n') => b'\n',
            Some(b'r') => b'\r',
            Some(b't') => b'\t',
            Some(b'u') => {
                self.pos += 1;
                let unit = self.hex4()?;
                let c = match unit {
                    0xD800..=0xDBFF => {
                        let low = if self.src.get(self.pos..self.pos + 2) == Some(b"\\u") {
                            self.pos += 2;
                            self.hex4()?
                        } else {
                            return Err(self.err_at(Kind::LoneSurrogate, at));
                        };
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return Err(self.err_at(Kind::LoneSurrogate, at));
                        }
                        0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    }
                    0xDC00..=0xDFFF => return Err(self.err_at(Kind::LoneSurrogate, at)),
                    u => u,
                };
                let ch = char::from_u32(c).ok_or_else(|| self.err_at(Kind::LoneSurrogate, at))?;
                let mut buf = [0u8; 4];
                self.tape.arena.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                return Ok(());
            }
            None => return Err(self.err(Kind::Syntax("unterminated string"))),
            Some(_) => return Err(self.err_at(Kind::Syntax("invalid escape sequence"), at)),
        };
        self.pos += 1;
        self.tape.arena.push(decoded);
        Ok(())
    }

    fn hex4(&mut self) -> std::result::Result<u32, JErr> {
        let mut v = 0u32;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(c @ b'0'..=b'9') => c - b'0',
                Some(c @ b'a'..=b'f') => c - b'a' + 10,
                Some(c @ b'A'..=b'F') => c - b'A' + 10,
                _ => return Err(self.err(Kind::Syntax("invalid \\u escape: expected 4 hex digits"))),
            };
            v = (v << 4) | u32::from(d);
            self.pos += 1;
        }
        Ok(v)
    }

    fn digits(&mut self) -> usize {
        let from = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - from
    }

    fn number(&mut self) -> PResult {
        let start = self.pos;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        let int_digits = match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.err(Kind::Syntax("leading zeros are not allowed in numbers")));
                }
                1
            }
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.err(Kind::Syntax("expected digits in a number"))),
        };
        let mut integer = true;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            integer = false;
            if self.digits() == 0 {
                return Err(self.err(Kind::Syntax("expected digits after the decimal point")));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            integer = false;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.err(Kind::Syntax("expected digits in the exponent")));
            }
        }
        let text = self.src.get(start..self.pos).unwrap_or_default();
        if integer && int_digits <= 15 {
            // Exactly representable, and JSON's integer grammar is already
            // the ECMAScript form — except negative zero.
            if text == b"-0" {
                self.tape.nodes.push(Node::Lit(b"0"));
            } else {
                self.tape.nodes.push(Node::Num { arena: false, start: start as u32, end: self.pos as u32 });
            }
            return Ok(());
        }
        let value: f64 = std::str::from_utf8(text)
            .ok()
            .and_then(|t| t.parse().ok())
            .ok_or_else(|| self.err_at(Kind::Syntax("invalid number"), start))?;
        if !value.is_finite() {
            return Err(self.err_at(Kind::OutOfRange, start));
        }
        let arena_start = self.tape.arena.len() as u32;
        write_es_number(value, &mut self.tape.arena);
        let end = self.tape.arena.len() as u32;
        self.tape.nodes.push(Node::Num { arena: true, start: arena_start, end });
        Ok(())
    }
}

// ---------------------------------------------------------------- numbers

/// Formats a finite double as ECMAScript `Number.prototype.toString` does
/// (ECMA-262 Number::toString, radix 10), which RFC 8785 §3.2.2.3 adopts.
/// Shortest round-trip digits come from `ryu`; only the layout is ours.
pub fn write_es_number(value: f64, out: &mut Vec<u8>) {
    if value == 0.0 || !value.is_finite() {
        // Zero of either sign is "0"; non-finite values never reach here.
        out.push(b'0');
        return;
    }
    let mut buf = ryu::Buffer::new();
    let text = buf.format_finite(value).as_bytes();
    let (negative, text) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    // Split ryu's output into significant digits and the decimal point
    // position n, such that value = 0.d1d2…dk × 10^n.
    let (mantissa, exp) = match text.iter().position(|&b| b == b'e' || b == b'E') {
        Some(p) => (text.get(..p).unwrap_or_default(), parse_exp(text.get(p + 1..).unwrap_or_default())),
        None => (text, 0),
    };
    let mut digits = [0u8; 32];
    let mut k = 0usize;
    let mut point: i32 = 0;
    let mut seen_point = false;
    let mut leading = true;
    for &b in mantissa {
        match b {
            b'.' => seen_point = true,
            b'0'..=b'9' => {
                if !seen_point {
                    point += 1;
                }
                if leading && b == b'0' {
                    point -= 1;
                    continue;
                }
                leading = false;
                if let Some(slot) = digits.get_mut(k) {
                    *slot = b;
                    k += 1;
                }
            }
            _ => {}
        }
    }
    while k > 1 && digits.get(k - 1) == Some(&b'0') {
        k -= 1;
    }
    let d = digits.get(..k).unwrap_or_default();
    let n = point + exp;
    let k_i = k as i32;
    if negative {
        out.push(b'-');
    }
    if k_i <= n && n <= 21 {
        out.extend_from_slice(d);
        out.extend(std::iter::repeat_n(b'0', (n - k_i) as usize));
    } else if 0 < n && n <= 21 {
        let (a, b) = d.split_at(n as usize);
        out.extend_from_slice(a);
        out.push(b'.');
        out.extend_from_slice(b);
    } else if -6 < n && n <= 0 {
        out.extend_from_slice(b"0.");
        out.extend(std::iter::repeat_n(b'0', (-n) as usize));
        out.extend_from_slice(d);
    } else {
        let e = n - 1;
        let (first, rest) = d.split_at(1.min(d.len()));
        out.extend_from_slice(first);
        if !rest.is_empty() {
            out.push(b'.');
            out.extend_from_slice(rest);
        }
        out.push(b'e');
        out.push(if e >= 0 { b'+' } else { b'-' });
        out.extend_from_slice(e.unsigned_abs().to_string().as_bytes());
    }
}

fn parse_exp(s: &[u8]) -> i32 {
    let (neg, digits) = match s.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, s),
    };
    let v = digits.iter().fold(0i32, |acc, &b| acc.saturating_mul(10).saturating_add(i32::from(b - b'0')));
    if neg {
        -v
    } else {
        v
    }
}

/// The ECMAScript string form of a double, as a `String`.
pub fn es_number_string(value: f64) -> String {
    let mut out = Vec::with_capacity(24);
    write_es_number(value, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(s: &str) -> String {
        String::from_utf8(canonicalize(s.as_bytes()).expect("canonicalizes")).expect("utf8")
    }

    #[test]
    fn es_numbers() {
        for (v, s) in [
            (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (0.000001, "0.000001"),
            (1e-7, "1e-7"),
            (123.456, "123.456"),
            (-0.0, "0"),
            (5e-324, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (9007199254740994.0, "9007199254740994"),
            (333333333.3333333, "333333333.3333333"),
            (-1.5e-9, "-1.5e-9"),
            (2e-3, "0.002"),
        ] {
            assert_eq!(es_number_string(v), s, "{v:e}");
        }
    }

    #[test]
    fn sorts_by_utf16_not_code_points() {
        // U+1F602 (surrogates D83D DE02) sorts before U+FB33 in UTF-16.
        assert_eq!(canon("{\"\u{fb33}\":1,\"\u{1f602}\":2}"), "{\"\u{1f602}\":2,\"\u{fb33}\":1}");
        assert_eq!(canon(r#"{"b":1,"a":2,"":3,"ab":4}"#), r#"{"":3,"a":2,"ab":4,"b":1}"#);
    }

    #[test]
    fn strict_errors_have_codes_and_places() {
        let e = canonicalize(b"{\"a\": {\"x\":1,\n \"x\":2}}").unwrap_err();
        assert_eq!(e.code(), "duplicate_key");
        let loc = e.location().expect("location");
        assert_eq!(loc.path.as_deref(), Some("$.a.x"));
        assert_eq!((loc.line, loc.column), (Some(2), Some(2)));
        assert_eq!(canonicalize(br#"["\ud800"]"#).unwrap_err().code(), "lone_surrogate");
        assert_eq!(canonicalize(br#"["\udc00\ud800"]"#).unwrap_err().code(), "lone_surrogate");
        assert_eq!(canonicalize(b"[1e400]").unwrap_err().code(), "number_out_of_range");
        assert_eq!(canonicalize(b"[1] x").unwrap_err().code(), "malformed_json");
        assert_eq!(canonicalize(b"[01]").unwrap_err().code(), "malformed_json");
        assert_eq!(canonicalize(b"").unwrap_err().code(), "malformed_json");
        assert_eq!(canonicalize(b"[\xff]").unwrap_err().code(), "not_utf8");
        let deep = "[".repeat(300) + &"]".repeat(300);
        assert_eq!(canonicalize(deep.as_bytes()).unwrap_err().code(), "limit_exceeded");
        let small = JcsLimits { max_depth: 2, max_input_bytes: 8 };
        assert_eq!(canonicalize_with(b"[[]]", &small).expect("fits"), b"[[]]");
        assert_eq!(canonicalize_with(b"[[[]]]", &small).unwrap_err().code(), "limit_exceeded");
        assert_eq!(canonicalize_with(b"[1,2,3,4,5]", &small).unwrap_err().code(), "limit_exceeded");
    }

    #[test]
    fn escapes() {
        assert_eq!(canon(r#""\u0000\u001f\b\/\u00e9\"""#), r#""\u0000\u001f\b/é\"""#);
        assert_eq!(canon(r#"{"\u0061":1}"#), r#"{"a":1}"#);
    }
}
