//! RFC 9421 §2: component values and the signature base.
//!
//! Supported: HTTP fields (with `sf`, `key`, `bs`, `req`), and the derived
//! components `@method`, `@target-uri`, `@authority`, `@scheme`,
//! `@request-target`, `@path`, `@query`, `@query-param;name=`, `@status`.
//! Trailers (`tr`) are not part of [`HttpMessage`] and are refused.
//!
//! Context rules (the RFC leaves them to the application):
//! - An absolute target (`https://host/p?q`) gives scheme and authority; an
//!   origin-form target (`/p?q`) takes the authority from `Host` and the
//!   scheme `https`.
//! - `@request-target` is the origin form `path?query` (what an HTTP/1.1
//!   client sends to an origin server).
//! - A field that occurs several times is combined with `", "` (RFC 9421 §2.1).

use super::sf::{self, BareItem, Item, Member};
use crate::http_message::{HttpMessage, StartLine};
use crate::Error;

fn invalid(c: &Item, detail: &str) -> Error {
    Error::InvalidComponent { component: id_string(c), detail: detail.to_owned() }
}

fn missing(c: &Item) -> Error {
    Error::MissingComponent { component: id_string(c) }
}

/// The serialized component identifier, e.g. `"@query-param";name="Pet"`.
pub(crate) fn id_string(c: &Item) -> String {
    let mut s = String::new();
    sf::write_item(&mut s, c);
    s
}

/// Parses a component as callers write it: `content-type`, `@method`,
/// `@query-param;name="Pet"`, or the serialized form `"content-type";sf`.
pub(crate) fn parse_component(text: &str) -> Result<Item, Error> {
    let err = |e: sf::SfError| e.into_error("component identifier");
    let item = if text.starts_with('"') {
        sf::parse_item(text).map_err(err)?
    } else {
        let (name, rest) = text.split_once(';').map_or((text, ""), |(n, r)| (n, r));
        let quoted = if rest.is_empty() { format!("\"{name}\"") } else { format!("\"{name}\";{rest}") };
        sf::parse_item(&quoted).map_err(err)?
    };
    match &item.value {
        BareItem::String(s) if !s.is_empty() => Ok(item),
        _ => Err(Error::InvalidComponent {
            component: text.chars().take(60).collect(),
            detail: "not a component name".into(),
        }),
    }
}

/// The component's name, when it is a string item.
pub(crate) fn name_of(c: &Item) -> &str {
    match &c.value {
        BareItem::String(s) => s,
        _ => "",
    }
}

fn param<'a>(c: &'a Item, key: &str) -> Option<&'a BareItem> {
    c.params.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

fn flag(c: &Item, key: &str) -> Result<bool, Error> {
    match param(c, key) {
        None => Ok(false),
        Some(BareItem::Boolean(b)) => Ok(*b),
        Some(_) => Err(invalid(c, &format!("parameter {key} must be a boolean"))),
    }
}

/// Builds the signature base for these components and the serialized
/// signature-params inner list.
pub(crate) fn signature_base(
    message: &HttpMessage,
    request: Option<&HttpMessage>,
    components: &[Item],
    params_line: &str,
) -> Result<String, Error> {
    let mut out = String::with_capacity(64 * (components.len() + 1) + params_line.len());
    let mut seen: Vec<String> = Vec::with_capacity(components.len());
    for c in components {
        let id = id_string(c);
        if seen.contains(&id) {
            return Err(invalid(c, "appears twice in the covered components"));
        }
        let value = component_value(message, request, c)?;
        if !value.bytes().all(|b| (0x20..=0x7e).contains(&b) || b == b'\t') {
            return Err(invalid(c, "value is not printable ASCII (use ;bs for such fields)"));
        }
        out.push_str(&id);
        out.push_str(": ");
        out.push_str(&value);
        out.push('\n');
        seen.push(id);
    }
    out.push_str("\"@signature-params\": ");
    out.push_str(params_line);
    Ok(out)
}

