//! A strict RFC 8941 structured-field parser and serializer.
//!
//! Signature-Input, Signature and Content-Digest are Dictionaries, and
//! component identifiers are Items, so signatures stand or fall with this
//! parser. It follows RFC 8941 §4.2 to the letter: anything the RFC says to
//! fail on fails, with the character offset. One deliberate difference:
//! [`parse_dictionary`] keeps duplicate keys (RFC 8941 lets the last win) so
//! that callers can reject duplicated signature labels.

use crate::encoding::{base64_decode, base64_encode};

/// A bare item (RFC 8941 §3.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum BareItem {
    Integer(i64),
    /// A decimal in thousandths (the RFC allows three fractional digits).
    Decimal(i64),
    String(String),
    Token(String),
    ByteSeq(Vec<u8>),
    Boolean(bool),
}

/// Parameters in order; keys unique (a repeated key replaces the earlier value).
pub(crate) type Params = Vec<(String, BareItem)>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Item {
    pub value: BareItem,
    pub params: Params,
}

/// A List member or Dictionary value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Member {
    Item(Item),
    InnerList(Vec<Item>, Params),
}

/// Where and why parsing failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SfError {
    pub offset: usize,
    pub detail: &'static str,
}

impl SfError {
    pub(crate) fn into_error(self, field: &str) -> crate::Error {
        crate::Error::MalformedStructuredField {
            field: field.to_owned(),
            offset: self.offset as u64,
            detail: self.detail.to_owned(),
        }
    }
}

type R<T> = Result<T, SfError>;

