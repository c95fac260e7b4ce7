//! The x-tif gateway family, de-facto, as deployed (domain digest §7).
//!
//! - The caller sends `x-tif-paasid`, `x-tif-timestamp` (Unix seconds),
//!   `x-tif-nonce`, `x-tif-signature` = hex SHA-256 of `timestamp +
//!   paasToken + nonce + timestamp`, and optionally `x-tif-serviceId`.
//! - **Case differs by deployment**: Beijing, Guangdong/Shantou and the
//!   数据中台 mode send UPPERCASE hex (the default here, [`HexCase::Upper`]);
//!   some C# clients send lowercase ([`HexCase::Lower`]). One server compares
//!   case-insensitively, another case-sensitively, so the sender chooses; the
//!   verifiers here accept either case (never a mixture, never non-hex).
//! - Test environments use the prefix `x-rio-` ([`XTifPrefix::Rio`]).
//! - Servers allow about 180 s of clock drift ([`XTIF_DEFAULT_WINDOW_SECONDS`]);
//!   a request outside the window is `clock_skew`, with the measured offset,
//!   never a bare "bad signature".
//! - A gateway forwarding an authenticated user adds `x-tif-uid`,
//!   `x-tif-uinfo`, `x-tif-ext`; the backend checks SHA-256 of `timestamp +
//!   token + nonce + "," + uid + "," + uinfo + "," + ext + timestamp`
//!   (uppercase): [`xtif_user_signature`], [`verify_xtif_user`].
//!
//! Time is always a parameter (`timestamp`, `now`): nothing here reads a clock.

use sm2::elliptic_curve::subtle::ConstantTimeEq;

use crate::encoding::hex;
use crate::http_message::HttpMessage;
use crate::names::named_enum;
use crate::Error;

/// Servers of the x-tif family allow about this much clock drift, seconds.
pub const XTIF_DEFAULT_WINDOW_SECONDS: u64 = 180;

/// The case of a hex signature a sender writes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum HexCase {
    /// `0-9A-F`: Beijing, Guangdong/Shantou, the 数据中台 mode (most deployments).
    #[default]
    Upper,
    /// `0-9a-f`: some C# clients.
    Lower,
}

named_enum!(HexCase, "case" { Upper = "upper", Lower = "lower" });

impl HexCase {
    fn write(self, bytes: &[u8]) -> String {
        match self {
            HexCase::Lower => hex(bytes),
            HexCase::Upper => hex(bytes).to_ascii_uppercase(),
        }
    }
}

/// The header prefix: `x-tif-` in production, `x-rio-` in test environments.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum XTifPrefix {
    /// `x-tif-…` (production).
    #[default]
    Tif,
    /// `x-rio-…` (test environments).
    Rio,
}

named_enum!(XTifPrefix, "prefix" { Tif = "tif", Rio = "rio" });

impl XTifPrefix {
    /// `x-tif-` or `x-rio-`.
    pub fn header_prefix(self) -> &'static str {
        match self {
            XTifPrefix::Tif => "x-tif-",
            XTifPrefix::Rio => "x-rio-",
        }
    }

    /// The full header name, e.g. `x-rio-nonce` for `nonce`.
    pub fn header(self, name: &str) -> String {
        format!("{}{name}", self.header_prefix())
    }
}

/// How [`sign_xtif`] writes its headers. The default is what most
/// deployments expect: UPPERCASE hex, `x-tif-` headers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct XTifOptions {
    pub case: HexCase,
    pub prefix: XTifPrefix,
}

/// How [`verify_xtif`] and [`verify_xtif_user`] read a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct XTifVerifyOptions {
    /// Which headers to read (default `x-tif-`).
    pub prefix: XTifPrefix,
    /// The largest |timestamp − now| accepted, seconds (default 180); equal passes.
    pub window_seconds: u64,
}

impl Default for XTifVerifyOptions {
    fn default() -> Self {
        XTifVerifyOptions { prefix: XTifPrefix::Tif, window_seconds: XTIF_DEFAULT_WINDOW_SECONDS }
    }
}

