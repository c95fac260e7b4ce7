//! Legacy gateway signatures departments must still send.
//!
//! **Their strength is the gateway's, not ours.** Both are keyed hashes of a
//! shared secret and a timestamp (no body, no method, no path): anyone who
//! sees one request can replay it within the gateway's time window, and MD5
//! is broken. Use them because the gateway demands them, alongside an RFC
//! 9421 signature where the receiver supports it.

use md5::{Digest, Md5};

use super::base::form_encode;
use crate::encoding::hex;
use crate::http_message::{HttpMessage, StartLine};
use crate::Error;

/// The x-tif signature: lowercase hex SHA-256 of `timestamp + paasToken + nonce + timestamp`.
pub fn xtif_signature(timestamp: &str, paas_token: &str, nonce: &str) -> String {
    let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
    for part in [timestamp, paas_token, nonce, timestamp] {
        ctx.update(part.as_bytes());
    }
    hex(ctx.finish().as_ref())
}

/// Adds `x-tif-paasid`, `x-tif-timestamp` (Unix seconds), `x-tif-nonce`,
/// `x-tif-signature` (and `x-tif-serviceId` when given), replacing any
/// present. The caller supplies the time and a fresh nonce.
pub fn sign_xtif(
    message: &HttpMessage,
    paas_id: &str,
    paas_token: &str,
    timestamp: i64,
    nonce: &str,
    service_id: Option<&str>,
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
    let mut m = message.clone();
    for h in ["x-tif-paasid", "x-tif-timestamp", "x-tif-nonce", "x-tif-signature", "x-tif-serviceid"] {
        m.remove_header(h);
    }
    m.push_header("x-tif-paasid", paas_id);
    m.push_header("x-tif-timestamp", ts.clone());
    m.push_header("x-tif-nonce", nonce);
    m.push_header("x-tif-signature", xtif_signature(&ts, paas_token, nonce));
    if let Some(s) = service_id {
        m.push_header("x-tif-serviceId", s);
    }
    Ok(m)
}

/// The Zhejiang IRS `sign`: lowercase hex MD5 of `appKey + requestSecret + requestTime`.
pub fn irs_signature(app_key: &str, request_secret: &str, request_time: &str) -> String {
    let mut h = Md5::new();
    for part in [app_key, request_secret, request_time] {
        h.update(part.as_bytes());
    }
    hex(&h.finalize())
}

/// Where the IRS parameters go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum IrsPlacement {
    /// `?appKey=…&requestTime=…&sign=…` appended to the target (the gateway's documented form).
    Query,
    /// Headers `appKey`, `requestTime`, `sign`.
    Headers,
}

/// Adds `appKey`, `requestTime` (ms since the epoch) and `sign`, replacing
/// any present, as query parameters or headers.
pub fn sign_irs(
    message: &HttpMessage,
    app_key: &str,
    request_secret: &str,
    request_time_ms: i64,
    placement: IrsPlacement,
) -> Result<HttpMessage, Error> {
    if app_key.is_empty() {
        return Err(Error::InvalidArgument { name: "app_key".into(), detail: "is empty".into() });
    }
    let time = request_time_ms.to_string();
    let sign = irs_signature(app_key, request_secret, &time);
    let names = ["appKey", "requestTime", "sign"];
    let mut m = message.clone();
    match placement {
        IrsPlacement::Headers => {
            for n in names {
                m.remove_header(n);
            }
            m.push_header("appKey", app_key);
            m.push_header("requestTime", time);
            m.push_header("sign", sign);
        }
        IrsPlacement::Query => {
            let StartLine::Request { target, .. } = &mut m.start else {
                return Err(Error::InvalidArgument {
                    name: "message".into(),
                    detail: "must be a request".into(),
                });
            };
            let (before_frag, frag) = match target.split_once('#') {
                Some((a, f)) => (a.to_owned(), Some(f.to_owned())),
                None => (target.clone(), None),
            };
            let (path, query) =
                before_frag.split_once('?').map_or((before_frag.as_str(), ""), |(p, q)| (p, q));
            let mut parts: Vec<String> = query
                .split('&')
                .filter(|p| !p.is_empty())
                .filter(|p| !names.contains(&p.split('=').next().unwrap_or("")))
                .map(str::to_owned)
                .collect();
            parts.push(format!("appKey={}", form_encode(app_key)));
            parts.push(format!("requestTime={time}"));
            parts.push(format!("sign={sign}"));
            let mut t = format!("{path}?{}", parts.join("&"));
            if let Some(f) = frag {
                t.push('#');
                t.push_str(&f);
            }
            *target = t;
        }
    }
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xtif_matches_the_formula() {
        let expect =
            hex(ring::digest::digest(&ring::digest::SHA256, b"1700000000tokenabc1700000000").as_ref());
        assert_eq!(xtif_signature("1700000000", "token", "abc"), expect);
        let m = sign_xtif(
            &HttpMessage::request("GET", "https://g/x"),
            "pid",
            "token",
            1_700_000_000,
            "abc",
            None,
        )
        .expect("signs");
        assert_eq!(m.header_values("x-tif-signature").next(), Some(expect.as_str()));
    }

    #[test]
    fn irs_query_and_headers() {
        // md5("keysecret1700000000000")
        let s = irs_signature("key", "secret", "1700000000000");
        assert_eq!(s.len(), 32);
        let m = sign_irs(
            &HttpMessage::request("GET", "https://g/api?a=1&sign=old"),
            "key",
            "secret",
            1_700_000_000_000,
            IrsPlacement::Query,
        )
        .expect("signs");
        let StartLine::Request { target, .. } = &m.start else { panic!("request") };
        assert_eq!(target, &format!("https://g/api?a=1&appKey=key&requestTime=1700000000000&sign={s}"));
        let h = sign_irs(
            &HttpMessage::request("GET", "https://g/api"),
            "key",
            "secret",
            1_700_000_000_000,
            IrsPlacement::Headers,
        )
        .expect("signs");
        assert_eq!(h.header_values("sign").next(), Some(s.as_str()));
    }
}