struct Parser<'a> {
    s: &'a [u8],
    pos: usize,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        let mut p = Parser { s: text.as_bytes(), pos: 0 };
        p.skip_sp();
        p
    }

    fn err<T>(&self, detail: &'static str) -> R<T> {
        Err(SfError { offset: self.pos, detail })
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn skip_sp(&mut self) {
        while self.peek() == Some(b' ') {
            self.pos += 1;
        }
    }

    fn skip_ows(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    fn finish(&mut self) -> R<()> {
        self.skip_sp();
        if self.pos != self.s.len() {
            return self.err("unexpected characters after the value");
        }
        Ok(())
    }

    fn dictionary(&mut self) -> R<Vec<(String, Member)>> {
        let mut out = Vec::new();
        while self.pos < self.s.len() {
            let key = self.key()?;
            let member = if self.peek() == Some(b'=') {
                self.pos += 1;
                self.member()?
            } else {
                Member::Item(Item { value: BareItem::Boolean(true), params: self.params()? })
            };
            out.push((key, member));
            if !self.list_separator()? {
                break;
            }
        }
        Ok(out)
    }

    fn list(&mut self) -> R<Vec<Member>> {
        let mut out = Vec::new();
        while self.pos < self.s.len() {
            out.push(self.member()?);
            if !self.list_separator()? {
                break;
            }
        }
        Ok(out)
    }

    /// After a member: end of input (false) or a comma followed by another member (true).
    fn list_separator(&mut self) -> R<bool> {
        self.skip_ows();
        if self.pos == self.s.len() {
            return Ok(false);
        }
        if self.peek() != Some(b',') {
            return self.err("expected ',' between members");
        }
        self.pos += 1;
        self.skip_ows();
        if self.pos == self.s.len() {
            return self.err("trailing comma");
        }
        Ok(true)
    }

    fn member(&mut self) -> R<Member> {
        if self.peek() == Some(b'(') {
            self.inner_list()
        } else {
            Ok(Member::Item(self.item()?))
        }
    }

    fn inner_list(&mut self) -> R<Member> {
        self.pos += 1; // '('
        let mut items = Vec::new();
        loop {
            self.skip_sp();
            match self.peek() {
                Some(b')') => {
                    self.pos += 1;
                    let params = self.params()?;
                    return Ok(Member::InnerList(items, params));
                }
                None => return self.err("inner list is not closed"),
                _ => {}
            }
            items.push(self.item()?);
            match self.peek() {
                Some(b' ' | b')') => {}
                _ => return self.err("expected a space or ')' in inner list"),
            }
        }
    }

    fn item(&mut self) -> R<Item> {
        let value = self.bare_item()?;
        let params = self.params()?;
        Ok(Item { value, params })
    }

    fn params(&mut self) -> R<Params> {
        let mut params: Params = Vec::new();
        while self.peek() == Some(b';') {
            self.pos += 1;
            self.skip_sp();
            let key = self.key()?;
            let value = if self.peek() == Some(b'=') {
                self.pos += 1;
                self.bare_item()?
            } else {
                BareItem::Boolean(true)
            };
            if let Some(slot) = params.iter_mut().find(|(k, _)| *k == key) {
                slot.1 = value;
            } else {
                params.push((key, value));
            }
        }
        Ok(params)
    }

    fn key(&mut self) -> R<String> {
        let start = self.pos;
        match self.peek() {
            Some(b'a'..=b'z' | b'*') => self.pos += 1,
            _ => return self.err("a key starts with a lowercase letter or '*'"),
        }
        while matches!(self.peek(), Some(b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-' | b'.' | b'*')) {
            self.pos += 1;
        }
        Ok(self.text(start))
    }

    fn text(&self, start: usize) -> String {
        self.s.get(start..self.pos).map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default()
    }

    fn bare_item(&mut self) -> R<BareItem> {
        match self.peek() {
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'"') => self.string(),
            Some(b':') => self.byte_seq(),
            Some(b'?') => self.boolean(),
            Some(b'A'..=b'Z' | b'a'..=b'z' | b'*') => self.token(),
            _ => self.err("expected an item"),
        }
    }

    fn number(&mut self) -> R<BareItem> {
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        let int_start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        let int_len = self.pos - int_start;
        if int_len == 0 {
            return self.err("expected a digit");
        }
        let int_digits = self.text(int_start);
        let sign = if negative { -1 } else { 1 };
        if self.peek() != Some(b'.') {
            if int_len > 15 {
                return self.err("integer has more than 15 digits");
            }
            let v: i64 =
                int_digits.parse().map_err(|_| SfError { offset: int_start, detail: "bad integer" })?;
            return Ok(BareItem::Integer(sign * v));
        }
        if int_len > 12 {
            return self.err("decimal has more than 12 integer digits");
        }
        self.pos += 1; // '.'
        let frac_start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        let frac_len = self.pos - frac_start;
        if frac_len == 0 {
            return self.err("decimal ends with '.'");
        }
        if frac_len > 3 {
            return self.err("decimal has more than 3 fractional digits");
        }
        let mut frac = self.text(frac_start);
        while frac.len() < 3 {
            frac.push('0');
        }
        let i: i64 = int_digits.parse().map_err(|_| SfError { offset: int_start, detail: "bad decimal" })?;
        let f: i64 = frac.parse().map_err(|_| SfError { offset: frac_start, detail: "bad decimal" })?;
        Ok(BareItem::Decimal(sign * (i * 1000 + f)))
    }

    fn string(&mut self) -> R<BareItem> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            match self.peek() {
                None => return self.err("string is not closed"),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(BareItem::String(out));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    match self.peek() {
                        Some(c @ (b'"' | b'\\')) => {
                            out.push(char::from(c));
                            self.pos += 1;
                        }
                        _ => return self.err("only \\\" and \\\\ may be escaped in a string"),
                    }
                }
                Some(c @ 0x20..=0x7e) => {
                    out.push(char::from(c));
                    self.pos += 1;
                }
                Some(_) => return self.err("string has a character outside printable ASCII"),
            }
        }
    }

    fn token(&mut self) -> R<BareItem> {
        let start = self.pos;
        self.pos += 1;
        while self.peek().is_some_and(|c| is_tchar(c) || c == b':' || c == b'/') {
            self.pos += 1;
        }
        Ok(BareItem::Token(self.text(start)))
    }

    fn byte_seq(&mut self) -> R<BareItem> {
        self.pos += 1;
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'=')) {
            self.pos += 1;
        }
        if self.peek() != Some(b':') {
            return self.err("byte sequence is not closed with ':' or has a non-base64 character");
        }
        let b64 = self.text(start);
        if b64.len() % 4 != 0 || b64.trim_end_matches('=').contains('=') {
            return Err(SfError { offset: start, detail: "byte sequence is not padded base64" });
        }
        let bytes = base64_decode(&b64).ok_or(SfError { offset: start, detail: "invalid base64" })?;
        self.pos += 1;
        Ok(BareItem::ByteSeq(bytes))
    }

    fn boolean(&mut self) -> R<BareItem> {
        self.pos += 1;
        let v = match self.peek() {
            Some(b'1') => true,
            Some(b'0') => false,
            _ => return self.err("a boolean is ?0 or ?1"),
        };
        self.pos += 1;
        Ok(BareItem::Boolean(v))
    }
}