fn component_value(message: &HttpMessage, request: Option<&HttpMessage>, c: &Item) -> Result<String, Error> {
    check_identifier(c)?;
    let target = if flag(c, "req")? {
        if matches!(message.start, StartLine::Request { .. }) {
            return Err(invalid(c, "req applies only when signing a response"));
        }
        request.ok_or_else(|| missing(c))?
    } else {
        message
    };
    let name = name_of(c);
    if name.starts_with('@') {
        derived_value(target, c, name)
    } else {
        field_value(target, c, name)
    }
}

/// The derived components (RFC 9421 §2.2) that can be covered.
/// `@signature-params` is not one: it ends every signature base and is
/// never listed among the covered components.
pub(crate) const DERIVED_COMPONENTS: [&str; 9] = [
    "@method",
    "@target-uri",
    "@authority",
    "@scheme",
    "@request-target",
    "@path",
    "@query",
    "@query-param",
    "@status",
];

/// The component parameters of RFC 9421 (§2.1 `sf`, `key`, `bs`, `tr`;
/// §2.2.8 `name`; §2.4 `req`).
const COMPONENT_PARAMETERS: [&str; 6] = ["sf", "key", "bs", "req", "name", "tr"];

/// A field name as RFC 9110 §5.1 spells it (a token), lowercase as RFC
/// 9421 §2.1 wants it in a component identifier.
fn is_field_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// The rules a component identifier follows whatever the message (RFC 9421
/// §2.1, §2.2, §2.4): known parameters, booleans where flags are meant, no
/// trailers (`tr`, not part of an [`HttpMessage`]), a known derived
/// component without field parameters (`name` only on `@query-param`, which
/// needs it), or a lowercase field name without `name` and with `bs` alone.
/// Whether the message has the component is for [`component_value`].
pub(crate) fn check_identifier(c: &Item) -> Result<(), Error> {
    for (k, _) in &c.params {
        if !COMPONENT_PARAMETERS.contains(&k.as_str()) {
            return Err(invalid(c, "unknown component parameter"));
        }
    }
    if flag(c, "tr")? {
        return Err(invalid(c, "trailer fields are not supported"));
    }
    flag(c, "req")?;
    let name = name_of(c);
    if name.starts_with('@') {
        if c.params.iter().any(|(k, _)| matches!(k.as_str(), "sf" | "key" | "bs")) {
            return Err(invalid(c, "sf, key and bs apply to header fields only"));
        }
        if name == "@signature-params" {
            return Err(invalid(c, "@signature-params cannot be covered"));
        }
        if !DERIVED_COMPONENTS.contains(&name) {
            return Err(invalid(c, "unknown derived component"));
        }
        return match (name == "@query-param", param(c, "name")) {
            (true, Some(BareItem::String(_))) | (false, None) => Ok(()),
            (true, _) => Err(invalid(c, "@query-param needs a string name parameter")),
            (false, Some(_)) => Err(invalid(c, "name applies to @query-param only")),
        };
    }
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err(invalid(c, "field names are lowercase in component identifiers"));
    }
    if !is_field_name(name) {
        return Err(invalid(c, "not an HTTP field name"));
    }
    if param(c, "name").is_some() {
        return Err(invalid(c, "name applies to @query-param only"));
    }
    let (bs, sf_flag, key) = (flag(c, "bs")?, flag(c, "sf")?, param(c, "key"));
    if bs && (sf_flag || key.is_some()) {
        return Err(invalid(c, "bs cannot be combined with sf or key"));
    }
    if key.is_some_and(|k| !matches!(k, BareItem::String(_))) {
        return Err(invalid(c, "key must be a string"));
    }
    Ok(())
}

