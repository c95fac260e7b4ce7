//! RFC 9421 HTTP Message Signatures over [`HttpMessage`]s: sign with a
//! [`Key`], or prepare the signature base for an external signer and
//! finish with its signature; verify under a [`VerificationPolicy`].
//!
//! Verification always recomputes a present `Content-Digest`, and refuses a
//! non-empty body the signature does not cover through `content-digest`
//! unless the policy says `allow_uncovered_body`.

use std::collections::HashMap;

use super::base::{self, id_string, name_of, parse_component};
use super::digest::{check_content_digest, content_digest, DigestAlgorithm};
use super::keys::{Algorithm, Key};
use super::sf::{self, BareItem, Item, Member, Params};
use crate::encoding::base64_encode;
use crate::http_message::HttpMessage;
use crate::Error;

/// What to sign and which signature parameters to emit.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct SignatureParams {
    /// The signature label (`sig1`); a Dictionary key: lowercase, digits, `_-.*`.
    #[cfg_attr(feature = "uniffi", uniffi(default = "sig1"))]
    pub label: String,
    /// Covered components in order: `@method`, `content-type`,
    /// `@query-param;name="id"`, `"example-dict";key="a"`, …
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub components: Vec<String>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub created: Option<i64>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub expires: Option<i64>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub nonce: Option<String>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub keyid: Option<String>,
    /// Emit an `alg` parameter (must match the key's algorithm).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub alg: Option<Algorithm>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub tag: Option<String>,
    /// Add (or replace) `Content-Digest` with this algorithm and cover it,
    /// when the body is non-empty or `content-digest` is listed. `null` to
    /// leave the message's digest alone (default `sha-256`).
    pub content_digest: Option<DigestAlgorithm>,
}

impl Default for SignatureParams {
    fn default() -> Self {
        SignatureParams {
            label: "sig1".into(),
            components: Vec::new(),
            created: None,
            expires: None,
            nonce: None,
            keyid: None,
            alg: None,
            tag: None,
            content_digest: Some(DigestAlgorithm::Sha256),
        }
    }
}

/// The signature base and field values, before the signature exists.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct PreparedSignature {
    pub label: String,
    /// The bytes to sign (RFC 9421 §2.5).
    pub base: Vec<u8>,
    /// The Signature-Input member value, e.g. `("@method");created=1`.
    pub signature_input: String,
    /// The Content-Digest value `finish_signature` adds, if any.
    pub content_digest: Option<String>,
    /// The algorithm named by `alg`, if any (lets finish check the length).
    pub algorithm: Option<Algorithm>,
}

/// A signed message and what was added to it.
#[derive(Debug, Clone, PartialEq)]
pub struct SignedMessage {
    pub message: HttpMessage,
    pub label: String,
    /// The Signature-Input field value added, e.g. `sig1=("@method");created=1`.
    pub signature_input: String,
    /// The Signature field value added, e.g. `sig1=:…:`.
    pub signature: String,
    pub base: String,
}

/// A [`SignedMessage`] as plain data for the bindings: the message in its
/// JSON form (see [`crate::http_message`]).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct SignedMessageView {
    /// The signed message, JSON form.
    pub message: String,
    pub label: String,
    pub signature_input: String,
    pub signature: String,
    pub base: String,
}

impl SignedMessage {
    /// The plain-data view (message as JSON).
    pub fn to_view(&self) -> SignedMessageView {
        SignedMessageView {
            message: self.message.to_json(),
            label: self.label.clone(),
            signature_input: self.signature_input.clone(),
            signature: self.signature.clone(),
            base: self.base.clone(),
        }
    }
}

/// What a verifier requires beyond a valid signature.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct VerificationPolicy {
    /// The label to verify; `None` picks the only signature, or the only one
    /// whose `keyid` is the key's id.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub label: Option<String>,
    /// Components the signature must cover (same notation as `SignatureParams::components`).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub required_components: Vec<String>,
    #[cfg_attr(feature = "uniffi", uniffi(default = true))]
    pub require_created: bool,
    #[cfg_attr(feature = "uniffi", uniffi(default = false))]
    pub require_expires: bool,
    #[cfg_attr(feature = "uniffi", uniffi(default = false))]
    pub require_nonce: bool,
    /// Reject signatures older than this (`now - created`), beyond the skew.
    #[cfg_attr(feature = "uniffi", uniffi(default = Some(300)))]
    pub max_age_seconds: Option<u64>,
    #[cfg_attr(feature = "uniffi", uniffi(default = 60))]
    pub clock_skew_seconds: u64,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub required_tag: Option<String>,
    /// Accept a non-empty body that the signature does not cover through
    /// `content-digest` (RFC 9421's own examples need this). Off by default.
    #[cfg_attr(feature = "uniffi", uniffi(default = false))]
    pub allow_uncovered_body: bool,
}

impl Default for VerificationPolicy {
    fn default() -> Self {
        VerificationPolicy {
            label: None,
            required_components: Vec::new(),
            require_created: true,
            require_expires: false,
            require_nonce: false,
            max_age_seconds: Some(300),
            clock_skew_seconds: 60,
            required_tag: None,
            allow_uncovered_body: false,
        }
    }
}

/// One signature found in a message (not yet verified).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct SignatureInfo {
    pub label: String,
    /// Covered component identifiers, serialized (`"@method"`, `"@query-param";name="a"`).
    pub components: Vec<String>,
    pub created: Option<i64>,
    pub expires: Option<i64>,
    pub nonce: Option<String>,
    pub keyid: Option<String>,
    pub alg: Option<String>,
    pub tag: Option<String>,
}

/// A signature that verified, and whether a Content-Digest was checked.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct VerifiedSignature {
    pub info: SignatureInfo,
    pub content_digest_checked: bool,
}