fn is_tchar(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&c)
}

fn check_ascii(text: &str) -> R<()> {
    match text.bytes().position(|b| !(0x20..=0x7e).contains(&b) && b != b'\t') {
        Some(offset) => Err(SfError { offset, detail: "not printable ASCII" }),
        None => Ok(()),
    }
}

/// Parses a Dictionary, keeping duplicate keys in order.
pub(crate) fn parse_dictionary(text: &str) -> R<Vec<(String, Member)>> {
    check_ascii(text)?;
    let mut p = Parser::new(text);
    let d = p.dictionary()?;
    p.finish()?;
    Ok(d)
}

/// Parses a List.
pub(crate) fn parse_list(text: &str) -> R<Vec<Member>> {
    check_ascii(text)?;
    let mut p = Parser::new(text);
    let l = p.list()?;
    p.finish()?;
    Ok(l)
}

/// Parses an Item.
pub(crate) fn parse_item(text: &str) -> R<Item> {
    check_ascii(text)?;
    let mut p = Parser::new(text);
    let i = p.item()?;
    p.finish()?;
    Ok(i)
}

// ------------------------------------------------------------ serialization

pub(crate) fn write_bare(out: &mut String, v: &BareItem) {
    use std::fmt::Write;
    match v {
        BareItem::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        BareItem::Decimal(d) => {
            let sign = if *d < 0 { "-" } else { "" };
            let a = d.unsigned_abs();
            let mut frac = format!("{:03}", a % 1000);
            while frac.len() > 1 && frac.ends_with('0') {
                frac.pop();
            }
            let _ = write!(out, "{sign}{}.{frac}", a / 1000);
        }
        BareItem::String(s) => {
            out.push('"');
            for c in s.chars() {
                if c == '"' || c == '\\' {
                    out.push('\\');
                }
                out.push(c);
            }
            out.push('"');
        }
        BareItem::Token(t) => out.push_str(t),
        BareItem::ByteSeq(b) => {
            out.push(':');
            out.push_str(&base64_encode(b));
            out.push(':');
        }
        BareItem::Boolean(b) => out.push_str(if *b { "?1" } else { "?0" }),
    }
}

pub(crate) fn write_params(out: &mut String, params: &Params) {
    for (k, v) in params {
        out.push(';');
        out.push_str(k);
        if *v != BareItem::Boolean(true) {
            out.push('=');
            write_bare(out, v);
        }
    }
}

pub(crate) fn write_item(out: &mut String, item: &Item) {
    write_bare(out, &item.value);
    write_params(out, &item.params);
}