/// The value of a derived component; `c` passed [`check_identifier`].
fn derived_value(m: &HttpMessage, c: &Item, name: &str) -> Result<String, Error> {
    if name == "@status" {
        return match m.start {
            StartLine::Response { status } => Ok(format!("{status:03}")),
            StartLine::Request { .. } => Err(invalid(c, "@status is a response component")),
        };
    }
    let StartLine::Request { method, target } = &m.start else {
        return Err(invalid(c, "a request component on a response (use ;req)"));
    };
    let t = Target::parse(target, m)
        .ok_or_else(|| invalid(c, "request target is not a URI this SDK can read"))?;
    let query_str = || t.query.map_or_else(|| "?".to_owned(), |q| format!("?{q}"));
    Ok(match name {
        "@method" => method.clone(),
        "@target-uri" => format!(
            "{}://{}{}{}",
            t.scheme,
            t.authority_raw,
            t.path,
            t.query.map_or(String::new(), |q| format!("?{q}"))
        ),
        "@authority" => t.authority(),
        "@scheme" => t.scheme.to_ascii_lowercase(),
        "@request-target" => {
            format!("{}{}", t.path_or_slash(), t.query.map_or(String::new(), |q| format!("?{q}")))
        }
        "@path" => t.path_or_slash().to_owned(),
        "@query" => query_str(),
        "@query-param" => {
            let Some(BareItem::String(wanted)) = param(c, "name") else {
                return Err(invalid(c, "@query-param needs a string name parameter"));
            };
            let mut found = t
                .query
                .unwrap_or("")
                .split('&')
                .filter(|p| !p.is_empty())
                .map(|p| p.split_once('=').unwrap_or((p, "")))
                .filter(|(n, _)| form_encode(&form_decode(n)) == *wanted)
                .map(|(_, v)| form_encode(&form_decode(v)));
            let first = found.next().ok_or_else(|| missing(c))?;
            if found.next().is_some() {
                return Err(invalid(c, "the query parameter occurs more than once"));
            }
            first
        }
        _ => return Err(invalid(c, "unknown derived component")),
    })
}

/// The value of a field component; `c` passed [`check_identifier`].
fn field_value(m: &HttpMessage, c: &Item, name: &str) -> Result<String, Error> {
    let values: Vec<String> = m.header_values(name).map(normalize_field_line).collect();
    if values.is_empty() {
        return Err(missing(c));
    }
    let bs = flag(c, "bs")?;
    let sf_flag = flag(c, "sf")?;
    let key = param(c, "key");
    if bs {
        let mut out = String::new();
        for (n, v) in values.iter().enumerate() {
            if n > 0 {
                out.push_str(", ");
            }
            sf::write_bare(&mut out, &BareItem::ByteSeq(v.as_bytes().to_vec()));
        }
        return Ok(out);
    }
    let combined = values.join(", ");
    if let Some(key) = key {
        let BareItem::String(key) = key else {
            return Err(invalid(c, "key must be a string"));
        };
        let dict =
            sf::parse_dictionary(&combined).map_err(|_| invalid(c, "field is not a valid dictionary"))?;
        let member = dict.iter().rev().find(|(k, _)| k == key).map(|(_, m)| m).ok_or_else(|| missing(c))?;
        let mut out = String::new();
        sf::write_member(&mut out, member);
        return Ok(out);
    }
    if sf_flag {
        let mut out = String::new();
        if let Ok(d) = sf::parse_dictionary(&combined) {
            sf::write_dictionary(&mut out, &d);
        } else if let Ok(l) = sf::parse_list(&combined) {
            sf::write_list(&mut out, &l);
        } else if let Ok(i) = sf::parse_item(&combined) {
            sf::write_member(&mut out, &Member::Item(i));
        } else {
            return Err(invalid(c, "field is not a structured field"));
        }
        return Ok(out);
    }
    Ok(combined)
}