/// Remembers nonces to refuse replays. Called only after the signature
/// verified, so forged requests cannot fill it.
pub trait NonceStore {
    /// Records `nonce` for `key_id` until `keep_until` (Unix seconds);
    /// `Ok(false)` if it was already there.
    fn check_and_insert(
        &mut self,
        key_id: &str,
        nonce: &str,
        keep_until: i64,
        now: i64,
    ) -> Result<bool, Error>;
}

/// An in-memory [`NonceStore`] with a fixed capacity. When full it first
/// drops expired nonces, then refuses (`nonce_store_full`) rather than forget
/// an unexpired nonce, which would reopen the replay window.
#[derive(Debug, Clone)]
pub struct MemoryNonceStore {
    capacity: usize,
    entries: HashMap<String, i64>,
}

impl MemoryNonceStore {
    pub fn new(capacity: usize) -> Self {
        MemoryNonceStore { capacity: capacity.max(1), entries: HashMap::new() }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl Default for MemoryNonceStore {
    fn default() -> Self {
        MemoryNonceStore::new(100_000)
    }
}

impl NonceStore for MemoryNonceStore {
    fn check_and_insert(
        &mut self,
        key_id: &str,
        nonce: &str,
        keep_until: i64,
        now: i64,
    ) -> Result<bool, Error> {
        let k = format!("{}:{key_id}\u{0}{nonce}", key_id.len());
        if let Some(&until) = self.entries.get(&k) {
            if until >= now {
                return Ok(false);
            }
        }
        if self.entries.len() >= self.capacity && !self.entries.contains_key(&k) {
            self.entries.retain(|_, until| *until >= now);
            if self.entries.len() >= self.capacity {
                return Err(Error::NonceStoreFull { capacity: self.capacity as u64 });
            }
        }
        self.entries.insert(k, keep_until);
        Ok(true)
    }
}

// ---------------------------------------------------------------- signing

/// Signs a request (see [`sign_message`]). When the body is canonical
/// application bytes, the Content-Digest the signature covers binds them:
///
/// ```
/// use govshare_core::http_message::HttpMessage;
/// use govshare_core::sign::{sign_request, verify_message, Algorithm, Key, SignatureParams, VerificationPolicy};
/// let canonical = br#"{"applicant":"330000","resource":"R-1"}"#; // from the request helper
/// let mut msg = HttpMessage::request("POST", "https://gw.example/apply");
/// msg.push_header("Content-Type", "application/json");
/// msg.body = canonical.to_vec();
/// let key = Key::generate(Algorithm::Ed25519)?;
/// let params = SignatureParams {
///     components: vec!["@method".into(), "@target-uri".into(), "content-type".into()],
///     created: Some(1_750_000_000),
///     keyid: Some(key.key_id().to_owned()),
///     ..SignatureParams::default()
/// };
/// let signed = sign_request(&msg, &key, &params)?;
/// assert!(signed.signature_input.contains("\"content-digest\""));
/// let ok = verify_message(&signed.message, &key.public_key()?, &VerificationPolicy::default(), 1_750_000_010, None, None)?;
/// assert!(ok.content_digest_checked);
/// # Ok::<(), govshare_core::Error>(())
/// ```
pub fn sign_request(
    message: &HttpMessage,
    key: &Key,
    params: &SignatureParams,
) -> Result<SignedMessage, Error> {
    sign_message(message, key, params, None)
}

/// Signs `message` with `key`: adds Content-Digest (per `params`),
/// Signature-Input and Signature. `request` is the request a response
/// answers (for `;req` components).
pub fn sign_message(
    message: &HttpMessage,
    key: &Key,
    params: &SignatureParams,
    request: Option<&HttpMessage>,
) -> Result<SignedMessage, Error> {
    if let Some(a) = params.alg {
        if a != key.algorithm() {
            return Err(Error::KeyAlgorithmMismatch {
                key_algorithm: key.algorithm().name().into(),
                requested: a.name().into(),
            });
        }
    }
    if !key.is_private() {
        return Err(Error::PublicKeyOnly { algorithm: key.algorithm().name().into() });
    }
    let prepared = prepare_signature(message, params, request)?;
    let signature = key.sign(&prepared.base)?;
    assemble(message, &prepared, &signature)
}

/// Builds the signature base for an external signer (WebCrypto, HSM, USB
/// key). Sign `base` with the key, then call [`finish_signature`].
pub fn prepare_signature(
    message: &HttpMessage,
    params: &SignatureParams,
    request: Option<&HttpMessage>,
) -> Result<PreparedSignature, Error> {
    if !sf::is_key(&params.label) {
        return Err(Error::InvalidArgument {
            name: "label".into(),
            detail: "a label is lowercase letters, digits, _ - . * and starts with a letter".into(),
        });
    }
    for info in list_signatures(message)? {
        if info.label == params.label {
            return Err(Error::DuplicateLabel {
                label: params.label.clone(),
                field: "Signature-Input".into(),
            });
        }
    }
    let mut components =
        params.components.iter().map(|c| parse_component(c)).collect::<Result<Vec<_>, _>>()?;
    for c in &mut components {
        if !name_of(c).starts_with('@') {
            if let BareItem::String(s) = &mut c.value {
                *s = s.to_ascii_lowercase();
            }
        }
    }
    let covers_digest = components.iter().any(|c| name_of(c) == "content-digest" && c.params.is_empty());
    let mut working = None;
    let mut digest_value = None;
    if let Some(alg) = params.content_digest {
        if !message.body.is_empty() || covers_digest {
            let value = content_digest(&message.body, alg);
            let mut m = message.clone();
            m.remove_header("content-digest");
            m.push_header("Content-Digest", value.clone());
            working = Some(m);
            digest_value = Some(value);
            if !covers_digest {
                components
                    .push(Item { value: BareItem::String("content-digest".into()), params: Vec::new() });
            }
        }
    }
    let target = working.as_ref().unwrap_or(message);
    let mut sig_params: Params = Vec::new();
    let mut add = |k: &str, v: BareItem| sig_params.push((k.to_owned(), v));
    if let Some(c) = params.created {
        add("created", BareItem::Integer(c));
    }
    if let Some(e) = params.expires {
        add("expires", BareItem::Integer(e));
    }
    if let Some(k) = &params.keyid {
        add("keyid", sf_string("keyid", k)?);
    }
    if let Some(a) = params.alg {
        add("alg", BareItem::String(a.name().into()));
    }
    if let Some(n) = &params.nonce {
        add("nonce", sf_string("nonce", n)?);
    }
    if let Some(t) = &params.tag {
        add("tag", sf_string("tag", t)?);
    }
    for (name, v) in [("created", params.created), ("expires", params.expires)] {
        if v.is_some_and(|v| !(0..=999_999_999_999_999).contains(&v)) {
            return Err(Error::InvalidArgument {
                name: name.into(),
                detail: "must be 0..=999999999999999".into(),
            });
        }
    }
    let inner = Member::InnerList(components, sig_params);
    let mut signature_input = String::new();
    sf::write_member(&mut signature_input, &inner);
    let components = match &inner {
        Member::InnerList(c, _) => c.as_slice(),
        Member::Item(_) => &[],
    };
    let base = base::signature_base(target, request, components, &signature_input)?;
    Ok(PreparedSignature {
        label: params.label.clone(),
        base: base.into_bytes(),
        signature_input,
        content_digest: digest_value,
        algorithm: params.alg,
    })
}

fn sf_string(name: &str, v: &str) -> Result<BareItem, Error> {
    if !sf::is_sf_string(v) {
        return Err(Error::InvalidArgument { name: name.into(), detail: "must be printable ASCII".into() });
    }
    Ok(BareItem::String(v.to_owned()))
}

/// Adds an externally made signature to the message. The signature base is
/// rebuilt and must equal the prepared one (`prepared_signature_stale`).
/// ECDSA/SM2 signatures may be given as `r || s` or DER.
pub fn finish_signature(
    message: &HttpMessage,
    prepared: &PreparedSignature,
    signature: &[u8],
    request: Option<&HttpMessage>,
) -> Result<SignedMessage, Error> {
    let mut m = message.clone();
    if let Some(d) = &prepared.content_digest {
        m.remove_header("content-digest");
        m.push_header("Content-Digest", d.clone());
    }
    let (components, _) = parse_inner_list(&prepared.signature_input)?;
    let base = base::signature_base(&m, request, &components, &prepared.signature_input)?;
    if base.as_bytes() != prepared.base.as_slice() {
        return Err(Error::PreparedSignatureStale);
    }
    let mut sig = signature.to_vec();
    if let Some(alg) = prepared.algorithm {
        if matches!(alg, Algorithm::EcdsaP256Sha256 | Algorithm::Sm2Sm3) && sig.len() != 64 {
            sig = super::der::ecdsa_signature_from_der(&sig)?;
        }
        if alg.signature_len().is_some_and(|l| l != sig.len()) {
            return Err(Error::SignatureInvalid {
                detail: format!("a {alg} signature has the wrong length"),
            });
        }
    }
    if sig.is_empty() {
        return Err(Error::SignatureInvalid { detail: "empty signature".into() });
    }
    assemble(message, prepared, &sig)
}

fn parse_inner_list(text: &str) -> Result<(Vec<Item>, Params), Error> {
    match sf::parse_list(text).map_err(|e| e.into_error("Signature-Input"))?.into_iter().next() {
        Some(Member::InnerList(items, params)) => Ok((items, params)),
        _ => Err(Error::MalformedStructuredField {
            field: "Signature-Input".into(),
            offset: 0,
            detail: "expected an inner list".into(),
        }),
    }
}

fn assemble(
    message: &HttpMessage,
    prepared: &PreparedSignature,
    signature: &[u8],
) -> Result<SignedMessage, Error> {
    let mut m = message.clone();
    if let Some(d) = &prepared.content_digest {
        m.remove_header("content-digest");
        m.push_header("Content-Digest", d.clone());
    }
    let input = format!("{}={}", prepared.label, prepared.signature_input);
    let sig = format!("{}=:{}:", prepared.label, base64_encode(signature));
    m.push_header("Signature-Input", input.clone());
    m.push_header("Signature", sig.clone());
    Ok(SignedMessage {
        message: m,
        label: prepared.label.clone(),
        signature_input: input,
        signature: sig,
        base: String::from_utf8_lossy(&prepared.base).into_owned(),
    })
}

// -------------------------------------------------------------- verifying

struct Parsed {
    info: SignatureInfo,
    components: Vec<Item>,
    params_line: String,
}

fn parse_field(message: &HttpMessage, field: &str) -> Result<Vec<(String, Member)>, Error> {
    let values: Vec<&str> = message.header_values(field).collect();
    if values.is_empty() {
        return Ok(Vec::new());
    }
    let dict = sf::parse_dictionary(&values.join(", ")).map_err(|e| e.into_error(field))?;
    for (n, (k, _)) in dict.iter().enumerate() {
        if dict.iter().skip(n + 1).any(|(k2, _)| k2 == k) {
            return Err(Error::DuplicateLabel { label: k.clone(), field: field.into() });
        }
    }
    Ok(dict)
}

fn parse_signature_input(label: &str, member: &Member) -> Result<Parsed, Error> {
    let malformed = |detail: &str| Error::MalformedStructuredField {
        field: "Signature-Input".into(),
        offset: 0,
        detail: format!("{label}: {detail}"),
    };
    let Member::InnerList(items, params) = member else {
        return Err(malformed("not an inner list"));
    };
    let mut info = SignatureInfo {
        label: label.to_owned(),
        components: Vec::with_capacity(items.len()),
        created: None,
        expires: None,
        nonce: None,
        keyid: None,
        alg: None,
        tag: None,
    };
    for i in items {
        if !matches!(i.value, BareItem::String(_)) {
            return Err(malformed("a component identifier is not a string"));
        }
        info.components.push(id_string(i));
    }
    for (k, v) in params {
        match (k.as_str(), v) {
            ("created", BareItem::Integer(n)) => info.created = Some(*n),
            ("expires", BareItem::Integer(n)) => info.expires = Some(*n),
            ("nonce", BareItem::String(s)) => info.nonce = Some(s.clone()),
            ("keyid", BareItem::String(s)) => info.keyid = Some(s.clone()),
            ("alg", BareItem::String(s)) => info.alg = Some(s.clone()),
            ("tag", BareItem::String(s)) => info.tag = Some(s.clone()),
            ("created" | "expires", _) => return Err(malformed("created and expires are integers")),
            ("nonce" | "keyid" | "alg" | "tag", _) => {
                return Err(malformed("nonce, keyid, alg and tag are strings"))
            }
            _ => {} // extension parameters are signed but not interpreted
        }
    }
    let mut params_line = String::new();
    sf::write_member(&mut params_line, member);
    Ok(Parsed { info, components: items.clone(), params_line })
}

/// The component that covers `request`'s signature `label` — its only one
/// when `label` is `None` — from a response: `signature;req;key="LABEL"`
/// (RFC 9421 §2.4). Covering it binds a response to that one request (its
/// body through its digest, its nonce and time). `invalid_argument` when the
/// request has no such signature or several to choose from.
pub fn request_binding_component(request: &HttpMessage, label: Option<&str>) -> Result<String, Error> {
    let signatures = list_signatures(request)?;
    let chosen = match label {
        Some(l) => signatures.iter().find(|s| s.label == l),
        None if signatures.len() == 1 => signatures.first(),
        None => None,
    };
    let Some(chosen) = chosen else {
        let detail = match (label, signatures.len()) {
            (Some(_), _) => "the request has no signature with that label",
            (None, 0) => "the request carries no signature to bind the response to",
            (None, _) => "the request carries several signatures: name the one to bind to",
        };
        return Err(Error::InvalidArgument { name: "request".into(), detail: detail.into() });
    };
    Ok(format!("signature;req;key=\"{}\"", chosen.label))
}

/// The components a signature covers when the caller names none: a
/// request's `@method` and `@target-uri`, a response's `@status`; then
/// `content-type` when the message has one and `content-digest` when a
/// digest is added; and for a response to `request`, `@method;req` and
/// `@target-uri;req` (add [`request_binding_component`] to bind it to that
/// one request).
pub fn default_components(
    message: &HttpMessage,
    request: Option<&HttpMessage>,
    content_digest: bool,
) -> Vec<String> {
    let mut c: Vec<String> = match message.start {
        crate::http_message::StartLine::Request { .. } => vec!["@method".into(), "@target-uri".into()],
        crate::http_message::StartLine::Response { .. } => vec!["@status".into()],
    };
    if message.header_values("content-type").next().is_some() {
        c.push("content-type".into());
    }
    if content_digest {
        c.push("content-digest".into());
    }
    if request.is_some() && matches!(message.start, crate::http_message::StartLine::Response { .. }) {
        c.push("@method;req".into());
        c.push("@target-uri;req".into());
    }
    c
}

/// Reads a list of covered components as a person writes one, on a command
/// line or in a configuration file: component identifiers separated by
/// whitespace or commas — `"@method" "@authority"`, `"@method","@authority"`,
/// `@method content-type`, `"@query-param";name="a b"` — each as
/// [`SignatureParams::components`] takes them. Returns them serialized
/// (`"@method"`, `"content-type"`, `"@query-param";name="a b"`; field names
/// lowercased), ready for `SignatureParams::components` or
/// `VerificationPolicy::required_components`.
///
/// Nothing is guessed or dropped (RFC 9421 §2): each identifier must be a
/// known derived component or an HTTP field name with known parameters
/// (`invalid_component` otherwise; `malformed_structured_field` when it does
/// not parse, or a quoted string is not closed), none may occur twice
/// (`invalid_component`: a signature base lists each component once), and
/// an empty list is `invalid_argument`. Whether a message has the
/// components is checked when it is signed or verified.
pub fn parse_component_list(text: &str) -> Result<Vec<String>, Error> {
    let mut out: Vec<String> = Vec::new();
    for token in split_component_list(text)? {
        let item = lowercase_field(parse_component(token)?);
        base::check_identifier(&item)?;
        let id = id_string(&item);
        if out.contains(&id) {
            return Err(Error::InvalidComponent {
                component: id,
                detail: "appears twice in the list".into(),
            });
        }
        out.push(id);
    }
    if out.is_empty() {
        return Err(Error::InvalidArgument {
            name: "components".into(),
            detail: "the list names no component".into(),
        });
    }
    Ok(out)
}

/// Splits a component list at whitespace and commas outside quoted strings
/// (where `\` escapes the next character, RFC 8941 §3.3.3).
fn split_component_list(text: &str) -> Result<Vec<&str>, Error> {
    let mut tokens = Vec::new();
    let mut start: Option<usize> = None;
    let (mut quoted, mut escaped, mut quote_at) = (false, false, 0);
    for (i, ch) in text.char_indices() {
        if quoted {
            match (escaped, ch) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => quoted = false,
                _ => {}
            }
            continue;
        }
        if ch.is_whitespace() || ch == ',' {
            if let Some(s) = start.take() {
                tokens.push(&text[s..i]);
            }
            continue;
        }
        start.get_or_insert(i);
        if ch == '"' {
            quoted = true;
            quote_at = i;
        }
    }
    if quoted {
        return Err(Error::MalformedStructuredField {
            field: "component list".into(),
            offset: quote_at as u64,
            detail: "a quoted string is not closed".into(),
        });
    }
    if let Some(s) = start {
        tokens.push(&text[s..]);
    }
    Ok(tokens)
}

/// Whether an error from [`verify_message`] is a failed verdict on the
/// message — it does not verify: the signature, the digest, what it covers,
/// its age or nonce, or Signature-Input/Signature fields that are missing,
/// malformed or name what the message lacks — rather than a fault of what
/// the verifier supplied (the policy, the key, the request to bind to, the
/// nonce store) or of govshare itself (no randomness). A verifier reports
/// the first as "invalid" (the CLI: exit 1, `valid: false`) and the second
/// as an error (exit 2); neither is ever a pass.
///
/// `invalid_component` counts as the message's: check the components of a
/// policy built from user input with [`parse_component_list`] first, so that
/// a bad one is refused before verifying.
pub fn is_verification_failure(e: &Error) -> bool {
    matches!(
        e,
        Error::SignatureInvalid { .. }
            | Error::ComponentNotCovered { .. }
            | Error::MissingSignatureParameter { .. }
            | Error::BodyNotCovered { .. }
            | Error::DigestMismatch { .. }
            | Error::UnsupportedDigest
            | Error::Expired { .. }
            | Error::CreatedInFuture { .. }
            | Error::ReplayedNonce { .. }
            | Error::MalformedStructuredField { .. }
            | Error::DuplicateLabel { .. }
            | Error::LabelNotFound { .. }
            | Error::MissingComponent { .. }
            | Error::InvalidComponent { .. }
            | Error::KeyAlgorithmMismatch { .. }
            | Error::UnknownAlgorithm { .. }
    )
}

/// The signatures a message carries, in Signature-Input order (unverified).
pub fn list_signatures(message: &HttpMessage) -> Result<Vec<SignatureInfo>, Error> {
    parse_field(message, "signature-input")?
        .iter()
        .map(|(label, m)| parse_signature_input(label, m).map(|p| p.info))
        .collect()
}

/// The signature base of the signature `label` in `signature_input`
/// (a Signature-Input field value), over `message`.
pub fn signature_base(
    message: &HttpMessage,
    signature_input: &str,
    label: &str,
    request: Option<&HttpMessage>,
) -> Result<String, Error> {
    let dict = sf::parse_dictionary(signature_input).map_err(|e| e.into_error("Signature-Input"))?;
    let (_, member) = dict.iter().rev().find(|(k, _)| k == label).ok_or_else(|| Error::LabelNotFound {
        label: label.into(),
        detail: "not in Signature-Input".into(),
    })?;
    let p = parse_signature_input(label, member)?;
    base::signature_base(message, request, &p.components, &p.params_line)
}

/// Verifies one signature of `message` with `key` under `policy` at time
/// `now` (Unix seconds). `nonces` enables replay checks; `request` is the
/// request a response answers (for `;req` components).
pub fn verify_message(
    message: &HttpMessage,
    key: &Key,
    policy: &VerificationPolicy,
    now: i64,
    nonces: Option<&mut dyn NonceStore>,
    request: Option<&HttpMessage>,
) -> Result<VerifiedSignature, Error> {
    let inputs = parse_field(message, "signature-input")?;
    let signatures = parse_field(message, "signature")?;
    let wanted = policy.label.clone().unwrap_or_default();
    let not_found = |detail: &str| Error::LabelNotFound { label: wanted.clone(), detail: detail.into() };
    let (label, member) = match &policy.label {
        Some(l) => inputs.iter().find(|(k, _)| k == l).ok_or_else(|| not_found("not in Signature-Input"))?,
        None => match inputs.as_slice() {
            [] => return Err(not_found("the message has no Signature-Input")),
            [one] => one,
            many => {
                let mut by_key = many.iter().filter(|(l, m)| {
                    parse_signature_input(l, m).is_ok_and(|p| p.info.keyid.as_deref() == Some(key.key_id()))
                });
                match (by_key.next(), by_key.next()) {
                    (Some(one), None) => one,
                    _ => return Err(not_found("several signatures; name the label in the policy")),
                }
            }
        },
    };
    let parsed = parse_signature_input(label, member)?;
    let sig_bytes = match signatures.iter().find(|(k, _)| k == label) {
        Some((_, Member::Item(Item { value: BareItem::ByteSeq(b), .. }))) => b,
        Some(_) => {
            return Err(Error::MalformedStructuredField {
                field: "Signature".into(),
                offset: 0,
                detail: format!("{label}: not a byte sequence"),
            })
        }
        None => {
            return Err(Error::LabelNotFound {
                label: label.clone(),
                detail: "in Signature-Input but not in Signature".into(),
            })
        }
    };
    let info = &parsed.info;
    if let Some(alg) = &info.alg {
        let alg = Algorithm::from_name(alg)?;
        if alg != key.algorithm() {
            return Err(Error::KeyAlgorithmMismatch {
                key_algorithm: key.algorithm().name().into(),
                requested: alg.name().into(),
            });
        }
    }
    check_policy(info, policy, now)?;
    let covered = |name: &str| parsed.components.iter().any(|c| name_of(c) == name && c.params.is_empty());
    for r in &policy.required_components {
        let id = id_string(&lowercase_field(parse_component(r)?));
        if !info.components.contains(&id) {
            return Err(Error::ComponentNotCovered { label: label.clone(), component: id });
        }
    }
    if !message.body.is_empty() && !covered("content-digest") && !policy.allow_uncovered_body {
        return Err(Error::BodyNotCovered { label: label.clone() });
    }
    let content_digest_checked = check_content_digest(message)?;
    let base = base::signature_base(message, request, &parsed.components, &parsed.params_line)?;
    key.verify(base.as_bytes(), sig_bytes)?;
    if let (Some(store), Some(nonce)) = (nonces, &info.nonce) {
        // The nonce is kept exactly as long as this signature could still be
        // accepted; a signature accepted forever cannot be protected by
        // forgetting nonces, so such a policy is refused.
        let keep_until = acceptance_end(info, policy).ok_or_else(|| Error::InvalidArgument {
            name: "policy".into(),
            detail: "unsafe for replay checks: this signature would be accepted forever (no created with \
                     max_age_seconds, no expires), so no nonce store can refuse its replays"
                .into(),
        })?;
        if !store.check_and_insert(info.keyid.as_deref().unwrap_or(key.key_id()), nonce, keep_until, now)? {
            return Err(Error::ReplayedNonce { label: label.clone() });
        }
    }
    Ok(VerifiedSignature { info: parsed.info, content_digest_checked })
}

/// The last second (Unix) at which `policy` accepts a signature with these
/// parameters: the earlier of `created + max_age + skew` and `expires +
/// skew`; None when nothing bounds it.
fn acceptance_end(info: &SignatureInfo, policy: &VerificationPolicy) -> Option<i64> {
    let skew = i64::try_from(policy.clock_skew_seconds).unwrap_or(i64::MAX);
    let by_age = match (info.created, policy.max_age_seconds) {
        (Some(created), Some(max)) => {
            Some(created.saturating_add(i64::try_from(max).unwrap_or(i64::MAX)).saturating_add(skew))
        }
        _ => None,
    };
    let by_expiry = info.expires.map(|e| e.saturating_add(skew));
    match (by_age, by_expiry) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn lowercase_field(mut c: Item) -> Item {
    if let BareItem::String(s) = &mut c.value {
        if !s.starts_with('@') {
            *s = s.to_ascii_lowercase();
        }
    }
    c
}

fn check_policy(info: &SignatureInfo, policy: &VerificationPolicy, now: i64) -> Result<(), Error> {
    let label = || info.label.clone();
    let need = |present: bool, parameter: &str| {
        if present {
            Ok(())
        } else {
            Err(Error::MissingSignatureParameter { label: label(), parameter: parameter.into() })
        }
    };
    if policy.require_created {
        need(info.created.is_some(), "created")?;
    }
    if policy.require_expires {
        need(info.expires.is_some(), "expires")?;
    }
    if policy.require_nonce {
        need(info.nonce.is_some(), "nonce")?;
    }
    if let Some(tag) = &policy.required_tag {
        if info.tag.as_ref() != Some(tag) {
            return Err(Error::MissingSignatureParameter { label: label(), parameter: "tag".into() });
        }
    }
    let skew = i64::try_from(policy.clock_skew_seconds).unwrap_or(i64::MAX);
    if let Some(created) = info.created {
        if created > now.saturating_add(skew) {
            return Err(Error::CreatedInFuture { label: label() });
        }
        if let Some(max) = policy.max_age_seconds {
            let max = i64::try_from(max).unwrap_or(i64::MAX);
            if now.saturating_sub(created) > max.saturating_add(skew) {
                return Err(Error::Expired { label: label() });
            }
        }
    }
    if let Some(expires) = info.expires {
        if expires.saturating_add(skew) < now {
            return Err(Error::Expired { label: label() });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> HttpMessage {
        let mut m = HttpMessage::request("POST", "https://example.com/foo?param=Value&Pet=dog");
        m.push_header("Content-Type", "application/json");
        m.body = br#"{"hello": "world"}"#.to_vec();
        m
    }

    fn params() -> SignatureParams {
        SignatureParams {
            components: vec!["@method".into(), "@authority".into(), "content-type".into()],
            created: Some(1000),
            nonce: Some("n-1".into()),
            ..SignatureParams::default()
        }
    }

    /// Every policy combination: a nonce is kept at least as long as a
    /// signature carrying it is accepted, or the policy is refused.
    #[test]
    fn replay_windows_match_acceptance_in_every_policy() {
        let key = Key::from_test_seed(Algorithm::Ed25519, b"k").expect("key");
        let pubkey = key.public_key().expect("pub");
        for created in [None, Some(1000)] {
            for expires in [None, Some(1500), Some(100_000)] {
                for max_age in [None, Some(300), Some(1_000_000)] {
                    let p = SignatureParams { created, expires, ..params() };
                    let signed = sign_request(&request(), &key, &p).expect("signs");
                    let policy = VerificationPolicy {
                        require_created: false,
                        max_age_seconds: max_age,
                        ..VerificationPolicy::default()
                    };
                    let mut store = MemoryNonceStore::new(16);
                    let first =
                        verify_message(&signed.message, &pubkey, &policy, 1010, Some(&mut store), None);
                    let bounded = (created.is_some() && max_age.is_some()) || expires.is_some();
                    if !bounded {
                        assert_eq!(
                            first.unwrap_err().code(),
                            "invalid_argument",
                            "{created:?} {expires:?} {max_age:?}"
                        );
                        continue;
                    }
                    first.expect("first use verifies");
                    // Replay at every later time: refused while the signature
                    // is still accepted at all (never accepted a second time).
                    for later in [1011, 1400, 1600, 2000, 50_000, 99_000, 200_000, 2_000_000] {
                        let accepted =
                            verify_message(&signed.message, &pubkey, &policy, later, None, None).is_ok();
                        let replay =
                            verify_message(&signed.message, &pubkey, &policy, later, Some(&mut store), None);
                        if accepted {
                            assert_eq!(
                                replay.unwrap_err().code(),
                                "replayed_nonce",
                                "replayed at {later}: {created:?} {expires:?} {max_age:?}"
                            );
                        } else {
                            assert!(replay.is_err());
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn sign_verify_and_the_negative_paths() {
        let key = Key::from_test_seed(Algorithm::Ed25519, b"k").expect("key");
        let signed = sign_request(&request(), &key, &params()).expect("signs");
        let pubkey = key.public_key().expect("pub");
        let policy = VerificationPolicy::default();
        let mut store = MemoryNonceStore::new(4);
        verify_message(&signed.message, &pubkey, &policy, 1010, Some(&mut store), None).expect("verifies");
        let again = verify_message(&signed.message, &pubkey, &policy, 1011, Some(&mut store), None);
        assert_eq!(again.unwrap_err().code(), "replayed_nonce");

        let mut tampered = signed.message.clone();
        tampered.body[3] ^= 1;
        let e = verify_message(&tampered, &pubkey, &policy, 1010, None, None).unwrap_err();
        assert_eq!(e.code(), "digest_mismatch");

        let mut tampered = signed.message.clone();
        tampered.remove_header("content-type");
        tampered.push_header("Content-Type", "text/plain");
        let e = verify_message(&tampered, &pubkey, &policy, 1010, None, None).unwrap_err();
        assert_eq!(e.code(), "signature_invalid");

        assert_eq!(
            verify_message(&signed.message, &pubkey, &policy, 2000, None, None).unwrap_err().code(),
            "expired"
        );
        assert_eq!(
            verify_message(&signed.message, &pubkey, &policy, 100, None, None).unwrap_err().code(),
            "created_in_future"
        );
        let strict = VerificationPolicy { required_components: vec!["@target-uri".into()], ..policy.clone() };
        assert_eq!(
            verify_message(&signed.message, &pubkey, &strict, 1010, None, None).unwrap_err().code(),
            "component_not_covered"
        );
        let other = Key::from_test_seed(Algorithm::Ed25519, b"other").expect("other");
        assert_eq!(
            verify_message(&signed.message, &other, &policy, 1010, None, None).unwrap_err().code(),
            "signature_invalid"
        );
        let hmac = Key::from_hmac_secret(b"0123456789abcdef0123456789abcdef").expect("hmac");
        let with_alg = SignatureParams { alg: Some(Algorithm::HmacSha256), label: "h".into(), ..params() };
        let signed2 = sign_request(&signed.message, &hmac, &with_alg).expect("second signature");
        let p = VerificationPolicy { label: Some("h".into()), ..policy.clone() };
        verify_message(&signed2.message, &hmac, &p, 1010, None, None).expect("hmac label verifies");
        assert_eq!(
            verify_message(&signed2.message, &pubkey, &p, 1010, None, None).unwrap_err().code(),
            "key_algorithm_mismatch"
        );
        assert_eq!(list_signatures(&signed2.message).expect("list").len(), 2);
        assert_eq!(sign_request(&signed2.message, &hmac, &with_alg).unwrap_err().code(), "duplicate_label");
    }

    #[test]
    fn uncovered_body_is_refused_unless_allowed() {
        let key = Key::from_test_seed(Algorithm::Ed25519, b"k").expect("key");
        let p = SignatureParams { content_digest: None, ..params() };
        let signed = sign_request(&request(), &key, &p).expect("signs");
        let policy = VerificationPolicy::default();
        assert_eq!(
            verify_message(&signed.message, &key, &policy, 1000, None, None).unwrap_err().code(),
            "body_not_covered"
        );
        let lax = VerificationPolicy { allow_uncovered_body: true, ..policy };
        verify_message(&signed.message, &key, &lax, 1000, None, None).expect("allowed");
    }

    #[test]
    fn external_signer_flow_with_der_signature() {
        let key = Key::from_test_seed(Algorithm::Sm2Sm3, b"sm2").expect("key");
        let p = SignatureParams { alg: Some(Algorithm::Sm2Sm3), ..params() };
        let prepared = prepare_signature(&request(), &p, None).expect("prepares");
        let raw = key.sign(&prepared.base).expect("external signer");
        let der = super::super::der::ecdsa_signature_to_der(&raw).expect("der");
        let signed = finish_signature(&request(), &prepared, &der, None).expect("finishes");
        verify_message(
            &signed.message,
            &key.public_key().expect("pub"),
            &VerificationPolicy::default(),
            1000,
            None,
            None,
        )
        .expect("verifies");
        let mut changed = request();
        changed.push_header("Content-Type", "text/plain");
        assert_eq!(
            finish_signature(&changed, &prepared, &raw, None).unwrap_err().code(),
            "prepared_signature_stale"
        );
    }

    #[test]
    fn nonce_store_is_bounded_and_fails_closed() {
        let mut s = MemoryNonceStore::new(2);
        assert!(s.check_and_insert("k", "a", 10, 0).expect("a"));
        assert!(s.check_and_insert("k", "b", 10, 0).expect("b"));
        assert_eq!(s.check_and_insert("k", "c", 10, 0).unwrap_err().code(), "nonce_store_full");
        assert!(s.check_and_insert("k", "c", 30, 20).expect("expired ones are dropped"));
        assert!(!s.check_and_insert("k", "c", 30, 21).expect("replay"));
        assert!(s.check_and_insert("j", "c", 30, 21).is_ok_and(|fresh| fresh) || s.len() == 2);
    }

    #[test]
    fn component_lists_read_as_written() {
        let list = |t: &str| parse_component_list(t).expect(t);
        let want = vec!["\"@method\"".to_owned(), "\"@authority\"".to_owned()];
        assert_eq!(list(r#""@method" "@authority""#), want);
        assert_eq!(list(r#""@method","@authority""#), want);
        assert_eq!(list(" @method ,\t@authority\n"), want);
        assert_eq!(list("Content-Type content-digest"), ["\"content-type\"", "\"content-digest\""]);
        // Quoted strings keep their spaces, commas and escapes.
        assert_eq!(
            list(r#""@query-param";name="a b,c" "x-h";key="k""#),
            [r#""@query-param";name="a b,c""#, r#""x-h";key="k""#]
        );
        assert_eq!(
            list(r#""signature";req;key="sig1" "@method";req"#),
            [r#""signature";req;key="sig1""#, r#""@method";req"#]
        );
        // What the list gives, signing takes and covers in that order.
        let key = Key::from_test_seed(Algorithm::Ed25519, b"k").expect("key");
        let components = list(r#""@method","@authority" Content-Type"#);
        let p = SignatureParams { components: components.clone(), ..params() };
        let signed = sign_request(&request(), &key, &p).expect("signs");
        let info = list_signatures(&signed.message).expect("lists").remove(0);
        assert_eq!(info.components[..3], components[..]);
    }

    #[test]
    fn component_lists_refuse_what_they_cannot_read() {
        let code = |t: &str| parse_component_list(t).unwrap_err().code();
        // Nothing named.
        for empty in ["", "   ", ",", " , ,\t"] {
            assert_eq!(code(empty), "invalid_argument", "{empty:?}");
        }
        // The same component twice, however spelled.
        assert_eq!(code(r#""@method" @method"#), "invalid_component");
        assert_eq!(code("Content-Type,content-type"), "invalid_component");
        assert_eq!(code(r#""@query-param";name="a" "@query-param";name="a""#), "invalid_component");
        // Unknown or unusable identifiers.
        for bad in [
            "@foo",
            "@signature-params",
            r#""@method";foo"#,
            "@query-param",
            r#""@query-param";name=1"#,
            r#""@method";name="a""#,
            r#""@path";sf"#,
            r#""x-h";bs;sf"#,
            r#""x-h";key=1"#,
            r#""x-h";tr"#,
            r#""x-h";req=1"#,
            r#""a:b""#,
            r#""""#,
        ] {
            assert!(
                matches!(code(bad), "invalid_component" | "malformed_structured_field"),
                "{bad}: {}",
                code(bad)
            );
        }
        // Unclosed quotes, stray characters, other scripts.
        assert_eq!(code(r#""@method" "@path"#), "malformed_structured_field");
        assert_eq!(code(r#""@method\""#), "malformed_structured_field");
        assert_eq!(code(r#""@method"x"#), "malformed_structured_field");
        assert!(parse_component_list("＠method").is_err());
        assert!(parse_component_list("\"@méthod\"").is_err());
        // Odd input is an error or a list, never a panic.
        for odd in ["\"", "\\", ";", "\"a\\", "(\"@method\")", "@method;;", "\u{0}", "é,é", "\"\u{7f}\""] {
            let _ = parse_component_list(odd);
        }
    }

    #[test]
    fn verification_failures_are_told_from_the_verifiers_own_faults() {
        let key = Key::from_test_seed(Algorithm::Ed25519, b"k").expect("key");
        let public = key.public_key().expect("pub");
        let signed = sign_request(&request(), &key, &params()).expect("signs").message;
        let policy = VerificationPolicy::default();
        let failure = |m: &HttpMessage, k: &Key, p: &VerificationPolicy| {
            let e = verify_message(m, k, p, 1000, None, None).unwrap_err();
            (is_verification_failure(&e), e.code())
        };
        // The message does not verify: a failed verdict.
        let other =
            Key::from_test_seed(Algorithm::Ed25519, b"other").expect("other").public_key().expect("pub");
        assert_eq!(failure(&signed, &other, &policy), (true, "signature_invalid"));
        let mut tampered = signed.clone();
        tampered.body = br#"{"hello": "there"}"#.to_vec();
        assert_eq!(failure(&tampered, &public, &policy), (true, "digest_mismatch"));
        assert_eq!(failure(&request(), &public, &policy), (true, "label_not_found"));
        let late = VerificationPolicy { max_age_seconds: Some(0), clock_skew_seconds: 0, ..policy.clone() };
        let e = verify_message(&signed, &public, &late, 2000, None, None).unwrap_err();
        assert_eq!((is_verification_failure(&e), e.code()), (true, "expired"));
        let required = parse_component_list("@path").expect("list");
        let demanding = VerificationPolicy { required_components: required, ..policy.clone() };
        assert_eq!(failure(&signed, &public, &demanding), (true, "component_not_covered"));
        let mut garbled = signed.clone();
        garbled.remove_header("signature-input");
        garbled.push_header("Signature-Input", "sig1=(\"@method\";created=1000");
        assert!(failure(&garbled, &public, &policy).0);
        let with_alg = SignatureParams { alg: Some(Algorithm::Ed25519), ..params() };
        let named = sign_request(&request(), &key, &with_alg).expect("signs").message;
        let hmac = Key::from_hmac_secret(b"0123456789abcdef0123456789abcdef").expect("hmac");
        assert_eq!(failure(&named, &hmac, &policy), (true, "key_algorithm_mismatch"));
        // The verifier's own inputs: an error, not a verdict.
        let mut store = MemoryNonceStore::new(4);
        let forever = VerificationPolicy { max_age_seconds: None, ..policy.clone() };
        let e = verify_message(&signed, &public, &forever, 1000, Some(&mut store), None).unwrap_err();
        assert_eq!((is_verification_failure(&e), e.code()), (false, "invalid_argument"));
        for own in [
            Error::NonceStoreFull { capacity: 1 },
            Error::RandomUnavailable,
            Error::InvalidKey { detail: "x".into() },
            Error::SymmetricKeyRefused,
            Error::PublicKeyOnly { algorithm: "ed25519".into() },
        ] {
            assert!(!is_verification_failure(&own), "{}", own.code());
        }
    }
}