/// What a verified x-tif request said.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct XTifVerified {
    pub paas_id: String,
    /// The sender's Unix seconds.
    pub timestamp: i64,
    pub nonce: String,
    pub service_id: Option<String>,
    /// The case the sender wrote (`upper` when the signature has no letter at all).
    pub case: HexCase,
    /// The sender's time minus `now`, seconds: positive when the sender is ahead.
    pub offset_seconds: i64,
}

/// What a verified gateway-forwarded user request said.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct XTifUserVerified {
    pub uid: String,
    /// As the gateway sent it (often URL-encoded); empty when absent.
    pub uinfo: String,
    /// Empty when absent.
    pub ext: String,
    pub timestamp: i64,
    pub nonce: String,
    pub case: HexCase,
    pub offset_seconds: i64,
}

fn sha256(parts: &[&str]) -> Vec<u8> {
    let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
    for part in parts {
        ctx.update(part.as_bytes());
    }
    ctx.finish().as_ref().to_vec()
}

/// The x-tif signature: hex SHA-256 of `timestamp + paasToken + nonce + timestamp`, in `case`.
pub fn xtif_signature(timestamp: &str, paas_token: &str, nonce: &str, case: HexCase) -> String {
    case.write(&sha256(&[timestamp, paas_token, nonce, timestamp]))
}

/// The backend's check value for a gateway-forwarded user: UPPERCASE hex
/// SHA-256 of `timestamp + token + nonce + "," + uid + "," + uinfo + "," + ext + timestamp`.
pub fn xtif_user_signature(
    timestamp: &str,
    token: &str,
    nonce: &str,
    uid: &str,
    uinfo: &str,
    ext: &str,
) -> String {
    HexCase::Upper.write(&sha256(&[timestamp, token, nonce, ",", uid, ",", uinfo, ",", ext, timestamp]))
}

const XTIF_NAMES: [&str; 5] = ["paasid", "timestamp", "nonce", "signature", "serviceid"];

/// Adds `x-tif-paasid`, `x-tif-timestamp` (Unix seconds), `x-tif-nonce`,
/// `x-tif-signature` (and `x-tif-serviceId` when given) — `x-rio-…` with
/// [`XTifPrefix::Rio`] — replacing any present under either prefix. The
/// caller supplies the time and a fresh nonce.
pub fn sign_xtif(
    message: &HttpMessage,
    paas_id: &str,
    paas_token: &str,
    timestamp: i64,
    nonce: &str,
    service_id: Option<&str>,
    options: XTifOptions,
) -> Result<HttpMessage, Error> {
    for (name, v) in [("paas_id", paas_id), ("nonce", nonce)] {
        if v.is_empty() || v.bytes().any(|b| !(0x21..=0x7e).contains(&b)) {
            return Err(Error::InvalidArgument {
                name: name.into(),
                detail: "must be non-empty visible ASCII".into(),
            });
        }
    }
    let ts = timestamp.to_string();
    let p = options.prefix;
    let mut m = message.clone();
    for prefix in XTifPrefix::ALL {
        for h in XTIF_NAMES {
            m.remove_header(&prefix.header(h));
        }
    }
    m.push_header(p.header("paasid"), paas_id);
    m.push_header(p.header("timestamp"), ts.clone());
    m.push_header(p.header("nonce"), nonce);
    m.push_header(p.header("signature"), xtif_signature(&ts, paas_token, nonce, options.case));
    if let Some(s) = service_id {
        m.push_header(p.header("serviceId"), s);
    }
    Ok(m)
}

/// The one value of a header, `None` when absent; twice is an error.
fn one_header<'a>(m: &'a HttpMessage, name: &str) -> Result<Option<&'a str>, Error> {
    let mut values = m.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str());
    let first = values.next();
    if values.next().is_some() {
        return Err(Error::GatewayHeaderDuplicated { header: name.to_owned() });
    }
    Ok(first)
}

fn required<'a>(m: &'a HttpMessage, name: &str) -> Result<&'a str, Error> {
    one_header(m, name)?.ok_or_else(|| Error::GatewayHeaderMissing { header: name.to_owned() })
}