/// Trims and replaces obsolete line folding with one space (RFC 9421 §2.1).
fn normalize_field_line(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let mut chars = v.trim_matches([' ', '\t']).chars().peekable();
    while let Some(ch) = chars.next() {
        if ch == '\r' || ch == '\n' {
            while chars.peek().is_some_and(|c| matches!(c, '\r' | '\n' | ' ' | '\t')) {
                chars.next();
            }
            while out.ends_with([' ', '\t']) {
                out.pop();
            }
            out.push(' ');
        } else {
            out.push(ch);
        }
    }
    out
}

/// The parts of a request target.
pub(crate) struct Target<'a> {
    pub scheme: &'a str,
    pub authority_raw: &'a str,
    pub path: &'a str,
    pub query: Option<&'a str>,
}

impl<'a> Target<'a> {
    pub(crate) fn parse(target: &'a str, m: &'a HttpMessage) -> Option<Target<'a>> {
        let target = target.split('#').next().unwrap_or("");
        let (scheme, authority_raw, rest) = if let Some((scheme, rest)) = target.split_once("://") {
            if scheme.is_empty() || !scheme.bytes().all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
            {
                return None;
            }
            let end = rest.find(['/', '?']).unwrap_or(rest.len());
            let (authority, rest) = rest.split_at(end);
            (scheme, authority, rest)
        } else if target.starts_with('/') {
            ("https", m.header_values("host").next()?.trim(), target)
        } else {
            return None;
        };
        let (path, query) = match rest.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (rest, None),
        };
        if authority_raw.is_empty() {
            return None;
        }
        Some(Target { scheme, authority_raw, path, query })
    }

    fn path_or_slash(&self) -> &str {
        if self.path.is_empty() {
            "/"
        } else {
            self.path
        }
    }

    /// Lowercase host, userinfo dropped, default port omitted.
    fn authority(&self) -> String {
        let a = self.authority_raw.rsplit('@').next().unwrap_or("").to_ascii_lowercase();
        let default = match self.scheme.to_ascii_lowercase().as_str() {
            "https" => ":443",
            "http" => ":80",
            _ => "",
        };
        match a.strip_suffix(default) {
            Some(host) if !default.is_empty() && !host.ends_with(':') => host.to_owned(),
            _ => a,
        }
    }
}