pub(crate) fn write_member(out: &mut String, m: &Member) {
    match m {
        Member::Item(i) => write_item(out, i),
        Member::InnerList(items, params) => {
            out.push('(');
            for (n, i) in items.iter().enumerate() {
                if n > 0 {
                    out.push(' ');
                }
                write_item(out, i);
            }
            out.push(')');
            write_params(out, params);
        }
    }
}

/// A Dictionary; duplicate keys are merged (first position, last value) as RFC 8941 parses them.
pub(crate) fn write_dictionary(out: &mut String, d: &[(String, Member)]) {
    let mut merged: Vec<(&str, &Member)> = Vec::with_capacity(d.len());
    for (k, m) in d {
        if let Some(slot) = merged.iter_mut().find(|(mk, _)| mk == k) {
            slot.1 = m;
        } else {
            merged.push((k, m));
        }
    }
    for (n, (k, m)) in merged.iter().enumerate() {
        if n > 0 {
            out.push_str(", ");
        }
        out.push_str(k);
        match m {
            Member::Item(Item { value: BareItem::Boolean(true), params }) => write_params(out, params),
            _ => {
                out.push('=');
                write_member(out, m);
            }
        }
    }
}

pub(crate) fn write_list(out: &mut String, l: &[Member]) {
    for (n, m) in l.iter().enumerate() {
        if n > 0 {
            out.push_str(", ");
        }
        write_member(out, m);
    }
}

/// Is this a valid sf-string content (printable ASCII)?
pub(crate) fn is_sf_string(s: &str) -> bool {
    s.bytes().all(|b| (0x20..=0x7e).contains(&b))
}

/// Is this a valid key (for labels and parameter names)?
pub(crate) fn is_key(s: &str) -> bool {
    let mut b = s.bytes();
    matches!(b.next(), Some(b'a'..=b'z' | b'*'))
        && b.all(|c| matches!(c, b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-' | b'.' | b'*'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reser_dict(s: &str) -> String {
        let d = parse_dictionary(s).expect("parses");
        let mut out = String::new();
        write_dictionary(&mut out, &d);
        out
    }

    #[test]
    fn rfc9421_example_dict_reserializes() {
        assert_eq!(reser_dict("a=1,    b=2;x=1;y=2,   c=(a   b   c)"), "a=1, b=2;x=1;y=2, c=(a b c)");
        assert_eq!(reser_dict("a=1, b=2;x=1;y=2, c=(a   b    c), d"), "a=1, b=2;x=1;y=2, c=(a b c), d");
    }

    #[test]
    fn items_of_every_type() {
        let i = parse_item(r#""a\"b\\";n=-12;d=1.50;t=tok/x:y;b=:AQID:;f=?0;z"#).expect("parses");
        let mut out = String::new();
        write_item(&mut out, &i);
        assert_eq!(out, r#""a\"b\\";n=-12;d=1.5;t=tok/x:y;b=:AQID:;f=?0;z"#);
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "a=1,",
            "a=(1 2",
            "A=1",
            "a=\"x",
            "a=\"\\n\"",
            "a=:AQI:",
            "a=?2",
            "a=1234567890123456",
            "a=1.2345",
            "a=1 b=2",
            "a=(1)x",
            "a=\"é\"",
            "a=,b=1",
        ] {
            assert!(parse_dictionary(bad).is_err(), "{bad} must fail");
        }
        assert_eq!(parse_dictionary("a=1, b").expect("parses").len(), 2);
    }

    #[test]
    fn duplicates_kept_for_callers_but_merged_on_output() {
        let d = parse_dictionary("a=1, a=2").expect("parses");
        assert_eq!(d.len(), 2);
        assert_eq!(reser_dict("a=1, b=3, a=2"), "a=2, b=3");
    }

    #[test]
    fn lists_and_keys() {
        let l = parse_list("(a b);q=1, c").expect("parses");
        let mut out = String::new();
        write_list(&mut out, &l);
        assert_eq!(out, "(a b);q=1, c");
        assert!(is_key("sig-b21") && !is_key("Sig") && !is_key(""));
    }
}
