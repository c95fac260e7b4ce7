//! Gateway schemes departments must send and check today: de-facto, as
//! deployed (domain digest §7), not a published national specification.
//!
//! - [`xtif`]: the x-tif gateway family (里约; Beijing 京通, Guangdong
//!   政务大数据中心, others): signing with UPPERCASE (default) or lowercase
//!   hex, the `x-rio-` test prefix, the receiving side's verifier with its
//!   clock window, and the backend check of `x-tif-uid`/`-uinfo`/`-ext`.
//! - [`guangdong`]: the Guangdong 政务大数据中心 body with its `audit_info`
//!   block, and the 数据中台 `orgSign`.
//! - The Zhejiang IRS `sign` (below).
//!
//! **Their strength is the gateway's, not ours.** All are keyed hashes of a
//! shared secret and a timestamp (no body, no method, no path): anyone who
//! sees one request can replay it within the gateway's time window, and MD5
//! is broken. Use them because the gateway demands them, alongside an RFC
//! 9421 signature where the receiver supports it.

use md5::{Digest, Md5};

use super::base::form_encode;
use crate::encoding::hex;
use crate::http_message::{HttpMessage, StartLine};
use crate::Error;

pub mod guangdong;
pub mod xtif;

pub use guangdong::{
    guangdong_body, org_sign, org_sign_cur_time, GuangdongAuditInfo, GuangdongRequest, OrgSign,
};
pub use xtif::{
    sign_xtif, verify_xtif, verify_xtif_user, xtif_signature, xtif_user_signature, HexCase, XTifOptions,
    XTifPrefix, XTifUserVerified, XTifVerified, XTifVerifyOptions, XTIF_DEFAULT_WINDOW_SECONDS,
};

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