/// application/x-www-form-urlencoded parsing of one name or value (WHATWG URL §5.1).
pub(crate) fn form_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        let hex = |j: usize| b.get(j).and_then(|&h| char::from(h).to_digit(16));
        match c {
            b'+' => out.push(b' '),
            b'%' => {
                if let (Some(h), Some(l)) = (hex(i + 1), hex(i + 2)) {
                    out.push((h * 16 + l) as u8);
                    i += 2;
                } else {
                    out.push(b'%');
                }
            }
            _ => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encodes with the application/x-www-form-urlencoded set, spaces as `%20` (RFC 9421 §2.2.8).
pub(crate) fn form_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'*' | b'-' | b'.' | b'_') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(m: &HttpMessage, comp: &str) -> Result<String, Error> {
        component_value(m, None, &parse_component(comp).expect("component"))
    }

    #[test]
    fn rfc9421_field_examples() {
        let mut m = HttpMessage::request("GET", "https://www.example.com/");
        m.push_header("X-OWS-Header", "   Leading and trailing whitespace.  ");
        m.push_header("X-Obs-Fold-Header", "Obsolete\r\n    line folding.");
        m.push_header("Cache-Control", "max-age=60");
        m.push_header("Cache-Control", "   must-revalidate");
        m.push_header("Example-Dict", " a=1,    b=2;x=1;y=2,   c=(a   b   c)");
        m.push_header("Example-Header", "value, with, lots");
        m.push_header("Example-Header", "of, commas");
        assert_eq!(value(&m, "x-ows-header").expect("v"), "Leading and trailing whitespace.");
        assert_eq!(value(&m, "x-obs-fold-header").expect("v"), "Obsolete line folding.");
        assert_eq!(value(&m, "cache-control").expect("v"), "max-age=60, must-revalidate");
        assert_eq!(value(&m, "example-dict;sf").expect("v"), "a=1, b=2;x=1;y=2, c=(a b c)");
        assert_eq!(value(&m, "example-dict;key=\"c\"").expect("v"), "(a b c)");
        assert_eq!(
            value(&m, "example-header;bs").expect("v"),
            ":dmFsdWUsIHdpdGgsIGxvdHM=:, :b2YsIGNvbW1hcw==:"
        );
        assert_eq!(value(&m, "example-dict;key=\"z\"").unwrap_err().code(), "missing_component");
        assert_eq!(value(&m, "example-header;bs;sf").unwrap_err().code(), "invalid_component");
        assert_eq!(value(&m, "x-absent").unwrap_err().code(), "missing_component");
    }

    #[test]
    fn rfc9421_derived_examples() {
        let m =
            HttpMessage::request("POST", "https://www.example.com/path?param=value&foo=bar&baz=batman&qux=");
        assert_eq!(
            value(&m, "@target-uri").expect("v"),
            "https://www.example.com/path?param=value&foo=bar&baz=batman&qux="
        );
        assert_eq!(value(&m, "@authority").expect("v"), "www.example.com");
        assert_eq!(value(&m, "@scheme").expect("v"), "https");
        assert_eq!(value(&m, "@request-target").expect("v"), "/path?param=value&foo=bar&baz=batman&qux=");
        assert_eq!(value(&m, "@path").expect("v"), "/path");
        assert_eq!(value(&m, "@query").expect("v"), "?param=value&foo=bar&baz=batman&qux=");
        assert_eq!(value(&m, "@query-param;name=\"baz\"").expect("v"), "batman");
        assert_eq!(value(&m, "@query-param;name=\"qux\"").expect("v"), "");
        assert_eq!(value(&m, "@status").unwrap_err().code(), "invalid_component");
        let m = HttpMessage::request(
            "GET",
            "https://www.example.com/parameters?var=this%20is%20a%20big%0Amultiline%20value&bar=with+plus+whitespace&fa%C3%A7ade%22%3A%20=something",
        );
        assert_eq!(
            value(&m, "@query-param;name=\"var\"").expect("v"),
            "this%20is%20a%20big%0Amultiline%20value"
        );
        assert_eq!(value(&m, "@query-param;name=\"bar\"").expect("v"), "with%20plus%20whitespace");
        assert_eq!(value(&m, "@query-param;name=\"fa%C3%A7ade%22%3A%20\"").expect("v"), "something");
        let m = HttpMessage::request("GET", "https://Example.COM:443?x=1&x=2");
        assert_eq!(value(&m, "@authority").expect("v"), "example.com");
        assert_eq!(value(&m, "@path").expect("v"), "/");
        assert_eq!(value(&m, "@query-param;name=\"x\"").unwrap_err().code(), "invalid_component");
        let mut m = HttpMessage::request("GET", "/p");
        m.push_header("Host", "h.example:8443");
        assert_eq!(value(&m, "@target-uri").expect("v"), "https://h.example:8443/p");
        assert_eq!(value(&m, "@query").expect("v"), "?");
        assert_eq!(value(&HttpMessage::response(200), "@status").expect("v"), "200");
    }

    /// The list [`check_identifier`] accepts is the list the signature base can derive.
    #[test]
    fn every_listed_derived_component_has_a_value() {
        let request = HttpMessage::request("GET", "https://h.example/p?a=1");
        for name in DERIVED_COMPONENTS {
            let text =
                if name == "@query-param" { format!("\"{name}\";name=\"a\"") } else { name.to_owned() };
            let c = parse_component(&text).expect("component");
            let m = if name == "@status" { HttpMessage::response(200) } else { request.clone() };
            assert!(component_value(&m, None, &c).is_ok(), "{name}");
        }
        for bad in ["@signature-params", "@Method", "@foo"] {
            let c = parse_component(bad).expect("parses");
            assert_eq!(check_identifier(&c).unwrap_err().code(), "invalid_component", "{bad}");
        }
    }
}
