//! The one HTTP message form used everywhere (sans-IO).
//!
//! Core builds requests as [`HttpMessage`]s, the caller sends them with any
//! client, and hands the response back as an [`HttpMessage`] to be parsed.
//! Its JSON form (documented in the README) is what `govshare request http`
//! prints and `govshare http sign` reads:
//!
//! ```json
//! {"method":"POST","target":"https://host/path?q=1",
//!  "headers":[["Content-Type","application/json"]],"body":"…"}
//! ```
//!
//! A response has `"status"` instead of `method`/`target`. `"body_base64"`
//! may replace `"body"` for bytes that are not UTF-8. Header order and
//! duplicates are kept exactly.

use crate::encoding::{base64_decode, base64_encode};
use serde::{Deserialize, Serialize};

/// Request line or status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartLine {
    Request { method: String, target: String },
    Response { status: u16 },
}

/// An HTTP request or response, with headers in order and the body as bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpMessage {
    pub start: StartLine,
    /// Header fields in order, duplicates kept; names as given.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpMessage {
    /// A request with no headers and an empty body.
    pub fn request(method: impl Into<String>, target: impl Into<String>) -> Self {
        HttpMessage {
            start: StartLine::Request { method: method.into(), target: target.into() },
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// A response with no headers and an empty body.
    pub fn response(status: u16) -> Self {
        HttpMessage { start: StartLine::Response { status }, headers: Vec::new(), body: Vec::new() }
    }

    /// All values of a header, case-insensitively, in order.
    pub fn header_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers.iter().filter(move |(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Appends a header field (keeps existing ones with the same name).
    pub fn push_header(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.headers.push((name.into(), value.into()));
    }

    /// Removes every field with this name, case-insensitively.
    pub fn remove_header(&mut self, name: &str) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    }

    /// Parses the JSON form.
    pub fn from_json(text: &str) -> crate::Result<Self> {
        let wire: Wire = serde_json::from_str(text).map_err(|e| crate::error::json_error(&e))?;
        wire.into_message()
    }

    /// The JSON form; the body as `body` when it is UTF-8, else `body_base64`.
    pub fn to_json(&self) -> String {
        let (method, target, status) = match &self.start {
            StartLine::Request { method, target } => (Some(method.clone()), Some(target.clone()), None),
            StartLine::Response { status } => (None, None, Some(*status)),
        };
        let (body, body_base64) = match std::str::from_utf8(&self.body) {
            Ok(s) => (Some(s.to_owned()), None),
            Err(_) => (None, Some(base64_encode(&self.body))),
        };
        let wire = Wire { method, target, status, headers: self.headers.clone(), body, body_base64 };
        // Serializing plain strings and numbers cannot fail.
        serde_json::to_string(&wire).unwrap_or_default()
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    method: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    target: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    status: Option<u16>,
    #[serde(default)]
    headers: Vec<(String, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    body: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    body_base64: Option<String>,
}

impl Wire {
    fn into_message(self) -> crate::Result<HttpMessage> {
        let invalid = |path: &str, detail: &str| crate::Error::InvalidValue {
            location: crate::Location::path(path),
            detail: detail.to_owned(),
        };
        let start = match (self.method, self.target, self.status) {
            (Some(method), Some(target), None) => StartLine::Request { method, target },
            (None, None, Some(status)) if (100..=999).contains(&status) => StartLine::Response { status },
            (None, None, Some(_)) => return Err(invalid("$.status", "status must be 100-999")),
            _ => {
                return Err(invalid(
                    "$",
                    "a message has either \"method\" and \"target\" (request) or \"status\" (response)",
                ))
            }
        };
        let body = match (self.body, self.body_base64) {
            (Some(b), None) => b.into_bytes(),
            (None, Some(b64)) => {
                base64_decode(&b64).ok_or_else(|| invalid("$.body_base64", "not valid base64"))?
            }
            (None, None) => Vec::new(),
            (Some(_), Some(_)) => {
                return Err(invalid("$", "give either \"body\" or \"body_base64\", not both"))
            }
        };
        Ok(HttpMessage { start, headers: self.headers, body })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_round_trip_keeps_header_order_and_duplicates() {
        let text = r#"{"method":"POST","target":"https://h/p?q=1","headers":[["A","1"],["a","2"],["B","3"]],"body":"{}"}"#;
        let m = HttpMessage::from_json(text).expect("parses");
        assert_eq!(m.header_values("a").collect::<Vec<_>>(), ["1", "2"]);
        assert_eq!(m.to_json(), text);
    }

    #[test]
    fn binary_body_goes_base64() {
        let mut m = HttpMessage::response(200);
        m.body = vec![0xff, 0x00, 0x10];
        let j = m.to_json();
        assert!(j.contains("body_base64"));
        assert_eq!(HttpMessage::from_json(&j).expect("parses"), m);
    }

    #[test]
    fn base64_matches_rfc4648_vectors() {
        for (raw, enc) in [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foobar", "Zm9vYmFy")] {
            assert_eq!(base64_encode(raw.as_bytes()), enc);
            assert_eq!(base64_decode(enc).as_deref(), Some(raw.as_bytes()));
        }
        assert_eq!(base64_decode("Zg=a"), None);
    }

    #[test]
    fn rejects_mixed_start_lines() {
        let e = HttpMessage::from_json(r#"{"method":"GET","status":200}"#).unwrap_err();
        assert_eq!(e.code(), "invalid_value");
    }
}