/// Reads the timestamp (plain decimal Unix seconds) and checks it is within
/// the window of `now`; returns it and the offset.
fn check_time(header: &str, value: &str, now: i64, window_seconds: u64) -> Result<(i64, i64), Error> {
    let invalid = || Error::GatewayTimestampInvalid { header: header.to_owned() };
    if value.is_empty() || value.len() > 18 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    let timestamp: i64 = value.parse().map_err(|_| invalid())?;
    let offset = i128::from(timestamp) - i128::from(now);
    let offset_seconds = i64::try_from(offset).unwrap_or(if offset < 0 { i64::MIN } else { i64::MAX });
    if offset.unsigned_abs() > u128::from(window_seconds) {
        return Err(Error::ClockSkew { offset_seconds, window_seconds });
    }
    Ok((timestamp, offset_seconds))
}

/// Compares a received hex signature with the expected digest in constant
/// time. Either case is accepted; a mixture of cases, a wrong length or a
/// non-hex character is not.
fn check_signature(header: &str, received: &str, expected: &[u8]) -> Result<HexCase, Error> {
    let b = received.as_bytes();
    let has_upper = b.iter().any(|c| matches!(c, b'A'..=b'F'));
    let has_lower = b.iter().any(|c| matches!(c, b'a'..=b'f'));
    if b.len() != 2 * expected.len() || !b.iter().all(u8::is_ascii_hexdigit) || (has_upper && has_lower) {
        return Err(Error::GatewaySignatureMismatch {
            header: header.to_owned(),
            detail: format!("is not {} hex digits of one case", 2 * expected.len()),
        });
    }
    let expected_lower = hex(expected);
    let received_lower = received.to_ascii_lowercase();
    if bool::from(received_lower.as_bytes().ct_eq(expected_lower.as_bytes())) {
        Ok(if has_lower { HexCase::Lower } else { HexCase::Upper })
    } else {
        Err(Error::GatewaySignatureMismatch {
            header: header.to_owned(),
            detail: "does not match (another token, or the signed headers were changed)".into(),
        })
    }
}

/// The receiving side (a backend behind the gateway, a sandbox): checks an
/// x-tif request's headers against `paas_token` at `now` (Unix seconds).
///
/// In order: `paasid`, `timestamp`, `nonce`, `signature` present and single,
/// `serviceId` at most once (`gateway_header_missing` /
/// `gateway_header_duplicated`); the timestamp plain decimal
/// (`gateway_timestamp_invalid`) and within the window (`clock_skew`, giving
/// the offset); the signature upper or lower hex and equal, compared in
/// constant time (`gateway_signature_mismatch`). No error carries the token.
/// The scheme covers no method, path or body: a copy replays within the window.
pub fn verify_xtif(
    message: &HttpMessage,
    paas_token: &str,
    now: i64,
    options: XTifVerifyOptions,
) -> Result<XTifVerified, Error> {
    let p = options.prefix;
    let paas_id = required(message, &p.header("paasid"))?;
    let ts_header = p.header("timestamp");
    let ts_text = required(message, &ts_header)?;
    let nonce = required(message, &p.header("nonce"))?;
    let sig_header = p.header("signature");
    let signature = required(message, &sig_header)?;
    let service_id = one_header(message, &p.header("serviceId"))?;
    let (timestamp, offset_seconds) = check_time(&ts_header, ts_text, now, options.window_seconds)?;
    let expected = sha256(&[ts_text, paas_token, nonce, ts_text]);
    let case = check_signature(&sig_header, signature, &expected)?;
    Ok(XTifVerified {
        paas_id: paas_id.to_owned(),
        timestamp,
        nonce: nonce.to_owned(),
        service_id: service_id.map(str::to_owned),
        case,
        offset_seconds,
    })
}

/// The backend check of a gateway-forwarded user: `timestamp`, `nonce`,
/// `signature` and `uid` present and single, `uinfo` and `ext` at most once
/// (absent reads as empty), then the same clock window and constant-time
/// comparison as [`verify_xtif`] against [`xtif_user_signature`] (either case).
pub fn verify_xtif_user(
    message: &HttpMessage,
    token: &str,
    now: i64,
    options: XTifVerifyOptions,
) -> Result<XTifUserVerified, Error> {
    let p = options.prefix;
    let ts_header = p.header("timestamp");
    let ts_text = required(message, &ts_header)?;
    let nonce = required(message, &p.header("nonce"))?;
    let sig_header = p.header("signature");
    let signature = required(message, &sig_header)?;
    let uid = required(message, &p.header("uid"))?;
    let uinfo = one_header(message, &p.header("uinfo"))?.unwrap_or("");
    let ext = one_header(message, &p.header("ext"))?.unwrap_or("");
    let (timestamp, offset_seconds) = check_time(&ts_header, ts_text, now, options.window_seconds)?;
    let expected = sha256(&[ts_text, token, nonce, ",", uid, ",", uinfo, ",", ext, ts_text]);
    let case = check_signature(&sig_header, signature, &expected)?;
    Ok(XTifUserVerified {
        uid: uid.to_owned(),
        uinfo: uinfo.to_owned(),
        ext: ext.to_owned(),
        timestamp,
        nonce: nonce.to_owned(),
        case,
        offset_seconds,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lower_sha(text: &str) -> String {
        hex(ring::digest::digest(&ring::digest::SHA256, text.as_bytes()).as_ref())
    }

    fn signed(options: XTifOptions) -> HttpMessage {
        sign_xtif(
            &HttpMessage::request("GET", "https://g/x"),
            "pid",
            "token",
            1_700_000_000,
            "abc",
            Some("svc"),
            options,
        )
        .expect("signs")
    }

    #[test]
    fn names_match_serde() {
        crate::names::assert_names_match_serde(HexCase::ALL, HexCase::as_str);
        crate::names::assert_names_match_serde(XTifPrefix::ALL, XTifPrefix::as_str);
        assert_eq!("lower".parse::<HexCase>().expect("name"), HexCase::Lower);
        assert_eq!("Upper".parse::<HexCase>().unwrap_err().code(), "invalid_argument");
    }

    #[test]
    fn xtif_matches_the_formula_uppercase_by_default() {
        let lower = lower_sha("1700000000tokenabc1700000000");
        assert_eq!(xtif_signature("1700000000", "token", "abc", HexCase::Lower), lower);
        assert_eq!(xtif_signature("1700000000", "token", "abc", HexCase::Upper), lower.to_ascii_uppercase());
        let m = signed(XTifOptions::default());
        assert_eq!(m.header_values("x-tif-signature").next(), Some(lower.to_ascii_uppercase().as_str()));
        let m = signed(XTifOptions { case: HexCase::Lower, prefix: XTifPrefix::Rio });
        assert_eq!(m.header_values("x-rio-signature").next(), Some(lower.as_str()));
        assert_eq!(m.header_values("x-tif-signature").count(), 0);
        // Re-signing under the other prefix leaves no header of the first.
        let again = sign_xtif(&m, "pid", "token", 1, "n", None, XTifOptions::default()).expect("signs");
        assert!(again.headers.iter().all(|(n, _)| !n.starts_with("x-rio-")));
    }

    #[test]
    fn the_verifier_accepts_either_case_within_the_window_and_says_why_not() {
        let opts = XTifVerifyOptions::default();
        for case in HexCase::ALL {
            let m = signed(XTifOptions { case: *case, prefix: XTifPrefix::Tif });
            let v = verify_xtif(&m, "token", 1_700_000_180, opts).expect("at the edge");
            assert_eq!((v.case, v.offset_seconds, v.service_id.as_deref()), (*case, -180, Some("svc")));
            assert_eq!(verify_xtif(&m, "token", 1_699_999_820, opts).expect("edge").offset_seconds, 180);
            let e = verify_xtif(&m, "token", 1_700_000_181, opts).unwrap_err();
            assert_eq!(e, Error::ClockSkew { offset_seconds: -181, window_seconds: 180 });
            assert!(e.to_string().contains("-181 s"), "{e}");
            let e = verify_xtif(&m, "tokeN", 1_700_000_000, opts).unwrap_err();
            assert_eq!(e.code(), "gateway_signature_mismatch");
            assert!(!e.to_string().contains("tokeN") && !e.message_zh().contains("tokeN"));
        }
        let wide = XTifVerifyOptions { window_seconds: 600, ..opts };
        assert!(verify_xtif(&signed(XTifOptions::default()), "token", 1_700_000_600, wide).is_ok());
        let rio = signed(XTifOptions { prefix: XTifPrefix::Rio, ..Default::default() });
        assert_eq!(
            verify_xtif(&rio, "token", 1_700_000_000, opts).unwrap_err().code(),
            "gateway_header_missing"
        );
        assert!(verify_xtif(
            &rio,
            "token",
            1_700_000_000,
            XTifVerifyOptions { prefix: XTifPrefix::Rio, ..opts }
        )
        .is_ok());
    }

    #[test]
    fn malformed_headers_are_coded() {
        let opts = XTifVerifyOptions::default();
        let good = signed(XTifOptions::default());
        let sig = good.header_values("x-tif-signature").next().expect("sig").to_owned();
        let with = |name: &str, value: &str| {
            let mut m = good.clone();
            m.remove_header(name);
            m.push_header(name, value);
            m
        };
        let code = |m: &HttpMessage| verify_xtif(m, "token", 1_700_000_000, opts).unwrap_err().code();
        let mut mixed = sig.clone();
        mixed.replace_range(..1, &mixed[..1].to_ascii_lowercase());
        if mixed == sig {
            // The first digit is a number: lower the first letter instead.
            let at = sig.find(|c: char| c.is_ascii_uppercase()).expect("a letter");
            mixed.replace_range(at..=at, &sig[at..=at].to_ascii_lowercase());
        }
        assert_eq!(code(&with("x-tif-signature", &mixed)), "gateway_signature_mismatch");
        assert_eq!(code(&with("x-tif-signature", &format!("{}G", &sig[..63]))), "gateway_signature_mismatch");
        assert_eq!(code(&with("x-tif-signature", &sig[..62])), "gateway_signature_mismatch");
        for bad in ["+1700000000", "1700000000.0", " 1700000000", "-5", "", "99999999999999999999"] {
            assert_eq!(code(&with("x-tif-timestamp", bad)), "gateway_timestamp_invalid", "{bad:?}");
        }
        let mut dup = good.clone();
        dup.push_header("X-Tif-Nonce", "abc");
        assert_eq!(code(&dup), "gateway_header_duplicated");
        let mut missing = good.clone();
        missing.remove_header("x-tif-paasid");
        assert_eq!(code(&missing), "gateway_header_missing");
    }

    #[test]
    fn the_user_check_follows_the_formula() {
        let expect = lower_sha("1700000000tokenabc,u-1,info,ext1700000000").to_ascii_uppercase();
        assert_eq!(xtif_user_signature("1700000000", "token", "abc", "u-1", "info", "ext"), expect);
        let mut m = HttpMessage::request("GET", "https://backend/x");
        for (n, v) in [
            ("x-tif-timestamp", "1700000000"),
            ("x-tif-nonce", "abc"),
            ("x-tif-signature", expect.as_str()),
            ("x-tif-uid", "u-1"),
            ("x-tif-uinfo", "info"),
            ("x-tif-ext", "ext"),
        ] {
            m.push_header(n, v);
        }
        let opts = XTifVerifyOptions::default();
        let v = verify_xtif_user(&m, "token", 1_700_000_010, opts).expect("verifies");
        assert_eq!((v.uid.as_str(), v.offset_seconds, v.case), ("u-1", -10, HexCase::Upper));
        m.remove_header("x-tif-ext");
        assert_eq!(
            verify_xtif_user(&m, "token", 1_700_000_010, opts).unwrap_err().code(),
            "gateway_signature_mismatch"
        );
        m.remove_header("x-tif-uid");
        assert_eq!(
            verify_xtif_user(&m, "token", 1_700_000_010, opts).unwrap_err().code(),
            "gateway_header_missing"
        );
    }
}
